/* valuestream - the analysis of SPEC section 4.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Layout: everything is a flat array indexed by unit or handoff index.
 * igraph provides the strongly connected components, the breadth-first
 * search towards the customers and the two dominator trees, all in one
 * locked section; every linear system is then solved component by
 * component in topological order: units on no loop in one pass,
 * loops with a small dense factorisation each. Nothing is quadratic in
 * the size of the org; shares and customer lists are computed when asked.
 */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "analysis-private.h"
#include "base-bitset.h"
#include "org-topology.h"

static const char *const flag_names[VS_N_FLAGS] = {
    "captive_poor_service", "chokepoint",  "deteriorating", "no_line_of_sight",
    "poor_service",         "rework_loop", "ripple",
};

const char *
vs_flag_name(guint32 flag)
{
  for (guint i = 0; i < VS_N_FLAGS; i++)
    if (flag == (1u << i))
      return flag_names[i];
  return NULL;
}

static const char *const diagnosis_names[] = {"unrated", "healthy", "individual", "systemic"};

const char *
vs_diagnosis_name(VsDiagnosis d)
{
  if ((guint)d >= G_N_ELEMENTS(diagnosis_names))
    return NULL;
  return diagnosis_names[d];
}

static int
cmp_unit_id(gconstpointer a, gconstpointer b, gpointer org)
{
  return strcmp(vs_i_unit_id(org, *(const guint32 *)a), vs_i_unit_id(org, *(const guint32 *)b));
}

static void
sort_by_id(const VsOrg *org, guint32 *units, gsize n)
{
  if (n > 1)
    g_qsort_with_data(units, (gint)n, sizeof(guint32), cmp_unit_id, (gpointer)org);
}

gboolean
vs_analysis_options_check(const VsAnalysisOptions *o, GError **error)
{
  const char *bad = NULL;

  g_return_val_if_fail(o != NULL, FALSE);
  if (o->version != VS_ANALYSIS_OPTIONS_VERSION)
    bad = "version (start from VS_ANALYSIS_OPTIONS_INIT)";
  else if (!(o->poor_score >= 0 && o->poor_score <= 1))
    bad = "poor_score (must be in 0..1)";
  else if (!(o->ripple_share >= 0 && o->ripple_share <= 1))
    bad = "ripple_share (must be in 0..1)";
  else if (!(o->survey_target > 0 && o->survey_target <= 1))
    bad = "survey_target (must be in (0, 1])";
  else if (!(o->trend_alpha > 0 && o->trend_alpha < 1))
    bad = "trend_alpha (must be in (0, 1))";
  else if (!(o->trend_min_slope >= 0 && isfinite(o->trend_min_slope)))
    bad = "trend_min_slope (must be >= 0)";
  else if (o->trend_min_periods < 2)
    bad = "trend_min_periods (must be >= 2)";
  if (bad != NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "invalid analysis option %s", bad);
    return FALSE;
  }
  return TRUE;
}

/* ---- graph sections ------------------------------------------------------------- */

/* The org's topology (shared, built on first use) and the closed-loop
 * check; the analysis borrows the topology's arrays. */
static gboolean
graph_section(VsAnalysis *a, GError **error)
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

/* Hops and next hops; the visiting order is kept for count_dependents(). */
static gboolean
line_of_sight_section(VsAnalysis *a, GError **error)
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

static gboolean
is_large(const VsAnalysis *a)
{
  return a->n + a->m >= VS_PARALLEL_MIN_SIZE;
}

/* Work over an index range [lo, hi) that writes only entries of that
 * range; split_range() does the top half on the other core. */
typedef void (*RangeFn)(VsAnalysis *a, gsize lo, gsize hi, gconstpointer data);

typedef struct {
  VsAnalysis *a;
  RangeFn fn;
  gsize lo, hi;
  gconstpointer data;
} RangeTask;

static gpointer
range_task(gpointer data)
{
  RangeTask *t = data;
  t->fn(t->a, t->lo, t->hi, t->data);
  return NULL;
}

