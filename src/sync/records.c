#include "records.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "indexes.h"
#include "strutil.h"

/* ---- times and cursors ------------------------------------------------- */

static bool take_number(const char **p, int digits, int *value)
{
    *value = 0;
    for (int i = 0; i < digits; i++, (*p)++) {
        if (!isdigit((unsigned char)**p))
            return false;
        *value = *value * 10 + (**p - '0');
    }
    return true;
}

static bool take_char(const char **p, const char *allowed)
{
    if (!**p || !strchr(allowed, **p))
        return false;
    (*p)++;
    return true;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* The time part after the date: none, " HH:MM" or " HH:MM:SS". */
static bool take_clock(const char **p, int *h, int *mi, int *s)
{
    *h = *mi = *s = 0;
    if (!**p)
        return true;
    if (!take_char(p, " T") || !take_number(p, 2, h) || !take_char(p, ":") || !take_number(p, 2, mi))
        return false;
    return !**p || (take_char(p, ":") && take_number(p, 2, s));
}

int omrs_sync_time_parse(const char *text, const char *option, char out[20], omrs_error *err)
{
    const char *p = text;
    int y, mo, d, h, mi, s;
    bool ok = take_number(&p, 4, &y) && take_char(&p, "-") && take_number(&p, 2, &mo) && take_char(&p, "-")
           && take_number(&p, 2, &d) && take_clock(&p, &h, &mi, &s) && !*p;
    ok = ok && y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo) && h < 24 && mi < 60 && s < 60;
    if (!ok)
        return omrs_fail(err, OMRS_ERR_USAGE,
                         "%s '%s' is not a valid date and time (give YYYY-MM-DD or 'YYYY-MM-DD HH:MM[:SS]')",
                         option, text);
    char canonical[64];   /* the values are in range: 19 characters */
    snprintf(canonical, sizeof canonical, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, s);
    memcpy(out, canonical, 20);
    return 0;
}

static bool parse_record_id(const char *text, long long *id)
{
    size_t n = strlen(text);
    if (n == 0 || n > 18 || strspn(text, "0123456789") != n)
        return false;
    *id = strtoll(text, NULL, 10);
    return true;
}

int omrs_sync_cursor_parse(const char *text, omrs_sync_cursor *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    const char *tilde = strchr(text, '~');
    char when[32];
    bool ok = tilde && (size_t)(tilde - text) < sizeof when && parse_record_id(tilde + 1, &out->record_id);
    if (ok) {
        snprintf(when, sizeof when, "%.*s", (int)(tilde - text), text);
        out->null_timestamp = strcmp(when, "null") == 0;
        ok = out->null_timestamp || (strlen(when) == 19 && omrs_sync_time_parse(when, "", out->timestamp, NULL) == 0);
    }
    if (!ok)
        return omrs_fail(err, OMRS_ERR_USAGE,
                         "--after: bad cursor '%s' (give the 'next:' value of the page before, "
                         "YYYY-MM-DDTHH:MM:SS~RECORD_ID)", text);
    return 0;
}

void omrs_sync_cursor_format(const omrs_sync_cursor *c, char out[OMRS_SYNC_CURSOR_TEXT_MAX])
{
    if (c->null_timestamp)
        snprintf(out, OMRS_SYNC_CURSOR_TEXT_MAX, "null~%lld", c->record_id);
    else
        snprintf(out, OMRS_SYNC_CURSOR_TEXT_MAX, "%.10sT%.8s~%lld", c->timestamp, c->timestamp + 11, c->record_id);
}

/* ---- the SQL of a page ------------------------------------------------ */

/* Strictly after the cursor in (timestamp, record_id) order, written out so that the
 * optimiser sees ranges of the timestamp index, which InnoDB extends with the primary key:
 * it walks that index in queue order and stops after LIMIT rows. */
