/* sync_record.payload, as shared/reference/sync-module.md section 4 describes it: an XML
 * fragment <items> holding one <SyncItem containedType key state> per changed object, each
 * with a <content> CDATA section. Parsed with libxml2 (no network, no entity expansion);
 * the payload is data from the database, so a malformed one is reported, never fatal. */
#ifndef OMRS_SYNC_PAYLOAD_H
#define OMRS_SYNC_PAYLOAD_H

#include <stddef.h>

#include "error.h"

/* One <SyncItem>. For a collection change the key is "<owner uuid>|<property>": uuid is
 * the owner's and property the collection's name; for an entity property is NULL. A
 * missing attribute is NULL. */
typedef struct omrs_sync_item {
    char *entity_class;   /* containedType: the Java class (a Hibernate collection class for collections) */
    char *uuid;           /* key, without the "|property" of a collection */
    char *property;       /* the collection property, NULL for an entity */
    char *action;         /* state: NEW, UPDATED, DELETED (SyncItemState) */
} omrs_sync_item;

typedef struct omrs_sync_payload {
    omrs_sync_item *items;
    size_t count;
    char *pretty;         /* the whole payload indented by libxml2, without an XML declaration;
                             NULL for an empty payload */
} omrs_sync_payload;

/* Parses data[0..len). An empty or blank payload is no items and no pretty text. Malformed
 * XML (or a root other than <items>) is OMRS_ERR_PARSE "payload:LINE: ..." with what
 * libxml2 reported; out is then empty. */
int omrs_sync_payload_parse(const char *data, size_t len, omrs_sync_payload *out, omrs_error *err);
void omrs_sync_payload_free(omrs_sync_payload *p);

#endif
