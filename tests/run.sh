#!/bin/sh
# run.sh — the end-to-end test driver (see tests/README.md).
#
#   POLC=build/polc BUILD=build sh tests/run.sh [bad] [spec] [e2e]
#
# Runs, in order (all three parts unless some are named):
#   1. bad:  the bad-input corpus — for every tests/bad/NNN-name/, `polc check src [ARGS]`
#            (ARGS from the optional file `args`) must print exactly expected.txt on
#            stderr and exit with the code in `exit`;
#   2. spec: every example of tests/spec/spec.md — its ```pol``` block(s) compiled, and
#            `polc dump src` compared with its ```dump``` block (it must also be free of
#            diagnostics), or the stderr of `polc check src` with its ```diagnostics```
#            block (exit 1 when it holds an error, else 0);
#   3. e2e:  every executable tests/e2e/*.sh, sorted, run one at a time as `sh SCRIPT`
#            from the repository root with POLC and BUILD exported (made absolute); a
#            non-zero exit is a failure.
#
# POLC may be a command with arguments (a valgrind prefix): it is split on spaces.
# Every policy is copied to a fresh `mktemp -d` folder outside the repository and
# compiled there as `src`, so diagnostics read src/policy.pol:3:5 whatever the machine.
# Corpus cases and spec examples run JOBS at a time (default: the number of CPUs). With
# timeout(1) available, one polc run is stopped after POLC_TIMEOUT seconds (300) and one
# e2e script after E2E_TIMEOUT (900).
# UPDATE_GOLDEN=1 rewrites the expectations (expected.txt and exit, the spec's dump and
# diagnostics blocks) from what polc prints instead of comparing; review the diff. A
# corpus case with a `known-bug` file keeps its expectation (what polc should print).
#
# Prints one FAIL line per failure followed by its diff, then "N passed, M failed";
# exits 1 when anything failed.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)

POLC=${POLC:-build/polc}
BUILD=${BUILD:-build}
UPDATE_GOLDEN=${UPDATE_GOLDEN:-0}
JOBS=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
PARTS=" ${*:-bad spec e2e} "
# Limits in seconds, so that a hang fails the run instead of stalling it.
POLC_TIMEOUT=${POLC_TIMEOUT:-300}
E2E_TIMEOUT=${E2E_TIMEOUT:-900}
limit() { :; }
if command -v timeout >/dev/null 2>&1; then
	limit() { echo "timeout $1"; }
fi
want() { case $PARTS in *" $1 "*) return 0 ;; esac; return 1; }

# Make relative paths in POLC and BUILD absolute (from where we were started): every
# case runs in its own folder.
here=$(pwd)
set -f
abs=""
for w in $POLC; do
	case $w in
	/* | -*) ;;
	*/*) [ -e "$w" ] && w="$here/$w" ;;
	esac
	abs="$abs${abs:+ }$w"
