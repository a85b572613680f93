# Demo federation for omrs-console: one PARENT and two CHILD OpenMRS sites running the Sync
# module, each its own database in the private server of tests/lib/mariadb.sh.
#
#   . tests/lib/mariadb.sh; . tests/lib/demo.sh
#   mdb_start && demo_seed
#
# demo_seed drops and recreates openmrs_parent, openmrs_child_a and openmrs_child_b, loading into
# each: the real master schema with the Sync tables and core data (the Liquibase oracle under
# $OMRS_SHARED/fixtures/oracle), liquibasechangelog filled from the oracle's history TSVs, the
# lock row, and the Sync data of sql/demo/seed-sync.sql. core.version is removed (pre-2.9
# semantics: the version must be derived from liquibasechangelog).
#
# Environment:
#   OMRS_SHARED  the shared folder (default: the "shared" directory beside the project root)
#   DEMO_NOW     reference time 'YYYY-MM-DD HH:MM:SS' for every demo timestamp (default: now);
#                fix it for reproducible output
# Needs the mdb_* functions and a started server. Prints nothing on success; errors go to
# stderr and the return status is non-zero.

DEMO_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DEMO_SQL_DIR=$DEMO_LIB_DIR/../../sql/demo

DEMO_DATABASES=(openmrs_parent openmrs_child_a openmrs_child_b)
DEMO_PARENT_UUID=d8680ee0-c351-455b-ae71-ebd1837cd0d6
DEMO_CHILD_A_UUID=4fb963ab-3bbf-4f16-9ab6-097ca8511eed
DEMO_CHILD_B_UUID=e48ceb45-7f0b-4b32-832e-53439544567e
DEMO_PARENT_NAME='Demo Parent (District Hospital)'
DEMO_CHILD_A_NAME='Demo Child A (Health Centre)'
DEMO_CHILD_B_NAME='Demo Child B (Rural Clinic)'
DEMO_PARENT_ADDRESS=http://parent.example.org:8080/openmrs

demo_err() {
    echo "demo_seed: $*" >&2
}

# liquibasechangelog INSERTs from oracle history TSVs (header line, tab-separated, NULL as the
# word NULL; \n \t \\ \0 are already MariaDB string escapes, so only quotes need doubling).
# DATEEXECUTED is @lb_core_t0 / @lb_sync_t0 (one per file) plus the run's pace; each FILENAME
# is one Liquibase run with its own DEPLOYMENT_ID, made as Liquibase does (epoch ms without
# the first 3 digits). ORDEREXECUTED continues across files if a file restarts it.
demo_history_sql() {
    awk -F '\t' '
        function q(v) { if (v == "NULL") return "NULL"; gsub(/\047/, "\047\047", v); return "\047" v "\047" }
        function flush() { if (rows) print ";"; rows = 0 }
        FNR == 1 { file++; base = (file == 1) ? "@lb_core_t0" : "@lb_sync_t0"; ms = 0; pace = (file == 1) ? 18 : 55; first = 1; next }
        {
            order = $4 + 0
            if (first) { shift = (order <= maxorder) ? maxorder - order + 1 : 0; first = 0 }
            order += shift
            if (order > maxorder) maxorder = order
            if ($3 != filename || rows >= 250) {
                flush()
                if ($3 != filename) {
                    filename = $3; dep++; ms += 1800
                    printf "SET @lb_dep_%d = RIGHT(CAST(UNIX_TIMESTAMP(%s) * 1000 + %d AS CHAR), 10);\n", dep, base, ms - 700
                }
                print "INSERT INTO liquibasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM, DESCRIPTION, COMMENTS, TAG, LIQUIBASE, CONTEXTS, LABELS, DEPLOYMENT_ID) VALUES"
            }
            ms += pace
            printf "%s(%s,%s,%s,%s + INTERVAL %d SECOND,%d,%s,%s,%s,%s,%s,%s,%s,%s,@lb_dep_%d)\n", (rows ? "," : ""),
                q($1), q($2), q($3), base, int(ms / 1000), order, q($6), q($5), q($7), q($8), q($9), q($10), q($11), q($12), dep
            rows++
        }
        END { flush() }' "$@"
}

# The client's error output, shortened to the error and the first line of the failing statement
# (its "line N" counts lines of the whole stream demo_site_sql makes).
demo_client_errors() {
    awk '/^-+$/ { if (!inside) { inside = 1; if ((getline line) > 0) print "  in: " line } else inside = 0; next }
         !inside && NF'
}

