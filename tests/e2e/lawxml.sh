#!/bin/sh
# lawxml.sh — a 例規 kept in polc and got back: tests/golden/reiki/town, a town's 訓令
# re-keyed with its header (○title, 公布日, 番号, 制定文), chapters and sections, 別表 and
# 様式, the original 附則 and two amendments' (one made of 項), a GFM table in prose.
#
#   1. the public edition's rules.md and print.html: the golden, line by line, and the
#      parts as a 例規集 prints them; the Word edition's tables;
#   2. polc export lawxml: valid against stdLaw.xsd (xmllint --schema), the public
#      export the golden, the internal one marked 非公開, both deterministic;
#   3. canaries: the non-public article and 別表 carry KAWABE-CANARY-*, found in the
#      internal edition and export, in no public file and in no public export;
#   4. the bundle of the town (kind "appendix") against docs/bundle.schema.json;
#   5. what cannot be exported: a document without 公布日 or 番号, an unknown or
#      ambiguous document, a failed -o that leaves the last good file.
#
# Run from the repository root with POLC and BUILD (tests/run.sh). UPDATE_GOLDEN=1
# rewrites the golden files (review the diff).
set -u

POLC=${POLC:-build/polc}
UPDATE_GOLDEN=${UPDATE_GOLDEN:-0}
XSD=tests/lawxml/stdLaw.xsd
GOLDEN=tests/golden/reiki/town
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-lawxml.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

golden() { # NAME EXPECTED ACTUAL
	if [ "$UPDATE_GOLDEN" = 1 ]; then
		if cp "$3" "$2"; then ok "$1 (golden updated)"; else not_ok "$1 (no output)"; fi
	elif cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff -u "$2" "$3" | head -n 40 | sed 's/^/    /'
	fi
}
# run NAME CODE ARGS...: polc ARGS, stdout in $T/out, stderr in $T/err, exit code CODE.
run() {
	_name=$1 _want=$2
	shift 2
	_rc=0
	$POLC "$@" >"$T/out" 2>"$T/err" || _rc=$?
	if [ "$_rc" = "$_want" ]; then ok "$_name"; else
		not_ok "$_name (exit $_rc, expected $_want)"
		sed 's/^/    /' "$T/err" | head -n 10
	fi
}
valid() { xmllint --noout --schema "$XSD" "$1" 2>"$T/xmllint.err" || { sed 's/^/    /' "$T/xmllint.err" | head; return 1; }; }
has() { grep -q -- "$2" "$1"; }
hasnt() { ! grep -q -- "$2" "$1"; }
# page_text HTML: the page's text without <head>, tags and whitespace, on one line.
page_text() {
	awk '
	/<head>/ { inhead = 1 }
	inhead { if (/<\/head>/) inhead = 0; next }
	{ s = s $0 "\n" }
	END { gsub(/<[^>]*>/, "", s); gsub(/[ \t\r\n]/, "", s); print s }' "$1"
}

mkdir -p "$T/town"
cp -R "$GOLDEN/src" "$T/town/src"
S=$T/town/src

# ---- 1. the editions ------------------------------------------------------------------------
run "town: check is clean (--werror)" 0 check "$S" --werror
run "town: build" 0 build "$S" -o "$T/ed"
golden "town: public rules.md equals the golden" "$GOLDEN/rules.md" "$T/ed/public/rules.md"
page_text "$T/ed/public/print.html" >"$T/print.txt"
check "print: ○title, 公布日 and 番号, the 制定文, then the 目次" has "$T/print.txt" \
	"○川辺町情報セキュリティ規程平成31年3月29日訓令第3号川辺町情報セキュリティ規程（平成15年川辺町訓令第2号）の全部を改正する。目次"
check "print: 目次 with 附則 once, then 別表 and 様式 with their articles" has "$T/print.txt" \
	"附則別表第1（第3条関係）別表第2（第4条関係）様式第1号　情報セキュリティ事故報告書（第5条関係）第1章"
