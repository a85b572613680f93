/* The Java values Liquibase builds from a <column> (ColumnConfig.load, getValueObject,
 * getDefaultValueObject, ConstraintsConfig) and how InsertGenerator/UpdateGenerator and
 * AbstractJdbcDatabase render them. Date handling follows ISODateFormat (parse, then format)
 * and getDateLiteral. */
#include "sqlgen_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changelog.h"
#include "javavalues.h"

/* ======================================================================================
 * ISODateFormat (javavalues.c)
 * ====================================================================================== */

static sg_vkind iso_vkind(lb_iso_kind kind)
{
    return kind == LB_ISO_DATE ? SG_DATE : kind == LB_ISO_TIME ? SG_TIME : SG_TIMESTAMP;
}

int sg_iso_date(sg_ctx *c, const char *s, sg_value *out)
{
    /* No LB_ISO_OFFSET_SECONDS: the SQL side has only ever accepted "Z" and "+hh:mm". */
    unsigned rules = c->v3 ? 0 : LB_ISO_V4;
    lb_iso_kind kind;
    char *text = NULL;
    *out = (sg_value){SG_NONE, NULL};
    if (lb_iso_date_reformat(s, rules, &kind, &text) < 0)
        return sg_nomem(c);
    if (kind == LB_ISO_NONE)
        return 0;
    if (sg_own(c, text) < 0)   /* it has freed text and recorded the failure */
        return -1;
    *out = (sg_value){iso_vkind(kind), text};
    return 0;
}

/* ======================================================================================
 * ColumnConfig
 * ====================================================================================== */

/* setValueNumeric / setDefaultValueNumeric: one leading "(" (and then a trailing ")") goes;
 * a number keeps that text, anything else becomes a function of the original text (value)
 * or of the stripped text (default). */
static int numeric(sg_ctx *c, const char *raw, bool is_default, sg_value *num, sg_value *fn)
{
    if (!raw || omrs_ascii_ieq(raw, "null"))
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
    if (lb_java_number_prefix(stripped))
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
           omrs_ascii_ieq(fn, "NOW()");
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
    return strncmp(s, "\"SYSIBM\"", 8) == 0 || strncmp(s, "to_date(", 8) == 0 || omrs_ascii_ieq(s, "NOW()");
}

int sg_literal_sql(sg_ctx *c, const sg_value *v, omrs_buf *out)
{
    int rc;
    if (v->kind == SG_NONE || omrs_ascii_ieq(v->text, "NULL"))
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
