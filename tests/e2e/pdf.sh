#!/bin/sh
# pdf.sh — the PDFs (docs/print.md): `polc build --format pdf`, `polc diff --format pdf`,
# `polc checklist --format pdf`, `polc assess --format pdf`, checked with poppler-utils
# (pdftotext, pdfinfo, pdffonts) and qpdf:
#
#   1. without the engine: one line `polc: error: …`, exit 2, nothing written;
#   2. the seed policy (one build, every edition): A4, every font embedded, metadata,
#      an outline; every page of the internal and contractor PDFs says 非公開, the title,
#      the edition, the revision and n / N; public pages their number and nothing of it;
#      the public PDF holds the seed's sentences in order; no page ends with a rule's
#      heading or its 必須/対象/対処する脅威 lines; the cover title and the 構成 table
#      unbroken inside a word; withheld documents share a page; the 目次; the glossary
#      in 五十音順; 「①〜⑦　略」 where the contractor edition leaves items out;
#   3. the canary policy: no canary or non-public id in the public PDF's text, metadata
#      or outline; two builds byte-identical; SOURCE_DATE_EPOCH is the date; the clean
#      text (--plain) without rule metadata or 点検項目;
#   4. a PDF that fails leaves the last good build;
#   5. the 新旧対照表 of the fixture repository: every page marked, portrait and
#      landscape, the editions' dates; the public one without 非公開 or canary; an
#      edition built at its tag shows its date, its 改定履歴 cells unbroken;
#   6. the checklist and the report: every page marked; the public checklist without
#      非公開 or canary;
#   7. libqpdf is opened when a PDF is finished (lib/dynlib.h): with a file that is no
#      library in its place, the build says what to install, exits 2 and keeps the last
#      good build.
#
# Run from the repository root with POLC and BUILD, as tests/run.sh does.
set -u

POLC=${POLC:-build/polc}
BUILD=${BUILD:-build}
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-pdf.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures failed"
		exit 1
	fi
	echo "all passed"
	exit 0
}
for tool in pdftotext pdfinfo pdffonts qpdf; do
	command -v $tool >/dev/null || { not_ok "$tool is installed (poppler-utils, qpdf are in DEBS)"; finish; }
done

