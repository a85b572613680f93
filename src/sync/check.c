#include "check.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- thresholds -------------------------------------------------------- */

#define DEF(field, value, meaning) {#field, offsetof(omrs_sync_thresholds, field), value, meaning}
static const omrs_sync_threshold_def defs[] = {
    DEF(backlog_warn, 500, "records waiting to go to one server: WARNING at this many"),
    DEF(backlog_crit, 5000, "... CRITICAL at this many"),
    DEF(age_warn, 24, "hours the oldest waiting record has waited: WARNING"),
    DEF(age_crit, 72, "... CRITICAL"),
    DEF(last_sync_warn, 24, "hours since a server last synced: WARNING"),
    DEF(last_sync_crit, 168, "... CRITICAL"),
    DEF(retry_warn, 1, "records one failed round from FAILED_AND_STOPPED: WARNING"),
    DEF(import_failed_warn, 1, "incoming records that FAILED here, per source: WARNING"),
    DEF(import_growth_warn, 0, "sync_import rows added in the last 24 hours: WARNING"),
    DEF(transmission_fail_warn, 3, "failed transmissions in the last 24 hours: WARNING"),
};
#undef DEF
#define DEF_COUNT (sizeof defs / sizeof *defs)

const omrs_sync_threshold_def *omrs_sync_threshold_defs(size_t *count)
{
    *count = DEF_COUNT;
    return defs;
}

static long long *slot(omrs_sync_thresholds *t, const omrs_sync_threshold_def *d)
{
    return (long long *)((char *)t + d->offset);
}

void omrs_sync_thresholds_default(omrs_sync_thresholds *t)
{
    for (size_t i = 0; i < DEF_COUNT; i++)
        *slot(t, &defs[i]) = defs[i].default_value;
}

static int bad_item(omrs_error *err, const char *item, size_t n, const char *why)
{
    omrs_buf names = {0};
    for (size_t i = 0; i < DEF_COUNT; i++)
        omrs_buf_printf(&names, "%s%s", i ? ", " : "", defs[i].name);
    int rc = omrs_fail(err, OMRS_ERR_USAGE, "--thresholds: '%.*s' %s (give NAME=HOURS|COUNT,...; names: %s)",
                       (int)n, item, why, names.data ? names.data : "");
    omrs_buf_free(&names);
    return rc;
}

static int parse_item(const char *item, size_t n, omrs_sync_thresholds *t, omrs_error *err)
{
    const char *eq = memchr(item, '=', n);
    if (!eq)
        return bad_item(err, item, n, "lacks '=VALUE'");
    const omrs_sync_threshold_def *d = NULL;
    for (size_t i = 0; i < DEF_COUNT; i++)
        if (strlen(defs[i].name) == (size_t)(eq - item) && strncmp(defs[i].name, item, eq - item) == 0)
            d = &defs[i];
    if (!d)
        return bad_item(err, item, n, "is not a threshold name");
    const char *v = eq + 1, *end = item + n;
    long long value = 0;
    if (v == end)
        return bad_item(err, item, n, "has no value");
    for (const char *p = v; p < end; p++) {
        if (!isdigit((unsigned char)*p) || value > 1000000000000LL)
            return bad_item(err, item, n, "needs a whole number from 0 (off) up");
        value = value * 10 + (*p - '0');
    }
    *slot(t, d) = value;
    return 0;
}

static int check_pair(const char *warn, long long w, const char *crit, long long c, omrs_error *err)
{
    if (w && c && w > c)
        return omrs_fail(err, OMRS_ERR_USAGE, "--thresholds: %s (%lld) is above %s (%lld)", warn, w, crit, c);
    return 0;
}

int omrs_sync_thresholds_parse(const char *text, omrs_sync_thresholds *t, omrs_error *err)
{
    omrs_sync_thresholds next = *t;
    if (!text || !*text)
        return omrs_fail(err, OMRS_ERR_USAGE, "--thresholds needs NAME=VALUE,...");
    for (const char *p = text;;) {
        size_t n = strcspn(p, ",");
        if (parse_item(p, n, &next, err) < 0)
            return -1;
        if (!p[n])
            break;
        p += n + 1;
    }
    if (check_pair("backlog_warn", next.backlog_warn, "backlog_crit", next.backlog_crit, err) < 0
        || check_pair("age_warn", next.age_warn, "age_crit", next.age_crit, err) < 0
        || check_pair("last_sync_warn", next.last_sync_warn, "last_sync_crit", next.last_sync_crit, err) < 0)
        return -1;
    *t = next;
    return 0;
}

/* ---- reasons ----------------------------------------------------------- */

