#!/usr/bin/env python3
"""End-to-end tests of `analyze --format gexf` and `--format xlsx` through
the valuestream CLI.

GEXF: the file is read with NetworkX (Debian's python3-networkx) and every
node and edge is compared with the JSON report (nodes) and the CSV
handoffs table (edges; the JSON report has no handoffs), on the SPEC
example, the SPEC cost example and hostile orgs (markup, quotes, line
breaks, control codes, 10 KB names, parallel handoffs).

xlsx: the workbook is read with openpyxl (Debian's python3-openpyxl):
sheet names, headers, every number against the JSON report (the CSV
tables for what JSON lacks), number formats, frozen header rows,
autofilters, ids as text, column widths, and a 40,000-character name cut
with a note.

Both: a file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored) or a full device
gives exit 1 with the old file untouched and no temporary file left.
When VALUESTREAM_CI=1 a missing NetworkX or openpyxl fails instead of
skipping.

Usage: test-gexf-xlsx.py VALUESTREAM_BINARY SOURCE_DIR
"""
import csv
import io
import json
import math
import os
import pty
import re
import resource
import signal
import subprocess
import sys
import tempfile
import unittest

CLI = None
SOURCE = None
HOSTILE = "<script>alert(1)</script>"
LONG = "L" * 10000 + " & <end>"


def run(*args, text=True, **kw):
    return subprocess.run([CLI, *args], capture_output=True, text=text, timeout=300, **kw)


def org(name):
    return os.path.join(SOURCE, "tests", "data", name)


