#!/usr/bin/env bash
# The Sync admin actions (sync reset/remove/reset-retries/backport/cleanup/uninstall) on the
# demo federation plus rows made here: each action's rows before and after against the
# effects sync-module.md 6.2-6.7 and 9 state (exact columns and values), the states each
# action refuses, unknown records, --dry-run, -R, no terminal without --yes, the audit log,
# and that sql/sync-uninstall.sql holds the same statements as the command.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
bin=$OMRS_CONSOLE
test_start_db
demo_seed || tap_bail "cannot seed the demo"
export OMRS_AUDIT_LOG=$MDB_DIR/audit.log

P=openmrs_parent A=openmrs_child_a B=openmrs_child_b
q() { mdb_sql "$1"; }
# run DB ARGS...: the console against DB, with no controlling terminal; sets out and rc
run() { local db=$1; shift; out=$(setsid -w "$bin" --defaults-file="$MDB_ADMIN_CNF" -D "$db" "$@" 2>&1 < /dev/null); rc=$?; }
# Everything an action could touch, as one fingerprint per database.
fingerprint() {
    q "SELECT MD5(CONCAT_WS('|',
        (SELECT GROUP_CONCAT(record_id, state, IFNULL(retry_count, 'N'), timestamp ORDER BY record_id) FROM $1.sync_record),
        (SELECT GROUP_CONCAT(server_record_id, server_id, record_id, state, IFNULL(retry_count, 'N'), IFNULL(error_message, 'N') ORDER BY server_record_id) FROM $1.sync_server_record),
        (SELECT GROUP_CONCAT(transmission_log_id ORDER BY transmission_log_id) FROM $1.sync_transmission_log),
        (SELECT COUNT(*) FROM $1.global_property)))"
}
rec() { q "SELECT CONCAT_WS(' ', state, IFNULL(retry_count, 'NULL')) FROM $1.sync_record WHERE record_id = $2"; }
srec() { q "SELECT CONCAT_WS(' ', state, IFNULL(retry_count, 'NULL'), IFNULL(error_message, 'NULL')) FROM $1.sync_server_record WHERE server_record_id = $2"; }
# The other rows of the table, to show an action touched only its own.
others() { q "SELECT MD5(GROUP_CONCAT($3, state, IFNULL(retry_count, 'N') ORDER BY $3)) FROM $1.$2 WHERE $3 NOT IN ($4)"; }
# typed ANSWER DB ARGS...: the console on a terminal (script(1) gives it one) with ANSWER typed
typed() {
    local answer=$1 db=$2; shift 2
    out=$( (sleep 1; printf '%s\n' "$answer") | script -qec "$(printf '%q ' "$bin" --defaults-file="$MDB_ADMIN_CNF" -D "$db" "$@")" /dev/null 2>&1); rc=$?
}
audit_lines() { [ -f "$OMRS_AUDIT_LOG" ] && wc -l < "$OMRS_AUDIT_LOG" || echo 0; }

# ---- reset-retries (6.4): FAILED_AND_STOPPED -> FAILED, retry 0, sync_record only ---------
stopped=$(q "SELECT record_id FROM $B.sync_record WHERE state = 'FAILED_AND_STOPPED'")
tap_is "demo: child B has one FAILED_AND_STOPPED record, retry 5" "$(rec $B "$stopped")" "FAILED_AND_STOPPED 5"
second=$(q "SELECT MIN(record_id) FROM $B.sync_record WHERE state = 'SENT_AGAIN'")
q "UPDATE $B.sync_record SET state = 'FAILED_AND_STOPPED', retry_count = 7 WHERE record_id = $second"
before=$(fingerprint $B); rest=$(others $B sync_record record_id "$stopped, $second")
run $B sync reset-retries --dry-run
tap_is "reset-retries --dry-run: exit 0" "$rc" 0
tap_like "reset-retries --dry-run: counts both rows" "$out" "rows affected: 2"
tap_like "reset-retries --dry-run: shows the module's statement" "$out" \
    "UPDATE sync_record SET state = 'FAILED', retry_count = 0 WHERE state = 'FAILED_AND_STOPPED';"
