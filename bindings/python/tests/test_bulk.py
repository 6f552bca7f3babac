#!/usr/bin/env python3
# valuestream - the bulk reads: every unit's strings and lists in one call.
# SPDX-License-Identifier: GPL-2.0-or-later
"""vs_analysis_dup_strings(), vs_analysis_dup_unit_lists(),
vs_analysis_get_kinds() and vs_analysis_dup_handoff_weights() against the
per-unit getters, on the SPEC org and on a generated org (absent groups and
deliverables, non-ASCII names, empty lists); the frames built from them
against frames built unit by unit from the per-unit views."""

import ctypes
import math
import random
import unittest
from ctypes import byref, c_void_p

import support
from support import vs
from valuestream import _lib, _results
from valuestream._lib import gsize, lib

LISTS = {"path": lib.vs_analysis_dup_path, "chokepoints": lib.vs_analysis_dup_chokepoints,
         "customers": lib.vs_analysis_dup_unit_customers,
         "critical_units": lib.vs_analysis_dup_critical_units}
LIST_VALUES = {"path": _lib.VS_UNIT_LIST_PATH, "chokepoints": _lib.VS_UNIT_LIST_CHOKEPOINTS,
               "customers": _lib.VS_UNIT_LIST_CUSTOMERS,
               "critical_units": _lib.VS_UNIT_LIST_CRITICAL_UNITS}


def generated_org(n=400, customers=12, seed=7):
    """A random org: teams and suppliers in layers handing towards the
    customers, some loops, groups and deliverables left out at random,
    names with non-ASCII letters, a team reaching no customer."""
    rng = random.Random(seed)
    org = vs.Org()
    for c in range(customers):
        org.add_unit("cust-%02d" % c, "customer", revenue=rng.randint(1, 1000))
    ids = []
    for i in range(n):
        kind = "supplier" if i % 17 == 0 else "team"
        uid = "u%04d" % i
        org.add_unit(uid, kind, name=rng.choice([None, "Équipe %d" % i, "Team %d" % i, ""]),
                     group=rng.choice([None, "g%d" % (i % 5), "grüppe"]),
                     cost=rng.choice([None, 100.0 * i]))
        ids.append(uid)
    for i, uid in enumerate(ids):
        if i == 3:
            continue  # reaches no customer
        for _ in range(rng.randint(1, 3)):
            if i > n // 2 or rng.random() < 0.2:
                to = "cust-%02d" % rng.randrange(customers)
            else:
                to = ids[rng.randrange(i + 1, n)]
            org.add_handoff(uid, to, deliverable=rng.choice([None, "work", "réponse"]),
                            weight=rng.choice([None, 2.0, 0.5]),
                            score=rng.choice([None, 0.6, 0.9]))
        if i % 40 == 10:
            org.add_handoff(ids[i + 1], uid, deliverable="rework")  # a loop
    return org


class BulkReads(unittest.TestCase):
    def check(self, org):
        with org.analyze() as a, a._reading() as ptr:
            c_org = lib.vs_analysis_get_org(ptr)
            n, m = lib.vs_analysis_get_n_units(ptr), lib.vs_analysis_get_n_handoffs(ptr)
            for column, get, count in (
                    (_lib.VS_STRINGS_UNIT_ID, lib.vs_org_get_unit_id, n),
                    (_lib.VS_STRINGS_UNIT_NAME, lib.vs_org_get_unit_name, n),
                    (_lib.VS_STRINGS_UNIT_GROUP, lib.vs_org_get_unit_group, n),
                    (_lib.VS_STRINGS_HANDOFF_DELIVERABLE, lib.vs_org_get_handoff_deliverable,
                     m)):
                offsets, k = c_void_p(), gsize()
                address = lib.vs_analysis_dup_strings(ptr, column, byref(offsets), byref(k))
                self.assertEqual(k.value, count)
                # the raw layout: each present string NUL-terminated at its offset
                ends = list((gsize * (count + 1)).from_address(offsets.value))
                expected = [get(c_org, i) for i in range(count)]
                for i, want in enumerate(expected):
                    if want is None:
                        self.assertEqual(ends[i], ends[i + 1])
                    else:
                        self.assertEqual(ctypes.string_at(address + ends[i]), want)
                        self.assertEqual(ends[i + 1] - ends[i], len(want) + 1)
                # and as the bindings read it
                self.assertEqual(_lib.take_strings(address, offsets.value, count),
                                 [_lib.text(s) for s in expected])
            kinds = (ctypes.c_uint8 * n).from_address(lib.vs_analysis_get_kinds(ptr, None))
            self.assertEqual(list(kinds), [lib.vs_org_get_unit_kind(c_org, i) for i in range(n)])
            weights = lib.vs_analysis_dup_handoff_weights(ptr, None)
            self.assertEqual(_lib.doubles(weights, m),
                             [lib.vs_org_get_handoff_weight(c_org, e) for e in range(m)])
            lib.vs_free(weights)
            for name, one in LISTS.items():
                offsets, k = c_void_p(), gsize()
                address = lib.vs_analysis_dup_unit_lists(ptr, LIST_VALUES[name], byref(offsets),
                                                         byref(k))
                self.assertEqual(k.value, n)
                flat, ends = _lib.take_lists(address, offsets.value, n)
                self.assertEqual(len(ends), n + 1)
                self.assertEqual(ends[n], len(flat))
                for u in range(n):
                    size = gsize()
                    want = _lib.take_uint32s(one(ptr, u, byref(size)), size.value)
                    self.assertEqual(flat[ends[u]:ends[u + 1]], want, (name, u))

    def test_spec(self):
        self.check(support.spec_org())

    def test_generated(self):
        self.check(generated_org())

    def test_empty_org(self):
        org = vs.Org()
        org.add_unit("X", "customer", revenue=1)
        self.check(org)

    def test_grown_org(self):
        # strings of the units analysed, not of those added since
        org = support.spec_org()
        a = org.analyze()
        org.add_unit("late", name="Late")
        self.assertEqual(len(a._strings("name")), 7)
        self.assertNotIn("late", a._ids())


