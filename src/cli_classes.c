/* `classes`: the Sync module's class ignore lists (shared/reference/sync-module.md 7):
 * list the defaults and each server's effective send/receive decisions; edit them the way
 * the module's editor does, with the impact on pending records shown first. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "classes.h"
#include "cli.h"
#include "json_out.h"
#include "session.h"

typedef struct cls_session {
    omrs_session session;
    omrs_sync_servers servers;
    omrs_class_lists lists;
} cls_session;

static int cls_open(const omrs_cli_options *o, cls_session *x, omrs_error *err)
{
    memset(x, 0, sizeof *x);
    int rc = omrs_session_open(&o->conn, &x->session, err);
    if (rc == 0)
        rc = omrs_sync_servers_load(&x->session.conn, &x->servers, err);
    if (rc == 0)
        rc = omrs_class_lists_load(&x->session.conn, &x->servers, &x->lists, err);
    return rc;
}

static void cls_close(cls_session *x)
{
    omrs_class_lists_free(&x->lists);
    omrs_sync_servers_free(&x->servers);
    omrs_session_close(&x->session);
}

static const omrs_sync_server *server_by_id(const omrs_sync_servers *s, int id)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->items[i].id == id)
            return &s->items[i];
    return NULL;
}

static const char *nick(const omrs_sync_server *s)
{
    return s && s->nickname ? s->nickname : "(no nickname)";
}

static const char *yes_no(int flag)
{
    return flag == OMRS_FLAG_NULL ? "NULL" : flag ? "yes" : "no";
}

/* ---- one server's effective decision for one class ---- */

typedef struct decision {
    omrs_class_decision d;
    omrs_buf rows;              /* "5" or "5, 12": the server's rows for this class */
} decision;

static int decide(const omrs_class_lists *l, const omrs_class_patterns pats[2], int server_id, const omrs_sync_class *c,
                  decision *d)
{
    memset(d, 0, sizeof *d);
    for (size_t i = 0; i < l->row_count; i++)
        if (l->rows[i].server_id == server_id && l->rows[i].class_id == c->id
            && omrs_buf_printf(&d->rows, "%s%d", d->rows.len ? ", " : "", l->rows[i].id) < 0)
            return -1;
    return omrs_class_decide(pats, c, &d->d);
}

static void describe_source(const decision *d, const omrs_sync_class *c, omrs_buf *out)
{
    out->len = 0;
    if (d->rows.len)
        omrs_buf_printf(out, "%s %s", strchr(d->rows.data, ',') ? "rows" : "row", d->rows.data);
    else
        omrs_buf_printf(out, "no row (default %s/%s applies only to servers created later)", yes_no(c->default_send_to),
                        yes_no(c->default_receive_from));
    static const char *const dir[2] = {"send", "receive"};
    for (int k = 0; k < 2; k++)
        if (d->d.refused_by[k] && strcmp(d->d.refused_by[k], c->name) != 0)
            omrs_buf_printf(out, "; %s refused by '%s'", dir[k], d->d.refused_by[k]);
}

/* ---- list: text ---- */

static int name_width(const omrs_class_lists *l)
{
    size_t w = 4;
    for (size_t i = 0; i < l->class_count; i++)
        if (strlen(l->classes[i].name) > w)
            w = strlen(l->classes[i].name);
    return (int)(w > 60 ? 60 : w);
}

static size_t same_name_count(const omrs_class_lists *l, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < l->class_count; i++)
        n += strcmp(l->classes[i].name, name) == 0;
    return n;
}

