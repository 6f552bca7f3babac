/* valuestream tests - decide, then measure: what-if scenarios (SPEC 8)
 * and comparisons (SPEC 10). Golden numbers come from SPEC 11; the
 * hostile scenario files of tests/data/scenarios-bad are checked against
 * their manifest (argv[1]: that folder, argv[2]: the large cases' folder).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "vs-test.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

static const char *bad_dir, *bad_large_dir;

static VsOrg *
load_costs(void)
{
  g_autofree char *dir = vs_test_path("spec-costs");
  GError *error = NULL;
  VsOrg *org = vs_load(dir, &error);
  assert_null(error);
  return org;
}

static VsScenarios *
load_scenarios(const char *name)
{
  g_autofree char *path = g_build_filename(VS_TEST_DATA, "spec-whatif", name, NULL);
  GError *error = NULL;
  VsScenarios *s = vs_scenarios_load(path, &error);
  assert_null(error);
  return s;
}

/* Scenario @i applied to @org and analysed. */
static VsAnalysis *
analyse_scenario(const VsScenarios *s, gsize i, const VsOrg *org)
{
  GError *error = NULL;
  g_autoptr(VsOrg) changed = vs_scenarios_apply(s, i, org, NULL, &error);
  VsAnalysis *a;

  assert_null(error);
  a = vs_analysis_new(changed, NULL, &error);
  assert_null(error);
  return a;
}

/* The what-if report of @s on @org in @format; NULL with @error set when
 * the writer fails. */
static char *
whatif_string(const VsScenarios *s, const VsOrg *org, VsReportFormat format, GError **out_error)
{
  g_autoptr(VsAnalysis) base = vs_analysis_new(org, NULL, NULL);
  gsize n = vs_scenarios_get_n(s);
  g_autoptr(GPtrArray) as = g_ptr_array_new_with_free_func((GDestroyNotify)vs_analysis_free);
  g_autoptr(GPtrArray) cs = g_ptr_array_new_with_free_func((GDestroyNotify)vs_comparison_free);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable();
  GError *error = NULL;

  for (gsize i = 0; i < n; i++) {
    VsAnalysis *a = analyse_scenario(s, i, org);
    g_ptr_array_add(as, a);
    g_ptr_array_add(cs, vs_comparison_new(base, a, &error));
    assert_null(error);
  }
  if (!vs_report_write_whatif(s, (const VsComparison *const *)cs->pdata, format, NULL, mem, NULL,
                              out_error))
    return NULL;
  assert_true(g_output_stream_write_all(mem, "", 1, NULL, NULL, NULL));
  assert_true(g_output_stream_close(mem, NULL, NULL));
  return g_memory_output_stream_steal_data(G_MEMORY_OUTPUT_STREAM(mem));
}

static char *
whatif_json(const VsScenarios *s, const VsOrg *org)
{
  GError *error = NULL;
  char *out = whatif_string(s, org, VS_REPORT_JSON, &error);

  assert_null(error);
  return out;
}

/* text, CSV and HTML of SPEC 11's scenarios: the headline numbers, the
 * CSV's header and a row, a well-formed page's parts; DOT and unknown
 * formats are refused. */
static void
test_formats(void **state)
{
  g_autoptr(VsOrg) org = load_costs();
  g_autoptr(VsScenarios) s = load_scenarios("scenarios.json");
  GError *error = NULL;
  g_autofree char *text = whatif_string(s, org, VS_REPORT_TEXT, &error);
  g_autofree char *csv = whatif_string(s, org, VS_REPORT_CSV, &error);
  g_autofree char *html = whatif_string(s, org, VS_REPORT_HTML, &error);

  (void)state;
  assert_null(error);
  assert_non_null(strstr(text, "Scenario 2: \"Delivery outage\"\n"
                               "  Revenue at risk: 298.37 -> 810.00 (+511.63, +171.5%)\n"));
  assert_non_null(strstr(text, "Revenue at risk: 298.37 -> 620.00 (+321.63, +107.8%)"));
  assert_non_null(strstr(text, "stranded 80.00 -> 0.00"));
  assert_true(g_str_has_prefix(csv, "scenario,kind,id,name,status,from,to,deliverable,value,"
                                    "before,after,delta\r\n"));
  assert_non_null(strstr(csv, "\r\nDelivery outage,summary,,,,,,,revenue_at_risk,"));
  assert_non_null(strstr(csv, ",handoff,,,added,B,D,forecasts,,,,\r\n"));
  assert_true(g_str_has_prefix(html, "<!DOCTYPE html>"));
  assert_non_null(strstr(html, "<h2 id=\"scenario-1\">1. Data&#39;s metrics fixed</h2>"));
  assert_true(g_str_has_suffix(html, "</html>\n"));
  assert_null(whatif_string(s, org, VS_REPORT_DOT, &error));
  assert_int_equal(error->code, VS_ERROR_INVALID);
  assert_non_null(strstr(error->message, "dot"));
  g_clear_error(&error);
  assert_null(whatif_string(s, org, (VsReportFormat)99, &error));
  assert_int_equal(error->code, VS_ERROR_INVALID);
  assert_non_null(strstr(error->message, "unknown report format"));
  g_clear_error(&error);
}

