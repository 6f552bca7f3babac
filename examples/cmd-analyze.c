/* valuestream analyze - the SPEC report, as JSON or as text for a person.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static gboolean
parse_shares(const char *text, VsSharesMode *mode)
{
  static const char *const names[] = {"auto", "always", "never"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (strcmp(text, names[i]) == 0) {
      *mode = (VsSharesMode)i;
      return TRUE;
    }
  return FALSE;
}

int
vs_cli_analyze(int argc, char **argv)
{
  VsAnalysisOptions opts = VS_ANALYSIS_OPTIONS_INIT;
  VsReportOptions ropts = VS_REPORT_OPTIONS_INIT;
  g_autofree char *format_name = NULL, *output = NULL, *shares = NULL, *log = NULL;
  g_auto(VsCliMine) mine = {0};
  gboolean compact = FALSE;
  gint top = 10;
  const GOptionEntry entries[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
       "Output format: text (default) or json (the SPEC report)", "FORMAT"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       "Write to FILE (atomically) instead of standard output", "FILE"},
      {"top", 'n', 0, G_OPTION_ARG_INT, &top, "Text: flagged teams to list, 0 for all (default 10)",
       "N"},
      {"shares", 0, 0, G_OPTION_ARG_STRING, &shares,
       "JSON: per-customer shares: auto (default; left out when units x customers > 20M), "
       "always or never",
       "WHEN"},
      {"compact", 0, 0, G_OPTION_ARG_NONE, &compact, "JSON: no indentation", NULL},
      {"log", 0, 0, G_OPTION_ARG_FILENAME, &log,
       "Mine the event log LOG instead of reading ORG (see --help-mining)", "LOG"},
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("ORG");
  g_autoptr(VsOrg) org = NULL;
  g_autoptr(VsAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  VsReportFormat format = VS_REPORT_TEXT;

  g_option_context_set_summary(ctx, "Analyse the organisation ORG: a directory of CSV files "
                                    "(units.csv, handoffs.csv, surveys.csv),\na .json or a "
                                    ".graphml file; or, with --log, an event log.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_add_group(ctx, vs_cli_analysis_options(&opts));
  vs_cli_mine_init(&mine);
  g_option_context_add_group(ctx, vs_cli_mine_options(&mine));
  if (!vs_cli_parse(ctx, &argc, &argv))
    return VS_EXIT_USAGE;
  if (argc != (log != NULL ? 1 : 2)) {
    vs_cli_error(log != NULL ? "analyze --log takes no ORG"
                             : "analyze takes exactly one ORG (see --help)");
    return VS_EXIT_USAGE;
  }
  if (log == NULL && (mine.map != NULL || mine.units != NULL)) {
    vs_cli_error("--map and --units go with --log");
    return VS_EXIT_USAGE;
  }
  if (format_name != NULL && !vs_report_format_from_name(format_name, &format)) {
    vs_cli_error("unknown format '%s' (expected text or json)", format_name);
    return VS_EXIT_USAGE;
  }
  if (shares != NULL && !parse_shares(shares, &ropts.shares)) {
    vs_cli_error("unknown --shares '%s' (expected auto, always or never)", shares);
    return VS_EXIT_USAGE;
  }
  if (top < 0) {
    vs_cli_error("--top must be >= 0");
    return VS_EXIT_USAGE;
  }
  ropts.top = (guint)top;
  ropts.pretty = !compact;
  if (!vs_analysis_options_check(&opts, &error)) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_USAGE;
  }

  if (log != NULL) {
    gboolean usage;
    if ((org = vs_cli_mine_org(&mine, log, &usage)) == NULL)
      return usage ? VS_EXIT_USAGE : VS_EXIT_INPUT;
  } else if ((org = vs_cli_load(argv[1])) == NULL) {
    return VS_EXIT_INPUT;
  }
  analysis = vs_analysis_new(org, &opts, &error);
  if (analysis == NULL) {
    vs_cli_error("%s: %s", log != NULL ? log : argv[1], error->message);
    return VS_EXIT_INPUT;
  }
  return vs_cli_write_report(analysis, format, &ropts, output);
}
