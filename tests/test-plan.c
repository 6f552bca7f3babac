/* valuestream tests - the improvement plan (SPEC 9): the SPEC 11 plans on
 * the section 6 org, edge cases and misuse of the options, and every gain
 * against a brute-force counterfactual (the fix applied to a rebuilt copy
 * of the org, analysed in full) on random orgs with loops and surveys.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "vs-orgs.h"

#include <json-glib/json-glib.h>

#include "analysis-private.h"

static VsPlan *
plan_of(const VsAnalysis *a, guint steps, double target)
{
  VsPlanOptions o = VS_PLAN_OPTIONS_INIT;
  GError *error = NULL;
  VsPlan *plan;

  o.steps = steps;
  o.target = target;
  plan = vs_plan_new(a, &o, &error);
  if (plan == NULL)
    fail_msg("%s", error->message);
  return plan;
}

static void
assert_step(const VsPlan *plan, gsize step, const char *unit, double gain, double risk)
{
  const double *gains = vs_plan_get_gains(plan, NULL);
  const double *risks = vs_plan_get_revenues_at_risk(plan, NULL);
  const double *removed = vs_plan_get_removed_shares(plan, NULL);
  double start = vs_plan_get_revenue_at_risk(plan);

  assert_string_equal(vs_plan_get_unit_id(plan, step), unit);
  assert_close(gains[step], gain, 1e-7);
  assert_close(risks[step], risk, 1e-7);
  assert_close(removed[step], (start - risks[step]) / start, 1e-12);
}

/* ---- SPEC 11 ------------------------------------------------------------------ */

static void
test_spec_plan(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  g_autoptr(VsPlan) plan = plan_of(a, 5, 1.0);
  gsize n = 9;
  const guint32 *units = vs_plan_get_units(plan, &n);

  assert_int_equal(n, 3);
  assert_string_equal(vs_org_get_unit_id(org, units[0]), "C");
  assert_close(vs_plan_get_target(plan), 1.0, 0);
  assert_close(vs_plan_get_revenue_at_risk(plan), 298.3720930, 1e-7);
  assert_true(vs_plan_get_org(plan) == org);
  assert_step(plan, 0, "C", 188.3720930, 110);
  /* B's fix value alone is 62.0930233: fixing C first made it worth more */
  assert_step(plan, 1, "B", 90, 20);
  assert_step(plan, 2, "A", 20, 0);
  assert_close(vs_plan_get_removed_shares(plan, NULL)[2], 1.0, 1e-12);
}

static void
test_spec_plan_target_09(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  g_autoptr(VsPlan) plan = plan_of(a, 5, 0.9);

  /* then nothing: A's only handoff below 0.9 goes to E, who reaches no customer */
  assert_int_equal(vs_plan_get_n_steps(plan), 2);
  assert_close(vs_plan_get_target(plan), 0.9, 0);
  assert_step(plan, 0, "C", 122.5184345, 298.3720930 - 122.5184345);
  assert_step(plan, 1, "B", 35.1219512, 298.3720930 - 122.5184345 - 35.1219512);
}

/* With target 1, the first step's gains are the analysis's fix values:
 * the same formula on the same values, so the same bits. */
static void
check_gains_are_fix_values(VsOrg *org)
{
  g_autoptr(VsAnalysis) a = analyse(org);
  GError *error = NULL;
  VsValues *v = vs_i_values_new(a, &error);
  gsize n;
  const double *fix = vs_analysis_get_fix_values(a, &n);
  g_autofree double *gains = g_new(double, n);

  assert_non_null(v);
  assert_true(vs_i_values_get_risk(v) == vs_analysis_get_total_at_risk(a));
  vs_i_values_gains(v, 1.0, gains);
  for (gsize u = 0; u < n; u++)
    assert_close(gains[u], fix[u], 1e-12 * MAX(1.0, fabs(fix[u])));
  vs_i_values_free(v);
}

static void
test_gains_are_fix_values(void **state)
{
  g_autoptr(VsOrg) spec = spec_org();
  check_gains_are_fix_values(spec);
  for (guint32 seed = 1; seed <= 4; seed++) {
    g_autoptr(VsOrg) org = generated_org(200, 6, seed);
    check_gains_are_fix_values(org);
  }
}

