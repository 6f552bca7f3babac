/* valuestream - CSV tables (RFC 4180: header row, CRLF, quoted fields).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One table per report: units, customers or handoffs, rows in input order,
 * numbers at full precision (they read back as the JSON report's), empty
 * fields for null, lists as ids separated by ';'. */
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
field_units(Row *r, const VsAnalysis *a, guint32 *units, gsize n)
{
  g_string_truncate(r->scratch, 0);
  for (gsize i = 0; i < n; i++)
    list_item(r, vs_org_get_unit_id(a->org, units[i]));
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
unit_row(Row *r, const VsAnalysis *a, guint32 u, guint32 rank)
{
  const VsOrg *org = a->org;
  gboolean customer = a->kind[u] == VS_KIND_CUSTOMER;
  gsize n = 0;
  guint32 *list;

  field_text(r, vs_org_get_unit_id(org, u));
  field_text(r, vs_kind_name(a->kind[u]));
  field_text(r, vs_org_get_unit_name(org, u));
  field_text(r, vs_org_get_unit_group(org, u));
  field_uint(r, rank, rank > 0);
  field_flags(r, a->flags[u]);
  field_double(r, a->fix[u]);
  field_double(r, a->service[u]);
  field_double(r, a->q[u]);
  field_double(r, a->exposure[u]);
  field_double(r, a->own[u]);
  field_bool(r, a->hops[u] >= 0);
  field_uint(r, (guint64)MAX(a->hops[u], 0), a->hops[u] >= 0);
  list = customer ? NULL : vs_analysis_dup_unit_customers(a, u, &n);
  field_units(r, a, list, n);
  list = vs_analysis_dup_path(a, u, &n);
  field_units(r, a, list, n);
  list = vs_analysis_dup_chokepoints(a, u, &n);
  field_units(r, a, list, n);
  field_uint(r, a->dependents[u], TRUE);
  end_row(r);
}

static void
write_units(VsWriter *w, const VsAnalysis *a)
{
  static const char *const names[] = {
      "id",     "kind",     "name",        "group",   "rank", "flags",
      "fix_value", "service_score", "quality", "exposure", "own", "reaches_customer",
      "hops",   "customers", "path",      "chokepoints", "dependents", NULL};
  gsize n_flagged = 0;
  g_autofree guint32 *flagged = vs_analysis_dup_flagged(a, &n_flagged);
  g_autofree guint32 *rank = g_new0(guint32, a->n + 1);
  Row r = row_new(w);

  for (gsize i = 0; i < n_flagged; i++)
    rank[flagged[i]] = (guint32)i + 1;
  header(&r, names);
  for (guint32 u = 0; u < a->n && w->error == NULL; u++)
    unit_row(&r, a, u, rank[u]);
  row_clear(&r);
}

static void
write_customers(VsWriter *w, const VsAnalysis *a)
{
  static const char *const names[] = {"id",      "name",          "revenue",
                                      "quality", "revenue_at_risk", "critical_units", NULL};
  Row r = row_new(w);

  header(&r, names);
  for (guint32 k = 0; k < a->n_customers && w->error == NULL; k++) {
    guint32 c = a->customers[k];
    gsize n = 0;
    guint32 *critical = vs_analysis_dup_critical_units(a, c, &n);
    field_text(&r, vs_org_get_unit_id(a->org, c));
    field_text(&r, vs_org_get_unit_name(a->org, c));
    field_double(&r, vs_org_get_unit_revenue(a->org, c));
    field_double(&r, a->q[c]);
    field_double(&r, a->risk[c]);
    field_units(&r, a, critical, n);
    end_row(&r);
  }
  row_clear(&r);
}

/* Where the score the analysis used came from. */
static const char *
score_source(const VsAnalysis *a, guint32 e)
{
  if (!isnan(vs_org_get_handoff_score(a->org, e)))
    return "handoff";
  return isnan(a->score[e]) ? "" : "survey";
}

static void
write_handoffs(VsWriter *w, const VsAnalysis *a)
{
  static const char *const names[] = {"from",   "to",           "deliverable", "weight",
                                      "share",  "score",        "score_from",  "volume",
                                      "lead_time_days", NULL};
  const VsOrg *org = a->org;
  Row r = row_new(w);

  header(&r, names);
  for (guint32 e = 0; e < a->m && w->error == NULL; e++) {
    field_text(&r, vs_org_get_unit_id(org, vs_org_get_handoff_from(org, e)));
    field_text(&r, vs_org_get_unit_id(org, vs_org_get_handoff_to(org, e)));
    field_text(&r, vs_org_get_handoff_deliverable(org, e));
    field_double(&r, vs_org_get_handoff_weight(org, e));
    field_double(&r, a->share[e]);
    field_double(&r, a->score[e]);
    field_text(&r, score_source(a, e));
    field_double(&r, vs_org_get_handoff_volume(org, e));
    field_double(&r, vs_org_get_handoff_lead_time(org, e));
    end_row(&r);
  }
  row_clear(&r);
}

void
vs_i_write_csv(VsWriter *w, const VsAnalysis *a, const VsReportOptions *o)
{
  switch (o->table) {
  case VS_REPORT_TABLE_CUSTOMERS:
    write_customers(w, a);
    break;
  case VS_REPORT_TABLE_HANDOFFS:
    write_handoffs(w, a);
    break;
  case VS_REPORT_TABLE_UNITS:
  default:
    write_units(w, a);
    break;
  }
}