/* SPEC 11's scenarios on the section 6 org, from both file formats. */
static void
test_spec_scenarios(void **state)
{
  static const double at_risk[] = {246.2790698, 810, 298.3720930, 620};
  g_autoptr(VsOrg) org = load_costs();
  g_autoptr(VsScenarios) json = load_scenarios("scenarios.json");
  g_autoptr(VsScenarios) csv = load_scenarios("scenarios.csv");
  g_autofree char *from_json = NULL, *from_csv = NULL;

  assert_int_equal(vs_scenarios_get_n(json), 6);
  assert_int_equal(vs_scenarios_get_n(csv), 6);
  assert_string_equal(vs_scenarios_get_name(csv, 4), "Platform to 0.95, Comms outsourced");
  assert_int_equal(vs_scenarios_get_n_changes(csv, 4), 2);
  for (gsize i = 0; i < G_N_ELEMENTS(at_risk); i++) {
    g_autoptr(VsAnalysis) a = analyse_scenario(json, i, org);
    assert_close(vs_analysis_get_total_at_risk(a), at_risk[i], 1e-6);
  }
  {
    /* remove_unit E: stranded cost 80 -> 0; A loses two flags */
    g_autoptr(VsAnalysis) base = vs_analysis_new(org, NULL, NULL);
    g_autoptr(VsAnalysis) a = analyse_scenario(json, 2, org);
    g_autoptr(VsComparison) c = vs_comparison_new(base, a, NULL);
    double before, after;
    gsize n;
    const guint32 *removed;
    assert_true(vs_comparison_get_figure(c, VS_FIGURE_STRANDED_COST, &before, &after));
    assert_close(before, 80, 1e-9);
    assert_close(after, 0, 1e-9);
    removed = vs_comparison_get_unit_flags(c, FALSE, &n);
    assert_int_equal(n, 5); /* A, B, C, D changed (exposure, fix); E removed */
    assert_int_equal(removed[0], VS_FLAG_POOR_SERVICE | VS_FLAG_CAPTIVE_POOR_SERVICE);
    assert_int_equal(vs_comparison_get_statuses(c, VS_COMPARED_UNITS, NULL)[4], VS_STATUS_REMOVED);
    assert_int_equal(vs_comparison_get_n(c, VS_COMPARED_HANDOFFS_REMOVED), 1);
  }
  from_json = whatif_json(json, org);
  from_csv = whatif_json(csv, org);
  assert_string_equal(from_json, from_csv);
}

static void
remove_org_dir(const char *tmp)
{
  static const char *const files[] = {"units.csv", "handoffs.csv", "surveys.csv"};
  g_autofree char *dir = g_build_filename(tmp, "org", NULL);

  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *path = g_build_filename(dir, files[i], NULL);
    g_unlink(path);
  }
  g_rmdir(dir);
  g_rmdir(tmp);
}

/* Applying leaves the original as it was, and the changed org written out
 * and loaded again analyses to the same numbers. */
