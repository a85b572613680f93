/* Liquibase changeSet checksums (the MD5SUM column), byte-identical to Liquibase 3.10.3
 * (version 8, what OpenMRS 2.4–2.6 stored) and 4.28.0 (version 9, OpenMRS 2.7+). */
#ifndef OMRS_LB_CHECKSUM_H
#define OMRS_LB_CHECKSUM_H

#include <libxml/tree.h>

#include "error.h"

#define LB_CHECKSUM_SIZE 36   /* "9:" + 32 hex + NUL, with room */

/* The checksum Liquibase stores in MD5SUM for this <changeSet> element, for checksum
 * version 8 or 9, as computed when connected to a database of short name `dbms`
 * ("mysql", "mariadb"): "<version>:<32 lowercase hex>". The changeSet's own dbms
 * attribute is not looked at (the caller filters changeSets); modifySql visitors whose
 * dbms does not match are left out (both versions), and v9 also leaves out changes with a
 * non-matching dbms attribute (sql, insert, ...). Fails (OMRS_ERR_PARSE) on a change
 * element it does not know, naming the element, its line and the changeSet id.
 *
 * Limitation: Liquibase NFC-normalizes the text it hashes; this code does not (no Unicode
 * tables among the dependencies). Text that is ASCII or already NFC — every OpenMRS
 * changelog — gives the right value; decomposed accents would not. */
int lb_changeset_checksum(xmlNodePtr changeset, int version, const char *dbms, char out[LB_CHECKSUM_SIZE],
                          omrs_error *err);

/* Liquibase's CheckSum.parse + toString (4.x), for comparing <validCheckSum> values and
 * stored MD5SUMs: "<digits>:<alphanumerics>" keeps its version (leading zeros dropped) and
 * the alphanumeric run after the colon ("3:abc" stays "3:abc"); anything else is a bare
 * hash of version 1 ("1b61..." becomes "1:1b61..."). *out is malloc'ed; NULL for a NULL or
 * empty value. */
int lb_checksum_normalize(const char *value, char **out, omrs_error *err);

/* CheckSum.compute(String) with the version prefix: line endings to \n, U+FFFD removed,
 * UTF-8, MD5 (see the NFC note above). */
int lb_checksum_of_string(const char *text, int version, char out[LB_CHECKSUM_SIZE], omrs_error *err);

#endif
