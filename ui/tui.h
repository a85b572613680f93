/* The curses console. */
#ifndef OMRS_UI_TUI_H
#define OMRS_UI_TUI_H

#include "cli_options.h"

/* Connects, then runs the console until the user quits; returns the exit status. */
int omrs_tui_run(const omrs_cli_options *o);

#endif
