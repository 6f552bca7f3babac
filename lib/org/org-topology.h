/* valuestream - the topology of an org and the graph algorithms on it.
 * Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_GRAPH_H
#define VALUESTREAM_GRAPH_H

#include "org-private.h"

G_BEGIN_DECLS

/* Neighbours of v: nbr[k] for k in off[v] .. off[v + 1]. */
typedef struct {
  const guint32 *off, *nbr;
} VsRows;

/* Everything about an org's shape that analyses share, immutable once
 * built and reference-counted (g_atomic_rc_box): the org drops its
 * reference when it changes, analyses keep theirs. */
struct VsTopology {
  gsize n, m;
  /* copies, so that an org growing later cannot move them */
  guint8 *kind;              /* VsKind of each unit */
  guint32 *from, *to;        /* ends of each handoff */
  double *own;               /* effective own of each unit, SPEC 4.1 */
  guint32 *out_off, *out_e;  /* out-edges of u: out_e[out_off[u] .. out_off[u + 1]) */
  guint32 *in_off, *in_e;    /* in-edges likewise; both in handoff order */
  guint32 *out_nbr, *in_nbr; /* receiver / provider at each position of those rows */
  VsRows out, in;            /* {out_off, out_nbr} and {in_off, in_nbr} */
  /* strongly connected components, numbered so that every handoff
   * between two of them goes from a lower to a higher number; members of
   * c are comp_units[comp_off[c] .. comp_off[c + 1]), local[u] is u's place */
  guint32 n_comp;
  guint32 *comp, *comp_off, *comp_units, *local;
  /* the first component (in that order) that is a closed loop: two or
   * more units, none creating anything (own 0), no handoff in from
   * outside; G_MAXUINT32 when there is none. Validation reads it. */
  guint32 closed;
  /* what the analyses of this shape share, made by the first one that
   * needs it (the customer sets, analysis-reach.c) and freed with the
   * topology by @shared_free; under @shared_lock */
  GMutex shared_lock;
  gpointer shared;
  GDestroyNotify shared_free;
  gboolean native;      /* built without igraph (large graphs) */
  double build_seconds; /* wall time vs_i_topology_new() took (benchmarks) */
  igraph_t *graph;      /* igraph's copy with virtual source n and sink n + 1; NULL when native */
};

/* Graphs with more units + handoffs than this use the native algorithms;
 * smaller ones use igraph's. Both give the same results (tests/test-graph.c). */
#define VS_NATIVE_GRAPH_MIN_SIZE 200000

/* Forces the choice for tests: -1 automatic, 0 igraph, 1 native. */
void vs_i_graph_force_native(int mode);

VsTopology *vs_i_topology_new(const VsOrg *org, GError **error);
VsTopology *vs_i_topology_ref(VsTopology *t);
void vs_i_topology_unref(VsTopology *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsTopology, vs_i_topology_unref)

/* Breadth-first search from the customers against the handoffs.
 * @hops (per unit): handoffs to the nearest customer, -1 when none and for
 * customers; @next: the next unit on that path, -1 when none; @order: the
 * units in visiting order (customers first), @n_order of them. */
gboolean vs_i_topology_bfs(const VsTopology *t, gint32 *hops, gint32 *next, guint32 *order,
                           gsize *n_order, GError **error);

/* Immediate post-dominators towards a virtual sink fed by every customer
 * (-1 for the sink itself and for units that reach no customer). */
gboolean vs_i_topology_post_dominators(const VsTopology *t, gint32 *ipdom, GError **error);
/* Immediate dominators from a virtual source feeding every unit with
 * own > 0 (-1 for the source and for units it does not reach). */
gboolean vs_i_topology_dominators(const VsTopology *t, gint32 *idom, GError **error);

/* The native algorithms, exposed for the differential tests.
 * Lengauer-Tarjan on @succ/@pred with a virtual root n whose children are
 * @roots; idom[v] = -1 for unreachable vertices and for children of the
 * root, which are dominated by the root only. */
void vs_i_dominators_native(gsize n, VsRows succ, VsRows pred, const guint32 *roots, gsize n_roots,
                            const guint8 *is_root_child, gint32 *idom);
/* Tarjan's strongly connected components, iteratively; components are
 * numbered in topological order. Returns their number. */
guint32 vs_i_scc_native(gsize n, VsRows out, guint32 *comp);

G_END_DECLS

#endif /* VALUESTREAM_GRAPH_H */
