#!/bin/sh
# libs.sh — libgit2, libxml2, libxlsxwriter and libzip are opened when a command needs
# them (lib/dynlib.h), not linked:
#
#   1. polc's binary does not name them among the libraries it needs;
#   2. with a file that is no library in their place (first on LD_LIBRARY_PATH), the
#      commands that need none of them still work, and each that needs one says which
#      library cannot be loaded and what to install, exits 2 and writes nothing: the
#      Word edition, the Excel checklist, the answers read from .xlsx, 法令標準XML;
#   3. with a library in the place of libzip that lacks its functions: the function named;
#   4. without libgit2, a policy outside any git repository is checked and built as
#      before, and one in a repository fails saying libgit2 cannot be loaded, exit 2.
#
# Run from the repository root with POLC and BUILD set, as tests/run.sh does.
set -u
. tests/lib.sh
POLC=${POLC:-build/polc}
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-libs.XXXXXX")
trap 'rm -rf "$T"' EXIT
finish() {
	[ "$failures" = 0 ] && echo "all passed" || echo "$failures failed"
	[ "$failures" = 0 ]
	exit
}

# The file name each library is opened by: the SONAME of the library the -dev package's
# linker name points to, as the Makefile finds it.
soname() { # LINKER-NAME
	_f=$(${CC:-cc} -print-file-name="$1" 2>/dev/null)
	objdump -p "$_f" 2>/dev/null | awk '/SONAME/ { print $2 }'
}
XML=$(soname libxml2.so)
XLSXWRITER=$(soname libxlsxwriter.so)
ZIP=$(soname libzip.so)
GIT=$(soname libgit2.so)
if [ -z "$XML" ] || [ -z "$XLSXWRITER" ] || [ -z "$ZIP" ] || [ -z "$GIT" ]; then
	not_ok "the SONAMEs of libxml2, libxlsxwriter, libzip and libgit2 are found (cc, objdump, the -dev packages)"
	finish
fi

# ---- 1. not linked ------------------------------------------------------------------------
bin=${POLC##* }
if command -v objdump >/dev/null; then
	objdump -p "$bin" | awk '/NEEDED/ { print $2 }' >"$T/needed"
	check "polc needs none of $XML, $XLSXWRITER, $ZIP, $GIT at start-up" \
		sh -c '! grep -qxF -e "$1" -e "$2" -e "$3" -e "$4" "$5"' - "$XML" "$XLSXWRITER" "$ZIP" "$GIT" "$T/needed"
fi

# ---- 2. a library that cannot be loaded -----------------------------------------------------
# A bundle and an answer workbook, made while the libraries are there.
SRC=tests/golden/reiki/town/src
$POLC bundle "$SRC" >"$T/bundle.json" 2>/dev/null
$POLC checklist "$T/bundle.json" -o "$T/answers.xlsx" 2>/dev/null
check "a bundle and a checklist workbook to start from" test -s "$T/bundle.json" -a -s "$T/answers.xlsx"

mkdir "$T/none"
for f in "$XML" "$XLSXWRITER" "$ZIP"; do
	echo 'not a library' >"$T/none/$f"
done
# run NAME WANT-EXIT ARGS...: polc ARGS with the libraries replaced by $LIBDIR.
LIBDIR=$T/none
run() {
	_name=$1 _want=$2
	shift 2
	_rc=0
	LD_LIBRARY_PATH=$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} $POLC "$@" >"$T/out" 2>"$T/err" || _rc=$?
	if [ "$_rc" = "$_want" ]; then ok "$_name"; else
		not_ok "$_name (exit $_rc, expected $_want)"
		sed 's/^/    /' "$T/err" | head -10
	fi
}
says() { # NAME TEXT: the last run's stderr has the line TEXT
	check "$1" grep -qxF "$2" "$T/err"
}

run "check needs none of them" 0 check "$SRC"
run "build of HTML and Markdown needs none of them" 0 build "$SRC" -o "$T/html"
check "  ... and built" test -s "$T/html/public/index.html"
run "bundle needs none of them" 0 bundle "$SRC"
run "the CSV checklist needs none of them" 0 checklist "$T/bundle.json"

