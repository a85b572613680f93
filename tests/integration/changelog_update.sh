#!/usr/bin/env bash
# `changelog update` does what real Liquibase did: a fresh OpenMRS master install run
# through our engine (schema snapshot, core data, 3.0.x updates, as OpenMRS's installer
# does) must leave the schema, the data and the history rows real Liquibase 4.28 left
# (shared/fixtures/oracle/fresh-install). Then: a failing changeSet stops with its id,
# file, SQL and the server's error and leaves no row for it; the lock is released on
# every path; -R refuses; --dry-run and update-sql change nothing; changelog-sync and
# release-locks; every change is in the audit log.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
bin=$OMRS_CONSOLE
test_start_db
export OMRS_AUDIT_LOG=$MDB_DIR/audit.log
master=$OMRS_SHARED/fixtures/openmrs-core/master
fresh=$OMRS_SHARED/fixtures/oracle/fresh-install/master/liquibase-4.28.1
admin=(--defaults-file="$MDB_ADMIN_CNF")
files=(org/openmrs/liquibase/snapshots/schema-only/liquibase-schema-only-2.9.x.xml
       org/openmrs/liquibase/snapshots/core-data/liquibase-core-data-2.9.x.xml
       org/openmrs/liquibase/updates/liquibase-update-to-latest-3.0.x.xml)

# The oracle's own dump options, and its two clean-ups (README of the oracle).
dump() { # database [extra mariadb-dump options]
    local db=$1; shift
    mariadb-dump --defaults-file="$MDB_ADMIN_CNF" --skip-comments --skip-dump-date --compact "$@" "$db" \
        | sed -e 's/ AUTO_INCREMENT=[0-9]*//' -e '/enable the sandbox mode/d'
}
history_tsv() { # database
    mariadb --defaults-file="$MDB_ADMIN_CNF" -B -e "SELECT ID, AUTHOR, FILENAME, ORDEREXECUTED, MD5SUM, EXECTYPE, DESCRIPTION, COMMENTS, TAG, LIQUIBASE, CONTEXTS, LABELS FROM liquibasechangelog ORDER BY ORDEREXECUTED" "$1"
}

mdb_sql "CREATE DATABASE fresh DEFAULT CHARACTER SET utf8mb3"
for f in "${files[@]}"; do
    out=$("$bin" "${admin[@]}" -D fresh changelog update --yes --dbms mysql --search-path "$master" "$f" 2>&1); rc=$?
    tap_is "fresh install: update $(basename "$f") exits 0" "$rc" 0
    [ $rc -eq 0 ] || printf '%s\n' "$out" | tail -3 | sed 's/^/# /'
done
dump fresh --no-data > "$MDB_DIR/schema.sql"
if diff -q "$fresh/schema.sql" "$MDB_DIR/schema.sql" >/dev/null; then
    tap_result 0 "fresh install: schema identical to real Liquibase's"
else
    tap_result 1 "fresh install: schema identical to real Liquibase's" "$(diff "$fresh/schema.sql" "$MDB_DIR/schema.sql" | head -10)"
fi
mariadb-dump --defaults-file="$MDB_ADMIN_CNF" --skip-comments --skip-dump-date --compact --no-create-info \
    --skip-extended-insert --order-by-primary --skip-triggers fresh \
    $(mdb_sql "SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME SEPARATOR ' ') FROM information_schema.TABLES WHERE TABLE_SCHEMA='fresh' AND TABLE_NAME NOT LIKE 'liquibasechangelog%'") \
    | sed '/enable the sandbox mode/d' > "$MDB_DIR/data.sql"
if diff -q <(sort "$fresh/data.sql") <(sort "$MDB_DIR/data.sql") >/dev/null; then
    tap_result 0 "fresh install: data identical to real Liquibase's"
else
    tap_result 1 "fresh install: data identical to real Liquibase's" "$(diff <(sort "$fresh/data.sql") <(sort "$MDB_DIR/data.sql") | head -10)"
fi
history_tsv fresh > "$MDB_DIR/history.tsv"
if diff -q "$fresh/history.tsv" "$MDB_DIR/history.tsv" >/dev/null; then
    tap_result 0 "fresh install: history rows identical (all but DATEEXECUTED, DEPLOYMENT_ID)"
