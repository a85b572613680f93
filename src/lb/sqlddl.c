/* Generators for the changes that define tables and columns: createTable, addColumn,
 * OpenMRS's modifyColumn, mergeColumns (Liquibase's CreateTableGenerator,
 * AddColumnGenerator, MergeColumnChange; OpenMRS's ModifyColumnGenerator) on MySQL. */
#include "sqlgen_int.h"

#include <stdlib.h>
#include <string.h>

static int put(omrs_buf *b, const char *s)
{
    return omrs_buf_append(b, s, strlen(s));
}

/* " DEFAULT <value>" the way CreateTableGenerator writes it: functions evaluated, other
 * values through the column's type. */
static int create_table_default(sg_ctx *c, const sg_column_cfg *col, omrs_buf *b)
{
    const sg_value *d = &col->dflt;
    if (put(b, " DEFAULT ") < 0)
        return -1;
    if (d->kind == SG_FUNCTION || d->kind == SG_SEQ_NEXT)
        return sg_function_sql(c, d, b);
    return sg_type_value_sql(c, col->type, d, b);
}

/* new BigInteger(text).toString(), for AUTO_INCREMENT=n. */
static int canonical_integer(sg_ctx *c, const char *s, const char **out)
{
    const char *p = s;
    bool negative = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    if (!*p || strspn(p, "0123456789") != strlen(p))
        return sg_fail(c, OMRS_ERR_PARSE, "startWith=\"%s\" is not an integer", s);
    while (p[0] == '0' && p[1])
        p++;
    omrs_buf b = {0};
    if (omrs_buf_printf(&b, "%s%s", negative && strcmp(p, "0") != 0 ? "-" : "", p) < 0 || sg_own(c, b.data) < 0)
        return sg_nomem(c);
    *out = b.data;
    return 0;
}

/* The type text Liquibase resolves: the column type, marked auto-increment when it is one. */
static int column_type_sql(sg_ctx *c, const sg_column_cfg *col, omrs_buf *b)
{
    if (!col->auto_increment)
        return sg_type_sql(c, col->type, b);
    omrs_buf def = {0};
    if (omrs_buf_printf(&def, "%s{autoIncrement:true}", col->type) < 0 || sg_own(c, def.data) < 0)
        return sg_nomem(c);
    return sg_type_sql(c, def.data, b);
}

/* ======================================================================================
 * createTable
 * ====================================================================================== */

typedef struct create_table {
    const char *catalog, *schema, *table, *remarks, *table_type, *if_not_exists;
    sg_column_cfg *cols;
    size_t n;
    const char *start_with;   /* the last auto-increment column's startWith */
} create_table;

static bool is_pk(const sg_column_cfg *col)
{
    return col->primary_key;
}

static bool has_fk(const sg_column_cfg *col)
{
    return col->references || (col->ref_table && col->ref_columns);
}

/* One column definition: name, type, DEFAULT, AUTO_INCREMENT, NOT NULL / NULL, COMMENT. */
static int create_table_column(sg_ctx *c, create_table *ct, const sg_column_cfg *col, omrs_buf *b)
{
    if (!col->type && c->v3)
        return sg_fail(c, OMRS_ERR_PARSE, "column %s has no type", col->name ? col->name : "?");
    bool quote_functions = c->v3 || (col->type && !(col->computed_set && col->computed));
    if (sg_column(c, col->name, quote_functions, b) < 0)
        return -1;
    if (col->type && (put(b, " ") < 0 || column_type_sql(c, col, b) < 0))
        return -1;
    if (col->type && col->dflt.kind != SG_NONE && create_table_default(c, col, b) < 0)
        return -1;
    if (col->auto_increment) {
        if (put(b, " AUTO_INCREMENT") < 0)
            return -1;
        if (col->start_with && canonical_integer(c, col->start_with, &ct->start_with) < 0)
            return -1;
    }
    bool not_null = is_pk(col) || col->nullable == 0;
    if (put(b, not_null ? " NOT NULL" : (col->type || c->v3) ? " NULL" : "") < 0)
        return -1;
    bool remarks = col->remarks && !(c->v3 && is_pk(col));   /* 3.10 drops a key column's remarks */
    if (remarks && (put(b, " COMMENT '") < 0 || sg_escape_string(col->remarks, b) < 0 || put(b, "'") < 0))
        return -1;
    return 0;
}

