#!/usr/bin/env python3
"""Writes the hand-made seeds of the fuzz corpora (tests/fuzz/NAME/).

The seeds are small valid organisations and near misses: the SPEC
example, the bundled sample, the "three" fixture in every format, and
tricky but valid inputs (quoting, CRLF, BOM, -0, blank numbers, odd
scales). Crashers found by fuzzing are added to the corpora by hand as
crash-* files, next to what this script writes; it never removes them.
Run from anywhere: python3 tests/fuzz/make-seeds.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
ACME = os.path.join(HERE, "..", "..", "examples", "data", "acme")
SEP = "\n---\n"


def read(*parts):
    with open(os.path.join(*parts), "rb") as f:
        return f.read().decode("utf-8")


def write(target, name, text):
    os.makedirs(os.path.join(HERE, target), exist_ok=True)
    with open(os.path.join(HERE, target, name), "wb") as f:
        f.write(text.encode("utf-8") if isinstance(text, str) else text)


def csv_org(units, handoffs, surveys=None):
    text = units.rstrip("\n") + SEP + handoffs.rstrip("\n")
    if surveys is not None:
        text += SEP + surveys
    return text + "\n"


spec = [read(DATA, "spec", f) for f in ("units.csv", "handoffs.csv", "surveys.csv")]
acme = [read(ACME, f) for f in ("units.csv", "handoffs.csv", "surveys.csv")]
three = [read(DATA, "three", f) for f in ("units.csv", "handoffs.csv")]

# ---- CSV: units --- handoffs [--- surveys] ------------------------------
write("csv", "spec", csv_org(*spec))
write("csv", "acme", csv_org(*acme))
write("csv", "three", csv_org(*three))
write("csv", "tiny-bom", "\ufeffid,kind,revenue\nT,team,\nC,customer,250" + SEP
      + "from,to,score\nT,C,0.8\n")
write("csv", "quoted-ids", csv_org(
    'id,kind,name,revenue\n"a,b",team,"say ""hi""",\n"q""uote",team,"line\nbreak",\n'
    '"Zoë ✓",customer,"Ünïcode",10\n',
    'from,to,deliverable\n"a,b","q""uote","x, y"\n"q""uote","Zoë ✓",""\n'))
write("csv", "crlf-blank-numbers", csv_org(
    "id,kind,revenue,own_share,headcount\r\nA,team, , ,\r\n\r\nB,team,,0.5,3\r\n"
    "X,customer,-0,,\r\n",
    "lead_time_days,to,from,weight,score,volume,extra\r\n1,B,A,2,,0,junk\r\n"
    ",X,B,,1,, \r\n"))
write("csv", "numbers", csv_org(
    "id,kind,revenue,own_share\nA,team,,0.25\nB,supplier,,1e-1\nX,customer,1.5e3,\n"
    "Y,customer,+0.000001,\n",
    "from,to,weight,score\nA,X,1E2,.5\nB,A,0.001,1.\nA,Y,3,0\nB,Y,1,1\n"))
write("csv", "loops-and-parallel", csv_org(
    "id,kind,own_share\nA,team,0.1\nB,team,\nC,team,\nD,team,0.3\nX,customer,\n",
    "from,to,deliverable,weight,score\nA,B,d,1,0.5\nB,C,d,1,0.9\nC,A,d,1,0.8\n"
    "C,D,e,1,\nD,C,f,2,0.2\nD,X,g,1,0.7\nD,X,g,1,0.6\nB,X,,1,\n"))
write("csv", "surveys-scales", csv_org(
    spec[0], spec[1],
    "period,respondent,provider,score,scale_min,scale_max\n"
    "2025-01,C,B,7,0,10\n2025-02,C,B,6,0,10\n2025-02,C,B,3,1,5\n2025-03,C,B,2,1,5\n"
    "2025-04,C,B,1,1,5\n2025-05,C,A,100,0,100\n2025-05,X,D,3,1,5\n"))
write("csv", "costs", csv_org(
    "id,kind,revenue,cost,own_share\nA,team,,120.5,\nB,supplier,,0,\nL,team,,7,0.2\n"
    "M,team,,1e3,0.1\nX,customer,100,5,\n",
    "from,to,weight,volume\nB,A,1,0\nA,X,2,3\nA,L,1,1\nL,M,1,1\nM,L,1,1\n"))
write("csv", "no-customers", csv_org("id,kind\nA,team\nB,team\n", "from,to\nA,B\n"))
write("csv", "empty-handoffs", csv_org("id,kind\nX,customer\n", "from,to\n"))

