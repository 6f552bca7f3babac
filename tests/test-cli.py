#!/usr/bin/env python3
"""Tests of the valuestream CLI: `analyze` on the SPEC example and the
bundled sample, exit codes, and atomic output files.

Usage: test-cli.py VALUESTREAM_BINARY SOURCE_DIR
"""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

CLI = None
SOURCE = None


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120)


def spec_dir():
    return os.path.join(SOURCE, "tests", "data", "spec")


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


class SpecExample(unittest.TestCase):
    """`analyze --format json` reproduces every number of SPEC section 6."""

    @classmethod
    def setUpClass(cls):
        out = run("analyze", spec_dir(), "--format", "json")
        assert out.returncode == 0, out.stderr
        cls.report = json.loads(out.stdout)
        with open(os.path.join(spec_dir(), "expected.json")) as f:
            cls.expected = json.load(f)

    def test_summary(self):
        for key, want in self.expected["summary"].items():
            got = self.report["summary"][key]
            self.assertTrue(close(got, want), f"{key}: {got} != {want}")

    def test_units(self):
        got = {u["id"]: u for u in self.report["units"]}
        self.assertEqual([u["id"] for u in self.report["units"]],
                         [u["id"] for u in self.expected["units"]], "input order")
        for want in self.expected["units"]:
            have = got[want["id"]]
            for key in ("kind", "chokepoints", "dependents", "flags"):
                self.assertEqual(have[key], want[key], f"{want['id']}.{key}")
            for key in ("quality", "service_score", "fix_value"):
                self.assertTrue(close(have[key], want[key]),
                                f"{want['id']}.{key}: {have[key]} != {want[key]}")
            los, wlos = have["line_of_sight"], want["line_of_sight"]
            for key in ("reaches_customer", "hops", "customers"):
                self.assertEqual(los[key], wlos[key], f"{want['id']}.{key}")
            self.assertTrue(close(los["exposure"], wlos["exposure"]))
            self.assertEqual(sorted(los["shares"]), sorted(wlos["shares"]))
            for c, x in wlos["shares"].items():
                self.assertTrue(close(los["shares"][c], x), f"{want['id']}.shares[{c}]")
            if wlos["path"] is None:
                self.assertIsNone(los["path"])
            else:
                self.assertEqual(len(los["path"]), wlos["hops"] + 1)
                self.assertEqual(los["path"][0], want["id"])
                self.assertIn(los["path"][-1], wlos["customers"])

    def test_customers_loops_groups(self):
        got = {c["id"]: c for c in self.report["customers"]}
        for want in self.expected["customers"]:
            have = got[want["id"]]
            self.assertEqual(have["critical_units"], want["critical_units"])
            for key in ("revenue", "quality", "revenue_at_risk"):
                self.assertTrue(close(have[key], want[key]), f"{want['id']}.{key}")
        self.assertEqual(self.report["loops"], self.expected["loops"])
        self.assertEqual(self.report["groups"], self.expected["groups"])
        self.assertEqual(self.report["warnings"], [])


class TextAndSample(unittest.TestCase):
    def test_text_ranks_by_fix_value(self):
        out = run("analyze", spec_dir())
        self.assertEqual(out.returncode, 0, out.stderr)
        text = out.stdout
        self.assertIn("7 units (5 teams, 0 suppliers, 2 customers), 9 handoffs", text)
        self.assertIn("298.37", text)
        order = [text.index(f"{rank}. {unit}") for rank, unit in
                 ((1, "C (Product)"), (2, "B (Data)"), (3, "A (Platform)"))]
        self.assertEqual(order, sorted(order))
        self.assertIn("C -> D -> X", text)   # the chain to the customer it endangers
        self.assertIn("188.37", text)

    def test_bundled_sample(self):
        acme = os.path.join(SOURCE, "examples", "data", "acme")
        out = run("analyze", acme, "--format", "json", "--compact")
        self.assertEqual(out.returncode, 0, out.stderr)
        report = json.loads(out.stdout)
        self.assertTrue(40 <= report["summary"]["units"] <= 60)
        self.assertGreater(report["summary"]["suppliers"], 0)
        self.assertGreater(len(report["loops"]), 0)
        flags = [f for u in report["units"] for f in u["flags"]]
        self.assertIn("no_line_of_sight", flags)
        self.assertIn("deteriorating", flags)
        self.assertGreaterEqual(len({t["periods"][0] for t in report["trends"]}), 1)
        self.assertTrue(all(len(t["periods"]) >= 3 for t in report["trends"]))