# run NAME CODE ARGS...: polc ARGS, stdout in $T/out, stderr in $T/err; ok when it exits CODE.
run() {
	_name=$1 _want=$2
	shift 2
	_rc=0
	$POLC "$@" >"$T/out" 2>"$T/err" || _rc=$?
	if [ "$_rc" = "$_want" ]; then ok "$_name"; else
		not_ok "$_name (exit $_rc, expected $_want)"
		grep -v '^ \|warning\|note' "$T/err" | head -n 5 | sed 's/^/    /'
	fi
}
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
# page_text PDF N: the text of page N, laid out
page_text() { pdftotext -layout -f "$2" -l "$2" "$1" - 2>/dev/null; }
# layout PDF: the file holding PDF's text laid out (pdftotext -layout), made once; pages
# are separated by form feeds.
layout() {
	_c=$T/layout-$(printf '%s' "$1" | cksum | cut -d ' ' -f 1).txt
	[ -s "$_c" ] || pdftotext -layout "$1" "$_c" 2>/dev/null
	echo "$_c"
}
# per_page PDF AWK-FUNCTION: calls the function page() for each page of PDF (one record
# each, n = the number of pages), lines[1..nl] holding its non-blank lines, wants[1..nw]
# the lines of $T/want.txt, heading[] those of $T/headings.txt; fails when bad is set.
per_page() {
	touch "$T/want.txt" "$T/headings.txt"
	_n=$(pages "$1")
	[ "${_n:-0}" -ge 1 ] || { echo "    no pages"; return 1; }
	awk -v n="$_n" -v want="$T/want.txt" -v heads="$T/headings.txt" '
	BEGIN {
		while ((getline w < want) > 0) if (w != "") wants[++nw] = w
		while ((getline h < heads) > 0) heading[h] = 1
		RS = "\f"
	}
	NR > n { next }
	{
		nl = 0
		m = split($0, all, "\n")
		for (i = 1; i <= m; i++) if (all[i] ~ /[^ \t]/) lines[++nl] = all[i]
		page()
	}
	END { exit bad ? 1 : 0 }
	'"$2" "$(layout "$1")"
}
# every_page PDF STRING...: every page of PDF holds each STRING and its own "n / N".
every_page() {
	_pdf=$1
	shift
	printf '%s\n' "$@" >"$T/want.txt"
	per_page "$_pdf" '
	function page(   i) {
		if ($0 !~ (NR " */ *" n "([^0-9]|$)")) { print "    page " NR ": no " NR " / " n; bad = 1 }
		for (i = 1; i <= nw; i++) if (index($0, wants[i]) == 0) { print "    page " NR ": no " wants[i]; bad = 1 }
	}'
}
# unmarked PDF: no page's first or last line of text (its head and foot), nor the
# metadata, says 非公開 (the text may: the seed's 序章 says what is 非公開).
unmarked() {
	! pdfinfo "$1" | grep -q 非公開 || { echo "    metadata says 非公開"; return 1; }
	per_page "$1" '
	function page() {
		if (nl && (index(lines[1], "非公開") || index(lines[nl], "非公開"))) { print "    page " NR " is marked"; bad = 1 }
	}'
}
# nowhere PDF STRING...: no STRING in the text of PDF, its metadata or its outline.
nowhere() {
	_pdf=$1
	shift
	{
		pdftotext "$_pdf" -
		pdfinfo "$_pdf"
		qpdf --json --json-key=outlines "$_pdf"
	} >"$T/all.txt" 2>&1
	for _s in "$@"; do
		if grep -qF -- "$_s" "$T/all.txt"; then
			echo "    found: $_s"
			return 1
		fi
	done
}
# stranded PDF HTML: prints "page N: LINE" for each page whose last line of text (above
# the page foot) is a heading of HTML, a rule's 必須/対象/対処する脅威 line, a 施行日 or a
# 点検項目 head: what must never end a page.
stranded() {
	sed -n 's/.*<h[1-6] class="heading">\(.*\)<\/h[1-6]>.*/\1/p' "$2" | sed 's/<[^>]*>//g; s/[[:space:]　]//g' |
		sort -u >"$T/headings.txt"
	per_page "$1" '
	function page(   last) {
		if (nl < 2) return
		last = lines[nl - 1]
		gsub(/[ \t]/, "", last); gsub(/　/, "", last)
		if (last ~ /^(必須|推奨|任意|対象：|責任者：|担当：|対処する脅威：|実施する事項：|施行日)/ || last == "点検項目" || (last in heading))
			print "page " NR ": " last
	}' || true
}

# ---- 1. no engine --------------------------------------------------------------------------

cp -R tests/canary/src "$T/csrc"
for engine in "" "$T/no-such-chromium"; do
	rc=0
	POLC_CHROMIUM=$engine $POLC build "$T/csrc" -o "$T/none" --format pdf >"$T/out" 2>"$T/err" || rc=$?
	check "no engine (POLC_CHROMIUM='$engine'): exit 2" test "$rc" = 2
	check "no engine: one line 'polc: error: …'" sh -c 'test "$(wc -l <"$1")" = 1 && grep -q "^polc: error: .*PDF engine" "$1"' - "$T/err"
	check "no engine: nothing written" test ! -e "$T/none"
done
rc=0
POLC_CHROMIUM= $POLC diff HEAD HEAD "$T/csrc" -o "$T/none" --format pdf >/dev/null 2>"$T/err" || rc=$?
check "no engine: polc diff --format pdf exits 2 first" sh -c 'test "$1" = 2 && test ! -e "$2"' - "$rc" "$T/none"
run "--format html,bogus: a usage error" 2 build "$T/csrc" -o "$T/none" --format html,bogus

# ---- 2. the seed policy ----------------------------------------------------------------------

