#include "sqldiff.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "javadom.h"
#include "version.h"

/* Longest SQL quote put in a lint message; enough to recognise the statement. */
#define EXCERPT_MAX 40

/* One <diff> as written, in file order: what lint looks at, and what the map is built from. */
typedef struct raw_diff {
    char *version, *sql;                 /* untrimmed; NULL when the element is absent */
    char *author, *date, *description;   /* trimmed; NULL when absent */
    unsigned line;
} raw_diff;

typedef struct raw_diffs {
    raw_diff *items;
    size_t count, cap;
} raw_diffs;

/* ---- characters and words ---------------------------------------------- */

/* Java String.trim: drops chars <= U+0020 at both ends. */
static void java_trim(const char **s, size_t *n)
{
    while (*n && (unsigned char)**s <= ' ') {
        (*s)++;
        (*n)--;
    }
    while (*n && (unsigned char)(*s)[*n - 1] <= ' ')
        (*n)--;
}

/* Java Character.isWhitespace for the bytes that can be one (non-ASCII counts as text). */
static bool is_java_whitespace(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* Spring StringUtils.hasText. */
static bool has_text(const char *s)
{
    for (; s && *s; s++)
        if (!is_java_whitespace((unsigned char)*s))
            return true;
    return false;
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* ASCII only on purpose: Java's toLowerCase never turns a non-ASCII letter into one of the
 * keywords' letters, so non-ASCII text can never match. */
static bool ascii_prefix_ci(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (ascii_lower(s[i]) != prefix[i])
            return false;
    return true;
}

static bool word_is(const char *w, size_t n, const char *keyword)
{
    return strlen(keyword) == n && ascii_prefix_ci(w, n, keyword);
}

static bool word_in(const char *w, size_t n, const char *const *keywords)
{
    for (; *keywords; keywords++)
        if (word_is(w, n, *keywords))
            return true;
    return false;
}

/* Bytes of an unquoted MySQL word; UTF-8 letters count, '$' does not so that "END$$" (a
 * DELIMITER-terminated END) still reads as END. */
static bool is_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static size_t word_end(const char *s, size_t i)
{
    while (s[i] && is_word_char((unsigned char)s[i]))
        i++;
    return i;
}

/* MySQL comments: "-- " (with a blank or control char after the dashes), '#', and the
 * C form. Returns the index just past the comment, or i when none starts there; an
 * unterminated comment runs to the end. */
static size_t comment_end(const char *s, size_t i)
{
    bool dash_dash = s[i] == '-' && s[i + 1] == '-' && (s[i + 2] == '\0' || (unsigned char)s[i + 2] <= ' ');
    if (dash_dash || s[i] == '#') {
        const char *nl = strchr(s + i, '\n');
        return nl ? (size_t)(nl - s) : strlen(s);
    }
    if (s[i] == '/' && s[i + 1] == '*') {
        const char *close = strstr(s + i + 2, "*/");
        return close ? (size_t)(close - s) + 2 : strlen(s);
    }
    return i;
}

/* A quoted string or identifier starting at i: backslash escapes in '...' and "..." (MySQL's
 * default mode), a doubled quote stands for itself. Returns the index past the closing quote. */
static size_t quoted_end(const char *s, size_t i)
{
    char q = s[i];
    size_t j = i + 1;
    while (s[j]) {
        if (s[j] == '\\' && q != '`' && s[j + 1])
            j += 2;
        else if (s[j] == q && s[j + 1] == q)
            j += 2;
        else if (s[j] == q)
            return j + 1;
        else
            j++;
    }
    return j;
}

/* ---- XML ----------------------------------------------------------------- */

static unsigned line_of(xmlNodePtr node)
{
    long line = xmlGetLineNo(node);
    return line > 0 && line <= (long)UINT_MAX ? (unsigned)line : 0;
}

/* getElementsByTagName on a non-namespace-aware DOM matches the qualified name, so a
 * prefixed <x:diff> is not a <diff>. */
static bool is_named(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0
           && !(node->ns && node->ns->prefix);
}

/* The first element of that name below node, in document order. */
static xmlNodePtr first_descendant(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr c = node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_named(c, name))
            return c;
        xmlNodePtr found = first_descendant(c, name);
        if (found)
            return found;
    }
    return NULL;
}

