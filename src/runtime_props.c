/* The runtime properties search.
 *
 * OpenMRS's order, from openmrs-core api/src/main/java/org/openmrs/util/OpenmrsUtil.java
 * (getRuntimePropertiesFilePathName, getApplicationDataDirectoryAsFile) and
 * web/src/main/java/org/openmrs/web/Listener.java (setApplicationDataDirectory), with
 * <app> the webapp's context path ("openmrs") and <file> = <app>-runtime.properties:
 *   1. <file> in the current directory of the JVM;
 *   2. the file named by the environment variable <APP>_RUNTIME_PROPERTIES_FILE
 *      (OpenMRS only warns and moves on when it is missing; we make that an error);
 *   3. <file> in the application data directory, which is the JVM system property
 *      OPENMRS_APPLICATION_DATA_DIRECTORY when set (we can only see an environment
 *      variable of that name), else {user.home}/.OpenMRS, else /var/lib/OpenMRS when the
 *      home directory is not writable (since 1.11). Since 2.0 a webapp not named
 *      "openmrs" uses the <app> subdirectory of it; older versions the directory itself.
 * The servlet init parameter application.data.directory (web.xml) cannot be seen from
 * outside Tomcat and is not searched.
 *
 * Then the places OpenMRS ends up on real servers, which the admin running us (often as
 * another user) needs: the Tomcat user's home, i.e. {user.home}/.OpenMRS for Tomcat
 * packages and hand installs (/usr/share/tomcat*, /var/lib/tomcat*, /opt/tomcat*; newest
 * version first), and /openmrs/data, the data directory of the official Docker image
 * (openmrs-core startup.sh: -DOPENMRS_APPLICATION_DATA_DIRECTORY=${OMRS_DATA_DIR}/). */
#include "runtime_props.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strutil.h"

static const char *const TOMCAT_HOME_GLOBS[] = {"/usr/share/tomcat*", "/var/lib/tomcat*",
                                                "/opt/tomcat*", NULL};

const char *omrs_env_getenv(const char *name, void *ctx)
{
    (void)ctx;
    return getenv(name);
}

static const char *env_get(const omrs_env *env, const char *name)
{
    const char *value = env->get ? env->get(name, env->ctx) : NULL;
    return value && *value ? value : NULL;
}

static const char *app_name(const omrs_env *env)
{
    return env->app_name && *env->app_name ? env->app_name : "openmrs";
}

static const char *root_of(const omrs_env *env)
{
    return env->root ? env->root : "";
}

/* ---- the list ---- */

void omrs_path_list_free(omrs_path_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->paths[i]);
        free(l->why[i]);
    }
    free(l->paths);
    free(l->why);
    *l = (omrs_path_list){0};
}

static bool list_has(const omrs_path_list *l, const char *path)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->paths[i], path) == 0)
            return true;
    return false;
}

static int list_grow(omrs_path_list *l)
{
    size_t cap = l->cap ? l->cap * 2 : 16;
    char **paths = realloc(l->paths, cap * sizeof *paths);
    if (!paths)
        return -1;
    l->paths = paths;
    char **why = realloc(l->why, cap * sizeof *why);
    if (!why)
        return -1;
    l->why = why;
    l->cap = cap;
    return 0;
}

/* Adds a copy of path unless it is already listed: the same directory can be reached
 * twice, e.g. when we run as the Tomcat user. */
static int list_add(omrs_path_list *l, const char *path, const char *why, omrs_error *err)
{
    if (list_has(l, path))
        return 0;
    if (l->count == l->cap && list_grow(l) < 0)
        return omrs_fail_nomem(err);
    char *p = NULL, *w = NULL;
    if (omrs_set_str(&p, path) < 0 || omrs_set_str(&w, why) < 0) {
        free(p);
        return omrs_fail_nomem(err);
    }
    l->paths[l->count] = p;
    l->why[l->count] = w;
    l->count++;
    return 0;
}

/* ---- paths ---- */

static int add_joined(omrs_path_list *l, const char *dir, const char *name, const char *why,
                      omrs_error *err)
{
    omrs_buf b = {0};
    const char *sep = omrs_str_ends_with(dir, "/") ? "" : "/";
    if (omrs_buf_printf(&b, "%s%s%s", dir, sep, name) < 0)
        return omrs_fail_nomem(err);
    int rc = list_add(l, b.data, why, err);
    omrs_buf_free(&b);
    return rc;
}

