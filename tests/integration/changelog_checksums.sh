#!/usr/bin/env bash
# `changelog checksums` against what real Liquibase wrote (shared/fixtures/oracle):
# every changelog of every fixture, v9 against Liquibase 4.28 and v8 against 3.10.3,
# id, author, filename and md5sum of every row; then the same read through include
# wrappers, from a jar and from an openmrs.war, in memory.
. "$OMRS_SRCDIR/tests/lib/tap.sh"
bin=$OMRS_CONSOLE
oracle=$OMRS_SHARED/fixtures/oracle/checksums
work=$(mktemp -d "${TMPDIR:-/tmp}/omrs-checksums.XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -f "$oracle/inputs.tsv" ] || tap_bail "no oracle at $oracle"

# The four columns of an oracle TSV, without its header.
expected() { tail -n +2 "$1" | cut -f1-4; }

compare() { # description oracle-file command...
    local desc=$1 want=$2; shift 2
    local got rc
    got=$("$@" 2>&1); rc=$?
    if [ $rc -eq 0 ] && [ "$got" = "$(expected "$want")" ]; then
        tap_result 0 "$desc"
    else
        tap_result 1 "$desc" "exit $rc; first differences:
$(diff <(expected "$want") <(printf '%s\n' "$got") | head -8)"
    fi
}

rows=0
while IFS=$'\t' read -r label dir changelog; do
    search=$OMRS_SHARED/${dir#shared/}
    tsv_name=${changelog//\//__}.tsv
    v9=$oracle/liquibase-4.28.1/$label/$tsv_name
    compare "v9 $label $changelog" "$v9" "$bin" changelog checksums --search-path "$search" --format 9 "$changelog"
    rows=$((rows + $(expected "$v9" | wc -l)))
    v8=$oracle/liquibase-3.10.3/$label/$tsv_name
    if awk -F'\t' -v l="$label" -v c="$changelog" '$1==l && $2==c && $5=="ok" {found=1} END {exit !found}' \
           "$oracle/liquibase-3.10.3/INDEX.tsv"; then
        compare "v8 $label $changelog" "$v8" "$bin" changelog checksums --search-path "$search" --format 8 "$changelog"
    fi
done < "$oracle/inputs.tsv"
echo "# $rows v9 rows compared"

# Through an include wrapper: the included files' rows, in include order.
master=$OMRS_SHARED/fixtures/openmrs-core/master
for v in 2.0.x 2.1.x 2.2.x 2.3.x 2.4.x 2.5.x 2.6.x 2.7.x 2.8.x 3.0.x; do
    tail -n +2 "$oracle/liquibase-4.28.1/master/org__openmrs__liquibase__updates__liquibase-update-to-latest-$v.xml.tsv"
done > "$work/wrapper.body"
{ echo header; cat "$work/wrapper.body"; } > "$work/wrapper.tsv"
compare "include wrapper liquibase-update-to-latest-from-1.9.x.xml" "$work/wrapper.tsv" \
    "$bin" changelog checksums --search-path "$master" liquibase-update-to-latest-from-1.9.x.xml

# From a jar and from an openmrs.war (the api jar nested inside), read in memory.
python3 - "$OMRS_SHARED/fixtures/openmrs-core/2.4.7" "$work" <<'PY'
import os, sys, zipfile
src, work = sys.argv[1], sys.argv[2]
jar = os.path.join(work, "openmrs-api-2.4.7.jar")
with zipfile.ZipFile(jar, "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in os.walk(src):
        for f in files:
            full = os.path.join(root, f)
            z.write(full, os.path.relpath(full, src))
with zipfile.ZipFile(os.path.join(work, "openmrs.war"), "w") as w:
    w.writestr("WEB-INF/web.xml", "<web-app/>")
    w.write(jar, "WEB-INF/lib/openmrs-api-2.4.7.jar")
PY
f247=org/openmrs/liquibase/updates/liquibase-update-to-latest-2.4.x.xml
compare "from a jar" "$oracle/liquibase-4.28.1/2.4.7/${f247//\//__}.tsv" \
    "$bin" changelog checksums --search-path "$work/openmrs-api-2.4.7.jar" "$f247"
compare "from openmrs.war" "$oracle/liquibase-4.28.1/2.4.7/${f247//\//__}.tsv" \
    "$bin" changelog checksums --war "$work/openmrs.war" "$f247"

# Bad input: a clear message naming the file (and line), exit 1.
printf '<databaseChangeLog>\n  <changeSet id="a" author="b">\n</databaseChangeLog>\n' > "$work/broken.xml"
out=$("$bin" changelog checksums --search-path "$work" broken.xml 2>&1); rc=$?
tap_is "malformed XML: exit 1" "$rc" 1
tap_like "malformed XML: file and line" "$out" "broken.xml:3: not well-formed XML"
printf '<databaseChangeLog>\n  <include file="missing.xml"/>\n</databaseChangeLog>\n' > "$work/incl.xml"
out=$("$bin" changelog checksums --search-path "$work" incl.xml 2>&1); rc=$?
tap_is "missing include: exit 1" "$rc" 1
tap_like "missing include: names it" "$out" "missing.xml: No such file or directory"
printf '<databaseChangeLog>\n  <changeSet author="b"/>\n</databaseChangeLog>\n' > "$work/noid.xml"
out=$("$bin" changelog checksums --search-path "$work" noid.xml 2>&1)
tap_like "changeSet without id: file and line" "$out" "noid.xml:2: changeSet without an id"
printf '<databaseChangeLog>\n  <include file="loop.xml"/>\n</databaseChangeLog>\n' > "$work/loop.xml"
out=$("$bin" changelog checksums --search-path "$work" loop.xml 2>&1)
tap_like "include cycle is refused" "$out" "loop.xml includes itself"

tap_done
