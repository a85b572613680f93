#include "update.h"

#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "description.h"
#include "fk_inplace.h"
#include "history_write.h"
#include "precondition.h"
#include "serialize.h"
#include "sqlgen.h"
#include "status.h"
#include "strutil.h"

/* Everything one run carries. */
typedef struct run {
    omrs_conn *conn;
    const lb_run_options *opt;
    lb_run_result *res;
    lb_history history;
    char liquibase[24];
    long order;              /* ORDEREXECUTED handed out last */
    bool locked;
    lb_pre_env pre_env;      /* set up once: it reads lower_case_table_names */
    bool pre_env_ready;
} run;

/* ---- where statements go ----------------------------------------------- */

/* Executes through the write choke point, or writes the statement to the script. */
static int emit(run *r, const char *sql, omrs_error *err)
{
    if (r->opt->mode == LB_RUN_SQL) {
        fprintf(r->opt->sql_out, "%s;\n\n", sql);
        return 0;
    }
    return omrs_conn_write(r->conn, sql, NULL, err);
}

static void comment(run *r, const char *text)
{
    if (r->opt->mode == LB_RUN_SQL)
        fprintf(r->opt->sql_out, "--  %s\n", text);
}

static int escape_value(const char *value, omrs_buf *out, void *ctx)
{
    (void)ctx;
    return lb_sql_string(value, out);
}

/* ---- LIQUIBASE column -------------------------------------------------- */

int lb_choose_liquibase_version(const lb_history *h, int checksum_version, char *out, size_t size)
{
    char prefix[4];
    snprintf(prefix, sizeof prefix, "%d:", checksum_version);
    for (size_t i = h->count; i-- > 0;) {
        const lb_ran *row = &h->rows[i];
        if (row->md5sum && strncmp(row->md5sum, prefix, 2) == 0 && row->liquibase && row->liquibase[0]) {
            snprintf(out, size, "%s", row->liquibase);
            return 0;
        }
    }
    snprintf(out, size, "%s", checksum_version == 9 ? "4.28.0" : "3.10.2");
    return 0;
}

/* ---- set-up: tables, lock ---------------------------------------------- */

static int ensure_history_table(run *r, omrs_error *err)
{
    if (r->history.table_exists)
        return 0;
    omrs_buf sql = {0};
    comment(r, "Create Database Change Log Table");
    int rc = lb_history_create_sql(NULL, &sql) < 0 ? omrs_fail_nomem(err) : emit(r, sql.data, err);
    omrs_buf_free(&sql);
    return rc;
}

static int take_lock(run *r, omrs_error *err)
{
    if (r->opt->mode == LB_RUN_SQL) {
        /* The script makes the lock table if needed and takes the lock itself when it runs. */
        lb_lock_state st;
        if (lb_lock_read(r->conn, &st, err) < 0)
            return -1;
        if (!st.table_exists) {
            comment(r, "Create Database Lock Table");
            if (emit(r, lb_lock_create_sql, err) < 0)
                return -1;
            comment(r, "Initialize Database Lock Table");
            if (emit(r, "DELETE FROM " LB_LOCK_TABLE, err) < 0
                || emit(r, "INSERT INTO " LB_LOCK_TABLE " (ID, `LOCKED`) VALUES (1, 0)", err) < 0)
                return -1;
        }
        char holder[256];
        lb_lock_holder_name(holder, sizeof holder);
        omrs_buf sql = {0};
        comment(r, "Lock Database");
        int rc = omrs_buf_printf(&sql, "UPDATE " LB_LOCK_TABLE " SET `LOCKED` = 1, LOCKEDBY = ") < 0
              || lb_sql_string(holder, &sql) < 0
              || omrs_buf_printf(&sql, ", LOCKGRANTED = NOW() WHERE ID = 1 AND `LOCKED` = 0") < 0
                 ? omrs_fail_nomem(err) : emit(r, sql.data, err);
        omrs_buf_free(&sql);
        return rc;
    }
    if (omrs_conn_write(r->conn, "SET autocommit = 0", NULL, err) < 0 || lb_lock_acquire(r->conn, &r->opt->wait, err) < 0)
        return -1;
    r->locked = true;
    return 0;
}

static void drop_lock(run *r)
{
    omrs_error ignored = {0};
    if (r->opt->mode == LB_RUN_SQL) {
        comment(r, "Release Database Lock");
        emit(r, "UPDATE " LB_LOCK_TABLE " SET `LOCKED` = 0, LOCKEDBY = NULL, LOCKGRANTED = NULL WHERE ID = 1",
             &ignored);
    } else if (r->locked) {
        lb_lock_release(r->conn, &ignored);
        r->locked = false;
    }
}

static long max_order(const lb_history *h)
{
    long max = 0;
    for (size_t i = 0; i < h->count; i++)
        if (h->rows[i].order_executed > max)
            max = h->rows[i].order_executed;
    return max;
}

/* ---- one changeSet ----------------------------------------------------- */

