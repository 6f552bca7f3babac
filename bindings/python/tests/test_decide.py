#!/usr/bin/env python3
# valuestream - what-if scenarios (SPEC 8) and comparisons (SPEC 10) from Python.
# SPDX-License-Identifier: GPL-2.0-or-later
"""vs.whatif() and vs.diff(): SPEC 11's scenario numbers, to_dict() equal
to the CLI's JSON (by check-decision's rule, ported), the as-of diff,
scenarios from dicts equal to the same scenarios from the JSON file,
Org.copy(), report() through the library's writers, the pandas frame,
bad arguments, and freeing in awkward orders."""

import gc
import json
import math
import os
import subprocess
import unittest

import support
from support import vs

DATA = os.path.join(support.SOURCE_ROOT, "tests", "data")
ORG = os.path.join(DATA, "spec-costs")
WHATIF = os.path.join(DATA, "spec-whatif")
SCENARIOS = os.path.join(WHATIF, "scenarios.json")
ACME = os.path.join(support.SOURCE_ROOT, "examples", "data")
BUILD = os.environ.get("MESON_BUILD_ROOT")
CLI = os.path.join(BUILD, "examples", "valuestream") if BUILD else None


def mismatches(e, a, where="$", bad=None):
    """check-decision's comparison (as tests/test-decide-cli.py ports it)."""
    bad = [] if bad is None else bad
    if isinstance(e, dict):
        if not isinstance(a, dict):
            bad.append(f"{where}: expected an object")
        else:
            for k, v in e.items():
                if k not in a:
                    bad.append(f"{where}.{k}: missing")
                else:
                    mismatches(v, a[k], f"{where}.{k}", bad)
    elif isinstance(e, list):
        if not isinstance(a, list) or len(a) != len(e):
            bad.append(f"{where}: expected {len(e)} items")
        else:
            for i, (x, y) in enumerate(zip(e, a)):
                mismatches(x, y, f"{where}[{i}]", bad)
    elif isinstance(e, bool) or e is None or isinstance(e, str):
        if e != a:
            bad.append(f"{where}: {e!r} vs {a!r}")
    elif (not isinstance(a, (int, float)) or isinstance(a, bool)
          or abs(a - e) > 1e-6 * max(1.0, abs(e), abs(a))):
        bad.append(f"{where}: {e!r} vs {a!r}")
    return bad


def by_name(comparisons):
    return {c.name: c for c in comparisons}


