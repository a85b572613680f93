/* Browsing sync_record: filtered pages in the module's queue order (timestamp, record_id),
 * paginated by keyset (a page starts after the last (timestamp, record_id) of the one
 * before: the same cost at any depth, never OFFSET), and one record in full with its
 * per-server rows, its sync_import row and its payload. SELECT only; a page never reads
 * the payload (LONGTEXT). shared/reference/sync-module.md sections 1, 3.2, 3.6, 6.3. */
#ifndef OMRS_SYNC_RECORDS_H
#define OMRS_SYNC_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "conn.h"
#include "error.h"
#include "model.h"

#define OMRS_SYNC_RECORDS_DEFAULT_LIMIT 50u

/* A place in queue order: the last record of a page. Text form
 * "YYYY-MM-DDTHH:MM:SS~RECORD_ID", or "null~RECORD_ID" for a record without timestamp
 * (those come first, as MariaDB sorts NULL first). */
typedef struct omrs_sync_cursor {
    bool null_timestamp;
    char timestamp[20];            /* 'YYYY-MM-DD HH:MM:SS' */
    long long record_id;
} omrs_sync_cursor;

#define OMRS_SYNC_CURSOR_TEXT_MAX 48

/* A malformed cursor is OMRS_ERR_USAGE naming it and the expected form. */
int omrs_sync_cursor_parse(const char *text, omrs_sync_cursor *out, omrs_error *err);
void omrs_sync_cursor_format(const omrs_sync_cursor *c, char out[OMRS_SYNC_CURSOR_TEXT_MAX]);

/* 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM' or 'YYYY-MM-DD HH:MM:SS' ('T' also separates) naming a
 * real calendar time, as 'YYYY-MM-DD HH:MM:SS'; anything else is OMRS_ERR_USAGE naming
 * option (e.g. "--since") and the value. */
int omrs_sync_time_parse(const char *text, const char *option, char out[20], omrs_error *err);

/* Which records a page holds. server_id 0 means the parent direction: the state, retries
 * are sync_record's own columns. Otherwise they are that (non-parent) server's
 * sync_server_record row, and records without a row for it are not listed (the module
 * never sends them there, section 3.2). */
typedef struct omrs_sync_record_filter {
    bool has_states;
    bool states[OMRS_SYNC_STATE_COUNT];
    int server_id;
    const char *class_text;        /* contained_classes contains it (as LIKE, ignoring case); NULL: any */
    const char *uuid;              /* uuid or original_uuid equals it; NULL: any */
    char since[20], until[20];     /* since <= timestamp < until; "" for no bound */
    bool has_after;
    omrs_sync_cursor after;        /* start after this record */
    unsigned limit;                /* 0: OMRS_SYNC_RECORDS_DEFAULT_LIMIT */
} omrs_sync_record_filter;

/* One record as a page shows it; a NULL column is a NULL pointer / has_retry false. */
typedef struct omrs_sync_record_row {
    long long record_id;
    char *uuid, *original_uuid;
    char *timestamp;               /* 'YYYY-MM-DD HH:MM:SS' */
    char *state;                   /* as stored, in the filter's scope */
    bool has_retry;
    int retry_count;
    char *contained_classes;
    char *error_message;           /* the server's row (server scope only) */
} omrs_sync_record_row;

typedef struct omrs_sync_record_page {
    omrs_sync_record_row *rows;
    size_t count;
    bool has_next;                 /* more records match after this page */
    omrs_sync_cursor next;         /* where the next page starts (the last row) */
} omrs_sync_record_page;

int omrs_sync_records_page(omrs_conn *c, const omrs_sync_record_filter *f, omrs_sync_record_page *out,
                           omrs_error *err);
void omrs_sync_record_page_free(omrs_sync_record_page *p);

/* A record's delivery row for one non-parent server. */
typedef struct omrs_sync_server_record {
    long long server_record_id;
    int server_id;
    char *nickname, *server_type;  /* from sync_server; NULL if that server is gone */
    char *state;
    bool has_retry;
    int retry_count;
    char *error_message;
} omrs_sync_server_record;

/* The sync_import row of the record's original uuid: this server processed it as incoming. */
typedef struct omrs_sync_import {
    long long id;
    char *uuid, *creator, *database_version, *timestamp, *state, *error_message;
    bool has_retry;
    int retry_count;
    bool has_source;
    int source_server_id;
    char *source_nickname;
} omrs_sync_import;

typedef struct omrs_sync_record_detail {
    omrs_sync_record_row record;   /* state/retry are sync_record's (the parent direction) */
    char *creator, *database_version;
    char *payload;                 /* NULL when the column is NULL */
    size_t payload_len;
    omrs_sync_server_record *servers;   /* by server_id */
    size_t server_count;
    omrs_sync_import *import;      /* NULL: none (or no sync_import table) */
} omrs_sync_record_detail;

/* key: a record_id (digits only) or a uuid, matched against uuid and then original_uuid.
 * Unknown: OMRS_ERR_SQL "no sync_record with ...". */
int omrs_sync_record_load(omrs_conn *c, const char *key, omrs_sync_record_detail *out, omrs_error *err);
void omrs_sync_record_detail_free(omrs_sync_record_detail *d);

#endif
