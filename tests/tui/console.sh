#!/usr/bin/env bash
# The console in tmux on the demo federation (DEMO_NOW fixed): every pane at 80x24 and
# 200x50 against the screens in tests/tui/screens/ (clock, ages and the server version
# normalised; GENERATE=1 rewrites them, then review the diff), a resize mid-screen, help,
# a confirmation cancelled and accepted with the database checked after, read-only mode
# offering no change even when its key is pressed, NO_COLOR, several TERMs, Ctrl-Z and a
# crash signal giving the terminal back, and the bytes an idle monitoring refresh sends.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
. "$OMRS_SRCDIR/tests/lib/omod.sh"
test_start_db
DEMO_NOW='2026-11-20 10:00:00' demo_seed || tap_bail "cannot seed the demo"
sock=omrs-tui-console-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null; mdb_stop' EXIT
export OMRS_AUDIT_LOG=$MDB_DIR/audit.log
screens=$OMRS_SRCDIR/tests/tui/screens

tmux_run() { # WIDTH HEIGHT TERM command...: a fresh tmux server running the command
    local w=$1 h=$2 term=$3; shift 3
    tmux -L "$sock" kill-server 2>/dev/null
    tmux -L "$sock" -f /dev/null new-session -d -x "$w" -y "$h" -e TERM="$term" -e OMRS_AUDIT_LOG="$OMRS_AUDIT_LOG" \
        -e NO_COLOR="${NO_COLOR:-}" -e LANG=C.UTF-8 "$@"
}
screen() { tmux -L "$sock" capture-pane -p 2>/dev/null; }
keys() { tmux -L "$sock" send-keys "$@"; }
wait_for() { # text [seconds]: until the screen shows text
    local i
    for i in $(seq 1 $((${2:-10} * 20))); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    return 1
}
settle() { sleep 0.4; }
normal() { # the screen without what changes from run to run: the clock, ages (which also
           # move the padding around them, so runs of spaces count as two), the server version
    screen | sed -E 's/[0-9]{2}:[0-9]{2}:[0-9]{2} *$/HH:MM:SS/; s/\b[0-9]+[mhd]\b/AGE/g; s/\b[0-9]+ h\b/N h/g;
                     s/[0-9]+\.[0-9]+\.[0-9]+-MariaDB[^ )]*/SERVER/g; s/ {2,}/  /g; s/[[:space:]]+$//'
}
golden() { # name: compare the normalised screen with screens/name.txt
    if [ -n "${GENERATE:-}" ]; then normal > "$screens/$1.txt"; fi
    local want
    want=$(cat "$screens/$1.txt" 2>/dev/null) || want="(no $screens/$1.txt: run with GENERATE=1)"
    tap_is "screen $1" "$(normal)" "$want"
}
# Two real modules in a modules directory: formentry one diff behind the database, xforms level.
fixtures=$OMRS_SHARED/fixtures/modules
mkdir -p "$MDB_DIR/modules"
omod "$MDB_DIR/modules/formentry.omod" formentry 4.5.9.3 "$fixtures/formentry/config.xml" root "$fixtures/formentry/sqldiff.xml"
omod "$MDB_DIR/modules/xforms.omod" xforms 4.3.5 "$fixtures/xforms/config.xml" root "$fixtures/xforms/sqldiff.xml"
mdb_sql "UPDATE openmrs_parent.global_property SET property_value = '2.7' WHERE property = 'formentry.database_version'"
console=("$OMRS_CONSOLE" --defaults-file="$MDB_ADMIN_CNF" -D openmrs_parent --modules-dir "$MDB_DIR/modules")
state_of() { # record server-nickname-like: the sync_server_record state
    mdb_sql "SELECT CONCAT(sr.state, ' ', sr.retry_count) FROM openmrs_parent.sync_server_record sr
             JOIN openmrs_parent.sync_server s ON s.server_id = sr.server_id
             WHERE sr.record_id = $1 AND s.nickname LIKE '$2%'"
}

# ---- every pane, two sizes, and a resize while a pane is open --------------------------
tmux_run 80 24 xterm-256color "${console[@]}"
wait_for "Demo Parent" 20 || tap_bail "the console did not start"
settle
for size in 80x24 200x50; do
    if [ "$size" = 200x50 ]; then tmux -L "$sock" resize-window -x 200 -y 50; settle; fi
    for p in 1 2 3 4 5; do
        keys "$p"; settle
        golden "$size-pane$p"
    done
