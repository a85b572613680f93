#!/usr/bin/env bash
# Foreign keys added to empty tables go in place (src/lb/fk_inplace.h); they must leave
# exactly what Liquibase's plain statement leaves. The same changelog runs on a database
# whose tables are empty (in place) and on one whose tables hold a valid row (the plain
# statement, as Liquibase runs it): the tables and their referential rules must be
# identical, for every rule. Then what the checks would catch must still fail as it does
# under Liquibase: a missing referenced table, rows that break the key.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
bin=$OMRS_CONSOLE
test_start_db
export OMRS_AUDIT_LOG=$MDB_DIR/audit.log
admin=(--defaults-file="$MDB_ADMIN_CNF")
cl=$MDB_DIR/cl; mkdir -p "$cl"

fk() { # id base column referenced [extra attributes]
    printf '  <changeSet id="%s" author="t"><addForeignKeyConstraint constraintName="%s" baseTableName="%s" baseColumnNames="%s" referencedTableName="%s" referencedColumnNames="id" %s/></changeSet>\n' \
        "$1" "$1" "$2" "$3" "$4" "${5:-}"
}
{
    echo '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">'
    fk fk_restrict child a parent 'onUpdate="RESTRICT" onDelete="RESTRICT"'
    fk fk_no_action child b parent 'onUpdate="NO ACTION" onDelete="NO ACTION"'
    fk fk_cascade child c parent 'onUpdate="CASCADE" onDelete="SET NULL"'
    fk fk_plain child d parent
    fk fk_self child e child 'onDelete="restrict"'
    echo '  <changeSet id="two-in-one" author="t">'
    echo '    <addForeignKeyConstraint constraintName="fk_other_a" baseTableName="other" baseColumnNames="a" referencedTableName="parent" referencedColumnNames="id" onDelete="RESTRICT"/>'
    echo '    <addForeignKeyConstraint constraintName="fk_other_b" baseTableName="other" baseColumnNames="b" referencedTableName="child" referencedColumnNames="id" onUpdate="CASCADE"/>'
    echo '  </changeSet>'
    echo '</databaseChangeLog>'
} > "$cl/fks.xml"

make_tables() { # database rows?
    mdb_sql "CREATE DATABASE $1; USE $1;
        CREATE TABLE parent (id INT PRIMARY KEY);
        CREATE TABLE child (id INT PRIMARY KEY, a INT, b INT, c INT, d INT, e INT);
        CREATE TABLE other (id INT PRIMARY KEY, a INT, b INT);
        INSERT INTO parent VALUES (1)"
    [ "$2" = rows ] && mdb_sql "USE $1; INSERT INTO child VALUES (1, 1, 1, 1, 1, 1); INSERT INTO other VALUES (1, 1, 1)"
    return 0
}
tables() { # database: the tables and their foreign keys as the server describes them
    mdb_sql "USE $1; SHOW CREATE TABLE child; SHOW CREATE TABLE other" | sed 's/^[a-z]*\t//'
    mdb_sql "SELECT CONSTRAINT_NAME, TABLE_NAME, REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE
             FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '$1' ORDER BY 1"
}
history() { mdb_sql "SELECT ID, MD5SUM, EXECTYPE, DESCRIPTION FROM $1.liquibasechangelog ORDER BY ORDEREXECUTED"; }

make_tables inplace empty
make_tables copied rows
# The server's general log shows which way each key went.
for db in inplace copied; do
    mdb_sql "SET GLOBAL general_log_file = '$MDB_DIR/$db.log'; SET GLOBAL general_log = 1"
    out=$("$bin" "${admin[@]}" -D $db changelog update --yes --search-path "$cl" fks.xml 2>&1); rc=$?
    tap_is "$db: update exits 0" "$rc" 0
    [ $rc -eq 0 ] || printf '%s\n' "$out" | tail -3 | sed 's/^/# /'
    mdb_sql "SET GLOBAL general_log = 0"
done
tap_is "empty tables: all seven keys added in place" "$(grep -c 'SET STATEMENT foreign_key_checks = 0 FOR ALTER TABLE' "$MDB_DIR/inplace.log")" 7
tap_is "filled tables: no key added in place" "$(grep -c 'SET STATEMENT foreign_key_checks' "$MDB_DIR/copied.log")" 0
tap_is "seven foreign keys made" "$(mdb_sql "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'inplace'")" 7
want=$(tables copied | sed 's/copied/DB/g'); got=$(tables inplace | sed 's/inplace/DB/g')
if [ "$got" = "$want" ]; then
    tap_result 0 "empty tables: same tables and rules as Liquibase's statement on filled ones"
else
    tap_result 1 "empty tables: same tables and rules as Liquibase's statement on filled ones" "$(diff <(echo "$want") <(echo "$got") | head -10)"
fi
tap_like "RESTRICT stays RESTRICT" "$(tables inplace)" "fk_restrict	child	parent	RESTRICT	RESTRICT"
tap_like "NO ACTION stays NO ACTION" "$(tables inplace)" "fk_no_action	child	parent	NO ACTION	NO ACTION"
tap_like "history rows written" "$(history inplace)" "two-in-one"
tap_is "same history rows" "$(history inplace)" "$(history copied)"
tap_is "no table left locked, checks on: a row that breaks a key is refused" \
    "$(mdb_sql "INSERT INTO inplace.child VALUES (2, 99, NULL, NULL, NULL, NULL)" 2>&1 | grep -c 'foreign key constraint fails')" 1

# What the checks are for still fails, with the server's error and no history row.
cat > "$cl/ghost.xml" <<EOF2
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
$(fk fk_ghost child a ghost)
</databaseChangeLog>
EOF2
make_tables ghost empty
out=$("$bin" "${admin[@]}" -D ghost changelog update --yes --search-path "$cl" ghost.xml 2>&1); rc=$?
tap_is "missing referenced table: exit 1" "$rc" 1
tap_like "missing referenced table: the changeSet" "$out" "changeSet fk_ghost::t (ghost.xml:2) failed, no history row written"
tap_like "missing referenced table: the server's error for Liquibase's statement" "$out" 'errno: 150 "Foreign key constraint is incorrectly formed"' 
tap_is "missing referenced table: no key made" "$(mdb_sql "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'ghost'")" 0
tap_is "missing referenced table: no history row" "$(mdb_sql "SELECT COUNT(*) FROM ghost.liquibasechangelog")" 0
tap_is "missing referenced table: lock released" "$(mdb_sql "SELECT LOCKED FROM ghost.liquibasechangeloglock")" 0

cat > "$cl/broken.xml" <<EOF2
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
$(fk fk_broken child a parent)
</databaseChangeLog>
EOF2
make_tables broken empty
mdb_sql "INSERT INTO broken.child VALUES (1, 99, NULL, NULL, NULL, NULL)"
out=$("$bin" "${admin[@]}" -D broken changelog update --yes --search-path "$cl" broken.xml 2>&1); rc=$?
tap_is "rows breaking the key: exit 1" "$rc" 1
tap_like "rows breaking the key: the changeSet" "$out" "changeSet fk_broken::t (broken.xml:2) failed"
tap_like "rows breaking the key: the server's error" "$out" "foreign key constraint fails"
tap_is "rows breaking the key: no key made" "$(mdb_sql "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'broken'")" 0
tap_is "rows breaking the key: no history row" "$(mdb_sql "SELECT COUNT(*) FROM broken.liquibasechangelog")" 0
tap_done
