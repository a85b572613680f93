/* Evaluates the <preConditions> of every changeSet of a changelog against a real server and
 * prints one line per changeSet, for tests/integration/lb_preconditions.sh:
 *
 *   precondition_probe SEARCH_DIR CHANGELOG
 *
 *   ID <TAB> passed|failed|error <TAB> -|HALT|CONTINUE|MARK_RAN|WARN <TAB> message [<TAB> needs-openmrs]
 *   ID <TAB> filtered                         the changeSet's dbms attribute excludes PROBE_DBMS
 *   ID <TAB> fatal <TAB> code <TAB> message    lb_preconditions_check returned -1
 *
 * Environment: PROBE_DEFAULTS_FILE, PROBE_DATABASE, PROBE_READ_ONLY=1 (connection, as
 * write_probe); PROBE_DBMS (default mariadb); PROBE_SQL_OUTPUT=1 (update-sql mode);
 * PROBE_CHANGELOG_FILE (env.changelog_file); PROBE_LCTN (pretend the server has this
 * lower_case_table_names, to exercise the case-insensitive path); PROBE_BETWEEN_SQL: after a first pass, run this
 * statement (test set-up, through the raw connection) and make a second pass with the same
 * env, its lines prefixed "2:" — DDL between two checks must be seen.
 * Exit status: 0, or 1 when the changelog or the connection cannot be opened. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changelog.h"
#include "conn.h"
#include "dbms.h"
#include "history.h"
#include "probe_env.h"
#include "precondition.h"
#include "resources.h"
#include "session.h"

/* Tabs and newlines would break the line format. */
static void print_flat(const char *s)
{
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void report(const char *prefix, const lb_changeset *cs, int rc, const lb_pre_result *res,
                   const omrs_error *err)
{
    printf("%s%s\t", prefix, cs->id);
    if (rc < 0) {
        printf("fatal\t%d\t", (int)err->code);
        print_flat(err->message);
    } else {
        printf("%s\t%s\t", lb_pre_outcome_name(res->outcome),
               res->outcome == LB_PRE_PASSED ? "-" : lb_pre_action_name(res->action));
        print_flat(res->message);
        if (res->needs_openmrs)
            printf("\tneeds-openmrs");
    }
    putchar('\n');
}

static void check_all(lb_pre_env *env, const lb_changelog *cl, const char *prefix)
{
    for (size_t i = 0; i < cl->count; i++) {
        const lb_changeset *cs = &cl->changesets[i];
        if (!lb_dbms_matches(cs->dbms, env->dbms, true)) {
            printf("%s%s\tfiltered\n", prefix, cs->id);
            continue;
        }
        lb_pre_result res;
        omrs_error err = {0};
        env->changeset = cs;
        int rc = lb_preconditions_check(env, &res, &err);
        report(prefix, cs, rc, &res, &err);
    }
}

static int open_changelog(const char *dir, const char *path, const char *dbms, lb_resources **r,
                          lb_changelog *cl, omrs_error *err)
{
    if (lb_resources_open_dir(dir, r, err) < 0)
        return -1;
    return lb_changelog_load(*r, path, dbms, cl, err);
}

static int probe(omrs_conn *c, const lb_changelog *cl, const char *dbms, omrs_error *err)
{
    lb_history h;
    lb_pre_env env;
    if (lb_history_load(c, &h, err) < 0)
        return -1;
    if (lb_pre_env_init(&env, c, dbms, &h, err) < 0) {
        lb_history_free(&h);
        return -1;
    }
    const char *sql_output = getenv("PROBE_SQL_OUTPUT"), *between = getenv("PROBE_BETWEEN_SQL");
    env.sql_output = sql_output && strcmp(sql_output, "1") == 0;
    env.changelog_file = getenv("PROBE_CHANGELOG_FILE");
    if (env.changelog_file && !*env.changelog_file)
        env.changelog_file = NULL;
    if (getenv("PROBE_LCTN"))
        env.lower_case_table_names = atoi(getenv("PROBE_LCTN"));
    check_all(&env, cl, "");
    if (between) {
        if (mysql_query(c->mysql, between) != 0)   /* set-up for the second pass, not under test */
            printf("between: %s\n", mysql_error(c->mysql));
        check_all(&env, cl, "2:");
    }
    lb_history_free(&h);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: precondition_probe SEARCH_DIR CHANGELOG\n");
        return 2;
    }
    const char *dbms = getenv("PROBE_DBMS") ? getenv("PROBE_DBMS") : "mariadb";
    omrs_settings s = {0};
    omrs_conn c = {0};
    omrs_error err = {0};
    lb_resources *r = NULL;
    lb_changelog cl = {0};
    int rc = open_changelog(argv[1], argv[2], dbms, &r, &cl, &err) < 0
        || probe_connect(&s, &c, &err) < 0
        || probe(&c, &cl, dbms, &err) < 0;
    if (rc)
        printf("probe: %s\n", err.message);
    omrs_conn_close(&c);
    omrs_settings_free(&s);
    lb_changelog_free(&cl);
    if (r)
        lb_resources_free(r);
    return rc;
}
