#!/bin/sh
# assess.sh — the 自己点検 checklist and the assessment (docs/checklist.md).
#
# checklist: a UTF-8 CSV with a BOM, CRLF and RFC 4180 quoting that Python's csv module
# reads back field for field; --role keeps the role's checks; HTML is a printable page.
# assess: the round trip checklist → answers → assess on the real policy (all はい: exit
# 0 and 100.0%; one must-check いいえ: exit 1 and the rule's number named; a blank
# must-check: exit 1), and every malformed answers file tests/answers/NAME.csv exits 2
# with exactly the diagnostics in tests/answers/NAME.stderr. Bundles of another format
# or version, or with malformed checks, are refused (tests/answers/bundle-*.stderr).
# Cells that a spreadsheet would run as formulas are written with ' in front and read
# back without it; answers that are a directory or a FIFO are refused without blocking;
# --templates DIR reaches both pages. -o FILE is written whole or not at all: a write that
# fails half-way keeps the last good file; a device, a pipe or a link's target is written
# to, never replaced by a file; a folder is refused.
#
# Run from the repository root with POLC and BUILD set, as tests/run.sh does.
set -u

POLC=${POLC:-build/polc}
# Some cases run in another folder: make relative paths in POLC absolute.
ROOT=$(pwd)
set -f
abs=""
for w in $POLC; do
	case $w in
	/* | -*) ;;
	*/*) [ -e "$w" ] && w="$ROOT/$w" ;;
	esac
	abs="$abs${abs:+ }$w"
done
set +f
POLC=$abs
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-assess.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
# run NAME WANT-EXIT OUT ERR ARGS...: runs polc, ok when it exits WANT-EXIT.
run() {
	_name=$1 _want=$2 _out=$3 _err=$4
	shift 4
	_rc=0
	$POLC "$@" >"$_out" 2>"$_err" || _rc=$?
	if [ "$_rc" = "$_want" ]; then ok "$_name"; else
		not_ok "$_name (exit $_rc, expected $_want)"
		sed 's/^/    /' "$_err" | head -10
	fi
}

# ---- bundles --------------------------------------------------------------------------

cp -R policy-src "$T/real"
cp -R tests/answers/src "$T/small"
run "bundle of the real policy" 0 "$T/real.json" "$T/err" bundle "$T/real"
run "bundle of the answers fixture" 0 "$T/small.json" "$T/err" bundle "$T/small"

# ---- the checklist ----------------------------------------------------------------------

run "checklist (CSV) to stdout" 0 "$T/cl.csv" "$T/err" checklist "$T/real.json"
check "CSV starts with the UTF-8 BOM EF BB BF" sh -c '[ "$(head -c 3 "$1" | od -An -tx1 | tr -d " ")" = efbbbf ]' - "$T/cl.csv"
check "CSV is UTF-8 with CRLF line ends only, one row per check" python3 - "$T/cl.csv" "$T/real.json" <<'PY'
import csv, io, json, sys
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")  # raises if not UTF-8
assert raw.count(b"\n") == raw.count(b"\r\n") and raw.endswith(b"\r\n")
rows = list(csv.reader(io.StringIO(text[1:], newline="")))
assert rows[0] == ["No.", "チェックID", "対象", "点検項目", "根拠", "頻度", "証跡", "判定", "備考"], rows[0]
b = json.load(open(sys.argv[2], encoding="utf-8"))
checks = [(r, c) for r in b["rules"] for c in r["checks"]]
assert len(rows) - 1 == len(checks) == b["coverage"]["checks_total"]
titles = {x["id"]: x["title"] for x in b["roles"]}
for i, (row, (r, c)) in enumerate(zip(rows[1:], checks), 1):
    assert len(row) == 9 and row[0] == str(i) and row[1] == c["id"] and row[3] == c["question"]
    assert row[2] == "、".join(titles[a] for a in r["applies"])
    assert row[4] == r["number"] + " " + r["title"] and row[5] == (c["frequency_ja"] or "")
    assert row[6] == (c["evidence"] or "") and row[7] == "" and row[8] == ""
