#include "apply.h"

#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "strutil.h"
#include "version.h"

#define GP_SUFFIX ".database_version"
#define GP_DESCRIPTION_FMT "DO NOT MODIFY.  Current database version number for the %s module."

/* ---- the <id>.database_version global property ------------------------- */

typedef struct gp_value {
    bool exists;
    char *value;   /* NULL when the row holds NULL */
} gp_value;

static int take_value(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)lengths, (void)columns;
    gp_value *gp = ctx;
    gp->exists = true;
    return row[0] ? omrs_set_str(&gp->value, row[0]) : 0;
}

/* OpenMRS 2.x looks the property up by lower(property) (1.9.x: ignoring case). */
static int gp_read(omrs_conn *c, const char *module_id, gp_value *gp, omrs_error *err)
{
    memset(gp, 0, sizeof *gp);
    omrs_buf sql = {0}, key = {0};
    int rc = omrs_buf_printf(&key, "%s" GP_SUFFIX, module_id) < 0
          || omrs_buf_printf(&sql, "SELECT property_value FROM global_property WHERE LOWER(property) = LOWER(") < 0
          || omrs_conn_append_literal(c, &sql, key.data) < 0 || omrs_buf_append(&sql, ") LIMIT 1", 9) < 0
             ? omrs_fail_nomem(err) : omrs_conn_each_row(c, sql.data, take_value, gp, err);
    omrs_buf_free(&sql);
    omrs_buf_free(&key);
    return rc;
}

/* runDiff after a whole diff: insert the property with a new v4 uuid, or set its value and
 * reset its description when the value differs (String.equals); equal: nothing. *sql is
 * left empty when nothing is written. */
static int gp_write_sql(omrs_conn *c, const char *module_id, const gp_value *gp, const char *version, omrs_buf *sql)
{
    if (gp->exists && gp->value && strcmp(gp->value, version) == 0)
        return 0;
    char description[512], uuid[37];
    snprintf(description, sizeof description, GP_DESCRIPTION_FMT, module_id);
    omrs_buf key = {0};
    int rc = omrs_buf_printf(&key, "%s" GP_SUFFIX, module_id) < 0 ? -1 : 0;
    if (rc == 0 && !gp->exists) {
        uuid_t raw;
        uuid_generate_random(raw);
        uuid_unparse_lower(raw, uuid);
        rc = omrs_buf_printf(sql, "INSERT INTO global_property (property, property_value, description, uuid) VALUES (") < 0
          || omrs_conn_append_literal(c, sql, key.data) < 0 || omrs_buf_append(sql, ", ", 2) < 0
          || omrs_conn_append_literal(c, sql, version) < 0 || omrs_buf_append(sql, ", ", 2) < 0
          || omrs_conn_append_literal(c, sql, description) < 0 || omrs_buf_append(sql, ", ", 2) < 0
          || omrs_conn_append_literal(c, sql, uuid) < 0 || omrs_buf_putc(sql, ')') < 0 ? -1 : 0;
    } else if (rc == 0) {
        rc = omrs_buf_printf(sql, "UPDATE global_property SET property_value = ") < 0
          || omrs_conn_append_literal(c, sql, version) < 0 || omrs_buf_printf(sql, ", description = ") < 0
          || omrs_conn_append_literal(c, sql, description) < 0
          || omrs_buf_printf(sql, " WHERE LOWER(property) = LOWER(") < 0
          || omrs_conn_append_literal(c, sql, key.data) < 0 || omrs_buf_putc(sql, ')') < 0 ? -1 : 0;
    }
    omrs_buf_free(&key);
    return rc;
}

/* ---- one diff ----------------------------------------------------------- */