done
set +f
POLC=$abs
case $BUILD in /*) ;; *) BUILD="$here/$BUILD" ;; esac
export POLC BUILD
cd "$ROOT"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/polc-tests.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
RES="$WORK/results"
mkdir "$RES"

# ---- helpers ---------------------------------------------------------------------------

# failed NAME WHAT [EXPECTED-FILE ACTUAL-FILE]: the FAIL line, then the diff; returns 1.
failed() {
	echo "FAIL $1: $2"
	if [ $# -ge 4 ]; then
		diff -u "$3" "$4" | sed -e '1,2d' -e 's/^/    /' || true
	fi
	return 1
}

# fresh: prints a new empty folder outside the repository.
fresh() {
	mktemp -d "$WORK/case.XXXXXX"
}

# run_polc DIR OUT ERR ARGS...: runs polc in DIR with stdout to OUT and stderr to ERR,
# and prints its exit code. DIR's path, should polc print it, is removed from the output.
run_polc() {
	_d=$1 _o=$2 _e=$3
	shift 3
	_rc=0
	# shellcheck disable=SC2046,SC2086 # POLC is a command line, split on purpose
	(set -f && cd "$_d" && exec $(limit "$POLC_TIMEOUT") $POLC "$@") >"$_o.raw" 2>"$_e.raw" || _rc=$?
	sed "s|$_d/||g" "$_o.raw" >"$_o"
	sed "s|$_d/||g" "$_e.raw" >"$_e"
	echo "$_rc"
}

# start FUNCTION ARGS...: runs one test in the background (JOBS at a time); its report
# goes to the next numbered result file, so reports come out in the order tests start.
seq=0
running=0
start() {
	seq=$((seq + 1))
	_r="$RES/$(printf %05d "$seq")"
	(if "$@" >"$_r.out" 2>&1; then echo ok; else echo fail; fi >"$_r.status") &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait
		running=0
	fi
}

# ---- 1. the bad-input corpus -----------------------------------------------------------

bad_case() {
	case=$1
	name=${case#tests/}
	[ -d "$case/src" ] || failed "$name" "no src/ folder" || return 1
	t=$(fresh)
	cp -R "$case/src" "$t/src"
	args=""
	[ -f "$case/args" ] && args=$(cat "$case/args")
	set -f
	# shellcheck disable=SC2086 # one argument per word of `args`
	rc=$(run_polc "$t" "$t/stdout" "$t/stderr" check src $args)
	set +f
	if [ "$UPDATE_GOLDEN" = 1 ] && [ ! -f "$case/known-bug" ]; then
		cp "$t/stderr" "$case/expected.txt"
		echo "$rc" >"$case/exit"
	elif [ ! -f "$case/expected.txt" ] || [ ! -f "$case/exit" ]; then
		failed "$name" "no expected.txt or exit (make them with UPDATE_GOLDEN=1, then review)" || return 1
	elif ! cmp -s "$case/expected.txt" "$t/stderr"; then
		bug=""
		[ -f "$case/known-bug" ] && bug=" [known bug: $(head -n 1 "$case/known-bug")]"
		ex=""
		[ -f "$case/exit" ] && [ "$rc" != "$(cat "$case/exit")" ] && ex=", expected $(cat "$case/exit")"
		failed "$name" "diagnostics differ (exit $rc$ex)$bug" "$case/expected.txt" "$t/stderr" || return 1
	elif [ "$rc" != "$(cat "$case/exit")" ]; then
		failed "$name" "exit $rc, expected $(cat "$case/exit")" || return 1
	fi
	rm -rf "$t"
}

# found PART N: a part that was asked for must have found something to run, or a
# moved folder or a broken pattern would pass as "0 failed".
found() {
	if [ "$2" -eq 0 ]; then
		echo "FAIL $1: nothing found to run" >"$RES/00000-$1.out"
		echo fail >"$RES/00000-$1.status"
	fi
}

if want bad; then
	nbad=0
	for case in tests/bad/*/; do
		[ -d "$case" ] || continue
		start bad_case "${case%/}"
		nbad=$((nbad + 1))
	done
	found bad "$nbad"
fi

# ---- 2. the spec -----------------------------------------------------------------------
#
# awk splits spec.md into one folder per example (a "## " section with a ```pol``` block):
# its sources (policy.pol, or the name on a preceding `<!-- file: NAME -->` line),
# `title`, and `expect.dump` or `expect.diagnostics`.

SPEC=tests/spec/spec.md
EX="$WORK/spec"

spec_example() {
	e=$1
	name="spec/${e##*/} $(cat "$e/title")"
	kind=""
	[ -f "$e/expect.dump" ] && kind=dump
	[ -f "$e/expect.diagnostics" ] && kind=diagnostics
	[ -n "$kind" ] || failed "$name" "no \`\`\`dump or \`\`\`diagnostics block" || return 1
	t=$(fresh)
	mkdir "$t/src"
	for f in "$e"/*; do
		case ${f##*/} in title | expect.* | actual) ;; *) cp "$f" "$t/src/" ;; esac
	done
	if [ "$kind" = dump ]; then
		rc=$(run_polc "$t" "$t/actual" "$t/stderr" dump src)
		if [ "$rc" != 0 ] || [ -s "$t/stderr" ]; then
			failed "$name" "a dump example must compile cleanly; polc dump exited $rc:" || true
			sed 's/^/    /' "$t/stderr"
			return 1
		fi
	else
		rc=$(run_polc "$t" "$t/stdout" "$t/actual" check src)
		code=0
		grep -q ': error: ' "$e/expect.diagnostics" && code=1
		if [ "$UPDATE_GOLDEN" != 1 ] && [ "$rc" != "$code" ]; then
			failed "$name" "polc check exited $rc, expected $code" || return 1
		fi
	fi
	if [ "$UPDATE_GOLDEN" = 1 ]; then
		cp "$t/actual" "$e/actual"
	elif ! cmp -s "$e/expect.$kind" "$t/actual"; then
		failed "$name" "$kind differs" "$e/expect.$kind" "$t/actual" || return 1
	fi
	rm -rf "$t"
}

