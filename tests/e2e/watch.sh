#!/bin/sh
# watch.sh — `polc watch`: a build at start, another after each change (inotify).
#
# On a copy of policy-src: a change to a file is in the editions within seconds; a
# mistake gives a failed build with its diagnostics and leaves the output exactly as
# it was; fixing it builds again; a folder made later is watched too; the files are
# those of a plain `polc build` (nothing added to them); an output folder inside the
# source causes no endless rebuilding; SIGTERM stops it with exit 0.
#
# Run from the repository root with POLC (a command, maybe with a valgrind prefix) and
# BUILD, as tests/run.sh does. Prints ok / not ok lines.
set -u

POLC=${POLC:-build/polc}
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-watch.XXXXXX")
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
. tests/lib.sh
finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures failed"
		exit 1
	fi
	echo "all passed"
	exit 0
}
# wait_for SECONDS COMMAND...: until COMMAND succeeds; fails after SECONDS.
wait_for() {
	_n=$(($1 * 10))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}
count() { grep -c "$1" "$2" 2>/dev/null || true; }

cp -R policy-src "$T/src"
$POLC watch "$T/src" -o "$T/out" >"$T/watch.out" 2>"$T/watch.err" &
pid=$!
check "the first build" wait_for 60 grep -q "^polc: built $T/out/public, $T/out/internal$" "$T/watch.out"
check "it says what it watches" grep -q "^polc: watching $T/src (Ctrl-C stops)$" "$T/watch.err"

# A change: its text reaches the internal edition.
printf '\nWATCH-MARK-1 を追記した。\n' >>"$T/src/standards.pol"
check "a change is built" wait_for 30 grep -q "WATCH-MARK-1" "$T/out/internal/standards.html"
check "two builds so far" wait_for 30 sh -c 'test "$(grep -c "^polc: built" "$1")" = 2' - "$T/watch.out"

# A mistake: the build fails, says why, and the output stays as it was.
(cd "$T/out" && find -L public internal -type f | sort | xargs md5sum) >"$T/before.md5"
sed -i 's/^@article org /@artcle org /' "$T/src/standards.pol"
check "a mistake fails the build" wait_for 30 grep -q "the build failed; $T/out keeps the last good output" "$T/watch.err"
check "with its diagnostic and suggestion" \
	grep -q "standards.pol:15:1: error: unknown directive '@artcle'; did you mean '@article'?" "$T/watch.err"
check "one error for it" grep -q "^1 error, 1 warning$" "$T/watch.err"
(cd "$T/out" && find -L public internal -type f | sort | xargs md5sum) >"$T/after.md5"
check "the last good output is kept, byte for byte" cmp -s "$T/before.md5" "$T/after.md5"

# Fixed: built again.
sed -i 's/^@artcle org /@article org /' "$T/src/standards.pol"
check "the fix is built" wait_for 30 sh -c 'test "$(grep -c "^polc: built" "$1")" = 3' - "$T/watch.out"

# A folder made now, with a file included from it.
mkdir "$T/src/extra"
printf '@document extra 追加文書 [internal]\n@chapter x 追加\n@article y 追加条\nWATCH-MARK-2 の本文。\n' >"$T/src/extra/extra.pol"
printf '@include extra/extra.pol\n' >>"$T/src/policy.pol"
check "a new folder's file is built" wait_for 30 grep -rq "WATCH-MARK-2" "$T/out/internal/"
sleep 0.5
printf '@document extra 追加文書 [internal]\n@chapter x 追加\n@article y 追加条\nWATCH-MARK-3 の本文。\n' >"$T/src/extra/extra.pol"
check "a change inside the new folder is built" wait_for 30 grep -rq "WATCH-MARK-3" "$T/out/internal/"

# The files are what polc build makes of the same source: nothing added by watch.
sleep 0.5
$POLC build "$T/src" -o "$T/plain" >/dev/null 2>&1
check "the editions equal a plain build's" diff -r "$T/out/public/" "$T/plain/public/"
check "(internal too)" diff -r "$T/out/internal/" "$T/plain/internal/"

kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
pid=""
check "SIGTERM stops it, exit 0" test "$rc" = 0

# The output inside the source: its own builds do not start more.
cp -R policy-src "$T/src2"
$POLC watch "$T/src2" -o "$T/src2/out" >"$T/w2.out" 2>"$T/w2.err" &
pid=$!
wait_for 60 grep -q "^polc: built" "$T/w2.out"
sleep 2
check "an output folder inside the source is not watched (one build)" test "$(count '^polc: built' "$T/w2.out")" = 1
kill -TERM "$pid"
wait "$pid"
pid=""

rc=0
$POLC watch "$T/nowhere" >/dev/null 2>"$T/nw.err" || rc=$?
check "a missing SRC: exit 2" sh -c 'test "$1" = 2 && grep -q "is not a folder" "$2"' - "$rc" "$T/nw.err"
finish
