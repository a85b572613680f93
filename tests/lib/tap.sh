# Minimal TAP producer for shell tests: every check is one counted test case.
#   . tests/lib/tap.sh
#   tap_ok "description" command args...     passes when the command exits 0
#   tap_is "description" "$got" "$expected"
#   tap_like "description" "$text" "substring"
#   tap_skip "reason"                        a counted case skipped, with the reason shown
#   tap_done                                 prints the plan; exit status = failures

TAP_COUNT=0
TAP_FAILED=0

tap_result() { # pass(0|1) description [diagnostic]
    TAP_COUNT=$((TAP_COUNT + 1))
    if [ "$1" = 0 ]; then
        echo "ok $TAP_COUNT - $2"
    else
        TAP_FAILED=$((TAP_FAILED + 1))
        echo "not ok $TAP_COUNT - $2"
        [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
    fi
    return 0
}

tap_skip() {
    TAP_COUNT=$((TAP_COUNT + 1))
    echo "ok $TAP_COUNT # SKIP $1"
}

tap_ok() {
    local desc=$1; shift
    local out
    out=$("$@" 2>&1) && tap_result 0 "$desc" || tap_result 1 "$desc" "$out"
}

tap_is() {
    [ "$2" = "$3" ] && tap_result 0 "$1" || tap_result 1 "$1" "got:      '$2'
expected: '$3'"
}

tap_like() {
    case "$2" in
        *"$3"*) tap_result 0 "$1" ;;
        *) tap_result 1 "$1" "text:     '$2'
lacks:    '$3'" ;;
    esac
}

tap_unlike() {
    case "$2" in
        *"$3"*) tap_result 1 "$1" "text:     '$2'
contains: '$3'" ;;
        *) tap_result 0 "$1" ;;
    esac
}

tap_bail() {
    echo "Bail out! $*"
    exit 1
}

tap_done() {
    echo "1..$TAP_COUNT"
    [ "$TAP_FAILED" -eq 0 ]
}
