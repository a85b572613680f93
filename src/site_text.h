/* The site summary as plain text lines: printed by `info` and shown by the console. */
#ifndef OMRS_SITE_TEXT_H
#define OMRS_SITE_TEXT_H

#include <stdio.h>

#include "site.h"

void omrs_site_print(FILE *out, const omrs_site *site);

#endif
