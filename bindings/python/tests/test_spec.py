#!/usr/bin/env python3
# valuestream - the SPEC section 6 worked example through the Python API.
# SPDX-License-Identifier: GPL-2.0-or-later
"""The worked example, built in code and loaded from tests/data/spec, must
give the SPEC's numbers to 1e-9 through every part of the Python API."""

import os
import unittest

import support
from support import vs

TOL = 1e-9

# The SPEC section 6 table, typed in from the SPEC (not from any output).
TABLE = {
    # id: exposure, shares, quality, service, fix_value, flags, hops, path
    "A": (800, {"X": .75, "Y": .875}, 1, 0.58, 13.0232558,
          ["captive_poor_service", "poor_service", "ripple"], 2),
    "B": (600, {"X": .5, "Y": .75}, 1, 0.875, 62.0930233, ["deteriorating", "ripple"], 1),
    "C": (640, {"X": .8, "Y": .4}, 0.7848837, 0.7, 188.3720930,
          ["captive_poor_service", "poor_service", "rework_loop", "ripple"], 2),
    "D": (800, {"X": 1, "Y": .5}, 0.6395349, None, 0, ["chokepoint", "rework_loop"], 1),
    "E": (0, {}, 0.5, None, 0, ["no_line_of_sight"], None),
}
# The SPEC prints 7 significant decimals; exact values where the SPEC's
# fractions allow: C quality = 135/172, X quality = 55/86.
EXACT = {"C": 135 / 172, "D": 55 / 86}


