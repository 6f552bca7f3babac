/* valuestream - the SPEC section 5 JSON report, the text summary, and the
 * entry points of every format (CSV, DOT and HTML are in lib/report-*.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Writers read a VsAnalysis and compute nothing of their own beyond
 * formatting; they stream, so a report of any size needs little memory
 * beyond the optional shares table. */
#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "report-private.h"

static const char *const format_names[] = {"json", "text", "csv", "dot", "html"};
static const char *const table_names[] = {"units", "customers", "handoffs"};

/* The index of @name in @names, or -1. */
static int
name_index(const char *const *names, guint n, const char *name)
{
  for (guint i = 0; i < n; i++)
    if (strcmp(name, names[i]) == 0)
      return (int)i;
  return -1;
}

gboolean
vs_report_format_from_name(const char *name, VsReportFormat *format)
{
  int i;
  g_return_val_if_fail(name != NULL, FALSE);
  i = name_index(format_names, G_N_ELEMENTS(format_names), name);
  if (i >= 0 && format != NULL)
    *format = (VsReportFormat)i;
  return i >= 0;
}

gboolean
vs_report_table_from_name(const char *name, VsReportTable *table)
{
  int i;
  g_return_val_if_fail(name != NULL, FALSE);
  i = name_index(table_names, G_N_ELEMENTS(table_names), name);
  if (i >= 0 && table != NULL)
    *table = (VsReportTable)i;
  return i >= 0;
}

/* ---- JSON ------------------------------------------------------------------ */

static void
json_units(VsWriter *w, const VsOrg *org, const guint32 *units, gsize n)
{
  vs_i_json_begin_array(w);
  for (gsize i = 0; i < n; i++)
    vs_i_json_string(w, vs_org_get_unit_id(org, units[i]));
  vs_i_json_end_array(w);
}

/* json_units() of a list the caller does not keep. */
static void
json_owned_units(VsWriter *w, const VsOrg *org, guint32 *units, gsize n)
{
  json_units(w, org, units, n);
  g_free(units);
}

static void
json_flags(VsWriter *w, guint32 flags)
{
  vs_i_json_begin_array(w);
  for (guint b = 0; b < VS_N_FLAGS; b++)
    if (flags & (1u << b))
      vs_i_json_string(w, vs_flag_name(1u << b));
  vs_i_json_end_array(w);
}

/* Every unit's share of every customer, row-major by unit, customers in
 * id order (their customer_rank), by one backward pass per customer;
 * NULL when not wanted. */
static double *
shares_table(const VsAnalysis *a, const VsReportOptions *o)
{
  gsize n = a->n, c = a->n_customers;
  g_autofree double *column = NULL;
  double *table;

  if (o->shares == VS_SHARES_NEVER || c == 0 || n == 0)
    return NULL;
  if (o->shares == VS_SHARES_AUTO && (double)n * (double)c > VS_SHARES_AUTO_LIMIT)
    return NULL;
  table = g_new0(double, n * c);
  column = g_new(double, n);
  for (gsize k = 0; k < c; k++) {
    guint32 rank = a->customer_rank[a->customers[k]];
    vs_analysis_get_customer_shares(a, a->customers[k], column);
    for (gsize u = 0; u < n; u++)
      table[u * c + rank] = column[u];
  }
  return table;
}

