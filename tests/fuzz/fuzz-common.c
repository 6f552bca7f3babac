/* valuestream fuzz targets - reading an org back, analysing it, writing
 * and checking its reports (see fuzz.h).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base-csv.h"
#include "fuzz.h"

/* Bigger orgs are loaded but not analysed: an execution must stay fast. */
#define MAX_ANALYSED_UNITS 4000
/* Per-unit list calls for the first this many units. */
#define MAX_LISTED_UNITS 200

void
vs_fuzz_fail(const char *file, int line, const char *what)
{
  fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
  abort();
}

void
vs_fuzz_init(void)
{
  static gsize done;
  if (g_once_init_enter(&done)) {
    /* A warning or critical from GLib (a GError set twice, a failed
     * g_return_if_fail inside the library) is a bug: make it a crash. */
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
    g_once_init_leave(&done, 1);
  }
}

void
vs_fuzz_check_error(GError *error)
{
  VS_FUZZ_ASSERT(error != NULL);
  VS_FUZZ_ASSERT(error->domain == VS_ERROR);
  VS_FUZZ_ASSERT(error->code >= VS_ERROR_PARSE && error->code <= VS_ERROR_NOT_FOUND);
  VS_FUZZ_ASSERT(error->message != NULL && *error->message != '\0');
  VS_FUZZ_ASSERT(g_utf8_validate(error->message, -1, NULL));
  if (g_getenv("VS_FUZZ_VERBOSE") != NULL)
    fprintf(stderr, "  rejected: %s\n", error->message);
  g_error_free(error);
}

static gboolean
within(double x, double lo, double hi)
{
  double tol = 1e-9 * MAX(1.0, MAX(fabs(lo), fabs(hi)));
  return isfinite(x) && x >= lo - tol && x <= hi + tol;
}

static void
read_back(const VsOrg *org)
{
  gsize n = vs_org_get_n_units(org), m = vs_org_get_n_handoffs(org);

  VS_FUZZ_ASSERT(vs_org_get_n_kind(org, VS_KIND_TEAM) + vs_org_get_n_kind(org, VS_KIND_SUPPLIER) +
                     vs_org_get_n_kind(org, VS_KIND_CUSTOMER) ==
                 n);
  for (gsize u = 0; u < n; u++) {
    const char *id = vs_org_get_unit_id(org, u);
    const char *name = vs_org_get_unit_name(org, u);
    const char *group = vs_org_get_unit_group(org, u);
    VsKind kind = vs_org_get_unit_kind(org, u);
    double own = vs_org_get_unit_own_share(org, u), head = vs_org_get_unit_headcount(org, u);

    VS_FUZZ_ASSERT(id != NULL && *id != '\0' && g_utf8_validate(id, -1, NULL));
    VS_FUZZ_ASSERT(vs_org_find_unit(org, id) == (gssize)u);
    VS_FUZZ_ASSERT(name != NULL && g_utf8_validate(name, -1, NULL));
    VS_FUZZ_ASSERT(group == NULL || (*group != '\0' && g_utf8_validate(group, -1, NULL)));
    VS_FUZZ_ASSERT(vs_kind_name(kind) != NULL);
    VS_FUZZ_ASSERT(isfinite(vs_org_get_unit_revenue(org, u)) &&
                   vs_org_get_unit_revenue(org, u) >= 0);
    VS_FUZZ_ASSERT(isnan(own) || within(own, 0, 1));
    VS_FUZZ_ASSERT(isnan(head) || (isfinite(head) && head >= 0));
    VS_FUZZ_ASSERT(isfinite(vs_org_get_unit_cost(org, u)) && vs_org_get_unit_cost(org, u) >= 0);
    VS_FUZZ_ASSERT(kind != VS_KIND_CUSTOMER || vs_org_get_unit_cost(org, u) == 0);
  }
  for (gsize e = 0; e < m; e++) {
    gsize from = vs_org_get_handoff_from(org, e), to = vs_org_get_handoff_to(org, e);
    double w = vs_org_get_handoff_weight(org, e), s = vs_org_get_handoff_score(org, e);
    const char *what = vs_org_get_handoff_deliverable(org, e);

    VS_FUZZ_ASSERT(from < n && to < n && from != to);
    VS_FUZZ_ASSERT(vs_org_get_unit_kind(org, from) != VS_KIND_CUSTOMER);
    VS_FUZZ_ASSERT(isfinite(w) && w > 0);
    VS_FUZZ_ASSERT(isnan(s) || (s >= 0 && s <= 1));
    VS_FUZZ_ASSERT(what == NULL || (*what != '\0' && g_utf8_validate(what, -1, NULL)));
  }
  for (gsize i = 0; i < vs_org_get_n_survey_responses(org); i++) {
    VsSurveyResponse r;
    vs_org_get_survey_response(org, i, &r);
    VS_FUZZ_ASSERT(r.period != NULL && r.respondent != NULL && r.provider != NULL);
    VS_FUZZ_ASSERT(r.scale_min < r.scale_max && r.score >= r.scale_min && r.score <= r.scale_max);
  }
  for (gsize i = 0; i < vs_org_get_n_notes(org); i++)
    VS_FUZZ_ASSERT(g_utf8_validate(vs_org_get_note(org, i), -1, NULL));
}

