# valuestream - mining an event log into an organisation.
# SPDX-License-Identifier: GPL-2.0-or-later
"""vs.mine(): the handoffs of an event log (CSV or XES) as an Org, with
what the CLI's ``valuestream mine`` reports about the log."""

import os
from ctypes import byref, c_uint64
from dataclasses import dataclass, field
from ctypes import c_void_p
from typing import Dict, List, Optional, Tuple

from . import _check
from ._errors import ValueStreamError
from ._lib import (VS_KIND_TEAM, VS_MINE_CASES_COLUMN, VS_MINE_LEAD_TIME, VS_MINE_LEAD_TIME_P90,
                   VS_MINE_NORMALISE_NONE, VS_MINE_NORMALISE_PM4PY, VS_MINE_OPTIONS_VERSION,
                   VS_MINE_PM4PY_VALUE, VS_MINE_VOLUME, VS_MINE_WEIGHT, VsMineOptions, call,
                   doubles, lib, text, uint32s)
from ._org import Org, load, load_csv_strings

#: The counts of MiningSummary, in VsMineCount order.
_COUNTS = ("events", "events_skipped", "events_unmapped", "cases", "cases_with_handoffs",
           "transfers", "customer_transfers", "teams", "customers", "pairs",
           "unmapped_people", "sorted_by_case")

#: The keyword options of mine() naming a column of the log, and the
#: VsMineOptions field each sets.
_COLUMNS = {"case": "case_column", "group": "group_column", "resource": "resource_column",
            "timestamp": "timestamp_column", "customer": "customer_column",
            "revenue": "revenue_column"}


#: mine()'s ``normalise`` choices and the VsMineNormalise each is.
_NORMALISE = {None: VS_MINE_NORMALISE_NONE, "pm4py": VS_MINE_NORMALISE_PM4PY}


@dataclass(frozen=True)
class SelfPair:
    """A team handing to itself (``self_handovers``): not a handoff of the
    org, which has none, but counted. The columns of self-handoffs.csv:
    ``weight``, ``volume`` (direct self transfers), ``cases``, the lead
    time median and p90 in days (None without a direct one), and
    ``pm4py_value`` (None unless ``normalise="pm4py"``).

    >>> m = vs.mine("tests/data/mine/log.csv", self_handovers=True).mining
    >>> [(p.team, p.weight, p.cases) for p in m.self_pairs]
    [('B', 1.0, 1.0), ('E', 1.0, 1.0)]
    """
    team: str
    weight: float
    volume: float
    cases: float
    lead_time_days: Optional[float]
    lead_time_p90_days: Optional[float]
    pm4py_value: Optional[float]


@dataclass(frozen=True)
class MiningSummary:
    """What mining a log found (the summary ``valuestream mine`` prints):
    events read, ``events_skipped`` (without a team), ``events_unmapped``
    (by people missing from the people map), cases and those with a
    handoff between teams, ``transfers`` between teams and
    ``customer_transfers`` to customers, the teams and customers found,
    the (from, to) ``pairs``, ``unmapped_people`` and ``unmapped``
    ({person: events}), ``sorted_by_case`` (the log was grouped by case,
    mined in one pass), and the lead time in days of the transfers
    between teams (``lead_time_median``, ``lead_time_p90``; None when
    there is none). With ``self_handovers``, ``self_pairs`` lists the
    teams handing to themselves (SelfPair, in order of first appearance);
    with ``normalise="pm4py"``, ``pm4py_values`` maps every (from, to)
    team pair, self pairs included, to PM4Py's handover-of-work value:
    the same keys and numbers as the ``connections`` of PM4Py's
    ``discover_handover_of_work_network`` on the same log.

    >>> m = vs.mine("tests/data/mine/log.csv").mining
    >>> m.events, m.cases, m.transfers, m.teams, m.customers
    (16, 5, 8, 5, 2)
    """
    events: int
    events_skipped: int
    events_unmapped: int
    cases: int
    cases_with_handoffs: int
    transfers: int
    customer_transfers: int
    teams: int
    customers: int
    pairs: int
    unmapped_people: int
    sorted_by_case: bool
    lead_time_median: Optional[float] = None
    lead_time_p90: Optional[float] = None
    unmapped: Dict[str, int] = field(default_factory=dict)
    self_pairs: List[SelfPair] = field(default_factory=list)
    pm4py_values: Dict[Tuple[str, str], float] = field(default_factory=dict)


