/* valuestream - the layout of VsAnalysis, shared by analysis.c and the
 * report writers. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_ANALYSIS_PRIVATE_H
#define VALUESTREAM_ANALYSIS_PRIVATE_H

#include "org-private.h"

G_BEGIN_DECLS

/* Loops larger than this are not solved densely (memory k^2, time k^3). */
#define VS_MAX_LOOP_UNITS 2048

/* The survey trend of a pair (Mann-Kendall, Theil-Sen) is judged on its
 * latest this many periods: Theil-Sen looks at every pair of periods, so
 * its time and memory grow with the square of the series. A thousand
 * periods is twenty years of weekly surveys. */
#define VS_TREND_MAX_PERIODS 1000

/* The factorised system (I - A_SS) of one rework loop, kept for the
 * on-demand share queries. */
typedef struct {
  guint k;
  double *lu;
  guint *piv;
} VsLoopSystem;

/* The two coefficients of a handoff (analysis.c, handoff_coefficients()). */
typedef struct {
  double a, b;
} VsCoef;

struct VsAnalysis {
  VsOrg *org; /* a reference: the analysis outlives the caller's org */
  VsAnalysisOptions opts;
  gsize n, m;

  /* the org's topology (lib/graph.h), shared; the arrays below are
   * borrowed from it: adjacency rows, handoff ends, components in
   * topological order (members of c are comp_units[comp_off[c] ..
   * comp_off[c + 1]), local[u] is u's place there), kinds, own shares */
  VsTopology *topo;
  const guint32 *out_off, *out_e, *in_off, *in_e, *from, *to;
  guint32 n_comp;
  const guint32 *comp, *comp_off, *comp_units, *local;

  /* rework loops: components of >= 2 units */
  guint32 n_loops;
  gint32 *loop_id;          /* per unit */
  guint32 *loop_comp;       /* per loop: its component */
  guint32 *loop_off, *loop_sorted; /* members sorted by id */
  VsLoopSystem *loop_sys;   /* per loop */

  /* per handoff */
  double *share, *score;
  VsCoef *coef; /* a(e) and b(e), until laid out in rows (solve_values()) */
  /* coefficients per adjacency-row position (see row_coefficients());
   * in_a only the share queries read, made at the first (in_a_once) */
  double *out_a, *out_b, *in_a, *in_b;
  gsize in_a_once;

  /* per unit */
  const guint8 *kind;
  const double *own;
  double *q, *dii, *exposure, *risk, *service, *fix;
  gint32 *hops, *next, *ipdom, *idom;
  guint32 *dependents, *flags;

  /* units of each kind, as analysed */
  gsize n_kind[3];

  /* customers */
  guint32 n_customers;
  guint32 *customers;       /* unit order */
  guint32 *customers_by_id;
  guint32 *customer_rank;   /* per unit: place in customers_by_id, or G_MAXUINT32 */
  double total_revenue, total_risk;

  /* groups, sorted by id */
  guint32 n_groups;
  const char **group_ids;
  VsDiagnosis *diagnosis;
  guint32 *poor_off, *poor_units;

  /* survey pairs */
  guint32 n_trends;
  VsTrend *trends;
  guint32 *trend_off;       /* periods of trend t: trend_off[t] .. trend_off[t + 1] */
  guint32 *trend_first;     /* trends of provider u: trend_first[u] .. trend_first[u + 1] */
  double *trend_means;
  const char **trend_periods;

  GPtrArray *warnings;

  /* units in breadth-first order from the customers (while analysing) */
  guint32 *bfs_order;
  gsize n_bfs;

  double phase_seconds[VS_N_PHASES];

  /* which customers each component reaches, one bit per customer in id
   * order, for the components that are not customers (reach_slot[c] is
   * c's row, G_MAXUINT32 for a customer); computed on first use, or
   * by reach_task while a large analysis runs (start_reach()); NULL when
   * too large (then queries search) */
  gsize reach_once;
  /* the service scores, flags, groups and warnings: computed by
   * findings_task while a large analysis's caller goes on, or before a
   * small one returns; readers wait (ensure_findings()) */
  gsize findings_once;
  guint pending; /* threads of its own still at work (under task_lock, analysis.c) */
  guint reach_words;
  guint32 *reach_slot;
  guint64 *reach;
};

/* For tests: bitsets of customers reached are used up to @max_words
 * 64-bit words (0 restores the default); beyond, queries search. Set it
 * before the analyses it should affect make their first query. */
void vs_i_analysis_set_reach_limit(guint64 max_words);

/* For tests: the threads that make a large analysis's customer sets and
 * findings sleep this long first (0: not at all), so that a test can act
 * while they are under way. */
void vs_i_analysis_set_task_delay(guint milliseconds);

/* Waits until @a's findings (service scores, flags, groups, warnings)
 * are made: a large analysis makes them on a thread of its own. Every
 * reader of those fields outside the getters calls this first. */
void vs_i_analysis_findings(const VsAnalysis *a);

G_END_DECLS

#endif /* VALUESTREAM_ANALYSIS_PRIVATE_H */