static void
json_line_of_sight(VsWriter *w, const VsAnalysis *a, gsize u, const double *shares)
{
  const VsOrg *org = a->org;
  gboolean customer = a->kind[u] == VS_KIND_CUSTOMER;
  gsize n_cust = 0, n_path = 0;
  guint32 *cust = customer ? NULL : vs_analysis_dup_unit_customers(a, u, &n_cust);
  guint32 *path = vs_analysis_dup_path(a, u, &n_path);

  vs_i_json_begin_object(w);
  vs_i_json_key(w, "reaches_customer");
  vs_i_json_bool(w, a->hops[u] >= 0);
  vs_i_json_key(w, "hops");
  if (a->hops[u] >= 0)
    vs_i_json_int(w, a->hops[u]);
  else
    vs_i_json_null(w);
  vs_i_json_key(w, "customers");
  json_units(w, org, cust, n_cust);
  vs_i_json_key(w, "path");
  if (path != NULL)
    json_units(w, org, path, n_path);
  else
    vs_i_json_null(w);
  vs_i_json_key(w, "exposure");
  vs_i_json_double(w, a->exposure[u]);
  vs_i_json_key(w, "shares");
  vs_i_json_begin_object(w);
  for (gsize i = 0; shares != NULL && i < n_cust; i++) {
    vs_i_json_key(w, vs_org_get_unit_id(org, cust[i]));
    vs_i_json_double(w, shares[u * a->n_customers + a->customer_rank[cust[i]]]);
  }
  vs_i_json_end_object(w);
  vs_i_json_end_object(w);
  g_free(cust);
  g_free(path);
}

static void
json_unit(VsWriter *w, const VsAnalysis *a, gsize u, const double *shares)
{
  const VsOrg *org = a->org;
  gsize n = 0;
  guint32 *list;

  vs_i_json_begin_object(w);
  vs_i_json_key(w, "id");
  vs_i_json_string(w, vs_org_get_unit_id(org, u));
  vs_i_json_key(w, "kind");
  vs_i_json_string(w, vs_kind_name(a->kind[u]));
  vs_i_json_key(w, "name");
  vs_i_json_string(w, vs_org_get_unit_name(org, u));
  vs_i_json_key(w, "group");
  vs_i_json_string(w, vs_org_get_unit_group(org, u));
  vs_i_json_key(w, "line_of_sight");
  json_line_of_sight(w, a, u, shares);
  vs_i_json_key(w, "quality");
  vs_i_json_double(w, a->q[u]);
  vs_i_json_key(w, "service_score");
  vs_i_json_double(w, a->service[u]);
  vs_i_json_key(w, "fix_value");
  vs_i_json_double(w, a->fix[u]);
  vs_i_json_key(w, "chokepoints");
  list = vs_analysis_dup_chokepoints(a, u, &n);
  json_owned_units(w, org, list, n);
  vs_i_json_key(w, "dependents");
  vs_i_json_int(w, a->dependents[u]);
  vs_i_json_key(w, "flags");
  json_flags(w, a->flags[u]);
  vs_i_json_key(w, "own");
  vs_i_json_double(w, a->own[u]);
  vs_i_json_end_object(w);
}

static void
json_summary(VsWriter *w, const VsAnalysis *a, gboolean shares_omitted)
{
  vs_i_json_begin_object(w);
  vs_i_json_key(w, "units");
  vs_i_json_int(w, (gint64)a->n);
  vs_i_json_key(w, "teams");
  vs_i_json_int(w, (gint64)vs_analysis_get_n_kind(a, VS_KIND_TEAM));
  vs_i_json_key(w, "customers");
  vs_i_json_int(w, (gint64)vs_analysis_get_n_kind(a, VS_KIND_CUSTOMER));
  vs_i_json_key(w, "suppliers");
  vs_i_json_int(w, (gint64)vs_analysis_get_n_kind(a, VS_KIND_SUPPLIER));
  vs_i_json_key(w, "handoffs");
  vs_i_json_int(w, (gint64)a->m);
  vs_i_json_key(w, "total_revenue");
  vs_i_json_double(w, a->total_revenue);
  vs_i_json_key(w, "revenue_at_risk");
  vs_i_json_double(w, a->total_risk);
  if (shares_omitted) {
    vs_i_json_key(w, "shares_omitted");
    vs_i_json_bool(w, TRUE);
  }
  vs_i_json_end_object(w);
}

