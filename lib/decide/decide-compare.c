/* valuestream - two analyses compared (SPEC 10): a scenario against its
 * baseline, or two snapshots of an organisation.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Units are matched by id; handoffs by (from, to, deliverable), with "" for
 * none, parallel ones with one key in input order. Everything is computed
 * here, once: the getters (decide-compare-get.c) hand out flat arrays. */
#include <math.h>
#include <string.h>

#include "analysis-private.h"
#include "decide-private.h"

gboolean
vs_comparison_value_changed(double before, double after, double scale)
{
  if (isnan(before) || isnan(after))
    return isnan(before) != isnan(after);
  return fabs(after - before) > 1e-9 * MAX(MAX(1.0, fabs(before)), MAX(fabs(after), fabs(scale)));
}

double
vs_i_comparison_scale(const VsComparison *c, VsValue value)
{
  switch (value) {
  case VS_VALUE_FIX_VALUE:
  case VS_VALUE_EXPOSURE:
  case VS_VALUE_REVENUE_AT_RISK:
    return c->revenue_scale;
  case VS_VALUE_LOADED_COST:
    return c->cost_scale;
  default:
    return 0.0;
  }
}

/* Value @v of unit @u on side @s (NAN when @u < 0 or it has none). */
static inline double
value_of(const VsComparison *c, int s, gint32 u, VsValue v)
{
  return u < 0 ? NAN : c->values[v][s][u];
}

static const VsValue customer_values[] = {VS_VALUE_QUALITY, VS_VALUE_REVENUE_AT_RISK,
                                          VS_VALUE_COST_TO_SERVE, VS_VALUE_MARGIN};
static const VsValue unit_values[] = {VS_VALUE_QUALITY, VS_VALUE_FIX_VALUE, VS_VALUE_SERVICE_SCORE,
                                      VS_VALUE_LOADED_COST, VS_VALUE_EXPOSURE};

static gboolean
takes_value(VsCompared which, VsValue v)
{
  const VsValue *list = which == VS_COMPARED_CUSTOMERS ? customer_values : unit_values;
  guint n =
      which == VS_COMPARED_CUSTOMERS ? G_N_ELEMENTS(customer_values) : G_N_ELEMENTS(unit_values);
  for (guint i = 0; i < n; i++)
    if (list[i] == v)
      return TRUE;
  return FALSE;
}

/* A list's arrays: values only for customers and units, and only those
 * SPEC 10 lists for them; the others read as @nan, one array of NAN. */
static void
list_init(VsComparedList *l, VsCompared which)
{
  for (int s = 0; s < 2; s++) {
    l->rows[s] = g_array_new(FALSE, FALSE, sizeof(gint32));
    for (int v = 0; v < VS_N_VALUES; v++)
      l->values[v][s] = which <= VS_COMPARED_UNITS && takes_value(which, (VsValue)v)
                            ? g_array_new(FALSE, FALSE, sizeof(double))
                            : NULL;
  }
  l->status = g_array_new(FALSE, FALSE, sizeof(guint8));
  l->nan = g_array_new(FALSE, FALSE, sizeof(double));
}

static void
list_clear(VsComparedList *l)
{
  for (int s = 0; s < 2; s++) {
    g_array_free(l->rows[s], TRUE);
    for (int v = 0; v < VS_N_VALUES; v++)
      if (l->values[v][s] != NULL)
        g_array_free(l->values[v][s], TRUE);
  }
  g_array_free(l->status, TRUE);
  g_array_free(l->nan, TRUE);
}

void
vs_comparison_free(VsComparison *c)
{
  if (c == NULL)
    return;
  for (int l = 0; l < VS_N_COMPARED; l++)
    list_clear(&c->lists[l]);
  for (int s = 0; s < 2; s++) {
    g_array_free(c->reaches[s], TRUE);
    g_array_free(c->flags[s], TRUE);
    g_array_free(c->scores[s], TRUE);
  }
  g_free(c);
}

/* The getters of each value, by VsValue. */
static const double *(*const value_getters[VS_N_VALUES])(const VsAnalysis *, gsize *) = {
    vs_analysis_get_qualities,      vs_analysis_get_fix_values, vs_analysis_get_service_scores,
    vs_analysis_get_loaded_costs,   vs_analysis_get_exposures,  vs_analysis_get_revenues_at_risk,
    vs_analysis_get_costs_to_serve, vs_analysis_get_margins,
};

