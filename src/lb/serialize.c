#include "serialize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "javavalues.h"
#include "strutil.h"

/* ======================================================================================
 * Java String semantics on UTF-8
 * ====================================================================================== */

/* Decodes one UTF-8 character and advances *p. libxml2 hands us valid UTF-8; a broken
 * sequence decodes as its first byte so that nothing loops forever. */
static uint32_t utf8_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    int extra = s[0] < 0xC0 ? 0 : s[0] < 0xE0 ? 1 : s[0] < 0xF0 ? 2 : 3;
    uint32_t c = extra ? (uint32_t)(s[0] & (0x3F >> extra)) : s[0];
    int i = 1;
    for (; i <= extra && (s[i] & 0xC0) == 0x80; i++)
        c = (c << 6) | (uint32_t)(s[i] & 0x3F);
    if (i <= extra) {
        c = s[0];
        i = 1;
    }
    *p = s + i;
    return c;
}

static uint32_t utf16_first_unit(uint32_t c)
{
    return c < 0x10000 ? c : 0xD800 + ((c - 0x10000) >> 10);
}

static uint32_t utf16_second_unit(uint32_t c)
{
    return 0xDC00 + ((c - 0x10000) & 0x3FF);
}

int lb_java_strcmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    for (;;) {
        if (!*p || !*q)
            return (*p != 0) - (*q != 0);
        uint32_t x = utf8_next(&p), y = utf8_next(&q);
        if (x == y)
            continue;
        uint32_t ux = utf16_first_unit(x), uy = utf16_first_unit(y);
        if (ux == uy) {   /* two supplementary characters sharing a high surrogate */
            ux = utf16_second_unit(x);
            uy = utf16_second_unit(y);
        }
        return ux < uy ? -1 : 1;
    }
}

size_t lb_utf16_length(const char *s)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p)
        n += utf8_next(&p) >= 0x10000 ? 2 : 1;
    return n;
}

size_t lb_utf16_prefix_bytes(const char *s, size_t units)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t used = 0;
    while (*p) {
        const unsigned char *next = p;
        size_t w = utf8_next(&next) >= 0x10000 ? 2 : 1;
        if (used + w > units)
            break;
        used += w;
        p = next;
    }
    return (size_t)(p - (const unsigned char *)s);
}

void lb_java_trim_span(const char *s, size_t *start, size_t *len)
{
    size_t n = strlen(s), i = 0;
    while (i < n && (unsigned char)s[i] <= ' ')
        i++;
    while (n > i && (unsigned char)s[n - 1] <= ' ')
        n--;
    *start = i;
    *len = n - i;
}

int lb_java_hash(const char *s)
{
    uint32_t h = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c = utf8_next(&p);
        if (c < 0x10000) {
            h = 31 * h + c;
        } else {
            h = 31 * h + utf16_first_unit(c);
            h = 31 * h + utf16_second_unit(c);
        }
    }
    return (int)h;
}

/* A malloc'ed copy of s after String.trim(); NULL when that is empty (trimToNull) or when
 * memory runs out (then *nomem). */
static char *trim_to_null(const char *s, bool *nomem)
{
    if (!s)
        return NULL;
    size_t start, len;
    lb_java_trim_span(s, &start, &len);
    if (len == 0)
        return NULL;
    char *r = strndup(s + start, len);
    if (!r)
        *nomem = true;
    return r;
}

/* ======================================================================================
 * XML as Liquibase's ParsedNode sees it
 * ====================================================================================== */

static bool is_element(xmlNodePtr n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

char *lb_xml_text(xmlNodePtr node, bool *nomem)
{
    /* Liquibase's SAX handler collects the element's own character data (comments and
     * child elements interrupt it but do not contribute), then trims it. */
    omrs_buf b = {0};
    for (xmlNodePtr c = node->children; c; c = c->next) {
        if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content)
            continue;
        if (omrs_buf_append(&b, (const char *)c->content, strlen((const char *)c->content)) < 0) {
            omrs_buf_free(&b);
            *nomem = true;
            return NULL;
        }
    }
    char *r = trim_to_null(b.data, nomem);
    omrs_buf_free(&b);
    return r;
}

char *lb_xml_value(xmlNodePtr node, const char *name, bool *nomem)
{
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        xmlNodePtr t = a->children;
        if (!t || (t->type == XML_TEXT_NODE && !t->next)) {   /* name="" is the empty string */
            char *r = strdup(t && t->content ? (const char *)t->content : "");
            if (!r)
                *nomem = true;
            return r;
        }
        xmlChar *v = xmlNodeListGetString(node->doc, t, 1);   /* entity references */
        char *r = v ? strdup((const char *)v) : NULL;
        xmlFree(v);
        if (!r)
            *nomem = true;
        return r;
    }
    for (xmlNodePtr c = node->children; c; c = c->next)
        if (is_element(c, name))
            return lb_xml_text(c, nomem);
    return NULL;
}

char *lb_xml_id(xmlNodePtr changeset)
{
    bool nomem = false;
    char *id = lb_xml_value(changeset, "id", &nomem);
    return id ? id : strdup("?");
}

/* ======================================================================================
 * The serializer's sorted line set (Java TreeSet<String>)
 * ====================================================================================== */

typedef struct lb_lines {
    char **items;
    size_t n, cap;
} lb_lines;

static void lines_free(lb_lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    *l = (lb_lines){0};
}

/* Takes ownership of b's text (also on failure). */
static int lines_take(lb_lines *l, omrs_buf *b)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **grown = realloc(l->items, cap * sizeof *grown);
        if (!grown) {
            omrs_buf_free(b);
            return -1;
        }
        l->items = grown;
        l->cap = cap;
    }
    if (!b->data && omrs_buf_append(b, "", 0) < 0)
        return -1;
    l->items[l->n++] = b->data;
    *b = (omrs_buf){0};
    return 0;
}

static int indent(omrs_buf *b, int level)
{
    for (int i = 0; i < level; i++)
        if (omrs_buf_append(b, "    ", 4) < 0)
            return -1;
    return 0;
}

/* One `name="value"` line at the given indent. */
static int lines_add_field(lb_lines *l, int level, const char *name, const char *value)
{
    omrs_buf b = {0};
    if (indent(&b, level) < 0 || omrs_buf_printf(&b, "%s=\"%s\"", name, value) < 0) {
        omrs_buf_free(&b);
        return -1;
    }
    return lines_take(l, &b);
}

static int cmp_lines(const void *a, const void *b)
{
    return lb_java_strcmp(*(char *const *)a, *(char *const *)b);
}

/* serializeObject's frame: "[", the sorted distinct lines, and "]" indented one level
 * less than the lines. */