class SpecScenarios(unittest.TestCase):
    """SPEC 11's scenarios on the section 6 org (with costs)."""

    @classmethod
    def setUpClass(cls):
        cls.cs = by_name(vs.whatif(ORG, SCENARIOS))

    def risk(self, name):
        return self.cs[name].summary["revenue_at_risk"]

    def test_score(self):
        r = self.risk("Data's metrics fixed")
        self.assertAlmostEqual(r.before, 298.3720930, delta=1e-6)
        self.assertAlmostEqual(r.after, 246.2790698, delta=1e-6)
        self.assertAlmostEqual(r.delta, r.after - r.before, delta=1e-12)
        [h] = self.cs["Data's metrics fixed"].handoffs
        self.assertEqual((h.change, h.from_, h.to, h.deliverable), ("rescored", "B", "C", "metrics"))
        self.assertAlmostEqual(h.score.after, 1.0)

    def test_outage(self):
        c = self.cs["Delivery outage"]
        self.assertAlmostEqual(c.summary["revenue_at_risk"].after, 810.0, delta=1e-6)
        q = {x.id: x.quality.after for x in c.customers}
        self.assertAlmostEqual(q["X"], 0.0, delta=1e-9)
        self.assertAlmostEqual(q["Y"], 0.475, delta=1e-9)

    def test_remove_e(self):
        c = self.cs["Internal Comms disbanded"]
        r = c.summary["revenue_at_risk"]
        self.assertAlmostEqual(r.after, r.before, delta=1e-9)
        self.assertEqual(c.summary["stranded_cost"][:2], (80.0, 0.0))
        [a] = [u for u in c.units if u.id == "A"]
        self.assertEqual(set(a.flags_removed), {"captive_poor_service", "poor_service"})
        [e] = [u for u in c.units if u.id == "E"]
        self.assertEqual((e.status, e.reaches_customer), ("removed", (False, None)))
        self.assertEqual(c.summary["units"], (7, 6, -1))

    def test_remove_d(self):
        c = self.cs["Delivery disbanded"]
        self.assertAlmostEqual(c.summary["revenue_at_risk"].after, 620.0, delta=1e-6)
        q = {x.id: x.quality.after for x in c.customers}
        self.assertAlmostEqual(q["X"], 0.0, delta=1e-9)
        self.assertAlmostEqual(q["Y"], 0.95, delta=1e-9)
        [u] = [u for u in c.units if u.id == "C"]
        self.assertEqual(u.reaches_customer, (True, False))
        self.assertTrue(c.warnings)

    def test_against_expected_and_cli(self):
        with open(os.path.join(WHATIF, "whatif.expected.json")) as f:
            expected = json.load(f)
        got = {"valuestream": 1,
               "scenarios": [c.to_dict() for c in vs.whatif(ORG, SCENARIOS)]}
        self.assertEqual(mismatches(expected, got), [])
        if CLI is None:
            self.skipTest("MESON_BUILD_ROOT not set")
        out = subprocess.run([CLI, "whatif", ORG, SCENARIOS], capture_output=True, text=True,
                             check=True).stdout
        self.assertEqual(json.loads(out), got)

    def test_diff_as_of(self):
        c = vs.diff(ORG, ORG, old_as_of="2026-Q2")
        self.assertIsNone(c.name)
        self.assertAlmostEqual(c.summary["revenue_at_risk"].delta, 34.7286822, delta=1e-6)
        [h] = c.handoffs
        self.assertAlmostEqual(h.score.delta, -0.1333333, delta=1e-6)
        with open(os.path.join(WHATIF, "diff-as-of.expected.json")) as f:
            self.assertEqual(mismatches(json.load(f)["diff"], c.to_dict()), [])
        if CLI is not None:
            out = subprocess.run([CLI, "diff", ORG, ORG, "--old-as-of", "2026-Q2"],
                                 capture_output=True, text=True, check=True).stdout
            self.assertEqual(json.loads(out)["diff"], c.to_dict())
        # the same through Org objects and the as_of keyword
        with vs.load(ORG) as org:
            d = vs.diff(org, org, new_as_of=None, as_of=None, old_as_of="2026-Q2")
            self.assertEqual(d.to_dict(), c.to_dict())


class Built(unittest.TestCase):
    """Scenarios built in code are the file's."""

    def test_dicts_equal_file(self):
        with open(SCENARIOS) as f:
            doc = json.load(f)
        from_file = [c.to_dict() for c in vs.whatif(ORG, SCENARIOS)]
        self.assertEqual([c.to_dict() for c in vs.whatif(ORG, doc)], from_file)
        self.assertEqual([c.to_dict() for c in vs.whatif(ORG, doc["scenarios"])], from_file)
        objs = [vs.Scenario(s["name"], s["changes"]) for s in doc["scenarios"]]
        self.assertEqual([c.to_dict() for c in vs.whatif(ORG, objs)], from_file)
        csv_path = os.path.join(WHATIF, "scenarios.csv")
        self.assertEqual([c.to_dict() for c in vs.whatif(ORG, csv_path)], from_file)

    def test_set_clears_and_kind(self):
        [c] = vs.whatif(ORG, vs.Scenario("E outsourced", [
            {"action": "set", "unit": "E", "kind": "supplier", "cost": 25, "name": "CommsCo",
             "group": None}]))
        self.assertEqual(c.name, "E outsourced")
        self.assertEqual(c.summary["total_cost"][:2], (600.0, 585.0))

    def test_empty_scenario_and_none(self):
        [c] = vs.whatif(ORG, [{"name": "nothing"}])
        self.assertEqual((c.units, c.handoffs), ([], []))
        self.assertEqual(vs.whatif(ORG, []), [])

    def test_errors(self):
        with self.assertRaises(vs.InvalidError) as cm:
            vs.whatif(ORG, [{"name": "x", "changes": [{"action": "outage", "unit": "nobody"}]}])
        self.assertIn('scenario "x"', str(cm.exception))
        with self.assertRaises(vs.InvalidError) as cm:
            vs.whatif(ORG, [{"name": "x", "changes": [{"action": "explode", "unit": "A"}]}])
        self.assertIn("unknown action", str(cm.exception))
        with self.assertRaises(vs.InvalidError) as cm:
            vs.whatif(ORG, [{"name": "x", "changes": [{"action": "fix", "unit": "A",
                                                        "colour": "red"}]}])
        self.assertIn('unknown field "colour"', str(cm.exception))
        with self.assertRaises(vs.InvalidError) as cm:
            vs.whatif(ORG, [{"name": "x", "changes": [{"action": "fix", "unit": "A",
                                                        "score": 1.5}]}])
        self.assertIn("score", str(cm.exception))
        with self.assertRaises(vs.InvalidError):
            vs.whatif(ORG, [{"name": "x"}, {"name": "x"}])
        with self.assertRaises(TypeError):
            vs.whatif(ORG, [42])
        with self.assertRaises(TypeError):
            vs.Scenario("x", "fix A")
        with self.assertRaises(TypeError):
            vs.whatif(ORG, SCENARIOS, bogus=1)
        with self.assertRaises(vs.FileError):
            vs.whatif(ORG, os.path.join(WHATIF, "missing.json"))
        with self.assertRaises(TypeError):
            vs.diff(ORG, ORG, old_as_of=3)
        with self.assertRaises(TypeError):
            vs.Comparison()


