#!/bin/sh
# office.sh — Word and Excel (docs/word-excel.md).
#
#   1. the checklist as .xlsx: its sheets, columns, rows (the CSV's, cell for cell), the
#      判定 drop-down, frozen header, A4 landscape fitted to the width, the marking and
#      page numbers, the identity sheet; byte-identical when made twice; a public
#      bundle's workbook has no 非公開 and no canary;
#   2. answers back: the workbook filled in by openpyxl assesses exactly like the same
#      answers as CSV, and so do that CSV saved as CP932 (iconv), UTF-16LE and UTF-16BE
#      with a byte order mark, tab-separated as Excel's 「Unicode テキスト」 and in CP932,
#      by LibreOffice as CSV ("Text - txt - csv (StarCalc)", 44,34,76 for UTF-8 and
#      44,34,64 for Shift_JIS) and as .xlsx; malformed workbooks give every error in
#      one run;
#      the report as .xlsx;
#   3. editions as .docx: well-formed parts, python-docx reads them, the seed's
#      sentences in order (in the document and in the PDF LibreOffice makes of it),
#      non-public pages marked 非公開 in their header and footer, the public one not,
#      no canary in any part of the public .docx, byte-identical builds, golden
#      document XML of a small policy; the 新旧対照表 .docx with its underlined changes.
#
# Needs python3-openpyxl, python3-docx, unzip, xmllint, soffice (LibreOffice), pdftotext:
# `make test` installs them (Makefile DEBS). Run from the repository root with POLC and
# BUILD set, as tests/run.sh does.
set -u

POLC=${POLC:-build/polc}
UPDATE_GOLDEN=${UPDATE_GOLDEN:-0}
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
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-office.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
GOLDEN=tests/golden/docx
# Debian's python3 has python3-openpyxl and python3-docx; another python3 first on PATH may not.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
if ! $PY -c 'import openpyxl, docx' 2>/dev/null; then
	not_ok "python3-openpyxl and python3-docx are installed (make test installs them)"
	exit 1
fi
# LibreOffice keeps a profile in HOME: one of our own, so runs never share or lock one.
LO_HOME=$T/lo-home
soffice_run() {
	HOME=$LO_HOME timeout 300 soffice --headless --norestore --nolockcheck "$@" >"$T/lo.log" 2>&1
}
run() { # NAME WANT-EXIT OUT ERR ARGS...
	_name=$1 _want=$2 _out=$3 _err=$4
	shift 4
	_rc=0
	$POLC "$@" >"$_out" 2>"$_err" || _rc=$?
	if [ "$_rc" = "$_want" ]; then ok "$_name"; else
		not_ok "$_name (exit $_rc, expected $_want)"
		sed 's/^/    /' "$_err" | head -10
	fi
}
parts_ok() { # ZIP: a valid zip whose XML parts are all well-formed
	_d=$T/unzip.$$
	rm -rf "$_d"
	mkdir "$_d"
	unzip -tq "$1" >/dev/null && (cd "$_d" && unzip -q "$1") || return 1
	_bad=0
	for _p in $(cd "$_d" && find . -type f \( -name '*.xml' -o -name '*.rels' \)); do
		xmllint --noout --nonet "$_d/$_p" || _bad=1
	done
	rm -rf "$_d"
	return $_bad
}
unzip_all() { # ZIP DIR
	rm -rf "$2"
	mkdir -p "$2"
	(cd "$2" && unzip -q "$1")
}

cp -R policy-src "$T/real"
cp -R tests/canary/src "$T/canary"
cp -R tests/answers/src "$T/small"
run "bundle of the real policy" 0 "$T/real.json" "$T/err" bundle "$T/real"
run "public bundle of the canary policy" 0 "$T/canary-public.json" "$T/err" bundle "$T/canary" --edition public
run "bundle of the canary policy" 0 "$T/canary.json" "$T/err" bundle "$T/canary"

# ---- 1. the checklist as .xlsx ---------------------------------------------------------