# ---- JSON -----------------------------------------------------------------
def json_org(units, handoffs, surveys=None, **extra):
    doc = {"units": units, "handoffs": handoffs}
    if surveys is not None:
        doc["surveys"] = surveys
    doc.update(extra)
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def rows(text):
    lines = text.strip("\n").split("\n")
    head = lines[0].split(",")
    out = []
    for line in lines[1:]:
        rec = {}
        for k, v in zip(head, line.split(",")):
            if v == "":
                continue
            try:
                rec[k] = float(v) if k in ("revenue", "own_share", "headcount", "weight",
                                           "score", "volume", "lead_time_days",
                                           "scale_min", "scale_max") else v
            except ValueError:
                rec[k] = v
        out.append(rec)
    return out


write("json", "spec.json", json_org(rows(spec[0]), rows(spec[1]), rows(spec[2])))
write("json", "three.json", read(DATA, "three.json"))
write("json", "nulls-and-ints.json",
      '{"units": [{"id": "A", "kind": "team", "name": null, "group": "g", "revenue": null,\n'
      ' "own_share": 0, "headcount": 12}, {"id": "X", "kind": "customer", "revenue": 100}],\n'
      ' "handoffs": [{"from": "A", "to": "X", "weight": 2, "score": 1, "volume": -0.0}],\n'
      ' "surveys": null, "ignored": {"nested": [1, 2, {"x": []}]}}\n')
write("json", "costs.json", json_org(
    [{"id": "A", "kind": "team", "cost": 120}, {"id": "S", "kind": "supplier", "cost": 30.25},
     {"id": "E", "kind": "team", "cost": 40}, {"id": "X", "kind": "customer", "revenue": 600,
                                                "cost": None}],
    [{"from": "S", "to": "A", "volume": 2}, {"from": "A", "to": "X"},
     {"from": "A", "to": "E", "weight": 0.5}]))
write("json", "escapes.json",
      '{"units": [{"id": "a,b \\"q\\"\\u00e9\\ud83d\\ude00", "kind": "team", "name": "x\\ny"},\n'
      ' {"id": "X", "kind": "customer", "revenue": 1e3}],\n'
      ' "handoffs": [{"from": "a,b \\"q\\"\\u00e9\\ud83d\\ude00", "to": "X",'
      ' "deliverable": "\\t tab"}]}\n')
write("json", "loop.json", json_org(
    [{"id": "A", "kind": "team", "own_share": 0.5}, {"id": "B", "kind": "team"},
     {"id": "X", "kind": "customer", "revenue": 10}],
    [{"from": "A", "to": "B", "score": 0.5}, {"from": "B", "to": "A"},
     {"from": "B", "to": "X", "score": 0.9}]))

# ---- GraphML ------------------------------------------------------------
write("graphml", "three.graphml", read(DATA, "three.graphml"))
GML_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
            '<key id="k" for="node" attr.name="kind" attr.type="string"/>\n'
            '<key id="n" for="node" attr.name="name" attr.type="string"/>\n'
            '<key id="g" for="node" attr.name="group" attr.type="string"/>\n'
            '<key id="r" for="node" attr.name="revenue" attr.type="double"/>\n'
            '<key id="o" for="node" attr.name="own_share" attr.type="double"/>\n'
            '<key id="c" for="node" attr.name="cost" attr.type="double"/>\n'
            '<key id="d" for="edge" attr.name="deliverable" attr.type="string"/>\n'
            '<key id="w" for="edge" attr.name="weight" attr.type="double">'
            '<default>1</default></key>\n'
            '<key id="s" for="edge" attr.name="score" attr.type="double"/>\n'
            '<graph edgedefault="directed">\n')
GML_TAIL = "</graph>\n</graphml>\n"


def gml(units, handoffs):
    out = [GML_HEAD]
    for u in rows(units):
        out.append('<node id=%s>' % json.dumps(u["id"]))
        for key, field in (("k", "kind"), ("n", "name"), ("g", "group"), ("r", "revenue"),
                           ("o", "own_share"), ("c", "cost")):
            if field in u:
                v = u[field]
                out.append('<data key="%s">%s</data>' % (key, v if not isinstance(v, float)
                                                         else repr(v)))
        out.append("</node>\n")
    for h in rows(handoffs):
        out.append('<edge source=%s target=%s>' % (json.dumps(h["from"]), json.dumps(h["to"])))
        for key, field in (("d", "deliverable"), ("w", "weight"), ("s", "score")):
            if field in h:
                v = h[field]
                out.append('<data key="%s">%s</data>' % (key, v if not isinstance(v, float)
                                                         else repr(v)))
        out.append("</edge>\n")
    out.append(GML_TAIL)
    return "".join(out)


write("graphml", "spec.graphml", gml(spec[0], spec[1]))
write("graphml", "bare-names.graphml",
      '<graphml><key id="k" for="node" attr.name="kind" attr.type="string"/>'
      '<key id="s" for="edge" attr.name="score" attr.type="string"/>'
      '<graph edgedefault="undirected"><node id="a&amp;b"><data key="k">team</data></node>'
      '<node id="X"><data key="k">customer</data></node>'
      '<edge source="a&amp;b" target="X"><data key="s"> 0.5 </data></edge>'
      '<edge source="a&amp;b" target="X"/></graph></graphml>\n')