/* The model's bounds on every per-unit and per-handoff figure. */
static void
check_numbers(const VsAnalysis *a)
{
  gsize n = vs_analysis_get_n_units(a), m = vs_analysis_get_n_handoffs(a);
  const VsOrg *org = vs_analysis_get_org(a);
  const double *q = vs_analysis_get_qualities(a, NULL);
  const double *exposure = vs_analysis_get_exposures(a, NULL);
  const double *risk = vs_analysis_get_revenues_at_risk(a, NULL);
  const double *service = vs_analysis_get_service_scores(a, NULL);
  const double *fix = vs_analysis_get_fix_values(a, NULL);
  const double *share = vs_analysis_get_handoff_shares(a, NULL);
  const double *score = vs_analysis_get_handoff_scores(a, NULL);
  const gint32 *hops = vs_analysis_get_hops(a, NULL);
  const gint32 *next = vs_analysis_get_next_hops(a, NULL);
  double revenue = vs_analysis_get_total_revenue(a), at_risk = vs_analysis_get_total_at_risk(a);
  g_autofree double *share_in = g_new0(double, n + 1);
  g_autofree guint *n_in = g_new0(guint, n + 1);

  VS_FUZZ_ASSERT(within(at_risk, 0, revenue));
  for (gsize u = 0; u < n; u++) {
    VS_FUZZ_ASSERT(within(q[u], 0, 1));
    VS_FUZZ_ASSERT(within(exposure[u], 0, revenue));
    VS_FUZZ_ASSERT(within(risk[u], 0, vs_org_get_unit_revenue(org, u)));
    VS_FUZZ_ASSERT(isnan(service[u]) || within(service[u], 0, 1));
    /* Fixing one unit cannot remove more risk than there is. */
    VS_FUZZ_ASSERT(within(fix[u], 0, at_risk + 1e-6 * (revenue + 1)));
    VS_FUZZ_ASSERT(hops[u] >= -1 && hops[u] < (gint32)MAX(n, 1));
    VS_FUZZ_ASSERT(next[u] >= -1 && next[u] < (gint32)n);
    VS_FUZZ_ASSERT((hops[u] < 0) == (next[u] < 0));
  }
  for (gsize e = 0; e < m; e++) {
    gsize to = vs_org_get_handoff_to(org, e);
    VS_FUZZ_ASSERT(within(share[e], 0, 1));
    VS_FUZZ_ASSERT(isnan(score[e]) || within(score[e], 0, 1));
    share_in[to] += share[e];
    n_in[to]++;
  }
  for (gsize u = 0; u < n; u++)
    VS_FUZZ_ASSERT(n_in[u] == 0 || fabs(share_in[u] - 1.0) <= 1e-9 * n_in[u]);
}

/* SPEC 7: cost is neither lost nor created, and every figure is bounded
 * by the total. */
static void
check_costs(const VsAnalysis *a)
{
  gsize n = vs_analysis_get_n_units(a), m = vs_analysis_get_n_handoffs(a);
  const double *loaded = vs_analysis_get_loaded_costs(a, NULL);
  const double *stranded = vs_analysis_get_stranded_costs(a, NULL);
  const double *served = vs_analysis_get_costs_to_serve(a, NULL);
  const double *charge = vs_analysis_get_handoff_charges(a, NULL);
  double total = vs_analysis_get_total_cost(a), slack = 1e-9 * MAX(1.0, total);

  VS_FUZZ_ASSERT(isfinite(total) && total >= 0);
  VS_FUZZ_ASSERT(fabs(vs_analysis_get_total_cost_to_serve(a) +
                      vs_analysis_get_total_stranded_cost(a) - total) <= slack);
  for (gsize u = 0; u < n; u++) {
    VS_FUZZ_ASSERT(isnan(loaded[u]) || within(loaded[u], 0, total + slack));
    VS_FUZZ_ASSERT(within(stranded[u], 0, total + slack));
    VS_FUZZ_ASSERT(within(served[u], 0, total + slack));
  }
  for (gsize e = 0; e < m; e++)
    VS_FUZZ_ASSERT(isnan(charge[e]) || within(charge[e], 0, total + slack));
}