def json_report(path):
    out = run("analyze", path, "--format", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def handoffs_table(path):
    out = run("analyze", path, "--format", "csv", "--table", "handoffs")
    assert out.returncode == 0, out.stderr
    return list(csv.DictReader(io.StringIO(out.stdout, newline="")))


def units_table(path):
    out = run("analyze", path, "--format", "csv")
    assert out.returncode == 0, out.stderr
    return {row["id"]: row for row in csv.DictReader(io.StringIO(out.stdout, newline=""))}


def write_org(directory, units, handoffs):
    os.makedirs(directory, exist_ok=True)
    for name, rows in (("units.csv", units), ("handoffs.csv", handoffs)):
        with open(os.path.join(directory, name), "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
    return directory


def write_hostile_org(directory):
    """Every string hostile, names with line breaks, tabs, control codes
    and 10 KB, an id that looks like a number, a name that looks like a
    formula, parallel handoffs, costs."""
    units = [
        ["id", "kind", "name", "group", "revenue", "cost"],
        [HOSTILE, "team", "", "R&D <eng>", "", "50"],
        ["amp", "team", 'Tom & Jerry, "the" cat\nand mouse\r\nand\ttab', "R&D <eng>", "", "20"],
        ["ctl", "team", "bell\x07char ]]> end", "", "", ""],
        ["007", "team", "=1+1", "'quoted'", "", "10"],
        ["long" + "x" * 2000, "team", LONG, "", "", ""],
        ["sup", "supplier", "Supplier \\ back]]>slash", "", "", "5"],
        ["cust", "customer", "Customer </svg></html> & co", "", "1000", ""],
        ["c2", "customer", "Zero", "", "0", ""],
    ]
    handoffs = [
        ["from", "to", "deliverable", "score"],
        ["sup", HOSTILE, 'a"b\\c', "0.6"],
        [HOSTILE, "amp", "<b>bold</b>", "0.5"],
        [HOSTILE, "amp", "second <b>", ""],  # parallel to the one above
        ["amp", "cust", "", "0.9"],
        ["ctl", "amp", "x\ny", "0.7"],
        ["007", "cust", "=SUM(A1)", "0.8"],
        ["long" + "x" * 2000, "c2", LONG, ""],
        ["amp", "c2", "z", ""],
    ]
    return write_org(directory, units, handoffs)


def need(module, test):
    try:
        return __import__(module)
    except ImportError:
        if os.environ.get("VALUESTREAM_CI") == "1":
            test.fail("%s is not installed, and CI needs it (.ci/deps)" % module)
        test.skipTest("%s is not installed" % module)


def xml_text(s):
    """What XML 1.0 can carry of @s: other control codes become U+FFFD."""
    return "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else "\ufffd" for c in s)


def excel_text(s):
    """A cell's text as Excel shows it: control codes but tab and line feed
    are stored as _xHHHH_ (ECMA-376 ST_Xstring), which openpyxl leaves."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), s or "")


def number(s):
    return None if s in ("", None) else float(s)


class Gexf(unittest.TestCase):
    """`analyze --format gexf` read back with NetworkX."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.orgs = {"spec": org("spec"), "spec-costs": org("spec-costs"),
                    "hostile": write_hostile_org(os.path.join(cls.tmp, "hostile"))}

    def read(self, path):
        nx = need("networkx", self)
        gexf = nx.readwrite.gexf
        # NetworkX before 3.0 knows GEXF up to 1.2draft; 1.3 is the same
        # reader under a new namespace (3.0 added exactly this entry).
        if "1.3" not in gexf.GEXF.versions:
            gexf.GEXF.versions["1.3"] = {
                "NS_GEXF": "http://gexf.net/1.3",
                "NS_VIZ": "http://gexf.net/1.3/viz",
                "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
                "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
                "VERSION": "1.3",
            }
        return nx.read_gexf(path, version="1.3")

    def gexf(self, name):
        path = os.path.join(self.tmp, name + ".gexf")
        out = run("analyze", self.orgs[name], "--format", "gexf", "-o", path)
        self.assertEqual(out.returncode, 0, out.stderr)
        return path

    def check_shape(self, path):
        """The GEXF 1.3 structure: root, version, a directed static graph,
        typed attribute declarations, nodes before edges, every attvalue
        declared, unique ids."""
        import xml.etree.ElementTree as ET
        ns = "{http://gexf.net/1.3}"
        root = ET.parse(path).getroot()
        self.assertEqual(root.tag, ns + "gexf")
        self.assertEqual(root.get("version"), "1.3")
        graph = root.find(ns + "graph")
        self.assertEqual(graph.get("defaultedgetype"), "directed")
        self.assertEqual(graph.get("mode"), "static")
        self.assertEqual([c.tag for c in root], [ns + "meta", ns + "graph"])
        tags = [c.tag[len(ns):] for c in graph]
        self.assertEqual(tags, ["attributes", "attributes", "nodes", "edges"])
        declared = {}
        for attrs in graph.findall(ns + "attributes"):
            self.assertEqual(attrs.get("mode"), "static")
            for a in attrs:
                self.assertIn(a.get("type"), ("string", "double"))
                declared.setdefault(attrs.get("class"), set()).add(a.get("id"))
        for cls, tag in (("node", "nodes/{0}node"), ("edge", "edges/{0}edge")):
            items = graph.findall(ns + tag.format(ns))
            self.assertEqual(len({i.get("id") for i in items}), len(items))
            self.assertEqual(graph.find(ns + tag.split("/")[0]).get("count"), str(len(items)))
            for item in items:
                for v in item.iter(ns + "attvalue"):
                    self.assertIn(v.get("for"), declared[cls])
                    self.assertNotIn(v.get("value").lower(), ("nan", "inf", "-inf"))
        return declared

    def compare(self, name):
        path = self.gexf(name)
        declared = self.check_shape(path)
        g = self.read(path)
        report = json_report(self.orgs[name])
        costs = report["summary"]["total_cost"] > 0
        customers = {c["id"]: c for c in report["customers"]}
        self.assertTrue(g.is_directed())
        self.assertEqual(sorted(g.nodes), sorted(u["id"] for u in report["units"]))
        for unit in report["units"]:
            data = dict(g.nodes[unit["id"]])
            self.assertEqual(data.pop("label"), xml_text(unit["name"]))
            self.assertEqual(data.pop("kind"), unit["kind"])
            self.assertEqual(data.pop("group"), xml_text(unit["group"] or ""))
            self.assertEqual(data.pop("flags"), ",".join(sorted(unit["flags"])))
            expected = {"quality": unit["quality"], "fix_value": unit["fix_value"],
                        "service_score": unit["service_score"],
                        "exposure": unit["line_of_sight"]["exposure"]}
            if costs and unit["kind"] == "customer":
                expected["cost_to_serve"] = customers[unit["id"]]["cost_to_serve"]
                expected["margin"] = customers[unit["id"]]["margin"]
            elif costs:
                for key in ("cost", "loaded_cost", "stranded_cost"):
                    expected[key] = unit[key]
            expected = {k: v for k, v in expected.items() if v is not None}
            self.assertEqual(data, expected, unit["id"])  # exact: full precision
        handoffs = handoffs_table(self.orgs[name])
        self.assertEqual(g.number_of_edges(), len(handoffs))
        edges = {d["id"]: (u, v, d) for u, v, d in g.edges(data=True)}
        for i, row in enumerate(handoffs):
            u, v, data = edges[str(i)]
            data = dict(data)
            data.pop("id")
            self.assertEqual((u, v), (row["from"], row["to"]))
            self.assertEqual(data.pop("weight"), float(row["weight"]))
            self.assertEqual(data.pop("deliverable"), xml_text(row["deliverable"]))
            label = data.pop("label", "")
            self.assertEqual(label, xml_text(row["deliverable"]))
            expected = {"share": number(row["share"]), "score": number(row["score"])}
            if costs:
                expected["charge"] = number(row["charge"])
            self.assertEqual(data, {k: x for k, x in expected.items() if x is not None}, i)
        self.assertEqual("cost" in declared["node"], costs)
        self.assertEqual("charge" in declared["edge"], costs)
        return g, report

    def test_spec(self):
        g, _ = self.compare("spec")
        self.assertAlmostEqual(g.nodes["B"]["fix_value"], 62.093023255814, places=9)

    def test_spec_costs(self):
        g, _ = self.compare("spec-costs")
        self.assertIn("loaded_cost", g.nodes["A"])
        self.assertIn("margin", g.nodes["X"])

    def test_hostile(self):
        g, _ = self.compare("hostile")
        self.assertEqual(g.nodes["amp"]["label"], 'Tom & Jerry, "the" cat\nand mouse\r\nand\ttab')
        self.assertEqual(g.nodes["ctl"]["label"], "bell\ufffdchar ]]> end")
        self.assertEqual(g.nodes["long" + "x" * 2000]["label"], LONG)
        self.assertEqual(g.nodes["007"]["label"], "=1+1")
        parallel = [d for u, v, d in g.edges(data=True) if (u, v) == (HOSTILE, "amp")]
        self.assertEqual(sorted(d["deliverable"] for d in parallel), ["<b>bold</b>", "second <b>"])
        self.assertEqual([d.get("score") for d in parallel if d["deliverable"] == "second <b>"],
                         [None])  # unrated: no score at all

    def test_stdout_is_the_file(self):
        out = run("analyze", self.orgs["spec"], "--format", "gexf")
        self.assertEqual(out.returncode, 0, out.stderr)
        with open(self.gexf("spec"), encoding="utf-8") as f:
            self.assertEqual(out.stdout, f.read())


MONEY, RATIO, COUNT = "#,##0.00", "0.000", "0"
HEADERS = {
    "Summary": ["figure", "value"],
    "Units": ["id", "kind", "name", "group", "rank", "flags", "fix_value", "service_score",
              "quality", "exposure", "own", "reaches_customer", "hops", "customers", "path",
              "chokepoints", "dependents", "cost", "loaded_cost", "stranded_cost"],
    "Customers": ["id", "name", "revenue", "quality", "revenue_at_risk", "critical_units",
                  "cost_to_serve", "margin"],
    "Handoffs": ["from", "to", "deliverable", "weight", "share", "score", "score_from", "volume",
                 "lead_time_days", "charge"],
}
FORMATS = {
    "fix_value": MONEY, "exposure": MONEY, "cost": MONEY, "loaded_cost": MONEY,
    "stranded_cost": MONEY, "revenue": MONEY, "revenue_at_risk": MONEY, "cost_to_serve": MONEY,
    "margin": MONEY, "charge": MONEY, "service_score": RATIO, "quality": RATIO, "own": RATIO,
    "share": RATIO, "score": RATIO, "rank": COUNT, "hops": COUNT, "dependents": COUNT,
}


def close(a, b):
    """Excel keeps 15 significant digits, libxlsxwriter writes 16."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-15, abs_tol=0)


class Xlsx(unittest.TestCase):
    """`analyze --format xlsx` read back with openpyxl."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.orgs = {"spec": org("spec"), "spec-costs": org("spec-costs"),
                    "hostile": write_hostile_org(os.path.join(cls.tmp, "hostile"))}

    def book(self, name):
        openpyxl = need("openpyxl", self)
        path = os.path.join(self.tmp, name + ".xlsx")
        out = run("analyze", self.orgs[name], "--format", "xlsx", "-o", path)
        self.assertEqual(out.returncode, 0, out.stderr)
        return openpyxl.load_workbook(path)

    def rows(self, ws):
        header = [c.value for c in ws[1]]
        return [dict(zip(header, row)) for row in ws.iter_rows(min_row=2, values_only=True)]

    def check_sheets(self, wb):
        self.assertEqual(wb.sheetnames, ["Summary", "Units", "Customers", "Handoffs"])
        for ws in wb:
            self.assertEqual([c.value for c in ws[1]], HEADERS[ws.title])
            self.assertTrue(all(c.font.b for c in ws[1]))
            self.assertEqual(ws.freeze_panes, "A2")
            last = chr(ord("A") + len(HEADERS[ws.title]) - 1)
            self.assertEqual(ws.auto_filter.ref, "A1:%s%d" % (last, max(ws.max_row, 1)))
            for i, name in enumerate(HEADERS[ws.title]):
                width = ws.column_dimensions[chr(ord("A") + i)].width
                self.assertGreaterEqual(width, len(name) + 2, (ws.title, name))
                self.assertLessEqual(width, 64, (ws.title, name))
            for row in ws.iter_rows(min_row=2):
                for name, cell in zip(HEADERS[ws.title], row):
                    if name in FORMATS and cell.value is not None:
                        self.assertEqual(cell.data_type, "n", (ws.title, name))
                        self.assertEqual(cell.number_format, FORMATS[name], (ws.title, name))
                    if name in ("id", "from", "to", "name", "flags") and cell.value is not None:
                        self.assertEqual(cell.data_type, "s", (ws.title, name))

    def compare(self, name):
        wb = self.book(name)
        self.check_sheets(wb)
        report = json_report(self.orgs[name])
        summary = {r["figure"]: r["value"] for r in self.rows(wb["Summary"])
                   if r["figure"] != "warning"}
        for key in ("units", "teams", "customers", "suppliers", "handoffs", "total_revenue",
                    "revenue_at_risk", "total_cost", "cost_to_serve", "stranded_cost"):
            self.assertTrue(close(summary[key], report["summary"][key]), key)
        warnings = [r["value"] for r in self.rows(wb["Summary"]) if r["figure"] == "warning"]
        self.assertEqual(warnings, report["warnings"])
        table = units_table(self.orgs[name])
        units = self.rows(wb["Units"])
        self.assertEqual([u["id"] for u in units], [u["id"] for u in report["units"]])
        for row, unit in zip(units, report["units"]):
            customer = unit["kind"] == "customer"
            self.assertEqual(row["kind"], unit["kind"])
            self.assertEqual(excel_text(row["name"]), unit["name"])
            self.assertEqual(row["group"] or "", unit["group"] or "")
            self.assertEqual(row["flags"] or "", ",".join(sorted(unit["flags"])))
            sight = unit["line_of_sight"]
            for key, value in (("fix_value", unit["fix_value"]),
                               ("service_score", unit["service_score"]),
                               ("quality", unit["quality"]), ("exposure", sight["exposure"]),
                               ("own", unit["own"]), ("hops", sight["hops"]),
                               ("dependents", unit["dependents"]),
                               ("cost", None if customer else unit["cost"]),
                               ("loaded_cost", None if customer else unit["loaded_cost"]),
                               ("stranded_cost", None if customer else unit["stranded_cost"]),
                               ("rank", number(table[unit["id"]]["rank"]))):
                self.assertTrue(close(row[key], value), (unit["id"], key, row[key], value))
            self.assertIs(row["reaches_customer"], sight["reaches_customer"])
            self.assertEqual(row["path"] or "", ";".join(sight["path"] or []))
            self.assertEqual(row["customers"] or "", ";".join(sight["customers"]))
            self.assertEqual(row["chokepoints"] or "", ";".join(unit["chokepoints"]))
        customers = self.rows(wb["Customers"])
        self.assertEqual([c["id"] for c in customers], [c["id"] for c in report["customers"]])
        for row, c in zip(customers, report["customers"]):
            for key in ("revenue", "quality", "revenue_at_risk", "cost_to_serve", "margin"):
                self.assertTrue(close(row[key], c[key]), (c["id"], key, row[key], c[key]))
            self.assertEqual(row["critical_units"] or "", ";".join(c["critical_units"]))
        handoffs = handoffs_table(self.orgs[name])
        rows = self.rows(wb["Handoffs"])
        self.assertEqual(len(rows), len(handoffs))
        for row, h in zip(rows, handoffs):
            for key in ("from", "to", "deliverable", "score_from"):
                self.assertEqual(row[key] or "", h[key], key)
            for key in ("weight", "share", "score", "volume", "lead_time_days", "charge"):
                self.assertTrue(close(row[key], number(h[key])), (key, row[key], h[key]))
        return wb

    def test_spec(self):
        wb = self.compare("spec")
        b = [r for r in self.rows(wb["Units"]) if r["id"] == "B"][0]
        self.assertAlmostEqual(b["fix_value"], 62.093023255814, places=9)

    def test_spec_costs(self):
        self.compare("spec-costs")

    def test_hostile(self):
        wb = self.compare("hostile")
        units = {r["id"]: r for r in self.rows(wb["Units"])}
        self.assertEqual(units["007"]["name"], "=1+1")  # text, not a formula
        self.assertEqual(units["007"]["group"], "'quoted'")
        self.assertEqual(excel_text(units["amp"]["name"]),
                         'Tom & Jerry, "the" cat\nand mouse\r\nand\ttab')
        self.assertEqual(excel_text(units["ctl"]["name"]), "bell\x07char ]]> end")
        self.assertEqual(units["long" + "x" * 2000]["name"], LONG)

    def test_long_cell_is_cut_with_a_note(self):
        openpyxl = need("openpyxl", self)
        name = "".join(chr(0x4e00 + i % 500) for i in range(40000))
        path = write_org(os.path.join(self.tmp, "long"),
                         [["id", "kind", "name", "revenue"], ["t", "team", name, ""],
                          ["c", "customer", "C", "10"]],
                         [["from", "to", "score"], ["t", "c", "0.5"]])
        book = os.path.join(self.tmp, "long.xlsx")
        out = run("analyze", path, "--format", "xlsx", "-o", book)
        self.assertEqual(out.returncode, 0, out.stderr)
        cell = self.rows(openpyxl.load_workbook(book)["Units"])[0]["name"]
        self.assertLessEqual(len(cell), 32767)
        self.assertGreater(len(cell), 32700)
        kept, _, note = cell.rpartition(" \u2026 [cut: ")
        self.assertTrue(name.startswith(kept))
        self.assertEqual(note, "%d characters]" % (40000 - len(kept)))

    def test_terminal_refused_pipe_accepted(self):
        openpyxl = need("openpyxl", self)
        master, slave = pty.openpty()
        proc = subprocess.run([CLI, "analyze", self.orgs["spec"], "--format", "xlsx"],
                              stdout=slave, stderr=subprocess.PIPE, timeout=120)
        os.close(slave)
        os.close(master)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(b"-o FILE", proc.stderr)
        out = run("analyze", self.orgs["spec"], "--format", "xlsx", text=False)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.check_sheets(openpyxl.load_workbook(io.BytesIO(out.stdout)))


