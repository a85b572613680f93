#include "precondition.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dbms.h"
#include "resources.h"
#include "strutil.h"

#define PRE_MAX_ARGS 5

/* State of one lb_preconditions_check call; nothing outlives it, so nothing can go stale. */
typedef struct pre_ctx {
    const lb_pre_env *env;
    int lctn;                        /* @@lower_case_table_names; -1 until needed */
    bool needs_openmrs;
    char msg[LB_PRE_MESSAGE_SIZE];   /* why the last check failed or errored */
    omrs_error *err;
} pre_ctx;

/* arg[] holds the element's attributes listed in its pre_kind, NULL when absent. */
typedef int (*pre_eval_fn)(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out);

typedef struct pre_kind {
    const char *name;
    pre_eval_fn eval;
    const char *attrs[PRE_MAX_ARGS];
} pre_kind;

static int eval_node(pre_ctx *cx, xmlNodePtr node, lb_pre_outcome *out);

/* ---- small helpers ----------------------------------------------------- */

static int verdict(pre_ctx *cx, lb_pre_outcome *out, lb_pre_outcome v, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records the outcome of a check and why; always returns 0 (a verdict is not our error). */
static int verdict(pre_ctx *cx, lb_pre_outcome *out, lb_pre_outcome v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cx->msg, sizeof cx->msg, fmt, ap);
    va_end(ap);
    *out = v;
    return 0;
}

static xmlNodePtr next_element(xmlNodePtr n)
{
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    return n;
}

static xmlNodePtr find_container(const lb_changeset *cs)
{
    for (xmlNodePtr c = next_element(cs->node->children); c; c = next_element(c->next))
        if (lb_is_element(c, "preConditions"))
            return c;
    return NULL;
}

/* Copies text into buf, cut to fit; messages are for people, a cut one still helps. */
static void copy_text(char *buf, size_t size, size_t at, const char *text)
{
    if (at >= size)
        return;
    size_t n = strlen(text);
    if (n > size - at - 1)
        n = size - at - 1;
    memcpy(buf + at, text, n);
    buf[at + n] = '\0';
}

/* Java's String.trim(): every char <= U+0020 counts as blank. */
static bool is_java_blank(char c)
{
    return (unsigned char)c <= ' ';
}

static bool is_blank(const char *s)
{
    while (s && *s && is_java_blank(*s))
        s++;
    return !s || !*s;
}

/* "columnExists tableName=orders columnName=x", for messages about a nested check. */
static void describe(xmlNodePtr node, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "%s", (const char *)node->name);
    for (xmlAttrPtr a = node->properties; a && n < size; a = a->next) {
        xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
        n += (size_t)snprintf(buf + n, size - n, " %s=%s", (const char *)a->name, v ? (const char *)v : "");
        xmlFree(v);
    }
}

/* ---- SQL building ------------------------------------------------------ */

