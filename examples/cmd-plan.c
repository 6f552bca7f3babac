/* valuestream plan - the improvement plan (SPEC 9): which teams to fix
 * first, greedy and exact at each step.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <gio/gunixoutputstream.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The formats a plan is written in: named here, not taken from every
 * report format (DOT, for one, draws an org, not a plan). */
static gboolean
check_format(const char *name, VsReportFormat *format)
{
  static const struct {
    const char *name;
    VsReportFormat format;
  } known[] = {{"json", VS_REPORT_JSON},
               {"text", VS_REPORT_TEXT},
               {"csv", VS_REPORT_CSV},
               {"html", VS_REPORT_HTML}};

  if (name == NULL)
    name = "json";
  for (guint i = 0; i < G_N_ELEMENTS(known); i++)
    if (strcmp(name, known[i].name) == 0) {
      *format = known[i].format;
      return TRUE;
    }
  vs_cli_error("unknown format '%s' (expected json, text, csv or html)", name);
  return FALSE;
}

/* The HTML page's title: "Improvement plan: " and ORG's name. */
static char *
plan_title(const char *path)
{
  g_autofree char *base = g_path_get_basename(path);
  char *dot = strrchr(base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_strdup_printf("Improvement plan: %s", base);
}

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
  VsAnalysisOptions opts = VS_ANALYSIS_OPTIONS_INIT;
  VsReportOptions ropts = VS_REPORT_OPTIONS_INIT;
  VsPlanOptions popts = VS_PLAN_OPTIONS_INIT;
  g_autofree char *format_name = NULL, *output = NULL, *title = NULL;
  gint steps = (gint)popts.steps;
  double target = popts.target;
  gboolean compact = FALSE, quiet = FALSE;
  const GOptionEntry entries[] = {
      {"steps", 'k', 0, G_OPTION_ARG_INT, &steps, "Fix at most K units (default 5)", "K"},
      {"target", 0, 0, G_OPTION_ARG_DOUBLE, &target,
       "Raise each fixed unit's handoffs to at least this score, 0..1 (default 1)", "T"},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
       "Output format: json (default), text, csv or html", "FORMAT"},
      {"title", 0, 0, G_OPTION_ARG_STRING, &title,
       "HTML: title of the page (default: \"Improvement plan: \" and ORG's name)", "TEXT"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       "Write to FILE (atomically) instead of standard output", "FILE"},
      {"compact", 0, 0, G_OPTION_ARG_NONE, &compact, "JSON: no indentation", NULL},
      vs_cli_quiet_option(&quiet),
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("ORG");
  g_autoptr(VsAnalysis) analysis = NULL;
  g_autoptr(VsPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  VsReportFormat format;

  g_option_context_set_summary(ctx, "Which teams to fix first (SPEC 9): at each step the team "
                                    "or supplier whose fix\nremoves the most revenue at risk, "
                                    "given the fixes before it.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_add_group(ctx, vs_cli_analysis_options(&opts));
  g_option_context_add_group(ctx, vs_cli_cost_options(&opts));
  if (!vs_cli_parse(ctx, &argc, &argv))
    return VS_EXIT_USAGE;
  vs_cli_set_quiet(quiet);
  if (argc != 2) {
    vs_cli_error("plan takes exactly one ORG (see --help)");
    return VS_EXIT_USAGE;
  }
  if (!check_format(format_name, &format) || !check_plan_options(steps, target, &popts))
    return VS_EXIT_USAGE;
  if (!vs_analysis_options_check(&opts, &error)) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_USAGE;
  }
  ropts.pretty = !compact;
  if (title == NULL)
    title = plan_title(argv[1]);
  ropts.title = title;

  analysis = vs_cli_analyse(argv[1], &opts);
  if (analysis == NULL)
    return VS_EXIT_INPUT;
  vs_cli_progress("planning %u steps to target %g", popts.steps, popts.target);
  plan = vs_plan_new(analysis, &popts, &error);
  if (plan == NULL) {
    vs_cli_error("%s: %s", argv[1], error->message);
    return VS_EXIT_INPUT;
  }
  return write_plan(plan, format, &ropts, output);
}
