/* Generators for data and raw SQL on MySQL: insert, update, delete (InsertGenerator,
 * UpdateGenerator, DeleteGenerator with SqlUtil.replacePredicatePlaceholders) and sql
 * (AbstractSQLChange, split by sqlsplit.c). */
#include "sqlgen_int.h"

#include <stdlib.h>
#include <string.h>

#include "changelog.h"

static int put(omrs_buf *b, const char *s)
{
    return omrs_buf_append(b, s, strlen(s));
}

int sg_gen_nothing(sg_ctx *c)
{
    (void)c;
    return 0;
}

/* Insert/update values that need a prepared statement (file contents) are not supported. */
static int check_plain_values(sg_ctx *c, const sg_column_cfg *cols, size_t n, bool lob_types)
{
    for (size_t i = 0; i < n; i++) {
        bool lob = lob_types && cols[i].type && (omrs_ascii_ieq(cols[i].type, "BLOB") || omrs_ascii_ieq(cols[i].type, "CLOB"));
        const char *file = NULL;
        if (sg_attr(c, cols[i].node, "valueBlobFile", &file) < 0 ||
            (!file && sg_attr(c, cols[i].node, "valueClobFile", &file) < 0))
            return -1;
        if (file || lob)
            return sg_fail(c, OMRS_ERR_PARSE, "column %s needs a prepared statement (BLOB/CLOB or a value file), "
                                              "which is not supported", cols[i].name ? cols[i].name : "?");
    }
    return 0;
}

/* ======================================================================================
 * WHERE clauses
 * ====================================================================================== */

typedef struct where_params {
    sg_column_cfg *items;
    size_t n;
} where_params;

static int load_where_params(sg_ctx *c, where_params *wp)
{
    *wp = (where_params){0};
    for (xmlNodePtr w = c->change->children; w; w = w->next) {
        if (!lb_is_element(w, "whereParams"))
            continue;
        for (xmlNodePtr p = w->children; p; p = p->next) {
            if (!lb_is_element(p, "param"))
                continue;
            sg_column_cfg *grown = realloc(wp->items, (wp->n + 1) * sizeof *grown);
            if (!grown)
                return sg_nomem(c);
            wp->items = grown;
            if (sg_load_column(c, p, &wp->items[wp->n++]) < 0)
                return -1;
        }
    }
    return 0;
}

/* Does the trimmed predicate have :name, :value or ? at p? */
static size_t placeholder_at(const char *p)
{
    if (*p == '?')
        return 1;
    if (strncmp(p, ":name", 5) == 0 || strncmp(p, ":value", 6) == 0)
        return p[1] == 'n' ? 5 : 6;
    return 0;
}

/* One placeholder: :name takes the next parameter name (escaped), ? and :value the next
 * parameter value (fromObject(...).objectToSql); with nothing left it stays as written. */
static int replace_placeholder(sg_ctx *c, const char *p, size_t len, const where_params *wp, size_t *next_name,
                               size_t *next_value, omrs_buf *out)
{
    if (len == 5) {
        while (*next_name < wp->n && !wp->items[*next_name].name)
            (*next_name)++;
        if (*next_name < wp->n)
            return sg_name(c, wp->items[(*next_name)++].name, out);
    } else if (*next_value < wp->n) {
        return sg_object_sql(c, &wp->items[(*next_value)++].value, out);
    }
    return omrs_buf_append(out, p, len) < 0 ? sg_nomem(c) : 0;
}

/* " WHERE " + replacePredicatePlaceholders(where): the predicate trimmed, placeholders filled
 * from <whereParams>. */
