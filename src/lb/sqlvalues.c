/* The Java values Liquibase builds from a <column> (ColumnConfig.load, getValueObject,
 * getDefaultValueObject, ConstraintsConfig) and how InsertGenerator/UpdateGenerator and
 * AbstractJdbcDatabase render them. Date handling follows ISODateFormat (parse, then format)
 * and getDateLiteral. */
#include "sqlgen_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changelog.h"

/* ======================================================================================
 * ISODateFormat
 * ====================================================================================== */

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

/* "yyyy-MM-dd", lenient like SimpleDateFormat (month 13 and day 32 roll over). */
static bool parse_date(const char *s, int64_t *days)
{
    if (!all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2) || s[7] != '-' || !all_digits(s + 8, 2))
        return false;
    int64_t months = number(s, 4) * 12 + number(s + 5, 2) - 1;
    int64_t y = months >= 0 ? months / 12 : (months - 11) / 12;
    *days = days_from_civil(y, months - y * 12 + 1, 1) + number(s + 8, 2) - 1;
    return true;
}

/* "HH:mm:ss", lenient (25:00:00 rolls into the next day). */
static bool parse_time(const char *s, int64_t *seconds)
{
    if (!all_digits(s, 2) || s[2] != ':' || !all_digits(s + 3, 2) || s[5] != ':' || !all_digits(s + 6, 2))
        return false;
    *seconds = number(s, 2) * 3600 + number(s + 3, 2) * 60 + number(s + 6, 2);
    return true;
}

/* The nanoseconds of s: 4.x first tries OffsetDateTime.parse ("...T..:..:..<.digits><Z|±hh:mm>"),
 * then, like 3.10, Integer.parseInt(s.substring(20)) scaled up to 9 digits. */
static bool parse_nanos(const char *s, bool v3, int64_t *nanos)
{
    const char *f = s + 20;
    size_t digits = strspn(f, "0123456789"), len = strlen(s);
    const char *z = f + digits;
    bool offset = !v3 && s[10] == 'T' && digits >= 1 && digits <= 9 &&
                  (strcmp(z, "Z") == 0 || ((z[0] == '+' || z[0] == '-') && all_digits(z + 1, 2) && z[3] == ':' &&
                                           all_digits(z + 4, 2) && z[6] == '\0'));
    if (offset) {
        *nanos = number(f, digits);
        for (size_t i = digits; i < 9; i++)
            *nanos *= 10;
        return true;
    }
    if (digits == 0 || digits > 10 || f[digits] != '\0')
        return false;
    *nanos = number(f, digits);
    for (; len < 29; len++)
        *nanos *= 10;
    return *nanos <= 999999999;   /* Timestamp.setNanos rejects more */
}

typedef struct iso_parsed {
    sg_vkind kind;
    int64_t days, seconds, nanos;
} iso_parsed;

static bool parse_datetime(const char *s, const char *whole, iso_parsed *p)
{
    char sep = strchr(whole, ' ') ? ' ' : 'T';
    p->kind = SG_TIMESTAMP;
    return s[10] == sep && parse_date(s, &p->days) && parse_time(s + 11, &p->seconds);
}

static bool iso_parse(const char *s, bool v3, iso_parsed *p)
{
    *p = (iso_parsed){0};
    size_t len = strlen(s);
    if (len == 8) {
        p->kind = SG_TIME;
        return parse_time(s, &p->seconds);
    }
    if (len == 10) {
        p->kind = SG_DATE;
        return parse_date(s, &p->days);
    }
    if (len == 19)
        return parse_datetime(s, s, p);
    if (!v3 && strchr(s, ':') && !strchr(s, '-')) {   /* 4.x: a time without a date */
        p->kind = SG_TIME;
        return !strchr(s, '.') && len >= 8 && parse_time(s, &p->seconds);
    }
    return len > 19 && s[19] == '.' && parse_datetime(s, s, p) && parse_nanos(s, v3, &p->nanos);
}