class ExitCodesAndFiles(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def bad_org(self):
        path = os.path.join(self.dir, "bad")
        os.mkdir(path)
        with open(os.path.join(path, "units.csv"), "w") as f:
            f.write("id,kind\nA,team\nX,customer\n")
        with open(os.path.join(path, "handoffs.csv"), "w") as f:
            f.write("from,to,score\nA,X,1.4\n")
        return path

    def test_help_and_usage(self):
        self.assertEqual(run("--help").returncode, 0)
        self.assertEqual(run("analyze", "--help").returncode, 0)
        self.assertEqual(run().returncode, 2)
        self.assertEqual(run("frobnicate").returncode, 2)
        self.assertEqual(run("analyze").returncode, 2)
        self.assertEqual(run("analyze", spec_dir(), "--format", "yaml").returncode, 2)
        self.assertEqual(run("analyze", spec_dir(), "--poor-score", "7").returncode, 2)
        self.assertEqual(run("analyze", spec_dir(), "--no-such-option").returncode, 2)
        for bad in (["--markup", "-0.5"], ["--markup", "nan"], ["--cost-basis", "hours"]):
            out = run("analyze", spec_dir(), *bad)
            self.assertEqual(out.returncode, 2, bad)
            self.assertEqual(out.stdout, "")
            self.assertIn(bad[0][2:], out.stderr)

    def test_volume_basis_needs_every_volume(self):
        target = os.path.join(self.dir, "report.json")
        with open(target, "w") as f:
            f.write("old")
        out = run("analyze", spec_dir(), "--cost-basis", "volume", "-o", target)
        self.assertEqual(out.returncode, 1)
        self.assertIn('handoff 1 (A -> B, "datasets") has no volume', out.stderr)
        with open(target) as f:
            self.assertEqual(f.read(), "old")
        self.assertEqual(os.listdir(self.dir), ["report.json"])

    def test_bad_input_names_file_line_field(self):
        out = run("analyze", self.bad_org())
        self.assertEqual(out.returncode, 1)
        self.assertIn('handoffs.csv:2: field "score": 1.4 is not in 0..1', out.stderr)
        self.assertEqual(out.stdout, "")
        out = run("analyze", os.path.join(self.dir, "missing"))
        self.assertEqual(out.returncode, 1)
        self.assertIn("missing", out.stderr)

    def test_shares_when_customer_order_differs_from_id_order(self):
        # x comes before c in the file; t feeds x alone and c with s:
        # t's share of x is 1, of c one half (equal weights into c).
        org = os.path.join(self.dir, "order")
        os.mkdir(org)
        with open(os.path.join(org, "units.csv"), "w") as f:
            f.write("id,kind,revenue\nx,customer,100\nc,customer,100\nt,team,\ns,team,\n")
        with open(os.path.join(org, "handoffs.csv"), "w") as f:
            f.write("from,to\nt,x\ns,c\nt,c\n")
        out = run("analyze", org, "--format", "json")
        self.assertEqual(out.returncode, 0, out.stderr)
        units = {u["id"]: u for u in json.loads(out.stdout)["units"]}
        self.assertEqual(units["t"]["line_of_sight"]["shares"], {"c": 0.5, "x": 1})
        self.assertEqual(units["s"]["line_of_sight"]["shares"], {"c": 0.5})

    def test_output_file_is_atomic(self):
        target = os.path.join(self.dir, "report.json")
        out = run("analyze", spec_dir(), "--format", "json", "-o", target)
        self.assertEqual(out.returncode, 0, out.stderr)
        with open(target) as f:
            good = f.read()
        self.assertEqual(json.loads(good)["valuestream"], 1)
        # bad input: the previous report stays as it was, nothing is left behind
        out = run("analyze", self.bad_org(), "--format", "json", "-o", target)
        self.assertEqual(out.returncode, 1)
        with open(target) as f:
            self.assertEqual(f.read(), good)
        self.assertEqual(sorted(os.listdir(self.dir)), ["bad", "report.json"])
        # an unwritable place: exit 1, no file
        out = run("analyze", spec_dir(), "-o", os.path.join(self.dir, "no", "such", "r.txt"))
        self.assertEqual(out.returncode, 1)
        self.assertIn("r.txt", out.stderr)


if __name__ == "__main__":
    CLI, SOURCE = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"])
