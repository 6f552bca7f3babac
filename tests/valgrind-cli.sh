#!/bin/bash
# The CLI under valgrind's memcheck: the bundled sample analysed into every
# report format, its improvement plan, the other input formats, event-log
# mining, and inputs that are rejected (the error paths free what they
# made). Memcheck must report no error and no definite or possible leak.
#
# Usage: valgrind-cli.sh VALUESTREAM_BINARY SOURCE_DIR
# Exits 77 (skipped) when valgrind is not installed.
set -u
cli=$1 src=$2
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export G_SLICE=always-malloc # GSlice's magazines look like leaks to memcheck
export G_DEBUG=gc-friendly

memcheck=(valgrind --leak-check=full --show-leak-kinds=definite,possible
          --errors-for-leak-kinds=definite,possible --child-silent-after-fork=yes
          --suppressions="$src/tests/valgrind.supp" --quiet)
[ -f /usr/share/glib-2.0/valgrind/glib.supp ] &&
  memcheck+=(--suppressions=/usr/share/glib-2.0/valgrind/glib.supp)

acme=$src/examples/data/acme
failed=0
# check EXPECTED_EXIT ARGS...: valgrind exits 1 on an error of its own where
# the CLI should succeed, 99 where the CLI itself should exit 1.
check() {
  local want=$1 vg_exit rc
  shift
  vg_exit=$([ "$want" -eq 0 ] && echo 1 || echo 99)
  "${memcheck[@]}" --error-exitcode="$vg_exit" "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL (exit $rc, expected $want): valuestream $*"
    cat "$tmp/err"
    failed=1
  else
    echo "ok   valuestream $*"
  fi
}

check 0 analyze "$acme"
check 0 analyze "$acme" --format json -o "$tmp/report.json"
check 0 analyze "$acme" --format html -o "$tmp/report.html"
check 0 analyze "$acme" --format csv --table handoffs
check 0 analyze "$acme" --format dot
check 0 analyze "$src/tests/data/three.json" --format json --shares always
check 0 analyze "$src/tests/data/three.graphml" --format text --top 0
check 0 plan "$acme" --format json
check 0 plan "$acme" --format text --steps 3 --target 0.9
check 0 plan "$acme" --format html -o "$tmp/plan.html"
check 1 plan "$tmp/no-such-org" --format text
check 0 whatif "$acme" "$src/examples/data/acme-scenarios.json" --format json
check 0 whatif "$acme" "$src/examples/data/acme-scenarios.json" --format text
check 0 whatif "$acme" "$src/examples/data/acme-scenarios.json" --format csv -o "$tmp/whatif.csv"
check 0 whatif "$acme" "$src/examples/data/acme-scenarios.json" --format html -o "$tmp/whatif.html"
check 0 diff "$src/tests/data/spec-costs" "$src/tests/data/spec-costs" --old-as-of 2026-Q2 --format text
check 0 diff "$src/tests/data/spec-costs" "$src/tests/data/spec-costs" --old-as-of 2026-Q2 --format html
check 0 diff "$acme" "$acme" --format csv
check 1 whatif "$acme" "$src/tests/data/scenarios-bad/closed-loop.json" --format html
check 0 mine "$src/examples/data/acme-log/log.csv.gz" --map "$src/examples/data/acme-log/people.csv" -o "$tmp/mined"
check 0 analyze --log "$src/tests/data/mine/log.csv" --format json
check 1 analyze "$src/tests/data/bad/csv-closed-loop"
check 1 analyze "$src/tests/data/bad/json-hex-number.json"
check 1 analyze "$src/tests/data/bad/graphml-unknown-endpoint.graphml"
check 1 analyze --log "$src/tests/data/bad/log-not-xml.xes"
check 1 analyze "$tmp/no-such-org"
exit $failed
