/* Unit tests for connection.url parsing (MySQL Connector/J and MariaDB Connector/J rules). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "jdbcurl.h"

static omrs_jdbc_url parse_ok(const char *url)
{
    omrs_jdbc_url u;
    omrs_error err = {0};
    if (omrs_jdbc_url_parse(url, &u, &err) != 0)
        fail_msg("unexpected error for %s: %s", url, err.message);
    return u;
}

static omrs_error parse_fails(const char *url)
{
    omrs_jdbc_url u;
    omrs_error err = {0};
    if (omrs_jdbc_url_parse(url, &u, &err) != -1)
        fail_msg("expected an error for %s", url);
    assert_int_equal(err.code, OMRS_ERR_PARSE);
    /* a failed parse leaves nothing behind */
    assert_null(u.scheme);
    assert_null(u.host);
    assert_null(u.database);
    assert_int_equal(u.params.count, 0);
    return err;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("\"%s\" does not contain \"%s\"", haystack, needle);
}

static void assert_param(const omrs_jdbc_url *u, size_t index, const char *key, const char *value)
{
    assert_true(index < u->params.count);
    assert_string_equal(u->params.items[index].key, key);
    assert_string_equal(u->params.items[index].value, value);
}

static void assert_host_port(const char *url, const char *host, unsigned port)
{
    omrs_jdbc_url u = parse_ok(url);
    assert_string_equal(u.host, host);
    assert_int_equal(u.port, port);
    omrs_jdbc_url_free(&u);
}

/* ---- the usual cases ---- */

static void test_typical_openmrs_url(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql://localhost:3306/openmrs?autoReconnect=true"
                               "&sessionVariables=default_storage_engine%3DInnoDB"
                               "&useUnicode=true&characterEncoding=UTF-8");
    assert_string_equal(u.scheme, "mysql");
    assert_null(u.mode);
    assert_string_equal(u.host, "localhost");
    assert_int_equal(u.port, 3306);
    assert_string_equal(u.database, "openmrs");
    assert_null(u.user);
    assert_null(u.password);
    assert_int_equal(u.params.count, 4);
    assert_param(&u, 0, "autoReconnect", "true");
    assert_param(&u, 1, "sessionVariables", "default_storage_engine=InnoDB");
    assert_param(&u, 2, "useUnicode", "true");
    assert_param(&u, 3, "characterEncoding", "UTF-8");
    assert_string_equal(omrs_props_get(&u.params, "useUnicode"), "true");
    omrs_jdbc_url_free(&u);
    assert_null(u.host);
}

static void test_default_and_explicit_port(void **state)
{
    (void)state;
    assert_host_port("jdbc:mysql://db.example.org/openmrs", "db.example.org", 3306);
    assert_host_port("jdbc:mysql://10.0.0.5:3307/openmrs", "10.0.0.5", 3307);
    assert_host_port("jdbc:mysql://h:65535/x", "h", 65535);
    assert_host_port("jdbc:mysql://h:1/x", "h", 1);
    assert_host_port("jdbc:mysql://h:/x", "h", 3306); /* empty port: the default */
}

static void test_database_optional(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql://h:3306");
    assert_null(u.database);
    assert_int_equal(u.params.count, 0);
    omrs_jdbc_url_free(&u);
    u = parse_ok("jdbc:mysql://h:3306/");
    assert_null(u.database);
    omrs_jdbc_url_free(&u);
    u = parse_ok("jdbc:mysql://h/?useSSL=false");
    assert_null(u.database);
    assert_param(&u, 0, "useSSL", "false");
    omrs_jdbc_url_free(&u);
    u = parse_ok("jdbc:mysql://h?useSSL=false");
    assert_null(u.database);
    assert_string_equal(u.host, "h");
    assert_param(&u, 0, "useSSL", "false");
    omrs_jdbc_url_free(&u);
}

static void test_empty_host_list_means_localhost(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql:///openmrs");
    assert_string_equal(u.host, "localhost");
    assert_int_equal(u.port, 3306);
    assert_string_equal(u.database, "openmrs");
    omrs_jdbc_url_free(&u);
    assert_host_port("jdbc:mysql://:3307/openmrs", "localhost", 3307);
    assert_host_port("jdbc:mysql://", "localhost", 3306);
    assert_host_port("jdbc:mariadb:///openmrs", "localhost", 3306);
}

