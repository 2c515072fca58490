#!/bin/sh
# editions.sh — `polc build`: the public, internal and audience editions (docs/editions.md).
#
#   1. the seed: every sentence of the seed's 序章 and 第1章 (tests/golden/seed-public/
#      seed.txt) appears, in order and right under its number, in the text of the public
#      print.html; the public index.md, preface.md and basic.md equal their reviewed
#      goldens; every page has the footer, lang="ja", and (internal) the 非公開 marking;
#   2. the canary policy (tests/canary/src): no canary string and no id of a non-public
#      node, term, role or parameter in any file (or file name) of the public edition; in
#      the contractor edition nothing of rules that do not apply to contractors; document
#      text is never evaluated as a template; raw HTML is dropped; traceability lists;
#   3. a reiki-style policy: 第1条 numbering, captions, 項 numbers, the 目次 (golden);
#      the site's navigation of a policy of 16 and of 17 documents;
#   4. determinism: two builds are byte-identical (diff -r);
#   5. atomicity: a failed build (policy error, unknown role, broken template) exits
#      non-zero and leaves the previous output byte-identical, with no temporary folder;
#      the output folder (lib/outdir.h): exactly the last build's editions, leftovers
#      of killed builds removed, a lock for concurrent builds, kill -9 at random moments;
#   6. --templates overrides a template by file name.
#
# Every policy is copied to a mktemp folder outside the repository first, so the
# revision stamp is the constant "outside git" one. Run from the repository root with
# POLC (a command, maybe with a valgrind prefix) and BUILD, as tests/run.sh does.
# UPDATE_GOLDEN=1 rewrites the golden files (review the diff). Prints ok / not ok lines.
set -u

POLC=${POLC:-build/polc}
UPDATE_GOLDEN=${UPDATE_GOLDEN:-0}
GOLDEN=tests/golden
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-editions.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
# build ARGS...: runs polc build, output in $T/build.out and $T/build.err; prints the exit code.
build() {
	_rc=0
	$POLC build "$@" >"$T/build.out" 2>"$T/build.err" || _rc=$?
	echo "$_rc"
}
# expect_build NAME CODE ARGS...
expect_build() {
	_name=$1 _want=$2
	shift 2
	_rc=$(build "$@")
	if [ "$_rc" = "$_want" ]; then ok "$_name"; else
		not_ok "$_name (exit $_rc, expected $_want)"
		sed 's/^/    /' "$T/build.err" | head -n 10
	fi
}
golden() { # NAME EXPECTED ACTUAL
	if [ "$UPDATE_GOLDEN" = 1 ]; then
		mkdir -p "$(dirname "$2")"
		cp "$3" "$2"
		ok "$1 (golden updated)"
	elif [ ! -f "$2" ]; then
		not_ok "$1 (no golden $2: run with UPDATE_GOLDEN=1 and review)"
	elif cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff -u "$2" "$3" | head -n 40 | sed 's/^/    /'
	fi
}
# no_temp OUT: OUT holds only edition links, .polc/ holds only the lock, current, the
# one set current names and the spare (the set before it, lib/outdir.h): nothing left of
# a build in progress.
no_temp() {
	_cur=$(readlink "$1/.polc/current") || return 1
	_extra=$(ls -A "$1" | grep -v -e '^\.polc$' -e '^public$' -e '^internal$' -e '^audience-' -e '^README.md$')
	_meta=$(ls -A "$1/.polc" | grep -v -e '^lock$' -e '^current$' -e '^spare$' -e "^$_cur\$")
	[ -z "$_extra$_meta" ] || { echo "    left over: $_extra $_meta"; return 1; }
}
# copy SRC NAME: a copy of the policy folder SRC outside the repository; prints its path.
copy() {
	mkdir -p "$T/$2"
	cp -R "$1" "$T/$2/src"
	echo "$T/$2/src"
}

# ---- text of a page ----------------------------------------------------------------------