static int where_clause(sg_ctx *c, const char *where, bool params, omrs_buf *out)
{
    if (!where)
        return 0;
    where_params wp = {0};
    int rc = params ? load_where_params(c, &wp) : 0;
    size_t start, len, names = 0, values = 0;
    lb_java_trim_span(where, &start, &len);
    if (rc == 0 && put(out, " WHERE ") < 0)
        rc = sg_nomem(c);
    for (size_t i = start; rc == 0 && i < start + len;) {
        size_t ph = wp.n ? placeholder_at(where + i) : 0;
        if (ph && i + ph <= start + len) {
            rc = replace_placeholder(c, where + i, ph, &wp, &names, &values, out);
            i += ph;
        } else {
            rc = omrs_buf_putc(out, where[i++]) < 0 ? sg_nomem(c) : 0;
        }
    }
    free(wp.items);
    return rc;
}

/* ======================================================================================
 * insert
 * ====================================================================================== */

/* InsertStatement's LinkedHashMap: a repeated column keeps its first place, takes the last
 * value; auto-increment columns are left to the database. */
static size_t insert_columns(const sg_column_cfg *cols, size_t n, const sg_column_cfg **picked)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (cols[i].auto_increment)
            continue;
        size_t k = 0;
        while (k < m && !(picked[k]->name && cols[i].name && strcmp(picked[k]->name, cols[i].name) == 0))
            k++;
        picked[k] = &cols[i];
        m += k == m;
    }
    return m;
}

static int insert_sql(sg_ctx *c, const char *catalog, const char *schema, const char *table,
                      const sg_column_cfg **cols, size_t n, omrs_buf *b)
{
    if (n == 0)
        return sg_fail(c, OMRS_ERR_PARSE, "insert needs columns");
    if (put(b, "INSERT INTO ") < 0 || sg_table(c, catalog, schema, table, b) < 0 || put(b, " (") < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((i > 0 && put(b, ", ") < 0) || sg_name(c, cols[i]->name, b) < 0)
            return -1;
    if (put(b, ") VALUES (") < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((i > 0 && put(b, ", ") < 0) || sg_literal_sql(c, &cols[i]->value, b) < 0)
            return -1;
    return put(b, ")");
}

int sg_gen_insert(sg_ctx *c)
{
    const char *catalog, *schema, *table;
    sg_column_cfg *cols;
    size_t n;
    if (sg_prop(c, "catalogName", &catalog) < 0 || sg_prop(c, "schemaName", &schema) < 0 ||
        sg_required(c, "tableName", &table) < 0 || sg_load_columns(c, &cols, &n) < 0 ||
        check_plain_values(c, cols, n, true) < 0)
        return -1;
    const sg_column_cfg **picked = n ? calloc(n, sizeof *picked) : NULL;
    if (n && !picked)
        return sg_nomem(c);
    size_t m = insert_columns(cols, n, picked);
    omrs_buf b = {0};
    int rc = sg_finish(c, insert_sql(c, catalog, schema, table, picked, m, &b), &b);
    free(picked);
    return rc;
}

/* ======================================================================================
 * update / delete
 * ====================================================================================== */

/* UpdateStatement keeps its columns in a TreeMap: sorted by name (Java String order), a
 * repeated name keeping the last value. */
static int cmp_columns(const void *a, const void *b)
{
    const sg_column_cfg *x = *(const sg_column_cfg *const *)a, *y = *(const sg_column_cfg *const *)b;
    int r = lb_java_strcmp(x->name ? x->name : "", y->name ? y->name : "");
    return r ? r : (x < y ? -1 : x > y);   /* stable: document order among equals */
}

static size_t sorted_distinct(const sg_column_cfg **cols, size_t n)
{
    qsort(cols, n, sizeof *cols, cmp_columns);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && lb_java_strcmp(cols[m - 1]->name ? cols[m - 1]->name : "", cols[i]->name ? cols[i]->name : "") == 0)
            cols[m - 1] = cols[i];
        else
            cols[m++] = cols[i];
    }
    return m;
}

