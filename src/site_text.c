#include "site_text.h"

#include "strutil.h"

#define LABEL "%-16s"

static void print_core(FILE *out, const omrs_site *site)
{
    fprintf(out, LABEL "%s", "OpenMRS core", omrs_or_dash(site->core_version));
    if (site->core_version_basis)
        fprintf(out, " (%s)", site->core_version_basis);
    fputc('\n', out);
    if (!site->has_history_table) {
        fprintf(out, LABEL "no liquibasechangelog table\n", "");
        return;
    }
    fprintf(out, LABEL "%ld core changesets, %ld module changesets applied\n", "",
            site->core_changesets, site->module_changesets);
    const omrs_changeset_ref *last = &site->last_core_changeset;
    if (last->id)
        fprintf(out, LABEL "last: %s by %s (%s) at %s\n", "", last->id, omrs_or_dash(last->author),
                omrs_or_dash(last->filename), omrs_or_dash(last->date_executed));
}

static void print_lock(FILE *out, const omrs_site *site)
{
    if (!site->has_lock_table)
        fprintf(out, LABEL "no liquibasechangeloglock table\n", "Liquibase lock");
    else if (site->lock_held)
        fprintf(out, LABEL "HELD by %s since %s\n", "Liquibase lock", omrs_or_dash(site->locked_by),
                omrs_or_dash(site->lock_granted));
    else
        fprintf(out, LABEL "free\n", "Liquibase lock");
}

static void print_sync(FILE *out, const omrs_site *site)
{
    fprintf(out, LABEL "%s", "Sync role", omrs_sync_role_name(site->sync_role));
    if (site->sync_role != OMRS_SYNC_NOT_INSTALLED)
        fprintf(out, " (parents: %ld, children: %ld; server uuid %s)", site->sync_parents,
                site->sync_children, omrs_or_dash(site->sync_server_uuid));
    fputc('\n', out);
}

static void print_modules(FILE *out, const omrs_site *site)
{
    fprintf(out, "\nModules known to the database (global properties):\n");
    if (site->module_count == 0) {
        fputs("  none\n", out);
        return;
    }
    fprintf(out, "  %-24s %-8s %-10s %-18s %s\n", "id", "started", "mandatory", "database_version",
            "version");
    for (size_t i = 0; i < site->module_count; i++) {
        const omrs_module_gps *m = &site->modules[i];
        fprintf(out, "  %-24s %-8s %-10s %-18s %s\n", m->id, omrs_or_dash(m->started), omrs_or_dash(m->mandatory),
                omrs_or_dash(m->database_version), omrs_or_dash(m->version));
    }
}

void omrs_site_print(FILE *out, const omrs_site *site)
{
    fprintf(out, LABEL "%s\n", "Site", omrs_site_display_name(site));
    fprintf(out, LABEL "%s (%s)\n", "Server", omrs_or_dash(site->server_version),
            site->is_mariadb ? "MariaDB" : "MySQL");
    fprintf(out, LABEL "%s (account %s%s)\n", "Database", omrs_or_dash(site->database),
            omrs_or_dash(site->account), site->read_only ? ", read-only" : "");
    print_core(out, site);
    print_lock(out, site);
    print_sync(out, site);
    print_modules(out, site);
}

