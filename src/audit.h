/* The audit log: one line per mutating action (who, when, where, what, outcome), appended
 * to $OMRS_AUDIT_LOG, else $XDG_STATE_HOME/omrs-console/audit.log, else
 * ~/.local/state/omrs-console/audit.log. Passwords never reach it. */
#ifndef OMRS_AUDIT_H
#define OMRS_AUDIT_H

#include "conn.h"
#include "error.h"

/* Appends one tab-separated line; a log that cannot be written is an error, because an
 * action that must be logged should not run unlogged. */
int omrs_audit(omrs_conn *c, const char *action, const char *details, omrs_error *err);

/* Closes an action begun with a "start" line: writes "done" when rc is 0, else "failed",
 * with details. A log that cannot be written turns a success into that error (an action
 * that must be logged must not pass unlogged); a failure keeps its own error. Returns rc
 * as it then stands. */
int omrs_audit_outcome(omrs_conn *c, int rc, const char *details, omrs_error *err);

#endif
