/* PLACEHOLDER: written by its owner this session. */
#include "cli_sync.h"

int omrs_sync_cmd_status(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    (void)o, (void)out;
    return omrs_fail(err, OMRS_ERR_USAGE, "sync status is not written yet");
}

int omrs_sync_cmd_check(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    (void)o, (void)out;
    return omrs_fail(err, OMRS_ERR_USAGE, "sync check is not written yet");
}

int omrs_sync_cmd_indexes(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    (void)o, (void)out;
    return omrs_fail(err, OMRS_ERR_USAGE, "sync indexes is not written yet");
}
