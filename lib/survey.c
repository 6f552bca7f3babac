/* valuestream - trend statistics for survey waves (SPEC 4.5).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

/* Exact distribution of S exists in closed form only as a count of
 * permutations by inversions; up to this n it is cheap and exact. */
#define MK_EXACT_MAX_N 10

double
vs_i_normal_cdf(double z)
{
  return 0.5 * erfc(-z / G_SQRT2);
}

static int
sign(double d)
{
  return (d > 0) - (d < 0);
}

static int
cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Sum over tie groups of t(t-1)(2t+5); 0 when all values differ. */
static double
tie_term(const double *x, gsize n)
{
  g_autofree double *v = g_memdup2(x, n * sizeof(double));
  double term = 0;

  qsort(v, n, sizeof(double), cmp_double);
  for (gsize i = 0; i < n;) {
    gsize j = i;
    while (j < n && v[j] == v[i])
      j++;
    double t = (double)(j - i);
    term += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  return term;
}

/* P(S' <= s) for a series of n distinct values with no trend: S' =
 * N - 2 * inversions of a uniformly random permutation, N = n(n-1)/2, and
 * the inversion counts follow the Mahonian numbers. */
static double
mk_exact_p(gsize n, double s)
{
  double count[MK_EXACT_MAX_N * (MK_EXACT_MAX_N - 1) / 2 + 1] = {1};
  gsize max_inv = 0;
  double total = 1, tail = 0;
  gsize pairs = n * (n - 1) / 2;

  for (gsize k = 2; k <= n; k++) {
    /* Inserting the k-th element adds 0..k-1 inversions. */
    double next[G_N_ELEMENTS(count)] = {0};
    for (gsize i = 0; i <= max_inv; i++)
      for (gsize add = 0; add < k; add++)
        next[i + add] += count[i];
    max_inv += k - 1;
    memcpy(count, next, sizeof count);
    total *= (double)k;
  }
  /* S' <= s  <=>  inversions >= (N - s) / 2 */
  gsize min_inv = (gsize)ceil(((double)pairs - s) / 2.0);
  for (gsize i = min_inv; i <= max_inv; i++)
    tail += count[i];
  return tail / total;
}

void
vs_mann_kendall(const double *x, gsize n, VsMannKendall *r)
{
  double s = 0, dn = (double)n, ties;

  g_return_if_fail(r != NULL);
  g_return_if_fail(x != NULL || n == 0);
  for (gsize i = 0; i + 1 < n; i++)
    for (gsize j = i + 1; j < n; j++)
      s += sign(x[j] - x[i]);
  r->s = s;
  if (n < 2) {
    r->var_s = 0;
    r->p_decline = 1;
    r->exact = FALSE;
    return;
  }
  ties = tie_term(x, n);
  r->var_s = (dn * (dn - 1) * (2 * dn + 5) - ties) / 18.0;
  r->exact = n <= MK_EXACT_MAX_N && ties == 0;
  if (r->exact) {
    r->p_decline = mk_exact_p(n, s);
  } else if (r->var_s <= 0) {
    r->p_decline = 1; /* every value tied: no trend at all */
  } else {
    /* Continuity correction: S moves in steps of 2. */
    double z = s < 0 ? (s + 1) / sqrt(r->var_s) : s > 0 ? (s - 1) / sqrt(r->var_s) : 0;
    r->p_decline = vs_i_normal_cdf(z);
  }
}

double
vs_theil_sen_slope(const double *x, gsize n)
{
  g_autofree double *slopes = NULL;
  gsize k = 0, npairs;
  double median;

  g_return_val_if_fail(x != NULL || n == 0, 0);
  if (n < 2)
    return 0;
  npairs = n * (n - 1) / 2;
  slopes = g_new(double, npairs);
  for (gsize i = 0; i + 1 < n; i++)
    for (gsize j = i + 1; j < n; j++)
      slopes[k++] = (x[j] - x[i]) / (double)(j - i);
  qsort(slopes, npairs, sizeof(double), cmp_double);
  median = npairs % 2 ? slopes[npairs / 2] : 0.5 * (slopes[npairs / 2 - 1] + slopes[npairs / 2]);
  return median;
}

double
vs_survey_score(double mean, double scale_min, double scale_max, double target)
{
  double t = scale_min + target * (scale_max - scale_min);
  double gap;

  g_return_val_if_fail(scale_max > scale_min, NAN);
  g_return_val_if_fail(target > 0 && target <= 1, NAN);
  gap = (t - mean) / (t - scale_min);
  return 1.0 - CLAMP(gap, 0.0, 1.0);
}
