/* The Sync module's admin actions with the database effects of the module's own pages and
 * services (shared/reference/sync-module.md 6.2-6.7). Each action is first planned: the
 * rows it affects (read now) and the exact statements; the plan is shown, and only then
 * applied, in ONE transaction whose statements must change exactly the rows the plan
 * counted (else everything is rolled back: the data moved under our feet). */
#ifndef OMRS_SYNC_ACTIONS_H
#define OMRS_SYNC_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "conn.h"
#include "error.h"
#include "strutil.h"

/* Rows listed in a preview; the rest are only counted. */
#define OMRS_SYNC_PLAN_LISTED 20

typedef struct omrs_sync_plan {
    char *summary;               /* one line: what changes, where */
    size_t row_count;            /* rows the plan changes, in all tables */
    omrs_strlist rows;           /* the first OMRS_SYNC_PLAN_LISTED of them, one line each */
    omrs_strlist notes;          /* what the admin should know before saying yes */
    omrs_strlist sql;            /* the statements, in order, in one transaction */
    long long *expect;           /* per statement: rows it must change; -1: not checked */
    unsigned long long *changed; /* per statement, filled by apply */
} omrs_sync_plan;

/* reset / remove (6.2, 6.3): records named by record_id or uuid get state NEW (reset) or
 * NOT_SUPPOSED_TO_SYNC (remove).
 *   server NULL (or the PARENT): the history page's parent column: sync_record
 *     retry_count 0 + state; refused for committed states, for NEW (reset) and for
 *     NOT_SUPPOSED_TO_SYNC (remove), as the page refuses them;
 *   a server: the history page's column for that server: its sync_server_record row of
 *     each record, same values and refusals;
 *   "all": the view-record page: sync_record retry_count 0 + state, and every
 *     sync_server_record of the record gets the state (retry_count untouched), whatever
 *     the states were (the module refuses nothing there). */
typedef struct omrs_sync_mark_request {
    bool remove;
    const char *const *records;
    size_t record_count;
    const char *server;
} omrs_sync_mark_request;

int omrs_sync_plan_mark(omrs_conn *c, const omrs_sync_mark_request *r, omrs_sync_plan *p, omrs_error *err);

/* The status page's "reset attempts" (6.4): every sync_record FAILED_AND_STOPPED becomes
 * FAILED with retry_count 0; sync_server_record is not touched. */
int omrs_sync_plan_reset_retries(omrs_conn *c, omrs_sync_plan *p, omrs_error *err);

/* Maintenance "backport" (6.5): when some record has timestamp >= since, every record
 * without a row for the server gets sync_server_record(server, NEW, 0), whatever its date. */
int omrs_sync_plan_backport(omrs_conn *c, const char *server, const char *since, omrs_sync_plan *p,
                            omrs_error *err);

/* The "Cleanup Old Sync Records" task (6.6). until: 'YYYY-MM-DD[ HH:MM:SS]' (the task's
 * date-truncated cut-off; NULL: now minus the task's days); states: comma list (NULL: the
 * task's property, else the defaults, which depend on whether a parent exists). */
int omrs_sync_plan_cleanup(omrs_conn *c, const char *until, const char *states, omrs_sync_plan *p,
                           omrs_error *err);

/* The "Clean Old Transmission Logs Records" task (6.7): sync_transmission_log rows with
 * run_at <= until (NULL: now minus the task's days). */
int omrs_sync_plan_cleanup_logs(omrs_conn *c, const char *until, omrs_sync_plan *p, omrs_error *err);

/* START TRANSACTION, the statements, COMMIT; on any error or a count that differs from
 * the plan's, ROLLBACK and an error saying which statement failed. */
int omrs_sync_plan_apply(omrs_conn *c, omrs_sync_plan *p, omrs_error *err);

void omrs_sync_plan_free(omrs_sync_plan *p);

/* The preview an admin reads before saying yes: the summary, the rows (the first
 * OMRS_SYNC_PLAN_LISTED, and how many more), the notes, the statements in their
 * transaction. */
void omrs_sync_plan_print(const omrs_sync_plan *p, FILE *out);

/* 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS' (what --since/--until take). */
bool omrs_sync_date_valid(const char *s);

#endif
