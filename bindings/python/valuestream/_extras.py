# valuestream - optional extras: pandas DataFrames and networkx graphs.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Conversions to pandas and networkx, imported only when asked for.

Nothing else in the package depends on these libraries. When one is
missing the ImportError names the Debian package that provides it.
"""

import importlib

from ._lib import lib
from ._records import FLAGS, KINDS, read_handoff, read_unit

_DEBIAN = {"pandas": "python3-pandas", "networkx": "python3-networkx"}


def require(module, what):
    """Imports @module for @what, or raises an ImportError saying how to get it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError("%s needs %s, which is not installed; on Debian: apt-get install %s"
                          % (what, module, _DEBIAN[module]), name=module) from exc


def _nullable_ints(pd, values):
    """An Int64 column of @values (a numpy array), missing where negative."""
    return pd.arrays.IntegerArray(values.astype("int64"), values < 0)


def _objects(np, values, missing=False):
    """@values (a list) as a numpy object array, plus a last entry None
    when @missing, so that index -1 picks it."""
    out = np.empty(len(values) + bool(missing), dtype=object)
    out[:len(values)] = values
    return out


def units_frame(analysis):
    """Analysis.to_pandas(): one row per unit, indexed by id, in input order.
    Built from whole C arrays (numpy copies) and the bulk strings: no
    Python object per unit but the strings."""
    pd = require("pandas", "Analysis.to_pandas()")
    import numpy as np  # pandas needs it
    a = analysis
    ids = a._ids()
    hops = a._array("hops", np)
    flags = a._array("flags", np)
    next_hop = a._array("next_hop", np)
    loop = a._array("loop", np)
    # one string per combination of flags (at most 2^7), picked per unit
    flag_text = _objects(np, [",".join(FLAGS[b] for b in range(len(FLAGS)) if bits & (1 << b))
                              for bits in range(1 << len(FLAGS))])
    data = {
        "kind": _objects(np, KINDS)[a._kind_codes(np)],
        "name": a._strings("name"),
        "group": a._strings("group"),
        "own": a._array("own", np),
        "quality": a._array("quality", np),
        "exposure": a._array("exposure", np),
        "revenue_at_risk": a._array("revenue_at_risk", np),
        "service_score": a._array("service_score", np),
        "fix_value": a._array("fix_value", np),
        "reaches_customer": hops >= 0,
        "hops": _nullable_ints(pd, hops),
        "next_hop": _objects(np, ids, missing=True)[next_hop],
        "dependents": a._array("dependents", np).astype("int64"),
        "loop": _nullable_ints(pd, loop),
        "flags": flag_text[flags],
        # SPEC 7; loaded_cost is NaN outside Rc (and for customers)
        "cost": a._array("cost", np),
        "loaded_cost": a._array("loaded_cost", np),
        "stranded_cost": a._array("stranded_cost", np),
    }
    for b, name in enumerate(FLAGS):
        data[name] = (flags & (1 << b)) != 0
    return pd.DataFrame(data, index=pd.Index(ids, name="id", dtype=object))


def customers_frame(analysis):
    """Analysis.customers_frame(): one row per customer, indexed by id."""
    pd = require("pandas", "Analysis.customers_frame()")
    import numpy as np
    a = analysis
    customers = np.array(a._column("customers"), dtype=np.intp)
    ids = a._ids()
    critical, offsets = a._lists("critical_units")
    data = {
        "name": _objects(np, a._strings("name"))[customers],
        "revenue": a._array("exposure", np)[customers],
        "quality": a._array("quality", np)[customers],
        "revenue_at_risk": a._array("revenue_at_risk", np)[customers],
        "critical_units": [",".join([ids[u] for u in critical[offsets[c]:offsets[c + 1]]])
                           for c in customers.tolist()],
        "cost_to_serve": a._array("cost_to_serve", np)[customers],
        "margin": a._array("margin", np)[customers],
    }
    return pd.DataFrame(data, index=pd.Index(_objects(np, ids)[customers], name="id",
                                             dtype=object))


def handoffs_frame(analysis):
    """Analysis.handoffs_frame(): one row per handoff, indexed by handoff
    index; score and charge are NaN when None."""
    pd = require("pandas", "Analysis.handoffs_frame()")
    import numpy as np
    a = analysis
    froms, tos, weights = a._handoff_arrays(np)
    ids = _objects(np, a._ids())
    data = {
        "from": ids[froms],
        "to": ids[tos],
        "deliverable": a._strings("deliverable"),
        "weight": weights,
        "share": a._array("handoff_share", np),
        "score": a._array("handoff_score", np),
        "charge": a._array("handoff_charge", np),
    }
    return pd.DataFrame(data, index=pd.Index(np.arange(len(froms), dtype=np.int64),
                                             name="index"))


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
