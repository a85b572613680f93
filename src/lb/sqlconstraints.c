/* Generators for indexes and constraints on MySQL: createIndex, dropIndex,
 * addForeignKeyConstraint, dropForeignKeyConstraint, addUniqueConstraint,
 * dropUniqueConstraint, addPrimaryKey, dropPrimaryKey (Liquibase's CreateIndexGenerator,
 * AddForeignKeyConstraintGenerator, AddUniqueConstraintGenerator, ...). */
#include "sqlgen_int.h"

#include <string.h>
#include <strings.h>

static int put(omrs_buf *b, const char *s)
{
    return omrs_buf_append(b, s, strlen(s));
}

typedef struct table_ref {
    const char *catalog, *schema, *table;
} table_ref;

static int table_props(sg_ctx *c, table_ref *t)
{
    return sg_prop(c, "catalogName", &t->catalog) < 0 || sg_prop(c, "schemaName", &t->schema) < 0 ||
                   sg_required(c, "tableName", &t->table) < 0
               ? -1
               : 0;
}

/* "ALTER TABLE <t>" */
static int alter_table(sg_ctx *c, const char *catalog, const char *schema, const char *table, omrs_buf *b)
{
    return put(b, "ALTER TABLE ") < 0 ? -1 : sg_table(c, catalog, schema, table, b);
}

/* ======================================================================================
 * Indexes
 * ====================================================================================== */

/* 4.28 creates no index the snapshot marked as belonging to a key (associatedWith). */
static bool associated_with_key(const char *associated)
{
    static const char *const MARKS[] = {"primaryKey", "uniqueConstraint", "foreignKey"};
    for (const char *p = associated; p && *p;) {
        size_t n = strcspn(p, ","), start, len;
        char item[64];
        if (n < sizeof item) {
            memcpy(item, p, n);
            item[n] = '\0';
            lb_java_trim_span(item, &start, &len);
            for (size_t i = 0; i < 3; i++)
                if (len == strlen(MARKS[i]) && strncmp(item + start, MARKS[i], len) == 0)
                    return true;
        }
        p += n + (p[n] == ',');
    }
    return false;
}

static int index_column(sg_ctx *c, const sg_column_cfg *col, omrs_buf *b)
{
    int rc;
    if (!col->computed_set)
        rc = sg_column(c, col->name, false, b);
    else if (col->computed)
        rc = col->name ? put(b, col->name) : put(b, "null");
    else
        rc = sg_name(c, col->name, b);
    return rc < 0 || (col->descending && put(b, " DESC") < 0) ? -1 : 0;
}

