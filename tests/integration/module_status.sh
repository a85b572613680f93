#!/usr/bin/env bash
# `module status` and `module lint` on real .omod files built here from the module fixtures
# (config.xml filtered as the Maven build filters it), in both layouts OpenMRS reads: files at
# the omod root, and sqldiff.xml/liquibase.xml inside lib/<id>-api-<version>.jar. Against the
# demo database: the pending diffs for every intermediate <id>.database_version are exactly
# the later ones, in order; dependency problems and unreadable files are errors.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
. "$OMRS_SRCDIR/tests/lib/omod.sh"
bin=$OMRS_CONSOLE
test_start_db
demo_seed || tap_bail "cannot seed the demo"
fixtures=$OMRS_SHARED/fixtures/modules
mods=$MDB_DIR/modules; mkdir -p "$mods"
db=(--defaults-file="$MDB_ADMIN_CNF" -D openmrs_parent)

omod "$mods/formentry-1.0.0.omod" formentry 1.0.0 "$fixtures/formentry/config.xml" root "$fixtures/formentry/sqldiff.xml"
omod "$mods/xforms-4.0.omod" xforms 4.0 "$fixtures/xforms/config.xml" root "$fixtures/xforms/sqldiff.xml"
omod "$mods/sync-1.4.omod" sync 1.4 "$fixtures/sync/omod/src/main/resources/config.xml" api \
    "$fixtures/sync/api/src/main/resources/sqldiff.xml" "$fixtures/sync/api/src/main/resources/liquibase.xml"

gp() { # property value|NULL
    if [ "$2" = NULL ]; then mdb_sql "DELETE FROM openmrs_parent.global_property WHERE property = '$1'"
    else mdb_sql "REPLACE INTO openmrs_parent.global_property (property, property_value, uuid) VALUES ('$1', '$2', UUID())"; fi
}
pending() { # module-id: pending diff versions, one per line, from status --json
    "$bin" "${db[@]}" module status --modules-dir "$mods" --json 2>/dev/null \
        | python3 -c "import json,sys; d=json.load(sys.stdin); print('\n'.join(p['version'] for m in d['modules'] if m.get('id')=='$1' for p in m['pending_sqldiffs']))"
}

# Every intermediate database_version of two root-layout modules: exactly the later diffs.
for m in formentry xforms; do
    mapfile -t all < <(omod_diff_versions "$fixtures/$m/sqldiff.xml")
    gp "$m.database_version" NULL
    tap_is "$m: no database_version: every diff pending, in order" "$(pending $m)" "$(printf '%s\n' "${all[@]}")"
    for i in "${!all[@]}"; do
        gp "$m.database_version" "${all[$i]}"
        tap_is "$m at ${all[$i]}: the diffs after it" "$(pending $m)" "$(printf '%s\n' "${all[@]:$((i + 1))}")"
    done
done
gp xforms.database_version 99.0
tap_is "a database_version above every diff: nothing pending" "$(pending xforms)" ""

# The api-jar layout: sqldiff.xml and liquibase.xml from lib/sync-api-1.4.jar.
json=$("$bin" "${db[@]}" module status --modules-dir "$mods" --json 2>/dev/null)
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print([m for m in d['modules'] if m.get('id')=='$1'][0]['$2'])" <<< "$json"; }
tap_is "api jar layout: sqldiff.xml from the api jar" "$(field sync sqldiff_source)" "lib/sync-api-1.4.jar"
tap_is "api jar layout: liquibase.xml from the api jar" "$(field sync liquibase_source)" "lib/sync-api-1.4.jar"
tap_is "root layout: sqldiff.xml from the omod root" "$(field formentry sqldiff_source)" "omod root"
tap_is "sync: as many diffs as the fixture has" "$(field sync sqldiff_count)" "$(omod_diff_versions "$fixtures/sync/api/src/main/resources/sqldiff.xml" | wc -l)"
lbfield() { python3 -c "import json,sys; d=json.load(sys.stdin); print([m for m in d['modules'] if m.get('id')=='$1'][0]['liquibase']['$2'])" <<< "$json"; }
tap_is "sync liquibase.xml: nothing pending on the demo (it ran there)" "$(lbfield sync pending)" 0
mdb_sql "CREATE TABLE openmrs_parent.lb_saved AS SELECT * FROM openmrs_parent.liquibasechangelog
         WHERE FILENAME = 'liquibase.xml' AND ID IN ('sync_sqldiff_0.7', 'sync_2018-06-01-16:40EAT');
         DELETE FROM openmrs_parent.liquibasechangelog WHERE FILENAME = 'liquibase.xml' AND ID IN ('sync_sqldiff_0.7', 'sync_2018-06-01-16:40EAT')"
