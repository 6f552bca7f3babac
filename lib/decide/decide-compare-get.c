/* valuestream - the getters of a comparison (SPEC 10): flat arrays, valid
 * while the comparison lives.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>

#include "decide-private.h"

static const char *const status_names[] = {"same", "added", "removed"};
static const char *const figure_names[VS_N_FIGURES] = {
    "total_revenue", "revenue_at_risk", "total_cost", "cost_to_serve",
    "stranded_cost", "units",           "handoffs",   "flagged"};
static const char *const value_names[VS_N_VALUES] = {
    "quality",  "fix_value",       "service_score", "loaded_cost",
    "exposure", "revenue_at_risk", "cost_to_serve", "margin"};

const char *
vs_status_name(VsStatus status)
{
  return (guint)status < G_N_ELEMENTS(status_names) ? status_names[status] : NULL;
}

const char *
vs_figure_name(VsFigure figure)
{
  return (guint)figure < VS_N_FIGURES ? figure_names[figure] : NULL;
}

const char *
vs_value_name(VsValue value)
{
  return (guint)value < VS_N_VALUES ? value_names[value] : NULL;
}

const VsAnalysis *
vs_comparison_get_before(const VsComparison *c)
{
  g_return_val_if_fail(c != NULL, NULL);
  return c->side[0];
}

const VsAnalysis *
vs_comparison_get_after(const VsComparison *c)
{
  g_return_val_if_fail(c != NULL, NULL);
  return c->side[1];
}

gboolean
vs_comparison_get_figure(const VsComparison *c, VsFigure figure, double *before, double *after)
{
  double scale;

  if (before != NULL)
    *before = NAN;
  if (after != NULL)
    *after = NAN;
  g_return_val_if_fail(c != NULL, FALSE);
  g_return_val_if_fail((guint)figure < VS_N_FIGURES, FALSE);
  if (before != NULL)
    *before = c->figures[figure][0];
  if (after != NULL)
    *after = c->figures[figure][1];
  scale = figure == VS_FIGURE_TOTAL_REVENUE || figure == VS_FIGURE_REVENUE_AT_RISK
              ? c->revenue_scale
          : figure <= VS_FIGURE_STRANDED_COST ? c->cost_scale
                                              : 0.0;
  return vs_comparison_value_changed(c->figures[figure][0], c->figures[figure][1], scale);
}

gsize
vs_comparison_get_n(const VsComparison *c, VsCompared which)
{
  g_return_val_if_fail(c != NULL, 0);
  g_return_val_if_fail((guint)which < VS_N_COMPARED, 0);
  return c->lists[which].rows[0]->len;
}

/* The data of @a with its length in *@n; NULL when empty. */
static gconstpointer
flat(const GArray *a, gsize *n)
{
  if (n != NULL)
    *n = a->len;
  return a->len > 0 ? a->data : NULL;
}

const gint32 *
vs_comparison_get_rows(const VsComparison *c, VsCompared which, gboolean after, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(c != NULL, NULL);
  g_return_val_if_fail((guint)which < VS_N_COMPARED, NULL);
  return flat(c->lists[which].rows[after != FALSE], n);
}

const guint8 *
vs_comparison_get_statuses(const VsComparison *c, VsCompared which, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(c != NULL, NULL);
  g_return_val_if_fail(which == VS_COMPARED_CUSTOMERS || which == VS_COMPARED_UNITS, NULL);
  return flat(c->lists[which].status, n);
}

const double *
vs_comparison_get_values(const VsComparison *c, VsCompared which, VsValue value, gboolean after,
                         gsize *n)
{
  const VsComparedList *l;

  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(c != NULL, NULL);
  g_return_val_if_fail(which == VS_COMPARED_CUSTOMERS || which == VS_COMPARED_UNITS, NULL);
  g_return_val_if_fail((guint)value < VS_N_VALUES, NULL);
  l = &c->lists[which];
  return flat(l->values[value][after != FALSE] != NULL ? l->values[value][after != FALSE] : l->nan,
              n);
}

const gint8 *
vs_comparison_get_unit_reaches(const VsComparison *c, gboolean after, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(c != NULL, NULL);
  return flat(c->reaches[after != FALSE], n);
}

const guint32 *
vs_comparison_get_unit_flags(const VsComparison *c, gboolean added, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(c != NULL, NULL);
  return flat(c->flags[added != FALSE], n);
}

const double *
vs_comparison_get_scores(const VsComparison *c, gboolean after, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(c != NULL, NULL);
  return flat(c->scores[after != FALSE], n);
}
