/* valuestream - the analysis of SPEC section 4: the entry point. Options,
 * the stages in turn (analysis-private.h maps their files), the customers
 * and their revenue at risk, and the end of an analysis.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Layout: everything is a flat array indexed by unit or handoff index.
 * igraph provides the strongly connected components, the breadth-first
 * search towards the customers and the two dominator trees, all in one
 * locked section; every linear system is then solved component by
 * component in topological order: units on no loop in one pass,
 * loops with a small dense factorisation each. Nothing is quadratic in
 * the size of the org; shares and customer lists are computed when asked.
 */
#include <math.h>
#include <string.h>

#include "analysis-private.h"
#include "org-topology.h"

gboolean
vs_i_analysis_options_current(const VsAnalysisOptions *in, VsAnalysisOptions *out)
{
  static const VsAnalysisOptions defaults = VS_ANALYSIS_OPTIONS_INIT;

  *out = defaults;
  if (in == NULL)
    return TRUE;
  if (in->version == 1)
    memcpy(out, in, offsetof(VsAnalysisOptions, cost_basis));
  else if (in->version == 2)
    memcpy(out, in, offsetof(VsAnalysisOptions, as_of));
  else if (in->version == VS_ANALYSIS_OPTIONS_VERSION)
    *out = *in;
  else
    return FALSE;
  out->version = VS_ANALYSIS_OPTIONS_VERSION;
  return TRUE;
}

gboolean
vs_analysis_options_check(const VsAnalysisOptions *options, GError **error)
{
  VsAnalysisOptions current;
  const VsAnalysisOptions *o = &current;
  const char *bad = NULL;

  g_return_val_if_fail(options != NULL, FALSE);
  if (!vs_i_analysis_options_current(options, &current))
    bad = "version (start from VS_ANALYSIS_OPTIONS_INIT)";
  else if (!(o->poor_score >= 0 && o->poor_score <= 1))
    bad = "poor_score (must be in 0..1)";
  else if (!(o->ripple_share >= 0 && o->ripple_share <= 1))
    bad = "ripple_share (must be in 0..1)";
  else if (!(o->survey_target > 0 && o->survey_target <= 1))
    bad = "survey_target (must be in (0, 1])";
  else if (!(o->trend_alpha > 0 && o->trend_alpha < 1))
    bad = "trend_alpha (must be in (0, 1))";
  else if (!(o->trend_min_slope >= 0 && isfinite(o->trend_min_slope)))
    bad = "trend_min_slope (must be >= 0)";
  else if (o->trend_min_periods < 2)
    bad = "trend_min_periods (must be >= 2)";
  else if (o->cost_basis != VS_COST_BASIS_WEIGHT && o->cost_basis != VS_COST_BASIS_VOLUME)
    bad = "cost_basis (must be VS_COST_BASIS_WEIGHT or VS_COST_BASIS_VOLUME)";
  else if (!(o->markup >= 0 && isfinite(o->markup)))
    bad = "markup (must be >= 0)";
  else if (o->as_of != NULL && (*o->as_of == '\0' || !g_utf8_validate(o->as_of, -1, NULL)))
    bad = "as_of (must be a non-empty period, UTF-8)";
  else if (o->min_responses < 1 || o->min_responses > G_MAXINT)
    bad = "min_responses (must be in 1..2^31-1)";
  if (bad != NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "invalid analysis option %s", bad);
    return FALSE;
  }
  return TRUE;
}

/* ---- customers ----------------------------------------------------------------- */

/* The customers, in unit order and by id (what the customer sets and the
 * lists need; their risk comes with the values, customer_risk()). */