static int statement_failed(const char *module_id, const char *source, const omrs_sqldiff_entry *e, size_t n,
                            size_t total, const char *stmt, const char *why, omrs_error *err)
{
    return omrs_fail(err, OMRS_ERR_SQL,
                     "module %s, sqldiff.xml (%s) line %u, diff %s: statement %zu of %zu failed: %s\n  statement: %s\n"
                     "  The statements before it in this diff stay applied (each commits on its own, as in OpenMRS);"
                     " %s%s stays at the last diff that ran completely.",
                     module_id, source, e->line, e->version, n, total, why, stmt, module_id, GP_SUFFIX);
}

/* DatabaseUtil.executeSQL: each piece on its own, committed; executeQuery pieces that
 * Connector/J refuses fail there, as they do in OpenMRS. */
static int run_statements(omrs_conn *c, const char *module_id, const char *source, const omrs_sqldiff_entry *e,
                          omrs_error *err)
{
    omrs_sql_pieces pieces = {0};
    if (omrs_sqldiff_split(e->sql, &pieces, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < pieces.count; i++) {
        const omrs_sql_piece *p = &pieces.items[i];
        if (p->query_refused) {
            rc = statement_failed(module_id, source, e, i + 1, pieces.count, p->sql,
                                  "OpenMRS sends it with executeQuery (it does not begin with insert, update, "
                                  "delete, alter, drop, create or rename) and MySQL Connector/J refuses data "
                                  "manipulation there; nothing was sent", err);
        } else if (omrs_conn_write(c, p->sql, NULL, err) < 0 || omrs_conn_commit(c, err) < 0) {
            char why[1024];
            snprintf(why, sizeof why, "%s", err->message);
            rc = err->code == OMRS_ERR_READ_ONLY ? -1
                 : statement_failed(module_id, source, e, i + 1, pieces.count, p->sql, why, err);
        }
    }
    omrs_sql_pieces_free(&pieces);
    return rc;
}

static int write_version(omrs_conn *c, const char *module_id, const char *version, omrs_error *err)
{
    gp_value gp;
    if (gp_read(c, module_id, &gp, err) < 0)
        return -1;
    omrs_buf sql = {0};
    int rc = gp_write_sql(c, module_id, &gp, version, &sql) < 0 ? omrs_fail_nomem(err) : 0;
    if (rc == 0 && sql.len)
        rc = omrs_conn_write(c, sql.data, NULL, err) < 0 || omrs_conn_commit(c, err) < 0 ? -1 : 0;
    omrs_buf_free(&sql);
    free(gp.value);
    return rc;
}

static int report_step(const omrs_module_progress *p, const char *module_id, const omrs_sqldiff_entry *e,
                       size_t done, omrs_error *err)
{
    if (p && p->cancelled && p->cancelled(p->ctx))
        return omrs_fail(err, OMRS_ERR_USAGE, "cancelled before diff %s: %zu of %zu diff(s) ran and %s%s names the "
                         "last of them; nothing else ran", e->version, done, p->total, module_id, GP_SUFFIX);
    if (p && p->out)
        fprintf(p->out, "module %s: diff %s ...\n", module_id, e->version);
    if (p && p->step)
        p->step(p->ctx, done, p->total, e->version);
    return 0;
}

int omrs_module_run_diffs(omrs_conn *c, const char *module_id, const omrs_sqldiff *diffs, const char *source,
                          bool qualifier_aware, const omrs_module_progress *progress, size_t *ran, omrs_error *err)
{
    *ran = 0;
    if (omrs_conn_write(c, "SET autocommit = 1", NULL, err) < 0)
        return -1;
    for (size_t i = 0; i < diffs->count; i++) {
        const omrs_sqldiff_entry *e = &diffs->entries[i];
        gp_value gp;
        if (gp_read(c, module_id, &gp, err) < 0)
            return -1;
        bool due = omrs_sqldiff_should_run(e, gp.exists ? (gp.value ? gp.value : "") : NULL, qualifier_aware);
        free(gp.value);
        if (!due)
            continue;
        if (report_step(progress, module_id, e, *ran, err) < 0)
            return -1;
        if (run_statements(c, module_id, source, e, err) < 0 || write_version(c, module_id, e->version, err) < 0)
            return -1;
        (*ran)++;
    }
    return 0;
}

/* ---- the same as a script ---------------------------------------------- */

static void print_statements(const omrs_sqldiff_entry *e, FILE *out)
{
    omrs_sql_pieces pieces = {0};
    omrs_error ignored = {0};
    if (omrs_sqldiff_split(e->sql, &pieces, &ignored) < 0)
        return;
    for (size_t i = 0; i < pieces.count; i++)
        if (pieces.items[i].query_refused)
            fprintf(out, "-- OpenMRS stops here: MySQL Connector/J refuses this statement through executeQuery:\n"
                         "-- %s\n", pieces.items[i].sql);
        else
            fprintf(out, "%s;\n", pieces.items[i].sql);
    omrs_sql_pieces_free(&pieces);
}

int omrs_module_diffs_sql(omrs_conn *c, const char *module_id, const omrs_module_plan *plan, const char *gp_value_now,
                          FILE *out, omrs_error *err)
{
    gp_value gp = {.exists = gp_value_now != NULL};
    if (gp_value_now && omrs_set_str(&gp.value, gp_value_now) < 0)
        return omrs_fail_nomem(err);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < plan->pending_count; i++) {
        const omrs_sqldiff_entry *e = &plan->diffs.entries[plan->pending[i]];
        fprintf(out, "-- module %s, diff %s (sqldiff.xml line %u)\n", module_id, e->version, e->line);
        print_statements(e, out);
        omrs_buf sql = {0};
        rc = gp_write_sql(c, module_id, &gp, e->version, &sql) < 0 || omrs_set_str(&gp.value, e->version) < 0
                 ? omrs_fail_nomem(err) : 0;
        if (rc == 0 && sql.len)
            fprintf(out, "%s;\n", sql.data);
        gp.exists = true;
        omrs_buf_free(&sql);
    }
    free(gp.value);
    return rc;
}

