#include "xmlread.h"

#include <limits.h>
#include <string.h>

typedef struct first_error {
    xmlError error;
    omrs_xml_ignore_fn ignore;
} first_error;

static void keep_first_error(void *ctx, xmlErrorPtr e)
{
    first_error *first = ((xmlParserCtxtPtr)ctx)->_private;
    if (first->error.code == 0 && e->level >= XML_ERR_ERROR && !(first->ignore && first->ignore(e)))
        xmlCopyError(e, &first->error);
}

static xmlDocPtr read_source(xmlParserCtxtPtr ctxt, const omrs_xml_source *src, const char *name, int options)
{
    if (src->read)
        return xmlCtxtReadIO(ctxt, src->read, NULL, src->ctx, name, NULL, options);
    return src->len > (size_t)INT_MAX ? NULL : xmlCtxtReadMemory(ctxt, src->data, (int)src->len, name, NULL, options);
}

xmlDocPtr omrs_xml_read(const omrs_xml_source *src, const char *name, int options, omrs_xml_ignore_fn ignore,
                        omrs_error *err)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        omrs_fail_nomem(err);
        return NULL;
    }
    first_error first = {.ignore = ignore};
    ctxt->_private = &first;
    ctxt->sax->serror = keep_first_error;
    options |= XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR | XML_PARSE_BIG_LINES;
    xmlDocPtr doc = read_source(ctxt, src, name, options);
    if (!doc || first.error.code || !xmlDocGetRootElement(doc)) {
        omrs_fail(err, OMRS_ERR_PARSE, "%s:%d: not well-formed XML: %s", name, first.error.line,
                  first.error.message ? first.error.message
                  : src->len > (size_t)INT_MAX ? "file too large" : "unreadable, or no root element");
        size_t n = err ? strlen(err->message) : 0;
        if (n && err->message[n - 1] == '\n')   /* libxml2's messages end in a newline */
            err->message[n - 1] = '\0';
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlResetError(&first.error);
    xmlFreeParserCtxt(ctxt);
    return doc;
}
