/* Tests of the organisation model: building, validation, accessors.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <glib/gstdio.h>
#include <unistd.h>

#include "vs-test.h"

static int
setup(void **state)
{
  VsOrg *org = vs_org_new();
  VsUnitAttrs cust = VS_UNIT_ATTRS_INIT;
  cust.revenue = 100;
  assert_int_equal(vs_org_add_unit(org, "A", VS_KIND_TEAM, NULL, NULL), 0);
  assert_int_equal(vs_org_add_unit(org, "B", VS_KIND_SUPPLIER, NULL, NULL), 1);
  assert_int_equal(vs_org_add_unit(org, "X", VS_KIND_CUSTOMER, &cust, NULL), 2);
  *state = org;
  return 0;
}

static int
teardown(void **state)
{
  vs_org_free(*state);
  return 0;
}

static void
test_units_and_attributes(void **state)
{
  VsOrg *org = *state;
  VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
  GError *error = NULL;

  attrs.name = "Delivery";
  attrs.group = "prod";
  attrs.own_share = 0.2;
  attrs.headcount = 12;
  assert_int_equal(vs_org_add_unit(org, "D", VS_KIND_TEAM, &attrs, &error), 3);
  assert_null(error);
  assert_int_equal(vs_org_get_n_units(org), 4);
  assert_int_equal(vs_org_find_unit(org, "D"), 3);
  assert_int_equal(vs_org_find_unit(org, "d"), -1); /* case-sensitive */
  assert_string_equal(vs_org_get_unit_name(org, 3), "Delivery");
  assert_string_equal(vs_org_get_unit_name(org, 0), "A"); /* name defaults to id */
  assert_string_equal(vs_org_get_unit_group(org, 3), "prod");
  assert_null(vs_org_get_unit_group(org, 0));
  assert_close(vs_org_get_unit_own_share(org, 3), 0.2, 0);
  assert_true(isnan(vs_org_get_unit_own_share(org, 0)));
  assert_close(vs_org_get_unit_headcount(org, 3), 12, 0);
  assert_close(vs_org_get_unit_cost(org, 0), 0, 0); /* unset: 0 */
  assert_close(vs_org_get_unit_revenue(org, 2), 100, 0);
  assert_close(vs_org_get_unit_revenue(org, 0), 0, 0);
  assert_int_equal(vs_org_get_unit_kind(org, 1), VS_KIND_SUPPLIER);
  assert_int_equal(vs_org_get_n_kind(org, VS_KIND_TEAM), 2);
  assert_int_equal(vs_org_get_n_kind(org, VS_KIND_CUSTOMER), 1);
}

/* SPEC section 2: a cost is >= 0 and finite; on a customer it is ignored
 * with a note. */
static void
test_unit_costs(void **state)
{
  VsOrg *org = *state;
  VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
  const double bad[] = {-1, INFINITY, -INFINITY};
  GError *error = NULL;

  attrs.cost = 1500.5;
  assert_int_equal(vs_org_add_unit(org, "T", VS_KIND_TEAM, &attrs, &error), 3);
  assert_close(vs_org_get_unit_cost(org, 3), 1500.5, 0);
  attrs.cost = 0;
  assert_int_equal(vs_org_add_unit(org, "S", VS_KIND_SUPPLIER, &attrs, &error), 4);
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    attrs.cost = bad[i];
    assert_int_equal(vs_org_add_unit(org, "Z", VS_KIND_TEAM, &attrs, &error), -1);
    assert_error(error, VS_ERROR_INVALID, "field \"cost\"");
  }
  assert_int_equal(vs_org_get_n_units(org), 5); /* nothing added on error */
  attrs.cost = 99;
  assert_int_equal(vs_org_add_unit(org, "Y", VS_KIND_CUSTOMER, &attrs, &error), 5);
  assert_close(vs_org_get_unit_cost(org, 5), 0, 0);
  assert_int_equal(vs_org_get_n_notes(org), 1);
  assert_non_null(strstr(vs_org_get_note(org, 0), "customer Y has cost 99"));
}

/* A caller that initialises VsUnitAttrs by position and predates @cost
 * gets 0 there: the default. */