/* ---- liquibase.xml ------------------------------------------------------ */

int omrs_module_changelog_load(const omrs_omod *omod, const char *dbms, lb_resources **res, lb_changelog *cl,
                               bool *found, omrs_error *err)
{
    *found = false;
    *res = NULL;
    if (!omod->liquibase_source)
        return 0;
    if (omrs_omod_liquibase_resources(omod, res, err) < 0)
        return -1;
    if (lb_changelog_load(*res, "liquibase.xml", dbms, cl, err) < 0) {
        lb_resources_free(*res);
        *res = NULL;
        return -1;
    }
    *found = true;
    return 0;
}

bool omrs_module_liquibase_due(const char *core_version, const char *saved_version, const char *module_version)
{
    bool gated = core_version ? omrs_version_compare(core_version, "2.9.0", false) >= 0 : saved_version != NULL;
    return !gated || !saved_version || strcmp(saved_version, module_version) != 0;
}

/* ---- one module of an inventory ----------------------------------------- */

/* A diff whose version has a piece that is not a number still runs in OpenMRS, ordered as
 * if that piece were 0; that is almost never what its author meant, so it is refused
 * unless force asks for OpenMRS's own behaviour. */
static int check_versions(const omrs_module_row *r, omrs_error *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->plan.pending_count; i++) {
        const omrs_sqldiff_entry *e = &r->plan.diffs.entries[r->plan.pending[i]];
        omrs_buf reading = {0};
        bool odd = false;
        if (omrs_sqldiff_version_reading(e->version, &reading, &odd) < 0)
            rc = omrs_fail_nomem(err);
        else if (odd)
            rc = omrs_fail(err, OMRS_ERR_PARSE, "module %s, sqldiff.xml (%s) line %u: diff version \"%s\" is not "
                           "made of numbers; OpenMRS would order it as %s. Nothing was run: fix the file, or give "
                           "--force to run it as OpenMRS would", r->omod.config.id, r->omod.sqldiff_source, e->line,
                           e->version, reading.data);
        omrs_buf_free(&reading);
    }
    return rc;
}