static int append_after(omrs_conn *c, omrs_buf *sql, const omrs_sync_cursor *after)
{
    if (after->null_timestamp)
        return omrs_buf_printf(sql, " AND ((r.timestamp IS NULL AND r.record_id > %lld) OR r.timestamp IS NOT NULL)",
                               after->record_id);
    int rc = omrs_buf_printf(sql, " AND (r.timestamp > ");
    rc = rc < 0 ? rc : omrs_conn_append_literal(c, sql, after->timestamp);
    rc = rc < 0 ? rc : omrs_buf_printf(sql, " OR (r.timestamp = ");
    rc = rc < 0 ? rc : omrs_conn_append_literal(c, sql, after->timestamp);
    return rc < 0 ? rc : omrs_buf_printf(sql, " AND r.record_id > %lld))", after->record_id);
}

static int append_states(omrs_buf *sql, const char *column, const bool states[OMRS_SYNC_STATE_COUNT])
{
    int rc = omrs_buf_printf(sql, " AND %s IN (", column);
    const char *sep = "";
    for (int i = 0; rc == 0 && i < OMRS_SYNC_STATE_COUNT; i++)
        if (states[i]) {
            rc = omrs_buf_printf(sql, "%s'%s'", sep, omrs_sync_state_name((omrs_sync_state)i));
            sep = ", ";
        }
    return rc < 0 ? rc : omrs_buf_putc(sql, ')');
}

/* contained_classes LIKE '%text%', with LIKE's wildcards in text taken literally. */
static int append_class(omrs_conn *c, omrs_buf *sql, const char *text)
{
    omrs_buf pattern = {0};
    int rc = omrs_buf_putc(&pattern, '%');
    for (const char *p = text; rc == 0 && *p; p++)
        rc = (strchr("%_!", *p) ? omrs_buf_putc(&pattern, '!') : 0) < 0 ? -1 : omrs_buf_putc(&pattern, *p);
    rc = rc < 0 ? rc : omrs_buf_putc(&pattern, '%');
    rc = rc < 0 ? rc : omrs_buf_printf(sql, " AND r.contained_classes LIKE ");
    rc = rc < 0 ? rc : omrs_conn_append_literal(c, sql, pattern.data);
    rc = rc < 0 ? rc : omrs_buf_printf(sql, " ESCAPE '!'");
    omrs_buf_free(&pattern);
    return rc;
}

static int append_compare(omrs_conn *c, omrs_buf *sql, const char *condition, const char *value)
{
    return omrs_buf_printf(sql, "%s", condition) < 0 || omrs_conn_append_literal(c, sql, value) < 0 ? -1 : 0;
}

/* The WHERE clause; states are passed apart so that one branch can take one state. */
static int append_where(omrs_conn *c, omrs_buf *sql, const omrs_sync_record_filter *f,
                        const bool *states)
{
    int rc = omrs_buf_printf(sql, " WHERE 1 = 1");
    if (rc == 0 && f->server_id)
        rc = omrs_buf_printf(sql, " AND s.server_id = %d", f->server_id);
    if (rc == 0 && states)
        rc = append_states(sql, f->server_id ? "s.state" : "r.state", states);
    if (rc == 0 && f->class_text)
        rc = append_class(c, sql, f->class_text);
    if (rc == 0 && f->uuid)
        rc = append_compare(c, sql, " AND (r.uuid = ", f->uuid) < 0 || append_compare(c, sql, " OR r.original_uuid = ", f->uuid) < 0
                 || omrs_buf_putc(sql, ')') < 0 ? -1 : 0;
    if (rc == 0 && f->since[0])
        rc = append_compare(c, sql, " AND r.timestamp >= ", f->since);
    if (rc == 0 && f->until[0])
        rc = append_compare(c, sql, " AND r.timestamp < ", f->until);
    if (rc == 0 && f->has_after)
        rc = append_after(c, sql, &f->after);
    return rc;
}

/* ---- how a page is read ------------------------------------------------ */

