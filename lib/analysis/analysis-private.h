/* valuestream - internals of the analysis: the layout of VsAnalysis,
 * shared with the report writers, and what its stages share. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The pieces, in the order data flows through them:
 *
 *   analysis.c            the entry point: options, vs_analysis_new() running
 *                         the stages below in turn, the customers and their
 *                         revenue at risk, vs_analysis_free()
 *   analysis-structure.c  the org's topology, line of sight (hops), the
 *                         dominator trees and chokepoints, rework loops
 *   analysis-survey.c     survey answers -> per-pair period means, score and
 *                         trend (the survey trend test)
 *   analysis-linear.c     the machinery of the linear systems: loops
 *                         factorised, passes component by component
 *   analysis-solve.c      per-handoff shares, scores and coefficients; the
 *                         linear systems (quality, exposure, revenue at
 *                         risk), fix values, and the shares asked for later
 *   analysis-cost.c       cost to serve: costs allocated along the handoffs
 *                         to the customers (reciprocal method)
 *   analysis-findings.c   service scores, flags, group diagnoses, warnings
 *   analysis-reach.c      customers reached (bitsets or a search), paths,
 *                         chains and the other lists handed out
 *   analysis-get.c        the getters and the names of flags and phases
 *   analysis-order.c      the orders lists come in (units by id, strings)
 *   analysis-view.c       the read-only view the report writers read
 *                         (analysis-view.h)
 *   analysis-gain.c       the values re-solved under changed scores, and
 *                         the gain of fixing each unit (the plan, SPEC 9)
 *   analysis-bulk.c       the strings and lists of every unit in one
 *                         buffer each, for bindings
 *
 * Beside them, analysis-task.c runs work on the second core: index ranges
 * split in two, and the threads that make a large analysis's customer
 * sets and findings while its caller goes on.
 */
#ifndef VALUESTREAM_ANALYSIS_PRIVATE_H
#define VALUESTREAM_ANALYSIS_PRIVATE_H

#include "org-topology.h"

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

/* The two coefficients of a handoff (analysis-solve.c, coef_of()). */
typedef struct {
  double a, b;
} VsCoef;

/* Cost to serve (analysis-cost.c): per unit, per handoff, and the
 * coefficients of the allocation's pass, kept for the cost-share queries. */
typedef struct {
  guint8 *in_rc;             /* per unit: in Rc (a customer reached along positive basis) */
  double *cost, *charged;    /* per unit: as given; with the markup (while made) */
  double *loaded;            /* per unit: T in Rc, NAN outside */
  double *stranded;          /* per unit: outside Rc (teams, suppliers); else 0 */
  double *to_serve, *margin; /* per unit: customers'; 0 and NAN for others */
  double *basis_sum;         /* per unit: the basis of its handoffs, summed (while made) */
  double *charge;            /* per handoff: NAN from outside Rc; made at the first read */
  gsize charge_once;         /* (vs_i_analysis_charges()) */
  double *out_coef;          /* out_share from Rc, else 0, per out-row position */
  VsLoopSystem *systems;     /* per loop: I - C restricted to it, factorised */
  double total, served, stranded_total;
} VsCost;

/* The customer sets of a topology (analysis-reach.c), reference-counted
 * (g_atomic_rc_box): shared by the analyses of one shape. */
typedef struct {
  guint words;     /* per set */
  guint64 n_words; /* in all */
  guint32 *slot;   /* per component: its set, G_MAXUINT32 for a customer's */
  guint64 *reach;
} VsReachSets;

void vs_i_reach_sets_unref(VsReachSets *sets);

struct VsAnalysis {
  VsOrg *org; /* a reference: the analysis outlives the caller's org */
  VsAnalysisOptions opts;
  gsize n, m;

  /* the org's topology (org-topology.h), shared; the arrays below are
   * borrowed from it: adjacency rows, handoff ends, components in
   * topological order (members of c are comp_units[comp_off[c] ..
   * comp_off[c + 1]), local[u] is u's place there), kinds, own shares */
  VsTopology *topo;
  const guint32 *out_off, *out_e, *in_off, *in_e, *from, *to;
  guint32 n_comp;
  const guint32 *comp, *comp_off, *comp_units, *local;

