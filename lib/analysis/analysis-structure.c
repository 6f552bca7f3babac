/* valuestream - the analysis: the graph and its structure. The org's
 * topology, line of sight (hops and next hops towards the customers),
 * the dominator trees and the chokepoints they give, the rework loops.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "analysis-private.h"
#include "org-topology.h"

/* ---- graph sections ------------------------------------------------------------- */

gboolean
vs_i_analysis_graph(VsAnalysis *a, GError **error)
{
  VsTopology *t = vs_i_org_topology(a->org, error);

  if (t == NULL)
    return FALSE;
  a->topo = t;
  if (!vs_i_topology_validate(a->org, t, error))
    return FALSE;
  a->kind = t->kind;
  a->own = t->own;
  a->out_off = t->out_off;
  a->out_e = t->out_e;
  a->in_off = t->in_off;
  a->in_e = t->in_e;
  a->from = t->from;
  a->to = t->to;
  a->n_comp = t->n_comp;
  a->comp = t->comp;
  a->comp_off = t->comp_off;
  a->comp_units = t->comp_units;
  a->local = t->local;
  return TRUE;
}

/* The visiting order is kept for count_dependents(). */
gboolean
vs_i_analysis_line_of_sight(VsAnalysis *a, GError **error)
{
  gsize n = a->n ? a->n : 1;
  a->hops = g_new(gint32, n);
  a->next = g_new(gint32, n);
  a->bfs_order = g_new(guint32, n);
  return vs_i_topology_bfs(a->topo, a->hops, a->next, a->bfs_order, &a->n_bfs, error);
}

/* dependents[v]: units other than customers whose post-dominator chain
 * holds v. A vertex's immediate post-dominator is nearer the customers
 * than the vertex itself, so one sweep in reverse BFS order adds subtrees up. */
static void
count_dependents(VsAnalysis *a)
{
  a->dependents = g_new0(guint32, a->n ? a->n : 1);
  for (gsize i = a->n_bfs; i-- > 0;) {
    guint32 u = a->bfs_order[i];
    gint32 up = a->ipdom[u];
    if (up < 0 || a->kind[up] == VS_KIND_CUSTOMER)
      continue;
    a->dependents[up] += a->dependents[u] + (a->kind[u] != VS_KIND_CUSTOMER);
  }
}

typedef struct {
  VsAnalysis *a;
  GError *error;
} DominatorTask;

static gpointer
dominator_task(gpointer data)
{
  DominatorTask *task = data;
  vs_i_topology_dominators(task->a->topo, task->a->idom, &task->error);
  return NULL;
}

/* The two trees are independent: one on each core. */
gboolean
vs_i_analysis_structure(VsAnalysis *a, GError **error)
{
  gsize n = a->n ? a->n : 1;
  DominatorTask dom = {a, NULL};
  VsTask task;
  gboolean ok;

  a->ipdom = g_new(gint32, n);
  a->idom = g_new(gint32, n);
  vs_i_task_start(&task, vs_i_analysis_is_large(a), dominator_task, &dom);
  ok = vs_i_topology_post_dominators(a->topo, a->ipdom, error);
  vs_i_task_join(&task);
  if (dom.error != NULL) {
    if (ok)
      g_propagate_error(error, dom.error);
    else
      g_error_free(dom.error);
    return FALSE;
  }
  if (!ok)
    return FALSE;
  count_dependents(a);
  return TRUE;
}

/* ---- rework loops ----------------------------------------------------------------- */
/* Rework loops in SPEC order: members sorted by id, loops by first id. */
static int
cmp_loop(gconstpointer x, gconstpointer y, gpointer data)
{
  const VsAnalysis *a = data;
  guint32 lx = *(const guint32 *)x, ly = *(const guint32 *)y;
  return strcmp(vs_i_unit_id(a->org, a->loop_sorted[a->loop_off[lx]]),
                vs_i_unit_id(a->org, a->loop_sorted[a->loop_off[ly]]));
}

/* Marks every unit as on no loop and counts the loops (components of
 * >= 2 units); an error when one loop, or all together, are too large for
 * the solver. */