static int lines_render(lb_lines *l, int level, omrs_buf *out)
{
    if (l->n > 1)
        qsort(l->items, l->n, sizeof *l->items, cmp_lines);
    if (omrs_buf_putc(out, '[') < 0)
        return -1;
    if (l->n > 0 && omrs_buf_putc(out, '\n') < 0)
        return -1;
    for (size_t i = 0; i < l->n; i++) {
        if (i > 0 && strcmp(l->items[i], l->items[i - 1]) == 0)
            continue;   /* a set: duplicates collapse */
        if (omrs_buf_append(out, l->items[i], strlen(l->items[i])) < 0 || omrs_buf_putc(out, '\n') < 0)
            return -1;
    }
    if (indent(out, level - 1) < 0 || omrs_buf_putc(out, ']') < 0)
        return -1;
    return 0;
}

/* ======================================================================================
 * Value conversions (ParsedNode.convertObject and the ColumnConfig setters)
 * ====================================================================================== */

static char *bool_text(const char *raw, bool *nomem)
{
    char *r = strdup(omrs_ascii_ieq(raw, "true") ? "true" : "false");
    if (!r)
        *nomem = true;
    return r;
}

/* new BigInteger(s).toString() (and Integer.valueOf for `is_int`): optional sign, ASCII
 * digits, leading zeros dropped. Returns 0 and sets *out, or 1 when Java would throw. */
static int canonical_integer(const char *s, bool is_int, char **out)
{
    const char *p = s;
    bool negative = false;
    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    if (!*p)
        return 1;
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9')
            return 1;
    while (p[0] == '0' && p[1])
        p++;
    const char *int_max = negative ? "2147483648" : "2147483647";
    if (is_int && (strlen(p) > 10 || (strlen(p) == 10 && strcmp(p, int_max) > 0)))
        return 1;
    if (strcmp(p, "0") == 0)
        negative = false;
    size_t n = strlen(p);
    char *r = malloc(n + 2);
    if (!r)
        return -1;
    snprintf(r, n + 2, "%s%s", negative ? "-" : "", p);
    *out = r;
    return 0;
}

/* ColumnConfig strips one "(" at the start and, then, one ")" at the end. */
static char *strip_parens(const char *s, bool *nomem)
{
    size_t n = strlen(s);
    const char *p = s;
    if (*p == '(') {
        p++;
        n--;
        if (n > 0 && p[n - 1] == ')')
            n--;
    }
    char *r = strndup(p, n);
    if (!r)
        *nomem = true;
    return r;
}

/* ======================================================================================
 * The change table
 * ====================================================================================== */

/* Properties are the getter/setter pairs of each Liquibase Change class (3.10.3 and
 * 4.28.0), without those marked isChangeProperty=false. Only properties that are set
 * print, so listing a property Liquibase has costs nothing, while a missing one would
 * silently drop its attribute. */

