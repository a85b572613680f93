#!/usr/bin/env bash
# Every connection source, in rising priority, against a private MariaDB:
# runtime properties found where OpenMRS looks < option files < OPENMRS_RUNTIME_PROPERTIES_FILE
# < flags (including --runtime-properties). HOME is a temp dir so nothing of the user leaks in.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
bin=$OMRS_CONSOLE
test_start_db

make_site() { # database display-name
    mdb_sql "CREATE DATABASE $1;
        CREATE TABLE $1.global_property (property VARCHAR(255) PRIMARY KEY, property_value TEXT);
        INSERT INTO $1.global_property VALUES ('sync.server_name', '$2');"
}
make_site openmrs "Main Site"
make_site other_db "Other Site"
escaped_pw='pa:ss=w!rd#1 x'
mdb_sql "CREATE USER 'escaped'@'%' IDENTIFIED BY 'pa:ss=w!rd#1 x'; GRANT SELECT ON *.* TO 'escaped'@'%';
         CREATE USER 'escaped'@'localhost' IDENTIFIED BY 'pa:ss=w!rd#1 x'; GRANT SELECT ON *.* TO 'escaped'@'localhost';"

write_props() { # file database user password [host]
    mkdir -p "$(dirname "$1")"
    cat > "$1" <<PROPS
# written by conn_sources.sh
connection.url=jdbc:mysql://${5:-127.0.0.1}:$MDB_PORT/$2?autoReconnect=true&sessionVariables=default_storage_engine%3DInnoDB&useUnicode=true&characterEncoding=UTF-8
connection.username=$3
connection.password=$4
PROPS
}

info() { "$bin" info --show-config "$@" 2>&1; }
setting_line() { printf '%s\n' "$1" | grep -E "^  $2 " | head -1; }

# 1. runtime properties in ~/.OpenMRS, OpenMRS's default application data directory
write_props "$HOME/.OpenMRS/openmrs-runtime.properties" openmrs "$MDB_ADMIN_USER" "$MDB_ADMIN_PASSWORD"
out=$(info); rc=$?
tap_is "found runtime properties: exit 0" "$rc" 0
tap_like "found runtime properties: connects to the named database" "$out" "Main Site"
tap_like "found runtime properties: host from connection.url" "$(setting_line "$out" host)" "127.0.0.1"
tap_like "found runtime properties: source shown" "$(setting_line "$out" user)" "runtime properties (found)"
tap_like "found runtime properties: path shown" "$out" "$HOME/.OpenMRS/openmrs-runtime.properties"
tap_unlike "password never printed" "$out" "$MDB_ADMIN_PASSWORD"
tap_like "password shown masked with its source" "$(setting_line "$out" password)" "******** (set)"

# 2. jdbc:mysql://localhost means TCP, as for Java, not the default unix socket
write_props "$HOME/.OpenMRS/openmrs-runtime.properties" openmrs "$MDB_ADMIN_USER" "$MDB_ADMIN_PASSWORD" localhost
out=$(info); rc=$?
tap_is "jdbc localhost: connects over TCP (exit 0)" "$rc" 0
tap_like "jdbc localhost: port from the URL" "$(setting_line "$out" port)" "$MDB_PORT"
write_props "$HOME/.OpenMRS/openmrs-runtime.properties" openmrs "$MDB_ADMIN_USER" "$MDB_ADMIN_PASSWORD"

# 3. OPENMRS_APPLICATION_DATA_DIRECTORY is searched before ~/.OpenMRS
write_props "$MDB_DIR/appdata/openmrs-runtime.properties" other_db "$MDB_ADMIN_USER" "$MDB_ADMIN_PASSWORD"
out=$(OPENMRS_APPLICATION_DATA_DIRECTORY=$MDB_DIR/appdata info)
tap_like "application data directory: its runtime properties are used" "$out" "Other Site"

# 4. ~/.my.cnf beats a runtime properties file that was merely found
printf '[client]\nuser=%s\npassword=%s\n' "$MDB_MONITOR_USER" "$MDB_MONITOR_PASSWORD" > "$HOME/.my.cnf"
out=$(info); rc=$?
tap_is "option file over found properties: exit 0" "$rc" 0
tap_like "option file over found properties: account from ~/.my.cnf" "$out" "account $MDB_MONITOR_USER@"
tap_like "option file over found properties: source shown" "$(setting_line "$out" user)" "option file"
tap_like "option file over found properties: database still from the URL" "$out" "Main Site"

# 5. a file named by OPENMRS_RUNTIME_PROPERTIES_FILE beats option files
write_props "$MDB_DIR/named.properties" other_db "$MDB_ADMIN_USER" "$MDB_ADMIN_PASSWORD"
out=$(OPENMRS_RUNTIME_PROPERTIES_FILE=$MDB_DIR/named.properties info)
tap_like "env-named properties over option file: account" "$out" "account $MDB_ADMIN_USER@"
tap_like "env-named properties over option file: database" "$out" "Other Site"
tap_like "env-named properties: source shown" "$(setting_line "$out" user)" "OPENMRS_RUNTIME_PROPERTIES_FILE"
out=$(OPENMRS_RUNTIME_PROPERTIES_FILE=$MDB_DIR/missing.properties info); rc=$?
tap_is "env-named properties missing: exit 1" "$rc" 1
tap_like "env-named properties missing: names the file" "$out" "$MDB_DIR/missing.properties"