static void test_first_host_wins(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql://db1:3307,db2:3308,db3/openmrs");
    assert_string_equal(u.host, "db1");
    assert_int_equal(u.port, 3307);
    assert_string_equal(u.database, "openmrs");
    omrs_jdbc_url_free(&u);
    assert_host_port("jdbc:mysql://,db2:3308/x", "localhost", 3306);
}

/* ---- schemes ---- */

static void test_mysql_modes(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql:loadbalance://db1:3310,db2:3311/openmrs");
    assert_string_equal(u.scheme, "mysql");
    assert_string_equal(u.mode, "loadbalance");
    assert_string_equal(u.host, "db1");
    assert_int_equal(u.port, 3310);
    omrs_jdbc_url_free(&u);
    u = parse_ok("jdbc:mysql:replication://primary,replica/openmrs");
    assert_string_equal(u.mode, "replication");
    assert_string_equal(u.host, "primary");
    omrs_jdbc_url_free(&u);
}

static void test_mariadb_schemes(void **state)
{
    (void)state;
    static const char *const modes[] = {"replication", "loadbalance", "failover", "sequential",
                                        "aurora"};
    omrs_jdbc_url u = parse_ok("jdbc:mariadb://maria:3309/openmrs");
    assert_string_equal(u.scheme, "mariadb");
    assert_null(u.mode);
    assert_string_equal(u.host, "maria");
    assert_int_equal(u.port, 3309);
    omrs_jdbc_url_free(&u);
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
        char url[128];
        snprintf(url, sizeof url, "jdbc:mariadb:%s://h1:3312,h2/openmrs", modes[i]);
        u = parse_ok(url);
        assert_string_equal(u.mode, modes[i]);
        assert_string_equal(u.host, "h1");
        assert_int_equal(u.port, 3312);
        omrs_jdbc_url_free(&u);
    }
}

static void test_scheme_is_case_insensitive(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("JDBC:MySQL:LoadBalance://H/db");
    assert_string_equal(u.scheme, "mysql");
    assert_string_equal(u.mode, "loadbalance");
    assert_string_equal(u.host, "H");
    omrs_jdbc_url_free(&u);
}

static void test_unsupported_schemes(void **state)
{
    (void)state;
    omrs_error err = parse_fails("jdbc:postgresql://localhost:5432/openmrs");
    assert_string_equal(err.message,
                        "unsupported database URL scheme \"jdbc:postgresql:\": omrs-console works "
                        "with MySQL and MariaDB only and accepts jdbc:mysql://, "
                        "jdbc:mysql:loadbalance://, jdbc:mysql:replication://, jdbc:mariadb:// and "
                        "jdbc:mariadb:<replication|loadbalance|failover|sequential|aurora>://");
    err = parse_fails("jdbc:h2:/var/lib/OpenMRS/database/openmrs;AUTO_RECONNECT=TRUE");
    assert_contains(err.message, "\"jdbc:h2:\"");
    assert_contains(err.message, "accepts jdbc:mysql://");
    err = parse_fails("mysql://localhost/openmrs");
    assert_contains(err.message, "\"mysql:\"");
    err = parse_fails("jdbc:mysql:fabric://h/x");
    assert_contains(err.message, "\"jdbc:mysql:fabric:\"");
    err = parse_fails("jdbc:mysql:failover://h/x"); /* a MariaDB-only mode */
    assert_contains(err.message, "unsupported database URL scheme");
    err = parse_fails("jdbc:mysqlx://h/x");
    assert_contains(err.message, "\"jdbc:mysqlx:\"");
}

static void test_srv_scheme_explained(void **state)
{
    (void)state;
    omrs_error err = parse_fails("jdbc:mysql+srv://_mysql._tcp.example.org/openmrs");
    assert_contains(err.message, "DNS SRV");
    assert_contains(err.message, "jdbc:mysql://db.example.org:3306/openmrs");
}

static void test_empty_and_garbage(void **state)
{
    (void)state;
    omrs_error err = parse_fails("");
    assert_string_equal(err.message, "the database URL is empty; expected something like "
                                     "jdbc:mysql://localhost:3306/openmrs");
    err = parse_fails(NULL);
    assert_contains(err.message, "is empty");
    err = parse_fails("   \t ");
    assert_contains(err.message, "is empty");
    err = parse_fails("hello world");
    assert_contains(err.message, "unsupported database URL scheme \"hello\"");
    err = parse_fails("/var/lib/mysql");
    assert_contains(err.message, "does not start with a JDBC scheme");
    err = parse_fails("jdbc:mysql:");
    assert_string_equal(err.message, "malformed database URL: expected \"//\" after "
                                     "\"jdbc:mysql:\", as in jdbc:mysql://localhost:3306/openmrs");
    err = parse_fails("jdbc:mysql:localhost/openmrs");
    assert_contains(err.message, "unsupported database URL scheme");
}

