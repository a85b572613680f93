/* One action table: each user action is declared once; the key dispatch, the help
 * screen, the status line and the read-only filter are all made from it. */
#ifndef OMRS_UI_ACTIONS_H
#define OMRS_UI_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum omrs_action_id {
    OMRS_ACT_QUIT,
    OMRS_ACT_HELP,
    OMRS_ACT_REFRESH,
    OMRS_ACT_COUNT
} omrs_action_id;

typedef struct omrs_action {
    omrs_action_id id;
    int keys[3];            /* curses key codes, 0-terminated */
    const char *key_name;   /* as shown to the user */
    const char *label;      /* short, for the status line */
    const char *help;       /* one line for the help screen */
    bool mutating;          /* changes the database: never offered in read-only mode */
} omrs_action;

const omrs_action *omrs_actions(size_t *count);

/* The action bound to a key, or NULL; mutating actions are not found in read-only mode. */
const omrs_action *omrs_action_for_key(int key, bool read_only);

#endif