json=$("$bin" "${db[@]}" module status --modules-dir "$mods" --json 2>/dev/null)
tap_is "sync liquibase.xml: two history rows gone, two changeSets pending" "$(lbfield sync pending)" 2
tap_like "sync liquibase.xml: the text says so too" "$("$bin" "${db[@]}" module status --modules-dir "$mods" 2>&1)" "liquibase lib/sync-api-1.4.jar (2 changeSet(s) pending)"
mdb_sql "INSERT INTO openmrs_parent.liquibasechangelog SELECT * FROM openmrs_parent.lb_saved; DROP TABLE openmrs_parent.lb_saved"

# Text output, read-only account, and a problem: an .omod that is not a zip.
gp formentry.database_version 1.8
out=$("$bin" --defaults-file="$MDB_MONITOR_CNF" -D openmrs_parent -R module status --modules-dir "$mods" 2>&1); rc=$?
tap_is "status with the SELECT-only account (-R): exit 0" "$rc" 0
tap_like "text: formentry with its pending count and the version it ends at" "$out" "sqldiff 3 pending -> 2.8"
echo "not a zip" > "$mods/broken.omod"
out=$("$bin" "${db[@]}" module status --modules-dir "$mods" 2>&1); rc=$?
tap_is "an unreadable .omod: exit 1" "$rc" 1
tap_like "an unreadable .omod: named, with the reason" "$out" "broken.omod"
rm "$mods/broken.omod"

# Dependencies: a required module that is not there.
sed 's|</module>|<require_modules><require_module version="9.9">org.openmrs.module.nothere</require_module></require_modules></module>|' \
    "$fixtures/idcards/config.xml" > "$MDB_DIR/idcards-config.xml"
omod "$mods/idcards-1.0.omod" idcards 1.0 "$MDB_DIR/idcards-config.xml" root "$fixtures/idcards/sqldiff.xml"
out=$("$bin" "${db[@]}" module status --modules-dir "$mods" 2>&1); rc=$?
tap_is "a missing required module: exit 1" "$rc" 1
tap_like "a missing required module: named" "$out" "requires module org.openmrs.module.nothere 9.9, which is not installed"
rm "$mods/idcards-1.0.omod"

# --war: the core version an openmrs.war would bring decides require_version.
python3 -c "
import io, zipfile
jar = io.BytesIO(); zipfile.ZipFile(jar, 'w').writestr('META-INF/MANIFEST.MF', 'Manifest-Version: 1.0\n')
zipfile.ZipFile('$MDB_DIR/openmrs.war', 'w').writestr('WEB-INF/lib/openmrs-api-1.8.4.jar', jar.getvalue())"
out=$("$bin" "${db[@]}" module status --modules-dir "$mods" --war "$MDB_DIR/openmrs.war" 2>&1); rc=$?
tap_like "--war: the core version comes from the war's api jar" "$out" "OpenMRS core 1.8.4 ($MDB_DIR/openmrs.war)"
tap_like "--war: a module needing a newer core is an error" "$rc:$out" "requires OpenMRS 1.9.0; this core is 1.8.4"
out=$("$bin" "${db[@]}" module status --modules-dir "$mods" --war "$MDB_DIR/corrupt.war" 2>&1); rc=$?
tap_like "--war: a war that cannot be read is named" "$rc:$out" "1:omrs-console: $MDB_DIR/corrupt.war"

# lint: every fixture sqldiff.xml runs through it; a crafted file shows each finding kind.
for f in "$fixtures"/*/sqldiff.xml "$fixtures/sync/api/src/main/resources/sqldiff.xml"; do
    "$bin" module lint "$f" > "$MDB_DIR/lint.out" 2>&1; rc=$?
    tap_ok "lint $(basename "$(dirname "$f")"): runs (exit 0 or 1 with findings)" test "$rc" -le 1 -a -n "$(tail -1 "$MDB_DIR/lint.out")"
done
cat > "$MDB_DIR/bad-sqldiff.xml" <<'XML'
<sqldiff version="1.0">
  <diff><version>1.2</version><sql>INSERT INTO t VALUES ('a;b');</sql></diff>
  <diff><version>1.1</version><sql>SELECT 1;</sql></diff>
  <diff><version>1.1.0</version><sql>-- note
TRUNCATE t;</sql></diff>
  <diff><version>1.3</version></diff>
</sqldiff>
XML
out=$("$bin" module lint "$MDB_DIR/bad-sqldiff.xml" 2>&1); rc=$?
tap_is "lint with findings: exit 1" "$rc" 1
tap_like "lint: versions not increasing" "$out" "bad-sqldiff.xml:3: diff 1.1:"
tap_like "lint: ';' inside a string" "$out" "bad-sqldiff.xml:2: diff 1.2:"
tap_like "lint: duplicate version" "$out" "bad-sqldiff.xml:4: diff 1.1.0:"
tap_like "lint: missing sql" "$out" "bad-sqldiff.xml:6: diff 1.3:"
out=$("$bin" module lint "$mods/formentry-1.0.0.omod" 2>&1); rc=$?
tap_like "lint reads the sqldiff.xml inside an .omod" "$out" "finding(s)"
tap_done