static void
json_customers(VsWriter *w, const VsAnalysis *a)
{
  vs_i_json_begin_array(w);
  for (guint32 k = 0; k < a->n_customers; k++) {
    guint32 c = a->customers[k];
    gsize n = 0;
    guint32 *critical = vs_analysis_dup_critical_units(a, c, &n);
    vs_i_json_begin_object(w);
    vs_i_json_key(w, "id");
    vs_i_json_string(w, vs_org_get_unit_id(a->org, c));
    vs_i_json_key(w, "revenue");
    vs_i_json_double(w, vs_org_get_unit_revenue(a->org, c));
    vs_i_json_key(w, "quality");
    vs_i_json_double(w, a->q[c]);
    vs_i_json_key(w, "revenue_at_risk");
    vs_i_json_double(w, a->risk[c]);
    vs_i_json_key(w, "critical_units");
    json_owned_units(w, a->org, critical, n);
    vs_i_json_end_object(w);
  }
  vs_i_json_end_array(w);
}

static void
json_loops_groups(VsWriter *w, const VsAnalysis *a)
{
  vs_i_json_key(w, "loops");
  vs_i_json_begin_array(w);
  for (guint32 l = 0; l < a->n_loops; l++) {
    gsize n;
    const guint32 *members = vs_analysis_get_loop(a, l, &n);
    json_units(w, a->org, members, n);
  }
  vs_i_json_end_array(w);
  vs_i_json_key(w, "groups");
  vs_i_json_begin_array(w);
  for (guint32 g = 0; g < a->n_groups; g++) {
    gsize n;
    const guint32 *poor = vs_analysis_get_group_poor_units(a, g, &n);
    vs_i_json_begin_object(w);
    vs_i_json_key(w, "id");
    vs_i_json_string(w, a->group_ids[g]);
    vs_i_json_key(w, "diagnosis");
    vs_i_json_string(w, vs_diagnosis_name(a->diagnosis[g]));
    vs_i_json_key(w, "poor_units");
    json_units(w, a->org, poor, n);
    vs_i_json_end_object(w);
  }
  vs_i_json_end_array(w);
}

static void
json_trend(VsWriter *w, const VsAnalysis *a, guint32 t)
{
  const VsTrend *tr = &a->trends[t];
  const char *const *periods;
  gsize n;
  const double *means = vs_analysis_get_trend_means(a, t, &periods, &n);

  vs_i_json_begin_object(w);
  vs_i_json_key(w, "provider");
  vs_i_json_string(w, vs_org_get_unit_id(a->org, tr->provider));
  vs_i_json_key(w, "respondent");
  vs_i_json_string(w, vs_org_get_unit_id(a->org, tr->respondent));
  vs_i_json_key(w, "periods");
  vs_i_json_begin_array(w);
  for (gsize i = 0; i < n; i++)
    vs_i_json_string(w, periods[i]);
  vs_i_json_end_array(w);
  vs_i_json_key(w, "means");
  vs_i_json_begin_array(w);
  for (gsize i = 0; i < n; i++)
    vs_i_json_double(w, means[i]);
  vs_i_json_end_array(w);
  vs_i_json_key(w, "score");
  vs_i_json_double(w, tr->score);
  vs_i_json_key(w, "mann_kendall_s");
  vs_i_json_double(w, tr->mk_s);
  vs_i_json_key(w, "p_value");
  vs_i_json_double(w, tr->p_value);
  vs_i_json_key(w, "theil_sen_slope");
  vs_i_json_double(w, tr->slope);
  vs_i_json_key(w, "deteriorating");
  vs_i_json_bool(w, tr->deteriorating);
  vs_i_json_end_object(w);
}

static void
write_json(VsWriter *w, const VsAnalysis *a, const VsReportOptions *o)
{
  g_autofree double *shares = shares_table(a, o);
  gboolean omitted = shares == NULL && a->n_customers > 0 && a->n > 0;

  w->pretty = o->pretty;
  vs_i_json_begin_object(w);
  vs_i_json_key(w, "valuestream");
  vs_i_json_int(w, 1);
  vs_i_json_key(w, "summary");
  json_summary(w, a, omitted);
  vs_i_json_key(w, "units");
  vs_i_json_begin_array(w);
  for (gsize u = 0; u < a->n && w->error == NULL; u++)
    json_unit(w, a, u, shares);
  vs_i_json_end_array(w);
  vs_i_json_key(w, "customers");
  json_customers(w, a);
  json_loops_groups(w, a);
  vs_i_json_key(w, "warnings");
  vs_i_json_begin_array(w);
  for (guint i = 0; i < a->warnings->len; i++)
    vs_i_json_string(w, a->warnings->pdata[i]);
  vs_i_json_end_array(w);
  vs_i_json_key(w, "trends");
  vs_i_json_begin_array(w);
  for (guint32 t = 0; t < a->n_trends; t++)
    json_trend(w, a, t);
  vs_i_json_end_array(w);
  vs_i_json_end_object(w);
}