tap_is "reset-retries --dry-run: nothing changed" "$(fingerprint $B)" "$before"
run $B -R sync reset-retries --yes
tap_is "reset-retries -R: exit 1" "$rc" 1
tap_like "reset-retries -R: refused" "$out" "refused: sync reset-retries changes the database and -R is set"
tap_is "reset-retries -R: nothing changed" "$(fingerprint $B)" "$before"
lines=$(audit_lines)
run $B sync reset-retries
tap_is "reset-retries without terminal or --yes: exit 2" "$rc" 2
tap_like "reset-retries without terminal or --yes: says why" "$out" "no terminal to ask on"
tap_is "reset-retries without terminal or --yes: nothing changed" "$(fingerprint $B)" "$before"
tap_is "refused runs write no audit line" "$(audit_lines)" "$lines"
run $B sync reset-retries --yes
tap_is "reset-retries --yes: exit 0" "$rc" 0
tap_is "reset-retries: the demo's stopped record is FAILED, retry 0" "$(rec $B "$stopped")" "FAILED 0"
tap_is "reset-retries: the other stopped record is FAILED, retry 0" "$(rec $B "$second")" "FAILED 0"
tap_is "reset-retries: no other sync_record changed" "$(others $B sync_record record_id "$stopped, $second")" "$rest"
tap_is "reset-retries: two audit lines" "$(audit_lines)" $((lines + 2))
# audit_is N WORD TEXT: line N of the log has the action WORD then TEXT (fields may be tab- or space-separated)
audit_is() { sed -n "$1p" "$OMRS_AUDIT_LOG" | grep -Eq "omrs_admin@$2[[:space:]]$3[[:space:]]$4"; }
tap_ok "audit: start line" audit_is $((lines + 1)) $B start "sync reset-retries: reset the retries of 2"
tap_ok "audit: done line" audit_is $((lines + 2)) $B done "sync reset-retries: "
tap_like "audit: done line says 2 rows changed" "$(tail -1 "$OMRS_AUDIT_LOG")" "done, rows changed: 2"
run $B sync reset-retries --yes
tap_like "reset-retries again: nothing to change" "$out" "nothing to change"
tap_is "reset-retries again: exit 0" "$rc" 0
# On a parent the FAILED_AND_STOPPED server rows are not the status page's business.
r44=$(q "SELECT server_record_id FROM $P.sync_server_record WHERE record_id = 44 AND server_id = 1")
q "UPDATE $P.sync_server_record SET state = 'FAILED_AND_STOPPED', retry_count = 5 WHERE server_record_id = $r44"
run $P sync reset-retries --yes
tap_is "reset-retries on the parent: a stopped server row is untouched" "$(srec $P "$r44")" "FAILED_AND_STOPPED 5 NULL"
q "UPDATE $P.sync_server_record SET state = 'NEW', retry_count = 0 WHERE server_record_id = $r44"
run $B sync reset-retries --server 1 --yes
tap_is "reset-retries --server: usage error" "$rc" 2

# ---- reset / remove, parent column (6.2): sync_record retry 0 + state --------------------
again=$(q "SELECT MAX(record_id) FROM $B.sync_record WHERE state = 'SENT_AGAIN'")
again_uuid=$(q "SELECT uuid FROM $B.sync_record WHERE record_id = $again")
sent=$(q "SELECT record_id FROM $B.sync_record WHERE state = 'SENT'")
new=$(q "SELECT MIN(record_id) FROM $B.sync_record WHERE state = 'NEW'")
committed=$(q "SELECT MIN(record_id) FROM $B.sync_record WHERE state = 'COMMITTED'")
before=$(fingerprint $B); rest=$(others $B sync_record record_id "$again, $sent")
run $B sync reset "$again" "$sent" --dry-run
tap_is "reset --dry-run: exit 0" "$rc" 0
tap_like "reset --dry-run: lists a row with its change" "$out" "SENT_AGAIN retry 2 -> NEW retry 0"
tap_like "reset --dry-run: the exact statement" "$out" \
    "UPDATE sync_record SET retry_count = 0, state = 'NEW' WHERE record_id IN ($again, $sent) AND state NOT IN ('COMMITTED', 'COMMITTED_AND_CONFIRMATION_SENT', 'ALREADY_COMMITTED', 'NEW');"
