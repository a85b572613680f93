/* Liquibase preconditions on MySQL/MariaDB, evaluated as Liquibase 4.28 evaluates them.
 *
 * A changeSet's <preConditions> is an AND of its children, with onFail / onError (HALT,
 * CONTINUE, MARK_RAN, WARN; default HALT), onFailMessage / onErrorMessage and onSqlOutput
 * (IGNORE, TEST, FAIL; default IGNORE). <and> stops at the first failure, <or> at the first
 * pass, <not> needs every child to fail; an error (a check that could not be evaluated) is
 * never turned into a pass or a failure by any of them.
 *
 * Every check only reads: information_schema restricted to the current database (or the
 * catalogName/schemaName given), the changelog's own SELECT for sqlCheck, and the history
 * rows the caller loaded. Nothing is cached from one call to the next, so DDL run between
 * two changeSets is always seen. */
#ifndef OMRS_LB_PRECONDITION_H
#define OMRS_LB_PRECONDITION_H

#include <stdbool.h>

#include "changelog.h"
#include "conn.h"
#include "error.h"
#include "history.h"

#define LB_PRE_MESSAGE_SIZE 1024

typedef enum lb_pre_outcome {
    LB_PRE_PASSED,   /* no <preConditions>, or every check holds */
    LB_PRE_FAILED,   /* a check ran and its condition is false: onFail applies */
    LB_PRE_ERROR     /* a check could not be evaluated: onError applies */
} lb_pre_outcome;

/* What ChangeSet.execute does with a failure or an error (reference §4.2):
 * HALT aborts the update; CONTINUE skips the changeSet and writes no row (it is retried on
 * the next run); MARK_RAN skips its changes and writes a MARK_RAN row; WARN runs it anyway. */
typedef enum lb_pre_action { LB_ON_HALT, LB_ON_CONTINUE, LB_ON_MARK_RAN, LB_ON_WARN } lb_pre_action;

typedef enum lb_pre_sql_output { LB_SQL_OUTPUT_IGNORE, LB_SQL_OUTPUT_TEST, LB_SQL_OUTPUT_FAIL } lb_pre_sql_output;

typedef struct lb_pre_result {
    lb_pre_outcome outcome;
    lb_pre_action action;     /* onFail (FAILED) or onError (ERROR) of the container; HALT when PASSED */
    bool needs_openmrs;       /* a customPrecondition was reached: only OpenMRS's Java code can decide */
    char message[LB_PRE_MESSAGE_SIZE];   /* what failed and why ("" when PASSED); onFailMessage
                                          * replaces it on failure, onErrorMessage on an error
                                          * handled by HALT or MARK_RAN (Liquibase ignores it for
                                          * CONTINUE and WARN) */
} lb_pre_result;

typedef struct lb_pre_env {
    omrs_conn *conn;
    const char *dbms;                /* "mysql" / "mariadb", for <dbms type=...> */
    const lb_history *history;       /* for changeSetExecuted; NULL: no history table. During an
                                      * update the caller adds the rows it writes. */
    const lb_changeset *changeset;   /* the changeSet whose <preConditions> are checked */
    const char *changelog_file;      /* default changeLogFile of changeSetExecuted: Liquibase uses
                                      * the logical path of the changelog being run (the root);
                                      * NULL: the changeSet's own FILENAME */
    bool sql_output;                 /* update-sql: onSqlOutput decides (IGNORE: passed without
                                      * evaluating, FAIL: failed, TEST: evaluated) */
    bool lctn_known;                 /* lower_case_table_names below is valid; otherwise every
                                      * call reads @@lower_case_table_names when it needs it */
    int lower_case_table_names;
} lb_pre_env;

/* Fills env for conn (reading @@lower_case_table_names once); set changeset (and the other
 * optional fields) before each check. */
int lb_pre_env_init(lb_pre_env *env, omrs_conn *conn, const char *dbms, const lb_history *history,
                    omrs_error *err);

/* Evaluates env->changeset's <preConditions> (no element: passed). A returned -1 is a problem
 * of ours (allocation, lost connection) or a changelog Liquibase would refuse to parse (an
 * unknown onFail/onError/onSqlOutput value: OMRS_ERR_PARSE). A precondition that cannot be
 * evaluated (SQL error in sqlCheck, customPrecondition, unknown or unsupported element,
 * missing attribute) is outcome LB_PRE_ERROR with its message, not -1. */
int lb_preconditions_check(const lb_pre_env *env, lb_pre_result *res, omrs_error *err);

/* onSqlOutput of the changeSet's <preConditions> (IGNORE when there is none). */
int lb_preconditions_sql_output(const lb_changeset *cs, lb_pre_sql_output *out, omrs_error *err);

const char *lb_pre_outcome_name(lb_pre_outcome outcome);   /* "passed", "failed", "error" */
const char *lb_pre_action_name(lb_pre_action action);      /* "HALT", "CONTINUE", "MARK_RAN", "WARN" */

#endif
