/* Class lists: every sync_class name with the default flags and, per server, whether a
 * record holding that class is sent (S) and received (R) by the module's own rule; t and
 * v switch sending/receiving for the default list or one server, behind the preview the
 * `classes set` command shows (rows, SQL, the effect on pending records). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "classes.h"
#include "ui.h"

#define SERVER_COLUMN_WIDTH 9
#define MAX_SERVER_COLUMNS 16

typedef struct classes_pane {
    omrs_sync_servers servers;
    omrs_class_lists lists;
    bool have;
    omrs_class_patterns patterns[MAX_SERVER_COLUMNS][2];
    size_t server_columns;
    omrs_list_column *columns;
    char (*titles)[SERVER_COLUMN_WIDTH + 1];
    omrs_list list;
} classes_pane;

static size_t row_count(void *ctx)
{
    classes_pane *c = ctx;
    return c->have ? c->lists.class_count : 0;
}

static char flag(int v, char yes)
{
    return v == OMRS_FLAG_NULL ? '?' : v ? yes : '-';
}

static void cell(void *ctx, size_t row, size_t column, char *out, size_t size)
{
    classes_pane *c = ctx;
    const omrs_sync_class *k = &c->lists.classes[row];
    if (column == 0) {
        snprintf(out, size, "%s", k->name ? k->name : "");
        return;
    }
    if (column == 1) {
        snprintf(out, size, "%c %c", flag(k->default_send_to, 'S'), flag(k->default_receive_from, 'R'));
        return;
    }
    omrs_class_decision d;
    if (omrs_class_decide(c->patterns[column - 2], k, &d) < 0) {
        snprintf(out, size, "?");
        return;
    }
    snprintf(out, size, "%c %c", d.allowed[OMRS_SEND] ? 'S' : '-', d.allowed[OMRS_RECEIVE] ? 'R' : '-');
}

static void key(void *ctx, size_t row, char *out, size_t size)
{
    snprintf(out, size, "%d", ((classes_pane *)ctx)->lists.classes[row].id);
}

static void free_data(classes_pane *c)
{
    for (size_t i = 0; i < c->server_columns; i++)
        omrs_class_patterns_free(&c->patterns[i][0]), omrs_class_patterns_free(&c->patterns[i][1]);
    c->server_columns = 0;
    if (c->have) {
        omrs_class_lists_free(&c->lists);
        omrs_sync_servers_free(&c->servers);
    }
    c->have = false;
}

/* Columns follow the servers: Class, Default, then one per server. */
static int make_columns(classes_pane *c)
{
    size_t n = 2 + c->server_columns;
    free(c->columns);
    free(c->titles);
    c->columns = calloc(n, sizeof *c->columns);
    c->titles = calloc(c->server_columns + 1, sizeof *c->titles);
    if (!c->columns || !c->titles)
        return -1;
    c->columns[0] = (omrs_list_column){.title = "Class", .width = 0};
    c->columns[1] = (omrs_list_column){.title = "Default", .width = 7};
    for (size_t i = 0; i < c->server_columns; i++) {
        const omrs_sync_server *s = &c->servers.items[i];
        snprintf(c->titles[i], sizeof c->titles[i], "%s", s->nickname ? s->nickname : "?");
        c->columns[2 + i] = (omrs_list_column){.title = c->titles[i], .width = SERVER_COLUMN_WIDTH};
    }
    c->list.columns = c->columns;
    c->list.column_count = n;
    if (c->list.sort_column >= (int)n)
        c->list.sort_column = -1;
    return 0;
}

static int create(omrs_pane *p, omrs_ui *ui)
{
    (void)ui;
    classes_pane *c = calloc(1, sizeof *c);
    if (!c)
        return -1;
    omrs_list_init(&c->list, NULL, 0, (omrs_list_source){.count = row_count, .cell = cell, .key = key}, c);
    p->state = c;
    return make_columns(c);
}