run "checklist --format xlsx -o FILE" 0 "$T/out" "$T/err" checklist "$T/real.json" --format xlsx -o "$T/cl.xlsx"
run "checklist -o FILE.xlsx implies xlsx" 0 "$T/out" "$T/err" checklist "$T/real.json" -o "$T/cl2.xlsx"
run "checklist CSV of the same bundle" 0 "$T/cl.csv" "$T/err" checklist "$T/real.json"
check "  ... the workbook is a zip of well-formed XML parts" parts_ok "$T/cl.xlsx"
check "  ... the same bundle gives the same bytes" cmp -s "$T/cl.xlsx" "$T/cl2.xlsx"
run "checklist --format xlsx without -o exits 2" 2 "$T/out" "$T/err" checklist "$T/real.json" --format xlsx
check "  ... and writes nothing to the terminal" test ! -s "$T/out"
check "the workbook: the CSV's columns and rows, drop-down, frozen header, A4 landscape, marking, identity" \
	$PY - "$T/cl.xlsx" "$T/cl.csv" "$T/real.json" <<'PY'
import csv, json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["自己点検", "版情報"], wb.sheetnames
ws = wb["自己点検"]
rows = [[("" if v is None else str(v)) for v in r] for r in ws.iter_rows(values_only=True)]
want = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline="")))
assert rows == want, (rows[:2], want[:2])
b = json.load(open(sys.argv[3], encoding="utf-8"))
n = b["coverage"]["checks_total"]
assert len(rows) == n + 1
assert ws.freeze_panes == "A2", ws.freeze_panes
ps = ws.page_setup
assert ps.paperSize == 9 and ps.orientation == "landscape" and ps.fitToWidth in (None, 1) and ps.fitToHeight == 0
assert ws.sheet_properties.pageSetUpPr.fitToPage
assert ws.print_title_rows in ("1:1", "$1:$1"), ws.print_title_rows
dv = ws.data_validations.dataValidation
assert len(dv) == 1 and dv[0].type == "list" and dv[0].formula1 == '"はい,いいえ,該当なし"', dv
assert str(dv[0].sqref) == "H2:H%d" % (n + 1), dv[0].sqref
assert dv[0].showErrorMessage and dv[0].errorStyle in (None, "stop")
assert ws.oddHeader.left.text == "非公開" and b["policy"]["title"] in ws.oddHeader.center.text
assert ws.oddFooter.center.text == "&P / &N" and ws.oddFooter.right.text == "非公開"
assert ws.column_dimensions["D"].width >= 40 and ws["D2"].alignment.wrap_text
ident = dict(r for r in wb["版情報"].iter_rows(values_only=True))
assert ident["ソースダイジェスト"] == b["revision"]["source_digest"] and ident["版"] == "internal"
assert ident["点検項目数"] == str(n) and wb["版情報"].protection.sheet
PY
$PY - "$T/real.json" "$T/long.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
b["rules"][0]["checks"][0]["question"] = "長" * 40000
json.dump(b, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
cp "$T/cl.xlsx" "$T/keep.xlsx"
run "checklist .xlsx of a question longer than a cell holds exits 2" 2 "$T/out" "$T/err" checklist "$T/long.json" -o "$T/keep.xlsx"
check "  ... says why and leaves the old file as it was" sh -c 'grep -q "cannot write" "$1" && cmp -s "$2" "$3" && ! ls "$4" | grep -q polc-tmp' - "$T/err" "$T/cl.xlsx" "$T/keep.xlsx" "$T"
run "checklist --format xlsx of a public bundle" 0 "$T/out" "$T/err" checklist "$T/canary-public.json" -o "$T/pub.xlsx"
unzip_all "$T/pub.xlsx" "$T/pub-xlsx"
check "  ... no 非公開 and no canary in any part" sh -c '! grep -rqe "非公開" -e CANARY -e canary-conf -e canary-na "$1"' - "$T/pub-xlsx"
run "checklist --format xlsx of the canary policy (internal)" 0 "$T/out" "$T/err" checklist "$T/canary.json" -o "$T/canary.xlsx"
unzip_all "$T/canary.xlsx" "$T/canary-xlsx"
check "  ... holds 非公開 and its checks (the scan works)" sh -c 'grep -rq "非公開" "$1" && grep -rq CANARY "$1"' - "$T/canary-xlsx"

# ---- 2. answers back ---------------------------------------------------------------------

# The workbook filled in as a person would in Excel: every 判定 はい, but the first
# must-check いいえ with a note, a must-check 該当なし, one left blank; the same answers
# written as a CSV (UTF-8 with a BOM, CRLF).
$PY - "$T/cl.xlsx" "$T/real.json" "$T/filled.xlsx" "$T/filled.csv" <<'PY'
import csv, json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["自己点検"]
b = json.load(open(sys.argv[2], encoding="utf-8"))
must = [c["id"] for r in b["rules"] if r["level"] == "must" for c in r["checks"]]
for row in ws.iter_rows(min_row=2):
    cid = row[1].value
    row[7].value = "はい"
    if cid == must[0]:
        row[7].value, row[8].value = "いいえ", "記録が一部ない, 来月是正\n二行目"
    elif cid == must[1]:
        row[7].value = "該当なし"
    elif cid == must[2]:
        row[7].value = None
wb.save(sys.argv[3])
rows = [[("" if v is None else str(v)) for v in r] for r in wb["自己点検"].iter_rows(values_only=True)]
with open(sys.argv[4], "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
PY
run "assess the filled-in CSV (one いいえ: exit 1)" 1 "$T/csv.out" "$T/err" assess "$T/real.json" "$T/filled.csv" -o "$T/r-csv"
run "assess the filled-in .xlsx (exit 1)" 1 "$T/xlsx.out" "$T/err" assess "$T/real.json" "$T/filled.xlsx" -o "$T/r-xlsx"
check "  ... the same summary as the CSV" cmp -s "$T/csv.out" "$T/xlsx.out"
check "  ... the same report.json as the CSV" cmp -s "$T/r-csv/report.json" "$T/r-xlsx/report.json"
check "  ... which has the いいえ with its note, the 該当なし and the blank" $PY - "$T/r-xlsx/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
s = r["summary"]
assert s["no"] == 1 and s["not_applicable"] == 1 and s["unanswered"] == 1, s
assert r["failed_must_rules"][0]["checks"][0]["note"] == "記録が一部ない, 来月是正\n二行目"
assert len(r["rules"]) == len({c["rule"] for c in r["checks"]})
assert [x["status"] for x in r["rules"]].count("fail") == 1
PY
same() { # NAME FILE: assesses FILE, which must give the CSV's summary and report
	_rc=0
	rm -rf "$T/r-same"
	$POLC assess "$T/real.json" "$2" -o "$T/r-same" >"$T/same.out" 2>"$T/err" || _rc=$?
	if [ "$_rc" = 1 ] && cmp -s "$T/csv.out" "$T/same.out" && cmp -s "$T/r-csv/report.json" "$T/r-same/report.json"; then
		ok "$1 assesses like the UTF-8 CSV"
	else
		not_ok "$1 assesses like the UTF-8 CSV (exit $_rc)"
		sed 's/^/    /' "$T/err" | head -5
		diff "$T/csv.out" "$T/same.out" | head -10 | sed 's/^/    /'
	fi
}
tail -c +4 "$T/filled.csv" | iconv -f UTF-8 -t CP932 >"$T/cp932.csv"
check "the CP932 file is not UTF-8 (the test means something)" sh -c '! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1' - "$T/cp932.csv"
same "CP932 (Shift_JIS) CSV, as Japanese Excel saves it," "$T/cp932.csv"
tail -c +4 "$T/filled.csv" | iconv -f UTF-8 -t UTF-16LE >"$T/u16le.body"
{ printf '\377\376'; cat "$T/u16le.body"; } >"$T/utf16le.csv"
same "UTF-16LE CSV with a byte order mark" "$T/utf16le.csv"
{ printf '\376\377'; tail -c +4 "$T/filled.csv" | iconv -f UTF-8 -t UTF-16BE; } >"$T/utf16be.csv"
same "UTF-16BE CSV with a byte order mark" "$T/utf16be.csv"
tail -c +4 "$T/filled.csv" | tr -d '\r' >"$T/nobom-lf.csv"
same "UTF-8 CSV without a BOM, LF" "$T/nobom-lf.csv"
# Excel's 「Unicode テキスト」 (UTF-16LE with a BOM, tab-separated) and 「テキスト（タブ区切り）」 (CP932).
$PY - "$T/filled.csv" "$T/unicode.txt" "$T/tab-cp932.txt" <<'PY'
import csv, io, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
b = io.StringIO(newline="")
csv.writer(b, delimiter="\t", lineterminator="\r\n").writerows(rows)
open(sys.argv[2], "wb").write(b"\xff\xfe" + b.getvalue().encode("utf-16-le"))
open(sys.argv[3], "wb").write(b.getvalue().encode("cp932"))
PY
same "Excel's Unicode text (UTF-16LE, tabs)" "$T/unicode.txt"
same "tab-separated CP932 text" "$T/tab-cp932.txt"

# LibreOffice: the filled workbook exported as UTF-8 CSV, and saved again as .xlsx.
mkdir -p "$T/lo-csv" "$T/lo-xlsx"
if soffice_run --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$T/lo-csv" "$T/filled.xlsx" &&
	[ -s "$T/lo-csv/filled.csv" ]; then
	ok "LibreOffice exports the workbook as CSV"
	same "LibreOffice's CSV" "$T/lo-csv/filled.csv"
else
	not_ok "LibreOffice exports the workbook as CSV"
	sed 's/^/    /' "$T/lo.log" | head -5
fi
mkdir -p "$T/lo-sjis"
if soffice_run --convert-to 'csv:Text - txt - csv (StarCalc):44,34,64' --outdir "$T/lo-sjis" "$T/filled.xlsx" &&
	[ -s "$T/lo-sjis/filled.csv" ] && ! iconv -f UTF-8 -t UTF-8 "$T/lo-sjis/filled.csv" >/dev/null 2>&1; then
	ok "LibreOffice exports the workbook as Shift_JIS CSV (character set 64)"
	same "LibreOffice's Shift_JIS CSV" "$T/lo-sjis/filled.csv"
else
	not_ok "LibreOffice exports the workbook as Shift_JIS CSV (character set 64)"
	sed 's/^/    /' "$T/lo.log" | head -5
fi
cp "$T/filled.xlsx" "$T/lo-in.xlsx"
if soffice_run --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$T/lo-xlsx" "$T/lo-in.xlsx" &&
	[ -s "$T/lo-xlsx/lo-in.xlsx" ]; then
	ok "LibreOffice saves the workbook again as .xlsx"
	same "LibreOffice's .xlsx" "$T/lo-xlsx/lo-in.xlsx"
else
	not_ok "LibreOffice saves the workbook again as .xlsx"
	sed 's/^/    /' "$T/lo.log" | head -5
fi

# Malformed workbooks: every error in one run, as ANSWERS:LINE: error: … (LINE the row).
run "checklist .xlsx of the answers fixture" 0 "$T/small.json" "$T/err" bundle "$T/small"
run "  ... its checklist" 0 "$T/out" "$T/err" checklist "$T/small.json" -o "$T/small.xlsx"
$PY - "$T/small.xlsx" "$T" <<'PY'
import sys, openpyxl
src, d = sys.argv[1:]
wb = openpyxl.load_workbook(src)
ws = wb["自己点検"]
ws.cell(row=2, column=8).value = "はい"
ws.cell(row=3, column=2).value = "standards.nope"
ws.cell(row=4, column=2).value = ws.cell(row=2, column=2).value
ws.cell(row=5, column=8).value = "たぶん"
wb.save(d + "/xlsx-several.xlsx")
ws.cell(row=1, column=10).value = "判定"
wb.save(d + "/xlsx-two-answer-columns.xlsx")
wb = openpyxl.load_workbook(src)
wb["版情報"].protection.sheet = False
for r in wb["版情報"].iter_rows():
    if r[0].value == "ソースダイジェスト":
        r[1].value = "0" * 40
wb.save(d + "/xlsx-other-bundle.xlsx")
PY
head -c 2000 "$T/small.xlsx" >"$T/xlsx-truncated.xlsx"
for case in xlsx-several xlsx-two-answer-columns xlsx-other-bundle xlsx-truncated; do
	_rc=0
	(cd "$T" && $POLC assess small.json $case.xlsx) >"$T/out" 2>"$T/err" || _rc=$?
	if [ "$UPDATE_GOLDEN" = 1 ]; then
		cp "$T/err" "tests/answers/$case.stderr"
		ok "$case (expectation updated)"
	elif [ "$_rc" = 2 ] && cmp -s "tests/answers/$case.stderr" "$T/err" && [ ! -s "$T/out" ]; then
		ok "assess $case.xlsx: exit 2 and the expected errors"
	else
		not_ok "assess $case.xlsx: exit 2 and the expected errors (exit $_rc)"
		diff "tests/answers/$case.stderr" "$T/err" | sed 's/^/    /'
	fi
done

# The report as .xlsx.
run "assess --format xlsx -o FILE" 1 "$T/out" "$T/err" assess "$T/real.json" "$T/filled.xlsx" --format xlsx -o "$T/report.xlsx"
run "  ... again" 1 "$T/out" "$T/err" assess "$T/real.json" "$T/filled.csv" --format xlsx -o "$T/report2.xlsx"
check "  ... the same bytes from the .xlsx and the CSV answers" cmp -s "$T/report.xlsx" "$T/report2.xlsx"
check "  ... a zip of well-formed parts" parts_ok "$T/report.xlsx"
check "  ... summary, one row per rule and per check, the verdicts" $PY - "$T/report.xlsx" "$T/r-csv/report.json" <<'PY'
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
r = json.load(open(sys.argv[2], encoding="utf-8"))
assert wb.sheetnames == ["概要", "規則別", "点検項目別"], wb.sheetnames
summary = {row[0]: row[1] for row in wb["概要"].iter_rows(values_only=True) if row[0]}
assert summary["判定"] == "不適合", summary
rules = list(wb["規則別"].iter_rows(min_row=2, values_only=True))
assert len(rules) == len(r["rules"]) and [x[2] for x in rules] == [x["id"] for x in r["rules"]]
failed = [x for x in rules if x[4] == "不適合"]
assert len(failed) == 1 and failed[0][2] == r["failed_must_rules"][0]["id"]
checks = list(wb["点検項目別"].iter_rows(min_row=2, values_only=True))
assert len(checks) == len(r["checks"])
assert sorted(x[4] for x in checks).count("未回答") == 1
assert wb["概要"].oddHeader.left.text == "非公開"
PY
run "assess --format xlsx without -o exits 2" 2 "$T/out" "$T/err" assess "$T/real.json" "$T/filled.xlsx" --format xlsx

# ---- 3. editions as .docx ----------------------------------------------------------------

run "build --format html,md,docx (all editions and contractors)" 0 "$T/out" "$T/err" \
	build "$T/real" -o "$T/ed" --format html,md,docx --audience contractor
docx_parts() { # DOCX: the parts a WordprocessingML package needs are there
	_l=$(unzip -Z1 "$1") || return 1
	for _p in '[Content_Types].xml' _rels/.rels word/document.xml word/_rels/document.xml.rels word/styles.xml \
		word/header1.xml word/footer1.xml docProps/core.xml; do
		printf '%s\n' "$_l" | grep -qxF "$_p" || { echo "    missing: $_p"; return 1; }
	done
	[ "$(printf '%s\n' "$_l" | head -n 1)" = '[Content_Types].xml' ]
}
for e in public internal audience-contractor; do
	check "$e/policy.docx: a zip of well-formed parts" parts_ok "$T/ed/$e/policy.docx"
	check "$e/policy.docx: the required parts, [Content_Types].xml first" docx_parts "$T/ed/$e/policy.docx"
done
check "the HTML and Markdown are still written" sh -c 'test -s "$1/public/print.html" && test -s "$1/public/basic.md"' - "$T/ed"
run "build --format docx only" 0 "$T/out" "$T/err" build "$T/real" -o "$T/ed2" --format docx --audience contractor
check "  ... the same bytes as before (deterministic)" sh -c 'for e in public internal audience-contractor; do cmp -s "$1/$e/policy.docx" "$2/$e/policy.docx" || exit 1; done' - "$T/ed" "$T/ed2"
check "  ... and no HTML" test ! -e "$T/ed2/public/index.html"
run "build --format bogus exits 2" 2 "$T/out" "$T/err" build "$T/real" -o "$T/ed3" --format html,bogus
check "  ... and names it" grep -q "unknown format 'bogus'" "$T/err"

# The text of a .docx (body, tables, in document order) and of a PDF, without whitespace.
cat >"$T/text.py" <<'PY'
import re, subprocess, sys, docx
from docx.oxml.ns import qn
def squeeze(s):
    return re.sub(r"[\s\u3000]", "", s)
if sys.argv[1] == "docx":
    d = docx.Document(sys.argv[2])
    print(squeeze("".join(t.text or "" for t in d.element.body.iter(qn("w:t")))))
else:
    print(squeeze(subprocess.run(["pdftotext", "-layout", sys.argv[2], "-"], capture_output=True, text=True).stdout))
PY
# The seed's sentences (tests/golden/seed-public/seed.txt), as tests/e2e/editions.sh cuts them.
awk '{
	n = split($0, cells, "\t")
	for (i = 1; i <= n; i++) {
		c = cells[i]; sub(/^[ ]*- /, "", c); gsub(/[ \t\r]/, "", c); gsub(/　/, "", c)
		m = split(c, parts, "。")
		for (j = 1; j <= m; j++) if (parts[j] != "") print parts[j]
	}
}' tests/golden/seed-public/seed.txt >"$T/seed.frag"
# The sentences of its prose only: a PDF's text runs across the cells of a table's row.
grep -v "$(printf '\t')" tests/golden/seed-public/seed.txt | awk '{
	c = $0; sub(/^[ ]*- /, "", c); gsub(/[ \t\r]/, "", c); gsub(/　/, "", c)
	m = split(c, parts, "。")
	for (j = 1; j <= m; j++) if (parts[j] != "") print parts[j]
}' >"$T/seed-prose.frag"
in_order() { # FRAGMENTS TEXT
	$PY - "$1" "$2" <<'PY'
import sys
frags = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
text = open(sys.argv[2], encoding="utf-8").read()
pos, bad = 0, 0
for f in frags:
    i = text.find(f, pos)
    if i < 0:
        print("    missing or out of order:", f[:60])
        bad += 1
    else:
        pos = i + len(f)
assert len(frags) > 50 and not bad
PY
}
$PY "$T/text.py" docx "$T/ed/public/policy.docx" >"$T/pub-docx.text"
check "public .docx: every sentence of the seed's 序章 and 第1章, in order" in_order "$T/seed.frag" "$T/pub-docx.text"
check "the .docx files read with python-docx: headings, numbered text hanging, 明朝, A4" $PY - "$T/ed" <<'PY'
import sys, docx
from docx.shared import Twips
for e in ("public", "internal"):
    d = docx.Document(sys.argv[1] + "/" + e + "/policy.docx")
    s = d.sections[0]
    assert (s.page_width, s.page_height) == (Twips(11906), Twips(16838)), (s.page_width, s.page_height)
    heads = [p.text for p in d.paragraphs if p.style.name.lower().startswith("heading")]
    assert "第1章 情報セキュリティ基本方針" in heads and "1. 目的" in heads, heads[:5]
    items = [p for p in d.paragraphs if p.text.startswith("(1)　不正アクセス")]
    assert items and items[0].paragraph_format.first_line_indent < 0 < items[0].paragraph_format.left_indent
    assert d.styles.element.xpath('//w:docDefaults//w:rFonts/@w:eastAsia') == ["ＭＳ 明朝"]
