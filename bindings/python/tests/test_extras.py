#!/usr/bin/env python3
# valuestream - the optional extras: pandas and networkx.
# SPDX-License-Identifier: GPL-2.0-or-later
"""to_pandas(), customers_frame() and to_networkx() when pandas / networkx
are installed (in CI, VALUESTREAM_CI=1, their absence fails these tests),
and a clear ImportError naming the Debian package when they are not."""

import math
import sys
import unittest
from unittest import mock

import support
from support import vs


class Pandas(unittest.TestCase):
    def setUp(self):
        self.pd = support.require_module(self, "pandas")
        self.a = support.spec_org().analyze()

    def test_units_frame(self):
        df = self.a.to_pandas()
        self.assertEqual(list(df.index), ["A", "B", "C", "D", "E", "X", "Y"])
        self.assertEqual(df.index.name, "id")
        self.assertAlmostEqual(df.loc["C", "fix_value"], 8100 / 43, delta=1e-9)
        self.assertAlmostEqual(df.loc["D", "quality"], 55 / 86, delta=1e-9)
        self.assertEqual(df.loc["C", "flags"],
                         "captive_poor_service,poor_service,rework_loop,ripple")
        self.assertTrue(df.loc["C", "ripple"])
        self.assertFalse(df.loc["D", "ripple"])
        self.assertTrue(math.isnan(df.loc["D", "service_score"]))
        self.assertEqual(df.loc["A", "hops"], 2)
        self.assertTrue(self.pd.isna(df.loc["E", "hops"]))
        self.assertEqual(df.loc["C", "loop"], 0)
        self.assertTrue(self.pd.isna(df.loc["A", "loop"]))
        self.assertEqual(df.loc["C", "next_hop"], "D")
        self.assertEqual(df.loc["D", "dependents"], 1)
        self.assertEqual(df.loc["X", "kind"], "customer")
        self.assertEqual(df.loc["A", "group"], "eng")
        self.assertFalse(df.loc["E", "reaches_customer"])
        self.assertEqual(list(df.sort_values("fix_value", ascending=False).index[:3]),
                         ["C", "B", "A"])
        self.assertEqual(list(df[df.ripple].index), ["A", "B", "C"])
        for name in vs.FLAGS:
            self.assertIn(name, df.columns)

    def test_customers_frame(self):
        df = self.a.customers_frame()
        self.assertEqual(list(df.index), ["X", "Y"])
        self.assertAlmostEqual(df.loc["X", "revenue_at_risk"], 600 * (1 - 55 / 86), delta=1e-9)
        self.assertEqual(df.loc["X", "critical_units"], "D")
        self.assertEqual(df.loc["Y", "critical_units"], "")
        self.assertAlmostEqual(df["revenue_at_risk"].sum(), self.a.revenue_at_risk, delta=1e-9)


class NetworkX(unittest.TestCase):
    def setUp(self):
        self.nx = support.require_module(self, "networkx")

    def test_graph(self):
        org = support.spec_org()
        g = org.to_networkx()
        self.assertIsInstance(g, self.nx.MultiDiGraph)
        self.assertEqual(list(g.nodes), ["A", "B", "C", "D", "E", "X", "Y"])
        self.assertEqual(g.number_of_edges(), 9)
        self.assertEqual(g.nodes["D"]["own_share"], 0.2)
        self.assertEqual(g.nodes["D"]["name"], "Delivery")
        self.assertEqual(g.nodes["X"]["revenue"], 600)
        self.assertEqual(g.nodes["X"]["kind"], "customer")
        self.assertNotIn("group", g.nodes["X"])
        self.assertNotIn("own_share", g.nodes["A"])
        edge = g.edges["C", "D", 3]
        self.assertEqual(edge["deliverable"], "releases")
        self.assertEqual(edge["score"], 0.7)
        self.assertNotIn("score", g.edges["A", "B", 0])
        self.assertEqual(g.edges["B", "C", 2]["weight"], 2)
        # The graph answers the SPEC's structural questions the same way.
        self.assertTrue(self.nx.has_path(g, "A", "X"))
        self.assertFalse(self.nx.has_path(g, "E", "X"))
        self.assertEqual(sorted(sorted(c) for c in self.nx.strongly_connected_components(g)
                                if len(c) > 1), [["C", "D"]])

    def test_parallel_handoffs_stay_apart(self):
        org = vs.Org()
        org.add_unit("A")
        org.add_unit("B")
        org.add_handoff("A", "B", deliverable="one")
        org.add_handoff("A", "B", deliverable="two", score=0.5)
        g = org.to_networkx()
        self.assertEqual(g.number_of_edges("A", "B"), 2)
        self.assertEqual(g.edges["A", "B", 1]["deliverable"], "two")


class Missing(unittest.TestCase):
    """With the module unimportable, the ImportError names the Debian package."""

    def test_ci_turns_the_skip_into_a_failure(self):
        class Probe(unittest.TestCase):
            def test_it(self):
                support.require_module(self, "pandas")

        for in_ci, outcome in ((False, "skipped"), (True, "failures")):
            with self.subTest(in_ci=in_ci), mock.patch.object(support, "IN_CI", in_ci), \
                    mock.patch.dict(sys.modules, {"pandas": None}):
                result = unittest.TestResult()
                Probe("test_it").run(result)
                self.assertEqual(len(getattr(result, outcome)), 1)
                self.assertEqual(result.testsRun, 1)

    def test_pandas_missing(self):
        a = support.spec_org().analyze()
        with mock.patch.dict(sys.modules, {"pandas": None}):
            for call in (a.to_pandas, a.customers_frame):
                with self.assertRaisesRegex(ImportError, "python3-pandas") as caught:
                    call()
                self.assertEqual(caught.exception.name, "pandas")

    def test_networkx_missing(self):
        org = support.spec_org()
        with mock.patch.dict(sys.modules, {"networkx": None}):
            with self.assertRaisesRegex(ImportError, "apt-get install python3-networkx"):
                org.to_networkx()

    def test_nothing_else_imports_them(self):
        with mock.patch.dict(sys.modules, {"pandas": None, "networkx": None}):
            a = support.spec_org().analyze()
            a.to_dict()
            a.report()
            list(a.units.values())


if __name__ == "__main__":
    support.main()
