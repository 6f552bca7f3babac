/* valuestream - the linear systems of an analysis: loops factorised,
 * passes component by component (analysis-private.h, "linear systems").
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "analysis-private.h"

/* Factorises I - C restricted to loop @l, C given per out-row position.
 * FALSE when singular, which a validated org cannot be; kept as a guard
 * against rounding. */
static gboolean
factor_loop(const VsAnalysis *a, guint32 l, const double *coef, VsLoopSystem *sys)
{
  const guint32 *nbr = a->topo->out_nbr;
  guint32 c = a->loop_comp[l], k = vs_i_analysis_comp_size(a, c);
  const guint32 *members = a->comp_units + a->comp_off[c];

  sys->k = k;
  sys->lu = g_new0(double, (gsize)k *k);
  sys->piv = g_new(guint, k);
  for (guint32 i = 0; i < k; i++) {
    guint32 u = members[i];
    sys->lu[(gsize)i * k + i] = 1.0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      if (a->comp[nbr[j]] == c)
        sys->lu[(gsize)i * k + a->local[nbr[j]]] -= coef[j];
  }
  return vs_i_lu_factor(sys->lu, k, sys->piv);
}

void
vs_i_loop_systems_free(VsLoopSystem *systems, guint32 n)
{
  if (systems == NULL)
    return;
  for (guint32 l = 0; l < n; l++) {
    g_free(systems[l].lu);
    g_free(systems[l].piv);
  }
  g_free(systems);
}

gboolean
vs_i_analysis_factor_loops(const VsAnalysis *a, const double *coef, VsLoopSystem **out,
                           GError **error)
{
  VsLoopSystem *systems = g_new0(VsLoopSystem, a->n_loops + 1);
  for (guint32 l = 0; l < a->n_loops; l++) {
    if (!factor_loop(a, l, coef, &systems[l])) {
      vs_i_loop_systems_free(systems, a->n_loops);
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                  "the rework loop with %s is numerically singular (own shares too close to 0?)",
                  vs_i_unit_id(a->org, a->loop_sorted[a->loop_off[l]]));
      return FALSE;
    }
  }
  *out = systems;
  return TRUE;
}

double *
vs_i_analysis_work_buffer(const VsAnalysis *a)
{
  guint32 k = 1;
  for (guint32 l = 0; l < a->n_loops; l++)
    k = MAX(k, a->loop_off[l + 1] - a->loop_off[l]);
  return g_new(double, k);
}

void
vs_i_analysis_push_comp(const VsAnalysis *a, const double *coef, const VsLoopSystem *systems,
                        guint32 c, double *x, double *work)
{
  const guint32 *members = a->comp_units + a->comp_off[c];
  const guint32 *nbr = a->topo->out_nbr;
  guint32 k = vs_i_analysis_comp_size(a, c);

  if (k > 1) {
    const VsLoopSystem *sys = &systems[a->loop_id[members[0]]];
    for (guint32 i = 0; i < k; i++)
      work[i] = x[members[i]];
    vs_i_lu_solve(sys->lu, sys->piv, k, work, TRUE);
    for (guint32 i = 0; i < k; i++)
      x[members[i]] = work[i];
  }
  /* A loop's own handoffs are in its system; a one-unit component has
   * none (no self-handoffs). */
  for (guint32 i = 0; i < k; i++) {
    guint32 u = members[i];
    double xu = x[u];
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      if (k == 1 || a->comp[nbr[j]] != c)
        x[nbr[j]] += coef[j] * xu;
  }
}

double *
vs_i_analysis_forward_from(const VsAnalysis *a, const double *coef, const VsLoopSystem *systems,
                           guint32 start, gboolean by_provider)
{
  g_autofree double *work = vs_i_analysis_work_buffer(a);
  g_autoptr(GArray) comps = vs_i_analysis_reachable_components(a, start, TRUE);
  VsPass pass = vs_i_analysis_pass_of(a, TRUE, coef, systems);
  double *y = g_new0(double, a->n);

  y[start] = 1.0;
  for (guint i = 0; i < comps->len; i++) {
    guint32 c = g_array_index(comps, guint32, i);
    if (by_provider)
      vs_i_analysis_push_comp(a, coef, systems, c, y, work);
    else
      vs_i_analysis_solve_comp(a, &pass, c, y, work);
  }
  return y;
}

GArray *
vs_i_analysis_backward_to(const VsAnalysis *a, const double *coef, const VsLoopSystem *systems,
                          guint32 end, double *x)
{
  g_autofree double *work = vs_i_analysis_work_buffer(a);
  GArray *comps = vs_i_analysis_reachable_components(a, end, FALSE);
  VsPass pass = vs_i_analysis_pass_of(a, FALSE, coef, systems);

  x[end] = 1.0;
  for (guint i = comps->len; i-- > 0;)
    vs_i_analysis_solve_comp(a, &pass, g_array_index(comps, guint32, i), x, work);
  return comps;
}

GArray *
vs_i_analysis_reachable_components(const VsAnalysis *a, guint32 start, gboolean forward)
{
  const guint32 *ends = forward ? a->to : a->from;
  const guint32 *off = forward ? a->out_off : a->in_off;
  const guint32 *edges = forward ? a->out_e : a->in_e;
  g_autofree guint8 *seen = g_new0(guint8, a->n);
  g_autofree guint8 *comp_seen = g_new0(guint8, a->n_comp);
  g_autoptr(GArray) queue = g_array_new(FALSE, FALSE, sizeof(guint32));
  GArray *comps = g_array_new(FALSE, FALSE, sizeof(guint32));

  seen[start] = 1;
  g_array_append_val(queue, start);
  for (guint i = 0; i < queue->len; i++) {
    guint32 u = g_array_index(queue, guint32, i);
    if (!comp_seen[a->comp[u]]) {
      comp_seen[a->comp[u]] = 1;
      g_array_append_val(comps, a->comp[u]);
    }
    for (guint32 j = off[u]; j < off[u + 1]; j++) {
      guint32 v = ends[edges[j]];
      if (!seen[v]) {
        seen[v] = 1;
        g_array_append_val(queue, v);
      }
    }
  }
  g_array_sort(comps, vs_i_analysis_cmp_u32);
  return comps;
}
