#include "description.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "serialize.h"
#include "strutil.h"

char *lb_limit_size(const char *s, size_t max)
{
    if (lb_utf16_length(s) <= max)
        return strdup(s);
    /* Java cuts at max-3 code units even inside a surrogate pair; a lone surrogate cannot
     * be stored as UTF-8, so the cut moves before the whole character instead. */
    size_t keep = lb_utf16_prefix_bytes(s, max > 3 ? max - 3 : 0);
    char *r = malloc(keep + 4);
    if (r) {
        memcpy(r, s, keep);
        memcpy(r + keep, "...", 4);
    }
    return r;
}

/* AbstractChange.getDescription considers parameters whose lower-cased name ends in
 * "name" but mentions neither schema nor catalog, or is "path". */
static bool describing_param(const char *name)
{
    size_t n = strlen(name);
    char lower[128];
    if (n >= sizeof lower)
        return false;
    for (size_t i = 0; i <= n; i++)
        lower[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32) : name[i];
    if (strcmp(lower, "path") == 0)
        return true;
    bool ends_in_name = n >= 4 && strcmp(lower + n - 4, "name") == 0;
    return ends_in_name && !strstr(lower, "schema") && !strstr(lower, "catalog");
}

typedef struct str_list {
    char **items;
    size_t n;
} str_list;

static void str_list_free(str_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    *l = (str_list){0};
}

static int str_list_take(str_list *l, char *s)
{
    char **grown = s ? realloc(l->items, (l->n + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(s);
        return -1;
    }
    l->items = grown;
    l->items[l->n++] = s;
    return 0;
}

static int cmp_java(const void *a, const void *b)
{
    return lb_java_strcmp(*(char *const *)a, *(char *const *)b);
}

/* The "k=v" pairs of one change, as a sorted set (TreeSet<String>). Descriptions use the
 * 4.x property set (DESCRIPTION is the same in the 3.10 oracle). */
static int name_pairs(xmlNodePtr change, const lb_change_type *t, str_list *pairs, omrs_error *err)
{
    for (const lb_field *f = t->fields; f->name; f++) {
        if (!describing_param(f->name))
            continue;
        char *v = NULL;
        if (lb_field_value(change, t, f, 9, &v, err) < 0)
            return -1;
        if (!v)
            continue;
        omrs_buf b = {0};
        int rc = omrs_buf_printf(&b, "%s=%s", f->name, v);
        free(v);
        if (rc < 0 || str_list_take(pairs, b.data) < 0)
            return omrs_fail_nomem(err);
    }
    if (pairs->n > 1)
        qsort(pairs->items, pairs->n, sizeof *pairs->items, cmp_java);
    return 0;
}

static int change_description(xmlNodePtr change, const lb_change_type *t, omrs_buf *out, omrs_error *err)
{
    str_list pairs = {0};
    int rc = name_pairs(change, t, &pairs, err);
    if (rc == 0 && omrs_buf_append(out, t->name, strlen(t->name)) < 0)
        rc = omrs_fail_nomem(err);
    for (size_t i = 0; rc == 0 && i < pairs.n; i++) {
        if (i > 0 && strcmp(pairs.items[i], pairs.items[i - 1]) == 0)
            continue;
        if (omrs_buf_printf(out, "%s%s", i == 0 ? " " : ", ", pairs.items[i]) < 0)
            rc = omrs_fail_nomem(err);
    }
    str_list_free(&pairs);
    return rc;
}

static int unknown_change(xmlNodePtr changeset, xmlNodePtr node, omrs_error *err)
{
    char *id = lb_xml_id(changeset);
    omrs_fail(err, OMRS_ERR_PARSE, "unknown change type <%s> on line %ld in changeSet '%s'",
              (const char *)node->name, xmlGetLineNo(node), id ? id : "?");
    free(id);
    return -1;
}

/* Appends every change's description, "; "-separated, looking into <changes> wrappers. */
static int describe_changes(xmlNodePtr changeset, xmlNodePtr parent, omrs_buf *out, size_t *count,
                            omrs_error *err)
{
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        if (strcmp(name, "changes") == 0) {
            if (describe_changes(changeset, c, out, count, err) < 0)
                return -1;
            continue;
        }
        if (lb_is_changeset_meta(name))
            continue;
        const lb_change_type *t = lb_change_type_find(name);
        if (!t)
            return unknown_change(changeset, c, err);
        if ((*count)++ > 0 && omrs_buf_append(out, "; ", 2) < 0)
            return omrs_fail_nomem(err);
        if (change_description(c, t, out, err) < 0)
            return -1;
    }
    return 0;
}

/* limitSize(255) in ChangeSet.getDescription, then limitSize(250) when the row is written. */
static int cut_twice(const char *s, char **out, omrs_error *err)
{
    char *first = lb_limit_size(s, 255);
    *out = first ? lb_limit_size(first, 250) : NULL;
    free(first);
    return *out ? 0 : omrs_fail_nomem(err);
}

int lb_changeset_description(xmlNodePtr changeset, char **out, omrs_error *err)
{
    omrs_buf b = {0};
    size_t count = 0;
    *out = NULL;
    int rc = describe_changes(changeset, changeset, &b, &count, err);
    if (rc == 0)
        rc = cut_twice(count ? b.data : "empty", out, err);
    omrs_buf_free(&b);
    return rc;
}

int lb_changeset_comments(xmlNodePtr changeset, char **out, omrs_error *err)
{
    omrs_buf b = {0};
    bool first = true, nomem = false;
    *out = NULL;
    for (xmlNodePtr c = changeset->children; c && !nomem; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "comment") != 0)
            continue;
        char *text = lb_xml_text(c, &nomem);   /* a blank comment joins as "" */
        if (!nomem && omrs_buf_printf(&b, "%s%s", first ? "" : "\n", text ? text : "") < 0)
            nomem = true;
        free(text);
        first = false;
    }
    size_t start = 0, len = 0;
    if (!nomem && b.data)
        lb_java_trim_span(b.data, &start, &len);
    char *trimmed = nomem ? NULL : strndup(b.data ? b.data + start : "", len);
    omrs_buf_free(&b);
    if (!trimmed)
        return omrs_fail_nomem(err);
    *out = lb_limit_size(trimmed, 250);
    free(trimmed);
    return *out ? 0 : omrs_fail_nomem(err);
}
