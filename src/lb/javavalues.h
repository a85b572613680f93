/* The Java value rules Liquibase applies to changelog text, shared by the checksum
 * serializer (serialize.c) and the SQL generator (sqlvalues.c, sqlalter.c): whether
 * NumberFormat can parse a number from a string, and ISODateFormat's parse-then-format
 * round trip of a date/time. Both Liquibase versions use the same classes for both
 * purposes, so one implementation keeps checksums and SQL in step. */
#ifndef OMRS_LB_JAVAVALUES_H
#define OMRS_LB_JAVAVALUES_H

#include <stdbool.h>

/* NumberFormat.getInstance(Locale.US).parse(s) succeeds, i.e. a number starts s. */
bool lb_java_number_prefix(const char *s);

/* The java.util.Date subclass ISODateFormat.parse returns, or NONE when it throws. */
typedef enum lb_iso_kind { LB_ISO_NONE, LB_ISO_DATE, LB_ISO_TIME, LB_ISO_TIMESTAMP } lb_iso_kind;

/* Rules for lb_iso_date_reformat, or-ed together. */
enum {
    /* Liquibase 4.x (checksum version 9): reads a time without a date ("HH:mm:ss..."), and
     * takes a timestamp's nanoseconds from OffsetDateTime.parse when that succeeds. Without
     * it, 3.10's rules. */
    LB_ISO_V4 = 1u,
    /* With LB_ISO_V4: an ISO offset may carry seconds ("+hh:mm:ss"), as OffsetDateTime.parse
     * allows. The checksum code accepts them; the SQL generator has only ever accepted "Z" and
     * "+hh:mm" (such offsets then fall back to the 3.10 fraction rule and fail), and keeps
     * that until it is compared against Liquibase 4.28's SQL for such a value. */
    LB_ISO_OFFSET_SECONDS = 2u,
};

/* ISODateFormat.format(ISODateFormat.parse(s)), computed in UTC. Returns 0 with *kind and,
 * unless *kind is LB_ISO_NONE, *out = the re-formatted text (malloc'd, the caller frees);
 * -1 on allocation failure. */
int lb_iso_date_reformat(const char *s, unsigned rules, lb_iso_kind *kind, char **out);

#endif