/* MySQL wants auto-increment key columns first (4.28's getPrimaryKeyColumns). */
static int primary_key_columns(sg_ctx *c, const create_table *ct, omrs_buf *names)
{
    for (int pass = c->v3 ? 1 : 0; pass < 2; pass++)
        for (size_t i = 0; i < ct->n; i++) {
            const sg_column_cfg *col = &ct->cols[i];
            bool wanted = c->v3 ? true : pass == 0 ? col->auto_increment : !col->auto_increment;
            if (is_pk(col) && wanted && omrs_buf_printf(names, "%s%s", names->len ? ", " : "", col->name) < 0)
                return -1;
        }
    return 0;
}

static int create_table_primary_key(sg_ctx *c, const create_table *ct, omrs_buf *b)
{
    const char *pk_name = NULL;
    size_t count = 0;
    for (size_t i = 0; i < ct->n; i++)
        if (is_pk(&ct->cols[i]) && count++ == 0)
            pk_name = ct->cols[i].pk_name;   /* the first key column's constraint keeps its name */
    if (count == 0)
        return 0;
    size_t start, len;
    lb_java_trim_span(pk_name ? pk_name : "", &start, &len);
    omrs_buf name = {0}, cols = {0};
    int rc = len ? omrs_buf_append(&name, pk_name + start, len) : omrs_buf_printf(&name, "PK_%s", ct->table);
    for (size_t i = len ? name.len : 3; rc == 0 && i < name.len; i++)   /* generatePrimaryKeyName */
        if (name.data[i] >= 'a' && name.data[i] <= 'z')
            name.data[i] = (char)(name.data[i] - 32);
    if (rc == 0)
        rc = primary_key_columns(c, ct, &cols);
    if (rc == 0 && (put(b, " CONSTRAINT ") < 0 || sg_name(c, name.data, b) < 0 || put(b, " PRIMARY KEY (") < 0 ||
                    sg_column_list(c, cols.data, b) < 0 || put(b, "),") < 0))
        rc = -1;
    omrs_buf_free(&name);
    omrs_buf_free(&cols);
    return rc;
}

static int create_table_foreign_key(sg_ctx *c, const sg_column_cfg *col, omrs_buf *b)
{
    size_t start, len;
    lb_java_trim_span(col->fk_name ? col->fk_name : "", &start, &len);
    if (len == 0)
        return sg_fail(c, OMRS_ERR_PARSE, "createTable with references requires foreignKeyName");
    if (put(b, " CONSTRAINT ") < 0 || sg_name(c, col->fk_name, b) < 0 || put(b, " FOREIGN KEY (") < 0 ||
        sg_name(c, col->name, b) < 0 || put(b, ") REFERENCES ") < 0)
        return -1;
    if (col->references) {   /* "table(column)", qualified with the default schema (= catalog) */
        if (!strchr(col->references, '.') && sg_default_catalog_prefix(c, b) < 0)
            return -1;
        if (put(b, col->references) < 0)
            return -1;
    } else if (sg_table(c, col->ref_catalog, col->ref_schema, col->ref_table, b) < 0 || put(b, "(") < 0 ||
               sg_column_list(c, col->ref_columns, b) < 0 || put(b, ")") < 0) {
        return -1;
    }
    if ((col->delete_cascade && put(b, " ON DELETE CASCADE") < 0) ||
        (col->initially_deferred && put(b, " INITIALLY DEFERRED") < 0) || (col->deferrable && put(b, " DEFERRABLE") < 0))
        return -1;
    return put(b, ",");
}

/* Whether column i's unique constraint name was already used by an earlier column. */
static bool unique_name_seen(const create_table *ct, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (ct->cols[k].unique && ct->cols[k].unique_name && strcmp(ct->cols[k].unique_name, ct->cols[i].unique_name) == 0)
            return true;
    return false;
}

