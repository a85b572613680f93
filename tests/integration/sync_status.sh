#!/usr/bin/env bash
# `sync status`, `sync check` and `sync indexes` against the demo federation: counts per
# state per server equal the scenario of sql/demo/seed-sync.sql and independent SQL, blocked
# records appear with their error, check levels and exit statuses, read-only use with a
# SELECT-only account, and the optional indexes' add/drop round trip.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
bin=$OMRS_CONSOLE
test_start_db
demo_seed || tap_bail "cannot seed the demo"
export OMRS_AUDIT_LOG=$MDB_DIR/audit.log

admin=(--defaults-file="$MDB_ADMIN_CNF")
monitor=(-R --defaults-file="$MDB_MONITOR_CNF")

# json_get EXPRESSION < JSON: prints a Python expression over `doc`
json_get() { python3 -c "import json,sys; doc=json.load(sys.stdin); v=($1); print(v)"; }
# server(ID) inside an expression: the servers entry with that server_id
SERVER='(lambda i: [s for s in doc["servers"] if s["server_id"] == i][0])'
# Non-zero states of a by_state object as "STATE=n,..." sorted by name
nonzero() { echo "','.join('%s=%d' % (k, v) for k, v in sorted($1.items()) if v)"; }
# The same from SQL: rows "state<TAB>count"
sql_states() { mdb_sql "$1" | LC_ALL=C sort | awk -F '\t' '{ printf "%s%s=%s", (NR > 1 ? "," : ""), $1, $2 } END { print "" }'; }

status_json() { "$bin" "${admin[@]}" -D "$1" sync status --json; }

# ---- the parent: per-child queues and incoming records -------------------------------------
json=$(status_json openmrs_parent); rc=$?
tap_is "parent: status --json exit 0" "$rc" 0
tap_ok "parent: valid JSON" python3 -c "import json,sys; json.loads(sys.argv[1])" "$json"
tap_is "parent: role" "$(json_get 'doc["role"]' <<< "$json")" "parent"
tap_is "parent: sync_record.state is not towards a parent here" \
    "$(json_get 'doc["sync_record"]["state_is_towards_a_parent"]' <<< "$json")" "False"
tap_is "parent: identity from the GPs" "$(json_get 'doc["server_uuid"], doc["server_name"]' <<< "$json")" \
    "('$DEMO_PARENT_UUID', '$DEMO_PARENT_NAME')"
tap_is "parent: two servers, no password anywhere" \
    "$(json_get 'len(doc["servers"]), "NotARealPassword" in json.dumps(doc), "password" in json.dumps(doc)' <<< "$json")" \
    "(2, False, False)"
# The scenario: P1-P14 COMMITTED, P15 FAILED, P16-17 SENT, P18-19 NEW for A; B's copies B1-B11
# COMMITTED and B12 SENT; A's own copies (14) COMMITTED. For B: everything COMMITTED but P10
# (formentry: NOT_SUPPOSED_TO_SYNC) and P19 NEW; A's 14 copies and B's own 12 COMMITTED.
tap_is "parent: child A queue by state (scenario)" \
    "$(json_get "$(nonzero "$SERVER(1)[\"outgoing\"][\"by_state\"]")" <<< "$json")" "COMMITTED=39,FAILED=1,NEW=2,SENT=3"
tap_is "parent: child B queue by state (scenario)" \
    "$(json_get "$(nonzero "$SERVER(2)[\"outgoing\"][\"by_state\"]")" <<< "$json")" "COMMITTED=42,NEW=1,NOT_SUPPOSED_TO_SYNC=1"
for id in 1 2; do
    tap_is "parent: server $id queue equals sync_server_record" \
        "$(json_get "$(nonzero "$SERVER($id)[\"outgoing\"][\"by_state\"]")" <<< "$json")" \
        "$(sql_states "SELECT state, COUNT(*) FROM openmrs_parent.sync_server_record WHERE server_id = $id GROUP BY state")"
    tap_is "parent: server $id incoming equals sync_import" \
        "$(json_get "$(nonzero "$SERVER($id)[\"incoming\"][\"by_state\"]")" <<< "$json")" \
        "$(sql_states "SELECT state, COUNT(*) FROM openmrs_parent.sync_import WHERE source_server_id = $id GROUP BY state")"
