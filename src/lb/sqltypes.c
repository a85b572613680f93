/* Liquibase's DataTypeFactory on MySQL/MariaDB: fromDescription (type text -> type class,
 * parameters, additional information), toDatabaseDataType (the DDL text) and objectToSql
 * (a value in that type's SQL form), per liquibase.datatype.core.* of 4.28.0 and 3.10.3,
 * with OpenMRS's MySQLBooleanType (BOOLEAN -> TINYINT(1)). The database is taken to support
 * fractional seconds (MySQL >= 5.6.4, as the oracle's 5.7.44). */
#include "sqlgen_int.h"

#include <ctype.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

typedef enum tkind {
    TK_UNKNOWN, TK_BIGINT, TK_BLOB, TK_BOOLEAN, TK_CHAR, TK_CLOB, TK_CURRENCY, TK_FUNCTION,
    TK_DATETIME, TK_DATE, TK_DECIMAL, TK_DOUBLE, TK_FLOAT, TK_INT, TK_MEDIUMINT, TK_NCHAR,
    TK_NVARCHAR, TK_NUMBER, TK_SMALLINT, TK_TIME, TK_TIMESTAMP, TK_TINYINT, TK_UUID, TK_VARCHAR, TK_XML
} tkind;

#define IN_V3 1u
#define IN_V4 2u
#define IN_ALL (IN_V3 | IN_V4)

