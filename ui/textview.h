/* A scrollable block of text (a record's payload, a changelog's SQL): the detail view
 * panes open over their list with Enter and close with Esc. */
#ifndef OMRS_UI_TEXTVIEW_H
#define OMRS_UI_TEXTVIEW_H

#include <stdbool.h>

#include "actions.h"

typedef struct omrs_textview {
    char *text;     /* owned; NULL: closed */
    int first;      /* first line shown */
    int height;     /* lines shown last time */
} omrs_textview;

/* Takes ownership of text (malloc'ed). */
void omrs_textview_open(omrs_textview *v, char *text);
void omrs_textview_close(omrs_textview *v);
bool omrs_textview_is_open(const omrs_textview *v);
/* Scroll keys; true when used. */
bool omrs_textview_key(omrs_textview *v, int key);
/* While open the view takes every action: Esc or Enter closes it, the rest scrolls.
 * False when it is closed (the pane's list gets the action). */
bool omrs_textview_act(omrs_textview *v, omrs_action_id id, int key);
void omrs_textview_draw(omrs_textview *v, int top, int left, int height, int width);

#endif