tap_like "reset --dry-run: in one transaction" "$out" "START TRANSACTION;"
tap_is "reset --dry-run: nothing changed" "$(fingerprint $B)" "$before"
run $B sync reset "$new" --yes
tap_is "reset of a NEW record: exit 1" "$rc" 1
tap_like "reset of a NEW record: refused, naming record and state" "$out" "refused: sync_record $new ("
tap_like "reset of a NEW record: says the state" "$out" "is NEW: the module's history page refuses to reset a NEW row"
run $B sync reset "$again" "$committed" --yes
tap_like "reset with a COMMITTED record among them: refused" "$out" "sync_record $committed"
tap_like "reset with a COMMITTED record: the state" "$out" "is COMMITTED"
tap_is "refused resets changed nothing" "$(fingerprint $B)" "$before"
run $B sync reset 999999 --yes
tap_is "reset of an unknown record_id: exit 1" "$rc" 1
tap_like "reset of an unknown record_id: named" "$out" "no sync_record with record_id '999999' in database $B"
run $B sync reset "$again" 00000000-0000-4000-8000-000000000000 --yes
tap_like "reset of an unknown uuid: named" "$out" "no sync_record with uuid '00000000-0000-4000-8000-000000000000'"
tap_is "unknown records changed nothing" "$(fingerprint $B)" "$before"
run $B -R sync reset "$again" --yes
tap_is "reset -R: exit 1, refused" "$rc:$(fingerprint $B)" "1:$before"
out=$("$bin" --defaults-file="$MDB_MONITOR_CNF" -D $B -R sync reset "$again" --dry-run 2>&1); rc=$?
tap_is "reset -R --dry-run with the SELECT-only account: a preview, exit 0" "$rc" 0
tap_like "reset -R --dry-run: shows the change" "$out" "SENT_AGAIN retry 2 -> NEW retry 0"
typed no $B sync reset "$again"
tap_like "reset on a terminal: asks" "$out" "Change 1 row(s) in database $B? Type yes to go ahead"
tap_is "reset on a terminal answered no: exit 2, nothing changed" "$rc:$(fingerprint $B)" "2:$before"
run $B sync reset "$again_uuid" "$sent" --yes
tap_is "reset by uuid and id: exit 0" "$rc" 0
tap_is "reset: the SENT_AGAIN record is NEW, retry 0" "$(rec $B "$again")" "NEW 0"
tap_is "reset: the SENT record is NEW, retry 0" "$(rec $B "$sent")" "NEW 0"
tap_is "reset: no other sync_record changed" "$(others $B sync_record record_id "$again, $sent")" "$rest"
tap_like "reset: done says how many rows changed" "$out" "done: 2 row(s) changed"
# remove: NOT_SUPPOSED_TO_SYNC, retry 0; refused on a row already NOT_SUPPOSED_TO_SYNC
failed=$(q "SELECT MIN(record_id) FROM $A.sync_record WHERE state = 'FAILED'")
nsts=$(q "SELECT record_id FROM $A.sync_record WHERE state = 'NOT_SUPPOSED_TO_SYNC'")
run $A sync remove "$failed" --yes
tap_is "remove: exit 0" "$rc" 0
tap_is "remove: the FAILED record is NOT_SUPPOSED_TO_SYNC, retry 0" "$(rec $A "$failed")" "NOT_SUPPOSED_TO_SYNC 0"
before=$(fingerprint $A)
run $A sync remove "$nsts" --yes
tap_like "remove of a NOT_SUPPOSED_TO_SYNC record: refused" "$out" "is NOT_SUPPOSED_TO_SYNC: the module's history page refuses"
tap_is "refused remove changed nothing" "$(fingerprint $A)" "$before"