/* @DataTypeInfo names and aliases (lower case), by the versions that register them. */
static const struct {
    const char *alias;
    tkind kind;
    unsigned in;
} TYPE_NAMES[] = {
    {"bigint", TK_BIGINT, IN_ALL}, {"java.sql.types.bigint", TK_BIGINT, IN_ALL},
    {"java.math.biginteger", TK_BIGINT, IN_ALL}, {"java.lang.long", TK_BIGINT, IN_ALL},
    {"integer8", TK_BIGINT, IN_ALL}, {"bigserial", TK_BIGINT, IN_ALL}, {"serial8", TK_BIGINT, IN_ALL},
    {"int8", TK_BIGINT, IN_ALL},
    {"blob", TK_BLOB, IN_ALL}, {"longblob", TK_BLOB, IN_ALL}, {"longvarbinary", TK_BLOB, IN_ALL},
    {"java.sql.types.blob", TK_BLOB, IN_ALL}, {"java.sql.types.longblob", TK_BLOB, IN_ALL},
    {"java.sql.types.longvarbinary", TK_BLOB, IN_ALL}, {"java.sql.types.varbinary", TK_BLOB, IN_ALL},
    {"java.sql.types.binary", TK_BLOB, IN_ALL}, {"varbinary", TK_BLOB, IN_ALL}, {"binary", TK_BLOB, IN_ALL},
    {"image", TK_BLOB, IN_ALL}, {"tinyblob", TK_BLOB, IN_ALL}, {"mediumblob", TK_BLOB, IN_ALL},
    {"long binary", TK_BLOB, IN_V4}, {"long varbinary", TK_BLOB, IN_V4},
    {"boolean", TK_BOOLEAN, IN_ALL}, {"java.sql.types.boolean", TK_BOOLEAN, IN_ALL},
    {"java.lang.boolean", TK_BOOLEAN, IN_ALL}, {"bit", TK_BOOLEAN, IN_ALL}, {"bool", TK_BOOLEAN, IN_ALL},
    {"char", TK_CHAR, IN_ALL}, {"java.sql.types.char", TK_CHAR, IN_ALL}, {"bpchar", TK_CHAR, IN_ALL},
    {"character", TK_CHAR, IN_V4},
    {"clob", TK_CLOB, IN_ALL}, {"longvarchar", TK_CLOB, IN_ALL}, {"text", TK_CLOB, IN_ALL},
    {"longtext", TK_CLOB, IN_ALL}, {"java.sql.types.longvarchar", TK_CLOB, IN_ALL},
    {"java.sql.types.clob", TK_CLOB, IN_ALL}, {"nclob", TK_CLOB, IN_ALL}, {"longnvarchar", TK_CLOB, IN_ALL},
    {"ntext", TK_CLOB, IN_ALL}, {"java.sql.types.longnvarchar", TK_CLOB, IN_ALL},
    {"java.sql.types.nclob", TK_CLOB, IN_ALL}, {"tinytext", TK_CLOB, IN_ALL}, {"mediumtext", TK_CLOB, IN_ALL},
    {"long varchar", TK_CLOB, IN_V4}, {"long nvarchar", TK_CLOB, IN_V4},
    {"currency", TK_CURRENCY, IN_ALL}, {"money", TK_CURRENCY, IN_ALL}, {"smallmoney", TK_CURRENCY, IN_ALL},
    {"function", TK_FUNCTION, IN_ALL}, {"liquibase.statement.databasefunction", TK_FUNCTION, IN_ALL},
    {"datetime", TK_DATETIME, IN_ALL}, {"java.sql.types.datetime", TK_DATETIME, IN_ALL},
    {"java.util.date", TK_DATETIME, IN_ALL}, {"smalldatetime", TK_DATETIME, IN_ALL},
    {"datetime2", TK_DATETIME, IN_ALL},
    {"date", TK_DATE, IN_ALL}, {"java.sql.types.date", TK_DATE, IN_ALL}, {"java.sql.date", TK_DATE, IN_ALL},
    {"decimal", TK_DECIMAL, IN_ALL}, {"java.sql.types.decimal", TK_DECIMAL, IN_ALL},
    {"java.math.bigdecimal", TK_DECIMAL, IN_ALL},
    {"double", TK_DOUBLE, IN_ALL}, {"java.sql.types.double", TK_DOUBLE, IN_ALL},
    {"java.lang.double", TK_DOUBLE, IN_ALL},
    {"float", TK_FLOAT, IN_ALL}, {"java.sql.types.float", TK_FLOAT, IN_ALL}, {"java.lang.float", TK_FLOAT, IN_ALL},
    {"real", TK_FLOAT, IN_ALL}, {"java.sql.types.real", TK_FLOAT, IN_ALL},
    {"int", TK_INT, IN_ALL}, {"integer", TK_INT, IN_ALL}, {"java.sql.types.integer", TK_INT, IN_ALL},
    {"java.lang.integer", TK_INT, IN_ALL}, {"serial", TK_INT, IN_ALL}, {"int4", TK_INT, IN_ALL},
    {"serial4", TK_INT, IN_ALL},
    {"mediumint", TK_MEDIUMINT, IN_ALL},
    {"nchar", TK_NCHAR, IN_ALL}, {"java.sql.types.nchar", TK_NCHAR, IN_ALL}, {"nchar2", TK_NCHAR, IN_ALL},
    {"nvarchar", TK_NVARCHAR, IN_ALL}, {"java.sql.types.nvarchar", TK_NVARCHAR, IN_ALL},
    {"nvarchar2", TK_NVARCHAR, IN_ALL}, {"national", TK_NVARCHAR, IN_ALL},
    {"number", TK_NUMBER, IN_ALL}, {"numeric", TK_NUMBER, IN_ALL}, {"java.sql.types.numeric", TK_NUMBER, IN_ALL},
    {"smallint", TK_SMALLINT, IN_ALL}, {"java.sql.types.smallint", TK_SMALLINT, IN_ALL},
    {"int2", TK_SMALLINT, IN_ALL}, {"smallserial", TK_SMALLINT, IN_V4},
    {"time", TK_TIME, IN_ALL}, {"java.sql.types.time", TK_TIME, IN_ALL}, {"java.sql.time", TK_TIME, IN_ALL},
    {"timetz", TK_TIME, IN_ALL},
    {"timestamp", TK_TIMESTAMP, IN_ALL}, {"java.sql.types.timestamp", TK_TIMESTAMP, IN_ALL},
    {"java.sql.types.timestamp_with_timezone", TK_TIMESTAMP, IN_ALL}, {"java.sql.timestamp", TK_TIMESTAMP, IN_ALL},
    {"timestamptz", TK_TIMESTAMP, IN_ALL},
    {"tinyint", TK_TINYINT, IN_ALL}, {"java.sql.types.tinyint", TK_TINYINT, IN_ALL},
    {"uuid", TK_UUID, IN_ALL}, {"uniqueidentifier", TK_UUID, IN_ALL}, {"java.util.uuid", TK_UUID, IN_ALL},
    {"varchar", TK_VARCHAR, IN_ALL}, {"java.sql.types.varchar", TK_VARCHAR, IN_ALL},
    {"java.lang.string", TK_VARCHAR, IN_ALL}, {"varchar2", TK_VARCHAR, IN_ALL},
    {"character varying", TK_VARCHAR, IN_ALL},
    {"xml", TK_XML, IN_ALL}, {"xmltype", TK_XML, IN_ALL}, {"java.sql.types.sqlxml", TK_XML, IN_ALL},
};

/* getName() of each class: what toDatabaseDataType prints for most of them. */
static const char *const KIND_NAMES[] = {
    [TK_UNKNOWN] = "unknown", [TK_BIGINT] = "bigint", [TK_BLOB] = "blob", [TK_BOOLEAN] = "boolean",
    [TK_CHAR] = "char", [TK_CLOB] = "clob", [TK_CURRENCY] = "currency", [TK_FUNCTION] = "function",
    [TK_DATETIME] = "datetime", [TK_DATE] = "date", [TK_DECIMAL] = "decimal", [TK_DOUBLE] = "double",
    [TK_FLOAT] = "float", [TK_INT] = "int", [TK_MEDIUMINT] = "mediumint", [TK_NCHAR] = "nchar",
    [TK_NVARCHAR] = "nvarchar", [TK_NUMBER] = "number", [TK_SMALLINT] = "smallint", [TK_TIME] = "time",
    [TK_TIMESTAMP] = "timestamp", [TK_TINYINT] = "tinyint", [TK_UUID] = "uuid", [TK_VARCHAR] = "varchar",
    [TK_XML] = "xml",
};

