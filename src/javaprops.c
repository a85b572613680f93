/* A reader for Java .properties text that matches java.util.Properties.load(Reader).
 *
 * Charset: OpenMRS reads openmrs-runtime.properties with
 * OpenmrsUtil.getRuntimeProperties() -> OpenmrsUtil.loadProperties(Properties, InputStream),
 * which wraps the stream in new InputStreamReader(inputStream, StandardCharsets.UTF_8)
 * and calls Properties.load(Reader) (openmrs-core,
 * api/src/main/java/org/openmrs/util/OpenmrsUtil.java; the same "UTF-8" reader since the
 * 1.9.x branch). So the file is UTF-8, not the ISO-8859-1 that Properties.load(InputStream)
 * would assume: bytes are kept as UTF-8, and ill-formed sequences become U+FFFD as they do
 * in Java's decoder. That decoder does not skip a byte-order mark, so a BOM stays part of
 * the first key here too, exactly as OpenMRS sees it.
 *
 * Syntax rules follow the JDK's Properties.LineReader and loadConvert (JDK 9+, which
 * rejects a \u escape cut short by the end of a key or value). */
#include "javaprops.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- UTF-8 as Java decodes it ---- */

static const char REPLACEMENT_CHAR[] = "\xEF\xBF\xBD";

/* How long a sequence starting with lead must be, and the range its second byte must
 * fall in (Unicode Table 3-7: this is what rules out overlongs). Surrogates (ED A0..BF)
 * are left to utf8_sequence, because Java rejects them differently. */
static bool utf8_lead(unsigned char lead, size_t *total, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF)
        *total = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
        *total = 3;
    else if (lead >= 0xF0 && lead <= 0xF4)
        *total = 4;
    else
        return false;
    if (lead == 0xE0)
        *lo = 0xA0;
    else if (lead == 0xF0)
        *lo = 0x90;
    else if (lead == 0xF4)
        *hi = 0x8F;
    return true;
}

/* Length of the well-formed sequence at s, or 0 with *bad set to the number of bytes
 * Java's decoder replaces by one U+FFFD: the maximal ill-formed prefix, except that an
 * encoded surrogate (ED A0..BF xx) goes as a whole, as the JDK decodes it before it
 * rejects it (checked against java.util.Properties on JDK 17). */
static size_t utf8_sequence(const unsigned char *s, size_t n, size_t *bad)
{
    size_t total;
    unsigned char lo, hi;
    if (s[0] < 0x80)
        return 1;
    *bad = 1;
    if (!utf8_lead(s[0], &total, &lo, &hi))
        return 0;
    for (size_t i = 1; i < total; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *bad = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    if (s[0] == 0xED && s[1] >= 0xA0) {
        *bad = 3;
        return 0;
    }
    return total;
}

int omrs_utf8_append_lenient(omrs_buf *out, const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    size_t run = 0, i = 0;
    if (len == 0) /* bytes may be NULL then */
        return omrs_buf_append(out, "", 0);
    while (i < len) {
        size_t bad = 0, good = utf8_sequence(s + i, len - i, &bad);
        if (good) {
            i += good;
            continue;
        }
        if (omrs_buf_append(out, bytes + run, i - run) < 0 ||
            omrs_buf_append(out, REPLACEMENT_CHAR, 3) < 0)
            return -1;
        i += bad;
        run = i;
    }
    return omrs_buf_append(out, bytes + run, len - run);
}

/* UTF-8 for a code point below U+110000. */
static int append_code_point(omrs_buf *b, unsigned long cp)
{
    static const unsigned char lead_bits[] = {0, 0x00, 0xC0, 0xE0, 0xF0};
    char u[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (size_t i = n - 1; i > 0; i--, cp >>= 6)
        u[i] = (char)(0x80 | (cp & 0x3F));
    u[0] = (char)(lead_bits[n] | cp);
    return omrs_buf_append(b, u, n);
}

/* ---- the property list ---- */

const omrs_prop *omrs_props_find(const omrs_props *p, const char *key)
{
    for (size_t i = 0; i < p->count; i++)
        if (strcmp(p->items[i].key, key) == 0)
            return &p->items[i];
    return NULL;
}

const char *omrs_props_get(const omrs_props *p, const char *key)
{
    const omrs_prop *found = omrs_props_find(p, key);
    return found ? found->value : NULL;
}

static int props_append(omrs_props *p, const char *key, const char *value, unsigned line,
                        omrs_error *err)
{
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        omrs_prop *items = realloc(p->items, cap * sizeof *items);
        if (!items)
            return omrs_fail_nomem(err);
        p->items = items;
        p->cap = cap;
    }
    omrs_prop *slot = &p->items[p->count];
    *slot = (omrs_prop){NULL, NULL, line};
    if (omrs_set_str(&slot->key, key) < 0 || omrs_set_str(&slot->value, value) < 0) {
        free(slot->key);
        return omrs_fail_nomem(err);
    }
    p->count++;
    return 0;
}

int omrs_props_set(omrs_props *p, const char *key, const char *value, unsigned line,
                   omrs_error *err)
{
    omrs_prop *existing = (omrs_prop *)omrs_props_find(p, key);
    if (!existing)
        return props_append(p, key, value, line, err);
    if (omrs_set_str(&existing->value, value) < 0)
        return omrs_fail_nomem(err);
    existing->line = line;
    return 0;
}

void omrs_props_free(omrs_props *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->items[i].key);
        free(p->items[i].value);
    }
    free(p->items);
    *p = (omrs_props){0};
}

