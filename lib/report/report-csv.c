/* valuestream - CSV tables (RFC 4180: header row, CRLF, quoted fields).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One table per report: units, customers or handoffs, rows in input order,
 * numbers at full precision (they read back as the JSON report's), empty
 * fields for null, lists as ids separated by ';'. The columns are the
 * same for every org: the cost columns (SPEC 7) are there, 0 or empty,
 * when no unit has a cost. */
#include <math.h>
#include <string.h>

#include "report-private.h"

/* Fields are appended with a separator before all but the first; @scratch
 * builds list fields without an allocation per row. */
typedef struct {
  VsWriter *w;
  gboolean first;
  GString *scratch;
} Row;

static void
sep(Row *r)
{
  if (!r->first)
    g_string_append_c(r->w->buf, ',');
  r->first = FALSE;
}

static void
field_text(Row *r, const char *s)
{
  sep(r);
  vs_i_csv_field(r->w->buf, s);
}

static void
field_double(Row *r, double x)
{
  sep(r);
  if (isfinite(x))
    vs_i_append_double(r->w->buf, x);
}

static void
field_uint(Row *r, guint64 x, gboolean present)
{
  sep(r);
  if (present)
    g_string_append_printf(r->w->buf, "%" G_GUINT64_FORMAT, x);
}

static void
field_bool(Row *r, gboolean b)
{
  field_text(r, b ? "true" : "false");
}

static void
list_item(Row *r, const char *item)
{
  if (r->scratch->len > 0)
    g_string_append_c(r->scratch, ';');
  g_string_append(r->scratch, item);
}

/* A list of unit ids as one field; takes @units. */
static void
field_units(Row *r, const VsAnalysisView *av, guint32 *units, gsize n)
{
  g_string_truncate(r->scratch, 0);
  for (gsize i = 0; i < n; i++)
    list_item(r, vs_org_get_unit_id(av->org, units[i]));
  field_text(r, r->scratch->str);
  g_free(units);
}

static void
field_flags(Row *r, guint32 flags)
{
  g_string_truncate(r->scratch, 0);
  for (guint b = 0; b < VS_N_FLAGS; b++)
    if (flags & (1u << b))
      list_item(r, vs_flag_name(1u << b));
  field_text(r, r->scratch->str);
}

static void
end_row(Row *r)
{
  g_string_append(r->w->buf, "\r\n");
  vs_i_writer_flush_if_full(r->w);
  r->first = TRUE;
}

static Row
row_new(VsWriter *w)
{
  Row r = {w, TRUE, g_string_sized_new(256)};
  return r;
}

static void
row_clear(Row *r)
{
  g_string_free(r->scratch, TRUE);
}

static void
header(Row *r, const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    field_text(r, names[i]);
  end_row(r);
}

static void
unit_row(Row *r, const VsAnalysisView *av, guint32 u, guint32 rank)
{
  const VsOrg *org = av->org;
  gboolean customer = av->kind[u] == VS_KIND_CUSTOMER;
  gsize n = 0;
  guint32 *list;

  field_text(r, vs_org_get_unit_id(org, u));
  field_text(r, vs_kind_name(av->kind[u]));
  field_text(r, vs_org_get_unit_name(org, u));
  field_text(r, vs_org_get_unit_group(org, u));
  field_uint(r, rank, rank > 0);
  field_flags(r, av->flags[u]);
  field_double(r, av->fix[u]);
  field_double(r, av->service[u]);
  field_double(r, av->q[u]);
  field_double(r, av->exposure[u]);
  field_double(r, av->own[u]);
  field_bool(r, av->hops[u] >= 0);
  field_uint(r, (guint64)MAX(av->hops[u], 0), av->hops[u] >= 0);
  list = customer ? NULL : vs_analysis_dup_unit_customers(av->analysis, u, &n);
  field_units(r, av, list, n);
  list = vs_analysis_dup_path(av->analysis, u, &n);
  field_units(r, av, list, n);
  list = vs_analysis_dup_chokepoints(av->analysis, u, &n);
  field_units(r, av, list, n);
  field_uint(r, av->dependents[u], TRUE);
  /* cost figures of a team or supplier; empty for a customer, like the
   * JSON report that carries none for it */
  field_double(r, customer ? NAN : av->unit_cost[u]);
  field_double(r, av->loaded_cost[u]);
  field_double(r, customer ? NAN : av->stranded_cost[u]);
  end_row(r);
}

