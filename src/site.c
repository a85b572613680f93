#include "site.h"

#include <mysqld_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strutil.h"

#define MODULE_HISTORY_FILENAME "liquibase.xml"

/* ---- tables present ---------------------------------------------------- */

static int note_table(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len; (void)n;
    omrs_site *site = ctx;
    if (strcmp(row[0], "liquibasechangelog") == 0)
        site->has_history_table = true;
    else if (strcmp(row[0], "liquibasechangeloglock") == 0)
        site->has_lock_table = true;
    else if (strcmp(row[0], "sync_server") == 0)
        site->sync_role = OMRS_SYNC_NONE;
    return 0;
}

static int load_tables(omrs_conn *c, omrs_site *site, omrs_error *err)
{
    return omrs_conn_each_row(c,
        "SELECT LOWER(TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
        "AND LOWER(TABLE_NAME) IN ('liquibasechangelog', 'liquibasechangeloglock', 'sync_server')",
        note_table, site, err);
}

/* ---- server and session ------------------------------------------------ */

static int note_server(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len; (void)n;
    omrs_site *site = ctx;
    site->is_mariadb = omrs_version_is_mariadb(row[0]);
    return omrs_set_str(&site->server_version, row[0]) || omrs_set_str(&site->database, row[1])
        || omrs_set_str(&site->account, row[2]);
}

/* ---- global properties ------------------------------------------------- */

