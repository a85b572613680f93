/* omrs-console: the console when no command is given, else one command. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "actions.h"
#include "cli_options.h"
#include "tui.h"

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    omrs_cli_options o;
    omrs_error err = {0};
    if (omrs_cli_parse(argc, argv, &o, &err) < 0) {
        fprintf(stderr, "omrs-console: %s\n\n", err.message);
        omrs_print_usage(stderr);
        return 2;
    }
    if (o.help) {
        if (o.word_count > 0 && omrs_print_command_help(o.words[0], stdout, &err) == 0)
            return 0;
        omrs_print_usage(stdout);
        return 0;
    }
    if (o.version) {
        omrs_print_version(stdout);
        return 0;
    }
    if (o.word_count == 2 && strcmp(o.words[0], "help") == 0 && strcmp(o.words[1], "keys") == 0) {
        omrs_actions_print(stdout);   /* the console's keys, from its action table */
        return 0;
    }
    return o.word_count > 0 ? omrs_cli_run(&o) : omrs_tui_run(&o);
}
