/* Writing a JSON document to a stream, the one way every --json output does it. */
#ifndef OMRS_JSON_OUT_H
#define OMRS_JSON_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "error.h"

/* Prints doc (indented, keys in insertion order, a final newline) and releases it; a
 * NULL doc means building it ran out of memory. */
int omrs_json_print(json_t *doc, FILE *out, omrs_error *err);

/* A JSON string, or null for NULL (json_string(NULL) is NULL, which jansson's setters
 * would take for a failure). */
json_t *omrs_json_str(const char *s);

#endif
