#!/usr/bin/env python3
# valuestream - cost to serve (SPEC section 7) through the Python API.
# SPDX-License-Identifier: GPL-2.0-or-later
"""The SPEC section 11 cost examples (the reciprocal textbook case and the
section 6 org with costs) to 1e-7 through every part of the Python API;
to_dict() against their expected reports (tests/data, copies of the shared
worked examples) with the comparison of tools/check-report; the options
cost_basis and markup; Unit.cost through add_unit, loading and copies; the
pandas columns."""

import json
import math
import os
import unittest

import support
from support import vs

DATA = os.path.join(support.HERE, "data")
COSTS_DIR = os.path.join(DATA, "spec-costs")
RECIPROCAL_DIR = os.path.join(DATA, "spec-reciprocal")
# The SPEC prints 7 decimals.
TOL = 1e-7

# SPEC 11, typed in from the SPEC (not from any output).
COSTS = {"A": 120, "B": 90, "C": 200, "D": 150, "E": 40}
COSTS_LOADED = {"A": 120, "B": 130, "C": 565, "D": 715, "E": None}
COSTS_STRANDED = {"A": 0, "B": 0, "C": 0, "D": 0, "E": 80}
COSTS_SERVED = {"X": 238.3333333, "Y": 281.6666667}
RECIPROCAL_LOADED = {"A": 228.2608696, "B": 391.3043478}
RECIPROCAL_SERVED = {"X": 365.2173913, "Y": 84.7826087}


def load_expected(directory):
    with open(os.path.join(directory, "expected.json"), encoding="utf-8") as f:
        return json.load(f)


def close(a, b):
    """tools/check-report's comparison: 1e-6 relative (absolute below 1);
    None only matches None."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def cost_mismatches(exp, act):
    """The section 7 part of tools/check-report: what @act (a report)
    gets wrong of @exp's cost fields, as a list of messages."""
    bad = []
    s, t = exp["summary"], act.get("summary", {})
    for k in ("total_cost", "cost_to_serve", "stranded_cost"):
        if not close(s[k], t.get(k)):
            bad.append("summary.%s: %s vs %s" % (k, s[k], t.get(k)))
    au = {u["id"]: u for u in act.get("units", [])}
    for u in exp["units"]:
        a = au.get(u["id"]) or {}
        if u["kind"] == "customer":
            continue
        for k in ("loaded_cost", "stranded_cost"):
            if not close(u[k], a.get(k)):
                bad.append("%s.%s %s vs %s" % (u["id"], k, u[k], a.get(k)))
        acs = (a.get("line_of_sight") or {}).get("cost_shares")
        if acs is not None:
            for c, x in u["line_of_sight"]["cost_shares"].items():
                if not close(x, acs.get(c)):
                    bad.append("%s.cost_shares[%s] %s vs %s" % (u["id"], c, x, acs.get(c)))
    ac = {c["id"]: c for c in act.get("customers", [])}
    for c in exp["customers"]:
        a = ac.get(c["id"], {})
        for k in ("cost_to_serve", "margin"):
            if not close(c[k], a.get(k)):
                bad.append("customer %s.%s %s vs %s" % (c["id"], k, c[k], a.get(k)))
    return bad


def costs_org(extra=None):
    """The section 6 org (surveys included) with the section 11 costs,
    built in code; @extra maps (from, to) to more handoff keywords."""
    extra = extra or {}
    org = vs.Org()
    for uid, kind, name, group, revenue, own in support.SPEC_UNITS:
        org.add_unit(uid, kind, name=name, group=group, revenue=revenue, own_share=own,
                     cost=COSTS.get(uid))
    for src, dst, deliverable, weight, score in support.SPEC_HANDOFFS:
        org.add_handoff(src, dst, deliverable=deliverable, weight=weight, score=score,
                        **extra.get((src, dst), {}))
    for period, score in zip(support.SPEC_PERIODS, support.SPEC_SURVEY):
        org.add_survey_response(period, "C", "B", score, scale_min=1, scale_max=5)
    return org


