#!/usr/bin/env bash
# The Sync scale-data generator (tests/lib/demo.sh demo_generate_records, sql/demo/sync-generate.sql)
# on the demo parent: exact row counts, the state of every generated row against the rules of the
# SQL file's header restated here in awk, the blocked queue of the first child, payloads that parse
# as the module's XML (sync-module.md §4) and agree with contained_classes, unique uuids, intact
# references, the same output for the same DEMO_NOW, refusals that change nothing, and
# scripts/demo --records refusing what is not a number.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
export DEMO_NOW='2026-11-20 12:00:00'
N=20000 C=3
test_start_db
demo_seed || tap_bail "cannot seed the demo"
p() { mdb_sql "USE openmrs_parent; $1"; }

count_tables() { # the row counts the generator adds to, one line
    p "SELECT (SELECT COUNT(*) FROM sync_record), (SELECT COUNT(*) FROM sync_server_record),
              (SELECT COUNT(*) FROM sync_import), (SELECT COUNT(*) FROM sync_transmission_log),
              (SELECT COUNT(*) FROM sync_server WHERE server_type = 'CHILD'), (SELECT COUNT(*) FROM sync_server_class),
              (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM person)"
}
read -r rec0 ssr0 imp0 log0 child0 ssc0 users0 person0 <<< "$(count_tables)"
base=$(p "SELECT MAX(record_id) FROM sync_record")
imp_id0=$(p "SELECT MAX(sync_import_id) FROM sync_import")
classes=$(p "SELECT COUNT(*) FROM sync_class")
tap_is "the demo has 2 children before" "$child0" 2

out=$(demo_generate_records openmrs_parent "$N" "$C" 2>&1); rc=$?
tap_is "generate $N records for $C children: exit 0" "$rc" 0
tap_is "generate: prints nothing" "$out" ""

# What the header says, in shell arithmetic.
span=$(( N * 60 < 15552000 ? N * 60 : 15552000 ))
b0=$(( N - (43200 * N + span - 1) / span ))
block=$(( b0 < 1 ? 1 : (b0 % 10 >= 6 ? b0 - (b0 % 10 - 5) : b0) ))
incoming=$(( N / 10 * 4 + (N % 10 > 5 ? N % 10 - 5 : 0) ))
refused=$(( N >= 250 ? (N - 250) / 500 + 1 : 0 ))
logs=$(( N / 1000 > 1 ? N / 1000 : 1 ))
read -r rec1 ssr1 imp1 log1 child1 ssc1 users1 person1 <<< "$(count_tables)"
tap_is "sync_record: N more" "$rec1" $((rec0 + N))
tap_is "sync_server_record: one per record and child" "$ssr1" $((ssr0 + N * C))
tap_is "sync_import: one per incoming record and one refused per 500" "$imp1" $((imp0 + incoming + refused))
tap_is "sync_transmission_log: one FAILURE per 1000" "$log1" $((log0 + logs))
tap_is "sync_transmission_log: FAILURE rows only" "$(p "SELECT GROUP_CONCAT(DISTINCT status) FROM sync_transmission_log")" FAILURE
tap_is "a third CHILD server" "$child1" 3
tap_is "third child: its class list (one row per sync_class)" "$ssc1" $((ssc0 + classes))
tap_is "third child: its account (users, person)" "$((users1 - users0)) $((person1 - person0))" "1 1"
tap_is "third child: row as the add-child form makes it" \
    "$(p "SELECT CONCAT_WS('|', s.nickname, s.address, s.username, s.password, s.disabled, s.child_username, u.username, r.role)
            FROM sync_server s JOIN users u ON u.username = s.child_username JOIN user_role r ON r.user_id = u.user_id
           WHERE s.server_id = 3")" \
    "Demo Child C (Dispensary)|N/A|N/A|N/A|0|sync_child_c|sync_child_c|System Developer"
tap_is "record ids follow the demo's" "$(p "SELECT MIN(record_id), MAX(record_id) FROM sync_record WHERE record_id > $base")" \
    "$((base + 1))	$((base + N))"
tap_is "timestamps: in record order, 1 minute apart, the newest at DEMO_NOW" \
    "$(p "SELECT SUM(timestamp <> '$DEMO_NOW' - INTERVAL ((${N} - (record_id - $base)) * 60) SECOND) FROM sync_record WHERE record_id > $base")" 0

