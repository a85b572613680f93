/* A module file (.omod, a zip) read in memory with libzip as OpenMRS reads it: config.xml
 * (ModuleFileParser), and where its sqldiff.xml and liquibase.xml come from
 * (shared/reference/openmrs-modules.md, sections 1 and 4.1). */
#ifndef OMRS_MODULE_OMOD_H
#define OMRS_MODULE_OMOD_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "resources.h"

typedef struct omrs_module_dep {
    char *package;   /* require_module / aware_of_module text (a package, not an id), trimmed */
    char *version;   /* its version attribute, NULL when absent */
} omrs_module_dep;

typedef struct omrs_module_config {
    char *config_version;   /* root configVersion attribute, trimmed */
    char *id, *name, *version, *package, *author, *description, *activator;
    char *require_version, *require_database_version, *update_url;
    omrs_module_dep *require_modules;   /* from the first <require_modules> only */
    size_t require_count;
    omrs_module_dep *aware_of_modules;  /* from the first <aware_of_modules> only */
    size_t aware_count;
    bool mandatory;   /* <mandatory> equals "true" ignoring case, read only when configVersion >= 1.3 */
} omrs_module_config;

/* ModuleFileParser's rules: each simple field is the text of the first element of that
 * name anywhere below the root (document order), Java-trimmed, "" when absent (stored as
 * ""); not namespace-aware; no DTD loaded. Fails (OMRS_ERR_PARSE, naming `name` and what is
 * wrong) when the XML is not well formed, configVersion is not one OpenMRS accepts
 * (1.0-1.7, 2.0), or id, name or package is empty. */
int omrs_module_config_parse(const char *data, size_t len, const char *name, omrs_module_config *out,
                             omrs_error *err);
void omrs_module_config_free(omrs_module_config *c);

typedef struct omrs_omod {
    char *path;
    omrs_module_config config;
    char *sqldiff;            /* sqldiff.xml bytes (NUL-terminated), NULL when the module has none */
    size_t sqldiff_len;
    char *sqldiff_source;     /* where it came from: "lib/<id>-api-<version>.jar" or "omod root" */
    char *liquibase_source;   /* where liquibase.xml is found: "omod root" or "lib/<jar>"; NULL: none */
} omrs_omod;

/* Opens an .omod: the name must end in ".omod"; config.xml at the root is required.
 * sqldiff.xml: the root of lib/<id>-api-<version>.jar (that exact name) first, else the
 * omod root (OpenMRS 1.11+). liquibase.xml: the omod root first, then each lib/ *.jar in
 * name order (the module class loader's order). Errors name the file: not a zip/corrupt,
 * no config.xml, a bad config.xml, an unreadable nested jar. */
int omrs_omod_open(const char *path, omrs_omod *out, omrs_error *err);
void omrs_omod_close(omrs_omod *o);

/* The resources to run the module's liquibase.xml from (its root is the search path):
 * the omod itself, or the lib/ jar it was found in, read in memory. */
int omrs_omod_liquibase_resources(const omrs_omod *o, lb_resources **out, omrs_error *err);

#endif
