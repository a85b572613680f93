/* `omrs-console changelog ...`: the Liquibase engine's commands. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "changelog.h"
#include "checksum.h"
#include "cli.h"
#include "dbms.h"
#include "audit.h"
#include "history.h"
#include "json_out.h"
#include "lint.h"
#include "lock.h"
#include "openmrs_plan.h"
#include "update.h"
#include "resources.h"
#include "session.h"
#include "site.h"
#include "status.h"
#include "strutil.h"

#define DEFAULT_DBMS "mysql"
#define DEFAULT_CHECKSUM_VERSION 9

static int open_resources(const omrs_cli_options *o, lb_resources **r, omrs_error *err)
{
    if (o->war && o->search_path)
        return omrs_fail(err, OMRS_ERR_USAGE, "give --war or --search-path, not both");
    if (o->war)
        return lb_resources_open_war(o->war, r, err);
    const char *path = o->search_path ? o->search_path : ".";
    if (omrs_str_ends_with(path, ".jar") || omrs_str_ends_with(path, ".zip"))
        return lb_resources_open_zip(path, r, err);
    return lb_resources_open_dir(path, r, err);
}

static int print_checksums(const lb_changelog *cl, int version, const char *dbms, FILE *out, omrs_error *err)
{
    for (size_t i = 0; i < cl->count; i++) {
        const lb_changeset *cs = &cl->changesets[i];
        if (!lb_dbms_matches(cs->dbms, dbms, true))
            continue;   /* Liquibase's DbmsChangeSetFilter: never run here, never recorded */
        char sum[LB_CHECKSUM_SIZE];
        if (lb_changeset_checksum(cs->node, version, dbms, sum, err) < 0)
            return -1;
        fprintf(out, "%s\t%s\t%s\t%s\n", cs->id, cs->author, cs->filename, sum);
    }
    return 0;
}

static int cmd_checksums(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count != 3)
        return omrs_fail(err, OMRS_ERR_USAGE, "changelog checksums needs exactly one CHANGELOG");
    lb_resources *r = NULL;
    if (open_resources(o, &r, err) < 0)
        return -1;
    const char *dbms = o->dbms ? o->dbms : DEFAULT_DBMS;
    lb_changelog cl;
    int rc = lb_changelog_load(r, o->words[2], dbms, &cl, err);
    if (rc == 0) {
        rc = print_checksums(&cl, o->checksum_format ? o->checksum_format : DEFAULT_CHECKSUM_VERSION,
                             dbms, out, err);
        lb_changelog_free(&cl);
    }
    lb_resources_free(r);
    return rc;
}

/* ---- status ------------------------------------------------------------ */

/* What Liquibase would call this server. */
static const char *detect_dbms(omrs_conn *c)
{
    return omrs_version_is_mariadb(mysql_get_server_info(c->mysql)) ? "mariadb" : "mysql";
}

static bool listed_in_text(const lb_status_entry *e)
{
    return e->state != LB_RAN && e->state != LB_MARK_RAN && e->state != LB_FILTERED_DBMS
        && e->state != LB_FILTERED_CONTEXT;
}

static void print_status_text(const lb_status *st, const char *changelog, const char *dbms, FILE *out)
{
    for (size_t i = 0; i < st->count; i++) {
        const lb_status_entry *e = &st->entries[i];
        if (!listed_in_text(e))
            continue;
        fprintf(out, "%-14s %s\t%s\t%s", lb_state_name(e->state), e->cs->id, e->cs->author, e->cs->filename);
        if (e->state == LB_CHANGED || e->state == LB_RUN_ON_CHANGE)
            fprintf(out, "\tstored %s, now %s", e->row->md5sum, e->computed);
        if (e->needs_openmrs)
            fputs("\t(customChange: needs OpenMRS to run it)", out);
        if (e->blocked)
            fputs("\t(blocked: validation fails)", out);
        fputc('\n', out);
    }
    fprintf(out, "%s (dbms %s): %zu changeSets:", changelog, dbms, st->count);
    for (int s = 0; s < LB_STATE_COUNT; s++)
        if (st->counts[s])
            fprintf(out, " %zu %s,", st->counts[s], lb_state_name((lb_state)s));
    fprintf(out, " %zu history rows of other changelogs\n", st->unmatched_rows);
    if (st->duplicate[0])
        fprintf(out, "Liquibase would stop before running anything: changeSet %s::%s::%s is defined twice (%s:%u "
                     "and %s:%u).\n", st->duplicate[0]->filename, st->duplicate[0]->id, st->duplicate[0]->author,
                st->duplicate[0]->source, st->duplicate[0]->line, st->duplicate[1]->source, st->duplicate[1]->line);
    else if (st->validation_fails)
        fputs("Liquibase would stop before running anything: a changeSet changed after it ran.\n", out);
}