/* ---- edges -------------------------------------------------------------------- */

static void
test_steps_zero_and_defaults(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  g_autoptr(VsPlan) none = plan_of(a, 0, 1.0);
  g_autoptr(VsPlan) one = plan_of(a, 1, 1.0);
  g_autoptr(VsPlan) defaults = vs_plan_new(a, NULL, NULL);
  gsize n = 7;

  assert_int_equal(vs_plan_get_n_steps(none), 0);
  vs_plan_get_gains(none, &n);
  assert_int_equal(n, 0);
  assert_close(vs_plan_get_revenue_at_risk(none), vs_analysis_get_total_at_risk(a), 0);
  assert_int_equal(vs_plan_get_n_steps(one), 1);
  assert_step(one, 0, "C", 188.3720930, 110);
  assert_non_null(defaults);
  assert_close(vs_plan_get_target(defaults), 1.0, 0);
  assert_int_equal(vs_plan_get_n_steps(defaults), 3); /* 5 allowed; nothing left after 3 */
}

static void
test_target_edges(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  g_autoptr(VsPlan) zero = plan_of(a, 5, 0.0);
  g_autoptr(VsPlan) low = plan_of(a, 5, 0.5);
  g_autoptr(VsPlan) tiny = plan_of(a, 5, 0.75);
  VsPlanOptions o = VS_PLAN_OPTIONS_INIT;
  static const double bad[] = {-0.01, 1.0000001, NAN, INFINITY};
  GError *error = NULL;

  /* no score is below 0, nor below 0.5 where a customer is reached */
  assert_int_equal(vs_plan_get_n_steps(zero), 0);
  assert_int_equal(vs_plan_get_n_steps(low), 0);
  /* 0.75: only C -> D (0.7) is below; C gains, then nothing */
  assert_int_equal(vs_plan_get_n_steps(tiny), 1);
  assert_string_equal(vs_plan_get_unit_id(tiny, 0), "C");
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    o.target = bad[i];
    assert_null(vs_plan_new(a, &o, &error));
    assert_error(error, VS_ERROR_INVALID, "target", "0..1");
    assert_false(vs_plan_options_check(&o, &error));
    assert_error(error, VS_ERROR_INVALID, "target");
  }
}

static void
test_unknown_version(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  VsPlanOptions o = VS_PLAN_OPTIONS_INIT;
  GError *error = NULL;

  o.version = 0;
  assert_null(vs_plan_new(a, &o, &error));
  assert_error(error, VS_ERROR_INVALID, "version", "VS_PLAN_OPTIONS_INIT");
  o.version = VS_PLAN_OPTIONS_VERSION + 1;
  assert_false(vs_plan_options_check(&o, &error));
  assert_error(error, VS_ERROR_INVALID, "version");
}

static void
test_nothing_at_risk(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  g_autoptr(VsPlan) plan = NULL;
  g_autofree char *json = NULL;

  unit(org, "A", T, NAN, NAN, NULL);
  unit(org, "B", T, NAN, NAN, NULL);
  unit(org, "X", C, 500, NAN, NULL);
  handoff(org, "A", "B", NULL, 1, 1.0);
  handoff(org, "B", "X", NULL, 1, NAN);
  a = analyse(org);
  plan = plan_of(a, 5, 1.0);
  assert_close(vs_plan_get_revenue_at_risk(plan), 0, 0);
  assert_int_equal(vs_plan_get_n_steps(plan), 0);
  json = vs_report_dup_plan_string(plan, VS_REPORT_JSON, NULL, NULL, NULL);
  assert_non_null(strstr(json, "\"steps\": []"));
}

/* Ties: in input order, a later unit replaces the best only when it gains
 * more by more than eps. Two identical chains: the first wins. */
static void
test_ties_input_order(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  g_autoptr(VsPlan) plan = NULL;

  unit(org, "P", T, NAN, NAN, NULL);
  unit(org, "Q", T, NAN, NAN, NULL);
  unit(org, "X", C, 100, NAN, NULL);
  unit(org, "Y", C, 100, NAN, NULL);
  handoff(org, "Q", "Y", NULL, 1, 0.5);
  handoff(org, "P", "X", NULL, 1, 0.5);
  a = analyse(org);
  plan = plan_of(a, 5, 1.0);
  assert_int_equal(vs_plan_get_n_steps(plan), 2);
  assert_step(plan, 0, "P", 50, 50);
  assert_step(plan, 1, "Q", 50, 0);
}