cp -R policy-src "$T/seed"
run "build the seed policy, --format all, with the contractor edition" 0 build "$T/seed" -o "$T/so" --format all --audience contractor
PUB=$T/so/public/policy.pdf
INT=$T/so/internal/policy.pdf
CON=$T/so/audience-contractor/policy.pdf
for f in "$PUB" "$INT" "$CON"; do
	ed=$(basename "$(dirname "$f")")
	check "$ed: policy.pdf beside print.html, index.html and the .md" sh -c 'test -s "$1/policy.pdf" -a -s "$1/print.html" -a -s "$1/index.html" -a -s "$1/index.md"' - "$(dirname "$f")"
	check "$ed: A4 portrait pages" sh -c 'pdfinfo "$1" | grep -q "^Page size: *59[45][.0-9]* x 84[12][.0-9]* pts (A4)"' - "$f"
	check "$ed: every font embedded" sh -c 'pdffonts "$1" | awk "NR > 2 && \$(NF-4) != \"yes\" {bad = 1} NR > 2 {n++} END {exit bad || !n}"' - "$f"
	check "$ed: metadata: title and organization" sh -c 'pdfinfo "$1" | grep -q "^Title: *吾妻広域町村圏振興整備組合情報セキュリティポリシー$" && pdfinfo "$1" | grep -q "^Author: *吾妻広域町村圏振興整備組合$"' - "$f"
	check "$ed: metadata: the revision and polc" sh -c 'pdfinfo "$1" | grep -q "^Keywords: *版 " && pdfinfo "$1" | grep -q "^Creator: *polc "' - "$f"
	check "$ed: an outline of the headings" sh -c 'outline_titles() { qpdf --json --json-key=outlines "$1" | grep -c "\"title\""; }; test "$(outline_titles "$1")" -ge 10' - "$f"
done
check "public: metadata says 公開版" sh -c 'pdfinfo "$1" | grep -q "^Subject: *公開版$"' - "$PUB"
check "internal: metadata says 内部版（非公開）" sh -c 'pdfinfo "$1" | grep -q "^Subject: *内部版（非公開）$"' - "$INT"
check "contractor: metadata says 委託事業者向け（非公開）" sh -c 'pdfinfo "$1" | grep -q "^Subject: *委託事業者向け（非公開）$"' - "$CON"
check "internal: the outline names 第2章's rules" sh -c 'qpdf --json --json-key=outlines "$1" | grep -q "入退室管理"' - "$INT"
check "internal: every page says 非公開, the title, the edition, the revision, n / N" \
	every_page "$INT" 非公開 吾妻広域町村圏振興整備組合情報セ 内部版（非公開） "版 "
check "contractor: every page says 非公開, the title, 委託事業者向け, the revision, n / N" \
	every_page "$CON" 非公開 吾妻広域町村圏振興整備組合情報セ 委託事業者向け（非公開） "版 "
check "public: every page has its number n / N" every_page "$PUB"
check "public: nothing of the internal edition (text, metadata, outline)" \
	nowhere "$PUB" 内部版 委託事業者向け 入退室管理 第2章1 対象： 点検項目
check "public: no 非公開 marking in any page's head or foot, nor in the metadata" unmarked "$PUB"
check "the internal PDF has more pages than the public one" test "$(pages "$INT")" -gt "$(pages "$PUB")"

# The public PDF holds the seed's 序章 and 第1章 in order, each text under its number (the
# reading order of the PDF's text, pdftotext -raw); the 目次 (page 2) is left out, the page
# numbers too.
awk '{
	n = split($0, cells, "\t")
	for (i = 1; i <= n; i++) {
		c = cells[i]; sub(/^[ ]*- /, "", c); gsub(/[ \t\r]/, "", c); gsub(/　/, "", c)
		m = split(c, parts, "。")
		for (j = 1; j <= m; j++) if (parts[j] != "") print parts[j]
	}
}' tests/golden/seed-public/seed.txt >"$T/seed.frag"
{
	pdftotext -raw -f 1 -l 1 "$PUB" -
	pdftotext -raw -f 3 "$PUB" -
} | grep -v -E '^[0-9]+ ?/ ?[0-9]+$' | tr -d ' \t\r\n' | sed 's/　//g' >"$T/pub.text"
check "public: page 2 is the 目次" sh -c 'page_text() { pdftotext -layout -f 2 -l 2 "$1" -; }; page_text "$1" | grep -q "目[ 　]*次" && page_text "$1" | grep -q "第1章 *情報セキュリティ基本方針"' - "$PUB"
check "public: every sentence of 序章 and 第1章, in order, under its number" awk -v textfile="$T/pub.text" '
	BEGIN { getline text < textfile; pos = 1 }
	{
		rest = substr(text, pos); i = index(rest, $0)
		if (i == 0) { print "    missing or out of order: " $0; bad++; next }
		if (adjacent && i != 1) { print "    not right after " prev ": " $0; bad++ }
		pos += i - 1 + length($0)
		adjacent = ($0 ~ /^(\([0-9]+\)|[0-9]+\.|第[0-9]+章|序章)/); prev = $0; found++
	}
	END { if (found < 10) { print "    only " found " fragments"; bad++ }; exit bad ? 1 : 0 }' "$T/seed.frag"

