/* valuestream plan - the improvement plan (SPEC 9): which teams to fix
 * first, greedy and exact at each step.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <gio/gunixoutputstream.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* --steps and --target, into @o; FALSE (after saying why) when out of range. */
static gboolean
check_plan_options(gint steps, double target, VsPlanOptions *o)
{
  g_autoptr(GError) error = NULL;

  if (steps < 0) {
    vs_cli_error("--steps must be >= 0");
    return FALSE;
  }
  o->steps = (guint)steps;
  o->target = target;
  if (!vs_plan_options_check(o, &error)) {
    vs_cli_error("--target must be in 0..1");
    return FALSE;
  }
  return TRUE;
}

static int
write_plan(const VsPlan *plan, VsReportFormat format, const VsReportOptions *ropts,
           const char *output)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (output == NULL || strcmp(output, "-") == 0) {
    g_autoptr(GOutputStream) out = g_unix_output_stream_new(fileno(stdout), FALSE);
    fflush(stdout);
    ok = vs_report_write_plan(plan, format, ropts, out, NULL, &error);
  } else {
    vs_cli_progress("writing %s", output);
    ok = vs_report_write_plan_file(plan, format, ropts, output, &error);
  }
  if (!ok) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  return VS_EXIT_OK;
}

int
vs_cli_plan(int argc, char **argv)
{
  static const VsCliDecisionCommand cmd = {
      "ORG", 1,
      "Which teams to fix first (SPEC 9): at each step the team or supplier whose fix\nremoves the "
      "most revenue at risk, given the fixes before it.",
      "plan takes exactly one ORG", "\"Improvement plan: \" and ORG's name"};
  g_auto(VsCliDecision) d = VS_CLI_DECISION_INIT;
  VsPlanOptions popts = VS_PLAN_OPTIONS_INIT;
  gint steps = (gint)popts.steps;
  double target = popts.target;
  const GOptionEntry entries[] = {
      {"steps", 'k', 0, G_OPTION_ARG_INT, &steps, "Fix at most K units (default 5)", "K"},
      {"target", 0, 0, G_OPTION_ARG_DOUBLE, &target,
       "Raise each fixed unit's handoffs to at least this score, 0..1 (default 1)", "T"},
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(VsAnalysis) analysis = NULL;
  g_autoptr(VsPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  if ((rc = vs_cli_decision_parse(&d, &cmd, entries, &argc, &argv)) != VS_EXIT_OK)
    return rc;
  if (!check_plan_options(steps, target, &popts))
    return VS_EXIT_USAGE;
  if (d.title == NULL)
    d.title = vs_cli_page_title("Improvement plan", argv[1]);
  d.report.title = d.title;

  analysis = vs_cli_analyse(argv[1], &d.analysis);
  if (analysis == NULL)
    return VS_EXIT_INPUT;
  vs_cli_progress("planning %u steps to target %g", popts.steps, popts.target);
  plan = vs_plan_new(analysis, &popts, &error);
  if (plan == NULL) {
    vs_cli_error("%s: %s", argv[1], error->message);
    return VS_EXIT_INPUT;
  }
  return write_plan(plan, d.format, &d.report, d.output);
}
