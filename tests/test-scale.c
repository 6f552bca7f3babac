/* valuestream tests - scale: shapes that break recursive or quadratic code.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A chain of a million units (paths, chokepoint chains and dominator
 * chains a million long), stars of a million handoffs in and out (a
 * receiver with a million providers, a provider with a million
 * customers), a survey pair with a hundred thousand periods, a provider
 * surveyed by a hundred thousand respondents, and the largest rework loop
 * the solver takes. Each step prints its time; each must finish within a
 * bound that any quadratic step at this size would miss by hours.
 *
 * The SPEC JSON report lists every unit's whole path and chokepoints, so
 * on a chain its size is quadratic by definition (a million paths of up
 * to a million ids): it is written here for the stars only. The analysis,
 * every list query and the text report are linear on every shape.
 *
 * VS_SCALE=N divides the sizes by N (sanitizer builds run slower);
 * VS_SCALE_ONLY=GLOB runs only the tests whose names match.
 */
#include "vs-test.h"

#include <gio/gio.h>
#include <stdio.h>

#include "org-topology.h"

/* No step may take longer than this: linear work at these sizes takes a
 * second or two; quadratic work would take hours. */
#define STEP_LIMIT_SECONDS 120.0

static gsize scale_div = 1;

static gsize
size_of(gsize n)
{
  return MAX(n / scale_div, 100);
}

static gint64 step_start;

static void
step_begin(void)
{
  step_start = g_get_monotonic_time();
}

static void
step_end(const char *what)
{
  double s = (double)(g_get_monotonic_time() - step_start) / G_USEC_PER_SEC;
  printf("  %-58s %8.3f s\n", what, s);
  fflush(stdout);
  if (s > STEP_LIMIT_SECONDS) {
    print_error("%s took %.1f s (limit %.0f s)\n", what, s, STEP_LIMIT_SECONDS);
    fail();
  }
}

static void
add_unit(VsOrg *org, const char *id, VsKind kind, double revenue)
{
  VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
  GError *error = NULL;

  attrs.revenue = revenue;
  assert_true(vs_org_add_unit(org, id, kind, &attrs, &error) >= 0);
}

static void
add_handoff(VsOrg *org, const char *from, const char *to, const char *deliverable, double score)
{
  VsHandoffAttrs attrs = VS_HANDOFF_ATTRS_INIT;
  GError *error = NULL;

  attrs.deliverable = deliverable;
  attrs.score = score;
  assert_true(vs_org_add_handoff(org, from, to, &attrs, &error) >= 0);
}

/* Writes @format to a stream that drops the bytes, returning their count. */
static gsize
report_size(const VsAnalysis *a, VsReportFormat format, const VsReportOptions *options)
{
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable();
  GError *error = NULL;

  /* A resizable memory stream holds the report; the sizes here are tens
   * of megabytes at most. */
  assert_true(vs_report_write(a, format, options, sink, NULL, &error));
  assert_true(g_output_stream_close(sink, NULL, NULL));
  return g_memory_output_stream_get_data_size(G_MEMORY_OUTPUT_STREAM(sink));
}

/* The HTML page, the DOT picture and the CSV tables of customers and
 * handoffs: linear on every shape. (The CSV units table, like the JSON
 * report, lists each unit's path and chokepoints: quadratic on a chain.) */
static void
check_other_writers(const VsAnalysis *a)
{
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;

  step_begin();
  assert_true(report_size(a, VS_REPORT_HTML, &o) > 0);
  step_end("HTML report");
  step_begin();
  assert_true(report_size(a, VS_REPORT_DOT, &o) > 0);
  step_end("DOT picture");
  step_begin();
  o.table = VS_REPORT_TABLE_CUSTOMERS;
  assert_true(report_size(a, VS_REPORT_CSV, &o) > 0);
  o.table = VS_REPORT_TABLE_HANDOFFS;
  assert_true(report_size(a, VS_REPORT_CSV, &o) > 0);
  step_end("CSV tables of customers and handoffs");
}

