/* Tests of the analysis (SPEC section 4).
 *
 * Golden values: the SPEC worked example (every number of section 6, read
 * from tests/data/spec/expected.json, which is the SPEC's own file), and
 * hand derivations on tiny graphs written out in the comments.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <json-glib/json-glib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vs-test.h"
#include "vs-orgs.h"
#include "analysis-private.h"
#include "base-bitset.h"
#include "org-private.h"

#define TOL 1e-9

/* ---- list helpers ------------------------------------------------------------- */

/* Compares a unit list with a space-separated list of ids ("" = empty). */
static void
assert_units(const VsOrg *org, guint32 *list, gsize n, const char *expected)
{
  g_auto(GStrv) ids = g_strsplit(expected, " ", -1);
  gsize want = *expected ? g_strv_length(ids) : 0;
  if (n != want)
    fail_msg("list has %zu units, expected \"%s\"", n, expected);
  for (gsize i = 0; i < n; i++)
    assert_string_equal(vs_org_get_unit_id(org, list[i]), ids[i]);
}

#define CHECK_LIST(a, fn, unit_id, expected)                                                       \
  do {                                                                                             \
    gsize n_;                                                                                      \
    const VsOrg *o_ = vs_analysis_get_org(a);                                                      \
    guint32 *l_ = fn(a, vs_test_unit(o_, unit_id), &n_);                                           \
    assert_units(o_, l_, n_, expected);                                                            \
    vs_free(l_);                                                                                   \
  } while (0)

static double
unit_share(const VsAnalysis *a, const char *unit_id, const char *customer)
{
  const VsOrg *org = vs_analysis_get_org(a);
  gsize n;
  const guint32 *cust = vs_analysis_get_customers(a, &n);
  g_autofree double *row = g_new(double, n);
  vs_analysis_get_unit_shares(a, vs_test_unit(org, unit_id), row);
  for (gsize k = 0; k < n; k++)
    if (strcmp(vs_org_get_unit_id(org, cust[k]), customer) == 0)
      return row[k];
  fail_msg("no customer %s", customer);
  return NAN;
}

/* The same share through the customer-column query. */
static double
column_share(const VsAnalysis *a, const char *unit_id, const char *customer)
{
  const VsOrg *org = vs_analysis_get_org(a);
  g_autofree double *col = g_new(double, vs_org_get_n_units(org));
  assert_true(vs_analysis_get_customer_shares(a, vs_test_unit(org, customer), col));
  return col[vs_test_unit(org, unit_id)];
}

static guint32
flags_of(const VsAnalysis *a, const char *id)
{
  return vs_analysis_get_flags(a, NULL)[vs_test_unit(vs_analysis_get_org(a), id)];
}

#define AT(arr_fn, a, id) (arr_fn(a, NULL)[vs_test_unit(vs_analysis_get_org(a), id)])

/* ---- the SPEC worked example -------------------------------------------------- */

static JsonObject *
expected_unit(JsonObject *root, const char *id)
{
  JsonArray *units = json_object_get_array_member(root, "units");
  for (guint i = 0; i < json_array_get_length(units); i++) {
    JsonObject *u = json_array_get_object_element(units, i);
    if (strcmp(json_object_get_string_member(u, "id"), id) == 0)
      return u;
  }
  fail_msg("expected.json has no unit %s", id);
  return NULL;
}

static double
json_number_or_nan(JsonObject *o, const char *member)
{
  JsonNode *n = json_object_get_member(o, member);
  return JSON_NODE_HOLDS_NULL(n) ? NAN : json_node_get_double(n);
}

static void
assert_close_or_nan(double got, double want)
{
  if (isnan(want))
    assert_true(isnan(got));
  else
    assert_close(got, want, TOL);
}

static void
assert_id_array(const VsOrg *org, guint32 *list, gsize n, JsonArray *want)
{
  g_autoptr(GString) s = g_string_new(NULL);
  for (guint i = 0; want != NULL && i < json_array_get_length(want); i++)
    g_string_append_printf(s, "%s%s", i ? " " : "", json_array_get_string_element(want, i));
  assert_units(org, list, n, s->str);
}

static void
check_spec_unit(const VsAnalysis *a, JsonObject *want, gsize u)
{
  const VsOrg *org = vs_analysis_get_org(a);
  JsonObject *los = json_object_get_object_member(want, "line_of_sight");
  JsonObject *shares = json_object_get_object_member(los, "shares");
  JsonNode *hops = json_object_get_member(los, "hops");
  gsize n;
  guint32 *list;
  guint32 flags = 0;
  JsonArray *want_flags = json_object_get_array_member(want, "flags");

  assert_close(vs_analysis_get_qualities(a, NULL)[u],
               json_object_get_double_member(want, "quality"), TOL);
  assert_close(vs_analysis_get_exposures(a, NULL)[u],
               json_object_get_double_member(los, "exposure"), TOL);
  assert_close_or_nan(vs_analysis_get_service_scores(a, NULL)[u],
                      json_number_or_nan(want, "service_score"));
  assert_close(vs_analysis_get_fix_values(a, NULL)[u],
               json_object_get_double_member(want, "fix_value"), TOL);
  assert_int_equal(vs_analysis_get_hops(a, NULL)[u],
                   JSON_NODE_HOLDS_NULL(hops) ? -1 : json_node_get_int(hops));
  assert_int_equal(vs_analysis_get_dependents(a, NULL)[u],
                   json_object_get_int_member(want, "dependents"));
  for (guint i = 0; i < json_array_get_length(want_flags); i++)
    for (guint b = 0; b < VS_N_FLAGS; b++)
      if (strcmp(vs_flag_name(1u << b), json_array_get_string_element(want_flags, i)) == 0)
        flags |= 1u << b;
  assert_int_equal(vs_analysis_get_flags(a, NULL)[u], flags);

  list = vs_analysis_dup_chokepoints(a, u, &n);
  assert_id_array(org, list, n, json_object_get_array_member(want, "chokepoints"));
  vs_free(list);
  list = vs_analysis_dup_unit_customers(a, u, &n);
  assert_id_array(org, list, n, json_object_get_array_member(los, "customers"));
  vs_free(list);

  GList *members = json_object_get_members(shares);
  for (GList *l = members; l != NULL; l = l->next) {
    double want_share = json_object_get_double_member(shares, l->data);
    assert_close(unit_share(a, vs_org_get_unit_id(org, u), l->data), want_share, TOL);
    assert_close(column_share(a, vs_org_get_unit_id(org, u), l->data), want_share, TOL);
  }
  g_list_free(members);

  /* The path: shortest, starting here, ending at a customer it reaches. */
  list = vs_analysis_dup_path(a, u, &n);
  if (JSON_NODE_HOLDS_NULL(hops) || vs_org_get_unit_kind(org, u) == VS_KIND_CUSTOMER) {
    assert_null(list);
  } else {
    assert_int_equal(n, json_node_get_int(hops) + 1);
    assert_int_equal(list[0], u);
    assert_int_equal(vs_org_get_unit_kind(org, list[n - 1]), VS_KIND_CUSTOMER);
  }
  vs_free(list);
}

