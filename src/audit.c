#include "audit.h"

#include <errno.h>
#include <stdbool.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "strutil.h"

static int audit_path(omrs_buf *path)
{
    const char *explicit_path = getenv("OMRS_AUDIT_LOG");
    if (explicit_path && explicit_path[0])
        return omrs_buf_printf(path, "%s", explicit_path);
    const char *state = getenv("XDG_STATE_HOME");
    if (state && state[0])
        return omrs_buf_printf(path, "%s/omrs-console/audit.log", state);
    const char *home = getenv("HOME");
    return omrs_buf_printf(path, "%s/.local/state/omrs-console/audit.log", home && home[0] ? home : ".");
}

/* mkdir -p of the file's directory, private to the user. */
static void make_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(path, 0700);
        *p = '/';
    }
}

static const char *os_user(void)
{
    struct passwd *pw = getpwuid(geteuid());
    return pw ? pw->pw_name : "?";
}

/* Tabs and newlines inside a field would break the one-line, tab-separated format;
 * the separators themselves are added after. */
static void flatten(char *s, size_t from)
{
    for (s += from; *s; s++)
        if (*s == '\t' || *s == '\n' || *s == '\r')
            *s = ' ';
}

int omrs_audit(omrs_conn *c, const char *action, const char *details, omrs_error *err)
{
    omrs_buf path = {0}, line = {0};
    char when[32];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", localtime(&now));
    size_t details_at = 0;
    if (audit_path(&path) < 0
        || omrs_buf_printf(&line, "%s\t%s\t%s@%s\t%s\t", when, os_user(),
                           c && c->mysql && c->mysql->user ? c->mysql->user : "-",
                           c && c->database ? c->database : "-", action) < 0
        || (details_at = line.len, omrs_buf_printf(&line, "%s", details ? details : "")) < 0) {
        omrs_buf_free(&path);
        omrs_buf_free(&line);
        return omrs_fail_nomem(err);
    }
    flatten(line.data, details_at);
    make_parents(path.data);
    FILE *f = fopen(path.data, "a");
    bool written = f && fprintf(f, "%s\n", line.data) >= 0;
    bool closed = f && fclose(f) == 0;
    int rc = 0;
    if (!written || !closed)
        rc = omrs_fail(err, OMRS_ERR_IO, "cannot write the audit log %s: %s (set OMRS_AUDIT_LOG to a writable file)",
                       path.data, strerror(errno));
    omrs_buf_free(&path);
    omrs_buf_free(&line);
    return rc;
}

int omrs_audit_outcome(omrs_conn *c, int rc, const char *details, omrs_error *err)
{
    omrs_error audit_err = {0};
    if (omrs_audit(c, rc == 0 ? "done" : "failed", details, &audit_err) < 0 && rc == 0) {
        *err = audit_err;
        return -1;
    }
    return rc;
}