#define MAX_PARAMS 16

typedef struct sg_type {
    tkind kind;
    const char *name;        /* getName(): the class's name, or the unknown type's text */
    const char *params[MAX_PARAMS];
    size_t nparams;
    const char *additional;  /* text after the first blank of the name, or NULL */
    const char *raw;         /* the definition as given (getRawDefinition) */
} sg_type;

/* ======================================================================================
 * Small Java string helpers
 * ====================================================================================== */

static bool jspace(char ch)   /* \s */
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' || ch == '\r';
}

static bool has_line_break(const char *s)
{
    return strpbrk(s, "\r\n") != NULL;
}

static bool starts_with_ci(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strlen(s) >= n && strncasecmp(s, prefix, n) == 0;
}

static int lower_copy(sg_ctx *c, const char *s, const char **out)
{
    char *l = strdup(s);
    if (!l)
        return sg_nomem(c);
    for (char *p = l; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    *out = l;
    return sg_own(c, l);
}

/* ======================================================================================
 * fromDescription
 * ====================================================================================== */

/* replaceFirst("\\s*\\(.*\\)", "") when the definition matches ".+\\(.*\\).*": cuts from the
 * blanks before the first "(" through the last ")". */
static int strip_parameters(sg_ctx *c, const char *s, const char **out)
{
    const char *open = strchr(s, '('), *close = strrchr(s, ')');
    *out = s;
    if (!open || has_line_break(s) || !close || close < open || !strchr(s + 1, '('))
        return 0;
    size_t start = (size_t)(open - s);
    while (start > 0 && jspace(s[start - 1]))
        start--;
    omrs_buf b = {0};
    if (omrs_buf_append(&b, s, start) < 0 || omrs_buf_append(&b, close + 1, strlen(close + 1)) < 0 ||
        sg_own(c, b.data) < 0) {
        omrs_buf_free(&b);
        return sg_nomem(c);
    }
    *out = b.data ? b.data : "";
    return 0;
}

/* replaceFirst("\\s*\\{.*", "") when the name matches ".+\\{.*". */
static int strip_braces(sg_ctx *c, const char *s, const char **out)
{
    const char *brace = strchr(s, '{');
    *out = s;
    if (!brace || brace == s || has_line_break(s))
        return 0;
    size_t end = (size_t)(brace - s);
    while (end > 0 && jspace(s[end - 1]))
        end--;
    return sg_strndup(c, s, end, out);
}

/* " identity" at the end: Liquibase lower-cases the name and drops it. */
static int strip_identity(sg_ctx *c, const char *s, const char **out)
{
    size_t n = strlen(s);
    *out = s;
    if (n < 9 || strcasecmp(s + n - 9, " identity") != 0)
        return 0;
    const char *l = NULL;
    if (lower_copy(c, s, &l) < 0)
        return -1;
    ((char *)l)[n - 9] = '\0';
    *out = l;
    return 0;
}

/* Removes one pair of delimiting quotes ("", [], ``, '') when the closing one occurs once. */
static int unquote(sg_ctx *c, const char *s, const char **out)
{
    static const char PAIRS[][2] = {{'"', '"'}, {'[', ']'}, {'`', '`'}, {'\'', '\''}};
    *out = s;
    for (size_t i = 0; i < 4; i++) {
        if (s[0] != PAIRS[i][0])
            continue;
        const char *close = strchr(s + 1, PAIRS[i][1]);
        if (!close || strchr(close + 1, PAIRS[i][1]))
            continue;
        omrs_buf b = {0};
        if (omrs_buf_append(&b, s + 1, (size_t)(close - s - 1)) < 0 ||
            omrs_buf_append(&b, close + 1, strlen(close + 1)) < 0 || sg_own(c, b.data) < 0) {
            omrs_buf_free(&b);
            return sg_nomem(c);
        }
        *out = b.data ? b.data : "";
        return 0;
    }
    return 0;
}

/* dataTypeName.trim().split("\\s+", 2), except for names Liquibase keeps whole. */
static int split_additional(sg_ctx *c, const char *s, const char **name, const char **additional)
{
    static const char *const WHOLE[] = {"bit varying", "character varying", "long varchar",
                                        "long nvarchar", "long binary", "long varbinary"};
    size_t whole = c->v3 ? 2 : sizeof WHOLE / sizeof WHOLE[0];
    *name = s;
    *additional = NULL;
    for (size_t i = 0; i < whole; i++)
        if (starts_with_ci(s, WHOLE[i]))
            return 0;
    size_t start, len;
    lb_java_trim_span(s, &start, &len);
    size_t k = start;
    while (k < start + len && !jspace(s[k]))
        k++;
    if (sg_strndup(c, s + start, k - start, name) < 0)
        return -1;
    size_t rest = k;
    while (rest < start + len && jspace(s[rest]))
        rest++;
    if (rest < start + len && sg_strndup(c, s + rest, start + len - rest, additional) < 0)
        return -1;
    return 0;
}

static tkind lookup(sg_ctx *c, const char *name)
{
    unsigned in = c->v3 ? IN_V3 : IN_V4;
    for (size_t i = 0; i < sizeof TYPE_NAMES / sizeof TYPE_NAMES[0]; i++)
        if ((TYPE_NAMES[i].in & in) && strcasecmp(TYPE_NAMES[i].alias, name) == 0)
            return TYPE_NAMES[i].kind;
    return TK_UNKNOWN;
}

static bool is_char_type(tkind k)
{
    return k == TK_CHAR || k == TK_VARCHAR || k == TK_NCHAR || k == TK_NVARCHAR;
}

/* One parameter: trimToNull; character types drop the first " BYTE". */
static int add_param(sg_ctx *c, sg_type *t, const char *p, size_t n)
{
    while (n > 0 && (unsigned char)*p <= ' ') {
        p++;
        n--;
    }
    while (n > 0 && (unsigned char)p[n - 1] <= ' ')
        n--;
    if (n == 0)
        return 0;
    if (t->nparams == MAX_PARAMS)
        return sg_fail(c, OMRS_ERR_PARSE, "data type %s has too many parameters", t->raw);
    const char *param = NULL;
    if (sg_strndup(c, p, n, &param) < 0)
        return -1;
    char *byte = is_char_type(t->kind) ? strstr((char *)param, " BYTE") : NULL;
    if (byte)
        memmove(byte, byte + 5, strlen(byte + 5) + 1);
    t->params[t->nparams++] = param;
    return 0;
}

/* The text between the first "(" and the next ")", split on ","; the definition must match
 * ".+\\s*\\(.*" (something before the parenthesis). */
static int parse_params(sg_ctx *c, sg_type *t, const char *def)
{
    const char *open = strchr(def, '(');
    if (!open || !strchr(def + 1, '(') || has_line_break(def))
        return 0;
    const char *body = open + 1;
    const char *close = strchr(body, ')');
    size_t len = close ? (size_t)(close - body) : strlen(body);
    while (len > 0 && body[len - 1] == ',')   /* Java split drops trailing empty items */
        len--;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && body[j] != ',')
            j++;
        if (add_param(c, t, body + i, j - i) < 0)
            return -1;
        i = j + 1;
    }
    return 0;
}

