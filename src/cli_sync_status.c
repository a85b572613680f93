/* `omrs-console sync status|check|indexes`: the status model as text (80 columns) or JSON,
 * the monitoring verdict, and our optional indexes. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "cli.h"
#include "cli_sync.h"
#include "indexes.h"
#include "json_out.h"
#include "session.h"
#include "status.h"
#include "strutil.h"

#define WIDTH 80

/* Subcommands that take no positional argument after word `from`. */
static int no_more_words(const omrs_cli_options *o, int from, omrs_error *err)
{
    if (o->word_count > from)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync %s: unexpected argument '%s'", o->words[1],
                         o->words[from] ? o->words[from] : "");
    return 0;
}

static int load_status(const omrs_cli_options *o, omrs_session *s, omrs_sync_status *st, omrs_error *err)
{
    return omrs_session_open(&o->conn, s, err) < 0 ? -1 : omrs_sync_status_load(&s->conn, st, err);
}

/* ---- text helpers ------------------------------------------------------ */

static void format_age(long long s, char *buf, size_t size)
{
    if (s < 0)
        snprintf(buf, size, "?");
    else if (s < 60)
        snprintf(buf, size, "%lld s", s);
    else if (s < 3600)
        snprintf(buf, size, "%lld min", s / 60);
    else if (s < 86400)
        snprintf(buf, size, "%lld h %lld min", s / 3600, s % 3600 / 60);
    else
        snprintf(buf, size, "%lld d %lld h", s / 86400, s % 86400 / 3600);
}

static void format_bytes(long long n, char *buf, size_t size)
{
    if (n < 10240)
        snprintf(buf, size, "%lld bytes", n);
    else if (n < 10LL << 20)
        snprintf(buf, size, "%lld KiB", n >> 10);
    else
        snprintf(buf, size, "%lld MiB", n >> 20);
}

/* Prints prefix + text on one line of at most WIDTH columns: control characters (stack
 * traces) become spaces and what does not fit ends in "...". */
static void print_clipped(FILE *out, const char *prefix, const char *text)
{
    size_t room = WIDTH - 1 - strlen(prefix), n = strlen(text);
    fputs(prefix, out);
    for (size_t i = 0; i < n && i < room; i++) {
        if (n > room && i + 3 >= room) {
            fputs("...", out);
            break;
        }
        unsigned char ch = (unsigned char)text[i];
        fputc(ch < 32 ? ' ' : ch, out);
    }
    fputc('\n', out);
}

/* Prints text after prefix, wrapped at spaces under an indent as wide as the prefix, in at
 * most max_lines lines (the last ends in "..." when text is longer). For error messages and
 * class lists, which are what an admin acts on. */
static void print_wrapped(FILE *out, const char *prefix, const char *text, int max_lines)
{
    size_t indent = strlen(prefix), room = WIDTH - 1 - indent, n = strlen(text);
    const char *p = text;
    for (int line = 0; line < max_lines && *p; line++) {
        size_t left = n - (size_t)(p - text), take = left;
        if (left > room) {
            take = room;
            for (size_t k = room; k > room / 2; k--)
                if (p[k] == ' ' || p[k - 1] == ',') {
                    take = k;
                    break;
                }
        }
        bool last = line == max_lines - 1 && left > take;
        fprintf(out, "%*s", (int)indent, line ? "" : prefix);
        for (size_t i = 0; i < (last ? take - 3 : take); i++)
            fputc((unsigned char)p[i] < 32 ? ' ' : p[i], out);
        fputs(last ? "...\n" : "\n", out);
        p += take;
        while (*p == ' ')
            p++;
    }
}

