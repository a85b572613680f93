/* `sync reset|remove|reset-retries|backport|cleanup|uninstall`: the Sync module's admin
 * actions. Each one: refuse with -R, plan (rows + exact SQL) and show it, stop there with
 * --dry-run, ask (or --yes), audit "start", apply in one transaction, audit the outcome. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "cli_sync.h"
#include "session.h"
#include "sync/actions.h"
#include "sync/uninstall.h"

static int session_open(const omrs_cli_options *o, omrs_session *s, omrs_error *err)
{
    if (omrs_session_open(&o->conn, s, err) < 0)
        return -1;
    if (!s->conn.database)
        return omrs_fail(err, OMRS_ERR_USAGE, "no database chosen: give -D NAME (or a runtime properties file)");
    return 0;
}


/* "sync reset 12 34 --server '2'": what was asked, for the audit log. */
static void command_line(const omrs_cli_options *o, char *buf, size_t n)
{
    snprintf(buf, n, "sync");
    for (int i = 1; i < o->word_count; i++)
        snprintf(buf + strlen(buf), n - strlen(buf), " %s", o->words[i]);
    const char *names[] = {"--server", "--since", "--until", "--state"};
    const char *values[] = {o->server, o->since, o->until, o->state};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (values[i])
            snprintf(buf + strlen(buf), n - strlen(buf), " %s '%s'", names[i], values[i]);
}

static int no_arguments(const omrs_cli_options *o, omrs_error *err)
{
    if (o->word_count > 2)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync %s takes no argument ('%s' is one)", o->words[1], o->words[2]);
    return 0;
}

/* ---- planners ------------------------------------------------------------------------ */

static int plan_mark(const omrs_cli_options *o, omrs_conn *c, omrs_sync_plan *p, omrs_error *err)
{
    omrs_sync_mark_request r = {
        .remove = strcmp(o->words[1], "remove") == 0,
        .records = o->words + 2,
        .record_count = (size_t)(o->word_count - 2),
        .server = o->server,
    };
    return omrs_sync_plan_mark(c, &r, p, err);
}

static int plan_reset_retries(const omrs_cli_options *o, omrs_conn *c, omrs_sync_plan *p, omrs_error *err)
{
    if (no_arguments(o, err) < 0)
        return -1;
    if (o->server)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync reset-retries takes no --server: like the module's status page it "
                         "acts on sync_record only (per-server rows: sync reset ID --server X)");
    return omrs_sync_plan_reset_retries(c, p, err);
}

static int plan_backport(const omrs_cli_options *o, omrs_conn *c, omrs_sync_plan *p, omrs_error *err)
{
    return no_arguments(o, err) < 0 ? -1 : omrs_sync_plan_backport(c, o->server, o->since, p, err);
}

static int plan_cleanup(const omrs_cli_options *o, omrs_conn *c, omrs_sync_plan *p, omrs_error *err)
{
    const char *what = o->word_count > 2 ? o->words[2] : "records";
    if (o->word_count > 3)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync cleanup takes at most one argument: records or transmission-logs");
    if (strcmp(what, "records") == 0)
        return omrs_sync_plan_cleanup(c, o->until, o->state, p, err);
    if (strcmp(what, "transmission-logs") != 0)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync cleanup %s: say records or transmission-logs", what);
    if (o->state)
        return omrs_fail(err, OMRS_ERR_USAGE, "--state is for sync cleanup records, not transmission-logs");
    return omrs_sync_plan_cleanup_logs(c, o->until, p, err);
}

/* ---- the common flow ----------------------------------------------------------------- */

static void outcome(const omrs_sync_plan *p, const char *cmd, int rc, const omrs_error *err, char *buf, size_t n)
{
    snprintf(buf, n, "%s: %s; %s", cmd, p->summary ? p->summary : "", rc == 0 ? "done, rows changed:" : "FAILED: ");
    for (size_t i = 0; rc == 0 && i < p->sql.count; i++)
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%llu", i ? " +" : " ", p->changed[i]);
    if (rc != 0)
        snprintf(buf + strlen(buf), n - strlen(buf), "%s", err->message);
}

