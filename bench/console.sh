#!/usr/bin/env bash
# The console on the demo federation (a private MariaDB):
#   start-up to the first full screen   OMRS_TUI_FRAMES=1 (draw one frame, leave) under
#                                       script(1), so curses talks to a real pty; wall time,
#                                       median of RUNS (default 5); target under 150 ms
#   bytes per idle refresh              -R --refresh 1 at 80x24 in tmux, 30 refreshes with no
#                                       data change, the pane's output counted by pipe-pane;
#                                       target under 100 bytes
#   one number changing                 the bytes of the refresh that shows it
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${OMRS_CONSOLE:?set OMRS_CONSOLE to the omrs-console binary (make bench does)}"
export OMRS_SHARED=${OMRS_SHARED:-$here/../../shared}
RUNS=${RUNS:-5}
. "$here/../tests/lib/mariadb.sh"
. "$here/../tests/lib/demo.sh"
for tool in tmux script; do command -v $tool > /dev/null || { echo "bench: $tool is needed" >&2; exit 1; }; done
mdb_start > /dev/null || exit 1
export HOME=$MDB_DIR/home OMRS_AUDIT_LOG=$MDB_DIR/audit.log
mkdir -p "$HOME"
demo_seed || exit 1
sock=omrs-bench-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null; mdb_stop' EXIT

echo "omrs-console console, $(date -u +%Y-%m-%d), $(nproc) cores, $(mariadbd --version | awk '{print $3}')"
times=()
for i in $(seq 1 "$RUNS"); do
    start=$(date +%s%N)
    OMRS_TUI_FRAMES=1 TERM=xterm-256color script -qec \
        "'$OMRS_CONSOLE' --defaults-file='$MDB_ADMIN_CNF' -D openmrs_parent" /dev/null > /dev/null 2>&1
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
printf '%-48s %6s ms (runs: %s)  target < 150 ms\n' "start-up to the first full screen (median)" "$median" "${times[*]}"

tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 -e TERM=xterm-256color \
    "'$OMRS_CONSOLE' -R --refresh 1 --defaults-file='$MDB_MONITOR_CNF' -D openmrs_parent"
sleep 3
for pane in 1 2; do
    tmux -L "$sock" send-keys "$pane"; sleep 2
    tmux -L "$sock" pipe-pane -o "cat > '$MDB_DIR/wire'"
    sleep 30.5
    tmux -L "$sock" pipe-pane
    bytes=$(stat -c %s "$MDB_DIR/wire")
    printf '%-48s %6s bytes (%s in 30 refreshes)  target < 100\n' "idle refresh at 80x24, pane $pane" "$((bytes / 30))" "$bytes"
done
tmux -L "$sock" pipe-pane -o "cat > '$MDB_DIR/wire'"
sleep 0.2
mdb_sql "UPDATE openmrs_parent.sync_server_record SET state = 'COMMITTED' WHERE record_id = 38 AND server_id =
         (SELECT server_id FROM openmrs_parent.sync_server WHERE nickname LIKE 'Demo Child A%')"
sleep 1.5
tmux -L "$sock" pipe-pane
printf '%-48s %6s bytes (a full 80x24 screen is about 2000)\n' "refresh showing one changed number, pane 2" \
    "$(stat -c %s "$MDB_DIR/wire")"