/* <dir>/<app>/<file> (OpenMRS 2.0+ for a webapp not named "openmrs"), then <dir>/<file>. */
static int add_data_dir(omrs_path_list *l, const omrs_env *env, const char *dir, const char *why,
                        omrs_error *err)
{
    const char *app = app_name(env);
    omrs_buf name = {0};
    int rc = 0;
    if (strcmp(app, "openmrs") != 0 &&
        omrs_buf_printf(&name, "%s/%s-runtime.properties", app, app) < 0)
        rc = omrs_fail_nomem(err);
    if (rc == 0 && name.data)
        rc = add_joined(l, dir, name.data, why, err);
    name.len = 0;
    if (rc == 0 && omrs_buf_printf(&name, "%s-runtime.properties", app) < 0)
        rc = omrs_fail_nomem(err);
    if (rc == 0)
        rc = add_joined(l, dir, name.data, why, err);
    omrs_buf_free(&name);
    return rc;
}

static int add_under_root(omrs_path_list *l, const omrs_env *env, const char *dir,
                          const char *why, omrs_error *err)
{
    omrs_buf b = {0};
    if (omrs_buf_printf(&b, "%s%s", root_of(env), dir) < 0)
        return omrs_fail_nomem(err);
    int rc = add_data_dir(l, env, b.data, why, err);
    omrs_buf_free(&b);
    return rc;
}

static int env_var_name(const omrs_env *env, omrs_buf *name)
{
    for (const char *c = app_name(env); *c; c++)
        if (omrs_buf_putc(name, (char)toupper((unsigned char)*c)) < 0)
            return -1;
    return omrs_buf_append(name, "_RUNTIME_PROPERTIES_FILE", strlen("_RUNTIME_PROPERTIES_FILE"));
}

/* OpenMRS step 1: a relative name, resolved against the current directory. */
static int add_current_dir(omrs_path_list *l, const omrs_env *env, omrs_error *err)
{
    omrs_buf name = {0};
    if (omrs_buf_printf(&name, "%s-runtime.properties", app_name(env)) < 0)
        return omrs_fail_nomem(err);
    const char *why = "current directory (OpenMRS looks here first)";
    int rc = env->cwd ? add_joined(l, env->cwd, name.data, why, err)
                      : list_add(l, name.data, why, err);
    omrs_buf_free(&name);
    return rc;
}

/* OpenMRS step 2. */
static int add_named_by_env(omrs_path_list *l, const omrs_env *env, omrs_error *err)
{
    omrs_buf name = {0}, why = {0};
    int rc = 0;
    if (env_var_name(env, &name) < 0 || omrs_buf_printf(&why, "named by $%s", name.data) < 0)
        rc = omrs_fail_nomem(err);
    const char *value = rc == 0 ? env_get(env, name.data) : NULL;
    if (value)
        rc = list_add(l, value, why.data, err);
    omrs_buf_free(&name);
    omrs_buf_free(&why);
    return rc;
}

/* OpenMRS step 3, every way the application data directory can be chosen. */
static int add_app_data_dirs(omrs_path_list *l, const omrs_env *env, omrs_error *err)
{
    const char *dir = env_get(env, "OPENMRS_APPLICATION_DATA_DIRECTORY");
    if (dir && add_data_dir(l, env, dir, "in $OPENMRS_APPLICATION_DATA_DIRECTORY", err) < 0)
        return -1;
    if (env->home && *env->home) {
        omrs_buf b = {0};
        const char *sep = omrs_str_ends_with(env->home, "/") ? "" : "/";
        if (omrs_buf_printf(&b, "%s%s.OpenMRS", env->home, sep) < 0)
            return omrs_fail_nomem(err);
        int rc = add_data_dir(l, env, b.data, "OpenMRS's default data directory, ~/.OpenMRS", err);
        omrs_buf_free(&b);
        if (rc < 0)
            return -1;
    }
    return add_under_root(l, env, "/var/lib/OpenMRS",
                          "OpenMRS's data directory when the home directory is not writable", err);
}

/* ---- Tomcat ---- */

/* Like strverscmp(3): runs of digits compare by value, so tomcat10 > tomcat9. */
static int version_compare(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t na = 0, nb = 0;
            while (isdigit((unsigned char)a[na]))
                na++;
            while (isdigit((unsigned char)b[nb]))
                nb++;
            int c = na != nb ? (na < nb ? -1 : 1) : memcmp(a, b, na);
            if (c)
                return c;
            a += na;
            b += nb;
        } else if (*a != *b) {
            return (unsigned char)*a - (unsigned char)*b;
        } else {
            a++;
            b++;
        }
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static int newest_first(const void *x, const void *y)
{
    return version_compare(*(char *const *)y, *(char *const *)x);
}

/* Only a Tomcat home with a .OpenMRS in it counts, which skips /usr/share/tomcat9-docs
 * and friends. A .OpenMRS we may not look at still counts, so that find() can say so. */
static bool may_exist(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 || (errno != ENOENT && errno != ENOTDIR);
}

