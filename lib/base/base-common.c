/* valuestream - error domain, version, and the igraph lock.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>
#include <sys/mman.h>

#include "base-private.h"

/* G_DEFINE_QUARK caches the quark in a plain static, which two threads
 * setting their first error at once write together: a data race, if a
 * benign one. The same with an atomic cache. */
GQuark
vs_error_quark(void)
{
  static gint quark; /* a GQuark, 0 until first use */
  GQuark q = (GQuark)g_atomic_int_get(&quark);

  if (G_UNLIKELY(q == 0)) {
    q = g_quark_from_static_string("vs-error-quark");
    g_atomic_int_set(&quark, (gint)q);
  }
  return q;
}

const char *
vs_version_string(void)
{
  return VS_VERSION_STRING;
}

void
vs_free(gpointer mem)
{
  g_free(mem);
}

void
vs_error_free(GError *error)
{
  if (error != NULL)
    g_error_free(error);
}

#define HUGE_PAGE ((gsize)2 << 20)

gpointer
vs_i_alloc_table(gsize n, gsize size)
{
  gsize bytes = n * size;
  gpointer p;

  if (bytes < 2 * HUGE_PAGE)
    return g_aligned_alloc0(n, size, size);
  /* Advise before the first touch: zeroing would fault in small pages. */
  p = g_aligned_alloc(bytes / HUGE_PAGE + 1, HUGE_PAGE, HUGE_PAGE);
#ifdef MADV_HUGEPAGE
  madvise(p, bytes, MADV_HUGEPAGE);
#endif
  memset(p, 0, bytes);
  return p;
}

void
vs_i_task_start(VsTask *task, gboolean parallel, GThreadFunc fn, gpointer data)
{
  task->thread = parallel ? g_thread_try_new("valuestream", fn, data, NULL) : NULL;
  if (task->thread == NULL)
    fn(data);
}

void
vs_i_task_join(VsTask *task)
{
  if (task->thread != NULL)
    g_thread_join(task->thread);
  task->thread = NULL;
}

/* igraph keeps its handlers and its FINALLY stack in process globals, so
 * one recursive lock covers every use; the handlers are swapped only at
 * the outermost level and restored on the way out, leaving a host program
 * that also uses igraph as it was. */
static GRecMutex igraph_lock;
static guint igraph_depth;
static igraph_error_handler_t *saved_error_handler;
static igraph_warning_handler_t *saved_warning_handler;

void
vs_i_igraph_lock(void)
{
  g_rec_mutex_lock(&igraph_lock);
  if (igraph_depth++ == 0) {
    saved_error_handler = igraph_set_error_handler(igraph_error_handler_ignore);
    saved_warning_handler = igraph_set_warning_handler(igraph_warning_handler_ignore);
  }
}

void
vs_i_igraph_unlock(void)
{
  g_assert(igraph_depth > 0);
  if (--igraph_depth == 0) {
    igraph_set_error_handler(saved_error_handler);
    igraph_set_warning_handler(saved_warning_handler);
  }
  g_rec_mutex_unlock(&igraph_lock);
}

gboolean
vs_i_igraph_check(igraph_error_t rc, const char *what, GError **error)
{
  if (rc == IGRAPH_SUCCESS)
    return TRUE;
  g_set_error(error, VS_ERROR, VS_ERROR_IGRAPH, "igraph failed in %s: %s", what,
              igraph_strerror(rc));
  return FALSE;
}
