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
        .synopsis = "checksums|status|plan|lint|update|update-sql|changelog-sync|release-locks [--search-path DIR|JAR | "
                    "--war FILE] [--format 8|9] [--dbms mysql|mariadb] [--contexts LIST] [--json] [--dry-run] "
                    "[--yes] [--force] [CHANGELOG]",
        .summary = "Liquibase changelogs: checksums, status, update, as Liquibase does them",
        .details =
            "CHANGELOG is relative to the search path: a directory (default: the current one),\n"
            "a jar, or with --war the openmrs-api jar inside an openmrs.war, read in memory.\n"
            "--dbms is the database Liquibase would see (default: what the server is; MariaDB\n"
            "is mariadb, so dbms=\"mysql\" changeSets do not run there); --contexts the run's\n"
            "contexts (OpenMRS core: core; modules: none).\n\n"
            "checksums   id<TAB>author<TAB>filename<TAB>md5sum for every changeSet, in order, as\n"
            "            Liquibase stores them; --format 9 (default, Liquibase 4.22+, OpenMRS\n"
            "            2.7+) or 8 (Liquibase 3.5-4.21, OpenMRS 2.4-2.6); --dbms default mysql.\n"
            "status      compares with liquibasechangelog (read-only): ran, mark-ran, pending,\n"
            "            run-always, run-on-change, changed (validation fails: nothing would run,\n"
            "            pending ones are blocked), filtered-dbms, filtered-context; --json.\n"
            "plan        without a CHANGELOG: which core changelogs OpenMRS itself would run\n"
            "            here (newest snapshot whose changeSets all ran, then newer update\n"
            "            files with something to run; on an empty database the newest\n"
            "            snapshots and the updates above them); --json.\n"
            "lint        OpenMRS's changeSet conventions: a precondition on every changeSet,\n"
            "            one change per changeSet, a <comment>; with connection options also\n"
            "            changeSets edited after they ran. Exit 1 when there are findings.\n"
            "update      runs what is pending (without CHANGELOG: the plan's files, each on\n"
            "            its own, context core), as OpenMRS drives Liquibase: takes the lock\n"
            "            (waits up to 5 minutes), validates, then per changeSet: preconditions\n"
            "            (onFail/onError HALT, CONTINUE, MARK_RAN, WARN), statements, commit,\n"
            "            history row; stops at a failure naming the changeSet, its file, the SQL\n"
            "            and the server's error, with no row for it; releases the lock always.\n"
            "            Shows the plan and asks (--yes for scripts); --dry-run prints the SQL\n"
            "            instead; refused with -R; logged to the audit log.\n"
            "update-sql  the SQL script update would run (lock, changes, history inserts,\n"
            "            unlock) for a site that cannot run the tool; read-only.\n"
            "changelog-sync  records every pending changeSet as run, running nothing.\n"
            "release-locks   frees the Liquibase lock: shows holder and age, refuses while a\n"
            "            connection from the holder is open unless --force; asks; logged.\n"
            "A customChange needs OpenMRS's Java code: update stops before it and says so.",
        .run = omrs_cmd_changelog,
    },
    {
        .name = "module",
        .synopsis = "status|lint|apply [--modules-dir DIR | --omod FILE] [--war FILE] [--json] [--dry-run] [--yes] "
                    "[--force] [FILE|ID]",
        .summary = "modules: what their sqldiff.xml and liquibase.xml will do, before OpenMRS starts them",
        .details =
            "status  every .omod of the modules directory (--modules-dir; default\n"
            "        $OPENMRS_APPLICATION_DATA_DIRECTORY/modules, else ~/.OpenMRS/modules) or\n"
            "        the one --omod FILE, beside what the database says (<id>.database_version,\n"
            "        <id>.started, <id>.mandatory, module.<id>.version) and the core version:\n"
            "        whether OpenMRS would start it (require_version, required modules), the\n"
            "        sqldiff.xml diffs it would run, in OpenMRS's order and with OpenMRS's\n"
            "        version comparison, where sqldiff.xml and liquibase.xml were found (the\n"
            "        api jar lib/<id>-api-<version>.jar or the omod root), and how many\n"
            "        liquibase.xml changeSets would run. --json adds each pending diff's SQL\n"
            "        and the statements OpenMRS would send. Read-only.\n"
            "        --war FILE: judge against the core version of an openmrs.war about to be\n"
            "        deployed instead of the database's. Exit 1 when a module could not be\n"
            "        read or would not start.\n"
            "lint    a sqldiff.xml (or the one inside an .omod): versions not increasing,\n"
            "        duplicates, non-numeric versions, missing <sql>, ';' inside a string,\n"
            "        comment or routine body (OpenMRS splits there), statements MySQL\n"
            "        Connector/J refuses on OpenMRS's executeQuery path. Exit 1 on findings.\n"
            "apply ID  does to the database what OpenMRS does when it starts module ID: the\n"
            "        pending sqldiff.xml diffs in version order, each statement on its own\n"
            "        and committed (split at every ';' as OpenMRS splits), <id>.database_version\n"
            "        written after each whole diff; then liquibase.xml, no contexts, recorded\n"
            "        as FILENAME liquibase.xml (on OpenMRS 2.9+ only when module.<id>.version\n"
            "        differs from the file's version, as OpenMRS does). A failing statement\n"
            "        stops everything: the error names module, file, line, diff and statement;\n"
            "        the statements before it stay, the property stays at the last whole diff.\n"
            "        Refuses a module OpenMRS would not start, and a pending diff whose version\n"
            "        is not made of numbers (--force: run it as OpenMRS would). Shows the\n"
            "        plan and asks (--yes), --dry-run prints the SQL, refused with -R, logged.\n"
            "        <id>.started and module.<id>.version are left to OpenMRS: its activator\n"
            "        still has to run when it starts the module.",
        .run = omrs_cmd_module,
    },
    {
        .name = "sync",
        .synopsis = "status|check|indexes|records|record|reset|remove|reset-retries|backport|cleanup|uninstall "
                    "[options] [ARGS]",
        .summary = "Sync module: servers, backlog, blocked records, record browser, admin actions",
        .details =
            "status [--json]  this server's sync identity and role; its parent and children\n"
            "        (address, last sync and its state, disabled); per server the records\n"
            "        waiting to go there by state (to the parent: sync_record; to others:\n"
            "        sync_server_record), the oldest waiting one, those one failed round from\n"
            "        FAILED_AND_STOPPED, the FAILED_AND_STOPPED records that block the queue\n"
            "        with their error, incoming records by state (sync_import), sync_import's\n"
            "        size and growth, failed transmissions. SELECTs only (-R, SELECT-only\n"
            "        accounts); --json prints all of it.\n"
            "check [--thresholds NAME=VALUE,...] [--json]  a monitoring verdict: first line\n"
            "        \"SYNC OK|WARNING|CRITICAL - reasons\", then one finding a line; exit 0\n"
            "        OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the state could not be read). Any\n"
            "        FAILED_AND_STOPPED record is CRITICAL; an error last-sync state is a\n"
            "        WARNING; a disabled server is only noted. Thresholds (0 turns one off):\n"
            "        backlog_warn [500] backlog_crit [5000] (records waiting for a server),\n"
            "        age_warn [24] age_crit [72] (hours the oldest waited), last_sync_warn\n"
            "        [24] last_sync_crit [168] (hours since a server synced), retry_warn [1],\n"
            "        import_failed_warn [1], import_growth_warn [0],\n"
            "        transmission_fail_warn [3].\n"
            "indexes [add|drop [NAME...]]  the omrs_* indexes that keep these views fast on\n"
            "        large tables and whether each is present; add/drop show the SQL, ask,\n"
            "        are logged and refused with -R. The module works the same without them.\n"
            "records [--state LIST] [--server X] [--class TEXT] [--uuid U] [--since D]\n"
            "        [--until D] [--limit N] [--after CURSOR] [--json]  one page of records\n"
            "        in the module's queue order (timestamp, record_id), keyset-paginated:\n"
            "        the last line (JSON: \"next\") is the next page's cursor. With --server\n"
            "        the state and retries are that server's.\n"
            "record ID|UUID [--json]  one record: its columns, its row per server, its\n"
            "        sync_import row, each payload item (class, uuid, action) and the payload\n"
            "        pretty-printed (a malformed payload is shown raw with libxml2's error).\n"
            "Admin actions: each shows the rows it changes and the exact SQL, asks (--yes),\n"
            "runs in one transaction, is logged; --dry-run only shows; -R refuses.\n"
            "reset ID|UUID... [--server X|all]  queue records again, as the history page\n"
            "        does: state NEW, retry_count 0 (no --server: sync_record; --server X:\n"
            "        X's sync_server_record rows; all: the view-record page's reset, every\n"
            "        server's row too). Committed rows and rows already NEW are refused.\n"
            "remove ID|UUID... [--server X|all]  the same with NOT_SUPPOSED_TO_SYNC.\n"
            "reset-retries  every FAILED_AND_STOPPED sync_record becomes FAILED, retry 0 (the\n"
            "        status page's \"reset attempts\").\n"
            "backport --server X --since DATE  if a record is as recent as DATE, every record\n"
            "        without a row for X gets one (NEW, retry 0), as the maintenance page.\n"
            "cleanup [records] [--until DATE] [--state LIST]  the \"Cleanup Old Sync Records\"\n"
            "        task: COMMITTED/NOT_SUPPOSED_TO_SYNC server rows of records older than\n"
            "        the cut-off, then those records (default cut-off: 90 days).\n"
            "cleanup transmission-logs [--until DATE]  the \"Clean Old Transmission Logs\n"
            "        Records\" task (default: older than 7 days).\n"
            "uninstall [--dry-run | --yes DATABASE]  removes the module's tables, tasks,\n"
            "        sync.* global properties, privileges and changelog rows (the statements\n"
            "        of sql/sync-uninstall.sql), FK-safe and re-runnable; prints a backup\n"
            "        reminder and asks you to type the database name. Stop OpenMRS and\n"
            "        remove the sync .omod first.",
        .run = omrs_cmd_sync,
    },
    {
        .name = "classes",
        .synopsis = "list|set|add|remove|preset|impact|presets [--server X] [--json] [--dry-run] [--yes] [ARGS]",
        .summary = "Sync class ignore lists: defaults and per-server send/receive, with impact preview",
        .details =
            "[list] [--server X] [--json]   the defaults, the names never journalled, and\n"
            "        per server and class the effective send/receive decision and where it\n"
            "        comes from.\n"
            "set NAME send|receive|both on|off [--server X]  without --server the default\n"
            "        list's flags; with it that server's rows, as the module's server form\n"
            "        saves them (off sets the flag 0 on every row of that name or adds one;\n"
            "        on sets it back to 1; rows are never deleted).\n"
            "add NAME | remove NAME|id:N   a default-list name (added excluded both ways;\n"
            "        removed only when no server still excludes it).\n"
            "preset formentry|alert-recipient [--server X]  the seeds' advice: exclude\n"
            "        org.openmrs.module.formentry / org.openmrs.notification.AlertRecipient\n"
            "        both ways, on the default list and every server (or one).\n"
            "impact EDIT...   the impact preview of an edit, changing nothing.\n"
            "presets         the presets and the seed each comes from.\n"
            "A record is refused for a server when one of its classes matches the module's\n"
            "Java regex \".*<NAME.*>*\" for a name excluded on that server; a change is not\n"
            "journalled at all when its class starts with a name excluded both ways on every\n"
            "server. Each edit shows the rows and SQL and, per server, how many pending\n"
            "records become excluded or included, then asks (--yes), runs in one\n"
            "transaction and is logged; --dry-run only shows; -R refuses. Restart OpenMRS\n"
            "afterwards: it caches these lists.",
        .run = omrs_cmd_classes,
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
    int rc = cmd->run(o, stdout, &err);
    if (rc >= 0)   /* 0, or a status the command chose (sync check: 1 warning, 2 critical) */
        return fflush(stdout) == 0 ? rc : 1;
    if (err.code == OMRS_ERR_USAGE)
        return usage_error(&err);
    fprintf(stderr, "omrs-console: %s\n", err.message);
    return omrs_exit_status(err.code);
}
