/* The list actions every pane with a list shares: moving, search, filter, sort. */
#include <curses.h>

#include "ui.h"

bool omrs_list_act(omrs_list *l, omrs_ui *ui, omrs_action_id id, int key)
{
    char text[64];
    switch (id) {
    case OMRS_ACT_COUNT:
    case OMRS_ACT_MOVE:
        return omrs_list_key(l, key);
    case OMRS_ACT_SEARCH:
        if (omrs_ui_prompt(ui, "search: ", text, sizeof text) && !omrs_list_search(l, text))
            omrs_ui_notice(ui, "not found: %s", text);
        return true;
    case OMRS_ACT_SEARCH_NEXT:
        if (!omrs_list_search_next(l))
            omrs_ui_notice(ui, "no (further) match");
        return true;
    case OMRS_ACT_FILTER:
        if (omrs_ui_prompt(ui, "filter (empty: all): ", text, sizeof text) && omrs_list_filter(l, text) < 0)
            omrs_ui_notice(ui, "out of memory");
        return true;
    case OMRS_ACT_SORT:
        omrs_list_sort_next(l);
        return true;
    case OMRS_ACT_REVERSE:
        omrs_list_sort_reverse(l);
        return true;
    default:
        return false;
    }
}
