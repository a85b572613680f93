/* JSON views of the site summary and of the connection settings (jansson). */
#ifndef OMRS_SITE_JSON_H
#define OMRS_SITE_JSON_H

#include <jansson.h>

#include "settings.h"
#include "site.h"

json_t *omrs_site_to_json(const omrs_site *site);
/* The password is never included, only whether one is set and where it came from. */
json_t *omrs_settings_to_json(const omrs_settings *s);

#endif
