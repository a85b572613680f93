/* How things look: colour pairs when the terminal has colours and NO_COLOR/--no-color
 * are not set, else bold/reverse/underline only; line drawing in UTF-8 when the locale
 * and terminal allow it, else ASCII. */
#ifndef OMRS_UI_LOOK_H
#define OMRS_UI_LOOK_H

#include <curses.h>
#include <stdbool.h>

typedef enum omrs_look_role {
    OMRS_LOOK_NORMAL,
    OMRS_LOOK_HEADER,     /* the top line */
    OMRS_LOOK_BADGE,      /* READ-ONLY, stale */
    OMRS_LOOK_STATUS,     /* the bottom line */
    OMRS_LOOK_TITLE,      /* column titles, dialog titles */
    OMRS_LOOK_SELECTED,   /* the list's selected row */
    OMRS_LOOK_GOOD,
    OMRS_LOOK_WARN,
    OMRS_LOOK_BAD,
    OMRS_LOOK_DIM,
    OMRS_LOOK_CHANGED     /* changed since the last refresh */
} omrs_look_role;

/* Called once after initscr. */
void omrs_look_init(bool colors);
bool omrs_look_colors(void);
attr_t omrs_look(omrs_look_role role);

/* A horizontal rule and box corners: ACS/UTF-8 when the terminal has them, else '-', '+'. */
void omrs_look_hline(int row, int col, int width);
void omrs_look_box(int top, int left, int height, int width);

#endif
