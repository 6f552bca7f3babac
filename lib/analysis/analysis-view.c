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
}