class BadOutput(unittest.TestCase):
    """A file-size limit or a full device: exit 1, the old file untouched,
    no temporary file left (next to the target or under TMPDIR)."""

    def limited(self, fmt, limit):
        with tempfile.TemporaryDirectory() as d, tempfile.TemporaryDirectory() as tmpdir:
            target = os.path.join(d, "report." + fmt)
            with open(target, "w") as f:
                f.write("old")

            def preexec():
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

            proc = subprocess.run([CLI, "analyze", org("spec-costs"), "--format", fmt,
                                   "-o", target], capture_output=True, text=True, timeout=120,
                                  preexec_fn=preexec, env=dict(os.environ, TMPDIR=tmpdir))
            self.assertEqual(proc.returncode, 1, proc.stderr)
            self.assertIn("report." + fmt, proc.stderr)
            with open(target) as f:
                self.assertEqual(f.read(), "old")
            self.assertEqual(os.listdir(d), ["report." + fmt])
            self.assertEqual(os.listdir(tmpdir), [])

    def test_file_size_limit_gexf(self):
        self.limited("gexf", 4096)

    def test_file_size_limit_xlsx(self):
        for limit in (1024, 4096, 8192):  # in the workbook, or in its copy
            self.limited("xlsx", limit)

    def test_full_device(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        for fmt in ("gexf", "xlsx"):
            out = run("analyze", org("spec"), "--format", fmt, "-o", "/dev/full")
            self.assertEqual(out.returncode, 1, fmt)
            self.assertIn("space", out.stderr.lower(), fmt)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    CLI, SOURCE = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
