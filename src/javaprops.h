/* Java .properties files, read exactly as OpenMRS reads openmrs-runtime.properties:
 * java.util.Properties.load() fed by a UTF-8 reader (see javaprops.c for the source). */
#ifndef OMRS_JAVAPROPS_H
#define OMRS_JAVAPROPS_H

#include <stddef.h>

#include "error.h"
#include "strutil.h"

typedef struct omrs_prop {
    char *key;      /* UTF-8, never NULL */
    char *value;    /* UTF-8, never NULL ("" for a key without a value) */
    unsigned line;  /* natural line (1-based) where the winning definition starts; 0 if
                       the entry did not come from a file */
} omrs_prop;

/* Properties in the order their keys first appeared; a repeated key keeps its first
 * position but takes the last value, as Properties.put() does. */
typedef struct omrs_props {
    omrs_prop *items;
    size_t count, cap;
} omrs_props;

/* Parses len bytes of .properties text. filename is only used in error messages
 * (NULL reads as "<text>"). *out is overwritten (its old content is not freed) and is
 * left empty on failure. Errors: OMRS_ERR_PARSE naming file and line, OMRS_ERR_NOMEM. */
int omrs_props_parse(const char *text, size_t len, const char *filename, omrs_props *out,
                     omrs_error *err);

/* Reads and parses a file; an unreadable file is OMRS_ERR_IO naming the path and strerror. */
int omrs_props_load(const char *path, omrs_props *out, omrs_error *err);

/* The value for key, or NULL when the key is absent. */
const char *omrs_props_get(const omrs_props *p, const char *key);

/* The whole entry (for its line number), or NULL when the key is absent. */
const omrs_prop *omrs_props_find(const omrs_props *p, const char *key);

/* Adds key=value, or replaces the value and line of an existing key. */
int omrs_props_set(omrs_props *p, const char *key, const char *value, unsigned line,
                   omrs_error *err);

void omrs_props_free(omrs_props *p);

/* Appends len bytes to out the way Java decodes UTF-8: well-formed sequences are
 * copied, each ill-formed one becomes U+FFFD. Java strings never hold invalid UTF-8,
 * and neither should ours (jansson, for one, rejects it). Returns -1 on allocation failure. */
int omrs_utf8_append_lenient(omrs_buf *out, const char *bytes, size_t len);

#endif