static int parse_type(sg_ctx *c, const char *def, sg_type *t)
{
    *t = (sg_type){.raw = def};
    size_t n = strlen(def);
    if (!c->v3 && n >= 3 && def[0] == '$' && def[1] == '{' && def[n - 1] == '}' && !has_line_break(def)) {
        t->kind = TK_UNKNOWN;   /* an unexpanded ${property} */
        t->name = def;
        return 0;
    }
    const char *s = NULL, *name = NULL, *additional = NULL;
    if (strip_parameters(c, def, &s) < 0 || strip_braces(c, s, &s) < 0 || strip_identity(c, s, &s) < 0 ||
        unquote(c, s, &s) < 0 || split_additional(c, s, &name, &additional) < 0)
        return -1;
    t->kind = lookup(c, name);
    t->name = t->kind != TK_UNKNOWN ? KIND_NAMES[t->kind] : starts_with_ci(name, "INTERVAL") ? def : name;
    t->additional = additional;
    return parse_params(c, t, def);
}

bool sg_type_is_boolean(const char *def)
{
    static const char *const NAMES[] = {"boolean", "bit", "bool", "java.sql.types.boolean", "java.lang.boolean"};
    size_t n = strcspn(def, "( {");
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (strlen(NAMES[i]) == n && strncasecmp(def, NAMES[i], n) == 0)
            return true;
    return false;
}

/* ======================================================================================
 * toDatabaseDataType
 * ====================================================================================== */

/* new DatabaseDataType(name, params...) + addAdditionalInformation(additional). */
static int data_type(omrs_buf *out, const char *name, bool upper, const char *const *params, size_t n,
                     const char *additional)
{
    for (const char *p = name; *p; p++)
        if (omrs_buf_putc(out, upper ? (char)toupper((unsigned char)*p) : *p) < 0)
            return -1;
    for (size_t i = 0; i < n; i++)
        if (omrs_buf_printf(out, "%s%s", i ? ", " : "(", params[i]) < 0)
            return -1;
    if (n && omrs_buf_putc(out, ')') < 0)
        return -1;
    return additional ? omrs_buf_printf(out, " %s", additional) : 0;
}

