#!/usr/bin/env bash
# `sync records` and `sync record` against the demo federation plus rows of our own with
# fixed timestamps (ties across page boundaries, a NULL timestamp, a malformed payload):
# every filter gives exactly the record ids an independent SQL query gives, walking the
# pages with --after returns every match once and in queue order (with and without the
# optional indexes of `sync indexes add`), bad input is refused with a message naming it,
# the record view shows items, server rows, the import row and the payload, and all of it
# works read-only with a SELECT-only account and changes nothing.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
bin=$OMRS_CONSOLE
test_start_db
DEMO_NOW='2026-11-20 12:00:00' demo_seed || tap_bail "cannot seed the demo"

admin=(--defaults-file="$MDB_ADMIN_CNF")
monitor=(-R --defaults-file="$MDB_MONITOR_CNF")
P=openmrs_parent

# Our own records on the parent, after the demo's (which end 2026-11-20): five sharing one
# timestamp, one without timestamp, one with a malformed payload, one with an empty one.
payload_item() { # class uuid action
    printf '<items><SyncItem containedType="%s" key="%s" state="%s"><content><![CDATA[<%s><uuid type="string">%s</uuid></%s>]]></content></SyncItem></items>' \
        "$1" "$2" "$3" "$1" "$2" "$1"
}
ins() { # uuid timestamp(SQL) state classes payload(SQL)
    mdb_sql "INSERT INTO $P.sync_record (uuid, creator, database_version, timestamp, retry_count, state, payload, contained_classes, original_uuid)
             VALUES ('$1', NULL, '3.0.0-4d92b4', $2, 0, '$3', $5, '$4', '$1')"
}
for i in 1 2 3 4 5; do
    ins "00000000-0000-4000-8000-00000000000$i" "'2030-01-01 08:00:00'" NEW "org.openmrs.Obs,org.openmrs.Encounter" \
        "'$(payload_item org.openmrs.Obs "11111111-0000-4000-8000-00000000000$i" NEW)'"
done
ins 00000000-0000-4000-8000-000000000006 NULL NEW org.openmrs.Location "'$(payload_item org.openmrs.Location 11111111-0000-4000-8000-000000000006 UPDATED)'"
ins 00000000-0000-4000-8000-000000000007 "'2030-01-02 09:30:00'" FAILED "org.openmrs.my_module.Thing" \
    "'<items><SyncItem containedType=\"org.openmrs.Obs\" key=\"k\" state=\"NEW\"><content>cut short'"
ins 00000000-0000-4000-8000-000000000008 "'2030-01-03 10:00:00'" NEW org.openmrs.myXmodule.Obs "''"
id_of() { mdb_sql "SELECT record_id FROM $P.sync_record WHERE uuid = '$1'"; }
tie1=$(id_of 00000000-0000-4000-8000-000000000001)
nullts=$(id_of 00000000-0000-4000-8000-000000000006)
bad=$(id_of 00000000-0000-4000-8000-000000000007)
empty=$(id_of 00000000-0000-4000-8000-000000000008)
# Child A has rows for the tie records: FAILED for the middle one, COMMITTED for the others.
mdb_sql "INSERT INTO $P.sync_server_record (server_id, record_id, state, retry_count, error_message)
         SELECT 1, record_id, IF(uuid LIKE '%3', 'FAILED', 'COMMITTED'), 2, IF(uuid LIKE '%3', 'Unable to find object', NULL)
           FROM $P.sync_record WHERE uuid LIKE '00000000-0000-4000-8000-00000000000%' AND timestamp = '2030-01-01 08:00:00'"

before=$(mdb_sql "CHECKSUM TABLE $P.sync_record, $P.sync_server_record, $P.sync_import")

