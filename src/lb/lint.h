/* `changelog lint`: OpenMRS's conventions for changeSets (seeds: "Preconditions are
 * important", "Small changesets are good", a <comment> for the admin to read, "never
 * change a changeset" once it ran). */
#ifndef OMRS_LB_LINT_H
#define OMRS_LB_LINT_H

#include <stdio.h>

#include "changelog.h"
#include "status.h"

/* Prints one line per finding ("file:line: id::author: rule: why") and returns how many
 * there were. status may be NULL (no database to compare with). */
size_t lb_lint(const lb_changelog *cl, const lb_status *status, FILE *out);

#endif