static void
list_add(VsComparison *c, VsCompared which, gint32 before, gint32 after, VsStatus status)
{
  VsComparedList *l = &c->lists[which];
  gint32 rows[2] = {before, after};
  guint8 st = (guint8)status;
  double nan = NAN;

  for (int s = 0; s < 2; s++) {
    g_array_append_val(l->rows[s], rows[s]);
    for (int v = 0; v < VS_N_VALUES; v++)
      if (l->values[v][s] != NULL) {
        double x = value_of(c, s, rows[s], (VsValue)v);
        g_array_append_val(l->values[v][s], x);
      }
  }
  if (which <= VS_COMPARED_UNITS) {
    g_array_append_val(l->status, st);
    g_array_append_val(l->nan, nan);
  }
}

static inline gboolean
is_customer(const VsAnalysis *a, gsize u)
{
  return a->kind[u] == VS_KIND_CUSTOMER;
}

/* Unit @u of side 0 or 1 matched on the other side, where it must be a
 * customer (@customer) or not; -1 when it is not there as such. */
static gint32
match_unit(const VsComparison *c, int side, gsize u, gboolean customer)
{
  gint32 v = c->unit_map[side][u];

  if (v < 0 || is_customer(c->side[!side], (gsize)v) != customer)
    return -1;
  return v;
}

/* The unit of the after side with the id of before unit @u, or -1. Two
 * snapshots or a scenario's copy list most ids in the same order, so the
 * unit after the one matched last is tried before the id index. */
static gint32
find_after(const VsOrg *ob, const VsOrg *oa, gsize u, gsize guess)
{
  const char *id = vs_i_unit_id(ob, u);

  if (guess < oa->u_id->len) {
    const char *there = vs_i_unit_id(oa, guess);
    if (there == id || strcmp(there, id) == 0)
      return (gint32)guess;
  }
  return (gint32)vs_org_find_unit(oa, id);
}

/* c->unit_map[0]: each before unit's match by id on the after side, and
 * c->unit_map[1] the other way (ids are unique on each side). */
static void
map_units(VsComparison *c)
{
  const VsOrg *ob = vs_analysis_get_org(c->side[0]), *oa = vs_analysis_get_org(c->side[1]);
  gsize nb = vs_org_get_n_units(ob), na = vs_org_get_n_units(oa), guess = 0;
  gint32 *to_after = g_new(gint32, MAX(nb, 1)), *to_before = g_new(gint32, MAX(na, 1));

  for (gsize v = 0; v < na; v++)
    to_before[v] = -1;
  for (gsize u = 0; u < nb; u++) {
    gint32 v = find_after(ob, oa, u, guess);
    to_after[u] = v;
    if (v >= 0) {
      to_before[v] = (gint32)u;
      guess = (gsize)v + 1;
    }
  }
  c->unit_map[0] = to_after;
  c->unit_map[1] = to_before;
}

static void
compare_customers(VsComparison *c)
{
  for (int side = 0; side < 2; side++) {
    const VsAnalysis *a = c->side[side];
    for (gsize u = 0; u < vs_analysis_get_n_units(a); u++) {
      gint32 other;
      if (!is_customer(a, u))
        continue;
      other = match_unit(c, side, u, TRUE);
      if (side == 0)
        list_add(c, VS_COMPARED_CUSTOMERS, (gint32)u, other,
                 other >= 0 ? VS_STATUS_SAME : VS_STATUS_REMOVED);
      else if (other < 0)
        list_add(c, VS_COMPARED_CUSTOMERS, -1, (gint32)u, VS_STATUS_ADDED);
    }
  }
}

static inline guint32
flags_of(const VsComparison *c, int s, gint32 u)
{
  return u < 0 ? 0 : c->unit_flags[s][u];
}

static inline gint8
reaches_of(const VsComparison *c, int s, gint32 u)
{
  return u < 0 ? -1 : c->hops[s][u] >= 0;
}

/* Whether a unit on both sides differs in anything SPEC 10 lists. */
static gboolean
unit_changed(const VsComparison *c, gint32 b, gint32 a)
{
  for (guint i = 0; i < G_N_ELEMENTS(unit_values); i++) {
    VsValue v = unit_values[i];
    if (vs_comparison_value_changed(value_of(c, 0, b, v), value_of(c, 1, a, v),
                                    vs_i_comparison_scale(c, v)))
      return TRUE;
  }
  return reaches_of(c, 0, b) != reaches_of(c, 1, a) || flags_of(c, 0, b) != flags_of(c, 1, a);
}

