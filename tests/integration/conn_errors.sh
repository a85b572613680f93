#!/usr/bin/env bash
# Every connection error gets one line that says what to do, and exit status 1:
# unreachable server, wrong password, unknown database, not an OpenMRS database,
# missing privileges.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
bin=$OMRS_CONSOLE
test_start_db

mdb_sql "CREATE DATABASE openmrs;
    CREATE TABLE openmrs.global_property (property VARCHAR(255) PRIMARY KEY, property_value TEXT);
    CREATE TABLE openmrs.liquibasechangelog (ID VARCHAR(255) NOT NULL);
    CREATE DATABASE not_openmrs; CREATE TABLE not_openmrs.t (x INT);
    CREATE USER 'nodb'@'localhost' IDENTIFIED BY 'nodb-pw';
    GRANT SELECT ON not_openmrs.* TO 'nodb'@'localhost';
    CREATE USER 'onetable'@'localhost' IDENTIFIED BY 'onetable-pw';
    GRANT SELECT ON openmrs.liquibasechangelog TO 'onetable'@'localhost';"

check_error() { # description expected-substring args...
    local desc=$1 want=$2; shift 2
    local err rc
    err=$("$bin" info "$@" 2>&1 >/dev/null); rc=$?
    tap_is "$desc: exit 1" "$rc" 1
    tap_is "$desc: one line" "$(printf '%s\n' "$err" | wc -l)" 1
    tap_like "$desc: message" "$err" "$want"
}

cnf() { # file user password
    printf '[client]\nuser=%s\npassword=%s\nsocket=%s\n' "$2" "$3" "$MDB_SOCKET" > "$1"
}
cnf "$MDB_DIR/wrong.cnf" "$MDB_ADMIN_USER" "not-the-password"
cnf "$MDB_DIR/nodb.cnf" nodb nodb-pw
cnf "$MDB_DIR/onetable.cnf" onetable onetable-pw

check_error "unreachable server (TCP)" "cannot reach the database server at 127.0.0.1:1 " \
    --defaults-file="$MDB_ADMIN_CNF" -h 127.0.0.1 -P 1
check_error "unreachable server (socket)" "cannot reach the database server at socket $MDB_DIR/none.sock" \
    --defaults-file="$MDB_ADMIN_CNF" -S "$MDB_DIR/none.sock"
check_error "wrong password" "Access denied for user '$MDB_ADMIN_USER'@'localhost'" --defaults-file="$MDB_DIR/wrong.cnf"
check_error "wrong password: advice" "use -p to type the password" --defaults-file="$MDB_DIR/wrong.cnf"
check_error "unknown database" "Unknown database 'nosuch'" --defaults-file="$MDB_ADMIN_CNF" -D nosuch
check_error "unknown database: advice" "name the OpenMRS database with --database" --defaults-file="$MDB_ADMIN_CNF" -D nosuch
check_error "not an OpenMRS database" "database 'not_openmrs' is not an OpenMRS database: it has no global_property table" \
    --defaults-file="$MDB_ADMIN_CNF" -D not_openmrs
check_error "no privilege on the database" "Access denied for user 'nodb'@'localhost' to database 'openmrs': grant the account at least SELECT" \
    --defaults-file="$MDB_DIR/nodb.cnf"
check_error "no privilege on a table" "missing privilege" --defaults-file="$MDB_DIR/onetable.cnf"

tap_done
