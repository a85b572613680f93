#include "openmrs_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changelog.h"
#include "status.h"
#include "strutil.h"

#define SNAPSHOT_DIR "org/openmrs/liquibase/snapshots"
#define SCHEMA_PREFIX SNAPSHOT_DIR "/schema-only/liquibase-schema-only-"
#define DATA_PREFIX SNAPSHOT_DIR "/core-data/liquibase-core-data-"
#define UPDATE_DIR "org/openmrs/liquibase/updates"
#define UPDATE_PREFIX UPDATE_DIR "/liquibase-update-to-latest-"
#define PRE_24_CHANGELOG "liquibase-update-to-latest.xml"

typedef struct versions {
    char **items;
    size_t count;
} versions;

/* ---- versions found in the source -------------------------------------- */

static void versions_free(versions *v)
{
    lb_resources_free_list(v->items, v->count);
    memset(v, 0, sizeof *v);
}

/* "…/<prefix>2.9.x.xml" → "2.9.x" for every resource under dir named so. */
static int find_versions(lb_resources *r, const char *dir, const char *prefix, versions *out, omrs_error *err)
{
    char **paths = NULL;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    if (lb_resources_list(r, dir, &paths, &n, err) < 0) {
        omrs_error_clear(err);   /* no such directory: this layout has none */
        return 0;
    }
    out->items = calloc(n ? n : 1, sizeof *out->items);
    bool failed = !out->items;
    size_t plen = strlen(prefix);
    for (size_t i = 0; !failed && i < n; i++) {
        if (strncmp(paths[i], prefix, plen) != 0 || !omrs_str_ends_with(paths[i], ".xml"))
            continue;
        out->items[out->count] = strndup(paths[i] + plen, strlen(paths[i]) - plen - 4);
        failed = !out->items[out->count];
        out->count += !failed;
    }
    lb_resources_free_list(paths, n);
    if (failed) {
        versions_free(out);
        return omrs_fail_nomem(err);
    }
    return 0;
}

/* OpenMRS's VersionComparator on "N.N.x": numbers part by part, anything else is 0. */
static int compare_numeric(const char *a, const char *b)
{
    while (*a || *b) {
        char *ea, *eb;
        long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
        if (ea == a || (*ea && *ea != '.'))
            x = 0;
        if (eb == b || (*eb && *eb != '.'))
            y = 0;
        if (x != y)
            return x < y ? -1 : 1;
        a += strcspn(a, ".");
        b += strcspn(b, ".");
        a += *a == '.';
        b += *b == '.';
    }
    return 0;
}

static int by_numeric(const void *a, const void *b)
{
    return compare_numeric(*(char *const *)a, *(char *const *)b);
}

/* ChangeLogDetective sorts snapshot versions with Collections.reverseOrder(): as strings,
 * so "2.9.x" comes before "2.10.x". Kept, because OpenMRS does it. */
static int by_string_descending(const void *a, const void *b)
{
    return strcmp(*(char *const *)b, *(char *const *)a);
}

/* ---- counting what would run -------------------------------------------- */

typedef struct planner {
    omrs_conn *conn;
    lb_resources *resources;
    const char *dbms;
    lb_history history;
} planner;

/* ben's two runAlways changeSets of core-data-1.9.x never count (ChangeLogDetective). */
static bool ignored_by_detective(const char *path, const lb_changeset *cs)
{
    return strstr(path, "liquibase-core-data-1.9.x.xml") && strcmp(cs->author, "ben") == 0
        && (strcmp(cs->id, "disable-foreign-key-checks") == 0 || strcmp(cs->id, "enable-foreign-key-checks") == 0);
}

static int count_due(planner *p, const char *path, size_t *due, omrs_error *err)
{
    lb_changelog cl;
    if (lb_changelog_load(p->resources, path, p->dbms, &cl, err) < 0)
        return -1;
    lb_status st;
    lb_status_options opt = {.dbms = p->dbms, .contexts = LB_OPENMRS_CORE_CONTEXT, .latest_version = 9};
    int rc = lb_status_compute(&cl, &p->history, &opt, &st, err);
    *due = 0;
    for (size_t i = 0; rc == 0 && i < st.count; i++) {
        lb_state s = st.entries[i].state;
        if ((s == LB_PENDING || s == LB_RUN_ALWAYS || s == LB_RUN_ON_CHANGE)
            && !ignored_by_detective(path, st.entries[i].cs))
            (*due)++;
    }
    if (rc == 0)
        lb_status_free(&st);
    lb_changelog_free(&cl);
    return rc;
}

static int add_file(lb_plan *plan, const char *prefix, const char *version, size_t due, omrs_error *err)
{
    lb_plan_file *grown = realloc(plan->files, (plan->count + 1) * sizeof *grown);
    if (!grown)
        return omrs_fail_nomem(err);
    plan->files = grown;
    omrs_buf path = {0};
    if (omrs_buf_printf(&path, "%s%s%s", prefix, version, version[0] ? ".xml" : "") < 0)
        return omrs_fail_nomem(err);
    plan->files[plan->count++] = (lb_plan_file){.path = path.data, .due = due};
    return 0;
}

/* ---- the plan ---------------------------------------------------------- */