static void
test_json(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  g_autoptr(VsPlan) plan = plan_of(a, 5, 1.0);
  VsReportOptions ro = VS_REPORT_OPTIONS_INIT;
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autofree char *text = NULL;
  GError *error = NULL;
  gsize len = 0;
  JsonObject *root, *p, *step;
  JsonArray *steps;

  ro.pretty = FALSE;
  text = vs_report_dup_plan_string(plan, VS_REPORT_JSON, &ro, &len, &error);
  assert_non_null(text);
  assert_int_equal(len, strlen(text));
  assert_true(json_parser_load_from_data(parser, text, -1, NULL));
  root = json_node_get_object(json_parser_get_root(parser));
  assert_int_equal(json_object_get_int_member(root, "valuestream"), 1);
  p = json_object_get_object_member(root, "plan");
  assert_close(json_object_get_double_member(p, "target"), 1, 0);
  assert_close(json_object_get_double_member(p, "revenue_at_risk"), 298.3720930, 1e-7);
  steps = json_object_get_array_member(p, "steps");
  assert_int_equal(json_array_get_length(steps), 3);
  step = json_array_get_object_element(steps, 1);
  assert_int_equal(json_object_get_int_member(step, "step"), 2);
  assert_string_equal(json_object_get_string_member(step, "unit"), "B");
  assert_close(json_object_get_double_member(step, "gain"), 90, 1e-7);
  assert_close(json_object_get_double_member(step, "revenue_at_risk"), 20, 1e-7);
  assert_close(json_object_get_double_member(step, "removed_share"), 278.3720930 / 298.3720930,
               1e-9);
  assert_null(vs_report_dup_plan_string(plan, VS_REPORT_DOT, NULL, NULL, &error));
  assert_error(error, VS_ERROR_INVALID, "not written", "JSON, text, CSV or HTML");
  assert_null(vs_report_dup_plan_string(plan, (VsReportFormat)99, NULL, NULL, &error));
  assert_error(error, VS_ERROR_INVALID, "format 99");
}

static char *
plan_string(const VsPlan *plan, VsReportFormat format)
{
  GError *error = NULL;
  gsize len = 0;
  char *s = vs_report_dup_plan_string(plan, format, NULL, &len, &error);

  if (s == NULL)
    fail_msg("%s", error->message);
  assert_int_equal(len, strlen(s));
  return s;
}

/* Text: the headline, then one numbered line per step, 2 decimals and the
 * cumulative share removed as a percent (SPEC 11: 110 of 298.3720930 is
 * left after C, so 63.1% is removed). */
static void
test_text(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  g_autoptr(VsPlan) plan = plan_of(a, 5, 1.0);
  g_autoptr(VsPlan) none = plan_of(a, 0, 1.0);
  g_autofree char *text = plan_string(plan, VS_REPORT_TEXT);
  g_autofree char *empty = plan_string(none, VS_REPORT_TEXT);

  assert_non_null(strstr(text, "revenue at risk 298.37 now"));
  assert_non_null(strstr(text, "at least 1.00\n"));
  assert_non_null(strstr(text, "  1. C (Product): removes 188.37; revenue at risk after 110.00 "
                               "(63.1% removed so far)\n"));
  assert_non_null(strstr(text, "  2. B (Data): removes 90.00; revenue at risk after 20.00 "
                               "(93.3% removed so far)\n"));
  assert_non_null(strstr(text, "  3. A (Platform): removes 20.00; revenue at risk after 0.00 "
                               "(100.0% removed so far)\n"));
  assert_null(strstr(text, "  4."));
  assert_non_null(strstr(empty, "No step"));
}