static int iso_format(const iso_parsed *p, omrs_buf *out)
{
    int64_t carry = p->seconds >= 0 ? p->seconds / 86400 : (p->seconds - 86399) / 86400;
    int64_t sec = p->seconds - carry * 86400, y;
    int m, d;
    civil_from_days(p->days + carry, &y, &m, &d);
    int hh = (int)(sec / 3600), mi = (int)(sec / 60 % 60), ss = (int)(sec % 60);
    if (p->kind == SG_DATE)
        return omrs_buf_printf(out, "%04lld-%02d-%02d", (long long)y, m, d);
    if (p->kind == SG_TIME)
        return omrs_buf_printf(out, "%02d:%02d:%02d", hh, mi, ss);
    if (omrs_buf_printf(out, "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)y, m, d, hh, mi, ss) < 0)
        return -1;
    if (p->nanos == 0)
        return 0;
    char frac[16];
    snprintf(frac, sizeof frac, "%09lld", (long long)p->nanos);
    size_t n = 9;
    while (n > 1 && frac[n - 1] == '0')
        n--;
    return omrs_buf_printf(out, ".%.*s", (int)n, frac);
}

int sg_iso_date(sg_ctx *c, const char *s, sg_value *out)
{
    iso_parsed p;
    *out = (sg_value){SG_NONE, NULL};
    if (!iso_parse(s, c->v3, &p))
        return 0;
    omrs_buf b = {0};
    if (iso_format(&p, &b) < 0 || sg_own(c, b.data) < 0) {
        omrs_buf_free(&b);
        return sg_nomem(c);
    }
    *out = (sg_value){p.kind, b.data};
    return 0;
}

/* ======================================================================================
 * ColumnConfig
 * ====================================================================================== */

bool sg_java_number_prefix(const char *s)
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

/* setValueNumeric / setDefaultValueNumeric: one leading "(" (and then a trailing ")") goes;
 * a number keeps that text, anything else becomes a function of the original text (value)
 * or of the stripped text (default). */
static int numeric(sg_ctx *c, const char *raw, bool is_default, sg_value *num, sg_value *fn)
{
    if (!raw || sg_ieq(raw, "null"))
        return 0;
    size_t n = strlen(raw);
    const char *p = raw;
    if (*p == '(') {
        p++;
        n--;
        if (n > 0 && p[n - 1] == ')')
            n--;
    }
    const char *stripped = NULL;
    if (sg_strndup(c, p, n, &stripped) < 0)
        return -1;
    if (sg_java_number_prefix(stripped))
        *num = (sg_value){SG_NUMBER, stripped};
    else
        *fn = (sg_value){SG_FUNCTION, is_default ? stripped : raw};
    return 0;
}

/* getChildValue(..., Date.class): ISODateFormat, or a DatabaseFunction of the text. */
static int date(sg_ctx *c, const char *raw, sg_value *dt, sg_value *fn)
{
    if (!raw)
        return 0;
    sg_value v;
    if (sg_iso_date(c, raw, &v) < 0)
        return -1;
    if (v.kind != SG_NONE)
        *dt = v;
    else
        *fn = (sg_value){SG_FUNCTION, raw};
    return 0;
}

typedef struct raw_attrs {
    const char *value, *value_numeric, *value_date, *value_boolean, *value_computed;
    const char *value_blob, *value_clob, *value_seq_next, *value_seq_current;
    const char *dflt, *default_numeric, *default_date, *default_boolean, *default_computed, *default_seq_next;
} raw_attrs;

static int read_raw(sg_ctx *c, xmlNodePtr n, raw_attrs *r)
{
    struct {
        const char *name;
        const char **slot;
    } map[] = {
        {"value", &r->value}, {"valueNumeric", &r->value_numeric}, {"valueDate", &r->value_date},
        {"valueBoolean", &r->value_boolean}, {"valueComputed", &r->value_computed},
        {"valueBlobFile", &r->value_blob}, {"valueClobFile", &r->value_clob},
        {"valueSequenceNext", &r->value_seq_next}, {"valueSequenceCurrent", &r->value_seq_current},
        {"defaultValue", &r->dflt}, {"defaultValueNumeric", &r->default_numeric},
        {"defaultValueDate", &r->default_date}, {"defaultValueBoolean", &r->default_boolean},
        {"defaultValueComputed", &r->default_computed}, {"defaultValueSequenceNext", &r->default_seq_next},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (sg_attr(c, n, map[i].name, map[i].slot) < 0)
            return -1;
    if (!r->value) {   /* the <column>'s own text, trimmed to null */
        bool nomem = false;
        char *text = lb_xml_text(n, &nomem);
        if (nomem || sg_own(c, text) < 0)
            return sg_nomem(c);
        r->value = text;
    }
    return 0;
}

/* The first non-null of the candidates, as getValueObject / getDefaultValueObject pick. */
static sg_value first_set(const sg_value *candidates, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (candidates[i].kind != SG_NONE)
            return candidates[i];
    return (sg_value){SG_NONE, NULL};
}

static sg_value text_value(sg_vkind kind, const char *text)
{
    return text ? (sg_value){kind, text} : (sg_value){SG_NONE, NULL};
}

static sg_value bool_value(const char *raw)
{
    return raw ? (sg_value){SG_BOOL, sg_true(raw) ? "true" : "false"} : (sg_value){SG_NONE, NULL};
}

static int load_value(sg_ctx *c, const raw_attrs *r, sg_column_cfg *col)
{
    sg_value num = {0}, dt = {0}, fn = {0};
    if (numeric(c, r->value_numeric, false, &num, &fn) < 0 || date(c, r->value_date, &dt, &fn) < 0)
        return -1;
    if (r->value_computed)
        fn = (sg_value){SG_FUNCTION, r->value_computed};
    sg_value order[] = {
        text_value(SG_STRING, r->value), bool_value(r->value_boolean), num, dt, fn,
        text_value(SG_FILE, r->value_clob), text_value(SG_FILE, r->value_blob),
        text_value(SG_SEQ_NEXT, r->value_seq_next), text_value(SG_SEQ_CURRENT, r->value_seq_current),
    };
    col->value = first_set(order, sizeof order / sizeof order[0]);
    return 0;
}

static int load_default(sg_ctx *c, const raw_attrs *r, sg_column_cfg *col)
{
    sg_value num = {0}, dt = {0}, fn = {0};
    if (r->default_numeric && strcmp(r->default_numeric, "GENERATED_BY_DEFAULT") == 0)
        col->auto_increment = true;
    else if (numeric(c, r->default_numeric, true, &num, &fn) < 0)
        return -1;
    if (date(c, r->default_date, &dt, &fn) < 0)
        return -1;
    if (r->default_computed)
        fn = (sg_value){SG_FUNCTION, r->default_computed};
    sg_value order[] = {
        text_value(SG_STRING, r->dflt), bool_value(r->default_boolean), num, dt, fn,
        text_value(SG_SEQ_NEXT, r->default_seq_next),
    };
    col->dflt = first_set(order, sizeof order / sizeof order[0]);
    return 0;
}

static xmlNodePtr child_element(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr ch = n->children; ch; ch = ch->next)
        if (lb_is_element(ch, name))
            return ch;
    return NULL;
}

typedef struct bool_attr {
    const char *name;
    bool *slot;
    bool *set;
} bool_attr;

static int read_bools(sg_ctx *c, xmlNodePtr n, const bool_attr *attrs, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const char *v = NULL;
        if (sg_attr(c, n, attrs[i].name, &v) < 0)
            return -1;
        if (v)
            *attrs[i].slot = sg_true(v);
        if (attrs[i].set)
            *attrs[i].set = v != NULL;
    }
    return 0;
}

typedef struct str_attr {
    const char *name;
    const char **slot;
} str_attr;

static int read_strs(sg_ctx *c, xmlNodePtr n, const str_attr *attrs, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (sg_attr(c, n, attrs[i].name, attrs[i].slot) < 0)
            return -1;
    return 0;
}

/* ColumnConfig.loadConstraints. */
static int load_constraints(sg_ctx *c, xmlNodePtr col_node, sg_column_cfg *col)
{
    xmlNodePtr n = child_element(col_node, "constraints");
    col->nullable = -1;
    if (!n)
        return 0;
    col->has_constraints = true;
    bool nullable = false, nullable_set = false;
    const bool_attr bools[] = {
        {"nullable", &nullable, &nullable_set}, {"primaryKey", &col->primary_key, NULL},
        {"unique", &col->unique, NULL}, {"deleteCascade", &col->delete_cascade, &col->delete_cascade_set},
        {"deferrable", &col->deferrable, NULL}, {"initiallyDeferred", &col->initially_deferred, NULL},
    };
    const str_attr strs[] = {
        {"primaryKeyName", &col->pk_name}, {"uniqueConstraintName", &col->unique_name},
        {"notNullConstraintName", &col->not_null_name}, {"references", &col->references},
        {"referencedTableCatalogName", &col->ref_catalog}, {"referencedTableSchemaName", &col->ref_schema},
        {"referencedTableName", &col->ref_table}, {"referencedColumnNames", &col->ref_columns},
        {"foreignKeyName", &col->fk_name},
    };
    if (read_bools(c, n, bools, sizeof bools / sizeof bools[0]) < 0 ||
        read_strs(c, n, strs, sizeof strs / sizeof strs[0]) < 0)
        return -1;
    col->nullable = nullable_set ? nullable : -1;
    return 0;
}

int sg_load_column(sg_ctx *c, xmlNodePtr node, sg_column_cfg *col)
{
    *col = (sg_column_cfg){.node = node};
    raw_attrs r = {0};
    const bool_attr bools[] = {
        {"autoIncrement", &col->auto_increment, NULL}, {"descending", &col->descending, NULL},
        {"computed", &col->computed, &col->computed_set},
    };
    const str_attr strs[] = {
        {"name", &col->name}, {"type", &col->type}, {"remarks", &col->remarks},
        {"afterColumn", &col->after_column}, {"beforeColumn", &col->before_column},
        {"startWith", &col->start_with}, {"incrementBy", &col->increment_by},
        {"generationType", &col->generation_type}, {"defaultOnNull", &col->default_on_null},
        {"defaultValueConstraintName", &col->default_constraint_name},
    };
    if (read_bools(c, node, bools, sizeof bools / sizeof bools[0]) < 0 ||
        read_strs(c, node, strs, sizeof strs / sizeof strs[0]) < 0 || read_raw(c, node, &r) < 0 ||
        load_value(c, &r, col) < 0 || load_default(c, &r, col) < 0)
        return -1;
    return load_constraints(c, node, col);
}

/* AbstractChange.load's column order: the children of every <columns> wrapper, then the
 * <column> elements; a <column>/<columns> with <column> children stands for those. */
static int add_nodes(sg_ctx *c, xmlNodePtr holder, xmlNodePtr **nodes, size_t *n, size_t *cap)
{
    bool nested = false;
    for (xmlNodePtr ch = holder->children; ch; ch = ch->next)
        nested |= lb_is_element(ch, "column");
    for (xmlNodePtr ch = nested ? holder->children : holder; ch; ch = nested ? ch->next : NULL) {
        if (nested && !lb_is_element(ch, "column"))
            continue;
        if (*n == *cap) {
            size_t grown_cap = *cap ? *cap * 2 : 16;
            xmlNodePtr *grown = realloc(*nodes, grown_cap * sizeof *grown);
            if (!grown)
                return sg_nomem(c);
            *nodes = grown;
            *cap = grown_cap;
        }
        (*nodes)[(*n)++] = ch;
    }
    return 0;
}

int sg_load_columns(sg_ctx *c, sg_column_cfg **cols, size_t *count)
{
    static const char *const ORDER[] = {"columns", "column"};
    xmlNodePtr *nodes = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (size_t o = 0; rc == 0 && o < 2; o++)
        for (xmlNodePtr ch = c->change->children; rc == 0 && ch; ch = ch->next)
            if (lb_is_element(ch, ORDER[o]))
                rc = add_nodes(c, ch, &nodes, &n, &cap);
    sg_column_cfg *out = NULL;
    if (rc == 0 && n) {
        out = calloc(n, sizeof *out);
        rc = out ? sg_own(c, out) : sg_nomem(c);   /* sg_own frees out when it fails */
        if (rc < 0)
            out = NULL;
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = sg_load_column(c, nodes[i], &out[i]);
    free(nodes);
    *cols = out;
    *count = rc == 0 ? n : 0;
    return rc;
}

/* ======================================================================================
 * Rendering
 * ====================================================================================== */

/* isCurrentTimeFunction (on the lower-cased text): current_timestamp..., current_datetime...,
 * or MySQL's NOW(). */
static bool is_current_time(const char *fn)
{
    return strncmp(fn, "current_timestamp", 17) == 0 || strncmp(fn, "current_datetime", 16) == 0 ||
           sg_ieq(fn, "NOW()");
}

int sg_function_sql(sg_ctx *c, const sg_value *fn, omrs_buf *out)
{
    if (fn->kind == SG_SEQ_NEXT && c->mariadb) {   /* MariaDB's sequenceNextValueFunction */
        if (omrs_buf_append(out, "NEXT VALUE FOR ", 15) < 0)
            return sg_nomem(c);
        return sg_table(c, NULL, NULL, fn->text, out);
    }
    if (fn->kind == SG_SEQ_NEXT || fn->kind == SG_SEQ_CURRENT)
        return sg_fail(c, OMRS_ERR_PARSE, "sequence value %s: Liquibase has no %s sequence function for %s", fn->text,
                       fn->kind == SG_SEQ_NEXT ? "next-value" : "current-value", c->opt->dbms);
    char *lower = strdup(fn->text);
    if (!lower)
        return sg_nomem(c);
    for (char *p = lower; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    bool now = is_current_time(lower);
    free(lower);
    const char *text = now ? "NOW()" : fn->text;
    return omrs_buf_append(out, text, strlen(text)) < 0 ? sg_nomem(c) : 0;
}

/* getDateLiteral(isoDate): a date or a time in quotes; a date-time with its T made a space. */
int sg_date_literal(const sg_value *v, omrs_buf *out)
{
    if (v->kind != SG_TIMESTAMP)
        return omrs_buf_printf(out, "'%s'", v->text);
    if (omrs_buf_putc(out, '\'') < 0)
        return -1;
    for (const char *p = v->text; *p; p++)
        if (omrs_buf_putc(out, *p == 'T' ? ' ' : *p) < 0)
            return -1;
    return omrs_buf_putc(out, '\'');
}

/* AbstractSqlGenerator.looksLikeFunctionCall. */
static bool looks_like_function_call(const char *s)
{
    return strncmp(s, "\"SYSIBM\"", 8) == 0 || strncmp(s, "to_date(", 8) == 0 || sg_ieq(s, "NOW()");
}

int sg_literal_sql(sg_ctx *c, const sg_value *v, omrs_buf *out)
{
    int rc;
    if (v->kind == SG_NONE || sg_ieq(v->text, "NULL"))
        rc = omrs_buf_append(out, "NULL", 4);
    else if (v->kind == SG_STRING && !looks_like_function_call(v->text))
        rc = lb_sql_string(v->text, out);
    else if (v->kind == SG_DATE || v->kind == SG_TIME || v->kind == SG_TIMESTAMP)
        rc = sg_date_literal(v, out);
    else if (v->kind == SG_BOOL)
        rc = omrs_buf_putc(out, sg_true(v->text) ? '1' : '0');
    else if (v->kind == SG_FUNCTION || v->kind == SG_SEQ_NEXT || v->kind == SG_SEQ_CURRENT)
        return sg_function_sql(c, v, out);
    else if (v->kind == SG_FILE)
        return sg_fail(c, OMRS_ERR_PARSE, "values read from files (%s) are not supported", v->text);
    else
        rc = omrs_buf_append(out, v->text, strlen(v->text));
    return rc < 0 ? sg_nomem(c) : 0;
}
