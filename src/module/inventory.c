#include "inventory.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apply.h"
#include "resources.h"
#include "history.h"
#include "status.h"
#include "strutil.h"
#include "version.h"

/* ---- finding the files ------------------------------------------------- */

static int default_modules_dir(omrs_buf *dir, omrs_error *err)
{
    const char *data = getenv("OPENMRS_APPLICATION_DATA_DIRECTORY");
    const char *home = getenv("HOME");
    int rc = data && *data ? omrs_buf_printf(dir, "%s/modules", data)
                           : omrs_buf_printf(dir, "%s/.OpenMRS/modules", home ? home : "");
    return rc < 0 ? omrs_fail_nomem(err) : 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.omod of dir, sorted by name (OpenMRS's own order is the directory's, undefined). */
static int list_omods(const char *dir, omrs_strlist *paths, omrs_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return omrs_fail(err, OMRS_ERR_IO, "modules directory %s: %s (give --modules-dir or --omod)", dir,
                         strerror(errno));
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d));) {
        if (e->d_name[0] == '.' || !omrs_str_ends_with(e->d_name, ".omod"))
            continue;
        omrs_buf full = {0};
        rc = omrs_buf_printf(&full, "%s/%s", dir, e->d_name) < 0 || omrs_strlist_push(paths, full.data, full.len) < 0
                 ? omrs_fail_nomem(err) : 0;
        omrs_buf_free(&full);
    }
    closedir(d);
    if (rc == 0 && paths->count)
        qsort(paths->items, paths->count, sizeof *paths->items, compare_names);
    return rc;
}

static int module_paths(const char *omod, const char *modules_dir, omrs_strlist *paths, omrs_error *err)
{
    if (omod)
        return omrs_strlist_push(paths, omod, strlen(omod)) < 0 ? omrs_fail_nomem(err) : 0;
    omrs_buf dir = {0};
    int rc = modules_dir ? (omrs_buf_printf(&dir, "%s", modules_dir) < 0 ? omrs_fail_nomem(err) : 0)
                         : default_modules_dir(&dir, err);
    if (rc == 0)
        rc = list_omods(dir.data, paths, err);
    omrs_buf_free(&dir);
    return rc;
}

/* ---- plans ------------------------------------------------------------- */

static const omrs_module_gps *gps_of(const omrs_site *site, const char *id)
{
    for (size_t i = 0; i < site->module_count; i++)
        if (strcasecmp(site->modules[i].id, id) == 0)   /* OpenMRS looks GPs up ignoring case */
            return &site->modules[i];
    return NULL;
}

bool omrs_module_row_starts(const omrs_module_row *r)
{
    return omrs_module_would_start(r->gps ? r->gps->started : NULL, r->gps ? r->gps->mandatory : NULL,
                                   r->omod.config.mandatory);
}

bool omrs_module_inventory_qualifiers(const omrs_module_inventory *inv)
{
    return !inv->site.core_version || omrs_core_compares_qualifiers(inv->site.core_version);
}

static int plan_rows(omrs_module_inventory *inv, omrs_error *err)
{
    omrs_module_peer *peers = calloc(inv->count + 1, sizeof *peers);
    if (!peers)
        return omrs_fail_nomem(err);
    size_t n = 0;
    for (size_t i = 0; i < inv->count; i++)
        if (inv->rows[i].opened)
            peers[n++] = (omrs_module_peer){inv->rows[i].omod.config.package, inv->rows[i].omod.config.version,
                                            omrs_module_row_starts(&inv->rows[i])};
    for (size_t i = 0; i < inv->count; i++) {
        omrs_module_row *r = &inv->rows[i];
        if (r->opened)
            r->planned = omrs_module_plan_make(&r->omod, inv->site.core_version,
                                               r->gps ? r->gps->database_version : NULL, peers, n, &r->plan,
                                               &r->error) == 0;
    }
    free(peers);
    return 0;
}

/* ---- liquibase.xml ----------------------------------------------------- */

static void count_changesets(omrs_module_row *r, const lb_changelog *cl, lb_history *h, const char *dbms)
{
    lb_status st;
    omrs_error err = {0};
    lb_status_options so = {.dbms = dbms, .contexts = NULL, .latest_version = 9};
    if (lb_status_compute(cl, h, &so, &st, &err) < 0) {
        omrs_set_str(&r->liquibase_error, err.message);
        return;
    }
    r->liquibase_read = true;
    r->liquibase_pending = st.counts[LB_PENDING] + st.counts[LB_RUN_ALWAYS] + st.counts[LB_RUN_ON_CHANGE];
    r->liquibase_changed = st.counts[LB_CHANGED];
    lb_status_free(&st);
}