class Views(unittest.TestCase):
    """The views read in bulk agree with those read one unit at a time."""

    def test_lists_switch_to_bulk(self):
        org = generated_org()
        one, bulk = org.analyze(), org.analyze()
        for name in ("path", "chokepoints", "customers", "critical_units"):
            slow = [one._cached((name, "check", i), lambda ptr, i=i: tuple(
                one._ids_of(one._dup(ptr, getattr(lib, _results._UNIT_LISTS[name][0]), i))))
                for i in range(one.n_units)]
            fast = [bulk._unit_list(name, i) for i in range(bulk.n_units)]
            self.assertEqual(fast, slow, name)
            self.assertIn(("lists", name), bulk._cache)

    def test_units_mapping(self):
        a = generated_org().analyze()
        units = a.units
        self.assertEqual(list(units.values()), [units[k] for k in units])
        self.assertEqual(list(units.items()), [(k, units[k]) for k in units])
        self.assertEqual(dict(units), {k: units[k] for k in units})
        customers = a.customers
        self.assertEqual([c.id for c in customers.values()], list(customers))

    def test_handoffs(self):
        org = generated_org()
        a = org.analyze()
        handoffs = a.handoffs
        self.assertEqual(len(handoffs), len(org.handoffs))
        for h, o in zip(handoffs, org.handoffs):
            self.assertEqual((h.from_, h.to, h.deliverable, h.weight),
                             (o.from_, o.to, o.deliverable, o.weight if o.weight else 1.0))


def units_frame_by_unit(pd, a):
    """to_pandas() as it was built before the bulk reads: from the views."""
    rows = list(a.units.values())
    data = {
        "kind": [u.kind for u in rows], "name": [u.name for u in rows],
        "group": [u.group for u in rows], "own": [u.own for u in rows],
        "quality": [u.quality for u in rows], "exposure": [u.exposure for u in rows],
        "revenue_at_risk": [u.revenue_at_risk for u in rows],
        "service_score": [math.nan if u.service_score is None else u.service_score
                          for u in rows],
        "fix_value": [u.fix_value for u in rows],
        "reaches_customer": [u.line_of_sight.reaches_customer for u in rows],
        "hops": pd.array([u.hops for u in rows], dtype="Int64"),
        "next_hop": [u.next_hop for u in rows],
        "dependents": [u.dependents for u in rows],
        "loop": pd.array([u.loop for u in rows], dtype="Int64"),
        "flags": [",".join(u.flags) for u in rows],
        "cost": [u.cost for u in rows],
        "loaded_cost": [math.nan if u.loaded_cost is None else u.loaded_cost for u in rows],
        "stranded_cost": [u.stranded_cost for u in rows],
    }
    for name in vs.FLAGS:
        data[name] = [name in u.flags for u in rows]
    return pd.DataFrame(data, index=pd.Index([u.id for u in rows], name="id"))


class Frames(unittest.TestCase):
    def setUp(self):
        self.pd = support.require_module(self, "pandas")

    def check(self, org):
        pd = self.pd
        a = org.analyze()
        pd.testing.assert_frame_equal(a.to_pandas(), units_frame_by_unit(pd, a))
        customers = list(a.customers.values())
        pd.testing.assert_frame_equal(a.customers_frame(), pd.DataFrame({
            "name": [c.name for c in customers], "revenue": [c.revenue for c in customers],
            "quality": [c.quality for c in customers],
            "revenue_at_risk": [c.revenue_at_risk for c in customers],
            "critical_units": [",".join(c.critical_units) for c in customers],
            "cost_to_serve": [c.cost_to_serve for c in customers],
            "margin": [c.margin for c in customers],
        }, index=pd.Index([c.id for c in customers], name="id")))
        handoffs = a.handoffs
        pd.testing.assert_frame_equal(a.handoffs_frame(), pd.DataFrame({
            "from": [h.from_ for h in handoffs], "to": [h.to for h in handoffs],
            "deliverable": [h.deliverable for h in handoffs],
            "weight": [h.weight for h in handoffs], "share": [h.share for h in handoffs],
            "score": [math.nan if h.score is None else h.score for h in handoffs],
            "charge": [math.nan if h.charge is None else h.charge for h in handoffs],
        }, index=pd.Index([h.index for h in handoffs], name="index")))

    def test_spec(self):
        self.check(support.spec_org())

    def test_generated(self):
        self.check(generated_org())

    def test_closed(self):
        a = support.spec_org().analyze()
        a.close()
        with self.assertRaises(vs.ClosedError):
            a.to_pandas()


if __name__ == "__main__":
    support.main()