PY
run "checklist of the fixture" 0 "$T/small.csv" "$T/err" checklist "$T/small.json"
check "CSV quotes a field with a comma (RFC 4180)" grep -q '"カード発行簿, 返却記録"' "$T/small.csv"
run "checklist --role contractor -o FILE" 0 "$T/out" "$T/err" checklist "$T/real.json" --role contractor -o "$T/contractor.csv"
check "--role keeps exactly the checks of rules applying to the role" python3 - "$T/contractor.csv" "$T/real.json" <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))[1:]
b = json.load(open(sys.argv[2], encoding="utf-8"))
want = [c["id"] for r in b["rules"] if "contractor" in r["applies"] for c in r["checks"]]
assert want and [r[1] for r in rows] == want, (len(rows), len(want))
PY
run "checklist --format html" 0 "$T/cl.html" "$T/err" checklist "$T/real.json" --format html
check "HTML is a Japanese page with one row per check" python3 - "$T/cl.html" "$T/real.json" <<'PY'
import json, sys
h = open(sys.argv[1], encoding="utf-8").read()
b = json.load(open(sys.argv[2], encoding="utf-8"))
assert '<html lang="ja">' in h and "<table>" in h and "@page" in h
assert h.count('<td class="no">') == b["coverage"]["checks_total"]
PY
run "checklist -o FILE.html writes HTML" 0 "$T/out" "$T/err" checklist "$T/small.json" -o "$T/small.html"
check "  ... and it is HTML" grep -q '<!DOCTYPE html>' "$T/small.html"
run "checklist --role with an unknown role exits 2" 2 "$T/out" "$T/err" checklist "$T/real.json" --role nobody
run "checklist --format pdf exits 2" 2 "$T/out" "$T/err" checklist "$T/real.json" --format pdf
run "checklist of a missing file exits 2" 2 "$T/out" "$T/err" checklist "$T/none.json"
printf '{"format": ' >"$T/trunc.json"
run "checklist of invalid JSON exits 2" 2 "$T/out" "$T/err" checklist "$T/trunc.json"
check "  ... with the file, line and column" grep -q "^$T/trunc.json:1:[0-9]*: error: " "$T/err"

# Bundles of another format or version, and malformed checks (a check dropped would
# leave the assessment's scope unseen): refused by both commands, each with the
# expected message naming the bundle and the check.
python3 - "$T/real.json" "$T/small.json" "$T" <<'PY'
import copy, json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
def w(name, b):
    json.dump(b, open(sys.argv[3] + "/" + name + ".json", "w", encoding="utf-8"), ensure_ascii=False)
b["format"]["version"] = "2.0"
w("bundle-v2", b)
b["format"] = {"name": "other-tool", "version": "1.0"}
w("bundle-other", b)
small = json.load(open(sys.argv[2], encoding="utf-8"))
for name, v in [("bundle-v1.0x", "1.0x"), ("bundle-v1.9999", "1.9999"), ("bundle-v-number", 1.0)]:
    b = copy.deepcopy(small)
    b["format"]["version"] = v
    w(name, b)
b = copy.deepcopy(small)
b["rules"][0]["checks"][1] = None
w("bundle-null-check", b)
b = copy.deepcopy(small)
b["rules"][0]["checks"][0]["id"] = 7
w("bundle-numeric-id", b)
b = copy.deepcopy(small)
b["rules"][2]["checks"][0]["id"] = b["rules"][0]["checks"][0]["id"]
w("bundle-duplicate-id", b)
b = copy.deepcopy(small)
b["rules"][1]["checks"] = "none"
b["rules"][3] = 5
w("bundle-bad-rules", b)
PY
for case in bundle-v2 bundle-other bundle-v1.0x bundle-v1.9999 bundle-v-number bundle-null-check \
	bundle-numeric-id bundle-duplicate-id bundle-bad-rules; do
	for cmd in checklist assess; do
		_rc=0
		(cd "$T" && if [ $cmd = assess ]; then $POLC assess $case.json cl.csv; else $POLC checklist $case.json; fi) \
			>"$T/out" 2>"$T/err" || _rc=$?
		if [ "$_rc" = 2 ] && cmp -s "tests/answers/$case.stderr" "$T/err" && [ ! -s "$T/out" ]; then
			ok "$cmd refuses $case.json"
		else
			not_ok "$cmd refuses $case.json (exit $_rc)"
			diff "tests/answers/$case.stderr" "$T/err" | sed 's/^/    /'
		fi
	done
