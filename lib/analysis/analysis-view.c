/* valuestream - the read-only view of an analysis (analysis-view.h).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "analysis-view.h"
#include "analysis-private.h"

void
vs_i_analysis_view(const VsAnalysis *a, VsAnalysisView *view)
{
  g_return_if_fail(a != NULL);
  g_return_if_fail(view != NULL);
  /* The findings (service, flags, groups, warnings) may be under way on a
   * thread of the analysis's own; everything else is made by now. */
  vs_i_analysis_findings(a);
  *view = (VsAnalysisView){
      .analysis = a,
      .org = a->org,
      .options = a->opts,
      .n = a->n,
      .m = a->m,
      .total_revenue = a->total_revenue,
      .total_risk = a->total_risk,
      .kind = a->kind,
      .own = a->own,
      .q = a->q,
      .exposure = a->exposure,
      .risk = a->risk,
      .service = a->service,
      .fix = a->fix,
      .hops = a->hops,
      .next = a->next,
      .loop_id = a->loop_id,
      .idom = a->idom,
      .dependents = a->dependents,
      .flags = a->flags,
      .out_off = a->out_off,
      .out_e = a->out_e,
      .in_off = a->in_off,
      .share = a->share,
      .score = a->score,
      .n_comp = a->n_comp,
      .comp = a->comp,
      .comp_off = a->comp_off,
      .comp_units = a->comp_units,
      .n_customers = a->n_customers,
      .customers = a->customers,
      .customer_rank = a->customer_rank,
      .n_loops = a->n_loops,
      .n_groups = a->n_groups,
      .group_ids = a->group_ids,
      .diagnosis = a->diagnosis,
      .n_trends = a->n_trends,
      .trends = a->trends,
      .n_warnings = a->warnings->len,
      .warnings = (const char *const *)a->warnings->pdata,
  };
  /* the org's own arrays, as the org's readers see them */
  vs_org_get_handoff_ends(a->org, &view->from, &view->to);
  /* cost to serve, through its public getters (made in vs_analysis_new()) */
  view->total_cost = vs_analysis_get_total_cost(a);
  view->total_cost_to_serve = vs_analysis_get_total_cost_to_serve(a);
  view->total_stranded_cost = vs_analysis_get_total_stranded_cost(a);
  view->unit_cost = vs_analysis_get_unit_costs(a, NULL);
  view->loaded_cost = vs_analysis_get_loaded_costs(a, NULL);
  view->stranded_cost = vs_analysis_get_stranded_costs(a, NULL);
  view->cost_to_serve = vs_analysis_get_costs_to_serve(a, NULL);
  view->margin = vs_analysis_get_margins(a, NULL);
  view->charge = vs_analysis_get_handoff_charges(a, NULL);
}
