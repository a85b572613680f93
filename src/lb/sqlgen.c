/* lb_changeset_sql: walks a changeSet's changes, hands each to its generator (sqlddl.c,
 * sqldml.c) and applies the changeSet's modifySql visitors to what comes out, the way
 * ChangeSet.execute + AbstractExecutor.applyVisitors do. Also the context helpers every
 * generator uses. */
#include "sqlgen_int.h"

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changelog.h"
#include "dbms.h"

/* ======================================================================================
 * Lists and memory
 * ====================================================================================== */

void lb_sql_list_free(lb_sql_list *l)
{
    omrs_strlist_free(l);
}

int sg_nomem(sg_ctx *c)
{
    c->failed = true;
    return omrs_fail_nomem(c->err);
}

int sg_done(sg_ctx *c, int rc)
{
    if (rc >= 0)
        return 0;
    return c->failed ? -1 : sg_nomem(c);
}

int sg_own(sg_ctx *c, void *p)
{
    if (!p)
        return 0;
    if (c->n_owned == c->cap_owned) {
        size_t cap = c->cap_owned ? c->cap_owned * 2 : 64;
        void **grown = realloc(c->owned, cap * sizeof *grown);
        if (!grown) {
            free(p);
            return sg_nomem(c);
        }
        c->owned = grown;
        c->cap_owned = cap;
    }
    c->owned[c->n_owned++] = p;
    return 0;
}

int sg_strndup(sg_ctx *c, const char *s, size_t n, const char **out)
{
    char *copy = strndup(s, n);
    if (!copy)
        return sg_nomem(c);
    *out = copy;
    return sg_own(c, copy);
}

static void ctx_free(sg_ctx *c)
{
    for (size_t i = 0; i < c->n_owned; i++)
        free(c->owned[i]);
    free(c->owned);
    lb_sql_list_free(&c->stmts);
}

/* ======================================================================================
 * Errors and properties
 * ====================================================================================== */

int sg_fail(sg_ctx *c, omrs_code code, const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    c->failed = true;
    char *id = lb_xml_id(c->changeset);
    xmlNodePtr at = c->change ? c->change : c->changeset;
    omrs_fail(c->err, code, "%s (<%s> on line %ld, changeSet %s on line %ld)", what, (const char *)at->name,
              xmlGetLineNo(at), id ? id : "?", xmlGetLineNo(c->changeset));
    free(id);
    return -1;
}

bool sg_true(const char *v)
{
    return v && omrs_ascii_ieq(v, "true");
}

int sg_attr(sg_ctx *c, xmlNodePtr node, const char *name, const char **out)
{
    bool nomem = false;
    char *v = lb_xml_value(node, name, &nomem);
    if (nomem)
        return sg_nomem(c);
    *out = v;
    return sg_own(c, v);
}

