#include <string.h>

#include "cli.h"
#include "config.h"

typedef struct option_help {
    const char *flags;
    const char *text;
} option_help;

static const option_help connection_options[] = {
    {"-h, --host=HOST", "database server host"},
    {"-P, --port=PORT", "database server TCP port"},
    {"-S, --socket=PATH", "database server unix socket"},
    {"-u, --user=NAME", "database account"},
    {"-p, --password", "ask for the password (a value here is refused)"},
    {"-D, --database=NAME", "the OpenMRS database (default: openmrs)"},
    {"    --defaults-file=FILE", "read only this MariaDB option file"},
    {"    --defaults-group-suffix=SUF", "also read option group [clientSUF]"},
    {"    --runtime-properties=FILE", "read connection.url/username/password from FILE"},
};

static const option_help console_options[] = {
    {"-R, --read-only", "never change the database (session, core and console)"},
    {"    --refresh=SECONDS", "refresh the console every SECONDS"},
    {"    --no-color", "no colours (also when NO_COLOR is set)"},
    {"    --json", "machine-readable output (info)"},
    {"    --show-config", "print each connection setting and its source (info)"},
    {"    --search-path=DIR|JAR", "where changelogs are read from (changelog)"},
    {"    --war=FILE", "read changelogs (changelog) or the core version (module) from it"},
    {"    --modules-dir=DIR", "where the .omod files are (module; default: the data directory's modules/)"},
    {"    --omod=FILE", "look at this one .omod file (module)"},
    {"    --format=8|9", "checksum version (changelog checksums; default 9)"},
    {"    --dbms=mysql|mariadb", "database type Liquibase would see (changelog)"},
    {"    --contexts=LIST", "Liquibase contexts of the run (changelog)"},
    {"    --dry-run", "show what would run, change nothing (changelog, module, sync)"},
    {"    --yes", "do not ask before changing the database"},
    {"    --force", "release a lock held by a live holder; run an odd diff version"},
    {"    --lock-wait=SECONDS", "how long to wait for the Liquibase lock (default 300)"},
    {"    --state=LIST", "sync record states, comma-separated (sync records, actions)"},
    {"    --server=ID|UUID|NAME", "a sync server by server_id, uuid or nickname (sync, classes)"},
    {"    --class=TEXT", "records containing this class (sync records)"},
    {"    --uuid=UUID", "the record with this uuid or original uuid (sync records)"},
    {"    --since=DATE, --until=DATE", "record timestamps from / before (sync records, cleanup)"},
    {"    --after=CURSOR", "the next page after this cursor (sync records)"},
    {"    --limit=N", "page size (sync records)"},
    {"    --thresholds=NAME=VALUE,...", "warning and critical limits (sync check)"},
    {"    --help", "this help"},
    {"-V, --version", "version"},
};

static void print_options(FILE *out, const char *title, const option_help *opts, size_t n)
{
    fprintf(out, "%s:\n", title);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "  %-32s %s\n", opts[i].flags, opts[i].text);
}

void omrs_print_usage(FILE *out)
{
    size_t n;
    const omrs_command *cmds = omrs_commands(&n);
    fputs("Usage: omrs-console [OPTIONS]                 open the console\n"
          "       omrs-console [OPTIONS] COMMAND [ARGS]  run one command and exit\n\n"
          "Commands:\n", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
    fputc('\n', out);
    print_options(out, "Connection options (as the mariadb client)", connection_options,
                  sizeof connection_options / sizeof *connection_options);
    fputc('\n', out);
    print_options(out, "Other options", console_options, sizeof console_options / sizeof *console_options);
    fputs("\nSettings come from, lowest first: defaults, openmrs-runtime.properties found where\n"
          "OpenMRS looks for it, MariaDB option files, OPENMRS_RUNTIME_PROPERTIES_FILE, flags.\n"
          "See omrs-console(1).\n", out);
}

void omrs_print_version(FILE *out)
{
    fprintf(out, "omrs-console %s\n", PACKAGE_VERSION);
}

int omrs_print_command_help(const char *name, FILE *out, omrs_error *err)
{
    const omrs_command *cmd = omrs_command_find(name);
    if (!cmd)
        return omrs_fail(err, OMRS_ERR_USAGE, "unknown command '%s'", name);
    fprintf(out, "Usage: omrs-console [OPTIONS] %s %s\n\n%s\n\n%s\n", cmd->name, cmd->synopsis,
            cmd->summary, cmd->details);
    return 0;
}

int omrs_cmd_help(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    if (o->word_count > 2)
        return omrs_fail(err, OMRS_ERR_USAGE, "help takes at most one command name");
    if (o->word_count == 2)
        return omrs_print_command_help(o->words[1], out, err);
    omrs_print_usage(out);
    return 0;
}