# seed_fragments FILE: the seed's sentences, one a line: table cells split at tabs, list
# bullets dropped, whitespace removed (the seed's table cells are broken by spaces), and
# each line split after 。.
seed_fragments() {
	awk '{
		n = split($0, cells, "\t")
		for (i = 1; i <= n; i++) {
			c = cells[i]
			sub(/^[ ]*- /, "", c)
			gsub(/[ \t\r]/, "", c)
			gsub(/　/, "", c)
			m = split(c, parts, "。")
			for (j = 1; j <= m; j++)
				if (parts[j] != "")
					print parts[j]
		}
	}' "$1"
}
# page_text HTML: the text of the page without <head>, tags and whitespace; one line.
page_text() {
	awk '
	/<head>/ { inhead = 1 }
	inhead { if (/<\/head>/) inhead = 0; next }
	{ s = s $0 "\n" }
	END {
		gsub(/<[^>]*>/, "", s)
		gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&amp;/, "\\&", s)
		gsub(/[ \t\r\n]/, "", s)
		gsub(/　/, "", s)
		print s
	}' "$1"
}
# in_order FRAGMENTS TEXT: every fragment occurs in TEXT after the one before; a fragment
# that starts with a number (序章, 第1章, 1., (1)) is followed directly by the next one, so
# text sits under the right number.
in_order() {
	awk -v textfile="$2" '
	BEGIN { getline text < textfile; pos = 1 }
	{
		rest = substr(text, pos)
		i = index(rest, $0)
		if (i == 0) {
			print "    missing or out of order: " $0
			bad++
			next
		}
		if (adjacent && i != 1) {
			print "    not right after " prev ": " $0
			bad++
		}
		pos += i - 1 + length($0)
		adjacent = ($0 ~ /^(\([0-9]+\)|[0-9]+\.|第[0-9]+章|序章)/)
		prev = $0
		found++
	}
	END {
		if (found < 10) { print "    only " found " fragments found"; bad++ }
		exit bad ? 1 : 0
	}' "$1"
}
# contains TEXTFILE STRING...: each string (whitespace removed) is in the page text.
contains() {
	_f=$1
	shift
	for _s in "$@"; do
		grep -qF -- "$_s" "$_f" || {
			echo "    not found: $_s"
			return 1
		}
	done
}

# ---- 1. the seed: the real policy's public edition ---------------------------------------

SRC=$(copy policy-src seed)
OUT=$T/seed/out
expect_build "build policy-src (all editions)" 0 "$SRC" -o "$OUT" --edition all
PUB=$OUT/public
INT=$OUT/internal
for f in index.html preface.html basic.html glossary.html print.html style.css index.md preface.md basic.md glossary.md; do
	check "public/$f written" test -s "$PUB/$f"
done
check "internal has traceability.html, public has not" sh -c 'test -s "$1/traceability.html" && ! test -e "$2/traceability.html"' - "$INT" "$PUB"
check "internal has a page per document" sh -c 'for d in preface basic standards procedures; do test -s "$1/$d.html" && test -s "$1/$d.md" || exit 1; done' - "$INT"
check "public names no non-public document file" sh -c '! ls "$1" | grep -q -e standards -e procedures' - "$PUB"
check "no temporary folder left" no_temp "$OUT"

seed_fragments "$GOLDEN/seed-public/seed.txt" >"$T/seed.frag"
# print.html without its 目次 (which names the headings once more, before the text)
sed '/<nav class="print-toc"/,/<\/nav>/d' "$PUB/print.html" >"$T/print-body.html"
page_text "$T/print-body.html" >"$T/seed.text"
check "seed: every sentence of 序章 and 第1章 is in public print.html, in order, under its number" in_order "$T/seed.frag" "$T/seed.text"
page_text "$PUB/basic.html" >"$T/basic.text"
seed_fragments "$GOLDEN/seed-public/seed.txt" | sed -n '/^第1章/,$p' >"$T/basic.frag"
check "seed: 第1章 in order on basic.html too" in_order "$T/basic.frag" "$T/basic.text"
check "seed: the 構成 table groups ①② under the policy title, 実施手順 after" grep -q 'rowspan="2" class="group"><span class="title-part">吾妻広域町村圏振興整備組合</span><wbr><span class="title-part">情報セキュリティポリシー</span></th><td class="doc">①情報セキュリティ基本方針</td>' "$PUB/preface.html"
check "seed: cross-references show the computed number (上記3, 上記6、7及び8)" contains "$T/seed.text" "上記3の脅威" "上記6、7及び8に規定する"
check "seed: terms link to the glossary" grep -q '<a class="term" href="glossary.html#term-confidentiality">機密性</a>' "$PUB/basic.html"
check "seed: the cover shows organization and 令和8年3月" contains "$T/seed.text" "吾妻広域町村圏振興整備組合令和8年3月公開版"
check "seed: withheld documents: title and notice only" sh -c 'grep -q "情報セキュリティ対策基準" "$1/withheld-1.html" && grep -q "本文書は非公開です。" "$1/withheld-1.html" && ! grep -q "第2章" "$1/withheld-1.html"' - "$PUB"
for f in index.md preface.md basic.md; do
	golden "seed: public $f equals the golden" "$GOLDEN/seed-public/$f" "$PUB/$f"
done