/* "NEW 2, SENT 1, ..." for the states that have rows, wrapped under an indent. */
static void print_counts(FILE *out, const char *indent, const omrs_sync_counts *c)
{
    size_t col = 0;
    char item[64];
    for (int s = 0; s <= OMRS_SYNC_STATE_COUNT; s++) {
        long long n = s < OMRS_SYNC_STATE_COUNT ? c->by_state[s] : c->unknown;
        if (n == 0)
            continue;
        int len = snprintf(item, sizeof item, "%s %lld", s < OMRS_SYNC_STATE_COUNT ? omrs_sync_state_name(s)
                                                                                   : "(unknown state)", n);
        if (col && col + 2 + (size_t)len >= WIDTH)
            fputs(",\n", out), col = 0;
        col += (size_t)fprintf(out, "%s%s", col ? ", " : indent, item);
    }
    if (col)
        fputc('\n', out);
}

static void peer_title(const omrs_sync_peer *p, char *buf, size_t size)
{
    const omrs_sync_server *s = p->server;
    bool child = s->server_type && strcmp(s->server_type, "CHILD") == 0;
    snprintf(buf, size, "%s \"%s\" (server %d, type %s%s)", p->is_parent ? "Parent" : child ? "Child" : "Server",
             omrs_or_dash(s->nickname), s->id, omrs_or_dash(s->server_type), s->disabled ? ", DISABLED" : "");
}

/* ---- status as text ---------------------------------------------------- */

static void print_identity(FILE *out, const omrs_sync_status *st)
{
    fprintf(out, "Sync status of database %s at %s\n", omrs_or_dash(st->database), omrs_or_dash(st->now));
    print_clipped(out, "This server: ", omrs_or_dash(st->server_name));
    fprintf(out, "  uuid %s, role %s\n", omrs_or_dash(st->server_uuid), omrs_sync_role_name(st->role));
    fprintf(out, "  max retry count %d (%s)\n", st->max_retry_count,
            st->max_retry_from_gp ? "sync.max_retry_count" : "default: sync.max_retry_count is not set");
    fprintf(out, "  sync_record: %lld record(s)%s\n", st->journal.total,
            st->role == OMRS_SYNC_PARENT || st->role == OMRS_SYNC_NONE ? ", no parent: their state is not used" : "");
}

static void print_blocked(FILE *out, const omrs_sync_outgoing *o)
{
    fprintf(out, "    BLOCKED by %lld FAILED_AND_STOPPED record(s):\n", o->counts.by_state[OMRS_SYNC_FAILED_AND_STOPPED]);
    for (size_t i = 0; i < o->blocked_listed; i++) {
        const omrs_sync_blocked *b = &o->blocked[i];
        fprintf(out, "      record %lld of %s, retry_count %lld\n", b->record_id, omrs_or_dash(b->timestamp), b->retry_count);
        print_clipped(out, "        uuid ", omrs_or_dash(b->uuid));
        print_wrapped(out, "        classes ", omrs_or_dash(b->contained_classes), 3);
        if (b->error_message)
            print_wrapped(out, "        error: ", b->error_message, 4);
    }
}

static void print_outgoing(FILE *out, const omrs_sync_status *st, const omrs_sync_outgoing *o)
{
    char age[32];
    fprintf(out, "  to it (%s): %lld record(s), %lld waiting\n", o->source, o->counts.total, o->counts.in_queue);
    print_counts(out, "    ", &o->counts);
    if (o->oldest_record_id) {
        format_age(o->oldest_age_s, age, sizeof age);
        fprintf(out, "    oldest waiting: record %lld of %s (%s)\n", o->oldest_record_id, omrs_or_dash(o->oldest_timestamp),
                age);
    }
    if (o->counts.in_queue)
        fprintf(out, "    one failed round from FAILED_AND_STOPPED (retry_count >= %d): %lld\n",
                st->max_retry_count > 0 ? st->max_retry_count - 1 : 0, o->about_to_stop);
    if (o->counts.by_state[OMRS_SYNC_FAILED_AND_STOPPED])
        print_blocked(out, o);
}

