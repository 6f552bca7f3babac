/* valuestream - a read-only view of a finished analysis, for the library's
 * own readers of whole arrays (the report writers). Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_ANALYSIS_VIEW_H
#define VALUESTREAM_ANALYSIS_VIEW_H

#include <valuestream/analysis.h>

G_BEGIN_DECLS

/* Borrowed pointers into one analysis (and its org), valid while the
 * analysis lives. vs_i_analysis_view() fills it only once everything it
 * points to is made, findings included, and nothing it points to changes
 * afterwards: a reader may then read any field from any thread without
 * further waits or locks. Readers loop over the arrays directly; the
 * public list and share functions (vs_analysis_dup_path() ...) take
 * @analysis, and wait themselves for the parts they make on first use
 * (the sets of customers reached), which the view leaves out. */
typedef struct {
  const VsAnalysis *analysis;
  const VsOrg *org;
  VsAnalysisOptions options;
  gsize n, m; /* units, handoffs: the lengths of the per-unit and per-handoff arrays */
  double total_revenue, total_risk;

  /* per unit */
  const guint8 *kind; /* VsKind */
  const double *own, *q, *exposure, *risk, *service, *fix;
  const gint32 *hops, *next, *loop_id;
  const gint32 *idom; /* the nearest unit on every path value takes into it, -1 when none */
  const guint32 *dependents, *flags;
  /* adjacency: the outgoing handoffs of u are out_e[out_off[u] ..
   * out_off[u + 1]); u receives in_off[u + 1] - in_off[u] handoffs */
  const guint32 *out_off, *out_e, *in_off;

  /* per handoff: its score, share, and ends */
  const double *share, *score;
  const guint32 *from, *to;

  /* strongly connected components in topological order: members of c are
   * comp_units[comp_off[c] .. comp_off[c + 1]), comp[u] is u's component */
  guint32 n_comp;
  const guint32 *comp, *comp_off, *comp_units;

  /* customers in unit order; customer_rank[u] is a customer's place in
   * id order (G_MAXUINT32 for the other units) */
  guint32 n_customers;
  const guint32 *customers, *customer_rank;

  guint32 n_loops;

  /* groups, sorted by id */
  guint32 n_groups;
  const char *const *group_ids;
  const VsDiagnosis *diagnosis;

  /* survey pairs (vs_analysis_get_trend()) */
  guint32 n_trends;
  const VsTrend *trends;

  /* warnings, in their stable order */
  gsize n_warnings;
  const char *const *warnings;

  /* cost to serve (SPEC 7), as vs_analysis_get_total_cost() and the
   * per-unit and per-handoff cost getters give them: per unit its own
   * cost (0 unset and for customers), loaded cost (NAN outside Rc),
   * stranded cost (0 in Rc), cost to serve (0 for non-customers) and
   * margin (NAN for non-customers); per handoff its charge (NAN when the
   * provider is outside Rc). All zeros when no unit has a cost. */
  double total_cost, total_cost_to_serve, total_stranded_cost;
  const double *unit_cost, *loaded_cost, *stranded_cost, *cost_to_serve, *margin;
  const double *charge;
} VsAnalysisView;

/* Fills @view with @a's arrays, after waiting for @a's findings if a
 * thread of its own still makes them. */
void vs_i_analysis_view(const VsAnalysis *a, VsAnalysisView *view);

G_END_DECLS

#endif /* VALUESTREAM_ANALYSIS_VIEW_H */