static void read_liquibase(omrs_module_inventory *inv, omrs_module_row *r, lb_history *h)
{
    lb_resources *res = NULL;
    lb_changelog cl;
    bool found = false;
    omrs_error err = {0};
    if (omrs_module_changelog_load(&r->omod, inv->dbms, &res, &cl, &found, &err) < 0) {
        omrs_set_str(&r->liquibase_error, err.message);
        return;
    }
    if (!found)
        return;
    r->liquibase_due = omrs_module_liquibase_due(inv->site.core_version, r->gps ? r->gps->version : NULL,
                                                 r->omod.config.version);
    count_changesets(r, &cl, h, inv->dbms);
    lb_changelog_free(&cl);
    lb_resources_free(res);
}

static int liquibase_rows(omrs_conn *c, omrs_module_inventory *inv, omrs_error *err)
{
    bool any = false;
    for (size_t i = 0; i < inv->count; i++)
        any |= inv->rows[i].opened && inv->rows[i].omod.liquibase_source;
    if (!any)
        return 0;
    lb_history h;
    if (lb_history_load(c, &h, err) < 0)
        return -1;
    for (size_t i = 0; i < inv->count; i++)
        if (inv->rows[i].opened)
            read_liquibase(inv, &inv->rows[i], &h);
    lb_history_free(&h);
    return 0;
}

/* ---- the whole --------------------------------------------------------- */

/* The core an openmrs.war would bring replaces what the database says. */
static int core_from_war(const char *war, omrs_site *site, omrs_error *err)
{
    char *version = NULL;
    if (lb_war_core_version(war, &version, err) < 0)
        return -1;
    free(site->core_version);
    site->core_version = version;
    return omrs_set_str(&site->core_version_basis, war) < 0 ? omrs_fail_nomem(err) : 0;
}

int omrs_module_inventory_load(omrs_conn *c, const omrs_module_sources *from, omrs_module_inventory *inv,
                               omrs_error *err)
{
    memset(inv, 0, sizeof *inv);
    omrs_strlist paths = {0};
    int rc = module_paths(from->omod, from->modules_dir, &paths, err);
    if (rc < 0 && from->missing_dir_ok && err->code == OMRS_ERR_IO && !from->omod) {
        rc = omrs_set_str(&inv->dir_note, err->message) < 0 ? omrs_fail_nomem(err) : 0;
        *err = (omrs_error){0};
    }
    if (rc == 0)
        rc = omrs_site_load(c, &inv->site, err);
    if (rc == 0 && from->war)
        rc = core_from_war(from->war, &inv->site, err);
    inv->dbms = inv->site.is_mariadb ? "mariadb" : "mysql";
    if (rc == 0 && paths.count && !(inv->rows = calloc(paths.count, sizeof *inv->rows)))
        rc = omrs_fail_nomem(err);
    for (size_t i = 0; rc == 0 && i < paths.count; i++, inv->count++) {
        omrs_module_row *r = &inv->rows[i];
        r->path = paths.items[i];
        paths.items[i] = NULL;
        r->opened = omrs_omod_open(r->path, &r->omod, &r->error) == 0;
        r->gps = r->opened ? gps_of(&inv->site, r->omod.config.id) : NULL;
    }
    omrs_strlist_free(&paths);
    if (rc == 0)
        rc = plan_rows(inv, err);
    return rc == 0 ? liquibase_rows(c, inv, err) : rc;
}

void omrs_module_inventory_free(omrs_module_inventory *inv)
{
    for (size_t i = 0; i < inv->count; i++) {
        omrs_module_row *r = &inv->rows[i];
        free(r->path);
        free(r->liquibase_error);
        if (r->opened)
            omrs_omod_close(&r->omod);
        if (r->planned)
            omrs_module_plan_free(&r->plan);
    }
    free(inv->rows);
    free(inv->dir_note);
    omrs_site_free(&inv->site);
    memset(inv, 0, sizeof *inv);
}

omrs_module_row *omrs_module_inventory_find(omrs_module_inventory *inv, const char *id)
{
    for (size_t i = 0; i < inv->count; i++)
        if (inv->rows[i].opened && strcmp(inv->rows[i].omod.config.id, id) == 0)
            return &inv->rows[i];
    for (size_t i = 0; i < inv->count; i++)
        if (inv->rows[i].opened && strcasecmp(inv->rows[i].omod.config.id, id) == 0)
            return &inv->rows[i];
    return NULL;
}

bool omrs_module_inventory_has_file(const omrs_module_inventory *inv, const char *id)
{
    for (size_t i = 0; i < inv->count; i++)
        if (inv->rows[i].opened && strcasecmp(inv->rows[i].omod.config.id, id) == 0)
            return true;
    return false;
}

size_t omrs_module_inventory_problems(const omrs_module_inventory *inv)
{
    size_t n = 0;
    for (size_t i = 0; i < inv->count; i++)
        n += !inv->rows[i].planned ? 1 : inv->rows[i].plan.problems.count;
    return n;
}