static void
split_range(VsAnalysis *a, gsize n, RangeFn fn, gconstpointer data)
{
  RangeTask top = {a, fn, n / 2, n, data};
  VsTask task;

  if (!is_large(a)) {
    fn(a, 0, n, data);
    return;
  }
  vs_i_task_start(&task, TRUE, range_task, &top);
  fn(a, 0, n / 2, data);
  vs_i_task_join(&task);
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
static gboolean
structure_section(VsAnalysis *a, GError **error)
{
  gsize n = a->n ? a->n : 1;
  DominatorTask dom = {a, NULL};
  VsTask task;
  gboolean ok;

  a->ipdom = g_new(gint32, n);
  a->idom = g_new(gint32, n);
  vs_i_task_start(&task, is_large(a), dominator_task, &dom);
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

static inline guint32
comp_size(const VsAnalysis *a, guint32 c)
{
  return a->comp_off[c + 1] - a->comp_off[c];
}

/* Rework loops in SPEC order: members sorted by id, loops by first id. */
static int
cmp_loop(gconstpointer x, gconstpointer y, gpointer data)
{
  const VsAnalysis *a = data;
  guint32 lx = *(const guint32 *)x, ly = *(const guint32 *)y;
  return strcmp(vs_i_unit_id(a->org, a->loop_sorted[a->loop_off[lx]]),
                vs_i_unit_id(a->org, a->loop_sorted[a->loop_off[ly]]));
}

static gboolean
find_loops(VsAnalysis *a, GError **error)
{
  g_autofree guint32 *by_comp = NULL, *order = NULL, *sorted = NULL, *off = NULL;
  guint32 k = 0;

  double work = 0, most = (double)VS_MAX_LOOP_UNITS * VS_MAX_LOOP_UNITS * VS_MAX_LOOP_UNITS;
  guint32 in_loops = 0;

  a->loop_id = g_new(gint32, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++)
    a->loop_id[u] = -1;
  for (guint32 c = 0; c < a->n_comp; c++) {
    guint32 size = comp_size(a, c);
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
  /* Members sorted by id, loop by loop in component order... */
  by_comp = g_new(guint32, a->n_loops + 1);
  off = g_new0(guint32, a->n_loops + 1);
  sorted = g_new(guint32, a->n ? a->n : 1);
  for (guint32 c = 0; c < a->n_comp; c++) {
    guint32 size = comp_size(a, c);
    if (size < 2)
      continue;
    by_comp[k] = c;
    memcpy(sorted + off[k], a->comp_units + a->comp_off[c], size * sizeof(guint32));
    sort_by_id(a->org, sorted + off[k], size);
    off[k + 1] = off[k] + size;
    k++;
  }
  a->loop_sorted = g_steal_pointer(&sorted);
  a->loop_off = g_steal_pointer(&off);
  /* ...then the loops ordered by their first id, and renumbered. */
  order = g_new(guint32, a->n_loops + 1);
  for (guint32 l = 0; l < a->n_loops; l++)
    order[l] = l;
  if (a->n_loops > 1)
    g_qsort_with_data(order, (gint)a->n_loops, sizeof(guint32), cmp_loop, a);
  {
    g_autofree guint32 *old_off = a->loop_off, *old_sorted = a->loop_sorted;
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
  return TRUE;
}

/* ---- surveys ---------------------------------------------------------------- */

typedef struct {
  guint32 provider, respondent;
  guint32 period_rank; /* place of the period among the org's periods, sorted */
  const char *period;
  double score, lo, hi; /* the answer and its scale */
} Answer;

/* A score on lo..hi expressed on 1..5; exact when the scale is 1..5. */
static double
on_1_to_5(double x, double lo, double hi)
{
  return lo == 1.0 && hi == 5.0 ? x : 1.0 + 4.0 * (x - lo) / (hi - lo);
}

/* The mean of answers @ans[0..n) on 1..5: the plain mean converted when
 * they share a scale (so 1..5 means stay exact), else the mean of the
 * converted answers. */
static double
period_mean(const Answer *ans, gsize n)
{
  gboolean same = TRUE;
  double sum = 0;

  for (gsize i = 1; i < n; i++)
    same &= ans[i].lo == ans[0].lo && ans[i].hi == ans[0].hi;
  for (gsize i = 0; i < n; i++)
    sum += same ? ans[i].score : on_1_to_5(ans[i].score, ans[i].lo, ans[i].hi);
  return same ? on_1_to_5(sum / (double)n, ans[0].lo, ans[0].hi) : sum / (double)n;
}

static int
cmp_str_ptr(gconstpointer x, gconstpointer y)
{
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Periods seen lately, by pointer: a file cycles through a handful of
 * periods once per pair, and a hash table lookup each time took a third
 * of the survey phase. */
#define PERIOD_CACHE_BITS 6
#define PERIOD_CACHE (1u << PERIOD_CACHE_BITS)

typedef struct {
  const char *period[PERIOD_CACHE];
  guint32 rank[PERIOD_CACHE];
} PeriodCache;

/* Sets each answer's period_rank; returns the number of periods. Periods
 * are interned, so the pointer is the identity. */
static guint32
rank_periods(Answer *ans, gsize ns)
{
  g_autoptr(GHashTable) rank = g_hash_table_new(g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  PeriodCache seen = {{NULL}, {0}}, ranked = {{NULL}, {0}};

  for (gsize i = 0; i < ns; i++) {
    const char *p = ans[i].period;
    guint k = vs_i_pointer_slot(p, PERIOD_CACHE_BITS);
    if (seen.period[k] == p)
      continue;
    seen.period[k] = p;
    if (g_hash_table_add(rank, (gpointer)p))
      g_ptr_array_add(names, (gpointer)p);
  }
  g_ptr_array_sort(names, cmp_str_ptr);
  for (guint i = 0; i < names->len; i++)
    g_hash_table_insert(rank, names->pdata[i], GUINT_TO_POINTER(i));
  for (gsize i = 0; i < ns; i++) {
    const char *p = ans[i].period;
    guint k = vs_i_pointer_slot(p, PERIOD_CACHE_BITS);
    if (ranked.period[k] != p) {
      ranked.period[k] = p;
      ranked.rank[k] = GPOINTER_TO_UINT(g_hash_table_lookup(rank, p));
    }
    ans[i].period_rank = ranked.rank[k];
  }
  return names->len;
}

/* One stable counting-sort pass of @src into @dst by the guint32 at
 * @key_offset of each answer, whose values are < @range. */
static void
counting_pass(const Answer *src, Answer *dst, gsize ns, gsize key_offset, gsize range)
{
  g_autofree guint32 *start = g_new0(guint32, range + 1);

#define KEY(x) (*(const guint32 *)(const void *)((const char *)(x) + key_offset))
  for (gsize i = 0; i < ns; i++)
    start[KEY(&src[i]) + 1]++;
  for (gsize k = 0; k < range; k++)
    start[k + 1] += start[k];
  for (gsize i = 0; i < ns; i++)
    dst[start[KEY(&src[i])]++] = src[i];
#undef KEY
}

/* A stretch of answers of one pair whose periods do not go back. */
typedef struct {
  guint32 provider, respondent, start, len;
} Run;

static int
cmp_run(gconstpointer x, gconstpointer y)
{
  const Run *p = x, *q = y;
  if (p->provider != q->provider)
    return p->provider < q->provider ? -1 : 1;
  if (p->respondent != q->respondent)
    return p->respondent < q->respondent ? -1 : 1;
  return (p->start > q->start) - (p->start < q->start); /* stable */
}

/* How many runs from @run[r] on (of @n, sorted) are of @run[r]'s pair. */
static guint
same_pair(const Run *run, guint n, guint r)
{
  guint k = 1;
  while (r + k < n && run[r + k].provider == run[r].provider &&
         run[r + k].respondent == run[r].respondent)
    k++;
  return k;
}

/* A pair asked in more than this many separate runs goes the radix way. */
#define MAX_RUNS_PER_PAIR 8

/* The answers of the @k runs of one pair (in input order) into @out,
 * merged by period: each run is in period order, and ties go to the
 * earlier run, so this is the input order among equal periods. */
static Answer *
merge_runs(const Answer *ans, const Run *runs, guint k, Answer *out)
{
  guint32 at[MAX_RUNS_PER_PAIR] = {0};

  for (;;) {
    gint best = -1;
    for (guint r = 0; r < k; r++)
      if (at[r] < runs[r].len &&
          (best < 0 || ans[runs[r].start + at[r]].period_rank <
                           ans[runs[best].start + at[best]].period_rank))
        best = (gint)r;
    if (best < 0)
      return out;
    *out++ = ans[runs[best].start + at[best]++];
  }
}

/* One pair's answers, in period order (input order among equal periods). */
typedef struct {
  const Answer *at;
  gsize n;
} Slice;

/* The runs of @ans: stretches of one pair whose periods do not go back,
 * sorted by pair (input order among a pair's runs). NULL when they are
 * too many for sorting them to pay, or a pair has too many. */
static GArray *
sorted_runs(const Answer *ans, gsize ns)
{
  g_autoptr(GArray) runs = g_array_new(FALSE, FALSE, sizeof(Run));

  for (gsize i = 0; i < ns; i++) {
    Run *last = runs->len ? &g_array_index(runs, Run, runs->len - 1) : NULL;
    if (last != NULL && ans[i].provider == last->provider &&
        ans[i].respondent == last->respondent && ans[i].period_rank >= ans[i - 1].period_rank) {
      last->len++;
      continue;
    }
    if (runs->len >= ns / 4)
      return NULL; /* runs of a few answers: the radix sort is as quick */
    g_array_append_val(runs, ((Run){ans[i].provider, ans[i].respondent, (guint32)i, 1}));
  }
  g_array_sort(runs, cmp_run);
  for (guint r = 0, k; r < runs->len; r += k)
    if ((k = same_pair((const Run *)(void *)runs->data, runs->len, r)) > MAX_RUNS_PER_PAIR)
      return NULL;
  return g_steal_pointer(&runs);
}

/* The usual file lists each pair's answers together, period by period:
 * its pairs are slices of @ans as it is, found by sorting the runs, not
 * the answers (@ns of them). A pair in several runs has them merged into
 * *@merged. */
static void
slices_by_runs(const Answer *ans, gsize ns, const GArray *runs, GArray *slices, Answer **merged)
{
  const Run *run = (const Run *)(void *)runs->data;
  /* room for all @ns answers; only the pages merges write are touched */
  Answer *out = *merged = g_new(Answer, ns + 1);

  for (guint r = 0, k; r < runs->len; r += k) {
    Slice slice = {ans + run[r].start, run[r].len};
    if ((k = same_pair(run, runs->len, r)) > 1) {
      slice.at = out;
      out = merge_runs(ans, run + r, k, out);
      slice.n = (gsize)(out - slice.at);
    }
    g_array_append_val(slices, slice);
  }
}

/* Any other order: a least-significant-key-first radix sort of the
 * answers by (provider, respondent, period), stable, O(answers + units).
 * (It replaced a comparison sort that took half the survey phase at 1.6M
 * answers.) */
static void
slices_by_sorting(Answer *ans, gsize ns, gsize n_units, guint32 n_periods, GArray *slices)
{
  g_autofree Answer *tmp = g_new(Answer, ns ? ns : 1);

  counting_pass(ans, tmp, ns, G_STRUCT_OFFSET(Answer, period_rank), n_periods);
  counting_pass(tmp, ans, ns, G_STRUCT_OFFSET(Answer, respondent), n_units);
  counting_pass(ans, tmp, ns, G_STRUCT_OFFSET(Answer, provider), n_units);
  memcpy(ans, tmp, ns * sizeof(Answer));
  for (gsize i = 0, j; i < ns; i = j) {
    Slice slice;
    for (j = i; j < ns && ans[j].provider == ans[i].provider &&
                ans[j].respondent == ans[i].respondent;)
      j++;
    slice = (Slice){ans + i, j - i};
    g_array_append_val(slices, slice);
  }
}

/* The answers of each pair, pairs by (provider, respondent), each pair's
 * by period and in input order among equal periods (period means add
 * answers in that order). Slices of @ans, which this may reorder, or of
 * *@merged (free it after; NULL when unused). */
static GArray *
pair_slices(Answer *ans, gsize ns, gsize n_units, Answer **merged)
{
  GArray *slices = g_array_new(FALSE, FALSE, sizeof(Slice));
  guint32 n_periods = rank_periods(ans, ns);
  g_autoptr(GArray) runs = sorted_runs(ans, ns);

  *merged = NULL;
  if (runs != NULL)
    slices_by_runs(ans, ns, runs, slices, merged);
  else
    slices_by_sorting(ans, ns, n_units, n_periods, slices);
  return slices;
}

/* Rows longer than this are not scanned once per query: with a hub (a
 * unit with a hundred thousand handoffs) such scans would be quadratic. */
#define SCAN_MAX 64

static int
cmp_guint32(gconstpointer x, gconstpointer y)
{
  guint32 p = *(const guint32 *)x, q = *(const guint32 *)y;
  return (p > q) - (p < q);
}

static gboolean
has_handoff(const VsAnalysis *a, guint32 from, guint32 to)
{
  const guint32 *ends = a->to;
  for (guint32 k = a->out_off[from]; k < a->out_off[from + 1]; k++)
    if (ends[a->out_e[k]] == to)
      return TRUE;
  return FALSE;
}

/* Sets has_handoff of every trend (trends sorted by provider). A short
 * out-row is scanned per pair; a long one with several pairs is sorted
 * once and searched: O(d log d) for a hub, not O(pairs x d). */
static void
match_handoffs(VsAnalysis *a)
{
  g_autoptr(GArray) sorted = g_array_new(FALSE, FALSE, sizeof(guint32));

  for (guint32 lo = 0, hi; lo < a->n_trends; lo = hi) {
    guint32 u = a->trends[lo].provider, d = a->out_off[u + 1] - a->out_off[u];
    hi = a->trend_first[u + 1];
    if (d <= SCAN_MAX || hi - lo == 1) {
      for (guint32 t = lo; t < hi; t++)
        a->trends[t].has_handoff = has_handoff(a, u, a->trends[t].respondent);
      continue;
    }
    g_array_set_size(sorted, d);
    for (guint32 j = 0; j < d; j++)
      g_array_index(sorted, guint32, j) = a->to[a->out_e[a->out_off[u] + j]];
    g_array_sort(sorted, cmp_guint32);
    for (guint32 t = lo; t < hi; t++)
      a->trends[t].has_handoff =
          bsearch(&a->trends[t].respondent, sorted->data, d, sizeof(guint32), cmp_guint32) != NULL;
  }
}

/* Fills trend @t from its answers @ans[0..count), sorted by period. Means
 * are on 1..5 so that pairs answered on different scales compare. The
 * trend statistics look at the latest VS_TREND_MAX_PERIODS periods (see
 * analysis-private.h); every period's mean is kept and reported. */
static void
summarise_pair(VsAnalysis *a, VsTrend *t, const Answer *ans, gsize count, GArray *means,
               GPtrArray *periods)
{
  const VsAnalysisOptions *o = &a->opts;
  guint first = means->len, judged;
  const double *series;
  VsMannKendall mk;
  double latest;

  for (gsize i = 0; i < count;) {
    gsize j = i;
    while (j < count && ans[j].period == ans[i].period)
      j++;
    double mean15 = period_mean(ans + i, j - i);
    g_array_append_val(means, mean15);
    g_ptr_array_add(periods, (gpointer)ans[i].period);
    i = j;
  }
  t->provider = ans[0].provider;
  t->respondent = ans[0].respondent;
  t->n_periods = means->len - first;
  latest = g_array_index(means, double, means->len - 1);
  t->latest_mean = latest;
  t->score = vs_survey_score(latest, 1.0, 5.0, o->survey_target);
  judged = MIN(t->n_periods, VS_TREND_MAX_PERIODS);
  series = &g_array_index(means, double, means->len - judged);
  vs_mann_kendall(series, judged, &mk);
  t->mk_s = mk.s;
  t->p_value = mk.p_decline;
  t->exact = mk.exact;
  t->slope = vs_theil_sen_slope(series, judged);
  t->deteriorating = t->n_periods >= o->trend_min_periods && mk.s < 0 &&
                     mk.p_decline <= o->trend_alpha && t->slope <= -o->trend_min_slope;
  t->has_handoff = FALSE; /* match_handoffs() */
}

static void
analyse_surveys(VsAnalysis *a)
{
  const VsOrg *org = a->org;
  gsize ns = org->s_period->len;
  g_autofree Answer *ans = g_new(Answer, ns ? ns : 1);
  g_autoptr(GArray) trends = g_array_new(FALSE, FALSE, sizeof(VsTrend));
  g_autoptr(GArray) off = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_autoptr(GArray) means = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GPtrArray) periods = g_ptr_array_new();
  g_autoptr(GArray) slices = NULL;
  g_autofree Answer *merged = NULL;
  guint32 zero = 0;

  for (gsize i = 0; i < ns; i++) {
    ans[i].provider = g_array_index(org->s_provider, guint32, i);
    ans[i].respondent = g_array_index(org->s_respondent, guint32, i);
    ans[i].period = g_array_index(org->s_period, const char *, i);
    ans[i].score = g_array_index(org->s_score, double, i);
    ans[i].lo = g_array_index(org->s_min, double, i);
    ans[i].hi = g_array_index(org->s_max, double, i);
  }
  slices = pair_slices(ans, ns, a->n, &merged);
  g_array_append_val(off, zero);
  for (guint i = 0; i < slices->len; i++) {
    const Slice *slice = &g_array_index(slices, Slice, i);
    VsTrend t;
    summarise_pair(a, &t, slice->at, slice->n, means, periods);
    g_array_append_val(trends, t);
    g_array_append_val(off, means->len);
  }
  a->n_trends = trends->len;
  a->trends = (VsTrend *)g_array_free(g_steal_pointer(&trends), FALSE);
  a->trend_first = g_new0(guint32, a->n + 1);
  for (guint32 t = 0; t < a->n_trends; t++)
    a->trend_first[a->trends[t].provider + 1]++;
  for (gsize u = 0; u < a->n; u++)
    a->trend_first[u + 1] += a->trend_first[u];
  a->trend_off = (guint32 *)g_array_free(g_steal_pointer(&off), FALSE);
  a->trend_means = (double *)g_array_free(g_steal_pointer(&means), FALSE);
  a->trend_periods = (const char **)g_ptr_array_free(g_steal_pointer(&periods), FALSE);
  match_handoffs(a);
}

/* The trend of pair (provider, respondent), by binary search among the
 * provider's trends (sorted by respondent): a few probes near each other
 * rather than a search of every trend; -1 when not surveyed. */
static gssize
find_trend(const VsAnalysis *a, guint32 provider, guint32 respondent)
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

/* Runs @make(@a) once, the first time any thread gets here (the others
 * wait for it), for the parts of an analysis made later or on another
 * thread: told to ThreadSanitizer, which does not see GLib's futexes. */
static void
make_once(const VsAnalysis *a, gsize *once, void (*make)(VsAnalysis *a))
{
  if (g_once_init_enter(once)) {
    make((VsAnalysis *)a); /* a lazy part, made once, then never changed */
    VS_TSAN_RELEASE(once);
    g_once_init_leave(once, 1);
  }
  VS_TSAN_ACQUIRE(once);
}

/* ---- per-handoff coefficients ----------------------------------------------- */

/* The weight into each unit; for the receivers whose weights overflow a
 * double, w_max[v] > 0 and w_in[v] is the sum relative to it. */
typedef struct {
  const double *w_in, *w_max; /* w_max NULL: no overflow anywhere */
} WeightSums;

/* Handoffs ahead whose receiver's entries (and provider's trends) are
 * fetched: receivers lie anywhere. */
#define COEF_AHEAD 16

/* Handoffs lo .. hi of handoff_coefficients(); @data: WeightSums. */
static void
coefficients_range(VsAnalysis *a, gsize lo, gsize hi, gconstpointer data)
{
  const WeightSums *sums = data;
  const double *w_in = sums->w_in, *w_max = sums->w_max;
  const double *weight = (const double *)a->org->h_weight->data;
  const double *given = (const double *)a->org->h_score->data;

  for (gsize e = lo; e < hi; e++) {
    guint32 v = a->to[e];
    if (e + COEF_AHEAD < hi) {
      guint32 w = a->to[e + COEF_AHEAD];
      __builtin_prefetch(w_in + w);
      __builtin_prefetch(a->own + w);
      __builtin_prefetch(a->trend_first + a->from[e + COEF_AHEAD]);
    }
    if (G_UNLIKELY(w_max != NULL && w_max[v] > 0))
      a->share[e] = weight[e] / w_max[v] / w_in[v];
    else
      a->share[e] = weight[e] / w_in[v];
    a->score[e] = given[e];
    if (isnan(given[e])) {
      gssize t = find_trend(a, a->from[e], v);
      if (t >= 0)
        a->score[e] = a->trends[t].score;
    }
    a->coef[e].a = (1.0 - a->own[v]) * a->share[e];
    a->coef[e].b = a->coef[e].a * (isnan(a->score[e]) ? 1.0 : a->score[e]);
  }
}

/* w_in[v] for receivers lo .. hi: the weights of v's in-row, which lists
 * v's handoffs in handoff order, so each sum adds what a pass over all
 * handoffs in order would, in that order. @data: the w_in array. */
static void
weight_sums_range(VsAnalysis *a, gsize lo, gsize hi, gconstpointer data)
{
  double *w_in = (double *)data; /* each range writes only its own entries */
  const double *weight = (const double *)a->org->h_weight->data;

  for (gsize v = lo; v < hi; v++) {
    double sum = 0;
    for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++)
      sum += weight[a->in_e[j]];
    w_in[v] = sum;
  }
}

/* share(e), the score used (own, survey, or NAN) and the coefficients
 * a(e) = (1 - own[to]) share(e) of the dependency matrix and b(e) = a(e)
 * s(e), unrated counting as 1; a and b side by side, as the gathers below
 * fetch both of a handoff at once. */
static void
handoff_coefficients(VsAnalysis *a)
{
  const VsOrg *org = a->org;
  const guint32 *to = a->to;
  const double *weight = (const double *)org->h_weight->data;
  g_autofree double *w_in = g_new0(double, a->n ? a->n : 1);
  g_autofree double *w_max = NULL;
  gboolean overflow = FALSE;
  gsize m = a->m ? a->m : 1;
  WeightSums sums;

  a->share = g_new(double, m);
  a->score = g_new(double, m);
  a->coef = g_new(VsCoef, m);
  /* in handoff order: the sums must not depend on how work is split */
  split_range(a, a->n, weight_sums_range, w_in);
  for (gsize v = 0; v < a->n; v++)
    overflow |= isinf(w_in[v]);
  if (G_UNLIKELY(overflow)) {
    /* Weights near the largest double overflow their sum: for those
     * receivers sum them relative to the largest one instead. */
    w_max = g_new0(double, a->n);
    for (gsize e = 0; e < a->m; e++)
      if (isinf(w_in[to[e]]))
        w_max[to[e]] = MAX(w_max[to[e]], weight[e]);
    for (gsize v = 0; v < a->n; v++)
      if (w_max[v] > 0)
        w_in[v] = 0;
    for (gsize e = 0; e < a->m; e++)
      if (w_max[to[e]] > 0)
        w_in[to[e]] += weight[e] / w_max[to[e]];
  }
  sums = (WeightSums){w_in, w_max};
  split_range(a, a->m, coefficients_range, &sums);
}

/* The coefficients again, laid out in adjacency-row order so that the
 * passes below stream through memory: per position j of the out-rows,
 * out_a[j] = a(e) and out_b[j] = b(e) = a(e) s(e); likewise for the
 * in-rows. d(e) = a(e) - b(e) is what fixing e adds to b(e). */
static void
gather_coefficients(const VsAnalysis *a, const guint32 *edges, double *ca, double *cb)
{
  for (gsize j = 0; j < a->m; j++) {
    guint32 e = edges[j];
    ca[j] = a->coef[e].a;
    cb[j] = a->coef[e].b;
  }
}

static gpointer
in_coefficients_task(gpointer data)
{
  VsAnalysis *a = data;
  for (gsize j = 0; j < a->m; j++)
    a->in_b[j] = a->coef[a->in_e[j]].b;
  return NULL;
}

/* Both layouts are random gathers over every handoff: one per core. The
 * in-rows' a(e) only the share queries read: in_rows_a() makes it then. */
static void
row_coefficients(VsAnalysis *a)
{
  gsize m = a->m ? a->m : 1;
  VsTask task;

  a->out_a = g_new(double, m);
  a->out_b = g_new(double, m);
  a->in_b = g_new(double, m);
  vs_i_task_start(&task, is_large(a), in_coefficients_task, a);
  gather_coefficients(a, a->out_e, a->out_a, a->out_b);
  vs_i_task_join(&task);
  g_clear_pointer(&a->coef, g_free);
}

static void
make_in_rows_a(VsAnalysis *a)
{
  double *in_a = g_new(double, a->m ? a->m : 1);

  for (gsize v = 0; v < a->n; v++)
    for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++)
      in_a[j] = (1.0 - a->own[v]) * a->share[a->in_e[j]];
  a->in_a = in_a;
}

/* a(e) per in-row position, made once, on the first share query: row v
 * holds v's handoffs, and a(e) = (1 - own[v]) share(e) as
 * handoff_coefficients() computed it, so the same bits. */
static const double *
in_rows_a(const VsAnalysis *a)
{
  make_once(a, &((VsAnalysis *)a)->in_a_once, make_in_rows_a);
  return a->in_a;
}

/* ---- linear systems, component by component ---------------------------------- *
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
} Pass;

static Pass
pass_of(const VsAnalysis *a, gboolean forward, const double *coef, const VsLoopSystem *systems)
{
  Pass p = {forward ? a->in_off : a->out_off, forward ? a->topo->in_nbr : a->topo->out_nbr, coef,
            systems, forward};
  return p;
}

static void
solve_comp(const VsAnalysis *a, const Pass *p, guint32 c, double *x, double *work)
{
  const guint32 *members = a->comp_units + a->comp_off[c];
  guint32 k = comp_size(a, c);

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

/* solve_comp() for two passes along the same rows (@p and @q differ in
 * their coefficients and loop systems): a unit on no loop reads its row
 * once for both. */
static void
solve_comp_twice(const VsAnalysis *a, const Pass *p, const Pass *q, guint32 c, double *x,
                 double *y, double *work)
{
  guint32 u = a->comp_units[a->comp_off[c]];
  double s = x[u], t = y[u];

  if (comp_size(a, c) > 1) {
    solve_comp(a, p, c, x, work);
    solve_comp(a, q, c, y, work);
    return;
  }
  for (guint32 j = p->off[u]; j < p->off[u + 1]; j++) {
    s += p->coef[j] * x[p->nbr[j]];
    t += q->coef[j] * y[p->nbr[j]];
  }
  x[u] = s;
  y[u] = t;
}

/* Factorises I - C restricted to loop @l, C given per out-row position.
 * FALSE when singular, which a validated org cannot be; kept as a guard
 * against rounding. */
static gboolean
factor_loop(const VsAnalysis *a, guint32 l, const double *coef, VsLoopSystem *sys)
{
  const guint32 *nbr = a->topo->out_nbr;
  guint32 c = a->loop_comp[l], k = comp_size(a, c);
  const guint32 *members = a->comp_units + a->comp_off[c];

  sys->k = k;
  sys->lu = g_new0(double, (gsize)k * k);
  sys->piv = g_new(guint, k);
  for (guint32 i = 0; i < k; i++) {
    guint32 u = members[i];
    sys->lu[(gsize)i * k + i] = 1.0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      if (a->comp[nbr[j]] == c)
        sys->lu[(gsize)i * k + a->local[nbr[j]]] -= coef[j];
  }
  return vs_i_lu_factor(sys->lu, k, sys->piv);
}

static void
free_systems(VsLoopSystem *systems, guint32 n)
{
  if (systems == NULL)
    return;
  for (guint32 l = 0; l < n; l++) {
    g_free(systems[l].lu);
    g_free(systems[l].piv);
  }
  g_free(systems);
}

static gboolean
factor_all(const VsAnalysis *a, const double *coef, VsLoopSystem **out, GError **error)
{
  VsLoopSystem *systems = g_new0(VsLoopSystem, a->n_loops + 1);
  for (guint32 l = 0; l < a->n_loops; l++) {
    if (!factor_loop(a, l, coef, &systems[l])) {
      free_systems(systems, a->n_loops);
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                  "the rework loop with %s is numerically singular (own shares too close to 0?)",
                  vs_i_unit_id(a->org, a->loop_sorted[a->loop_off[l]]));
      return FALSE;
    }
  }
  *out = systems;
  return TRUE;
}

/* Columns of a loop's inverse are solved for this many at a time. */
#define INVERSE_BLOCK 32

/* Columns @cols[0..r) of (I - C_SS)^-1 of loop system @sys, r <=
 * INVERSE_BLOCK, into @block: k x r, row-major (block[i * r + q] is entry
 * i of column cols[q]). */
static void
inverse_columns(const VsLoopSystem *sys, const guint32 *cols, guint r, double *block)
{
  memset(block, 0, (gsize)sys->k * r * sizeof(double));
  for (guint q = 0; q < r; q++)
    block[(gsize)cols[q] * r + q] = 1.0;
  vs_i_lu_solve_many(sys->lu, sys->piv, sys->k, block, r);
}

/* Room for INVERSE_BLOCK columns of the largest loop. */
static double *
block_buffer(const VsAnalysis *a)
{
  guint32 k = 1;
  for (guint32 l = 0; l < a->n_loops; l++)
    k = MAX(k, a->loop_off[l + 1] - a->loop_off[l]);
  return g_new(double, (gsize)k * INVERSE_BLOCK);
}

static double *
work_buffer(const VsAnalysis *a)
{
  guint32 k = 1;
  for (guint32 l = 0; l < a->n_loops; l++)
    k = MAX(k, a->loop_off[l + 1] - a->loop_off[l]);
  return g_new(double, k);
}

/* D[u][u] = [(I - A)^-1]_uu: 1 off loops, from the loop's inverse on them. */
static void
compute_dii(VsAnalysis *a)
{
  g_autofree double *block = block_buffer(a);
  guint32 cols[INVERSE_BLOCK];

  a->dii = g_new(double, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++)
    a->dii[u] = 1.0;
  for (guint32 l = 0; l < a->n_loops; l++) {
    const VsLoopSystem *sys = &a->loop_sys[l];
    const guint32 *members = a->comp_units + a->comp_off[a->loop_comp[l]];
    for (guint32 j0 = 0; j0 < sys->k; j0 += INVERSE_BLOCK) {
      guint r = MIN(INVERSE_BLOCK, sys->k - j0);
      for (guint q = 0; q < r; q++)
        cols[q] = j0 + q;
      inverse_columns(sys, cols, r, block);
      for (guint q = 0; q < r; q++)
        a->dii[members[j0 + q]] = block[(gsize)(j0 + q) * r + q];
    }
  }
}

typedef struct {
  const double *R;
  double *N; /* out: N[u], for the units on loops */
} FixInput;

/* fix_value(u) = q[u] N[u] / (1 - L[u]) (SPEC 4.3, Sherman-Morrison), with
 * d = a - b per out-row position, for units lo .. hi off loops (L = 0);
 * for those on loops only N[u], finished by fix_on_loops(). */
static void
fix_range(VsAnalysis *a, gsize lo, gsize hi, gconstpointer data)
{
  const FixInput *in = data;
  const double *R = in->R;
  const guint32 *nbr = a->topo->out_nbr;

  for (gsize u = lo; u < hi; u++) {
    double nu = 0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      nu += (a->out_a[j] - a->out_b[j]) * R[nbr[j]];
    if (a->loop_id[u] >= 0)
      in->N[u] = nu;
    else if (nu != 0.0)
      a->fix[u] = a->q[u] * nu;
  }
}

/* L[u] for the units @units[0..r) of loop @l (SPEC 4.3): W(v, u) for v in
 * u's loop is column u of (I - B_SS)^-1. */
static void
loop_terms(const VsAnalysis *a, guint32 l, const VsLoopSystem *bsys, const guint32 *units,
           guint r, double *block, double *L)
{
  const guint32 *nbr = a->topo->out_nbr;
  guint32 cols[INVERSE_BLOCK];

  for (guint q = 0; q < r; q++)
    cols[q] = a->local[units[q]];
  inverse_columns(&bsys[l], cols, r, block);
  for (guint q = 0; q < r; q++) {
    guint32 u = units[q];
    double sum = 0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      if (a->comp[nbr[j]] == a->comp[u])
        sum += (a->out_a[j] - a->out_b[j]) * block[(gsize)a->local[nbr[j]] * r + q];
    L[q] = sum;
  }
}

/* The fix values of units on loops: L[u] needs a column of the loop's
 * inverse, found for INVERSE_BLOCK units at a time. */
static void
fix_on_loops(VsAnalysis *a, const double *N, const VsLoopSystem *bsys)
{
  g_autofree double *block = block_buffer(a);
  guint32 pending[INVERSE_BLOCK];
  double L[INVERSE_BLOCK];

  for (guint32 l = 0; l < a->n_loops; l++) {
    guint32 c = a->loop_comp[l];
    guint r = 0;
    for (guint32 i = a->comp_off[c]; i < a->comp_off[c + 1]; i++) {
      guint32 u = a->comp_units[i];
      if (N[u] != 0.0)
        pending[r++] = u;
      if (r == INVERSE_BLOCK || (r > 0 && i + 1 == a->comp_off[c + 1])) {
        loop_terms(a, l, bsys, pending, r, block, L);
        for (guint q = 0; q < r; q++)
          a->fix[pending[q]] = a->q[pending[q]] * N[pending[q]] / (1.0 - L[q]);
        r = 0;
      }
    }
  }
}

static void
compute_fix_values(VsAnalysis *a, const double *R, const VsLoopSystem *bsys)
{
  g_autofree double *N = g_new0(double, a->n ? a->n : 1);
  FixInput in = {R, N};

  a->fix = g_new0(double, a->n ? a->n : 1);
  split_range(a, a->n, fix_range, &in);
  fix_on_loops(a, N, bsys);
}

/* The forward solve, for the second core: quality q = own + B^T q. */
typedef struct {
  VsAnalysis *a;
  const VsLoopSystem *bsys;
} SolveTask;

static gpointer
solve_task(gpointer data)
{
  SolveTask *task = data;
  VsAnalysis *a = task->a;
  g_autofree double *work = work_buffer(a);
  Pass quality = pass_of(a, TRUE, a->in_b, task->bsys);

  for (guint32 c = 0; c < a->n_comp; c++)
    solve_comp(a, &quality, c, a->q, work);
  return NULL;
}

static gboolean
solve_values(VsAnalysis *a, GError **error)
{
  const double *revenue = (const double *)a->org->u_revenue->data;
  VsLoopSystem *bsys = NULL;
  g_autofree double *R = NULL, *y = NULL, *work = work_buffer(a);
  gsize n = a->n ? a->n : 1;
  SolveTask solve = {a, NULL};
  VsTask task;
  Pass risk, exposure;

  row_coefficients(a);
  if (!factor_all(a, a->out_a, &a->loop_sys, error) || !factor_all(a, a->out_b, &bsys, error))
    return FALSE;
  a->q = g_memdup2(a->own, n * sizeof(double));
  R = g_memdup2(revenue, n * sizeof(double));
  y = g_memdup2(revenue, n * sizeof(double));
  solve = (SolveTask){a, bsys};
  vs_i_task_start(&task, is_large(a), solve_task, &solve);
  /* meanwhile, backward in one sweep, R = revenue + B R and the exposure
   * numerator y = revenue + A y; then the loops' D[u][u] */
  risk = pass_of(a, FALSE, a->out_b, bsys);
  exposure = pass_of(a, FALSE, a->out_a, a->loop_sys);
  for (guint32 c = a->n_comp; c-- > 0;)
    solve_comp_twice(a, &risk, &exposure, c, R, y, work);
  compute_dii(a);
  vs_i_task_join(&task);
  a->exposure = g_new(double, n);
  for (gsize u = 0; u < a->n; u++)
    a->exposure[u] = y[u] / a->dii[u];
  compute_fix_values(a, R, bsys);
  free_systems(bsys, a->n_loops);
  return TRUE;
}

/* ---- customers, service, flags, groups, warnings ------------------------------ */

/* The customers, in unit order and by id (what the customer sets and the
 * lists need; their risk comes with the values, customer_risk()). */
static void
collect_customers(VsAnalysis *a)
{
  guint32 k = 0;

  for (gsize u = 0; u < a->n; u++)
    a->n_kind[a->kind[u]]++;
  a->n_customers = (guint32)a->n_kind[VS_KIND_CUSTOMER];
  a->customers = g_new(guint32, a->n_customers + 1);
  a->customer_rank = g_new(guint32, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++) {
    a->customer_rank[u] = G_MAXUINT32;
    if (a->kind[u] == VS_KIND_CUSTOMER)
      a->customers[k++] = (guint32)u;
  }
  /* padded to whole words of the reach bit arrays, which lists read
   * (vs_i_bits_expand() wants an entry for every bit) */
  a->customers_by_id = g_new0(guint32, (a->n_customers + 63) / 64 * 64 + 1);
  memcpy(a->customers_by_id, a->customers, a->n_customers * sizeof(guint32));
  sort_by_id(a->org, a->customers_by_id, a->n_customers);
  for (guint32 r = 0; r < a->n_customers; r++)
    a->customer_rank[a->customers_by_id[r]] = r;
}

/* Revenue at risk per customer, r(c)(1 - q(c)), and the totals. */
static void
customer_risk(VsAnalysis *a)
{
  const double *revenue = (const double *)a->org->u_revenue->data;

  a->risk = g_new0(double, a->n ? a->n : 1);
  for (guint32 k = 0; k < a->n_customers; k++) {
    guint32 u = a->customers[k];
    a->risk[u] = revenue[u] * (1.0 - a->q[u]);
    a->total_revenue += revenue[u];
    a->total_risk += a->risk[u];
  }
}

/* What a hub receives of one deliverable: from whom first, and whether
 * from more than one provider. */
typedef struct {
  const char *what; /* interned: equal text, equal pointer; NULL = empty slot */
  guint32 provider;
  gboolean several;
} Offer;

/* The slot of deliverable @what in @table (@mask + 1 slots, open
 * addressing; fewer deliverables than slots). */
static Offer *
offer_slot(Offer *table, gsize mask, const char *what)
{
  gsize i = (gsize)(((guint64)(guintptr)what >> 4) * 0x9E3779B97F4A7C15ull >> 40) & mask;
  while (table[i].what != NULL && table[i].what != what)
    i = (i + 1) & mask;
  return &table[i];
}

/* For the handoffs into receivers with more than SCAN_MAX of them:
 * alt[e] = 1 when another provider hands the receiver e's deliverable.
 * One pass over each such in-row notes, per deliverable, the first
 * provider and whether another one comes; a second marks the handoffs.
 * (Sorting each in-row took 0.16 s at a million units, the customers
 * being such hubs.) NULL when no receiver is that large. */
static guint8 *
alternatives_at_hubs(const VsAnalysis *a)
{
  const char *const *what = (const char *const *)a->org->h_deliverable->data;
  g_autoptr(GArray) table = g_array_new(FALSE, TRUE, sizeof(Offer));
  guint8 *alt = NULL;

  for (gsize v = 0; v < a->n; v++) {
    const guint32 *in = a->in_e + a->in_off[v];
    guint32 d = a->in_off[v + 1] - a->in_off[v];
    gsize size = 16;
    Offer *t;
    if (d <= SCAN_MAX)
      continue;
    if (alt == NULL)
      alt = g_new0(guint8, a->m);
    while (size < 2 * (gsize)d)
      size *= 2;
    g_array_set_size(table, 0);
    g_array_set_size(table, (guint)size); /* cleared */
    t = (Offer *)(void *)table->data;
    for (guint32 j = 0; j < d; j++) {
      Offer *o;
      if (what[in[j]] == NULL)
        continue; /* no deliverable, no alternative */
      o = offer_slot(t, size - 1, what[in[j]]);
      if (o->what == NULL)
        *o = (Offer){what[in[j]], a->from[in[j]], FALSE};
      else if (o->provider != a->from[in[j]])
        o->several = TRUE;
    }
    for (guint32 j = 0; j < d; j++)
      if (what[in[j]] != NULL)
        alt[in[j]] = (guint8)offer_slot(t, size - 1, what[in[j]])->several;
  }
  return alt;
}

/* Does the receiver of @e get e's deliverable from some other provider?
 * A handoff without a deliverable has no alternative. @hubs: from
 * alternatives_at_hubs(). */
static gboolean
has_alternative(const VsAnalysis *a, guint32 e, const guint8 *hubs)
{
  const VsOrg *org = a->org;
  const char *what = g_array_index(org->h_deliverable, const char *, e);
  guint32 provider = a->from[e];
  guint32 v = a->to[e];

  if (what == NULL)
    return FALSE;
  if (a->in_off[v + 1] - a->in_off[v] > SCAN_MAX)
    return hubs[e];
  for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++) {
    guint32 f = a->in_e[j];
    if (g_array_index(org->h_deliverable, const char *, f) == what &&
        a->from[f] != provider)
      return TRUE;
  }
  return FALSE;
}

/* @u's service, the share-weighted mean score of its rated handoffs
 * (NAN when none is rated), and in *@captive whether @u is a team with
 * a poor one whose receiver has no alternative (@hubs: from
 * alternatives_at_hubs()): one pass over its row for both. */
static double
service_of(const VsAnalysis *a, gsize u, const guint8 *hubs, gboolean *captive)
{
  gboolean look = a->kind[u] == VS_KIND_TEAM;
  double num = 0, den = 0;

  *captive = FALSE;
  for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
    guint32 e = a->out_e[j];
    double score = a->score[e];
    if (isnan(score))
      continue;
    num += a->share[e] * score;
    den += a->share[e];
    if (look && score < a->opts.poor_score && !has_alternative(a, e, hubs))
      *captive = TRUE, look = FALSE;
  }
  return den > 0 ? num / den : NAN;
}

