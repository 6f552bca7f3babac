/* valuestream - the analysis: the getters, and the names of flags,
 * diagnoses and phases. Getters of findings wait for them first
 * (vs_i_analysis_findings()).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>

#include "analysis-private.h"

/* ---- names ---------------------------------------------------------------------- */

static const char *const flag_names[VS_N_FLAGS] = {
    "captive_poor_service", "chokepoint",  "deteriorating", "no_line_of_sight",
    "poor_service",         "rework_loop", "ripple",
};

const char *
vs_flag_name(guint32 flag)
{
  for (guint i = 0; i < VS_N_FLAGS; i++)
    if (flag == (1u << i))
      return flag_names[i];
  return NULL;
}

static const char *const diagnosis_names[] = {"unrated", "healthy", "individual", "systemic"};

const char *
vs_diagnosis_name(VsDiagnosis d)
{
  if ((guint)d >= G_N_ELEMENTS(diagnosis_names))
    return NULL;
  return diagnosis_names[d];
}

/* ---- accessors ------------------------------------------------------------------ */

const VsOrg *
vs_analysis_get_org(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, NULL);
  return a->org;
}

void
vs_analysis_get_options(const VsAnalysis *a, VsAnalysisOptions *options)
{
  g_return_if_fail(a != NULL);
  g_return_if_fail(options != NULL);
  /* A caller that did not say which layout it holds gets the first one,
   * the smallest: writing more could run past its struct. */
  guint version = options->version == 0 ? 1 : options->version;

  if (version == 1)
    memcpy(options, &a->opts, offsetof(VsAnalysisOptions, cost_basis));
  else if (version == 2)
    memcpy(options, &a->opts, offsetof(VsAnalysisOptions, as_of));
  else
    *options = a->opts;
  options->version = version == 1 || version == 2 ? version : VS_ANALYSIS_OPTIONS_VERSION;
}

gsize
vs_analysis_get_n_units(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  return a->n;
}

gsize
vs_analysis_get_n_handoffs(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  return a->m;
}

gsize
vs_analysis_get_n_kind(const VsAnalysis *a, VsKind kind)
{
  g_return_val_if_fail(a != NULL, 0);
  g_return_val_if_fail(vs_kind_name(kind) != NULL, 0);
  return a->n_kind[kind];
}

double
vs_analysis_get_total_revenue(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, NAN);
  return a->total_revenue;
}

double
vs_analysis_get_total_at_risk(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, NAN);
  return a->total_risk;
}

/* A getter of a per-unit or per-handoff array; @ready(a) first (a
 * finding may still be under way). */
#define ARRAY_GETTER_AFTER(fn, type, field, len, ready)                                            \
  const type *vs_analysis_get_##fn(const VsAnalysis *a, gsize *n)                                  \
  {                                                                                                \
    g_return_val_if_fail(a != NULL, NULL);                                                         \
    ready(a);                                                                                      \
    if (n != NULL)                                                                                 \
      *n = a->len;                                                                                 \
    return a->field;                                                                               \
  }

static inline void
made_with_analysis(const VsAnalysis *a)
{
  (void)a; /* nothing to wait for */
}

#define ARRAY_GETTER(fn, type, field, len)                                                         \
  ARRAY_GETTER_AFTER(fn, type, field, len, made_with_analysis)
#define FINDINGS_GETTER(fn, type, field)                                                           \
  ARRAY_GETTER_AFTER(fn, type, field, n, vs_i_analysis_findings)

ARRAY_GETTER(own, double, own, n)
ARRAY_GETTER(qualities, double, q, n)
ARRAY_GETTER(exposures, double, exposure, n)
ARRAY_GETTER(revenues_at_risk, double, risk, n)
FINDINGS_GETTER(service_scores, double, service)
ARRAY_GETTER(fix_values, double, fix, n)
ARRAY_GETTER(hops, gint32, hops, n)
ARRAY_GETTER(next_hops, gint32, next, n)
ARRAY_GETTER(dependents, guint32, dependents, n)
FINDINGS_GETTER(flags, guint32, flags)
ARRAY_GETTER(loop_ids, gint32, loop_id, n)
ARRAY_GETTER(handoff_shares, double, share, m)
ARRAY_GETTER(handoff_scores, double, score, m)
ARRAY_GETTER(customers, guint32, customers, n_customers)
ARRAY_GETTER(unit_costs, double, cost->cost, n)
ARRAY_GETTER(loaded_costs, double, cost->loaded, n)
ARRAY_GETTER(stranded_costs, double, cost->stranded, n)
ARRAY_GETTER(costs_to_serve, double, cost->to_serve, n)
ARRAY_GETTER(margins, double, cost->margin, n)
ARRAY_GETTER_AFTER(handoff_charges, double, cost->charge, m, vs_i_analysis_charges)

