/* valuestream diff - two snapshots of an organisation compared (SPEC 10):
 * last quarter's and this one's, or one org at two as_of periods.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "cli.h"

typedef struct {
  const VsComparison *comparison;
  VsReportFormat format;
  const VsReportOptions *options;
} Diff;

static gboolean
write_diff(gconstpointer data, GOutputStream *out, GError **error)
{
  const Diff *d = data;
  return vs_report_write_diff(d->comparison, d->format, d->options, out, NULL, error);
}

/* Loads and analyses @path as of @as_of (NULL: the analysis options'). */
static VsAnalysis *
snapshot(const char *path, const VsAnalysisOptions *opts, const char *as_of)
{
  VsAnalysisOptions o = *opts;

  if (as_of != NULL)
    o.as_of = as_of;
  return vs_cli_analyse(path, &o);
}

int
vs_cli_diff(int argc, char **argv)
{
  VsAnalysisOptions opts = VS_ANALYSIS_OPTIONS_INIT;
  VsReportOptions ropts = VS_REPORT_OPTIONS_INIT;
  g_autofree char *format_name = NULL, *output = NULL, *old_as_of = NULL, *new_as_of = NULL;
  g_autofree char *title = NULL;
  gboolean compact = FALSE, quiet = FALSE;
  const GOptionEntry entries[] = {
      {"old-as-of", 0, 0, G_OPTION_ARG_STRING, &old_as_of,
       "Analyse OLD as of period P (default: --as-of, else every answer)", "P"},
      {"new-as-of", 0, 0, G_OPTION_ARG_STRING, &new_as_of,
       "Analyse NEW as of period P (default: --as-of, else every answer)", "P"},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
       "Output format: json (default, SPEC 10), text, csv or html", "FORMAT"},
      {"title", 0, 0, G_OPTION_ARG_STRING, &title,
       "HTML: title of the page (default: \"Comparison: OLD -> NEW\")", "TEXT"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       "Write to FILE (atomically) instead of standard output", "FILE"},
      {"compact", 0, 0, G_OPTION_ARG_NONE, &compact, "JSON: no indentation", NULL},
      vs_cli_quiet_option(&quiet),
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("OLD NEW");
  g_autoptr(GError) error = NULL;
  g_autoptr(VsAnalysis) before = NULL, after = NULL;
  g_autoptr(VsComparison) comparison = NULL;
  VsReportFormat format;
  Diff d;
  int rc;

  g_option_context_set_summary(ctx, "Compare two snapshots of an organisation (each a directory, "
                                    ".json or .graphml; they may be the same org).");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_add_group(ctx, vs_cli_analysis_options(&opts));
  g_option_context_add_group(ctx, vs_cli_cost_options(&opts));
  if (!vs_cli_parse(ctx, &argc, &argv))
    return VS_EXIT_USAGE;
  vs_cli_set_quiet(quiet);
  if (argc != 3) {
    vs_cli_error("diff takes two organisations, OLD and NEW (see --help)");
    return VS_EXIT_USAGE;
  }
  if ((rc = vs_cli_decision_format(format_name, &format)) != VS_EXIT_OK)
    return rc;
  if (!vs_analysis_options_check(&opts, &error)) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_USAGE;
  }
  ropts.pretty = !compact;
  if (title == NULL) {
    g_autofree char *old_title = vs_cli_page_title("Comparison", argv[1]);
    g_autofree char *new_base = g_path_get_basename(argv[2]);
    title = g_strdup_printf("%s -> %s", old_title, new_base);
  }
  ropts.title = title;
  if ((before = snapshot(argv[1], &opts, old_as_of)) == NULL ||
      (after = snapshot(argv[2], &opts, new_as_of)) == NULL)
    return VS_EXIT_INPUT;
  if ((comparison = vs_comparison_new(before, after, &error)) == NULL) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  d = (Diff){comparison, format, &ropts};
  return vs_cli_write_decision(write_diff, &d, output);
}
