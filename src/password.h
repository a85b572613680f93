/* Reads a password from the controlling terminal without echo. Passwords are never
 * accepted on the command line, where any user could read them in the process list. */
#ifndef OMRS_PASSWORD_H
#define OMRS_PASSWORD_H

#include "error.h"

int omrs_password_prompt(const char *prompt, char **out, omrs_error *err);

/* Overwrites and frees a secret. */
void omrs_secret_free(char *secret);

#endif