/* Without a state filter one walk of the timestamp index in queue order finds the page.
 * With one, the matching rows may be a handful, scattered, or all at the end (a child's
 * backlog): walking would then read most of the table, while reading every match and
 * sorting costs one out-of-order read each. Which is cheaper is estimated per state from
 * its index (cheap: state, or server_id and state, then record_id): how many rows match
 * (counted up to MATCH_SAMPLE) and how far after the cursor the page's last match lies,
 * taking record_id order for queue order. The estimate only picks the way; both ways give
 * the same rows. */
#define MATCH_SAMPLE 10000
#define RANDOM_READ_WEIGHT 16   /* one record read out of order costs about this many read in order */

typedef enum page_plan {
    PLAN_OPTIMIZER,   /* no hint: no state filter, or a uuid (its unique indexes find it) */
    PLAN_WALK,        /* walk sync_record in (timestamp, record_id) order, filtering */
    PLAN_SORT,        /* read the matching rows through the state index, sort them */
    PLAN_PER_STATE,   /* sync_record: one ordered walk of (state, timestamp, ...) per state, merged */
} page_plan;

/* The indexes that serve a page, by their columns ("" when the database has none): the
 * module's own (section 1.4) and those `sync indexes add` offers, whatever their names. */
typedef struct record_indexes {
    char timestamp[65];            /* sync_record (timestamp, ...) */
    char state[65];                /* sync_record (state): with the primary key, state then record_id */
    char state_timestamp[65];      /* sync_record (state, timestamp, ...) */
    char server_state[65];         /* sync_server_record (server_id, state, record_id, ...) */
    char server_state_any[65];     /* sync_server_record (server_id, state, ...) */
    char server_record_state[65];  /* sync_server_record (state) */
    char table[65], name[65], columns[200];   /* the index being read */
} record_indexes;

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void classify_index(record_indexes *ix)
{
    char *slot = NULL;
    const char *cols = ix->columns;
    if (strcmp(ix->table, "sync_record") == 0) {
        if (strcmp(cols, "timestamp") == 0 || starts_with(cols, "timestamp,"))
            slot = ix->timestamp;
        else if (strcmp(cols, "state") == 0)
            slot = ix->state;
        else if (starts_with(cols, "state,timestamp"))
            slot = ix->state_timestamp;
    } else if (starts_with(cols, "server_id,state")) {
        slot = starts_with(cols, "server_id,state,record_id") ? ix->server_state : NULL;
        if (!ix->server_state_any[0])
            snprintf(ix->server_state_any, sizeof ix->server_state_any, "%s", ix->name);
    } else if (strcmp(cols, "state") == 0) {
        slot = ix->server_record_state;
    }
    if (slot && !slot[0])
        snprintf(slot, 65, "%s", ix->name);
}

/* The index with its table and columns lower-cased, columns joined by ',': what
 * classify_index compares. */
