/* The DESCRIPTION and COMMENTS columns Liquibase writes for a changeSet (identical in
 * 3.10.3 and 4.28.0). */
#ifndef OMRS_LB_DESCRIPTION_H
#define OMRS_LB_DESCRIPTION_H

#include <libxml/tree.h>

#include "error.h"

/* ChangeSet.getDescription() as MarkChangeSetRanGenerator stores it: "empty" without
 * changes, else each change's description ("createTable tableName=x", "sql",
 * "customChange", ...) joined with "; ", cut by limitSize(255) then limitSize(250)
 * (lengths in UTF-16 code units, a cut string ends in "..."). *out is malloc'ed. Fails
 * (OMRS_ERR_PARSE) on an unknown change element. */
int lb_changeset_description(xmlNodePtr changeset, char **out, omrs_error *err);

/* The COMMENTS value: the <comment> texts joined with "\n", trimmed, "" when there are
 * none, cut by limitSize(250). *out is malloc'ed. */
int lb_changeset_comments(xmlNodePtr changeset, char **out, omrs_error *err);

/* StringUtil.limitSize: s itself when at most max UTF-16 code units, else its first
 * max-3 units (never half a character) + "...". Returns a malloc'ed string. */
char *lb_limit_size(const char *s, size_t max);

#endif
