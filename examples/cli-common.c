/* valuestream CLI - loading, options and output shared by subcommands.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <gio/gunixoutputstream.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

GOptionGroup *
vs_cli_analysis_options(VsAnalysisOptions *o)
{
  /* The entries point into @o, which must outlive parsing. */
  const GOptionEntry entries[] = {
      {"poor-score", 0, 0, G_OPTION_ARG_DOUBLE, &o->poor_score,
       "Service below this is poor (default 0.75)", "X"},
      {"ripple-share", 0, 0, G_OPTION_ARG_DOUBLE, &o->ripple_share,
       "Flag ripple when a fix is worth this share of total revenue (default 0.01)", "X"},
      {"survey-target", 0, 0, G_OPTION_ARG_DOUBLE, &o->survey_target,
       "Survey target as a fraction of the scale (default 0.75)", "X"},
      {"trend-alpha", 0, 0, G_OPTION_ARG_DOUBLE, &o->trend_alpha,
       "Significance of a survey decline (default 0.05)", "P"},
      {"trend-min-slope", 0, 0, G_OPTION_ARG_DOUBLE, &o->trend_min_slope,
       "Decline that counts, points per period on 1..5 (default 0.05)", "X"},
      {"trend-min-periods", 0, 0, G_OPTION_ARG_INT, &o->trend_min_periods,
       "Survey periods needed to judge a trend (default 4)", "N"},
      G_OPTION_ENTRY_NULL,
  };
  GOptionGroup *group = g_option_group_new("thresholds", "Analysis thresholds (SPEC 4.6):",
                                           "Show the analysis thresholds", NULL, NULL);
  g_option_group_add_entries(group, entries);
  return group;
}

VsOrg *
vs_cli_load(const char *path)
{
  g_autoptr(GError) error = NULL;
  VsOrg *org = vs_load(path, &error);
  if (org == NULL)
    vs_cli_error("%s", error->message);
  return org;
}

int
vs_cli_write_report(const VsAnalysis *analysis, VsReportFormat format,
                    const VsReportOptions *options, const char *output)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (output == NULL || strcmp(output, "-") == 0) {
    g_autoptr(GOutputStream) out = g_unix_output_stream_new(fileno(stdout), FALSE);
    fflush(stdout);
    ok = vs_report_write(analysis, format, options, out, NULL, &error);
  } else {
    ok = vs_report_write_file(analysis, format, options, output, &error);
  }
  if (!ok) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  return VS_EXIT_OK;
}