every_page() { # DIR COMMAND... (the page is the last argument)
	_dir=$1
	shift
	for _p in "$_dir"/*.html; do
		"$@" "$_p" || {
			echo "    on $_p"
			return 1
		}
	done
}
check "every page: <html lang=\"ja\">" every_page "$PUB" grep -q '<html lang="ja">'
check "every page: footer with title, edition, 令和8年3月 and the revision stamp" every_page "$PUB" sh -c 'grep -q "<p class=\"colophon-title\">吾妻広域町村圏振興整備組合情報セキュリティポリシー</p>" "$1" && grep -q "公開版　令和8年3月" "$1" && grep -q "版管理外" "$1"' -
check "every internal page: the 非公開 banner" every_page "$INT" grep -q 'class="banner-secret"'
check "no public page has the 非公開 banner" sh -c '! grep -l "banner-secret\"" "$1"/*.html' - "$PUB"
check "internal print.html: 非公開 in the page header" grep -q '@top-left { content: "非公開"' "$INT/print.html"
check "print.html: A4 and page numbers" sh -c 'grep -q "size: A4" "$1" && grep -q "counter(page)" "$1"' - "$PUB/print.html"
check "internal: rules show level, roles and checks" sh -c 'grep -q "class=\"level level-must\">必須" "$1" && grep -q "対象：" "$1" && grep -q "点検項目" "$1" && grep -q "頻度：毎年" "$1" && grep -q "証跡：" "$1"' - "$INT/standards.html"
check "internal: steps show who does them" grep -q '<span class="role">担当：' "$INT/procedures.html"
check "internal: traceability matrix and lists" sh -c 'grep -q "class=\"matrix\"" "$1" && grep -q "実施手順のない対策基準" "$1" && grep -q "点検項目のない必須の規則" "$1"' - "$INT/traceability.html"
check "output holds no path of the build" sh -c '! grep -rqF "$1" "$2"' - "$T" "$OUT"

# ---- 2. the canary policy ------------------------------------------------------------------

CSRC=$(copy tests/canary/src canary)
COUT=$T/canary/out
expect_build "build the canary policy (all + audience contractor)" 0 "$CSRC" -o "$COUT" --audience contractor
# Every canary string of the sources and every file name with "canary" in it.
{
	grep -ohE 'CANARY-[A-Z0-9-]+|canary-[a-z0-9-]+' "$CSRC"/*.pol
	ls "$CSRC" | grep -i canary
} | sort -u >"$T/canaries"
# Every id of a non-public node, role, term or parameter, from the dump.
$POLC dump "$CSRC" 2>/dev/null | awk '/\[(internal|confidential)/ {
	k = $2; print k
	if (k ~ /\./ && $1 != "param") { sub(/^[^.]*\./, "", k); print k }
}' | grep -v / | awk 'length($0) >= 4' | sort -u >"$T/secret-ids"
check "canary: found the canaries and the non-public ids" sh -c 'test "$(wc -l <"$1")" -ge 40 && test "$(wc -l <"$2")" -ge 20' - "$T/canaries" "$T/secret-ids"
cat "$T/canaries" "$T/secret-ids" | sort -u >"$T/forbidden"
leaks() { # LIST DIR: no string of LIST in any file or file name under DIR
	# "$2/": DIR is a link into OUT/.polc/ (lib/outdir.h); find must go through it.
	_hits=$( (grep -rhoiF -f "$1" "$2/"; cd "$2/" && find . | grep -oiF -f "$1") | sort -u)
	[ -z "$_hits" ] && return 0
	echo "$_hits" | head -n 20 | sed 's/^/    leaked: /'
	return 1
}
check "canary: no canary or non-public id anywhere in public/ (contents and file names)" leaks "$T/forbidden" "$COUT/public"
check "canary: the internal edition does have them (the scan works)" sh -c 'grep -rq CANARY-NA-CHECK-QUESTION "$1" && grep -rq CANARY-CONF-RULE-BODY "$1" && grep -rq CANARY-UNLISTED-SUMMARY "$1"' - "$COUT/internal"
printf '%s\n' canary-na CANARY-NA canary-conf CANARY-CONF >"$T/not-contractor"
check "canary: the contractor edition has nothing of rules that do not apply to contractors" leaks "$T/not-contractor" "$COUT/audience-contractor"
check "canary: the contractor edition has the contractor rule, its check and term" sh -c 'grep -rq CANARY-CONTRACTOR-RULE-BODY "$1" && grep -rq CANARY-CONTRACTOR-CHECK-QUESTION "$1" && grep -rq CANARY-TERM-INTERNAL-DEF "$1/glossary.html"' - "$COUT/audience-contractor"
check "canary: the contractor edition is marked 非公開 and labelled for contractors" sh -c 'grep -q "委託事業者向け（非公開）" "$1/index.html" && grep -q "class=\"banner-secret\"" "$1/index.html"' - "$COUT/audience-contractor"
check "canary: a reference to a rule left out of the contractor edition is its number, without a link" grep -q 'CANARY-CONTRACTOR-RULE-BODY.*</span> 第2章1(1)</p>' "$COUT/audience-contractor/canary-doc-listed.html"
page_text "$COUT/public/index.html" >"$T/cidx.text"
page_text "$COUT/public/print.html" >"$T/cprint.text"
check "canary: the listed document's title and notice are in the public edition" sh -c 'for f in "$@"; do grep -q "非公開の試験基準この文書は一覧にのみ掲載します。" "$f" || exit 1; done' - "$T/cidx.text" "$T/cprint.text"
check "canary: the 構成 table lists the listed document with its summary" grep -q '<td class="doc">②非公開の試験基準</td><td class="summary">試験基準の概要</td>' "$COUT/public/pub.html"
check "canary: document text is data, never a template ({{…}} shown as written)" sh -c 'grep -qF "{{policy.title}} と {{#docs}}X{{/docs}}" "$1/pub.html" && grep -qF "試験基本方針{{edition.label}}" "$1/basic.html" && grep -qF "試験基本方針{{edition.label}}" "$1/index.md"' - "$COUT/public"
check "canary: raw HTML in prose is dropped (HTML) or escaped (Markdown)" sh -c '! grep -l "<script" "$1"/*.html && ! grep "<script" "$1"/*.md | grep -v "\\\\<script"' - "$COUT/public"
section() { # FILE ID: the lines of <section id="ID"> … </section>
	awk -v id="$2" 'index($0, "<section id=\"" id "\"") { on = 1 } on { print } on && /<\/section>/ { exit }' "$1"
}
TR=$COUT/internal/traceability.html
section "$TR" must-without-checks >"$T/nocheck"
check "canary: traceability: the must-rule without a check is listed" grep -q "公開の規則" "$T/nocheck"
section "$TR" unimplemented-standards >"$T/unimpl"
check "canary: traceability: standards no procedure implements are listed, implemented ones not" sh -c 'grep -q CANARY-CONTRACTOR-RULE-TITLE "$1" && ! grep -q CANARY-NA-RULE-TITLE "$1"' - "$T/unimpl"
check "canary: traceability: the matrix marks the measure that counters the threat" grep -q '<td class="cell direct">●' "$TR"

# Nothing outside the source root reaches an edition: a symbolic link (to a file outside
# holding a canary, to a folder, to /proc/self/status), a linked policy.pol, and a FIFO
# (which must not block) all stop the build, and nothing is written.
printf '@article leaked 漏えい\nCANARY-OUTSIDE-ROOT\n' >"$T/outside.pol"
for kind in file folder proc policy fifo; do
	LS=$(copy "$CSRC" "link-$kind")
	case $kind in
	file) ln -s "$T/outside.pol" "$LS/extra.pol" && echo '@include extra.pol' >>"$LS/policy.pol" ;;
	folder) mkdir -p "$T/outdir-$kind" && cp "$T/outside.pol" "$T/outdir-$kind/x.pol" && ln -s "$T/outdir-$kind" "$LS/sub" && echo '@include sub/x.pol' >>"$LS/policy.pol" ;;
	proc) ln -s /proc/self/status "$LS/status.pol" && echo '@include status.pol' >>"$LS/policy.pol" ;;
	policy) mv "$LS/policy.pol" "$LS/real.pol" && ln -s real.pol "$LS/policy.pol" ;;
	fifo) mkfifo "$LS/pipe.pol" && echo '@include pipe.pol' >>"$LS/policy.pol" ;;
	esac
	rc=0
	timeout 20 $POLC build "$LS" -o "$T/link-$kind/out" >"$T/build.out" 2>"$T/build.err" || rc=$?
	check "source root: a $kind link or FIFO stops the build (exit 1 or 2, not a hang) with a reason" \
		sh -c '[ "$1" = 1 ] || [ "$1" = 2 ]; [ $? = 0 ] && grep -qE "symbolic link|FIFO" "$2"' - "$rc" "$T/build.err"
	check "source root: ... and writes nothing" test ! -e "$T/link-$kind/out/public"
done

# Public numbers do not depend on non-public documents: an unlisted internal document
# included before the public ones, or a listed one (before them) that gains a chapter,
# leaves the public edition as it was (bundle.json aside: its source digest differs).
reorder() { # SRC FIRST: includes FIRST (a file of SRC) right after roles.pol
	grep -v "^@include $2\$" "$1/policy.pol" | sed "s|^@include roles.pol\$|@include roles.pol\n@include $2|" >"$1/policy.new"
	mv "$1/policy.new" "$1/policy.pol"
}
U1=$(copy "$CSRC" unlisted-first)
reorder "$U1" canary-file-internal.pol
expect_build "numbers: an unlisted internal document before the public ones" 0 "$U1" -o "$T/u1" --edition public
check "numbers: ... leaves the public edition as it was (第1章, not 第2章)" diff -r -x bundle.json "$COUT/public" "$T/u1/public"
L1=$(copy "$CSRC" listed-first)
reorder "$L1" canary-file-listed.pol
L2=$(copy "$L1" listed-first-more)
printf '\n@chapter canary-added-chap CANARY-ADDED-CHAPTER\n\n@article canary-added-art CANARY-ADDED-ARTICLE\nCANARY-ADDED-BODY\n' >>"$L2/canary-file-listed.pol"
expect_build "numbers: a listed internal document before the public ones" 0 "$L1" -o "$T/l1" --edition public
expect_build "numbers: ... with one chapter more" 0 "$L2" -o "$T/l2" --edition public
check "numbers: ... the public edition does not change" diff -r -x bundle.json "$T/l1/public" "$T/l2/public"
check "numbers: ... and the public chapters are numbered 第1章 on" grep -q '<span class="num">第1章</span><span class="title">試験基本方針' "$T/l1/public/basic.html"

# ---- 3. reiki numbering ---------------------------------------------------------------------

RSRC=$(copy "$GOLDEN/reiki/src" reiki)
ROUT=$T/reiki/out
expect_build "build the reiki policy" 0 "$RSRC" -o "$ROUT"
page_text "$ROUT/public/print.html" >"$T/reiki.text"
check "reiki: 目次 with chapters, sections, article ranges and 附則 last" contains "$T/reiki.text" "目次第1章総則（第1条・第2条）第2章管理第1節体制（第3条）第2節運用（第4条―第6条）附則第1章総則"
check "reiki: caption above 第N条, text on the same line" contains "$T/reiki.text" "（目的）第1条この規程は、" "（遵守事項）第4条職員は、"
check "reiki: 項 numbers 2, 3 at the start of paragraphs; references show 第4条" contains "$T/reiki.text" "2責任者は、第4条に定める事項を行う。3責任者は、"
check "reiki: 附則 with its 施行日" contains "$T/reiki.text" "附則施行日令和7年4月1日"
golden "reiki: public rules.md equals the golden" "$GOLDEN/reiki/rules.md" "$ROUT/public/rules.md"

# ---- 3b. the site's navigation ----------------------------------------------------------------
# Up to 16 documents every page lists them all; beyond, a document page lists its
# neighbours only (前：/次：), so that no page grows with the number of documents.

# nav_policy DIR N: a policy of N documents, the first public, the rest internal and listed.
nav_policy() {
	mkdir -p "$1"
	{
		printf '@policy nav-test 試験町ポリシー\n  organization = 試験町\n  issued = 2025-04-01\n\n'
		_i=1
		while [ "$_i" -le "$2" ]; do
			_how="internal, listed, tier=standards"
			[ "$_i" = 1 ] && _how="public, tier=basic"
			printf '@document d%s 文書%s [%s]\n\n@chapter c1 総則\n\n@article a1 目的\n\n@rule r1 規則1 [must]\n職員は、規則1を守る。\n\n' "$_i" "$_i" "$_how"
			_i=$((_i + 1))
		done
	} >"$1/policy.pol"
}
# nav_links PAGE: the hrefs of the page's navigation, one a line.
nav_links() {
	sed -n '/<nav class="site-nav"/,/<\/nav>/p' "$1" | sed -n 's/.*<a href="\([^"]*\)".*/\1/p'
}
nav_policy "$T/nav16/src" 16
nav_policy "$T/nav17/src" 17
expect_build "nav: a policy of 16 documents" 0 "$T/nav16/src" -o "$T/nav16/out"
expect_build "nav: a policy of 17 documents" 0 "$T/nav17/src" -o "$T/nav17/out"
check "nav: 16 documents: every page lists all 16" every_page "$T/nav16/out/internal" sh -c \
	'grep -q "<body class=\"print" "$1" || test "$(sed -n "/<nav class=\"site-nav\"/,/<\/nav>/p" "$1" | grep -c "href=\"d[0-9]*\.html\"")" = 16' -