/* Units ahead whose handoffs' scores and shares are fetched: a unit's
 * handoffs lie anywhere in handoff order (usually together). */
#define SERVICE_AHEAD 8

static inline void
fetch_handoffs_of(const VsAnalysis *a, gsize u)
{
  for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
    __builtin_prefetch(a->score + a->out_e[j]);
    __builtin_prefetch(a->share + a->out_e[j]);
  }
}

/* Service and flags of units lo .. hi; @hubs: from alternatives_at_hubs(). */
static void
service_flags_range(VsAnalysis *a, gsize lo, gsize hi, gconstpointer hubs)
{
  double ripple_at = a->opts.ripple_share * a->total_revenue;

  for (gsize u = lo; u < hi; u++) {
    guint32 f = 0;
    gboolean captive;
    if (u + SERVICE_AHEAD < hi)
      fetch_handoffs_of(a, u + SERVICE_AHEAD);
    a->service[u] = service_of(a, u, hubs, &captive);
    if (a->kind[u] == VS_KIND_CUSTOMER)
      continue;
    if (a->hops[u] < 0)
      f |= VS_FLAG_NO_LINE_OF_SIGHT;
    /* A fix worth nothing ripples nowhere, even when total revenue is 0. */
    if (a->fix[u] > 0 && a->fix[u] >= ripple_at)
      f |= VS_FLAG_RIPPLE;
    if (a->service[u] < a->opts.poor_score)
      f |= VS_FLAG_POOR_SERVICE;
    if (captive)
      f |= VS_FLAG_CAPTIVE_POOR_SERVICE;
    if (a->dependents[u] >= 1)
      f |= VS_FLAG_CHOKEPOINT;
    if (a->loop_id[u] >= 0)
      f |= VS_FLAG_REWORK_LOOP;
    a->flags[u] = f;
  }
}