# ---- reset / remove, one server's column (6.2): its sync_server_record row ---------------
# Parent: record 38's row for child A (server 1) is FAILED with an error, for B COMMITTED.
r38a=$(q "SELECT server_record_id FROM $P.sync_server_record WHERE record_id = 38 AND server_id = 1")
r38b=$(q "SELECT server_record_id FROM $P.sync_server_record WHERE record_id = 38 AND server_id = 2")
err38=$(q "SELECT error_message FROM $P.sync_server_record WHERE server_record_id = $r38a")
tap_like "demo: record 38 failed at child A with a message" "$(srec $P "$r38a")" "FAILED 1 org.openmrs.api.ValidationException"
before=$(fingerprint $P); rest=$(others $P sync_server_record server_record_id "$r38a")
run $P sync reset 38 --server 2 --yes
tap_like "reset --server on a COMMITTED server row: refused" "$out" "refused: the row of sync_record 38 for server 2"
tap_is "refused server reset changed nothing" "$(fingerprint $P)" "$before"
run $P sync reset 1 --server 2 --yes
tap_like "reset --server where the record has no row for it: error" "$out" "has no sync_server_record row for server 2"
tap_is "reset --server for a missing row: exit 1" "$rc" 1
run $P sync reset 38 --server nowhere --yes
tap_like "reset --server unknown: names the servers there are" "$out" "no server 'nowhere'"
run $P sync reset 38 --server "Demo Child A (Health Centre)" --yes
tap_is "reset --server by nickname: exit 0" "$rc" 0
tap_is "reset --server: that row NEW, retry 0, error_message kept" "$(srec $P "$r38a")" "NEW 0 $err38"
tap_is "reset --server: the record's other rows and the rest untouched" \
    "$(others $P sync_server_record server_record_id "$r38a")" "$rest"
tap_is "reset --server: sync_record 38 untouched" "$(rec $P 38)" "NEW 0"
r45b=$(q "SELECT server_record_id FROM $P.sync_server_record WHERE record_id = 45 AND server_id = 2")
run $P sync remove 45 --server 2 --yes
tap_is "remove --server: the row is NOT_SUPPOSED_TO_SYNC, retry 0" "$(srec $P "$r45b")" "NOT_SUPPOSED_TO_SYNC 0 NULL"

# ---- reset / remove everywhere (6.3, the view-record page) -------------------------------
q "UPDATE $P.sync_server_record SET state = 'FAILED', retry_count = 3 WHERE server_record_id = $r38a;
   UPDATE $P.sync_record SET state = 'SENT', retry_count = 4 WHERE record_id = 38"
run $P sync reset 38 --server all --dry-run
tap_like "reset --server all: warns that a committed row is sent again" "$out" "1 of these server rows are committed"
tap_like "reset --server all: the server rows' statement keeps retry_count" "$out" \
    "UPDATE sync_server_record SET state = 'NEW' WHERE record_id IN (38);"
run $P sync reset 38 --server all --yes
tap_is "reset --server all: sync_record NEW, retry 0" "$(rec $P 38)" "NEW 0"
tap_is "reset --server all: the FAILED row NEW, retry_count untouched" "$(srec $P "$r38a")" "NEW 3 $err38"
tap_is "reset --server all: the COMMITTED row NEW too, retry_count untouched" "$(srec $P "$r38b")" "NEW 1 NULL"

