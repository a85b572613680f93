#!/usr/bin/env bash
# The private MariaDB harness itself: it starts in a temp dir with its own socket,
# port and pid file, gives an admin and a SELECT-only account, and stops by PID and
# removes everything even when the script using it fails; as root and as an ordinary user.
. "$OMRS_SRCDIR/tests/lib/tap.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/omrs-harness.XXXXXX")
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
# A copy the unprivileged user can read wherever the source tree lives.
lib=$work/mariadb.sh
cp "$OMRS_SRCDIR/tests/lib/mariadb.sh" "$lib" && chmod 644 "$lib"

# A script that starts the server, reports on it, then fails on purpose (exit 3).
cat > "$work/probe.sh" <<PROBE
. '$lib'
mdb_start || exit 1
echo "dir=\$MDB_DIR pid=\$MDB_PID"
[ -S "\$MDB_SOCKET" ] && echo socket-ok
[ "\$(cat "\$MDB_PIDFILE")" = "\$MDB_PID" ] && echo pidfile-ok
mdb_sql "SELECT CURRENT_USER()"
mariadb --defaults-file="\$MDB_MONITOR_CNF" -B -N -e "SELECT CURRENT_USER()"
mariadb --defaults-file="\$MDB_MONITOR_CNF" -e "CREATE DATABASE nope" 2>&1 | grep -q "Access denied" && echo monitor-cannot-write
mariadb --defaults-file="\$MDB_ADMIN_CNF" -h 127.0.0.1 -P "\$MDB_PORT" --protocol=tcp -B -N -e "SELECT 'tcp-ok'"
exit 3
PROBE
chmod 644 "$work/probe.sh"

check_run() { # who tmpdir command...
    local who=$1 tmp=$2; shift 2
    local out rc dir pid
    out=$(TMPDIR=$tmp "$@" 2>&1); rc=$?
    dir=$(printf '%s\n' "$out" | sed -n 's/^dir=\([^ ]*\) .*/\1/p')
    pid=$(printf '%s\n' "$out" | sed -n 's/.* pid=//p')
    tap_like "$who: server started in a temp dir" "$dir" "$tmp/omrs-mdb."
    tap_like "$who: own socket" "$out" "socket-ok"
    tap_like "$who: own pid file" "$out" "pidfile-ok"
    tap_like "$who: admin account works" "$out" "omrs_admin@localhost"
    tap_like "$who: monitor account works" "$out" "omrs_monitor@localhost"
    tap_like "$who: monitor account cannot write" "$out" "monitor-cannot-write"
    tap_like "$who: TCP on its own port" "$out" "tcp-ok"
    tap_is "$who: the failing script's status is kept" "$rc" 3
    tap_ok "$who: the server process is gone" sh -c "[ -n '$pid' ] && ! kill -0 '$pid' 2>/dev/null"
    tap_ok "$who: the temp dir is removed" sh -c "[ -n '$dir' ] && [ ! -e '$dir' ]"
}

check_run "$(id -un)" "$work" bash "$work/probe.sh"
if [ "$(id -u)" = 0 ]; then
    # nobody's home does not exist; the harness needs only a TMPDIR it may write
    install -d -o nobody "$work/nobody"
    check_run "nobody" "$work/nobody" runuser -u nobody -- env TMPDIR="$work/nobody" PATH="$PATH" bash "$work/probe.sh"
fi

tap_done
