/* PLACEHOLDER: written by its owner this session. */
#include "cli.h"

int omrs_cmd_classes(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    (void)o, (void)out;
    return omrs_fail(err, OMRS_ERR_USAGE, "classes is not written yet");
}
