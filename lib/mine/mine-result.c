/* valuestream - a miner's state as a result: per-pair columns, lead-time
 * quantiles, units and unmapped people; the result's getters.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "mine-miner.h"

double
vs_i_quantile_sorted(const double *x, gsize n, double q)
{
  double pos, frac;
  gsize lo;

  if (n == 0 || !(q >= 0.0 && q <= 1.0))
    return NAN;
  pos = q * (double)(n - 1);
  lo = (gsize)pos;
  frac = pos - (double)lo;
  if (lo + 1 >= n || frac == 0.0)
    return x[lo];
  return x[lo] * (1.0 - frac) + x[lo + 1] * frac;
}

/* Sorts lead times (>= 0, never NAN) ascending. The bit patterns of
 * non-negative doubles order as unsigned integers, so an LSD radix sort
 * on them runs in linear time; passes over a digit every value shares
 * (the high bits, mostly) are skipped. Short arrays take insertion sort. */
void
vs_i_sort_lead_times(double *x, gsize n)
{
  enum { BITS = 8, RADIX = 1 << BITS };
  g_autofree guint64 *tmp = NULL;
  g_autofree gsize *count = NULL;
  guint64 *a = (guint64 *)(void *)x, *b;

  if (n < 64) {
    for (gsize i = 1; i < n; i++) {
      double v = x[i];
      gsize j = i;
      for (; j > 0 && x[j - 1] > v; j--)
        x[j] = x[j - 1];
      x[j] = v;
    }
    return;
  }
  tmp = g_new(guint64, n);
  count = g_new(gsize, RADIX);
  b = tmp;
  for (guint shift = 0; shift < 64; shift += BITS) {
    gsize sum = 0;
    memset(count, 0, RADIX * sizeof *count);
    for (gsize i = 0; i < n; i++)
      count[(a[i] >> shift) & (RADIX - 1)]++;
    if (count[(a[0] >> shift) & (RADIX - 1)] == n)
      continue;
    for (gsize d = 0; d < RADIX; d++) {
      gsize c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (gsize i = 0; i < n; i++)
      b[count[(a[i] >> shift) & (RADIX - 1)]++] = a[i];
    guint64 *swap = a;
    a = b;
    b = swap;
  }
  if (a != (guint64 *)(void *)x)
    memcpy(x, a, n * sizeof *x);
}

static GArray *
double_column(gsize n)
{
  GArray *a = g_array_sized_new(FALSE, TRUE, sizeof(double), (guint)n);
  g_array_set_size(a, (guint)n);
  for (gsize i = 0; i < n; i++)
    g_array_index(a, double, i) = NAN;
  return a;
}

/* Lead-time quantiles per pair, and every team-to-team lead time sorted.
 * The lead times are grouped by pair with a counting sort (linear). */
static void
finish_leads(VsMiner *m, VsMineResult *r)
{
  gsize n = m->p_from->len, total = m->l_days.n;
  GArray *median = r->columns[VS_MINE_LEAD_TIME], *p90 = r->columns[VS_MINE_LEAD_TIME_P90];
  g_autofree gsize *start = g_new0(gsize, n + 1);
  g_autofree double *by_pair = g_new(double, MAX(total, 1));

  for (gsize i = 0; i < total; i++)
    start[m->l_pair.v[i] + 1]++;
  for (gsize p = 0; p < n; p++)
    start[p + 1] += start[p];
  {
    g_autofree gsize *at = g_memdup2(start, (n + 1) * sizeof *start);
    for (gsize i = 0; i < total; i++)
      by_pair[at[m->l_pair.v[i]]++] = m->l_days.v[i];
  }
  g_clear_pointer(&m->l_pair.v, g_free); /* the big part: free early */
  g_clear_pointer(&m->l_days.v, g_free);
  m->l_pair.n = m->l_pair.cap = m->l_days.n = m->l_days.cap = 0;

  r->all_leads = NEW_ARRAY(double);
  for (gsize p = 0; p < n; p++) {
    double *leads = by_pair + start[p];
    gsize count = start[p + 1] - start[p];
    guint32 from = g_array_index(m->p_from, guint32, p), to = g_array_index(m->p_to, guint32, p);
    if (count == 0)
      continue;
    vs_i_sort_lead_times(leads, count);
    g_array_index(median, double, p) = vs_i_quantile_sorted(leads, count, 0.5);
    g_array_index(p90, double, p) = vs_i_quantile_sorted(leads, count, 0.9);
    if (from != to)
      g_array_append_vals(r->all_leads, leads, (guint)count);
  }
  vs_i_sort_lead_times((double *)(void *)r->all_leads->data, r->all_leads->len);
}

/* PM4Py's handover-of-work value: a team pair's weight over the sum of
 * the weights of all team pairs, self pairs included, as PM4Py divides
 * by the sum of every contribution it counted (lib/MODEL.md). Customer
 * pairs are not PM4Py's: they stay NAN and out of the sum. */
static void
finish_pm4py(const VsMiner *m, VsMineResult *r)
{
  const double *weight = (const double *)(void *)r->columns[VS_MINE_WEIGHT]->data;
  GArray *value = r->columns[VS_MINE_PM4PY_VALUE];
  gsize n = m->p_from->len;
  double total = 0.0;

  for (gsize p = 0; p < n; p++)
    if (g_array_index(m->u_kind, guint8, g_array_index(m->p_to, guint32, p)) == VS_KIND_TEAM)
      total += weight[p];
  if (total <= 0.0)
    return;
  for (gsize p = 0; p < n; p++)
    if (g_array_index(m->u_kind, guint8, g_array_index(m->p_to, guint32, p)) == VS_KIND_TEAM)
      g_array_index(value, double, p) = weight[p] / total;
}

static void
finish_pairs(VsMiner *m, VsMineResult *r)
{
  gsize n = m->p_from->len;

  for (guint c = 0; c < G_N_ELEMENTS(r->columns); c++)
    r->columns[c] = double_column(n);
  for (gsize p = 0; p < n; p++) {
    double volume = (double)g_array_index(m->p_volume, guint64, p);
    double returns = (double)g_array_index(m->p_returns, guint64, p);
    double judged = (double)g_array_index(m->p_judged, guint64, p);
    guint32 from = g_array_index(m->p_from, guint32, p), to = g_array_index(m->p_to, guint32, p);
    gboolean team_pair = from != to && g_array_index(m->u_kind, guint8, to) == VS_KIND_TEAM;

    g_array_index(r->columns[VS_MINE_VOLUME], double, p) = volume;
    g_array_index(r->columns[VS_MINE_WEIGHT], double, p) =
        default_weights(m) ? volume : g_array_index(m->p_weight, double, p);
    g_array_index(r->columns[VS_MINE_CASES_COLUMN], double, p) =
        (double)g_array_index(m->p_cases, guint64, p);
    g_array_index(r->columns[VS_MINE_RETURNS], double, p) = returns;
    if (m->o.quality && team_pair && judged > 0)
      g_array_index(r->columns[VS_MINE_SCORE], double, p) = 1.0 - returns / judged;
  }
  finish_leads(m, r);
  if (m->o.normalise == VS_MINE_NORMALISE_PM4PY)
    finish_pm4py(m, r);
  r->p_from = g_steal_pointer(&m->p_from);
  r->p_to = g_steal_pointer(&m->p_to);
  m->p_from = NEW_ARRAY(guint32);
  m->p_to = NEW_ARRAY(guint32);
}

/* own_share of a team that receives work: its case starts over its
 * turns (starts + transfers in). */
static void
finish_units(VsMiner *m, VsMineResult *r)
{
  gsize n = vs_i_intern_size(&m->units);
  g_autofree guint64 *incoming = g_new0(guint64, MAX(n, 1));
  const GArray *volume = r->columns[VS_MINE_VOLUME];

  for (guint p = 0; p < r->p_from->len; p++) {
    guint32 from = g_array_index(r->p_from, guint32, p), to = g_array_index(r->p_to, guint32, p);
    if (from != to)
      incoming[to] += (guint64)g_array_index(volume, double, p);
  }
  r->u_own_share = double_column(n);
  for (gsize u = 0; u < n; u++) {
    guint64 starts = g_array_index(m->u_starts, guint64, u);
    if (g_array_index(m->u_kind, guint8, u) == VS_KIND_TEAM && incoming[u] > 0)
      g_array_index(r->u_own_share, double, u) = (double)starts / (double)(starts + incoming[u]);
  }
  r->units = m->units;
  vs_i_intern_init(&m->units);
  r->u_kind = g_steal_pointer(&m->u_kind);
  r->u_revenue = g_steal_pointer(&m->u_revenue);
  m->u_kind = NEW_ARRAY(guint8);
  m->u_revenue = NEW_ARRAY(double);
}

typedef struct {
  guint32 person;
  guint64 events;
} Unmapped;

static int
compare_unmapped(const void *a, const void *b)
{
  const Unmapped *x = a, *y = b;
  if (x->events != y->events)
    return x->events > y->events ? -1 : 1;
  return x->person < y->person ? -1 : x->person > y->person;
}

/* People missing from the map, most events first. */
static void
finish_unmapped(VsMiner *m, VsMineResult *r)
{
  g_autoptr(GArray) list = NEW_ARRAY(Unmapped);

  for (guint p = 0; p < m->person_unit->len; p++) {
    Unmapped u = {p, g_array_index(m->person_events, guint64, p)};
    if (g_array_index(m->person_unit, guint32, p) == PERSON_UNMAPPED && u.events > 0)
      g_array_append_val(list, u);
  }
  if (list->len > 1)
    qsort(list->data, list->len, sizeof(Unmapped), compare_unmapped);
  r->unmapped = g_ptr_array_new_with_free_func(g_free);
  r->unmapped_events = NEW_ARRAY(guint64);
  for (guint i = 0; i < list->len; i++) {
    const Unmapped *u = &g_array_index(list, Unmapped, i);
    g_ptr_array_add(r->unmapped, g_strdup(vs_i_intern_get(&m->people, u->person)));
    g_array_append_val(r->unmapped_events, u->events);
  }
}

VsMineResult *
vs_i_miner_finish(VsMiner *m, GError **error)
{
  VsMineResult *r;

  if (!vs_i_miner_close(m, error))
    return NULL;
  r = g_new0(VsMineResult, 1);
  r->name = g_strdup(m->name);
  r->options = m->o;
  r->options.case_column = r->options.group_column = r->options.resource_column = NULL;
  r->options.timestamp_column = r->options.customer_column = r->options.revenue_column = NULL;
  r->options.people_map = NULL;
  memcpy(r->counts, m->counts, sizeof r->counts);
  r->counts[VS_MINE_CASES] = m->n_cases;
  r->counts[VS_MINE_PAIRS] = m->p_from->len;
  finish_pairs(m, r);
  finish_units(m, r);
  finish_unmapped(m, r);
  r->counts[VS_MINE_UNMAPPED_PEOPLE] = r->unmapped->len;
  return r;
}

void
vs_mine_result_free(VsMineResult *r)
{
  if (r == NULL)
    return;
  g_free(r->name);
  vs_i_intern_clear(&r->units);
  g_clear_pointer(&r->u_kind, g_array_unref);
  g_clear_pointer(&r->u_revenue, g_array_unref);
  g_clear_pointer(&r->u_own_share, g_array_unref);
  g_clear_pointer(&r->p_from, g_array_unref);
  g_clear_pointer(&r->p_to, g_array_unref);
  for (guint c = 0; c < G_N_ELEMENTS(r->columns); c++)
    g_clear_pointer(&r->columns[c], g_array_unref);
  g_clear_pointer(&r->all_leads, g_array_unref);
  g_clear_pointer(&r->unmapped, g_ptr_array_unref);
  g_clear_pointer(&r->unmapped_events, g_array_unref);
  g_free(r);
}

guint64
vs_mine_result_get_count(const VsMineResult *r, VsMineCount what)
{
  g_return_val_if_fail(r != NULL, 0);
  return (guint)what < G_N_ELEMENTS(r->counts) ? r->counts[what] : 0;
}

double
vs_mine_result_get_lead_time_quantile(const VsMineResult *r, double q)
{
  g_return_val_if_fail(r != NULL, NAN);
  return vs_i_quantile_sorted((const double *)(void *)r->all_leads->data, r->all_leads->len, q);
}

gsize
vs_mine_result_get_n_units(const VsMineResult *r)
{
  g_return_val_if_fail(r != NULL, 0);
  return vs_i_intern_size(&r->units);
}

const char *
vs_mine_result_get_unit_id(const VsMineResult *r, gsize unit)
{
  g_return_val_if_fail(r != NULL && unit < vs_i_intern_size(&r->units), NULL);
  return vs_i_intern_get(&r->units, (guint32)unit);
}

VsKind
vs_mine_result_get_unit_kind(const VsMineResult *r, gsize unit)
{
  g_return_val_if_fail(r != NULL && unit < r->u_kind->len, VS_KIND_TEAM);
  return (VsKind)g_array_index(r->u_kind, guint8, unit);
}

double
vs_mine_result_get_unit_revenue(const VsMineResult *r, gsize unit)
{
  g_return_val_if_fail(r != NULL && unit < r->u_revenue->len, NAN);
  return g_array_index(r->u_revenue, double, unit);
}

double
vs_mine_result_get_unit_own_share(const VsMineResult *r, gsize unit)
{
  g_return_val_if_fail(r != NULL && unit < r->u_own_share->len, NAN);
  return g_array_index(r->u_own_share, double, unit);
}

gsize
vs_mine_result_get_pairs(const VsMineResult *r, const guint32 **from, const guint32 **to)
{
  g_return_val_if_fail(r != NULL, 0);
  if (from != NULL)
    *from = (const guint32 *)(void *)r->p_from->data;
  if (to != NULL)
    *to = (const guint32 *)(void *)r->p_to->data;
  return r->p_from->len;
}

const double *
vs_mine_result_get_column(const VsMineResult *r, VsMineColumn column, gsize *n)
{
  static const double none[1];

  g_return_val_if_fail(r != NULL, NULL);
  if (n != NULL)
    *n = r->p_from->len;
  if ((guint)column >= G_N_ELEMENTS(r->columns))
    return NULL;
  /* An empty GArray has no data; NULL would read as "unknown column". */
  if (r->columns[column]->len == 0)
    return none;
  return (const double *)(void *)r->columns[column]->data;
}

gsize
vs_mine_result_get_n_unmapped(const VsMineResult *r)
{
  g_return_val_if_fail(r != NULL, 0);
  return r->unmapped->len;
}

const char *
vs_mine_result_get_unmapped(const VsMineResult *r, gsize index, guint64 *events)
{
  g_return_val_if_fail(r != NULL && index < r->unmapped->len, NULL);
  if (events != NULL)
    *events = g_array_index(r->unmapped_events, guint64, index);
  return g_ptr_array_index(r->unmapped, index);
}
