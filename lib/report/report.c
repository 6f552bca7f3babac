/* valuestream - the SPEC section 5 JSON report, the text summary, and the
 * entry points of every format (CSV, DOT and HTML are in report-*.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Writers read an analysis through its view (analysis-view.h), made once
 * per report after the findings, and compute nothing of their own beyond
 * formatting; they stream, so a report of any size needs little memory
 * beyond the optional share tables. */
#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "report-private.h"

static const char *const format_names[] = {"json", "text", "csv", "dot", "html", "gexf", "xlsx"};
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

/* One backward pass from a customer: every unit's share (or cost share)
 * of it, as vs_analysis_get_customer_shares() gives it. */
typedef gboolean (*ColumnFn)(const VsAnalysis *a, gsize customer, double *out);

/* Every unit's value of every customer, row-major by unit, customers in
 * id order (their customer_rank), by one backward pass per customer;
 * NULL when not wanted. Shares and cost shares both come through here,
 * so they are written or left out together under one policy (--shares,
 * VS_SHARES_AUTO_LIMIT) and `shares_omitted` speaks for both. */
static double *
customer_table(const VsAnalysisView *av, const VsReportOptions *o, ColumnFn column_of)
{
  gsize n = av->n, c = av->n_customers;
  g_autofree double *column = NULL;
  double *table;

  if (o->shares == VS_SHARES_NEVER || c == 0 || n == 0)
    return NULL;
  if (o->shares == VS_SHARES_AUTO && (double)n * (double)c > VS_SHARES_AUTO_LIMIT)
    return NULL;
  table = g_new0(double, n *c);
  column = g_new(double, n);
  for (gsize k = 0; k < c; k++) {
    guint32 rank = av->customer_rank[av->customers[k]];
    column_of(av->analysis, av->customers[k], column);
    for (gsize u = 0; u < n; u++)
      table[u * c + rank] = column[u];
  }
  return table;
}

/* What json_unit() reads besides the view: the two share tables (NULL
 * when left out) and the customers in id order. */
typedef struct {
  const double *shares, *cost_shares;
  const guint32 *by_rank;
} JsonTables;

/* `cost_shares` of a team or supplier: keyed by the customers it reaches
 * along handoffs of positive basis (SPEC 7). Those are exactly the
 * customers with a share > 0: every step of such a path has a positive
 * out_share and every unit on it is in Rc, so the walk ends there with
 * positive probability, and a customer reached otherwise gets exactly 0.
 * A unit outside Rc has all zeros and writes {}. */
static void
json_cost_shares(VsWriter *w, const VsAnalysisView *av, gsize u, const JsonTables *t)
{
  vs_i_json_begin_object(w);
  for (guint32 r = 0; t->cost_shares != NULL && r < av->n_customers; r++) {
    double x = t->cost_shares[u * av->n_customers + r];
    if (x > 0) {
      vs_i_json_key(w, vs_org_get_unit_id(av->org, t->by_rank[r]));
      vs_i_json_double(w, x);
    }
  }
  vs_i_json_end_object(w);
}

static void
json_line_of_sight(VsWriter *w, const VsAnalysisView *av, gsize u, const JsonTables *t)
{
  const double *shares = t->shares;
  const VsOrg *org = av->org;
  gboolean customer = av->kind[u] == VS_KIND_CUSTOMER;
  gsize n_cust = 0, n_path = 0;
  guint32 *cust = customer ? NULL : vs_analysis_dup_unit_customers(av->analysis, u, &n_cust);
  guint32 *path = vs_analysis_dup_path(av->analysis, u, &n_path);

  vs_i_json_begin_object(w);
  vs_i_json_key(w, "reaches_customer");
  vs_i_json_bool(w, av->hops[u] >= 0);
  vs_i_json_key(w, "hops");
  if (av->hops[u] >= 0)
    vs_i_json_int(w, av->hops[u]);
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
  vs_i_json_double(w, av->exposure[u]);
  vs_i_json_key(w, "shares");
  vs_i_json_begin_object(w);
  for (gsize i = 0; shares != NULL && i < n_cust; i++) {
    vs_i_json_key(w, vs_org_get_unit_id(org, cust[i]));
    vs_i_json_double(w, shares[u * av->n_customers + av->customer_rank[cust[i]]]);
  }
  vs_i_json_end_object(w);
  if (!customer) {
    vs_i_json_key(w, "cost_shares");
    json_cost_shares(w, av, u, t);
  }
  vs_i_json_end_object(w);
  g_free(cust);
  g_free(path);
}

