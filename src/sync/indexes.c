#include "indexes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const omrs_sync_index suggestions[OMRS_SYNC_INDEX_COUNT] = {
    {"omrs_ssr_server_state_record", "sync_server_record", {"server_id", "state", "record_id"},
     "per-server counts by state, a server's queue and its blocked records"},
    {"omrs_sr_state_timestamp", "sync_record", {"state", "timestamp", "record_id"},
     "the queue to the parent in sending order (timestamp, record_id)"},
    {"omrs_si_source_state_timestamp", "sync_import", {"source_server_id", "state", "timestamp"},
     "incoming counts by server and state, and sync_import growth"},
    {"omrs_stl_status_run_at", "sync_transmission_log", {"status", "run_at"},
     "failed transmissions of the last 24 h and the latest ones"},
};

const omrs_sync_index *omrs_sync_indexes(void)
{
    return suggestions;
}

bool omrs_sync_index_missing(const omrs_sync_index_state *s)
{
    return s->table_present && !s->present && !s->equivalent[0];
}

static size_t column_count(const omrs_sync_index *ix)
{
    size_t n = 0;
    while (n < OMRS_SYNC_INDEX_MAX_COLUMNS && ix->columns[n])
        n++;
    return n;
}

int omrs_sync_index_sql(const omrs_sync_index *ix, bool create, omrs_buf *sql)
{
    int rc = omrs_buf_printf(sql, create ? "CREATE INDEX " : "DROP INDEX ");
    rc = rc < 0 ? rc : omrs_buf_quote_identifier(sql, ix->name);
    rc = rc < 0 ? rc : omrs_buf_printf(sql, " ON ");
    rc = rc < 0 ? rc : omrs_buf_quote_identifier(sql, ix->table);
    if (create) {
        for (size_t i = 0; rc == 0 && i < column_count(ix); i++)
            rc = omrs_buf_printf(sql, i ? ", " : " (") < 0 || omrs_buf_quote_identifier(sql, ix->columns[i]) < 0 ? -1 : 0;
        /* InnoDB builds a secondary index in place while OpenMRS keeps writing. */
        rc = rc < 0 ? rc : omrs_buf_printf(sql, ") ALGORITHM=INPLACE LOCK=NONE");
    }
    return rc < 0 ? -1 : 0;
}

/* ---- reading information_schema ---------------------------------------- */

/* One index of a table as information_schema.STATISTICS lists it, columns in order. */
typedef struct seen_index {
    char table[65], name[65];
    char columns[OMRS_SYNC_INDEX_MAX_COLUMNS][65];
    size_t column_count;
} seen_index;

typedef struct load_ctx {
    omrs_sync_index_state *states;
    seen_index current;
} load_ctx;

static int take_table(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    omrs_sync_index_state *states = ctx;
    for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++)
        if (row[0] && strcasecmp(suggestions[i].table, row[0]) == 0) {
            states[i].table_present = true;
            states[i].table_rows = row[1] ? atoll(row[1]) : 0;
        }
    return 0;
}

/* Whether an index starts with the first n columns of a suggestion. */
static bool starts_with_columns(const seen_index *s, const omrs_sync_index *ix, size_t n)
{
    if (s->column_count < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(s->columns[i], ix->columns[i]) != 0)
            return false;
    return true;
}

static void judge_index(load_ctx *x)
{
    const seen_index *s = &x->current;
    if (!s->name[0])
        return;
    for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++) {
        omrs_sync_index_state *st = &x->states[i];
        if (strcasecmp(suggestions[i].table, s->table) != 0)
            continue;
        size_t n = column_count(&suggestions[i]);
        if (strcasecmp(suggestions[i].name, s->name) == 0)
            st->present = true;
        else if (!st->equivalent[0] && starts_with_columns(s, &suggestions[i], n))
            snprintf(st->equivalent, sizeof st->equivalent, "%s", s->name);
        st->leading_pair |= n >= 2 && starts_with_columns(s, &suggestions[i], 2);
    }
}

/* Rows arrive ordered by table, index, position: judge each index when the next begins. */
static int take_column(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    load_ctx *x = ctx;
    seen_index *s = &x->current;
    if (!row[0] || !row[1] || !row[2])
        return 0;
    if (strcmp(s->table, row[0]) != 0 || strcmp(s->name, row[1]) != 0) {
        judge_index(x);
        memset(s, 0, sizeof *s);
        snprintf(s->table, sizeof s->table, "%s", row[0]);
        snprintf(s->name, sizeof s->name, "%s", row[1]);
    }
    if (s->column_count < OMRS_SYNC_INDEX_MAX_COLUMNS)
        snprintf(s->columns[s->column_count++], sizeof s->columns[0], "%s", row[2]);
    return 0;
}

int omrs_sync_indexes_load(omrs_conn *c, omrs_sync_index_state states[OMRS_SYNC_INDEX_COUNT], omrs_error *err)
{
    memset(states, 0, OMRS_SYNC_INDEX_COUNT * sizeof *states);
    static const char tables_sql[] =
        "SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME IN ('sync_server_record', 'sync_record', 'sync_import', 'sync_transmission_log')";
    static const char columns_sql[] =
        "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS "
        "WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME IN ('sync_server_record', 'sync_record', 'sync_import', 'sync_transmission_log') "
        "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";
    load_ctx x = {.states = states};
    if (omrs_conn_each_row(c, tables_sql, take_table, states, err) < 0
        || omrs_conn_each_row(c, columns_sql, take_column, &x, err) < 0)
        return -1;
    judge_index(&x);
    return 0;
}