static int write_row(run *r, const lb_status_entry *e, const char *exectype, omrs_error *err)
{
    const lb_changeset *cs = e->cs;
    char sum[LB_CHECKSUM_SIZE];
    char *description = NULL, *comments = NULL;
    if (lb_changeset_checksum(cs->node, r->opt->checksum_version, r->opt->dbms, sum, err) < 0
        || lb_changeset_description(cs->node, &description, err) < 0
        || lb_changeset_comments(cs->node, &comments, err) < 0) {
        free(description);
        free(comments);
        return -1;
    }
    lb_history_row row = {
        .id = cs->id, .author = cs->author, .filename = cs->filename, .order_executed = ++r->order,
        .md5sum = sum, .description = description, .comments = comments, .exectype = exectype,
        .contexts = cs->contexts, .labels = cs->labels, .liquibase = r->liquibase,
    };
    omrs_buf sql = {0};
    bool rerun = e->row != NULL;
    int rc = (rerun ? lb_history_rerun_sql(&row, NULL, escape_value, NULL, &sql)
                    : lb_history_insert_sql(&row, NULL, escape_value, NULL, &sql)) < 0
                 ? omrs_fail_nomem(err) : emit(r, sql.data, err);
    if (rc == 0 && r->opt->mode != LB_RUN_SQL)
        rc = omrs_conn_commit(r->conn, err);
    if (rc == 0 && !rerun && r->opt->mode != LB_RUN_SQL)
        rc = lb_history_add(&r->history, cs->filename, cs->id, cs->author, sum, exectype, err);
    omrs_buf_free(&sql);
    free(description);
    free(comments);
    return rc;
}

static int statement_failed(run *r, const lb_changeset *cs, const char *sql, omrs_error *err)
{
    char server[sizeof err->message];
    snprintf(server, sizeof server, "%s", err->message);
    omrs_error ignored = {0};
    omrs_conn_write(r->conn, "ROLLBACK", NULL, &ignored);
    return omrs_fail(err, OMRS_ERR_SQL, "changeSet %s::%s (%s:%u) failed, no history row written: %s; SQL: %.300s",
                     cs->id, cs->author, cs->source, cs->line, server, sql);
}

/* Runs the statements; *continued is set when failOnError="false" swallowed a failure. */
static int execute_changes(run *r, const lb_changeset *cs, bool *continued, omrs_error *err)
{
    lb_sql_options so = {.dbms = r->opt->dbms, .catalog = NULL, .liquibase_major = 4};
    lb_sql_list sqls = {0};
    if (lb_changeset_sql(cs->node, &so, &sqls, err) < 0)
        return -1;
    int rc = 0;
    if (!cs->run_in_transaction && r->opt->mode == LB_RUN_UPDATE)
        rc = emit(r, "SET autocommit = 1", err);
    bool in_place = r->opt->mode == LB_RUN_UPDATE && lb_fk_inplace_applies(r->conn, cs->node, sqls.count);
    xmlNodePtr change = in_place ? lb_first_change(cs->node) : NULL;
    for (size_t i = 0; rc == 0 && i < sqls.count; i++, change = in_place ? lb_next_change(change) : NULL) {
        bool ran = false;
        if (in_place && lb_fk_inplace_run(r->conn, change, &so, &ran, err) < 0)
            rc = -1;
        else if (!ran && emit(r, sqls.items[i], err) < 0)
            rc = statement_failed(r, cs, sqls.items[i], err);
    }
    if (!cs->run_in_transaction && r->opt->mode == LB_RUN_UPDATE) {
        omrs_error ignored = {0};
        emit(r, "SET autocommit = 0", &ignored);
    }
    if (rc < 0 && !cs->fail_on_error) {
        if (r->opt->progress)
            fprintf(r->opt->progress, "failed, failOnError=false so the run goes on: %s\n", err->message);
        *continued = true;
        rc = 0;
    }
    if (rc == 0 && !*continued && r->opt->mode == LB_RUN_UPDATE)
        rc = omrs_conn_commit(r->conn, err);
    lb_sql_list_free(&sqls);
    return rc;
}

static bool has_preconditions(const lb_changeset *cs)
{
    for (xmlNodePtr c = cs->node->children; c; c = c->next)
        if (lb_is_element(c, "preConditions"))
            return true;
    return false;
}

/* What the preconditions say; update-sql follows onSqlOutput (IGNORE: as if they passed). */
static int check_preconditions(run *r, const lb_changeset *cs, lb_pre_result *pre, omrs_error *err)
{
    if (!r->pre_env_ready && lb_pre_env_init(&r->pre_env, r->conn, r->opt->dbms, &r->history, err) < 0)
        return -1;
    r->pre_env_ready = true;
    r->pre_env.changeset = cs;
    r->pre_env.sql_output = r->opt->mode == LB_RUN_SQL;
    if (lb_preconditions_check(&r->pre_env, pre, err) < 0)
        return -1;
    /* Liquibase rolls back after the checks, before the changes; with no checks there is
     * nothing to roll back, and the round trip is saved. */
    if (r->opt->mode == LB_RUN_SQL || !has_preconditions(cs))
        return 0;
    return omrs_conn_write(r->conn, "ROLLBACK", NULL, err);
}

