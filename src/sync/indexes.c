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

/* Rows arrive ordered by table, index, position: an index is complete when the next begins. */
typedef struct index_walk {
    omrs_table_index current;
    omrs_table_index_fn fn;
    void *ctx;
} index_walk;

static void finish_index(index_walk *w)
{
    if (w->current.name[0])
        w->fn(&w->current, w->ctx);
}

static int take_column(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    index_walk *w = ctx;
    omrs_table_index *s = &w->current;
    if (!row[0] || !row[1] || !row[2])
        return 0;
    if (strcmp(s->table, row[0]) != 0 || strcmp(s->name, row[1]) != 0) {
        finish_index(w);
        memset(s, 0, sizeof *s);
        snprintf(s->table, sizeof s->table, "%s", row[0]);
        snprintf(s->name, sizeof s->name, "%s", row[1]);
    }
    if (s->column_count < OMRS_TABLE_INDEX_COLUMNS)
        snprintf(s->columns[s->column_count], sizeof s->columns[0], "%s", row[2]);
    s->column_count++;
    return 0;
}

int omrs_sync_each_index(omrs_conn *c, const char *tables, omrs_table_index_fn fn, void *ctx, omrs_error *err)
{
    omrs_buf sql = {0};
    index_walk w = {.fn = fn, .ctx = ctx};
    int rc = omrs_buf_printf(&sql, "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS "
                                   "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (%s) "
                                   "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX", tables) < 0
                 ? omrs_fail_nomem(err) : omrs_conn_each_row(c, sql.data, take_column, &w, err);
    if (rc == 0)
        finish_index(&w);
    omrs_buf_free(&sql);
    return rc;
}

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
static bool starts_with_columns(const omrs_table_index *s, const omrs_sync_index *ix, size_t n)
{
    if (s->column_count < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(s->columns[i], ix->columns[i]) != 0)
            return false;
    return true;
}

static void judge_index(const omrs_table_index *s, void *ctx)
{
    omrs_sync_index_state *states = ctx;
    for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++) {
        omrs_sync_index_state *st = &states[i];
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

int omrs_sync_indexes_load(omrs_conn *c, omrs_sync_index_state states[OMRS_SYNC_INDEX_COUNT], omrs_error *err)
{
    memset(states, 0, OMRS_SYNC_INDEX_COUNT * sizeof *states);
    static const char tables_sql[] =
        "SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME IN ('sync_server_record', 'sync_record', 'sync_import', 'sync_transmission_log')";
    if (omrs_conn_each_row(c, tables_sql, take_table, states, err) < 0)
        return -1;
    return omrs_sync_each_index(c, "'sync_server_record', 'sync_record', 'sync_import', 'sync_transmission_log'",
                                judge_index, states, err);
}