static void
add_unit(VsComparison *c, gint32 b, gint32 a, VsStatus status)
{
  guint32 fb = flags_of(c, 0, b), fa = flags_of(c, 1, a);
  guint32 removed = status == VS_STATUS_SAME ? fb & ~fa : 0;
  guint32 added = status == VS_STATUS_SAME ? fa & ~fb : 0;
  gint8 rb = reaches_of(c, 0, b), ra = reaches_of(c, 1, a);

  list_add(c, VS_COMPARED_UNITS, b, a, status);
  g_array_append_val(c->reaches[0], rb);
  g_array_append_val(c->reaches[1], ra);
  g_array_append_val(c->flags[0], removed);
  g_array_append_val(c->flags[1], added);
}

static void
compare_units(VsComparison *c)
{
  for (int side = 0; side < 2; side++) {
    const VsAnalysis *a = c->side[side];
    for (gsize u = 0; u < vs_analysis_get_n_units(a); u++) {
      gint32 other;
      if (is_customer(a, u))
        continue;
      other = match_unit(c, side, u, FALSE);
      if (side == 1 && other < 0)
        add_unit(c, -1, (gint32)u, VS_STATUS_ADDED);
      else if (side == 0 && other < 0)
        add_unit(c, (gint32)u, -1, VS_STATUS_REMOVED);
      else if (side == 0 && unit_changed(c, (gint32)u, other))
        add_unit(c, (gint32)u, other, VS_STATUS_SAME);
    }
  }
}

/* Handoffs are matched by (from, to, deliverable): from and to as the
 * after side's unit indices, the deliverable by its text, "" for none.
 * A before handoff, in input order, takes the first after handoff of its
 * key not matched yet. Every after handoff of a key leaves the same unit,
 * so it is looked for in that unit's row of handoffs out (in input
 * order): a scan from the row's first handoff not matched yet, short and
 * next in memory to the last. A row longer than ROW_SCAN_MAX (a hub)
 * would make the scans quadratic: its handoffs go into a hash table of
 * keys instead, each key the chain of its handoffs in input order. */
#define ROW_SCAN_MAX 64

typedef struct {
  guint32 from, to;
  const char *deliverable; /* never NULL */
  guint32 hash;
  gint32 head; /* the first after handoff not matched yet; -1: none */
  gint32 tail;
} KeySlot;

typedef struct {
  KeySlot *slots;
  gsize mask;
  gint32 *next; /* per after handoff: the next one of its key */
  /* the hash of the deliverable seen last: a handful repeat */
  const char *last_d;
  guint32 last_h;
} KeyTable;

/* The after side's handoffs out of each unit: h[off[u] .. off[u + 1]),
 * in input order (its analysis's rows, borrowed); first[u] is the first
 * place there not matched yet. */
typedef struct {
  const guint32 *off, *h;
  guint32 *first;
  guint8 *matched; /* per after handoff */
} OutRows;

static inline const char *
deliverable_of(const VsOrg *org, gsize h)
{
  const char *d = ((const char *const *)(void *)org->h_deliverable->data)[h];
  return d != NULL ? d : "";
}

static inline guint32
key_hash(KeyTable *t, guint32 from, guint32 to, const char *d)
{
  guint32 x;

  if (d != t->last_d) {
    t->last_d = d;
    t->last_h = g_str_hash(d);
  }
  x = from * 0x9E3779B1u ^ (to + 0x7F4A7C15u) * 0x85EBCA77u ^ t->last_h * 0xC2B2AE3Du;
  x ^= x >> 15;
  x *= 0x2C1B3C6Du;
  x ^= x >> 12;
  return x;
}

/* The slot of the key, empty (head and tail -1, deliverable NULL) when
 * it is not there. */
static inline KeySlot *
key_slot(KeyTable *t, guint32 from, guint32 to, const char *d, guint32 hash)
{
  for (gsize i = hash & t->mask;; i = (i + 1) & t->mask) {
    KeySlot *k = &t->slots[i];
    if (k->deliverable == NULL)
      return k;
    if (k->hash == hash && k->from == from && k->to == to &&
        (k->deliverable == d || strcmp(k->deliverable, d) == 0))
      return k;
  }
}

static inline gsize
row_length(const OutRows *r, guint32 u)
{
  return r->off[u + 1] - r->off[u];
}