static VsAnalysis *
analyse(const VsOrg *org, const char *what)
{
  GError *error = NULL;
  VsAnalysis *a;

  step_begin();
  a = vs_analysis_new(org, NULL, &error);
  if (a == NULL) {
    print_error("%s\n", error->message);
    fail();
  }
  step_end(what);
  return a;
}

/* ---- a chain: t0 -> t1 -> ... -> t(n-2) -> c ----------------------------- */

static VsOrg *
make_chain(gsize n)
{
  VsOrg *org = vs_org_new();
  char id[32], prev[32];

  for (gsize i = 0; i + 1 < n; i++) {
    g_snprintf(id, sizeof id, "t%07zu", i);
    add_unit(org, id, VS_KIND_TEAM, NAN);
  }
  add_unit(org, "c", VS_KIND_CUSTOMER, 1000.0);
  for (gsize i = 0; i + 1 < n; i++) {
    g_snprintf(prev, sizeof prev, "t%07zu", i);
    if (i + 2 < n)
      g_snprintf(id, sizeof id, "t%07zu", i + 1);
    else
      g_strlcpy(id, "c", sizeof id);
    /* every tenth handoff is poor, so there are flagged teams to rank */
    add_handoff(org, prev, id, NULL, i % 10 == 0 ? 0.5 : 0.99);
  }
  return org;
}

static void
check_chain(const VsAnalysis *a, gsize n)
{
  const VsOrg *org = vs_analysis_get_org(a);
  const gint32 *hops = vs_analysis_get_hops(a, NULL);
  const guint32 *dependents = vs_analysis_get_dependents(a, NULL);
  gsize c = n - 1, len, total = 0;
  guint32 *list;
  g_autofree double *shares = g_new(double, 1);
  VsReportOptions text = VS_REPORT_OPTIONS_INIT;

  assert_int_equal(hops[0], (gint32)(n - 1));
  step_begin();
  list = vs_analysis_dup_path(a, 0, &len);
  assert_int_equal(len, n);
  assert_int_equal(list[len - 1], c);
  vs_free(list);
  step_end("path of the first unit (n long)");

  step_begin();
  list = vs_analysis_dup_chokepoints(a, 0, &len);
  assert_int_equal(len, n - 2); /* every team after t0; not the customer */
  assert_int_equal(list[0], 1);
  vs_free(list);
  step_end("chokepoints of the first unit (n - 2 long)");
  /* t(k) lies on the way of t0 .. t(k-1) */
  assert_int_equal(dependents[n - 2], n - 2);

  step_begin();
  list = vs_analysis_dup_critical_units(a, c, &len);
  assert_int_equal(len, n - 1); /* t0 creates everything; all of it passes every team */
  vs_free(list);
  step_end("critical units of the customer (n - 1, sorted by id)");

  step_begin();
  for (gsize u = 0; u < n; u++) {
    list = vs_analysis_dup_unit_customers(a, u, &len);
    total += len;
    vs_free(list);
  }
  assert_int_equal(total, n - 1);
  step_end("customers reached, for every unit");

  step_begin();
  list = vs_analysis_dup_path_to(a, 0, c, &len);
  assert_int_equal(len, n);
  vs_free(list);
  vs_analysis_get_unit_shares(a, 0, shares);
  assert_close(shares[0], 1.0, 1e-12);
  step_end("path_to and shares of the first unit");

  step_begin();
  list = vs_analysis_dup_flagged(a, &len);
  assert_true(len >= (n - 1) / 10);
  vs_free(list);
  text.top = 10;
  assert_true(report_size(a, VS_REPORT_TEXT, &text) > 0);
  step_end("ranking and text report (top 10)");
  check_other_writers(a);
  assert_string_equal(vs_org_get_unit_id(org, c), "c");
}

static void
test_chain_of_a_million(void **state)
{
  gsize n = size_of(1000000);
  g_autoptr(VsOrg) org = NULL;
  g_autoptr(VsAnalysis) a = NULL;

  printf("chain of %zu units (native graph engine)\n", n);
  step_begin();
  org = make_chain(n);
  step_end("building the org");
  a = analyse(org, "analysis");
  check_chain(a, n);
}

