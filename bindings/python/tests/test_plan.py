#!/usr/bin/env python3
# valuestream - the improvement plan (SPEC 9) from Python.
# SPDX-License-Identifier: GPL-2.0-or-later
"""vs.plan() and Analysis.plan(): SPEC 11's plans (targets 1 and 0.9),
to_dict() equal to `valuestream plan`'s JSON, the writers, the pandas
frame, bad arguments, and freeing in awkward orders (a plan outliving its
analysis and its org)."""

import copy
import csv
import gc
import io
import json
import math
import os
import pickle
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

import support
from support import vs

SPEC_PLAN = os.path.join(support.SOURCE_ROOT, "tests", "data", "spec-plan")
BUILD = os.environ.get("MESON_BUILD_ROOT")
CLI = os.path.join(BUILD, "examples", "valuestream") if BUILD else None

# SPEC 11: (unit, gain, revenue at risk after) per step
TARGET_1 = [("C", 188.3720930, 110.0), ("B", 90.0, 20.0), ("A", 20.0, 0.0)]
TARGET_09 = [("C", 122.5184345), ("B", 35.1219512)]
START = 298.3720930


class SpecPlans(unittest.TestCase):
    def check_steps(self, plan, expected):
        self.assertEqual([s.unit for s in plan.steps], [e[0] for e in expected])
        for i, (s, e) in enumerate(zip(plan.steps, expected)):
            self.assertEqual(s.step, i + 1)
            self.assertAlmostEqual(s.gain, e[1], delta=1e-6)
            if len(e) > 2:
                self.assertAlmostEqual(s.revenue_at_risk, e[2], delta=1e-6)
            # removed_share is cumulative, of the starting revenue at risk
            self.assertAlmostEqual(s.removed_share, (START - s.revenue_at_risk) / START,
                                   delta=1e-9)

    def test_target_1_from_a_path(self):
        with vs.plan(SPEC_PLAN) as plan:
            self.assertEqual(plan.target, 1.0)
            self.assertAlmostEqual(plan.revenue_at_risk, START, delta=1e-6)
            self.check_steps(plan, TARGET_1)
            self.assertEqual(len(plan), 3)
            self.assertEqual([s.unit for s in plan], ["C", "B", "A"])

    def test_target_09_from_an_org(self):
        org = vs.load(SPEC_PLAN)
        plan = vs.plan(org, target=0.9)
        self.check_steps(plan, TARGET_09)
        # the gains add up to what the steps removed
        self.assertAlmostEqual(plan.revenue_at_risk - sum(s.gain for s in plan.steps),
                               plan.steps[-1].revenue_at_risk, delta=1e-9)

    def test_analysis_plan(self):
        a = vs.load(SPEC_PLAN).analyze()
        self.check_steps(a.plan(), TARGET_1)
        self.check_steps(vs.plan(a, 5, 0.9), TARGET_09)
        one = a.plan(steps=1)
        self.assertEqual([(s.unit, s.step) for s in one.steps], [("C", 1)])
        self.assertEqual(a.plan(steps=0).steps, [])

    def test_analysis_options(self):
        # SPEC 11: as of 2026-Q2 the starting revenue at risk is 263.6434109
        plan = vs.plan(SPEC_PLAN, as_of="2026-Q2")
        self.assertAlmostEqual(plan.revenue_at_risk, 263.6434109, delta=1e-6)
        self.assertEqual(plan.steps[-1].revenue_at_risk, 0)

    def test_steps_are_plain_data(self):
        step = vs.plan(SPEC_PLAN).steps[0]
        self.assertIsInstance(step, vs.PlanStep)
        self.assertEqual(pickle.loads(pickle.dumps(step)), step)
        with self.assertRaises(AttributeError):
            step.gain = 0  # frozen

    def test_nothing_at_risk(self):
        org = vs.Org()
        org.add_unit("t", "team")
        org.add_unit("c", "customer", revenue=100)
        org.add_handoff("t", "c", score=1.0)
        plan = vs.plan(org)
        self.assertEqual(plan.revenue_at_risk, 0)
        self.assertEqual(plan.steps, [])
        self.assertEqual(plan.to_dict(), {"target": 1, "revenue_at_risk": 0, "steps": []})
        self.assertIn("Nothing is at risk", plan.report("text"))


