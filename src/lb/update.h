/* Running a changelog as OpenMRS drives Liquibase: lock, validate, then changeSet by
 * changeSet (preconditions, statements, commit, history row), lock released on every
 * path. The same loop writes an update-sql script instead, or only records the rows
 * (changelog-sync). */
#ifndef OMRS_LB_UPDATE_H
#define OMRS_LB_UPDATE_H

#include <stdio.h>

#include "changelog.h"
#include "conn.h"
#include "error.h"
#include "history.h"
#include "lock.h"

typedef enum lb_run_mode {
    LB_RUN_UPDATE,   /* execute */
    LB_RUN_SQL,      /* write the script update-sql would, execute nothing */
    LB_RUN_SYNC      /* record every pending changeSet as EXECUTED without running it */
} lb_run_mode;

typedef struct lb_run_options {
    lb_run_mode mode;
    const char *dbms;              /* "mysql" / "mariadb" */
    const char *contexts;          /* the run's contexts; NULL: all */
    int checksum_version;          /* written to MD5SUM: 9 (Liquibase 4.22+) or 8 */
    const char *liquibase_version; /* written to LIQUIBASE; NULL: chosen from the table (README) */
    FILE *sql_out;                 /* LB_RUN_SQL: the script */
    FILE *progress;                /* one line per changeSet handled; may be NULL */
    lb_lock_wait wait;
} lb_run_options;

typedef struct lb_run_result {
    size_t executed, reran, mark_ran, skipped, failed_continued;
} lb_run_result;

int lb_run(omrs_conn *c, const lb_changelog *cl, const lb_run_options *opt, lb_run_result *res, omrs_error *err);

/* The LIQUIBASE value to write: what the newest row of the same checksum version has,
 * else what the OpenMRS release that writes that version ships (4.28.0 for 9, 3.10.2 for 8). */
int lb_choose_liquibase_version(const lb_history *h, int checksum_version, char *out, size_t size);

#endif
