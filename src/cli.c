#include "cli.h"

#include <string.h>

static const omrs_command commands[] = {
    {
        .name = "info",
        .synopsis = "[--json] [--show-config]",
        .summary = "site summary: server, OpenMRS version, modules, sync role, Liquibase lock",
        .details =
            "Connects and prints what the database says about the site: the server version,\n"
            "the OpenMRS core version as far as the database shows it (global property\n"
            "core.version on 2.9+, else the newest core changelog in liquibasechangelog),\n"
            "the modules known from global properties (<id>.started, <id>.mandatory,\n"
            "<id>.database_version, module.<id>.version), the sync role (parent, child,\n"
            "both or none, from sync_server) and whether a Liquibase lock is held.\n"
            "--json prints the same as one JSON object. --show-config prints each connection\n"
            "setting and where it came from (password masked), then connects as usual.\n"
            "Only SELECT statements are sent: it works for a SELECT-only account with -R.",
        .run = omrs_cmd_info,
    },
    {
        .name = "changelog",
        .synopsis = "checksums|status [--search-path DIR|JAR | --war FILE] [--format 8|9] "
                    "[--dbms mysql|mariadb] [--contexts LIST] [--json] CHANGELOG",
        .summary = "Liquibase changelogs: checksums and status, as Liquibase computes them",
        .details =
            "changelog checksums prints, for every changeSet of CHANGELOG and the files it\n"
            "includes, in execution order, one line: id<TAB>author<TAB>filename<TAB>md5sum,\n"
            "the values Liquibase stores in liquibasechangelog. CHANGELOG is relative to the\n"
            "search path: a directory (default: the current one), a jar, or with --war the\n"
            "openmrs-api jar inside an openmrs.war, read in memory. --format 9 (default) is\n"
            "Liquibase 4.22+ (OpenMRS 2.7+), 8 is Liquibase 3.5-4.21 (OpenMRS 2.4-2.6).\n"
            "--dbms (default mysql) is the database Liquibase would be connected to: it\n"
            "decides which dbms-specific changeSets, changes and modifySql count.\n\n"
            "changelog status connects (read-only statements only) and compares CHANGELOG\n"
            "with liquibasechangelog as Liquibase 4.28 does: each changeSet is ran, mark-ran,\n"
            "pending, run-always, run-on-change (checksum changed, runs again), changed\n"
            "(checksum changed: Liquibase's validation fails and nothing runs, so every\n"
            "pending changeSet is blocked), filtered-dbms or filtered-context. NULL\n"
            "checksums count as valid (Liquibase fills them in). Pending changeSets with a\n"
            "customChange need OpenMRS to run them. The dbms defaults to what the server\n"
            "is (MariaDB: mariadb, as Liquibase detects it); OpenMRS core runs with\n"
            "--contexts core, modules with none. Text lists what is not ran; --json lists all.\n"
            "update, update-sql and the rest of the Liquibase engine are not written yet.",
        .run = omrs_cmd_changelog,
    },
    {
        .name = "help",
        .synopsis = "[COMMAND]",
        .summary = "show help for a command",
        .details = "Prints the usage, or the help of one command.",
        .run = omrs_cmd_help,
    },
};

const omrs_command *omrs_commands(size_t *count)
{
    *count = sizeof commands / sizeof *commands;
    return commands;
}

const omrs_command *omrs_command_find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int usage_error(const omrs_error *err)
{
    fprintf(stderr, "omrs-console: %s\n\n", err->message);
    omrs_print_usage(stderr);
    return 2;
}

int omrs_cli_run(const omrs_cli_options *o)
{
    omrs_error err = {0};
    const omrs_command *cmd = omrs_command_find(o->words[0]);
    if (!cmd) {
        omrs_fail(&err, OMRS_ERR_USAGE, "unknown command '%s'", o->words[0]);
        return usage_error(&err);
    }
    if (cmd->run(o, stdout, &err) == 0)
        return fflush(stdout) == 0 ? 0 : 1;
    if (err.code == OMRS_ERR_USAGE)
        return usage_error(&err);
    fprintf(stderr, "omrs-console: %s\n", err.message);
    return omrs_exit_status(err.code);
}
