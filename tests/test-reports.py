#!/usr/bin/env python3
"""End-to-end tests of the report outputs through the valuestream CLI:
`report` (HTML), `analyze --format csv|dot|html`, `render`, progress, and
the cost to serve (SPEC 7) in every format.

The HTML must be well-formed XML (xml.etree parses it), hold every flagged
team and every customer, and never turn an input string into markup; its
picture must give every unit its own box (no two overlap). The CSV tables
must read back through Python's csv module with exactly the JSON report's
numbers. Graphviz must accept the DOT; when VALUESTREAM_CI=1 a missing
`dot` fails these tests instead of skipping them.

Usage: test-reports.py VALUESTREAM_BINARY SOURCE_DIR
"""
import csv
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

CLI = None
SOURCE = None
XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script>"


def run(*args, **kw):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300, **kw)


def org(name):
    if name in ("spec", "spec-costs", "spec-reciprocal"):
        return os.path.join(SOURCE, "tests", "data", name)
    return {"acme": os.path.join(SOURCE, "examples", "data", "acme")}[name]


def json_report(path):
    out = run("analyze", path, "--format", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def need_dot(test):
    if shutil.which("dot") is None:
        if os.environ.get("VALUESTREAM_CI") == "1":
            test.fail("Graphviz 'dot' is not installed, and CI needs it (.ci/deps)")
        test.skipTest("Graphviz 'dot' is not installed")


def write_hostile_org(directory):
    """An org whose every string is hostile: markup, quotes, separators."""
    units = [
        ["id", "kind", "name", "group", "revenue"],
        [HOSTILE, "team", "", "R&D <eng>", ""],
        ["amp", "team", 'Tom & Jerry, "the" cat\nand mouse', "R&D <eng>", ""],
        ["sup", "supplier", "Supplier \\ back]]>slash", "", ""],
        ["cust", "customer", "Customer </svg></html> & co", "", "1000"],
    ]
    handoffs = [
        ["from", "to", "deliverable", "score"],
        ["sup", HOSTILE, 'a"b\\c', "0.6"],
        [HOSTILE, "amp", "<b>bold</b>", "0.5"],
        ["amp", "cust", "", "0.9"],
    ]
    for name, rows in (("units.csv", units), ("handoffs.csv", handoffs)):
        with open(os.path.join(directory, name), "w", newline="") as f:
            csv.writer(f).writerows(rows)


class Html:
    """A page parsed as XML."""

    def __init__(self, path):
        self.root = ET.parse(path).getroot()  # raises when not well-formed
        self.text = "".join(self.root.itertext())
        self.svgs = list(self.root.iter(SVG + "svg"))

    def picture(self):
        return self.svgs[0]

    def boxes(self):
        """(x, y, w, h, label, tooltip) of every unit's box in the picture."""
        out = []
        for g in self.picture().iter(SVG + "g"):
            m = re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", g.get("transform", ""))
            rect = g.find(SVG + "rect")
            if m is None or rect is None:
                continue
            out.append((float(m.group(1)), float(m.group(2)), float(rect.get("width")),
                        float(rect.get("height")), "".join(g.find(SVG + "text").itertext()),
                        "".join(g.find(SVG + "title").itertext())))
        return out


class HtmlReport(unittest.TestCase):
    """`valuestream report` on the SPEC example and the bundled sample."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.pages, cls.reports = {}, {}
        for name in ("spec", "acme"):
            path = os.path.join(cls.tmp, name + ".html")
            out = run("report", org(name), "-o", path)
            assert out.returncode == 0, out.stderr
            assert out.stderr == "", "progress only on a terminal: " + out.stderr
            cls.pages[name] = Html(path)
            cls.reports[name] = json_report(org(name))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_picture_fits_the_window_at_first(self):
        # Acme's picture is wider than a 1280-pixel window: it is scaled to
        # the window until the reader unticks the box.
        with open(os.path.join(self.tmp, "acme.html")) as f:
            html = f.read()
        width = float(re.search(r'<svg xmlns="http://www.w3.org/2000/svg" width="([0-9.]+)"',
                                html).group(1))
        self.assertGreater(width, 1280)
        self.assertIn('<input type="checkbox" id="vs-fit" checked="checked"/>', html)
        self.assertIn("#vs-fit:checked+label+.scroll svg{width:100%;height:auto}", html)
        self.assertIn("untick to see it at full size", html)

    def test_self_contained(self):
        for name, page in self.pages.items():
            with open(os.path.join(self.tmp, name + ".html")) as f:
                html = f.read()
            self.assertTrue(html.startswith("<!DOCTYPE html>\n<html xmlns="))
            self.assertNotIn("<script", html)
            self.assertNotIn("<link", html)
            self.assertIsNone(re.search(r"""(src|href)=["'](?!#)""", html), "no external asset")
            self.assertIn("<style>", html)

    def test_headline(self):
        page, rep = self.pages["spec"], self.reports["spec"]
        self.assertIn("1.00krevenue per period", page.text)
        self.assertIn("298at risk", page.text)
        flagged = sum(1 for u in rep["units"] if u["flags"])
        self.assertIn(f"{flagged}of 5 teams and suppliers flagged", page.text)

    def test_every_flagged_team_and_customer(self):
        for name, page in self.pages.items():
            rep = self.reports[name]
            units = {u["id"]: u for u in rep["units"]}
            for u in rep["units"]:
                if u["flags"]:
                    self.assertIn(u["name"], page.text, f"{name}: flagged {u['id']}")
            for c in rep["customers"]:
                self.assertIn(units[c["id"]]["name"], page.text, f"{name}: customer {c['id']}")

    def test_explanation(self):
        text = self.pages["spec"].text
        self.assertIn("Data hands metrics to Product (rated 0.80 and falling", text)
        self.assertIn("that work reaches Enterprise and SMB via Product \u2192 Delivery", text)
        self.assertIn("fixing its handoffs would remove 62.1 of revenue at risk", text)

    def test_picture_has_every_unit_once_without_overlap(self):
        for name, page in self.pages.items():
            boxes = page.boxes()
            self.assertEqual(len(boxes), len(self.reports[name]["units"]), name)
            for i, (x, y, w, h, label, tip) in enumerate(boxes):
                self.assertLessEqual(len(label), 24, f"{label!r} fits its box")
                for (x2, y2, w2, h2, label2, _) in boxes[i + 1:]:
                    apart = x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
                    self.assertTrue(apart, f"{name}: {label!r} overlaps {label2!r}")

    def test_customers_in_the_last_column(self):
        page, rep = self.pages["acme"], self.reports["acme"]
        names = {u["name"]: u["kind"] for u in rep["units"]}
        boxes = page.boxes()
        right = max(b[0] for b in boxes)
        for x, _, _, _, _, tip in boxes:
            name = tip.split("\n")[0].rsplit(" (", 1)[0].split(" \u2014 ")[0]
            if names.get(name) == "customer":
                self.assertEqual(x, right, name)

    def test_legend_and_sparklines(self):
        page = self.pages["acme"]
        self.assertIn("Fill: quality each unit receives", page.text)
        self.assertIn("flagged team, with its rank", page.text)
        falling = [t for t in self.reports["acme"]["trends"] if t["deteriorating"]]
        self.assertEqual(len(list(page.root.iter(SVG + "polyline"))), len(falling))


