/* valuestream - an org copied, and a copy changed (what-if scenarios).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Edits work on the columns in place and then restore what derives from
 * them: the id index after units are removed (vs_i_org_reindex()), and
 * the cached topology, dropped on every change (vs_i_org_invalidate()).
 * Strings left behind by an edit stay in the org's pool, which is not
 * part of what the org holds. */
#include <math.h>
#include <string.h>

#include "org-private.h"

#define COL(col, type, i) (((type *)(void *)(col)->data)[i])

VsOrg *
vs_org_copy(const VsOrg *org)
{
  VsOrg *copy;
  gsize n_units, n_handoffs, n_surveys;

  g_return_val_if_fail(org != NULL, NULL);
  copy = vs_org_new();
  n_units = org->u_id->len;
  n_handoffs = org->h_from->len;
  n_surveys = org->s_period->len;
  vs_i_org_reserve(copy, n_units, n_handoffs);
  for (gsize u = 0; u < n_units; u++) {
    VsUnitAttrs a = VS_UNIT_ATTRS_INIT;
    a.name = COL(org->u_name, const char *, u);
    a.group = COL(org->u_group, const char *, u);
    a.revenue = COL(org->u_revenue, double, u);
    a.own_share = COL(org->u_own_share, double, u);
    a.headcount = COL(org->u_headcount, double, u);
    a.cost = COL(org->u_cost, double, u);
    /* the original holds only what these checks passed */
    vs_org_add_unit(copy, vs_i_unit_id(org, u), (VsKind)COL(org->u_kind, guint8, u), &a, NULL);
  }
  for (gsize h = 0; h < n_handoffs; h++) {
    VsHandoffAttrs a = VS_HANDOFF_ATTRS_INIT;
    a.deliverable = COL(org->h_deliverable, const char *, h);
    a.weight = COL(org->h_weight, double, h);
    a.score = COL(org->h_score, double, h);
    a.volume = COL(org->h_volume, double, h);
    a.lead_time_days = COL(org->h_lead, double, h);
    vs_i_org_add_handoff_idx(copy, COL(org->h_from, guint32, h), COL(org->h_to, guint32, h), &a,
                             NULL);
  }
  for (gsize s = 0; s < n_surveys; s++)
    vs_i_org_add_response_idx(copy, COL(org->s_period, const char *, s),
                              COL(org->s_respondent, guint32, s), COL(org->s_provider, guint32, s),
                              COL(org->s_score, double, s), COL(org->s_min, double, s),
                              COL(org->s_max, double, s), NULL);
  /* the notes of the original, not those re-adding the units made */
  g_ptr_array_set_size(copy->notes, 0);
  for (guint i = 0; i < org->notes->len; i++)
    g_ptr_array_add(copy->notes, g_strdup(g_ptr_array_index(org->notes, i)));
  return copy;
}

/* Keeps the rows i of @col with !@drop[i], in order. */
static void
compact(GArray *col, const gboolean *drop)
{
  gsize size = g_array_get_element_size(col), n = col->len, k = 0;

  for (gsize i = 0; i < n; i++) {
    if (drop[i])
      continue;
    if (k != i)
      memcpy(col->data + k * size, col->data + i * size, size);
    k++;
  }
  g_array_set_size(col, (guint)k); /* the allocation stays: the capacity holds */
}

void
vs_i_org_remove_handoffs(VsOrg *org, const gboolean *drop)
{
  GArray *const cols[] = {org->h_from,  org->h_to,     org->h_deliverable, org->h_weight,
                          org->h_score, org->h_volume, org->h_lead};

  for (guint c = 0; c < G_N_ELEMENTS(cols); c++)
    compact(cols[c], drop);
  vs_i_org_invalidate(org);
}

/* Unit indices above @unit move down one place. */
static void
renumber(GArray *col, gsize unit)
{
  for (gsize i = 0; i < col->len; i++)
    if (COL(col, guint32, i) > unit)
      COL(col, guint32, i)--;
}

static void
remove_surveys_of(VsOrg *org, gsize unit)
{
  GArray *const cols[] = {org->s_period, org->s_respondent, org->s_provider,
                          org->s_score,  org->s_min,        org->s_max};
  gsize n = org->s_period->len;
  g_autofree gboolean *drop = g_new0(gboolean, MAX(n, 1));

  for (gsize s = 0; s < n; s++)
    drop[s] =
        COL(org->s_respondent, guint32, s) == unit || COL(org->s_provider, guint32, s) == unit;
  for (guint c = 0; c < G_N_ELEMENTS(cols); c++)
    compact(cols[c], drop);
  renumber(org->s_respondent, unit);
  renumber(org->s_provider, unit);
}