static void print_defaults_text(const omrs_class_lists *l, const omrs_strlist *unrecorded, FILE *out)
{
    int w = name_width(l);
    fputs("Default list (sync_class), copied into sync_server_class when a server is created:\n", out);
    fprintf(out, "  %5s  %-4s  %-7s  %-*s  %s\n", "ID", "SEND", "RECEIVE", w, "NAME", "JOURNALLED");
    for (size_t i = 0; i < l->class_count; i++) {
        const omrs_sync_class *c = &l->classes[i];
        const char *by = omrs_class_unrecorded_by(unrecorded, c->name);
        bool other = by && strcmp(by, c->name) != 0;
        fprintf(out, "  %5d  %-4s  %-7s  %-*s  %s%s%s%s\n", c->id, yes_no(c->default_send_to), yes_no(c->default_receive_from),
                w, c->name, by ? "no" : "yes", other ? " (by " : "", other ? by : "", other ? ")" : "");
        if (same_name_count(l, c->name) > 1)
            fprintf(out, "         ^ duplicate name (sync_class.name has no unique constraint): the module's editor "
                         "fails on it\n");
    }
    if (l->class_count == 0)
        fputs("  (empty)\n", out);
    fputs("Not journalled at all (changes to classes starting with these are never recorded):\n ", out);
    for (size_t i = 0; i < unrecorded->count; i++)
        fprintf(out, "%s %s", i ? "," : "", unrecorded->items[i]);
    fputs(unrecorded->count ? "\n" : " none\n", out);
}

static int print_server_text(const omrs_class_lists *l, const omrs_sync_server *s, FILE *out)
{
    omrs_class_patterns pats[2] = {{0}, {0}};
    omrs_buf source = {0};
    int rc = omrs_class_patterns_for(l, s->id, OMRS_SEND, &pats[0]) < 0
                  || omrs_class_patterns_for(l, s->id, OMRS_RECEIVE, &pats[1]) < 0 ? -1 : 0;
    int w = name_width(l);
    fprintf(out, "\nServer %d %s [%s]:\n", s->id, nick(s), s->server_type ? s->server_type : "?");
    fprintf(out, "  %-4s  %-7s  %-*s  %s\n", "SEND", "RECEIVE", w, "NAME", "FROM");
    for (size_t i = 0; rc == 0 && i < l->class_count; i++) {
        decision d;
        rc = decide(l, pats, s->id, &l->classes[i], &d);
        describe_source(&d, &l->classes[i], &source);
        fprintf(out, "  %-4s  %-7s  %-*s  %s\n", d.d.allowed[0] ? "yes" : "no", d.d.allowed[1] ? "yes" : "no", w,
                l->classes[i].name, source.data ? source.data : "");
        omrs_buf_free(&d.rows);
    }
    for (int k = 0; k < 2; k++) {
        const omrs_class_pattern *bad = omrs_class_patterns_invalid(&pats[k]);
        if (bad)
            fprintf(out, "  WARNING: '%s' is not a valid regex: the module throws when it %s with this server\n",
                    bad->name, k == 0 ? "sends" : "receives");
    }
    omrs_class_patterns_free(&pats[0]);
    omrs_class_patterns_free(&pats[1]);
    omrs_buf_free(&source);
    return rc;
}

/* ---- list: JSON ---- */

static json_t *flag_json(int flag)
{
    return flag == OMRS_FLAG_NULL ? json_null() : json_boolean(flag);
}

static json_t *defaults_json(const omrs_class_lists *l, const omrs_strlist *unrecorded)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < l->class_count; i++) {
        const omrs_sync_class *c = &l->classes[i];
        const char *by = omrs_class_unrecorded_by(unrecorded, c->name);
        json_array_append_new(a, json_pack("{s:i, s:s, s:o, s:o, s:b, s:o, s:b}", "class_id", c->id, "name", c->name,
                                           "default_send_to", flag_json(c->default_send_to), "default_receive_from",
                                           flag_json(c->default_receive_from), "journalled", by == NULL,
                                           "not_journalled_because", omrs_json_str(by),
                                           "duplicate_name", same_name_count(l, c->name) > 1));
    }
    return a;
}

static json_t *direction_json(const decision *d, int k)
{
    return json_pack("{s:b, s:o}", "allowed", d->d.allowed[k], "refused_by",
                     omrs_json_str(d->d.refused_by[k]));
}