def _options(format, map, depth, beta, once_per_case, self_handovers, quality, revenue_mode,
             delimiter, normalise, columns):
    o = VsMineOptions(VS_MINE_OPTIONS_VERSION, 0, b"case:concept:name", b"org:group",
                      b"org:resource", b"time:timestamp", b"case:customer", b"case:revenue",
                      0, b",", None, 1, 0.5, False, False, False, VS_MINE_NORMALISE_NONE)
    for key, value in columns.items():
        setattr(o, _COLUMNS[key], _check.text(key, value, nullable=False))
    if format is not None:
        if format not in ("csv", "xes"):
            raise ValueError('format must be "csv", "xes" or None, not %r' % (format,))
        o.format = 1 if format == "csv" else 2
    if revenue_mode not in ("sum", "given"):
        raise ValueError('revenue_mode must be "sum" or "given", not %r' % (revenue_mode,))
    o.revenue = 0 if revenue_mode == "sum" else 1
    if delimiter == "tab":
        delimiter = "\t"
    if not isinstance(delimiter, str) or len(delimiter) != 1 or ord(delimiter) > 127:
        raise ValueError("delimiter must be one ASCII character or 'tab', not %r" % (delimiter,))
    o.delimiter = delimiter.encode("ascii")
    o.people_map = None if map is None else _check.path("map", map)
    o.depth = _check.count("depth", depth)
    if beta is not None and depth == 1:
        raise ValueError("beta weighs indirect handovers, which depth=1 (the default) leaves "
                         "out: give depth=0 (unlimited, as PM4Py) or depth > 1")
    o.beta = 0.5 if beta is None else _check.real("beta", beta)
    o.once_per_case, o.self_handovers, o.quality = (bool(once_per_case), bool(self_handovers),
                                                    bool(quality))
    if not isinstance(normalise, (str, type(None))) or normalise not in _NORMALISE:
        raise ValueError('normalise must be "pm4py" or None, not %r' % (normalise,))
    o.normalise = _NORMALISE[normalise]
    call(lib.vs_mine_options_check, byref(o))
    return o


def _units(units):
    """@units as an Org (or None): an Org, an org's path, or a lone units.csv
    (read as the CLI's --units reads it)."""
    if units is None or isinstance(units, Org):
        return units, False
    path = os.fsdecode(units)
    lower = path.lower()
    if os.path.isdir(path) or lower.endswith(".json") or lower.endswith(".graphml"):
        return load(path), True
    with open(path, "rb") as f:
        data = f.read()
    return load_csv_strings(data, "from,to\n"), True


def _pairs(result):
    """The self pairs and PM4Py's values of @result (see MiningSummary)."""
    from_, to = c_void_p(), c_void_p()
    n = lib.vs_mine_result_get_pairs(result, byref(from_), byref(to))
    from_, to = uint32s(from_.value, n), uint32s(to.value, n)
    col = {c: doubles(lib.vs_mine_result_get_column(result, c, None), n)
           for c in (VS_MINE_WEIGHT, VS_MINE_VOLUME, VS_MINE_CASES_COLUMN, VS_MINE_LEAD_TIME,
                     VS_MINE_LEAD_TIME_P90, VS_MINE_PM4PY_VALUE)}
    ids = [text(lib.vs_mine_result_get_unit_id(result, u))
           for u in range(lib.vs_mine_result_get_n_units(result))]

    def number(c, p):
        x = col[c][p]
        return None if x != x else x  # NAN: none

    self_pairs, pm4py = [], {}
    for p in range(n):
        if from_[p] == to[p]:
            self_pairs.append(SelfPair(ids[from_[p]], *(
                number(c, p) for c in (VS_MINE_WEIGHT, VS_MINE_VOLUME, VS_MINE_CASES_COLUMN,
                                       VS_MINE_LEAD_TIME, VS_MINE_LEAD_TIME_P90,
                                       VS_MINE_PM4PY_VALUE))))
        value = number(VS_MINE_PM4PY_VALUE, p)
        if value is not None and lib.vs_mine_result_get_unit_kind(result, to[p]) == VS_KIND_TEAM:
            pm4py[(ids[from_[p]], ids[to[p]])] = value
    return self_pairs, pm4py


