#!/bin/sh
# diff.sh — the 新旧対照表 and changes.json for every kind of amendment, the draft (work
# tree and index), the public boundary, the 改定履歴 (CSV, 版, subjects, edition-like
# tags, public commit ids) and the JSON Schemas of changes.json, the history and
# report.json.
#
# Builds the amendment fixture with $BUILD/mkamend (libgit2 only; tests/fixture/mkamend.c):
# one commit per kind of amendment, tagged amend/NN-KIND. Goldens: tests/golden/diff/amend/;
# with UPDATE_GOLDEN=1 they are rewritten from polc's output (review the diff). The git CLI
# only verifies (status, the index) and sets up variants in copies of the fixture.
#
#   POLC=build/polc BUILD=build sh tests/e2e/diff.sh     (from the repository root)
set -u

ROOT=$(pwd)
POLC=${POLC:-build/polc}
BUILD=${BUILD:-build}
UPDATE_GOLDEN=${UPDATE_GOLDEN:-0}
GOLDEN=$ROOT/tests/golden/diff/amend
CANARY=CANARY-5D1E

T=$(mktemp -d "${TMPDIR:-/tmp}/polc-diff.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

. tests/lib.sh
# polc OUT ERR ARGS...: runs polc, prints its exit code.
polc() {
	_o=$1 _e=$2
	shift 2
	_rc=0
	timeout 300 $POLC "$@" >"$_o" 2>"$_e" || _rc=$?
	if [ "$_rc" = 99 ] || [ "$_rc" = 124 ]; then
		not_ok "polc $* (exit $_rc)" >&2
		sed 's/^/    /' "$_e" | head -n 20 >&2
		echo 1 >>"$T/memcheck"
	fi
	echo "$_rc"
}
golden() {
	if [ "$UPDATE_GOLDEN" = 1 ]; then
		mkdir -p "$(dirname "$2")"
		cp "$3" "$2"
		ok "$1 (golden updated)"
	elif cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff -u "$2" "$3" | head -n 40 | sed 's/^/    /'
	fi
}
# valid SCHEMA FILE: FILE is valid against docs/SCHEMA.
valid() {
	python3 - "$ROOT/docs/$1" "$2" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2], encoding="utf-8"))))
for e in errors[:5]:
    print("    %s: %s" % ("/".join(map(str, e.path)), e.message[:200]), file=sys.stderr)
sys.exit(1 if errors else 0)
PY
}
invalid() {
	! valid "$@" 2>/dev/null
}
# jq_py FILE EXPR: a Python assertion about the JSON in FILE (bound to d).
jq_py() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert $2, d" "$1" 2>/dev/null
}
no_canary() {
	! grep -rq "$CANARY" "$@"
}

if [ ! -x "$BUILD/mkamend" ]; then
	make --no-print-directory BUILD="$BUILD" "$BUILD/mkamend" >/dev/null || {
		not_ok "build mkamend"
		exit 1
	}
fi
FX=$T/repo
SRC=$FX/policy-src
if ! "$BUILD/mkamend" "$FX"; then
	not_ok "mkamend"
	exit 1
fi
ok "mkamend builds the amendment fixture"
check "fixture passes git fsck" git -C "$FX" fsck --no-progress --no-dangling
check "fixture work tree is clean" test -z "$(git -C "$FX" --no-optional-locks status --porcelain)"
TAGS=$(git -C "$FX" tag -l 'amend/*' | sed 1d)
check "seventeen amendments" test "$(echo "$TAGS" | wc -l)" = 17

# ---- one amendment per commit ------------------------------------------------------------

