#include "uninstall.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which rows are the module's: one definition for the survey and the statements. */
#define TASK_CLASSES "('org.openmrs.module.sync.scheduler.CleanupSyncTablesTask', " \
                     "'org.openmrs.module.sync.scheduler.SyncTransmissionLogTableCleanUpTask', " \
                     "'org.openmrs.module.sync.SyncTask')"
#define GP_WHERE "property LIKE 'sync.%' OR property = 'module.sync.version'"
#define PRIVILEGES "('View Synchronization Status', 'View Synchronization Records', 'Manage Synchronization')"
/* ESCAPE '!' keeps '_' literal whatever NO_BACKSLASH_ESCAPES says. */
#define CHANGELOG_WHERE "ID LIKE 'sync!_sqldiff!_%' ESCAPE '!' OR ID LIKE 'sync-20120327-%' " \
                        "OR ID LIKE 'sync!_2018-%' ESCAPE '!'"

/* Referencing tables before the tables they reference (1.2): the log records point at
 * sync_record and the log; the log, sync_import, server records and server classes
 * point at sync_server; server records at sync_record; server classes at sync_class. */
static const char *const statements[] = {
    "DROP TABLE IF EXISTS sync_transmission_log_record, sync_transmission_log",
    "DROP TABLE IF EXISTS sync_server_record, sync_server_class, sync_import",
    "DROP TABLE IF EXISTS sync_server, sync_class, sync_record",
    "START TRANSACTION",
    "DELETE p FROM scheduler_task_config_property p JOIN scheduler_task_config t "
    "ON t.task_config_id = p.task_config_id WHERE t.schedulable_class IN " TASK_CLASSES,
    "DELETE FROM scheduler_task_config WHERE schedulable_class IN " TASK_CLASSES,
    "DELETE FROM global_property WHERE " GP_WHERE,
    "DELETE FROM role_privilege WHERE privilege IN " PRIVILEGES,
    "DELETE FROM privilege WHERE privilege IN " PRIVILEGES,
    "DELETE FROM liquibasechangelog WHERE " CHANGELOG_WHERE,
    "COMMIT",
};

static const char *const tables[] = {
    "sync_transmission_log_record", "sync_transmission_log", "sync_server_record", "sync_server_class",
    "sync_import", "sync_server", "sync_class", "sync_record",
};

/* The survey's row counts, in the order of the DELETEs. */
static const struct {
    const char *what, *count_sql;
} kinds[] = {
    {"scheduler task(s)", "SELECT COUNT(*) FROM scheduler_task_config WHERE schedulable_class IN " TASK_CLASSES},
    {"scheduler task propert(ies)", "SELECT COUNT(*) FROM scheduler_task_config_property p JOIN scheduler_task_config "
                                    "t ON t.task_config_id = p.task_config_id WHERE t.schedulable_class IN "
                                    TASK_CLASSES},
    {"global propert(ies) sync.* and module.sync.version", "SELECT COUNT(*) FROM global_property WHERE " GP_WHERE},
    {"privilege(s) of the module", "SELECT COUNT(*) FROM privilege WHERE privilege IN " PRIVILEGES},
    {"role_privilege row(s) granting them", "SELECT COUNT(*) FROM role_privilege WHERE privilege IN " PRIVILEGES},
    {"liquibasechangelog row(s) of the module", "SELECT COUNT(*) FROM liquibasechangelog WHERE " CHANGELOG_WHERE},
};

const char *const *omrs_sync_uninstall_sql(size_t *count)
{
    *count = sizeof statements / sizeof *statements;
    return statements;
}

static int take_first(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    return row[0] ? omrs_set_str(ctx, row[0]) : 0;
}

static int count_rows(omrs_conn *c, const char *sql, long long *n, omrs_error *err)
{
    char *text = NULL;
    int rc = omrs_conn_each_row(c, sql, take_first, &text, err);
    *n = text ? atoll(text) : 0;
    free(text);
    return rc;
}

static int found_line(omrs_strlist *found, bool table, long long n, const char *what)
{
    char line[256];
    if (table)
        snprintf(line, sizeof line, "table %-29s (%lld row(s))", what, n);
    else
        snprintf(line, sizeof line, "%lld %s", n, what);
    return omrs_strlist_push(found, line, strlen(line));
}