/* ---- natural lines to logical lines (Properties.LineReader) ---- */

typedef struct reader {
    const char *p, *end;
    unsigned line; /* natural line number at p */
} reader;

/* Where each natural line of a logical line starts in its text, so that an error in a
 * continued value can name the natural line the user has to fix. */
typedef struct segment {
    size_t offset;
    unsigned line;
} segment;

typedef struct logical_line {
    omrs_buf text;
    segment *segs;
    size_t nsegs, segcap;
} logical_line;

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

static bool is_eol(char c)
{
    return c == '\n' || c == '\r';
}

/* Consumes \n, \r or \r\n; returns how many chars that was. */
static size_t skip_eol(reader *r)
{
    size_t n = *r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n' ? 2 : 1;
    r->p += n;
    r->line++;
    return n;
}

static void skip_blanks(reader *r)
{
    while (r->p < r->end && is_blank(*r->p))
        r->p++;
}

/* Skips blank and comment lines; false at end of input. A comment is recognised only at
 * the start of a logical line and never continues, whatever it ends with. */
static bool skip_to_logical_line(reader *r)
{
    for (;;) {
        skip_blanks(r);
        if (r->p == r->end)
            return false;
        if (is_eol(*r->p)) {
            skip_eol(r);
            continue;
        }
        if (*r->p != '#' && *r->p != '!')
            return true;
        while (r->p < r->end && !is_eol(*r->p))
            r->p++;
    }
}

static int add_segment(logical_line *ll, unsigned line)
{
    if (ll->nsegs == ll->segcap) {
        size_t cap = ll->segcap ? ll->segcap * 2 : 4;
        segment *segs = realloc(ll->segs, cap * sizeof *segs);
        if (!segs)
            return -1;
        ll->segs = segs;
        ll->segcap = cap;
    }
    ll->segs[ll->nsegs++] = (segment){ll->text.len, line};
    return 0;
}

/* Appends the rest of the natural line; an odd run of trailing backslashes means the
 * last one escapes the line break, so it is dropped and the line continues. */
static int append_natural_line(reader *r, logical_line *ll, bool *continues)
{
    const char *start = r->p;
    while (r->p < r->end && !is_eol(*r->p))
        r->p++;
    size_t n = (size_t)(r->p - start), run = 0;
    while (run < n && start[n - 1 - run] == '\\')
        run++;
    *continues = run % 2 == 1;
    return omrs_buf_append(&ll->text, start, *continues ? n - 1 : n);
}

/* Adds natural lines to ll while they end in a continuation. A continuation line loses
 * its leading blanks and a blank one ends the logical line. Returns 1 when the logical
 * line is still empty after a continuation: the JDK then reads on as if at the start of
 * a new logical line (so a comment is recognised there). At end of input *got says
 * whether the JDK returns a line; its quirk of returning an empty one after a lone
 * backslash ended by EOF, \n or \r (but not \r\n) is kept. */
static int read_continued(reader *r, logical_line *ll, bool *got)
{
    for (;;) {
        bool continues;
        if (add_segment(ll, r->line) < 0 || append_natural_line(r, ll, &continues) < 0)
            return -1;
        if (r->p == r->end) {
            *got = ll->text.len > 0 || continues;
            return 0;
        }
        size_t eol_len = skip_eol(r);
        if (!continues)
            return ll->text.len > 0 ? 0 : 1;
        if (r->p == r->end) {
            *got = ll->text.len > 0 || eol_len == 1;
            return 0;
        }
        skip_blanks(r);
        if (ll->text.len == 0)
            return 1;
    }
}

