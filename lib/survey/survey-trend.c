/* valuestream - trend statistics for survey waves (SPEC 4.5).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base-private.h"

/* Exact distribution of S exists in closed form only as a count of
 * permutations by inversions; up to this n it is cheap and exact. */
#define MK_EXACT_MAX_N 10

static double
normal_cdf(double z)
{
  return 0.5 * erfc(-z / G_SQRT2);
}

static int
cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
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

/* Sorts @x[0..n) (stably, bottom-up merge sort with @tmp, no recursion)
 * and returns how many pairs i < j had x[i] > x[j]: O(n log n). */
static guint64
sort_counting_inversions(double *x, double *tmp, gsize n)
{
  guint64 inversions = 0;

  for (gsize width = 1; width < n; width *= 2) {
    for (gsize lo = 0; lo < n; lo += 2 * width) {
      gsize mid = MIN(lo + width, n), hi = MIN(lo + 2 * width, n), i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (x[i] <= x[j]) {
          tmp[k++] = x[i++];
        } else {
          inversions += mid - i; /* x[j] is below every x[i..mid) */
          tmp[k++] = x[j++];
        }
      }
      while (i < mid)
        tmp[k++] = x[i++];
      while (j < hi)
        tmp[k++] = x[j++];
    }
    memcpy(x, tmp, n * sizeof(double));
  }
  return inversions;
}

void
vs_mann_kendall(const double *x, gsize n, VsMannKendall *r)
{
  /* Survey series are short (a pair has a handful of periods) and a large
   * org has a hundred thousand of them: no allocation for those. */
  double stack[2 * 32];
  g_autofree double *heap = NULL;
  double *v, *tmp;
  double dm, pairs, tied = 0, ties = 0;
  guint64 inversions;
  gsize m = 0;

  g_return_if_fail(r != NULL);
  g_return_if_fail(x != NULL || n == 0);
  /* S = concordant - discordant pairs = pairs - tied - 2 discordant, the
   * discordant ones counted as the inversions of a merge sort: O(n log n)
   * rather than a look at every pair. NaN values take no part. */
  v = n <= 32 ? stack : (heap = g_new(double, 2 * n));
  tmp = v + MAX(n, 1);
  for (gsize i = 0; i < n; i++)
    if (!isnan(x[i]))
      v[m++] = x[i];
  inversions = sort_counting_inversions(v, tmp, m);
  for (gsize i = 0; i < m;) {
    gsize j = i;
    while (j < m && v[j] == v[i])
      j++;
    double t = (double)(j - i);
    tied += t * (t - 1) / 2;
    ties += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  dm = (double)m;
  pairs = dm * (dm - 1) / 2;
  r->s = pairs - tied - 2 * (double)inversions;
  if (m < 2) {
    r->var_s = 0;
    r->p_decline = 1;
    r->exact = FALSE;
    return;
  }
  r->var_s = (dm * (dm - 1) * (2 * dm + 5) - ties) / 18.0;
  r->exact = m <= MK_EXACT_MAX_N && ties == 0;
  if (r->exact) {
    r->p_decline = mk_exact_p(m, r->s);
  } else if (r->var_s <= 0) {
    r->p_decline = 1; /* every value tied: no trend at all */
  } else {
    /* Continuity correction: S moves in steps of 2. */
    double s = r->s;
    double z = s < 0 ? (s + 1) / sqrt(r->var_s) : s > 0 ? (s - 1) / sqrt(r->var_s) : 0;
    r->p_decline = normal_cdf(z);
  }
}

static void
swap_double(double *a, double *b)
{
  double t = *a;
  *a = *b;
  *b = t;
}

/* Puts the k-th smallest of @v[0..n) at v[k], smaller or equal ones
 * before it: quickselect with a median-of-three pivot, O(n) expected. A
 * sequence built to defeat the pivot choice cannot make it quadratic:
 * after 64 rounds what is left is sorted instead (O(n log n)). */
static void
select_kth(double *v, gsize n, gsize k)
{
  gsize lo = 0, hi = n - 1;

  for (guint round = 0; lo < hi; round++) {
    gsize mid = lo + (hi - lo) / 2, i, j;
    double pivot;

    if (round == 64) {
      qsort(v + lo, hi - lo + 1, sizeof(double), cmp_double);
      return;
    }
    if (v[mid] < v[lo])
      swap_double(&v[mid], &v[lo]);
    if (v[hi] < v[lo])
      swap_double(&v[hi], &v[lo]);
    if (v[hi] < v[mid])
      swap_double(&v[hi], &v[mid]);
    pivot = v[mid];
    /* Hoare partition: [lo, j] <= pivot <= [i, hi] */
    i = lo;
    j = hi;
    for (;;) {
      while (v[i] < pivot)
        i++;
      while (pivot < v[j])
        j--;
      if (i >= j)
        break;
      swap_double(&v[i], &v[j]);
      i++;
      j--;
    }
    if (k <= j)
      hi = j;
    else
      lo = j + 1;
  }
}

double
vs_theil_sen_slope(const double *x, gsize n)
{
  g_autofree double *slopes = NULL;
  gsize k = 0, npairs, half;
  double upper, lower;

  g_return_val_if_fail(x != NULL || n == 0, 0);
  if (n < 2)
    return 0;
  /* Every pair's slope, kept: memory grows with n^2. Fail softly (NAN)
   * rather than abort when that is more than the machine has. */
  if (n > G_MAXSIZE / n / sizeof(double))
    return NAN;
  npairs = n * (n - 1) / 2;
  slopes = g_try_new(double, npairs);
  if (slopes == NULL)
    return NAN;
  for (gsize i = 0; i + 1 < n; i++)
    for (gsize j = i + 1; j < n; j++)
      slopes[k++] = (x[j] - x[i]) / (double)(j - i);
  half = npairs / 2;
  select_kth(slopes, npairs, half);
  upper = slopes[half];
  if (npairs % 2)
    return upper;
  lower = slopes[0]; /* the largest of those before the middle */
  for (gsize i = 1; i < half; i++)
    lower = MAX(lower, slopes[i]);
  return 0.5 * (lower + upper);
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