# SQL that sets the federation parameters of seed-sync.sql for one site.
demo_params_sql() { # site now
    cat <<EOF
SET @site = '$1', @now = '$2', @database_version = NULL,
    @parent_uuid = '$DEMO_PARENT_UUID', @parent_name = '$DEMO_PARENT_NAME',
    @parent_address = '$DEMO_PARENT_ADDRESS',
    @child_a_uuid = '$DEMO_CHILD_A_UUID', @child_a_name = '$DEMO_CHILD_A_NAME',
    @child_a_username = 'sync_child_a', @child_a_password = 'NotARealPassword-A1',
    @child_b_uuid = '$DEMO_CHILD_B_UUID', @child_b_name = '$DEMO_CHILD_B_NAME',
    @child_b_username = 'sync_child_b', @child_b_password = 'NotARealPassword-B1';
EOF
}

# The whole SQL stream for one database.
demo_site_sql() { # database site now oracle_dir history_sql
    local db=$1 site=$2 now=$3 oracle=$4 history=$5
    cat <<EOF
SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
DROP DATABASE IF EXISTS \`$db\`;
CREATE DATABASE \`$db\` DEFAULT CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci;
USE \`$db\`;
SET FOREIGN_KEY_CHECKS = 0, UNIQUE_CHECKS = 0;
EOF
    cat "$oracle/module-sync/schema.sql" || return 1
    echo 'SET autocommit = 0;'
    cat "$oracle/data.sql" || return 1
    cat <<EOF
SET @lb_core_t0 = DATE('$now') - INTERVAL 221 DAY + INTERVAL '09:14:05' HOUR_SECOND;
SET @lb_sync_t0 = DATE('$now') - INTERVAL 218 DAY + INTERVAL '11:02:40' HOUR_SECOND;
EOF
    cat "$history" || return 1
    cat <<EOF
INSERT INTO liquibasechangeloglock (ID, LOCKED, LOCKGRANTED, LOCKEDBY) VALUES (1, 0, NULL, NULL);
DELETE FROM global_property WHERE property = 'core.version';
COMMIT;
SET FOREIGN_KEY_CHECKS = 1, UNIQUE_CHECKS = 1, autocommit = 1;
EOF
    demo_params_sql "$site" "$now"
    cat "$DEMO_SQL_DIR/seed-sync.sql" || return 1
}

demo_seed() {
    local shared oracle tmp now db site f i rc=0 pids=()
    shared=${OMRS_SHARED:-$DEMO_LIB_DIR/../../../shared}
    oracle=$shared/fixtures/oracle/fresh-install/master/liquibase-4.28.1
    for f in "$oracle/module-sync/schema.sql" "$oracle/data.sql" "$oracle/history.tsv" \
             "$oracle/module-sync/history.tsv" "$DEMO_SQL_DIR/seed-sync.sql"; do
        [ -r "$f" ] || { demo_err "cannot read $f (set OMRS_SHARED?)"; return 1; }
    done
    if [ -z "${MDB_ADMIN_CNF:-}" ] || [ ! -r "$MDB_ADMIN_CNF" ]; then
        demo_err "no private server: run mdb_start first"; return 1
    fi
    now=${DEMO_NOW:-$(date '+%Y-%m-%d %H:%M:%S')}
    case $now in
        [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\ [0-9][0-9]:[0-9][0-9]:[0-9][0-9]) ;;
        *) demo_err "DEMO_NOW must be 'YYYY-MM-DD HH:MM:SS', not '$now'"; return 1 ;;
    esac
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/omrs-demo.XXXXXX") || { demo_err "cannot create a temp dir"; return 1; }
    if ! demo_history_sql "$oracle/history.tsv" "$oracle/module-sync/history.tsv" > "$tmp/history.sql"; then
        demo_err "cannot convert the liquibase history"; rm -rf "$tmp"; return 1
    fi
    # The three databases are independent: load them side by side.
    for db in "${DEMO_DATABASES[@]}"; do
        case $db in openmrs_parent) site=parent ;; openmrs_child_a) site=child_a ;; *) site=child_b ;; esac
        ( demo_site_sql "$db" "$site" "$now" "$oracle" "$tmp/history.sql" | mdb_sql > "$tmp/$db.out" 2> "$tmp/$db.err"
          st=("${PIPESTATUS[@]}"); [ "${st[0]}" = 0 ] && [ "${st[1]}" = 0 ] ) &
        pids+=($!)
    done
    for i in "${!pids[@]}"; do
        db=${DEMO_DATABASES[$i]}
        if ! wait "${pids[$i]}" || [ -s "$tmp/$db.err" ]; then
            demo_err "loading $db failed:"; demo_client_errors < "$tmp/$db.err" >&2; rc=1
        fi
    done
    rm -rf "$tmp"
    return $rc
}

# Scale data on top of demo_seed (sql/demo/sync-generate.sql says what and how):
#   demo_generate_records DATABASE N [CHILDREN]
# adds N sync_record rows (with their sync_server_record, sync_import and sync_transmission_log
# rows) to DATABASE, after making sure it has at least CHILDREN CHILD servers (default: those
# it has). Deterministic for a given DEMO_NOW and database content. Needs the Sync tables.
DEMO_GEN_TABLES=(sync_record sync_server_record sync_server sync_class sync_server_class sync_import
                 sync_transmission_log)

demo_gen_err() {
    echo "demo_generate_records: $*" >&2
}

# Refuses what the generator cannot take: wrong arguments (status 2), no server, database or
# Sync tables (status 1). Prints why.
demo_gen_check() { # database n children now
    local db=$1 t have missing=()
    [[ $db =~ ^[A-Za-z0-9_]+$ ]] || { demo_gen_err "database name '$db' must be letters, digits and _"; return 2; }
    [[ $2 =~ ^[1-9][0-9]{0,7}$ ]] || { demo_gen_err "N must be a whole number from 1 to 99999999, not '$2'"; return 2; }
    [[ $3 =~ ^[0-9]$|^1[0-9]$|^2[0-6]$ ]] || { demo_gen_err "CHILDREN must be a number from 0 to 26, not '$3'"; return 2; }
    [[ $4 =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}:[0-9]{2}$ ]] ||
        { demo_gen_err "DEMO_NOW must be 'YYYY-MM-DD HH:MM:SS', not '$4'"; return 2; }
    if [ -z "${MDB_ADMIN_CNF:-}" ] || [ ! -r "$MDB_ADMIN_CNF" ]; then
        demo_gen_err "no private server: run mdb_start first"; return 1
    fi
    [ -r "$DEMO_SQL_DIR/sync-generate.sql" ] || { demo_gen_err "cannot read $DEMO_SQL_DIR/sync-generate.sql"; return 1; }
    if [ -z "$(mdb_sql "SELECT 1 FROM information_schema.engines WHERE engine = 'SEQUENCE' AND support IN ('YES', 'DEFAULT')")" ]; then
        demo_gen_err "the server has no SEQUENCE engine (MariaDB 10.0.3 or later has it)"; return 1
    fi
    if [ -z "$(mdb_sql "SELECT 1 FROM information_schema.schemata WHERE schema_name = '$db'")" ]; then
        demo_gen_err "database '$db' does not exist"; return 1
    fi
    have=$(mdb_sql "SELECT table_name FROM information_schema.tables WHERE table_schema = '$db'") ||
        { demo_gen_err "cannot list the tables of '$db'"; return 1; }
    for t in "${DEMO_GEN_TABLES[@]}"; do
        grep -qx "$t" <<< "$have" || missing+=("$t")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        demo_gen_err "database '$db' lacks the Sync module's tables ($(IFS=,; echo "${missing[*]}" | sed 's/,/, /g')): install the module or run demo_seed first"
        return 1
    fi
}

demo_generate_records() {
    local db=${1:-} n=${2:-} children=${3:-0} now out rc
    if [ $# -lt 2 ] || [ $# -gt 3 ]; then
        demo_gen_err "usage: demo_generate_records DATABASE N [CHILDREN]"; return 2
    fi
    now=${DEMO_NOW:-$(date '+%Y-%m-%d %H:%M:%S')}
    demo_gen_check "$db" "$n" "$children" "$now" || return
    out=$( { printf 'USE `%s`;\nSET @gen_n = %d, @gen_children = %d, @now = '"'%s'"';\n' "$db" "$n" "$children" "$now"
             cat "$DEMO_SQL_DIR/sync-generate.sql"; } | mdb_sql 2>&1 > /dev/null); rc=$?
    [ $rc = 0 ] && [ -z "$out" ] && return 0
    demo_gen_err "generating into '$db' failed (nothing was added):"; printf '%s\n' "$out" | demo_client_errors >&2
    # The run's transaction is rolled back; only its helper functions can be left.
    mdb_sql "USE \`$db\`; DROP FUNCTION IF EXISTS gen_uuid; DROP FUNCTION IF EXISTS gen_demo_uuid;
             DROP FUNCTION IF EXISTS gen_state; DROP FUNCTION IF EXISTS gen_retry; DROP FUNCTION IF EXISTS gen_error" 2> /dev/null
    return 1
}