static void
test_apply_round_trip(void **state)
{
  g_autoptr(VsOrg) org = load_costs();
  g_autoptr(VsScenarios) s = load_scenarios("scenarios.json");
  g_autoptr(VsAnalysis) base = vs_analysis_new(org, NULL, NULL);
  g_autofree char *before = vs_report_dup_string(base, VS_REPORT_JSON, NULL, NULL, NULL);
  g_autofree char *tmp = g_dir_make_tmp("vs-decide-XXXXXX", NULL);

  for (gsize i = 0; i < vs_scenarios_get_n(s); i++) {
    GError *error = NULL;
    g_autoptr(VsOrg) changed = vs_scenarios_apply(s, i, org, NULL, &error);
    g_autofree char *dir = g_build_filename(tmp, "org", NULL);
    g_autoptr(VsOrg) again = NULL;
    g_autoptr(VsAnalysis) a = NULL, b = NULL, now = NULL;
    g_autofree char *ja = NULL, *jb = NULL, *jnow = NULL;

    assert_non_null(changed);
    assert_true(vs_org_write_csv_dir(changed, dir, &error));
    again = vs_load(dir, &error);
    assert_null(error);
    a = vs_analysis_new(changed, NULL, NULL);
    b = vs_analysis_new(again, NULL, NULL);
    ja = vs_report_dup_string(a, VS_REPORT_JSON, NULL, NULL, NULL);
    jb = vs_report_dup_string(b, VS_REPORT_JSON, NULL, NULL, NULL);
    assert_string_equal(ja, jb);
    now = vs_analysis_new(org, NULL, NULL);
    jnow = vs_report_dup_string(now, VS_REPORT_JSON, NULL, NULL, NULL);
    assert_string_equal(before, jnow);
  }
  remove_org_dir(tmp);
}

/* A copy is independent; edits keep the id index and kinds consistent. */
static void
test_copy_and_set(void **state)
{
  g_autoptr(VsOrg) org = load_costs();
  g_autoptr(VsOrg) copy = vs_org_copy(org);
  g_autoptr(VsScenarios) s = vs_scenarios_new();
  g_autoptr(VsOrg) changed = NULL;
  VsChange c = VS_CHANGE_INIT;
  GError *error = NULL;

  assert_int_equal(vs_org_get_n_units(copy), 7);
  assert_int_equal(vs_org_get_n_survey_responses(copy), 8);
  assert_int_equal(vs_scenarios_add(s, "edit", &error), 0);
  c.action = VS_ACTION_REMOVE_UNIT;
  c.unit = "B";
  assert_true(vs_scenarios_add_change(s, 0, &c, &error));
  c = (VsChange)VS_CHANGE_INIT;
  c.action = VS_ACTION_SET;
  c.unit = "A";
  c.cleared = VS_CHANGE_NAME | VS_CHANGE_GROUP | VS_CHANGE_COST;
  c.kind = VS_KIND_SUPPLIER;
  assert_true(vs_scenarios_add_change(s, 0, &c, &error));
  c = (VsChange)VS_CHANGE_INIT;
  c.action = VS_ACTION_SCORE;
  c.from = "A";
  c.to = "C";
  c.deliverable = "platform";
  assert_true(vs_scenarios_add_change(s, 0, &c, &error)); /* no score: unrated */
  changed = vs_scenarios_apply(s, 0, org, NULL, &error);
  assert_null(error);
  assert_int_equal(vs_org_get_n_units(changed), 6);
  assert_int_equal(vs_org_get_n_survey_responses(changed), 0);
  assert_int_equal(vs_org_find_unit(changed, "X"), 4);
  assert_int_equal(vs_org_find_unit(changed, "B"), -1);
  assert_string_equal(vs_org_get_unit_name(changed, 0), "A");
  assert_null(vs_org_get_unit_group(changed, 0));
  assert_int_equal(vs_org_get_unit_kind(changed, 0), VS_KIND_SUPPLIER);
  assert_int_equal(vs_org_get_n_kind(changed, VS_KIND_SUPPLIER), 1);
  assert_true(vs_org_get_unit_cost(changed, 0) == 0);
  assert_true(isnan(vs_org_get_handoff_score(changed, 0)));
  /* the original and its copy are untouched */
  assert_int_equal(vs_org_get_n_units(org), 7);
  assert_string_equal(vs_org_get_unit_name(org, 0), "Platform");
  assert_close(vs_org_get_handoff_score(copy, 1), 0.9, 0);
}

/* fix reads the score in effect (surveys, as_of); a team turned customer
 * leaves units and joins customers. */