static void
collect_customers(VsAnalysis *a)
{
  guint32 k = 0;

  for (gsize u = 0; u < a->n; u++)
    a->n_kind[a->kind[u]]++;
  a->n_customers = (guint32)a->n_kind[VS_KIND_CUSTOMER];
  a->customers = g_new(guint32, a->n_customers + 1);
  a->customer_rank = g_new(guint32, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++) {
    a->customer_rank[u] = G_MAXUINT32;
    if (a->kind[u] == VS_KIND_CUSTOMER)
      a->customers[k++] = (guint32)u;
  }
  /* padded to whole words of the reach bit arrays, which lists read
   * (vs_i_bits_expand() wants an entry for every bit) */
  a->customers_by_id = g_new0(guint32, (a->n_customers + 63) / 64 * 64 + 1);
  memcpy(a->customers_by_id, a->customers, a->n_customers * sizeof(guint32));
  vs_i_analysis_sort_by_id(a->org, a->customers_by_id, a->n_customers);
  for (guint32 r = 0; r < a->n_customers; r++)
    a->customer_rank[a->customers_by_id[r]] = r;
}

/* Revenue at risk per customer, r(c)(1 - q(c)), and the totals. */
static void
customer_risk(VsAnalysis *a)
{
  const double *revenue = (const double *)a->org->u_revenue->data;

  a->risk = g_new0(double, a->n ? a->n : 1);
  for (guint32 k = 0; k < a->n_customers; k++) {
    guint32 u = a->customers[k];
    a->risk[u] = revenue[u] * (1.0 - a->q[u]);
    a->total_revenue += revenue[u];
    a->total_risk += a->risk[u];
  }
}

/* Revenues near the largest double (1.8e308) can overflow a sum or the
 * solution of a loop's system: then a figure would be infinite or NaN,
 * which the model never produces and a report cannot show. Refuse. */
static gboolean
check_finite(const VsAnalysis *a, GError **error)
{
  gboolean ok = isfinite(a->total_revenue) && isfinite(a->total_risk);

  for (gsize u = 0; ok && u < a->n; u++)
    ok = isfinite(a->q[u]) && isfinite(a->exposure[u]) && isfinite(a->risk[u]) &&
         isfinite(a->fix[u]);
  if (!ok)
    g_set_error_literal(error, VS_ERROR, VS_ERROR_LIMIT,
                        "the figures exceed the range of double-precision numbers "
                        "(revenues near 1e308?)");
  return ok;
}

/* Records the time since @since as @phase; returns now. */
static gint64
lap(VsAnalysis *a, VsPhase phase, gint64 since)
{
  gint64 now = g_get_monotonic_time();
  a->phase_seconds[phase] = (double)(now - since) / G_USEC_PER_SEC;
  return now;
}

/* ---- construction ------------------------------------------------------------- */

typedef struct {
  VsAnalysis *a;
  double seconds;
} SurveyTask;

static gpointer
survey_task(gpointer data)
{
  SurveyTask *s = data;
  gint64 t = g_get_monotonic_time();

  vs_i_analysis_surveys(s->a);
  s->seconds = (double)(g_get_monotonic_time() - t) / G_USEC_PER_SEC;
  return NULL;
}

/* Line of sight and structure, with the surveys beside them on the second
 * core (large orgs): the surveys read only the org and the adjacency rows,
 * and write only the trends. They fill the time the search from the
 * customers and the end of the structure phase leave one core idle.
 * *@t: when the line of sight phase started; on return, now. */
static gboolean
sight_structure_and_surveys(VsAnalysis *a, gint64 *t, GError **error)
{
  SurveyTask surveys = {a, 0.0};
  VsTask task;
  gboolean ok;

  vs_i_task_start(&task, vs_i_analysis_is_large(a), survey_task, &surveys);
  ok = vs_i_analysis_line_of_sight(a, error);
  if (ok) {
    *t = lap(a, VS_PHASE_LINE_OF_SIGHT, *t);
    ok = vs_i_analysis_structure(a, error) && vs_i_analysis_find_loops(a, error);
  }
  if (ok) {
    g_clear_pointer(&a->bfs_order, g_free);
    *t = lap(a, VS_PHASE_STRUCTURE, *t);
  }
  vs_i_task_join(&task);
  *t = g_get_monotonic_time();
  a->phase_seconds[VS_PHASE_SURVEYS] = surveys.seconds;
  return ok;
}

