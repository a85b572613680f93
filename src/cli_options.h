/* The command line: connection options in the manner of the mariadb client, the
 * console's own options, and the command words. Options may appear anywhere. */
#ifndef OMRS_CLI_OPTIONS_H
#define OMRS_CLI_OPTIONS_H

#include <stdbool.h>

#include "error.h"
#include "settings.h"

#define OMRS_MAX_WORDS 16

typedef struct omrs_cli_options {
    omrs_conn_flags conn;
    bool json, show_config, no_color, help, version;
    unsigned refresh_seconds;      /* 0: the default */
    const char *search_path;       /* --search-path DIR or JAR */
    const char *war;               /* --war FILE */
    const char *modules_dir;       /* --modules-dir DIR */
    const char *omod;              /* --omod FILE */
    /* sync record filters and pages */
    const char *state;             /* --state LIST (comma-separated state names) */
    const char *server;            /* --server ID|UUID|NICKNAME */
    const char *class_name;        /* --class TEXT */
    const char *uuid;              /* --uuid UUID */
    const char *since, *until;     /* --since / --until 'YYYY-MM-DD[ HH:MM:SS]' */
    const char *after;             /* --after CURSOR (keyset pagination) */
    unsigned limit;                /* --limit N; 0: the default */
    const char *thresholds;        /* --thresholds NAME=VALUE,... (sync check) */
    const char *dbms;              /* --dbms NAME */
    const char *contexts;          /* --contexts LIST */
    bool dry_run, yes, force;      /* --dry-run, --yes, --force */
    int lock_wait_seconds;         /* --lock-wait; -1: Liquibase's 5 minutes */
    int checksum_format;           /* --format 8|9; 0: the default */
    const char *words[OMRS_MAX_WORDS];
    int word_count;
} omrs_cli_options;

/* Parses argv (argv is not modified beyond getopt's permutation). */
int omrs_cli_parse(int argc, char **argv, omrs_cli_options *o, omrs_error *err);

#endif
