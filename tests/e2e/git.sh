#!/bin/sh
# git.sh — revisions from git: 改定履歴, --rev builds, stamps, the 新旧対照表, errors.
#
# Builds the fixture repository with $BUILD/mkfixture (libgit2 only; see
# tests/fixture/mkfixture.c) in a mktemp folder, then checks polc against it. The git
# CLI is used only to verify (a checkout to compare with, status and index before and
# after) and to damage a copy of the repository. Goldens: tests/golden/diff/; with
# UPDATE_GOLDEN=1 they are rewritten from polc's output (review the diff).
#
#   POLC=build/polc BUILD=build sh tests/e2e/git.sh     (from the repository root)
set -u

ROOT=$(pwd)
POLC=${POLC:-build/polc}
BUILD=${BUILD:-build}
UPDATE_GOLDEN=${UPDATE_GOLDEN:-0}
GOLDEN=$ROOT/tests/golden/diff
CANARY=CANARY-7F3A

T=$(mktemp -d "${TMPDIR:-/tmp}/polc-git.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

. tests/lib.sh
# polc OUT ERR ARGS...: runs polc, prints its exit code.
polc() {
	_o=$1 _e=$2
	shift 2
	_rc=0
	# A time limit: a hang (libgit2 1.5 loops on some corrupt objects) is a failure.
	timeout 300 $POLC "$@" >"$_o" 2>"$_e" || _rc=$?
	# 99: valgrind found an error (make leakcheck); 124: the time limit.
	if [ "$_rc" = 99 ] || [ "$_rc" = 124 ]; then
		not_ok "polc $* (exit $_rc)" >&2
		sed 's/^/    /' "$_e" | head -n 20 >&2
		echo 1 >>"$T/memcheck"
	fi
	echo "$_rc"
}
# golden NAME EXPECTED ACTUAL: compares (or, with UPDATE_GOLDEN=1, rewrites) a golden file.
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
# one_line_error NAME WANT-RC PATTERN ARGS...: polc fails with WANT-RC and one stderr line
# matching PATTERN.
one_line_error() {
	_n=$1 _want=$2 _pat=$3
	shift 3
	_rc=$(polc "$T/err.out" "$T/err.err" "$@")
	if [ "$_rc" = "$_want" ] && [ "$(wc -l <"$T/err.err")" -eq 1 ] && grep -q "$_pat" "$T/err.err"; then
		ok "$_n"
	else
		not_ok "$_n (exit $_rc)"
		sed 's/^/    /' "$T/err.err" | head -n 5
	fi
}
no_canary() {
	! grep -rq "$CANARY" "$@"
}

# ---- the fixture ------------------------------------------------------------------------

if [ ! -x "$BUILD/mkfixture" ]; then
	make --no-print-directory BUILD="$BUILD" "$BUILD/mkfixture" >/dev/null || {
		not_ok "build mkfixture"
		exit 1
	}
fi
FX=$T/repo
SRC=$FX/policy-src
if ! "$BUILD/mkfixture" "$FX"; then
	not_ok "mkfixture"
	exit 1
fi
ok "mkfixture builds the fixture repository"
check "fixture passes git fsck" git -C "$FX" fsck --no-progress --no-dangling
check "fixture work tree is clean" test -z "$(git -C "$FX" --no-optional-locks status --porcelain)"
check "fixture policy checks cleanly" test "$(polc "$T/o" "$T/e" check "$SRC")" = 0 -a ! -s "$T/e"

# A copy of the policy outside any repository.
cp -R "$SRC" "$T/norepo"

# A checkout of edition/2026-04 to compare --rev builds with (made before the snapshot
# of the main work tree below; it does not touch that work tree or its index).
git -C "$FX" worktree add -q --detach "$T/wt" edition/2026-04 2>/dev/null || not_ok "git worktree add"

# Snapshot of the work tree and index: nothing below may change them.
snapshot() {
	git -C "$FX" --no-optional-locks status --porcelain --untracked-files=all >"$1.status"
	cksum <"$FX/.git/index" >"$1.index"
	git -C "$FX" rev-parse HEAD >"$1.head"
}
snapshot "$T/before"

# ---- 改定履歴 -----------------------------------------------------------------------------

rc=$(polc "$T/history.txt" "$T/e" history "$SRC")
check "history exits 0" test "$rc" = 0
golden "history text (internal)" "$GOLDEN/history-internal.txt" "$T/history.txt"
rc=$(polc "$T/history-public.txt" "$T/e" history "$SRC" --edition public)
golden "history text (public)" "$GOLDEN/history-public.txt" "$T/history-public.txt"
rc=$(polc "$T/history.json" "$T/e" history "$SRC" --format json)
check "history json is valid JSON" python3 -m json.tool "$T/history.json" /dev/null
golden "history json (internal)" "$GOLDEN/history-internal.json" "$T/history.json"
rc=$(polc "$T/history-public.json" "$T/e" history "$SRC" --format json --edition public)
golden "history json (public)" "$GOLDEN/history-public.json" "$T/history-public.json"
check "history: the unmerged edition/2026-07 is not listed" sh -c '! grep -q "2026-07" "$1"' - "$T/history.txt"
check "history: edition/2026-13 (no such month) is ignored" sh -c '! grep -q "2026-13" "$1"' - "$T/history.txt"
check "history: three editions, oldest first" \
	test "$(grep -o 'edition/2026-[0-9]*' "$T/history.txt" | tr '\n' ' ')" = "edition/2026-01 edition/2026-04 edition/2026-10 "
rc=$(polc "$T/history-rev.txt" "$T/e" history "$SRC" --rev edition/2026-04)
check "history --rev edition/2026-04 stops at that edition" \
	test "$(grep -o 'edition/2026-[0-9]*' "$T/history-rev.txt" | tr '\n' ' ')" = "edition/2026-01 edition/2026-04 "
rc=$(polc "$T/history-draft.txt" "$T/e" history "$SRC" --rev draft)
check "history --rev draft includes the draft's edition" grep -q "edition/2026-07" "$T/history-draft.txt"
check "public history has no internal summary (canary)" no_canary "$T/history-public.txt" "$T/history-public.json"
check "public history has no commit id" sh -c '! grep -Eq "[0-9a-f]{7}" "$1" "$2"' - "$T/history-public.txt" "$T/history-public.json"
check "internal history has the internal summaries" grep -q "$CANARY" "$T/history.txt"

# ---- 新旧対照表 ---------------------------------------------------------------------------

for pair in "2026-01 2026-04" "2026-04 2026-10"; do
	set -- $pair
	name=$1_$2
	out=$T/diff-$name
	rc=$(polc "$T/diff.out" "$T/diff.err" diff "edition/$1" "edition/$2" "$SRC" -o "$out")
	check "diff edition/$1 edition/$2 exits 0" test "$rc" = 0 -a ! -s "$T/diff.err"
	golden "diff $name: diff.html" "$GOLDEN/$name/diff.html" "$out/diff.html"
	golden "diff $name: changes.json" "$GOLDEN/$name/changes.json" "$out/changes.json"
	check "diff $name: changes.json is valid JSON" python3 -m json.tool "$out/changes.json" /dev/null
	rc=$(polc "$T/diff.out" "$T/diff.err" diff "edition/$1" "edition/$2" "$SRC" -o "$out-again")
	check "diff $name: the same output twice" diff -r "$out" "$out-again"
done
D1=$T/diff-2026-01_2026-04
D2=$T/diff-2026-04_2026-10
check "diff 01→04 marks the new article (新設)" grep -q '（新設）' "$D1/diff.html"
check "diff 01→04 lists basic.classification as added" \
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [e["key"] for e in d["added"]] == ["basic.classification"]' "$D1/changes.json"
check "diff 01→04 shows the renumbering (4. → 5.)" grep -q '番号変更 4\. → 5\.' "$D1/diff.html"
check "diff 01→04 renumbered: duty, measures, review" \
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [(e["key"],e["old_number"],e["new_number"]) for e in d["renumbered"]] == [("basic.duty","4.","5."),("basic.measures","5.","6."),("basic.review","6.","7.")]' "$D1/changes.json"
check "diff 01→04: a renumbered article is not a text change" \
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "basic.duty" not in [e["key"] for e in d["modified"]]' "$D1/changes.json"
check "diff 01→04 underlines the changed characters" grep -q '町長部局<u class="chg">、</u>教育委員会<u class="chg">及び議会事務局</u>とする' "$D1/diff.html"
check "diff 01→04 folds unchanged rows (（略）)" grep -q '<tr class="fold">' "$D1/diff.html"
check "diff 04→10 marks the removed rule (削る)" grep -q '（削る）' "$D2/diff.html"
check "diff 04→10 lists the removed and moved rules" \
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [e["key"] for e in d["removed"]] == ["standards.phy-cable"]; m=d["moved"]; assert [(e["key"],e["old_parent"],e["new_parent"]) for e in m] == [("standards.password","standards.human","standards.technical")]' "$D2/changes.json"
check "diff 04→10 shows the move" grep -q '移動 第2章2(2) → 第2章3(2)' "$D2/diff.html"

for pair in "2026-01 2026-04" "2026-04 2026-10" "2026-01 2026-10"; do
	set -- $pair
	out=$T/public-$1_$2
	rc=$(polc "$T/diff.out" "$T/diff.err" diff "edition/$1" "edition/$2" "$SRC" -o "$out" --edition public)
	check "public diff $1→$2 exits 0" test "$rc" = 0
	check "public diff $1→$2 has no canary" no_canary "$out" "$T/diff.out"
	check "public diff $1→$2 names no internal node" sh -c '! grep -q "standards" "$1"/* "$2"' - "$out" "$T/diff.out"
done
check "public diff 04→10 counts nothing internal" \
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(d[k] == [] for k in ("added","removed","modified","renumbered","moved"))' "$T/public-2026-04_2026-10/changes.json"
check "public diff 01→04 still shows the public changes" grep -q '（新設）' "$T/public-2026-01_2026-04/diff.html"
check "internal diff 01→04 shows the internal change" grep -q 'standards.phy-room' "$D1/changes.json"

# --normalize-width: a full-width/half-width-only change is no change.
rc=$(polc "$T/diff.out" "$T/diff.err" diff edition/2026-01 edition/2026-01 "$SRC" -o "$T/same" --normalize-width)
check "diff of a revision with itself is empty" grep -q '改正前と改正後に違いはありません' "$T/same/diff.html"

# ---- --rev builds -----------------------------------------------------------------------

rc=$(polc "$T/dump-rev" "$T/e" dump "$SRC" --rev edition/2026-04)
rc2=$(polc "$T/dump-wt" "$T/e2" dump "$T/wt/policy-src")
check "dump --rev edition/2026-04 = dump of a checkout" test "$rc" = 0 -a "$rc2" = 0
check "dump --rev edition/2026-04 = dump of a checkout (content)" cmp -s "$T/dump-rev" "$T/dump-wt"
rc=$(polc "$T/bundle-rev" "$T/e" bundle "$SRC" --rev edition/2026-04)
rc2=$(polc "$T/bundle-wt" "$T/e2" bundle "$T/wt/policy-src")
# No skip: when a bundle or build fails, the comparisons and leak checks fail with it.
check "bundle --rev edition/2026-04 and of a checkout exit 0" test "$rc" = 0 -a "$rc2" = 0
check "bundle --rev edition/2026-04 = bundle of a checkout" cmp -s "$T/bundle-rev" "$T/bundle-wt"
check "bundle --rev stamps the commit" grep -q "\"commit\": \"$(git -C "$FX" rev-parse edition/2026-04^{commit})\"" "$T/bundle-rev"
check "bundle --rev is not 未確定" grep -q '"dirty": false' "$T/bundle-rev"
rc=$(polc "$T/o" "$T/e" build "$SRC" --rev edition/2026-04 -o "$T/build-rev")
rc2=$(polc "$T/o" "$T/e" build "$T/wt/policy-src" -o "$T/build-wt")
check "build --rev edition/2026-04 and of a checkout exit 0" test "$rc" = 0 -a "$rc2" = 0
check "build --rev: the public edition exists" test -f "$T/build-rev/public/index.html"
check "build --rev edition/2026-04 = build of a checkout (diff -r)" diff -r "$T/build-rev" "$T/build-wt"
check "build --rev: the public edition has no canary" no_canary "$T/build-rev/public"
check "build --rev: the internal edition has the canary (the test can fail)" grep -rq "$CANARY" "$T/build-rev/internal"
check "build --rev: the 改定履歴 stops at edition/2026-04" sh -c 'grep -q "令和8年4月版" "$1" && ! grep -q "令和8年10月版" "$1"' - "$T/build-rev/internal/index.html"
rc=$(polc "$T/o" "$T/e" dump "$SRC" --rev edition/2026-01)
check "dump --rev of an older revision works" test "$rc" = 0
rc=$(polc "$T/o" "$T/e" check "$FX/policy-src/../policy-src" --rev HEAD~1)
check "check --rev with a relative revision" test "$rc" = 0

snapshot "$T/after"
check "work tree unchanged by --rev, history and diff" cmp -s "$T/before.status" "$T/after.status"
check "index unchanged by --rev, history and diff" cmp -s "$T/before.index" "$T/after.index"
check "HEAD unchanged" cmp -s "$T/before.head" "$T/after.head"

# ---- stamps -----------------------------------------------------------------------------

rc=$(polc "$T/b1" "$T/e" bundle "$SRC" --rev edition/2026-04)
rc2=$(polc "$T/b2" "$T/e" bundle "$SRC" --rev "$(git -C "$FX" rev-parse edition/2026-04^{commit})")
check "stamps: bundle --rev by name and by id exit 0" test "$rc" = 0 -a "$rc2" = 0 -a -s "$T/b1"
check "the same revision gives the same stamp" cmp -s "$T/b1" "$T/b2"
printf '\n# 未確定の変更\n' >>"$SRC/basic.pol"
rc=$(polc "$T/b3" "$T/e" bundle "$SRC")
check "work tree with uncommitted changes is 未確定 (dirty)" sh -c '[ "$1" = 0 ] && grep -q "\"dirty\": true" "$2"' - "$rc" "$T/b3"
git -C "$FX" checkout -q -- policy-src
rc=$(polc "$T/b4" "$T/e" bundle "$SRC")
check "clean work tree is not 未確定" sh -c '[ "$1" = 0 ] && grep -q "\"dirty\": false" "$2"' - "$rc" "$T/b4"
rc=$(polc "$T/b5" "$T/e" bundle "$T/norepo")
check "outside a repository the stamp says so" sh -c '[ "$1" = 0 ] && grep -q "\"in_repo\": false" "$2"' - "$rc" "$T/b5"

# ---- errors: one line, exit 2 -----------------------------------------------------------

one_line_error "unknown revision" 2 "unknown revision 'no-such-rev'" dump "$SRC" --rev no-such-rev
one_line_error "revision that is not a commit" 2 "not a commit" dump "$SRC" --rev "HEAD^{tree}"
one_line_error "path not in a repository (--rev)" 2 "not in a git repository" dump "$T/norepo" --rev HEAD
one_line_error "SRC not in the revision" 2 "does not exist in revision" dump "$FX/no-such-dir" --rev HEAD
one_line_error "history outside a repository" 2 "not in a git repository" history "$T/norepo"
one_line_error "history: unknown revision" 2 "unknown revision" history "$SRC" --rev no-such-rev
one_line_error "diff: unknown revision" 2 "unknown revision 'no-such-rev'" diff no-such-rev HEAD "$SRC" -o "$T/x"
one_line_error "diff: bad --edition" 2 "edition" diff HEAD HEAD "$SRC" -o "$T/x" --edition audience

# A corrupt object: a copy of the repository with the blob of basic.pol at edition/2026-01
# truncated.
cp -R "$FX" "$T/corrupt"
blob=$(git -C "$T/corrupt" rev-parse edition/2026-01:policy-src/basic.pol)
obj=$T/corrupt/.git/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)
chmod u+w "$obj" && truncate -s 12 "$obj"
one_line_error "corrupt repository: truncated object" 2 "corrupt" dump "$T/corrupt/policy-src" --rev edition/2026-01
one_line_error "corrupt repository: diff" 2 "corrupt" diff edition/2026-01 edition/2026-04 "$T/corrupt/policy-src" -o "$T/x"
# A truncated commit (edition/2026-04's) and a truncated tree (edition/2026-01's policy-src/),
# met through a relative revision, the history walk and the tree walk.
cp -R "$FX" "$T/corrupt2"
for spec in "edition/2026-04^{commit}" "edition/2026-01:policy-src"; do
	id=$(git -C "$T/corrupt2" rev-parse "$spec")
	obj=$T/corrupt2/.git/objects/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-)
	chmod u+w "$obj" && truncate -s 20 "$obj"