static void
test_spec_example(void **state)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autofree char *path = vs_test_path("spec/expected.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  JsonObject *root, *summary;
  JsonArray *customers, *loops, *groups;

  assert_true(json_parser_load_from_file(parser, path, &error));
  root = json_node_get_object(json_parser_get_root(parser));
  summary = json_object_get_object_member(root, "summary");
  assert_close(vs_analysis_get_total_revenue(a),
               json_object_get_double_member(summary, "total_revenue"), TOL);
  assert_close(vs_analysis_get_total_at_risk(a),
               json_object_get_double_member(summary, "revenue_at_risk"), TOL);
  for (gsize u = 0; u < vs_org_get_n_units(org); u++)
    check_spec_unit(a, expected_unit(root, vs_org_get_unit_id(org, u)), u);

  customers = json_object_get_array_member(root, "customers");
  for (guint i = 0; i < json_array_get_length(customers); i++) {
    JsonObject *c = json_array_get_object_element(customers, i);
    gsize u = vs_test_unit(org, json_object_get_string_member(c, "id")), n;
    guint32 *critical = vs_analysis_dup_critical_units(a, u, &n);
    assert_close(vs_analysis_get_revenues_at_risk(a, NULL)[u],
                 json_object_get_double_member(c, "revenue_at_risk"), TOL);
    assert_id_array(org, critical, n, json_object_get_array_member(c, "critical_units"));
    vs_free(critical);
  }
  loops = json_object_get_array_member(root, "loops");
  assert_int_equal(vs_analysis_get_n_loops(a), json_array_get_length(loops));
  for (guint l = 0; l < json_array_get_length(loops); l++) {
    gsize n;
    const guint32 *members = vs_analysis_get_loop(a, l, &n);
    assert_id_array(org, (guint32 *)members, n, json_array_get_array_element(loops, l));
  }
  groups = json_object_get_array_member(root, "groups");
  assert_int_equal(vs_analysis_get_n_groups(a), json_array_get_length(groups));
  for (guint g = 0; g < json_array_get_length(groups); g++) {
    JsonObject *want = json_array_get_object_element(groups, g);
    gsize n;
    const guint32 *poor = vs_analysis_get_group_poor_units(a, g, &n);
    assert_string_equal(vs_analysis_get_group_id(a, g), json_object_get_string_member(want, "id"));
    assert_string_equal(vs_diagnosis_name(vs_analysis_get_group_diagnosis(a, g)),
                        json_object_get_string_member(want, "diagnosis"));
    assert_id_array(org, (guint32 *)poor, n, json_object_get_array_member(want, "poor_units"));
  }
}

static void
test_spec_survey_pair(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  VsTrend t;
  const double *scores = vs_analysis_get_handoff_scores(a, NULL);

  assert_int_equal(vs_analysis_get_n_trends(a), 1);
  vs_analysis_get_trend(a, 0, &t);
  assert_string_equal(vs_org_get_unit_id(org, t.provider), "B");
  assert_string_equal(vs_org_get_unit_id(org, t.respondent), "C");
  assert_int_equal(t.n_periods, 8);
  assert_close(t.mk_s, -24, 0);
  assert_true(t.exact);
  assert_close(t.p_value, 35.0 / 40320.0, 1e-15);
  assert_close(t.slope, -0.1, 1e-12);
  assert_close(t.score, 0.8, 1e-12);
  assert_true(t.deteriorating);
  assert_true(t.has_handoff);
  /* B -> C (handoff 2) was unrated: the survey fills it in; others keep theirs */
  assert_close(scores[2], 0.8, 1e-12);
  assert_close(scores[1], 0.9, 0);
  assert_true(isnan(scores[0]));
  /* no warnings in the SPEC example */
  assert_int_equal(vs_analysis_get_n_warnings(a), 0);
}

/* Survey answers are grouped by pair and period before the trends are
 * summed up. The usual file lists each pair's answers together, period by
 * period, and is sorted by whole runs; any other order takes a radix sort.
 * Whatever the order, each period's mean must add that period's answers
 * in the order they came (SPEC 4.5 leaves the order open; this library
 * keeps the input's, so results do not depend on how it sorts): the same
 * answers in five orders, each checked bit for bit against sums made
 * here. Scores have one decimal, so the order of a sum shows in its bits. */
typedef struct {
  guint pair, period, score; /* score in tenths */
} SurveyAnswer;

static VsAnalysis *
survey_order_analysis(const SurveyAnswer *answers, guint n)
{
  g_autoptr(VsOrg) org = vs_org_new();
  GError *error = NULL;
  char id[16], provider[16], period[16];

  for (guint u = 0; u < 12; u++) {
    g_snprintf(id, sizeof id, "u%02u", u);
    assert_true(vs_org_add_unit(org, id, u == 11 ? VS_KIND_CUSTOMER : VS_KIND_TEAM, NULL, &error) >=
                0);
  }
  for (guint u = 0; u < 11; u++) {
    g_snprintf(id, sizeof id, "u%02u", u);
    g_snprintf(provider, sizeof provider, "u%02u", u + 1);
    assert_true(vs_org_add_handoff(org, id, provider, NULL, &error) >= 0);
  }
  for (guint i = 0; i < n; i++) {
    /* pair p: provider u(p / 3), respondent u(p % 3 + 6) */
    VsSurveyResponse r = VS_SURVEY_RESPONSE_INIT;
    g_snprintf(provider, sizeof provider, "u%02u", answers[i].pair / 3);
    g_snprintf(id, sizeof id, "u%02u", answers[i].pair % 3 + 6);
    g_snprintf(period, sizeof period, "2025-%02u", answers[i].period + 1);
    r.period = period;
    r.respondent = id;
    r.provider = provider;
    r.score = answers[i].score / 10.0;
    assert_true(vs_org_add_survey_response(org, &r, &error));
  }
  return analyse(org);
}

/* @answers with @pair's answers of periods up to @last (all of them, or
 * with @last_only the last of each period) moved to the end, in order. */
static GArray *
moved_to_end(const GArray *answers, guint pair, guint last, gboolean last_only)
{
  const SurveyAnswer *x = (const SurveyAnswer *)(void *)answers->data;
  GArray *out = g_array_new(FALSE, FALSE, sizeof(SurveyAnswer));
  g_autoptr(GArray) moved = g_array_new(FALSE, FALSE, sizeof(SurveyAnswer));

  for (guint i = 0; i < answers->len; i++) {
    gboolean end_of_period =
        i + 1 == answers->len || x[i + 1].pair != x[i].pair || x[i + 1].period != x[i].period;
    if (x[i].pair == pair && x[i].period <= last && (!last_only || end_of_period))
      g_array_append_val(moved, x[i]);
    else
      g_array_append_val(out, x[i]);
  }
  g_array_append_vals(out, moved->data, moved->len);
  return out;
}

/* The pair number of trend @t - 1 (trends come sorted by provider, then
 * respondent: by pair number here). */
static guint
prev_pair(const VsAnalysis *a, gsize t)
{
  VsTrend x;
  vs_analysis_get_trend(a, t - 1, &x);
  return x.provider * 3 + (x.respondent - 6);
}

/* SPEC 11: as of 2026-Q2 the B -> C mean is 3.8 (score 0.9333333) and
 * revenue at risk 263.6434109; later answers are as if never given. */