# ---- helpers ------------------------------------------------------------------------------
json_get() { python3 -c "import json,sys; doc=json.load(sys.stdin); print($1)"; }
# The ids of one page, space-separated.
page_ids() { json_get '" ".join(str(r["record_id"]) for r in doc["records"])'; }
# Every page from the start, following "next": the ids, space-separated; then "pages=N".
walk() { # db options...
    local db=$1; shift
    local after=() ids="" pages=0 out next
    while :; do
        out=$("$bin" "${admin[@]}" -D "$db" sync records --json "$@" "${after[@]}") || { echo "FAILED: $out"; return; }
        pages=$((pages + 1))
        ids="$ids $(printf '%s' "$out" | page_ids)"
        next=$(printf '%s' "$out" | json_get 'doc["next"] or ""')
        [ -z "$next" ] && break
        after=(--after "$next")
        [ $pages -gt 200 ] && { echo "runaway"; return; }
    done
    echo "$(echo $ids) pages=$pages"
}
# The same from SQL: sync_record r (and s for one server) in queue order.
sql_ids() { # db where [server_id]
    local join=""
    [ -n "${3:-}" ] && join="JOIN $1.sync_server_record s ON s.record_id = r.record_id AND s.server_id = $3"
    echo $(mdb_sql "SELECT r.record_id FROM $1.sync_record r $join WHERE $2 ORDER BY r.timestamp, r.record_id")
}
pages_for() { # count limit
    local n=$(( ($1 + $2 - 1) / $2 )); [ $n -eq 0 ] && n=1   # a page reads one row ahead: no empty last page
    echo $n
}
check_walk() { # description db where server limit options...
    local desc=$1 db=$2 where=$3 server=$4 limit=$5; shift 5
    local expected got count
    expected=$(sql_ids "$db" "$where" "$server")
    count=$(echo $expected | wc -w)
    got=$(walk "$db" --limit "$limit" "$@")
    tap_is "$desc: every match once, in queue order ($count records)" "$got" "$expected pages=$(pages_for "$count" "$limit")"
}

# ---- pages and filters --------------------------------------------------------------------
run_walks() { # label
    check_walk "$1 all records, pages of 7" $P "1 = 1" "" 7
    check_walk "$1 all records, one page" $P "1 = 1" "" 100
    check_walk "$1 --state NEW" $P "r.state = 'NEW'" "" 4 --state NEW
    check_walk "$1 --state FAILED,NEW" $P "r.state IN ('FAILED', 'NEW')" "" 5 --state FAILED,NEW
    check_walk "$1 --server A --state COMMITTED" $P "s.state = 'COMMITTED'" 1 3 --server 1 --state COMMITTED
    check_walk "$1 --server B --state COMMITTED" $P "s.state = 'COMMITTED'" 2 2 --server "Demo Child B (Rural Clinic)" --state COMMITTED
    check_walk "$1 --server A --state FAILED,NEW,SENT" $P "s.state IN ('FAILED', 'NEW', 'SENT')" 1 2 --server 1 --state FAILED,NEW,SENT
    check_walk "$1 --server A (all its rows)" $P "1 = 1" 1 9 --server 1
    check_walk "$1 --server A --state FAILED (rare: read and sorted)" $P "s.state = 'FAILED'" 1 1 --server 1 --state FAILED
    check_walk "$1 --state FAILED (rare: read and sorted)" $P "r.state = 'FAILED'" "" 1 --state FAILED
    check_walk "$1 --state REJECTED (none)" $P "r.state = 'REJECTED'" "" 1 --state REJECTED
    check_walk "$1 --class Obs" $P "r.contained_classes LIKE '%Obs%'" "" 6 --class Obs
    check_walk "$1 --class with a LIKE wildcard taken literally" $P "r.contained_classes LIKE '%my\\_module%'" "" 5 --class my_module
    check_walk "$1 --since/--until" $P "r.timestamp >= '2026-11-17 00:00:00' AND r.timestamp < '2026-11-19 08:30:35'" "" 3 \
        --since 2026-11-17 --until '2026-11-19 08:30:35'
    check_walk "$1 child A: --state SEND_FAILED,SENT_AGAIN" openmrs_child_a "r.state IN ('SEND_FAILED', 'SENT_AGAIN')" "" 2 \
        --state SEND_FAILED,SENT_AGAIN
}
run_walks "no extra index:"

# The state columns of the scope: the parent direction is sync_record's, a child's is its row.
out=$("$bin" "${admin[@]}" -D $P sync records --json --server 1 --state FAILED)
tap_is "--server child: its FAILED rows" "$(printf '%s' "$out" | page_ids)" "$(sql_ids $P "s.state = 'FAILED'" 1)"
tap_is "--server child: state, retries and error from its row" \
    "$(printf '%s' "$out" | json_get '[(r["state"], r["retry_count"], r["error_message"]) for r in doc["records"] if r["uuid"].endswith("03")]')" \
    "[('FAILED', 2, 'Unable to find object')]"
