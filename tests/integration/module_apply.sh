#!/usr/bin/env bash
# `module apply` on real .omod files built from the module fixtures, checked against the
# server's own general log: from every intermediate <id>.database_version (an older release
# of the module installed first) exactly the later diffs run, statement by statement as
# OpenMRS splits them, in order, with the global property written after each diff, and the
# schema ends as a fresh install's. Then the sync module's sqldiff.xml followed by its
# liquibase.xml, and bad input: unreadable files, bad versions, a failing statement mid-diff.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
. "$OMRS_SRCDIR/tests/lib/omod.sh"
bin=$OMRS_CONSOLE
test_start_db
demo_seed || tap_bail "cannot seed the demo"
export OMRS_AUDIT_LOG=$MDB_DIR/audit.log
fixtures=$OMRS_SHARED/fixtures/modules
mods=$MDB_DIR/modules old=$MDB_DIR/old; mkdir -p "$mods" "$old"
module_tables="table_name LIKE 'sync%' OR table_name LIKE 'formentry%' OR table_name LIKE 'xforms%'
    OR table_name LIKE 'idcards%' OR table_name LIKE 'patientmatching%' OR table_name LIKE 'remoteformentry%'"

# A database like the demo parent without any of these modules: core tables and rows only.
fresh_db() { # name
    mdb_sql "DROP DATABASE IF EXISTS \`$1\`; CREATE DATABASE \`$1\`"
    mdb_sql "SELECT CONCAT('CREATE TABLE \`$1\`.\`', table_name, '\` LIKE openmrs_parent.\`', table_name,
                '\`; INSERT INTO \`$1\`.\`', table_name, '\` SELECT * FROM openmrs_parent.\`', table_name, '\`;')
             FROM information_schema.tables WHERE table_schema = 'openmrs_parent' AND table_type = 'BASE TABLE'
             AND NOT ($module_tables)" | mdb_sql
    mdb_sql "USE \`$1\`;
        DELETE FROM global_property WHERE property REGEXP '^(sync|formentry|xforms|idcards|patientmatching|remoteformentry)[.]';
        DELETE FROM scheduler_task_config WHERE name IN ('Cleanup Old Sync Records', 'Clean Old Transmission Logs Records');
        DELETE FROM liquibasechangelog WHERE FILENAME = 'liquibase.xml'"
}
apply() { # database module-id omod-or-dir [options...]
    local db=$1 id=$2 src=$3; shift 3
    if [ -d "$src" ]; then set -- --modules-dir "$src" "$@"; else set -- --omod "$src" "$@"; fi
    "$bin" --defaults-file="$MDB_ADMIN_CNF" -D "$db" module apply "$id" "$@"
}
gp_value() { mdb_sql "SELECT property_value FROM \`$1\`.global_property WHERE property = '$2.database_version'"; }
schema() { # database: tables and columns, keys and indexes, without auto-increment counters
    mdb_sql "SELECT CONCAT(table_name, ' ', column_name, ' ', column_type, ' ', is_nullable, ' ',
                IFNULL(column_default, '-'), ' ', column_key) FROM information_schema.columns
             WHERE table_schema = '$1' ORDER BY table_name, ordinal_position"
    mdb_sql "SELECT CONCAT(table_name, ' ', index_name, ' ', seq_in_index, ' ', column_name, ' ', non_unique)
             FROM information_schema.statistics WHERE table_schema = '$1' ORDER BY table_name, index_name, seq_in_index"
}