static void
test_as_of(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  VsAnalysisOptions o = VS_ANALYSIS_OPTIONS_INIT, got = VS_ANALYSIS_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = NULL;
  char period[] = "2026-Q2";
  const double *means;
  const char *const *periods;
  VsTrend t;
  gsize n;

  o.as_of = period;
  a = vs_analysis_new(org, &o, NULL);
  assert_non_null(a);
  period[0] = 'X'; /* the analysis keeps its own copy */
  vs_analysis_get_options(a, &got);
  assert_string_equal(got.as_of, "2026-Q2");
  assert_close(vs_analysis_get_total_at_risk(a), 263.6434109, 1e-7);
  assert_close(vs_analysis_get_handoff_scores(a, NULL)[2], 0.9333333, 1e-7);
  assert_int_equal(vs_analysis_get_n_trends(a), 1);
  vs_analysis_get_trend(a, 0, &t);
  assert_int_equal(t.n_periods, 6);
  assert_close(t.latest_mean, 3.8, 1e-12);
  means = vs_analysis_get_trend_means(a, 0, &periods, &n);
  assert_int_equal(n, 6);
  assert_string_equal(periods[5], "2026-Q2");
  assert_close(means[5], 3.8, 1e-12);
}

/* SPEC 4.5: a period with fewer answers than min_responses is dropped:
 * its mean is not kept, the score comes from the latest kept period, and
 * a pair with no kept period has no score and no trend. */
static void
test_min_responses(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  VsAnalysisOptions o = VS_ANALYSIS_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = NULL;
  const double *means;
  gsize n;

  unit(org, "p", T, NAN, NAN, NULL);
  unit(org, "q", T, NAN, NAN, NULL);
  unit(org, "r", T, NAN, NAN, NULL);
  unit(org, "c", C, 100, NAN, NULL);
  handoff(org, "p", "r", NULL, 1, NAN);
  handoff(org, "q", "r", NULL, 1, NAN);
  handoff(org, "r", "c", NULL, 1, NAN);
  answer(org, "2026-01", "r", "p", 4);
  answer(org, "2026-01", "r", "p", 4);
  answer(org, "2026-01", "r", "p", 4);
  answer(org, "2026-02", "r", "p", 1); /* one answer: would reveal its author */
  answer(org, "2026-01", "r", "q", 2);
  o.min_responses = 2;
  a = vs_analysis_new(org, &o, NULL);
  assert_non_null(a);
  assert_int_equal(vs_analysis_get_n_trends(a), 1); /* q's pair has no kept period */
  means = vs_analysis_get_trend_means(a, 0, NULL, &n);
  assert_int_equal(n, 1);
  assert_close(means[0], 4, 0);
  assert_close(vs_analysis_get_handoff_scores(a, NULL)[0], 1, 0); /* from 2026-01's 4 */
  assert_true(isnan(vs_analysis_get_handoff_scores(a, NULL)[1]));
  o.min_responses = 0;
  assert_null(vs_analysis_new(org, &o, NULL));
  o.min_responses = 1;
  o.as_of = "";
  assert_null(vs_analysis_new(org, &o, NULL));
}

static void
test_survey_answer_order(void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(5);
  g_autoptr(GArray) grouped = g_array_new(FALSE, FALSE, sizeof(SurveyAnswer));
  g_autoptr(GArray) split = NULL, back = NULL, reversed = NULL, shuffled = NULL;
  GArray *orders[5];

  /* 18 pairs (providers u00..u05, respondents u06..u08), listed pair by
   * pair in a scrambled pair order, periods ascending, 2-5 answers each */
  for (guint k = 0; k < 18; k++) {
    guint pair = (k * 7) % 18;
    for (guint period = 0; period < 8; period++)
      for (guint a = g_rand_int_range(rand, 2, 6); a > 0; a--) {
        SurveyAnswer x = {pair, period, (guint)g_rand_int_range(rand, 10, 51)};
        g_array_append_val(grouped, x);
      }
  }
  /* pair 7's last answer of each period moved to the end: two runs that
   * share every period (the first run's answers come first in each) */
  split = moved_to_end(grouped, 7, 7, TRUE);
  /* its first two periods moved: the runs cannot just be joined */
  back = moved_to_end(grouped, 7, 1, FALSE);
  /* one pair's answers in place but latest period first: several runs */
  reversed = g_array_copy(grouped);
  {
    guint first = 0, last;
    while (g_array_index(reversed, SurveyAnswer, first).pair != 4)
      first++;
    last = first;
    while (last < reversed->len && g_array_index(reversed, SurveyAnswer, last).pair == 4)
      last++;
    for (guint i = first, j = last - 1; i < j; i++, j--) {
      SurveyAnswer t = g_array_index(reversed, SurveyAnswer, i);
      g_array_index(reversed, SurveyAnswer, i) = g_array_index(reversed, SurveyAnswer, j);
      g_array_index(reversed, SurveyAnswer, j) = t;
    }
  }
  shuffled = g_array_copy(grouped);
  for (guint i = shuffled->len; i > 1; i--) {
    guint j = (guint)g_rand_int_range(rand, 0, (gint32)i);
    SurveyAnswer t = g_array_index(shuffled, SurveyAnswer, i - 1);
    g_array_index(shuffled, SurveyAnswer, i - 1) = g_array_index(shuffled, SurveyAnswer, j);
    g_array_index(shuffled, SurveyAnswer, j) = t;
  }
  orders[0] = grouped, orders[1] = split, orders[2] = back, orders[3] = reversed;
  orders[4] = shuffled;
  for (guint o = 0; o < G_N_ELEMENTS(orders); o++) {
    const SurveyAnswer *ans = (const SurveyAnswer *)(void *)orders[o]->data;
    g_autoptr(VsAnalysis) a = survey_order_analysis(ans, orders[o]->len);
    assert_int_equal(vs_analysis_get_n_trends(a), 18);
    for (gsize t = 0; t < 18; t++) {
      VsTrend x;
      gsize n;
      const double *means = vs_analysis_get_trend_means(a, t, NULL, &n);
      guint pair;
      vs_analysis_get_trend(a, t, &x);
      pair = x.provider * 3 + (x.respondent - 6); /* units u00.. are indices 0.. */
      assert_true(t == 0 || pair > prev_pair(a, t));
      assert_int_equal(n, 8);
      for (guint period = 0; period < 8; period++) {
        double sum = 0;
        guint count = 0;
        for (guint i = 0; i < orders[o]->len; i++)
          if (ans[i].pair == pair && ans[i].period == period) {
            sum += ans[i].score / 10.0;
            count++;
          }
        assert_true(means[period] == sum / count);
      }
    }
  }
}

/* ---- tiny graphs, derived by hand ------------------------------------------------ */

/* T1 -(0.8)-> T2 -(0.5)-> K (revenue 100).
 * own: T1 = 1 (nothing comes in), T2 = 0, K = 0; every share is 1.
 * q: T1 = 1, T2 = 0.8, K = 0.5 * 0.8 = 0.4; at risk 100 * 0.6 = 60.
 * fix(T1): scores 1 -> q[K] = 0.5, risk 50: 10.  fix(T2): q[K] = 0.8: 40.
 * Every path from T1 passes T2: chokepoints(T1) = [T2], dependents(T2) = 1.
 * Value reaches K only from T1 (the only unit with own > 0): critical = T1, T2. */
/* A unit's customers come sorted by id, whether it reaches all of them
 * (listed whole) or some (read bit by bit); here the customers' unit
 * order is not their id order. */
