/* valuestream - what the writers of comparisons (SPEC 10) share: the
 * entries' ids and names, the orderings of the text and HTML writers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reads comparisons through their public getters; computes nothing but
 * orderings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report-decide-private.h"

/* The side that has entry @i of list @which, and its row there. */
static const VsOrg *
entry_side(const VsComparison *c, VsCompared which, gsize i, gsize *row)
{
  const gint32 *b = vs_comparison_get_rows(c, which, FALSE, NULL);
  const gint32 *a = vs_comparison_get_rows(c, which, TRUE, NULL);
  const VsAnalysis *side = b[i] >= 0 ? vs_comparison_get_before(c) : vs_comparison_get_after(c);

  *row = (gsize)(b[i] >= 0 ? b[i] : a[i]);
  return vs_analysis_get_org(side);
}

const char *
vs_i_compared_id(const VsComparison *c, VsCompared which, gsize i)
{
  gsize row;
  const VsOrg *org = entry_side(c, which, i, &row);
  return vs_org_get_unit_id(org, row);
}

const char *
vs_i_compared_name(const VsComparison *c, VsCompared which, gsize i)
{
  gsize row;
  const VsOrg *org = entry_side(c, which, i, &row);
  return vs_org_get_unit_name(org, row);
}

const VsValue *
vs_i_compared_values(VsCompared which, guint *n)
{
  static const VsValue customer_values[] = {VS_VALUE_QUALITY, VS_VALUE_REVENUE_AT_RISK,
                                            VS_VALUE_COST_TO_SERVE, VS_VALUE_MARGIN};
  static const VsValue unit_values[] = {VS_VALUE_QUALITY, VS_VALUE_FIX_VALUE,
                                        VS_VALUE_SERVICE_SCORE, VS_VALUE_LOADED_COST,
                                        VS_VALUE_EXPOSURE};
  gboolean units = which == VS_COMPARED_UNITS;

  *n = units ? G_N_ELEMENTS(unit_values) : G_N_ELEMENTS(customer_values);
  return units ? unit_values : customer_values;
}

void
vs_i_compared_handoff(const VsComparison *c, VsCompared which, gsize i, const char **from,
                      const char **to, const char **deliverable)
{
  gboolean after = which == VS_COMPARED_HANDOFFS_ADDED;
  const VsOrg *org =
      vs_analysis_get_org(after ? vs_comparison_get_after(c) : vs_comparison_get_before(c));
  gsize h = (gsize)vs_comparison_get_rows(c, which, after, NULL)[i];

  *from = vs_org_get_unit_id(org, vs_org_get_handoff_from(org, h));
  *to = vs_org_get_unit_id(org, vs_org_get_handoff_to(org, h));
  *deliverable = vs_org_get_handoff_deliverable(org, h);
}

gboolean
vs_i_comparison_has_costs(const VsComparison *c)
{
  double before, after;

  vs_comparison_get_figure(c, VS_FIGURE_TOTAL_COST, &before, &after);
  return before > 0 || after > 0;
}

double
vs_i_comparison_revenue_scale(const VsComparison *c)
{
  double before, after;

  vs_comparison_get_figure(c, VS_FIGURE_TOTAL_REVENUE, &before, &after);
  return MAX(isnan(before) ? 0 : before, isnan(after) ? 0 : after);
}

double
vs_i_moved(double before, double after)
{
  return (isnan(after) ? 0 : after) - (isnan(before) ? 0 : before);
}

/* The keys an entry is ordered by, largest first. */
#define N_KEYS 4
typedef struct {
  gsize index;
  double key[N_KEYS];
} Mover;

static int
compare_movers(gconstpointer pa, gconstpointer pb)
{
  const Mover *a = pa, *b = pb;

  for (guint k = 0; k < N_KEYS; k++)
    if (a->key[k] != b->key[k])
      return a->key[k] > b->key[k] ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

gsize *
vs_i_compared_order(const VsComparison *c, VsCompared which, gsize *n)
{
  static const VsValue customer_keys[N_KEYS] = {VS_VALUE_REVENUE_AT_RISK, VS_VALUE_QUALITY,
                                                VS_VALUE_COST_TO_SERVE, VS_VALUE_MARGIN};
  static const VsValue unit_keys[N_KEYS] = {VS_VALUE_FIX_VALUE, VS_VALUE_EXPOSURE,
                                            VS_VALUE_LOADED_COST, VS_VALUE_QUALITY};
  const VsValue *keys = which == VS_COMPARED_CUSTOMERS ? customer_keys : unit_keys;
  gsize len = vs_comparison_get_n(c, which), kept = 0;
  const guint8 *status = vs_comparison_get_statuses(c, which, NULL);
  const double *before[N_KEYS], *after[N_KEYS];
  g_autofree Mover *movers = g_new0(Mover, len + 1);
  gsize *order;

  for (guint k = 0; k < N_KEYS; k++) {
    before[k] = vs_comparison_get_values(c, which, keys[k], FALSE, NULL);
    after[k] = vs_comparison_get_values(c, which, keys[k], TRUE, NULL);
  }
  for (gsize i = 0; i < len; i++) {
    gboolean changed = which == VS_COMPARED_UNITS || status[i] != VS_STATUS_SAME;
    Mover *m = &movers[kept];

    m->index = i;
    for (guint k = 0; k < N_KEYS; k++) {
      double b = before[k][i], a = after[k][i];
      m->key[k] = fabs(vs_i_moved(b, a));
      /* the customers' rule of SPEC 10; all of them are listed, changed or not */
      if (!changed && vs_comparison_value_changed(b, a,
                                                  keys[k] == VS_VALUE_QUALITY ? 0
                                                  : keys[k] == VS_VALUE_REVENUE_AT_RISK
                                                      ? vs_i_comparison_revenue_scale(c)
                                                      : 0))
        changed = TRUE;
    }
    if (changed)
      kept++;
  }
  qsort(movers, kept, sizeof *movers, compare_movers);
  order = g_new(gsize, kept + 1);
  for (gsize i = 0; i < kept; i++)
    order[i] = movers[i].index;
  *n = kept;
  return order;
}