class Writers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.plan = vs.plan(SPEC_PLAN)

    def test_to_dict_is_the_spec_object(self):
        with open(os.path.join(SPEC_PLAN, "plan.expected.json")) as f:
            expected = json.load(f)["plan"]
        d = self.plan.to_dict()
        self.assertEqual(set(d), {"target", "revenue_at_risk", "steps"})
        self.assertEqual([s["unit"] for s in d["steps"]], [s["unit"] for s in expected["steps"]])
        for mine, theirs in zip(d["steps"], expected["steps"]):
            self.assertEqual(set(mine), set(theirs))
            for key in ("gain", "revenue_at_risk", "removed_share"):
                self.assertAlmostEqual(mine[key], theirs[key], delta=1e-6)
        # the steps as dataclasses say the same
        for s, row in zip(self.plan.steps, d["steps"]):
            self.assertEqual(vars(s), row)

    @unittest.skipUnless(CLI and os.path.exists(CLI), "needs the CLI (run by meson test)")
    def test_to_dict_equals_the_cli(self):
        for args, plan in (((), self.plan), (("--target", "0.9", "--steps", "1"),
                                              vs.plan(SPEC_PLAN, steps=1, target=0.9))):
            out = subprocess.run([CLI, "plan", SPEC_PLAN, *args], capture_output=True,
                                 text=True, timeout=120)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertEqual(json.loads(out.stdout)["plan"], plan.to_dict())
            self.assertEqual(out.stdout, plan.to_json())

    def test_to_json(self):
        compact = self.plan.to_json(pretty=False)
        self.assertEqual(compact.count("\n"), 1)
        self.assertEqual(json.loads(compact), json.loads(self.plan.to_json()))
        self.assertEqual(json.loads(compact)["valuestream"], 1)

    def test_text(self):
        text = self.plan.report("text")
        self.assertIn("revenue at risk 298.37", text)
        self.assertIn("1. C (Product): removes 188.37; revenue at risk after 110.00 "
                      "(63.1% removed so far)", text)
        self.assertIn("3. A (Platform)", text)
        self.assertIn("100.0% removed", text)

    def test_csv(self):
        rows = list(csv.DictReader(io.StringIO(self.plan.report("csv"), newline="")))
        self.assertEqual(list(rows[0]), ["step", "unit", "name", "gain", "revenue_at_risk",
                                         "removed_share"])
        self.assertEqual([(r["step"], r["unit"], r["name"]) for r in rows],
                         [("1", "C", "Product"), ("2", "B", "Data"), ("3", "A", "Platform")])
        for r, s in zip(rows, self.plan.steps):
            self.assertEqual(float(r["gain"]), s.gain)  # full precision
            self.assertEqual(float(r["removed_share"]), s.removed_share)

    def test_html(self):
        root = ET.fromstring(self.plan.report("html"))
        text = "".join(root.itertext())
        self.assertIn("Improvement plan", text)
        self.assertIn("63.1%", text)

    def test_bad_formats(self):
        with self.assertRaises(ValueError):
            self.plan.report("dot")
        with self.assertRaises(ValueError):
            self.plan.report("xml")
        with self.assertRaises(TypeError):
            self.plan.report(1)

    def test_write_atomically(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "plan.csv")
            self.plan.write(path, "csv")
            with open(path, newline="") as f:
                self.assertEqual(f.read(), self.plan.report("csv"))
            with self.assertRaises(vs.FileError):
                self.plan.write(os.path.join(d, "no", "such", "plan.json"))
            self.assertEqual(os.listdir(d), ["plan.csv"])

    def test_repr(self):
        self.assertIn("3 steps", repr(self.plan))


class Pandas(unittest.TestCase):
    def setUp(self):
        self.pd = support.require_module(self, "pandas")

    def test_frame(self):
        df = vs.plan(SPEC_PLAN).to_pandas()
        self.assertEqual(df.index.name, "step")
        self.assertEqual(list(df.index), [1, 2, 3])
        self.assertEqual(list(df.columns), ["unit", "name", "gain", "revenue_at_risk",
                                            "removed_share"])
        self.assertEqual(df.loc[1, "unit"], "C")
        self.assertEqual(df.loc[2, "name"], "Data")
        self.assertAlmostEqual(df.loc[1, "gain"], 188.3720930, delta=1e-6)
        self.assertAlmostEqual(df["gain"].sum(), START, delta=1e-6)

    def test_empty_frame(self):
        df = vs.plan(SPEC_PLAN, steps=0).to_pandas()
        self.assertEqual(len(df), 0)
        self.assertEqual(list(df.columns), ["unit", "name", "gain", "revenue_at_risk",
                                            "removed_share"])


