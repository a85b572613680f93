# Private MariaDB server for tests and the demo: its own datadir, socket, port and
# pid file under one temp dir; stopped by PID and removed on exit. Never the system service.
#
#   . tests/lib/mariadb.sh
#   mdb_start            # sets MDB_DIR MDB_SOCKET MDB_PORT MDB_PID MDB_ADMIN_CNF MDB_MONITOR_CNF
#   mdb_sql "SELECT 1"   # runs SQL as the admin user
#   mdb_stop             # also run by the EXIT trap that mdb_start installs
#
# Users: omrs_admin (all privileges) and omrs_monitor (SELECT only), both reachable over
# the socket and over TCP on 127.0.0.1:$MDB_PORT; their passwords are in the option files
# $MDB_ADMIN_CNF and $MDB_MONITOR_CNF, never on a command line.

MDB_ADMIN_USER=omrs_admin
MDB_MONITOR_USER=omrs_monitor

mdb_find() {
    local name
    for name in "$@"; do
        command -v "$name" 2>/dev/null && return 0
        [ -x "/usr/sbin/$name" ] && { echo "/usr/sbin/$name"; return 0; }
    done
    return 1
}

mdb_random_password() {
    head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'
}

# A TCP port nobody listens on, derived from our PID so parallel runs rarely collide.
mdb_free_port() {
    local port=$((20000 + ($$ * 7 + RANDOM) % 40000)) tries=0
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1)); tries=$((tries + 1))
        [ $tries -gt 200 ] && return 1
    done
    echo "$port"
}

mdb_write_cnf() { # file user password
    umask 077
    printf '[client]\nuser=%s\npassword=%s\nsocket=%s\n' "$2" "$3" "$MDB_SOCKET" > "$1"
}

mdb_start() {
    local mariadbd install_db as_root=""
    mariadbd=$(mdb_find mariadbd mysqld) || { echo "mariadbd not found: run scripts/install-deps" >&2; return 1; }
    install_db=$(mdb_find mariadb-install-db mysql_install_db) || { echo "mariadb-install-db not found" >&2; return 1; }
    MDB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/omrs-mdb.XXXXXX") || return 1
    MDB_SOCKET=$MDB_DIR/mysqld.sock
    MDB_PIDFILE=$MDB_DIR/mysqld.pid
    MDB_PORT=$(mdb_free_port) || { echo "no free TCP port" >&2; return 1; }
    trap mdb_stop EXIT
    trap 'exit 130' INT TERM
    [ "$(id -u)" = 0 ] && as_root="--user=root"
    # Its own tmpdir too: servers sharing /tmp have been seen deleting each other's temp tables.
    mkdir -p "$MDB_DIR/tmp"
    TMPDIR=$MDB_DIR/tmp "$install_db" --no-defaults $as_root --datadir="$MDB_DIR/data" --tmpdir="$MDB_DIR/tmp" \
        --auth-root-authentication-method=socket \
        --skip-test-db > "$MDB_DIR/install.log" 2>&1 || { cat "$MDB_DIR/install.log" >&2; return 1; }
    "$mariadbd" --no-defaults $as_root --datadir="$MDB_DIR/data" --tmpdir="$MDB_DIR/tmp" --socket="$MDB_SOCKET" \
        --pid-file="$MDB_PIDFILE" --port="$MDB_PORT" --bind-address=127.0.0.1 \
        --log-error="$MDB_DIR/error.log" --innodb-buffer-pool-size=64M \
        --innodb-flush-log-at-trx-commit=2 --skip-log-bin --character-set-server=utf8mb4 \
        > /dev/null 2>&1 &
    MDB_PID=$!
    mdb_wait_ready || { cat "$MDB_DIR/error.log" >&2; return 1; }
    mdb_create_users
}

mdb_wait_ready() {
    local i
    for i in $(seq 1 300); do
        [ -S "$MDB_SOCKET" ] && mdb_root_sql "SELECT 1" > /dev/null 2>&1 && return 0
        kill -0 "$MDB_PID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

mdb_client() {
    mdb_find mariadb mysql
}

# root@localhost authenticates by unix socket as the OS user that ran install-db.
mdb_root_sql() {
    local user=root
    [ "$(id -u)" = 0 ] || user=$(id -un)
    "$(mdb_client)" --no-defaults --socket="$MDB_SOCKET" -u"$user" -e "$1"
}

mdb_create_users() {
    local admin_pw monitor_pw
    admin_pw=$(mdb_random_password); monitor_pw=$(mdb_random_password)
    MDB_ADMIN_CNF=$MDB_DIR/admin.cnf
    MDB_MONITOR_CNF=$MDB_DIR/monitor.cnf
    mdb_write_cnf "$MDB_ADMIN_CNF" "$MDB_ADMIN_USER" "$admin_pw"
    mdb_write_cnf "$MDB_MONITOR_CNF" "$MDB_MONITOR_USER" "$monitor_pw"
    mdb_root_sql "
        CREATE USER '$MDB_ADMIN_USER'@'localhost' IDENTIFIED BY '$admin_pw';
        CREATE USER '$MDB_ADMIN_USER'@'%' IDENTIFIED BY '$admin_pw';
        GRANT ALL ON *.* TO '$MDB_ADMIN_USER'@'localhost' WITH GRANT OPTION;
        GRANT ALL ON *.* TO '$MDB_ADMIN_USER'@'%' WITH GRANT OPTION;
        CREATE USER '$MDB_MONITOR_USER'@'localhost' IDENTIFIED BY '$monitor_pw';
        CREATE USER '$MDB_MONITOR_USER'@'%' IDENTIFIED BY '$monitor_pw';
        GRANT SELECT ON *.* TO '$MDB_MONITOR_USER'@'localhost';
        GRANT SELECT ON *.* TO '$MDB_MONITOR_USER'@'%';" || return 1
    MDB_ADMIN_PASSWORD=$admin_pw
    MDB_MONITOR_PASSWORD=$monitor_pw
}

# Runs SQL (argument, or standard input when none) as the admin user.
mdb_sql() {
    if [ $# -gt 0 ]; then
        "$(mdb_client)" --defaults-file="$MDB_ADMIN_CNF" -B -N -e "$1"
    else
        "$(mdb_client)" --defaults-file="$MDB_ADMIN_CNF" -B -N
    fi
}

mdb_stop() {
    local i
    if [ -n "${MDB_PID:-}" ] && kill -0 "$MDB_PID" 2>/dev/null; then
        kill "$MDB_PID" 2>/dev/null || true
        for i in $(seq 1 200); do
            kill -0 "$MDB_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$MDB_PID" 2>/dev/null || true
        wait "$MDB_PID" 2>/dev/null || true
    fi
    MDB_PID=
    [ -n "${MDB_DIR:-}" ] && [ -d "$MDB_DIR" ] && rm -rf "$MDB_DIR"
    MDB_DIR=
}
