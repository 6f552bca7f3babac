/* valuestream - a mining result as an organisation, in memory and on disk.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "mine-private.h"

/* How many names a note lists before "...". */
#define NOTE_NAMES 20

/* ---- the org ------------------------------------------------------------------ */

/* Unit @u of the result as an org unit, with @units' attributes when it
 * lists the unit. Revenue goes to customers and own_share and cost to the
 * others only, as the model ignores them elsewhere. */
static gboolean
add_unit(VsOrg *org, const VsMineResult *r, const VsOrg *units, gsize u, GError **error)
{
  const char *id = vs_mine_result_get_unit_id(r, u);
  gssize t = units != NULL ? vs_org_find_unit(units, id) : -1;
  VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
  VsKind kind = vs_mine_result_get_unit_kind(r, u);
  double revenue = vs_mine_result_get_unit_revenue(r, u);
  double own = vs_mine_result_get_unit_own_share(r, u);

  if (t >= 0) {
    kind = vs_org_get_unit_kind(units, (gsize)t);
    attrs.name = vs_org_get_unit_name(units, (gsize)t);
    attrs.group = vs_org_get_unit_group(units, (gsize)t);
    attrs.headcount = vs_org_get_unit_headcount(units, (gsize)t);
    if (vs_org_get_unit_revenue(units, (gsize)t) > 0)
      revenue = vs_org_get_unit_revenue(units, (gsize)t);
    if (!isnan(vs_org_get_unit_own_share(units, (gsize)t)))
      own = vs_org_get_unit_own_share(units, (gsize)t);
  }
  if (kind == VS_KIND_CUSTOMER)
    attrs.revenue = revenue;
  else {
    attrs.own_share = own;
    if (t >= 0)
      attrs.cost = vs_org_get_unit_cost(units, (gsize)t);
  }
  if (vs_org_add_unit(org, id, kind, &attrs, error) < 0) {
    g_prefix_error(error, "%s: unit \"%s\": ", r->name, id);
    return FALSE;
  }
  return TRUE;
}

/* Appends up to NOTE_NAMES names of @names[0..n) to @out, comma-separated. */
static void
append_names(GString *out, const char *const *names, gsize n)
{
  for (gsize i = 0; i < n && i < NOTE_NAMES; i++)
    g_string_append_printf(out, "%s%s", i > 0 ? ", " : "", names[i]);
  if (n > NOTE_NAMES)
    g_string_append_printf(out, " and %" G_GSIZE_FORMAT " more", n - NOTE_NAMES);
}

/* What the org should tell every analysis about how it was mined. */
static void
add_notes(VsOrg *org, const VsMineResult *r, const VsOrg *units, guint64 self_pairs)
{
  guint64 skipped = r->counts[VS_MINE_EVENTS_SKIPPED];

  if (skipped > 0)
    vs_i_org_add_note(org,
                      "mined from %s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                      " events had no team and were skipped",
                      r->name, skipped, r->counts[VS_MINE_EVENTS]);
  if (r->unmapped->len > 0) {
    g_autoptr(GString) s = g_string_new(NULL);
    append_names(s, (const char *const *)r->unmapped->pdata, r->unmapped->len);
    vs_i_org_add_note(
        org,
        "mined from %s: %u people are not in the people map, so their %" G_GUINT64_FORMAT
        " events were skipped: %s",
        r->name, r->unmapped->len, r->counts[VS_MINE_EVENTS_UNMAPPED], s->str);
  }
  if (self_pairs > 0)
    vs_i_org_add_note(org,
                      "mined from %s: %" G_GUINT64_FORMAT " self-handover pairs (a team to "
                      "itself) are not handoffs of the model and were left out",
                      r->name, self_pairs);
  if (units != NULL) {
    g_autoptr(GPtrArray) absent = g_ptr_array_new();
    for (gsize u = 0; u < vs_org_get_n_units(units); u++) {
      const char *id = vs_org_get_unit_id(units, u);
      guint32 hash = vs_i_intern_hash(id, strlen(id));
      if (vs_i_intern_find(&r->units, id, strlen(id), hash) < 0)
        g_ptr_array_add(absent, (gpointer)id);
    }
    if (absent->len > 0) {
      g_autoptr(GString) s = g_string_new(NULL);
      append_names(s, (const char *const *)absent->pdata, absent->len);
      vs_i_org_add_note(org,
                        "mined from %s: %u units of the units file do not occur in the "
                        "log and were left out: %s",
                        r->name, absent->len, s->str);
    }
  }
}

