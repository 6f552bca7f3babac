/* valuestream - trend statistics for internal-customer survey waves.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_SURVEY_H
#define VALUESTREAM_SURVEY_H

#include <valuestream/common.h>

G_BEGIN_DECLS

/**
 * SECTION:survey
 * @title: Survey statistics
 * @short_description: trend statistics for internal-customer survey waves
 *
 * The statistics the analysis judges survey trends with (SPEC 4.5), public so
 * that callers and tests can check them on their own series: the Mann-Kendall
 * test, the Theil-Sen slope, and the handoff score a period's mean gives.
 */

/**
 * VsMannKendall:
 * @s: the statistic S = sum over i < j of sign(x[j] - x[i]).
 * @var_s: variance of S under no trend, corrected for ties.
 * @p_decline: one-sided p-value of a decline, P(S' <= S) under no trend.
 * @exact: TRUE when @p_decline comes from the exact distribution of S
 *   (n <= 10 and no ties); otherwise the normal approximation with tie and
 *   continuity corrections was used.
 *
 * The figures of vs_mann_kendall(), filled in by the caller's struct.
 */
typedef struct {
  double s;
  double var_s;
  double p_decline;
  gboolean exact;
} VsMannKendall;

/**
 * vs_mann_kendall:
 * @x: (array length=n): the series, oldest first.
 * @n: its length.
 * @result: (out caller-allocates): the test's figures.
 *
 * The Mann-Kendall trend test, one-sided towards a decline. With n < 2
 * there is no trend to test: S = 0 and p = 1. NaN values take no part.
 * O(n log n) time (S is counted by merge sort), O(n) memory.
 */
VS_API void vs_mann_kendall(const double *x, gsize n, VsMannKendall *result);

/**
 * vs_theil_sen_slope:
 * @x: (array length=n): the series, oldest first, at unit spacing.
 * @n: its length.
 *
 * Every pair's slope is computed and kept: O(n^2) time and memory
 * (8 n^2 / 2 bytes; the analysis judges at most 1000 periods).
 *
 * Returns: the median of (x[j] - x[i]) / (j - i) over all i < j; 0 when
 * n < 2; NAN when the slopes do not fit in memory.
 */
VS_API double vs_theil_sen_slope(const double *x, gsize n);

/**
 * vs_survey_score:
 * @mean: a period mean on the scale @scale_min..@scale_max.
 * @scale_min: the bottom of the survey's scale.
 * @scale_max: the top of the survey's scale.
 * @target: the target as a fraction of the scale (0.75 in SPEC 4.5).
 *
 * Turns a period's mean answer into a handoff score (SPEC 4.5).
 *
 * Returns: the handoff score a mean gives: 1 - clamp((t - m) / (t - min), 0, 1)
 * with t = min + target * (max - min).
 */
VS_API double vs_survey_score(double mean, double scale_min, double scale_max, double target);

G_END_DECLS

#endif /* VALUESTREAM_SURVEY_H */
