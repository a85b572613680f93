/* Sync: each remote server with what waits for it and what blocks it (the sync status
 * model); Enter browses that server's records page by page (keyset pages, never OFFSET),
 * Enter on a record shows its items and payload. Reset and remove run the Sync module's
 * own admin actions behind the confirmation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/actions.h"
#include "audit.h"
#include "check.h"
#include "payload.h"
#include "records.h"
#include "sync/status.h"
#include "textview.h"
#include "ui.h"

#define PAGE_ROWS 200u

typedef struct sync_pane {
    omrs_sync_status st;
    bool have_st, installed;
    omrs_list servers;
    bool browsing;                 /* the record list of one server is shown */
    int server_id;                 /* 0: the parent direction (sync_record's own state) */
    char server_name[128], server_uuid[40];
    bool blocked_only;
    omrs_sync_cursor start;        /* the page starts after this record */
    bool has_start;
    omrs_sync_record_page page;
    omrs_list records;
    omrs_textview detail;
} sync_pane;

/* ---- the servers --------------------------------------------------------- */

static const omrs_list_column server_columns[] = {
    {.title = "Server", .width = 20},
    {.title = "Type", .width = 6},
    {.title = "Last sync", .width = 16},
    {.title = "State", .width = 10},
    {.title = "To send", .width = 8, .numeric = true},
    {.title = "Blocked", .width = 7, .numeric = true},
    {.title = "Oldest", .width = 7, .numeric = true},
    {.title = "Received", .width = 0, .numeric = true},
};

static size_t server_count(void *ctx)
{
    sync_pane *s = ctx;
    return s->have_st ? s->st.peer_count : 0;
}

static void age_text(long long seconds, char *out, size_t size)
{
    if (seconds < 0)
        snprintf(out, size, "-");
    else if (seconds < 3600)
        snprintf(out, size, "%lldm", seconds / 60);
    else if (seconds < 2 * 86400)
        snprintf(out, size, "%lldh", seconds / 3600);
    else
        snprintf(out, size, "%lldd", seconds / 86400);
}

static void server_cell(void *ctx, size_t row, size_t column, char *out, size_t size)
{
    const omrs_sync_peer *p = &((sync_pane *)ctx)->st.peers[row];
    const omrs_sync_server *v = p->server;
    switch (column) {
    case 0: snprintf(out, size, "%s%s", v->nickname ? v->nickname : "(no name)", v->disabled ? " (off)" : ""); return;
    case 1: snprintf(out, size, "%s", v->server_type ? v->server_type : "?"); return;
    case 2: snprintf(out, size, "%.16s", v->last_sync ? v->last_sync : "never"); return;
    case 3: snprintf(out, size, "%s", v->last_sync_state ? v->last_sync_state : "-"); return;
    case 4: snprintf(out, size, "%lld", p->outgoing.counts.in_queue); return;
    case 5: snprintf(out, size, "%lld", p->outgoing.counts.by_state[OMRS_SYNC_FAILED_AND_STOPPED]); return;
    case 6: age_text(p->outgoing.oldest_age_s, out, size); return;
    default: snprintf(out, size, "%lld", p->incoming.total);
    }
}

static void server_key(void *ctx, size_t row, char *out, size_t size)
{
    snprintf(out, size, "%d", ((sync_pane *)ctx)->st.peers[row].server->id);
}

static omrs_list_tone server_tone(void *ctx, size_t row)
{
    const omrs_sync_peer *p = &((sync_pane *)ctx)->st.peers[row];
    if (p->outgoing.counts.by_state[OMRS_SYNC_FAILED_AND_STOPPED])
        return OMRS_TONE_BAD;
    if (p->last_state_is_error)
        return OMRS_TONE_WARN;
    return p->server->disabled ? OMRS_TONE_DIM : OMRS_TONE_NORMAL;
}

/* ---- one server's records ------------------------------------------------ */

static const omrs_list_column record_columns[] = {
    {.title = "Record", .width = 8, .numeric = true},
    {.title = "Timestamp", .width = 19},
    {.title = "State", .width = 20},
    {.title = "Try", .width = 3, .numeric = true},
    {.title = "Classes", .width = 0},
};

static size_t record_count(void *ctx)
{
    return ((sync_pane *)ctx)->page.count;
}

static void record_cell(void *ctx, size_t row, size_t column, char *out, size_t size)
{
    const omrs_sync_record_row *r = &((sync_pane *)ctx)->page.rows[row];
    switch (column) {
    case 0: snprintf(out, size, "%lld", r->record_id); return;
    case 1: snprintf(out, size, "%s", r->timestamp ? r->timestamp : "-"); return;
    case 2: snprintf(out, size, "%s", r->state ? r->state : "-"); return;
    case 3: r->has_retry ? snprintf(out, size, "%d", r->retry_count) : snprintf(out, size, "-"); return;
    default: {
        const char *c = r->contained_classes ? r->contained_classes : "";
        snprintf(out, size, "%s", strncmp(c, "org.openmrs.", 12) == 0 ? c + 12 : c);
    }
    }
}