/* Unnamed unique constraints first, then the named ones, columns of the same name merged. */
static int create_table_uniques(sg_ctx *c, const create_table *ct, omrs_buf *b)
{
    for (int named = 0; named < 2; named++)
        for (size_t i = 0; i < ct->n; i++) {
            const sg_column_cfg *col = &ct->cols[i];
            if (!col->unique || (col->unique_name != NULL) != (named == 1) || (named && unique_name_seen(ct, i)))
                continue;
            omrs_buf cols = {0};
            for (size_t k = i; k < ct->n; k++)
                if (k == i || (named && ct->cols[k].unique && ct->cols[k].unique_name &&
                               strcmp(ct->cols[k].unique_name, col->unique_name) == 0))
                    if (omrs_buf_printf(&cols, "%s%s", cols.len ? ", " : "", ct->cols[k].name) < 0) {
                        omrs_buf_free(&cols);
                        return -1;
                    }
            int rc = (named && (put(b, " CONSTRAINT ") < 0 || sg_name(c, col->unique_name, b) < 0)) ||
                     put(b, " UNIQUE (") < 0 || sg_column_list(c, cols.data, b) < 0 || put(b, "),") < 0 ? -1 : 0;
            omrs_buf_free(&cols);
            if (rc < 0)
                return -1;
        }
    return 0;
}

/* replaceFirst(",\\s*$", "") + ")": the last comma goes. */
static int close_definitions(omrs_buf *b)
{
    size_t n = b->len;
    while (n > 0 && (b->data[n - 1] == ' ' || b->data[n - 1] == '\t' || b->data[n - 1] == '\n' ||
                     b->data[n - 1] == '\r' || b->data[n - 1] == '\f' || b->data[n - 1] == '\v'))
        n--;
    if (n > 0 && b->data[n - 1] == ',') {
        b->len = n - 1;
        b->data[b->len] = '\0';
    }
    return put(b, ")");
}

static int create_table_head(sg_ctx *c, const create_table *ct, omrs_buf *b)
{
    if (put(b, "CREATE ") < 0)
        return -1;
    if (ct->table_type && *ct->table_type) {
        size_t start, len;
        lb_java_trim_span(ct->table_type, &start, &len);
        for (size_t i = start; i < start + len; i++)
            if (omrs_buf_putc(b, (ct->table_type[i] >= 'a' && ct->table_type[i] <= 'z') ? (char)(ct->table_type[i] - 32)
                                                                                        : ct->table_type[i]) < 0)
                return -1;
        if (put(b, " ") < 0)
            return -1;
    }
    if (put(b, "TABLE ") < 0 || (sg_true(ct->if_not_exists) && put(b, "IF NOT EXISTS ") < 0))
        return -1;
    return sg_table(c, ct->catalog, ct->schema, ct->table, b) < 0 || put(b, " (") < 0 ? -1 : 0;
}

static int create_table_sql(sg_ctx *c, create_table *ct, omrs_buf *b)
{
    if (create_table_head(c, ct, b) < 0)
        return -1;
    for (size_t i = 0; i < ct->n; i++)
        if ((i > 0 && put(b, ", ") < 0) || create_table_column(c, ct, &ct->cols[i], b) < 0)
            return -1;
    if (put(b, ",") < 0 || create_table_primary_key(c, ct, b) < 0)
        return -1;
    for (size_t i = 0; i < ct->n; i++)
        if (has_fk(&ct->cols[i]) && create_table_foreign_key(c, &ct->cols[i], b) < 0)
            return -1;
    if (create_table_uniques(c, ct, b) < 0 || close_definitions(b) < 0)
        return -1;
    if (ct->start_with && omrs_buf_printf(b, " AUTO_INCREMENT=%s", ct->start_with) < 0)
        return -1;
    if (ct->remarks && (put(b, " COMMENT='") < 0 || sg_escape_string(ct->remarks, b) < 0 || put(b, "' ") < 0))
        return -1;
    return 0;
}

