/* Identifiers and string literals as Liquibase writes them for MySQL/MariaDB
 * (AbstractJdbcDatabase.escapeObjectName & co. with ObjectQuotingStrategy.LEGACY,
 * MySQLDatabase.mustQuoteObjectName and escapeStringForDatabase). */
#include "sqlgen_int.h"

#include <stdlib.h>
#include <string.h>

/* MySQLDatabase.createReservedWords (4.28.0; 3.10.3 lacks CUBE) plus the keywords MariaDB
 * Connector/J's getSQLKeywords() reports (2.5.3 and 3.3.3 alike), which JdbcConnection adds
 * to the database's reserved words: GENERAL, IGNORE_SERVER_IDS, MASTER_HEARTBEAT_PERIOD and
 * SLOW are the ones not already listed. Sorted for bsearch. */
static const char *const RESERVED[] = {
    "ACCESSIBLE", "ADD", "ADMIN", "ALL", "ALTER", "ANALYZE", "AND", "AS", "ASC", "ASENSITIVE",
    "BEFORE", "BETWEEN", "BIGINT", "BINARY", "BLOB", "BOTH", "BUCKETS", "BY", "CALL", "CASCADE",
    "CASE", "CHANGE", "CHAR", "CHARACTER", "CHECK", "CLONE", "COLLATE", "COLUMN", "COMPONENT",
    "CONDITION", "CONSTRAINT", "CONTINUE", "CONVERT", "CREATE", "CROSS", "CUBE", "CUME_DIST",
    "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "DATABASE",
    "DATABASES", "DAY_HOUR", "DAY_MICROSECOND", "DAY_MINUTE", "DAY_SECOND", "DEC", "DECIMAL",
    "DECLARE", "DEFAULT", "DEFINITION", "DELAYED", "DELETE", "DENSE_RANK", "DESC", "DESCRIBE",
    "DESCRIPTION", "DETERMINISTIC", "DISTINCT", "DISTINCTROW", "DIV", "DOUBLE", "DROP", "DUAL",
    "EACH", "ELSE", "ELSEIF", "EMPTY", "ENCLOSED", "ESCAPED", "EXCEPT", "EXCLUDE", "EXISTS", "EXIT",
    "EXPLAIN", "FALSE", "FETCH", "FIRST_VALUE", "FLOAT", "FLOAT4", "FLOAT8", "FOLLOWING", "FOR",
    "FORCE", "FOREIGN", "FROM", "FULLTEXT", "GENERAL", "GENERATED", "GEOMCOLLECTION", "GET",
    "GET_MASTER_PUBLIC_KEY", "GRANT", "GROUP", "GROUPING", "GROUPS", "HAVING", "HIGH_PRIORITY",
    "HISTOGRAM", "HISTORY", "HOUR_MICROSECOND", "HOUR_MINUTE", "HOUR_SECOND", "IF", "IGNORE",
    "IGNORE_SERVER_IDS", "IN", "INDEX", "INFILE", "INNER", "INOUT", "INSENSITIVE", "INSERT", "INT",
    "INT1", "INT2", "INT3", "INT4", "INT8", "INTEGER", "INTERVAL", "INTO", "INVISIBLE", "IS",
    "ITERATE", "JOIN", "JSON_TABLE", "KEY", "KEYS", "KILL", "LAG", "LAST_VALUE", "LEAD", "LEADING",
    "LEAVE", "LEFT", "LIKE", "LIMIT", "LINEAR", "LINES", "LOAD", "LOCALTIME", "LOCALTIMESTAMP",
    "LOCK", "LOCKED", "LONG", "LONGBLOB", "LONGTEXT", "LOOP", "LOW_PRIORITY",
    "MASTER_HEARTBEAT_PERIOD", "MASTER_PUBLIC_KEY_PATH", "MASTER_SSL_VERIFY_SERVER_CERT", "MATCH",
    "MAXVALUE", "MEDIUMBLOB", "MEDIUMINT", "MEDIUMTEXT", "MIDDLEINT", "MINUTE_MICROSECOND",
    "MINUTE_SECOND", "MOD", "MODIFIES", "NATURAL", "NESTED", "NOT", "NOWAIT", "NO_WRITE_TO_BINLOG",
    "NTH_VALUE", "NTILE", "NULL", "NULLS", "NUMERIC", "OF", "ON", "OPTIMIZE", "OPTIMIZER_COSTS",
    "OPTION", "OPTIONALLY", "OR", "ORDER", "ORDINALITY", "ORGANIZATION", "OTHERS", "OUT", "OUTER",
    "OUTFILE", "OVER", "PARTITION", "PATH", "PERCENT_RANK", "PERSIST", "PERSIST_ONLY", "PRECEDING",
    "PRECISION", "PRIMARY", "PROCEDURE", "PROCESS", "PURGE", "RANGE", "RANK", "READ", "READS",
    "READ_WRITE", "REAL", "RECURSIVE", "REFERENCE", "REFERENCES", "REGEXP", "RELEASE", "REMOTE",
    "RENAME", "REPEAT", "REPLACE", "REQUIRE", "RESIGNAL", "RESOURCE", "RESPECT", "RESTART",
    "RESTRICT", "RETURN", "REUSE", "REVOKE", "RIGHT", "RLIKE", "ROLE", "ROW_NUMBER", "SCHEMA",
    "SCHEMAS", "SECOND_MICROSECOND", "SELECT", "SENSITIVE", "SEPARATOR", "SET", "SHOW", "SIGNAL",
    "SKIP", "SLOW", "SMALLINT", "SPATIAL", "SPECIFIC", "SQL", "SQLEXCEPTION", "SQLSTATE",
    "SQLWARNING", "SQL_BIG_RESULT", "SQL_CALC_FOUND_ROWS", "SQL_SMALL_RESULT", "SRID", "SSL",
    "STARTING", "STORED", "STRAIGHT_JOIN", "SYSTEM", "TABLE", "TERMINATED", "THEN",
    "THREAD_PRIORITY", "TIES", "TINYBLOB", "TINYINT", "TINYTEXT", "TO", "TRAILING", "TRIGGER",
    "TRUE", "UNBOUNDED", "UNDO", "UNION", "UNIQUE", "UNLOCK", "UNSIGNED", "UPDATE", "USAGE", "USE",
    "USING", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "VALUES", "VARBINARY", "VARCHAR",
    "VARCHARACTER", "VARYING", "VCPU", "VIRTUAL", "VISIBLE", "WHEN", "WHERE", "WHILE", "WINDOW",
    "WITH", "WRITE", "XOR", "YEAR_MONTH", "ZEROFILL",
};