for ed in internal audience-contractor public; do
	stranded "$T/so/$ed/policy.pdf" "$T/so/$ed/print.html" >"$T/stranded.txt"
	check "$ed: no page ends with a rule's heading, its 必須/対象/対処する脅威 lines or a 点検項目 head" test ! -s "$T/stranded.txt"
	sed 's/^/    /' "$T/stranded.txt" | head -n 5
done
# The checker finds what it is meant to: a page made to end with a heading and its metadata.
cat >"$T/strand.html" <<'EOF'
<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>@page { size: A4; margin: 20mm; @bottom-center { content: counter(page) " / " counter(pages); } } .gap { height: 228mm; }</style></head>
<body><div class="gap"></div><h4 class="heading"><span class="num">(2)</span><span class="title">入退室管理</span></h4><p class="meta"><span>必須</span><span>対象：職員等</span></p>
<div style="break-before: page"><div class="gap"></div><h4 class="heading"><span class="num">(3)</span><span class="title">鍵の管理</span></h4></div><div style="break-before: page"><p>本文。</p></div></body></html>
EOF
if command -v chromium >/dev/null; then
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$T/prof" \
		--no-pdf-header-footer --print-to-pdf="$T/strand.pdf" "file://$T/strand.html" >/dev/null 2>&1
	check "a page made to end with a heading and its 必須 対象： line" test -s "$T/strand.pdf"
	stranded "$T/strand.pdf" "$T/strand.html" >"$T/stranded.txt"
	check "… and reports it" grep -q "^page 1: 必須対象：職員等" "$T/stranded.txt"
	check "… and a page ending with a heading" grep -q "^page 2: (3)鍵の管理" "$T/stranded.txt"
fi

page1=$(page_text "$INT" 1 | sed 's/^ *//; s/ *$//')
check "cover: the title breaks between the organization and the rest, not inside a word" \
	sh -c 'printf "%s\n" "$1" | grep -qx "吾妻広域町村圏振興整備組合" && printf "%s\n" "$1" | grep -qx "情報セキュリティポリシー"' - "$page1"
check "構成 table: the document names and the policy's title are not broken" sh -c '
	pdftotext -layout "$1" - | grep "①情報セキュリティ基本方針" | grep -q "吾妻広域町村圏振興整備組合" &&
	pdftotext -layout "$1" - | grep -q "②情報セキュリティ対策基準"' - "$INT"
check "public: the two withheld documents share one page (no page each for 本文書は非公開です。)" sh -c '
	n=$(pdfinfo "$1" | awk "/^Pages:/ {print \$2}"); p=1; hits=0
	while [ $p -le $n ]; do c=$(pdftotext -f $p -l $p "$1" - | grep -c "本文書は非公開です。"); [ "$c" -gt 0 ] && hits=$((hits + 1)); [ "$c" -ge 2 ] && two=1; p=$((p + 1)); done
	test "$hits" = 1 && test "${two:-0}" = 1' - "$PUB"
check "public: no page for an empty 改定履歴" sh -c '! pdftotext "$1" - | grep -q "改定履歴"' - "$PUB"

check "contractor: 「①〜⑦　略」 where the edition leaves 第2章2(1)①–⑦ out, right before ⑧" sh -c 'pdftotext -layout "$1" - | grep -v "^ *$" | grep -A1 "①〜⑦[ 　]*略" | grep -q "⑧ *分類の決定及び表示"' - "$CON"
check "internal: no 略 marker (nothing is left out)" sh -c '! pdftotext "$1" - | grep -q "〜.*　略"' - "$INT"
check "glossary: 五十音順 by the terms' readings (可用性 かようせい … 職員等 しょくいんとう, ネットワーク)" test \
	"$(grep -o '<dt id="term-[a-z-]*"' "$T/so/public/glossary.html" | sed 's/.*term-//; s/"//' | tr '\n' ' ')" = \
	"availability integrity confidentiality information-system information-security security-policy staff network "
