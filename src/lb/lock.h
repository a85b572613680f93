/* Liquibase's DATABASECHANGELOGLOCK protocol (liquibasechangeloglock in OpenMRS), done
 * the way Liquibase does it so that OpenMRS and Liquibase see our lock and we see theirs. */
#ifndef OMRS_LB_LOCK_H
#define OMRS_LB_LOCK_H

#include <stdbool.h>

#include "conn.h"
#include "error.h"

#define LB_LOCK_TABLE "liquibasechangeloglock"

typedef struct lb_lock_state {
    bool table_exists;
    bool locked;
    char locked_by[256];
    char granted[32];
} lb_lock_state;

typedef struct lb_lock_wait {
    unsigned poll_seconds;     /* Liquibase: 10 */
    unsigned timeout_seconds;  /* Liquibase: 5 minutes */
} lb_lock_wait;

/* Liquibase's DDL for the lock table, with OpenMRS's TINYINT(1) boolean. */
extern const char lb_lock_create_sql[];

int lb_lock_read(omrs_conn *c, lb_lock_state *st, omrs_error *err);

/* Creates the lock table and its row if missing (Liquibase's init). Writes. */
int lb_lock_init(omrs_conn *c, omrs_error *err);

/* Takes the lock, waiting as Liquibase's waitForLock does; on timeout the message names
 * the holder and since when. */
int lb_lock_acquire(omrs_conn *c, const lb_lock_wait *wait, omrs_error *err);

/* Releases the lock unconditionally (Liquibase's releaseLock / forceReleaseLock). */
int lb_lock_release(omrs_conn *c, omrs_error *err);

/* What Liquibase writes in LOCKEDBY: "<hostname> (<address>)". */
void lb_lock_holder_name(char *out, size_t size);

#endif