static int apply_plan(const omrs_cli_options *o, omrs_session *s, omrs_sync_plan *p, FILE *out, omrs_error *err)
{
    char cmd[512], question[640], details[2048];
    command_line(o, cmd, sizeof cmd);
    snprintf(question, sizeof question, "Change %zu row(s) in database %s?", p->row_count, s->conn.database);
    snprintf(details, sizeof details, "%s: %s", cmd, p->summary ? p->summary : "");
    if (omrs_cli_confirm(o, question, err) < 0 || omrs_audit(&s->conn, "start", details, err) < 0)
        return -1;
    int rc = omrs_sync_plan_apply(&s->conn, p, err);
    outcome(p, cmd, rc, err, details, sizeof details);
    rc = omrs_audit_outcome(&s->conn, rc, details, err);
    unsigned long long total = 0;
    for (size_t i = 0; i < p->sql.count; i++)
        total += p->changed[i];
    if (rc == 0)
        fprintf(out, "done: %llu row(s) changed in database %s\n", total, s->conn.database);
    return rc;
}

typedef int (*planner)(const omrs_cli_options *o, omrs_conn *c, omrs_sync_plan *p, omrs_error *err);

static int run_planned(const omrs_cli_options *o, planner make_plan, FILE *out, omrs_error *err)
{
    char what[64];
    snprintf(what, sizeof what, "sync %s", o->words[1]);
    /* A dry run only reads, so a read-only monitor may preview too. */
    if (!o->dry_run && omrs_cli_refuse_read_only(o, what, err) < 0)
        return -1;
    omrs_session s;
    omrs_sync_plan p = {0};
    int rc = session_open(o, &s, err);
    if (rc == 0)
        rc = make_plan(o, &s.conn, &p, err);
    if (rc == 0)
        omrs_sync_plan_print(&p, out);
    if (rc == 0 && o->dry_run)
        fputs("dry run: nothing was changed\n", out);
    else if (rc == 0 && p.row_count == 0)
        fputs("nothing to change: nothing was done\n", out);
    else if (rc == 0)
        rc = apply_plan(o, &s, &p, out, err);
    omrs_sync_plan_free(&p);
    omrs_session_close(&s);
    return rc;
}

/* ---- uninstall ----------------------------------------------------------------------- */

static void print_backup_reminder(const char *db, FILE *out)
{
    fprintf(out, "BEFORE YOU GO ON: this removes the Sync module and ALL its history from database %s, for good.\n"
                 "  1. Take a backup first, e.g.\n"
                 "     mysqldump --single-transaction --routines %s > %s-before-sync-uninstall.sql\n"
                 "  2. Stop OpenMRS and delete the sync-*.omod from its modules folder: the module is mandatory,\n"
                 "     and a module that starts again re-creates its tables (its liquibasechangelog rows go too).\n",
            db, db, db);
}

static void print_lines(const char *title, const omrs_strlist *l, FILE *out)
{
    fprintf(out, "%s\n", title);
    for (size_t i = 0; i < l->count; i++)
        fprintf(out, "  %s\n", l->items[i]);
}

static void print_uninstall_sql(FILE *out)
{
    size_t n = 0;
    const char *const *sql = omrs_sync_uninstall_sql(&n);
    fputs("note: DROP TABLE commits by itself (MySQL DDL), so the drops cannot be rolled back; every statement is\n"
          "      idempotent, so if one fails, fix the cause and run the uninstall again to finish\n"
          "SQL (the same as sql/sync-uninstall.sql):\n", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "  %s;\n", sql[i]);
}

/* Harder than yes: the database's name, typed on the terminal, or given after --yes. */
static int confirm_database(const omrs_cli_options *o, const char *db, omrs_error *err)
{
    if (o->yes)
        return o->word_count == 3 ? 0 : omrs_fail(err, OMRS_ERR_USAGE, "sync uninstall --yes also needs the database "
                                                  "name as its argument: sync uninstall --yes %s", db);
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty)
        return omrs_fail(err, OMRS_ERR_USAGE, "no terminal to ask on: give --yes and the database name "
                         "(sync uninstall --yes %s), or --dry-run", db);
    fprintf(tty, "To remove the Sync module from it, type the database name (%s): ", db);
    fflush(tty);
    char answer[256] = "";
    bool got = fgets(answer, sizeof answer, tty) != NULL;
    fclose(tty);
    answer[strcspn(answer, "\n")] = '\0';
    return got && strcmp(answer, db) == 0 ? 0 : omrs_fail(err, OMRS_ERR_USAGE, "not confirmed: nothing was changed");
}

