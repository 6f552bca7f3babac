#!/usr/bin/env python3
"""The mining commands end to end: `valuestream mine` (summary, org
directory written atomically, exit codes) and `valuestream analyze --log`.

Usage: test-mine-cli.py VALUESTREAM_BINARY SOURCE_DIR
"""
import csv
import datetime
import json
import os
import random
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
                     ["mine", fixture(), "--format", "json"], ["mine", fixture(), "--depth", "0", "--beta", "2"],
                     ["mine", fixture(), "--beta", "0.5"],
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
                       "--output", "--normalise", "--self-handovers"):
            self.assertIn(option, done.stdout)


def pm4py_handover(traces, beta):
    """PM4Py's handover-of-work network as its discover_handover_of_work_network
    defines it, written here from that definition, independently of the
    miner: over each trace's resources in the order given, event i hands
    over to the next event only (beta 0) or to every later event j with
    beta^(j-i-1), self pairs included; each sum is divided by the sum of
    all of them. Returns {(a, b): value}."""
    sums = {}
    for trace in traces:
        for i in range(len(trace) - 1):
            for j in range(i + 1, len(trace)):
                key = (trace[i], trace[j])
                sums[key] = sums.get(key, 0.0) + (1.0 if beta == 0 else beta ** (j - i - 1))
                if beta == 0:
                    break
    total = sum(sums.values())
    return {key: value / total for key, value in sums.items()}


def random_log(path, seed):
    """A log of 60 cases over 5 groups and 7 people, strictly in time order
    within each case (so PM4Py's file order and our order by instant
    agree), no empty group; returns its traces of groups and of people."""
    rng = random.Random(seed)
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    groups, people = {}, {}
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case:concept:name", "org:group", "org:resource", "time:timestamp"])
        for c in range(60):
            at = start + datetime.timedelta(days=c)
            for _ in range(rng.randint(1, 9)):
                # few groups, so that runs of one group (self pairs) are common
                group, person = "G%d" % rng.randint(1, 5), "p%d" % rng.randint(1, 7)
                at += datetime.timedelta(minutes=rng.randint(1, 600))
                w.writerow(["c%d" % c, group, person, at.strftime("%Y-%m-%dT%H:%M:%SZ")])
                groups.setdefault(c, []).append(group)
                people.setdefault(c, []).append(person)
    return list(groups.values()), list(people.values())


def pm4py_values_written(out):
    """{(from, to): pm4py_value} of a mined directory's two pair files."""
    values = {}
    for name in ("handoffs.csv", "self-handoffs.csv"):
        for row in read_csv(os.path.join(out, name)):
            if row["pm4py_value"]:
                values[(row["from"], row["to"])] = float(row["pm4py_value"])
    return values


class Pm4py(unittest.TestCase):
    """--normalise pm4py against PM4Py's definition, for groups and for
    people (the group column ignored), with PM4Py's beta 0, 0.5 and 0.9."""

    def test_against_the_definition(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log.csv")
            by_group, by_person = random_log(log, 18)
            for beta in (0, 0.5, 0.9):
                depth = ["--depth", "1"] if beta == 0 else ["--depth", "0", "--beta", str(beta)]
                for level, traces, extra in (("groups", by_group, []),
                                             ("people", by_person, ["--group", ""])):
                    with self.subTest(beta=beta, level=level):
                        out = os.path.join(tmp, "out")
                        done = run("mine", log, "--self-handovers", "--normalise", "pm4py",
                                   "-o", out, *depth, *extra)
                        self.assertEqual(done.returncode, 0, done.stderr)
                        want = pm4py_handover(traces, beta)
                        got = pm4py_values_written(out)
                        self.assertEqual(sorted(got), sorted(want))
                        for key, value in want.items():
                            self.assertAlmostEqual(got[key], value, delta=1e-12, msg=key)
                        self.assertAlmostEqual(sum(got.values()), 1.0, delta=1e-12)
                        self.assertTrue(any(a == b for a, b in got), "self pairs listed")

    def test_self_pairs_listed(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            done = run("mine", fixture(), "--self-handovers", "-o", out)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("2 of the pairs are a team to itself (2 transfers)", done.stdout)
            self.assertIn("self-handoffs.csv", done.stdout)
            rows = read_csv(os.path.join(out, "self-handoffs.csv"))
            self.assertEqual([(r["from"], r["to"], r["volume"]) for r in rows],
                             [("B", "B", "1"), ("E", "E", "1")])
            self.assertNotIn("pm4py_value", rows[0])
            self.assertEqual(run("analyze", out, "--quiet").returncode, 0)
            # the summary's pair count is handoffs.csv's rows plus these
            handoffs = read_csv(os.path.join(out, "handoffs.csv"))
            self.assertIn("%d pairs;" % (len(handoffs) + len(rows)), done.stdout)

    def test_bad_normalise(self):
        for args, words in ((["--normalise", "pm5py"], "unknown --normalise 'pm5py'"),
                            (["--normalise", ""], "unknown --normalise ''"),
                            (["--normalise", "pm4py"], "self_handovers"),
                            (["--normalise", "pm4py", "--self-handovers", "--depth", "2"],
                             "depth"),
                            (["--normalise", "pm4py", "--self-handovers", "--once-per-case"],
                             "once_per_case")):
            with self.subTest(args=args):
                done = run("mine", fixture(), *args)
                self.assertEqual(done.returncode, 2, done.stderr)
                self.assertIn(words, done.stderr)


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
