#!/usr/bin/env bash
# omrs-console's Sync views at scale, against the mariadb client, in one run on one private
# MariaDB: the demo federation (tests/lib/demo.sh demo_seed) plus BENCH_RECORDS generated records
# (default 1,000,000; sql/demo/sync-generate.sql) with 3 children on openmrs_parent, i.e. about
# 3 million sync_server_record rows. Measured:
#   floor          one `mariadb` client run of the plain GROUP BY state queries a full status
#                  needs (sync_record; sync_server_record by server; sync_import)
#   sync status    one `omrs-console sync status --json` run       targets: <= 1.5x floor, < 1 s
#   sync records   one `omrs-console sync records --json --limit 50` run per page, at several
#                  depths (cursor = the "next" field of the page before), with filters
#                                                                  target: < 20 ms at any depth
# Every figure is the wall time of one whole process (start, connect, queries, output, exit),
# the median of RUNS runs (default 5) after one unmeasured warm-up run; both the client and
# the console connect over the same socket with the same account. All of it twice: on the
# module's own indexes (sync-module.md §1.2), then with the optional indexes
# `omrs-console sync indexes add` offers (the step an admin of a large site takes once).
# The server gets BENCH_POOL_MB (default 1024) of InnoDB buffer pool, a modest production value.
set -uo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
: "${OMRS_CONSOLE:?set OMRS_CONSOLE to the omrs-console binary (make bench-sync does)}"
OMRS_SHARED=${OMRS_SHARED:-$here/../../shared}
export OMRS_SHARED
RUNS=${RUNS:-5}
BENCH_RECORDS=${BENCH_RECORDS:-1000000}
BENCH_POOL_MB=${BENCH_POOL_MB:-1024}
export DEMO_NOW=${DEMO_NOW:-2026-11-20 12:00:00}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench: RUNS must be a positive number, not '$RUNS'" >&2; exit 2; }
[[ $BENCH_RECORDS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_RECORDS must be a positive number, not '$BENCH_RECORDS'" >&2; exit 2; }
[[ $BENCH_POOL_MB =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_POOL_MB must be a positive number, not '$BENCH_POOL_MB'" >&2; exit 2; }
. "$here/../tests/lib/mariadb.sh"
. "$here/../tests/lib/demo.sh"

mdb_start > /dev/null || exit 1
export HOME=$MDB_DIR/home OMRS_AUDIT_LOG=$MDB_DIR/audit.log
mkdir -p "$HOME"
mdb_sql "SET GLOBAL innodb_buffer_pool_size = $((BENCH_POOL_MB * 1048576))" || exit 1

console() { "$OMRS_CONSOLE" --defaults-file="$MDB_ADMIN_CNF" --database=openmrs_parent "$@"; }
floor_sql="SELECT state, COUNT(*) FROM sync_record GROUP BY state;
SELECT server_id, state, COUNT(*) FROM sync_server_record GROUP BY server_id, state;
SELECT state, COUNT(*) FROM sync_import GROUP BY state;"
client=$(mdb_client) || { echo "bench: the mariadb client is not installed" >&2; exit 1; }
floor() { "$client" --defaults-file="$MDB_ADMIN_CNF" --database=openmrs_parent -B -N -e "$floor_sql"; }
connect_only() { "$client" --defaults-file="$MDB_ADMIN_CNF" --database=openmrs_parent -B -N -e "SELECT 1"; }
elapsed_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }

# Median wall time in ms of RUNS runs of "$@" after a warm-up; "n/a" when the command fails
# (its first error line goes to $MDB_DIR/why).
median_ms() {
    local i t0 t1 times=()
    "$@" > /dev/null 2> "$MDB_DIR/why" || { echo n/a; return; }
    for i in $(seq 1 "$RUNS"); do
        t0=$EPOCHREALTIME; "$@" > /dev/null 2>&1; t1=$EPOCHREALTIME
        times+=("$(elapsed_ms "$t0" "$t1")")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}
why() { head -1 "$MDB_DIR/why"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 <= 0) a = 0.1; printf "%.2f", b / a }'; }

# The cursor of the page that starts after the first $2 records from cursor $1 ("" = the
# start) with filter words $3; empty when the list ends first. Hops of at most 100000 records.
cursor_after() {
    local cur=$1 left=$2 step next
    local -a filter=()
    read -r -a filter <<< "$3"
    while [ "$left" -gt 0 ]; do
        step=$(( left < 100000 ? left : 100000 ))
        next=$(console sync records --json --limit "$step" ${cur:+--after "$cur"} "${filter[@]}" 2> /dev/null \
               | tail -3 | sed -n 's/^ *"next": *"\(.*\)",*$/\1/p')
        [ -n "$next" ] || return 1
        cur=$next; left=$((left - step))
    done
    printf '%s\n' "$cur"
}

depths=()
for d in 0 1000 100000 500000 $((BENCH_RECORDS - 50)); do
    [ "$d" -ge 0 ] && [ "$d" -lt "$BENCH_RECORDS" ] && { [ ${#depths[@]} = 0 ] || [ "$d" -gt "${depths[-1]}" ]; } && depths+=("$d")
done
filters=("" "--server 1" "--server 2 --state COMMITTED,NOT_SUPPOSED_TO_SYNC" "--state FAILED,FAILED_AND_STOPPED,REJECTED"
         "--server 1 --state NEW,SENT,SENT_AGAIN,SEND_FAILED")

pages() { # one line per filter: ms per page at each depth ("-": the list is shorter)
    local f d pos cur ended t line=
    local -a fw
    printf '  %-58s' "sync records --limit 50, page at depth:"
    for d in "${depths[@]}"; do printf ' %9s' "$d"; done; echo
    for f in "${filters[@]}"; do
        read -r -a fw <<< "$f"
        printf '    %-56s' "${f:-(all records)}"
        pos=0 cur= ended=
        for d in "${depths[@]}"; do
            if [ -z "$ended" ] && [ "$d" -gt "$pos" ]; then
                cur=$(cursor_after "$cur" $((d - pos)) "$f") || ended=1
                pos=$d
            fi
            [ -n "$ended" ] && { printf ' %9s' -; continue; }
            t=$(median_ms console sync records --json --limit 50 ${cur:+--after "$cur"} "${fw[@]}")
            printf ' %9s' "$t"
            [ "$t" = n/a ] && line=$(why)
        done
        echo
    done
    [ -n "${line:-}" ] && echo "    (n/a: ${line})"
    echo "    -> target: under 20 ms per page at any depth"
}

status_vs_floor() {
    local s_floor s_status s_connect
    s_connect=$(median_ms connect_only)
    s_floor=$(median_ms floor)
    s_status=$(median_ms console sync status --json)
    printf '  %-58s %9s ms\n' "mariadb client, SELECT 1 (connect only)" "$s_connect"
    printf '  %-58s %9s ms\n' "mariadb client, the status GROUP BY queries (floor)" "$s_floor"
    if [ "$s_status" = n/a ]; then
        printf '  %-58s %9s\n' "omrs-console sync status --json" "not available: $(why)"
    else
        printf '  %-58s %9s ms\n' "omrs-console sync status --json" "$s_status"
        echo "    -> $(ratio "$s_floor" "$s_status")x the floor (target <= 1.5x); under 1 s: $(awk -v s="$s_status" 'BEGIN { print (s < 1000) ? "yes" : "no" }')"
    fi
}

echo "omrs-console sync at scale, $(date -u +%Y-%m-%d), $(nproc) cores, MariaDB $("$(mdb_find mariadbd mysqld)" --version | awk '{print $3}'), buffer pool $BENCH_POOL_MB MiB"
t0=$EPOCHREALTIME
demo_seed || { echo "bench: demo_seed failed" >&2; exit 1; }
t1=$EPOCHREALTIME
demo_generate_records openmrs_parent "$BENCH_RECORDS" 3 || { echo "bench: generating the records failed" >&2; exit 1; }
t2=$EPOCHREALTIME
mdb_sql "ANALYZE TABLE openmrs_parent.sync_record, openmrs_parent.sync_server_record, openmrs_parent.sync_import" > /dev/null
read -r n_rec n_ssr n_imp n_kb <<< "$(mdb_sql "USE openmrs_parent; SELECT (SELECT COUNT(*) FROM sync_record), (SELECT COUNT(*) FROM sync_server_record),
    (SELECT COUNT(*) FROM sync_import), (SELECT ROUND(SUM(data_length + index_length) / 1048576) FROM information_schema.tables
     WHERE table_schema = 'openmrs_parent' AND table_name LIKE 'sync%')")"
echo "demo_seed $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s; generating $BENCH_RECORDS records with 3 children $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", b - a }') s"
echo "openmrs_parent: $n_rec sync_record, $n_ssr sync_server_record, $n_imp sync_import rows; Sync tables $n_kb MiB"
echo "wall time of one whole process, median of $RUNS runs after a warm-up"
echo
echo "module's own indexes (sync-module.md §1.2)"
status_vs_floor
pages
echo
t0=$EPOCHREALTIME
"$OMRS_CONSOLE" --defaults-file="$MDB_ADMIN_CNF" -D openmrs_parent sync indexes add --yes > /dev/null 2>&1 || exit 1
echo "with the indexes \`sync indexes add\` offers ($(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s to build):"
"$OMRS_CONSOLE" --defaults-file="$MDB_ADMIN_CNF" -D openmrs_parent sync indexes 2>/dev/null | sed 's/^/  /'
mdb_sql "ANALYZE TABLE openmrs_parent.sync_record, openmrs_parent.sync_server_record, openmrs_parent.sync_import" > /dev/null
status_vs_floor
pages
