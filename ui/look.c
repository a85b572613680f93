#include "look.h"


enum { PAIR_HEADER = 1, PAIR_BADGE, PAIR_GOOD, PAIR_WARN, PAIR_BAD, PAIR_SELECTED };

static bool use_colors;
static bool use_acs;

/* ACS lines need a terminal that describes them; vt100 does, "dumb" ones do not. With a
 * UTF-8 locale ncursesw draws them as Unicode; otherwise it uses the terminal's own. */
static bool terminal_has_lines(void)
{
    const char *acs = tigetstr("acsc");
    return acs && acs != (char *)-1 && *acs;
}

void omrs_look_init(bool colors)
{
    use_colors = colors && has_colors();
    use_acs = terminal_has_lines();
    if (!use_colors)
        return;
    start_color();
    use_default_colors();
    init_pair(PAIR_HEADER, COLOR_WHITE, COLOR_BLUE);
    init_pair(PAIR_BADGE, COLOR_WHITE, COLOR_RED);
    init_pair(PAIR_GOOD, COLOR_GREEN, -1);
    init_pair(PAIR_WARN, COLOR_YELLOW, -1);
    init_pair(PAIR_BAD, COLOR_RED, -1);
    init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
}

bool omrs_look_colors(void)
{
    return use_colors;
}

attr_t omrs_look(omrs_look_role role)
{
    switch (role) {
    case OMRS_LOOK_HEADER: return use_colors ? COLOR_PAIR(PAIR_HEADER) : A_REVERSE;
    case OMRS_LOOK_BADGE: return (use_colors ? COLOR_PAIR(PAIR_BADGE) : A_NORMAL) | A_BOLD;
    case OMRS_LOOK_STATUS: return A_REVERSE;
    case OMRS_LOOK_TITLE: return A_BOLD | A_UNDERLINE;
    case OMRS_LOOK_SELECTED: return use_colors ? COLOR_PAIR(PAIR_SELECTED) : A_REVERSE;
    case OMRS_LOOK_GOOD: return use_colors ? COLOR_PAIR(PAIR_GOOD) : A_NORMAL;
    case OMRS_LOOK_WARN: return use_colors ? COLOR_PAIR(PAIR_WARN) | A_BOLD : A_BOLD;
    case OMRS_LOOK_BAD: return use_colors ? COLOR_PAIR(PAIR_BAD) | A_BOLD : A_BOLD | A_UNDERLINE;
    case OMRS_LOOK_DIM: return A_DIM;
    case OMRS_LOOK_CHANGED: return A_BOLD;
    case OMRS_LOOK_NORMAL: break;
    }
    return A_NORMAL;
}

void omrs_look_hline(int row, int col, int width)
{
    if (width > 0)
        mvhline(row, col, use_acs ? ACS_HLINE : '-', width);
}

void omrs_look_box(int top, int left, int height, int width)
{
    if (height < 2 || width < 2)
        return;
    chtype h = use_acs ? ACS_HLINE : '-', v = use_acs ? ACS_VLINE : '|';
    chtype corners[4] = {use_acs ? ACS_ULCORNER : '+', use_acs ? ACS_URCORNER : '+', use_acs ? ACS_LLCORNER : '+',
                         use_acs ? ACS_LRCORNER : '+'};
    mvhline(top, left + 1, h, width - 2);
    mvhline(top + height - 1, left + 1, h, width - 2);
    mvvline(top + 1, left, v, height - 2);
    mvvline(top + 1, left + width - 1, v, height - 2);
    mvaddch(top, left, corners[0]);
    mvaddch(top, left + width - 1, corners[1]);
    mvaddch(top + height - 1, left, corners[2]);
    mvaddch(top + height - 1, left + width - 1, corners[3]);
}
