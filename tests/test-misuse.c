/* valuestream tests - API misuse: every public function, called with NULL
 * or an index out of range, logs one critical (g_return_val_if_fail) and
 * returns its failure value; nothing crashes. Functions that take NULL by
 * contract (the _free functions, nullable arguments) log nothing.
 * tests/check-misuse.py checks that every VS_API function is called here.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Run with G_DEBUG unset (meson clears it): with fatal-criticals the first
 * misuse would abort, which is GLib's job, not ours. */
#include "vs-test.h"

#include <gio/gio.h>

#include "valuestream/mine.h"

static guint criticals, warnings;

static void
count_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
  if (level & G_LOG_LEVEL_CRITICAL)
    criticals++;
  else if (level & G_LOG_LEVEL_WARNING)
    warnings++;
}

/* Evaluates the expression, which must log exactly @n criticals and no warning. */
#define EXPECT_CRITICALS(n, ...)                                                                   \
  do {                                                                                             \
    guint vs_before_ = criticals, vs_warned_ = warnings;                                           \
    __VA_ARGS__;                                                                                   \
    if (criticals - vs_before_ != (n) || warnings != vs_warned_) {                                 \
      print_error("%s:%d: %s logged %u criticals and %u warnings, expected %u and 0\n", __FILE__,  \
                  __LINE__, #__VA_ARGS__, criticals - vs_before_, warnings - vs_warned_,           \
                  (guint)(n));                                                                     \
      fail();                                                                                      \
    }                                                                                              \
  } while (0)
#define MISUSE(...) EXPECT_CRITICALS(1, __VA_ARGS__)
#define FINE(...) EXPECT_CRITICALS(0, __VA_ARGS__)

static VsOrg *spec_org;
static VsAnalysis *spec;

static int
setup(void **state)
{
  g_autofree char *dir = vs_test_path("spec");
  GError *error = NULL;

  g_log_set_default_handler(count_log, NULL);
  spec_org = vs_load(dir, &error);
  spec = spec_org != NULL ? vs_analysis_new(spec_org, NULL, &error) : NULL;
  return spec == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
  vs_analysis_free(spec);
  vs_org_free(spec_org);
  return 0;
}

static void
test_common_and_enums(void **state)
{
  GError *set = g_error_new_literal(VS_ERROR, VS_ERROR_IO, "already set");
  VsKind kind = VS_KIND_SUPPLIER;

  FINE(assert_true(vs_error_quark() != 0));
  FINE(assert_non_null(vs_version_string()));
  FINE(vs_free(NULL));
  FINE(vs_error_free(NULL));
  FINE(assert_null(vs_kind_name((VsKind)7)));
  FINE(assert_null(vs_flag_name(0)));
  FINE(assert_null(vs_flag_name(VS_FLAG_RIPPLE | VS_FLAG_CHOKEPOINT)));
  FINE(assert_null(vs_diagnosis_name((VsDiagnosis)9)));
  FINE(assert_null(vs_phase_name(VS_N_PHASES)));
  FINE(assert_false(vs_kind_from_name("Team", &kind)));
  assert_int_equal(kind, VS_KIND_SUPPLIER); /* untouched */
  MISUSE(assert_false(vs_kind_from_name(NULL, &kind)));
  MISUSE(assert_false(vs_report_format_from_name(NULL, NULL)));
  MISUSE(assert_false(vs_report_table_from_name(NULL, NULL)));
  MISUSE(assert_false(vs_analysis_options_check(NULL, NULL)));
  /* An error already set is a programmer's mistake too. */
  MISUSE(assert_null(vs_load("x", &set)));
  MISUSE(assert_null(vs_analysis_new(spec_org, NULL, &set)));
  g_error_free(set);
}