/* ---- text ------------------------------------------------------------------ */

/* Names come from input files: keep terminal control codes out. */
static char *
printable(const char *s)
{
  GString *out = g_string_new(NULL);
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_iscntrl(c))
      g_string_append_c(out, '?');
    else
      g_string_append_unichar(out, c);
  }
  return g_string_free(out, FALSE);
}

static char *
unit_label(const VsAnalysis *a, gsize u)
{
  const char *id = vs_org_get_unit_id(a->org, u), *name = vs_org_get_unit_name(a->org, u);
  g_autofree char *raw = strcmp(id, name) == 0 ? g_strdup(id) : g_strdup_printf("%s (%s)", id, name);
  return printable(raw);
}

/* Lists in the text report show at most this many ids: the first and the
 * last TEXT_LIST_ENDS, and how many are left out between. A person reads
 * no further, and the report stays linear in the size of the org (a chain
 * of a million units is a million ids long). */
#define TEXT_LIST_MAX 20
#define TEXT_LIST_ENDS 8

static void
append_id(GString *s, const VsAnalysis *a, guint32 unit)
{
  g_autofree char *id = printable(vs_org_get_unit_id(a->org, unit));
  g_string_append(s, id);
}

/* The ids of @units joined by @sep; with @elide, the middle of a long list
 * left out. Lists that cannot add up to more than the units (loops and
 * groups are disjoint) are shown whole; paths and critical units, one
 * per flagged unit or customer, are elided. */
static char *
join_ids(const VsAnalysis *a, const guint32 *units, gsize n, const char *sep, gboolean elide)
{
  GString *s = g_string_new(NULL);
  for (gsize i = 0; i < n; i++) {
    if (i > 0)
      g_string_append(s, sep);
    if (elide && n > TEXT_LIST_MAX && i == TEXT_LIST_ENDS) {
      g_string_append_printf(s, "... (%" G_GSIZE_FORMAT " more) ...", n - 2 * TEXT_LIST_ENDS);
      i = n - TEXT_LIST_ENDS - 1;
      continue;
    }
    append_id(s, a, units[i]);
  }
  return g_string_free(s, FALSE);
}

/* The customer whose revenue depends most on @u (revenue x share), with
 * the chain that carries @u's work to it; -1 when @u reaches none. */
static gssize
most_endangered(const VsAnalysis *a, gsize u, double *share_out)
{
  g_autofree double *shares = g_new0(double, a->n_customers + 1);
  gssize best = -1;
  double best_value = -1;

  vs_analysis_get_unit_shares(a, u, shares);
  for (guint32 k = 0; k < a->n_customers; k++) {
    guint32 c = a->customers[k];
    double value = vs_org_get_unit_revenue(a->org, c) * shares[k];
    if (shares[k] > 0 && value > best_value) {
      best = c;
      best_value = value;
      *share_out = shares[k];
    }
  }
  return best;
}

static void
text_flags(GString *s, guint32 flags)
{
  gboolean first = TRUE;
  for (guint b = 0; b < VS_N_FLAGS; b++)
    if (flags & (1u << b)) {
      g_string_append_printf(s, "%s%s", first ? "" : ", ", vs_flag_name(1u << b));
      first = FALSE;
    }
}

