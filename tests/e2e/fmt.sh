#!/bin/sh
# fmt.sh — `polc fmt`: the canonical layout (a reviewed example), idempotence, and
# meaning kept over the whole corpus.
#
#   1. layout: a file written every wrong way becomes exactly the expected text below;
#      formatting that again changes nothing;
#   2. meaning: every policy the tests hold (tests/bad/*/src, each tests/spec example,
#      canary/src, answers/src, golden/reiki/src, policy-src, a `polc init` skeleton)
#      is formatted in one run; each then gives the same `polc dump` as before (and the
#      same exit code from `polc check`), a second `polc fmt --check` finds nothing to
#      change, and a file that did not parse is byte for byte what it was; for the
#      canary, answers and reiki policies, policy-src and the skeleton, every file of
#      the public and internal editions is the same (but the bundle's source digest);
#   3. policy-src is kept formatted;
#   4. --check lists exactly the files that would change and touches nothing; a write
#      replaces a file by renaming (new inode, mode kept) and leaves unchanged files and
#      files that do not parse alone, reporting the latter in GCC form (exit 1);
#   5. CRLF and a byte order mark, standard input, symbolic links, usage errors.
#
# The dumps are the oracle and come from $BUILD/polc; polc fmt itself runs as $POLC.
set -u

POLC=${POLC:-build/polc}
BUILD=${BUILD:-build}
ORACLE="$BUILD/polc"
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-fmt.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

# ---- 1. the layout ---------------------------------------------------------------------

mkdir "$T/layout"
# Trailing blanks, tabs, odd spacing around '=' and ',', attributes out of order,
# blank lines doubled, missing or where a check belongs to its rule; a directive polc
# fmt has no rule for, with its lines; a fenced and an indented code block.
cat >"$T/layout/in.pol" <<'EOF'


# 見出しのコメント   


@policy t テスト
  organization=テスト組合      # 名前
	issued   =  2026-04
  numbering = guideline
@role staff 職員等 [public]
全職員をいう。
@document   d  文書   [tier=basic ,public,summary = 基本方針 ,]
@chapter ch 総則

@article purpose    目的     #  目的の条

本方針は、情報資産を守る。



二段落目。  
@rule r1 施錠 [counters=x, owner=staff, applies=staff  contractor, must]
サーバ室を施錠する。

@check [evidence="記録簿, 台帳", every=month]
施錠されているか。
@future   keep   [ this ,  as=is ]
  odd = line


text under it
@article code 例 []
```
  a


  b
```
    x


    y
# 最後のコメント

EOF
cat >"$T/layout/want.pol" <<'EOF'
# 見出しのコメント

@policy t テスト
  organization = テスト組合  # 名前
  issued = 2026-04
  numbering = guideline
@role staff 職員等 [public]
全職員をいう。

@document d 文書 [public, tier=basic, summary=基本方針]
@chapter ch 総則

@article purpose 目的  #  目的の条
本方針は、情報資産を守る。

二段落目。  

@rule r1 施錠 [must, applies=staff  contractor, owner=staff, counters=x]
サーバ室を施錠する。
@check [every=month, evidence="記録簿, 台帳"]
施錠されているか。
@future   keep   [ this ,  as=is ]
  odd = line


text under it
@article code 例
```
  a


  b
```
    x


    y
# 最後のコメント
EOF
cp "$T/layout/in.pol" "$T/layout/out.pol"
$POLC fmt "$T/layout/out.pol" >"$T/layout/stdout" 2>"$T/layout/stderr"
check "layout: the file becomes the canonical text" diff -u "$T/layout/want.pol" "$T/layout/out.pol"
check "layout: the changed file is listed, nothing on stderr" sh -c \
	'test "$(cat "$1")" = "$2" && test ! -s "$3"' - "$T/layout/stdout" "$T/layout/out.pol" "$T/layout/stderr"
cp "$T/layout/out.pol" "$T/layout/again.pol"
check "layout: formatting the result changes nothing" sh -c \
	'$1 fmt "$2" >"$2.out" && cmp -s "$2" "$3" && test ! -s "$2.out"' - "$POLC" "$T/layout/again.pol" "$T/layout/want.pol"
