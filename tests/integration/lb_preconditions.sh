#!/usr/bin/env bash
# Liquibase preconditions against a private MariaDB (src/lb/precondition.c, driven by
# tests/integration/precondition_probe): every precondition type passing and failing, and/or/not
# nesting, onFail/onError/onSqlOutput and their messages, sqlCheck's row rules, names compared
# as the server compares them, values escaped, DDL between two checks seen, the same answers
# from a SELECT-only read-only session; then two oracles from real Liquibase: the changeSets it
# EXECUTED in the fresh-install update files must pass against the database it ran them on.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
probe=$OMRS_BUILDDIR/tests/integration/precondition_probe
oracle=$OMRS_SHARED/fixtures/oracle/fresh-install
core=$OMRS_SHARED/fixtures/openmrs-core
test_start_db
work=$MDB_DIR/changelogs
mkdir -p "$work"

mdb_sql "CREATE DATABASE pre;
    CREATE TABLE pre.person (person_id INT PRIMARY KEY, name VARCHAR(50), gender CHAR(1));
    INSERT INTO pre.person VALUES (1, 'Ann', 'F'), (2, 'Bob', 'M');
    CREATE TABLE pre.patient (patient_id INT PRIMARY KEY, person_id INT,
        CONSTRAINT patient_person_fk FOREIGN KEY (person_id) REFERENCES pre.person (person_id));
    CREATE TABLE pre.obs (obs_id INT PRIMARY KEY, concept_id INT, person_id INT, value_coded INT,
        KEY obs_concept_person (concept_id, person_id), KEY obs_coded_concept (value_coded, concept_id));
    CREATE TABLE pre.MixedCase (id INT);
    CREATE TABLE pre.nopk (a INT);
    CREATE TABLE pre.odd (\`odd col\` INT);
    CREATE TABLE pre.\`we\`\`ird'name\` (id INT);
    CREATE VIEW pre.person_view AS SELECT person_id, name FROM pre.person;
    CREATE TABLE pre.global_property (property VARCHAR(255) PRIMARY KEY, property_value TEXT);
    INSERT INTO pre.global_property VALUES ('locale', 'spain'), ('nullprop', NULL), ('dup1', 'x'), ('dup2', 'x');
    CREATE TABLE pre.liquibasechangelog (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL,
        FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED datetime NOT NULL, ORDEREXECUTED INT NOT NULL,
        EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35) NULL, DESCRIPTION VARCHAR(255) NULL,
        COMMENTS VARCHAR(255) NULL, TAG VARCHAR(255) NULL, LIQUIBASE VARCHAR(20) NULL,
        CONTEXTS VARCHAR(255) NULL, LABELS VARCHAR(255) NULL, DEPLOYMENT_ID VARCHAR(10) NULL);
    INSERT INTO pre.liquibasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE) VALUES
        ('20090803-1', 'jkariuki', 'liquibase-update-to-latest.xml', '2020-01-01 00:00:01', 1, 'EXECUTED'),
        ('MR-1', 'someone', 'liquibase-update-to-latest.xml', '2020-01-01 00:00:02', 2, 'MARK_RAN'),
        ('RR-1', 'someone', 'liquibase-update-to-latest.xml', '2020-01-01 00:00:03', 3, 'RERAN'),
        ('FAIL-1', 'someone', 'liquibase-update-to-latest.xml', '2020-01-01 00:00:04', 4, 'FAILED'),
        ('own-1', 'tester', 'pre.xml', '2020-01-01 00:00:05', 5, 'EXECUTED'),
        ('root-1', 'tester', 'root.xml', '2020-01-01 00:00:06', 6, 'EXECUTED'),
        ('cp-1', 'tester', 'classpath:org/openmrs/a.xml', '2020-01-01 00:00:07', 7, 'EXECUTED');
    CREATE DATABASE other;
    CREATE TABLE other.elsewhere (id INT);" || tap_bail "cannot create the test schema"

# ---- the test changelog: one changeSet per case ---------------------------------------
xml=$work/pre.xml
cs() { # id container-attributes inner-xml
    printf '  <changeSet id="%s" author="tester">\n    <preConditions %s>%s</preConditions>\n    <comment>c</comment>\n  </changeSet>\n' \
        "$1" "$2" "$3" >> "$xml"
}
bad='<sqlCheck expectedResult="0">SELECT nosuch FROM person</sqlCheck>'
echo '<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="none" author="tester"><comment>no preconditions</comment></changeSet>
  <changeSet id="empty" author="tester"><preConditions onFail="MARK_RAN"/></changeSet>' > "$xml"
cs t-pass '' '<tableExists tableName="person"/>'
cs t-fail '' '<tableExists tableName="nosuch"/>'
cs t-case '' '<tableExists tableName="PERSON"/>'
cs t-mixed '' '<tableExists tableName="MixedCase"/>'
cs t-mixed-lower '' '<tableExists tableName="mixedcase"/>'
cs t-view '' '<tableExists tableName="person_view"/>'
cs t-catalog '' '<tableExists catalogName="other" tableName="elsewhere"/>'
cs t-schema '' '<tableExists schemaName="other" tableName="elsewhere"/>'
cs t-other-db '' '<tableExists tableName="elsewhere"/>'
cs t-quotes '' "<tableExists tableName=\"we\`ird'name\"/>"
cs t-inject '' "<tableExists tableName=\"x' OR '1'='1\"/>"
cs t-noattr '' '<tableExists/>'
cs v-pass '' '<viewExists viewName="person_view"/>'
cs v-fail '' '<viewExists viewName="person"/>'
cs c-pass '' '<columnExists tableName="person" columnName="name"/>'
cs c-case '' '<columnExists tableName="person" columnName="NAME"/>'
cs c-fail '' '<columnExists tableName="person" columnName="nosuch"/>'
cs c-notable '' '<columnExists tableName="nosuch" columnName="name"/>'
cs c-view '' '<columnExists tableName="person_view" columnName="name"/>'
cs c-slow '' '<columnExists tableName="odd" columnName="odd col"/>'
cs c-slow-fail '' '<columnExists tableName="odd" columnName="odd col2"/>'
cs c-slow-inject '' "<columnExists tableName=\"odd\" columnName=\"x' OR '1'='1\"/>"
cs c-catalog '' '<columnExists catalogName="other" tableName="elsewhere" columnName="id"/>'
cs c-noattr '' '<columnExists tableName="person"/>'
cs i-name '' '<indexExists indexName="obs_concept_person"/>'
cs i-name-case '' '<indexExists indexName="OBS_CONCEPT_PERSON"/>'
cs i-fk-implicit '' '<indexExists indexName="patient_person_fk"/>'
cs i-fail '' '<indexExists indexName="nosuch"/>'
cs i-name-table '' '<indexExists indexName="obs_concept_person" tableName="obs"/>'
cs i-name-wrong-table '' '<indexExists indexName="obs_concept_person" tableName="person"/>'
cs i-cols '' '<indexExists tableName="obs" columnNames="concept_id, person_id"/>'
cs i-cols-case '' '<indexExists tableName="obs" columnNames="CONCEPT_ID,Person_Id"/>'
cs i-cols-order '' '<indexExists tableName="obs" columnNames="person_id,concept_id"/>'
cs i-cols-order2 '' '<indexExists tableName="obs" columnNames="value_coded,concept_id"/>'
cs i-cols-order2-swapped '' '<indexExists tableName="obs" columnNames="concept_id,value_coded"/>'
cs i-cols-subset '' '<indexExists tableName="obs" columnNames="concept_id"/>'
cs i-cols-pk '' '<indexExists tableName="obs" columnNames="obs_id"/>'
cs i-invalid '' '<indexExists tableName="obs"/>'
cs fk-pass '' '<foreignKeyConstraintExists foreignKeyName="patient_person_fk"/>'
cs fk-case '' '<foreignKeyConstraintExists foreignKeyName="PATIENT_PERSON_FK"/>'
cs fk-table '' '<foreignKeyConstraintExists foreignKeyTableName="patient" foreignKeyName="patient_person_fk"/>'
cs fk-wrong-table '' '<foreignKeyConstraintExists foreignKeyTableName="person" foreignKeyName="patient_person_fk"/>'
cs fk-fail '' '<foreignKeyConstraintExists foreignKeyName="nosuch_fk"/>'
cs fk-noattr '' '<foreignKeyConstraintExists foreignKeyTableName="patient"/>'
cs pk-pass '' '<primaryKeyExists tableName="person"/>'
cs pk-fail '' '<primaryKeyExists tableName="nopk"/>'
cs pk-notable '' '<primaryKeyExists primaryKeyName="PRIMARY"/>'
cs s-match '' "<sqlCheck expectedResult=\"spain\">SELECT property_value FROM global_property WHERE property = 'locale'</sqlCheck>"
cs s-case '' "<sqlCheck expectedResult=\"Spain\">SELECT property_value FROM global_property WHERE property = 'locale'</sqlCheck>"
cs s-count '' '<sqlCheck expectedResult="2">
        select count(*) from person;
      </sqlCheck>'
cs s-count-wrong '' '<sqlCheck expectedResult="0">select count(*) from person</sqlCheck>'
cs s-cdata '' '<sqlCheck expectedResult="2"><![CDATA[ SELECT COUNT(*) FROM person WHERE person_id < 100 ]]></sqlCheck>'
cs s-zero-rows '' "<sqlCheck expectedResult=\"spain\">SELECT property_value FROM global_property WHERE property = 'nosuch'</sqlCheck>"
cs s-two-rows '' "<sqlCheck expectedResult=\"x\">SELECT property_value FROM global_property WHERE property LIKE 'dup%'</sqlCheck>"
cs s-null '' "<sqlCheck expectedResult=\"\">SELECT property_value FROM global_property WHERE property = 'nullprop'</sqlCheck>"
cs s-two-cols '' '<sqlCheck expectedResult="1">SELECT 1, 2</sqlCheck>'
cs s-sql-error '' "$bad"
cs s-write '' '<sqlCheck expectedResult="0">DELETE FROM person</sqlCheck>'
cs s-write-comment '' '<sqlCheck expectedResult="0">/* a comment */ UPDATE person SET name = NULL</sqlCheck>'
cs s-version-comment '' '<sqlCheck expectedResult="0">/*!99999 SELECT */ DELETE FROM person</sqlCheck>'
cs s-paren '' '<sqlCheck expectedResult="2">(SELECT COUNT(*) FROM person)</sqlCheck>'
cs s-no-expected '' '<sqlCheck>SELECT 1</sqlCheck>'
cs s-only-semicolon '' '<sqlCheck expectedResult="1"> ; </sqlCheck>'
cs s-empty '' '<sqlCheck expectedResult="1">  </sqlCheck>'
cs d-mariadb '' '<dbms type="mariadb"/>'
cs d-mysql '' '<dbms type="mysql"/>'
cs d-list '' '<dbms type="mysql, mariadb"/>'
cs d-upper '' '<dbms type="MariaDB"/>'
cs d-negated '' '<dbms type="!mysql"/>'
cs d-negated-self '' '<dbms type="!mariadb"/>'
cs d-empty '' '<dbms type=""/>'
cs x-pass '' '<changeSetExecuted id="20090803-1" author="jkariuki" changeLogFile="liquibase-update-to-latest.xml"/>'
cs x-case '' '<changeSetExecuted id="20090803-1" author="JKARIUKI" changeLogFile="LIQUIBASE-update-to-latest.xml"/>'
cs x-mark-ran '' '<changeSetExecuted id="mr-1" author="someone" changeLogFile="liquibase-update-to-latest.xml"/>'
cs x-reran '' '<changeSetExecuted id="RR-1" author="someone" changeLogFile="liquibase-update-to-latest.xml"/>'
cs x-failed-row '' '<changeSetExecuted id="FAIL-1" author="someone" changeLogFile="liquibase-update-to-latest.xml"/>'
cs x-missing '' '<changeSetExecuted id="nosuch" author="someone" changeLogFile="liquibase-update-to-latest.xml"/>'
cs x-wrong-author '' '<changeSetExecuted id="20090803-1" author="someone" changeLogFile="liquibase-update-to-latest.xml"/>'
cs x-wrong-file '' '<changeSetExecuted id="20090803-1" author="jkariuki" changeLogFile="other.xml"/>'
cs x-default-file '' '<changeSetExecuted id="own-1" author="tester"/>'
cs x-root-file '' '<changeSetExecuted id="root-1" author="tester"/>'
cs x-normalized '' '<changeSetExecuted id="cp-1" author="tester" changeLogFile="/org/openmrs/./A.xml"/>'
cs x-noattr '' '<changeSetExecuted author="tester"/>'
cs cp '' '<customPrecondition className="org.openmrs.util.databasechange.CheckDrugOrderUnitAndFrequencyTextNotMappedToConcepts"/>'
cs cp-not 'onFail="MARK_RAN"' '<not><customPrecondition className="org.example.Check"/></not>'
cs u-unknown '' '<fooBar/>'
cs u-unsupported '' '<tableIsEmpty tableName="person"/>'
cs r-pass '' '<runningAs username="OMRS_ADMIN"/>'
cs r-fail '' '<runningAs username="somebody"/>'
cs n-container-and '' '<tableExists tableName="person"/><tableExists tableName="nosuch"/>'
cs n-and-stops '' "<and><tableExists tableName=\"nosuch\"/>$bad</and>"
cs n-and-error '' "<and>$bad<tableExists tableName=\"nosuch\"/></and>"
cs n-and-pass '' '<and><tableExists tableName="person"/><columnExists tableName="person" columnName="name"/></and>'
cs n-or-pass '' '<or><tableExists tableName="nosuch"/><tableExists tableName="person"/></or>'
cs n-or-stops '' "<or><tableExists tableName=\"person\"/>$bad</or>"
cs n-or-fail '' '<or><tableExists tableName="first_missing"/><tableExists tableName="second_missing"/></or>'
cs n-or-error '' "<or><tableExists tableName=\"nosuch\"/>$bad<tableExists tableName=\"person\"/></or>"
cs n-or-empty '' '<or/>'
cs n-not-pass '' '<not><tableExists tableName="nosuch"/></not>'
cs n-not-fail '' '<not><tableExists tableName="person"/></not>'
cs n-not-each '' '<not><tableExists tableName="nosuch"/><tableExists tableName="person"/></not>'
cs n-not-all-fail '' '<not><tableExists tableName="a_missing"/><tableExists tableName="b_missing"/></not>'
cs n-not-error '' "<not>$bad</not>"
cs n-not-error-after-fail '' "<not><tableExists tableName=\"nosuch\"/>$bad</not>"
cs n-openmrs 'onFail="MARK_RAN" onError="WARN"' '<not><and><columnExists tableName="person" columnName="date_changed"/><columnExists tableName="person" columnName="changed_by"/></and></not>'
cs n-openmrs-done 'onFail="MARK_RAN" onError="WARN"' '<not><and><columnExists tableName="person" columnName="name"/><columnExists tableName="person" columnName="gender"/></and></not>'
cs n-deep '' '<or><and><tableExists tableName="person"/><not><or><tableExists tableName="x1"/><tableExists tableName="obs"/></or></not></and><not><not><dbms type="mariadb"/></not></not></or>'
cs a-default-fail '' '<tableExists tableName="nosuch"/>'
cs a-default-error '' "$bad"
cs a-mark-ran 'onFail="MARK_RAN"' '<tableExists tableName="nosuch"/>'
cs a-continue 'onFail="CONTINUE"' '<tableExists tableName="nosuch"/>'
cs a-warn 'onFail="WARN"' '<tableExists tableName="nosuch"/>'
cs a-halt 'onFail="HALT"' '<tableExists tableName="nosuch"/>'
cs a-lower-case 'onFail="mark_ran"' '<tableExists tableName="nosuch"/>'
cs a-pass 'onFail="MARK_RAN" onError="MARK_RAN"' '<tableExists tableName="person"/>'
cs a-on-error-warn 'onFail="MARK_RAN" onError="WARN"' "$bad"
cs a-on-error-mark-ran 'onError="MARK_RAN"' "$bad"
cs a-on-error-continue 'onFail="WARN" onError="CONTINUE"' "$bad"
cs a-fail-uses-on-fail 'onFail="CONTINUE" onError="WARN"' '<tableExists tableName="nosuch"/>'
cs m-fail 'onFail="HALT" onFailMessage="Table orders does not exist or the index already exists."' '<tableExists tableName="nosuch"/>'
cs m-fail-not-for-error 'onFailMessage="custom failure"' "$bad"
cs m-error-halt 'onErrorMessage="custom error"' "$bad"
cs m-error-mark-ran 'onError="MARK_RAN" onErrorMessage="custom error"' "$bad"
cs m-error-warn 'onError="WARN" onErrorMessage="custom error"' "$bad"
cs m-error-not-for-fail 'onErrorMessage="custom error"' '<tableExists tableName="nosuch"/>'
cs m-empty 'onFail="MARK_RAN" onFailMessage=""' '<tableExists tableName="nosuch"/>'
cs bad-on-fail 'onFail="STOP"' '<tableExists tableName="person"/>'
cs bad-on-error 'onError="IGNORE"' '<tableExists tableName="person"/>'
cs o-default '' '<tableExists tableName="nosuch"/>'
cs o-ignore 'onSqlOutput="IGNORE"' '<tableExists tableName="nosuch"/>'
cs o-test 'onSqlOutput="test"' '<tableExists tableName="nosuch"/>'
cs o-test-pass 'onSqlOutput="TEST"' '<tableExists tableName="person"/>'
cs o-fail 'onSqlOutput="FAIL"' '<tableExists tableName="person"/>'
cs o-fail-mark-ran 'onSqlOutput="FAIL" onFail="MARK_RAN"' '<tableExists tableName="person"/>'
cs o-bad 'onSqlOutput="MAYBE"' '<tableExists tableName="person"/>'
echo '  <changeSet id="f-postgres" author="tester" dbms="postgresql"><preConditions><tableExists tableName="person"/></preConditions></changeSet>
</databaseChangeLog>' >> "$xml"

export PROBE_DATABASE=pre PROBE_DEFAULTS_FILE=$MDB_ADMIN_CNF
out=$(PROBE_CHANGELOG_FILE= "$probe" "$work" pre.xml); rc=$?
tap_is "probe: exit 0" "$rc" 0
tap_is "probe: one line per changeSet" "$(wc -l <<<"$out")" "$(grep -c '<changeSet ' "$xml")"

sect=""   # prefix of the test names of the current section
line_of() { awk -F'\t' -v id="$1" '$1 == id' <<<"$out"; }
# expect ID "OUTCOME ACTION" [message substring]: two checks when a message is given
expect() {
    local line
    line=$(line_of "$1")
    tap_is "$sect$1: $2" "$(cut -f2,3 <<<"$line" | tr '\t' ' ')" "$2"
    [ -z "${3:-}" ] || tap_like "$sect$1: message" "$(cut -f4 <<<"$line")" "$3"
}
msg_of() { line_of "$1" | cut -f4; }

expect none "passed -"
expect empty "passed -"
tap_is "passed: no message" "$(msg_of t-pass)" ""

expect t-pass "passed -"
expect t-fail "failed HALT" "Table nosuch does not exist"
expect t-case "failed HALT"            # lower_case_table_names=0: names are case-sensitive
tap_is "the test server has lower_case_table_names=0" "$(mdb_sql 'SELECT @@lower_case_table_names')" 0
expect t-mixed "passed -"
expect t-mixed-lower "failed HALT"
expect t-view "failed HALT"
expect t-catalog "passed -"
expect t-schema "passed -"
expect t-other-db "failed HALT"
expect t-quotes "passed -"
expect t-inject "failed HALT"
expect t-noattr "error HALT" "tableExists needs tableName"
expect v-pass "passed -"
expect v-fail "failed HALT" "View person does not exist"
expect c-pass "passed -"
expect c-case "passed -"
expect c-fail "failed HALT" "Column person.nosuch does not exist"
expect c-notable "failed HALT" "Column nosuch.name does not exist"
expect c-view "passed -"
expect c-slow "passed -"
expect c-slow-fail "failed HALT"
expect c-slow-inject "failed HALT"
expect c-catalog "passed -"
expect c-noattr "error HALT" "needs columnName"
expect i-name "passed -"
expect i-name-case "passed -"
expect i-fk-implicit "passed -"
expect i-fail "failed HALT" "Index nosuch does not exist"
expect i-name-table "passed -"
expect i-name-wrong-table "failed HALT" "Index obs_concept_person on person does not exist"
expect i-cols "passed -"
expect i-cols-case "passed -"
expect i-cols-order "failed HALT" "Index  on obs columns person_id,concept_id does not exist"
expect i-cols-order2 "passed -"
expect i-cols-order2-swapped "failed HALT"
expect i-cols-subset "failed HALT"
expect i-cols-pk "passed -"
expect i-invalid "error HALT" "indexExists needs indexName, or tableName and columnNames"
expect fk-pass "passed -"
expect fk-case "passed -"
expect fk-table "passed -"
expect fk-wrong-table "failed HALT" "Foreign Key patient_person_fk on person does not exist"
expect fk-fail "failed HALT" "Foreign Key nosuch_fk does not exist"
expect fk-noattr "error HALT" "needs foreignKeyName"
expect pk-pass "passed -"
expect pk-fail "failed HALT" "Primary Key does not exist on nopk"
expect pk-notable "error HALT" "requires a table name"

expect s-match "passed -"
expect s-case "failed HALT" "SQL Precondition failed.  Expected 'Spain' got 'spain'"
expect s-count "passed -"
expect s-count-wrong "failed HALT" "Expected '0' got '2'"
expect s-cdata "passed -"
expect s-zero-rows "error HALT" "Empty result set, expected one row"
expect s-two-rows "error HALT" "Result set larger than one row"
expect s-null "failed HALT" "No rows returned from SQL Precondition"
expect s-two-cols "error HALT" "Returned too many columns: 2"
expect s-sql-error "error HALT" "Unknown column 'nosuch'"
expect s-write "error HALT" "starts with 'DELETE'"
expect s-write-comment "error HALT" "starts with 'UPDATE'"
expect s-version-comment "error HALT" "runs only statements that read"
tap_is "sqlCheck never ran the DELETE or UPDATE" "$(mdb_sql "SELECT COUNT(*) FROM pre.person WHERE name IS NOT NULL")" 2
expect s-paren "passed -"
expect s-no-expected "error HALT" "needs expectedResult"
expect s-empty "error HALT" "has no SQL"
expect s-only-semicolon "error HALT" "has no SQL"     # one trailing ';' is dropped first

expect d-mariadb "passed -"
expect d-mysql "failed HALT" "DBMS Precondition failed: expected mysql, got mariadb"
expect d-list "passed -"
expect d-upper "passed -"
expect d-negated "passed -"
expect d-negated-self "failed HALT"
expect d-empty "failed HALT"

expect x-pass "passed -"
expect x-case "passed -"
expect x-mark-ran "passed -"
expect x-reran "passed -"
expect x-failed-row "failed HALT" "its row has EXECTYPE FAILED"
expect x-missing "failed HALT" "Changeset 'liquibase-update-to-latest.xml::nosuch::someone' has not been run"
expect x-wrong-author "failed HALT"
expect x-wrong-file "failed HALT"
expect x-default-file "passed -"
expect x-root-file "failed HALT"
expect x-normalized "passed -"
expect x-noattr "error HALT" "needs id and author"

expect cp "error HALT" "CheckDrugOrderUnitAndFrequencyTextNotMappedToConcepts"
tap_like "customPrecondition: says only OpenMRS can evaluate it" "$(msg_of cp)" "only OpenMRS can evaluate"
tap_like "customPrecondition: flagged needs-openmrs" "$(line_of cp | cut -f5)" "needs-openmrs"
expect cp-not "error HALT" "org.example.Check"
tap_is "a failing check is not flagged needs-openmrs" "$(line_of t-fail | cut -f5)" ""
expect u-unknown "error HALT" "unknown precondition <fooBar>"
expect u-unsupported "error HALT" "tableIsEmpty precondition is not supported"
expect r-pass "passed -"
expect r-fail "failed HALT" "expected somebody, was omrs_admin"

expect n-container-and "failed HALT" "Table nosuch does not exist"
expect n-and-stops "failed HALT" "Table nosuch does not exist"
expect n-and-error "error HALT" "Unknown column"
expect n-and-pass "passed -"
expect n-or-pass "passed -"
expect n-or-stops "passed -"
expect n-or-fail "failed HALT" "Table first_missing does not exist; Table second_missing does not exist"
expect n-or-error "error HALT" "Unknown column"
expect n-or-empty "failed HALT"
expect n-not-pass "passed -"
expect n-not-fail "failed HALT" "Not precondition failed: tableExists tableName=person holds"
expect n-not-each "failed HALT" "Not precondition failed"
expect n-not-all-fail "passed -"
expect n-not-error "error HALT" "Unknown column"
expect n-not-error-after-fail "error HALT" "Unknown column"
expect n-openmrs "passed -"
expect n-openmrs-done "failed MARK_RAN" "Not precondition failed: and holds"
expect n-deep "passed -"

expect a-default-fail "failed HALT"
expect a-default-error "error HALT"
expect a-mark-ran "failed MARK_RAN"
expect a-continue "failed CONTINUE"
expect a-warn "failed WARN"
expect a-halt "failed HALT"
expect a-lower-case "failed MARK_RAN"
expect a-pass "passed -"
expect a-on-error-warn "error WARN"
expect a-on-error-mark-ran "error MARK_RAN"
expect a-on-error-continue "error CONTINUE"
expect a-fail-uses-on-fail "failed CONTINUE"
expect m-fail "failed HALT"
tap_is "onFailMessage replaces the message" "$(msg_of m-fail)" "Table orders does not exist or the index already exists."
expect m-fail-not-for-error "error HALT" "Unknown column"
tap_is "onErrorMessage replaces the message of an error handled by HALT" "$(msg_of m-error-halt)" "custom error"
tap_is "onErrorMessage replaces the message of an error handled by MARK_RAN" "$(msg_of m-error-mark-ran)" "custom error"
expect m-error-warn "error WARN" "Unknown column"
expect m-error-not-for-fail "failed HALT" "Table nosuch does not exist"
expect m-empty "failed MARK_RAN"
tap_is "an empty onFailMessage replaces the message too" "$(msg_of m-empty)" ""
expect bad-on-fail "fatal 4" "unknown onFail value 'STOP' (possible values: HALT, CONTINUE, MARK_RAN, WARN)"
tap_like "an unknown value names the file and line" "$(msg_of bad-on-fail)" "pre.xml:"
expect bad-on-error "fatal 4" "unknown onError value 'IGNORE'"
expect o-default "failed HALT"
expect o-test "failed HALT"
expect o-fail "passed -"
expect o-bad "fatal 4" "unknown onSqlOutput value 'MAYBE'"
tap_is "a changeSet for another dbms is left out by the probe" "$(line_of f-postgres | cut -f2)" filtered

# ---- update-sql: onSqlOutput decides --------------------------------------------------
out=$(PROBE_SQL_OUTPUT=1 "$probe" "$work" pre.xml)
sect="update-sql: "
expect o-default "passed -"
expect o-ignore "passed -"
expect o-test "failed HALT" "Table nosuch does not exist"
expect o-test-pass "passed -"
expect o-fail "failed HALT" "Unexpected precondition in updateSQL mode with onUpdateSQL value: FAIL"
expect o-fail-mark-ran "failed MARK_RAN"
expect a-default-error "passed -"
expect o-bad "fatal 4"

# ---- lower_case_table_names=1 or 2: table names compared ignoring case -------------------
out=$(PROBE_LCTN=1 "$probe" "$work" pre.xml)
sect="lower_case_table_names=1: "
expect t-case "passed -"
expect t-mixed-lower "passed -"
expect t-fail "failed HALT"
expect fk-table "passed -"
expect i-cols-order2 "passed -"

# ---- the root changelog's path as the default changeLogFile ------------------------------
out=$(PROBE_CHANGELOG_FILE=root.xml "$probe" "$work" pre.xml)
sect="root changelog root.xml: "
expect x-root-file "passed -"
expect x-default-file "failed HALT"

# ---- a SELECT-only account in a read-only session gives the same answers -------------------
admin_out=$("$probe" "$work" pre.xml)
ro_out=$(PROBE_DEFAULTS_FILE=$MDB_MONITOR_CNF PROBE_READ_ONLY=1 "$probe" "$work" pre.xml); rc=$?
tap_is "SELECT-only, read-only: exit 0" "$rc" 0
tap_is "SELECT-only, read-only: same answers as the admin (but runningAs)" \
    "$(grep -v '^r-' <<<"$ro_out")" "$(grep -v '^r-' <<<"$admin_out")"
out=$ro_out
sect="SELECT-only: "
expect r-pass "failed HALT" "was omrs_monitor"
expect s-write "error HALT" "starts with 'DELETE'"
tap_is "SELECT-only: the passes are all there" "$(grep -c $'\tpassed\t' <<<"$ro_out")" \
    "$(grep -v '^r-pass' <<<"$admin_out" | grep -c $'\tpassed\t')"

# ---- DDL between two checks of one env is seen (no stale cache) ---------------------------
echo '<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="late-table" author="t"><preConditions><tableExists tableName="late_table"/></preConditions></changeSet>
  <changeSet id="late-column" author="t"><preConditions><columnExists tableName="late_table" columnName="late_col"/></preConditions></changeSet>
  <changeSet id="late-index" author="t"><preConditions><indexExists indexName="late_idx"/></preConditions></changeSet>
  <changeSet id="late-index-cols" author="t"><preConditions><indexExists tableName="late_table" columnNames="late_col"/></preConditions></changeSet>
  <changeSet id="late-fk" author="t"><preConditions><foreignKeyConstraintExists foreignKeyName="late_fk"/></preConditions></changeSet>
  <changeSet id="late-pk" author="t"><preConditions><primaryKeyExists tableName="late_table"/></preConditions></changeSet>
  <changeSet id="late-not" author="t"><preConditions><not><tableExists tableName="late_table"/></not></preConditions></changeSet>
  <changeSet id="never" author="t"><preConditions><tableExists tableName="never_created"/></preConditions></changeSet>
</databaseChangeLog>' > "$work/late.xml"
out=$(PROBE_BETWEEN_SQL="CREATE TABLE late_table (id INT PRIMARY KEY, person_id INT, late_col INT,
        KEY late_idx (late_col), CONSTRAINT late_fk FOREIGN KEY (person_id) REFERENCES person (person_id))" \
      "$probe" "$work" late.xml)
tap_is "before the DDL: every look-up fails" \
    "$(grep -v '^2:' <<<"$out" | grep -v '^late-not' | cut -f2 | sort -u)" failed
tap_is "after the DDL, same env: every look-up of a new object passes" \
    "$(grep '^2:late-' <<<"$out" | grep -v '^2:late-not' | cut -f2 | sort -u)" passed
tap_is "after the DDL: not(tableExists) now fails" "$(grep '^2:late-not' <<<"$out" | cut -f2)" failed
tap_is "after the DDL: an object never created still fails" "$(grep '^2:never' <<<"$out" | cut -f2)" failed
tap_unlike "the DDL between the passes ran" "$out" "between:"

# ---- a connection lost between two checks is our problem (-1), never "failed" ----------------
out=$(PROBE_BETWEEN_SQL="KILL CONNECTION_ID()" "$probe" "$work" late.xml)
tap_like "the connection was killed between the passes" "$out" "between:"
tap_is "lost connection: every check after it returns -1 with OMRS_ERR_CONNECT (5)" \
    "$(grep '^2:' <<<"$out" | cut -f2,3 | sort -u | tr '\t' ' ')" "fatal 5"
tap_is "lost connection: even the columnExists fast path (where SQL errors mean failed)" \
    "$(grep '^2:late-column' <<<"$out" | cut -f2)" fatal

# ---- oracle: what real Liquibase EXECUTED passed its preconditions --------------------------
# Load the oracle's update-sql up to the update file (the snapshots), evaluate the update
# file's preconditions: every changeSet Liquibase EXECUTED must pass (none has onFail=WARN).
# Then load the update file's own SQL: the "add if missing" ones now fail into MARK_RAN.
oracle_until() { # update-sql.sql, which "Update Database Script" header to stop before
    grep -n 'Update Database Script' "$1" | sed -n "$2p" | cut -d: -f1
}
oracle_case() { # label, search dir, changelog, update-sql.sql, history.tsv, FILENAME in history
    local label=$1 search=$2 changelog=$3 sql=$4 history=$5 filename=$6 stop ran passed
    stop=$(oracle_until "$sql" 3)
    sect="$label, after the update file's own SQL: "
    mdb_sql "DROP DATABASE IF EXISTS openmrs; CREATE DATABASE openmrs DEFAULT CHARACTER SET utf8mb3"
    head -n $((stop - 2)) "$sql" | mdb_sql || { tap_result 1 "$label: load the oracle's snapshots"; return; }
    out=$(PROBE_DATABASE=openmrs PROBE_DBMS=mysql "$probe" "$search" "$changelog")
    ran=$(awk -F'\t' -v f="$filename" '$3 == f && $6 == "EXECUTED" {print $1}' "$history" | sort)
    passed=$(awk -F'\t' '$2 == "passed" {print $1}' <<<"$out" | sort)
    tap_is "$label: the changeSets Liquibase EXECUTED pass (and only they run)" "$passed" "$ran"
    tap_is "$label: the others are other-dbms only" "$(awk -F'\t' '$2 != "passed" {print $2}' <<<"$out" | sort -u)" filtered
    tail -n +$((stop - 1)) "$sql" | mdb_sql || { tap_result 1 "$label: load the update file's SQL"; return; }
    out=$(PROBE_DATABASE=openmrs PROBE_DBMS=mysql "$probe" "$search" "$changelog")
}
oracle_case "master 3.0.x after the 2.9.x snapshots (Liquibase 4.28)" "$core/master" \
    org/openmrs/liquibase/updates/liquibase-update-to-latest-3.0.x.xml \
    "$oracle/master/liquibase-4.28.1/update-sql.sql" "$oracle/master/liquibase-4.28.1/history.tsv" \
    org/openmrs/liquibase/updates/liquibase-update-to-latest-3.0.x.xml
expect TRUNK-5950-2026-01-06 "failed MARK_RAN" "Not precondition failed: columnExists tableName=relationship_type columnName=name holds"
expect TRUNK-5881-2026-01-22 "failed MARK_RAN"
expect TRUNK-5852-2026-02-23 "failed MARK_RAN"
expect 2025-09-30-TRUNK-6245 "passed -"
oracle_case "2.4.7 2.4.x after the 2.3.x snapshots (Liquibase 3.10)" "$core/2.4.7" \
    org/openmrs/liquibase/updates/liquibase-update-to-latest-2.4.x.xml \
    "$oracle/2.4.7/liquibase-3.10.3/update-sql.sql" "$oracle/2.4.7/liquibase-3.10.3/history.tsv" \
    liquibase-update-to-latest.xml
expect 20190815-Trunk-5412 "failed MARK_RAN"
expect 20200714-Trunk-5862 "failed MARK_RAN"
expect TRUNK-5835-2020-07-09-1600 "passed -"
expect 2020-08-31-2200-TRUNK-5821 "failed MARK_RAN"
tap_is "2.4.x after its own SQL: onFailMessage of the orders index changeSet" \
    "$(msg_of 2020-08-31-2200-TRUNK-5821)" "Table orders does not exist or the index orders_order_number already exists."

tap_done
