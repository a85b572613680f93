/* A module's sqldiff.xml as OpenMRS reads and runs it (SqlDiffFileParser,
 * ModuleFactory.runDiff, DatabaseUtil.executeSQL; shared/reference/openmrs-modules.md,
 * section 3), and the checks of `module lint`. */
#ifndef OMRS_MODULE_SQLDIFF_H
#define OMRS_MODULE_SQLDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "strutil.h"

typedef struct omrs_sqldiff_entry {
    char *version;       /* the map key as OpenMRS keeps it: the first such version string, untrimmed; "" when absent */
    char *sql;           /* the last equal-version diff's <sql> text, untrimmed; "" when absent */
    char *author, *date, *description;   /* of that same diff, trimmed; NULL when absent (OpenMRS ignores them) */
    unsigned line;       /* line of that diff's <diff> element */
} omrs_sqldiff_entry;

typedef struct omrs_sqldiff {
    omrs_sqldiff_entry *entries;   /* ascending by omrs_version_compare; equal versions collapsed as Java's TreeMap.put does */
    size_t count;
} omrs_sqldiff;

/* Parses sqldiff.xml from memory (libxml2, no network, no entity expansion, DTD ignored).
 * The root's name is not checked; its version attribute must be exactly "1.0". Diffs are
 * every <diff> below the root; version and sql are the text of the first descendant of that
 * name. name is used in messages ("NAME:LINE: ..."). qualifier_aware as omrs_version_compare
 * (the comparison OpenMRS's TreeMap uses). Errors: OMRS_ERR_PARSE naming file and line. */
int omrs_sqldiff_parse(const char *data, size_t len, const char *name, bool qualifier_aware, omrs_sqldiff *out,
                       omrs_error *err);
void omrs_sqldiff_free(omrs_sqldiff *d);

/* Whether runDiff runs this entry when the <id>.database_version global property holds
 * gp_value at that moment (NULL: the property does not exist): never when the SQL has no
 * non-whitespace character; else when gp_value is NULL or "" or the entry's version
 * compares strictly greater. */
bool omrs_sqldiff_should_run(const omrs_sqldiff_entry *e, const char *gp_value, bool qualifier_aware);

/* One statement as OpenMRS sends it: the SQL split at every ';' (no regard for quotes or
 * comments), each piece Java-trimmed, empty pieces dropped. update: the lower-cased text
 * begins with insert, update, delete, alter, drop, create or rename (executeUpdate);
 * otherwise OpenMRS uses executeQuery. query_refused: on the executeQuery path and MySQL
 * Connector/J refuses it there (its first keyword after leading comments is INSERT, UPDATE,
 * DELETE, DROP, CREATE, ALTER, TRUNCATE or RENAME): OpenMRS fails on this statement. */
typedef struct omrs_sql_piece {
    char *sql;
    bool update;
    bool query_refused;
} omrs_sql_piece;

typedef struct omrs_sql_pieces {
    omrs_sql_piece *items;
    size_t count;
} omrs_sql_pieces;

int omrs_sqldiff_split(const char *sql, omrs_sql_pieces *out, omrs_error *err);
void omrs_sql_pieces_free(omrs_sql_pieces *p);

/* A diff version as OpenMRS reads its numbers (pieces up to the first '-', split at '.',
 * each Long.parseLong'd, a piece that is not a number read as 0): *reading gets that
 * reading ("1.2.3a" -> "1.2.0") and *odd whether any piece was not a number (an empty
 * version is odd too). */
int omrs_sqldiff_version_reading(const char *version, omrs_buf *reading, bool *odd);

/* `module lint` for one sqldiff.xml: appends one finding per problem to *findings, each
 * "NAME:LINE: diff VERSION: what is wrong" — versions not increasing in file order,
 * duplicate versions (comparing equal: one diff would hide the other), a version that
 * reads as 0 in some piece (non-numeric), missing or empty <sql>, a ';' inside a string
 * literal, a quoted identifier or a comment, or inside a procedure/function/trigger body
 * (OpenMRS's split breaks the statement there), a statement OpenMRS would send through
 * executeQuery that Connector/J refuses (query_refused). A file that does not parse is an
 * error (-1), not a finding. */
int omrs_sqldiff_lint(const char *data, size_t len, const char *name, omrs_strlist *findings, omrs_error *err);

#endif
