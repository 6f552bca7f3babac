/* valuestream - the analysis: the values of SPEC 4.2-4.3. Each handoff's
 * share, score and coefficients; quality, exposure and D[u][u] from the
 * linear systems, solved component by component; the fix values; and the
 * shares of a unit or a customer, solved when asked.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <string.h>

#include "analysis-private.h"
#include "org-topology.h"

/* ---- per-handoff coefficients ----------------------------------------------- */

/* The weight into each unit; for the receivers whose weights overflow a
 * double, w_max[v] > 0 and w_in[v] is the sum relative to it. */
typedef struct {
  const double *w_in, *w_max; /* w_max NULL: no overflow anywhere */
} WeightSums;

/* Handoffs ahead whose receiver's entries (and provider's trends) are
 * fetched: receivers lie anywhere. */
#define COEF_AHEAD 16

/* Handoffs lo .. hi of vs_i_analysis_coefficients(); @data: WeightSums. */
static void
coefficients_range(VsAnalysis *a, gsize lo, gsize hi, gconstpointer data)
{
  const WeightSums *sums = data;
  const double *w_in = sums->w_in, *w_max = sums->w_max;
  const double *weight = (const double *)a->org->h_weight->data;
  const double *given = (const double *)a->org->h_score->data;

  for (gsize e = lo; e < hi; e++) {
    guint32 v = a->to[e];
    if (e + COEF_AHEAD < hi) {
      guint32 w = a->to[e + COEF_AHEAD];
      __builtin_prefetch(w_in + w);
      __builtin_prefetch(a->own + w);
      __builtin_prefetch(a->trend_first + a->from[e + COEF_AHEAD]);
    }
    if (G_UNLIKELY(w_max != NULL && w_max[v] > 0))
      a->share[e] = weight[e] / w_max[v] / w_in[v];
    else
      a->share[e] = weight[e] / w_in[v];
    a->score[e] = given[e];
    if (isnan(given[e])) {
      gssize t = vs_i_analysis_find_trend(a, a->from[e], v);
      if (t >= 0)
        a->score[e] = a->trends[t].score;
    }
  }
}

/* w_in[v] for receivers lo .. hi: the weights of v's in-row, which lists
 * v's handoffs in handoff order, so each sum adds what a pass over all
 * handoffs in order would, in that order. @data: the w_in array. */
static void
weight_sums_range(VsAnalysis *a, gsize lo, gsize hi, gconstpointer data)
{
  double *w_in = (double *)data; /* each range writes only its own entries */
  const double *weight = (const double *)a->org->h_weight->data;

  for (gsize v = lo; v < hi; v++) {
    double sum = 0;
    for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++)
      sum += weight[a->in_e[j]];
    w_in[v] = sum;
  }
}

/* share(e) and the score used (own, survey, or NAN); the coefficients
 * follow from them (coef_of()). */
void
vs_i_analysis_coefficients(VsAnalysis *a)
{
  const VsOrg *org = a->org;
  const guint32 *to = a->to;
  const double *weight = (const double *)org->h_weight->data;
  g_autofree double *w_in = g_new0(double, a->n ? a->n : 1);
  g_autofree double *w_max = NULL;
  gboolean overflow = FALSE;
  gsize m = a->m ? a->m : 1;
  WeightSums sums;

  a->share = g_new(double, m);
  a->score = g_new(double, m);
  /* in handoff order: the sums must not depend on how work is split */
  vs_i_analysis_split_range(a, a->n, weight_sums_range, w_in);
  for (gsize v = 0; v < a->n; v++)
    overflow |= isinf(w_in[v]);
  if (G_UNLIKELY(overflow)) {
    /* Weights near the largest double overflow their sum: for those
     * receivers sum them relative to the largest one instead. */
    w_max = g_new0(double, a->n);
    for (gsize e = 0; e < a->m; e++)
      if (isinf(w_in[to[e]]))
        w_max[to[e]] = MAX(w_max[to[e]], weight[e]);
    for (gsize v = 0; v < a->n; v++)
      if (w_max[v] > 0)
        w_in[v] = 0;
    for (gsize e = 0; e < a->m; e++)
      if (w_max[to[e]] > 0)
        w_in[to[e]] += weight[e] / w_max[to[e]];
  }
  sums = (WeightSums){w_in, w_max};
  vs_i_analysis_split_range(a, a->m, coefficients_range, &sums);
}

/* a(e) = (1 - own[v]) share(e) of the dependency matrix and b(e) = a(e)
 * s(e), unrated counting as 1, of handoff @e to @v. Always this
 * expression, so every layout made of it, now or later, holds the same
 * bits. The rows give v at hand (a neighbour or the row's own unit), one
 * random read fewer than to[e]. */
