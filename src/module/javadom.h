/* XML parsed as OpenMRS parses its module files (config.xml, sqldiff.xml): a JAXP DOM that
 * is neither validating nor namespace-aware, loads no DTD and expands no external entity. */
#ifndef OMRS_MODULE_JAVADOM_H
#define OMRS_MODULE_JAVADOM_H

#include <libxml/tree.h>
#include <stddef.h>

#include "error.h"

/* The document, or NULL with OMRS_ERR_PARSE "NAME:LINE: not well-formed XML: ..." for the
 * first error OpenMRS's parser would also report. No DTD is loaded (module files name
 * http://resources.openmrs.org/doctype/..., which must never be fetched) and NONET guards
 * that twice; text is kept as written (no NOBLANKS, no NOCDATA: SQL must not change). */
xmlDocPtr omrs_javadom_parse(const char *data, size_t len, const char *name, omrs_error *err);

#endif