static json_t *entry_json(const lb_status_entry *e)
{
    json_t *row = e->row ? json_pack("{s:s?, s:s?, s:s?, s:I}", "md5sum", e->row->md5sum, "exectype",
                                     e->row->exectype, "date_executed", e->row->date_executed,
                                     "order_executed", (json_int_t)e->row->order_executed)
                         : json_null();
    return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:o, s:b, s:b, s:b}", "id", e->cs->id, "author",
                     e->cs->author, "filename", e->cs->filename, "source", e->cs->source, "line",
                     (int)e->cs->line, "state", lb_state_name(e->state), "history", row, "checksum_to_fill",
                     e->checksum_to_fill, "blocked", e->blocked, "needs_openmrs", e->needs_openmrs);
}

static int print_status_json(const lb_status *st, const char *changelog, const char *dbms, const char *contexts,
                             FILE *out, omrs_error *err)
{
    json_t *counts = json_object(), *list = json_array();
    for (int s = 0; counts && s < LB_STATE_COUNT; s++)
        json_object_set_new(counts, lb_state_name((lb_state)s), json_integer((json_int_t)st->counts[s]));
    for (size_t i = 0; list && i < st->count; i++)
        json_array_append_new(list, entry_json(&st->entries[i]));
    json_t *doc = json_pack("{s:s, s:s, s:s?, s:o, s:b, s:I, s:o}", "changelog", changelog, "dbms", dbms,
                            "contexts", contexts, "counts", counts, "validation_fails", st->validation_fails,
                            "unmatched_history_rows", (json_int_t)st->unmatched_rows, "changesets", list);
    return omrs_json_print(doc, out, err);
}

static int status_with(const omrs_cli_options *o, omrs_conn *c, const lb_changelog *cl, const char *dbms,
                       FILE *out, omrs_error *err)
{
    lb_history h;
    if (lb_history_load(c, &h, err) < 0)
        return -1;
    lb_status st;
    lb_status_options opt = {.dbms = dbms, .contexts = o->contexts, .latest_version = DEFAULT_CHECKSUM_VERSION};
    int rc = lb_status_compute(cl, &h, &opt, &st, err);
    if (rc == 0) {
        if (o->json)
            rc = print_status_json(&st, o->words[2], dbms, o->contexts, out, err);
        else
            print_status_text(&st, o->words[2], dbms, out);
        lb_status_free(&st);
    }
    lb_history_free(&h);
    return rc;
}

/* What every database-facing changelog command opens, in this order. */
typedef struct cl_session {
    omrs_settings settings;
    omrs_conn conn;
    lb_resources *resources;
    lb_changelog changelog;
    const char *dbms;
} cl_session;

static int cl_open(const omrs_cli_options *o, cl_session *x, omrs_error *err)
{
    x->dbms = o->dbms;
    if (open_resources(o, &x->resources, err) < 0 || omrs_session_settings(&o->conn, &x->settings, err) < 0
        || omrs_session_connect(&o->conn, &x->settings, &x->conn, err) < 0)
        return -1;
    if (!x->dbms)
        x->dbms = detect_dbms(&x->conn);
    return lb_changelog_load(x->resources, o->words[2], x->dbms, &x->changelog, err);
}

static void cl_close(cl_session *x)
{
    lb_changelog_free(&x->changelog);
    lb_resources_free(x->resources);
    omrs_conn_close(&x->conn);
    omrs_settings_free(&x->settings);
}

static int needs_changelog(const omrs_cli_options *o, omrs_error *err)
{
    if (o->word_count != 3)
        return omrs_fail(err, OMRS_ERR_USAGE, "changelog %s needs exactly one CHANGELOG", o->words[1]);
    return 0;
}

static int cmd_status(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    cl_session x = {0};
    int rc = needs_changelog(o, err);
    if (rc == 0 && (rc = cl_open(o, &x, err)) == 0)
        rc = status_with(o, &x.conn, &x.changelog, x.dbms, out, err);
    cl_close(&x);
    return rc;
}