write("graphml", "foreign-elements.graphml",
      '<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
      'xmlns:y="urn:y"><y:meta a="1"/>\n'
      '<key id="k" for="node" attr.name="kind" attr.type="string"><desc>kind</desc></key>\n'
      '<key id="z" for="graph" attr.name="title" attr.type="string"/>\n'
      '<key id="h" for="node" attr.name="headcount" attr.type="int"/>\n'
      '<graph id="G" edgedefault="directed"><data key="z">org</data>\n'
      '<node id="T"><data key="k">team</data><data key="h">3</data><y:shape/></node>\n'
      '<node id="C"><data key="k">customer</data><!-- comment --></node>\n'
      '<edge id="e0" source="T" target="C"><y:line/></edge>\n'
      '</graph></graphml>\n')

# ---- surveys (added to the SPEC org: units A..E, X, Y) ----------------------
write("surveys", "spec.csv", spec[2])
write("surveys", "scales.csv",
      "scale_max,score,provider,respondent,period,scale_min\n"
      "10,7,B,C,2025-01,0\n10,6,B,C,2025-02,0\n5,3,B,C,2025-02,1\n,2,B,C,2025-03,\n"
      "5,1,B,C,2025-04,1\n100,50,A,C,2025-05,0\n5,3,D,X,2025-05,1\n")
write("surveys", "ties-many-periods.csv",
      "period,respondent,provider,score\n" +
      "".join("2024-%02d,C,B,%d\n" % (m, 4 if m % 3 else 3) for m in range(1, 13)) +
      "".join("2025-%02d,C,B,3\n" % m for m in range(1, 13)))
write("surveys", "crlf-quoted.csv",
      '\ufeff"period","respondent","provider","score"\r\n"2026-Q1","C","A","4.5"\r\n'
      '2026-Q2,C,A,"1"\r\n')
write("surveys", "header-only.csv", "period,respondent,provider,score\n")

# ---- event logs (the first byte: option bits, see fuzz-mine-common.h) ------
import csv
import gzip
import io
from xml.sax.saxutils import quoteattr

log = read(DATA, "mine", "log.csv")
with gzip.open(os.path.join(ACME, "..", "acme-log", "log.csv.gz"), "rt", encoding="utf-8") as f:
    acme_log = "".join(f.readline() for _ in range(300))


def gz(text):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as f:
        f.write(text.encode("utf-8"))
    return out.getvalue()


def xes(text):
    rows = list(csv.DictReader(io.StringIO(text)))
    out = ['<?xml version="1.0" encoding="UTF-8" ?>\n<log xes.version="1.0" '
           'xmlns="http://www.xes-standard.org/">\n<global scope="event"><string '
           'key="org:group" value="UNKNOWN"/></global>\n']
    cases = []
    for r in rows:
        if r["case:concept:name"] not in cases:
            cases.append(r["case:concept:name"])
    for c in cases:
        mine = [r for r in rows if r["case:concept:name"] == c]
        out.append('<trace><string key="concept:name" value=%s/>' % quoteattr(c))
        if mine[0].get("case:customer"):
            out.append('<string key="customer" value=%s/>' % quoteattr(mine[0]["case:customer"]))
        if mine[0].get("case:revenue"):
            out.append('<float key="revenue" value=%s/>' % quoteattr(mine[0]["case:revenue"]))
        out.append("\n")
        for r in mine:
            out.append("<event>")
            for key in ("org:group", "org:resource", "concept:name"):
                if r.get(key):
                    out.append('<string key="%s" value=%s/>' % (key, quoteattr(r[key])))
            out.append('<date key="time:timestamp" value=%s/></event>\n'
                       % quoteattr(r["time:timestamp"]))
        out.append("</trace>\n")
    out.append("</log>\n")
    return "".join(out)


for bits, tag in ((0x08, "direct"), (0x07 | 0x10, "depth2-quality-self-once"), (0x00, "no-limit"),
                  (0x28, "revenue-given")):
    write("log-csv", "small-" + tag, bytes([bits]) + log.encode("utf-8"))
    write("log-xes", "small-" + tag, bytes([bits]) + xes(log).encode("utf-8"))
write("log-csv", "acme-300-rows", b"\x0c" + acme_log.encode("utf-8"))
write("log-csv", "small-gzip", b"\x08" + gz(log))
write("log-xes", "small-gzip", b"\x08" + gz(xes(log)))
write("log-csv", "unsorted-crlf-dates",
      b"\x0c" + ("case:concept:name,org:group,time:timestamp,case:customer\r\n"
                 "2,B,2024-01-02T00:00:00Z,Y\r\n1,A,2024-01-01T00:00:00Z,X\r\n"
                 "2,A,2024-01-01T00:00:00.5+01:00,Y\r\n1,B,2024-01-01T10:00Z,X\r\n"
                 '"1","A","2024-01-03",X\r\n').encode("utf-8"))