check "glossary: the same order in the PDF" sh -c 'pdftotext -layout "$1" - | awk "/^用語 *\$/ {b = \"\"; on = 1; next} on {b = b \$0 \"\\n\"} END {printf \"%s\", b}" | grep -o "^ *\(可用性\|完全性\|機密性\|情報システム\|職員等\|ネットワーク\) *$" | tr -d " \n" | grep -qx "可用性完全性機密性情報システム職員等ネットワーク"' - "$PUB"

# ---- 3. the canary policy: the security boundary, determinism --------------------------------

run "build the canary policy's PDFs" 0 build "$T/csrc" -o "$T/c1" --format pdf --audience contractor
{
	grep -ohE 'CANARY-[A-Z0-9-]+|canary-[a-z0-9-]+' "$T/csrc"/*.pol
	$POLC dump "$T/csrc" 2>/dev/null | awk '/\[(internal|confidential)/ { print $2 }' | grep -v / | awk 'length($0) >= 4'
} | sort -u >"$T/forbidden"
check "canary: the list of forbidden strings is long" test "$(wc -l <"$T/forbidden")" -ge 40
leaks() { # PDF: no forbidden string in its text, metadata, outline or raw bytes after decoding
	{
		pdftotext "$1" -
		pdfinfo "$1"
		qpdf --json --json-key=outlines "$1"
		qpdf --qdf --object-streams=disable "$1" -
	} 2>/dev/null | grep -aoiF -f "$T/forbidden" | sort -u | head -n 5 | sed 's/^/    leaked: /' >"$T/leaks"
	cat "$T/leaks"
	test ! -s "$T/leaks"
}
check "canary: nothing non-public in the public PDF (text, metadata, outline, every object)" leaks "$T/c1/public/policy.pdf"
check "canary: the internal PDF does have them (the scan works)" sh -c 'pdftotext "$1" - | grep -q CANARY-CONF-RULE-BODY' - "$T/c1/internal/policy.pdf"
run "build the canary policy's PDFs again, with the clean text (--plain)" 0 build "$T/csrc" -o "$T/c2" --format pdf --plain
for ed in public internal; do
	if cmp -s "$T/c1/$ed/policy.pdf" "$T/c2/$ed/policy.pdf"; then
		ok "determinism: $ed/policy.pdf byte-identical in two builds"
	else
		not_ok "determinism: $ed/policy.pdf byte-identical in two builds (both kept in $BUILD/pdf-differ/)"
		mkdir -p "$BUILD/pdf-differ"
		cp "$T/c1/$ed/policy.pdf" "$BUILD/pdf-differ/$ed-1.pdf"
		cp "$T/c2/$ed/policy.pdf" "$BUILD/pdf-differ/$ed-2.pdf"
	fi
done
check "--plain: plain.html and policy-plain.pdf beside print.html and policy.pdf" sh -c 'test -s "$1/plain.html" -a -s "$1/policy-plain.pdf" -a -s "$1/print.html"' - "$T/c2/internal"
check "--plain: the clean text has the rules' text" sh -c 'pdftotext "$1" - | grep -q CANARY-CONF-RULE-BODY' - "$T/c2/internal/policy-plain.pdf"
check "--plain: … without 必須/対象/責任者, threat links or 点検項目 (which policy.pdf has)" sh -c '
	pdftotext "$2" - | grep -q "対象：" && pdftotext "$2" - | grep -q "点検項目" &&
	! pdftotext "$1" - | grep -q -e "対象：" -e "責任者：" -e "点検項目" -e "対処する脅威" -e "必須"' - "$T/c2/internal/policy-plain.pdf" "$T/c2/internal/policy.pdf"
check "--plain: every page of the internal clean text still says 非公開 and n / N" every_page "$T/c2/internal/policy-plain.pdf" 非公開
check "--plain: nothing non-public in the public clean text" leaks "$T/c2/public/policy-plain.pdf"
check "determinism: a fixed creation date (outside git: the policy's issued month)" sh -c 'pdfinfo "$1" | grep -q "^CreationDate: .* 00:00:00 "' - "$T/c1/public/policy.pdf"
rc=0
SOURCE_DATE_EPOCH=1775000000 $POLC build "$T/csrc" -o "$T/c3" --format pdf --edition public >/dev/null 2>&1 || rc=$?
check "SOURCE_DATE_EPOCH is the creation and modification date" sh -c 'test "$2" = 0 && pdfinfo -isodates "$1" | grep -q "^CreationDate: *2026-03-31T23:33:20" && pdfinfo -isodates "$1" | grep -q "^ModDate: *2026-03-31T23:33:20"' - "$T/c3/public/policy.pdf" "$rc"

# ---- 4. a failed PDF leaves the last good build ------------------------------------------------

printf '#!/bin/sh\nexit 3\n' >"$T/bad-engine"
chmod +x "$T/bad-engine"
cp "$T/c1/public/policy.pdf" "$T/before.pdf"
rc=0
POLC_CHROMIUM=$T/bad-engine $POLC build "$T/csrc" -o "$T/c1" --format pdf --audience contractor >/dev/null 2>"$T/err" || rc=$?
check "a failing engine: exit 2 with the reason" sh -c 'test "$1" = 2 && grep -q "^polc: error: public edition: the PDF engine failed (exit 3)" "$2"' - "$rc" "$T/err"
check "a failing engine: the last good PDF is in place" cmp "$T/before.pdf" "$T/c1/public/policy.pdf"
check "a failing engine: no temporary file left" sh -c '! find "$1/" -name "*.tmp-*" | grep -q .' - "$T/c1"

# ---- 5. the 新旧対照表 --------------------------------------------------------------------------

if [ ! -x "$BUILD/mkfixture" ]; then
	make --no-print-directory BUILD="$BUILD" "$BUILD/mkfixture" >/dev/null || not_ok "build mkfixture"
fi
if "$BUILD/mkfixture" "$T/repo" >/dev/null 2>&1; then
	FSRC=$T/repo/policy-src
	run "diff --format html,pdf" 0 diff edition/2026-01 edition/2026-04 "$FSRC" -o "$T/d" --format html,pdf
	check "diff.pdf beside diff.html and changes.json" sh -c 'test -s "$1/diff.pdf" -a -s "$1/diff.html" -a -s "$1/changes.json"' - "$T/d"
	check "diff: A4 portrait by default" sh -c 'pdfinfo "$1" | grep -q "^Page size: *59[45][.0-9]* x 84[12]"' - "$T/d/diff.pdf"
	check "diff: every page says 非公開, the title, the edition, the revisions, n / N" \
		every_page "$T/d/diff.pdf" 非公開 新旧対照表 内部版（非公開） "edition/2026-01 → edition/2026-04"
	check "diff: the header gives the editions' dates (the tags'), not commit dates" sh -c 'pdftotext "$1" - | grep -q "改正後 edition/2026-04（[0-9a-f]*、令和8年4月）" && pdftotext "$1" - | grep -q "改正前 edition/2026-01（[0-9a-f]*、令和8年1月）"' - "$T/d/diff.pdf"
	check "diff: metadata" sh -c 'pdfinfo "$1" | grep -q "^Title: *試験町情報セキュリティポリシー 新旧対照表$" && pdfinfo "$1" | grep -q "^Keywords: *edition/2026-01 → edition/2026-04$"' - "$T/d/diff.pdf"
	run "diff --paper a4-landscape" 0 diff edition/2026-01 edition/2026-04 "$FSRC" -o "$T/dl" --format pdf --paper a4-landscape
	check "diff --paper a4-landscape: landscape pages, each marked" sh -c 'pdfinfo "$1" | grep -q "^Page size: *84[12][.0-9]* x 59[45]"' - "$T/dl/diff.pdf"
	check "diff --paper a4-landscape: every page marked" every_page "$T/dl/diff.pdf" 非公開 新旧対照表
	run "diff --paper a3: a usage error" 2 diff edition/2026-01 edition/2026-04 "$FSRC" -o "$T/dx" --paper a3
	run "diff --edition public --format pdf" 0 diff edition/2026-01 edition/2026-04 "$FSRC" -o "$T/dp" --format pdf --edition public
	check "public diff: every page has its number" every_page "$T/dp/diff.pdf"
	check "public diff: no 非公開, no canary (text, metadata, outline)" nowhere "$T/dp/diff.pdf" 非公開 CANARY 内部版 7F3A
	run "build the fixture at its edition tag edition/2026-04 (--rev), internal PDF" 0 build "$FSRC" --rev edition/2026-04 -o "$T/fo" --format pdf --edition internal
	check "built at an edition tag: the cover and footer give that edition's date (令和8年4月), not issued (令和8年10月)" sh -c '
		pdftotext -f 1 -l 1 "$1" - | grep -q "^令和8年4月$" && ! pdftotext "$1" - | grep -q "令和8年10月"' - "$T/fo/internal/policy.pdf"
	check "改定履歴: 年月 and commit cells are not broken (令和8年1月 and the commit id on one line each)" sh -c '
		t=$(pdftotext -layout "$1" - | sed -n "/改定履歴/,\$p")
		printf "%s\n" "$t" | grep -q "令和8年1月" && printf "%s\n" "$t" | grep -q "令和8年4月" &&
		printf "%s\n" "$t" | grep -qE "(^| )[0-9a-f]{7}( |$)"' - "$T/fo/internal/policy.pdf"
else
	not_ok "mkfixture"
fi

# ---- 6. the checklist and the report ---------------------------------------------------------

# Of the canary policy: a few pages (the seed's checklist has 16).
$POLC bundle "$T/csrc" >"$T/bundle.json" 2>/dev/null
$POLC bundle "$T/csrc" --edition public >"$T/bundle-public.json" 2>/dev/null
run "checklist --format pdf -o FILE" 0 checklist "$T/bundle.json" --format pdf -o "$T/checklist.pdf"
check "checklist: A4 landscape" sh -c 'pdfinfo "$1" | grep -q "^Page size: *84[12][.0-9]* x 59[45]"' - "$T/checklist.pdf"
check "checklist: every page says 非公開, the title, the edition, the revision, n / N" \
	every_page "$T/checklist.pdf" 非公開 自己点検チェックリスト 内部版（非公開） "版 "
run "checklist -o FILE.pdf implies pdf" 0 checklist "$T/bundle-public.json" -o "$T/checklist-public.pdf"
check "public checklist: every page has its number and title" every_page "$T/checklist-public.pdf" 自己点検チェックリスト
check "public checklist: no 非公開" nowhere "$T/checklist-public.pdf" 非公開
check "public checklist: nothing non-public" leaks "$T/checklist-public.pdf"
run "checklist --format pdf without -o: a usage error" 2 checklist "$T/bundle.json" --format pdf
$POLC checklist "$T/bundle.json" -o "$T/answers.csv" 2>/dev/null
run "assess -o DIR --format pdf" 1 assess "$T/bundle.json" "$T/answers.csv" -o "$T/report" --format pdf
check "assess: report.pdf beside report.html and report.json" sh -c 'test -s "$1/report.pdf" -a -s "$1/report.html" -a -s "$1/report.json"' - "$T/report"
check "assess: every page says 非公開, the title, the edition, n / N" \
	every_page "$T/report/report.pdf" 非公開 自己点検結果 内部版（非公開）

# ---- 7. without libqpdf ---------------------------------------------------------------------
QPDF=$(objdump -p "$(${CC:-cc} -print-file-name=libqpdf.so)" 2>/dev/null | awk '/SONAME/ { print $2 }')
if [ -n "$QPDF" ]; then
	mkdir "$T/noqpdf"
	echo 'not a library' >"$T/noqpdf/$QPDF"
	cp "$T/checklist.pdf" "$T/kept.pdf"
	_rc=0
	LD_LIBRARY_PATH=$T/noqpdf${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
		$POLC checklist "$T/bundle.json" --format pdf -o "$T/checklist.pdf" >"$T/out" 2>"$T/err" || _rc=$?
	check "without libqpdf: exit 2" test "$_rc" = 2
	check "  ... says what to install" grep -qF "libqpdf ($QPDF) cannot be loaded: install libqpdf" "$T/err"
	check "  ... and keeps the last PDF" cmp -s "$T/checklist.pdf" "$T/kept.pdf"
else
	not_ok "the SONAME of libqpdf is found (cc, objdump, libqpdf-dev)"
fi

finish