static int put(pre_ctx *cx, omrs_buf *b, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int put(pre_ctx *cx, omrs_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n >= 0 && (s = malloc((size_t)n + 1))) {
        va_start(ap, fmt);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    int rc = s && omrs_buf_append(b, s, (size_t)n) == 0 ? 0 : omrs_fail_nomem(cx->err);
    free(s);
    return rc;
}

/* Appends s as a quoted string literal escaped for the connection's character set: names
 * from the changelog never reach the server unescaped. */
static int put_literal(pre_ctx *cx, omrs_buf *b, const char *s)
{
    size_t n = strlen(s);
    char *esc = malloc(2 * n + 1);
    if (!esc)
        return omrs_fail_nomem(cx->err);
    unsigned long len = mysql_real_escape_string(cx->env->conn->mysql, esc, s, (unsigned long)n);
    int rc = len == (unsigned long)-1 ? omrs_fail(cx->err, OMRS_ERR_SQL, "cannot escape '%s' for the server", s)
           : omrs_buf_putc(b, '\'') || omrs_buf_append(b, esc, len) || omrs_buf_putc(b, '\'')
           ? omrs_fail_nomem(cx->err) : 0;
    free(esc);
    return rc;
}

static int put_ident(pre_ctx *cx, omrs_buf *b, const char *s)
{
    return omrs_buf_quote_identifier(b, s) == 0 ? 0 : omrs_fail_nomem(cx->err);
}

/* MySQL has catalogs only; Liquibase moves a schemaName into the catalog. */
static const char *database_of(const char *catalog, const char *schema)
{
    return catalog ? catalog : schema;
}

/* "col = DATABASE()", or the database the changelog names. */
static int put_schema(pre_ctx *cx, omrs_buf *b, const char *col, const char *db)
{
    if (!db)
        return put(cx, b, "%s = DATABASE()", col);
    return put(cx, b, "%s = ", col) || put_literal(cx, b, db) ? -1 : 0;
}

static int read_lctn(omrs_conn *c, int *value, omrs_error *err)
{
    MYSQL_RES *res;
    if (omrs_conn_query(c, "SELECT @@lower_case_table_names", &res, err) < 0)
        return -1;
    MYSQL_ROW row = res ? mysql_fetch_row(res) : NULL;
    *value = row && row[0] ? atoi(row[0]) : 0;
    mysql_free_result(res);
    return 0;
}

/* " AND col matches table" with the server's own rule for table names: byte for byte when
 * lower_case_table_names is 0 (the plain '=' keeps information_schema's look-up by name, the
 * binary one makes it exact), ignoring case otherwise. */
static int put_table(pre_ctx *cx, omrs_buf *b, const char *col, const char *table)
{
    if (cx->lctn < 0 && read_lctn(cx->env->conn, &cx->lctn, cx->err) < 0)
        return -1;
    if (cx->lctn != 0)
        return put(cx, b, " AND LOWER(%s) = LOWER(", col) || put_literal(cx, b, table) || put(cx, b, ")") ? -1 : 0;
    return put(cx, b, " AND %s = ", col) || put_literal(cx, b, table)
        || put(cx, b, " AND CAST(%s AS BINARY) = CAST(", col) || put_literal(cx, b, table)
        || put(cx, b, " AS BINARY)") ? -1 : 0;
}

/* ---- running queries --------------------------------------------------- */

/* Runs a SELECT. A server error sets *sql_error and copies the server's message into why
 * (the caller decides whether that means failed or error); a lost connection is ours. */
static int query(pre_ctx *cx, const char *sql, MYSQL_RES **res, bool *sql_error, char *why, size_t size)
{
    omrs_error qerr = {0};
    *res = NULL;
    *sql_error = false;
    if (omrs_conn_query(cx->env->conn, sql, res, &qerr) == 0)
        return 0;
    if (qerr.code == OMRS_ERR_CONNECT) {
        if (cx->err)
            *cx->err = qerr;
        return -1;
    }
    *sql_error = true;
    copy_text(why, size, 0, qerr.message);
    return 0;
}

/* A metadata look-up built in sql (built < 0: building it failed): passed when it returns a
 * row, failed when none; a server error is an error, as Liquibase's snapshot exceptions are. */
static int run_exists(pre_ctx *cx, omrs_buf *sql, int built, const char *kind, lb_pre_outcome *out)
{
    MYSQL_RES *res = NULL;
    bool sql_error = false;
    char why[LB_PRE_MESSAGE_SIZE / 2];
    int rc = built < 0 ? -1 : query(cx, sql->data, &res, &sql_error, why, sizeof why);
    omrs_buf_free(sql);
    if (rc < 0)
        return -1;
    if (sql_error)
        return verdict(cx, out, LB_PRE_ERROR, "%s: %s", kind, why);
    *out = res && mysql_num_rows(res) > 0 ? LB_PRE_PASSED : LB_PRE_FAILED;
    mysql_free_result(res);
    return 0;
}

/* ---- tables, views, columns -------------------------------------------- */

enum { TABLE_NAME_ARG, TABLE_CATALOG_ARG, TABLE_SCHEMA_ARG };

static int eval_table(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)node;
    const char *table = arg[TABLE_NAME_ARG];
    if (is_blank(table))
        return verdict(cx, out, LB_PRE_ERROR, "tableExists needs tableName");
    omrs_buf sql = {0};
    int built = put(cx, &sql, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_TYPE IN "
                              "('BASE TABLE', 'SYSTEM VERSIONED') AND ")
        || put_schema(cx, &sql, "TABLE_SCHEMA", database_of(arg[TABLE_CATALOG_ARG], arg[TABLE_SCHEMA_ARG]))
        || put_table(cx, &sql, "TABLE_NAME", table) ? -1 : 0;
    if (run_exists(cx, &sql, built, "tableExists", out) < 0)
        return -1;
    return *out == LB_PRE_FAILED ? verdict(cx, out, LB_PRE_FAILED, "Table %s does not exist", table) : 0;
}

static int eval_view(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)node;
    const char *view = arg[TABLE_NAME_ARG];
    if (is_blank(view))
        return verdict(cx, out, LB_PRE_ERROR, "viewExists needs viewName");
    omrs_buf sql = {0};
    int built = put(cx, &sql, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_TYPE = 'VIEW' AND ")
        || put_schema(cx, &sql, "TABLE_SCHEMA", database_of(arg[TABLE_CATALOG_ARG], arg[TABLE_SCHEMA_ARG]))
        || put_table(cx, &sql, "TABLE_NAME", view) ? -1 : 0;
    if (run_exists(cx, &sql, built, "viewExists", out) < 0)
        return -1;
    return *out == LB_PRE_FAILED ? verdict(cx, out, LB_PRE_FAILED, "View %s does not exist", view) : 0;
}

enum { COLUMN_TABLE_ARG, COLUMN_NAME_ARG, COLUMN_CATALOG_ARG, COLUMN_SCHEMA_ARG };

/* Liquibase's condition for its fast path: (?i)[a-z][a-z_0-9]* */
static bool is_plain_name(const char *s)
{
    if (!isalpha((unsigned char)*s))
        return false;
    while (*s && (isalnum((unsigned char)*s) || *s == '_'))
        s++;
    return *s == '\0';
}

/* Liquibase's fast path: select the column from the table with an always-false WHERE; any
 * server error (no table, no column, no privilege) means the column does not exist. */
