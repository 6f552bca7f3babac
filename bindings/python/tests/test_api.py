#!/usr/bin/env python3
# valuestream - the Python API surface: records, mappings, options, reports.
# SPDX-License-Identifier: GPL-2.0-or-later
"""What a Python user touches: the org's records, the analysis' mappings and
results, options, reports written atomically, survey statistics, constants."""

import collections.abc
import json
import math
import os
import re
import tempfile
import unittest

import support
from support import vs


class ReadmeSnippet(unittest.TestCase):
    """The README's Python snippet (issue 3's) runs as written, from the
    source root, against the bundled sample."""

    def test_readme_snippet_runs(self):
        with open(os.path.join(support.SOURCE_ROOT, "README.md")) as f:
            readme = f.read()
        start = readme.index("```python\nimport valuestream as vs")
        code = readme[start + len("```python\n"):readme.index("```", start + 3)]
        here = os.getcwd()
        with tempfile.TemporaryDirectory() as scratch:
            try:
                os.chdir(support.SOURCE_ROOT)
                # the snippet writes a report: point that into scratch
                code = re.sub(r'a\.write\("([^"/]+)"',
                              lambda m: 'a.write(%r' % os.path.join(scratch, m.group(1)), code)
                self.assertIn(scratch, code)
                names = {}
                exec(compile(code, "README.md", "exec"), names)
            finally:
                os.chdir(here)
        a = names["a"]
        self.assertGreater(a.units["data-eng"].line_of_sight.shares["enterprise"], 0)
        self.assertGreater(a.customers["enterprise"].revenue_at_risk, 0)
        self.assertEqual(len(a.to_dict()["units"]), len(a.units))


class OrgRecords(unittest.TestCase):
    def setUp(self):
        self.org = support.spec_org()

    def test_units(self):
        units = self.org.units
        self.assertEqual(len(units), 7)
        self.assertEqual(list(units), ["A", "B", "C", "D", "E", "X", "Y"])
        self.assertIn("D", units)
        self.assertNotIn("d", units)
        self.assertNotIn(3, units)
        d = units["D"]
        self.assertEqual(d, vs.Unit(index=3, id="D", kind="team", name="Delivery", group="prod",
                                    revenue=0.0, own_share=0.2, headcount=None, cost=0.0))
        self.assertEqual(units["X"].revenue, 600)
        self.assertIsNone(units["X"].group)
        self.assertEqual(units.at(-1).id, "Y")
        self.assertEqual(units.at(0).id, "A")
        with self.assertRaises(IndexError):
            units.at(7)
        with self.assertRaises(TypeError):
            units.at("A")
        with self.assertRaises(Exception):
            d.id = "Q"  # frozen

    def test_unit_defaults(self):
        org = vs.Org()
        i = org.add_unit("solo")
        self.assertEqual(i, 0)
        self.assertEqual(org.add_unit("two", "supplier", headcount=4), 1)
        self.assertEqual(org.units["solo"], vs.Unit(0, "solo", "team", "solo", None, 0.0, None,
                                                    None, 0.0))
        self.assertEqual(org.units["two"].headcount, 4)
        self.assertEqual(org.counts, {"team": 1, "supplier": 1, "customer": 0})

    def test_handoffs(self):
        handoffs = self.org.handoffs
        self.assertEqual(len(handoffs), 9)
        self.assertEqual(handoffs[2], vs.Handoff(index=2, from_="B", to="C", deliverable="metrics",
                                                 weight=2.0, score=None, volume=None,
                                                 lead_time_days=None))
        self.assertEqual(handoffs[-1].to, "E")
        self.assertEqual([h.index for h in handoffs[1:3]], [1, 2])
        self.assertEqual([h.score for h in handoffs][:2], [None, 0.9])
        with self.assertRaises(IndexError):
            handoffs[9]
        org = vs.Org()
        org.add_unit("a")
        org.add_unit("b")
        self.assertEqual(org.add_handoff("a", "b", volume=12, lead_time_days=1.5), 0)
        h = org.handoffs[0]
        self.assertEqual((h.weight, h.volume, h.lead_time_days, h.deliverable), (1, 12, 1.5, None))

    def test_survey_responses(self):
        responses = self.org.survey_responses
        self.assertEqual(len(responses), 8)
        self.assertEqual(responses[0], vs.SurveyResponse("2025-Q1", "C", "B", 4.2, 1, 5))
        self.assertEqual([r.score for r in responses], support.SPEC_SURVEY)
        org = support.spec_org(surveys=False)
        org.add_survey_response("w1", "C", "B", 7, scale_min=0, scale_max=10)
        self.assertEqual(org.survey_responses[0].scale_max, 10)

    def test_notes_become_warnings(self):
        org = vs.Org()
        org.add_unit("t", revenue=5)
        org.add_unit("c", "customer", own_share=0.5)
        org.add_handoff("t", "c")
        self.assertEqual(len(org.notes), 2)
        self.assertIn("t", org.notes[0])
        self.assertEqual(org.units["t"].revenue, 0)
        warnings = org.analyze().warnings
        for note in org.notes:
            self.assertIn(note, warnings)

    def test_warnings(self):
        org = support.spec_org()
        org.add_unit("Z", "customer")  # nobody serves it, revenue 0
        org.add_survey_response("2026-Q1", "A", "E", 3)  # no E -> A handoff
        warnings = org.analyze().warnings
        self.assertTrue(any("Z" in w for w in warnings), warnings)
        self.assertTrue(any("E" in w and "A" in w for w in warnings), warnings)

    def test_repr(self):
        self.assertEqual(repr(self.org), "<valuestream.Org: 7 units (5 teams, 0 suppliers, "
                                         "2 customers), 9 handoffs, 8 survey responses>")
        self.assertIn("Org", repr(self.org.units))


