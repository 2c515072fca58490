#!/bin/sh
# browser.sh — the editions of the real policy in headless Chromium.
#
# Opens the public index.html, a document page, the internal index.html and print.html
# over file://, checks the page title and the headings Chromium parsed (--dump-dom),
# takes screenshots into $BUILD/screenshots/ (look at them: Japanese must render, not
# tofu), prints print.html to PDF and checks it has pages, A4 size and an embedded
# Noto Serif CJK font (the house 明朝; docs/print.md). Fails when chromium is missing (it is in the Makefile's DEBS).
#
# Run from the repository root with POLC (a command, maybe with a valgrind prefix) and
# BUILD, as tests/run.sh does. Prints ok / not ok lines.
set -u

POLC=${POLC:-build/polc}
BUILD=${BUILD:-build}
SHOTS=$BUILD/screenshots
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-browser.XXXXXX")
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

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	not_ok "chromium is installed (make test installs it: it is in DEBS)"
	finish
fi
ok "chromium is installed"

mkdir -p "$SHOTS"
cp -R policy-src "$T/src"
rc=0
$POLC build "$T/src" -o "$T/out" >"$T/build.out" 2>"$T/build.err" || rc=$?
if [ "$rc" != 0 ]; then
	not_ok "build policy-src (exit $rc)"
	sed 's/^/    /' "$T/build.err" | head -n 10
	finish
fi
ok "build policy-src"

n=0
# chrome ARGS...: one headless Chromium run with its own profile; stderr to a log.
chrome() {
	n=$((n + 1))
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$T/profile$n" --hide-scrollbars "$@" 2>>"$T/chromium.log"
}
# dom NAME PAGE: the DOM Chromium built from PAGE, in $T/NAME.dom.
dom() {
	chrome --dump-dom "file://$T/out/$2" >"$T/$1.dom"
}
# headings FILE LEVEL: how many <hLEVEL> elements.
headings() {
	grep -o "<h$2[ >]" "$1" | wc -l | tr -d ' '
}
at_least() { # NAME ACTUAL MIN
	if [ "$2" -ge "$3" ]; then ok "$1 ($2)"; else not_ok "$1 ($2, expected at least $3)"; fi
}
equals() { # NAME ACTUAL EXPECTED
	if [ "$2" = "$3" ]; then ok "$1 ($2)"; else not_ok "$1 ($2, expected $3)"; fi
}

TITLE=吾妻広域町村圏振興整備組合情報セキュリティポリシー

dom public-index public/index.html
check "public index: page title" grep -q "<title>$TITLE | 公開版</title>" "$T/public-index.dom"
equals "public index: one h1 (the cover)" "$(headings "$T/public-index.dom" 1)" 1
at_least "public index: h2 headings" "$(headings "$T/public-index.dom" 2)" 1
check "public index: the table of contents links every article of 第1章" sh -c 'test "$(grep -o "href=\"basic.html#basic-[a-z-]*\"" "$1" | wc -l)" -ge 11' - "$T/public-index.dom"
check "public index: no 非公開 banner" sh -c '! grep -q "banner-secret" "$1"' - "$T/public-index.dom"

dom public-basic public/basic.html
check "public basic.html: page title" grep -q "<title>情報セキュリティ基本方針 | $TITLE | 公開版</title>" "$T/public-basic.dom"
equals "public basic.html: h1" "$(headings "$T/public-basic.dom" 1)" 1
equals "public basic.html: h2 (第1章, 附則)" "$(headings "$T/public-basic.dom" 2)" 2
equals "public basic.html: h3 (articles 1. to 10.)" "$(headings "$T/public-basic.dom" 3)" 10

dom internal-index internal/index.html
check "internal index: page title" grep -q "<title>$TITLE | 内部版（非公開）</title>" "$T/internal-index.dom"
check "internal index: the 非公開 banner" grep -q 'class="banner-secret"' "$T/internal-index.dom"
at_least "internal index: h1 + h2 headings" "$(($(headings "$T/internal-index.dom" 1) + $(headings "$T/internal-index.dom" 2)))" 2

dom internal-print internal/print.html
check "internal print.html: page title" grep -q "<title>$TITLE | 内部版（非公開）（印刷用）</title>" "$T/internal-print.dom"
at_least "internal print.html: h1 (cover, documents, glossary)" "$(headings "$T/internal-print.dom" 1)" 5
at_least "internal print.html: h2" "$(headings "$T/internal-print.dom" 2)" 4
at_least "internal print.html: h3" "$(headings "$T/internal-print.dom" 3)" 15
check "internal print.html: no navigation" sh -c '! grep -q "site-nav" "$1"' - "$T/internal-print.dom"

for p in public/index public/basic internal/index internal/standards internal/traceability public/print; do
	name=$(echo "$p" | tr / -)
	rm -f "$SHOTS/$name.png"
	chrome --screenshot="$SHOTS/$name.png" --window-size=1200,1600 "file://$T/out/$p.html" >/dev/null
	check "screenshot $SHOTS/$name.png" test -s "$SHOTS/$name.png"
done

for ed in public internal; do
	pdf=$SHOTS/print-$ed.pdf
	rm -f "$pdf"
	chrome --no-pdf-header-footer --print-to-pdf="$pdf" "file://$T/out/$ed/print.html" >/dev/null
	pages=$(grep -a -o -E '/Type ?/Page([^s]|$)' "$pdf" 2>/dev/null | wc -l | tr -d ' ')
	at_least "$ed print.html prints to PDF with pages" "${pages:-0}" 2
	check "$ed PDF pages are A4 (595×842 pt)" grep -a -q -E '/MediaBox ?\[ ?0 0 59[45](\.[0-9]+)? 84[12](\.[0-9]+)? ?\]' "$pdf"
	check "$ed PDF embeds Noto Serif CJK, the house 明朝 (Japanese is not tofu)" grep -a -q 'NotoSerifCJK' "$pdf"
	eval "pages_$ed=\${pages:-0}"
done
cp "$SHOTS/print-public.pdf" "$SHOTS/print.pdf" 2>/dev/null
# shellcheck disable=SC2154
check "the internal print has more pages than the public one" test "$pages_internal" -gt "$pages_public"

finish
