#!/usr/bin/env bash
# An update killed with SIGKILL (between and inside changeSets) leaves the lock held; the
# lock is reported with its holder, a new update gives up after --lock-wait naming it,
# release-locks frees it, and a rerun ends where an uninterrupted run ends.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
bin=$OMRS_CONSOLE
test_start_db
export OMRS_AUDIT_LOG=$MDB_DIR/audit.log
admin=(--defaults-file="$MDB_ADMIN_CNF")
cl=$MDB_DIR/cl; mkdir -p "$cl"

# Each table is made by a guarded changeSet (as OpenMRS guards its DDL) and filled by a
# slow DML changeSet, so a kill lands inside or between changeSets.
{
    echo '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">'
    for i in 1 2 3 4 5 6 7 8; do
        cat <<XML
  <changeSet id="make-$i" author="t">
    <preConditions onFail="MARK_RAN"><not><tableExists tableName="t$i"/></not></preConditions>
    <createTable tableName="t$i"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="fill-$i" author="t">
    <insert tableName="t$i"><column name="id" valueNumeric="$i"/></insert>
    <sql>SELECT SLEEP(0.25)</sql>
    <insert tableName="t$i"><column name="id" valueNumeric="$((i * 10))"/></insert>
  </changeSet>
XML
    done
    echo '</databaseChangeLog>'
} > "$cl/slow.xml"

state() { # database: tables with their rows, and the history ids
    mdb_sql "SELECT GROUP_CONCAT(CONCAT(TABLE_NAME) ORDER BY TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA='$1' AND TABLE_NAME LIKE 't%'"
    for i in 1 2 3 4 5 6 7 8; do mdb_sql "SELECT GROUP_CONCAT(id ORDER BY id) FROM $1.t$i" 2>/dev/null; done
    mdb_sql "SELECT GROUP_CONCAT(ID ORDER BY ORDEREXECUTED) FROM $1.liquibasechangelog"
}

mdb_sql "CREATE DATABASE whole; CREATE DATABASE cut;
    CREATE TABLE cut.global_property (property VARCHAR(255) PRIMARY KEY, property_value TEXT);"
"$bin" "${admin[@]}" -D whole changelog update --yes --search-path "$cl" slow.xml > /dev/null 2>&1
tap_is "uninterrupted run: exit 0" "$?" 0

for delay in 0.9 0.5; do
    "$bin" "${admin[@]}" -D cut changelog update --yes --search-path "$cl" slow.xml > /dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    tap_is "killed after ${delay}s: the lock is left held" "$(mdb_sql "SELECT LOCKED FROM cut.liquibasechangeloglock")" 1
    out=$("$bin" "${admin[@]}" -D cut info 2>&1)
    tap_like "killed after ${delay}s: info reports the lock and its holder" "$out" "HELD by "
    out=$("$bin" "${admin[@]}" -D cut changelog update --yes --lock-wait 1 --search-path "$cl" slow.xml 2>&1); rc=$?
    tap_is "killed after ${delay}s: a new update gives up (exit 1)" "$rc" 1
    tap_like "killed after ${delay}s: naming the holder" "$out" "could not acquire the Liquibase lock: held by "
    out=$("$bin" "${admin[@]}" -D cut changelog release-locks --yes 2>&1); rc=$?
    tap_is "killed after ${delay}s: release-locks frees it" "$rc" 0
done
out=$("$bin" "${admin[@]}" -D cut changelog update --yes --search-path "$cl" slow.xml 2>&1); rc=$?
tap_is "rerun after the kills: exit 0" "$rc" 0
tap_is "rerun ends where the uninterrupted run ended" "$(state cut)" "$(state whole)"
tap_is "rerun: lock free" "$(mdb_sql "SELECT LOCKED FROM cut.liquibasechangeloglock")" 0

tap_done
