#include "payload.h"

#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"
#include "xmlread.h"

static bool is_blank(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!strchr(" \t\r\n", data[i]))
            return false;
    return true;
}

/* Copies attribute name of node into *slot (left NULL when absent). */
static int take_attribute(xmlNodePtr node, const char *name, char **slot)
{
    xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
    int rc = value ? omrs_set_str(slot, (const char *)value) : 0;
    xmlFree(value);
    return rc;
}

/* A collection's key is "<owner uuid>|<property>" (section 4): split it. */
static int split_key(omrs_sync_item *item)
{
    char *bar = item->uuid ? strchr(item->uuid, '|') : NULL;
    if (!bar)
        return 0;
    if (omrs_set_str(&item->property, bar + 1) < 0)
        return -1;
    *bar = '\0';
    return 0;
}

static int add_item(omrs_sync_payload *p, xmlNodePtr node)
{
    omrs_sync_item *item = omrs_array_push(&p->items, &p->count, sizeof *item);
    if (!item)
        return -1;
    if (take_attribute(node, "containedType", &item->entity_class) < 0 || take_attribute(node, "key", &item->uuid) < 0
        || take_attribute(node, "state", &item->action) < 0)
        return -1;
    return split_key(item);
}

static int collect_items(xmlNodePtr root, omrs_sync_payload *p)
{
    for (xmlNodePtr n = root->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)"SyncItem") && add_item(p, n) < 0)
            return -1;
    return 0;
}

/* libxml2's own indentation; blank text nodes were dropped at parse time so it can indent. */
static int pretty_print(xmlDocPtr doc, char **out)
{
    xmlBufferPtr buf = xmlBufferCreate();
    if (!buf)
        return -1;
    xmlSaveCtxtPtr save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_FORMAT | XML_SAVE_NO_DECL);
    int rc = save && xmlSaveDoc(save, doc) >= 0 ? 0 : -1;
    if (save && xmlSaveClose(save) < 0)
        rc = -1;
    if (rc == 0)
        rc = omrs_set_str(out, (const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return rc;
}

int omrs_sync_payload_parse(const char *data, size_t len, omrs_sync_payload *out, omrs_error *err)
{
    memset(out, 0, sizeof *out);
    if (!data || is_blank(data, len))
        return 0;
    omrs_xml_source src = {.data = data, .len = len};
    /* HUGE: a payload may carry a large binary (FormEntry XSNs); it is our own database's
     * data and no entity is ever expanded. */
    xmlDocPtr doc = omrs_xml_read(&src, "payload", XML_PARSE_NOBLANKS | XML_PARSE_HUGE, NULL, err);
    if (!doc)
        return -1;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int rc = 0;
    if (!xmlStrEqual(root->name, (const xmlChar *)"items"))
        rc = omrs_fail(err, OMRS_ERR_PARSE, "payload:%ld: the root element is <%s>, not <items>", xmlGetLineNo(root),
                       (const char *)root->name);
    else if (collect_items(root, out) < 0 || pretty_print(doc, &out->pretty) < 0)
        rc = omrs_fail_nomem(err);
    xmlFreeDoc(doc);
    if (rc < 0)
        omrs_sync_payload_free(out);
    return rc;
}

void omrs_sync_payload_free(omrs_sync_payload *p)
{
    for (size_t i = 0; i < p->count; i++) {
        omrs_sync_item *item = &p->items[i];
        free(item->entity_class), free(item->uuid), free(item->property), free(item->action);
    }
    free(p->items);
    free(p->pretty);
    memset(p, 0, sizeof *p);
}
