#include "resources.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "strutil.h"
#include "zipentry.h"

struct lb_resources {
    char *dir;        /* directory search path, or NULL for a zip */
    zip_t *zip;       /* jar (possibly opened from memory inside a war or an omod) */
    char name[512];
};

/* ---- paths ------------------------------------------------------------- */

static int push_segment(omrs_buf *out, const char *seg, size_t n)
{
    if (n == 0 || (n == 1 && seg[0] == '.'))
        return 0;
    if (n == 2 && seg[0] == '.' && seg[1] == '.') {
        if (out->len == 0)
            return 1;   /* above the root */
        char *slash = strrchr(out->data, '/');
        out->len = slash ? (size_t)(slash - out->data) : 0;
        out->data[out->len] = '\0';
        return 0;
    }
    if (out->len && omrs_buf_putc(out, '/') < 0)
        return -1;
    return omrs_buf_append(out, seg, n);
}

char *lb_normalize_path(const char *path)
{
    if (strncmp(path, "classpath:", 10) == 0)
        path += 10;
    char *copy = strdup(path);
    if (!copy)
        return NULL;
    for (char *p = copy; *p; p++)
        if (*p == '\\')
            *p = '/';
    const char *p = copy;
    if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':')
        p += 2;
    omrs_buf out = {0};
    int rc = omrs_buf_append(&out, "", 0);
    while (rc == 0 && *p) {
        size_t n = strcspn(p, "/");
        rc = push_segment(&out, p, n);
        p += n + (p[n] == '/');
    }
    free(copy);
    if (rc != 0) {
        omrs_buf_free(&out);
        return NULL;
    }
    return out.data;
}

/* ---- opening ----------------------------------------------------------- */

static lb_resources *resources_new(const char *kind, const char *path)
{
    lb_resources *r = calloc(1, sizeof *r);
    if (r)
        snprintf(r->name, sizeof r->name, "%s %s", kind, path);
    return r;
}

int lb_resources_open_dir(const char *dir, lb_resources **out, omrs_error *err)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return omrs_fail(err, OMRS_ERR_IO, "search path %s: %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return omrs_fail(err, OMRS_ERR_IO, "search path %s: not a directory", dir);
    lb_resources *r = resources_new("directory", dir);
    if (!r || !(r->dir = strdup(dir))) {
        free(r);
        return omrs_fail_nomem(err);
    }
    *out = r;
    return 0;
}

static int zip_fail(const char *path, int code, omrs_error *err)
{
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    int rc = omrs_fail(err, OMRS_ERR_IO, "%s: cannot open as a zip: %s", path, zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return rc;
}

int lb_resources_open_zip(const char *path, lb_resources **out, omrs_error *err)
{
    int code = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &code);
    if (!z)
        return zip_fail(path, code, err);
    lb_resources *r = resources_new("jar", path);
    if (!r) {
        zip_discard(z);
        return omrs_fail_nomem(err);
    }
    r->zip = z;
    *out = r;
    return 0;
}

/* WEB-INF/lib/openmrs-api-<version>.jar; the name is matched, not guessed, because
 * snapshot builds add qualifiers. */
static zip_int64_t find_api_jar(zip_t *war)
{
    zip_int64_t n = zip_get_num_entries(war, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(war, (zip_uint64_t)i, 0);
        if (name && strncmp(name, "WEB-INF/lib/openmrs-api-", 24) == 0 && omrs_str_ends_with(name, ".jar")
            && !strchr(name + 24, '/'))
            return i;
    }
    return -1;
}

/* The jar stored at index inside an open zip becomes the search path, read in memory;
 * named "<jar file name> in <zip_path>" for messages. */
static int open_nested_resources(zip_t *outer, zip_int64_t index, const char *entry, const char *zip_path,
                                 lb_resources **out, omrs_error *err)
{
    zip_t *jar = NULL;
    bool not_a_zip;
    if (omrs_zip_open_nested(outer, index, &jar, &not_a_zip) != 0)
        return omrs_fail(err, OMRS_ERR_IO, "%s: cannot read %s", zip_path, entry);
    lb_resources *r = resources_new("", "");
    if (!r) {
        zip_discard(jar);
        return omrs_fail_nomem(err);
    }
    const char *slash = strrchr(entry, '/');
    snprintf(r->name, sizeof r->name, "%s in %s", slash ? slash + 1 : entry, zip_path);
    r->zip = jar;
    *out = r;
    return 0;
}

