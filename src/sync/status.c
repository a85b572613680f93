#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strutil.h"

#define TS_FORMAT "'%Y-%m-%d %H:%i:%s'"
#define TS_FORMAT_PRINTF "'%%Y-%%m-%%d %%H:%%i:%%s'"   /* the same inside a printf format */

/* ---- small helpers ----------------------------------------------------- */

static long long num(const char *s)
{
    return s ? atoll(s) : 0;
}

bool omrs_sync_transmission_state_is_error(const char *state)
{
    return state && *state && strcmp(state, "OK") != 0 && strcmp(state, "OK_NOTHING_TO_DO") != 0
        && strcmp(state, "PENDING") != 0;
}

static bool parse_time(const char *s, time_t *t)
{
    struct tm tm = {0};
    if (!s || sscanf(s, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                     &tm.tm_sec) != 6)
        return false;
    tm.tm_year -= 1900, tm.tm_mon -= 1;
    *t = timegm(&tm);   /* both times are read the same way, so the zone cancels out */
    return true;
}

long long omrs_sync_age_seconds(const char *then, const char *now)
{
    time_t a, b;
    return parse_time(then, &a) && parse_time(now, &b) ? (long long)difftime(b, a) : -1;
}

const omrs_sync_peer *omrs_sync_status_peer(const omrs_sync_status *st, int server_id)
{
    for (size_t i = 0; i < st->peer_count; i++)
        if (st->peers[i].server->id == server_id)
            return &st->peers[i];
    return NULL;
}

static omrs_sync_peer *peer_by_id(omrs_sync_status *st, const char *id)
{
    return id ? (omrs_sync_peer *)omrs_sync_status_peer(st, atoi(id)) : NULL;
}

static void count_state(omrs_sync_counts *c, const char *state, long long n)
{
    omrs_sync_state s = omrs_sync_state_parse(state);
    if (s == OMRS_SYNC_STATE_UNKNOWN)
        c->unknown += n;
    else
        c->by_state[s] += n;
    c->total += n;
    if (omrs_sync_state_in_queue(s))
        c->in_queue += n;
}

/* The queued states as a comma-separated SQL list. */
static int queue_states_sql(omrs_buf *b)
{
    bool first = true;
    for (int s = 0; s < OMRS_SYNC_STATE_COUNT; s++)
        if (omrs_sync_state_in_queue(s)) {
            if (omrs_buf_printf(b, "%s'%s'", first ? "" : ", ", omrs_sync_state_name(s)) < 0)
                return -1;
            first = false;
        }
    return 0;
}

/* ---- identity ---------------------------------------------------------- */

static int take_now(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    omrs_sync_status *st = ctx;
    return omrs_set_str(&st->now, row[0]) < 0 || omrs_set_str(&st->day_ago, row[1]) < 0
        || omrs_set_str(&st->week_ago, row[2]) < 0 ? -1 : 0;
}

static int take_gp(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    omrs_sync_status *st = ctx;
    if (strcmp(row[0], "sync.server_uuid") == 0)
        return omrs_set_str(&st->server_uuid, row[1]);
    if (strcmp(row[0], "sync.server_name") == 0)
        return omrs_set_str(&st->server_name, row[1]);
    char *end = NULL;
    long v = row[1] ? strtol(row[1], &end, 10) : 0;
    if (row[1] && end != row[1] && *end == '\0') /* the module falls back to 5 when it cannot parse it */
        st->max_retry_count = (int)v, st->max_retry_from_gp = true;
    return 0;
}

static int load_identity(omrs_conn *c, omrs_sync_status *st, omrs_error *err)
{
    st->max_retry_count = 5;
    if ((c->database && omrs_set_str(&st->database, c->database) < 0))
        return omrs_fail_nomem(err);
    /* the windows are computed once: NOW() - INTERVAL in a scan's condition is evaluated per row */
    return omrs_conn_each_row(c, "SELECT DATE_FORMAT(NOW(), " TS_FORMAT "), DATE_FORMAT(NOW() - INTERVAL 1 DAY, "
                                 TS_FORMAT "), DATE_FORMAT(NOW() - INTERVAL 7 DAY, " TS_FORMAT ")", take_now, st, err) < 0
        || omrs_conn_each_row(c, "SELECT property, property_value FROM global_property WHERE property IN "
                                 "('sync.server_uuid', 'sync.server_name', 'sync.max_retry_count')",
                              take_gp, st, err) < 0 ? -1 : 0;
}

