#!/usr/bin/env python3
"""`valuestream whatif` and `valuestream diff` (SPEC 8, 10).

Usage: test-decide-cli.py VALUESTREAM DATA_DIR LARGE_DIR

The SPEC 11 examples against tests/data/spec-whatif's expected outputs,
compared by the rule of /work/shared/tools/check-decision (ported here:
every field of the expected output in the actual one with the same value,
numbers to 1e-6 relative, lists in order; extra fields are fine); JSON and
CSV scenario files give the same output; the hostile files of
scenarios-bad/cases.tsv exit 1 with their message, write no output and
leave an existing output file as it was; usage errors exit 2.

The text, CSV and HTML of both SPEC examples: the CSV's numbers are the
JSON's (every row checked against it), the HTML is well-formed XML with
the scenario names and figures, the text has the SPEC's headline
numbers; hostile names (markup, quotes, separators, control codes) come
out escaped in all three; the bundled Acme scenarios run.
"""
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

from decision_check import mismatches  # the checker, next to this file

VS, DATA, LARGE = sys.argv[1], sys.argv[2], sys.argv[3]
ORG = os.path.join(DATA, "spec-costs")
WHATIF = os.path.join(DATA, "spec-whatif")


def run(*args):
    return subprocess.run([VS, *args], capture_output=True, text=True,
                          errors="replace", timeout=300)


class SpecExamples(unittest.TestCase):
    def check(self, expected, proc):
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(os.path.join(WHATIF, expected)) as f:
            exp = json.load(f)
        self.assertEqual(mismatches(exp, json.loads(proc.stdout)), [])

    def test_whatif_json_and_csv(self):
        j = run("whatif", ORG, os.path.join(WHATIF, "scenarios.json"), "--format", "json")
        c = run("whatif", ORG, os.path.join(WHATIF, "scenarios.csv"))
        self.check("whatif.expected.json", j)
        self.check("whatif.expected.json", c)
        self.assertEqual(j.stdout, c.stdout)

    def test_diff_as_of(self):
        self.check("diff-as-of.expected.json",
                   run("diff", ORG, ORG, "--old-as-of", "2026-Q2", "--format", "json"))

    def test_diff_self_is_empty(self):
        p = run("diff", ORG, ORG, "--compact")
        self.assertEqual(p.returncode, 0, p.stderr)
        d = json.loads(p.stdout)["diff"]
        self.assertEqual(d["units"], [])
        self.assertEqual(d["handoffs"], {"added": [], "removed": [], "rescored": []})

    def test_output_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "w.json")
            p = run("whatif", ORG, os.path.join(WHATIF, "scenarios.json"), "-o", out)
            self.assertEqual((p.returncode, p.stdout), (0, ""), p.stderr)
            with open(out) as f:
                self.assertEqual(len(json.load(f)["scenarios"]), 6)
            self.assertEqual(os.listdir(tmp), ["w.json"])

    def test_usage(self):
        s = os.path.join(WHATIF, "scenarios.json")
        for args in (["whatif", ORG], ["whatif", ORG, s, "--format", "dot"],
                     ["diff", ORG], ["whatif", ORG, s, "--bogus"]):
            p = run(*args)
            self.assertEqual(p.returncode, 2, args)
        p = run("whatif", ORG, s, "--format", "svg")
        self.assertEqual(p.returncode, 2)
        self.assertIn("expected json, text, csv or html", p.stderr)
        p = run("whatif", ORG, os.path.join(WHATIF, "missing.json"))
        self.assertEqual(p.returncode, 1)


def csv_rows(text):
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return rows


def number(cell):
    return None if cell == "" else float(cell)


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