check "layout: standard input to standard output gives the same" sh -c \
	'$1 fmt - <"$2" | cmp -s - "$3"' - "$POLC" "$T/layout/in.pol" "$T/layout/want.pol"

# ---- 2. meaning, over the corpus -------------------------------------------------------

mkdir "$T/a" "$T/b"
n=0
add() { # add NAME DIR: a copy to read before (a/NAME) and one to format (b/NAME)
	cp -R "$2" "$T/a/$1"
	cp -R "$2" "$T/b/$1"
	n=$((n + 1))
}
for s in tests/bad/*/src; do
	c=${s%/src}
	add "bad-${c##*/}" "$s"
done
add canary tests/canary/src
add answers tests/answers/src
add policy-src policy-src
add reiki tests/golden/reiki/src
$ORACLE init "$T/skeleton" >/dev/null
add skeleton "$T/skeleton"
# The spec's examples, as tests/run.sh splits them: a "## " section's ```pol blocks,
# policy.pol or the name given by a `<!-- file: NAME -->` line before the block.
awk -v dir="$T/spec" '
!fence && /^## / { sec++; file = ""; next }
!fence && /^<!-- file: .* -->$/ { file = $3; next }
!fence && /^```/ {
	fence = 1; target = ""
	if (substr($0, 4) == "pol") {
		d = dir "/spec-" sprintf("%03d", sec)
		system("mkdir -p \"" d "\"")
		target = d "/" (file == "" ? "policy.pol" : file); file = ""
		printf "" > target
	}
	next
}
fence && /^```$/ { fence = 0; if (target != "") close(target); next }
fence && target != "" { print > target }
' tests/spec/spec.md
for e in "$T"/spec/spec-*; do
	add "${e##*/}" "$e"
done
nspec=$(ls -d "$T"/spec/spec-* | wc -l)
check "corpus: found the bad cases, $nspec spec examples and the policies ($n)" test "$n" -gt 120 -a "$nspec" -ge 20

# One run formats them all; files that do not parse make it exit 1 and are reported.
(cd "$T/b" && $POLC fmt .) >"$T/fmt.out" 2>"$T/fmt.err"
rc=$?
[ "$rc" = 1 ] || { echo "    exit $rc"; grep -v "^ " "$T/fmt.err" | grep -v ": error: \(unexpected\|expected\|invalid\|NUL\|unterminated\)" | head; }
check "corpus: fmt exits 1 (some bad cases do not parse), with no crash and no refusal" sh -c \
	'test "$1" = 1 && ! grep -q "formatting would change" "$2" && ! grep -q "AddressSanitizer\|runtime error" "$2"' \
	- "$rc" "$T/fmt.err"

dump_diff=""
check_diff=""
untouched=""
twice=""
for d in "$T"/a/*; do
	name=${d##*/}
	rc_a=0
	rc_b=0
	(cd "$T/a" && $ORACLE dump "$name") >"$T/dump-a" 2>/dev/null || rc_a=$?
	(cd "$T/b" && $ORACLE dump "$name") >"$T/dump-b" 2>/dev/null || rc_b=$?
	cmp -s "$T/dump-a" "$T/dump-b" || dump_diff="$dump_diff $name"
	(cd "$T/a" && $ORACLE check "$name") >/dev/null 2>&1 || rc_a=$?
	(cd "$T/b" && $ORACLE check "$name") >/dev/null 2>&1 || rc_b=$?
	[ "$rc_a" = "$rc_b" ] || check_diff="$check_diff $name($rc_a/$rc_b)"
	# A file reported as not parsing is exactly as it was.
	for f in $(cd "$T/b" && find "$name" -name '*.pol' -type f); do
		if grep -q "^$f:[0-9]*:[0-9]*: error:" "$T/fmt.err"; then
			cmp -s "$T/a/$f" "$T/b/$f" || untouched="$untouched $f"
		fi
	done
