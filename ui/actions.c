#include "actions.h"

#include <curses.h>

static const omrs_action actions[] = {
    {.id = OMRS_ACT_QUIT, .keys = {'q', 'Q'}, .key_name = "q", .label = "quit",
     .help = "leave the console"},
    {.id = OMRS_ACT_HELP, .keys = {'?', KEY_F(1)}, .key_name = "?", .label = "help",
     .help = "show this help; any key closes it"},
    {.id = OMRS_ACT_REFRESH, .keys = {'r', KEY_F(5)}, .key_name = "r", .label = "refresh",
     .help = "read the database again now"},
};

const omrs_action *omrs_actions(size_t *count)
{
    *count = sizeof actions / sizeof *actions;
    return actions;
}

const omrs_action *omrs_action_for_key(int key, bool read_only)
{
    for (size_t i = 0; i < sizeof actions / sizeof *actions; i++) {
        if (read_only && actions[i].mutating)
            continue;
        for (size_t k = 0; k < sizeof actions[i].keys / sizeof *actions[i].keys && actions[i].keys[k]; k++)
            if (actions[i].keys[k] == key)
                return &actions[i];
    }
    return NULL;
}