class Csv(unittest.TestCase):
    """`analyze --format csv` reads back with the JSON report's numbers."""

    def table(self, path, name):
        out = subprocess.run([CLI, "analyze", path, "--format", "csv", "--table", name],
                             capture_output=True, timeout=300)
        self.assertEqual(out.returncode, 0, out.stderr)
        text = out.stdout.decode("utf-8")
        self.assertTrue(text.endswith("\r\n"), "RFC 4180 line ends")
        return list(csv.DictReader(io.StringIO(text, newline="")))

    @staticmethod
    def number(text):
        return None if text == "" else float(text)

    def test_units(self):
        for name in ("spec", "acme"):
            rep = json_report(org(name))
            rows = self.table(org(name), "units")
            self.assertEqual([r["id"] for r in rows], [u["id"] for u in rep["units"]])
            for row, u in zip(rows, rep["units"]):
                los = u["line_of_sight"]
                self.assertEqual(row["name"], u["name"])
                self.assertEqual(row["group"], u["group"] or "")
                for key in ("quality", "service_score", "fix_value", "own"):
                    self.assertEqual(self.number(row[key]), u[key], f"{u['id']}.{key}")
                self.assertEqual(self.number(row["exposure"]), los["exposure"])
                self.assertEqual(row["reaches_customer"], "true" if los["reaches_customer"] else "false")
                self.assertEqual(self.number(row["hops"]), los["hops"])
                self.assertEqual(row["customers"], ";".join(los["customers"]))
                self.assertEqual(row["path"], ";".join(los["path"] or []))
                self.assertEqual(row["chokepoints"], ";".join(u["chokepoints"]))
                self.assertEqual(int(row["dependents"]), u["dependents"])
                self.assertEqual(row["flags"], ";".join(u["flags"]))

    def test_customers(self):
        for name in ("spec", "acme"):
            rep = json_report(org(name))
            rows = self.table(org(name), "customers")
            self.assertEqual(len(rows), len(rep["customers"]))
            for row, c in zip(rows, rep["customers"]):
                self.assertEqual(row["id"], c["id"])
                for key in ("revenue", "quality", "revenue_at_risk"):
                    self.assertEqual(self.number(row[key]), c[key], f"{c['id']}.{key}")
                self.assertEqual(row["critical_units"], ";".join(c["critical_units"]))

    def test_handoffs(self):
        rows = self.table(org("spec"), "handoffs")
        self.assertEqual(len(rows), 9)
        bc = rows[2]
        self.assertEqual((bc["from"], bc["to"], bc["score_from"]), ("B", "C", "survey"))
        self.assertAlmostEqual(float(bc["score"]), 0.8, places=12)

    def test_hostile_names_round_trip(self):
        with tempfile.TemporaryDirectory() as d:
            write_hostile_org(d)
            rows = self.table(d, "units")
            self.assertEqual(rows[0]["id"], HOSTILE)
            self.assertEqual(rows[1]["name"], 'Tom & Jerry, "the" cat\nand mouse')
            self.assertEqual(rows[1]["group"], "R&D <eng>")


