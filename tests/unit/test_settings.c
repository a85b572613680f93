/* Settings layering without a server: which layer wins, and errors that name their file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "settings.h"

typedef struct fake_env {
    const char *named_file;   /* OPENMRS_RUNTIME_PROPERTIES_FILE */
    char root[256];           /* temp dir standing in for / and HOME */
    char home[300];
} fake_env;

static const char *fake_get(const char *name, void *ctx)
{
    fake_env *f = ctx;
    if (strcmp(name, "OPENMRS_RUNTIME_PROPERTIES_FILE") == 0)
        return f->named_file;
    return NULL;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    fake_env *f = calloc(1, sizeof *f);
    snprintf(f->root, sizeof f->root, "%s/omrs-settings-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(f->root))
        return -1;
    snprintf(f->home, sizeof f->home, "%s/home", f->root);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fake_env *f = *state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->root);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static omrs_env env_of(fake_env *f)
{
    /* root and cwd point into the temp dir, so the search sees only the fake tree */
    omrs_env env = {.get = fake_get, .ctx = f, .home = f->home, .cwd = f->root, .root = f->root};
    return env;
}

static char *props_file(fake_env *f, const char *name, const char *url, const char *user)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", f->root, name);
    char text[1024];
    snprintf(text, sizeof text, "connection.url=%s\nconnection.username=%s\nconnection.password=s3cret\n", url, user);
    write_file(path, text);
    return path;
}

static void test_defaults_only(void **state)
{
    fake_env *f = *state;
    omrs_env env = env_of(f);
    omrs_conn_flags flags = {0};
    omrs_settings s = {0};
    omrs_error err = {0};
    assert_int_equal(omrs_settings_resolve(&s, &flags, &env, &err), 0);
    assert_string_equal(s.database.value, "openmrs");
    assert_int_equal(s.database.source, OMRS_SRC_DEFAULT);
    assert_null(s.host.value);
    assert_null(s.runtime_props_path);
    omrs_settings_free(&s);
}

static void test_runtime_flag_file(void **state)
{
    fake_env *f = *state;
    omrs_env env = env_of(f);
    omrs_conn_flags flags = {.runtime_props = props_file(f, "a.properties", "jdbc:mysql://db.example:3307/clinic", "om")};
    omrs_settings s = {0};
    omrs_error err = {0};
    assert_int_equal(omrs_settings_resolve(&s, &flags, &env, &err), 0);
    assert_string_equal(s.host.value, "db.example");
    assert_string_equal(s.port.value, "3307");
    assert_string_equal(s.database.value, "clinic");
    assert_string_equal(s.user.value, "om");
    assert_string_equal(s.password.value, "s3cret");
    assert_int_equal(s.user.source, OMRS_SRC_RUNTIME_FLAG);
    assert_true(s.jdbc_tcp);
    assert_true(omrs_setting_beats_option_files(&s.user));
    omrs_settings_free(&s);
}

static void test_flag_file_beats_env_file(void **state)
{
    fake_env *f = *state;
    omrs_env env = env_of(f);
    char env_path[512];
    snprintf(env_path, sizeof env_path, "%s", props_file(f, "env.properties", "jdbc:mysql://envhost/envdb", "envuser"));
    f->named_file = env_path;
    omrs_conn_flags flags = {.runtime_props = props_file(f, "flag.properties", "jdbc:mysql://flaghost/flagdb", "flaguser")};
    omrs_settings s = {0};
    omrs_error err = {0};
    assert_int_equal(omrs_settings_resolve(&s, &flags, &env, &err), 0);
    assert_string_equal(s.user.value, "flaguser");
    omrs_settings_free(&s);

    flags.runtime_props = NULL;
    assert_int_equal(omrs_settings_resolve(&s, &flags, &env, &err), 0);
    assert_string_equal(s.user.value, "envuser");
    assert_int_equal(s.user.source, OMRS_SRC_RUNTIME_ENV);
    assert_true(omrs_setting_beats_option_files(&s.user));
    omrs_settings_free(&s);
}

