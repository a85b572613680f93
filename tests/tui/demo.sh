#!/usr/bin/env bash
# Drives scripts/demo's console in tmux: it opens on the parent, shows the help from the
# action table, quits with q, and the private server is gone afterwards. Then the console
# with a SELECT-only account in read-only mode shows the READ-ONLY badge.
. "$OMRS_SRCDIR/tests/lib/tap.sh"
sock=omrs-tui-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/omrs-tui.XXXXXX")
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
export HOME=$work
unset OPENMRS_RUNTIME_PROPERTIES_FILE OPENMRS_APPLICATION_DATA_DIRECTORY

tmux_start() { # command...
    tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 -e TERM=xterm-256color "$@"
}
screen() { tmux -L "$sock" capture-pane -p 2>/dev/null; }
wait_for() { # text seconds
    local i
    for i in $(seq 1 $(($2 * 10))); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    return 1
}

tmux_start "env OMRS_CONSOLE='$OMRS_CONSOLE' OMRS_SHARED='$OMRS_SHARED' TMPDIR='$work' '$OMRS_SRCDIR/scripts/demo' 2> '$work/demo.log'; echo \"demo-exit=\$?\" >> '$work/demo.log'; sleep 60"
wait_for "Demo Parent (District Hospital)" 90
tap_like "demo opens the console on the parent" "$(screen)" "Demo Parent (District Hospital)"
tap_like "header shows the database" "$(screen | head -1)" "| openmrs_parent |"
tap_like "header shows the sync role" "$(screen | head -1)" "sync parent"
tap_like "status line shows the keys" "$(screen | tail -1)" "q quit"
tmux -L "$sock" send-keys '?'
wait_for "leave the console" 5
tap_like "? shows the help made from the action table" "$(screen)" "read the database again now"
tmux -L "$sock" send-keys 'x'
wait_for "Sync role" 5
tap_like "any key closes the help" "$(screen)" "Sync role"
tmux -L "$sock" send-keys 'q'
for i in $(seq 1 100); do grep -q demo-exit "$work/demo.log" 2>/dev/null && break; sleep 0.1; done
tap_like "q quits and the demo ends cleanly" "$(cat "$work/demo.log")" "demo-exit=0"
tap_is "the private server's temp dir is removed" "$(ls -d "$work"/omrs-mdb.* 2>/dev/null | wc -l)" 0
tmux -L "$sock" kill-server 2>/dev/null

. "$OMRS_SRCDIR/tests/lib/mariadb.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
mdb_start || tap_bail "cannot start a private MariaDB"
# mdb_start installed its own EXIT trap; keep ours too (tmux server, work dir).
trap 'mdb_stop; tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
demo_seed || tap_bail "cannot seed the demo"
tmux_start "'$OMRS_CONSOLE' -R --no-color --defaults-file='$MDB_MONITOR_CNF' -D openmrs_child_b; sleep 60"
wait_for "Demo Child B" 20
tap_like "read-only console: READ-ONLY badge" "$(screen | head -1)" "READ-ONLY"
tap_like "read-only console: child role" "$(screen | head -1)" "sync child"
tmux -L "$sock" resize-window -t 0 -x 120 -y 40 2>/dev/null || tmux -L "$sock" resize-pane -x 120 -y 40
sleep 0.5
tap_like "after a resize the badge moves to the new right edge" "$(screen | head -1 | cut -c100-)" "READ-ONLY"
tmux -L "$sock" send-keys 'q'

tap_done