static json_t *server_json(const omrs_class_lists *l, const omrs_sync_server *s)
{
    omrs_class_patterns pats[2] = {{0}, {0}};
    json_t *classes = json_array();
    if (omrs_class_patterns_for(l, s->id, OMRS_SEND, &pats[0]) < 0 || omrs_class_patterns_for(l, s->id, OMRS_RECEIVE, &pats[1]) < 0)
        json_decref(classes), classes = NULL;
    for (size_t i = 0; classes && i < l->class_count; i++) {
        decision d;
        if (decide(l, pats, s->id, &l->classes[i], &d) < 0) {
            omrs_buf_free(&d.rows);
            json_decref(classes), classes = NULL;
            break;
        }
        json_t *rows = json_array();
        for (size_t r = 0; rows && r < l->row_count; r++)
            if (l->rows[r].server_id == s->id && l->rows[r].class_id == l->classes[i].id)
                json_array_append_new(rows, json_pack("{s:i, s:b, s:b}", "server_class_id", l->rows[r].id, "send_to",
                                                      l->rows[r].send_to, "receive_from", l->rows[r].receive_from));
        json_array_append_new(classes, json_pack("{s:i, s:s, s:o, s:o, s:o}", "class_id", l->classes[i].id, "name",
                                                 l->classes[i].name, "rows", rows, "send", direction_json(&d, 0),
                                                 "receive", direction_json(&d, 1)));
        omrs_buf_free(&d.rows);
    }
    omrs_class_patterns_free(&pats[0]);
    omrs_class_patterns_free(&pats[1]);
    return json_pack("{s:i, s:s?, s:s?, s:o}", "server_id", s->id, "nickname", s->nickname, "server_type",
                     s->server_type, "classes", classes ? classes : json_null());
}

static int print_list(const omrs_cli_options *o, cls_session *x, const omrs_sync_server *only, FILE *out, omrs_error *err)
{
    omrs_strlist unrecorded = {0};
    if (omrs_class_unrecorded(&x->lists, &unrecorded) < 0)
        return omrs_fail_nomem(err);
    int rc = 0;
    if (o->json) {
        json_t *servers = json_array(), *names = json_array();
        for (size_t i = 0; i < unrecorded.count; i++)
            json_array_append_new(names, json_string(unrecorded.items[i]));
        for (size_t i = 0; i < x->servers.count; i++)
            if (!only || only == &x->servers.items[i])
                json_array_append_new(servers, server_json(&x->lists, &x->servers.items[i]));
        rc = omrs_json_print(json_pack("{s:s?, s:o, s:o, s:o}", "database", x->session.conn.database, "defaults",
                                       defaults_json(&x->lists, &unrecorded), "not_journalled", names, "servers", servers),
                             out, err);
    } else {
        print_defaults_text(&x->lists, &unrecorded, out);
        for (size_t i = 0; rc == 0 && i < x->servers.count; i++)
            if (!only || only == &x->servers.items[i])
                rc = print_server_text(&x->lists, &x->servers.items[i], out) < 0 ? omrs_fail_nomem(err) : 0;
        if (x->servers.count == 0)
            fputs("\nNo servers (sync_server is empty): the default list decides what is journalled.\n", out);
    }
    omrs_strlist_free(&unrecorded);
    return rc;
}

/* ---- edits: arguments ---- */

static int parse_flags(const char *which, const char *onoff, omrs_class_edit *e, omrs_error *err)
{
    e->send = strcmp(which, "send") == 0 || strcmp(which, "both") == 0;
    e->receive = strcmp(which, "receive") == 0 || strcmp(which, "both") == 0;
    if (!e->send && !e->receive)
        return omrs_fail(err, OMRS_ERR_USAGE, "classes set: '%s' is not send, receive or both", which);
    if (strcmp(onoff, "on") != 0 && strcmp(onoff, "off") != 0)
        return omrs_fail(err, OMRS_ERR_USAGE, "classes set: '%s' is not on or off", onoff);
    e->allow = strcmp(onoff, "on") == 0;
    return 0;
}

static int need_args(int n, int want, const char *usage, omrs_error *err)
{
    if (n != want)
        return omrs_fail(err, OMRS_ERR_USAGE, "usage: omrs-console classes %s", usage);
    return 0;
}