/* ---- update, update-sql, changelog-sync -------------------------------- */

static lb_run_options run_options(const omrs_cli_options *o, const char *dbms, lb_run_mode mode, FILE *out)
{
    lb_run_options opt = {
        .mode = mode, .dbms = dbms, .contexts = o->contexts,
        .checksum_version = o->checksum_format ? o->checksum_format : DEFAULT_CHECKSUM_VERSION,
        .sql_out = out, .progress = mode == LB_RUN_SQL ? NULL : stderr,
        .wait = {.poll_seconds = o->lock_wait_seconds >= 0 && o->lock_wait_seconds < 10 ? 1 : 10,
                 .timeout_seconds = o->lock_wait_seconds >= 0 ? (unsigned)o->lock_wait_seconds : 300},
    };
    return opt;
}

static int count_due(cl_session *x, const omrs_cli_options *o, FILE *out, size_t *due, omrs_error *err)
{
    lb_history h;
    if (lb_history_load(&x->conn, &h, err) < 0)
        return -1;
    lb_status st;
    lb_status_options so = {.dbms = x->dbms, .contexts = o->contexts, .latest_version = DEFAULT_CHECKSUM_VERSION};
    int rc = lb_status_compute(&x->changelog, &h, &so, &st, err);
    if (rc == 0) {
        print_status_text(&st, o->words[2], x->dbms, out);
        *due = st.counts[LB_PENDING] + st.counts[LB_RUN_ALWAYS] + st.counts[LB_RUN_ON_CHANGE];
        lb_status_free(&st);
    }
    lb_history_free(&h);
    return rc;
}

/* "changelog update" etc. */
static int refuse_read_only(const omrs_cli_options *o, omrs_error *err)
{
    char what[64];
    snprintf(what, sizeof what, "changelog %s", o->words[1]);
    return omrs_cli_refuse_read_only(o, what, err);
}

static int apply(const omrs_cli_options *o, cl_session *x, lb_run_mode mode, FILE *out, omrs_error *err)
{
    size_t due = 0;
    if (count_due(x, o, stderr, &due, err) < 0)
        return -1;
    if (due == 0) {
        fputs("nothing to do\n", out);
        return 0;
    }
    char question[512];
    snprintf(question, sizeof question, "%s %zu changeSet(s) of %s in database %s?",
             mode == LB_RUN_SYNC ? "Record as run (without running)" : "Run", due, o->words[2], x->conn.database);
    char details[2048];
    snprintf(details, sizeof details, "changelog %s %s: %zu changeSet(s), dbms %s", o->words[1], o->words[2], due,
             x->dbms);
    if (omrs_cli_confirm(o, question, err) < 0 || omrs_audit(&x->conn, "start", details, err) < 0)
        return -1;
    lb_run_options opt = run_options(o, x->dbms, mode, out);
    lb_run_result res;
    int rc = lb_run(&x->conn, &x->changelog, &opt, &res, err);
    snprintf(details, sizeof details, "changelog %s %s: %s; executed %zu, reran %zu, mark-ran %zu, skipped %zu%s%s",
             o->words[1], o->words[2], rc == 0 ? "done" : "FAILED", res.executed, res.reran, res.mark_ran, res.skipped,
             rc == 0 ? "" : ": ", rc == 0 ? "" : err->message);
    rc = omrs_audit_outcome(&x->conn, rc, details, err);
    if (rc == 0)
        fprintf(out, "done: %zu executed, %zu reran, %zu mark-ran, %zu skipped\n", res.executed, res.reran,
                res.mark_ran, res.skipped);
    return rc;
}

static int apply_plan(const omrs_cli_options *o, lb_run_mode mode, FILE *out, omrs_error *err);

static int cmd_apply(const omrs_cli_options *o, lb_run_mode mode, FILE *out, omrs_error *err)
{
    if (o->word_count == 2 && mode != LB_RUN_SYNC)
        return apply_plan(o, mode, out, err);
    cl_session x = {0};
    int rc = needs_changelog(o, err);
    bool script = mode == LB_RUN_SQL || o->dry_run;
    if (rc == 0 && !script)
        rc = refuse_read_only(o, err);
    if (rc == 0 && (rc = cl_open(o, &x, err)) == 0) {
        if (script) {
            lb_run_options opt = run_options(o, x.dbms, LB_RUN_SQL, out);
            lb_run_result res;
            rc = lb_run(&x.conn, &x.changelog, &opt, &res, err);
        } else {
            rc = apply(o, &x, mode, out, err);
        }
    }
    cl_close(&x);
    return rc;
}