def report_mismatches(exp, act):
    """What a JSON report gets wrong against an expected one: the rules of
    the shared check-report tool (every SPEC field, numbers to 1e-6
    relative; the section 7 fields when the expected report has them),
    kept here so that the tests need nothing outside the source tree."""
    bad = []

    def close(a, b):
        if a is None or b is None:
            return a is None and b is None
        return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))

    def chk(cond, what):
        if not cond:
            bad.append(what)

    s, t = exp["summary"], act.get("summary", {})
    for k in ("units", "teams", "customers", "suppliers", "handoffs"):
        chk(s[k] == t.get(k), f"summary.{k}")
    for k in ("total_revenue", "revenue_at_risk"):
        chk(close(s[k], t.get(k)), f"summary.{k}")
    au = {u["id"]: u for u in act.get("units", [])}
    ac = {c["id"]: c for c in act.get("customers", [])}
    for u in exp["units"]:
        a = au.get(u["id"], {})
        el, al = u["line_of_sight"], a.get("line_of_sight", {})
        chk(close(el["exposure"], al.get("exposure")), f"{u['id']}.exposure")
        chk(close(u["quality"], a.get("quality")), f"{u['id']}.quality")
        if u["kind"] == "customer":
            continue
        chk(el["hops"] == al.get("hops"), f"{u['id']}.hops")
        chk(sorted(el["customers"]) == sorted(al.get("customers", [])), f"{u['id']}.customers")
        for c, x in el["shares"].items():
            chk(close(x, al.get("shares", {}).get(c)), f"{u['id']}.shares[{c}]")
        for k in ("fix_value", "service_score"):
            chk(close(u[k], a.get(k)), f"{u['id']}.{k}")
        for k in ("chokepoints", "dependents"):
            chk(u[k] == a.get(k), f"{u['id']}.{k}")
        chk(sorted(u["flags"]) == sorted(a.get("flags", [])), f"{u['id']}.flags")
    for c in exp["customers"]:
        a = ac.get(c["id"], {})
        for k in ("revenue_at_risk", "quality"):
            chk(close(c[k], a.get(k)), f"customer {c['id']}.{k}")
        chk(sorted(c["critical_units"]) == sorted(a.get("critical_units", [])),
            f"customer {c['id']}.critical_units")
    chk(sorted(map(sorted, exp["loops"])) == sorted(map(sorted, act.get("loops", []))), "loops")
    if "total_cost" in s:
        for k in ("total_cost", "cost_to_serve", "stranded_cost"):
            chk(close(s[k], t.get(k)), f"summary.{k}")
        for u in exp["units"]:
            if u["kind"] == "customer":
                continue
            a = au.get(u["id"], {})
            for k in ("loaded_cost", "stranded_cost"):
                chk(close(u[k], a.get(k)), f"{u['id']}.{k}")
            acs = a.get("line_of_sight", {}).get("cost_shares")
            chk(acs is not None and sorted(acs) == sorted(u["line_of_sight"]["cost_shares"]),
                f"{u['id']}.cost_shares keys")
            for c, x in u["line_of_sight"]["cost_shares"].items():
                chk(close(x, (acs or {}).get(c)), f"{u['id']}.cost_shares[{c}]")
        for c in exp["customers"]:
            a = ac.get(c["id"], {})
            for k in ("cost_to_serve", "margin"):
                chk(close(c[k], a.get(k)), f"customer {c['id']}.{k}")
    return bad