/* A team's or supplier's cost figures (SPEC 7); customers carry none. */
static void
json_unit_costs(VsWriter *w, const VsAnalysisView *av, gsize u)
{
  if (av->kind[u] == VS_KIND_CUSTOMER)
    return;
  vs_i_json_key(w, "cost");
  vs_i_json_double(w, av->unit_cost[u]);
  vs_i_json_key(w, "loaded_cost");
  vs_i_json_double(w, av->loaded_cost[u]); /* NAN outside Rc: null */
  vs_i_json_key(w, "stranded_cost");
  vs_i_json_double(w, av->stranded_cost[u]);
}

static void
json_unit(VsWriter *w, const VsAnalysisView *av, gsize u, const JsonTables *t)
{
  const VsOrg *org = av->org;
  gsize n = 0;
  guint32 *list;

  vs_i_json_begin_object(w);
  vs_i_json_key(w, "id");
  vs_i_json_string(w, vs_org_get_unit_id(org, u));
  vs_i_json_key(w, "kind");
  vs_i_json_string(w, vs_kind_name(av->kind[u]));
  vs_i_json_key(w, "name");
  vs_i_json_string(w, vs_org_get_unit_name(org, u));
  vs_i_json_key(w, "group");
  vs_i_json_string(w, vs_org_get_unit_group(org, u));
  vs_i_json_key(w, "line_of_sight");
  json_line_of_sight(w, av, u, t);
  vs_i_json_key(w, "quality");
  vs_i_json_double(w, av->q[u]);
  vs_i_json_key(w, "service_score");
  vs_i_json_double(w, av->service[u]);
  vs_i_json_key(w, "fix_value");
  vs_i_json_double(w, av->fix[u]);
  vs_i_json_key(w, "chokepoints");
  list = vs_analysis_dup_chokepoints(av->analysis, u, &n);
  json_owned_units(w, org, list, n);
  vs_i_json_key(w, "dependents");
  vs_i_json_int(w, av->dependents[u]);
  vs_i_json_key(w, "flags");
  json_flags(w, av->flags[u]);
  vs_i_json_key(w, "own");
  vs_i_json_double(w, av->own[u]);
  json_unit_costs(w, av, u);
  vs_i_json_end_object(w);
}

static void
json_summary(VsWriter *w, const VsAnalysisView *av, gboolean shares_omitted)
{
  vs_i_json_begin_object(w);
  vs_i_json_key(w, "units");
  vs_i_json_int(w, (gint64)av->n);
  vs_i_json_key(w, "teams");
  vs_i_json_int(w, (gint64)vs_analysis_get_n_kind(av->analysis, VS_KIND_TEAM));
  vs_i_json_key(w, "customers");
  vs_i_json_int(w, (gint64)vs_analysis_get_n_kind(av->analysis, VS_KIND_CUSTOMER));
  vs_i_json_key(w, "suppliers");
  vs_i_json_int(w, (gint64)vs_analysis_get_n_kind(av->analysis, VS_KIND_SUPPLIER));
  vs_i_json_key(w, "handoffs");
  vs_i_json_int(w, (gint64)av->m);
  vs_i_json_key(w, "total_revenue");
  vs_i_json_double(w, av->total_revenue);
  vs_i_json_key(w, "revenue_at_risk");
  vs_i_json_double(w, av->total_risk);
  vs_i_json_key(w, "total_cost");
  vs_i_json_double(w, av->total_cost);
  vs_i_json_key(w, "cost_to_serve");
  vs_i_json_double(w, av->total_cost_to_serve);
  vs_i_json_key(w, "stranded_cost");
  vs_i_json_double(w, av->total_stranded_cost);
  if (shares_omitted) {
    vs_i_json_key(w, "shares_omitted");
    vs_i_json_bool(w, TRUE);
  }
  vs_i_json_end_object(w);
}