for tag in $TAGS; do
	n=${tag#amend/}
	out=$T/d-$n
	rc=$(polc "$T/d.out" "$T/d.err" diff "$tag~1" "$tag" "$SRC" -o "$out")
	check "$n: diff exits 0 without diagnostics" test "$rc" = 0 -a ! -s "$T/d.err"
	golden "$n: diff.html" "$GOLDEN/$n/diff.html" "$out/diff.html"
	golden "$n: changes.json" "$GOLDEN/$n/changes.json" "$out/changes.json"
	check "$n: changes.json is valid against docs/changes.schema.json" valid changes.schema.json "$out/changes.json"
	pub=$T/p-$n
	rc=$(polc "$T/p.out" "$T/p.err" diff "$tag~1" "$tag" "$SRC" -o "$pub" --edition public)
	check "$n: public diff exits 0" test "$rc" = 0
	check "$n: public diff has no canary (page, changes.json, summary)" no_canary "$pub" "$T/p.out"
	check "$n: public diff names no internal node, role or parameter" \
		sh -c '! grep -Eq "standards|sysadmin|ciso|auditor|password|incident" "$1"/* "$2"' - "$pub" "$T/p.out"
	check "$n: public changes.json is valid" valid changes.schema.json "$pub/changes.json"
done
D=$T/d
check "01-text: the rule's text is 改正, characters underlined" sh -c \
	'grep -q "許可された者に限<u class=\"chg\">り、記録を残す</u>" "$1/diff.html"' - "$D-01-text"
check "01-text: modified lists standards.room only" \
	jq_py "$D-01-text/changes.json" '[e["key"] for e in d["modified"]] == ["standards.room"] and d["counts"]["attributes"] == 0'
check "02-level: must → should as an attribute change" \
	jq_py "$D-02-level/changes.json" 'd["attributes"][0]["attributes"] == [{"name": "level", "old": "must", "new": "should"}] and d["modified"] == []'
check "02-level: the page shows 必須 → 推奨 in the attribute line" \
	sh -c 'grep -q "区分：<u class=\"chg\">推奨</u>" "$1" && grep -q "区分：<u class=\"chg\">必須</u>" "$1"' - "$D-02-level/diff.html"
check "03-applies: a role added" \
	jq_py "$D-03-applies/changes.json" 'd["attributes"][0]["attributes"] == [{"name": "applies", "old": ["sysadmin"], "new": ["sysadmin", "staff"]}]'
check "04-owner: sysadmin → ciso" \
	jq_py "$D-04-owner/changes.json" 'd["attributes"][0]["attributes"] == [{"name": "owner", "old": "sysadmin", "new": "ciso"}]'
check "04-owner: the page names the new owner by title" grep -q '責任者：<u class="chg">' "$D-04-owner/diff.html"
check "05-implements: an article's implements" \
	jq_py "$D-05-implements/changes.json" 'd["attributes"][0]["key"] == "standards.human" and d["attributes"][0]["attributes"][0]["new"] == ["basic.human", "basic.technical"]'
check "06-counters: a rule's counters" \
	jq_py "$D-06-counters/changes.json" 'd["attributes"][0]["attributes"][0] == {"name": "counters", "old": ["basic.leak"], "new": ["basic.leak", "basic.cyber"]}'
check "07-check-add: one check added, the two others unchanged (aligned by content)" \
	jq_py "$D-07-check-add/changes.json" '[(c["change"], c["new"]["evidence"]) for c in d["checks"][0]["checks"]] == [("added", "アカウント一覧")]'
check "07-check-add: the page marks the new check （新設）" grep -q '<span class="mark">（新設）</span><u class="chg">点検（四半期ごと）' "$D-07-check-add/diff.html"
check "08-check-del: one check removed" \
	jq_py "$D-08-check-del/changes.json" '[(c["change"], c["old"]["evidence"], c["new"]) for c in d["checks"][0]["checks"]] == [("removed", "アカウント一覧", None)]'
check "08-check-del: the page marks it （削る）" grep -q '<p class="check"><span class="mark">（削る）</span></p>' "$D-08-check-del/diff.html"
check "09-question: the question changed" \
	jq_py "$D-09-question/changes.json" 'd["checks"][0]["checks"][0]["changed"] == ["question"] and d["modified"] == []'
check "10-evidence: the evidence changed" \
	jq_py "$D-10-evidence/changes.json" 'd["checks"][0]["checks"][0]["changed"] == ["evidence"] and d["checks"][0]["checks"][0]["new"]["evidence"] == "入退室管理システムの記録"'
check "11-frequency: year → half-year" \
	jq_py "$D-11-frequency/changes.json" '[(c["changed"], c["old"]["frequency"], c["new"]["frequency"]) for c in d["checks"][0]["checks"]] == [(["frequency"], "year", "half-year")]'
check "12-role: a role retitled and a role added" \
	jq_py "$D-12-role/changes.json" '[(x["kind"], x["id"], x["change"]) for x in d["definitions"]] == [("role", "ciso", "modified"), ("role", "auditor", "added")]'
check "13-term: a term redefined" \
	jq_py "$D-13-term/changes.json" '[(x["kind"], x["id"], x["change"]) for x in d["definitions"]] == [("term", "incident", "modified")]'
check "14-param: the parameter once, as its own row, with where it is used" \
	jq_py "$D-14-param/changes.json" '[(x["id"], x["old"]["value"], x["new"]["value"], x["used_in"]) for x in d["definitions"]] == [("password.min", "12", "14", ["standards.password"])]'
check "14-param: ... and as the changed value in the sentence and the check using it" \
	sh -c 'grep -q "パスワードは、1<u class=\"chg\">4</u>文字以上の長さとする" "$1" && grep -q "パスワードの長さが1<u class=\"chg\">4</u>文字以上か" "$1" && grep -q "使用箇所 第2章2(1)" "$1"' - "$D-14-param/diff.html"
check "14-param: the rule's text and check are changed rows" \
	jq_py "$D-14-param/changes.json" '[e["key"] for e in d["modified"]] == ["standards.password"] and [e["key"] for e in d["checks"]] == ["standards.password"]'
check "15-move: training moved, password renumbered" \
	jq_py "$D-15-move/changes.json" '[(e["key"], e["old_parent"], e["new_parent"]) for e in d["moved"]] == [("standards.training", "standards.human", "standards.technical")] and [e["key"] for e in d["renumbered"]] == ["standards.password"]'
check "16-insert: an anonymous paragraph inserted; its neighbours are not rewritten" \
	jq_py "$D-16-insert/changes.json" '[e["key"] for e in d["added"]] == ["basic.notes/p1"] and d["modified"] == [] and d["removed"] == []'
check "16-insert: the public diff shows it too" \
	jq_py "$T/p-16-insert/changes.json" '[e["key"] for e in d["added"]] == ["basic.notes/p1"] and d["modified"] == []'
check "17-public: the public diff shows the public change (the canary tests can fail)" \
	jq_py "$T/p-17-public/changes.json" '[e["key"] for e in d["modified"]] == ["basic.purpose"]'
check "internal-only amendments give an empty public diff" \
	jq_py "$T/p-14-param/changes.json" 'all(v == 0 for v in d["counts"].values()) and d["definitions"] == []'
check "the internal diff shows the canary (the public canary test can fail)" grep -q "$CANARY" "$D-14-param/diff.html"

rc=$(polc "$T/o" "$T/e" diff amend/00-base amend/17-public "$SRC" -o "$T/all")
rc2=$(polc "$T/o" "$T/e" diff amend/00-base amend/17-public "$SRC" -o "$T/all2")
check "all amendments at once: exits 0" test "$rc" = 0 -a "$rc2" = 0
check "all amendments at once: the same bytes twice" diff -r "$T/all" "$T/all2"
check "all amendments at once: valid" valid changes.schema.json "$T/all/changes.json"
rc=$(polc "$T/o" "$T/e" diff amend/00-base amend/17-public "$SRC" -o "$T/allp" --edition public)
check "all amendments, public: no canary" no_canary "$T/allp" "$T/o"

# An output that cannot be written: exit 2, no temporary file left behind.
mkdir -p "$T/ro/changes.json/x"
rc=$(polc "$T/o" "$T/ro.err" diff amend/01-text amend/02-level "$SRC" -o "$T/ro")
check "an unwritable changes.json: exit 2, one message, no temporary file" \
	sh -c '[ "$1" = 2 ] && grep -q "cannot write" "$2" && [ -z "$(ls -A "$3" | grep tmp)" ]' - "$rc" "$T/ro.err" "$T/ro"

# ---- the draft: work tree and index --------------------------------------------------------

snapshot() {
	git -C "$FX" --no-optional-locks status --porcelain --untracked-files=all >"$1.status"
	cksum <"$FX/.git/index" >"$1.index"
	git -C "$FX" rev-parse HEAD >"$1.head"
}
unchanged() {
	cmp -s "$1.status" "$2.status" && cmp -s "$1.index" "$2.index" && cmp -s "$1.head" "$2.head"
}
sed -i 's/value=14, unit=文字/value=16, unit=文字/' "$SRC/policy.pol"
git -C "$FX" add policy-src/policy.pol
sed -i 's/@rule room サーバ室の管理 \[must,/@rule room サーバ室の管理 [should,/' "$SRC/standards.pol"
sed -i 's/職員等の責務を定める。/職員等の責務を定める。職員等は、これを守る。/' "$SRC/basic.pol"
snapshot "$T/before"
rc=$(polc "$T/wt.out" "$T/wt.err" diff amend/17-public "$SRC" -o "$T/wt")
check "diff OLD SRC (work tree) exits 0" test "$rc" = 0 -a ! -s "$T/wt.err"
check "work tree: staged and unstaged changes, all shown" \
	jq_py "$T/wt/changes.json" 'd["new"]["draft"] == "worktree" and d["new"]["rev"] is None and [x["new"]["value"] for x in d["definitions"]] == ["16"] and [e["key"] for e in d["attributes"]] == ["standards.room"] and [e["key"] for e in d["modified"]] == ["basic.purpose", "standards.password"]'
check "work tree: the page is stamped 未確定" sh -c 'grep -q "未確定" "$1/diff.html" && grep -q "作業ツリー（未確定）" "$2"' - "$T/wt" "$T/wt.out"
check "work tree: changes.json valid" valid changes.schema.json "$T/wt/changes.json"
rc=$(polc "$T/ix.out" "$T/ix.err" diff amend/17-public "$SRC" --cached -o "$T/ix")
check "diff OLD --cached exits 0" test "$rc" = 0
check "--cached: only the staged change" \
	jq_py "$T/ix/changes.json" 'd["new"]["draft"] == "index" and [x["new"]["value"] for x in d["definitions"]] == ["16"] and d["attributes"] == [] and [e["key"] for e in d["modified"]] == ["standards.password"]'
check "--cached: the page is stamped 未確定 (インデックス)" grep -q 'インデックス（未確定）' "$T/ix/diff.html"
rc=$(polc "$T/last.out" "$T/last.err" diff "$SRC" -o "$T/last")
check "diff without OLD: the last edition (edition/2026-04) against the work tree" \
	sh -c '[ "$1" = 0 ] && grep -q "edition/2026-04 → 作業ツリー（未確定）" "$2"' - "$rc" "$T/last.out"
check "diff without OLD = diff amend/17-public (the same commit), but for the name" \
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); assert a["old"].pop("rev") == "edition/2026-04"; b["old"].pop("rev"); assert a == b' "$T/last/changes.json" "$T/wt/changes.json"
rc=$(polc "$T/wtp.out" "$T/wtp.err" diff "$SRC" -o "$T/wtp" --edition public)
check "work tree, public: only the public change, no canary" \
	sh -c '[ "$1" = 0 ] && ! grep -rq "$2" "$3" "$4"' - "$rc" "$CANARY" "$T/wtp" "$T/wtp.out"
