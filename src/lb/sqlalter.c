/* Generators for changes that alter existing tables and columns on MySQL: NOT NULL, data
 * types, renames, drops, defaults, auto-increment and addLookupTable (Liquibase's
 * SetNullableGenerator, ModifyDataTypeGenerator, RenameColumnGenerator, ...,
 * AddDefaultValueGeneratorMySQL, AddAutoIncrementGeneratorMySQL, AddLookupTableChange). */
#include "sqlgen_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "javavalues.h"

static int put(omrs_buf *b, const char *s)
{
    return omrs_buf_append(b, s, strlen(s));
}

typedef struct column_ref {
    const char *catalog, *schema, *table, *column;
} column_ref;

static int column_props(sg_ctx *c, column_ref *r)
{
    return sg_prop(c, "catalogName", &r->catalog) < 0 || sg_prop(c, "schemaName", &r->schema) < 0 ||
                   sg_required(c, "tableName", &r->table) < 0 || sg_required(c, "columnName", &r->column) < 0
               ? -1
               : 0;
}

/* "ALTER TABLE <t> <verb> <column>" */
static int alter_column(sg_ctx *c, const column_ref *r, const char *verb, omrs_buf *b)
{
    return put(b, "ALTER TABLE ") < 0 || sg_table(c, r->catalog, r->schema, r->table, b) < 0 || put(b, verb) < 0 ||
                   sg_name(c, r->column, b) < 0
               ? -1
               : 0;
}

/* ======================================================================================
 * NOT NULL
 * ====================================================================================== */

/* SetNullableGenerator on MySQL: ALTER TABLE t MODIFY c TYPE [NOT ]NULL (the type is
 * required there). */
static int set_nullable(sg_ctx *c, const column_ref *r, const char *type, bool nullable)
{
    if (!type)
        return sg_fail(c, OMRS_ERR_PARSE, "columnDataType is required on MySQL");
    omrs_buf b = {0};
    int rc = alter_column(c, r, " MODIFY ", &b) < 0 || put(&b, " ") < 0 || sg_type_sql(c, type, &b) < 0 ||
             put(&b, nullable ? " NULL" : " NOT NULL") < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}

/* 4.28 turns a defaultNullValue for a boolean column into the number 1 or 0 first
 * (BooleanType.objectToSql, which rejects anything but true/false-like words). */
static int default_null_value(sg_ctx *c, const char *type, const char *value, sg_value *out)
{
    *out = (sg_value){SG_STRING, value};
    if (c->v3 || !type || !sg_type_is_boolean(type))
        return 0;
    omrs_buf b = {0};
    int rc = sg_type_value_sql(c, type, out, &b);
    if (rc == 0)
        *out = (sg_value){SG_NUMBER, strcmp(b.data, "1") == 0 ? "1" : "0"};
    omrs_buf_free(&b);
    return rc;
}

int sg_stmt_add_not_null(sg_ctx *c, const char *catalog, const char *schema, const char *table, const char *column,
                         const char *type, const char *default_null_value_text)
{
    column_ref r = {catalog, schema, table, column};
    bool update = default_null_value_text && (c->v3 || !omrs_ascii_ieq(default_null_value_text, "null"));
    if (update) {
        sg_value v;
        omrs_buf where = {0};
        if (default_null_value(c, type, default_null_value_text, &v) < 0)
            return -1;
        if (sg_name(c, column, &where) < 0 || put(&where, " IS NULL") < 0 || sg_own(c, where.data) < 0)
            return sg_done(c, -1);
        if (sg_stmt_update_column(c, catalog, schema, table, column, &v, where.data) < 0)
            return -1;
    }
    return set_nullable(c, &r, type, false);
}

int sg_gen_add_not_null(sg_ctx *c)
{
    column_ref r;
    const char *type, *dflt;
    if (column_props(c, &r) < 0 || sg_prop(c, "columnDataType", &type) < 0 ||
        sg_prop(c, "defaultNullValue", &dflt) < 0)
        return -1;
    return sg_stmt_add_not_null(c, r.catalog, r.schema, r.table, r.column, type, dflt);
}

int sg_gen_drop_not_null(sg_ctx *c)
{
    column_ref r;
    const char *type;
    if (column_props(c, &r) < 0 || sg_prop(c, "columnDataType", &type) < 0)
        return -1;
    return set_nullable(c, &r, type, true);
}

/* ======================================================================================
 * Types and names
 * ====================================================================================== */

int sg_gen_modify_data_type(sg_ctx *c)
{
    column_ref r;
    const char *type;
    if (column_props(c, &r) < 0 || sg_required(c, "newDataType", &type) < 0)
        return -1;
    omrs_buf b = {0};
    int rc = alter_column(c, &r, " MODIFY ", &b) < 0 || put(&b, " ") < 0 || sg_type_sql(c, type, &b) < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}

