/* Connection settings and where each one came from.
 *
 * Layers, lowest first (a higher layer overrides a lower one, per setting):
 *   1. defaults
 *   2. openmrs-runtime.properties found by searching OpenMRS's own places
 *   3. MariaDB option files, read by libmariadb at connect time (~/.my.cnf, --defaults-file,
 *      groups [client] and [client<suffix>] from --defaults-group-suffix)
 *   4. a runtime properties file named by the environment (OPENMRS_RUNTIME_PROPERTIES_FILE)
 *   5. flags: -h -P -S -u -p --database, and a file named by --runtime-properties
 * A named runtime properties file ranks above option files because naming it is a
 * deliberate choice; a file merely found on disk should not beat the admin's ~/.my.cnf. */
#ifndef OMRS_SETTINGS_H
#define OMRS_SETTINGS_H

#include <stdbool.h>

#include "error.h"
#include "runtime_props.h"

typedef enum omrs_source {
    OMRS_SRC_NONE = 0,          /* not set by anything */
    OMRS_SRC_DEFAULT,
    OMRS_SRC_RUNTIME_SEARCHED,  /* runtime properties found in OpenMRS's places */
    OMRS_SRC_CLIENT,            /* nothing we passed: an option file or libmariadb's own default */
    OMRS_SRC_OPTION_FILE,       /* MariaDB option file, resolved by libmariadb */
    OMRS_SRC_RUNTIME_ENV,       /* runtime properties named by OPENMRS_RUNTIME_PROPERTIES_FILE */
    OMRS_SRC_RUNTIME_FLAG,      /* runtime properties named by --runtime-properties */
    OMRS_SRC_PROMPT,            /* typed at the password prompt */
    OMRS_SRC_FLAG
} omrs_source;

typedef struct omrs_setting {
    char *value;
    omrs_source source;
} omrs_setting;

typedef struct omrs_settings {
    omrs_setting host, port, socket, user, password, database;
    char *defaults_file;       /* --defaults-file */
    char *group_suffix;        /* --defaults-group-suffix */
    char *runtime_props_path;  /* the runtime properties file used, if any */
    char *runtime_props_note;  /* why a file found by searching was passed over */
    omrs_source runtime_props_source;
    bool jdbc_tcp;             /* host came from a JDBC URL: connect over TCP as Java does */
    bool read_only;
} omrs_settings;

/* What the command line asked for; NULL/0 where a flag was not given. */
typedef struct omrs_conn_flags {
    const char *host, *port, *socket, *user, *database;
    const char *defaults_file, *group_suffix, *runtime_props;
    bool prompt_password;
    bool read_only;
} omrs_conn_flags;

/* Builds settings from flags, the environment and the runtime properties file.
 * Option files are not read here: libmariadb reads them at connect time. */
int omrs_settings_resolve(omrs_settings *s, const omrs_conn_flags *flags, const omrs_env *env,
                          omrs_error *err);

/* Sets one setting if the new source ranks at least as high as the current one. */
int omrs_setting_offer(omrs_setting *s, const char *value, omrs_source source);

/* Fills settings from a runtime properties file (connection.url/username/password). */
int omrs_settings_load_runtime(omrs_settings *s, const char *path, omrs_source source, omrs_error *err);

const char *omrs_source_name(omrs_source source);

/* True when the setting is applied above the option-file layer (passed to libmariadb as an
 * explicit argument rather than as a default the option files may override). */
bool omrs_setting_beats_option_files(const omrs_setting *s);

void omrs_settings_free(omrs_settings *s);

#endif
