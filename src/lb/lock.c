#include "lock.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "strutil.h"

/* OpenMRS registers a type that makes Liquibase's boolean TINYINT(1) on MySQL/MariaDB. */
const char lb_lock_create_sql[] =
    "CREATE TABLE " LB_LOCK_TABLE " (ID INT NOT NULL, `LOCKED` TINYINT(1) NOT NULL, LOCKGRANTED datetime NULL, "
    "LOCKEDBY VARCHAR(255) NULL, CONSTRAINT PK_LIQUIBASECHANGELOGLOCK PRIMARY KEY (ID))";

static int note_lock(MYSQL_ROW row, unsigned long *len, unsigned int n, void *ctx)
{
    (void)len; (void)n;
    lb_lock_state *st = ctx;
    st->locked = row[0] && strtol(row[0], NULL, 10) != 0;
    snprintf(st->granted, sizeof st->granted, "%s", row[1] ? row[1] : "");
    snprintf(st->locked_by, sizeof st->locked_by, "%s", row[2] ? row[2] : "");
    return 0;
}

int lb_lock_read(omrs_conn *c, lb_lock_state *st, omrs_error *err)
{
    memset(st, 0, sizeof *st);
    if (omrs_conn_table_exists(c, LB_LOCK_TABLE, &st->table_exists, err) < 0)
        return -1;
    if (!st->table_exists)
        return 0;
    return omrs_conn_each_row(c, "SELECT `LOCKED`, DATE_FORMAT(LOCKGRANTED, '%Y-%m-%d %H:%i:%s'), LOCKEDBY FROM "
                                 LB_LOCK_TABLE " WHERE ID = 1", note_lock, st, err);
}

static int row_count(omrs_conn *c, long *count, omrs_error *err)
{
    MYSQL_RES *res;
    if (omrs_conn_query(c, "SELECT COUNT(*) FROM " LB_LOCK_TABLE, &res, err) < 0)
        return -1;
    MYSQL_ROW row = res ? mysql_fetch_row(res) : NULL;
    *count = row && row[0] ? strtol(row[0], NULL, 10) : 0;
    mysql_free_result(res);
    return 0;
}

int lb_lock_init(omrs_conn *c, omrs_error *err)
{
    bool exists;
    long rows = 0;
    if (omrs_conn_table_exists(c, LB_LOCK_TABLE, &exists, err) < 0)
        return -1;
    if (!exists && (omrs_conn_write(c, lb_lock_create_sql, NULL, err) < 0 || omrs_conn_write(c, "COMMIT", NULL, err) < 0))
        return -1;
    if (row_count(c, &rows, err) < 0)
        return -1;
    if (rows > 0)
        return 0;
    return omrs_conn_write(c, "DELETE FROM " LB_LOCK_TABLE, NULL, err) < 0
        || omrs_conn_write(c, "INSERT INTO " LB_LOCK_TABLE " (ID, `LOCKED`) VALUES (1, 0)", NULL, err) < 0
        || omrs_conn_write(c, "COMMIT", NULL, err) < 0 ? -1 : 0;
}

/* First non-loopback IPv4 address, else IPv6, else 127.0.0.1 (Liquibase's NetUtil). */
static void host_address(char *out, size_t size)
{
    snprintf(out, size, "127.0.0.1");
    struct ifaddrs *list;
    if (getifaddrs(&list) != 0)
        return;
    for (int want = AF_INET, round = 0; round < 2; round++, want = AF_INET6) {
        for (struct ifaddrs *i = list; i; i = i->ifa_next) {
            if (!i->ifa_addr || i->ifa_addr->sa_family != want || (i->ifa_flags & IFF_LOOPBACK))
                continue;
            const void *addr = want == AF_INET ? (const void *)&((struct sockaddr_in *)i->ifa_addr)->sin_addr
                                               : (const void *)&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
            if (inet_ntop(want, addr, out, (socklen_t)size)) {
                freeifaddrs(list);
                return;
            }
        }
    }
    freeifaddrs(list);
}

void lb_lock_holder_name(char *out, size_t size)
{
    char host[256] = "localhost", addr[64];
    gethostname(host, sizeof host - 1);
    host_address(addr, sizeof addr);
    snprintf(out, size, "%s (%s)", host, addr);
}

static int try_acquire(omrs_conn *c, bool *got, omrs_error *err)
{
    *got = false;
    lb_lock_state st;
    if (omrs_conn_write(c, "ROLLBACK", NULL, err) < 0 || lb_lock_init(c, err) < 0 || lb_lock_read(c, &st, err) < 0)
        return -1;
    if (st.locked)
        return 0;
    char holder[256];
    lb_lock_holder_name(holder, sizeof holder);
    char escaped[2 * sizeof holder + 1];
    mysql_real_escape_string(c->mysql, escaped, holder, (unsigned long)strlen(holder));
    omrs_buf sql = {0};
    if (omrs_buf_printf(&sql, "UPDATE " LB_LOCK_TABLE " SET `LOCKED` = 1, LOCKEDBY = '%s', LOCKGRANTED = NOW() "
                              "WHERE ID = 1 AND `LOCKED` = 0", escaped) < 0)
        return omrs_fail_nomem(err);
    unsigned long long affected = 0;
    int rc = omrs_conn_write(c, sql.data, &affected, err);
    omrs_buf_free(&sql);
    if (rc < 0)
        return -1;
    if (affected > 1)
        return omrs_fail(err, OMRS_ERR_SQL, "%s has more than one row with ID 1", LB_LOCK_TABLE);
    *got = affected == 1;
    return omrs_conn_write(c, "COMMIT", NULL, err);
}

int lb_lock_acquire(omrs_conn *c, const lb_lock_wait *wait, omrs_error *err)
{
    time_t start = time(NULL);
    for (;;) {
        bool got;
        if (try_acquire(c, &got, err) < 0)
            return -1;
        if (got)
            return 0;
        if (time(NULL) - start >= (time_t)wait->timeout_seconds) {
            lb_lock_state st;
            if (lb_lock_read(c, &st, err) < 0)
                return -1;
            return omrs_fail(err, OMRS_ERR_SQL,
                             "could not acquire the Liquibase lock: held by %s since %s (is OpenMRS starting "
                             "or updating? if not, 'changelog release-locks' frees it)",
                             st.locked_by[0] ? st.locked_by : "(unknown)", st.granted[0] ? st.granted : "(unknown)");
        }
        sleep(wait->poll_seconds ? wait->poll_seconds : 1);
    }
}

int lb_lock_release(omrs_conn *c, omrs_error *err)
{
    return omrs_conn_write(c, "ROLLBACK", NULL, err) < 0
        || omrs_conn_write(c, "UPDATE " LB_LOCK_TABLE " SET `LOCKED` = 0, LOCKGRANTED = NULL, LOCKEDBY = NULL "
                              "WHERE ID = 1", NULL, err) < 0
        || omrs_conn_write(c, "COMMIT", NULL, err) < 0 ? -1 : 0;
}