/* DOM getTextContent of the first such descendant: all text and CDATA below it, entities
 * decoded, comments left out. *out stays NULL when there is no such element. */
static int descendant_text(xmlNodePtr node, const char *name, bool trim, char **out)
{
    *out = NULL;
    xmlNodePtr el = first_descendant(node, name);
    if (!el)
        return 0;
    xmlChar *content = xmlNodeGetContent(el);
    const char *s = content ? (const char *)content : "";
    size_t n = strlen(s);
    if (trim)
        java_trim(&s, &n);
    *out = strndup(s, n);
    xmlFree(content);
    return *out ? 0 : -1;
}

static void raw_diff_free(raw_diff *r)
{
    free(r->version);
    free(r->sql);
    free(r->author);
    free(r->date);
    free(r->description);
}

static void raw_diffs_free(raw_diffs *l)
{
    for (size_t i = 0; i < l->count; i++)
        raw_diff_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

static int add_raw_diff(raw_diffs *l, xmlNodePtr node)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        raw_diff *grown = realloc(l->items, cap * sizeof *grown);
        if (!grown)
            return -1;
        l->items = grown;
        l->cap = cap;
    }
    raw_diff *r = &l->items[l->count];
    memset(r, 0, sizeof *r);
    r->line = line_of(node);
    l->count++;   /* counted first so that a failure below is freed with the list */
    bool failed = descendant_text(node, "version", false, &r->version) || descendant_text(node, "sql", false, &r->sql)
                  || descendant_text(node, "author", true, &r->author) || descendant_text(node, "date", true, &r->date)
                  || descendant_text(node, "description", true, &r->description);
    return failed ? -1 : 0;
}

/* Every <diff> below node in document order, nested ones included (getElementsByTagName). */
static int collect_diffs(xmlNodePtr node, raw_diffs *l)
{
    for (xmlNodePtr c = node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_named(c, "diff") && add_raw_diff(l, c) < 0)
            return -1;
        if (collect_diffs(c, l) < 0)
            return -1;
    }
    return 0;
}

/* SqlDiffFileParser accepts only version="1.0" on the root, compared without trimming. */
static int check_config_version(xmlNodePtr root, const char *name, omrs_error *err)
{
    xmlChar *v = xmlGetNoNsProp(root, (const xmlChar *)"version");
    int rc = 0;
    if (!v)
        rc = omrs_fail(err, OMRS_ERR_PARSE,
                       "%s:%u: <%s> has no version attribute; OpenMRS accepts only version=\"1.0\" "
                       "(Invalid config version) and the module fails to start",
                       name, line_of(root), (const char *)root->name);
    else if (strcmp((const char *)v, "1.0") != 0)
        rc = omrs_fail(err, OMRS_ERR_PARSE,
                       "%s:%u: <%s version=\"%s\">: OpenMRS accepts only version=\"1.0\" "
                       "(Invalid config version) and the module fails to start",
                       name, line_of(root), (const char *)root->name, (const char *)v);
    xmlFree(v);
    return rc;
}

/* The diffs in file order, before any version ordering. */
static int read_diffs(const char *data, size_t len, const char *name, raw_diffs *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    xmlDocPtr doc = omrs_javadom_parse(data, len, name, err);
    if (!doc)
        return -1;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int rc = check_config_version(root, name, err);
    if (rc == 0 && collect_diffs(root, out) < 0)
        rc = omrs_fail_nomem(err);
    xmlFreeDoc(doc);
    if (rc < 0)
        raw_diffs_free(out);
    return rc;
}

/* ---- the sorted map ---------------------------------------------------- */

