/* valuestream tests - soak: many rounds of the whole decide-then-measure
 * cycle in one process, and resident memory that stays flat.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each round loads the bundled sample, Acme (examples/data/acme, CSV),
 * analyses it, builds a list of scenarios in code (vs_scenarios_new(),
 * vs_scenarios_add(), vs_scenarios_add_change()), applies and compares each
 * one, makes a 5-step plan, compares the org as of an earlier survey
 * period with today's, writes the report, the what-if, the plan and the
 * diff to strings, and frees everything. Every string must equal round
 * 1's, and the resident set (/proc/self/statm) after the last round must
 * be within 1% of what it was after round N/10: a leak of even a few bytes
 * a round, or a cache that grows, shows there.
 *
 * VS_SOAK_ROUNDS=N sets the rounds (default 2000: about half a minute on
 * a loaded CI machine; the figure is 10,000). Under a sanitizer
 * (AddressSanitizer keeps freed memory in quarantine, so RSS grows by
 * design) the rounds still run and the strings are still compared, but
 * the RSS check is skipped, and the output says so (under valgrind too). VS_TEST_SMALL (set by
 * CI's sanitizer job) makes the default 200. */
#include "vs-test.h"

#include <gio/gio.h>
#include <stdio.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define VS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
    __has_feature(memory_sanitizer)
#define VS_SANITIZED 1
#endif
#endif
#ifndef VS_SANITIZED
#define VS_SANITIZED 0
#endif

#define DEFAULT_ROUNDS 2000
#define SMALL_ROUNDS 200
#define PLAN_STEPS 5
#define EARLIER_PERIOD "2026-Q1" /* Acme's surveys run 2025-Q3 .. 2026-Q3 */
#define RSS_TOLERANCE 0.01

/* The results of one round, as strings. */
typedef struct {
  char *report, *whatif, *plan, *diff;
} Results;

static void
results_clear(Results *r)
{
  g_clear_pointer(&r->report, vs_free);
  g_clear_pointer(&r->whatif, g_free);
  g_clear_pointer(&r->plan, vs_free);
  g_clear_pointer(&r->diff, g_free);
}

/* Resident set size in bytes, from /proc/self/statm (its second field,
 * in pages). With glibc, free memory the allocator keeps is handed back
 * first (malloc_trim): what stays resident is memory in use, so a leak
 * shows and a heap that happened to grow a step does not. */
static guint64
resident_bytes(void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

#ifdef __GLIBC__
  malloc_trim(0);
#endif

  if (!g_file_get_contents("/proc/self/statm", &text, NULL, NULL))
    return 0;
  fields = g_strsplit(text, " ", 3);
  if (g_strv_length(fields) < 2)
    return 0;
  return g_ascii_strtoull(fields[1], NULL, 10) * (guint64)sysconf(_SC_PAGESIZE);
}

/* ---- the scenarios, in code, with Acme's ids ----------------------------------- */

static void
add_change(VsScenarios *s, gssize index, const VsChange *change)
{
  g_autoptr(GError) error = NULL;

  assert_true(index >= 0);
  if (!vs_scenarios_add_change(s, (gsize)index, change, &error)) {
    print_error("%s\n", error->message);
    fail();
  }
}

static gssize
add_scenario(VsScenarios *s, const char *name)
{
  g_autoptr(GError) error = NULL;
  gssize i = vs_scenarios_add(s, name, &error);

  if (i < 0) {
    print_error("%s\n", error->message);
    fail();
  }
  return i;
}

