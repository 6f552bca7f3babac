/* valuestream - what the pictures draw and where: the units selected, the
 * ripple chains highlighted, and a layered placement (suppliers on the
 * left, customers in the last column). Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_LAYOUT_H
#define VALUESTREAM_LAYOUT_H

#include "report-private.h"

G_BEGIN_DECLS

/* Units drawn are "nodes", numbered 0 .. n_nodes - 1. */
typedef struct {
  guint32 n_nodes;
  guint32 *units;  /* node -> unit */
  gint32 *node_of; /* unit -> node, -1 when left out */
  guint32 *rank;   /* node -> 1 + place among the ranked flagged teams, 0 if unflagged */

  guint32 n_edges;
  guint32 *edges;   /* handoffs between drawn units, in input order */
  guint32 *chain;   /* per drawn edge: 1 + the rank of the team whose
                     * highlighted ripple chain runs along it, else 0 */
  guint32 n_chains; /* how many teams' chains are highlighted (they may share edges) */

  /* what a restricted picture leaves out (both 0 when the org is whole) */
  gsize left_out_units, left_out_handoffs;
  guint32 n_teams_shown; /* restricted: flagged teams whose chains are drawn */

  /* placement (vs_i_layout_new(..., TRUE)): slots are the nodes (0 ..
   * n_nodes - 1) followed by lanes: one per layer that a long edge
   * crosses, so that it passes between the boxes, never behind one */
  guint32 n_slots, n_layers;
  guint32 *layer, *row; /* per slot: column (left to right), place in it (top down) */
  guint32 *layer_start; /* slots of layer i, top down: order[layer_start[i] .. [i + 1]) */
  guint32 *order;
  guint32 *route_off; /* drawn edge k crosses the lanes n_nodes + route_off[k] ..
                       * n_nodes + route_off[k + 1] - 1, from its source's side */
} VsLayout;

/* Selects what to draw: the whole org when it has at most
 * @o->picture_units units, otherwise the top flagged teams' ripple chains
 * and the customers (most revenue at risk first) up to that many. With
 * @place, also assigns layers (longest path over the loops' condensation,
 * loop members spread by breadth-first depth, customers last), lanes for
 * edges spanning several layers, and rows (barycentre sweeps).
 * O(units + handoffs) for the selection; placement is linear in the drawn
 * slots plus sorting. */
VsLayout *vs_i_layout_new(const VsAnalysis *a, const VsReportOptions *o, gboolean place);
void vs_i_layout_free(VsLayout *l);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsLayout, vs_i_layout_free)

/* Draws a placed layout as one inline <svg> element (report-svg.c):
 * a legend, nodes in their slots, edges as curves. */
void vs_i_write_svg(VsWriter *w, const VsAnalysisView *av, const VsLayout *l,
                    const VsReportOptions *o);

G_END_DECLS

#endif /* VALUESTREAM_LAYOUT_H */
