#include "actions.h"

#include <curses.h>

static const omrs_action actions[] = {
#define OMRS_ACTION_ENTRY(id_, name, k1, k2, k3, scope_, mutating_, label_, help_)                      \
    {.id = OMRS_ACT_##id_, .key_name = name, .keys = {k1, k2, k3}, .scope = OMRS_SCOPE_##scope_,          \
     .mutating = mutating_, .label = label_, .help = help_},
    OMRS_ACTION_LIST(OMRS_ACTION_ENTRY)
#undef OMRS_ACTION_ENTRY
};

const omrs_action *omrs_actions(size_t *count)
{
    *count = sizeof actions / sizeof *actions;
    return actions;
}

bool omrs_action_offered(const omrs_action *a, omrs_action_scope pane, bool read_only)
{
    if (read_only && a->mutating)
        return false;
    return a->scope == OMRS_SCOPE_GLOBAL || a->scope == OMRS_SCOPE_LIST || a->scope == pane;
}

const omrs_action *omrs_action_for_key(int key, omrs_action_scope pane, bool read_only)
{
    for (size_t i = 0; i < sizeof actions / sizeof *actions; i++) {
        if (!omrs_action_offered(&actions[i], pane, read_only))
            continue;
        for (size_t k = 0; k < 3 && actions[i].keys[k]; k++)
            if (actions[i].keys[k] == key)
                return &actions[i];
    }
    return NULL;
}

void omrs_actions_print(FILE *out)
{
    static const char *const scope_names[] = {"everywhere", "lists", "Sync pane", "Upgrade scripts pane",
                                              "Modules pane", "Class lists pane"};
    for (size_t i = 0; i < sizeof actions / sizeof *actions; i++)
        fprintf(out, "%-8s %-16s %s%s\n", actions[i].key_name, scope_names[actions[i].scope], actions[i].help,
                actions[i].mutating ? " (a change: asks first; never with -R)" : "");
}