class CostChecks:
    """Assertions on the section 6 org with costs; subclasses set cls.analysis."""

    def test_unit_costs(self):
        a = self.analysis
        for uid, cost in COSTS.items():
            with self.subTest(unit=uid):
                u = a.units[uid]
                self.assertEqual(u.cost, cost)
                if COSTS_LOADED[uid] is None:
                    self.assertIsNone(u.loaded_cost)
                else:
                    self.assertAlmostEqual(u.loaded_cost, COSTS_LOADED[uid], delta=TOL)
                self.assertAlmostEqual(u.stranded_cost, COSTS_STRANDED[uid], delta=TOL)
        for cid in ("X", "Y"):
            self.assertEqual(a.units[cid].cost, 0)
            self.assertIsNone(a.units[cid].loaded_cost)
            self.assertEqual(a.units[cid].stranded_cost, 0)

    def test_customers(self):
        a = self.analysis
        for cid, served in COSTS_SERVED.items():
            with self.subTest(customer=cid):
                c = a.customers[cid]
                self.assertAlmostEqual(c.cost_to_serve, served, delta=TOL)
                self.assertAlmostEqual(c.margin, c.revenue - served, delta=TOL)
        # exact: X gets a third of D's 715, Y also a third of B's 130
        self.assertAlmostEqual(a.customers["X"].cost_to_serve, 715 / 3, delta=1e-9)
        self.assertAlmostEqual(a.customers["Y"].cost_to_serve, 715 / 3 + 130 / 3, delta=1e-9)

    def test_totals(self):
        a = self.analysis
        self.assertAlmostEqual(a.total_cost, 600, delta=1e-9)
        self.assertAlmostEqual(a.cost_to_serve, 520, delta=1e-9)
        self.assertAlmostEqual(a.stranded_cost, 80, delta=1e-9)
        summary = a.summary
        for key in ("total_cost", "cost_to_serve", "stranded_cost"):
            self.assertEqual(summary[key], getattr(a, key))
        self.assertAlmostEqual(sum(c.cost_to_serve for c in a.customers.values()),
                               a.cost_to_serve, delta=1e-9)
        self.assertAlmostEqual(sum(u.stranded_cost for u in a.units.values()),
                               a.stranded_cost, delta=1e-9)

    def test_cost_shares(self):
        a = self.analysis
        shares = a.units["A"].cost_shares
        self.assertEqual(list(shares), ["X", "Y"])
        self.assertAlmostEqual(shares["X"], 0.2777778, delta=TOL)
        self.assertAlmostEqual(shares["Y"], 0.3888889, delta=TOL)
        self.assertAlmostEqual(shares["X"], 5 / 18, delta=1e-9)
        self.assertAlmostEqual(shares["Y"], 7 / 18, delta=1e-9)
        self.assertEqual(a.units["A"].line_of_sight.cost_shares, shares)
        self.assertEqual(a.units["E"].cost_shares, {})  # outside Rc
        self.assertEqual(a.units["X"].cost_shares, {})  # a customer
        for uid in "BCD":  # nothing of theirs is stranded
            self.assertAlmostEqual(sum(a.units[uid].cost_shares.values()), 1, delta=1e-9)
        # each customer's cost to serve is the units' own charged cost
        # times their cost share of it; the customer's view agrees
        for cid, c in a.customers.items():
            by_unit = c.cost_shares
            self.assertNotIn("E", by_unit)
            for uid in "ABCD":
                self.assertAlmostEqual(by_unit.get(uid, 0),
                                       a.units[uid].cost_shares.get(cid, 0), delta=1e-9)
            self.assertAlmostEqual(sum(a.units[u].cost * x for u, x in by_unit.items()),
                                   c.cost_to_serve, delta=1e-9)

    def test_charges(self):
        a = self.analysis
        charges = {(h.from_, h.to): h.charge for h in a.handoffs}
        self.assertAlmostEqual(charges["A", "E"], 40, delta=1e-9)
        self.assertAlmostEqual(charges["D", "X"], 715 / 3, delta=1e-9)
        self.assertAlmostEqual(charges["B", "C"], 130 * 2 / 3, delta=1e-9)
        column = a.column("handoff_charge")
        self.assertEqual(len(column), a.n_handoffs)
        self.assertEqual(column, [h.charge for h in a.handoffs])

    def test_columns(self):
        a = self.analysis
        self.assertEqual(a.column("cost"), [120, 90, 200, 150, 40, 0, 0])
        loaded = a.column("loaded_cost")
        self.assertTrue(math.isnan(loaded[4]) and math.isnan(loaded[5]))
        self.assertAlmostEqual(loaded[3], 715, delta=1e-9)
        self.assertEqual(a.column("stranded_cost")[4], 80)
        served = a.column("cost_to_serve")
        self.assertEqual(served[:5], [0] * 5)
        margin = a.column("margin")
        self.assertTrue(all(math.isnan(m) for m in margin[:5]))
        self.assertAlmostEqual(margin[5], 600 - 715 / 3, delta=1e-9)

    def test_to_dict_matches_expected_json(self):
        expected = load_expected(COSTS_DIR)
        report = self.analysis.to_dict()
        self.assertEqual(cost_mismatches(expected, report), [])
        support.assert_matches(self, expected, report, tol=1e-9)

    def test_to_dict_agrees_with_objects(self):
        a = self.analysis
        report = a.to_dict()
        for row in report["units"]:
            u = a.units[row["id"]]
            if u.is_customer:
                self.assertNotIn("cost_shares", row["line_of_sight"])
                continue
            self.assertEqual(row["cost"], u.cost)
            self.assertEqual(row["loaded_cost"], u.loaded_cost)
            self.assertEqual(row["stranded_cost"], u.stranded_cost)
            self.assertEqual(row["line_of_sight"]["cost_shares"].keys(), u.cost_shares.keys())
            for c, x in u.cost_shares.items():
                self.assertAlmostEqual(row["line_of_sight"]["cost_shares"][c], x, delta=1e-12)
        for row in report["customers"]:
            c = a.customers[row["id"]]
            self.assertAlmostEqual(row["cost_to_serve"], c.cost_to_serve, delta=1e-12)
            self.assertAlmostEqual(row["margin"], c.margin, delta=1e-12)
        never = a.to_dict(shares="never")
        self.assertEqual(never["units"][0]["line_of_sight"]["cost_shares"], {})
        self.assertEqual(never["units"][0]["loaded_cost"], report["units"][0]["loaded_cost"])

    def test_library_json_writes_the_cost_fields(self):
        text = self.analysis.to_json(pretty=False)
        if '"total_cost"' not in text:
            self.skipTest("the library's JSON writer has no SPEC 7 fields yet; "
                          "to_dict() adds them")
        self.assertEqual(json.loads(text), self.analysis.to_dict())

    def test_phase(self):
        self.assertIn("cost", vs.PHASES)
        self.assertGreaterEqual(self.analysis.phase_seconds["cost"], 0)