static void
test_survey_statistics(void **state)
{
  VsMannKendall mk = {42, 0, 0, FALSE};
  double x[] = {3, 2, 1};

  MISUSE(vs_mann_kendall(NULL, 3, &mk));
  assert_close(mk.s, 42, 0); /* untouched */
  MISUSE(vs_mann_kendall(x, 3, NULL));
  FINE(vs_mann_kendall(NULL, 0, &mk));
  assert_close(mk.s, 0, 0);
  MISUSE(assert_close(vs_theil_sen_slope(NULL, 3), 0, 0));
  FINE(assert_close(vs_theil_sen_slope(NULL, 0), 0, 0));
  MISUSE(assert_true(isnan(vs_survey_score(3, 5, 1, 0.75))));
  MISUSE(assert_true(isnan(vs_survey_score(3, 1, 5, 0))));
  MISUSE(assert_true(isnan(vs_survey_score(3, 1, 5, 2))));
}

static void
test_org(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  VsSurveyResponse r = VS_SURVEY_RESPONSE_INIT;
  const guint32 *from = NULL, *to = NULL;
  GError *error = NULL;
  gsize n = vs_org_get_n_units(spec_org), m = vs_org_get_n_handoffs(spec_org);

  FINE(vs_org_free(NULL));
  MISUSE(assert_int_equal(vs_org_add_unit(NULL, "A", VS_KIND_TEAM, NULL, NULL), -1));
  MISUSE(assert_int_equal(vs_org_add_unit(org, NULL, VS_KIND_TEAM, NULL, NULL), -1));
  /* Bad data is an error, not a critical. */
  FINE(assert_int_equal(vs_org_add_unit(org, "A", (VsKind)7, NULL, &error), -1));
  assert_error(error, VS_ERROR_INVALID, "unknown kind 7");
  MISUSE(assert_int_equal(vs_org_add_handoff(NULL, "A", "B", NULL, NULL), -1));
  FINE(assert_int_equal(vs_org_add_handoff(org, NULL, "A", NULL, &error), -1));
  assert_error(error, VS_ERROR_INVALID, "field \"from\": is missing");
  MISUSE(assert_false(vs_org_add_survey_response(NULL, &r, NULL)));
  MISUSE(assert_false(vs_org_add_survey_response(org, NULL, NULL)));
  FINE(assert_false(vs_org_add_survey_response(org, &r, &error)));
  assert_error(error, VS_ERROR_INVALID, "field \"respondent\": is missing");
  MISUSE(assert_false(vs_org_validate(NULL, NULL)));

  MISUSE(assert_int_equal(vs_org_get_n_units(NULL), 0));
  MISUSE(assert_int_equal(vs_org_get_n_handoffs(NULL), 0));
  MISUSE(assert_int_equal(vs_org_get_n_survey_responses(NULL), 0));
  MISUSE(assert_int_equal(vs_org_get_n_kind(NULL, VS_KIND_TEAM), 0));
  MISUSE(assert_int_equal(vs_org_get_n_kind(spec_org, (VsKind)3), 0));
  MISUSE(assert_int_equal(vs_org_get_n_notes(NULL), 0));
  MISUSE(assert_int_equal(vs_org_find_unit(NULL, "A"), -1));
  MISUSE(assert_int_equal(vs_org_find_unit(spec_org, NULL), -1));
  FINE(assert_int_equal(vs_org_find_unit(spec_org, "nobody"), -1));

  MISUSE(assert_null(vs_org_get_unit_id(NULL, 0)));
  MISUSE(assert_null(vs_org_get_unit_id(spec_org, n)));
  MISUSE(assert_null(vs_org_get_unit_name(spec_org, n)));
  MISUSE(assert_null(vs_org_get_unit_group(spec_org, G_MAXSIZE)));
  MISUSE(assert_int_equal(vs_org_get_unit_kind(spec_org, n), VS_KIND_TEAM));
  MISUSE(assert_true(isnan(vs_org_get_unit_revenue(spec_org, n))));
  MISUSE(assert_true(isnan(vs_org_get_unit_own_share(NULL, 0))));
  MISUSE(assert_true(isnan(vs_org_get_unit_headcount(spec_org, n))));
  MISUSE(assert_true(isnan(vs_org_get_unit_cost(spec_org, n))));
  MISUSE(assert_int_equal(vs_org_get_handoff_from(spec_org, m), 0));
  MISUSE(assert_int_equal(vs_org_get_handoff_to(NULL, 0), 0));
  MISUSE(assert_null(vs_org_get_handoff_deliverable(spec_org, m)));
  MISUSE(assert_true(isnan(vs_org_get_handoff_weight(spec_org, m))));
  MISUSE(assert_true(isnan(vs_org_get_handoff_score(spec_org, m))));
  MISUSE(assert_true(isnan(vs_org_get_handoff_volume(spec_org, m))));
  MISUSE(assert_true(isnan(vs_org_get_handoff_lead_time(NULL, 0))));
  MISUSE(assert_int_equal(vs_org_get_handoff_ends(NULL, &from, &to), 0));
  FINE(assert_int_equal(vs_org_get_handoff_ends(spec_org, NULL, NULL), m));
  MISUSE(vs_org_get_survey_response(spec_org, 1000, &r));
  MISUSE(vs_org_get_survey_response(spec_org, 0, NULL));
  MISUSE(vs_org_get_survey_response(NULL, 0, &r));
  MISUSE(assert_null(vs_org_get_note(spec_org, 0)));
  MISUSE(assert_false(vs_org_write_csv_dir(NULL, "/nonexistent/org", NULL)));
  MISUSE(assert_false(vs_org_write_csv_dir(spec_org, NULL, NULL)));
}

