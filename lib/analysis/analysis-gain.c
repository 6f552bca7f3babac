/* valuestream - the values of an analysis under changed scores, and the
 * gain of fixing each unit (analysis-private.h, "values under changed
 * scores"): SPEC 4.3's fix value generalised to a target, for the
 * improvement plan (SPEC 9).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A change of scores changes only b(e) = a(e) s(e): the topology, reach,
 * structure, trends, shares and a(e) of the analysis stay valid and are
 * borrowed. Per change this file re-solves only what b(e) feeds: the
 * factorised I - B of a loop the change lies in, quality q (forward) and
 * R (backward), each one pass over the handoffs. */
#include <math.h>
#include <string.h>

#include "analysis-private.h"

struct VsValues {
  const VsAnalysis *a;  /* borrowed: outlives the values */
  double *score;        /* per handoff: the score in effect now, NAN unrated */
  double *out_a;        /* a(e) per out-row position */
  double *out_b, *in_b; /* b(e) per out-row and in-row position */
  guint32 *in_pos;      /* per handoff: its position in the in-rows */
  VsLoopSystem *bsys;   /* per loop: I - B restricted to it, factorised */
  double *q, *R;        /* per unit: quality, quality-weighted revenue downstream */
  double risk;          /* total revenue at risk */
};

/* Columns of a loop's inverse are solved for this many at a time. */
#define GAIN_BLOCK 32

/* ---- solving ---------------------------------------------------------------------- */

typedef struct {
  VsValues *v;
} ForwardTask;

/* q = own + B^T q, component by component in topological order. */
static gpointer
forward_task(gpointer data)
{
  VsValues *v = ((ForwardTask *)data)->v;
  const VsAnalysis *a = v->a;
  g_autofree double *work = vs_i_analysis_work_buffer(a);
  VsPass pass = vs_i_analysis_pass_of(a, TRUE, v->in_b, v->bsys);

  memcpy(v->q, a->own, a->n * sizeof(double));
  for (guint32 c = 0; c < a->n_comp; c++)
    vs_i_analysis_solve_comp(a, &pass, c, v->q, work);
  return NULL;
}

/* q and R under the current b (the two passes on both cores when the org
 * is large), then the total risk, summed over the customers in the order
 * the analysis sums them: unchanged scores give its total to the bit. */
static void
solve(VsValues *v)
{
  const VsAnalysis *a = v->a;
  const double *revenue = (const double *)a->org->u_revenue->data;
  g_autofree double *work = vs_i_analysis_work_buffer(a);
  VsPass pass = vs_i_analysis_pass_of(a, FALSE, v->out_b, v->bsys);
  ForwardTask forward = {v};
  VsTask task;

  vs_i_task_start(&task, vs_i_analysis_is_large(a), forward_task, &forward);
  memcpy(v->R, revenue, a->n * sizeof(double));
  for (guint32 c = a->n_comp; c-- > 0;)
    vs_i_analysis_solve_comp(a, &pass, c, v->R, work);
  vs_i_task_join(&task);
  v->risk = 0;
  for (guint32 k = 0; k < a->n_customers; k++) {
    guint32 u = a->customers[k];
    v->risk += revenue[u] * (1.0 - v->q[u]);
  }
}

VsValues *
vs_i_values_new(const VsAnalysis *a, GError **error)
{
  VsValues *v = g_new0(VsValues, 1);
  gsize n = a->n ? a->n : 1, m = a->m ? a->m : 1;

  v->a = a;
  v->score = g_memdup2(a->score, m * sizeof(double));
  v->out_a = g_new(double, m);
  v->out_b = g_new(double, m);
  v->in_b = g_new(double, m);
  vs_i_analysis_row_coefficients(a, v->out_a, v->out_b, v->in_b);
  v->in_pos = g_new(guint32, m);
  for (gsize j = 0; j < a->m; j++)
    v->in_pos[a->in_e[j]] = (guint32)j;
  v->q = g_new(double, n);
  v->R = g_new(double, n);
  if (!vs_i_analysis_factor_loops(a, v->out_b, &v->bsys, error)) {
    vs_i_values_free(v);
    return NULL;
  }
  solve(v);
  return v;
}

void
vs_i_values_free(VsValues *v)
{
  if (v == NULL)
    return;
  vs_i_loop_systems_free(v->bsys, v->a->n_loops);
  g_free(v->score);
  g_free(v->out_a);
  g_free(v->out_b);
  g_free(v->in_b);
  g_free(v->in_pos);
  g_free(v->q);
  g_free(v->R);
  g_free(v);
}

double
vs_i_values_get_risk(const VsValues *v)
{
  return v->risk;
}

const double *
vs_i_values_get_scores(const VsValues *v)
{
  return v->score;
}

/* ---- gains ------------------------------------------------------------------------ */

/* d(e) at out-row position @j of handoff @e: what fixing e to @target adds
 * to b(e); 0 when unrated (counted as 1 and left so) or already at or
 * above the target. a(e) target - b(e) rather than a(e) (target - s(e)):
 * with target 1 it is the analysis's own a - b, so the gains are its fix
 * values to the bit. */
static inline double
fix_delta(const VsValues *v, guint32 j, guint32 e, double target)
{
  double s = v->score[e];
  return isnan(s) || !(s < target) ? 0.0 : v->out_a[j] * target - v->out_b[j];
}

typedef struct {
  const VsValues *v;
  double target;
  double *gains, *N;
} GainInput;