class Costs(unittest.TestCase):
    """Cost to serve (SPEC 7) in every format; SPEC 11's worked examples."""

    def test_worked_examples(self):
        for name in ("spec-costs", "spec-reciprocal", "spec"):
            with open(os.path.join(org(name), "expected.json")) as f:
                expected = json.load(f)
            self.assertEqual(report_mismatches(expected, json_report(org(name))), [], name)

    def test_json_fields_without_costs(self):
        rep = json_report(org("spec"))
        totals = ("total_cost", "cost_to_serve", "stranded_cost")
        self.assertEqual([rep["summary"][k] for k in totals], [0, 0, 0])
        for u in rep["units"]:
            if u["kind"] == "customer":
                self.assertNotIn("cost", u)
                self.assertNotIn("cost_shares", u["line_of_sight"])
            else:
                self.assertEqual(u["cost"], 0)
                self.assertIn("cost_shares", u["line_of_sight"])
        for c in rep["customers"]:
            self.assertEqual((c["cost_to_serve"], c["margin"]), (0, c["revenue"]))

    def test_json_shares_never(self):
        out = run("analyze", org("spec-costs"), "--format", "json", "--shares", "never")
        self.assertEqual(out.returncode, 0, out.stderr)
        rep = json.loads(out.stdout)
        self.assertTrue(rep["summary"]["shares_omitted"])
        self.assertEqual(rep["units"][0]["line_of_sight"]["cost_shares"], {})

    def test_csv_columns(self):
        added = {"units": ["cost", "loaded_cost", "stranded_cost"],
                 "customers": ["cost_to_serve", "margin"], "handoffs": ["charge"]}
        for table, columns in added.items():
            heads = []
            for name in ("spec", "spec-costs"):
                out = run("analyze", org(name), "--format", "csv", "--table", table)
                self.assertEqual(out.returncode, 0, out.stderr)
                heads.append(out.stdout.split("\n", 1)[0].strip().split(","))
            self.assertEqual(heads[0], heads[1], f"{table}: same columns with or without costs")
            self.assertEqual(heads[0][-len(columns):], columns, table)
        out = run("analyze", org("spec-costs"), "--format", "csv", "--table", "units")
        rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
        self.assertEqual((rows["E"]["cost"], rows["E"]["loaded_cost"], rows["E"]["stranded_cost"]),
                         ("40", "", "80"))
        for u in json_report(org("spec-costs"))["units"]:  # the JSON report's numbers
            for k in ("cost", "loaded_cost", "stranded_cost"):
                text = rows[u["id"]][k]
                self.assertEqual(None if text == "" else float(text), u.get(k), f"{u['id']}.{k}")

    def test_text_section_only_with_costs(self):
        for name, present in (("spec", False), ("spec-costs", True)):
            out = run("analyze", org(name), "--format", "text")
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertEqual("\nCost to serve\n" in out.stdout, present, name)
            self.assertEqual("cost" in out.stdout.lower(), present, name)

    def test_html_panel_and_tooltips_only_with_costs(self):
        with tempfile.TemporaryDirectory() as d:
            for name, present in (("spec", False), ("spec-costs", True)):
                path = os.path.join(d, name + ".html")
                out = run("report", org(name), "-o", path)
                self.assertEqual(out.returncode, 0, out.stderr)
                page = Html(path)
                tips = "\n".join("".join(t.itertext()) for t in page.root.iter(SVG + "title"))
                self.assertEqual("Cost to serve" in page.text, present, name)
                self.assertEqual("loaded cost" in tips, present, name)
                self.assertEqual("charge " in tips, present, name)
            self.assertIn("cost 150.00, loaded cost 715.00", tips)  # Delivery, SPEC 11
            self.assertIn("stranded 80.00 (reaches no customer)", tips)  # Internal Comms
            self.assertIn("cost to serve 281.67, margin 118.33", tips)  # SMB


