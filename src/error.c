#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int omrs_fail(omrs_error *err, omrs_code code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return -1;
}

int omrs_fail_nomem(omrs_error *err)
{
    return omrs_fail(err, OMRS_ERR_NOMEM, "out of memory");
}

void omrs_error_clear(omrs_error *err)
{
    err->code = OMRS_OK;
    err->message[0] = '\0';
}

int omrs_exit_status(omrs_code code)
{
    if (code == OMRS_OK)
        return 0;
    return code == OMRS_ERR_USAGE ? 2 : 1;
}