# ---- backport (6.5) ------------------------------------------------------------------------
newest=$(q "SELECT DATE_FORMAT(MAX(timestamp), '%Y-%m-%d %H:%i:%s') FROM $P.sync_record")
before=$(fingerprint $P)
run $P sync backport --server 2 --since "2099-01-01" --yes
tap_like "backport with no record that recent: nothing" "$out" "nothing to change"
tap_is "backport with no record that recent: nothing changed" "$(fingerprint $P)" "$before"
run $P sync backport --server 2 --since "$newest" --dry-run
tap_like "backport --dry-run: the one record child B lacks" "$out" "rows affected: 1"
tap_is "backport --dry-run: nothing changed" "$(fingerprint $P)" "$before"
run $P sync backport --server 2 --since "$newest" --yes
tap_is "backport: exit 0" "$rc" 0
tap_is "backport: record 1 got a row for server 2, NEW 0, no error" \
    "$(q "SELECT CONCAT_WS(' ', state, retry_count, IFNULL(error_message, 'NULL')) FROM $P.sync_server_record WHERE record_id = 1 AND server_id = 2")" "NEW 0 NULL"
q "INSERT INTO $P.sync_server (uuid, nickname, address, server_type, username, password, disabled, child_username)
   VALUES (UUID(), 'Late Clinic', 'N/A', 'CHILD', 'N/A', 'N/A', 0, '')"
late=$(q "SELECT server_id FROM $P.sync_server WHERE nickname = 'Late Clinic'")
total=$(q "SELECT COUNT(*) FROM $P.sync_record")
run $P sync backport --server 'late clinic' --since "$newest" --yes
tap_is "backport to a new server: every record got a row, whatever the date" \
    "$(q "SELECT COUNT(*) FROM $P.sync_server_record WHERE server_id = $late AND state = 'NEW' AND retry_count = 0 AND error_message IS NULL")" "$total"
tap_is "backport: rows made in timestamp, record_id order" \
    "$(q "SELECT GROUP_CONCAT(sr.record_id ORDER BY sr.server_record_id) FROM $P.sync_server_record sr WHERE sr.server_id = $late")" \
    "$(q "SELECT GROUP_CONCAT(record_id ORDER BY timestamp, record_id) FROM $P.sync_record")"
run $P sync backport --server "$late" --since yesterday --yes
tap_is "backport with a bad date: usage error" "$rc" 2
run $P sync backport --since "$newest" --yes
tap_like "backport without --server: says what it needs" "$out" "needs --server"

# ---- cleanup of old records (6.6) ----------------------------------------------------------
# Records made here, around a cut-off of 2020-01-10 (a server without parent: NEW and
# NOT_SUPPOSED_TO_SYNC by default; the cut-off is a date: 15:00 is dropped).
mk() { # label timestamp state -> record_id
    q "INSERT INTO $P.sync_record (uuid, original_uuid, timestamp, retry_count, state, payload, contained_classes)
       VALUES (UUID(), UUID(), '$2', 0, '$3', '<items/>', 'org.openmrs.Test$1'); SELECT LAST_INSERT_ID();"
}
mksr() { q "INSERT INTO $P.sync_server_record (server_id, record_id, state, retry_count) VALUES ($2, $1, '$3', 1); SELECT LAST_INSERT_ID();"; }
c1=$(mk 1 '2020-01-09 12:00:00' NEW); c2=$(mk 2 '2020-01-10 00:00:00' NEW); c3=$(mk 3 '2020-01-10 00:00:01' NEW)
c4=$(mk 4 '2020-01-05 00:00:00' FAILED); c5=$(mk 5 '2020-01-05 00:00:00' NOT_SUPPOSED_TO_SYNC)
c6=$(mk 6 '2020-01-05 00:00:00' NEW); c7=$(mk 7 '2020-01-10 00:00:00' NEW); c8=$(mk 8 '2020-01-05 00:00:00' COMMITTED)
s5a=$(mksr "$c5" 1 COMMITTED); s5b=$(mksr "$c5" 2 NOT_SUPPOSED_TO_SYNC)
s6a=$(mksr "$c6" 1 COMMITTED); s6b=$(mksr "$c6" 2 FAILED); s7a=$(mksr "$c7" 1 COMMITTED)
before=$(fingerprint $P)
run $P sync cleanup --until '2020-01-10 15:00:00' --dry-run
tap_like "cleanup --dry-run: counts" "$out" "delete 3 sync_server_record and 3 sync_record row(s) (states 'NEW', 'NOT_SUPPOSED_TO_SYNC')"
tap_like "cleanup --dry-run: the cut-off is date-truncated" "$out" "is taken as 2020-01-10"
tap_like "cleanup --dry-run: step 2 as the module's DAO" "$out" \
    "DELETE FROM sync_server_record WHERE state IN ('NOT_SUPPOSED_TO_SYNC', 'COMMITTED') AND (SELECT r.timestamp FROM sync_record r WHERE r.record_id = sync_server_record.record_id) < '2020-01-10';"