PY
unzip_all "$T/ed/internal/policy.docx" "$T/int-docx"
unzip_all "$T/ed/public/policy.docx" "$T/pub-docx"
unzip_all "$T/ed/audience-contractor/policy.docx" "$T/aud-docx"
check "internal .docx: header 非公開, title and edition; footer revision, PAGE / NUMPAGES and 非公開" $PY - "$T/ed/internal/policy.docx" "$T/int-docx" <<'PY'
import sys, docx
d = docx.Document(sys.argv[1])
h = d.sections[0].header.paragraphs[0].text
f = d.sections[0].footer.paragraphs[0].text
assert h.split("\t") == ["非公開", "吾妻広域町村圏振興整備組合情報セキュリティポリシー", "内部版（非公開）"], h
assert f.startswith("版 ") and f.endswith("非公開"), f
foot = open(sys.argv[2] + "/word/footer1.xml", encoding="utf-8").read()
assert " PAGE " in foot and " NUMPAGES " in foot
doc = open(sys.argv[2] + "/word/document.xml", encoding="utf-8").read()
assert doc.count("<w:sectPr>") == 1 and 'w:headerReference w:type="default"' in doc
assert "必須" in doc and "点検項目：" in doc
PY
check "contractor .docx: marked 非公開（委託事業者向け）" grep -q '非公開（委託事業者向け）' "$T/aud-docx/word/header1.xml"
check "public .docx: no 非公開, no rule metadata, an empty header, page numbers" sh -c '! grep -rq "非公開<" "$1" && ! grep -q "<w:t[^>]*>[^<]*非公開" "$1/word/header1.xml" && grep -q " PAGE " "$1/word/footer1.xml" && ! grep -q "点検項目：" "$1/word/document.xml"' - "$T/pub-docx"
check "public .docx: the withheld documents by title and notice only" sh -c 'grep -q "本文書は非公開です。" "$1/word/document.xml" && ! grep -q "第2章" "$1/word/document.xml"' - "$T/pub-docx"