/* Reads the next logical line into ll; *got is false at end of input. */
static int read_logical_line(reader *r, logical_line *ll, bool *got)
{
    for (;;) {
        ll->text.len = 0;
        ll->nsegs = 0;
        *got = skip_to_logical_line(r);
        if (!*got)
            return 0;
        int rc = read_continued(r, ll, got);
        if (rc != 1)
            return rc;
    }
}

static unsigned line_at(const logical_line *ll, size_t offset)
{
    unsigned line = ll->segs[0].line;
    for (size_t i = 1; i < ll->nsegs && ll->segs[i].offset <= offset; i++)
        line = ll->segs[i].line;
    return line;
}

/* ---- key and value (Properties.load0 and loadConvert) ---- */

typedef struct span {
    size_t start, end;
    const char *what; /* "key" or "value", for messages */
} span;

/* The key ends at the first unescaped '=', ':' or blank; the value starts after blanks,
 * at most one '=' or ':', and more blanks. */
static void split_key_value(const char *s, size_t len, span *key, span *value)
{
    size_t i = 0, v;
    bool escaped = false, has_separator = false;
    for (; i < len; i++) {
        if (!escaped && (s[i] == '=' || s[i] == ':')) {
            has_separator = true;
            break;
        }
        if (!escaped && is_blank(s[i]))
            break;
        escaped = s[i] == '\\' && !escaped;
    }
    for (v = i < len ? i + 1 : len; v < len; v++) {
        if (is_blank(s[v]))
            continue;
        if (has_separator || (s[v] != '=' && s[v] != ':'))
            break;
        has_separator = true;
    }
    *key = (span){0, i, "key"};
    *value = (span){v, len, "value"};
}

typedef struct unescaper {
    const logical_line *ll;
    const char *filename;
    omrs_buf *out;
    unsigned high_surrogate; /* a \u high half waiting for its low half, or 0 */
    omrs_error *err;
} unescaper;

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Exactly four hex digits, all inside the key or value, as JDK 9+ demands. */
static bool parse_hex4(const char *s, size_t avail, unsigned *unit)
{
    *unit = 0;
    if (avail < 4)
        return false;
    for (int i = 0; i < 4; i++) {
        int d = hex_digit(s[i]);
        if (d < 0)
            return false;
        *unit = *unit << 4 | (unsigned)d;
    }
    return true;
}

/* A lone surrogate is legal in a Java string but has no UTF-8 form; U+FFFD stands in. */
static int flush_high_surrogate(unescaper *u)
{
    if (!u->high_surrogate)
        return 0;
    u->high_surrogate = 0;
    return omrs_buf_append(u->out, REPLACEMENT_CHAR, 3);
}

static int put_utf16_unit(unescaper *u, unsigned unit)
{
    bool is_high = unit >= 0xD800 && unit <= 0xDBFF, is_low = unit >= 0xDC00 && unit <= 0xDFFF;
    if (is_low && u->high_surrogate) {
        unsigned long cp = 0x10000 + ((u->high_surrogate - 0xD800UL) << 10) + (unit - 0xDC00);
        u->high_surrogate = 0;
        return append_code_point(u->out, cp);
    }
    if (flush_high_surrogate(u) < 0)
        return -1;
    if (is_high) {
        u->high_surrogate = unit;
        return 0;
    }
    return is_low ? omrs_buf_append(u->out, REPLACEMENT_CHAR, 3) : append_code_point(u->out, unit);
}

static int fail_malformed_u(unescaper *u, span sp, size_t at)
{
    const char *s = u->ll->text.data;
    int shown = (int)(sp.end - at < 6 ? sp.end - at : 6);
    return omrs_fail(u->err, OMRS_ERR_PARSE,
                     "%s:%u: malformed \\uXXXX escape \"%.*s\" in the %s: \\u must be followed by "
                     "exactly 4 hex digits (write a backslash as \\\\)",
                     u->filename, line_at(u->ll, at), shown, s + at, sp.what);
}

/* C strings cannot carry U+0000, which Java would allow; say so instead of truncating. */
static int fail_nul(unescaper *u, span sp, size_t at)
{
    return omrs_fail(u->err, OMRS_ERR_PARSE,
                     "%s:%u: the %s contains a NUL character (\\u0000 or a zero byte), which "
                     "omrs-console cannot handle",
                     u->filename, line_at(u->ll, at), sp.what);
}

static char escaped_char(char c)
{
    switch (c) {
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'f': return '\f';
    default: return c; /* any other \c means c */
    }
}

