#include "password.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

#include "strutil.h"

static int read_line(FILE *tty, char **out)
{
    omrs_buf b = {0};
    int c;
    while ((c = fgetc(tty)) != EOF && c != '\n' && c != '\r') {
        if (omrs_buf_putc(&b, (char)c) < 0) {
            omrs_secret_free(b.data);
            return -1;
        }
    }
    if (!b.data && omrs_buf_append(&b, "", 0) < 0)
        return -1;
    *out = b.data;
    return 0;
}

int omrs_password_prompt(const char *prompt, char **out, omrs_error *err)
{
    FILE *tty = fopen("/dev/tty", "r+");
    if (!tty)
        return omrs_fail(err, OMRS_ERR_USAGE,
                         "cannot ask for a password: no terminal (%s); put it in an option file "
                         "and use --defaults-file instead", strerror(errno));
    struct termios saved, quiet;
    int have_termios = tcgetattr(fileno(tty), &saved) == 0;
    if (have_termios) {
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    }
    fputs(prompt, tty);
    fflush(tty);
    int rc = read_line(tty, out);
    if (have_termios)
        tcsetattr(fileno(tty), TCSAFLUSH, &saved);
    fputc('\n', tty);
    fclose(tty);
    return rc < 0 ? omrs_fail_nomem(err) : 0;
}

void omrs_secret_free(char *secret)
{
    if (secret)
        explicit_bzero(secret, strlen(secret));
    free(secret);
}