static void
test_loaders(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();

  MISUSE(assert_null(vs_load(NULL, NULL)));
  MISUSE(assert_null(vs_load_csv_dir(NULL, NULL)));
  MISUSE(assert_null(vs_load_csv_data(NULL, 0, "", 0, NULL, 0, NULL)));
  MISUSE(assert_null(vs_load_csv_data("", 0, NULL, 0, NULL, 0, NULL)));
  MISUSE(assert_null(vs_load_json_file(NULL, NULL)));
  MISUSE(assert_null(vs_load_json_data(NULL, 0, NULL, NULL)));
  MISUSE(assert_null(vs_load_graphml_file(NULL, NULL)));
  MISUSE(assert_null(vs_load_graphml_data(NULL, 0, NULL, NULL)));
  MISUSE(assert_false(vs_load_surveys_csv(NULL, "s.csv", NULL)));
  MISUSE(assert_false(vs_load_surveys_csv(org, NULL, NULL)));
  MISUSE(assert_false(vs_load_surveys_csv_data(NULL, "", 0, NULL, NULL)));
  MISUSE(assert_false(vs_load_surveys_csv_data(org, NULL, 0, NULL, NULL)));
  /* Empty inputs are bad data: errors, no critical. */
  FINE(assert_null(vs_load_json_data("", 0, NULL, NULL)));
  FINE(assert_null(vs_load_graphml_data("", -1, NULL, NULL)));
  FINE(assert_null(vs_load_csv_data("", -1, "", -1, NULL, 0, NULL)));
}

