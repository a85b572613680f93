#include "javadom.h"

#include <stdbool.h>
#include <libxml/parser.h>
#include <limits.h>
#include <string.h>

/* What OpenMRS's parser accepts: it is not namespace-aware (an undeclared prefix is no
 * error), and with a DOCTYPE naming an external DTD an undeclared entity is only a
 * validity error, which a non-validating parser does not report. */
static bool openmrs_would_accept(const xmlError *e)
{
    return e->level < XML_ERR_ERROR || e->domain == XML_FROM_NAMESPACE || e->code == XML_WAR_UNDECLARED_ENTITY;
}

/* Keeps the first error: libxml2's last one is often only a consequence of it. Two kinds
 * are not errors for OpenMRS's parser: namespace problems (its DOM is not namespace-aware)
 * and an undeclared entity in a file whose external DTD is skipped (not well-formedness then). */
static void keep_first_error(void *ctx, xmlErrorPtr e)
{
    xmlError *first = ((xmlParserCtxtPtr)ctx)->_private;
    if (first->code == 0 && !openmrs_would_accept(e))
        xmlCopyError(e, first);
}

/* No NOENT (it would load external entities), no DTDLOAD (the DOCTYPE's http URL must never
 * be fetched), NONET as a second guard; no NOBLANKS/NOCDATA, which would alter the SQL text. */
xmlDocPtr omrs_javadom_parse(const char *data, size_t len, const char *name, omrs_error *err)
{
    if (len > (size_t)INT_MAX) {
        omrs_fail(err, OMRS_ERR_PARSE, "%s:0: file too large", name);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        omrs_fail_nomem(err);
        return NULL;
    }
    xmlError first = {0};
    ctxt->_private = &first;
    ctxt->sax->serror = keep_first_error;
    int options = XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR | XML_PARSE_BIG_LINES;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, options);
    if (!doc || first.code || !xmlDocGetRootElement(doc)) {
        omrs_fail(err, OMRS_ERR_PARSE, "%s:%d: not well-formed XML: %s", name, first.line,
                  first.message ? first.message : "no root element");
        size_t n = err ? strlen(err->message) : 0;
        if (n && err->message[n - 1] == '\n')   /* libxml2's messages end in a newline */
            err->message[n - 1] = '\0';
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlResetError(&first);
    xmlFreeParserCtxt(ctxt);
    return doc;
}