class MinResponses(unittest.TestCase):
    """SPEC 4.5: a period with fewer answers than --min-responses shows its
    mean nowhere: no report format, table or tooltip carries it."""

    # 3.1234 and 2.9876 are means of a single answer each; 4.5 is the mean
    # of two. With --min-responses 2 only 4.5 may appear.
    SECRET = ("3.1234", "2.9876")

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.org = os.path.join(cls.tmp.name, "org")
        os.mkdir(cls.org)
        for name in ("units.csv", "handoffs.csv"):
            shutil.copy(os.path.join(org("spec"), name), cls.org)
        with open(os.path.join(cls.org, "surveys.csv"), "w") as f:
            f.write("period,respondent,provider,score\n"
                    "2026-01,C,B,4\n2026-01,C,B,5\n2026-02,C,B,3.1234\n"
                    "2026-01,D,C,2.9876\n")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def outputs(self, *options):
        runs = [("analyze", "--format", f) for f in ("text", "json", "dot", "html")]
        runs += [("analyze", "--format", "csv", "--table", t)
                 for t in ("units", "customers", "handoffs")]
        for args in runs:
            out = run(*args, self.org, *options)
            self.assertEqual(out.returncode, 0, out.stderr)
            yield " ".join(args), out.stdout
        target = os.path.join(self.tmp.name, "report.html")
        self.assertEqual(run("report", self.org, "-o", target, *options).returncode, 0)
        with open(target) as f:
            yield "report", f.read()

    def test_suppressed_means_appear_nowhere(self):
        for what, text in self.outputs("--min-responses", "2"):
            for secret in self.SECRET:
                self.assertNotIn(secret, text, what)
        trends = json_report_args(self.org, "--min-responses", "2")["trends"]
        self.assertEqual([t["periods"] for t in trends], [["2026-01"]])

    def test_the_means_show_without_the_option(self):
        seen = "".join(text for _, text in self.outputs())
        for secret in self.SECRET:
            self.assertIn(secret, seen)


def json_report_args(path, *args):
    out = run("analyze", path, "--format", "json", *args)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


