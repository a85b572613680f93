/* OpenMRS's connection.url: a JDBC URL for MySQL Connector/J or MariaDB Connector/J.
 *
 *   jdbc:mysql://host[:port][,host2[:port2]...]/[database][?k=v&k2=v2]
 *   jdbc:mysql:loadbalance://  jdbc:mysql:replication://
 *   jdbc:mariadb://  jdbc:mariadb:{replication,loadbalance,failover,sequential,aurora}://
 *
 * Hosts may be [IPv6]:port, address=(host=h)(port=p)..., (host=h,port=p) or a [h1,h2]
 * sub-list; only the first host is kept. Values are decoded the way the driver named by
 * the scheme decodes them: MySQL Connector/J URL-decodes the database, host, user
 * information and parameters ('+' is a space, %XX a byte); MariaDB Connector/J uses them
 * as written. */
#ifndef OMRS_JDBCURL_H
#define OMRS_JDBCURL_H

#include "error.h"
#include "javaprops.h"

#define OMRS_JDBC_DEFAULT_PORT 3306u

typedef struct omrs_jdbc_url {
    char *scheme;         /* "mysql" or "mariadb": the driver that reads the URL */
    char *mode;           /* "loadbalance", "replication", "failover"... lowercased; NULL: none */
    char *host;           /* first host; "localhost" when none is named; IPv6 without brackets */
    unsigned port;        /* OMRS_JDBC_DEFAULT_PORT when none is named */
    char *database;       /* NULL when none is named */
    char *user, *password; /* from "user:password@host" (MySQL only); NULL when absent */
    omrs_props params;    /* in URL order (line = 0); a repeated key keeps the last value */
} omrs_jdbc_url;

/* Parses url (NULL reads as empty); *out is overwritten and left empty on failure.
 * Errors are OMRS_ERR_PARSE (unsupported scheme, bad port, bad escape, malformed host
 * list) or OMRS_ERR_NOMEM. Messages never quote passwords. */
int omrs_jdbc_url_parse(const char *url, omrs_jdbc_url *out, omrs_error *err);

void omrs_jdbc_url_free(omrs_jdbc_url *u);

#endif
