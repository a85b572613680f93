#include "cli_options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum long_only {
    OPT_DEFAULTS_FILE = 256,
    OPT_GROUP_SUFFIX,
    OPT_RUNTIME_PROPERTIES,
    OPT_REFRESH,
    OPT_NO_COLOR,
    OPT_JSON,
    OPT_SHOW_CONFIG,
    OPT_HELP,
    OPT_SEARCH_PATH,
    OPT_WAR,
    OPT_DBMS,
    OPT_FORMAT,
    OPT_CONTEXTS,
    OPT_DRY_RUN,
    OPT_YES,
    OPT_FORCE,
    OPT_LOCK_WAIT,
    OPT_MODULES_DIR,
    OPT_OMOD,
    OPT_STATE,
    OPT_SERVER,
    OPT_CLASS,
    OPT_UUID,
    OPT_SINCE,
    OPT_UNTIL,
    OPT_AFTER,
    OPT_LIMIT,
    OPT_THRESHOLDS
};

static const struct option long_options[] = {
    {"host", required_argument, NULL, 'h'},
    {"port", required_argument, NULL, 'P'},
    {"socket", required_argument, NULL, 'S'},
    {"user", required_argument, NULL, 'u'},
    {"password", optional_argument, NULL, 'p'},
    {"database", required_argument, NULL, 'D'},
    {"defaults-file", required_argument, NULL, OPT_DEFAULTS_FILE},
    {"defaults-group-suffix", required_argument, NULL, OPT_GROUP_SUFFIX},
    {"runtime-properties", required_argument, NULL, OPT_RUNTIME_PROPERTIES},
    {"read-only", no_argument, NULL, 'R'},
    {"refresh", required_argument, NULL, OPT_REFRESH},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"json", no_argument, NULL, OPT_JSON},
    {"show-config", no_argument, NULL, OPT_SHOW_CONFIG},
    {"help", no_argument, NULL, OPT_HELP},
    {"search-path", required_argument, NULL, OPT_SEARCH_PATH},
    {"war", required_argument, NULL, OPT_WAR},
    {"dbms", required_argument, NULL, OPT_DBMS},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"contexts", required_argument, NULL, OPT_CONTEXTS},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"yes", no_argument, NULL, OPT_YES},
    {"force", no_argument, NULL, OPT_FORCE},
    {"lock-wait", required_argument, NULL, OPT_LOCK_WAIT},
    {"modules-dir", required_argument, NULL, OPT_MODULES_DIR},
    {"omod", required_argument, NULL, OPT_OMOD},
    {"state", required_argument, NULL, OPT_STATE},
    {"server", required_argument, NULL, OPT_SERVER},
    {"class", required_argument, NULL, OPT_CLASS},
    {"uuid", required_argument, NULL, OPT_UUID},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"after", required_argument, NULL, OPT_AFTER},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"thresholds", required_argument, NULL, OPT_THRESHOLDS},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}
};

static int parse_refresh(const char *text, unsigned *out, omrs_error *err)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno || *end || end == text || n < 1 || n > 86400)
        return omrs_fail(err, OMRS_ERR_USAGE, "--refresh: '%s' is not a number of seconds (1-86400)", text);
    *out = (unsigned)n;
    return 0;
}

static int parse_lock_wait(const char *text, int *out, omrs_error *err)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno || *end || end == text || n < 0 || n > 86400)
        return omrs_fail(err, OMRS_ERR_USAGE, "--lock-wait: '%s' is not a number of seconds (0-86400)", text);
    *out = (int)n;
    return 0;
}

static int parse_format(const char *text, int *out, omrs_error *err)
{
    if (strcmp(text, "8") != 0 && strcmp(text, "9") != 0)
        return omrs_fail(err, OMRS_ERR_USAGE, "--format: '%s' is not a checksum version (8 or 9)", text);
    *out = text[0] - '0';
    return 0;
}

/* Liquibase's short names of the two databases OpenMRS runs on. */
static int parse_dbms(const char *text, const char **out, omrs_error *err)
{
    if (strcmp(text, "mysql") != 0 && strcmp(text, "mariadb") != 0)
        return omrs_fail(err, OMRS_ERR_USAGE, "--dbms: '%s' is not mysql or mariadb", text);
    *out = text;
    return 0;
}

static int refuse_password_value(omrs_error *err)
{
    return omrs_fail(err, OMRS_ERR_USAGE,
                     "a password is not accepted on the command line (any user can read it in the "
                     "process list): use -p alone to be asked, or put it in an option file");
}

