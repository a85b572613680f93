/* The console frame: a header with the site, a body, a status line made from the
 * action table. Curses diffs the screen, so a refresh with no change sends almost
 * nothing; the screen is erased, never cleared, between frames. */
#include "tui.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actions.h"
#include "session.h"
#include "site.h"
#include "site_text.h"

#define DEFAULT_REFRESH_SECONDS 10u

enum { PAIR_HEADER = 1, PAIR_BADGE };

typedef struct tui {
    const omrs_cli_options *options;
    omrs_settings settings;
    omrs_conn conn;
    omrs_site site;
    bool have_site;
    char *summary;          /* the site summary text shown in the body */
    char status[sizeof(((omrs_error *)0)->message)];  /* last error or notice */
    time_t loaded_at;
    bool show_help;
    bool colors;
} tui;

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

static bool want_colors(const tui *t)
{
    const char *no_color = getenv("NO_COLOR");
    return !t->options->no_color && !(no_color && no_color[0]) && has_colors();
}

static void start_curses(tui *t)
{
    initscr();
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    t->colors = want_colors(t);
    if (t->colors) {
        start_color();
        use_default_colors();
        init_pair(PAIR_HEADER, COLOR_WHITE, COLOR_BLUE);
        init_pair(PAIR_BADGE, COLOR_WHITE, COLOR_RED);
    }
}

/* ---- data -------------------------------------------------------------- */

static void render_summary(tui *t)
{
    free(t->summary);
    t->summary = NULL;
    size_t size;
    FILE *mem = open_memstream(&t->summary, &size);
    if (!mem)
        return;
    omrs_site_print(mem, &t->site);
    fclose(mem);
}

static void reload(tui *t)
{
    omrs_error err = {0};
    omrs_site fresh;
    if (omrs_site_load(&t->conn, &fresh, &err) < 0) {
        snprintf(t->status, sizeof t->status, "%s", err.message);
        return;
    }
    if (t->have_site)
        omrs_site_free(&t->site);
    t->site = fresh;
    t->have_site = true;
    t->loaded_at = time(NULL);
    t->status[0] = '\0';
    render_summary(t);
}

/* ---- drawing ----------------------------------------------------------- */

#define BADGE_TEXT " READ-ONLY "

/* The header's parts in display order, each with a rank: when the line is too narrow
 * the least important parts go first, and what remains is cut to the width. */
static void compose_header(const tui *t, int width, char *out, size_t size)
{
    char parts[5][160];
    const int rank[5] = {0, 3, 2, 1, 4};   /* site, database, OpenMRS, sync, connection */
    snprintf(parts[0], sizeof parts[0], "%s", omrs_site_display_name(&t->site));
    snprintf(parts[1], sizeof parts[1], "%s", t->site.database ? t->site.database : "?");
    snprintf(parts[2], sizeof parts[2], "OpenMRS %s", t->site.core_version ? t->site.core_version : "?");
    snprintf(parts[3], sizeof parts[3], "sync %s", omrs_sync_role_name(t->site.sync_role));
    snprintf(parts[4], sizeof parts[4], "connected");
    int keep = 5;
    for (;;) {
        size_t len = 0;
        out[0] = '\0';
        for (int i = 0; i < 5; i++)
            if (rank[i] < keep)
                len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " | " : " ", parts[i]);
        if ((int)len <= width || keep == 1)
            return;
        keep--;
    }
}

static void draw_header(const tui *t)
{
    int badge = t->conn.read_only ? (int)strlen(BADGE_TEXT) : 0;
    int width = COLS - badge - 1 > 0 ? COLS - badge - 1 : 0;
    char text[1024];
    compose_header(t, width, text, sizeof text);
    attr_t look = t->colors ? COLOR_PAIR(PAIR_HEADER) : A_REVERSE;
    attron(look);
    mvhline(0, 0, ' ', COLS);
    mvaddnstr(0, 0, text, width);
    attroff(look);
    if (badge && COLS > badge) {
        attr_t look_badge = (t->colors ? COLOR_PAIR(PAIR_BADGE) : A_NORMAL) | A_BOLD;
        attron(look_badge);
        mvaddstr(0, COLS - badge, BADGE_TEXT);
        attroff(look_badge);
    }
}

