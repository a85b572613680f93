/* Helpers the Liquibase unit tests share: a changeSet written inline, parsed as a file. */
#ifndef OMRS_LB_TESTUTIL_H
#define OMRS_LB_TESTUTIL_H

#include <libxml/tree.h>

#define ROOT_OPEN                                                                 \
    "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\" " \
    "xmlns:ext=\"http://www.liquibase.org/xml/ns/dbchangelog-ext\">\n"
#define ROOT_CLOSE "\n</databaseChangeLog>\n"

/* The first element named name among n and its next siblings, or NULL. */
xmlNodePtr lbt_first_element(xmlNodePtr n, const char *name);

/* Parses one changeSet wrapped in a databaseChangeLog root; *cs is that changeSet. */
xmlDocPtr lbt_parse_changeset(const char *changeset_xml, xmlNodePtr *cs);

#endif
