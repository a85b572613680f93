/* A Liquibase changelog as Liquibase reads it: the root file and everything it includes
 * (include, includeAll), changeSets in execution order, each with the FILENAME Liquibase
 * records for it. The changeSet elements stay in their libxml2 documents, with ${property}
 * references already expanded, for the checksum and SQL code to read. */
#ifndef OMRS_LB_CHANGELOG_H
#define OMRS_LB_CHANGELOG_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "error.h"
#include "resources.h"

typedef struct lb_changeset {
    char *id, *author;
    char *filename;           /* FILENAME as Liquibase records it */
    char *source;             /* the file it was read from (search-path relative) */
    unsigned line;
    char *dbms, *contexts, *labels;   /* as written; NULL when absent */
    bool run_always, run_on_change, fail_on_error, run_in_transaction;
    char **valid_checksums;   /* <validCheckSum> values, trimmed */
    size_t valid_checksum_count;
    xmlNodePtr node;          /* the <changeSet> element */
} lb_changeset;

typedef struct lb_changelog {
    lb_changeset *changesets;
    size_t count, cap;
    xmlDocPtr *docs;
    size_t doc_count, doc_cap;
} lb_changelog;

/* Loads path (relative to the search path) and its includes. dbms ("mysql", "mariadb")
 * decides which <property dbms=...> definitions apply. */
int lb_changelog_load(lb_resources *r, const char *path, const char *dbms, lb_changelog *out,
                      omrs_error *err);
void lb_changelog_free(lb_changelog *cl);

/* Parses XML text the way every changelog and module file is parsed here: no network,
 * no DTD loading, no entity expansion; errors name the file and line. */
xmlDocPtr lb_parse_xml(const char *data, size_t len, const char *name, omrs_error *err);

/* The local name of an element, ignoring its namespace. */
bool lb_is_element(xmlNodePtr node, const char *local_name);

#endif
