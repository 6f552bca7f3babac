# valuestream - the survey statistics of survey.h.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Mann-Kendall, Theil-Sen and the survey score, on plain sequences."""

from ctypes import byref, c_double
from dataclasses import dataclass

from . import _check
from ._lib import VsMannKendall, lib


@dataclass(frozen=True)
class MannKendall:
    """The one-sided Mann-Kendall test towards a decline: statistic ``s``,
    its variance ``var_s`` under no trend (tie-corrected), ``p_decline``
    = P(S' <= s), and ``exact`` when from the exact distribution (n <= 10,
    no ties; else the normal approximation).

    >>> vs.mann_kendall([3, 2, 1])
    MannKendall(s=-3.0, var_s=3.666..., p_decline=0.166..., exact=True)
    """
    s: float
    var_s: float
    p_decline: float
    exact: bool


def _series(values):
    xs = [_check.real("series value", x) for x in values]
    return (c_double * max(len(xs), 1))(*xs), len(xs)


def mann_kendall(values):
    """Mann-Kendall trend test of ``values`` (oldest first), one-sided
    towards a decline. With fewer than 2 values: s = 0, p = 1.

    >>> mk = vs.mann_kendall([4.2, 4.0, 4.1, 3.9, 3.7, 3.8, 3.5, 3.4])
    >>> mk.s, round(mk.p_decline, 6), mk.exact
    (-24.0, 0.000868, True)
    """
    xs, n = _series(values)
    result = VsMannKendall()
    lib.vs_mann_kendall(xs, n, byref(result))
    return MannKendall(result.s, result.var_s, result.p_decline, bool(result.exact))


def theil_sen_slope(values):
    """The Theil-Sen slope of ``values`` at unit spacing: the median of the
    pairwise slopes; 0 with fewer than 2 values.

    >>> round(vs.theil_sen_slope([4.2, 4.0, 4.1, 3.9, 3.7, 3.8, 3.5, 3.4]), 6)
    -0.1
    """
    xs, n = _series(values)
    return lib.vs_theil_sen_slope(xs, n)


def survey_score(mean, scale_min=1.0, scale_max=5.0, target=0.75):
    """The handoff score a period mean gives (SPEC 4.5):
    1 - clamp((t - mean) / (t - scale_min), 0, 1) with
    t = scale_min + target * (scale_max - scale_min).

    >>> round(vs.survey_score(3.4), 6), vs.survey_score(4.2)   # t = 4 on 1..5
    (0.8, 1.0)
    """
    lo = _check.real("scale_min", scale_min)
    hi = _check.real("scale_max", scale_max)
    if not lo < hi:
        raise ValueError("scale_min %g must be below scale_max %g" % (lo, hi))
    t = _check.real("target", target)
    if not 0 < t <= 1:
        raise ValueError("target must be in (0, 1], not %g" % t)
    return lib.vs_survey_score(_check.real("mean", mean), lo, hi, t)