/* words: the edit verb then its arguments (after "classes" or "classes impact"). */
static int parse_edit(const char *const *w, int n, omrs_class_edit *e, omrs_error *err)
{
    memset(e, 0, sizeof *e);
    if (n > 0 && strcmp(w[0], "set") == 0) {
        e->kind = OMRS_CLASS_EDIT_SET;
        if (need_args(n, 4, "set NAME send|receive|both on|off [--server X]", err) < 0)
            return -1;
        e->name = w[1];
        return parse_flags(w[2], w[3], e, err);
    }
    if (n > 0 && (strcmp(w[0], "add") == 0 || strcmp(w[0], "remove") == 0)) {
        e->kind = w[0][0] == 'a' ? OMRS_CLASS_EDIT_ADD : OMRS_CLASS_EDIT_REMOVE;
        e->name = n > 1 ? w[1] : NULL;
        return need_args(n, 2, e->kind == OMRS_CLASS_EDIT_ADD ? "add NAME" : "remove NAME|id:N", err);
    }
    if (n > 0 && strcmp(w[0], "preset") == 0) {
        e->kind = OMRS_CLASS_EDIT_PRESET;
        if (need_args(n, 2, "preset formentry|alert-recipient [--server X]", err) < 0)
            return -1;
        const omrs_class_preset *p = omrs_class_preset_find(w[1]);
        if (!p)
            return omrs_fail(err, OMRS_ERR_USAGE, "no preset '%s' (there are: formentry, alert-recipient)", w[1]);
        e->name = p->name;
        return 0;
    }
    return omrs_fail(err, OMRS_ERR_USAGE, "unknown classes subcommand '%s' (there are: list, set, add, remove, preset, "
                     "impact, presets)", n > 0 ? w[0] : "");
}

static int check_server_option(const omrs_cli_options *o, const omrs_class_edit *e, omrs_error *err)
{
    if (o->server && (e->kind == OMRS_CLASS_EDIT_ADD || e->kind == OMRS_CLASS_EDIT_REMOVE))
        return omrs_fail(err, OMRS_ERR_USAGE, "classes add/remove edit the default list; --server is not for them "
                         "(use `classes set NAME send|receive|both off --server X`)");
    return 0;
}

/* ---- edits: the preview ---- */

static const char *class_name_of(const omrs_class_lists *a, const omrs_class_lists *b, int id)
{
    const omrs_sync_class *c = omrs_class_lists_find_id(a, id);
    c = c ? c : omrs_class_lists_find_id(b, id);
    return c ? c->name : "?";
}

static void print_row_change(const cls_session *x, const omrs_class_lists *after, const omrs_server_class *old,
                             const omrs_server_class *now, FILE *out)
{
    const omrs_server_class *r = now ? now : old;
    const char *name = class_name_of(after, &x->lists, r->class_id);
    const omrs_sync_server *s = server_by_id(&x->servers, r->server_id);
    if (!old)
        fprintf(out, "  add    sync_server_class: server %d %s, %s: send_to %d, receive_from %d\n", r->server_id, nick(s),
                name, now->send_to, now->receive_from);
    else if (!now)
        fprintf(out, "  delete sync_server_class row %d: server %d %s, %s (send_to %d, receive_from %d)\n", old->id,
                r->server_id, nick(s), name, old->send_to, old->receive_from);
    else
        fprintf(out, "  change sync_server_class row %d: server %d %s, %s: send_to %d -> %d, receive_from %d -> %d\n",
                r->id, r->server_id, nick(s), name, old->send_to, now->send_to, old->receive_from, now->receive_from);
}

static const omrs_server_class *row_in(const omrs_class_lists *l, int id)
{
    for (size_t i = 0; i < l->row_count; i++)
        if (l->rows[i].id == id)
            return &l->rows[i];
    return NULL;
}