static void
json_customers(VsWriter *w, const VsAnalysisView *av)
{
  vs_i_json_begin_array(w);
  for (guint32 k = 0; k < av->n_customers; k++) {
    guint32 c = av->customers[k];
    gsize n = 0;
    guint32 *critical = vs_analysis_dup_critical_units(av->analysis, c, &n);
    vs_i_json_begin_object(w);
    vs_i_json_key(w, "id");
    vs_i_json_string(w, vs_org_get_unit_id(av->org, c));
    vs_i_json_key(w, "revenue");
    vs_i_json_double(w, vs_org_get_unit_revenue(av->org, c));
    vs_i_json_key(w, "quality");
    vs_i_json_double(w, av->q[c]);
    vs_i_json_key(w, "revenue_at_risk");
    vs_i_json_double(w, av->risk[c]);
    vs_i_json_key(w, "critical_units");
    json_owned_units(w, av->org, critical, n);
    vs_i_json_key(w, "cost_to_serve");
    vs_i_json_double(w, av->cost_to_serve[c]);
    vs_i_json_key(w, "margin");
    vs_i_json_double(w, av->margin[c]);
    vs_i_json_end_object(w);
  }
  vs_i_json_end_array(w);
}

static void
json_loops_groups(VsWriter *w, const VsAnalysisView *av)
{
  vs_i_json_key(w, "loops");
  vs_i_json_begin_array(w);
  for (guint32 l = 0; l < av->n_loops; l++) {
    gsize n;
    const guint32 *members = vs_analysis_get_loop(av->analysis, l, &n);
    json_units(w, av->org, members, n);
  }
  vs_i_json_end_array(w);
  vs_i_json_key(w, "groups");
  vs_i_json_begin_array(w);
  for (guint32 g = 0; g < av->n_groups; g++) {
    gsize n;
    const guint32 *poor = vs_analysis_get_group_poor_units(av->analysis, g, &n);
    vs_i_json_begin_object(w);
    vs_i_json_key(w, "id");
    vs_i_json_string(w, av->group_ids[g]);
    vs_i_json_key(w, "diagnosis");
    vs_i_json_string(w, vs_diagnosis_name(av->diagnosis[g]));
    vs_i_json_key(w, "poor_units");
    json_units(w, av->org, poor, n);
    vs_i_json_end_object(w);
  }
  vs_i_json_end_array(w);
}

static void
json_trend(VsWriter *w, const VsAnalysisView *av, guint32 t)
{
  const VsTrend *tr = &av->trends[t];
  const char *const *periods;
  gsize n;
  const double *means = vs_analysis_get_trend_means(av->analysis, t, &periods, &n);

  vs_i_json_begin_object(w);
  vs_i_json_key(w, "provider");
  vs_i_json_string(w, vs_org_get_unit_id(av->org, tr->provider));
  vs_i_json_key(w, "respondent");
  vs_i_json_string(w, vs_org_get_unit_id(av->org, tr->respondent));
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
write_json(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o)
{
  g_autofree double *shares = customer_table(av, o, vs_analysis_get_customer_shares);
  g_autofree double *cost_shares = customer_table(av, o, vs_analysis_get_customer_cost_shares);
  g_autofree guint32 *by_rank = g_new(guint32, av->n_customers + 1);
  JsonTables tables = {shares, cost_shares, by_rank};
  gboolean omitted = shares == NULL && av->n_customers > 0 && av->n > 0;

  for (guint32 k = 0; k < av->n_customers; k++)
    by_rank[av->customer_rank[av->customers[k]]] = av->customers[k];

  w->pretty = o->pretty;
  vs_i_json_begin_object(w);
  vs_i_json_key(w, "valuestream");
  vs_i_json_int(w, 1);
  vs_i_json_key(w, "summary");
  json_summary(w, av, omitted);
  vs_i_json_key(w, "units");
  vs_i_json_begin_array(w);
  for (gsize u = 0; u < av->n && w->error == NULL; u++)
    json_unit(w, av, u, &tables);
  vs_i_json_end_array(w);
  vs_i_json_key(w, "customers");
  json_customers(w, av);
  json_loops_groups(w, av);
  vs_i_json_key(w, "warnings");
  vs_i_json_begin_array(w);
  for (guint i = 0; i < av->n_warnings; i++)
    vs_i_json_string(w, av->warnings[i]);
  vs_i_json_end_array(w);
  vs_i_json_key(w, "trends");
  vs_i_json_begin_array(w);
  for (guint32 t = 0; t < av->n_trends; t++)
    json_trend(w, av, t);
  vs_i_json_end_array(w);
  vs_i_json_end_object(w);
}

/* ---- text ------------------------------------------------------------------ */

static char *
unit_label(const VsAnalysisView *av, gsize u)
{
  const char *id = vs_org_get_unit_id(av->org, u), *name = vs_org_get_unit_name(av->org, u);
  g_autofree char *raw =
      strcmp(id, name) == 0 ? g_strdup(id) : g_strdup_printf("%s (%s)", id, name);
  return vs_i_printable(raw);
}

/* Lists in the text report show at most this many ids: the first and the
 * last TEXT_LIST_ENDS, and how many are left out between. A person reads
 * no further, and the report stays linear in the size of the org (a chain
 * of a million units is a million ids long). */
#define TEXT_LIST_MAX 20
#define TEXT_LIST_ENDS 8

static void
append_id(GString *s, const VsAnalysisView *av, guint32 unit)
{
  g_autofree char *id = vs_i_printable(vs_org_get_unit_id(av->org, unit));
  g_string_append(s, id);
}

/* The ids of @units joined by @sep; with @elide, the middle of a long list
 * left out. Lists that cannot add up to more than the units (loops and
 * groups are disjoint) are shown whole; paths and critical units, one
 * per flagged unit or customer, are elided. */
static char *
join_ids(const VsAnalysisView *av, const guint32 *units, gsize n, const char *sep, gboolean elide)
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
    append_id(s, av, units[i]);
  }
  return g_string_free(s, FALSE);
}

