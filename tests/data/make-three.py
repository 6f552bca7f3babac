#!/usr/bin/env python3
"""Writes the fixture org "three" as a CSV directory, JSON and GraphML.

The test test_three_formats_agree loads all three and expects identical
organisations and analyses. Run from tests/data after editing ORG; commit
the outputs. Values are written as text exactly as given here, so no
format rounds differently.
"""
import json
from xml.sax.saxutils import escape, quoteattr

UNIT_FIELDS = ["id", "kind", "name", "group", "revenue", "own_share", "headcount"]
HANDOFF_FIELDS = ["from", "to", "deliverable", "weight", "score", "volume", "lead_time_days"]
NUMERIC = {"revenue", "own_share", "headcount", "weight", "score", "volume", "lead_time_days"}

# A supplier, two customers, groups, own_share, a rework loop C -> D -> G -> C
# that is open (C also gets work from A and B), parallel handoffs B -> C,
# unrated handoffs, a team with no line of sight (F), and text that needs
# CSV quoting (comma, doubled quote, newline).
UNITS = [
    dict(id="S", kind="supplier", name="Cloud, Inc.", headcount="5"),
    dict(id="A", kind="team", name="Platform", group="eng", headcount="12"),
    dict(id="B", kind="team", name='Data "Lake"', group="eng", own_share="0.1", headcount="7"),
    dict(id="C", kind="team", name="Product", group="prod"),
    dict(id="D", kind="team", name="Delivery", group="prod", own_share="0.2", headcount="9"),
    dict(id="G", kind="team", name="QA\nand test", group="prod"),
    dict(id="E", kind="team", name="Support", group="ops", headcount="4"),
    dict(id="F", kind="team", name="Comms", group="ops"),
    dict(id="X", kind="customer", name="Enterprise", revenue="600"),
    dict(id="Y", kind="customer", name="SMB", revenue="400.5"),
]
HANDOFFS = [
    dict(frm="S", to="A", deliverable="hosting", weight="1", score="0.9"),
    dict(frm="A", to="B", deliverable="datasets", volume="100", lead_time_days="2"),
    dict(frm="A", to="C", deliverable="platform", score="0.85"),
    dict(frm="B", to="C", deliverable="metrics", weight="2", volume="30"),
    dict(frm="B", to="C", deliverable="reports, weekly", weight="1", score="0.6"),
    dict(frm="C", to="D", deliverable="releases", score="0.7", lead_time_days="5"),
    dict(frm="D", to="G", deliverable="builds", score="0.95"),
    dict(frm="G", to="C", deliverable="defects", weight="0.5", score="0.5"),
    dict(frm="D", to="X", deliverable="service"),
    dict(frm="D", to="Y", deliverable="service", score="0.9"),
    dict(frm="B", to="Y", deliverable="reports", score="0.95"),
    dict(frm="E", to="Y", deliverable="support", weight="2", score="0.8"),
    dict(frm="A", to="E", deliverable="tools"),
    dict(frm="A", to="F", deliverable="newsletter", score="0.5"),
]
for h in HANDOFFS:
    h["from"] = h.pop("frm")


def csv_cell(v):
    if any(c in v for c in ',"\n\r'):
        return '"' + v.replace('"', '""') + '"'
    return v


def write_csv(path, fields, rows, extra_column=False):
    # CRLF line ends and an unknown trailing column, in a different order
    # than SPEC's: the loader must not care.
    order = fields[1:] + fields[:1]
    header = order + (["comment"] if extra_column else [])
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\r\n")
        for r in rows:
            cells = [csv_cell(r.get(k, "")) for k in order]
            if extra_column:
                cells.append("ignored")
            f.write(",".join(cells) + "\r\n")


def json_value(k, v):
    return float(v) if k in NUMERIC else v


def write_json(path):
    doc = {
        "units": [{k: json_value(k, v) for k, v in u.items()} for u in UNITS],
        "handoffs": [{k: json_value(k, v) for k, v in h.items()} for h in HANDOFFS],
    }
    # One unit spells an unset value as null rather than leaving it out.
    doc["units"][3]["own_share"] = None
    with open(path, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


def write_graphml(path):
    types = {"headcount": "int", "lead_time_days": "string"}  # numbers as other types
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    for k in UNIT_FIELDS[1:]:
        t = types.get(k, "double" if k in NUMERIC else "string")
        out.append(f'  <key id="v_{k}" for="node" attr.name="{k}" attr.type="{t}"/>')
    for k in HANDOFF_FIELDS[2:]:
        t = types.get(k, "double" if k in NUMERIC else "string")
        if k == "weight":  # an explicit default equal to SPEC's
            out.append(f'  <key id="e_{k}" for="edge" attr.name="{k}" attr.type="{t}">'
                       '<default>1</default></key>')
        else:
            out.append(f'  <key id="e_{k}" for="edge" attr.name="{k}" attr.type="{t}"/>')
    out.append('  <graph id="G" edgedefault="directed">')
    for u in UNITS:
        out.append(f'    <node id={quoteattr(u["id"])}>')
        for k in UNIT_FIELDS[1:]:
            if k in u:
                out.append(f'      <data key="v_{k}">{escape(u[k])}</data>')
        out.append('    </node>')
    for h in HANDOFFS:
        out.append(f'    <edge source={quoteattr(h["from"])} target={quoteattr(h["to"])}>')
        for k in HANDOFF_FIELDS[2:]:
            if k in h:
                out.append(f'      <data key="e_{k}">{escape(h[k])}</data>')
        out.append('    </edge>')
    out.append('  </graph>')
    out.append('</graphml>')
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


write_csv("three/units.csv", UNIT_FIELDS, UNITS, extra_column=True)
write_csv("three/handoffs.csv", HANDOFF_FIELDS, HANDOFFS)
write_json("three.json")
write_graphml("three.graphml")