static void
text_flagged_unit(VsWriter *w, const VsAnalysis *a, gsize rank, guint32 u)
{
  g_autofree char *label = unit_label(a, u);
  g_autoptr(GString) flags = g_string_new(NULL);
  char service[32] = "unrated";
  double share = 0;
  gssize c;

  if (!isnan(a->service[u]))
    g_snprintf(service, sizeof service, "%.2f", a->service[u]);
  text_flags(flags, a->flags[u]);
  vs_i_writer_printf(w, "%3" G_GSIZE_FORMAT ". %s\n", rank, label);
  vs_i_writer_printf(w, "     service score %s; fixing its handoffs would remove %.2f of revenue "
                        "at risk\n",
                     service, a->fix[u]);
  vs_i_writer_printf(w, "     flags: %s\n", flags->str);
  c = most_endangered(a, u, &share);
  if (c >= 0) {
    gsize n = 0;
    g_autofree guint32 *path = vs_analysis_dup_path_to(a, u, (gsize)c, &n);
    g_autofree char *chain = join_ids(a, path, n, " -> ", TRUE);
    g_autofree char *customer = unit_label(a, (gsize)c);
    vs_i_writer_printf(w, "     endangers %s (revenue %.2f, %.0f%% of it passes through): %s\n",
                       customer, vs_org_get_unit_revenue(a->org, (gsize)c), 100 * share, chain);
  } else {
    vs_i_writer_puts(w, "     its work reaches no paying customer\n");
  }
}

/* A customer's critical units: all of them, sorted by id, when they are
 * few; otherwise their number and the nearest ones (walking the dominator
 * chain no further than shown). */
static char *
critical_text(const VsAnalysis *a, guint32 c, guint32 count)
{
  GString *s;
  gint32 v = a->idom[c];

  if (count == 0)
    return g_strdup("none");
  if (count <= TEXT_LIST_MAX) {
    gsize n = 0;
    g_autofree guint32 *critical = vs_analysis_dup_critical_units(a, c, &n);
    return join_ids(a, critical, n, ", ", TRUE);
  }
  s = g_string_new(NULL);
  g_string_append_printf(s, "%u, the nearest ", count);
  for (guint i = 0; i < TEXT_LIST_ENDS && v >= 0; i++, v = a->idom[v]) {
    if (i > 0)
      g_string_append(s, ", ");
    append_id(s, a, (guint32)v);
  }
  g_string_append(s, ", ...");
  return g_string_free(s, FALSE);
}

static void
text_customers(VsWriter *w, const VsAnalysis *a)
{
  g_autofree guint32 *depth = vs_i_dominator_depths(a);

  vs_i_writer_puts(w, "\nCustomers\n");
  for (guint32 k = 0; k < a->n_customers && w->error == NULL; k++) {
    guint32 c = a->customers[k];
    g_autofree char *label = unit_label(a, c);
    g_autofree char *crit = critical_text(a, c, depth[c] - 1);
    vs_i_writer_printf(w, "  %s: revenue %.2f, quality received %.3f, at risk %.2f; critical units: %s\n",
                       label, vs_org_get_unit_revenue(a->org, c), a->q[c], a->risk[c], crit);
  }
}

static void
text_structure(VsWriter *w, const VsAnalysis *a)
{
  if (a->n_loops > 0) {
    vs_i_writer_puts(w, "\nRework loops\n");
    for (guint32 l = 0; l < a->n_loops; l++) {
      gsize n;
      const guint32 *members = vs_analysis_get_loop(a, l, &n);
      g_autofree char *list = join_ids(a, members, n, ", ", FALSE);
      vs_i_writer_printf(w, "  %s\n", list);
    }
  }
  if (a->n_groups > 0) {
    vs_i_writer_puts(w, "\nGroups\n");
    for (guint32 g = 0; g < a->n_groups; g++) {
      gsize n;
      const guint32 *poor = vs_analysis_get_group_poor_units(a, g, &n);
      g_autofree char *id = printable(a->group_ids[g]);
      g_autofree char *list = n ? join_ids(a, poor, n, ", ", FALSE) : NULL;
      vs_i_writer_printf(w, "  %s: %s%s%s%s\n", id, vs_diagnosis_name(a->diagnosis[g]),
                         n ? " (poor: " : "", n ? list : "", n ? ")" : "");
    }
  }
  if (a->warnings->len > 0) {
    vs_i_writer_puts(w, "\nWarnings\n");
    for (guint i = 0; i < a->warnings->len; i++) {
      g_autofree char *text = printable(a->warnings->pdata[i]);
      vs_i_writer_printf(w, "  %s\n", text);
    }
  }
}