static void take_index(const omrs_table_index *t, void *ctx)
{
    record_indexes *ix = ctx;
    snprintf(ix->table, sizeof ix->table, "%s", t->table);
    snprintf(ix->name, sizeof ix->name, "%s", t->name);
    ix->columns[0] = '\0';
    for (size_t i = 0; i < t->column_count && i < OMRS_TABLE_INDEX_COLUMNS; i++) {
        size_t n = strlen(ix->columns);
        snprintf(ix->columns + n, sizeof ix->columns - n, "%s%s", n ? "," : "", t->columns[i]);
    }
    for (char *p = ix->table; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    for (char *p = ix->columns; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    classify_index(ix);
}

static int load_indexes(omrs_conn *c, record_indexes *ix, omrs_error *err)
{
    memset(ix, 0, sizeof *ix);
    return omrs_sync_each_index(c, "'sync_record', 'sync_server_record'", take_index, ix, err);
}

/* Per state: how many rows match (up to MATCH_SAMPLE), the record_id a walk would have to
 * reach for a whole page of that state alone (0: fewer matches than a page after the
 * cursor), and the highest record_id there is. */
typedef struct match_sample {
    long long count, page_end_id, last_id;
} match_sample;

typedef struct match_samples {
    match_sample each[OMRS_SYNC_STATE_COUNT];
    size_t count;
} match_samples;

static int take_sample(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    match_samples *all = ctx;
    if (all->count == OMRS_SYNC_STATE_COUNT)
        return 0;
    match_sample *m = &all->each[all->count++];
    m->count = row[0] ? strtoll(row[0], NULL, 10) : 0;
    m->page_end_id = row[1] ? strtoll(row[1], NULL, 10) : 0;
    m->last_id = row[2] ? strtoll(row[2], NULL, 10) : 0;
    return 0;
}

static long long walk_start(const omrs_sync_record_filter *f)
{
    return f->has_after ? f->after.record_id : 0;
}

static int append_from_index(omrs_buf *sql, const char *table, const char *index)
{
    int rc = omrs_buf_printf(sql, " FROM %s", table);
    if (rc == 0 && index[0])
        rc = omrs_buf_printf(sql, " FORCE INDEX (") < 0 || omrs_buf_quote_identifier(sql, index) < 0
                 || omrs_buf_putc(sql, ')') < 0 ? -1 : 0;
    return rc;
}

/* Counting: the index that starts with the state. Finding the page's end: the index that
 * holds a state's rows in record_id order, when there is one (the optimiser would
 * otherwise read the state's rows from the start, or intersect two long ranges). */
static int append_sample_froms(omrs_buf *count_from, omrs_buf *order_from, const omrs_sync_record_filter *f,
                               const record_indexes *ix)
{
    if (!f->server_id)
        return append_from_index(count_from, "sync_record", ix->state) < 0
               || append_from_index(order_from, "sync_record", ix->state) < 0 ? -1 : 0;
    const char *counting = ix->server_state[0] ? ix->server_state
                         : ix->server_state_any[0] ? ix->server_state_any : ix->server_record_state;
    return append_from_index(count_from, "sync_server_record", counting) < 0
           || append_from_index(order_from, "sync_server_record", ix->server_state) < 0 ? -1 : 0;
}

/* The state name is one of ours, never user text. */
static int append_sample(omrs_buf *sql, const omrs_sync_record_filter *f, const record_indexes *ix,
                         omrs_sync_state state, unsigned rows)
{
    omrs_buf count_from = {0}, order_from = {0}, where = {0};
    int rc = append_sample_froms(&count_from, &order_from, f, ix) < 0
          || omrs_buf_printf(&where, " WHERE state = '%s'", omrs_sync_state_name(state)) < 0 ? -1 : 0;
    if (rc == 0 && f->server_id)
        rc = omrs_buf_printf(&where, " AND server_id = %d", f->server_id);
    if (rc == 0)
        rc = omrs_buf_printf(sql, "SELECT (SELECT COUNT(*) FROM (SELECT 1%s%s LIMIT %d) m), "
                                  "(SELECT record_id%s%s AND record_id > %lld ORDER BY record_id LIMIT 1 OFFSET %u), "
                                  "(SELECT MAX(record_id) FROM sync_record)",
                             count_from.data, where.data, MATCH_SAMPLE, order_from.data, where.data, walk_start(f),
                             rows - 1);
    omrs_buf_free(&count_from);
    omrs_buf_free(&order_from);
    omrs_buf_free(&where);
    return rc;
}

static int sample_matches(omrs_conn *c, const omrs_sync_record_filter *f, const record_indexes *ix, unsigned rows,
                          match_samples *all, omrs_error *err)
{
    omrs_buf sql = {0};
    int rc = 0;
    for (int i = 0; rc == 0 && i < OMRS_SYNC_STATE_COUNT; i++)
        if (f->states[i])
            rc = (sql.len ? omrs_buf_printf(&sql, " UNION ALL ") : 0) < 0 ? -1
                                                                          : append_sample(&sql, f, ix, (omrs_sync_state)i, rows);
    memset(all, 0, sizeof *all);
    rc = rc < 0 ? omrs_fail_nomem(err) : omrs_conn_each_row(c, sql.data, take_sample, all, err);
    omrs_buf_free(&sql);
    return rc;
}

/* Records a walk reads: up to the page's last match of the state that fills a page
 * soonest, or to the end when none does. */
static bool walking_is_cheaper(const match_samples *all, const omrs_sync_record_filter *f)
{
    double matches = 0, walk = -1, start = (double)walk_start(f);
    for (size_t i = 0; i < all->count; i++) {
        const match_sample *m = &all->each[i];
        matches += (double)m->count;
        double reach = (double)(m->page_end_id ? m->page_end_id : m->last_id) - start;
        if (walk < 0 || reach < walk)
            walk = reach;
    }
    return walk < matches * RANDOM_READ_WEIGHT;
}

static int choose_plan(omrs_conn *c, const omrs_sync_record_filter *f, const record_indexes *ix, unsigned rows,
                       page_plan *plan, omrs_error *err)
{
    *plan = PLAN_OPTIMIZER;
    if (!f->has_states || f->uuid)
        return 0;
    if (!f->server_id && ix->state_timestamp[0]) {
        *plan = PLAN_PER_STATE;
        return 0;
    }
    match_samples samples;
    if (sample_matches(c, f, ix, rows, &samples, err) < 0)
        return -1;
    *plan = walking_is_cheaper(&samples, f) ? PLAN_WALK : PLAN_SORT;
    return 0;
}

/* FROM, with the join order and index the plan needs; an index the database lacks is
 * simply not named (the query stays right, only slower). */
static int append_from(omrs_buf *sql, const omrs_sync_record_filter *f, page_plan plan, const char *index)
{
    int rc = 0;
    if (f->server_id && plan == PLAN_SORT)
        return omrs_buf_printf(sql, " FROM sync_server_record s STRAIGHT_JOIN sync_record r ON r.record_id = s.record_id");
    rc = omrs_buf_printf(sql, " FROM sync_record r");
    if (rc == 0 && index && index[0])
        rc = omrs_buf_printf(sql, " FORCE INDEX (") < 0 || omrs_buf_quote_identifier(sql, index) < 0
                 || omrs_buf_putc(sql, ')') < 0 ? -1 : 0;
    if (rc == 0 && f->server_id)
        rc = omrs_buf_printf(sql, " %s sync_server_record s ON s.record_id = r.record_id",
                             plan == PLAN_WALK ? "STRAIGHT_JOIN" : "JOIN");
    return rc;
}

static int append_select(omrs_conn *c, omrs_buf *sql, const omrs_sync_record_filter *f, page_plan plan,
                         const char *index, const bool *states, unsigned rows)
{
    int rc = omrs_buf_printf(sql, "SELECT r.record_id, r.uuid, r.original_uuid, "
                                  "DATE_FORMAT(r.timestamp, '%%Y-%%m-%%d %%H:%%i:%%s') AS ts, %s, r.contained_classes, "
                                  "%s AS error_message",
                             f->server_id ? "s.state, s.retry_count" : "r.state, r.retry_count",
                             f->server_id ? "s.error_message" : "NULL");
    /* A server's page is chosen from index entries alone, and only its rows are read in full. */
    if (rc == 0 && f->server_id)
        rc = omrs_buf_printf(sql, " FROM (SELECT s.server_record_id");
    rc = rc < 0 ? rc : append_from(sql, f, plan, index);
    rc = rc < 0 ? rc : append_where(c, sql, f, states);
    rc = rc < 0 ? rc : omrs_buf_printf(sql, " ORDER BY r.timestamp, r.record_id LIMIT %u", rows);
    if (rc == 0 && f->server_id)
        rc = omrs_buf_printf(sql, ") k STRAIGHT_JOIN sync_server_record s ON s.server_record_id = k.server_record_id "
                                  "JOIN sync_record r ON r.record_id = s.record_id ORDER BY r.timestamp, r.record_id");
    return rc;
}

/* Each state's rows come in queue order from the (state, timestamp) index; the first
 * rows of every branch, sorted again, are the first rows of all. */
static int per_state_sql(omrs_conn *c, const omrs_sync_record_filter *f, const char *index, unsigned rows,
                         omrs_buf *sql)
{
    int rc = omrs_buf_printf(sql, "SELECT * FROM (");
    const char *sep = "";
    for (int i = 0; rc == 0 && i < OMRS_SYNC_STATE_COUNT; i++) {
        if (!f->states[i])
            continue;
        bool one[OMRS_SYNC_STATE_COUNT] = {0};
        one[i] = true;
        rc = omrs_buf_printf(sql, "%s(", sep) < 0 || append_select(c, sql, f, PLAN_PER_STATE, index, one, rows) < 0
                     || omrs_buf_putc(sql, ')') < 0 ? -1 : 0;
        sep = " UNION ALL ";
    }
    return rc < 0 ? rc : omrs_buf_printf(sql, ") page ORDER BY ts, record_id LIMIT %u", rows);
}

/* One row more than the page, to know whether another page follows. */
static int page_sql(omrs_conn *c, const omrs_sync_record_filter *f, page_plan plan, const record_indexes *ix,
                    unsigned limit, omrs_buf *sql)
{
    const bool *states = f->has_states ? f->states : NULL;
    switch (plan) {
    case PLAN_PER_STATE:
        return per_state_sql(c, f, ix->state_timestamp, limit + 1, sql);
    case PLAN_WALK:
        return append_select(c, sql, f, plan, ix->timestamp, states, limit + 1);
    case PLAN_SORT:
        return append_select(c, sql, f, plan, f->server_id ? NULL : ix->state, states, limit + 1);
    default:
        return append_select(c, sql, f, plan, NULL, states, limit + 1);
    }
}

/* ---- one page ---------------------------------------------------------- */

static int copy_columns(MYSQL_ROW row, size_t n, char **const slots[])
{
    for (size_t i = 0; i < n; i++)
        if (slots[i] && row[i] && omrs_set_str(slots[i], row[i]) < 0)
            return -1;
    return 0;
}

static int take_page_row(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    omrs_sync_record_page *p = ctx;
    omrs_sync_record_row *r = omrs_array_push(&p->rows, &p->count, sizeof *r);
    if (!r)
        return -1;
    r->record_id = strtoll(row[0], NULL, 10);
    r->has_retry = row[5] != NULL;
    r->retry_count = row[5] ? atoi(row[5]) : 0;
    char **const slots[] = {NULL, &r->uuid, &r->original_uuid, &r->timestamp, &r->state, NULL,
                            &r->contained_classes, &r->error_message};
    return copy_columns(row, sizeof slots / sizeof *slots, slots);
}

static void free_row(omrs_sync_record_row *r)
{
    free(r->uuid), free(r->original_uuid), free(r->timestamp), free(r->state);
    free(r->contained_classes), free(r->error_message);
}

static void cursor_of(const omrs_sync_record_row *r, omrs_sync_cursor *c)
{
    memset(c, 0, sizeof *c);
    c->null_timestamp = r->timestamp == NULL;
    if (r->timestamp)
        snprintf(c->timestamp, sizeof c->timestamp, "%s", r->timestamp);
    c->record_id = r->record_id;
}

static int read_page(omrs_conn *c, const omrs_sync_record_filter *f, unsigned limit, omrs_sync_record_page *out,
                     omrs_error *err)
{
    record_indexes ix = {0};
    page_plan plan = PLAN_OPTIMIZER;
    omrs_buf sql = {0};
    int rc = omrs_sync_require_tables(c, err);
    if (rc == 0 && f->has_states && !f->uuid)
        rc = load_indexes(c, &ix, err);
    if (rc == 0)
        rc = choose_plan(c, f, &ix, limit + 1, &plan, err);
    if (rc == 0)
        rc = page_sql(c, f, plan, &ix, limit, &sql) < 0 ? omrs_fail_nomem(err) : 0;
    if (rc == 0)
        rc = omrs_conn_each_row(c, sql.data, take_page_row, out, err);
    omrs_buf_free(&sql);
    return rc;
}

int omrs_sync_records_page(omrs_conn *c, const omrs_sync_record_filter *f, omrs_sync_record_page *out,
                           omrs_error *err)
{
    memset(out, 0, sizeof *out);
    unsigned limit = f->limit ? f->limit : OMRS_SYNC_RECORDS_DEFAULT_LIMIT;
    if (read_page(c, f, limit, out, err) < 0) {
        omrs_sync_record_page_free(out);
        return -1;
    }
    if (out->count > limit) {
        free_row(&out->rows[--out->count]);
        out->has_next = true;
        cursor_of(&out->rows[out->count - 1], &out->next);
    }
    return 0;
}

void omrs_sync_record_page_free(omrs_sync_record_page *p)
{
    for (size_t i = 0; i < p->count; i++)
        free_row(&p->rows[i]);
    free(p->rows);
    memset(p, 0, sizeof *p);
}

/* ---- one record -------------------------------------------------------- */

static int take_record(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)columns;
    omrs_sync_record_detail *d = ctx;
    if (d->record.uuid)   /* the first row is the best match */
        return 0;
    omrs_sync_record_row *r = &d->record;
    r->record_id = strtoll(row[0], NULL, 10);
    r->has_retry = row[5] != NULL;
    r->retry_count = row[5] ? atoi(row[5]) : 0;
    char **const slots[] = {NULL, &r->uuid, &r->original_uuid, &r->timestamp, &r->state, NULL,
                            &r->contained_classes, &d->creator, &d->database_version};
    if (copy_columns(row, sizeof slots / sizeof *slots, slots) < 0 || (!r->uuid && omrs_set_str(&r->uuid, "") < 0))
        return -1;
    if (row[9]) {
        d->payload = malloc(lengths[9] + 1);
        if (!d->payload)
            return -1;
        memcpy(d->payload, row[9], lengths[9]);
        d->payload[lengths[9]] = '\0';
        d->payload_len = lengths[9];
    }
    return 0;
}

static int find_record(omrs_conn *c, const char *key, omrs_sync_record_detail *d, omrs_error *err)
{
    omrs_buf sql = {0};
    long long id;
    int rc = omrs_buf_printf(&sql, "SELECT record_id, uuid, original_uuid, DATE_FORMAT(timestamp, '%%Y-%%m-%%d %%H:%%i:%%s'), "
                                   "state, retry_count, contained_classes, creator, database_version, payload "
                                   "FROM sync_record WHERE ");
    if (rc == 0 && parse_record_id(key, &id))
        rc = omrs_buf_printf(&sql, "record_id = %lld", id);
    else if (rc == 0)   /* the record's own uuid first, then the original one it copies */
        rc = append_compare(c, &sql, "uuid = ", key) < 0 || append_compare(c, &sql, " OR original_uuid = ", key) < 0
             || append_compare(c, &sql, " ORDER BY uuid = ", key) < 0 || omrs_buf_printf(&sql, " DESC LIMIT 1") < 0 ? -1 : 0;
    rc = rc < 0 ? omrs_fail_nomem(err) : omrs_conn_each_row(c, sql.data, take_record, d, err);
    omrs_buf_free(&sql);
    if (rc == 0 && !d->record.uuid)
        rc = omrs_fail(err, OMRS_ERR_SQL, "no sync_record with record_id, uuid or original_uuid '%s' in database %s",
                       key, c->database ? c->database : "(none)");
    return rc;
}

static int take_server_record(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    omrs_sync_record_detail *d = ctx;
    omrs_sync_server_record *s = omrs_array_push(&d->servers, &d->server_count, sizeof *s);
    if (!s)
        return -1;
    s->server_record_id = strtoll(row[0], NULL, 10);
    s->server_id = atoi(row[1]);
    s->has_retry = row[5] != NULL;
    s->retry_count = row[5] ? atoi(row[5]) : 0;
    char **const slots[] = {NULL, NULL, &s->nickname, &s->server_type, &s->state, NULL, &s->error_message};
    return copy_columns(row, sizeof slots / sizeof *slots, slots);
}

static int load_server_records(omrs_conn *c, omrs_sync_record_detail *d, omrs_error *err)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT s.server_record_id, s.server_id, v.nickname, v.server_type, s.state, s.retry_count, s.error_message "
             "FROM sync_server_record s LEFT JOIN sync_server v ON v.server_id = s.server_id "
             "WHERE s.record_id = %lld ORDER BY s.server_id, s.server_record_id", d->record.record_id);
    return omrs_conn_each_row(c, sql, take_server_record, d, err);
}

