#!/usr/bin/env python3
"""The mining commands end to end: `valuestream mine` (summary, org
directory written atomically, exit codes) and `valuestream analyze --log`.

Usage: test-mine-cli.py VALUESTREAM_BINARY SOURCE_DIR
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest

CLI = SOURCE = None


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300)


def acme_log(name):
    return os.path.join(SOURCE, "examples", "data", "acme-log", name)


def fixture():
    return os.path.join(SOURCE, "tests", "data", "mine", "log.csv")


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


class Mine(unittest.TestCase):
    def test_summary_and_org_directory(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "acme-mined")
            done = run("mine", acme_log("log.csv.gz"), "--map", acme_log("people.csv"),
                       "--units", os.path.join(SOURCE, "examples", "data", "acme", "units.csv"),
                       "-o", out)
            self.assertEqual(done.returncode, 0, done.stderr)
            text = done.stdout
            for words in ("events", "skipped without a team", "not in the people map",
                          "contractor-ext1", "cases", "teams", "customers", "handoffs",
                          "p90", "Busiest handoffs", "Wrote"):
                self.assertIn(words, text)
            self.assertEqual(sorted(os.listdir(out)), ["handoffs.csv", "units.csv"])
            units = {u["id"]: u for u in read_csv(os.path.join(out, "units.csv"))}
            self.assertEqual(units["infra-ops"]["name"], "Infrastructure Operations")
            self.assertEqual(units["enterprise"]["kind"], "customer")
            self.assertEqual(float(units["enterprise"]["revenue"]), 1200000)
            self.assertNotIn("contractor-ext1", units)
            handoffs = read_csv(os.path.join(out, "handoffs.csv"))
            self.assertTrue(all(float(h["volume"]) >= 1 for h in handoffs))
            done = run("analyze", out, "--format", "json")
            self.assertEqual(done.returncode, 0, done.stderr)
            report = json.loads(done.stdout)
            self.assertEqual(report["summary"]["handoffs"], len(handoffs))
            self.assertFalse([e for e in os.listdir(tmp) if ".tmp-" in e])

    def test_summary_only(self):
        done = run("mine", fixture())
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("16 read, 1 skipped without a team", done.stdout)
        self.assertIn("5, 4 with a handoff between teams", done.stdout)
        self.assertIn("8 pairs; 8 transfers between teams, 4 to customers", done.stdout)
        self.assertIn("A -> B", done.stdout)

    def test_replaces_only_its_own_output(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "org")
            self.assertEqual(run("mine", fixture(), "-o", out).returncode, 0)
            self.assertEqual(run("mine", fixture(), "-o", out, "--quality").returncode, 0)
            rows = read_csv(os.path.join(out, "handoffs.csv"))
            self.assertTrue(any(r["score"] for r in rows), "the second run's output")
            mine = os.path.join(out, "notes.txt")
            with open(mine, "w") as f:
                f.write("keep me")
            done = run("mine", fixture(), "-o", out)
            self.assertEqual(done.returncode, 1)
            self.assertIn("refusing to replace", done.stderr)
            with open(mine) as f:
                self.assertEqual(f.read(), "keep me")
            self.assertEqual(sorted(os.listdir(tmp)), ["org"])

    def test_bad_input_leaves_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "bad.csv")
            with open(log, "w") as f:
                f.write("case:concept:name,org:group,time:timestamp\n1,A,2024-01-01\n"
                        "1,B,01/02/2024\n")
            out = os.path.join(tmp, "org")
            done = run("mine", log, "-o", out)
            self.assertEqual(done.returncode, 1)
            self.assertIn("bad.csv:3: field \"time:timestamp\"", done.stderr)
            self.assertEqual(sorted(os.listdir(tmp)), ["bad.csv"])
            done = run("mine", os.path.join(tmp, "missing.xes.gz"))
            self.assertEqual(done.returncode, 1)
            self.assertIn("cannot open", done.stderr)

    def test_usage_errors(self):
        for args in (["mine"], ["mine", fixture(), fixture()], ["mine", fixture(), "--depth", "-1"],
                     ["mine", fixture(), "--format", "json"], ["mine", fixture(), "--beta", "2"],
                     ["mine", fixture(), "--delimiter", ";;"], ["mine", fixture(), "--bogus"],
                     ["mine", fixture(), "--revenue-mode", "max"]):
            with self.subTest(args=args):
                done = run(*args)
                self.assertEqual(done.returncode, 2, done.stderr)
                self.assertIn("valuestream:", done.stderr)

    def test_help(self):
        done = run("mine", "--help")
        self.assertEqual(done.returncode, 0)
        for option in ("--map", "--units", "--depth", "--beta", "--once-per-case", "--quality",
                       "--output"):
            self.assertIn(option, done.stdout)


class AnalyzeLog(unittest.TestCase):
    def test_analyze_log(self):
        done = run("analyze", "--log", acme_log("log.csv.gz"), "--map", acme_log("people.csv"),
                   "--units", os.path.join(SOURCE, "examples", "data", "acme", "units.csv"),
                   "--format", "json", "--quiet")
        self.assertEqual(done.returncode, 0, done.stderr)
        report = json.loads(done.stdout)
        self.assertEqual(report["summary"]["customers"], 6)
        self.assertGreater(report["summary"]["total_revenue"], 0)
        self.assertTrue(any("not in the people map" in w for w in report["warnings"]))
        text = run("analyze", "--log", fixture())
        self.assertEqual(text.returncode, 0, text.stderr)

    def test_analyze_log_errors(self):
        org = os.path.join(SOURCE, "tests", "data", "spec")
        self.assertEqual(run("analyze", "--log", fixture(), org).returncode, 2)
        self.assertEqual(run("analyze", "--map", acme_log("people.csv"), org).returncode, 2)
        done = run("analyze", "--log", fixture(), "--depth", "-3")
        self.assertEqual(done.returncode, 2)
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "l.xes")
            with open(log, "w") as f:
                f.write("<log>\n<trace>\n")
            done = run("analyze", "--log", log)
            self.assertEqual(done.returncode, 1)
            self.assertIn("l.xes:", done.stderr)


def main():
    global CLI, SOURCE
    CLI, SOURCE = sys.argv[1], sys.argv[2]
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
