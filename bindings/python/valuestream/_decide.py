# valuestream - what-if scenarios (SPEC 8) and comparisons (SPEC 10) in Python.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Scenario, Comparison, whatif() and diff().

A scenario is a name and a list of changes, each a dict with "action" and
the fields of SPEC 8 (``{"action": "fix", "unit": "A", "score": 0.9}``);
whatif() also reads scenario files (.json or .csv). Each scenario is
applied to a copy of the org (vs_scenarios_apply), analysed with the same
options as the baseline, and compared with it (vs_comparison_new).

A Comparison owns its VsComparison and keeps the two analyses it borrows
alive (they are private to it: nobody else can close them under it). Its
numbers are read into Python once, when it is made, so they stay readable
after close(); close() (or ``with``) frees the C memory early, and the
garbage collector frees it otherwise (weakref.finalize).
"""

import ctypes
import math
import os
from ctypes import byref, c_double, c_int
from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Tuple

from . import _check
from ._errors import INVALID, InvalidError, ValueStreamError
from ._extras import comparison_frame
from ._lib import (VS_CHANGE_VERSION, VS_REPORT_CSV, VS_REPORT_HTML, VS_REPORT_JSON,
                   VS_REPORT_OPTIONS_VERSION, VS_REPORT_TEXT, VS_SHARES_AUTO, VsChange,
                   VsReportOptions, call, doubles, gsize, int32s, lib, text, uint32s)
from ._org import Org, load
from ._records import KIND_VALUE, flag_names
from ._resource import Resource
from ._results import Analysis, AnalysisOptions

#: The actions of a change (SPEC 8), by their VsAction value (1..7).
ACTIONS = tuple(text(lib.vs_action_name(a)) for a in range(1, 8))
#: The formats Comparison.report() writes.
COMPARISON_FORMATS = {"json": VS_REPORT_JSON, "text": VS_REPORT_TEXT, "csv": VS_REPORT_CSV,
                      "html": VS_REPORT_HTML}

# decide.h's enums
_FIGURES = tuple(text(lib.vs_figure_name(f)) for f in range(8))
_VALUES = tuple(text(lib.vs_value_name(v)) for v in range(8))
_STATUSES = tuple(text(lib.vs_status_name(s)) for s in range(3))
_CUSTOMERS, _UNITS, _ADDED, _REMOVED, _RESCORED = range(5)
_QUALITY, _FIX_VALUE, _SERVICE_SCORE, _LOADED_COST, _EXPOSURE = range(5)
_REVENUE_AT_RISK, _COST_TO_SERVE, _MARGIN = 5, 6, 7
_CUSTOMER_VALUES = (_QUALITY, _REVENUE_AT_RISK, _COST_TO_SERVE, _MARGIN)
_UNIT_VALUES = (_QUALITY, _FIX_VALUE, _SERVICE_SCORE, _LOADED_COST, _EXPOSURE)
_COUNTS = ("units", "handoffs", "flagged")

# the fields of a change: the text ones, the numeric ones, and the fields a
# `set` change clears when given as None (VsChangeField bits)
_TEXT_FIELDS = {"unit": "unit", "from": "from_", "to": "to", "deliverable": "deliverable",
                "name": "name", "group": "group"}
_NUMBER_FIELDS = ("score", "weight", "volume", "own_share", "cost", "revenue")
_CLEARABLE = {"own_share": 1, "cost": 2, "revenue": 4, "name": 8, "group": 16}


class Delta(NamedTuple):
    """A value before and after, and after - before; None where missing or
    null (a delta is None when either side is).

    >>> [c] = vs.whatif("tests/data/spec-costs",
    ...                 {"name": "outage", "changes": [{"action": "outage", "unit": "D"}]})
    >>> risk = c.summary["revenue_at_risk"]
    >>> round(risk.before, 2), risk.after, round(risk.delta, 2)
    (298.37, 810.0, 511.63)
    """
    before: Optional[float]
    after: Optional[float]
    delta: Optional[float]


def _delta(before, after, integer=False):
    b = None if math.isnan(before) else before
    a = None if math.isnan(after) else after
    if integer:
        b = None if b is None else int(b)
        a = None if a is None else int(a)
    return Delta(b, a, None if b is None or a is None else a - b)


@dataclass(frozen=True)
class Scenario:
    """A what-if scenario (SPEC 8): a name and changes, applied in order.

    Each change is a dict with "action" (one of ACTIONS) and the fields
    SPEC 8 gives it: unit, from, to, deliverable, score, weight, volume,
    own_share, cost, revenue, kind, name, group. None is "not given",
    except in a ``set`` change, where it clears the field, and for the
    score of a ``score`` change, where it removes the score.

    >>> vs.Scenario("Platform fixed", [{"action": "fix", "unit": "A"}])
    Scenario(name='Platform fixed', changes=({'action': 'fix', 'unit': 'A'},))
    """
    name: str
    changes: Tuple[dict, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError("a scenario's name must be a str, not %s" % type(self.name).__name__)
        changes = self.changes
        if isinstance(changes, (str, bytes, dict)) or not hasattr(changes, "__iter__"):
            raise TypeError("changes must be a list of dicts, not %s" % type(changes).__name__)
        changes = tuple(dict(c) if isinstance(c, dict) else c for c in changes)
        for c in changes:
            if not isinstance(c, dict):
                raise TypeError("each change must be a dict, not %s" % type(c).__name__)
        object.__setattr__(self, "changes", changes)


def _change(scenario, number, change):
    """A VsChange from a dict; TypeError or InvalidError naming the change."""
    where = 'scenario "%s": change %d' % (scenario, number)
    c = VsChange(VS_CHANGE_VERSION, 0, None, None, None, None, math.nan, math.nan, math.nan,
                 math.nan, math.nan, math.nan, -1, None, None, 0)
    action = change.get("action")
    if not isinstance(action, str):
        raise TypeError('%s: "action" must be a str, not %s' % (where, type(action).__name__))
    value = c_int()
    if not lib.vs_action_from_name(_check.text("action", action), byref(value)):
        raise InvalidError('%s: field "action": unknown action "%s" (expected %s)'
                           % (where, action, ", ".join(ACTIONS)), INVALID)
    c.action = value.value
    for key, v in change.items():
        if key == "action":
            continue
        if v is None and action == "set" and key in _CLEARABLE:
            c.cleared |= _CLEARABLE[key]
        elif key in _TEXT_FIELDS:
            setattr(c, _TEXT_FIELDS[key], _check.text("%s: %s" % (where, key), v))
        elif key in _NUMBER_FIELDS:
            setattr(c, key, _check.number("%s: %s" % (where, key), v))
        elif key == "kind":
            if v is None:
                continue
            if not isinstance(v, str) or v not in KIND_VALUE:
                raise InvalidError('%s: field "kind": unknown kind %r' % (where, v), INVALID)
            c.kind = KIND_VALUE[v]
        else:
            raise InvalidError('%s: unknown field "%s"' % (where, key), INVALID)
    return c


class _Scenarios(Resource):
    """A VsScenarios, read from a file or built from Scenario objects."""

    _what = "Scenarios"

    def __init__(self, source):
        if isinstance(source, (str, bytes, os.PathLike)):
            ptr = call(lib.vs_scenarios_load, _check.path("path", source))
            if not ptr:
                raise ValueStreamError("vs_scenarios_load returned no scenarios")
            super().__init__(ptr, lib.vs_scenarios_free)
            return
        super().__init__(lib.vs_scenarios_new(), lib.vs_scenarios_free)
        if isinstance(source, (Scenario, dict)):
            source = [source]
        with self._writing() as ptr:
            for s in source:
                if isinstance(s, dict):
                    unknown = set(s) - {"name", "changes"}
                    if unknown:
                        raise InvalidError('a scenario has unknown fields: %s'
                                           % ", ".join(sorted(unknown)), INVALID)
                    s = Scenario(s.get("name"), s.get("changes", ()))
                elif not isinstance(s, Scenario):
                    raise TypeError("scenarios must be Scenario objects or dicts, not %s"
                                    % type(s).__name__)
                index = call(lib.vs_scenarios_add, ptr, _check.text("name", s.name, False))
                for k, change in enumerate(s.changes):
                    call(lib.vs_scenarios_add_change, ptr, index, byref(_change(s.name, k + 1,
                                                                                change)))

    def names(self):
        with self._reading() as ptr:
            return [text(lib.vs_scenarios_get_name(ptr, i))
                    for i in range(lib.vs_scenarios_get_n(ptr))]


@dataclass(frozen=True)
class CustomerChange:
    """A customer of either side (SPEC 10): status "same", "added" or
    "removed", and quality, revenue_at_risk, cost_to_serve and margin as
    Delta (before, after, delta).

    >>> [c] = vs.whatif("tests/data/spec-costs",
    ...                 {"name": "outage", "changes": [{"action": "outage", "unit": "D"}]})
    >>> x = c.customers[0]
    >>> x.id, x.status, x.revenue_at_risk.after, x.cost_to_serve.delta
    ('X', 'same', 600.0, 0.0)
    """
    id: str
    name: str
    status: str
    quality: Delta
    revenue_at_risk: Delta
    cost_to_serve: Delta
    margin: Delta


@dataclass(frozen=True)
class UnitChange:
    """A team or supplier added, removed or changed (SPEC 10): five values
    as Delta, whether it reaches a customer before and after (None where it
    is missing), and the flags that appeared or went.

    >>> [c] = vs.whatif("tests/data/spec-costs",
    ...                 {"name": "outage", "changes": [{"action": "outage", "unit": "D"}]})
    >>> a = c.units[0]
    >>> a.id, a.status, a.fix_value.after, a.reaches_customer, a.flags_removed
    ('A', 'same', 0.0, (True, True), ('ripple',))
    """
    id: str
    name: str
    status: str
    quality: Delta
    fix_value: Delta
    service_score: Delta
    loaded_cost: Delta
    exposure: Delta
    reaches_customer: Tuple[Optional[bool], Optional[bool]]
    flags_added: Tuple[str, ...]
    flags_removed: Tuple[str, ...]


@dataclass(frozen=True)
class HandoffChange:
    """A handoff added, removed or rescored (``change``); ``deliverable``
    "" for none; ``score`` a Delta (None = unrated) for a rescored one,
    None otherwise.

    >>> [c] = vs.whatif("tests/data/spec-costs",
    ...                 {"name": "outage", "changes": [{"action": "outage", "unit": "D"}]})
    >>> h = c.handoffs[0]
    >>> h.change, h.from_, h.to, h.score
    ('rescored', 'D', 'C', Delta(before=None, after=0.0, delta=None))
    """
    change: str
    from_: str
    to: str
    deliverable: str
    score: Optional[Delta] = None


def _entry(i, before_rows, after_rows, before_org, after_org):
    row, org = (before_rows[i], before_org) if before_rows[i] >= 0 else (after_rows[i], after_org)
    return text(lib.vs_org_get_unit_id(org, row)), text(lib.vs_org_get_unit_name(org, row))


def _rows(ptr, which, after, n):
    return int32s(lib.vs_comparison_get_rows(ptr, which, after, None), n)


def _values(ptr, which, value, n):
    return [_delta(b, a) for b, a in zip(
        doubles(lib.vs_comparison_get_values(ptr, which, value, False, None), n),
        doubles(lib.vs_comparison_get_values(ptr, which, value, True, None), n))]


def _read_entries(ptr, which, before_org, after_org):
    """id, name, status and the values of each entry of list @which."""
    n = lib.vs_comparison_get_n(ptr, which)
    if n == 0:
        return []
    rb, ra = _rows(ptr, which, False, n), _rows(ptr, which, True, n)
    status = list((ctypes.c_uint8 * n).from_address(
        lib.vs_comparison_get_statuses(ptr, which, None)))
    values = _CUSTOMER_VALUES if which == _CUSTOMERS else _UNIT_VALUES
    columns = [_values(ptr, which, v, n) for v in values]
    out = []
    for i in range(n):
        uid, name = _entry(i, rb, ra, before_org, after_org)
        out.append((uid, name, _STATUSES[status[i]], [col[i] for col in columns]))
    return out


def _handoffs(ptr, which, org, scores):
    n = lib.vs_comparison_get_n(ptr, which)
    rows = _rows(ptr, which, which == _ADDED, n)
    change = ("added", "removed", "rescored")[which - _ADDED]
    out = []
    for i, h in enumerate(rows):
        d = text(lib.vs_org_get_handoff_deliverable(org, h))
        out.append(HandoffChange(
            change, text(lib.vs_org_get_unit_id(org, lib.vs_org_get_handoff_from(org, h))),
            text(lib.vs_org_get_unit_id(org, lib.vs_org_get_handoff_to(org, h))),
            "" if d is None else d, scores[i] if scores is not None else None))
    return out


def _pair_dict(d):
    return {"before": d.before, "after": d.after, "delta": d.delta}


class Comparison(Resource):
    """Two analyses compared (SPEC 10): a scenario against its baseline
    (``name`` is the scenario's), or two snapshots (``name`` is None).

    ``summary`` maps each figure (total_revenue, revenue_at_risk,
    total_cost, cost_to_serve, stranded_cost, units, handoffs, flagged) to
    a Delta (before, after, delta); ``customers``, ``units`` and
    ``handoffs`` are lists of CustomerChange, UnitChange and HandoffChange;
    ``warnings`` the after side's. ``to_dict()`` is SPEC 10's JSON object
    (with "name" for a scenario), ``report()`` the library's text, CSV,
    HTML or JSON, ``to_pandas()`` a frame.

    >>> [c] = vs.whatif("tests/data/spec-costs",
    ...                 [{"name": "outage", "changes": [{"action": "outage", "unit": "D"}]}])
    >>> c.summary["revenue_at_risk"]
    Delta(before=298.372..., after=810.0..., delta=511.627...)
    """

    _what = "Comparison"

    def __init__(self):
        raise TypeError("make a Comparison with valuestream.whatif() or valuestream.diff()")

    @classmethod
    def _make(cls, name, before, after):
        """Compares Analysis @after with Analysis @before; keeps both."""
        self = cls.__new__(cls)
        with before._reading() as b, after._reading() as a:
            ptr = call(lib.vs_comparison_new, b, a)
            if not ptr:
                raise ValueStreamError("vs_comparison_new returned no comparison")
            Resource.__init__(self, ptr, lib.vs_comparison_free)
            self._read(ptr, lib.vs_analysis_get_org(b), lib.vs_analysis_get_org(a))
        self._name = name
        self._analyses = (before, after)  # borrowed by the C comparison
        self._warnings = tuple(after.warnings)
        return self

    def _read(self, ptr, before_org, after_org):
        summary = {}
        for f, fname in enumerate(_FIGURES):
            b, a = c_double(), c_double()
            lib.vs_comparison_get_figure(ptr, f, byref(b), byref(a))
            summary[fname] = _delta(b.value, a.value, fname in _COUNTS)
        self._summary = summary
        self._customers = tuple(CustomerChange(uid, name, status, *vals) for uid, name, status, vals
                                in _read_entries(ptr, _CUSTOMERS, before_org, after_org))
        units = _read_entries(ptr, _UNITS, before_org, after_org)
        n = len(units)
        reaches = [[None if r < 0 else bool(r) for r in
                    (ctypes.c_int8 * n).from_address(lib.vs_comparison_get_unit_reaches(
                        ptr, side, None))] if n else [] for side in (False, True)]
        added = uint32s(lib.vs_comparison_get_unit_flags(ptr, True, None), n)
        removed = uint32s(lib.vs_comparison_get_unit_flags(ptr, False, None), n)
        self._units = tuple(
            UnitChange(uid, name, status, *vals, (reaches[0][i], reaches[1][i]),
                       tuple(flag_names(added[i])), tuple(flag_names(removed[i])))
            for i, (uid, name, status, vals) in enumerate(units))
        m = lib.vs_comparison_get_n(ptr, _RESCORED)
        scores = [_delta(b, a) for b, a in zip(
            doubles(lib.vs_comparison_get_scores(ptr, False, None), m),
            doubles(lib.vs_comparison_get_scores(ptr, True, None), m))]
        self._handoffs = tuple(_handoffs(ptr, _ADDED, after_org, None) +
                               _handoffs(ptr, _REMOVED, before_org, None) +
                               _handoffs(ptr, _RESCORED, before_org, scores))

    def close(self):
        """Frees the C comparison and lets go of its two analyses. The
        numbers read stay readable; report() raises ClosedError."""
        super().close()
        self._analyses = None

    @property
    def name(self):
        """The scenario's name; None for a comparison of two snapshots."""
        return self._name

    @property
    def summary(self):
        """figure -> Delta(before, after, delta), a new dict (counts are ints)."""
        return dict(self._summary)

    @property
    def customers(self):
        """Every customer of either side, a new list of CustomerChange."""
        return list(self._customers)

    @property
    def units(self):
        """The teams and suppliers added, removed or changed, a new list of
        UnitChange."""
        return list(self._units)

    @property
    def handoffs(self):
        """The handoffs added, removed and rescored (in that order), a new
        list of HandoffChange."""
        return list(self._handoffs)

    @property
    def warnings(self):
        """The after side's warnings, a new list of str."""
        return list(self._warnings)

    def to_dict(self):
        """SPEC 10's comparison object as Python data (null as None): the
        CLI's ``diff`` object, or one of its ``scenarios`` (with "name")."""
        out = {} if self._name is None else {"name": self._name}
        out["summary"] = {k: _pair_dict(v) for k, v in self._summary.items()}
        out["customers"] = [
            {"id": c.id, "status": c.status, **{_VALUES[v]: _pair_dict(getattr(c, _VALUES[v]))
                                                for v in _CUSTOMER_VALUES}}
            for c in self._customers]
        out["units"] = [
            {"id": u.id, "status": u.status,
             **{_VALUES[v]: _pair_dict(getattr(u, _VALUES[v])) for v in _UNIT_VALUES},
             "reaches_customer": {"before": u.reaches_customer[0],
                                  "after": u.reaches_customer[1]},
             "flags_added": list(u.flags_added), "flags_removed": list(u.flags_removed)}
            for u in self._units]
        handoffs = {"added": [], "removed": [], "rescored": []}
        for h in self._handoffs:
            d = {"from": h.from_, "to": h.to, "deliverable": h.deliverable}
            if h.change == "rescored":
                d["score"] = _pair_dict(h.score)
            handoffs[h.change].append(d)
        out["handoffs"] = handoffs
        out["warnings"] = list(self._warnings)
        return out

    def report(self, format="text", *, pretty=True):
        """This comparison as a str from the library's writers: "text",
        "csv", "html" or "json" (the CLI's output for one scenario, or the
        diff). Needs GLib's memory streams, found in the loaded library's
        dependencies."""
        if not isinstance(format, str) or format not in COMPARISON_FORMATS:
            raise ValueError('unknown comparison format %r (expected "json", "text", "csv" or '
                             '"html")' % (format,))
        if lib.g_memory_output_stream_new_resizable is None:
            raise NotImplementedError("the loaded library does not expose GLib's memory streams")
        opts = VsReportOptions(VS_REPORT_OPTIONS_VERSION, VS_SHARES_AUTO, bool(pretty), 10)
        with self._reading() as ptr:
            stream = lib.g_memory_output_stream_new_resizable()
            try:
                if self._name is None:
                    call(lib.vs_report_write_diff, ptr, COMPARISON_FORMATS[format], byref(opts),
                         stream, None)
                else:
                    s = _Scenarios([Scenario(self._name)])
                    with s._reading() as sptr:
                        array = (ctypes.c_void_p * 1)(ptr)
                        call(lib.vs_report_write_whatif, sptr, array, COMPARISON_FORMATS[format],
                             byref(opts), stream, None)
                    s.close()
                call(lib.g_output_stream_close, stream, None)
                size = lib.g_memory_output_stream_get_data_size(stream)
                data = lib.g_memory_output_stream_get_data(stream)
                return ctypes.string_at(data, size).decode("utf-8") if size else ""
            finally:
                lib.g_object_unref(stream)

    def to_pandas(self):
        """A pandas DataFrame, one row per customer or unit change: kind
        ("customer" or "unit"), id, name, status, then VALUE_before,
        VALUE_after and VALUE_delta for every value (NaN where the kind has
        none or a side is missing). Needs pandas (Debian: python3-pandas)."""
        return comparison_frame(self)

    def __repr__(self):
        risk = self._summary["revenue_at_risk"]
        what = "diff" if self._name is None else "scenario %r" % self._name
        return ("<valuestream.Comparison %s: revenue at risk %.2f -> %.2f; %d units changed%s>"
                % (what, risk.before, risk.after, len(self._units),
                   " (closed)" if self._ptr is None else ""))


def _analysis_options(options, **override):
    opts = dict(options)
    opts.update({k: v for k, v in override.items() if v is not None})
    AnalysisOptions.from_keywords("whatif", opts)  # TypeError for an unknown keyword, first
    return opts


def whatif(org, scenarios, **analysis_options):
    """Applies each scenario to a copy of ``org`` (an Org, or a path that
    load() accepts) and compares it with ``org`` as it is (SPEC 8, 10);
    returns a list of Comparison, one per scenario, in order, each with the
    scenario's ``name``.

    ``scenarios`` is a scenario file (.json or .csv, a path), a Scenario,
    a dict ``{"name", "changes"}``, a list of Scenario objects or such
    dicts, or a whole scenario document ``{"scenarios": [...]}``. Analysis
    options (as_of, poor_score, cost_basis, ...) are keywords. A change
    naming an unknown unit raises InvalidError naming the scenario.

    >>> cs = vs.whatif("tests/data/spec-costs", "tests/data/spec-whatif/scenarios.json")
    >>> [(c.name, round(c.summary["revenue_at_risk"].after, 2)) for c in cs][:2]
    [("Data's metrics fixed", 246.28), ('Delivery outage', 810.0)]
    """
    opts = _analysis_options(analysis_options)
    if isinstance(scenarios, dict) and "scenarios" in scenarios:
        unknown = set(scenarios) - {"scenarios"}
        if unknown:
            raise InvalidError("a scenario document has unknown fields: %s"
                               % ", ".join(sorted(unknown)), INVALID)
        scenarios = scenarios["scenarios"]
    owned = not isinstance(org, Org)
    if owned:
        org = load(org)
    s = _Scenarios(scenarios)
    out = []
    try:
        c_opts = AnalysisOptions.from_keywords("whatif", opts)._to_c()
        baseline = Analysis(org, **opts)
        names = s.names()
        for i, name in enumerate(names):
            with s._reading() as sptr, org._reading() as optr:
                changed = Org._own(call(lib.vs_scenarios_apply, sptr, i, optr, byref(c_opts)))
            with changed:  # the analysis keeps what it needs of the org
                after = Analysis(changed, **opts)
            out.append(Comparison._make(name, baseline, after))
    except BaseException:
        for c in out:
            c.close()
        raise
    finally:
        s.close()
        if owned:
            org.close()
    return out


def diff(old, new, old_as_of=None, new_as_of=None, **analysis_options):
    """Compares two snapshots of an organisation (SPEC 10): ``old`` and
    ``new`` are Org objects or paths that load() accepts (they may be the
    same). ``old_as_of`` / ``new_as_of`` analyse one side as of a survey
    period (default: ``as_of`` among the options, else every answer).
    Returns a Comparison whose ``name`` is None.

    >>> c = vs.diff("tests/data/spec-costs", "tests/data/spec-costs", old_as_of="2026-Q2")
    >>> round(c.summary["revenue_at_risk"].delta, 7)
    34.7286822
    """
    for what, v in (("old_as_of", old_as_of), ("new_as_of", new_as_of)):
        if v is not None and not isinstance(v, str):
            raise TypeError("%s must be a str or None, not %s" % (what, type(v).__name__))
    sides = []
    for org, as_of in ((old, old_as_of), (new, new_as_of)):
        opts = _analysis_options(analysis_options, as_of=as_of)
        if isinstance(org, Org):
            sides.append(Analysis(org, **opts))
        else:
            with load(org) as loaded:
                sides.append(Analysis(loaded, **opts))
    return Comparison._make(None, sides[0], sides[1])