static int load(omrs_pane *p, omrs_ui *ui, omrs_error *err)
{
    classes_pane *c = p->state;
    if (ui->site.sync_role == OMRS_SYNC_NOT_INSTALLED) {
        free_data(c);
        return make_columns(c) < 0 || omrs_list_reload(&c->list, false) < 0 ? omrs_fail_nomem(err) : 0;
    }
    /* Read both first: a failed read keeps what the pane showed, marked stale. */
    omrs_sync_servers servers;
    omrs_class_lists lists;
    if (omrs_sync_servers_load(&ui->conn, &servers, err) < 0)
        return -1;
    if (omrs_class_lists_load(&ui->conn, &servers, &lists, err) < 0) {
        omrs_sync_servers_free(&servers);
        return -1;
    }
    free_data(c);
    c->servers = servers;
    c->lists = lists;
    c->have = true;
    size_t n = c->servers.count < MAX_SERVER_COLUMNS ? c->servers.count : MAX_SERVER_COLUMNS;
    for (; c->server_columns < n; c->server_columns++) {
        int id = c->servers.items[c->server_columns].id;
        if (omrs_class_patterns_for(&c->lists, id, OMRS_SEND, &c->patterns[c->server_columns][0]) < 0
            || omrs_class_patterns_for(&c->lists, id, OMRS_RECEIVE, &c->patterns[c->server_columns][1]) < 0)
            return omrs_fail_nomem(err);
    }
    return make_columns(c) < 0 || omrs_list_reload(&c->list, p->loaded) < 0 ? omrs_fail_nomem(err) : 0;
}

static void draw(omrs_pane *p, omrs_ui *ui, int top, int height)
{
    classes_pane *c = p->state;
    if (ui->site.sync_role == OMRS_SYNC_NOT_INSTALLED) {
        mvaddnstr(top, 1, "The Sync module's tables are not in this database.", COLS - 2);
        return;
    }
    mvaddnstr(top, 1, "S: sent to / R: received from that server, by the module's own rule; - : refused",
              COLS - 2);
    omrs_list_draw(&c->list, top + 1, 1, height - 1, COLS - 2);
}

/* ---- switching a flag ------------------------------------------------------ */

static char *preview(const omrs_class_plan *plan, const omrs_class_impact *impact)
{
    char *text = NULL;
    size_t size;
    FILE *mem = open_memstream(&text, &size);
    if (!mem)
        return NULL;
    for (size_t i = 0; i < plan->notes.count; i++)
        fprintf(mem, "Note: %s\n", plan->notes.items[i]);
    omrs_sync_print_transaction(&plan->sql, mem);
    for (size_t i = 0; impact && i < impact->count; i++) {
        const omrs_class_impact_server *s = &impact->servers[i];
        if (s->counted)
            fprintf(mem, "%s: of %llu pending, %llu newly held back, %llu newly sent\n",
                    s->server->nickname ? s->server->nickname : "?", s->pending, s->send_excluded, s->send_included);
    }
    fputs("OpenMRS caches these lists: restart it after the change.\n", mem);
    fclose(mem);
    return text;
}

/* Which list to change: the default list, or a server the admin names. */
static bool ask_target(classes_pane *c, omrs_ui *ui, int *server_id)
{
    char answer[128];
    if (!omrs_ui_prompt(ui, "server (id, uuid or nickname; empty: the default list): ", answer, sizeof answer))
        return false;
    *server_id = 0;
    if (!answer[0])
        return true;
    const omrs_sync_server *s;
    omrs_error err = {0};
    if (omrs_sync_server_resolve(&c->servers, answer, &s, &err) < 0) {
        omrs_ui_notice(ui, "%.200s", err.message);
        return false;
    }
    *server_id = s->id;
    return true;
}

static bool currently_allowed(classes_pane *c, const omrs_sync_class *k, int server_id, omrs_direction d)
{
    if (!server_id)
        return (d == OMRS_SEND ? k->default_send_to : k->default_receive_from) != 0;
    for (size_t i = 0; i < c->server_columns; i++)
        if (c->servers.items[i].id == server_id) {
            omrs_class_decision dec;
            return omrs_class_decide(c->patterns[i], k, &dec) == 0 && dec.allowed[d];
        }
    return true;
}

