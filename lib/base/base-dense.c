/* valuestream - dense LU for the small linear systems of rework loops.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each rework loop (strongly connected component) gives a system
 * (I - M) x = b whose size is the loop's. Loops are small in real
 * organisations, so a dense factorisation with partial pivoting is both
 * the simplest and the most accurate tool. */
#include <math.h>

#include "base-private.h"

gboolean
vs_i_lu_factor(double *a, guint k, guint *piv)
{
  for (guint c = 0; c < k; c++) {
    guint p = c;
    double best = fabs(a[(gsize)c * k + c]);

    for (guint r = c + 1; r < k; r++) {
      double v = fabs(a[(gsize)r * k + c]);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    piv[c] = p;
    if (best < 1e-300)
      return FALSE;
    if (p != c) {
      for (guint j = 0; j < k; j++) {
        double t = a[(gsize)c * k + j];
        a[(gsize)c * k + j] = a[(gsize)p * k + j];
        a[(gsize)p * k + j] = t;
      }
    }
    for (guint r = c + 1; r < k; r++) {
      double *row = a + (gsize)r * k;
      const double *top = a + (gsize)c * k;
      double f = row[c] / top[c];
      row[c] = f;
      if (f != 0.0)
        for (guint j = c + 1; j < k; j++)
          row[j] -= f * top[j];
    }
  }
  return TRUE;
}

/* P A = L U, L unit lower, both stored in @lu. */
static void
solve_plain(const double *lu, const guint *piv, guint k, double *b)
{
  for (guint c = 0; c < k; c++) {
    double t = b[piv[c]];
    b[piv[c]] = b[c];
    b[c] = t;
  }
  for (guint r = 1; r < k; r++) {
    double s = b[r];
    for (guint j = 0; j < r; j++)
      s -= lu[(gsize)r * k + j] * b[j];
    b[r] = s;
  }
  for (guint r = k; r-- > 0;) {
    double s = b[r];
    for (guint j = r + 1; j < k; j++)
      s -= lu[(gsize)r * k + j] * b[j];
    b[r] = s / lu[(gsize)r * k + r];
  }
}

/* A^T = U^T L^T P, so solve U^T y = b, L^T z = y, then undo the swaps. */
static void
solve_transposed(const double *lu, const guint *piv, guint k, double *b)
{
  for (guint r = 0; r < k; r++) {
    double s = b[r];
    for (guint j = 0; j < r; j++)
      s -= lu[(gsize)j * k + r] * b[j];
    b[r] = s / lu[(gsize)r * k + r];
  }
  for (guint r = k; r-- > 0;) {
    double s = b[r];
    for (guint j = r + 1; j < k; j++)
      s -= lu[(gsize)j * k + r] * b[j];
    b[r] = s;
  }
  for (guint c = k; c-- > 0;) {
    double t = b[piv[c]];
    b[piv[c]] = b[c];
    b[c] = t;
  }
}

void
vs_i_lu_solve(const double *lu, const guint *piv, guint k, double *b, gboolean transpose)
{
  if (transpose)
    solve_transposed(lu, piv, k, b);
  else
    solve_plain(lu, piv, k, b);
}

void
vs_i_lu_solve_many(const double *lu, const guint *piv, guint k, double *b, guint r)
{
  /* Row i of @b holds the r right-hand sides' i-th entries, so every
   * update below is one contiguous run of r values (it vectorises), and
   * the factors are read once per block of r systems, not once per
   * system: a loop of 2048 units has 32 MB of factors. */
  for (guint c = 0; c < k; c++) {
    if (piv[c] == c)
      continue;
    double *x = b + (gsize)c * r, *y = b + (gsize)piv[c] * r;
    for (guint j = 0; j < r; j++) {
      double t = x[j];
      x[j] = y[j];
      y[j] = t;
    }
  }
  for (guint i = 1; i < k; i++) {
    double *bi = b + (gsize)i * r;
    const double *row = lu + (gsize)i * k;
    for (guint j = 0; j < i; j++) {
      const double f = row[j], *bj = b + (gsize)j * r;
      if (f != 0.0)
        for (guint q = 0; q < r; q++)
          bi[q] -= f * bj[q];
    }
  }
  for (guint i = k; i-- > 0;) {
    double *bi = b + (gsize)i * r;
    const double *row = lu + (gsize)i * k;
    for (guint j = i + 1; j < k; j++) {
      const double f = row[j], *bj = b + (gsize)j * r;
      if (f != 0.0)
        for (guint q = 0; q < r; q++)
          bi[q] -= f * bj[q];
    }
    for (guint q = 0; q < r; q++)
      bi[q] /= row[i];
  }
}