static void
test_analysis(void **state)
{
  VsAnalysisOptions options = VS_ANALYSIS_OPTIONS_INIT;
  const VsAnalysis *a = spec;
  gsize n = vs_analysis_get_n_units(a), len = 99;
  double shares[8];
  g_autofree double *column = g_new(double, n);
  VsTrend trend;
  GError *error = NULL;
  const char *const *periods = NULL;

  MISUSE(assert_null(vs_analysis_new(NULL, NULL, NULL)));
  options.version = 99;
  FINE(assert_null(vs_analysis_new(spec_org, &options, &error)));
  assert_error(error, VS_ERROR_INVALID, "version");
  FINE(vs_analysis_free(NULL));
  MISUSE(assert_null(vs_analysis_get_org(NULL)));
  MISUSE(vs_analysis_get_options(NULL, &options));
  MISUSE(vs_analysis_get_options(a, NULL));
  MISUSE(assert_int_equal(vs_analysis_get_n_units(NULL), 0));
  MISUSE(assert_int_equal(vs_analysis_get_n_handoffs(NULL), 0));
  MISUSE(assert_int_equal(vs_analysis_get_n_kind(NULL, VS_KIND_TEAM), 0));
  MISUSE(assert_int_equal(vs_analysis_get_n_kind(a, (VsKind)5), 0));
  MISUSE(assert_true(isnan(vs_analysis_get_total_revenue(NULL))));
  MISUSE(assert_true(isnan(vs_analysis_get_total_at_risk(NULL))));

  MISUSE(assert_null(vs_analysis_get_own(NULL, &len)));
  MISUSE(assert_null(vs_analysis_get_qualities(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_exposures(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_revenues_at_risk(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_service_scores(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_fix_values(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_hops(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_next_hops(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_dependents(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_flags(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_loop_ids(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_handoff_shares(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_handoff_scores(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_customers(NULL, NULL)));
  MISUSE(assert_true(isnan(vs_analysis_get_total_cost(NULL))));
  MISUSE(assert_true(isnan(vs_analysis_get_total_cost_to_serve(NULL))));
  MISUSE(assert_true(isnan(vs_analysis_get_total_stranded_cost(NULL))));
  MISUSE(assert_null(vs_analysis_get_unit_costs(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_loaded_costs(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_stranded_costs(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_costs_to_serve(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_margins(NULL, NULL)));
  MISUSE(assert_null(vs_analysis_get_handoff_charges(NULL, NULL)));
  options = (VsAnalysisOptions)VS_ANALYSIS_OPTIONS_INIT;
  options.markup = -0.1;
  FINE(assert_null(vs_analysis_new(spec_org, &options, &error)));
  assert_error(error, VS_ERROR_INVALID, "markup");
  options = (VsAnalysisOptions)VS_ANALYSIS_OPTIONS_INIT;
  options.cost_basis = (VsCostBasis)7;
  FINE(assert_null(vs_analysis_new(spec_org, &options, &error)));
  assert_error(error, VS_ERROR_INVALID, "cost_basis");

  /* Lists: NULL with *n = 0. */
  MISUSE(assert_null(vs_analysis_dup_path(a, n, &len)));
  assert_int_equal(len, 0);
  len = 99;
  MISUSE(assert_null(vs_analysis_dup_path(NULL, 0, &len)));
  assert_int_equal(len, 0);
  MISUSE(assert_null(vs_analysis_dup_path_to(a, n, 0, NULL)));
  MISUSE(assert_null(vs_analysis_dup_path_to(a, 0, n, NULL)));
  MISUSE(assert_null(vs_analysis_dup_chokepoints(a, G_MAXSIZE, NULL)));
  MISUSE(assert_null(vs_analysis_dup_unit_customers(a, n, NULL)));
  MISUSE(assert_null(vs_analysis_dup_critical_units(NULL, 0, NULL)));
  MISUSE(assert_null(vs_analysis_dup_flagged(NULL, &len)));
  assert_int_equal(len, 0);
  MISUSE(vs_analysis_get_unit_shares(a, n, shares));
  MISUSE(vs_analysis_get_unit_shares(a, 0, NULL));
  MISUSE(vs_analysis_get_unit_shares(NULL, 0, shares));
  MISUSE(assert_false(vs_analysis_get_customer_shares(a, n, column)));
  MISUSE(assert_false(vs_analysis_get_customer_shares(a, 0, NULL)));
  FINE(assert_false(vs_analysis_get_customer_shares(a, 0, column))); /* not a customer */
  MISUSE(vs_analysis_get_unit_cost_shares(a, n, shares));
  MISUSE(vs_analysis_get_unit_cost_shares(a, 0, NULL));
  MISUSE(vs_analysis_get_unit_cost_shares(NULL, 0, shares));
  MISUSE(assert_false(vs_analysis_get_customer_cost_shares(a, n, column)));
  MISUSE(assert_false(vs_analysis_get_customer_cost_shares(a, 0, NULL)));
  FINE(assert_false(vs_analysis_get_customer_cost_shares(a, 0, column))); /* not a customer */

  MISUSE(assert_int_equal(vs_analysis_get_n_loops(NULL), 0));
  MISUSE(assert_null(vs_analysis_get_loop(a, vs_analysis_get_n_loops(a), &len)));
  MISUSE(assert_int_equal(vs_analysis_get_n_groups(NULL), 0));
  MISUSE(assert_null(vs_analysis_get_group_id(a, 99)));
  MISUSE(assert_int_equal(vs_analysis_get_group_diagnosis(a, 99), VS_DIAGNOSIS_UNRATED));
  len = 99;
  MISUSE(assert_null(vs_analysis_get_group_poor_units(a, 99, &len)));
  assert_int_equal(len, 0);
  MISUSE(assert_int_equal(vs_analysis_get_n_warnings(NULL), 0));
  MISUSE(assert_null(vs_analysis_get_warning(a, 99)));
  MISUSE(assert_int_equal(vs_analysis_get_n_trends(NULL), 0));
  MISUSE(vs_analysis_get_trend(a, 99, &trend));
  MISUSE(vs_analysis_get_trend(a, 0, NULL));
  len = 99;
  MISUSE(assert_null(vs_analysis_get_trend_means(a, 99, &periods, &len)));
  assert_int_equal(len, 0);
  MISUSE(assert_true(isnan(vs_analysis_get_phase_seconds(a, VS_N_PHASES))));
  MISUSE(assert_true(isnan(vs_analysis_get_phase_seconds(NULL, VS_PHASE_GRAPH))));

  /* Bulk reads: NULL, with the offsets NULL and *n = 0. */
  {
    gsize *offsets = (gsize *)&len;
    len = 99;
    MISUSE(assert_null(vs_analysis_dup_strings(NULL, VS_STRINGS_UNIT_ID, &offsets, &len)));
    assert_null(offsets);
    assert_int_equal(len, 0);
    offsets = (gsize *)&len;
    MISUSE(assert_null(vs_analysis_dup_strings(a, (VsStringColumn)9, &offsets, NULL)));
    assert_null(offsets);
    offsets = (gsize *)&len;
    len = 99;
    MISUSE(assert_null(vs_analysis_dup_unit_lists(NULL, VS_UNIT_LIST_PATH, &offsets, &len)));
    assert_null(offsets);
    assert_int_equal(len, 0);
    MISUSE(assert_null(vs_analysis_dup_unit_lists(a, (VsUnitList)9, &offsets, NULL)));
    MISUSE(assert_null(vs_analysis_dup_unit_lists(a, VS_UNIT_LIST_PATH, NULL, NULL)));
    len = 99;
    MISUSE(assert_null(vs_analysis_get_kinds(NULL, &len)));
    assert_int_equal(len, 0);
    len = 99;
    MISUSE(assert_null(vs_analysis_dup_handoff_weights(NULL, &len)));
    assert_int_equal(len, 0);
    /* optional out-parameters may be NULL */
    char *strings = NULL;
    FINE(strings = vs_analysis_dup_strings(a, VS_STRINGS_UNIT_GROUP, NULL, NULL));
    assert_non_null(strings);
    vs_free(strings);
  }
}

static void
test_reports(void **state)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable();
  VsReportOptions options = VS_REPORT_OPTIONS_INIT;
  GError *error = NULL;
  gsize len = 99;

  MISUSE(assert_false(vs_report_write(NULL, VS_REPORT_JSON, NULL, out, NULL, NULL)));
  MISUSE(assert_false(vs_report_write(spec, VS_REPORT_JSON, NULL, NULL, NULL, NULL)));
  MISUSE(assert_null(vs_report_dup_string(NULL, VS_REPORT_TEXT, NULL, &len, NULL)));
  assert_int_equal(len, 0);
  MISUSE(assert_false(vs_report_write_file(NULL, VS_REPORT_JSON, NULL, "r.json", NULL)));
  MISUSE(assert_false(vs_report_write_file(spec, VS_REPORT_JSON, NULL, NULL, NULL)));
  MISUSE(assert_false(vs_report_render_file(NULL, NULL, "r.svg", "svg", NULL)));
  MISUSE(assert_false(vs_report_render_file(spec, NULL, NULL, "svg", NULL)));
  /* Values out of range are errors, not criticals. */
  FINE(assert_null(vs_report_dup_string(spec, (VsReportFormat)99, NULL, NULL, &error)));
  assert_error(error, VS_ERROR_INVALID, "format");
  options.version = 0;
  FINE(assert_null(vs_report_dup_string(spec, VS_REPORT_JSON, &options, NULL, &error)));
  assert_error(error, VS_ERROR_INVALID, "version");
  options = (VsReportOptions)VS_REPORT_OPTIONS_INIT;
  options.table = (VsReportTable)42;
  FINE(assert_null(vs_report_dup_string(spec, VS_REPORT_CSV, &options, NULL, &error)));
  assert_error(error, VS_ERROR_INVALID, "table");
}

static void
test_mine(void **state)
{
  g_autofree char *log = vs_test_path("mine/log.csv");
  g_autoptr(VsMineResult) r = vs_mine_file(log, NULL, NULL);
  VsMineOptions options = VS_MINE_OPTIONS_INIT;
  GError *error = NULL;
  gsize n, len = 99;
  guint64 events = 7;

  assert_non_null(r);
  n = vs_mine_result_get_n_units(r);
  FINE(vs_mine_result_free(NULL));
  MISUSE(assert_false(vs_mine_options_check(NULL, NULL)));
  options.depth = 1;
  options.beta = 2;
  FINE(assert_false(vs_mine_options_check(&options, &error)));
  assert_error(error, VS_ERROR_INVALID, "beta");
  MISUSE(assert_null(vs_mine_file(NULL, NULL, NULL)));
  MISUSE(assert_null(vs_mine_data(NULL, 3, NULL, NULL, NULL)));
  FINE(assert_null(vs_mine_data(NULL, 0, NULL, NULL, &error))); /* an empty log: an error */
  g_clear_error(&error);
  MISUSE(assert_int_equal(vs_mine_result_get_count(NULL, VS_MINE_EVENTS), 0));
  FINE(assert_int_equal(vs_mine_result_get_count(r, (VsMineCount)99), 0));
  MISUSE(assert_true(isnan(vs_mine_result_get_lead_time_quantile(NULL, 0.5))));
  FINE(assert_true(isnan(vs_mine_result_get_lead_time_quantile(r, 2))));
  MISUSE(assert_int_equal(vs_mine_result_get_n_units(NULL), 0));
  MISUSE(assert_null(vs_mine_result_get_unit_id(r, n)));
  MISUSE(assert_int_equal(vs_mine_result_get_unit_kind(r, n), VS_KIND_TEAM));
  MISUSE(assert_true(isnan(vs_mine_result_get_unit_revenue(r, n))));
  MISUSE(assert_true(isnan(vs_mine_result_get_unit_own_share(NULL, 0))));
  MISUSE(assert_int_equal(vs_mine_result_get_pairs(NULL, NULL, NULL), 0));
  MISUSE(assert_null(vs_mine_result_get_column(NULL, VS_MINE_VOLUME, &len)));
  FINE(assert_null(vs_mine_result_get_column(r, (VsMineColumn)99, NULL)));
  MISUSE(assert_int_equal(vs_mine_result_get_n_unmapped(NULL), 0));
  MISUSE(assert_null(vs_mine_result_get_unmapped(r, 0, &events)));
  assert_int_equal(events, 7); /* untouched */
  MISUSE(assert_null(vs_mine_result_to_org(NULL, NULL, NULL)));
  MISUSE(assert_false(vs_mine_result_write_dir(NULL, NULL, "dir", NULL)));
  MISUSE(assert_false(vs_mine_result_write_dir(r, NULL, NULL, NULL)));
}

static void
test_plan(void **state)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable();
  VsPlanOptions options = VS_PLAN_OPTIONS_INIT;
  g_autoptr(VsPlan) plan = vs_plan_new(spec, NULL, NULL);
  GError *error = NULL;
  gsize n = 99, len = 99;

  assert_non_null(plan);
  FINE(vs_plan_free(NULL));
  MISUSE(assert_false(vs_plan_options_check(NULL, NULL)));
  MISUSE(assert_null(vs_plan_new(NULL, NULL, NULL)));
  options.version = 99;
  FINE(assert_null(vs_plan_new(spec, &options, &error)));
  assert_error(error, VS_ERROR_INVALID, "version");
  options = (VsPlanOptions)VS_PLAN_OPTIONS_INIT;
  options.target = 2;
  FINE(assert_null(vs_plan_new(spec, &options, &error)));
  assert_error(error, VS_ERROR_INVALID, "target");
  MISUSE(assert_null(vs_plan_get_org(NULL)));
  MISUSE(assert_true(isnan(vs_plan_get_target(NULL))));
  MISUSE(assert_true(isnan(vs_plan_get_revenue_at_risk(NULL))));
  MISUSE(assert_int_equal(vs_plan_get_n_steps(NULL), 0));
  MISUSE(assert_null(vs_plan_get_units(NULL, &n)));
  assert_int_equal(n, 0);
  n = 99;
  MISUSE(assert_null(vs_plan_get_gains(NULL, &n)));
  assert_int_equal(n, 0);
  MISUSE(assert_null(vs_plan_get_revenues_at_risk(NULL, NULL)));
  MISUSE(assert_null(vs_plan_get_removed_shares(NULL, NULL)));
  MISUSE(assert_null(vs_plan_get_unit_id(NULL, 0)));
  MISUSE(assert_null(vs_plan_get_unit_id(plan, vs_plan_get_n_steps(plan))));
  MISUSE(assert_false(vs_report_write_plan(NULL, VS_REPORT_JSON, NULL, out, NULL, NULL)));
  MISUSE(assert_false(vs_report_write_plan(plan, VS_REPORT_JSON, NULL, NULL, NULL, NULL)));
  MISUSE(assert_null(vs_report_dup_plan_string(NULL, VS_REPORT_JSON, NULL, &len, NULL)));
  assert_int_equal(len, 0);
  MISUSE(assert_false(vs_report_write_plan_file(NULL, VS_REPORT_JSON, NULL, "p.json", NULL)));
  MISUSE(assert_false(vs_report_write_plan_file(plan, VS_REPORT_JSON, NULL, NULL, NULL)));
  /* Values out of range are errors, not criticals. */
  FINE(assert_null(vs_report_dup_plan_string(plan, (VsReportFormat)99, NULL, NULL, &error)));
  assert_error(error, VS_ERROR_INVALID, "format");
}

static void
test_decide(void **state)
{
  VsChange change = VS_CHANGE_INIT, out = VS_CHANGE_INIT;
  g_autoptr(VsScenarios) s = vs_scenarios_new();
  g_autoptr(VsOrg) copy = NULL;
  g_autoptr(VsComparison) c = NULL;
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable();
  const VsComparison *cs[1];
  GError *error = NULL;
  double before = 0, after = 0;
  gsize n = 99;

  MISUSE(assert_null(vs_org_copy(NULL)));
  FINE(copy = vs_org_copy(spec_org));
  FINE(assert_null(vs_action_name((VsAction)99)));
  FINE(assert_null(vs_action_name(VS_ACTION_UNSET)));
  MISUSE(assert_false(vs_action_from_name(NULL, NULL)));
  FINE(vs_scenarios_free(NULL));
  MISUSE(assert_int_equal(vs_scenarios_add(NULL, "x", NULL), -1));
  MISUSE(assert_int_equal(vs_scenarios_add(s, NULL, NULL), -1));
  FINE(assert_int_equal(vs_scenarios_add(s, "x", NULL), 0));
  MISUSE(assert_false(vs_scenarios_add_change(NULL, 0, &change, NULL)));
  MISUSE(assert_false(vs_scenarios_add_change(s, 1, &change, NULL)));
  MISUSE(assert_false(vs_scenarios_add_change(s, 0, NULL, NULL)));
  FINE(assert_false(vs_scenarios_add_change(s, 0, &change, &error)));
  assert_error(error, VS_ERROR_INVALID, "action");
  MISUSE(assert_int_equal(vs_scenarios_get_n(NULL), 0));
  MISUSE(assert_null(vs_scenarios_get_name(s, 1)));
  MISUSE(assert_int_equal(vs_scenarios_get_n_changes(s, 1), 0));
  MISUSE(assert_false(vs_scenarios_get_change(s, 0, 0, &out)));
  MISUSE(assert_false(vs_scenarios_get_change(NULL, 0, 0, &out)));
  MISUSE(assert_null(vs_scenarios_load_json_data(NULL, 0, NULL, NULL)));
  MISUSE(assert_null(vs_scenarios_load_csv_data(NULL, 0, NULL, NULL)));
  MISUSE(assert_null(vs_scenarios_load(NULL, NULL)));
  MISUSE(assert_null(vs_scenarios_apply(NULL, 0, spec_org, NULL, NULL)));
  MISUSE(assert_null(vs_scenarios_apply(s, 1, spec_org, NULL, NULL)));
  MISUSE(assert_null(vs_scenarios_apply(s, 0, NULL, NULL, NULL)));

  FINE(assert_null(vs_status_name((VsStatus)9)));
  FINE(assert_null(vs_figure_name((VsFigure)VS_N_FIGURES)));
  FINE(assert_null(vs_value_name((VsValue)VS_N_VALUES)));
  MISUSE(assert_null(vs_comparison_new(NULL, spec, NULL)));
  MISUSE(assert_null(vs_comparison_new(spec, NULL, NULL)));
  FINE(c = vs_comparison_new(spec, spec, NULL));
  FINE(vs_comparison_free(NULL));
  MISUSE(assert_null(vs_comparison_get_before(NULL)));
  MISUSE(assert_null(vs_comparison_get_after(NULL)));
  MISUSE(assert_false(vs_comparison_get_figure(NULL, VS_FIGURE_UNITS, &before, &after)));
  MISUSE(assert_false(vs_comparison_get_figure(c, (VsFigure)99, &before, &after)));
  assert_true(isnan(before) && isnan(after));
  MISUSE(assert_int_equal(vs_comparison_get_n(NULL, VS_COMPARED_UNITS), 0));
  MISUSE(assert_int_equal(vs_comparison_get_n(c, (VsCompared)99), 0));
  MISUSE(assert_null(vs_comparison_get_rows(c, (VsCompared)99, FALSE, &n)));
  assert_int_equal(n, 0);
  MISUSE(assert_null(vs_comparison_get_statuses(c, VS_COMPARED_HANDOFFS_ADDED, NULL)));
  MISUSE(assert_null(vs_comparison_get_values(c, VS_COMPARED_UNITS, (VsValue)99, TRUE, NULL)));
  MISUSE(
      assert_null(vs_comparison_get_values(NULL, VS_COMPARED_UNITS, VS_VALUE_QUALITY, TRUE, NULL)));
  MISUSE(assert_null(vs_comparison_get_unit_reaches(NULL, TRUE, NULL)));
  MISUSE(assert_null(vs_comparison_get_unit_flags(NULL, TRUE, NULL)));
  MISUSE(assert_null(vs_comparison_get_scores(NULL, TRUE, NULL)));
  FINE(assert_true(vs_comparison_value_changed(NAN, 1, 0)));
  FINE(assert_false(vs_comparison_value_changed(NAN, NAN, 0)));
  cs[0] = c;
  MISUSE(assert_false(vs_report_write_whatif(NULL, cs, VS_REPORT_JSON, NULL, mem, NULL, NULL)));
  MISUSE(assert_false(vs_report_write_diff(NULL, VS_REPORT_JSON, NULL, mem, NULL, NULL)));
  MISUSE(assert_false(vs_report_write_diff(c, VS_REPORT_JSON, NULL, NULL, NULL, NULL)));
  FINE(assert_false(vs_report_write_diff(c, VS_REPORT_DOT, NULL, mem, NULL, &error)));
  assert_error(error, VS_ERROR_INVALID, "not written as dot");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_common_and_enums),
      cmocka_unit_test(test_survey_statistics),
      cmocka_unit_test(test_org),
      cmocka_unit_test(test_loaders),
      cmocka_unit_test(test_analysis),
      cmocka_unit_test(test_reports),
      cmocka_unit_test(test_mine),
      cmocka_unit_test(test_plan),
      cmocka_unit_test(test_decide),
  };
  return cmocka_run_group_tests_name("misuse", tests, setup, teardown);
}