/* The rows of the after side, and the hash table of its hubs' handoffs. */
static void
rows_new(const VsAnalysis *after, OutRows *r, KeyTable *t)
{
  const VsOrg *oa = after->org;
  const guint32 *from = after->from, *to = after->to;
  gsize m = after->m, n = after->n, n_hub = 0, size = 16;

  r->off = after->out_off;
  r->h = after->out_e;
  r->first = g_new(guint32, MAX(n, 1));
  r->matched = g_new0(guint8, MAX(m, 1));
  for (gsize u = 0; u < n; u++) {
    r->first[u] = r->off[u];
    if (row_length(r, (guint32)u) > ROW_SCAN_MAX)
      n_hub += row_length(r, (guint32)u);
  }
  while (size < 2 * n_hub)
    size *= 2;
  *t = (KeyTable){g_new0(KeySlot, size), size - 1, n_hub > 0 ? g_new(gint32, m) : NULL, NULL, 0};
  for (gsize h = 0; h < m && n_hub > 0; h++) {
    const char *d = deliverable_of(oa, h);
    guint32 hash;
    KeySlot *k;
    if (row_length(r, from[h]) <= ROW_SCAN_MAX)
      continue;
    hash = key_hash(t, from[h], to[h], d);
    k = key_slot(t, from[h], to[h], d, hash);
    t->next[h] = -1;
    if (k->deliverable == NULL) {
      *k = (KeySlot){from[h], to[h], d, hash, (gint32)h, (gint32)h};
    } else {
      t->next[k->tail] = (gint32)h;
      k->tail = (gint32)h;
    }
  }
}

static void
rows_clear(OutRows *r, KeyTable *t)
{
  g_free(r->first);
  g_free(r->matched);
  g_free(t->slots);
  g_free(t->next);
}

/* The after handoff that before handoff @h matches, taken, or -1. */
static gint32
match_handoff(const VsComparison *c, OutRows *r, KeyTable *t, gsize h)
{
  const VsAnalysis *before = c->side[0], *after = c->side[1];
  const VsOrg *ob = before->org, *oa = after->org;
  const guint32 *to_a = after->to;
  gint32 from = c->unit_map[0][before->from[h]];
  gint32 to = c->unit_map[0][before->to[h]];
  const char *d;
  gint32 a = -1;

  if (from < 0 || to < 0)
    return -1;
  d = deliverable_of(ob, h);
  if (row_length(r, (guint32)from) > ROW_SCAN_MAX) {
    KeySlot *k =
        key_slot(t, (guint32)from, (guint32)to, d, key_hash(t, (guint32)from, (guint32)to, d));
    if (k->deliverable == NULL || k->head < 0)
      return -1;
    a = k->head;
    k->head = t->next[a];
  } else {
    guint32 end = r->off[from + 1];
    while (r->first[from] < end && r->matched[r->h[r->first[from]]])
      r->first[from]++;
    for (guint32 p = r->first[from]; p < end && a < 0; p++) {
      guint32 e = r->h[p];
      const char *da;
      if (r->matched[e] || to_a[e] != (guint32)to)
        continue;
      da = deliverable_of(oa, e);
      if (da == d || strcmp(da, d) == 0)
        a = (gint32)e;
    }
    if (a < 0)
      return -1;
  }
  r->matched[a] = TRUE;
  return a;
}

static void
compare_handoffs(VsComparison *c)
{
  const double *sb = vs_analysis_get_handoff_scores(c->side[0], NULL);
  const double *sa = vs_analysis_get_handoff_scores(c->side[1], NULL);
  gsize nb = vs_analysis_get_n_handoffs(c->side[0]), na = vs_analysis_get_n_handoffs(c->side[1]);
  OutRows r;
  KeyTable t;

  rows_new(c->side[1], &r, &t);
  for (gsize h = 0; h < nb; h++) {
    gint32 a = match_handoff(c, &r, &t, h);
    if (a < 0) {
      list_add(c, VS_COMPARED_HANDOFFS_REMOVED, (gint32)h, -1, VS_STATUS_REMOVED);
    } else if (vs_comparison_value_changed(sb[h], sa[a], 0.0)) {
      list_add(c, VS_COMPARED_HANDOFFS_RESCORED, (gint32)h, a, VS_STATUS_SAME);
      g_array_append_val(c->scores[0], sb[h]);
      g_array_append_val(c->scores[1], sa[a]);
    }
  }
  for (gsize h = 0; h < na; h++)
    if (!r.matched[h])
      list_add(c, VS_COMPARED_HANDOFFS_ADDED, -1, (gint32)h, VS_STATUS_ADDED);
  rows_clear(&r, &t);
}