def _summary(result):
    counts = [lib.vs_mine_result_get_count(result, k) for k in range(len(_COUNTS))]
    unmapped = {}
    for i in range(lib.vs_mine_result_get_n_unmapped(result)):
        events = c_uint64()
        who = text(lib.vs_mine_result_get_unmapped(result, i, byref(events)))
        unmapped[who] = events.value
    values = dict(zip(_COUNTS, counts))
    values["sorted_by_case"] = bool(values["sorted_by_case"])
    if values["transfers"] > 0:
        values["lead_time_median"] = lib.vs_mine_result_get_lead_time_quantile(result, 0.5)
        values["lead_time_p90"] = lib.vs_mine_result_get_lead_time_quantile(result, 0.9)
    values["self_pairs"], values["pm4py_values"] = _pairs(result)
    return MiningSummary(unmapped=unmapped, **values)


def mine(log, *, map=None, units=None, format=None, depth=1, beta=None, once_per_case=False,
         self_handovers=False, quality=False, revenue_mode="sum", delimiter=",", normalise=None,
         **columns):
    """Mines the handoffs of an event log (CSV or XES, optionally gzipped)
    into an Org, as ``valuestream mine LOG`` does; the returned Org's
    ``mining`` is the MiningSummary the CLI prints.

    ``map`` is a people map (CSV with columns resource, team) for logs
    without a team column; ``units`` an Org, an org's path or a units.csv
    whose kinds, names, groups and revenue override the mined ones.
    Columns are named by ``case``, ``group``, ``resource``,
    ``timestamp``, ``customer`` and ``revenue`` (the defaults are the
    process-mining names: case:concept:name, org:group, ...; ``group=""``
    ignores the team column). ``format`` is "csv", "xes" or None (by
    name, then content); ``depth`` how far a handover reaches (1 direct,
    0 unlimited) with fall factor ``beta`` (0.5; only with depth 0 or > 1);
    ``once_per_case`` weighs a pair once per case; ``self_handovers`` also
    counts a team handing to itself (in ``org.mining.self_pairs``, never a
    handoff); ``quality``
    scores each handoff 1 - its return rate; ``revenue_mode`` "sum" or
    "given"; ``delimiter`` one character or "tab"; ``normalise="pm4py"``
    fills ``org.mining.pm4py_values`` with PM4Py's handover-of-work values
    (each weight over the sum of all weights, self pairs included); it
    needs PM4Py's counting: ``self_handovers=True`` and ``depth=1`` for
    PM4Py's beta 0, ``depth=0, beta=b`` for its beta b > 0 (else
    InvalidError). Errors raise ParseError, InvalidError or FileError
    naming the file, line and field.

    >>> org = vs.mine("tests/data/mine/log.csv", quality=True)
    >>> org.mining.cases > 0, sorted(org.units)[:2]
    (True, ['A', 'B'])
    >>> m = vs.mine("tests/data/mine/log.csv", self_handovers=True,
    ...             normalise="pm4py").mining
    >>> m.pm4py_values[("A", "B")], [p.team for p in m.self_pairs]
    (0.3, ['B', 'E'])
    >>> round(sum(m.pm4py_values.values()), 12)
    1.0
    """
    for key in columns:
        if key not in _COLUMNS:
            raise TypeError("mine() got an unexpected keyword argument '%s'" % key)
    opts = _options(format, map, depth, beta, once_per_case, self_handovers, quality,
                    revenue_mode, delimiter, normalise, columns)
    path = _check.path("log", log)
    given, made = _units(units)
    try:
        result = call(lib.vs_mine_file, path, byref(opts))
        if not result:
            raise ValueStreamError("vs_mine_file returned no result")
        try:
            summary = _summary(result)
            if given is None:
                ptr = call(lib.vs_mine_result_to_org, result, None)
            else:
                with given._reading() as units_ptr:
                    ptr = call(lib.vs_mine_result_to_org, result, units_ptr)
            if not ptr:
                raise ValueStreamError("vs_mine_result_to_org returned no organisation")
        finally:
            lib.vs_mine_result_free(result)
    finally:
        if made:
            given.close()
    org = Org._own(ptr)
    org.mining = summary
    return org