static VsScenarios *
acme_scenarios(void)
{
  VsScenarios *s = vs_scenarios_new();
  gssize i;

  {
    VsChange c = VS_CHANGE_INIT;
    i = add_scenario(s, "QA fixed");
    c.action = VS_ACTION_FIX;
    c.unit = "qa";
    add_change(s, i, &c);
  }
  {
    VsChange c = VS_CHANGE_INIT;
    i = add_scenario(s, "CloudCo outage");
    c.action = VS_ACTION_OUTAGE;
    c.unit = "cloudco";
    add_change(s, i, &c);
  }
  {
    VsChange c = VS_CHANGE_INIT;
    i = add_scenario(s, "Internal Comms disbanded");
    c.action = VS_ACTION_REMOVE_UNIT;
    c.unit = "comms";
    add_change(s, i, &c);
  }
  {
    VsChange remove = VS_CHANGE_INIT, add = VS_CHANGE_INIT;
    i = add_scenario(s, "Knowledge base to Support Tier 2");
    remove.action = VS_ACTION_REMOVE_HANDOFF;
    remove.from = "docs";
    remove.to = "support-l1";
    remove.deliverable = "knowledge base";
    add_change(s, i, &remove);
    add.action = VS_ACTION_ADD_HANDOFF;
    add.from = "docs";
    add.to = "support-l2";
    add.deliverable = "knowledge base";
    add.weight = 1;
    add.score = 0.9;
    add_change(s, i, &add);
  }
  {
    VsChange score = VS_CHANGE_INIT, set = VS_CHANGE_INIT;
    i = add_scenario(s, "Security sign-off sped up, at a cost");
    score.action = VS_ACTION_SCORE;
    score.from = "security";
    score.to = "release";
    score.score = 0.95;
    add_change(s, i, &score);
    set.action = VS_ACTION_SET;
    set.unit = "security";
    set.cost = 70000;
    add_change(s, i, &set);
  }
  {
    VsChange set = VS_CHANGE_INIT;
    i = add_scenario(s, "TempStaff taken in-house");
    set.action = VS_ACTION_SET;
    set.unit = "tempstaff";
    set.kind = VS_KIND_TEAM;
    set.name = "Support Agents";
    set.group = "customer-success";
    set.cost = 90000;
    add_change(s, i, &set);
  }
  return s;
}

/* ---- one round -------------------------------------------------------------------- */

static char *
stream_to_string(GOutputStream *mem)
{
  assert_true(g_output_stream_write_all(mem, "", 1, NULL, NULL, NULL));
  assert_true(g_output_stream_close(mem, NULL, NULL));
  return g_memory_output_stream_steal_data(G_MEMORY_OUTPUT_STREAM(mem));
}

#define assert_no_error(ok, error)                                                                 \
  do {                                                                                             \
    if (!(ok)) {                                                                                   \
      print_error("%s\n", (error) != NULL ? (error)->message : "failed");                          \
      fail();                                                                                      \
    }                                                                                              \
  } while (0)

static void
round_trip(const char *dir, Results *out)
{
  VsReportOptions report_options = VS_REPORT_OPTIONS_INIT;
  VsAnalysisOptions earlier = VS_ANALYSIS_OPTIONS_INIT;
  VsPlanOptions plan_options = VS_PLAN_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsOrg) org = NULL;
  g_autoptr(VsAnalysis) now = NULL, then = NULL;
  g_autoptr(VsScenarios) scenarios = NULL;
  g_autoptr(VsPlan) plan = NULL;
  g_autoptr(VsComparison) diff = NULL;
  g_autoptr(GPtrArray) analyses = g_ptr_array_new_with_free_func((GDestroyNotify)vs_analysis_free);
  g_autoptr(GPtrArray) comparisons =
      g_ptr_array_new_with_free_func((GDestroyNotify)vs_comparison_free);
  g_autoptr(GOutputStream) whatif_out = g_memory_output_stream_new_resizable();
  g_autoptr(GOutputStream) diff_out = g_memory_output_stream_new_resizable();

  report_options.pretty = FALSE;
  org = vs_load(dir, &error);
  assert_no_error(org != NULL, error);
  now = vs_analysis_new(org, NULL, &error);
  assert_no_error(now != NULL, error);
  out->report = vs_report_dup_string(now, VS_REPORT_JSON, &report_options, NULL, &error);
  assert_no_error(out->report != NULL, error);

  /* what-if: every scenario against today's analysis */
  scenarios = acme_scenarios();
  for (gsize i = 0; i < vs_scenarios_get_n(scenarios); i++) {
    g_autoptr(VsOrg) changed = vs_scenarios_apply(scenarios, i, org, NULL, &error);
    VsAnalysis *a;
    VsComparison *c;
    assert_no_error(changed != NULL, error);
    a = vs_analysis_new(changed, NULL, &error);
    assert_no_error(a != NULL, error);
    g_ptr_array_add(analyses, a);
    c = vs_comparison_new(now, a, &error);
    assert_no_error(c != NULL, error);
    g_ptr_array_add(comparisons, c);
  }
  assert_no_error(vs_report_write_whatif(scenarios, (const VsComparison *const *)comparisons->pdata,
                                         VS_REPORT_JSON, &report_options, whatif_out, NULL, &error),
                  error);
  out->whatif = stream_to_string(whatif_out);

  /* the plan */
  plan_options.steps = PLAN_STEPS;
  plan = vs_plan_new(now, &plan_options, &error);
  assert_no_error(plan != NULL, error);
  out->plan = vs_report_dup_plan_string(plan, VS_REPORT_JSON, &report_options, NULL, &error);
  assert_no_error(out->plan != NULL, error);

  /* the diff: the same org as of an earlier period, against today */
  earlier.as_of = EARLIER_PERIOD;
  then = vs_analysis_new(org, &earlier, &error);
  assert_no_error(then != NULL, error);
  diff = vs_comparison_new(then, now, &error);
  assert_no_error(diff != NULL, error);
  assert_no_error(
      vs_report_write_diff(diff, VS_REPORT_JSON, &report_options, diff_out, NULL, &error), error);
  out->diff = stream_to_string(diff_out);
}