static double
n_flagged(const VsAnalysis *a)
{
  const guint32 *flags = vs_analysis_get_flags(a, NULL);
  gsize n = 0;

  for (gsize u = 0; u < vs_analysis_get_n_units(a); u++)
    n += !is_customer(a, u) && flags[u] != 0;
  return (double)n;
}

static void
compare_figures(VsComparison *c)
{
  for (int s = 0; s < 2; s++) {
    const VsAnalysis *a = c->side[s];
    c->figures[VS_FIGURE_TOTAL_REVENUE][s] = vs_analysis_get_total_revenue(a);
    c->figures[VS_FIGURE_REVENUE_AT_RISK][s] = vs_analysis_get_total_at_risk(a);
    c->figures[VS_FIGURE_TOTAL_COST][s] = vs_analysis_get_total_cost(a);
    c->figures[VS_FIGURE_COST_TO_SERVE][s] = vs_analysis_get_total_cost_to_serve(a);
    c->figures[VS_FIGURE_STRANDED_COST][s] = vs_analysis_get_total_stranded_cost(a);
    c->figures[VS_FIGURE_UNITS][s] = (double)vs_analysis_get_n_units(a);
    c->figures[VS_FIGURE_HANDOFFS][s] = (double)vs_analysis_get_n_handoffs(a);
    c->figures[VS_FIGURE_FLAGGED][s] = n_flagged(a);
  }
  c->revenue_scale =
      MAX(c->figures[VS_FIGURE_TOTAL_REVENUE][0], c->figures[VS_FIGURE_TOTAL_REVENUE][1]);
  c->cost_scale = MAX(c->figures[VS_FIGURE_TOTAL_COST][0], c->figures[VS_FIGURE_TOTAL_COST][1]);
}

/* The two sides must be analysed alike, but for as_of. */
static gboolean
same_options(const VsAnalysis *before, const VsAnalysis *after, GError **error)
{
  VsAnalysisOptions b = VS_ANALYSIS_OPTIONS_INIT, a = VS_ANALYSIS_OPTIONS_INIT;

  vs_analysis_get_options(before, &b);
  vs_analysis_get_options(after, &a);
  if (b.poor_score == a.poor_score && b.ripple_share == a.ripple_share &&
      b.survey_target == a.survey_target && b.trend_alpha == a.trend_alpha &&
      b.trend_min_slope == a.trend_min_slope && b.trend_min_periods == a.trend_min_periods &&
      b.cost_basis == a.cost_basis && b.markup == a.markup && b.min_responses == a.min_responses)
    return TRUE;
  g_set_error_literal(error, VS_ERROR, VS_ERROR_INVALID,
                      "the two analyses were made with different options (only as_of may "
                      "differ)");
  return FALSE;
}

VsComparison *
vs_comparison_new(const VsAnalysis *before, const VsAnalysis *after, GError **error)
{
  VsComparison *c;

  g_return_val_if_fail(before != NULL, NULL);
  g_return_val_if_fail(after != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  if (!same_options(before, after, error))
    return NULL;
  c = g_new0(VsComparison, 1);
  c->side[0] = before;
  c->side[1] = after;
  for (int l = 0; l < VS_N_COMPARED; l++)
    list_init(&c->lists[l], (VsCompared)l);
  for (int s = 0; s < 2; s++) {
    c->reaches[s] = g_array_new(FALSE, FALSE, sizeof(gint8));
    c->flags[s] = g_array_new(FALSE, FALSE, sizeof(guint32));
    c->scores[s] = g_array_new(FALSE, FALSE, sizeof(double));
  }
  for (int s = 0; s < 2; s++) {
    for (int v = 0; v < VS_N_VALUES; v++)
      c->values[v][s] = value_getters[v](c->side[s], NULL);
    c->unit_flags[s] = vs_analysis_get_flags(c->side[s], NULL);
    c->hops[s] = vs_analysis_get_hops(c->side[s], NULL);
  }
  compare_figures(c);
  map_units(c);
  compare_customers(c);
  compare_units(c);
  compare_handoffs(c);
  for (int s = 0; s < 2; s++)
    g_clear_pointer(&c->unit_map[s], g_free);
  return c;
}