static void print_peer(FILE *out, const omrs_sync_status *st, const omrs_sync_peer *p)
{
    const omrs_sync_server *s = p->server;
    char line[512], age[32];
    peer_title(p, line, sizeof line);
    fputc('\n', out);
    print_clipped(out, "", line);
    print_clipped(out, "  uuid ", omrs_or_dash(s->uuid));
    snprintf(line, sizeof line, "%s%s%s", omrs_or_dash(s->address), s->child_username && *s->child_username
             ? ", child user " : "", s->child_username ? s->child_username : "");
    print_clipped(out, "  address ", line);
    format_age(p->last_sync_age_s, age, sizeof age);
    if (s->last_sync)
        fprintf(out, "  last sync %s (%s ago): %s%s\n", s->last_sync, age, omrs_or_dash(s->last_sync_state),
                p->last_state_is_error ? " (an error)" : "");
    else
        fprintf(out, "  never synced\n");
    print_outgoing(out, st, &p->outgoing);
    if (st->has_import) {
        fprintf(out, "  from it (sync_import): %lld record(s)\n", p->incoming.total);
        print_counts(out, "    ", &p->incoming);
    }
}

static void print_log(FILE *out, const omrs_sync_status *st)
{
    if (!st->has_log) {
        fputs("Transmission log: no sync_transmission_log table (Sync module before 1.4.0)\n", out);
        return;
    }
    fprintf(out, "Transmission log: %lld failure(s) in the last 24 h%s\n", st->log_failures_24h,
            st->log_listed ? "; latest failures:" : "");
    for (size_t i = 0; i < st->log_listed && i < 3; i++) {
        const omrs_sync_log_entry *e = &st->log_recent[i];
        const omrs_sync_peer *p = omrs_sync_status_peer(st, e->server_id);
        char prefix[160];
        snprintf(prefix, sizeof prefix, "  %s %.40s: ", omrs_or_dash(e->run_at),
                 p && p->server->nickname ? p->server->nickname : "?");
        print_clipped(out, prefix, omrs_or_dash(e->error_message));
    }
}

static void print_missing_indexes(FILE *out, const omrs_sync_status *st)
{
    int missing = 0;
    for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++)
        missing += omrs_sync_index_missing(&st->indexes[i]);
    if (missing)
        fprintf(out, "%d suggested index(es) absent: see `sync indexes`\n", missing);
}

static void print_status_text(FILE *out, const omrs_sync_status *st)
{
    char size[32];
    print_identity(out, st);
    for (size_t i = 0; i < st->peer_count; i++)
        print_peer(out, st, &st->peers[i]);
    fputc('\n', out);
    if (st->incoming_other.total) {
        fprintf(out, "sync_import rows from no known server: %lld\n", st->incoming_other.total);
        print_counts(out, "  ", &st->incoming_other);
    }
    if (st->has_import) {
        format_bytes(st->import_bytes, size, sizeof size);
        fprintf(out, "sync_import: %lld row(s), %s (the module never cleans it)\n", st->import_rows, size);
        fprintf(out, "  with a timestamp in the last 24 h: %lld, in the last 7 days: %lld\n", st->import_rows_24h,
                st->import_rows_7d);
    }
    print_log(out, st);
    print_missing_indexes(out, st);
}

/* ---- status as JSON ---------------------------------------------------- */

static json_t *counts_json(const omrs_sync_counts *c)
{
    json_t *states = json_object();
    for (int s = 0; s < OMRS_SYNC_STATE_COUNT; s++)
        json_object_set_new(states, omrs_sync_state_name(s), json_integer(c->by_state[s]));
    return json_pack("{s:I, s:I, s:o, s:I}", "total", (json_int_t)c->total, "in_queue", (json_int_t)c->in_queue,
                     "by_state", states, "unknown_state", (json_int_t)c->unknown);
}

static json_t *blocked_json(const omrs_sync_outgoing *o)
{
    json_t *a = json_array();
    for (size_t i = 0; i < o->blocked_listed; i++) {
        const omrs_sync_blocked *b = &o->blocked[i];
        json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:o, s:I, s:o}", "record_id", (json_int_t)b->record_id,
                                           "uuid", omrs_json_str(b->uuid), "timestamp", omrs_json_str(b->timestamp),
                                           "contained_classes", omrs_json_str(b->contained_classes),
                                           "retry_count", (json_int_t)b->retry_count,
                                           "error_message", omrs_json_str(b->error_message)));
    }
    return a;
}