static int column_fast(pre_ctx *cx, const char *const *arg, lb_pre_outcome *out)
{
    const char *table = arg[COLUMN_TABLE_ARG] ? arg[COLUMN_TABLE_ARG] : "null";
    const char *db = arg[COLUMN_SCHEMA_ARG], *column = arg[COLUMN_NAME_ARG];
    omrs_buf sql = {0};
    int rc = put(cx, &sql, "SELECT t.") || put_ident(cx, &sql, column) || put(cx, &sql, " FROM ")
        || (db && (put_ident(cx, &sql, db) || put(cx, &sql, ".")))
        || put_ident(cx, &sql, table) || put(cx, &sql, " t WHERE 0=1") ? -1 : 0;
    MYSQL_RES *res = NULL;
    bool sql_error = false;
    char why[LB_PRE_MESSAGE_SIZE / 2];
    if (rc == 0)
        rc = query(cx, sql.data, &res, &sql_error, why, sizeof why);
    omrs_buf_free(&sql);
    mysql_free_result(res);
    if (rc < 0)
        return -1;
    if (sql_error)
        return verdict(cx, out, LB_PRE_FAILED, "Column %s%s%s.%s does not exist", db ? db : "", db ? "." : "",
                       table, column);
    *out = LB_PRE_PASSED;
    return 0;
}

/* Any other column name (or a catalogName): look it up, on any table when none is named. */
static int column_lookup(pre_ctx *cx, const char *const *arg, lb_pre_outcome *out)
{
    const char *table = arg[COLUMN_TABLE_ARG], *column = arg[COLUMN_NAME_ARG];
    omrs_buf sql = {0};
    int built = put(cx, &sql, "SELECT 1 FROM information_schema.COLUMNS WHERE ")
        || put_schema(cx, &sql, "TABLE_SCHEMA", database_of(arg[COLUMN_CATALOG_ARG], arg[COLUMN_SCHEMA_ARG]))
        || (!is_blank(table) && put_table(cx, &sql, "TABLE_NAME", table))
        || put(cx, &sql, " AND COLUMN_NAME = ") || put_literal(cx, &sql, column) ? -1 : 0;
    if (run_exists(cx, &sql, built, "columnExists", out) < 0)
        return -1;
    return *out == LB_PRE_FAILED
        ? verdict(cx, out, LB_PRE_FAILED, "Column %s.%s does not exist", table ? table : "(any table)", column) : 0;
}

static int eval_column(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)node;
    if (!arg[COLUMN_NAME_ARG])
        return verdict(cx, out, LB_PRE_ERROR, "columnExists needs columnName");
    if (!arg[COLUMN_CATALOG_ARG] && is_plain_name(arg[COLUMN_NAME_ARG]))
        return column_fast(cx, arg, out);
    return column_lookup(cx, arg, out);
}

/* ---- indexes and constraints ------------------------------------------- */

enum { INDEX_NAME_ARG, INDEX_TABLE_ARG, INDEX_COLUMNS_ARG, INDEX_CATALOG_ARG, INDEX_SCHEMA_ARG };

/* columnNames as Liquibase splits them (on \s*,\s*, trailing empty items dropped), joined
 * with ',' to compare with GROUP_CONCAT of the index's columns in index order. */
static char *column_list(const char *names)
{
    omrs_buf b = {0};
    int rc = omrs_buf_append(&b, "", 0);
    const char *p = names;
    while (rc == 0 && *p) {
        while (is_java_blank(*p))
            p++;
        size_t n = strcspn(p, ",");
        size_t end = n;
        while (end > 0 && is_java_blank(p[end - 1]))
            end--;
        if (b.len)
            rc = omrs_buf_putc(&b, ',');
        if (rc == 0)
            rc = omrs_buf_append(&b, p, end);
        p += n + (p[n] == ',');
    }
    while (rc == 0 && b.len && b.data[b.len - 1] == ',')
        b.data[--b.len] = '\0';
    if (rc != 0)
        omrs_buf_free(&b);
    return b.data;
}

/* By name: an index of that name (on that table when one is named); implicit FK indexes and
 * PRIMARY count. Without a name: an index on the table with exactly these columns, in order. */
static int put_index_query(pre_ctx *cx, omrs_buf *sql, const char *const *arg, const char *table,
                           const char *columns)
{
    const char *name = arg[INDEX_NAME_ARG];
    if (put(cx, sql, "SELECT 1 FROM information_schema.STATISTICS WHERE ")
        || put_schema(cx, sql, "TABLE_SCHEMA", database_of(arg[INDEX_CATALOG_ARG], arg[INDEX_SCHEMA_ARG]))
        || (table && put_table(cx, sql, "TABLE_NAME", table)))
        return -1;
    if (name)
        return put(cx, sql, " AND INDEX_NAME = ") || put_literal(cx, sql, name) ? -1 : 0;
    char *list = column_list(columns);
    if (!list)
        return omrs_fail_nomem(cx->err);
    int rc = put(cx, sql, " GROUP BY TABLE_NAME, INDEX_NAME HAVING GROUP_CONCAT(COLUMN_NAME ORDER BY "
                          "SEQ_IN_INDEX SEPARATOR ',') = ")
        || put_literal(cx, sql, list) ? -1 : 0;
    free(list);
    return rc;
}

