/* The console frame: header, pane tabs, the current pane's body, the status line made
 * from the action table, help and the refresh loop. Curses diffs the screen, so a refresh
 * with no change sends almost nothing; the screen is erased, never cleared, between
 * frames. */
#include "tui.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "ui.h"

#define DEFAULT_REFRESH_SECONDS 10u
#define LOAD_SECONDS 5u
#define BADGE_TEXT " READ-ONLY "

static const omrs_pane_ops *const pane_ops[OMRS_PANE_COUNT] = {
    &omrs_pane_overview, &omrs_pane_sync, &omrs_pane_upgrade, &omrs_pane_modules, &omrs_pane_classes,
};

/* ---- terminal restore on every exit path ------------------------------- */

static void restore_terminal(void)
{
    if (!isendwin())
        endwin();
}

static void on_fatal_signal(int sig)
{
    restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_signal_handlers(void)
{
    static const int fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGABRT};
    for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++)
        signal(fatal[i], on_fatal_signal);
    atexit(restore_terminal);
}

static bool want_colors(const omrs_ui *ui)
{
    const char *no_color = getenv("NO_COLOR");
    return !ui->options->no_color && !(no_color && no_color[0]);
}

static void start_curses(omrs_ui *ui)
{
    initscr();
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);   /* ESC answers at once, not after a second */
    curs_set(0);
    omrs_look_init(want_colors(ui));
}

/* ---- services for the panes ------------------------------------------- */

bool omrs_ui_read_only(const omrs_ui *ui)
{
    return ui->options->conn.read_only || ui->conn.read_only;
}

void omrs_ui_notice(omrs_ui *ui, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ui->notice, sizeof ui->notice, fmt, ap);
    va_end(ap);
}

int omrs_health_add(omrs_health_list *h, omrs_list_tone tone, int pane, const char *fmt, ...)
{
    omrs_health *e = omrs_array_push(&h->items, &h->count, sizeof *e);
    if (!e)
        return -1;
    e->tone = tone;
    e->pane = pane;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text, sizeof e->text, fmt, ap);
    va_end(ap);
    return 0;
}

void omrs_ui_text(const char *text, int top, int left, int height, int width)
{
    int row = top;
    for (const char *line = text; line && *line && row < top + height; row++) {
        size_t len = strcspn(line, "\n");
        if (width > 0)
            mvaddnstr(row, left, line, (int)(len < (size_t)width ? len : (size_t)width));
        line += len + (line[len] == '\n');
    }
}

/* ---- loading ------------------------------------------------------------ */

static void load_pane(omrs_ui *ui, omrs_pane *p)
{
    omrs_error err = {0};
    if (p->ops->load(p, ui, &err) == 0) {
        p->loaded = true;
        p->stale = false;
        p->error[0] = '\0';
        return;
    }
    if (!p->stale)
        p->stale_since = time(NULL);
    p->stale = true;
    snprintf(p->error, sizeof p->error, "%s", err.message);
}

/* The .omod files and what the database says of them, for the panes that show modules. */
static void load_modules(omrs_ui *ui)
{
    const omrs_cli_options *o = ui->options;
    omrs_module_sources from = {.omod = o->omod, .modules_dir = o->modules_dir, .war = o->war,
                                .missing_dir_ok = true};
    omrs_module_inventory fresh;
    ui->modules_error = (omrs_error){0};
    ui->modules_fresh = omrs_module_inventory_load(&ui->conn, &from, &fresh, &ui->modules_error) == 0;
    if (!ui->modules_fresh) {
        omrs_module_inventory_free(&fresh);
        return;
    }
    if (ui->have_modules)
        omrs_module_inventory_free(&ui->modules);
    ui->modules = fresh;
    ui->have_modules = true;
}

/* The server is away: every pane keeps its data, marked stale with the reason. */
static void mark_all_stale(omrs_ui *ui, const omrs_error *err)
{
    for (int i = 0; i < OMRS_PANE_COUNT; i++) {
        omrs_pane *p = &ui->panes[i];
        if (!p->stale)
            p->stale_since = time(NULL);
        p->stale = true;
        snprintf(p->error, sizeof p->error, "%s", err->message);
    }
}

