#!/bin/sh
# policy.sh — the organization's own policy in policy-src/ is complete and consistent.
#
# `polc check` gives exactly one diagnostic: the seed's double definition of 職員等
# (a warning at 第1章4 with a note at the 序章), exit 0. The bundle holds at least 120
# rules and 6 procedures, every basic measure implemented, every threat countered and
# every must-rule checked; the checklist has one row per check.
#
# Run from the repository root with POLC and BUILD set, as tests/run.sh does.
set -u

POLC=${POLC:-build/polc}
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-policy.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

cp -R policy-src "$T/src"
rc=0
(cd "$T" && $POLC check src) >"$T/out" 2>"$T/err" || rc=$?
check "check exits 0" test "$rc" = 0
check "the only warning is the seed's 職員等, pointing at both places" sh -c '
	test "$(grep -c ": warning: " "$1")" = 1 &&
	grep -q "^src/basic.pol:[0-9]*:[0-9]*: warning: term '\''職員等'\'' defined twice with different text" "$1" &&
	grep -q "^src/preface.pol:[0-9]*:[0-9]*: note: first defined here" "$1" &&
	test "$(grep -c ": error: " "$1")" = 0 &&
	tail -n 1 "$1" | grep -qx "0 errors, 1 warning"' - "$T/err"

(cd "$T" && $POLC bundle src) >"$T/bundle.json" 2>/dev/null
check "bundle: >= 120 rules, >= 6 procedures with steps, full coverage" python3 - "$T/bundle.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
rules, procs, cov = b["rules"], b["procedures"], b["coverage"]
must = [r for r in rules if r["level"] == "must"]
ok = (len(rules) >= 120 and len(procs) >= 6 and all(p["steps"] for p in procs)
      and all(r["checks"] for r in must)
      and cov["measures_implemented"] == cov["measures_total"] > 0
      and cov["threats_countered"] == cov["threats_total"] > 0
      and cov["must_rules_with_checks"] == cov["must_rules"] == len(must))
print("    rules %d (must %d), procedures %d, coverage %s" % (len(rules), len(must), len(procs), cov))
sys.exit(0 if ok else 1)
PY

$POLC checklist "$T/bundle.json" -o "$T/checklist.csv" 2>/dev/null
check "checklist: one row per check" python3 - "$T/bundle.json" "$T/checklist.csv" <<'PY'
import csv, json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
checks = sum(len(r["checks"]) for r in b["rules"])
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline="")))[1:]
print("    checks %d, rows %d" % (checks, len(rows)))
sys.exit(0 if checks == len(rows) > 0 else 1)
PY

[ "$failures" = 0 ] && echo "all passed" || echo "$failures failed"
[ "$failures" = 0 ]
