# valuestream - Python bindings over ctypes.
# SPDX-License-Identifier: GPL-2.0-or-later
"""valuestream: who is my internal customer, what does my work reach, and
what does my poor service cost the paying customer?

An organisation is a directed graph of handoffs (team A provides work to
team B: B is A's internal customer). valuestream traces every team's line
of sight to the paying customers and prices the revenue its poor service
puts at risk. This package calls the C library libvaluestream through
ctypes; it needs nothing else (pandas and networkx are optional extras).

A tour, in the order of the CLI's commands:

1. An org, loaded (``valuestream analyze DIR``), built in code, or mined
   from an event log (``valuestream mine LOG``)::

    import valuestream as vs
    org = vs.load("examples/data/acme")        # a directory, .json or .graphml
    org = vs.mine("tests/data/mine/log.csv", quality=True)   # CSV or XES log
    org.mining.cases, org.mining.lead_time_median            # what mine prints
    org = vs.Org(); org.add_unit("A"); org.add_unit("X", "customer", revenue=600)

2. The analysis (SPEC section 4) and its results as Python objects::

    a = org.analyze(poor_score=0.7)            # thresholds as keywords
    for t in a.flagged():                      # ranked by fix value
        print(t.id, t.flags, t.fix_value, t.line_of_sight.path)
    a.units["data-eng"].line_of_sight.shares["enterprise"]
    a.customers["enterprise"].revenue_at_risk
    a.customers["enterprise"].cost_to_serve    # SPEC 7: costs allocated along handoffs

3. Tables, at the library's speed (whole C arrays, not unit by unit)::

    a.to_pandas(); a.customers_frame(); a.handoffs_frame()   # need pandas
    a.column("fix_value")                      # one per-unit array as a list
    org.to_networkx()                          # needs networkx

4. Reports, byte for byte what ``valuestream analyze --format F`` writes::

    a.report("text"); a.to_dict()              # a str; the SPEC JSON as data
    a.write("report.html", "html")             # json text csv dot html gexf xlsx
    a.write("handoffs.csv", "csv", table="handoffs")   # units customers handoffs
    a.render("org.svg")                        # through Graphviz's dot

5. Decisions::

    p = a.plan(steps=5, target=1.0)            # SPEC 9: which teams to fix first
    [(s.unit, s.gain) for s in p.steps]
    for c in vs.whatif(org, "examples/data/acme-scenarios.json"):   # SPEC 8, 10
        print(c.name, c.summary["revenue_at_risk"])
    vs.diff("q1/acme", "q2/acme").to_dict()    # two snapshots compared

The library is found through the VALUESTREAM_LIBRARY environment variable,
else the path recorded when the package was installed, else the system's
library search path. Errors from the library are ValueStreamError
subclasses (ParseError, InvalidError, FileError, IgraphError, LimitError,
NotFoundError) carrying the library's message and code.
"""

from ._errors import (ClosedError, FileError, IgraphError, InvalidError, LibraryNotFoundError,
                      LimitError, NotFoundError, ParseError, ValueStreamError)
from . import _lib
from ._lib import LIBRARY_ENV
from ._lib import VERSION as __version__
from ._records import DIAGNOSES, FLAGS, KINDS, PHASES, Handoff, SurveyResponse, Unit
from ._results import (COST_BASES, SHARES_MODES, TABLES, Analysis, AnalysisOptions,
                       CustomerResult, Group, HandoffResult, LineOfSight, Trend, UnitResult)
from ._plan import PLAN_FORMATS, Plan, PlanStep
from ._org import (Org, load, load_csv_dir, load_csv_strings, load_graphml,
                   load_graphml_string, load_json, load_json_string)
from ._mine import MiningSummary, SelfPair, mine
from ._survey import MannKendall, mann_kendall, survey_score, theil_sen_slope
from ._decide import (ACTIONS, COMPARISON_FORMATS, Comparison, CustomerChange, Delta,
                      HandoffChange, Scenario, UnitChange, diff, whatif)

#: The version of the libvaluestream actually loaded ("MAJOR.MINOR.MICRO").
library_version = _lib.lib.version
#: The path (or name) libvaluestream was loaded from.
library_path = _lib.lib.path

__all__ = [
    "ACTIONS", "COMPARISON_FORMATS", "Comparison", "CustomerChange", "Delta", "HandoffChange",
    "Scenario", "UnitChange", "diff", "whatif",
    "Analysis", "AnalysisOptions", "COST_BASES", "ClosedError", "CustomerResult", "DIAGNOSES",
    "FLAGS", "FileError", "Group", "Handoff", "HandoffResult", "IgraphError", "InvalidError",
    "KINDS", "LIBRARY_ENV", "LibraryNotFoundError", "LimitError", "LineOfSight", "MannKendall",
    "MiningSummary", "SelfPair", "TABLES", "mine",
    "NotFoundError", "Org", "PHASES", "PLAN_FORMATS", "Plan", "PlanStep", "ParseError", "SHARES_MODES", "SurveyResponse", "Trend",
    "Unit", "UnitResult", "ValueStreamError", "analyze", "library_path", "library_version",
    "load", "load_csv_dir", "load_csv_strings", "load_graphml", "load_graphml_string",
    "load_json", "load_json_string", "mann_kendall", "plan", "survey_score",
    "theil_sen_slope",
]


def analyze(org, **options):
    """Analyses ``org`` (an Org, or a path that load() accepts) with options as
    keywords; returns an Analysis. Same as ``org.analyze(**options)``.

    >>> vs.analyze("tests/data/spec")
    <valuestream.Analysis: 7 units, 9 handoffs; revenue at risk 298.37 of 1000.00; 5 flagged>
    """
    if not isinstance(org, Org):
        org = load(org)
    return Analysis(org, **options)


def plan(org_or_analysis, steps=5, target=1.0, **analysis_options):
    """The improvement plan (SPEC 9): which teams and suppliers to fix
    first, greedy and exact at each step; returns a Plan.

    ``org_or_analysis`` is an Analysis (then no analysis options may be
    given), an Org or a path that load() accepts (analysed here with
    ``analysis_options``, e.g. ``as_of``; what is made here is closed
    before returning: the plan does not need it). ``steps`` is the most units to
    fix (>= 0), ``target`` the score (0..1) their handoffs are raised to.
    Bad values raise TypeError or ValueError.

    >>> import valuestream as vs
    >>> p = vs.plan("tests/data/spec-plan", target=0.9)
    >>> [(s.unit, round(s.gain, 4)) for s in p.steps][:2]
    [('C', 122.5184), ('B', 35.122)]
    """
    if isinstance(org_or_analysis, Analysis):
        if analysis_options:
            raise TypeError("plan() got analysis options (%s) with an Analysis; they apply "
                            "only when an org is given" % ", ".join(sorted(analysis_options)))
        return org_or_analysis.plan(steps, target)
    if isinstance(org_or_analysis, Org):
        with Analysis(org_or_analysis, **analysis_options) as analysis:
            return analysis.plan(steps, target)
    with load(org_or_analysis) as org, Analysis(org, **analysis_options) as analysis:
        return analysis.plan(steps, target)
