/* OpenMRS's module version rules, after ModuleUtil in openmrs-core
 * (shared/reference/openmrs-modules.md, section 2):
 *  - compareVersion (<= 2.7.x; 2.8.0+ with or without the qualifier rule),
 *  - matchRequiredVersions with its regular expressions done by hand.
 * Everything scans the caller's strings in place: required-version bounds are slices of the
 * range text, and the '*' substitutions are applied while a piece is read as a number, so
 * inputs of any length work without copies or allocations. Text is taken as UTF-8 (how the
 * tool reads config.xml); that only matters for Java's line terminators (see below). */
#include "version.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* matchRequiredVersions puts Integer.toString(Integer.MAX_VALUE) for '*' in an upper bound,
 * 0 in a lower one. */
#define STAR_IN_UPPER_BOUND "2147483647"
#define STAR_IN_LOWER_BOUND "0"

/* From 1.12.0 on, an empty require_version means "any core"; before, nothing matched it. */
#define FIRST_CORE_ACCEPTING_EMPTY_RANGE "1.12.0"
/* 2.8.0 made compareVersion qualifier-aware (TRUNK-5208). */
#define FIRST_CORE_COMPARING_QUALIFIERS "2.8.0"

/* A piece of text, not NUL-terminated. begin == NULL stands for Java's null. */
typedef struct span {
    const char *begin, *end;
} span;

/* A version as compareVersion receives it: the text, and what each '*' in it has been
 * replaced with (NULL: '*' is an ordinary character, which makes its piece read as 0). */
typedef struct version_text {
    span text;
    const char *star;
} version_text;

/* ---- characters and spans ---- */

static span span_of(const char *s)
{
    return s ? (span){s, s + strlen(s)} : (span){NULL, NULL};
}

static size_t span_len(span s)
{
    return (size_t)(s.end - s.begin);
}

static const char *span_find(span s, char c)
{
    return s.begin ? memchr(s.begin, c, span_len(s)) : NULL;
}

/* Java's indexOf(c) > 0: the FIRST occurrence is not at the start. A later occurrence does
 * not count when the first one is at index 0. */
static bool first_occurrence_is_inner(span s, char c)
{
    const char *at = span_find(s, c);
    return at && at > s.begin;
}

static bool is_ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ascii_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Java regex \s without UNICODE_CHARACTER_CLASS: [ \t\n\x0B\f\r]. */
static bool is_regex_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\x0B' || c == '\f' || c == '\r';
}

/* Java's String.trim() drops every char <= ' ' at both ends. */
static bool is_trimmed_by_java(char c)
{
    return (unsigned char)c <= ' ';
}

/* ---- compareVersion ---- */

/* Appends one decimal digit to *value as Long.parseLong does; false when the result would
 * not fit a signed 64-bit long (parseLong then throws and NumberUtils.toLong gives 0). */
static bool append_digit(int64_t *value, char digit)
{
    int d = digit - '0';
    if (*value > (INT64_MAX - d) / 10)
        return false;
    *value = *value * 10 + d;
    return true;
}

/* NumberUtils.toLong(piece.trim(), 0): Long.parseLong of the trimmed piece, 0 when it is not
 * a complete decimal long. A '-' never reaches here (it starts the qualifier), so of the two
 * signs only '+' (accepted since Java 7) matters. Each '*' contributes the digits of star,
 * as if the text had been substituted beforehand. Only ASCII digits are taken: Java would
 * also accept other Unicode decimal digits, which version strings do not use. */
static int64_t java_parse_long(span piece, const char *star)
{
    while (piece.begin < piece.end && is_trimmed_by_java(piece.begin[0]))
        piece.begin++;
    while (piece.end > piece.begin && is_trimmed_by_java(piece.end[-1]))
        piece.end--;
    if (piece.begin < piece.end && piece.begin[0] == '+')
        piece.begin++;
    if (piece.begin == piece.end)
        return 0; /* "" and a lone "+" are not numbers */

    int64_t value = 0;
    for (const char *p = piece.begin; p < piece.end; p++) {
        if (*p == '*' && star) {
            for (const char *s = star; *s; s++)
                if (!append_digit(&value, *s))
                    return 0;
        } else if (!is_ascii_digit(*p) || !append_digit(&value, *p)) {
            return 0;
        }
    }
    return value;
}

/* Reads the '.'-separated pieces of a version's number part one at a time. Java's split
 * drops trailing empty pieces and compareVersion pads the shorter list with "0"; both read
 * as 0, so simply reading 0 once a side runs out gives the same comparison. */
typedef struct piece_reader {
    const char *next; /* start of the next piece; NULL once every piece was read */
    const char *end;  /* end of the number part */
    const char *star;
} piece_reader;

static piece_reader pieces_of(span numbers, const char *star)
{
    return (piece_reader){numbers.begin, numbers.end, star};
}

static int64_t next_piece_value(piece_reader *r)
{
    if (!r->next)
        return 0;
    span rest = {r->next, r->end};
    const char *dot = span_find(rest, '.');
    span piece = {r->next, dot ? dot : r->end};
    r->next = dot ? dot + 1 : NULL;
    return java_parse_long(piece, r->star);
}

