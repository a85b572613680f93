/* Which changeSets have run, which are pending, changed or due again, computed the way
 * Liquibase 4.28 decides it (filters, then the history look-up, then checksum
 * validation), from one read of the history table. */
#ifndef OMRS_LB_STATUS_H
#define OMRS_LB_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "changelog.h"
#include "checksum.h"
#include "error.h"
#include "history.h"

typedef enum lb_state {
    LB_RAN = 0,            /* has a row and its checksum is valid */
    LB_MARK_RAN,           /* has a row with EXECTYPE MARK_RAN */
    LB_PENDING,            /* no row: will run */
    LB_RUN_ALWAYS,         /* runAlways: runs again on every update */
    LB_RUN_ON_CHANGE,      /* runOnChange and the checksum changed: runs again */
    LB_CHANGED,            /* checksum changed: Liquibase's validation fails, nothing runs */
    LB_FILTERED_DBMS,      /* dbms attribute excludes this database: never runs here */
    LB_FILTERED_CONTEXT,   /* context expression excludes the run's contexts */
    LB_STATE_COUNT
} lb_state;

typedef struct lb_status_entry {
    const lb_changeset *cs;
    lb_state state;
    const lb_ran *row;                 /* NULL when never run */
    char computed[LB_CHECKSUM_SIZE];   /* in the stored version (or the latest when none) */
    bool checksum_to_fill;             /* stored MD5SUM is NULL: Liquibase fills it in */
    bool blocked;                      /* would run, but validation fails first */
    bool needs_openmrs;                /* contains a customChange: only OpenMRS can run it */
} lb_status_entry;

typedef struct lb_status_options {
    const char *dbms;        /* "mysql" or "mariadb" */
    const char *contexts;    /* the run's contexts, comma separated; NULL or "": all */
    int latest_version;      /* checksum version written for new rows: 9 (4.22+) or 8 */
} lb_status_options;

typedef struct lb_status {
    lb_status_entry *entries;   /* one per changeSet, in changelog order */
    size_t count;
    size_t counts[LB_STATE_COUNT];
    size_t unmatched_rows;      /* history rows no changeSet of this changelog claims */
    const lb_changeset *duplicate[2];   /* a changeSet identity given twice (validation fails) */
    bool validation_fails;
} lb_status;

int lb_status_compute(const lb_changelog *cl, lb_history *h, const lb_status_options *opt,
                      lb_status *out, omrs_error *err);
void lb_status_free(lb_status *st);

const char *lb_state_name(lb_state state);

/* Liquibase's context expression: ',' and 'or', 'and', '!' or 'not', parentheses,
 * case-insensitive; an empty expression or an empty run context set matches. */
bool lb_context_matches(const char *expression, const char *run_contexts);

#endif