else
    tap_result 1 "fresh install: history rows identical (all but DATEEXECUTED, DEPLOYMENT_ID)" "$(diff "$fresh/history.tsv" "$MDB_DIR/history.tsv" | head -10)"
fi
tap_is "fresh install: DEPLOYMENT_ID is NULL, as OpenMRS writes it" \
    "$(mdb_sql "SELECT COUNT(*) FROM fresh.liquibasechangelog WHERE DEPLOYMENT_ID IS NOT NULL")" 0
tap_is "fresh install: lock released" "$(mdb_sql "SELECT LOCKED FROM fresh.liquibasechangeloglock")" 0
out=$("$bin" "${admin[@]}" -D fresh changelog update --yes --dbms mysql --search-path "$master" "${files[2]}" 2>&1)
tap_like "a second update has nothing to do" "$out" "nothing to do"

# The sync module's liquibase.xml on top, as OpenMRS runs module changelogs (no contexts).
sync=$OMRS_SHARED/fixtures/modules/sync/api/src/main/resources
out=$("$bin" "${admin[@]}" -D fresh changelog update --yes --dbms mysql --search-path "$sync" liquibase.xml 2>&1); rc=$?
tap_is "sync module on top: exit 0" "$rc" 0
dump fresh --no-data > "$MDB_DIR/schema-sync.sql"
if diff -q "$fresh/module-sync/schema.sql" "$MDB_DIR/schema-sync.sql" >/dev/null; then
    tap_result 0 "sync module on top: schema identical to real Liquibase's"
else
    tap_result 1 "sync module on top: schema identical to real Liquibase's" "$(diff "$fresh/module-sync/schema.sql" "$MDB_DIR/schema-sync.sql" | head -10)"
fi
mariadb --defaults-file="$MDB_ADMIN_CNF" -B -e "SELECT ID, AUTHOR, FILENAME, ORDEREXECUTED, MD5SUM, EXECTYPE, DESCRIPTION, COMMENTS, TAG, LIQUIBASE, CONTEXTS, LABELS FROM liquibasechangelog WHERE FILENAME = 'liquibase.xml' ORDER BY ORDEREXECUTED" fresh > "$MDB_DIR/history-sync.tsv"
if diff -q "$fresh/module-sync/history.tsv" "$MDB_DIR/history-sync.tsv" >/dev/null; then
    tap_result 0 "sync module on top: history rows identical"
else
    tap_result 1 "sync module on top: history rows identical" "$(diff "$fresh/module-sync/history.tsv" "$MDB_DIR/history-sync.tsv" | head -10)"
fi

# OpenMRS 2.4.7 with Liquibase 3.10 checksums (8:). Its oracle was written by 3.10.3, ours
# says 3.10.2 (what OpenMRS 2.4 ships) in the LIQUIBASE column, so that column is left out.
old=$OMRS_SHARED/fixtures/openmrs-core/2.4.7
old_oracle=$OMRS_SHARED/fixtures/oracle/fresh-install/2.4.7/liquibase-3.10.3
mdb_sql "CREATE DATABASE old DEFAULT CHARACTER SET utf8mb3"
for f in org/openmrs/liquibase/snapshots/schema-only/liquibase-schema-only-2.3.x.xml \
         org/openmrs/liquibase/snapshots/core-data/liquibase-core-data-2.3.x.xml \
         org/openmrs/liquibase/updates/liquibase-update-to-latest-2.4.x.xml; do
    "$bin" "${admin[@]}" -D old changelog update --yes --dbms mysql --format 8 --search-path "$old" "$f" > /dev/null 2>&1
    tap_is "2.4.7 fresh install: update $(basename "$f") exits 0" "$?" 0
done
dump old --no-data > "$MDB_DIR/schema-old.sql"
if diff -q "$old_oracle/schema.sql" "$MDB_DIR/schema-old.sql" >/dev/null; then
    tap_result 0 "2.4.7 fresh install: schema identical to real Liquibase 3.10's"
else
    tap_result 1 "2.4.7 fresh install: schema identical to real Liquibase 3.10's" "$(diff "$old_oracle/schema.sql" "$MDB_DIR/schema-old.sql" | head -10)"