done
tap_is "parent: incoming from A (scenario: A1-A15 but A8 imported, A16 FAILED)" \
    "$(json_get "$(nonzero "$SERVER(1)[\"incoming\"][\"by_state\"]")" <<< "$json")" "COMMITTED=14,FAILED=1"
tap_is "parent: waiting counts" "$(json_get "$SERVER(1)['outgoing']['in_queue'], $SERVER(2)['outgoing']['in_queue']" <<< "$json")" "(6, 1)"
tap_is "parent: sync_record counted by state" "$(json_get "$(nonzero 'doc["sync_record"]["by_state"]')" <<< "$json")" \
    "$(sql_states "SELECT state, COUNT(*) FROM openmrs_parent.sync_record GROUP BY state")"
oldest=$(mdb_sql "SELECT sr.record_id, DATE_FORMAT(r.timestamp, '%Y-%m-%d %H:%i:%s') FROM openmrs_parent.sync_server_record sr
                  JOIN openmrs_parent.sync_record r USING (record_id) WHERE sr.server_id = 1
                  AND sr.state IN ('NEW','PENDING_SEND','SENT','SEND_FAILED','FAILED','FAILED_AND_STOPPED','SENT_AGAIN')
                  ORDER BY sr.record_id LIMIT 1" | tr '\t' ' ')
tap_is "parent: child A's oldest waiting record" \
    "$(json_get "'%d %s' % ($SERVER(1)['outgoing']['oldest_pending']['record_id'], $SERVER(1)['outgoing']['oldest_pending']['timestamp'])" <<< "$json")" "$oldest"
tap_is "parent: its age is P15's (42352 s before the seed's now), give or take the test's run time" \
    "$(json_get "42352 <= $SERVER(1)['outgoing']['oldest_pending']['age_seconds'] < 42352 + 600" <<< "$json")" "True"
tap_is "parent: last sync states and their error flags" \
    "$(json_get "[(s['last_sync_state'], s['last_sync_state_is_error']) for s in doc['servers']]" <<< "$json")" \
    "[('FAILED', True), ('MAX_RETRY_REACHED', True)]"
tap_is "parent: sync_import rows and growth" \
    "$(json_get '[doc["sync_import"][k] for k in ("rows", "rows_last_24h", "rows_last_7d")]' <<< "$json")" \
    "[$(mdb_sql "SELECT CONCAT_WS(', ', COUNT(*), SUM(timestamp >= NOW() - INTERVAL 1 DAY), SUM(timestamp >= NOW() - INTERVAL 7 DAY)) FROM openmrs_parent.sync_import")]"
tap_is "parent: sync_import bytes from information_schema" "$(json_get 'doc["sync_import"]["bytes"]' <<< "$json")" \
    "$(mdb_sql "SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'openmrs_parent' AND TABLE_NAME = 'sync_import'")"
tap_is "parent: max retry count from the GP" "$(json_get 'doc["max_retry_count"], doc["max_retry_count_source"]' <<< "$json")" \
    "(5, 'global_property')"
tap_is "parent: all four suggested indexes absent" "$(json_get 'sum(i["missing"] for i in doc["indexes"])' <<< "$json")" "4"

text=$("$bin" "${admin[@]}" -D openmrs_parent sync status); rc=$?
tap_is "parent: text exit 0" "$rc" 0
tap_like "parent: text names child A" "$text" 'Child "Demo Child A (Health Centre)" (server 1, type CHILD)'
tap_like "parent: text counts" "$text" "to it (sync_server_record): 45 record(s), 6 waiting"
tap_like "parent: text mentions absent indexes in one line" "$text" "4 suggested index(es) absent: see \`sync indexes\`"
tap_unlike "parent: text has no password" "$text" "NotARealPassword"

# ---- the children ----------------------------------------------------------------------------
json_a=$(status_json openmrs_child_a)
tap_is "child A: role" "$(json_get 'doc["role"]' <<< "$json_a")" "child"
tap_is "child A: queue to the parent is sync_record (scenario)" \
    "$(json_get "$(nonzero "$SERVER(1)[\"outgoing\"][\"by_state\"]")" <<< "$json_a")" \
    "COMMITTED=39,FAILED=1,NEW=4,NOT_SUPPOSED_TO_SYNC=1,SEND_FAILED=3,SENT_AGAIN=2"
tap_is "child A: source" "$(json_get "$SERVER(1)['outgoing']['source']" <<< "$json_a")" "sync_record"
tap_is "child A: one transmission failure in 24 h, with its error" \
    "$(json_get 'doc["transmission_log"]["failures_last_24h"], doc["transmission_log"]["recent_failures"][0]["error_message"]' <<< "$json_a")" \
    "(1, 'java.net.SocketException: Connection reset')"
json_b=$(status_json openmrs_child_b)
tap_is "child B: the FAILED_AND_STOPPED record blocks the parent queue" \
    "$(json_get "[(b['record_id'], b['uuid'], b['retry_count']) for b in $SERVER(1)['outgoing']['blocked']]" <<< "$json_b")" \
    "[$(mdb_sql "SELECT CONCAT('(', record_id, \", '\", uuid, \"', \", retry_count, ')') FROM openmrs_child_b.sync_record WHERE state = 'FAILED_AND_STOPPED'")]"
