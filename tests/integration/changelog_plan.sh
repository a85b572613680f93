#!/usr/bin/env bash
# `changelog plan` and `changelog update` without a CHANGELOG choose OpenMRS's core
# changelogs as OpenMRS does: the demo (a master fresh install) has nothing to do; an
# empty database gets the newest snapshots and the updates above them; a 2.4.7 database
# (installed here with our engine from its own 2.3.x snapshots) is found to be at 2.3.x
# and gets the 2.5.x ... 3.0.x update files; after the upgrade nothing is left.
. "$OMRS_SRCDIR/tests/lib/testenv.sh"
. "$OMRS_SRCDIR/tests/lib/demo.sh"
bin=$OMRS_CONSOLE
test_start_db
demo_seed || tap_bail "cannot seed the demo"
export OMRS_AUDIT_LOG=$MDB_DIR/audit.log
master=$OMRS_SHARED/fixtures/openmrs-core/master
old=$OMRS_SHARED/fixtures/openmrs-core/2.4.7
admin=(--defaults-file="$MDB_ADMIN_CNF")
plan_json() { "$bin" "${admin[@]}" changelog plan --json --dbms mysql --search-path "$master" "$@"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

json=$(plan_json -D openmrs_parent)
tap_is "demo parent: installed from snapshot 2.9.x" "$(field 'd["snapshot"]' <<<"$json")" 2.9.x
tap_is "demo parent: nothing to run" "$(field 'len(d["changelogs"])' <<<"$json")" 0

mdb_sql "CREATE DATABASE empty1"
json=$(plan_json -D empty1)
tap_is "empty database: a new installation" "$(field 'd["fresh"]' <<<"$json")" True
tap_is "empty database: newest snapshots then the updates above" \
    "$(field '" ".join(c["changelog"].split("/")[-1] + ":" + str(c["due"]) for c in d["changelogs"])' <<<"$json")" \
    "liquibase-schema-only-2.9.x.xml:1036 liquibase-core-data-2.9.x.xml:25 liquibase-update-to-latest-3.0.x.xml:11"

mdb_sql "CREATE DATABASE old"
for f in org/openmrs/liquibase/snapshots/schema-only/liquibase-schema-only-2.3.x.xml \
         org/openmrs/liquibase/snapshots/core-data/liquibase-core-data-2.3.x.xml \
         org/openmrs/liquibase/updates/liquibase-update-to-latest-2.4.x.xml; do
    "$bin" "${admin[@]}" -D old changelog update --yes --dbms mysql --format 8 --search-path "$old" "$f" > /dev/null 2>&1 \
        || tap_bail "cannot install 2.4.7"
done
json=$(plan_json -D old)
tap_is "2.4.7 database: detected snapshot 2.3.x" "$(field 'd["snapshot"]' <<<"$json")" 2.3.x
tap_is "2.4.7 database: update files 2.5.x to 3.0.x" \
    "$(field '" ".join(c["changelog"].split("-")[-1] for c in d["changelogs"])' <<<"$json")" \
    "2.5.x.xml 2.6.x.xml 2.7.x.xml 2.8.x.xml 2.9.x.xml 3.0.x.xml"
out=$("$bin" "${admin[@]}" -D old changelog update --yes --dbms mysql --search-path "$master" 2>&1); rc=$?
tap_is "2.4.7 upgraded to master through the plan: exit 0" "$rc" 0
tap_like "2.4.7 upgraded: summary" "$out" "done: "
tap_is "2.4.7 upgraded: nothing left" "$(plan_json -D old | field 'len(d["changelogs"])')" 0
tap_is "2.4.7 upgraded: rows written with 9: checksums" \
    "$(mdb_sql "SELECT COUNT(*) FROM old.liquibasechangelog WHERE FILENAME LIKE '%update-to-latest-3.0.x.xml' AND MD5SUM LIKE '9:%'")" 11

out=$("$bin" "${admin[@]}" -D empty1 changelog update --yes --dbms mysql --search-path "$master" 2>&1); rc=$?
tap_is "empty database installed through the plan: exit 0" "$rc" 0
tap_like "empty database installed through the plan: all of it" "$out" "done: 1072 executed"

out=$("$bin" "${admin[@]}" -D old changelog plan --dbms mysql --search-path "$OMRS_SHARED/fixtures/openmrs-core/2.1.7")
tap_like "pre-2.4 layout: one liquibase-update-to-latest.xml" "$out" "liquibase-update-to-latest.xml"

tap_done
