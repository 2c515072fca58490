#!/bin/sh
# tests/fuzz/run.sh MODE BUILD — runs the libFuzzer harnesses built in BUILD (make fuzz,
# make fuzz-smoke). Run from the repository root.
#
#   smoke  every file of tests/fuzz/corpus/NAME/ once, then FUZZ_SMOKE_RUNS (default
#          10000) mutations from a fixed seed, in a fresh scratch corpus
#   fuzz   FUZZ_SECONDS (default 10) of fuzzing per harness; new inputs are kept in
#          BUILD/corpus/NAME/ for the next run, logs in BUILD/logs/NAME.MODE.log
#
# FUZZ="load answers" runs some harnesses only. A crash, a leak, an undefined behaviour
# or a timeout fails the run; its reproducer is kept as BUILD/artifacts/NAME-*, and
# `BUILD/fuzz_NAME FILE` replays it. A line per harness gives libFuzzer's final figures.
set -u
mode=$1
build=$2
secs=${FUZZ_SECONDS:-10}
runs=${FUZZ_SMOKE_RUNS:-10000}
names=${FUZZ:-$(for f in tests/fuzz/fuzz_*.c; do n=${f##*/fuzz_}; printf '%s ' "${n%.c}"; done)}
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS
mkdir -p "$build/artifacts" "$build/logs"
failed=""

# The last "#N ... cov: C ft: F corp: K/S" line of a log, and its exec count.
summary() {
	line=$(grep -E '^#[0-9]+' "$1" | tail -n 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -n 1)
	printf '%-10s execs=%s  %s\n' "$2" "${execs:-?}" "$(printf '%s' "$line" | sed 's/^#[0-9]* *//')"
}

for name in $names; do
	bin=$build/fuzz_$name
	seeds=tests/fuzz/corpus/$name
	log=$build/logs/$name.$mode.log
	opts="-dict=tests/fuzz/pol.dict -artifact_prefix=$build/artifacts/$name- -timeout=10 \
-rss_limit_mb=2048 -detect_leaks=1 -print_final_stats=1"
	if [ ! -x "$bin" ]; then
		echo "fuzz: no harness $bin"
		exit 2
	fi
	case $mode in
	smoke)
		scratch=$(mktemp -d)
		# shellcheck disable=SC2086
		if "$bin" $opts "$seeds"/* >"$log" 2>&1 &&
		   "$bin" $opts -seed=1 -runs="$runs" "$scratch" "$seeds" >>"$log" 2>&1; then
			summary "$log" "$name"
		else
			echo "FAIL fuzz_$name (log $log):"
			grep -E 'ERROR|SUMMARY|Test unit written|runtime error' "$log" | head -n 10
			failed="$failed $name"
		fi
		rm -rf "$scratch"
		;;
	fuzz)
		mkdir -p "$build/corpus/$name"
		# shellcheck disable=SC2086
		if "$bin" $opts -max_total_time="$secs" "$build/corpus/$name" "$seeds" >"$log" 2>&1; then
			summary "$log" "$name"
		else
			echo "FAIL fuzz_$name (log $log):"
			grep -E 'ERROR|SUMMARY|Test unit written|runtime error' "$log" | head -n 10
			failed="$failed $name"
		fi
		;;
	*)
		echo "usage: run.sh smoke|fuzz BUILD"
		exit 2
		;;
	esac
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed"
	exit 1
fi