/* CSV: a header and one row per step, numbers at full precision. */
static void
test_csv(void **state)
{
  g_autoptr(VsOrg) org = spec_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  g_autoptr(VsPlan) plan = plan_of(a, 5, 0.9);
  g_autofree char *csv = plan_string(plan, VS_REPORT_CSV);
  g_auto(GStrv) lines = g_strsplit(csv, "\r\n", -1);
  g_auto(GStrv) row = NULL;

  assert_int_equal(g_strv_length(lines), 4); /* header, C, B, "" after the last CRLF */
  assert_string_equal(lines[0], "step,unit,name,gain,revenue_at_risk,removed_share");
  assert_string_equal(lines[3], "");
  row = g_strsplit(lines[1], ",", -1);
  assert_int_equal(g_strv_length(row), 6);
  assert_string_equal(row[0], "1");
  assert_string_equal(row[1], "C");
  assert_string_equal(row[2], "Product");
  assert_close(g_ascii_strtod(row[3], NULL), 122.5184345, 1e-7);
  assert_close(g_ascii_strtod(row[3], NULL), vs_plan_get_gains(plan, NULL)[0], 0);
  assert_true(g_str_has_prefix(lines[2], "2,B,Data,35.12195121"));
}

/* HTML: well-formed XML (json-glib has no XML parser: GMarkup checks it),
 * the report page's style, every input string escaped. */
static void
test_html_hostile(void **state)
{
  g_autoptr(VsOrg) org = hostile_org();
  g_autoptr(VsAnalysis) a = analyse(org);
  g_autoptr(VsPlan) plan = plan_of(a, 5, 1.0);
  g_autofree char *html = plan_string(plan, VS_REPORT_HTML);
  g_autofree char *text = plan_string(plan, VS_REPORT_TEXT);
  g_autofree char *csv = plan_string(plan, VS_REPORT_CSV);
  const char *body = strstr(html, "<html");
  GMarkupParser none = {0};
  g_autoptr(GMarkupParseContext) ctx = g_markup_parse_context_new(&none, 0, NULL, NULL);
  GError *error = NULL;

  assert_true(vs_plan_get_n_steps(plan) > 0);
  assert_true(g_str_has_prefix(html, "<!DOCTYPE html>\n<html xmlns="));
  assert_non_null(strstr(html, "<style>"));
  assert_non_null(strstr(html, "class=\"plan\""));
  assert_null(strstr(html, "<script"));
  assert_non_null(body);
  if (!g_markup_parse_context_parse(ctx, body, -1, &error) ||
      !g_markup_parse_context_end_parse(ctx, &error))
    fail_msg("not well-formed: %s", error->message);
  /* the text has no control character from a name */
  for (const char *p = text; *p; p++)
    assert_true(*p == '\n' || (guchar)*p >= 0x20);
  /* the plan fixes ctl, sup, HOSTILE_ID, amp and wide */
  assert_int_equal(vs_plan_get_n_steps(plan), 5);
  assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert_null(strstr(html, HOSTILE_ID));
  assert_non_null(strstr(text, "bell?char ]]> end"));
  assert_non_null(strstr(csv, "\r\n3," HOSTILE_ID ","));
  assert_non_null(strstr(csv, ",amp,\"Tom & Jerry, \"\"the\"\" cat\nand mouse\","));
}

/* ---- brute force ---------------------------------------------------------------- */

/* A copy of @org built through its getters, with handoff e's own score
 * @given[e] (NAN: unrated, so surveys may fill it in). */
static VsOrg *
rebuild(const VsOrg *org, const double *given)
{
  VsOrg *copy = vs_org_new();
  GError *error = NULL;

  for (gsize u = 0; u < vs_org_get_n_units(org); u++) {
    VsUnitAttrs at = VS_UNIT_ATTRS_INIT;
    VsKind kind = vs_org_get_unit_kind(org, u);
    at.name = vs_org_get_unit_name(org, u);
    at.group = vs_org_get_unit_group(org, u);
    at.revenue = kind == VS_KIND_CUSTOMER ? vs_org_get_unit_revenue(org, u) : NAN;
    at.own_share = vs_org_get_unit_own_share(org, u);
    at.headcount = vs_org_get_unit_headcount(org, u);
    at.cost = kind == VS_KIND_CUSTOMER ? NAN : vs_org_get_unit_cost(org, u);
    if (vs_org_add_unit(copy, vs_org_get_unit_id(org, u), kind, &at, &error) < 0)
      fail_msg("%s", error->message);
  }
  for (gsize e = 0; e < vs_org_get_n_handoffs(org); e++) {
    VsHandoffAttrs h = VS_HANDOFF_ATTRS_INIT;
    h.deliverable = vs_org_get_handoff_deliverable(org, e);
    h.weight = vs_org_get_handoff_weight(org, e);
    h.score = given[e];
    h.volume = vs_org_get_handoff_volume(org, e);
    h.lead_time_days = vs_org_get_handoff_lead_time(org, e);
    if (vs_org_add_handoff(copy, vs_org_get_unit_id(org, vs_org_get_handoff_from(org, e)),
                           vs_org_get_unit_id(org, vs_org_get_handoff_to(org, e)), &h, &error) < 0)
      fail_msg("%s", error->message);
  }
  for (gsize i = 0; i < vs_org_get_n_survey_responses(org); i++) {
    VsSurveyResponse r;
    vs_org_get_survey_response(org, i, &r);
    if (!vs_org_add_survey_response(copy, &r, &error))
      fail_msg("%s", error->message);
  }
  return copy;
}

