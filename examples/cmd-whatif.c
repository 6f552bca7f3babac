/* valuestream whatif - what-if scenarios (SPEC 8) applied to an org, each
 * compared with the org as it is (SPEC 10); and what `whatif` and `diff`
 * share: the format option and writing the output.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int
vs_cli_decision_format(const char *name, VsReportFormat *format)
{
  static const struct {
    const char *name;
    VsReportFormat format;
  } known[] = {{"json", VS_REPORT_JSON},
               {"text", VS_REPORT_TEXT},
               {"csv", VS_REPORT_CSV},
               {"html", VS_REPORT_HTML}};

  *format = VS_REPORT_JSON;
  if (name == NULL)
    return VS_EXIT_OK;
  for (guint i = 0; i < G_N_ELEMENTS(known); i++)
    if (strcmp(name, known[i].name) == 0) {
      *format = known[i].format;
      return VS_EXIT_OK;
    }
  vs_cli_error("unknown format '%s' (expected json, text, csv or html)", name);
  return VS_EXIT_USAGE;
}

char *
vs_cli_page_title(const char *what, const char *path)
{
  g_autofree char *base = g_path_get_basename(path);
  char *dot = strrchr(base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_strdup_printf("%s: %s", what, base);
}

/* Writes @len bytes to a file that exists and is not a regular one (a
 * device, a pipe), in place: renaming over it would replace the device. */
static gboolean
write_special(const char *path, const char *data, gsize len, GError **error)
{
  g_autoptr(GOutputStream) out = NULL;
  int fd = g_open(path, O_WRONLY | O_CLOEXEC, 0);

  if (fd < 0) {
    int err = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", path, g_strerror(err));
    return FALSE;
  }
  out = g_unix_output_stream_new(fd, TRUE);
  return g_output_stream_write_all(out, data, len, NULL, NULL, error) &&
         g_output_stream_close(out, NULL, error);
}

