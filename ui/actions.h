/* One action table: every user action is declared once, in OMRS_ACTION_LIST below. The
 * enum, the key dispatch, the help screen, the status line, `omrs-console help keys` (the
 * man page's key list) and the read-only filter are all made from it. */
#ifndef OMRS_UI_ACTIONS_H
#define OMRS_UI_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Where an action applies: everywhere, in any list, or in one pane. */
typedef enum omrs_action_scope {
    OMRS_SCOPE_GLOBAL,
    OMRS_SCOPE_LIST,
    OMRS_SCOPE_SYNC,
    OMRS_SCOPE_UPGRADE,
    OMRS_SCOPE_MODULES,
    OMRS_SCOPE_CLASSES
} omrs_action_scope;

#define OMRS_KEY_ESC 27
#define OMRS_KEY_CTRL(c) ((c) & 0x1f)

/* X(ID, key name, key, key, key, scope, mutating, status-line label, help line).
 * Keys are curses key codes; 0 fills unused places. */
#define OMRS_ACTION_LIST(X)                                                                                     \
    X(QUIT, "q", 'q', 'Q', 0, GLOBAL, false, "quit", "leave the console")                                      \
    X(HELP, "?", '?', KEY_F(1), 0, GLOBAL, false, "help", "this help (any key closes it)")                     \
    X(REFRESH, "r", 'r', KEY_F(5), OMRS_KEY_CTRL('l'), GLOBAL, false, "refresh", "read the database again now") \
    X(NEXT_PANE, "Tab", '\t', 0, 0, GLOBAL, false, "pane", "next pane")                                        \
    X(PREV_PANE, "S-Tab", KEY_BTAB, 0, 0, GLOBAL, false, "", "previous pane")                                  \
    X(PANE_1, "1", '1', 0, 0, GLOBAL, false, "", "Overview: the health of everything, worst first")            \
    X(PANE_2, "2", '2', 0, 0, GLOBAL, false, "", "Sync: servers, backlog, blocked records, record browser")    \
    X(PANE_3, "3", '3', 0, 0, GLOBAL, false, "", "Upgrade scripts: core and module changeSets by state")       \
    X(PANE_4, "4", '4', 0, 0, GLOBAL, false, "", "Modules: installed and database versions, pending sqldiffs") \
    X(PANE_5, "5", '5', 0, 0, GLOBAL, false, "", "Class lists: what each server sends and receives")           \
    X(MOVE, "Up/Down", KEY_UP, KEY_DOWN, 0, LIST, false, "", "move (also j/k, PgUp/PgDn, Home/End, g/G)")      \
    X(OPEN, "Enter", '\r', '\n', KEY_ENTER, LIST, false, "open", "open the selected row")                      \
    X(BACK, "Esc", OMRS_KEY_ESC, KEY_BACKSPACE, KEY_LEFT, GLOBAL, false, "back", "back, close")                 \
    X(SEARCH, "/", '/', 0, 0, LIST, false, "search", "search the list")                                       \
    X(SEARCH_NEXT, "n", 'n', 0, 0, LIST, false, "", "next match of the search")                               \
    X(FILTER, "f", 'f', 0, 0, LIST, false, "filter", "show only rows containing a text (empty: all)")         \
    X(SORT, "s", 's', 0, 0, LIST, false, "sort", "sort by the next column")                                   \
    X(REVERSE, "S", 'S', 0, 0, LIST, false, "", "reverse the sort")                                           \
    X(SYNC_BLOCKED, "b", 'b', 0, 0, SYNC, false, "blocked", "records: only those blocking the queue (again: all)") \
    X(PAGE_NEXT, "]", ']', 0, 0, SYNC, false, "", "records: the next page")                                   \
    X(PAGE_FIRST, "[", '[', 0, 0, SYNC, false, "", "records: back to the first page")                         \
    X(SYNC_RESET, "R", 'R', 0, 0, SYNC, true, "reset", "reset the selected record for resend")                \
    X(SYNC_REMOVE, "D", 'D', 0, 0, SYNC, true, "remove", "remove the selected record from the queue")         \
    X(CLASS_SEND, "t", 't', 0, 0, CLASSES, true, "send", "switch sending of the selected class")              \
    X(CLASS_RECEIVE, "v", 'v', 0, 0, CLASSES, true, "receive", "switch receiving of the selected class")      \
    X(MODULE_APPLY, "A", 'A', 0, 0, MODULES, true, "apply", "run the selected module's pending changes")

typedef enum omrs_action_id {
#define OMRS_ACTION_ENUM(id, name, k1, k2, k3, scope, mutating, label, help) OMRS_ACT_##id,
    OMRS_ACTION_LIST(OMRS_ACTION_ENUM)
#undef OMRS_ACTION_ENUM
    OMRS_ACT_COUNT
} omrs_action_id;

typedef struct omrs_action {
    omrs_action_id id;
    const char *key_name;   /* as shown to the user */
    int keys[3];            /* 0 where unused */
    omrs_action_scope scope;
    bool mutating;          /* changes the database: never offered in read-only mode */
    const char *label;      /* short, for the status line; "" keeps it off the line */
    const char *help;       /* one line for the help screen and the man page */
} omrs_action;

const omrs_action *omrs_actions(size_t *count);

/* The action a key means in a pane of this scope (global and list actions apply in
 * every pane with a list); mutating actions are never found in read-only mode. */
const omrs_action *omrs_action_for_key(int key, omrs_action_scope pane, bool read_only);

/* Whether an action is offered at all: in scope, and not mutating in read-only mode. */
bool omrs_action_offered(const omrs_action *a, omrs_action_scope pane, bool read_only);

/* The key list for the man page and `omrs-console help keys`. */
void omrs_actions_print(FILE *out);

#endif
