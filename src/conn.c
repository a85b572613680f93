#include "conn.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"

#define CONNECT_TIMEOUT_SECONDS 10u
#define OWN_OPTION_GROUP "omrs-console"

/* Settings below the option-file layer become libmariadb defaults, which the option
 * files it reads at connect time may override; the rest are explicit arguments. */
static const char *explicit_value(const omrs_setting *s)
{
    return omrs_setting_beats_option_files(s) ? s->value : NULL;
}

static void set_default(MYSQL *m, enum mysql_option opt, const omrs_setting *s)
{
    if (s->value && !omrs_setting_beats_option_files(s))
        mysql_optionsv(m, opt, s->value);
}

static unsigned int port_number(const char *text)
{
    return text ? (unsigned int)strtoul(text, NULL, 10) : 0;
}

static void set_option_layers(MYSQL *m, const omrs_settings *s)
{
    unsigned int timeout = CONNECT_TIMEOUT_SECONDS;
    mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    set_default(m, MARIADB_OPT_HOST, &s->host);
    set_default(m, MARIADB_OPT_USER, &s->user);
    set_default(m, MARIADB_OPT_PASSWORD, &s->password);
    set_default(m, MARIADB_OPT_SCHEMA, &s->database);
    set_default(m, MARIADB_OPT_UNIXSOCKET, &s->socket);
    if (s->port.value && !omrs_setting_beats_option_files(&s->port)) {
        unsigned int port = port_number(s->port.value);
        mysql_optionsv(m, MARIADB_OPT_PORT, &port);
    }
    if (s->defaults_file)
        mysql_optionsv(m, MYSQL_READ_DEFAULT_FILE, s->defaults_file);
    /* libmariadb always reads [client], [client-server] and [client-mariadb]; the extra group
     * is [client<suffix>] as the mariadb client does, else our own [omrs-console]. */
    char group[256];
    snprintf(group, sizeof group, "%s%s", s->group_suffix ? "client" : OWN_OPTION_GROUP,
             s->group_suffix ? s->group_suffix : "");
    mysql_optionsv(m, MYSQL_READ_DEFAULT_GROUP, group);
    if (s->jdbc_tcp) {
        enum mysql_protocol_type tcp = MYSQL_PROTOCOL_TCP;
        mysql_optionsv(m, MYSQL_OPT_PROTOCOL, &tcp);
    }
}