static void print_class_changes(const omrs_class_lists *before, const omrs_class_lists *after, FILE *out)
{
    for (size_t i = 0; i < after->class_count; i++) {
        const omrs_sync_class *c = &after->classes[i], *old = omrs_class_lists_find_id(before, c->id);
        if (!old)
            fprintf(out, "  add    sync_class: %s (default_send_to %s, default_receive_from %s)\n", c->name,
                    yes_no(c->default_send_to), yes_no(c->default_receive_from));
        else if (old->default_send_to != c->default_send_to || old->default_receive_from != c->default_receive_from)
            fprintf(out, "  change sync_class %d %s: default_send_to %s -> %s, default_receive_from %s -> %s\n", c->id,
                    c->name, yes_no(old->default_send_to), yes_no(c->default_send_to),
                    yes_no(old->default_receive_from), yes_no(c->default_receive_from));
    }
    for (size_t i = 0; i < before->class_count; i++)
        if (!omrs_class_lists_find_id(after, before->classes[i].id))
            fprintf(out, "  delete sync_class %d %s\n", before->classes[i].id, before->classes[i].name);
}

static void print_changes(const cls_session *x, const omrs_class_plan *p, FILE *out)
{
    fputs("Changes (as the Sync module's own editor makes them):\n", out);
    print_class_changes(&x->lists, &p->after, out);
    for (size_t i = 0; i < p->after.row_count; i++) {
        const omrs_server_class *now = &p->after.rows[i], *old = row_in(&x->lists, now->id);
        if (!old || old->send_to != now->send_to || old->receive_from != now->receive_from)
            print_row_change(x, &p->after, old, now, out);
    }
    for (size_t i = 0; i < x->lists.row_count; i++)
        if (!row_in(&p->after, x->lists.rows[i].id))
            print_row_change(x, &p->after, &x->lists.rows[i], NULL, out);
    for (size_t i = 0; i < p->notes.count; i++)
        fprintf(out, "  note: %s\n", p->notes.items[i]);
    omrs_sync_print_transaction(&p->sql, out);
}

static void print_names(const char *label, const omrs_strlist *l, FILE *out)
{
    if (!l->count)
        return;
    fprintf(out, "  %s:", label);
    for (size_t i = 0; i < l->count; i++)
        fprintf(out, "%s %s", i ? "," : "", l->items[i]);
    fputc('\n', out);
}

static void print_impact_server(const omrs_class_impact *im, const omrs_class_impact_server *s, FILE *out)
{
    bool journal = im->stops.count || im->starts.count;
    if (!s->send_changed && !s->receive_changed && !journal)
        return;
    fprintf(out, "  server %d %s [%s]:", s->server->id, nick(s->server), s->server->server_type ? s->server->server_type : "?");
    if (s->counted)
        fprintf(out, " %llu pending\n", s->pending);
    else
        fputc('\n', out);
    if (s->send_changed)
        fprintf(out, "    send (pattern rule): %llu newly excluded (the next send marks them NOT_SUPPOSED_TO_SYNC), "
                     "%llu newly included\n", s->send_excluded, s->send_included);
    if (s->receive_changed)
        fprintf(out, "    receive (pattern rule): applies to what this server sends here from now on; its queue is in "
                     "its own database, not counted here\n");
    if (journal)
        fprintf(out, "    journalling (prefix rule): %llu pending record(s) hold a class that stops being journalled, "
                     "%llu one that starts\n", s->stop_journal, s->start_journal);
    if (s->invalid_after)
        fprintf(out, "    WARNING: '%s' is not a valid regex: every send to this server would fail\n", s->invalid_after);
    if (s->approximate)
        fputs("    note: a name uses regex syntax that POSIX and Java may read differently: counts are approximate\n", out);
}

static void print_impact(const omrs_class_impact *im, FILE *out)
{
    fputs("Impact on pending records (in a server's queue: NEW, PENDING_SEND, SENT, SEND_FAILED,\n"
          "FAILED, FAILED_AND_STOPPED or SENT_AGAIN):\n", out);
    print_names("stops being journalled at all", &im->stops, out);
    print_names("starts being journalled again", &im->starts, out);
    bool any = im->stops.count || im->starts.count;
    for (size_t i = 0; i < im->count; i++) {
        any = any || im->servers[i].send_changed || im->servers[i].receive_changed;
        print_impact_server(im, &im->servers[i], out);
    }
    if (!any)
        fputs("  none: no server's send/receive rows change and the journalled set stays the same (sync_class "
              "defaults are only copied when a server is created)\n", out);
}