# Every state, in both tables; the exact count of each, as the header's rules give them.
all_states="ALREADY_COMMITTED COMMITTED COMMITTED_AND_CONFIRMATION_SENT FAILED FAILED_AND_STOPPED NEW NOT_SUPPOSED_TO_SYNC PENDING_SEND REJECTED SEND_FAILED SENT SENT_AGAIN"
tap_is "sync_record: every SyncRecordState present" \
    "$(p "SELECT GROUP_CONCAT(DISTINCT state ORDER BY state SEPARATOR ' ') FROM sync_record WHERE record_id > $base")" "$all_states"
tap_is "sync_server_record: every SyncRecordState present" \
    "$(p "SELECT GROUP_CONCAT(DISTINCT state ORDER BY state SEPARATOR ' ') FROM sync_server_record WHERE record_id > $base")" "$all_states"
oracle() { # server rank 0 (sync_record) .. C: "state count" lines, sorted
    awk -v n="$N" -v c="$C" -v k="$1" -v block="$block" -v span="$span" '
        function queued(r) { return r < 100 ? "SENT" : r < 150 ? "SENT_AGAIN" : r < 160 ? "PENDING_SEND" : r < 200 ? "SEND_FAILED" : r < 215 ? "FAILED" : "NEW" }
        function settled(r) { return r < 40 ? "NOT_SUPPOSED_TO_SYNC" : r < 50 ? "ALREADY_COMMITTED" : r < 55 ? "COMMITTED_AND_CONFIRMATION_SENT" : r < 65 ? "REJECTED" : "COMMITTED" }
        BEGIN {
            tail = (k <= 1) ? block : n - int((1800 * (2 * k - 3) * n + span - 1) / span)
            for (i = 1; i <= n; i++) {
                origin = (i % 10 < 6) ? 0 : 1 + (i % 10 - 6) % c
                r = (i * 7919 + 331 * k) % 1000
                if (k > 0 && origin == k) s = "COMMITTED"
                else if (k <= 1 && i == block) s = "FAILED_AND_STOPPED"
                else s = (i > tail) ? queued(r) : settled(r)
                count[s]++
            }
            for (s in count) print s "\t" count[s]
        }' | LC_ALL=C sort
}
tap_is "sync_record: count per state" \
    "$(p "SELECT state, COUNT(*) FROM sync_record WHERE record_id > $base GROUP BY state ORDER BY state")" "$(oracle 0)"
for k in $(seq 1 $C); do
    tap_is "sync_server_record, child $k: count per state" \
        "$(p "SELECT state, COUNT(*) FROM sync_server_record WHERE record_id > $base AND server_id = $k GROUP BY state ORDER BY state")" \
        "$(oracle "$k")"
done
tap_is "retry counts: as the header's table says" \
    "$(p "SELECT COUNT(*) FROM sync_record WHERE record_id > $base AND NOT (
            (state IN ('NEW', 'PENDING_SEND', 'NOT_SUPPOSED_TO_SYNC') AND retry_count = 0)
         OR (state IN ('SENT', 'COMMITTED_AND_CONFIRMATION_SENT', 'REJECTED') AND retry_count = 1)
         OR (state = 'SENT_AGAIN' AND retry_count BETWEEN 2 AND 4) OR (state = 'SEND_FAILED' AND retry_count BETWEEN 0 AND 2)
         OR (state = 'FAILED' AND retry_count BETWEEN 1 AND 4) OR (state = 'FAILED_AND_STOPPED' AND retry_count = 5)
         OR (state = 'ALREADY_COMMITTED' AND retry_count = 2) OR (state = 'COMMITTED' AND retry_count IN (1, 2)))")" 0

# The blocked queue: child 1's FAILED_AND_STOPPED record, and nothing of its queue delivered after it.
tap_is "blocked: the one FAILED_AND_STOPPED server row is child 1's, at the expected record" \
    "$(p "SELECT server_id, record_id, retry_count, error_message <> '' FROM sync_server_record WHERE state = 'FAILED_AND_STOPPED'")" \
    "1	$((base + block))	5	1"
tap_is "blocked: the same record is FAILED_AND_STOPPED in sync_record" \
    "$(p "SELECT record_id, retry_count, uuid = original_uuid FROM sync_record WHERE state = 'FAILED_AND_STOPPED'")" "$((base + block))	5	1"
