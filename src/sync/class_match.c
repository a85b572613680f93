/* The module's class-list rules (sync-module.md 7.2-7.4), read from
 * SyncServiceImpl.shouldSynchronize/refreshServerClassesCollection and
 * RemoteServer.shouldBeSentSyncRecord/shouldReceiveSyncRecordFrom; see class_match.h. */
#include "class_match.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the lists ---- */

static int copy_classes(const omrs_class_lists *from, omrs_class_lists *to)
{
    to->classes = calloc(from->class_count ? from->class_count : 1, sizeof *to->classes);
    if (!to->classes)
        return -1;
    for (size_t i = 0; i < from->class_count; i++) {
        to->classes[i] = from->classes[i];
        to->classes[i].name = NULL;
        to->class_count = i + 1;
        if (omrs_set_str(&to->classes[i].name, from->classes[i].name) < 0)
            return -1;
    }
    return 0;
}

int omrs_class_lists_copy(const omrs_class_lists *from, omrs_class_lists *to)
{
    memset(to, 0, sizeof *to);
    to->rows = malloc((from->row_count ? from->row_count : 1) * sizeof *to->rows);
    to->server_ids = malloc((from->server_count ? from->server_count : 1) * sizeof *to->server_ids);
    if (!to->rows || !to->server_ids || copy_classes(from, to) < 0) {
        omrs_class_lists_free(to);
        return -1;
    }
    if (from->row_count)
        memcpy(to->rows, from->rows, from->row_count * sizeof *to->rows);
    if (from->server_count)
        memcpy(to->server_ids, from->server_ids, from->server_count * sizeof *to->server_ids);
    to->row_count = from->row_count;
    to->server_count = from->server_count;
    return 0;
}

void omrs_class_lists_free(omrs_class_lists *l)
{
    for (size_t i = 0; l->classes && i < l->class_count; i++)
        free(l->classes[i].name);
    free(l->classes);
    free(l->rows);
    free(l->server_ids);
    memset(l, 0, sizeof *l);
}

const omrs_sync_class *omrs_class_lists_find_id(const omrs_class_lists *l, int class_id)
{
    for (size_t i = 0; i < l->class_count; i++)
        if (l->classes[i].id == class_id)
            return &l->classes[i];
    return NULL;
}

bool omrs_strlist_contains(const omrs_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i], s) == 0)
            return true;
    return false;
}

static int push_unique(omrs_strlist *l, const char *s)
{
    return omrs_strlist_contains(l, s) ? 0 : omrs_strlist_push(l, s, strlen(s));
}

/* The distinct names of a server's rows whose flag is 0 (a Java HashSet of names). */
static int excluded_names(const omrs_class_lists *l, int server_id, omrs_direction d, omrs_strlist *out)
{
    for (size_t i = 0; i < l->row_count; i++) {
        const omrs_server_class *r = &l->rows[i];
        int flag = d == OMRS_SEND ? r->send_to : r->receive_from;
        const omrs_sync_class *c = r->server_id == server_id && flag == 0 ? omrs_class_lists_find_id(l, r->class_id) : NULL;
        if (c && push_unique(out, c->name) < 0)
            return -1;
    }
    return 0;
}

/* ---- contained_classes as the module reads it ---- */

/* String.split(","): no comma gives the whole value (even empty); trailing empty parts go. */
static int split_classes(const char *s, size_t len, omrs_strlist *out)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != ',')
            continue;
        if (omrs_strlist_push(out, s + start, i - start) < 0)
            return -1;
        start = i + 1;
    }
    if (memchr(s, ',', len))
        while (out->count > 0 && out->items[out->count - 1][0] == '\0')
            free(out->items[--out->count]);
    return 0;
}

/* String.hashCode over the UTF-16 code units of a UTF-8 string. */
static int32_t java_hash(const char *s)
{
    uint32_t h = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp = *p++;
        int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
        cp &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0xFF;
        for (; extra > 0 && (*p & 0xC0) == 0x80; extra--)
            cp = (cp << 6) | (*p++ & 0x3F);
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            h = 31 * h + (0xD800 + (cp >> 10));
            h = 31 * h + (0xDC00 + (cp & 0x3FF));
        } else {
            h = 31 * h + cp;
        }
    }
    return (int32_t)h;
}

