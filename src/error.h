/* Errors are values: every fallible call returns 0 or -1 and fills an omrs_error
 * whose message tells the user what went wrong and what to do about it. */
#ifndef OMRS_ERROR_H
#define OMRS_ERROR_H

#include <stddef.h>

typedef enum omrs_code {
    OMRS_OK = 0,
    OMRS_ERR_USAGE,        /* bad command line */
    OMRS_ERR_NOMEM,
    OMRS_ERR_IO,           /* a file could not be read */
    OMRS_ERR_PARSE,        /* a file or value is malformed */
    OMRS_ERR_CONNECT,      /* server unreachable */
    OMRS_ERR_AUTH,         /* wrong user or password */
    OMRS_ERR_NO_DATABASE,  /* database does not exist */
    OMRS_ERR_NOT_OPENMRS,  /* database is not an OpenMRS database */
    OMRS_ERR_PRIVILEGE,    /* the account lacks a needed privilege */
    OMRS_ERR_READ_ONLY,    /* a write was refused because the session is read-only */
    OMRS_ERR_SQL,          /* any other server error */
    OMRS_ERR_NEEDS_OPENMRS /* a customChange/customPrecondition only OpenMRS's Java code can run */
} omrs_code;

typedef struct omrs_error {
    omrs_code code;
    char message[1024];
} omrs_error;

/* Sets the error (when err is not NULL) and returns -1, so callers can write
 * `return omrs_fail(err, OMRS_ERR_IO, "cannot read %s: %s", path, strerror(errno));` */
int omrs_fail(omrs_error *err, omrs_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Shorthand for the allocation-failure case. */
int omrs_fail_nomem(omrs_error *err);

void omrs_error_clear(omrs_error *err);

/* Process exit status for an error code: 2 for usage errors, 1 for the rest. */
int omrs_exit_status(omrs_code code);

#endif
