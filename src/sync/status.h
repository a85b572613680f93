/* The sync status model: who this server is, its parent and children, and per server and
 * direction how many records wait in which state, which ones block the queue, how close
 * others are to being stopped, plus sync_import growth and the transmission log. Loaded
 * with one GROUP BY per table and a few indexed, LIMIT'ed look-ups; SELECTs only, so a
 * SELECT-only monitoring account in read-only mode can load it. Shared by `sync status`,
 * `sync check` and the console. Times are the database's ('YYYY-MM-DD HH:MM:SS'), ages
 * are seconds before the database's NOW(). (shared/reference/sync-module.md 1-3, 6.9) */
#ifndef OMRS_SYNC_STATUS_H
#define OMRS_SYNC_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "conn.h"
#include "error.h"
#include "indexes.h"
#include "model.h"
#include "site.h"

/* At most this many blocked records and transmission failures are listed (all are counted). */
#define OMRS_SYNC_STATUS_LIST_MAX 10

/* Rows of one state column, counted by state. */
typedef struct omrs_sync_counts {
    long long by_state[OMRS_SYNC_STATE_COUNT];
    long long unknown;         /* NULL or a string that is not a SyncRecordState name */
    long long total;
    long long in_queue;        /* in SYNC_TO_PARENT_STATES (FAILED_AND_STOPPED included) */
} omrs_sync_counts;

/* A FAILED_AND_STOPPED record: it stops every later record to that server. */
typedef struct omrs_sync_blocked {
    long long record_id;
    char *uuid, *timestamp, *contained_classes;
    long long retry_count;
    char *error_message;       /* sync_server_record.error_message; NULL for the parent direction */
} omrs_sync_blocked;

/* Records this server still has to deliver to one remote server. */
typedef struct omrs_sync_outgoing {
    const char *source;                /* "sync_record" (to the parent) or "sync_server_record" */
    omrs_sync_counts counts;
    long long oldest_record_id;        /* in-queue record with the lowest record_id; 0: none */
    char *oldest_timestamp;            /* its sync_record.timestamp */
    long long oldest_age_s;            /* -1 when unknown */
    long long about_to_stop;           /* in queue, not yet stopped, retry_count >= max_retry_count - 1 */
    omrs_sync_blocked blocked[OMRS_SYNC_STATUS_LIST_MAX];
    size_t blocked_listed;             /* the first ones by record_id; the total is counts.by_state[FAILED_AND_STOPPED] */
} omrs_sync_outgoing;

/* One sync_server row with what flows to and from it. */
typedef struct omrs_sync_peer {
    const omrs_sync_server *server;    /* points into omrs_sync_status.servers */
    bool is_parent;
    bool last_state_is_error;          /* last_sync_state not OK/OK_NOTHING_TO_DO/PENDING (3.5) */
    long long last_sync_age_s;         /* -1 when never synced */
    omrs_sync_outgoing outgoing;
    omrs_sync_counts incoming;         /* sync_import rows whose source_server_id is this server */
} omrs_sync_peer;

typedef struct omrs_sync_log_entry {
    long long id;
    char *run_at, *status, *error_message;
    int server_id;                     /* 0 when NULL */
} omrs_sync_log_entry;

typedef struct omrs_sync_status {
    char *database, *now;
    char *day_ago, *week_ago;          /* NOW() - 1 day and - 7 days: the growth windows */
    char *server_uuid, *server_name;   /* GPs sync.server_uuid / sync.server_name; NULL when missing */
    omrs_sync_role role;
    int max_retry_count;               /* GP sync.max_retry_count, 5 when missing or not a number */
    bool max_retry_from_gp;

    omrs_sync_servers servers;
    omrs_sync_peer *peers;             /* one per servers.items, same order */
    size_t peer_count;

    omrs_sync_counts journal;          /* all of sync_record by state (the parent direction's column) */
    omrs_sync_counts incoming_other;   /* sync_import rows from no known server */

    bool has_import;                   /* sync_import exists */
    long long import_rows, import_bytes, import_rows_24h, import_rows_7d;

    bool has_log;                      /* sync_transmission_log exists (module 1.4.0+) */
    long long log_failures_24h;
    omrs_sync_log_entry log_recent[OMRS_SYNC_STATUS_LIST_MAX];
    size_t log_listed;

    omrs_sync_index_state indexes[OMRS_SYNC_INDEX_COUNT];
} omrs_sync_status;

/* Loads the model. A database without the Sync tables is OMRS_ERR_NOT_OPENMRS. */
int omrs_sync_status_load(omrs_conn *c, omrs_sync_status *st, omrs_error *err);
void omrs_sync_status_free(omrs_sync_status *st);

/* SyncTransmissionState error test (3.5): anything but OK, OK_NOTHING_TO_DO and PENDING. */
bool omrs_sync_transmission_state_is_error(const char *state);

/* Seconds from `then` to `now`, both 'YYYY-MM-DD HH:MM:SS' in the same zone; -1 if unreadable. */
long long omrs_sync_age_seconds(const char *then, const char *now);

/* The peer for a server_id, NULL when none. */
const omrs_sync_peer *omrs_sync_status_peer(const omrs_sync_status *st, int server_id);

#endif