tap_is "parent direction: the same record is NEW there" \
    "$("$bin" "${admin[@]}" -D $P sync records --json --uuid 00000000-0000-4000-8000-000000000003 | json_get '[(r["state"], r["retry_count"], "error_message" in r) for r in doc["records"]]')" \
    "[('NEW', 0, False)]"
tap_is "child database: --server PARENT means sync_record's columns" \
    "$("$bin" "${admin[@]}" -D openmrs_child_a sync records --json --server "$DEMO_PARENT_NAME" --state FAILED | page_ids)" \
    "$(sql_ids openmrs_child_a "r.state = 'FAILED'")"

# --uuid: the record's uuid, or the original uuid of a copy made here.
copy=$(mdb_sql "SELECT record_id, original_uuid FROM $P.sync_record WHERE uuid <> original_uuid ORDER BY record_id LIMIT 1")
tap_is "--uuid finds a copy by its original uuid" \
    "$("$bin" "${admin[@]}" -D $P sync records --json --uuid "${copy#*	}" | page_ids)" "${copy%%	*}"
tap_is "--uuid unknown: no records" "$("$bin" "${admin[@]}" -D $P sync records --json --uuid nope | page_ids)" ""

# Ties: five records share a timestamp; pages of two split them and lose none.
tap_is "ties across page boundaries" "$(walk $P --since '2030-01-01 08:00:00' --until '2030-01-01 08:00:01' --limit 2)" \
    "$tie1 $((tie1 + 1)) $((tie1 + 2)) $((tie1 + 3)) $((tie1 + 4)) pages=3"
out=$("$bin" "${admin[@]}" -D $P sync records --json --since '2030-01-01 08:00:00' --limit 2)
tap_is "cursor text: timestamp~record_id of the last row" "$(printf '%s' "$out" | json_get 'doc["next"]')" \
    "2030-01-01T08:00:00~$((tie1 + 1))"
tap_is "cursor in the middle of a tie" \
    "$("$bin" "${admin[@]}" -D $P sync records --json --after "2030-01-01T08:00:00~$((tie1 + 1))" --limit 2 | page_ids)" \
    "$((tie1 + 2)) $((tie1 + 3))"
# A record without timestamp comes first (NULL sorts first) and has its own cursor form.
out=$("$bin" "${admin[@]}" -D $P sync records --json --limit 1)
tap_is "NULL timestamp first, cursor null~ID" "$(printf '%s' "$out" | json_get 'str(doc["records"][0]["record_id"]) + " " + doc["next"]')" \
    "$nullts null~$nullts"
tap_is "after null~ID: the first timed record" \
    "$("$bin" "${admin[@]}" -D $P sync records --json --limit 1 --after "null~$nullts" | page_ids)" \
    "$(mdb_sql "SELECT record_id FROM $P.sync_record WHERE timestamp IS NOT NULL ORDER BY timestamp, record_id LIMIT 1")"
tap_is "last page: next is null" \
    "$("$bin" "${admin[@]}" -D $P sync records --json --after "2030-01-03T10:00:00~$empty" | json_get '(doc["records"], doc["next"])')" \
    "([], None)"

# Text: one line per record inside 80 columns, and the next cursor at the end.
out=$("$bin" "${admin[@]}" -D $P sync records --limit 5 --since 2026-11-19)
tap_is "text: exit 0" "$?" 0
tap_is "text: header, 5 records, next" "$(printf '%s\n' "$out" | wc -l)" 8
tap_is "text: no line over 80 columns" "$(printf '%s\n' "$out" | awk 'length > 80' | wc -l)" 0
tap_like "text: scope" "$out" "state and retries: the parent direction (sync_record)"
tap_like "text: next line" "$out" "next: $(printf '%s' "$("$bin" "${admin[@]}" -D $P sync records --json --limit 5 --since 2026-11-19)" | json_get 'doc["next"]')"
first=$(mdb_sql "SELECT CONCAT(LPAD(record_id, 8, ' '), ' ', timestamp, ' ', RPAD(state, 20, ' '), ' ', LPAD(retry_count, 5, ' '), ' ') FROM $P.sync_record WHERE timestamp >= '2026-11-19' ORDER BY timestamp, record_id LIMIT 1")
tap_like "text: id, timestamp, state, retries" "$out" "$first"
out=$("$bin" "${admin[@]}" -D $P sync records --server 1 --state FAILED)
tap_like "text: server scope named" "$out" "state and retries: server 1 'Demo Child A (Health Centre)' (sync_server_record)"
tap_like "text: classes shortened" "$out" "Obs,Encounter"
tap_like "text: the last page says so" "$out" "next: none (last page)"
tap_like "text: nothing matches" "$("$bin" "${admin[@]}" -D $P sync records --state REJECTED)" "no records match"

# ---- bad input ----------------------------------------------------------------------------
refused() { # description expected-fragment options...
    local desc=$1 want=$2; shift 2
    local err rc
    err=$("$bin" "${admin[@]}" -D $P sync records "$@" 2>&1 >/dev/null); rc=$?
    tap_is "$desc: usage error" "$rc" 2
    tap_like "$desc: says what" "$err" "$want"
}
refused "bad cursor" "--after: bad cursor '2030-01-01~5'" --after 2030-01-01~5
refused "cursor with a bad id" "bad cursor '2030-01-01T08:00:00~x'" --after '2030-01-01T08:00:00~x'
refused "cursor with an impossible time" "bad cursor '2030-02-30T08:00:00~1'" --after '2030-02-30T08:00:00~1'
refused "bad --since" "--since '2026-02-30' is not a valid date" --since 2026-02-30
refused "bad --until" "--until '2026-11-20 25:00' is not a valid date" --until '2026-11-20 25:00'
refused "unknown state" "unknown sync state 'DONE'" --state NEW,DONE
refused "unknown server" "no server 'Nowhere'" --server Nowhere
refused "extra argument" "sync records takes no argument ('12')" 12

# ---- one record ---------------------------------------------------------------------------
p15=$(mdb_sql "SELECT r.record_id FROM $P.sync_record r JOIN $P.sync_server_record s ON s.record_id = r.record_id WHERE s.state = 'FAILED' AND s.server_id = 1 AND r.timestamp < '2030-01-01'")
out=$("$bin" "${admin[@]}" -D $P sync record "$p15"); rc=$?
tap_is "record: exit 0" "$rc" 0
tap_like "record: header" "$out" "Record $p15"
tap_like "record: parent-direction state explained" "$out" "NEW (no parent here: it means nothing)"
tap_like "record: child A's FAILED row with its error" "$out" "FAILED, retries 1"
tap_like "record: the error text" "$out" "error: org.openmrs.api.ValidationException"
tap_like "record: items" "$out" "NEW      org.openmrs.Location $(mdb_sql "SELECT uuid FROM $P.location WHERE name = 'Maternity Ward'")"
tap_like "record: pretty payload" "$out" "
<items>
  <SyncItem containedType=\"org.openmrs.Location\""
tap_is "record: fields and server rows inside 80 columns" \
    "$(printf '%s\n' "$out" | sed '/^Payload:/,$d' | awk 'length > 80' | wc -l)" 0
json=$("$bin" "${admin[@]}" -D $P sync record "$p15" --json)
# Items of a record with entities and collections, against the payload read by a regex.
user_rec=$(mdb_sql "SELECT MIN(record_id) FROM $P.sync_record WHERE contained_classes LIKE '%LoginCredential%'")
tap_is "record json: items = the payload's SyncItem elements, in order" \
    "$("$bin" "${admin[@]}" -D $P sync record "$user_rec" --json | json_get '[(i["entity_class"], i["uuid"] + ("|" + i["property"] if i["property"] else ""), i["action"]) for i in doc["items"]]')" \
    "$(mdb_sql "SELECT payload FROM $P.sync_record WHERE record_id = $user_rec" | python3 -c 'import re,sys; print(re.findall(r"<SyncItem containedType=\"([^\"]*)\" key=\"([^\"]*)\" state=\"([^\"]*)\"", sys.stdin.read()))')"