static void run_plan(classes_pane *c, omrs_ui *ui, const omrs_class_plan *plan, const char *what)
{
    omrs_class_impact impact = {0};
    omrs_error err = {0};
    bool have_impact = omrs_class_impact_compute(&ui->conn, &c->servers, &c->lists, &plan->after, &impact, &err) == 0;
    char *text = preview(plan, have_impact ? &impact : NULL);
    if (text && omrs_ui_confirm(ui, " Change the class list ", text)) {
        int rc = omrs_audit(&ui->conn, "start", what, &err) < 0 ? -1 : omrs_class_plan_apply(&ui->conn, plan, &err);
        rc = omrs_audit_outcome(&ui->conn, rc, rc == 0 ? what : err.message, &err);
        if (rc == 0)
            omrs_ui_notice(ui, "changed; restart OpenMRS: it caches the class lists");
        else
            omrs_ui_notice(ui, "%.200s", err.message);
        omrs_ui_reload(ui);
    }
    free(text);
    if (have_impact)
        omrs_class_impact_free(&impact);
}

static void switch_flag(classes_pane *c, omrs_ui *ui, omrs_direction d)
{
    size_t row;
    int server_id;
    if (!c->have || !omrs_list_selected(&c->list, &row) || !ask_target(c, ui, &server_id))
        return;
    const omrs_sync_class *k = &c->lists.classes[row];
    char id_name[32];
    snprintf(id_name, sizeof id_name, "id:%d", k->id);
    bool allow = !currently_allowed(c, k, server_id, d);
    omrs_class_edit e = {.kind = OMRS_CLASS_EDIT_SET, .name = server_id ? k->name : id_name,
                         .send = d == OMRS_SEND, .receive = d == OMRS_RECEIVE, .allow = allow, .server_id = server_id};
    omrs_class_db db = omrs_class_db_for(&ui->conn);
    omrs_class_plan plan;
    omrs_error err = {0};
    if (omrs_class_plan_make(&c->lists, &e, &db, &plan, &err) < 0) {
        omrs_ui_notice(ui, "%.200s", err.message);
        return;
    }
    char what[512];
    snprintf(what, sizeof what, "classes set %s %s %s%s%d (console)", k->name, d == OMRS_SEND ? "send" : "receive",
             allow ? "on" : "off", server_id ? " --server " : " default list ", server_id);
    if (plan.sql.count)
        run_plan(c, ui, &plan, what);
    else
        omrs_ui_notice(ui, "nothing to change");
    omrs_class_plan_free(&plan);
}

static bool act(omrs_pane *p, omrs_ui *ui, omrs_action_id id, int key_code)
{
    classes_pane *c = p->state;
    if (id == OMRS_ACT_CLASS_SEND || id == OMRS_ACT_CLASS_RECEIVE) {
        switch_flag(c, ui, id == OMRS_ACT_CLASS_SEND ? OMRS_SEND : OMRS_RECEIVE);
        return true;
    }
    return omrs_list_act(&c->list, ui, id, key_code);
}

static int health(omrs_pane *p, omrs_ui *ui, omrs_health_list *out)
{
    (void)ui;
    classes_pane *c = p->state;
    if (!c->have)
        return 0;
    omrs_strlist never = {0};
    if (omrs_class_unrecorded(&c->lists, &never) < 0)
        return -1;
    int rc = omrs_health_add(out, OMRS_TONE_NORMAL, p->index, "class lists: %zu classes, %zu never journalled",
                             c->lists.class_count, never.count);
    omrs_strlist_free(&never);
    return rc;
}

static void destroy(omrs_pane *p)
{
    classes_pane *c = p->state;
    if (!c)
        return;
    free_data(c);
    omrs_list_free(&c->list);
    free(c->columns);
    free(c->titles);
    free(c);
}

const omrs_pane_ops omrs_pane_classes = {
    .name = "Class lists", .scope = OMRS_SCOPE_CLASSES, .create = create, .load = load, .draw = draw, .act = act,
    .health = health, .destroy = destroy,
};
