/* valuestream report - one self-contained HTML page for the people involved.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli.h"

int
vs_cli_report(int argc, char **argv)
{
  VsAnalysisOptions opts = VS_ANALYSIS_OPTIONS_INIT;
  VsReportOptions ropts = VS_REPORT_OPTIONS_INIT;
  g_autofree char *output = NULL, *title = NULL;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       "Write the page to FILE (atomically) instead of standard output", "FILE"},
      {"title", 0, 0, G_OPTION_ARG_STRING, &title,
       "Title of the page (default: \"Value stream report: \" and ORG's name)", "TEXT"},
      vs_cli_quiet_option(&quiet),
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) ctx = vs_cli_org_context(
      "Write one HTML page about the organisation ORG: the headline, the flagged teams\n"
      "ranked and explained, which to fix first (the improvement plan: 5 steps to a\n"
      "perfect score), a picture of the value stream, customers, falling ratings,\n"
      "loops and departments. The page needs nothing else to open.",
      entries, &ropts, &opts);
  g_autoptr(VsAnalysis) analysis = NULL;

  if (!vs_cli_parse(ctx, &argc, &argv))
    return VS_EXIT_USAGE;
  vs_cli_set_quiet(quiet);
  if (argc != 2) {
    vs_cli_error("report takes exactly one ORG (see --help)");
    return VS_EXIT_USAGE;
  }
  if (!vs_cli_check_picture_options(&ropts))
    return VS_EXIT_USAGE;
  if (title == NULL)
    title = vs_cli_org_title(argv[1]);
  ropts.title = title;

  analysis = vs_cli_analyse(argv[1], &opts);
  if (analysis == NULL)
    return VS_EXIT_INPUT;
  return vs_cli_write_report(analysis, VS_REPORT_HTML, &ropts, output);
}