/* The same shape below VS_NATIVE_GRAPH_MIN_SIZE, where igraph computes the
 * components, the search and the dominator trees. */
static void
test_chain_igraph_engine(void **state)
{
  gsize n = size_of(VS_NATIVE_GRAPH_MIN_SIZE / 2 - 1);
  g_autoptr(VsOrg) org = NULL;
  g_autoptr(VsAnalysis) a = NULL;

  printf("chain of %zu units (igraph engine)\n", n);
  org = make_chain(n);
  a = analyse(org, "analysis");
  check_chain(a, n);
}

/* The chain as CSV text, through the loader. */
static void
test_chain_loads_from_csv(void **state)
{
  gsize n = size_of(1000000);
  g_autoptr(GString) units = g_string_new("id,kind,revenue\n");
  g_autoptr(GString) handoffs = g_string_new("from,to,score\n");
  g_autoptr(VsOrg) org = NULL;
  GError *error = NULL;

  for (gsize i = 0; i + 1 < n; i++)
    g_string_append_printf(units, "t%07zu,team,\n", i);
  g_string_append(units, "c,customer,1000\n");
  for (gsize i = 0; i + 1 < n; i++) {
    if (i + 2 < n)
      g_string_append_printf(handoffs, "t%07zu,t%07zu,0.9\n", i, i + 1);
    else
      g_string_append_printf(handoffs, "t%07zu,c,0.9\n", i);
  }
  printf("chain of %zu units from CSV (%zu + %zu bytes)\n", n, units->len, handoffs->len);
  step_begin();
  org = vs_load_csv_data(units->str, (gssize)units->len, handoffs->str, (gssize)handoffs->len, NULL,
                         0, &error);
  assert_non_null(org);
  assert_int_equal(vs_org_get_n_units(org), n);
  step_end("loading (includes the closed-loop check)");
}

/* ---- stars ------------------------------------------------------------------- */

/* n teams each hand one customer their own deliverable, all poor: every
 * team is captive_poor_service (nobody else hands the customer the same
 * deliverable), which is a question about the customer's n inputs. */
static void
test_star_into_one_customer(void **state)
{
  gsize n = size_of(1000000);
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  VsReportOptions json = VS_REPORT_OPTIONS_INIT;
  const guint32 *flags;
  char id[32];

  printf("star of %zu handoffs into one customer\n", n);
  step_begin();
  add_unit(org, "c", VS_KIND_CUSTOMER, 1e6);
  for (gsize i = 0; i < n; i++) {
    g_snprintf(id, sizeof id, "t%07zu", i);
    add_unit(org, id, VS_KIND_TEAM, NAN);
    add_handoff(org, id, "c", id, 0.5);
  }
  step_end("building the org");
  a = analyse(org, "analysis (captive checks: n inputs of one receiver)");
  flags = vs_analysis_get_flags(a, NULL);
  assert_true(flags[1] & VS_FLAG_CAPTIVE_POOR_SERVICE);
  assert_true(flags[n] & VS_FLAG_CAPTIVE_POOR_SERVICE);
  step_begin();
  json.pretty = FALSE;
  assert_true(report_size(a, VS_REPORT_JSON, &json) > n * 100);
  step_end("JSON report");
  step_begin();
  assert_true(report_size(a, VS_REPORT_TEXT, NULL) > 0);
  step_end("text report");
  check_other_writers(a);
}