check "work tree, public: basic.purpose only" jq_py "$T/wtp/changes.json" '[e["key"] for e in d["modified"]] == ["basic.purpose"] and d["definitions"] == []'
rc=$(polc "$T/o" "$T/e" diff "$SRC" --cached -o "$T/ixp" --edition public)
check "index, public: nothing public staged" jq_py "$T/ixp/changes.json" 'all(v == 0 for v in d["counts"].values())'
snapshot "$T/after"
check "the draft diffs leave the work tree, the index and HEAD untouched" unchanged "$T/before" "$T/after"
rc=$(polc "$T/o" "$T/e" diff amend/01-text amend/02-level "$SRC" --cached -o "$T/x")
check "--cached with NEW is a usage error" test "$rc" = 2
# A policy with errors in the work tree stops the diff, with its diagnostics.
printf '\n@rule\n' >>"$SRC/standards.pol"
rc=$(polc "$T/o" "$T/bad.err" diff "$SRC" -o "$T/bad")
check "an error in the work tree: exit 1, the diagnostic, no output" \
	sh -c '[ "$1" = 1 ] && grep -q "standards.pol" "$2" && grep -q "work tree has errors" "$2" && [ ! -e "$3" ]' - "$rc" "$T/bad.err" "$T/bad"
git -C "$FX" checkout -q -- policy-src
git -C "$FX" reset -q
git -C "$FX" checkout -q -- policy-src

