/* valuestream tests - hostile input: the corpus of tests/data/bad, checked
 * against its manifest cases.tsv through the C API, and regression tests
 * for what fuzzing and review found.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Usage: test-hostile BAD_DIR GENERATED_DIR
 * BAD_DIR is tests/data/bad (cases.tsv and the small cases); GENERATED_DIR
 * holds the large cases tests/data/bad/generate.py wrote at build time. */
#include "vs-test.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "valuestream/mine.h"

#include "analysis-private.h"
#include "load-private.h"

static const char *bad_dir, *generated_dir;

/* ---- the manifest ----------------------------------------------------------- */

typedef struct {
  guint line;
  char *name, *loader, *code, *fragment;
} Case;

static int
code_of(const char *name)
{
  static const char *const names[] = {"OK",     "PARSE", "INVALID",  "IO",
                                      "IGRAPH", "LIMIT", "NOT_FOUND"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (strcmp(name, names[i]) == 0)
      return (int)i; /* VS_ERROR_PARSE is 1, ... */
  return -1;
}

/* Every unit id of @org comes back from the JSON report unchanged. */
static gboolean
ids_round_trip(const VsOrg *org, const char *report, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  JsonArray *units;

  if (!json_parser_load_from_data(parser, report, -1, error))
    return FALSE;
  units = json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)), "units");
  if (json_array_get_length(units) != vs_org_get_n_units(org))
    return FALSE;
  for (guint u = 0; u < json_array_get_length(units); u++)
    if (strcmp(json_object_get_string_member(json_array_get_object_element(units, u), "id"),
               vs_org_get_unit_id(org, u)) != 0)
      return FALSE;
  return TRUE;
}

/* What `valuestream analyze PATH --format json --compact` does: load,
 * analyse, report. Returns the report, or NULL with the first error. */
static char *
pipeline(const char *path, const char *loader, GError **error)
{
  g_autoptr(VsOrg) org = NULL;
  g_autoptr(VsAnalysis) a = NULL;
  VsReportOptions options = VS_REPORT_OPTIONS_INIT;
  char *report;

  if (loader == NULL) {
    org = vs_load(path, error);
  } else if (strcmp(loader, "log") == 0) {
    g_autoptr(VsMineResult) mined = vs_mine_file(path, NULL, error);
    org = mined != NULL ? vs_mine_result_to_org(mined, NULL, error) : NULL;
  } else if (strcmp(loader, "csv") == 0) {
    org = vs_load_csv_dir(path, error);
  } else if (strcmp(loader, "json") == 0) {
    org = vs_load_json_file(path, error);
  } else {
    org = vs_load_graphml_file(path, error);
  }
  if (org == NULL || (a = vs_analysis_new(org, NULL, error)) == NULL)
    return NULL;
  options.pretty = FALSE;
  report = vs_report_dup_string(a, VS_REPORT_JSON, &options, NULL, error);
  if (report != NULL && !ids_round_trip(org, report, NULL)) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "the report's ids differ from the org's");
    g_free(report);
    return NULL;
  }
  return report;
}

/* Checks one case through one entry point; prints what happened. */
static gboolean
check_case(const Case *c, const char *path, const char *loader)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = pipeline(path, loader, &error);
  int want = code_of(c->code);
  const char *via = loader != NULL ? loader : "vs_load";

  if (want == 0) {
    if (report == NULL) {
      printf("FAIL %s (%s): expected it to load, got: %s\n", c->name, via, error->message);
      return FALSE;
    }
    if (strstr(report, c->fragment) == NULL) {
      printf("FAIL %s (%s): the report lacks %s\n", c->name, via, c->fragment);
      return FALSE;
    }
    printf("ok   %s (%s): loads; the report has %s\n", c->name, via, c->fragment);
    return TRUE;
  }
  if (report != NULL) {
    printf("FAIL %s (%s): loaded, expected VS_ERROR_%s\n", c->name, via, c->code);
    return FALSE;
  }
  if (error->domain != VS_ERROR || error->code != want ||
      strstr(error->message, c->fragment) == NULL || !g_utf8_validate(error->message, -1, NULL)) {
    printf("FAIL %s (%s): expected VS_ERROR_%s with \"%s\", got %s %d: %s\n", c->name, via, c->code,
           c->fragment, g_quark_to_string(error->domain), error->code, error->message);
    return FALSE;
  }
  printf("ok   %s (%s): VS_ERROR_%s: %s\n", c->name, via, c->code,
         strlen(error->message) > 300 ? "(a long message)" : error->message);
  return TRUE;
}

