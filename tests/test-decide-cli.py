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
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

VS, DATA, LARGE = sys.argv[1], sys.argv[2], sys.argv[3]
ORG = os.path.join(DATA, "spec-costs")
WHATIF = os.path.join(DATA, "spec-whatif")


def run(*args):
    return subprocess.run([VS, *args], capture_output=True, text=True,
                          errors="replace", timeout=300)


def mismatches(e, a, where="$", bad=None):
    """check-decision's comparison: the differences, as text."""
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
        for fmt in ("text", "csv", "html"):
            p = run("whatif", ORG, s, "--format", fmt)
            self.assertEqual(p.returncode, 2)
            self.assertIn("not available yet", p.stderr)
        p = run("whatif", ORG, os.path.join(WHATIF, "missing.json"))
        self.assertEqual(p.returncode, 1)


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
