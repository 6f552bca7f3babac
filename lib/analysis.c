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
#include <string.h>

#include "analysis-private.h"

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

/* ---- adjacency ------------------------------------------------------------ */

/* Compressed rows of @ends (one end per edge) by counting sort, so edges of
 * a unit stay in handoff order. */
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
  fill = g_memdup2(off, n * sizeof(guint32) + (n == 0));
  for (gsize e = 0; e < m; e++)
    edges[fill[ends[e]]++] = (guint32)e;
  *off_out = off;
  *edges_out = edges;
}

/* ---- igraph section ---------------------------------------------------- */

typedef struct {
  igraph_vector_int_t order, layers, parents, pdom, dom;
} IgraphResults;

/* Copies an igraph vertex vector into a per-unit gint32 array, mapping the
 * virtual vertices and igraph's "none" codes (-1 root, -2 unreachable)
 * to -1. */
static gint32 *
unit_vector(const igraph_vector_int_t *v, gsize n)
{
  gint32 *out = g_new(gint32, n ? n : 1);
  for (gsize u = 0; u < n; u++) {
    igraph_integer_t x = VECTOR(*v)[u];
    out[u] = x >= 0 && (gsize)x < n ? (gint32)x : -1;
  }
  return out;
}

static gint32 *
hops_from_layers(const IgraphResults *r, gsize n, const guint8 *kind)
{
  gint32 *hops = g_new(gint32, n ? n : 1);
  igraph_integer_t n_layers = igraph_vector_int_size(&r->layers) - 1;

  for (gsize u = 0; u < n; u++)
    hops[u] = -1;
  /* Layer 0 is the sink, layer 1 the customers, layer h + 1 the units h
   * handoffs from their nearest customer. */
  for (igraph_integer_t l = 2; l < n_layers; l++)
    for (igraph_integer_t i = VECTOR(r->layers)[l]; i < VECTOR(r->layers)[l + 1]; i++) {
      igraph_integer_t v = VECTOR(r->order)[i];
      if ((gsize)v < n && kind[v] != VS_KIND_CUSTOMER)
        hops[v] = (gint32)(l - 1);
    }
  return hops;
}

/* dependents[v]: units other than customers whose post-dominator chain
 * holds v. A vertex's immediate post-dominator is nearer the sink than the
 * vertex itself, so one sweep in reverse BFS order adds subtrees up. */
static guint32 *
count_dependents(const IgraphResults *r, const gint32 *ipdom, gsize n, const guint8 *kind)
{
  guint32 *dep = g_new0(guint32, n ? n : 1);
  for (igraph_integer_t i = igraph_vector_int_size(&r->order); i-- > 0;) {
    igraph_integer_t u = VECTOR(r->order)[i];
    if ((gsize)u >= n || ipdom[u] < 0 || kind[ipdom[u]] == VS_KIND_CUSTOMER)
      continue;
    dep[ipdom[u]] += dep[u] + (kind[u] != VS_KIND_CUSTOMER);
  }
  return dep;
}

static gboolean
run_igraph(VsAnalysis *a, GError **error)
{
  IgraphResults r;
  const VsOrgGraph *g;
  igraph_integer_t source = (igraph_integer_t)a->n, sink = source + 1;
  igraph_error_t rc = IGRAPH_SUCCESS;
  gboolean ok = FALSE;
  const char *what = "";

  memset(&r, 0, sizeof r);
  vs_i_igraph_lock();
  g = vs_i_org_graph(a->org, error);
  if (g == NULL)
    goto out;
  if (!vs_org_validate(a->org, error))
    goto out;
  if ((rc = igraph_vector_int_init(&r.order, 0)) || (rc = igraph_vector_int_init(&r.layers, 0)) ||
      (rc = igraph_vector_int_init(&r.parents, 0)) || (rc = igraph_vector_int_init(&r.pdom, 0)) ||
      (rc = igraph_vector_int_init(&r.dom, 0))) {
    what = "allocating";
    goto fail;
  }
  what = "the search towards the customers";
  if ((rc = igraph_bfs_simple(&g->graph, sink, IGRAPH_IN, &r.order, &r.layers, &r.parents)))
    goto fail;
  what = "the post-dominator tree";
  if ((rc = igraph_dominator_tree(&g->graph, sink, &r.pdom, NULL, NULL, IGRAPH_IN)))
    goto fail;
  what = "the dominator tree";
  if ((rc = igraph_dominator_tree(&g->graph, source, &r.dom, NULL, NULL, IGRAPH_OUT)))
    goto fail;

  a->own = g_memdup2(g->own, a->n * sizeof(double) + (a->n == 0));
  a->comp = g_new(guint32, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++)
    a->comp[u] = (guint32)VECTOR(g->scc)[u]; /* renumbered topologically later */
  a->n_comp = (guint32)g->n_scc;
  a->hops = hops_from_layers(&r, a->n, a->kind);
  a->next = unit_vector(&r.parents, a->n);
  a->ipdom = unit_vector(&r.pdom, a->n);
  a->idom = unit_vector(&r.dom, a->n);
  a->dependents = count_dependents(&r, a->ipdom, a->n, a->kind);
  for (gsize u = 0; u < a->n; u++)
    if (a->hops[u] < 0)
      a->next[u] = -1;
  ok = TRUE;
fail:
  if (!ok && rc != IGRAPH_SUCCESS)
    vs_i_igraph_check(rc, what, error);
out:
  igraph_vector_int_destroy(&r.order);
  igraph_vector_int_destroy(&r.layers);
  igraph_vector_int_destroy(&r.parents);
  igraph_vector_int_destroy(&r.pdom);
  igraph_vector_int_destroy(&r.dom);
  vs_i_igraph_unlock();
  return ok;
}

