/* valuestream CLI - what the decision commands (whatif, plan, diff) share:
 * their common options, the format, the page title and writing the output.
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

int
vs_cli_decision_parse(VsCliDecision *d, const VsCliDecisionCommand *cmd,
                      const GOptionEntry *entries, int *argc, char ***argv)
{
  g_autofree char *title_help =
      g_strdup_printf("HTML: title of the page (default: %s)", cmd->title_help);
  const GOptionEntry shared[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &d->format_name,
       "Output format: json (default), text, csv or html", "FORMAT"},
      {"title", 0, 0, G_OPTION_ARG_STRING, &d->title, title_help, "TEXT"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &d->output,
       "Write to FILE (atomically) instead of standard output", "FILE"},
      {"compact", 0, 0, G_OPTION_ARG_NONE, &d->compact, "JSON: no indentation", NULL},
      vs_cli_quiet_option(&d->quiet),
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new(cmd->operands);
  g_autoptr(GError) error = NULL;
  int rc;

  g_option_context_set_summary(ctx, cmd->summary);
  if (entries != NULL)
    g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_add_main_entries(ctx, shared, NULL);
  g_option_context_add_group(ctx, vs_cli_analysis_options(&d->analysis));
  g_option_context_add_group(ctx, vs_cli_cost_options(&d->analysis));
  if (!vs_cli_parse(ctx, argc, argv))
    return VS_EXIT_USAGE;
  vs_cli_set_quiet(d->quiet);
  if (*argc != cmd->n_operands + 1) {
    vs_cli_error("%s (see --help)", cmd->usage);
    return VS_EXIT_USAGE;
  }
  if ((rc = vs_cli_decision_format(d->format_name, &d->format)) != VS_EXIT_OK)
    return rc;
  if (!vs_analysis_options_check(&d->analysis, &error)) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_USAGE;
  }
  d->report.pretty = !d->compact;
  return VS_EXIT_OK;
}

void
vs_cli_decision_clear(VsCliDecision *d)
{
  g_clear_pointer(&d->format_name, g_free);
  g_clear_pointer(&d->output, g_free);
  g_clear_pointer(&d->title, g_free);
}
