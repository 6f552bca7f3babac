/* valuestream fuzz targets: what the scenario targets share. Each input
 * that loads is applied, scenario by scenario, to a small org with loops,
 * surveys and costs (SPEC 11's), analysed, compared with the baseline and
 * written as the what-if JSON; the original must come out unchanged.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VS_FUZZ_SCENARIO_COMMON_H
#define VS_FUZZ_SCENARIO_COMMON_H

#include <gio/gio.h>

#include "fuzz.h"

/* Scenarios past this many are not applied: each costs analyses. */
#define VS_FUZZ_MAX_SCENARIOS 16

static VsOrg *
vs_fuzz_scenario_org(void)
{
  static const char json[] =
      "{\"units\": [{\"id\": \"A\", \"kind\": \"team\", \"group\": \"eng\", \"cost\": 120},"
      "{\"id\": \"B\", \"kind\": \"team\", \"group\": \"eng\", \"cost\": 90},"
      "{\"id\": \"C\", \"kind\": \"team\", \"cost\": 200},"
      "{\"id\": \"D\", \"kind\": \"team\", \"own_share\": 0.2, \"cost\": 150},"
      "{\"id\": \"E\", \"kind\": \"supplier\", \"cost\": 40},"
      "{\"id\": \"X\", \"kind\": \"customer\", \"revenue\": 600},"
      "{\"id\": \"Y\", \"kind\": \"customer\", \"revenue\": 400}],"
      "\"handoffs\": [{\"from\": \"A\", \"to\": \"B\", \"deliverable\": \"datasets\"},"
      "{\"from\": \"A\", \"to\": \"C\", \"deliverable\": \"platform\", \"score\": 0.9},"
      "{\"from\": \"B\", \"to\": \"C\", \"deliverable\": \"metrics\", \"weight\": 2},"
      "{\"from\": \"C\", \"to\": \"D\", \"deliverable\": \"releases\", \"score\": 0.7},"
      "{\"from\": \"D\", \"to\": \"C\", \"deliverable\": \"rework\"},"
      "{\"from\": \"D\", \"to\": \"X\", \"deliverable\": \"service\"},"
      "{\"from\": \"D\", \"to\": \"Y\", \"deliverable\": \"service\"},"
      "{\"from\": \"B\", \"to\": \"Y\", \"deliverable\": \"reports\", \"score\": 0.95},"
      "{\"from\": \"A\", \"to\": \"E\"}],"
      "\"surveys\": [{\"period\": \"2026-Q1\", \"respondent\": \"C\", \"provider\": \"B\", "
      "\"score\": 3.4}, {\"period\": \"2026-Q2\", \"respondent\": \"C\", \"provider\": \"B\", "
      "\"score\": 3.9}]}";
  static VsOrg *org;

  if (org == NULL)
    org = vs_load_json_data(json, -1, "fuzz-org.json", NULL);
  VS_FUZZ_ASSERT(org != NULL);
  return org;
}

/* Applies, analyses, compares and writes what @s holds; frees @s. */
static int
vs_fuzz_scenarios_loaded(VsScenarios *s, GError *error)
{
  VsOrg *org;
  VsAnalysis *base;
  gsize n, units, handoffs;
  GPtrArray *as, *cs;
  GOutputStream *mem;

  if (s == NULL) {
    vs_fuzz_check_error(error);
    return 0;
  }
  VS_FUZZ_ASSERT(error == NULL);
  org = vs_fuzz_scenario_org();
  units = vs_org_get_n_units(org);
  handoffs = vs_org_get_n_handoffs(org);
  base = vs_analysis_new(org, NULL, NULL);
  as = g_ptr_array_new_with_free_func((GDestroyNotify)vs_analysis_free);
  cs = g_ptr_array_new_with_free_func((GDestroyNotify)vs_comparison_free);
  n = MIN(vs_scenarios_get_n(s), VS_FUZZ_MAX_SCENARIOS);
  for (gsize i = 0; i < n; i++) {
    GError *e = NULL;
    VsOrg *changed = vs_scenarios_apply(s, i, org, NULL, &e);
    VsAnalysis *a;
    if (changed == NULL) {
      vs_fuzz_check_error(e);
      continue;
    }
    a = vs_analysis_new(changed, NULL, &e);
    vs_org_free(changed);
    VS_FUZZ_ASSERT(a != NULL); /* apply checked the whole-org rules */
    g_ptr_array_add(as, a);
    g_ptr_array_add(cs, vs_comparison_new(base, a, NULL));
  }
  VS_FUZZ_ASSERT(vs_org_get_n_units(org) == units && vs_org_get_n_handoffs(org) == handoffs);
  mem = g_memory_output_stream_new_resizable();
  for (guint i = 0; i < cs->len; i++) {
    GError *e = NULL;
    VS_FUZZ_ASSERT(vs_report_write_diff(cs->pdata[i], VS_REPORT_JSON, NULL, mem, NULL, &e));
  }
  g_object_unref(mem);
  g_ptr_array_free(cs, TRUE);
  g_ptr_array_free(as, TRUE);
  vs_analysis_free(base);
  vs_scenarios_free(s);
  return 0;
}

#endif /* VS_FUZZ_SCENARIO_COMMON_H */