static int eval_index(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)node;
    const char *name = arg[INDEX_NAME_ARG];
    const char *table = is_blank(arg[INDEX_TABLE_ARG]) ? NULL : arg[INDEX_TABLE_ARG];
    const char *columns = is_blank(arg[INDEX_COLUMNS_ARG]) ? NULL : arg[INDEX_COLUMNS_ARG];
    if (!name && (!table || !columns))
        return verdict(cx, out, LB_PRE_ERROR, "indexExists needs indexName, or tableName and columnNames");
    omrs_buf sql = {0};
    int built = put_index_query(cx, &sql, arg, table, columns);
    if (run_exists(cx, &sql, built, "indexExists", out) < 0)
        return -1;
    if (*out != LB_PRE_FAILED)
        return 0;
    return verdict(cx, out, LB_PRE_FAILED, "Index %s%s%s%s%s does not exist", name ? name : "", table ? " on " : "",
                   table ? table : "", table && columns ? " columns " : "", table && columns ? columns : "");
}

enum { FK_NAME_ARG, FK_TABLE_ARG, FK_CATALOG_ARG, FK_SCHEMA_ARG };

/* KEY_COLUMN_USAGE (what Connector/J reads too): MariaDB hides TABLE_CONSTRAINTS and
 * REFERENTIAL_CONSTRAINTS from a SELECT-only account. */
static int eval_foreign_key(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)node;
    const char *name = arg[FK_NAME_ARG];
    const char *table = is_blank(arg[FK_TABLE_ARG]) ? NULL : arg[FK_TABLE_ARG];
    if (!name)
        return verdict(cx, out, LB_PRE_ERROR, "foreignKeyConstraintExists needs foreignKeyName");
    omrs_buf sql = {0};
    int built = put(cx, &sql, "SELECT 1 FROM information_schema.KEY_COLUMN_USAGE WHERE "
                              "REFERENCED_TABLE_NAME IS NOT NULL AND ")
        || put_schema(cx, &sql, "TABLE_SCHEMA", database_of(arg[FK_CATALOG_ARG], arg[FK_SCHEMA_ARG]))
        || (table && put_table(cx, &sql, "TABLE_NAME", table))
        || put(cx, &sql, " AND CONSTRAINT_NAME = ") || put_literal(cx, &sql, name) ? -1 : 0;
    if (run_exists(cx, &sql, built, "foreignKeyConstraintExists", out) < 0)
        return -1;
    return *out == LB_PRE_FAILED ? verdict(cx, out, LB_PRE_FAILED, "Foreign Key %s%s%s does not exist", name,
                                           table ? " on " : "", table ? table : "") : 0;
}

enum { PK_TABLE_ARG, PK_NAME_ARG, PK_CATALOG_ARG, PK_SCHEMA_ARG };

/* MySQL names every primary key PRIMARY (and no other index may have that name), so a
 * primaryKeyName cannot narrow the search; Liquibase refuses to look without a table on MySQL.
 * STATISTICS, not TABLE_CONSTRAINTS: MariaDB shows the latter only to accounts with more than
 * SELECT, and preconditions must work read-only. */
static int eval_primary_key(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)node;
    const char *table = arg[PK_TABLE_ARG];
    if (is_blank(table))
        return verdict(cx, out, LB_PRE_ERROR, "primaryKeyExists: Database driver requires a table name to be "
                                              "specified in order to search for a primary key.");
    omrs_buf sql = {0};
    int built = put(cx, &sql, "SELECT 1 FROM information_schema.STATISTICS WHERE INDEX_NAME = 'PRIMARY' AND ")
        || put_schema(cx, &sql, "TABLE_SCHEMA", database_of(arg[PK_CATALOG_ARG], arg[PK_SCHEMA_ARG]))
        || put_table(cx, &sql, "TABLE_NAME", table) ? -1 : 0;
    if (run_exists(cx, &sql, built, "primaryKeyExists", out) < 0)
        return -1;
    return *out == LB_PRE_FAILED ? verdict(cx, out, LB_PRE_FAILED, "Primary Key does not exist on %s", table) : 0;
}

/* ---- sqlCheck ---------------------------------------------------------- */

enum { SQL_EXPECTED_ARG, SQL_ATTR_ARG };

/* The element's text as Liquibase reads it (text and CDATA children, trimmed), else its sql
 * attribute; then one trailing ';' dropped. NULL only when out of memory. */