typedef struct judge {
    omrs_sync_check *out;
    const omrs_sync_thresholds *t;
    bool nomem;
} judge;

static void say(judge *j, omrs_sync_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(judge *j, omrs_sync_level level, const char *fmt, ...)
{
    omrs_sync_reason *r = omrs_array_push(&j->out->reasons, &j->out->count, sizeof *r);
    if (!r) {
        j->nomem = true;
        return;
    }
    r->level = level;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->text, sizeof r->text, fmt, ap);
    va_end(ap);
    if (level > j->out->level)
        j->out->level = level;
}

/* `child "Demo Child A"` or `parent server 1` */
static void label(const omrs_sync_peer *p, char *buf, size_t size)
{
    const omrs_sync_server *s = p->server;
    const char *type = p->is_parent ? "parent" : s->server_type && strcmp(s->server_type, "CHILD") == 0 ? "child"
                                                                                                    : "server";
    if (s->nickname && *s->nickname)
        snprintf(buf, size, "%s \"%s\"", type, s->nickname);
    else
        snprintf(buf, size, "%s server %d", type, s->id);
}

/* Level for a value against a warn/crit pair (0 = that test is off). */
static omrs_sync_level grade(long long value, long long warn, long long crit)
{
    if (crit && value >= crit)
        return OMRS_SYNC_CRITICAL;
    if (warn && value >= warn)
        return OMRS_SYNC_WARNING;
    return OMRS_SYNC_OK;
}

static void judge_blocked(judge *j, const omrs_sync_peer *p, const char *who)
{
    long long n = p->outgoing.counts.by_state[OMRS_SYNC_FAILED_AND_STOPPED];
    if (n == 0)
        return;
    const omrs_sync_blocked *b = p->outgoing.blocked_listed ? &p->outgoing.blocked[0] : NULL;
    if (b)
        say(j, OMRS_SYNC_CRITICAL, "%s: %lld record(s) FAILED_AND_STOPPED block the queue (first: record %lld%s%.200s)",
            who, n, b->record_id, b->error_message ? ": " : "", b->error_message ? b->error_message : "");
    else
        say(j, OMRS_SYNC_CRITICAL, "%s: %lld record(s) FAILED_AND_STOPPED block the queue", who, n);
}

static void judge_last_sync(judge *j, const omrs_sync_peer *p, const char *who)
{
    const omrs_sync_server *s = p->server;
    if (p->last_state_is_error)
        say(j, s->disabled ? OMRS_SYNC_NOTE : OMRS_SYNC_WARNING, "%s: last sync %s (%s)", who, s->last_sync_state,
            s->last_sync ? s->last_sync : "no time recorded");
    if (s->disabled)
        return;
    if (p->last_sync_age_s < 0) {
        say(j, OMRS_SYNC_NOTE, "%s: never synced", who);
        return;
    }
    long long hours = p->last_sync_age_s / 3600;
    omrs_sync_level l = grade(hours, j->t->last_sync_warn, j->t->last_sync_crit);
    if (l != OMRS_SYNC_OK)
        say(j, l, "%s: last synced %lld h ago (%s)", who, hours, s->last_sync);
}

static void judge_queue(judge *j, const omrs_sync_peer *p, const char *who)
{
    const omrs_sync_outgoing *o = &p->outgoing;
    omrs_sync_level l = grade(o->counts.in_queue, j->t->backlog_warn, j->t->backlog_crit);
    if (l != OMRS_SYNC_OK)
        say(j, l, "%s: %lld record(s) waiting to be sent", who, o->counts.in_queue);
    if (o->oldest_age_s >= 0) {
        long long hours = o->oldest_age_s / 3600;
        l = grade(hours, j->t->age_warn, j->t->age_crit);
        if (l != OMRS_SYNC_OK)
            say(j, l, "%s: oldest waiting record %lld is %lld h old (%s)", who, o->oldest_record_id, hours,
                o->oldest_timestamp ? o->oldest_timestamp : "?");
    }
    if (grade(o->about_to_stop, j->t->retry_warn, 0) != OMRS_SYNC_OK)
        say(j, OMRS_SYNC_WARNING, "%s: %lld record(s) one failed round from FAILED_AND_STOPPED", who,
            o->about_to_stop);
}