/* Where version belongs in the ascending entries; *equal when an entry compares equal. */
static size_t find_slot(const omrs_sqldiff *d, const char *version, bool qualifier_aware, bool *equal)
{
    size_t lo = 0, hi = d->count;
    *equal = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = omrs_version_compare(version, d->entries[mid].version, qualifier_aware);
        if (c == 0) {
            *equal = true;
            return mid;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static char *take(char **slot)
{
    char *s = *slot;
    *slot = NULL;
    return s;
}

/* Java TreeMap.put: an equal key keeps the first key's string and takes the new value; the
 * metadata follows the SQL it describes. Takes the strings out of r. entries has room. */
static int put_entry(omrs_sqldiff *d, raw_diff *r, bool qualifier_aware)
{
    const char *version = r->version ? r->version : "";
    bool equal;
    size_t at = find_slot(d, version, qualifier_aware, &equal);
    omrs_sqldiff_entry *e = &d->entries[at];
    if (equal) {
        free(e->sql);
        free(e->author);
        free(e->date);
        free(e->description);
    } else {
        memmove(e + 1, e, (d->count - at) * sizeof *e);
        memset(e, 0, sizeof *e);
        d->count++;
        e->version = r->version ? take(&r->version) : strdup("");
    }
    e->sql = r->sql ? take(&r->sql) : strdup("");
    e->author = take(&r->author);
    e->date = take(&r->date);
    e->description = take(&r->description);
    e->line = r->line;
    return e->version && e->sql ? 0 : -1;
}

int omrs_sqldiff_parse(const char *data, size_t len, const char *name, bool qualifier_aware, omrs_sqldiff *out,
                       omrs_error *err)
{
    memset(out, 0, sizeof *out);
    raw_diffs raw;
    if (read_diffs(data, len, name, &raw, err) < 0)
        return -1;
    int rc = 0;
    if (raw.count) {
        out->entries = calloc(raw.count, sizeof *out->entries);
        rc = out->entries ? 0 : -1;
    }
    for (size_t i = 0; rc == 0 && i < raw.count; i++)
        rc = put_entry(out, &raw.items[i], qualifier_aware);
    raw_diffs_free(&raw);
    if (rc < 0) {
        omrs_sqldiff_free(out);
        return omrs_fail_nomem(err);
    }
    return 0;
}

void omrs_sqldiff_free(omrs_sqldiff *d)
{
    for (size_t i = 0; i < d->count; i++) {
        omrs_sqldiff_entry *e = &d->entries[i];
        free(e->version);
        free(e->sql);
        free(e->author);
        free(e->date);
        free(e->description);
    }
    free(d->entries);
    memset(d, 0, sizeof *d);
}

bool omrs_sqldiff_should_run(const omrs_sqldiff_entry *e, const char *gp_value, bool qualifier_aware)
{
    if (!has_text(e->sql))
        return false;
    if (!gp_value || !*gp_value)
        return true;
    return omrs_version_compare(e->version, gp_value, qualifier_aware) > 0;
}

/* ---- splitting ----------------------------------------------------------- */

static const char *const update_prefixes[] = {"insert", "update", "delete", "alter", "drop", "create", "rename", NULL};
static const char *const refused_keywords[] = {"insert", "update", "delete", "drop",     "create",
                                               "alter",  "truncate", "rename", NULL};

/* Connector/J's executeQuery check looks at the first keyword once comments are gone. */
static bool starts_with_refused_keyword(const char *s)
{
    size_t i = 0, end;
    for (;;) {
        while (s[i] && (unsigned char)s[i] <= ' ')
            i++;
        if ((end = comment_end(s, i)) == i)
            break;
        i = end;
    }
    end = word_end(s, i);
    return word_in(s + i, end - i, refused_keywords);
}

static bool is_update_statement(const char *s, size_t n)
{
    for (const char *const *p = update_prefixes; *p; p++)
        if (ascii_prefix_ci(s, n, *p))
            return true;
    return false;
}

static int add_piece(omrs_sql_pieces *out, const char *s, size_t n)
{
    java_trim(&s, &n);
    if (n == 0)
        return 0;
    omrs_sql_piece *p = &out->items[out->count];
    p->sql = strndup(s, n);
    if (!p->sql)
        return -1;
    p->update = is_update_statement(s, n);
    p->query_refused = !p->update && starts_with_refused_keyword(p->sql);
    out->count++;
    return 0;
}

int omrs_sqldiff_split(const char *sql, omrs_sql_pieces *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    if (!sql)
        return 0;
    size_t pieces = 1;
    for (const char *p = sql; (p = strchr(p, ';')); p++)
        pieces++;
    out->items = calloc(pieces, sizeof *out->items);
    if (!out->items)
        return omrs_fail_nomem(err);
    for (const char *p = sql;;) {
        const char *semi = strchr(p, ';');
        size_t n = semi ? (size_t)(semi - p) : strlen(p);
        if (add_piece(out, p, n) < 0) {
            omrs_sql_pieces_free(out);
            return omrs_fail_nomem(err);
        }
        if (!semi)
            break;
        p = semi + 1;
    }
    return 0;
}

void omrs_sql_pieces_free(omrs_sql_pieces *p)
{
    for (size_t i = 0; i < p->count; i++)
        free(p->items[i].sql);
    free(p->items);
    memset(p, 0, sizeof *p);
}

/* ---- lint: reporting ----------------------------------------------------- */

typedef struct lint_ctx {
    const char *name;
    omrs_strlist *findings;
    const raw_diff *diff;   /* the diff being checked */
} lint_ctx;

static void version_shown(const raw_diff *r, const char **s, size_t *n)
{
    *s = r->version ? r->version : "";
    *n = strlen(*s);
    java_trim(s, n);
    if (*n == 0) {
        *s = "(no version)";
        *n = strlen(*s);
    }
}

static int add_finding(lint_ctx *lc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends "NAME:LINE: diff VERSION: message" for the diff being checked. */
static int add_finding(lint_ctx *lc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!msg)
        return -1;
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    const char *v;
    size_t vn;
    version_shown(lc->diff, &v, &vn);
    omrs_buf b = {0};
    int rc = omrs_buf_printf(&b, "%s:%u: diff %.*s: %s", lc->name, lc->diff->line, (int)vn, v, msg);
    if (rc == 0)
        rc = omrs_strlist_push(lc->findings, b.data, b.len);
    free(msg);
    omrs_buf_free(&b);
    return rc;
}

/* A one-line quote of s[0..n) for a message: blanks collapsed, then at most EXCERPT_MAX
 * bytes from the start (or, with from_end, the last ones, where a cut statement ends). */
static int excerpt(const char *s, size_t n, bool from_end, char **out)
{
    java_trim(&s, &n);
    omrs_buf line = {0};
    int rc = omrs_buf_append(&line, "", 0);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        bool blank = (unsigned char)s[i] <= ' ';
        if (!(blank && i > 0 && (unsigned char)s[i - 1] <= ' '))
            rc = omrs_buf_putc(&line, blank ? ' ' : s[i]);
    }
    *out = NULL;
    if (rc < 0) {
        omrs_buf_free(&line);
        return -1;
    }
    if (line.len <= EXCERPT_MAX) {
        *out = line.data;
        return 0;
    }
    const char *keep = line.data;
    size_t k = EXCERPT_MAX;
    if (from_end)
        keep += line.len - EXCERPT_MAX;
    while (k && ((unsigned char)(from_end ? *keep : keep[k]) & 0xc0) == 0x80) {   /* whole UTF-8 chars only */
        keep += from_end;
        k--;
    }
    omrs_buf b = {0};
    bool failed = omrs_buf_append(&b, "...", from_end ? 3 : 0) || omrs_buf_append(&b, keep, k)
                  || omrs_buf_append(&b, "...", from_end ? 0 : 3);
    omrs_buf_free(&line);
    if (failed) {
        omrs_buf_free(&b);
        return -1;
    }
    *out = b.data;
    return 0;
}

/* ---- lint: versions ------------------------------------------------------ */

/* Long.parseLong on a Java-trimmed piece: optional '+', decimal digits, within 64 bits. */
static bool piece_is_number(const char *s, size_t n)
{
    java_trim(&s, &n);
    if (n && *s == '+') {
        s++;
        n--;
    }
    if (n == 0)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
        if (v > (uint64_t)INT64_MAX)
            return false;
    }
    return true;
}