/* 3.10 also sets the table comment with a statement of its own. */
static int set_table_remarks(sg_ctx *c, const create_table *ct)
{
    size_t start, len;
    lb_java_trim_span(ct->remarks, &start, &len);
    if (len == 0)
        return 0;
    omrs_buf b = {0};
    int rc = put(&b, "ALTER TABLE ") < 0 || sg_table(c, ct->catalog, ct->schema, ct->table, &b) < 0 ||
             put(&b, " COMMENT = '") < 0 || omrs_buf_append(&b, "", 0) < 0 ? -1 : 0;
    omrs_buf trimmed = {0};
    if (rc == 0 && (omrs_buf_append(&trimmed, ct->remarks + start, len) < 0 || sg_escape_string(trimmed.data, &b) < 0 ||
                    put(&b, "'") < 0))
        rc = -1;
    omrs_buf_free(&trimmed);
    return sg_finish(c, rc, &b);
}

int sg_gen_create_table(sg_ctx *c)
{
    create_table ct = {0};
    if (sg_prop(c, "catalogName", &ct.catalog) < 0 || sg_prop(c, "schemaName", &ct.schema) < 0 ||
        sg_required(c, "tableName", &ct.table) < 0 || sg_prop(c, "remarks", &ct.remarks) < 0 ||
        sg_prop(c, "tableType", &ct.table_type) < 0 || sg_prop(c, "ifNotExists", &ct.if_not_exists) < 0 ||
        sg_load_columns(c, &ct.cols, &ct.n) < 0)
        return -1;
    if (ct.n == 0)
        return sg_fail(c, OMRS_ERR_PARSE, "createTable needs columns");
    omrs_buf b = {0};
    if (sg_finish(c, create_table_sql(c, &ct, &b), &b) < 0)
        return -1;
    return c->v3 && ct.remarks ? set_table_remarks(c, &ct) : 0;
}

/* ======================================================================================
 * addColumn
 * ====================================================================================== */

typedef struct add_column {
    const char *catalog, *schema, *table;
    sg_column_cfg *cols;
    size_t n;
} add_column;

/* 4.28 turns nullable="false" with a value into UPDATE + ALTER ... NOT NULL afterwards. */
static bool not_null_later(const sg_ctx *c, const sg_column_cfg *col)
{
    return !c->v3 && col->nullable == 0 && col->value.kind != SG_NONE;
}

static bool add_column_not_null(const sg_ctx *c, const sg_column_cfg *col)
{
    return col->primary_key || (col->nullable == 0 && !not_null_later(c, col));
}

/* AddColumnGenerator.getDefaultClause: functions via their own type, the rest via the
 * column's type. */
static int add_column_default(sg_ctx *c, const sg_column_cfg *col, omrs_buf *b)
{
    if (col->dflt.kind == SG_NONE)
        return 0;
    if (put(b, " DEFAULT ") < 0)
        return -1;
    if (col->dflt.kind == SG_FUNCTION || col->dflt.kind == SG_SEQ_NEXT)
        return sg_object_sql(c, &col->dflt, b);
    return sg_type_value_sql(c, col->type, &col->dflt, b);
}

static int check_add_column(sg_ctx *c, const sg_column_cfg *col)
{
    if (!col->name)
        return sg_fail(c, OMRS_ERR_PARSE, "addColumn: a column has no name");
    if (!col->type && !(col->computed_set && col->computed))
        return sg_fail(c, OMRS_ERR_PARSE, "addColumn: column %s has no type", col->name);
    if (col->auto_increment && !col->primary_key)
        return sg_fail(c, OMRS_ERR_PARSE, "Cannot add a non-primary key identity column (%s)", col->name);
    if (!c->v3 && col->before_column)
        return sg_fail(c, OMRS_ERR_PARSE, "beforeColumn is not allowed on MySQL (%s)", col->name);
    return 0;
}

