#!/usr/bin/env python3
# valuestream - the benchmark's Python rows: how long the Python bindings
# take to load, analyse and hand results out, on one org, in one process.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Times, on the org directory ORG, in this order and each once:
vs.load(), org.analyze() (its findings waited for, as the C table counts
them), then on that analysis a.flagged(), a.to_pandas(),
a.customers_frame(), a.handoffs_frame() and a.plan(steps=10) (the C
table's plan). Prints one line per figure for tests/bench/bench.c, which
runs this once per repeat, each time in a fresh Python, and prints the
medians beside its own table:

    units N / handoffs M / row NAME SECONDS / skip NAME REASON / rss_mb MB

By hand (bench.c sets these two for the build it belongs to):

    VALUESTREAM_LIBRARY=build/lib/libvaluestream.so.0 PYTHONPATH=bindings/python \\
        python3 tests/bench/python_rows.py ORG

Each row after the analysis runs on the same analysis, first use: nothing
it reads is in the bindings' caches yet, except that the frames after
a.to_pandas() reuse the unit ids it read (0.13 s of it at 1M units)."""

import resource
import sys
import time

import valuestream as vs


def timed(name, run):
    t = time.perf_counter()
    value = run()
    print("row %s %.6f" % (name, time.perf_counter() - t), flush=True)
    return value


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    org = timed("load", lambda: vs.load(argv[1]))
    print("units %d\nhandoffs %d" % (len(org.units), len(org.handoffs)))

    def analyse():
        a = org.analyze()
        # A large analysis makes its findings (flags, service, groups) on
        # a thread of its own after analyze() returns; reading the flags
        # waits for them. Part of the analysis, as in the C table.
        with a._reading() as ptr:
            vs._lib.lib.vs_analysis_get_flags(ptr, None)
        return a
    a = timed("analyze", analyse)
    timed("flagged", a.flagged)
    try:
        import pandas  # noqa: F401
    except ImportError:
        for name in ("to_pandas", "customers_frame", "handoffs_frame"):
            print("skip %s pandas is not installed (Debian: python3-pandas)" % name)
    else:
        timed("to_pandas", a.to_pandas)
        timed("customers_frame", a.customers_frame)
        timed("handoffs_frame", a.handoffs_frame)
    timed("plan", lambda: a.plan(steps=10))
    print("rss_mb %.0f" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