static int make_peers(omrs_sync_status *st, omrs_error *err)
{
    const omrs_sync_server *parent = omrs_sync_parent(&st->servers);
    st->peers = calloc(st->servers.count ? st->servers.count : 1, sizeof *st->peers);
    if (!st->peers)
        return omrs_fail_nomem(err);
    long parents = 0, children = 0;
    for (size_t i = 0; i < st->servers.count; i++) {
        omrs_sync_peer *p = &st->peers[st->peer_count++];
        const omrs_sync_server *s = &st->servers.items[i];
        p->server = s;
        p->is_parent = s == parent;
        p->outgoing.source = p->is_parent ? "sync_record" : "sync_server_record";
        p->last_state_is_error = omrs_sync_transmission_state_is_error(s->last_sync_state);
        p->last_sync_age_s = s->last_sync ? omrs_sync_age_seconds(s->last_sync, st->now) : -1;
        p->outgoing.oldest_age_s = -1;
        /* as `info` says it (site.c): OTHER servers are served like children */
        parents += s->server_type && strcmp(s->server_type, "PARENT") == 0;
        children += s->server_type && (strcmp(s->server_type, "CHILD") == 0 || strcmp(s->server_type, "OTHER") == 0);
    }
    st->role = omrs_sync_role_of(parents, children);
    return 0;
}

/* ---- counts by state: one pass over each table ------------------------- */

static omrs_sync_peer *parent_peer(omrs_sync_status *st)
{
    for (size_t i = 0; i < st->peer_count; i++)
        if (st->peers[i].is_parent)
            return &st->peers[i];
    return NULL;
}

static int take_journal(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    count_state(&((omrs_sync_status *)ctx)->journal, row[0], num(row[1]));
    return 0;
}

static int take_server_records(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    omrs_sync_peer *p = peer_by_id(ctx, row[0]);
    if (p && !p->is_parent)   /* the module makes no rows for the parent; stray ones are not its queue */
        count_state(&p->outgoing.counts, row[1], num(row[2]));
    return 0;
}

typedef struct server_totals {
    omrs_sync_status *st;
    long long *totals;   /* by peer */
} server_totals;

static int take_server_total(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    server_totals *t = ctx;
    omrs_sync_peer *p = peer_by_id(t->st, row[0]);
    if (p)
        t->totals[p - t->st->peers] = num(row[1]);
    return 0;
}

/* sync_server_record is the big table (a row per record and server), nearly all COMMITTED.
 * Without an index that starts (server_id, state), a GROUP BY on both reads and sorts the
 * whole table; then the rows per server come from the narrow server_id index and only the
 * rows not COMMITTED are grouped, found through the state index, and COMMITTED is the
 * difference (clamped at 0: the two reads are moments apart). */
static int count_server_records_apart(omrs_conn *c, omrs_sync_status *st, omrs_error *err)
{
    server_totals t = {st, calloc(st->peer_count + 1, sizeof *t.totals)};
    if (!t.totals)
        return omrs_fail_nomem(err);
    int rc = omrs_conn_each_row(c, "SELECT server_id, COUNT(*) FROM sync_server_record GROUP BY server_id",
                                take_server_total, &t, err);
    if (rc == 0)
        rc = omrs_conn_each_row(c, "SELECT server_id, state, COUNT(*) FROM sync_server_record "
                                   "WHERE state <> 'COMMITTED' OR state IS NULL GROUP BY server_id, state",
                                take_server_records, st, err);
    for (size_t i = 0; rc == 0 && i < st->peer_count; i++) {
        omrs_sync_counts *k = &st->peers[i].outgoing.counts;
        long long committed = t.totals[i] > k->total ? t.totals[i] - k->total : 0;
        if (!st->peers[i].is_parent)
            k->by_state[OMRS_SYNC_COMMITTED] += committed, k->total += committed;
    }
    free(t.totals);
    return rc;
}

static bool has_index_on_pair(const omrs_sync_status *st, const char *table)
{
    const omrs_sync_index *ix = omrs_sync_indexes();
    for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++)
        if (strcmp(ix[i].table, table) == 0)
            return st->indexes[i].leading_pair;
    return false;
}

