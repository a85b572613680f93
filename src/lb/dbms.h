/* Liquibase's dbms expressions (DatabaseList.definitionMatches): the `dbms` attribute of a
 * changeSet, a change, a <modifySql> or a <property> says which databases it applies to. */
#ifndef OMRS_LB_DBMS_H
#define OMRS_LB_DBMS_H

#include <stdbool.h>

/* True when the comma-separated expression expr (items trimmed; "all", "none", "!name",
 * "name") selects the database with short name dbms ("mysql", "mariadb", "postgresql",
 * "mssql", "oracle", "h2", ...). A NULL or blank expr gives empty_matches. Rules, in
 * Liquibase's order: "all" anywhere → true; "none" anywhere → false; "!dbms" → false;
 * otherwise true when no positive item is listed or dbms is one of them. */
bool lb_dbms_matches(const char *expr, const char *dbms, bool empty_matches);

#endif