behind=$(p "SELECT COUNT(*), SUM(sr.state IN ('NEW', 'PENDING_SEND', 'SENT', 'SEND_FAILED', 'FAILED', 'SENT_AGAIN'))
              FROM sync_server_record sr JOIN sync_record r ON r.record_id = sr.record_id
              LEFT JOIN sync_import i ON i.uuid = r.original_uuid AND r.uuid <> r.original_uuid
             WHERE sr.server_id = 1 AND COALESCE(i.source_server_id, 0) <> 1
               AND r.timestamp > (SELECT timestamp FROM sync_record WHERE state = 'FAILED_AND_STOPPED')")
own_after=$(awk -v n="$N" -v c="$C" -v b="$block" 'BEGIN { for (i = b + 1; i <= n; i++) if (i % 10 >= 6 && (i % 10 - 6) % c == 0) k++; print k + 0 }')
demo_behind=$(p "SELECT COUNT(*) FROM sync_server_record sr JOIN sync_record r ON r.record_id = sr.record_id
                  WHERE sr.server_id = 1 AND r.record_id <= $base AND sr.state <> 'COMMITTED'
                    AND r.timestamp > '$DEMO_NOW' - INTERVAL $(( (N - block) * span / N )) SECOND")
tap_is "blocked: every later record for child 1 is still queued" "$behind" \
    "$((N - block - own_after + demo_behind))	$((N - block - own_after + demo_behind))"
tap_is "queued error rows carry a message" \
    "$(p "SELECT COUNT(*) FROM sync_server_record WHERE record_id > $base AND (state IN ('FAILED', 'FAILED_AND_STOPPED')) <> (error_message IS NOT NULL)")" 0

# Identity: unique uuids, local vs incoming, each incoming record's import and sender.
tap_is "sync_record: uuid and original_uuid unique" \
    "$(p "SELECT COUNT(*) - COUNT(DISTINCT uuid), COUNT(*) - COUNT(DISTINCT original_uuid) FROM sync_record")" "0	0"
tap_is "sync_import: uuid unique" "$(p "SELECT COUNT(*) - COUNT(DISTINCT uuid) FROM sync_import")" 0
tap_is "uuids: 36 characters, version 4 shape" \
    "$(p "SELECT COUNT(*) FROM sync_record WHERE record_id > $base AND NOT (uuid REGEXP '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\$'
                                                  AND original_uuid REGEXP '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\$')")" 0
tap_is "incoming records: original_uuid differs, in the expected number" \
    "$(p "SELECT COUNT(*) FROM sync_record WHERE record_id > $base AND uuid <> original_uuid")" "$incoming"
tap_is "incoming records: each has its sync_import row, COMMITTED or ALREADY_COMMITTED, and its sender's row is COMMITTED" \
    "$(p "SELECT COUNT(*) FROM sync_record r JOIN sync_import i ON i.uuid = r.original_uuid
            JOIN sync_server_record sr ON sr.record_id = r.record_id AND sr.server_id = i.source_server_id
           WHERE r.record_id > $base AND r.uuid <> r.original_uuid AND i.state IN ('COMMITTED', 'ALREADY_COMMITTED')
             AND sr.state = 'COMMITTED' AND sr.retry_count = 0 AND i.payload IS NULL AND i.timestamp < r.timestamp")" "$incoming"
tap_is "incoming records: created by the sending child's account" \
    "$(p "SELECT COUNT(*) FROM sync_record r JOIN sync_import i ON i.uuid = r.original_uuid JOIN sync_server s ON s.server_id = i.source_server_id
            JOIN users u ON u.username = s.child_username
           WHERE r.record_id > $base AND r.uuid <> r.original_uuid AND r.creator = u.uuid")" "$incoming"
tap_is "sync_import: the refused ones" \
    "$(p "SELECT state, COUNT(*), SUM(error_message IS NOT NULL) FROM sync_import i
           WHERE sync_import_id > $imp_id0 AND NOT EXISTS (SELECT 1 FROM sync_record r WHERE r.original_uuid = i.uuid)
           GROUP BY state ORDER BY state")" \
    "$(awk -v n="$N" 'BEGIN { split("FAILED REJECTED NOT_SUPPOSED_TO_SYNC FAILED", name, " ")
                              for (i = 250; i <= n; i += 500) c[name[1 + int(i / 500) % 4]]++
                              for (s in c) print s "\t" c[s] "\t" (s == "FAILED" ? c[s] : 0) }' | LC_ALL=C sort)"

# References: nothing points nowhere.
tap_is "references: server records -> records, servers" \
    "$(p "SELECT COUNT(*) FROM sync_server_record sr LEFT JOIN sync_record r ON r.record_id = sr.record_id
            LEFT JOIN sync_server s ON s.server_id = sr.server_id WHERE r.record_id IS NULL OR s.server_id IS NULL")" 0
tap_is "references: every new record has exactly one row per child" \
    "$(p "SELECT COUNT(*) FROM (SELECT record_id FROM sync_server_record WHERE record_id > $base GROUP BY record_id
                                 HAVING COUNT(*) <> $C OR COUNT(DISTINCT server_id) <> $C) x")" 0
tap_is "references: imports, logs, class lists, accounts" \
    "$(p "SELECT (SELECT COUNT(*) FROM sync_import i LEFT JOIN sync_server s ON s.server_id = i.source_server_id WHERE s.server_id IS NULL)
               + (SELECT COUNT(*) FROM sync_transmission_log t LEFT JOIN sync_server s ON s.server_id = t.server_id
                   LEFT JOIN users u ON u.user_id = t.run_by WHERE s.server_id IS NULL OR u.user_id IS NULL)
               + (SELECT COUNT(*) FROM sync_server_class c LEFT JOIN sync_server s ON s.server_id = c.server_id
                   LEFT JOIN sync_class k ON k.class_id = c.class_id WHERE s.server_id IS NULL OR k.class_id IS NULL)
               + (SELECT COUNT(*) FROM users u LEFT JOIN person p ON p.person_id = u.person_id WHERE p.person_id IS NULL)")" 0
tap_is "no helper functions left behind" \
    "$(mdb_sql "SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = 'openmrs_parent' AND routine_name LIKE 'gen\\_%'")" 0

# Payloads: <items> of <SyncItem containedType key state><content>CDATA</content>, the CDATA an
# element named after containedType with typed properties; classes = contained_classes.
p "SELECT record_id, contained_classes, payload FROM sync_record WHERE record_id > $base" > "$MDB_DIR/payloads.tsv"
tap_is "payloads: every one parses and matches contained_classes" "$(python3 - "$MDB_DIR/payloads.tsv" <<'PY'
import sys, xml.etree.ElementTree as ET
bad, n = [], 0
for line in open(sys.argv[1], encoding='utf-8'):
    rid, classes, payload = line.rstrip('\n').split('\t')
    n += 1
    try:
        root = ET.fromstring(payload)
        assert root.tag == 'items' and len(root) > 0, 'root'
        owners = set()
        for item in root:
            assert item.tag == 'SyncItem' and item.get('state') in ('NEW', 'UPDATED', 'DELETED') and item.get('key'), 'item'
            ctype = item.get('containedType')
            (content,) = list(item)
            entity = ET.fromstring(content.text)
            assert content.tag == 'content' and entity.tag == ctype, 'content'
            if ctype.startswith('org.hibernate.collection.'):
                owners.add(entity.find('owner').get('type'))
                assert item.get('key') == entity.find('owner').get('uuid') + '|' + entity.find('owner').get('properyName'), 'collection key'
            else:
                owners.add(ctype)
                assert all(p.get('type') for p in entity), 'typed properties'
                assert entity.find('uuid').text == item.get('key'), 'key = uuid'
                if item.get('state') == 'DELETED':
                    assert [p.tag for p in entity] == ['uuid'], 'DELETED carries only the uuid'
        assert owners == set(classes.split(',')), 'contained_classes %s vs %s' % (sorted(owners), classes)
    except Exception as e:
        bad.append('%s: %s' % (rid, e))
print('%d parsed, %d bad %s' % (n, len(bad), bad[:3]))
PY
)" "$N parsed, 0 bad []"
tap_is "payloads: sizes as module rows (one item up to a user with its credentials)" \
    "$(p "SELECT MIN(LENGTH(payload)) > 150, MAX(LENGTH(payload)) < 8000 FROM sync_record WHERE record_id > $base")" "1	1"