static void
test_fix_and_kind_change(void **state)
{
  static const char json[] =
      "{\"scenarios\": [{\"name\": \"fix B\", \"changes\": [{\"action\": \"fix\", \"unit\": "
      "\"B\", \"score\": 0.9}]}, {\"name\": \"E buys\", \"changes\": [{\"action\": \"set\", "
      "\"unit\": \"E\", \"kind\": \"customer\", \"revenue\": 50, \"group\": null}]}]}";
  g_autoptr(VsOrg) org = load_costs();
  g_autoptr(VsScenarios) s = vs_scenarios_load_json_data(json, -1, "t.json", NULL);
  VsAnalysisOptions q2 = VS_ANALYSIS_OPTIONS_INIT;
  GError *error = NULL;
  g_autoptr(VsOrg) today = vs_scenarios_apply(s, 0, org, NULL, &error);
  g_autoptr(VsOrg) then = NULL, bought = NULL;
  g_autoptr(VsAnalysis) base = vs_analysis_new(org, NULL, NULL), after = NULL;
  g_autoptr(VsComparison) c = NULL;
  gsize b_c = 2; /* B -> C metrics */
  const guint8 *status;
  gsize n;

  assert_non_null(s);
  assert_close(vs_org_get_handoff_score(today, b_c), 0.9, 0); /* 0.8 from surveys < 0.9 */
  q2.as_of = "2026-Q2"; /* 0.9333 then: left as it is, unrated */
  then = vs_scenarios_apply(s, 0, org, &q2, &error);
  assert_true(isnan(vs_org_get_handoff_score(then, b_c)));
  bought = vs_scenarios_apply(s, 1, org, NULL, &error);
  assert_null(error);
  assert_close(vs_org_get_unit_revenue(bought, 4), 50, 0);
  after = vs_analysis_new(bought, NULL, NULL);
  c = vs_comparison_new(base, after, &error);
  status = vs_comparison_get_statuses(c, VS_COMPARED_CUSTOMERS, &n);
  assert_int_equal(n, 3);
  assert_int_equal(status[2], VS_STATUS_ADDED);
  assert_int_equal(vs_comparison_get_rows(c, VS_COMPARED_CUSTOMERS, TRUE, NULL)[2], 4);
  status = vs_comparison_get_statuses(c, VS_COMPARED_UNITS, &n);
  assert_int_equal(status[n - 1], VS_STATUS_REMOVED);
  assert_int_equal(vs_comparison_get_rows(c, VS_COMPARED_UNITS, FALSE, NULL)[n - 1], 4);
}

/* A snapshot compared with itself changes nothing; SPEC 11 as of 2026-Q2. */
static void
test_compare_as_of(void **state)
{
  g_autoptr(VsOrg) org = load_costs();
  VsAnalysisOptions q2 = VS_ANALYSIS_OPTIONS_INIT, thin = VS_ANALYSIS_OPTIONS_INIT;
  g_autoptr(VsAnalysis) now = vs_analysis_new(org, NULL, NULL);
  g_autoptr(VsAnalysis) then = NULL, other = NULL;
  g_autoptr(VsComparison) self = vs_comparison_new(now, now, NULL), c = NULL;
  GError *error = NULL;
  double before, after;
  const double *scores;

  for (int l = 0; l < VS_N_COMPARED; l++)
    if (l != VS_COMPARED_CUSTOMERS)
      assert_int_equal(vs_comparison_get_n(self, (VsCompared)l), 0);
  assert_false(vs_comparison_get_figure(self, VS_FIGURE_REVENUE_AT_RISK, NULL, NULL));
  q2.as_of = "2026-Q2";
  then = vs_analysis_new(org, &q2, NULL);
  c = vs_comparison_new(then, now, &error);
  assert_true(vs_comparison_get_figure(c, VS_FIGURE_REVENUE_AT_RISK, &before, &after));
  assert_close(after - before, 34.7286822, 1e-6);
  assert_int_equal(vs_comparison_get_n(c, VS_COMPARED_HANDOFFS_RESCORED), 1);
  scores = vs_comparison_get_scores(c, TRUE, NULL);
  assert_close(scores[0] - vs_comparison_get_scores(c, FALSE, NULL)[0], -0.1333333, 1e-6);
  thin.poor_score = 0.5;
  other = vs_analysis_new(org, &thin, NULL);
  assert_null(vs_comparison_new(now, other, &error));
  assert_error(error, VS_ERROR_INVALID, "different options");
  assert_false(vs_comparison_value_changed(1000, 1000 + 1e-7, 1e3));
  assert_true(vs_comparison_value_changed(1, 1 + 1e-7, 0));
}

/* Two orgs of 10 customers and 60 teams whose handoffs go from lower
 * teams to higher ones and to customers, many of them parallel (few
 * targets, three deliverables): team t00 hands off 300 times (a row too
 * long to scan), the others 2 to 30 times. @after lists the units in
 * reverse, drops t30 (and its handoffs), adds t60, and keeps 9 in 10
 * handoffs of the before org, in reverse order within each team, some
 * rescored, with new ones among them. */