static int count_server_records(omrs_conn *c, omrs_sync_status *st, omrs_error *err)
{
    if (!has_index_on_pair(st, "sync_server_record"))
        return count_server_records_apart(c, st, err);
    return omrs_conn_each_row(c, "SELECT server_id, state, COUNT(*) FROM sync_server_record GROUP BY server_id, state",
                              take_server_records, st, err);
}

static int take_imports(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    omrs_sync_status *st = ctx;
    omrs_sync_peer *p = peer_by_id(st, row[0]);
    count_state(p ? &p->incoming : &st->incoming_other, row[1], num(row[2]));
    st->import_rows += num(row[2]);
    st->import_rows_24h += num(row[3]);
    st->import_rows_7d += num(row[4]);
    return 0;
}

static int count_imports(omrs_conn *c, omrs_sync_status *st, omrs_error *err)
{
    omrs_buf sql = {0};
    int rc = omrs_buf_printf(&sql, "SELECT source_server_id, state, COUNT(*), SUM(timestamp >= ") < 0
          || omrs_conn_append_literal(c, &sql, st->day_ago) < 0 || omrs_buf_printf(&sql, "), SUM(timestamp >= ") < 0
          || omrs_conn_append_literal(c, &sql, st->week_ago) < 0
          || omrs_buf_printf(&sql, ") FROM sync_import GROUP BY source_server_id, state") < 0
        ? omrs_fail_nomem(err) : omrs_conn_each_row(c, sql.data, take_imports, st, err);
    omrs_buf_free(&sql);
    return rc;
}

static int load_counts(omrs_conn *c, omrs_sync_status *st, omrs_error *err)
{
    if (omrs_conn_each_row(c, "SELECT state, COUNT(*) FROM sync_record GROUP BY state", take_journal, st, err) < 0
        || count_server_records(c, st, err) < 0)
        return -1;
    omrs_sync_peer *p = parent_peer(st);
    if (p)
        p->outgoing.counts = st->journal;
    return st->has_import ? count_imports(c, st, err) : 0;
}

/* ---- the queues: oldest record and retries ----------------------------- */

static void take_queue_row(omrs_sync_peer *p, const char *min_id, const char *about_to_stop)
{
    if (p) {
        p->outgoing.oldest_record_id = num(min_id);
        p->outgoing.about_to_stop = num(about_to_stop);
    }
}

static int take_parent_queue(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    take_queue_row(parent_peer(ctx), row[0], row[1]);
    return 0;
}

static int take_server_queue(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    omrs_sync_peer *p = peer_by_id(ctx, row[0]);
    take_queue_row(p && !p->is_parent ? p : NULL, row[1], row[2]);
    return 0;
}

/* One pass over the queued rows only (state index): the lowest record_id of each queue (ids
 * grow with time: the module inserts with timestamp = now) and the records one failed round
 * from FAILED_AND_STOPPED (3.4: retry_count >= max stops them). */
static int load_queues(omrs_conn *c, omrs_sync_status *st, omrs_error *err)
{
    bool parent = false, others = false;
    for (size_t i = 0; i < st->peer_count; i++) {
        parent |= st->peers[i].is_parent && st->peers[i].outgoing.counts.in_queue;
        others |= !st->peers[i].is_parent && st->peers[i].outgoing.counts.in_queue;
    }
    int limit = st->max_retry_count > 0 ? st->max_retry_count - 1 : 0;
    omrs_buf states = {0}, sql = {0};
    int rc = queue_states_sql(&states) < 0 ? omrs_fail_nomem(err) : 0;
    if (rc == 0 && parent)
        rc = omrs_buf_printf(&sql, "SELECT MIN(record_id), SUM(state <> 'FAILED_AND_STOPPED' AND retry_count >= %d) "
                                   "FROM sync_record WHERE state IN (%s)", limit, states.data) < 0
           ? omrs_fail_nomem(err) : omrs_conn_each_row(c, sql.data, take_parent_queue, st, err);
    omrs_buf_free(&sql);
    if (rc == 0 && others)
        rc = omrs_buf_printf(&sql, "SELECT server_id, MIN(record_id), SUM(state <> 'FAILED_AND_STOPPED' AND "
                                   "retry_count >= %d) FROM sync_server_record WHERE state IN (%s) GROUP BY server_id",
                             limit, states.data) < 0
           ? omrs_fail_nomem(err) : omrs_conn_each_row(c, sql.data, take_server_queue, st, err);
    omrs_buf_free(&sql);
    omrs_buf_free(&states);
    return rc;
}