/* ---- components in topological order ------------------------------------ */

/* Renumbers components so that every handoff between two components goes
 * from a lower to a higher number (Kahn's algorithm on the condensation;
 * ties by lowest raw number, so the order is deterministic), and groups
 * their members. */
static void
order_components(VsAnalysis *a)
{
  gsize n = a->n, nraw = a->n_comp;
  const guint32 *from = (const guint32 *)a->org->h_from->data;
  const guint32 *to = (const guint32 *)a->org->h_to->data;
  g_autofree guint32 *raw_off = g_new0(guint32, nraw + 1);
  g_autofree guint32 *raw_units = g_new(guint32, n ? n : 1);
  g_autofree guint32 *fill = NULL;
  g_autofree guint32 *indeg = g_new0(guint32, nraw);
  g_autofree guint32 *renum = g_new(guint32, nraw);
  g_autofree guint32 *queue = g_new(guint32, nraw);
  gsize head = 0, tail = 0, used = 0;
  guint32 next_id = 0;

  for (gsize u = 0; u < n; u++)
    raw_off[a->comp[u] + 1]++;
  for (gsize c = 0; c < nraw; c++)
    raw_off[c + 1] += raw_off[c];
  fill = g_memdup2(raw_off, nraw * sizeof(guint32) + (nraw == 0));
  for (gsize u = 0; u < n; u++)
    raw_units[fill[a->comp[u]]++] = (guint32)u;
  for (gsize e = 0; e < a->m; e++)
    if (a->comp[from[e]] != a->comp[to[e]])
      indeg[a->comp[to[e]]]++;
  for (gsize c = 0; c < nraw; c++)
    if (raw_off[c + 1] > raw_off[c] && indeg[c] == 0)
      queue[tail++] = (guint32)c;
  /* Components holding no unit (the virtual source and sink) are skipped. */
  while (head < tail) {
    guint32 c = queue[head++];
    renum[c] = next_id++;
    for (guint32 i = raw_off[c]; i < raw_off[c + 1]; i++) {
      guint32 u = raw_units[i];
      for (guint32 k = a->out_off[u]; k < a->out_off[u + 1]; k++) {
        guint32 d = a->comp[to[a->out_e[k]]];
        if (d != c && --indeg[d] == 0)
          queue[tail++] = d;
      }
    }
  }
  a->n_comp = next_id;
  a->comp_off = g_new0(guint32, (gsize)a->n_comp + 1);
  a->comp_units = g_new(guint32, n ? n : 1);
  a->local = g_new(guint32, n ? n : 1);
  for (gsize i = 0; i < tail; i++) {
    guint32 c = queue[i];
    a->comp_off[renum[c] + 1] = raw_off[c + 1] - raw_off[c];
  }
  for (gsize c = 0; c < a->n_comp; c++)
    a->comp_off[c + 1] += a->comp_off[c];
  for (gsize i = 0; i < tail; i++) {
    guint32 c = queue[i];
    for (guint32 k = raw_off[c]; k < raw_off[c + 1]; k++) {
      guint32 u = raw_units[k];
      a->local[u] = k - raw_off[c];
      a->comp_units[a->comp_off[renum[c]] + a->local[u]] = u;
      used++;
    }
  }
  g_assert(used == n); /* the condensation of a graph is acyclic */
  for (gsize u = 0; u < n; u++)
    a->comp[u] = renum[a->comp[u]];
}

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

  a->loop_id = g_new(gint32, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++)
    a->loop_id[u] = -1;
  for (guint32 c = 0; c < a->n_comp; c++) {
    guint32 size = comp_size(a, c);
    if (size < 2)
      continue;
    if (size > VS_MAX_LOOP_UNITS) {
      g_set_error(error, VS_ERROR, VS_ERROR_LIMIT,
                  "a rework loop of %u units (with %s) is larger than the %u units the solver "
                  "handles",
                  size, vs_i_unit_id(a->org, a->comp_units[a->comp_off[c]]), VS_MAX_LOOP_UNITS);
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
  const char *period;
  double norm; /* the answer on 0..1 */
} Answer;

static int
cmp_answer(gconstpointer x, gconstpointer y)
{
  const Answer *p = x, *q = y;
  if (p->provider != q->provider)
    return p->provider < q->provider ? -1 : 1;
  if (p->respondent != q->respondent)
    return p->respondent < q->respondent ? -1 : 1;
  if (p->period != q->period) /* interned: equal text, equal pointer */
    return strcmp(p->period, q->period);
  return 0;
}

static gboolean
has_handoff(const VsAnalysis *a, guint32 from, guint32 to)
{
  const guint32 *ends = (const guint32 *)a->org->h_to->data;
  for (guint32 k = a->out_off[from]; k < a->out_off[from + 1]; k++)
    if (ends[a->out_e[k]] == to)
      return TRUE;
  return FALSE;
}

/* Fills trend @t from its answers @ans[0..count), sorted by period. Means
 * are kept on 0..1 while computing and reported on 1..5. */
static void
summarise_pair(VsAnalysis *a, VsTrend *t, const Answer *ans, gsize count, GArray *means,
               GPtrArray *periods)
{
  const VsAnalysisOptions *o = &a->opts;
  guint first = means->len;
  VsMannKendall mk;
  double latest;

  for (gsize i = 0; i < count;) {
    gsize j = i;
    double sum = 0;
    while (j < count && ans[j].period == ans[i].period)
      sum += ans[j++].norm;
    double mean15 = 1.0 + 4.0 * (sum / (double)(j - i));
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
  vs_mann_kendall(&g_array_index(means, double, first), t->n_periods, &mk);
  t->mk_s = mk.s;
  t->p_value = mk.p_decline;
  t->exact = mk.exact;
  t->slope = vs_theil_sen_slope(&g_array_index(means, double, first), t->n_periods);
  t->deteriorating = t->n_periods >= o->trend_min_periods && mk.s < 0 &&
                     mk.p_decline <= o->trend_alpha && t->slope <= -o->trend_min_slope;
  t->has_handoff = has_handoff(a, t->provider, t->respondent);
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
  guint32 zero = 0;

  for (gsize i = 0; i < ns; i++) {
    double lo = g_array_index(org->s_min, double, i), hi = g_array_index(org->s_max, double, i);
    ans[i].provider = g_array_index(org->s_provider, guint32, i);
    ans[i].respondent = g_array_index(org->s_respondent, guint32, i);
    ans[i].period = g_array_index(org->s_period, const char *, i);
    ans[i].norm = (g_array_index(org->s_score, double, i) - lo) / (hi - lo);
  }
  if (ns > 1)
    qsort(ans, ns, sizeof(Answer), cmp_answer);
  g_array_append_val(off, zero);
  for (gsize i = 0; i < ns;) {
    gsize j = i;
    VsTrend t;
    while (j < ns && ans[j].provider == ans[i].provider && ans[j].respondent == ans[i].respondent)
      j++;
    summarise_pair(a, &t, ans + i, j - i, means, periods);
    g_array_append_val(trends, t);
    g_array_append_val(off, means->len);
    i = j;
  }
  a->n_trends = trends->len;
  a->trends = (VsTrend *)g_array_free(g_steal_pointer(&trends), FALSE);
  a->trend_off = (guint32 *)g_array_free(g_steal_pointer(&off), FALSE);
  a->trend_means = (double *)g_array_free(g_steal_pointer(&means), FALSE);
  a->trend_periods = (const char **)g_ptr_array_free(g_steal_pointer(&periods), FALSE);
}

/* The trend of pair (provider, respondent), by binary search (trends are
 * sorted by provider, then respondent); -1 when not surveyed. */
static gssize
find_trend(const VsAnalysis *a, guint32 provider, guint32 respondent)
{
  gsize lo = 0, hi = a->n_trends;
  while (lo < hi) {
    gsize mid = lo + (hi - lo) / 2;
    const VsTrend *t = &a->trends[mid];
    if (t->provider < provider || (t->provider == provider && t->respondent < respondent))
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < a->n_trends && a->trends[lo].provider == provider &&
      a->trends[lo].respondent == respondent)
    return (gssize)lo;
  return -1;
}

/* ---- per-handoff coefficients ----------------------------------------------- */

/* share(e), the score used (own, survey, or NAN) and the coefficient
 * a(e) = (1 - own[to]) share(e) of the dependency matrix. */
static void
handoff_coefficients(VsAnalysis *a)
{
  const VsOrg *org = a->org;
  const guint32 *from = (const guint32 *)org->h_from->data;
  const guint32 *to = (const guint32 *)org->h_to->data;
  const double *weight = (const double *)org->h_weight->data;
  const double *given = (const double *)org->h_score->data;
  g_autofree double *w_in = g_new0(double, a->n ? a->n : 1);
  gsize m = a->m ? a->m : 1;

  a->share = g_new(double, m);
  a->score = g_new(double, m);
  a->a_coef = g_new(double, m);
  for (gsize e = 0; e < a->m; e++)
    w_in[to[e]] += weight[e];
  for (gsize e = 0; e < a->m; e++) {
    a->share[e] = weight[e] / w_in[to[e]];
    a->a_coef[e] = (1.0 - a->own[to[e]]) * a->share[e];
    a->score[e] = given[e];
    if (isnan(given[e])) {
      gssize t = find_trend(a, from[e], to[e]);
      if (t >= 0)
        a->score[e] = a->trends[t].score;
    }
  }
}

static inline double
score_or_one(const VsAnalysis *a, guint32 e)
{
  return isnan(a->score[e]) ? 1.0 : a->score[e];
}

/* b(e) = a(e) s(e): the coefficient of the quality system. */
static inline double
b_coef(const VsAnalysis *a, guint32 e)
{
  return a->a_coef[e] * score_or_one(a, e);
}

/* d(e) = a(e) (1 - s(e)): what fixing e adds to b(e). */
static inline double
d_coef(const VsAnalysis *a, guint32 e)
{
  return a->a_coef[e] * (1.0 - score_or_one(a, e));
}

/* ---- linear systems, component by component ---------------------------------- *
 *
 * Every quantity of SPEC 4.2-4.3 solves x = base + C x (backward: along
 * out-edges, x[u] = base[u] + sum coef(e) x[to]) or its transpose
 * (forward: along in-edges). Components are processed in (reverse)
 * topological order, so each sees its neighbours outside already solved;
 * a unit on no loop is one sum, a loop one small dense solve. The passes
 * work in place: x holds base on entry and the solution on exit. */

typedef double (*CoefFunc)(const VsAnalysis *a, guint32 e);

static double
coef_a(const VsAnalysis *a, guint32 e)
{
  return a->a_coef[e];
}

static double
coef_b(const VsAnalysis *a, guint32 e)
{
  return b_coef(a, e);
}

static const VsLoopSystem *
system_of(const VsAnalysis *a, const VsLoopSystem *systems, guint32 c)
{
  return &systems[a->loop_id[a->comp_units[a->comp_off[c]]]];
}

static void
backward_comp(const VsAnalysis *a, guint32 c, CoefFunc coef, const VsLoopSystem *systems,
              double *x, double *work)
{
  const guint32 *to = (const guint32 *)a->org->h_to->data;
  const guint32 *members = a->comp_units + a->comp_off[c];
  guint32 k = comp_size(a, c);

  for (guint32 i = 0; i < k; i++) {
    guint32 u = members[i];
    double s = x[u];
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
      guint32 e = a->out_e[j];
      if (a->comp[to[e]] != c)
        s += coef(a, e) * x[to[e]];
    }
    work[i] = s;
  }
  if (k > 1) {
    const VsLoopSystem *sys = system_of(a, systems, c);
    vs_i_lu_solve(sys->lu, sys->piv, k, work, FALSE);
  }
  for (guint32 i = 0; i < k; i++)
    x[members[i]] = work[i];
}

static void
forward_comp(const VsAnalysis *a, guint32 c, CoefFunc coef, const VsLoopSystem *systems,
             double *x, double *work)
{
  const guint32 *from = (const guint32 *)a->org->h_from->data;
  const guint32 *members = a->comp_units + a->comp_off[c];
  guint32 k = comp_size(a, c);

  for (guint32 i = 0; i < k; i++) {
    guint32 v = members[i];
    double s = x[v];
    for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++) {
      guint32 e = a->in_e[j];
      if (a->comp[from[e]] != c)
        s += coef(a, e) * x[from[e]];
    }
    work[i] = s;
  }
  if (k > 1) {
    const VsLoopSystem *sys = system_of(a, systems, c);
    vs_i_lu_solve(sys->lu, sys->piv, k, work, TRUE);
  }
  for (guint32 i = 0; i < k; i++)
    x[members[i]] = work[i];
}

