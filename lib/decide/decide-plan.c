/* valuestream - the improvement plan (SPEC 9): which teams and suppliers
 * to fix first, greedy and exact at each step.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A step changes only scores, so nothing an analysis computes from the
 * topology, reach, structure or surveys is redone: the plan keeps the
 * values of its analysis (analysis-gain.c), finds every candidate's gain
 * in one pass over the handoffs, applies the best fix and re-solves the
 * values, then the next step. */
#include <math.h>
#include <string.h>

#include "analysis-private.h"
#include "decide-private.h"

struct VsPlan {
  VsOrg *org; /* a reference: unit ids stay valid */
  double target, start;
  GArray *units;   /* guint32 per step */
  GArray *gains;   /* double per step */
  GArray *risks;   /* double per step: total revenue at risk after it */
  GArray *removed; /* double per step: cumulative share of start */
};

/* @in as the current layout; FALSE for a version this library does not
 * know. Version 1 is the only one yet. */
static gboolean
options_current(const VsPlanOptions *in, VsPlanOptions *out)
{
  static const VsPlanOptions defaults = VS_PLAN_OPTIONS_INIT;

  *out = defaults;
  if (in->version != VS_PLAN_OPTIONS_VERSION)
    return FALSE;
  *out = *in;
  return TRUE;
}

gboolean
vs_plan_options_check(const VsPlanOptions *options, GError **error)
{
  VsPlanOptions o;
  const char *bad = NULL;

  g_return_val_if_fail(options != NULL, FALSE);
  if (!options_current(options, &o))
    bad = "version (start from VS_PLAN_OPTIONS_INIT)";
  else if (!(o.target >= 0 && o.target <= 1))
    bad = "target (must be in 0..1)";
  if (bad != NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "invalid plan option %s", bad);
    return FALSE;
  }
  return TRUE;
}

static VsPlan *
plan_alloc(const VsAnalysis *a, double target)
{
  VsPlan *plan = g_new0(VsPlan, 1);

  plan->org = vs_i_org_ref(a->org);
  plan->target = target;
  plan->start = a->total_risk;
  plan->units = g_array_new(FALSE, FALSE, sizeof(guint32));
  plan->gains = g_array_new(FALSE, FALSE, sizeof(double));
  plan->risks = g_array_new(FALSE, FALSE, sizeof(double));
  plan->removed = g_array_new(FALSE, FALSE, sizeof(double));
  return plan;
}

/* The team or supplier with the largest gain: in input order, a unit
 * replaces the best so far only when it gains more by more than @eps
 * (SPEC 9). -1 when the best gains at most @eps, or there is none. */
static gssize
best_unit(const VsAnalysis *a, const double *gains, double eps)
{
  gssize best = -1;

  for (gsize u = 0; u < a->n; u++) {
    if (a->kind[u] == VS_KIND_CUSTOMER)
      continue;
    if (best < 0 || gains[u] > gains[best] + eps)
      best = (gssize)u;
  }
  return best >= 0 && gains[best] > eps ? best : -1;
}

/* Takes the plan's steps on @values; FALSE with an error when a loop
 * becomes singular. */
static gboolean
take_steps(VsPlan *plan, const VsAnalysis *a, VsValues *values, guint steps, GError **error)
{
  g_autofree double *gains = g_new(double, a->n ? a->n : 1);
  double eps = 1e-12 * MAX(1.0, a->total_revenue);

  for (guint step = 0; step < steps; step++) {
    gssize best;
    guint32 u;
    double gain, risk, removed;

    vs_i_values_gains(values, plan->target, gains);
    best = best_unit(a, gains, eps);
    if (best < 0)
      break;
    u = (guint32)best;
    gain = gains[u];
    if (!vs_i_values_fix(values, u, plan->target, error))
      return FALSE;
    risk = vs_i_values_get_risk(values);
    /* the start is above eps here: some unit gained more than eps */
    removed = (plan->start - risk) / plan->start;
    g_array_append_val(plan->units, u);
    g_array_append_val(plan->gains, gain);
    g_array_append_val(plan->risks, risk);
    g_array_append_val(plan->removed, removed);
  }
  return TRUE;
}

VsPlan *
vs_plan_new(const VsAnalysis *a, const VsPlanOptions *options, GError **error)
{
  static const VsPlanOptions defaults = VS_PLAN_OPTIONS_INIT;
  g_autoptr(VsPlan) plan = NULL;
  VsValues *values;
  VsPlanOptions o;
  gboolean ok;

  g_return_val_if_fail(a != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &defaults;
  if (!vs_plan_options_check(options, error))
    return NULL;
  options_current(options, &o);
  plan = plan_alloc(a, o.target);
  if (o.steps == 0)
    return g_steal_pointer(&plan);
  values = vs_i_values_new(a, error);
  if (values == NULL)
    return NULL;
  ok = take_steps(plan, a, values, o.steps, error);
  vs_i_values_free(values);
  return ok ? g_steal_pointer(&plan) : NULL;
}

void
vs_plan_free(VsPlan *plan)
{
  if (plan == NULL)
    return;
  g_array_unref(plan->units);
  g_array_unref(plan->gains);
  g_array_unref(plan->risks);
  g_array_unref(plan->removed);
  vs_i_org_unref(plan->org);
  g_free(plan);
}

/* ---- getters ---------------------------------------------------------------------- */

const VsOrg *
vs_plan_get_org(const VsPlan *plan)
{
  g_return_val_if_fail(plan != NULL, NULL);
  return plan->org;
}

double
vs_plan_get_target(const VsPlan *plan)
{
  g_return_val_if_fail(plan != NULL, NAN);
  return plan->target;
}

double
vs_plan_get_revenue_at_risk(const VsPlan *plan)
{
  g_return_val_if_fail(plan != NULL, NAN);
  return plan->start;
}

gsize
vs_plan_get_n_steps(const VsPlan *plan)
{
  g_return_val_if_fail(plan != NULL, 0);
  return plan->units->len;
}

/* The data of one per-step array, its length in *@n (0 for NULL). */
static gconstpointer
steps_array(const VsPlan *plan, const GArray *array, gsize *n)
{
  if (n != NULL)
    *n = plan != NULL ? array->len : 0;
  return plan != NULL ? array->data : NULL;
}

const guint32 *
vs_plan_get_units(const VsPlan *plan, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(plan != NULL, NULL);
  return steps_array(plan, plan->units, n);
}

const char *
vs_plan_get_unit_id(const VsPlan *plan, gsize step)
{
  g_return_val_if_fail(plan != NULL, NULL);
  g_return_val_if_fail(step < plan->units->len, NULL);
  return vs_i_unit_id(plan->org, g_array_index(plan->units, guint32, step));
}

const double *
vs_plan_get_gains(const VsPlan *plan, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(plan != NULL, NULL);
  return steps_array(plan, plan->gains, n);
}

const double *
vs_plan_get_revenues_at_risk(const VsPlan *plan, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(plan != NULL, NULL);
  return steps_array(plan, plan->risks, n);
}

const double *
vs_plan_get_removed_shares(const VsPlan *plan, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(plan != NULL, NULL);
  return steps_array(plan, plan->removed, n);
}