int lb_resources_open_war(const char *path, lb_resources **out, omrs_error *err)
{
    int code = 0;
    zip_t *war = zip_open(path, ZIP_RDONLY, &code);
    if (!war)
        return zip_fail(path, code, err);
    zip_int64_t index = find_api_jar(war);
    int rc = index < 0
        ? omrs_fail(err, OMRS_ERR_IO, "%s: no WEB-INF/lib/openmrs-api-*.jar inside: is it an openmrs.war?", path)
        : open_nested_resources(war, index, zip_get_name(war, (zip_uint64_t)index, 0), path, out, err);
    zip_discard(war);
    return rc;
}

int lb_war_core_version(const char *path, char **version, omrs_error *err)
{
    int code = 0;
    zip_t *war = zip_open(path, ZIP_RDONLY, &code);
    if (!war)
        return zip_fail(path, code, err);
    zip_int64_t index = find_api_jar(war);
    const char *name = index < 0 ? NULL : zip_get_name(war, (zip_uint64_t)index, 0);
    int rc = !name ? omrs_fail(err, OMRS_ERR_IO, "%s: no WEB-INF/lib/openmrs-api-*.jar inside: is it an openmrs.war?",
                               path)
             : !(*version = strndup(name + 24, strlen(name) - 24 - 4)) ? omrs_fail_nomem(err) : 0;
    zip_discard(war);
    return rc;
}

int lb_resources_open_zip_entry(const char *zip_path, const char *entry, lb_resources **out, omrs_error *err)
{
    int code = 0;
    zip_t *z = zip_open(zip_path, ZIP_RDONLY, &code);
    if (!z)
        return zip_fail(zip_path, code, err);
    zip_int64_t index = zip_name_locate(z, entry, 0);
    int rc = index < 0 ? omrs_fail(err, OMRS_ERR_IO, "%s: no %s inside", zip_path, entry)
                       : open_nested_resources(z, index, entry, zip_path, out, err);
    zip_discard(z);
    return rc;
}

/* ---- reading ----------------------------------------------------------- */

static int read_from_dir(lb_resources *r, const char *path, char **data, size_t *len, omrs_error *err)
{
    omrs_buf full = {0};
    if (omrs_buf_printf(&full, "%s/%s", r->dir, path) < 0)
        return omrs_fail_nomem(err);
    int rc = omrs_read_file(full.data, data, len);
    if (rc < 0)
        rc = omrs_fail(err, OMRS_ERR_IO, "%s: %s (search path %s)", path, strerror(errno), r->dir);
    omrs_buf_free(&full);
    return rc;
}

int lb_resources_read(lb_resources *r, const char *path, char **data, size_t *len, omrs_error *err)
{
    if (r->dir)
        return read_from_dir(r, path, data, len, err);
    zip_int64_t index = zip_name_locate(r->zip, path, 0);
    if (index < 0)
        return omrs_fail(err, OMRS_ERR_IO, "%s: not found in %s", path, r->name);
    if (omrs_zip_read_entry(r->zip, index, data, len) != 0)
        return omrs_fail(err, OMRS_ERR_IO, "%s: cannot read it from %s", path, r->name);
    return 0;
}

struct lb_stream {
    int fd;           /* a file below the search directory, or -1 */
    zip_file_t *zf;   /* an entry of the jar */
};