static gboolean
sorted_by_id(const VsOrg *org, const guint32 *units, gsize n)
{
  for (gsize i = 1; i < n; i++)
    if (strcmp(vs_org_get_unit_id(org, units[i - 1]), vs_org_get_unit_id(org, units[i])) > 0)
      return FALSE;
  return TRUE;
}

static void
check_lists(const VsAnalysis *a)
{
  const VsOrg *org = vs_analysis_get_org(a);
  gsize n = vs_analysis_get_n_units(a), n_cust = 0, len;
  const guint32 *customers = vs_analysis_get_customers(a, &n_cust);
  const gint32 *hops = vs_analysis_get_hops(a, NULL);
  g_autofree double *shares = g_new0(double, n_cust + 1);
  g_autofree double *column = g_new0(double, n + 1);
  guint32 *list;

  for (gsize u = 0; u < MIN(n, MAX_LISTED_UNITS); u++) {
    gboolean customer = vs_org_get_unit_kind(org, u) == VS_KIND_CUSTOMER;

    list = vs_analysis_dup_path(a, u, &len);
    VS_FUZZ_ASSERT((list == NULL) == (len == 0));
    if (list != NULL) {
      VS_FUZZ_ASSERT(list[0] == u && (gint32)len == hops[u] + 1);
      VS_FUZZ_ASSERT(vs_org_get_unit_kind(org, list[len - 1]) == VS_KIND_CUSTOMER);
    }
    vs_free(list);
    list = vs_analysis_dup_chokepoints(a, u, &len);
    for (gsize i = 0; i < len; i++)
      VS_FUZZ_ASSERT(list[i] != u && vs_org_get_unit_kind(org, list[i]) != VS_KIND_CUSTOMER);
    vs_free(list);
    list = vs_analysis_dup_unit_customers(a, u, &len);
    VS_FUZZ_ASSERT(sorted_by_id(org, list, len));
    VS_FUZZ_ASSERT(!customer || len == 0);
    VS_FUZZ_ASSERT((len > 0) == (!customer && hops[u] >= 0));
    for (gsize i = 0; i < len; i++)
      VS_FUZZ_ASSERT(vs_org_get_unit_kind(org, list[i]) == VS_KIND_CUSTOMER);
    vs_free(list);
    list = vs_analysis_dup_critical_units(a, u, &len);
    VS_FUZZ_ASSERT(customer || len == 0);
    VS_FUZZ_ASSERT(sorted_by_id(org, list, len));
    vs_free(list);
    if (n_cust > 0) {
      vs_analysis_get_unit_shares(a, u, shares);
      for (gsize k = 0; k < n_cust; k++)
        VS_FUZZ_ASSERT(within(shares[k], 0, 1));
      list = vs_analysis_dup_path_to(a, u, customers[0], &len);
      VS_FUZZ_ASSERT(list == NULL || (list[0] == u && list[len - 1] == customers[0]));
      vs_free(list);
    }
  }
  for (gsize k = 0; k < MIN(n_cust, 8); k++) {
    VS_FUZZ_ASSERT(vs_analysis_get_customer_shares(a, customers[k], column));
    for (gsize u = 0; u < n; u++)
      VS_FUZZ_ASSERT(within(column[u], 0, 1));
  }
  list = vs_analysis_dup_flagged(a, &len);
  vs_free(list);
  for (gsize l = 0; l < vs_analysis_get_n_loops(a); l++) {
    const guint32 *members = vs_analysis_get_loop(a, l, &len);
    VS_FUZZ_ASSERT(len >= 2 && sorted_by_id(org, members, len));
  }
  for (gsize g = 0; g < vs_analysis_get_n_groups(a); g++) {
    VS_FUZZ_ASSERT(vs_analysis_get_group_id(a, g) != NULL);
    VS_FUZZ_ASSERT(vs_diagnosis_name(vs_analysis_get_group_diagnosis(a, g)) != NULL);
    vs_analysis_get_group_poor_units(a, g, &len);
  }
  for (gsize i = 0; i < vs_analysis_get_n_warnings(a); i++)
    VS_FUZZ_ASSERT(g_utf8_validate(vs_analysis_get_warning(a, i), -1, NULL));
  for (gsize t = 0; t < vs_analysis_get_n_trends(a); t++) {
    const char *const *periods;
    VsTrend trend;
    const double *means;

    vs_analysis_get_trend(a, t, &trend);
    means = vs_analysis_get_trend_means(a, t, &periods, &len);
    VS_FUZZ_ASSERT(len == trend.n_periods && len >= 1);
    for (gsize i = 0; i < len; i++)
      VS_FUZZ_ASSERT(within(means[i], 1, 5) && periods[i] != NULL);
    VS_FUZZ_ASSERT(within(trend.score, 0, 1) && within(trend.p_value, 0, 1));
  }
  for (int p = 0; p < VS_N_PHASES; p++)
    VS_FUZZ_ASSERT(vs_analysis_get_phase_seconds(a, (VsPhase)p) >= 0);
}

