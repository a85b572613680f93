/* The Sync module's vocabulary as every sync view shares it: record states and their
 * sets (shared/reference/sync-module.md 3.1), and the remote servers of sync_server (1.2,
 * 3.5). Only SELECTs; the password column is never read. */
#ifndef OMRS_SYNC_MODEL_H
#define OMRS_SYNC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "conn.h"
#include "error.h"
#include "strutil.h"

/* SyncRecordState, in the enum's declaration order (stored as the name). */
typedef enum omrs_sync_state {
    OMRS_SYNC_STATE_UNKNOWN = -1,   /* a string the module could not load */
    OMRS_SYNC_NEW = 0,
    OMRS_SYNC_PENDING_SEND,
    OMRS_SYNC_SENT,
    OMRS_SYNC_SEND_FAILED,
    OMRS_SYNC_COMMITTED,
    OMRS_SYNC_COMMITTED_AND_CONFIRMATION_SENT,
    OMRS_SYNC_FAILED,
    OMRS_SYNC_FAILED_AND_STOPPED,
    OMRS_SYNC_SENT_AGAIN,
    OMRS_SYNC_ALREADY_COMMITTED,
    OMRS_SYNC_NOT_SUPPOSED_TO_SYNC,
    OMRS_SYNC_REJECTED,
    OMRS_SYNC_STATE_COUNT
} omrs_sync_state;

const char *omrs_sync_state_name(omrs_sync_state s);      /* "NEW" ...; "?" for unknown */
omrs_sync_state omrs_sync_state_parse(const char *name);  /* exact, case-sensitive as Hibernate; UNKNOWN otherwise */
bool omrs_sync_state_is_final(omrs_sync_state s);         /* SyncRecordState.isFinal(): the committed set */
bool omrs_sync_state_in_queue(omrs_sync_state s);         /* SYNC_TO_PARENT_STATES: still to be sent */
bool omrs_sync_state_is_error(omrs_sync_state s);         /* SYNC_RECORD_ERROR_STATES */

/* Parses a comma-separated list of state names (--state) into a set; an unknown name is
 * an OMRS_ERR_USAGE error that lists the valid names. */
int omrs_sync_states_parse(const char *list, bool set[OMRS_SYNC_STATE_COUNT], omrs_error *err);

/* One row of sync_server (never its password). */
typedef struct omrs_sync_server {
    int id;
    char *uuid, *nickname, *address;
    char *server_type;                 /* "PARENT", "CHILD", "OTHER" (or whatever is stored) */
    char *username, *child_username;
    char *last_sync, *last_sync_state; /* 'YYYY-MM-DD HH:MM:SS' and a SyncTransmissionState name; NULL if none */
    bool disabled;
} omrs_sync_server;

typedef struct omrs_sync_servers {
    omrs_sync_server *items;           /* by server_id */
    size_t count;
} omrs_sync_servers;

/* Reads sync_server. A database without the sync tables is OMRS_ERR_NOT_OPENMRS
 * ("the Sync module's tables are not in database X"). */
int omrs_sync_servers_load(omrs_conn *c, omrs_sync_servers *out, omrs_error *err);
void omrs_sync_servers_free(omrs_sync_servers *s);

/* The server an admin named: its server_id, its uuid, or its nickname (ignoring case).
 * Not found or ambiguous: OMRS_ERR_USAGE naming what was asked and the servers there are. */
int omrs_sync_server_resolve(const omrs_sync_servers *s, const char *key, const omrs_sync_server **out,
                             omrs_error *err);

/* This server's parent (server_type PARENT), NULL when none. */
const omrs_sync_server *omrs_sync_parent(const omrs_sync_servers *s);

/* The statements of a change as previews show them: a heading, then each statement
 * between START TRANSACTION and COMMIT, one a line. */
void omrs_sync_print_transaction(const omrs_strlist *sql, FILE *out);

/* The Sync tables are there (sync_record, sync_server_record, sync_server). */
int omrs_sync_require_tables(omrs_conn *c, omrs_error *err);

/* These Sync tables are there; the first missing one is OMRS_ERR_NOT_OPENMRS naming it. */
int omrs_sync_require(omrs_conn *c, const char *const *tables, size_t count, omrs_error *err);

#endif