  /* rework loops: components of >= 2 units */
  guint32 n_loops;
  gint32 *loop_id;                 /* per unit */
  guint32 *loop_comp;              /* per loop: its component */
  guint32 *loop_off, *loop_sorted; /* members sorted by id */
  VsLoopSystem *loop_sys;          /* per loop */

  /* per handoff */
  double *share, *score;
  /* coefficients per adjacency-row position (see row_coefficients()),
   * while solving; after it, in_a and out_a only the share queries read,
   * made at the first (in_a_once, out_a_once) */
  double *out_a, *out_b, *in_a, *in_b;
  gsize in_a_once, out_a_once;

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
  guint32 *customers; /* unit order */
  guint32 *customers_by_id;
  guint32 *customer_rank; /* per unit: place in customers_by_id, or G_MAXUINT32 */
  double total_revenue, total_risk;

  /* groups, sorted by id */
  guint32 n_groups;
  const char **group_ids;
  VsDiagnosis *diagnosis;
  guint32 *poor_off, *poor_units;

  /* survey pairs */
  guint32 n_trends;
  VsTrend *trends;
  guint32 *trend_off;   /* periods of trend t: trend_off[t] .. trend_off[t + 1] */
  guint32 *trend_first; /* trends of provider u: trend_first[u] .. trend_first[u + 1] */
  double *trend_means;
  const char **trend_periods;

  GPtrArray *warnings;

  VsCost *cost; /* SPEC section 7 */
  char *as_of;  /* the copy opts.as_of points to */

  /* units in breadth-first order from the customers (while analysing) */
  guint32 *bfs_order;
  gsize n_bfs;

  double phase_seconds[VS_N_PHASES];

  /* which customers each component reaches, one bit per customer in id
   * order, for the components that are not customers (reach_slot[c] is
   * c's row, G_MAXUINT32 for a customer); computed on first use, or
   * by reach_task while a large analysis runs (analysis-task.c); NULL when
   * too large (then queries search) */
  gsize reach_once;
  /* the service scores, flags, groups and warnings: computed by
   * findings_task while a large analysis's caller goes on, or before a
   * small one returns; readers wait (vs_i_analysis_findings()) */
  gsize findings_once;
  guint pending; /* threads of its own still at work (under task_lock, analysis-task.c) */
  guint reach_words;
  const guint32 *reach_slot;
  const guint64 *reach;
  VsReachSets *reach_sets; /* the reference they belong to (analysis-reach.c) */
};

/* ---- shared by the stages ------------------------------------------------ */

/* Rows longer than this are not scanned once per query: with a hub (a
 * unit with a hundred thousand handoffs) such scans would be quadratic. */
#define VS_SCAN_MAX 64

/* Large analyses run independent passes on both cores. */
static inline gboolean
vs_i_analysis_is_large(const VsAnalysis *a)
{
  return a->n + a->m >= VS_PARALLEL_MIN_SIZE;
}

/* The number of units in component @c. */
static inline guint32
vs_i_analysis_comp_size(const VsAnalysis *a, guint32 c)
{
  return a->comp_off[c + 1] - a->comp_off[c];
}

/* Runs @make(@a) once, the first time any thread gets here (the others
 * wait for it), for the parts of an analysis made later or on another
 * thread: told to ThreadSanitizer, which does not see GLib's futexes. */
static inline void
vs_i_analysis_make_once(const VsAnalysis *a, gsize *once, void (*make)(VsAnalysis *a))
{
  if (g_once_init_enter(once)) {
    make((VsAnalysis *)a); /* a lazy part, made once, then never changed */
    VS_TSAN_RELEASE(once);
    g_once_init_leave(once, 1);
  }
  VS_TSAN_ACQUIRE(once);
}