done
one_line_error "corrupt repository: truncated commit (HEAD~2)" 2 "corrupt" dump "$T/corrupt2/policy-src" --rev HEAD~2
one_line_error "corrupt repository: truncated commit (history)" 2 "corrupt" history "$T/corrupt2/policy-src"
one_line_error "corrupt repository: truncated tree" 2 "corrupt" dump "$T/corrupt2/policy-src" --rev edition/2026-01
# A truncated HEAD.
cp -R "$FX" "$T/nohead"
: >"$T/nohead/.git/HEAD"
one_line_error "corrupt repository: empty HEAD" 2 "." dump "$T/nohead/policy-src" --rev HEAD
one_line_error "corrupt repository: history" 2 "." history "$T/nohead/policy-src"

# ---- a public diff of an internal-only change is empty ---------------------------------
#
# A copy whose internal 対策基準 is included before the public 基本方針, and whose public
# article has anonymous paragraphs; then one commit that only adds an internal chapter
# to 対策基準 and an internal paragraph before the public one.
cp -R "$FX" "$T/intonly"
IS=$T/intonly/policy-src
grep -v '^@include standards.pol$' "$IS/policy.pol" | sed 's|^@include basic.pol$|@include standards.pol\n@include basic.pol|' >"$IS/p.new" && mv "$IS/p.new" "$IS/policy.pol"
printf '\n@article paras 段落の条\n\n@paragraph\n公開の第一段落。\n' >>"$IS/basic.pol"
gitc() { git -C "$T/intonly" -c user.name=t -c user.email=t@example.invalid -c commit.gpgsign=false "$@"; }
gitc add -A && gitc commit -qm before
sed -i 's|^@paragraph$|@paragraph [internal]\n内部の段落（'"$CANARY"'）。\n\n@paragraph|' "$IS/basic.pol"
printf '\n@chapter added-chap 追加の章（%s）\n\n@article added-art 追加の条\n追加の本文（%s）。\n' "$CANARY" "$CANARY" >>"$IS/standards.pol"
gitc add -A && gitc commit -qm internal-only
rc=$(polc "$T/o" "$T/e" check "$IS")
check "internal-only change: the policy compiles" test "$rc" = 0
rc=$(polc "$T/io.out" "$T/io.err" diff HEAD~1 HEAD "$IS" -o "$T/io" --edition public)
check "internal-only change: public diff exits 0" test "$rc" = 0
check "internal-only change: the public diff counts nothing (no 番号変更, no added or removed row)" \
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(d[k] == [] for k in ("added","removed","modified","renumbered","moved")), d' "$T/io/changes.json"
check "internal-only change: ... says so" grep -q '改正前と改正後に違いはありません' "$T/io/diff.html"
check "internal-only change: ... no canary" no_canary "$T/io" "$T/io.out"
rc=$(polc "$T/io2.out" "$T/io2.err" diff HEAD~1 HEAD "$IS" -o "$T/io2")
check "internal-only change: the internal diff shows the new chapter and paragraph" \
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); k=[e["key"] for e in d["added"]]; assert "standards.added-chap" in k and any(x.startswith("basic.paras/") for x in k), k' "$T/io2/changes.json"

