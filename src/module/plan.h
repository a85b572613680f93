/* What OpenMRS would do to the database when it starts one module: the dependency checks
 * that come first, then the sqldiff.xml diffs runDiff would run given the module's
 * <id>.database_version (shared/reference/openmrs-modules.md, 3.2 and 3.6). No database
 * access: the caller supplies what the database says. */
#ifndef OMRS_MODULE_PLAN_H
#define OMRS_MODULE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "omod.h"
#include "sqldiff.h"
#include "strutil.h"

/* Another module as the dependency check sees it. */
typedef struct omrs_module_peer {
    const char *package, *version;
    bool starts;   /* would be started (see omrs_module_would_start) */
} omrs_module_peer;

typedef struct omrs_module_plan {
    omrs_sqldiff diffs;         /* the module's sqldiff.xml as OpenMRS orders it (empty: none) */
    size_t *pending;            /* indexes into diffs.entries, in the order they would run */
    size_t pending_count;
    char *final_version;        /* <id>.database_version after them (NULL: stays as it is) */
    omrs_strlist problems;      /* reasons the module would not start (nothing would run) */
} omrs_module_plan;

/* Plans the module of omod on a core of core_version (NULL: unknown, so require_version is
 * not checked and the 2.8+ comparison is assumed), whose <id>.database_version is
 * database_version (NULL: absent), among peers (the other modules). A sqldiff.xml that does
 * not parse is an error, as it stops the module in OpenMRS. */
int omrs_module_plan_make(const omrs_omod *omod, const char *core_version, const char *database_version,
                          const omrs_module_peer *peers, size_t peer_count, omrs_module_plan *out, omrs_error *err);
void omrs_module_plan_free(omrs_module_plan *p);

/* ModuleFactory.getModulesThatShouldStart: <id>.started absent or exactly "true", or
 * <id>.mandatory "true" ignoring case, or config.xml mandatory. */
bool omrs_module_would_start(const char *started_gp, const char *mandatory_gp, bool config_mandatory);

#endif
