/* PLACEHOLDER until the sync model lands this session. */
#include "ui.h"

static int load(omrs_pane *p, omrs_ui *ui, omrs_error *err)
{
    (void)p, (void)ui, (void)err;
    return 0;
}

static void draw(omrs_pane *p, omrs_ui *ui, int top, int height)
{
    (void)p, (void)ui, (void)height;
    mvaddstr(top, 1, "(being written)");
}

const omrs_pane_ops omrs_pane_sync = {
    .name = "Sync", .scope = OMRS_SCOPE_SYNC, .load = load, .draw = draw,
};
