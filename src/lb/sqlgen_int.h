/* Internals shared by the SQL generator's files: sqlgen.c (dispatch, modifySql, context),
 * sqlnames.c (quoting), sqltypes.c (data types), sqlvalues.c (column values, dates),
 * sqlddl.c (createTable, addColumn, modifyColumn, mergeColumns), sqlconstraints.c (indexes,
 * keys), sqlalter.c (other ALTERs, defaults, lookup tables), sqldml.c (insert, update,
 * delete, sql) and sqlsplit.c (splitting <sql> text). Nothing else should include this.
 *
 * Conventions: every function that can fail returns 0 or -1 and fills c->err. Strings handed
 * out by sg_prop/sg_attr/sg_load_column are owned by the context and live until the changeSet
 * is done, so generators never free them. Where Java would append a null String to a
 * StringBuilder, the text "null" is appended, as Java does. */
#ifndef OMRS_LB_SQLGEN_INT_H
#define OMRS_LB_SQLGEN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "error.h"
#include "serialize.h"
#include "sqlgen.h"
#include "strutil.h"

typedef struct sg_ctx {
    const lb_sql_options *opt;
    bool v3;                    /* Liquibase 3.10 rules where they differ from 4.28 */
    bool mariadb;
    xmlNodePtr changeset;
    xmlNodePtr change;          /* the change element being generated */
    const lb_change_type *type; /* its Liquibase properties (serialize.c's table) */
    lb_sql_list stmts;          /* the current change's statements, before modifySql */
    bool failed;                /* c->err has been filled */
    void **owned;               /* freed when the changeSet is done */
    size_t n_owned, cap_owned;
    omrs_error *err;
} sg_ctx;

/* ---- sqlgen.c: memory, properties, output, errors ---- */

/* Takes ownership of p (NULL allowed); on allocation failure frees p and fails. */
int sg_own(sg_ctx *c, void *p);
/* A context-owned copy of s[0..n). */
int sg_strndup(sg_ctx *c, const char *s, size_t n, const char **out);
int sg_nomem(sg_ctx *c);
/* rc as a result: a failure that has not filled c->err yet (a bare omrs_buf allocation
 * failure) becomes an allocation error. */