/* getopt has just stepped past the offending argument: a long option is named by that
 * argument (without any "=value"), a short one (perhaps in a cluster) by optopt. */
static int bad_option(int opt, char **argv, omrs_error *err)
{
    const char *arg = argv[optind - 1];
    char text[256];
    if (strncmp(arg, "--", 2) == 0)
        snprintf(text, sizeof text, "%.*s", (int)strcspn(arg, "="), arg);
    else
        snprintf(text, sizeof text, "-%c", optopt);
    if (opt == ':')
        return omrs_fail(err, OMRS_ERR_USAGE, "option '%s' needs a value", text);
    return omrs_fail(err, OMRS_ERR_USAGE, "unknown option '%s'", text);
}

/* --limit: a page size, 1 to 100000. */
static int parse_limit(const char *text, unsigned *limit, omrs_error *err)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || !end || *end || end == text || v < 1 || v > 100000 || text[0] == '-')
        return omrs_fail(err, OMRS_ERR_USAGE, "--limit must be a number from 1 to 100000, not '%s'", text);
    *limit = (unsigned)v;
    return 0;
}

static int take_option(int opt, omrs_cli_options *o, char **argv, omrs_error *err)
{
    switch (opt) {
    case 'h': o->conn.host = optarg; return 0;
    case 'P': o->conn.port = optarg; return 0;
    case 'S': o->conn.socket = optarg; return 0;
    case 'u': o->conn.user = optarg; return 0;
    case 'D': o->conn.database = optarg; return 0;
    case 'p':
        if (optarg)
            return refuse_password_value(err);
        o->conn.prompt_password = true;
        return 0;
    case 'R': o->conn.read_only = true; return 0;
    case 'V': o->version = true; return 0;
    case OPT_DEFAULTS_FILE: o->conn.defaults_file = optarg; return 0;
    case OPT_GROUP_SUFFIX: o->conn.group_suffix = optarg; return 0;
    case OPT_RUNTIME_PROPERTIES: o->conn.runtime_props = optarg; return 0;
    case OPT_REFRESH: return parse_refresh(optarg, &o->refresh_seconds, err);
    case OPT_NO_COLOR: o->no_color = true; return 0;
    case OPT_JSON: o->json = true; return 0;
    case OPT_SHOW_CONFIG: o->show_config = true; return 0;
    case OPT_HELP: o->help = true; return 0;
    case OPT_SEARCH_PATH: o->search_path = optarg; return 0;
    case OPT_WAR: o->war = optarg; return 0;
    case OPT_DBMS: return parse_dbms(optarg, &o->dbms, err);
    case OPT_FORMAT: return parse_format(optarg, &o->checksum_format, err);
    case OPT_CONTEXTS: o->contexts = optarg; return 0;
    case OPT_DRY_RUN: o->dry_run = true; return 0;
    case OPT_YES: o->yes = true; return 0;
    case OPT_FORCE: o->force = true; return 0;
    case OPT_LOCK_WAIT: return parse_lock_wait(optarg, &o->lock_wait_seconds, err);
    case OPT_MODULES_DIR: o->modules_dir = optarg; return 0;
    case OPT_OMOD: o->omod = optarg; return 0;
    case OPT_STATE: o->state = optarg; return 0;
    case OPT_SERVER: o->server = optarg; return 0;
    case OPT_CLASS: o->class_name = optarg; return 0;
    case OPT_UUID: o->uuid = optarg; return 0;
    case OPT_SINCE: o->since = optarg; return 0;
    case OPT_UNTIL: o->until = optarg; return 0;
    case OPT_AFTER: o->after = optarg; return 0;
    case OPT_LIMIT: return parse_limit(optarg, &o->limit, err);
    case OPT_THRESHOLDS: o->thresholds = optarg; return 0;
    default: return bad_option(opt, argv, err);
    }
}

int omrs_cli_parse(int argc, char **argv, omrs_cli_options *o, omrs_error *err)
{
    memset(o, 0, sizeof *o);
    o->lock_wait_seconds = -1;
    opterr = 0;
    optind = 0;   /* 0 makes glibc re-initialise, so the parser can run more than once */
    for (;;) {
        optopt = 0;
        int opt = getopt_long(argc, argv, ":h:P:S:u:p::D:RV", long_options, NULL);
        if (opt == -1)
            break;
        if (take_option(opt, o, argv, err) < 0)
            return -1;
    }
    for (int i = optind; i < argc; i++) {
        if (o->word_count == OMRS_MAX_WORDS)
            return omrs_fail(err, OMRS_ERR_USAGE, "too many arguments");
        o->words[o->word_count++] = argv[i];
    }
    return 0;
}
