/* Where changelog files come from, as Liquibase's resource accessors see them: a search
 * directory, a jar, or the openmrs-api jar inside an openmrs.war. Zips are read in
 * memory with libzip; nothing is extracted to disk. Paths are search-path relative and
 * normalised the way Liquibase normalises them. */
#ifndef OMRS_LB_RESOURCES_H
#define OMRS_LB_RESOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct lb_resources lb_resources;

int lb_resources_open_dir(const char *dir, lb_resources **out, omrs_error *err);
/* A jar or zip whose root is the search path. */
int lb_resources_open_zip(const char *path, lb_resources **out, omrs_error *err);
/* openmrs.war: the search path is the root of WEB-INF/lib/openmrs-api-*.jar inside it. */
int lb_resources_open_war(const char *path, lb_resources **out, omrs_error *err);

/* The OpenMRS core version an openmrs.war carries: the <version> of its
 * WEB-INF/lib/openmrs-api-<version>.jar (e.g. "2.7.4", "2.8.0-SNAPSHOT"). *version is
 * malloc'ed. Errors name the file. */
int lb_war_core_version(const char *path, char **version, omrs_error *err);
/* The jar stored at entry (e.g. "lib/x-api-1.0.jar") inside the zip at zip_path, read in
 * memory; its root is the search path. Named "<jar file name> in <zip_path>". */
int lb_resources_open_zip_entry(const char *zip_path, const char *entry, lb_resources **out, omrs_error *err);

/* Reads one resource; a missing one is OMRS_ERR_IO naming it and the search path. */
int lb_resources_read(lb_resources *r, const char *path, char **data, size_t *len, omrs_error *err);
bool lb_resources_exists(lb_resources *r, const char *path);

/* One resource read in pieces, so that a parser never holds the whole file beside the
 * tree it builds (peak memory of status and update). Errors as lb_resources_read. */
typedef struct lb_stream lb_stream;
int lb_resources_open_stream(lb_resources *r, const char *path, lb_stream **out, omrs_error *err);
/* Up to len bytes into buf: the count, 0 at the end, -1 on a read error. */
int lb_stream_read(lb_stream *s, char *buf, int len);
void lb_stream_close(lb_stream *s);

/* Every resource below dir (recursively), sorted by path, as includeAll sees them. */
int lb_resources_list(lb_resources *r, const char *dir, char ***paths, size_t *count, omrs_error *err);
void lb_resources_free_list(char **paths, size_t count);

/* "directory X", "jar X", "openmrs-api-2.4.7.jar in X": for messages. */
const char *lb_resources_name(const lb_resources *r);
void lb_resources_free(lb_resources *r);

/* Liquibase's DatabaseChangeLog.normalizePath: drops "classpath:", turns \ into /, drops a
 * drive letter and leading slashes, resolves "." and ".."; NULL when ".." climbs above the
 * root (or on allocation failure). */
char *lb_normalize_path(const char *path);

#endif
