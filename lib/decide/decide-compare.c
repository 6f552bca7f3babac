/* valuestream - two analyses compared (SPEC 10): a scenario against its
 * baseline, or two snapshots of an organisation.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Units are matched by id; handoffs by (from, to, deliverable), with "" for
 * none, parallel ones with one key in input order. Everything is computed
 * here, once: the getters (decide-compare-get.c) hand out flat arrays. */
#include <math.h>
#include <string.h>

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

static void
list_init(VsComparedList *l)
{
  for (int s = 0; s < 2; s++) {
    l->rows[s] = g_array_new(FALSE, FALSE, sizeof(gint32));
    for (int v = 0; v < VS_N_VALUES; v++)
      l->values[v][s] = g_array_new(FALSE, FALSE, sizeof(double));
  }
  l->status = g_array_new(FALSE, FALSE, sizeof(guint8));
}

static void
list_clear(VsComparedList *l)
{
  for (int s = 0; s < 2; s++) {
    g_array_free(l->rows[s], TRUE);
    for (int v = 0; v < VS_N_VALUES; v++)
      g_array_free(l->values[v][s], TRUE);
  }
  g_array_free(l->status, TRUE);
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

static void
list_add(VsComparison *c, VsCompared which, gint32 before, gint32 after, VsStatus status)
{
  VsComparedList *l = &c->lists[which];
  gint32 rows[2] = {before, after};
  guint8 st = (guint8)status;

  for (int s = 0; s < 2; s++) {
    g_array_append_val(l->rows[s], rows[s]);
    if (which > VS_COMPARED_UNITS)
      continue;
    for (int v = 0; v < VS_N_VALUES; v++) {
      double x = takes_value(which, (VsValue)v) ? value_of(c, s, rows[s], (VsValue)v) : NAN;
      g_array_append_val(l->values[v][s], x);
    }
  }
  if (which <= VS_COMPARED_UNITS)
    g_array_append_val(l->status, st);
}

static gboolean
is_customer(const VsAnalysis *a, gsize u)
{
  return vs_org_get_unit_kind(vs_analysis_get_org(a), u) == VS_KIND_CUSTOMER;
}

/* Unit @u of side 0 or 1 matched on the other side, where it must be a
 * customer (@customer) or not; -1 when it is not there as such. */
static gint32
match_unit(const VsComparison *c, int side, gsize u, gboolean customer)
{
  const VsOrg *from = vs_analysis_get_org(c->side[side]);
  const VsOrg *other = vs_analysis_get_org(c->side[!side]);
  gssize v = vs_org_find_unit(other, vs_org_get_unit_id(from, u));

  if (v < 0 || is_customer(c->side[!side], (gsize)v) != customer)
    return -1;
  return (gint32)v;
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
 * after side's unit indices (ids matched once per unit), the deliverable
 * by its text, "" for none. The after side's handoffs of one key form a
 * chain in input order; a before handoff takes the chain's head. */
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
  /* the hash of the deliverable seen last: a handful repeat */
  const char *last_d;
  guint32 last_h;
} KeyTable;

static inline const char *
deliverable_of(const VsOrg *org, gsize h)
{
  const char *d = vs_org_get_handoff_deliverable(org, h);
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

static void
compare_handoffs(VsComparison *c)
{
  const VsOrg *ob = vs_analysis_get_org(c->side[0]), *oa = vs_analysis_get_org(c->side[1]);
  const double *sb = vs_analysis_get_handoff_scores(c->side[0], NULL);
  const double *sa = vs_analysis_get_handoff_scores(c->side[1], NULL);
  const guint32 *fa, *ta, *fb, *tb;
  gsize na = vs_org_get_handoff_ends(oa, &fa, &ta);
  gsize nb = vs_org_get_handoff_ends(ob, &fb, &tb);
  gsize nub = vs_org_get_n_units(ob), size = 16;
  g_autofree gint32 *next = g_new(gint32, MAX(na, 1));
  g_autofree guint8 *matched = g_new0(guint8, MAX(na, 1));
  g_autofree gint32 *unit_map = g_new(gint32, MAX(nub, 1));
  g_autofree KeySlot *slots = NULL;
  KeyTable t = {NULL, 0, NULL, 0};

  while (size < 2 * na)
    size *= 2;
  slots = g_new0(KeySlot, size);
  t.slots = slots;
  t.mask = size - 1;
  for (gsize u = 0; u < nub; u++)
    unit_map[u] = (gint32)vs_org_find_unit(oa, vs_org_get_unit_id(ob, u));
  for (gsize h = 0; h < na; h++) {
    const char *d = deliverable_of(oa, h);
    guint32 hash = key_hash(&t, fa[h], ta[h], d);
    KeySlot *k = key_slot(&t, fa[h], ta[h], d, hash);
    next[h] = -1;
    if (k->deliverable == NULL) {
      k->from = fa[h];
      k->to = ta[h];
      k->deliverable = d;
      k->hash = hash;
      k->head = k->tail = (gint32)h;
    } else {
      next[k->tail] = (gint32)h;
      k->tail = (gint32)h;
    }
  }
  for (gsize h = 0; h < nb; h++) {
    gint32 from = unit_map[fb[h]], to = unit_map[tb[h]];
    KeySlot *k = NULL;
    gint32 a;
    if (from >= 0 && to >= 0) {
      const char *d = deliverable_of(ob, h);
      k = key_slot(&t, (guint32)from, (guint32)to, d, key_hash(&t, (guint32)from, (guint32)to, d));
    }
    if (k == NULL || k->deliverable == NULL || k->head < 0) {
      list_add(c, VS_COMPARED_HANDOFFS_REMOVED, (gint32)h, -1, VS_STATUS_REMOVED);
      continue;
    }
    a = k->head;
    k->head = next[a];
    matched[a] = TRUE;
    if (vs_comparison_value_changed(sb[h], sa[a], 0.0)) {
      list_add(c, VS_COMPARED_HANDOFFS_RESCORED, (gint32)h, a, VS_STATUS_SAME);
      g_array_append_val(c->scores[0], sb[h]);
      g_array_append_val(c->scores[1], sa[a]);
    }
  }
  for (gsize h = 0; h < na; h++)
    if (!matched[h])
      list_add(c, VS_COMPARED_HANDOFFS_ADDED, -1, (gint32)h, VS_STATUS_ADDED);
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
    list_init(&c->lists[l]);
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
  compare_customers(c);
  compare_units(c);
  compare_handoffs(c);
  return c;
}