/* N[u] = sum of d(e) R[to(e)] over u's handoffs, units lo .. hi: off
 * loops that is the gain times 1/q[u]; on loops N is kept for
 * gains_on_loops(). Writes only entries lo .. hi. */
static void
gain_range(VsAnalysis *a, gsize lo, gsize hi, gconstpointer data)
{
  const GainInput *in = data;
  const VsValues *v = in->v;
  const guint32 *nbr = a->topo->out_nbr;

  for (gsize u = lo; u < hi; u++) {
    double nu = 0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
      double d = fix_delta(v, j, a->out_e[j], in->target);
      if (d != 0.0)
        nu += d * v->R[nbr[j]];
    }
    in->N[u] = nu;
    in->gains[u] = a->loop_id[u] < 0 && nu != 0.0 ? v->q[u] * nu : 0.0;
  }
}

/* The gains of @units[0..r) of loop @l: L[u] = sum over u's handoffs
 * inside the loop of d(e) W(to(e), u), W(., u) being column u of
 * (I - B_SS)^-1 (SPEC 4.3). */
static void
loop_block(const GainInput *in, guint32 l, const guint32 *units, guint r, double *block)
{
  const VsValues *v = in->v;
  const VsAnalysis *a = v->a;
  const VsLoopSystem *sys = &v->bsys[l];
  const guint32 *nbr = a->topo->out_nbr;

  memset(block, 0, (gsize)sys->k * r * sizeof(double));
  for (guint q = 0; q < r; q++)
    block[(gsize)a->local[units[q]] * r + q] = 1.0;
  vs_i_lu_solve_many(sys->lu, sys->piv, sys->k, block, r);
  for (guint q = 0; q < r; q++) {
    guint32 u = units[q];
    double L = 0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      if (a->comp[nbr[j]] == a->comp[u])
        L += fix_delta(v, j, a->out_e[j], in->target) * block[(gsize)a->local[nbr[j]] * r + q];
    in->gains[u] = v->q[u] * in->N[u] / (1.0 - L);
  }
}

static void
gains_on_loops(const GainInput *in)
{
  const VsAnalysis *a = in->v->a;
  g_autofree double *work = vs_i_analysis_work_buffer(a);
  g_autofree double *block = NULL;
  guint32 pending[GAIN_BLOCK], k_max = 1;

  for (guint32 l = 0; l < a->n_loops; l++)
    k_max = MAX(k_max, a->loop_off[l + 1] - a->loop_off[l]);
  block = g_new(double, (gsize)k_max *GAIN_BLOCK);
  for (guint32 l = 0; l < a->n_loops; l++) {
    guint32 c = a->loop_comp[l];
    guint r = 0;
    for (guint32 i = a->comp_off[c]; i < a->comp_off[c + 1]; i++) {
      guint32 u = a->comp_units[i];
      if (in->N[u] != 0.0)
        pending[r++] = u;
      if (r == GAIN_BLOCK || (r > 0 && i + 1 == a->comp_off[c + 1])) {
        loop_block(in, l, pending, r, block);
        r = 0;
      }
    }
  }
}

void
vs_i_values_gains(const VsValues *v, double target, double *gains)
{
  const VsAnalysis *a = v->a;
  g_autofree double *N = g_new0(double, a->n ? a->n : 1);
  GainInput in = {v, target, gains, N};

  /* gain_range() writes only @gains and N, never the analysis */
  vs_i_analysis_split_range((VsAnalysis *)a, a->n, gain_range, &in);
  gains_on_loops(&in);
}

/* ---- changing scores ----------------------------------------------------------------- */

/* Factorises I - B restricted to loop @l again, from the current b, as
 * vs_i_analysis_factor_loops() does for every loop. */
static gboolean
refactor_loop(VsValues *v, guint32 l, GError **error)
{
  const VsAnalysis *a = v->a;
  const guint32 *nbr = a->topo->out_nbr;
  guint32 c = a->loop_comp[l], k = vs_i_analysis_comp_size(a, c);
  const guint32 *members = a->comp_units + a->comp_off[c];
  VsLoopSystem *sys = &v->bsys[l];

  memset(sys->lu, 0, (gsize)k * k * sizeof(double));
  for (guint32 i = 0; i < k; i++) {
    guint32 u = members[i];
    sys->lu[(gsize)i * k + i] = 1.0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      if (a->comp[nbr[j]] == c)
        sys->lu[(gsize)i * k + a->local[nbr[j]]] -= v->out_b[j];
  }
  if (!vs_i_lu_factor(sys->lu, k, sys->piv)) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "the rework loop with %s is numerically singular (own shares too close to 0?)",
                vs_i_unit_id(a->org, a->loop_sorted[a->loop_off[l]]));
    return FALSE;
  }
  return TRUE;
}

gboolean
vs_i_values_fix(VsValues *v, guint32 u, double target, GError **error)
{
  const VsAnalysis *a = v->a;
  gboolean in_loop = FALSE;

  for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
    guint32 e = a->out_e[j], w = a->to[e];
    if (isnan(v->score[e]) || !(v->score[e] < target))
      continue; /* unrated (stays so), or already at the target */
    v->score[e] = target;
    v->out_b[j] = v->out_a[j] * target;
    v->in_b[v->in_pos[e]] = v->out_b[j];
    in_loop |= a->comp[w] == a->comp[u];
  }
  if (in_loop && !refactor_loop(v, (guint32)a->loop_id[u], error))
    return FALSE;
  solve(v);
  return TRUE;
}