fi
history_tsv old | cut -f1-9,11- > "$MDB_DIR/history-old.tsv"
if diff -q <(cut -f1-9,11- "$old_oracle/history.tsv") "$MDB_DIR/history-old.tsv" >/dev/null; then
    tap_result 0 "2.4.7 fresh install: history rows identical (8: checksums; LIQUIBASE column aside)"
else
    tap_result 1 "2.4.7 fresh install: history rows identical (8: checksums; LIQUIBASE column aside)" "$(diff <(cut -f1-9,11- "$old_oracle/history.tsv") "$MDB_DIR/history-old.tsv" | head -10)"
fi

# A failing changeSet.
cl=$MDB_DIR/cl; mkdir -p "$cl"
cat > "$cl/fail.xml" <<'XML'
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="ok-1" author="t"><createTable tableName="t_ok"><column name="id" type="int"/></createTable></changeSet>
  <changeSet id="bad-2" author="t"><sql>INSERT INTO no_such_table VALUES (1)</sql></changeSet>
  <changeSet id="never-3" author="t"><createTable tableName="t_never"><column name="id" type="int"/></createTable></changeSet>
</databaseChangeLog>
XML
mdb_sql "CREATE DATABASE failing"
out=$("$bin" "${admin[@]}" -D failing changelog update --yes --search-path "$cl" fail.xml 2>&1); rc=$?
tap_is "failing changeSet: exit 1" "$rc" 1
tap_like "failing changeSet: id and file" "$out" "changeSet bad-2::t (fail.xml:3) failed, no history row written"
tap_like "failing changeSet: the SQL" "$out" "SQL: INSERT INTO no_such_table VALUES (1)"
tap_like "failing changeSet: the server's error" "$out" "doesn't exist"
tap_is "failing changeSet: the one before has its row" "$(mdb_sql "SELECT GROUP_CONCAT(ID) FROM failing.liquibasechangelog")" "ok-1"
tap_is "failing changeSet: nothing after it ran" "$(mdb_sql "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='failing' AND TABLE_NAME='t_never'")" 0
tap_is "failing changeSet: lock released" "$(mdb_sql "SELECT LOCKED FROM failing.liquibasechangeloglock")" 0
tap_like "failing changeSet: audit log has the failure" "$(cat "$OMRS_AUDIT_LOG")" "changelog update fail.xml: FAILED; executed 1"

# Bad input: a duplicate changeSet identity, an unknown change type, a bad precondition:
# a clear error naming file, line and changeSet, exit 1, database untouched.
cat > "$cl/dup.xml" <<'XML'
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="d1" author="t"><createTable tableName="t_dup"><column name="id" type="int"/></createTable></changeSet>
  <changeSet id="d1" author="t"><sql>SELECT 1</sql></changeSet>
</databaseChangeLog>
XML
cat > "$cl/unknown.xml" <<'XML'
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="u1" author="t"><createTable tableName="t_unknown"><column name="id" type="int"/></createTable></changeSet>
  <changeSet id="u2" author="t"><frobnicateTable tableName="x"/></changeSet>
</databaseChangeLog>
XML
cat > "$cl/badpre.xml" <<'XML'
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="p1" author="t"><preConditions onFail="EXPLODE"><tableExists tableName="x"/></preConditions>
    <createTable tableName="t_badpre"><column name="id" type="int"/></createTable></changeSet>
</databaseChangeLog>
XML
mdb_sql "CREATE DATABASE untouched"
untouched() { mdb_sql "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='untouched' AND TABLE_NAME LIKE 't_%'"; }
out=$("$bin" "${admin[@]}" -D untouched changelog update --yes --search-path "$cl" dup.xml 2>&1); rc=$?
tap_is "duplicate identity: exit 1" "$rc" 1
tap_like "duplicate identity: both places named" "$out" "changeSet dup.xml::d1::t is defined twice (dup.xml:2 and dup.xml:3)"
out=$("$bin" "${admin[@]}" -D untouched changelog update --yes --search-path "$cl" unknown.xml 2>&1); rc=$?
tap_is "unknown change type: exit 1" "$rc" 1
tap_like "unknown change type: element, line, changeSet" "$out" "frobnicateTable"
tap_like "unknown change type: changeSet id" "$out" "u2"
out=$("$bin" "${admin[@]}" -D untouched changelog update --yes --search-path "$cl" badpre.xml 2>&1); rc=$?
tap_is "bad precondition: exit 1" "$rc" 1
tap_like "bad precondition: names the value" "$out" "EXPLODE"
tap_is "bad input: database untouched" "$(untouched)" 0
tap_is "bad input: lock released" "$(mdb_sql "SELECT COALESCE(MAX(LOCKED), 0) FROM untouched.liquibasechangeloglock" 2>/dev/null || echo 0)" 0

