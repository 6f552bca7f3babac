#!/usr/bin/env python3
"""Tests of `valuestream plan` (SPEC 9): the SPEC 11 plans against the
expected files in tests/data/spec-plan (compared as the SPEC's
check-decision tool compares them), the text, CSV and HTML formats,
options, exit codes, atomic output.

Usage: test-plan-cli.py VALUESTREAM_BINARY SOURCE_DIR
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

from decision_check import mismatches  # the checker, next to this file

CLI = None
SOURCE = None


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120)


def data(*parts):
    return os.path.join(SOURCE, "tests", "data", "spec-plan", *parts)


class Checker(unittest.TestCase):
    """The ported checker fails where it should."""

    def test_checker_finds_differences(self):
        with open(data("plan.expected.json")) as f:
            expected = json.load(f)
        self.assertEqual(mismatches(expected, expected), [])
        changed = json.loads(json.dumps(expected))
        changed["plan"]["steps"][1]["gain"] += 1e-3
        changed["plan"]["extra"] = 1
        self.assertEqual(len(mismatches(expected, changed)), 1)
        changed["plan"]["steps"].pop()
        self.assertIn("expected 3 items", mismatches(expected, changed)[0])
        changed = json.loads(json.dumps(expected))
        changed["plan"]["steps"][0]["unit"] = "B"
        self.assertEqual(len(mismatches(expected, changed)), 1)


class SpecPlans(unittest.TestCase):
    """SPEC 11: the plans on the section 6 org, targets 1 and 0.9."""

    def check(self, expected_file, *options):
        out = run("plan", data(), *options)
        self.assertEqual(out.returncode, 0, out.stderr)
        with open(data(expected_file)) as f:
            expected = json.load(f)
        self.assertEqual(mismatches(expected, json.loads(out.stdout)), [])

    def test_target_1(self):
        self.check("plan.expected.json")
        self.check("plan.expected.json", "--format", "json", "--target", "1", "--steps", "5")

    def test_target_09(self):
        self.check("plan-0.9.expected.json", "--target", "0.9")

    def test_fewer_steps(self):
        out = run("plan", data(), "--steps", "1", "--compact")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.count("\n"), 1)  # compact: one line
        plan = json.loads(out.stdout)["plan"]
        self.assertEqual([s["unit"] for s in plan["steps"]], ["C"])
        self.assertAlmostEqual(plan["steps"][0]["revenue_at_risk"], 110, places=7)

    def test_steps_zero(self):
        out = run("plan", data(), "-k", "0")
        self.assertEqual(out.returncode, 0, out.stderr)
        plan = json.loads(out.stdout)["plan"]
        self.assertEqual(plan["steps"], [])
        self.assertAlmostEqual(plan["revenue_at_risk"], 298.3720930, places=6)

    def test_analysis_options_apply(self):
        # as of 2026-Q2 B->C scores 0.9333333 and the starting risk is
        # 263.6434109 (SPEC 11)
        out = run("plan", data(), "--as-of", "2026-Q2")
        self.assertEqual(out.returncode, 0, out.stderr)
        plan = json.loads(out.stdout)["plan"]
        self.assertAlmostEqual(plan["revenue_at_risk"], 263.6434109, places=6)
        self.assertEqual(plan["steps"][-1]["revenue_at_risk"], 0)


class Usage(unittest.TestCase):
    """Bad options exit 2 before anything is read; bad input exits 1."""

    def usage(self, *args, says):
        out = run("plan", *args)
        self.assertEqual(out.returncode, 2, out.stderr)
        self.assertIn(says, out.stderr)
        self.assertEqual(out.stdout, "")

    def test_bad_options(self):
        self.usage(data(), "--steps", "-1", says="--steps")
        self.usage(data(), "--steps", "many", says="steps")
        self.usage(data(), "--target", "1.5", says="--target")
        self.usage(data(), "--target", "-0.1", says="--target")
        self.usage(data(), "--target", "nan", says="--target")
        self.usage(data(), "--target", "x", says="target")
        self.usage(data(), "--poor-score", "2", says="poor_score")
        self.usage(says="exactly one ORG")
        self.usage(data(), data(), says="exactly one ORG")

    def test_unknown_formats(self):
        for name in ("xml", "dot", "JSON", ""):
            self.usage(data(), "--format", name, says="unknown format")

    def test_bad_input(self):
        out = run("plan", os.path.join(SOURCE, "no", "such", "org"))
        self.assertEqual(out.returncode, 1)
        self.assertIn("org", out.stderr)

    def test_help_lists_plan(self):
        out = run("--help")
        self.assertIn("plan", out.stdout)


class Formats(unittest.TestCase):
    """text, csv and html say what the JSON says (SPEC 11, target 1:
    C 188.3720930 -> 110, B 90 -> 20, A 20 -> 0 of 298.3720930)."""

    def plan(self, *args):
        """The output as written (no newline translation: CSV ends lines in CRLF)."""
        out = subprocess.run([CLI, "plan", data(), *args], capture_output=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stderr, b"")
        return out.stdout.decode("utf-8")

    def test_text(self):
        lines = self.plan("--format", "text").splitlines()
        self.assertEqual(lines[0], "Improvement plan: revenue at risk 298.37 now; each fix "
                                   "raises a unit's handoffs to a score of at least 1.00")
        self.assertEqual(lines[2:], [
            "  1. C (Product): removes 188.37; revenue at risk after 110.00 "
            "(63.1% removed so far)",
            "  2. B (Data): removes 90.00; revenue at risk after 20.00 (93.3% removed so far)",
            "  3. A (Platform): removes 20.00; revenue at risk after 0.00 "
            "(100.0% removed so far)"])
        self.assertIn("at least 0.90", self.plan("--format", "text", "--target", "0.9"))
        self.assertIn("No step", self.plan("-f", "text", "-k", "0"))

    def test_csv_reads_back_as_the_json(self):
        text = self.plan("--format", "csv", "--target", "0.9")
        self.assertTrue(text.endswith("\r\n"))
        rows = list(csv.reader(io.StringIO(text, newline="")))
        self.assertEqual(rows[0], ["step", "unit", "name", "gain", "revenue_at_risk",
                                   "removed_share"])
        steps = json.loads(self.plan("--target", "0.9"))["plan"]["steps"]
        self.assertEqual(len(rows), 1 + len(steps))
        for row, step in zip(rows[1:], steps):
            self.assertEqual(row[:2], [str(step["step"]), step["unit"]])
            self.assertEqual([float(x) for x in row[3:]],
                             [step["gain"], step["revenue_at_risk"], step["removed_share"]])
        self.assertEqual([r[2] for r in rows[1:]], ["Product", "Data"])
        self.assertEqual(self.plan("--format", "csv", "--steps", "0"),
                         "step,unit,name,gain,revenue_at_risk,removed_share\r\n")

    def test_html(self):
        html = self.plan("--format", "html")
        self.assertTrue(html.startswith("<!DOCTYPE html>\n<html xmlns="))
        self.assertNotIn("<script", html)
        self.assertIsNone(re.search(r"""(src|href)=["'](?!#)""", html), "no external asset")
        root = ET.fromstring(html)  # well-formed
        xhtml = "{http://www.w3.org/1999/xhtml}"
        self.assertEqual(root.find(f"{xhtml}head/{xhtml}title").text,
                         "Improvement plan: spec-plan")
        table = root.find(f".//{xhtml}table[@class='plan']")
        rows = [["".join(td.itertext()).strip() for td in tr] for tr in table]
        self.assertEqual(rows[0], ["Step", "Fix", "Department", "Removes", "At risk after",
                                   "Removed so far"])
        self.assertEqual([r[0] for r in rows[1:]], ["1", "2", "3"])
        self.assertEqual(rows[1][1], "Product C")
        self.assertEqual(rows[1][5], "63.1%")
        self.assertEqual(rows[3][5], "100.0%")
        # bars: one per number, widths on the scale of the starting risk
        bars = table.findall(f".//{xhtml}span[@class='bar']")
        self.assertEqual(len(bars), 3 * 3)
        self.assertIn("width:63%", bars[0][0].get("style"))  # C removes 188 of 298
        titled = run("plan", data(), "-f", "html", "--title", "Q3 <plan> & co")
        self.assertIn("<title>Q3 &lt;plan&gt; &amp; co</title>", titled.stdout)

    def test_every_format_to_a_file(self):
        with tempfile.TemporaryDirectory() as d:
            for name in ("json", "text", "csv", "html"):
                path = os.path.join(d, "plan." + name)
                out = run("plan", data(), "--format", name, "-o", path)
                self.assertEqual(out.returncode, 0, out.stderr)
                self.assertEqual(out.stdout, "")
                with open(path, newline="") as f:
                    self.assertEqual(f.read(), self.plan("--format", name), name)
            self.assertEqual(sorted(os.listdir(d)),
                             ["plan.csv", "plan.html", "plan.json", "plan.text"])


class Output(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_atomic_file(self):
        target = os.path.join(self.dir, "plan.json")
        out = run("plan", data(), "-o", target)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout, "")
        with open(target) as f:
            good = f.read()
        with open(data("plan.expected.json")) as f:
            self.assertEqual(mismatches(json.load(f), json.loads(good)), [])
        # bad input: the previous plan stays, nothing is left behind
        out = run("plan", os.path.join(self.dir, "missing"), "-o", target)
        self.assertEqual(out.returncode, 1)
        with open(target) as f:
            self.assertEqual(f.read(), good)
        self.assertEqual(os.listdir(self.dir), ["plan.json"])
        # an unwritable place: exit 1, naming it
        out = run("plan", data(), "-o", os.path.join(self.dir, "no", "such", "p.json"))
        self.assertEqual(out.returncode, 1)
        self.assertIn("p.json", out.stderr)
        # a device is written to, not replaced
        out = run("plan", data(), "-o", "/dev/null")
        self.assertEqual(out.returncode, 0, out.stderr)


if __name__ == "__main__":
    CLI, SOURCE = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"])
