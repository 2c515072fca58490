#!/bin/sh
# install.sh — polc as a Unix tool: polc(1) in step with every command's --help, the
# bash completion, `make install` / `make uninstall` with PREFIX and DESTDIR.
#
#   man page: the commands of `polc --help` are exactly the ".SS polc COMMAND"
#     subsections of docs/polc.1, and each subsection names exactly the options of
#     `polc COMMAND --help` (every "--word" and "-o"; for export, of each format's
#     --help too), so a new command or option fails here until the manual describes
#     it; groff reads the page without a warning;
#   completion: completion/polc.bash, sourced in bash and called as bash calls it
#     (COMP_WORDS, COMP_CWORD), completes commands, each command's options, edition
#     names, formats and role ids;
#   install: into a DESTDIR, the binary runs, `man` finds the page through MANPATH, the
#     completion and the documentation are there; uninstall removes every file.
set -u

POLC=${POLC:-build/polc}
BUILD=${BUILD:-build}
BIN="$BUILD/polc"
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-install.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

# ---- the manual page against --help ------------------------------------------------------

$POLC --help | awk '/^commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { f = 0 }' | sort >"$T/cmds"
sed -n 's/^\.SS polc \([a-z-]*\)$/\1/p' docs/polc.1 | sort >"$T/man-cmds"
check "polc --help lists commands" test "$(wc -l <"$T/cmds")" -ge 10
check "every command has a section in polc(1), and every section is a command" diff "$T/cmds" "$T/man-cmds"

# options CMD: the options a command's --help shows, one a line (and, for a command
# with a "formats:" list, such as export, those of each `polc CMD FORMAT --help`), but
# --help and --version, which every command takes.
options() {
	{
		$POLC "$1" --help
		for f in $($POLC "$1" --help | awk '/^formats:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { f = 0 }'); do
			$POLC "$1" "$f" --help
		done
	} | grep -oE -- '(^|[][ ])(--[a-z][a-z-]*|-o)' | tr -d '[] ' | grep -vx -- '--help\|--version' | sort -u
}
# man_options CMD: the options named in the command's section of polc(1).
man_options() {
	awk -v cmd="$1" '/^\.SS / { f = ($0 == ".SS polc " cmd); next } /^\.SH / { f = 0 } f' docs/polc.1 |
		sed 's/\\-/-/g' | grep -oE -- '(^|[^a-z-])(--[a-z][a-z-]*|-o)([^a-z-]|$)' |
		grep -oE -- '--[a-z][a-z-]*|-o' | grep -vx -- '--help\|--version' | sort -u
}
bad=""
for c in $(cat "$T/cmds"); do
	options "$c" >"$T/opt-help"
	man_options "$c" >"$T/opt-man"
	if ! cmp -s "$T/opt-help" "$T/opt-man"; then
		bad="$bad $c"
		diff "$T/opt-help" "$T/opt-man" | sed "s/^/    $c: /"
	fi
done
check "each command's section of polc(1) names exactly the options of its --help" test -z "$bad"
check "the check sees the options of build in the page (-o --edition --audience …)" \
	test "$(man_options build | wc -l)" -ge 6
check "groff reads polc(1) without a warning" sh -c 'test -z "$(groff -man -ww -z docs/polc.1 2>&1)"'

# ---- bash completion ----------------------------------------------------------------------

# complete WORD...: what completion/polc.bash offers for the last word, sorted, one a line.
complete_words() {
	bash -c '. completion/polc.bash
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
		_polc; printf "%s\n" "${COMPREPLY[@]}" | sort' - "$BIN" "$@"
}
got=$(complete_words ch | tr '\n' ' ')
check "completion: 'ch' completes to check and checklist" test "$got" = "check checklist "
got=$(complete_words "" | wc -l)
check "completion: every command of polc --help is offered" test "$got" = "$(wc -l <"$T/cmds")"
got=$(complete_words build --ed | tr '\n' ' ')
check "completion: options of build" test "$got" = "--edition "
got=$(complete_words fmt - | tr '\n' ' ')
check "completion: options of fmt" test "$got" = "--check --help "
got=$(complete_words build --edition "" | tr '\n' ' ')
check "completion: edition names for build" test "$got" = "all internal public "
got=$(complete_words bundle --edition = p | tr '\n' ' ')
check "completion: --edition=p for bundle (no 'all')" test "$got" = "public "
got=$(complete_words history --format "" | tr '\n' ' ')
check "completion: formats of history" test "$got" = "csv json text "
got=$(complete_words build policy-src --audience c | tr '\n' ' ')
check "completion: role ids of the policy for --audience" test "$got" = "chief-officer ciso committee contractor csirt "
got=$(complete_words check --diagnostics-format "" | tr '\n' ' ')
check "completion: diagnostics formats" test "$got" = "json sarif text "
got=$(complete_words export o | tr '\n' ' ')
check "completion: the formats of export" test "$got" = "oscal oscal-component "
got=$(complete_words export oscal-component --ca | tr '\n' ' ')
check "completion: the options of an export format" test "$got" = "--catalog "
got=$(complete_words -- "--v" | tr '\n' ' ')
check "completion: --version before a command" test "$got" = "--version "
check "completion: registered for polc" bash -c '. completion/polc.bash && complete -p polc | grep -q -- "-F _polc"'

# ---- make install / uninstall -------------------------------------------------------------

D="$T/dest"
make -s install BUILD="$BUILD" DESTDIR="$D" PREFIX=/opt/polc >"$T/install.log" 2>&1
rc=$?
check "make install DESTDIR=… PREFIX=/opt/polc exits 0" test "$rc" = 0
[ "$rc" = 0 ] || sed 's/^/    /' "$T/install.log"
check "installed: the binary, executable, runs" sh -c \
	'test -x "$1/opt/polc/bin/polc" && "$1/opt/polc/bin/polc" --version | grep -q "^polc "' - "$D"
check "installed: man polc finds the page" sh -c \
	'MANPATH="$1/opt/polc/share/man" MANWIDTH=80 man polc 2>/dev/null | grep -q "polc fmt"' - "$D"
check "installed: the bash completion and the documentation" sh -c \
	'test -f "$1/opt/polc/share/bash-completion/completions/polc" && test -f "$1/opt/polc/share/doc/polc/language.md"' - "$D"
if [ -d editors ]; then
	check "installed: the editor files under share/polc/editors" sh -c \
		'test -n "$(find "$1/opt/polc/share/polc/editors" -type f)"' - "$D"
fi
check "installed: no file outside PREFIX" sh -c 'test "$(ls "$1")" = opt' - "$D"
make -s uninstall BUILD="$BUILD" DESTDIR="$D" PREFIX=/opt/polc >/dev/null 2>&1
check "make uninstall removes every file" sh -c 'test -z "$(find "$1" -type f)"' - "$D"

[ "$failures" = 0 ] && echo "all passed" || echo "$failures failed"
[ "$failures" = 0 ]