static json_t *outgoing_json(const omrs_sync_outgoing *o)
{
    json_t *oldest = o->oldest_record_id
        ? json_pack("{s:I, s:o, s:o}", "record_id", (json_int_t)o->oldest_record_id, "timestamp",
                    omrs_json_str(o->oldest_timestamp), "age_seconds",
                    o->oldest_age_s >= 0 ? json_integer(o->oldest_age_s) : json_null())
        : json_null();
    json_t *j = counts_json(&o->counts);
    json_object_set_new(j, "source", json_string(o->source));
    json_object_set_new(j, "oldest_pending", oldest);
    json_object_set_new(j, "about_to_stop", json_integer(o->about_to_stop));
    json_object_set_new(j, "blocked_total", json_integer(o->counts.by_state[OMRS_SYNC_FAILED_AND_STOPPED]));
    json_object_set_new(j, "blocked", blocked_json(o));
    return j;
}

static json_t *peer_json(const omrs_sync_status *st, const omrs_sync_peer *p)
{
    const omrs_sync_server *s = p->server;
    return json_pack("{s:i, s:o, s:o, s:o, s:o, s:b, s:b, s:o, s:o, s:o, s:o, s:b, s:o, s:o}",
                     "server_id", s->id, "uuid", omrs_json_str(s->uuid), "nickname", omrs_json_str(s->nickname),
                     "address", omrs_json_str(s->address), "server_type", omrs_json_str(s->server_type), "is_parent", p->is_parent,
                     "disabled", s->disabled, "child_username", omrs_json_str(s->child_username),
                     "last_sync", omrs_json_str(s->last_sync),
                     "last_sync_age_seconds", p->last_sync_age_s >= 0 ? json_integer(p->last_sync_age_s) : json_null(),
                     "last_sync_state", omrs_json_str(s->last_sync_state), "last_sync_state_is_error", p->last_state_is_error,
                     "outgoing", outgoing_json(&p->outgoing),
                     "incoming", st->has_import ? counts_json(&p->incoming) : json_null());
}

static json_t *log_json(const omrs_sync_status *st)
{
    if (!st->has_log)
        return json_pack("{s:b}", "present", 0);
    json_t *recent = json_array();
    for (size_t i = 0; i < st->log_listed; i++) {
        const omrs_sync_log_entry *e = &st->log_recent[i];
        json_array_append_new(recent, json_pack("{s:I, s:o, s:o, s:o, s:o}", "transmission_log_id", (json_int_t)e->id,
                                                "run_at", omrs_json_str(e->run_at), "server_id",
                                                e->server_id ? json_integer(e->server_id) : json_null(),
                                                "status", omrs_json_str(e->status), "error_message", omrs_json_str(e->error_message)));
    }
    return json_pack("{s:b, s:I, s:o}", "present", 1, "failures_last_24h", (json_int_t)st->log_failures_24h,
                     "recent_failures", recent);
}

static json_t *indexes_json(const omrs_sync_index_state *states)
{
    json_t *a = json_array();
    const omrs_sync_index *ix = omrs_sync_indexes();
    for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++) {
        json_t *cols = json_array();
        for (int k = 0; k < OMRS_SYNC_INDEX_MAX_COLUMNS && ix[i].columns[k]; k++)
            json_array_append_new(cols, json_string(ix[i].columns[k]));
        const omrs_sync_index_state *s = &states[i];
        json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:s, s:b, s:b, s:o, s:b}", "name", ix[i].name,
                                           "table", ix[i].table, "columns", cols, "why", ix[i].why,
                                           "table_present", s->table_present, "present", s->present,
                                           "equivalent", s->equivalent[0] ? json_string(s->equivalent) : json_null(),
                                           "missing", omrs_sync_index_missing(s)));
    }
    return a;
}

