/* The SQL Liquibase generates for a changeSet on MySQL/MariaDB, byte-identical to Liquibase
 * 4.28.0 (what OpenMRS 2.7+ runs) or 3.10.3 (OpenMRS 2.4-2.6), with OpenMRS's own
 * extensions: BOOLEAN is TINYINT(1) (MySQLBooleanType) and ext:modifyColumn exists
 * (ModifyColumnGenerator). Checked statement by statement against real update-sql output
 * (shared/fixtures/oracle/fresh-install). */
#ifndef OMRS_LB_SQLGEN_H
#define OMRS_LB_SQLGEN_H

#include <stddef.h>
#include <libxml/tree.h>

#include "error.h"
#include "strutil.h"

typedef omrs_strlist lb_sql_list;   /* items, count: the statements in order */

typedef struct lb_sql_options {
    const char *dbms;     /* "mysql" or "mariadb": which dbms/modifySql filters match, and
                             MariaDB's extra reserved word PERIOD */
    const char *catalog;  /* qualify table names with it ("openmrs" reproduces update-sql);
                             NULL: unqualified, for executing on a connection */
    int liquibase_major;  /* 4 (4.28 behaviour) or 3 (3.10) where they differ */
} lb_sql_options;

/* The statements Liquibase generates for every change of this <changeSet>, in order, with
 * the changeSet's modifySql visitors whose dbms matches applied (replace = literal
 * replace-all, regExpReplace = regular-expression replace-all, append, prepend); no trailing
 * ';'. The changeSet's own dbms attribute is not looked at (the caller filters changeSets);
 * a change with a non-matching dbms attribute (sql, insert) generates nothing, as in
 * Liquibase. Changes without SQL (tagDatabase, empty, output) give no statements.
 * A customChange cannot be generated: OMRS_ERR_NEEDS_OPENMRS naming the class, the changeSet
 * id and its line. An unknown or unsupported change: OMRS_ERR_PARSE naming the element and
 * line. Appends to *out (which may already hold statements); on failure *out is left with
 * what it held before. */
int lb_changeset_sql(xmlNodePtr changeset, const lb_sql_options *opt, lb_sql_list *out, omrs_error *err);

void lb_sql_list_free(lb_sql_list *l);

/* An addForeignKeyConstraint change as fk_inplace.c adds it with the foreign key checks
 * off: its statement with RESTRICT rules left implicit (which InnoDB's in-place path would
 * otherwise record as NO ACTION), and the two tables as the statement names them. 0 with
 * *out filled (free with lb_fk_in_place_free); 1 for another change, or when a catalog or
 * schema is named (another database: left to the plain statement). */
typedef struct lb_fk_in_place {
    char *base, *referenced, *sql;
} lb_fk_in_place;
int lb_foreign_key_in_place(xmlNodePtr change, const lb_sql_options *opt, lb_fk_in_place *out, omrs_error *err);
void lb_fk_in_place_free(lb_fk_in_place *f);

/* Appends an identifier quoted the way Liquibase's LEGACY strategy does on MySQL: back-quoted
 * when it is a reserved word (Liquibase's MySQL list plus MariaDB Connector/J's
 * getSQLKeywords, which the oracle's Liquibase saw), is empty, starts with a digit, or
 * contains a character outside [A-Za-z0-9_]; otherwise as is, Java-trimmed. MariaDB's extra
 * reserved word PERIOD is only applied by lb_changeset_sql with dbms "mariadb". */
int lb_quote_identifier(const char *name, omrs_buf *out);

/* Appends 'value' as a MySQL string literal: ' doubled and \ doubled
 * (MySQLDatabase.escapeStringForDatabase), in single quotes. */
int lb_sql_string(const char *value, omrs_buf *out);

#endif
