# valuestream - an analysis and its results as Python objects.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Analysis (a VsAnalysis) and the objects it hands out.

Per-unit numbers are read from the C library's flat arrays, one ctypes call
per array, the first time they are needed; so are the ids, names, groups
and kinds of all units (one buffer each, split in one step). UnitResult,
LineOfSight and CustomerResult are light views onto those lists. Lists
that the C library computes per unit (paths, chokepoints, customers
reached, shares) are fetched when first asked for and kept; once a few
dozen units' lists of one kind have been asked for, those of every unit
are read in one call (customers reached only while units x customers
stays small: they grow as the product).
"""

import collections.abc
import ctypes
import itertools
import json
import numbers
from ctypes import byref, c_char_p, c_double, c_int, c_void_p
from dataclasses import dataclass, fields
from typing import Optional, Tuple

from . import _check
from ._errors import (INVALID, NOT_FOUND, ClosedError, InvalidError, NotFoundError,
                      ValueStreamError)
from ._lib import (VS_ANALYSIS_OPTIONS_VERSION, VS_STRINGS_HANDOFF_DELIVERABLE,
                   VS_STRINGS_UNIT_GROUP, VS_STRINGS_UNIT_ID, VS_STRINGS_UNIT_NAME,
                   VS_UNIT_LIST_CHOKEPOINTS, VS_UNIT_LIST_CRITICAL_UNITS, VS_UNIT_LIST_CUSTOMERS,
                   VS_UNIT_LIST_PATH, VsAnalysisOptions, VsTrend, call, doubles, gsize, int32s,
                   lib, report_options, take_lists, take_strings, take_uint32_array,
                   take_uint32s, text, uint32s)
from ._extras import customers_frame, handoffs_frame, units_frame
from ._handle import OrgHandle
from ._plan import Plan
from ._records import DIAGNOSES, KINDS, PHASES, flag_names, optional
from ._resource import Resource

#: Values of the ``shares`` argument of the report methods.
SHARES_MODES = ("auto", "always", "never")
#: Values of the ``cost_basis`` option, by VsCostBasis value (SPEC section 7).
COST_BASES = ("weight", "volume")


# ---- options -------------------------------------------------------------------------

@dataclass(frozen=True)
class AnalysisOptions:
    """Thresholds of the analysis (SPEC 4.5, 4.6) and the cost options
    (SPEC 7); the defaults are the SPEC's.

    poor_score: a service or handoff score below this is poor.
    ripple_share: fix_value >= this share of total revenue flags ripple.
    survey_target: the survey target as a fraction of the scale.
    trend_alpha: one-sided Mann-Kendall significance level.
    trend_min_slope: Theil-Sen decline that counts, points per period on 1..5.
    trend_min_periods: periods needed before a trend is judged.
    cost_basis: what a provider's cost is divided by among its handoffs:
        "weight", or "volume" (then every handoff needs a volume).
    markup: the cost-plus margin (>= 0; 0.1 = 10%) a team adds, once, to
        its own cost; suppliers' costs and cost passed on are not marked up.
    as_of: a period (None: all); survey answers of later periods (by
        string order) are ignored: the org as it stood then.
    min_responses: a pair's period with fewer answers is ignored, and its
        mean is shown nowhere (a mean of one or two answers reveals them).

    >>> vs.AnalysisOptions().poor_score
    0.75
    >>> vs.load("tests/data/spec").analyze(as_of="2026-Q2").options.as_of
    '2026-Q2'
    """
    poor_score: float = 0.75
    ripple_share: float = 0.01
    survey_target: float = 0.75
    trend_alpha: float = 0.05
    trend_min_slope: float = 0.05
    trend_min_periods: int = 4
    cost_basis: str = "weight"
    markup: float = 0.0
    as_of: Optional[str] = None
    min_responses: int = 1

    @classmethod
    def from_keywords(cls, what, options):
        """Options from keywords (None = default); an unknown keyword is a
        TypeError, a value of the wrong type too."""
        names = {f.name for f in fields(cls)}
        for key in options:
            if key not in names:
                raise TypeError("%s() got an unexpected keyword argument '%s' (options are %s)"
                                % (what, key, ", ".join(sorted(names))))
        values = {k: v for k, v in options.items() if v is not None}
        for key, value in values.items():
            if key in ("trend_min_periods", "min_responses"):
                if isinstance(value, bool) or not isinstance(value, int):
                    raise TypeError("%s must be an int, not %s" % (key, type(value).__name__))
                if not 0 <= value < 2 ** 32:
                    raise InvalidError("invalid analysis option %s (out of range)" % key,
                                       INVALID)
            elif key == "as_of":
                if not isinstance(value, str):
                    raise TypeError("as_of must be a str, not %s" % type(value).__name__)
            elif key == "cost_basis":
                if not isinstance(value, str):
                    raise TypeError("cost_basis must be a str, not %s" % type(value).__name__)
                _cost_basis_value(value)
            elif isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError("%s must be a number, not %s" % (key, type(value).__name__))
            else:
                try:
                    values[key] = float(value)
                except OverflowError:
                    raise InvalidError("invalid analysis option %s (out of range)" % key,
                                       INVALID) from None
        return cls(**values)

    def _to_c(self):
        return VsAnalysisOptions(VS_ANALYSIS_OPTIONS_VERSION, self.poor_score,
                                 self.ripple_share, self.survey_target, self.trend_alpha,
                                 self.trend_min_slope, self.trend_min_periods,
                                 _cost_basis_value(self.cost_basis), self.markup,
                                 None if self.as_of is None else self.as_of.encode(),
                                 self.min_responses)

    @classmethod
    def _from_c(cls, o):
        return cls(o.poor_score, o.ripple_share, o.survey_target, o.trend_alpha,
                   o.trend_min_slope, o.trend_min_periods, COST_BASES[o.cost_basis],
                   o.markup, None if o.as_of is None else o.as_of.decode(), o.min_responses)

    def check(self):
        """Raises InvalidError naming the first option out of range."""
        call(lib.vs_analysis_options_check, byref(self._to_c()))


def _cost_basis_value(name):
    """The VsCostBasis value of @name; InvalidError for any other value."""
    try:
        return COST_BASES.index(name)
    except ValueError:
        raise InvalidError('invalid analysis option cost_basis (must be "weight" or '
                           '"volume", not %r)' % (name,), INVALID) from None


# ---- records -------------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    """A group (department): ``diagnosis`` is "unrated", "healthy",
    "individual" or "systemic"; ``poor_units`` the ids of its poor members,
    sorted.

    >>> vs.load("tests/data/spec").analyze().groups["prod"]
    Group(id='prod', diagnosis='individual', poor_units=('C',))
    """
    id: str
    diagnosis: str
    poor_units: Tuple[str, ...]


@dataclass(frozen=True)
class Trend:
    """The survey history of one (provider, respondent) pair (SPEC 4.5).

    Means are on a 1..5 scale, oldest first, one per period. ``score`` is
    the handoff score the latest mean gives; ``mk_s`` and ``p_value`` the
    one-sided Mann-Kendall test of a decline (``exact`` when from the exact
    distribution), ``slope`` the Theil-Sen slope in points per period.

    >>> [t] = vs.load("tests/data/spec").analyze().trends
    >>> t.provider, t.respondent, t.latest_mean, t.deteriorating, round(t.slope, 6)
    ('B', 'C', 3.4, True, -0.1)
    """
    provider: str
    respondent: str
    n_periods: int
    latest_mean: float
    score: float
    mk_s: float
    p_value: float
    exact: bool
    slope: float
    deteriorating: bool
    has_handoff: bool
    periods: Tuple[str, ...]
    means: Tuple[float, ...]


@dataclass(frozen=True)
class HandoffResult:
    """A handoff as the analysis saw it: ``share`` of its receiver's input
    (weight / total weight in), ``score`` the score used (its own, else the
    survey score of its pair, None when unrated: counts as 1), ``charge``
    its internal price under full cost allocation (SPEC 7: the provider's
    loaded cost times the handoff's share of the provider's basis; None when
    the provider reaches no customer), e.g. 40 for A -> E of SPEC 11.

    >>> h = vs.load("tests/data/spec-costs").analyze().handoffs[8]
    >>> h.from_, h.to, h.deliverable, h.share, h.score, h.charge
    ('A', 'E', 'newsletter', 1.0, 0.5, 40.0)
    """
    index: int
    from_: str
    to: str
    deliverable: Optional[str]
    weight: float
    share: float
    score: Optional[float]
    charge: Optional[float] = None


# ---- per-unit views ------------------------------------------------------------------

class LineOfSight:
    """Where a unit's work goes (SPEC 4.2): ``reaches_customer``, ``hops`` to
    the nearest customer (None when none), ``customers`` reached (ids, sorted),
    ``path`` (one shortest chain of ids to the nearest customer, None when
    none), ``exposure`` (the revenue depending on the unit's work),
    ``shares`` ({customer id: share} for the customers reached) and
    ``cost_shares`` ({customer id: fraction} of the unit's loaded cost that
    ends at each customer, SPEC 7: for A of SPEC 11, {"X": 0.2777778, "Y":
    0.3888889}; the rest is stranded).

    >>> los = vs.load("tests/data/spec").analyze().units["B"].line_of_sight
    >>> los.hops, los.path, los.customers, los.shares
    (1, ['B', 'Y'], ['X', 'Y'], {'X': 0.5, 'Y': 0.75})
    """

    __slots__ = ("_a", "index")

    def __init__(self, analysis, index):
        self._a, self.index = analysis, index

    @property
    def reaches_customer(self):
        return self._a._column("hops")[self.index] >= 0

    @property
    def hops(self):
        h = self._a._column("hops")[self.index]
        return None if h < 0 else h

    @property
    def customers(self):
        return list(self._a._unit_list("customers", self.index))

    @property
    def path(self):
        path = self._a._unit_list("path", self.index)
        return list(path) if path else None

    @property
    def exposure(self):
        return self._a._column("exposure")[self.index]

    @property
    def shares(self):
        return dict(self._a._unit_shares(self.index))

    @property
    def cost_shares(self):
        return dict(self._a._unit_cost_shares(self.index))

    def __repr__(self):
        return ("<LineOfSight of %s: hops %s, customers %s, exposure %g>"
                % (self._a._ids()[self.index], self.hops, self.customers, self.exposure))


class UnitResult:
    """Everything the analysis says about one unit (a row of the SPEC
    report's ``units``): identity (``id``, ``kind``, ``name``, ``group``,
    ``index``), ``own`` (effective own share), ``quality`` (received, rolled
    %C&A), ``service_score`` (None when unrated), ``fix_value``,
    ``revenue_at_risk`` (customers), ``line_of_sight``, ``chokepoints`` (ids,
    nearest first), ``dependents``, ``flags`` (names, sorted), ``loop`` (index
    into Analysis.loops, None when on none), ``next_hop`` (id of the next unit
    towards the nearest customer, None when none).

    Cost to serve (SPEC section 7): ``cost`` (its own, per period; 0 for
    customers), ``loaded_cost`` (its own charged cost plus what its
    providers pass on; None when it reaches no customer), ``stranded_cost``
    (cost held by a unit that reaches no customer, 0 otherwise) and
    ``cost_shares`` (as line_of_sight.cost_shares). In SPEC 11, C has cost
    200 and loaded_cost 565; E loaded_cost None and stranded_cost 80.

    >>> c = vs.load("tests/data/spec").analyze().units["C"]
    >>> c.service_score, round(c.fix_value, 2), c.flags
    (0.7, 188.37, ['captive_poor_service', 'poor_service', 'rework_loop', 'ripple'])
    """

    __slots__ = ("_a", "index")

    def __init__(self, analysis, index):
        self._a, self.index = analysis, index

    id = property(lambda self: self._a._ids()[self.index])
    kind = property(lambda self: self._a._strings("kind")[self.index])
    name = property(lambda self: self._a._strings("name")[self.index])
    group = property(lambda self: self._a._strings("group")[self.index])
    own = property(lambda self: self._a._column("own")[self.index])
    quality = property(lambda self: self._a._column("quality")[self.index])
    exposure = property(lambda self: self._a._column("exposure")[self.index])
    fix_value = property(lambda self: self._a._column("fix_value")[self.index])
    revenue_at_risk = property(lambda self: self._a._column("revenue_at_risk")[self.index])
    dependents = property(lambda self: self._a._column("dependents")[self.index])
    cost = property(lambda self: self._a._column("cost")[self.index])
    stranded_cost = property(lambda self: self._a._column("stranded_cost")[self.index])

    @property
    def loaded_cost(self):
        return optional(self._a._column("loaded_cost")[self.index])

    @property
    def cost_shares(self):
        return self.line_of_sight.cost_shares

    @property
    def is_customer(self):
        return self.kind == "customer"

    @property
    def service_score(self):
        return optional(self._a._column("service_score")[self.index])

    @property
    def hops(self):
        return self.line_of_sight.hops

    @property
    def next_hop(self):
        v = self._a._column("next_hop")[self.index]
        return None if v < 0 else self._a._ids()[v]

    @property
    def loop(self):
        v = self._a._column("loop")[self.index]
        return None if v < 0 else v

    @property
    def flags(self):
        return flag_names(self._a._column("flags")[self.index])

    @property
    def chokepoints(self):
        return list(self._a._unit_list("chokepoints", self.index))

    @property
    def line_of_sight(self):
        return LineOfSight(self._a, self.index)

    def __eq__(self, other):
        return (isinstance(other, UnitResult) and other._a is self._a
                and other.index == self.index)

    def __hash__(self):
        return hash((id(self._a), self.index))

    def __repr__(self):
        service = self.service_score
        return ("<UnitResult %s (%s): quality %.4g, service %s, fix_value %.6g, flags %s>"
                % (self.id, self.kind, self.quality,
                   "None" if service is None else "%.4g" % service, self.fix_value,
                   self.flags))


class CustomerResult:
    """A paying customer (a row of the SPEC report's ``customers``): ``id``,
    ``name``, ``revenue``, ``quality`` (what it receives), ``revenue_at_risk``
    (revenue * (1 - quality)), ``critical_units`` (ids on every path value
    takes to it, sorted) and ``shares`` ({unit id: share} of the teams and
    suppliers carrying a nonzero share of its value, in unit order).

    Cost to serve (SPEC section 7): ``cost_to_serve`` (the cost allocated
    to it along the handoffs), ``margin`` (revenue - cost_to_serve) and
    ``cost_shares`` ({unit id: fraction} of each team's and supplier's
    loaded cost that ends at it, nonzero ones, in unit order). In SPEC 11,
    X's cost_to_serve is 238.3333333 and its margin 361.6666667.

    >>> x = vs.load("tests/data/spec-costs").analyze().customers["X"]
    >>> x.revenue, round(x.revenue_at_risk, 2), x.critical_units, round(x.margin, 2)
    (600.0, 216.28, ['D'], 361.67)
    """

    __slots__ = ("_a", "index")

    def __init__(self, analysis, index):
        self._a, self.index = analysis, index

    id = property(lambda self: self._a._ids()[self.index])
    name = property(lambda self: self._a._strings("name")[self.index])
    revenue = property(lambda self: self._a._column("exposure")[self.index])
    quality = property(lambda self: self._a._column("quality")[self.index])
    revenue_at_risk = property(lambda self: self._a._column("revenue_at_risk")[self.index])
    cost_to_serve = property(lambda self: self._a._column("cost_to_serve")[self.index])
    margin = property(lambda self: self._a._column("margin")[self.index])

    @property
    def critical_units(self):
        return list(self._a._unit_list("critical_units", self.index))

    @property
    def shares(self):
        return dict(self._a._customer_shares(self.index))

    @property
    def cost_shares(self):
        return dict(self._a._customer_cost_shares(self.index))

    @property
    def unit(self):
        """The customer's UnitResult (its row in Analysis.units)."""
        return UnitResult(self._a, self.index)

    def __eq__(self, other):
        return (isinstance(other, CustomerResult) and other._a is self._a
                and other.index == self.index)

    def __hash__(self):
        return hash((id(self._a), self.index, "customer"))

    def __repr__(self):
        return ("<CustomerResult %s: revenue %g, quality %.4g, revenue_at_risk %.6g>"
                % (self.id, self.revenue, self.quality, self.revenue_at_risk))


class _ResultMapping(collections.abc.Mapping):
    """Results keyed by unit id, in unit order."""

    def __init__(self, analysis, indices, make, what):
        self._a, self._indices, self._make, self._what = analysis, indices, make, what
        self._members = None if indices is None else frozenset(indices)

    def _all(self):
        return range(self._a.n_units) if self._indices is None else self._indices

    def __getitem__(self, unit_id):
        i = self._a._index_of(unit_id)
        if self._members is not None and i not in self._members:
            raise NotFoundError('"%s" is not a %s' % (unit_id, self._what), NOT_FOUND)
        return self._make(self._a, i)

    def __iter__(self):
        ids = self._a._ids()
        return (ids[i] for i in self._all())

    def values(self):
        return _ResultValues(self)

    def items(self):
        return _ResultItems(self)

    def __len__(self):
        return len(self._all())

    def __repr__(self):
        ids = list(self)
        shown = ", ".join(ids[:8]) + (", ..." if len(ids) > 8 else "")
        return "<%d %ss: %s>" % (len(ids), self._what, shown)


class _ResultValues(collections.abc.ValuesView):
    """The results in order, made by index (no lookup of each id)."""

    def __iter__(self):
        m = self._mapping
        make, a = m._make, m._a
        return (make(a, i) for i in m._all())


class _ResultItems(collections.abc.ItemsView):
    def __iter__(self):
        m = self._mapping
        make, a, ids = m._make, m._a, m._a._ids()
        return ((ids[i], make(a, i)) for i in m._all())


class _UnitSequence(collections.abc.Sequence):
    """Units of an analysis in a given order (an array of unit indices read
    in one call), as UnitResults made only when asked for: a read-only
    sequence, like ``range``. ``len()``, ``s[i]`` (negative too), ``s[i:j]``
    (a sequence like this one), iteration (forwards and reversed), ``in``,
    ``index()`` and ``count()``; equal to another of its kind, or to a list,
    holding the same UnitResults in the same order. ``list(s)`` makes a
    list."""

    __slots__ = ("_a", "_indices", "_what")

    def __init__(self, analysis, indices, what):
        self._a, self._indices, self._what = analysis, indices, what

    def __len__(self):
        return len(self._indices)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return _UnitSequence(self._a, self._indices[i], self._what)
        return UnitResult(self._a, self._indices[i])

    def __iter__(self):
        return map(UnitResult, itertools.repeat(self._a), self._indices)

    def __reversed__(self):
        return map(UnitResult, itertools.repeat(self._a), reversed(self._indices))

    def _index_of(self, unit):
        """@unit's place, or None (one scan of the indices, in C)."""
        if not isinstance(unit, UnitResult) or unit._a is not self._a:
            return None
        try:
            return self._indices.index(unit.index)
        except ValueError:
            return None

    def __contains__(self, unit):
        return self._index_of(unit) is not None

    def index(self, unit, start=0, stop=None):
        i = self._index_of(unit)
        if i is None or not start <= i < (len(self) if stop is None else stop):
            raise ValueError("%r is not in the sequence" % (unit,))
        return i

    def count(self, unit):
        return int(unit in self)

    def __eq__(self, other):
        if isinstance(other, _UnitSequence):
            return other._a is self._a and other._indices == self._indices
        if isinstance(other, list):
            return len(other) == len(self) and all(x == y for x, y in zip(self, other))
        return NotImplemented

    __hash__ = None  # equal to a list, which has none

    def __repr__(self):
        ids, n = self._a._ids(), len(self._indices)
        shown = ", ".join(ids[i] for i in self._indices[:8]) + (", ..." if n > 8 else "")
        return "<%d %ss: %s>" % (n, self._what, shown)


# ---- the analysis --------------------------------------------------------------------

_COLUMNS = {
    # name: (C function returning a borrowed array and its length, reader)
    "own": ("vs_analysis_get_own", doubles),
    "quality": ("vs_analysis_get_qualities", doubles),
    "exposure": ("vs_analysis_get_exposures", doubles),
    "revenue_at_risk": ("vs_analysis_get_revenues_at_risk", doubles),
    "service_score": ("vs_analysis_get_service_scores", doubles),
    "fix_value": ("vs_analysis_get_fix_values", doubles),
    "hops": ("vs_analysis_get_hops", int32s),
    "next_hop": ("vs_analysis_get_next_hops", int32s),
    "dependents": ("vs_analysis_get_dependents", uint32s),
    "flags": ("vs_analysis_get_flags", uint32s),
    "loop": ("vs_analysis_get_loop_ids", int32s),
    "handoff_share": ("vs_analysis_get_handoff_shares", doubles),
    "handoff_score": ("vs_analysis_get_handoff_scores", doubles),
    "cost": ("vs_analysis_get_unit_costs", doubles),
    "loaded_cost": ("vs_analysis_get_loaded_costs", doubles),
    "stranded_cost": ("vs_analysis_get_stranded_costs", doubles),
    "cost_to_serve": ("vs_analysis_get_costs_to_serve", doubles),
    "margin": ("vs_analysis_get_margins", doubles),
    "handoff_charge": ("vs_analysis_get_handoff_charges", doubles),
    "customers": ("vs_analysis_get_customers", uint32s),
}

_UNIT_LISTS = {
    # name: (C function of one unit's list, VsUnitList of every unit's)
    "path": ("vs_analysis_dup_path", VS_UNIT_LIST_PATH),
    "chokepoints": ("vs_analysis_dup_chokepoints", VS_UNIT_LIST_CHOKEPOINTS),
    "customers": ("vs_analysis_dup_unit_customers", VS_UNIT_LIST_CUSTOMERS),
    "critical_units": ("vs_analysis_dup_critical_units", VS_UNIT_LIST_CRITICAL_UNITS),
}

_STRING_COLUMNS = {
    "id": VS_STRINGS_UNIT_ID,
    "name": VS_STRINGS_UNIT_NAME,
    "group": VS_STRINGS_UNIT_GROUP,
    "deliverable": VS_STRINGS_HANDOFF_DELIVERABLE,
}

#: Units whose list of one kind is read one by one before every unit's is
#: read in one call (a few units: one call each is cheaper than all).
BULK_AFTER = 32
#: Units x customers up to which the customers reached by every unit are
#: read in one call (beyond, the lists are read one unit at a time).
BULK_CUSTOMERS_LIMIT = 20000000


#: The tables of the "csv" format (VsReportTable), by name.
TABLES = ("units", "customers", "handoffs")


def _report_options(shares="auto", pretty=True, top=10, table="units", picture_units=None,
                    highlight=3, title=None, program=None, timeout=None):
    if isinstance(shares, bool):
        mode = 1 if shares else 2
    elif isinstance(shares, str) and shares in SHARES_MODES:
        mode = SHARES_MODES.index(shares)
    else:
        raise ValueError("shares must be one of %s or a bool, not %r"
                         % (", ".join(SHARES_MODES), shares))
    if table not in TABLES:
        raise ValueError("table must be one of %s, not %r" % (", ".join(TABLES), table))
    if timeout is None:
        timeout_ms = 0
    elif isinstance(timeout, bool) or not isinstance(timeout, numbers.Real) or \
            not 0 < timeout * 1000 < 2 ** 32:
        raise ValueError("timeout must be a positive number of seconds, not %r" % (timeout,))
    else:
        timeout_ms = max(1, int(timeout * 1000))
    return report_options(
        mode, bool(pretty), _check.count("top", top), TABLES.index(table),
        0 if picture_units is None else _check.count("picture_units", picture_units),
        _check.count("highlight", highlight),
        None if title is None else _check.text("title", title),
        None if program is None else _check.path("program", program), timeout_ms)


def _report_format(name):
    if not isinstance(name, str):
        raise TypeError("format must be a str, not %s" % type(name).__name__)
    value = c_int()
    if "\0" in name or not lib.vs_report_format_from_name(name.encode(), byref(value)):
        raise ValueError('unknown report format "%s" (expected "json", "text", "csv", "dot", '
                         '"html", "gexf" or "xlsx")' % name)
    return value.value


class Analysis(Resource):
    """Everything SPEC section 4 computes for an org, as of the moment it was
    made: later additions to the org do not change it, and it stays valid
    after the Org is closed or dropped. Read it from any number of threads.

    ``units`` and ``customers`` map ids to UnitResult / CustomerResult;
    ``flagged()`` ranks the flagged teams by fix value; ``loops``,
    ``groups``, ``warnings``, ``trends``, ``handoffs`` and the totals
    complete the picture; ``report()``, ``to_json()``, ``to_dict()`` and
    ``write()`` give the SPEC report.

    >>> a = vs.load("tests/data/spec").analyze()
    >>> [t.id for t in a.flagged()[:2]], round(a.revenue_at_risk, 2)
    (['C', 'B'], 298.37)
    >>> a.customers["X"].critical_units, a.loops
    (['D'], [['C', 'D']])
    """

    _what = "Analysis"

    def __init__(self, org, **options):
        if not isinstance(org, OrgHandle):
            raise TypeError("org must be a valuestream.Org, not %s" % type(org).__name__)
        self._org_class = type(org)  # Org, which imports this module
        opts = AnalysisOptions.from_keywords("analyze", options)._to_c()
        with org._reading() as org_ptr:
            ptr = call(lib.vs_analysis_new, org_ptr, byref(opts))
            if not ptr:
                raise ValueStreamError("vs_analysis_new returned no analysis")
            Resource.__init__(self, ptr, lib.vs_analysis_free)
            org._register(self)
        self._cache = {}
        self._n = lib.vs_analysis_get_n_units(ptr)
        self._m = lib.vs_analysis_get_n_handoffs(ptr)

    # -- cached reads ----------------------------------------------------------------------

    def _cached(self, key, compute):
        """@compute(ptr) once, under the read lock; ClosedError after close."""
        if self._ptr is None:
            raise ClosedError("this Analysis is closed")
        try:
            return self._cache[key]
        except KeyError:
            pass
        with self._reading() as ptr:
            value = compute(ptr)
        self._cache[key] = value
        return value

    def _column(self, name):
        """A per-unit (or per-handoff) C array as a list: one call."""
        def read(ptr):
            func, reader = _COLUMNS[name]
            n = gsize()
            address = getattr(lib, func)(ptr, byref(n))
            return reader(address, n.value)
        return self._cached(name, read)

    def _strings(self, field):
        """id, name, group or kind of every unit, or the deliverable of
        every handoff: one call, once."""
        def read(ptr):
            if field == "kind":
                n = gsize()
                address = lib.vs_analysis_get_kinds(ptr, byref(n))
                return list(map(KINDS.__getitem__, ctypes.string_at(address, n.value))) \
                    if n.value else []
            offsets, n = c_void_p(), gsize()
            address = lib.vs_analysis_dup_strings(ptr, _STRING_COLUMNS[field], byref(offsets),
                                                  byref(n))
            return take_strings(address, offsets.value, n.value)
        return self._cached(("strings", field), read)

    def _ids(self):
        return self._strings("id")

    def _array(self, name, np):
        """A per-unit (or per-handoff) C array as a new numpy array (for the
        frames): one call, one copy, no Python objects per entry."""
        func, reader = _COLUMNS[name]
        ctype = {doubles: c_double, int32s: ctypes.c_int32, uint32s: ctypes.c_uint32}[reader]
        if self._ptr is None:
            raise ClosedError("this Analysis is closed")
        with self._reading() as ptr:
            n = gsize()
            address = getattr(lib, func)(ptr, byref(n))
            if not n.value or not address:
                return np.zeros(0, dtype=np.dtype(ctype))
            return np.ctypeslib.as_array((ctype * n.value).from_address(address)).copy()

    def _kind_codes(self, np):
        """Every unit's VsKind as a numpy array of bytes."""
        with self._reading() as ptr:
            n = gsize()
            address = lib.vs_analysis_get_kinds(ptr, byref(n))
            return np.frombuffer(ctypes.string_at(address, n.value), dtype=np.uint8)

    def _index_of(self, unit_id):
        index = self._cached("index", lambda ptr: {u: i for i, u in enumerate(self._ids())})
        try:
            return index[unit_id]
        except (KeyError, TypeError):
            raise NotFoundError('no unit "%s"' % (unit_id,), NOT_FOUND) from None

    def _ids_of(self, indices):
        ids = self._ids()
        return [ids[i] for i in indices]

    def _dup(self, ptr, func, *args):
        n = gsize()
        address = func(ptr, *args, byref(n))
        return take_uint32s(address, n.value)

    def _dup_array(self, ptr, func, *args):
        """As _dup(), an array.array."""
        n = gsize()
        address = func(ptr, *args, byref(n))
        return take_uint32_array(address, n.value)

    def _lists(self, what):
        """Every unit's list @what as (flat, offsets) (see take_lists()): one call."""
        def read(ptr):
            offsets, n = c_void_p(), gsize()
            address = lib.vs_analysis_dup_unit_lists(ptr, _UNIT_LISTS[what][1], byref(offsets),
                                                     byref(n))
            return take_lists(address, offsets.value, n.value)
        return self._cached(("lists", what), read)

    def _unit_list(self, what, index):
        """Unit @index's list @what as a tuple of ids: one call for this
        unit, or, once BULK_AFTER units' have been asked for, from every
        unit's lists read in one call."""
        if self._ptr is None:
            raise ClosedError("this Analysis is closed")
        lists = self._cache.get(("lists", what))
        if lists is None:
            asked = self._cache.get(("asked", what), 0) + 1
            self._cache[("asked", what)] = asked
            if asked > BULK_AFTER and (what != "customers" or self._n * len(
                    self._column("customers")) <= BULK_CUSTOMERS_LIMIT):
                lists = self._lists(what)
        if lists is not None:
            flat, offsets = lists
            ids = self._ids()
            return tuple([ids[j] for j in flat[offsets[index]:offsets[index + 1]]])
        func = getattr(lib, _UNIT_LISTS[what][0])
        ids = self._ids()
        return self._cached((what, index),
                            lambda ptr: tuple([ids[j] for j in self._dup(ptr, func, index)]))

    def _unit_shares(self, index):
        """{customer id: share} for the customers unit @index reaches."""
        customers = self._column("customers")

        def read(ptr):
            out = (c_double * max(len(customers), 1))()
            lib.vs_analysis_get_unit_shares(ptr, index, out)
            by_unit = dict(zip(customers, out))
            reached = self._dup(ptr, lib.vs_analysis_dup_unit_customers, index)
            return tuple((self._ids()[c], by_unit[c]) for c in reached)
        return self._cached(("shares", index), read)

    def _customer_shares(self, index, func=lib.vs_analysis_get_customer_shares,
                         key="customer shares"):
        """{unit id: share} of the units carrying customer @index's value."""
        kinds = self._strings("kind")

        def read(ptr):
            out = (c_double * max(self._n, 1))()
            if not func(ptr, index, out):
                raise NotFoundError("unit %d is not a customer" % index, NOT_FOUND)
            ids = self._ids()
            return tuple((ids[u], x) for u, x in enumerate(out[:self._n])
                         if x > 0 and kinds[u] != "customer")
        return self._cached((key, index), read)

    def _unit_cost_shares(self, index):
        """{customer id: fraction} of unit @index's loaded cost ending at each
        customer, over the customers with a positive fraction, sorted by id
        (like the customers a unit reaches)."""
        customers = self._column("customers")

        def read(ptr):
            out = (c_double * max(len(customers), 1))()
            lib.vs_analysis_get_unit_cost_shares(ptr, index, out)
            ids = self._ids()
            return tuple(sorted((ids[c], x) for c, x in zip(customers, out) if x > 0))
        return self._cached(("cost shares", index), read)

    def _customer_cost_shares(self, index):
        """{unit id: fraction} of the units' loaded costs ending at customer @index."""
        return self._customer_shares(index, lib.vs_analysis_get_customer_cost_shares,
                                     "customer cost shares")

    # -- results -------------------------------------------------------------------

    @property
    def n_units(self):
        """The number of units analysed."""
        return self._n

    @property
    def n_handoffs(self):
        """The number of handoffs analysed."""
        return self._m

    @property
    def units(self):
        """Every unit's results, a mapping ``id -> UnitResult`` in input order
        (customers included, as in the SPEC report)."""
        return _ResultMapping(self, None, UnitResult, "unit")

    @property
    def customers(self):
        """The paying customers, a mapping ``id -> CustomerResult`` in input
        order."""
        return _ResultMapping(self, self._column("customers"), CustomerResult, "customer")

    def flagged(self):
        """The flagged teams and suppliers as UnitResults, ranked by fix value
        (highest first; ties in input order): a read-only sequence that
        makes each UnitResult when it is read (at a million units, a
        quarter of a million are flagged)::

            ranked = a.flagged()
            len(ranked), ranked[0].id, [t.id for t in ranked[:10]]
            for t in ranked:
                print(t.id, t.flags, t.fix_value)

        ``list(a.flagged())`` makes a list."""
        ranked = self._cached("flagged", lambda ptr: self._dup_array(
            ptr, lib.vs_analysis_dup_flagged))
        return _UnitSequence(self, ranked, "flagged unit")

    def column(self, name):
        """One per-unit (or per-handoff) result as a list indexed like the
        org's units (handoffs): "own", "quality", "exposure",
        "revenue_at_risk", "service_score" (NaN when unrated), "fix_value",
        "hops" (-1 when none), "next_hop" (-1), "dependents", "flags" (bits of
        FLAGS), "loop" (-1), "cost", "loaded_cost" (NaN outside Rc),
        "stranded_cost", "cost_to_serve" (0 for all but customers), "margin"
        (NaN for all but customers), "handoff_share", "handoff_score" (NaN),
        "handoff_charge" (NaN when the provider reaches no customer), e.g.
        ``a.column("loaded_cost")``. Read from the C array in one call; a
        fresh list each time."""
        if name not in _COLUMNS or name == "customers":
            raise ValueError("unknown column %r (one of %s)"
                             % (name, ", ".join(k for k in _COLUMNS if k != "customers")))
        return list(self._column(name))

    def path(self, from_, to):
        """One shortest chain of handoffs from unit ``from_`` to unit ``to``
        (ids, both included; ties by handoff order), None when ``to`` is out
        of reach."""
        i, j = self._index_of(from_), self._index_of(to)
        with self._reading() as ptr:
            path = self._dup(ptr, lib.vs_analysis_dup_path_to, i, j)
        return self._ids_of(path) if path else None

    @property
    def total_revenue(self):
        """The revenue of all customers."""
        with self._reading() as ptr:
            return lib.vs_analysis_get_total_revenue(ptr)

    @property
    def revenue_at_risk(self):
        """The summed revenue at risk of all customers."""
        with self._reading() as ptr:
            return lib.vs_analysis_get_total_at_risk(ptr)

    @property
    def total_cost(self):
        """The summed charged cost of every team and supplier (SPEC 7; with
        the markup on teams' own costs)."""
        with self._reading() as ptr:
            return lib.vs_analysis_get_total_cost(ptr)

    @property
    def cost_to_serve(self):
        """The cost that reaches the paying customers (their summed
        cost_to_serve)."""
        with self._reading() as ptr:
            return lib.vs_analysis_get_total_cost_to_serve(ptr)

    @property
    def stranded_cost(self):
        """The cost that reaches no paying customer; cost_to_serve +
        stranded_cost = total_cost."""
        with self._reading() as ptr:
            return lib.vs_analysis_get_total_stranded_cost(ptr)

    @property
    def summary(self):
        """The SPEC report's summary: counts, total revenue, revenue at risk,
        and the cost totals total_cost, cost_to_serve and stranded_cost."""
        kinds = self._strings("kind")
        return {"units": self._n, "teams": kinds.count("team"),
                "customers": kinds.count("customer"), "suppliers": kinds.count("supplier"),
                "handoffs": self._m, "total_revenue": self.total_revenue,
                "revenue_at_risk": self.revenue_at_risk, "total_cost": self.total_cost,
                "cost_to_serve": self.cost_to_serve, "stranded_cost": self.stranded_cost}

    @property
    def options(self):
        """The AnalysisOptions this analysis used."""
        def read(ptr):
            o = VsAnalysisOptions()
            o.version = VS_ANALYSIS_OPTIONS_VERSION
            lib.vs_analysis_get_options(ptr, byref(o))
            return AnalysisOptions._from_c(o)
        return self._cached("options", read)

    @property
    def phase_seconds(self):
        """Wall-clock seconds the analysis spent in each phase, by name
        (PHASES): where the time of a large analysis goes. On a large org
        the surveys phase runs beside line of sight and structure, so the
        phases may add up to more than the analysis took."""
        def read(ptr):
            return {name: lib.vs_analysis_get_phase_seconds(ptr, p)
                    for p, name in enumerate(PHASES)}
        return dict(self._cached("phases", read))

    @property
    def loops(self):
        """Rework loops: lists of unit ids (each sorted), the list sorted."""
        def read(ptr):
            loops = []
            for k in range(lib.vs_analysis_get_n_loops(ptr)):
                n = gsize()
                address = lib.vs_analysis_get_loop(ptr, k, byref(n))
                loops.append(tuple(self._ids_of(uint32s(address, n.value))))
            return tuple(loops)
        return [list(loop) for loop in self._cached("loops", read)]

    @property
    def groups(self):
        """Groups (departments) by id, sorted: ``id -> Group``."""
        def read(ptr):
            groups = {}
            for g in range(lib.vs_analysis_get_n_groups(ptr)):
                n = gsize()
                poor = uint32s(lib.vs_analysis_get_group_poor_units(ptr, g, byref(n)), n.value)
                group = Group(text(lib.vs_analysis_get_group_id(ptr, g)),
                              DIAGNOSES[lib.vs_analysis_get_group_diagnosis(ptr, g)],
                              tuple(self._ids_of(poor)))
                groups[group.id] = group
            return groups
        return dict(self._cached("groups", read))

    @property
    def warnings(self):
        """Warnings (SPEC 2: customers nobody serves, survey pairs with no
        handoff, ...), plain sentences in a stable order."""
        def read(ptr):
            return tuple(text(lib.vs_analysis_get_warning(ptr, i))
                         for i in range(lib.vs_analysis_get_n_warnings(ptr)))
        return list(self._cached("warnings", read))

    @property
    def trends(self):
        """Every surveyed (provider, respondent) pair's Trend."""
        def read(ptr):
            trends = []
            ids = self._ids()
            for t in range(lib.vs_analysis_get_n_trends(ptr)):
                tr = VsTrend()
                lib.vs_analysis_get_trend(ptr, t, byref(tr))
                periods, n = c_void_p(), gsize()
                means = doubles(lib.vs_analysis_get_trend_means(ptr, t, byref(periods),
                                                                byref(n)), n.value)
                labels = (c_char_p * n.value).from_address(periods.value) if n.value else []
                trends.append(Trend(ids[tr.provider], ids[tr.respondent], tr.n_periods,
                                    tr.latest_mean, tr.score, tr.mk_s, tr.p_value,
                                    bool(tr.exact), tr.slope, bool(tr.deteriorating),
                                    bool(tr.has_handoff), tuple(text(p) for p in labels),
                                    tuple(means)))
            return tuple(trends)
        return list(self._cached("trends", read))

    @property
    def handoffs(self):
        """Every handoff as a HandoffResult (share, score used and charge),
        by index."""
        shares, scores = self._column("handoff_share"), self._column("handoff_score")
        charges = self._column("handoff_charge")

        froms, tos = self._handoff_ends()
        deliverables, weights = self._strings("deliverable"), self._handoff_weights()
        ids = self._ids()

        def read(ptr):
            return tuple(
                HandoffResult(e, ids[froms[e]], ids[tos[e]], deliverables[e], weights[e],
                              shares[e], optional(scores[e]), optional(charges[e]))
                for e in range(self._m))
        return list(self._cached("handoffs", read))

    def _handoff_ends(self):
        """(from, to) unit indices of every handoff analysed: one call."""
        def read(ptr):
            start, end = c_void_p(), c_void_p()
            m = lib.vs_org_get_handoff_ends(lib.vs_analysis_get_org(ptr), byref(start),
                                            byref(end))
            m = min(m, self._m)  # the org may have grown since
            return uint32s(start.value, m), uint32s(end.value, m)
        return self._cached("handoff ends", read)

    def _handoff_arrays(self, np):
        """(from, to, weight) of every handoff analysed as numpy arrays (for
        handoffs_frame()): whole C arrays copied, no Python object each."""
        if self._ptr is None:
            raise ClosedError("this Analysis is closed")
        with self._reading() as ptr:
            start, end, n = c_void_p(), c_void_p(), gsize()
            m = min(lib.vs_org_get_handoff_ends(lib.vs_analysis_get_org(ptr), byref(start),
                                                byref(end)), self._m)
            if m == 0:
                return (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp),
                        np.zeros(0, dtype=np.float64))
            ends = [np.ctypeslib.as_array((ctypes.c_uint32 * m).from_address(p)).astype(np.intp)
                    for p in (start.value, end.value)]
            address = lib.vs_analysis_dup_handoff_weights(ptr, byref(n))
            try:
                weights = np.ctypeslib.as_array((c_double * m).from_address(address)).copy()
            finally:
                lib.vs_free(address)
        return ends[0], ends[1], weights

    def _handoff_weights(self):
        """The weight of every handoff analysed: one call."""
        def read(ptr):
            n = gsize()
            address = lib.vs_analysis_dup_handoff_weights(ptr, byref(n))
            try:
                return doubles(address, n.value)
            finally:
                lib.vs_free(address)
        return self._cached("handoff weights", read)

    @property
    def org(self):
        """The analysed organisation, as it was analysed (a read-only view
        that keeps this analysis alive; adding to it makes it a copy)."""
        with self._reading() as ptr:
            return self._org_class._view(lib.vs_analysis_get_org(ptr), self)

    # -- reports -------------------------------------------------------------------

    def report(self, format="text", *, top=10, pretty=True, shares="auto", table="units",
               picture_units=None, highlight=3, title=None):
        """The report as a str, as the CLI writes it (``valuestream analyze
        --format``): "text" (a summary and the ``top`` flagged teams, 0 =
        all), "json" (the SPEC section 5 report; ``pretty`` indents it;
        ``shares`` is "auto", "always" or "never"), "csv" (the ``table``
        "units", "customers" or "handoffs"), "dot" (Graphviz), "html" (the
        self-contained page explaining the ``top`` flagged teams, titled
        ``title``) or "gexf" (GEXF 1.3 for Gephi). The pictures (html,
        dot) show the whole org up to ``picture_units`` units (None: 150)
        and highlight the ripple chains of the ``highlight`` top flagged
        teams. ``title`` (None: "Value stream report") heads the html,
        dot and gexf outputs; the CLI uses "Value stream report: " and the
        org's name. "xlsx" is a binary workbook: write it with ``write()``.

        >>> a = vs.load("tests/data/spec").analyze()
        >>> a.report("csv", table="customers").splitlines()[0]
        'id,name,revenue,quality,revenue_at_risk,critical_units,...'
        """
        if format == "xlsx":
            raise ValueError('"xlsx" is a binary workbook, not a str: use write(path, "xlsx")')
        fmt = _report_format(format)
        opts = _report_options(shares, pretty, top, table, picture_units, highlight, title)
        n = gsize()
        with self._reading() as ptr:
            address = call(lib.vs_report_dup_string, ptr, fmt, byref(opts), byref(n))
            if not address:
                raise ValueStreamError("vs_report_dup_string returned no report")
            try:
                return ctypes.string_at(address, n.value).decode("utf-8")
            finally:
                lib.vs_free(address)

    def to_json(self, *, pretty=True, shares="auto"):
        """The SPEC section 5 JSON report as a str (``report("json")``)."""
        return self.report("json", pretty=pretty, shares=shares)
    def to_dict(self, *, shares="auto"):
        """The SPEC section 5 JSON report as Python data (dicts, lists,
        numbers, None), parsed from the library's own writer, with the
        section 7 fields: summary ``total_cost``, ``cost_to_serve``,
        ``stranded_cost``; per team and supplier ``cost``, ``loaded_cost``
        (None outside Rc), ``stranded_cost`` and ``line_of_sight.cost_shares``
        (left ``{}`` whenever ``shares`` are); per customer ``cost_to_serve``
        and ``margin``. For SPEC 11, ``to_dict()["summary"]["stranded_cost"]``
        is 80."""
        report = json.loads(self.report("json", pretty=False, shares=shares))
        self._add_costs(report)
        return report

    def _add_costs(self, report):
        """Adds the SPEC section 7 fields that the library's report lacks
        (those it writes are kept as written)."""
        summary = report.setdefault("summary", {})
        for key in ("total_cost", "cost_to_serve", "stranded_cost"):
            summary.setdefault(key, getattr(self, key))
        # cost_shares follow the policy of shares: omitted ones are {}
        omitted = bool(summary.get("shares_omitted"))
        cost, loaded, stranded = (self._column(k) for k in ("cost", "loaded_cost",
                                                              "stranded_cost"))
        for row in report.get("units", []):
            i = self._index_of(row.get("id"))
            if self._strings("kind")[i] == "customer":
                continue
            row.setdefault("cost", cost[i])
            row.setdefault("loaded_cost", optional(loaded[i]))
            row.setdefault("stranded_cost", stranded[i])
            sight = row.setdefault("line_of_sight", {})
            if "cost_shares" not in sight:
                sight["cost_shares"] = {} if omitted else dict(self._unit_cost_shares(i))
        served, margin = self._column("cost_to_serve"), self._column("margin")
        for row in report.get("customers", []):
            i = self._index_of(row.get("id"))
            row.setdefault("cost_to_serve", served[i])
            row.setdefault("margin", optional(margin[i]))

    def write(self, path, format="json", *, top=10, pretty=True, shares="auto", table="units",
              picture_units=None, highlight=3, title=None):
        """Writes the report to ``path`` in any format of report(), and
        "xlsx" (a workbook with the sheets Summary, Units, Customers and
        Handoffs), byte for byte what ``valuestream analyze ORG --format
        FORMAT --output PATH`` writes with the same options (the CLI's
        title is "Value stream report: " and ORG's name). The file is
        replaced atomically (a temporary file renamed into place; on error
        ``path`` is untouched). Raises FileError.

        >>> a = vs.load("tests/data/spec").analyze()
        >>> a.write("report.html", "html", title="Acme")
        >>> a.write("handoffs.csv", "csv", table="handoffs")
        >>> a.write("book.xlsx", "xlsx")
        """
        fmt = _report_format(format)
        opts = _report_options(shares, pretty, top, table, picture_units, highlight, title)
        raw = _check.path("path", path)
        with self._reading() as ptr:
            call(lib.vs_report_write_file, ptr, fmt, byref(opts), raw)

    def render(self, path, format=None, *, picture_units=None, highlight=3, title=None,
               program=None, timeout=None):
        """Draws the value stream (the "dot" report) through Graphviz into
        ``path``: ``format`` is a Graphviz output format ("svg", "png",
        "pdf", ...; None: the extension of ``path``), ``program`` the
        Graphviz program (None: ``dot`` on PATH), ``timeout`` the seconds
        after which it is killed (None: 60). ``picture_units``,
        ``highlight`` and ``title`` as for report(); ``valuestream render
        ORG`` titles it "Value stream report: " and ORG's name, so
        ``render(path, title="Value stream report: acme")`` draws what
        ``valuestream render examples/data/acme -o path`` draws. ``path``
        is replaced atomically.
        Raises FileError when Graphviz is missing, fails or times out,
        InvalidError for a bad format.

        >>> vs.load("examples/data/acme").analyze().render("acme.svg")
        """
        opts = _report_options(picture_units=picture_units, highlight=highlight, title=title,
                               program=program, timeout=timeout)
        raw = _check.path("path", path)
        fmt = None if format is None else _check.text("format", format, nullable=False)
        with self._reading() as ptr:
            call(lib.vs_report_render_file, ptr, byref(opts), raw, fmt)

    # -- decisions -----------------------------------------------------------------

    def plan(self, steps=5, target=1.0):
        """The improvement plan (SPEC 9) of this analysis: at each step the
        team or supplier whose fix (every handoff raised to a score of at
        least ``target``, 0..1) removes the most revenue at risk, given the
        fixes before it; at most ``steps`` steps. Returns a Plan, which
        outlives this analysis and its org. Bad ``steps`` or ``target``
        raise TypeError or ValueError.

        >>> a = vs.load("tests/data/spec-plan").analyze()
        >>> [s.unit for s in a.plan().steps]
        ['C', 'B', 'A']
        """
        return Plan._make(self, steps, target)

    # -- extras --------------------------------------------------------------------

    def to_pandas(self):
        """A pandas DataFrame with one row per unit (index: unit id), with
        the cost columns cost, loaded_cost (NaN outside Rc) and
        stranded_cost. Needs pandas (Debian: python3-pandas)."""
        return units_frame(self)

    def customers_frame(self):
        """A pandas DataFrame with one row per customer (index: customer id),
        with cost_to_serve and margin. Needs pandas (Debian: python3-pandas)."""
        return customers_frame(self)

    def handoffs_frame(self):
        """A pandas DataFrame with one row per handoff (index: handoff
        index): from, to, deliverable, weight, share, score and charge (the
        SPEC 7 internal price; NaN when the provider reaches no customer).
        Needs pandas (Debian: python3-pandas)."""
        return handoffs_frame(self)

    def __repr__(self):
        if self._ptr is None:
            return "<valuestream.Analysis (closed)>"
        return ("<valuestream.Analysis: %d units, %d handoffs; revenue at risk %.2f of %.2f; "
                "%d flagged>" % (self._n, self._m, self.revenue_at_risk, self.total_revenue,
                                 len(self.flagged())))
