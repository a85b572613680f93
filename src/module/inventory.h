/* The modules of a site side by side: each .omod file (opened, or why not), what the
 * database says about it (global properties), the plan OpenMRS would follow when starting
 * it (dependencies, pending sqldiff diffs) and its liquibase.xml changeSets still to run.
 * Shared by `module status`, `module apply` and the console's Modules pane. Reads only. */
#ifndef OMRS_MODULE_INVENTORY_H
#define OMRS_MODULE_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "conn.h"
#include "error.h"
#include "omod.h"
#include "plan.h"
#include "site.h"

typedef struct omrs_module_row {
    char *path;
    omrs_omod omod;
    bool opened;
    omrs_module_plan plan;
    bool planned;
    const omrs_module_gps *gps;   /* what the database says, NULL when nothing */
    omrs_error error;             /* why it could not be opened or planned */
    /* liquibase.xml, when the module has one and it could be read */
    bool liquibase_read;
    size_t liquibase_pending;     /* changeSets that would run (pending, run-always, run-on-change) */
    size_t liquibase_changed;     /* changed checksums: Liquibase's validation would fail */
    bool liquibase_due;           /* OpenMRS 2.9+ runs it only when the module version changed */
    char *liquibase_error;        /* why it could not be read, NULL when fine */
} omrs_module_row;

typedef struct omrs_module_inventory {
    omrs_module_row *rows;        /* by file name */
    size_t count;
    omrs_site site;
    const char *dbms;             /* "mariadb" or "mysql", as Liquibase would see the server */
    char *dir_note;               /* why no files were looked at (missing_dir_ok), else NULL */
} omrs_module_inventory;

/* Where the modules and the core version come from: the one file omod, else every *.omod
 * of modules_dir, else of the default directory ($OPENMRS_APPLICATION_DATA_DIRECTORY/modules,
 * else ~/.OpenMRS/modules); the core version from war (an openmrs.war about to be deployed)
 * when given, else from the database. */
typedef struct omrs_module_sources {
    const char *omod, *modules_dir, *war;
    bool missing_dir_ok;   /* a modules directory that does not exist: no files, not an error */
} omrs_module_sources;

/* A file that cannot be read is a row with its error, not a failure of the whole. */
int omrs_module_inventory_load(omrs_conn *c, const omrs_module_sources *from, omrs_module_inventory *inv,
                               omrs_error *err);
void omrs_module_inventory_free(omrs_module_inventory *inv);

/* The row of the module with this id (exact, else ignoring case), NULL when none. */
omrs_module_row *omrs_module_inventory_find(omrs_module_inventory *inv, const char *id);

/* Whether OpenMRS would start the module of this row (its .started/.mandatory GPs). */
bool omrs_module_row_starts(const omrs_module_row *r);

/* Modules the database knows (by their global properties) that have no file here. */
bool omrs_module_inventory_has_file(const omrs_module_inventory *inv, const char *id);

/* Rows that could not be read or planned, plus every dependency problem. */
size_t omrs_module_inventory_problems(const omrs_module_inventory *inv);

/* The comparison OpenMRS of this site uses (qualifier-aware from 2.8; unknown: yes). */
bool omrs_module_inventory_qualifiers(const omrs_module_inventory *inv);

#endif
