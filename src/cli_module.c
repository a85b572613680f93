/* `omrs-console module status|lint`: what a module's files will do to the database when
 * OpenMRS starts it, before anything is started. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "json_out.h"
#include "inventory.h"
#include "session.h"
#include "site.h"
#include "sqldiff.h"
#include "strutil.h"

/* ---- text -------------------------------------------------------------- */

static void print_row_text(const omrs_module_row *r, FILE *out)
{
    if (!r->opened || !r->planned) {
        fprintf(out, "%-24s ERROR %s\n", r->opened ? r->omod.config.id : r->path, r->error.message);
        return;
    }
    const omrs_omod *m = &r->omod;
    fprintf(out, "%-24s file %-14s db %-10s started %-5s sqldiff %zu pending%s%s liquibase %s", m->config.id,
            m->config.version, omrs_or_dash(r->gps ? r->gps->database_version : NULL),
            omrs_or_dash(r->gps ? r->gps->started : NULL), r->plan.pending_count,
            r->plan.final_version ? " -> " : "", r->plan.final_version ? r->plan.final_version : "",
            omrs_or_dash(m->liquibase_source));
    if (r->liquibase_read)
        fprintf(out, " (%zu changeSet(s) pending%s)", r->liquibase_pending,
                r->liquibase_due ? "" : ", not run by OpenMRS 2.9+ until the module version changes");
    fputc('\n', out);
    if (r->liquibase_error)
        fprintf(out, "  ERROR liquibase.xml: %s\n", r->liquibase_error);
    if (r->liquibase_changed)
        fprintf(out, "  ERROR liquibase.xml: %zu changeSet(s) changed after they ran: Liquibase's validation "
                "fails and nothing runs\n", r->liquibase_changed);
    for (size_t i = 0; i < r->plan.problems.count; i++)
        fprintf(out, "  ERROR %s\n", r->plan.problems.items[i]);
    for (size_t i = 0; i < r->plan.pending_count; i++) {
        const omrs_sqldiff_entry *e = &r->plan.diffs.entries[r->plan.pending[i]];
        fprintf(out, "  pending diff %s (%s, %s): %s\n", e->version, omrs_or_dash(e->author), omrs_or_dash(e->date),
                omrs_or_dash(e->description));
    }
}

static void print_text(const omrs_module_inventory *inv, FILE *out)
{
    fprintf(out, "OpenMRS core %s (%s)\n", omrs_or_dash(inv->site.core_version), omrs_or_dash(inv->site.core_version_basis));
    for (size_t i = 0; i < inv->count; i++)
        print_row_text(&inv->rows[i], out);
    for (size_t i = 0; i < inv->site.module_count; i++)
        if (!omrs_module_inventory_has_file(inv, inv->site.modules[i].id))
            fprintf(out, "%-24s no file here; db %s started %s\n", inv->site.modules[i].id,
                    omrs_or_dash(inv->site.modules[i].database_version), omrs_or_dash(inv->site.modules[i].started));
}

/* ---- JSON -------------------------------------------------------------- */

static json_t *diff_json(const omrs_sqldiff_entry *e)
{
    json_t *statements = json_array();
    omrs_sql_pieces pieces = {0};
    omrs_error ignored = {0};
    if (omrs_sqldiff_split(e->sql, &pieces, &ignored) == 0)
        for (size_t i = 0; i < pieces.count; i++)
            json_array_append_new(statements, json_pack("{s:s, s:b, s:b}", "sql", pieces.items[i].sql,
                                                        "execute_update", pieces.items[i].update,
                                                        "refused_by_driver", pieces.items[i].query_refused));
    omrs_sql_pieces_free(&pieces);
    return json_pack("{s:s, s:o, s:o, s:o, s:i, s:s, s:o}", "version", e->version, "author", omrs_json_str(e->author),
                     "date", omrs_json_str(e->date), "description", omrs_json_str(e->description), "line", (int)e->line, "sql", e->sql,
                     "statements", statements);
}

static json_t *strings_json(const omrs_strlist *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->count; i++)
        json_array_append_new(a, json_string(l->items[i]));
    return a;
}

static json_t *liquibase_json(const omrs_module_row *r)
{
    if (r->liquibase_error)
        return json_pack("{s:s}", "error", r->liquibase_error);
    if (!r->liquibase_read)
        return json_null();
    return json_pack("{s:I, s:I, s:b}", "pending", (json_int_t)r->liquibase_pending, "changed",
                     (json_int_t)r->liquibase_changed, "run_at_start", r->liquibase_due);
}