if command -v xmllint > /dev/null; then
    p "SELECT payload FROM sync_record WHERE record_id = $((base + block))" > "$MDB_DIR/one.xml"
    tap_ok "payloads: xmllint accepts the blocked record's" xmllint --noout "$MDB_DIR/one.xml"
else
    tap_skip "xmllint not installed"
fi

# Same DEMO_NOW, same database: the same rows.
sums() { p "CHECKSUM TABLE sync_record, sync_server_record, sync_import, sync_transmission_log, sync_server, users" | cut -f2 | tr '\n' ' '; }
first=$(sums)
demo_seed || tap_bail "cannot seed the demo again"
demo_generate_records openmrs_parent "$N" "$C" || tap_bail "second generation failed"
tap_is "deterministic: a second run gives the same tables" "$(sums)" "$first"

# Refusals: clear message, non-zero, nothing changed.
mdb_sql "CREATE DATABASE no_sync; CREATE TABLE no_sync.sync_record (record_id INT PRIMARY KEY)"
out=$(demo_generate_records no_sync 10 2>&1); rc=$?
tap_is "no Sync tables: exit 1" "$rc" 1
tap_like "no Sync tables: says which are missing" "$out" \
    "database 'no_sync' lacks the Sync module's tables (sync_server_record, sync_server, sync_class, sync_server_class, sync_import, sync_transmission_log)"
