/* Non-interactive commands. Each is declared once in the command table (cli.c), from
 * which dispatch, --help and `help COMMAND` are made. */
#ifndef OMRS_CLI_H
#define OMRS_CLI_H

#include <stdio.h>

#include "cli_options.h"
#include "error.h"

typedef struct omrs_command {
    const char *name;
    const char *synopsis;   /* arguments and options after the name */
    const char *summary;    /* one line for --help */
    const char *details;    /* paragraph for `help NAME` */
    /* 0: success; -1: failed, err says why (exit 2 for usage, else 1); a positive value
     * is the exit status itself, for commands whose status is their answer (sync check). */
    int (*run)(const omrs_cli_options *o, FILE *out, omrs_error *err);
} omrs_command;

/* Runs the command named by o->words[0]; returns the process exit status. */
int omrs_cli_run(const omrs_cli_options *o);

const omrs_command *omrs_command_find(const char *name);
const omrs_command *omrs_commands(size_t *count);

void omrs_print_usage(FILE *out);
void omrs_print_version(FILE *out);
int omrs_print_command_help(const char *name, FILE *out, omrs_error *err);

/* Before any change: refuses with -R ("refused: WHAT changes the database and -R is
 * set"), and asks on /dev/tty after the caller has shown what will change (--yes answers
 * for scripts; no terminal and no --yes is an error). Both return 0 to go ahead. */
int omrs_cli_refuse_read_only(const omrs_cli_options *o, const char *what, omrs_error *err);
int omrs_cli_confirm(const omrs_cli_options *o, const char *question, omrs_error *err);

/* The commands. */
int omrs_cmd_info(const omrs_cli_options *o, FILE *out, omrs_error *err);
int omrs_cmd_help(const omrs_cli_options *o, FILE *out, omrs_error *err);
int omrs_cmd_changelog(const omrs_cli_options *o, FILE *out, omrs_error *err);
int omrs_cmd_module(const omrs_cli_options *o, FILE *out, omrs_error *err);
int omrs_cmd_module_apply(const omrs_cli_options *o, FILE *out, omrs_error *err);
int omrs_cmd_sync(const omrs_cli_options *o, FILE *out, omrs_error *err);
int omrs_cmd_classes(const omrs_cli_options *o, FILE *out, omrs_error *err);

#endif
