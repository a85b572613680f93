# The common start of a test that needs a database: TAP helpers, a private MariaDB,
# and an empty HOME and environment so nothing of the person running the tests
# (their ~/.my.cnf, ~/.OpenMRS, OPENMRS_* variables) can change the outcome.
#   . "$OMRS_SRCDIR/tests/lib/testenv.sh"
#   test_start_db
. "$OMRS_SRCDIR/tests/lib/tap.sh"
. "$OMRS_SRCDIR/tests/lib/mariadb.sh"

test_start_db() {
    mdb_start || tap_bail "cannot start a private MariaDB"
    export HOME=$MDB_DIR/home
    mkdir -p "$HOME"
    unset OPENMRS_RUNTIME_PROPERTIES_FILE OPENMRS_APPLICATION_DATA_DIRECTORY
}
