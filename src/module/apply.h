/* Running a module's database changes as OpenMRS does when it starts the module
 * (shared/reference/openmrs-modules.md 3.2-3.6 and 4): first its sqldiff.xml diffs,
 * statement by statement, each committed on its own, the <id>.database_version global
 * property written after each whole diff; then its liquibase.xml through the Liquibase
 * engine with no contexts. A failing statement stops everything after it, leaving the
 * property at the last diff that ran completely, as in OpenMRS. */
#ifndef OMRS_MODULE_APPLY_H
#define OMRS_MODULE_APPLY_H

#include <stdbool.h>
#include <stdio.h>

#include "changelog.h"
#include "conn.h"
#include "error.h"
#include "inventory.h"
#include "omod.h"
#include "sqldiff.h"
#include "update.h"

/* How a long run reports and is stopped: out gets one line per diff (may be NULL); step
 * is told before each diff how many of how many ran; cancelled is asked before each diff
 * and a true answer stops the run there, which is safe: the property already names the
 * last diff that ran completely. */
typedef struct omrs_module_progress {
    size_t total;   /* the diffs the run is expected to run (the plan's count), for step */
    FILE *out;
    void (*step)(void *ctx, size_t done, size_t total, const char *what);
    bool (*cancelled)(void *ctx);
    void *ctx;
} omrs_module_progress;

/* Runs, in order, every diff of diffs that runDiff would run, reading <id>.database_version
 * afresh before each (qualifier_aware as omrs_version_compare). *ran counts the diffs
 * completed. On a failing statement the error names the module, file (source), diff
 * version, statement number and text, and the server's message; a cancel is
 * OMRS_ERR_USAGE saying where it stopped. */
int omrs_module_run_diffs(omrs_conn *c, const char *module_id, const omrs_sqldiff *diffs, const char *source,
                          bool qualifier_aware, const omrs_module_progress *progress, size_t *ran, omrs_error *err);

/* The SQL the same run would send, for --dry-run: each of the plan's pending diffs'
 * statements, then the global property write, given the property's current value gp_value
 * (NULL: absent). Statements OpenMRS's driver would refuse are printed as a comment saying
 * so (the real run stops there). */
int omrs_module_diffs_sql(omrs_conn *c, const char *module_id, const omrs_module_plan *plan, const char *gp_value,
                          FILE *out, omrs_error *err);

/* The module's liquibase.xml, loaded from where OpenMRS finds it (omod root or lib jar),
 * under the FILENAME OpenMRS gives it ("liquibase.xml"). cl is untouched when the module
 * has none (returns 0 and *found = false). */
int omrs_module_changelog_load(const omrs_omod *omod, const char *dbms, lb_resources **res, lb_changelog *cl,
                               bool *found, omrs_error *err);

/* OpenMRS 2.9+ runs a module's liquibase.xml only when the module's version (or the core's)
 * changed since the last successful start: module.<id>.version (saved_version) differs from
 * config.xml's version. Before 2.9 (core_version older, or unknown and no saved version) it
 * always runs. Returns whether it would run now. */
bool omrs_module_liquibase_due(const char *core_version, const char *saved_version, const char *module_version);

/* ---- one module of an inventory, as `module apply` and the Modules pane run it ---- */

/* Why OpenMRS would not run this module's changes, or why we refuse to: it could not be
 * read, it would not start, its liquibase.xml cannot be read or was changed after it ran,
 * or (unless force) a pending diff's version is not made of numbers. 0: it may run. */
int omrs_module_apply_check(const omrs_module_row *r, bool force, omrs_error *err);

/* The changeSets of liquibase.xml that would run now (0 when OpenMRS 2.9+ would not run
 * it because the module version did not change). */
size_t omrs_module_liquibase_to_run(const omrs_module_row *r);

typedef struct omrs_module_apply_options {
    int checksum_version;   /* MD5SUM written for new rows: 9 or 8 */
    lb_lock_wait wait;      /* how long to wait for the Liquibase lock */
    omrs_module_progress progress;   /* diffs: lines, steps, cancel; liquibase: lines to progress.out */
} omrs_module_apply_options;

typedef struct omrs_module_apply_result {
    size_t diffs;
    lb_run_result liquibase;
} omrs_module_apply_result;

/* Runs the row's pending diffs, then its liquibase.xml when OpenMRS would. */
int omrs_module_apply(omrs_conn *c, const omrs_module_inventory *inv, const omrs_module_row *r,
                      const omrs_module_apply_options *opt, omrs_module_apply_result *res, omrs_error *err);

/* The same as SQL, changing nothing: the diffs' statements with the property writes, then
 * liquibase.xml as update-sql writes it. */
int omrs_module_apply_script(omrs_conn *c, const omrs_module_inventory *inv, const omrs_module_row *r,
                             const omrs_module_apply_options *opt, FILE *out, omrs_error *err);

#endif