# A 例規 (reiki numbering): the 目次, 第1条 hanging by one character, 号 indented.
cp -R tests/golden/reiki/src "$T/reiki"
run "build a reiki policy --format docx" 0 "$T/out" "$T/err" build "$T/reiki" -o "$T/red" --format docx --edition internal
check "  ... 目次 with article ranges, 第1条 on its text's first line hanging by one character" $PY - "$T/red/internal/policy.docx" <<'PY'
import sys, docx
from docx.shared import Twips
d = docx.Document(sys.argv[1])
ps = [p for p in d.paragraphs]
texts = [p.text for p in ps]
i = texts.index("目次")
assert texts[i + 1] == "第1章　総則（第1条・第2条）" and "第2節　運用（第4条―第6条）" in texts[i + 2:i + 6], texts[i:i + 6]
a1 = ps[texts.index("第1条　この規程は、町の情報資産を守るために必要な事項を定めるものとする。")]
assert a1.paragraph_format.first_line_indent == Twips(-210) and a1.paragraph_format.left_indent == Twips(210)
assert texts[texts.index(a1.text) - 1] == "（目的）"
PY

# LibreOffice opens them without repair: the PDF it makes holds the text in order.
mkdir -p "$T/pdf-pub" "$T/pdf-int"
if soffice_run --convert-to pdf --outdir "$T/pdf-pub" "$T/ed/public/policy.docx" && [ -s "$T/pdf-pub/policy.pdf" ] &&
	soffice_run --convert-to pdf --outdir "$T/pdf-int" "$T/ed/internal/policy.docx" && [ -s "$T/pdf-int/policy.pdf" ]; then
	ok "LibreOffice converts the public and internal .docx to PDF"
	$PY "$T/text.py" pdf "$T/pdf-pub/policy.pdf" >"$T/pub-pdf.text"
	check "  ... the public PDF holds every sentence of the seed's prose, in order" in_order "$T/seed-prose.frag" "$T/pub-pdf.text"
	check "  ... A4, every page of the internal PDF says 非公開 and N / M, the public none" $PY - "$T/pdf-int/policy.pdf" "$T/pdf-pub/policy.pdf" <<'PY'