static json_t *status_json(const omrs_sync_status *st)
{
    json_t *servers = json_array();
    for (size_t i = 0; i < st->peer_count; i++)
        json_array_append_new(servers, peer_json(st, &st->peers[i]));
    /* sync_record.state is the state towards the parent: without one it means nothing (3.2) */
    json_t *journal = counts_json(&st->journal);
    json_object_set_new(journal, "state_is_towards_a_parent", json_boolean(st->role == OMRS_SYNC_CHILD
                                                                            || st->role == OMRS_SYNC_BOTH));
    json_t *import = st->has_import
        ? json_pack("{s:b, s:I, s:I, s:I, s:I, s:o}", "present", 1, "rows", (json_int_t)st->import_rows,
                    "bytes", (json_int_t)st->import_bytes, "rows_last_24h", (json_int_t)st->import_rows_24h,
                    "rows_last_7d", (json_int_t)st->import_rows_7d, "from_unknown_server",
                    counts_json(&st->incoming_other))
        : json_pack("{s:b}", "present", 0);
    return json_pack("{s:o, s:o, s:o, s:o, s:s, s:i, s:s, s:o, s:o, s:o, s:o, s:o}",
                     "database", omrs_json_str(st->database), "now", omrs_json_str(st->now), "server_uuid", omrs_json_str(st->server_uuid),
                     "server_name", omrs_json_str(st->server_name), "role", omrs_sync_role_name(st->role),
                     "max_retry_count", st->max_retry_count,
                     "max_retry_count_source", st->max_retry_from_gp ? "global_property" : "default",
                     "sync_record", journal, "servers", servers, "sync_import", import,
                     "transmission_log", log_json(st), "indexes", indexes_json(st->indexes));
}

/* ---- the commands ------------------------------------------------------ */

int omrs_sync_cmd_status(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (no_more_words(o, 2, err) < 0)
        return -1;
    omrs_session s;
    omrs_sync_status st;
    int rc = load_status(o, &s, &st, err);
    if (rc == 0) {
        if (o->json)
            rc = omrs_json_print(status_json(&st), out, err);
        else
            print_status_text(out, &st);
        omrs_sync_status_free(&st);
    }
    omrs_session_close(&s);
    return rc;
}

static json_t *check_json(const omrs_sync_check *c, const omrs_sync_thresholds *t)
{
    json_t *reasons = json_array(), *limits = json_object();
    for (size_t i = 0; i < c->count; i++)
        json_array_append_new(reasons, json_pack("{s:s, s:s}", "level", omrs_sync_level_name(c->reasons[i].level),
                                                 "text", c->reasons[i].text));
    size_t n;
    const omrs_sync_threshold_def *defs = omrs_sync_threshold_defs(&n);
    for (size_t i = 0; i < n; i++)
        json_object_set_new(limits, defs[i].name, json_integer(*(const long long *)((const char *)t + defs[i].offset)));
    return json_pack("{s:s, s:i, s:o, s:o}", "status", omrs_sync_level_name(c->level), "exit_status", (int)c->level,
                     "reasons", reasons, "thresholds", limits);
}

/* Returns the verdict as the exit status (0 OK, 1 WARNING, 2 CRITICAL); a database that
 * cannot be read is the usual error (-1, exit 1). */
int omrs_sync_cmd_check(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    omrs_sync_thresholds t;
    omrs_sync_thresholds_default(&t);
    if (no_more_words(o, 2, err) < 0 || (o->thresholds && omrs_sync_thresholds_parse(o->thresholds, &t, err) < 0))
        return -1;
    omrs_session s;
    omrs_sync_status st;
    omrs_sync_check verdict = {0};
    int rc = load_status(o, &s, &st, err);
    if (rc == 0) {
        rc = omrs_sync_check_run(&st, &t, &verdict, err);
        omrs_sync_status_free(&st);
    }
    if (rc == 0 && o->json)
        rc = omrs_json_print(check_json(&verdict, &t), out, err);
    else if (rc == 0)
        omrs_sync_check_print(&verdict, out);
    if (rc == 0)
        rc = (int)verdict.level;
    else if (!o->json) {   /* monitoring systems read 3 as UNKNOWN: the state could not be read */
        fprintf(out, "SYNC UNKNOWN - %s\n", err->message);
        rc = 3;
    }
    omrs_sync_check_free(&verdict);
    omrs_session_close(&s);
    return rc;
}

