#!/usr/bin/env bash
# omrs-console against the real Liquibase 4.28 CLI, side by side in one run, on the
# openmrs-core master changelogs (the fresh-install sequence OpenMRS itself runs:
# schema-only 2.9.x, core-data 2.9.x, updates 3.0.x), on one private MariaDB:
#   status on an up-to-date database   ours vs `liquibase status` (three changelogs)
#   fresh install                      ours vs piping Liquibase's own update-sql into the
#                                      mariadb client (the floor) vs `liquibase update`
#   update-sql                         ours vs `liquibase update-sql`
# Wall time is the median of RUNS runs (default 3); peak RSS from GNU time.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${OMRS_CONSOLE:?set OMRS_CONSOLE to the omrs-console binary (make bench does)}"
OMRS_SHARED=${OMRS_SHARED:-$here/../../shared}
RUNS=${RUNS:-3}
. "$here/../tests/lib/mariadb.sh"
launcher=${LIQUIBASE_LAUNCHER:-$(find "${LIQUIBASE_ORACLE_HOME:-$HOME/.cache/liquibase-oracle}/4.28.1" -path '*dist/liquibase/liquibase' -type f 2>/dev/null | head -1)}
[ -x "$launcher" ] && command -v java > /dev/null || { echo "bench: real Liquibase 4.28.1 not installed: run ../shared/tools/liquibase-oracle install 4.28.1" >&2; exit 1; }
command -v /usr/bin/time > /dev/null || { echo "bench: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }

mdb_start > /dev/null || exit 1
export HOME=$MDB_DIR/home OMRS_AUDIT_LOG=$MDB_DIR/audit.log LIQUIBASE_COMMAND_PASSWORD=$MDB_ADMIN_PASSWORD
mkdir -p "$HOME"
master=$OMRS_SHARED/fixtures/openmrs-core/master
floor_sql=$OMRS_SHARED/fixtures/oracle/fresh-install/master/liquibase-4.28.1/update-sql.sql
files=(org/openmrs/liquibase/snapshots/schema-only/liquibase-schema-only-2.9.x.xml
       org/openmrs/liquibase/snapshots/core-data/liquibase-core-data-2.9.x.xml
       org/openmrs/liquibase/updates/liquibase-update-to-latest-3.0.x.xml)

lb() { # database command [args]
    local db=$1; shift
    for f in "${files[@]}"; do
        "$launcher" --url="jdbc:mariadb://127.0.0.1:$MDB_PORT/$db" --username="$MDB_ADMIN_USER" --search-path="$master" \
            --changelog-file="$f" --database-changelog-table-name=liquibasechangelog \
            --database-changelog-lock-table-name=liquibasechangeloglock --log-level=WARNING --show-banner=false "$@" \
            > /dev/null 2>&1 || return 1
    done
}
ours() { "$OMRS_CONSOLE" --defaults-file="$MDB_ADMIN_CNF" "$@" > /dev/null 2>&1; }
fresh_db() { mdb_sql "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 DEFAULT CHARACTER SET utf8mb3"; }

# Runs "$@" RUNS times after the set-up command in $SETUP; prints "median_seconds max_rss_kb".
measure() {
    local i times=() rss=0 out
    for i in $(seq 1 "$RUNS"); do
        eval "$SETUP"
        /usr/bin/time -f '%e %M' -o "$MDB_DIR/time.out" "$@" > /dev/null 2>&1
        out=$(tail -1 "$MDB_DIR/time.out")
        times+=("${out% *}")
        [ "${out#* }" -gt "$rss" ] && rss=${out#* }
    done
    printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")" "$rss"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a <= 0) a = 0.001; printf "%.1f", b / a }'; }
row() { printf '%-44s %9s s %9s MiB\n' "$1" "$2" "$(awk -v k="$3" 'BEGIN {printf "%.1f", k / 1024}')"; }

fresh_db up
ours -D up changelog update --yes --dbms mysql --search-path "$master"

echo "omrs-console vs Liquibase 4.28.1, $(date -u +%Y-%m-%d), $(nproc) cores, $(mariadbd --version | awk '{print $3}')"
echo "median of $RUNS runs"
SETUP=":"
read -r s_ours r_ours < <(measure bash -c "$(declare -f ours); OMRS_CONSOLE='$OMRS_CONSOLE' MDB_ADMIN_CNF='$MDB_ADMIN_CNF'; for f in ${files[*]}; do ours -D up changelog status --dbms mysql --search-path '$master' \$f; done")
read -r s_lb r_lb < <(measure bash -c "$(declare -f lb); files=(${files[*]}); launcher='$launcher'; MDB_PORT=$MDB_PORT; MDB_ADMIN_USER=$MDB_ADMIN_USER; master='$master'; lb up status --verbose")
row "status, up to date: omrs-console" "$s_ours" "$r_ours"
row "status, up to date: liquibase status" "$s_lb" "$r_lb"
echo "  -> omrs-console is $(ratio "$s_ours" "$s_lb")x faster"

SETUP="fresh_db f"
read -r f_ours fr_ours < <(measure "$OMRS_CONSOLE" --defaults-file="$MDB_ADMIN_CNF" -D f changelog update --yes --dbms mysql --search-path "$master")
SETUP="fresh_db openmrs"
read -r f_floor fr_floor < <(measure bash -c "mariadb --defaults-file='$MDB_ADMIN_CNF' openmrs < '$floor_sql'")
SETUP="fresh_db f"
read -r f_lb fr_lb < <(measure bash -c "$(declare -f lb); files=(${files[*]}); launcher='$launcher'; MDB_PORT=$MDB_PORT; MDB_ADMIN_USER=$MDB_ADMIN_USER; master='$master'; lb f update")
row "fresh install: omrs-console update" "$f_ours" "$fr_ours"
row "fresh install: update-sql into mariadb (floor)" "$f_floor" "$fr_floor"
row "fresh install: liquibase update" "$f_lb" "$fr_lb"
echo "  -> omrs-console takes $(awk -v a="$f_ours" -v b="$f_floor" 'BEGIN {printf "%.2f", a / b}')x the floor and is $(ratio "$f_ours" "$f_lb")x faster than liquibase update"

SETUP="fresh_db s"
read -r u_ours ur_ours < <(measure bash -c "for f in ${files[*]}; do '$OMRS_CONSOLE' --defaults-file='$MDB_ADMIN_CNF' -D s changelog update-sql --dbms mysql --search-path '$master' \$f; done")
read -r u_lb ur_lb < <(measure bash -c "$(declare -f lb); files=(${files[*]}); launcher='$launcher'; MDB_PORT=$MDB_PORT; MDB_ADMIN_USER=$MDB_ADMIN_USER; master='$master'; lb s update-sql")
row "update-sql: omrs-console" "$u_ours" "$ur_ours"
row "update-sql: liquibase update-sql" "$u_lb" "$ur_lb"
echo "  -> omrs-console is $(ratio "$u_ours" "$u_lb")x faster"