tap_like "record text: a collection item" "$("$bin" "${admin[@]}" -D $P sync record "$user_rec")" "UPDATED  org.hibernate.collection.internal.PersistentSortedSet"
tap_is "record json: server rows" "$(printf '%s' "$json" | json_get '[(s["server_id"], s["state"]) for s in doc["server_records"]]')" \
    "$(mdb_sql "SELECT CONCAT('[', GROUP_CONCAT(CONCAT('(', server_id, ', ''', state, ''')') ORDER BY server_id SEPARATOR ', '), ']') FROM $P.sync_server_record WHERE record_id = $p15")"
tap_is "record json: pretty payload, no raw" "$(printf '%s' "$json" | json_get '(doc["payload_pretty"].startswith("<items>\n"), "payload_raw" in doc)')" "(True, False)"

# A copy made on the parent of a child's record: found by its original uuid, import row shown.
copy_id=${copy%%	*}; orig=${copy#*	}
tap_is "record by original uuid" "$("$bin" "${admin[@]}" -D $P sync record "$orig" --json | json_get 'doc["record"]["record_id"]')" "$copy_id"
tap_is "record by uuid" "$("$bin" "${admin[@]}" -D $P sync record 00000000-0000-4000-8000-000000000002 --json | json_get 'doc["record"]["record_id"]')" "$((tie1 + 1))"
json=$("$bin" "${admin[@]}" -D $P sync record "$copy_id" --json)
tap_is "record: the sync_import row of its original uuid" \
    "$(printf '%s' "$json" | json_get '(doc["record"]["outgoing"], doc["import"]["uuid"], doc["import"]["state"], doc["import"]["source_server_id"])')" \
    "$(mdb_sql "SELECT CONCAT('(False, ''', uuid, ''', ''', state, ''', ', source_server_id, ')') FROM $P.sync_import WHERE uuid = '$orig'")"
tap_like "record text: import" "$("$bin" "${admin[@]}" -D $P sync record "$copy_id")" "Import of its original uuid here (sync_import): sync_import_id"

# A malformed payload is shown raw with libxml2's error, exit status 0.
out=$("$bin" "${admin[@]}" -D $P sync record "$bad" 2>"$MDB_DIR/stderr"); rc=$?
tap_is "malformed payload: exit 0" "$rc" 0
tap_like "malformed payload: error line" "$out" "payload error: payload:1: not well-formed XML: "
tap_like "malformed payload: raw text" "$out" '<content>cut short'
tap_like "malformed payload: warned on stderr" "$(cat "$MDB_DIR/stderr")" "warning: record $bad: payload:1: not well-formed XML"
json=$("$bin" "${admin[@]}" -D $P sync record "$bad" --json 2>/dev/null)
tap_is "malformed payload json: raw, error, no items" \
    "$(printf '%s' "$json" | json_get '(doc["payload_raw"].endswith("cut short"), doc["payload_error"].startswith("payload:1: "), doc["items"], "payload_pretty" in doc)')" \
    "(True, True, [], False)"
tap_like "empty payload" "$("$bin" "${admin[@]}" -D $P sync record "$empty")" "Payload: empty"

err=$("$bin" "${admin[@]}" -D $P sync record 999999 2>&1); rc=$?
tap_is "unknown record: exit 1" "$rc" 1
tap_like "unknown record: named" "$err" "no sync_record with record_id, uuid or original_uuid '999999' in database openmrs_parent"
err=$("$bin" "${admin[@]}" -D $P sync record 2>&1); rc=$?
tap_is "record without argument: usage error" "$rc" 2

# ---- read-only, SELECT-only ---------------------------------------------------------------
same_json() { tap_is "$1" "$("$bin" "${monitor[@]}" -D $P "${@:2}")" "$("$bin" "${admin[@]}" -D $P "${@:2}")"; }
same_json "-R + SELECT-only: a page" sync records --json --server 1 --state COMMITTED --limit 4 --after "2026-11-16T00:00:00~1"
same_json "-R + SELECT-only: a state page" sync records --json --state NEW --limit 3
same_json "-R + SELECT-only: a record" sync record "$p15" --json
tap_is "nothing changed" "$(mdb_sql "CHECKSUM TABLE $P.sync_record, $P.sync_server_record, $P.sync_import")" "$before"
err=$("$bin" "${admin[@]}" -D mysql sync records 2>&1); rc=$?
tap_like "not a sync database" "$err" "the Sync module's tables are not in database mysql"

# ---- the same with the indexes `sync indexes add` offers ------------------------------------
for db in $P openmrs_child_a; do
    mdb_sql "CREATE INDEX omrs_ssr_server_state_record ON $db.sync_server_record (server_id, state, record_id);
             CREATE INDEX omrs_sr_state_timestamp ON $db.sync_record (state, timestamp, record_id)"
done
run_walks "with the optional indexes:"
same_json "-R + SELECT-only with the indexes: a state page" sync records --json --state NEW,FAILED --limit 3

tap_done