static int update_sql(sg_ctx *c, const char *catalog, const char *schema, const char *table,
                      const sg_column_cfg **cols, size_t n, const char *where, bool params, omrs_buf *b)
{
    if (put(b, "UPDATE ") < 0 || sg_table(c, catalog, schema, table, b) < 0 || put(b, " SET") < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (put(b, i ? ", " : " ") < 0 || sg_name(c, cols[i]->name, b) < 0 || put(b, " = ") < 0 ||
            sg_literal_sql(c, &cols[i]->value, b) < 0)
            return -1;
    return where_clause(c, where, params, b);
}

int sg_stmt_update_column(sg_ctx *c, const char *catalog, const char *schema, const char *table, const char *column,
                          const sg_value *v, const char *where)
{
    sg_column_cfg col = {.name = column, .value = *v};
    const sg_column_cfg *cols[] = {&col};
    omrs_buf b = {0};   /* an UPDATE built by another change has no <whereParams> */
    return sg_finish(c, update_sql(c, catalog, schema, table, cols, 1, where, false, &b), &b);
}

int sg_gen_update(sg_ctx *c)
{
    const char *catalog, *schema, *table, *where;
    sg_column_cfg *cols;
    size_t n;
    if (sg_prop(c, "catalogName", &catalog) < 0 || sg_prop(c, "schemaName", &schema) < 0 ||
        sg_required(c, "tableName", &table) < 0 || sg_prop(c, "where", &where) < 0 ||
        sg_load_columns(c, &cols, &n) < 0 || check_plain_values(c, cols, n, false) < 0)
        return -1;
    const sg_column_cfg **sorted = n ? calloc(n, sizeof *sorted) : NULL;
    if (n && !sorted)
        return sg_nomem(c);
    for (size_t i = 0; i < n; i++)
        sorted[i] = &cols[i];
    size_t m = n ? sorted_distinct(sorted, n) : 0;
    omrs_buf b = {0};
    int rc = sg_finish(c, update_sql(c, catalog, schema, table, sorted, m, where, true, &b), &b);
    free(sorted);
    return rc;
}

int sg_gen_delete(sg_ctx *c)
{
    const char *catalog, *schema, *table, *where;
    if (sg_prop(c, "catalogName", &catalog) < 0 || sg_prop(c, "schemaName", &schema) < 0 ||
        sg_required(c, "tableName", &table) < 0 || sg_prop(c, "where", &where) < 0)
        return -1;
    omrs_buf b = {0};
    int rc = put(&b, "DELETE FROM ") < 0 || sg_table(c, catalog, schema, table, &b) < 0 ||
             where_clause(c, where, true, &b) < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}

/* ======================================================================================
 * sql
 * ====================================================================================== */

/* The text with \r removed (normalizeLineEndings), then one statement (rerunnable) or the
 * statements processMultiLineSQL splits it into. JDBC's nativeSQL changes nothing here:
 * MariaDB Connector/J only rewrites text containing '{' escapes, which OpenMRS does not use. */
int sg_gen_sql(sg_ctx *c)
{
    const char *sql, *split, *strip, *delimiter, *rerunnable;
    if (sg_prop(c, "sql", &sql) < 0 || sg_prop(c, "splitStatements", &split) < 0 ||
        sg_prop(c, "stripComments", &strip) < 0 || sg_prop(c, "endDelimiter", &delimiter) < 0 ||
        sg_prop(c, "rerunnable", &rerunnable) < 0)
        return -1;
    if (!sql)
        return 0;
    omrs_buf text = {0};
    for (const char *p = sql; *p; p++)
        if (*p != '\r' && omrs_buf_putc(&text, *p) < 0) {
            omrs_buf_free(&text);
            return sg_nomem(c);
        }
    int rc;
    if (sg_true(rerunnable))
        rc = sg_emit(c, &text);
    else
        rc = sg_split_sql(text.data ? text.data : "", sg_true(strip), !split || sg_true(split), delimiter, c->v3,
                          &c->stmts) < 0 ? sg_nomem(c) : 0;
    omrs_buf_free(&text);
    return rc;
}
