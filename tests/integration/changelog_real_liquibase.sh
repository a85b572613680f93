#!/usr/bin/env bash
# After omrs-console installs OpenMRS master on an empty database (its own plan: 2.9.x
# snapshots and the 3.0.x updates), the real Liquibase 4.28 CLI must find every changelog
# up to date and valid: it cannot tell our work from its own. Skipped, with the reason
# printed, where real Liquibase (Java + the npm package, ../shared/tools/liquibase-oracle)
# is not installed. The sync module's changelog uses OpenMRS's ext:modifyColumn, which plain
# Liquibase lacks: it is checked with the oracle's stand-in extension jar
# (../shared/tools/make-oracle extras, built here with javac), as the oracle itself was made.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
launcher=${LIQUIBASE_LAUNCHER:-$(find "${LIQUIBASE_ORACLE_HOME:-$HOME/.cache/liquibase-oracle}/4.28.1" -path '*dist/liquibase/liquibase' -type f 2>/dev/null | head -1)}
if [ -z "$launcher" ] || [ ! -x "$launcher" ] || ! command -v java > /dev/null; then
    echo "ok 1 # SKIP real Liquibase 4.28.1 or Java not installed (../shared/tools/liquibase-oracle install 4.28.1)"
    echo "1..1"
    exit 0
fi
bin=$OMRS_CONSOLE
test_start_db
export OMRS_AUDIT_LOG=$MDB_DIR/audit.log LIQUIBASE_COMMAND_PASSWORD=$MDB_ADMIN_PASSWORD
master=$OMRS_SHARED/fixtures/openmrs-core/master

mdb_sql "CREATE DATABASE fresh DEFAULT CHARACTER SET utf8mb3"
"$bin" --defaults-file="$MDB_ADMIN_CNF" -D fresh changelog update --yes --search-path "$master" > /dev/null 2>&1
tap_is "omrs-console installs master (its own plan)" "$?" 0

liquibase() { # search-path changelog command
    env ${ext_home:+LIQUIBASE_HOME="$ext_home"} "${ext_launcher:-$launcher}" --url="jdbc:mariadb://127.0.0.1:$MDB_PORT/fresh" --username="$MDB_ADMIN_USER" --search-path="$1" \
        --changelog-file="$2" --database-changelog-table-name=liquibasechangelog \
        --database-changelog-lock-table-name=liquibasechangeloglock --log-level=WARNING --show-banner=false \
        "$3" ${4:+"$4"} 2>&1
}
check() { # search-path changelog
    tap_like "real Liquibase: $(basename "$2") up to date" "$(liquibase "$1" "$2" status --verbose)" "is up to date"
    tap_like "real Liquibase: $(basename "$2") valid" "$(liquibase "$1" "$2" validate)" "No validation errors found"
}
check "$master" org/openmrs/liquibase/snapshots/schema-only/liquibase-schema-only-2.9.x.xml
check "$master" org/openmrs/liquibase/snapshots/core-data/liquibase-core-data-2.9.x.xml
check "$master" org/openmrs/liquibase/updates/liquibase-update-to-latest-3.0.x.xml

# The sync module on top, as OpenMRS runs module changelogs (search path: the changelog's folder).
sync=$OMRS_SHARED/fixtures/modules/sync/api/src/main/resources
"$bin" --defaults-file="$MDB_ADMIN_CNF" -D fresh changelog update --yes --search-path "$sync" liquibase.xml > /dev/null 2>&1
tap_is "omrs-console installs the sync module's changelog" "$?" 0
if ! command -v javac > /dev/null || ! command -v jar > /dev/null; then
    tap_skip "sync module under real Liquibase: javac/jar (a JDK) not installed to build OpenMRS's extension stand-in"
elif ! ORACLE_VERSIONS=4.28.1 LIQUIBASE_ORACLE_HOME=${launcher%%/4.28.1/*} "$OMRS_SHARED/tools/make-oracle" extras "$MDB_DIR/ext" "$sync/liquibase.xml" > "$MDB_DIR/ext.log" 2>&1; then
    tap_result 1 "the oracle's extension stand-in builds" "$(tail -3 "$MDB_DIR/ext.log")"
else
    # Liquibase 4.28 loads change extensions only from its own lib/: a throw-away home of
    # symlinks with the jar added, as ../shared/tools/liquibase-oracle does.
    ext_home=$MDB_DIR/lbhome; mkdir -p "$ext_home/lib"
    real=$(dirname "$launcher")
    for e in "$real"/*; do [ "${e##*/}" = lib ] || ln -s "$e" "$ext_home/"; done
    for e in "$real"/lib/*; do ln -s "$e" "$ext_home/lib/"; done
    ln -s "$MDB_DIR/ext/4.28.1/oracle-ext.jar" "$ext_home/lib/"
    ext_launcher=$ext_home/${launcher##*/}
    check "$sync" liquibase.xml
    unset ext_home ext_launcher
fi
tap_is "real Liquibase left the lock free" "$(mdb_sql "SELECT LOCKED FROM fresh.liquibasechangeloglock")" 0

tap_done