# ---- tag messages and tags polc cannot read as editions --------------------------------

rc=$(polc "$T/o" "$T/hist.err" history "$SRC")
check "history warns about edition/2026-13 (no such month)" grep -q "tag 'edition/2026-13' is not an edition" "$T/hist.err"
cp -R "$FX" "$T/variants"
check "mkfixture --variants adds the tag-message variants" "$BUILD/mkfixture" --variants "$T/variants"
rc=$(polc "$T/var-public.txt" "$T/var.err" history "$T/variants/policy-src" --edition public)
check "variants: history --edition public exits 0" test "$rc" = 0
check "variants: twelve variant editions listed" test "$(grep -c 'edition/2027-01-' "$T/var-public.txt")" = 12
check "variants: no internal part reaches the public 改定履歴 (canary)" no_canary "$T/var-public.txt"
check "variants: the parts marked public are public (11 of 12)" test "$(grep -c '版の概要' "$T/var-public.txt")" = 11
rc=$(polc "$T/var-public.json" "$T/e" history "$T/variants/policy-src" --edition public --format json)
check "variants: ... nor the public JSON (canary)" no_canary "$T/var-public.json"
rc=$(polc "$T/var-internal.txt" "$T/e" history "$T/variants/policy-src")
check "variants: the internal 改定履歴 has every internal part" test "$(grep -c "$CANARY" "$T/var-internal.txt")" -ge 12
check "variants: warnings for the unmarked message and the unknown header" \
	sh -c 'grep -q "edition/2027-01-09.*before any Public" "$1" && grep -q "edition/2027-01-10.*header other than" "$1"' - "$T/var.err"
