/* Unit tests for the runtime properties search, on a fake tree in a mkdtemp() directory:
 * <base>/cwd, <base>/home/admin and <base>/root (the root prefix for system paths). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <pwd.h>
#include <sys/wait.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime_props.h"

#define MAX_VARS 4

typedef struct fixture {
    char base[256];
    char home[320], cwd[320], root[320];
    char bufs[16][512]; /* scratch paths handed out by at(), reused round-robin */
    int next_buf;
    const char *names[MAX_VARS], *values[MAX_VARS];
    size_t nvars;
    omrs_env env;
} fixture;

static const char *fake_getenv(const char *name, void *ctx)
{
    fixture *f = ctx;
    for (size_t i = 0; i < f->nvars; i++)
        if (strcmp(f->names[i], name) == 0)
            return f->values[i];
    return NULL;
}

static void set_var(fixture *f, const char *name, const char *value)
{
    assert_true(f->nvars < MAX_VARS);
    f->names[f->nvars] = name;
    f->values[f->nvars] = value;
    f->nvars++;
}

/* <base>/<rel>, in one of a few rotating buffers of the fixture. */
static const char *at(fixture *f, const char *rel)
{
    char *b = f->bufs[f->next_buf++ % 16];
    size_t n = strlen(f->base);   /* copied by hand: b and f->base share one object */
    memcpy(b, f->base, n);
    snprintf(b + n, sizeof f->bufs[0] - n, "/%s", rel);
    return b;
}

static void make_dirs(const char *path)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        assert_true(mkdir(buf, 0755) == 0 || errno == EEXIST);
        *p = '/';
    }
    assert_true(mkdir(buf, 0755) == 0 || errno == EEXIST);
}

static void make_file(const char *path)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    make_dirs(dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("connection.url=jdbc:mysql://localhost:3306/openmrs\n", fp);
    fclose(fp);
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char child[1024];
            snprintf(child, sizeof child, "%s/%s", path, e->d_name);
            chmod(child, 0755); /* undo permission tests */
            remove_tree(child);
        }
        closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->base, sizeof f->base, "/tmp/test_runtime_props_XXXXXX");
    if (!mkdtemp(f->base)) {
        free(f);
        return -1;
    }
    snprintf(f->home, sizeof f->home, "%s/home/admin", f->base);
    snprintf(f->cwd, sizeof f->cwd, "%s/cwd", f->base);
    snprintf(f->root, sizeof f->root, "%s/root", f->base);
    make_dirs(f->home);
    make_dirs(f->cwd);
    make_dirs(f->root);
    f->env = (omrs_env){fake_getenv, f, f->home, f->cwd, f->root, NULL};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_tree(f->base);
    free(f);
    return 0;
}

static omrs_path_list candidates(fixture *f)
{
    omrs_path_list l;
    omrs_error err = {0};
    if (omrs_runtime_props_candidates(&f->env, &l, &err) != 0)
        fail_msg("candidates failed: %s", err.message);
    return l;
}

/* Compares the whole list; frees it either way so that a failure leaks nothing. */
static void assert_list(omrs_path_list *l, const char *const *expected, size_t n)
{
    char report[4096] = "";
    bool same = l->count == n;
    for (size_t i = 0; i < l->count; i++) {
        same = same && strcmp(l->paths[i], expected[i]) == 0;
        size_t used = strlen(report);
        snprintf(report + used, sizeof report - used, "\n  %zu: %s", i, l->paths[i]);
    }
    omrs_path_list_free(l);
    if (!same)
        fail_msg("candidates differ from the %zu expected:%s", n, report);
}

static char *find_ok(fixture *f)
{
    char *found = (char *)"unset";
    omrs_error err = {0};
    if (omrs_runtime_props_find(&f->env, &found, &err) != 0)
        fail_msg("find failed: %s", err.message);
    return found;
}