/* The version as OpenMRS reads its numbers, non-numeric pieces as 0 ("1.2.3a" -> "1.2.0");
 * *odd tells whether any piece was not a number. Pieces as ModuleUtil cuts them: up to
 * the first '-', split at '.', trailing empty pieces dropped. */
static int numeric_reading(const char *version, omrs_buf *out, bool *odd)
{
    size_t end = strcspn(version, "-");
    *odd = end == 0;   /* Java splits "" into one empty piece */
    if (end == 0)
        return omrs_buf_append(out, "0", 1);
    while (end && version[end - 1] == '.')
        end--;
    int rc = omrs_buf_append(out, "", 0);
    for (size_t start = 0; rc == 0 && end > 0;) {
        const char *p = version + start;
        const char *dot = memchr(p, '.', end - start);
        size_t n = dot ? (size_t)(dot - p) : end - start;
        bool number = piece_is_number(p, n);
        *odd |= !number;
        java_trim(&p, &n);
        if (omrs_buf_append(out, ".", start ? 1 : 0) || omrs_buf_append(out, number ? p : "0", number ? n : 1))
            rc = -1;
        if (!dot)
            break;
        start = (size_t)(dot - version) + 1;
    }
    return rc;
}

int omrs_sqldiff_version_reading(const char *version, omrs_buf *reading, bool *odd)
{
    return numeric_reading(version, reading, odd);
}