/* " ADD name TYPE[ AUTO_INCREMENT][ DEFAULT v][ NOT NULL| NULL][ PRIMARY KEY][ COMMENT '...'][ AFTER x]" */
static int add_column_clause(sg_ctx *c, const sg_column_cfg *col, omrs_buf *b)
{
    if (check_add_column(c, col) < 0 || put(b, " ADD ") < 0 || sg_name(c, col->name, b) < 0)
        return -1;
    if (col->type && (put(b, " ") < 0 || column_type_sql(c, col, b) < 0))
        return -1;
    if ((col->auto_increment && put(b, " AUTO_INCREMENT") < 0) || add_column_default(c, col, b) < 0)
        return -1;
    if (add_column_not_null(c, col)) {
        bool named = col->nullable == 0 && !not_null_later(c, col) && col->not_null_name && *col->not_null_name;
        if (named &&
            (put(b, " CONSTRAINT ") < 0 || sg_name(c, col->not_null_name, b) < 0))
            return -1;
        if (put(b, " NOT NULL") < 0)
            return -1;
    } else if (put(b, " NULL") < 0) {
        return -1;
    }
    if (col->primary_key && put(b, " PRIMARY KEY") < 0)
        return -1;
    if (col->remarks) {
        size_t start, len;
        lb_java_trim_span(col->remarks, &start, &len);
        omrs_buf r = {0};
        int rc = omrs_buf_append(&r, col->remarks + start, len) < 0 || put(b, " COMMENT '") < 0 ||
                 sg_escape_string(r.data ? r.data : "", b) < 0 || put(b, "' ") < 0 ? -1 : 0;
        omrs_buf_free(&r);
        if (rc < 0)
            return -1;
    }
    if (col->after_column && *col->after_column) {
        if (c->v3)   /* 3.10 quotes it itself */
            return omrs_buf_printf(b, " AFTER `%s` ", col->after_column);
        return put(b, " AFTER ") < 0 ? -1 : sg_name(c, col->after_column, b);
    }
    return 0;
}

static bool word_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

/* Length of a run of [\w.] (table) or \w (column) characters at s. */
static size_t run(const char *s, bool dots)
{
    size_t n = 0;
    while (word_char(s[n]) || (dots && s[n] == '.'))
        n++;
    return n;
}

static size_t blanks(const char *s, bool allowed)
{
    return allowed ? strspn(s, " \t\r\n") : 0;
}

/* AddColumnGenerator's REFERENCE_PATTERN, matched against the whole text: "table(column)";
 * 4.28 allows blanks around the parentheses' content. A "schema.table" is split at the
 * first dot. */
static int parse_references(sg_ctx *c, const char *refs, const char **schema, const char **table,
                            const char **column)
{
    bool v4 = !c->v3;
    size_t tlen = run(refs, true), i = tlen;
    i += blanks(refs + i, v4);
    bool ok = tlen > 0 && refs[i] == '(';
    size_t cstart = ok ? i + 1 + blanks(refs + i + 1, v4) : 0, clen = ok ? run(refs + cstart, false) : 0;
    i = cstart + clen;
    i += blanks(refs + i, v4);
    if (!ok || clen == 0 || refs[i] != ')' || refs[i + 1] != '\0')
        return sg_fail(c, OMRS_ERR_PARSE, "Don't know how to find table and column names from %s", refs);
    if (sg_strndup(c, refs, tlen, table) < 0 || sg_strndup(c, refs + cstart, clen, column) < 0)
        return -1;
    const char *dot = strchr(*table, '.');
    *schema = NULL;
    if (dot && dot > *table) {   /* split("\\.")[0] and [1] */
        const char *second = dot + 1;
        if (sg_strndup(c, *table, (size_t)(dot - *table), schema) < 0 ||
            sg_strndup(c, second, strcspn(second, "."), table) < 0)
            return -1;
    }
    return 0;
}

