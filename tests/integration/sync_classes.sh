#!/usr/bin/env bash
# `classes`: the Sync class ignore lists on the demo federation (sync-module.md 7).
# The list output is compared whole; every edit is checked row by row in sync_class and
# sync_server_class against what the module's editor (SyncUtil.saveOrUpdateServerClasses)
# writes; the impact counts against records added here whose fate is worked out by hand
# from the module's rules (pattern rule for sending, prefix rule for journalling);
# --dry-run, -R and refused edits must leave both tables byte for byte as they were.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
bin=$OMRS_CONSOLE
test_start_db
DEMO_NOW='2026-11-20 12:00:00' demo_seed || tap_bail "cannot seed the demo"
export OMRS_AUDIT_LOG=$MDB_DIR/audit.log
admin=(--defaults-file="$MDB_ADMIN_CNF")
P=(--defaults-file="$MDB_ADMIN_CNF" -D openmrs_parent)

rows() { # db: both tables, one line per row, as the module would see them
    mdb_sql "SELECT CONCAT('class ', class_id, ' ', name, ' ', IFNULL(default_send_to, 'NULL'), '/', IFNULL(default_receive_from, 'NULL'))
               FROM $1.sync_class ORDER BY class_id"
    mdb_sql "SELECT CONCAT('row ', server_class_id, ' server ', server_id, ' class ', class_id, ' ', send_to, '/', receive_from)
               FROM $1.sync_server_class ORDER BY server_class_id"
}
state() { mdb_sql "SELECT MD5(GROUP_CONCAT(CONCAT_WS(':', class_id, name, default_send_to, default_receive_from) ORDER BY class_id)) FROM $1.sync_class
                   UNION ALL SELECT MD5(GROUP_CONCAT(CONCAT_WS(':', server_class_id, class_id, server_id, send_to, receive_from) ORDER BY server_class_id)) FROM $1.sync_server_class" | tr '\n' ' '; }

child_b=$(state openmrs_child_b)

# ---- list: the demo's lists exactly ---------------------------------------------------
out=$("$bin" "${P[@]}" classes list 2>&1); rc=$?
tap_is "list: exit 0" "$rc" 0
expected="Default list (sync_class), copied into sync_server_class when a server is created:
     ID  SEND  RECEIVE  NAME                            JOURNALLED
      1  no    no       org.openmrs.GlobalProperty      no
      2  no    no       org.openmrs.scheduler           no
      3  no    no       org.openmrs.hl7                 no
      5  no    no       org.openmrs.notification.Alert  no
      6  yes   yes      org.openmrs.module.formentry    yes
Not journalled at all (changes to classes starting with these are never recorded):
  org.openmrs.GlobalProperty, org.openmrs.scheduler, org.openmrs.hl7, org.openmrs.notification.Alert

Server 1 Demo Child A (Health Centre) [CHILD]:
  SEND  RECEIVE  NAME                            FROM
  no    no       org.openmrs.GlobalProperty      row 1
  no    no       org.openmrs.scheduler           row 2
  no    no       org.openmrs.hl7                 row 3
  no    no       org.openmrs.notification.Alert  row 4
  yes   yes      org.openmrs.module.formentry    no row (default yes/yes applies only to servers created later)

Server 2 Demo Child B (Rural Clinic) [CHILD]:
  SEND  RECEIVE  NAME                            FROM
  no    no       org.openmrs.GlobalProperty      row 5
  no    no       org.openmrs.scheduler           row 6
  no    no       org.openmrs.hl7                 row 7
  no    no       org.openmrs.notification.Alert  row 8
  no    yes      org.openmrs.module.formentry    row 16"
tap_is "list: defaults, journalled set, each server's effective decisions and their rows" "$out" "$expected"

out=$("$bin" "${admin[@]}" -D openmrs_child_a classes list --server 'demo parent (district hospital)' 2>&1)
tap_like "list --server by nickname (any case): the child's PARENT row" "$out" "Server 1 Demo Parent (District Hospital) [PARENT]:"
tap_like "list --server: formentry not sent up (row 8), still received" "$out" "  no    yes      org.openmrs.module.formentry    row 8"

json=$("$bin" "${P[@]}" classes list --json --server 2 2>&1)
py() { python3 -c "import json,sys; d=json.load(sys.stdin); $1" <<< "$json"; }
tap_is "list --json: only the server asked for" "$(py 'print([s["server_id"] for s in d["servers"]])')" "[2]"
tap_is "list --json: formentry on B: send refused by its own row 16, receive allowed" \
    "$(py 'c=[c for c in d["servers"][0]["classes"] if c["class_id"]==6][0]; print(c["rows"], c["send"], c["receive"])')" \
    "[{'server_class_id': 16, 'send_to': False, 'receive_from': True}] {'allowed': False, 'refused_by': 'org.openmrs.module.formentry'} {'allowed': True, 'refused_by': None}"
tap_is "list --json: the journalled set" "$(py 'print(",".join(d["not_journalled"]))')" \
    "org.openmrs.GlobalProperty,org.openmrs.scheduler,org.openmrs.hl7,org.openmrs.notification.Alert"

# A class the default Alert row covers by prefix: its own row allows it, Alert refuses it.
mdb_sql "INSERT INTO openmrs_parent.sync_class (class_id, name, default_send_to, default_receive_from) VALUES (50, 'org.openmrs.notification.AlertRecipient', 1, 1);
         INSERT INTO openmrs_parent.sync_server_class (server_class_id, class_id, server_id, send_to, receive_from) VALUES (50, 50, 1, 1, 1)"
out=$("$bin" "${P[@]}" classes list --server 1 2>&1)
tap_like "list: AlertRecipient allowed by its row 50 but refused by the Alert prefix, both ways" "$out" \
    "  no    no       org.openmrs.notification.AlertRecipient  row 50; send refused by 'org.openmrs.notification.Alert'; receive refused by 'org.openmrs.notification.Alert'"
tap_like "list: AlertRecipient is not journalled, by the Alert prefix" "$out" \
    "     50  yes   yes      org.openmrs.notification.AlertRecipient  no (by org.openmrs.notification.Alert)"
mdb_sql "DELETE FROM openmrs_parent.sync_server_class WHERE server_class_id = 50; DELETE FROM openmrs_parent.sync_class WHERE class_id = 50;
         ALTER TABLE openmrs_parent.sync_server_class AUTO_INCREMENT = 1; ALTER TABLE openmrs_parent.sync_class AUTO_INCREMENT = 1"

# ---- impact: records whose fate is known by hand --------------------------------------
# Parent queue rows for child A (server 1) and child B (server 2). Pattern rule for
# "org.openmrs.module.formentry": r1, r2 (one class of two), r5 (dots match any character)
# are refused; r3, r6 (case differs) are not; r4 is COMMITTED, r8 NOT_SUPPOSED_TO_SYNC:
# not pending. Prefix rule: r1, r2 and r7 start with it; r5 does not.
add_rec() { # db server state contained_classes
    mdb_sql "INSERT INTO $1.sync_record (uuid, creator, database_version, timestamp, retry_count, state, payload, contained_classes, original_uuid)
             VALUES (@u := UUID(), NULL, '3.0.0-4d92b4', '2026-11-20 11:00:00', 0, IF('$2' = 'parent', '$3', 'NEW'), '', '$4', @u);
             INSERT INTO $1.sync_server_record (server_id, record_id, state, retry_count)
             SELECT '$2', LAST_INSERT_ID(), '$3', 0 FROM DUAL WHERE '$2' <> 'parent'"
}
pending_a=$(mdb_sql "SELECT COUNT(*) FROM openmrs_parent.sync_server_record WHERE server_id = 1 AND state IN
    ('NEW','PENDING_SEND','SENT','SEND_FAILED','FAILED','FAILED_AND_STOPPED','SENT_AGAIN')" | tail -1)
add_rec openmrs_parent 1 NEW 'org.openmrs.module.formentry.FormEntryXsn'                      # r1
add_rec openmrs_parent 1 SENT 'org.openmrs.Form,org.openmrs.module.formentry.FormEntryXsn'    # r2
add_rec openmrs_parent 1 NEW 'org.openmrs.Patient'                                            # r3
add_rec openmrs_parent 1 COMMITTED 'org.openmrs.module.formentry.FormEntryXsn'                # r4
add_rec openmrs_parent 1 FAILED_AND_STOPPED 'orgXopenmrsXmoduleXformentry.Foo'                # r5
add_rec openmrs_parent 1 NEW 'org.openmrs.Module.formentry'                                   # r6
add_rec openmrs_parent 2 NEW 'org.openmrs.module.formentry.FormEntryXsn'                      # r7
add_rec openmrs_parent 2 NOT_SUPPOSED_TO_SYNC 'org.openmrs.module.formentry.FormEntryXsn'     # r8
pending_b=$(mdb_sql "SELECT COUNT(*) FROM openmrs_parent.sync_server_record WHERE server_id = 2 AND state IN
    ('NEW','PENDING_SEND','SENT','SEND_FAILED','FAILED','FAILED_AND_STOPPED','SENT_AGAIN')" | tail -1)
before=$(state openmrs_parent)

out=$("$bin" "${P[@]}" classes impact org.openmrs.module.formentry send off --server 1 2>&1); rc=$?
tap_is "impact: exit 0" "$rc" 0
tap_like "impact: A's queue counted (demo + 5 of the added rows)" "$out" "server 1 Demo Child A (Health Centre) [CHILD]: $((pending_a + 5)) pending"
tap_like "impact: 3 newly excluded for A (r1, r2, r5), none included" "$out" "send (pattern rule): 3 newly excluded"
tap_like "impact: none newly included" "$out" ", 0 newly included"
tap_unlike "impact: B untouched" "$out" "server 2"
tap_unlike "impact: sending alone does not change journalling" "$out" "journalling"

json=$("$bin" "${P[@]}" classes impact preset formentry --json 2>&1)
tap_is "impact preset formentry: stops journalling formentry" "$(py 'print(d["stops_being_journalled"])')" "['org.openmrs.module.formentry']"
tap_is "impact preset formentry: A 3 newly excluded, 2 records hold a class no longer journalled (r1, r2)" \
    "$(py 's=d["servers"][0]; print(s["send_newly_excluded"], s["send_newly_included"], s["journal_stops"], s["journal_starts"])')" "3 0 2 0"
tap_is "impact preset formentry: B already refuses sending it (row 16): 0, r7 no longer journalled" \
    "$(py 's=d["servers"][1]; print(s["pending"], s["send_changed"], s["send_newly_excluded"], s["receive_changed"], s["journal_stops"])')" \
    "$pending_b False 0 True 1"
json=$("$bin" "${P[@]}" classes impact org.openmrs.module.formentry both on --server 2 --json 2>&1)
tap_is "impact: allowing formentry to B newly includes r7 only (r8 stays NOT_SUPPOSED_TO_SYNC)" \
    "$(py 's=d["servers"][1]; print(s["send_newly_excluded"], s["send_newly_included"])')" "0 1"
tap_is "impact changes nothing" "$(state openmrs_parent)" "$before"

# The PARENT queue is sync_record.state (child A's view of the parent).
A=(--defaults-file="$MDB_ADMIN_CNF" -D openmrs_child_a)
add_rec openmrs_child_a parent NEW 'org.openmrs.module.formentry.FormEntryXsn'
add_rec openmrs_child_a parent COMMITTED 'org.openmrs.module.formentry.FormEntryXsn'
json=$("$bin" "${A[@]}" classes impact org.openmrs.module.formentry send on --server 1 --json 2>&1)
tap_is "impact on a child: its queue to the PARENT; the NEW formentry record newly included, A8 (NOT_SUPPOSED_TO_SYNC) not" \
    "$(py 's=d["servers"][0]; print(s["send_newly_included"], s["pending"])')" \
    "1 $(mdb_sql "SELECT COUNT(*) FROM openmrs_child_a.sync_record WHERE state IN ('NEW','PENDING_SEND','SENT','SEND_FAILED','FAILED','FAILED_AND_STOPPED','SENT_AGAIN')" | tail -1)"

# ---- dry run, read-only, refusals: nothing changes ------------------------------------
out=$("$bin" "${P[@]}" classes set org.openmrs.module.formentry send off --server 1 --dry-run 2>&1); rc=$?
tap_is "dry run: exit 0" "$rc" 0
tap_like "dry run: the row the module's editor inserts" "$out" \
    "  add    sync_server_class: server 1 Demo Child A (Health Centre), org.openmrs.module.formentry: send_to 0, receive_from 1"
tap_like "dry run: its SQL" "$out" "  INSERT INTO sync_server_class (class_id, server_id, send_to, receive_from) VALUES (6, 1, 0, 1);"
tap_like "dry run: says so" "$out" "dry run: nothing was changed"
tap_is "dry run: tables unchanged" "$(state openmrs_parent)" "$before"
out=$("$bin" "${P[@]}" -R classes set org.openmrs.module.formentry send off --server 1 --yes 2>&1); rc=$?
tap_is "-R: refused with exit 1" "$rc" 1
tap_like "-R: says why" "$out" "refused: classes changes the database and -R is set"
out=$("$bin" --defaults-file="$MDB_MONITOR_CNF" -D openmrs_parent -R classes preset formentry --dry-run 2>&1); rc=$?
tap_is "-R --dry-run with the SELECT-only account: shows the plan, exit 0" "$rc" 0
tap_like "-R --dry-run: the preset's default-list change" "$out" \
    "change sync_class 6 org.openmrs.module.formentry: default_send_to yes -> no, default_receive_from yes -> no"
if command -v setsid > /dev/null; then
    out=$(setsid -w "$bin" "${P[@]}" classes add org.openmrs.Concept < /dev/null 2>&1); rc=$?
    tap_is "no terminal and no --yes: exit 2" "$rc" 2
    tap_like "no terminal and no --yes: says how to go on" "$out" "give --yes"
else
    tap_skip "setsid not installed"; tap_skip "setsid not installed"
fi
out=$("$bin" "${P[@]}" classes set org.openmrs.module.formentry send off --server nosuch --yes 2>&1); rc=$?
tap_is "unknown server: exit 2" "$rc" 2
tap_like "unknown server: names it and the servers there are" "$out" "no server 'nosuch'"
out=$("$bin" "${P[@]}" classes set org.openmrs.NoSuch send off --yes 2>&1); rc=$?
tap_is "unknown default-list class: exit 2" "$rc" 2
tap_like "unknown default-list class: says where it looked" "$out" "no class 'org.openmrs.NoSuch' in the default list (sync_class)"
out=$("$bin" "${P[@]}" classes set org.openmrs.NoSuch send on --server 1 --yes 2>&1); rc=$?
tap_is "allowing an unknown class on a server: exit 2" "$rc" 2
out=$("$bin" "${P[@]}" classes preset nosuch --yes 2>&1); rc=$?
tap_is "unknown preset: exit 2" "$rc" 2
tap_like "unknown preset: lists the presets" "$out" "there are: formentry, alert-recipient"
out=$("$bin" "${P[@]}" classes add org.openmrs.HL7 --yes 2>&1); rc=$?
tap_is "add a name MySQL already has (case ignored): exit 2" "$rc" 2
tap_like "add: names the existing class" "$out" "already in the default list as class_id 3 ('org.openmrs.hl7')"
out=$("$bin" "${P[@]}" classes remove org.openmrs.hl7 --yes 2>&1); rc=$?
tap_is "remove a name servers still exclude: exit 2" "$rc" 2
tap_like "remove: names the servers" "$out" "server(s) 1, 2 still exclude 'org.openmrs.hl7'"
out=$("$bin" "${P[@]}" classes set org.openmrs.hl7 sideways on 2>&1); rc=$?
tap_is "bad direction word: exit 2" "$rc" 2
tap_is "refusals: tables unchanged" "$(state openmrs_parent)" "$before"

# ---- edits, row by row ----------------------------------------------------------------
base=$(rows openmrs_parent)
edit() { out=$("$bin" "${P[@]}" classes "$@" --yes 2>&1); rc=$?; }

edit set org.openmrs.module.formentry send off --server 1
tap_is "set off on a server without a row: exit 0" "$rc" 0
tap_like "set: the restart notice" "$out" "Restart OpenMRS: the running Sync module caches which classes are journalled at all"
tap_is "set off: the module's new row (class 6, server 1, send 0, receive 1), nothing else" \
    "$(rows openmrs_parent | tail -1)" "row 17 server 1 class 6 0/1"
tap_is "set off: one row more" "$(rows openmrs_parent | wc -l)" "$(( $(wc -l <<< "$base") + 1 ))"

edit set org.openmrs.module.formentry send off --server 1
tap_like "the same again: nothing to change" "$out" "nothing to change"

edit set ' org.openmrs.Obs ' receive off --server 2
tap_is "set off, a name no class has: exit 0" "$rc" 0
tap_is "set off, new name: sync_class(name, 1, 1) and a row with send 1, receive 0" \
    "$(rows openmrs_parent | grep -E 'class 7 |class 7$|row 18 ')" "class 7 org.openmrs.Obs 1/1
row 18 server 2 class 7 1/0"

edit set org.openmrs.module.formentry both on --server 2
tap_is "set on: row 16 updated to 1/1, never deleted" "$(rows openmrs_parent | grep '^row 16 ')" "row 16 server 2 class 6 1/1"

edit set org.openmrs.hl7 receive on
tap_is "set on the default list: only sync_class changes" "$(rows openmrs_parent | grep '^class 3 ')" "class 3 org.openmrs.hl7 0/1"
tap_like "default-list edit: no server's rows change, said so" "$out" "sync_class defaults are only copied when a server is created"

edit add org.openmrs.Concept
tap_is "add: sync_class(name, 0, 0)" "$(rows openmrs_parent | grep 'org.openmrs.Concept')" "class 8 org.openmrs.Concept 0/0"
edit remove org.openmrs.Concept
tap_is "remove: gone" "$(rows openmrs_parent | grep -c 'org.openmrs.Concept')" "0"

edit preset alert-recipient
tap_is "preset alert-recipient: default (0, 0) and a 0/0 row on each server" \
    "$(rows openmrs_parent | grep -E 'AlertRecipient|class 9 ')" "class 9 org.openmrs.notification.AlertRecipient 0/0
row 19 server 1 class 9 0/0
row 20 server 2 class 9 0/0"
tap_like "preset alert-recipient: already covered by the Alert prefix, journalled set unchanged" "$out" \
    "This change leaves the journalled set as it was."
tap_like "preset alert-recipient: the note says which name covers it" "$out" \
    "note: 'org.openmrs.notification.AlertRecipient' is already not journalled: 'org.openmrs.notification.Alert' covers it"

edit preset formentry --server 1
tap_is "preset --server 1: only server 1's formentry row, receive now 0" "$(rows openmrs_parent | grep '^row 17 ')" "row 17 server 1 class 6 0/0"

# Duplicate names (no unique constraint): refused, with the ids.
mdb_sql "INSERT INTO openmrs_parent.sync_class (name, default_send_to, default_receive_from) VALUES ('org.openmrs.Obs', 0, 0)"
dup=$(state openmrs_parent)
edit set org.openmrs.Obs send off
tap_is "duplicate name on the default list: exit 2" "$rc" 2
tap_like "duplicate name: ambiguous, with the class ids" "$out" "'org.openmrs.Obs' is ambiguous: sync_class has 2 rows with that name (class_id 7, 10"
edit set org.openmrs.Obs send off --server 1
tap_like "duplicate name on a server without a row: the module's editor would fail" "$out" "sync_class has 2 rows named 'org.openmrs.Obs'"
edit set id:10 send on
tap_is "id:N picks one of the duplicates" "$(rows openmrs_parent | grep '^class 10 ')" "class 10 org.openmrs.Obs 1/0"
tap_unlike "id:N: the other duplicate untouched" "$(rows openmrs_parent | grep '^class 7 ')" "0/"

tap_is "after every edit: both tables exactly as the module's editor leaves them" "$(rows openmrs_parent)" \
"class 1 org.openmrs.GlobalProperty 0/0
class 2 org.openmrs.scheduler 0/0
class 3 org.openmrs.hl7 0/1
class 5 org.openmrs.notification.Alert 0/0
class 6 org.openmrs.module.formentry 1/1
class 7 org.openmrs.Obs 1/1
class 9 org.openmrs.notification.AlertRecipient 0/0
class 10 org.openmrs.Obs 1/0
row 1 server 1 class 1 0/0
row 2 server 1 class 2 0/0
row 3 server 1 class 3 0/0
row 4 server 1 class 5 0/0
row 5 server 2 class 1 0/0
row 6 server 2 class 2 0/0
row 7 server 2 class 3 0/0
row 8 server 2 class 5 0/0
row 16 server 2 class 6 1/1
row 17 server 1 class 6 0/0
row 18 server 2 class 7 1/0
row 19 server 1 class 9 0/0
row 20 server 2 class 9 0/0"

# Audit: a start and a done line per edit that ran.
log=$(cat "$OMRS_AUDIT_LOG" 2>/dev/null)
field() { grep -cE "[[:space:]]$1[[:space:]]classes $2" <<< "$log"; }
tap_is "audit: start line" "$(field start 'set org.openmrs.module.formentry send off --server 1: 1 statement')" 1
tap_is "audit: done line" "$(field done 'set org.openmrs.module.formentry send off --server 1: done')" 1
tap_is "audit: as many done lines as edits that changed something" "$(field done '')" 9
tap_is "audit: no start without its done" "$(field start '')" 9

# The other databases were never touched by the edits.
tap_is "child B's lists untouched throughout" "$(state openmrs_child_b)" "$child_b"

tap_done