/* Every pane, each query capped by the time limit; what fails keeps its old data. A lost
 * connection is made again first; while the server is away nothing is read. */
void omrs_ui_reload(omrs_ui *ui)
{
    omrs_error err = {0};
    ui->site_error = (omrs_error){0};
    ui->connected = omrs_conn_reconnect_if_lost(&ui->conn, &ui->settings, &err) == 0;
    if (!ui->connected)
        mark_all_stale(ui, &err);
    else if (omrs_conn_set_time_limit(&ui->conn, ui->load_seconds, &ui->site_error) == 0) {
        omrs_site fresh;
        if (omrs_site_load(&ui->conn, &fresh, &ui->site_error) == 0) {
            if (ui->have_site)
                omrs_site_free(&ui->site);
            ui->site = fresh;
            ui->have_site = true;
        }
        load_modules(ui);
        for (int i = 1; i < OMRS_PANE_COUNT; i++)   /* the Overview summarises the others: last */
            load_pane(ui, &ui->panes[i]);
        load_pane(ui, &ui->panes[0]);
        omrs_conn_set_time_limit(&ui->conn, 0, &err);
    }
    ui->loaded_at = time(NULL);
    ui->refresh_count++;
}

/* ---- drawing ------------------------------------------------------------ */

static bool any_stale(const omrs_ui *ui, time_t *since)
{
    bool stale = false;
    for (int i = 0; i < OMRS_PANE_COUNT; i++)
        if (ui->panes[i].stale && (!stale || ui->panes[i].stale_since < *since))
            stale = true, *since = ui->panes[i].stale_since;
    return stale;
}

/* The header's parts in display order, each with a rank: when the line is too narrow
 * the least important parts go first, and what remains is cut to the width. */
static void compose_header(const omrs_ui *ui, int width, char *out, size_t size)
{
    char parts[5][160];
    int rank[5] = {0, 3, 2, 1, 4};   /* site, database, OpenMRS, sync, connection */
    time_t since = 0;
    bool stale = any_stale(ui, &since);
    char when[16] = "";
    if (stale) {
        strftime(when, sizeof when, "%H:%M:%S", localtime(&since));
        rank[4] = 0;   /* then the connection state is kept with the site name */
    }
    snprintf(parts[0], sizeof parts[0], "%s", omrs_site_display_name(&ui->site));
    snprintf(parts[1], sizeof parts[1], "%s", ui->site.database ? ui->site.database : "?");
    snprintf(parts[2], sizeof parts[2], "OpenMRS %s", ui->site.core_version ? ui->site.core_version : "?");
    snprintf(parts[3], sizeof parts[3], "sync %s", omrs_sync_role_name(ui->site.sync_role));
    snprintf(parts[4], sizeof parts[4], !ui->connected ? "OFFLINE since %s" : stale ? "stale since %s"
             : "connected", when);
    for (int keep = 5;; keep--) {
        size_t len = 0;
        out[0] = '\0';
        for (int i = 0; i < 5; i++)
            if (rank[i] < keep)
                len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " | " : " ", parts[i]);
        if ((int)len <= width || keep == 1)
            return;
    }
}

static void draw_header(const omrs_ui *ui)
{
    int badge = omrs_ui_read_only(ui) ? (int)strlen(BADGE_TEXT) : 0;
    int width = COLS - badge - 1 > 0 ? COLS - badge - 1 : 0;
    char text[1024];
    compose_header(ui, width, text, sizeof text);
    attron(omrs_look(OMRS_LOOK_HEADER));
    mvhline(0, 0, ' ', COLS);
    mvaddnstr(0, 0, text, width);
    attroff(omrs_look(OMRS_LOOK_HEADER));
    if (badge && COLS > badge) {
        attron(omrs_look(OMRS_LOOK_BADGE));
        mvaddstr(0, COLS - badge, BADGE_TEXT);
        attroff(omrs_look(OMRS_LOOK_BADGE));
    }
}