/* The section 8 fix of @unit to @target on @given: every handoff from it
 * whose score in effect (in @a, the analysis of @given) is below @target
 * gets @target as its own score; unrated ones stay unrated. */
static void
apply_fix(const VsAnalysis *a, double *given, gsize unit, double target)
{
  const VsOrg *org = vs_analysis_get_org(a);
  const double *in_effect = vs_analysis_get_handoff_scores(a, NULL);

  for (gsize e = 0; e < vs_org_get_n_handoffs(org); e++)
    if (vs_org_get_handoff_from(org, e) == unit && !isnan(in_effect[e]) && in_effect[e] < target)
      given[e] = target;
}

/* The fall in total revenue at risk of @unit's fix on @given, by a full
 * analysis of the changed copy. */
static double
brute_gain(const VsOrg *org, const VsAnalysis *now, const double *given, gsize unit, double target)
{
  gsize m = vs_org_get_n_handoffs(org);
  g_autofree double *changed = g_memdup2(given, m * sizeof(double));
  g_autoptr(VsOrg) copy = NULL;
  g_autoptr(VsAnalysis) after = NULL;

  apply_fix(now, changed, unit, target);
  copy = rebuild(org, changed);
  after = analyse(copy);
  return vs_analysis_get_total_at_risk(now) - vs_analysis_get_total_at_risk(after);
}

/* Replays @org's plan step by step on rebuilt copies: each step's unit has
 * the largest brute-force gain (to tolerance), its gain is that unit's
 * brute-force gain and the risk after is the analysis's of the copy. At
 * step 1 every unit's gain (internal API) is checked too. */
static void
check_against_brute_force(VsOrg *org, guint steps, double target)
{
  g_autoptr(VsAnalysis) a = analyse(org);
  g_autoptr(VsPlan) plan = plan_of(a, steps, target);
  gsize n = vs_org_get_n_units(org), m = vs_org_get_n_handoffs(org), k;
  const guint32 *units = vs_plan_get_units(plan, &k);
  const double *gains = vs_plan_get_gains(plan, NULL);
  const double *risks = vs_plan_get_revenues_at_risk(plan, NULL);
  double tol = 1e-9 * MAX(1.0, vs_analysis_get_total_revenue(a));
  g_autofree double *given = g_new(double, m);
  g_autofree double *first = g_new(double, n);
  g_autoptr(VsAnalysis) now = NULL;
  VsValues *v = vs_i_values_new(a, NULL);

  vs_i_values_gains(v, target, first);
  vs_i_values_free(v);
  for (gsize e = 0; e < m; e++)
    given[e] = vs_org_get_handoff_score(org, e);
  for (gsize s = 0; s <= k; s++) {
    g_autoptr(VsOrg) copy = rebuild(org, given);
    double best = 0;
    g_clear_pointer(&now, vs_analysis_free);
    now = analyse(copy);
    if (s > 0)
      assert_close(vs_analysis_get_total_at_risk(now), risks[s - 1], tol);
    for (gsize u = 0; u < n; u++) {
      double g;
      if (vs_org_get_unit_kind(org, u) == VS_KIND_CUSTOMER)
        continue;
      g = brute_gain(org, now, given, u, target);
      if (s == 0)
        assert_close(first[u], g, tol);
      if (s < k && u == units[s])
        assert_close(gains[s], g, tol);
      best = MAX(best, g);
    }
    if (s < k) {
      assert_true(gains[s] >= best - tol);
      apply_fix(now, given, units[s], target);
    } else if (k < steps) {
      assert_true(best <= 1e-12 * MAX(1.0, vs_analysis_get_total_revenue(a)) + tol);
    }
  }
}