/* ---- indexes ----------------------------------------------------------- */

static void print_index_list(FILE *out, const omrs_sync_index_state *states)
{
    const omrs_sync_index *ix = omrs_sync_indexes();
    fputs("Suggested indexes (ours, named omrs_*; the Sync module works without them):\n", out);
    for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++) {
        const omrs_sync_index_state *s = &states[i];
        char cols[128] = "";
        for (int k = 0; k < OMRS_SYNC_INDEX_MAX_COLUMNS && ix[i].columns[k]; k++)
            snprintf(cols + strlen(cols), sizeof cols - strlen(cols), "%s%s", k ? ", " : "", ix[i].columns[k]);
        char state[128];
        if (!s->table_present || s->present || !s->equivalent[0])
            snprintf(state, sizeof state, "%s", !s->table_present ? "no such table here" : s->present ? "present"
                                                                                         : "ABSENT");
        else
            snprintf(state, sizeof state, "covered by index %s", s->equivalent);
        fprintf(out, "\n  %s: %s\n", ix[i].name, state);
        fprintf(out, "    ON %s (%s)\n", ix[i].table, cols);
        print_clipped(out, "    for: ", ix[i].why);
    }
}

/* Which suggestions `add` creates (absent ones) or `drop` removes (ours, present); names
 * after the action restrict it to those. */
static int pick_indexes(const omrs_cli_options *o, bool create, const omrs_sync_index_state *states,
                        bool picked[OMRS_SYNC_INDEX_COUNT], omrs_error *err)
{
    const omrs_sync_index *ix = omrs_sync_indexes();
    for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++)
        picked[i] = create ? omrs_sync_index_missing(&states[i]) : states[i].present;
    if (o->word_count <= 3)
        return 0;
    bool named[OMRS_SYNC_INDEX_COUNT] = {0};
    for (int w = 3; w < o->word_count; w++) {
        int found = -1;
        for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++)
            if (strcmp(o->words[w], ix[i].name) == 0)
                found = i;
        if (found < 0)
            return omrs_fail(err, OMRS_ERR_USAGE, "sync indexes %s: '%s' is not one of our indexes (see `sync indexes`)",
                             o->words[2], o->words[w]);
        named[found] = true;
    }
    for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++)
        picked[i] = picked[i] && named[i];
    return 0;
}

/* The statements, one per line, each preceded by what it touches. */
static int plan_sql(bool create, const omrs_sync_index_state *states, const bool picked[], omrs_strlist *sql,
                    FILE *out, omrs_error *err)
{
    const omrs_sync_index *ix = omrs_sync_indexes();
    for (int i = 0; i < OMRS_SYNC_INDEX_COUNT; i++) {
        if (!picked[i])
            continue;
        omrs_buf b = {0};
        if (omrs_sync_index_sql(&ix[i], create, &b) < 0 || omrs_strlist_push(sql, b.data, b.len) < 0) {
            omrs_buf_free(&b);
            return omrs_fail_nomem(err);
        }
        fprintf(out, "-- %s: about %lld row(s)%s\n%s;\n", ix[i].table, states[i].table_rows,
                create ? " to index" : "", b.data);
        omrs_buf_free(&b);
    }
    return 0;
}