static char *check_sql(xmlNodePtr node, const char *attr)
{
    omrs_buf b = {0};
    int rc = omrs_buf_append(&b, "", 0);
    for (xmlNodePtr c = node->children; rc == 0 && c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            rc = omrs_buf_append(&b, (const char *)c->content, strlen((const char *)c->content));
    const char *s = rc == 0 && !is_blank(b.data) ? b.data : attr ? attr : "";
    size_t start = 0, end = strlen(s);
    while (start < end && is_java_blank(s[start]))
        start++;
    while (end > start && is_java_blank(s[end - 1]))
        end--;
    if (end > start && s[end - 1] == ';')
        end--;
    char *sql = rc == 0 ? strndup(s + start, end - start) : NULL;
    omrs_buf_free(&b);
    return sql;
}

/* The first keyword, past blanks, '(' and comments. A version comment (slash-star-! or
 * slash-star-M-!) is not skipped: the server runs what is inside it. */
static const char *first_keyword(const char *p, size_t *len)
{
    for (;;) {
        while (isspace((unsigned char)*p) || *p == '(')
            p++;
        if (p[0] == '/' && p[1] == '*' && p[2] != '!' && !(p[2] == 'M' && p[3] == '!')) {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
        } else if (*p == '#' || (p[0] == '-' && p[1] == '-' && (p[2] == '\0' || isspace((unsigned char)p[2])))) {
            p += strcspn(p, "\n");
        } else {
            break;
        }
    }
    *len = 0;
    while (isalpha((unsigned char)p[*len]))
        (*len)++;
    return p;
}

/* Preconditions only read. Connector/J refuses INSERT/UPDATE/DELETE/DDL in a query; we go
 * further and accept only statements that cannot write, since the update connection can. */
static bool reads_only(const char *sql, char *word, size_t size)
{
    static const char *const reading[] = {"SELECT", "SHOW", "VALUES", "DESC", "DESCRIBE"};
    size_t len;
    const char *kw = first_keyword(sql, &len);
    snprintf(word, size, "%.*s", (int)(len ? len : strcspn(kw, " \t\r\n")), kw);
    for (size_t i = 0; len && i < sizeof reading / sizeof *reading; i++)
        if (strlen(reading[i]) == len && strncasecmp(kw, reading[i], len) == 0)
            return true;
    return false;
}

/* JdbcUtil.requiredSingleResult and SingleColumnRowMapper: one row of one column, compared
 * as a string exactly; SQL NULL is a failure. */
static int judge_result(pre_ctx *cx, MYSQL_RES *res, const char *expected, lb_pre_outcome *out)
{
    if (!res)
        return verdict(cx, out, LB_PRE_ERROR, "sqlCheck: the statement returned no result set");
    my_ulonglong rows = mysql_num_rows(res);
    unsigned int columns = mysql_num_fields(res);
    if (rows == 0)
        return verdict(cx, out, LB_PRE_ERROR, "sqlCheck: Empty result set, expected one row");
    if (columns != 1)
        return verdict(cx, out, LB_PRE_ERROR, "sqlCheck: Returned too many columns: %u", columns);
    if (rows > 1)
        return verdict(cx, out, LB_PRE_ERROR, "sqlCheck: Result set larger than one row (%llu rows)",
                       (unsigned long long)rows);
    MYSQL_ROW row = mysql_fetch_row(res);
    unsigned long *len = row ? mysql_fetch_lengths(res) : NULL;
    if (!row || !row[0] || !len)
        return verdict(cx, out, LB_PRE_FAILED, "No rows returned from SQL Precondition");
    if (strlen(expected) == len[0] && memcmp(expected, row[0], len[0]) == 0) {
        *out = LB_PRE_PASSED;
        return 0;
    }
    return verdict(cx, out, LB_PRE_FAILED, "SQL Precondition failed.  Expected '%s' got '%.*s'", expected,
                   (int)len[0], row[0]);
}

static int run_check_sql(pre_ctx *cx, const char *sql, const char *expected, lb_pre_outcome *out)
{
    char word[64];
    if (!*sql)
        return verdict(cx, out, LB_PRE_ERROR, "sqlCheck has no SQL");
    if (!reads_only(sql, word, sizeof word))
        return verdict(cx, out, LB_PRE_ERROR, "sqlCheck runs only statements that read (SELECT, SHOW, VALUES, "
                                              "DESC); this one starts with '%s'", word);
    MYSQL_RES *res = NULL;
    bool sql_error = false;
    char why[LB_PRE_MESSAGE_SIZE / 2];
    if (query(cx, sql, &res, &sql_error, why, sizeof why) < 0)
        return -1;
    int rc = sql_error ? verdict(cx, out, LB_PRE_ERROR, "sqlCheck: %s", why) : judge_result(cx, res, expected, out);
    mysql_free_result(res);
    return rc;
}

static int eval_sql_check(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    if (!arg[SQL_EXPECTED_ARG])
        return verdict(cx, out, LB_PRE_ERROR, "sqlCheck needs expectedResult");
    char *sql = check_sql(node, arg[SQL_ATTR_ARG]);
    if (!sql)
        return omrs_fail_nomem(cx->err);
    int rc = run_check_sql(cx, sql, arg[SQL_EXPECTED_ARG], out);
    free(sql);
    return rc;
}

/* ---- dbms, changeSetExecuted, runningAs, customPrecondition ------------- */

static int eval_dbms(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)node;
    char *type = arg[0] ? strdup(arg[0]) : NULL;   /* Liquibase lower-cases the type */
    if (arg[0] && !type)
        return omrs_fail_nomem(cx->err);
    for (char *p = type; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    bool ok = lb_dbms_matches(type, cx->env->dbms, false);
    free(type);
    if (ok) {
        *out = LB_PRE_PASSED;
        return 0;
    }
    return verdict(cx, out, LB_PRE_FAILED, "DBMS Precondition failed: expected %s, got %s", arg[0] ? arg[0] : "",
                   cx->env->dbms ? cx->env->dbms : "null");
}

static bool exectype_ran(const char *exectype)
{
    return exectype && (strcmp(exectype, "EXECUTED") == 0 || strcmp(exectype, "RERAN") == 0
                        || strcmp(exectype, "MARK_RAN") == 0);
}

/* Database.getRanChangeSet: the first row, in history order, that RanChangeSet.isSameAs
 * matches (id, author and normalised path, all ignoring case). */
static const lb_ran *first_same(const lb_history *h, const char *file, const char *id, const char *author)
{
    for (size_t i = 0; h && i < h->count; i++) {
        const lb_ran *r = &h->rows[i];
        if (r->id && r->author && r->filename && strcasecmp(r->id, id) == 0 && strcasecmp(r->author, author) == 0
            && strcasecmp(r->filename, file) == 0)
            return r;
    }
    return NULL;
}

enum { EXEC_ID_ARG, EXEC_AUTHOR_ARG, EXEC_FILE_ARG };

static int eval_executed(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)node;
    const char *id = arg[EXEC_ID_ARG], *author = arg[EXEC_AUTHOR_ARG];
    if (!id || !author)
        return verdict(cx, out, LB_PRE_ERROR, "changeSetExecuted needs id and author");
    const char *file = arg[EXEC_FILE_ARG] ? arg[EXEC_FILE_ARG]
                     : cx->env->changelog_file ? cx->env->changelog_file : cx->env->changeset->filename;
    char *norm = lb_normalize_path(file);   /* NULL: ".." above the root (or no memory) */
    if (!norm && !(norm = strdup(file)))
        return omrs_fail_nomem(cx->err);
    const lb_ran *row = first_same(cx->env->history, norm, id, author);
    free(norm);
    if (row && exectype_ran(row->exectype)) {
        *out = LB_PRE_PASSED;
        return 0;
    }
    return verdict(cx, out, LB_PRE_FAILED, "Changeset '%s::%s::%s' has not been run%s%s", file, id, author,
                   row ? ": its row has EXECTYPE " : "", row && row->exectype ? row->exectype : "");
}

