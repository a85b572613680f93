#include "javavalues.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"

/* NumberFormat.parse ignores whatever follows the number: optional "-", then digits
 * (grouping commas allowed, a decimal point), or the NaN / infinity symbols. */
bool lb_java_number_prefix(const char *s)
{
    if (strncmp(s, "NaN", 3) == 0)
        return true;
    if (*s == '-')
        s++;
    if (strncmp(s, "\xE2\x88\x9E", 3) == 0)   /* the infinity symbol */
        return true;
    while (*s == ',')
        s++;
    if (*s == '.')
        s++;
    return *s >= '0' && *s <= '9';
}

/* ======================================================================================
 * ISODateFormat (parse then format), computed in UTC
 * ====================================================================================== */

typedef struct iso_time {
    int64_t days;     /* since 1970-01-01 */
    int64_t seconds;  /* of the day, may overflow: normalized when formatting */
    int64_t nanos;
} iso_time;

/* Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int64_t number(const char *s, size_t n)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* "yyyy-MM-dd", lenient like SimpleDateFormat: month 13 or day 32 roll over. */
static bool parse_date(const char *s, int64_t *days)
{
    if (!all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2) || s[7] != '-' || !all_digits(s + 8, 2))
        return false;
    int64_t months = number(s, 4) * 12 + number(s + 5, 2) - 1;
    int64_t y = months >= 0 ? months / 12 : (months - 11) / 12;
    *days = days_from_civil(y, months - y * 12 + 1, 1) + number(s + 8, 2) - 1;
    return true;
}

/* "HH:mm:ss", lenient: hour 25 rolls into the next day. */
static bool parse_time(const char *s, int64_t *seconds)
{
    if (!all_digits(s, 2) || s[2] != ':' || !all_digits(s + 3, 2) || s[5] != ':' || !all_digits(s + 6, 2))
        return false;
    *seconds = number(s, 2) * 3600 + number(s + 3, 2) * 60 + number(s + 6, 2);
    return true;
}

/* The first 19 chars as "yyyy-MM-dd'T'HH:mm:ss", or with a space instead of the T when
 * the string contains a space anywhere (that is how ISODateFormat picks its pattern). */
static bool parse_datetime19(const char *s, iso_time *t)
{
    char sep = strchr(s, ' ') ? ' ' : 'T';
    return s[10] == sep && parse_date(s, &t->days) && parse_time(s + 11, &t->seconds);
}

/* "Z", "+hh:mm" or (with LB_ISO_OFFSET_SECONDS) "+hh:mm:ss", and nothing after it. */
static bool iso_offset(const char *z, unsigned rules)
{
    if (strcmp(z, "Z") == 0)
        return true;
    if (!(z[0] == '+' || z[0] == '-') || !all_digits(z + 1, 2) || z[3] != ':' || !all_digits(z + 4, 2))
        return false;
    if (z[6] == '\0')
        return true;
    return (rules & LB_ISO_OFFSET_SECONDS) && z[6] == ':' && all_digits(z + 7, 2) && z[9] == '\0';
}

/* The nanoseconds of an ISO offset date-time ("...T..:..:..<.fraction><offset>"), as
 * OffsetDateTime.parse reads them (4.x tries that first). */
static bool offset_fraction(const char *s, unsigned rules, int64_t *nanos)
{
    if (s[10] != 'T')
        return false;
    const char *f = s + 20;
    size_t n = strspn(f, "0123456789");
    if (n == 0 || n > 9 || !iso_offset(f + n, rules))
        return false;
    *nanos = number(f, n);
    for (size_t i = n; i < 9; i++)
        *nanos *= 10;
    return true;
}

/* The fallback: Integer.parseInt(s.substring(20)), scaled by 10 for every char the whole
 * string is short of 29; Timestamp.setNanos rejects more than 999999999. */