void
vs_i_org_remove_unit(VsOrg *org, gsize unit)
{
  GArray *const ucols[] = {org->u_id,      org->u_name,      org->u_group,     org->u_kind,
                           org->u_revenue, org->u_own_share, org->u_headcount, org->u_cost};
  gsize m = org->h_from->len;
  g_autofree gboolean *drop = g_new0(gboolean, MAX(m, 1));

  g_return_if_fail(unit < org->u_id->len);
  for (gsize h = 0; h < m; h++)
    drop[h] = COL(org->h_from, guint32, h) == unit || COL(org->h_to, guint32, h) == unit;
  vs_i_org_remove_handoffs(org, drop);
  renumber(org->h_from, unit);
  renumber(org->h_to, unit);
  remove_surveys_of(org, unit);
  org->n_kind[COL(org->u_kind, guint8, unit)]--;
  for (guint c = 0; c < G_N_ELEMENTS(ucols); c++)
    g_array_remove_index(ucols[c], (guint)unit);
  vs_i_org_reindex(org);
  vs_i_org_invalidate(org);
}

void
vs_i_org_set_handoff_score(VsOrg *org, gsize h, double score)
{
  g_return_if_fail(h < org->h_from->len);
  COL(org->h_score, double, h) = score;
  vs_i_org_invalidate(org);
}

void
vs_i_org_set_unit_kind(VsOrg *org, gsize unit, VsKind kind)
{
  VsKind old;

  g_return_if_fail(unit < org->u_id->len && vs_kind_name(kind) != NULL);
  old = (VsKind)COL(org->u_kind, guint8, unit);
  if (old == kind)
    return;
  if (kind == VS_KIND_CUSTOMER)
    COL(org->u_cost, double, unit) = 0.0;
  if (old == VS_KIND_CUSTOMER)
    COL(org->u_revenue, double, unit) = 0.0;
  org->n_kind[old]--;
  org->n_kind[kind]++;
  COL(org->u_kind, guint8, unit) = (guint8)kind;
  vs_i_org_invalidate(org);
}

gboolean
vs_i_org_set_unit_text(VsOrg *org, gsize unit, const char *field, const char *value, GError **error)
{
  const char *copy = NULL;
  gboolean is_name = strcmp(field, "name") == 0;

  g_return_val_if_fail(unit < org->u_id->len, FALSE);
  if (value != NULL && *value != '\0') {
    if (!g_utf8_validate(value, -1, NULL)) {
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": is not valid UTF-8", field);
      return FALSE;
    }
    if (!is_name)
      copy = vs_i_org_intern(org, field, value, error);
    else if (strcmp(value, vs_i_unit_id(org, unit)) != 0)
      copy = g_string_chunk_insert(org->strings, value);
  }
  COL(is_name ? org->u_name : org->u_group, const char *, unit) = copy;
  vs_i_org_invalidate(org);
  return TRUE;
}

gboolean
vs_i_org_set_unit_number(VsOrg *org, gsize unit, const char *field, double value, GError **error)
{
  gboolean own = strcmp(field, "own_share") == 0, revenue = strcmp(field, "revenue") == 0;
  VsKind kind;

  g_return_val_if_fail(unit < org->u_id->len, FALSE);
  kind = (VsKind)COL(org->u_kind, guint8, unit);
  if (!isnan(value) && (!isfinite(value) || value < 0 || (own && value > 1))) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": %g is not in %s", field, value,
                own ? "0..1" : "0 and above");
    return FALSE;
  }
  if (own) {
    COL(org->u_own_share, double, unit) = value;
  } else {
    double x = isnan(value) ? 0.0 : value;
    gboolean ignored = revenue ? kind != VS_KIND_CUSTOMER : kind == VS_KIND_CUSTOMER;
    if (ignored && x != 0.0)
      vs_i_org_add_note(org, "unit %s is a %s; its %s %g is ignored", vs_i_unit_id(org, unit),
                        vs_kind_name(kind), field, x);
    COL(revenue ? org->u_revenue : org->u_cost, double, unit) = ignored ? 0.0 : x;
  }
  vs_i_org_invalidate(org);
  return TRUE;
}

gboolean
vs_i_org_check_rules(const VsOrg *org, GError **error)
{
  for (gsize h = 0; h < org->h_from->len; h++) {
    guint32 from = COL(org->h_from, guint32, h), to = COL(org->h_to, guint32, h);
    if (COL(org->u_kind, guint8, from) == VS_KIND_CUSTOMER) {
      g_autofree char *f = vs_i_short_id(vs_i_unit_id(org, from));
      g_autofree char *t = vs_i_short_id(vs_i_unit_id(org, to));
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                  "%s is a customer but hands off to %s; customers do not hand off", f, t);
      return FALSE;
    }
  }
  return vs_org_validate(org, error);
}