static int lint_non_numeric(lint_ctx *lc, const char *version)
{
    omrs_buf reading = {0};
    bool odd;
    int rc = numeric_reading(version, &reading, &odd);
    if (rc == 0 && odd)
        rc = add_finding(lc,
                         "version \"%s\" has a piece that is not a number, which OpenMRS reads as 0: "
                         "it compares as %s",
                         version, reading.data);
    omrs_buf_free(&reading);
    return rc;
}

static const char *version_or_empty(const raw_diff *r)
{
    return r->version ? r->version : "";
}

/* Diffs run in version order, so a file that is not in that order runs in another one. */
static int lint_order(lint_ctx *lc, const raw_diff *prev)
{
    if (omrs_version_compare(version_or_empty(lc->diff), version_or_empty(prev), true) >= 0)
        return 0;
    const char *v, *p;
    size_t vn, pn;
    version_shown(lc->diff, &v, &vn);
    version_shown(prev, &p, &pn);
    return add_finding(lc, "versions not increasing: %.*s after %.*s (line %u); OpenMRS runs the diffs in version order, "
                       "not in file order", (int)vn, v, (int)pn, p, prev->line);
}

/* Equal versions collapse into one map entry. Checked with qualifiers ignored (OpenMRS before
 * 2.8.0), which finds every pair that is equal with them too. */
static int lint_duplicate(lint_ctx *lc, const raw_diff *earlier, size_t count)
{
    const char *v = version_or_empty(lc->diff);
    for (size_t j = 0; j < count; j++) {
        const raw_diff *e = &earlier[j];
        if (omrs_version_compare(v, version_or_empty(e), false) != 0)
            continue;
        bool always = omrs_version_compare(v, version_or_empty(e), true) == 0;
        const char *p;
        size_t pn;
        version_shown(e, &p, &pn);
        return add_finding(lc, "duplicate version: compares equal to diff %.*s (line %u)%s; its SQL replaces the earlier "
                           "one and only one of them runs", (int)pn, p, e->line,
                           always ? "" : " on OpenMRS before 2.8.0 (qualifiers ignored)");
    }
    return 0;
}