check "variants: no terminal escape is printed raw (shown as \\x1b)" \
	sh -c '! grep -q "$(printf "\033")" "$1" && grep -qF "\\x1b[31m" "$1"' - "$T/var-public.txt"
check "variants: a bidi control is shown as <U+202E>" grep -qF '版の概要<U+202E>です' "$T/var-public.txt"
rc=$(polc "$T/o" "$T/e" build "$T/variants/policy-src" -o "$T/var-build" --edition public)
check "variants: the public edition's 改定履歴 has no canary" sh -c '[ "$1" = 0 ] && ! grep -rq "$2" "$3/public/"' - "$rc" "$CANARY" "$T/var-build"

# A damaged edition tag reference is not dropped silently.
cp -R "$FX" "$T/badref"
echo "this is not an object id" >"$T/badref/.git/refs/tags/edition/2026-05"
rc=$(polc "$T/o" "$T/badref.err" history "$T/badref/policy-src")
check "a garbage edition tag ref: history warns" sh -c '[ "$1" = 0 ] && grep -q "edition/2026-05.*cannot be read" "$2"' - "$rc" "$T/badref.err"

# ---- git faults -------------------------------------------------------------------------

# A loose object replaced by a FIFO: refused without blocking.
cp -R "$FX" "$T/fifo"
blob=$(git -C "$T/fifo" rev-parse edition/2026-01:policy-src/basic.pol)
obj=$T/fifo/.git/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)
rm -f "$obj" && mkfifo "$obj"
rc=0
timeout 20 $POLC diff edition/2026-01 edition/2026-04 "$T/fifo/policy-src" -o "$T/x" >"$T/o" 2>"$T/fifo.err" || rc=$?
check "a FIFO object: diff fails at once (exit 2, not a hang)" sh -c '[ "$1" = 2 ] && grep -q "not a regular file" "$2"' - "$rc" "$T/fifo.err"
rc=0
timeout 20 $POLC check "$T/fifo/policy-src" --rev edition/2026-01 >"$T/o" 2>"$T/fifo.err" || rc=$?
check "a FIFO object: check --rev fails at once (exit 2)" test "$rc" = 2

