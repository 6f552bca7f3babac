/* valuestream whatif - what-if scenarios (SPEC 8) applied to an org, each
 * compared with the org as it is (SPEC 10).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
  const VsScenarios *scenarios;
  const VsComparison *const *comparisons;
  VsReportFormat format;
  const VsReportOptions *options;
} WhatIf;

static gboolean
write_whatif(gconstpointer data, GOutputStream *out, GError **error)
{
  const WhatIf *w = data;
  return vs_report_write_whatif(w->scenarios, w->comparisons, w->format, w->options, out, NULL,
                                error);
}

/* Applies every scenario to @org and compares it with @baseline; prints
 * the first error and returns FALSE. @comparisons and @analyses get one
 * element per scenario. */
static gboolean
run_scenarios(const VsScenarios *scenarios, const char *scenarios_path, const VsOrg *org,
              const VsAnalysis *baseline, const VsAnalysisOptions *opts, GPtrArray *analyses,
              GPtrArray *comparisons)
{
  for (gsize i = 0; i < vs_scenarios_get_n(scenarios); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(VsOrg) changed = NULL;
    VsAnalysis *after;
    VsComparison *cmp;

    vs_cli_progress("scenario %s", vs_scenarios_get_name(scenarios, i));
    if ((changed = vs_scenarios_apply(scenarios, i, org, opts, &error)) == NULL) {
      vs_cli_error("%s", error->message);
      return FALSE;
    }
    if ((after = vs_analysis_new(changed, opts, &error)) == NULL) {
      g_autofree char *name = g_strescape(vs_scenarios_get_name(scenarios, i), NULL);
      vs_cli_error("%s: scenario \"%s\": %s", scenarios_path, name, error->message);
      return FALSE;
    }
    g_ptr_array_add(analyses, after);
    if ((cmp = vs_comparison_new(baseline, after, &error)) == NULL) {
      vs_cli_error("%s", error->message);
      return FALSE;
    }
    g_ptr_array_add(comparisons, cmp);
  }
  return TRUE;
}

int
vs_cli_whatif(int argc, char **argv)
{
  static const VsCliDecisionCommand cmd = {
      "ORG SCENARIOS", 2,
      "Apply each scenario of SCENARIOS (.json or .csv, SPEC 8) to a copy of ORG and compare it "
      "with ORG as it is.",
      "whatif takes an ORG and a SCENARIOS file", "\"What-if: \" and ORG's name"};
  g_auto(VsCliDecision) d = VS_CLI_DECISION_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsOrg) org = NULL;
  g_autoptr(VsScenarios) scenarios = NULL;
  g_autoptr(VsAnalysis) baseline = NULL;
  g_autoptr(GPtrArray) analyses = g_ptr_array_new_with_free_func((GDestroyNotify)vs_analysis_free);
  g_autoptr(GPtrArray) comparisons =
      g_ptr_array_new_with_free_func((GDestroyNotify)vs_comparison_free);
  WhatIf w;
  int rc;

  if ((rc = vs_cli_decision_parse(&d, &cmd, NULL, &argc, &argv)) != VS_EXIT_OK)
    return rc;
  if (d.title == NULL)
    d.title = vs_cli_page_title("What-if", argv[1]);
  d.report.title = d.title;
  /* the scenarios first: a bad file fails fast, before a large org loads */
  if ((scenarios = vs_scenarios_load(argv[2], &error)) == NULL) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  if ((org = vs_cli_load(argv[1])) == NULL)
    return VS_EXIT_INPUT;
  if ((baseline = vs_analysis_new(org, &d.analysis, &error)) == NULL) {
    vs_cli_error("%s: %s", argv[1], error->message);
    return VS_EXIT_INPUT;
  }
  if (!run_scenarios(scenarios, argv[2], org, baseline, &d.analysis, analyses, comparisons))
    return VS_EXIT_INPUT;
  w = (WhatIf){scenarios, (const VsComparison *const *)comparisons->pdata, d.format, &d.report};
  return vs_cli_write_decision(write_whatif, &w, d.output);
}
