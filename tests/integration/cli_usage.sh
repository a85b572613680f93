#!/usr/bin/env bash
# The command line without a database: help, version, and one-line usage errors (exit 2).
. "$OMRS_SRCDIR/tests/lib/tap.sh"
bin=$OMRS_CONSOLE
export HOME=$(mktemp -d); trap 'rm -rf "$HOME"' EXIT

out=$("$bin" --help); rc=$?
tap_is "--help exits 0" "$rc" 0
tap_like "--help lists info" "$out" "  info "
tap_like "--help lists help" "$out" "  help "
tap_like "--help names --runtime-properties" "$out" "--runtime-properties=FILE"

out=$("$bin" --version); rc=$?
tap_is "--version exits 0" "$rc" 0
tap_like "--version names the program" "$out" "omrs-console "

out=$("$bin" help info); rc=$?
tap_is "help info exits 0" "$rc" 0
tap_like "help info shows the synopsis" "$out" "omrs-console [OPTIONS] info [--json] [--show-config]"

check_usage_error() { # description expected-message args...
    local desc=$1 msg=$2; shift 2
    local err rc
    err=$("$bin" "$@" 2>&1 >/dev/null); rc=$?
    tap_is "$desc: exit 2" "$rc" 2
    tap_is "$desc: first line" "$(printf '%s\n' "$err" | head -1)" "omrs-console: $msg"
    tap_like "$desc: usage follows" "$err" "Usage: omrs-console"
}

check_usage_error "unknown command" "unknown command 'frobnicate'" frobnicate
check_usage_error "unknown long option" "unknown option '--frobnicate'" --frobnicate info
check_usage_error "unknown short option" "unknown option '-x'" -x info
check_usage_error "option without its value" "option '--host' needs a value" info --host
check_usage_error "help for an unknown command" "unknown command 'nosuch'" help nosuch
check_usage_error "info with an argument" "info takes no arguments ('extra')" info extra
check_usage_error "bad --refresh" "--refresh: 'soon' is not a number of seconds (1-86400)" --refresh soon

secret="Hunter2-$$"
err=$("$bin" "-p$secret" info 2>&1); rc=$?
tap_is "-pVALUE is refused with exit 2" "$rc" 2
tap_like "-pVALUE: says why" "$err" "a password is not accepted on the command line"
tap_unlike "-pVALUE: the secret is not echoed" "$err" "$secret"
err=$("$bin" "--password=$secret" info 2>&1); rc=$?
tap_is "--password=VALUE is refused with exit 2" "$rc" 2
tap_unlike "--password=VALUE: the secret is not echoed" "$err" "$secret"

err=$("$bin" --port 99999 info 2>&1); rc=$?
tap_is "invalid port: exit 2" "$rc" 2
tap_like "invalid port: says which and where from" "$err" "invalid port '99999' (from command line)"

# The man page's key list is the action table's (omrs-console help keys), line for line.
man_keys=$(sed -n '/^\.SH CONSOLE KEYS/,/^\.SH /p' "$OMRS_SRCDIR/man/omrs-console.1" | sed -n '/^\.ft CR/,/^\.ft R/p' | sed '1d;$d' | sed 's/\\e/\\/g')
tap_is "man page CONSOLE KEYS = help keys" "$man_keys" "$("$bin" help keys)"
tap_like "help keys lists the read-only rule of a change" "$("$bin" help keys)" "R        Sync pane        reset the selected record for resend (a change: asks first; never with -R)"

tap_done