static void
test_customers_listed_by_id(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;

  unit(org, "K2", C, 10, NAN, NULL);
  unit(org, "K3", C, 10, NAN, NULL);
  unit(org, "K1", C, 10, NAN, NULL);
  unit(org, "ALL", T, NAN, NAN, NULL);
  unit(org, "SOME", T, NAN, NAN, NULL);
  handoff(org, "ALL", "K3", NULL, 1, 1);
  handoff(org, "ALL", "K2", NULL, 1, 1);
  handoff(org, "ALL", "SOME", NULL, 1, 1);
  handoff(org, "SOME", "K3", NULL, 1, 1);
  handoff(org, "SOME", "K1", NULL, 1, 1);
  a = analyse(org);
  CHECK_LIST(a, vs_analysis_dup_unit_customers, "ALL", "K1 K2 K3");
  CHECK_LIST(a, vs_analysis_dup_unit_customers, "SOME", "K1 K3");
  CHECK_LIST(a, vs_analysis_dup_unit_customers, "K1", "");
}

static void
test_chain(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;

  unit(org, "T1", T, NAN, NAN, NULL);
  unit(org, "T2", T, NAN, NAN, NULL);
  unit(org, "K", C, 100, NAN, NULL);
  handoff(org, "T1", "T2", NULL, 1, 0.8);
  handoff(org, "T2", "K", NULL, 1, 0.5);
  a = analyse(org);
  assert_close(AT(vs_analysis_get_qualities, a, "T2"), 0.8, TOL);
  assert_close(AT(vs_analysis_get_qualities, a, "K"), 0.4, TOL);
  assert_close(vs_analysis_get_total_at_risk(a), 60, TOL);
  assert_close(AT(vs_analysis_get_fix_values, a, "T1"), 10, TOL);
  assert_close(AT(vs_analysis_get_fix_values, a, "T2"), 40, TOL);
  assert_close(AT(vs_analysis_get_exposures, a, "T1"), 100, TOL);
  assert_close(unit_share(a, "T1", "K"), 1, TOL);
  assert_int_equal(AT(vs_analysis_get_hops, a, "T1"), 2);
  assert_int_equal(AT(vs_analysis_get_hops, a, "K"), -1);
  CHECK_LIST(a, vs_analysis_dup_path, "T1", "T1 T2 K");
  CHECK_LIST(a, vs_analysis_dup_chokepoints, "T1", "T2");
  CHECK_LIST(a, vs_analysis_dup_chokepoints, "T2", "");
  CHECK_LIST(a, vs_analysis_dup_critical_units, "K", "T1 T2");
  CHECK_LIST(a, vs_analysis_dup_unit_customers, "T1", "K");
  assert_int_equal(AT(vs_analysis_get_dependents, a, "T2"), 1);
  assert_int_equal(flags_of(a, "T1"), VS_FLAG_RIPPLE);
  /* T2 -> K has no deliverable, so K has no alternative: captive */
  assert_int_equal(flags_of(a, "T2"), VS_FLAG_RIPPLE | VS_FLAG_POOR_SERVICE |
                                          VS_FLAG_CAPTIVE_POOR_SERVICE | VS_FLAG_CHOKEPOINT);
}

/* Supplier S feeds A (0.9) and B (0.6), both feed customer K (revenue 200)
 * with weights 3 (rated 1) and 1 (unrated).
 * q: A .9, B .6, K = .75 * .9 + .25 * .6 = .825; at risk 35.
 * shares of K: A .75, B .25, S 1; exposures 150, 50, 200.
 * fix(S) = 1 * (.1 * R[A] + .4 * R[B]) with R[A] = .75 * 200, R[B] = .25 * 200:
 * 15 + 20 = 35, all the risk. service(S) = (.9 + .6) / 2 = .75, not poor.
 * Two ways to K: no chokepoints; only S has own > 0: critical(K) = [S]. */
static void
test_diamond(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;

  unit(org, "S", S, NAN, NAN, NULL);
  unit(org, "A", T, NAN, NAN, NULL);
  unit(org, "B", T, NAN, NAN, NULL);
  unit(org, "K", C, 200, NAN, NULL);
  handoff(org, "S", "A", NULL, 1, 0.9);
  handoff(org, "S", "B", NULL, 1, 0.6);
  handoff(org, "A", "K", NULL, 3, 1.0);
  handoff(org, "B", "K", NULL, 1, NAN);
  a = analyse(org);
  assert_close(AT(vs_analysis_get_qualities, a, "K"), 0.825, TOL);
  assert_close(vs_analysis_get_total_at_risk(a), 35, TOL);
  assert_close(unit_share(a, "A", "K"), 0.75, TOL);
  assert_close(unit_share(a, "B", "K"), 0.25, TOL);
  assert_close(column_share(a, "S", "K"), 1, TOL);
  assert_close(AT(vs_analysis_get_exposures, a, "B"), 50, TOL);
  assert_close(AT(vs_analysis_get_fix_values, a, "S"), 35, TOL);
  assert_close(AT(vs_analysis_get_fix_values, a, "A"), 0, TOL);
  assert_close(AT(vs_analysis_get_service_scores, a, "S"), 0.75, TOL);
  assert_true(isnan(AT(vs_analysis_get_service_scores, a, "B")));
  CHECK_LIST(a, vs_analysis_dup_chokepoints, "S", "");
  CHECK_LIST(a, vs_analysis_dup_critical_units, "K", "S");
  /* a supplier is never captive; .75 is not below .75 */
  assert_int_equal(flags_of(a, "S"), VS_FLAG_RIPPLE);
  assert_int_equal(flags_of(a, "B"), 0);
}

/* T -(0.8)-> P, P -(0.9)-> Q, Q -> P (unrated), Q -> K (revenue 100).
 * Shares into P: T .5, Q .5.  q[P] = .4 + .5 q[Q], q[Q] = .9 q[P], so
 * q[P] = .4 / .55, q[K] = q[Q] = .36 / .55; at risk 100 * .19 / .55.
 * fix(T): q[P] = .5 / .55, q[K] = .45 / .55: fix = 100 * .09 / .55.
 * fix(P): q[Q] = q[P] = .4 / .5 = .8: fix = 100 * (.19 / .55 - .2) = 8 / .55.
 * The backward walk from K always ends at T: every share is 1.
 * chokepoints: T [P, Q], P [Q]; dependents P 1, Q 2; critical(K) = P Q T. */