static const lb_field F_addAutoIncrement[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnDataType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"defaultOnNull", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"generationType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"incrementBy", LB_FT_BIGINT, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"startWith", LB_FT_BIGINT, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_addColumn[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columns", LB_FT_ADDCOLS, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
/* Unlike a column's, these are plain Strings: no date re-formatting, no parentheses. */
static const lb_field F_addDefaultValue[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnDataType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"defaultValue", LB_FT_STR, LB_BOTH, 0, NULL},
    {"defaultValueBoolean", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"defaultValueComputed", LB_FT_STR, LB_BOTH, 0, NULL},
    {"defaultValueConstraintName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"defaultValueDate", LB_FT_STR, LB_BOTH, 0, NULL},
    {"defaultValueNumeric", LB_FT_STR, LB_BOTH, 0, NULL},
    {"defaultValueSequenceNext", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
/* deleteCascade and referencesUniqueColumn have getters that return null; 4.x's
 * setDeleteCascade(true) turns into onDelete="CASCADE" (see special_value), 3.10 has no
 * deleteCascade property at all. */
static const lb_field F_addForeignKeyConstraint[] = {
    {"baseColumnNames", LB_FT_STR, LB_BOTH, 0, NULL},
    {"baseTableCatalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"baseTableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"baseTableSchemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"constraintName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"deferrable", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"deleteCascade", LB_FT_HIDDEN, LB_V9, 0, NULL},
    {"initiallyDeferred", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"onDelete", LB_FT_STR, LB_BOTH, 0, NULL},
    {"onUpdate", LB_FT_STR, LB_BOTH, 0, NULL},
    {"referencedColumnNames", LB_FT_STR, LB_BOTH, 0, NULL},
    {"referencedTableCatalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"referencedTableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"referencedTableSchemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"referencesUniqueColumn", LB_FT_HIDDEN, LB_BOTH, 0, NULL},
    {"validate", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_addLookupTable[] = {
    {"constraintName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"existingColumnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"existingTableCatalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"existingTableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"existingTableSchemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"newColumnDataType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"newColumnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"newTableCatalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"newTableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"newTableSchemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_addNotNullConstraint[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnDataType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"constraintName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"defaultNullValue", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"validate", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_addPrimaryKey[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"clustered", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"columnNames", LB_FT_STR, LB_BOTH, 0, NULL},
    {"constraintName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"forIndexCatalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"forIndexName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"forIndexSchemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tablespace", LB_FT_STR, LB_BOTH, 0, NULL},
    {"validate", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_addUniqueConstraint[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"clustered", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"columnNames", LB_FT_STR, LB_BOTH, 0, NULL},
    {"constraintName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"deferrable", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"disabled", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"forIndexCatalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"forIndexName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"forIndexSchemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"initiallyDeferred", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tablespace", LB_FT_STR, LB_BOTH, 0, NULL},
    {"validate", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_alterSequence[] = {
    {"cacheSize", LB_FT_BIGINT, LB_BOTH, 0, NULL},
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"cycle", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"dataType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"incrementBy", LB_FT_BIGINT, LB_BOTH, 0, NULL},
    {"maxValue", LB_FT_BIGINT, LB_BOTH, 0, NULL},
    {"minValue", LB_FT_BIGINT, LB_BOTH, 0, NULL},
    {"ordered", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"sequenceName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_createSequence[] = {
    {"cacheSize", LB_FT_BIGINT, LB_BOTH, 0, NULL},
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"cycle", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"dataType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"incrementBy", LB_FT_BIGINT, LB_BOTH, 0, NULL},
    {"maxValue", LB_FT_BIGINT, LB_BOTH, 0, NULL},
    {"minValue", LB_FT_BIGINT, LB_BOTH, 0, NULL},
    {"ordered", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"sequenceName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"startValue", LB_FT_BIGINT, LB_BOTH, 0, NULL},
    {0}};
/* associatedWith: not a property in 3.10, excluded from the checksum by 4.x. */
static const lb_field F_createIndex[] = {
    {"associatedWith", LB_FT_STR, LB_V9, LB_V9, NULL},
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"clustered", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"columns", LB_FT_INDEXCOLS, LB_BOTH, 0, NULL},
    {"indexName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tablespace", LB_FT_STR, LB_BOTH, 0, NULL},
    {"unique", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_createTable[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columns", LB_FT_COLS, LB_BOTH, 0, NULL},
    {"ifNotExists", LB_FT_BOOL, LB_V9, LB_V9, NULL},
    {"remarks", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableType", LB_FT_STR, LB_V9, 0, NULL},
    {"tablespace", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
/* whereParams has no setter, so it is not a property (reference 2.8 example 4). */
/* createView with an inline query; 4.x's v9 excludes the query and its file settings and
 * hashes the query separately (see checksum.c). With a path the query is in a file. */
static const lb_field F_createView[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"encoding", LB_FT_STR, LB_BOTH, LB_V9, NULL},
    {"fullDefinition", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"path", LB_FT_STR, LB_BOTH, LB_V9, NULL},
    {"relativeToChangelogFile", LB_FT_BOOL, LB_BOTH, LB_V9, NULL},
    {"remarks", LB_FT_STR, LB_BOTH, 0, NULL},
    {"replaceIfExists", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"selectQuery", LB_FT_BODY, LB_BOTH, LB_V9, NULL},
    {"viewName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_delete[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"where", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropAllForeignKeyConstraints[] = {
    {"baseTableCatalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"baseTableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"baseTableSchemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropColumn[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columns", LB_FT_DROPCOLS, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropDefaultValue[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnDataType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropForeignKeyConstraint[] = {
    {"baseTableCatalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"baseTableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"baseTableSchemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"constraintName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropIndex[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"indexName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropNotNullConstraint[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnDataType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"constraintName", LB_FT_STR, LB_V9, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropPrimaryKey[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"constraintName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"dropIndex", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropProcedure[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"procedureName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropSequence[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"sequenceName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropTable[] = {
    {"cascadeConstraints", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropUniqueConstraint[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"constraintName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"uniqueColumns", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_dropView[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"ifExists", LB_FT_BOOL, LB_V9, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"viewName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_empty[] = {{0}};
static const lb_field F_insert[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columns", LB_FT_COLS, LB_BOTH, 0, NULL},
    {"dbms", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_mergeColumns[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"column1Name", LB_FT_STR, LB_BOTH, 0, NULL},
    {"column2Name", LB_FT_STR, LB_BOTH, 0, NULL},
    {"finalColumnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"finalColumnType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"joinString", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
/* OpenMRS's ext:modifyColumn (liquibase.ext.sqlgenerator.core.ModifyColumnChange); its
 * schemaName setter trims to null. */
static const lb_field F_modifyColumn[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columns", LB_FT_COLS, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_TRIMSTR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_modifyDataType[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"newDataType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_output[] = {
    {"message", LB_FT_TEXT, LB_BOTH, 0, NULL},
    {"target", LB_FT_TRIMSTR, LB_BOTH, 0, "STDERR"},
    {0}};
static const lb_field F_renameColumn[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnDataType", LB_FT_STR, LB_BOTH, 0, NULL},
    {"newColumnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"oldColumnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"remarks", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_renameSequence[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"newSequenceName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"oldSequenceName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_renameTable[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"newTableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"oldTableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_renameView[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"newViewName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"oldViewName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_setColumnRemarks[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnDataType", LB_FT_STR, LB_V9, 0, NULL},
    {"columnName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columnParentType", LB_FT_STR, LB_V9, 0, NULL},
    {"remarks", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_setTableRemarks[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"remarks", LB_FT_STR, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_stop[] = {
    {"message", LB_FT_TRIMSTR, LB_BOTH, 0, "Stop command in changelog file"},
    {0}};
static const lb_field F_tagDatabase[] = {
    {"tag", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_update[] = {
    {"catalogName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"columns", LB_FT_COLS, LB_BOTH, 0, NULL},
    {"schemaName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"tableName", LB_FT_STR, LB_BOTH, 0, NULL},
    {"where", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
/* The checksum of sql ignores all of these except as AbstractSQLChange reads them; they
 * matter for DESCRIPTION (none ends in "name") and the v9 dbms filter. */
static const lb_field F_sql[] = {
    {"comment", LB_FT_STR, LB_BOTH, 0, NULL},
    {"dbms", LB_FT_STR, LB_BOTH, 0, NULL},
    {"endDelimiter", LB_FT_STR, LB_BOTH, 0, NULL},
    {"ignoreOriginalSplitStatements", LB_FT_BOOL, LB_V9, 0, NULL},
    {"rerunnable", LB_FT_BOOL, LB_BOTH, 0, NULL},
    {"splitStatements", LB_FT_BOOL, LB_BOTH, 0, "true"},
    {"sql", LB_FT_TEXT, LB_BOTH, 0, NULL},
    {"stripComments", LB_FT_BOOL, LB_BOTH, 0, "false"},
    {0}};
static const lb_field F_none[] = {{0}};
/* Changes whose checksum is not supported: only the properties DESCRIPTION shows. */
static const lb_field F_sqlFile[] = {{"path", LB_FT_STR, LB_BOTH, 0, NULL}, {0}};
static const lb_field F_createProcedure[] = {
    {"path", LB_FT_STR, LB_BOTH, 0, NULL},
    {"procedureName", LB_FT_STR, LB_BOTH, 0, NULL},
    {0}};
static const lb_field F_loadData[] = {{"tableName", LB_FT_STR, LB_BOTH, 0, NULL}, {0}};

static const lb_change_type CHANGE_TYPES[] = {
    {"addAutoIncrement", LB_CK_GENERIC, false, F_addAutoIncrement},
    {"addColumn", LB_CK_GENERIC, false, F_addColumn},
    {"addDefaultValue", LB_CK_GENERIC, false, F_addDefaultValue},
    {"addForeignKeyConstraint", LB_CK_GENERIC, false, F_addForeignKeyConstraint},
    {"addLookupTable", LB_CK_GENERIC, false, F_addLookupTable},
    {"addNotNullConstraint", LB_CK_GENERIC, false, F_addNotNullConstraint},
    {"addPrimaryKey", LB_CK_GENERIC, false, F_addPrimaryKey},
    {"addUniqueConstraint", LB_CK_GENERIC, false, F_addUniqueConstraint},
    {"alterSequence", LB_CK_GENERIC, false, F_alterSequence},
    {"createIndex", LB_CK_GENERIC, false, F_createIndex},
    {"createSequence", LB_CK_GENERIC, false, F_createSequence},
    {"createTable", LB_CK_GENERIC, false, F_createTable},
    {"createView", LB_CK_VIEW, false, F_createView},
    {"customChange", LB_CK_CUSTOM, false, F_none},
    {"delete", LB_CK_GENERIC, false, F_delete},
    {"dropAllForeignKeyConstraints", LB_CK_GENERIC, false, F_dropAllForeignKeyConstraints},
    {"dropColumn", LB_CK_GENERIC, false, F_dropColumn},
    {"dropDefaultValue", LB_CK_GENERIC, false, F_dropDefaultValue},
    {"dropForeignKeyConstraint", LB_CK_GENERIC, false, F_dropForeignKeyConstraint},
    {"dropIndex", LB_CK_GENERIC, false, F_dropIndex},
    {"dropNotNullConstraint", LB_CK_GENERIC, false, F_dropNotNullConstraint},
    {"dropPrimaryKey", LB_CK_GENERIC, false, F_dropPrimaryKey},
    {"dropProcedure", LB_CK_GENERIC, false, F_dropProcedure},
    {"dropSequence", LB_CK_GENERIC, false, F_dropSequence},
    {"dropTable", LB_CK_GENERIC, false, F_dropTable},
    {"dropUniqueConstraint", LB_CK_GENERIC, false, F_dropUniqueConstraint},
    {"dropView", LB_CK_GENERIC, false, F_dropView},
    {"empty", LB_CK_GENERIC, false, F_empty},
    {"insert", LB_CK_GENERIC, true, F_insert},
    {"mergeColumns", LB_CK_GENERIC, false, F_mergeColumns},
    {"modifyColumn", LB_CK_GENERIC, false, F_modifyColumn},
    {"modifyDataType", LB_CK_GENERIC, false, F_modifyDataType},
    {"output", LB_CK_GENERIC, false, F_output},
    {"renameColumn", LB_CK_GENERIC, false, F_renameColumn},
    {"renameSequence", LB_CK_GENERIC, false, F_renameSequence},
    {"renameTable", LB_CK_GENERIC, false, F_renameTable},
    {"renameView", LB_CK_GENERIC, false, F_renameView},
    {"setColumnRemarks", LB_CK_GENERIC, false, F_setColumnRemarks},
    {"setTableRemarks", LB_CK_GENERIC, false, F_setTableRemarks},
    {"sql", LB_CK_SQL, true, F_sql},
    {"stop", LB_CK_GENERIC, false, F_stop},
    {"tagDatabase", LB_CK_GENERIC, false, F_tagDatabase},
    {"update", LB_CK_GENERIC, false, F_update},
    /* Known to Liquibase, but their checksum reads a file or hashes a body of its own;
     * reported as unsupported rather than computed wrong. */
    {"sqlFile", LB_CK_FILE, true, F_sqlFile},
    {"createProcedure", LB_CK_FILE, true, F_createProcedure},
    {"loadData", LB_CK_FILE, false, F_loadData},
    {"loadUpdateData", LB_CK_FILE, false, F_loadData},
    {"executeCommand", LB_CK_FILE, false, F_none},
};

const lb_change_type *lb_change_type_find(const char *local_name)
{
    for (size_t i = 0; i < sizeof CHANGE_TYPES / sizeof CHANGE_TYPES[0]; i++)
        if (strcmp(CHANGE_TYPES[i].name, local_name) == 0)
            return &CHANGE_TYPES[i];
    return NULL;
}

bool lb_is_changeset_meta(const char *local_name)
{
    static const char *const META[] = {"comment", "preConditions", "validCheckSum", "validCheckSums",
                                       "rollback", "modifySql", "changes"};
    for (size_t i = 0; i < sizeof META / sizeof META[0]; i++)
        if (strcmp(META[i], local_name) == 0)
            return true;
    return false;
}

static xmlNodePtr change_from(xmlNodePtr n)
{
    while (n && (n->type != XML_ELEMENT_NODE || lb_is_changeset_meta((const char *)n->name)))
        n = n->next;
    return n;
}

xmlNodePtr lb_first_change(xmlNodePtr changeset)
{
    return change_from(changeset->children);
}

xmlNodePtr lb_next_change(xmlNodePtr change)
{
    return change_from(change->next);
}

/* ======================================================================================
 * Scalar properties
 * ====================================================================================== */

static bool is_column_list(lb_ftype t)
{
    return t == LB_FT_COLS || t == LB_FT_ADDCOLS || t == LB_FT_INDEXCOLS || t == LB_FT_DROPCOLS;
}

static unsigned version_bit(int version)
{
    return version >= 9 ? LB_V9 : LB_V8;
}

/* Converts raw XML text by the property's Java type; *out NULL means Java null.
 * Returns -1 (err set) when Java would reject the value. */
static int convert(const char *raw, lb_ftype type, const char *field, char **out, omrs_error *err)
{
    bool nomem = false;
    *out = NULL;
    if (!raw)
        return 0;
    switch (type) {
    case LB_FT_STR:
    case LB_FT_BODY:
        *out = strdup(raw);
        nomem = !*out;
        break;
    case LB_FT_TRIMSTR:
    case LB_FT_TEXT:
        *out = trim_to_null(raw, &nomem);
        break;
    case LB_FT_BOOL:
        *out = bool_text(raw, &nomem);
        break;
    case LB_FT_BIGINT:
    case LB_FT_INT: {
        int rc = canonical_integer(raw, type == LB_FT_INT, out);
        if (rc > 0)
            return omrs_fail(err, OMRS_ERR_PARSE, "%s=\"%s\" is not an integer", field, raw);
        nomem = rc < 0;
        break;
    }
    default:
        break;
    }
    return nomem ? omrs_fail_nomem(err) : 0;
}

/* 4.x's AddForeignKeyConstraintChange.setDeleteCascade(true) sets onDelete="CASCADE" when
 * onDelete is not given; 3.10 has no deleteCascade property, so nothing happens there. */
static int special_value(xmlNodePtr change, const lb_change_type *t, const lb_field *f, int version,
                         char **out, omrs_error *err)
{
    if (*out || version < 9 || strcmp(t->name, "addForeignKeyConstraint") != 0 ||
        strcmp(f->name, "onDelete") != 0)
        return 0;
    bool nomem = false;
    char *cascade = lb_xml_value(change, "deleteCascade", &nomem);
    if (cascade && omrs_ascii_ieq(cascade, "true") && !(*out = strdup("CASCADE")))
        nomem = true;
    free(cascade);
    return nomem ? omrs_fail_nomem(err) : 0;
}

int lb_field_value(xmlNodePtr change, const lb_change_type *t, const lb_field *f, int version,
                   char **out, omrs_error *err)
{
    *out = NULL;
    if (!(f->present & version_bit(version)) || f->type == LB_FT_HIDDEN || is_column_list(f->type))
        return 0;
    bool nomem = false;
    char *raw = f->type == LB_FT_BODY ? lb_xml_text(change, &nomem) : NULL;
    if (!raw && !nomem)
        raw = lb_xml_value(change, f->name, &nomem);
    if (!raw && !nomem && f->type == LB_FT_TEXT)
        raw = lb_xml_text(change, &nomem);
    if (nomem)
        return omrs_fail_nomem(err);
    int rc = convert(raw, f->type, f->name, out, err);
    free(raw);
    if (rc < 0)
        return -1;
    if (!*out && f->dflt && !(*out = strdup(f->dflt)))
        return omrs_fail_nomem(err);
    return special_value(change, t, f, version, out, err);
}

/* ======================================================================================
 * Columns (ColumnConfig / AddColumnConfig / ConstraintsConfig)
 * ====================================================================================== */

typedef struct simple_prop {
    const char *name;
    lb_ftype type;
} simple_prop;

/* The ColumnConfig.load properties that are plain conversions; value*, defaultValue* and
 * autoIncrement interact and are handled in column_values. */
static const simple_prop COLUMN_PROPS[] = {
    {"name", LB_FT_STR}, {"computed", LB_FT_BOOL}, {"type", LB_FT_STR}, {"encoding", LB_FT_STR},
    {"startWith", LB_FT_BIGINT}, {"incrementBy", LB_FT_BIGINT}, {"remarks", LB_FT_STR},
    {"descending", LB_FT_BOOL}, {"valueBoolean", LB_FT_BOOL}, {"valueBlobFile", LB_FT_STR},
    {"valueClobFile", LB_FT_STR}, {"valueSequenceNext", LB_FT_STR}, {"valueSequenceCurrent", LB_FT_STR},
    {"defaultValueConstraintName", LB_FT_STR}, {"defaultValue", LB_FT_STR},
    {"defaultValueBoolean", LB_FT_BOOL}, {"defaultValueSequenceNext", LB_FT_STR},
    {"defaultOnNull", LB_FT_BOOL}, {"generationType", LB_FT_STR}, {NULL, LB_FT_STR}};

static const simple_prop ADD_COLUMN_PROPS[] = {
    {"beforeColumn", LB_FT_STR}, {"afterColumn", LB_FT_STR}, {"position", LB_FT_INT}, {NULL, LB_FT_STR}};

/* ColumnConfig.loadConstraints; notNullConstraintName is read by 3.10 as well. */
static const simple_prop CONSTRAINT_PROPS[] = {
    {"nullable", LB_FT_BOOL}, {"notNullConstraintName", LB_FT_STR}, {"primaryKey", LB_FT_BOOL},
    {"primaryKeyName", LB_FT_STR}, {"primaryKeyTablespace", LB_FT_STR}, {"references", LB_FT_STR},
    {"referencedTableCatalogName", LB_FT_STR}, {"referencedTableSchemaName", LB_FT_STR},
    {"referencedTableName", LB_FT_STR}, {"referencedColumnNames", LB_FT_STR}, {"unique", LB_FT_BOOL},
    {"uniqueConstraintName", LB_FT_STR}, {"checkConstraint", LB_FT_STR}, {"deleteCascade", LB_FT_BOOL},
    {"foreignKeyName", LB_FT_STR}, {"initiallyDeferred", LB_FT_BOOL}, {"deferrable", LB_FT_BOOL},
    {"validateNullable", LB_FT_BOOL}, {"validateUnique", LB_FT_BOOL}, {"validatePrimaryKey", LB_FT_BOOL},
    {"validateForeignKey", LB_FT_BOOL}, {NULL, LB_FT_STR}};

/* What CreateIndexChange.getSerializableFieldValue sets to null in each of its columns. */
static bool cleared_for_index(const char *name)
{
    static const char *const CLEARED[] = {"type", "autoIncrement", "constraints", "defaultValue", "value",
                                          "startWith", "incrementBy", "encoding", "remarks"};
    for (size_t i = 0; i < sizeof CLEARED / sizeof CLEARED[0]; i++)
        if (strcmp(CLEARED[i], name) == 0)
            return true;
    return false;
}

static int add_simple_props(xmlNodePtr node, const simple_prop *props, bool index_column, int level,
                            lb_lines *l, omrs_error *err)
{
    for (const simple_prop *p = props; p->name; p++) {
        if (index_column && cleared_for_index(p->name))
            continue;
        bool nomem = false;
        char *raw = lb_xml_value(node, p->name, &nomem), *v = NULL;
        if (nomem)
            return omrs_fail_nomem(err);
        int rc = convert(raw, p->type, p->name, &v, err);
        free(raw);
        if (rc == 0 && v && lines_add_field(l, level, p->name, v) < 0)
            rc = omrs_fail_nomem(err);
        free(v);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* The ColumnConfig fields whose final value depends on several attributes. */
typedef struct column_values {
    char *auto_increment, *value;
    char *value_numeric, *value_date, *value_computed;
    char *default_numeric, *default_date, *default_computed;
} column_values;

static void column_values_free(column_values *cv)
{
    char **all[] = {&cv->auto_increment, &cv->value, &cv->value_numeric, &cv->value_date, &cv->value_computed,
                    &cv->default_numeric, &cv->default_date, &cv->default_computed};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        free(*all[i]);
        *all[i] = NULL;
    }
}

/* Replaces *slot by v. */
static void put(char **slot, char *v)
{
    free(*slot);
    *slot = v;
}

static char *dup_or_flag(const char *s, bool *nomem)
{
    char *r = strdup(s);
    if (!r)
        *nomem = true;
    return r;
}

/* setValueNumeric / setDefaultValueNumeric: "null" is null; one pair of parentheses goes;
 * a number keeps its text (ValueNumeric.toString), anything else becomes a computed value
 * (the original text for value, the stripped text for defaultValue). */
static void numeric_value(const char *raw, bool is_default, char **numeric, char **computed, bool *nomem)
{
    if (!raw || omrs_ascii_ieq(raw, "null"))
        return;
    char *stripped = strip_parens(raw, nomem);
    if (!stripped)
        return;
    if (lb_java_number_prefix(stripped)) {
        put(numeric, stripped);
    } else if (is_default) {
        put(computed, stripped);
    } else {
        free(stripped);
        put(computed, dup_or_flag(raw, nomem));
    }
}

/* valueDate / defaultValueDate: ISODateFormat round trip, or a computed value. */
static void date_value(const char *raw, int version, char **date, char **computed, bool *nomem)
{
    if (!raw)
        return;
    /* The checksum side always accepted offsets with seconds (see LB_ISO_OFFSET_SECONDS). */
    unsigned rules = version >= 9 ? LB_ISO_V4 | LB_ISO_OFFSET_SECONDS : 0;
    lb_iso_kind kind;
    char *formatted = NULL;
    if (lb_iso_date_reformat(raw, rules, &kind, &formatted) < 0)
        *nomem = true;
    else if (kind != LB_ISO_NONE)
        put(date, formatted);
    else
        put(computed, dup_or_flag(raw, nomem));
}

/* An attribute that, when present, overrides what the numeric/date fallbacks computed. */
static void override(xmlNodePtr col, const char *name, char **slot, bool *nomem)
{
    char *v = lb_xml_value(col, name, nomem);
    if (v)
        put(slot, v);
}

/* The value side of ColumnConfig.load, in its order. */
static void load_value(xmlNodePtr col, int version, column_values *cv, bool *nomem)
{
    cv->value = lb_xml_value(col, "value", nomem);
    if (!cv->value && !*nomem)
        cv->value = lb_xml_text(col, nomem);
    char *raw = lb_xml_value(col, "valueNumeric", nomem);
    numeric_value(raw, false, &cv->value_numeric, &cv->value_computed, nomem);
    free(raw);
    raw = lb_xml_value(col, "valueDate", nomem);
    date_value(raw, version, &cv->value_date, &cv->value_computed, nomem);
    free(raw);
    override(col, "valueComputed", &cv->value_computed, nomem);
}

/* The default-value side; defaultValueNumeric="GENERATED_BY_DEFAULT" means autoIncrement. */
static void load_default(xmlNodePtr col, int version, column_values *cv, bool *nomem)
{
    char *raw = lb_xml_value(col, "defaultValueNumeric", nomem);
    if (raw && strcmp(raw, "GENERATED_BY_DEFAULT") == 0)
        put(&cv->auto_increment, dup_or_flag("true", nomem));
    else
        numeric_value(raw, true, &cv->default_numeric, &cv->default_computed, nomem);
    free(raw);
    raw = lb_xml_value(col, "defaultValueDate", nomem);
    date_value(raw, version, &cv->default_date, &cv->default_computed, nomem);
    free(raw);
    override(col, "defaultValueComputed", &cv->default_computed, nomem);
}

/* Allocation failures only set *nomem; the caller checks it once at the end. */
static int column_values_load(xmlNodePtr col, int version, column_values *cv, bool *nomem)
{
    char *raw = lb_xml_value(col, "autoIncrement", nomem);
    if (raw)
        cv->auto_increment = bool_text(raw, nomem);
    free(raw);
    load_value(col, version, cv, nomem);
    load_default(col, version, cv, nomem);
    return *nomem ? -1 : 0;
}

static int column_values_lines(const column_values *cv, bool index_column, int level, lb_lines *l)
{
    const struct {
        const char *name;
        const char *value;
    } out[] = {
        {"autoIncrement", cv->auto_increment}, {"value", cv->value},
        {"valueNumeric", cv->value_numeric}, {"valueDate", cv->value_date},
        {"valueComputed", cv->value_computed}, {"defaultValueNumeric", cv->default_numeric},
        {"defaultValueDate", cv->default_date}, {"defaultValueComputed", cv->default_computed},
    };
    for (size_t i = 0; i < sizeof out / sizeof out[0]; i++)
        if (out[i].value && !(index_column && cleared_for_index(out[i].name)) &&
            lines_add_field(l, level, out[i].name, out[i].value) < 0)
            return -1;
    return 0;
}

/* The nested constraints object: printed without a field name. */
static int constraints_line(xmlNodePtr col, int level, lb_lines *l, omrs_error *err)
{
    xmlNodePtr cons = NULL;
    for (xmlNodePtr c = col->children; c && !cons; c = c->next)
        if (is_element(c, "constraints"))
            cons = c;
    if (!cons)
        return 0;
    lb_lines inner = {0};
    omrs_buf b = {0};
    int rc = add_simple_props(cons, CONSTRAINT_PROPS, false, level + 1, &inner, err);
    if (rc == 0 && (indent(&b, level) < 0 || lines_render(&inner, level + 1, &b) < 0 || lines_take(l, &b) < 0))
        rc = omrs_fail_nomem(err);
    omrs_buf_free(&b);
    lines_free(&inner);
    return rc;
}

/* One column object, fields at `level`, appended to out as "[...]"; `list` is the type of
 * the list it belongs to. */
static int serialize_column(xmlNodePtr col, lb_ftype list, int version, int level, omrs_buf *out,
                            omrs_error *err)
{
    lb_lines l = {0};
    column_values cv = {0};
    bool nomem = false, index_column = list == LB_FT_INDEXCOLS;
    int rc = add_simple_props(col, COLUMN_PROPS, index_column, level, &l, err);
    if (rc == 0 && (list == LB_FT_ADDCOLS || index_column))
        rc = add_simple_props(col, ADD_COLUMN_PROPS, index_column, level, &l, err);
    if (rc == 0 && column_values_load(col, version, &cv, &nomem) < 0)
        rc = omrs_fail_nomem(err);
    if (rc == 0 && column_values_lines(&cv, index_column, level, &l) < 0)
        rc = omrs_fail_nomem(err);
    if (rc == 0 && !index_column)
        rc = constraints_line(col, level, &l, err);
    if (rc == 0 && lines_render(&l, level, out) < 0)
        rc = omrs_fail_nomem(err);
    column_values_free(&cv);
    lines_free(&l);
    return rc;
}

/* The column nodes in the order AbstractChange.load collects them: the children of every
 * <columns> wrapper first, then the <column> elements. A <column>/<columns> node with
 * <column> children contributes those children, otherwise itself. */
typedef struct node_list {
    xmlNodePtr *items;
    size_t n, cap;
} node_list;

static int node_list_add(node_list *nl, xmlNodePtr n)
{
    if (nl->n == nl->cap) {
        size_t cap = nl->cap ? nl->cap * 2 : 16;
        xmlNodePtr *grown = realloc(nl->items, cap * sizeof *grown);
        if (!grown)
            return -1;
        nl->items = grown;
        nl->cap = cap;
    }
    nl->items[nl->n++] = n;
    return 0;
}

static int add_column_nodes(xmlNodePtr holder, node_list *nl)
{
    bool nested = false;
    for (xmlNodePtr c = holder->children; c; c = c->next)
        if (is_element(c, "column")) {
            nested = true;
            if (node_list_add(nl, c) < 0)
                return -1;
        }
    return nested ? 0 : node_list_add(nl, holder);
}

static int collect_columns(xmlNodePtr change, node_list *nl)
{
    static const char *const ORDER[] = {"columns", "column"};
    for (size_t i = 0; i < 2; i++)
        for (xmlNodePtr c = change->children; c; c = c->next)
            if (is_element(c, ORDER[i]) && add_column_nodes(c, nl) < 0)
                return -1;
    return 0;
}

/* `columns=` + the collection: items one level deeper, a comma after each but the last. */
static int columns_line(xmlNodePtr change, const lb_field *f, int version, int level, lb_lines *l,
                        omrs_error *err)
{
    node_list nl = {0};
    omrs_buf b = {0};
    int rc = 0;
    if (collect_columns(change, &nl) < 0) {
        free(nl.items);
        return omrs_fail_nomem(err);
    }
    if (nl.n == 0 && f->type == LB_FT_DROPCOLS)
        return 0;   /* DropColumnChange.getSerializableFieldValue: empty means null */
    if (indent(&b, level) < 0 ||
        omrs_buf_printf(&b, "%s=%s", f->name, nl.n ? "[\n" : "[]") < 0)
        rc = omrs_fail_nomem(err);
    for (size_t i = 0; rc == 0 && i < nl.n; i++) {
        if (indent(&b, level + 1) < 0)
            rc = omrs_fail_nomem(err);
        else
            rc = serialize_column(nl.items[i], f->type, version, level + 2, &b, err);
        if (rc == 0 && omrs_buf_append(&b, i + 1 < nl.n ? ",\n" : "\n", i + 1 < nl.n ? 2 : 1) < 0)
            rc = omrs_fail_nomem(err);
    }
    if (rc == 0 && nl.n && (indent(&b, level) < 0 || omrs_buf_putc(&b, ']') < 0))
        rc = omrs_fail_nomem(err);
    if (rc == 0 && lines_take(l, &b) < 0)
        rc = omrs_fail_nomem(err);
    omrs_buf_free(&b);
    free(nl.items);
    return rc;
}

/* ======================================================================================
 * Changes
 * ====================================================================================== */

static int field_line(xmlNodePtr change, const lb_change_type *t, const lb_field *f, int version, lb_lines *l,
                      omrs_error *err)
{
    if (is_column_list(f->type))
        return columns_line(change, f, version, 1, l, err);
    char *v = NULL;
    if (lb_field_value(change, t, f, version, &v, err) < 0)
        return -1;
    int rc = v && lines_add_field(l, 1, f->name, v) < 0 ? omrs_fail_nomem(err) : 0;
    free(v);
    return rc;
}

int lb_serialize_change(xmlNodePtr change, const lb_change_type *t, int version, omrs_buf *out,
                        omrs_error *err)
{
    unsigned v = version_bit(version);
    lb_lines l = {0};
    int rc = 0;
    for (const lb_field *f = t->fields; rc == 0 && f->name; f++)
        if ((f->present & v) && !(f->excluded & v))
            rc = field_line(change, t, f, version, &l, err);
    if (rc == 0 && (omrs_buf_printf(out, "%s:", t->name) < 0 || lines_render(&l, 1, out) < 0))
        rc = omrs_fail_nomem(err);
    lines_free(&l);
    return rc;
}

/* ---- customChange ---- */

typedef struct param {
    char *name, *value;   /* value NULL prints as "null" (StringBuilder.append(null)) */
} param;

static int cmp_params(const void *a, const void *b)
{
    return lb_java_strcmp(((const param *)a)->name, ((const param *)b)->name);
}

static void params_free(param *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].value);
    }
    free(p);
}

/* setParam on a LinkedHashMap: a repeated name keeps its slot and takes the new value. */
static int params_put(param **p, size_t *n, char *name, char *value)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*p)[i].name, name) == 0) {
            free((*p)[i].value);
            (*p)[i].value = value;
            free(name);
            return 0;
        }
    param *grown = realloc(*p, (*n + 1) * sizeof *grown);
    if (!grown) {
        free(name);
        free(value);
        return -1;
    }
    *p = grown;
    (*p)[(*n)++] = (param){name, value};
    return 0;
}

/* One <param>: the element text wins over the value attribute; a name is required. */
static int load_param(xmlNodePtr c, param **p, size_t *n, omrs_error *err)
{
    bool nomem = false;
    char *value = lb_xml_text(c, &nomem);
    if (!value && !nomem)
        value = lb_xml_value(c, "value", &nomem);
    char *name = lb_xml_value(c, "name", &nomem);
    if (nomem || !name) {
        free(name);
        free(value);
        return nomem ? omrs_fail_nomem(err)
                     : omrs_fail(err, OMRS_ERR_PARSE, "customChange <param> on line %ld has no name attribute",
                                 xmlGetLineNo(c));
    }
    return params_put(p, n, name, value) < 0 ? omrs_fail_nomem(err) : 0;
}

/* CustomChangeWrapper.customLoadLogic: the <param> children of <params>, or of the change. */
static int load_params(xmlNodePtr change, param **p, size_t *n, omrs_error *err)
{
    xmlNodePtr holder = change;
    for (xmlNodePtr c = change->children; c; c = c->next)
        if (is_element(c, "params"))
            holder = c;
    for (xmlNodePtr c = holder->children; c; c = c->next)
        if (is_element(c, "param") && load_param(c, p, n, err) < 0)
            return -1;
    return 0;
}

static int render_param_map(param *p, size_t n, omrs_buf *b)
{
    if (n == 0)
        return omrs_buf_append(b, "[]", 2);
    qsort(p, n, sizeof *p, cmp_params);
    if (omrs_buf_append(b, "{\n", 2) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (indent(b, 2) < 0 || omrs_buf_printf(b, "%s=\"%s\"%s\n", p[i].name, p[i].value ? p[i].value : "null",
                                                i + 1 < n ? "," : "") < 0)
            return -1;
    if (indent(b, 1) < 0 || omrs_buf_putc(b, '}') < 0)
        return -1;
    return 0;
}

int lb_serialize_custom_change(xmlNodePtr change, omrs_buf *out, omrs_error *err)
{
    bool nomem = false;
    char *cls = lb_xml_value(change, "class", &nomem);
    if (!cls)
        return nomem ? omrs_fail_nomem(err)
                     : omrs_fail(err, OMRS_ERR_PARSE, "customChange on line %ld has no class attribute",
                                 xmlGetLineNo(change));
    param *p = NULL;
    size_t n = 0;
    lb_lines l = {0};
    omrs_buf b = {0};
    int rc = load_params(change, &p, &n, err);
    if (rc == 0 && (lines_add_field(&l, 1, "class", cls) < 0 || indent(&b, 1) < 0 ||
                    omrs_buf_append(&b, "param=", 6) < 0 || render_param_map(p, n, &b) < 0 ||
                    lines_take(&l, &b) < 0 || omrs_buf_append(out, "customChange:", 13) < 0 ||
                    lines_render(&l, 1, out) < 0))
        rc = omrs_fail_nomem(err);
    omrs_buf_free(&b);
    lines_free(&l);
    params_free(p, n);
    free(cls);
    return rc;
}

/* ---- modifySql visitors ---- */

typedef struct visitor_type {
    const char *name;
    const char *fields[3];
} visitor_type;

static const visitor_type VISITORS[] = {
    {"replace", {"replace", "with", NULL}},
    {"regExpReplace", {"replace", "with", NULL}},
    {"append", {"value", NULL, NULL}},
    {"prepend", {"value", NULL, NULL}},
};

/* The items of a Java HashSet<String> built from `items` (splitAndTrim of the dbms list),
 * in its iteration order: by bucket (hash spread, table size 16 doubled while more than
 * 3/4 full), insertion order within a bucket. */
typedef struct hs_item {
    char *s;
    unsigned bucket;
    size_t seq;
} hs_item;

static int cmp_hs(const void *a, const void *b)
{
    const hs_item *x = a, *y = b;
    if (x->bucket != y->bucket)
        return x->bucket < y->bucket ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void hashset_order(hs_item *it, size_t n)
{
    unsigned cap = 16;
    while (n > cap * 3 / 4)
        cap *= 2;
    for (size_t i = 0; i < n; i++) {
        uint32_t h = (uint32_t)lb_java_hash(it[i].s);
        it[i].bucket = (h ^ (h >> 16)) & (cap - 1);
        it[i].seq = i;
    }
    qsort(it, n, sizeof *it, cmp_hs);
}

/* Adds item (owned) unless already there, as a set does. */
static int set_add(hs_item **items, size_t *n, char *item)
{
    for (size_t k = 0; k < *n; k++)
        if (strcmp((*items)[k].s, item) == 0) {
            free(item);
            return 0;
        }
    hs_item *grown = realloc(*items, (*n + 1) * sizeof **items);
    if (!grown) {
        free(item);
        return -1;
    }
    *items = grown;
    (*items)[(*n)++] = (hs_item){item, 0, 0};
    return 0;
}

/* StringUtil.splitAndTrim(list, ",") into a set, in insertion order. Java's split drops
 * trailing empty items ("a,," is ["a"]); the others are trimmed, possibly to "". */
static int split_dbms(const char *list, hs_item **out, size_t *n)
{
    size_t len = strlen(list);
    while (len > 0 && list[len - 1] == ',')
        len--;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; len > 0 && i <= len;) {
        size_t j = i + strcspn(list + i, ",");
        if (j > len)
            j = len;
        size_t start = i, end = j;
        while (start < end && (unsigned char)list[start] <= ' ')
            start++;
        while (end > start && (unsigned char)list[end - 1] <= ' ')
            end--;
        char *item = strndup(list + start, end - start);
        if (!item || set_add(out, n, item) < 0)
            return -1;
        i = j + 1;
    }
    return 0;
}

static int dbms_set_line(const char *dbms, lb_lines *l)
{
    hs_item *it = NULL;
    size_t n = 0;
    omrs_buf b = {0};
    int rc = split_dbms(dbms, &it, &n);
    if (rc == 0 && n > 0) {
        hashset_order(it, n);
        rc = omrs_buf_append(&b, "    applicableDbms=[\n", 21);
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = omrs_buf_printf(&b, "        %s%s\n", it[i].s, i + 1 < n ? "," : "");
        if (rc == 0)
            rc = omrs_buf_append(&b, "    ]", 5);
        if (rc == 0)
            rc = lines_take(l, &b);
    }
    omrs_buf_free(&b);
    for (size_t i = 0; i < n; i++)
        free(it[i].s);
    free(it);
    return rc;
}

/* Labels.toString(): lower-cased, distinct, joined with ",". */
static int labels_line(const char *labels, lb_lines *l)
{
    hs_item *it = NULL;
    size_t n = 0;
    omrs_buf b = {0};
    int rc = split_dbms(labels, &it, &n);
    if (rc == 0 && n > 0) {
        rc = omrs_buf_append(&b, "    labels=\"", 12);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            for (char *c = it[i].s; *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c + 32);
            bool seen = false;
            for (size_t k = 0; k < i; k++)
                seen |= strcmp(it[k].s, it[i].s) == 0;
            if (!seen)
                rc = omrs_buf_printf(&b, "%s%s", b.len > 12 ? "," : "", it[i].s);
        }
        if (rc == 0 && (omrs_buf_putc(&b, '"') < 0 || lines_take(l, &b) < 0))
            rc = -1;
    }
    omrs_buf_free(&b);
    for (size_t i = 0; i < n; i++)
        free(it[i].s);
    free(it);
    return rc;
}

/* The AbstractSqlVisitor fields set from the <modifySql> element. v9 excludes all but
 * applyToRollback (a primitive boolean: always printed). The v8 names are 3.10's
 * ("contexts"; 4.x calls it contextFilter). */
static int visitor_base_lines(xmlNodePtr modify_sql, int version, lb_lines *l)
{
    bool nomem = false;
    char *rollback = lb_xml_value(modify_sql, "applyToRollback", &nomem);
    int rc = nomem ? -1 : lines_add_field(l, 1, "applyToRollback",
                                          rollback && omrs_ascii_ieq(rollback, "true") ? "true" : "false");
    free(rollback);
    if (rc < 0 || version >= 9)
        return rc;
    char *raw_dbms = lb_xml_value(modify_sql, "dbms", &nomem);
    char *raw_ctx = nomem ? NULL : lb_xml_value(modify_sql, "context", &nomem);
    char *raw_labels = nomem ? NULL : lb_xml_value(modify_sql, "labels", &nomem);
    char *dbms = trim_to_null(raw_dbms, &nomem), *ctx = trim_to_null(raw_ctx, &nomem);
    char *labels = trim_to_null(raw_labels, &nomem);
    rc = nomem ? -1 : 0;
    if (rc == 0 && dbms)
        rc = dbms_set_line(dbms, l);
    if (rc == 0 && ctx)
        rc = lines_add_field(l, 1, "contexts", ctx);
    if (rc == 0 && labels)
        rc = labels_line(labels, l);
    free(raw_dbms);
    free(raw_ctx);
    free(raw_labels);
    free(dbms);
    free(ctx);
    free(labels);
    return rc;
}

int lb_serialize_visitor(xmlNodePtr modify_sql, xmlNodePtr visitor, int version, omrs_buf *out,
                         omrs_error *err)
{
    const visitor_type *vt = NULL;
    for (size_t i = 0; i < sizeof VISITORS / sizeof VISITORS[0]; i++)
        if (is_element(visitor, VISITORS[i].name))
            vt = &VISITORS[i];
    if (!vt)
        return 0;   /* SqlVisitorFactory.create returns null: Liquibase skips it */
    lb_lines l = {0};
    int rc = visitor_base_lines(modify_sql, version, &l);
    for (size_t i = 0; rc == 0 && i < 3 && vt->fields[i]; i++) {
        bool nomem = false;
        char *v = lb_xml_value(visitor, vt->fields[i], &nomem);
        rc = nomem || (v && lines_add_field(&l, 1, vt->fields[i], v) < 0) ? -1 : 0;
        free(v);
    }
    if (rc == 0 && (omrs_buf_printf(out, "%s:", vt->name) < 0 || lines_render(&l, 1, out) < 0))
        rc = -1;
    lines_free(&l);
    return rc < 0 ? omrs_fail_nomem(err) : 1;
}