static void draw_lines(const char *text, int top)
{
    int row = top;
    for (const char *line = text; line && *line && row < LINES - 1; row++) {
        size_t len = strcspn(line, "\n");
        mvaddnstr(row, 1, line, (int)(len < (size_t)COLS - 1 ? len : (size_t)COLS - 1));
        line += len + (line[len] == '\n');
    }
}

static void draw_help(void)
{
    size_t n;
    const omrs_action *acts = omrs_actions(&n);
    mvaddstr(2, 2, "Keys");
    for (size_t i = 0; i < n && (int)i + 4 < LINES - 1; i++)
        mvprintw((int)i + 4, 4, "%-6s %s", acts[i].key_name, acts[i].help);
}

static void draw_status(const tui *t)
{
    size_t n;
    const omrs_action *acts = omrs_actions(&n);
    move(LINES - 1, 0);
    clrtoeol();
    attron(A_REVERSE);
    mvhline(LINES - 1, 0, ' ', COLS);
    int col = 1;
    for (size_t i = 0; i < n; i++) {
        if (t->conn.read_only && acts[i].mutating)
            continue;
        mvprintw(LINES - 1, col, "%s %s", acts[i].key_name, acts[i].label);
        col += (int)(strlen(acts[i].key_name) + strlen(acts[i].label) + 3);
    }
    if (t->status[0])
        mvaddnstr(LINES - 1, col + 1, t->status, COLS - col - 2);
    attroff(A_REVERSE);
}

static void draw(const tui *t)
{
    erase();
    draw_header(t);
    if (t->show_help)
        draw_help();
    else
        draw_lines(t->summary, 2);
    draw_status(t);
    refresh();
}

/* ---- loop -------------------------------------------------------------- */

static bool handle_key(tui *t, int key)
{
    if (t->show_help && key != ERR && key != KEY_RESIZE) {
        t->show_help = false;
        return true;
    }
    const omrs_action *a = omrs_action_for_key(key, t->conn.read_only);
    if (!a)
        return true;
    switch (a->id) {
    case OMRS_ACT_QUIT: return false;
    case OMRS_ACT_HELP: t->show_help = true; return true;
    case OMRS_ACT_REFRESH: reload(t); return true;
    case OMRS_ACT_COUNT: break;
    }
    return true;
}

static void run_loop(tui *t)
{
    unsigned period = t->options->refresh_seconds ? t->options->refresh_seconds : DEFAULT_REFRESH_SECONDS;
    for (;;) {
        draw(t);
        long due = (long)period - (long)(time(NULL) - t->loaded_at);
        timeout(due > 0 ? (int)(due * 1000) : 0);
        int key = getch();
        if (key == ERR) {
            reload(t);
            continue;
        }
        if (!handle_key(t, key))
            return;
    }
}

static int open_session(tui *t, omrs_error *err)
{
    if (omrs_session_settings(&t->options->conn, &t->settings, err) < 0
        || omrs_session_connect(&t->options->conn, &t->settings, &t->conn, err) < 0
        || omrs_site_load(&t->conn, &t->site, err) < 0)
        return -1;
    t->have_site = true;
    t->loaded_at = time(NULL);
    render_summary(t);
    return 0;
}

static void close_session(tui *t)
{
    if (t->have_site)
        omrs_site_free(&t->site);
    free(t->summary);
    omrs_conn_close(&t->conn);
    omrs_settings_free(&t->settings);
}

int omrs_tui_run(const omrs_cli_options *o)
{
    tui t = {.options = o};
    omrs_error err = {0};
    /* Connect before curses starts, so a password prompt and any error show plainly. */
    if (open_session(&t, &err) < 0) {
        fprintf(stderr, "omrs-console: %s\n", err.message);
        close_session(&t);
        return omrs_exit_status(err.code);
    }
    install_signal_handlers();
    start_curses(&t);
    run_loop(&t);
    restore_terminal();
    close_session(&t);
    return 0;
}
