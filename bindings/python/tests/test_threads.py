#!/usr/bin/env python3
# valuestream - several Python threads at once.
# SPDX-License-Identifier: GPL-2.0-or-later
"""ctypes releases the GIL around every call and the C library locks what
it must; the bindings' readers-writer locks keep additions and close()
from pulling memory out from under a reader."""

import threading
import unittest

import support
from support import vs

THREADS = 8


def run_threads(target, n=THREADS):
    """Runs target(i) in @n threads started together; returns results and
    the exceptions raised, by thread."""
    barrier = threading.Barrier(n)
    results, errors = [None] * n, [None] * n

    def body(i):
        barrier.wait()
        try:
            results[i] = target(i)
        except BaseException as exc:  # reported by the test
            errors[i] = exc

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results, errors


def wide_org(n_teams=300):
    """A bigger org than the SPEC's: a chain with side loops and surveys."""
    org = vs.Org()
    for c in range(5):
        org.add_unit("cust%d" % c, "customer", revenue=1000 * (c + 1))
    for i in range(n_teams):
        org.add_unit("t%d" % i, group="g%d" % (i % 7), own_share=0.1 if i % 10 == 0 else None)
    for i in range(1, n_teams):
        org.add_handoff("t%d" % (i - 1), "t%d" % i, deliverable="d%d" % (i % 4),
                        score=0.6 + 0.4 * ((i * 37) % 11) / 10)
        if i % 13 == 0:
            org.add_handoff("t%d" % i, "t%d" % (i - 1), deliverable="rework")
        if i % 50 == 0:
            org.add_handoff("t%d" % i, "cust%d" % (i % 5))
    org.add_handoff("t%d" % (n_teams - 1), "cust0")
    for p in range(6):
        org.add_survey_response("2026-%02d" % (p + 1), "t2", "t1", 4.5 - 0.3 * p)
    return org


class Threads(unittest.TestCase):
    def test_eight_threads_analyse_one_org(self):
        org = wide_org()
        reference = org.analyze().to_dict(shares="always")

        def work(i):
            reports = []
            for _ in range(3):
                a = org.analyze()
                reports.append(a.to_dict(shares="always"))
                # touch the lazy per-unit paths as well
                for t in a.flagged()[:20]:
                    t.line_of_sight.shares, t.chokepoints, t.line_of_sight.path
            return reports

        results, errors = run_threads(work)
        self.assertEqual(errors, [None] * THREADS)
        for reports in results:
            for report in reports:
                self.assertEqual(report, reference)

    def test_eight_threads_read_one_analysis(self):
        a = wide_org().analyze()
        ids = list(a.units)
        reference = {u: (a.units[u].line_of_sight.shares, a.units[u].line_of_sight.customers)
                     for u in ids}
        a2 = wide_org().analyze()  # a fresh one: its caches fill under contention

        def work(i):
            return {u: (a2.units[u].line_of_sight.shares, a2.units[u].line_of_sight.customers)
                    for u in ids[i::2]}

        results, errors = run_threads(work)
        self.assertEqual(errors, [None] * THREADS)
        for got in results:
            for u, value in got.items():
                self.assertEqual(value, reference[u])

    def test_eight_threads_load_and_analyse(self):
        reference = vs.load(support.ACME_DIR).analyze().to_dict()
        results, errors = run_threads(lambda i: vs.load(support.ACME_DIR).analyze().to_dict())
        self.assertEqual(errors, [None] * THREADS)
        for report in results:
            self.assertEqual(report, reference)

    def test_adding_while_others_analyse(self):
        org = wide_org(100)

        def work(i):
            if i == 0:
                for k in range(200):
                    org.add_unit("new%d" % k)
                    org.add_handoff("new%d" % k, "t5")
                return None
            sizes = []
            for _ in range(20):
                a = org.analyze()
                report = a.to_dict()
                # every analysis is a consistent snapshot
                self.assertEqual(report["summary"]["units"], a.n_units)
                self.assertEqual(len(report["units"]), a.n_units)
                self.assertEqual(len(a.org.units), a.n_units)
                sizes.append(a.n_units)
            return sizes

        results, errors = run_threads(work)
        self.assertEqual(errors, [None] * THREADS)
        self.assertEqual(len(org.units), 105 + 200)
        for sizes in results[1:]:
            self.assertEqual(sizes, sorted(sizes))

    def test_closing_while_others_read(self):
        for _ in range(5):
            a = wide_org(60).analyze()

            def work(i):
                if i == 0:
                    a.close()
                    return "closed"
                done = 0
                try:
                    for u in list(a.units):
                        a.units[u].line_of_sight.shares
                        a.to_json(pretty=False)
                        done += 1
                except vs.ClosedError:
                    pass
                return done

            results, errors = run_threads(work)
            self.assertEqual(errors, [None] * THREADS)
            self.assertEqual(results[0], "closed")
            self.assertTrue(a.closed)


if __name__ == "__main__":
    support.main()
