/* valuestream analyze - the SPEC report, as JSON or as text for a person, or
 * any other report format (CSV tables, DOT, HTML).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
  g_autofree char *format_name = NULL, *output = NULL, *shares = NULL, *table = NULL;
  g_autofree char *title = NULL, *log = NULL;
  g_auto(VsCliMine) mine = {0};
  gboolean compact = FALSE, quiet = FALSE, usage = FALSE;
  const GOptionEntry entries[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
       "Output format: text (default), json (the SPEC report), csv (a table, see --table), "
       "dot (Graphviz), html (a page with a picture), gexf (GEXF 1.3 for Gephi) or xlsx "
       "(an Excel workbook; binary: needs -o or a redirected standard output)",
       "FORMAT"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       "Write to FILE (atomically) instead of standard output", "FILE"},
      {"table", 't', 0, G_OPTION_ARG_STRING, &table,
       "CSV: which table: units (default, one row per unit), customers or handoffs", "TABLE"},
      {"shares", 0, 0, G_OPTION_ARG_STRING, &shares,
       "JSON: per-customer shares: auto (default; left out when units x customers > 20M), "
       "always or never",
       "WHEN"},
      {"compact", 0, 0, G_OPTION_ARG_NONE, &compact, "JSON: no indentation", NULL},
      vs_cli_quiet_option(&quiet),
      {"log", 0, 0, G_OPTION_ARG_FILENAME, &log,
       "Mine the event log LOG instead of reading ORG (see --help-mining)", "LOG"},
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) ctx =
      vs_cli_org_context("Analyse the organisation ORG: a directory of CSV files "
                         "(units.csv, handoffs.csv, surveys.csv),\na .json or a "
                         ".graphml file; or, with --log, an event log.",
                         entries, &ropts, &opts);
  g_autoptr(VsAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  VsReportFormat format = VS_REPORT_TEXT;

  vs_cli_mine_init(&mine);
  g_option_context_add_group(ctx, vs_cli_mine_options(&mine));
  if (!vs_cli_parse(ctx, &argc, &argv))
    return VS_EXIT_USAGE;
  vs_cli_set_quiet(quiet);
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
    vs_cli_error("unknown format '%s' (expected text, json, csv, dot, html, gexf or xlsx)",
                 format_name);
    return VS_EXIT_USAGE;
  }
  /* A workbook is binary: it would garble a terminal. A pipe or a file
   * behind standard output is fine. */
  if (format == VS_REPORT_XLSX && (output == NULL || strcmp(output, "-") == 0) &&
      isatty(STDOUT_FILENO)) {
    vs_cli_error("--format xlsx writes a binary workbook: give -o FILE or redirect standard "
                 "output");
    return VS_EXIT_USAGE;
  }
  if (table != NULL && !vs_report_table_from_name(table, &ropts.table)) {
    vs_cli_error("unknown --table '%s' (expected units, customers or handoffs)", table);
    return VS_EXIT_USAGE;
  }
  if (shares != NULL && !parse_shares(shares, &ropts.shares)) {
    vs_cli_error("unknown --shares '%s' (expected auto, always or never)", shares);
    return VS_EXIT_USAGE;
  }
  if (!vs_cli_check_picture_options(&ropts))
    return VS_EXIT_USAGE;
  ropts.pretty = !compact;
  if (!vs_analysis_options_check(&opts, &error)) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_USAGE;
  }

  title = vs_cli_org_title(log != NULL ? log : argv[1]);
  ropts.title = title;
  analysis =
      log != NULL ? vs_cli_mine_analyse(&mine, log, &opts, &usage) : vs_cli_analyse(argv[1], &opts);
  if (analysis == NULL)
    return usage ? VS_EXIT_USAGE : VS_EXIT_INPUT;
  return vs_cli_write_report(analysis, format, &ropts, output);
}