/* @in (NULL: the defaults) as the current layout: a caller built against
 * an older version passes a shorter struct, so only its fields are read
 * and the others keep their defaults. FALSE for a version this library
 * does not know (analysis.c). */
gboolean vs_i_analysis_options_current(const VsAnalysisOptions *in, VsAnalysisOptions *out);

/* Sorts @units[0..n) by unit id (analysis-order.c). */
void vs_i_analysis_sort_by_id(const VsOrg *org, guint32 *units, gsize n);

/* strcmp() of two `const char *` array elements, for qsort (analysis-order.c). */
int vs_i_analysis_cmp_str_ptr(gconstpointer x, gconstpointer y);
/* Compares two guint32 (a qsort comparator). */
int vs_i_analysis_cmp_u32(gconstpointer x, gconstpointer y);

/* ---- graph and structure (analysis-structure.c) ---------------------------- */

/* The org's topology (shared, built on first use) and the closed-loop
 * check; the analysis borrows the topology's arrays. */
gboolean vs_i_analysis_graph(VsAnalysis *a, GError **error);
/* Hops and next hops; a->bfs_order keeps the visiting order. */
gboolean vs_i_analysis_line_of_sight(VsAnalysis *a, GError **error);
/* The two dominator trees and the dependents (needs a->bfs_order). */
gboolean vs_i_analysis_structure(VsAnalysis *a, GError **error);
/* The rework loops, in SPEC order; an error when too large to solve. */
gboolean vs_i_analysis_find_loops(VsAnalysis *a, GError **error);

/* ---- surveys (analysis-survey.c) -------------------------------------------- */

/* The trend of every surveyed pair: reads only the org and the adjacency
 * rows, writes only the trend fields. */
void vs_i_analysis_surveys(VsAnalysis *a);

/* The trend of pair (provider, respondent), by binary search among the
 * provider's trends (sorted by respondent): a few probes near each other
 * rather than a search of every trend; -1 when not surveyed. */