/* Runs the search in a child process that has dropped to the user nobody and hands
 * back its outcome: root reads everything, so as root this is the only way to see a
 * permission error. The fake tree is opened up (0755) so nobody can walk it. */
static omrs_error find_fails(fixture *f);

typedef struct unprivileged_outcome {
    int rc;
    omrs_error err;
    int found;
} unprivileged_outcome;

static void open_up_tree(const char *base)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "chmod -R go+rX '%s'", base);
    assert_int_equal(system(cmd), 0);
}

static omrs_error find_fails_unprivileged(fixture *f)
{
    if (geteuid() != 0)
        return find_fails(f);
    struct passwd *nobody = getpwnam("nobody");
    assert_non_null(nobody);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        unprivileged_outcome out = {.rc = 99};
        close(fds[0]);
        if (setgid(nobody->pw_gid) == 0 && setuid(nobody->pw_uid) == 0) {
            char *found = NULL;
            out.rc = omrs_runtime_props_find(&f->env, &found, &out.err);
            out.found = found != NULL;
            free(found);
        }
        ssize_t n = write(fds[1], &out, sizeof out);
        _exit(n == (ssize_t)sizeof out ? 0 : 1);
    }
    close(fds[1]);
    unprivileged_outcome out;
    ssize_t n = read(fds[0], &out, sizeof out);
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal((int)n, (int)sizeof out);
    assert_int_equal(out.rc, -1);
    assert_int_equal(out.err.code, OMRS_ERR_IO);
    assert_false(out.found);
    return out.err;
}

