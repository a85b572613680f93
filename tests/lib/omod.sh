# Real .omod files built from the module fixtures, as the Maven build would make them.
#   . tests/lib/omod.sh   (needs python3 and $MDB_DIR for scratch files)
#   omod FILE ID VERSION CONFIG root|api FILES...
# root: FILES at the omod root; api: FILES inside lib/<ID>-api-<VERSION>.jar.

omod_filter() { # module-id version < config.xml: what the Maven build's resource filtering does
    sed -e "s/@MODULE_ID@/$1/g; s/@MODULE_NAME@/$1/g; s/@MODULE_PACKAGE@/org.openmrs.module.$1/g" \
        -e "s/@MODULE_VERSION@/$2/g; s/\${project.parent.artifactId}/$1/g; s/\${project.parent.groupId}/org.openmrs.module/g" \
        -e "s/\${project.parent.version}/$2/g; s/\${project.version}/$2/g; s/\${openMRSVersion}/1.9.0/g; s/\${[A-Za-z.]*}/1.0/g"
}

omod() {
    local file=$1 id=$2 version=$3 config=$4 layout=$5; shift 5
    omod_filter "$id" "$version" < "$config" > "$MDB_DIR/config.xml"
    python3 - "$file" "$id" "$version" "$MDB_DIR/config.xml" "$layout" "$@" <<'PY'
import io, os, sys, zipfile
out, mid, ver, config, layout, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
with zipfile.ZipFile(out, 'w') as z:
    z.write(config, 'config.xml')
    if layout == 'root':
        for f in files: z.write(f, os.path.basename(f))
    else:
        jar = io.BytesIO()
        with zipfile.ZipFile(jar, 'w') as j:
            for f in files: j.write(f, os.path.basename(f))
        z.writestr('lib/%s-api-%s.jar' % (mid, ver), jar.getvalue())
PY
}

# The <version> texts of a sqldiff.xml, in file order.
omod_diff_versions() {
    grep -o '<version>[^<]*</version>' "$1" | sed 's/<[^>]*>//g'
}

# A copy of sqldiff.xml keeping only its first N <diff> elements (an older release of the module).
omod_first_diffs() { # sqldiff.xml N > out
    python3 - "$1" "$2" <<'PY'
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
n = int(sys.argv[2])
diffs = list(re.finditer(r'<diff\b.*?</diff>', text, re.S))
cut = [m.span() for m in diffs[n:]]
for start, end in reversed(cut):
    text = text[:start] + text[end:]
sys.stdout.write(text)
PY
}