nav_links "$T/nav17/out/internal/d5.html" >"$T/nav17.d5"
check "nav: 17 documents: a document page links its neighbours, then the fixed pages" sh -c \
	'test "$(tr "\n" " " <"$1")" = "index.html d4.html d6.html glossary.html traceability.html print.html "' - "$T/nav17.d5"
check "nav: ... marked 前： and 次： with rel" sh -c \
	'grep -q "<a href=\"d4.html\" rel=\"prev\">前：文書4</a>" "$1" && grep -q "<a href=\"d6.html\" rel=\"next\">次：文書6</a>" "$1"' - "$T/nav17/out/internal/d5.html"
check "nav: the first document has no 前, the last no 次" sh -c \
	'! grep -q "rel=\"prev\"" "$1" && grep -q "rel=\"next\"" "$1" && ! grep -q "rel=\"next\"" "$2" && grep -q "rel=\"prev\"" "$2"' - \
	"$T/nav17/out/internal/d1.html" "$T/nav17/out/internal/d17.html"
check "nav: pages that are no document list none" sh -c \
	'test -f "$1" && test -f "$2" && ! sed -n "/<nav class=\"site-nav\"/,/<\/nav>/p" "$1" "$2" | grep -q "href=\"d[0-9]*\.html\""' - \
	"$T/nav17/out/internal/index.html" "$T/nav17/out/internal/glossary.html"
