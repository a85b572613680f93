/* How a <sql> change's text becomes statements: Liquibase tokenizes it with its JavaCC
 * SimpleSqlGrammar (whitespace, comments, string literals, quoted and dotted identifiers,
 * numbers, one-character symbols), then StringUtil.processMultiLineSQL cuts at delimiter
 * tokens (";", or "go"/"/" at the start of a line, or the endDelimiter) outside
 * BEGIN...END blocks (4.x only), dropping comments when stripComments is set.
 *
 * The grammar's longest-match rules are followed for everything that can hide a delimiter
 * (literals, comments, quoted identifiers). Approximation: every non-ASCII character that is
 * not Unicode whitespace counts as a letter (the grammar lists the letters; the difference
 * only matters next to GO/BEGIN/END). */
#include "sqlgen_int.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum tok_kind { TOK_SPACE, TOK_COMMENT, TOK_OTHER } tok_kind;

typedef struct token {
    const char *p;
    size_t n;
    tok_kind kind;
} token;

typedef struct tokens {
    token *items;
    size_t n, cap;
} tokens;

static int push(tokens *t, const char *p, size_t n, tok_kind kind)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        token *grown = realloc(t->items, cap * sizeof *grown);
        if (!grown)
            return -1;
        t->items = grown;
        t->cap = cap;
    }
    t->items[t->n++] = (token){p, n, kind};
    return 0;
}

/* ======================================================================================
 * The tokenizer
 * ====================================================================================== */

/* Length of the Unicode whitespace character the grammar lists at s, or 0. */
static size_t space_at(const unsigned char *s)
{
    static const char *const WIDE[] = {
        "\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE1\xA0\x8E", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
        "\xE2\x81\x9F", "\xE2\x81\xA0", "\xE3\x80\x80", "\xEF\xBB\xBF"};
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        return 1;
    if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x80 && s[2] <= 0x8D)   /* U+2000..U+200D */
        return 3;
    for (size_t i = 0; i < sizeof WIDE / sizeof WIDE[0]; i++)
        if (strncmp((const char *)s, WIDE[i], strlen(WIDE[i])) == 0)
            return strlen(WIDE[i]);
    return 0;
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static bool ident_start(const unsigned char *s)
{
    return isalpha(*s) || *s == '_' || *s == '$' || (*s >= 0x80 && !space_at(s));
}

static bool ident_part(const unsigned char *s)
{
    return ident_start(s) || isdigit(*s) || *s == '#' || *s == '@';
}

static size_t ident_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!ident_start(p))
        return 0;
    size_t n = 0;
    while (p[n] && ident_part(p + n))
        n += utf8_len(p[n]);
    return n;
}

/* "...", `...` and [x...] quoted identifiers: no line breaks inside. */
static size_t quoted_ident_len(const char *s)
{
    char close = s[0] == '`' ? '`' : s[0] == '[' ? ']' : s[0] == '"' ? '"' : 0;
    if (!close || (s[0] == '[' && (isdigit((unsigned char)s[1]) || s[1] == ']')))
        return 0;
    size_t i = 1;
    while (s[i] && s[i] != close && s[i] != '\n' && s[i] != '\r')
        i++;
    return s[i] == close && i > 1 ? i + 1 : 0;
}

/* 4.x hybrid string: q ( qq | \any | [^\\q] )* ( q | \q ), longest match. */
static size_t hybrid_string_len(const char *s, char q)
{
    size_t accept = 0;
    for (size_t j = 1; s[j];) {
        if (s[j] == '\\' && s[j + 1]) {
            if (s[j + 1] == q)
                accept = j + 2;
            j += 2;
        } else if (s[j] == q) {
            accept = j + 1;
            if (s[j + 1] != q)
                break;
            j += 2;
        } else {
            j++;
        }
    }
    return accept;
}

