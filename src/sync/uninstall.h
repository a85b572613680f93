/* Removing the Sync module from a database (shared/reference/sync-module.md 9): its eight
 * tables in an order the foreign keys allow, its scheduler tasks (matched by class, as
 * names are localised and hold nicknames), its global properties, its privileges, and its
 * liquibasechangelog rows (else a re-install would skip creating the tables). The same
 * statements are in sql/sync-uninstall.sql for admins who run SQL by hand; a test checks
 * that the two agree. Every statement is idempotent, so re-running completes a run that
 * stopped midway. */
#ifndef OMRS_SYNC_UNINSTALL_H
#define OMRS_SYNC_UNINSTALL_H

#include <stddef.h>

#include "conn.h"
#include "error.h"
#include "strutil.h"

/* The statements, in order. The DROPs are DDL, which MySQL commits by itself one by one;
 * the DELETEs run in one transaction after them. */
const char *const *omrs_sync_uninstall_sql(size_t *count);

/* What is there to remove, one line per kind; *total counts tables + rows. Works on a
 * half-uninstalled database too. */
int omrs_sync_uninstall_survey(omrs_conn *c, omrs_strlist *found, size_t *total, omrs_error *err);

/* What uninstall leaves alone and the admin may want to deal with, one line each. */
int omrs_sync_uninstall_kept(omrs_conn *c, omrs_strlist *kept, omrs_error *err);

/* Other sessions on this database (OpenMRS still running?), as far as this account may see. */
int omrs_sync_uninstall_other_sessions(omrs_conn *c, long long *n, omrs_error *err);

/* Runs the statements through the write choke point; changed[i] gets each one's row
 * count (changed has room for every statement). A failing DELETE rolls the DELETEs
 * back; the error names the statement, and running again finishes the job. */
int omrs_sync_uninstall_run(omrs_conn *c, unsigned long long *changed, omrs_error *err);

#endif