static int cmp_word(const void *key, const void *item)
{
    return strcmp((const char *)key, *(const char *const *)item);
}

/* Database.isReservedWord: case-insensitive; MariaDBDatabase adds PERIOD. */
static bool is_reserved(const sg_ctx *c, const char *word)
{
    char upper[64];
    size_t n = strlen(word);
    if (n >= sizeof upper)
        return false;   /* longer than any reserved word */
    for (size_t i = 0; i <= n; i++)
        upper[i] = (word[i] >= 'a' && word[i] <= 'z') ? (char)(word[i] - 32) : word[i];
    if (c && c->v3 && strcmp(upper, "CUBE") == 0)
        return false;
    if (c && c->mariadb && strcmp(upper, "PERIOD") == 0)
        return true;
    return bsearch(upper, RESERVED, sizeof RESERVED / sizeof RESERVED[0], sizeof RESERVED[0], cmp_word) != NULL;
}

static bool is_word_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

/* mustQuoteObjectName: a reserved word, a leading digit, or anything but Java's ASCII \w
 * (MySQL's extra rule also quotes the empty name). */
static bool must_quote(const sg_ctx *c, const char *name)
{
    if (!*name || (name[0] >= '0' && name[0] <= '9'))
        return true;
    for (const char *p = name; *p; p++)
        if (!is_word_char(*p))
            return true;
    return is_reserved(c, name);
}

/* quoteObject: MySQL does not override getQuotingEndReplacement, so a back-quote inside the
 * name becomes two double quotes. */
static int quote(const char *name, omrs_buf *out)
{
    if (omrs_buf_putc(out, '`') < 0)
        return -1;
    for (const char *p = name; *p; p++)
        if ((*p == '`' ? omrs_buf_append(out, "\"\"", 2) : omrs_buf_putc(out, *p)) < 0)
            return -1;
    return omrs_buf_putc(out, '`');
}

static int escape_name(const sg_ctx *c, const char *name, omrs_buf *out)
{
    if (!name)
        return omrs_buf_append(out, "null", 4);
    if (must_quote(c, name))
        return quote(name, out);
    size_t start, len;
    lb_java_trim_span(name, &start, &len);
    return omrs_buf_append(out, name + start, len);
}

int lb_quote_identifier(const char *name, omrs_buf *out)
{
    return escape_name(NULL, name, out);
}

int sg_name(sg_ctx *c, const char *name, omrs_buf *out)
{
    return escape_name(c, name, out) < 0 ? sg_nomem(c) : 0;
}