static void judge_peer(judge *j, const omrs_sync_status *st, const omrs_sync_peer *p)
{
    char who[320];
    label(p, who, sizeof who);
    judge_blocked(j, p, who);
    judge_last_sync(j, p, who);
    if (p->server->disabled)
        say(j, OMRS_SYNC_NOTE, "%s is disabled: not checked for backlog, age or retries", who);
    else
        judge_queue(j, p, who);
    long long failed = p->incoming.by_state[OMRS_SYNC_FAILED];
    if (grade(failed, st->has_import ? j->t->import_failed_warn : 0, 0) != OMRS_SYNC_OK)
        say(j, OMRS_SYNC_WARNING, "%s: %lld incoming record(s) FAILED to apply here (sync_import)", who, failed);
}

static long long unknown_states(const omrs_sync_status *st)
{
    long long n = st->journal.unknown + st->incoming_other.unknown;
    for (size_t i = 0; i < st->peer_count; i++)
        n += st->peers[i].incoming.unknown + (st->peers[i].is_parent ? 0 : st->peers[i].outgoing.counts.unknown);
    return n;
}

static void judge_site(judge *j, const omrs_sync_status *st)
{
    if (st->peer_count == 0)
        say(j, OMRS_SYNC_NOTE, "no sync servers configured (sync_server is empty)");
    long long unknown = unknown_states(st);
    if (unknown)
        say(j, OMRS_SYNC_WARNING, "%lld row(s) hold a state the module cannot load", unknown);
    if (st->has_import && grade(st->incoming_other.by_state[OMRS_SYNC_FAILED], j->t->import_failed_warn, 0))
        say(j, OMRS_SYNC_WARNING, "%lld incoming record(s) from no known server FAILED to apply here",
            st->incoming_other.by_state[OMRS_SYNC_FAILED]);
    if (st->has_import && grade(st->import_rows_24h, j->t->import_growth_warn, 0) != OMRS_SYNC_OK)
        say(j, OMRS_SYNC_WARNING, "sync_import grew by %lld row(s) in the last 24 h (it is never cleaned)",
            st->import_rows_24h);
    if (st->has_log && grade(st->log_failures_24h, j->t->transmission_fail_warn, 0) != OMRS_SYNC_OK)
        say(j, OMRS_SYNC_WARNING, "%lld failed transmission(s) in the last 24 h (latest: %.200s)",
            st->log_failures_24h, st->log_listed && st->log_recent[0].error_message ? st->log_recent[0].error_message : "?");
}

static int by_level(const void *a, const void *b)
{
    const omrs_sync_reason *x = a, *y = b;
    return (int)y->level - (int)x->level;
}

int omrs_sync_check_run(const omrs_sync_status *st, const omrs_sync_thresholds *t, omrs_sync_check *out,
                        omrs_error *err)
{
    memset(out, 0, sizeof *out);
    judge j = {.out = out, .t = t};
    for (size_t i = 0; i < st->peer_count; i++)
        judge_peer(&j, st, &st->peers[i]);
    judge_site(&j, st);
    if (j.nomem) {
        omrs_sync_check_free(out);
        return omrs_fail_nomem(err);
    }
    /* insertion sort: worst first, and within a level in the order they were found */
    for (size_t i = 1; i < out->count; i++)
        for (size_t k = i; k > 0 && by_level(&out->reasons[k - 1], &out->reasons[k]) > 0; k--) {
            omrs_sync_reason tmp = out->reasons[k];
            out->reasons[k] = out->reasons[k - 1];
            out->reasons[k - 1] = tmp;
        }
    return 0;
}

void omrs_sync_check_free(omrs_sync_check *c)
{
    free(c->reasons);
    memset(c, 0, sizeof *c);
}

const char *omrs_sync_level_name(omrs_sync_level level)
{
    switch (level) {
    case OMRS_SYNC_NOTE: return "NOTE";
    case OMRS_SYNC_OK: return "OK";
    case OMRS_SYNC_WARNING: return "WARNING";
    case OMRS_SYNC_CRITICAL: return "CRITICAL";
    }
    return "?";
}

void omrs_sync_check_print(const omrs_sync_check *c, FILE *out)
{
    fprintf(out, "SYNC %s - ", omrs_sync_level_name(c->level));
    size_t worst = 0;   /* the first line stays short: three reasons, then how many more */
    for (size_t i = 0; i < c->count; i++)
        if (c->level != OMRS_SYNC_OK && c->reasons[i].level == c->level && worst++ < 3)
            fprintf(out, "%s%s", worst > 1 ? "; " : "", c->reasons[i].text);
    if (worst > 3)
        fprintf(out, " (+%zu more)", worst - 3);
    fputs(worst ? "\n" : "no problems found\n", out);
    for (size_t i = 0; i < c->count; i++)
        fprintf(out, "%s: %s\n", omrs_sync_level_name(c->reasons[i].level), c->reasons[i].text);
}
