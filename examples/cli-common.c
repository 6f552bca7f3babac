/* valuestream CLI - loading, options and output shared by subcommands.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <gio/gunixoutputstream.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* --as-of P into the options (the group's data). The text is interned: it
 * must outlive the analyses, which copy it anyway, and the process keeps
 * one copy per distinct period rather than leaking one per option. */
static gboolean
parse_as_of(const char *option, const char *value, gpointer data, GError **error)
{
  VsAnalysisOptions *o = data;

  o->as_of = g_intern_string(value);
  return TRUE;
}

/* --cost-basis NAME into the options (the group's data). */
static gboolean
parse_cost_basis(const char *option, const char *value, gpointer data, GError **error)
{
  VsAnalysisOptions *o = data;

  if (g_strcmp0(value, "weight") == 0)
    o->cost_basis = VS_COST_BASIS_WEIGHT;
  else if (g_strcmp0(value, "volume") == 0)
    o->cost_basis = VS_COST_BASIS_VOLUME;
  else {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "unknown %s '%s' (expected weight or volume)", option, value);
    return FALSE;
  }
  return TRUE;
}

GOptionGroup *
vs_cli_cost_options(VsAnalysisOptions *o)
{
  const GOptionEntry entries[] = {
      {"cost-basis", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)parse_cost_basis,
       "Divide a unit's cost among its handoffs by weight (default) or volume", "BASIS"},
      {"markup", 0, 0, G_OPTION_ARG_DOUBLE, &o->markup,
       "Cost-plus margin a team adds to its own cost, e.g. 0.1 (default 0)", "M"},
      G_OPTION_ENTRY_NULL,
  };
  GOptionGroup *group =
      g_option_group_new("cost", "Cost to serve (SPEC 7):", "Show the cost options", o, NULL);
  g_option_group_add_entries(group, entries);
  return group;
}

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
      {"as-of", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)parse_as_of,
       "Ignore survey answers of periods after P: the org as it stood then", "P"},
      {"min-responses", 0, 0, G_OPTION_ARG_INT, &o->min_responses,
       "Ignore a pair's period with fewer answers than K; its mean is shown nowhere (default 1)",
       "K"},
      G_OPTION_ENTRY_NULL,
  };
  GOptionGroup *group = g_option_group_new(
      "thresholds", "Analysis thresholds (SPEC 4.6):", "Show the analysis thresholds", o, NULL);
  g_option_group_add_entries(group, entries);
  return group;
}

/* ---- progress ---------------------------------------------------------------- */

static gboolean quiet_flag;
static gint64 progress_start;

GOptionEntry
vs_cli_quiet_option(gboolean *quiet)
{
  GOptionEntry entry = {
      "quiet", 'q', 0, G_OPTION_ARG_NONE, quiet, "No progress messages on a terminal", NULL};
  return entry;
}

void
vs_cli_set_quiet(gboolean quiet)
{
  quiet_flag = quiet;
}

void
vs_cli_progress(const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  if (quiet_flag || !isatty(STDERR_FILENO))
    return;
  if (progress_start == 0)
    progress_start = g_get_monotonic_time();
  va_start(ap, fmt);
  msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  fprintf(stderr, "valuestream: [%6.2f s] %s\n", (g_get_monotonic_time() - progress_start) / 1e6,
          msg);
}

VsAnalysis *
vs_cli_analyse(const char *path, const VsAnalysisOptions *opts)
{
  g_autoptr(VsOrg) org = NULL;
  g_autoptr(GError) error = NULL;
  VsAnalysis *analysis;

  vs_cli_progress("loading %s", path);
  org = vs_cli_load(path);
  if (org == NULL)
    return NULL;
  vs_cli_progress("analysing %" G_GSIZE_FORMAT " units and %" G_GSIZE_FORMAT " handoffs",
                  vs_org_get_n_units(org), vs_org_get_n_handoffs(org));
  analysis = vs_analysis_new(org, opts, &error);
  if (analysis == NULL)
    vs_cli_error("%s: %s", path, error->message);
  return analysis;
}

/* ---- picture options ------------------------------------------------------------- */

GOptionGroup *
vs_cli_picture_options(VsReportOptions *o)
{
  /* guint fields read as gint: vs_cli_check_picture_options() rejects
   * what a negative number turns into. */
  const GOptionEntry entries[] = {
      {"top", 'n', 0, G_OPTION_ARG_INT, (gint *)&o->top,
       "Flagged teams to list and explain, 0 for all (default 10)", "N"},
      {"picture-units", 0, 0, G_OPTION_ARG_INT, (gint *)&o->picture_units,
       "Draw the whole org up to N units, else the part that matters (default 150)", "N"},
      {"highlight", 0, 0, G_OPTION_ARG_INT, (gint *)&o->highlight,
       "Highlight the ripple chains of the top N flagged teams (default 3)", "N"},
      G_OPTION_ENTRY_NULL,
  };
  GOptionGroup *group = g_option_group_new("picture", "Ranking and picture options:",
                                           "Show the ranking and picture options", NULL, NULL);
  g_option_group_add_entries(group, entries);
  return group;
}

gboolean
vs_cli_check_picture_options(const VsReportOptions *o)
{
  if (o->top > G_MAXINT || o->picture_units > G_MAXINT || o->highlight > G_MAXINT) {
    vs_cli_error("--top, --picture-units and --highlight must be >= 0");
    return FALSE;
  }
  return TRUE;
}

char *
vs_cli_org_title(const char *path)
{
  g_autofree char *base = g_path_get_basename(path);
  char *dot = strrchr(base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_strdup_printf("Value stream report: %s", base);
}

GOptionContext *
vs_cli_org_context(const char *summary, const GOptionEntry *entries, VsReportOptions *ropts,
                   VsAnalysisOptions *opts)
{
  GOptionContext *ctx = g_option_context_new("ORG");

  g_option_context_set_summary(ctx, summary);
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_add_group(ctx, vs_cli_picture_options(ropts));
  g_option_context_add_group(ctx, vs_cli_analysis_options(opts));
  g_option_context_add_group(ctx, vs_cli_cost_options(opts));
  return ctx;
}

/* ---- loading and writing ------------------------------------------------------------ */

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
    vs_cli_progress("writing the report to standard output");
    ok = vs_report_write(analysis, format, options, out, NULL, &error);
  } else {
    vs_cli_progress("writing %s", output);
    ok = vs_report_write_file(analysis, format, options, output, &error);
  }
  if (!ok) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  vs_cli_progress("done");
  return VS_EXIT_OK;
}