static VsOrg *
matching_org(gboolean after)
{
  static const char *const deliverables[] = {NULL, "a", "b"};
  static const double scores[] = {NAN, 0.5, 0.9};
  g_autoptr(GRand) rand = g_rand_new_with_seed(17);
  g_autoptr(GRand) changes = g_rand_new_with_seed(29);
  VsOrg *org = vs_org_new();
  GError *error = NULL;

  for (int i = 0; i < 71; i++) {
    int k = after ? 70 - i : i;
    g_autofree char *id = k < 10 ? g_strdup_printf("c%d", k) : g_strdup_printf("t%02d", k - 10);
    VsUnitAttrs u = VS_UNIT_ATTRS_INIT;
    if ((k == 40 && after) || (k == 70 && !after))
      continue;
    u.revenue = k < 10 ? 100.0 : NAN;
    vs_org_add_unit(org, id, k < 10 ? VS_KIND_CUSTOMER : VS_KIND_TEAM, &u, &error);
    assert_null(error);
  }
  for (int t = after ? 59 : 0; after ? t >= 0 : t < 60; t += after ? -1 : 1) {
    int n = t == 0 ? 300 : 2 + t % 29;
    g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < n; i++) {
      int target = (int)g_rand_int_range(rand, 0, 6);
      VsHandoffAttrs h = VS_HANDOFF_ATTRS_INIT;
      h.deliverable = deliverables[g_rand_int_range(rand, 0, 3)];
      h.score = scores[g_rand_int_range(rand, 0, 3)];
      if (after && g_rand_int_range(changes, 0, 10) == 0)
        continue; /* dropped */
      if (after && g_rand_int_range(changes, 0, 10) == 0)
        h.score = scores[g_rand_int_range(changes, 0, 3)];
      if (after && g_rand_int_range(changes, 0, 10) == 0)
        target = 5 - target; /* a new handoff instead */
      g_ptr_array_add(row, g_memdup2(&h, sizeof h));
      g_ptr_array_add(row, target < 3 || t == 59 ? g_strdup_printf("c%d", (t + target) % 10)
                                                 : g_strdup_printf("t%02d", MIN(59, t + target)));
    }
    for (guint i = 0; i < row->len; i += 2) {
      guint j = after ? row->len - 2 - i : i;
      g_autofree char *from = g_strdup_printf("t%02d", t);
      if (after && (t == 30 || strcmp(row->pdata[j + 1], "t30") == 0))
        continue; /* gone with t30 */
      vs_org_add_handoff(org, from, row->pdata[j + 1], row->pdata[j], &error);
      assert_null(error);
    }
  }
  if (after)
    vs_org_add_handoff(org, "t60", "c0", NULL, &error);
  assert_null(error);
  return org;
}

/* The key of handoff @h: from, to, deliverable ("" for none). */
static char *
handoff_key(const VsOrg *org, gsize h)
{
  const char *d = vs_org_get_handoff_deliverable(org, h);
  return g_strdup_printf("%s>%s>%s", vs_org_get_unit_id(org, vs_org_get_handoff_from(org, h)),
                         vs_org_get_unit_id(org, vs_org_get_handoff_to(org, h)), d ? d : "");
}

/* Handoffs matched by key, parallel ones in input order, as SPEC 10
 * says, by brute force (each before handoff against every after one):
 * the comparison's three lists of handoffs must be these. */