static void record_key(void *ctx, size_t row, char *out, size_t size)
{
    snprintf(out, size, "%lld", ((sync_pane *)ctx)->page.rows[row].record_id);
}

static omrs_list_tone record_tone(void *ctx, size_t row)
{
    omrs_sync_state s = omrs_sync_state_parse(((sync_pane *)ctx)->page.rows[row].state);
    return s == OMRS_SYNC_FAILED_AND_STOPPED ? OMRS_TONE_BAD
         : omrs_sync_state_is_error(s) ? OMRS_TONE_WARN
         : omrs_sync_state_is_final(s) ? OMRS_TONE_DIM : OMRS_TONE_NORMAL;
}

static int load_page(sync_pane *s, omrs_ui *ui, omrs_error *err)
{
    omrs_sync_record_filter f = {.server_id = s->server_id, .limit = PAGE_ROWS, .has_after = s->has_start,
                                 .after = s->start};
    if (s->blocked_only) {
        f.has_states = true;
        f.states[OMRS_SYNC_FAILED_AND_STOPPED] = true;
    }
    omrs_sync_record_page fresh;
    if (omrs_sync_records_page(&ui->conn, &f, &fresh, err) < 0)
        return -1;
    omrs_sync_record_page_free(&s->page);
    s->page = fresh;
    return 0;
}

/* ---- loading and drawing ---------------------------------------------------- */

static int create(omrs_pane *p, omrs_ui *ui)
{
    (void)ui;
    sync_pane *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    omrs_list_init(&s->servers, server_columns, sizeof server_columns / sizeof *server_columns,
                   (omrs_list_source){.count = server_count, .cell = server_cell, .key = server_key,
                                      .tone = server_tone}, s);
    omrs_list_init(&s->records, record_columns, sizeof record_columns / sizeof *record_columns,
                   (omrs_list_source){.count = record_count, .cell = record_cell, .key = record_key,
                                      .tone = record_tone}, s);
    p->state = s;
    return 0;
}

static int load(omrs_pane *p, omrs_ui *ui, omrs_error *err)
{
    sync_pane *s = p->state;
    s->installed = ui->site.sync_role != OMRS_SYNC_NOT_INSTALLED;
    if (!s->installed)
        return 0;
    omrs_sync_status fresh;
    if (omrs_sync_status_load(&ui->conn, &fresh, err) < 0)
        return -1;
    if (s->have_st)
        omrs_sync_status_free(&s->st);
    s->st = fresh;
    s->have_st = true;
    if (omrs_list_reload(&s->servers, p->loaded) < 0)
        return omrs_fail_nomem(err);
    if (s->browsing && load_page(s, ui, err) < 0)
        return -1;
    return s->browsing && omrs_list_reload(&s->records, true) < 0 ? omrs_fail_nomem(err) : 0;
}

static void draw_records(sync_pane *s, int top, int height)
{
    char title[256];
    snprintf(title, sizeof title, "Records for %s%s%s   (Esc: servers, b: blocked only, ]: next page, [: first)",
             s->server_name, s->blocked_only ? ", blocking only" : "", s->has_start ? ", later page" : "");
    mvaddnstr(top, 1, title, COLS - 2);
    omrs_list_draw(&s->records, top + 1, 1, height - 2, COLS - 2);
    mvaddnstr(top + height - 1, 1, s->page.has_next ? "more: ] for the next page" : "(end of the list)", COLS - 2);
}

static void draw(omrs_pane *p, omrs_ui *ui, int top, int height)
{
    (void)ui;
    sync_pane *s = p->state;
    if (!s->installed) {
        mvaddnstr(top, 1, "The Sync module's tables are not in this database.", COLS - 2);
        return;
    }
    if (omrs_textview_is_open(&s->detail)) {
        omrs_textview_draw(&s->detail, top, 1, height, COLS - 2);
        return;
    }
    if (s->browsing) {
        draw_records(s, top, height);
        return;
    }
    char line[256];
    snprintf(line, sizeof line, "This server: %s (%s), role %s; max retries %d. Enter: its records",
             s->st.server_name && *s->st.server_name ? s->st.server_name : "-",
             s->st.server_uuid ? s->st.server_uuid : "no uuid", omrs_sync_role_name(s->st.role), s->st.max_retry_count);
    mvaddnstr(top, 1, line, COLS - 2);
    omrs_list_draw(&s->servers, top + 1, 1, height - 1, COLS - 2);
}