int lb_resources_open_stream(lb_resources *r, const char *path, lb_stream **out, omrs_error *err)
{
    lb_stream *s = calloc(1, sizeof *s);
    if (!s)
        return omrs_fail_nomem(err);
    s->fd = -1;
    int rc = 0;
    if (r->dir) {
        omrs_buf full = {0};
        if (omrs_buf_printf(&full, "%s/%s", r->dir, path) < 0)
            rc = omrs_fail_nomem(err);
        else if ((s->fd = open(full.data, O_RDONLY | O_CLOEXEC)) < 0)
            rc = omrs_fail(err, OMRS_ERR_IO, "%s: %s (search path %s)", path, strerror(errno), r->dir);
        omrs_buf_free(&full);
    } else {
        zip_int64_t index = zip_name_locate(r->zip, path, 0);
        if (index < 0)
            rc = omrs_fail(err, OMRS_ERR_IO, "%s: not found in %s", path, r->name);
        else if (!(s->zf = zip_fopen_index(r->zip, (zip_uint64_t)index, 0)))
            rc = omrs_fail(err, OMRS_ERR_IO, "%s: cannot read it from %s", path, r->name);
    }
    if (rc < 0) {
        free(s);
        return rc;
    }
    *out = s;
    return 0;
}

int lb_stream_read(lb_stream *s, char *buf, int len)
{
    if (s->zf)
        return (int)zip_fread(s->zf, buf, (zip_uint64_t)len);
    ssize_t n;
    do
        n = read(s->fd, buf, (size_t)len);
    while (n < 0 && errno == EINTR);
    return (int)n;
}

void lb_stream_close(lb_stream *s)
{
    if (!s)
        return;
    if (s->zf)
        zip_fclose(s->zf);
    if (s->fd >= 0)
        close(s->fd);
    free(s);
}

bool lb_resources_exists(lb_resources *r, const char *path)
{
    if (!r->dir)
        return zip_name_locate(r->zip, path, 0) >= 0;
    omrs_buf full = {0};
    struct stat st;
    bool found = omrs_buf_printf(&full, "%s/%s", r->dir, path) == 0 && stat(full.data, &st) == 0
              && S_ISREG(st.st_mode);
    omrs_buf_free(&full);
    return found;
}

/* ---- listing (includeAll) ---------------------------------------------- */

static int list_dir(const char *root, const char *rel, omrs_strlist *l)
{
    omrs_buf full = {0};
    if (omrs_buf_printf(&full, "%s/%s", root, rel) < 0)
        return -1;
    DIR *d = opendir(full.data);
    omrs_buf_free(&full);
    if (!d)
        return -1;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        omrs_buf child = {0};
        rc = omrs_buf_printf(&child, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        struct stat st;
        omrs_buf child_full = {0};
        if (rc == 0)
            rc = omrs_buf_printf(&child_full, "%s/%s", root, child.data);
        if (rc == 0 && stat(child_full.data, &st) == 0)
            rc = S_ISDIR(st.st_mode) ? list_dir(root, child.data, l) : omrs_strlist_push(l, child.data, child.len);
        omrs_buf_free(&child);
        omrs_buf_free(&child_full);
    }
    closedir(d);
    return rc;
}

static int list_zip(zip_t *z, const char *dir, omrs_strlist *l)
{
    size_t n = strlen(dir);
    zip_int64_t entries = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < entries; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        if (name && strncmp(name, dir, n) == 0 && (n == 0 || name[n] == '/') && !omrs_str_ends_with(name, "/")
            && omrs_strlist_push(l, name, strlen(name)) < 0)
            return -1;
    }
    return 0;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int lb_resources_list(lb_resources *r, const char *dir, char ***paths, size_t *count, omrs_error *err)
{
    omrs_strlist l = {0};
    int rc = r->dir ? list_dir(r->dir, dir, &l) : list_zip(r->zip, dir, &l);
    if (rc < 0) {
        lb_resources_free_list(l.items, l.count);
        return omrs_fail(err, OMRS_ERR_IO, "includeAll %s: cannot list it in %s", dir, r->name);
    }
    if (l.count)
        qsort(l.items, l.count, sizeof *l.items, compare_paths);
    *paths = l.items;
    *count = l.count;
    return 0;
}

void lb_resources_free_list(char **paths, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(paths[i]);
    free(paths);
}

const char *lb_resources_name(const lb_resources *r)
{
    return r->name;
}

void lb_resources_free(lb_resources *r)
{
    if (!r)
        return;
    if (r->zip)
        zip_discard(r->zip);
    free(r->dir);
    free(r);
}