tap_is "cleanup --dry-run: nothing changed" "$(fingerprint $P)" "$before"
run $P sync cleanup --until '2020-01-10 15:00:00' --yes
tap_is "cleanup: exit 0" "$rc" 0
tap_is "cleanup: server rows left (FAILED one, and the one at the cut-off)" \
    "$(q "SELECT GROUP_CONCAT(server_record_id ORDER BY server_record_id) FROM $P.sync_server_record WHERE server_record_id IN ($s5a, $s5b, $s6a, $s6b, $s7a)")" "$s6b,$s7a"
tap_is "cleanup: records left (after cut-off, other state, still has rows, COMMITTED)" \
    "$(q "SELECT GROUP_CONCAT(record_id ORDER BY record_id) FROM $P.sync_record WHERE record_id IN ($c1, $c2, $c3, $c4, $c5, $c6, $c7, $c8)")" \
    "$c3,$c4,$c6,$c7,$c8"
tap_is "cleanup: the demo's records untouched" "$(q "SELECT COUNT(*) FROM $P.sync_record WHERE record_id <= $total")" "$total"
run $P sync cleanup --until 2020-01-10 --state COMMITTED --yes
tap_is "cleanup --state COMMITTED: the old COMMITTED record goes" "$(q "SELECT COUNT(*) FROM $P.sync_record WHERE record_id = $c8")" 0
run $A sync cleanup --dry-run
tap_like "cleanup on a child: the task's defaults with a parent" "$out" "(states 'COMMITTED', 'NOT_SUPPOSED_TO_SYNC')"
tap_like "cleanup default cut-off: the task's 90 days" "$out" "now minus 90 day(s)"
run $P sync cleanup --state BOGUS --yes
tap_is "cleanup with an unknown state: usage error" "$rc" 2

# ---- cleanup of transmission logs (6.7) ----------------------------------------------------
q "INSERT INTO $A.sync_transmission_log (run_by, run_at, status, error_message, server_id) VALUES
   (1, '2020-01-01 10:00:00', 'FAILURE', 'old one', 1), (1, NOW() - INTERVAL 8 DAY, 'FAILURE', 'last week', 1)"
logs=$(q "SELECT COUNT(*) FROM $A.sync_transmission_log")
run $A sync cleanup transmission-logs --until '2020-01-01 10:00:00' --yes
tap_is "cleanup transmission-logs --until: run_at <= until goes" "$(q "SELECT COUNT(*) FROM $A.sync_transmission_log")" $((logs - 1))
old=$(q "SELECT transmission_log_id FROM $A.sync_transmission_log WHERE error_message = 'last week'")
q "INSERT INTO $A.sync_transmission_log_record (transmission_log_id, record_id) VALUES ($old, 1)"
before=$(fingerprint $A)
run $A sync cleanup transmission-logs --yes
tap_is "cleanup transmission-logs blocked by a log record: exit 1" "$rc" 1
tap_like "cleanup transmission-logs blocked: rolled back" "$out" "rolled back: nothing was changed"
tap_is "cleanup transmission-logs blocked: nothing changed" "$(fingerprint $A)" "$before"
tap_ok "audit: the failure is logged" audit_is "$(audit_lines)" $A failed "sync cleanup transmission-logs: .*FAILED: statement 1 failed"
q "DELETE FROM $A.sync_transmission_log_record"
run $A sync cleanup transmission-logs --yes
tap_is "cleanup transmission-logs (7 days): the week-old row goes, the demo's stays" \
    "$(q "SELECT GROUP_CONCAT(error_message ORDER BY run_at) FROM $A.sync_transmission_log")" \
    "java.net.SocketException: Connection reset"