/* Factorises I - C restricted to loop @l. FALSE when singular, which a
 * validated org cannot be; kept as a guard against rounding. */
static gboolean
factor_loop(const VsAnalysis *a, guint32 l, CoefFunc coef, VsLoopSystem *sys)
{
  const guint32 *to = (const guint32 *)a->org->h_to->data;
  guint32 c = a->loop_comp[l], k = comp_size(a, c);
  const guint32 *members = a->comp_units + a->comp_off[c];

  sys->k = k;
  sys->lu = g_new0(double, (gsize)k * k);
  sys->piv = g_new(guint, k);
  for (guint32 i = 0; i < k; i++) {
    guint32 u = members[i];
    sys->lu[(gsize)i * k + i] = 1.0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
      guint32 e = a->out_e[j];
      if (a->comp[to[e]] == c)
        sys->lu[(gsize)i * k + a->local[to[e]]] -= coef(a, e);
    }
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
factor_all(const VsAnalysis *a, CoefFunc coef, VsLoopSystem **out, GError **error)
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

/* Column @j of (I - C_SS)^-1 for loop system @sys, into @col. */
static void
inverse_column(const VsLoopSystem *sys, guint32 j, double *col)
{
  memset(col, 0, sys->k * sizeof(double));
  col[j] = 1.0;
  vs_i_lu_solve(sys->lu, sys->piv, sys->k, col, FALSE);
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
compute_dii(VsAnalysis *a, double *work)
{
  a->dii = g_new(double, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++)
    a->dii[u] = 1.0;
  for (guint32 l = 0; l < a->n_loops; l++) {
    const VsLoopSystem *sys = &a->loop_sys[l];
    const guint32 *members = a->comp_units + a->comp_off[a->loop_comp[l]];
    for (guint32 j = 0; j < sys->k; j++) {
      inverse_column(sys, j, work);
      a->dii[members[j]] = work[j];
    }
  }
}

/* fix_value(u) = q[u] N[u] / (1 - L[u]) (SPEC 4.3, Sherman-Morrison). */
static void
compute_fix_values(VsAnalysis *a, const double *R, const VsLoopSystem *bsys, double *work)
{
  const guint32 *to = (const guint32 *)a->org->h_to->data;

  a->fix = g_new0(double, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++) {
    double nu = 0, lu = 0;
    gint32 l = a->loop_id[u];
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      nu += d_coef(a, a->out_e[j]) * R[to[a->out_e[j]]];
    if (nu == 0.0)
      continue;
    if (l >= 0) {
      /* W(v, u) for v in u's loop is column u of (I - B_SS)^-1. */
      inverse_column(&bsys[l], a->local[u], work);
      for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
        guint32 e = a->out_e[j];
        if (a->comp[to[e]] == a->comp[u])
          lu += d_coef(a, e) * work[a->local[to[e]]];
      }
    }
    a->fix[u] = a->q[u] * nu / (1.0 - lu);
  }
}

static gboolean
solve_values(VsAnalysis *a, GError **error)
{
  const double *revenue = (const double *)a->org->u_revenue->data;
  VsLoopSystem *bsys = NULL;
  g_autofree double *R = NULL, *y = NULL, *work = work_buffer(a);
  gsize n = a->n ? a->n : 1;

  if (!factor_all(a, coef_a, &a->loop_sys, error) || !factor_all(a, coef_b, &bsys, error))
    return FALSE;
  /* quality: q = own + B^T q, forward */
  a->q = g_memdup2(a->own, n * sizeof(double));
  for (guint32 c = 0; c < a->n_comp; c++)
    forward_comp(a, c, coef_b, bsys, a->q, work);
  /* R = revenue + B R and y = revenue + A y, backward */
  R = g_memdup2(revenue, n * sizeof(double));
  y = g_memdup2(revenue, n * sizeof(double));
  for (guint32 c = a->n_comp; c-- > 0;) {
    backward_comp(a, c, coef_b, bsys, R, work);
    backward_comp(a, c, coef_a, a->loop_sys, y, work);
  }
  compute_dii(a, work);
  a->exposure = g_new(double, n);
  for (gsize u = 0; u < a->n; u++)
    a->exposure[u] = y[u] / a->dii[u];
  compute_fix_values(a, R, bsys, work);
  free_systems(bsys, a->n_loops);
  return TRUE;
}

/* ---- customers, service, flags, groups, warnings ------------------------------ */

static void
collect_customers(VsAnalysis *a)
{
  const double *revenue = (const double *)a->org->u_revenue->data;
  guint32 k = 0;

  a->n_customers = (guint32)a->org->n_kind[VS_KIND_CUSTOMER];
  a->customers = g_new(guint32, a->n_customers + 1);
  a->customer_rank = g_new(guint32, a->n ? a->n : 1);
  a->risk = g_new0(double, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++) {
    a->customer_rank[u] = G_MAXUINT32;
    if (a->kind[u] != VS_KIND_CUSTOMER)
      continue;
    a->customers[k++] = (guint32)u;
    a->risk[u] = revenue[u] * (1.0 - a->q[u]);
    a->total_revenue += revenue[u];
    a->total_risk += a->risk[u];
  }
  a->customers_by_id = g_memdup2(a->customers, (a->n_customers + 1) * sizeof(guint32));
  sort_by_id(a->org, a->customers_by_id, a->n_customers);
  for (guint32 r = 0; r < a->n_customers; r++)
    a->customer_rank[a->customers_by_id[r]] = r;
}

static void
compute_service(VsAnalysis *a)
{
  a->service = g_new(double, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++) {
    double num = 0, den = 0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
      guint32 e = a->out_e[j];
      if (isnan(a->score[e]))
        continue;
      num += a->share[e] * a->score[e];
      den += a->share[e];
    }
    a->service[u] = den > 0 ? num / den : NAN;
  }
}