static void
compute_service_and_flags(VsAnalysis *a)
{
  g_autofree guint8 *hubs = alternatives_at_hubs(a);

  a->service = g_new(double, a->n ? a->n : 1);
  a->flags = g_new0(guint32, a->n ? a->n : 1);
  split_range(a, a->n, service_flags_range, hubs);
  for (guint32 t = 0; t < a->n_trends; t++)
    if (a->trends[t].deteriorating && a->kind[a->trends[t].provider] != VS_KIND_CUSTOMER)
      a->flags[a->trends[t].provider] |= VS_FLAG_DETERIORATING;
}

static VsDiagnosis
diagnose(guint rated, guint poor)
{
  if (rated == 0)
    return VS_DIAGNOSIS_UNRATED;
  if (poor == 0)
    return VS_DIAGNOSIS_HEALTHY;
  if (poor >= 2 && 2 * poor >= rated)
    return VS_DIAGNOSIS_SYSTEMIC;
  return VS_DIAGNOSIS_INDIVIDUAL;
}

/* Each unit's group as a place in the id-sorted a->group_ids (G_MAXUINT32
 * for customers and units without one). Group names are interned, so the
 * pointer is the identity; units of a group tend to come together, so the
 * hash table is asked only when the group changes. */
static guint32 *
group_places(VsAnalysis *a)
{
  const char *const *group = (const char *const *)(void *)a->org->u_group->data;
  g_autoptr(GHashTable) index = g_hash_table_new(g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new();
  g_autofree guint32 *rank = NULL;
  guint32 *place = g_new(guint32, a->n + 1), here = 0;
  const char *last = NULL;

  for (gsize u = 0; u < a->n; u++) {
    const char *g = group[u];
    gpointer found;
    place[u] = G_MAXUINT32;
    if (g == NULL || a->kind[u] == VS_KIND_CUSTOMER)
      continue;
    if (g != last) {
      if (!g_hash_table_lookup_extended(index, g, NULL, &found)) {
        found = GUINT_TO_POINTER(ids->len);
        g_hash_table_insert(index, (gpointer)g, found);
        g_ptr_array_add(ids, (gpointer)g);
      }
      last = g;
      here = GPOINTER_TO_UINT(found);
    }
    place[u] = here; /* in order of first appearance, for now */
  }
  a->n_groups = ids->len;
  a->group_ids = g_new(const char *, a->n_groups + 1);
  if (a->n_groups > 0) { /* pdata is NULL for none */
    memcpy(a->group_ids, ids->pdata, a->n_groups * sizeof(const char *));
    qsort(a->group_ids, a->n_groups, sizeof(const char *), cmp_str_ptr);
  }
  rank = g_new(guint32, a->n_groups + 1);
  for (guint32 r = 0; r < a->n_groups; r++)
    rank[GPOINTER_TO_UINT(g_hash_table_lookup(index, a->group_ids[r]))] = r;
  for (gsize u = 0; u < a->n; u++)
    if (place[u] != G_MAXUINT32)
      place[u] = rank[place[u]];
  return place;
}

static void
diagnose_groups(VsAnalysis *a)
{
  g_autofree guint32 *place = group_places(a), *fill = NULL;
  g_autofree guint *rated = g_new0(guint, a->n_groups + 1);
  g_autofree guint *poor = g_new0(guint, a->n_groups + 1);

  a->poor_off = g_new0(guint32, a->n_groups + 1);
  for (gsize u = 0; u < a->n; u++) {
    if (place[u] == G_MAXUINT32 || isnan(a->service[u]))
      continue;
    rated[place[u]]++;
    if (a->service[u] < a->opts.poor_score) {
      poor[place[u]]++;
      a->poor_off[place[u] + 1]++;
    }
  }
  for (guint i = 0; i < a->n_groups; i++)
    a->poor_off[i + 1] += a->poor_off[i];
  a->poor_units = g_new(guint32, a->poor_off[a->n_groups] + 1);
  fill = g_memdup2(a->poor_off, (a->n_groups + 1) * sizeof(guint32));
  for (gsize u = 0; u < a->n; u++)
    if (place[u] != G_MAXUINT32 && a->service[u] < a->opts.poor_score)
      a->poor_units[fill[place[u]]++] = (guint32)u;
  a->diagnosis = g_new(VsDiagnosis, a->n_groups + 1);
  for (guint i = 0; i < a->n_groups; i++) {
    a->diagnosis[i] = diagnose(rated[i], poor[i]);
    sort_by_id(a->org, a->poor_units + a->poor_off[i], a->poor_off[i + 1] - a->poor_off[i]);
  }
}

static void
collect_warnings(VsAnalysis *a)
{
  const VsOrg *org = a->org;
  const double *revenue = (const double *)org->u_revenue->data;

  a->warnings = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < org->notes->len; i++)
    g_ptr_array_add(a->warnings, g_strdup(org->notes->pdata[i]));
  for (gsize u = 0; u < a->n; u++) {
    if (a->kind[u] != VS_KIND_CUSTOMER)
      continue;
    if (a->in_off[u] == a->in_off[u + 1])
      g_ptr_array_add(a->warnings,
                      g_strdup_printf("customer %s is served by nobody: nothing reaches it",
                                      vs_i_unit_id(org, u)));
    if (revenue[u] == 0.0)
      g_ptr_array_add(a->warnings, g_strdup_printf("customer %s has revenue 0: nothing of it "
                                                   "counts as at risk",
                                                   vs_i_unit_id(org, u)));
  }
  for (guint32 t = 0; t < a->n_trends; t++)
    if (!a->trends[t].has_handoff)
      g_ptr_array_add(a->warnings,
                      g_strdup_printf("survey pair %s -> %s has no matching handoff: its "
                                      "score is not used",
                                      vs_i_unit_id(org, a->trends[t].provider),
                                      vs_i_unit_id(org, a->trends[t].respondent)));
}