/* One team hands its work to n customers. */
static void
test_star_out_to_a_million_customers(void **state)
{
  gsize n = size_of(1000000), len;
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  VsReportOptions json = VS_REPORT_OPTIONS_INIT;
  guint32 *list;
  char id[32];

  printf("star of %zu handoffs out of one team\n", n);
  step_begin();
  add_unit(org, "hub", VS_KIND_TEAM, NAN);
  for (gsize i = 0; i < n; i++) {
    g_snprintf(id, sizeof id, "c%07zu", i);
    add_unit(org, id, VS_KIND_CUSTOMER, 1.0);
    add_handoff(org, "hub", id, "service", 0.8);
  }
  step_end("building the org");
  a = analyse(org, "analysis");
  step_begin();
  list = vs_analysis_dup_unit_customers(a, 0, &len);
  assert_int_equal(len, n);
  vs_free(list);
  for (gsize u = 1; u <= n; u++) {
    list = vs_analysis_dup_critical_units(a, u, &len);
    assert_int_equal(len, 1);
    vs_free(list);
  }
  step_end("customers of the hub; critical units of every customer");
  step_begin();
  json.pretty = FALSE;
  assert_true(report_size(a, VS_REPORT_JSON, &json) > n * 50);
  step_end("JSON report (shares left out: units x customers > 20M)");
  step_begin();
  assert_true(report_size(a, VS_REPORT_TEXT, NULL) > n * 50);
  step_end("text report (a line per customer)");
  check_other_writers(a);
}

/* A chain of n teams whose last team serves n customers: every customer's
 * critical units are the whole chain, n^2 ids in all. The JSON report and
 * the CSV tables list them by definition; the analysis, the text report,
 * the HTML page and the DOT picture count them instead. */
static void
test_chain_feeding_many_customers(void **state)
{
  gsize n = size_of(300000), len;
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  guint32 *list;
  char id[32], next[32];

  printf("chain of %zu teams serving %zu customers\n", n, n);
  step_begin();
  for (gsize i = 0; i < n; i++) {
    g_snprintf(id, sizeof id, "t%07zu", i);
    add_unit(org, id, VS_KIND_TEAM, NAN);
    g_snprintf(id, sizeof id, "c%07zu", i);
    add_unit(org, id, VS_KIND_CUSTOMER, 10.0);
  }
  for (gsize i = 0; i + 1 < n; i++) {
    g_snprintf(id, sizeof id, "t%07zu", i);
    g_snprintf(next, sizeof next, "t%07zu", i + 1);
    add_handoff(org, id, next, NULL, 0.9);
  }
  g_snprintf(id, sizeof id, "t%07zu", n - 1);
  for (gsize i = 0; i < n; i++) {
    g_snprintf(next, sizeof next, "c%07zu", i);
    add_handoff(org, id, next, NULL, 0.8);
  }
  step_end("building the org");
  a = analyse(org, "analysis");
  list = vs_analysis_dup_critical_units(a, 1, &len); /* one customer's: the whole chain */
  assert_int_equal(len, n);
  vs_free(list);
  step_begin();
  assert_true(report_size(a, VS_REPORT_TEXT, &o) > n * 50);
  step_end("text report (a line per customer, critical units counted)");
  step_begin();
  assert_true(report_size(a, VS_REPORT_HTML, &o) > 0);
  step_end("HTML report (likewise)");
  step_begin();
  assert_true(report_size(a, VS_REPORT_DOT, &o) > 0);
  step_end("DOT picture");
}

/* ---- surveys ---------------------------------------------------------------- */

/* One pair answered in n periods: the trend statistics are over n period
 * means (Mann-Kendall and Theil-Sen look at every pair of periods). */
static void
test_survey_pair_with_many_periods(void **state)
{
  gsize n = size_of(100000);
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  GError *error = NULL;
  VsTrend trend;
  char period[32];

  printf("one survey pair answered in %zu periods\n", n);
  add_unit(org, "A", VS_KIND_TEAM, NAN);
  add_unit(org, "B", VS_KIND_TEAM, NAN);
  add_unit(org, "X", VS_KIND_CUSTOMER, 100);
  add_handoff(org, "A", "B", NULL, NAN);
  add_handoff(org, "B", "X", NULL, NAN);
  for (gsize i = 0; i < n; i++) {
    VsSurveyResponse r = VS_SURVEY_RESPONSE_INIT;
    g_snprintf(period, sizeof period, "p%07zu", i);
    r.period = period;
    r.respondent = "B";
    r.provider = "A";
    r.score = 5.0 - 4.0 * (double)i / (double)n; /* a steady decline */
    assert_true(vs_org_add_survey_response(org, &r, &error));
  }
  a = analyse(org, "analysis");
  assert_int_equal(vs_analysis_get_n_trends(a), 1);
  vs_analysis_get_trend(a, 0, &trend);
  assert_int_equal(trend.n_periods, n);
  /* Judged on the latest 1000 periods: every pair of them declines. */
  assert_close(trend.mk_s, -1000.0 * 999.0 / 2.0, 0);
  assert_close(trend.slope, -4.0 / (double)n, 1e-9);
  assert_false(trend.deteriorating); /* far gentler than 0.05 a period */
}

