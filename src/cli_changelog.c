/* `omrs-console changelog ...`: the Liquibase engine's commands. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "changelog.h"
#include "checksum.h"
#include "cli.h"
#include "dbms.h"
#include "history.h"
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
    if (st->validation_fails)
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
    if (!doc)
        return omrs_fail_nomem(err);
    int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    fputc('\n', out);
    return rc == 0 ? 0 : omrs_fail(err, OMRS_ERR_IO, "cannot write the JSON output");
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

static int cmd_status(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count != 3)
        return omrs_fail(err, OMRS_ERR_USAGE, "changelog status needs exactly one CHANGELOG");
    omrs_settings s = {0};
    omrs_conn c = {0};
    lb_resources *r = NULL;
    lb_changelog cl = {0};
    const char *dbms = o->dbms;
    int rc = open_resources(o, &r, err);
    if (rc == 0)
        rc = omrs_session_settings(&o->conn, &s, err);
    if (rc == 0)
        rc = omrs_session_connect(&o->conn, &s, &c, err);
    if (rc == 0 && !dbms)
        dbms = detect_dbms(&c);
    if (rc == 0)
        rc = lb_changelog_load(r, o->words[2], dbms, &cl, err);
    if (rc == 0)
        rc = status_with(o, &c, &cl, dbms, out, err);
    lb_changelog_free(&cl);
    lb_resources_free(r);
    omrs_conn_close(&c);
    omrs_settings_free(&s);
    return rc;
}

int omrs_cmd_changelog(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count < 2)
        return omrs_fail(err, OMRS_ERR_USAGE, "changelog needs a subcommand: checksums or status");
    if (strcmp(o->words[1], "checksums") == 0)
        return cmd_checksums(o, out, err);
    if (strcmp(o->words[1], "status") == 0)
        return cmd_status(o, out, err);
    return omrs_fail(err, OMRS_ERR_USAGE, "unknown changelog subcommand '%s' (there are: checksums, status)",
                     o->words[1]);
}
