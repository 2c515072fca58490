#!/bin/sh
# bench-policy.sh — the policy `make bench` generates (tests/bench/bench.py) stays a
# valid policy: two copies of the standards and procedures with fresh ids, every
# included folder brought along, check without an error, and prose for the cmark
# yardstick that holds both copies and nothing of the directives.
set -u

POLC=${POLC:-build/polc}
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-bench-policy.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

python3 - "$T" <<'PY'
import os, sys
sys.path.insert(0, "tests/bench")
import bench
bench.make_policy(os.path.join(sys.argv[1], "p"), 2)
open(os.path.join(sys.argv[1], "p.md"), "w", encoding="utf-8").write(bench.prose_of(os.path.join(sys.argv[1], "p")))
print(bench.size_of(os.path.join(sys.argv[1], "p")), file=open(os.path.join(sys.argv[1], "size"), "w"))
PY
check "the generator ran" test -s "$T/p.md"
for d in policy-src/*/; do
	check "included folder $(basename "$d") is copied" test -d "$T/p/$(basename "$d")"
done
rc=0
$POLC check "$T/p" >"$T/out" 2>"$T/err" || rc=$?
check "polc check of the generated policy: exit 0" test "$rc" = 0
check "polc check of the generated policy: no error" sh -c '! grep -q ": error:" "$1"' - "$T/err"
[ "$rc" = 0 ] || sed 's/^/    /' "$T/err" | head -20
check "both copies are in the generated source" sh -c \
	'test "$(ls "$1" | grep -c "^standards[0-9]")" = 2 && test "$(ls "$1" | grep -c "^procedures[0-9]")" = 2' - "$T/p"
check "the prose holds no directive line" sh -c '! grep -q "^@" "$1"' - "$T/p.md"
src=$(find policy-src -name '*.pol' -exec cat {} + | wc -c)
check "the source size counts the included folders (more than one copy of policy-src)" \
	test "$(cat "$T/size")" -gt "$src"

[ "$failures" = 0 ]