/* The org, and for each of its handoffs the pair it comes from. */
static VsOrg *
build_org(const VsMineResult *r, const VsOrg *units, GArray *pair_of_handoff, GError **error)
{
  g_autoptr(VsOrg) org = vs_org_new();
  const guint32 *from, *to;
  gsize n = vs_mine_result_get_pairs(r, &from, &to);
  const double *col[VS_MINE_RETURNS + 1];
  guint64 self_pairs = 0;

  for (guint c = 0; c < G_N_ELEMENTS(col); c++)
    col[c] = vs_mine_result_get_column(r, (VsMineColumn)c, NULL);
  /* Teams first, then customers, each in order of first appearance. */
  g_autofree guint32 *org_index = g_new(guint32, MAX(vs_mine_result_get_n_units(r), 1));
  guint32 next = 0;
  for (int customers = 0; customers <= 1; customers++)
    for (gsize u = 0; u < vs_mine_result_get_n_units(r); u++) {
      if ((vs_mine_result_get_unit_kind(r, u) == VS_KIND_CUSTOMER) != customers)
        continue;
      if (!add_unit(org, r, units, u, error))
        return NULL;
      org_index[u] = next++;
    }
  for (gsize p = 0; p < n; p++) {
    VsHandoffAttrs attrs = VS_HANDOFF_ATTRS_INIT;
    guint32 pair = (guint32)p;

    if (from[p] == to[p]) {
      self_pairs++;
      continue;
    }
    attrs.weight = col[VS_MINE_WEIGHT][p];
    attrs.volume = col[VS_MINE_VOLUME][p];
    attrs.lead_time_days = col[VS_MINE_LEAD_TIME][p];
    attrs.score = col[VS_MINE_SCORE][p];
    if (vs_i_org_add_handoff_idx(org, org_index[from[p]], org_index[to[p]], &attrs, error) < 0) {
      g_prefix_error(error, "%s: handoff %s -> %s: ", r->name,
                     vs_mine_result_get_unit_id(r, from[p]), vs_mine_result_get_unit_id(r, to[p]));
      return NULL;
    }
    if (pair_of_handoff != NULL)
      g_array_append_val(pair_of_handoff, pair);
  }
  add_notes(org, r, units, self_pairs);
  if (!vs_org_validate(org, error)) {
    g_prefix_error(error, "%s: ", r->name);
    return NULL;
  }
  return g_steal_pointer(&org);
}

VsOrg *
vs_mine_result_to_org(const VsMineResult *result, const VsOrg *units, GError **error)
{
  g_return_val_if_fail(result != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  return build_org(result, units, NULL, error);
}

/* ---- the directory ------------------------------------------------------------------ */

/* Column @c of the result, one value per handoff of the org. */
static GArray *
handoff_column(const VsMineResult *r, VsMineColumn c, const GArray *pair_of_handoff)
{
  const double *values = vs_mine_result_get_column(r, c, NULL);
  GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(double), MAX(pair_of_handoff->len, 1));

  for (guint h = 0; h < pair_of_handoff->len; h++)
    g_array_append_val(out, values[g_array_index(pair_of_handoff, guint32, h)]);
  return out;
}

/* The self pairs (a -> a), which an org cannot hold, as the rows of
 * self-handoffs.csv: their ids and figures, gathered into @ids and
 * @values (which own them). */