static void
test_loop(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  gsize n;

  unit(org, "T", T, NAN, NAN, NULL);
  unit(org, "P", T, NAN, NAN, NULL);
  unit(org, "Q", T, NAN, NAN, NULL);
  unit(org, "K", C, 100, NAN, NULL);
  handoff(org, "T", "P", NULL, 1, 0.8);
  handoff(org, "P", "Q", NULL, 1, 0.9);
  handoff(org, "Q", "P", NULL, 1, NAN);
  handoff(org, "Q", "K", NULL, 1, NAN);
  a = analyse(org);
  assert_close(AT(vs_analysis_get_qualities, a, "P"), 0.4 / 0.55, TOL);
  assert_close(AT(vs_analysis_get_qualities, a, "K"), 0.36 / 0.55, TOL);
  assert_close(vs_analysis_get_total_at_risk(a), 100 * 0.19 / 0.55, TOL);
  assert_close(AT(vs_analysis_get_fix_values, a, "T"), 100 * 0.09 / 0.55, TOL);
  assert_close(AT(vs_analysis_get_fix_values, a, "P"), 8 / 0.55, TOL);
  assert_close(AT(vs_analysis_get_fix_values, a, "Q"), 0, TOL);
  for (const char *const *u = (const char *const[]){"T", "P", "Q", NULL}; *u; u++) {
    assert_close(unit_share(a, *u, "K"), 1, TOL);
    assert_close(column_share(a, *u, "K"), 1, TOL);
    assert_close(AT(vs_analysis_get_exposures, a, *u), 100, TOL);
  }
  assert_int_equal(vs_analysis_get_n_loops(a), 1);
  const guint32 *members = vs_analysis_get_loop(a, 0, &n);
  assert_units(org, (guint32 *)members, n, "P Q");
  CHECK_LIST(a, vs_analysis_dup_chokepoints, "T", "P Q");
  CHECK_LIST(a, vs_analysis_dup_chokepoints, "P", "Q");
  assert_int_equal(AT(vs_analysis_get_dependents, a, "P"), 1);
  assert_int_equal(AT(vs_analysis_get_dependents, a, "Q"), 2);
  CHECK_LIST(a, vs_analysis_dup_critical_units, "K", "P Q T");
  assert_int_equal(AT(vs_analysis_get_hops, a, "T"), 3);
  assert_true(flags_of(a, "P") & VS_FLAG_REWORK_LOOP);
  assert_false(flags_of(a, "T") & VS_FLAG_REWORK_LOOP);
}

/* T1 -(0.5)-> T2 (own_share .4) -> K (revenue 100).
 * q[T2] = .4 + .6 * .5 = .7 = q[K]; at risk 30.
 * The walk from K stops at T2 with probability .4: share(T1) = .6,
 * exposure(T1) = 60; fix(T1) = .6 * .5 * R[T2] = .3 * 100 = 30.
 * T2 creates value itself: critical(K) = [T2] only. */
static void
test_own_share(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;

  unit(org, "T1", T, NAN, NAN, NULL);
  unit(org, "T2", T, NAN, 0.4, NULL);
  unit(org, "K", C, 100, NAN, NULL);
  handoff(org, "T1", "T2", NULL, 1, 0.5);
  handoff(org, "T2", "K", NULL, 1, NAN);
  a = analyse(org);
  assert_close(AT(vs_analysis_get_own, a, "T2"), 0.4, 0);
  assert_close(AT(vs_analysis_get_own, a, "T1"), 1, 0);
  assert_close(AT(vs_analysis_get_qualities, a, "K"), 0.7, TOL);
  assert_close(vs_analysis_get_total_at_risk(a), 30, TOL);
  assert_close(unit_share(a, "T1", "K"), 0.6, TOL);
  assert_close(column_share(a, "T1", "K"), 0.6, TOL);
  assert_close(AT(vs_analysis_get_exposures, a, "T1"), 60, TOL);
  assert_close(AT(vs_analysis_get_fix_values, a, "T1"), 30, TOL);
  CHECK_LIST(a, vs_analysis_dup_critical_units, "K", "T2");
}

/* A hands B two deliverables: x (weight 1, .5) and y (weight 1, 1); D also
 * hands B an x (weight 2, .9); B -> K (revenue 100).
 * Shares into B: .25, .25, .5; q[B] = .125 + .25 + .45 = .825; risk 17.5.
 * service(A) = (.25 * .5 + .25 * 1) / .5 = .75; fix(A) = .25 * .5 * 100 = 12.5;
 * share(A) = .5 (two handoffs of .25). A's poor x has another provider (D):
 * not captive. With D's deliverable renamed z, A's x is captive. */
static void
test_parallel_handoffs(void **state)
{
  for (int renamed = 0; renamed <= 1; renamed++) {
    g_autoptr(VsOrg) org = vs_org_new();
    g_autoptr(VsAnalysis) a = NULL;
    unit(org, "A", T, NAN, NAN, NULL);
    unit(org, "D", T, NAN, NAN, NULL);
    unit(org, "B", T, NAN, NAN, NULL);
    unit(org, "K", C, 100, NAN, NULL);
    handoff(org, "A", "B", "x", 1, 0.5);
    handoff(org, "A", "B", "y", 1, 1.0);
    handoff(org, "D", "B", renamed ? "z" : "x", 2, 0.9);
    handoff(org, "B", "K", NULL, 1, NAN);
    a = analyse(org);
    assert_close(AT(vs_analysis_get_qualities, a, "B"), 0.825, TOL);
    assert_close(vs_analysis_get_total_at_risk(a), 17.5, TOL);
    assert_close(AT(vs_analysis_get_service_scores, a, "A"), 0.75, TOL);
    assert_close(AT(vs_analysis_get_fix_values, a, "A"), 12.5, TOL);
    assert_close(AT(vs_analysis_get_fix_values, a, "D"), 5, TOL);
    assert_close(unit_share(a, "A", "K"), 0.5, TOL);
    assert_close(AT(vs_analysis_get_exposures, a, "D"), 50, TOL);
    assert_int_equal((flags_of(a, "A") & VS_FLAG_CAPTIVE_POOR_SERVICE) != 0, renamed);
    assert_false(flags_of(a, "A") & VS_FLAG_POOR_SERVICE);
  }
}

/* Rows longer than the analysis scans per query (64) take another path
 * (a table of the receiver's deliverables; the provider's receivers sorted
 * once): a receiver with 100 providers and a provider with 100
 * receivers must give what the definitions say. */
static void
test_hubs(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  gsize warned = 0;

  unit(org, "H", T, NAN, NAN, NULL);
  unit(org, "Q", T, NAN, NAN, NULL);
  unit(org, "K", C, 100, NAN, NULL);
  handoff(org, "H", "K", NULL, 1, NAN);
  for (int i = 0; i < 100; i++) {
    g_autofree char *p = g_strdup_printf("P%02d", i), *r = g_strdup_printf("R%02d", i);
    unit(org, p, T, NAN, NAN, NULL);
    unit(org, r, T, NAN, NAN, NULL);
    handoff(org, p, "H", "x", 1, 0.5); /* everyone hands H an x: none captive for it */
    handoff(org, "Q", r, "y", 1, NAN);
    handoff(org, r, "K", NULL, 1, NAN);
  }
  handoff(org, "P00", "H", "solo", 1, 0.5);  /* only P00 hands H a solo */
  handoff(org, "P01", "H", "twice", 1, 0.5); /* only P01, twice: still no other provider */
  handoff(org, "P01", "H", "twice", 1, 0.6);
  for (int i = 0; i < 10; i++) {
    g_autofree char *r = g_strdup_printf("R%02d", i * 7);
    answer(org, "2026-Q1", r, "Q", 1.0); /* survey score 0 */
  }
  answer(org, "2026-Q1", "H", "Q", 2.0); /* Q hands H nothing */
  a = analyse(org);
  assert_true(flags_of(a, "P00") & VS_FLAG_CAPTIVE_POOR_SERVICE);
  assert_true(flags_of(a, "P01") & VS_FLAG_CAPTIVE_POOR_SERVICE);
  assert_false(flags_of(a, "P02") & VS_FLAG_CAPTIVE_POOR_SERVICE);
  assert_false(flags_of(a, "P99") & VS_FLAG_CAPTIVE_POOR_SERVICE);
  /* the ten matched pairs filled their handoffs' scores: Q is rated */
  assert_close(AT(vs_analysis_get_service_scores, a, "Q"), 0.0, TOL);
  for (gsize i = 0; i < vs_analysis_get_n_warnings(a); i++)
    warned += strstr(vs_analysis_get_warning(a, i), "survey pair Q -> ") != NULL;
  assert_int_equal(warned, 1);
  assert_non_null(strstr(vs_analysis_get_warning(a, vs_analysis_get_n_warnings(a) - 1),
                         "survey pair Q -> H has no matching handoff"));
}