/* Revenues near the largest double (1.8e308) can overflow a sum or the
 * solution of a loop's system: then a figure would be infinite or NaN,
 * which the model never produces and a report cannot show. Refuse. */
static gboolean
check_finite(const VsAnalysis *a, GError **error)
{
  gboolean ok = isfinite(a->total_revenue) && isfinite(a->total_risk);

  for (gsize u = 0; ok && u < a->n; u++)
    ok = isfinite(a->q[u]) && isfinite(a->exposure[u]) && isfinite(a->risk[u]) &&
         isfinite(a->fix[u]);
  if (!ok)
    g_set_error_literal(error, VS_ERROR, VS_ERROR_LIMIT,
                        "the figures exceed the range of double-precision numbers "
                        "(revenues near 1e308?)");
  return ok;
}

/* Records the time since @since as @phase; returns now. */
static gint64
lap(VsAnalysis *a, VsPhase phase, gint64 since)
{
  gint64 now = g_get_monotonic_time();
  a->phase_seconds[phase] = (double)(now - since) / G_USEC_PER_SEC;
  return now;
}

/* ---- construction ------------------------------------------------------------- */

typedef struct {
  VsAnalysis *a;
  double seconds;
} SurveyTask;

static gpointer
survey_task(gpointer data)
{
  SurveyTask *s = data;
  gint64 t = g_get_monotonic_time();

  analyse_surveys(s->a);
  s->seconds = (double)(g_get_monotonic_time() - t) / G_USEC_PER_SEC;
  return NULL;
}

