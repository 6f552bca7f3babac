/* valuestream - pictures through Graphviz.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The DOT report goes to an unlinked temporary file that becomes dot's
 * standard input; dot's standard output is a temporary file next to the
 * target, renamed over it on success. No pipe is written to, so a dot that
 * dies early cannot raise SIGPIPE in the host, and nothing runs through a
 * shell. A private main context waits for dot with a timeout, after which
 * dot is killed. */
#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report-private.h"

#define DEFAULT_TIMEOUT_MS 60000

/* The Graphviz format: @given, else @path's extension; letters, digits
 * and ':' only (it becomes one argument, -T<format>). */
static char *
render_format(const char *path, const char *given, GError **error)
{
  g_autofree char *base = g_path_get_basename(path);
  const char *dot = strrchr(base, '.');
  const char *fmt = given != NULL ? given : dot != NULL ? dot + 1 : "";

  for (const char *p = fmt; *p; p++)
    if (!g_ascii_isalnum(*p) && *p != ':')
      fmt = "";
  if (*fmt == '\0') {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "%s: cannot tell which image format to write (use a .svg, .png or .pdf name)",
                path);
    return NULL;
  }
  return g_ascii_strdown(fmt, -1);
}

/* An unlinked temporary file holding the DOT report, at offset 0. */
static int
dot_input(const VsAnalysis *a, const VsReportOptions *o, GError **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GOutputStream) out = NULL;
  int fd = g_file_open_tmp("valuestream-XXXXXX.dot", &name, error);

  if (fd < 0)
    return -1;
  g_unlink(name);
  out = g_unix_output_stream_new(fd, FALSE);
  if (!vs_report_write(a, VS_REPORT_DOT, o, out, NULL, error) || lseek(fd, 0, SEEK_SET) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

typedef struct {
  gboolean done, timed_out;
  GSubprocess *proc;
  GCancellable *cancel;
  GBytes *err;
  GError *error;
} Run;

static void
on_done(GObject *source, GAsyncResult *result, gpointer data)
{
  Run *run = data;
  g_subprocess_communicate_finish(G_SUBPROCESS(source), result, NULL, &run->err, &run->error);
  run->done = TRUE;
}

static gboolean
on_timeout(gpointer data)
{
  Run *run = data;
  run->timed_out = TRUE;
  g_subprocess_force_exit(run->proc);
  g_cancellable_cancel(run->cancel);
  return G_SOURCE_REMOVE;
}

/* Waits for @run->proc, killing it after @timeout_ms; its stderr is kept. */
static void
wait_with_timeout(Run *run, guint timeout_ms)
{
  GMainContext *ctx = g_main_context_new();
  GSource *timer = g_timeout_source_new(timeout_ms);

  g_main_context_push_thread_default(ctx);
  g_source_set_callback(timer, on_timeout, run, NULL);
  g_source_attach(timer, ctx);
  g_subprocess_communicate_async(run->proc, NULL, run->cancel, on_done, run);
  while (!run->done)
    g_main_context_iteration(ctx, TRUE);
  g_source_destroy(timer);
  g_source_unref(timer);
  g_subprocess_wait(run->proc, NULL, NULL);
  g_main_context_pop_thread_default(ctx);
  g_main_context_unref(ctx);
}

/* The first lines of dot's complaint, for the message. */
static char *
stderr_text(GBytes *err)
{
  gsize len = 0;
  const char *data = err != NULL ? g_bytes_get_data(err, &len) : NULL;
  g_autofree char *text = g_utf8_make_valid(data != NULL ? data : "", (gssize)MIN(len, 600));
  return g_strstrip(g_steal_pointer(&text));
}

static gboolean
check_run(const Run *run, const char *program, guint timeout_ms, GError **error)
{
  g_autofree char *complaint = NULL;

  if (run->timed_out) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO,
                "Graphviz (%s) took longer than %.1f s and was stopped", program,
                timeout_ms / 1000.0);
    return FALSE;
  }
  if (run->error != NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "Graphviz (%s): %s", program, run->error->message);
    return FALSE;
  }
  if (g_subprocess_get_if_exited(run->proc) && g_subprocess_get_exit_status(run->proc) == 0)
    return TRUE;
  complaint = stderr_text(run->err);
  if (g_subprocess_get_if_exited(run->proc))
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "Graphviz (%s) failed with exit status %d%s%s",
                program, g_subprocess_get_exit_status(run->proc), *complaint ? ": " : "",
                complaint);
  else
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "Graphviz (%s) was killed by signal %d", program,
                g_subprocess_get_term_sig(run->proc));
  return FALSE;
}

