#!/bin/sh
# links.sh — hostile link destinations in prose (lib/escape.c pol_url_is_safe).
#
# A public policy whose prose links to javascript:, vbscript:, data: and file: URLs in
# every form CommonMark allows (inline, reference and auto links, images, character
# references, percent escapes, mixed case, leading spaces and controls), each carrying a
# canary "polcanaryN", and a few safe links. After `polc build`:
#
#   1. no HTML file of any edition has an href or src holding a canary;
#   2. no .md file has a link destination or autolink holding one, and none does once
#      rendered by cmark --unsafe (what a Markdown viewer would make of it);
#   3. every dropped link keeps its text (LT-N) in the HTML and the Markdown;
#   4. the safe links are still links in both.
#
# Run from the repository root with POLC and BUILD, as tests/run.sh does.
set -u

POLC=${POLC:-build/polc}
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-links.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

mkdir -p "$T/src"
cat >"$T/src/policy.pol" <<'POL'
@policy links リンク試験ポリシー
  organization = リンク試験組合
  issued = 2026-03

@document basic リンク試験基本方針 [public, tier=basic]

@chapter main 総則

@article hostile 危険なリンク
インラインのリンク [LT-1](javascript:alert&#40;polcanary1&#41;) と自動リンク <javascript:polcanary2> と
文字参照 [LT-3](jav&#x61;script:polcanary3) と大文字小文字 [LT-4](JaVaScRiPt:polcanary4) と
先頭の空白 [LT-5](<  javascript:polcanary5>) と制御文字 [LT-6](<&#x01;javascript:polcanary6>) と
参照リンク [LT-7][r7] と画像 ![LT-8](data:text/html;base64,polcanary8) と
ファイル [LT-9](file:///etc/polcanary9) と SVG [LT-10](data:image/svg+xml,polcanary10) と
自動リンク <VBScript:polcanary11> と百分率 [LT-12](java%73cript:polcanary12) と
名前付き参照 [LT-13](&#106;avascript&colon;polcanary13) と題付き画像 ![LT-14](javascript:polcanary14 "題") と
二重の参照 [LT-15](jav&amp;#x61;script:polcanary15) と *強調の中の [LT-16](vbscript:polcanary16)*。

[r7]: vbscript:polcanary7

@article safe 安全なリンク
安全なリンク [SAFE-1](https://example.jp/ok) と自動リンク <https://example.jp/auto> と画像 ![SAFE-2](pic.png)。
POL

if $POLC build "$T/src" -o "$T/out" --edition all >"$T/build.out" 2>&1; then
	ok "links: the policy builds"
else
	not_ok "links: the policy builds"
	cat "$T/build.out"
	exit 1
fi

# 1. HTML: no attribute holds a canary.
find "$T/out" -name '*.html' >"$T/html"
check "links: HTML files were built" test -s "$T/html"
check "links: no href or src in any HTML file holds a hostile URL" \
	sh -c '! xargs grep -HiE "(href|src)=\"[^\"]*polcanary" <"$1"' - "$T/html"

# 2. Markdown: no link destination, no autolink, and nothing cmark would link.
find "$T/out" -name '*.md' >"$T/md"
check "links: Markdown files were built" test -s "$T/md"
check "links: no Markdown link destination or autolink holds a hostile URL" \
	sh -c '! xargs grep -HiE "\\]\\([^)]*polcanary|<[a-z]+:[^>]*polcanary" <"$1"' - "$T/md"
if command -v cmark-gfm >/dev/null; then
	# as a GitHub-style viewer renders it: tables and bare URLs too (cmark-gfm is in DEBS)
	: >"$T/md.html"
	while read -r f; do cmark-gfm -e table -e autolink --unsafe "$f" >>"$T/md.html"; done <"$T/md"
	check "links: the Markdown rendered by cmark-gfm --unsafe links to no hostile URL" \
		sh -c '! grep -iE "(href|src)=\"[^\"]*polcanary" "$1"' - "$T/md.html"
fi

# 3. The text of every dropped link stays, in both formats and both editions.
for ed in public internal; do
	for f in "$T/out/$ed/basic.html" "$T/out/$ed/basic.md" "$T/out/$ed/print.html"; do
		missing=""
		for n in 1 3 4 5 6 7 8 9 10 12 13 14 15 16; do
			grep -q "LT-$n\\b" "$f" || missing="$missing LT-$n"
		done
		check "links: $ed/${f##*/} keeps the text of every dropped link${missing:+ (missing:$missing)}" test -z "$missing"
	done
done

# 4. Safe links stay links.
B=$T/out/public/basic
check "links: safe links stay links in HTML" sh -c 'grep -q "<a href=\"https://example.jp/ok\">SAFE-1</a>" "$1" &&
	grep -q "<a href=\"https://example.jp/auto\">https://example.jp/auto</a>" "$1" &&
	grep -q "<img src=\"pic.png\" alt=\"SAFE-2\" />" "$1"' - "$B.html"
check "links: safe links stay links in Markdown" sh -c 'grep -qF "[SAFE-1](https://example.jp/ok)" "$1" &&
	grep -qF "<https://example.jp/auto>" "$1" && grep -qF "![SAFE-2](pic.png)" "$1"' - "$B.md"

[ "$failures" = 0 ]