/* ---- keys -------------------------------------------------------------------- */

static void browse(sync_pane *s, omrs_ui *ui)
{
    size_t row;
    if (!omrs_list_selected(&s->servers, &row))
        return;
    const omrs_sync_peer *peer = &s->st.peers[row];
    s->server_id = peer->is_parent ? 0 : peer->server->id;
    snprintf(s->server_name, sizeof s->server_name, "%s", peer->server->nickname ? peer->server->nickname : "?");
    snprintf(s->server_uuid, sizeof s->server_uuid, "%s", peer->server->uuid ? peer->server->uuid : "");
    s->has_start = false;
    s->browsing = true;
    omrs_error err = {0};
    if (load_page(s, ui, &err) < 0 || omrs_list_reload(&s->records, false) < 0) {
        omrs_ui_notice(ui, "%s", err.message);
        s->browsing = false;
    }
}

static void turn_page(sync_pane *s, omrs_ui *ui, bool next)
{
    if (next && !s->page.has_next) {
        omrs_ui_notice(ui, "this is the last page");
        return;
    }
    s->has_start = next;
    if (next)
        s->start = s->page.next;
    omrs_error err = {0};
    if (load_page(s, ui, &err) < 0 || omrs_list_reload(&s->records, false) < 0)
        omrs_ui_notice(ui, "%s", err.message);
}

static void print_record(const omrs_sync_record_detail *d, FILE *out)
{
    const omrs_sync_record_row *r = &d->record;
    fprintf(out, "record %lld  uuid %s  original %s   (Esc: back)\n", r->record_id, r->uuid ? r->uuid : "-",
            r->original_uuid ? r->original_uuid : "-");
    fprintf(out, "timestamp %s  state %s  retries %d  creator %s  OpenMRS %s\nclasses %s\n\n",
            r->timestamp ? r->timestamp : "-", r->state ? r->state : "-", r->has_retry ? r->retry_count : 0,
            d->creator ? d->creator : "-", d->database_version ? d->database_version : "-",
            r->contained_classes ? r->contained_classes : "-");
    for (size_t i = 0; i < d->server_count; i++)
        fprintf(out, "to %-20s %-22s retries %d%s%s\n", d->servers[i].nickname ? d->servers[i].nickname : "?",
                d->servers[i].state ? d->servers[i].state : "-", d->servers[i].has_retry ? d->servers[i].retry_count : 0,
                d->servers[i].error_message ? "  error: " : "", d->servers[i].error_message ? d->servers[i].error_message : "");
    if (d->import)
        fprintf(out, "received: sync_import %s%s%s\n", d->import->state ? d->import->state : "-",
                d->import->error_message ? ", error: " : "", d->import->error_message ? d->import->error_message : "");
    omrs_sync_payload pl;
    omrs_error err = {0};
    if (omrs_sync_payload_parse(d->payload ? d->payload : "", d->payload_len, &pl, &err) < 0) {
        fprintf(out, "\nthe payload is not valid XML: %s\n\n%s\n", err.message, d->payload ? d->payload : "");
        return;
    }
    fprintf(out, "\n%zu item(s):\n", pl.count);
    for (size_t i = 0; i < pl.count; i++)
        fprintf(out, "  %-8s %s %s%s%s\n", pl.items[i].action ? pl.items[i].action : "?",
                pl.items[i].entity_class ? pl.items[i].entity_class : "?", pl.items[i].uuid ? pl.items[i].uuid : "?",
                pl.items[i].property ? " ." : "", pl.items[i].property ? pl.items[i].property : "");
    fprintf(out, "\n%s\n", pl.pretty ? pl.pretty : "(empty payload)");
    omrs_sync_payload_free(&pl);
}

static void open_record(sync_pane *s, omrs_ui *ui)
{
    size_t row;
    if (!omrs_list_selected(&s->records, &row))
        return;
    char key[32], *text = NULL;
    snprintf(key, sizeof key, "%lld", s->page.rows[row].record_id);
    omrs_sync_record_detail d;
    omrs_error err = {0};
    if (omrs_sync_record_load(&ui->conn, key, &d, &err) < 0) {
        omrs_ui_notice(ui, "%s", err.message);
        return;
    }
    size_t size;
    FILE *mem = open_memstream(&text, &size);
    if (mem) {
        print_record(&d, mem);
        fclose(mem);
        omrs_textview_open(&s->detail, text);
    }
    omrs_sync_record_detail_free(&d);
}

static char *plan_text(const omrs_sync_plan *plan)
{
    char *text = NULL;
    size_t size;
    FILE *mem = open_memstream(&text, &size);
    if (!mem)
        return NULL;
    omrs_sync_plan_print(plan, mem);
    fclose(mem);
    return text;
}

