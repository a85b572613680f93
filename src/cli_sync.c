/* `omrs-console sync SUBCOMMAND`: dispatch to the file that holds each subcommand. */
#include <string.h>

#include "cli.h"
#include "cli_sync.h"

typedef struct sync_subcommand {
    const char *name;
    int (*run)(const omrs_cli_options *o, FILE *out, omrs_error *err);
} sync_subcommand;

static const sync_subcommand subcommands[] = {
    {"status", omrs_sync_cmd_status},
    {"check", omrs_sync_cmd_check},
    {"indexes", omrs_sync_cmd_indexes},
    {"records", omrs_sync_cmd_records},
    {"record", omrs_sync_cmd_record},
    {"reset", omrs_sync_cmd_action},
    {"remove", omrs_sync_cmd_action},
    {"reset-retries", omrs_sync_cmd_action},
    {"backport", omrs_sync_cmd_action},
    {"cleanup", omrs_sync_cmd_action},
    {"uninstall", omrs_sync_cmd_action},
};

int omrs_cmd_sync(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    const size_t n = sizeof subcommands / sizeof *subcommands;
    for (size_t i = 0; o->word_count >= 2 && i < n; i++)
        if (strcmp(o->words[1], subcommands[i].name) == 0)
            return subcommands[i].run(o, out, err);
    char names[256] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "", subcommands[i].name);
    if (o->word_count < 2)
        return omrs_fail(err, OMRS_ERR_USAGE, "sync needs a subcommand: %s", names);
    return omrs_fail(err, OMRS_ERR_USAGE, "unknown sync subcommand '%s' (there are: %s)", o->words[1], names);
}