double
vs_analysis_get_total_cost(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, NAN);
  return a->cost->total;
}

double
vs_analysis_get_total_cost_to_serve(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, NAN);
  return a->cost->served;
}

double
vs_analysis_get_total_stranded_cost(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, NAN);
  return a->cost->stranded_total;
}

/* ---- loops, groups, warnings, trends ----------------------------------------------- */

gsize
vs_analysis_get_n_loops(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  return a->n_loops;
}

const guint32 *
vs_analysis_get_loop(const VsAnalysis *a, gsize index, gsize *n)
{
  g_return_val_if_fail(a != NULL, NULL);
  g_return_val_if_fail(index < a->n_loops, NULL);
  if (n != NULL)
    *n = a->loop_off[index + 1] - a->loop_off[index];
  return a->loop_sorted + a->loop_off[index];
}

gsize
vs_analysis_get_n_groups(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  vs_i_analysis_findings(a);
  return a->n_groups;
}

const char *
vs_analysis_get_group_id(const VsAnalysis *a, gsize index)
{
  g_return_val_if_fail(a != NULL, NULL);
  vs_i_analysis_findings(a);
  g_return_val_if_fail(index < a->n_groups, NULL);
  return a->group_ids[index];
}

VsDiagnosis
vs_analysis_get_group_diagnosis(const VsAnalysis *a, gsize index)
{
  g_return_val_if_fail(a != NULL, VS_DIAGNOSIS_UNRATED);
  vs_i_analysis_findings(a);
  g_return_val_if_fail(index < a->n_groups, VS_DIAGNOSIS_UNRATED);
  return a->diagnosis[index];
}

const guint32 *
vs_analysis_get_group_poor_units(const VsAnalysis *a, gsize index, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(a != NULL, NULL);
  vs_i_analysis_findings(a);
  g_return_val_if_fail(index < a->n_groups, NULL);
  if (n != NULL)
    *n = a->poor_off[index + 1] - a->poor_off[index];
  return a->poor_units + a->poor_off[index];
}

gsize
vs_analysis_get_n_warnings(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  vs_i_analysis_findings(a);
  return a->warnings->len;
}

const char *
vs_analysis_get_warning(const VsAnalysis *a, gsize index)
{
  g_return_val_if_fail(a != NULL, NULL);
  vs_i_analysis_findings(a);
  g_return_val_if_fail(index < a->warnings->len, NULL);
  return g_ptr_array_index(a->warnings, index);
}

gsize
vs_analysis_get_n_trends(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  return a->n_trends;
}

void
vs_analysis_get_trend(const VsAnalysis *a, gsize index, VsTrend *trend)
{
  g_return_if_fail(a != NULL);
  g_return_if_fail(trend != NULL);
  g_return_if_fail(index < a->n_trends);
  *trend = a->trends[index];
}

const double *
vs_analysis_get_trend_means(const VsAnalysis *a, gsize index, const char *const **periods, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(a != NULL, NULL);
  g_return_val_if_fail(index < a->n_trends, NULL);
  if (periods != NULL)
    *periods = a->trend_periods + a->trend_off[index];
  if (n != NULL)
    *n = a->trend_off[index + 1] - a->trend_off[index];
  return a->trend_means + a->trend_off[index];
}

static const char *const phase_names[VS_N_PHASES] = {
    "graph", "line_of_sight", "structure", "surveys", "values", "findings", "cost",
};

const char *
vs_phase_name(VsPhase phase)
{
  if ((guint)phase >= VS_N_PHASES)
    return NULL;
  return phase_names[phase];
}

double
vs_analysis_get_phase_seconds(const VsAnalysis *a, VsPhase phase)
{
  g_return_val_if_fail(a != NULL, NAN);
  g_return_val_if_fail((guint)phase < VS_N_PHASES, NAN);
  if (phase == VS_PHASE_FINDINGS)
    vs_i_analysis_findings(a);
  return a->phase_seconds[phase];
}