class Hostile(unittest.TestCase):
    """Input strings stay text in HTML and are escaped in DOT."""

    def test_html(self):
        with tempfile.TemporaryDirectory() as d:
            write_hostile_org(d)
            page_path = os.path.join(d, "r.html")
            out = run("report", d, "-o", page_path)
            self.assertEqual(out.returncode, 0, out.stderr)
            page = Html(page_path)
            tags = {e.tag.split("}")[-1] for e in page.root.iter()}
            self.assertNotIn("script", tags)
            self.assertNotIn("b", tags)
            self.assertIn(HOSTILE, page.text)
            self.assertIn("Customer </svg></html> & co", page.text)
            self.assertIn("Supplier \\ back]]>slash", page.text)

    def test_dot(self):
        need_dot(self)
        with tempfile.TemporaryDirectory() as d:
            write_hostile_org(d)
            out = run("analyze", d, "--format", "dot")
            self.assertEqual(out.returncode, 0, out.stderr)
            svg = subprocess.run(["dot", "-Tsvg"], input=out.stdout, capture_output=True,
                                 text=True, timeout=120)
            self.assertEqual(svg.returncode, 0, svg.stderr)
            root = ET.fromstring(svg.stdout)
            self.assertIn(HOSTILE, "".join(root.itertext()))


