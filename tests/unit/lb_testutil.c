#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "lb_testutil.h"
#include "strutil.h"

xmlNodePtr lbt_first_element(xmlNodePtr n, const char *name)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

xmlDocPtr lbt_parse_changeset(const char *changeset_xml, xmlNodePtr *cs)
{
    omrs_buf b = {0};
    assert_int_equal(omrs_buf_printf(&b, "%s%s%s", ROOT_OPEN, changeset_xml, ROOT_CLOSE), 0);
    xmlDocPtr doc = xmlReadMemory(b.data, (int)b.len, "test.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    omrs_buf_free(&b);
    assert_non_null(doc);
    *cs = lbt_first_element(xmlDocGetRootElement(doc)->children, "changeSet");
    assert_non_null(*cs);
    return doc;
}