done

# ---- templates -------------------------------------------------------------------------

mkdir "$T/tmpl" "$T/tmpl-bad"
printf 'checks={{count}} first={{#rows}}{{id}};{{/rows}}\n' >"$T/tmpl/checklist.html.mustache"
printf 'result={{#pass}}pass{{/pass}}{{^pass}}fail{{/pass}} {{#summary}}{{> assess-tally-row.mustache}}{{/summary}}' \
	>"$T/tmpl/assess.html.mustache"
printf '{{#rows}}\n' >"$T/tmpl-bad/checklist.html.mustache"
run "checklist --templates DIR renders the page from DIR" 0 "$T/out" "$T/err" \
	checklist "$T/small.json" --format html --templates "$T/tmpl"
check "  ... with the checklist's data" grep -q '^checks=5 first=standards.room-log;standards.room-card;' "$T/out"
run "checklist --templates with a malformed template exits 2" 2 "$T/out" "$T/err" \
	checklist "$T/small.json" --format html --templates "$T/tmpl-bad"
check "  ... naming the template" grep -q '^polc: error: checklist.html.mustache: line 1: ' "$T/err"

# ---- the round trip --------------------------------------------------------------------

# fill IN OUT MODE: answers every check of a checklist. MODE: yes (all はい), no (the
# first must-check いいえ), blank (the first must-check left blank), na (the first
# must-check 該当なし). Prints the number and id of the rule it changed.
fill() {
	python3 - "$1" "$2" "$3" "$T/real.json" <<'PY'
import csv, json, sys
src, dst, mode, bundle = sys.argv[1:]
rows = list(csv.reader(open(src, encoding="utf-8-sig", newline="")))
b = json.load(open(bundle, encoding="utf-8"))
must = {c["id"]: r for r in b["rules"] if r["level"] == "must" for c in r["checks"]}
changed = None
for row in rows[1:]:
    row[7] = "はい"
    if changed is None and row[1] in must and mode != "yes":
        changed = must[row[1]]
        row[7] = {"no": "いいえ", "blank": "", "na": "該当なし"}[mode]
        row[8] = "テスト, 備考\n二行目" if mode == "no" else ""
with open(dst, "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
if changed:
    print(changed["number"], changed["id"])
PY
}

fill "$T/cl.csv" "$T/yes.csv" yes >/dev/null
run "assess: every check はい exits 0" 0 "$T/out" "$T/err" assess "$T/real.json" "$T/yes.csv" -o "$T/report-yes"
check "  ... and reports 100.0%" grep -q '適合率 100.0%' "$T/out"
check "  ... and says 適合" grep -q '^判定: 適合' "$T/out"
check "  ... report.json says pass, rate 100, and report.html is written" python3 - "$T/report-yes" <<'PY'
import json, sys
r = json.load(open(sys.argv[1] + "/report.json", encoding="utf-8"))
assert r["format"]["name"] == "polc-assessment" and r["result"] == "pass"
assert r["summary"]["rate"] == 100.0 and r["summary"]["unanswered"] == 0 and not r["failed_must_rules"]
h = open(sys.argv[1] + "/report.html", encoding="utf-8").read()
assert '<html lang="ja">' in h and "判定: 適合" in h
PY
# LF line ends, no BOM, and shuffled rows read the same.
python3 - "$T/yes.csv" "$T/yes-lf.csv" <<'PY'
import sys
rows = open(sys.argv[1], encoding="utf-8-sig", newline="").read().split("\r\n")
head, body = rows[0], [r for r in rows[1:] if r]
open(sys.argv[2], "w", encoding="utf-8", newline="").write("\n".join([head] + body[::-1]) + "\n")
PY
run "assess: LF, no BOM, rows in another order exits 0" 0 "$T/out" "$T/err" assess "$T/real.json" "$T/yes-lf.csv"

set -- $(fill "$T/cl.csv" "$T/no.csv" no)
number=$1 rule=$2
run "assess: one must-check いいえ exits 1" 1 "$T/out" "$T/err" assess "$T/real.json" "$T/no.csv" -o "$T/report-no"
check "  ... and names the rule's number ($number)" grep -q "^  $number .*\[$rule\]" "$T/out"
check "  ... and says 不適合" grep -q '^判定: 不適合' "$T/out"
check "  ... report.json lists the rule as failed, with the note" python3 - "$T/report-no/report.json" "$rule" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert r["result"] == "fail" and [x["id"] for x in r["failed_must_rules"]] == [sys.argv[2]]
assert r["failed_must_rules"][0]["checks"][0]["note"] == "テスト, 備考\n二行目"
assert r["summary"]["no"] == 1 and r["summary"]["rate"] < 100
assert r["by_chapter"] and r["by_role"] and r["by_article"]
PY

set -- $(fill "$T/cl.csv" "$T/blank.csv" blank)
run "assess: one must-check unanswered exits 1" 1 "$T/out" "$T/err" assess "$T/real.json" "$T/blank.csv"
check "  ... and lists it as unanswered" grep -q "^未回答の点検項目 (1)" "$T/out"
fill "$T/cl.csv" "$T/na.csv" na >/dev/null
run "assess: 該当なし passes a must-check (exit 0)" 0 "$T/out" "$T/err" assess "$T/real.json" "$T/na.csv"

fill "$T/contractor.csv" "$T/contractor-yes.csv" yes >/dev/null
run "assess --role contractor of the contractor checklist, all はい, exits 0" 0 "$T/out" "$T/err" \
	assess "$T/real.json" "$T/contractor-yes.csv" --role contractor
check "  ... and the scope is 委託事業者" grep -q '対象=委託事業者' "$T/out"
run "assess: a role checklist against the whole policy leaves checks unanswered (exit 1)" 1 "$T/out" "$T/err" \
	assess "$T/real.json" "$T/contractor.csv"
run "assess: usage error exits 2" 2 "$T/out" "$T/err" assess "$T/real.json"
run "assess: missing answers file exits 2" 2 "$T/out" "$T/err" assess "$T/real.json" "$T/none.csv"

run "assess --templates DIR writes report.html from DIR" 0 "$T/out" "$T/err" \
	assess "$T/real.json" "$T/yes.csv" -o "$T/report-tmpl" --templates "$T/tmpl"
check "  ... with the report's data (and the built-in partial)" \
	grep -q '^result=pass <tr><th scope="row">全体</th><td class="n">100.0%</td>' "$T/report-tmpl/report.html"

# ---- cells a spreadsheet would run as formulas -------------------------------------------

# A bundle whose texts start with = + - @ TAB and CR: the checklist writes each with ' in
# front (and nothing else changed), and assess reads answers saved back that way.
python3 - "$T/small.json" "$T/formula.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
checks = [c for r in b["rules"] for c in r["checks"]]
checks[0]["question"] = '=HYPERLINK("http://example.invalid/?"&A1,"x")'
checks[0]["evidence"] = "+1+2"
checks[1]["question"] = "-2+3"
checks[1]["evidence"] = "@SUM(A1:A2)"
checks[2]["question"] = "\t=1"
checks[2]["evidence"] = "\r=1"
checks[3]["question"] = "'quoted' は通常の文字列"
json.dump(b, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
run "checklist of a bundle with formula-like texts" 0 "$T/formula.csv" "$T/err" checklist "$T/formula.json"
check "  ... writes each formula-like cell with ' in front, other cells as they are" python3 - "$T/formula.csv" "$T/formula.json" <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))[1:]
b = json.load(open(sys.argv[2], encoding="utf-8"))
checks = [c for r in b["rules"] for c in r["checks"]]
assert len(rows) == len(checks)
for row, c in zip(rows, checks):
    for cell, text in [(row[3], c["question"]), (row[6], c["evidence"] or "")]:
        want = "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
        assert cell == want, (cell, want)