/* Line of sight and structure, with the surveys beside them on the second
 * core (large orgs): the surveys read only the org and the adjacency rows,
 * and write only the trends. They fill the time the search from the
 * customers and the end of the structure phase leave one core idle.
 * *@t: when the line of sight phase started; on return, now. */
static gboolean
sight_structure_and_surveys(VsAnalysis *a, gint64 *t, GError **error)
{
  SurveyTask surveys = {a, 0.0};
  VsTask task;
  gboolean ok;

  vs_i_task_start(&task, is_large(a), survey_task, &surveys);
  ok = line_of_sight_section(a, error);
  if (ok) {
    *t = lap(a, VS_PHASE_LINE_OF_SIGHT, *t);
    ok = structure_section(a, error) && find_loops(a, error);
  }
  if (ok) {
    g_clear_pointer(&a->bfs_order, g_free);
    *t = lap(a, VS_PHASE_STRUCTURE, *t);
  }
  vs_i_task_join(&task);
  *t = g_get_monotonic_time();
  a->phase_seconds[VS_PHASE_SURVEYS] = surveys.seconds;
  return ok;
}

static void ensure_reach(const VsAnalysis *a);

/* Work under way on threads of an analysis's own: the customer sets
 * (start_reach()) and the findings (start_findings()). The threads are
 * detached, not joined: a process that forks must not inherit an analysis
 * waiting on a thread that its child does not have. So each analysis
 * counts its threads at work, vs_analysis_free() waits for the count to
 * reach 0, and fork() waits (pthread_atfork) until no such thread is at
 * work anywhere: the child then finds every analysis complete, and the
 * parent's threads go on. */
static GMutex task_lock;
static GCond task_done;
static guint tasks_running;

/* task_lock, told to ThreadSanitizer (GLib's futexes are hidden from it) */
static void
task_lock_take(void)
{
  g_mutex_lock(&task_lock);
  VS_TSAN_ACQUIRE(&task_lock);
}

static void
task_lock_give(void)
{
  VS_TSAN_RELEASE(&task_lock);
  g_mutex_unlock(&task_lock);
}

static void
task_lock_wait(void)
{
  VS_TSAN_RELEASE(&task_lock);
  g_cond_wait(&task_done, &task_lock);
  VS_TSAN_ACQUIRE(&task_lock);
}

static void
fork_prepare(void)
{
  task_lock_take();
  while (tasks_running > 0)
    task_lock_wait();
}

static void
fork_done(void)
{
  task_lock_give();
}

static gint task_delay_ms; /* atomic: tests set it while threads run */

void
vs_i_analysis_set_task_delay(guint milliseconds)
{
  g_atomic_int_set(&task_delay_ms, (gint)MIN(milliseconds, G_MAXINT));
}

/* Runs @thread_fn(@a) on a detached thread of @a's own (here, when no
 * thread can be made), counted until it calls task_finished(). */
static void
start_task(VsAnalysis *a, GThreadFunc thread_fn)
{
  static gsize registered;
  GThread *thread;

  if (g_once_init_enter(&registered)) {
    pthread_atfork(fork_prepare, fork_done, fork_done);
    g_once_init_leave(&registered, 1);
  }
  task_lock_take();
  a->pending++;
  tasks_running++;
  task_lock_give();
  thread = g_thread_try_new("valuestream", thread_fn, a, NULL);
  if (thread != NULL)
    g_thread_unref(thread); /* detached */
  else
    thread_fn(a);
}

/* The end of a task of start_task(). */
static void
task_finished(VsAnalysis *a)
{
  task_lock_take();
  a->pending--;
  tasks_running--;
  g_cond_broadcast(&task_done);
  task_lock_give(); /* @a is the owner's again from here on */
}

static void
task_delay(void)
{
  if (g_atomic_int_get(&task_delay_ms) > 0)
    g_usleep((gulong)g_atomic_int_get(&task_delay_ms) * 1000);
}

static gpointer
reach_task(gpointer data)
{
  task_delay();
  ensure_reach(data);
  task_finished(data);
  return NULL;
}

static gpointer
findings_task(gpointer data)
{
  task_delay();
  vs_i_analysis_findings(data);
  task_finished(data);
  return NULL;
}

/* Large analyses build the customer sets (see compute_reach()) on another
 * core from here on: the solves and findings leave a core idle for much of
 * their time, and the sets would otherwise come at the first list asked
 * for, on the caller's time (at a million units, a second before the
 * report's first line). Lists wait for them through reach_once. Small
 * analyses build them when first asked. */
static void
start_reach(VsAnalysis *a)
{
  if (is_large(a))
    start_task(a, reach_task);
}

/* Large analyses make their findings (service scores, flags, groups,
 * warnings) on another core once the values are solved: the caller's
 * first lists (customers, paths) need none of them, and its core was
 * otherwise idle meanwhile. Their readers wait through findings_once.
 * Small analyses make them before vs_analysis_new() returns. */
static void
start_findings(VsAnalysis *a)
{
  if (is_large(a))
    start_task(a, findings_task);
  else
    vs_i_analysis_findings(a);
}

/* The findings that need the values: service scores and flags, the
 * groups' diagnoses, the warnings. */
static void
compute_findings(VsAnalysis *a)
{
  gint64 t = g_get_monotonic_time();

  compute_service_and_flags(a);
  diagnose_groups(a);
  collect_warnings(a);
  a->phase_seconds[VS_PHASE_FINDINGS] += (double)(g_get_monotonic_time() - t) / G_USEC_PER_SEC;
}

void
vs_i_analysis_findings(const VsAnalysis *a)
{
  make_once(a, &((VsAnalysis *)a)->findings_once, compute_findings);
}

/* Waits until no thread of @a's own is at work. */
static void
wait_for_tasks(VsAnalysis *a)
{
  task_lock_take();
  while (a->pending > 0)
    task_lock_wait();
  task_lock_give();
}

VsAnalysis *
vs_analysis_new(const VsOrg *org, const VsAnalysisOptions *options, GError **error)
{
  static const VsAnalysisOptions defaults = VS_ANALYSIS_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = NULL;
  gint64 t;

  g_return_val_if_fail(org != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &defaults;
  if (!vs_analysis_options_check(options, error))
    return NULL;

  a = g_new0(VsAnalysis, 1);
  a->org = vs_i_org_ref((VsOrg *)org);
  a->opts = *options;
  a->n = org->u_id->len;
  a->m = org->h_from->len;
  t = g_get_monotonic_time();
  if (!graph_section(a, error))
    return NULL;
  collect_customers(a);
  t = lap(a, VS_PHASE_GRAPH, t);
  if (!sight_structure_and_surveys(a, &t, error))
    return NULL;
  start_reach(a);
  handoff_coefficients(a);
  if (!solve_values(a, error))
    return NULL;
  t = lap(a, VS_PHASE_VALUES, t);
  customer_risk(a);
  if (!check_finite(a, error))
    return NULL;
  lap(a, VS_PHASE_FINDINGS, t); /* the rest adds its own time */
  start_findings(a);
  return g_steal_pointer(&a);
}

void
vs_analysis_free(VsAnalysis *a)
{
  if (a == NULL)
    return;
  wait_for_tasks(a);
  free_systems(a->loop_sys, a->n_loops);
  g_free(a->loop_id);
  g_free(a->loop_comp);
  g_free(a->loop_off);
  g_free(a->loop_sorted);
  g_free(a->share);
  g_free(a->score);
  g_free(a->coef);
  g_free(a->out_a);
  g_free(a->out_b);
  g_free(a->in_a);
  g_free(a->in_b);
  g_free(a->q);
  g_free(a->dii);
  g_free(a->exposure);
  g_free(a->risk);
  g_free(a->service);
  g_free(a->fix);
  g_free(a->hops);
  g_free(a->next);
  g_free(a->ipdom);
  g_free(a->idom);
  g_free(a->dependents);
  g_free(a->flags);
  g_free(a->customers);
  g_free(a->customers_by_id);
  g_free(a->customer_rank);
  g_free(a->group_ids);
  g_free(a->diagnosis);
  g_free(a->poor_off);
  g_free(a->poor_units);
  g_free(a->trends);
  g_free(a->trend_off);
  g_free(a->trend_first);
  g_free(a->trend_means);
  g_free(a->trend_periods);
  if (a->warnings != NULL)
    g_ptr_array_free(a->warnings, TRUE);
  g_free(a->reach);
  g_free(a->reach_slot);
  g_free(a->bfs_order);
  vs_i_topology_unref(a->topo);
  if (a->org != NULL)
    vs_i_org_unref(a->org);
  g_free(a);
}

/* ---- accessors ------------------------------------------------------------------ */

const VsOrg *
vs_analysis_get_org(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, NULL);
  return a->org;
}

void
vs_analysis_get_options(const VsAnalysis *a, VsAnalysisOptions *options)
{
  g_return_if_fail(a != NULL);
  g_return_if_fail(options != NULL);
  *options = a->opts;
}

gsize
vs_analysis_get_n_units(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  return a->n;
}

gsize
vs_analysis_get_n_handoffs(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  return a->m;
}

gsize
vs_analysis_get_n_kind(const VsAnalysis *a, VsKind kind)
{
  g_return_val_if_fail(a != NULL, 0);
  g_return_val_if_fail(vs_kind_name(kind) != NULL, 0);
  return a->n_kind[kind];
}

double
vs_analysis_get_total_revenue(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, NAN);
  return a->total_revenue;
}

double
vs_analysis_get_total_at_risk(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, NAN);
  return a->total_risk;
}

/* A getter of a per-unit or per-handoff array; @ready(a) first (a
 * finding may still be under way). */
#define ARRAY_GETTER_AFTER(fn, type, field, len, ready)                                            \
  const type *vs_analysis_get_##fn(const VsAnalysis *a, gsize *n)                                  \
  {                                                                                                \
    g_return_val_if_fail(a != NULL, NULL);                                                         \
    ready(a);                                                                                      \
    if (n != NULL)                                                                                 \
      *n = a->len;                                                                                 \
    return a->field;                                                                               \
  }

static inline void
made_with_analysis(const VsAnalysis *a)
{
  (void)a; /* nothing to wait for */
}

#define ARRAY_GETTER(fn, type, field, len) ARRAY_GETTER_AFTER(fn, type, field, len, made_with_analysis)
#define FINDINGS_GETTER(fn, type, field) ARRAY_GETTER_AFTER(fn, type, field, n, vs_i_analysis_findings)