tap_is "child B: no failure in 24 h, the older one listed" \
    "$(json_get 'doc["transmission_log"]["failures_last_24h"], len(doc["transmission_log"]["recent_failures"])' <<< "$json_b")" "(0, 1)"
for db in openmrs_parent openmrs_child_a openmrs_child_b; do
    long=$("$bin" "${admin[@]}" -D $db sync status | awk 'length > 80')
    tap_is "$db: text fits 80 columns" "$long" ""
done

# ---- read-only, SELECT-only account ----------------------------------------------------------
for db in openmrs_parent openmrs_child_b; do
    ro=$("$bin" "${monitor[@]}" -D $db sync status --json); rc=$?
    tap_is "$db: -R with the SELECT-only account: exit 0" "$rc" 0
    tap_ok "$db: -R with the SELECT-only account: same model" python3 -c "
import json,sys
a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2])
for d in (a,b): d.pop('now')
for d in (a,b):
    for s in d['servers']:
        s.pop('last_sync_age_seconds'); o=s['outgoing']['oldest_pending']
        if o: o.pop('age_seconds')
sys.exit(0 if a==b else 1)" "$(status_json $db)" "$ro"
done

# ---- check ------------------------------------------------------------------------------------
out=$("$bin" "${monitor[@]}" -D openmrs_child_b sync check); rc=$?
tap_is "check child B: CRITICAL exit 2" "$rc" 2
tap_is "check child B: first line" "$(head -n1 <<< "$out")" \
    "SYNC CRITICAL - parent \"$DEMO_PARENT_NAME\": 1 record(s) FAILED_AND_STOPPED block the queue (first: record $(mdb_sql "SELECT record_id FROM openmrs_child_b.sync_record WHERE state = 'FAILED_AND_STOPPED'"))"
out=$("$bin" "${monitor[@]}" -D openmrs_parent sync check); rc=$?
tap_is "check parent: WARNING exit 1" "$rc" 1
tap_like "check parent: child A's last sync" "$out" "WARNING: child \"$DEMO_CHILD_A_NAME\": last sync FAILED ("
tap_like "check parent: child B's last sync" "$out" "WARNING: child \"$DEMO_CHILD_B_NAME\": last sync MAX_RETRY_REACHED ("
tap_like "check parent: failed imports" "$out" "WARNING: child \"$DEMO_CHILD_A_NAME\": 1 incoming record(s) FAILED to apply here"
tap_is "check parent: no CRITICAL line" "$(grep -c '^CRITICAL' <<< "$out")" "0"
out=$("$bin" "${monitor[@]}" -D openmrs_child_a sync check --thresholds backlog_warn=5,backlog_crit=100); rc=$?
tap_is "check child A, backlog_warn=5: WARNING" "$rc" 1
tap_like "check child A: backlog reason" "$out" "WARNING: parent \"$DEMO_PARENT_NAME\": 10 record(s) waiting to be sent"
out=$("$bin" "${monitor[@]}" -D openmrs_child_a sync check --thresholds backlog_warn=5,backlog_crit=10); rc=$?
tap_is "check child A, backlog_crit=10: CRITICAL" "$rc" 2
out=$("$bin" "${monitor[@]}" -D openmrs_child_a sync check --thresholds age_warn=17,age_crit=0); rc=$?
tap_like "check child A, age_warn=17: the 17 h old record" "$out" "WARNING: parent \"$DEMO_PARENT_NAME\": oldest waiting record"
out=$("$bin" "${monitor[@]}" -D openmrs_child_a sync check --thresholds age_warn=17,bogus=2 2>&1); rc=$?
tap_is "check: bad --thresholds is a usage error" "$rc" 2
tap_like "check: it names the bad item" "$out" "--thresholds: 'bogus=2' is not a threshold name"
out=$("$bin" "${monitor[@]}" -D openmrs_child_a sync check --thresholds age_warn=9,age_crit=3 2>&1); rc=$?
tap_like "check: warn above crit refused" "$out" "age_warn (9) is above age_crit (3)"
out=$("$bin" "${monitor[@]}" -D openmrs_child_a sync check --json); rc=$?
tap_is "check --json: same exit status" "$rc" 1
tap_is "check --json: status and reasons" "$(json_get 'doc["status"], doc["exit_status"], len(doc["reasons"]) > 0' <<< "$out")" "('WARNING', 1, True)"

