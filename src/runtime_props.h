/* Where openmrs-runtime.properties lives: OpenMRS's own search order, then the places a
 * Debian/Ubuntu Tomcat install or the OpenMRS Docker image keeps it (list in runtime_props.c).
 * Everything the search depends on comes in through omrs_env, so tests can point it at
 * a fake tree. */
#ifndef OMRS_RUNTIME_PROPS_H
#define OMRS_RUNTIME_PROPS_H

#include <stddef.h>

#include "error.h"

typedef struct omrs_env {
    const char *(*get)(const char *name, void *ctx); /* environment; NULL = an empty one */
    void *ctx;
    const char *home;     /* the user's home directory; NULL or "" = unknown */
    const char *cwd;      /* OpenMRS's "current directory" rule; NULL = the process's own */
    const char *root;     /* prefix for system paths (/var/lib, /usr/share...): "" in production */
    const char *app_name; /* the webapp's context path; NULL = "openmrs" */
} omrs_env;

/* Candidate files in search order; why[i] says in a few words why paths[i] is searched. */
typedef struct omrs_path_list {
    char **paths;
    char **why;
    size_t count, cap;
} omrs_path_list;

/* An omrs_env.get for production: getenv(3), ctx unused. */
const char *omrs_env_getenv(const char *name, void *ctx);

/* Every place to look, in order; the disk is only read to expand the Tomcat globs. The
 * file named by $OPENMRS_RUNTIME_PROPERTIES_FILE is in it (second, where OpenMRS puts it)
 * when set. *out is overwritten; on failure it is left empty. */
int omrs_runtime_props_candidates(const omrs_env *env, omrs_path_list *out, omrs_error *err);

/* The file named by $OPENMRS_RUNTIME_PROPERTIES_FILE (for another app name,
 * $<APPNAME>_RUNTIME_PROPERTIES_FILE). *path = NULL when the variable is unset or empty;
 * -1 (OMRS_ERR_IO, naming the variable, the path and the reason) when it names a file
 * that does not exist or cannot be read: an explicit choice never falls through silently. */
int omrs_runtime_props_from_env(const omrs_env *env, char **path, omrs_error *err);

/* The file OpenMRS would use: the first candidate that exists. *found = NULL when there
 * is none (not an error). Fails (OMRS_ERR_IO) when the environment variable names a
 * missing file, or when the first existing candidate cannot be read (e.g. the Tomcat
 * user's 0700 directory): the message names the path and suggests a fix. */
int omrs_runtime_props_find(const omrs_env *env, char **found, omrs_error *err);

void omrs_path_list_free(omrs_path_list *l);

#endif
