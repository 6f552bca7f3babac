#!/usr/bin/env python3
# valuestream - how long the Python bindings take to hand results out,
# next to how long the library takes to make them. Not a test: it prints.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Times vs.load() + org.analyze() against a.to_pandas(), the other
frames, a.flagged() and the units mapping, on one org directory.

    VALUESTREAM_LIBRARY=build/lib/libvaluestream.so.1 \\
        python3 bindings/python/bench_pandas.py ORG_DIR [REPEATS]

Each figure is the best of REPEATS runs (default 3) on a fresh analysis
whose findings are complete, so that nothing is served from the
bindings' caches; the machine's load shows as noise, the best run is the
least disturbed. BENCH_ONLY=TEXT runs only the rows whose name holds TEXT."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import valuestream as vs  # noqa: E402


def best(repeats, setup, run):
    times = []
    for _ in range(repeats):
        arg = setup()
        t = time.perf_counter()
        run(arg)
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    t = time.perf_counter()
    org = vs.load(path)
    load = time.perf_counter() - t
    t = time.perf_counter()
    org.analyze().close()
    analyse = time.perf_counter() - t
    print("org %s: %d units, %d handoffs" % (path, len(org.units), len(org.handoffs)))
    print("%-28s %8.3f s" % ("load", load))
    print("%-28s %8.3f s" % ("analyze", analyse))
    print("%-28s %8.3f s" % ("load + analyze", load + analyse))
    rows = [
        ("a.to_pandas()", lambda a: a.to_pandas()),
        ("a.customers_frame()", lambda a: a.customers_frame()),
        ("a.handoffs_frame()", lambda a: a.handoffs_frame()),
        ("a.flagged()", lambda a: a.flagged()),
        ("[u.id for u in a.flagged()]", lambda a: [u.id for u in a.flagged()]),
        ("dict(a.units)", lambda a: dict(a.units)),
        ("[u.chokepoints for units]", lambda a: [u.chokepoints for u in a.units.values()]),
    ]
    only = os.environ.get("BENCH_ONLY")
    for name, run in rows:
        if only and only not in name:
            continue
        analyses = []

        def setup():
            a = org.analyze()
            analyses.append(a)
            # A large analysis makes its findings (flags, ...) on a thread
            # of its own: wait for them here, so that the figure is the
            # bindings' time, not the analysis's.
            with a._reading() as ptr:
                vs._lib.lib.vs_analysis_get_flags(ptr, None)
            return a
        seconds = best(repeats, setup, run)
        for a in analyses:
            a.close()
        print("%-28s %8.3f s  (%.2f x load + analyze)" % (name, seconds,
                                                           seconds / (load + analyse)))


if __name__ == "__main__":
    main()
