#!/usr/bin/env python3
# valuestream - errors: GError mapping, argument checks, bad input.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Every GError becomes the ValueStreamError subclass of its code with the
library's message; bad arguments are refused in Python before C sees them;
a failed addition leaves the org unchanged."""

import ctypes
import os
import tempfile
import unittest

import support
from support import vs
from valuestream import _lib


def two_units():
    org = vs.Org()
    org.add_unit("A")
    org.add_unit("X", "customer", revenue=10)
    return org


class GErrorMapping(unittest.TestCase):
    """raise_error() on GErrors made by GLib itself, one per code."""

    def make_error(self, domain, code, message):
        new = _lib.lib.cdll.g_error_new_literal
        new.restype = ctypes.POINTER(_lib.GError)
        new.argtypes = [ctypes.c_uint32, ctypes.c_int, ctypes.c_char_p]
        return new(domain, code, message.encode())

    def test_each_code_has_its_class(self):
        classes = {1: vs.ParseError, 2: vs.InvalidError, 3: vs.FileError, 4: vs.IgraphError,
                   5: vs.LimitError, 6: vs.NotFoundError}
        for code, cls in classes.items():
            with self.subTest(code=code):
                err = self.make_error(_lib.lib.error_domain, code, "units.csv:3: field \"x\": no")
                with self.assertRaises(cls) as caught:
                    _lib.raise_error(err, "test")
                self.assertIs(type(caught.exception), cls)
                self.assertEqual(caught.exception.code, code)
                self.assertEqual(caught.exception.message, 'units.csv:3: field "x": no')
                self.assertEqual(str(caught.exception), 'units.csv:3: field "x": no')
                self.assertIsNone(caught.exception.domain)
                self.assertIsInstance(caught.exception, vs.ValueStreamError)

    def test_unknown_code_is_the_base_class(self):
        err = self.make_error(_lib.lib.error_domain, 99, "new")
        with self.assertRaises(vs.ValueStreamError) as caught:
            _lib.raise_error(err, "test")
        self.assertIs(type(caught.exception), vs.ValueStreamError)
        self.assertEqual(caught.exception.code, 99)

    def test_foreign_domain(self):
        quark = _lib.lib.cdll.g_quark_from_static_string
        quark.restype, quark.argtypes = ctypes.c_uint32, [ctypes.c_char_p]
        err = self.make_error(quark(b"g-io-error-quark"), 1, "disk on fire")
        with self.assertRaises(vs.FileError) as caught:
            _lib.raise_error(err, "test")
        self.assertEqual(caught.exception.domain, "g-io-error-quark")
        self.assertIsNone(caught.exception.code)
        err = self.make_error(quark(b"some-other-quark"), 7, "odd")
        with self.assertRaises(vs.ValueStreamError) as caught:
            _lib.raise_error(err, "test")
        self.assertEqual(caught.exception.domain, "some-other-quark")

    def test_failure_without_error(self):
        with self.assertRaisesRegex(vs.ValueStreamError, "vs_x failed"):
            _lib.raise_error(_lib.new_error(), "vs_x")

    def test_builtin_bases(self):
        self.assertTrue(issubclass(vs.FileError, OSError))
        self.assertTrue(issubclass(vs.NotFoundError, KeyError))
        self.assertTrue(issubclass(vs.ClosedError, ValueError))
        self.assertTrue(issubclass(vs.LibraryNotFoundError, ImportError))
        self.assertEqual(str(vs.NotFoundError('no unit "Q"', 6)), 'no unit "Q"')


class AddUnit(unittest.TestCase):
    def setUp(self):
        self.org = two_units()

    def assert_invalid(self, words, **kwargs):
        unit_id = kwargs.pop("id", "B")
        kind = kwargs.pop("kind", "team")
        with self.assertRaises(vs.InvalidError) as caught:
            self.org.add_unit(unit_id, kind, **kwargs)
        self.assertEqual(caught.exception.code, 2)
        for word in words:
            self.assertIn(word, caught.exception.message)
        self.assertEqual(len(self.org.units), 2, "the org must be unchanged")
        return caught.exception

    def test_duplicate_id(self):
        self.assert_invalid(['field "id"', 'duplicate id "A"'], id="A")

    def test_bad_ids(self):
        self.assert_invalid(['field "id"'], id="")
        self.assert_invalid(['field "id"'], id="tab\there")
        self.assert_invalid(['field "id"', "NUL"], id="nul\0byte")
        self.assert_invalid(['field "id"', "UTF-8"], id="lone \udc80 surrogate")

    def test_unknown_kind(self):
        self.assert_invalid(['field "kind"', '"vendor"'], kind="vendor")
        self.assert_invalid(['field "kind"'], kind="Team")

    def test_values_out_of_range(self):
        self.assert_invalid(['field "revenue"'], kind="customer", revenue=-1)
        self.assert_invalid(['field "revenue"'], kind="customer", revenue=float("inf"))
        self.assert_invalid(['field "own_share"'], own_share=1.5)
        self.assert_invalid(['field "own_share"'], own_share=-0.1)
        self.assert_invalid(['field "headcount"'], headcount=-3)
        self.assert_invalid(['field "revenue"'], kind="customer", revenue=10 ** 400)

    def test_nan_is_refused_in_python(self):
        e = self.assert_invalid(['field "own_share"', "None"], own_share=float("nan"))
        self.assertIn("NaN", e.message)

    def test_wrong_types(self):
        for kwargs in ({"revenue": "10"}, {"own_share": True}, {"name": 5}, {"group": b"eng"}):
            with self.subTest(**{k: repr(v) for k, v in kwargs.items()}):
                with self.assertRaises(TypeError):
                    self.org.add_unit("B", **kwargs)
        with self.assertRaises(TypeError):
            self.org.add_unit(None)
        with self.assertRaises(TypeError):
            self.org.add_unit(7)
        with self.assertRaises(TypeError):
            self.org.add_unit("B", kind=None)
        with self.assertRaises(TypeError):
            self.org.add_unit("B", "team", "Name")  # name is keyword-only
        self.assertEqual(len(self.org.units), 2)

    def test_numeric_types_accepted(self):
        import fractions
        self.org.add_unit("B", own_share=fractions.Fraction(1, 4), headcount=3)
        self.assertEqual(self.org.units["B"].own_share, 0.25)
        self.assertEqual(self.org.units["B"].headcount, 3.0)


class AddHandoff(unittest.TestCase):
    def setUp(self):
        self.org = two_units()
        self.org.add_unit("B")

    def assert_invalid(self, words, src="A", dst="B", **kwargs):
        with self.assertRaises(vs.InvalidError) as caught:
            self.org.add_handoff(src, dst, **kwargs)
        for word in words:
            self.assertIn(word, caught.exception.message)
        self.assertEqual(caught.exception.code, 2)
        self.assertEqual(len(self.org.handoffs), 0, "the org must be unchanged")

    def test_unknown_units(self):
        self.assert_invalid(['field "from"', 'unknown unit "Q"'], src="Q")
        self.assert_invalid(['field "to"', 'unknown unit "Q"'], dst="Q")

    def test_rules(self):
        self.assert_invalid(['field "to"', "self-handoff"], dst="A")
        self.assert_invalid(['field "from"', "customer"], src="X", dst="A")
        self.assert_invalid(['field "weight"'], weight=0)
        self.assert_invalid(['field "weight"'], weight=-2)
        self.assert_invalid(['field "score"', "1.4"], score=1.4)
        self.assert_invalid(['field "score"'], score=float("-inf"))
        self.assert_invalid(['field "score"', "NaN"], score=float("nan"))
        self.assert_invalid(['field "volume"'], volume=-1)
        self.assert_invalid(['field "lead_time_days"'], lead_time_days=-0.5)

    def test_wrong_types(self):
        with self.assertRaises(TypeError):
            self.org.add_handoff("A", None)
        with self.assertRaises(TypeError):
            self.org.add_handoff("A", "B", score="0.5")
        with self.assertRaises(TypeError):
            self.org.add_handoff("A", "B", deliverable=3)

    def test_parallel_handoffs_are_fine(self):
        self.org.add_handoff("A", "B", deliverable="one")
        self.org.add_handoff("A", "B", deliverable="two")
        self.assertEqual(len(self.org.handoffs), 2)


class AddSurveyResponse(unittest.TestCase):
    def setUp(self):
        self.org = two_units()
        self.org.add_unit("B")
        self.org.add_handoff("A", "B")

    def assert_invalid(self, words, *args, **kwargs):
        with self.assertRaises(vs.InvalidError) as caught:
            self.org.add_survey_response(*args, **kwargs)
        for word in words:
            self.assertIn(word, caught.exception.message)
        self.assertEqual(len(self.org.survey_responses), 0)

    def test_rules(self):
        self.assert_invalid(['field "respondent"', '"Q"'], "2026-Q1", "Q", "A", 3)
        self.assert_invalid(['field "provider"', '"Q"'], "2026-Q1", "B", "Q", 3)
        self.assert_invalid(['field "score"'], "2026-Q1", "B", "A", 6)
        self.assert_invalid(['field "score"'], "2026-Q1", "B", "A", 0.5)
        self.assert_invalid(['field "scale_min"'], "2026-Q1", "B", "A", 3, scale_min=5,
                            scale_max=1)
        self.assert_invalid(['field "period"'], "", "B", "A", 3)

    def test_wrong_types(self):
        with self.assertRaises(TypeError):
            self.org.add_survey_response("2026-Q1", "B", "A", None)
        with self.assertRaises(TypeError):
            self.org.add_survey_response(2026, "B", "A", 3)


class Analyses(unittest.TestCase):
    def test_closed_loop(self):
        org = vs.Org()
        for u in ("P", "Q", "X"):
            org.add_unit(u, "customer" if u == "X" else "team")
        org.add_handoff("P", "Q")
        org.add_handoff("Q", "P")
        org.add_handoff("Q", "X")
        for check in (org.validate, org.analyze):
            with self.subTest(check=check.__name__):
                with self.assertRaises(vs.InvalidError) as caught:
                    check()
                self.assertIn("closed loop", caught.exception.message)
                self.assertIn("P, Q", caught.exception.message)

    def test_loop_beyond_the_limit(self):
        org = vs.Org()
        n = 2049
        org.add_unit("src")
        org.add_unit("X", "customer", revenue=1)
        for i in range(n):
            org.add_unit("u%d" % i)
        for i in range(n):
            org.add_handoff("u%d" % i, "u%d" % ((i + 1) % n))
        org.add_handoff("src", "u0")
        org.add_handoff("u0", "X")
        with self.assertRaises(vs.LimitError) as caught:
            org.analyze()
        self.assertEqual(caught.exception.code, 5)
        self.assertIn("2048", caught.exception.message)

    def test_options(self):
        org = support.spec_org()
        with self.assertRaisesRegex(TypeError, "poor_scor"):
            org.analyze(poor_scor=0.7)
        for bad, word in ((dict(poor_score=2), "poor_score"),
                          (dict(ripple_share=-0.1), "ripple_share"),
                          (dict(survey_target=0), "survey_target"),
                          (dict(trend_alpha=1), "trend_alpha"),
                          (dict(trend_min_slope=float("nan")), "trend_min_slope"),
                          (dict(poor_score=float("nan")), "poor_score"),
                          (dict(trend_min_periods=1), "trend_min_periods"),
                          (dict(trend_min_periods=2 ** 40), "trend_min_periods"),
                          (dict(trend_min_periods=-1), "trend_min_periods")):
            with self.subTest(**bad):
                with self.assertRaises(vs.InvalidError) as caught:
                    org.analyze(**bad)
                self.assertIn(word, caught.exception.message)
        for bad in (dict(poor_score="0.7"), dict(trend_min_periods=4.0),
                    dict(trend_alpha=True), dict(trend_min_periods=True)):
            with self.subTest(**{k: repr(v) for k, v in bad.items()}):
                with self.assertRaises(TypeError):
                    org.analyze(**bad)
        with self.assertRaises(vs.InvalidError):
            vs.AnalysisOptions(poor_score=-1).check()
        vs.AnalysisOptions().check()

    def test_lookups(self):
        a = support.spec_org().analyze()
        with self.assertRaises(vs.NotFoundError) as caught:
            a.units["Q"]
        self.assertEqual(caught.exception.code, 6)
        self.assertIn('"Q"', str(caught.exception))
        with self.assertRaises(KeyError):
            a.customers["A"]  # a team, not a customer
        with self.assertRaises(KeyError):
            a.units[0]
        self.assertIsNone(a.units.get("Q"))
        self.assertNotIn("Q", a.units)
        self.assertNotIn(None, a.units)
        with self.assertRaises(vs.NotFoundError):
            a.path("A", "Q")
        with self.assertRaises(vs.NotFoundError):
            support.spec_org().units["Q"]
        self.assertNotIn("nul\0", support.spec_org().units)


class Reports(unittest.TestCase):
    def setUp(self):
        self.a = support.spec_org().analyze()

    def test_bad_arguments(self):
        with self.assertRaisesRegex(ValueError, "pdf"):
            self.a.report("pdf")
        with self.assertRaises(TypeError):
            self.a.report(1)
        with self.assertRaisesRegex(ValueError, "shares"):
            self.a.to_json(shares="sometimes")
        with self.assertRaises(ValueError):
            self.a.report("text", top=-1)
        with self.assertRaises(TypeError):
            self.a.report("text", top="all")

    def test_write_to_a_missing_directory(self):
        with tempfile.TemporaryDirectory() as tmp:
            target = os.path.join(tmp, "no", "such", "dir", "r.json")
            with self.assertRaises(vs.FileError) as caught:
                self.a.write(target)
            self.assertEqual(caught.exception.code, 3)
            self.assertIn(target, caught.exception.message)
            self.assertIsInstance(caught.exception, OSError)
            self.assertFalse(os.path.exists(os.path.dirname(target)))
        with self.assertRaises(ValueError):
            self.a.write("bad\0path")
        with self.assertRaises(TypeError):
            self.a.write(None)


class RandomUse(unittest.TestCase):
    """Random orgs built with random (often invalid) values, analysed and read
    in full: every failure is an exception, and what the objects say agrees
    with the library's own report."""

    GOOD = [None, None, None, 0, 0.25, 0.5, 1]
    BAD = [2, -1, 1e308, float("inf"), float("-inf"), float("nan"), "1", True, 10 ** 400]
    IDS = list("abcdexy")
    BAD_IDS = ["", "a\0", "\x07", "\udcff", 5, None]

    def test_random_orgs(self):
        import random
        rng = random.Random(20261124)

        def value():
            return rng.choice(self.GOOD if rng.random() < 0.9 else self.BAD)

        def unit_id():
            return rng.choice(self.IDS if rng.random() < 0.95 else self.BAD_IDS)

        for _ in range(150):
            org = vs.Org()
            for _ in range(rng.randrange(1, 12)):
                kind = rng.choice(["team", "team", "supplier", "customer", "boss", 3])
                try:
                    org.add_unit(unit_id(), kind, revenue=value() if kind == "customer" else None,
                                 own_share=value(), headcount=value(),
                                 group=rng.choice([None, "g1", "g2", "", 4]))
                except (vs.ValueStreamError, TypeError):
                    pass
            for _ in range(rng.randrange(0, 30)):
                try:
                    org.add_handoff(unit_id(), unit_id(), weight=value() or None,
                                    score=value(), deliverable=rng.choice([None, "d", "e"]))
                except (vs.ValueStreamError, TypeError):
                    pass
            for _ in range(rng.randrange(0, 12)):
                try:
                    org.add_survey_response(rng.choice(["p1", "p2", "p3", "p4", "p5", ""]),
                                            unit_id(), unit_id(),
                                            rng.choice([1, 2, 3, 4, 5, 3.5, 0, 9, None]))
                except (vs.ValueStreamError, TypeError):
                    pass
            try:
                a = org.analyze(poor_score=rng.choice([None, 0, 0.5, 1]))
            except vs.InvalidError as exc:
                self.assertIn("closed loop", exc.message)
                continue
            report = a.to_dict(shares="always")
            self.assertEqual(len(report["units"]), len(a.units))
            by_customer = {c: a.customers[c].shares for c in a.customers}
            for row in report["units"]:
                u = a.units[row["id"]]
                self.assertEqual(row["flags"], u.flags)
                self.assertEqual(row["line_of_sight"]["customers"], u.line_of_sight.customers)
                self.assertEqual(row["line_of_sight"]["path"], u.line_of_sight.path)
                self.assertEqual(row["chokepoints"], u.chokepoints)
                shares = u.line_of_sight.shares
                self.assertEqual(sorted(shares), u.line_of_sight.customers)
                for c, x in shares.items():  # forward pass == backward pass
                    self.assertAlmostEqual(by_customer[c].get(u.id, 0), x, delta=1e-9)
                support.assert_matches(self, row["line_of_sight"]["shares"], shares,
                                       row["id"], tol=1e-9)
            for c in a.customers.values():
                c.critical_units
            a.trends, a.groups, a.loops, a.handoffs, a.warnings, a.report("text", top=0)
            if rng.random() < 0.5:
                org.close()
            a.close()