# A child's record stopped on the parent: blocked with its error, CRITICAL.
mdb_sql "UPDATE openmrs_parent.sync_server_record SET state = 'FAILED_AND_STOPPED', retry_count = 5 WHERE server_id = 1 AND state = 'FAILED';
         UPDATE openmrs_parent.sync_server_record SET retry_count = 4 WHERE server_id = 2 AND state = 'NEW'"
stopped=$(mdb_sql "SELECT record_id FROM openmrs_parent.sync_server_record WHERE server_id = 1 AND state = 'FAILED_AND_STOPPED'")
json=$("$bin" "${monitor[@]}" -D openmrs_parent sync status --json)
tap_is "stopped on the parent: blocked for child A with its error" \
    "$(json_get "[(b['record_id'], b['error_message'].startswith('org.openmrs.api.ValidationException')) for b in $SERVER(1)['outgoing']['blocked']]" <<< "$json")" \
    "[($stopped, True)]"
tap_is "stopped on the parent: uuid and classes of the record" \
    "$(json_get "$SERVER(1)['outgoing']['blocked'][0]['uuid'], $SERVER(1)['outgoing']['blocked'][0]['contained_classes']" <<< "$json")" \
    "$(mdb_sql "SELECT CONCAT(\"('\", uuid, \"', '\", contained_classes, \"')\") FROM openmrs_parent.sync_record WHERE record_id = $stopped")"
tap_is "retry_count 4 of 5: one record about to stop for child B" \
    "$(json_get "$SERVER(2)['outgoing']['about_to_stop'], $SERVER(1)['outgoing']['about_to_stop']" <<< "$json")" "(1, 0)"
text=$("$bin" "${monitor[@]}" -D openmrs_parent sync status)
tap_like "stopped on the parent: text shows it blocked" "$text" "BLOCKED by 1 FAILED_AND_STOPPED record(s):
      record $stopped of "
tap_like "stopped on the parent: text shows the error" "$text" "        error: org.openmrs.api.ValidationException: 'Location: Maternity Ward'"
out=$("$bin" "${monitor[@]}" -D openmrs_parent sync check); rc=$?
tap_is "stopped on the parent: check CRITICAL exit 2" "$rc" 2
tap_like "stopped on the parent: first line" "$(head -n1 <<< "$out")" \
    "SYNC CRITICAL - child \"$DEMO_CHILD_A_NAME\": 1 record(s) FAILED_AND_STOPPED block the queue (first: record $stopped: org.openmrs.api.ValidationException"
tap_like "about to stop: a WARNING" "$out" "WARNING: child \"$DEMO_CHILD_B_NAME\": 1 record(s) one failed round from FAILED_AND_STOPPED"

# Fixed: the record applied, both children synced fine, failed imports retried: OK.
mdb_sql "UPDATE openmrs_parent.sync_server_record SET state = 'COMMITTED', error_message = NULL WHERE state = 'FAILED_AND_STOPPED';
         UPDATE openmrs_parent.sync_server_record SET retry_count = 0 WHERE server_id = 2 AND state = 'NEW';
         UPDATE openmrs_parent.sync_server SET last_sync_state = 'OK';
         UPDATE openmrs_parent.sync_import SET state = 'COMMITTED', error_message = NULL WHERE state = 'FAILED'"