class Formats(unittest.TestCase):
    """text, csv and html of the SPEC examples, checked against the JSON."""

    def outputs(self, *args):
        out = {}
        for fmt in ("json", "text", "csv", "html"):
            p = run(*args, "--format", fmt)
            self.assertEqual(p.returncode, 0, p.stderr)
            out[fmt] = p.stdout
        return out

    def check_csv(self, table, comparisons, names):
        """Every CSV row's numbers are the JSON's; every JSON entry has rows."""
        rows = csv_rows(table)
        self.assertTrue(table.startswith("scenario,kind,id,name,status,from,to,deliverable,"
                                         "value,before,after,delta\n"))
        seen = set()
        for r in rows:
            c = comparisons[names.index(r["scenario"])]
            if r["kind"] == "summary":
                want = c["summary"][r["value"]]
            elif r["kind"] in ("customer", "unit"):
                [entry] = [e for e in c[r["kind"] + "s"] if e["id"] == r["id"]]
                self.assertEqual(entry["status"], r["status"])
                if r["value"] == "reaches_customer":
                    rc = entry["reaches_customer"]
                    want = {k: None if rc[k] is None else float(rc[k]) for k in rc}
                    want["delta"] = None if None in want.values() else want["after"] - want["before"]
                else:
                    want = entry[r["value"]]
                seen.add((r["scenario"], r["kind"], r["id"]))
            elif r["kind"] == "flag":
                [entry] = [e for e in c["units"] if e["id"] == r["id"]]
                appeared = r["value"] in entry["flags_added"]
                self.assertTrue(appeared or r["value"] in entry["flags_removed"])
                want = {"before": 0.0 if appeared else 1.0, "after": 1.0 if appeared else 0.0}
                want["delta"] = want["after"] - want["before"]
            elif r["kind"] == "handoff":
                lst = {"added": "added", "removed": "removed", "same": "rescored"}[r["status"]]
                match = [h for h in c["handoffs"][lst] if (h["from"], h["to"], h["deliverable"])
                         == (r["from"], r["to"], r["deliverable"])]
                self.assertTrue(match, r)
                want = match[0].get("score", {"before": None, "after": None, "delta": None})
            else:
                self.assertEqual(r["kind"], "warning")
                self.assertIn(r["name"], c["warnings"])
                continue
            for k in ("before", "after", "delta"):
                self.assertTrue(close(number(r[k]), want[k]), (r, k, want))
        for name, c in zip(names, comparisons):
            for kind in ("customer", "unit"):
                for e in c[kind + "s"]:
                    self.assertIn((name, kind, e["id"]), seen)

    def test_whatif(self):
        out = self.outputs("whatif", ORG, os.path.join(WHATIF, "scenarios.json"))
        doc = json.loads(out["json"])
        names = [s["name"] for s in doc["scenarios"]]
        self.check_csv(out["csv"], doc["scenarios"], names)
        # text: SPEC 11's numbers in the headlines
        t = out["text"]
        for line in ("Revenue at risk: 298.37 -> 246.28 (-52.09, -17.5%)",
                     "Revenue at risk: 298.37 -> 810.00 (+511.63, +171.5%)",
                     "Revenue at risk: 298.37 -> 620.00 (+321.63, +107.8%)",
                     "stranded 80.00 -> 0.00",
                     "rescored: B -> C \"metrics\": score 0.80 -> 1.00 (+0.20)",
                     "added: B -> D \"forecasts\"",
                     "A (Platform): captive customer served poorly went; poor service went",
                     "E (Internal Comms) [gone]"):
            self.assertIn(line, t)
        self.assertEqual(t.count("\nScenario "), 6)
        # html: well-formed, a section per scenario, the figures on cards
        root = ET.fromstring(out["html"])
        page = "".join(root.itertext())
        for i, name in enumerate(names):
            self.assertIn("%d. %s" % (i + 1, name), page)
        self.assertIn("810", page)
        self.assertIn("620", page)
        self.assertIn("What-if: spec-costs", page)
        p = run("whatif", ORG, os.path.join(WHATIF, "scenarios.json"), "--format", "html",
                "--title", "Q3 <options>")
        self.assertIn("<h1>Q3 &lt;options&gt;</h1>", p.stdout)

    def test_diff(self):
        out = self.outputs("diff", ORG, ORG, "--old-as-of", "2026-Q2")
        doc = json.loads(out["json"])["diff"]
        self.check_csv(out["csv"], [doc], [""])
        t = out["text"]
        self.assertIn("Revenue at risk: 263.64 -> 298.37 (+34.73, +13.2%)", t)
        self.assertIn("Got worse (6):", t)
        self.assertIn("handoff B -> C \"metrics\": score 0.93 -> 0.80 (-0.13)", t)
        self.assertNotIn("Improved", t)
        page = "".join(ET.fromstring(out["html"]).itertext())
        self.assertIn("Comparison: spec-costs -> spec-costs", page)
        self.assertIn("+34.7", page)
        # a diff with itself: nothing changed
        p = run("diff", ORG, ORG, "--format", "text")
        self.assertIn("Nothing changed", p.stdout)

    def test_output_file_and_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "w.html")
            with open(out, "w") as f:
                f.write("old")
            p = run("whatif", ORG, os.path.join(DATA, "scenarios-bad", "unknown-unit.json"),
                    "--format", "html", "-o", out)
            if p.returncode == 1:  # the file exists in the hostile set
                with open(out) as f:
                    self.assertEqual(f.read(), "old")
            p = run("whatif", ORG, os.path.join(WHATIF, "scenarios.csv"), "--format", "csv",
                    "-o", out)
            self.assertEqual((p.returncode, p.stdout), (0, ""), p.stderr)
            self.assertEqual(os.listdir(tmp), ["w.html"])

    def test_acme(self):
        acme = os.path.join(os.path.dirname(DATA), "..", "examples", "data")
        for fmt in ("json", "text", "csv", "html"):
            p = run("whatif", os.path.join(acme, "acme"), os.path.join(acme, "acme-scenarios.json"),
                    "--format", fmt)
            self.assertEqual(p.returncode, 0, p.stderr)
        names = [s["name"] for s in json.loads(
            run("whatif", os.path.join(acme, "acme"),
                os.path.join(acme, "acme-scenarios.json")).stdout)["scenarios"]]
        self.assertEqual(len(names), 4)