/* Does the receiver of @e get e's deliverable from some other provider?
 * A handoff without a deliverable has no alternative. */
static gboolean
has_alternative(const VsAnalysis *a, guint32 e)
{
  const VsOrg *org = a->org;
  const char *what = g_array_index(org->h_deliverable, const char *, e);
  guint32 provider = g_array_index(org->h_from, guint32, e);
  guint32 v = g_array_index(org->h_to, guint32, e);

  if (what == NULL)
    return FALSE;
  for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++) {
    guint32 f = a->in_e[j];
    if (g_array_index(org->h_deliverable, const char *, f) == what &&
        g_array_index(org->h_from, guint32, f) != provider)
      return TRUE;
  }
  return FALSE;
}

static gboolean
is_captive_poor(const VsAnalysis *a, gsize u)
{
  if (a->kind[u] != VS_KIND_TEAM)
    return FALSE;
  for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
    guint32 e = a->out_e[j];
    if (!isnan(a->score[e]) && a->score[e] < a->opts.poor_score && !has_alternative(a, e))
      return TRUE;
  }
  return FALSE;
}

static void
compute_flags(VsAnalysis *a)
{
  double ripple_at = a->opts.ripple_share * a->total_revenue;

  a->flags = g_new0(guint32, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++) {
    guint32 f = 0;
    if (a->kind[u] == VS_KIND_CUSTOMER)
      continue;
    if (a->hops[u] < 0)
      f |= VS_FLAG_NO_LINE_OF_SIGHT;
    /* A fix worth nothing ripples nowhere, even when total revenue is 0. */
    if (a->fix[u] > 0 && a->fix[u] >= ripple_at)
      f |= VS_FLAG_RIPPLE;
    if (a->service[u] < a->opts.poor_score)
      f |= VS_FLAG_POOR_SERVICE;
    if (is_captive_poor(a, u))
      f |= VS_FLAG_CAPTIVE_POOR_SERVICE;
    if (a->dependents[u] >= 1)
      f |= VS_FLAG_CHOKEPOINT;
    if (a->loop_id[u] >= 0)
      f |= VS_FLAG_REWORK_LOOP;
    a->flags[u] = f;
  }
  for (guint32 t = 0; t < a->n_trends; t++)
    if (a->trends[t].deteriorating && a->kind[a->trends[t].provider] != VS_KIND_CUSTOMER)
      a->flags[a->trends[t].provider] |= VS_FLAG_DETERIORATING;
}