static int lint_version(lint_ctx *lc, const raw_diff *all, size_t index)
{
    int rc;
    if (!has_text(lc->diff->version))
        rc = add_finding(lc, "%s: OpenMRS keys it \"\", which sorts before every other version",
                         lc->diff->version ? "empty <version>" : "no <version>");
    else
        rc = lint_non_numeric(lc, lc->diff->version);
    if (rc == 0 && index > 0)
        rc = lint_order(lc, &all[index - 1]);
    if (rc == 0)
        rc = lint_duplicate(lc, all, index);
    return rc;
}

/* ---- lint: the SQL lexer ------------------------------------------------- */

/* Where the current statement is, as far as routine bodies go. OpenMRS splits at every ';',
 * so a CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT whose BEGIN ... END body holds one cannot be
 * sent whole. */
typedef struct stmt_state {
    bool seen_word;      /* the statement's first word is behind us */
    bool is_create;      /* ...and it was CREATE */
    bool kind_known;     /* the object kind after CREATE (TABLE, PROCEDURE, ...) was seen */
    bool is_routine;     /* ...and it is a procedure, function, trigger or event */
    bool end_pending;    /* the last word was END: the next one says what it closes */
    bool reported;       /* this body's ';' is already a finding */
    int blocks;          /* open BEGIN ... END blocks */
    int cases;           /* open CASE ... END, whose END closes no block */
} stmt_state;

static const char *const object_kinds[] = {"table",  "index",  "view",       "database", "schema",
                                           "user",   "role",   "sequence",   "tablespace", "server",
                                           "procedure", "function", "trigger", "event",   NULL};
static const char *const routine_kinds[] = {"procedure", "function", "trigger", "event", NULL};
static const char *const end_of_loop_or_if[] = {"if", "loop", "while", "repeat", NULL};

/* END IF/LOOP/WHILE/REPEAT close no block, END CASE closes a CASE; any other word (or none)
 * follows the END of a block or of a CASE expression. Returns whether w was used up. */
static bool resolve_end(stmt_state *st, const char *w, size_t n)
{
    st->end_pending = false;
    if (w && word_in(w, n, end_of_loop_or_if))
        return true;
    bool end_case = w && word_is(w, n, "case");
    if (st->cases > 0)
        st->cases--;
    else if (!end_case && st->blocks > 0)
        st->blocks--;
    return end_case;
}

/* Feeds one unquoted word of the statement. The first object kind after CREATE decides what
 * is created, so "CREATE TABLE event" is a table and "CREATE DEFINER=x PROCEDURE" a routine.
 * Returns true when the statement is a DELIMITER command (a client command, one line). */
static bool note_word(stmt_state *st, const char *w, size_t n)
{
    if (st->end_pending && resolve_end(st, w, n))
        return false;
    if (!st->seen_word) {
        st->seen_word = true;
        st->is_create = word_is(w, n, "create");
        return word_is(w, n, "delimiter");
    }
    if (st->is_create && !st->kind_known && word_in(w, n, object_kinds)) {
        st->kind_known = true;
        st->is_routine = word_in(w, n, routine_kinds);
        return false;
    }
    if (!st->is_routine)
        return false;
    if (word_is(w, n, "begin"))
        st->blocks++;
    else if (word_is(w, n, "case") && st->blocks > 0)
        st->cases++;
    else if (word_is(w, n, "end"))
        st->end_pending = true;
    return false;
}

/* The raw text OpenMRS sends as the piece that ends at sql[at] (a ';'). */
static void piece_before(const char *sql, size_t at, const char **s, size_t *n)
{
    size_t start = at;
    while (start > 0 && sql[start - 1] != ';')
        start--;
    *s = sql + start;
    *n = at - start;
}

static int report_cut(lint_ctx *lc, const char *sql, size_t at, const char *where)
{
    const char *s;
    size_t n;
    piece_before(sql, at, &s, &n);
    char *quote;
    if (excerpt(s, n, true, &quote) < 0)
        return -1;
    int rc = add_finding(lc, "';' inside %s (after \"%s\"): OpenMRS splits the statement there", where, quote);
    free(quote);
    return rc;
}