check "nav: the index still links every document" sh -c \
	'_n=1; while [ $_n -le 17 ]; do grep -q "href=\"d$_n.html\"" "$1" || exit 1; _n=$((_n + 1)); done' - "$T/nav17/out/internal/index.html"
# In the public edition the neighbours of a withheld stub are stubs: withheld-N, never an id.
nav_links "$T/nav17/out/public/withheld-3.html" >"$T/nav17.w3"
check "nav: public: a stub's neighbours are the stubs beside it" sh -c \
	'test "$(tr "\n" " " <"$1")" = "index.html withheld-2.html withheld-4.html glossary.html print.html "' - "$T/nav17.w3"
check "nav: public: no internal document's id in any file" sh -c 'test -f "$1/index.html" && ! grep -rqE "d(1[0-7]|[2-9])\.html" "$1"' - "$T/nav17/out/public"

# ---- 4. determinism ---------------------------------------------------------------------------

expect_build "canary built again" 0 "$CSRC" -o "$T/canary/again" --audience contractor
check "canary: two builds are byte-identical (diff -r)" diff -r "$COUT" "$T/canary/again"
expect_build "seed built again" 0 "$SRC" -o "$T/seed/again"
check "seed: two builds are byte-identical (diff -r)" diff -r "$OUT" "$T/seed/again"