# 6. --runtime-properties beats the environment
write_props "$MDB_DIR/flag.properties" openmrs "$MDB_ADMIN_USER" "$MDB_ADMIN_PASSWORD"
out=$(OPENMRS_RUNTIME_PROPERTIES_FILE=$MDB_DIR/named.properties info --runtime-properties "$MDB_DIR/flag.properties")
tap_like "--runtime-properties over the environment" "$out" "Main Site"
tap_like "--runtime-properties: source shown" "$(setting_line "$out" user)" "--runtime-properties"

# 7. flags beat everything
out=$(info --runtime-properties "$MDB_DIR/flag.properties" -D other_db)
tap_like "-D over runtime properties" "$out" "Other Site"
tap_like "-D: source shown" "$(setting_line "$out" database)" "command line"
rm -f "$HOME/.my.cnf"
out=$(info --defaults-file="$MDB_ADMIN_CNF" -u "$MDB_MONITOR_USER"); rc=$?
tap_is "-u over --defaults-file: the admin password does not fit the monitor account" "$rc" 1
tap_like "-u over --defaults-file: access denied names the user" "$out" "Access denied for user '$MDB_MONITOR_USER'@"

# 8. --defaults-file and --defaults-group-suffix
out=$(info --defaults-file="$MDB_MONITOR_CNF")
tap_like "--defaults-file: account from the file" "$out" "account $MDB_MONITOR_USER@"
tap_like "--defaults-file: default database openmrs" "$out" "Main Site"
cp "$MDB_ADMIN_CNF" "$MDB_DIR/suffix.cnf"; printf '[client_site2]\ndatabase=other_db\n' >> "$MDB_DIR/suffix.cnf"
out=$(info --defaults-file="$MDB_DIR/suffix.cnf" --defaults-group-suffix=_site2)
tap_like "--defaults-group-suffix: reads [client_site2]" "$out" "Other Site"
tap_like "--defaults-group-suffix: database source" "$(setting_line "$out" database)" "option file"
out=$(info --defaults-file="$MDB_DIR/suffix.cnf")
tap_like "without the suffix [client_site2] is ignored" "$out" "Main Site"

# 9. -S and -h/-P flags
out=$(info --defaults-file="$MDB_ADMIN_CNF" -S "$MDB_SOCKET")
tap_like "-S: socket shown from the command line" "$(setting_line "$out" socket)" "command line"
out=$(info --defaults-file="$MDB_ADMIN_CNF" -h 127.0.0.1 -P "$MDB_PORT"); rc=$?
tap_is "-h/-P: TCP connection works" "$rc" 0
tap_like "-h/-P: port from the command line" "$(setting_line "$out" port)" "$MDB_PORT"

# 10. Java properties escaping: \: \= \# \u0020 and a continued line
cat > "$MDB_DIR/escaped.properties" <<PROPS
! Java properties escaping
connection.url = jdbc:mysql://127.0.0.1:$MDB_PORT/\\
                 other_db?autoReconnect=true
connection.username : escaped
connection.password=pa\\:ss\\=w!rd\\#1\\u0020x
PROPS
out=$(info --runtime-properties "$MDB_DIR/escaped.properties"); rc=$?
tap_is "escaped properties: exit 0" "$rc" 0
tap_like "escaped properties: continued URL line" "$out" "Other Site"
tap_like "escaped properties: escaped password accepted" "$out" "account escaped@"

# 11. -p asks on the terminal, never echoing; driven in tmux like a person would
printf '[client]\nuser=%s\nsocket=%s\n' "$MDB_ADMIN_USER" "$MDB_SOCKET" > "$MDB_DIR/nopass.cnf"
sock=omrs-pw-$$
tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 10 \
    "'$bin' -p --defaults-file='$MDB_DIR/nopass.cnf' info > '$MDB_DIR/prompt.out' 2>&1; echo rc=\$? >> '$MDB_DIR/prompt.out'; sleep 30"
for i in $(seq 1 50); do tmux -L "$sock" capture-pane -p | grep -q "Enter password:" && break; sleep 0.1; done
tmux -L "$sock" send-keys "$MDB_ADMIN_PASSWORD" Enter
for i in $(seq 1 100); do grep -q '^rc=' "$MDB_DIR/prompt.out" 2>/dev/null && break; sleep 0.1; done
screen=$(tmux -L "$sock" capture-pane -p)
tmux -L "$sock" kill-server 2>/dev/null
out=$(cat "$MDB_DIR/prompt.out" 2>/dev/null)
tap_like "-p: the typed password connects" "$out" "rc=0"
tap_like "-p: info printed" "$out" "Main Site"
tap_unlike "-p: the password is not echoed on the terminal" "$screen" "$MDB_ADMIN_PASSWORD"

tap_done