/* Nothing rated: quality 1 everywhere, nothing at risk, no fix is worth
 * anything, so nothing ripples (even with a 0 threshold). */
static void
test_unrated_handoffs(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  VsAnalysisOptions o = VS_ANALYSIS_OPTIONS_INIT;

  unit(org, "X1", T, NAN, NAN, NULL);
  unit(org, "X2", T, NAN, NAN, NULL);
  unit(org, "K", C, 100, NAN, NULL);
  handoff(org, "X1", "X2", NULL, 1, NAN);
  handoff(org, "X2", "K", NULL, 1, NAN);
  o.ripple_share = 0;
  a = vs_analysis_new(org, &o, NULL);
  assert_non_null(a);
  assert_close(AT(vs_analysis_get_qualities, a, "K"), 1, 0);
  assert_close(vs_analysis_get_total_at_risk(a), 0, 0);
  assert_true(isnan(AT(vs_analysis_get_service_scores, a, "X1")));
  assert_close(AT(vs_analysis_get_fix_values, a, "X1"), 0, 0);
  assert_int_equal(flags_of(a, "X1"), 0);
  assert_int_equal(flags_of(a, "X2"), VS_FLAG_CHOKEPOINT);
}

/* Group g: three rated members, two poor -> systemic (>= 2 and >= half);
 * h: one poor of three -> individual; i: none poor -> healthy; j: unrated. */
static void
test_group_diagnosis(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  static const char *const groups[] = {"g", "h", "i", "j"};
  static const double scores[4][3] = {
      {0.5, 0.6, 0.9}, {0.5, 0.9, 0.9}, {0.8, 0.9, 1.0}, {NAN, NAN, NAN}};
  static const VsDiagnosis want[] = {VS_DIAGNOSIS_SYSTEMIC, VS_DIAGNOSIS_INDIVIDUAL,
                                     VS_DIAGNOSIS_HEALTHY, VS_DIAGNOSIS_UNRATED};

  unit(org, "K", C, 100, NAN, NULL);
  for (int g = 0; g < 4; g++)
    for (int m = 0; m < 3; m++) {
      g_autofree char *id = g_strdup_printf("%s%d", groups[g], m);
      unit(org, id, T, NAN, NAN, groups[g]);
      handoff(org, id, "K", NULL, 1, scores[g][m]);
    }
  a = analyse(org);
  assert_int_equal(vs_analysis_get_n_groups(a), 4);
  for (int g = 0; g < 4; g++) {
    gsize n;
    const guint32 *poor = vs_analysis_get_group_poor_units(a, (gsize)g, &n);
    assert_string_equal(vs_analysis_get_group_id(a, (gsize)g), groups[g]);
    assert_int_equal(vs_analysis_get_group_diagnosis(a, (gsize)g), want[g]);
    assert_int_equal(n, g == 0 ? 2 : g == 1 ? 1 : 0);
    if (g == 0)
      assert_units(org, (guint32 *)poor, n, "g0 g1");
  }
}

static void
test_warnings(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;

  unit(org, "A", T, NAN, NAN, NULL);
  unit(org, "B", T, NAN, NAN, NULL);
  unit(org, "K", C, 100, NAN, NULL);
  unit(org, "L", C, 0, NAN, NULL);  /* revenue 0 */
  unit(org, "M", C, 50, NAN, NULL); /* served by nobody */
  handoff(org, "A", "K", NULL, 1, NAN);
  handoff(org, "A", "L", NULL, 1, NAN);
  answer(org, "2026-Q1", "B", "A", 3); /* no handoff A -> B */
  a = analyse(org);
  assert_int_equal(vs_analysis_get_n_warnings(a), 3);
  assert_non_null(strstr(vs_analysis_get_warning(a, 0), "L has revenue 0"));
  assert_non_null(strstr(vs_analysis_get_warning(a, 1), "M is served by nobody"));
  assert_non_null(strstr(vs_analysis_get_warning(a, 2), "A -> B has no matching handoff"));
  /* SPEC 4.1: the unserved customer creates nothing (own 0) and receives
   * nothing: quality 0, all its revenue at risk */
  assert_close(AT(vs_analysis_get_own, a, "M"), 0, 0);
  assert_close(AT(vs_analysis_get_qualities, a, "M"), 0, 0);
  assert_close(AT(vs_analysis_get_revenues_at_risk, a, "M"), 50, 0);
  assert_close(vs_analysis_get_total_at_risk(a), 50, 0);
  assert_close(vs_analysis_get_total_revenue(a), 150, 0);
  /* a team that receives nothing creates all it hands on */
  assert_close(AT(vs_analysis_get_own, a, "A"), 1, 0);
}

/* The exact counterfactual, recomputed by brute force: set every outgoing
 * score of u to 1, analyse again, and compare the fall in risk. */
static void
test_fix_value_is_exact_counterfactual(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  const double *scores = vs_analysis_get_handoff_scores(a, NULL);

  for (gsize u = 0; u < vs_org_get_n_units(org); u++) {
    g_autoptr(VsOrg) fixed = vs_org_new();
    g_autoptr(VsAnalysis) b = NULL;
    for (gsize v = 0; v < vs_org_get_n_units(org); v++) {
      VsUnitAttrs at = VS_UNIT_ATTRS_INIT;
      at.revenue = vs_org_get_unit_revenue(org, v);
      at.own_share = vs_org_get_unit_own_share(org, v);
      vs_org_add_unit(fixed, vs_org_get_unit_id(org, v), vs_org_get_unit_kind(org, v), &at, NULL);
    }
    for (gsize e = 0; e < vs_org_get_n_handoffs(org); e++) {
      VsHandoffAttrs h = VS_HANDOFF_ATTRS_INIT;
      h.weight = vs_org_get_handoff_weight(org, e);
      h.score = vs_org_get_handoff_from(org, e) == u ? 1.0 : scores[e];
      vs_org_add_handoff(fixed, vs_org_get_unit_id(org, vs_org_get_handoff_from(org, e)),
                         vs_org_get_unit_id(org, vs_org_get_handoff_to(org, e)), &h, NULL);
    }
    b = analyse(fixed);
    assert_close(vs_analysis_get_fix_values(a, NULL)[u],
                 vs_analysis_get_total_at_risk(a) - vs_analysis_get_total_at_risk(b), 1e-9);
  }
}

static void
test_empty_org(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = analyse(org);
  gsize n = 99;
  assert_int_equal(vs_analysis_get_n_units(a), 0);
  vs_analysis_get_qualities(a, &n);
  assert_int_equal(n, 0);
  assert_close(vs_analysis_get_total_revenue(a), 0, 0);
  assert_null(vs_analysis_dup_flagged(a, &n));
  assert_int_equal(n, 0);
}