static const lb_field *find_field(const lb_change_type *t, const char *name)
{
    for (const lb_field *f = t ? t->fields : NULL; f && f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

int sg_prop(sg_ctx *c, const char *name, const char **out)
{
    const lb_field *f = find_field(c->type, name);
    if (!f)   /* not in the checksum table (e.g. a column-only setting): read it verbatim */
        return sg_attr(c, c->change, name, out);
    char *v = NULL;
    if (lb_field_value(c->change, c->type, f, c->v3 ? 8 : 9, &v, c->err) < 0) {
        c->failed = true;
        return -1;
    }
    *out = v;
    return sg_own(c, v);
}

int sg_required(sg_ctx *c, const char *name, const char **out)
{
    if (sg_prop(c, name, out) < 0)
        return -1;
    if (!*out)
        return sg_fail(c, OMRS_ERR_PARSE, "%s is required", name);
    return 0;
}

int sg_finish(sg_ctx *c, int rc, omrs_buf *sql)
{
    if (rc < 0) {
        omrs_buf_free(sql);
        return sg_done(c, rc);
    }
    return sg_emit(c, sql);
}

int sg_emit(sg_ctx *c, omrs_buf *sql)
{
    size_t start = 0, len = 0;
    if (sql->data)
        lb_java_trim_span(sql->data, &start, &len);
    int rc = omrs_strlist_push(&c->stmts, sql->data ? sql->data + start : "", len);
    omrs_buf_free(sql);
    return rc < 0 ? sg_nomem(c) : 0;
}

/* ======================================================================================
 * modifySql visitors (AbstractSqlVisitor subclasses)
 * ====================================================================================== */

/* String.replace(target, replacement): every occurrence, left to right; an empty target
 * matches before every character and at the end. */
static int replace_literal(const char *s, const char *target, const char *with, omrs_buf *out)
{
    size_t tn = strlen(target), wn = strlen(with);
    if (tn == 0) {
        for (const char *p = s;; p++) {
            if (omrs_buf_append(out, with, wn) < 0 || (*p && omrs_buf_putc(out, *p) < 0))
                return -1;
            if (!*p)
                return 0;
        }
    }
    for (const char *hit; (hit = strstr(s, target)); s = hit + tn)
        if (omrs_buf_append(out, s, (size_t)(hit - s)) < 0 || omrs_buf_append(out, with, wn) < 0)
            return -1;
    return omrs_buf_append(out, s, strlen(s));
}

/* Java's replacement string: $n is group n, \x is x. */
static int append_replacement(const char *s, const regmatch_t *m, const char *with, omrs_buf *out)
{
    for (const char *p = with; *p; p++) {
        if (*p == '\\' && p[1]) {
            if (omrs_buf_putc(out, *++p) < 0)
                return -1;
        } else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
            int g = *++p - '0';
            if (g < 10 && m[g].rm_so >= 0 &&
                omrs_buf_append(out, s + m[g].rm_so, (size_t)(m[g].rm_eo - m[g].rm_so)) < 0)
                return -1;
        } else if (omrs_buf_putc(out, *p) < 0) {
            return -1;
        }
    }
    return 0;
}

/* String.replaceAll with POSIX extended regular expressions standing in for Java's (the
 * common syntax agrees; Java-only constructs such as \d or lookaheads are not supported). */
static int replace_regex(sg_ctx *c, const char *s, const char *pattern, const char *with, omrs_buf *out)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED) != 0)
        return sg_fail(c, OMRS_ERR_PARSE, "regExpReplace pattern \"%s\" is not supported", pattern);
    int rc = 0;
    regmatch_t m[10];
    const char *p = s;
    while (rc == 0 && regexec(&re, p, 10, m, p == s ? 0 : REG_NOTBOL) == 0) {
        if (omrs_buf_append(out, p, (size_t)m[0].rm_so) < 0 || append_replacement(p, m, with, out) < 0)
            rc = -1;
        if (m[0].rm_eo == m[0].rm_so) {   /* an empty match moves on by one character */
            if (!p[m[0].rm_eo])
                break;
            if (rc == 0 && omrs_buf_putc(out, p[m[0].rm_eo]) < 0)
                rc = -1;
            p += m[0].rm_eo + 1;
        } else {
            p += m[0].rm_eo;
        }
    }
    if (rc == 0 && omrs_buf_append(out, p, strlen(p)) < 0)
        rc = -1;
    regfree(&re);
    return rc < 0 ? sg_nomem(c) : 0;
}

typedef enum visitor_kind { V_REPLACE, V_REGEX, V_APPEND, V_PREPEND } visitor_kind;

static const struct {
    const char *name;
    visitor_kind kind;
} VISITOR_KINDS[] = {
    {"replace", V_REPLACE}, {"regExpReplace", V_REGEX}, {"append", V_APPEND}, {"prepend", V_PREPEND},
};