static int uninstall_apply(const omrs_cli_options *o, omrs_session *s, size_t total, FILE *out, omrs_error *err)
{
    size_t n = 0;
    omrs_sync_uninstall_sql(&n);
    unsigned long long changed[32] = {0};
    char details[1024];
    snprintf(details, sizeof details, "sync uninstall: the Sync module's tables and rows (%zu in all)", total);
    if (confirm_database(o, s->conn.database, err) < 0 || omrs_audit(&s->conn, "start", details, err) < 0)
        return -1;
    int rc = n <= sizeof changed / sizeof *changed ? omrs_sync_uninstall_run(&s->conn, changed, err)
                                                    : omrs_fail(err, OMRS_ERR_SQL, "too many uninstall statements");
    snprintf(details, sizeof details, "sync uninstall: %s", rc == 0 ? "done, rows deleted:" : "FAILED: ");
    for (size_t i = 0; rc == 0 && i < n; i++)
        snprintf(details + strlen(details), sizeof details - strlen(details), " %llu", changed[i]);
    if (rc != 0)
        snprintf(details + strlen(details), sizeof details - strlen(details), "%s", err->message);
    rc = omrs_audit_outcome(&s->conn, rc, details, err);
    if (rc == 0)
        fprintf(out, "done: the Sync module is removed from database %s\n", s->conn.database);
    return rc;
}

static int uninstall_preview(omrs_session *s, size_t *total, FILE *out, omrs_error *err)
{
    omrs_strlist found = {0}, kept = {0};
    int rc = omrs_sync_uninstall_survey(&s->conn, &found, total, err);
    if (rc == 0 && *total)
        rc = omrs_sync_uninstall_kept(&s->conn, &kept, err);
    long long others = 0;
    if (rc == 0 && *total)
        rc = omrs_sync_uninstall_other_sessions(&s->conn, &others, err);
    if (rc == 0 && *total) {
        print_backup_reminder(s->conn.database, out);
        print_lines("to remove:", &found, out);
        print_lines("left alone:", &kept, out);
        if (others)
            fprintf(out, "note: %lld other session(s) use database %s: is OpenMRS still running? Stop it first\n",
                    others, s->conn.database);
        print_uninstall_sql(out);
    }
    omrs_strlist_free(&found);
    omrs_strlist_free(&kept);
    return rc;
}

static int cmd_uninstall(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (!o->dry_run && omrs_cli_refuse_read_only(o, "sync uninstall", err) < 0)
        return -1;
    if (o->word_count > 3)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync uninstall takes at most one argument: the database name");
    omrs_session s;
    size_t total = 0;
    int rc = session_open(o, &s, err);
    if (rc == 0 && o->word_count == 3 && strcmp(o->words[2], s.conn.database) != 0)
        rc = omrs_fail(err, OMRS_ERR_USAGE, "you named database '%s' but the connection is to '%s': nothing was "
                       "changed", o->words[2], s.conn.database);
    if (rc == 0)
        rc = uninstall_preview(&s, &total, out, err);
    if (rc == 0 && total == 0)
        fprintf(out, "nothing of the Sync module is left in database %s: nothing to do\n", s.conn.database);
    else if (rc == 0 && o->dry_run)
        fputs("dry run: nothing was changed\n", out);
    else if (rc == 0)
        rc = uninstall_apply(o, &s, total, out, err);
    omrs_session_close(&s);
    return rc;
}

/* ---- dispatch ------------------------------------------------------------------------ */

int omrs_sync_cmd_action(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    static const struct {
        const char *name;
        planner make_plan;
    } actions[] = {
        {"reset", plan_mark}, {"remove", plan_mark}, {"reset-retries", plan_reset_retries},
        {"backport", plan_backport}, {"cleanup", plan_cleanup},
    };
    if (strcmp(o->words[1], "uninstall") == 0)
        return cmd_uninstall(o, out, err);
    for (size_t i = 0; i < sizeof actions / sizeof *actions; i++)
        if (strcmp(o->words[1], actions[i].name) == 0)
            return run_planned(o, actions[i].make_plan, out, err);
    return omrs_fail(err, OMRS_ERR_USAGE, "unknown sync action '%s'", o->words[1]);
}