static bool parse_int(const char *s, long *v)
{
    char *end;
    *v = strtol(s, &end, 10);
    return *s && *end == '\0';
}

/* LiquibaseDataType.toDatabaseDataType on MySQL: NAME(params) additional. */
static int default_sql(const sg_type *t, omrs_buf *out)
{
    return data_type(out, t->name, true, t->params, t->nparams, t->additional);
}

static int clob_sql(const sg_type *t, omrs_buf *out)
{
    static const struct {
        const char *prefix, *sql;
    } BY_PREFIX[] = {{"text", "TEXT"}, {"tinytext", "TINYTEXT"}, {"mediumtext", "MEDIUMTEXT"},
                     {"nclob", "LONGTEXT CHARACTER SET utf8"}};
    size_t start, len;
    lb_java_trim_span(t->raw, &start, &len);
    for (size_t i = 0; i < sizeof BY_PREFIX / sizeof BY_PREFIX[0]; i++)
        if (starts_with_ci(t->raw + start, BY_PREFIX[i].prefix))
            return omrs_buf_append(out, BY_PREFIX[i].sql, strlen(BY_PREFIX[i].sql));
    return omrs_buf_append(out, "LONGTEXT", 8);
}

static int blob_sql(const sg_type *t, omrs_buf *out)
{
    size_t start, len;
    lb_java_trim_span(t->raw, &start, &len);
    const char *raw = t->raw + start;
    if (starts_with_ci(raw, "blob") || strncmp(raw, "java.sql.Types.BLOB", 19) == 0)
        return omrs_buf_append(out, "BLOB", 4);
    if (starts_with_ci(raw, "varbinary") || strncmp(raw, "java.sql.Types.VARBINARY", 24) == 0)
        return data_type(out, "VARBINARY", false, t->params, t->nparams, NULL);
    if (starts_with_ci(raw, "tinyblob"))
        return omrs_buf_append(out, "TINYBLOB", 8);
    if (starts_with_ci(raw, "mediumblob"))
        return omrs_buf_append(out, "MEDIUMBLOB", 10);
    if (starts_with_ci(raw, "binary"))
        return data_type(out, "BINARY", false, t->params, t->nparams, NULL);
    return omrs_buf_append(out, "LONGBLOB", 8);
}

/* 4.28: "PRECISION" in the additional information makes DOUBLE PRECISION; 3.10 drops it. */
static int double_sql(sg_ctx *c, const sg_type *t, omrs_buf *out)
{
    size_t n = t->nparams > 1 ? t->nparams : 0;
    if (c->v3)
        return data_type(out, "DOUBLE", false, t->params, n, NULL);
    omrs_buf extra = {0};
    const char *add = t->additional ? t->additional : "";
    bool precision = false;
    for (const char *p = add; *p; p++) {   /* upper-cased, "PRECISION" removed, blanks collapsed */
        if (strncasecmp(p, "PRECISION", 9) == 0) {
            precision = true;
            p += 8;
            continue;
        }
        bool blank = jspace(*p);
        if (blank && extra.len && extra.data[extra.len - 1] == ' ')
            continue;
        if (omrs_buf_putc(&extra, blank ? ' ' : (char)toupper((unsigned char)*p)) < 0) {
            omrs_buf_free(&extra);
            return -1;
        }
    }
    size_t start = 0, len = 0;
    if (extra.data)
        lb_java_trim_span(extra.data, &start, &len);
    if (len)
        extra.data[start + len] = '\0';
    int rc = data_type(out, precision ? "DOUBLE PRECISION" : "DOUBLE", false, t->params, n,
                       len ? extra.data + start : NULL);
    omrs_buf_free(&extra);
    return rc;
}

/* datetime: no parameters, or datetime(n) with n at most 6. */
static int datetime_sql(sg_ctx *c, const sg_type *t, omrs_buf *out)
{
    if (t->nparams == 0)
        return omrs_buf_append(out, "datetime", 8);
    long p;
    if (!parse_int(t->params[0], &p))
        return sg_fail(c, OMRS_ERR_PARSE, "datetime precision %s is not a number", t->params[0]);
    if (p > 6) {
        const char *six[] = {"6"};
        return data_type(out, "datetime", false, six, 1, NULL);
    }
    return data_type(out, "datetime", false, t->params, t->nparams, NULL);
}

static int time_sql(sg_ctx *c, const sg_type *t, omrs_buf *out)
{
    long p;
    if (t->nparams == 0)
        return omrs_buf_append(out, "time", 4);
    if (!parse_int(t->params[0], &p))
        return sg_fail(c, OMRS_ERR_PARSE, "time precision %s is not a number", t->params[0]);
    return data_type(out, "time", false, t->params, p <= 6 ? t->nparams : 0, NULL);
}

