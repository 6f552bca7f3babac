/* valuestream - the improvement plan written out (SPEC 9): JSON for now;
 * the other formats come later and return VS_ERROR_INVALID until then.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The writer reads the plan through its public getters and computes
 * nothing. */
#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "report-private.h"

static void
write_plan_json(VsWriter *w, const VsPlan *plan)
{
  gsize n;
  const double *gains = vs_plan_get_gains(plan, &n);
  const double *risks = vs_plan_get_revenues_at_risk(plan, NULL);
  const double *removed = vs_plan_get_removed_shares(plan, NULL);

  vs_i_json_begin_object(w);
  vs_i_json_key(w, "valuestream");
  vs_i_json_int(w, 1);
  vs_i_json_key(w, "plan");
  vs_i_json_begin_object(w);
  vs_i_json_key(w, "target");
  vs_i_json_double(w, vs_plan_get_target(plan));
  vs_i_json_key(w, "revenue_at_risk");
  vs_i_json_double(w, vs_plan_get_revenue_at_risk(plan));
  vs_i_json_key(w, "steps");
  vs_i_json_begin_array(w);
  for (gsize i = 0; i < n; i++) {
    vs_i_json_begin_object(w);
    vs_i_json_key(w, "step");
    vs_i_json_int(w, (gint64)i + 1);
    vs_i_json_key(w, "unit");
    vs_i_json_string(w, vs_plan_get_unit_id(plan, i));
    vs_i_json_key(w, "gain");
    vs_i_json_double(w, gains[i]);
    vs_i_json_key(w, "revenue_at_risk");
    vs_i_json_double(w, risks[i]);
    vs_i_json_key(w, "removed_share");
    vs_i_json_double(w, removed[i]);
    vs_i_json_end_object(w);
    vs_i_writer_flush_if_full(w);
  }
  vs_i_json_end_array(w);
  vs_i_json_end_object(w);
  vs_i_json_end_object(w); /* the outermost ends the line */
}

gboolean
vs_report_write_plan(const VsPlan *plan, VsReportFormat format, const VsReportOptions *options,
                     GOutputStream *out, GCancellable *cancellable, GError **error)
{
  VsReportOptions o;
  VsWriter w;

  g_return_val_if_fail(plan != NULL, FALSE);
  g_return_val_if_fail(G_IS_OUTPUT_STREAM(out), FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  if (!vs_i_report_options_complete(options, &o, error))
    return FALSE;
  if (format != VS_REPORT_JSON) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "the plan is not written in report format %d yet (only JSON)", (int)format);
    return FALSE;
  }
  vs_i_writer_init(&w, out, cancellable);
  w.pretty = o.pretty;
  write_plan_json(&w, plan);
  return vs_i_writer_finish(&w, error);
}

char *
vs_report_dup_plan_string(const VsPlan *plan, VsReportFormat format,
                          const VsReportOptions *options, gsize *len, GError **error)
{
  g_autoptr(GOutputStream) mem = NULL;
  char nul = '\0';

  if (len != NULL)
    *len = 0;
  g_return_val_if_fail(plan != NULL, NULL);
  mem = g_memory_output_stream_new_resizable();
  if (!vs_report_write_plan(plan, format, options, mem, NULL, error) ||
      !g_output_stream_write_all(mem, &nul, 1, NULL, NULL, error) ||
      !g_output_stream_close(mem, NULL, error))
    return NULL;
  if (len != NULL)
    *len = g_memory_output_stream_get_data_size(G_MEMORY_OUTPUT_STREAM(mem)) - 1;
  return g_memory_output_stream_steal_data(G_MEMORY_OUTPUT_STREAM(mem));
}

/* Writes @plan to the open @fd, closing it. */
static gboolean
write_plan_fd(const VsPlan *plan, VsReportFormat format, const VsReportOptions *options, int fd,
              gboolean sync, const char *path, GError **error)
{
  g_autoptr(GOutputStream) out = g_unix_output_stream_new(fd, TRUE);
  gboolean ok = vs_report_write_plan(plan, format, options, out, NULL, error);

  if (ok && sync && fsync(fd) != 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", path, g_strerror(err));
    ok = FALSE;
  }
  if (!g_output_stream_close(out, NULL, ok ? error : NULL))
    ok = FALSE;
  return ok;
}

gboolean
vs_report_write_plan_file(const VsPlan *plan, VsReportFormat format,
                          const VsReportOptions *options, const char *path, GError **error)
{
  g_autofree char *tmp = NULL;
  gboolean special, ok;
  int fd;

  g_return_val_if_fail(plan != NULL, FALSE);
  g_return_val_if_fail(path != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  /* As vs_report_write_file(): a device or a pipe (-o /dev/null) is
   * written in place; a file is replaced by renaming a complete temporary
   * file next to it over it. */
  special = g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_REGULAR);
  if (special)
    fd = g_open(path, O_WRONLY | O_CLOEXEC, 0);
  else {
    tmp = g_strdup_printf("%s.XXXXXX", path);
    fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666 /* open() applies the umask */);
  }
  if (fd < 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", path, g_strerror(err));
    return FALSE;
  }
  ok = write_plan_fd(plan, format, options, fd, !special, path, error);
  if (ok && !special && g_rename(tmp, path) != 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", path, g_strerror(err));
    ok = FALSE;
  }
  if (!ok && !special)
    g_unlink(tmp);
  if (!ok && error != NULL && *error != NULL && (*error)->domain != VS_ERROR) {
    GError *io = g_error_new(VS_ERROR, VS_ERROR_IO, "%s: %s", path, (*error)->message);
    g_clear_error(error);
    g_propagate_error(error, io);
  }
  return ok;
}