/* ALTER TABLE t CHANGE old new TYPE[ COMMENT 'remarks' ] (remarks not escaped). */
int sg_gen_rename_column(sg_ctx *c)
{
    column_ref r = {0};
    const char *new_name, *type, *remarks;
    if (sg_prop(c, "catalogName", &r.catalog) < 0 || sg_prop(c, "schemaName", &r.schema) < 0 ||
        sg_required(c, "tableName", &r.table) < 0 || sg_required(c, "oldColumnName", &r.column) < 0 ||
        sg_required(c, "newColumnName", &new_name) < 0 || sg_prop(c, "columnDataType", &type) < 0 ||
        sg_prop(c, "remarks", &remarks) < 0)
        return -1;
    size_t start, len;
    lb_java_trim_span(type ? type : "", &start, &len);
    if (len == 0)
        return sg_fail(c, OMRS_ERR_PARSE, "columnDataType is required on MySQL");
    omrs_buf b = {0};
    int rc = alter_column(c, &r, " CHANGE ", &b) < 0 || put(&b, " ") < 0 || sg_name(c, new_name, &b) < 0 ||
             put(&b, " ") < 0 || sg_type_sql(c, type, &b) < 0 ? -1 : 0;
    if (rc == 0 && remarks && omrs_buf_printf(&b, " COMMENT '%s' ", remarks) < 0)
        rc = -1;
    return sg_finish(c, rc, &b);
}

int sg_gen_rename_table(sg_ctx *c)
{
    const char *catalog, *schema, *old_name, *new_name;
    if (sg_prop(c, "catalogName", &catalog) < 0 || sg_prop(c, "schemaName", &schema) < 0 ||
        sg_required(c, "oldTableName", &old_name) < 0 || sg_required(c, "newTableName", &new_name) < 0)
        return -1;
    omrs_buf b = {0};
    int rc = put(&b, "ALTER TABLE ") < 0 || sg_table(c, catalog, schema, old_name, &b) < 0 || put(&b, " RENAME ") < 0 ||
             sg_table(c, catalog, schema, new_name, &b) < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}

/* ======================================================================================
 * Drops
 * ====================================================================================== */

int sg_stmt_drop_column(sg_ctx *c, const char *catalog, const char *schema, const char *table, const char *column)
{
    column_ref r = {catalog, schema, table, column};
    omrs_buf b = {0};
    return sg_finish(c, alter_column(c, &r, " DROP COLUMN ", &b), &b);
}

/* Nested <column>s: one column is a single DROP COLUMN, several one ALTER with DROP a, DROP b. */
int sg_gen_drop_column(sg_ctx *c)
{
    column_ref r = {0};
    sg_column_cfg *cols;
    size_t n;
    if (sg_prop(c, "catalogName", &r.catalog) < 0 || sg_prop(c, "schemaName", &r.schema) < 0 ||
        sg_required(c, "tableName", &r.table) < 0 || sg_prop(c, "columnName", &r.column) < 0 ||
        sg_load_columns(c, &cols, &n) < 0)
        return -1;
    if (n <= 1) {
        const char *name = n ? cols[0].name : r.column;
        if (!name)
            return sg_fail(c, OMRS_ERR_PARSE, "columnName is required");
        return sg_stmt_drop_column(c, r.catalog, r.schema, r.table, name);
    }
    omrs_buf b = {0};
    int rc = put(&b, "ALTER TABLE ") < 0 || sg_table(c, r.catalog, r.schema, r.table, &b) < 0 ? -1 : 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (put(&b, i ? ", DROP " : " DROP ") < 0 || sg_name(c, cols[i].name, &b) < 0)
            rc = -1;
    return sg_finish(c, rc, &b);
}

/* DROP TABLE t (cascadeConstraints means nothing on MySQL). */
int sg_gen_drop_table(sg_ctx *c)
{
    const char *catalog, *schema, *table;
    if (sg_prop(c, "catalogName", &catalog) < 0 || sg_prop(c, "schemaName", &schema) < 0 ||
        sg_required(c, "tableName", &table) < 0)
        return -1;
    omrs_buf b = {0};
    int rc = put(&b, "DROP TABLE ") < 0 || sg_table(c, catalog, schema, table, &b) < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}

/* ======================================================================================
 * Defaults and auto-increment
 * ====================================================================================== */

/* What NumberFormat.parse returns, printed by formatNumber: a Long in canonical form, or a
 * Double (approximated by its text without grouping). */
