/* The one way an XML document is parsed: libxml2 never reaching the network, the first
 * error (libxml2's later ones are often its consequences) reported as NAME:LINE. */
#ifndef OMRS_XMLREAD_H
#define OMRS_XMLREAD_H

#include <libxml/parser.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Where the text comes from: data[0..len), or in pieces through read(ctx, ...) when set. */
typedef struct omrs_xml_source {
    const char *data;
    size_t len;
    xmlInputReadCallback read;
    void *ctx;
} omrs_xml_source;

/* Errors of libxml2 that the reader being imitated would not report (NULL: none). */
typedef bool (*omrs_xml_ignore_fn)(const xmlError *e);

/* Parses with options | XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR |
 * XML_PARSE_BIG_LINES. Warnings never count. NULL with OMRS_ERR_PARSE
 * "NAME:LINE: not well-formed XML: ..." on the first error not ignored. */
xmlDocPtr omrs_xml_read(const omrs_xml_source *src, const char *name, int options, omrs_xml_ignore_fn ignore,
                        omrs_error *err);

#endif