check "print: an amendment's 附則 with its 公布日 and 番号" has "$T/print.txt" "附　則（令和5年3月31日訓令第5号）1この訓令は、公布の日から施行する。2この訓令の施行の際"
check "print: the original 附則 without an invented 施行日" has "$T/print.txt" "附　則この訓令は、平成31年4月1日から施行する。附　則（令和2年"
check "print: a 別表 is a table" has "$T/ed/public/print.html" '<th align="left">区分</th>'
check "print: {ref} to a 別表 and a 様式 shows its number, linked" has "$T/ed/public/print.html" 'href="#rules-appx-classes">別表第1</a>に定める'
check "print: a citation names the 項 where the article has several" has "$T/print.txt" "ただし、第3条第1項第1号に掲げる"
check "print: deleted articles, one, two and three, in the 目次 range with the town's ～" has "$T/print.txt" "第3章　雑則（第7条～第13条）附則"
check "print: 第7条　削除, 第8条及び第9条　削除, 第10条から第12条まで　削除" has "$T/print.txt" "第7条削除第8条及び第9条削除第10条から第12条まで削除（委任）第13条"
check "rules.md: a deleted article has no caption" has "$T/ed/public/rules.md" '^<a id="rules-old-audit"></a>第7条　削除$'
check "print: a 号 that defines a term has it on its line, linked to the glossary" has "$T/ed/public/print.html" '<span class="num">(1)</span><a class="term lead-term" href="#term-network">ネットワーク</a><div class="text">'
check "print: ... and the glossary still links to where it is defined" has "$T/ed/public/print.html" '定義箇所：<a href="#rules-network">第2条第1号</a>'
check "html: the document is marked reiki for the 例規 layout" has "$T/ed/public/rules.html" '<article class="document tier-basic reiki"'
check "css: hanging indent of one character, the caption one character in" sh -c "grep -q '^.reiki .lead { display: block; padding-left: 1em; text-indent: -1em; }' '$T/ed/public/style.css' && grep -q '^.reiki .caption { margin-left: 1em; }' '$T/ed/public/style.css'"
check "print: the public 目次 range counts the public articles only" has "$T/print.txt" "第2節　事故への対応（第5条）"
check "print: the internal 目次 range counts them all" has "$T/ed/internal/rules.md" "事故への対応\](rules.md#rules-incidents)（第5条・第6条）"

run "town: build the Word edition" 0 build "$S" -o "$T/docx" --format docx
unzip -p "$T/docx/public/policy.docx" word/document.xml >"$T/public-docx.xml"
unzip -p "$T/docx/internal/policy.docx" word/document.xml >"$T/internal-docx.xml"
check "docx: the public 別表 and 様式 are Word tables (3)" test "$(grep -o '<w:tbl>' "$T/public-docx.xml" | wc -l)" = 3
check "docx: a table's cells hold their text" has "$T/public-docx.xml" "機密性2又は機密性3の情報資産以外の情報資産"
check "docx: the internal 別表 is there in the internal edition" has "$T/internal-docx.xml" "KAWABE-CANARY-TABLE"
check "docx: deleted articles print with their numbers and 削除" sh -c "sed 's/<[^>]*>//g' '$T/public-docx.xml' | grep -q '第10条から第12条まで　削除'"
check "docx: a 号 that defines a term prints on one line, as 例規 do" sh -c "sed 's#</w:p>#\\n#g; s/<[^>]*>//g' '$T/public-docx.xml' | grep -q '^(1)　ネットワーク　コンピュータ等を相互に接続する'"
check "docx: no canary in the public edition" hasnt "$T/public-docx.xml" "KAWABE-CANARY"

