/* Command-line parsing: options anywhere, command words kept in order, errors named. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "cli_options.h"

#define PARSE(o, err, ...) parse_argv((char *[]){"omrs-console", __VA_ARGS__, NULL}, o, err)

static int parse_argv(char **argv, omrs_cli_options *o, omrs_error *err)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    return omrs_cli_parse(argc, argv, o, err);
}

static void test_connection_flags(void **state)
{
    (void)state;
    omrs_cli_options o;
    omrs_error err = {0};
    assert_int_equal(PARSE(&o, &err, "-h", "db", "-P", "3307", "-S", "/s.sock", "-u", "me", "-D", "om",
                           "--defaults-file=/x.cnf", "--defaults-group-suffix", "_b",
                           "--runtime-properties", "/r.properties", "-R", "-p"), 0);
    assert_string_equal(o.conn.host, "db");
    assert_string_equal(o.conn.port, "3307");
    assert_string_equal(o.conn.socket, "/s.sock");
    assert_string_equal(o.conn.user, "me");
    assert_string_equal(o.conn.database, "om");
    assert_string_equal(o.conn.defaults_file, "/x.cnf");
    assert_string_equal(o.conn.group_suffix, "_b");
    assert_string_equal(o.conn.runtime_props, "/r.properties");
    assert_true(o.conn.read_only);
    assert_true(o.conn.prompt_password);
    assert_int_equal(o.word_count, 0);
}

static void test_options_after_command(void **state)
{
    (void)state;
    omrs_cli_options o;
    omrs_error err = {0};
    assert_int_equal(PARSE(&o, &err, "info", "--json", "-uadmin", "--show-config"), 0);
    assert_int_equal(o.word_count, 1);
    assert_string_equal(o.words[0], "info");
    assert_true(o.json);
    assert_true(o.show_config);
    assert_string_equal(o.conn.user, "admin");
}

static void test_password_value_refused(void **state)
{
    (void)state;
    omrs_cli_options o;
    omrs_error err = {0};
    assert_int_equal(PARSE(&o, &err, "-psecret", "info"), -1);
    assert_int_equal(err.code, OMRS_ERR_USAGE);
    assert_null(strstr(err.message, "secret"));
    assert_int_equal(PARSE(&o, &err, "--password=secret"), -1);
    assert_null(strstr(err.message, "secret"));
}

static void test_unknown_and_missing(void **state)
{
    (void)state;
    omrs_cli_options o;
    omrs_error err = {0};
    assert_int_equal(PARSE(&o, &err, "--bogus"), -1);
    assert_string_equal(err.message, "unknown option '--bogus'");
    assert_int_equal(PARSE(&o, &err, "-Rz"), -1);
    assert_string_equal(err.message, "unknown option '-z'");
    assert_int_equal(PARSE(&o, &err, "info", "-u"), -1);
    assert_string_equal(err.message, "option '-u' needs a value");
    assert_int_equal(PARSE(&o, &err, "--database"), -1);
    assert_string_equal(err.message, "option '--database' needs a value");
}

static void test_refresh(void **state)
{
    (void)state;
    omrs_cli_options o;
    omrs_error err = {0};
    assert_int_equal(PARSE(&o, &err, "--refresh", "5"), 0);
    assert_int_equal(o.refresh_seconds, 5);
    assert_int_equal(PARSE(&o, &err, "--refresh=0"), -1);
    assert_int_equal(PARSE(&o, &err, "--refresh=5s"), -1);
}

static void test_help_and_version(void **state)
{
    (void)state;
    omrs_cli_options o;
    omrs_error err = {0};
    assert_int_equal(PARSE(&o, &err, "--help", "info"), 0);
    assert_true(o.help);
    assert_string_equal(o.words[0], "info");
    assert_int_equal(PARSE(&o, &err, "-V"), 0);
    assert_true(o.version);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_connection_flags),
        cmocka_unit_test(test_options_after_command),
        cmocka_unit_test(test_password_value_refused),
        cmocka_unit_test(test_unknown_and_missing),
        cmocka_unit_test(test_refresh),
        cmocka_unit_test(test_help_and_version),
    };
    return cmocka_run_group_tests_name("cli_options", tests, NULL, NULL);
}