static int
cmp_str_ptr(gconstpointer x, gconstpointer y)
{
  return strcmp(*(const char *const *)x, *(const char *const *)y);
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

static void
diagnose_groups(VsAnalysis *a)
{
  const VsOrg *org = a->org;
  g_autoptr(GHashTable) index = g_hash_table_new(g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new();
  g_autofree guint *rated = NULL, *poor = NULL;
  g_autofree guint32 *fill = NULL;

  /* Group names are interned, so the pointer is the identity. */
  for (gsize u = 0; u < a->n; u++) {
    const char *g = g_array_index(org->u_group, const char *, u);
    if (g != NULL && a->kind[u] != VS_KIND_CUSTOMER && !g_hash_table_contains(index, g)) {
      g_hash_table_insert(index, (gpointer)g, NULL);
      g_ptr_array_add(ids, (gpointer)g);
    }
  }
  g_ptr_array_sort(ids, cmp_str_ptr);
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_insert(index, ids->pdata[i], GUINT_TO_POINTER(i));
  a->n_groups = ids->len;
  rated = g_new0(guint, a->n_groups + 1);
  poor = g_new0(guint, a->n_groups + 1);
  a->poor_off = g_new0(guint32, a->n_groups + 1);
  for (gsize u = 0; u < a->n; u++) {
    const char *g = g_array_index(org->u_group, const char *, u);
    if (g == NULL || a->kind[u] == VS_KIND_CUSTOMER || isnan(a->service[u]))
      continue;
    guint i = GPOINTER_TO_UINT(g_hash_table_lookup(index, g));
    rated[i]++;
    if (a->service[u] < a->opts.poor_score) {
      poor[i]++;
      a->poor_off[i + 1]++;
    }
  }
  for (guint i = 0; i < a->n_groups; i++)
    a->poor_off[i + 1] += a->poor_off[i];
  a->poor_units = g_new(guint32, a->poor_off[a->n_groups] + 1);
  fill = g_memdup2(a->poor_off, (a->n_groups + 1) * sizeof(guint32));
  for (gsize u = 0; u < a->n; u++) {
    const char *g = g_array_index(org->u_group, const char *, u);
    if (g == NULL || a->kind[u] == VS_KIND_CUSTOMER || !(a->service[u] < a->opts.poor_score))
      continue;
    guint i = GPOINTER_TO_UINT(g_hash_table_lookup(index, g));
    a->poor_units[fill[i]++] = (guint32)u;
  }
  a->diagnosis = g_new(VsDiagnosis, a->n_groups + 1);
  for (guint i = 0; i < a->n_groups; i++) {
    a->diagnosis[i] = diagnose(rated[i], poor[i]);
    sort_by_id(org, a->poor_units + a->poor_off[i], a->poor_off[i + 1] - a->poor_off[i]);
  }
  a->group_ids = (const char **)g_ptr_array_free(g_steal_pointer(&ids), FALSE);
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

/* ---- construction ------------------------------------------------------------- */

VsAnalysis *
vs_analysis_new(const VsOrg *org, const VsAnalysisOptions *options, GError **error)
{
  static const VsAnalysisOptions defaults = VS_ANALYSIS_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = NULL;

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
  a->kind = (const guint8 *)org->u_kind->data;
  build_rows(a->n, a->m, (const guint32 *)org->h_from->data, &a->out_off, &a->out_e);
  build_rows(a->n, a->m, (const guint32 *)org->h_to->data, &a->in_off, &a->in_e);
  if (!run_igraph(a, error))
    return NULL;
  order_components(a);
  if (!find_loops(a, error))
    return NULL;
  analyse_surveys(a);
  handoff_coefficients(a);
  if (!solve_values(a, error))
    return NULL;
  collect_customers(a);
  compute_service(a);
  compute_flags(a);
  diagnose_groups(a);
  collect_warnings(a);
  return g_steal_pointer(&a);
}

void
vs_analysis_free(VsAnalysis *a)
{
  if (a == NULL)
    return;
  free_systems(a->loop_sys, a->n_loops);
  g_free(a->out_off);
  g_free(a->out_e);
  g_free(a->in_off);
  g_free(a->in_e);
  g_free(a->comp);
  g_free(a->comp_off);
  g_free(a->comp_units);
  g_free(a->local);
  g_free(a->loop_id);
  g_free(a->loop_comp);
  g_free(a->loop_off);
  g_free(a->loop_sorted);
  g_free(a->share);
  g_free(a->score);
  g_free(a->a_coef);
  g_free(a->own);
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
  g_free(a->trend_means);
  g_free(a->trend_periods);
  if (a->warnings != NULL)
    g_ptr_array_free(a->warnings, TRUE);
  g_free(a->reach);
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

#define ARRAY_GETTER(fn, type, field, len)                                                         \
  const type *vs_analysis_get_##fn(const VsAnalysis *a, gsize *n)                                  \
  {                                                                                                \
    g_return_val_if_fail(a != NULL, NULL);                                                         \
    if (n != NULL)                                                                                 \
      *n = a->len;                                                                                 \
    return a->field;                                                                               \
  }

ARRAY_GETTER(own, double, own, n)
ARRAY_GETTER(qualities, double, q, n)
ARRAY_GETTER(exposures, double, exposure, n)
ARRAY_GETTER(revenues_at_risk, double, risk, n)
ARRAY_GETTER(service_scores, double, service, n)
ARRAY_GETTER(fix_values, double, fix, n)
ARRAY_GETTER(hops, gint32, hops, n)
ARRAY_GETTER(next_hops, gint32, next, n)
ARRAY_GETTER(dependents, guint32, dependents, n)
ARRAY_GETTER(flags, guint32, flags, n)
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

guint32 *
vs_analysis_dup_path(const VsAnalysis *a, gsize unit, gsize *n)
{
  GArray *list;

  CHECK_UNIT(a, unit, n);
  list = new_list();
  if (a->hops[unit] >= 0) {
    /* Iterative: a path may be a million units long. */
    for (gint32 v = (gint32)unit; v >= 0; v = a->next[v]) {
      guint32 x = (guint32)v;
      g_array_append_val(list, x);
      if (a->kind[v] == VS_KIND_CUSTOMER)
        break;
    }
  }
  return steal_list(list, n);
}

guint32 *
vs_analysis_dup_chokepoints(const VsAnalysis *a, gsize unit, gsize *n)
{
  GArray *list;

  CHECK_UNIT(a, unit, n);
  list = new_list();
  if (a->kind[unit] != VS_KIND_CUSTOMER)
    for (gint32 v = a->ipdom[unit]; v >= 0 && a->kind[v] != VS_KIND_CUSTOMER; v = a->ipdom[v]) {
      guint32 x = (guint32)v;
      g_array_append_val(list, x);
    }
  return steal_list(list, n);
}

guint32 *
vs_analysis_dup_critical_units(const VsAnalysis *a, gsize unit, gsize *n)
{
  GArray *list;

  CHECK_UNIT(a, unit, n);
  list = new_list();
  if (a->kind[unit] == VS_KIND_CUSTOMER)
    for (gint32 v = a->idom[unit]; v >= 0; v = a->idom[v]) {
      guint32 x = (guint32)v;
      g_array_append_val(list, x);
    }
  sort_by_id(a->org, (guint32 *)list->data, list->len);
  return steal_list(list, n);
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

/* Walking components in reverse topological order, each one's set is the
 * union of its successors' (and its own bit for a customer): O(E C / 64)
 * once, then each query is a scan of C bits. */
static void
compute_reach(VsAnalysis *a)
{
  const guint32 *to = (const guint32 *)a->org->h_to->data;
  guint words = (a->n_customers + 63) / 64;
  guint64 *reach = g_new0(guint64, (gsize)a->n_comp * words + 1);

  for (guint32 c = a->n_comp; c-- > 0;) {
    guint64 *mine = reach + (gsize)c * words;
    for (guint32 i = a->comp_off[c]; i < a->comp_off[c + 1]; i++) {
      guint32 u = a->comp_units[i];
      if (a->customer_rank[u] != G_MAXUINT32)
        mine[a->customer_rank[u] / 64] |= G_GUINT64_CONSTANT(1) << (a->customer_rank[u] % 64);
      for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
        guint32 d = a->comp[to[a->out_e[j]]];
        if (d == c)
          continue;
        const guint64 *theirs = reach + (gsize)d * words;
        for (guint w = 0; w < words; w++)
          mine[w] |= theirs[w];
      }
    }
  }
  a->reach_words = words;
  a->reach = reach;
}

guint32 *
vs_analysis_dup_unit_customers(const VsAnalysis *a, gsize unit, gsize *n)
{
  VsAnalysis *mut = (VsAnalysis *)a; /* the lazy cache is not part of the value */
  const guint64 *bits;
  GArray *list;

  CHECK_UNIT(a, unit, n);
  if (g_once_init_enter(&mut->reach_once)) {
    compute_reach(mut);
    g_once_init_leave(&mut->reach_once, 1);
  }
  list = new_list();
  if (a->kind[unit] == VS_KIND_CUSTOMER)
    return steal_list(list, n);
  bits = a->reach + (gsize)a->comp[unit] * a->reach_words;
  for (guint w = 0; w < a->reach_words; w++)
    for (guint64 x = bits[w]; x != 0; x &= x - 1) {
      guint32 id = a->customers_by_id[w * 64 + (guint)__builtin_ctzll(x)];
      g_array_append_val(list, id);
    }
  return steal_list(list, n);
}

/* ---- shares, on demand ------------------------------------------------------------ */

static int
cmp_u32(gconstpointer x, gconstpointer y)
{
  guint32 p = *(const guint32 *)x, q = *(const guint32 *)y;
  return (p > q) - (p < q);
}

/* Units reachable from @start along out-edges (@forward) or in-edges, as
 * the distinct components they lie in, sorted in topological order. */
static GArray *
reachable_components(const VsAnalysis *a, guint32 start, gboolean forward)
{
  const guint32 *ends = (const guint32 *)(forward ? a->org->h_to->data : a->org->h_from->data);
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
  y[unit] = 1.0;
  for (guint i = 0; i < comps->len; i++)
    forward_comp(a, g_array_index(comps, guint32, i), coef_a, a->loop_sys, y, work);
  for (guint32 k = 0; k < a->n_customers; k++)
    out[k] = y[a->customers[k]] / a->dii[unit];
}

gboolean
vs_analysis_get_customer_shares(const VsAnalysis *a, gsize customer, double *out)
{
  g_autofree double *work = NULL;
  g_autoptr(GArray) comps = NULL;

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
  out[customer] = 1.0;
  for (guint i = comps->len; i-- > 0;)
    backward_comp(a, g_array_index(comps, guint32, i), coef_a, a->loop_sys, out, work);
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
  return a->n_groups;
}

const char *
vs_analysis_get_group_id(const VsAnalysis *a, gsize index)
{
  g_return_val_if_fail(a != NULL, NULL);
  g_return_val_if_fail(index < a->n_groups, NULL);
  return a->group_ids[index];
}

VsDiagnosis
vs_analysis_get_group_diagnosis(const VsAnalysis *a, gsize index)
{
  g_return_val_if_fail(a != NULL, VS_DIAGNOSIS_UNRATED);
  g_return_val_if_fail(index < a->n_groups, VS_DIAGNOSIS_UNRATED);
  return a->diagnosis[index];
}

const guint32 *
vs_analysis_get_group_poor_units(const VsAnalysis *a, gsize index, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(a != NULL, NULL);
  g_return_val_if_fail(index < a->n_groups, NULL);
  if (n != NULL)
    *n = a->poor_off[index + 1] - a->poor_off[index];
  return a->poor_units + a->poor_off[index];
}

gsize
vs_analysis_get_n_warnings(const VsAnalysis *a)
{
  g_return_val_if_fail(a != NULL, 0);
  return a->warnings->len;
}

const char *
vs_analysis_get_warning(const VsAnalysis *a, gsize index)
{
  g_return_val_if_fail(a != NULL, NULL);
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
  to = (const guint32 *)a->org->h_to->data;
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