static inline VsCoef
coef_of(const VsAnalysis *a, guint32 e, guint32 v)
{
  VsCoef c;

  c.a = (1.0 - a->own[v]) * a->share[e];
  c.b = c.a * (isnan(a->score[e]) ? 1.0 : a->score[e]);
  return c;
}

/* The coefficients laid out in adjacency-row order so that the passes
 * below stream through memory: per position j of the out-rows, out_a[j] =
 * a(e) and out_b[j] = b(e); b(e) per position of the in-rows. d(e) = a(e)
 * - b(e) is what fixing e adds to b(e). Each nullable. */
void
vs_i_analysis_row_coefficients(const VsAnalysis *a, double *out_a, double *out_b, double *in_b)
{
  const guint32 *out_nbr = a->topo->out_nbr;

  for (gsize j = 0; j < a->m && (out_a != NULL || out_b != NULL); j++) {
    VsCoef c = coef_of(a, a->out_e[j], out_nbr[j]);
    if (out_a != NULL)
      out_a[j] = c.a;
    if (out_b != NULL)
      out_b[j] = c.b;
  }
  for (gsize v = 0; v < a->n && in_b != NULL; v++)
    for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++)
      in_b[j] = coef_of(a, a->in_e[j], (guint32)v).b;
}

static gpointer
in_coefficients_task(gpointer data)
{
  VsAnalysis *a = data;
  vs_i_analysis_row_coefficients(a, NULL, NULL, a->in_b);
  return NULL;
}

/* Both layouts are random gathers over every handoff: one per core. The
 * in-rows' a(e) only the share queries read: in_rows_a() makes it then. */
static void
row_coefficients(VsAnalysis *a)
{
  gsize m = a->m ? a->m : 1;
  VsTask task;

  a->out_a = g_new(double, m);
  a->out_b = g_new(double, m);
  a->in_b = g_new(double, m);
  vs_i_task_start(&task, vs_i_analysis_is_large(a), in_coefficients_task, a);
  vs_i_analysis_row_coefficients(a, a->out_a, a->out_b, NULL);
  vs_i_task_join(&task);
}

static void
make_in_rows_a(VsAnalysis *a)
{
  double *in_a = g_new(double, a->m ? a->m : 1);

  for (gsize v = 0; v < a->n; v++)
    for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++)
      in_a[j] = coef_of(a, a->in_e[j], (guint32)v).a;
  a->in_a = in_a;
}

/* a(e) per in-row position, made once, on the first share query: row v
 * holds v's handoffs; coef_of(), so the same bits as every other layout. */
static const double *
in_rows_a(const VsAnalysis *a)
{
  vs_i_analysis_make_once(a, &((VsAnalysis *)a)->in_a_once, make_in_rows_a);
  return a->in_a;
}

static void
make_out_rows_a(VsAnalysis *a)
{
  double *out_a = g_new(double, a->m ? a->m : 1);

  vs_i_analysis_row_coefficients(a, out_a, NULL, NULL);
  a->out_a = out_a;
}

/* a(e) per out-row position again, made once, on the first customer's
 * shares: the solve drops its rows when done (see vs_i_analysis_solve()). */
static const double *
out_rows_a(const VsAnalysis *a)
{
  vs_i_analysis_make_once(a, &((VsAnalysis *)a)->out_a_once, make_out_rows_a);
  return a->out_a;
}

/* solve_comp() for two passes along the same rows (@p and @q differ in
 * their coefficients and loop systems): a unit on no loop reads its row
 * once for both. */
static void
solve_comp_twice(const VsAnalysis *a, const VsPass *p, const VsPass *q, guint32 c, double *x,
                 double *y, double *work)
{
  guint32 u = a->comp_units[a->comp_off[c]];
  double s = x[u], t = y[u];

  if (vs_i_analysis_comp_size(a, c) > 1) {
    vs_i_analysis_solve_comp(a, p, c, x, work);
    vs_i_analysis_solve_comp(a, q, c, y, work);
    return;
  }
  for (guint32 j = p->off[u]; j < p->off[u + 1]; j++) {
    s += p->coef[j] * x[p->nbr[j]];
    t += q->coef[j] * y[p->nbr[j]];
  }
  x[u] = s;
  y[u] = t;
}

/* Columns of a loop's inverse are solved for this many at a time. */
#define INVERSE_BLOCK 32

/* Columns @cols[0..r) of (I - C_SS)^-1 of loop system @sys, r <=
 * INVERSE_BLOCK, into @block: k x r, row-major (block[i * r + q] is entry
 * i of column cols[q]). */
static void
inverse_columns(const VsLoopSystem *sys, const guint32 *cols, guint r, double *block)
{
  memset(block, 0, (gsize)sys->k * r * sizeof(double));
  for (guint q = 0; q < r; q++)
    block[(gsize)cols[q] * r + q] = 1.0;
  vs_i_lu_solve_many(sys->lu, sys->piv, sys->k, block, r);
}

