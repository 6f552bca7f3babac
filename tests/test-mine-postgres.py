#!/usr/bin/env python3
"""examples/sql/handoffs.sql on PostgreSQL gives the C miner's handoff table.

Usage: test-mine-postgres.py VALUESTREAM_BINARY SOURCE_DIR

Starts a throw-away PostgreSQL cluster (initdb into a temporary directory,
the server listening on a Unix socket there only, no TCP; run as `nobody`
through runuser when the test runs as root, as initdb refuses root), and
always stops it (pg_ctl stop -m immediate) and removes it at the end. On
it, `psql --csv -v log=LOG [-v people=MAP] -f events-postgres.sql -f
handoffs.sql` must give, for the logs test-mine-sql.py checks on sqlite3
(the fixture log; the Acme log, here still gzip-compressed, with its
people map), every pair of `valuestream mine` with the same volume and
cases and the same median lead time to the microsecond (PostgreSQL's
times are exact to the microsecond); with sqlite3 too, the rows come in
SQLite's order. The miner and its comparison are test-mine-sql.py's.

The server binaries are looked for in $VS_PG_BINDIR, then
/usr/lib/postgresql/<newest>/bin (Debian's postgresql-NN), then PATH.
Without them the test is skipped, except under VALUESTREAM_CI=1, where that
is a failure.
"""
import csv
import glob
import gzip
import importlib.util
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("mine_sql", os.path.join(HERE, "test-mine-sql.py"))
mine_sql = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mine_sql)

MICROSECOND_DAYS = 1 / 86400e6
CLUSTER = None


