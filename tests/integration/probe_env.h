/* What the probe programs share: a session opened from the environment the shell tests
 * set (PROBE_DEFAULTS_FILE, PROBE_DATABASE, PROBE_READ_ONLY=1). */
#ifndef OMRS_PROBE_ENV_H
#define OMRS_PROBE_ENV_H

#include "conn.h"
#include "settings.h"

int probe_connect(omrs_settings *s, omrs_conn *c, omrs_error *err);

#endif