static void
test_compare_handoff_keys(void **state)
{
  g_autoptr(VsOrg) ob = matching_org(FALSE), oa = matching_org(TRUE);
  g_autoptr(VsAnalysis) b = vs_analysis_new(ob, NULL, NULL), a = vs_analysis_new(oa, NULL, NULL);
  g_autoptr(VsComparison) c = vs_comparison_new(b, a, NULL);
  gsize nb = vs_org_get_n_handoffs(ob), na = vs_org_get_n_handoffs(oa);
  g_autofree gint32 *match = g_new(gint32, nb);
  g_autofree gboolean *taken = g_new0(gboolean, na);
  const double *sb = vs_analysis_get_handoff_scores(b, NULL);
  const double *sa = vs_analysis_get_handoff_scores(a, NULL);
  g_autoptr(GArray) removed = g_array_new(FALSE, FALSE, sizeof(gint32));
  g_autoptr(GArray) rescored = g_array_new(FALSE, FALSE, sizeof(gint32));
  g_autoptr(GArray) added = g_array_new(FALSE, FALSE, sizeof(gint32));
  const GArray *lists[] = {added, removed, rescored};

  assert_non_null(c);
  for (gsize h = 0; h < nb; h++) {
    g_autofree char *key = handoff_key(ob, h);
    gint32 x = (gint32)h;
    match[h] = -1;
    for (gsize e = 0; e < na && match[h] < 0; e++) {
      g_autofree char *other = handoff_key(oa, e);
      if (!taken[e] && strcmp(key, other) == 0) {
        taken[e] = TRUE;
        match[h] = (gint32)e;
      }
    }
    if (match[h] < 0)
      g_array_append_val(removed, x);
    else if (vs_comparison_value_changed(sb[h], sa[match[h]], 0.0))
      g_array_append_val(rescored, x);
  }
  for (gsize e = 0; e < na; e++) {
    gint32 x = (gint32)e;
    if (!taken[e])
      g_array_append_val(added, x);
  }
  assert_true(removed->len > 30 && rescored->len > 30 && added->len > 30);
  for (int l = 0; l < 3; l++) {
    VsCompared which = (VsCompared)(VS_COMPARED_HANDOFFS_ADDED + l);
    gboolean after = which == VS_COMPARED_HANDOFFS_ADDED;
    const gint32 *rows = vs_comparison_get_rows(c, which, after, NULL);
    assert_int_equal(vs_comparison_get_n(c, which), lists[l]->len);
    for (guint i = 0; i < lists[l]->len; i++) {
      assert_int_equal(rows[i], g_array_index(lists[l], gint32, i));
      if (which == VS_COMPARED_HANDOFFS_RESCORED)
        assert_int_equal(vs_comparison_get_rows(c, which, TRUE, NULL)[i], match[rows[i]]);
    }
  }
}

static int
code_of(const char *name)
{
  static const char *const names[] = {"PARSE", "INVALID", "IO", "IGRAPH", "LIMIT"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (strcmp(name, names[i]) == 0)
      return (int)i + VS_ERROR_PARSE;
  fail_msg("unknown code %s", name);
  return -1;
}

/* Every hostile file of the manifest gives its error, loading or
 * applying, and nothing else. */
static void
test_hostile(void **state)
{
  g_autofree char *manifest = g_build_filename(bad_dir, "cases.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(VsOrg) org = load_costs();
  guint cases = 0;

  assert_true(g_file_get_contents(manifest, &text, NULL, NULL));
  lines = g_strsplit(text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    g_auto(GStrv) f = NULL;
    g_autofree char *path = NULL;
    g_autoptr(VsScenarios) s = NULL;
    GError *error = NULL;
    gboolean large;

    if (lines[i][0] == '#' || lines[i][0] == '\0')
      continue;
    f = g_strsplit(lines[i], "\t", 3);
    large = g_str_has_prefix(f[0], "large:");
    path = g_build_filename(large ? bad_large_dir : bad_dir, f[0] + (large ? 6 : 0), NULL);
    s = vs_scenarios_load(path, &error);
    for (gsize k = 0; s != NULL && error == NULL && k < vs_scenarios_get_n(s); k++) {
      VsOrg *changed = vs_scenarios_apply(s, k, org, NULL, &error);
      vs_org_free(changed);
    }
    if (error == NULL)
      fail_msg("%s: no error", f[0]);
    if (error->code != code_of(f[1]) || strstr(error->message, f[2]) == NULL)
      fail_msg("%s: got %d: %s", f[0], error->code, error->message);
    g_error_free(error);
    cases++;
  }
  assert_true(cases >= 40);
}

int
main(int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_spec_scenarios),       cmocka_unit_test(test_formats),
      cmocka_unit_test(test_apply_round_trip),     cmocka_unit_test(test_copy_and_set),
      cmocka_unit_test(test_fix_and_kind_change),  cmocka_unit_test(test_compare_as_of),
      cmocka_unit_test(test_compare_handoff_keys), cmocka_unit_test(test_hostile),
  };
  if (argc != 3) {
    fprintf(stderr, "usage: test-decide SCENARIOS_BAD_DIR LARGE_DIR\n");
    return 2;
  }
  bad_dir = argv[1];
  bad_large_dir = argv[2];
  return cmocka_run_group_tests_name("decide", tests, NULL, NULL);
}
