/* The console's shared state and the pane interface. Each pane is one file holding one
 * omrs_pane_ops; the frame (tui.c) owns the loop, the header, the status line, help and
 * dialogs. Panes read the database only through src/ (ui/ never sends SQL). */
#ifndef OMRS_UI_UI_H
#define OMRS_UI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "actions.h"
#include "cli_options.h"
#include "conn.h"
#include "error.h"
#include "inventory.h"
#include "list.h"
#include "look.h"
#include "settings.h"
#include "site.h"

typedef struct omrs_ui omrs_ui;
typedef struct omrs_pane omrs_pane;

/* One line of the Overview: how bad, what, and which pane tells more. */
typedef struct omrs_health {
    omrs_list_tone tone;   /* OMRS_TONE_BAD first, then WARN, then GOOD */
    char text[200];
    int pane;              /* index into ui->panes */
} omrs_health;

typedef struct omrs_health_list {
    omrs_health *items;
    size_t count;
} omrs_health_list;

/* Appends one line (printf-style); -1 when memory runs out. */
int omrs_health_add(omrs_health_list *h, omrs_list_tone tone, int pane, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

typedef struct omrs_pane_ops {
    const char *name;               /* its tab title */
    omrs_action_scope scope;        /* which of the action table's pane actions are its own */
    int (*create)(omrs_pane *p, omrs_ui *ui);
    /* Reads what it shows. On failure the previous data stays, marked stale. */
    int (*load)(omrs_pane *p, omrs_ui *ui, omrs_error *err);
    /* Draws the body: rows top .. top+height-1, all columns. */
    void (*draw)(omrs_pane *p, omrs_ui *ui, int top, int height);
    /* An action of the table that the frame did not handle; true when handled. Keys no
     * action claims come as OMRS_ACT_COUNT with the key in *key (for the list widget). */
    bool (*act)(omrs_pane *p, omrs_ui *ui, omrs_action_id id, int key);
    /* Health lines for the Overview (NULL: none). */
    int (*health)(omrs_pane *p, omrs_ui *ui, omrs_health_list *out);
    void (*destroy)(omrs_pane *p);
} omrs_pane_ops;

struct omrs_pane {
    const omrs_pane_ops *ops;
    int index;
    void *state;             /* the pane's own */
    bool loaded;             /* has data (possibly stale) */
    bool stale;              /* the last load failed */
    time_t stale_since;
    char error[sizeof(((omrs_error *)0)->message)];   /* why the last load failed */
};

#define OMRS_PANE_COUNT 5

struct omrs_ui {
    const omrs_cli_options *options;
    omrs_settings settings;
    omrs_conn conn;
    omrs_site site;
    bool have_site;
    omrs_error site_error;   /* why the last refresh could not read the site, if it could not */
    omrs_pane panes[OMRS_PANE_COUNT];
    int current;
    char notice[256];        /* the status line's message until the next key */
    time_t loaded_at;
    unsigned refresh_seconds;
    unsigned load_seconds;   /* time limit of one refresh's queries */
    unsigned refresh_count;  /* completed refreshes (for tests and the bench) */
    bool connected;          /* the last refresh reached the server */
    /* The site's modules, read once per refresh for the Modules and Upgrade scripts panes;
     * a failed read keeps the previous one and modules_error says why. */
    omrs_module_inventory modules;
    bool have_modules, modules_fresh;
    omrs_error modules_error;
};

bool omrs_ui_read_only(const omrs_ui *ui);

/* Shows body (lines) in a box with a title and asks y/n; true only for y. Used before
 * every change: body holds the exact SQL or effect and the rows it touches. */
bool omrs_ui_confirm(omrs_ui *ui, const char *title, const char *body);

/* A long operation's box over the screen: title, a bar of done out of total, what runs
 * now, the elapsed time since started, and how to stop it safely. */
void omrs_ui_progress(const char *title, size_t done, size_t total, const char *what, time_t started);

/* Whether the admin asked to stop (Esc or c), read without waiting. */
bool omrs_ui_cancel_requested(void);

/* Reads a line in the status line after label; false when cancelled with Esc. */
bool omrs_ui_prompt(omrs_ui *ui, const char *label, char *out, size_t size);

/* A message in the status line until the next key. */
void omrs_ui_notice(omrs_ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reloads every pane now (after a change). */
void omrs_ui_reload(omrs_ui *ui);

/* Draws text lines (separated by '\n') from row top, at most height rows, cut to width. */
void omrs_ui_text(const char *text, int top, int left, int height, int width);

/* The list actions (move, search, filter, sort) for a pane's list; true when used. */
bool omrs_list_act(omrs_list *l, omrs_ui *ui, omrs_action_id id, int key);

/* The panes, in tab order. */
extern const omrs_pane_ops omrs_pane_overview, omrs_pane_sync, omrs_pane_upgrade, omrs_pane_modules,
    omrs_pane_classes;

#endif
