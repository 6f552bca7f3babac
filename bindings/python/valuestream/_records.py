# valuestream - the records and names shared by the org, its analyses and the extras.
# SPDX-License-Identifier: GPL-2.0-or-later
"""The plain records of an organisation (Unit, Handoff, SurveyResponse),
how to read them from a VsOrg, and the names the C library gives its enums
(KINDS, FLAGS, DIAGNOSES, PHASES).

It sits just above _lib so that _org, _results and _extras can all use it
without importing each other: the package's modules depend one way,

    _errors
    _check, _resource, _lib        (each imports only _errors)
    _records, _survey              (_lib, _check)
    _extras                        (_lib, _records)
    _handle                        (_lib, _resource: the VsOrg an Org holds)
    _results                       (the above: Analysis)
    _org                           (the above and _results: Org.analyze())
    __init__                       (the public names)
"""

import math
from ctypes import byref
from dataclasses import dataclass
from typing import Optional

from ._lib import VS_N_FLAGS, VsSurveyResponse, lib, text

#: Unit kinds, by their VsKind value.
KINDS = tuple(text(lib.vs_kind_name(k)) for k in range(3))
KIND_VALUE = {name: value for value, name in enumerate(KINDS)}
#: Flag names by bit (bit i is 1 << i); alphabetical, as the SPEC lists them.
FLAGS = tuple(text(lib.vs_flag_name(1 << b)) for b in range(VS_N_FLAGS))
#: Group diagnoses by VsDiagnosis value.
DIAGNOSES = tuple(text(lib.vs_diagnosis_name(d)) for d in range(4))


def _phase_names():
    names, p = [], 0
    while True:  # vs_phase_name() is NULL past the last phase
        name = lib.vs_phase_name(p)
        if name is None:
            return tuple(names)
        names.append(text(name))
        p += 1


#: The phases of an analysis, by VsPhase value (see Analysis.phase_seconds):
#: "graph", "line_of_sight", "structure", "surveys", "values", "findings",
#: "cost".
PHASES = _phase_names()


def flag_names(bits):
    """The names of the flags set in @bits."""
    return [FLAGS[b] for b in range(VS_N_FLAGS) if bits & (1 << b)]


def optional(x):
    """NaN (the C library's "unset") as None."""
    return None if math.isnan(x) else x


@dataclass(frozen=True)
class Unit:
    """A unit of the organisation as stored (SPEC section 2): unset optional
    values are None; ``revenue`` is 0 when unset or not a customer, ``cost``
    (per period, SPEC section 7) 0 when unset or a customer.

    >>> u = vs.load("tests/data/spec").units["D"]
    >>> u.index, u.kind, u.name, u.group, u.own_share, u.headcount
    (3, 'team', 'Delivery', 'prod', 0.2, None)
    """
    index: int
    id: str
    kind: str
    name: str
    group: Optional[str]
    revenue: float
    own_share: Optional[float]
    headcount: Optional[float]
    cost: float = 0.0


@dataclass(frozen=True)
class Handoff:
    """A handoff ``from_ -> to`` (``to`` is the internal customer) as stored:
    ``weight`` is 1 when unset, ``score`` None when unrated.

    >>> h = vs.load("tests/data/spec").handoffs[0]
    >>> h.from_, h.to, h.deliverable, h.weight, h.score
    ('A', 'B', 'datasets', 1.0, None)
    """
    index: int
    from_: str
    to: str
    deliverable: Optional[str]
    weight: float
    score: Optional[float]
    volume: Optional[float]
    lead_time_days: Optional[float]


@dataclass(frozen=True)
class SurveyResponse:
    """One internal-customer survey answer: ``respondent`` (the receiving
    unit) rates ``provider``; the scale defaults to 1..5.

    >>> r = vs.load("tests/data/spec").survey_responses[0]
    >>> r.period, r.respondent, r.provider, r.score, (r.scale_min, r.scale_max)
    ('2025-Q1', 'C', 'B', 4.2, (1.0, 5.0))
    """
    period: str
    respondent: str
    provider: str
    score: float
    scale_min: float
    scale_max: float


# ---- reading a VsOrg (callers hold a read lock) ------------------------------------

def read_unit_id(ptr, i):
    """The id of unit @i."""
    return text(lib.vs_org_get_unit_id(ptr, i))


def read_unit(ptr, i):
    return Unit(
        index=i,
        id=read_unit_id(ptr, i),
        kind=KINDS[lib.vs_org_get_unit_kind(ptr, i)],
        name=text(lib.vs_org_get_unit_name(ptr, i)),
        group=text(lib.vs_org_get_unit_group(ptr, i)),
        revenue=lib.vs_org_get_unit_revenue(ptr, i),
        own_share=optional(lib.vs_org_get_unit_own_share(ptr, i)),
        headcount=optional(lib.vs_org_get_unit_headcount(ptr, i)),
        cost=lib.vs_org_get_unit_cost(ptr, i))


def read_handoff(ptr, e):
    return Handoff(
        index=e,
        from_=read_unit_id(ptr, lib.vs_org_get_handoff_from(ptr, e)),
        to=read_unit_id(ptr, lib.vs_org_get_handoff_to(ptr, e)),
        deliverable=text(lib.vs_org_get_handoff_deliverable(ptr, e)),
        weight=lib.vs_org_get_handoff_weight(ptr, e),
        score=optional(lib.vs_org_get_handoff_score(ptr, e)),
        volume=optional(lib.vs_org_get_handoff_volume(ptr, e)),
        lead_time_days=optional(lib.vs_org_get_handoff_lead_time(ptr, e)))


def read_response(ptr, s):
    r = VsSurveyResponse()
    lib.vs_org_get_survey_response(ptr, s, byref(r))
    return SurveyResponse(period=text(r.period), respondent=text(r.respondent),
                          provider=text(r.provider), score=r.score,
                          scale_min=r.scale_min, scale_max=r.scale_max)
