/* OpenMRS's module version rules, as ModuleUtil implements them
 * (shared/reference/openmrs-modules.md, section 2). */
#ifndef OMRS_MODULE_VERSION_H
#define OMRS_MODULE_VERSION_H

#include <stdbool.h>

/* ModuleUtil.compareVersion: -1, 0 or +1. NULL on either side: 0. Text after the first '-'
 * is a qualifier; pieces split on '.' as Java's split (trailing empty pieces dropped), the
 * shorter padded with "0", each Java-trimmed and read as Long.parseLong (anything else: 0).
 * qualifier_aware (2.8.0+ compareVersion): when the numbers are equal and exactly one side
 * has a qualifier, that side is smaller. false: the <= 2.7.x compareVersion, and 2.8.0+'s
 * compareVersionIgnoringQualifier. */
int omrs_version_compare(const char *a, const char *b, bool qualifier_aware);

/* Whether the OpenMRS core of this version compares qualifiers (2.8.0 and later). */
bool omrs_core_compares_qualifiers(const char *core_version);

/* ModuleUtil.matchRequiredVersions(core_version, range) as the core of that version runs
 * it: an empty or NULL range matches from 1.12.0 on and not before; ',' separates
 * alternatives; single versions mean "this or later"; ranges ("a - b", "1.9.*") are
 * inclusive with '*' as 0 below and 2147483647 above, with every quirk of the reference
 * (section 2.3). */
bool omrs_version_matches_required(const char *core_version, const char *range);

#endif