/* TIMESTAMP: more than 6 fractional digits is refused; a definition with a blank or a
 * parenthesis is used as written; otherwise its superclass DateTimeType decides, which
 * prints getName(), i.e. "timestamp" in lower case. */
static int timestamp_sql(sg_ctx *c, const sg_type *t, omrs_buf *out)
{
    long p;
    if (t->nparams > 0 && parse_int(t->params[0], &p) && p > 6)
        return sg_fail(c, OMRS_ERR_PARSE, "a TIMESTAMP with %ld fractional digits: MySQL supports 6", p);
    size_t start, len;
    lb_java_trim_span(t->raw, &start, &len);
    if (memchr(t->raw + start, ' ', len) || memchr(t->raw + start, '(', len))
        return omrs_buf_append(out, t->raw, strlen(t->raw));
    return omrs_buf_append(out, "timestamp", 9);
}

static int unknown_sql(const sg_type *t, omrs_buf *out)
{
    bool unlimited = strcasecmp(t->name, "enum") == 0 || strcasecmp(t->name, "set") == 0;
    size_t n = !unlimited && t->nparams > 2 ? 2 : t->nparams;   /* getDataTypeMaxParameters */
    return data_type(out, t->name, true, t->params, n, t->additional);
}

static int type_sql(sg_ctx *c, const sg_type *t, omrs_buf *out)
{
    static const char *const NO_PARAMS[] = {NULL};
    switch (t->kind) {
    case TK_BIGINT: return data_type(out, "BIGINT", false, NO_PARAMS, 0, t->additional);
    case TK_INT: return data_type(out, "INT", false, NO_PARAMS, 0, t->additional);
    case TK_SMALLINT: return data_type(out, "SMALLINT", false, NO_PARAMS, 0, t->additional);
    case TK_MEDIUMINT: return data_type(out, "MEDIUMINT", false, NO_PARAMS, 0, t->additional);
    case TK_TINYINT: return data_type(out, "TINYINT", false, t->params, t->nparams, t->additional);
    case TK_BOOLEAN: return omrs_buf_append(out, "TINYINT(1)", 10);   /* OpenMRS's MySQLBooleanType */
    case TK_CLOB: return clob_sql(t, out);
    case TK_BLOB: return blob_sql(t, out);
    case TK_DATETIME: return datetime_sql(c, t, out);
    case TK_DATE: return omrs_buf_append(out, "date", 4);
    case TK_TIME: return time_sql(c, t, out);
    case TK_TIMESTAMP: return timestamp_sql(c, t, out);
    case TK_DOUBLE: return double_sql(c, t, out);
    case TK_FLOAT:
        return strcasecmp(t->raw, "REAL") == 0 ? omrs_buf_append(out, "REAL", 4) : default_sql(t, out);
    case TK_NUMBER: return data_type(out, "numeric", false, t->params, t->nparams, NULL);
    case TK_CURRENCY: return omrs_buf_append(out, "DECIMAL", 7);
    case TK_UUID: return omrs_buf_append(out, "char(36)", 8);
    case TK_XML: return omrs_buf_append(out, "LONGTEXT", 8);
    case TK_UNKNOWN: return unknown_sql(t, out);
    default: return default_sql(t, out);
    }
}

int sg_type_sql(sg_ctx *c, const char *def, omrs_buf *out)
{
    if (!def)
        return sg_fail(c, OMRS_ERR_PARSE, "a data type is required");
    sg_type t;
    if (parse_type(c, def, &t) < 0)
        return -1;
    return sg_done(c, type_sql(c, &t, out));
}

/* ======================================================================================
 * objectToSql
 * ====================================================================================== */

/* value.toString() in Java. */
static int java_string(sg_ctx *c, const sg_value *v, const char **out)
{
    *out = v->text;
    if (v->kind != SG_TIMESTAMP)
        return 0;
    /* Timestamp.toString: "yyyy-mm-dd hh:mm:ss.f", at least one fraction digit */
    omrs_buf b = {0};
    const char *dot = strchr(v->text, '.');
    int rc = omrs_buf_printf(&b, "%.10s %.8s.%s", v->text, v->text + 11, dot ? dot + 1 : "0");
    if (rc < 0 || sg_own(c, b.data) < 0) {
        omrs_buf_free(&b);
        return sg_nomem(c);
    }
    *out = b.data;
    return 0;
}

/* formatNumber: a trailing ".0..." goes. */
static int format_number(const char *s, omrs_buf *out)
{
    size_t n = strlen(s);
    const char *dot = strrchr(s, '.');
    if (dot && dot[1] && strspn(dot + 1, "0") == strlen(dot + 1))
        n = (size_t)(dot - s);
    return omrs_buf_append(out, s, n);
}

