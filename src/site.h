/* What a database is: server, OpenMRS core version as far as the database shows it,
 * modules known to it, its sync role and the Liquibase lock. Read with a handful of
 * queries, all SELECTs, so it works for a SELECT-only monitoring account. */
#ifndef OMRS_SITE_H
#define OMRS_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "conn.h"
#include "error.h"

typedef struct omrs_module_gps {
    char *id;
    char *started;            /* <id>.started */
    char *mandatory;          /* <id>.mandatory */
    char *database_version;   /* <id>.database_version (sqldiff) */
    char *version;            /* module.<id>.version (OpenMRS 2.9+) */
} omrs_module_gps;

typedef enum omrs_sync_role {
    OMRS_SYNC_NOT_INSTALLED = 0,  /* no sync tables */
    OMRS_SYNC_NONE,               /* tables, but no parent and no children */
    OMRS_SYNC_PARENT,             /* has children */
    OMRS_SYNC_CHILD,              /* has a parent */
    OMRS_SYNC_BOTH                /* has a parent and children */
} omrs_sync_role;

typedef struct omrs_changeset_ref {
    char *id, *author, *filename, *date_executed;
} omrs_changeset_ref;

typedef struct omrs_site {
    char *server_version;
    bool is_mariadb;
    char *database;
    char *account;              /* CURRENT_USER() */
    bool read_only;

    char *core_version;         /* e.g. "2.9.0" or "3.0.x"; NULL when nothing tells */
    char *core_version_basis;   /* what the version was read from */
    long core_changesets;       /* history rows of core changelogs */
    long module_changesets;     /* history rows with FILENAME liquibase.xml (modules) */
    omrs_changeset_ref last_core_changeset;

    omrs_module_gps *modules;
    size_t module_count;

    omrs_sync_role sync_role;
    char *sync_server_uuid, *sync_server_name;
    long sync_parents, sync_children;

    bool has_history_table, has_lock_table;
    bool lock_held;
    char *lock_granted, *locked_by;
} omrs_site;

int omrs_site_load(omrs_conn *c, omrs_site *site, omrs_error *err);
void omrs_site_free(omrs_site *site);

/* True when a server version string is MariaDB's (Liquibase's test: "mariadb" in it,
 * any case); MySQL Connector/J sees MariaDB that way too. */
bool omrs_version_is_mariadb(const char *server_version);

/* The name a human calls this site: sync.server_name, else the database name. */
const char *omrs_site_display_name(const omrs_site *site);
const char *omrs_sync_role_name(omrs_sync_role role);

/* The role from how many parents and children (CHILD and OTHER servers) sync_server has. */
omrs_sync_role omrs_sync_role_of(long parents, long children);

#endif