class Writers(unittest.TestCase):
    def test_report(self):
        cs = vs.whatif(ORG, SCENARIOS)
        text = cs[1].report("text")
        self.assertIn("Revenue at risk: 298.37 -> 810.00", text)
        self.assertEqual(json.loads(cs[1].report("json"))["scenarios"][0], cs[1].to_dict())
        self.assertTrue(cs[1].report("csv").startswith("scenario,kind,id,"))
        self.assertIn("<h1>What-if scenarios</h1>", cs[1].report("html"))
        d = vs.diff(ORG, ORG, old_as_of="2026-Q2")
        self.assertEqual(json.loads(d.report("json", pretty=False))["diff"], d.to_dict())
        self.assertIn("Got worse", d.report())
        with self.assertRaises(ValueError):
            d.report("dot")

    def test_pandas(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas is not installed")
        c = vs.whatif(ORG, SCENARIOS)[1]
        df = c.to_pandas()
        self.assertEqual(len(df), len(c.customers) + len(c.units))
        row = df[(df.kind == "customer") & (df.id == "X")].iloc[0]
        self.assertAlmostEqual(row.quality_after, 0.0)
        self.assertTrue(math.isnan(row.fix_value_before))


class Ownership(unittest.TestCase):
    def test_copy_is_independent(self):
        org = vs.load(ORG)
        twin = org.copy()
        twin.add_unit("Z", "customer", revenue=5)
        self.assertNotIn("Z", org.units)
        org.close()
        self.assertIn("Z", twin.units)
        self.assertEqual(len(twin.units), 8)

    def test_awkward_orders(self):
        org = vs.load(ORG)
        cs = vs.whatif(org, SCENARIOS)
        org.close()  # the comparisons do not need the org
        gc.collect()
        self.assertEqual(len(cs[0].report("json")) > 0, True)
        first = cs.pop(0)
        del cs  # the others (and the shared baseline's other users) go first
        gc.collect()
        self.assertIn("metrics", first.report())
        first.close()
        first.close()  # twice is harmless
        with self.assertRaises(vs.ClosedError):
            first.report()
        # the numbers were read when it was made
        self.assertAlmostEqual(first.summary["revenue_at_risk"].after, 246.2790698, delta=1e-6)
        self.assertIn("closed", repr(first))
        with vs.diff(ORG, ORG) as d:
            self.assertEqual(d.units, [])
        self.assertTrue(d.closed)
        # many made and dropped
        for _ in range(3):
            vs.whatif(ORG, SCENARIOS)
        gc.collect()

    def test_acme(self):
        cs = vs.whatif(os.path.join(ACME, "acme"), os.path.join(ACME, "acme-scenarios.json"))
        self.assertEqual(len(cs), 4)
        outage = cs[1]
        self.assertGreater(outage.summary["revenue_at_risk"].delta, 0)
        self.assertLess(cs[0].summary["revenue_at_risk"].delta, 0)


if __name__ == "__main__":
    unittest.main(verbosity=1)
