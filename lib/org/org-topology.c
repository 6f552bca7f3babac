/* valuestream - an org's topology and the graph algorithms on it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Two engines give the same answers. For ordinary organisations the
 * strongly connected components, the search from the customers and the
 * dominator trees come from igraph. igraph 0.10.2 allocates per vertex in
 * these routines, which dominates the cost of a large org, so above
 * VS_NATIVE_GRAPH_MIN_SIZE the same algorithms run natively on compressed
 * rows: iterative Tarjan, a multi-source breadth-first search, and
 * iterative Lengauer-Tarjan.
 * tests/test-graph.c checks the two engines against each other. Nothing
 * here recurses, so a chain of a million units is no danger to the stack.
 */
#include <math.h>
#include <string.h>

#include "org-topology.h"

static int force_native = -1;

void
vs_i_graph_force_native(int mode)
{
  force_native = mode;
}

static gboolean
use_native(gsize n, gsize m)
{
  if (force_native >= 0)
    return force_native == 1;
  return n + m > VS_NATIVE_GRAPH_MIN_SIZE;
}

/* ---- construction ------------------------------------------------------------ */

/* Compressed rows of @ends by counting sort, so the edges of a vertex stay
 * in handoff order. */
static void
build_rows(gsize n, gsize m, const guint32 *ends, guint32 **off_out, guint32 **edges_out)
{
  guint32 *off = g_new0(guint32, n + 1);
  guint32 *edges = g_new(guint32, m ? m : 1);
  g_autofree guint32 *fill = NULL;

  for (gsize e = 0; e < m; e++)
    off[ends[e] + 1]++;
  for (gsize u = 0; u < n; u++)
    off[u + 1] += off[u];
  fill = g_memdup2(off, (n + 1) * sizeof(guint32));
  for (gsize e = 0; e < m; e++)
    edges[fill[ends[e]]++] = (guint32)e;
  *off_out = off;
  *edges_out = edges;
}

/* values[index[k]] for every k: a column in row order. */
static guint32 *
gather(const guint32 *index, const guint32 *values, gsize len)
{
  guint32 *out = g_new(guint32, len ? len : 1);
  for (gsize k = 0; k < len; k++)
    out[k] = values[index[k]];
  return out;
}

static double *
effective_own(const VsOrg *org, const guint32 *in_off)
{
  gsize n = org->u_id->len;
  const guint8 *kind = (const guint8 *)org->u_kind->data;
  const double *own_share = (const double *)org->u_own_share->data;
  double *own = g_new(double, n ? n : 1);

  /* SPEC 4.1: a customer creates nothing (one nobody serves receives
   * quality 0); a team or supplier that receives nothing creates all. */
  for (gsize u = 0; u < n; u++) {
    if (kind[u] == VS_KIND_CUSTOMER)
      own[u] = 0.0;
    else if (in_off[u] == in_off[u + 1])
      own[u] = 1.0;
    else if (isnan(own_share[u]))
      own[u] = 0.0;
    else
      own[u] = own_share[u];
  }
  return own;
}

/* Groups units by component (numbered topologically already). */
static void
group_components(VsTopology *t)
{
  g_autofree guint32 *fill = NULL;

  t->comp_off = g_new0(guint32, (gsize)t->n_comp + 1);
  t->comp_units = g_new(guint32, t->n ? t->n : 1);
  t->local = g_new(guint32, t->n ? t->n : 1);
  for (gsize u = 0; u < t->n; u++)
    t->comp_off[t->comp[u] + 1]++;
  for (guint32 c = 0; c < t->n_comp; c++)
    t->comp_off[c + 1] += t->comp_off[c];
  fill = g_memdup2(t->comp_off, ((gsize)t->n_comp + 1) * sizeof(guint32));
  for (gsize u = 0; u < t->n; u++) {
    guint32 c = t->comp[u];
    t->local[u] = fill[c] - t->comp_off[c];
    t->comp_units[fill[c]++] = (guint32)u;
  }
}

/* ---- native strongly connected components ------------------------------------ */

