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

/* Analyses @path as of @as_of (NULL: the analysis options'): @org when
 * given (the same path as the other snapshot, loaded once), else loaded. */
static VsAnalysis *
snapshot(const char *path, const VsOrg *org, const VsAnalysisOptions *opts, const char *as_of)
{
  VsAnalysisOptions o = *opts;
  g_autoptr(GError) error = NULL;
  VsAnalysis *analysis;

  if (as_of != NULL)
    o.as_of = as_of;
  if (org == NULL)
    return vs_cli_analyse(path, &o);
  vs_cli_progress("analysing the same org again%s%s", o.as_of != NULL ? " as of " : "",
                  o.as_of != NULL ? o.as_of : "");
  analysis = vs_analysis_new(org, &o, &error);
  if (analysis == NULL)
    vs_cli_error("%s: %s", path, error->message);
  return analysis;
}

int
vs_cli_diff(int argc, char **argv)
{
  static const VsCliDecisionCommand cmd = {
      "OLD NEW", 2,
      "Compare two snapshots of an organisation (each a directory, .json or .graphml; they may be "
      "the same org).",
      "diff takes two organisations, OLD and NEW", "\"Comparison: OLD -> NEW\""};
  g_auto(VsCliDecision) d = VS_CLI_DECISION_INIT;
  g_autofree char *old_as_of = NULL, *new_as_of = NULL;
  const GOptionEntry entries[] = {
      {"old-as-of", 0, 0, G_OPTION_ARG_STRING, &old_as_of,
       "Analyse OLD as of period P (default: --as-of, else every answer)", "P"},
      {"new-as-of", 0, 0, G_OPTION_ARG_STRING, &new_as_of,
       "Analyse NEW as of period P (default: --as-of, else every answer)", "P"},
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VsAnalysis) before = NULL, after = NULL;
  g_autoptr(VsComparison) comparison = NULL;
  Diff diff;
  int rc;

  if ((rc = vs_cli_decision_parse(&d, &cmd, entries, &argc, &argv)) != VS_EXIT_OK)
    return rc;
  if (d.title == NULL) {
    g_autofree char *old_title = vs_cli_page_title("Comparison", argv[1]);
    g_autofree char *new_base = g_path_get_basename(argv[2]);
    d.title = g_strdup_printf("%s -> %s", old_title, new_base);
  }
  d.report.title = d.title;
  /* One org analysed twice (its analyses share what depends on its shape
   * only) rather than two copies of it in memory. */
  if ((before = snapshot(argv[1], NULL, &d.analysis, old_as_of)) == NULL ||
      (after = snapshot(argv[2], strcmp(argv[1], argv[2]) == 0 ? vs_analysis_get_org(before) : NULL,
                        &d.analysis, new_as_of)) == NULL)
    return VS_EXIT_INPUT;
  if ((comparison = vs_comparison_new(before, after, &error)) == NULL) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  diff = (Diff){comparison, d.format, &d.report};
  return vs_cli_write_decision(write_diff, &diff, d.output);
}