static void
test_bad_options(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  VsAnalysisOptions o = VS_ANALYSIS_OPTIONS_INIT;
  GError *error = NULL;

  o.poor_score = 1.5;
  assert_null(vs_analysis_new(org, &o, &error));
  assert_error(error, VS_ERROR_INVALID, "poor_score");
  o.poor_score = 0.75;
  o.version = 99;
  assert_null(vs_analysis_new(org, &o, &error));
  assert_error(error, VS_ERROR_INVALID, "version");
  o.version = VS_ANALYSIS_OPTIONS_VERSION;
  o.survey_target = 0;
  assert_false(vs_analysis_options_check(&o, &error));
  assert_error(error, VS_ERROR_INVALID, "survey_target");
}

/* Thresholds change flags, not values: a poor_score of 0.5 makes nobody
 * poor in the SPEC example (lowest service .58); a trend needing 9 periods
 * leaves B not deteriorating. */
static void
test_thresholds(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  VsAnalysisOptions o = VS_ANALYSIS_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = NULL;

  o.poor_score = 0.5;
  o.trend_min_periods = 9;
  a = vs_analysis_new(org, &o, NULL);
  assert_non_null(a);
  assert_false(flags_of(a, "A") & VS_FLAG_POOR_SERVICE);
  assert_false(flags_of(a, "B") & VS_FLAG_DETERIORATING);
  assert_close(AT(vs_analysis_get_fix_values, a, "C"), 188.37209302325576, TOL);
}

static void
test_analysis_outlives_org(void **state)
{
  VsOrg *org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  gsize n;
  vs_org_free(org);
  assert_string_equal(vs_org_get_unit_id(vs_analysis_get_org(a), 3), "D");
  CHECK_LIST(a, vs_analysis_dup_chokepoints, "C", "D");
  vs_analysis_get_flags(a, &n);
  assert_int_equal(n, 7);
}

static void
test_ranking(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  gsize n;
  g_autofree guint32 *ranked = vs_analysis_dup_flagged(a, &n);
  /* fix values: C 188.4, B 62.1, A 13.0, then D and E at 0 in unit order */
  assert_units(org, ranked, n, "C B A D E");
}

/* On a generated org of 2000 units (many flagged, ties at fix value 0,
 * values over several binary exponents): the ranking holds every flagged
 * unit once, and each pair of neighbours is in order, checked by
 * comparing their fix values directly. */
static void
test_ranking_of_a_generated_org(void **state)
{
  g_autoptr(VsOrg) org = generated_org(2000, 20, 7);
  g_autoptr(VsAnalysis) a = analyse(org);
  gsize n_units, n_fix, n, n_flagged = 0;
  const guint32 *flags = vs_analysis_get_flags(a, &n_units);
  const double *fix = vs_analysis_get_fix_values(a, &n_fix);
  g_autofree guint32 *ranked = vs_analysis_dup_flagged(a, &n);
  g_autofree guint8 *seen = g_new0(guint8, n_units);
  gsize ties = 0;

  assert_int_equal(n_fix, n_units);
  for (gsize u = 0; u < n_units; u++)
    n_flagged += flags[u] != 0;
  assert_true(n_flagged > 100);
  assert_int_equal(n, n_flagged);
  for (gsize i = 0; i < n; i++) {
    assert_true(ranked[i] < n_units);
    assert_int_not_equal(flags[ranked[i]], 0);
    assert_int_equal(seen[ranked[i]]++, 0);
    if (i > 0) {
      double before = fix[ranked[i - 1]], here = fix[ranked[i]];
      assert_true(before >= here);
      if (before == here) {
        assert_true(ranked[i - 1] < ranked[i]);
        ties++;
      }
    }
  }
  assert_true(ties > 0);
}

static void
test_path_to(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  gsize n, m;
  g_autofree guint32 *p =
      vs_analysis_dup_path_to(a, vs_test_unit(org, "A"), vs_test_unit(org, "X"), &n);
  g_autofree guint32 *none =
      vs_analysis_dup_path_to(a, vs_test_unit(org, "E"), vs_test_unit(org, "X"), &m);
  assert_units(org, p, n, "A C D X");
  assert_null(none);
  assert_int_equal(m, 0);
}

/* ---- threads and igraph errors ------------------------------------------------- */

typedef struct {
  VsOrg *org;
  const VsAnalysis *reference;
  gboolean same;
} ThreadJob;

static gboolean
same_doubles(const double *x, const double *y, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!(x[i] == y[i] || (isnan(x[i]) && isnan(y[i]))))
      return FALSE;
  return TRUE;
}

static gpointer
thread_analyse(gpointer data)
{
  ThreadJob *job = data;
  job->same = TRUE;
  for (int round = 0; round < 20; round++) {
    g_autoptr(VsAnalysis) a = vs_analysis_new(job->org, NULL, NULL);
    gsize n = vs_analysis_get_n_units(job->reference);
    g_autofree char *mine = NULL, *theirs = NULL;
    if (a == NULL) {
      job->same = FALSE;
      break;
    }
    job->same &= same_doubles(vs_analysis_get_qualities(a, NULL),
                              vs_analysis_get_qualities(job->reference, NULL), n) &&
                 same_doubles(vs_analysis_get_fix_values(a, NULL),
                              vs_analysis_get_fix_values(job->reference, NULL), n) &&
                 same_doubles(vs_analysis_get_exposures(a, NULL),
                              vs_analysis_get_exposures(job->reference, NULL), n) &&
                 memcmp(vs_analysis_get_flags(a, NULL), vs_analysis_get_flags(job->reference, NULL),
                        n * sizeof(guint32)) == 0;
    mine = vs_report_dup_string(a, VS_REPORT_JSON, NULL, NULL, NULL);
    theirs = vs_report_dup_string(job->reference, VS_REPORT_JSON, NULL, NULL, NULL);
    job->same &= mine != NULL && theirs != NULL && strcmp(mine, theirs) == 0;
  }
  return NULL;
}

/* Several threads analyse one shared org and their own copies at once;
 * every result equals the serial one. */
static void
test_threads(void **state)
{
  enum { N = 6 };
  g_autoptr(VsOrg) shared = spec_org();
  g_autoptr(VsAnalysis) reference = analyse(shared);
  VsOrg *own[N];
  ThreadJob jobs[N];
  GThread *threads[N];

  for (int i = 0; i < N; i++) {
    own[i] = spec_org();
    jobs[i] = (ThreadJob){i % 2 ? shared : own[i], reference, FALSE};
    threads[i] = g_thread_new("analyse", thread_analyse, &jobs[i]);
  }
  for (int i = 0; i < N; i++) {
    g_thread_join(threads[i]);
    assert_true(jobs[i].same);
    vs_org_free(own[i]);
  }
}

/* A forward-only org of @teams teams handing work to the next 40 and one
 * handoff in ten to one of @customers customers: large enough (units +
 * handoffs >= VS_PARALLEL_MIN_SIZE) that an analysis builds its customer
 * sets on a thread of its own. */