int sg_gen_create_index(sg_ctx *c)
{
    table_ref t;
    const char *name, *unique, *associated;
    sg_column_cfg *cols;
    size_t n;
    if (table_props(c, &t) < 0 || sg_prop(c, "indexName", &name) < 0 || sg_prop(c, "unique", &unique) < 0 ||
        sg_prop(c, "associatedWith", &associated) < 0 || sg_load_columns(c, &cols, &n) < 0)
        return -1;
    if (associated_with_key(associated))
        return 0;
    omrs_buf b = {0};
    int rc = put(&b, sg_true(unique) ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") < 0 ? -1 : 0;
    if (rc == 0 && name && (sg_name(c, name, &b) < 0 || put(&b, " ") < 0))
        rc = -1;
    if (rc == 0 && (put(&b, "ON ") < 0 || sg_table(c, t.catalog, t.schema, t.table, &b) < 0 || put(&b, "(") < 0))
        rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if ((i > 0 && put(&b, ", ") < 0) || index_column(c, &cols[i], &b) < 0)
            rc = -1;
    if (rc == 0)
        rc = put(&b, ")");
    return sg_finish(c, rc, &b);
}

int sg_gen_drop_index(sg_ctx *c)
{
    const char *catalog, *schema, *table, *name;
    if (sg_prop(c, "catalogName", &catalog) < 0 || sg_prop(c, "schemaName", &schema) < 0 ||
        sg_prop(c, "tableName", &table) < 0 || sg_required(c, "indexName", &name) < 0)
        return -1;
    omrs_buf b = {0};
    int rc = put(&b, "DROP INDEX ") < 0 || sg_name(c, name, &b) < 0 || put(&b, " ON ") < 0 ||
             sg_table(c, catalog, schema, table, &b) < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}

/* ======================================================================================
 * Foreign keys
 * ====================================================================================== */

static int foreign_key_sql(sg_ctx *c, const sg_fk *fk, omrs_buf *b)
{
    if (alter_table(c, fk->catalog, fk->schema, fk->table, b) < 0 || put(b, " ADD CONSTRAINT ") < 0 ||
        sg_name(c, fk->name, b) < 0 || put(b, " FOREIGN KEY (") < 0 || sg_column_list(c, fk->columns, b) < 0 ||
        put(b, ") REFERENCES ") < 0 || sg_table(c, fk->ref_catalog, fk->ref_schema, fk->ref_table, b) < 0 ||
        put(b, " (") < 0 || sg_column_list(c, fk->ref_columns, b) < 0 || put(b, ")") < 0)
        return -1;
    if (fk->on_update && omrs_buf_printf(b, " ON UPDATE %s", fk->on_update) < 0)
        return -1;
    if (fk->on_delete && omrs_buf_printf(b, " ON DELETE %s", fk->on_delete) < 0)
        return -1;
    if ((fk->deferrable && put(b, " DEFERRABLE") < 0) || (fk->initially_deferred && put(b, " INITIALLY DEFERRED") < 0))
        return -1;
    return 0;
}

int sg_stmt_add_foreign_key(sg_ctx *c, const sg_fk *fk)
{
    omrs_buf b = {0};
    return sg_finish(c, foreign_key_sql(c, fk, &b), &b);
}

static int read_foreign_key(sg_ctx *c, sg_fk *fk)
{
    const char *deferrable, *initially;
    if (sg_prop(c, "constraintName", &fk->name) < 0 || sg_prop(c, "baseTableCatalogName", &fk->catalog) < 0 ||
        sg_prop(c, "baseTableSchemaName", &fk->schema) < 0 || sg_required(c, "baseTableName", &fk->table) < 0 ||
        sg_required(c, "baseColumnNames", &fk->columns) < 0 ||
        sg_prop(c, "referencedTableCatalogName", &fk->ref_catalog) < 0 ||
        sg_prop(c, "referencedTableSchemaName", &fk->ref_schema) < 0 ||
        sg_required(c, "referencedTableName", &fk->ref_table) < 0 ||
        sg_required(c, "referencedColumnNames", &fk->ref_columns) < 0 || sg_prop(c, "onUpdate", &fk->on_update) < 0 ||
        sg_prop(c, "onDelete", &fk->on_delete) < 0 || sg_prop(c, "deferrable", &deferrable) < 0 ||
        sg_prop(c, "initiallyDeferred", &initially) < 0)
        return -1;
    fk->deferrable = sg_true(deferrable);
    fk->initially_deferred = sg_true(initially);
    return 0;
}

int sg_gen_add_foreign_key(sg_ctx *c)
{
    sg_fk fk = {0};
    return read_foreign_key(c, &fk) < 0 ? -1 : sg_stmt_add_foreign_key(c, &fk);
}

static const char *unless_restrict(const char *rule)
{
    return rule && strcasecmp(rule, "RESTRICT") == 0 ? NULL : rule;
}

int sg_foreign_key_in_place(sg_ctx *c, const char **base, const char **referenced, omrs_buf *sql)
{
    sg_fk fk = {0};
    if (read_foreign_key(c, &fk) < 0)
        return -1;
    if (fk.catalog || fk.schema || fk.ref_catalog || fk.ref_schema)
        return 1;
    /* InnoDB's in-place path records an explicit RESTRICT as NO ACTION, which SHOW CREATE
     * TABLE and information_schema then show; the copy path Liquibase takes records it as
     * RESTRICT, the default, and so does the in-place path when the rule is left implicit. */
    fk.on_update = unless_restrict(fk.on_update);
    fk.on_delete = unless_restrict(fk.on_delete);
    *base = fk.table;
    *referenced = fk.ref_table;
    return foreign_key_sql(c, &fk, sql) < 0 ? sg_nomem(c) : 0;
}

int sg_gen_drop_foreign_key(sg_ctx *c)
{
    const char *catalog, *schema, *table, *name;
    if (sg_prop(c, "baseTableCatalogName", &catalog) < 0 || sg_prop(c, "baseTableSchemaName", &schema) < 0 ||
        sg_required(c, "baseTableName", &table) < 0 || sg_required(c, "constraintName", &name) < 0)
        return -1;
    omrs_buf b = {0};
    int rc = alter_table(c, catalog, schema, table, &b) < 0 || put(&b, " DROP FOREIGN KEY ") < 0 ||
             sg_name(c, name, &b) < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}

/* ======================================================================================
 * Unique constraints
 * ====================================================================================== */

typedef struct unique_spec {
    const char *catalog, *schema, *table, *columns, *name;
    bool clustered;
    const char *for_index_catalog, *for_index_schema, *for_index;
} unique_spec;

static int unique_sql(sg_ctx *c, const unique_spec *u, omrs_buf *b)
{
    if (alter_table(c, u->catalog, u->schema, u->table, b) < 0 || put(b, " ADD ") < 0)
        return -1;
    if (u->name && (put(b, "CONSTRAINT ") < 0 || sg_name(c, u->name, b) < 0 || put(b, " ") < 0))
        return -1;
    if (put(b, u->clustered ? "UNIQUE CLUSTERED (" : "UNIQUE (") < 0 || sg_column_list(c, u->columns, b) < 0 ||
        put(b, ")") < 0)
        return -1;
    if (u->for_index && (put(b, " USING INDEX ") < 0 ||
                         sg_table(c, u->for_index_catalog, u->for_index_schema, u->for_index, b) < 0))
        return -1;
    return 0;
}

int sg_stmt_add_unique(sg_ctx *c, const char *catalog, const char *schema, const char *table, const char *columns,
                       const char *name)
{
    unique_spec u = {.catalog = catalog, .schema = schema, .table = table, .columns = columns, .name = name};
    omrs_buf b = {0};
    return sg_finish(c, unique_sql(c, &u, &b), &b);
}

int sg_gen_add_unique(sg_ctx *c)
{
    unique_spec u = {0};
    const char *clustered;
    if (sg_prop(c, "catalogName", &u.catalog) < 0 || sg_prop(c, "schemaName", &u.schema) < 0 ||
        sg_required(c, "tableName", &u.table) < 0 || sg_required(c, "columnNames", &u.columns) < 0 ||
        sg_prop(c, "constraintName", &u.name) < 0 || sg_prop(c, "clustered", &clustered) < 0 ||
        sg_prop(c, "forIndexCatalogName", &u.for_index_catalog) < 0 ||
        sg_prop(c, "forIndexSchemaName", &u.for_index_schema) < 0 || sg_prop(c, "forIndexName", &u.for_index) < 0)
        return -1;
    u.clustered = sg_true(clustered);
    omrs_buf b = {0};
    return sg_finish(c, unique_sql(c, &u, &b), &b);
}

int sg_gen_drop_unique(sg_ctx *c)
{
    const char *catalog, *schema, *table, *name;
    if (sg_prop(c, "catalogName", &catalog) < 0 || sg_prop(c, "schemaName", &schema) < 0 ||
        sg_required(c, "tableName", &table) < 0 || sg_required(c, "constraintName", &name) < 0)
        return -1;
    omrs_buf b = {0};
    int rc = alter_table(c, catalog, schema, table, &b) < 0 || put(&b, " DROP KEY ") < 0 || sg_name(c, name, &b) < 0
                 ? -1
                 : 0;
    return sg_finish(c, rc, &b);
}

/* ======================================================================================
 * Primary keys (MySQL ignores the constraint name)
 * ====================================================================================== */

int sg_stmt_add_primary_key(sg_ctx *c, const char *catalog, const char *schema, const char *table,
                            const char *columns)
{
    omrs_buf b = {0};
    int rc = alter_table(c, catalog, schema, table, &b) < 0 || put(&b, " ADD PRIMARY KEY (") < 0 ||
             sg_column_list(c, columns, &b) < 0 || put(&b, ")") < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}

int sg_gen_add_primary_key(sg_ctx *c)
{
    table_ref t;
    const char *columns;
    if (table_props(c, &t) < 0 || sg_required(c, "columnNames", &columns) < 0)
        return -1;
    return sg_stmt_add_primary_key(c, t.catalog, t.schema, t.table, columns);
}

int sg_gen_drop_primary_key(sg_ctx *c)
{
    table_ref t;
    if (table_props(c, &t) < 0)
        return -1;
    omrs_buf b = {0};
    int rc = alter_table(c, t.catalog, t.schema, t.table, &b) < 0 || put(&b, " DROP PRIMARY KEY") < 0 ? -1 : 0;
    return sg_finish(c, rc, &b);
}
