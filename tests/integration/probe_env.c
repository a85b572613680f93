#include "probe_env.h"

#include <stdlib.h>
#include <string.h>

#include "session.h"

int probe_connect(omrs_settings *s, omrs_conn *c, omrs_error *err)
{
    const char *read_only = getenv("PROBE_READ_ONLY");
    omrs_conn_flags flags = {
        .defaults_file = getenv("PROBE_DEFAULTS_FILE"),
        .database = getenv("PROBE_DATABASE"),
        .read_only = read_only && strcmp(read_only, "1") == 0,
    };
    if (omrs_session_settings(&flags, s, err) < 0)
        return -1;
    return omrs_session_connect(&flags, s, c, err);
}