class BadArguments(unittest.TestCase):
    def setUp(self):
        self.a = vs.load(SPEC_PLAN).analyze()

    def test_steps(self):
        for bad, error in ((-1, ValueError), (2 ** 32, ValueError), (1.5, TypeError),
                           ("5", TypeError), (True, TypeError), (None, TypeError)):
            with self.subTest(steps=bad), self.assertRaises(error):
                self.a.plan(steps=bad)

    def test_target(self):
        for bad, error in ((1.5, ValueError), (-0.1, ValueError), (math.nan, ValueError),
                           (math.inf, ValueError), ("1", TypeError), (None, TypeError)):
            with self.subTest(target=bad), self.assertRaises(error):
                vs.plan(self.a, target=bad)
        self.assertEqual(vs.plan(self.a, target=0).steps, [])  # nothing is below 0
        self.assertEqual(vs.plan(self.a, target=1).target, 1.0)

    def test_options_with_an_analysis(self):
        with self.assertRaises(TypeError):
            vs.plan(self.a, as_of="2026-Q2")
        with self.assertRaises(TypeError):
            vs.plan(SPEC_PLAN, no_such_option=1)

    def test_not_an_org(self):
        with self.assertRaises(vs.FileError):
            vs.plan(os.path.join(SPEC_PLAN, "no-such-org"))
        with self.assertRaises(TypeError):
            vs.Plan()


class Ownership(unittest.TestCase):
    def test_plan_outlives_analysis_and_org(self):
        org = vs.load(SPEC_PLAN)
        a = org.analyze()
        plan = a.plan()
        expected = plan.to_dict()
        a.close()
        org.close()
        self.assertEqual(plan.to_dict(), expected)
        self.assertEqual(plan.steps[0].unit, "C")
        self.assertIn("C (Product)", plan.report("text"))

    def test_plan_outlives_dropped_objects(self):
        plan = vs.load(SPEC_PLAN).analyze().plan()
        gc.collect()
        self.assertIn("Product", plan.report("csv"))
        self.assertEqual(plan.steps[2].unit, "A")

    def test_org_changed_after_the_plan(self):
        org = vs.load(SPEC_PLAN)
        a = org.analyze()
        plan = a.plan()
        org.add_unit("Z", "team", name="Late")  # a copy: the plan's org is unchanged
        a.close()
        del a, org
        gc.collect()
        self.assertNotIn("Late", plan.report("text"))
        self.assertEqual(len(plan.steps), 3)

    def test_close_first_and_twice(self):
        a = vs.load(SPEC_PLAN).analyze()
        plan = a.plan()
        steps = plan.steps
        plan.close()
        plan.close()
        self.assertTrue(plan.closed)
        for use in (lambda: plan.steps, lambda: plan.target, lambda: plan.to_dict(),
                    lambda: plan.report("text"), lambda: plan.revenue_at_risk):
            with self.assertRaises(vs.ClosedError):
                use()
        self.assertEqual(steps[0].unit, "C")  # results already made stay valid
        self.assertIn("closed", repr(plan))
        self.assertEqual(a.plan().steps, steps)  # the analysis is untouched

    def test_closed_analysis(self):
        a = vs.load(SPEC_PLAN).analyze()
        a.close()
        with self.assertRaises(vs.ClosedError):
            a.plan()

    def test_with_block(self):
        with vs.load(SPEC_PLAN) as org, org.analyze() as a, a.plan() as plan:
            finalizer = plan._finalizer
            self.assertTrue(finalizer.alive)
        self.assertFalse(finalizer.alive)
        with self.assertRaises(vs.ClosedError):
            with plan:
                pass

    def test_garbage_collection_frees_once(self):
        plan = vs.plan(SPEC_PLAN)
        finalizer = plan._finalizer
        del plan
        gc.collect()
        self.assertFalse(finalizer.alive)

    def test_no_copies(self):
        plan = vs.plan(SPEC_PLAN)
        for make in (copy.copy, copy.deepcopy, pickle.dumps):
            with self.assertRaises(TypeError):
                make(plan)


if __name__ == "__main__":
    unittest.main(verbosity=2)