/* The unique and foreign key statements addColumn adds after the ALTER for one column. */
static int add_column_constraints(sg_ctx *c, const add_column *ac, const sg_column_cfg *col)
{
    if (col->unique && sg_stmt_add_unique(c, ac->catalog, ac->schema, ac->table, col->name, col->unique_name) < 0)
        return -1;
    if (!has_fk(col))
        return 0;
    const char *ref_schema = NULL, *ref_table = col->ref_table, *ref_column = col->ref_columns;
    if (col->references && parse_references(c, col->references, &ref_schema, &ref_table, &ref_column) < 0)
        return -1;
    if (!col->references && ref_table && strchr(ref_table, '.') && strchr(ref_table, '.') > ref_table) {
        const char *dot = strchr(ref_table, '.');
        if (sg_strndup(c, ref_table, (size_t)(dot - ref_table), &ref_schema) < 0 ||
            sg_strndup(c, dot + 1, strcspn(dot + 1, "."), &ref_table) < 0)
            return -1;
    }
    sg_fk fk = {.name = col->fk_name, .catalog = ac->catalog, .schema = ac->schema, .table = ac->table,
                .columns = col->name, .ref_schema = ref_schema, .ref_table = ref_table, .ref_columns = ref_column,
                .on_delete = !c->v3 && col->delete_cascade ? "CASCADE" : NULL};
    return sg_stmt_add_foreign_key(c, &fk);
}

static int add_column_alter(sg_ctx *c, const add_column *ac)
{
    omrs_buf b = {0};
    int rc = put(&b, "ALTER TABLE ") < 0 || sg_table(c, ac->catalog, ac->schema, ac->table, &b) < 0 ? -1 : 0;
    for (size_t i = 0; rc == 0 && i < ac->n; i++)
        if ((i > 0 && put(&b, ",") < 0) || add_column_clause(c, &ac->cols[i], &b) < 0)
            rc = -1;
    if (sg_finish(c, rc, &b) < 0)
        return -1;
    for (size_t i = 0; i < ac->n; i++)
        if (add_column_constraints(c, ac, &ac->cols[i]) < 0)
            return -1;
    return 0;
}

/* 4.28: ALTER ... MODIFY ... NOT NULL, and MySQL then restores the default, with the
 * column's name standing in for its type (as Liquibase passes it). */
static int add_column_not_null_later(sg_ctx *c, const add_column *ac, const sg_column_cfg *col)
{
    if (sg_stmt_add_not_null(c, ac->catalog, ac->schema, ac->table, col->name, col->type, NULL) < 0)
        return -1;
    if (col->dflt.kind == SG_NONE)
        return 0;
    return sg_stmt_add_default(c, ac->catalog, ac->schema, ac->table, col->name, col->name, &col->dflt);
}

int sg_gen_add_column(sg_ctx *c)
{
    add_column ac = {0};
    if (sg_prop(c, "catalogName", &ac.catalog) < 0 || sg_prop(c, "schemaName", &ac.schema) < 0 ||
        sg_required(c, "tableName", &ac.table) < 0 || sg_load_columns(c, &ac.cols, &ac.n) < 0)
        return -1;
    if (ac.n == 0)
        return sg_fail(c, OMRS_ERR_PARSE, "addColumn needs a column");
    if (add_column_alter(c, &ac) < 0)
        return -1;
    for (size_t i = 0; i < ac.n; i++)   /* a column with a value: UPDATE t SET c = v */
        if (ac.cols[i].value.kind != SG_NONE &&
            sg_stmt_update_column(c, ac.catalog, ac.schema, ac.table, ac.cols[i].name, &ac.cols[i].value, NULL) < 0)
            return -1;
    for (size_t i = 0; i < ac.n; i++)
        if (not_null_later(c, &ac.cols[i]) && add_column_not_null_later(c, &ac, &ac.cols[i]) < 0)
            return -1;
    return 0;
}

/* ======================================================================================
 * modifyColumn (OpenMRS's ModifyColumnGenerator)
 * ====================================================================================== */

/* ALTER TABLE t MODIFY c TYPE[ NOT NULL][ DEFAULT 'v'][ AUTO_INCREMENT][ PRIMARY KEY]: only
 * defaultValue counts (defaultValueNumeric/Boolean are ignored), rendered as a string. */
