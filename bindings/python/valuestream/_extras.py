# valuestream - optional extras: pandas DataFrames and networkx graphs.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Conversions to pandas and networkx, imported only when asked for.

Nothing else in the package depends on these libraries. When one is
missing the ImportError names the Debian package that provides it.
"""

import importlib

from ._lib import lib
from ._records import FLAGS, read_handoff, read_unit

_DEBIAN = {"pandas": "python3-pandas", "networkx": "python3-networkx"}


def require(module, what):
    """Imports @module for @what, or raises an ImportError saying how to get it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError("%s needs %s, which is not installed; on Debian: apt-get install %s"
                          % (what, module, _DEBIAN[module]), name=module) from exc


def _nullable_ints(pd, values):
    return pd.array([v if v >= 0 else None for v in values], dtype="Int64")


def units_frame(analysis):
    """Analysis.to_pandas(): one row per unit, indexed by id, in input order."""
    pd = require("pandas", "Analysis.to_pandas()")
    a = analysis
    hops = a._column("hops")
    flags = a._column("flags")
    ids = a._ids()
    next_hop = a._column("next_hop")
    data = {
        "kind": a._strings("kind"),
        "name": a._strings("name"),
        "group": a._strings("group"),
        "own": a._column("own"),
        "quality": a._column("quality"),
        "exposure": a._column("exposure"),
        "revenue_at_risk": a._column("revenue_at_risk"),
        "service_score": a._column("service_score"),
        "fix_value": a._column("fix_value"),
        "reaches_customer": [h >= 0 for h in hops],
        "hops": _nullable_ints(pd, hops),
        "next_hop": [ids[v] if v >= 0 else None for v in next_hop],
        "dependents": a._column("dependents"),
        "loop": _nullable_ints(pd, a._column("loop")),
        "flags": [",".join(FLAGS[b] for b in range(len(FLAGS)) if bits & (1 << b))
                  for bits in flags],
        # SPEC 7; loaded_cost is NaN outside Rc (and for customers)
        "cost": a._column("cost"),
        "loaded_cost": a._column("loaded_cost"),
        "stranded_cost": a._column("stranded_cost"),
    }
    for b, name in enumerate(FLAGS):
        data[name] = [bool(bits & (1 << b)) for bits in flags]
    return pd.DataFrame(data, index=pd.Index(list(ids), name="id"))


def customers_frame(analysis):
    """Analysis.customers_frame(): one row per customer, indexed by id."""
    pd = require("pandas", "Analysis.customers_frame()")
    customers = list(analysis.customers.values())
    data = {
        "name": [c.name for c in customers],
        "revenue": [c.revenue for c in customers],
        "quality": [c.quality for c in customers],
        "revenue_at_risk": [c.revenue_at_risk for c in customers],
        "critical_units": [",".join(c.critical_units) for c in customers],
        "cost_to_serve": [c.cost_to_serve for c in customers],
        "margin": [c.margin for c in customers],
    }
    return pd.DataFrame(data, index=pd.Index([c.id for c in customers], name="id"))


def handoffs_frame(analysis):
    """Analysis.handoffs_frame(): one row per handoff, indexed by handoff
    index; score and charge are NaN when None."""
    pd = require("pandas", "Analysis.handoffs_frame()")
    handoffs = analysis.handoffs
    nan = float("nan")
    data = {
        "from": [h.from_ for h in handoffs],
        "to": [h.to for h in handoffs],
        "deliverable": [h.deliverable for h in handoffs],
        "weight": [h.weight for h in handoffs],
        "share": [h.share for h in handoffs],
        "score": [nan if h.score is None else h.score for h in handoffs],
        "charge": [nan if h.charge is None else h.charge for h in handoffs],
    }
    return pd.DataFrame(data, index=pd.Index([h.index for h in handoffs], name="index"))


def plan_frame(plan):
    """Plan.to_pandas(): one row per step, indexed by step, with the CSV
    plan's columns."""
    pd = require("pandas", "Plan.to_pandas()")
    steps = plan.steps
    data = {
        "unit": [s.unit for s in steps],
        "name": plan._unit_names(),
        "gain": [s.gain for s in steps],
        "revenue_at_risk": [s.revenue_at_risk for s in steps],
        "removed_share": [s.removed_share for s in steps],
    }
    return pd.DataFrame(data, index=pd.Index([s.step for s in steps], name="step"))


def comparison_frame(comparison):
    """Comparison.to_pandas(): one row per customer or unit change, with
    VALUE_before / _after / _delta columns for every value."""
    pd = require("pandas", "Comparison.to_pandas()")
    customer_values = ("quality", "revenue_at_risk", "cost_to_serve", "margin")
    unit_values = ("quality", "fix_value", "service_score", "loaded_cost", "exposure")
    values = list(dict.fromkeys(customer_values + unit_values))
    rows = []
    for kind, entries, own in (("customer", comparison.customers, customer_values),
                               ("unit", comparison.units, unit_values)):
        for e in entries:
            row = {"kind": kind, "id": e.id, "name": e.name, "status": e.status}
            for v in values:
                d = getattr(e, v) if v in own else None
                for part in ("before", "after", "delta"):
                    x = None if d is None else getattr(d, part)
                    row["%s_%s" % (v, part)] = float("nan") if x is None else x
            rows.append(row)
    columns = ["kind", "id", "name", "status"] + ["%s_%s" % (v, p) for v in values
                                                  for p in ("before", "after", "delta")]
    return pd.DataFrame(rows, columns=columns)


def org_to_networkx(org):
    """Org.to_networkx(): a MultiDiGraph, nodes = unit ids, edge key = handoff
    index; attributes that are unset are left out."""
    nx = require("networkx", "Org.to_networkx()")
    graph = nx.MultiDiGraph()
    with org._reading() as ptr:
        units = [read_unit(ptr, i) for i in range(lib.vs_org_get_n_units(ptr))]
        handoffs = [read_handoff(ptr, e) for e in range(lib.vs_org_get_n_handoffs(ptr))]
    for u in units:
        graph.add_node(u.id, **{k: v for k, v in vars(u).items() if k != "id" and v is not None})
    for h in handoffs:
        attrs = {k: v for k, v in vars(h).items() if k not in ("from_", "to") and v is not None}
        graph.add_edge(h.from_, h.to, key=h.index, **attrs)
    return graph