static VsOrg *
large_org(guint teams, guint customers)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(9);
  VsOrg *org = vs_org_new();
  char from[16], to[16];

  for (guint i = 0; i < teams + customers; i++) {
    VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
    attrs.revenue = i >= teams ? 10.0 : NAN;
    g_snprintf(from, sizeof from, "u%06u", i);
    assert_true(vs_org_add_unit(org, from, i >= teams ? VS_KIND_CUSTOMER : VS_KIND_TEAM, &attrs,
                                NULL) >= 0);
  }
  for (guint i = 0; i < teams; i++)
    for (guint k = 0; k < 4; k++) {
      guint t = g_rand_int_range(rand, 0, 10) == 0 || i + 1 == teams
                    ? teams + (guint)g_rand_int_range(rand, 0, (gint32)customers)
                    : (guint)g_rand_int_range(rand, (gint32)i + 1, (gint32)MIN(i + 41, teams));
      g_snprintf(from, sizeof from, "u%06u", i);
      g_snprintf(to, sizeof to, "u%06u", t);
      assert_true(vs_org_add_handoff(org, from, to, NULL, NULL) >= 0);
    }
  return org;
}

/* A digest of every unit's customers, flags and service score (the sets
 * and the findings of a large analysis are made on threads of its own). */
static guint64
customers_digest(const VsAnalysis *a)
{
  const guint32 *flags = vs_analysis_get_flags(a, NULL);
  const double *service = vs_analysis_get_service_scores(a, NULL);
  guint64 h = 1469598103934665603ull;
  for (gsize u = 0; u < vs_analysis_get_n_units(a); u++) {
    gsize n = 0;
    g_autofree guint32 *list = vs_analysis_dup_unit_customers(a, u, &n);
    guint64 bits;
    memcpy(&bits, &service[u], sizeof bits);
    h = (h ^ n) * 1099511628211ull;
    for (gsize i = 0; i < n; i++)
      h = (h ^ list[i]) * 1099511628211ull;
    h = (((h ^ flags[u]) * 1099511628211ull) ^ bits) * 1099511628211ull;
  }
  return h;
}

/* A process that forks while an analysis's customer sets and findings are
 * being made on its threads: the child (which has no such threads) reads
 * them and frees the analysis without waiting forever, and gets what the
 * parent gets. */
static void
test_fork_while_customer_sets_are_built(void **state)
{
  g_autoptr(VsOrg) org = large_org(25000, 200);
  VsAnalysis *a;
  guint64 mine, theirs = 0;
  int fds[2], status = 0;
  pid_t pid;

  vs_i_analysis_set_task_delay(300); /* the sets and findings are under way when it forks */
  a = vs_analysis_new(org, NULL, NULL);
  vs_i_analysis_set_task_delay(0);
  assert_non_null(a);
  assert_int_equal(pipe(fds), 0);
  pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    guint64 digest;
    close(fds[0]);
    alarm(60); /* a hang is a failure, not a stuck test run */
    digest = customers_digest(a);
    vs_analysis_free(a);
    _exit(write(fds[1], &digest, sizeof digest) == sizeof digest ? 0 : 1);
  }
  close(fds[1]);
  mine = customers_digest(a);
  vs_analysis_free(a);
  assert_int_equal(read(fds[0], &theirs, sizeof theirs), sizeof theirs);
  close(fds[0]);
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  assert_true(mine == theirs);
}

/* igraph's default handler would abort the process; under the library's
 * lock an igraph error comes back as a GError, and the host's handler is
 * back in place afterwards. */
static void
test_igraph_errors_become_gerrors(void **state)
{
  igraph_error_handler_t *before = igraph_set_error_handler(igraph_error_handler_abort);
  igraph_vector_int_t edges;
  igraph_t g;
  GError *error = NULL;
  igraph_error_t rc;

  vs_i_igraph_lock();
  igraph_vector_int_init_int(&edges, 3, 0, 1, 1); /* an odd edge list */
  rc = igraph_create(&g, &edges, 2, IGRAPH_DIRECTED);
  igraph_vector_int_destroy(&edges);
  assert_false(vs_i_igraph_check(rc, "a test", &error));
  vs_i_igraph_unlock();
  assert_error(error, VS_ERROR_IGRAPH, "igraph failed in a test");
  assert_ptr_equal(igraph_set_error_handler(before), igraph_error_handler_abort);
}

/* Listing a bit array: the dispatching path (AVX2 where the machine has
 * it) and the portable one give what a plain loop gives, for every
 * density from empty to full and array lengths that end mid-vector, and
 * write nothing beyond the documented slack. */
static void
test_bits_expand(void **state)
{
  const guint32 canary = 0xDEADBEEF;
  GRand *rand = g_rand_new_with_seed(7);

  for (gsize words = 1; words <= 20; words++) {
    g_autofree guint64 *bits = g_new(guint64, words);
    g_autofree guint32 *map = g_new(guint32, words * 64);
    g_autofree guint32 *want = g_new(guint32, words * 64);
    g_autofree guint32 *got = g_new(guint32, words * 64 + VS_I_BITS_SLACK + 1);

    for (gsize i = 0; i < words * 64; i++)
      map[i] = g_rand_int(rand);
    for (guint density = 0; density <= 8; density++) {
      gsize n = 0;
      for (gsize w = 0; w < words; w++) {
        bits[w] = 0;
        for (guint b = 0; b < 64; b++)
          if (g_rand_int_range(rand, 0, 8) < (gint32)density)
            bits[w] |= G_GUINT64_CONSTANT(1) << b;
      }
      for (gsize i = 0; i < words * 64; i++)
        if (bits[i / 64] >> (i % 64) & 1)
          want[n++] = map[i];
      assert_int_equal(vs_i_bits_count(bits, words), n);
      for (guint path = 0; path < 2; path++) {
        gsize len;
        got[n + VS_I_BITS_SLACK] = canary;
        len = path ? vs_i_bits_expand_portable(bits, words, map, got)
                   : vs_i_bits_expand(bits, words, map, got);
        assert_int_equal(len, n);
        assert_memory_equal(got, want, n * sizeof(guint32));
        assert_int_equal(got[n + VS_I_BITS_SLACK], canary);
      }
    }
  }
  g_rand_free(rand);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_spec_example),
      cmocka_unit_test(test_spec_survey_pair),
      cmocka_unit_test(test_survey_answer_order),
      cmocka_unit_test(test_as_of),
      cmocka_unit_test(test_min_responses),
      cmocka_unit_test(test_chain),
      cmocka_unit_test(test_diamond),
      cmocka_unit_test(test_loop),
      cmocka_unit_test(test_own_share),
      cmocka_unit_test(test_parallel_handoffs),
      cmocka_unit_test(test_hubs),
      cmocka_unit_test(test_unrated_handoffs),
      cmocka_unit_test(test_group_diagnosis),
      cmocka_unit_test(test_warnings),
      cmocka_unit_test(test_fix_value_is_exact_counterfactual),
      cmocka_unit_test(test_empty_org),
      cmocka_unit_test(test_bad_options),
      cmocka_unit_test(test_thresholds),
      cmocka_unit_test(test_analysis_outlives_org),
      cmocka_unit_test(test_ranking),
      cmocka_unit_test(test_ranking_of_a_generated_org),
      cmocka_unit_test(test_path_to),
      cmocka_unit_test(test_threads),
      cmocka_unit_test(test_fork_while_customer_sets_are_built),
      cmocka_unit_test(test_igraph_errors_become_gerrors),
      cmocka_unit_test(test_bits_expand),
      cmocka_unit_test(test_customers_listed_by_id),
  };
  return cmocka_run_group_tests_name("analysis", tests, NULL, NULL);
}