/* HashMap bucket of a key in a table of n buckets (HashMap.hash spreads the high bits). */
static size_t java_bucket(const char *s, size_t n)
{
    uint32_t h = (uint32_t)java_hash(s);
    return (h ^ (h >> 16)) & (n - 1);
}

/* java.util.HashSet iteration order: bucket by bucket, insertion order inside a bucket
 * (resizes keep that order). The table starts at 16 and doubles past 3/4 full. Buckets
 * that would turn into trees (8+ keys) are not modelled: class sets are far smaller. */
static void java_hashset_order(omrs_strlist *set)
{
    size_t n = 16;
    while (set->count > n / 4 * 3)
        n *= 2;
    for (size_t i = 1; i < set->count; i++) { /* stable insertion sort by bucket */
        char *item = set->items[i];
        size_t b = java_bucket(item, n), j = i;
        for (; j > 0 && java_bucket(set->items[j - 1], n) > b; j--)
            set->items[j] = set->items[j - 1];
        set->items[j] = item;
    }
}

static int class_set(const char *contained, size_t len, omrs_strlist *set)
{
    omrs_strlist parts = {0};
    int rc = split_classes(contained, len, &parts);
    for (size_t i = 0; rc == 0 && i < parts.count; i++)
        rc = push_unique(set, parts.items[i]);
    omrs_strlist_free(&parts);
    return rc;
}

int omrs_class_tag_string(const char *contained, size_t len, omrs_buf *out)
{
    omrs_strlist set = {0};
    int rc = contained ? class_set(contained, len, &set) : 0;
    if (rc == 0)
        java_hashset_order(&set);
    rc = rc == 0 ? omrs_buf_append(out, "", 0) : rc;
    for (size_t i = 0; rc == 0 && i < set.count; i++)
        rc = omrs_buf_printf(out, "<%s>", set.items[i]);
    omrs_strlist_free(&set);
    return rc;
}

bool omrs_classes_any_prefix(const char *contained, size_t len, const char *prefix)
{
    omrs_strlist set = {0};
    bool hit = false;
    if (contained && class_set(contained, len, &set) == 0)
        for (size_t i = 0; !hit && i < set.count; i++)
            hit = strncmp(set.items[i], prefix, strlen(prefix)) == 0;
    omrs_strlist_free(&set);
    return hit;
}

/* ---- the pattern rule ---- */

/* Java class names use letters, digits, '_', '$' and '.'; in those '.' (any character) and
 * '$' (end of input) mean the same in Java and POSIX ERE. Other regex syntax, '\' escapes and
 * non-ASCII text (Java's '.' is one UTF-16 unit, here one byte) may differ. */
static bool approximate_syntax(const char *name)
{
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p >= 0x80 || strchr("\\*+?|(){}[]^", *p))
            return true;
    return false;
}

static int pattern_init(omrs_class_pattern *p, const char *name)
{
    memset(p, 0, sizeof *p);
    omrs_buf re = {0};
    if (omrs_set_str(&p->name, name) < 0 || omrs_buf_printf(&re, ".*<%s.*>*", name) < 0) {
        omrs_buf_free(&re);
        return -1;
    }
    p->valid = regcomp(&p->re, re.data, REG_EXTENDED) == 0;
    p->approximate = approximate_syntax(name);
    omrs_buf_free(&re);
    return 0;
}

int omrs_class_patterns_for(const omrs_class_lists *l, int server_id, omrs_direction d, omrs_class_patterns *out)
{
    omrs_strlist names = {0};
    memset(out, 0, sizeof *out);
    int rc = excluded_names(l, server_id, d, &names);
    out->items = rc == 0 ? calloc(names.count ? names.count : 1, sizeof *out->items) : NULL;
    rc = out->items ? rc : -1;
    for (size_t i = 0; rc == 0 && i < names.count; i++)
        if ((rc = pattern_init(&out->items[i], names.items[i])) == 0)
            out->count++;
        else
            free(out->items[i].name);
    omrs_strlist_free(&names);
    if (rc < 0)
        omrs_class_patterns_free(out);
    return rc;
}

void omrs_class_patterns_free(omrs_class_patterns *p)
{
    for (size_t i = 0; p->items && i < p->count; i++) {
        if (p->items[i].valid)
            regfree(&p->items[i].re);
        free(p->items[i].name);
    }
    free(p->items);
    memset(p, 0, sizeof *p);
}