static json_t *names_json(const omrs_strlist *l)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < l->count; i++)
        json_array_append_new(a, json_string(l->items[i]));
    return a;
}

static json_t *impact_json(const omrs_class_impact *im)
{
    json_t *servers = json_array();
    for (size_t i = 0; servers && i < im->count; i++) {
        const omrs_class_impact_server *s = &im->servers[i];
        json_array_append_new(servers, json_pack("{s:i, s:s?, s:b, s:b, s:o, s:I, s:I, s:I, s:I, s:o, s:b}",
            "server_id", s->server->id, "nickname", s->server->nickname, "send_changed", s->send_changed,
            "receive_changed", s->receive_changed, "pending", s->counted ? json_integer((json_int_t)s->pending) : json_null(),
            "send_newly_excluded", (json_int_t)s->send_excluded, "send_newly_included", (json_int_t)s->send_included,
            "journal_stops", (json_int_t)s->stop_journal, "journal_starts", (json_int_t)s->start_journal,
            "invalid_pattern", omrs_json_str(s->invalid_after), "approximate", s->approximate));
    }
    return json_pack("{s:o, s:o, s:o}", "stops_being_journalled", names_json(&im->stops), "starts_being_journalled",
                     names_json(&im->starts), "servers", servers);
}

static void print_restart_notice(const omrs_class_impact *im, FILE *out)
{
    fprintf(out, "Restart OpenMRS: the running Sync module caches which classes are journalled at all "
                 "(SyncServiceImpl.shouldSynchronize) and rebuilds that cache only when a server or a sync class is "
                 "saved through the module (sync-module.md 7.2); a change made in the database is not seen until "
                 "OpenMRS (or its Tomcat) restarts. The module is mandatory: it cannot be stopped or reloaded on "
                 "its own. Unrecorded changes never reach any server, even after the lists change. %s\n",
            im->stops.count || im->starts.count ? "This change alters the journalled set."
                                                : "This change leaves the journalled set as it was.");
}

/* ---- edits: running ---- */

static int plan_and_measure(cls_session *x, const omrs_class_edit *e, omrs_class_plan *plan, omrs_class_impact *im,
                            omrs_error *err)
{
    omrs_class_db db = omrs_class_db_for(&x->session.conn);
    if (omrs_class_plan_make(&x->lists, e, &db, plan, err) < 0)
        return -1;
    if (omrs_class_impact_compute(&x->session.conn, &x->servers, &x->lists, &plan->after, im, err) < 0) {
        omrs_class_plan_free(plan);
        return -1;
    }
    return 0;
}

static int resolve_server(const omrs_cli_options *o, cls_session *x, omrs_class_edit *e, const omrs_sync_server **s,
                          omrs_error *err)
{
    *s = NULL;
    if (!o->server)
        return 0;
    if (omrs_sync_server_resolve(&x->servers, o->server, s, err) < 0)
        return -1;
    if (e)
        e->server_id = (*s)->id;
    return 0;
}

static int apply_plan(const omrs_cli_options *o, cls_session *x, const omrs_class_plan *plan, const omrs_class_impact *im,
                      const char *what, FILE *out, omrs_error *err)
{
    char question[512];
    omrs_buf details = {0};
    snprintf(question, sizeof question, "Run these %zu statement(s) on database %s?", plan->sql.count, x->session.conn.database);
    if (omrs_buf_printf(&details, "%s: %zu statement(s)", what, plan->sql.count) < 0)
        return omrs_fail_nomem(err);
    int rc = omrs_cli_confirm(o, question, err) < 0 || omrs_audit(&x->session.conn, "start", details.data, err) < 0 ? -1 : 0;
    if (rc == 0) {
        rc = omrs_class_plan_apply(&x->session.conn, plan, err);
        details.len = 0;
        omrs_buf_printf(&details, "%s: %s%s", what, rc == 0 ? "done" : "FAILED: ", rc == 0 ? "" : err->message);
        rc = omrs_audit_outcome(&x->session.conn, rc, details.data ? details.data : what, err);
    }
    omrs_buf_free(&details);
    if (rc == 0) {
        fprintf(out, "done: %zu statement(s) committed\n", plan->sql.count);
        print_restart_notice(im, out);
    }
    return rc;
}