static void test_double_slash_after_hosts(void **state)
{
    (void)state;
    omrs_error err = parse_fails("jdbc:mysql://h//openmrs");
    assert_contains(err.message, "\"//\" after the host list");
}

/* ---- hosts ---- */

static void test_ipv6(void **state)
{
    (void)state;
    assert_host_port("jdbc:mysql://[::1]:3306/openmrs", "::1", 3306);
    assert_host_port("jdbc:mysql://[2001:db8::7]:3310/openmrs", "2001:db8::7", 3310);
    assert_host_port("jdbc:mysql://[fe80::1%25eth0]/x", "fe80::1%eth0", 3306);
    assert_host_port("jdbc:mariadb://[::ffff:10.0.0.1]:3308/x", "::ffff:10.0.0.1", 3308);
}

static void test_ipv6_needs_brackets(void **state)
{
    (void)state;
    omrs_error err = parse_fails("jdbc:mysql://::1:3306/x");
    assert_contains(err.message, "write an IPv6 address in brackets, e.g. [::1]:3306");
    err = parse_fails("jdbc:mysql://[::1]x/openmrs");
    assert_contains(err.message, "expected ':port' after the IPv6 address");
    err = parse_fails("jdbc:mysql://[::1/openmrs");
    assert_contains(err.message, "'[' without a matching ']'");
}

static void test_address_equals_form(void **state)
{
    (void)state;
    assert_host_port("jdbc:mysql://address=(host=db.example.org)(port=3310)(type=master)/x",
                     "db.example.org", 3310);
    assert_host_port("jdbc:mysql://ADDRESS=(protocol=tcp)(PORT=3311)(HOST=h1),address=(host=h2)/x",
                     "h1", 3311);
    assert_host_port("jdbc:mariadb://address=(host=maria)(type=primary)/x", "maria", 3306);
    assert_host_port("jdbc:mysql://address=( host = spaced )( port = 3313 )/x", "spaced", 3313);
    assert_host_port("jdbc:mysql://address=(port=3314)/x", "localhost", 3314);
}

static void test_address_equals_form_errors(void **state)
{
    (void)state;
    omrs_error err = parse_fails("jdbc:mysql://address=host=h/x");
    assert_contains(err.message, "expected address=(host=name)(port=number)");
    err = parse_fails("jdbc:mysql://address=(host=h)(port=x1)/x");
    assert_contains(err.message, "bad port \"x1\"");
}

static void test_key_value_form(void **state)
{
    (void)state;
    assert_host_port("jdbc:mysql://(host=kv.example.org,port=3315,user=ignored)/x",
                     "kv.example.org", 3315);
}

static void test_host_sub_list(void **state)
{
    (void)state;
    assert_host_port("jdbc:mysql://[h1:3316,h2:3317]/x", "h1", 3316);
    assert_host_port("jdbc:mysql://[[::1]:3318,h2]/x", "::1", 3318);
    assert_host_port("jdbc:mysql://[abc:3319]/x", "abc", 3319);
}

static void test_bad_ports(void **state)
{
    (void)state;
    omrs_error err = parse_fails("jdbc:mysql://localhost:abc/openmrs");
    assert_string_equal(err.message, "bad port \"abc\" for database host \"localhost:abc\" in "
                                     "the URL: a port is a number from 1 to 65535");
    err = parse_fails("jdbc:mysql://h:0/x");
    assert_contains(err.message, "bad port \"0\"");
    err = parse_fails("jdbc:mysql://h:65536/x");
    assert_contains(err.message, "bad port \"65536\"");
    err = parse_fails("jdbc:mysql://h:123456/x");
    assert_contains(err.message, "bad port \"123456\"");
    err = parse_fails("jdbc:mysql://h:-1/x");
    assert_contains(err.message, "bad port \"-1\"");
    err = parse_fails("jdbc:mysql://[::1]:99999/x");
    assert_contains(err.message, "bad port \"99999\"");
}

static void test_host_is_percent_decoded_for_mysql(void **state)
{
    (void)state;
    assert_host_port("jdbc:mysql://my%2Dhost:3306/x", "my-host", 3306);
    assert_host_port("jdbc:mariadb://my%2Dhost:3306/x", "my%2Dhost", 3306);
}

/* ---- user information ---- */

