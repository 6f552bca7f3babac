#!/bin/bash
# Fuzzes valuestream's loaders for a while with libFuzzer.
#
# Usage: tests/fuzz/run-fuzz.sh BUILD_DIR SECONDS [TARGET...]
#
# BUILD_DIR is a build configured with
#   CC=clang meson setup BUILD_DIR -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
# TARGETs default to every tests/fuzz/*.dict target that was built. Each
# target runs for SECONDS on one core, starting from its seed corpus
# (tests/fuzz/TARGET/, never written to) plus what earlier runs found,
# kept in $VS_FUZZ_WORK (default BUILD_DIR/fuzz-work/TARGET). Crashes, leaks,
# timeouts and out-of-memory inputs are written to BUILD_DIR/fuzz-artifacts/;
# the script prints one summary line per target and exits 1 if any target
# found something. To keep a finding as a regression case, copy it into
# tests/fuzz/TARGET/ as crash-<what> (and add a unit test where sensible).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run-fuzz.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: run-fuzz.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for dict in "$here"/*.dict; do
    name=$(basename "$dict" .dict)
    [ -x "$build/tests/fuzz/fuzz-$name" ] && targets+=("$name")
  done
fi

artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
# UBSan findings are crashes; leaks inside igraph and libxml2, which we
# cannot fix, are listed in lsan.supp (our own code is never suppressed).
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export LSAN_OPTIONS=suppressions=$here/lsan.supp:print_suppressions=0

failed=0
for name in "${targets[@]}"; do
  exe="$build/tests/fuzz/fuzz-$name"
  work=${VS_FUZZ_WORK:-$build/fuzz-work}/$name
  log="$build/fuzz-work/$name.log"
  mkdir -p "$work" "$(dirname "$log")"
  if [ ! -x "$exe" ]; then
    echo "fuzz $name: not built ($exe)"
    failed=1
    continue
  fi
  # New inputs go to $work (the first directory); the seeds are read only.
  "$exe" "$work" "$here/$name" \
    -dict="$here/$name.dict" \
    -max_total_time="$seconds" \
    -max_len=16384 \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    -artifact_prefix="$artifacts/$name-" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(grep -Eo 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2)
  if [ $rc -eq 0 ]; then
    echo "fuzz $name: ${seconds}s, ${execs:-?} executions (${rate:-?}/s), corpus ${corpus:-?} (inputs/bytes), nothing found"
  else
    failed=1
    echo "fuzz $name: FOUND A PROBLEM after ${execs:-?} executions (exit $rc); log $log:"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*fuzz invariant|artifact_prefix|Test unit written)' "$log" | head -20
  fi
done
exit $failed