static int survey_tables(omrs_conn *c, omrs_strlist *found, size_t *total, omrs_error *err)
{
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        bool exists = false;
        if (omrs_conn_table_exists(c, tables[i], &exists, err) < 0)
            return -1;
        if (!exists)
            continue;
        char sql[96];
        long long n = 0;
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", tables[i]);
        if (count_rows(c, sql, &n, err) < 0)
            return -1;
        if (found_line(found, true, n, tables[i]) < 0)
            return omrs_fail_nomem(err);
        *total += 1;
    }
    return 0;
}

int omrs_sync_uninstall_survey(omrs_conn *c, omrs_strlist *found, size_t *total, omrs_error *err)
{
    *total = 0;
    if (survey_tables(c, found, total, err) < 0)
        return -1;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        long long n = 0;
        if (count_rows(c, kinds[i].count_sql, &n, err) < 0)
            return -1;
        if (n > 0 && found_line(found, false, n, kinds[i].what) < 0)
            return omrs_fail_nomem(err);
        *total += (size_t)n;
    }
    return 0;
}

static int take_username(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)columns;
    return row[0] ? omrs_strlist_push(ctx, row[0], lengths[0]) : 0;
}

int omrs_sync_uninstall_kept(omrs_conn *c, omrs_strlist *kept, omrs_error *err)
{
    static const char files[] = "files under the OpenMRS application data directory, sync/ (journal, import, "
                                "record logs): delete them by hand if not wanted";
    bool exists = false;
    omrs_strlist users = {0};
    int rc = omrs_conn_table_exists(c, "sync_server", &exists, err);
    if (rc == 0 && exists)
        rc = omrs_conn_each_row(c, "SELECT u.username FROM sync_server s JOIN users u ON u.username = "
                                   "s.child_username WHERE s.child_username <> '' ORDER BY u.username",
                                take_username, &users, err);
    omrs_buf line = {0};
    for (size_t i = 0; rc == 0 && i < users.count; i++)
        rc = omrs_buf_printf(&line, "%s%s", i ? ", " : "", users.items[i]) < 0 ? omrs_fail_nomem(err) : 0;
    if (rc == 0 && users.count
        && omrs_buf_printf(&line, ": the OpenMRS accounts children logged in with (they own data: retire them in "
                                  "OpenMRS instead of deleting)") < 0)
        rc = omrs_fail_nomem(err);
    if (rc == 0 && line.len && omrs_strlist_push(kept, line.data, line.len) < 0)
        rc = omrs_fail_nomem(err);
    if (rc == 0 && omrs_strlist_push(kept, files, strlen(files)) < 0)
        rc = omrs_fail_nomem(err);
    omrs_buf_free(&line);
    omrs_strlist_free(&users);
    return rc;
}

int omrs_sync_uninstall_other_sessions(omrs_conn *c, long long *n, omrs_error *err)
{
    omrs_buf q = {0};
    int rc = omrs_buf_printf(&q, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() "
                                 "AND DB = ") < 0 || omrs_conn_append_literal(c, &q, c->database) < 0
           ? omrs_fail_nomem(err) : count_rows(c, q.data, n, err);
    omrs_buf_free(&q);
    return rc;
}

int omrs_sync_uninstall_run(omrs_conn *c, unsigned long long *changed, omrs_error *err)
{
    bool in_transaction = false;
    for (size_t i = 0; i < sizeof statements / sizeof *statements; i++) {
        changed[i] = 0;
        in_transaction = in_transaction || strcmp(statements[i], "START TRANSACTION") == 0;
        if (omrs_conn_write(c, statements[i], &changed[i], err) == 0)
            continue;
        omrs_error ignored = {0};
        if (in_transaction)
            omrs_conn_write(c, "ROLLBACK", NULL, &ignored);
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        return omrs_fail(err, err->code, "statement %zu failed: %s [%.120s]; %s; run the uninstall again once fixed: "
                         "it finishes what is left", i + 1, why, statements[i],
                         in_transaction ? "the DELETEs were rolled back" : "the tables before it are dropped");
    }
    return 0;
}
