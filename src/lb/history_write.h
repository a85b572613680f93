/* Writing the history table the way Liquibase does: its DDL (and the column upgrades
 * Liquibase makes to older tables), and one row per changeSet that ran. */
#ifndef OMRS_LB_HISTORY_WRITE_H
#define OMRS_LB_HISTORY_WRITE_H

#include "changelog.h"
#include "error.h"
#include "strutil.h"

/* One history row; NULL members are written as SQL NULL. */
typedef struct lb_history_row {
    const char *id, *author, *filename;
    long order_executed;
    const char *md5sum, *description, *comments, *exectype;
    const char *contexts, *labels, *liquibase, *deployment_id;
} lb_history_row;

/* CREATE TABLE liquibasechangelog as Liquibase 4.x creates it (qualified with catalog when given). */
int lb_history_create_sql(const char *catalog, omrs_buf *out);

/* The INSERT Liquibase's MarkChangeSetRanGenerator writes; escape quotes strings for SQL. */
typedef int (*lb_escape_fn)(const char *value, omrs_buf *out, void *ctx);
int lb_history_insert_sql(const lb_history_row *row, const char *catalog, lb_escape_fn escape, void *ctx,
                          omrs_buf *out);
/* The UPDATE written instead when a changeSet with a row ran again (EXECTYPE RERAN). */
int lb_history_rerun_sql(const lb_history_row *row, const char *catalog, lb_escape_fn escape, void *ctx,
                         omrs_buf *out);

#endif