#define SELF_COLUMNS 6
static void
self_pairs(const VsMineResult *r, GPtrArray *ids, GArray *values[SELF_COLUMNS],
           VsCsvOutColumn columns[SELF_COLUMNS], VsCsvOutPairs *out)
{
  static const struct {
    const char *name;
    VsMineColumn column;
  } figures[SELF_COLUMNS] = {
      {"weight", VS_MINE_WEIGHT},
      {"volume", VS_MINE_VOLUME},
      {"cases", VS_MINE_CASES_COLUMN},
      {"lead_time_days", VS_MINE_LEAD_TIME},
      {"lead_time_p90_days", VS_MINE_LEAD_TIME_P90},
      {"pm4py_value", VS_MINE_PM4PY_VALUE},
  };
  const guint32 *from, *to;
  gsize n = vs_mine_result_get_pairs(r, &from, &to);

  for (guint c = 0; c < SELF_COLUMNS; c++) {
    values[c] = g_array_new(FALSE, FALSE, sizeof(double));
    columns[c] = (VsCsvOutColumn){figures[c].name, VS_CSV_OUT_EXTRA, NULL};
  }
  for (gsize p = 0; p < n; p++) {
    if (from[p] != to[p])
      continue;
    g_ptr_array_add(ids, (gpointer)vs_mine_result_get_unit_id(r, from[p]));
    for (guint c = 0; c < SELF_COLUMNS; c++)
      g_array_append_val(values[c], vs_mine_result_get_column(r, figures[c].column, NULL)[p]);
  }
  for (guint c = 0; c < SELF_COLUMNS; c++)
    columns[c].extra = (const double *)(void *)values[c]->data;
  *out = (VsCsvOutPairs){"self-handoffs.csv",
                         r->options.self_handovers,
                         ids->len,
                         (const char *const *)ids->pdata,
                         (const char *const *)ids->pdata,
                         columns,
                         r->options.normalise == VS_MINE_NORMALISE_PM4PY ? SELF_COLUMNS
                                                                         : SELF_COLUMNS - 1};
}

gboolean
vs_mine_result_write_dir(const VsMineResult *result, const VsOrg *units, const char *dir,
                         GError **error)
{
  g_autoptr(GArray) pair_of_handoff = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_autoptr(GArray) cases = NULL, returns = NULL, p90 = NULL, pm4py = NULL;
  g_autoptr(GPtrArray) self_ids = g_ptr_array_new();
  GArray *self_values[SELF_COLUMNS];
  VsCsvOutColumn self_columns[SELF_COLUMNS];
  VsCsvOutPairs self;
  g_autoptr(VsOrg) org = NULL;
  gboolean ok;

  g_return_val_if_fail(result != NULL, FALSE);
  g_return_val_if_fail(dir != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  if ((org = build_org(result, units, pair_of_handoff, error)) == NULL)
    return FALSE;
  cases = handoff_column(result, VS_MINE_CASES_COLUMN, pair_of_handoff);
  returns = handoff_column(result, VS_MINE_RETURNS, pair_of_handoff);
  p90 = handoff_column(result, VS_MINE_LEAD_TIME_P90, pair_of_handoff);
  pm4py = handoff_column(result, VS_MINE_PM4PY_VALUE, pair_of_handoff);
  const VsCsvOutColumn columns[] = {
      {"weight", VS_CSV_OUT_WEIGHT, NULL},
      {"volume", VS_CSV_OUT_VOLUME, NULL},
      {"lead_time_days", VS_CSV_OUT_LEAD_TIME, NULL},
      {"score", VS_CSV_OUT_SCORE, NULL},
      {"cases", VS_CSV_OUT_EXTRA, (const double *)(void *)cases->data},
      {"returns", VS_CSV_OUT_EXTRA, (const double *)(void *)returns->data},
      {"lead_time_p90_days", VS_CSV_OUT_EXTRA, (const double *)(void *)p90->data},
      {"pm4py_value", VS_CSV_OUT_EXTRA, (const double *)(void *)pm4py->data},
  };
  /* pm4py_value only when asked for: the default file stays as it was */
  gsize n_columns =
      G_N_ELEMENTS(columns) - (result->options.normalise == VS_MINE_NORMALISE_PM4PY ? 0 : 1);
  self_pairs(result, self_ids, self_values, self_columns, &self);
  ok = vs_i_org_write_csv_dir(org, dir, columns, n_columns, &self, "mined output", error);
  for (guint c = 0; c < SELF_COLUMNS; c++)
    g_array_unref(self_values[c]);
  return ok;
}
