#include "status.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dbms.h"
#include "resources.h"

/* ---- contexts ---------------------------------------------------------- */

typedef struct ctx_parser {
    const char *p;
    const char *run;   /* comma-separated run contexts */
} ctx_parser;

static void skip_space(ctx_parser *cp)
{
    while (isspace((unsigned char)*cp->p))
        cp->p++;
}

static bool take_word(ctx_parser *cp, const char *word)
{
    skip_space(cp);
    size_t n = strlen(word);
    if (strncasecmp(cp->p, word, n) == 0 && !isalnum((unsigned char)cp->p[n]) && cp->p[n] != '_') {
        cp->p += n;
        return true;
    }
    return false;
}

static bool run_has(const char *run, const char *name, size_t n)
{
    while (*run) {
        while (*run == ',' || isspace((unsigned char)*run))
            run++;
        size_t len = strcspn(run, ",");
        size_t trimmed = len;
        while (trimmed && isspace((unsigned char)run[trimmed - 1]))
            trimmed--;
        if (trimmed == n && strncasecmp(run, name, n) == 0)
            return true;
        run += len;
    }
    return false;
}

static bool parse_or(ctx_parser *cp);

static bool parse_factor(ctx_parser *cp)
{
    skip_space(cp);
    if (*cp->p == '!') {
        cp->p++;
        return !parse_factor(cp);
    }
    if (take_word(cp, "not"))
        return !parse_factor(cp);
    if (*cp->p == '(') {
        cp->p++;
        bool v = parse_or(cp);
        skip_space(cp);
        if (*cp->p == ')')
            cp->p++;
        return v;
    }
    const char *start = cp->p;
    while (*cp->p && !isspace((unsigned char)*cp->p) && !strchr(",()!", *cp->p))
        cp->p++;
    return run_has(cp->run, start, (size_t)(cp->p - start));
}

static bool parse_and(ctx_parser *cp)
{
    bool v = parse_factor(cp);
    while (take_word(cp, "and"))
        v = parse_factor(cp) && v;
    return v;
}

static bool parse_or(ctx_parser *cp)
{
    bool v = parse_and(cp);
    for (;;) {
        skip_space(cp);
        if (*cp->p == ',')
            cp->p++;
        else if (!take_word(cp, "or"))
            return v;
        v = parse_and(cp) || v;
    }
}

bool lb_context_matches(const char *expression, const char *run_contexts)
{
    if (!run_contexts || !run_contexts[strspn(run_contexts, " ,")] || !expression
        || !expression[strspn(expression, " ")])
        return true;
    ctx_parser cp = {.p = expression, .run = run_contexts};
    return parse_or(&cp);
}

/* ---- checksums --------------------------------------------------------- */

static int stored_version(const char *stored)
{
    char *end;
    long v = strtol(stored, &end, 10);
    return end != stored && *end == ':' ? (int)v : 1;
}

static bool is_any(const char *listed)
{
    return !strcasecmp(listed, "1:any") || !strcasecmp(listed, "1:all") || !strcmp(listed, "1:*");
}

/* isCheckSumValid's <validCheckSum> part: ANY, ALL and "*" accept everything; otherwise the
 * listed value must equal the computed or the stored checksum. */
static int valid_checksum_matches(const lb_changeset *cs, const char *computed, const char *stored, bool *match,
                                  omrs_error *err)
{
    *match = false;
    for (size_t i = 0; i < cs->valid_checksum_count && !*match; i++) {
        char *listed = NULL;
        if (lb_checksum_normalize(cs->valid_checksums[i], &listed, err) < 0)
            return -1;
        *match = listed && (is_any(listed) || strcmp(listed, computed) == 0 || strcmp(listed, stored) == 0);
        free(listed);
    }
    return 0;
}

/* The checksum in the stored row's version. Versions other than 8 and 9 are computed
 * with v8 and given the stored prefix, as 4.28 does, so they only ever match a listed
 * <validCheckSum>. */
static int checksum_like_stored(const lb_changeset *cs, const char *stored, const char *dbms, int latest,
                                char out[LB_CHECKSUM_SIZE], omrs_error *err)
{
    int version = stored ? stored_version(stored) : latest;
    int algorithm = version == 9 ? 9 : 8;
    if (lb_changeset_checksum(cs->node, algorithm, dbms, out, err) < 0)
        return -1;
    if (version != algorithm)
        snprintf(out, LB_CHECKSUM_SIZE, "%d%s", version, strchr(out, ':'));
    return 0;
}

/* ---- classification ---------------------------------------------------- */

static bool has_custom_change(const lb_changeset *cs)
{
    for (xmlNodePtr c = cs->node->children; c; c = c->next)
        if (lb_is_element(c, "customChange"))
            return true;
    return false;
}

static lb_state classify_ran(const lb_status_entry *e, bool valid)
{
    if (e->cs->run_always)
        return LB_RUN_ALWAYS;
    if (e->cs->run_on_change && !valid)
        return LB_RUN_ON_CHANGE;
    if (!valid)
        return LB_CHANGED;
    return e->row->exectype && strcmp(e->row->exectype, "MARK_RAN") == 0 ? LB_MARK_RAN : LB_RAN;
}