/* 3.10: '(~['] | \')*' ('(~['] | \')*')*, longest match, simulated over its three states. */
static size_t v3_string_len(const char *s)
{
    enum { BODY = 1, AFTER_BACKSLASH = 2, CLOSED = 4 };
    unsigned states = BODY;
    size_t accept = 0;
    for (size_t j = 1; s[j] && states; j++) {
        unsigned next = 0;
        if (states & (BODY | AFTER_BACKSLASH))
            next |= s[j] == '\'' ? CLOSED : s[j] == '\\' ? AFTER_BACKSLASH : BODY;
        if ((states & AFTER_BACKSLASH) && s[j] == '\'')
            next |= BODY;   /* \' as one unit */
        if ((states & CLOSED) && s[j] == '\'')
            next |= BODY;   /* a following '...' segment */
        states = next;
        if (states & CLOSED)
            accept = j + 1;
    }
    return accept;
}

/* A string literal at s, with 4.x's optional prefix (U, E, N, R, B, RB, _utf8). */
static size_t string_len(const char *s, bool v3)
{
    if (v3)
        return s[0] == '\'' ? v3_string_len(s) : 0;
    static const char *const PREFIXES[] = {"", "U", "E", "N", "R", "B", "RB", "_utf8"};
    size_t best = 0;
    for (size_t i = 0; i < sizeof PREFIXES / sizeof PREFIXES[0]; i++) {
        size_t k = strlen(PREFIXES[i]);
        if (strncasecmp(s, PREFIXES[i], k) != 0 || (s[k] != '\'' && s[k] != '"'))
            continue;
        size_t n = hybrid_string_len(s + k, s[k]);
        if (n && k + n > best)
            best = k + n;
    }
    return best;
}

/* An identifier or quoted identifier, continued through ". name" parts (COMPLEX_IDENTIFIER). */
static size_t name_len(const char *s)
{
    size_t n = ident_len(s);
    if (!n)
        n = quoted_ident_len(s);
    for (size_t k; n;) {
        k = n;
        while (s[k] == ' ' || s[k] == '\r' || s[k] == '\n')
            k++;
        if (s[k] != '.')
            break;
        k++;
        while (s[k] == ' ' || s[k] == '\r' || s[k] == '\n')
            k++;
        size_t part = ident_len(s + k);
        if (!part)
            part = quoted_ident_len(s + k);
        if (!part)
            break;
        n = k + part;
    }
    return n;
}

static size_t digits(const char *s)
{
    size_t n = 0;
    while (isdigit((unsigned char)s[n]))
        n++;
    return n;
}

/* S_LONG / S_DOUBLE. */
static size_t number_len(const char *s)
{
    size_t n = digits(s), frac = 0;
    bool dot = s[n] == '.' && (n > 0 || isdigit((unsigned char)s[n + 1]));
    if (dot)
        frac = digits(s + n + 1);
    if (!n && !frac)
        return 0;
    size_t end = n + (dot ? 1 + frac : 0);
    size_t sign = (s[end] == 'e' || s[end] == 'E') && (s[end + 1] == '+' || s[end + 1] == '-');
    if ((s[end] == 'e' || s[end] == 'E') && digits(s + end + 1 + sign))
        end += 1 + sign + digits(s + end + 1 + sign);
    return end;
}

static size_t comment_len(const char *s)
{
    if (s[0] == '-' && s[1] == '-')
        return 2 + strcspn(s + 2, "\r\n");
    if (s[0] == '/' && s[1] == '*') {
        const char *end = strstr(s + 2, "*/");
        return end ? (size_t)(end - s) + 2 : 0;
    }
    return 0;
}

/* The longest token at s and its kind. */
static size_t next_token(const char *s, bool v3, tok_kind *kind)
{
    size_t n = space_at((const unsigned char *)s);
    if (n) {
        while (s[n] && space_at((const unsigned char *)s + n))
            n += space_at((const unsigned char *)s + n);
        *kind = TOK_SPACE;
        return n;
    }
    *kind = TOK_COMMENT;
    if ((n = comment_len(s)))
        return n;
    *kind = TOK_OTHER;
    size_t str = string_len(s, v3), name = name_len(s), num = number_len(s);
    n = str > name ? str : name;
    n = num > n ? num : n;
    if (!n && s[0] == '"' && s[1] == '"')
        n = 2;   /* EMPTY_QUOTE */
    return n ? n : utf8_len((unsigned char)s[0]);
}