static inline gssize
vs_i_analysis_find_trend(const VsAnalysis *a, guint32 provider, guint32 respondent)
{
  gsize lo = a->trend_first[provider], hi = a->trend_first[provider + 1], end = hi;
  while (lo < hi) {
    gsize mid = lo + (hi - lo) / 2;
    if (a->trends[mid].respondent < respondent)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < end && a->trends[lo].respondent == respondent ? (gssize)lo : -1;
}

/* ---- values (analysis-solve.c) ---------------------------------------------- */

/* share(e) and the score used of every handoff (needs the trends). */
void vs_i_analysis_coefficients(VsAnalysis *a);
/* Quality, exposure, D[u][u] and fix values; the loops' factorised systems
 * are kept for the share queries, the rows of coefficients dropped. */
gboolean vs_i_analysis_solve(VsAnalysis *a, GError **error);
/* a(e) and b(e) per out-row position (@out_a, @out_b) and b(e) per in-row
 * position (@in_b), each nullable, as the solve had them: the same bits. */
void vs_i_analysis_row_coefficients(const VsAnalysis *a, double *out_a, double *out_b,
                                    double *in_b);

/* ---- linear systems (analysis-linear.c) ------------------------------------ *
 *
 * Every quantity of SPEC 4.2-4.3 solves x = base + C x, either backward
 * (along out-rows: x[u] = base[u] + sum coef x[receiver]) or forward
 * (along in-rows, the transposed system). Components are processed in
 * (reverse) topological order, so each sees its neighbours outside already
 * solved; a unit on no loop is one sum, a loop one small dense solve. The
 * passes work in place: x holds base on entry and the solution on exit. */

typedef struct {
  const guint32 *off, *nbr;    /* the rows followed */
  const double *coef;          /* per row position */
  const VsLoopSystem *systems; /* per loop: I - C restricted to it, factorised */
  gboolean forward;            /* in-rows and transposed solves */
} VsPass;

static inline VsPass
vs_i_analysis_pass_of(const VsAnalysis *a, gboolean forward, const double *coef,
                      const VsLoopSystem *systems)
{
  VsPass p = {forward ? a->in_off : a->out_off, forward ? a->topo->in_nbr : a->topo->out_nbr, coef,
              systems, forward};
  return p;
}

static inline void
vs_i_analysis_solve_comp(const VsAnalysis *a, const VsPass *p, guint32 c, double *x, double *work)
{
  const guint32 *members = a->comp_units + a->comp_off[c];
  guint32 k = vs_i_analysis_comp_size(a, c);

  if (k == 1) {
    /* No handoff stays inside a one-unit component (no self-handoffs). */
    guint32 u = members[0];
    double s = x[u];
    for (guint32 j = p->off[u]; j < p->off[u + 1]; j++)
      s += p->coef[j] * x[p->nbr[j]];
    x[u] = s;
    return;
  }
  for (guint32 i = 0; i < k; i++) {
    guint32 u = members[i];
    double s = x[u];
    for (guint32 j = p->off[u]; j < p->off[u + 1]; j++)
      if (a->comp[p->nbr[j]] != c)
        s += p->coef[j] * x[p->nbr[j]];
    work[i] = s;
  }
  const VsLoopSystem *sys = &p->systems[a->loop_id[members[0]]];
  vs_i_lu_solve(sys->lu, sys->piv, k, work, p->forward);
  for (guint32 i = 0; i < k; i++)
    x[members[i]] = work[i];
}

/* Factorises I - C restricted to every loop, C given per out-row position
 * (@coef), into *@out (free with vs_i_loop_systems_free()). FALSE when a
 * loop is numerically singular. */
gboolean vs_i_analysis_factor_loops(const VsAnalysis *a, const double *coef, VsLoopSystem **out,
                                    GError **error);
/* Units reachable from @start along out-edges (@forward) or in-edges, as
 * the distinct components they lie in, sorted in topological order (analysis-linear.c). */
GArray *vs_i_analysis_reachable_components(const VsAnalysis *a, guint32 start, gboolean forward);
/* Room for the largest loop's unknowns, for vs_i_analysis_solve_comp(). */
double *vs_i_analysis_work_buffer(const VsAnalysis *a);
/* One component of x = b + C^T x pushed along the out-rows (C per out-row
 * position, @systems its loops' factorisations): on entry x holds b plus
 * what the components before @c pushed; on return @c's units are solved
 * and have pushed coef * x to their receivers in later components. Taken
 * in topological order it solves the system without in-row coefficients. */
void vs_i_analysis_push_comp(const VsAnalysis *a, const double *coef, const VsLoopSystem *systems,
                             guint32 c, double *x, double *work);
/* y = e_start + C^T y over what @start reaches, C per out-row position
 * (@by_provider, pushed) or per in-row position: a new array of n values,
 * 0 where @start does not reach. */
double *vs_i_analysis_forward_from(const VsAnalysis *a, const double *coef,
                                   const VsLoopSystem *systems, guint32 start,
                                   gboolean by_provider);
/* x = e_end + C x over the units that reach @end (C per out-row
 * position), into @x (n values, zero on entry). Returns the components
 * solved, in topological order. */
GArray *vs_i_analysis_backward_to(const VsAnalysis *a, const double *coef,
                                  const VsLoopSystem *systems, guint32 end, double *x);

void vs_i_loop_systems_free(VsLoopSystem *systems, guint32 n);

/* ---- cost to serve (analysis-cost.c) ---------------------------------------- */

/* Allocates every team's and supplier's cost (SPEC section 7) into
 * a->cost. FALSE when cost_basis is volume and a handoff has none. */
gboolean vs_i_analysis_costs(VsAnalysis *a, GError **error);
void vs_i_cost_free(VsCost *cost, guint32 n_loops);
/* Makes the charges per handoff, once, at the first read. */
void vs_i_analysis_charges(const VsAnalysis *a);

/* ---- findings (analysis-findings.c) ----------------------------------------- */

/* Waits until @a's findings (service scores, flags, groups, warnings)
 * are made: a large analysis makes them on a thread of its own. Every
 * reader of those fields outside the getters calls this first. */
void vs_i_analysis_findings(const VsAnalysis *a);

/* ---- reach (analysis-reach.c) ----------------------------------------------- */

/* Makes @a's customer sets, once (see compute_reach()); waits for them
 * when another thread is making them. */
void vs_i_analysis_reach(const VsAnalysis *a);

/* ---- the second core (analysis-task.c) -------------------------------------- */

/* Work over an index range [lo, hi) that writes only entries of that
 * range; vs_i_analysis_split_range() does the top half on the other core
 * when @a is large. */
typedef void (*VsRangeFn)(VsAnalysis *a, gsize lo, gsize hi, gconstpointer data);
void vs_i_analysis_split_range(VsAnalysis *a, gsize n, VsRangeFn fn, gconstpointer data);

/* A lazy part of an analysis (the customer sets, the findings): made once,
 * by whichever thread comes first. */
typedef void (*VsAnalysisPart)(const VsAnalysis *a);
/* Runs @make(@a) on a detached thread of @a's own (here, when no thread
 * can be made), counted in a->pending until it returns; readers of the
 * part wait for it through the part's own once, vs_analysis_free() and
 * fork() for every task. */
void vs_i_analysis_start_task(VsAnalysis *a, VsAnalysisPart make);
/* Waits until no thread of @a's own is at work. */
void vs_i_analysis_wait_for_tasks(VsAnalysis *a);

/* ---- for tests ------------------------------------------------------------- */

/* For tests: bitsets of customers reached are used up to @max_words
 * 64-bit words (0 restores the default); beyond, queries search. Set it
 * before the analyses it should affect make their first query. */
void vs_i_analysis_set_reach_limit(guint64 max_words);

/* For tests: the threads that make a large analysis's customer sets and
 * findings sleep this long first (0: not at all), so that a test can act
 * while they are under way. */
void vs_i_analysis_set_task_delay(guint milliseconds);

/* ---- values under changed scores (analysis-gain.c) ----------------------- *
 *
 * What a change of scores alone leaves of an analysis: reach, structure,
 * surveys, shares, a(e) and the topology all stay; only b(e) = a(e) s(e),
 * the loops' factorised I - B, quality q and the backward solution R
 * change. A VsValues holds those, starts from the analysis's scores in
 * effect and is re-solved after each change, so that a sequence of fixes
 * (the improvement plan, SPEC 9) costs a few passes per step, never a new
 * analysis. */

typedef struct VsValues VsValues;

/* The values of @a (borrowed: it must outlive the result) under its own
 * scores in effect. NULL with an error when a loop is singular. */
VsValues *vs_i_values_new(const VsAnalysis *a, GError **error);
void vs_i_values_free(VsValues *values);
/* Total revenue at risk under the current scores (SPEC 4.3). */
double vs_i_values_get_risk(const VsValues *values);
/* The current score in effect of every handoff (NAN: unrated). */
const double *vs_i_values_get_scores(const VsValues *values);
/* gain(u) for every unit into @gains (n values, 0 for customers): the
 * fall in total revenue at risk if every handoff from u with a score in
 * effect below @target got @target (section 8's fix), all else as now;
 * exact (Sherman-Morrison: q[u] N[u] / (1 - L[u]) with d(e) = a(e) target
 * - b(e)). With @target 1 on the analysis's own scores these are its fix
 * values. One pass over the handoffs plus a column of a loop's inverse per
 * loop member that could gain. */
void vs_i_values_gains(const VsValues *values, double target, double *gains);
/* Applies @unit's fix to @target (as vs_i_values_gains() assumes) and
 * re-solves. FALSE with an error when a loop becomes singular (then
 * @values is unusable). */
gboolean vs_i_values_fix(VsValues *values, guint32 unit, double target, GError **error);

G_END_DECLS

#endif /* VALUESTREAM_ANALYSIS_PRIVATE_H */
