# valuestream - the improvement plan (SPEC 9) as a Python object.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Plan (a VsPlan) and its steps.

A plan is made from an analysis (Analysis.plan(), or valuestream.plan()).
The C plan holds its own reference to the organisation, so a Plan needs
neither its Analysis nor its Org once made: either may be closed or
dropped first. The steps are few (at most ``steps``): they are read into
Python once, when the plan is made; the C plan is kept for its writers
(to_json(), report(), write()).

This module knows nothing of Analysis (_results imports it, not the other
way round): Plan._make() takes any Resource whose pointer is a VsAnalysis.
"""

import ctypes
import json
from ctypes import byref
from dataclasses import dataclass

from . import _check
from ._errors import ClosedError, ValueStreamError
from ._extras import plan_frame
from ._lib import (VS_PLAN_OPTIONS_VERSION, VS_REPORT_CSV, VS_REPORT_HTML, VS_REPORT_JSON,
                   VS_REPORT_TEXT, VsPlanOptions, call, doubles, gsize, lib, report_options,
                   text, uint32s)
from ._resource import Resource

#: The formats a plan is written in, by name.
PLAN_FORMATS = {"json": VS_REPORT_JSON, "text": VS_REPORT_TEXT, "csv": VS_REPORT_CSV,
                "html": VS_REPORT_HTML}


@dataclass(frozen=True)
class PlanStep:
    """One step of an improvement plan (SPEC 9).

    step: 1, 2, ... in the order to fix.
    unit: the id of the team or supplier fixed at this step.
    gain: how much total revenue at risk this step's fix removes, given
        the fixes of the steps before it.
    revenue_at_risk: the total revenue at risk after this step.
    removed_share: the share of the starting revenue at risk removed by
        this step and those before it (0..1).

    >>> vs.plan("tests/data/spec-plan").steps[0]
    PlanStep(step=1, unit='C', gain=188.372..., revenue_at_risk=110.0..., removed_share=0.631...)
    """
    step: int
    unit: str
    gain: float
    revenue_at_risk: float
    removed_share: float


def _options(steps, target):
    """VsPlanOptions from Python values; TypeError or ValueError when bad."""
    steps = _check.count("steps", steps)
    target = _check.real("target", target)
    if not 0.0 <= target <= 1.0:
        raise ValueError("target must be in 0..1, not %r" % target)
    return VsPlanOptions(VS_PLAN_OPTIONS_VERSION, steps, target)


def _format(name):
    if not isinstance(name, str):
        raise TypeError("format must be a str, not %s" % type(name).__name__)
    try:
        return PLAN_FORMATS[name]
    except KeyError:
        raise ValueError('unknown plan format "%s" (expected "json", "text", "csv" or "html")'
                         % name) from None


class Plan(Resource):
    """An improvement plan (SPEC 9): which teams and suppliers to fix first,
    greedy and exact at each step. Immutable; read it from any thread.

    ``target`` is the score each fixed unit's handoffs are raised to,
    ``revenue_at_risk`` the total before the first step, ``steps`` a list
    of PlanStep. ``to_dict()`` is the SPEC JSON's "plan" object,
    ``to_json()`` / ``report()`` / ``write()`` use the library's writers,
    ``to_pandas()`` gives a frame. Free it with ``close()`` or ``with``.

    >>> import valuestream as vs
    >>> with vs.plan("tests/data/spec-plan") as p:
    ...     [(s.unit, round(s.revenue_at_risk, 2)) for s in p.steps]
    [('C', 110.0), ('B', 20.0), ('A', 0.0)]
    """

    _what = "Plan"

    def __init__(self):
        raise TypeError("make a Plan with Analysis.plan() or valuestream.plan()")

    @classmethod
    def _make(cls, analysis, steps, target):
        """The plan of @analysis (a Resource holding a VsAnalysis)."""
        opts = _options(steps, target)
        plan = cls.__new__(cls)
        with analysis._reading() as analysis_ptr:
            ptr = call(lib.vs_plan_new, analysis_ptr, byref(opts))
        if not ptr:
            raise ValueStreamError("vs_plan_new returned no plan")
        Resource.__init__(plan, ptr, lib.vs_plan_free)
        n = gsize()
        units = uint32s(lib.vs_plan_get_units(ptr, byref(n)), n.value)
        gains = doubles(lib.vs_plan_get_gains(ptr, None), n.value)
        risks = doubles(lib.vs_plan_get_revenues_at_risk(ptr, None), n.value)
        shares = doubles(lib.vs_plan_get_removed_shares(ptr, None), n.value)
        org = lib.vs_plan_get_org(ptr)
        plan._target = lib.vs_plan_get_target(ptr)
        plan._revenue_at_risk = lib.vs_plan_get_revenue_at_risk(ptr)
        plan._steps = tuple(PlanStep(i + 1, text(lib.vs_org_get_unit_id(org, u)), gains[i],
                                     risks[i], shares[i]) for i, u in enumerate(units))
        plan._names = tuple(text(lib.vs_org_get_unit_name(org, u)) for u in units)
        return plan

    def _open(self):
        if self._ptr is None:
            raise ClosedError("this Plan is closed")

    @property
    def target(self):
        """The score (0..1) each fixed unit's handoffs are raised to."""
        self._open()
        return self._target

    @property
    def revenue_at_risk(self):
        """The total revenue at risk before the first step.

        >>> vs.plan("tests/data/spec-plan").revenue_at_risk
        298.3720930...
        """
        self._open()
        return self._revenue_at_risk

    @property
    def steps(self):
        """The steps, a new list of PlanStep (empty when nothing is at risk).

        >>> [s.unit for s in vs.plan("tests/data/spec-plan").steps]
        ['C', 'B', 'A']
        """
        self._open()
        return list(self._steps)

    def _unit_names(self):
        """The names of the units fixed, step by step (for to_pandas)."""
        self._open()
        return list(self._names)

    def __len__(self):
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)

    def report(self, format="text", *, pretty=True):
        """The plan as a str written by the library: "text" (a headline and
        a numbered list), "csv" (one row per step), "html" (a
        self-contained page) or "json" (the SPEC 9 document; ``pretty``
        indents it).

        >>> vs.plan("tests/data/spec-plan").report("csv").splitlines()[:2]
        ['step,unit,name,gain,revenue_at_risk,removed_share', '1,C,Product,188.372093...']
        """
        fmt = _format(format)
        opts = report_options(pretty=bool(pretty))
        n = gsize()
        with self._reading() as ptr:
            address = call(lib.vs_report_dup_plan_string, ptr, fmt, byref(opts), byref(n))
            if not address:
                raise ValueStreamError("vs_report_dup_plan_string returned no plan")
            try:
                return ctypes.string_at(address, n.value).decode("utf-8")
            finally:
                lib.vs_free(address)

    def to_json(self, *, pretty=True):
        """The SPEC 9 JSON document, ``{"valuestream": 1, "plan": {...}}``,
        as a str from the library's writer (the CLI's output).

        >>> import json
        >>> json.loads(vs.plan("tests/data/spec-plan").to_json())["plan"]["target"]
        1
        """
        return self.report("json", pretty=pretty)

    def to_dict(self):
        """The SPEC 9 "plan" object as Python data: ``{"target",
        "revenue_at_risk", "steps": [{"step", "unit", "gain",
        "revenue_at_risk", "removed_share"}]}``, parsed from to_json().

        >>> vs.plan("tests/data/spec-plan").to_dict()["steps"][1]["unit"]
        'B'
        """
        return json.loads(self.to_json(pretty=False))["plan"]

    def write(self, path, format="json", *, pretty=True):
        """Writes the plan to ``path`` atomically (a temporary file renamed
        into place; on error ``path`` is untouched). Raises FileError.

        >>> vs.plan("tests/data/spec-plan").write("plan.html", "html")
        """
        fmt = _format(format)
        opts = report_options(pretty=bool(pretty))
        raw = _check.path("path", path)
        with self._reading() as ptr:
            call(lib.vs_report_write_plan_file, ptr, fmt, byref(opts), raw)

    def to_pandas(self):
        """A pandas DataFrame, one row per step (index: step) with the
        columns unit, name, gain, revenue_at_risk, removed_share (the CSV's).
        Needs pandas (Debian: python3-pandas).

        >>> vs.plan("tests/data/spec-plan").to_pandas().loc[1, "unit"]
        'C'
        """
        return plan_frame(self)

    def __repr__(self):
        if self._ptr is None:
            return "<valuestream.Plan (closed)>"
        return ("<valuestream.Plan: %d steps to target %g; revenue at risk %.2f -> %.2f>"
                % (len(self._steps), self._target, self._revenue_at_risk,
                   self._steps[-1].revenue_at_risk if self._steps else self._revenue_at_risk))
