#include "dbms.h"

#include <stddef.h>
#include <string.h>

/* Java's String.trim(): every char <= U+0020 counts as blank. */
static bool is_java_blank(char c)
{
    return (unsigned char)c <= ' ';
}

/* One item of the list, as a span of the expression. */
typedef struct dbms_item {
    const char *p;
    size_t n;
} dbms_item;

static dbms_item trim_item(const char *p, size_t n)
{
    while (n > 0 && is_java_blank(*p)) {
        p++;
        n--;
    }
    while (n > 0 && is_java_blank(p[n - 1]))
        n--;
    return (dbms_item){p, n};
}

static bool item_is(dbms_item it, const char *word)
{
    return it.n == strlen(word) && memcmp(it.p, word, it.n) == 0;
}

static bool item_is_negation_of(dbms_item it, const char *dbms)
{
    return it.n == strlen(dbms) + 1 && it.p[0] == '!' && memcmp(it.p + 1, dbms, it.n - 1) == 0;
}

/* Java's String.split(",") drops trailing empty strings ("mysql," is ["mysql"], ",," is
 * []), so the expression ends after its last non-empty item. */
static size_t without_trailing_empty_items(const char *p, size_t n)
{
    while (n > 0 && p[n - 1] == ',')
        n--;
    return n;
}

typedef struct dbms_scan {
    bool has_all, has_none, negated, has_positive, listed;
} dbms_scan;

static dbms_scan scan(const char *p, size_t len, const char *dbms)
{
    dbms_scan s = {0};
    const char *end = p + len;
    for (;;) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        dbms_item it = trim_item(p, (size_t)(stop - p));
        s.has_all |= item_is(it, "all");
        s.has_none |= item_is(it, "none");
        s.negated |= item_is_negation_of(it, dbms);
        if (it.n == 0 || it.p[0] != '!') {
            s.has_positive = true;
            s.listed |= item_is(it, dbms);
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    return s;
}

bool lb_dbms_matches(const char *expr, const char *dbms, bool empty_matches)
{
    if (!dbms)
        dbms = "null";   /* Liquibase's short name when there is no database */
    if (!expr)
        return empty_matches;
    dbms_item whole = trim_item(expr, strlen(expr));   /* StringUtil.trimToNull */
    size_t len = without_trailing_empty_items(whole.p, whole.n);
    if (len == 0)
        return empty_matches;
    dbms_scan s = scan(whole.p, len, dbms);
    if (s.has_all)
        return true;
    if (s.has_none || s.negated)
        return false;
    return !s.has_positive || s.listed;
}