# A work-tree build over a repository that cannot be read says so.
rc=$(polc "$T/o" "$T/b6.err" build "$T/nohead/policy-src" -o "$T/b6" --edition public)
check "work tree in an unreadable repository: a warning" sh -c '[ "$1" = 0 ] && grep -q "cannot be read" "$2"' - "$rc" "$T/b6.err"
check "... and a truthful stamp (版不明, not コミット前)" sh -c 'grep -q "版不明" "$1" && ! grep -q "コミット前" "$1"' - "$T/b6/public/index.html"
cp -R "$FX" "$T/badhead"
id=$(git -C "$T/badhead" rev-parse HEAD)
obj=$T/badhead/.git/objects/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-)
chmod u+w "$obj" && truncate -s 20 "$obj"
rc=$(polc "$T/o" "$T/b7.err" build "$T/badhead/policy-src" -o "$T/b7" --edition public)
check "work tree over a damaged HEAD commit: a warning and 版不明" sh -c '[ "$1" = 0 ] && grep -q "cannot be read" "$2" && grep -q "版不明" "$3"' - "$rc" "$T/b7.err" "$T/b7/public/index.html"

# Symbolic links: the git source refuses them as the work tree does.
cp -R "$FX" "$T/links"
ln -s /etc/passwd "$T/links/policy-src/pw.pol"
printf '\n@include pw.pol\n' >>"$T/links/policy-src/policy.pol"
git -C "$T/links" add -A && git -C "$T/links" -c user.name=t -c user.email=t@example.invalid commit -qm links
rc=$(polc "$T/o" "$T/links-wt.err" check "$T/links/policy-src")
rc2=$(polc "$T/o" "$T/links-rev.err" check "$T/links/policy-src" --rev HEAD)
check "a symbolic link is refused in the work tree and at a revision, with one message" \
	sh -c '[ "$1" = 1 ] && [ "$2" = 1 ] && grep -q "symbolic link" "$3" && sed "s|@HEAD||" "$4" | cmp -s - "$3"' - "$rc" "$rc2" "$T/links-wt.err" "$T/links-rev.err"

[ -s "$T/memcheck" ] && failures=$((failures + $(wc -l <"$T/memcheck")))
if [ "$failures" -ne 0 ]; then
	echo "$failures failed"
	exit 1
fi
echo "all passed"