static void
write_units(VsWriter *w, const VsAnalysisView *av)
{
  static const char *const names[] = {
      "id",          "kind",          "name",    "group",       "rank",       "flags",
      "fix_value",   "service_score", "quality", "exposure",    "own",        "reaches_customer",
      "hops",        "customers",     "path",    "chokepoints", "dependents", "cost",
      "loaded_cost", "stranded_cost", NULL};
  gsize n_flagged = 0;
  g_autofree guint32 *flagged = vs_analysis_dup_flagged(av->analysis, &n_flagged);
  g_autofree guint32 *rank = g_new0(guint32, av->n + 1);
  Row r = row_new(w);

  for (gsize i = 0; i < n_flagged; i++)
    rank[flagged[i]] = (guint32)i + 1;
  header(&r, names);
  for (guint32 u = 0; u < av->n && w->error == NULL; u++)
    unit_row(&r, av, u, rank[u]);
  row_clear(&r);
}

static void
write_customers(VsWriter *w, const VsAnalysisView *av)
{
  static const char *const names[] = {
      "id",     "name", "revenue", "quality", "revenue_at_risk", "critical_units", "cost_to_serve",
      "margin", NULL};
  Row r = row_new(w);

  header(&r, names);
  for (guint32 k = 0; k < av->n_customers && w->error == NULL; k++) {
    guint32 c = av->customers[k];
    gsize n = 0;
    guint32 *critical = vs_analysis_dup_critical_units(av->analysis, c, &n);
    field_text(&r, vs_org_get_unit_id(av->org, c));
    field_text(&r, vs_org_get_unit_name(av->org, c));
    field_double(&r, vs_org_get_unit_revenue(av->org, c));
    field_double(&r, av->q[c]);
    field_double(&r, av->risk[c]);
    field_units(&r, av, critical, n);
    field_double(&r, av->cost_to_serve[c]);
    field_double(&r, av->margin[c]);
    end_row(&r);
  }
  row_clear(&r);
}

/* Where the score the analysis used came from. */
static const char *
score_source(const VsAnalysisView *av, guint32 e)
{
  if (!isnan(vs_org_get_handoff_score(av->org, e)))
    return "handoff";
  return isnan(av->score[e]) ? "" : "survey";
}

static void
write_handoffs(VsWriter *w, const VsAnalysisView *av)
{
  static const char *const names[] = {"from",           "to",     "deliverable", "weight",
                                      "share",          "score",  "score_from",  "volume",
                                      "lead_time_days", "charge", NULL};
  const VsOrg *org = av->org;
  Row r = row_new(w);

  header(&r, names);
  for (guint32 e = 0; e < av->m && w->error == NULL; e++) {
    field_text(&r, vs_org_get_unit_id(org, vs_org_get_handoff_from(org, e)));
    field_text(&r, vs_org_get_unit_id(org, vs_org_get_handoff_to(org, e)));
    field_text(&r, vs_org_get_handoff_deliverable(org, e));
    field_double(&r, vs_org_get_handoff_weight(org, e));
    field_double(&r, av->share[e]);
    field_double(&r, av->score[e]);
    field_text(&r, score_source(av, e));
    field_double(&r, vs_org_get_handoff_volume(org, e));
    field_double(&r, vs_org_get_handoff_lead_time(org, e));
    field_double(&r, av->charge[e]); /* empty when the provider is outside Rc */
    end_row(&r);
  }
  row_clear(&r);
}

void
vs_i_write_csv(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o)
{
  switch (o->table) {
  case VS_REPORT_TABLE_CUSTOMERS:
    write_customers(w, av);
    break;
  case VS_REPORT_TABLE_HANDOFFS:
    write_handoffs(w, av);
    break;
  case VS_REPORT_TABLE_UNITS:
  default:
    write_units(w, av);
    break;
  }
}