static int run_sql(const omrs_cli_options *o, omrs_conn *c, const omrs_strlist *sql, FILE *out, omrs_error *err)
{
    omrs_buf details = {0};
    omrs_buf_printf(&details, "sync indexes %s:", o->words[2]);
    for (size_t i = 0; i < sql->count; i++)
        omrs_buf_printf(&details, " %s;", sql->items[i]);
    if (!details.data)
        return omrs_fail_nomem(err);
    int rc = omrs_audit(c, "start", details.data, err);
    size_t ran = 0;
    while (rc == 0 && ran < sql->count && (rc = omrs_conn_write(c, sql->items[ran], NULL, err)) == 0)
        ran++;
    if (rc < 0 && ran > 0) {   /* DDL cannot be rolled back: say how far it got */
        size_t n = strlen(err->message);
        snprintf(err->message + n, sizeof err->message - n, " (%zu of %zu statement(s) had run; `sync indexes` shows "
                 "what is there)", ran, sql->count);
    }
    char summary[1400];
    snprintf(summary, sizeof summary, "sync indexes %s: %s; %zu of %zu statement(s) run%s%.1000s", o->words[2],
             rc == 0 ? "done" : "FAILED", ran, sql->count, rc == 0 ? "" : ": ", rc == 0 ? "" : err->message);
    rc = omrs_audit_outcome(c, rc, summary, err);
    if (rc == 0)
        fprintf(out, "done: %zu index(es) %s\n", ran, strcmp(o->words[2], "add") == 0 ? "created" : "dropped");
    omrs_buf_free(&details);
    return rc;
}

static int change_indexes(const omrs_cli_options *o, omrs_session *s, bool create, FILE *out, omrs_error *err)
{
    omrs_sync_index_state states[OMRS_SYNC_INDEX_COUNT];
    bool picked[OMRS_SYNC_INDEX_COUNT];
    omrs_strlist sql = {0};
    int rc = omrs_sync_require_tables(&s->conn, err);
    rc = rc < 0 ? rc : omrs_sync_indexes_load(&s->conn, states, err);
    rc = rc < 0 ? rc : pick_indexes(o, create, states, picked, err);
    rc = rc < 0 ? rc : plan_sql(create, states, picked, &sql, out, err);
    if (rc == 0 && sql.count == 0)
        fprintf(out, "nothing to do: %s\n", create ? "every suggested index is present (or covered)"
                                                  : "none of our omrs_* indexes is present");
    else if (rc == 0 && o->dry_run)
        fputs("-- dry run: nothing was changed\n", out);
    else if (rc == 0) {
        char question[256];
        snprintf(question, sizeof question, "%s %zu index(es) in database %s?", create ? "Create" : "Drop", sql.count,
                 omrs_or_dash(s->conn.database));
        rc = omrs_cli_confirm(o, question, err);
        rc = rc < 0 ? rc : run_sql(o, &s->conn, &sql, out, err);
    }
    omrs_strlist_free(&sql);
    return rc;
}

static int list_indexes(const omrs_cli_options *o, omrs_session *s, FILE *out, omrs_error *err)
{
    omrs_sync_index_state states[OMRS_SYNC_INDEX_COUNT];
    if (omrs_sync_require_tables(&s->conn, err) < 0 || omrs_sync_indexes_load(&s->conn, states, err) < 0)
        return -1;
    if (o->json)
        return omrs_json_print(indexes_json(states), out, err);
    print_index_list(out, states);
    return 0;
}

int omrs_sync_cmd_indexes(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    const char *action = o->word_count > 2 ? o->words[2] : NULL;
    bool create = action && strcmp(action, "add") == 0, drop = action && strcmp(action, "drop") == 0;
    if (action && !create && !drop)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync indexes: unknown action '%s' (there are: add, drop)", action);
    if (!action && no_more_words(o, 2, err) < 0)
        return -1;
    char what[32];
    snprintf(what, sizeof what, "sync indexes %s", action ? action : "");
    if (action && !o->dry_run && omrs_cli_refuse_read_only(o, what, err) < 0)
        return -1;
    omrs_session s;
    int rc = omrs_session_open(&o->conn, &s, err);
    if (rc == 0)
        rc = action ? change_indexes(o, &s, create, out, err) : list_indexes(o, &s, out, err);
    omrs_session_close(&s);
    return rc;
}