/* json-glib reads numbers with g_ascii_strtod, as the writer checks them:
 * a written number must read back as exactly the same double. */
static gboolean
same_number(JsonNode *node, double x)
{
  if (isnan(x))
    return JSON_NODE_HOLDS_NULL(node);
  return JSON_NODE_HOLDS_VALUE(node) && json_node_get_double(node) == x;
}

static void
check_json_report(const VsAnalysis *a, const char *text, gsize len)
{
  const VsOrg *org = vs_analysis_get_org(a);
  const double *q = vs_analysis_get_qualities(a, NULL);
  const double *fix = vs_analysis_get_fix_values(a, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  g_autoptr(GError) error = NULL;
  JsonObject *top;
  JsonArray *units, *warnings;

  VS_FUZZ_ASSERT(strlen(text) == len);
  VS_FUZZ_ASSERT(g_utf8_validate(text, (gssize)len, NULL));
  VS_FUZZ_ASSERT(json_parser_load_from_data(parser, text, (gssize)len, &error));
  VS_FUZZ_ASSERT(JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)));
  top = json_node_get_object(json_parser_get_root(parser));
  units = json_object_get_array_member(top, "units");
  VS_FUZZ_ASSERT(units != NULL && json_array_get_length(units) == vs_org_get_n_units(org));
  for (guint u = 0; u < json_array_get_length(units); u++) {
    JsonObject *unit = json_array_get_object_element(units, u);
    /* Ids come back exactly: commas, quotes, newlines, any UTF-8. */
    VS_FUZZ_ASSERT(strcmp(json_object_get_string_member(unit, "id"), vs_org_get_unit_id(org, u)) ==
                   0);
    VS_FUZZ_ASSERT(
        strcmp(json_object_get_string_member(unit, "name"), vs_org_get_unit_name(org, u)) == 0);
    VS_FUZZ_ASSERT(same_number(json_object_get_member(unit, "quality"), q[u]));
    VS_FUZZ_ASSERT(same_number(json_object_get_member(unit, "fix_value"), fix[u]));
  }
  warnings = json_object_get_array_member(top, "warnings");
  VS_FUZZ_ASSERT(warnings != NULL &&
                 json_array_get_length(warnings) == vs_analysis_get_n_warnings(a));
  for (guint i = 0; i < json_array_get_length(warnings); i++)
    VS_FUZZ_ASSERT(
        strcmp(json_array_get_string_element(warnings, i), vs_analysis_get_warning(a, i)) == 0);
}

/* A CSV table reads back with the library's own RFC 4180 reader: one
 * record per row plus the header, every record as wide as the header, and
 * the first two fields the ids of the row's units. */
static void
check_csv_table(const VsAnalysis *a, VsReportTable table)
{
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  const VsOrg *org = vs_analysis_get_org(a);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(VsCsvReader) reader = NULL;
  gsize len = 0, rows = 0, n_cust = 0, expected;
  const guint32 *customers = vs_analysis_get_customers(a, &n_cust);
  VsCsvStatus status;

  o.table = table;
  out = vs_report_dup_string(a, VS_REPORT_CSV, &o, &len, &error);
  VS_FUZZ_ASSERT(out != NULL && error == NULL && g_utf8_validate(out, (gssize)len, NULL));
  reader = vs_i_csv_reader_new(out, len, "report.csv");
  VS_FUZZ_ASSERT(vs_i_csv_reader_read_header(reader, &error));
  while ((status = vs_i_csv_reader_next(reader, &error)) == VS_CSV_RECORD) {
    guint n;
    const VsCsvField *f = vs_i_csv_reader_get_fields(reader, &n);
    const char *want = NULL, *want2 = NULL;

    switch (table) {
    case VS_REPORT_TABLE_UNITS:
      want = vs_org_get_unit_id(org, rows);
      break;
    case VS_REPORT_TABLE_CUSTOMERS:
      want = vs_org_get_unit_id(org, customers[rows]);
      break;
    case VS_REPORT_TABLE_HANDOFFS:
      want = vs_org_get_unit_id(org, vs_org_get_handoff_from(org, rows));
      want2 = vs_org_get_unit_id(org, vs_org_get_handoff_to(org, rows));
      break;
    }
    VS_FUZZ_ASSERT(f[0].len == strlen(want) && memcmp(f[0].data, want, f[0].len) == 0);
    VS_FUZZ_ASSERT(want2 == NULL ||
                   (f[1].len == strlen(want2) && memcmp(f[1].data, want2, f[1].len) == 0));
    rows++;
  }
  VS_FUZZ_ASSERT(status == VS_CSV_END);
  expected = table == VS_REPORT_TABLE_UNITS       ? vs_analysis_get_n_units(a)
             : table == VS_REPORT_TABLE_CUSTOMERS ? n_cust
                                                  : vs_analysis_get_n_handoffs(a);
  VS_FUZZ_ASSERT(rows == expected);
}

