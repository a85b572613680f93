/* The one list widget every pane uses: columns, scrolling, selection, search with '/',
 * sort and filter. A pane supplies the rows through callbacks and never draws a list
 * itself. Rows whose text changed since the previous load are marked, so a monitoring
 * admin sees what moved. */
#ifndef OMRS_UI_LIST_H
#define OMRS_UI_LIST_H

#include <stdbool.h>
#include <stddef.h>

#define OMRS_LIST_CELL 256

typedef struct omrs_list_column {
    const char *title;
    int width;        /* columns; 0: takes what is left */
    bool numeric;     /* right-aligned, sorted as a number */
} omrs_list_column;

typedef enum omrs_list_tone { OMRS_TONE_NORMAL, OMRS_TONE_GOOD, OMRS_TONE_WARN, OMRS_TONE_BAD, OMRS_TONE_DIM } omrs_list_tone;

typedef struct omrs_list_source {
    size_t (*count)(void *ctx);
    /* The text of one cell (row in the source's own order). */
    void (*cell)(void *ctx, size_t row, size_t column, char *out, size_t size);
    /* A stable identity for the row (e.g. its id), so selection and change marks survive a
     * reload; NULL: the first cell. */
    void (*key)(void *ctx, size_t row, char *out, size_t size);
    omrs_list_tone (*tone)(void *ctx, size_t row);   /* NULL: normal */
} omrs_list_source;

typedef struct omrs_list {
    const omrs_list_column *columns;
    size_t column_count;
    omrs_list_source src;
    void *ctx;
    size_t *order;        /* shown rows, as source rows, after filter and sort */
    size_t shown;
    size_t selected;      /* position in order */
    size_t top;           /* first shown position */
    int sort_column;      /* -1: the source's order */
    bool sort_descending;
    char search[64], filter[64];
    char **previous;      /* each row's text at the previous load, by key: the change marks */
    size_t previous_count;
    char **current;
    size_t current_count;
    char *changed;        /* per source row: differs from the previous load */
    int height;           /* rows drawn last time (page size) */
    char selected_key[OMRS_LIST_CELL];   /* the selected row's key, kept across reloads */
} omrs_list;

void omrs_list_init(omrs_list *l, const omrs_list_column *columns, size_t column_count, omrs_list_source src,
                    void *ctx);
void omrs_list_free(omrs_list *l);

/* The source's rows changed: rebuild the order (filter, sort), keep the selected key,
 * and mark rows whose text differs from the previous load (mark_changes false: a first
 * load or a new query, nothing is marked). Returns -1 when memory runs out. */
int omrs_list_reload(omrs_list *l, bool mark_changes);

/* Navigation keys (arrows, page, home/end, j/k); true when the key was used. */
bool omrs_list_key(omrs_list *l, int key);

/* Moves the selection to the next row (after the selected one, wrapping) that contains
 * text in any cell, ignoring case; false when none does. */
bool omrs_list_search(omrs_list *l, const char *text);
bool omrs_list_search_next(omrs_list *l);

/* Shows only rows containing text ("" shows all). */
int omrs_list_filter(omrs_list *l, const char *text);

/* Sorts by the next column (after the last one: the source's order again), or reverses. */
int omrs_list_sort_next(omrs_list *l);
int omrs_list_sort_reverse(omrs_list *l);

/* The selected row as a source row; false when the list is empty. */
bool omrs_list_selected(const omrs_list *l, size_t *row);

/* Draws the column titles and the rows in the rectangle. */
void omrs_list_draw(omrs_list *l, int top, int left, int height, int width);

#endif