int sg_done(sg_ctx *c, int rc);
/* Fails with code; the message gets " (<element> on line N of changeSet ID)" appended. */
int sg_fail(sg_ctx *c, omrs_code code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The change's property as Liquibase's getter returns it (booleans "true"/"false", integers
 * canonical, defaults applied); NULL when unset or not a property in this version. */
int sg_prop(sg_ctx *c, const char *name, const char **out);
/* Like sg_prop, but a missing value is an error naming the attribute. */
int sg_required(sg_ctx *c, const char *name, const char **out);
/* An attribute (or child element text) of any node, verbatim. */
int sg_attr(sg_ctx *c, xmlNodePtr node, const char *name, const char **out);
/* Boolean.valueOf: "true" in any case. */
bool sg_true(const char *v);

/* Queues one statement of the current change: Java-trimmed (UnparsedSql) and taken over
 * from sql (which is left empty). */
int sg_emit(sg_ctx *c, omrs_buf *sql);
/* The end of a generator: emits sql when rc is 0, else frees it and reports the failure
 * (a bare allocation failure becomes OMRS_ERR_NOMEM). */
int sg_finish(sg_ctx *c, int rc, omrs_buf *sql);

/* ---- sqlnames.c: identifiers and literals ---- */

int sg_name(sg_ctx *c, const char *name, omrs_buf *out);                  /* escapeObjectName */
int sg_column(sg_ctx *c, const char *name, bool quote_functions, omrs_buf *out); /* escapeColumnName */
int sg_column_list(sg_ctx *c, const char *names, omrs_buf *out);         /* escapeColumnNameList */
int sg_table(sg_ctx *c, const char *catalog, const char *schema, const char *table, omrs_buf *out);
int sg_escape_string(const char *s, omrs_buf *out);                      /* escapeStringForDatabase */
/* The default catalog as an escaped prefix "cat." (nothing when there is none). */
int sg_default_catalog_prefix(sg_ctx *c, omrs_buf *out);

/* ---- sqlvalues.c: Java values of ColumnConfig and change properties ---- */

typedef enum sg_vkind {
    SG_NONE,         /* Java null */
    SG_STRING,
    SG_NUMBER,       /* ColumnConfig.ValueNumeric: text as written (parentheses stripped) */
    SG_BOOL,         /* text "true" / "false" */
    SG_DATE,         /* java.sql.Date, text yyyy-MM-dd */
    SG_TIME,         /* java.sql.Time, text HH:mm:ss */
    SG_TIMESTAMP,    /* java.sql.Timestamp, text yyyy-MM-ddTHH:mm:ss[.nanos] */
    SG_FUNCTION,     /* DatabaseFunction */
    SG_SEQ_NEXT,     /* SequenceNextValueFunction: MySQL has none */
    SG_SEQ_CURRENT,
    SG_FILE          /* valueBlobFile / valueClobFile: needs a prepared statement */
} sg_vkind;

typedef struct sg_value {
    sg_vkind kind;
    const char *text;
} sg_value;

typedef struct sg_column_cfg {
    xmlNodePtr node;
    const char *name, *type, *remarks, *after_column, *before_column;
    const char *start_with, *increment_by, *generation_type, *default_on_null;
    const char *default_constraint_name;
    bool auto_increment, descending, computed_set, computed;
    sg_value value, dflt;
    /* <constraints> */
    bool has_constraints;
    int nullable;                       /* -1 unset, 0 false, 1 true */
    bool primary_key, unique, delete_cascade_set, delete_cascade, deferrable, initially_deferred;
    const char *pk_name, *unique_name, *not_null_name;
    const char *references, *ref_catalog, *ref_schema, *ref_table, *ref_columns, *fk_name;
} sg_column_cfg;

/* ColumnConfig.load for one <column>. */
int sg_load_column(sg_ctx *c, xmlNodePtr node, sg_column_cfg *out);
/* The change's columns in the order Liquibase collects them; *cols is context-owned. */
int sg_load_columns(sg_ctx *c, sg_column_cfg **cols, size_t *n);
/* ISODateFormat.parse + format: SG_DATE/SG_TIME/SG_TIMESTAMP with the re-formatted text,
 * or SG_NONE when Liquibase could not parse it (the caller then makes a function). */
int sg_iso_date(sg_ctx *c, const char *s, sg_value *out);
/* Database.generateDatabaseFunctionValue. */
int sg_function_sql(sg_ctx *c, const sg_value *fn, omrs_buf *out);
/* Database.getDateLiteral for a date/time value. */
int sg_date_literal(const sg_value *v, omrs_buf *out);
/* InsertGenerator / UpdateGenerator's rendering of a column value. */
int sg_literal_sql(sg_ctx *c, const sg_value *v, omrs_buf *out);

/* ---- sqltypes.c: DataTypeFactory ---- */

/* fromDescription(def).toDatabaseDataType(MySQL). */
int sg_type_sql(sg_ctx *c, const char *def, omrs_buf *out);
/* fromDescription(def).objectToSql(v, MySQL). */
int sg_type_value_sql(sg_ctx *c, const char *def, const sg_value *v, omrs_buf *out);
/* fromObject(v).objectToSql(v, MySQL). */
int sg_object_sql(sg_ctx *c, const sg_value *v, omrs_buf *out);
/* True when def names Liquibase's boolean type (boolean, bit, bool, ...). */
bool sg_type_is_boolean(const char *def);

/* ---- sqlddl.c, sqlconstraints.c, sqlalter.c, sqldml.c: one generator per change type ---- */

typedef int (*sg_generator)(sg_ctx *c);

int sg_gen_create_table(sg_ctx *c);
int sg_gen_add_column(sg_ctx *c);
int sg_gen_modify_column(sg_ctx *c);
int sg_gen_create_index(sg_ctx *c);
int sg_gen_drop_index(sg_ctx *c);
int sg_gen_add_foreign_key(sg_ctx *c);
int sg_gen_drop_foreign_key(sg_ctx *c);
int sg_gen_add_unique(sg_ctx *c);
int sg_gen_drop_unique(sg_ctx *c);
int sg_gen_add_primary_key(sg_ctx *c);
int sg_gen_drop_primary_key(sg_ctx *c);
int sg_gen_add_not_null(sg_ctx *c);
int sg_gen_drop_not_null(sg_ctx *c);
int sg_gen_modify_data_type(sg_ctx *c);
int sg_gen_rename_column(sg_ctx *c);
int sg_gen_rename_table(sg_ctx *c);
int sg_gen_drop_column(sg_ctx *c);
int sg_gen_drop_table(sg_ctx *c);
int sg_gen_add_default(sg_ctx *c);
int sg_gen_drop_default(sg_ctx *c);
int sg_gen_add_auto_increment(sg_ctx *c);
int sg_gen_add_lookup_table(sg_ctx *c);
int sg_gen_merge_columns(sg_ctx *c);

int sg_gen_insert(sg_ctx *c);
int sg_gen_update(sg_ctx *c);
int sg_gen_delete(sg_ctx *c);
int sg_gen_sql(sg_ctx *c);
int sg_gen_nothing(sg_ctx *c);

/* Statements shared by several generators (Liquibase builds some changes out of others). */

typedef struct sg_fk {
    const char *name, *catalog, *schema, *table, *columns;
    const char *ref_catalog, *ref_schema, *ref_table, *ref_columns;
    const char *on_update, *on_delete;
    bool deferrable, initially_deferred;
} sg_fk;

int sg_stmt_add_foreign_key(sg_ctx *c, const sg_fk *fk);
/* lb_foreign_key_in_place's statement (see sqlgen.h); 1 when a catalog or schema is named. */
int sg_foreign_key_in_place(sg_ctx *c, const char **base, const char **referenced, omrs_buf *sql);
int sg_stmt_add_unique(sg_ctx *c, const char *catalog, const char *schema, const char *table, const char *columns,
                       const char *name);
int sg_stmt_add_primary_key(sg_ctx *c, const char *catalog, const char *schema, const char *table,
                            const char *columns);
/* AddNotNullConstraintChange: an UPDATE for defaultNullValue, then ALTER ... MODIFY ... NOT NULL. */
int sg_stmt_add_not_null(sg_ctx *c, const char *catalog, const char *schema, const char *table, const char *column,
                         const char *type, const char *default_null_value);
/* AddDefaultValueGeneratorMySQL for a value as AddDefaultValueChange builds it (an
 * SG_NUMBER is a java.lang.Number there: Long or Double). */
int sg_stmt_add_default(sg_ctx *c, const char *catalog, const char *schema, const char *table, const char *column,
                        const char *type, const sg_value *dflt);
int sg_stmt_drop_column(sg_ctx *c, const char *catalog, const char *schema, const char *table, const char *column);
/* UPDATE t SET column = value[ WHERE where] (UpdateGenerator). */
int sg_stmt_update_column(sg_ctx *c, const char *catalog, const char *schema, const char *table, const char *column,
                          const sg_value *v, const char *where);

/* ---- sqlsplit.c: AbstractSQLChange's statement splitting ---- */

/* StringUtil.processMultiLineSQL: the statements of sql (already without \r), each
 * Java-trimmed and non-empty, appended to *out as malloc'ed strings. */
int sg_split_sql(const char *sql, bool strip_comments, bool split, const char *end_delimiter, bool v3,
                 lb_sql_list *out);


#endif