# ---- 5. atomicity ---------------------------------------------------------------------------

A=$T/atom
mkdir -p "$A"
expect_build "atomicity: a good build" 0 "$CSRC" -o "$A/out" --audience contractor
cp -R "$A/out" "$A/before"
BAD=$(copy "$CSRC" broken)
printf '\n@bogus directive\n' >>"$BAD/public.pol"
expect_build "atomicity: a policy with errors exits 1" 1 "$BAD" -o "$A/out"
check "atomicity: ... and leaves the previous output byte-identical" diff -r "$A/before" "$A/out"
check "atomicity: ... and no temporary folder" no_temp "$A/out"
expect_build "atomicity: an unknown --audience role exits 2" 2 "$CSRC" -o "$A/out" --audience nobody
check "atomicity: ... and leaves the output as it was" diff -r "$A/before" "$A/out"
grep -q "unknown role 'nobody'" "$T/build.err" && ok "atomicity: ... with a message" || not_ok "atomicity: ... with a message"
expect_build "an unknown --edition exits 2" 2 "$CSRC" -o "$A/out" --edition everything
mkdir -p "$A/badtpl"
printf '{{#trace}}never closed\n' >"$A/badtpl/traceability.html.mustache"
expect_build "atomicity: a broken template (of the second edition) exits 2" 2 "$CSRC" -o "$A/out" --templates "$A/badtpl"
check "atomicity: ... and leaves every edition as it was" diff -r "$A/before" "$A/out"
check "atomicity: ... and no temporary folder" no_temp "$A/out"
expect_build "atomicity: a missing source exits 2" 2 "$T/no-such-folder" -o "$A/out"
check "atomicity: ... and leaves the output as it was" diff -r "$A/before" "$A/out"
# A good build replaces an edition whole: files of the old one do not survive.
echo stale >"$A/out/public/stale.txt"
GOOD2=$(copy "$CSRC" good2)
printf '\n@article added 追加された条\n追加された本文。\n' >>"$GOOD2/public.pol"
expect_build "atomicity: a good build over the old output" 0 "$GOOD2" -o "$A/out" --edition public
check "atomicity: ... replaces the edition whole (new text in, stale file gone)" sh -c 'grep -q "追加された本文。" "$1/public/basic.html" && ! test -e "$1/public/stale.txt"' - "$A/out"
check "atomicity: ... and the output holds exactly this build's editions (no internal, no audience)" \
	sh -c 'test -d "$1/public" && ! test -e "$1/internal" && ! test -L "$1/internal" && ! ls "$1" | grep -q audience-' - "$A/out"
check "atomicity: ... and no temporary folder" no_temp "$A/out"

# ---- 5b. the output folder: one switch, a lock, no leftovers (lib/outdir.h) ------------------