# The index: a symbolic link staged is refused as in the work tree; a conflict stops it.
cp -R "$FX" "$T/ix2"
gi() { git -C "$T/ix2" -c user.name=t -c user.email=t@example.invalid -c commit.gpgsign=false "$@"; }
ln -s /etc/passwd "$T/ix2/policy-src/pw.pol"
printf '\n@include pw.pol\n' >>"$T/ix2/policy-src/policy.pol"
gi add -A
rc=$(polc "$T/o" "$T/ln.err" diff "$T/ix2/policy-src" --cached -o "$T/ln")
check "--cached: a staged symbolic link is refused (exit 1, not followed)" \
	sh -c '[ "$1" = 1 ] && grep -q "symbolic link" "$2" && ! grep -q "root:" "$2"' - "$rc" "$T/ln.err"
gi reset -q --hard
gi checkout -q -b side
sed -i 's/value=14, unit/value=15, unit/' "$T/ix2/policy-src/policy.pol"
gi commit -qam side
gi checkout -q main
sed -i 's/value=14, unit/value=13, unit/' "$T/ix2/policy-src/policy.pol"
gi commit -qam main
gi merge -q side >/dev/null 2>&1
rc=$(polc "$T/o" "$T/cf.err" diff "$T/ix2/policy-src" --cached -o "$T/cf")
check "--cached: a conflicted index is one error (exit 2)" \
	sh -c '[ "$1" = 2 ] && grep -q "conflict at .policy-src/policy.pol" "$2" && [ "$(wc -l <"$2")" = 1 ]' - "$rc" "$T/cf.err"
