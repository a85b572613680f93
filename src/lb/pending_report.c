#include "pending_report.h"

#include "changelog.h"
#include "history.h"
#include "sqlgen.h"
#include "status.h"

static bool worth_showing(lb_state s)
{
    return s == LB_PENDING || s == LB_RUN_ALWAYS || s == LB_RUN_ON_CHANGE || s == LB_CHANGED;
}

static int print_entry(const lb_status_entry *e, const char *dbms, FILE *out, omrs_error *err)
{
    fprintf(out, "%s  %s::%s::%s (%s line %u)\n", lb_state_name(e->state), e->cs->id, e->cs->author,
            e->cs->filename, e->cs->source, e->cs->line);
    if (e->needs_openmrs) {
        fputs("    (a customChange: only OpenMRS's own code can run it)\n", out);
        return 0;
    }
    lb_sql_options so = {.dbms = dbms, .catalog = NULL, .liquibase_major = 4};
    lb_sql_list sqls = {0};
    if (lb_changeset_sql(e->cs->node, &so, &sqls, err) < 0)
        return -1;
    for (size_t i = 0; i < sqls.count; i++)
        fprintf(out, "    %s;\n", sqls.items[i]);
    lb_sql_list_free(&sqls);
    return 0;
}

int lb_pending_report(omrs_conn *c, lb_resources *r, const char *path, const char *dbms, const char *contexts,
                      FILE *out, omrs_error *err)
{
    lb_changelog cl;
    if (lb_changelog_load(r, path, dbms, &cl, err) < 0)
        return -1;
    lb_history h;
    if (lb_history_load(c, &h, err) < 0) {
        lb_changelog_free(&cl);
        return -1;
    }
    lb_status st;
    lb_status_options so = {.dbms = dbms, .contexts = contexts, .latest_version = 9};
    int rc = lb_status_compute(&cl, &h, &so, &st, err);
    if (rc == 0) {
        size_t shown = 0;
        for (size_t i = 0; rc == 0 && i < st.count; i++)
            if (worth_showing(st.entries[i].state) && (shown++, print_entry(&st.entries[i], dbms, out, err) < 0))
                rc = -1;
        if (rc == 0 && !shown)
            fputs("nothing to run\n", out);
        lb_status_free(&st);
    }
    lb_history_free(&h);
    lb_changelog_free(&cl);
    return rc;
}