if want spec && [ -f "$SPEC" ]; then
	mkdir "$EX"
	awk -v dir="$EX" '
	BEGIN { cur = -1 }
	function out(f) { return dir "/" sprintf("%03d", n) "/" f }
	!fence && /^## / { sec++; title = substr($0, 4); file = ""; next }
	!fence && /^<!-- file: .* -->$/ { file = $3; next }
	!fence && /^```/ {
		fence = 1; target = ""
		info = substr($0, 4)
		if (info == "pol") {
			if (sec != cur) {
				cur = sec; n++
				system("mkdir -p \"" dir "/" sprintf("%03d", n) "\"")
				print title > out("title"); close(out("title"))
			}
			target = out(file == "" ? "policy.pol" : file); file = ""
		} else if ((info == "dump" || info == "diagnostics") && sec == cur && n) {
			target = out("expect." info)
		}
		if (target != "") printf "" > target
		next
	}
	fence && /^```$/ { fence = 0; if (target != "") close(target); next }
	fence && target != "" { print > target }
	' "$SPEC"
	nspec=0
	for e in "$EX"/*/; do
		[ -d "$e" ] || continue
		start spec_example "${e%/}"
		nspec=$((nspec + 1))
	done
	found spec "$nspec"
fi
if want spec && [ ! -f "$SPEC" ]; then
	found spec 0
fi

wait
running=0

if [ "$UPDATE_GOLDEN" = 1 ] && want spec && [ -f "$SPEC" ]; then
	# Rewrite every dump/diagnostics block of spec.md with the output saved in actual.
	awk -v dir="$EX" '
	BEGIN { cur = -1 }
	function out(f) { return dir "/" sprintf("%03d", n) "/" f }
	!fence && /^## / { sec++ }
	!fence && /^```/ {
		info = substr($0, 4); fence = 1; skip = 0; print
		if (info == "pol" && sec != cur) { cur = sec; n++ }
		if ((info == "dump" || info == "diagnostics") && sec == cur && n) {
			while ((getline line < out("actual")) > 0) print line
			close(out("actual")); skip = 1
		}
		next
	}
	fence && /^```$/ { fence = 0; print; next }
	fence && skip { next }
	{ print }
	' "$SPEC" >"$WORK/spec.md.new"
	cat "$WORK/spec.md.new" >"$SPEC"
fi

# ---- 3. end-to-end scripts ---------------------------------------------------------------

e2e_script() {
	if $(limit "$E2E_TIMEOUT") sh "$1" >"$WORK/e2e.log" 2>&1; then
		return 0
	else
		_rc=$?
		[ "$_rc" = 124 ] && _rc="124 (timed out after ${E2E_TIMEOUT}s)"
		failed "${1#tests/}" "exit $_rc" || true
		tail -n 40 "$WORK/e2e.log" | sed 's/^/    /'
		return 1
	fi
}

if want e2e; then
	ne2e=0
	for s in tests/e2e/*.sh; do
		if [ -f "$s" ] && [ -x "$s" ]; then
			start e2e_script "$s"
			wait # one at a time: scripts may share resources
			running=0
			ne2e=$((ne2e + 1))
		fi
	done
	found e2e "$ne2e"
fi

# ---- report ------------------------------------------------------------------------------

pass=0
fail=0
for r in "$RES"/*.status; do
	[ -f "$r" ] || continue
	if [ "$(cat "$r")" = ok ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		cat "${r%.status}.out"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