/* Runs @program -T@format with @in_fd as stdin and @out_fd as stdout
 * (both taken). */
static gboolean
run_graphviz(const char *program, const char *format, guint timeout_ms, int in_fd, int out_fd,
             GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *flag = g_strdup_printf("-T%s", format);
  const char *argv[] = {program, flag, NULL};
  g_autoptr(GError) spawn_error = NULL;
  Run run = {0};
  gboolean ok;

  g_subprocess_launcher_take_stdin_fd(launcher, in_fd);
  g_subprocess_launcher_take_stdout_fd(launcher, out_fd);
  run.proc = g_subprocess_launcher_spawnv(launcher, argv, &spawn_error);
  if (run.proc == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO,
                "cannot run Graphviz (%s): %s; install Graphviz (Debian: apt-get install graphviz)",
                program, spawn_error->message);
    return FALSE;
  }
  run.cancel = g_cancellable_new();
  wait_with_timeout(&run, timeout_ms);
  ok = check_run(&run, program, timeout_ms, error);
  g_clear_error(&run.error);
  g_clear_pointer(&run.err, g_bytes_unref);
  g_object_unref(run.cancel);
  g_object_unref(run.proc);
  return ok;
}

/* Puts the finished image @tmp (open as @fd) in place of @path. */
static gboolean
finish_file(const char *tmp, const char *path, int fd, GError **error)
{
  struct stat st;

  if (fsync(fd) != 0 || fstat(fd, &st) != 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", path, g_strerror(err));
    return FALSE;
  }
  if (st.st_size == 0) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: Graphviz wrote nothing", path);
    return FALSE;
  }
  if (g_rename(tmp, path) != 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", path, g_strerror(err));
    return FALSE;
  }
  return TRUE;
}

gboolean
vs_report_render_file(const VsAnalysis *a, const VsReportOptions *options, const char *path,
                      const char *graphviz_format, GError **error)
{
  VsReportOptions o;
  g_autofree char *format = NULL, *tmp = NULL;
  const char *program;
  int in_fd, out_fd, keep_fd;
  gboolean ok;

  g_return_val_if_fail(a != NULL, FALSE);
  g_return_val_if_fail(path != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  if (!vs_i_report_options_complete(options, &o, error))
    return FALSE;
  format = render_format(path, graphviz_format, error);
  if (format == NULL)
    return FALSE;
  program = o.render_program != NULL ? o.render_program : "dot";
  tmp = g_strdup_printf("%s.XXXXXX", path);
  out_fd = g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, 0666);
  if (out_fd < 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot create a file there: %s", path,
                g_strerror(err));
    return FALSE;
  }
  /* dot's stdout is handed over; this copy outlives it for fsync. */
  keep_fd = fcntl(out_fd, F_DUPFD_CLOEXEC, 0);
  in_fd = keep_fd >= 0 ? dot_input(a, &o, error) : -1;
  if (keep_fd < 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", path, g_strerror(err));
  }
  if (in_fd >= 0)
    ok = run_graphviz(program, format,
                      o.render_timeout_ms ? o.render_timeout_ms : DEFAULT_TIMEOUT_MS, in_fd, out_fd,
                      error) &&
         finish_file(tmp, path, keep_fd, error);
  else
    ok = (close(out_fd), FALSE);
  if (!ok)
    g_unlink(tmp);
  if (keep_fd >= 0)
    close(keep_fd);
  return ok;
}