class ReportShares(unittest.TestCase):
    """The report's shares when customers' input order is not their id order
    (lib/report.c once filled its table in one order and read it in the
    other; RandomUse found it)."""

    def test_report_shares_with_customers_out_of_id_order(self):
        org = vs.Org()
        org.add_unit("x", "customer", revenue=100)  # unit order x, c; id order c, x
        org.add_unit("c", "customer", revenue=100)
        org.add_unit("t")
        org.add_unit("s")
        org.add_handoff("t", "x")
        org.add_handoff("s", "c")
        a = org.analyze()
        self.assertEqual(a.units["t"].line_of_sight.shares, {"x": 1.0})
        self.assertEqual(a.customers["x"].shares, {"t": 1.0})
        rows = {row["id"]: row for row in a.to_dict()["units"]}
        self.assertEqual(rows["t"]["line_of_sight"]["shares"], {"x": 1.0})


class BadFiles(unittest.TestCase):
    """Loaders: every failure names the file (and the line and field) and
    loading is all or nothing."""

    def write_dir(self, tmp, units, handoffs, surveys=None):
        for name, content in (("units.csv", units), ("handoffs.csv", handoffs),
                              ("surveys.csv", surveys)):
            if content is not None:
                with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                    f.write(content)
        return tmp

    UNITS = "id,kind,revenue\nA,team,\nB,team,\nX,customer,100\n"

    def test_missing_path(self):
        with self.assertRaises(vs.FileError) as caught:
            vs.load("/nonexistent/org")
        self.assertIn("/nonexistent/org", caught.exception.message)
        self.assertIsInstance(caught.exception, OSError)
        with self.assertRaises(vs.FileError):
            vs.load_json("/nonexistent/org.json")
        with self.assertRaises(vs.FileError):
            vs.load_graphml("/nonexistent/org.graphml")
        with self.assertRaises(vs.FileError):
            vs.load_csv_dir("/nonexistent")

    def test_bad_score_names_file_line_field(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.write_dir(tmp, self.UNITS, "from,to,score\nA,B,0.5\nB,X,1.4\n")
            with self.assertRaises(vs.InvalidError) as caught:
                vs.load(tmp)
        message = caught.exception.message
        self.assertIn("handoffs.csv:3", message)
        self.assertIn('field "score"', message)
        self.assertEqual(caught.exception.code, 2)

    def test_unknown_unit_and_duplicate(self):
        with self.assertRaises(vs.InvalidError) as caught:
            vs.load_csv_strings(self.UNITS, "from,to\nA,Q\n")
        self.assertIn("handoffs.csv:2", caught.exception.message)
        with self.assertRaises(vs.InvalidError) as caught:
            vs.load_csv_strings(self.UNITS + "A,team,\n", "from,to\nA,B\n")
        self.assertIn("units.csv:5", caught.exception.message)
        self.assertIn("duplicate", caught.exception.message)

    def test_not_a_number(self):
        with self.assertRaises((vs.ParseError, vs.InvalidError)) as caught:
            vs.load_csv_strings(self.UNITS, "from,to,weight\nA,B,heavy\n")
        self.assertIn("handoffs.csv:2", caught.exception.message)
        self.assertIn('field "weight"', caught.exception.message)

    def test_bad_json(self):
        with self.assertRaises(vs.ParseError) as caught:
            vs.load_json_string('{"units": [', name="org.json")
        self.assertIn("org.json", caught.exception.message)
        self.assertEqual(caught.exception.code, 1)
        with self.assertRaises(vs.InvalidError):
            vs.load_json_string('{"units": [{"id": "A", "kind": "wizard"}], "handoffs": []}')

    def test_bad_graphml(self):
        with self.assertRaises((vs.ParseError, vs.InvalidError)) as caught:
            vs.load_graphml_string("<graphml><graph", name="org.graphml")
        self.assertIn("org.graphml", caught.exception.message)

    def test_surveys_are_all_or_nothing(self):
        org = vs.load_csv_strings(self.UNITS, "from,to\nA,B\nB,X\n")
        good = "period,respondent,provider,score\n2026-Q1,B,A,4\n"
        with self.assertRaises(vs.InvalidError) as caught:
            org.load_surveys_csv_string(good + "2026-Q2,B,A,9\n", name="waves.csv")
        self.assertIn("waves.csv:3", caught.exception.message)
        self.assertEqual(len(org.survey_responses), 0)
        org.load_surveys_csv_string(good)
        self.assertEqual(len(org.survey_responses), 1)
        with self.assertRaises(vs.FileError):
            org.load_surveys_csv("/nonexistent/surveys.csv")

    def test_hostile_input_does_not_crash(self):
        for data in ("", "\0\0\0", "id,kind\n" + "\"" * 1000, "\ufeffid,kind\r\nA,team\r\n",
                     b"\xff\xfe garbage"):
            with self.subTest(data=repr(data)[:30]):
                try:
                    vs.load_csv_strings(data, data)
                except vs.ValueStreamError:
                    pass
        for bad in ("", "[]", "null", '{"units": 5}', '{"units": [{"id": 5}]}', "\0"):
            with self.subTest(json=bad):
                with self.assertRaises(vs.ValueStreamError):
                    vs.load_json_string(bad)
        with self.assertRaises(TypeError):
            vs.load_json_string(None)
        with self.assertRaises(TypeError):
            vs.load(None)
        with self.assertRaises(ValueError):
            vs.load("a\0b")


if __name__ == "__main__":
    support.main()