static void
write_text(VsWriter *w, const VsAnalysis *a, const VsReportOptions *o)
{
  gsize n_flagged = 0, shown, actors = a->n - a->n_customers, blind = 0;
  g_autofree guint32 *flagged = vs_analysis_dup_flagged(a, &n_flagged);

  for (gsize u = 0; u < a->n; u++)
    blind += (a->flags[u] & VS_FLAG_NO_LINE_OF_SIGHT) != 0;
  vs_i_writer_printf(w,
                     "%" G_GSIZE_FORMAT " units (%" G_GSIZE_FORMAT " teams, %" G_GSIZE_FORMAT
                     " suppliers, %" G_GSIZE_FORMAT " customers), %" G_GSIZE_FORMAT " handoffs\n",
                     a->n, vs_analysis_get_n_kind(a, VS_KIND_TEAM),
                     vs_analysis_get_n_kind(a, VS_KIND_SUPPLIER),
                     vs_analysis_get_n_kind(a, VS_KIND_CUSTOMER), a->m);
  vs_i_writer_printf(w, "Revenue %.2f per period, of which %.2f (%.1f%%) is at risk\n",
                     a->total_revenue, a->total_risk,
                     a->total_revenue > 0 ? 100 * a->total_risk / a->total_revenue : 0.0);
  vs_i_writer_printf(w,
                     "%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                     " teams and suppliers flagged; %" G_GSIZE_FORMAT
                     " with no line of sight to a customer; %u rework loops\n",
                     n_flagged, actors, blind, a->n_loops);
  shown = o->top == 0 ? n_flagged : MIN(n_flagged, (gsize)o->top);
  if (shown > 0)
    vs_i_writer_printf(w, "\nFlagged teams, ranked by the revenue at risk a fix would remove%s\n",
                       shown < n_flagged ? " (top of the list)" : "");
  for (gsize i = 0; i < shown && w->error == NULL; i++)
    text_flagged_unit(w, a, i + 1, flagged[i]);
  if (shown < n_flagged)
    vs_i_writer_printf(w, "  ... and %" G_GSIZE_FORMAT " more\n", n_flagged - shown);
  text_customers(w, a);
  text_structure(w, a);
}

/* ---- entry points ------------------------------------------------------------ */

/* Version 1 of VsReportOptions: the fields before VsReportTable. */
typedef struct {
  guint version;
  VsSharesMode shares;
  gboolean pretty;
  guint top;
} VsReportOptionsV1;

gboolean
vs_i_report_options_complete(const VsReportOptions *in, VsReportOptions *out, GError **error)
{
  static const VsReportOptions defaults = VS_REPORT_OPTIONS_INIT;

  *out = defaults;
  if (in == NULL)
    return TRUE;
  if (in->version == 1) {
    const VsReportOptionsV1 *v1 = (const VsReportOptionsV1 *)in;
    out->shares = v1->shares;
    out->pretty = v1->pretty;
    out->top = v1->top;
    return TRUE;
  }
  if (in->version != VS_REPORT_OPTIONS_VERSION) {
    g_set_error_literal(error, VS_ERROR, VS_ERROR_INVALID,
                        "invalid report option version (start from VS_REPORT_OPTIONS_INIT)");
    return FALSE;
  }
  if ((guint)in->table >= G_N_ELEMENTS(table_names)) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "invalid report option table %d", (int)in->table);
    return FALSE;
  }
  *out = *in;
  if (out->picture_units == 0)
    out->picture_units = VS_PICTURE_UNITS_DEFAULT;
  return TRUE;
}