/* The HTML page is XHTML: any XML parser reads it (escaping holds), and
 * the DOT picture is UTF-8 text. */
static void
check_html_and_dot(const VsAnalysis *a)
{
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gsize len = 0;
  xmlDocPtr doc;

  o.top = 0;
  out = vs_report_dup_string(a, VS_REPORT_HTML, &o, &len, &error);
  VS_FUZZ_ASSERT(out != NULL && error == NULL && g_utf8_validate(out, (gssize)len, NULL));
  doc = xmlReadMemory(out, (int)len, "report.html", "UTF-8",
                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  VS_FUZZ_ASSERT(doc != NULL);
  xmlFreeDoc(doc);
  g_clear_pointer(&out, g_free);
  out = vs_report_dup_string(a, VS_REPORT_DOT, &o, &len, &error);
  VS_FUZZ_ASSERT(out != NULL && error == NULL && g_utf8_validate(out, (gssize)len, NULL));
  VS_FUZZ_ASSERT(strstr(out, "digraph ") != NULL);
}

static void
check_reports(const VsAnalysis *a)
{
  VsReportOptions json = VS_REPORT_OPTIONS_INIT, text = VS_REPORT_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gsize len = 0;

  json.shares = VS_SHARES_ALWAYS;
  json.pretty = vs_analysis_get_n_units(a) % 2 == 0;
  out = vs_report_dup_string(a, VS_REPORT_JSON, &json, &len, &error);
  VS_FUZZ_ASSERT(out != NULL && error == NULL);
  check_json_report(a, out, len);
  g_clear_pointer(&out, g_free);

  text.top = 0;
  out = vs_report_dup_string(a, VS_REPORT_TEXT, &text, &len, &error);
  VS_FUZZ_ASSERT(out != NULL && error == NULL);
  VS_FUZZ_ASSERT(strlen(out) == len && g_utf8_validate(out, (gssize)len, NULL));

  check_csv_table(a, VS_REPORT_TABLE_UNITS);
  check_csv_table(a, VS_REPORT_TABLE_CUSTOMERS);
  check_csv_table(a, VS_REPORT_TABLE_HANDOFFS);
  check_html_and_dot(a);
}

void
vs_fuzz_exercise(const VsOrg *org)
{
  g_autoptr(VsAnalysis) a = NULL;
  GError *error = NULL;

  read_back(org);
  if (g_getenv("VS_FUZZ_VERBOSE") != NULL)
    fprintf(stderr, "  loaded: %zu units, %zu handoffs\n", vs_org_get_n_units(org),
            vs_org_get_n_handoffs(org));
  if (vs_org_get_n_units(org) > MAX_ANALYSED_UNITS)
    return;
  a = vs_analysis_new(org, NULL, &error);
  if (a == NULL) {
    /* A loaded org is valid; only the loop solver's limits remain. */
    VS_FUZZ_ASSERT(error->code == VS_ERROR_LIMIT || error->code == VS_ERROR_INVALID);
    vs_fuzz_check_error(error);
    return;
  }
  VS_FUZZ_ASSERT(vs_analysis_get_n_units(a) == vs_org_get_n_units(org));
  check_numbers(a);
  check_costs(a);
  check_lists(a);
  check_reports(a);
}

int
vs_fuzz_loaded(VsOrg *org, GError *error)
{
  if (org == NULL) {
    vs_fuzz_check_error(error);
    return 0;
  }
  VS_FUZZ_ASSERT(error == NULL);
  vs_fuzz_exercise(org);
  vs_org_free(org);
  return 0;
}