/* The connection's user name without its @host, compared ignoring case. */
static int eval_running_as(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)node;
    if (!arg[0])
        return verdict(cx, out, LB_PRE_ERROR, "runningAs needs username");
    MYSQL_RES *res = NULL;
    bool sql_error = false;
    char why[LB_PRE_MESSAGE_SIZE / 2];
    if (query(cx, "SELECT USER()", &res, &sql_error, why, sizeof why) < 0)
        return -1;
    if (sql_error)
        return verdict(cx, out, LB_PRE_ERROR, "runningAs: %s", why);
    MYSQL_ROW row = res ? mysql_fetch_row(res) : NULL;
    const char *user = row && row[0] ? row[0] : "";
    size_t n = strcspn(user, "@");
    if (strlen(arg[0]) == n && strncasecmp(arg[0], user, n) == 0)
        *out = LB_PRE_PASSED;
    else
        verdict(cx, out, LB_PRE_FAILED, "RunningAs Precondition failed: expected %s, was %.*s", arg[0], (int)n, user);
    mysql_free_result(res);
    return 0;
}

/* Java code: only OpenMRS can run it. An error (onError decides), not a failure: a check
 * nobody made must not pass for a condition found false. */
static int eval_custom(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)node;
    cx->needs_openmrs = true;
    return verdict(cx, out, LB_PRE_ERROR, "customPrecondition %s: only OpenMRS can evaluate this Java class; "
                                          "run this update from OpenMRS", arg[0] ? arg[0] : "(no className)");
}

static int eval_unsupported(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)arg;
    return verdict(cx, out, LB_PRE_ERROR, "the %s precondition is not supported by omrs-console",
                   (const char *)node->name);
}

/* ---- and / or / not ---------------------------------------------------- */

/* Children in order; the first failure is the answer, and an error propagates at once. */
static int eval_and(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)arg;
    *out = LB_PRE_PASSED;
    for (xmlNodePtr c = next_element(node->children); c; c = next_element(c->next)) {
        if (eval_node(cx, c, out) < 0)
            return -1;
        if (*out != LB_PRE_PASSED)
            return 0;
    }
    return 0;
}

static void append_message(char *buf, size_t size, const char *msg)
{
    size_t n = strlen(buf);
    if (n)
        copy_text(buf, size, n, "; ");
    copy_text(buf, size, strlen(buf), msg);
}

/* Children in order until one passes; an error propagates (it is not a failure). */
static int eval_or(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)arg;
    char failures[LB_PRE_MESSAGE_SIZE] = "";
    for (xmlNodePtr c = next_element(node->children); c; c = next_element(c->next)) {
        if (eval_node(cx, c, out) < 0)
            return -1;
        if (*out != LB_PRE_FAILED)
            return 0;
        append_message(failures, sizeof failures, cx->msg);
    }
    return verdict(cx, out, LB_PRE_FAILED, "%s", failures[0] ? failures : "no precondition of <or> passed");
}

