/* Reading inside zips (jars, wars, omods) in memory with libzip: one entry whole, or a jar
 * stored in another zip. Nothing is extracted to disk. */
#ifndef OMRS_ZIPENTRY_H
#define OMRS_ZIPENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

/* Reads entry `index` of z whole, NUL-terminated: 0, or the ZIP_ER_* code of why not. */
int omrs_zip_read_entry(zip_t *z, zip_int64_t index, char **data, size_t *len);

/* Opens the zip stored at entry `index` of outer from a copy in memory (libzip cannot seek
 * in a compressed entry): 0; or a ZIP_ER_* code, with *not_a_zip true when the entry was
 * read but is not a readable zip, false when the entry itself could not be read. */
int omrs_zip_open_nested(zip_t *outer, zip_int64_t index, zip_t **out, bool *not_a_zip);

/* libzip's text for one of its codes, copied into buf. */
void omrs_zip_code_text(int code, char *buf, size_t size);

#endif
