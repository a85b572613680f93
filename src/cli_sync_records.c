/* PLACEHOLDER: written by its owner this session. */
#include "cli_sync.h"

int omrs_sync_cmd_records(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    (void)o, (void)out;
    return omrs_fail(err, OMRS_ERR_USAGE, "sync records is not written yet");
}

int omrs_sync_cmd_record(const omrs_cli_options *o, FILE *out, omrs_error *err)
{
    (void)o, (void)out;
    return omrs_fail(err, OMRS_ERR_USAGE, "sync record is not written yet");
}