# Read-only, dry run, update-sql.
cat > "$cl/new.xml" <<'XML'
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="n1" author="t"><createTable tableName="t_new"><column name="id" type="int"/></createTable></changeSet>
</databaseChangeLog>
XML
mdb_sql "CREATE DATABASE quiet"
out=$("$bin" -R "${admin[@]}" -D quiet changelog update --yes --search-path "$cl" new.xml 2>&1); rc=$?
tap_is "read-only: update refused" "$rc" 1
tap_like "read-only: says why" "$out" "refused: changelog update changes the database and -R is set"
out=$("$bin" "${admin[@]}" -D quiet changelog update --dry-run --search-path "$cl" new.xml 2>&1); rc=$?
tap_is "dry run: exit 0" "$rc" 0
tap_like "dry run: shows the SQL" "$out" "CREATE TABLE t_new"
tap_is "dry run: nothing created" "$(mdb_sql "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='quiet'")" 0
"$bin" -R --defaults-file="$MDB_MONITOR_CNF" -D quiet changelog update-sql --search-path "$cl" new.xml > "$MDB_DIR/script.sql" 2>&1; rc=$?
tap_is "update-sql works read-only" "$rc" 0
tap_like "update-sql: history row in the script" "$(cat "$MDB_DIR/script.sql")" "INSERT INTO liquibasechangelog"
mariadb --defaults-file="$MDB_ADMIN_CNF" quiet < "$MDB_DIR/script.sql"; rc=$?
tap_is "update-sql: the script runs in the mariadb client" "$rc" 0
tap_like "update-sql: after the script status says ran" \
    "$("$bin" "${admin[@]}" -D quiet changelog status --search-path "$cl" new.xml)" "1 ran"

# changelog-sync and release-locks.
mdb_sql "CREATE DATABASE synced"
out=$("$bin" "${admin[@]}" -D synced changelog changelog-sync --yes --search-path "$cl" fail.xml 2>&1); rc=$?
tap_is "changelog-sync: exit 0" "$rc" 0
tap_is "changelog-sync: every changeSet recorded" "$(mdb_sql "SELECT COUNT(*) FROM synced.liquibasechangelog WHERE EXECTYPE='EXECUTED'")" 3
tap_is "changelog-sync: nothing executed" "$(mdb_sql "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='synced' AND TABLE_NAME LIKE 't_%'")" 0
mdb_sql "UPDATE synced.liquibasechangeloglock SET LOCKED = 1, LOCKEDBY = 'ghost (10.9.9.9)', LOCKGRANTED = '2026-01-02 03:04:05'"
out=$("$bin" "${admin[@]}" -D synced changelog release-locks --yes 2>&1); rc=$?
tap_is "release-locks: exit 0" "$rc" 0
tap_like "release-locks: names the holder" "$out" "held by ghost (10.9.9.9) since 2026-01-02 03:04:05"
tap_is "release-locks: released" "$(mdb_sql "SELECT LOCKED FROM synced.liquibasechangeloglock")" 0
tap_like "release-locks: audited" "$(cat "$OMRS_AUDIT_LOG")" "changelog release-locks: held by ghost (10.9.9.9)"
tap_unlike "audit log holds no password" "$(cat "$OMRS_AUDIT_LOG")" "$MDB_ADMIN_PASSWORD"
out=$(setsid -w "$bin" "${admin[@]}" -D synced changelog update --search-path "$cl" new.xml 2>&1 < /dev/null); rc=$?
tap_like "without --yes and without a terminal: refused" "$out" "no terminal to ask on"

tap_done
