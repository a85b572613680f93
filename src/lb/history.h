/* The history table (liquibasechangelog in OpenMRS), read once, and the look-up
 * Liquibase uses to decide whether a changeSet has run. */
#ifndef OMRS_LB_HISTORY_H
#define OMRS_LB_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "conn.h"
#include "error.h"

#define LB_HISTORY_TABLE "liquibasechangelog"

typedef struct lb_ran {
    char *id, *author;
    char *filename;       /* normalised as Liquibase normalises it on read */
    char *md5sum;         /* NULL when the column is NULL */
    char *exectype;
    char *date_executed;
    char *liquibase;      /* the LIQUIBASE column: which release wrote the row */
    long order_executed;
    bool matched;         /* some changeSet of the changelog is this row */
} lb_ran;

typedef struct lb_history {
    bool table_exists;
    lb_ran *rows;         /* in DATEEXECUTED, ORDEREXECUTED order */
    size_t count;
    lb_ran **by_key;      /* the rows sorted by key, for lb_history_find */
} lb_history;

int lb_history_load(omrs_conn *c, lb_history *h, omrs_error *err);
/* Builds the look-up index; lb_history_load calls it, tests may too. */
int lb_history_index(lb_history *h, omrs_error *err);

/* The row for filename::id::author (exact, as Liquibase's status filter matches), or NULL.
 * Several rows with one key: the latest DATEEXECUTED wins, ties to the lower ORDEREXECUTED. */
lb_ran *lb_history_find(const lb_history *h, const char *filename, const char *id, const char *author);

/* Adds a row written during a run, so later look-ups in the same run (changeSetExecuted
 * preconditions) see it. */
int lb_history_add(lb_history *h, const char *filename, const char *id, const char *author, const char *md5sum,
                   const char *exectype, omrs_error *err);

void lb_history_free(lb_history *h);

#endif