/* The text before the first '-'; everything from it on is the qualifier. */
static span number_part(span version)
{
    const char *dash = span_find(version, '-');
    return (span){version.begin, dash ? dash : version.end};
}

static bool has_qualifier(span version)
{
    return span_find(version, '-') != NULL;
}

static int compare_versions(version_text a, version_text b, bool qualifier_aware)
{
    if (!a.text.begin || !b.text.begin)
        return 0;

    piece_reader ra = pieces_of(number_part(a.text), a.star);
    piece_reader rb = pieces_of(number_part(b.text), b.star);
    while (ra.next || rb.next) {
        int64_t va = next_piece_value(&ra);
        int64_t vb = next_piece_value(&rb);
        if (va != vb)
            return va < vb ? -1 : 1;
    }

    /* Equal numbers: 2.8.0+ puts the side with a qualifier first ("1.0-SNAPSHOT" < "1.0"),
     * whatever the qualifier texts are. */
    if (qualifier_aware) {
        bool qa = has_qualifier(a.text), qb = has_qualifier(b.text);
        if (qa != qb)
            return qa ? -1 : 1;
    }
    return 0;
}

static version_text plain_version(span text)
{
    return (version_text){text, NULL};
}

int omrs_version_compare(const char *a, const char *b, bool qualifier_aware)
{
    return compare_versions(plain_version(span_of(a)), plain_version(span_of(b)), qualifier_aware);
}

/* The require_version checks ignore qualifiers in every release: compareVersion did before
 * 2.8.0, and matchRequiredVersions uses compareVersionIgnoringQualifier from 2.8.0 on. */
static int compare_ignoring_qualifier(version_text a, version_text b)
{
    return compare_versions(a, b, false);
}

static bool core_is_at_least(const char *core_version, const char *release)
{
    return omrs_version_compare(core_version, release, false) >= 0;
}

bool omrs_core_compares_qualifiers(const char *core_version)
{
    return core_is_at_least(core_version, FIRST_CORE_COMPARING_QUALIFIERS);
}

/* ---- matchRequiredVersions: the regular expressions, by hand ---- */

/* Advances *p over at least one char accepted by is_wanted; false if there is none. */
static bool skip_one_or_more(const char **p, const char *end, bool (*is_wanted)(char))
{
    const char *start = *p;
    while (*p < end && is_wanted(**p))
        (*p)++;
    return *p > start;
}

static bool skip_char(const char **p, const char *end, char c)
{
    if (*p < end && **p == c) {
        (*p)++;
        return true;
    }
    return false;
}

/* isVersionWithQualifier: the whole piece matches (\d+)\.(\d+)(\.(\d+))?-([A-Za-z]+).
 * Each run is followed by a char it cannot contain, so no backtracking is needed. */
static bool is_version_with_qualifier(span s)
{
    const char *p = s.begin;
    if (!skip_one_or_more(&p, s.end, is_ascii_digit) || !skip_char(&p, s.end, '.') ||
        !skip_one_or_more(&p, s.end, is_ascii_digit))
        return false;
    if (skip_char(&p, s.end, '.') && !skip_one_or_more(&p, s.end, is_ascii_digit))
        return false;
    return skip_char(&p, s.end, '-') && skip_one_or_more(&p, s.end, is_ascii_letter) &&
           p == s.end;
}

/* Where the optional single \s of "^\s?\d+..." ends: a leading blank must be taken, since
 * \d cannot match it. */
static const char *after_optional_space(span s)
{
    return (s.begin < s.end && is_regex_space(s.begin[0])) ? s.begin + 1 : s.begin;
}

/* Length of the UTF-8 encoding of a Java line terminator at p (\n, \r, U+0085, U+2028,
 * U+2029), 0 if there is none. Java's '.' matches none of them. */
static size_t line_terminator_length(const char *p, const char *end)
{
    size_t left = (size_t)(end - p);
    if (*p == '\n' || *p == '\r')
        return 1;
    if (left >= 2 && memcmp(p, "\xC2\x85", 2) == 0)
        return 2;
    if (left >= 3 && (memcmp(p, "\xE2\x80\xA8", 3) == 0 || memcmp(p, "\xE2\x80\xA9", 3) == 0))
        return 3;
    return 0;
}

/* Where the last line terminator of s ends (s.begin when there is none): text from there on
 * can be matched by ".*". Found once per piece so the '-' walk stays linear. */
static const char *after_last_line_terminator(span s)
{
    const char *after = s.begin;
    for (const char *p = s.begin; p < s.end;) {
        size_t n = line_terminator_length(p, s.end);
        p += n ? n : 1;
        if (n)
            after = p;
    }
    return after;
}

/* upper.matches("^\\s?\\d+.*"): a digit after at most one blank, then no line terminator
 * up to the end (".*" must reach the end of the text). dot_all_from: where the last line
 * terminator of the piece ends (upper is a tail of that piece). */