int sg_column(sg_ctx *c, const char *name, bool quote_functions, omrs_buf *out)
{
    if (name && strchr(name, '(') && !quote_functions)
        return omrs_buf_append(out, name, strlen(name)) < 0 ? sg_nomem(c) : 0;
    return sg_name(c, name, out);
}

/* A trimmed copy of s[0..n) into a context-owned string. */
static int trimmed(sg_ctx *c, const char *s, size_t n, const char **out)
{
    while (n > 0 && (unsigned char)*s <= ' ') {
        s++;
        n--;
    }
    while (n > 0 && (unsigned char)s[n - 1] <= ' ')
        n--;
    return sg_strndup(c, s, n, out);
}

/* A trailing "<whitespace>DESC" / "<whitespace>ASC" (any case) is cut off, as the patterns
 * "(?i).*\\s+DESC" and "(?i).*\\s+ASC" find it; returns whether it was DESC. The item is
 * trimmed, so the blanks always have something before them. */
static bool strip_direction(char *name)
{
    static const char *const WORDS[] = {"DESC", "ASC"};
    size_t n = strlen(name);
    for (size_t w = 0; w < 2; w++) {
        size_t k = strlen(WORDS[w]);
        if (n <= k || !omrs_ascii_ieq(name + n - k, WORDS[w]))
            continue;
        size_t end = n - k;
        if (end == 0 || (unsigned char)name[end - 1] > ' ')
            continue;
        while (end > 0 && (unsigned char)name[end - 1] <= ' ')
            end--;
        name[end] = '\0';
        return w == 0;
    }
    return false;
}

/* One item of escapeColumnNameList. */
static int list_item(sg_ctx *c, const char *item, omrs_buf *out)
{
    char *name = strdup(item);
    if (!name || sg_own(c, name) < 0)
        return name ? -1 : sg_nomem(c);
    bool desc = strip_direction(name);
    if (sg_name(c, name, out) < 0 || (desc && omrs_buf_append(out, " DESC", 5) < 0))
        return sg_nomem(c);
    return 0;
}

/* splitAndTrim(names, ",") (Java split: trailing empty items dropped), each escaped,
 * joined with ", ". */
int sg_column_list(sg_ctx *c, const char *names, omrs_buf *out)
{
    if (!names)
        return 0;
    size_t len = strlen(names);
    while (len > 0 && names[len - 1] == ',')
        len--;
    if (len == 0 && *names)
        return 0;   /* nothing but commas */
    for (size_t i = 0, first = 1; i <= len; first = 0) {
        size_t j = i;
        while (j < len && names[j] != ',')
            j++;
        const char *item = NULL;
        if (trimmed(c, names + i, j - i, &item) < 0)
            return -1;
        if ((!first && omrs_buf_append(out, ", ", 2) < 0))
            return sg_nomem(c);
        if (list_item(c, item, out) < 0)
            return -1;
        i = j + 1;
    }
    return 0;
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    while (*s && (unsigned char)*s <= ' ')
        s++;
    return *s == '\0';
}

/* escapeObjectName(catalog, schema, name, Table.class) on a database that has catalogs but no
 * schemas: an explicit catalog wins, then a schema (taken as the catalog), then the default
 * catalog, which update-sql always prints. Liquibase passes the unblanked names through
 * (trimToNull only decides which one is used). */
int sg_table(sg_ctx *c, const char *catalog, const char *schema, const char *table, omrs_buf *out)
{
    const char *qualifier = !blank(catalog) ? catalog : !blank(schema) ? schema : c->opt->catalog;
    if (qualifier) {
        size_t start, len;
        lb_java_trim_span(qualifier, &start, &len);
        const char *q = NULL;
        if (sg_strndup(c, qualifier + start, len, &q) < 0 || sg_name(c, q, out) < 0)
            return -1;
        if (omrs_buf_putc(out, '.') < 0)
            return sg_nomem(c);
    }
    return sg_name(c, table, out);
}

int sg_default_catalog_prefix(sg_ctx *c, omrs_buf *out)
{
    if (!c->opt->catalog)
        return 0;
    return sg_name(c, c->opt->catalog, out) < 0 || omrs_buf_putc(out, '.') < 0 ? sg_nomem(c) : 0;
}

int sg_escape_string(const char *s, omrs_buf *out)
{
    for (const char *p = s; *p; p++) {
        int rc = *p == '\'' ? omrs_buf_append(out, "''", 2)
               : *p == '\\' ? omrs_buf_append(out, "\\\\", 2)
                            : omrs_buf_putc(out, *p);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int lb_sql_string(const char *value, omrs_buf *out)
{
    if (omrs_buf_putc(out, '\'') < 0 || sg_escape_string(value ? value : "", out) < 0)
        return -1;
    return omrs_buf_putc(out, '\'');
}