static omrs_error find_fails(fixture *f)
{
    char *found = (char *)"unset";
    omrs_error err = {0};
    assert_int_equal(omrs_runtime_props_find(&f->env, &found, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_IO);
    assert_null(found);
    return err;
}

static void assert_found(fixture *f, const char *expected)
{
    char *found = find_ok(f);
    assert_non_null(found);
    assert_string_equal(found, expected);
    free(found);
}

/* ---- candidates ---- */

static void test_openmrs_default_order(void **state)
{
    fixture *f = *state;
    omrs_path_list l = candidates(f);
    const char *expected[] = {
        at(f, "cwd/openmrs-runtime.properties"),
        at(f, "home/admin/.OpenMRS/openmrs-runtime.properties"),
        at(f, "root/var/lib/OpenMRS/openmrs-runtime.properties"),
        at(f, "root/openmrs/data/openmrs-runtime.properties"),
    };
        const char *why[] = {
        "current directory (OpenMRS looks here first)",
        "OpenMRS's default data directory, ~/.OpenMRS",
        "OpenMRS's data directory when the home directory is not writable",
        "the OpenMRS Docker image's data directory",
    };
    for (size_t i = 0; i < 4 && i < l.count; i++)
        assert_string_equal(l.why[i], why[i]);
    assert_list(&l, expected, 4);
}

static void test_env_named_file_comes_second(void **state)
{
    fixture *f = *state;
    set_var(f, "OPENMRS_RUNTIME_PROPERTIES_FILE", "/etc/openmrs/site.properties");
    omrs_path_list l = candidates(f);
    assert_true(l.count == 5);
    assert_string_equal(l.paths[0], at(f, "cwd/openmrs-runtime.properties"));
    assert_string_equal(l.paths[1], "/etc/openmrs/site.properties");
    assert_string_equal(l.why[1], "named by $OPENMRS_RUNTIME_PROPERTIES_FILE");
    omrs_path_list_free(&l);
}

static void test_app_data_directory_env_before_home(void **state)
{
    fixture *f = *state;
    set_var(f, "OPENMRS_APPLICATION_DATA_DIRECTORY", "/srv/openmrs/data/");
    omrs_path_list l = candidates(f);
    assert_int_equal(l.count, 5);
    assert_string_equal(l.paths[1], "/srv/openmrs/data/openmrs-runtime.properties");
    assert_string_equal(l.why[1], "in $OPENMRS_APPLICATION_DATA_DIRECTORY");
    assert_string_equal(l.paths[2], at(f, "home/admin/.OpenMRS/openmrs-runtime.properties"));
    omrs_path_list_free(&l);
}

static void test_empty_env_values_are_ignored(void **state)
{
    fixture *f = *state;
    set_var(f, "OPENMRS_RUNTIME_PROPERTIES_FILE", "");
    set_var(f, "OPENMRS_APPLICATION_DATA_DIRECTORY", "");
    omrs_path_list l = candidates(f);
    assert_int_equal(l.count, 4);
    omrs_path_list_free(&l);
    char *path = (char *)"unset";
    omrs_error err = {0};
    assert_int_equal(omrs_runtime_props_from_env(&f->env, &path, &err), 0);
    assert_null(path);
}

static void test_tomcat_homes_newest_first(void **state)
{
    fixture *f = *state;
    make_dirs(at(f, "root/usr/share/tomcat9/.OpenMRS"));
    make_dirs(at(f, "root/usr/share/tomcat10/.OpenMRS"));
    make_dirs(at(f, "root/usr/share/tomcat7/.OpenMRS"));
    make_dirs(at(f, "root/usr/share/tomcat9-docs"));   /* no .OpenMRS: not a Tomcat home */
    make_dirs(at(f, "root/usr/share/tomcat8"));        /* Tomcat never ran OpenMRS */
    make_dirs(at(f, "root/var/lib/tomcat9/.OpenMRS"));
    make_dirs(at(f, "root/opt/tomcat/.OpenMRS"));
    omrs_path_list l = candidates(f);
    const char *expected[] = {
        at(f, "cwd/openmrs-runtime.properties"),
        at(f, "home/admin/.OpenMRS/openmrs-runtime.properties"),
        at(f, "root/var/lib/OpenMRS/openmrs-runtime.properties"),
        at(f, "root/usr/share/tomcat10/.OpenMRS/openmrs-runtime.properties"),
        at(f, "root/usr/share/tomcat9/.OpenMRS/openmrs-runtime.properties"),
        at(f, "root/usr/share/tomcat7/.OpenMRS/openmrs-runtime.properties"),
        at(f, "root/var/lib/tomcat9/.OpenMRS/openmrs-runtime.properties"),
        at(f, "root/opt/tomcat/.OpenMRS/openmrs-runtime.properties"),
        at(f, "root/openmrs/data/openmrs-runtime.properties"),
    };
    if (l.count > 3)
        assert_string_equal(l.why[3], "the Tomcat user's ~/.OpenMRS");
    assert_list(&l, expected, 9);
}

static void test_other_app_name(void **state)
{
    fixture *f = *state;
    f->env.app_name = "openmrs2";
    set_var(f, "OPENMRS2_RUNTIME_PROPERTIES_FILE", "/x/openmrs2.properties");
    set_var(f, "OPENMRS_RUNTIME_PROPERTIES_FILE", "/x/ignored.properties");
    omrs_path_list l = candidates(f);
    const char *expected[] = {
        at(f, "cwd/openmrs2-runtime.properties"),
        "/x/openmrs2.properties",
        at(f, "home/admin/.OpenMRS/openmrs2/openmrs2-runtime.properties"),
        at(f, "home/admin/.OpenMRS/openmrs2-runtime.properties"),
        at(f, "root/var/lib/OpenMRS/openmrs2/openmrs2-runtime.properties"),
        at(f, "root/var/lib/OpenMRS/openmrs2-runtime.properties"),
        at(f, "root/openmrs/data/openmrs2/openmrs2-runtime.properties"),
        at(f, "root/openmrs/data/openmrs2-runtime.properties"),
    };
    if (l.count > 1)
        assert_string_equal(l.why[1], "named by $OPENMRS2_RUNTIME_PROPERTIES_FILE");
    assert_list(&l, expected, 8);
}

static void test_same_directory_listed_once(void **state)
{
    fixture *f = *state;
    make_dirs(at(f, "root/var/lib/tomcat9/.OpenMRS"));
    snprintf(f->home, sizeof f->home, "%s/root/var/lib/tomcat9/", f->base); /* we are Tomcat */
    omrs_path_list l = candidates(f);
    const char *expected[] = {
        at(f, "cwd/openmrs-runtime.properties"),
        at(f, "root/var/lib/tomcat9/.OpenMRS/openmrs-runtime.properties"),
        at(f, "root/var/lib/OpenMRS/openmrs-runtime.properties"),
        at(f, "root/openmrs/data/openmrs-runtime.properties"),
    };
    assert_list(&l, expected, 4);
}

static void test_without_cwd_home_or_getenv(void **state)
{
    fixture *f = *state;
    f->env.cwd = NULL;
    f->env.home = NULL;
    f->env.get = NULL;
    omrs_path_list l = candidates(f);
    const char *expected[] = {
        "openmrs-runtime.properties", /* relative, as OpenMRS looks it up */
        at(f, "root/var/lib/OpenMRS/openmrs-runtime.properties"),
        at(f, "root/openmrs/data/openmrs-runtime.properties"),
    };
    assert_list(&l, expected, 3);
    omrs_path_list_free(&l); /* freeing twice is harmless */
}

static void test_getenv_adapter(void **state)
{
    (void)state;
    assert_int_equal(setenv("OMRS_TEST_RUNTIME_PROPS_VAR", "value", 1), 0);
    assert_string_equal(omrs_env_getenv("OMRS_TEST_RUNTIME_PROPS_VAR", NULL), "value");
    unsetenv("OMRS_TEST_RUNTIME_PROPS_VAR");
    assert_null(omrs_env_getenv("OMRS_TEST_RUNTIME_PROPS_VAR", NULL));
}

/* ---- find ---- */

static void test_find_nothing_is_not_an_error(void **state)
{
    fixture *f = *state;
    char *found = find_ok(f);
    assert_null(found);
}

static void test_find_in_home(void **state)
{
    fixture *f = *state;
    make_file(at(f, "home/admin/.OpenMRS/openmrs-runtime.properties"));
    make_file(at(f, "root/var/lib/OpenMRS/openmrs-runtime.properties"));
    assert_found(f, at(f, "home/admin/.OpenMRS/openmrs-runtime.properties"));
}

static void test_find_current_directory_first(void **state)
{
    fixture *f = *state;
    make_file(at(f, "cwd/openmrs-runtime.properties"));
    make_file(at(f, "home/admin/.OpenMRS/openmrs-runtime.properties"));
    assert_found(f, at(f, "cwd/openmrs-runtime.properties"));
}

static void test_find_follows_openmrs_order_over_env(void **state)
{
    fixture *f = *state;
    make_file(at(f, "cwd/openmrs-runtime.properties"));
    make_file(at(f, "etc/named.properties"));
    set_var(f, "OPENMRS_RUNTIME_PROPERTIES_FILE", at(f, "etc/named.properties"));
    assert_found(f, at(f, "cwd/openmrs-runtime.properties"));
    /* ...while the caller can still rank the named file first */
    char *named = NULL;
    omrs_error err = {0};
    assert_int_equal(omrs_runtime_props_from_env(&f->env, &named, &err), 0);
    assert_string_equal(named, at(f, "etc/named.properties"));
    free(named);
}

static void test_find_env_named_file(void **state)
{
    fixture *f = *state;
    make_file(at(f, "etc/named.properties"));
    make_file(at(f, "home/admin/.OpenMRS/openmrs-runtime.properties"));
    set_var(f, "OPENMRS_RUNTIME_PROPERTIES_FILE", at(f, "etc/named.properties"));
    assert_found(f, at(f, "etc/named.properties"));
}

static void test_env_named_missing_file_is_an_error(void **state)
{
    fixture *f = *state;
    make_file(at(f, "home/admin/.OpenMRS/openmrs-runtime.properties"));
    const char *missing = at(f, "etc/missing.properties");
    set_var(f, "OPENMRS_RUNTIME_PROPERTIES_FILE", missing);
    omrs_error err = find_fails(f);
    char expected[700];
    snprintf(expected, sizeof expected,
             "$OPENMRS_RUNTIME_PROPERTIES_FILE names %s, which does not exist", missing);
    assert_string_equal(err.message, expected);
    char *path = (char *)"unset";
    omrs_error err2 = {0};
    assert_int_equal(omrs_runtime_props_from_env(&f->env, &path, &err2), -1);
    assert_null(path);
    assert_string_equal(err2.message, expected);
}

static void test_env_named_directory_is_an_error(void **state)
{
    fixture *f = *state;
    set_var(f, "OPENMRS_RUNTIME_PROPERTIES_FILE", f->home);
    char *path = NULL;
    omrs_error err = {0};
    assert_int_equal(omrs_runtime_props_from_env(&f->env, &path, &err), -1);
    assert_int_equal(err.code, OMRS_ERR_IO);
    char expected[700];
    snprintf(expected, sizeof expected,
             "%s (named by $OPENMRS_RUNTIME_PROPERTIES_FILE) is not a regular file", f->home);
    assert_string_equal(err.message, expected);
}

static void test_find_in_app_data_directory_env(void **state)
{
    fixture *f = *state;
    make_file(at(f, "srv/data/openmrs-runtime.properties"));
    make_file(at(f, "home/admin/.OpenMRS/openmrs-runtime.properties"));
    set_var(f, "OPENMRS_APPLICATION_DATA_DIRECTORY", at(f, "srv/data"));
    assert_found(f, at(f, "srv/data/openmrs-runtime.properties"));
}

static void test_find_var_lib_fallback(void **state)
{
    fixture *f = *state;
    make_file(at(f, "root/var/lib/OpenMRS/openmrs-runtime.properties"));
    make_file(at(f, "root/usr/share/tomcat9/.OpenMRS/openmrs-runtime.properties"));
    assert_found(f, at(f, "root/var/lib/OpenMRS/openmrs-runtime.properties"));
}

static void test_find_tomcat_user_file(void **state)
{
    fixture *f = *state;
    make_dirs(at(f, "root/usr/share/tomcat8/.OpenMRS"));
    make_file(at(f, "root/var/lib/tomcat9/.OpenMRS/openmrs-runtime.properties"));
    make_file(at(f, "root/opt/tomcat9/.OpenMRS/openmrs-runtime.properties"));
    assert_found(f, at(f, "root/var/lib/tomcat9/.OpenMRS/openmrs-runtime.properties"));
}

static void test_find_docker_data_directory(void **state)
{
    fixture *f = *state;
    make_file(at(f, "root/openmrs/data/openmrs-runtime.properties"));
    assert_found(f, at(f, "root/openmrs/data/openmrs-runtime.properties"));
}

static void test_find_other_app_name_subdirectory(void **state)
{
    fixture *f = *state;
    f->env.app_name = "clinic";
    make_file(at(f, "home/admin/.OpenMRS/clinic/clinic-runtime.properties"));
    make_file(at(f, "home/admin/.OpenMRS/openmrs-runtime.properties"));
    assert_found(f, at(f, "home/admin/.OpenMRS/clinic/clinic-runtime.properties"));
}

static void test_existing_but_unusable_candidate_stops_the_search(void **state)
{
    fixture *f = *state;
    make_dirs(at(f, "home/admin/.OpenMRS/openmrs-runtime.properties")); /* a directory */
    make_file(at(f, "root/var/lib/OpenMRS/openmrs-runtime.properties"));
    omrs_error err = find_fails(f);
    char expected[700];
    snprintf(expected, sizeof expected,
             "%s (OpenMRS's default data directory, ~/.OpenMRS) is not a regular file",
             at(f, "home/admin/.OpenMRS/openmrs-runtime.properties"));
    assert_string_equal(err.message, expected);
}

/* Reaches the "cannot stat" path without any permission trick. */
static void test_symlink_loop_is_reported(void **state)
{
    fixture *f = *state;
    make_dirs(at(f, "home/admin/.OpenMRS"));
    const char *file = at(f, "home/admin/.OpenMRS/openmrs-runtime.properties");
    assert_int_equal(symlink(file, file), 0);
    make_file(at(f, "root/var/lib/OpenMRS/openmrs-runtime.properties"));
    omrs_error err = find_fails(f);
    char expected[900];
    snprintf(expected, sizeof expected,
             "cannot read %s (OpenMRS's default data directory, ~/.OpenMRS): %s", file,
             strerror(ELOOP));
    assert_string_equal(err.message, expected);
}

static void test_unreadable_tomcat_file_is_reported(void **state)
{
    fixture *f = *state;
    const char *file = at(f, "root/usr/share/tomcat9/.OpenMRS/openmrs-runtime.properties");
    make_file(file);
    open_up_tree(f->base);
    assert_int_equal(chmod(at(f, "root/usr/share/tomcat9/.OpenMRS"), 0), 0);
    omrs_error err = find_fails_unprivileged(f);
    char expected[900];
    snprintf(expected, sizeof expected,
             "cannot read %s (the Tomcat user's ~/.OpenMRS): %s (run omrs-console with sudo or "
             "as the user Tomcat runs as, or name a readable copy with --runtime-properties)",
             file, strerror(EACCES));
    assert_string_equal(err.message, expected);
}

static void test_unreadable_file_is_reported(void **state)
{
    fixture *f = *state;
    const char *file = at(f, "home/admin/.OpenMRS/openmrs-runtime.properties");
    make_file(file);
    open_up_tree(f->base);
    assert_int_equal(chmod(file, 0), 0);
    omrs_error err = find_fails_unprivileged(f);
    assert_non_null(strstr(err.message, strerror(EACCES)));
    assert_non_null(strstr(err.message, "--runtime-properties"));
}

#define FIXTURE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        FIXTURE_TEST(test_openmrs_default_order),
        FIXTURE_TEST(test_env_named_file_comes_second),
        FIXTURE_TEST(test_app_data_directory_env_before_home),
        FIXTURE_TEST(test_empty_env_values_are_ignored),
        FIXTURE_TEST(test_tomcat_homes_newest_first),
        FIXTURE_TEST(test_other_app_name),
        FIXTURE_TEST(test_same_directory_listed_once),
        FIXTURE_TEST(test_without_cwd_home_or_getenv),
        cmocka_unit_test(test_getenv_adapter),
        FIXTURE_TEST(test_find_nothing_is_not_an_error),
        FIXTURE_TEST(test_find_in_home),
        FIXTURE_TEST(test_find_current_directory_first),
        FIXTURE_TEST(test_find_follows_openmrs_order_over_env),
        FIXTURE_TEST(test_find_env_named_file),
        FIXTURE_TEST(test_env_named_missing_file_is_an_error),
        FIXTURE_TEST(test_env_named_directory_is_an_error),
        FIXTURE_TEST(test_find_in_app_data_directory_env),
        FIXTURE_TEST(test_find_var_lib_fallback),
        FIXTURE_TEST(test_find_tomcat_user_file),
        FIXTURE_TEST(test_find_docker_data_directory),
        FIXTURE_TEST(test_find_other_app_name_subdirectory),
        FIXTURE_TEST(test_existing_but_unusable_candidate_stops_the_search),
        FIXTURE_TEST(test_symlink_loop_is_reported),
        FIXTURE_TEST(test_unreadable_tomcat_file_is_reported),
        FIXTURE_TEST(test_unreadable_file_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