static omrs_module_gps *module_slot(omrs_site *site, const char *id, size_t id_len)
{
    for (size_t i = 0; i < site->module_count; i++)
        if (strlen(site->modules[i].id) == id_len && memcmp(site->modules[i].id, id, id_len) == 0)
            return &site->modules[i];
    omrs_module_gps *grown = realloc(site->modules, (site->module_count + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    site->modules = grown;
    omrs_module_gps *m = &grown[site->module_count];
    memset(m, 0, sizeof *m);
    if (!(m->id = strndup(id, id_len)))
        return NULL;
    site->module_count++;
    return m;
}

/* `<id>.<suffix>` names a module GP; returns the id length or 0. */
static size_t module_id_length(const char *property, const char *suffix)
{
    size_t n = strlen(property), m = strlen(suffix);
    return n > m + 1 && property[n - m - 1] == '.' && strcmp(property + n - m, suffix) == 0 ? n - m - 1 : 0;
}

static int note_module_gp(omrs_site *site, const char *property, const char *value)
{
    static const char *const suffixes[] = {"started", "mandatory", "database_version"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        size_t id_len = module_id_length(property, suffixes[i]);
        if (!id_len)
            continue;
        omrs_module_gps *m = module_slot(site, property, id_len);
        if (!m)
            return -1;
        char **slot = i == 0 ? &m->started : i == 1 ? &m->mandatory : &m->database_version;
        return omrs_set_str(slot, value);
    }
    size_t n = strlen(property);
    if (strncmp(property, "module.", 7) == 0 && n > 15 && strcmp(property + n - 8, ".version") == 0) {
        omrs_module_gps *m = module_slot(site, property + 7, n - 15);
        return m ? omrs_set_str(&m->version, value) : -1;
    }
    return 0;
}

static int note_gp(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len; (void)n;
    omrs_site *site = ctx;
    const char *property = row[0], *value = row[1];
    if (strcmp(property, "core.version") == 0)
        return omrs_set_str(&site->core_version, value)
            || omrs_set_str(&site->core_version_basis, "global property core.version");
    if (strcmp(property, "sync.server_uuid") == 0)
        return omrs_set_str(&site->sync_server_uuid, value);
    if (strcmp(property, "sync.server_name") == 0)
        return omrs_set_str(&site->sync_server_name, value);
    return note_module_gp(site, property, value);
}

static int load_global_properties(omrs_conn *c, omrs_site *site, omrs_error *err)
{
    static const char sql[] =
        "SELECT property, property_value FROM global_property "
        "WHERE property IN ('core.version', 'sync.server_uuid', 'sync.server_name') "
        "OR property LIKE '%.started' OR property LIKE '%.mandatory' "
        "OR property LIKE '%.database_version' OR property LIKE 'module.%.version' "
        "ORDER BY property";
    if (omrs_conn_each_row(c, sql, note_gp, site, err) == 0)
        return 0;
    if (mysql_errno(c->mysql) == ER_NO_SUCH_TABLE)
        return omrs_fail(err, OMRS_ERR_NOT_OPENMRS,
                         "database '%s' is not an OpenMRS database: it has no global_property table; "
                         "name the OpenMRS database with --database or in connection.url",
                         site->database ? site->database : "?");
    return -1;
}

/* ---- core version from the Liquibase history --------------------------- */

typedef struct version_scan {
    omrs_site *site;
    char best[32];            /* newest "N.N.x" seen in a core changelog file name */
    char best_file[256];
    char newest_liquibase[32];
} version_scan;

/* Extracts "2.9.x" from ".../liquibase-update-to-latest-2.9.x.xml" and snapshot names. */
static bool version_in_filename(const char *file, char *out, size_t size)
{
    static const char *const stems[] = {
        "liquibase-update-to-latest-", "liquibase-schema-only-", "liquibase-core-data-"};
    for (size_t i = 0; i < sizeof stems / sizeof *stems; i++) {
        const char *p = strstr(file, stems[i]);
        if (!p)
            continue;
        p += strlen(stems[i]);
        size_t n = strcspn(p, "x");
        if (n == 0 || strcmp(p + n, "x.xml") != 0 || n + 2 > size)
            continue;
        snprintf(out, size, "%.*sx", (int)n, p);
        return true;
    }
    return false;
}

/* Compares dotted versions numerically, part by part ("2.10.x" > "2.9.x"). */
static int compare_dotted(const char *a, const char *b)
{
    while (*a || *b) {
        long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        a += strcspn(a, "."); b += strcspn(b, ".");
        if (*a) a++;
        if (*b) b++;
        if (*a == 'x' || *b == 'x')
            break;
    }
    return 0;
}

static int note_history_file(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len; (void)n;
    version_scan *scan = ctx;
    const char *file = row[0];
    long rows = strtol(row[1], NULL, 10);
    if (strcmp(file, MODULE_HISTORY_FILENAME) == 0) {
        scan->site->module_changesets += rows;
        return 0;
    }
    scan->site->core_changesets += rows;
    if (row[2] && compare_dotted(row[2], scan->newest_liquibase) > 0)
        snprintf(scan->newest_liquibase, sizeof scan->newest_liquibase, "%s", row[2]);
    char version[32];
    if (version_in_filename(file, version, sizeof version)
        && (!scan->best[0] || compare_dotted(version, scan->best) > 0)) {
        snprintf(scan->best, sizeof scan->best, "%s", version);
        snprintf(scan->best_file, sizeof scan->best_file, "%s", file);
    }
    return 0;
}

/* Before 2.5 every core changelog recorded a logical name without a version, so the
 * Liquibase release that wrote the rows is the best remaining clue. */
static int infer_from_scan(omrs_site *site, const version_scan *scan)
{
    char basis[512];
    const char *version;
    if (scan->best[0]) {
        version = scan->best;
        snprintf(basis, sizeof basis, "newest core changelog applied: %s", scan->best_file);
    } else if (site->core_changesets == 0) {
        return 0;
    } else if (scan->newest_liquibase[0] == '3') {
        version = "2.4.x";
        snprintf(basis, sizeof basis, "pre-2.5 changelog names written by Liquibase %s",
                 scan->newest_liquibase);
    } else {
        version = "2.3.x or older";
        snprintf(basis, sizeof basis, "pre-2.4 changelog names written by Liquibase %s",
                 scan->newest_liquibase[0] ? scan->newest_liquibase : "(unknown)");
    }
    return omrs_set_str(&site->core_version, version) || omrs_set_str(&site->core_version_basis, basis);
}

static int note_last_changeset(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len; (void)n;
    omrs_changeset_ref *ref = ctx;
    return omrs_set_str(&ref->id, row[0]) || omrs_set_str(&ref->author, row[1])
        || omrs_set_str(&ref->filename, row[2]) || omrs_set_str(&ref->date_executed, row[3]);
}

static int load_history(omrs_conn *c, omrs_site *site, omrs_error *err)
{
    if (!site->has_history_table)
        return 0;
    version_scan scan = {.site = site};
    if (omrs_conn_each_row(c,
            "SELECT FILENAME, COUNT(*), MAX(LIQUIBASE) FROM liquibasechangelog GROUP BY FILENAME",
            note_history_file, &scan, err) < 0)
        return -1;
    if (!site->core_version && infer_from_scan(site, &scan) < 0)
        return omrs_fail_nomem(err);
    return omrs_conn_each_row(c,
        "SELECT ID, AUTHOR, FILENAME, DATE_FORMAT(DATEEXECUTED, '%Y-%m-%d %H:%i:%s') "
        "FROM liquibasechangelog WHERE FILENAME <> '" MODULE_HISTORY_FILENAME "' "
        "ORDER BY DATEEXECUTED DESC, ORDEREXECUTED DESC LIMIT 1",
        note_last_changeset, &site->last_core_changeset, err);
}

/* ---- sync role and lock ------------------------------------------------ */

static int note_server_type(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len; (void)n;
    omrs_site *site = ctx;
    long count = strtol(row[1], NULL, 10);
    if (row[0] && strcmp(row[0], "PARENT") == 0)
        site->sync_parents += count;
    else if (row[0] && (strcmp(row[0], "CHILD") == 0 || strcmp(row[0], "OTHER") == 0))
        site->sync_children += count;
    return 0;
}

static int load_sync_role(omrs_conn *c, omrs_site *site, omrs_error *err)
{
    if (site->sync_role == OMRS_SYNC_NOT_INSTALLED)
        return 0;
    if (omrs_conn_each_row(c, "SELECT server_type, COUNT(*) FROM sync_server GROUP BY server_type",
                           note_server_type, site, err) < 0)
        return -1;
    site->sync_role = omrs_sync_role_of(site->sync_parents, site->sync_children);
    return 0;
}

omrs_sync_role omrs_sync_role_of(long parents, long children)
{
    return parents && children ? OMRS_SYNC_BOTH : parents ? OMRS_SYNC_CHILD
         : children ? OMRS_SYNC_PARENT : OMRS_SYNC_NONE;
}

static int note_lock(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len; (void)n;
    omrs_site *site = ctx;
    site->lock_held = row[0] && strtol(row[0], NULL, 10) != 0;
    return omrs_set_str(&site->lock_granted, row[1]) || omrs_set_str(&site->locked_by, row[2]);
}

static int load_lock(omrs_conn *c, omrs_site *site, omrs_error *err)
{
    if (!site->has_lock_table)
        return 0;
    return omrs_conn_each_row(c,
        "SELECT LOCKED, DATE_FORMAT(LOCKGRANTED, '%Y-%m-%d %H:%i:%s'), LOCKEDBY "
        "FROM liquibasechangeloglock WHERE ID = 1", note_lock, site, err);
}

/* ---- public ------------------------------------------------------------ */

int omrs_site_load(omrs_conn *c, omrs_site *site, omrs_error *err)
{
    memset(site, 0, sizeof *site);
    site->read_only = c->read_only;
    if (omrs_conn_each_row(c, "SELECT VERSION(), DATABASE(), CURRENT_USER()", note_server, site, err) < 0
        || load_tables(c, site, err) < 0
        || load_global_properties(c, site, err) < 0
        || load_history(c, site, err) < 0
        || load_sync_role(c, site, err) < 0
        || load_lock(c, site, err) < 0) {
        omrs_site_free(site);
        return -1;
    }
    return 0;
}

static void changeset_ref_free(omrs_changeset_ref *ref)
{
    free(ref->id); free(ref->author); free(ref->filename); free(ref->date_executed);
}

void omrs_site_free(omrs_site *site)
{
    for (size_t i = 0; i < site->module_count; i++) {
        omrs_module_gps *m = &site->modules[i];
        free(m->id); free(m->started); free(m->mandatory); free(m->database_version); free(m->version);
    }
    free(site->modules);
    free(site->server_version); free(site->database); free(site->account);
    free(site->core_version); free(site->core_version_basis);
    changeset_ref_free(&site->last_core_changeset);
    free(site->sync_server_uuid); free(site->sync_server_name);
    free(site->lock_granted); free(site->locked_by);
    memset(site, 0, sizeof *site);
}

bool omrs_version_is_mariadb(const char *server_version)
{
    for (const char *p = server_version; p && *p; p++)
        if (strncasecmp(p, "mariadb", 7) == 0)
            return true;
    return false;
}

const char *omrs_site_display_name(const omrs_site *site)
{
    if (site->sync_server_name && site->sync_server_name[0])
        return site->sync_server_name;
    return site->database ? site->database : "?";
}

const char *omrs_sync_role_name(omrs_sync_role role)
{
    switch (role) {
    case OMRS_SYNC_NOT_INSTALLED: return "not installed";
    case OMRS_SYNC_NONE: return "none";
    case OMRS_SYNC_PARENT: return "parent";
    case OMRS_SYNC_CHILD: return "child";
    case OMRS_SYNC_BOTH: return "parent and child";
    }
    return "?";
}