/* ---- OpenMRS core plan ------------------------------------------------- */

static void print_plan(const lb_plan *plan, const char *dbms, FILE *out)
{
    if (plan->fresh)
        fprintf(out, "new installation (no core history): snapshot %s, then the newer updates\n",
                plan->snapshot[0] ? plan->snapshot : "-");
    else
        fprintf(out, "database installed from snapshot %s (the newest whose changeSets all ran)\n",
                plan->snapshot[0] ? plan->snapshot : "(pre-2.4 layout)");
    size_t total = 0;
    for (size_t i = 0; i < plan->count; i++) {
        fprintf(out, "%6zu  %s\n", plan->files[i].due, plan->files[i].path);
        total += plan->files[i].due;
    }
    fprintf(out, "%zu changeSet(s) to run in %zu changelog(s), context core, dbms %s\n", total, plan->count, dbms);
}

static int print_plan_json(const lb_plan *plan, const char *dbms, FILE *out, omrs_error *err)
{
    json_t *files = json_array();
    for (size_t i = 0; files && i < plan->count; i++)
        json_array_append_new(files, json_pack("{s:s, s:I}", "changelog", plan->files[i].path, "due",
                                               (json_int_t)plan->files[i].due));
    json_t *doc = json_pack("{s:b, s:s, s:s, s:s, s:o}", "fresh", plan->fresh, "snapshot", plan->snapshot,
                            "context", LB_OPENMRS_CORE_CONTEXT, "dbms", dbms, "changelogs", files);
    return omrs_json_print(doc, out, err);
}

/* Source and connection, then OpenMRS's own choice of core changelogs. */
static int open_plan(const omrs_cli_options *o, cl_session *x, lb_plan *plan, omrs_error *err)
{
    x->dbms = o->dbms;
    int rc = open_resources(o, &x->resources, err) < 0 || omrs_session_settings(&o->conn, &x->settings, err) < 0
          || omrs_session_connect(&o->conn, &x->settings, &x->conn, err) < 0 ? -1 : 0;
    if (rc == 0 && !x->dbms)
        x->dbms = detect_dbms(&x->conn);
    return rc == 0 ? lb_openmrs_plan(&x->conn, x->resources, x->dbms, plan, err) : -1;
}

/* Runs one planned changelog: OpenMRS opens each file on its own, with context core. */
static int run_planned(const omrs_cli_options *o, cl_session *x, const char *path, lb_run_mode mode, FILE *out,
                       lb_run_result *total, omrs_error *err)
{
    lb_changelog cl;
    if (lb_changelog_load(x->resources, path, x->dbms, &cl, err) < 0)
        return -1;
    omrs_cli_options core = *o;
    core.contexts = o->contexts ? o->contexts : LB_OPENMRS_CORE_CONTEXT;
    lb_run_options opt = run_options(&core, x->dbms, mode, out);
    lb_run_result res;
    int rc = lb_run(&x->conn, &cl, &opt, &res, err);
    total->executed += res.executed;
    total->reran += res.reran;
    total->mark_ran += res.mark_ran;
    total->skipped += res.skipped;
    lb_changelog_free(&cl);
    return rc;
}

static size_t plan_total(const lb_plan *plan)
{
    size_t total = 0;
    for (size_t i = 0; i < plan->count; i++)
        total += plan->files[i].due;
    return total;
}