ARRAY_GETTER(own, double, own, n)
ARRAY_GETTER(qualities, double, q, n)
ARRAY_GETTER(exposures, double, exposure, n)
ARRAY_GETTER(revenues_at_risk, double, risk, n)
FINDINGS_GETTER(service_scores, double, service)
ARRAY_GETTER(fix_values, double, fix, n)
ARRAY_GETTER(hops, gint32, hops, n)
ARRAY_GETTER(next_hops, gint32, next, n)
ARRAY_GETTER(dependents, guint32, dependents, n)
FINDINGS_GETTER(flags, guint32, flags)
ARRAY_GETTER(loop_ids, gint32, loop_id, n)
ARRAY_GETTER(handoff_shares, double, share, m)
ARRAY_GETTER(handoff_scores, double, score, m)
ARRAY_GETTER(customers, guint32, customers, n_customers)

/* Hands a list built in @list to the caller; NULL when empty. */
static guint32 *
steal_list(GArray *list, gsize *n)
{
  if (n != NULL)
    *n = list->len;
  if (list->len == 0) {
    g_array_free(list, TRUE);
    return NULL;
  }
  return (guint32 *)g_array_free(list, FALSE);
}

static GArray *
new_list(void)
{
  return g_array_new(FALSE, FALSE, sizeof(guint32));
}

#define CHECK_UNIT(a, unit, n)                                                                     \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (n != NULL)                                                                                 \
      *n = 0;                                                                                      \
    g_return_val_if_fail(a != NULL, NULL);                                                         \
    g_return_val_if_fail(unit < a->n, NULL);                                                       \
  }                                                                                                \
  G_STMT_END

/* Where a chain of units along a link array ends, customers-wise. */
typedef enum {
  CHAIN_ALL,             /* at the end of the links */
  CHAIN_TO_CUSTOMER,     /* at the first customer, included */
  CHAIN_BEFORE_CUSTOMER, /* before the first customer */
} ChainEnd;

/* The units from @v on along @link (-1 ends it), up to @end: counted,
 * then copied into an array of that size (a list grown unit by unit
 * cost more than the walk; a report asks this of every unit). NULL when
 * empty. Iterative: a chain may be a million units long. */
static guint32 *
dup_chain(const VsAnalysis *a, gint32 v, const gint32 *link, ChainEnd end, gsize *n)
{
  gsize len = 0;
  guint32 *out;

  for (gint32 w = v; w >= 0; w = link[w]) {
    gboolean customer = a->kind[w] == VS_KIND_CUSTOMER;
    if (customer && end == CHAIN_BEFORE_CUSTOMER)
      break;
    len++;
    if (customer && end == CHAIN_TO_CUSTOMER)
      break;
  }
  if (n != NULL)
    *n = len;
  if (len == 0)
    return NULL;
  out = g_new(guint32, len);
  for (gsize i = 0; i < len; i++, v = link[v])
    out[i] = (guint32)v;
  return out;
}

guint32 *
vs_analysis_dup_path(const VsAnalysis *a, gsize unit, gsize *n)
{
  CHECK_UNIT(a, unit, n);
  if (a->hops[unit] < 0)
    return NULL;
  return dup_chain(a, (gint32)unit, a->next, CHAIN_TO_CUSTOMER, n);
}

guint32 *
vs_analysis_dup_chokepoints(const VsAnalysis *a, gsize unit, gsize *n)
{
  CHECK_UNIT(a, unit, n);
  if (a->kind[unit] == VS_KIND_CUSTOMER)
    return NULL;
  return dup_chain(a, a->ipdom[unit], a->ipdom, CHAIN_BEFORE_CUSTOMER, n);
}

guint32 *
vs_analysis_dup_critical_units(const VsAnalysis *a, gsize unit, gsize *n)
{
  gsize len = 0;
  guint32 *list;

  CHECK_UNIT(a, unit, n);
  if (a->kind[unit] != VS_KIND_CUSTOMER)
    return NULL;
  list = dup_chain(a, a->idom[unit], a->idom, CHAIN_ALL, &len);
  sort_by_id(a->org, list, len);
  if (n != NULL)
    *n = len;
  return list;
}

static int
cmp_ranking(gconstpointer x, gconstpointer y, gpointer data)
{
  const VsAnalysis *a = data;
  guint32 u = *(const guint32 *)x, v = *(const guint32 *)y;
  if (a->fix[u] != a->fix[v])
    return a->fix[u] > a->fix[v] ? -1 : 1;
  return (u > v) - (u < v);
}

guint32 *
vs_analysis_dup_flagged(const VsAnalysis *a, gsize *n)
{
  GArray *list;

  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(a != NULL, NULL);
  vs_i_analysis_findings(a);
  list = new_list();
  for (gsize u = 0; u < a->n; u++)
    if (a->flags[u] != 0) {
      guint32 x = (guint32)u;
      g_array_append_val(list, x);
    }
  if (list->len > 1)
    g_qsort_with_data(list->data, (gint)list->len, sizeof(guint32), cmp_ranking, (gpointer)a);
  return steal_list(list, n);
}

/* ---- customers reached, as bitsets over components ------------------------------ */

static int
cmp_u32(gconstpointer x, gconstpointer y)
{
  guint32 p = *(const guint32 *)x, q = *(const guint32 *)y;
  return (p > q) - (p < q);
}


/* Bitsets are used while they take at most this many 64-bit words, and
 * building them at most this many word operations; beyond (many
 * components and many customers) each query searches instead. */
#define REACH_MAX_WORDS (G_GUINT64_CONSTANT(1) << 24) /* 128 MiB */
#define REACH_MAX_WORK (G_GUINT64_CONSTANT(1) << 28)

static guint64 reach_max_words = REACH_MAX_WORDS;

void
vs_i_analysis_set_reach_limit(guint64 max_words)
{
  reach_max_words = max_words == 0 ? REACH_MAX_WORDS : max_words;
}

/* Components ahead whose rows are fetched (see prefetch_rows_ahead()). */
#define REACH_AHEAD 8

/* Starts fetching what compute_reach() reads for the components after
 * @c (it walks them down): a unit's row lies anywhere, and waiting for
 * it was most of the time. In stages, each using what the one before
 * fetched: a row's offset REACH_AHEAD components ahead, the row half as
 * far, its units' components a quarter as far (first unit only: most
 * components are one unit). A quarter less time at 100k units. */
static inline void
prefetch_rows_ahead(const VsAnalysis *a, const guint32 *nbr, guint32 c)
{
  if (c >= REACH_AHEAD)
    __builtin_prefetch(a->out_off + a->comp_units[a->comp_off[c - REACH_AHEAD]]);
  if (c >= REACH_AHEAD / 2)
    __builtin_prefetch(nbr + a->out_off[a->comp_units[a->comp_off[c - REACH_AHEAD / 2]]]);
  if (c >= REACH_AHEAD / 4) {
    guint32 w = a->comp_units[a->comp_off[c - REACH_AHEAD / 4]];
    for (guint32 j = a->out_off[w]; j < a->out_off[w + 1]; j++)
      __builtin_prefetch(a->comp + nbr[j]);
  }
}

/* Successor sets merged in batches of this many (fetched meanwhile). */
#define SUCC_BATCH 16

/* ORs the @n sets at @slots of @reach into @mine. */
static void
merge_sets(guint64 *mine, const guint64 *reach, const guint32 *slots, guint n, guint64 words)
{
  for (guint k = 0; k < n; k++) {
    const guint64 *theirs = reach + slots[k] * words;
    for (guint64 w = 0; w < words; w++)
      mine[w] |= theirs[w];
  }
}

/* Which customers each component other than a customer's reaches, one bit
 * per customer in id order. Walking components in reverse topological
 * order, each one's set is the union of its successors' (a customer adds
 * its own bit); a successor component is merged once however many
 * handoffs lead to it. A star of a million customers costs one set of a
 * million bits; when sets for every component would be too many (see
 * REACH_MAX_WORDS) a->reach stays NULL and queries search. */
static void
compute_reach(VsAnalysis *a)
{
  const guint32 *to = a->to, *nbr = a->topo->out_nbr;
  guint64 words = ((guint64)a->n_customers + 63) / 64, k = 0, merges = 0;
  g_autofree guint32 *slot = g_new(guint32, (gsize)a->n_comp + 1);
  g_autofree guint32 *stamp = NULL;
  guint64 *reach;
  guint32 succ[SUCC_BATCH];

  /* Sets numbered in the order of the units (the first of each component):
   * listing every unit's customers, as a report does, then reads them
   * one after another instead of all over memory. */
  for (guint32 c = 0; c < a->n_comp; c++)
    slot[c] = G_MAXUINT32;
  for (gsize u = 0; u < a->n; u++)
    if (a->kind[u] != VS_KIND_CUSTOMER && slot[a->comp[u]] == G_MAXUINT32)
      slot[a->comp[u]] = (guint32)k++;
  /* (each handoff merges at most one set: count only when that bound
   * is not enough) */
  if ((guint64)a->m * words > REACH_MAX_WORK)
    for (gsize e = 0; e < a->m; e++) {
      guint32 d = a->comp[to[e]];
      merges += a->comp[a->from[e]] != d && slot[d] != G_MAXUINT32;
    }
  if (k * words > reach_max_words || merges * words > REACH_MAX_WORK)
    return;
  reach = g_new0(guint64, k * words + 1);
  stamp = g_new(guint32, (gsize)a->n_comp + 1);
  for (guint32 c = 0; c < a->n_comp; c++)
    stamp[c] = G_MAXUINT32;
  for (guint32 c = a->n_comp; c-- > 0;) {
    guint64 *mine;
    guint n_succ = 0;
    prefetch_rows_ahead(a, nbr, c);
    if (slot[c] == G_MAXUINT32)
      continue;
    mine = reach + slot[c] * words;
    if (c >= 2 && slot[c - 2] != G_MAXUINT32)
      __builtin_prefetch(reach + slot[c - 2] * words, 1); /* the set after next */
    /* the successors' sets first, each fetched as it is found (they lie
     * anywhere in the array: merged one by one, every one was a miss) */
    for (guint32 i = a->comp_off[c]; i < a->comp_off[c + 1]; i++) {
      guint32 u = a->comp_units[i];
      for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
        guint32 v = nbr[j], d = a->comp[v];
        if (d == c || stamp[d] == c)
          continue;
        stamp[d] = c;
        if (slot[d] == G_MAXUINT32) {
          guint32 r = a->customer_rank[v];
          mine[r / 64] |= G_GUINT64_CONSTANT(1) << (r % 64);
        } else {
          __builtin_prefetch(reach + slot[d] * words);
          succ[n_succ++ % SUCC_BATCH] = slot[d];
          if (n_succ % SUCC_BATCH == 0)
            merge_sets(mine, reach, succ, SUCC_BATCH, words);
        }
      }
    }
    merge_sets(mine, reach, succ, n_succ % SUCC_BATCH, words);
  }
  a->reach_words = (guint)words;
  a->reach_slot = g_steal_pointer(&slot);
  a->reach = reach;
}

/* The customers @unit reaches, by a search over what it reaches (when
 * there are no bitsets): their ranks in id order, sorted. */