/* ---- oldest pending ---------------------------------------------------- */

static int take_oldest(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    omrs_sync_status *st = ctx;
    long long id = num(row[0]);
    for (size_t i = 0; i < st->peer_count; i++) {
        omrs_sync_outgoing *o = &st->peers[i].outgoing;
        if (o->oldest_record_id != id)
            continue;
        if (omrs_set_str(&o->oldest_timestamp, row[1]) < 0)
            return -1;
        o->oldest_age_s = omrs_sync_age_seconds(row[1], st->now);
    }
    return 0;
}

static int load_oldest(omrs_conn *c, omrs_sync_status *st, omrs_error *err)
{
    bool any = false;
    for (size_t i = 0; i < st->peer_count; i++)
        any |= st->peers[i].outgoing.oldest_record_id != 0;
    if (!any)
        return 0;
    omrs_buf sql = {0};
    int rc = omrs_buf_printf(&sql, "SELECT record_id, DATE_FORMAT(timestamp, " TS_FORMAT_PRINTF ") FROM sync_record "
                                   "WHERE record_id IN (0");
    for (size_t i = 0; rc == 0 && i < st->peer_count; i++)
        if (st->peers[i].outgoing.oldest_record_id)
            rc = omrs_buf_printf(&sql, ", %lld", st->peers[i].outgoing.oldest_record_id);
    rc = rc < 0 || omrs_buf_printf(&sql, ")") < 0 ? omrs_fail_nomem(err)
                                                  : omrs_conn_each_row(c, sql.data, take_oldest, st, err);
    omrs_buf_free(&sql);
    return rc;
}

/* ---- blocked records --------------------------------------------------- */

static int take_blocked(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    omrs_sync_outgoing *o = ctx;
    if (o->blocked_listed >= OMRS_SYNC_STATUS_LIST_MAX)
        return 0;
    omrs_sync_blocked *b = &o->blocked[o->blocked_listed++];
    b->record_id = num(row[0]);
    b->retry_count = num(row[4]);
    return omrs_set_str(&b->uuid, row[1]) < 0 || omrs_set_str(&b->timestamp, row[2]) < 0
        || omrs_set_str(&b->contained_classes, row[3]) < 0 || omrs_set_str(&b->error_message, row[5]) < 0 ? -1 : 0;
}

static int load_blocked_of(omrs_conn *c, omrs_sync_peer *p, omrs_error *err)
{
    omrs_buf sql = {0};
    int rc = p->is_parent
        ? omrs_buf_printf(&sql, "SELECT record_id, uuid, DATE_FORMAT(timestamp, " TS_FORMAT_PRINTF "), contained_classes, "
                                "retry_count, NULL FROM sync_record WHERE state = 'FAILED_AND_STOPPED' "
                                "ORDER BY record_id LIMIT %d", OMRS_SYNC_STATUS_LIST_MAX)
        : omrs_buf_printf(&sql, "SELECT sr.record_id, r.uuid, DATE_FORMAT(r.timestamp, " TS_FORMAT_PRINTF "), "
                                "r.contained_classes, sr.retry_count, sr.error_message FROM sync_server_record sr "
                                "LEFT JOIN sync_record r ON r.record_id = sr.record_id WHERE sr.server_id = %d "
                                "AND sr.state = 'FAILED_AND_STOPPED' ORDER BY sr.record_id LIMIT %d",
                          p->server->id, OMRS_SYNC_STATUS_LIST_MAX);
    rc = rc < 0 ? omrs_fail_nomem(err) : omrs_conn_each_row(c, sql.data, take_blocked, &p->outgoing, err);
    omrs_buf_free(&sql);
    return rc;
}

