/* Proves the read-only guard at two levels, against a real server:
 *   write_probe api     omrs_conn_write() is refused before reaching the server
 *   write_probe session a raw INSERT that bypasses the choke point is refused by the
 *                       server, because the session is SET SESSION TRANSACTION READ ONLY
 *   write_probe write   omrs_conn_write() goes through (not read-only)
 * Connection flags come from the environment: PROBE_DEFAULTS_FILE, PROBE_DATABASE,
 * PROBE_READ_ONLY=1. Prints one line: the outcome and the error code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "probe_env.h"

static const char insert_sql[] =
    "INSERT INTO global_property (property, property_value) VALUES ('omrs.write_probe', 'x')";

static int report(const char *what, int rc, const omrs_error *err)
{
    if (rc == 0)
        printf("%s: ok\n", what);
    else
        printf("%s: refused code=%d %s\n", what, (int)err->code, err->message);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    omrs_settings s = {0};
    omrs_conn c = {0};
    omrs_error err = {0};
    if (probe_connect(&s, &c, &err) < 0) {
        printf("connect: %s\n", err.message);
        omrs_settings_free(&s);
        return 1;
    }
    if (strcmp(argv[1], "session") == 0) {
        int rc = mysql_query(c.mysql, insert_sql) == 0 ? 0 : omrs_conn_fail(&c, "raw insert", &err);
        report("session", rc, &err);
    } else {
        report(argv[1], omrs_conn_write(&c, insert_sql, NULL, &err), &err);
    }
    omrs_conn_close(&c);
    omrs_settings_free(&s);
    return 0;
}