class SpecChecks:
    """Assertions shared by the in-code and loaded variants; subclasses set
    cls.analysis in setUpClass."""

    def test_table(self):
        a = self.analysis
        for uid, (exposure, shares, quality, service, fix, flags, hops) in TABLE.items():
            with self.subTest(unit=uid):
                u = a.units[uid]
                self.assertAlmostEqual(u.line_of_sight.exposure, exposure, delta=TOL)
                self.assertAlmostEqual(u.exposure, exposure, delta=TOL)
                got = u.line_of_sight.shares
                self.assertEqual(sorted(got), sorted(shares))
                for c, x in shares.items():
                    self.assertAlmostEqual(got[c], x, delta=TOL)
                self.assertAlmostEqual(u.quality, EXACT.get(uid, quality), delta=TOL)
                self.assertAlmostEqual(u.quality, quality, delta=1e-7)
                if service is None:
                    self.assertIsNone(u.service_score)
                else:
                    self.assertAlmostEqual(u.service_score, service, delta=TOL)
                self.assertAlmostEqual(u.fix_value, fix, delta=1e-7)
                self.assertEqual(u.flags, flags)
                self.assertEqual(u.hops, hops)
                self.assertEqual(u.line_of_sight.hops, hops)
                self.assertEqual(u.line_of_sight.reaches_customer, hops is not None)
                self.assertEqual(u.line_of_sight.customers, ["X", "Y"] if hops else [])

    def test_fix_values_exact(self):
        # fix(C) = 188.3720930... = 8100/43; fix(B) = 2670/43; fix(A) = 560/43.
        fix = {u: self.analysis.units[u].fix_value for u in "ABC"}
        self.assertAlmostEqual(fix["C"], 8100 / 43, delta=TOL)
        self.assertAlmostEqual(fix["B"], 2670 / 43, delta=TOL)
        self.assertAlmostEqual(fix["A"], 560 / 43, delta=TOL)

    def test_customers(self):
        a = self.analysis
        self.assertEqual(list(a.customers), ["X", "Y"])
        x, y = a.customers["X"], a.customers["Y"]
        self.assertAlmostEqual(x.quality, 55 / 86, delta=TOL)
        self.assertAlmostEqual(x.revenue_at_risk, 216.2790698, delta=1e-7)
        self.assertAlmostEqual(x.revenue_at_risk, 600 * (1 - 55 / 86), delta=TOL)
        self.assertEqual(x.critical_units, ["D"])
        self.assertAlmostEqual(y.quality, 0.7947674, delta=1e-7)
        self.assertAlmostEqual(y.revenue_at_risk, 82.0930233, delta=1e-7)
        self.assertEqual(y.critical_units, [])
        self.assertEqual(x.revenue, 600)
        self.assertEqual(y.name, "SMB")
        self.assertAlmostEqual(a.revenue_at_risk, 298.3720930, delta=1e-7)
        self.assertAlmostEqual(a.revenue_at_risk, x.revenue_at_risk + y.revenue_at_risk,
                               delta=TOL)
        self.assertEqual(a.total_revenue, 1000)

    def test_customer_shares_agree_with_unit_shares(self):
        a = self.analysis
        for c in ("X", "Y"):
            by_customer = a.customers[c].shares
            for uid in "ABCD":
                self.assertAlmostEqual(by_customer[uid], a.units[uid].line_of_sight.shares[c],
                                       delta=TOL)
            self.assertNotIn("E", by_customer)

    def test_structure(self):
        a = self.analysis
        self.assertEqual(a.units["C"].chokepoints, ["D"])
        self.assertEqual(a.units["D"].dependents, 1)
        self.assertEqual([a.units[u].dependents for u in "ABCE"], [0, 0, 0, 0])
        self.assertEqual(a.loops, [["C", "D"]])
        self.assertEqual(a.units["C"].loop, 0)
        self.assertIsNone(a.units["A"].loop)
        self.assertEqual({g.id: (g.diagnosis, g.poor_units) for g in a.groups.values()},
                         {"eng": ("individual", ("A",)), "ops": ("unrated", ()),
                          "prod": ("individual", ("C",))})
        self.assertEqual(list(a.groups), ["eng", "ops", "prod"])

    def test_paths(self):
        a = self.analysis
        # hops: A 2, B 1, C 2, D 1 (SPEC); any shortest chain is correct.
        for uid, hops in (("A", 2), ("B", 1), ("C", 2), ("D", 1)):
            path = a.units[uid].line_of_sight.path
            self.assertEqual(len(path), hops + 1)
            self.assertEqual(path[0], uid)
            self.assertIn(path[-1], ("X", "Y"))
            for src, dst in zip(path, path[1:]):
                self.assertIn((src, dst), {(h[0], h[1]) for h in support.SPEC_HANDOFFS})
        self.assertIsNone(a.units["E"].line_of_sight.path)
        self.assertIsNone(a.units["X"].line_of_sight.path)

    def test_survey_trend(self):
        [t] = self.analysis.trends
        self.assertEqual((t.provider, t.respondent), ("B", "C"))
        self.assertEqual(t.mk_s, -24)
        self.assertTrue(t.exact)
        self.assertAlmostEqual(t.p_value, 35 / 40320, delta=1e-12)
        self.assertAlmostEqual(t.slope, -0.1, delta=TOL)
        self.assertAlmostEqual(t.score, 0.8, delta=TOL)
        self.assertTrue(t.deteriorating)
        self.assertTrue(t.has_handoff)
        self.assertEqual(t.n_periods, 8)
        self.assertEqual(list(t.periods), support.SPEC_PERIODS)
        for m, x in zip(t.means, support.SPEC_SURVEY):
            self.assertAlmostEqual(m, x, delta=TOL)
        # B -> C takes the survey score 0.8.
        scores = {(h.from_, h.to): h.score for h in self.analysis.handoffs}
        self.assertAlmostEqual(scores[("B", "C")], 0.8, delta=TOL)

    def test_flagged_ranked_by_fix_value(self):
        ranked = [t.id for t in self.analysis.flagged()]
        self.assertEqual(ranked, ["C", "B", "A", "D", "E"])

    def test_to_dict_matches_expected_json(self):
        support.assert_matches(self, support.expected_report(), self.analysis.to_dict())

    def test_to_dict_agrees_with_objects(self):
        report = self.analysis.to_dict()
        for row in report["units"]:
            u = self.analysis.units[row["id"]]
            self.assertEqual(row["kind"], u.kind)
            self.assertEqual(row["name"], u.name)
            self.assertEqual(row["group"], u.group)
            self.assertEqual(row["flags"], u.flags)
            self.assertEqual(row["line_of_sight"]["path"], u.line_of_sight.path)
            self.assertEqual(row["chokepoints"], u.chokepoints)
            self.assertEqual(row["service_score"], u.service_score)
            support.assert_matches(self, row["line_of_sight"]["shares"], u.line_of_sight.shares)
        self.assertEqual(report["warnings"], self.analysis.warnings)
        support.assert_matches(self, report["summary"], self.analysis.summary)


class SpecInCode(SpecChecks, unittest.TestCase):
    """The example built with Org.add_*."""

    @classmethod
    def setUpClass(cls):
        cls.org = support.spec_org()
        cls.analysis = cls.org.analyze()