int
vs_cli_write_decision(VsCliDecisionWriter write, gconstpointer data, const char *output)
{
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable();
  g_autoptr(GError) error = NULL;
  const char *bytes;
  gsize len;
  gboolean ok;

  /* all in memory first: an error leaves no output and -o FILE untouched */
  if (!write(data, mem, &error) || !g_output_stream_close(mem, NULL, &error)) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  bytes = g_memory_output_stream_get_data(G_MEMORY_OUTPUT_STREAM(mem));
  len = g_memory_output_stream_get_data_size(G_MEMORY_OUTPUT_STREAM(mem));
  if (output == NULL || strcmp(output, "-") == 0) {
    ok = fwrite(bytes, 1, len, stdout) == len && fflush(stdout) == 0;
    if (!ok)
      g_set_error_literal(&error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot write standard output");
  } else if (g_file_test(output, G_FILE_TEST_EXISTS) &&
             !g_file_test(output, G_FILE_TEST_IS_REGULAR)) {
    ok = write_special(output, bytes, len, &error);
  } else {
    ok = g_file_set_contents_full(output, bytes, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, 0666,
                                  &error);
  }
  if (!ok) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  return VS_EXIT_OK;
}

typedef struct {
  const VsScenarios *scenarios;
  const VsComparison *const *comparisons;
  VsReportFormat format;
  const VsReportOptions *options;
} WhatIf;

static gboolean
write_whatif(gconstpointer data, GOutputStream *out, GError **error)
{
  const WhatIf *w = data;
  return vs_report_write_whatif(w->scenarios, w->comparisons, w->format, w->options, out, NULL,
                                error);
}

/* Applies every scenario to @org and compares it with @baseline; prints
 * the first error and returns FALSE. @comparisons and @analyses get one
 * element per scenario. */
static gboolean
run_scenarios(const VsScenarios *scenarios, const char *scenarios_path, const VsOrg *org,
              const VsAnalysis *baseline, const VsAnalysisOptions *opts, GPtrArray *analyses,
              GPtrArray *comparisons)
{
  for (gsize i = 0; i < vs_scenarios_get_n(scenarios); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(VsOrg) changed = NULL;
    VsAnalysis *after;
    VsComparison *cmp;

    vs_cli_progress("scenario %s", vs_scenarios_get_name(scenarios, i));
    if ((changed = vs_scenarios_apply(scenarios, i, org, opts, &error)) == NULL) {
      vs_cli_error("%s", error->message);
      return FALSE;
    }
    if ((after = vs_analysis_new(changed, opts, &error)) == NULL) {
      g_autofree char *name = g_strescape(vs_scenarios_get_name(scenarios, i), NULL);
      vs_cli_error("%s: scenario \"%s\": %s", scenarios_path, name, error->message);
      return FALSE;
    }
    g_ptr_array_add(analyses, after);
    if ((cmp = vs_comparison_new(baseline, after, &error)) == NULL) {
      vs_cli_error("%s", error->message);
      return FALSE;
    }
    g_ptr_array_add(comparisons, cmp);
  }
  return TRUE;
}

int
vs_cli_whatif(int argc, char **argv)
{
  VsAnalysisOptions opts = VS_ANALYSIS_OPTIONS_INIT;
  VsReportOptions ropts = VS_REPORT_OPTIONS_INIT;
  g_autofree char *format_name = NULL, *output = NULL, *title = NULL;
  gboolean compact = FALSE, quiet = FALSE;
  const GOptionEntry entries[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
       "Output format: json (default, SPEC 10), text, csv or html", "FORMAT"},
      {"title", 0, 0, G_OPTION_ARG_STRING, &title,
       "HTML: title of the page (default: \"What-if: \" and ORG's name)", "TEXT"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       "Write to FILE (atomically) instead of standard output", "FILE"},
      {"compact", 0, 0, G_OPTION_ARG_NONE, &compact, "JSON: no indentation", NULL},
      vs_cli_quiet_option(&quiet),
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("ORG SCENARIOS");
  g_autoptr(GError) error = NULL;
  g_autoptr(VsOrg) org = NULL;
  g_autoptr(VsScenarios) scenarios = NULL;
  g_autoptr(VsAnalysis) baseline = NULL;
  g_autoptr(GPtrArray) analyses = g_ptr_array_new_with_free_func((GDestroyNotify)vs_analysis_free);
  g_autoptr(GPtrArray) comparisons =
      g_ptr_array_new_with_free_func((GDestroyNotify)vs_comparison_free);
  VsReportFormat format;
  WhatIf w;
  int rc;

  g_option_context_set_summary(ctx, "Apply each scenario of SCENARIOS (.json or .csv, SPEC 8) to "
                                    "a copy of ORG and compare it with ORG as it is.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_add_group(ctx, vs_cli_analysis_options(&opts));
  g_option_context_add_group(ctx, vs_cli_cost_options(&opts));
  if (!vs_cli_parse(ctx, &argc, &argv))
    return VS_EXIT_USAGE;
  vs_cli_set_quiet(quiet);
  if (argc != 3) {
    vs_cli_error("whatif takes an ORG and a SCENARIOS file (see --help)");
    return VS_EXIT_USAGE;
  }
  if ((rc = vs_cli_decision_format(format_name, &format)) != VS_EXIT_OK)
    return rc;
  if (!vs_analysis_options_check(&opts, &error)) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_USAGE;
  }
  ropts.pretty = !compact;
  if (title == NULL)
    title = vs_cli_page_title("What-if", argv[1]);
  ropts.title = title;
  /* the scenarios first: a bad file fails fast, before a large org loads */
  if ((scenarios = vs_scenarios_load(argv[2], &error)) == NULL) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  if ((org = vs_cli_load(argv[1])) == NULL)
    return VS_EXIT_INPUT;
  if ((baseline = vs_analysis_new(org, &opts, &error)) == NULL) {
    vs_cli_error("%s: %s", argv[1], error->message);
    return VS_EXIT_INPUT;
  }
  if (!run_scenarios(scenarios, argv[2], org, baseline, &opts, analyses, comparisons))
    return VS_EXIT_INPUT;
  w = (WhatIf){scenarios, (const VsComparison *const *)comparisons->pdata, format, &ropts};
  return vs_cli_write_decision(write_whatif, &w, output);
}