out=$("$bin" "${monitor[@]}" -D openmrs_parent sync check); rc=$?
tap_is "fixed parent: check OK exit 0" "$rc" 0
tap_is "fixed parent: the line" "$out" "SYNC OK - no problems found"
mdb_sql "UPDATE openmrs_parent.sync_server SET disabled = 1, last_sync_state = 'CONNECTION_FAILED' WHERE server_id = 2"
out=$("$bin" "${monitor[@]}" -D openmrs_parent sync check); rc=$?
tap_is "disabled child with a failed sync: still OK" "$rc" 0
tap_like "disabled child: noted" "$out" "NOTE: child \"$DEMO_CHILD_B_NAME\" is disabled"
mdb_sql "UPDATE openmrs_parent.sync_server SET disabled = 0, last_sync_state = 'OK' WHERE server_id = 2"

# ---- indexes ----------------------------------------------------------------------------------
ours() { mdb_sql "SELECT COUNT(DISTINCT TABLE_NAME, INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'openmrs_parent' AND INDEX_NAME LIKE 'omrs\\_%'"; }
theirs() { mdb_sql "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'openmrs_parent' AND INDEX_NAME NOT LIKE 'omrs\\_%' AND TABLE_NAME LIKE 'sync\\_%'"; }
theirs_before=$(theirs)
before=$("$bin" "${admin[@]}" -D openmrs_parent sync status --json)

out=$("$bin" "${admin[@]}" -D openmrs_parent sync indexes); rc=$?
tap_is "indexes: list exit 0" "$rc" 0
tap_like "indexes: lists the composite index as absent" "$out" "omrs_ssr_server_state_record: ABSENT
    ON sync_server_record (server_id, state, record_id)"
out=$("$bin" -R "${admin[@]}" -D openmrs_parent sync indexes add --yes 2>&1); rc=$?
tap_is "indexes add with -R: refused, exit 1" "$rc" 1
tap_like "indexes add with -R: says why" "$out" "refused: sync indexes add changes the database and -R is set"
tap_is "indexes add with -R: nothing created" "$(ours)" "0"
out=$("$bin" "${admin[@]}" -D openmrs_parent sync indexes add --dry-run); rc=$?
tap_is "indexes add --dry-run: exit 0" "$rc" 0
tap_like "indexes add --dry-run: the exact SQL" "$out" 'CREATE INDEX `omrs_ssr_server_state_record` ON `sync_server_record` (`server_id`, `state`, `record_id`) ALGORITHM=INPLACE LOCK=NONE;'
tap_is "indexes add --dry-run: four statements" "$(grep -c '^CREATE INDEX' <<< "$out")" "4"
tap_is "indexes add --dry-run: nothing created" "$(ours)" "0"
out=$("$bin" "${admin[@]}" -D openmrs_parent sync indexes add < /dev/null 2>&1); rc=$?
tap_is "indexes add without a terminal or --yes: not done" "$(ours)" "0"
out=$("$bin" "${admin[@]}" -D openmrs_parent sync indexes add --yes); rc=$?
tap_is "indexes add --yes: exit 0" "$rc" 0
tap_like "indexes add --yes: says so" "$out" "done: 4 index(es) created"
tap_is "indexes add --yes: four of ours in information_schema" "$(ours)" "4"
tap_is "indexes add --yes: the composite's columns in order" \
    "$(mdb_sql "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'openmrs_parent' AND TABLE_NAME = 'sync_server_record' AND INDEX_NAME = 'omrs_ssr_server_state_record'")" \
    "server_id,state,record_id"
tap_is "indexes add --yes: audited start and done" \
    "$(grep -c 'sync indexes add' "$OMRS_AUDIT_LOG") $(grep -cE '[[:space:]]done[[:space:]]sync indexes add: done; 4 of 4 ' "$OMRS_AUDIT_LOG")" "2 1"