tap_is "no Sync tables: nothing created" "$(mdb_sql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'no_sync'")" 1
out=$(demo_generate_records nowhere 10 2>&1); rc=$?
tap_is "missing database: exit 1 and says so" "$rc: $out" "1: demo_generate_records: database 'nowhere' does not exist"
for bad in abc 0 -3 1e5; do
    out=$(demo_generate_records openmrs_parent "$bad" 2>&1); rc=$?
    tap_is "N '$bad': refused" "$rc: $out" "2: demo_generate_records: N must be a whole number from 1 to 99999999, not '$bad'"
done
out=$(demo_generate_records openmrs_parent 10 99 2>&1); rc=$?
tap_is "CHILDREN 99: refused" "$rc: $out" "2: demo_generate_records: CHILDREN must be a number from 0 to 26, not '99'"
# A failure half-way (a record uuid the run will make is already taken on child A): rolled back.
before=$(mdb_sql "USE openmrs_child_a; SELECT (SELECT COUNT(*) FROM sync_record), (SELECT COUNT(*) FROM sync_server),
                  (SELECT COUNT(*) FROM sync_server_record), (SELECT COUNT(*) FROM users)")
mdb_sql "USE openmrs_child_a; SET @k = MD5(CONCAT('omrs-console-gen:r:', (SELECT MAX(record_id) FROM sync_record) + 3));
         UPDATE sync_record SET uuid = INSERT(INSERT(INSERT(INSERT(INSERT(INSERT(@k, 13, 1, '4'), 17, 1, 'a'), 9, 0, '-'), 14, 0, '-'), 19, 0, '-'), 24, 0, '-')
          ORDER BY record_id LIMIT 1"
out=$(demo_generate_records openmrs_child_a 100 2 2>&1); rc=$?
tap_is "failure half-way: exit 1" "$rc" 1
tap_like "failure half-way: says what failed" "$out" "Duplicate entry"
tap_is "failure half-way: nothing added (records, servers, server records, users)" \
    "$(mdb_sql "USE openmrs_child_a; SELECT (SELECT COUNT(*) FROM sync_record), (SELECT COUNT(*) FROM sync_server),
                (SELECT COUNT(*) FROM sync_server_record), (SELECT COUNT(*) FROM users)")" "$before"
tap_is "failure half-way: no helper functions left behind" \
    "$(mdb_sql "SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = 'openmrs_child_a' AND routine_name LIKE 'gen\\_%'")" 0

# scripts/demo --records: checked before anything is built or started.
for bad in abc 0 12x; do
    out=$(OMRS_CONSOLE=/bin/false "$OMRS_SRCDIR/scripts/demo" --records "$bad" 2>&1); rc=$?
    tap_is "scripts/demo --records $bad: exit 2" "$rc" 2
    tap_like "scripts/demo --records $bad: says why" "$out" "--records must be a whole number from 1 to 99999999, not '$bad'"
done
out=$(OMRS_CONSOLE=/bin/false "$OMRS_SRCDIR/scripts/demo" --records 2>&1); rc=$?
tap_is "scripts/demo --records without a number: exit 2 and says so" "$rc: $(head -1 <<< "$out")" \
    "2: scripts/demo: --records needs a number of records"
tap_done