static void draw_tabs(const omrs_ui *ui)
{
    int col = 0;
    for (int i = 0; i < OMRS_PANE_COUNT && col < COLS; i++) {
        char tab[64];
        int n = snprintf(tab, sizeof tab, " %d %s%s ", i + 1, ui->panes[i].ops->name, ui->panes[i].stale ? "!" : "");
        attr_t look = i == ui->current ? omrs_look(OMRS_LOOK_SELECTED) | A_BOLD : A_NORMAL;
        attron(look);
        mvaddnstr(1, col, tab, COLS - col);
        attroff(look);
        col += n;
    }
}

static void draw_help(const omrs_ui *ui)
{
    size_t n;
    const omrs_action *acts = omrs_actions(&n);
    omrs_action_scope scope = ui->panes[ui->current].ops->scope;
    mvaddstr(2, 1, "Keys (in this pane)");
    int row = 3;
    for (size_t i = 0; i < n && row < LINES - 1; i++)
        if (omrs_action_offered(&acts[i], scope, omrs_ui_read_only(ui)))
            mvprintw(row++, 2, "%-8s %.*s", acts[i].key_name, COLS > 13 ? COLS - 13 : 0, acts[i].help);
}

static void draw_status(const omrs_ui *ui)
{
    size_t n;
    const omrs_action *acts = omrs_actions(&n);
    omrs_action_scope scope = ui->panes[ui->current].ops->scope;
    attron(omrs_look(OMRS_LOOK_STATUS));
    mvhline(LINES - 1, 0, ' ', COLS);
    int col = 0;
    if (ui->notice[0]) {   /* a message outranks the key list until the next key */
        attron(A_BOLD);
        mvaddnstr(LINES - 1, 1, ui->notice, COLS > 11 ? COLS - 11 : 0);
        attroff(A_BOLD);
        col = COLS;
    }
    for (int pass = 0; pass < 2; pass++)   /* the pane's own actions first: they matter here */
        for (size_t i = 0; i < n && col < COLS; i++) {
            const omrs_action *a = &acts[i];
            if (!a->label[0] || (a->scope == scope) != (pass == 0) || !omrs_action_offered(a, scope, omrs_ui_read_only(ui))
                || (a->scope == OMRS_SCOPE_LIST && !ui->panes[ui->current].ops->act))
                continue;
            char item[64];
            int len = snprintf(item, sizeof item, " %s %s", a->key_name, a->label);
            if (col + len > COLS - 10)
                break;
            mvaddstr(LINES - 1, col, item);
            col += len;
        }
    char when[16];
    strftime(when, sizeof when, "%H:%M:%S", localtime(&ui->loaded_at));
    if (COLS > 9)
        mvaddstr(LINES - 1, COLS - 9, when);
    attroff(omrs_look(OMRS_LOOK_STATUS));
}

static void draw(omrs_ui *ui, bool help)
{
    erase();
    draw_header(ui);
    draw_tabs(ui);
    if (help)
        draw_help(ui);
    else
        ui->panes[ui->current].ops->draw(&ui->panes[ui->current], ui, 2, LINES - 3);
    draw_status(ui);
    refresh();
}

/* ---- keys ----------------------------------------------------------------- */

static void show_help(omrs_ui *ui)
{
    for (;;) {
        draw(ui, true);
        timeout(-1);
        int key = getch();
        if (key != KEY_RESIZE)
            return;
    }
}