assert rows[0][3].startswith("'=HYPERLINK(") and rows[3][3] == "'quoted' は通常の文字列"
PY
python3 - "$T/formula.csv" "$T/formula-ans.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
for row in rows[1:]:
    row[7] = "はい"
rows[1][7], rows[1][8] = "いいえ", "'=1+1"
rows[2][8] = "'-"
rows[3][8] = "'plain"
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
PY
run "assess reads back answers to that checklist (one いいえ: exit 1)" 1 "$T/out" "$T/err" \
	assess "$T/formula.json" "$T/formula-ans.csv" -o "$T/report-formula"
check "  ... taking off the ' before a formula-like note, and only there" python3 - "$T/report-formula/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
notes = {c["id"]: c["note"] for c in r["checks"]}
assert notes["standards.room-log"] == "=1+1", notes
assert notes["standards.room-card"] == "-" and notes["standards.clear-desk.c1"] == "'plain", notes
assert [x["id"] for x in r["failed_must_rules"]] == ["standards.room"]
PY

# ---- answers that are not a regular file ---------------------------------------------------

mkdir "$T/folder.csv"
run "assess of a directory exits 2" 2 "$T/out" "$T/err" assess "$T/small.json" "$T/folder.csv"
check "  ... and says it is a directory" grep -q "^$T/folder.csv: error: cannot read: it is a directory" "$T/err"
if mkfifo "$T/fifo.csv" 2>/dev/null; then
	_rc=0
	timeout 20 $POLC assess "$T/small.json" "$T/fifo.csv" >"$T/out" 2>"$T/err" || _rc=$?
	if [ "$_rc" = 2 ] && grep -q "^$T/fifo.csv: error: cannot read: not a regular file" "$T/err"; then
		ok "assess of a FIFO exits 2 at once (not a regular file)"
	else
		not_ok "assess of a FIFO exits 2 at once (exit $_rc; 124 is a timeout)"
		sed 's/^/    /' "$T/err"
	fi