class SpecLoaded(SpecChecks, unittest.TestCase):
    """The example loaded from tests/data/spec."""

    @classmethod
    def setUpClass(cls):
        cls.org = vs.load(support.SPEC_DIR)
        cls.analysis = cls.org.analyze()

    def test_every_way_of_loading_agrees(self):
        reference = support.spec_org().analyze().to_dict()
        def read(name):
            with open(os.path.join(support.SPEC_DIR, name), encoding="utf-8") as f:
                return f.read()

        orgs = {
            "load": vs.load(support.SPEC_DIR),
            "load_csv_dir": vs.load_csv_dir(support.SPEC_DIR),
            "load_csv_strings": vs.load_csv_strings(read("units.csv"), read("handoffs.csv"),
                                                    read("surveys.csv")),
            "analyze(path)": vs.analyze(support.SPEC_DIR).org,
        }
        for how, org in orgs.items():
            with self.subTest(how=how):
                support.assert_matches(self, reference, org.analyze().to_dict())

    def test_org_reads_back_as_built(self):
        built = support.spec_org()
        self.assertEqual(list(self.org.units.values()), list(built.units.values()))
        self.assertEqual(list(self.org.handoffs), list(built.handoffs))
        self.assertEqual(list(self.org.survey_responses), list(built.survey_responses))


class SurveyOptions(unittest.TestCase):
    """SPEC 4.5's as_of and min_responses, and SPEC 11's 2026-Q2 figures."""

    def test_as_of(self):
        a = support.spec_org().analyze(as_of="2026-Q2")
        self.assertAlmostEqual(a.revenue_at_risk, 263.6434109, delta=1e-7)
        [t] = a.trends
        self.assertEqual(t.periods[-1], "2026-Q2")
        self.assertAlmostEqual(t.means[-1], 3.8, delta=1e-12)
        self.assertEqual(a.options.as_of, "2026-Q2")

    def test_min_responses_hides_thin_periods(self):
        a = support.spec_org().analyze(min_responses=2)  # one answer a period
        self.assertEqual(a.trends, [])
        self.assertEqual(a.options.min_responses, 2)
        with self.assertRaises(vs.InvalidError):
            support.spec_org().analyze(min_responses=0)
        with self.assertRaises(TypeError):
            support.spec_org().analyze(as_of=2026)


class Formats(unittest.TestCase):
    """tests/data/three in CSV, JSON and GraphML: one org, whichever way it
    is loaded (SPEC 3)."""

    DATA = os.path.join(support.SOURCE_ROOT, "tests", "data")

    def read(self, name):
        with open(os.path.join(self.DATA, name), encoding="utf-8") as f:
            return f.read()

    def test_every_format_loads_the_same_org(self):
        reference = vs.load(os.path.join(self.DATA, "three"))
        report = reference.analyze().to_dict()
        orgs = {
            "json": vs.load(os.path.join(self.DATA, "three.json")),
            "load_json": vs.load_json(os.path.join(self.DATA, "three.json")),
            "json string": vs.load_json_string(self.read("three.json")),
            "graphml": vs.load(os.path.join(self.DATA, "three.graphml")),
            "load_graphml": vs.load_graphml(os.path.join(self.DATA, "three.graphml")),
            "graphml bytes": vs.load_graphml_string(self.read("three.graphml").encode()),
        }
        for how, org in orgs.items():
            with self.subTest(how=how):
                self.assertEqual(list(org.units.values()), list(reference.units.values()))
                self.assertEqual(list(org.handoffs), list(reference.handoffs))
                support.assert_matches(self, report, org.analyze().to_dict())

    def test_graphml_with_surveys_from_csv(self):
        import tempfile
        org = vs.load_graphml(os.path.join(self.DATA, "three.graphml"))
        self.assertEqual(len(org.survey_responses), 0)
        pairs = [(h.from_, h.to) for h in org.handoffs]
        provider, respondent = pairs[0]
        rows = "".join("2026-Q%d,%s,%s,%s\n" % (q, respondent, provider, s)
                       for q, s in ((1, 4.5), (2, 4.0), (3, 3.6), (4, 3.0)))
        with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as f:
            f.write("period,respondent,provider,score\n" + rows)
            f.flush()
            org.load_surveys_csv(f.name)
        self.assertEqual(len(org.survey_responses), 4)
        [trend] = org.analyze().trends
        self.assertEqual((trend.provider, trend.respondent), (provider, respondent))
        self.assertEqual(trend.means, (4.5, 4.0, 3.6, 3.0))


if __name__ == "__main__":
    support.main()
