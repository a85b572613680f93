#include "fk_inplace.h"

#include <stdlib.h>
#include <string.h>

#include "changelog.h"
#include "serialize.h"
#include "site.h"
#include "strutil.h"

bool lb_fk_inplace_applies(omrs_conn *c, xmlNodePtr changeset, size_t statements)
{
    if (!omrs_version_is_mariadb(mysql_get_server_info(c->mysql)))
        return false;
    for (xmlNodePtr ch = changeset->children; ch; ch = ch->next)
        if (lb_is_element(ch, "modifySql"))
            return false;   /* it may rewrite the statement */
    size_t changes = 0;
    for (xmlNodePtr ch = lb_first_change(changeset); ch; ch = lb_next_change(ch), changes++)
        if (!lb_is_element(ch, "addForeignKeyConstraint"))
            return false;
    return changes > 0 && changes == statements;
}

static int count_row(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx)
{
    (void)row, (void)lengths, (void)columns;
    ++*(size_t *)ctx;
    return 0;
}

/* "LOCK TABLES `base` WRITE[, `referenced` READ]", "SELECT 1 FROM `base` LIMIT 1" and the
 * statement with the checks off for itself alone. */
static int build(const char *base, const char *referenced, const char *sql, omrs_buf *lock, omrs_buf *probe,
                 omrs_buf *alter)
{
    if (omrs_buf_printf(lock, "LOCK TABLES ") < 0 || omrs_buf_quote_identifier(lock, base) < 0
        || omrs_buf_printf(lock, " WRITE") < 0)
        return -1;
    if (strcmp(base, referenced) != 0
        && (omrs_buf_printf(lock, ", ") < 0 || omrs_buf_quote_identifier(lock, referenced) < 0
            || omrs_buf_printf(lock, " READ") < 0))
        return -1;
    if (omrs_buf_printf(probe, "SELECT 1 FROM ") < 0 || omrs_buf_quote_identifier(probe, base) < 0
        || omrs_buf_printf(probe, " LIMIT 1") < 0)
        return -1;
    return omrs_buf_printf(alter, "SET STATEMENT foreign_key_checks = 0 FOR %s", sql);
}

/* A failed ALTER TABLE changes nothing (MariaDB's DDL is atomic), so on any failure the
 * plain statement runs next and fails with the very error Liquibase would report. */
static void locked_run(omrs_conn *c, const omrs_buf *probe, const omrs_buf *alter, bool *ran)
{
    size_t rows = 0;
    omrs_error ignored = {0};
    if (omrs_conn_each_row(c, probe->data, count_row, &rows, &ignored) == 0 && rows == 0)
        *ran = omrs_conn_write(c, alter->data, NULL, &ignored) == 0;
}

int lb_fk_inplace_run(omrs_conn *c, xmlNodePtr change, const lb_sql_options *so, bool *ran, omrs_error *err)
{
    *ran = false;
    lb_fk_in_place fk;
    int rc = lb_foreign_key_in_place(change, so, &fk, err);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    omrs_buf lock = {0}, probe = {0}, alter = {0};
    omrs_error ignored = {0};
    if (build(fk.base, fk.referenced, fk.sql, &lock, &probe, &alter) < 0)
        rc = omrs_fail_nomem(err);
    /* A lock that cannot be had (a missing table above all) leaves it to the plain statement
     * to fail as Liquibase's would. */
    else if (omrs_conn_write(c, lock.data, NULL, &ignored) == 0) {
        locked_run(c, &probe, &alter, ran);
        omrs_conn_write(c, "UNLOCK TABLES", NULL, &ignored);
    }
    omrs_buf_free(&lock);
    omrs_buf_free(&probe);
    omrs_buf_free(&alter);
    lb_fk_in_place_free(&fk);
    return rc;
}