static GPtrArray *
read_manifest(void)
{
  g_autofree char *path = g_build_filename(bad_dir, "cases.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *cases = g_ptr_array_new();

  if (!g_file_get_contents(path, &text, NULL, &error)) {
    print_error("%s\n", error->message);
    fail();
  }
  lines = g_strsplit(text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    g_auto(GStrv) f = NULL;
    Case *c;

    if (lines[i][0] == '#' || lines[i][0] == '\0')
      continue;
    f = g_strsplit(lines[i], "\t", 4);
    if (g_strv_length(f) != 4 || code_of(f[2]) < 0) {
      print_error("cases.tsv:%u: expected case, loader, code, fragment\n", i + 1);
      fail();
    }
    c = g_new0(Case, 1);
    c->line = i + 1;
    c->name = g_strdup(f[0]);
    c->loader = g_strdup(f[1]);
    c->code = g_strdup(f[2]);
    c->fragment = g_strcompress(f[3]);
    g_ptr_array_add(cases, c);
  }
  return cases;
}

static void
free_case(gpointer data)
{
  Case *c = data;
  g_free(c->name);
  g_free(c->loader);
  g_free(c->code);
  g_free(c->fragment);
  g_free(c);
}

static void
test_manifest(void **state)
{
  g_autoptr(GPtrArray) cases = read_manifest();
  guint failed = 0;

  g_ptr_array_set_free_func(cases, free_case);
  assert_true(cases->len >= 40);
  for (guint i = 0; i < cases->len; i++) {
    const Case *c = cases->pdata[i];
    g_autofree char *path = g_str_has_prefix(c->name, "gen/")
                                ? g_build_filename(generated_dir, c->name + 4, NULL)
                                : g_build_filename(bad_dir, c->name, NULL);

    /* The format's own loader and vs_load() agree (logs are mined). */
    if (strcmp(c->loader, "any") != 0 && !check_case(c, path, c->loader))
      failed++;
    if (strcmp(c->loader, "log") != 0 && !check_case(c, path, NULL))
      failed++;
  }
  printf("%u cases, %u failures\n", cases->len, failed);
  assert_int_equal(failed, 0);
}

/* ---- regressions: loaders ------------------------------------------------------- */

static GError *
json_fails(const char *text)
{
  GError *error = NULL;
  VsOrg *org = vs_load_json_data(text, -1, "t.json", &error);
  if (org != NULL) {
    print_error("loaded: %s\n", text);
    vs_org_free(org);
    fail();
  }
  return error;
}

#define JSON_ORG(weight)                                                                           \
  "{\"units\": [{\"id\": \"A\", \"kind\": \"team\"}, {\"id\": \"X\", \"kind\": \"customer\"}],\n"  \
  "\"handoffs\": [{\"from\": \"A\", \"to\": \"X\", \"weight\": " weight "}]}"

/* json-glib 1.6 read 010 as 8, 0x10 and $10 as 16, 0b1 as 1, and took .5,
 * 1. and 'strings': all silently. Found by the hostile corpus. */
static void
test_json_is_held_to_rfc8259(void **state)
{
  static const char *const bad_numbers[] = {"010", "0x10", "0b1", "07", "1.", "00"};
  static const char *const not_json[] = {"$10", ".5", "+1", "'a'", "tru", "nulls", "NaN"};
  GError *error;
  VsOrg *org;

  for (guint i = 0; i < G_N_ELEMENTS(bad_numbers); i++) {
    g_autofree char *doc = g_strdup_printf(JSON_ORG("%s"), bad_numbers[i]);
    error = json_fails(doc);
    assert_error(error, VS_ERROR_PARSE, "t.json:2: ", bad_numbers[i], "is not a JSON number");
  }
  for (guint i = 0; i < G_N_ELEMENTS(not_json); i++) {
    g_autofree char *doc = g_strdup_printf(JSON_ORG("%s"), not_json[i]);
    error = json_fails(doc);
    assert_error(error, VS_ERROR_PARSE, "t.json:2: ", "is not JSON");
  }
  error = json_fails("{\"units\": [{\"id\": \"A\\x\", \"kind\": \"team\"}], \"handoffs\": []}");
  assert_error(error, VS_ERROR_PARSE, "the escape \\x");
  error = json_fails("{\"units\": [{\"id\": \"A\tB\", \"kind\": \"team\"}], \"handoffs\": []}");
  assert_error(error, VS_ERROR_PARSE, "control character 0x09");
  error = json_fails("{\"units\": [{\"id\": \"\\udc00\", \"kind\": \"team\"}], \"handoffs\": []}");
  assert_error(error, VS_ERROR_PARSE, "lone UTF-16 surrogate \\uDC00");
  error = json_fails("{\"units\": [{\"id\": \"\\ud83dude00\", \"kind\": \"team\"}]}");
  assert_error(error, VS_ERROR_PARSE, "lone UTF-16 surrogate \\uD83D");
  error = json_fails("{\"units\": [{\"id\": \"\\u12\", \"kind\": \"team\"}]}");
  assert_error(error, VS_ERROR_PARSE, "four hex digits");

  /* JSON itself still reads: exponents, fractions, -0, escapes, pairs. */
  org = vs_load_json_data("{\"units\": [{\"id\": \"A\", \"name\": \"A "
                          "\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\","
                          " \"kind\": \"team\", \"headcount\": 1E+2},\n"
                          " {\"id\": \"X\", \"kind\": \"customer\", \"revenue\": -0.0e-0}],\n"
                          "\"handoffs\": [], \"surveys\": null}",
                          -1, "t.json", &error);
  assert_non_null(org);
  assert_close(vs_org_get_unit_headcount(org, 0), 100, 0);
  assert_string_equal(vs_org_get_unit_name(org, 0), "A \"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
  vs_org_free(org);
}

/* Error messages are UTF-8 and short whatever the input: json-glib quotes
 * lone surrogates as CESU-8 bytes, and a 100 kB id used to be quoted whole.
 * Found by fuzzing (tests/fuzz/json/crash-*). */
static void
test_messages_are_utf8_and_short(void **state)
{
  g_autofree char *long_id = g_strnfill(100000, 'x');
  g_autofree char *shown = vs_i_show_value("A\xed\xa0\x80"
                                           "B\xc3\xa9",
                                           7);
  g_autoptr(VsOrg) org = vs_org_new();
  GError *error = NULL;
  g_autofree char *json = NULL;

  assert_string_equal(shown, "\"A\\xED\\xA0\\x80B\xc3\xa9\"");
  assert_true(vs_org_add_unit(org, long_id, VS_KIND_TEAM, NULL, &error) == 0);
  assert_true(vs_org_add_unit(org, long_id, VS_KIND_TEAM, NULL, &error) < 0);
  assert_true(strlen(error->message) < 200);
  assert_error(error, VS_ERROR_INVALID, "duplicate id \"xxxx", "...\"");
  assert_true(vs_org_add_handoff(org, long_id, long_id, NULL, &error) < 0);
  assert_true(strlen(error->message) < 200);
  assert_error(error, VS_ERROR_INVALID, "self-handoff xxx", "... -> xxx");

  json = g_strdup_printf("{\"units\": [{\"id\": \"%s\", \"kind\": \"team\"}, {\"id\": \"%s\", "
                         "\"kind\": \"team\"}], \"handoffs\": []}",
                         long_id, long_id);
  error = json_fails(json);
  assert_true(strlen(error->message) < 200);
  assert_error(error, VS_ERROR_INVALID, "units[1]: field \"id\": duplicate id");
  error = json_fails("{\"units\": [\"\\ud800");
  assert_true(g_utf8_validate(error->message, -1, NULL));
  g_clear_error(&error);
}

/* GraphML ids with '&': libxml2 hands "a&amp;b" over as "a&#38;b" (it
 * keeps references when it substitutes no entities), which became the
 * unit's id. Found by the hostile corpus (graphml-ids-with-quotes). */
static void
test_graphml_ampersand_ids(void **state)
{
  static const char doc[] =
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
      "<key id=\"k\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
      "<key id=\"n\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
      "<graph edgedefault=\"directed\">\n"
      "<node id=\"a&amp;b\"><data key=\"k\">team</data><data key=\"n\">R&amp;D</data></node>\n"
      "<node id=\"c&#38;d\"><data key=\"k\">team</data></node>\n"
      "<node id=\"&amp;#38;\"><data key=\"k\">team</data></node>\n"
      "<node id=\"X\"><data key=\"k\">customer</data></node>\n"
      "<edge source=\"a&#38;b\" target=\"c&amp;d\"/>\n"
      "<edge source=\"c&amp;d\" target=\"X\"/>\n"
      "<edge source=\"&amp;#38;\" target=\"X\"/>\n"
      "</graph></graphml>\n";
  GError *error = NULL;
  g_autoptr(VsOrg) org = vs_load_graphml_data(doc, -1, "amp.graphml", &error);

  assert_non_null(org);
  assert_string_equal(vs_org_get_unit_id(org, 0), "a&b");
  assert_string_equal(vs_org_get_unit_name(org, 0), "R&D");
  assert_string_equal(vs_org_get_unit_id(org, 1), "c&d");
  assert_string_equal(vs_org_get_unit_id(org, 2), "&#38;");
  assert_int_equal(vs_org_get_handoff_from(org, 0), 0);
  assert_int_equal(vs_org_get_handoff_to(org, 0), 1);
  assert_int_equal(vs_org_get_handoff_from(org, 2), 2);
}

/* ---- regressions: analysis -------------------------------------------------------- */

static void
add(VsOrg *org, const char *id, VsKind kind, double revenue)
{
  VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
  attrs.revenue = revenue;
  assert_true(vs_org_add_unit(org, id, kind, &attrs, NULL) >= 0);
}

static void
hand(VsOrg *org, const char *from, const char *to, double weight, double score)
{
  VsHandoffAttrs attrs = VS_HANDOFF_ATTRS_INIT;
  attrs.weight = weight;
  attrs.score = score;
  assert_true(vs_org_add_handoff(org, from, to, &attrs, NULL) >= 0);
}

/* Weights near the largest double overflowed their receiver's sum, which
 * made every share 0. */
static void
test_weights_near_the_largest_double(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  const double *share, *q;

  add(org, "A", VS_KIND_TEAM, NAN);
  add(org, "B", VS_KIND_TEAM, NAN);
  add(org, "X", VS_KIND_CUSTOMER, 100);
  hand(org, "A", "X", 1e308, 0.5);
  hand(org, "B", "X", 1.7e308, 1.0);
  a = vs_analysis_new(org, NULL, NULL);
  assert_non_null(a);
  share = vs_analysis_get_handoff_shares(a, NULL);
  q = vs_analysis_get_qualities(a, NULL);
  assert_close(share[0], 1 / 2.7, 1e-15);
  assert_close(share[1], 1.7 / 2.7, 1e-15);
  assert_close(q[2], 0.5 / 2.7 + 1.7 / 2.7, 1e-15);
}

/* Revenues near the largest double gave infinite totals (null in JSON,
 * "inf" and "-nan%" in text): refused now. */
static void
test_revenue_overflow_is_refused(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  GError *error = NULL;

  add(org, "A", VS_KIND_TEAM, NAN);
  add(org, "X", VS_KIND_CUSTOMER, 1.7e308);
  add(org, "Y", VS_KIND_CUSTOMER, 1.7e308);
  hand(org, "A", "X", NAN, 0.5);
  hand(org, "A", "Y", NAN, 0.5);
  assert_null(vs_analysis_new(org, NULL, &error));
  assert_error(error, VS_ERROR_LIMIT, "range of double-precision numbers");
}

/* @n loops of @k units each, fed by a supplier, each delivering to X. */
static VsOrg *
loops_org(guint n, guint k)
{
  VsOrg *org = vs_org_new();
  char id[32], next[32];

  add(org, "S", VS_KIND_SUPPLIER, NAN);
  add(org, "X", VS_KIND_CUSTOMER, 100);
  for (guint l = 0; l < n; l++)
    for (guint i = 0; i < k; i++) {
      g_snprintf(id, sizeof id, "L%u_%u", l, i);
      add(org, id, VS_KIND_TEAM, NAN);
    }
  for (guint l = 0; l < n; l++) {
    for (guint i = 0; i < k; i++) {
      g_snprintf(id, sizeof id, "L%u_%u", l, i);
      g_snprintf(next, sizeof next, "L%u_%u", l, (i + 1) % k);
      hand(org, id, next, NAN, 0.9);
    }
    g_snprintf(id, sizeof id, "L%u_0", l);
    hand(org, "S", id, NAN, NAN);
    hand(org, id, "X", NAN, 0.8);
  }
  return org;
}

/* Each loop costs k^3; together they may cost what one 2048-unit loop
 * does, or an input of many large loops keeps the analysis busy for
 * minutes (30 s per 2048-unit loop before inverse columns were blocked). */
static void
test_loops_share_one_budget(void **state)
{
  g_autoptr(VsOrg) many = loops_org(4, 1300); /* 4 x 1300^3 > 2048^3 */
  g_autoptr(VsOrg) some = loops_org(3, 60);
  g_autoptr(VsAnalysis) a = NULL;
  GError *error = NULL;

  assert_null(vs_analysis_new(many, NULL, &error));
  assert_error(error, VS_ERROR_LIMIT, "rework loops of", "larger than the solver handles");
  a = vs_analysis_new(some, NULL, &error);
  assert_non_null(a);
  assert_int_equal(vs_analysis_get_n_loops(a), 3);
}

/* Trends are judged on the latest VS_TREND_MAX_PERIODS periods: Theil-Sen
 * over 100000 periods wanted 40 GB (an abort). All periods are reported. */
static void
test_trend_judged_on_latest_periods(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  VsAnalysisOptions options = VS_ANALYSIS_OPTIONS_INIT;
  guint n = VS_TREND_MAX_PERIODS + 500;
  const double *means;
  gsize len;
  VsTrend t;

  add(org, "A", VS_KIND_TEAM, NAN);
  add(org, "B", VS_KIND_TEAM, NAN);
  add(org, "X", VS_KIND_CUSTOMER, 100);
  hand(org, "A", "B", NAN, NAN);
  hand(org, "B", "X", NAN, NAN);
  for (guint i = 0; i < n; i++) {
    VsSurveyResponse r = VS_SURVEY_RESPONSE_INIT;
    char period[16];
    g_snprintf(period, sizeof period, "p%05u", i);
    r.period = period;
    r.respondent = "B";
    r.provider = "A";
    /* up for 500 periods, then steadily down */
    r.score =
        i < 500 ? 1.0 + 4.0 * i / 500.0 : 5.0 - 3.0 * (i - 500) / (double)VS_TREND_MAX_PERIODS;
    assert_true(vs_org_add_survey_response(org, &r, NULL));
  }
  options.trend_min_slope = 0.001;
  a = vs_analysis_new(org, &options, NULL);
  vs_analysis_get_trend(a, 0, &t);
  means = vs_analysis_get_trend_means(a, 0, NULL, &len);
  assert_int_equal(t.n_periods, n);
  assert_int_equal(len, n);
  assert_close(means[0], 1.0, 1e-12);
  /* every pair of the latest 1000 periods declines */
  assert_close(t.mk_s, -(double)VS_TREND_MAX_PERIODS * (VS_TREND_MAX_PERIODS - 1) / 2, 0);
  assert_close(t.slope, -3.0 / VS_TREND_MAX_PERIODS, 1e-12);
  assert_true(t.deteriorating);
}

static int
cmp_double(const void *x, const void *y)
{
  double p = *(const double *)x, q = *(const double *)y;
  return (p > q) - (p < q);
}

/* Mann-Kendall's S by merge sort and Theil-Sen's median by selection give
 * exactly what looking at every pair gives, ties included. */
static void
test_trend_statistics_match_every_pair(void **state)
{
  GRand *rand = g_rand_new_with_seed(7);

  for (guint round = 0; round < 300; round++) {
    guint n = (guint)g_rand_int_range(rand, 0, round < 100 ? 12 : 200);
    g_autofree double *x = g_new(double, n + 1);
    g_autofree double *slopes = g_new(double, n *(n + 1) / 2 + 1);
    guint levels = (guint)g_rand_int_range(rand, 1, 8);
    double s = 0, median = 0;
    gsize k = 0;
    VsMannKendall mk;

    for (guint i = 0; i < n; i++) /* few levels: many ties */
      x[i] = round % 2 ? g_rand_int_range(rand, 0, (gint32)levels) : g_rand_double(rand);
    for (guint i = 0; i < n; i++)
      for (guint j = i + 1; j < n; j++) {
        s += (x[j] > x[i]) - (x[j] < x[i]);
        slopes[k++] = (x[j] - x[i]) / (double)(j - i);
      }
    qsort(slopes, k, sizeof(double), cmp_double);
    if (k > 0)
      median = k % 2 ? slopes[k / 2] : 0.5 * (slopes[k / 2 - 1] + slopes[k / 2]);
    vs_mann_kendall(x, n, &mk);
    assert_close(mk.s, s, 0);
    assert_close(vs_theil_sen_slope(x, n), median, 0);
  }
  g_rand_free(rand);
}

/* Customers reached: the bitsets and the search (used when bitsets would
 * be too large: a team serving a million customers wanted 125 GB) agree. */
static void
test_customer_search_matches_bitsets(void **state)
{
  GRand *rand = g_rand_new_with_seed(11);

  for (guint round = 0; round < 40; round++) {
    g_autoptr(VsOrg) org = vs_org_new();
    g_autoptr(VsAnalysis) bits = NULL, search = NULL;
    guint n = (guint)g_rand_int_range(rand, 2, 80);
    char a[16], b[16];

    for (guint i = 0; i < n; i++) {
      g_snprintf(a, sizeof a, "u%02u", n - i); /* ids not in unit order */
      add(org, a, g_rand_int_range(rand, 0, 4) == 0 ? VS_KIND_CUSTOMER : VS_KIND_TEAM, 1);
    }
    for (guint e = 0; e < 2 * n; e++) {
      guint f = (guint)g_rand_int_range(rand, 0, (gint32)n);
      guint t = (guint)g_rand_int_range(rand, 0, (gint32)n);
      VsHandoffAttrs attrs = VS_HANDOFF_ATTRS_INIT;
      if (f == t || vs_org_get_unit_kind(org, f) == VS_KIND_CUSTOMER)
        continue;
      g_strlcpy(a, vs_org_get_unit_id(org, f), sizeof a);
      g_strlcpy(b, vs_org_get_unit_id(org, t), sizeof b);
      vs_org_add_handoff(org, a, b, &attrs, NULL);
    }
    bits = vs_analysis_new(org, NULL, NULL);
    if (bits == NULL)
      continue; /* a closed loop: skip this draw */
    vs_i_analysis_set_reach_limit(1);
    search = vs_analysis_new(org, NULL, NULL);
    for (gsize u = 0; u < n; u++) {
      gsize n1 = 0, n2 = 0;
      g_autofree guint32 *l1 = vs_analysis_dup_unit_customers(search, u, &n1);
      g_autofree guint32 *l2 = NULL;
      vs_i_analysis_set_reach_limit(0);
      l2 = vs_analysis_dup_unit_customers(bits, u, &n2);
      assert_int_equal(n1, n2);
      if (n1 > 0)
        assert_memory_equal(l1, l2, n1 * sizeof(guint32));
    }
    vs_i_analysis_set_reach_limit(0);
  }
  g_rand_free(rand);
}

/* The text report elides long paths and critical-unit lists, counting what
 * it leaves out: on a chain it used to print every id of every path. */
static void
test_text_report_elides_long_lists(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  g_autofree char *text = NULL;
  char id[16], next[16];

  for (guint i = 0; i < 100; i++) {
    g_snprintf(id, sizeof id, "t%03u", i);
    add(org, id, VS_KIND_TEAM, NAN);
  }
  add(org, "X", VS_KIND_CUSTOMER, 100);
  for (guint i = 0; i < 100; i++) {
    g_snprintf(id, sizeof id, "t%03u", i);
    g_snprintf(next, sizeof next, i < 99 ? "t%03u" : "X", i + 1);
    hand(org, id, next, NAN, 0.5);
  }
  a = vs_analysis_new(org, NULL, NULL);
  text = vs_report_dup_string(a, VS_REPORT_TEXT, NULL, NULL, NULL);
  assert_non_null(strstr(text, "t000 -> t001 -> t002 -> t003 -> t004 -> t005 -> t006 -> t007 -> "
                               "... (85 more) ... -> t093 -> t094 -> t095 -> t096 -> t097 -> "
                               "t098 -> t099 -> X\n"));
  assert_non_null(strstr(text, "critical units: 100, the nearest t099, t098, t097, t096, t095, "
                               "t094, t093, t092, ...\n"));
}

int
main(int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_manifest),
      cmocka_unit_test(test_json_is_held_to_rfc8259),
      cmocka_unit_test(test_messages_are_utf8_and_short),
      cmocka_unit_test(test_graphml_ampersand_ids),
      cmocka_unit_test(test_weights_near_the_largest_double),
      cmocka_unit_test(test_revenue_overflow_is_refused),
      cmocka_unit_test(test_loops_share_one_budget),
      cmocka_unit_test(test_trend_judged_on_latest_periods),
      cmocka_unit_test(test_trend_statistics_match_every_pair),
      cmocka_unit_test(test_customer_search_matches_bitsets),
      cmocka_unit_test(test_text_report_elides_long_lists),
  };

  if (argc != 3) {
    fprintf(stderr, "usage: test-hostile BAD_DIR GENERATED_DIR\n");
    return 2;
  }
  bad_dir = argv[1];
  generated_dir = argv[2];
  return cmocka_run_group_tests_name("hostile", tests, NULL, NULL);
}