O=$T/outdir
mkdir -p "$O"
echo "committed to the repository" >"$O/README.md"
expect_build "outdir: a build with --audience" 0 "$CSRC" -o "$O" --audience contractor
check "outdir: editions under OUT/public, OUT/internal, OUT/audience-contractor" \
	sh -c 'test -f "$1/public/index.html" && test -f "$1/internal/index.html" && test -f "$1/audience-contractor/index.html"' - "$O"
expect_build "outdir: a build without --audience" 0 "$CSRC" -o "$O"
check "outdir: ... leaves no stale audience edition" sh -c '! test -e "$1/audience-contractor" && ! test -L "$1/audience-contractor"' - "$O"
check "outdir: ... and a README that polc did not make survives" grep -q committed "$O/README.md"
check "outdir: ... and no temporary folder" no_temp "$O"
# Leftovers of an earlier polc (.tmp-NAME-XXXXXX, .old-NAME-XXXXXX) and of a killed build.
mkdir -p "$O/.tmp-internal-Ab12Cd" "$O/.old-public-xY9zQw" "$O/.polc/link-public"
cur=$(readlink "$O/.polc/current")
other=set-a
[ "$cur" = set-a ] && other=set-b
mkdir -p "$O/.polc/$other/internal"
expect_build "outdir: a build over leftovers" 0 "$CSRC" -o "$O"
check "outdir: ... removes them all" no_temp "$O"
# An earlier polc wrote editions as plain folders: they are replaced; a folder polc did
# not make is never touched.
L=$T/legacy
mkdir -p "$L/public" "$L/audience-x"
: >"$L/public/bundle.json"
: >"$L/audience-x/bundle.json"
expect_build "outdir: a build over an earlier polc's editions" 0 "$CSRC" -o "$L"
check "outdir: ... replaces them" sh -c 'test -L "$1/public" && test -f "$1/public/index.html" && ! test -e "$1/audience-x"' - "$L"
mkdir -p "$T/mine/internal"
: >"$T/mine/internal/my-notes.txt"
expect_build "outdir: OUT/internal made by someone else: exit 2" 2 "$CSRC" -o "$T/mine"
check "outdir: ... and it is left alone" test -f "$T/mine/internal/my-notes.txt"

# Two builds at once into one OUT: the lock serialises them; both succeed.
K=$T/conc
rc1=0 rc2=0
$POLC build "$CSRC" -o "$K" --audience contractor >"$T/c1.out" 2>"$T/c1.err" &
p1=$!
$POLC build "$CSRC" -o "$K" >"$T/c2.out" 2>"$T/c2.err" &
p2=$!
wait $p1 || rc1=$?
wait $p2 || rc2=$?
check "outdir: two concurrent builds both succeed" test "$rc1" = 0 -a "$rc2" = 0
check "outdir: ... and leave one consistent output" sh -c 'test -f "$1/public/index.html" && test -f "$1/internal/index.html"' - "$K"
check "outdir: ... and no temporary folder" no_temp "$K"

# kill -9 at random moments: OUT always holds one whole set of editions — public and
# internal both there, from one build — and the next build leaves nothing behind.
KO=$T/kill
expect_build "outdir: a first build (internal marked)" 0 "$CSRC" -o "$KO"
BIG=$(copy "$CSRC" kill-src)
printf '\n@article killed-new 新しい条\nKILL-MARK-NEW の本文。\n' >>"$BIG/public.pol"
broken=0
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	# Builds alternate between two policies, so that a mix of two builds shows.
	ksrc=$CSRC
	[ $((i % 2)) = 1 ] && ksrc=$BIG
	$POLC build "$ksrc" -o "$KO" >/dev/null 2>&1 &
	pid=$!
	# 0 to 0.12 s: before, during and after rendering and the switch (a build of the
	# canary policy takes about 0.1 s).
	sleep "0.$(awk -v s="$i" 'BEGIN { srand(s); printf "%03d", int(rand() * 120) }')"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	# Invariants: both editions resolve; both come from the same build.
	if ! test -f "$KO/public/index.html" || ! test -f "$KO/internal/index.html"; then
		broken=$((broken + 1))
		echo "    kill $i: an edition is missing"
	else
		np=$(grep -c KILL-MARK-NEW "$KO/public/basic.html" 2>/dev/null || true)
		ni=$(grep -c KILL-MARK-NEW "$KO/internal/basic.html" 2>/dev/null || true)
		if [ "$np" != "$ni" ]; then
			broken=$((broken + 1))
			echo "    kill $i: public and internal come from different builds"
		fi
	fi
done
check "outdir: 20 kill -9 at random moments never leave a partial or mixed output" test "$broken" = 0
expect_build "outdir: the build after the kills" 0 "$BIG" -o "$KO"
check "outdir: ... leaves no temporary folder" no_temp "$KO"
check "outdir: ... and the new editions are in place" sh -c 'grep -q KILL-MARK-NEW "$1/public/basic.html" && grep -q KILL-MARK-NEW "$1/internal/basic.html"' - "$KO"