static bool starts_with_number(span upper, const char *dot_all_from)
{
    const char *digit = after_optional_space(upper);
    return digit < upper.end && is_ascii_digit(*digit) && digit >= dot_all_from;
}

/* The character class [\.\d+\*?|\.\*] of the bound-cleaning expression: '.', digits, '+',
 * '*', '?' and '|' are all literal inside the brackets. */
static bool is_bound_char(char c)
{
    return is_ascii_digit(c) || c == '.' || c == '+' || c == '*' || c == '?' || c == '|';
}

/* Length of the match of ^\s?\d+[\.\d+\*?|\.\*]+ at the start of s, 0 when it does not
 * match. Greedy: after the optional blank, the longest run of class chars that starts with
 * a digit, and it needs two chars at least (\d+ and the class each take one). */
static size_t bound_prefix_length(span s)
{
    const char *run = after_optional_space(s);
    if (run == s.end || !is_ascii_digit(*run))
        return 0;
    const char *p = run;
    while (p < s.end && is_bound_char(*p))
        p++;
    return p - run >= 2 ? (size_t)(p - s.begin) : 0;
}

/* StringUtils.remove(bound, bound.replaceAll(PREFIX, "")): the text after the prefix match
 * (the "remainder") is deleted wherever it occurs, left to right without overlaps. No match
 * makes the whole bound the remainder, leaving nothing.
 * The remainder starts with a char outside the class (the run is maximal), and the only
 * such char the prefix can hold is its optional leading blank, so it can occur only at 0
 * and where the prefix ends. Deleting those keeps a contiguous slice of the bound. */
static span clean_bound(span bound)
{
    size_t prefix = bound_prefix_length(bound);
    if (prefix == 0)
        return (span){bound.begin, bound.begin};
    size_t rest = span_len(bound) - prefix;
    if (rest == 0)
        return bound;

    const char *remainder = bound.begin + prefix;
    if (memcmp(bound.begin, remainder, rest) != 0)
        return (span){bound.begin, remainder}; /* only the remainder itself goes */
    /* It also starts the bound; the search resumes after that copy, so the trailing copy
     * is deleted only when the two do not overlap. */
    const char *after_first = bound.begin + rest;
    return (span){after_first, rest <= prefix ? remainder : bound.end};
}

/* Lower and upper bound of a range piece: split at the first '-' (not at index 0) whose
 * following text starts with a number; when none does, at the last '-' tried. Without a
 * usable '-', both bounds are the whole piece. */
static void split_range(span piece, span *lower, span *upper)
{
    *lower = *upper = piece;
    const char *dot_all_from = after_last_line_terminator(piece);
    const char *dash = span_find(piece, '-');
    while (dash && dash > piece.begin) {
        *lower = (span){piece.begin, dash};
        *upper = (span){dash + 1, piece.end};
        if (starts_with_number(*upper, dot_all_from))
            return;
        dash = span_find(*upper, '-');
    }
}

/* A '*' is substituted only when the cleaned bound's first '*' is not at its start. */
static version_text bound_version(span cleaned, const char *star)
{
    return (version_text){cleaned, first_occurrence_is_inner(cleaned, '*') ? star : NULL};
}

/* "a - b", "1.9.*" and the like: inclusive, '*' meaning 0 below and 2147483647 above. */
static bool range_piece_matches(version_text core, span piece)
{
    span lower, upper;
    split_range(piece, &lower, &upper);
    version_text low = bound_version(clean_bound(lower), STAR_IN_LOWER_BOUND);
    version_text high = bound_version(clean_bound(upper), STAR_IN_UPPER_BOUND);
    return compare_ignoring_qualifier(core, low) >= 0 &&
           compare_ignoring_qualifier(core, high) <= 0;
}

/* A '*' after the start, or a '-' after the start that is not a plain "1.2.3-LETTERS"
 * qualifier, makes a range; anything else is a single "this version or later". */
static bool is_range_piece(span piece)
{
    return first_occurrence_is_inner(piece, '*') ||
           (first_occurrence_is_inner(piece, '-') && !is_version_with_qualifier(piece));
}

static bool piece_matches(version_text core, span piece)
{
    if (is_range_piece(piece))
        return range_piece_matches(core, piece);
    return compare_ignoring_qualifier(core, plain_version(piece)) >= 0;
}

bool omrs_version_matches_required(const char *core_version, const char *range)
{
    if (!range || !*range)
        return core_is_at_least(core_version, FIRST_CORE_ACCEPTING_EMPTY_RANGE);

    version_text core = plain_version(span_of(core_version));
    /* range.split(","): pieces are not trimmed, and trailing empty pieces are dropped (all
     * of them when the range is only commas); an empty piece before a non-empty one stays
     * and, read as 0, matches every core. */
    span rest = span_of(range);
    while (rest.end > rest.begin && rest.end[-1] == ',')
        rest.end--;
    while (rest.begin < rest.end) {
        const char *comma = span_find(rest, ',');
        span piece = {rest.begin, comma ? comma : rest.end};
        if (piece_matches(core, piece))
            return true;
        rest.begin = comma ? comma + 1 : rest.end;
    }
    return false;
}