static int java_number(sg_ctx *c, const char *text, const char **out)
{
    omrs_buf b = {0};
    const char *p = text;
    bool negative = *p == '-', fraction = false;
    p += negative;
    for (; (*p >= '0' && *p <= '9') || *p == ',' || (*p == '.' && !fraction); p++) {
        fraction |= *p == '.';
        if (*p != ',' && omrs_buf_putc(&b, *p) < 0)
            goto nomem;
    }
    if (!b.data)
        return sg_fail(c, OMRS_ERR_PARSE, "defaultValueNumeric \"%s\" is not a number", text);
    char *digits = b.data;
    while (digits[0] == '0' && digits[1] && digits[1] != '.')
        digits++;
    omrs_buf num = {0};
    if (omrs_buf_printf(&num, "%s%s", negative && strspn(digits, "0.") != strlen(digits) ? "-" : "", digits) < 0)
        goto nomem;
    omrs_buf_free(&b);
    char *dot = strchr(num.data, '.');
    if (dot) {   /* Double.toString has no trailing zeros; formatNumber then drops a ".0" */
        char *last = num.data + strlen(num.data) - 1;
        while (last > dot && *last == '0')
            *last-- = '\0';
        if (last == dot)
            *dot = '\0';
    }
    *out = num.data;
    return sg_own(c, num.data);
nomem:
    omrs_buf_free(&b);
    return sg_nomem(c);
}

/* MySQL's ALTER TABLE t ALTER c SET DEFAULT v. 4.28 puts a function in parentheses (what it
 * writes for a server other than 5.7; on 5.7 it would use MODIFY COLUMN c TYPE DEFAULT f). */
int sg_stmt_add_default(sg_ctx *c, const char *catalog, const char *schema, const char *table, const char *column,
                        const char *type, const sg_value *dflt)
{
    (void)type;
    column_ref r = {catalog, schema, table, column};
    omrs_buf b = {0};
    int rc = alter_column(c, &r, " ALTER ", &b) < 0 || put(&b, " SET DEFAULT ") < 0 ? -1 : 0;
    if (rc == 0 && dflt->kind == SG_FUNCTION && !c->v3) {
        bool doubled = strncmp(dflt->text, "(", 1) == 0 && dflt->text[1] == '(';
        rc = omrs_buf_printf(&b, doubled ? "%s" : "(%s)", dflt->text);
    } else if (rc == 0 && dflt->kind == SG_NUMBER) {
        const char *num = NULL;
        rc = java_number(c, dflt->text, &num) < 0 || put(&b, num) < 0 ? -1 : 0;
    } else if (rc == 0) {
        rc = sg_object_sql(c, dflt, &b);
    }
    return sg_finish(c, rc, &b);
}

/* AddDefaultValueChange.generateStatements: the first of defaultValue, defaultValueBoolean,
 * defaultValueNumeric, defaultValueDate, defaultValueComputed, defaultValueSequenceNext. */
static int add_default_value(sg_ctx *c, sg_value *v)
{
    const char *s, *b, *num, *date, *computed, *seq;
    if (sg_prop(c, "defaultValue", &s) < 0 || sg_prop(c, "defaultValueBoolean", &b) < 0 ||
        sg_prop(c, "defaultValueNumeric", &num) < 0 || sg_prop(c, "defaultValueDate", &date) < 0 ||
        sg_prop(c, "defaultValueComputed", &computed) < 0 || sg_prop(c, "defaultValueSequenceNext", &seq) < 0)
        return -1;
    *v = (sg_value){SG_NONE, NULL};
    if (s)
        *v = (sg_value){SG_STRING, s};
    else if (b)
        *v = (sg_value){SG_BOOL, b};
    else if (num)
        *v = (sg_value){lb_java_number_prefix(num) ? SG_NUMBER : SG_FUNCTION, num};
    else if (date) {
        if (sg_iso_date(c, date, v) < 0)
            return -1;
        if (v->kind == SG_NONE)
            *v = (sg_value){SG_FUNCTION, date};
    } else if (computed)
        *v = (sg_value){SG_FUNCTION, computed};
    else if (seq)
        *v = (sg_value){SG_SEQ_NEXT, seq};
    return 0;
}

int sg_gen_add_default(sg_ctx *c)
{
    column_ref r;
    const char *type;
    sg_value v;
    if (column_props(c, &r) < 0 || sg_prop(c, "columnDataType", &type) < 0 || add_default_value(c, &v) < 0)
        return -1;
    return sg_stmt_add_default(c, r.catalog, r.schema, r.table, r.column, type, &v);
}

int sg_gen_drop_default(sg_ctx *c)
{
    column_ref r;
    if (column_props(c, &r) < 0)
        return -1;
    omrs_buf b = {0};
    int rc = alter_column(c, &r, " ALTER ", &b) < 0 || put(&b, " DROP DEFAULT") < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}