static void
search_customers(const VsAnalysis *a, guint32 unit, GArray *ranks)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
  g_autoptr(GArray) queue = new_list();

  g_hash_table_add(seen, GUINT_TO_POINTER(unit + 1));
  g_array_append_val(queue, unit);
  for (guint i = 0; i < queue->len; i++) {
    guint32 u = g_array_index(queue, guint32, i);
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
      guint32 v = a->to[a->out_e[j]];
      if (!g_hash_table_add(seen, GUINT_TO_POINTER(v + 1)))
        continue;
      if (a->customer_rank[v] != G_MAXUINT32)
        g_array_append_val(ranks, a->customer_rank[v]);
      else
        g_array_append_val(queue, v);
    }
  }
  g_array_sort(ranks, cmp_u32);
}

/* The customers @unit reaches, from its component's bit array: counted
 * first, then filled in place (a unit may reach thousands of customers,
 * and the JSON report asks this of every unit). */
static guint32 *
expand_reach(const VsAnalysis *a, guint32 unit, gsize *n)
{
  const guint64 *bits = a->reach + (gsize)a->reach_slot[a->comp[unit]] * a->reach_words;
  gsize count = vs_i_bits_count(bits, a->reach_words);
  guint32 *out;

  if (count == 0)
    return NULL;
  out = g_new(guint32, count + VS_I_BITS_SLACK);
  /* Every customer (a third of the units in a large org): the list is
   * all of them, copied, not expanded bit by bit. */
  if (count == a->n_customers)
    memcpy(out, a->customers_by_id, count * sizeof *out);
  else
    count = vs_i_bits_expand(bits, a->reach_words, a->customers_by_id, out);
  if (n != NULL)
    *n = count;
  return out;
}

static void
ensure_reach(const VsAnalysis *a)
{
  make_once(a, &((VsAnalysis *)a)->reach_once, compute_reach);
}

guint32 *
vs_analysis_dup_unit_customers(const VsAnalysis *a, gsize unit, gsize *n)
{
  GArray *list;

  CHECK_UNIT(a, unit, n);
  ensure_reach(a);
  if (a->kind[unit] == VS_KIND_CUSTOMER)
    return steal_list(new_list(), n);
  if (a->reach != NULL)
    return expand_reach(a, (guint32)unit, n);
  list = new_list();
  search_customers(a, (guint32)unit, list);
  for (guint i = 0; i < list->len; i++)
    g_array_index(list, guint32, i) = a->customers_by_id[g_array_index(list, guint32, i)];
  return steal_list(list, n);
}

/* ---- shares, on demand ------------------------------------------------------------ */

/* Units reachable from @start along out-edges (@forward) or in-edges, as
 * the distinct components they lie in, sorted in topological order. */
static GArray *
reachable_components(const VsAnalysis *a, guint32 start, gboolean forward)
{
  const guint32 *ends = forward ? a->to : a->from;
  const guint32 *off = forward ? a->out_off : a->in_off;
  const guint32 *edges = forward ? a->out_e : a->in_e;
  g_autofree guint8 *seen = g_new0(guint8, a->n);
  g_autofree guint8 *comp_seen = g_new0(guint8, a->n_comp);
  g_autoptr(GArray) queue = new_list();
  GArray *comps = new_list();

  seen[start] = 1;
  g_array_append_val(queue, start);
  for (guint i = 0; i < queue->len; i++) {
    guint32 u = g_array_index(queue, guint32, i);
    if (!comp_seen[a->comp[u]]) {
      comp_seen[a->comp[u]] = 1;
      g_array_append_val(comps, a->comp[u]);
    }
    for (guint32 j = off[u]; j < off[u + 1]; j++) {
      guint32 v = ends[edges[j]];
      if (!seen[v]) {
        seen[v] = 1;
        g_array_append_val(queue, v);
      }
    }
  }
  g_array_sort(comps, cmp_u32);
  return comps;
}

void
vs_analysis_get_unit_shares(const VsAnalysis *a, gsize unit, double *out)
{
  g_autofree double *y = NULL, *work = NULL;
  g_autoptr(GArray) comps = NULL;
  Pass pass;

  g_return_if_fail(a != NULL);
  g_return_if_fail(unit < a->n);
  g_return_if_fail(out != NULL || a->n_customers == 0);
  if (a->n_customers == 0)
    return;
  memset(out, 0, a->n_customers * sizeof(double));
  if (a->kind[unit] == VS_KIND_CUSTOMER)
    return;
  /* Row @unit of D = (I - A)^-1 by one forward pass over what it reaches:
   * y = e_unit + A^T y. Then shares[c] = D[u][c] / D[u][u]. */
  y = g_new0(double, a->n);
  work = work_buffer(a);
  comps = reachable_components(a, (guint32)unit, TRUE);
  pass = pass_of(a, TRUE, in_rows_a(a), a->loop_sys);
  y[unit] = 1.0;
  for (guint i = 0; i < comps->len; i++)
    solve_comp(a, &pass, g_array_index(comps, guint32, i), y, work);
  for (guint32 k = 0; k < a->n_customers; k++)
    out[k] = y[a->customers[k]] / a->dii[unit];
}

gboolean
vs_analysis_get_customer_shares(const VsAnalysis *a, gsize customer, double *out)
{
  g_autofree double *work = NULL;
  g_autoptr(GArray) comps = NULL;
  Pass pass;

  g_return_val_if_fail(a != NULL, FALSE);
  g_return_val_if_fail(customer < a->n, FALSE);
  g_return_val_if_fail(out != NULL, FALSE);
  memset(out, 0, a->n * sizeof(double));
  if (a->kind[customer] != VS_KIND_CUSTOMER)
    return FALSE;
  /* Column @customer of D by one backward pass over the units that reach
   * it: x = e_c + A x; then share[u] = D[u][c] / D[u][u]. */
  work = work_buffer(a);
  comps = reachable_components(a, (guint32)customer, FALSE);
  pass = pass_of(a, FALSE, a->out_a, a->loop_sys);
  out[customer] = 1.0;
  for (guint i = comps->len; i-- > 0;)
    solve_comp(a, &pass, g_array_index(comps, guint32, i), out, work);
  for (guint i = 0; i < comps->len; i++) {
    guint32 c = g_array_index(comps, guint32, i);
    for (guint32 j = a->comp_off[c]; j < a->comp_off[c + 1]; j++)
      out[a->comp_units[j]] /= a->dii[a->comp_units[j]];
  }
  return TRUE;
}

/* ---- loops, groups, warnings, trends ----------------------------------------------- */

gsize
vs_analysis_get_n_loops(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  return a->n_loops;
}

const guint32 *
vs_analysis_get_loop(const VsAnalysis *a, gsize index, gsize *n)
{
  g_return_val_if_fail(a != NULL, NULL);
  g_return_val_if_fail(index < a->n_loops, NULL);
  if (n != NULL)
    *n = a->loop_off[index + 1] - a->loop_off[index];
  return a->loop_sorted + a->loop_off[index];
}

gsize
vs_analysis_get_n_groups(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  vs_i_analysis_findings(a);
  return a->n_groups;
}

const char *
vs_analysis_get_group_id(const VsAnalysis *a, gsize index)
{
  g_return_val_if_fail(a != NULL, NULL);
  vs_i_analysis_findings(a);
  g_return_val_if_fail(index < a->n_groups, NULL);
  return a->group_ids[index];
}

VsDiagnosis
vs_analysis_get_group_diagnosis(const VsAnalysis *a, gsize index)
{
  g_return_val_if_fail(a != NULL, VS_DIAGNOSIS_UNRATED);
  vs_i_analysis_findings(a);
  g_return_val_if_fail(index < a->n_groups, VS_DIAGNOSIS_UNRATED);
  return a->diagnosis[index];
}

const guint32 *
vs_analysis_get_group_poor_units(const VsAnalysis *a, gsize index, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(a != NULL, NULL);
  vs_i_analysis_findings(a);
  g_return_val_if_fail(index < a->n_groups, NULL);
  if (n != NULL)
    *n = a->poor_off[index + 1] - a->poor_off[index];
  return a->poor_units + a->poor_off[index];
}

gsize
vs_analysis_get_n_warnings(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  vs_i_analysis_findings(a);
  return a->warnings->len;
}

const char *
vs_analysis_get_warning(const VsAnalysis *a, gsize index)
{
  g_return_val_if_fail(a != NULL, NULL);
  vs_i_analysis_findings(a);
  g_return_val_if_fail(index < a->warnings->len, NULL);
  return g_ptr_array_index(a->warnings, index);
}

gsize
vs_analysis_get_n_trends(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  return a->n_trends;
}

void
vs_analysis_get_trend(const VsAnalysis *a, gsize index, VsTrend *trend)
{
  g_return_if_fail(a != NULL);
  g_return_if_fail(trend != NULL);
  g_return_if_fail(index < a->n_trends);
  *trend = a->trends[index];
}

const double *
vs_analysis_get_trend_means(const VsAnalysis *a, gsize index, const char *const **periods,
                            gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(a != NULL, NULL);
  g_return_val_if_fail(index < a->n_trends, NULL);
  if (periods != NULL)
    *periods = a->trend_periods + a->trend_off[index];
  if (n != NULL)
    *n = a->trend_off[index + 1] - a->trend_off[index];
  return a->trend_means + a->trend_off[index];
}

guint32 *
vs_analysis_dup_path_to(const VsAnalysis *a, gsize unit, gsize target, gsize *n)
{
  const guint32 *to;
  g_autofree gint32 *parent = NULL;
  g_autoptr(GArray) queue = NULL;
  GArray *path;

  CHECK_UNIT(a, unit, n);
  g_return_val_if_fail(target < a->n, NULL);
  to = a->to;
  parent = g_new(gint32, a->n);
  for (gsize u = 0; u < a->n; u++)
    parent[u] = -1;
  queue = new_list();
  guint32 start = (guint32)unit;
  parent[unit] = (gint32)unit;
  g_array_append_val(queue, start);
  for (guint i = 0; i < queue->len && parent[target] < 0; i++) {
    guint32 u = g_array_index(queue, guint32, i);
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
      guint32 v = to[a->out_e[j]];
      if (parent[v] < 0) {
        parent[v] = (gint32)u;
        g_array_append_val(queue, v);
      }
    }
  }
  path = new_list();
  if (parent[target] >= 0) {
    for (guint32 v = (guint32)target; v != unit; v = (guint32)parent[v])
      g_array_append_val(path, v);
    g_array_append_val(path, start);
    for (guint i = 0, j = path->len - 1; i < j; i++, j--) {
      guint32 t = g_array_index(path, guint32, i);
      g_array_index(path, guint32, i) = g_array_index(path, guint32, j);
      g_array_index(path, guint32, j) = t;
    }
  }
  return steal_list(path, n);
}

static const char *const phase_names[VS_N_PHASES] = {
    "graph", "line_of_sight", "structure", "surveys", "values", "findings",
};

const char *
vs_phase_name(VsPhase phase)
{
  if ((guint)phase >= VS_N_PHASES)
    return NULL;
  return phase_names[phase];
}

double
vs_analysis_get_phase_seconds(const VsAnalysis *a, VsPhase phase)
{
  g_return_val_if_fail(a != NULL, NAN);
  g_return_val_if_fail((guint)phase < VS_N_PHASES, NAN);
  if (phase == VS_PHASE_FINDINGS)
    vs_i_analysis_findings(a);
  return a->phase_seconds[phase];
}
