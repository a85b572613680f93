#include "actions.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"

/* ---- the plan ------------------------------------------------------------------------ */

static int plan_push(omrs_strlist *l, const char *fmt, va_list ap)
{
    char line[1024];
    vsnprintf(line, sizeof line, fmt, ap);
    return omrs_strlist_push(l, line, strlen(line));
}

/* One affected row: counted always, listed while the list is short. */
static int plan_row(omrs_sync_plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int plan_row(omrs_sync_plan *p, const char *fmt, ...)
{
    p->row_count++;
    if (p->rows.count >= OMRS_SYNC_PLAN_LISTED)
        return 0;
    va_list ap;
    va_start(ap, fmt);
    int rc = plan_push(&p->rows, fmt, ap);
    va_end(ap);
    return rc;
}

static int plan_note(omrs_sync_plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int plan_note(omrs_sync_plan *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = plan_push(&p->notes, fmt, ap);
    va_end(ap);
    return rc;
}

static int plan_summary(omrs_sync_plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int plan_summary(omrs_sync_plan *p, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    return omrs_set_str(&p->summary, line);
}

/* Takes the statement in b (b is emptied). */
static int plan_sql(omrs_sync_plan *p, omrs_buf *b, long long expect)
{
    size_t n = p->sql.count + 1;
    long long *e = realloc(p->expect, n * sizeof *e);
    if (e)
        p->expect = e;
    unsigned long long *c = realloc(p->changed, n * sizeof *c);
    if (c)
        p->changed = c;
    int rc = e && c && b->data ? omrs_strlist_push(&p->sql, b->data, b->len) : -1;
    if (rc == 0)
        p->expect[n - 1] = expect, p->changed[n - 1] = 0;
    omrs_buf_free(b);
    return rc;
}

void omrs_sync_plan_free(omrs_sync_plan *p)
{
    free(p->summary);
    omrs_strlist_free(&p->rows);
    omrs_strlist_free(&p->notes);
    omrs_strlist_free(&p->sql);
    free(p->expect);
    free(p->changed);
    memset(p, 0, sizeof *p);
}

static int rollback(omrs_conn *c, size_t i, const char *sql, omrs_error *err)
{
    omrs_error ignored = {0};
    omrs_conn_write(c, "ROLLBACK", NULL, &ignored);
    char why[sizeof err->message];
    snprintf(why, sizeof why, "%s", err->message);
    return omrs_fail(err, err->code, "statement %zu failed: %s [%.200s]; rolled back: nothing was changed", i + 1,
                     why, sql);
}

int omrs_sync_plan_apply(omrs_conn *c, omrs_sync_plan *p, omrs_error *err)
{
    if (omrs_conn_write(c, "START TRANSACTION", NULL, err) < 0)
        return -1;
    for (size_t i = 0; i < p->sql.count; i++) {
        if (omrs_conn_write(c, p->sql.items[i], &p->changed[i], err) < 0)
            return rollback(c, i, p->sql.items[i], err);
        if (p->expect[i] >= 0 && p->changed[i] != (unsigned long long)p->expect[i]) {
            omrs_fail(err, OMRS_ERR_SQL, "it would change %llu row(s), the preview counted %lld: the data changed "
                      "meanwhile (is OpenMRS running?); look again", p->changed[i], p->expect[i]);
            return rollback(c, i, p->sql.items[i], err);
        }
    }
    if (omrs_conn_commit(c, err) < 0)
        return rollback(c, p->sql.count - 1, "COMMIT", err);
    return 0;
}

/* ---- small readers ------------------------------------------------------------------- */

bool omrs_sync_date_valid(const char *s)
{
    static const char shape[] = "dddd-dd-dd dd:dd:dd";
    size_t n = strlen(s);
    if (n != 10 && n != 19)
        return false;
    for (size_t i = 0; i < n; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
            return false;
    return true;
}

static int take_text(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    return row[0] ? omrs_set_str(ctx, row[0]) : 0;
}

/* The first column of the first row (NULL when none); the caller frees it. */
static int query_text(omrs_conn *c, const char *sql, char **out, omrs_error *err)
{
    *out = NULL;
    return omrs_conn_each_row(c, sql, take_text, out, err);
}

static int query_count(omrs_conn *c, const char *sql, long long *n, omrs_error *err)
{
    char *text = NULL;
    int rc = query_text(c, sql, &text, err);
    *n = text ? atoll(text) : 0;
    free(text);
    return rc;
}

static int take_line(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    omrs_sync_plan *p = ctx;
    return omrs_strlist_push(&p->rows, row[0] ? row[0] : "?", strlen(row[0] ? row[0] : "?"));
}

/* Rows the module's statement will touch, counted and (the first ones) listed: `line` is a
 * SQL expression that renders one row; `tail` is what follows FROM. */
static int plan_rows(omrs_conn *c, omrs_sync_plan *p, const char *line, const char *tail, const char *order,
                     long long *n, omrs_error *err)
{
    omrs_buf q = {0};
    int rc = omrs_buf_printf(&q, "SELECT COUNT(*) FROM %s", tail) < 0 ? omrs_fail_nomem(err) : 0;
    if (rc == 0)
        rc = query_count(c, q.data, n, err);
    size_t room = OMRS_SYNC_PLAN_LISTED > p->rows.count ? OMRS_SYNC_PLAN_LISTED - p->rows.count : 0;
    q.len = 0;
    if (rc == 0 && room && *n > 0)
        rc = omrs_buf_printf(&q, "SELECT %s FROM %s ORDER BY %s LIMIT %zu", line, tail, order, room) < 0
           ? omrs_fail_nomem(err) : omrs_conn_each_row(c, q.data, take_line, p, err);
    if (rc == 0)
        p->row_count += (size_t)*n;
    omrs_buf_free(&q);
    return rc;
}

/* A task's property as the task reads it (first task of that class), NULL when absent. */
static int task_property(omrs_conn *c, const char *task_class, const char *name, char **value, omrs_error *err)
{
    omrs_buf q = {0};
    int rc = omrs_buf_printf(&q, "SELECT p.value FROM scheduler_task_config_property p JOIN scheduler_task_config t "
                                 "ON t.task_config_id = p.task_config_id WHERE t.schedulable_class = '%s' AND "
                                 "p.name = '%s' ORDER BY t.task_config_id LIMIT 1", task_class, name) < 0
           ? omrs_fail_nomem(err) : query_text(c, q.data, value, err);
    omrs_buf_free(&q);
    return rc;
}

/* The task's "older than x days" property, or its default. */
static int task_days(omrs_conn *c, omrs_sync_plan *p, const char *task_class, const char *name, int fallback,
                     int *days, omrs_error *err)
{
    char *value = NULL;
    if (task_property(c, task_class, name, &value, err) < 0)
        return -1;
    char *end = NULL;
    long v = value && *value ? strtol(value, &end, 10) : -1;
    *days = fallback;
    int rc = 0;
    if (value && *value && (*end || v < 0 || v > 100000))
        rc = plan_note(p, "the task property %s is '%s', not a number of days: the default %d is used", name, value,
                       fallback);
    else if (v >= 0)
        *days = (int)v;
    free(value);
    return rc < 0 ? omrs_fail_nomem(err) : 0;
}

/* ---- reset / remove (6.2, 6.3) ------------------------------------------------------- */

typedef struct rec {
    int id, retry;                 /* retry -1: NULL */
    char uuid[40], ts[24], state[40];
} rec;

typedef struct srec {
    int id, record_id, server_id, retry;
    char state[40], nickname[64];
} srec;

typedef struct rows {
    void *items;
    size_t count, size;
} rows;

static void *rows_grow(rows *r)
{
    void *grown = realloc(r->items, (r->count + 1) * r->size);
    if (!grown)
        return NULL;
    r->items = grown;
    return (char *)grown + r->size * r->count++;
}

static void copy_field(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int take_rec(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    rec *r = rows_grow(ctx);
    if (!r)
        return -1;
    r->id = atoi(row[0]);
    r->retry = row[3] ? atoi(row[3]) : -1;
    copy_field(r->uuid, sizeof r->uuid, row[1]);
    copy_field(r->state, sizeof r->state, row[2]);
    copy_field(r->ts, sizeof r->ts, row[4]);
    return 0;
}

static int take_srec(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    srec *s = rows_grow(ctx);
    if (!s)
        return -1;
    s->id = atoi(row[0]);
    s->record_id = atoi(row[1]);
    s->server_id = atoi(row[2]);
    s->retry = row[4] ? atoi(row[4]) : -1;
    copy_field(s->state, sizeof s->state, row[3]);
    copy_field(s->nickname, sizeof s->nickname, row[5]);
    return 0;
}

static bool is_digits(const char *s)
{
    size_t n = strspn(s, "0123456789");
    return n > 0 && n <= 9 && s[n] == '\0';
}

/* WHERE record_id IN (...) OR uuid IN (...) for the records as typed. */
static int record_condition(omrs_conn *c, const omrs_sync_mark_request *r, omrs_buf *w, omrs_error *err)
{
    omrs_buf ids = {0}, uuids = {0};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->record_count; i++) {
        const char *key = r->records[i];
        if (!*key)
            rc = omrs_fail(err, OMRS_ERR_USAGE, "an empty record id: give a sync_record record_id or uuid");
        else if (is_digits(key))
            rc = omrs_buf_printf(&ids, "%s%s", ids.len ? ", " : "", key) < 0 ? omrs_fail_nomem(err) : 0;
        else
            rc = (uuids.len && omrs_buf_append(&uuids, ", ", 2) < 0) || omrs_conn_append_literal(c, &uuids, key) < 0
               ? omrs_fail_nomem(err) : 0;
    }
    if (rc == 0 && omrs_buf_printf(w, "record_id IN (%s) OR uuid IN (%s)", ids.len ? ids.data : "NULL",
                                   uuids.len ? uuids.data : "NULL") < 0)
        rc = omrs_fail_nomem(err);
    omrs_buf_free(&ids);
    omrs_buf_free(&uuids);
    return rc;
}

/* The records, in the order typed, each once; an unknown one is an error naming it. */
static int load_records(omrs_conn *c, const omrs_sync_mark_request *r, rows *out, omrs_error *err)
{
    omrs_buf q = {0}, w = {0};
    rows found = {.size = sizeof(rec)};
    int rc = record_condition(c, r, &w, err);
    if (rc == 0)
        rc = omrs_buf_printf(&q, "SELECT record_id, uuid, state, retry_count, DATE_FORMAT(timestamp, "
                                 "'%%Y-%%m-%%d %%H:%%i:%%s') FROM sync_record WHERE %s", w.data) < 0
           ? omrs_fail_nomem(err) : omrs_conn_each_row(c, q.data, take_rec, &found, err);
    for (size_t i = 0; rc == 0 && i < r->record_count; i++) {
        const char *key = r->records[i];
        const rec *hit = NULL;
        for (size_t j = 0; !hit && j < found.count; j++) {
            const rec *f = (const rec *)found.items + j;
            if (is_digits(key) ? f->id == atoi(key) : strcasecmp(f->uuid, key) == 0)
                hit = f;
        }
        if (!hit) {
            rc = omrs_fail(err, OMRS_ERR_PARSE, "no sync_record with %s '%s' in database %s: nothing was changed",
                           is_digits(key) ? "record_id" : "uuid", key, c->database ? c->database : "?");
            break;
        }
        bool seen = false;
        for (size_t j = 0; j < out->count; j++)
            seen = seen || ((rec *)out->items)[j].id == hit->id;
        rec *slot = seen ? NULL : rows_grow(out);
        if (!seen && !slot)
            rc = omrs_fail_nomem(err);
        else if (slot)
            *slot = *hit;
    }
    free(found.items);
    omrs_buf_free(&q);
    omrs_buf_free(&w);
    return rc;
}

static const char *target_state(const omrs_sync_mark_request *r)
{
    return r->remove ? "NOT_SUPPOSED_TO_SYNC" : "NEW";
}

/* Why the history page would not offer this row, or NULL. */
static const char *refusal(const char *state, bool remove)
{
    omrs_sync_state s = omrs_sync_state_parse(state);
    if (s == OMRS_SYNC_STATE_UNKNOWN)
        return "not a state the module can load";
    if (omrs_sync_state_is_final(s))
        return "the module's history page offers no reset or remove for committed rows";
    if (!remove && s == OMRS_SYNC_NEW)
        return "the module's history page refuses to reset a NEW row";
    if (remove && s == OMRS_SYNC_NOT_SUPPOSED_TO_SYNC)
        return "the module's history page refuses to remove a NOT_SUPPOSED_TO_SYNC row";
    return NULL;
}

/* The same rule in SQL, so the statement itself refuses what the page refuses. */
static const char *refused_states_sql(bool remove)
{
    return remove ? "'COMMITTED', 'COMMITTED_AND_CONFIRMATION_SENT', 'ALREADY_COMMITTED', 'NOT_SUPPOSED_TO_SYNC'"
                  : "'COMMITTED', 'COMMITTED_AND_CONFIRMATION_SENT', 'ALREADY_COMMITTED', 'NEW'";
}

static int id_list(const rows *rs, bool server_rows, omrs_buf *b)
{
    for (size_t i = 0; i < rs->count; i++) {
        int id = server_rows ? ((const srec *)rs->items)[i].id : ((const rec *)rs->items)[i].id;
        if (omrs_buf_printf(b, "%s%d", i ? ", " : "", id) < 0)
            return -1;
    }
    return 0;
}

static const char *retry_text(int retry, char *buf, size_t n)
{
    if (retry < 0)
        return "NULL";
    snprintf(buf, n, "%d", retry);
    return buf;
}

static int list_record(omrs_sync_plan *p, const rec *r, const char *to, const char *to_retry)
{
    char b[16];
    bool same = strcmp(r->state, to) == 0 && r->retry == 0;
    return plan_row(p, "sync_record %d  %s  %s  %s retry %s -> %s retry %s%s", r->id, r->uuid, r->ts, r->state,
                    retry_text(r->retry, b, sizeof b), to, to_retry, same ? " (no change)" : "");
}

static int list_srec(omrs_sync_plan *p, const srec *s, const char *to, const char *to_retry)
{
    char b[16];
    bool same = strcmp(s->state, to) == 0 && (!to_retry || s->retry == 0);
    return plan_row(p, "sync_server_record %d (record %d, server %d %s)  %s retry %s -> %s retry %s%s", s->id,
                    s->record_id, s->server_id, s->nickname, s->state, retry_text(s->retry, b, sizeof b), to,
                    to_retry ? to_retry : retry_text(s->retry, b, sizeof b), same ? " (no change)" : "");
}

/* History page, parent column: sync_record. */
static int mark_records(omrs_conn *c, const omrs_sync_mark_request *r, const rows *recs, omrs_sync_plan *p,
                        omrs_error *err)
{
    (void)c;
    for (size_t i = 0; i < recs->count; i++) {
        const rec *x = (const rec *)recs->items + i;
        const char *why = refusal(x->state, r->remove);
        if (why)
            return omrs_fail(err, OMRS_ERR_PARSE, "refused: sync_record %d (%s) is %s: %s; nothing was changed",
                             x->id, x->uuid, x->state[0] ? x->state : "NULL", why);
        if (list_record(p, x, target_state(r), "0") < 0)
            return omrs_fail_nomem(err);
    }
    omrs_buf q = {0}, ids = {0};
    int bad = id_list(recs, false, &ids) < 0
           || omrs_buf_printf(&q, "UPDATE sync_record SET retry_count = 0, state = '%s' WHERE record_id IN (%s) AND "
                                  "state NOT IN (%s)", target_state(r), ids.data, refused_states_sql(r->remove)) < 0;
    omrs_buf_free(&ids);
    if (bad || plan_sql(p, &q, (long long)recs->count) < 0)
        return omrs_buf_free(&q), omrs_fail_nomem(err);
    return plan_summary(p, "%s %zu sync_record row(s): state %s, retry_count 0 (the history page, parent column)",
                        r->remove ? "remove" : "reset", recs->count, target_state(r)) < 0 ? omrs_fail_nomem(err) : 0;
}

static int load_server_rows(omrs_conn *c, const rows *recs, int server_id, rows *out, omrs_error *err)
{
    omrs_buf q = {0}, ids = {0};
    int rc = id_list(recs, false, &ids) < 0 ? omrs_fail_nomem(err) : 0;
    char only[48] = "";
    if (server_id > 0)
        snprintf(only, sizeof only, "sr.server_id = %d AND ", server_id);
    if (rc == 0)
        rc = omrs_buf_printf(&q, "SELECT sr.server_record_id, sr.record_id, sr.server_id, sr.state, sr.retry_count, "
                                 "s.nickname FROM sync_server_record sr LEFT JOIN sync_server s ON s.server_id = "
                                 "sr.server_id WHERE %ssr.record_id IN (%s) ORDER BY sr.record_id, sr.server_record_id",
                             only, ids.data) < 0
           ? omrs_fail_nomem(err) : omrs_conn_each_row(c, q.data, take_srec, out, err);
    omrs_buf_free(&q);
    omrs_buf_free(&ids);
    return rc;
}

/* Every record must have its row for the server (else there is nothing the page could show). */
static int require_server_rows(const rows *recs, const rows *srecs, const omrs_sync_server *sv, omrs_error *err)
{
    for (size_t i = 0; i < recs->count; i++) {
        const rec *x = (const rec *)recs->items + i;
        bool has = false;
        for (size_t j = 0; j < srecs->count; j++)
            has = has || ((const srec *)srecs->items)[j].record_id == x->id;
        if (!has)
            return omrs_fail(err, OMRS_ERR_PARSE, "sync_record %d (%s) has no sync_server_record row for server %d "
                             "(%s): nothing to change (rows for a server added later come from `sync backport`); "
                             "nothing was changed", x->id, x->uuid, sv->id, sv->nickname ? sv->nickname : "");
    }
    return 0;
}

/* History page, one server's column: its sync_server_record rows. */
static int mark_server_rows(omrs_conn *c, const omrs_sync_mark_request *r, const rows *recs,
                            const omrs_sync_server *sv, omrs_sync_plan *p, omrs_error *err)
{
    rows srecs = {.size = sizeof(srec)};
    int rc = load_server_rows(c, recs, sv->id, &srecs, err);
    if (rc == 0)
        rc = require_server_rows(recs, &srecs, sv, err);
    for (size_t i = 0; rc == 0 && i < srecs.count; i++) {
        const srec *s = (const srec *)srecs.items + i;
        const char *why = refusal(s->state, r->remove);
        if (why)
            rc = omrs_fail(err, OMRS_ERR_PARSE, "refused: the row of sync_record %d for server %d (%s), "
                           "sync_server_record %d, is %s: %s; nothing was changed", s->record_id, s->server_id,
                           s->nickname, s->id, s->state[0] ? s->state : "NULL", why);
        else if (list_srec(p, s, target_state(r), "0") < 0)
            rc = omrs_fail_nomem(err);
    }
    omrs_buf q = {0}, ids = {0};
    if (rc == 0 && (id_list(&srecs, true, &ids) < 0
                    || omrs_buf_printf(&q, "UPDATE sync_server_record SET retry_count = 0, state = '%s' WHERE "
                                           "server_record_id IN (%s) AND state NOT IN (%s)", target_state(r), ids.data,
                                       refused_states_sql(r->remove)) < 0
                    || plan_sql(p, &q, (long long)srecs.count) < 0
                    || plan_summary(p, "%s %zu sync_server_record row(s) of server %d (%s): state %s, retry_count 0 "
                                       "(the history page, that server's column)", r->remove ? "remove" : "reset",
                                    srecs.count, sv->id, sv->nickname ? sv->nickname : "", target_state(r)) < 0))
        rc = omrs_fail_nomem(err);
    omrs_buf_free(&q);
    omrs_buf_free(&ids);
    free(srecs.items);
    return rc;
}

/* Rows whose values really change (MariaDB counts only those as affected). */
static long long records_changing(const rows *recs, const char *to)
{
    long long n = 0;
    for (size_t i = 0; i < recs->count; i++) {
        const rec *x = (const rec *)recs->items + i;
        n += strcmp(x->state, to) != 0 || x->retry != 0;
    }
    return n;
}

static int all_statements(const omrs_sync_mark_request *r, const rows *recs, const rows *srecs, long long changing,
                          omrs_sync_plan *p)
{
    omrs_buf q = {0}, ids = {0};
    int rc = id_list(recs, false, &ids) < 0
          || omrs_buf_printf(&q, "UPDATE sync_record SET retry_count = 0, state = '%s' WHERE record_id IN (%s)",
                             target_state(r), ids.data) < 0
          || plan_sql(p, &q, records_changing(recs, target_state(r))) < 0 ? -1 : 0;
    if (rc == 0 && srecs->count)
        rc = omrs_buf_printf(&q, "UPDATE sync_server_record SET state = '%s' WHERE record_id IN (%s)", target_state(r),
                             ids.data) < 0 || plan_sql(p, &q, changing) < 0 ? -1 : 0;
    omrs_buf_free(&q);
    omrs_buf_free(&ids);
    return rc;
}

/* View-record page: the record and every server's row of it, whatever their states. */
static int mark_everywhere(omrs_conn *c, const omrs_sync_mark_request *r, const rows *recs, omrs_sync_plan *p,
                           omrs_error *err)
{
    rows srecs = {.size = sizeof(srec)};
    int rc = load_server_rows(c, recs, 0, &srecs, err);
    for (size_t i = 0; rc == 0 && i < recs->count; i++)
        rc = list_record(p, (const rec *)recs->items + i, target_state(r), "0");
    long long changing = 0, committed = 0;
    for (size_t i = 0; rc == 0 && i < srecs.count; i++) {
        const srec *s = (const srec *)srecs.items + i;
        changing += strcmp(s->state, target_state(r)) != 0;
        committed += omrs_sync_state_is_final(omrs_sync_state_parse(s->state));
        rc = list_srec(p, s, target_state(r), NULL);
    }
    /* rows listed "(no change)" are not counted */
    p->row_count = (size_t)(records_changing(recs, target_state(r)) + changing);
    if (rc == 0 && committed && !r->remove)
        rc = plan_note(p, "%lld of these server rows are committed: the module's view-record reset sends those "
                          "records to those servers again", committed);
    if (rc == 0)
        rc = all_statements(r, recs, &srecs, changing, p) < 0
          || plan_summary(p, "%s %zu record(s) everywhere: sync_record state %s, retry_count 0, and all %zu of their "
                             "sync_server_record rows state %s (the view-record page)", r->remove ? "remove" : "reset",
                          recs->count, target_state(r), srecs.count, target_state(r)) < 0 ? -1 : 0;
    free(srecs.items);
    return rc < 0 && err->code == OMRS_OK ? omrs_fail_nomem(err) : rc;
}

static int mark_on_server(omrs_conn *c, const omrs_sync_mark_request *r, const rows *recs, omrs_sync_plan *p,
                          omrs_error *err)
{
    omrs_sync_servers servers;
    if (omrs_sync_servers_load(c, &servers, err) < 0)
        return -1;
    const omrs_sync_server *sv = NULL;
    int rc = omrs_sync_server_resolve(&servers, r->server, &sv, err);
    if (rc == 0 && sv == omrs_sync_parent(&servers)) {
        /* The parent has no sync_server_record rows: its column is sync_record itself. */
        rc = plan_note(p, "server %d is the PARENT: its state is sync_record.state", sv->id) < 0
           ? omrs_fail_nomem(err) : mark_records(c, r, recs, p, err);
    } else if (rc == 0) {
        rc = mark_server_rows(c, r, recs, sv, p, err);
    }
    omrs_sync_servers_free(&servers);
    return rc;
}

int omrs_sync_plan_mark(omrs_conn *c, const omrs_sync_mark_request *r, omrs_sync_plan *p, omrs_error *err)
{
    memset(p, 0, sizeof *p);
    omrs_error_clear(err);
    if (r->record_count == 0)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync %s needs one or more sync_record record_ids or uuids",
                         r->remove ? "remove" : "reset");
    rows recs = {.size = sizeof(rec)};
    int rc = omrs_sync_require_tables(c, err) < 0 || load_records(c, r, &recs, err) < 0 ? -1 : 0;
    if (rc == 0 && !r->server)
        rc = mark_records(c, r, &recs, p, err);
    else if (rc == 0 && strcmp(r->server, "all") == 0)
        rc = mark_everywhere(c, r, &recs, p, err);
    else if (rc == 0)
        rc = mark_on_server(c, r, &recs, p, err);
    free(recs.items);
    return rc;
}

/* ---- reset retries (6.4) ------------------------------------------------------------- */

#define REC_LINE "CONCAT_WS('  ', CONCAT('sync_record ', record_id), uuid, " \
                 "IFNULL(DATE_FORMAT(timestamp, '%Y-%m-%d %H:%i:%s'), 'NULL'), " \
                 "CONCAT(IFNULL(state, 'NULL'), ' retry ', IFNULL(retry_count, 'NULL')))"

int omrs_sync_plan_reset_retries(omrs_conn *c, omrs_sync_plan *p, omrs_error *err)
{
    memset(p, 0, sizeof *p);
    long long n = 0;
    if (omrs_sync_require_tables(c, err) < 0
        || plan_rows(c, p, "CONCAT(" REC_LINE ", ' -> FAILED retry 0')",
                     "sync_record WHERE state = 'FAILED_AND_STOPPED'",
                     "timestamp, record_id", &n, err) < 0)
        return -1;
    omrs_buf q = {0};
    if (omrs_buf_printf(&q, "UPDATE sync_record SET state = 'FAILED', retry_count = 0 WHERE state = "
                            "'FAILED_AND_STOPPED'") < 0 || plan_sql(p, &q, n) < 0
        || plan_summary(p, "reset the retries of %lld FAILED_AND_STOPPED sync_record row(s): state FAILED, "
                           "retry_count 0 (the status page's \"reset attempts\")", n) < 0)
        return omrs_fail_nomem(err);
    return 0;
}

/* ---- backport (6.5) ------------------------------------------------------------------ */

static int backport_sql(omrs_conn *c, int server_id, const char *since, omrs_buf *q)
{
    return omrs_buf_printf(q, "INSERT INTO sync_server_record (server_id, record_id, state, retry_count) SELECT %d, "
                              "r.record_id, 'NEW', 0 FROM sync_record r WHERE NOT EXISTS (SELECT 1 FROM "
                              "sync_server_record s WHERE s.server_id = %d AND s.record_id = r.record_id) AND EXISTS "
                              "(SELECT 1 FROM sync_record n WHERE n.timestamp >= ", server_id, server_id) < 0
        || omrs_conn_append_literal(c, q, since) < 0
        || omrs_buf_printf(q, ") ORDER BY r.timestamp, r.record_id") < 0 ? -1 : 0;
}

static int backport_plan(omrs_conn *c, const omrs_sync_server *sv, const char *since, omrs_sync_plan *p,
                         omrs_error *err)
{
    omrs_buf q = {0}, tail = {0};
    long long recent = 0, n = 0;
    int rc = omrs_buf_printf(&q, "SELECT COUNT(*) FROM sync_record WHERE timestamp >= ") < 0
          || omrs_conn_append_literal(c, &q, since) < 0 ? omrs_fail_nomem(err) : query_count(c, q.data, &recent, err);
    if (rc == 0 && recent > 0)
        rc = omrs_buf_printf(&tail, "sync_record r WHERE NOT EXISTS (SELECT 1 FROM sync_server_record s WHERE "
                                    "s.server_id = %d AND s.record_id = r.record_id)", sv->id) < 0
           ? omrs_fail_nomem(err)
           : plan_rows(c, p, "CONCAT_WS('  ', CONCAT('sync_record ', r.record_id), r.uuid, IFNULL(DATE_FORMAT("
                             "r.timestamp, '%Y-%m-%d %H:%i:%s'), 'NULL'), '-> new sync_server_record NEW retry 0')",
                       tail.data, "r.timestamp, r.record_id", &n, err);
    omrs_buf_free(&q);
    if (rc == 0 && (backport_sql(c, sv->id, since, &q) < 0 || plan_sql(p, &q, recent > 0 ? n : 0) < 0))
        rc = omrs_fail_nomem(err);
    if (rc == 0 && recent == 0)
        rc = plan_note(p, "no sync_record has timestamp >= '%s': the module's backport then adds nothing", since);
    else if (rc == 0)
        rc = plan_note(p, "as the module does, EVERY record without a row for this server gets one, whatever its "
                          "date: the date only decides whether anything happens (%lld record(s) are that recent)",
                       recent);
    if (rc == 0 && sv->server_type && strcmp(sv->server_type, "PARENT") == 0)
        rc = plan_note(p, "server %d is the PARENT: the module adds the rows for it too, but sends to a parent by "
                          "sync_record.state, so they are not used", sv->id);
    omrs_buf_free(&q);
    omrs_buf_free(&tail);
    if (rc == 0 && plan_summary(p, "backport: %lld new sync_server_record row(s) for server %d (%s), state NEW, "
                                   "retry_count 0", recent > 0 ? n : 0, sv->id, sv->nickname ? sv->nickname : "") < 0)
        rc = omrs_fail_nomem(err);
    return rc < 0 && err->code == OMRS_OK ? omrs_fail_nomem(err) : rc;
}

int omrs_sync_plan_backport(omrs_conn *c, const char *server, const char *since, omrs_sync_plan *p,
                            omrs_error *err)
{
    memset(p, 0, sizeof *p);
    omrs_error_clear(err);
    if (!server || !since)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync backport needs --server ID|UUID|NICKNAME and --since DATE "
                         "(the module's backport form asks for both)");
    if (!omrs_sync_date_valid(since))
        return omrs_fail(err, OMRS_ERR_USAGE, "--since '%s': give 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'", since);
    omrs_sync_servers servers;
    if (omrs_sync_servers_load(c, &servers, err) < 0)
        return -1;
    const omrs_sync_server *sv = NULL;
    int rc = omrs_sync_server_resolve(&servers, server, &sv, err);
    if (rc == 0)
        rc = backport_plan(c, sv, since, p, err);
    omrs_sync_servers_free(&servers);
    return rc;
}

/* ---- cleanup tasks (6.6, 6.7) -------------------------------------------------------- */

#define CLEANUP_TASK "org.openmrs.module.sync.scheduler.CleanupSyncTablesTask"
#define LOG_CLEANUP_TASK "org.openmrs.module.sync.scheduler.SyncTransmissionLogTableCleanUpTask"

/* The states the task deletes: --state, else its property, else its defaults. */
static int cleanup_states(omrs_conn *c, const char *given, omrs_sync_plan *p, omrs_buf *in, omrs_error *err)
{
    char *prop = NULL;
    if (!given && task_property(c, CLEANUP_TASK, "sync_record_states_to_delete", &prop, err) < 0)
        return -1;
    omrs_buf list = {0};
    for (const char *s = given ? given : prop ? prop : ""; *s; s++)   /* the property may have spaces */
        if (*s != ' ' && omrs_buf_putc(&list, *s) < 0)
            return free(prop), omrs_fail_nomem(err);
    free(prop);
    bool set[OMRS_SYNC_STATE_COUNT];
    int rc = 0;
    if (list.len) {
        rc = omrs_sync_states_parse(list.data, set, err);
    } else {
        long long parents = 0;
        rc = query_count(c, "SELECT COUNT(*) FROM sync_server WHERE server_type = 'PARENT'", &parents, err);
        memset(set, 0, sizeof set);
        set[OMRS_SYNC_NOT_SUPPOSED_TO_SYNC] = true;
        set[parents ? OMRS_SYNC_COMMITTED : OMRS_SYNC_NEW] = true;
        if (rc == 0 && plan_note(p, "states: the task's defaults for a server %s a parent",
                                 parents ? "with" : "without") < 0)
            rc = omrs_fail_nomem(err);
    }
    for (int i = 0; rc == 0 && i < OMRS_SYNC_STATE_COUNT; i++)
        if (set[i] && omrs_buf_printf(in, "%s'%s'", in->len ? ", " : "", omrs_sync_state_name((omrs_sync_state)i)) < 0)
            rc = omrs_fail_nomem(err);
    omrs_buf_free(&list);
    return rc;
}

/* The cut-off: the date given, or now minus the task's days; `truncate` as setDate does. */
static int cleanup_cutoff(omrs_conn *c, omrs_sync_plan *p, const char *until, const char *task_class,
                          const char *days_property, int fallback, bool truncate, char *out, size_t n, omrs_error *err)
{
    if (until) {
        if (!omrs_sync_date_valid(until))
            return omrs_fail(err, OMRS_ERR_USAGE, "--until '%s': give 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'", until);
        snprintf(out, n, "%.*s", truncate ? 10 : 19, until);
        if (truncate && strlen(until) > 10
            && plan_note(p, "the task's cut-off is a date: %s is taken as %s", until, out) < 0)
            return omrs_fail_nomem(err);
        return 0;
    }
    int days = fallback;
    if (task_days(c, p, task_class, days_property, fallback, &days, err) < 0)
        return -1;
    char q[160], *value = NULL;
    snprintf(q, sizeof q, truncate ? "SELECT DATE_FORMAT(NOW() - INTERVAL %d DAY, '%%Y-%%m-%%d')"
                                   : "SELECT DATE_FORMAT(NOW() - INTERVAL %d DAY, '%%Y-%%m-%%d %%H:%%i:%%s')", days);
    if (query_text(c, q, &value, err) < 0)
        return -1;
    snprintf(out, n, "%s", value ? value : "");
    free(value);
    return plan_note(p, "cut-off %s = now minus %d day(s) (task property %s)", out, days, days_property) < 0
         ? omrs_fail_nomem(err) : 0;
}

#define SR_DONE "sr.state IN ('NOT_SUPPOSED_TO_SYNC', 'COMMITTED')"

static int cleanup_listing(omrs_conn *c, const char *to, const char *states, omrs_sync_plan *p, long long n[2],
                           omrs_error *err)
{
    omrs_buf t1 = {0}, t2 = {0};
    int rc = omrs_buf_printf(&t1, "sync_server_record sr JOIN sync_record r ON r.record_id = sr.record_id WHERE "
                                  SR_DONE " AND r.timestamp < '%s'", to) < 0
          || omrs_buf_printf(&t2, "sync_record r WHERE r.timestamp <= '%s' AND r.state IN (%s) AND NOT EXISTS (SELECT "
                                  "1 FROM sync_server_record sr WHERE sr.record_id = r.record_id AND NOT COALESCE("
                                  SR_DONE " AND r.timestamp < '%s', FALSE))", to, states, to) < 0
           ? omrs_fail_nomem(err) : 0;
    if (rc == 0)
        rc = plan_rows(c, p, "CONCAT_WS('  ', CONCAT('delete sync_server_record ', sr.server_record_id), CONCAT("
                             "'record ', sr.record_id), CONCAT('server ', sr.server_id), sr.state)", t1.data,
                       "sr.server_record_id", &n[0], err);
    if (rc == 0)
        rc = plan_rows(c, p, "CONCAT('delete ', " REC_LINE ")", t2.data, "r.timestamp, r.record_id", &n[1], err);
    omrs_buf_free(&t1);
    omrs_buf_free(&t2);
    return rc;
}

static int cleanup_sql(const char *to, const char *states, const long long n[2], omrs_sync_plan *p)
{
    omrs_buf q = {0};
    if (omrs_buf_printf(&q, "DELETE FROM sync_server_record WHERE state IN ('NOT_SUPPOSED_TO_SYNC', 'COMMITTED') AND "
                            "(SELECT r.timestamp FROM sync_record r WHERE r.record_id = sync_server_record.record_id) "
                            "< '%s'", to) < 0 || plan_sql(p, &q, n[0]) < 0)
        return -1;
    if (omrs_buf_printf(&q, "DELETE FROM sync_record WHERE NOT EXISTS (SELECT 1 FROM sync_server_record sr WHERE "
                            "sr.record_id = sync_record.record_id) AND timestamp <= '%s' AND state IN (%s)", to,
                        states) < 0 || plan_sql(p, &q, n[1]) < 0)
        return -1;
    return 0;
}

int omrs_sync_plan_cleanup(omrs_conn *c, const char *until, const char *states, omrs_sync_plan *p,
                           omrs_error *err)
{
    memset(p, 0, sizeof *p);
    omrs_error_clear(err);
    char to[32];
    omrs_buf in = {0};
    long long n[2] = {0, 0};
    int rc = omrs_sync_require_tables(c, err) < 0
          || cleanup_cutoff(c, p, until, CLEANUP_TASK, "delete_entries_files_older_than_x_days", 90, true, to,
                            sizeof to, err) < 0
          || cleanup_states(c, states, p, &in, err) < 0 || cleanup_listing(c, to, in.data, p, n, err) < 0 ? -1 : 0;
    if (rc == 0 && (cleanup_sql(to, in.data, n, p) < 0
                    || plan_note(p, "sync_import is never cleaned by the module; FAILED, SENT and REJECTED rows "
                                    "stay") < 0
                    || plan_summary(p, "cleanup old sync records before %s: delete %lld sync_server_record and %lld "
                                       "sync_record row(s) (states %s)", to, n[0], n[1], in.data) < 0))
        rc = omrs_fail_nomem(err);
    omrs_buf_free(&in);
    return rc;
}

int omrs_sync_plan_cleanup_logs(omrs_conn *c, const char *until, omrs_sync_plan *p, omrs_error *err)
{
    memset(p, 0, sizeof *p);
    omrs_error_clear(err);
    bool exists = false;
    if (omrs_conn_table_exists(c, "sync_transmission_log", &exists, err) < 0)
        return -1;
    if (!exists)
        return omrs_fail(err, OMRS_ERR_NOT_OPENMRS, "database %s has no sync_transmission_log (Sync before 1.4.0)",
                         c->database ? c->database : "?");
    char to[32], tail[96];
    long long n = 0;
    if (cleanup_cutoff(c, p, until, LOG_CLEANUP_TASK, "delete_transmission_logs_older_than_x_days", 7, false, to,
                       sizeof to, err) < 0)
        return -1;
    snprintf(tail, sizeof tail, "sync_transmission_log WHERE run_at <= '%s'", to);
    if (plan_rows(c, p, "CONCAT_WS('  ', CONCAT('delete sync_transmission_log ', transmission_log_id), IFNULL("
                        "DATE_FORMAT(run_at, '%Y-%m-%d %H:%i:%s'), 'NULL'), IFNULL(status, 'NULL'), CONCAT('server ', "
                        "IFNULL(server_id, 'NULL')), LEFT(IFNULL(error_message, ''), 60))", tail,
                  "run_at, transmission_log_id", &n, err) < 0)
        return -1;
    omrs_buf q = {0};
    if (omrs_buf_printf(&q, "DELETE FROM %s", tail) < 0 || plan_sql(p, &q, n) < 0
        || plan_note(p, "as the module's task, sync_transmission_log_record rows are not deleted first: a row that "
                        "points at a deleted log makes the statement fail (nothing is then changed)") < 0
        || plan_summary(p, "clean old transmission logs: delete %lld sync_transmission_log row(s) with run_at <= %s", n,
                        to) < 0)
        return omrs_fail_nomem(err);
    return 0;
}

void omrs_sync_plan_print(const omrs_sync_plan *p, FILE *out)
{
    fprintf(out, "%s\n", p->summary ? p->summary : "");
    fprintf(out, "rows affected: %zu\n", p->row_count);
    for (size_t i = 0; i < p->rows.count; i++)
        fprintf(out, "  %s\n", p->rows.items[i]);
    if (p->row_count > p->rows.count)
        fprintf(out, "  ... and %zu more\n", p->row_count - p->rows.count);
    for (size_t i = 0; i < p->notes.count; i++)
        fprintf(out, "note: %s\n", p->notes.items[i]);
    omrs_sync_print_transaction(&p->sql, out);
}