guint32
vs_i_scc_native(gsize n, VsRows out, guint32 *comp)
{
  /* index[v] = 0: unvisited; else preorder number + 1 */
  g_autofree guint32 *index = g_new0(guint32, n ? n : 1);
  g_autofree guint32 *low = g_new(guint32, n ? n : 1);
  g_autofree guint32 *stack = g_new(guint32, n ? n : 1);
  g_autofree guint32 *call_v = g_new(guint32, n ? n : 1);
  g_autofree guint32 *call_k = g_new(guint32, n ? n : 1);
  g_autofree guint8 *on_stack = g_new0(guint8, n ? n : 1);
  guint32 counter = 0, found = 0;
  gsize sp = 0, cp = 0;

  for (gsize s = 0; s < n; s++) {
    if (index[s] != 0)
      continue;
    index[s] = low[s] = ++counter;
    stack[sp++] = (guint32)s;
    on_stack[s] = 1;
    call_v[cp] = (guint32)s;
    call_k[cp++] = out.off[s];
    while (cp > 0) {
      guint32 v = call_v[cp - 1];
      if (call_k[cp - 1] < out.off[v + 1]) {
        guint32 w = out.nbr[call_k[cp - 1]++];
        if (index[w] == 0) {
          index[w] = low[w] = ++counter;
          stack[sp++] = w;
          on_stack[w] = 1;
          call_v[cp] = w;
          call_k[cp++] = out.off[w];
        } else if (on_stack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      cp--;
      if (low[v] == index[v]) {
        guint32 w;
        do {
          w = stack[--sp];
          on_stack[w] = 0;
          comp[w] = found;
        } while (w != v);
        found++;
      }
      if (cp > 0 && low[v] < low[call_v[cp - 1]])
        low[call_v[cp - 1]] = low[v];
    }
  }
  /* Tarjan finishes sinks first: reverse for a topological numbering. */
  for (gsize u = 0; u < n; u++)
    comp[u] = found - 1 - comp[u];
  return found;
}

/* ---- native dominators (Lengauer-Tarjan, simple version) --------------------- */

/* The forest of Lengauer-Tarjan, indexed by dfs number. The fields that
 * eval() reads together share a 16-byte node (one cache line) instead of
 * living in three arrays: at a million units each access is a cache miss,
 * and this is the inner loop of both dominator trees. */
typedef struct {
  guint32 ancestor; /* dfs number + 1 of the forest parent, 0 = root of its tree */
  guint32 label;    /* dfs numbers */
  guint32 semi;
  guint32 dom;
} Node;

/* Path compression, iteratively: walk up to the tree root collecting the
 * path, then fold labels down from the top. */
static void
compress(Node *f, guint32 *path, guint32 v)
{
  gsize len = 0;
  for (guint32 x = v; f[f[x].ancestor - 1].ancestor != 0; x = f[x].ancestor - 1)
    path[len++] = x;
  while (len-- > 0) {
    guint32 x = path[len], a = f[x].ancestor - 1;
    if (f[f[a].label].semi < f[f[x].label].semi)
      f[x].label = f[a].label;
    f[x].ancestor = f[a].ancestor;
  }
}

static guint32
eval(Node *f, guint32 *path, guint32 v)
{
  if (f[v].ancestor == 0)
    return v;
  compress(f, path, v);
  return f[v].label;
}

/* Iterative depth-first search from the virtual root (number 0): fills
 * @vertex (dfs number -> vertex, the root as n), @num (vertex -> dfs
 * number + 1, 0 = unreached) and @parent (dfs numbers). */
static guint32
dfs_number(gsize n, VsRows succ, const guint32 *roots, gsize n_roots, guint32 *vertex, guint32 *num,
           guint32 *parent)
{
  g_autofree guint32 *call_v = g_new(guint32, n + 1);
  g_autofree guint32 *call_k = g_new(guint32, n + 1);
  guint32 count = 1;
  gsize cp = 0;

  vertex[0] = (guint32)n;
  for (gsize r = 0; r < n_roots; r++) {
    guint32 s = roots[r];
    if (num[s] != 0)
      continue;
    vertex[count] = s;
    parent[count] = 0;
    num[s] = ++count; /* the dfs number, plus one */
    call_v[cp] = s;
    call_k[cp++] = succ.off[s];
    while (cp > 0) {
      guint32 v = call_v[cp - 1];
      if (call_k[cp - 1] == succ.off[v + 1]) {
        cp--;
        continue;
      }
      guint32 w = succ.nbr[call_k[cp - 1]++];
      if (num[w] != 0)
        continue;
      vertex[count] = w;
      parent[count] = num[v] - 1;
      num[w] = ++count;
      call_v[cp] = w;
      call_k[cp++] = succ.off[w];
    }
  }
  return count;
}

/* The predecessors of every reached vertex as dfs numbers, in rows by dfs
 * number (the root, 0, counts as a predecessor of its children): the main
 * loop of Lengauer-Tarjan then reads its rows in order. Looking up the
 * number of each predecessor there put two dependent cache misses in
 * front of every eval(); here the lookups are independent of each other
 * and overlap. *@off has count + 1 entries. */
static guint32 *
dfs_pred_rows(VsRows pred, const guint8 *is_root_child, const guint32 *vertex, const guint32 *num,
              guint32 count, guint32 **off)
{
  gsize total = 0, at = 0;
  guint32 *nbr;

  *off = g_new(guint32, (gsize)count + 1);
  for (guint32 i = 1; i < count; i++) {
    guint32 w = vertex[i];
    total += is_root_child[w] + (pred.off[w + 1] - pred.off[w]);
  }
  nbr = g_new(guint32, MAX(total, 1));
  (*off)[0] = (*off)[1] = 0;
  for (guint32 i = 1; i < count; i++) {
    guint32 w = vertex[i];
    if (is_root_child[w])
      nbr[at++] = 0;
    for (guint32 k = pred.off[w]; k < pred.off[w + 1]; k++)
      if (num[pred.nbr[k]] != 0) /* else not reachable from the root */
        nbr[at++] = num[pred.nbr[k]] - 1;
    (*off)[i + 1] = (guint32)at;
  }
  return nbr;
}

void
vs_i_dominators_native(gsize n, VsRows succ, VsRows pred, const guint32 *roots, gsize n_roots,
                       const guint8 *is_root_child, gint32 *idom)
{
  g_autofree guint32 *vertex = g_new(guint32, n + 1);
  g_autofree guint32 *num = g_new0(guint32, n + 1);
  g_autofree guint32 *parent = g_new0(guint32, n + 1);
  g_autofree guint32 *bucket_head = g_new0(guint32, n + 1); /* dfs number + 1 */
  g_autofree guint32 *bucket_next = g_new0(guint32, n + 1);
  g_autofree guint32 *path = g_new(guint32, n + 1);
  g_autofree Node *f = g_new0(Node, n + 1);
  guint32 count = dfs_number(n, succ, roots, n_roots, vertex, num, parent);
  g_autofree guint32 *doff = NULL;
  g_autofree guint32 *dnbr = dfs_pred_rows(pred, is_root_child, vertex, num, count, &doff);

  for (guint32 i = 0; i < count; i++)
    f[i].label = f[i].semi = i;
  for (guint32 i = count; i-- > 1;) {
    for (guint32 k = doff[i]; k < doff[i + 1]; k++) {
      guint32 u = eval(f, path, dnbr[k]);
      if (f[u].semi < f[i].semi)
        f[i].semi = f[u].semi;
    }
    bucket_next[i] = bucket_head[f[i].semi];
    bucket_head[f[i].semi] = i + 1;
    f[i].ancestor = parent[i] + 1; /* link(parent, i) */
    for (guint32 b = bucket_head[parent[i]]; b != 0; b = bucket_next[b - 1]) {
      guint32 v = b - 1, u = eval(f, path, v);
      f[v].dom = f[u].semi < f[v].semi ? u : parent[i];
    }
    bucket_head[parent[i]] = 0;
  }
  for (guint32 i = 1; i < count; i++)
    if (f[i].dom != f[i].semi)
      f[i].dom = f[f[i].dom].dom;
  for (gsize v = 0; v < n; v++)
    idom[v] = -1;
  for (guint32 i = 1; i < count; i++)
    idom[vertex[i]] = f[i].dom == 0 ? -1 : (gint32)vertex[f[i].dom];
}

/* ---- the igraph engine ---------------------------------------------------------- */

/* igraph's copy of the graph: units 0..n-1, a virtual source n feeding
 * every unit with own > 0 and a virtual sink n + 1 fed by every customer;
 * edges 0..m-1 are the handoffs. */
static gboolean
igraph_build(VsTopology *t, GError **error)
{
  gsize extra = 0, k;
  igraph_integer_t source = (igraph_integer_t)t->n, sink = source + 1;
  igraph_vector_int_t edges;
  igraph_error_t rc;

  for (gsize u = 0; u < t->n; u++)
    extra += (t->own[u] > 0.0) + (t->kind[u] == VS_KIND_CUSTOMER);
  rc = igraph_vector_int_init(&edges, (igraph_integer_t)(2 * (t->m + extra)));
  if (!vs_i_igraph_check(rc, "building the graph", error))
    return FALSE;
  for (gsize e = 0; e < t->m; e++) {
    VECTOR(edges)[2 * e] = t->from[e];
    VECTOR(edges)[2 * e + 1] = t->to[e];
  }
  k = 2 * t->m;
  for (gsize u = 0; u < t->n; u++) {
    if (t->own[u] > 0.0) {
      VECTOR(edges)[k++] = source;
      VECTOR(edges)[k++] = (igraph_integer_t)u;
    }
    if (t->kind[u] == VS_KIND_CUSTOMER) {
      VECTOR(edges)[k++] = (igraph_integer_t)u;
      VECTOR(edges)[k++] = sink;
    }
  }
  t->graph = g_new0(igraph_t, 1);
  rc = igraph_create(t->graph, &edges, (igraph_integer_t)t->n + 2, IGRAPH_DIRECTED);
  igraph_vector_int_destroy(&edges);
  if (!vs_i_igraph_check(rc, "building the graph", error)) {
    g_clear_pointer(&t->graph, g_free);
    return FALSE;
  }
  return TRUE;
}

/* Renumbers igraph's components so that handoffs between two of them go
 * from a lower to a higher number (Kahn's algorithm on the condensation,
 * ties by lowest number, so the order is deterministic). */
static void
order_components(VsTopology *t, const igraph_vector_int_t *raw, gsize nraw)
{
  g_autofree guint32 *indeg = g_new0(guint32, nraw + 1);
  g_autofree guint32 *renum = g_new(guint32, nraw + 1);
  g_autofree guint32 *queue = g_new(guint32, nraw + 1);
  g_autofree guint32 *raw_off = g_new0(guint32, nraw + 1);
  g_autofree guint32 *raw_units = g_new(guint32, t->n ? t->n : 1);
  g_autofree guint32 *fill = NULL;
  gsize head = 0, tail = 0;

  for (gsize u = 0; u < t->n; u++)
    raw_off[VECTOR(*raw)[u] + 1]++;
  for (gsize c = 0; c < nraw; c++)
    raw_off[c + 1] += raw_off[c];
  fill = g_memdup2(raw_off, (nraw + 1) * sizeof(guint32));
  for (gsize u = 0; u < t->n; u++)
    raw_units[fill[VECTOR(*raw)[u]]++] = (guint32)u;
  for (gsize e = 0; e < t->m; e++)
    if (VECTOR(*raw)[t->from[e]] != VECTOR(*raw)[t->to[e]])
      indeg[VECTOR(*raw)[t->to[e]]]++;
  /* Components with no unit (the virtual source and sink) are skipped. */
  for (gsize c = 0; c < nraw; c++)
    if (raw_off[c + 1] > raw_off[c] && indeg[c] == 0)
      queue[tail++] = (guint32)c;
  while (head < tail) {
    guint32 c = queue[head];
    renum[c] = (guint32)head++;
    for (guint32 i = raw_off[c]; i < raw_off[c + 1]; i++) {
      guint32 u = raw_units[i];
      for (guint32 k = t->out_off[u]; k < t->out_off[u + 1]; k++) {
        guint32 d = (guint32)VECTOR(*raw)[t->out_nbr[k]];
        if (d != c && --indeg[d] == 0)
          queue[tail++] = d;
      }
    }
  }
  t->n_comp = (guint32)tail;
  for (gsize u = 0; u < t->n; u++)
    t->comp[u] = renum[VECTOR(*raw)[u]];
}

static gboolean
igraph_components(VsTopology *t, GError **error)
{
  igraph_vector_int_t raw;
  igraph_integer_t nraw = 0;
  igraph_error_t rc;
  gboolean ok;

  vs_i_igraph_lock();
  ok = igraph_build(t, error);
  if (ok) {
    igraph_vector_int_init(&raw, 0);
    rc = igraph_connected_components(t->graph, &raw, NULL, &nraw, IGRAPH_STRONG);
    ok = vs_i_igraph_check(rc, "finding strongly connected components", error);
    if (ok)
      order_components(t, &raw, (gsize)nraw);
    igraph_vector_int_destroy(&raw);
  }
  vs_i_igraph_unlock();
  return ok;
}

/* ---- the topology ---------------------------------------------------------------- */

static void
topology_clear(gpointer data)
{
  VsTopology *t = data;
  VS_TSAN_ACQUIRE(t); /* every thread that dropped a reference released it */
  if (t->shared != NULL)
    t->shared_free(t->shared);
  g_mutex_clear(&t->shared_lock);
  if (t->graph != NULL) {
    vs_i_igraph_lock();
    igraph_destroy(t->graph);
    vs_i_igraph_unlock();
    g_free(t->graph);
  }
  g_free(t->kind);
  g_free(t->from);
  g_free(t->to);
  g_free(t->own);
  g_free(t->out_off);
  g_free(t->out_e);
  g_free(t->in_off);
  g_free(t->in_e);
  g_free(t->out_nbr);
  g_free(t->in_nbr);
  g_free(t->comp);
  g_free(t->comp_off);
  g_free(t->comp_units);
  g_free(t->local);
}

VsTopology *
vs_i_topology_ref(VsTopology *t)
{
  return g_atomic_rc_box_acquire(t);
}

void
vs_i_topology_unref(VsTopology *t)
{
  if (t != NULL) {
    VS_TSAN_RELEASE(t); /* the count is decremented inside GLib */
    g_atomic_rc_box_release_full(t, topology_clear);
  }
}

/* The first @len elements of @column, in a block of at least one element
 * so that an empty org still gets a valid pointer. */
static gpointer
copy_column(GArray *column, gsize len)
{
  gsize size = g_array_get_element_size(column);
  gpointer copy = g_malloc(MAX(len, 1) * size);
  if (len > 0) /* an empty GArray's data may be NULL */
    memcpy(copy, column->data, len * size);
  return copy;
}

typedef struct {
  VsTopology *t;
  const VsOrg *org;
} InRowsTask;

/* The in-rows and the effective own shares (which need them). */
static gpointer
in_rows_task(gpointer data)
{
  InRowsTask *task = data;
  VsTopology *t = task->t;

  build_rows(t->n, t->m, t->to, &t->in_off, &t->in_e);
  t->in_nbr = gather(t->in_e, t->from, t->m);
  t->in = (VsRows){t->in_off, t->in_nbr};
  t->own = effective_own(task->org, t->in_off);
  return NULL;
}

/* VsTopology.closed. Only the members of loops are looked at: a unit alone
 * in its component is never part of a closed loop. */
static guint32
first_closed_loop(const VsTopology *t)
{
  for (guint32 c = 0; c < t->n_comp; c++) {
    gboolean open = FALSE;
    if (t->comp_off[c + 1] - t->comp_off[c] < 2)
      continue;
    for (guint32 i = t->comp_off[c]; !open && i < t->comp_off[c + 1]; i++) {
      guint32 u = t->comp_units[i];
      open = t->own[u] > 0.0;
      for (guint32 j = t->in_off[u]; !open && j < t->in_off[u + 1]; j++)
        open = t->comp[t->in_nbr[j]] != c;
    }
    if (!open)
      return c;
  }
  return G_MAXUINT32;
}

VsTopology *
vs_i_topology_new(const VsOrg *org, GError **error)
{
  g_autoptr(VsTopology) t = g_atomic_rc_box_new0(VsTopology);
  gint64 start = g_get_monotonic_time();
  InRowsTask in_rows = {t, org};
  VsTask task;

  g_mutex_init(&t->shared_lock);
  t->n = org->u_id->len;
  t->m = org->h_from->len;
  t->kind = copy_column(org->u_kind, t->n);
  t->from = copy_column(org->h_from, t->m);
  t->to = copy_column(org->h_to, t->m);
  t->comp = g_new(guint32, t->n ? t->n : 1);
  t->native = use_native(t->n, t->m);
  /* Large graphs build the in-rows on the other core while the out-rows
   * and the components (native Tarjan needs only the out-rows) are made. */
  vs_i_task_start(&task, t->native && t->n + t->m >= VS_PARALLEL_MIN_SIZE, in_rows_task, &in_rows);
  build_rows(t->n, t->m, t->from, &t->out_off, &t->out_e);
  t->out_nbr = gather(t->out_e, t->to, t->m);
  t->out = (VsRows){t->out_off, t->out_nbr};
  if (t->native)
    t->n_comp = vs_i_scc_native(t->n, t->out, t->comp);
  vs_i_task_join(&task);
  if (!t->native && !igraph_components(t, error))
    return NULL;
  group_components(t);
  t->closed = first_closed_loop(t);
  t->build_seconds = (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
  return g_steal_pointer(&t);
}

/* ---- breadth-first search from the customers ------------------------------------ */

static void
bfs_native(const VsTopology *t, gint32 *hops, gint32 *next, guint32 *order, gsize *n_order)
{
  g_autofree guint32 *level = g_new0(guint32, t->n ? t->n : 1);
  g_autofree guint8 *seen = g_new0(guint8, t->n ? t->n : 1);
  gsize head = 0, tail = 0;

  for (gsize u = 0; u < t->n; u++) {
    hops[u] = next[u] = -1;
    if (t->kind[u] == VS_KIND_CUSTOMER) {
      seen[u] = 1;
      order[tail++] = (guint32)u;
    }
  }
  while (head < tail) {
    guint32 v = order[head++];
    for (guint32 k = t->in.off[v]; k < t->in.off[v + 1]; k++) {
      guint32 u = t->in.nbr[k];
      if (seen[u])
        continue;
      seen[u] = 1;
      level[u] = level[v] + 1;
      hops[u] = (gint32)level[u];
      next[u] = (gint32)v;
      order[tail++] = u;
    }
  }
  *n_order = tail;
}

static gboolean
bfs_igraph(const VsTopology *t, gint32 *hops, gint32 *next, guint32 *order, gsize *n_order,
           GError **error)
{
  igraph_vector_int_t vorder, layers, parents;
  igraph_integer_t sink = (igraph_integer_t)t->n + 1;
  igraph_error_t rc;

  vs_i_igraph_lock();
  igraph_vector_int_init(&vorder, 0);
  igraph_vector_int_init(&layers, 0);
  igraph_vector_int_init(&parents, 0);
  rc = igraph_bfs_simple(t->graph, sink, IGRAPH_IN, &vorder, &layers, &parents);
  if (rc == IGRAPH_SUCCESS) {
    igraph_integer_t n_layers = igraph_vector_int_size(&layers) - 1;
    for (gsize u = 0; u < t->n; u++)
      hops[u] = next[u] = -1;
    /* Layer 0 is the sink, 1 the customers, h + 1 the units h handoffs
     * from their nearest customer; a unit's parent is its next hop. */
    *n_order = 0;
    for (igraph_integer_t l = 1; l < n_layers; l++)
      for (igraph_integer_t i = VECTOR(layers)[l]; i < VECTOR(layers)[l + 1]; i++) {
        igraph_integer_t v = VECTOR(vorder)[i];
        if ((gsize)v >= t->n)
          continue;
        order[(*n_order)++] = (guint32)v;
        if (l >= 2) {
          hops[v] = (gint32)(l - 1);
          next[v] = (gint32)VECTOR(parents)[v];
        }
      }
  }
  igraph_vector_int_destroy(&vorder);
  igraph_vector_int_destroy(&layers);
  igraph_vector_int_destroy(&parents);
  vs_i_igraph_unlock();
  return vs_i_igraph_check(rc, "the search towards the customers", error);
}

gboolean
vs_i_topology_bfs(const VsTopology *t, gint32 *hops, gint32 *next, guint32 *order, gsize *n_order,
                  GError **error)
{
  if (t->native) {
    bfs_native(t, hops, next, order, n_order);
    return TRUE;
  }
  return bfs_igraph(t, hops, next, order, n_order, error);
}

/* ---- dominator trees ---------------------------------------------------------------- */

static gboolean
dominators_igraph(const VsTopology *t, igraph_integer_t root, igraph_neimode_t mode, gint32 *idom,
                  GError **error)
{
  igraph_vector_int_t dom;
  igraph_error_t rc;

  vs_i_igraph_lock();
  igraph_vector_int_init(&dom, 0);
  rc = igraph_dominator_tree(t->graph, root, &dom, NULL, NULL, mode);
  if (rc == IGRAPH_SUCCESS)
    for (gsize u = 0; u < t->n; u++) {
      /* -1 root, -2 unreachable, n and n + 1 the virtual vertices */
      igraph_integer_t x = VECTOR(dom)[u];
      idom[u] = x >= 0 && (gsize)x < t->n ? (gint32)x : -1;
    }
  igraph_vector_int_destroy(&dom);
  vs_i_igraph_unlock();
  return vs_i_igraph_check(rc, mode == IGRAPH_IN ? "the post-dominator tree" : "the dominator tree",
                           error);
}

/* The virtual root's children: units for which @pick is true. */
static guint32 *
root_children(const VsTopology *t, const guint8 *pick, gsize *n)
{
  guint32 *roots = g_new(guint32, t->n ? t->n : 1);
  *n = 0;
  for (gsize u = 0; u < t->n; u++)
    if (pick[u])
      roots[(*n)++] = (guint32)u;
  return roots;
}

gboolean
vs_i_topology_post_dominators(const VsTopology *t, gint32 *ipdom, GError **error)
{
  g_autofree guint8 *is_customer = NULL;
  g_autofree guint32 *roots = NULL;
  gsize n_roots;

  if (!t->native)
    return dominators_igraph(t, (igraph_integer_t)t->n + 1, IGRAPH_IN, ipdom, error);
  is_customer = g_new(guint8, t->n ? t->n : 1);
  for (gsize u = 0; u < t->n; u++)
    is_customer[u] = t->kind[u] == VS_KIND_CUSTOMER;
  roots = root_children(t, is_customer, &n_roots);
  /* Against the handoffs: successors are providers, predecessors receivers. */
  vs_i_dominators_native(t->n, t->in, t->out, roots, n_roots, is_customer, ipdom);
  return TRUE;
}

gboolean
vs_i_topology_dominators(const VsTopology *t, gint32 *idom, GError **error)
{
  g_autofree guint8 *creates = NULL;
  g_autofree guint32 *roots = NULL;
  gsize n_roots;

  if (!t->native)
    return dominators_igraph(t, (igraph_integer_t)t->n, IGRAPH_OUT, idom, error);
  creates = g_new(guint8, t->n ? t->n : 1);
  for (gsize u = 0; u < t->n; u++)
    creates[u] = t->own[u] > 0.0;
  roots = root_children(t, creates, &n_roots);
  vs_i_dominators_native(t->n, t->out, t->in, roots, n_roots, creates, idom);
  return TRUE;
}
