#!/usr/bin/env bash
# Read-only mode at the session and at the write choke point, and a SELECT-only account.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
probe=$OMRS_BUILDDIR/tests/integration/write_probe
test_start_db
mdb_sql "CREATE DATABASE openmrs;
    CREATE TABLE openmrs.global_property (property VARCHAR(255) PRIMARY KEY, property_value TEXT);"
rows() { mdb_sql "SELECT COUNT(*) FROM openmrs.global_property WHERE property = 'omrs.write_probe'"; }

export PROBE_DATABASE=openmrs PROBE_DEFAULTS_FILE=$MDB_ADMIN_CNF

out=$(PROBE_READ_ONLY=1 "$probe" api)
tap_like "read-only: the write choke point refuses" "$out" "api: refused"
tap_like "read-only: the refusal says why" "$out" "read-only mode (-R) does not change the database"
tap_is "read-only: nothing was written by the API" "$(rows)" 0

out=$(PROBE_READ_ONLY=1 "$probe" session)
tap_like "read-only: the server refuses a raw INSERT in the session" "$out" "session: refused"
tap_like "read-only: the server's refusal is named" "$out" "the session is read-only"
tap_is "read-only: nothing was written past the choke point" "$(rows)" 0

out=$("$probe" write)
tap_is "read-write: the choke point lets a write through" "$out" "write: ok"
tap_is "read-write: the row is there" "$(rows)" 1
mdb_sql "DELETE FROM openmrs.global_property WHERE property = 'omrs.write_probe'"

out=$(PROBE_DEFAULTS_FILE=$MDB_MONITOR_CNF "$probe" write)
tap_like "SELECT-only account: a write is refused by its grants" "$out" "missing privilege"
tap_is "SELECT-only account: nothing was written" "$(rows)" 0

out=$("$OMRS_CONSOLE" -R --defaults-file="$MDB_MONITOR_CNF" info --json); rc=$?
tap_is "SELECT-only account with -R: info works" "$rc" 0
tap_like "SELECT-only account with -R: JSON says read-only" "$out" '"read_only": true'

tap_done