/* Reset or remove the selected record towards the server being browsed. */
static void mark_selected(sync_pane *s, omrs_ui *ui, bool remove)
{
    size_t row;
    if (!s->browsing || !omrs_list_selected(&s->records, &row)) {
        omrs_ui_notice(ui, "open a server's records (Enter) and select one first");
        return;
    }
    char key[32];
    snprintf(key, sizeof key, "%lld", s->page.rows[row].record_id);
    const char *records[] = {key};
    omrs_sync_mark_request req = {.remove = remove, .records = records, .record_count = 1,
                                  .server = s->server_id ? s->server_uuid : NULL};
    omrs_sync_plan plan = {0};
    omrs_error err = {0};
    if (omrs_sync_plan_mark(&ui->conn, &req, &plan, &err) < 0) {
        omrs_ui_notice(ui, "%s", err.message);
        omrs_sync_plan_free(&plan);
        return;
    }
    char *text = plan_text(&plan), details[256];
    snprintf(details, sizeof details, "sync %s record %s (console): %s", remove ? "remove" : "reset", key,
             plan.summary ? plan.summary : "");
    if (text && omrs_ui_confirm(ui, remove ? " Remove from the queue " : " Reset for resend ", text)) {
        int rc = omrs_audit(&ui->conn, "start", details, &err) < 0 ? -1 : omrs_sync_plan_apply(&ui->conn, &plan, &err);
        rc = omrs_audit_outcome(&ui->conn, rc, rc == 0 ? details : err.message, &err);
        if (rc == 0)
            omrs_ui_notice(ui, "done: %zu row(s) changed", plan.row_count);
        else
            omrs_ui_notice(ui, "%.200s", err.message);
        omrs_ui_reload(ui);
    }
    free(text);
    omrs_sync_plan_free(&plan);
}

static bool act(omrs_pane *p, omrs_ui *ui, omrs_action_id id, int key)
{
    sync_pane *s = p->state;
    if (omrs_textview_act(&s->detail, id, key))
        return true;
    omrs_list *l = s->browsing ? &s->records : &s->servers;
    switch (id) {
    case OMRS_ACT_OPEN: s->browsing ? open_record(s, ui) : browse(s, ui); return true;
    case OMRS_ACT_BACK: s->browsing = false; return true;
    case OMRS_ACT_SYNC_BLOCKED:
        s->blocked_only = !s->blocked_only;
        if (s->browsing)
            turn_page(s, ui, false);
        return true;
    case OMRS_ACT_PAGE_NEXT: if (s->browsing) turn_page(s, ui, true); return true;
    case OMRS_ACT_PAGE_FIRST: if (s->browsing) turn_page(s, ui, false); return true;
    case OMRS_ACT_SYNC_RESET: mark_selected(s, ui, false); return true;
    case OMRS_ACT_SYNC_REMOVE: mark_selected(s, ui, true); return true;
    default: return omrs_list_act(l, ui, id, key);
    }
}

static int health(omrs_pane *p, omrs_ui *ui, omrs_health_list *out)
{
    (void)ui;
    sync_pane *s = p->state;
    if (!s->installed || !s->have_st)
        return 0;
    omrs_sync_thresholds t;
    omrs_sync_thresholds_default(&t);
    omrs_sync_check c;
    omrs_error err = {0};
    if (omrs_sync_check_run(&s->st, &t, &c, &err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < c.count; i++) {
        omrs_list_tone tone = c.reasons[i].level == OMRS_SYNC_CRITICAL ? OMRS_TONE_BAD
                            : c.reasons[i].level == OMRS_SYNC_WARNING ? OMRS_TONE_WARN : OMRS_TONE_NORMAL;
        rc = omrs_health_add(out, tone, p->index, "sync: %s", c.reasons[i].text);
    }
    if (rc == 0 && c.level == OMRS_SYNC_OK)
        rc = omrs_health_add(out, OMRS_TONE_GOOD, p->index, "sync: OK");
    omrs_sync_check_free(&c);
    return rc;
}

static void destroy(omrs_pane *p)
{
    sync_pane *s = p->state;
    if (!s)
        return;
    if (s->have_st)
        omrs_sync_status_free(&s->st);
    omrs_sync_record_page_free(&s->page);
    omrs_list_free(&s->servers);
    omrs_list_free(&s->records);
    omrs_textview_close(&s->detail);
    free(s);
}

const omrs_pane_ops omrs_pane_sync = {
    .name = "Sync", .scope = OMRS_SCOPE_SYNC, .create = create, .load = load, .draw = draw, .act = act,
    .health = health, .destroy = destroy,
};