/* Room for INVERSE_BLOCK columns of the largest loop. */
static double *
block_buffer(const VsAnalysis *a)
{
  guint32 k = 1;
  for (guint32 l = 0; l < a->n_loops; l++)
    k = MAX(k, a->loop_off[l + 1] - a->loop_off[l]);
  return g_new(double, (gsize)k *INVERSE_BLOCK);
}

/* D[u][u] = [(I - A)^-1]_uu: 1 off loops, from the loop's inverse on them. */
static void
compute_dii(VsAnalysis *a)
{
  g_autofree double *block = block_buffer(a);
  guint32 cols[INVERSE_BLOCK];

  a->dii = g_new(double, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++)
    a->dii[u] = 1.0;
  for (guint32 l = 0; l < a->n_loops; l++) {
    const VsLoopSystem *sys = &a->loop_sys[l];
    const guint32 *members = a->comp_units + a->comp_off[a->loop_comp[l]];
    for (guint32 j0 = 0; j0 < sys->k; j0 += INVERSE_BLOCK) {
      guint r = MIN(INVERSE_BLOCK, sys->k - j0);
      for (guint q = 0; q < r; q++)
        cols[q] = j0 + q;
      inverse_columns(sys, cols, r, block);
      for (guint q = 0; q < r; q++)
        a->dii[members[j0 + q]] = block[(gsize)(j0 + q) * r + q];
    }
  }
}

typedef struct {
  const double *R;
  double *N; /* out: N[u], for the units on loops */
} FixInput;

/* fix_value(u) = q[u] N[u] / (1 - L[u]) (SPEC 4.3, Sherman-Morrison), with
 * d = a - b per out-row position, for units lo .. hi off loops (L = 0);
 * for those on loops only N[u], finished by fix_on_loops(). */
static void
fix_range(VsAnalysis *a, gsize lo, gsize hi, gconstpointer data)
{
  const FixInput *in = data;
  const double *R = in->R;
  const guint32 *nbr = a->topo->out_nbr;

  for (gsize u = lo; u < hi; u++) {
    double nu = 0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      nu += (a->out_a[j] - a->out_b[j]) * R[nbr[j]];
    if (a->loop_id[u] >= 0)
      in->N[u] = nu;
    else if (nu != 0.0)
      a->fix[u] = a->q[u] * nu;
  }
}

/* L[u] for the units @units[0..r) of loop @l (SPEC 4.3): W(v, u) for v in
 * u's loop is column u of (I - B_SS)^-1. */
static void
loop_terms(const VsAnalysis *a, guint32 l, const VsLoopSystem *bsys, const guint32 *units, guint r,
           double *block, double *L)
{
  const guint32 *nbr = a->topo->out_nbr;
  guint32 cols[INVERSE_BLOCK];

  for (guint q = 0; q < r; q++)
    cols[q] = a->local[units[q]];
  inverse_columns(&bsys[l], cols, r, block);
  for (guint q = 0; q < r; q++) {
    guint32 u = units[q];
    double sum = 0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      if (a->comp[nbr[j]] == a->comp[u])
        sum += (a->out_a[j] - a->out_b[j]) * block[(gsize)a->local[nbr[j]] * r + q];
    L[q] = sum;
  }
}

/* The fix values of units on loops: L[u] needs a column of the loop's
 * inverse, found for INVERSE_BLOCK units at a time. */
static void
fix_on_loops(VsAnalysis *a, const double *N, const VsLoopSystem *bsys)
{
  g_autofree double *block = block_buffer(a);
  guint32 pending[INVERSE_BLOCK];
  double L[INVERSE_BLOCK];

  for (guint32 l = 0; l < a->n_loops; l++) {
    guint32 c = a->loop_comp[l];
    guint r = 0;
    for (guint32 i = a->comp_off[c]; i < a->comp_off[c + 1]; i++) {
      guint32 u = a->comp_units[i];
      if (N[u] != 0.0)
        pending[r++] = u;
      if (r == INVERSE_BLOCK || (r > 0 && i + 1 == a->comp_off[c + 1])) {
        loop_terms(a, l, bsys, pending, r, block, L);
        for (guint q = 0; q < r; q++)
          a->fix[pending[q]] = a->q[pending[q]] * N[pending[q]] / (1.0 - L[q]);
        r = 0;
      }
    }
  }
}

static void
compute_fix_values(VsAnalysis *a, const double *R, const VsLoopSystem *bsys)
{
  g_autofree double *N = g_new0(double, a->n ? a->n : 1);
  FixInput in = {R, N};

  a->fix = g_new0(double, a->n ? a->n : 1);
  vs_i_analysis_split_range(a, a->n, fix_range, &in);
  fix_on_loops(a, N, bsys);
}