/* ALTER TABLE t MODIFY c TYPE AUTO_INCREMENT, and with startWith ALTER TABLE t AUTO_INCREMENT=n. */
int sg_gen_add_auto_increment(sg_ctx *c)
{
    column_ref r;
    const char *type, *start;
    if (column_props(c, &r) < 0 || sg_required(c, "columnDataType", &type) < 0 || sg_prop(c, "startWith", &start) < 0)
        return -1;
    omrs_buf def = {0}, b = {0};
    int rc = omrs_buf_printf(&def, "%s{autoIncrement:true}", type) < 0 || sg_own(c, def.data) < 0 ? -1 : 0;
    if (rc == 0)
        rc = alter_column(c, &r, " MODIFY ", &b) < 0 || put(&b, " ") < 0 || sg_type_sql(c, def.data, &b) < 0 ||
                     put(&b, " AUTO_INCREMENT") < 0 ? -1 : 0;
    if (sg_finish(c, rc, &b) < 0)
        return -1;
    if (!start)
        return 0;
    rc = put(&b, "ALTER TABLE ") < 0 || sg_table(c, r.catalog, r.schema, r.table, &b) < 0 ||
         omrs_buf_printf(&b, " AUTO_INCREMENT=%s", start) < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}

/* ======================================================================================
 * addLookupTable
 * ====================================================================================== */

typedef struct lookup {
    const char *existing_catalog, *existing_schema, *existing_table, *existing_column;
    const char *new_catalog, *new_schema, *new_table, *new_column, *new_type, *constraint;
} lookup;

static int lookup_props(sg_ctx *c, lookup *l)
{
    return sg_prop(c, "existingTableCatalogName", &l->existing_catalog) < 0 ||
                   sg_prop(c, "existingTableSchemaName", &l->existing_schema) < 0 ||
                   sg_required(c, "existingTableName", &l->existing_table) < 0 ||
                   sg_required(c, "existingColumnName", &l->existing_column) < 0 ||
                   sg_prop(c, "newTableCatalogName", &l->new_catalog) < 0 ||
                   sg_prop(c, "newTableSchemaName", &l->new_schema) < 0 ||
                   sg_required(c, "newTableName", &l->new_table) < 0 ||
                   sg_required(c, "newColumnName", &l->new_column) < 0 ||
                   sg_prop(c, "newColumnDataType", &l->new_type) < 0 || sg_prop(c, "constraintName", &l->constraint) < 0
               ? -1
               : 0;
}

/* CREATE TABLE new AS SELECT DISTINCT existing AS new FROM t WHERE existing IS NOT NULL */
static int lookup_create(sg_ctx *c, const lookup *l)
{
    omrs_buf b = {0};
    int rc = put(&b, "CREATE TABLE ") < 0 || sg_table(c, l->new_catalog, l->new_schema, l->new_table, &b) < 0 ||
             put(&b, " AS SELECT DISTINCT ") < 0 || sg_name(c, l->existing_column, &b) < 0 || put(&b, " AS ") < 0 ||
             sg_name(c, l->new_column, &b) < 0 || put(&b, " FROM ") < 0 ||
             sg_table(c, l->existing_catalog, l->existing_schema, l->existing_table, &b) < 0 || put(&b, " WHERE ") < 0 ||
             sg_name(c, l->existing_column, &b) < 0 || put(&b, " IS NOT NULL") < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}

/* The table, its NOT NULL and primary key (on the new table's schema, no catalog) and the
 * foreign key from the existing column (default name FK_<EXISTING>_<NEW>). */
int sg_gen_add_lookup_table(sg_ctx *c)
{
    lookup l;
    if (lookup_props(c, &l) < 0 || lookup_create(c, &l) < 0 ||
        sg_stmt_add_not_null(c, NULL, l.new_schema, l.new_table, l.new_column, l.new_type, NULL) < 0 ||
        sg_stmt_add_primary_key(c, NULL, l.new_schema, l.new_table, l.new_column) < 0)
        return -1;
    const char *name = l.constraint;
    if (!name) {
        omrs_buf b = {0};
        if (omrs_buf_printf(&b, "FK_%s_%s", l.existing_table, l.new_table) < 0 || sg_own(c, b.data) < 0)
            return sg_done(c, -1);
        for (char *p = b.data; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 32);
        name = b.data;
    }
    sg_fk fk = {.name = name, .schema = l.existing_schema, .table = l.existing_table, .columns = l.existing_column,
                .ref_schema = l.new_schema, .ref_table = l.new_table, .ref_columns = l.new_column};
    return sg_stmt_add_foreign_key(c, &fk);
}
