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
/* Sorts @v ascending. Survey series are short (a pair has a handful of
 * periods, so a few dozen slopes): insertion sort without calls for
 * those, qsort beyond. Sorting gives the same array either way. */
static void
sort_doubles(double *v, gsize n)
{
  if (n > 64) {
    qsort(v, n, sizeof(double), cmp_double);
    return;
  }
  for (gsize i = 1; i < n; i++) {
    double x = v[i];
    gsize j = i;
    for (; j > 0 && v[j - 1] > x; j--)
      v[j] = v[j - 1];
    v[j] = x;
  }
}

static double
tie_term(const double *x, gsize n)
{
  g_autofree double *v = g_memdup2(x, n * sizeof(double));
  double term = 0;

  sort_doubles(v, n);
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
#define MK_MAX_INV (MK_EXACT_MAX_N * (MK_EXACT_MAX_N - 1) / 2)

/* tail[n][i]: permutations of n values with at least i inversions; the
 * counts are integers below 2^53, so every sum is exact. Computed once:
 * a large org has a hundred thousand surveyed pairs. */
static double mk_tail[MK_EXACT_MAX_N + 1][MK_MAX_INV + 2];

static void
mk_tables(void)
{
  double count[MK_MAX_INV + 1] = {1};
  gsize max_inv = 0;

  for (gsize k = 2; k <= MK_EXACT_MAX_N; k++) {
    /* Inserting the k-th element adds 0..k-1 inversions. */
    double next[G_N_ELEMENTS(count)] = {0};
    for (gsize i = 0; i <= max_inv; i++)
      for (gsize add = 0; add < k; add++)
        next[i + add] += count[i];
    max_inv += k - 1;
    memcpy(count, next, sizeof count);
    for (gsize i = max_inv + 1; i-- > 0;)
      mk_tail[k][i] = mk_tail[k][i + 1] + count[i];
  }
}

static double
mk_exact_p(gsize n, double s)
{
  static gsize once;
  double total = 1;
  gsize pairs = n * (n - 1) / 2;

  if (g_once_init_enter(&once)) {
    mk_tables();
    g_once_init_leave(&once, 1);
  }
  for (gsize k = 2; k <= n; k++)
    total *= (double)k;
  /* S' <= s  <=>  inversions >= (N - s) / 2 */
  gsize min_inv = (gsize)ceil(((double)pairs - s) / 2.0);
  return mk_tail[n][MIN(min_inv, pairs + 1)] / total;
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
  sort_doubles(slopes, npairs);
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