static void test_user_info(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql://openmrs:s%40cr%3At@db:3320/openmrs");
    assert_string_equal(u.user, "openmrs");
    assert_string_equal(u.password, "s@cr:t");
    assert_string_equal(u.host, "db");
    assert_int_equal(u.port, 3320);
    omrs_jdbc_url_free(&u);
    u = parse_ok("jdbc:mysql://root@db/x");
    assert_string_equal(u.user, "root");
    assert_null(u.password);
    omrs_jdbc_url_free(&u);
}

static void test_mariadb_has_no_user_info(void **state)
{
    (void)state;
    omrs_error err = parse_fails("jdbc:mariadb://u:p@h/x");
    assert_contains(err.message, "bad port \"p@h\"");
}

static void test_errors_do_not_quote_passwords(void **state)
{
    (void)state;
    omrs_error err = parse_fails("jdbc:mysql://admin:topsecret@h:bad/x");
    assert_contains(err.message, "bad port \"bad\" for database host \"h:bad\"");
    assert_null(strstr(err.message, "topsecret"));
    err = parse_fails("jdbc:mysql://admin:top%ZZsecret@h/x");
    assert_contains(err.message, "bad percent-escape in the database URL's password");
    assert_null(strstr(err.message, "ZZ"));
    err = parse_fails("jdbc:mysql://h/x?password=ab%G1cd");
    assert_contains(err.message, "parameter \"password\"");
    assert_null(strstr(err.message, "G1"));
}

/* ---- database and parameters ---- */

static void test_database_percent_decoded(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql://h/open%6Drs%2Dprod");
    assert_string_equal(u.database, "openmrs-prod");
    omrs_jdbc_url_free(&u);
    u = parse_ok("jdbc:mysql://h/%20openmrs%20");
    assert_string_equal(u.database, "openmrs"); /* decode(path).trim() */
    omrs_jdbc_url_free(&u);
    u = parse_ok("jdbc:mysql://h/sant%C3%A9");
    assert_string_equal(u.database, "sant\xC3\xA9");
    omrs_jdbc_url_free(&u);
}

static void test_param_percent_decoding(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql://h/x?a=one+two&b=1%2B1&c=x%26y%3Dz&d=%C3%A9%e2%82%ac"
                               "&e=%FF&f%2Eg=h");
    assert_param(&u, 0, "a", "one two");
    assert_param(&u, 1, "b", "1+1");
    assert_param(&u, 2, "c", "x&y=z");
    assert_param(&u, 3, "d", "\xC3\xA9\xE2\x82\xAC");
    assert_param(&u, 4, "e", "\xEF\xBF\xBD"); /* invalid UTF-8 as Java's URLDecoder reads it */
    assert_param(&u, 5, "f.g", "h");
    omrs_jdbc_url_free(&u);
}

static void test_bad_percent_escape(void **state)
{
    (void)state;
    omrs_error err = parse_fails("jdbc:mysql://h/x?sessionVariables=a%3");
    assert_string_equal(err.message,
                        "bad percent-escape \"%3\" in the database URL's parameter "
                        "\"sessionVariables\": '%' must be followed by two hex digits (write a "
                        "literal '%' as %25)");
    err = parse_fails("jdbc:mysql://h/open%zzmrs");
    assert_contains(err.message, "\"%zz\" in the database URL's database name");
    err = parse_fails("jdbc:mysql://h/x?a=100%");
    assert_contains(err.message, "\"%\" in the database URL's parameter \"a\"");
}

static void test_percent_zero_rejected(void **state)
{
    (void)state;
    omrs_error err = parse_fails("jdbc:mysql://h/x?a=b%00c");
    assert_contains(err.message, "parameter \"a\" contains %00");
}

static void test_mariadb_keeps_values_as_written(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mariadb://h/open%6Drs?sessionVariables=a%3Db&x=a+b& y = z ");
    assert_string_equal(u.database, "open%6Drs");
    assert_param(&u, 0, "sessionVariables", "a%3Db");
    assert_param(&u, 1, "x", "a+b");
    assert_param(&u, 2, " y ", " z");
    omrs_jdbc_url_free(&u);
    u = parse_ok("jdbc:mariadb://h/x?bad=%zz");
    assert_param(&u, 0, "bad", "%zz");
    omrs_jdbc_url_free(&u);
}