/* Handles the escape at s[i] == '\\'; *i moves past it. */
static int unescape_one(unescaper *u, span sp, size_t *i)
{
    const char *s = u->ll->text.data;
    size_t at = *i;
    if (at + 1 == sp.end) { /* unreachable: the line reader drops a trailing backslash */
        *i = sp.end;
        return 0;
    }
    if (s[at + 1] != 'u') {
        *i = at + 2;
        if (flush_high_surrogate(u) < 0)
            return omrs_fail_nomem(u->err);
        return omrs_buf_putc(u->out, escaped_char(s[at + 1])) < 0 ? omrs_fail_nomem(u->err) : 0;
    }
    unsigned unit;
    if (!parse_hex4(s + at + 2, sp.end - (at + 2), &unit))
        return fail_malformed_u(u, sp, at);
    if (unit == 0)
        return fail_nul(u, sp, at);
    *i = at + 6;
    return put_utf16_unit(u, unit) < 0 ? omrs_fail_nomem(u->err) : 0;
}

static int unescape(unescaper *u, span sp)
{
    const char *s = u->ll->text.data;
    u->out->len = 0;
    u->high_surrogate = 0;
    if (omrs_buf_append(u->out, "", 0) < 0)
        return omrs_fail_nomem(u->err);
    for (size_t i = sp.start; i < sp.end;) {
        if (s[i] == '\\') {
            if (unescape_one(u, sp, &i) < 0)
                return -1;
            continue;
        }
        if (s[i] == '\0')
            return fail_nul(u, sp, i);
        if (flush_high_surrogate(u) < 0 || omrs_buf_putc(u->out, s[i]) < 0)
            return omrs_fail_nomem(u->err);
        i++;
    }
    return flush_high_surrogate(u) < 0 ? omrs_fail_nomem(u->err) : 0;
}

typedef struct parse_state {
    reader r;
    logical_line ll;
    omrs_buf key, value;
    const char *filename;
} parse_state;

static int store_property(parse_state *st, omrs_props *out, omrs_error *err)
{
    span key, value;
    split_key_value(st->ll.text.data, st->ll.text.len, &key, &value);
    unescaper ku = {&st->ll, st->filename, &st->key, 0, err};
    unescaper vu = {&st->ll, st->filename, &st->value, 0, err};
    if (unescape(&ku, key) < 0 || unescape(&vu, value) < 0)
        return -1;
    return omrs_props_set(out, st->key.data, st->value.data, st->ll.segs[0].line, err);
}

static int parse_lines(parse_state *st, omrs_props *out, omrs_error *err)
{
    for (;;) {
        bool got;
        if (read_logical_line(&st->r, &st->ll, &got) < 0)
            return omrs_fail_nomem(err);
        if (!got)
            return 0;
        if (store_property(st, out, err) < 0)
            return -1;
    }
}

int omrs_props_parse(const char *text, size_t len, const char *filename, omrs_props *out,
                     omrs_error *err)
{
    *out = (omrs_props){0};
    omrs_buf utf8 = {0};
    if (omrs_utf8_append_lenient(&utf8, text, len) < 0 || omrs_buf_append(&utf8, "", 0) < 0) {
        omrs_buf_free(&utf8);
        return omrs_fail_nomem(err);
    }
    parse_state st = {{utf8.data, utf8.data + utf8.len, 1}, {{0}, NULL, 0, 0}, {0}, {0},
                      filename ? filename : "<text>"};
    int rc = parse_lines(&st, out, err);
    omrs_buf_free(&utf8);
    omrs_buf_free(&st.ll.text);
    free(st.ll.segs);
    omrs_buf_free(&st.key);
    omrs_buf_free(&st.value);
    if (rc < 0)
        omrs_props_free(out);
    return rc;
}

int omrs_props_load(const char *path, omrs_props *out, omrs_error *err)
{
    char *text;
    size_t len;
    struct stat st;
    *out = (omrs_props){0};
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) /* else reading it says "I/O error" */
        return omrs_fail(err, OMRS_ERR_IO, "cannot read %s: %s", path, strerror(EISDIR));
    if (omrs_read_file(path, &text, &len) < 0) {
        int saved = errno;
        return omrs_fail(err, saved == ENOMEM ? OMRS_ERR_NOMEM : OMRS_ERR_IO, "cannot read %s: %s",
                         path, strerror(saved));
    }
    int rc = omrs_props_parse(text, len, path, out, err);
    free(text);
    return rc;
}