/* Teams on random handoffs both ways (loops, none closed: every team
 * creates a tenth of its output), suppliers, customers, random scores
 * (some unrated) and survey answers on some pairs. */
static VsOrg *
random_loopy_org(guint32 seed)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed(seed);
  guint n_teams = (guint)g_rand_int_range(rng, 5, 16), n_cust = 3;
  VsOrg *org = vs_org_new();
  char id[16], to[16];

  unit(org, "s0", S, NAN, NAN, NULL);
  for (guint i = 0; i < n_teams; i++) {
    g_snprintf(id, sizeof id, "t%u", i);
    unit(org, id, T, NAN, g_rand_int_range(rng, 0, 3) == 0 ? NAN : 0.1, NULL);
  }
  for (guint i = 0; i < n_cust; i++) {
    g_snprintf(id, sizeof id, "c%u", i);
    unit(org, id, C, g_rand_int_range(rng, 1, 1000), NAN, NULL);
  }
  for (guint i = 0; i < n_teams; i++) {
    g_snprintf(to, sizeof to, "t%u", i);
    handoff(org, "s0", to, "in", 1, g_rand_double_range(rng, 0.3, 1));
  }
  for (guint i = 0; i < n_teams * 3; i++) {
    guint u = (guint)g_rand_int_range(rng, 0, (gint32)n_teams);
    guint w = (guint)g_rand_int_range(rng, 0, (gint32)(n_teams + n_cust));
    double score = g_rand_int_range(rng, 0, 4) == 0 ? NAN : g_rand_double_range(rng, 0.2, 1);
    if (u == w)
      continue;
    g_snprintf(id, sizeof id, "t%u", u);
    if (w < n_teams)
      g_snprintf(to, sizeof to, "t%u", w);
    else
      g_snprintf(to, sizeof to, "c%u", w - n_teams);
    handoff(org, id, to, NULL, g_rand_double_range(rng, 0.5, 3), score);
    if (isnan(score) && g_rand_int_range(rng, 0, 2) == 0) /* a survey fills it in */
      for (guint q = 0; q < 3; q++) {
        g_autofree char *period = g_strdup_printf("2026-Q%u", q + 1);
        answer(org, period, to, id, g_rand_double_range(rng, 1, 5));
      }
  }
  return org;
}

static void
test_brute_force_random_loops(void **state)
{
  guint seeds = g_getenv("VS_TEST_SMALL") != NULL ? 4 : 16, checked = 0;

  for (guint32 seed = 1; seed <= seeds; seed++) {
    g_autoptr(VsOrg) org = random_loopy_org(seed);
    GError *error = NULL;
    if (!vs_org_validate(org, &error)) { /* a closed loop: skip this draw */
      g_clear_error(&error);
      continue;
    }
    check_against_brute_force(org, 4, 1.0);
    check_against_brute_force(org, 4, 0.8);
    checked++;
  }
  assert_true(checked >= seeds / 2);
}

static void
test_brute_force_generated(void **state)
{
  for (guint32 seed = 1; seed <= 3; seed++) {
    g_autoptr(VsOrg) org = generated_org(60, 4, seed);
    check_against_brute_force(org, 3, 1.0);
    check_against_brute_force(org, 3, 0.85);
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_spec_plan),
      cmocka_unit_test(test_spec_plan_target_09),
      cmocka_unit_test(test_gains_are_fix_values),
      cmocka_unit_test(test_steps_zero_and_defaults),
      cmocka_unit_test(test_target_edges),
      cmocka_unit_test(test_unknown_version),
      cmocka_unit_test(test_nothing_at_risk),
      cmocka_unit_test(test_ties_input_order),
      cmocka_unit_test(test_json),
      cmocka_unit_test(test_text),
      cmocka_unit_test(test_csv),
      cmocka_unit_test(test_html_hostile),
      cmocka_unit_test(test_brute_force_random_loops),
      cmocka_unit_test(test_brute_force_generated),
  };
  return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