/* The forward solve, for the second core: quality q = own + B^T q. */
typedef struct {
  VsAnalysis *a;
  const VsLoopSystem *bsys;
} SolveTask;

static gpointer
solve_task(gpointer data)
{
  SolveTask *task = data;
  VsAnalysis *a = task->a;
  g_autofree double *work = vs_i_analysis_work_buffer(a);
  VsPass quality = vs_i_analysis_pass_of(a, TRUE, a->in_b, task->bsys);

  for (guint32 c = 0; c < a->n_comp; c++)
    vs_i_analysis_solve_comp(a, &quality, c, a->q, work);
  return NULL;
}

gboolean
vs_i_analysis_solve(VsAnalysis *a, GError **error)
{
  const double *revenue = (const double *)a->org->u_revenue->data;
  VsLoopSystem *bsys = NULL;
  g_autofree double *R = NULL, *y = NULL, *work = vs_i_analysis_work_buffer(a);
  gsize n = a->n ? a->n : 1;
  SolveTask solve = {a, NULL};
  VsTask task;
  VsPass risk, exposure;

  row_coefficients(a);
  if (!vs_i_analysis_factor_loops(a, a->out_a, &a->loop_sys, error) ||
      !vs_i_analysis_factor_loops(a, a->out_b, &bsys, error))
    return FALSE;
  a->q = g_memdup2(a->own, n * sizeof(double));
  R = g_memdup2(revenue, n * sizeof(double));
  y = g_memdup2(revenue, n * sizeof(double));
  solve = (SolveTask){a, bsys};
  vs_i_task_start(&task, vs_i_analysis_is_large(a), solve_task, &solve);
  /* meanwhile, backward in one sweep, R = revenue + B R and the exposure
   * numerator y = revenue + A y; then the loops' D[u][u] */
  risk = vs_i_analysis_pass_of(a, FALSE, a->out_b, bsys);
  exposure = vs_i_analysis_pass_of(a, FALSE, a->out_a, a->loop_sys);
  for (guint32 c = a->n_comp; c-- > 0;)
    solve_comp_twice(a, &risk, &exposure, c, R, y, work);
  compute_dii(a);
  vs_i_task_join(&task);
  a->exposure = g_new(double, n);
  for (gsize u = 0; u < a->n; u++)
    a->exposure[u] = y[u] / a->dii[u];
  compute_fix_values(a, R, bsys);
  vs_i_loop_systems_free(bsys, a->n_loops);
  /* The rows of a(e) and b(e) are a tenth of a large analysis's memory
   * and only the share queries and the plan read them again: they make
   * them again (out_rows_a(), vs_i_analysis_row_coefficients()). */
  g_clear_pointer(&a->out_a, g_free);
  g_clear_pointer(&a->out_b, g_free);
  g_clear_pointer(&a->in_b, g_free);
  return TRUE;
}

/* ---- shares, on demand ------------------------------------------------------------ */

void
vs_analysis_get_unit_shares(const VsAnalysis *a, gsize unit, double *out)
{
  g_autofree double *y = NULL;

  g_return_if_fail(a != NULL);
  g_return_if_fail(unit < a->n);
  g_return_if_fail(out != NULL || a->n_customers == 0);
  if (a->n_customers == 0)
    return;
  memset(out, 0, a->n_customers * sizeof(double));
  if (a->kind[unit] == VS_KIND_CUSTOMER)
    return;
  /* Row @unit of D = (I - A)^-1 by one forward pass over what it reaches:
   * y = e_unit + A^T y. Then shares[c] = D[u][c] / D[u][u]. */
  y = vs_i_analysis_forward_from(a, in_rows_a(a), a->loop_sys, (guint32)unit, FALSE);
  for (guint32 k = 0; k < a->n_customers; k++)
    out[k] = y[a->customers[k]] / a->dii[unit];
}

gboolean
vs_analysis_get_customer_shares(const VsAnalysis *a, gsize customer, double *out)
{
  g_autoptr(GArray) comps = NULL;

  g_return_val_if_fail(a != NULL, FALSE);
  g_return_val_if_fail(customer < a->n, FALSE);
  g_return_val_if_fail(out != NULL, FALSE);
  memset(out, 0, a->n * sizeof(double));
  if (a->kind[customer] != VS_KIND_CUSTOMER)
    return FALSE;
  /* Column @customer of D by one backward pass over the units that reach
   * it: x = e_c + A x; then share[u] = D[u][c] / D[u][u]. */
  comps = vs_i_analysis_backward_to(a, out_rows_a(a), a->loop_sys, (guint32)customer, out);
  for (guint i = 0; i < comps->len; i++) {
    guint32 c = g_array_index(comps, guint32, i);
    for (guint32 j = a->comp_off[c]; j < a->comp_off[c + 1]; j++)
      out[a->comp_units[j]] /= a->dii[a->comp_units[j]];
  }
  return TRUE;
}
