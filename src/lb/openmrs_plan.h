/* Which core changelogs OpenMRS itself would run on this database (its ChangeLogDetective
 * and InitializationFilter rules, reference liquibase.md 8.1): on an empty database the
 * newest schema-only and core-data snapshots and the update files above them; otherwise
 * the newest snapshot whose changeSets all ran, then every newer update file that still
 * has something to run. Pre-2.4 layouts have one liquibase-update-to-latest.xml. */
#ifndef OMRS_LB_OPENMRS_PLAN_H
#define OMRS_LB_OPENMRS_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "conn.h"
#include "error.h"
#include "history.h"
#include "resources.h"

#define LB_OPENMRS_CORE_CONTEXT "core"

typedef struct lb_plan_file {
    char *path;         /* search-path relative changelog */
    size_t due;         /* changeSets it would run now */
} lb_plan_file;

typedef struct lb_plan {
    bool fresh;             /* no core history: a new installation */
    char snapshot[32];      /* "2.9.x"; "" for the pre-2.4 layout */
    lb_plan_file *files;    /* in the order OpenMRS runs them */
    size_t count;
} lb_plan;

int lb_openmrs_plan(omrs_conn *c, lb_resources *r, const char *dbms, lb_plan *plan, omrs_error *err);
void lb_plan_free(lb_plan *plan);

#endif