class AnalysisResults(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.a = support.spec_org().analyze()

    def test_mappings(self):
        a = self.a
        self.assertEqual(len(a.units), 7)
        self.assertEqual(len(a.customers), 2)
        self.assertEqual(list(a.units.keys()), ["A", "B", "C", "D", "E", "X", "Y"])
        self.assertIn("X", a.customers)
        self.assertNotIn("A", a.customers)
        self.assertEqual(a.units["A"], a.units["A"])
        self.assertEqual(len({a.units["A"], a.units["A"], a.units["B"]}), 2)
        self.assertEqual([u.id for u in a.units.values()], list(a.units))
        self.assertEqual(dict(a.customers.items())["X"].id, "X")
        self.assertEqual(a.customers["X"].unit, a.units["X"])
        self.assertIn("7 units", repr(a.units))

    def test_flagged_is_a_sequence(self):
        a = self.a
        ranked = a.flagged()
        units = [a.units[u] for u in ["C", "B", "A", "D", "E"]]  # fix value 188, 62, 13, 0, 0
        self.assertIsInstance(ranked, collections.abc.Sequence)
        self.assertEqual(len(ranked), 5)
        self.assertTrue(ranked)
        self.assertEqual(ranked, units)  # equal to a list of the same results
        self.assertEqual(units, ranked)
        self.assertEqual(list(ranked), units)
        self.assertEqual(ranked, a.flagged())
        self.assertNotEqual(ranked, units[:4])
        self.assertNotEqual(ranked, tuple(units))  # as a list is not equal to a tuple
        self.assertNotEqual(ranked, support.spec_org().analyze().flagged())  # other analysis
        self.assertEqual((ranked[0].id, ranked[4].id, ranked[-1].id, ranked[-5].id),
                         ("C", "E", "E", "C"))
        for i in (5, -6):
            with self.assertRaises(IndexError):
                ranked[i]
        with self.assertRaises(TypeError):
            ranked["C"]
        self.assertEqual([t.id for t in ranked[1:3]], ["B", "A"])
        self.assertEqual(ranked[::-2], [units[4], units[2], units[0]])
        self.assertEqual(ranked[10:], [])
        self.assertEqual(ranked[:2][1], units[1])
        self.assertEqual([t.id for t in reversed(ranked)], ["E", "D", "A", "B", "C"])
        self.assertIn(a.units["A"], ranked)
        self.assertNotIn(a.units["X"], ranked)  # a customer is never flagged
        self.assertNotIn("A", ranked)
        self.assertEqual(ranked.index(a.units["D"]), 3)
        self.assertEqual(ranked.index(a.units["D"], 3, 4), 3)
        with self.assertRaises(ValueError):
            ranked.index(a.units["D"], 0, 3)
        with self.assertRaises(ValueError):
            ranked.index(a.units["X"])
        self.assertEqual((ranked.count(a.units["B"]), ranked.count(a.units["Y"])), (1, 0))
        self.assertEqual(repr(ranked), "<5 flagged units: C, B, A, D, E>")
        with self.assertRaises(TypeError):
            hash(ranked)
        with self.assertRaises(TypeError):
            ranked[0] = units[0]  # read-only

    def test_unit_result_fields(self):
        c = self.a.units["C"]
        self.assertEqual((c.id, c.kind, c.name, c.group, c.index), ("C", "team", "Product",
                                                                     "prod", 2))
        self.assertEqual(c.own, 0)
        self.assertEqual(self.a.units["D"].own, 0.2)
        self.assertEqual(self.a.units["A"].own, 1)  # receives nothing
        self.assertEqual(c.next_hop, "D")
        self.assertIsNone(self.a.units["E"].next_hop)
        self.assertFalse(c.is_customer)
        self.assertTrue(self.a.units["X"].is_customer)
        self.assertEqual(self.a.units["X"].revenue_at_risk, self.a.customers["X"].revenue_at_risk)
        self.assertEqual(c.revenue_at_risk, 0)
        self.assertIn("UnitResult C (team)", repr(c))
        self.assertIn("LineOfSight of C", repr(c.line_of_sight))
        self.assertIn("CustomerResult X", repr(self.a.customers["X"]))
        # Lists handed out are the caller's to change.
        c.chokepoints.append("junk")
        c.line_of_sight.shares["junk"] = 1
        self.assertEqual(c.chokepoints, ["D"])
        self.assertNotIn("junk", c.line_of_sight.shares)

    def test_customer_line_of_sight(self):
        x = self.a.units["X"]
        self.assertFalse(x.line_of_sight.reaches_customer)
        self.assertIsNone(x.hops)
        self.assertEqual(x.line_of_sight.exposure, 600)
        self.assertEqual(x.line_of_sight.shares, {})
        self.assertEqual(x.flags, [])

    def test_columns(self):
        a = self.a
        fix = a.column("fix_value")
        self.assertEqual(len(fix), 7)
        self.assertEqual(fix, [a.units[u].fix_value for u in a.units])
        self.assertEqual(a.column("hops"), [2, 1, 2, 1, -1, -1, -1])
        self.assertEqual(len(a.column("handoff_share")), 9)
        self.assertEqual(a.column("handoff_share")[2], 0.5)
        self.assertTrue(math.isnan(a.column("handoff_score")[0]))
        flags = a.column("flags")
        self.assertEqual([vs.FLAGS[b] for b in range(7) if flags[3] & (1 << b)],
                         ["chokepoint", "rework_loop"])
        fix.append(0)
        self.assertEqual(len(a.column("fix_value")), 7)
        with self.assertRaises(ValueError):
            a.column("customers")
        with self.assertRaises(ValueError):
            a.column("nope")

    def test_handoffs(self):
        handoffs = self.a.handoffs
        self.assertEqual(len(handoffs), 9)
        self.assertEqual(handoffs[2], vs.HandoffResult(2, "B", "C", "metrics", 2.0, 0.5,
                                                       handoffs[2].score, 0.0))
        self.assertAlmostEqual(handoffs[2].score, 0.8, delta=1e-9)  # from the survey
        self.assertIsNone(handoffs[0].score)
        self.assertEqual(handoffs[1].share, 0.25)

    def test_path_to(self):
        self.assertEqual(self.a.path("A", "X"), ["A", "C", "D", "X"])
        self.assertEqual(self.a.path("C", "C"), ["C"])
        self.assertIsNone(self.a.path("E", "X"))
        self.assertIsNone(self.a.path("X", "A"))

    def test_options(self):
        self.assertEqual(self.a.options, vs.AnalysisOptions())
        b = support.spec_org().analyze(poor_score=0.6, trend_min_periods=9, ripple_share=0.05)
        self.assertEqual(b.options, vs.AnalysisOptions(poor_score=0.6, ripple_share=0.05,
                                                       trend_min_periods=9))
        # 0.58 < 0.6 is still poor, 0.7 no longer; ripple needs a fix worth
        # 50 (A's is 13); B's 8 periods are too few to judge a trend.
        self.assertEqual(b.units["A"].flags, ["captive_poor_service", "poor_service"])
        self.assertEqual(b.units["C"].flags, ["rework_loop", "ripple"])
        self.assertEqual(b.units["B"].flags, ["ripple"])
        self.assertEqual(support.spec_org().analyze(poor_score=None).options, self.a.options)

    def test_defaults_match_the_c_library(self):
        # AnalysisOptions() must be VS_ANALYSIS_OPTIONS_INIT: what NULL gives.
        from valuestream import _lib
        org = support.spec_org()
        with org._reading() as ptr:
            handle = _lib.call(_lib.lib.vs_analysis_new, ptr, None)
        try:
            o = _lib.VsAnalysisOptions(_lib.VS_ANALYSIS_OPTIONS_VERSION)
            _lib.lib.vs_analysis_get_options(handle, o)
            self.assertEqual(vs.AnalysisOptions._from_c(o), vs.AnalysisOptions())
        finally:
            _lib.lib.vs_analysis_free(handle)

    def test_phase_seconds(self):
        phases = self.a.phase_seconds
        self.assertEqual(tuple(phases), vs.PHASES)
        self.assertEqual(vs.PHASES[0], "graph")
        self.assertEqual(vs.PHASES[-1], "cost")
        self.assertTrue(all(s >= 0 for s in phases.values()))

    def test_summary(self):
        self.assertEqual(self.a.summary, {"units": 7, "teams": 5, "customers": 2, "suppliers": 0,
                                          "handoffs": 9, "total_revenue": 1000.0,
                                          "revenue_at_risk": self.a.revenue_at_risk,
                                          "total_cost": 0.0, "cost_to_serve": 0.0,
                                          "stranded_cost": 0.0})

    def test_repr(self):
        self.assertEqual(repr(self.a), "<valuestream.Analysis: 7 units, 9 handoffs; revenue at "
                                       "risk 298.37 of 1000.00; 5 flagged>")

    def test_module_level_analyze(self):
        a = vs.analyze(support.spec_org(), poor_score=0.5)
        self.assertEqual(a.options.poor_score, 0.5)
        with self.assertRaises(TypeError):
            vs.Analysis("not an org")


class Reports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.a = support.spec_org().analyze()

    def test_text(self):
        text = self.a.report()
        self.assertTrue(text.startswith("7 units (5 teams, 0 suppliers, 2 customers), 9 handoffs"))
        self.assertIn("298.37", text)
        self.assertIn("1. C (Product)", text)
        self.assertEqual(self.a.report("text"), text)
        top1 = self.a.report("text", top=1)
        self.assertNotIn("2. B", top1)
        self.assertIn("2. B", self.a.report("text", top=0))

    def test_json(self):
        pretty = self.a.to_json()
        compact = self.a.to_json(pretty=False)
        self.assertIn("\n", pretty)
        self.assertNotIn("\n", compact.strip())
        self.assertEqual(json.loads(pretty), json.loads(compact))
        self.assertEqual(support.with_costs(self.a, json.loads(compact)), self.a.to_dict())
        self.assertEqual(self.a.report("json", pretty=False), compact)
        never = self.a.to_dict(shares="never")
        self.assertEqual(never["units"][0]["line_of_sight"]["shares"], {})
        self.assertEqual(self.a.to_dict(shares=False), never)
        self.assertEqual(self.a.to_dict(shares=True), self.a.to_dict(shares="always"))
        self.assertEqual(self.a.to_dict()["valuestream"], 1)

    def test_write_is_atomic(self):
        with tempfile.TemporaryDirectory() as tmp:
            target = os.path.join(tmp, "report.json")
            self.a.write(target)
            with open(target, encoding="utf-8") as f:
                self.assertEqual(support.with_costs(self.a, json.load(f)), self.a.to_dict())
            self.a.write(target, "text", top=0)
            with open(target, encoding="utf-8") as f:
                self.assertEqual(f.read(), self.a.report("text", top=0))
            self.assertEqual(os.listdir(tmp), ["report.json"], "no temporary file is left")
            # A failed write leaves the old file untouched: a directory in the way.
            blocked = os.path.join(tmp, "dir")
            os.mkdir(blocked)
            with self.assertRaises(vs.FileError):
                self.a.write(blocked)
            self.assertEqual(sorted(os.listdir(tmp)), ["dir", "report.json"])
            import pathlib
            self.a.write(pathlib.Path(tmp) / "p.json")
            self.assertTrue(os.path.exists(os.path.join(tmp, "p.json")))


class SurveyStatistics(unittest.TestCase):
    def test_mann_kendall(self):
        mk = vs.mann_kendall(support.SPEC_SURVEY)
        self.assertEqual(mk.s, -24)
        self.assertTrue(mk.exact)
        self.assertAlmostEqual(mk.p_decline, 35 / 40320, delta=1e-12)
        self.assertAlmostEqual(mk.var_s, 8 * 7 * 21 / 18, delta=1e-9)
        empty = vs.mann_kendall([])
        self.assertEqual((empty.s, empty.p_decline), (0, 1))
        self.assertEqual(vs.mann_kendall([3]).p_decline, 1)
        ties = vs.mann_kendall([3, 3, 2, 2, 1, 1, 1, 0, 0, 0, 0])
        self.assertFalse(ties.exact)
        self.assertLess(ties.p_decline, 0.05)

    def test_theil_sen(self):
        self.assertAlmostEqual(vs.theil_sen_slope(support.SPEC_SURVEY), -0.1, delta=1e-9)
        self.assertEqual(vs.theil_sen_slope([1]), 0)
        self.assertEqual(vs.theil_sen_slope(x for x in (1, 2, 3)), 1)

    def test_survey_score(self):
        self.assertAlmostEqual(vs.survey_score(3.4), 0.8, delta=1e-12)
        self.assertEqual(vs.survey_score(4), 1)
        self.assertEqual(vs.survey_score(5), 1)
        self.assertEqual(vs.survey_score(1), 0)
        # 0..10: target 7.5, so 6.8 scores 1 - 0.7 / 7.5.
        self.assertAlmostEqual(vs.survey_score(6.8, 0, 10), 1 - 0.7 / 7.5, delta=1e-12)

    def test_bad_input(self):
        with self.assertRaises(TypeError):
            vs.mann_kendall([1, "2"])
        with self.assertRaises(ValueError):
            vs.mann_kendall([1, float("nan")])
        with self.assertRaises(ValueError):
            vs.theil_sen_slope([1, float("inf")])
        with self.assertRaises(ValueError):
            vs.survey_score(3, 5, 1)
        with self.assertRaises(ValueError):
            vs.survey_score(3, target=0)


class Constants(unittest.TestCase):
    def test_names(self):
        self.assertEqual(vs.KINDS, ("team", "supplier", "customer"))
        self.assertEqual(vs.FLAGS, ("captive_poor_service", "chokepoint", "deteriorating",
                                    "no_line_of_sight", "poor_service", "rework_loop", "ripple"))
        self.assertEqual(list(vs.FLAGS), sorted(vs.FLAGS))
        self.assertEqual(vs.DIAGNOSES, ("unrated", "healthy", "individual", "systemic"))

    def test_versions(self):
        self.assertEqual(vs.library_version.split(".")[:2], vs.__version__.split(".")[:2])
        if os.environ.get("VALUESTREAM_VERSION"):
            # meson's project version: the package's must follow it.
            self.assertEqual(vs.__version__, os.environ["VALUESTREAM_VERSION"])

    def test_public_names_are_documented(self):
        for name in vs.__all__:
            obj = getattr(vs, name)
            if callable(obj):
                self.assertTrue(obj.__doc__, name)


if __name__ == "__main__":
    support.main()