static int apply_plan(const omrs_cli_options *o, lb_run_mode mode, FILE *out, omrs_error *err)
{
    bool script = mode == LB_RUN_SQL || o->dry_run;
    if (!script && refuse_read_only(o, err) < 0)
        return -1;
    cl_session x = {0};
    lb_plan plan = {0};
    lb_run_result total = {0};
    int rc = open_plan(o, &x, &plan, err);
    if (rc == 0)
        print_plan(&plan, x.dbms, script ? stderr : out);
    char details[1024];
    snprintf(details, sizeof details, "changelog update (OpenMRS core plan, snapshot %s): %zu changeSet(s) in %zu "
             "changelog(s)", plan.snapshot, plan_total(&plan), plan.count);
    if (rc == 0 && !script && plan_total(&plan) > 0) {
        char question[256];
        snprintf(question, sizeof question, "Run %zu changeSet(s) in database %s?", plan_total(&plan), x.conn.database);
        rc = omrs_cli_confirm(o, question, err) < 0 || omrs_audit(&x.conn, "start", details, err) < 0 ? -1 : 0;
    }
    for (size_t i = 0; rc == 0 && i < plan.count && (script || plan_total(&plan) > 0); i++)
        rc = run_planned(o, &x, plan.files[i].path, script ? LB_RUN_SQL : mode, out, &total, err);
    if (!script && plan_total(&plan) > 0 && x.conn.mysql) {
        rc = omrs_audit_outcome(&x.conn, rc, rc == 0 ? details : err->message, err);
    }
    if (rc == 0 && !script)
        fprintf(out, "done: %zu executed, %zu reran, %zu mark-ran, %zu skipped\n", total.executed, total.reran,
                total.mark_ran, total.skipped);
    lb_plan_free(&plan);
    cl_close(&x);
    return rc;
}

static int cmd_plan(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count != 2)
        return omrs_fail(err, OMRS_ERR_USAGE, "changelog plan takes no CHANGELOG: it chooses them as OpenMRS does");
    cl_session x = {0};
    lb_plan plan = {0};
    int rc = open_plan(o, &x, &plan, err);
    if (rc == 0 && o->json)
        rc = print_plan_json(&plan, x.dbms, out, err);
    else if (rc == 0)
        print_plan(&plan, x.dbms, out);
    lb_plan_free(&plan);
    cl_close(&x);
    return rc;
}

/* ---- lint -------------------------------------------------------------- */

/* Connection options given: compare with that database too. */
static bool wants_database(const omrs_cli_options *o)
{
    const omrs_conn_flags *f = &o->conn;
    return f->host || f->port || f->socket || f->user || f->database || f->defaults_file || f->runtime_props
        || f->prompt_password;
}

/* The status points into the history, so the caller frees h after using st. */
static int lint_against_database(const omrs_cli_options *o, cl_session *x, lb_history *h, lb_status *st,
                                 omrs_error *err)
{
    if (omrs_session_settings(&o->conn, &x->settings, err) < 0
        || omrs_session_connect(&o->conn, &x->settings, &x->conn, err) < 0
        || lb_history_load(&x->conn, h, err) < 0)
        return -1;
    const char *dbms = o->dbms ? o->dbms : detect_dbms(&x->conn);
    lb_status_options so = {.dbms = dbms, .contexts = o->contexts, .latest_version = DEFAULT_CHECKSUM_VERSION};
    return lb_status_compute(&x->changelog, h, &so, st, err);
}

static int cmd_lint(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    cl_session x = {0};
    lb_status st = {0};
    lb_history h = {0};
    bool compared = false;
    int rc = needs_changelog(o, err);
    if (rc == 0)
        rc = open_resources(o, &x.resources, err);
    if (rc == 0)
        rc = lb_changelog_load(x.resources, o->words[2], o->dbms ? o->dbms : DEFAULT_DBMS, &x.changelog, err);
    if (rc == 0 && wants_database(o))
        compared = (rc = lint_against_database(o, &x, &h, &st, err)) == 0;
    if (rc == 0) {
        size_t found = lb_lint(&x.changelog, compared ? &st : NULL, out);
        fprintf(out, "%zu finding(s) in %zu changeSet(s)%s\n", found, x.changelog.count,
                compared ? "" : "; not compared with a database (give connection options to find edited changeSets)");
        if (found)
            rc = omrs_fail(err, OMRS_ERR_PARSE, "%s: %zu finding(s)", o->words[2], found);
    }
    if (compared)
        lb_status_free(&st);
    lb_history_free(&h);
    cl_close(&x);
    return rc;
}

/* ---- release-locks ----------------------------------------------------- */

/* Is a connection from the lock holder's address still open? (Needs PROCESS to see
 * other accounts' connections; without it we cannot tell, and say so.) */