static void
test_unit_attrs_by_position(void **state)
{
  VsOrg *org = *state;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
  VsUnitAttrs old = {NULL, NULL, NAN, NAN, NAN};
#pragma GCC diagnostic pop

  assert_int_equal(vs_org_add_unit(org, "T", VS_KIND_TEAM, &old, NULL), 3);
  assert_close(vs_org_get_unit_cost(org, 3), 0, 0);
  assert_int_equal(vs_org_get_n_notes(org), 0);
}

static void
test_unit_rules(void **state)
{
  VsOrg *org = *state;
  VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
  GError *error = NULL;

  assert_int_equal(vs_org_add_unit(org, "A", VS_KIND_TEAM, NULL, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"id\"", "duplicate", "A");
  assert_int_equal(vs_org_add_unit(org, "", VS_KIND_TEAM, NULL, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"id\"", "empty");
  assert_int_equal(vs_org_add_unit(org, "a\nb", VS_KIND_TEAM, NULL, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"id\"", "control character");
  assert_int_equal(vs_org_add_unit(org, "\xff\xfe", VS_KIND_TEAM, NULL, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"id\"", "UTF-8");
  assert_int_equal(vs_org_add_unit(org, "K", (VsKind)7, NULL, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"kind\"", "unknown kind");
  /* texts that are not UTF-8, ASCII but for one byte (and a valid one) */
  attrs.name = "Design \xc3";
  assert_int_equal(vs_org_add_unit(org, "N", VS_KIND_TEAM, &attrs, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"name\"", "UTF-8");
  attrs.name = NULL;
  attrs.group = "payments \xff";
  assert_int_equal(vs_org_add_unit(org, "N", VS_KIND_TEAM, &attrs, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"group\"", "UTF-8");
  attrs.group = NULL;

  attrs.revenue = -1;
  assert_int_equal(vs_org_add_unit(org, "N", VS_KIND_CUSTOMER, &attrs, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"revenue\"", "negative");
  attrs.revenue = INFINITY;
  assert_int_equal(vs_org_add_unit(org, "N", VS_KIND_CUSTOMER, &attrs, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"revenue\"", "not finite");
  attrs.revenue = NAN;
  attrs.own_share = 1.5;
  assert_int_equal(vs_org_add_unit(org, "N", VS_KIND_TEAM, &attrs, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"own_share\"", "not in 0..1");
  attrs.own_share = NAN;
  attrs.headcount = -3;
  assert_int_equal(vs_org_add_unit(org, "N", VS_KIND_TEAM, &attrs, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"headcount\"", "negative");
  /* failures changed nothing */
  assert_int_equal(vs_org_get_n_units(org), 3);
  assert_int_equal(vs_org_find_unit(org, "N"), -1);
  attrs.headcount = NAN;
  attrs.name = "D\xc3\xa9sign"; /* UTF-8 beyond ASCII */
  assert_true(vs_org_add_unit(org, "N", VS_KIND_TEAM, &attrs, &error) >= 0);
  assert_string_equal(vs_org_get_unit_name(org, 3), "D\xc3\xa9sign");
}

static void
test_handoff_rules(void **state)
{
  VsOrg *org = *state;
  VsHandoffAttrs attrs = VS_HANDOFF_ATTRS_INIT;
  GError *error = NULL;

  assert_int_equal(vs_org_add_handoff(org, "A", "Q", NULL, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"to\"", "unknown unit", "Q");
  assert_int_equal(vs_org_add_handoff(org, "Q", "A", NULL, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"from\"", "unknown unit", "Q");
  assert_int_equal(vs_org_add_handoff(org, "A", "A", NULL, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "self-handoff");
  assert_int_equal(vs_org_add_handoff(org, "X", "A", NULL, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"from\"", "customer");
  attrs.weight = 0;
  assert_int_equal(vs_org_add_handoff(org, "A", "X", &attrs, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"weight\"", "not > 0");
  attrs.weight = NAN;
  attrs.score = 1.4;
  assert_int_equal(vs_org_add_handoff(org, "A", "X", &attrs, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"score\"", "1.4 is not in 0..1");
  attrs.score = NAN;
  attrs.volume = -2;
  assert_int_equal(vs_org_add_handoff(org, "A", "X", &attrs, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"volume\"", "negative");
  attrs.volume = NAN;
  attrs.lead_time_days = -0.5;
  assert_int_equal(vs_org_add_handoff(org, "A", "X", &attrs, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"lead_time_days\"", "negative");
  attrs.lead_time_days = -INFINITY;
  assert_int_equal(vs_org_add_handoff(org, "A", "X", &attrs, &error), -1);
  assert_error(error, VS_ERROR_INVALID, "field \"lead_time_days\"", "not finite");
  assert_int_equal(vs_org_get_n_handoffs(org), 0);
}

static void
test_handoffs_and_parallel(void **state)
{
  VsOrg *org = *state;
  VsHandoffAttrs attrs = VS_HANDOFF_ATTRS_INIT;
  const guint32 *from, *to;

  attrs.deliverable = "parts";
  attrs.score = 0.5;
  assert_int_equal(vs_org_add_handoff(org, "B", "A", &attrs, NULL), 0);
  attrs.deliverable = "tools";
  attrs.weight = 3;
  attrs.score = NAN;
  assert_int_equal(vs_org_add_handoff(org, "B", "A", &attrs, NULL), 1);
  assert_int_equal(vs_org_add_handoff(org, "A", "X", NULL, NULL), 2);
  assert_int_equal(vs_org_get_handoff_ends(org, &from, &to), 3);
  assert_int_equal(from[1], 1);
  assert_int_equal(to[1], 0);
  assert_string_equal(vs_org_get_handoff_deliverable(org, 1), "tools");
  assert_null(vs_org_get_handoff_deliverable(org, 2));
  assert_close(vs_org_get_handoff_weight(org, 1), 3, 0);
  assert_close(vs_org_get_handoff_weight(org, 2), 1, 0); /* default */
  assert_close(vs_org_get_handoff_score(org, 0), 0.5, 0);
  assert_true(isnan(vs_org_get_handoff_score(org, 1)));
  assert_true(isnan(vs_org_get_handoff_volume(org, 1)));
}

static void
test_survey_rules(void **state)
{
  VsOrg *org = *state;
  VsSurveyResponse r = VS_SURVEY_RESPONSE_INIT, back;
  GError *error = NULL;

  r.period = "2026-Q1";
  r.respondent = "A";
  r.provider = "B";
  r.score = 4;
  assert_true(vs_org_add_survey_response(org, &r, &error));
  vs_org_get_survey_response(org, 0, &back);
  assert_string_equal(back.period, "2026-Q1");
  assert_string_equal(back.provider, "B");
  assert_close(back.scale_min, 1, 0); /* defaults */
  assert_close(back.scale_max, 5, 0);

  r.score = 6;
  assert_false(vs_org_add_survey_response(org, &r, &error));
  assert_error(error, VS_ERROR_INVALID, "field \"score\"", "outside the scale 1..5");
  r.score = 3;
  r.scale_min = 5;
  r.scale_max = 1;
  assert_false(vs_org_add_survey_response(org, &r, &error));
  assert_error(error, VS_ERROR_INVALID, "field \"scale_min\"", "not below");
  r.scale_min = r.scale_max = NAN;
  r.respondent = "nobody";
  assert_false(vs_org_add_survey_response(org, &r, &error));
  assert_error(error, VS_ERROR_INVALID, "field \"respondent\"", "unknown unit");
  r.respondent = "A";
  r.period = "";
  assert_false(vs_org_add_survey_response(org, &r, &error));
  assert_error(error, VS_ERROR_INVALID, "field \"period\"", "empty");
  r.period = "p";
  r.score = NAN;
  assert_false(vs_org_add_survey_response(org, &r, &error));
  assert_error(error, VS_ERROR_INVALID, "field \"score\"", "missing");
  assert_int_equal(vs_org_get_n_survey_responses(org), 1);
}

static void
test_notes_for_ignored_values(void **state)
{
  VsOrg *org = *state;
  VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;

  attrs.revenue = 50;
  assert_int_equal(vs_org_add_unit(org, "T", VS_KIND_TEAM, &attrs, NULL), 3);
  assert_close(vs_org_get_unit_revenue(org, 3), 0, 0);
  assert_int_equal(vs_org_get_n_notes(org), 1);
  assert_non_null(strstr(vs_org_get_note(org, 0), "not a customer"));
}

static void
test_closed_loop(void **state)
{
  VsOrg *org = *state;
  VsUnitAttrs own = VS_UNIT_ATTRS_INIT;
  GError *error = NULL;

  vs_org_add_unit(org, "P", VS_KIND_TEAM, NULL, NULL);
  vs_org_add_unit(org, "Q", VS_KIND_TEAM, NULL, NULL);
  vs_org_add_handoff(org, "P", "Q", NULL, NULL);
  vs_org_add_handoff(org, "Q", "P", NULL, NULL);
  vs_org_add_handoff(org, "Q", "X", NULL, NULL);
  assert_false(vs_org_validate(org, &error));
  assert_error(error, VS_ERROR_INVALID, "closed loop", "P, Q");
  assert_null(vs_analysis_new(org, NULL, &error));
  assert_error(error, VS_ERROR_INVALID, "closed loop");

  /* An outside input opens it... */
  vs_org_add_handoff(org, "A", "P", NULL, NULL);
  assert_true(vs_org_validate(org, &error));
  assert_null(error);

  /* ...and so does an own share. */
  own.own_share = 0.1;
  vs_org_add_unit(org, "R", VS_KIND_TEAM, &own, NULL);
  vs_org_add_unit(org, "S", VS_KIND_TEAM, NULL, NULL);
  vs_org_add_handoff(org, "R", "S", NULL, NULL);
  vs_org_add_handoff(org, "S", "R", NULL, NULL);
  assert_true(vs_org_validate(org, &error));
}

/* ---- vs_org_write_csv_dir() ----------------------------------------------- */

static int
compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names in @dir, sorted and joined with spaces. */
static char *
list_dir(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *e;

  assert_non_null(d);
  while ((e = g_dir_read_name(d)) != NULL)
    g_ptr_array_add(names, g_strdup(e));
  g_ptr_array_sort(names, compare_names);
  g_ptr_array_add(names, NULL);
  return g_strjoinv(" ", (char **)names->pdata);
}

static void
remove_org(const char *dir)
{
  static const char *const files[] = {"units.csv", "handoffs.csv", "surveys.csv", "notes.txt"};
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *path = g_build_filename(dir, files[i], NULL);
    g_remove(path);
  }
  g_rmdir(dir);
}

static void
assert_same_org(const VsOrg *a, const VsOrg *b)
{
  assert_int_equal(vs_org_get_n_units(a), vs_org_get_n_units(b));
  for (gsize u = 0; u < vs_org_get_n_units(a); u++) {
    assert_string_equal(vs_org_get_unit_id(a, u), vs_org_get_unit_id(b, u));
    assert_string_equal(vs_org_get_unit_name(a, u), vs_org_get_unit_name(b, u));
    assert_true(g_strcmp0(vs_org_get_unit_group(a, u), vs_org_get_unit_group(b, u)) == 0);
    assert_int_equal(vs_org_get_unit_kind(a, u), vs_org_get_unit_kind(b, u));
    assert_true(vs_org_get_unit_revenue(a, u) == vs_org_get_unit_revenue(b, u));
    assert_true(isnan(vs_org_get_unit_own_share(a, u))
                    ? isnan(vs_org_get_unit_own_share(b, u))
                    : vs_org_get_unit_own_share(a, u) == vs_org_get_unit_own_share(b, u));
    assert_true(isnan(vs_org_get_unit_headcount(a, u))
                    ? isnan(vs_org_get_unit_headcount(b, u))
                    : vs_org_get_unit_headcount(a, u) == vs_org_get_unit_headcount(b, u));
    assert_true(vs_org_get_unit_cost(a, u) == vs_org_get_unit_cost(b, u)); /* exactly */
  }
  assert_int_equal(vs_org_get_n_handoffs(a), vs_org_get_n_handoffs(b));
  for (gsize h = 0; h < vs_org_get_n_handoffs(a); h++) {
    double x[] = {vs_org_get_handoff_weight(a, h), vs_org_get_handoff_score(a, h),
                  vs_org_get_handoff_volume(a, h), vs_org_get_handoff_lead_time(a, h)};
    double y[] = {vs_org_get_handoff_weight(b, h), vs_org_get_handoff_score(b, h),
                  vs_org_get_handoff_volume(b, h), vs_org_get_handoff_lead_time(b, h)};
    assert_int_equal(vs_org_get_handoff_from(a, h), vs_org_get_handoff_from(b, h));
    assert_int_equal(vs_org_get_handoff_to(a, h), vs_org_get_handoff_to(b, h));
    assert_true(
        g_strcmp0(vs_org_get_handoff_deliverable(a, h), vs_org_get_handoff_deliverable(b, h)) == 0);
    for (guint i = 0; i < G_N_ELEMENTS(x); i++)
      assert_true(isnan(x[i]) ? isnan(y[i]) : x[i] == y[i]); /* exactly */
  }
  assert_int_equal(vs_org_get_n_survey_responses(a), vs_org_get_n_survey_responses(b));
  for (gsize i = 0; i < vs_org_get_n_survey_responses(a); i++) {
    VsSurveyResponse r, t;
    vs_org_get_survey_response(a, i, &r);
    vs_org_get_survey_response(b, i, &t);
    assert_string_equal(r.period, t.period);
    assert_string_equal(r.respondent, t.respondent);
    assert_string_equal(r.provider, t.provider);
    assert_true(r.score == t.score && r.scale_min == t.scale_min && r.scale_max == t.scale_max);
  }
}

static void
test_write_round_trip(void **state)
{
  VsOrg *org = *state; /* A team, B supplier, X customer */
  VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
  VsHandoffAttrs h = VS_HANDOFF_ATTRS_INIT;
  VsSurveyResponse r = VS_SURVEY_RESPONSE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_dir_make_tmp("test-org-XXXXXX", &error);
  g_autofree char *out = g_build_filename(parent, "org", NULL);
  g_autofree char *names = NULL;
  g_autoptr(VsOrg) back = NULL;
  g_autoptr(VsOrg) plain = vs_org_new();

  assert_non_null(parent);
  attrs.name = "Sales, \"North\"";
  attrs.group = " front office";
  attrs.own_share = 0.1;
  attrs.headcount = 7;
  attrs.cost = 1e6 / 3.0; /* no short decimal: must still read back exactly */
  assert_true(vs_org_add_unit(org, "D, the team", VS_KIND_TEAM, &attrs, &error) >= 0);
  attrs = (VsUnitAttrs)VS_UNIT_ATTRS_INIT;
  attrs.cost = 12500.25;
  assert_true(vs_org_add_unit(org, "V", VS_KIND_SUPPLIER, &attrs, &error) >= 0);
  attrs.cost = 0;
  assert_true(vs_org_add_unit(org, "W", VS_KIND_TEAM, &attrs, &error) >= 0);
  h.deliverable = "specs\nand plans";
  h.weight = 0.3;
  h.volume = 12;
  h.lead_time_days = 1.0 / 3.0;
  assert_true(vs_org_add_handoff(org, "B", "A", &h, &error) >= 0);
  h = (VsHandoffAttrs)VS_HANDOFF_ATTRS_INIT;
  h.score = 0.85;
  assert_true(vs_org_add_handoff(org, "A", "D, the team", &h, &error) >= 0);
  assert_true(vs_org_add_handoff(org, "D, the team", "X", NULL, &error) >= 0);
  r.period = "2026-Q1";
  r.respondent = "D, the team";
  r.provider = "A";
  r.score = 7.5;
  r.scale_max = 10;
  assert_true(vs_org_add_survey_response(org, &r, &error));

  assert_true(vs_org_write_csv_dir(org, out, &error));
  assert_null(error);
  names = list_dir(out);
  assert_string_equal(names, "handoffs.csv surveys.csv units.csv");
  back = vs_load(out, &error);
  assert_non_null(back);
  assert_same_org(org, back);

  /* Written again over the old output, also when named with a slash; an
   * org without survey answers writes no surveys.csv. */
  assert_true(vs_org_add_unit(plain, "A", VS_KIND_TEAM, NULL, &error) >= 0);
  assert_true(vs_org_add_unit(plain, "X", VS_KIND_CUSTOMER, NULL, &error) >= 0);
  assert_true(vs_org_add_handoff(plain, "A", "X", NULL, &error) >= 0);
  g_clear_pointer(&names, g_free);
  names = g_strconcat(out, "/", NULL);
  assert_false(vs_org_write_csv_dir(plain, names, &error)); /* would drop surveys.csv */
  assert_error(error, VS_ERROR_IO, "surveys.csv", "refusing to replace");
  assert_true(vs_org_write_csv_dir(org, names, &error));
  g_clear_pointer(&names, g_free);
  names = list_dir(parent);
  assert_string_equal(names, "org");
  g_clear_pointer(&back, vs_org_free);
  back = vs_load(out, &error);
  assert_non_null(back);
  assert_same_org(org, back);
  remove_org(out);
  assert_true(vs_org_write_csv_dir(plain, out, &error));
  g_clear_pointer(&names, g_free);
  names = list_dir(out);
  assert_string_equal(names, "handoffs.csv units.csv");
  g_clear_pointer(&back, vs_org_free);
  back = vs_load(out, &error);
  assert_non_null(back);
  assert_same_org(plain, back);
  remove_org(out);
  g_rmdir(parent);
}

static void
test_write_errors(void **state)
{
  VsOrg *org = *state;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_dir_make_tmp("test-org-XXXXXX", &error);
  g_autofree char *out = g_build_filename(parent, "org", NULL);
  g_autofree char *missing = g_build_filename(parent, "no", "such", "org", NULL);
  g_autofree char *file = g_build_filename(parent, "file", NULL);
  g_autofree char *below_file = g_build_filename(file, "org", NULL);
  g_autofree char *notes = g_build_filename(out, "notes.txt", NULL);
  g_autofree char *units = g_build_filename(out, "units.csv", NULL);
  g_autofree char *names = NULL, *text = NULL;

  assert_non_null(parent);
  assert_true(vs_org_add_handoff(org, "B", "A", NULL, &error) >= 0);
  /* a parent that does not exist, or is a file */
  assert_false(vs_org_write_csv_dir(org, missing, &error));
  assert_error(error, VS_ERROR_IO, "temporary directory");
  assert_true(g_file_set_contents(file, "keep", -1, &error));
  assert_false(vs_org_write_csv_dir(org, below_file, &error));
  assert_error(error, VS_ERROR_IO, "file");
  assert_false(vs_org_write_csv_dir(org, file, &error));
  assert_error(error, VS_ERROR_IO, "not a directory");
  names = list_dir(parent);
  assert_string_equal(names, "file");
  /* a directory with someone else's file: refused, untouched */
  assert_true(g_mkdir(out, 0755) == 0);
  assert_true(g_file_set_contents(notes, "mine", -1, &error));
  assert_true(g_file_set_contents(units, "old", -1, &error));
  assert_false(vs_org_write_csv_dir(org, out, &error));
  assert_error(error, VS_ERROR_IO, "notes.txt", "refusing to replace");
  assert_true(g_file_get_contents(units, &text, NULL, &error));
  assert_string_equal(text, "old");
  g_clear_pointer(&names, g_free);
  names = list_dir(out);
  assert_string_equal(names, "notes.txt units.csv");
  /* a parent this process may not write to (root may write anywhere) */
  remove_org(out);
  if (geteuid() != 0) {
    assert_true(g_chmod(parent, 0500) == 0);
    assert_false(vs_org_write_csv_dir(org, out, &error));
    assert_error(error, VS_ERROR_IO, "temporary directory");
    assert_true(g_chmod(parent, 0700) == 0);
  }
  g_clear_pointer(&names, g_free);
  names = list_dir(parent);
  assert_string_equal(names, "file");
  g_unlink(file);
  g_rmdir(parent);
}

static void
test_kind_names(void **state)
{
  VsKind k;
  assert_string_equal(vs_kind_name(VS_KIND_SUPPLIER), "supplier");
  assert_null(vs_kind_name((VsKind)9));
  assert_true(vs_kind_from_name("customer", &k));
  assert_int_equal(k, VS_KIND_CUSTOMER);
  assert_false(vs_kind_from_name("Customer", &k));
  assert_non_null(vs_version_string());
  assert_string_equal(vs_version_string(), VS_VERSION_STRING);
}

static void
test_free_accepts_null(void **state)
{
  vs_org_free(NULL);
  vs_analysis_free(NULL);
  vs_free(NULL);
  vs_error_free(NULL);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_units_and_attributes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unit_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unit_costs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unit_attrs_by_position, setup, teardown),
      cmocka_unit_test_setup_teardown(test_handoff_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_handoffs_and_parallel, setup, teardown),
      cmocka_unit_test_setup_teardown(test_survey_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_notes_for_ignored_values, setup, teardown),
      cmocka_unit_test_setup_teardown(test_closed_loop, setup, teardown),
      cmocka_unit_test_setup_teardown(test_write_round_trip, setup, teardown),
      cmocka_unit_test_setup_teardown(test_write_errors, setup, teardown),
      cmocka_unit_test(test_kind_names),
      cmocka_unit_test(test_free_accepts_null),
  };
  return cmocka_run_group_tests_name("org", tests, NULL, NULL);
}