after=$("$bin" "${admin[@]}" -D openmrs_parent sync status --json)
tap_ok "with the indexes: the same counts" python3 -c "
import json,sys
a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2])
strip=lambda d: json.dumps([d['sync_record'], [(s['outgoing']['by_state'], s['incoming']['by_state'], s['outgoing']['oldest_pending']['record_id'] if s['outgoing']['oldest_pending'] else None) for s in d['servers']], d['sync_import']['rows']], sort_keys=True)
sys.exit(0 if strip(a)==strip(b) else 1)" "$before" "$after"
tap_unlike "with the indexes: status no longer mentions them" "$("$bin" "${admin[@]}" -D openmrs_parent sync status)" "suggested index"
out=$("$bin" "${admin[@]}" -D openmrs_parent sync indexes add --yes); rc=$?
tap_like "indexes add again: nothing to do" "$out" "nothing to do"
out=$("$bin" "${admin[@]}" -D openmrs_parent sync indexes drop --dry-run)
tap_like "indexes drop --dry-run: the exact SQL" "$out" 'DROP INDEX `omrs_stl_status_run_at` ON `sync_transmission_log`;'
tap_is "indexes drop --dry-run: nothing dropped" "$(ours)" "4"
out=$("$bin" -R "${admin[@]}" -D openmrs_parent sync indexes drop --yes 2>&1); rc=$?
tap_is "indexes drop with -R: refused" "$rc $(ours)" "1 4"
out=$("$bin" "${admin[@]}" -D openmrs_parent sync indexes drop --yes); rc=$?
tap_is "indexes drop --yes: exit 0, all ours gone" "$rc $(ours)" "0 0"
tap_is "indexes drop --yes: the module's own indexes untouched" "$(theirs)" "$theirs_before"
# Someone's own equivalent index counts as present: nothing to add for it.
mdb_sql "CREATE INDEX site_ssr ON openmrs_parent.sync_server_record (server_id, state, record_id, retry_count)"
out=$("$bin" "${admin[@]}" -D openmrs_parent sync indexes)
tap_like "an equivalent index is recognised" "$out" "omrs_ssr_server_state_record: covered by index site_ssr"
out=$("$bin" "${admin[@]}" -D openmrs_parent sync indexes add --dry-run)
tap_unlike "an equivalent index is not duplicated" "$out" "omrs_ssr_server_state_record"
out=$("$bin" "${admin[@]}" -D openmrs_parent sync indexes add bogus_index --dry-run 2>&1); rc=$?
tap_is "indexes add with an unknown name: usage error" "$rc" 2
tap_like "indexes add with an unknown name: names it" "$out" "'bogus_index' is not one of our indexes"

# ---- no sync tables, bad arguments --------------------------------------------------------------
mdb_sql "CREATE DATABASE plain_db; CREATE TABLE plain_db.t (id INT)"
for sub in status check indexes; do
    out=$("$bin" "${monitor[@]}" -D plain_db sync $sub 2>&1); rc=$?
    # check answers as monitoring plugins do: 3 (UNKNOWN) when the state cannot be read
    tap_is "no sync tables: sync $sub exit $([ $sub = check ] && echo 3 || echo 1)" "$rc" "$([ $sub = check ] && echo 3 || echo 1)"
    tap_like "no sync tables: sync $sub says so" "$out" "the Sync module's tables are not in database plain_db"
done
out=$("$bin" "${monitor[@]}" -D plain_db sync check 2>/dev/null)
tap_like "check that cannot read: SYNC UNKNOWN on stdout" "$out" "SYNC UNKNOWN - the Sync module's tables are not in database plain_db"
# Only the three tables `sync status` needs (a module before 1.4.0 without sync_import's log
# tables, no servers): it still works and says what is not there.
mdb_sql "CREATE DATABASE old_sync; CREATE TABLE old_sync.global_property LIKE openmrs_parent.global_property;
         CREATE TABLE old_sync.sync_server LIKE openmrs_parent.sync_server;
         CREATE TABLE old_sync.sync_record LIKE openmrs_parent.sync_record;
         CREATE TABLE old_sync.sync_server_record LIKE openmrs_parent.sync_server_record"
out=$("$bin" "${monitor[@]}" -D old_sync sync status); rc=$?
tap_is "only the core sync tables: status exit 0" "$rc" 0
tap_like "only the core sync tables: no log table said" "$out" "Transmission log: no sync_transmission_log table"
tap_like "only the core sync tables: role none, default retry count" "$out" "role none
  max retry count 5 (default: sync.max_retry_count is not set)"
out=$("$bin" "${monitor[@]}" -D old_sync sync check); rc=$?
tap_is "only the core sync tables: check OK with a note" "$rc:$out" "0:SYNC OK - no problems found
NOTE: no sync servers configured (sync_server is empty)"

out=$("$bin" "${admin[@]}" -D openmrs_parent sync status extra 2>&1); rc=$?
tap_is "status with an extra argument: usage error" "$rc" 2
tap_like "status with an extra argument: names it" "$out" "sync status: unexpected argument 'extra'"
out=$("$bin" "${admin[@]}" -D openmrs_parent sync indexes create 2>&1); rc=$?
tap_like "indexes with an unknown action: names it" "$out" "sync indexes: unknown action 'create' (there are: add, drop)"

tap_done