static int take_import(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    omrs_sync_record_detail *d = ctx;
    if (d->import)
        return 0;
    omrs_sync_import *i = d->import = calloc(1, sizeof *i);
    if (!i)
        return -1;
    i->id = strtoll(row[0], NULL, 10);
    i->has_retry = row[5] != NULL;
    i->retry_count = row[5] ? atoi(row[5]) : 0;
    i->has_source = row[8] != NULL;
    i->source_server_id = row[8] ? atoi(row[8]) : 0;
    char **const slots[] = {NULL, &i->uuid, &i->creator, &i->database_version, &i->timestamp, NULL, &i->state,
                            &i->error_message, NULL, &i->source_nickname};
    return copy_columns(row, sizeof slots / sizeof *slots, slots);
}

/* sync_import is keyed by the original uuid of the incoming record (section 1.2). */
static int load_import(omrs_conn *c, omrs_sync_record_detail *d, omrs_error *err)
{
    bool exists = false;
    if (!d->record.original_uuid)
        return 0;
    if (omrs_conn_table_exists(c, "sync_import", &exists, err) < 0)
        return -1;
    if (!exists)
        return 0;
    omrs_buf sql = {0};
    int rc = omrs_buf_printf(&sql, "SELECT i.sync_import_id, i.uuid, i.creator, i.database_version, "
                                   "DATE_FORMAT(i.timestamp, '%%Y-%%m-%%d %%H:%%i:%%s'), i.retry_count, i.state, "
                                   "i.error_message, i.source_server_id, v.nickname FROM sync_import i "
                                   "LEFT JOIN sync_server v ON v.server_id = i.source_server_id WHERE i.uuid = ");
    rc = rc < 0 || omrs_conn_append_literal(c, &sql, d->record.original_uuid) < 0 ? omrs_fail_nomem(err)
                                                                                 : omrs_conn_each_row(c, sql.data, take_import, d, err);
    omrs_buf_free(&sql);
    return rc;
}

int omrs_sync_record_load(omrs_conn *c, const char *key, omrs_sync_record_detail *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = omrs_sync_require_tables(c, err);
    if (rc == 0)
        rc = find_record(c, key, out, err);
    if (rc == 0)
        rc = load_server_records(c, out, err);
    if (rc == 0)
        rc = load_import(c, out, err);
    if (rc < 0)
        omrs_sync_record_detail_free(out);
    return rc;
}

static void free_import(omrs_sync_import *i)
{
    if (!i)
        return;
    free(i->uuid), free(i->creator), free(i->database_version), free(i->timestamp), free(i->state);
    free(i->error_message), free(i->source_nickname);
    free(i);
}

void omrs_sync_record_detail_free(omrs_sync_record_detail *d)
{
    free_row(&d->record);
    free(d->creator), free(d->database_version), free(d->payload);
    for (size_t i = 0; i < d->server_count; i++) {
        omrs_sync_server_record *s = &d->servers[i];
        free(s->nickname), free(s->server_type), free(s->state), free(s->error_message);
    }
    free(d->servers);
    free_import(d->import);
    memset(d, 0, sizeof *d);
}
