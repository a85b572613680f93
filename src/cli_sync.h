/* The `sync` command's subcommands, each in the file named for it; cli_sync.c only
 * dispatches. All take the parsed options (o->words[0] is "sync", o->words[1] the
 * subcommand) and return 0 or -1 with err set. */
#ifndef OMRS_CLI_SYNC_H
#define OMRS_CLI_SYNC_H

#include <stdio.h>

#include "cli_options.h"
#include "error.h"

/* cli_sync_status.c: status [--json], check [--thresholds ...], indexes [add|drop] */
int omrs_sync_cmd_status(const omrs_cli_options *o, FILE *out, omrs_error *err);
int omrs_sync_cmd_check(const omrs_cli_options *o, FILE *out, omrs_error *err);
int omrs_sync_cmd_indexes(const omrs_cli_options *o, FILE *out, omrs_error *err);

/* cli_sync_records.c: records [filters] (one page), record ID|UUID (one record, its items) */
int omrs_sync_cmd_records(const omrs_cli_options *o, FILE *out, omrs_error *err);
int omrs_sync_cmd_record(const omrs_cli_options *o, FILE *out, omrs_error *err);

/* cli_sync_actions.c: reset, remove, reset-retries, backport, cleanup, uninstall */
int omrs_sync_cmd_action(const omrs_cli_options *o, FILE *out, omrs_error *err);

#endif
