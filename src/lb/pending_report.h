/* What one changelog still has to run, as text an admin reads before running it: each
 * changeSet that is not ran (pending, run-always, run-on-change, changed) with its state
 * and the SQL Liquibase would send. The console's Upgrade scripts pane shows it. */
#ifndef OMRS_LB_PENDING_REPORT_H
#define OMRS_LB_PENDING_REPORT_H

#include <stdio.h>

#include "conn.h"
#include "error.h"
#include "resources.h"

int lb_pending_report(omrs_conn *c, lb_resources *r, const char *path, const char *dbms, const char *contexts,
                      FILE *out, omrs_error *err);

#endif