static bool plain_fraction(const char *s, int64_t *nanos)
{
    const char *f = s + 20;
    size_t n = strlen(f), len = strlen(s);
    if (n == 0 || n > 10 || !all_digits(f, n))
        return false;
    *nanos = number(f, n);
    for (; len < 29; len++)
        *nanos *= 10;
    return *nanos <= 999999999;
}

/* Any length but 8, 10 and 19: 4.x's date-less time, else a timestamp with a fraction. */
static lb_iso_kind iso_parse_long(const char *s, unsigned rules, iso_time *t)
{
    size_t len = strlen(s);
    bool v4 = rules & LB_ISO_V4;
    if (v4 && strchr(s, ':') && !strchr(s, '-')) {
        if (strchr(s, '.') || len < 8 || !parse_time(s, &t->seconds))
            return LB_ISO_NONE;   /* java.sql.Time cannot hold a fraction */
        return LB_ISO_TIME;
    }
    if (len < 19 || s[19] != '.' || !parse_datetime19(s, t))
        return LB_ISO_NONE;
    if (v4 && offset_fraction(s, rules, &t->nanos))
        return LB_ISO_TIMESTAMP;
    return plain_fraction(s, &t->nanos) ? LB_ISO_TIMESTAMP : LB_ISO_NONE;
}

/* ISODateFormat.parse picks its pattern by the string's length. */
static lb_iso_kind iso_parse(const char *s, unsigned rules, iso_time *t)
{
    *t = (iso_time){0};
    switch (strlen(s)) {
    case 8:
        return parse_time(s, &t->seconds) ? LB_ISO_TIME : LB_ISO_NONE;
    case 10:
        return parse_date(s, &t->days) ? LB_ISO_DATE : LB_ISO_NONE;
    case 19:
        return parse_datetime19(s, t) ? LB_ISO_TIMESTAMP : LB_ISO_NONE;
    default:
        return iso_parse_long(s, rules, t);
    }
}

/* ".nanos" without trailing zeros, nothing when they are 0 (Timestamp formatting). */
static int format_nanos(int64_t nanos, omrs_buf *out)
{
    if (nanos == 0)
        return 0;
    char frac[16];
    snprintf(frac, sizeof frac, "%09lld", (long long)nanos);
    size_t n = 9;
    while (n > 1 && frac[n - 1] == '0')
        n--;
    return omrs_buf_printf(out, ".%.*s", (int)n, frac);
}

/* ISODateFormat.format: java.sql.Date prints the date, Time the time, Timestamp
 * "yyyy-MM-dd'T'HH:mm:ss" plus its nanoseconds. */
static int iso_format(lb_iso_kind kind, const iso_time *t, omrs_buf *out)
{
    int64_t carry = t->seconds >= 0 ? t->seconds / 86400 : (t->seconds - 86399) / 86400;
    int64_t sec = t->seconds - carry * 86400, y;
    int m, d;
    civil_from_days(t->days + carry, &y, &m, &d);
    int hh = (int)(sec / 3600), mi = (int)(sec / 60 % 60), ss = (int)(sec % 60);
    if (kind == LB_ISO_DATE)
        return omrs_buf_printf(out, "%04lld-%02d-%02d", (long long)y, m, d);
    if (kind == LB_ISO_TIME)
        return omrs_buf_printf(out, "%02d:%02d:%02d", hh, mi, ss);
    if (omrs_buf_printf(out, "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)y, m, d, hh, mi, ss) < 0)
        return -1;
    return format_nanos(t->nanos, out);
}

int lb_iso_date_reformat(const char *s, unsigned rules, lb_iso_kind *kind, char **out)
{
    iso_time t;
    *out = NULL;
    *kind = iso_parse(s, rules, &t);
    if (*kind == LB_ISO_NONE)
        return 0;
    omrs_buf b = {0};
    if (iso_format(*kind, &t, &b) < 0) {
        omrs_buf_free(&b);
        return -1;
    }
    *out = b.data;
    return 0;
}