static gboolean
count_loops(VsAnalysis *a, GError **error)
{
  double work = 0, most = (double)VS_MAX_LOOP_UNITS * VS_MAX_LOOP_UNITS * VS_MAX_LOOP_UNITS;
  guint32 in_loops = 0;

  a->loop_id = g_new(gint32, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++)
    a->loop_id[u] = -1;
  for (guint32 c = 0; c < a->n_comp; c++) {
    guint32 size = vs_i_analysis_comp_size(a, c);
    if (size < 2)
      continue;
    if (size > VS_MAX_LOOP_UNITS) {
      g_autofree char *id = vs_i_short_id(vs_i_unit_id(a->org, a->comp_units[a->comp_off[c]]));
      g_set_error(error, VS_ERROR, VS_ERROR_LIMIT,
                  "a rework loop of %u units (with %s) is larger than the %u units the solver "
                  "handles",
                  size, id, VS_MAX_LOOP_UNITS);
      return FALSE;
    }
    /* Each loop costs k^3 (dense LU and inverse columns); together they
     * may cost what one loop of the largest size does, so that no input
     * keeps the analysis busy for more than seconds. */
    work += (double)size * size * size;
    in_loops += size;
    if (work > most) {
      g_set_error(error, VS_ERROR, VS_ERROR_LIMIT,
                  "rework loops of %u units and more in all are larger than the solver handles "
                  "(the sum of the cubes of their sizes is limited to %u^3)",
                  in_loops, VS_MAX_LOOP_UNITS);
      return FALSE;
    }
    a->n_loops++;
  }
  return TRUE;
}

/* Members sorted by id, loop by loop in component order, into
 * a->loop_sorted and a->loop_off; returns each loop's component. */
static guint32 *
sort_loop_members(VsAnalysis *a)
{
  guint32 *by_comp = g_new(guint32, a->n_loops + 1);
  guint32 *off = g_new0(guint32, a->n_loops + 1);
  guint32 *sorted = g_new(guint32, a->n ? a->n : 1);
  guint32 k = 0;

  for (guint32 c = 0; c < a->n_comp; c++) {
    guint32 size = vs_i_analysis_comp_size(a, c);
    if (size < 2)
      continue;
    by_comp[k] = c;
    memcpy(sorted + off[k], a->comp_units + a->comp_off[c], size * sizeof(guint32));
    vs_i_analysis_sort_by_id(a->org, sorted + off[k], size);
    off[k + 1] = off[k] + size;
    k++;
  }
  a->loop_sorted = sorted;
  a->loop_off = off;
  return by_comp;
}

/* The loops of sort_loop_members() ordered by their first id, and
 * renumbered: loop_sorted, loop_off, loop_comp and loop_id in that order. */
static void
renumber_loops(VsAnalysis *a, const guint32 *by_comp)
{
  g_autofree guint32 *order = g_new(guint32, a->n_loops + 1);
  g_autofree guint32 *old_off = a->loop_off, *old_sorted = a->loop_sorted;

  for (guint32 l = 0; l < a->n_loops; l++)
    order[l] = l;
  if (a->n_loops > 1)
    g_qsort_with_data(order, (gint)a->n_loops, sizeof(guint32), cmp_loop, a);
  a->loop_off = g_new0(guint32, a->n_loops + 1);
  a->loop_sorted = g_new(guint32, a->n ? a->n : 1);
  a->loop_comp = g_new(guint32, a->n_loops + 1);
  for (guint32 l = 0; l < a->n_loops; l++) {
    guint32 o = order[l], size = old_off[o + 1] - old_off[o];
    memcpy(a->loop_sorted + a->loop_off[l], old_sorted + old_off[o], size * sizeof(guint32));
    a->loop_off[l + 1] = a->loop_off[l] + size;
    a->loop_comp[l] = by_comp[o];
    for (guint32 i = 0; i < size; i++)
      a->loop_id[old_sorted[old_off[o] + i]] = (gint32)l;
  }
}

gboolean
vs_i_analysis_find_loops(VsAnalysis *a, GError **error)
{
  g_autofree guint32 *by_comp = NULL;

  if (!count_loops(a, error))
    return FALSE;
  by_comp = sort_loop_members(a);
  renumber_loops(a, by_comp);
  return TRUE;
}