static void test_found_file_ranks_below_option_files(void **state)
{
    fake_env *f = *state;
    omrs_env env = env_of(f);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/.OpenMRS", f->home);
    assert_int_equal(mkdir(f->home, 0700) == 0 || access(f->home, F_OK) == 0, 1);
    assert_int_equal(mkdir(dir, 0700), 0);
    char path[600];
    snprintf(path, sizeof path, "%s/openmrs-runtime.properties", dir);
    write_file(path, "connection.url=jdbc:mysql://localhost:3306/openmrs\nconnection.username=found\n");
    omrs_conn_flags flags = {0};
    omrs_settings s = {0};
    omrs_error err = {0};
    assert_int_equal(omrs_settings_resolve(&s, &flags, &env, &err), 0);
    assert_string_equal(s.user.value, "found");
    assert_int_equal(s.user.source, OMRS_SRC_RUNTIME_SEARCHED);
    assert_false(omrs_setting_beats_option_files(&s.user));
    assert_string_equal(s.runtime_props_path, path);
    omrs_settings_free(&s);
}

static void test_flags_beat_runtime_and_pick_transport(void **state)
{
    fake_env *f = *state;
    omrs_env env = env_of(f);
    omrs_conn_flags flags = {
        .runtime_props = props_file(f, "b.properties", "jdbc:mysql://localhost/openmrs", "om"),
        .host = "10.1.2.3", .user = "admin", .database = "other", .read_only = true};
    omrs_settings s = {0};
    omrs_error err = {0};
    assert_int_equal(omrs_settings_resolve(&s, &flags, &env, &err), 0);
    assert_string_equal(s.host.value, "10.1.2.3");
    assert_int_equal(s.host.source, OMRS_SRC_FLAG);
    assert_string_equal(s.user.value, "admin");
    assert_string_equal(s.database.value, "other");
    assert_string_equal(s.password.value, "s3cret");
    assert_false(s.jdbc_tcp);
    assert_true(s.read_only);
    omrs_settings_free(&s);
}

static void test_missing_named_file_is_an_error(void **state)
{
    fake_env *f = *state;
    omrs_env env = env_of(f);
    f->named_file = "/nonexistent/openmrs-runtime.properties";
    omrs_conn_flags flags = {0};
    omrs_settings s = {0};
    omrs_error err = {0};
    assert_int_equal(omrs_settings_resolve(&s, &flags, &env, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_IO);
    assert_non_null(strstr(err.message, "/nonexistent/openmrs-runtime.properties"));
    omrs_settings_free(&s);
}

static void test_bad_url_names_file(void **state)
{
    fake_env *f = *state;
    omrs_env env = env_of(f);
    omrs_conn_flags flags = {.runtime_props = props_file(f, "c.properties", "jdbc:postgresql://h/db", "om")};
    omrs_settings s = {0};
    omrs_error err = {0};
    assert_int_equal(omrs_settings_resolve(&s, &flags, &env, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_PARSE);
    assert_non_null(strstr(err.message, "c.properties: connection.url: "));
    omrs_settings_free(&s);
}

static void test_bad_port_flag(void **state)
{
    fake_env *f = *state;
    omrs_env env = env_of(f);
    omrs_conn_flags flags = {.port = "70000"};
    omrs_settings s = {0};
    omrs_error err = {0};
    assert_int_equal(omrs_settings_resolve(&s, &flags, &env, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_USAGE);
    assert_string_equal(err.message, "invalid port '70000' (from command line): expected 1-65535");
    omrs_settings_free(&s);
}

static void test_offer_respects_rank(void **state)
{
    (void)state;
    omrs_setting s = {0};
    assert_int_equal(omrs_setting_offer(&s, "flag", OMRS_SRC_FLAG), 0);
    assert_int_equal(omrs_setting_offer(&s, "found", OMRS_SRC_RUNTIME_SEARCHED), 0);
    assert_string_equal(s.value, "flag");
    assert_int_equal(omrs_setting_offer(&s, "flag2", OMRS_SRC_FLAG), 0);
    assert_string_equal(s.value, "flag2");
    free(s.value);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runtime_flag_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flag_file_beats_env_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_found_file_ranks_below_option_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags_beat_runtime_and_pick_transport, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_named_file_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_url_names_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_port_flag, setup, teardown),
        cmocka_unit_test(test_offer_respects_rank),
    };
    return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