# Without OLD and without an edition tag there is nothing to compare with.
cp -R "$FX" "$T/notag"
git -C "$T/notag" tag -l 'edition/*' | xargs git -C "$T/notag" tag -d >/dev/null
rc=$(polc "$T/o" "$T/nt.err" diff "$T/notag/policy-src" -o "$T/nt")
check "diff without OLD and without an edition tag: exit 2, says so" \
	sh -c '[ "$1" = 2 ] && grep -q "no edition/ tag" "$2"' - "$rc" "$T/nt.err"

# ---- 改定履歴 --------------------------------------------------------------------------------

rc=$(polc "$T/h.csv" "$T/h.err" history "$SRC" --format csv)
check "history --format csv exits 0" test "$rc" = 0
check "history csv: a BOM, CRLF, the 版 in the era" \
	python3 -c 'import sys; b=open(sys.argv[1],"rb").read(); assert b.startswith(b"\xef\xbb\xbf"); t=b[3:].decode(); assert t.split("\r\n")[0] == "版,年月,改定の概要,改定の概要（内部）,タグ,コミット", t; assert t.split("\r\n")[1].startswith("令和8年1月版,令和8年1月,初版を制定した。,対策基準を定めた"), t' "$T/h.csv"
check "history: the subject (令和8年1月制定) is not repeated in the summary" sh -c '! grep -q "令和8年1月制定" "$1"' - "$T/h.csv"
rc=$(polc "$T/hp.csv" "$T/e" history "$SRC" --format csv --edition public)
check "public history csv: no internal column, no canary, no commit" \
	sh -c '[ "$1" = 0 ] && ! grep -q "$2" "$3" && ! grep -q "コミット\|内部" "$3" && ! grep -Eq "[0-9a-f]{7}" "$3"' - "$rc" "$CANARY" "$T/hp.csv"