static void progress(run *r, const lb_changeset *cs, const char *what)
{
    if (r->opt->progress)
        fprintf(r->opt->progress, "%-9s %s::%s (%s)\n", what, cs->id, cs->author, cs->filename);
}

static int run_changeset(run *r, const lb_status_entry *e, omrs_error *err)
{
    const lb_changeset *cs = e->cs;
    if (r->opt->mode == LB_RUN_SQL) {
        char head[768];
        snprintf(head, sizeof head, "Changeset %s::%s::%s", cs->filename, cs->id, cs->author);
        comment(r, head);
    }
    if (r->opt->mode == LB_RUN_SYNC) {
        progress(r, cs, "recorded");
        r->res->executed++;
        return write_row(r, e, "EXECUTED", err);
    }
    lb_pre_result pre;
    if (check_preconditions(r, cs, &pre, err) < 0)
        return -1;
    if (pre.outcome != LB_PRE_PASSED) {
        switch (pre.action) {
        case LB_ON_HALT:
            return omrs_fail(err, OMRS_ERR_SQL, "changeSet %s::%s (%s:%u): precondition %s, run stopped: %s", cs->id,
                             cs->author, cs->source, cs->line, pre.outcome == LB_PRE_FAILED ? "failed" : "error",
                             pre.message);
        case LB_ON_CONTINUE:
            progress(r, cs, "skipped");
            r->res->skipped++;
            return 0;
        case LB_ON_MARK_RAN:
            progress(r, cs, "mark-ran");
            r->res->mark_ran++;
            return write_row(r, e, "MARK_RAN", err);
        case LB_ON_WARN:
            if (r->opt->progress)
                fprintf(r->opt->progress, "warning: %s::%s: %s\n", cs->id, cs->author, pre.message);
            break;
        }
    }
    bool continued = false;
    if (execute_changes(r, cs, &continued, err) < 0)
        return -1;
    if (continued) {
        r->res->failed_continued++;
        return 0;
    }
    progress(r, cs, e->row ? "reran" : "executed");
    *(e->row ? &r->res->reran : &r->res->executed) += 1;
    return write_row(r, e, e->row ? "RERAN" : "EXECUTED", err);
}

/* ---- the run ----------------------------------------------------------- */

/* changelog-sync records only what never ran; update also reruns what is due again. */
static bool due(const lb_status_entry *e, lb_run_mode mode)
{
    if (mode == LB_RUN_SYNC)
        return e->state == LB_PENDING;
    return e->state == LB_PENDING || e->state == LB_RUN_ALWAYS || e->state == LB_RUN_ON_CHANGE;
}

static int first_changed(const lb_status *st, omrs_error *err)
{
    const lb_changeset *const *d = st->duplicate;
    if (d[0])
        return omrs_fail(err, OMRS_ERR_PARSE,
                         "validation failed, nothing was run: changeSet %s::%s::%s is defined twice (%s:%u and %s:%u)",
                         d[0]->filename, d[0]->id, d[0]->author, d[0]->source, d[0]->line, d[1]->source, d[1]->line);
    for (size_t i = 0; i < st->count; i++) {
        const lb_status_entry *e = &st->entries[i];
        if (e->state == LB_CHANGED)
            return omrs_fail(err, OMRS_ERR_PARSE,
                             "validation failed, nothing was run: changeSet %s::%s (%s:%u) changed after it ran "
                             "(stored %s, now %s); %zu changeSet(s) changed in all",
                             e->cs->id, e->cs->author, e->cs->source, e->cs->line, e->row->md5sum, e->computed,
                             st->counts[LB_CHANGED]);
    }
    return 0;
}

static int run_all(run *r, const lb_changelog *cl, omrs_error *err)
{
    lb_status st;
    lb_status_options so = {.dbms = r->opt->dbms, .contexts = r->opt->contexts,
                            .latest_version = r->opt->checksum_version};
    if (lb_status_compute(cl, &r->history, &so, &st, err) < 0)
        return -1;
    int rc = first_changed(&st, err);
    for (size_t i = 0; rc == 0 && i < st.count; i++)
        if (due(&st.entries[i], r->opt->mode))
            rc = run_changeset(r, &st.entries[i], err);
    lb_status_free(&st);
    return rc;
}

int lb_run(omrs_conn *c, const lb_changelog *cl, const lb_run_options *opt, lb_run_result *res, omrs_error *err)
{
    memset(res, 0, sizeof *res);
    run r = {.conn = c, .opt = opt, .res = res};
    if (lb_history_load(c, &r.history, err) < 0)
        return -1;
    r.order = max_order(&r.history);
    if (opt->liquibase_version)
        snprintf(r.liquibase, sizeof r.liquibase, "%s", opt->liquibase_version);
    else
        lb_choose_liquibase_version(&r.history, opt->checksum_version, r.liquibase, sizeof r.liquibase);
    int rc = take_lock(&r, err);
    if (rc == 0)
        rc = ensure_history_table(&r, err);
    if (rc == 0)
        rc = run_all(&r, cl, err);
    drop_lock(&r);
    lb_history_free(&r.history);
    return rc;
}
