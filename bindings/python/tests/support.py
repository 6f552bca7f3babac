# valuestream - shared helpers of the Python binding tests.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Test helpers. Importing this module makes ``import valuestream`` work
when a test file is run alone from the source tree: meson passes
PYTHONPATH and VALUESTREAM_LIBRARY; without them the package is taken from
bindings/python and the library from build/lib."""

import importlib.util
import json
import math
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.environ.get("VALUESTREAM_SOURCE_ROOT") or \
    os.path.normpath(os.path.join(HERE, "..", "..", ".."))

if importlib.util.find_spec("valuestream") is None:
    sys.path.insert(0, os.path.dirname(HERE))
if not os.environ.get("VALUESTREAM_LIBRARY"):
    _guess = os.path.join(SOURCE_ROOT, "build", "lib", "libvaluestream.so.1")
    if os.path.exists(_guess):
        os.environ["VALUESTREAM_LIBRARY"] = _guess

import valuestream as vs  # noqa: E402

SPEC_DIR = os.path.join(SOURCE_ROOT, "tests", "data", "spec")
ACME_DIR = os.path.join(SOURCE_ROOT, "examples", "data", "acme")

#: True when CI runs the tests: missing optional packages then fail tests.
IN_CI = os.environ.get("VALUESTREAM_CI") == "1"

SPEC_UNITS = [
    # id, kind, name, group, revenue, own_share
    ("A", "team", "Platform", "eng", None, None),
    ("B", "team", "Data", "eng", None, None),
    ("C", "team", "Product", "prod", None, None),
    ("D", "team", "Delivery", "prod", None, 0.2),
    ("E", "team", "Internal Comms", "ops", None, None),
    ("X", "customer", "Enterprise", None, 600, None),
    ("Y", "customer", "SMB", None, 400, None),
]
SPEC_HANDOFFS = [
    # from, to, deliverable, weight, score
    ("A", "B", "datasets", 1, None),
    ("A", "C", "platform", 1, 0.9),
    ("B", "C", "metrics", 2, None),
    ("C", "D", "releases", 1, 0.7),
    ("D", "C", "rework", 1, None),
    ("D", "X", "service", 1, None),
    ("D", "Y", "service", 1, None),
    ("B", "Y", "reports", 1, 0.95),
    ("A", "E", "newsletter", 1, 0.5),
]
SPEC_PERIODS = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4",
                "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
SPEC_SURVEY = [4.2, 4.0, 4.1, 3.9, 3.7, 3.8, 3.5, 3.4]


def spec_org(surveys=True):
    """The SPEC section 6 worked example, built in code."""
    org = vs.Org()
    for uid, kind, name, group, revenue, own in SPEC_UNITS:
        org.add_unit(uid, kind, name=name, group=group, revenue=revenue, own_share=own)
    for src, dst, deliverable, weight, score in SPEC_HANDOFFS:
        org.add_handoff(src, dst, deliverable=deliverable, weight=weight, score=score)
    if surveys:
        for period, score in zip(SPEC_PERIODS, SPEC_SURVEY):
            org.add_survey_response(period, "C", "B", score, scale_min=1, scale_max=5)
    return org


def expected_report():
    """tests/data/spec/expected.json: the SPEC report of the worked example."""
    with open(os.path.join(SPEC_DIR, "expected.json"), encoding="utf-8") as f:
        return json.load(f)


def with_costs(analysis, report):
    """@report (a parsed to_json()) with the SPEC section 7 fields that
    to_dict() adds when the library's JSON writer lacks them; a report that
    has them is returned unchanged."""
    analysis._add_costs(report)
    return report


def assert_matches(test, expected, actual, where="report", tol=1e-9):
    """Every field of @expected is in @actual with the same value (numbers
    to @tol, absolute); @actual may carry extra fields."""
    if isinstance(expected, dict):
        test.assertIsInstance(actual, dict, where)
        for key, value in expected.items():
            test.assertIn(key, actual, "%s: missing %r" % (where, key))
            assert_matches(test, value, actual[key], "%s.%s" % (where, key), tol)
    elif isinstance(expected, list):
        test.assertIsInstance(actual, list, where)
        test.assertEqual(len(expected), len(actual), "%s: length" % where)
        for i, (e, a) in enumerate(zip(expected, actual)):
            assert_matches(test, e, a, "%s[%d]" % (where, i), tol)
    elif isinstance(expected, bool) or expected is None or isinstance(expected, str):
        test.assertEqual(expected, actual, where)
    elif isinstance(expected, (int, float)):
        test.assertIsInstance(actual, (int, float), where)
        test.assertFalse(isinstance(actual, bool), where)
        test.assertTrue(math.isclose(expected, actual, rel_tol=0, abs_tol=tol),
                        "%s: expected %r, got %r" % (where, expected, actual))
    else:
        test.fail("%s: unexpected type %r" % (where, type(expected)))


def require_module(test, name):
    """Imports optional module @name or skips the test; in CI (VALUESTREAM_CI=1)
    a missing module fails the test instead, so CI cannot pass by skipping."""
    try:
        return importlib.import_module(name)
    except ImportError:
        package = {"pandas": "python3-pandas", "networkx": "python3-networkx"}[name]
        if IN_CI:
            test.fail("%s is not installed but VALUESTREAM_CI=1; install %s" % (name, package))
        test.skipTest("%s is not installed (Debian: %s)" % (name, package))


def main():
    unittest.main(verbosity=2)