done
check "corpus: every policy dumps the same after fmt" test -z "$dump_diff"
[ -z "$dump_diff" ] || echo "    differ:$dump_diff"
check "corpus: polc check exits the same after fmt" test -z "$check_diff"
[ -z "$check_diff" ] || echo "    differ:$check_diff"
check "corpus: files that do not parse are left byte for byte" test -z "$untouched"
[ -z "$untouched" ] || echo "    changed:$untouched"
check "corpus: some files did not parse, and fmt changed others" sh -c \
	'grep -q ": error: " "$1" && test -s "$2"' - "$T/fmt.err" "$T/fmt.out"
rc=0
(cd "$T/b" && $POLC fmt --check .) >"$T/check2.out" 2>"$T/check2.err" || rc=$?
check "corpus: fmt is idempotent (a second --check lists nothing, reports the same files)" sh -c \
	'test "$1" = 1 && test ! -s "$2" && cmp -s "$3" "$4"' - "$rc" "$T/check2.out" "$T/fmt.err" "$T/check2.err"
[ -s "$T/check2.out" ] && sed 's/^/    /' "$T/check2.out"

# The editions, byte for byte (the bundle's digest is of the source text, so it moves).
for name in canary answers policy-src reiki skeleton; do
	for side in a b; do
		(cd "$T/$side" && $ORACLE build "$name" -o "out-$name" --edition all) >/dev/null 2>&1
		sed -i '/"source_digest"/d' "$T/$side/out-$name/public/bundle.json" "$T/$side/out-$name/internal/bundle.json"
	done
	check "editions: $name builds the same public and internal editions after fmt" sh -c \
		'test -s "$1/public/index.html" && diff -r "$1/public/" "$2/public/" >/dev/null &&
		 diff -r "$1/internal/" "$2/internal/" >/dev/null' - "$T/a/out-$name" "$T/b/out-$name"
done

# ---- 3. policy-src is formatted ----------------------------------------------------------

rc=0
$POLC fmt --check policy-src >"$T/ps.out" 2>&1 || rc=$?
check "policy-src is in the canonical layout (polc fmt --check policy-src)" test "$rc" = 0 -a ! -s "$T/ps.out"
[ "$rc" = 0 ] || sed 's/^/    /' "$T/ps.out"

# ---- 4. --check, writing, files that do not parse ----------------------------------------

mkdir -p "$T/w/sub" "$T/w/.hidden"
printf '@policy t テスト\n@document d 文書   [tier=basic,public]\n' >"$T/w/policy.pol"
printf '@role staff 職員等 [public]\n全職員をいう。\n' >"$T/w/sub/roles.pol"
printf '@document e 文書 [public\n' >"$T/w/sub/broken.pol"
printf '@document  x  y\n' >"$T/w/.hidden/skip.pol"
printf '@document  x  y\n' >"$T/w/notes.txt"
chmod 640 "$T/w/policy.pol"
(cd "$T/w" && find . -type f -exec cksum {} + | sort) >"$T/sums-before"
ino_roles=$(stat -c %i "$T/w/sub/roles.pol")
rc=0
$POLC fmt --check "$T/w" >"$T/check.out" 2>"$T/check.err" || rc=$?
check "--check: exits 1" test "$rc" = 1
check "--check: lists exactly the file that would change" sh -c \
	'test "$(cat "$1")" = "$2/policy.pol"' - "$T/check.out" "$T/w"
check "--check: reports the file that does not parse, in GCC form" \
	grep -q "^$T/w/sub/broken.pol:1:23: error: " "$T/check.err"
(cd "$T/w" && find . -type f -exec cksum {} + | sort) >"$T/sums-after"
check "--check: changes nothing" cmp -s "$T/sums-before" "$T/sums-after"
ino=$(stat -c %i "$T/w/policy.pol")
rc=0
$POLC fmt "$T/w" >"$T/write.out" 2>"$T/write.err" || rc=$?
check "write: exits 1 (a file does not parse) and lists the file it changed" sh -c \
	'test "$1" = 1 && test "$(cat "$2")" = "$3/policy.pol"' - "$rc" "$T/write.out" "$T/w"
check "write: the file is in the canonical layout" sh -c \
	'test "$(cat "$1")" = "$(printf "@policy t テスト\n@document d 文書 [public, tier=basic]")"' - "$T/w/policy.pol"
