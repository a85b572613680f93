/* `omrs-console module apply ID`: what OpenMRS would do to the database when it starts
 * the module (sqldiff.xml diffs, then liquibase.xml), shown first, asked, logged. */
#include <string.h>

#include "apply.h"
#include "audit.h"
#include "cli.h"
#include "inventory.h"
#include "session.h"

#define MODULE_CHECKSUM_VERSION 9

typedef struct apply_job {
    const omrs_cli_options *o;
    omrs_session session;
    omrs_module_inventory inv;
    omrs_module_row *row;
    size_t liquibase_to_run;   /* 0 when none, or when OpenMRS would not run it now */
} apply_job;

static int find_module(apply_job *j, const char *id, omrs_error *err)
{
    j->row = omrs_module_inventory_find(&j->inv, id);
    if (!j->row && j->o->omod && j->inv.count == 1 && !j->inv.rows[0].opened) {
        *err = j->inv.rows[0].error;
        return -1;
    }
    if (!j->row) {
        for (size_t i = 0; i < j->inv.count; i++)
            if (!j->inv.rows[i].opened)
                fprintf(stderr, "omrs-console: note: %s could not be read: %s\n", j->inv.rows[i].path,
                        j->inv.rows[i].error.message);
        return omrs_fail(err, OMRS_ERR_USAGE, "no module with id '%s' among the %zu .omod file(s) looked at", id,
                         j->inv.count);
    }
    j->liquibase_to_run = omrs_module_liquibase_to_run(j->row);
    return omrs_module_apply_check(j->row, j->o->force, err);
}

/* ": " and text on one line, whitespace runs as one space, cut at 100 characters. */
static void print_one_line(const char *text, FILE *out)
{
    size_t n = 0;
    bool space = true;
    for (const char *p = text; p && *p && n < 100; p++) {
        bool ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (n == 0 && !ws)
            fputs(": ", out);
        if (ws && !space)
            fputc(' ', out), n++;
        else if (!ws)
            fputc(*p, out), n++;
        space = ws;
    }
    fputs(n >= 100 ? "...\n" : "\n", out);
}

static void print_preview(const apply_job *j, FILE *out)
{
    const omrs_module_row *r = j->row;
    const omrs_omod *m = &r->omod;
    fprintf(out, "module %s %s (%s), database %s:\n", m->config.id, m->config.version, r->path, j->session.conn.database);
    if (!m->sqldiff)
        fprintf(out, "  sqldiff.xml: none\n");
    else
        fprintf(out, "  sqldiff.xml (%s): %zu diff(s) to run%s%s%s%s\n", m->sqldiff_source, r->plan.pending_count,
                r->plan.final_version ? "; " : "", r->plan.final_version ? m->config.id : "",
                r->plan.final_version ? ".database_version -> " : "",
                r->plan.final_version ? r->plan.final_version : "");
    for (size_t i = 0; i < r->plan.pending_count; i++) {
        const omrs_sqldiff_entry *e = &r->plan.diffs.entries[r->plan.pending[i]];
        fprintf(out, "    diff %s", e->version);
        print_one_line(e->description, out);
    }
    if (!m->liquibase_source)
        fprintf(out, "  liquibase.xml: none\n");
    else if (!r->liquibase_due)
        fprintf(out, "  liquibase.xml (%s): %zu changeSet(s) pending, not run: OpenMRS 2.9+ runs it only when the "
                "module version changes (module.%s.version is %s)\n", m->liquibase_source, r->liquibase_pending,
                m->config.id, r->gps && r->gps->version ? r->gps->version : "-");
    else
        fprintf(out, "  liquibase.xml (%s): %zu changeSet(s) to run, no contexts\n", m->liquibase_source,
                j->liquibase_to_run);
}

static omrs_module_apply_options apply_options(const apply_job *j)
{
    int lock_wait = j->o->lock_wait_seconds;
    return (omrs_module_apply_options){
        .checksum_version = j->o->checksum_format ? j->o->checksum_format : MODULE_CHECKSUM_VERSION,
        .wait = {.poll_seconds = lock_wait >= 0 && lock_wait < 10 ? 1 : 10,
                 .timeout_seconds = lock_wait >= 0 ? (unsigned)lock_wait : 300},
        .progress = {.out = stderr},
    };
}

static int run_all(apply_job *j, FILE *out, omrs_error *err)
{
    const omrs_module_row *r = j->row;
    omrs_module_apply_options opt = apply_options(j);
    omrs_module_apply_result res;
    int rc = omrs_module_apply(&j->session.conn, &j->inv, r, &opt, &res, err);
    char details[2048];
    snprintf(details, sizeof details, "module apply %s %s: %s; %zu diff(s) run, liquibase executed %zu%s%s",
             r->omod.config.id, r->omod.config.version, rc == 0 ? "done" : "FAILED", res.diffs,
             res.liquibase.executed, rc == 0 ? "" : ": ", rc == 0 ? "" : err->message);
    rc = omrs_audit_outcome(&j->session.conn, rc, details, err);
    if (rc == 0)
        fprintf(out, "done: %zu diff(s) run%s%s, %zu changeSet(s) executed; %s.started is left to OpenMRS\n",
                res.diffs, r->plan.final_version ? ", database_version now " : "",
                r->plan.final_version ? r->plan.final_version : "", res.liquibase.executed, r->omod.config.id);
    return rc;
}

static int apply_module(apply_job *j, FILE *out, omrs_error *err)
{
    const omrs_cli_options *o = j->o;
    if (find_module(j, o->words[2], err) < 0)
        return -1;
    print_preview(j, o->dry_run ? stderr : out);
    fflush(out);
    omrs_module_apply_options opt = apply_options(j);
    if (o->dry_run)
        return omrs_module_apply_script(&j->session.conn, &j->inv, j->row, &opt, out, err);
    size_t total = j->row->plan.pending_count + j->liquibase_to_run;
    if (total == 0) {
        fputs("nothing to do\n", out);
        return 0;
    }
    char question[512], details[1024];
    snprintf(question, sizeof question, "Run %zu diff(s) and %zu changeSet(s) of module %s in database %s?",
             j->row->plan.pending_count, j->liquibase_to_run, j->row->omod.config.id, j->session.conn.database);
    snprintf(details, sizeof details, "module apply %s %s (%s): %zu diff(s), %zu changeSet(s)", j->row->omod.config.id,
             j->row->omod.config.version, j->row->path, j->row->plan.pending_count, j->liquibase_to_run);
    if (omrs_cli_confirm(o, question, err) < 0 || omrs_audit(&j->session.conn, "start", details, err) < 0)
        return -1;
    return run_all(j, out, err);
}

int omrs_cmd_module_apply(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count != 3)
        return omrs_fail(err, OMRS_ERR_USAGE, "module apply needs exactly one module ID (the id in its config.xml)");
    if (!o->dry_run && omrs_cli_refuse_read_only(o, "module apply", err) < 0)
        return -1;
    apply_job j = {.o = o};
    int rc = omrs_session_open(&o->conn, &j.session, err);
    if (rc == 0)
        rc = omrs_module_inventory_load(&j.session.conn, &(omrs_module_sources){.omod = o->omod, .modules_dir = o->modules_dir, .war = o->war}, &j.inv, err);
    if (rc == 0)
        rc = apply_module(&j, out, err);
    omrs_module_inventory_free(&j.inv);
    omrs_session_close(&j.session);
    return rc;
}