/* Every child must fail; a child's error stays an error (it is not inverted). */
static int eval_not(pre_ctx *cx, xmlNodePtr node, const char *const *arg, lb_pre_outcome *out)
{
    (void)arg;
    for (xmlNodePtr c = next_element(node->children); c; c = next_element(c->next)) {
        if (eval_node(cx, c, out) < 0)
            return -1;
        if (*out == LB_PRE_ERROR)
            return 0;
        if (*out == LB_PRE_PASSED) {
            char what[LB_PRE_MESSAGE_SIZE / 2];
            describe(c, what, sizeof what);
            return verdict(cx, out, LB_PRE_FAILED, "Not precondition failed: %s holds", what);
        }
    }
    *out = LB_PRE_PASSED;
    return 0;
}

/* ---- dispatch ---------------------------------------------------------- */

static const pre_kind kinds[] = {
    {"and", eval_and, {NULL}},
    {"or", eval_or, {NULL}},
    {"not", eval_not, {NULL}},
    {"tableExists", eval_table, {"tableName", "catalogName", "schemaName"}},
    {"viewExists", eval_view, {"viewName", "catalogName", "schemaName"}},
    {"columnExists", eval_column, {"tableName", "columnName", "catalogName", "schemaName"}},
    {"indexExists", eval_index, {"indexName", "tableName", "columnNames", "catalogName", "schemaName"}},
    {"foreignKeyConstraintExists", eval_foreign_key,
     {"foreignKeyName", "foreignKeyTableName", "catalogName", "schemaName"}},
    {"primaryKeyExists", eval_primary_key, {"tableName", "primaryKeyName", "catalogName", "schemaName"}},
    {"sqlCheck", eval_sql_check, {"expectedResult", "sql"}},
    {"dbms", eval_dbms, {"type"}},
    {"changeSetExecuted", eval_executed, {"id", "author", "changeLogFile"}},
    {"runningAs", eval_running_as, {"username"}},
    {"customPrecondition", eval_custom, {"className"}},
    /* Liquibase has these too; no OpenMRS changelog uses them. */
    {"sequenceExists", eval_unsupported, {NULL}},
    {"uniqueConstraintExists", eval_unsupported, {NULL}},
    {"tableIsEmpty", eval_unsupported, {NULL}},
    {"rowCount", eval_unsupported, {NULL}},
    {"changeLogPropertyDefined", eval_unsupported, {NULL}},
    {"expectedQuotingStrategy", eval_unsupported, {NULL}},
};

static const pre_kind *kind_of(xmlNodePtr node)
{
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (lb_is_element(node, kinds[i].name))
            return &kinds[i];
    return NULL;
}

static int fetch_args(pre_ctx *cx, xmlNodePtr node, const pre_kind *k, char **arg)
{
    for (size_t i = 0; i < PRE_MAX_ARGS && k->attrs[i]; i++) {
        const xmlChar *name = (const xmlChar *)k->attrs[i];
        arg[i] = (char *)xmlGetProp(node, name);
        if (!arg[i] && xmlHasProp(node, name))
            return omrs_fail_nomem(cx->err);
    }
    return 0;
}

static int eval_node(pre_ctx *cx, xmlNodePtr node, lb_pre_outcome *out)
{
    const pre_kind *k = kind_of(node);
    if (!k)
        return verdict(cx, out, LB_PRE_ERROR, "unknown precondition <%s>", (const char *)node->name);
    char *arg[PRE_MAX_ARGS] = {0};
    int rc = fetch_args(cx, node, k, arg);
    if (rc == 0)
        rc = k->eval(cx, node, (const char *const *)arg, out);
    for (size_t i = 0; i < PRE_MAX_ARGS; i++)
        xmlFree(arg[i]);
    return rc;
}

/* ---- the container ----------------------------------------------------- */

static const char *const action_names[] = {"HALT", "CONTINUE", "MARK_RAN", "WARN"};
static const char *const sql_output_names[] = {"IGNORE", "TEST", "FAIL"};

typedef struct container_opts {
    int on_fail, on_error, sql_output;   /* lb_pre_action, lb_pre_action, lb_pre_sql_output */
    xmlChar *fail_message, *error_message;
} container_opts;

/* Liquibase matches these values ignoring case and refuses to parse the changelog for any
 * other value, so an unknown one stops us too. Absent: the default stays. */
static int parse_option(const lb_changeset *cs, xmlNodePtr pc, const char *attr, const char *const *names,
                        size_t count, int *value, omrs_error *err)
{
    xmlChar *v = xmlGetProp(pc, (const xmlChar *)attr);
    if (!v)
        return xmlHasProp(pc, (const xmlChar *)attr) ? omrs_fail_nomem(err) : 0;
    for (size_t i = 0; i < count; i++)
        if (strcasecmp((const char *)v, names[i]) == 0) {
            *value = (int)i;
            xmlFree(v);
            return 0;
        }
    char possible[128] = "";
    for (size_t i = 0; i < count; i++) {
        copy_text(possible, sizeof possible, strlen(possible), i ? ", " : "");
        copy_text(possible, sizeof possible, strlen(possible), names[i]);
    }
    omrs_fail(err, OMRS_ERR_PARSE, "%s:%ld: changeSet %s: unknown %s value '%s' (possible values: %s)",
              cs->source ? cs->source : cs->filename, xmlGetLineNo(pc), cs->id, attr, (const char *)v, possible);
    xmlFree(v);
    return -1;
}