/* Applies one visitor element to *sql, replacing it. */
static int apply_visitor(sg_ctx *c, xmlNodePtr v, visitor_kind kind, char **sql)
{
    const char *a = NULL, *b = NULL;
    bool two = kind == V_REPLACE || kind == V_REGEX;
    if (sg_attr(c, v, two ? "replace" : "value", &a) < 0 || (two && sg_attr(c, v, "with", &b) < 0))
        return -1;
    if (!a || (two && !b))
        return sg_fail(c, OMRS_ERR_PARSE, "<%s> on line %ld lacks %s", (const char *)v->name, xmlGetLineNo(v),
                       two ? "replace or with" : "value");
    omrs_buf out = {0};
    int rc = 0;
    if (kind == V_REPLACE)
        rc = replace_literal(*sql, a, b, &out) < 0 ? sg_nomem(c) : 0;
    else if (kind == V_REGEX)
        rc = replace_regex(c, *sql, a, b, &out);
    else if (omrs_buf_printf(&out, "%s%s", kind == V_PREPEND ? a : *sql, kind == V_PREPEND ? *sql : a) < 0)
        rc = sg_nomem(c);
    if (rc == 0 && !out.data && omrs_buf_append(&out, "", 0) < 0)
        rc = sg_nomem(c);
    if (rc < 0) {
        omrs_buf_free(&out);
        return -1;
    }
    free(*sql);
    *sql = out.data;
    return 0;
}

/* Every visitor of every <modifySql> whose dbms matches (DbmsChangeSetFilter), in document
 * order. Contexts and labels of visitors are not evaluated (OpenMRS uses none). */
static int apply_visitors(sg_ctx *c, char **sql)
{
    for (xmlNodePtr m = c->changeset->children; m; m = m->next) {
        if (!lb_is_element(m, "modifySql"))
            continue;
        const char *dbms = NULL;
        if (sg_attr(c, m, "dbms", &dbms) < 0)
            return -1;
        if (!lb_dbms_matches(dbms, c->opt->dbms, true))
            continue;
        for (xmlNodePtr v = m->children; v; v = v->next)
            for (size_t i = 0; v->type == XML_ELEMENT_NODE && i < sizeof VISITOR_KINDS / sizeof VISITOR_KINDS[0]; i++)
                if (strcmp((const char *)v->name, VISITOR_KINDS[i].name) == 0 &&
                    apply_visitor(c, v, VISITOR_KINDS[i].kind, sql) < 0)
                    return -1;
    }
    return 0;
}

/* ======================================================================================
 * Dispatch
 * ====================================================================================== */

static const struct {
    const char *name;
    sg_generator generate;
} GENERATORS[] = {
    {"addAutoIncrement", sg_gen_add_auto_increment},
    {"addColumn", sg_gen_add_column},
    {"addDefaultValue", sg_gen_add_default},
    {"addForeignKeyConstraint", sg_gen_add_foreign_key},
    {"addLookupTable", sg_gen_add_lookup_table},
    {"addNotNullConstraint", sg_gen_add_not_null},
    {"addPrimaryKey", sg_gen_add_primary_key},
    {"addUniqueConstraint", sg_gen_add_unique},
    {"createIndex", sg_gen_create_index},
    {"createTable", sg_gen_create_table},
    {"delete", sg_gen_delete},
    {"dropColumn", sg_gen_drop_column},
    {"dropDefaultValue", sg_gen_drop_default},
    {"dropForeignKeyConstraint", sg_gen_drop_foreign_key},
    {"dropIndex", sg_gen_drop_index},
    {"dropNotNullConstraint", sg_gen_drop_not_null},
    {"dropPrimaryKey", sg_gen_drop_primary_key},
    {"dropTable", sg_gen_drop_table},
    {"dropUniqueConstraint", sg_gen_drop_unique},
    {"empty", sg_gen_nothing},
    {"insert", sg_gen_insert},
    {"mergeColumns", sg_gen_merge_columns},
    {"modifyColumn", sg_gen_modify_column},
    {"modifyDataType", sg_gen_modify_data_type},
    {"output", sg_gen_nothing},
    {"renameColumn", sg_gen_rename_column},
    {"renameTable", sg_gen_rename_table},
    {"sql", sg_gen_sql},
    {"tagDatabase", sg_gen_nothing},
    {"update", sg_gen_update},
};

static sg_generator find_generator(const char *name)
{
    for (size_t i = 0; i < sizeof GENERATORS / sizeof GENERATORS[0]; i++)
        if (strcmp(GENERATORS[i].name, name) == 0)
            return GENERATORS[i].generate;
    return NULL;
}