/* The customer whose revenue depends most on @u (revenue x share), with
 * the chain that carries @u's work to it; -1 when @u reaches none. */
static gssize
most_endangered(const VsAnalysisView *av, gsize u, double *share_out)
{
  g_autofree double *shares = g_new0(double, av->n_customers + 1);
  gssize best = -1;
  double best_value = -1;

  vs_analysis_get_unit_shares(av->analysis, u, shares);
  for (guint32 k = 0; k < av->n_customers; k++) {
    guint32 c = av->customers[k];
    double value = vs_org_get_unit_revenue(av->org, c) * shares[k];
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
text_flagged_unit(VsWriter *w, const VsAnalysisView *av, gsize rank, guint32 u)
{
  g_autofree char *label = unit_label(av, u);
  g_autoptr(GString) flags = g_string_new(NULL);
  char service[32] = "unrated";
  double share = 0;
  gssize c;

  if (!isnan(av->service[u]))
    g_snprintf(service, sizeof service, "%.2f", av->service[u]);
  text_flags(flags, av->flags[u]);
  vs_i_writer_printf(w, "%3" G_GSIZE_FORMAT ". %s\n", rank, label);
  vs_i_writer_printf(w,
                     "     service score %s; fixing its handoffs would remove %s of revenue "
                     "at risk\n",
                     service, vs_i_money(av->fix[u]).s);
  vs_i_writer_printf(w, "     flags: %s\n", flags->str);
  c = most_endangered(av, u, &share);
  if (c >= 0) {
    gsize n = 0;
    g_autofree guint32 *path = vs_analysis_dup_path_to(av->analysis, u, (gsize)c, &n);
    g_autofree char *chain = join_ids(av, path, n, " -> ", TRUE);
    g_autofree char *customer = unit_label(av, (gsize)c);
    vs_i_writer_printf(w, "     endangers %s (revenue %s, %.0f%% of it passes through): %s\n",
                       customer, vs_i_money(vs_org_get_unit_revenue(av->org, (gsize)c)).s,
                       100 * share, chain);
  } else {
    vs_i_writer_puts(w, "     its work reaches no paying customer\n");
  }
}

/* A customer's critical units: all of them, sorted by id, when they are
 * few; otherwise their number and the nearest ones (walking the dominator
 * chain no further than shown). */
static char *
critical_text(const VsAnalysisView *av, guint32 c, guint32 count)
{
  GString *s;
  gint32 v = av->idom[c];

  if (count == 0)
    return g_strdup("none");
  if (count <= TEXT_LIST_MAX) {
    gsize n = 0;
    g_autofree guint32 *critical = vs_analysis_dup_critical_units(av->analysis, c, &n);
    return join_ids(av, critical, n, ", ", TRUE);
  }
  s = g_string_new(NULL);
  g_string_append_printf(s, "%u, the nearest ", count);
  for (guint i = 0; i < TEXT_LIST_ENDS && v >= 0; i++, v = av->idom[v]) {
    if (i > 0)
      g_string_append(s, ", ");
    append_id(s, av, (guint32)v);
  }
  g_string_append(s, ", ...");
  return g_string_free(s, FALSE);
}

static void
text_customers(VsWriter *w, const VsAnalysisView *av)
{
  g_autofree guint32 *depth = vs_i_dominator_depths(av);

  vs_i_writer_puts(w, "\nCustomers\n");
  for (guint32 k = 0; k < av->n_customers && w->error == NULL; k++) {
    guint32 c = av->customers[k];
    g_autofree char *label = unit_label(av, c);
    g_autofree char *crit = critical_text(av, c, depth[c] - 1);
    vs_i_writer_printf(w,
                       "  %s: revenue %s, quality received %.3f, at risk %s; critical units: %s\n",
                       label, vs_i_money(vs_org_get_unit_revenue(av->org, c)).s, av->q[c],
                       vs_i_money(av->risk[c]).s, crit);
  }
}

/* "600.00 (86.7%)" of @total */
static char *
part_of(double x, double total)
{
  return g_strdup_printf("%s (%.1f%%)", vs_i_money(x).s, total > 0 ? 100 * x / total : 0.0);
}

/* Cost to serve (SPEC 7), only for an org with costs: the totals, the
 * customers by margin (lowest first, all of them, like the Customers
 * section), and the units whose cost reaches no customer (largest first;
 * a long list is cut after TEXT_LIST_MAX with a count of the rest). */
static void
text_costs(VsWriter *w, const VsAnalysisView *av)
{
  g_autofree guint32 *by_margin = NULL, *stranded = NULL;
  g_autofree char *served = part_of(av->total_cost_to_serve, av->total_cost);
  g_autofree char *lost = part_of(av->total_stranded_cost, av->total_cost);
  gsize n_stranded = 0;

  if (!vs_i_has_costs(av))
    return;
  vs_i_writer_printf(w,
                     "\nCost to serve\n  total cost %s per period: %s reaches the customers, "
                     "%s is stranded\n",
                     vs_i_money(av->total_cost).s, served, lost);
  by_margin = vs_i_customers_by_margin(av);
  if (av->n_customers > 0)
    vs_i_writer_puts(w, "  customers by margin, lowest first:\n");
  for (guint32 k = 0; k < av->n_customers && w->error == NULL; k++) {
    guint32 c = by_margin[k];
    g_autofree char *label = unit_label(av, c);
    vs_i_writer_printf(w, "    %s: revenue %s, cost to serve %s, margin %s\n", label,
                       vs_i_money(vs_org_get_unit_revenue(av->org, c)).s,
                       vs_i_money(av->cost_to_serve[c]).s, vs_i_money(av->margin[c]).s);
  }
  stranded = vs_i_stranded_units(av, &n_stranded);
  if (n_stranded > 0)
    vs_i_writer_puts(w, "  cost that reaches no customer, largest first:\n");
  for (gsize i = 0; i < MIN(n_stranded, (gsize)TEXT_LIST_MAX) && w->error == NULL; i++) {
    g_autofree char *label = unit_label(av, stranded[i]);
    vs_i_writer_printf(w, "    %s: stranded %s (its own cost %s)\n", label,
                       vs_i_money(av->stranded_cost[stranded[i]]).s,
                       vs_i_money(av->unit_cost[stranded[i]]).s);
  }
  if (n_stranded > TEXT_LIST_MAX) {
    double rest = 0;
    for (gsize i = TEXT_LIST_MAX; i < n_stranded; i++)
      rest += av->stranded_cost[stranded[i]];
    vs_i_writer_printf(w, "    ... and %" G_GSIZE_FORMAT " more, holding %s\n",
                       n_stranded - TEXT_LIST_MAX, vs_i_money(rest).s);
  }
}

static void
text_structure(VsWriter *w, const VsAnalysisView *av)
{
  if (av->n_loops > 0) {
    vs_i_writer_puts(w, "\nRework loops\n");
    for (guint32 l = 0; l < av->n_loops; l++) {
      gsize n;
      const guint32 *members = vs_analysis_get_loop(av->analysis, l, &n);
      g_autofree char *list = join_ids(av, members, n, ", ", FALSE);
      vs_i_writer_printf(w, "  %s\n", list);
    }
  }
  if (av->n_groups > 0) {
    vs_i_writer_puts(w, "\nGroups\n");
    for (guint32 g = 0; g < av->n_groups; g++) {
      gsize n;
      const guint32 *poor = vs_analysis_get_group_poor_units(av->analysis, g, &n);
      g_autofree char *id = vs_i_printable(av->group_ids[g]);
      g_autofree char *list = n ? join_ids(av, poor, n, ", ", FALSE) : NULL;
      vs_i_writer_printf(w, "  %s: %s%s%s%s\n", id, vs_diagnosis_name(av->diagnosis[g]),
                         n ? " (poor: " : "", n ? list : "", n ? ")" : "");
    }
  }
  if (av->n_warnings > 0) {
    vs_i_writer_puts(w, "\nWarnings\n");
    for (guint i = 0; i < av->n_warnings; i++) {
      g_autofree char *text = vs_i_printable(av->warnings[i]);
      vs_i_writer_printf(w, "  %s\n", text);
    }
  }
}

static void
write_text(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o)
{
  gsize n_flagged = 0, shown, actors = av->n - av->n_customers, blind = 0;
  g_autofree guint32 *flagged = vs_analysis_dup_flagged(av->analysis, &n_flagged);

  for (gsize u = 0; u < av->n; u++)
    blind += (av->flags[u] & VS_FLAG_NO_LINE_OF_SIGHT) != 0;
  vs_i_writer_printf(w,
                     "%" G_GSIZE_FORMAT " units (%" G_GSIZE_FORMAT " teams, %" G_GSIZE_FORMAT
                     " suppliers, %" G_GSIZE_FORMAT " customers), %" G_GSIZE_FORMAT " handoffs\n",
                     av->n, vs_analysis_get_n_kind(av->analysis, VS_KIND_TEAM),
                     vs_analysis_get_n_kind(av->analysis, VS_KIND_SUPPLIER),
                     vs_analysis_get_n_kind(av->analysis, VS_KIND_CUSTOMER), av->m);
  vs_i_writer_printf(w, "Revenue %s per period, of which %s (%.1f%%) is at risk\n",
                     vs_i_money(av->total_revenue).s, vs_i_money(av->total_risk).s,
                     av->total_revenue > 0 ? 100 * av->total_risk / av->total_revenue : 0.0);
  vs_i_writer_printf(w,
                     "%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                     " teams and suppliers flagged; %" G_GSIZE_FORMAT
                     " with no line of sight to a customer; %u rework loops\n",
                     n_flagged, actors, blind, av->n_loops);
  shown = o->top == 0 ? n_flagged : MIN(n_flagged, (gsize)o->top);
  if (shown > 0)
    vs_i_writer_printf(w, "\nFlagged teams, ranked by the revenue at risk a fix would remove%s\n",
                       shown < n_flagged ? " (top of the list)" : "");
  for (gsize i = 0; i < shown && w->error == NULL; i++)
    text_flagged_unit(w, av, i + 1, flagged[i]);
  if (shown < n_flagged)
    vs_i_writer_printf(w, "  ... and %" G_GSIZE_FORMAT " more\n", n_flagged - shown);
  text_customers(w, av);
  text_costs(w, av);
  text_structure(w, av);
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
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "invalid report option table %d",
                (int)in->table);
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
  VsAnalysisView view;
  VsWriter w;

  g_return_val_if_fail(a != NULL, FALSE);
  g_return_val_if_fail(G_IS_OUTPUT_STREAM(out), FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  if (!vs_i_report_options_complete(options, &o, error))
    return FALSE;
  vs_i_analysis_view(a, &view);
  vs_i_writer_init(&w, out, cancellable);
  switch (format) {
  case VS_REPORT_JSON:
    write_json(&w, &view, &o);
    break;
  case VS_REPORT_TEXT:
    write_text(&w, &view, &o);
    break;
  case VS_REPORT_CSV:
    vs_i_write_csv(&w, &view, &o);
    break;
  case VS_REPORT_DOT:
    vs_i_write_dot(&w, &view, &o);
    break;
  case VS_REPORT_HTML:
    vs_i_write_html(&w, &view, &o);
    break;
  case VS_REPORT_GEXF:
    vs_i_write_gexf(&w, &view, &o);
    break;
  case VS_REPORT_XLSX:
    vs_i_write_xlsx(&w, &view, &o);
    break;
  default:
    vs_i_writer_finish(&w, NULL);
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "unknown report format %d", (int)format);
    return FALSE;
  }
  return vs_i_writer_finish(&w, error);
}

char *
vs_i_report_dup_string(VsReportFn write, gconstpointer what, VsReportFormat format,
                       const VsReportOptions *options, gsize *len, GError **error)
{
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable();
  char nul = '\0';

  if (len != NULL)
    *len = 0;
  if (!write(what, format, options, mem, error) ||
      !g_output_stream_write_all(mem, &nul, 1, NULL, NULL, error) ||
      !g_output_stream_close(mem, NULL, error))
    return NULL;
  if (len != NULL)
    *len = g_memory_output_stream_get_data_size(G_MEMORY_OUTPUT_STREAM(mem)) - 1;
  return g_memory_output_stream_steal_data(G_MEMORY_OUTPUT_STREAM(mem));
}

/* Writes to the open @fd (closing it), and makes it durable when @sync. */
static gboolean
write_fd(VsReportFn write, gconstpointer what, VsReportFormat format,
         const VsReportOptions *options, int fd, gboolean sync, const char *path, GError **error)
{
  g_autoptr(GOutputStream) out = g_unix_output_stream_new(fd, TRUE);
  gboolean ok = write(what, format, options, out, error);

  if (ok && sync && fsync(fd) != 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", path, g_strerror(err));
    ok = FALSE;
  }
  if (!g_output_stream_close(out, NULL, ok ? error : NULL))
    ok = FALSE;
  return ok;
}

gboolean
vs_i_report_write_file(VsReportFn write, gconstpointer what, VsReportFormat format,
                       const VsReportOptions *options, const char *path, GError **error)
{
  g_autofree char *tmp = NULL;
  gboolean special, ok;
  int fd;

  /* A device or a pipe (-o /dev/null, -o /dev/stdout) is written to, not
   * replaced: renaming a file over /dev/null would replace the device. A
   * file is replaced by renaming a complete temporary file next to it (same
   * directory, so the rename is atomic) over it. */
  special = g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_REGULAR);
  if (special)
    fd = g_open(path, O_WRONLY | O_CLOEXEC, 0);
  else {
    tmp = g_strdup_printf("%s.XXXXXX", path);
    fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666 /* open() applies the umask */);
  }
  if (fd < 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot %s: %s", path,
                special ? "open it" : "create a file there", g_strerror(err));
    return FALSE;
  }
  ok = write_fd(write, what, format, options, fd, !special, path, error);
  if (ok && !special && g_rename(tmp, path) != 0) {
    int err = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", path, g_strerror(err));
    ok = FALSE;
  }
  if (!ok && !special)
    g_unlink(tmp);
  if (!ok && error != NULL && *error != NULL && (*error)->domain != VS_ERROR) {
    /* GIO's own codes become VS_ERROR_IO, with the path. */
    GError *io = g_error_new(VS_ERROR, VS_ERROR_IO, "%s: %s", path, (*error)->message);
    g_clear_error(error);
    g_propagate_error(error, io);
  }
  return ok;
}

static gboolean
write_analysis(gconstpointer what, VsReportFormat format, const VsReportOptions *options,
               GOutputStream *out, GError **error)
{
  return vs_report_write(what, format, options, out, NULL, error);
}

char *
vs_report_dup_string(const VsAnalysis *a, VsReportFormat format, const VsReportOptions *options,
                     gsize *len, GError **error)
{
  if (len != NULL)
    *len = 0;
  g_return_val_if_fail(a != NULL, NULL);
  return vs_i_report_dup_string(write_analysis, a, format, options, len, error);
}

gboolean
vs_report_write_file(const VsAnalysis *a, VsReportFormat format, const VsReportOptions *options,
                     const char *path, GError **error)
{
  g_return_val_if_fail(a != NULL, FALSE);
  g_return_val_if_fail(path != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  return vs_i_report_write_file(write_analysis, a, format, options, path, error);
}
