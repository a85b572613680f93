/* What every mutating command does before it changes anything: refuse in read-only
 * mode, and ask (or take --yes) after showing what will change. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int omrs_cli_confirm(const omrs_cli_options *o, const char *question, omrs_error *err)
{
    if (o->yes)
        return 0;
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty)
        return omrs_fail(err, OMRS_ERR_USAGE, "no terminal to ask on: give --yes to go ahead, or --dry-run");
    fprintf(tty, "%s Type yes to go ahead: ", question);
    fflush(tty);
    char answer[16] = "";
    int ok = fgets(answer, sizeof answer, tty) && strcmp(answer, "yes\n") == 0;
    fclose(tty);
    return ok ? 0 : omrs_fail(err, OMRS_ERR_USAGE, "not confirmed: nothing was changed");
}

int omrs_cli_refuse_read_only(const omrs_cli_options *o, const char *what, omrs_error *err)
{
    if (o->conn.read_only)
        return omrs_fail(err, OMRS_ERR_READ_ONLY, "refused: %s changes the database and -R is set", what);
    return 0;
}
