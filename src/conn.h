/* One database session. Every statement that changes data goes through
 * omrs_conn_write(), the single write choke point, which refuses in read-only mode;
 * the session itself is also SET SESSION TRANSACTION READ ONLY, so a write that slipped
 * past the choke point would still be refused by the server. */
#ifndef OMRS_CONN_H
#define OMRS_CONN_H

#include <stdbool.h>
#include <mysql.h>

#include "error.h"
#include "settings.h"
#include "strutil.h"

typedef struct omrs_conn {
    MYSQL *mysql;
    bool read_only;
    char *database;
} omrs_conn;

/* Connects with the given settings (option files are read here, by libmariadb), then
 * records in the settings the values really used and where they came from. */
int omrs_conn_open(omrs_conn *c, omrs_settings *s, omrs_error *err);
void omrs_conn_close(omrs_conn *c);

/* Runs a read-only statement and returns its stored result (may be NULL for no result set). */
int omrs_conn_query(omrs_conn *c, const char *sql, MYSQL_RES **res, omrs_error *err);

/* Runs a read-only statement and calls on_row for each row (values may be NULL);
 * a non-zero return from on_row stops the walk and is returned as an allocation failure. */
typedef int (*omrs_row_fn)(MYSQL_ROW row, unsigned long *lengths, unsigned int columns, void *ctx);
int omrs_conn_each_row(omrs_conn *c, const char *sql, omrs_row_fn on_row, void *ctx, omrs_error *err);

/* Whether a table (name compared case-insensitively) exists in the current database. */
int omrs_conn_table_exists(omrs_conn *c, const char *table, bool *exists, omrs_error *err);

/* The write choke point: refuses in read-only mode before anything reaches the server. */
int omrs_conn_write(omrs_conn *c, const char *sql, unsigned long long *affected, omrs_error *err);

/* COMMIT through the choke point, sent only when the server says a transaction is open
 * (as MariaDB Connector/J does: after DDL, which commits by itself, there is nothing). */
int omrs_conn_commit(omrs_conn *c, omrs_error *err);

/* Appends s to b as an SQL string literal escaped for this connection's character set
 * ('...'), or NULL when s is NULL; for values that cannot be bound as parameters. */
int omrs_conn_append_literal(omrs_conn *c, omrs_buf *b, const char *s);

/* For a long-lived session (the console): when the server no longer answers a ping,
 * connects again with the same settings. Read-only stays as the settings say even while
 * the server is away, so nothing that changes data is offered meanwhile. */
int omrs_conn_reconnect_if_lost(omrs_conn *c, omrs_settings *s, omrs_error *err);

/* Caps how long each following statement of this session may run (MariaDB
 * max_statement_time; 0: no cap), so a monitoring refresh never hangs on a slow query.
 * Servers without the variable (MySQL) are left as they are. */
int omrs_conn_set_time_limit(omrs_conn *c, unsigned seconds, omrs_error *err);

/* Turns the last server error into an omrs_error with advice; `what` says what was attempted. */
int omrs_conn_fail(omrs_conn *c, const char *what, omrs_error *err);

#endif
