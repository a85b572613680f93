#!/usr/bin/env bash
# `info` against the demo parent and children: text, valid JSON with every field, the
# same answers for a SELECT-only account in read-only mode, and a held Liquibase lock.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
bin=$OMRS_CONSOLE
test_start_db
demo_seed || tap_bail "cannot seed the demo"

# Reads one value from JSON on stdin: json_get 'doc["sync"]["role"]'
json_get() { python3 -c "import json,sys; doc=json.load(sys.stdin); print($1)"; }

admin=(--defaults-file="$MDB_ADMIN_CNF")
monitor=(-R --defaults-file="$MDB_MONITOR_CNF")

out=$("$bin" "${admin[@]}" -D openmrs_parent info); rc=$?
tap_is "text: exit 0" "$rc" 0
tap_like "text: site name" "$out" "Demo Parent (District Hospital)"
tap_like "text: sync role" "$out" "parent (parents: 0, children: 2; server uuid "
tap_like "text: core version from the history" "$out" "3.0.x (newest core changelog applied: org/openmrs/liquibase/updates/liquibase-update-to-latest-3.0.x.xml)"
tap_like "text: lock free" "$out" "free"

json=$("$bin" "${admin[@]}" -D openmrs_parent info --json); rc=$?
tap_is "json: exit 0" "$rc" 0
tap_ok "json: valid JSON" python3 -c "import json,sys; json.loads(sys.argv[1])" "$json"
check_field() { # description python-expression expected
    tap_is "json: $1" "$(printf '%s' "$json" | json_get "$2")" "$3"
}
check_field "server flavor" 'doc["server"]["flavor"]' "MariaDB"
check_field "server version" 'doc["server"]["version"].split("-")[0].count(".")' "2"
check_field "database" 'doc["database"]' "openmrs_parent"
check_field "core version" 'doc["openmrs"]["core_version"]' "3.0.x"
check_field "core changesets counted" 'doc["openmrs"]["core_changesets"]' "$(mdb_sql "SELECT COUNT(*) FROM openmrs_parent.liquibasechangelog WHERE FILENAME <> 'liquibase.xml'")"
check_field "module changesets counted" 'doc["openmrs"]["module_changesets"]' "$(mdb_sql "SELECT COUNT(*) FROM openmrs_parent.liquibasechangelog WHERE FILENAME = 'liquibase.xml'")"
check_field "last core changeset" 'doc["openmrs"]["last_core_changeset"]["id"] != ""' "True"
check_field "sync module GPs" '[m for m in doc["modules"] if m["id"]=="sync"][0]["started"]' "true"
check_field "module ids equal the GP prefixes" 'sorted(m["id"] for m in doc["modules"])' \
    "$(mdb_sql "SELECT DISTINCT SUBSTRING_INDEX(property, '.', 1) FROM openmrs_parent.global_property WHERE property LIKE '%.started' OR property LIKE '%.mandatory' OR property LIKE '%.database_version' ORDER BY 1" | python3 -c "import sys; print(sorted(l.strip() for l in sys.stdin))")"
check_field "sync role" 'doc["sync"]["role"]' "parent"
check_field "sync children" 'doc["sync"]["children"]' "2"
check_field "sync server name" 'doc["sync"]["server_name"]' "Demo Parent (District Hospital)"
check_field "sync server uuid" 'doc["sync"]["server_uuid"]' "$(mdb_sql "SELECT property_value FROM openmrs_parent.global_property WHERE property = 'sync.server_uuid'")"
check_field "lock" 'doc["liquibase_lock"]["locked"]' "False"
check_field "not read-only" 'doc["read_only"]' "False"

child=$("$bin" "${admin[@]}" -D openmrs_child_b info --json)
tap_is "child: role" "$(printf '%s' "$child" | json_get 'doc["sync"]["role"]')" "child"
tap_is "child: one parent" "$(printf '%s' "$child" | json_get 'doc["sync"]["parents"]')" "1"

ro=$("$bin" "${monitor[@]}" -D openmrs_parent info --json); rc=$?
tap_is "SELECT-only + -R: exit 0" "$rc" 0
tap_is "SELECT-only + -R: read_only" "$(printf '%s' "$ro" | json_get 'doc["read_only"]')" "True"
same() { python3 -c "
import json,sys
a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2])
for d in (a,b): d.pop('account'); d.pop('read_only')
sys.exit(0 if a==b else 1)" "$1" "$2"; }
tap_ok "SELECT-only + -R: same answers as the admin" same "$json" "$ro"

mdb_sql "UPDATE openmrs_parent.liquibasechangeloglock SET LOCKED = 1, LOCKGRANTED = '2026-11-20 08:15:00', LOCKEDBY = 'tomcat-host (10.0.0.5)' WHERE ID = 1"
out=$("$bin" "${monitor[@]}" -D openmrs_parent info)
tap_like "held lock: holder and time" "$out" "HELD by tomcat-host (10.0.0.5) since 2026-11-20 08:15:00"
mdb_sql "UPDATE openmrs_parent.liquibasechangeloglock SET LOCKED = 0, LOCKGRANTED = NULL, LOCKEDBY = NULL WHERE ID = 1"

mdb_sql "INSERT INTO openmrs_parent.global_property (property, property_value, uuid) VALUES ('core.version', '2.9.1', UUID())"
out=$("$bin" "${monitor[@]}" -D openmrs_parent info --json)
tap_is "core.version GP wins over the history" "$(printf '%s' "$out" | json_get 'doc["openmrs"]["core_version"]')" "2.9.1"

tap_done