static int tokenize(const char *sql, bool v3, bool keep_comments, tokens *out)
{
    const char *end = sql + strlen(sql);
    for (const char *p = sql; p < end;) {
        tok_kind kind;
        size_t n = next_token(p, v3, &kind);
        if (n > (size_t)(end - p))   /* a truncated UTF-8 sequence at the very end */
            n = (size_t)(end - p);
        if ((kind != TOK_COMMENT || keep_comments) && push(out, p, n, kind) < 0)
            return -1;
        p += n;
    }
    return 0;
}

/* ======================================================================================
 * processMultiLineSQL
 * ====================================================================================== */

static bool token_is(const token *t, const char *word)
{
    return t && t->n == strlen(word) && strncasecmp(t->p, word, t->n) == 0;
}

static bool blank_token(const token *t)
{
    for (size_t i = 0; i < t->n; i++)
        if ((unsigned char)t->p[i] > ' ')
            return false;
    return true;
}

/* mergeTokens: consecutive tokens that spell the endDelimiter become one token; a partial
 * run that then fails is passed through; one still open at the end is lost (as in Java). */
static int merge_tokens(const tokens *in, const char *delim, tokens *out)
{
    size_t dn = strlen(delim), run_start = 0, run_len = 0, runs = 0;
    for (size_t i = 0; i < in->n; i++) {
        const token *t = &in->items[i];
        if (runs == 0) {
            if (t->n <= dn && strncmp(delim, t->p, t->n) == 0) {
                run_start = i;
                run_len = t->n;
                runs = 1;
            } else if (push(out, t->p, t->n, t->kind) < 0) {
                return -1;
            }
            continue;
        }
        bool prefix = run_len + t->n <= dn && strncmp(delim + run_len, t->p, t->n) == 0;
        if (prefix && run_len + t->n == dn) {
            if (push(out, in->items[run_start].p, dn, TOK_OTHER) < 0)
                return -1;
            runs = 0;
        } else if (prefix) {
            run_len += t->n;
            runs++;
        } else {
            for (size_t k = run_start; k < i; k++)
                if (push(out, in->items[k].p, in->items[k].n, in->items[k].kind) < 0)
                    return -1;
            if (push(out, t->p, t->n, t->kind) < 0)
                return -1;
            runs = 0;
        }
    }
    return 0;
}

/* String.matches(regex), case-insensitively, with POSIX extended syntax standing in for
 * Java's: 1 or 0, -1 when memory runs out (a pattern POSIX cannot compile never matches). */
static int matches_ci(const char *text, size_t n, const char *prefix, const char *regex)
{
    omrs_buf pattern = {0};
    char *subject = strndup(text, n);
    int rc = subject && omrs_buf_printf(&pattern, "^(%s%s)$", prefix, regex) == 0 ? 0 : -1;
    regex_t re;
    if (rc == 0 && regcomp(&re, pattern.data, REG_EXTENDED | REG_ICASE | REG_NOSUB) == 0) {
        rc = regexec(&re, subject, 0, NULL, 0) == 0;
        regfree(&re);
    }
    omrs_buf_free(&pattern);
    free(subject);
    return rc;
}

static bool ends_with_newline(const token *t)
{
    return t && t->n > 0 && t->p[t->n - 1] == '\n';
}