VsAnalysis *
vs_analysis_new(const VsOrg *org, const VsAnalysisOptions *options, GError **error)
{
  static const VsAnalysisOptions defaults = VS_ANALYSIS_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = NULL;
  gint64 t;

  g_return_val_if_fail(org != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &defaults;
  if (!vs_analysis_options_check(options, error))
    return NULL;

  a = g_new0(VsAnalysis, 1);
  a->org = vs_i_org_ref((VsOrg *)org);
  vs_i_analysis_options_current(options, &a->opts);
  a->opts.as_of = a->as_of = g_strdup(a->opts.as_of);
  a->n = org->u_id->len;
  a->m = org->h_from->len;
  t = g_get_monotonic_time();
  if (!vs_i_analysis_graph(a, error))
    return NULL;
  collect_customers(a);
  t = lap(a, VS_PHASE_GRAPH, t);
  if (!sight_structure_and_surveys(a, &t, error))
    return NULL;
  /* A large analysis builds its customer sets on the other core from here
   * on: the solves and findings leave a core idle for much of their time,
   * and the sets would otherwise come at the first list asked for, on the
   * caller's time. A small one builds them when first asked, and so does
   * the analysis of a scenario's org: it is made to be compared, and a
   * comparison reads no customer sets (they take 128 MB at 1M units). */
  if (vs_i_analysis_is_large(a) && !org->to_compare)
    vs_i_analysis_start_task(a, vs_i_analysis_reach);
  vs_i_analysis_coefficients(a);
  if (!vs_i_analysis_solve(a, error))
    return NULL;
  t = lap(a, VS_PHASE_VALUES, t);
  if (!vs_i_analysis_costs(a, error))
    return NULL;
  t = lap(a, VS_PHASE_COST, t);
  customer_risk(a);
  if (!check_finite(a, error))
    return NULL;
  lap(a, VS_PHASE_FINDINGS, t); /* the rest adds its own time */
  /* A large analysis makes its findings on the other core once the values
   * are solved: the caller's first lists need none of them. A small one
   * makes them before returning. */
  if (vs_i_analysis_is_large(a))
    vs_i_analysis_start_task(a, vs_i_analysis_findings);
  else
    vs_i_analysis_findings(a);
  return g_steal_pointer(&a);
}

void
vs_analysis_free(VsAnalysis *a)
{
  if (a == NULL)
    return;
  vs_i_analysis_wait_for_tasks(a);
  vs_i_loop_systems_free(a->loop_sys, a->n_loops);
  vs_i_cost_free(a->cost, a->n_loops);
  g_free(a->as_of);
  g_free(a->loop_id);
  g_free(a->loop_comp);
  g_free(a->loop_off);
  g_free(a->loop_sorted);
  g_free(a->share);
  g_free(a->score);
  g_free(a->out_a);
  g_free(a->out_b);
  g_free(a->in_a);
  g_free(a->in_b);
  g_free(a->q);
  g_free(a->dii);
  g_free(a->exposure);
  g_free(a->risk);
  g_free(a->service);
  g_free(a->fix);
  g_free(a->hops);
  g_free(a->next);
  g_free(a->ipdom);
  g_free(a->idom);
  g_free(a->dependents);
  g_free(a->flags);
  g_free(a->customers);
  g_free(a->customers_by_id);
  g_free(a->customer_rank);
  g_free(a->group_ids);
  g_free(a->diagnosis);
  g_free(a->poor_off);
  g_free(a->poor_units);
  g_free(a->trends);
  g_free(a->trend_off);
  g_free(a->trend_first);
  g_free(a->trend_means);
  g_free(a->trend_periods);
  if (a->warnings != NULL)
    g_ptr_array_free(a->warnings, TRUE);
  vs_i_reach_sets_unref(a->reach_sets);
  g_free(a->bfs_order);
  vs_i_topology_unref(a->topo);
  if (a->org != NULL)
    vs_i_org_unref(a->org);
  g_free(a);
}
