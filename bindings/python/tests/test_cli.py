#!/usr/bin/env python3
# valuestream - Python does what the CLI does: mine, write, render.
# SPDX-License-Identifier: GPL-2.0-or-later
"""vs.mine() against ``valuestream mine -o``, Analysis.write() against
``valuestream analyze --format F --table T --output P`` (byte for byte),
Analysis.render() against ``valuestream render`` when Graphviz is there
(under VALUESTREAM_CI=1 a missing ``dot`` fails instead of skipping)."""

import csv
import io
import os
import shutil
import subprocess
import tempfile
import unittest
import zipfile

import support
from support import vs

BUILD = os.environ.get("MESON_BUILD_ROOT") or os.path.join(support.SOURCE_ROOT, "build")
CLI = os.path.join(BUILD, "examples", "valuestream")
LOG = os.path.join(support.SOURCE_ROOT, "tests", "data", "mine", "log.csv")
FORMATS = ("text", "json", "csv", "dot", "html", "gexf", "xlsx")


def title(org):
    """The title the CLI gives the pictures of @org."""
    return "Value stream report: " + os.path.splitext(os.path.basename(org))[0]


def xlsx_entries(data):
    """The entries of a workbook but docProps/core.xml, which holds the
    time it was written (the one part that differs between two runs)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def cli(*args):
    return subprocess.run([CLI] + list(args), check=True, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE).stdout.decode()


class CliTest(unittest.TestCase):
    def setUp(self):
        if not os.access(CLI, os.X_OK):
            if support.IN_CI:
                self.fail("the CLI %s is not built but VALUESTREAM_CI=1" % CLI)
            self.skipTest("the CLI %s is not built" % CLI)
        self.tmp = tempfile.mkdtemp(prefix="vs-cli-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def path(self, name):
        return os.path.join(self.tmp, name)


class Mine(CliTest):
    def check(self, *args, **options):
        out = self.path("mined")
        printed = cli("mine", LOG, "-o", out, *args)
        want = vs.load(out)
        got = vs.mine(LOG, **options)
        self.assertEqual(list(got.units), list(want.units))
        for u, w in zip(got.units.values(), want.units.values()):
            self.assertEqual((u.kind, u.name, u.group), (w.kind, w.name, w.group))
            for key in ("revenue", "own_share"):
                self.assertAlmostEqual(getattr(u, key) or 0, getattr(w, key) or 0, delta=1e-9)
        self.assertEqual(len(got.handoffs), len(want.handoffs))
        for h, w in zip(got.handoffs, want.handoffs):
            self.assertEqual((h.from_, h.to), (w.from_, w.to))
            for key in ("weight", "score", "volume", "lead_time_days"):
                x, y = getattr(h, key), getattr(w, key)
                if x is None or y is None:
                    self.assertEqual(x, y, key)
                else:
                    self.assertAlmostEqual(x, y, delta=1e-9 * max(1, abs(y)))
        s = got.mining
        self.assertIn("events     %d read, %d skipped" % (s.events, s.events_skipped), printed)
        self.assertIn("cases      %d, %d with a handoff" % (s.cases, s.cases_with_handoffs),
                      printed)
        self.assertIn("units      %d teams, %d customers" % (s.teams, s.customers), printed)
        self.assertIn("handoffs   %d pairs; %d transfers between teams, %d to customers"
                      % (s.pairs, s.transfers, s.customer_transfers), printed)
        self.assertIn("median %.2f d, p90 %.2f d" % (s.lead_time_median, s.lead_time_p90),
                      printed)
        return got

    def test_defaults(self):
        org = self.check()
        self.assertEqual(org.mining.events, 16)
        self.assertIsNone(vs.load(support.SPEC_DIR).mining)

    def test_options(self):
        self.check("--quality", "--depth", "2", "--beta", "0.25", "--once-per-case",
                   quality=True, depth=2, beta=0.25, once_per_case=True)

    def test_units(self):
        units = self.path("units.csv")
        with open(units, "w") as f:
            f.write("id,kind,name,group\nA,team,Alpha,eng\nX,customer,Xeno,\n")
        org = self.check("--units", units, units=units)
        self.assertEqual(org.units["A"].name, "Alpha")
        self.assertEqual(org.units["X"].name, "Xeno")

    def test_pm4py_values_and_self_pairs(self):
        """mining.pm4py_values and mining.self_pairs hold what ``mine
        --normalise pm4py --self-handovers -o`` writes, number for number."""
        org = self.check("--self-handovers", "--normalise", "pm4py", "--depth", "0", "--beta",
                         "0.5", self_handovers=True, normalise="pm4py", depth=0, beta=0.5)
        out, m = self.path("mined"), org.mining
        written = {}
        for name in ("handoffs.csv", "self-handoffs.csv"):
            with open(os.path.join(out, name), newline="") as f:
                for row in csv.DictReader(f):
                    if row["pm4py_value"]:
                        written[(row["from"], row["to"])] = float(row["pm4py_value"])
        self.assertEqual(m.pm4py_values, written)
        self.assertAlmostEqual(sum(m.pm4py_values.values()), 1.0, delta=1e-12)
        with open(os.path.join(out, "self-handoffs.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([p.team for p in m.self_pairs], [r["from"] for r in rows])
        for p, r in zip(m.self_pairs, rows):
            self.assertEqual((p.weight, p.volume, p.cases, p.pm4py_value),
                             (float(r["weight"]), float(r["volume"]), float(r["cases"]),
                              float(r["pm4py_value"])))
        # without the options: nothing of either
        plain = vs.mine(LOG).mining
        self.assertEqual((plain.self_pairs, plain.pm4py_values), ([], {}))

    def test_errors(self):
        with self.assertRaises(vs.FileError):
            vs.mine(self.path("missing.csv"))
        for bad in ("PM4Py", "none", 1, ["pm4py"]):
            with self.assertRaises(ValueError):
                vs.mine(LOG, self_handovers=True, normalise=bad)
        with self.assertRaisesRegex(vs.InvalidError, "self_handovers"):
            vs.mine(LOG, normalise="pm4py")
        with self.assertRaisesRegex(vs.InvalidError, "depth"):
            vs.mine(LOG, normalise="pm4py", self_handovers=True, depth=3)
        with self.assertRaises(vs.ParseError):
            vs.mine(LOG, timestamp="no such column")
        with self.assertRaises(TypeError):
            vs.mine(LOG, colour="red")
        with self.assertRaises(ValueError):
            vs.mine(LOG, revenue_mode="max")
        with self.assertRaises(ValueError):
            vs.mine(LOG, delimiter=";;")
        with self.assertRaisesRegex(ValueError, "depth"):
            vs.mine(LOG, beta=0.9)  # at depth 1 it would weigh nothing
        with self.assertRaises(vs.InvalidError):
            vs.mine(LOG, depth=0, beta=2)


class Write(CliTest):
    def test_every_format_and_table(self):
        for org in (support.SPEC_DIR, support.ACME_DIR):
            a = vs.load(org).analyze()
            for fmt in FORMATS:
                tables = ("units", "customers", "handoffs") if fmt == "csv" else ("units",)
                for table in tables:
                    with self.subTest(org=org, format=fmt, table=table):
                        want, got = self.path("cli." + fmt), self.path("py." + fmt)
                        cli("analyze", org, "--format", fmt, "--table", table,
                            "--output", want)
                        a.write(got, fmt, table=table, title=title(org))
                        with open(want, "rb") as f, open(got, "rb") as g:
                            w, p = f.read(), g.read()
                        if fmt == "xlsx":
                            self.assertEqual(xlsx_entries(p), xlsx_entries(w))
                        else:
                            self.assertEqual(p, w)
                        if fmt != "xlsx":
                            self.assertEqual(
                                a.report(fmt, table=table, title=title(org)).encode(), w)

    def test_options(self):
        a = vs.load(support.ACME_DIR).analyze()
        want, got = self.path("cli.html"), self.path("py.html")
        cli("analyze", support.ACME_DIR, "-f", "html", "-n", "3", "--picture-units", "5",
            "--highlight", "1", "-o", want)
        a.write(got, "html", top=3, picture_units=5, highlight=1,
                title=title(support.ACME_DIR))
        with open(want, "rb") as f, open(got, "rb") as g:
            self.assertEqual(g.read(), f.read())

    def test_bad_arguments(self):
        a = vs.load(support.SPEC_DIR).analyze()
        with self.assertRaises(ValueError):
            a.write(self.path("x.csv"), "csv", table="teams")
        with self.assertRaises(ValueError):
            a.write(self.path("x.pdf"), "pdf")
        with self.assertRaises(vs.FileError):
            a.write(os.path.join(self.tmp, "no", "such", "dir", "x.json"))
        with self.assertRaises(ValueError):
            a.report("xlsx")


class Render(CliTest):
    def setUp(self):
        super().setUp()
        if shutil.which("dot") is None:
            if support.IN_CI:
                self.fail("Graphviz's dot is not installed but VALUESTREAM_CI=1; "
                          "install graphviz")
            self.skipTest("Graphviz's dot is not installed (Debian: graphviz)")

    def test_svg(self):
        a = vs.load(support.SPEC_DIR).analyze()
        want, got = self.path("cli.svg"), self.path("py.svg")
        cli("render", support.SPEC_DIR, "-o", want)
        a.render(got, title=title(support.SPEC_DIR))
        with open(want, "rb") as f, open(got, "rb") as g:
            self.assertEqual(g.read(), f.read())
        a.render(self.path("py.out"), "svg", title=title(support.SPEC_DIR))
        with open(self.path("py.out"), "rb") as g, open(want, "rb") as f:
            self.assertEqual(g.read(), f.read())

    def test_errors(self):
        a = vs.load(support.SPEC_DIR).analyze()
        with self.assertRaises(vs.FileError):
            a.render(self.path("x.svg"), program=self.path("no-such-dot"))
        with self.assertRaises(vs.InvalidError):
            a.render(self.path("x"))  # no format, no extension
        with self.assertRaises(ValueError):
            a.render(self.path("x.svg"), timeout=-1)
        self.assertFalse(os.path.exists(self.path("x.svg")))


if __name__ == "__main__":
    support.main()