static bool same_value(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* After connecting, record the value libmariadb really used. A value that differs from
 * what we passed as a default was set by an option file (or is libmariadb's own default). */
static int note_effective(omrs_setting *s, const char *used)
{
    if (omrs_setting_beats_option_files(s) || same_value(s->value, used))
        return 0;
    if (!used || !used[0])
        return 0;
    if (omrs_set_str(&s->value, used) < 0)
        return -1;
    s->source = s->source == OMRS_SRC_NONE ? OMRS_SRC_CLIENT : OMRS_SRC_OPTION_FILE;
    return 0;
}

static int note_effective_settings(omrs_settings *s, MYSQL *m)
{
    char port[16];
    snprintf(port, sizeof port, "%u", m->port);
    bool over_socket = m->unix_socket && m->unix_socket[0];
    return note_effective(&s->host, m->host) < 0
        || note_effective(&s->user, m->user) < 0
        || note_effective(&s->password, m->passwd) < 0
        || note_effective(&s->database, m->db) < 0
        || (over_socket && note_effective(&s->socket, m->unix_socket) < 0)
        || (!over_socket && note_effective(&s->port, port) < 0) ? -1 : 0;
}

/* Where we tried to connect, as far as we know it: values left to the option files are
 * known only to libmariadb, so then the server's own message has to say the rest. */
static const char *target_of(const omrs_settings *s, char *buf, size_t size)
{
    if (s->host.value && (s->jdbc_tcp || !s->socket.value))
        snprintf(buf, size, "%s:%s", s->host.value, s->port.value ? s->port.value : "3306");
    else if (s->socket.value)
        snprintf(buf, size, "socket %s", s->socket.value);
    else
        snprintf(buf, size, "the server named by the option files (else localhost)");
    return buf;
}

static int connect_fail(MYSQL *m, const omrs_settings *s, omrs_error *err)
{
    char target[512];
    target_of(s, target, sizeof target);
    switch (mysql_errno(m)) {
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case CR_UNKNOWN_HOST:
    case CR_SERVER_LOST:
    case CR_SERVER_GONE_ERROR:
        return omrs_fail(err, OMRS_ERR_CONNECT,
                         "cannot reach the database server at %s (%s): is it running? "
                         "Check -h/-P/-S, the option file or connection.url", target, mysql_error(m));
    case ER_ACCESS_DENIED_ERROR:
    case ER_ACCESS_DENIED_NO_PASSWORD_ERROR:
        return omrs_fail(err, OMRS_ERR_AUTH,
                         "%s at %s: wrong user name or password; use -p to type the password, "
                         "or fix the option file or runtime properties", mysql_error(m), target);
    case ER_BAD_DB_ERROR:
        return omrs_fail(err, OMRS_ERR_NO_DATABASE,
                         "%s at %s: name the OpenMRS database with --database or in connection.url",
                         mysql_error(m), target);
    case ER_DBACCESS_DENIED_ERROR:
        return omrs_fail(err, OMRS_ERR_PRIVILEGE,
                         "%s: grant the account at least SELECT on the OpenMRS database "
                         "(see sql/monitor-grants.sql)", mysql_error(m));
    default:
        return omrs_fail(err, OMRS_ERR_CONNECT, "cannot connect to %s: %s (error %u)", target,
                         mysql_error(m), mysql_errno(m));
    }
}

static int start_session(omrs_conn *c, omrs_error *err)
{
    if (c->read_only && mysql_query(c->mysql, "SET SESSION TRANSACTION READ ONLY") != 0)
        return omrs_conn_fail(c, "making the session read-only", err);
    return 0;
}

int omrs_conn_open(omrs_conn *c, omrs_settings *s, omrs_error *err)
{
    memset(c, 0, sizeof *c);
    MYSQL *m = mysql_init(NULL);
    if (!m)
        return omrs_fail_nomem(err);
    set_option_layers(m, s);
    if (!mysql_real_connect(m, explicit_value(&s->host), explicit_value(&s->user),
                            explicit_value(&s->password), explicit_value(&s->database),
                            port_number(explicit_value(&s->port)), explicit_value(&s->socket), 0)) {
        connect_fail(m, s, err);
        mysql_close(m);
        return -1;
    }
    c->mysql = m;
    c->read_only = s->read_only;
    if (note_effective_settings(s, m) < 0 || omrs_set_str(&c->database, s->database.value) < 0) {
        omrs_conn_close(c);
        return omrs_fail_nomem(err);
    }
    if (start_session(c, err) < 0) {
        omrs_conn_close(c);
        return -1;
    }
    return 0;
}

void omrs_conn_close(omrs_conn *c)
{
    if (c->mysql)
        mysql_close(c->mysql);
    free(c->database);
    memset(c, 0, sizeof *c);
}

int omrs_conn_fail(omrs_conn *c, const char *what, omrs_error *err)
{
    MYSQL *m = c->mysql;
    unsigned int code = mysql_errno(m);
    switch (code) {
    case ER_TABLEACCESS_DENIED_ERROR:
    case ER_COLUMNACCESS_DENIED_ERROR:
    case ER_SPECIFIC_ACCESS_DENIED_ERROR:
    case ER_DBACCESS_DENIED_ERROR:
        return omrs_fail(err, OMRS_ERR_PRIVILEGE,
                         "%s: missing privilege: %s; grant the account at least SELECT on the "
                         "OpenMRS database (see sql/monitor-grants.sql)", what, mysql_error(m));
    case ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION:
        return omrs_fail(err, OMRS_ERR_READ_ONLY, "%s: refused by the server, the session is read-only",
                         what);
    case CR_SERVER_LOST:
    case CR_SERVER_GONE_ERROR:
        return omrs_fail(err, OMRS_ERR_CONNECT, "%s: lost the connection to the server: %s", what,
                         mysql_error(m));
    default:
        return omrs_fail(err, OMRS_ERR_SQL, "%s: %s (error %u)", what, mysql_error(m), code);
    }
}

/* A session whose server went away (the console keeps it while reconnecting). */
static int not_connected(omrs_error *err)
{
    return omrs_fail(err, OMRS_ERR_CONNECT, "not connected to the database server (it stopped answering)");
}

int omrs_conn_query(omrs_conn *c, const char *sql, MYSQL_RES **res, omrs_error *err)
{
    if (!c->mysql)
        return not_connected(err);
    if (mysql_query(c->mysql, sql) != 0)
        return omrs_conn_fail(c, "reading the database", err);
    *res = mysql_store_result(c->mysql);
    if (!*res && mysql_field_count(c->mysql) != 0)
        return omrs_conn_fail(c, "reading a result", err);
    return 0;
}

int omrs_conn_each_row(omrs_conn *c, const char *sql, omrs_row_fn on_row, void *ctx, omrs_error *err)
{
    if (!c->mysql)
        return not_connected(err);
    /* Rows are streamed (mysql_use_result), not stored: a whole DATABASECHANGELOG would
     * otherwise sit in memory twice, as the result and as what the caller keeps. */
    if (mysql_query(c->mysql, sql) != 0)
        return omrs_conn_fail(c, "reading the database", err);
    MYSQL_RES *res = mysql_use_result(c->mysql);
    if (!res)
        return mysql_field_count(c->mysql) != 0 ? omrs_conn_fail(c, "reading a result", err) : 0;
    unsigned int columns = mysql_num_fields(res);
    MYSQL_ROW row;
    int rc = 0;
    while (rc == 0 && (row = mysql_fetch_row(res)))
        rc = on_row(row, mysql_fetch_lengths(res), columns, ctx);
    if (rc == 0 && mysql_errno(c->mysql) != 0)
        rc = omrs_conn_fail(c, "reading a result", err);
    else if (rc != 0)
        rc = omrs_fail_nomem(err);
    mysql_free_result(res);
    return rc;
}

int omrs_conn_commit(omrs_conn *c, omrs_error *err)
{
    if (!c->mysql)
        return not_connected(err);
    if (!c->read_only && !(c->mysql->server_status & SERVER_STATUS_IN_TRANS))
        return 0;
    return omrs_conn_write(c, "COMMIT", NULL, err);
}

int omrs_conn_table_exists(omrs_conn *c, const char *table, bool *exists, omrs_error *err)
{
    if (!c->mysql)
        return not_connected(err);
    MYSQL_STMT *st = mysql_stmt_init(c->mysql);
    if (!st)
        return omrs_fail_nomem(err);
    static const char sql[] = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                              "AND LOWER(TABLE_NAME) = LOWER(?)";
    MYSQL_BIND in = {.buffer_type = MYSQL_TYPE_STRING, .buffer = (void *)table,
                     .buffer_length = (unsigned long)strlen(table)};
    long long count = 0;
    MYSQL_BIND out = {.buffer_type = MYSQL_TYPE_LONGLONG, .buffer = &count};
    int rc = mysql_stmt_prepare(st, sql, sizeof sql - 1) || mysql_stmt_bind_param(st, &in)
          || mysql_stmt_execute(st) || mysql_stmt_bind_result(st, &out) || mysql_stmt_fetch(st) == 1;
    if (rc)
        omrs_fail(err, OMRS_ERR_SQL, "checking for table %s: %s", table, mysql_stmt_error(st));
    mysql_stmt_close(st);
    *exists = count > 0;
    return rc ? -1 : 0;
}

int omrs_conn_write(omrs_conn *c, const char *sql, unsigned long long *affected, omrs_error *err)
{
    if (c->read_only)
        return omrs_fail(err, OMRS_ERR_READ_ONLY,
                         "refused: read-only mode (-R) does not change the database");
    if (!c->mysql)
        return not_connected(err);
    if (mysql_query(c->mysql, sql) != 0)
        return omrs_conn_fail(c, "write", err);
    if (affected)
        *affected = mysql_affected_rows(c->mysql);
    /* A statement that returns rows (a changelog's SELECT) is run for its effect; its rows
     * must still be read, or the connection refuses the next command. */
    MYSQL_RES *rows = mysql_store_result(c->mysql);
    if (rows)
        mysql_free_result(rows);
    return 0;
}

int omrs_conn_append_literal(omrs_conn *c, omrs_buf *b, const char *s)
{
    if (!s)
        return omrs_buf_append(b, "NULL", 4);
    if (!c->mysql)
        return -1;
    size_t n = strlen(s);
    char *escaped = malloc(2 * n + 1);
    if (!escaped)
        return -1;
    unsigned long len = mysql_real_escape_string(c->mysql, escaped, s, (unsigned long)n);
    int rc = omrs_buf_putc(b, '\'') < 0 || omrs_buf_append(b, escaped, len) < 0 || omrs_buf_putc(b, '\'') < 0 ? -1 : 0;
    free(escaped);
    return rc;
}

int omrs_conn_set_time_limit(omrs_conn *c, unsigned seconds, omrs_error *err)
{
    if (!c->mysql)
        return not_connected(err);
    if (!strstr(mysql_get_server_info(c->mysql), "MariaDB") && !strstr(mysql_get_server_info(c->mysql), "mariadb"))
        return 0;
    char sql[64];
    snprintf(sql, sizeof sql, "SET SESSION max_statement_time = %u", seconds);
    /* A session variable, not data: allowed in read-only mode too. */
    return mysql_query(c->mysql, sql) == 0 ? 0 : omrs_conn_fail(c, "setting the statement time limit", err);
}

int omrs_conn_reconnect_if_lost(omrs_conn *c, omrs_settings *s, omrs_error *err)
{
    if (c->mysql && mysql_ping(c->mysql) == 0)
        return 0;
    omrs_conn_close(c);
    int rc = omrs_conn_open(c, s, err);
    c->read_only = s->read_only;
    return rc;
}