static int quoted(const char *s, bool escape_backslash, omrs_buf *out)
{
    if (escape_backslash)
        return lb_sql_string(s, out);
    if (omrs_buf_putc(out, '\'') < 0)
        return -1;
    for (const char *p = s; *p; p++)
        if ((*p == '\'' ? omrs_buf_append(out, "''", 2) : omrs_buf_putc(out, *p)) < 0)
            return -1;
    return omrs_buf_putc(out, '\'');
}

static bool is_date_kind(sg_vkind k)
{
    return k == SG_DATE || k == SG_TIME || k == SG_TIMESTAMP;
}

static int cannot_convert(sg_ctx *c, const sg_type *t, const sg_value *v)
{
    return sg_fail(c, OMRS_ERR_PARSE, "Liquibase cannot write the value %s as a %s", v->text, t->name);
}

/* BooleanType.objectToSql (OpenMRS's MySQLBooleanType inherits it): 1 or 0. */
static int boolean_value_sql(sg_ctx *c, const sg_type *t, const sg_value *v, omrs_buf *out)
{
    static const char *const TRUE_WORDS[] = {"true", "1", "b'1'", "t"};
    static const char *const FALSE_WORDS[] = {"false", "0", "b'0'", "f"};
    if (v->kind == SG_FUNCTION)
        return omrs_buf_append(out, v->text, strlen(v->text));
    if (v->kind == SG_BOOL)
        return omrs_buf_putc(out, sg_true(v->text) ? '1' : '0');
    if (v->kind == SG_NUMBER)
        return omrs_buf_putc(out, strcmp(v->text, "1") == 0 || strcmp(v->text, "1.0") == 0 ? '1' : '0');
    if (v->kind != SG_STRING)
        return cannot_convert(c, t, v);
    omrs_buf s = {0};   /* the value without any ' */
    for (const char *p = v->text; *p; p++)
        if (*p != '\'' && omrs_buf_putc(&s, *p) < 0) {
            omrs_buf_free(&s);
            return -1;
        }
    const char *w = s.data ? s.data : "";
    int bit = -1;
    for (size_t i = 0; i < 4 && bit < 0; i++)
        bit = omrs_ascii_ieq(w, TRUE_WORDS[i]) ? 1 : omrs_ascii_ieq(w, FALSE_WORDS[i]) ? 0 : -1;
    omrs_buf_free(&s);
    if (bit < 0)
        return sg_fail(c, OMRS_ERR_PARSE, "Unknown boolean value: %s", v->text);
    return omrs_buf_putc(out, bit ? '1' : '0');
}

/* DateTimeType (and TimestampType): functions, NOW()-like names and strings as written,
 * timestamps as date-time literals. */
static int datetime_value_sql(sg_ctx *c, const sg_type *t, const sg_value *v, omrs_buf *out)
{
    size_t n = strlen(v->text);
    if (v->kind == SG_FUNCTION)
        return sg_function_sql(c, v, out);
    if ((n >= 2 && strcmp(v->text + n - 2, "()") == 0) || omrs_ascii_ieq(v->text, "NOW()"))
        return omrs_buf_append(out, v->text, n);
    if (v->kind == SG_STRING)
        return quoted(v->text, false, out);
    if (v->kind == SG_TIMESTAMP)
        return sg_date_literal(v, out);
    return cannot_convert(c, t, v);
}

static int date_value_sql(sg_ctx *c, const sg_type *t, const sg_value *v, omrs_buf *out)
{
    if (v->kind == SG_FUNCTION)
        return sg_function_sql(c, v, out);
    if (strcmp(v->text, "CURRENT_TIMESTAMP()") == 0)
        return omrs_buf_append(out, "NOW()", 5);
    if (is_date_kind(v->kind))
        return sg_date_literal(v, out);
    if (v->kind == SG_STRING)
        return quoted(v->text, false, out);
    return cannot_convert(c, t, v);
}

static int time_value_sql(sg_ctx *c, const sg_type *t, const sg_value *v, omrs_buf *out)
{
    if (v->kind == SG_FUNCTION)
        return sg_function_sql(c, v, out);
    if (v->kind == SG_TIME)
        return sg_date_literal(v, out);
    if (v->kind == SG_STRING)
        return quoted(v->text, false, out);
    return cannot_convert(c, t, v);
}

/* UnknownType: quoted as is (no escaping), functions bare. */
static int unknown_value_sql(sg_ctx *c, const sg_value *v, const char *text, omrs_buf *out)
{
    if (v->kind == SG_FUNCTION)
        return sg_function_sql(c, v, out);
    if (omrs_ascii_ieq(text, "null"))
        return omrs_buf_append(out, "'null'", 6);
    if (omrs_buf_putc(out, '\'') < 0 || (v->kind == SG_NUMBER ? format_number(text, out) : omrs_buf_append(out, text, strlen(text))) < 0)
        return -1;
    return omrs_buf_putc(out, '\'');
}

