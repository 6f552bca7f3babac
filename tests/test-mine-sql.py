#!/usr/bin/env python3
"""examples/sql/handoffs.sql on sqlite3 gives the C miner's handoff table.

Usage: test-mine-sql.py VALUESTREAM_BINARY SOURCE_DIR

For each fixture log, `valuestream mine LOG -o DIR` writes handoffs.csv;
the sqlite3 shell imports the same log, defines the `events` view of
examples/sql/events-sqlite.sql (or its people-map variant) and runs
handoffs.sql. Every pair must have the same volume and cases, and the same
median lead time to a millionth of a day (SQLite's julianday() keeps
milliseconds). Without sqlite3 the test is skipped, except under
VALUESTREAM_CI=1, where that is a failure.
"""
import csv
import gzip
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CLI = SOURCE = None
SQLITE = shutil.which("sqlite3")

# The people-map variant of events-sqlite.sql's view (see its comment).
EVENTS_WITH_PEOPLE = """
CREATE TEMP VIEW events AS
SELECT log."case:concept:name" AS case_id, p.team AS team,
       (julianday(log."time:timestamp") - 2440587.5) * 86400.0 AS ts,
       log.rowid AS row_no, log."case:customer" AS customer
FROM log LEFT JOIN people p ON p.resource = log."org:resource";
"""


def sql_dir():
    return os.path.join(SOURCE, "examples", "sql")


def run_sqlite(log, people=None):
    """The rows handoffs.sql returns for the CSV log at @log."""
    commands = [f".import --csv {log} log"]
    if people:
        commands += [f".import --csv {people} people", EVENTS_WITH_PEOPLE]
    else:
        commands.append(f".read {os.path.join(sql_dir(), 'events-sqlite.sql')}")
    commands += [".headers on", ".mode csv", f".read {os.path.join(sql_dir(), 'handoffs.sql')}"]
    out = subprocess.run([SQLITE, ":memory:"], input="\n".join(commands) + "\n",
                         capture_output=True, text=True, check=True, timeout=300)
    return {(r["from_team"], r["to_team"]): r for r in csv.DictReader(out.stdout.splitlines())}


def run_miner(log, people=None):
    """The rows of the handoffs.csv `valuestream mine` writes."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "org")
        args = [CLI, "mine", log, "-o", out]
        if people:
            args += ["--map", people]
        done = subprocess.run(args, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        with open(os.path.join(out, "handoffs.csv"), newline="") as f:
            return {(r["from"], r["to"]): r for r in csv.DictReader(f)}


def number(text):
    return math.nan if text in ("", None) else float(text)


class SameTable(unittest.TestCase):
    def compare(self, log, people=None):
        want, got = run_miner(log, people), run_sqlite(log, people)
        self.assertEqual(sorted(got), sorted(want), "the same pairs")
        for pair, row in want.items():
            sql = got[pair]
            with self.subTest(pair=pair):
                self.assertEqual(int(sql["volume"]), int(float(row["volume"])))
                self.assertEqual(int(sql["cases"]), int(float(row["cases"])))
                a, b = number(sql["lead_time_days"]), number(row["lead_time_days"])
                self.assertTrue((math.isnan(a) and math.isnan(b)) or abs(a - b) < 1e-6,
                                f"median lead time {a} != {b}")
        return want

    def test_fixture_log(self):
        rows = self.compare(os.path.join(SOURCE, "tests", "data", "mine", "log.csv"))
        self.assertEqual(int(float(rows[("A", "B")]["volume"])), 3)

    def test_acme_log_with_people_map(self):
        here = os.path.join(SOURCE, "examples", "data", "acme-log")
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log.csv")
            with gzip.open(os.path.join(here, "log.csv.gz"), "rb") as src, open(log, "wb") as dst:
                shutil.copyfileobj(src, dst)
            rows = self.compare(log, os.path.join(here, "people.csv"))
        self.assertGreater(len(rows), 50)


def main():
    global CLI, SOURCE
    CLI, SOURCE = sys.argv[1], sys.argv[2]
    if SQLITE is None:
        if os.environ.get("VALUESTREAM_CI") == "1":
            print("sqlite3 is not installed (apt-get install sqlite3); CI requires it")
            return 1
        print("sqlite3 is not installed: skipped")
        return 77
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