/* StringUtil.isDelimiter: 1 or 0, -1 when memory runs out. */
static int is_delimiter(const token *piece, const token *previous, const char *delim, bool v3)
{
    if (!delim)
        return token_is(piece, ";") ||
               ((token_is(piece, "go") || token_is(piece, "/")) && (!previous || ends_with_newline(previous)));
    if (strlen(delim) == 1) {
        if (!v3 && strcmp(delim, "/") == 0 && previous && !ends_with_newline(previous))
            return 0;
        return token_is(piece, delim);
    }
    int hit = v3 ? matches_ci(piece->p, piece->n, "", delim) : token_is(piece, delim);
    if (hit != 0)
        return hit;
    /* (previousPiece + piece) against "[\s\n\r]*" + delimiter; a null previous prints "null" */
    omrs_buf both = {0};
    if (omrs_buf_append(&both, previous ? previous->p : "null", previous ? previous->n : 4) < 0 ||
        omrs_buf_append(&both, piece->p, piece->n) < 0) {
        omrs_buf_free(&both);
        return -1;
    }
    hit = matches_ci(both.data, both.len, "[[:space:]]*", delim);
    omrs_buf_free(&both);
    return hit;
}

/* The next token after i that is not blank (4.x's nextPiece). */
static const token *next_piece(const tokens *t, size_t i)
{
    for (size_t k = i + 1; k < t->n; k++)
        if (!blank_token(&t->items[k]))
            return &t->items[k];
    return NULL;
}

static bool one_of(const token *t, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (token_is(t, words[i]))
            return true;
    return false;
}

/* 4.x: BEGIN ... END blocks are not split (BEGIN TRANSACTION and friends are not blocks). */
static void track_blocks(const tokens *t, size_t i, int *depth)
{
    static const char *const TRANSACTION[] = {"transaction", "trans", "tran"};
    static const char *const NOT_BLOCK[] = {"transaction", "trans", "tran", "dialog", "conversation", "distributed"};
    const token *piece = &t->items[i], *next = next_piece(t, i);
    if (token_is(piece, "BEGIN") && !(next && one_of(next, NOT_BLOCK, 6)))
        (*depth)++;
    if (token_is(piece, "END") && *depth > 0 && !(next && one_of(next, TRANSACTION, 3)))
        (*depth)--;
}

/* Appends the Java-trimmed statement, if any, to out. */
static int flush(omrs_buf *current, lb_sql_list *out)
{
    size_t start = 0, len = 0;
    if (current->data)
        lb_java_trim_span(current->data, &start, &len);
    int rc = len ? omrs_strlist_push(out, current->data + start, len) : 0;
    current->len = 0;
    if (current->data)
        current->data[0] = '\0';
    return rc;
}

static int split_tokens(const tokens *t, bool split, const char *delim, bool v3, lb_sql_list *out)
{
    omrs_buf current = {0};
    const token *previous = NULL;
    bool previous_delimiter = false;
    int depth = 0, rc = 0;
    for (size_t i = 0; rc == 0 && i < t->n; i++) {
        const token *piece = &t->items[i];
        if (!v3)
            track_blocks(t, i, &depth);
        int delimiter = depth == 0 && split ? is_delimiter(piece, previous, delim, v3) : 0;
        if (delimiter < 0) {
            rc = -1;
        } else if (delimiter) {
            rc = flush(&current, out);
            previous_delimiter = true;
        } else {
            bool blank = blank_token(piece);
            if ((!previous_delimiter || !blank) && (current.len > 0 || !blank))
                rc = omrs_buf_append(&current, piece->p, piece->n);
            previous_delimiter = false;
        }
        previous = piece;
    }
    if (rc == 0)
        rc = flush(&current, out);
    omrs_buf_free(&current);
    return rc;
}

int sg_split_sql(const char *sql, bool strip_comments, bool split, const char *end_delimiter, bool v3,
                 lb_sql_list *out)
{
    tokens raw = {0}, merged = {0};
    int rc = tokenize(sql, v3, !strip_comments, &raw);
    if (rc == 0 && end_delimiter)
        rc = merge_tokens(&raw, end_delimiter, &merged);
    if (rc == 0)
        rc = split_tokens(end_delimiter ? &merged : &raw, split, end_delimiter, v3, out);
    free(raw.items);
    free(merged.items);
    return rc;
}