int omrs_module_apply_check(const omrs_module_row *r, bool force, omrs_error *err)
{
    if (!r->opened || !r->planned)
        return omrs_fail(err, OMRS_ERR_PARSE, "%s; nothing was run", r->error.message);
    if (r->plan.problems.count)
        return omrs_fail(err, OMRS_ERR_PARSE, "OpenMRS would not start module %s: %s%s; nothing was run",
                         r->omod.config.id, r->plan.problems.items[0],
                         r->plan.problems.count > 1 ? " (and more: see module status)" : "");
    if (r->liquibase_error)
        return omrs_fail(err, OMRS_ERR_PARSE, "module %s, liquibase.xml (%s): %s; nothing was run",
                         r->omod.config.id, r->omod.liquibase_source, r->liquibase_error);
    if (r->liquibase_changed)
        return omrs_fail(err, OMRS_ERR_PARSE, "module %s, liquibase.xml: %zu changeSet(s) changed after they ran, "
                         "so Liquibase's validation fails and OpenMRS would not start the module; nothing was run "
                         "(see changelog status)", r->omod.config.id, r->liquibase_changed);
    return force ? 0 : check_versions(r, err);
}

size_t omrs_module_liquibase_to_run(const omrs_module_row *r)
{
    return r->liquibase_due ? r->liquibase_pending : 0;
}

static int run_liquibase(omrs_conn *c, const omrs_module_inventory *inv, const omrs_module_row *r,
                         const omrs_module_apply_options *opt, lb_run_mode mode, FILE *out, lb_run_result *res,
                         omrs_error *err)
{
    lb_resources *resources = NULL;
    lb_changelog cl;
    bool found = false;
    if (omrs_module_changelog_load(&r->omod, inv->dbms, &resources, &cl, &found, err) < 0)
        return -1;
    if (!found)
        return 0;
    lb_run_options run = {
        .mode = mode, .dbms = inv->dbms, .contexts = NULL,   /* modules run with no contexts */
        .checksum_version = opt->checksum_version, .sql_out = out,
        .progress = mode == LB_RUN_SQL ? NULL : opt->progress.out, .wait = opt->wait,
    };
    int rc = lb_run(c, &cl, &run, res, err);
    lb_changelog_free(&cl);
    lb_resources_free(resources);
    return rc;
}

int omrs_module_apply(omrs_conn *c, const omrs_module_inventory *inv, const omrs_module_row *r,
                      const omrs_module_apply_options *opt, omrs_module_apply_result *res, omrs_error *err)
{
    memset(res, 0, sizeof *res);
    omrs_module_progress progress = opt->progress;
    progress.total = r->plan.pending_count;
    int rc = omrs_module_run_diffs(c, r->omod.config.id, &r->plan.diffs, r->omod.sqldiff_source,
                                   omrs_module_inventory_qualifiers(inv), &progress, &res->diffs, err);
    if (rc == 0 && omrs_module_liquibase_to_run(r))
        rc = run_liquibase(c, inv, r, opt, LB_RUN_UPDATE, NULL, &res->liquibase, err);
    return rc;
}

int omrs_module_apply_script(omrs_conn *c, const omrs_module_inventory *inv, const omrs_module_row *r,
                             const omrs_module_apply_options *opt, FILE *out, omrs_error *err)
{
    int rc = omrs_module_diffs_sql(c, r->omod.config.id, &r->plan, r->gps ? r->gps->database_version : NULL, out,
                                   err);
    lb_run_result res;
    if (rc == 0 && omrs_module_liquibase_to_run(r))
        rc = run_liquibase(c, inv, r, opt, LB_RUN_SQL, out, &res, err);
    return rc;
}