else
	ok "# skip assess of a FIFO: mkfifo is not available"
fi

# A bundle that is a FIFO or a directory is refused at once too (checklist and assess).
if mkfifo "$T/fifo.json" 2>/dev/null; then
	for cmd in checklist assess; do
		_rc=0
		if [ $cmd = checklist ]; then
			timeout 20 $POLC checklist "$T/fifo.json" >"$T/out" 2>"$T/err" || _rc=$?
		else
			timeout 20 $POLC assess "$T/fifo.json" "$T/blank.csv" >"$T/out" 2>"$T/err" || _rc=$?
		fi
		if [ "$_rc" = 2 ] && grep -q "^$T/fifo.json: error: cannot read: not a regular file" "$T/err"; then
			ok "$cmd of a FIFO bundle exits 2 at once (not a regular file)"
		else
			not_ok "$cmd of a FIFO bundle exits 2 at once (exit $_rc; 124 is a timeout)"
			sed 's/^/    /' "$T/err"
		fi
	done
else
	ok "# skip bundle FIFO: mkfifo is not available"
fi
mkdir -p "$T/dir.json"
_rc=0
$POLC checklist "$T/dir.json" >"$T/out" 2>"$T/err" || _rc=$?
if [ "$_rc" = 2 ] && grep -q "^$T/dir.json: error: cannot read: it is a directory, not a bundle (JSON)" "$T/err"; then
	ok "checklist of a directory says it is a directory"
else
	not_ok "checklist of a directory says it is a directory (exit $_rc)"
	sed 's/^/    /' "$T/err"
fi

# ---- -o FILE: the whole file or the last good one -------------------------------------

# A write that fails half-way (the file size limit, with SIGXFSZ ignored) leaves the file
# written before as it was, and no temporary file beside it.
mkdir -p "$T/keep"
run "checklist -o FILE.html before a failing write" 0 "$T/out" "$T/err" checklist "$T/real.json" -o "$T/keep/cl.html"
cp "$T/keep/cl.html" "$T/cl-good.html"
_rc=0
(trap '' XFSZ; ulimit -f 16; exec $POLC checklist "$T/real.json" -o "$T/keep/cl.html") >"$T/out" 2>"$T/err" || _rc=$?
check "checklist: a failing write exits 2 and says why" sh -c '[ "$1" = 2 ] && grep -q "cannot write .*cl.html" "$2"' - "$_rc" "$T/err"
check "checklist: a failing write keeps the last good file" cmp -s "$T/keep/cl.html" "$T/cl-good.html"
check "checklist: a failing write leaves no temporary file" sh -c '[ "$(ls -A "$1")" = cl.html ]' - "$T/keep"
run "assess -o DIR before a failing write" 0 "$T/out" "$T/err" assess "$T/real.json" "$T/yes.csv" -o "$T/keep/report"
cp "$T/keep/report/report.html" "$T/report-good.html"
_rc=0
(trap '' XFSZ; ulimit -f 16; exec $POLC assess "$T/real.json" "$T/yes.csv" -o "$T/keep/report") >"$T/out" 2>"$T/err" || _rc=$?
check "assess: a failing write exits 2 and keeps the last good report.html" sh -c \
	'[ "$1" = 2 ] && cmp -s "$2/report.html" "$3" && [ -z "$(ls -A "$2" | grep -v "^report\.")" ]' - "$_rc" "$T/keep/report" "$T/report-good.html"