static int custom_change(sg_ctx *c)
{
    const char *cls = NULL;
    if (sg_attr(c, c->change, "class", &cls) < 0)
        return -1;
    return sg_fail(c, OMRS_ERR_NEEDS_OPENMRS,
                   "customChange %s is OpenMRS Java code and cannot be run from here", cls ? cls : "(no class)");
}

/* DbmsTargetedChange (sql, insert, ...): Liquibase skips the change on another database. */
static int change_applies(sg_ctx *c, bool *applies)
{
    *applies = true;
    if (!c->type || !c->type->dbms_targeted)
        return 0;
    const char *dbms = NULL;
    if (sg_prop(c, "dbms", &dbms) < 0)
        return -1;
    *applies = lb_dbms_matches(dbms, c->opt->dbms, true);
    return 0;
}

/* Generates one change and moves its statements, visited, to result. */
static int generate_change(sg_ctx *c, xmlNodePtr change, lb_sql_list *result)
{
    const char *name = (const char *)change->name;
    c->change = change;
    c->type = lb_change_type_find(name);
    if (strcmp(name, "customChange") == 0)
        return custom_change(c);
    sg_generator generate = find_generator(name);
    if (!generate)
        return sg_fail(c, OMRS_ERR_PARSE, "no SQL generator for change <%s>", name);
    bool applies;
    if (change_applies(c, &applies) < 0)
        return -1;
    if (!applies)
        return 0;
    lb_sql_list_free(&c->stmts);
    if (generate(c) < 0)
        return -1;
    for (size_t i = 0; i < c->stmts.count; i++) {
        if (apply_visitors(c, &c->stmts.items[i]) < 0)
            return -1;
        if (omrs_strlist_push(result, c->stmts.items[i], strlen(c->stmts.items[i])) < 0)
            return sg_nomem(c);
    }
    return 0;
}

static int append_all(lb_sql_list *out, lb_sql_list *more)
{
    for (size_t i = 0; i < more->count; i++)
        if (omrs_strlist_push(out, more->items[i], strlen(more->items[i])) < 0)
            return -1;
    return 0;
}

int lb_changeset_sql(xmlNodePtr changeset, const lb_sql_options *opt, lb_sql_list *out, omrs_error *err)
{
    sg_ctx c = {.opt = opt, .changeset = changeset, .err = err};
    c.v3 = opt->liquibase_major == 3;
    c.mariadb = opt->dbms && strcmp(opt->dbms, "mariadb") == 0;
    lb_sql_list result = {0};
    int rc = 0;
    for (xmlNodePtr ch = lb_first_change(changeset); rc == 0 && ch; ch = lb_next_change(ch))
        rc = generate_change(&c, ch, &result);
    size_t before = out->count;
    if (rc == 0 && append_all(out, &result) < 0) {
        while (out->count > before)
            free(out->items[--out->count]);
        rc = omrs_fail_nomem(err);
    }
    lb_sql_list_free(&result);
    ctx_free(&c);
    return rc;
}

int lb_foreign_key_in_place(xmlNodePtr change, const lb_sql_options *opt, lb_fk_in_place *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    if (!lb_is_element(change, "addForeignKeyConstraint"))
        return 1;
    sg_ctx c = {.opt = opt, .changeset = change->parent, .change = change, .err = err};
    c.v3 = opt->liquibase_major == 3;
    c.mariadb = opt->dbms && strcmp(opt->dbms, "mariadb") == 0;
    c.type = lb_change_type_find("addForeignKeyConstraint");
    const char *base, *referenced;
    omrs_buf sql = {0};
    int rc = sg_foreign_key_in_place(&c, &base, &referenced, &sql);
    if (rc == 0 && (!(out->base = strdup(base)) || !(out->referenced = strdup(referenced))))
        rc = omrs_fail_nomem(err);
    if (rc == 0)
        out->sql = sql.data;
    else {
        omrs_buf_free(&sql);
        lb_fk_in_place_free(out);
    }
    ctx_free(&c);
    return rc;
}

void lb_fk_in_place_free(lb_fk_in_place *f)
{
    free(f->base);
    free(f->referenced);
    free(f->sql);
    memset(f, 0, sizeof *f);
}