class Graphviz(unittest.TestCase):
    """DOT output and `render`."""

    def test_dot_accepted(self):
        need_dot(self)
        for name in ("spec", "acme"):
            out = run("analyze", org(name), "--format", "dot")
            self.assertEqual(out.returncode, 0, out.stderr)
            svg = subprocess.run(["dot", "-Tsvg"], input=out.stdout, capture_output=True,
                                 text=True, timeout=120)
            self.assertEqual(svg.returncode, 0, svg.stderr)
            ET.fromstring(svg.stdout)

    def test_render(self):
        need_dot(self)
        with tempfile.TemporaryDirectory() as d:
            svg, png = os.path.join(d, "org.svg"), os.path.join(d, "org.png")
            self.assertEqual(run("render", org("acme"), "-o", svg).returncode, 0)
            root = ET.parse(svg).getroot()
            self.assertIn("Infrastructure Operations", "".join(root.itertext()))
            self.assertEqual(run("render", org("acme"), "-o", png).returncode, 0)
            with open(png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            self.assertEqual(sorted(os.listdir(d)), ["org.png", "org.svg"])

    def test_render_failures(self):
        with tempfile.TemporaryDirectory() as d:
            target = os.path.join(d, "org.svg")
            with open(target, "w") as f:
                f.write("old")
            out = run("render", org("spec"), "-o", target, "--dot", "/nonexistent/dot")
            self.assertEqual(out.returncode, 1)
            self.assertIn("cannot run Graphviz", out.stderr)
            hang = os.path.join(d, "hang")
            with open(hang, "w") as f:
                f.write("#!/bin/sh\nexec sleep 30\n")
            os.chmod(hang, 0o755)
            out = run("render", org("spec"), "-o", target, "--dot", hang, "--timeout", "0.3")
            self.assertEqual(out.returncode, 1)
            self.assertIn("was stopped", out.stderr)
            out = run("render", org("spec"), "-o", os.path.join(d, "org"))
            self.assertEqual(out.returncode, 1)
            self.assertIn("image format", out.stderr)
            self.assertEqual(run("render", org("spec")).returncode, 2)  # no -o
            with open(target) as f:
                self.assertEqual(f.read(), "old")
            self.assertEqual(sorted(os.listdir(d)), ["hang", "org.svg"])


class Cli(unittest.TestCase):
    """Options, exit codes and progress."""

    def test_usage_errors(self):
        self.assertEqual(run("analyze", org("spec"), "--format", "svg").returncode, 2)
        self.assertEqual(run("analyze", org("spec"), "--format", "csv", "--table", "x").returncode, 2)
        self.assertEqual(run("report", org("spec"), "--top", "-1").returncode, 2)
        self.assertEqual(run("report").returncode, 2)
        self.assertEqual(run("report", "/nonexistent").returncode, 1)

    def test_html_through_analyze(self):
        out = run("analyze", org("spec"), "--format", "html")
        self.assertEqual(out.returncode, 0, out.stderr)
        ET.fromstring(out.stdout.split("\n", 1)[1])

    def progress(self, *args):
        """stderr of a run whose stderr is a terminal."""
        master, slave = pty.openpty()
        with tempfile.TemporaryDirectory() as d:
            proc = subprocess.run([CLI, *args, "-o", os.path.join(d, "r.html")],
                                  stderr=slave, stdout=subprocess.DEVNULL, timeout=120)
        os.close(slave)
        chunks = []
        try:
            while True:
                data = os.read(master, 4096)
                if not data:
                    break
                chunks.append(data)
        except OSError:
            pass
        os.close(master)
        self.assertEqual(proc.returncode, 0)
        return b"".join(chunks).decode()

    def test_progress_on_a_terminal(self):
        text = self.progress("report", org("acme"))
        self.assertIn("loading", text)
        self.assertIn("analysing 49 units", text)
        self.assertIn("done", text)
        self.assertEqual(self.progress("report", org("acme"), "--quiet"), "")


class PlanSection(unittest.TestCase):
    """The report page's "Improvement plan" section (SPEC 9 with its
    defaults, 5 steps to target 1): SPEC 11's plan on the section 6 org,
    after "Where to act first" and before the picture; nothing about a
    plan when nothing is at risk."""

    def page(self, directory, path):
        out = run("report", path, "-o", os.path.join(directory, "page.html"))
        self.assertEqual(out.returncode, 0, out.stderr)
        return Html(os.path.join(directory, "page.html"))

    def test_spec_plan(self):
        with tempfile.TemporaryDirectory() as d:
            page = self.page(d, org("spec"))
        headings = [h.get("id") for h in page.root.iter(XHTML + "h2")]
        self.assertEqual(headings[headings.index("act") + 1], "plan")
        self.assertEqual(headings[headings.index("plan") + 1], "picture")
        table = page.root.find(f".//{XHTML}table[@class='plan']")
        rows = [["".join(td.itertext()).strip() for td in tr] for tr in table][1:]
        # SPEC 11: C 188.3720930 -> 110, B 90 -> 20, A 20 -> 0
        self.assertEqual([(r[0], r[1]) for r in rows],
                         [("1", "Product C"), ("2", "Data B"), ("3", "Platform A")])
        self.assertEqual([r[5] for r in rows], ["63.1%", "93.3%", "100.0%"])
        self.assertTrue(rows[0][3].endswith("188"))
        self.assertTrue(rows[0][4].endswith("110"))
        self.assertIn("at least 1.00", page.text)
        self.assertEqual(len(page.boxes()), 7)  # the first SVG is still the picture

    def test_nothing_at_risk(self):
        with tempfile.TemporaryDirectory() as d:
            for name, rows in (("units.csv", [["id", "kind", "revenue"], ["t", "team", ""],
                                              ["c", "customer", "100"]]),
                               ("handoffs.csv", [["from", "to", "score"], ["t", "c", "1"]])):
                with open(os.path.join(d, name), "w", newline="") as f:
                    csv.writer(f).writerows(rows)
            page = self.page(d, d)
        self.assertNotIn("Improvement plan", page.text)
        self.assertNotIn("plan", [h.get("id") for h in page.root.iter(XHTML + "h2")])

    def test_hostile_names_escaped(self):
        with tempfile.TemporaryDirectory() as d:
            write_hostile_org(d)
            page = self.page(d, d)
            with open(os.path.join(d, "page.html")) as f:
                html = f.read()
        table = page.root.find(f".//{XHTML}table[@class='plan']")
        self.assertIn(HOSTILE, "".join(table.itertext()))
        self.assertNotIn(HOSTILE, html)


def main():
    global CLI, SOURCE
    CLI, SOURCE = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"])


if __name__ == "__main__":
    main()