# ---- 2. the 法令標準XML export --------------------------------------------------------------
run "export lawxml --edition public" 0 export lawxml "$S" --edition public
cp "$T/out" "$T/public.xml"
check "export public: valid against stdLaw.xsd" valid "$T/public.xml"
golden "export public: equals the golden" "$GOLDEN/lawxml-public.xml" "$T/public.xml"
check "export public: three deleted articles are one Article Num=\"10:12\"" has "$T/public.xml" '<Article Num="10:12">'
check "export public: no 非公開 mark" hasnt "$T/public.xml" "非公開"
run "export lawxml (internal by default)" 0 export lawxml "$S" --document rules
cp "$T/out" "$T/internal.xml"
check "export internal: valid against stdLaw.xsd" valid "$T/internal.xml"
check "export internal: says 非公開 before the Law" has "$T/internal.xml" "<!-- 非公開（内部版） -->"
check "export internal: holds the internal article and 別表" has "$T/internal.xml" '<ArticleTitle>第6条</ArticleTitle>'
run "export lawxml -o FILE" 0 export lawxml "$S" --edition public -o "$T/file.xml"
check "export -o: the same bytes as on stdout (deterministic)" cmp -s "$T/file.xml" "$T/public.xml"
run "export internal again" 0 export lawxml "$S"
check "export internal: deterministic" cmp -s "$T/out" "$T/internal.xml"

# ---- 3. canaries ---------------------------------------------------------------------------
check "canary: in the internal edition (article and 別表)" sh -c "grep -q KAWABE-CANARY-ARTICLE '$T/ed/internal/rules.md' && grep -q KAWABE-CANARY-TABLE '$T/ed/internal/print.html'"
check "canary: in the internal export (article and 別表)" sh -c "grep -q KAWABE-CANARY-ARTICLE '$T/internal.xml' && grep -q KAWABE-CANARY-TABLE '$T/internal.xml'"
check "canary: in no public file of the edition" sh -c "! grep -rq KAWABE-CANARY '$T/ed/public/'"
check "canary: not in the public export" hasnt "$T/public.xml" "KAWABE-CANARY"
check "canary: the public export has neither 第6条 nor 別表第3" sh -c "! grep -q -e 第6条 -e 別表第3 -e 鍵の一覧 '$T/public.xml'"

# ---- 4. the bundle ----------------------------------------------------------------------------
run "bundle of the town" 0 bundle "$S"
cp "$T/out" "$T/bundle.json"
check "bundle: valid against docs/bundle.schema.json (kind appendix, deleted articles)" python3 - docs/bundle.schema.json "$T/bundle.json" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
bundle = json.load(open(sys.argv[2], encoding="utf-8"))
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(bundle))
for e in errors[:5]:
    print("    %s: %s" % ("/".join(map(str, e.path)), e.message[:200]))
kinds = [k["kind"] for k in bundle["documents"][0]["children"]]
# the deleted articles of 第3章, with how many numbers each stands for
misc = [k for k in bundle["documents"][0]["children"] if k["key"] == "rules.misc"][0]
deleted = [(k["number"], k.get("deleted")) for k in misc["children"]]
want = [("第7条", 1), ("第8条及び第9条", 2), ("第10条から第12条まで", 3), ("第13条", None)]
if deleted != want:
    print("    deleted articles: %r" % deleted)
sys.exit(1 if errors or kinds.count("appendix") != 4 or deleted != want else 0)
PY

# ---- 5. what cannot be exported ---------------------------------------------------------------
mkdir -p "$T/bare/src"
sed 's/, promulgated=2019-03-29, number=訓令第3号//' "$S/policy.pol" >"$T/bare/src/policy.pol"
run "a document without 公布日: exit 1" 1 export lawxml "$T/bare/src" -o "$T/file.xml"
check "... with the error at the document" has "$T/err" "policy.pol:13:11: error: 法令標準XML needs the document's 公布日 (promulgated=YYYY-MM-DD)"
check "... and the last good -o file is left as it was" cmp -s "$T/file.xml" "$T/public.xml"
run "an unknown --document: exit 2" 2 export lawxml "$S" --document nosuch
check "... says so" has "$T/err" "no document 'nosuch' in this edition"
run "an unknown export format: exit 2" 2 export nosuch
mkdir -p "$T/adir"
run "-o onto a folder: exit 2" 2 export lawxml "$S" -o "$T/adir"
check "... and no temporary file left beside it" sh -c "! ls '$T' | grep -q 'adir.tmp-'"
run "export --help: exit 0" 0 export --help
check "... lists lawxml" has "$T/out" "lawxml"

echo "$failures failed"
[ "$failures" = 0 ]