static json_t *row_json(const omrs_module_row *r)
{
    if (!r->opened || !r->planned)
        return json_pack("{s:s, s:o, s:[s]}", "file", r->path, "id", r->opened ? json_string(r->omod.config.id)
                         : json_null(), "errors", r->error.message);
    const omrs_omod *m = &r->omod;
    const omrs_module_gps *g = r->gps;
    json_t *pending = json_array();
    for (size_t i = 0; i < r->plan.pending_count; i++)
        json_array_append_new(pending, diff_json(&r->plan.diffs.entries[r->plan.pending[i]]));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o}",
                     "file", r->path, "id", m->config.id, "name", m->config.name, "version", m->config.version,
                     "package", m->config.package, "require_version", m->config.require_version,
                     "database_version", omrs_json_str(g ? g->database_version : NULL),
                     "started", omrs_json_str(g ? g->started : NULL), "mandatory", omrs_json_str(g ? g->mandatory : NULL),
                     "saved_version", omrs_json_str(g ? g->version : NULL), "sqldiff_source", omrs_json_str(m->sqldiff_source),
                     "will_start", omrs_module_row_starts(r), "liquibase_source", omrs_json_str(m->liquibase_source),
                     "errors", strings_json(&r->plan.problems), "pending_sqldiffs", pending,
                     "database_version_after", omrs_json_str(r->plan.final_version),
                     "sqldiff_count", json_integer((json_int_t)r->plan.diffs.count),
                     "liquibase", liquibase_json(r));
}

static int print_json(const omrs_module_inventory *inv, FILE *out, omrs_error *err)
{
    json_t *modules = json_array(), *unfiled = json_array();
    for (size_t i = 0; i < inv->count; i++)
        json_array_append_new(modules, row_json(&inv->rows[i]));
    for (size_t i = 0; i < inv->site.module_count; i++) {
        const omrs_module_gps *g = &inv->site.modules[i];
        if (!omrs_module_inventory_has_file(inv, g->id))
            json_array_append_new(unfiled, json_pack("{s:s, s:o, s:o}", "id", g->id,
                                                     "database_version", omrs_json_str(g->database_version),
                                                     "started", omrs_json_str(g->started)));
    }
    json_t *doc = json_pack("{s:o, s:o, s:o, s:o}", "core_version", omrs_json_str(inv->site.core_version),
                            "core_version_basis", omrs_json_str(inv->site.core_version_basis), "modules", modules,
                            "database_only", unfiled);
    return omrs_json_print(doc, out, err);
}

/* ---- commands ---------------------------------------------------------- */

static int cmd_status(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    omrs_session session;
    omrs_module_inventory inv = {0};
    int rc = omrs_session_open(&o->conn, &session, err);
    if (rc == 0)
        rc = omrs_module_inventory_load(&session.conn, &(omrs_module_sources){.omod = o->omod, .modules_dir = o->modules_dir, .war = o->war}, &inv, err);
    if (rc == 0)
        rc = o->json ? print_json(&inv, out, err) : (print_text(&inv, out), 0);
    size_t problems = rc == 0 ? omrs_module_inventory_problems(&inv) : 0;
    for (size_t i = 0; rc == 0 && i < inv.count; i++)
        problems += (inv.rows[i].liquibase_error != NULL) + (inv.rows[i].liquibase_changed > 0);
    if (problems)
        rc = omrs_fail(err, OMRS_ERR_PARSE, "%zu module problem(s): OpenMRS would not start those modules", problems);
    omrs_module_inventory_free(&inv);
    omrs_session_close(&session);
    return rc;
}

/* The sqldiff.xml to lint: the file itself, or the one OpenMRS would take from an .omod. */
static int lint_source(const char *path, char **data, size_t *len, omrs_error *err)
{
    if (omrs_str_ends_with(path, ".omod")) {
        omrs_omod m;
        if (omrs_omod_open(path, &m, err) < 0)
            return -1;
        int rc = m.sqldiff ? 0 : omrs_fail(err, OMRS_ERR_IO, "%s: has no sqldiff.xml", path);
        if (rc == 0) {
            *data = m.sqldiff, *len = m.sqldiff_len;
            m.sqldiff = NULL;
        }
        omrs_omod_close(&m);
        return rc;
    }
    return omrs_read_file(path, data, len) < 0 ? omrs_fail(err, OMRS_ERR_IO, "%s: %s", path, strerror(errno)) : 0;
}

static int cmd_lint(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count != 3)
        return omrs_fail(err, OMRS_ERR_USAGE, "module lint needs exactly one FILE (a sqldiff.xml or an .omod)");
    char *data = NULL;
    size_t len = 0;
    omrs_strlist findings = {0};
    int rc = lint_source(o->words[2], &data, &len, err);
    if (rc == 0)
        rc = omrs_sqldiff_lint(data, len, o->words[2], &findings, err);
    for (size_t i = 0; rc == 0 && i < findings.count; i++)
        fprintf(out, "%s\n", findings.items[i]);
    if (rc == 0)
        fprintf(out, "%zu finding(s)\n", findings.count);
    if (rc == 0 && findings.count)
        rc = omrs_fail(err, OMRS_ERR_PARSE, "%s: %zu finding(s)", o->words[2], findings.count);
    omrs_strlist_free(&findings);
    free(data);
    return rc;
}

int omrs_cmd_module(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count < 2)
        return omrs_fail(err, OMRS_ERR_USAGE, "module needs a subcommand: status, lint or apply");
    if (strcmp(o->words[1], "status") == 0)
        return cmd_status(o, out, err);
    if (strcmp(o->words[1], "lint") == 0)
        return cmd_lint(o, out, err);
    if (strcmp(o->words[1], "apply") == 0)
        return omrs_cmd_module_apply(o, out, err);
    return omrs_fail(err, OMRS_ERR_USAGE, "unknown module subcommand '%s' (there are: status, lint, apply)", o->words[1]);
}