rc=$(polc "$T/hp.txt" "$T/e" history "$SRC" --edition public)
check "public history text: no canary, no commit, the public summaries" \
	sh -c '[ "$1" = 0 ] && ! grep -q "$2" "$3" && ! grep -Eq "[0-9a-f]{7}" "$3" && grep -q "基本方針の目的を改めた" "$3"' - "$rc" "$CANARY" "$T/hp.txt"
for ed in internal public; do
	rc=$(polc "$T/h-$ed.json" "$T/e" history "$SRC" --format json --edition "$ed")
	check "history json ($ed) is valid against docs/history.schema.json" valid history.schema.json "$T/h-$ed.json"
	check "history json ($ed): 版 in the era" jq_py "$T/h-$ed.json" '[e["version_era"] for e in d["entries"]] == ["令和8年1月版", "令和8年4月版"]'
done
check "public history json: no canary, no commit" \
	sh -c '! grep -q "$1" "$2" && ! grep -Eq "[0-9a-f]{7}" "$2"' - "$CANARY" "$T/h-public.json"
rc=$(polc "$T/o" "$T/e" build "$SRC" -o "$T/b" --edition all)
check "build: the edition's 改定履歴 has a 版 column in the era" grep -q '<td>令和8年4月版</td><td>令和8年4月</td>' "$T/b/public/index.html"
HEAD_ID=$(git -C "$FX" rev-parse HEAD)
check "public edition: no commit id anywhere (footer, history, bundle)" sh -c '! grep -rq "$1" "$2" && ! grep -rq "$3" "$2"' - "$HEAD_ID" "$T/b/public" "$(echo "$HEAD_ID" | cut -c1-7)"
check "internal edition: the footer names the commit (the test can fail)" grep -q "$HEAD_ID" "$T/b/internal/index.html"

# Formula-looking summaries, edition-like tags, and publishing commit ids.
cp -R "$FX" "$T/h2"
gitc() { git -C "$T/h2" -c user.name=t -c user.email=t@example.invalid -c commit.gpgsign=false -c tag.gpgsign=false "$@"; }
sed -i 's/^  numbering = guideline$/  numbering = guideline\n  public-commit = yes/' "$T/h2/policy-src/policy.pol"
gitc commit -qam "publish commit ids"
gitc tag -a edition/2026-05 -m "Public: =HYPERLINK(\"http://example.invalid\") の式" -m "Internal: +内部 $CANARY"
gitc tag Edition/2026-06
gitc tag edition-2026-07
gitc tag v2026-08
gitc tag v1.0
rc=$(polc "$T/h2.csv" "$T/h2.err" history "$T/h2/policy-src" --format csv)
check "csv: a formula-looking summary gets a leading '" grep -q "'=HYPERLINK" "$T/h2.csv"
check "csv: ... and so does an internal one" grep -q "'+内部" "$T/h2.csv"
check "edition-like tags are warned about, v1.0 is not" \
	sh -c 'grep -q "Edition/2026-06.*looks like an edition" "$1" && grep -q "edition-2026-07.*looks like an edition" "$1" && grep -q "v2026-08.*looks like an edition" "$1" && ! grep -q "v1.0" "$1"' - "$T/h2.err"
rc=$(polc "$T/h2p.json" "$T/e" history "$T/h2/policy-src" --format json --edition public)
H2=$(git -C "$T/h2" rev-parse HEAD)
check "public-commit = yes: the public history names the commits" \
	jq_py "$T/h2p.json" 'd["entries"][-1]["commit"] == "'"$H2"'" and d["entries"][-1]["internal_summary"] is None'
check "public-commit = yes: the public history has no canary" no_canary "$T/h2p.json"
check "public-commit = yes: valid" valid history.schema.json "$T/h2p.json"
rc=$(polc "$T/o" "$T/e" build "$T/h2/policy-src" -o "$T/b2" --edition public)
check "public-commit = yes: the public footer names the commit" grep -q "コミット $H2" "$T/b2/public/index.html"