bool omrs_class_patterns_equal(const omrs_class_patterns *a, const omrs_class_patterns *b)
{
    if (a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++) {
        bool found = false;
        for (size_t j = 0; !found && j < b->count; j++)
            found = strcmp(a->items[i].name, b->items[j].name) == 0;
        if (!found)
            return false;
    }
    return true;
}

/* Pattern.matches is a whole-input match. POSIX returns the leftmost-longest match, and any
 * match can start at 0 (the pattern begins with ".*"), so a whole match exists exactly when
 * the reported one covers the input. */
bool omrs_class_pattern_matches(const omrs_class_pattern *p, const char *tags)
{
    regmatch_t m[1];
    if (!p->valid || regexec(&p->re, tags, 1, m, 0) != 0)
        return false;
    return m[0].rm_so == 0 && (size_t)m[0].rm_eo == strlen(tags);
}

const omrs_class_pattern *omrs_class_patterns_refuse(const omrs_class_patterns *p, const char *tags)
{
    for (size_t i = 0; i < p->count; i++)
        if (omrs_class_pattern_matches(&p->items[i], tags))
            return &p->items[i];
    return NULL;
}

const omrs_class_pattern *omrs_class_patterns_invalid(const omrs_class_patterns *p)
{
    for (size_t i = 0; i < p->count; i++)
        if (!p->items[i].valid)
            return &p->items[i];
    return NULL;
}

int omrs_class_decide(const omrs_class_patterns pats[2], const omrs_sync_class *c, omrs_class_decision *d)
{
    omrs_buf tags = {0};
    if (omrs_buf_printf(&tags, "<%s>", c->name) < 0)
        return -1;
    for (int k = 0; k < 2; k++) {
        const omrs_class_pattern *p = omrs_class_patterns_refuse(&pats[k], tags.data);
        d->allowed[k] = p == NULL;
        d->refused_by[k] = p ? p->name : NULL;
    }
    omrs_buf_free(&tags);
    return 0;
}

/* ---- the journalling rule ---- */

static int unrecorded_without_servers(const omrs_class_lists *l, omrs_strlist *out)
{
    for (size_t i = 0; i < l->class_count; i++) {
        const omrs_sync_class *c = &l->classes[i];
        if (c->default_send_to == 0 && c->default_receive_from == 0 && push_unique(out, c->name) < 0)
            return -1;
    }
    return 0;
}

/* A name counts once per server and direction it is excluded in; it is unrecorded when the
 * count reaches 2 x the number of servers. */
int omrs_class_unrecorded(const omrs_class_lists *l, omrs_strlist *out)
{
    memset(out, 0, sizeof *out);
    if (l->server_count == 0)
        return unrecorded_without_servers(l, out);
    omrs_strlist all = {0}, per[2] = {{0}, {0}};
    int rc = 0;
    for (size_t s = 0; rc == 0 && s < l->server_count; s++)
        for (int d = 0; rc == 0 && d < 2; d++)
            rc = excluded_names(l, l->server_ids[s], (omrs_direction)d, &all);
    for (size_t i = 0; rc == 0 && i < all.count; i++) {
        size_t count = 0;
        for (size_t s = 0; rc == 0 && s < l->server_count; s++)
            for (int d = 0; rc == 0 && d < 2; d++) {
                omrs_strlist_free(&per[d]);
                rc = excluded_names(l, l->server_ids[s], (omrs_direction)d, &per[d]);
                count += rc == 0 && omrs_strlist_contains(&per[d], all.items[i]);
            }
        if (rc == 0 && count == 2 * l->server_count)
            rc = omrs_strlist_push(out, all.items[i], strlen(all.items[i]));
    }
    omrs_strlist_free(&all);
    omrs_strlist_free(&per[0]);
    omrs_strlist_free(&per[1]);
    if (rc < 0)
        omrs_strlist_free(out);
    return rc;
}

const char *omrs_class_unrecorded_by(const omrs_strlist *unrecorded, const char *class_name)
{
    for (size_t i = 0; i < unrecorded->count; i++)
        if (strncmp(class_name, unrecorded->items[i], strlen(unrecorded->items[i])) == 0)
            return unrecorded->items[i];
    return NULL;
}
