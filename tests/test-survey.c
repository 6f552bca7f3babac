/* Tests of the survey statistics: Mann-Kendall, Theil-Sen, survey score.
 * Golden values come from the SPEC and from brute force over permutations.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "vs-test.h"

static const double spec_series[] = {4.2, 4.0, 4.1, 3.9, 3.7, 3.8, 3.5, 3.4};

static void
test_spec_series_exact(void **state)
{
  VsMannKendall mk;
  vs_mann_kendall(spec_series, G_N_ELEMENTS(spec_series), &mk);
  assert_close(mk.s, -24, 0);
  assert_true(mk.exact);
  assert_close(mk.p_decline, 35.0 / 40320.0, 1e-15);
  assert_close(vs_theil_sen_slope(spec_series, G_N_ELEMENTS(spec_series)), -0.1, 1e-12);
}

/* S of a permutation of 0..n-1 read as a series. */
static int
perm_s(const int *p, int n)
{
  int s = 0;
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      s += (p[j] > p[i]) - (p[j] < p[i]);
  return s;
}

/* Counts permutations of n with S <= s by enumerating all n! of them. */
static double
brute_p(int n, int s)
{
  int p[8], c[8] = {0}, i = 0;
  double hits = 0, total = 0;
  for (int k = 0; k < n; k++)
    p[k] = k;
  /* Heap's algorithm, iterative. */
  total = 1;
  hits += perm_s(p, n) <= s;
  while (i < n) {
    if (c[i] < i) {
      int j = i % 2 == 0 ? 0 : c[i], t = p[j];
      p[j] = p[i];
      p[i] = t;
      total++;
      hits += perm_s(p, n) <= s;
      c[i]++;
      i = 0;
    } else {
      c[i++] = 0;
    }
  }
  return hits / total;
}

static void
test_exact_matches_enumeration(void **state)
{
  /* Every attainable S for n = 5, 6, 7 against a full enumeration. */
  for (int n = 5; n <= 7; n++) {
    int pairs = n * (n - 1) / 2;
    for (int inv = 0; inv <= pairs; inv++) {
      /* A series with exactly @inv inversions: descending prefix trick. */
      double x[8];
      int left = inv;
      int perm[8], used[8] = {0};
      for (int pos = 0; pos < n; pos++) {
        /* choose the element with min(left, n-pos-1) smaller ones after it */
        int k = MIN(left, n - pos - 1), seen = 0;
        for (int v = 0; v < n; v++) {
          if (used[v])
            continue;
          if (seen++ == k) {
            perm[pos] = v;
            used[v] = 1;
            break;
          }
        }
        left -= k;
      }
      for (int k = 0; k < n; k++)
        x[k] = perm[k];
      VsMannKendall mk;
      vs_mann_kendall(x, (gsize)n, &mk);
      assert_close(mk.s, pairs - 2 * inv, 0);
      assert_true(mk.exact);
      assert_close(mk.p_decline, brute_p(n, pairs - 2 * inv), 1e-12);
    }
  }
}

static void
test_ties_use_normal_approximation(void **state)
{
  /* 5, 5, 4, 4, 3: S = -8; ties: two groups of 2.
   * var = (5*4*15 - 2*(2*1*9)) / 18 = (300 - 36) / 18 = 14.666...
   * z = (S + 1) / sqrt(var) = -7 / 3.8297... */
  const double x[] = {5, 5, 4, 4, 3};
  VsMannKendall mk;
  double var = (300.0 - 36.0) / 18.0, z = -7.0 / sqrt(var);
  vs_mann_kendall(x, 5, &mk);
  assert_close(mk.s, -8, 0);
  assert_false(mk.exact);
  assert_close(mk.var_s, var, 1e-12);
  assert_close(mk.p_decline, 0.5 * erfc(-z / sqrt(2.0)), 1e-12);
}

static void
test_long_series_uses_normal_approximation(void **state)
{
  double x[12];
  VsMannKendall mk;
  for (int i = 0; i < 12; i++)
    x[i] = 12 - i; /* strictly falling: S = -66 */
  vs_mann_kendall(x, 12, &mk);
  assert_close(mk.s, -66, 0);
  assert_false(mk.exact);
  assert_close(mk.var_s, 12.0 * 11 * 29 / 18, 1e-9);
  assert_true(mk.p_decline < 1e-5);
}

static void
test_degenerate_series(void **state)
{
  const double one[] = {3.0}, flat[] = {2, 2, 2, 2, 2};
  VsMannKendall mk;
  vs_mann_kendall(one, 1, &mk);
  assert_close(mk.s, 0, 0);
  assert_close(mk.p_decline, 1, 0);
  vs_mann_kendall(flat, 5, &mk);
  assert_close(mk.s, 0, 0);
  assert_close(mk.p_decline, 1, 0);
  assert_close(vs_theil_sen_slope(one, 1), 0, 0);
  assert_close(vs_theil_sen_slope(flat, 5), 0, 0);
}

static void
test_theil_sen_median(void **state)
{
  /* slopes of (1, 3, 2): (3-1)/1 = 2, (2-1)/2 = .5, (2-3)/1 = -1 -> median .5 */
  const double x[] = {1, 3, 2};
  /* slopes of (0, 1, 1, 4): 1, .5, 4/3, 0, 1.5, 3 -> median (1 + 4/3) / 2 */
  const double y[] = {0, 1, 1, 4};
  /* an outlier does not move it: 1, 2, 3, 100, 5 */
  const double z[] = {1, 2, 3, 100, 5};
  assert_close(vs_theil_sen_slope(x, 3), 0.5, 1e-15);
  assert_close(vs_theil_sen_slope(y, 4), (1 + 4.0 / 3) / 2, 1e-15);
  assert_close(vs_theil_sen_slope(z, 5), 1, 1e-15);
}

static void
test_survey_score(void **state)
{
  /* SPEC 4.5: on 1..5 a mean of 4 or more scores 1; 3.4 scores 0.8; 1 scores 0. */
  assert_close(vs_survey_score(4.0, 1, 5, 0.75), 1, 1e-15);
  assert_close(vs_survey_score(4.6, 1, 5, 0.75), 1, 1e-15);
  assert_close(vs_survey_score(3.4, 1, 5, 0.75), 0.8, 1e-12);
  assert_close(vs_survey_score(1.0, 1, 5, 0.75), 0, 1e-15);
  /* 0..10: target 7.5; 6 is 1.5 short of a 7.5 range -> 0.8 */
  assert_close(vs_survey_score(6.0, 0, 10, 0.75), 0.8, 1e-12);
  /* another target: 0.5 on 1..5 -> t = 3; 2 -> 1 - 1/2 */
  assert_close(vs_survey_score(2.0, 1, 5, 0.5), 0.5, 1e-15);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_spec_series_exact),
      cmocka_unit_test(test_exact_matches_enumeration),
      cmocka_unit_test(test_ties_use_normal_approximation),
      cmocka_unit_test(test_long_series_uses_normal_approximation),
      cmocka_unit_test(test_degenerate_series),
      cmocka_unit_test(test_theil_sen_median),
      cmocka_unit_test(test_survey_score),
  };
  return cmocka_run_group_tests_name("survey", tests, NULL, NULL);
}
