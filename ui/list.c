#include "list.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "look.h"

void omrs_list_init(omrs_list *l, const omrs_list_column *columns, size_t column_count, omrs_list_source src,
                    void *ctx)
{
    memset(l, 0, sizeof *l);
    l->columns = columns;
    l->column_count = column_count;
    l->src = src;
    l->ctx = ctx;
    l->sort_column = -1;
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

void omrs_list_free(omrs_list *l)
{
    free(l->order);
    free(l->changed);
    free_lines(l->previous, l->previous_count);
    free_lines(l->current, l->current_count);
    memset(l, 0, sizeof *l);
}

/* ---- rows as text -------------------------------------------------------- */

static void row_key(const omrs_list *l, size_t row, char *out, size_t size)
{
    if (l->src.key)
        l->src.key(l->ctx, row, out, size);
    else
        l->src.cell(l->ctx, row, 0, out, size);
}

/* "key\x1fcell\x1fcell...": what the change marks compare. */
static char *row_line(const omrs_list *l, size_t row)
{
    char cell[OMRS_LIST_CELL];
    size_t cap = OMRS_LIST_CELL * (l->column_count + 1) + l->column_count + 2, len = 0;
    char *line = malloc(cap);
    if (!line)
        return NULL;
    row_key(l, row, cell, sizeof cell);
    len += (size_t)snprintf(line, cap, "%s", cell);
    for (size_t c = 0; c < l->column_count; c++) {
        l->src.cell(l->ctx, row, c, cell, sizeof cell);
        len += (size_t)snprintf(line + len, cap - len, "\x1f%s", cell);
    }
    return line;
}

static int compare_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether the previous load had a row with this key and different text. */
static bool line_changed(const omrs_list *l, const char *line)
{
    size_t key_len = strcspn(line, "\x1f");
    size_t lo = 0, hi = l->previous_count;
    while (lo < hi) {   /* previous is sorted, so rows with one key are adjacent */
        size_t mid = (lo + hi) / 2;
        if (strncmp(l->previous[mid], line, key_len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < l->previous_count && strncmp(l->previous[i], line, key_len) == 0; i++)
        if (l->previous[i][key_len] == '\x1f')
            return strcmp(l->previous[i], line) != 0;
    return false;
}

static int snapshot(omrs_list *l, size_t n, bool mark_changes)
{
    free_lines(l->previous, l->previous_count);
    l->previous = mark_changes ? l->current : NULL;
    l->previous_count = mark_changes ? l->current_count : 0;
    if (!mark_changes)
        free_lines(l->current, l->current_count);
    l->current = n ? calloc(n, sizeof *l->current) : NULL;
    l->current_count = 0;
    free(l->changed);
    l->changed = n ? calloc(n, 1) : NULL;
    if (n && (!l->current || !l->changed))
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!(l->current[i] = row_line(l, i)))
            return -1;
        l->current_count++;
        l->changed[i] = line_changed(l, l->current[i]);
    }
    char **sorted = l->current;   /* kept sorted for the next load's look-ups */
    if (n)
        qsort(sorted, n, sizeof *sorted, compare_lines);
    return 0;
}

/* ---- order: filter and sort ------------------------------------------- */

static bool contains_ignoring_case(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return n == 0;
}

static bool row_contains(const omrs_list *l, size_t row, const char *text)
{
    char cell[OMRS_LIST_CELL];
    for (size_t c = 0; c < l->column_count; c++) {
        l->src.cell(l->ctx, row, c, cell, sizeof cell);
        if (contains_ignoring_case(cell, text))
            return true;
    }
    return false;
}

static void remember_selection(omrs_list *l);

static const omrs_list *sorting;   /* qsort has no context argument */

static int compare_rows(const void *a, const void *b)
{
    const omrs_list *l = sorting;
    size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
    char ca[OMRS_LIST_CELL], cb[OMRS_LIST_CELL];
    l->src.cell(l->ctx, ra, (size_t)l->sort_column, ca, sizeof ca);
    l->src.cell(l->ctx, rb, (size_t)l->sort_column, cb, sizeof cb);
    int c;
    if (l->columns[l->sort_column].numeric) {
        double x = strtod(ca, NULL), y = strtod(cb, NULL);
        c = x < y ? -1 : x > y;
    } else {
        c = strcasecmp(ca, cb);
    }
    if (c == 0)
        c = ra < rb ? -1 : ra > rb;   /* stable: the source's order breaks ties */
    return l->sort_descending ? -c : c;
}

static int rebuild_order(omrs_list *l, const char *keep_key)
{
    size_t n = l->src.count(l->ctx);
    free(l->order);
    l->order = n ? malloc(n * sizeof *l->order) : NULL;
    if (n && !l->order)
        return -1;
    l->shown = 0;
    for (size_t i = 0; i < n; i++)
        if (!l->filter[0] || row_contains(l, i, l->filter))
            l->order[l->shown++] = i;
    if (l->sort_column >= 0 && l->shown > 1) {
        sorting = l;
        qsort(l->order, l->shown, sizeof *l->order, compare_rows);
    }
    l->selected = 0;
    char key[OMRS_LIST_CELL];
    for (size_t i = 0; keep_key && i < l->shown; i++) {
        row_key(l, l->order[i], key, sizeof key);
        if (strcmp(key, keep_key) == 0) {
            l->selected = i;
            break;
        }
    }
    if (l->top > l->selected || l->top >= l->shown)
        l->top = l->selected;
    remember_selection(l);
    return 0;
}

static void remember_selection(omrs_list *l)
{
    size_t row;
    l->selected_key[0] = '\0';
    if (omrs_list_selected(l, &row))
        row_key(l, row, l->selected_key, sizeof l->selected_key);
}

static int rebuild_keeping_selection(omrs_list *l)
{
    remember_selection(l);
    char key[OMRS_LIST_CELL];
    snprintf(key, sizeof key, "%s", l->selected_key);
    return rebuild_order(l, key[0] ? key : NULL);
}

int omrs_list_reload(omrs_list *l, bool mark_changes)
{
    char key[OMRS_LIST_CELL];
    snprintf(key, sizeof key, "%s", l->selected_key);
    if (snapshot(l, l->src.count(l->ctx), mark_changes) < 0)
        return -1;
    return rebuild_order(l, key[0] ? key : NULL);
}

int omrs_list_filter(omrs_list *l, const char *text)
{
    snprintf(l->filter, sizeof l->filter, "%s", text);
    return rebuild_keeping_selection(l);
}

int omrs_list_sort_next(omrs_list *l)
{
    l->sort_column = l->sort_column + 1 >= (int)l->column_count ? -1 : l->sort_column + 1;
    l->sort_descending = false;
    return rebuild_keeping_selection(l);
}

int omrs_list_sort_reverse(omrs_list *l)
{
    if (l->sort_column < 0)
        l->sort_column = 0;
    l->sort_descending = !l->sort_descending;
    return rebuild_keeping_selection(l);
}

bool omrs_list_selected(const omrs_list *l, size_t *row)
{
    if (!l->shown || l->selected >= l->shown)
        return false;
    *row = l->order[l->selected];
    return true;
}

/* ---- moving ------------------------------------------------------------ */

static void select_at(omrs_list *l, size_t pos)
{
    l->selected = l->shown ? (pos < l->shown ? pos : l->shown - 1) : 0;
    remember_selection(l);
}

bool omrs_list_key(omrs_list *l, int key)
{
    size_t page = l->height > 1 ? (size_t)l->height - 1 : 1;
    switch (key) {
    case KEY_UP: case 'k': select_at(l, l->selected ? l->selected - 1 : 0); return true;
    case KEY_DOWN: case 'j': select_at(l, l->selected + 1); return true;
    case KEY_PPAGE: select_at(l, l->selected > page ? l->selected - page : 0); return true;
    case KEY_NPAGE: case ' ': select_at(l, l->selected + page); return true;
    case KEY_HOME: case 'g': select_at(l, 0); return true;
    case KEY_END: case 'G': select_at(l, l->shown ? l->shown - 1 : 0); return true;
    default: return false;
    }
}

bool omrs_list_search(omrs_list *l, const char *text)
{
    snprintf(l->search, sizeof l->search, "%s", text);
    return omrs_list_search_next(l);
}

bool omrs_list_search_next(omrs_list *l)
{
    if (!l->search[0] || !l->shown)
        return false;
    for (size_t step = 1; step <= l->shown; step++) {
        size_t pos = (l->selected + step) % l->shown;
        if (row_contains(l, l->order[pos], l->search)) {
            select_at(l, pos);
            return true;
        }
    }
    return false;
}

/* ---- drawing ------------------------------------------------------------ */

static int column_width(const omrs_list *l, size_t c, int width)
{
    if (l->columns[c].width > 0)
        return l->columns[c].width;
    int fixed = 0;
    for (size_t i = 0; i < l->column_count; i++)
        fixed += l->columns[i].width > 0 ? l->columns[i].width + 1 : 1;
    return width - fixed > 4 ? width - fixed : 4;
}

static void draw_cell(int row, int col, int w, const char *text, bool numeric, int limit)
{
    if (col >= limit)
        return;
    if (w > limit - col)
        w = limit - col;
    int len = (int)strlen(text);
    int pad = numeric && len < w ? w - len : 0;
    mvaddnstr(row, col + pad, text, w - pad);
}

static void draw_titles(const omrs_list *l, int top, int left, int width)
{
    attron(omrs_look(OMRS_LOOK_TITLE));
    int col = left;
    for (size_t c = 0; c < l->column_count && col < left + width; c++) {
        int w = column_width(l, c, width);
        char title[80];
        snprintf(title, sizeof title, "%s%s", l->columns[c].title,
                 (int)c == l->sort_column ? (l->sort_descending ? " v" : " ^") : "");
        draw_cell(top, col, w, title, l->columns[c].numeric, left + width);
        col += w + 1;
    }
    attroff(omrs_look(OMRS_LOOK_TITLE));
}

static attr_t tone_look(omrs_list_tone t)
{
    static const omrs_look_role roles[] = {OMRS_LOOK_NORMAL, OMRS_LOOK_GOOD, OMRS_LOOK_WARN, OMRS_LOOK_BAD,
                                           OMRS_LOOK_DIM};
    return omrs_look(roles[t]);
}

static void draw_row(const omrs_list *l, size_t pos, int row, int left, int width)
{
    size_t r = l->order[pos];
    bool selected = pos == l->selected;
    attr_t look = selected ? omrs_look(OMRS_LOOK_SELECTED) : l->src.tone ? tone_look(l->src.tone(l->ctx, r)) : 0;
    if (l->changed && r < l->current_count && l->changed[r])
        look |= omrs_look(OMRS_LOOK_CHANGED);
    attron(look);
    if (selected)
        mvhline(row, left, ' ', width);
    int col = left;
    char cell[OMRS_LIST_CELL];
    for (size_t c = 0; c < l->column_count && col < left + width; c++) {
        int w = column_width(l, c, width);
        l->src.cell(l->ctx, r, c, cell, sizeof cell);
        draw_cell(row, col, w, cell, l->columns[c].numeric, left + width);
        col += w + 1;
    }
    attroff(look);
}

void omrs_list_draw(omrs_list *l, int top, int left, int height, int width)
{
    if (height < 2 || width < 4)
        return;
    draw_titles(l, top, left, width);
    l->height = height - 1;
    if (l->selected < l->top)
        l->top = l->selected;
    if (l->selected >= l->top + (size_t)l->height)
        l->top = l->selected - (size_t)l->height + 1;
    for (int i = 0; i < l->height && l->top + (size_t)i < l->shown; i++)
        draw_row(l, l->top + (size_t)i, top + 1 + i, left, width);
    if (!l->shown)
        mvaddnstr(top + 1, left, l->filter[0] ? "(no rows match the filter)" : "(nothing)", width);
}