static int holder_alive(omrs_conn *c, const char *locked_by, bool *alive, omrs_error *err)
{
    *alive = false;
    const char *open = strrchr(locked_by, '(');
    char addr[128] = "";
    if (open)
        snprintf(addr, sizeof addr, "%.*s", (int)strcspn(open + 1, ")%"), open + 1);
    char host[256];
    snprintf(host, sizeof host, "%.*s", (int)strcspn(locked_by, " "), locked_by);
    char esc_addr[260], esc_host[520];
    mysql_real_escape_string(c->mysql, esc_addr, addr, (unsigned long)strlen(addr));
    mysql_real_escape_string(c->mysql, esc_host, host, (unsigned long)strlen(host));
    omrs_buf sql = {0};
    if (omrs_buf_printf(&sql, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() "
                              "AND (SUBSTRING_INDEX(HOST, ':', 1) IN ('%s', '%s'))", esc_addr, esc_host) < 0)
        return omrs_fail_nomem(err);
    MYSQL_RES *res;
    int rc = omrs_conn_query(c, sql.data, &res, err);
    omrs_buf_free(&sql);
    if (rc < 0)
        return -1;
    MYSQL_ROW row = res ? mysql_fetch_row(res) : NULL;
    *alive = row && row[0] && strcmp(row[0], "0") != 0;
    mysql_free_result(res);
    return 0;
}

static int release_with(const omrs_cli_options *o, omrs_conn *c, FILE *out, omrs_error *err)
{
    lb_lock_state st;
    if (lb_lock_read(c, &st, err) < 0)
        return -1;
    if (!st.locked) {
        fputs("the Liquibase lock is free: nothing to release\n", out);
        return 0;
    }
    fprintf(out, "the Liquibase lock is held by %s since %s\n", st.locked_by, st.granted);
    bool alive;
    if (holder_alive(c, st.locked_by, &alive, err) < 0)
        return -1;
    if (alive && !o->force)
        return omrs_fail(err, OMRS_ERR_USAGE, "refused: a connection from the holder (%s) is still open: OpenMRS or "
                         "Liquibase may be updating right now; wait, or give --force if you are sure", st.locked_by);
    char question[512], details[512];
    snprintf(question, sizeof question, "Release the lock held by %s since %s?", st.locked_by, st.granted);
    snprintf(details, sizeof details, "changelog release-locks: held by %s since %s%s", st.locked_by, st.granted,
             alive ? " (forced, holder connected)" : "");
    if (omrs_cli_confirm(o, question, err) < 0 || omrs_audit(c, "release-locks", details, err) < 0
        || lb_lock_release(c, err) < 0)
        return -1;
    fputs("released\n", out);
    return 0;
}

static int cmd_release_locks(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count != 2)
        return omrs_fail(err, OMRS_ERR_USAGE, "changelog release-locks takes no CHANGELOG");
    if (refuse_read_only(o, err) < 0)
        return -1;
    omrs_settings s = {0};
    omrs_conn c = {0};
    int rc = omrs_session_settings(&o->conn, &s, err);
    if (rc == 0)
        rc = omrs_session_connect(&o->conn, &s, &c, err);
    if (rc == 0)
        rc = release_with(o, &c, out, err);
    omrs_conn_close(&c);
    omrs_settings_free(&s);
    return rc;
}

int omrs_cmd_changelog(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count < 2)
        return omrs_fail(err, OMRS_ERR_USAGE, "changelog needs a subcommand: checksums, status, update, update-sql, "
                         "changelog-sync or release-locks");
    if (strcmp(o->words[1], "checksums") == 0)
        return cmd_checksums(o, out, err);
    if (strcmp(o->words[1], "status") == 0)
        return cmd_status(o, out, err);
    if (strcmp(o->words[1], "plan") == 0)
        return cmd_plan(o, out, err);
    if (strcmp(o->words[1], "lint") == 0)
        return cmd_lint(o, out, err);
    if (strcmp(o->words[1], "update") == 0)
        return cmd_apply(o, LB_RUN_UPDATE, out, err);
    if (strcmp(o->words[1], "update-sql") == 0)
        return cmd_apply(o, LB_RUN_SQL, out, err);
    if (strcmp(o->words[1], "changelog-sync") == 0)
        return cmd_apply(o, LB_RUN_SYNC, out, err);
    if (strcmp(o->words[1], "release-locks") == 0)
        return cmd_release_locks(o, out, err);
    return omrs_fail(err, OMRS_ERR_USAGE, "unknown changelog subcommand '%s' (there are: checksums, status, plan, lint, "
                     "update, update-sql, changelog-sync, release-locks)", o->words[1]);
}