static int load_blocked(omrs_conn *c, omrs_sync_status *st, omrs_error *err)
{
    for (size_t i = 0; i < st->peer_count; i++)
        if (st->peers[i].outgoing.counts.by_state[OMRS_SYNC_FAILED_AND_STOPPED] > 0
            && load_blocked_of(c, &st->peers[i], err) < 0)
            return -1;
    return 0;
}

/* ---- sizes and the transmission log ------------------------------------ */

static bool index_table_present(const omrs_sync_status *st, const char *table)
{
    const omrs_sync_index *ix = omrs_sync_indexes();
    for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++)
        if (strcmp(ix[i].table, table) == 0)
            return st->indexes[i].table_present;
    return false;
}

static int take_one_number(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    *(long long *)ctx = num(row[0]);
    return 0;
}

static int take_log(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len, (void)n;
    omrs_sync_status *st = ctx;
    if (st->log_listed >= OMRS_SYNC_STATUS_LIST_MAX)
        return 0;
    omrs_sync_log_entry *e = &st->log_recent[st->log_listed++];
    e->id = num(row[0]);
    e->server_id = (int)num(row[4]);
    return omrs_set_str(&e->run_at, row[1]) < 0 || omrs_set_str(&e->status, row[2]) < 0
        || omrs_set_str(&e->error_message, row[3]) < 0 ? -1 : 0;
}

static int load_extras(omrs_conn *c, omrs_sync_status *st, omrs_error *err)
{
    if (st->has_import
        && omrs_conn_each_row(c, "SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES "
                                 "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sync_import'",
                              take_one_number, &st->import_bytes, err) < 0)
        return -1;
    if (!st->has_log)
        return 0;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT transmission_log_id, DATE_FORMAT(run_at, " TS_FORMAT_PRINTF "), status, "
                              "error_message, server_id FROM sync_transmission_log WHERE status = 'FAILURE' "
                              "ORDER BY run_at DESC, transmission_log_id DESC LIMIT %d", OMRS_SYNC_STATUS_LIST_MAX);
    return omrs_conn_each_row(c, "SELECT COUNT(*) FROM sync_transmission_log WHERE status = 'FAILURE' "
                                 "AND run_at >= NOW() - INTERVAL 1 DAY", take_one_number, &st->log_failures_24h, err) < 0
        || omrs_conn_each_row(c, sql, take_log, st, err) < 0 ? -1 : 0;
}

/* ---- the whole model --------------------------------------------------- */

int omrs_sync_status_load(omrs_conn *c, omrs_sync_status *st, omrs_error *err)
{
    memset(st, 0, sizeof *st);
    int rc = omrs_sync_servers_load(c, &st->servers, err);
    rc = rc < 0 ? rc : load_identity(c, st, err);
    rc = rc < 0 ? rc : make_peers(st, err);
    rc = rc < 0 ? rc : omrs_sync_indexes_load(c, st->indexes, err);
    if (rc == 0) {
        st->has_import = index_table_present(st, "sync_import");
        st->has_log = index_table_present(st, "sync_transmission_log");
    }
    rc = rc < 0 ? rc : load_counts(c, st, err);
    rc = rc < 0 ? rc : load_queues(c, st, err);
    rc = rc < 0 ? rc : load_oldest(c, st, err);
    rc = rc < 0 ? rc : load_blocked(c, st, err);
    rc = rc < 0 ? rc : load_extras(c, st, err);
    if (rc < 0)
        omrs_sync_status_free(st);
    return rc;
}

void omrs_sync_status_free(omrs_sync_status *st)
{
    for (size_t i = 0; i < st->peer_count; i++) {
        omrs_sync_outgoing *o = &st->peers[i].outgoing;
        free(o->oldest_timestamp);
        for (size_t k = 0; k < o->blocked_listed; k++) {
            omrs_sync_blocked *b = &o->blocked[k];
            free(b->uuid), free(b->timestamp), free(b->contained_classes), free(b->error_message);
        }
    }
    for (size_t i = 0; i < st->log_listed; i++) {
        omrs_sync_log_entry *e = &st->log_recent[i];
        free(e->run_at), free(e->status), free(e->error_message);
    }
    free(st->peers);
    free(st->database), free(st->now), free(st->day_ago), free(st->week_ago);
    free(st->server_uuid), free(st->server_name);
    omrs_sync_servers_free(&st->servers);
    memset(st, 0, sizeof *st);
}
