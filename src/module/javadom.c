#include "javadom.h"

#include <stdbool.h>

#include "xmlread.h"

/* What OpenMRS's parser accepts: it is not namespace-aware (an undeclared prefix is no
 * error), and with a DOCTYPE naming an external DTD an undeclared entity is only a
 * validity error, which a non-validating parser does not report. */
static bool openmrs_would_accept(const xmlError *e)
{
    return e->domain == XML_FROM_NAMESPACE || e->code == XML_WAR_UNDECLARED_ENTITY;
}

/* No NOENT (it would load external entities), no DTDLOAD (the DOCTYPE's http URL must never
 * be fetched); no NOBLANKS/NOCDATA, which would alter the SQL text. */
xmlDocPtr omrs_javadom_parse(const char *data, size_t len, const char *name, omrs_error *err)
{
    omrs_xml_source src = {.data = data, .len = len};
    return omrs_xml_read(&src, name, 0, openmrs_would_accept, err);
}