static void describe_edit(const omrs_cli_options *o, const char *const *w, int n, char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "classes");
    for (int i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, " %s", w[i]);
    if (o->server && used < size)
        snprintf(buf + used, size - used, " --server %s", o->server);
}

static int run_edit(const omrs_cli_options *o, bool impact_only, const char *const *w, int n, FILE *out, omrs_error *err)
{
    omrs_class_edit e;
    if (parse_edit(w, n, &e, err) < 0 || check_server_option(o, &e, err) < 0)
        return -1;
    if (!impact_only && !o->dry_run && omrs_cli_refuse_read_only(o, "classes", err) < 0)
        return -1;
    cls_session x;
    const omrs_sync_server *s;
    omrs_class_plan plan = {0};
    omrs_class_impact im = {0};
    int rc = cls_open(o, &x, err);
    if (rc == 0)
        rc = resolve_server(o, &x, &e, &s, err);
    if (rc == 0)
        rc = plan_and_measure(&x, &e, &plan, &im, err);
    if (rc == 0 && impact_only && o->json) {
        rc = omrs_json_print(impact_json(&im), out, err);
    } else if (rc == 0 && impact_only) {
        print_impact(&im, out);
    } else if (rc == 0) {
        char what[512];
        describe_edit(o, w, n, what, sizeof what);
        if (plan.sql.count == 0)
            fputs("nothing to change: the lists already say so\n", out);
        else {
            print_changes(&x, &plan, out);
            print_impact(&im, out);
            if (o->dry_run)
                fputs("dry run: nothing was changed\n", out);
            else
                rc = apply_plan(o, &x, &plan, &im, what, out, err);
        }
    }
    omrs_class_impact_free(&im);
    omrs_class_plan_free(&plan);
    cls_close(&x);
    return rc;
}

static int cmd_list(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    cls_session x;
    const omrs_sync_server *only = NULL;
    int rc = cls_open(o, &x, err);
    if (rc == 0)
        rc = resolve_server(o, &x, NULL, &only, err);
    if (rc == 0)
        rc = print_list(o, &x, only, out, err);
    cls_close(&x);
    return rc;
}

static int cmd_presets(FILE *out)
{
    size_t n;
    const omrs_class_preset *p = omrs_class_presets(&n);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%-16s %s\n  %s\n  (%s)\n", p[i].key, p[i].name, p[i].why, p[i].source);
    return 0;
}

int omrs_cmd_classes(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    const char *sub = o->word_count > 1 ? o->words[1] : "list";
    const char *const *rest = o->words + 2;
    int n = o->word_count > 2 ? o->word_count - 2 : 0;
    if (strcmp(sub, "list") == 0)
        return n ? omrs_fail(err, OMRS_ERR_USAGE, "usage: omrs-console classes list [--server X] [--json]")
                 : cmd_list(o, out, err);
    if (strcmp(sub, "presets") == 0)
        return cmd_presets(out);
    if (strcmp(sub, "impact") == 0) {
        static const char *const verbs[] = {"set", "add", "remove", "preset"};
        bool verb = false;
        for (size_t i = 0; n > 0 && i < 4; i++)
            verb = verb || strcmp(rest[0], verbs[i]) == 0;
        if (verb)
            return run_edit(o, true, rest, n, out, err);
        /* `classes impact NAME send|receive|both on|off` is short for `impact set ...`. */
        const char *words[5] = {"set", n > 0 ? rest[0] : "", n > 1 ? rest[1] : "", n > 2 ? rest[2] : "", NULL};
        return n == 3 ? run_edit(o, true, words, 4, out, err)
                      : omrs_fail(err, OMRS_ERR_USAGE, "usage: omrs-console classes impact NAME send|receive|both on|off "
                                  "[--server X] | impact set|add|remove|preset ...");
    }
    if (o->json)
        return omrs_fail(err, OMRS_ERR_USAGE, "--json is for `classes list` and `classes impact`");
    return run_edit(o, false, o->words + 1, o->word_count - 1, out, err);
}
