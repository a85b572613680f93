#include "textview.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

void omrs_textview_open(omrs_textview *v, char *text)
{
    free(v->text);
    v->text = text;
    v->first = 0;
}

void omrs_textview_close(omrs_textview *v)
{
    free(v->text);
    v->text = NULL;
}

bool omrs_textview_is_open(const omrs_textview *v)
{
    return v->text != NULL;
}

static int line_count(const char *text)
{
    int n = 0;
    for (const char *p = text; p && *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n'))
        n++;
    return n;
}

bool omrs_textview_key(omrs_textview *v, int key)
{
    int page = v->height > 1 ? v->height - 1 : 1, last = line_count(v->text) - 1;
    switch (key) {
    case KEY_UP: case 'k': v->first--; break;
    case KEY_DOWN: case 'j': v->first++; break;
    case KEY_PPAGE: v->first -= page; break;
    case KEY_NPAGE: case ' ': v->first += page; break;
    case KEY_HOME: case 'g': v->first = 0; break;
    case KEY_END: case 'G': v->first = last - page; break;
    default: return false;
    }
    if (v->first > last)
        v->first = last;
    if (v->first < 0)
        v->first = 0;
    return true;
}

bool omrs_textview_act(omrs_textview *v, omrs_action_id id, int key)
{
    if (!omrs_textview_is_open(v))
        return false;
    if (id == OMRS_ACT_BACK || id == OMRS_ACT_OPEN)
        omrs_textview_close(v);
    else
        omrs_textview_key(v, key);
    return true;
}

void omrs_textview_draw(omrs_textview *v, int top, int left, int height, int width)
{
    v->height = height;
    const char *line = v->text;
    for (int skip = 0; skip < v->first && line && *line; skip++)
        line += strcspn(line, "\n") + (line[strcspn(line, "\n")] == '\n');
    for (int row = top; line && *line && row < top + height; row++) {
        size_t len = strcspn(line, "\n");
        if (width > 0)
            mvaddnstr(row, left, line, (int)(len < (size_t)width ? len : (size_t)width));
        line += len + (line[len] == '\n');
    }
}