# What is not a regular file is written to, never replaced.
run "checklist -o /dev/stdout" 0 "$T/out-dev" "$T/err" checklist "$T/real.json" -o /dev/stdout
check "checklist -o /dev/stdout prints what stdout gets" cmp -s "$T/out-dev" "$T/cl.csv"
check "checklist -o /dev/stdout into a pipe" sh -c '$1 checklist "$2" -o /dev/stdout 2>/dev/null | cmp -s - "$3"' - "$POLC" "$T/real.json" "$T/cl.csv"
: >"$T/keep/target.csv"
ln -s target.csv "$T/keep/link.csv"
run "checklist -o LINK" 0 "$T/out" "$T/err" checklist "$T/real.json" -o "$T/keep/link.csv"
check "checklist -o LINK replaces the link's target and keeps the link" sh -c \
	'[ -L "$1/link.csv" ] && cmp -s "$1/target.csv" "$2"' - "$T/keep" "$T/cl.csv"
run "checklist -o /dev/full exits 2" 2 "$T/out" "$T/err" checklist "$T/real.json" -o /dev/full
check "checklist -o /dev/full says why and leaves the device alone" sh -c \
	'grep -q "cannot write .*/dev/full.*No space" "$1" && [ -c /dev/full ]' - "$T/err"
mkdir -p "$T/a-folder.csv"
run "checklist -o FOLDER exits 2" 2 "$T/out" "$T/err" checklist "$T/real.json" -o "$T/a-folder.csv"
check "checklist -o FOLDER says it is a folder" grep -q "a-folder.csv': it is a folder" "$T/err"
run "checklist -o NAME/ exits 2" 2 "$T/out" "$T/err" checklist "$T/real.json" -o "$T/keep/new.csv/"
check "checklist -o NAME/ says why and makes no folder" sh -c \
	'grep -q "new.csv/'"'"': it names a folder, not a file" "$1" && [ ! -e "$2" ]' - "$T/err" "$T/keep/new.csv"
run "checklist -o '' exits 2" 2 "$T/out" "$T/err" checklist "$T/real.json" -o ""

# ---- malformed answers: exact diagnostics -----------------------------------------------

# A case with NAME.exit is read (exit 1 or 0) and its summary must be NAME.stdout.
n=0
for f in tests/answers/*.csv; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	name=${f%.csv}
	want=2
	[ -f "$name.exit" ] && want=$(cat "$name.exit")
	: >"$T/want-out"
	[ -f "$name.stdout" ] && cp "$name.stdout" "$T/want-out"
	_rc=0
	$POLC assess "$T/small.json" "$f" >"$T/out" 2>"$T/err" || _rc=$?
	if [ ! -f "$name.stderr" ]; then
		not_ok "$f: no $name.stderr"
	elif [ "$_rc" = "$want" ] && cmp -s "$name.stderr" "$T/err" && cmp -s "$T/want-out" "$T/out"; then
		ok "$f: exit $want and the expected output"
	else
		not_ok "$f: exit $want and the expected output (exit $_rc)"
		diff "$name.stderr" "$T/err" | sed 's/^/    /'
		diff "$T/want-out" "$T/out" | sed 's/^/    /'
	fi
done
[ $n -gt 0 ] || not_ok "found tests/answers/*.csv"

[ $failures = 0 ]