/* false: quit */
static bool handle_key(omrs_ui *ui, int key)
{
    omrs_pane *p = &ui->panes[ui->current];
    const omrs_action *a = omrs_action_for_key(key, p->ops->scope, omrs_ui_read_only(ui));
    ui->notice[0] = '\0';
    if (!a)
        return p->ops->act ? (p->ops->act(p, ui, OMRS_ACT_COUNT, key), true) : true;
    switch (a->id) {
    case OMRS_ACT_QUIT: return false;
    case OMRS_ACT_HELP: show_help(ui); return true;
    case OMRS_ACT_REFRESH: omrs_ui_reload(ui); return true;
    case OMRS_ACT_NEXT_PANE: ui->current = (ui->current + 1) % OMRS_PANE_COUNT; return true;
    case OMRS_ACT_PREV_PANE: ui->current = (ui->current + OMRS_PANE_COUNT - 1) % OMRS_PANE_COUNT; return true;
    case OMRS_ACT_PANE_1: case OMRS_ACT_PANE_2: case OMRS_ACT_PANE_3: case OMRS_ACT_PANE_4: case OMRS_ACT_PANE_5:
        ui->current = (int)(a->id - OMRS_ACT_PANE_1);
        return true;
    default:
        if (p->ops->act)
            p->ops->act(p, ui, a->id, key);
        return true;
    }
}

/* OMRS_TUI_FRAMES=N: leave after drawing N frames, so tests, sanitizer runs and the
 * start-up benchmark drive the real screen and end (as htop -n). */
static long frame_cap(void)
{
    const char *v = getenv("OMRS_TUI_FRAMES");
    return v && *v ? strtol(v, NULL, 10) : 0;
}

static void run_loop(omrs_ui *ui)
{
    long cap = frame_cap();
    for (long frames = 1;; frames++) {
        draw(ui, false);
        if (cap > 0 && frames >= cap)
            return;
        long due = (long)ui->refresh_seconds - (long)(time(NULL) - ui->loaded_at);
        timeout(due > 0 ? (int)(due * 1000) : 0);
        int key = getch();
        if (key == ERR) {
            omrs_ui_reload(ui);
            continue;
        }
        if (key != KEY_RESIZE && !handle_key(ui, key))
            return;
    }
}

/* ---- session -------------------------------------------------------------- */

static int open_session(omrs_ui *ui, omrs_error *err)
{
    if (omrs_session_settings(&ui->options->conn, &ui->settings, err) < 0
        || omrs_session_connect(&ui->options->conn, &ui->settings, &ui->conn, err) < 0)
        return -1;
    for (int i = 0; i < OMRS_PANE_COUNT; i++) {
        ui->panes[i] = (omrs_pane){.ops = pane_ops[i], .index = i};
        if (pane_ops[i]->create && pane_ops[i]->create(&ui->panes[i], ui) < 0)
            return omrs_fail_nomem(err);
    }
    omrs_ui_reload(ui);   /* the first read; a site that cannot be read stops here, before curses */
    if (!ui->have_site) {
        *err = ui->site_error;
        return -1;
    }
    return 0;
}

static void close_session(omrs_ui *ui)
{
    for (int i = 0; i < OMRS_PANE_COUNT; i++)
        if (ui->panes[i].ops && ui->panes[i].ops->destroy)
            ui->panes[i].ops->destroy(&ui->panes[i]);
    if (ui->have_site)
        omrs_site_free(&ui->site);
    if (ui->have_modules)
        omrs_module_inventory_free(&ui->modules);
    omrs_conn_close(&ui->conn);
    omrs_settings_free(&ui->settings);
}

int omrs_tui_run(const omrs_cli_options *o)
{
    omrs_ui ui = {.options = o, .load_seconds = LOAD_SECONDS,
                  .refresh_seconds = o->refresh_seconds ? o->refresh_seconds : DEFAULT_REFRESH_SECONDS};
    omrs_error err = {0};
    /* Connect and read before curses starts, so a password prompt and any error show plainly. */
    if (open_session(&ui, &err) < 0) {
        fprintf(stderr, "omrs-console: %s\n", err.message);
        close_session(&ui);
        return omrs_exit_status(err.code);
    }
    install_signal_handlers();
    start_curses(&ui);
    run_loop(&ui);
    restore_terminal();
    close_session(&ui);
    return 0;
}