class CostsInCode(CostChecks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.analysis = costs_org().analyze()


class CostsLoaded(CostChecks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.analysis = vs.load(COSTS_DIR).analyze()


class CostsCopied(CostChecks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.analysis = vs.load(COSTS_DIR).copy().analyze()


class Reciprocal(unittest.TestCase):
    """Two service departments that serve each other (SPEC 11)."""

    @classmethod
    def setUpClass(cls):
        cls.analysis = vs.load(RECIPROCAL_DIR).analyze()

    def test_numbers(self):
        a = self.analysis
        for uid, loaded in RECIPROCAL_LOADED.items():
            self.assertAlmostEqual(a.units[uid].loaded_cost, loaded, delta=TOL)
            self.assertEqual(a.units[uid].stranded_cost, 0)
        # exact: T_A = 150 + 0.2 T_B, T_B = 300 + 0.4 T_A
        self.assertAlmostEqual(a.units["A"].loaded_cost, 210 / 0.92, delta=1e-9)
        for cid, served in RECIPROCAL_SERVED.items():
            self.assertAlmostEqual(a.customers[cid].cost_to_serve, served, delta=TOL)
        self.assertAlmostEqual(a.total_cost, 450, delta=1e-9)
        self.assertAlmostEqual(a.cost_to_serve, 450, delta=1e-9)
        self.assertAlmostEqual(a.stranded_cost, 0, delta=1e-9)
        # not the direct allocation, which ignores A <-> B
        self.assertGreater(abs(a.customers["X"].cost_to_serve - 362.5), 1)
        for uid in "AB":
            self.assertAlmostEqual(sum(a.units[uid].cost_shares.values()), 1, delta=1e-9)

    def test_to_dict_matches_expected_json(self):
        expected = load_expected(RECIPROCAL_DIR)
        report = self.analysis.to_dict()
        self.assertEqual(cost_mismatches(expected, report), [])
        support.assert_matches(self, expected, report, tol=1e-9)

    def test_checker_sees_a_wrong_report(self):
        expected = load_expected(RECIPROCAL_DIR)
        report = self.analysis.to_dict()
        report["customers"][0]["cost_to_serve"] = 362.5
        report["units"][1]["loaded_cost"] = None
        bad = cost_mismatches(expected, report)
        self.assertEqual(len(bad), 2, bad)
        self.assertIn("customer X.cost_to_serve", bad[1])


def chain(supplier_cost=100, team_cost=100, **handoff):
    """S (supplier) -> T (team) -> X (customer)."""
    org = vs.Org()
    org.add_unit("S", "supplier", cost=supplier_cost)
    org.add_unit("T", cost=team_cost)
    org.add_unit("X", "customer", revenue=500)
    org.add_handoff("S", "T", **handoff)
    org.add_handoff("T", "X", **handoff)
    return org


class Options(unittest.TestCase):
    def test_defaults(self):
        o = vs.AnalysisOptions()
        self.assertEqual((o.cost_basis, o.markup), ("weight", 0.0))
        self.assertEqual(chain().analyze().options, o)
        self.assertEqual(chain().analyze(cost_basis=None, markup=None).options, o)

    def test_markup_on_teams_not_suppliers(self):
        a = chain().analyze(markup=0.1)
        self.assertEqual(a.options.markup, 0.1)
        self.assertAlmostEqual(a.total_cost, 100 + 110, delta=1e-9)
        self.assertAlmostEqual(a.units["S"].loaded_cost, 100, delta=1e-9)  # not marked up
        self.assertAlmostEqual(a.units["T"].loaded_cost, 110 + 100, delta=1e-9)  # once
        self.assertEqual(a.units["T"].cost, 100)  # the org's cost, unmarked
        self.assertAlmostEqual(a.customers["X"].cost_to_serve, 210, delta=1e-9)
        self.assertAlmostEqual(a.customers["X"].margin, 290, delta=1e-9)
        self.assertAlmostEqual(a.handoffs[0].charge, 100, delta=1e-9)

    def test_markup_on_the_spec_org(self):
        a = vs.load(COSTS_DIR).analyze(markup=0.5)
        self.assertAlmostEqual(a.total_cost, 900, delta=1e-9)
        self.assertAlmostEqual(a.stranded_cost, 120, delta=1e-9)  # 1.5 * 80
        self.assertAlmostEqual(a.cost_to_serve + a.stranded_cost, a.total_cost, delta=1e-9)
        self.assertAlmostEqual(a.to_dict()["summary"]["total_cost"], 900, delta=1e-9)

    def test_volume_basis(self):
        org = vs.Org()
        org.add_unit("A", cost=90)
        org.add_unit("X", "customer", revenue=100)
        org.add_unit("Y", "customer", revenue=100)
        org.add_handoff("A", "X", weight=1, volume=2)
        org.add_handoff("A", "Y", weight=2, volume=1)
        by_weight = org.analyze()
        self.assertAlmostEqual(by_weight.customers["X"].cost_to_serve, 30, delta=1e-9)
        by_volume = org.analyze(cost_basis="volume")
        self.assertEqual(by_volume.options.cost_basis, "volume")
        self.assertAlmostEqual(by_volume.customers["X"].cost_to_serve, 60, delta=1e-9)
        self.assertAlmostEqual(by_volume.units["A"].cost_shares["X"], 2 / 3, delta=1e-9)
        self.assertAlmostEqual(by_volume.handoffs[1].charge, 30, delta=1e-9)

    def test_volume_basis_needs_every_volume(self):
        org = costs_org()
        with self.assertRaises(vs.InvalidError) as caught:
            org.analyze(cost_basis="volume")
        message = caught.exception.message
        self.assertIn("volume", message)
        self.assertIn("A -> B", message)  # the first handoff: its ends ...
        self.assertIn("datasets", message)  # ... and deliverable
        # with every volume but one, the error names that one
        volumes = {(s, d): {"volume": 1} for s, d, *_ in support.SPEC_HANDOFFS}
        del volumes["B", "Y"]
        with self.assertRaises(vs.InvalidError) as caught:
            costs_org(volumes).analyze(cost_basis="volume")
        self.assertIn("B -> Y", caught.exception.message)
        self.assertIn("reports", caught.exception.message)
        # all volumes 1: every out_share is even (B's too, unlike its weights)
        volumes["B", "Y"] = {"volume": 1}
        a = costs_org(volumes).analyze(cost_basis="volume")
        self.assertAlmostEqual(a.total_cost, 600, delta=1e-9)
        self.assertAlmostEqual(a.units["C"].loaded_cost,
                               200 + 120 / 3 + 130 / 2 + a.units["D"].loaded_cost / 3,
                               delta=1e-9)

    def test_bad_values(self):
        org = chain()
        for bad, word in ((dict(cost_basis="mass"), "cost_basis"),
                          (dict(cost_basis="Weight"), "cost_basis"),
                          (dict(markup=-0.1), "markup"),
                          (dict(markup=float("nan")), "markup"),
                          (dict(markup=float("inf")), "markup")):
            with self.subTest(**{k: repr(v) for k, v in bad.items()}):
                with self.assertRaises(vs.InvalidError) as caught:
                    org.analyze(**bad)
                self.assertIn(word, caught.exception.message)
                self.assertIsInstance(caught.exception, vs.ValueStreamError)
        for bad in (dict(cost_basis=1), dict(cost_basis=b"weight"), dict(markup="0.1"),
                    dict(markup=True)):
            with self.subTest(**{k: repr(v) for k, v in bad.items()}):
                with self.assertRaises(TypeError):
                    org.analyze(**bad)
        with self.assertRaises(vs.InvalidError):
            vs.AnalysisOptions(markup=-1).check()
        with self.assertRaises(vs.InvalidError):
            vs.AnalysisOptions(cost_basis="area").check()
        vs.AnalysisOptions(cost_basis="volume", markup=0.25).check()

    def test_version_1_layout_still_accepted(self):
        # a caller built against version 1 gets the defaults for the rest
        from valuestream import _lib
        o = vs.AnalysisOptions(markup=0.5)._to_c()
        o.version = 1
        with chain()._reading() as ptr:
            handle = _lib.call(_lib.lib.vs_analysis_new, ptr, o)
        try:
            self.assertEqual(_lib.lib.vs_analysis_get_total_cost(handle), 200)
        finally:
            _lib.lib.vs_analysis_free(handle)


class OrgCosts(unittest.TestCase):
    def test_add_unit_and_records(self):
        org = chain(supplier_cost=12.5, team_cost=None)
        self.assertEqual(org.units["S"].cost, 12.5)
        self.assertEqual(org.units["T"].cost, 0)  # unset
        self.assertEqual(org.units["X"].cost, 0)
        self.assertEqual(vs.load(COSTS_DIR).units["C"].cost, 200)

    def test_bad_costs(self):
        org = vs.Org()
        with self.assertRaises(vs.InvalidError) as caught:
            org.add_unit("A", cost=-1)
        self.assertIn("cost", caught.exception.message)
        with self.assertRaises(vs.InvalidError):
            org.add_unit("A", cost=float("nan"))
        with self.assertRaises(TypeError):
            org.add_unit("A", cost="5")
        self.assertEqual(len(org.units), 0)
        org.add_unit("X", "customer", revenue=10, cost=5)  # ignored, with a note
        self.assertEqual(org.units["X"].cost, 0)
        self.assertTrue(any("cost" in n for n in org.notes))

    def test_copy_and_copy_on_write_keep_costs(self):
        org = vs.load(COSTS_DIR)
        copy = org.copy()
        self.assertEqual([u.cost for u in copy.units.values()],
                         [u.cost for u in org.units.values()])
        a = org.analyze()
        org.add_unit("F", cost=7)  # copy-on-write under a live analysis
        self.assertEqual(org.units["A"].cost, 120)
        self.assertEqual(org.analyze().total_cost, 607)
        self.assertEqual(a.total_cost, 600)
        self.assertEqual(a.org.units["E"].cost, 40)

    def test_networkx_nodes_carry_cost(self):
        support.require_module(self, "networkx")
        graph = vs.load(COSTS_DIR).to_networkx()
        self.assertEqual(graph.nodes["C"]["cost"], 200)


class Frames(unittest.TestCase):
    def setUp(self):
        self.pd = support.require_module(self, "pandas")
        self.a = vs.load(COSTS_DIR).analyze()

    def test_units(self):
        df = self.a.to_pandas()
        for column in ("cost", "loaded_cost", "stranded_cost"):
            self.assertIn(column, df.columns)
        self.assertEqual(df.loc["C", "cost"], 200)
        self.assertAlmostEqual(df.loc["D", "loaded_cost"], 715, delta=1e-9)
        self.assertTrue(self.pd.isna(df.loc["E", "loaded_cost"]))
        self.assertEqual(df.loc["E", "stranded_cost"], 80)
        self.assertAlmostEqual(df["stranded_cost"].sum(), self.a.stranded_cost, delta=1e-9)

    def test_customers(self):
        df = self.a.customers_frame()
        for column in ("cost_to_serve", "margin"):
            self.assertIn(column, df.columns)
        self.assertAlmostEqual(df.loc["X", "cost_to_serve"], 715 / 3, delta=1e-9)
        self.assertAlmostEqual(df.loc["Y", "margin"], 400 - 845 / 3, delta=1e-9)
        self.assertAlmostEqual(df["cost_to_serve"].sum(), self.a.cost_to_serve, delta=1e-9)

    def test_handoffs(self):
        df = self.a.handoffs_frame()
        self.assertEqual(list(df.columns), ["from", "to", "deliverable", "weight", "share",
                                            "score", "charge"])
        self.assertEqual(len(df), 9)
        self.assertEqual(df.index.name, "index")
        row = df[(df["from"] == "A") & (df["to"] == "E")].iloc[0]
        self.assertAlmostEqual(row["charge"], 40, delta=1e-9)
        self.assertTrue(self.pd.isna(df.loc[0, "score"]))
        # into the customers goes exactly the cost to serve
        self.assertAlmostEqual(df[df["to"].isin(["X", "Y"])]["charge"].sum(),
                               self.a.cost_to_serve, delta=1e-9)


if __name__ == "__main__":
    support.main()
