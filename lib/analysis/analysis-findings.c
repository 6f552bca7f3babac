/* valuestream - the analysis: the findings that need the values. Each
 * unit's service score and flags, the groups' diagnoses, the warnings.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-private.h"

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

/* For the handoffs into receivers with more than VS_SCAN_MAX of them:
 * alt[e] = 1 when another provider hands the receiver e's deliverable.
 * One pass over each such in-row notes, per deliverable, the first
 * provider and whether another one comes; a second marks the handoffs.
 * Linear in the row, not a sort of it: the customers are such hubs.
 * NULL when no receiver is that large. */
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
    if (d <= VS_SCAN_MAX)
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
  if (a->in_off[v + 1] - a->in_off[v] > VS_SCAN_MAX)
    return hubs[e];
  for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++) {
    guint32 f = a->in_e[j];
    if (g_array_index(org->h_deliverable, const char *, f) == what && a->from[f] != provider)
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
  vs_i_analysis_split_range(a, a->n, service_flags_range, hubs);
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
    qsort(a->group_ids, a->n_groups, sizeof(const char *), vs_i_analysis_cmp_str_ptr);
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
    vs_i_analysis_sort_by_id(a->org, a->poor_units + a->poor_off[i],
                             a->poor_off[i + 1] - a->poor_off[i]);
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
  vs_i_analysis_make_once(a, &((VsAnalysis *)a)->findings_once, compute_findings);
}