static int add_tomcat_matches(omrs_path_list *l, const omrs_env *env, glob_t *g, omrs_error *err)
{
    omrs_buf dir = {0};
    int rc = 0;
    qsort(g->gl_pathv, g->gl_pathc, sizeof *g->gl_pathv, newest_first);
    for (size_t i = 0; i < g->gl_pathc && rc == 0; i++) {
        dir.len = 0;
        if (omrs_buf_printf(&dir, "%s/.OpenMRS", g->gl_pathv[i]) < 0)
            rc = omrs_fail_nomem(err);
        else if (may_exist(dir.data))
            rc = add_data_dir(l, env, dir.data, "the Tomcat user's ~/.OpenMRS", err);
    }
    omrs_buf_free(&dir);
    return rc;
}

static int add_tomcat_homes(omrs_path_list *l, const omrs_env *env, const char *pattern,
                            omrs_error *err)
{
    omrs_buf full = {0};
    if (omrs_buf_printf(&full, "%s%s", root_of(env), pattern) < 0)
        return omrs_fail_nomem(err);
    glob_t g = {0};
    int grc = glob(full.data, GLOB_NOSORT, NULL, &g);
    omrs_buf_free(&full);
    int rc = 0;
    if (grc == GLOB_NOSPACE)
        rc = omrs_fail_nomem(err);
    else if (grc == 0)
        rc = add_tomcat_matches(l, env, &g, err);
    /* GLOB_NOMATCH and GLOB_ABORTED (an unreadable directory) just mean no Tomcat here */
    globfree(&g);
    return rc;
}

/* ---- the search ---- */

static int collect(const omrs_env *env, omrs_path_list *out, omrs_error *err)
{
    if (add_current_dir(out, env, err) < 0 || add_named_by_env(out, env, err) < 0 ||
        add_app_data_dirs(out, env, err) < 0)
        return -1;
    for (size_t i = 0; TOMCAT_HOME_GLOBS[i]; i++)
        if (add_tomcat_homes(out, env, TOMCAT_HOME_GLOBS[i], err) < 0)
            return -1;
    return add_under_root(out, env, "/openmrs/data", "the OpenMRS Docker image's data directory",
                          err);
}

int omrs_runtime_props_candidates(const omrs_env *env, omrs_path_list *out, omrs_error *err)
{
    *out = (omrs_path_list){0};
    int rc = collect(env, out, err);
    if (rc < 0)
        omrs_path_list_free(out);
    return rc;
}

static const char *access_hint(int errnum)
{
    if (errnum == EACCES || errnum == EPERM)
        return " (run omrs-console with sudo or as the user Tomcat runs as, or name a readable "
               "copy with --runtime-properties)";
    return "";
}

/* 1 when path is a readable regular file, 0 when nothing is there, -1 (with err) when
 * something is there that cannot be used: the user must hear about that rather than
 * silently get a file further down the list. */
static int probe(const char *path, const char *why, omrs_error *err)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            return 0;
        return omrs_fail(err, OMRS_ERR_IO, "cannot read %s (%s): %s%s", path, why, strerror(e),
                         access_hint(e));
    }
    if (!S_ISREG(st.st_mode))
        return omrs_fail(err, OMRS_ERR_IO, "%s (%s) is not a regular file", path, why);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        int e = errno;
        return omrs_fail(err, OMRS_ERR_IO, "cannot read %s (%s): %s%s", path, why, strerror(e),
                         access_hint(e));
    }
    close(fd);
    return 1;
}

int omrs_runtime_props_from_env(const omrs_env *env, char **path, omrs_error *err)
{
    *path = NULL;
    omrs_buf name = {0}, why = {0};
    int rc = 0;
    if (env_var_name(env, &name) < 0 || omrs_buf_printf(&why, "named by $%s", name.data) < 0)
        rc = omrs_fail_nomem(err);
    const char *value = rc == 0 ? env_get(env, name.data) : NULL;
    if (value) {
        rc = probe(value, why.data, err);
        if (rc == 0)
            rc = omrs_fail(err, OMRS_ERR_IO, "$%s names %s, which does not exist", name.data,
                           value);
        else if (rc == 1)
            rc = omrs_set_str(path, value) < 0 ? omrs_fail_nomem(err) : 0;
    }
    omrs_buf_free(&name);
    omrs_buf_free(&why);
    return rc;
}

static int first_existing(const omrs_path_list *l, char **found, omrs_error *err)
{
    for (size_t i = 0; i < l->count; i++) {
        int rc = probe(l->paths[i], l->why[i], err);
        if (rc < 0)
            return -1;
        if (rc == 1)
            return omrs_set_str(found, l->paths[i]) < 0 ? omrs_fail_nomem(err) : 0;
    }
    return 0;
}

int omrs_runtime_props_find(const omrs_env *env, char **found, omrs_error *err)
{
    *found = NULL;
    char *named = NULL;
    if (omrs_runtime_props_from_env(env, &named, err) < 0)
        return -1;
    free(named);
    omrs_path_list l;
    if (omrs_runtime_props_candidates(env, &l, err) < 0)
        return -1;
    int rc = first_existing(&l, found, err);
    omrs_path_list_free(&l);
    return rc;
}
