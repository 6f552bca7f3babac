#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The benchmark as a smoke test: run it on a 10k-unit org (with the
NetworkX ratio, the Python rows, and the miner on a small event log) and
check that it completes and prints every row of its tables, the Python
rows with a time each (pandas present) or a reason (absent). No timing
is asserted."""
import re
import subprocess
import sys
import tempfile

ROWS = ["load (CSV", "of it: graph build", "graph (reuse", "line of sight", "structure", "surveys",
        "quality and fix value", "cost to serve", "findings", "lists: customers", "report: JSON",
        "report: text", "load + full analysis", "load + analysis + lists",
        "load + analysis + both reports",
        "what-if: one scenario of 10 changes", "plan: 10 steps", "diff: two snapshots"]
PYTHON_ROWS = ["vs.load(dir)", "org.analyze()", "load + analyse (Python)", "a.flagged()",
               "a.to_pandas()", "a.customers_frame()", "a.handoffs_frame()", "a.plan(steps=10)"]
PANDAS_ROWS = ["a.to_pandas()", "a.customers_frame()", "a.handoffs_frame()"]


def python_rows_missing(table, stdout):
    """The Python rows not printed with a time: all of them, except that
    without pandas the frames' rows may say why instead."""
    try:
        import pandas  # noqa: F401
        timed_only = True
    except ImportError:
        timed_only = False
    missing = []
    for name in PYTHON_ROWS:
        line = next((line for line in table
                     if re.match(r"\| (\*\*)?" + re.escape(name), line)), None)
        timed = line is not None and re.search(r"\|\s+\d+\.\d{3} \|", line)
        if timed or (not timed_only and name in PANDAS_ROWS and line is not None
                     and "%s: not run (pandas" % name in stdout):
            continue
        missing.append(name)
    return missing


def main(bench, cli, reference):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([bench, "--cli", cli, "--sizes", "10000", "--repeat", "1",
                              "--workdir", tmp, "--python", sys.executable,
                              "--reference", reference, "--ratio-at", "10000",
                              "--events", "10000"],
                             stdout=subprocess.PIPE, text=True, check=False)
    print(out.stdout)
    if out.returncode != 0:
        print(f"bench exited with {out.returncode}")
        return 1
    table = [line for line in out.stdout.splitlines() if line.startswith("|")]
    missing = [r for r in ROWS if not any(r in line for line in table)]
    missing += python_rows_missing(table, out.stdout)
    if missing or "10000 units" not in out.stdout or "million events/s" not in out.stdout:
        print(f"incomplete table; missing rows: {missing}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