def pg_bindir():
    """The directory of initdb, pg_ctl, postgres and psql, or None."""
    candidates = [os.environ.get("VS_PG_BINDIR", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda d: int(d.split("/")[-2]) if d.split("/")[-2].isdigit() else 0,
                         reverse=True)
    if shutil.which("initdb"):
        candidates.append(os.path.dirname(shutil.which("initdb")))
    for d in candidates:
        if d and all(os.access(os.path.join(d, p), os.X_OK) for p in ("initdb", "pg_ctl", "postgres", "psql")):
            return d
    return None


class Cluster:
    """A PostgreSQL cluster in a temporary directory, on a Unix socket only."""

    def __init__(self, bindir):
        self.bindir = bindir
        # short: a socket's path has at most 107 bytes
        self.dir = tempfile.mkdtemp(prefix="vs-pg-", dir="/tmp" if os.path.isdir("/tmp") else None)
        self.data = os.path.join(self.dir, "data")
        self.socket = os.path.join(self.dir, "socket")
        self.log = os.path.join(self.dir, "server.log")
        os.mkdir(self.socket)
        # neither PGPORT, PGHOST, PGDATA nor the like of the caller's shell
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        self.env.update(LC_ALL="C", TZ="UTC")
        self.as_user = []
        if os.geteuid() == 0:
            # initdb and the server refuse to run as root
            for path in (self.dir, self.socket):
                shutil.chown(path, "nobody")
            self.as_user = ["runuser", "-u", "nobody", "--"]
        self.started = False

    def server_command(self, *args):
        done = subprocess.run(self.as_user + list(args), cwd=self.dir, env=self.env,
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = open(self.log).read() if os.path.exists(self.log) else ""
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}{log}")

    def start(self):
        self.server_command(os.path.join(self.bindir, "initdb"), "-D", self.data, "--auth=trust",
                            "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
        self.started = True  # from here on, stop() must run pg_ctl stop
        self.server_command(os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-l", self.log,
                            "-w", "-t", "60", "-o",
                            f"-k {self.socket} -p 5432 -c listen_addresses='' -c fsync=off",
                            "start")

    def stop(self):
        started, self.started = self.started, False
        try:
            if started:
                subprocess.run(self.as_user + [os.path.join(self.bindir, "pg_ctl"), "-D", self.data,
                                               "-m", "immediate", "-w", "stop"],
                               cwd=self.dir, env=self.env, capture_output=True, timeout=60)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def psql(self, *args, check=True):
        """psql as the client the README shows (here as user postgres)."""
        done = subprocess.run([os.path.join(self.bindir, "psql"), "-X", "-h", self.socket,
                               "-p", "5432", "-U", "postgres", "-d", "postgres", *args],
                              env=self.env, capture_output=True, text=True, timeout=300)
        if check:
            assert done.returncode == 0, f"psql failed ({done.returncode}):\n{done.stderr}"
        return done


def run_postgres(log, people=None):
    """The rows, in order, of handoffs.sql on PostgreSQL for the CSV log at @log."""
    sql = os.path.join(mine_sql.SOURCE, "examples", "sql")
    args = ["--csv", "-v", f"log={log}"]
    if people:
        args += ["-v", f"people={people}"]
    out = CLUSTER.psql(*args, "-f", os.path.join(sql, "events-postgres.sql"),
                       "-f", os.path.join(sql, "handoffs.sql")).stdout
    return {(r["from_team"], r["to_team"]): r
            for r in csv.DictReader(out.splitlines())}


class SameTable(unittest.TestCase):
    def compare(self, log, people=None, plain_log=None):
        """@plain_log: @log uncompressed, for sqlite3."""
        want, got = mine_sql.run_miner(log, people), run_postgres(log, people)
        self.assertEqual(sorted(got), sorted(want), "the same pairs")
        for pair, row in want.items():
            sql = got[pair]
            with self.subTest(pair=pair):
                self.assertEqual(int(sql["volume"]), int(float(row["volume"])), "volume")
                self.assertEqual(int(sql["cases"]), int(float(row["cases"])), "cases")
                a, b = mine_sql.number(sql["lead_time_days"]), mine_sql.number(row["lead_time_days"])
                self.assertTrue((math.isnan(a) and math.isnan(b)) or abs(a - b) < MICROSECOND_DAYS,
                                f"median lead time {a} != {b} days")
        if mine_sql.SQLITE:
            self.assertEqual(list(got), list(mine_sql.run_sqlite(plain_log or log, people)),
                             "the rows in SQLite's order")
        return want

    def test_fixture_log(self):
        rows = self.compare(os.path.join(mine_sql.SOURCE, "tests", "data", "mine", "log.csv"))
        self.assertEqual(int(float(rows[("A", "B")]["volume"])), 3)

    def test_acme_log_gzip_with_people_map(self):
        here = os.path.join(mine_sql.SOURCE, "examples", "data", "acme-log")
        with tempfile.TemporaryDirectory() as tmp:
            plain = os.path.join(tmp, "log.csv")
            with gzip.open(os.path.join(here, "log.csv.gz"), "rb") as src, open(plain, "wb") as dst:
                shutil.copyfileobj(src, dst)
            rows = self.compare(os.path.join(here, "log.csv.gz"), os.path.join(here, "people.csv"),
                                plain)
        self.assertGreater(len(rows), 50)

    def test_path_that_needs_quoting(self):
        # psql's \copy and the shell both see the path
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "it's a $log; `x`.csv")
            shutil.copy(os.path.join(mine_sql.SOURCE, "tests", "data", "mine", "log.csv"), log)
            self.assertEqual(sorted(run_postgres(log)), sorted(mine_sql.run_miner(log)))

    def test_missing_column_stops(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log.csv")
            with open(log, "w") as f:
                f.write("case:concept:name,org:group\nc1,A\n")
            done = CLUSTER.psql("--csv", "-v", f"log={log}", "-f",
                                os.path.join(mine_sql.SOURCE, "examples", "sql", "events-postgres.sql"),
                                check=False)
            self.assertNotEqual(done.returncode, 0)
            self.assertIn("lacks case:concept:name or time:timestamp", done.stderr)
            self.assertEqual(done.stdout, "")


def main():
    global CLUSTER
    mine_sql.CLI, mine_sql.SOURCE = sys.argv[1], sys.argv[2]
    bindir = pg_bindir()
    if bindir is None:
        if os.environ.get("VALUESTREAM_CI") == "1":
            print("PostgreSQL is not installed (apt-get install postgresql-15); CI requires it")
            return 1
        print("PostgreSQL (initdb, pg_ctl, postgres, psql) is not installed: skipped")
        return 77
    CLUSTER = Cluster(bindir)

    def terminated(*_):
        # meson's timeout, or ^C: stop the server all the same, at once
        print("terminated: stopping the server", flush=True)
        CLUSTER.stop()
        os._exit(1)
    signal.signal(signal.SIGTERM, terminated)
    signal.signal(signal.SIGINT, terminated)
    try:
        CLUSTER.start()
        print(f"PostgreSQL from {bindir}, socket in {CLUSTER.socket}")
        result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
        return 0 if result.wasSuccessful() else 1
    finally:
        CLUSTER.stop()


if __name__ == "__main__":
    sys.exit(main())