static int modify_column_sql(sg_ctx *c, const char *schema, const char *table, const sg_column_cfg *col,
                             omrs_buf *b)
{
    if (put(b, "ALTER TABLE ") < 0 || sg_table(c, NULL, schema, table, b) < 0 || put(b, " MODIFY ") < 0 ||
        sg_name(c, col->name, b) < 0 || put(b, " ") < 0 || sg_type_sql(c, col->type, b) < 0)
        return -1;
    if (col->has_constraints && col->nullable < 0)   /* !isNullable() on a null Boolean */
        return sg_fail(c, OMRS_ERR_PARSE, "modifyColumn %s: <constraints> without nullable (OpenMRS fails here)",
                       col->name);
    if (col->has_constraints && col->nullable == 0 && put(b, " NOT NULL") < 0)
        return -1;
    const char *dflt = NULL;
    if (sg_attr(c, col->node, "defaultValue", &dflt) < 0)
        return -1;
    sg_value v = {SG_STRING, dflt};
    if (dflt && (put(b, " DEFAULT ") < 0 || sg_object_sql(c, &v, b) < 0))
        return -1;
    if ((col->auto_increment && put(b, " AUTO_INCREMENT") < 0) || (col->primary_key && put(b, " PRIMARY KEY") < 0))
        return -1;
    return 0;
}

int sg_gen_modify_column(sg_ctx *c)
{
    const char *schema = NULL, *table = NULL;
    sg_column_cfg *cols = NULL;
    size_t n = 0;
    if (sg_prop(c, "schemaName", &schema) < 0 || sg_required(c, "tableName", &table) < 0 ||
        sg_load_columns(c, &cols, &n) < 0)
        return -1;
    if (n == 0)
        return sg_fail(c, OMRS_ERR_PARSE, "modifyColumn needs columns");
    for (size_t i = 0; i < n; i++) {
        omrs_buf b = {0};
        if (sg_finish(c, modify_column_sql(c, schema, table, &cols[i], &b), &b) < 0)
            return -1;
    }
    return 0;
}

/* ======================================================================================
 * mergeColumns
 * ====================================================================================== */

/* ADD the final column, UPDATE it with CONCAT_WS, DROP both old columns. 4.28 writes
 * CONCAT_WS('join', c1, c2); 3.10 wrote CONCAT_WS(c1, 'join', c2). */
int sg_gen_merge_columns(sg_ctx *c)
{
    const char *catalog, *schema, *table, *c1, *c2, *final_name, *final_type, *join;
    if (sg_prop(c, "catalogName", &catalog) < 0 || sg_prop(c, "schemaName", &schema) < 0 ||
        sg_required(c, "tableName", &table) < 0 || sg_required(c, "column1Name", &c1) < 0 ||
        sg_required(c, "column2Name", &c2) < 0 || sg_required(c, "finalColumnName", &final_name) < 0 ||
        sg_required(c, "finalColumnType", &final_type) < 0 || sg_prop(c, "joinString", &join) < 0)
        return -1;
    sg_column_cfg col = {.name = final_name, .type = final_type, .nullable = -1};
    add_column ac = {.catalog = NULL, .schema = schema, .table = table, .cols = &col, .n = 1};
    if (add_column_alter(c, &ac) < 0)
        return -1;
    omrs_buf b = {0}, j = {0};
    int rc = omrs_buf_printf(&j, "'%s'", join ? join : "null");
    rc = rc < 0 || put(&b, "UPDATE ") < 0 || sg_table(c, catalog, schema, table, &b) < 0 || put(&b, " SET ") < 0 ||
         sg_name(c, final_name, &b) < 0 || put(&b, " = CONCAT_WS(") < 0 ? -1 : 0;
    if (rc == 0 && !c->v3)
        rc = put(&b, j.data) < 0 || put(&b, ", ") < 0 || sg_name(c, c1, &b) < 0 || put(&b, ", ") < 0 ? -1 : 0;
    else if (rc == 0)
        rc = sg_name(c, c1, &b) < 0 || put(&b, ", ") < 0 || put(&b, j.data) < 0 || put(&b, ", ") < 0 ? -1 : 0;
    if (rc == 0)
        rc = sg_name(c, c2, &b) < 0 || put(&b, ")") < 0 ? -1 : 0;
    omrs_buf_free(&j);
    if (sg_finish(c, rc, &b) < 0)
        return -1;
    if (sg_stmt_drop_column(c, NULL, schema, table, c1) < 0)
        return -1;
    return sg_stmt_drop_column(c, NULL, schema, table, c2);
}