# ---- uninstall (9) -------------------------------------------------------------------------
# Everything that is not the module's, to show it survives.
rest_of() {
    q "SELECT CONCAT_WS(' ',
        (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$1' AND table_name NOT LIKE 'sync!_%' ESCAPE '!'),
        (SELECT COUNT(*) FROM $1.global_property WHERE property NOT LIKE 'sync.%' AND property <> 'module.sync.version'),
        (SELECT COUNT(*) FROM $1.scheduler_task_config WHERE schedulable_class NOT LIKE 'org.openmrs.module.sync.%'),
        (SELECT COUNT(*) FROM $1.liquibasechangelog WHERE ID NOT LIKE 'sync%'),
        (SELECT COUNT(*) FROM $1.privilege WHERE privilege NOT LIKE '%Synchronization%'),
        (SELECT COUNT(*) FROM $1.role_privilege WHERE privilege NOT LIKE '%Synchronization%'),
        (SELECT COUNT(*) FROM $1.users))"
}
left_of() {
    q "SELECT CONCAT_WS(' ',
        (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$1' AND table_name LIKE 'sync!_%' ESCAPE '!'),
        (SELECT COUNT(*) FROM $1.global_property WHERE property LIKE 'sync.%' OR property = 'module.sync.version'),
        (SELECT COUNT(*) FROM $1.scheduler_task_config WHERE schedulable_class LIKE 'org.openmrs.module.sync.%'),
        (SELECT COUNT(*) FROM $1.scheduler_task_config_property WHERE name IN ('serverId', 'delete_entries_files_older_than_x_days', 'sync_record_states_to_delete', 'delete_transmission_logs_older_than_x_days')),
        (SELECT COUNT(*) FROM $1.liquibasechangelog WHERE ID LIKE 'sync%'),
        (SELECT COUNT(*) FROM $1.privilege WHERE privilege LIKE '%Synchronization%'),
        (SELECT COUNT(*) FROM $1.role_privilege WHERE privilege LIKE '%Synchronization%'))"
}
q "INSERT INTO $P.role_privilege (role, privilege) VALUES ('System Developer', 'Manage Synchronization');
   INSERT INTO $P.global_property (property, property_value, uuid) VALUES ('module.sync.version', '3.1.0', UUID())"
