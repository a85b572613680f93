#include "history_write.h"

#include <string.h>

#include "history.h"

static int table_name(const char *catalog, omrs_buf *out)
{
    return catalog ? omrs_buf_printf(out, "%s." LB_HISTORY_TABLE, catalog)
                   : omrs_buf_append(out, LB_HISTORY_TABLE, strlen(LB_HISTORY_TABLE));
}

int lb_history_create_sql(const char *catalog, omrs_buf *out)
{
    return omrs_buf_append(out, "CREATE TABLE ", 13) || table_name(catalog, out)
        || omrs_buf_printf(out, " (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) "
                                "NOT NULL, DATEEXECUTED datetime NOT NULL, ORDEREXECUTED INT NOT NULL, EXECTYPE "
                                "VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35) NULL, `DESCRIPTION` VARCHAR(255) NULL, "
                                "COMMENTS VARCHAR(255) NULL, TAG VARCHAR(255) NULL, LIQUIBASE VARCHAR(20) NULL, "
                                "CONTEXTS VARCHAR(255) NULL, LABELS VARCHAR(255) NULL, DEPLOYMENT_ID VARCHAR(10) "
                                "NULL)") ? -1 : 0;
}

static int value(const char *v, lb_escape_fn escape, void *ctx, omrs_buf *out)
{
    if (!v)
        return omrs_buf_append(out, "NULL", 4);
    return escape(v, out, ctx);
}

int lb_history_insert_sql(const lb_history_row *r, const char *catalog, lb_escape_fn escape, void *ctx,
                          omrs_buf *out)
{
    int rc = omrs_buf_append(out, "INSERT INTO ", 12) || table_name(catalog, out)
          || omrs_buf_printf(out, " (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, `DESCRIPTION`, "
                                  "COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES (");
    rc = rc || value(r->id, escape, ctx, out) || omrs_buf_append(out, ", ", 2)
        || value(r->author, escape, ctx, out) || omrs_buf_append(out, ", ", 2)
        || value(r->filename, escape, ctx, out) || omrs_buf_printf(out, ", NOW(), %ld, ", r->order_executed)
        || value(r->md5sum, escape, ctx, out) || omrs_buf_append(out, ", ", 2)
        || value(r->description, escape, ctx, out) || omrs_buf_append(out, ", ", 2)
        || value(r->comments, escape, ctx, out) || omrs_buf_append(out, ", ", 2)
        || value(r->exectype, escape, ctx, out) || omrs_buf_append(out, ", ", 2)
        || value(r->contexts, escape, ctx, out) || omrs_buf_append(out, ", ", 2)
        || value(r->labels, escape, ctx, out) || omrs_buf_append(out, ", ", 2)
        || value(r->liquibase, escape, ctx, out) || omrs_buf_append(out, ", ", 2)
        || value(r->deployment_id, escape, ctx, out) || omrs_buf_append(out, ")", 1);
    return rc ? -1 : 0;
}

int lb_history_rerun_sql(const lb_history_row *r, const char *catalog, lb_escape_fn escape, void *ctx,
                         omrs_buf *out)
{
    int rc = omrs_buf_append(out, "UPDATE ", 7) || table_name(catalog, out)
          || omrs_buf_printf(out, " SET DATEEXECUTED = NOW(), ORDEREXECUTED = %ld, MD5SUM = ", r->order_executed)
          || value(r->md5sum, escape, ctx, out) || omrs_buf_append(out, ", EXECTYPE = 'RERAN', DEPLOYMENT_ID = ", 38)
          || value(r->deployment_id, escape, ctx, out) || omrs_buf_append(out, ", COMMENTS = ", 13)
          || value(r->comments, escape, ctx, out) || omrs_buf_append(out, ", CONTEXTS = ", 13)
          || value(r->contexts, escape, ctx, out) || omrs_buf_append(out, ", LABELS = ", 11)
          || value(r->labels, escape, ctx, out) || omrs_buf_append(out, ", LIQUIBASE = ", 14)
          || value(r->liquibase, escape, ctx, out) || omrs_buf_append(out, ", `DESCRIPTION` = ", 18)
          || value(r->description, escape, ctx, out) || omrs_buf_append(out, " WHERE ID = ", 12)
          || value(r->id, escape, ctx, out) || omrs_buf_append(out, " AND AUTHOR = ", 14)
          || value(r->author, escape, ctx, out) || omrs_buf_append(out, " AND FILENAME = ", 16)
          || value(r->filename, escape, ctx, out);
    return rc ? -1 : 0;
}