# ---- the spare set: files keep their inodes build after build, nothing stale stays -----

SP="$T/spare-out"
expect_build "spare: first build" 0 "$CSRC" -o "$SP" --audience contractor
expect_build "spare: second build" 0 "$CSRC" -o "$SP"
check "spare: the set before is kept as .polc/spare" test -f "$SP/.polc/spare/internal/index.html"
# A mark a new file would not have (its mode): the page is the spare's file, rewritten.
chmod 600 "$SP/.polc/spare/internal/index.html"
expect_build "spare: third build" 0 "$CSRC" -o "$SP"
check "spare: a page takes the place of the spare's file of the same name" sh -c \
	'test "$(stat -c %a "$1")" = 600 && grep -q "</html>" "$1"' - "$SP/internal/index.html"
check "spare: an edition the build did not make is gone (no audience link, none in the set)" sh -c \
	'test ! -e "$1/audience-contractor" && test ! -e "$1/.polc/current/audience-contractor"' - "$SP"
expect_build "spare: a build into a fresh folder" 0 "$CSRC" -o "$T/spare-fresh"
check "spare: ... gives the same output" sh -c \
	'diff -r "$1/public/" "$2/public/" >/dev/null && diff -r "$1/internal/" "$2/internal/" >/dev/null' - "$SP" "$T/spare-fresh"
check "spare: no temporary folder" no_temp "$SP"
# A link planted in the spare is never written through, nor taken.
mkdir -p "$T/victim" "$SP/.polc/spare/public"
printf 'VICTIM\n' >"$T/victim/file"
rm -f "$SP/.polc/spare/public/index.html"
ln -s "$T/victim/file" "$SP/.polc/spare/public/index.html"
expect_build "spare: a build with a link in the spare" 0 "$CSRC" -o "$SP"
check "spare: the link's target is untouched" sh -c 'test "$(cat "$1")" = VICTIM' - "$T/victim/file"
check "spare: the page is a file of its own" sh -c 'test -f "$1" && test ! -L "$1" && grep -q "</html>" "$1"' - "$SP/public/index.html"

# Pages and bundles are written over the spare's files, not truncated first
# (pol_open_over): where the new text is shorter, the file ends where it does.
nav_policy "$T/shrink/src" 17
expect_build "spare: a policy of 17 documents" 0 "$T/shrink/src" -o "$T/shrink/out"
expect_build "spare: ... built again" 0 "$T/shrink/src" -o "$T/shrink/out"
rm -f "$T/shrink/src/policy.pol"
nav_policy "$T/shrink/src" 8
expect_build "spare: the same with 8 documents, over the files of 17" 0 "$T/shrink/src" -o "$T/shrink/out"
expect_build "spare: ... and into a fresh folder" 0 "$T/shrink/src" -o "$T/shrink/fresh"
check "spare: ... the index and bundle are shorter than the spare's" sh -c \
	'test "$(wc -c <"$1/internal/bundle.json")" -lt "$(wc -c <"$1/.polc/spare/internal/bundle.json")" &&
	 test "$(wc -c <"$1/internal/index.html")" -lt "$(wc -c <"$1/.polc/spare/internal/index.html")"' - "$T/shrink/out"
check "spare: ... and both outputs are the same, byte for byte" sh -c \
	'diff -r "$1/public/" "$2/public/" >/dev/null && diff -r "$1/internal/" "$2/internal/" >/dev/null' - "$T/shrink/out" "$T/shrink/fresh"

# ---- 6. --templates -------------------------------------------------------------------------

mkdir -p "$T/tpl"
printf '<footer class="colophon">CUSTOM-FOOTER {{policy.title}} {{rev.describe}}</footer></body></html>\n' >"$T/tpl/foot.html.mustache"
expect_build "--templates DIR" 0 "$CSRC" -o "$T/tplout" --edition public --templates "$T/tpl"
check "--templates: the file of the same name replaces the default on every page" every_page "$T/tplout/public" sh -c 'grep -q "CUSTOM-FOOTER カナリア試験ポリシー 版管理外" "$1" || grep -q "<body class=\"print" "$1"' -
expect_build "--templates with a missing folder exits 2" 2 "$CSRC" -o "$T/tplout2" --templates "$T/no-such-folder"
check "--templates: nothing written on failure" test ! -e "$T/tplout2"
rc=0
$POLC build --help >"$T/help" 2>&1 || rc=$?
check "build --help exits 0 and names the options" sh -c 'test "$1" = 0 && grep -q -- "--templates" "$2" && grep -q -- "--audience" "$2"' - "$rc" "$T/help"

if [ "$failures" -gt 0 ]; then
	echo "$failures failed"
	exit 1
fi
echo "all passed"
