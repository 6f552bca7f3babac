#!/usr/bin/env python3
# valuestream - who frees what, and when: ownership in awkward orders.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Objects owning C memory free it exactly once, offer close() and with,
refuse use after close, keep what they borrow from alive, and an analysis
is a snapshot that outlives its Org and never sees it change."""

import gc
import os
import subprocess
import sys
import textwrap
import unittest
import weakref

import support
from support import vs


class Closing(unittest.TestCase):
    def test_free_org_before_analysis(self):
        org = support.spec_org()
        a = org.analyze()
        expected = a.to_dict()
        org.close()
        self.assertTrue(org.closed)
        self.assertEqual(a.to_dict(), expected)
        self.assertAlmostEqual(a.units["C"].fix_value, 8100 / 43, delta=1e-9)
        self.assertEqual(a.units["C"].name, "Product")

    def test_drop_org_before_analysis(self):
        org = support.spec_org()
        a = org.analyze()
        ref = weakref.ref(org)
        del org
        gc.collect()
        self.assertIsNone(ref(), "the analysis must not keep the Python Org alive")
        self.assertEqual(a.units["A"].line_of_sight.customers, ["X", "Y"])
        self.assertEqual(a.org.units["D"].own_share, 0.2)

    def test_results_outlive_a_dropped_analysis_object(self):
        unit = support.spec_org().analyze().units["C"]  # org and analysis are temporaries
        gc.collect()
        self.assertEqual(unit.chokepoints, ["D"])
        customer = vs.analyze(support.spec_org()).customers["X"]
        gc.collect()
        self.assertEqual(customer.critical_units, ["D"])

    def test_close_twice(self):
        org = support.spec_org()
        a = org.analyze()
        a.close()
        a.close()
        org.close()
        org.close()
        self.assertTrue(a.closed and org.closed)
        self.assertEqual(repr(a), "<valuestream.Analysis (closed)>")
        self.assertEqual(repr(org), "<valuestream.Org (closed)>")

    def test_use_after_close_raises(self):
        org = support.spec_org()
        a = org.analyze()
        unit = a.units["C"]
        customers = a.customers
        org.close()
        for use in (lambda: org.add_unit("Z"), lambda: org.units["A"], lambda: len(org.units),
                    lambda: list(org.handoffs), lambda: org.analyze(), lambda: org.validate(),
                    lambda: org.notes, lambda: org.copy(), lambda: vs.Analysis(org)):
            with self.assertRaisesRegex(vs.ClosedError, "Org is closed"):
                use()
        a.close()
        for use in (lambda: a.units["C"], lambda: unit.quality, lambda: unit.chokepoints,
                    lambda: unit.line_of_sight.shares, lambda: customers["X"],
                    lambda: a.to_json(), lambda: a.flagged(), lambda: a.loops,
                    lambda: a.total_revenue, lambda: a.org, lambda: a.write("/tmp/x.json"),
                    lambda: a.column("quality"), lambda: a.path("A", "X")):
            with self.assertRaisesRegex(vs.ClosedError, "Analysis is closed"):
                use()
        with self.assertRaises(ValueError):  # ClosedError is a ValueError
            a.trends

    def test_with_blocks(self):
        with support.spec_org() as org:
            with org.analyze() as a:
                self.assertEqual(len(a.units), 7)
            self.assertTrue(a.closed)
            self.assertFalse(org.closed)
        self.assertTrue(org.closed)
        with self.assertRaises(vs.ClosedError):
            with org:
                pass

    def test_no_copies_sharing_the_pointer(self):
        import copy
        import pickle
        org = support.spec_org()
        a = org.analyze()
        for obj in (org, a, a.org):
            for how in (copy.copy, copy.deepcopy, pickle.dumps):
                with self.subTest(obj=type(obj).__name__, how=how.__name__):
                    with self.assertRaises(TypeError):
                        how(obj)
        with self.assertRaisesRegex(TypeError, "Org.copy"):
            copy.copy(org)

    def test_garbage_collection_frees_once(self):
        org = support.spec_org()
        a = org.analyze()
        finalizers = [org._finalizer, a._finalizer]
        self.assertTrue(all(f.alive for f in finalizers))
        a.close()
        self.assertFalse(finalizers[1].alive)
        del org, a
        gc.collect()
        self.assertFalse(any(f.alive for f in finalizers))


class Views(unittest.TestCase):
    def test_org_view_keeps_analysis_alive(self):
        view = support.spec_org().analyze().org
        gc.collect()
        self.assertEqual(len(view.units), 7)
        self.assertEqual(view.handoffs[3].score, 0.7)

    def test_closing_the_analysis_closes_its_view(self):
        a = support.spec_org().analyze()
        view = a.org
        a.close()
        with self.assertRaisesRegex(vs.ClosedError, "Analysis is closed"):
            len(view.units)

    def test_closing_a_view_leaves_the_analysis(self):
        a = support.spec_org().analyze()
        view = a.org
        view.close()
        self.assertEqual(len(a.units), 7)
        self.assertEqual(len(a.org.units), 7)


class Snapshots(unittest.TestCase):
    """Adding to an org with live analyses gives the org a private copy: the
    analyses keep the org as it was (and the C library never sees an org
    change under an analysis)."""

    def test_adding_after_analysis(self):
        org = support.spec_org()
        a = org.analyze()
        before = a.to_dict()
        org.add_unit("Z", "customer", revenue=100)
        org.add_handoff("E", "Z", score=0.5)
        self.assertEqual(len(org.units), 8)
        self.assertEqual(a.n_units, 7)
        self.assertEqual(len(a.org.units), 7)
        self.assertEqual(a.to_dict(), before)
        self.assertEqual(a.summary["customers"], 2)
        b = org.analyze()
        self.assertEqual(b.n_units, 8)
        self.assertEqual(b.to_dict()["summary"]["customers"], 3)
        self.assertEqual(b.units["E"].flags, ["captive_poor_service", "poor_service", "ripple"])
        self.assertEqual(a.units["E"].flags, ["no_line_of_sight"])
        # Indices are preserved by the copy.
        self.assertEqual([u.index for u in org.units.values()], list(range(8)))

    def test_no_copy_when_no_analysis_is_alive(self):
        org = support.spec_org()
        a = org.analyze()
        a.close()
        ptr = org._ptr
        org.add_unit("Z")
        self.assertEqual(org._ptr, ptr)
        b = org.analyze()
        org.add_unit("W")
        self.assertNotEqual(org._ptr, ptr)
        self.assertEqual(b.n_units, 8)

    def test_adding_to_a_view(self):
        a = support.spec_org().analyze()
        view = a.org
        view.add_unit("Z")
        self.assertEqual(len(view.units), 8)
        self.assertEqual(a.n_units, 7)
        self.assertEqual(len(a.org.units), 7)
        a.close()
        self.assertEqual(len(view.units), 8, "the view now owns its copy")

    def test_copy(self):
        org = support.spec_org()
        twin = org.copy()
        twin.add_unit("Z")
        self.assertEqual(len(org.units), 7)
        self.assertEqual(list(twin.units.values())[:7], list(org.units.values()))
        self.assertEqual(list(twin.handoffs), list(org.handoffs))
        self.assertEqual(list(twin.survey_responses), list(org.survey_responses))
        self.assertEqual(org.copy().analyze().to_dict(), org.analyze().to_dict())

    def test_iteration_survives_additions(self):
        org = support.spec_org()
        a = org.analyze()
        seen = []
        for uid in org.units:
            seen.append(uid)
            if uid == "A":
                org.add_unit("Z")  # copies: a is alive
        self.assertEqual(seen, [u for u, *_ in support.SPEC_UNITS] + ["Z"])
        self.assertEqual(a.n_units, 7)


class InterpreterExit(unittest.TestCase):
    def run_script(self, body):
        script = textwrap.dedent("""
            import sys
            sys.path[:0] = [{path!r}]
            import support
            from support import vs
            """).format(path=support.HERE) + textwrap.dedent(body)
        env = dict(os.environ, G_DEBUG="fatal-criticals")
        return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                              text=True, timeout=120)

    def test_objects_alive_at_exit_are_finalized(self):
        done = self.run_script("""
            org = support.spec_org()
            a = org.analyze()
            view = a.org
            unit = a.units["C"]
            cycle = [org, a]
            cycle.append(cycle)
            keep = (org.copy(), a.org.copy())
            print("alive", unit.fix_value > 0)
            """)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), "alive True")
        self.assertNotIn("CRITICAL", done.stderr)

    def test_exit_with_analysis_only(self):
        done = self.run_script("""
            a = support.spec_org().analyze()
            import gc; gc.collect()
            sys.exit(0 if a.units["D"].dependents == 1 else 3)
            """)
        self.assertEqual(done.returncode, 0, done.stderr)

    def test_many_objects_dropped_and_made(self):
        done = self.run_script("""
            for i in range(300):
                org = support.spec_org()
                a = org.analyze()
                if i % 2:
                    org.close()
                else:
                    a.close()
                view = a.org if i % 3 == 0 and not a.closed else None
            print("ok")
            """)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.strip(), "ok")


if __name__ == "__main__":
    support.main()