gboolean
vs_report_write(const VsAnalysis *a, VsReportFormat format, const VsReportOptions *options,
                GOutputStream *out, GCancellable *cancellable, GError **error)
{
  VsReportOptions o;
  VsWriter w;

  g_return_val_if_fail(a != NULL, FALSE);
  g_return_val_if_fail(G_IS_OUTPUT_STREAM(out), FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  if (!vs_i_report_options_complete(options, &o, error))
    return FALSE;
  vs_i_analysis_findings(a); /* every report shows flags or service */
  vs_i_writer_init(&w, out, cancellable);
  switch (format) {
  case VS_REPORT_JSON:
    write_json(&w, a, &o);
    break;
  case VS_REPORT_TEXT:
    write_text(&w, a, &o);
    break;
  case VS_REPORT_CSV:
    vs_i_write_csv(&w, a, &o);
    break;
  case VS_REPORT_DOT:
    vs_i_write_dot(&w, a, &o);
    break;
  case VS_REPORT_HTML:
    vs_i_write_html(&w, a, &o);
    break;
  default:
    vs_i_writer_finish(&w, NULL);
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "unknown report format %d", (int)format);
    return FALSE;
  }
  return vs_i_writer_finish(&w, error);
}

char *
vs_report_dup_string(const VsAnalysis *a, VsReportFormat format, const VsReportOptions *options,
                     gsize *len, GError **error)
{
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable();
  char nul = '\0';

  if (len != NULL)
    *len = 0;
  if (!vs_report_write(a, format, options, mem, NULL, error) ||
      !g_output_stream_write_all(mem, &nul, 1, NULL, NULL, error) ||
      !g_output_stream_close(mem, NULL, error))
    return NULL;
  if (len != NULL)
    *len = g_memory_output_stream_get_data_size(G_MEMORY_OUTPUT_STREAM(mem)) - 1;
  return g_memory_output_stream_steal_data(G_MEMORY_OUTPUT_STREAM(mem));
}

/* Writes to an existing file that is not a regular one, in place. */
static gboolean
write_special(const VsAnalysis *a, VsReportFormat format, const VsReportOptions *options,
              const char *path, GError **error)
{
  g_autoptr(GOutputStream) out = NULL;
  int fd = g_open(path, O_WRONLY | O_CLOEXEC, 0);

  if (fd < 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", path, g_strerror(err));
    return FALSE;
  }
  out = g_unix_output_stream_new(fd, TRUE);
  return vs_report_write(a, format, options, out, NULL, error) &&
         g_output_stream_close(out, NULL, error);
}

gboolean
vs_report_write_file(const VsAnalysis *a, VsReportFormat format, const VsReportOptions *options,
                     const char *path, GError **error)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GOutputStream) out = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail(a != NULL, FALSE);
  g_return_val_if_fail(path != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  /* A device or a pipe (-o /dev/null, -o /dev/stdout) is written to, not
   * replaced: renaming a file over /dev/null would replace the device. */
  if (g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_REGULAR))
    return write_special(a, format, options, path, error);
  /* Same directory, so the final rename is atomic. */
  tmp = g_strdup_printf("%s.XXXXXX", path);
  fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666 /* open() applies the umask */);
  if (fd < 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot create a file there: %s", path,
                g_strerror(err));
    return FALSE;
  }
  out = g_unix_output_stream_new(fd, TRUE);
  ok = vs_report_write(a, format, options, out, NULL, error);
  if (ok && fsync(fd) != 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", path, g_strerror(err));
    ok = FALSE;
  }
  if (!g_output_stream_close(out, NULL, ok ? error : NULL))
    ok = FALSE;
  if (ok && g_rename(tmp, path) != 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", path, g_strerror(err));
    ok = FALSE;
  }
  if (!ok) {
    g_unlink(tmp);
    if (error != NULL && *error != NULL && (*error)->domain != VS_ERROR) {
      /* GIO's own codes become VS_ERROR_IO, with the path. */
      GError *io = g_error_new(VS_ERROR, VS_ERROR_IO, "%s: %s", path, (*error)->message);
      g_clear_error(error);
      g_propagate_error(error, io);
    }
  }
  return ok;
}