static int classify(lb_status_entry *e, lb_history *h, const lb_status_options *opt, omrs_error *err)
{
    const lb_changeset *cs = e->cs;
    e->needs_openmrs = has_custom_change(cs);
    if (!lb_dbms_matches(cs->dbms, opt->dbms, true)) {
        e->state = LB_FILTERED_DBMS;
        return 0;
    }
    if (!lb_context_matches(cs->contexts, opt->contexts)) {
        e->state = LB_FILTERED_CONTEXT;
        return 0;
    }
    char *key = lb_normalize_path(cs->filename);
    lb_ran *row = lb_history_find(h, key ? key : cs->filename, cs->id, cs->author);
    free(key);
    e->row = row;
    const char *stored = row ? row->md5sum : NULL;
    if (checksum_like_stored(cs, stored, opt->dbms, opt->latest_version, e->computed, err) < 0)
        return -1;
    if (!row) {
        e->state = LB_PENDING;
        return 0;
    }
    row->matched = true;
    e->checksum_to_fill = stored == NULL;
    bool valid = !stored || strcmp(stored, e->computed) == 0;
    if (!valid && valid_checksum_matches(cs, e->computed, stored, &valid, err) < 0)
        return -1;
    e->state = classify_ran(e, valid);
    return 0;
}

static int compare_identity(const void *pa, const void *pb)
{
    const lb_changeset *a = *(const lb_changeset *const *)pa, *b = *(const lb_changeset *const *)pb;
    int c = strcmp(a->filename, b->filename);
    if (c == 0)
        c = strcmp(a->id, b->id);
    return c ? c : strcmp(a->author, b->author);
}

/* Liquibase's validation refuses a changelog that names one file::id::author twice among
 * the changeSets that apply here (dbms- or context-filtered twins are fine). */
static int find_duplicate(lb_status *st, omrs_error *err)
{
    const lb_changeset **sets = malloc((st->count ? st->count : 1) * sizeof *sets);
    if (!sets)
        return omrs_fail_nomem(err);
    size_t n = 0;
    for (size_t i = 0; i < st->count; i++)
        if (st->entries[i].state != LB_FILTERED_DBMS && st->entries[i].state != LB_FILTERED_CONTEXT)
            sets[n++] = st->entries[i].cs;
    if (n)
        qsort(sets, n, sizeof *sets, compare_identity);
    for (size_t i = 1; i < n && !st->duplicate[0]; i++)
        if (compare_identity(&sets[i - 1], &sets[i]) == 0) {
            bool first_earlier = sets[i - 1] < sets[i];
            st->duplicate[0] = first_earlier ? sets[i - 1] : sets[i];
            st->duplicate[1] = first_earlier ? sets[i] : sets[i - 1];
        }
    free(sets);
    return 0;
}

/* Liquibase validates the whole changelog before running anything: one changed
 * checksum or a duplicate identity stops every pending changeSet. */
static void mark_blocked(lb_status *st)
{
    st->validation_fails = st->counts[LB_CHANGED] > 0 || st->duplicate[0];
    if (!st->validation_fails)
        return;
    for (size_t i = 0; i < st->count; i++) {
        lb_state s = st->entries[i].state;
        st->entries[i].blocked = s == LB_PENDING || s == LB_RUN_ALWAYS || s == LB_RUN_ON_CHANGE;
    }
}

int lb_status_compute(const lb_changelog *cl, lb_history *h, const lb_status_options *opt,
                      lb_status *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    out->entries = calloc(cl->count ? cl->count : 1, sizeof *out->entries);
    if (!out->entries)
        return omrs_fail_nomem(err);
    for (size_t i = 0; i < h->count; i++)
        h->rows[i].matched = false;
    for (size_t i = 0; i < cl->count; i++) {
        lb_status_entry *e = &out->entries[out->count++];
        e->cs = &cl->changesets[i];
        if (classify(e, h, opt, err) < 0) {   /* the message names element, line and changeSet */
            lb_status_free(out);
            return -1;
        }
        out->counts[e->state]++;
    }
    for (size_t i = 0; i < h->count; i++)
        out->unmatched_rows += !h->rows[i].matched;
    if (find_duplicate(out, err) < 0) {
        lb_status_free(out);
        return -1;
    }
    mark_blocked(out);
    return 0;
}

void lb_status_free(lb_status *st)
{
    free(st->entries);
    memset(st, 0, sizeof *st);
}

const char *lb_state_name(lb_state state)
{
    static const char *const names[LB_STATE_COUNT] = {
        [LB_RAN] = "ran",
        [LB_MARK_RAN] = "mark-ran",
        [LB_PENDING] = "pending",
        [LB_RUN_ALWAYS] = "run-always",
        [LB_RUN_ON_CHANGE] = "run-on-change",
        [LB_CHANGED] = "changed",
        [LB_FILTERED_DBMS] = "filtered-dbms",
        [LB_FILTERED_CONTEXT] = "filtered-context",
    };
    return state < LB_STATE_COUNT ? names[state] : "?";
}
