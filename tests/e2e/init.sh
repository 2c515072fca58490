#!/bin/sh
# init.sh — `polc init DIR`: a skeleton that checks with no diagnostic at all, builds,
# is formatted, holds the three tiers, a rule with a check and full coverage; refuses a
# folder that is not empty (touching nothing), a bad organization name, and is the
# same for the same SOURCE_DATE_EPOCH.
set -u

POLC=${POLC:-build/polc}
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-init.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

rc=0
SOURCE_DATE_EPOCH=1775000000 $POLC init "$T/new/policy" --organization 吾妻町 >"$T/out" 2>"$T/err" || rc=$?
check "init makes a missing folder (and its parents), exit 0" sh -c \
	'test "$1" = 0 && test -f "$2/policy.pol" && test ! -s "$3"' - "$rc" "$T/new/policy" "$T/err"
check "init names the files it made" grep -q "policy.pol roles.pol params.pol basic.pol standards.pol procedures.pol" "$T/out"
check "the header carries the organization and the issue month of SOURCE_DATE_EPOCH" sh -c \
	'grep -qx "  organization = 吾妻町" "$1" && grep -qx "  issued = 2026-03" "$1" &&
	 grep -qx "@policy isp 吾妻町情報セキュリティポリシー" "$1"' - "$T/new/policy/policy.pol"

rc=0
(cd "$T/new" && $POLC check policy) >"$T/check.out" 2>"$T/check.err" || rc=$?
check "polc check: exit 0 and no diagnostic at all" sh -c 'test "$1" = 0 && test ! -s "$2"' - "$rc" "$T/check.err"
[ -s "$T/check.err" ] && sed 's/^/    /' "$T/check.err"
rc=0
(cd "$T/new" && $POLC check policy --werror) >/dev/null 2>&1 || rc=$?
check "polc check --werror: exit 0" test "$rc" = 0
rc=0
$POLC fmt --check "$T/new/policy" >"$T/fmt.out" 2>&1 || rc=$?
check "the skeleton is in the canonical layout" sh -c 'test "$1" = 0 && test ! -s "$2"' - "$rc" "$T/fmt.out"

(cd "$T/new" && $POLC bundle policy) >"$T/bundle.json" 2>/dev/null
check "bundle: the three tiers, a must-rule with a check, a procedure, full coverage" python3 - "$T/bundle.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
tiers = sorted(d.get("tier") for d in b["documents"])
must = [r for r in b["rules"] if r["level"] == "must"]
cov = b["coverage"]
ok = (tiers == ["basic", "procedures", "standards"] and must and all(r["checks"] for r in must)
      and b["procedures"] and all(p["steps"] for p in b["procedures"])
      and cov["measures_implemented"] == cov["measures_total"] > 0
      and cov["threats_countered"] == cov["threats_total"] > 0
      and b["policy"]["organization"] == "吾妻町")
print("    tiers %s, must-rules %d, procedures %d, coverage %s" % (tiers, len(must), len(b["procedures"]), cov))
sys.exit(0 if ok else 1)
PY
rc=0
(cd "$T/new" && $POLC build policy -o out --edition all) >/dev/null 2>&1 || rc=$?
check "polc build: the public edition shows the basic policy, withholds the standards" sh -c \
	'test "$1" = 0 && grep -q "情報セキュリティ基本方針" "$2/out/public/index.html" &&
	 ! grep -rq "管理区域への入退室は許可された者に限り" "$2/out/public/" &&
	 grep -rq "管理区域への入退室は許可された者に限り" "$2/out/internal/"' - "$rc" "$T/new"

SOURCE_DATE_EPOCH=1775000000 $POLC init "$T/again" --organization 吾妻町 >/dev/null 2>&1
check "the same SOURCE_DATE_EPOCH gives the same files" diff -r "$T/new/policy" "$T/again"
rc=0
$POLC init "$T/default" >/dev/null 2>&1 || rc=$?
check "without --organization: a placeholder name, still clean" sh -c \
	'test "$1" = 0 && grep -q "organization = ○○市" "$2/policy.pol" && test -z "$($3 check "$2" 2>&1)"' \
	- "$rc" "$T/default" "$POLC"

mkdir "$T/full"
echo keep >"$T/full/notes.txt"
rc=0
$POLC init "$T/full" >/dev/null 2>"$T/full.err" || rc=$?
check "a folder that is not empty is refused (exit 2) and left alone" sh -c \
	'test "$1" = 2 && grep -q "is not empty" "$2" && test "$(ls "$3")" = notes.txt && test "$(cat "$3/notes.txt")" = keep' \
	- "$rc" "$T/full.err" "$T/full"
mkdir "$T/dot"
touch "$T/dot/.git"
rc=0
$POLC init "$T/dot" >/dev/null 2>&1 || rc=$?
check "a hidden file makes a folder not empty too" sh -c 'test "$1" = 2 && test ! -e "$2/policy.pol"' - "$rc" "$T/dot"
echo x >"$T/afile"
rc=0
$POLC init "$T/afile" >/dev/null 2>&1 || rc=$?
check "a file in the way is refused (exit 2)" test "$rc" = 2
mkdir "$T/empty"
rc=0
$POLC init "$T/empty" >/dev/null 2>&1 || rc=$?
check "an empty folder is filled" sh -c 'test "$1" = 0 && test -f "$2/procedures.pol"' - "$rc" "$T/empty"
for bad in '' 'A[B' '#町' 'a{b}' ' 町'; do
	rc=0
	$POLC init "$T/bad-name" --organization "$bad" >/dev/null 2>"$T/bad.err" || rc=$?
	check "organization '$bad' is refused (exit 2), nothing made" sh -c \
		'test "$1" = 2 && grep -q "^polc: error: --organization: " "$2" && test ! -e "$3"' - "$rc" "$T/bad.err" "$T/bad-name"
done
rc=0
$POLC init >/dev/null 2>&1 || rc=$?
check "no DIR is a usage error (exit 2)" test "$rc" = 2
rc=0
$POLC init "$T/x" "$T/y" >/dev/null 2>&1 || rc=$?
check "two DIRs are a usage error (exit 2)" sh -c 'test "$1" = 2 && test ! -e "$2"' - "$rc" "$T/x"
chmod 555 "$T/empty"
if [ ! -w "$T/empty" ]; then
	mkdir "$T/ro" && chmod 555 "$T/ro"
	rc=0
	$POLC init "$T/ro" >/dev/null 2>"$T/ro.err" || rc=$?
	check "an unwritable folder: exit 2, nothing left behind" sh -c \
		'test "$1" = 2 && grep -q "cannot write" "$2" && test -z "$(ls -A "$3")"' - "$rc" "$T/ro.err" "$T/ro"
fi
chmod 755 "$T/empty"
[ -d "$T/ro" ] && chmod 755 "$T/ro"

[ "$failures" = 0 ] && echo "all passed" || echo "$failures failed"
[ "$failures" = 0 ]
