#!/bin/sh
# bom.sh — sources saved with a byte order mark (Notepad, Excel) and CRLF line ends read
# as the same policy: no diagnostic, the same model, and line 1's columns counted after
# the mark.
. tests/lib.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

mkdir "$T/plain" "$T/bom"
cat >"$T/plain/policy.pol" <<'POL'
@policy p 吾妻町情報セキュリティポリシー
  issued = 2026-03
@role staff 職員
@include basic.pol
POL
cat >"$T/plain/basic.pol" <<'POL'
@document basic 情報セキュリティ基本方針
@chapter scope 適用範囲
@article all 職員の義務
@rule scope-all すべての職員 [must, applies=staff]
職員は、この基本方針を守らなければならない。
@check c1
基本方針が職員に周知されているか。
POL
for f in policy.pol basic.pol; do
	{ printf '\357\273\277'; sed 's/$/\r/' "$T/plain/$f"; } >"$T/bom/$f"
done
check "the copies start with a BOM" sh -c "head -c 3 '$T/bom/basic.pol' | od -An -tx1 | grep -q 'ef bb bf'"

$POLC check "$T/plain" 2>"$T/plain.err"
check "the plain policy checks clean" test $? = 0 -a ! -s "$T/plain.err"
$POLC check "$T/bom" 2>"$T/bom.err"
rc=$?
check "the BOM + CRLF policy checks clean" test $rc = 0 -a ! -s "$T/bom.err"
[ -s "$T/bom.err" ] && sed 's/^/    /' "$T/bom.err"
$POLC dump "$T/plain" >"$T/plain.dump" 2>/dev/null
$POLC dump "$T/bom" >"$T/bom.dump" 2>/dev/null
check "both give the same model" cmp -s "$T/plain.dump" "$T/bom.dump"

# A mistake on line 1 of a file with a BOM: column 1 is the first character after it.
{ printf '\357\273\277'; echo '@documnt basic 情報セキュリティ基本方針'; sed 1d "$T/plain/basic.pol"; } >"$T/bom/basic.pol"
$POLC check "$T/bom" 2>"$T/err1"
check "a typo on line 1 is an error" test $? = 1
check "reported at line 1, column 1" grep -q 'basic.pol:1:1: error: unknown directive' "$T/err1"
check "the source line is shown without the mark" grep -q '^    1 | @documnt' "$T/err1"

[ "$failures" = 0 ] && echo "all passed" || echo "$failures failed"
[ "$failures" = 0 ]
