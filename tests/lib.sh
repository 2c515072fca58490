# lib.sh — helpers the end-to-end scripts share (sourced, not run).
#
#   ok NAME / not_ok NAME    print a TAP-like line; not_ok counts a failure
#   check NAME COMMAND...    ok when COMMAND succeeds
failures=0
ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1"
	failures=$((failures + 1))
}
check() {
	_name=$1
	shift
	if "$@"; then ok "$_name"; else not_ok "$_name"; fi
}