import re, subprocess, sys
def pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    assert "595.3" in info and "841.8" in info, info
    t = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout
    return [p for p in t.split("\f") if p.strip()]
internal, public = pages(sys.argv[1]), pages(sys.argv[2])
assert len(internal) > 20 and len(public) > 3
for i, p in enumerate(internal, 1):
    assert p.count("非公開") >= 2 and re.search(r"%d / %d" % (i, len(internal)), p), (i, p[:200])
for i, p in enumerate(public, 1):
    assert re.search(r"%d / %d" % (i, len(public)), p)
assert not any("版 " in p.splitlines()[-1] for p in public if p.splitlines())
PY
else
	not_ok "LibreOffice converts the public and internal .docx to PDF"
	sed 's/^/    /' "$T/lo.log" | head -5
fi

# The canary policy: nothing non-public in any part of the public .docx.
run "build the canary policy --format docx" 0 "$T/out" "$T/err" build "$T/canary" -o "$T/ced" --format docx --audience contractor
{
	grep -ohE 'CANARY-[A-Z0-9-]+|canary-[a-z0-9-]+' "$T/canary"/*.pol
	$POLC dump "$T/canary" 2>/dev/null | awk '/\[(internal|confidential)/ {
		k = $2; print k
		if (k ~ /\./ && $1 != "param") { sub(/^[^.]*\./, "", k); print k }
	}' | grep -v / | awk 'length($0) >= 4'
} | sort -u >"$T/forbidden"
check "canary: found the canaries and the non-public ids" test "$(wc -l <"$T/forbidden")" -ge 60
unzip_all "$T/ced/public/policy.docx" "$T/cpub"
_hits=$(grep -rhoiF -f "$T/forbidden" "$T/cpub" | sort -u)
if [ -z "$_hits" ]; then ok "canary: no canary or non-public id in any part of the public .docx"; else
	not_ok "canary: no canary or non-public id in any part of the public .docx"
	echo "$_hits" | head -20 | sed 's/^/    leaked: /'
fi
unzip_all "$T/ced/internal/policy.docx" "$T/cint"
check "canary: the internal .docx has them (the scan works)" sh -c 'grep -rq CANARY-NA-CHECK-QUESTION "$1" && grep -rq CANARY-CONF-RULE-BODY "$1"' - "$T/cint"
printf '%s\n' canary-na CANARY-NA canary-conf CANARY-CONF >"$T/not-contractor"
unzip_all "$T/ced/audience-contractor/policy.docx" "$T/caud"
check "canary: the contractor .docx has nothing of rules that do not apply to contractors" sh -c '! grep -rqiF -f "$1" "$2"' - "$T/not-contractor" "$T/caud"

# Golden document XML of a small policy (tests/answers/src), outside any repository.
run "build the answers fixture --format docx" 0 "$T/out" "$T/err" build "$T/small" -o "$T/sed" --format docx
for e in public internal; do
	unzip_all "$T/sed/$e/policy.docx" "$T/s-$e"
	for p in document header1 footer1; do
		xmllint --format "$T/s-$e/word/$p.xml" >"$T/s-$e.$p.xml"
		if [ "$UPDATE_GOLDEN" = 1 ]; then
			mkdir -p "$GOLDEN"
			cp "$T/s-$e.$p.xml" "$GOLDEN/$e-$p.xml"
			ok "golden $e-$p.xml (updated)"
		elif cmp -s "$GOLDEN/$e-$p.xml" "$T/s-$e.$p.xml"; then
			ok "golden $e-$p.xml"
		else
			not_ok "golden $e-$p.xml"
			diff -u "$GOLDEN/$e-$p.xml" "$T/s-$e.$p.xml" | head -30 | sed 's/^/    /'
		fi
	done
done

# The 新旧対照表 as .docx, from the fixture repository.
if [ -x "$BUILD/mkfixture" ] && "$BUILD/mkfixture" "$T/fx" >/dev/null 2>&1; then
	(cd "$T/fx" && $POLC diff edition/2026-01 edition/2026-04 --format html,docx -o "$T/dd") >"$T/out" 2>"$T/err"
	check "diff --format html,docx writes diff.html, diff.docx and changes.json" sh -c 'test -s "$1/diff.html" && test -s "$1/diff.docx" && test -s "$1/changes.json"' - "$T/dd"
	check "  ... diff.docx: a zip of well-formed parts" parts_ok "$T/dd/diff.docx"
	check "  ... with the required parts" docx_parts "$T/dd/diff.docx"
	check "  ... 改正後 | 改正前, the changed characters underlined on each side, 非公開 on every page" $PY - "$T/dd/diff.docx" <<'PY'
import sys, docx
d = docx.Document(sys.argv[1])
t = d.tables[0]
assert [c.text for c in t.rows[0].cells] == ["改正後", "改正前"]
under = [[r.text for p in c.paragraphs for r in p.runs if r.underline] for row in t.rows for c in row.cells]
after = [u for i, u in enumerate(under) if i % 2 == 0]
before = [u for i, u in enumerate(under) if i % 2 == 1]
assert ["、", "及び議会事務局"] in after and ["及び"] in before, under
assert any("（新設）" in c.text for row in t.rows for c in row.cells)
assert any(c.text.startswith("番号変更") for row in t.rows for c in row.cells)
assert d.sections[0].header.paragraphs[0].text.startswith("非公開")
s = d.sections[0]
assert s.page_width > s.page_height
PY
	(cd "$T/fx" && $POLC diff edition/2026-01 edition/2026-04 --edition public --format docx -o "$T/dpub") >"$T/out" 2>"$T/err"
	unzip_all "$T/dpub/diff.docx" "$T/dpub-x"
	check "public diff.docx: no 非公開, no internal summary, no canary" sh -c '! grep -rqe "非公開<" -e CANARY "$1"' - "$T/dpub-x"
	check "public diff --format docx writes no diff.html" test ! -e "$T/dpub/diff.html"
	mkdir -p "$T/pdf-diff"
	check "LibreOffice converts diff.docx to PDF with its text" sh -c 'HOME="$1" timeout 300 soffice --headless --norestore --convert-to pdf --outdir "$2" "$3" >/dev/null 2>&1 && pdftotext "$2/diff.pdf" - | grep -q "傍線部分は改正部分"' - "$LO_HOME" "$T/pdf-diff" "$T/dd/diff.docx"
else
	not_ok "build the fixture repository ($BUILD/mkfixture)"
fi

[ $failures = 0 ]