HOSTILE = '<script>alert("x")</script>&amp;,"q"'
SCENARIO = HOSTILE + "\x1b[31m"  # ids refuse control characters; names do not


def write_hostile(directory):
    """An org and a scenario whose strings are hostile (test-reports.py's
    kind): markup, quotes, separators, a terminal escape."""
    units = [["id", "kind", "name", "group", "revenue", "cost"],
             [HOSTILE, "team", 'Tom & Jerry, "the" cat\nand \x1b[31mmouse', "R&D <eng>", "", "10"],
             ["sup", "supplier", "Supplier ]]> back\\slash", "", "", "5"],
             ["cust", "customer", "Customer </html> & co", "", "1000", ""]]
    handoffs = [["from", "to", "deliverable", "score"],
                ["sup", HOSTILE, 'a"b\\c<d>', "0.6"],
                [HOSTILE, "cust", "<b>bold</b>", "0.5"]]
    for name, rows in (("units.csv", units), ("handoffs.csv", handoffs)):
        with open(os.path.join(directory, name), "w", newline="") as f:
            csv.writer(f).writerows(rows)
    scenarios = {"scenarios": [
        {"name": SCENARIO, "changes": [{"action": "fix", "unit": HOSTILE}]},
        {"name": "</h2><p>x", "changes": [
            {"action": "remove_handoff", "from": "sup", "to": HOSTILE},
            {"action": "add_handoff", "from": "sup", "to": HOSTILE, "deliverable": "<i>new</i>",
             "score": 0.9}]}]}
    path = os.path.join(directory, "scenarios.json")
    with open(path, "w") as f:
        json.dump(scenarios, f)
    return path


class HostileNames(unittest.TestCase):
    def test_escaped(self):
        with tempfile.TemporaryDirectory() as tmp:
            scenarios = write_hostile(tmp)
            doc = json.loads(run("whatif", tmp, scenarios).stdout)
            # html: well-formed, names as text, no markup of theirs
            p = run("whatif", tmp, scenarios, "--format", "html")
            self.assertEqual(p.returncode, 0, p.stderr)
            root = ET.fromstring(p.stdout)
            page = "".join(root.itertext())
            self.assertIn('<script>alert("x")</script>', page)
            self.assertIn("</h2><p>x", page)
            self.assertNotIn("<script>", p.stdout)
            self.assertNotIn("<b>bold", p.stdout)
            self.assertFalse(root.findall(".//{http://www.w3.org/1999/xhtml}script"))
            # csv: the names read back exactly
            p = run("whatif", tmp, scenarios, "--format", "csv")
            rows = csv_rows(p.stdout)
            self.assertEqual({r["scenario"] for r in rows}, {SCENARIO, "</h2><p>x"})
            self.assertIn('Tom & Jerry, "the" cat\nand \x1b[31mmouse', {r["name"] for r in rows})
            self.assertIn("<i>new</i>", {r["deliverable"] for r in rows})
            self.check_rows(rows, doc)
            # text: no control character reaches the terminal
            for args in (["whatif", tmp, scenarios], ["diff", tmp, tmp]):
                p = run(*args, "--format", "text")
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertNotIn("\x1b", p.stdout)
                self.assertFalse([ch for ch in p.stdout if ord(ch) < 32 and ch != "\n"])
            self.assertIn('"<script>alert("x")</script>&amp;,"q"?[31m"', run(
                "whatif", tmp, scenarios, "--format", "text").stdout)
            # diff in html and csv, too
            for fmt in ("html", "csv"):
                self.assertEqual(run("diff", tmp, tmp, "--format", fmt).returncode, 0)

    def check_rows(self, rows, doc):
        units = [r for r in rows if r["kind"] == "unit" and r["scenario"] == SCENARIO]
        self.assertTrue(units)
        self.assertTrue(all(r["id"] in {HOSTILE, "sup"} for r in units))
        self.assertEqual(len(doc["scenarios"]), 2)


class Hostile(unittest.TestCase):
    def test_cases(self):
        bad = os.path.join(DATA, "scenarios-bad")
        n = 0
        with open(os.path.join(bad, "cases.tsv")) as f:
            cases = [l.rstrip("\n").split("\t", 2) for l in f if l.strip() and l[0] != "#"]
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "old.json")
            for name, code, fragment in cases:
                with self.subTest(name=name):
                    path = (os.path.join(LARGE, name[6:]) if name.startswith("large:")
                            else os.path.join(bad, name))
                    with open(out, "w") as f:
                        f.write("old")
                    p = run("whatif", ORG, path, "-o", out)
                    self.assertEqual(p.returncode, 1, p.stderr)
                    self.assertIn(fragment, p.stderr)
                    self.assertEqual(p.stdout, "")
                    with open(out) as f:
                        self.assertEqual(f.read(), "old")
                    self.assertEqual(os.listdir(tmp), ["old.json"])
                    n += 1
        self.assertGreaterEqual(n, 40)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=1)