static int detect_snapshot(planner *p, versions *snapshots, char *out, size_t size, omrs_error *err)
{
    qsort(snapshots->items, snapshots->count, sizeof *snapshots->items, by_string_descending);
    for (size_t i = 0; i < snapshots->count; i++) {
        omrs_buf schema = {0}, data = {0};
        size_t due_schema = 1, due_data = 1;
        int rc = omrs_buf_printf(&schema, SCHEMA_PREFIX "%s.xml", snapshots->items[i]) < 0
              || omrs_buf_printf(&data, DATA_PREFIX "%s.xml", snapshots->items[i]) < 0
                     ? omrs_fail_nomem(err)
                     : count_due(p, schema.data, &due_schema, err) < 0 || count_due(p, data.data, &due_data, err) < 0
                           ? -1 : 0;
        omrs_buf_free(&schema);
        omrs_buf_free(&data);
        if (rc < 0)
            return -1;
        if (due_schema == 0 && due_data == 0) {
            snprintf(out, size, "%s", snapshots->items[i]);
            return 0;
        }
    }
    snprintf(out, size, "1.9.x");
    return 0;
}

static int add_updates(planner *p, lb_plan *plan, bool keep_all, omrs_error *err)
{
    versions updates;
    if (find_versions(p->resources, UPDATE_DIR, UPDATE_PREFIX, &updates, err) < 0)
        return -1;
    if (updates.count)
        qsort(updates.items, updates.count, sizeof *updates.items, by_numeric);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < updates.count; i++) {
        if (compare_numeric(updates.items[i], plan->snapshot) <= 0)
            continue;
        omrs_buf path = {0};
        size_t due = 0;
        rc = omrs_buf_printf(&path, UPDATE_PREFIX "%s.xml", updates.items[i]) < 0 ? omrs_fail_nomem(err)
                                                                                  : count_due(p, path.data, &due, err);
        omrs_buf_free(&path);
        if (rc == 0 && (due > 0 || keep_all))
            rc = add_file(plan, UPDATE_PREFIX, updates.items[i], due, err);
    }
    versions_free(&updates);
    return rc;
}

static int fresh_plan(planner *p, lb_plan *plan, versions *snapshots, omrs_error *err)
{
    qsort(snapshots->items, snapshots->count, sizeof *snapshots->items, by_numeric);
    const char *newest = snapshots->items[snapshots->count - 1];
    snprintf(plan->snapshot, sizeof plan->snapshot, "%s", newest);
    plan->fresh = true;
    size_t due_schema, due_data;
    omrs_buf schema = {0}, data = {0};
    int rc = omrs_buf_printf(&schema, SCHEMA_PREFIX "%s.xml", newest) < 0
          || omrs_buf_printf(&data, DATA_PREFIX "%s.xml", newest) < 0 ? omrs_fail_nomem(err) : 0;
    if (rc == 0)
        rc = count_due(p, schema.data, &due_schema, err) < 0 || count_due(p, data.data, &due_data, err) < 0 ? -1 : 0;
    if (rc == 0)
        rc = add_file(plan, SCHEMA_PREFIX, newest, due_schema, err) < 0
          || add_file(plan, DATA_PREFIX, newest, due_data, err) < 0 ? -1 : 0;
    omrs_buf_free(&schema);
    omrs_buf_free(&data);
    return rc == 0 ? add_updates(p, plan, true, err) : -1;
}

static bool has_core_history(const lb_history *h)
{
    for (size_t i = 0; i < h->count; i++)
        if (strcmp(h->rows[i].filename, "liquibase.xml") != 0)
            return true;
    return false;
}

static int pre_24_plan(planner *p, lb_plan *plan, omrs_error *err)
{
    if (!lb_resources_exists(p->resources, PRE_24_CHANGELOG))
        return omrs_fail(err, OMRS_ERR_IO, "%s has neither OpenMRS snapshot changelogs (%s) nor %s: is it an "
                         "openmrs-api source?", lb_resources_name(p->resources), SNAPSHOT_DIR, PRE_24_CHANGELOG);
    size_t due;
    if (count_due(p, PRE_24_CHANGELOG, &due, err) < 0)
        return -1;
    plan->fresh = !has_core_history(&p->history);
    return add_file(plan, PRE_24_CHANGELOG, "", due, err);
}

int lb_openmrs_plan(omrs_conn *c, lb_resources *r, const char *dbms, lb_plan *plan, omrs_error *err)
{
    memset(plan, 0, sizeof *plan);
    planner p = {.conn = c, .resources = r, .dbms = dbms};
    versions snapshots = {0};
    int rc = lb_history_load(c, &p.history, err);
    if (rc == 0)
        rc = find_versions(r, SNAPSHOT_DIR "/schema-only", SCHEMA_PREFIX, &snapshots, err);
    if (rc == 0 && snapshots.count == 0)
        rc = pre_24_plan(&p, plan, err);
    else if (rc == 0 && !has_core_history(&p.history))
        rc = fresh_plan(&p, plan, &snapshots, err);
    else if (rc == 0 && (rc = detect_snapshot(&p, &snapshots, plan->snapshot, sizeof plan->snapshot, err)) == 0)
        rc = add_updates(&p, plan, false, err);
    versions_free(&snapshots);
    lb_history_free(&p.history);
    if (rc < 0)
        lb_plan_free(plan);
    return rc;
}

void lb_plan_free(lb_plan *plan)
{
    for (size_t i = 0; i < plan->count; i++)
        free(plan->files[i].path);
    free(plan->files);
    memset(plan, 0, sizeof *plan);
}