static int integer_value_sql(const sg_type *t, const sg_value *v, const char *text, omrs_buf *out)
{
    bool bool_as_digit = t->kind == TK_SMALLINT || t->kind == TK_MEDIUMINT;
    if (v->kind == SG_FUNCTION)
        return omrs_buf_append(out, text, strlen(text));
    if (bool_as_digit && v->kind == SG_BOOL)
        return omrs_buf_putc(out, sg_true(text) ? '1' : '0');
    return format_number(text, out);
}

/* The value side of each type class, after the common "null" check. */
static int value_sql(sg_ctx *c, const sg_type *t, const sg_value *v, const char *text, omrs_buf *out)
{
    switch (t->kind) {
    case TK_BOOLEAN: return boolean_value_sql(c, t, v, out);
    case TK_CHAR: case TK_VARCHAR: case TK_NCHAR: case TK_NVARCHAR:
        return v->kind == SG_FUNCTION ? omrs_buf_append(out, text, strlen(text)) : quoted(text, true, out);
    case TK_CLOB:
        if (v->kind == SG_FUNCTION || text[0] == '\'')
            return omrs_buf_append(out, text, strlen(text));
        return quoted(text, true, out);
    case TK_INT: case TK_BIGINT: case TK_TINYINT: case TK_SMALLINT: case TK_MEDIUMINT:
        return integer_value_sql(t, v, text, out);
    case TK_DATETIME: case TK_TIMESTAMP: return datetime_value_sql(c, t, v, out);
    case TK_DATE: return date_value_sql(c, t, v, out);
    case TK_TIME: return time_value_sql(c, t, v, out);
    case TK_XML:
        if (v->kind == SG_FUNCTION)
            return sg_function_sql(c, v, out);
        return v->kind == SG_NUMBER ? format_number(text, out) : quoted(text, true, out);
    default:   /* LiquibaseDataType: functions evaluated, numbers formatted, the rest as text */
        if (v->kind == SG_FUNCTION || v->kind == SG_SEQ_NEXT || v->kind == SG_SEQ_CURRENT)
            return sg_function_sql(c, v, out);
        return v->kind == SG_NUMBER ? format_number(text, out) : omrs_buf_append(out, text, strlen(text));
    }
}

static int object_sql(sg_ctx *c, const sg_type *t, const sg_value *v, omrs_buf *out)
{
    const char *text = NULL;
    if (v->kind == SG_NONE)
        return omrs_buf_append(out, t->kind == TK_UNKNOWN ? "'null'" : "null", t->kind == TK_UNKNOWN ? 6 : 4);
    if (java_string(c, v, &text) < 0)
        return -1;
    if (t->kind == TK_UNKNOWN)
        return unknown_value_sql(c, v, text, out);
    if (t->kind == TK_BLOB)   /* BlobType: strings quoted without escaping, the rest as text */
        return v->kind == SG_STRING ? omrs_buf_printf(out, "'%s'", text) : omrs_buf_append(out, text, strlen(text));
    if (omrs_ascii_ieq(text, "null"))
        return omrs_buf_append(out, "null", 4);   /* objectToSql returned null */
    return value_sql(c, t, v, text, out);
}

static int checked_object_sql(sg_ctx *c, const sg_type *t, const sg_value *v, omrs_buf *out)
{
    return sg_done(c, object_sql(c, t, v, out));
}

int sg_type_value_sql(sg_ctx *c, const char *def, const sg_value *v, omrs_buf *out)
{
    sg_type t;
    if (!def)
        return sg_fail(c, OMRS_ERR_PARSE, "a data type is required for the default value");
    if (parse_type(c, def, &t) < 0)
        return -1;
    return checked_object_sql(c, &t, v, out);
}

/* fromObject: the value's Java class picks the type (ValueNumeric by its delegate, Long or
 * Double, which print alike). */
int sg_object_sql(sg_ctx *c, const sg_value *v, omrs_buf *out)
{
    static const tkind BY_VALUE[] = {
        [SG_NONE] = TK_VARCHAR, [SG_STRING] = TK_VARCHAR, [SG_NUMBER] = TK_BIGINT, [SG_BOOL] = TK_BOOLEAN,
        [SG_DATE] = TK_DATE, [SG_TIME] = TK_TIME, [SG_TIMESTAMP] = TK_TIMESTAMP, [SG_FUNCTION] = TK_FUNCTION,
        [SG_SEQ_NEXT] = TK_UNKNOWN, [SG_SEQ_CURRENT] = TK_UNKNOWN, [SG_FILE] = TK_VARCHAR,
    };
    sg_type t = {.kind = BY_VALUE[v->kind], .name = KIND_NAMES[BY_VALUE[v->kind]], .raw = ""};
    if (v->kind == SG_SEQ_NEXT || v->kind == SG_SEQ_CURRENT)
        return sg_function_sql(c, v, out);
    return checked_object_sql(c, &t, v, out);
}
