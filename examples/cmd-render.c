/* valuestream render - the picture of the value stream through Graphviz.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli.h"

int
vs_cli_render(int argc, char **argv)
{
  VsAnalysisOptions opts = VS_ANALYSIS_OPTIONS_INIT;
  VsReportOptions ropts = VS_REPORT_OPTIONS_INIT;
  g_autofree char *output = NULL, *format = NULL, *program = NULL, *title = NULL;
  gboolean quiet = FALSE;
  gdouble timeout = 60;
  const GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       "The image to write (required): FILE.svg, FILE.png, FILE.pdf ...", "FILE"},
      {"format", 'T', 0, G_OPTION_ARG_STRING, &format,
       "Graphviz output format (default: the extension of FILE)", "FORMAT"},
      {"title", 0, 0, G_OPTION_ARG_STRING, &title,
       "Title of the picture (default: \"Value stream report: \" and ORG's name)", "TEXT"},
      {"dot", 0, 0, G_OPTION_ARG_FILENAME, &program,
       "The Graphviz program to run (default: dot on PATH)", "PROGRAM"},
      {"timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
       "Stop Graphviz after this many seconds (default 60)", "SECONDS"},
      vs_cli_quiet_option(&quiet),
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) ctx =
      vs_cli_org_context("Draw the value stream of the organisation ORG with Graphviz "
                         "(the graphviz package):\nnodes filled by the quality they "
                         "receive, flagged teams outlined, ripple chains highlighted.",
                         entries, &ropts, &opts);
  g_autoptr(VsAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;

  if (!vs_cli_parse(ctx, &argc, &argv))
    return VS_EXIT_USAGE;
  vs_cli_set_quiet(quiet);
  if (argc != 2 || output == NULL) {
    vs_cli_error("render takes exactly one ORG and -o FILE (see --help)");
    return VS_EXIT_USAGE;
  }
  if (!(timeout > 0 && timeout <= 86400)) {
    vs_cli_error("--timeout must be in (0, 86400] seconds");
    return VS_EXIT_USAGE;
  }
  if (!vs_cli_check_picture_options(&ropts))
    return VS_EXIT_USAGE;
  if (title == NULL)
    title = vs_cli_org_title(argv[1]);
  ropts.title = title;
  ropts.render_program = program;
  ropts.render_timeout_ms = (guint)(timeout * 1000 + 0.5);

  analysis = vs_cli_analyse(argv[1], &opts);
  if (analysis == NULL)
    return VS_EXIT_INPUT;
  vs_cli_progress("drawing %s with Graphviz", output);
  if (!vs_report_render_file(analysis, &ropts, output, format, &error)) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  vs_cli_progress("done");
  return VS_EXIT_OK;
}
