/* Adding a foreign key to an empty table, without copying the table.
 *
 * With foreign_key_checks on, MariaDB adds a foreign key by copying the whole table
 * (ALGORITHM=COPY), so that it can check every row; with them off it adds it in place. On
 * a table with no rows the check has nothing to look at, so both give the same table and
 * the same outcome, and a fresh OpenMRS install (some 450 foreign keys on empty tables)
 * takes about 40% less time. The table is locked while it is seen to be empty and the key
 * is added, so no row can arrive in between; the referenced table is locked too, which
 * also proves it exists (with the checks off MariaDB would accept a missing one).
 * Whenever any of that does not hold, the statement runs as Liquibase runs it. */
#ifndef OMRS_LB_FK_INPLACE_H
#define OMRS_LB_FK_INPLACE_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "conn.h"
#include "error.h"
#include "sqlgen.h"

/* Whether the statements of this changeSet can be matched to its changes one to one: it
 * holds only addForeignKeyConstraint changes (each makes one statement), no modifySql,
 * and generated `statements` statements. The server must be MariaDB (SET STATEMENT). */
bool lb_fk_inplace_applies(omrs_conn *c, xmlNodePtr changeset, size_t statements);

/* Adds the foreign key of the addForeignKeyConstraint `change` in place when its table
 * is empty and it succeeds: *ran is then true. Otherwise *ran is false, nothing has changed
 * and the caller runs the statement as usual (so a failure is reported exactly as Liquibase
 * reports it). -1 only when memory runs out. */
int lb_fk_inplace_run(omrs_conn *c, xmlNodePtr change, const lb_sql_options *so, bool *ran, omrs_error *err);

#endif