done
keys 2; settle
tmux -L "$sock" resize-window -x 100 -y 30; settle
tap_like "resize mid-screen: the header fills the new width" "$(screen | head -1)" "sync parent | connected"
tap_is "resize mid-screen: the status line is the last of 30 lines" "$(screen | wc -l)" 30
tmux -L "$sock" resize-window -x 80 -y 24; settle
keys '?'; settle
golden "80x24-help"
keys x; settle
tap_like "any key closes the help" "$(screen)" "Type   Last sync"

# ---- a confirmation: cancelled, then accepted, with the database checked -----------------
failed=$(mdb_sql "SELECT sr.record_id FROM openmrs_parent.sync_server_record sr JOIN openmrs_parent.sync_server s
                  ON s.server_id = sr.server_id WHERE s.nickname LIKE 'Demo Child A%' AND sr.state = 'FAILED' LIMIT 1")
keys Enter; wait_for "Records for Demo Child A"
keys / ; keys -l "FAILED"; keys Enter; settle
before=$(state_of "$failed" 'Demo Child A')
tap_is "the FAILED record of child A is selected" "$(screen | grep -c "^ *$failed .* FAILED ")" 1
keys R; wait_for "y: yes, do it"
tap_like "reset: the confirmation shows the SQL" "$(screen)" "UPDATE sync_server_record"
golden "80x24-confirm"
keys n; settle
tap_is "cancelled: nothing changed" "$(state_of "$failed" 'Demo Child A')" "$before"
keys R; wait_for "y: yes, do it"; keys y; settle
tap_is "accepted: the record is NEW with no retries" "$(state_of "$failed" 'Demo Child A')" "NEW 0"
tap_like "accepted: the audit log has it" "$(tail -n 1 "$OMRS_AUDIT_LOG")" "sync reset record $failed (console)"

# A module's pending diff from the Modules pane: its table is missing, so it fails and
# says why; once the table is there it runs and the property moves on.
gp() { mdb_sql "SELECT property_value FROM openmrs_parent.global_property WHERE property = 'formentry.database_version'"; }
keys Escape 4; settle; keys g A; wait_for "y: yes, do it"
tap_like "module apply: the confirmation shows the diff's SQL" "$(screen)" "CREATE INDEX formentry_xsn_archived_index"
keys y; wait_for "failed" 10
tap_like "module apply, failing statement: the status line names diff and statement" "$(screen | tail -1)" "module formentry, sqldiff.xml (omod root) line"
tap_is "module apply, failing statement: the property stays" "$(gp)" 2.7
mdb_sql "CREATE TABLE openmrs_parent.formentry_xsn (archived TINYINT)"
keys A; wait_for "y: yes, do it"; keys y; wait_for "module applied" 10
tap_is "module apply: the property is the diff's version" "$(gp)" 2.8
tap_like "module apply: the audit log has it" "$(tail -n 1 "$OMRS_AUDIT_LOG")" "module apply formentry 4.5.9.3 (console)"
keys q; sleep 0.3

# ---- read-only: no change offered, even when the key is pressed -----------------------
tmux_run 80 24 xterm-256color "$OMRS_CONSOLE" -R --defaults-file="$MDB_MONITOR_CNF" -D openmrs_parent
wait_for "READ-ONLY" 20
keys 2; settle; keys Down Enter; wait_for "Records for"
tap_unlike "read-only: the status line offers no reset" "$(screen | tail -1)" "reset"
before=$(mdb_sql "CHECKSUM TABLE openmrs_parent.sync_server_record, openmrs_parent.sync_record")
keys R; settle; keys D; settle
tap_unlike "read-only: R and D open no confirmation" "$(screen)" "y: yes, do it"
tap_is "read-only: nothing changed" "$(mdb_sql "CHECKSUM TABLE openmrs_parent.sync_server_record, openmrs_parent.sync_record")" "$before"
keys 4; settle
tap_unlike "read-only: the Modules pane offers no apply" "$(screen | tail -1)" "apply"
keys q; sleep 0.3

# ---- colours, NO_COLOR and terminals ------------------------------------------------------
colours() { tmux -L "$sock" capture-pane -p -e | grep -cE $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;5|48;5)[;m]'; }
tmux_run 80 24 xterm-256color "${console[@]}"; wait_for "Demo Parent" 20; settle
tap_ok "colours by default" test "$(colours)" -gt 0
keys q; sleep 0.3
NO_COLOR=1 tmux_run 80 24 xterm-256color "${console[@]}"; wait_for "Demo Parent" 20; settle
tap_is "NO_COLOR: no colour at all" "$(colours)" 0
tap_like "NO_COLOR: the selection is still visible (reverse video)" "$(tmux -L "$sock" capture-pane -p -e)" $'\e[7m'
keys q; sleep 0.3
for term in vt100 linux screen xterm-256color; do
    tmux_run 80 24 "$term" "${console[@]}"
    wait_for "Demo Parent" 20
    settle
    tap_like "TERM=$term: header and tabs" "$(screen | head -2)" "1 Overview  2 Sync"
    tap_like "TERM=$term: a rule under the health list" "$(screen | sed -n 4,20p)" "──────────"
    keys q; sleep 0.3
done

# ---- Ctrl-Z and a crash give the terminal back --------------------------------------------
tmux_run 80 24 xterm-256color bash --norc --noprofile -i
wait_for '$' 5
keys -l "PS1='shell> '; ${console[*]}"; keys Enter
wait_for "Demo Parent" 20
keys C-z; wait_for "Stopped" 5
tap_like "Ctrl-Z suspends to the shell" "$(screen)" "Stopped"
keys -l "fg"; keys Enter; wait_for "1 Overview" 5
tap_like "fg brings the console back" "$(screen | head -2)" "1 Overview"
pid=$(pgrep -n -f "omrs-console --defaults-file=$MDB_ADMIN_CNF")
kill -SEGV "$pid"; wait_for "shell>" 5
keys -l "stty -a | tr ' ' '\n' | grep -xE -- '-?(echo|icanon)' | tr '\n' ' '"; keys Enter; settle
tap_like "a crash signal restores the terminal (icanon, echo)" "$(screen)" "icanon echo"
keys -l "exit"; keys Enter

# ---- bytes over the wire: idle monitoring, then one number changing ------------------------
tmux_run 80 24 xterm-256color "$OMRS_CONSOLE" -R --refresh 1 --defaults-file="$MDB_MONITOR_CNF" -D openmrs_parent
wait_for "READ-ONLY" 20; keys 2; sleep 2
tmux -L "$sock" pipe-pane -o "cat > '$MDB_DIR/wire'"
sleep 30.5
idle=$(stat -c %s "$MDB_DIR/wire")
echo "# idle monitoring at 80x24: $idle bytes in 30 refreshes ($((idle / 30)) per refresh)"
tap_ok "idle refresh sends under 100 bytes ($((idle / 30)) per refresh)" test $((idle / 30)) -lt 100
mdb_sql "UPDATE openmrs_parent.sync_server_record SET state = 'COMMITTED' WHERE record_id = 38 AND server_id =
         (SELECT server_id FROM openmrs_parent.sync_server WHERE nickname LIKE 'Demo Child A%')"
sleep 1.5
changed=$(( $(stat -c %s "$MDB_DIR/wire") - idle ))
echo "# one number changed: $changed bytes in the refresh that showed it"
tap_ok "one changed number redraws about one line, not the screen ($changed bytes)" test "$changed" -lt 400
tap_like "the changed count is on the screen" "$(screen)" "Demo Child A"
tmux -L "$sock" pipe-pane
keys q; sleep 0.3

# ---- the server goes away: the screen says so and stays usable ----------------------------
tmux_run 80 24 xterm-256color "$OMRS_CONSOLE" -R --refresh 1 --defaults-file="$MDB_MONITOR_CNF" -D openmrs_parent
wait_for "READ-ONLY" 20
# A table the Class lists pane reads goes away for a moment: the pane keeps what it showed.
keys 5; wait_for "org.openmrs.module.formentry" 5
mdb_sql "RENAME TABLE openmrs_parent.sync_server_class TO openmrs_parent.sync_server_class_away"
wait_for "5 Class lists!" 5
tap_like "a failed read: the Class lists pane keeps its data, marked stale" "$(screen | sed -n 2p)$(screen)" "5 Class lists!"
tap_like "a failed read: the classes are still shown" "$(screen)" "org.openmrs.module.formentry"
mdb_sql "RENAME TABLE openmrs_parent.sync_server_class_away TO openmrs_parent.sync_server_class"
wait_for "5 Class lists " 5
tap_unlike "the next good read clears the stale mark" "$(screen | sed -n 2p)" "5 Class lists!"
kill "$MDB_PID"; wait "$MDB_PID" 2>/dev/null
wait_for "OFFLINE since" 10
tap_like "server gone: the header says since when the data is stale" "$(screen | head -1)" "OFFLINE since"
keys 3; wait_for "Changelog" 5
tap_like "server gone: the console still answers keys (pane 3 shows its old data)" "$(screen)" "liquibase.xml"
tap_like "server gone: the tab says the pane is stale" "$(screen | sed -n 2p)" "3 Upgrade scripts!"
keys q; sleep 0.5
tap_is "server gone: q still quits" "$(tmux -L "$sock" list-panes -F '#{pane_dead}' 2>/dev/null || echo gone)" "gone"

tap_done
