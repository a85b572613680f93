# Shared by scripts/check and scripts/demo: where things are, and how to build.

OMRS_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OMRS_SHARED=${OMRS_SHARED:-$(cd "$OMRS_TOP/.." && pwd)/shared}
export OMRS_SHARED

# Builds out of tree in build/NAME with the given configure arguments; incremental.
omrs_build() {
    local name=$1; shift
    local dir=$OMRS_TOP/build/$name
    [ -x "$OMRS_TOP/configure" ] || (cd "$OMRS_TOP" && autoreconf -fi) || return 1
    mkdir -p "$dir"
    if [ ! -f "$dir/Makefile" ] || [ "$OMRS_TOP/configure" -nt "$dir/Makefile" ]; then
        (cd "$dir" && "$OMRS_TOP/configure" --with-shared-dir="$OMRS_SHARED" "$@") || return 1
    fi
    make -C "$dir" -j"$(nproc 2>/dev/null || echo 2)" || return 1
}
