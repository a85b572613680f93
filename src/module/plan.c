#include "plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "version.h"

bool omrs_module_would_start(const char *started_gp, const char *mandatory_gp, bool config_mandatory)
{
    return !started_gp || strcmp(started_gp, "true") == 0 || (mandatory_gp && strcasecmp(mandatory_gp, "true") == 0)
        || config_mandatory;
}

static int problem(omrs_module_plan *p, omrs_error *err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int problem(omrs_module_plan *p, omrs_error *err, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return omrs_strlist_push(&p->problems, text, strlen(text)) < 0 ? omrs_fail_nomem(err) : 0;
}

/* ModuleFactory.requiredModulesStarted: a started module with that package, at least that
 * version (compareVersion, which on 2.8+ ranks a -SNAPSHOT below its release). */
static int check_required(const omrs_module_dep *dep, const omrs_module_peer *peers, size_t n, bool qualifiers,
                          omrs_module_plan *p, omrs_error *err)
{
    const omrs_module_peer *found = NULL;
    for (size_t i = 0; i < n && !found; i++)
        if (peers[i].package && strcmp(peers[i].package, dep->package) == 0)
            found = &peers[i];
    if (!found)
        return problem(p, err, "requires module %s%s%s, which is not installed", dep->package,
                       dep->version ? " " : "", dep->version ? dep->version : "");
    if (!found->starts)
        return problem(p, err, "requires module %s, which is installed but will not start "
                       "(its .started global property is not true)", dep->package);
    if (dep->version && omrs_version_compare(found->version, dep->version, qualifiers) < 0)
        return problem(p, err, "requires module %s %s or later; installed is %s", dep->package, dep->version,
                       found->version);
    return 0;
}

static int check_dependencies(const omrs_module_config *cfg, const char *core_version, const omrs_module_peer *peers,
                              size_t n, bool qualifiers, omrs_module_plan *p, omrs_error *err)
{
    if (core_version && !omrs_version_matches_required(core_version, cfg->require_version))
        if (problem(p, err, "requires OpenMRS %s; this core is %s", cfg->require_version[0] ? cfg->require_version
                    : "(no require_version: only OpenMRS 1.12 and later accept that)", core_version) < 0)
            return -1;
    for (size_t i = 0; i < cfg->require_count; i++)
        if (check_required(&cfg->require_modules[i], peers, n, qualifiers, p, err) < 0)
            return -1;
    return 0;
}

/* runDiff reads the global property afresh for each diff, so each diff that runs moves
 * the value the next one is compared with. */
static int plan_diffs(const char *database_version, bool qualifiers, omrs_module_plan *p, omrs_error *err)
{
    const char *gp = database_version;
    if (p->diffs.count && !(p->pending = calloc(p->diffs.count, sizeof *p->pending)))
        return omrs_fail_nomem(err);
    for (size_t i = 0; i < p->diffs.count; i++) {
        const omrs_sqldiff_entry *e = &p->diffs.entries[i];
        if (!omrs_sqldiff_should_run(e, gp, qualifiers))
            continue;
        p->pending[p->pending_count++] = i;
        gp = e->version;
    }
    if (gp != database_version && omrs_set_str(&p->final_version, gp) < 0)
        return omrs_fail_nomem(err);
    return 0;
}

int omrs_module_plan_make(const omrs_omod *omod, const char *core_version, const char *database_version,
                          const omrs_module_peer *peers, size_t peer_count, omrs_module_plan *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    bool qualifiers = !core_version || omrs_core_compares_qualifiers(core_version);
    int rc = check_dependencies(&omod->config, core_version, peers, peer_count, qualifiers, out, err);
    if (rc == 0 && omod->sqldiff) {
        char name[512];
        snprintf(name, sizeof name, "%s (sqldiff.xml, %s)", omod->path, omod->sqldiff_source);
        rc = omrs_sqldiff_parse(omod->sqldiff, omod->sqldiff_len, name, qualifiers, &out->diffs, err);
    }
    if (rc == 0)
        rc = plan_diffs(database_version, qualifiers, out, err);
    if (rc < 0)
        omrs_module_plan_free(out);
    return rc;
}

void omrs_module_plan_free(omrs_module_plan *p)
{
    omrs_sqldiff_free(&p->diffs);
    free(p->pending);
    free(p->final_version);
    omrs_strlist_free(&p->problems);
    memset(p, 0, sizeof *p);
}
