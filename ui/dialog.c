/* Dialogs drawn over the current screen: the confirmation every change goes through, and
 * a one-line prompt in the status line. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"

#include "ui.h"

static int count_lines(const char *text, int *longest)
{
    int n = 0;
    *longest = 0;
    for (const char *line = text; line && *line; n++) {
        int len = (int)strcspn(line, "\n");
        if (len > *longest)
            *longest = len;
        line += len + (line[len] == '\n');
    }
    return n;
}

static void draw_confirm(const char *title, const char *body, int first)
{
    int longest, lines = count_lines(body, &longest);
    int width = longest + 4 > COLS - 2 ? COLS - 2 : longest + 4 < 40 ? 40 : longest + 4;
    int height = lines + 5 > LINES - 2 ? LINES - 2 : lines + 5;
    int top = (LINES - height) / 2, left = (COLS - width) / 2;
    if (width < 10 || height < 5)
        return;
    for (int r = top; r < top + height; r++)
        mvhline(r, left, ' ', width);
    omrs_look_box(top, left, height, width);
    attron(omrs_look(OMRS_LOOK_TITLE));
    mvaddnstr(top, left + 2, title, width - 4);
    attroff(omrs_look(OMRS_LOOK_TITLE));
    const char *from = body;
    for (int skip = 0; skip < first && from && *from; skip++)
        from += strcspn(from, "\n") + (from[strcspn(from, "\n")] == '\n');
    omrs_ui_text(from, top + 1, left + 2, height - 4, width - 4);
    attron(A_BOLD);
    mvaddnstr(top + height - 2, left + 2, "y: yes, do it   n or Esc: no   Up/Down: scroll", width - 4);
    attroff(A_BOLD);
}

/* body with every line longer than width cut into pieces, so the whole SQL is seen;
 * continuation pieces are indented by two. NULL when memory runs out. */
static char *wrapped(const char *body, int width)
{
    omrs_buf b = {0};
    if (width < 10)
        width = 10;
    for (const char *line = body; line && *line;) {
        size_t len = strcspn(line, "\n"), at = 0;
        do {
            size_t room = (size_t)width - (at ? 2 : 0), n = len - at < room ? len - at : room;
            if (omrs_buf_printf(&b, "%s%.*s\n", at ? "  " : "", (int)n, line + at) < 0) {
                omrs_buf_free(&b);
                return NULL;
            }
            at += n;
        } while (at < len);
        line += len + (line[len] == '\n');
    }
    return b.data;
}

bool omrs_ui_confirm(omrs_ui *ui, const char *title, const char *body_text)
{
    (void)ui;
    char *body = wrapped(body_text, COLS - 6);
    if (!body)
        return false;
    bool yes = false;
    int first = 0, longest, lines = count_lines(body, &longest);
    timeout(-1);
    for (;;) {
        draw_confirm(title, body, first);
        refresh();
        int key = getch();
        if (key == 'y' || key == 'Y' || key == 'n' || key == 'N' || key == OMRS_KEY_ESC || key == 'q') {
            yes = key == 'y' || key == 'Y';
            break;
        }
        if (key == KEY_DOWN && first + 1 < lines)
            first++;
        else if (key == KEY_UP && first > 0)
            first--;
    }
    free(body);
    return yes;
}

bool omrs_ui_prompt(omrs_ui *ui, const char *label, char *out, size_t size)
{
    (void)ui;
    size_t len = 0;
    out[0] = '\0';
    timeout(-1);
    curs_set(1);
    for (;;) {
        move(LINES - 1, 0);
        clrtoeol();
        mvprintw(LINES - 1, 0, "%s%s", label, out);
        refresh();
        int key = getch();
        if (key == OMRS_KEY_ESC) {
            curs_set(0);
            return false;
        }
        if (key == '\r' || key == '\n' || key == KEY_ENTER)
            break;
        if ((key == KEY_BACKSPACE || key == 127 || key == 8) && len)
            out[--len] = '\0';
        else if (key >= 32 && key < 127 && len + 1 < size)
            out[len++] = (char)key, out[len] = '\0';
    }
    curs_set(0);
    return true;
}

void omrs_ui_progress(const char *title, size_t done, size_t total, const char *what, time_t started)
{
    int width = COLS - 4 < 70 ? COLS - 4 : 70, top = LINES / 2 - 3, left = (COLS - width) / 2;
    if (width < 20 || LINES < 8)
        return;
    for (int r = top; r < top + 6; r++)
        mvhline(r, left, ' ', width);
    omrs_look_box(top, left, 6, width);
    attron(omrs_look(OMRS_LOOK_TITLE));
    mvaddnstr(top, left + 2, title, width - 4);
    attroff(omrs_look(OMRS_LOOK_TITLE));
    int bar = width - 12, filled = total ? (int)((double)bar * (double)done / (double)total) : 0;
    mvaddch(top + 2, left + 2, '[');
    for (int i = 0; i < bar; i++)
        addch(i < filled ? '#' : '.');
    printw("] %zu/%zu", done, total);
    long elapsed = (long)(time(NULL) - started);
    mvprintw(top + 3, left + 2, "%-.*s", width - 4, what ? what : "");
    mvprintw(top + 4, left + 2, "elapsed %ld:%02ld   Esc: stop after this step (safe)", elapsed / 60, elapsed % 60);
    refresh();
}

bool omrs_ui_cancel_requested(void)
{
    timeout(0);
    int key = getch();
    return key == OMRS_KEY_ESC || key == 'c';
}