check "write: replaced by a rename (a new inode), its mode kept" sh -c \
	'test "$(stat -c %i "$1")" != "$2" && test "$(stat -c %a "$1")" = 640' - "$T/w/policy.pol" "$ino"
if [ "$(id -u)" = 0 ]; then
	printf '@document  o  y\n' >"$T/owned.pol"
	chown 65534:65534 "$T/owned.pol"
	$POLC fmt "$T/owned.pol" >/dev/null 2>&1
	check "write (as root): the owner and group are kept" sh -c \
		'test "$(stat -c %u:%g "$1")" = 65534:65534 && test "$(cat "$1")" = "@document o y"' - "$T/owned.pol"
fi
check "write: an unchanged file is not rewritten" test "$(stat -c %i "$T/w/sub/roles.pol")" = "$ino_roles"
check "write: the file that does not parse, hidden folders and other files are untouched" sh -c \
	'test "$(cat "$1")" = "@document e 文書 [public" && test "$(cat "$2")" = "@document  x  y" &&
	 test "$(cat "$3")" = "@document  x  y"' - "$T/w/sub/broken.pol" "$T/w/.hidden/skip.pol" "$T/w/notes.txt"
check "write: no temporary file is left" sh -c '! find "$1" -name ".*.??????" | grep -q .' - "$T/w"
check "a file named on the command line is formatted whatever its name" sh -c \
	'$1 fmt "$2" >/dev/null && test "$(cat "$2")" = "@document x y"' - "$POLC" "$T/w/notes.txt"

# ---- 5. line endings, BOM, invalid input, links, usage ------------------------------------

printf '\357\273\277@policy t テスト\r\n@document d 文書 [public]\r\n本文。\r\n' >"$T/crlf.pol"
$POLC fmt "$T/crlf.pol" >/dev/null 2>&1
check "CRLF becomes LF and the byte order mark goes" sh -c \
	'test "$(od -An -c "$1" | tr -d " \n")" = "$(printf "@policy t テスト\n@document d 文書 [public]\n本文。\n" | od -An -c | tr -d " \n")"' \
	- "$T/crlf.pol"
printf '@policy t \377\n' >"$T/bad-utf8.pol"
rc=0
$POLC fmt "$T/bad-utf8.pol" 2>"$T/u.err" >/dev/null || rc=$?
check "invalid UTF-8: exit 1, reported, file untouched" sh -c \
	'test "$1" = 1 && grep -q "invalid UTF-8" "$2" && printf "@policy t \377\n" | cmp -s - "$3"' \
	- "$rc" "$T/u.err" "$T/bad-utf8.pol"
printf '@document  x  y\n' >"$T/target.pol"
ln -s "$T/target.pol" "$T/link.pol"
rc=0
$POLC fmt "$T/link.pol" >/dev/null 2>"$T/l.err" || rc=$?
check "a symbolic link is refused (exit 2) and not followed" sh -c \
	'test "$1" = 2 && grep -q "symbolic link" "$2" && test "$(cat "$3")" = "@document  x  y"' - "$rc" "$T/l.err" "$T/target.pol"
mkdir "$T/lk"
ln -s "$T/target.pol" "$T/lk/in.pol"
$POLC fmt "$T/lk" >/dev/null 2>&1
check "a symbolic link inside a folder is skipped" test "$(cat "$T/target.pol")" = "@document  x  y"
rc=0
$POLC fmt --bogus >/dev/null 2>&1 || rc=$?
check "an unknown option is a usage error (exit 2)" test "$rc" = 2
rc=0
$POLC fmt "$T/missing" >/dev/null 2>&1 || rc=$?
check "a missing path is an I/O error (exit 2)" test "$rc" = 2
rc=0
printf '@document  x  y\n' | $POLC fmt --check - >"$T/stdin.out" || rc=$?
check "--check - : standard input that would change is listed, exit 1" sh -c \
	'test "$1" = 1 && test "$(cat "$2")" = "<stdin>"' - "$rc" "$T/stdin.out"

[ "$failures" = 0 ] && echo "all passed" || echo "$failures failed"
[ "$failures" = 0 ]