/* A quoted string or a comment sql[from..to) with a ';' in it: one finding for it. */
static int lint_region(lint_ctx *lc, const char *sql, size_t from, size_t to, const char *where)
{
    const char *semi = memchr(sql + from, ';', to - from);
    return semi ? report_cut(lc, sql, (size_t)(semi - sql), where) : 0;
}

static const char *quote_kind(char q)
{
    return q == '\'' ? "a single-quoted string" : q == '"' ? "a double-quoted string" : "a backquoted identifier";
}

/* A ';' outside quotes and comments: the end of a statement, or a cut in a routine body. */
static int lint_semicolon(lint_ctx *lc, stmt_state *st, const char *sql, size_t at)
{
    if (st->end_pending)
        resolve_end(st, NULL, 0);
    if (!(st->is_routine && st->blocks > 0)) {
        memset(st, 0, sizeof *st);
        return 0;
    }
    if (st->reported)
        return 0;
    st->reported = true;
    return report_cut(lc, sql, at, "a CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT body (BEGIN ... END)");
}

/* Walks the SQL as MySQL reads it, reporting every place OpenMRS's naive split cuts wrongly. */
static int lint_sql_text(lint_ctx *lc, const char *sql)
{
    stmt_state st = {0};
    size_t i = 0, end;
    int rc = 0;
    while (rc == 0 && sql[i]) {
        char c = sql[i];
        if ((end = comment_end(sql, i)) > i) {
            rc = lint_region(lc, sql, i, end, "a comment");
            i = end;
        } else if (c == '\'' || c == '"' || c == '`') {
            if (st.end_pending)
                resolve_end(&st, NULL, 0);
            end = quoted_end(sql, i);
            rc = lint_region(lc, sql, i, end, quote_kind(c));
            i = end;
        } else if (is_word_char((unsigned char)c)) {
            end = word_end(sql, i);
            if (note_word(&st, sql + i, end - i)) {   /* skip the DELIMITER line: a new statement follows */
                end += strcspn(sql + end, "\n");
                memset(&st, 0, sizeof st);
            }
            i = end;
        } else if (c == ';') {
            rc = lint_semicolon(lc, &st, sql, i);
            i++;
        } else {
            if ((unsigned char)c > ' ' && st.end_pending)
                resolve_end(&st, NULL, 0);
            i++;
        }
    }
    return rc;
}

/* ---- lint: the SQL as OpenMRS runs it ------------------------------------ */

static int lint_refused(lint_ctx *lc, const char *sql)
{
    omrs_sql_pieces pieces;
    if (omrs_sqldiff_split(sql, &pieces, NULL) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < pieces.count; i++) {
        if (!pieces.items[i].query_refused)
            continue;
        char *quote = NULL;
        rc = excerpt(pieces.items[i].sql, strlen(pieces.items[i].sql), false, &quote);
        if (rc == 0)
            rc = add_finding(lc, "statement %zu (\"%s\"): OpenMRS sends it with executeQuery, which MySQL Connector/J "
                             "refuses: the module fails to start here", i + 1, quote);
        free(quote);
    }
    omrs_sql_pieces_free(&pieces);
    return rc;
}

static int lint_sql(lint_ctx *lc)
{
    const char *sql = lc->diff->sql;
    if (!sql)
        return add_finding(lc, "no <sql>: it never runs");
    if (!has_text(sql))
        return add_finding(lc, "<sql> is empty: it never runs");
    int rc = lint_sql_text(lc, sql);
    return rc == 0 ? lint_refused(lc, sql) : rc;
}

int omrs_sqldiff_lint(const char *data, size_t len, const char *name, omrs_strlist *findings, omrs_error *err)
{
    raw_diffs raw;
    if (read_diffs(data, len, name, &raw, err) < 0)
        return -1;
    lint_ctx lc = {.name = name, .findings = findings};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < raw.count; i++) {
        lc.diff = &raw.items[i];
        rc = lint_version(&lc, raw.items, i);
        if (rc == 0)
            rc = lint_sql(&lc);
    }
    raw_diffs_free(&raw);
    return rc < 0 ? omrs_fail_nomem(err) : 0;
}