static void
assert_same(const char *got, const char *want, const char *what, guint round)
{
  if (strcmp(got, want) != 0) {
    print_error("round %u: the %s differs from round 1's\n", round, what);
    fail();
  }
}

/* ---- the test ------------------------------------------------------------------------ */

static void
test_rounds_keep_memory_flat(void **state)
{
  const char *env = g_getenv("VS_SOAK_ROUNDS");
  guint rounds = g_getenv("VS_TEST_SMALL") != NULL ? SMALL_ROUNDS : DEFAULT_ROUNDS;
  g_autofree char *dir = vs_test_path("../../examples/data/acme");
  Results first = {0};
  guint64 rss_tenth = 0, rss_last;
  guint tenth;
  gint64 start = g_get_monotonic_time();
  double seconds, change;
  GString *curve = g_string_new(NULL);
  const char *preload = g_getenv("LD_PRELOAD");
  gboolean valgrind = preload != NULL && strstr(preload, "vgpreload") != NULL;

  if (env != NULL && g_ascii_strtoull(env, NULL, 10) > 0)
    rounds = (guint)g_ascii_strtoull(env, NULL, 10);
  tenth = MAX(rounds / 10, 1);
  round_trip(dir, &first);
  /* the what-if compares every scenario; the plan has its steps; the
   * diff sees the survey answers after the earlier period */
  assert_non_null(strstr(first.whatif, "\"TempStaff taken in-house\""));
  assert_non_null(strstr(first.plan, "\"steps\""));
  assert_non_null(strstr(first.diff, "\"rescored\""));
  if (tenth == 1)
    rss_tenth = resident_bytes();
  for (guint r = 2; r <= rounds; r++) {
    Results res = {0};
    round_trip(dir, &res);
    assert_same(res.report, first.report, "JSON report", r);
    assert_same(res.whatif, first.whatif, "what-if JSON", r);
    assert_same(res.plan, first.plan, "plan JSON", r);
    assert_same(res.diff, first.diff, "diff JSON", r);
    results_clear(&res);
    if (r == tenth)
      rss_tenth = resident_bytes();
    if (r % tenth == 0) /* the curve, for a person reading the log */
      g_string_append_printf(curve, " %.2f", (double)resident_bytes() / 1048576.0);
  }
  rss_last = resident_bytes();
  seconds = (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
  results_clear(&first);
  change = rss_tenth > 0 ? ((double)rss_last - (double)rss_tenth) / (double)rss_tenth : 0;
  printf("soak: %u rounds of load, analyse, what-if (6 scenarios), plan (%d steps), diff "
         "(as of " EARLIER_PERIOD " vs today), each written to a string, in %.1f s "
         "(%.2f ms a round)\n"
         "soak: RSS after round %u: %.2f MB; after round %u: %.2f MB (%+.2f%%)\n",
         rounds, PLAN_STEPS, seconds, 1e3 * seconds / rounds, tenth, (double)rss_tenth / 1048576.0,
         rounds, (double)rss_last / 1048576.0, 100 * change);
  printf("soak: RSS (MB) every %u rounds:%s\n", tenth, curve->str);
  g_string_free(curve, TRUE);
  if (VS_SANITIZED || valgrind) {
    printf("soak: %s, which keeps freed memory aside: RSS not checked\n",
           valgrind ? "under valgrind" : "built with a sanitizer");
    return;
  }
  assert_true(rss_tenth > 0 && rss_last > 0);
  if (change > RSS_TOLERANCE) {
    print_error("RSS grew by %.2f%% between round %u and round %u (more than %.0f%%)\n",
                100 * change, tenth, rounds, 100 * RSS_TOLERANCE);
    fail();
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rounds_keep_memory_flat),
  };
  return cmocka_run_group_tests_name("soak", tests, NULL, NULL);
}