# ---- report.json ----------------------------------------------------------------------------

rc=$(polc "$T/bundle.json" "$T/e" bundle tests/answers/src)
rc=$(polc "$T/o" "$T/e" checklist "$T/bundle.json" -o "$T/cl.csv")
python3 - "$T/cl.csv" "$T/ans.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head = rows[0]
a = head.index("判定")
for i, r in enumerate(rows[1:]):
    r[a] = "いいえ" if i == 0 else "はい"
w = csv.writer(open(sys.argv[2], "w", encoding="utf-8-sig", newline=""), lineterminator="\r\n")
w.writerows(rows)
PY
rc=$(polc "$T/o" "$T/e" assess "$T/bundle.json" "$T/ans.csv" -o "$T/rep")
check "assess -o: report.json written" test -s "$T/rep/report.json"
check "report.json is valid against docs/report.schema.json" valid report.schema.json "$T/rep/report.json"
rc=$(polc "$T/o" "$T/e" assess "$T/bundle.json" "$T/cl.csv" -o "$T/rep2" --role staff)
check "report.json (unanswered, one role) is valid" valid report.schema.json "$T/rep2/report.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["extra"]=1; d["result"]="maybe"; json.dump(d,open(sys.argv[2],"w"))' "$T/rep/report.json" "$T/rep-bad.json"
check "the report schema rejects a wrong report (the test can fail)" invalid report.schema.json "$T/rep-bad.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); del d["definitions"]; d["checks"][0]["checks"][0]["change"]="changed"; json.dump(d,open(sys.argv[2],"w"))' "$D-07-check-add/changes.json" "$T/ch-bad.json"
check "the changes schema rejects a wrong change set" invalid changes.schema.json "$T/ch-bad.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["entries"][0]["internal_summary"]="x"; json.dump(d,open(sys.argv[2],"w"))' "$T/h-public.json" "$T/h-bad.json"
check "the history schema rejects an internal summary in a public history" invalid history.schema.json "$T/h-bad.json"

# ---- the Word 新旧対照表 shows the same amendments ----------------------------------------
# docx_text FILE: the text of the document's runs, one paragraph a line.
docx_text() {
	unzip -p "$1" word/document.xml | sed 's#</w:p>#\n#g; s/<[^>]*>//g'
}
for n in 02-level 07-check-add 14-param; do
	rc=$(polc "$T/o" "$T/e" diff "amend/$n~1" "amend/$n" "$SRC" -o "$T/w-$n" --format docx)
	check "$n: diff --format docx exits 0" test "$rc" = 0
	docx_text "$T/w-$n/diff.docx" >"$T/w-$n.txt"
done
check "02-level: the Word table shows the attribute line of both sides" \
	sh -c 'grep -q "区分：推奨" "$1" && grep -q "区分：必須" "$1" && grep -q "属性 1" "$1"' - "$T/w-02-level.txt"
check "07-check-add: the added check is marked （新設）" grep -q "（新設）点検（四半期ごと）" "$T/w-07-check-add.txt"
check "14-param: the parameter has its own row, with where it is used" \
	sh -c 'grep -q "役割、用語及びパラメータ" "$1" && grep -q "パラメータ password.min" "$1" && grep -q "使用箇所" "$1" && grep -q "定義 1" "$1"' - "$T/w-14-param.txt"
check "14-param: the sentence using it shows the new value" grep -q "パスワードの長さが14文字以上か" "$T/w-14-param.txt"
rc=$(polc "$T/o" "$T/e" diff amend/00-base amend/17-public "$SRC" -o "$T/wpub" --edition public --format docx)
check "public diff --format docx exits 0" test "$rc" = 0
check "the public Word 新旧対照表 holds no canary in any part" \
	sh -c '! unzip -p "$1" | grep -q CANARY' - "$T/wpub/diff.docx"

[ -s "$T/memcheck" ] && failures=$((failures + $(wc -l <"$T/memcheck")))
if [ "$failures" -ne 0 ]; then
	echo "$failures failed"
	exit 1
fi
echo "all passed"