/* One provider with n respondents, each surveyed once. */
static void
test_survey_many_respondents(void **state)
{
  gsize n = size_of(200000);
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  GError *error = NULL;
  char id[32];

  printf("one provider surveyed by %zu respondents\n", n);
  add_unit(org, "hub", VS_KIND_TEAM, NAN);
  add_unit(org, "X", VS_KIND_CUSTOMER, 100);
  for (gsize i = 0; i < n; i++) {
    VsSurveyResponse r = VS_SURVEY_RESPONSE_INIT;
    g_snprintf(id, sizeof id, "r%07zu", i);
    add_unit(org, id, VS_KIND_TEAM, NAN);
    add_handoff(org, "hub", id, NULL, NAN);
    add_handoff(org, id, "X", NULL, NAN);
    r.period = "2026-Q1";
    r.respondent = id;
    r.provider = "hub";
    r.score = 3.0;
    assert_true(vs_org_add_survey_response(org, &r, &error));
  }
  a = analyse(org, "analysis (a survey pair per hub handoff)");
  assert_int_equal(vs_analysis_get_n_trends(a), n);
  assert_int_equal(vs_analysis_get_n_warnings(a), 0); /* every pair has its handoff */
}

/* ---- the largest rework loop the solver takes ------------------------------- */

static void
test_largest_rework_loop(void **state)
{
  gsize k = 2048 / MIN(scale_div, 4);
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  char id[32], next[32];

  printf("a rework loop of %zu units\n", k);
  add_unit(org, "src", VS_KIND_SUPPLIER, NAN);
  add_unit(org, "X", VS_KIND_CUSTOMER, 1000);
  for (gsize i = 0; i < k; i++) {
    g_snprintf(id, sizeof id, "l%05zu", i);
    add_unit(org, id, VS_KIND_TEAM, NAN);
  }
  add_handoff(org, "src", "l00000", NULL, 0.9);
  for (gsize i = 0; i < k; i++) {
    g_snprintf(id, sizeof id, "l%05zu", i);
    g_snprintf(next, sizeof next, "l%05zu", (i + 1) % k);
    add_handoff(org, id, next, NULL, 0.95);
    if (i % 7 == 0) { /* chords make the loop's matrix less sparse */
      g_snprintf(next, sizeof next, "l%05zu", (i * 13 + 5) % k); /* never i itself */
      add_handoff(org, id, next, NULL, 0.9);
    }
  }
  add_handoff(org, "l00100", "X", NULL, 0.8);
  a = analyse(org, "analysis (dense LU of the loop, twice)");
  assert_int_equal(vs_analysis_get_n_loops(a), 1);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chain_of_a_million),
      cmocka_unit_test(test_chain_igraph_engine),
      cmocka_unit_test(test_chain_loads_from_csv),
      cmocka_unit_test(test_star_into_one_customer),
      cmocka_unit_test(test_star_out_to_a_million_customers),
      cmocka_unit_test(test_chain_feeding_many_customers),
      cmocka_unit_test(test_survey_pair_with_many_periods),
      cmocka_unit_test(test_survey_many_respondents),
      cmocka_unit_test(test_largest_rework_loop),
  };
  const char *div = g_getenv("VS_SCALE");

  if (div != NULL && g_ascii_strtoull(div, NULL, 10) > 0)
    scale_div = g_ascii_strtoull(div, NULL, 10);
  if (g_getenv("VS_SCALE_ONLY") != NULL) /* a glob of test names */
    cmocka_set_test_filter(g_getenv("VS_SCALE_ONLY"));
  return cmocka_run_group_tests_name("scale", tests, NULL, NULL);
}