# The server's general log around one command: what really reached the server, in order.
log_on() { mdb_root_sql "SET GLOBAL general_log = OFF; SET GLOBAL log_output = 'FILE';
    SET GLOBAL general_log_file = '$MDB_DIR/general.log'; SET GLOBAL general_log = ON" && : > "$MDB_DIR/general.log"; }
log_off() { mdb_root_sql "SET GLOBAL general_log = OFF"; }
# What the log shows of a sqldiff run: each statement, "GP <version>" for each write of
# <id>.database_version, from the run's SET autocommit on; the property's reads left out.
observed() { # module-id
    python3 - "$MDB_DIR/general.log" "$1" <<'PY'
import re, sys
path, mid = sys.argv[1], sys.argv[2]
head = re.compile(r'^(?:\d{6} +\d{1,2}:\d\d:\d\d|)\t+ *\d+ (\w[\w ]*?)\t(.*)$')
entries = []
for line in open(path, encoding='utf-8', errors='replace').read().split('\n'):
    m = head.match(line)
    if m: entries.append([m.group(1), m.group(2)])
    elif entries: entries[-1][1] += '\n' + line
queries = [text.rstrip('\n') for kind, text in entries if kind == 'Query']
started = False
key = "'%s.database_version'" % mid
for q in queries:
    if q.startswith('SET GLOBAL general_log'): break
    if q == 'SET autocommit = 1': started = True; continue
    if not started or q.startswith('SELECT property_value FROM global_property WHERE LOWER(property)'): continue
    if key in q and (q.startswith('INSERT INTO global_property') or q.startswith('UPDATE global_property')):
        v = re.search(r"VALUES \('[^']*', '((?:[^'\\]|\\.)*)'", q) or re.search(r"property_value = '((?:[^'\\]|\\.)*)'", q)
        print('GP ' + v.group(1)); continue
    print(q)
PY
}
# What OpenMRS would send for the diffs after the first N of a sqldiff.xml (file order is
# version order in these fixtures: module_status.sh checks it): split at every ';',
# Java-trimmed, empty pieces dropped, then the property write. Independent of the C code.
expected() { # sqldiff.xml N
    python3 - "$1" "$2" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
trim = ''.join(chr(c) for c in range(33))
for diff in list(root.iter('diff'))[int(sys.argv[2]):]:
    version, sql = diff.find('.//version'), diff.find('.//sql')
    text = ''.join(sql.itertext()) if sql is not None else ''
    if not text.strip(): continue
    for piece in text.split(';'):
        if piece.strip(trim): print(piece.strip(trim))
    print('GP ' + ''.join(version.itertext()))
PY
}

cat > "$MDB_DIR/legacyui.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<module configVersion="1.2"><id>legacyui</id><name>Legacy UI</name><version>1.0</version>
<package>org.openmrs.module.legacyui</package><author>t</author><description>t</description>
<activator>t</activator><require_version>1.9.0</require_version></module>
XML
for dir in "$mods" "$old"; do omod "$dir/legacyui.omod" legacyui 1.0 "$MDB_DIR/legacyui.xml" root; done
declare -A version=([formentry]=4.5.9.3 [xforms]=4.3.5 [idcards]=2.1 [patientmatching]=1.8 [remoteformentry]=1.9)
declare -A layout=([formentry]=root [xforms]=root [idcards]=api [patientmatching]=root [remoteformentry]=api)
for m in "${!version[@]}"; do
    omod "$mods/$m.omod" "$m" "${version[$m]}" "$fixtures/$m/config.xml" "${layout[$m]}" "$fixtures/$m/sqldiff.xml"
done
omod "$old/formentry.omod" formentry 4.5.9.3 "$fixtures/formentry/config.xml" root "$fixtures/formentry/sqldiff.xml"

# ---- every intermediate database_version of every module with a sqldiff.xml --------------
for m in formentry xforms idcards patientmatching remoteformentry; do
    mapfile -t all < <(omod_diff_versions "$fixtures/$m/sqldiff.xml")
    n=${#all[@]} last=${all[$((${#all[@]} - 1))]}
    for ((i = 0; i < n; i++)); do
        db=t_${m}_$i
        fresh_db "$db"
        from=none
        if [ "$i" -gt 0 ]; then   # an older release of the module: its first i diffs
            omod_first_diffs "$fixtures/$m/sqldiff.xml" "$i" > "$MDB_DIR/sqldiff.xml"
            omod "$old/$m.omod" "$m" 0.1 "$fixtures/$m/config.xml" root "$MDB_DIR/sqldiff.xml"
            apply "$db" "$m" "$old" --yes > /dev/null 2>&1
            from=$(gp_value "$db" "$m")
            tap_is "$m: the older release left database_version ${all[$((i - 1))]}" "$from" "${all[$((i - 1))]}"
        fi
        log_on
        out=$(apply "$db" "$m" "$mods" --yes 2>&1); rc=$?
        log_off
        tap_is "$m from $from: apply succeeds" "$rc" 0 "$out"
        tap_is "$m from $from: exactly the later diffs' statements reached the server, in order, each followed by the property write" \
            "$(observed "$m")" "$(expected "$fixtures/$m/sqldiff.xml" "$i")"
        tap_is "$m from $from: database_version is the last diff's" "$(gp_value "$db" "$m")" "$last"
        if [ "$i" -eq 0 ]; then
            fresh=$(schema "$db")
            tap_is "$m fresh: the property as OpenMRS writes it" \
                "$(mdb_sql "SELECT CONCAT(description, '|', uuid REGEXP '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\$')
                            FROM \`$db\`.global_property WHERE property = '$m.database_version'")" \
                "DO NOT MODIFY.  Current database version number for the $m module.|1"
            out=$(apply "$db" "$m" "$mods" --yes 2>&1)
            tap_is "$m: a second apply has nothing to do" "$(printf '%s\n' "$out" | tail -n 1)" "nothing to do"
        else
            tap_is "$m from $from: the schema ends as a fresh install's" "$(schema "$db")" "$fresh"
        fi
        mdb_sql "DROP DATABASE \`$db\`"
    done
done

# ---- sync: sqldiff.xml from the api jar, then its liquibase.xml --------------------------
omod "$mods/sync.omod" sync 1.4 "$fixtures/sync/omod/src/main/resources/config.xml" api \
    "$fixtures/sync/api/src/main/resources/sqldiff.xml" "$fixtures/sync/api/src/main/resources/liquibase.xml"
fresh_db t_sync
mapfile -t sync_versions < <(omod_diff_versions "$fixtures/sync/api/src/main/resources/sqldiff.xml")
out=$(apply t_sync sync "$mods/sync.omod" --dry-run 2>/dev/null); rc=$?
tap_is "sync --dry-run: succeeds" "$rc" 0
tap_like "sync --dry-run: the diffs' SQL" "$out" "-- module sync, diff ${sync_versions[0]} "
tap_like "sync --dry-run: the liquibase.xml changeSets as update-sql would write them" "$out" "INSERT INTO liquibasechangelog"
tap_is "sync --dry-run: nothing changed" "$(mdb_sql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 't_sync' AND table_name LIKE 'sync%'")" 0
out=$(apply t_sync sync "$mods/sync.omod" --yes 2>&1); rc=$?
tap_is "sync: sqldiff and liquibase succeed" "$rc" 0 "$out"
tap_is "sync: database_version is the last diff's" "$(gp_value t_sync sync)" "${sync_versions[$((${#sync_versions[@]} - 1))]}"
tap_is "sync: every liquibase.xml changeSet is recorded under FILENAME liquibase.xml" \
    "$(mdb_sql "SELECT COUNT(*) FROM t_sync.liquibasechangelog WHERE FILENAME = 'liquibase.xml'")" \
    "$(grep -c '<changeSet ' "$fixtures/sync/api/src/main/resources/liquibase.xml")"
tap_is "sync: the transmission log tables exist" \
    "$(mdb_sql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 't_sync' AND table_name LIKE 'sync_transmission_log%'")" 2
tap_is "sync: .started is left to OpenMRS" "$(mdb_sql "SELECT COUNT(*) FROM t_sync.global_property WHERE property = 'sync.started'")" 0
out=$(apply t_sync sync "$mods/sync.omod" --yes 2>&1)
tap_like "sync: a second apply has nothing to do" "$out" "nothing to do"

# ---- every module liquibase.xml of the fixtures is read from an .omod, in both layouts ---
for m in appointmentscheduling emrapi providermanagement; do
    for l in root api; do
        omod "$MDB_DIR/lb-$m.omod" "$m" 1.0 "$fixtures/$m/config.xml" "$l" "$fixtures/$m/liquibase.xml"
        got=$("$bin" --defaults-file="$MDB_ADMIN_CNF" -D t_sync module status --omod "$MDB_DIR/lb-$m.omod" --json 2>/dev/null \
              | python3 -c "import json,sys; l=json.load(sys.stdin)['modules'][0]['liquibase']; print(l.get('error') or ('pending' if l['pending'] > 0 else 'none pending'))")
        tap_is "$m liquibase.xml ($l layout): parsed, its changeSets pending on a database without the module" "$got" pending
    done
done

# ---- a module of our own: failures and refusals -----------------------------------------
cat > "$MDB_DIR/applytest.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<module configVersion="1.2"><id>applytest</id><name>Apply test</name><version>1.0</version>
<package>org.openmrs.module.applytest</package><author>t</author><description>t</description>
<activator>t</activator><require_version>1.9.0</require_version></module>
XML
sqldiff() { # file diffs-xml
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<sqldiff version="1.0">\n%s\n</sqldiff>\n' "$2" > "$1"
}
sqldiff "$MDB_DIR/sqldiff.xml" '<diff><version>1.0</version><sql>
    CREATE TABLE applytest_log (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(20));
    INSERT INTO applytest_log (what) VALUES ("1.0");
</sql></diff>
<diff><version>1.1</version><sql>
    INSERT INTO applytest_log (what) VALUES ("1.1 a");
    INSERT INTO applytest_missing (what) VALUES ("1.1 b");
    INSERT INTO applytest_log (what) VALUES ("1.1 c");
</sql></diff>
<diff><version>1.2</version><sql>INSERT INTO applytest_log (what) VALUES ("1.2");</sql></diff>'
omod "$MDB_DIR/applytest.omod" applytest 1.0 "$MDB_DIR/applytest.xml" root "$MDB_DIR/sqldiff.xml"
fresh_db t_bad
log_rows() { mdb_sql "SELECT GROUP_CONCAT(what ORDER BY id SEPARATOR ',') FROM t_bad.applytest_log"; }

out=$(apply t_bad applytest "$MDB_DIR/applytest.omod" -R --yes 2>&1); rc=$?
tap_is "-R: refused" "$rc" 1
tap_like "-R: says why" "$out" "refused: module apply changes the database and -R is set"
out=$(apply t_bad applytest "$MDB_DIR/applytest.omod" < /dev/null 2>&1 | cat); rc=${PIPESTATUS[0]}
tap_like "no terminal and no --yes: not run" "$out" "give --yes to go ahead"
tap_is "refusals changed nothing" "$(mdb_sql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 't_bad' AND table_name = 'applytest_log'")$(gp_value t_bad applytest)" 0

out=$(apply t_bad applytest "$MDB_DIR/applytest.omod" --yes 2>&1); rc=$?
tap_is "failing statement: exit 1" "$rc" 1
tap_like "failing statement: names the module and file" "$out" "module applytest, sqldiff.xml (omod root) line 7, diff 1.1: statement 2 of 3 failed"
tap_like "failing statement: shows the statement" "$out" 'statement: INSERT INTO applytest_missing (what) VALUES ("1.1 b")'
tap_like "failing statement: and the server's error" "$out" "applytest_missing' doesn't exist"
tap_is "failing statement: the property stays at the last whole diff" "$(gp_value t_bad applytest)" 1.0
tap_is "failing statement: statements before it stay, none after it ran" "$(log_rows)" "1.0,1.1 a"
tap_like "failing statement: the audit log says it failed" "$(tail -n 1 "$OMRS_AUDIT_LOG")" "module apply applytest 1.0: FAILED; 1 diff(s) run"
tap_is "the audit line is five tab-separated fields, the action fourth" "$(tail -n 1 "$OMRS_AUDIT_LOG" | awk -F '\t' '{ print NF ":" $4 }')" "5:failed"
mdb_sql "CREATE TABLE t_bad.applytest_missing (what VARCHAR(20))"
out=$(apply t_bad applytest "$MDB_DIR/applytest.omod" --yes 2>&1); rc=$?
tap_is "after the fix: the failed diff runs again from its first statement, as in OpenMRS" "$rc:$(log_rows)" "0:1.0,1.1 a,1.1 a,1.1 c,1.2"
tap_is "after the fix: database_version 1.2" "$(gp_value t_bad applytest)" 1.2

sqldiff "$MDB_DIR/sqldiff.xml" '<diff><version>1.3</version><sql>
    INSERT INTO applytest_log (what) VALUES ("1.3 a");
    -- OpenMRS sends a statement that begins with a comment through executeQuery
    INSERT INTO applytest_log (what) VALUES ("1.3 b");
</sql></diff>'
omod "$MDB_DIR/applytest.omod" applytest 1.0 "$MDB_DIR/applytest.xml" root "$MDB_DIR/sqldiff.xml"
out=$(apply t_bad applytest "$MDB_DIR/applytest.omod" --yes 2>&1); rc=$?
tap_is "a statement Connector/J refuses: exit 1" "$rc" 1
tap_like "a statement Connector/J refuses: says why" "$out" "MySQL Connector/J refuses data manipulation there; nothing was sent"
tap_is "a statement Connector/J refuses: the one before it ran, the property stays" "$(log_rows):$(gp_value t_bad applytest)" "1.0,1.1 a,1.1 a,1.1 c,1.2,1.3 a:1.2"

sqldiff "$MDB_DIR/sqldiff.xml" '<diff><version>1.4b</version><sql>INSERT INTO applytest_log (what) VALUES ("1.4b");</sql></diff>'
omod "$MDB_DIR/applytest.omod" applytest 1.0 "$MDB_DIR/applytest.xml" root "$MDB_DIR/sqldiff.xml"
mdb_sql "UPDATE t_bad.global_property SET property_value = '0.9' WHERE property = 'applytest.database_version'"
out=$(apply t_bad applytest "$MDB_DIR/applytest.omod" --yes 2>&1); rc=$?
tap_is "a bad diff version: refused" "$rc" 1
tap_like "a bad diff version: names module, file, line and version" "$out" 'module applytest, sqldiff.xml (omod root) line 3: diff version "1.4b" is not made of numbers; OpenMRS would order it as 1.0'
tap_is "a bad diff version: nothing ran" "$(gp_value t_bad applytest)" 0.9
sqldiff "$MDB_DIR/sqldiff.xml" '<diff><version>1.4b</version><sql>INSERT INTO applytest_log (what) VALUES ("1.4b");</sql></diff>
<diff><version>1.5</version><sql>INSERT INTO applytest_log (what) VALUES ("1.5");</sql></diff>'
omod "$MDB_DIR/applytest.omod" applytest 1.0 "$MDB_DIR/applytest.xml" root "$MDB_DIR/sqldiff.xml"
out=$(apply t_bad applytest "$MDB_DIR/applytest.omod" --yes --force 2>&1); rc=$?
tap_is "--force: runs as OpenMRS would (1.4b reads as 1.0, after 0.9)" "$rc:$(gp_value t_bad applytest):$(mdb_sql "SELECT GROUP_CONCAT(what ORDER BY id) FROM t_bad.applytest_log WHERE what IN ('1.4b', '1.5')")" "0:1.5:1.4b,1.5"

# Files that cannot be read, and modules OpenMRS would not start.
printf 'not a zip' > "$MDB_DIR/corrupt.omod"
out=$(apply t_bad corrupt "$MDB_DIR/corrupt.omod" --yes 2>&1); rc=$?
tap_is "corrupt zip: exit 1" "$rc" 1
tap_like "corrupt zip: names the file" "$out" "corrupt.omod"
python3 -c "import zipfile; zipfile.ZipFile('$MDB_DIR/noconfig.omod', 'w').writestr('sqldiff.xml', '<sqldiff version=\"1.0\"/>')"
out=$(apply t_bad noconfig "$MDB_DIR/noconfig.omod" --yes 2>&1); rc=$?
tap_like "omod without config.xml: says so" "$rc:$out" "1:omrs-console: $MDB_DIR/noconfig.omod: no config.xml at the root"
sed 's|<id>applytest</id>||' "$MDB_DIR/applytest.xml" > "$MDB_DIR/noid.xml"
omod "$MDB_DIR/noid.omod" x 1.0 "$MDB_DIR/noid.xml" root
out=$(apply t_bad x "$MDB_DIR/noid.omod" --yes 2>&1); rc=$?
tap_like "config.xml without id: says so" "$rc:$out" "1:omrs-console: $MDB_DIR/noid.omod: config.xml: no <id>"
out=$(apply t_bad nosuchmodule "$mods" --yes 2>&1); rc=$?
tap_is "unknown module id: usage error" "$rc" 2
tap_like "unknown module id: names it" "$out" "no module with id 'nosuchmodule'"
rm "$mods/formentry.omod"
out=$(apply t_bad remoteformentry "$mods" --yes 2>&1); rc=$?
tap_like "a required module missing: refused before anything runs" "$rc:$out" "1:omrs-console: OpenMRS would not start module remoteformentry: requires module org.openmrs.module.formentry 4.5.9.3, which is not installed; nothing was run"
tap_is "a required module missing: nothing ran" "$(mdb_sql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 't_bad' AND table_name LIKE 'remoteformentry%'")" 0

tap_done