static void test_params_without_values_and_empty_pieces(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql://h/x?useSSL&&a=1&=&b=&");
    assert_int_equal(u.params.count, 3);
    assert_param(&u, 0, "useSSL", "");
    assert_param(&u, 1, "a", "1");
    assert_param(&u, 2, "b", "");
    omrs_jdbc_url_free(&u);
    u = parse_ok("jdbc:mysql://h/x?");
    assert_int_equal(u.params.count, 0);
    omrs_jdbc_url_free(&u);
}

static void test_repeated_param_last_wins(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql://h/x?a=1&b=2&a=3");
    assert_int_equal(u.params.count, 2);
    assert_param(&u, 0, "a", "3");
    assert_param(&u, 1, "b", "2");
    omrs_jdbc_url_free(&u);
}

static void test_value_may_contain_equals(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql://h/x?sessionVariables=sql_mode=ANSI");
    assert_param(&u, 0, "sessionVariables", "sql_mode=ANSI");
    omrs_jdbc_url_free(&u);
}

static void test_params_trimmed_for_mysql(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql://h/x? a = b &c=d ");
    assert_param(&u, 0, "a", "b");
    assert_param(&u, 1, "c", "d");
    omrs_jdbc_url_free(&u);
}

static void test_bad_param_names(void **state)
{
    (void)state;
    omrs_error err = parse_fails("jdbc:mysql://h/x?a+b=c");
    assert_string_equal(err.message, "malformed database URL parameter name \"a+b\": a name may "
                                     "hold only letters, digits, '_', '.', '-' and '%'");
    err = parse_fails("jdbc:mysql://h/x?a=1&=orphan");
    assert_contains(err.message, "has a value but no name");
    assert_null(strstr(err.message, "orphan"));
}

static void test_url_trimmed_and_fragment_ignored(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("  jdbc:mysql://h/openmrs?x=1#fragment  \t");
    assert_string_equal(u.database, "openmrs");
    assert_int_equal(u.params.count, 1);
    assert_param(&u, 0, "x", "1");
    omrs_jdbc_url_free(&u);
    u = parse_ok("jdbc:mysql://h/openmrs#frag?x=1");
    assert_string_equal(u.database, "openmrs");
    assert_int_equal(u.params.count, 0);
    omrs_jdbc_url_free(&u);
}

static void test_free_twice_is_harmless(void **state)
{
    (void)state;
    omrs_jdbc_url u = parse_ok("jdbc:mysql://h/x?a=1");
    omrs_jdbc_url_free(&u);
    omrs_jdbc_url_free(&u);
    assert_null(u.scheme);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typical_openmrs_url),
        cmocka_unit_test(test_default_and_explicit_port),
        cmocka_unit_test(test_database_optional),
        cmocka_unit_test(test_empty_host_list_means_localhost),
        cmocka_unit_test(test_first_host_wins),
        cmocka_unit_test(test_mysql_modes),
        cmocka_unit_test(test_mariadb_schemes),
        cmocka_unit_test(test_scheme_is_case_insensitive),
        cmocka_unit_test(test_unsupported_schemes),
        cmocka_unit_test(test_srv_scheme_explained),
        cmocka_unit_test(test_empty_and_garbage),
        cmocka_unit_test(test_double_slash_after_hosts),
        cmocka_unit_test(test_ipv6),
        cmocka_unit_test(test_ipv6_needs_brackets),
        cmocka_unit_test(test_address_equals_form),
        cmocka_unit_test(test_address_equals_form_errors),
        cmocka_unit_test(test_key_value_form),
        cmocka_unit_test(test_host_sub_list),
        cmocka_unit_test(test_bad_ports),
        cmocka_unit_test(test_host_is_percent_decoded_for_mysql),
        cmocka_unit_test(test_user_info),
        cmocka_unit_test(test_mariadb_has_no_user_info),
        cmocka_unit_test(test_errors_do_not_quote_passwords),
        cmocka_unit_test(test_database_percent_decoded),
        cmocka_unit_test(test_param_percent_decoding),
        cmocka_unit_test(test_bad_percent_escape),
        cmocka_unit_test(test_percent_zero_rejected),
        cmocka_unit_test(test_mariadb_keeps_values_as_written),
        cmocka_unit_test(test_params_without_values_and_empty_pieces),
        cmocka_unit_test(test_repeated_param_last_wins),
        cmocka_unit_test(test_value_may_contain_equals),
        cmocka_unit_test(test_params_trimmed_for_mysql),
        cmocka_unit_test(test_bad_param_names),
        cmocka_unit_test(test_url_trimmed_and_fragment_ignored),
        cmocka_unit_test(test_free_twice_is_harmless),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