run "build --format docx without libxml2: exit 2" 2 build "$SRC" -o "$T/docx" --format docx
says "  ... says so" "polc: error: public edition: libxml2 ($XML) cannot be loaded: install libxml2"
check "  ... and writes no edition" test ! -e "$T/docx/public"
run "checklist --format xlsx without libxlsxwriter: exit 2" 2 checklist "$T/bundle.json" -o "$T/c.xlsx"
says "  ... says so" "polc: error: libxlsxwriter ($XLSXWRITER) cannot be loaded: install libxlsxwriter"
check "  ... and writes nothing" test ! -e "$T/c.xlsx"
run "assess of .xlsx answers without libxml2: exit 2" 2 assess "$T/bundle.json" "$T/answers.xlsx"
says "  ... says so" "$T/answers.xlsx: error: libxml2 ($XML) cannot be loaded: install libxml2"
run "export lawxml without libxml2: exit 2" 2 export lawxml "$SRC" --edition public -o "$T/law.xml"
says "  ... says so" "polc: error: libxml2 ($XML) cannot be loaded: install libxml2"
check "  ... and writes nothing" test ! -e "$T/law.xml"

# ---- 3. a library without the functions -----------------------------------------------------
mkdir "$T/other"
cp "$(${CC:-cc} -print-file-name=libz.so)" "$T/other/$ZIP" 2>/dev/null
LIBDIR=$T/other
run "build --format docx with a libzip that is not libzip: exit 2" 2 build "$SRC" -o "$T/docx" --format docx
says "  ... names what it lacks" "polc: error: public edition: libzip ($ZIP) lacks zip_close"
check "  ... and writes no edition" test ! -e "$T/docx/public"

# ---- 4. without libgit2 ---------------------------------------------------------------------
mkdir "$T/nogit"
echo 'not a library' >"$T/nogit/$GIT"
LIBDIR=$T/nogit
GITMSG="polc: error: libgit2 ($GIT) cannot be loaded: install libgit2"
# A copy of the seed policy outside any repository (unless $T is in one: then skipped).
mkdir "$T/plain"
cp -R policy-src "$T/plain/src"
if git -C "$T/plain" rev-parse --git-dir >/dev/null 2>&1; then
	ok "# skip: $T is inside a git repository"
else
	run "check outside a repository needs no libgit2" 0 check "$T/plain/src"
	run "build outside a repository needs no libgit2" 0 build "$T/plain/src" -o "$T/plain/out"
	check "  ... and built, stamped 版管理外" grep -qF "版管理外" "$T/plain/out/public/index.html"
	run "bundle outside a repository needs no libgit2" 0 bundle "$T/plain/src"
	run "history outside a repository without libgit2: exit 2" 2 history "$T/plain/src"
	says "  ... says it is not in one" \
		"polc: error: '$T/plain/src' is not in a git repository (the 改定履歴 comes from git edition tags)"
fi
# The same policy in a repository of its own, one commit.
mkdir "$T/repo"
cp -R policy-src "$T/repo/src"
git -C "$T/repo" init -q
git -C "$T/repo" add -A
git -C "$T/repo" -c user.name=t -c user.email=t@example.invalid -c commit.gpgsign=false commit -qm seed
run "check in a repository reads no git: works" 0 check "$T/repo/src"
run "check --rev HEAD without libgit2: exit 2" 2 check "$T/repo/src" --rev HEAD
says "  ... says so" "$GITMSG"
run "build in a repository without libgit2: exit 2" 2 build "$T/repo/src" -o "$T/repo/out"
says "  ... says so" "$GITMSG"
check "  ... and writes no edition" test ! -e "$T/repo/out/public"
run "history without libgit2: exit 2" 2 history "$T/repo/src"
says "  ... says so" "$GITMSG"
run "diff HEAD without libgit2: exit 2" 2 diff "$T/repo/src" HEAD -o "$T/repo/diff"
says "  ... says so" "$GITMSG"

finish
