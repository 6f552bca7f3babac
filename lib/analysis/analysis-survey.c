/* valuestream - the analysis: surveys. The answers of each pair (provider,
 * respondent) brought together in period order, each period's mean on
 * 1..5, the pair's score, and the survey trend test (Mann-Kendall,
 * Theil-Sen) on its latest periods; which pairs have a matching handoff.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "analysis-private.h"

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

/* Periods seen lately, by pointer: a file cycles through a handful of
 * periods once per pair, so a small cache spares most answers a hash
 * table lookup, the dearest step of the survey phase otherwise. */
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
  g_ptr_array_sort(names, vs_i_analysis_cmp_str_ptr);
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
      if (at[r] < runs[r].len && (best < 0 || ans[runs[r].start + at[r]].period_rank <
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
 * answers by (provider, respondent, period), stable, O(answers + units). */
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
    for (j = i;
         j < ns && ans[j].provider == ans[i].provider && ans[j].respondent == ans[i].respondent;)
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
    if (d <= VS_SCAN_MAX || hi - lo == 1) {
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
 * are on 1..5 so that pairs answered on different scales compare. Only
 * the kept periods count (SPEC 4.5: at least min_responses answers; those
 * after as_of never reach here): the others' means are not even stored,
 * so no report can show them. FALSE, with nothing stored, when no period
 * is kept. The trend statistics look at the latest VS_TREND_MAX_PERIODS
 * kept periods (see analysis-private.h); every kept period's mean is
 * reported. */
static gboolean
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
    if (j - i >= o->min_responses) {
      double mean15 = period_mean(ans + i, j - i);
      g_array_append_val(means, mean15);
      g_ptr_array_add(periods, (gpointer)ans[i].period);
    }
    i = j;
  }
  if (means->len == first)
    return FALSE;
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
  return TRUE;
}

/* The org's answers into @ans, leaving out those of periods after as_of
 * (SPEC 4.5); returns how many. */
static gsize
collect_answers(const VsAnalysis *a, Answer *ans)
{
  const VsOrg *org = a->org;
  const char *as_of = a->opts.as_of;
  gsize k = 0;

  for (gsize i = 0; i < org->s_period->len; i++) {
    const char *period = g_array_index(org->s_period, const char *, i);
    if (as_of != NULL && strcmp(period, as_of) > 0)
      continue;
    ans[k].provider = g_array_index(org->s_provider, guint32, i);
    ans[k].respondent = g_array_index(org->s_respondent, guint32, i);
    ans[k].period = period;
    ans[k].score = g_array_index(org->s_score, double, i);
    ans[k].lo = g_array_index(org->s_min, double, i);
    ans[k].hi = g_array_index(org->s_max, double, i);
    k++;
  }
  return k;
}

void
vs_i_analysis_surveys(VsAnalysis *a)
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

  ns = collect_answers(a, ans);
  slices = pair_slices(ans, ns, a->n, &merged);
  g_array_append_val(off, zero);
  for (guint i = 0; i < slices->len; i++) {
    const Slice *slice = &g_array_index(slices, Slice, i);
    VsTrend t;
    if (!summarise_pair(a, &t, slice->at, slice->n, means, periods))
      continue;
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