static int take_message(xmlNodePtr pc, const char *attr, xmlChar **slot, omrs_error *err)
{
    *slot = xmlGetProp(pc, (const xmlChar *)attr);
    return !*slot && xmlHasProp(pc, (const xmlChar *)attr) ? omrs_fail_nomem(err) : 0;
}

static void free_options(container_opts *o)
{
    xmlFree(o->fail_message);
    xmlFree(o->error_message);
    o->fail_message = o->error_message = NULL;
}

static int read_options(const lb_changeset *cs, xmlNodePtr pc, container_opts *o, omrs_error *err)
{
    *o = (container_opts){.on_fail = LB_ON_HALT, .on_error = LB_ON_HALT, .sql_output = LB_SQL_OUTPUT_IGNORE};
    size_t actions = sizeof action_names / sizeof *action_names;
    if (parse_option(cs, pc, "onFail", action_names, actions, &o->on_fail, err) < 0
        || parse_option(cs, pc, "onError", action_names, actions, &o->on_error, err) < 0
        || parse_option(cs, pc, "onSqlOutput", sql_output_names, sizeof sql_output_names / sizeof *sql_output_names,
                        &o->sql_output, err) < 0
        || take_message(pc, "onFailMessage", &o->fail_message, err) < 0
        || take_message(pc, "onErrorMessage", &o->error_message, err) < 0) {
        free_options(o);
        return -1;
    }
    return 0;
}

/* update-sql evaluates only with onSqlOutput=TEST; IGNORE acts as if there were no
 * preconditions, FAIL fails them. */
static int eval_container(pre_ctx *cx, xmlNodePtr pc, const container_opts *o, lb_pre_outcome *out)
{
    if (!cx->env->sql_output || o->sql_output == LB_SQL_OUTPUT_TEST)
        return eval_and(cx, pc, NULL, out);
    if (o->sql_output == LB_SQL_OUTPUT_FAIL)
        return verdict(cx, out, LB_PRE_FAILED,
                       "Unexpected precondition in updateSQL mode with onUpdateSQL value: FAIL");
    *out = LB_PRE_PASSED;
    return 0;
}

/* PreconditionContainer: onFailMessage replaces the message of any failure; onErrorMessage
 * only that of an error handled by HALT or MARK_RAN (CONTINUE and WARN keep the original). */
static void fill_result(lb_pre_result *res, const container_opts *o, lb_pre_outcome out, const pre_ctx *cx)
{
    res->outcome = out;
    res->needs_openmrs = cx->needs_openmrs;
    if (out == LB_PRE_PASSED)
        return;
    const xmlChar *replacement;
    if (out == LB_PRE_FAILED) {
        res->action = (lb_pre_action)o->on_fail;
        replacement = o->fail_message;
    } else {
        res->action = (lb_pre_action)o->on_error;
        replacement = res->action == LB_ON_HALT || res->action == LB_ON_MARK_RAN ? o->error_message : NULL;
    }
    copy_text(res->message, sizeof res->message, 0, replacement ? (const char *)replacement : cx->msg);
}

int lb_preconditions_check(const lb_pre_env *env, lb_pre_result *res, omrs_error *err)
{
    memset(res, 0, sizeof *res);
    if (!env->changeset || !env->changeset->node || !env->conn)
        return omrs_fail(err, OMRS_ERR_USAGE, "lb_preconditions_check needs a changeSet and a connection");
    xmlNodePtr pc = find_container(env->changeset);
    if (!pc)
        return 0;
    container_opts o;
    if (read_options(env->changeset, pc, &o, err) < 0)
        return -1;
    pre_ctx cx = {.env = env, .lctn = env->lctn_known ? env->lower_case_table_names : -1, .err = err};
    lb_pre_outcome out = LB_PRE_PASSED;
    int rc = eval_container(&cx, pc, &o, &out);
    if (rc == 0)
        fill_result(res, &o, out, &cx);
    free_options(&o);
    return rc;
}

int lb_preconditions_sql_output(const lb_changeset *cs, lb_pre_sql_output *out, omrs_error *err)
{
    *out = LB_SQL_OUTPUT_IGNORE;
    xmlNodePtr pc = cs->node ? find_container(cs) : NULL;
    int value = LB_SQL_OUTPUT_IGNORE;
    size_t count = sizeof sql_output_names / sizeof *sql_output_names;
    if (pc && parse_option(cs, pc, "onSqlOutput", sql_output_names, count, &value, err) < 0)
        return -1;
    *out = (lb_pre_sql_output)value;
    return 0;
}

int lb_pre_env_init(lb_pre_env *env, omrs_conn *conn, const char *dbms, const lb_history *history,
                    omrs_error *err)
{
    *env = (lb_pre_env){.conn = conn, .dbms = dbms, .history = history};
    if (read_lctn(conn, &env->lower_case_table_names, err) < 0)
        return -1;
    env->lctn_known = true;
    return 0;
}

const char *lb_pre_outcome_name(lb_pre_outcome outcome)
{
    static const char *const names[] = {"passed", "failed", "error"};
    return (unsigned)outcome < sizeof names / sizeof *names ? names[outcome] : "?";
}

const char *lb_pre_action_name(lb_pre_action action)
{
    return (unsigned)action < sizeof action_names / sizeof *action_names ? action_names[action] : "?";
}