tap_is "uninstall: before, the module's parts on the parent" "$(left_of $P)" "8 20 2 3 37 3 1"
kept=$(rest_of $P); before=$(fingerprint $P)
run $P sync uninstall --dry-run
tap_is "uninstall --dry-run: exit 0" "$rc" 0
tap_like "uninstall --dry-run: the backup reminder comes first" "$(head -1 <<< "$out")" "BEFORE YOU GO ON"
tap_like "uninstall --dry-run: lists a table with its rows" "$out" "table sync_record"
tap_like "uninstall --dry-run: the child accounts are left alone" "$out" "sync_child_a, sync_child_b: the OpenMRS accounts"
tap_like "uninstall --dry-run: says DDL commits by itself" "$out" "DROP TABLE commits by itself"
tap_is "uninstall --dry-run: nothing changed" "$(fingerprint $P)" "$before"
# The command's statements are the file's, in order (comments and line breaks aside).
from_cmd=$(sed -n '/^SQL (the same as/,/^dry run/p' <<< "$out" | sed '1d;$d' | sed 's/^  //')
from_file=$(sed 's/--.*$//' "$OMRS_SRCDIR/sql/sync-uninstall.sql" | tr -s ' \n' ' ' | sed 's/; */;\n/g' | sed 's/^ //;/^$/d')
tap_is "sql/sync-uninstall.sql has the command's statements" "$from_file" "$from_cmd"
tap_is "the file and the command have 11 statements" "$(grep -c ';$' <<< "$from_cmd")" 11
run $P -R sync uninstall --yes $P
tap_is "uninstall -R: refused" "$rc:$(fingerprint $P)" "1:$before"
run $P sync uninstall
tap_like "uninstall without terminal or --yes: refused" "$out" "no terminal to ask on: give --yes and the database name"
run $P sync uninstall --yes
tap_like "uninstall --yes without the database name: refused" "$out" "also needs the database name"
tap_is "uninstall --yes without the name: exit 2" "$rc" 2
run $P sync uninstall --yes $A
tap_like "uninstall --yes with another database's name: refused" "$out" "you named database '$A'"
typed "$A" $P sync uninstall
tap_like "uninstall on a terminal: asks for the database name" "$out" "type the database name ($P)"
tap_like "uninstall on a terminal, another name typed: not confirmed" "$out" "not confirmed: nothing was changed"
sleeper=$MDB_DIR/sleeper.out
"$(mdb_client)" --defaults-file="$MDB_ADMIN_CNF" -D $P -e "SELECT SLEEP(20)" > "$sleeper" 2>&1 &
sleeper_pid=$!
for i in $(seq 1 50); do
    [ "$(q "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '$P' AND INFO LIKE 'SELECT SLEEP%'")" = 1 ] && break
    sleep 0.1
done
run $P sync uninstall --dry-run
tap_like "uninstall while another session uses the database: warns" "$out" "1 other session(s) use database $P"
kill "$sleeper_pid" 2>/dev/null; wait "$sleeper_pid" 2>/dev/null
q "KILL QUERY $(q "SELECT IFNULL(MAX(ID), 0) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP%'")" 2>/dev/null
tap_is "refused uninstalls changed nothing" "$(left_of $P)" "8 20 2 3 37 3 1"
lines=$(audit_lines)
run $P sync uninstall --yes $P
tap_is "uninstall: exit 0" "$rc" 0
tap_is "uninstall: no sync table, GP, task, task property, changelog row, privilege, grant" "$(left_of $P)" "0 0 0 0 0 0 0"
tap_is "uninstall: the rest of OpenMRS is intact" "$(rest_of $P)" "$kept"
tap_is "uninstall: two audit lines" "$(audit_lines)" $((lines + 2))
tap_ok "uninstall: audit start line" audit_is $((lines + 1)) $P start "sync uninstall: "
tap_ok "uninstall: audit done line with the counts" audit_is $((lines + 2)) $P done "sync uninstall: done, rows deleted: 0 0 0 0 3 2 20 1 3 37 0"
run $P sync uninstall --yes $P
tap_is "uninstall again: harmless, exit 0" "$rc" 0
tap_like "uninstall again: nothing left" "$out" "nothing of the Sync module is left in database $P"
tap_is "uninstall again: still intact" "$(rest_of $P)" "$kept"
# The SQL file by hand on a child (twice: it is idempotent) does the same.
kept=$(rest_of $B)
sql_file() { "$(mdb_client)" --defaults-file="$MDB_ADMIN_CNF" "$1" < "$OMRS_SRCDIR/sql/sync-uninstall.sql"; }
tap_ok "sql/sync-uninstall.sql runs with the mariadb client" sql_file $B
tap_ok "sql/sync-uninstall.sql runs a second time" sql_file $B
tap_is "sql/sync-uninstall.sql: nothing of the module left" "$(left_of $B)" "0 0 0 0 0 0 0"
tap_is "sql/sync-uninstall.sql: the rest intact" "$(rest_of $B)" "$kept"
# Half done (tables dropped, rows left): the command finishes it.
q "DROP TABLE $A.sync_transmission_log_record, $A.sync_transmission_log"
typed "$A" $A sync uninstall
tap_is "uninstall after a partial removal, name typed on a terminal: finishes" "$rc:$(left_of $A)" "0:0 0 0 0 0 0 0"

tap_done
