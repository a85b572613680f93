#!/usr/bin/env bash
# `changelog status` against histories real Liquibase wrote (the demo's liquibasechangelog
# is the oracle's fresh install of master + the sync module), then against edited copies:
# a missing row, a changed checksum (validation fails, everything pending is blocked), a NULL
# checksum, an 8: checksum, MARK_RAN, runAlways, runOnChange, contexts, dbms, customChange.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
bin=$OMRS_CONSOLE
test_start_db
demo_seed || tap_bail "cannot seed the demo"
master=$OMRS_SHARED/fixtures/openmrs-core/master
sync=$OMRS_SHARED/fixtures/modules/sync/api/src/main/resources
oracle=$OMRS_SHARED/fixtures/oracle/checksums
u30=org/openmrs/liquibase/updates/liquibase-update-to-latest-3.0.x.xml
admin=(--defaults-file="$MDB_ADMIN_CNF")

status_json() { "$bin" "${admin[@]}" changelog status --json "$@"; }
# count STATE in the JSON on stdin
count() { python3 -c "import json,sys; print(json.load(sys.stdin)['counts']['$1'])"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

json=$(status_json -D openmrs_parent --search-path "$master" --dbms mysql "$u30"); rc=$?
tap_is "fresh install, 3.0.x updates: exit 0" "$rc" 0
tap_is "fresh install, 3.0.x updates: 11 ran" "$(count ran <<<"$json")" 11
tap_is "fresh install, 3.0.x updates: 2 postgresql-only filtered" "$(count filtered-dbms <<<"$json")" 2
tap_is "fresh install, 3.0.x updates: nothing pending" "$(count pending <<<"$json")" 0
tap_is "other changelogs' rows are counted apart" "$(field 'd["unmatched_history_rows"]' <<<"$json")" \
    "$(mdb_sql "SELECT COUNT(*) FROM openmrs_parent.liquibasechangelog WHERE FILENAME <> '$u30'")"
tap_is "the server's type is detected as Liquibase would (MariaDB)" \
    "$(status_json -D openmrs_parent --search-path "$master" "$u30" | field 'd["dbms"]')" "mariadb"

json=$(status_json -D openmrs_parent --search-path "$sync" liquibase.xml)
tap_is "sync module: 37 ran" "$(count ran <<<"$json")" 37

json=$(status_json -D openmrs_parent --search-path "$master" org/openmrs/liquibase/snapshots/schema-only/liquibase-schema-only-2.9.x.xml)
tap_is "schema snapshot 2.9.x: all 1036 ran" "$(count ran <<<"$json")" 1036

# An edited copy of the history.
mdb_sql "CREATE DATABASE lbtest; CREATE TABLE lbtest.liquibasechangelog LIKE openmrs_parent.liquibasechangelog;
         INSERT INTO lbtest.liquibasechangelog SELECT * FROM openmrs_parent.liquibasechangelog WHERE FILENAME = 'liquibase.xml';"
st() { status_json -D lbtest --search-path "$sync" liquibase.xml; }
state_of() { python3 -c "import json,sys; print([c['state'] for c in json.load(sys.stdin)['changesets'] if c['id']=='$1'][0])"; }

mdb_sql "DELETE FROM lbtest.liquibasechangelog WHERE ID = 'sync_sqldiff_0.80'"
json=$(st)
tap_is "missing row: pending" "$(state_of sync_sqldiff_0.80 <<<"$json")" pending
tap_is "missing row: the rest ran" "$(count ran <<<"$json")" 36

mdb_sql "UPDATE lbtest.liquibasechangelog SET MD5SUM = NULL WHERE ID = 'sync_sqldiff_0.81'"
json=$(st)
tap_is "NULL checksum: counts as ran" "$(state_of sync_sqldiff_0.81 <<<"$json")" ran
tap_is "NULL checksum: to be filled in" \
    "$(python3 -c "import json,sys; print([c['checksum_to_fill'] for c in json.load(sys.stdin)['changesets'] if c['id']=='sync_sqldiff_0.81'][0])" <<<"$json")" True

v8=$(awk -F'\t' '$1 == "sync_sqldiff_0.97" {print $4}' "$oracle/liquibase-3.10.3/sync/liquibase.xml.tsv")
mdb_sql "UPDATE lbtest.liquibasechangelog SET MD5SUM = '$v8' WHERE ID = 'sync_sqldiff_0.97'"
tap_is "an 8: checksum from Liquibase 3.10 validates with v8" "$(st | state_of sync_sqldiff_0.97)" ran

mdb_sql "UPDATE lbtest.liquibasechangelog SET EXECTYPE = 'MARK_RAN' WHERE ID = 'sync_sqldiff_0.3'"
tap_is "MARK_RAN row" "$(st | state_of sync_sqldiff_0.3)" mark-ran

mdb_sql "UPDATE lbtest.liquibasechangelog SET MD5SUM = '9:00000000000000000000000000000000' WHERE ID = 'sync_sqldiff_0.5'"
json=$(st)
tap_is "changed checksum: changed" "$(state_of sync_sqldiff_0.5 <<<"$json")" changed
tap_is "changed checksum: validation fails" "$(field 'd["validation_fails"]' <<<"$json")" True
tap_is "changed checksum: the pending one is blocked" \
    "$(python3 -c "import json,sys; print([c['blocked'] for c in json.load(sys.stdin)['changesets'] if c['id']=='sync_sqldiff_0.80'][0])" <<<"$json")" True
text=$("$bin" "${admin[@]}" -D lbtest changelog status --search-path "$sync" liquibase.xml)
tap_like "text: the changed one with both checksums" "$text" "stored 9:00000000000000000000000000000000, now 9:"
tap_like "text: blocked pending" "$text" "(blocked: validation fails)"
tap_like "text: summary" "$text" "liquibase.xml (dbms mariadb): 37 changeSets:"

# lint: conventions offline, and with connection options the changeSet edited after it ran.
out=$("$bin" "${admin[@]}" -D lbtest changelog lint --search-path "$sync" liquibase.xml 2>&1); rc=$?
tap_is "lint with findings: exit 1" "$rc" 1
tap_like "lint: edited after it ran, with file and line" "$out" "liquibase.xml:"
tap_like "lint: names the edited changeSet" "$out" "sync_sqldiff_0.5::PIH: edited-after-run: edited after it ran (stored 9:00000000000000000000000000000000"
tap_like "lint: several changes in one changeSet" "$out" "several-changes"
mkdir -p "$MDB_DIR/clean"
cat > "$MDB_DIR/clean/ok.xml" <<'XML'
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="c1" author="t">
    <preConditions onFail="MARK_RAN"><not><tableExists tableName="t"/></not></preConditions>
    <comment>Add t - TRUNK-1</comment>
    <createTable tableName="t"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="c2" author="t"><createTable tableName="u"><column name="id" type="int"/></createTable><sql>SELECT 1</sql></changeSet>
</databaseChangeLog>
XML
out=$("$bin" changelog lint --search-path "$MDB_DIR/clean" ok.xml 2>&1); rc=$?
tap_is "lint offline: exit 1 for the bad changeSet" "$rc" 1
tap_like "lint offline: no precondition" "$out" "ok.xml:7: c2::t: no-precondition"
tap_like "lint offline: no comment" "$out" "ok.xml:7: c2::t: no-comment"
tap_unlike "lint offline: the good changeSet has no finding" "$out" "c1::t"
tap_like "lint offline: says it did not compare with a database" "$out" "not compared with a database"

# runAlways, runOnChange, contexts, customChange, validCheckSum in a changelog of our own.
work=$MDB_DIR/cl; mkdir -p "$work"
cat > "$work/own.xml" <<'XML'
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="always" author="t" runAlways="true"><sql>SELECT 1</sql></changeSet>
  <changeSet id="onchange" author="t" runOnChange="true"><sql>SELECT 2</sql></changeSet>
  <changeSet id="ctx" author="t" context="test"><sql>SELECT 3</sql></changeSet>
  <changeSet id="custom" author="t"><customChange class="org.openmrs.util.databasechange.GenerateUuid"/></changeSet>
  <changeSet id="listed" author="t"><validCheckSum>9:11111111111111111111111111111111</validCheckSum><sql>SELECT 5</sql></changeSet>
  <changeSet id="mysqlonly" author="t" dbms="mysql"><sql>SELECT 6</sql></changeSet>
</databaseChangeLog>
XML
mdb_sql "INSERT INTO lbtest.liquibasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM) VALUES
    ('always', 't', 'own.xml', NOW(), 100, 'EXECUTED', NULL),
    ('onchange', 't', 'own.xml', NOW(), 101, 'EXECUTED', '9:22222222222222222222222222222222'),
    ('listed', 't', 'own.xml', NOW(), 102, 'EXECUTED', '9:11111111111111111111111111111111');"
own() { status_json -D lbtest --search-path "$work" "$@" own.xml; }
json=$(own --contexts core)
tap_is "runAlways with a row: run-always" "$(state_of always <<<"$json")" run-always
tap_is "runOnChange, checksum changed: run-on-change" "$(state_of onchange <<<"$json")" run-on-change
tap_is "context test under --contexts core: filtered" "$(state_of ctx <<<"$json")" filtered-context
tap_is "no contexts given: every context runs" "$(own | state_of ctx)" pending
tap_is "customChange: pending" "$(state_of custom <<<"$json")" pending
tap_is "customChange: needs OpenMRS" \
    "$(python3 -c "import json,sys; print([c['needs_openmrs'] for c in json.load(sys.stdin)['changesets'] if c['id']=='custom'][0])" <<<"$json")" True
tap_is "stored value listed as validCheckSum: ran" "$(state_of listed <<<"$json")" ran
tap_is "dbms=mysql on MariaDB: filtered" "$(state_of mysqlonly <<<"$json")" filtered-dbms
tap_is "dbms=mysql with --dbms mysql: pending" "$(own --dbms mysql | state_of mysqlonly)" pending

out=$("$bin" -R --defaults-file="$MDB_MONITOR_CNF" -D openmrs_parent changelog status --search-path "$sync" liquibase.xml); rc=$?
tap_is "SELECT-only account with -R: exit 0" "$rc" 0
tap_like "SELECT-only account with -R: summary" "$out" "37 ran"

tap_done
