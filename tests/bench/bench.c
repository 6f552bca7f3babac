/* valuestream benchmark: load and analyse generated orgs of several sizes,
 * phase by phase, and compare with the NetworkX reference.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each size runs in a fresh child process (fork), so that its peak RSS
 * (getrusage) is its own and no run warms another's caches or heap. The
 * orgs come from `valuestream generate` (not timed) and are kept in the
 * work directory for the next run. Times are medians over --repeat runs;
 * RSS is the largest seen. Nothing here asserts a time: the numbers are
 * for people (tests/bench/README.md) and the smoke test only checks that
 * the table is complete.
 *
 * Decide, then measure (SPEC 8-10): after the reports, each run times a
 * what-if of one scenario of 10 changes built from the org's own ids
 * (applied, analysed, compared with the baseline), a 10-step plan, and a
 * diff of two snapshots (the org as of its second-to-last survey period
 * and today, both analysed, then compared); each beside load + full
 * analysis as a ratio.
 *
 * The Python rows (with --python): tests/bench/python_rows.py times the
 * bindings on the same org (vs.load, org.analyze, a.flagged, the pandas
 * frames, a plan), --repeat times, each in a fresh Python, against the
 * library and bindings of this build; printed after the C tables of the
 * size, beside Python's load + analyse. */
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "org-topology.h"

/* The rows of the table, in the order the work happens. */
enum {
  ROW_LOAD,      /* CSV parse, id index, columns, topology, validation */
  ROW_TOPOLOGY,  /* the part of ROW_LOAD that built the topology (not summed) */
  ROW_GRAPH,     /* the analysis's graph phase: the cached topology, closed-loop check */
  ROW_SIGHT,     /* breadth-first search from the customers */
  ROW_STRUCTURE, /* dominator trees, dependents, loops */
  ROW_SURVEYS,
  ROW_VALUES,   /* quality, exposure, fix value */
  ROW_COST,     /* cost to serve: the allocation's one pass (SPEC 7) */
  ROW_FINDINGS, /* risk, service, flags, groups, warnings */
  ROW_LISTS,    /* every unit's customers, path, chokepoints; critical units (in memory) */
  ROW_JSON,     /* the JSON report, shares omitted, to /dev/null */
  ROW_TEXT,     /* the text report, to /dev/null */
  ROW_WHATIF,   /* one scenario of 10 changes: apply, analyse, compare */
  ROW_PLAN,     /* a plan of 10 steps from the analysis */
  ROW_DIFF,     /* two snapshots: analyse both, compare */
  N_ROWS,
};
#define FIRST_DECISION ROW_WHATIF

static const char *const row_names[N_ROWS] = {
    "load (CSV, id index, columns, topology, checks)",
    "  of it: graph build (rows, components) [1]",
    "graph (reuse the topology, closed-loop check)",
    "line of sight (BFS from customers)",
    "structure (dominators, dependents, loops)",
    "surveys (trends, survey scores)",
    "quality and fix value (linear systems)",
    "cost to serve (allocation, SPEC 7)",
    "findings (risk, service, flags, groups)",
    "lists: customers, path, chokepoints (in memory)",
    "report: JSON, shares omitted",
    "report: text",
    "what-if: one scenario of 10 changes (apply + analyse + compare)",
    "plan: 10 steps",
    "diff: two snapshots (analyse both + compare)",
};

/* The issue's targets for the decisions, as multiples of load + full
 * analysis (printed beside the measured ratio, never asserted). */
static const double decision_targets[N_ROWS] = {
    [ROW_WHATIF] = 2.0,
    [ROW_PLAN] = 4.0,
    [ROW_DIFF] = 2.5,
};

#define SCENARIO_CHANGES 10
#define PLAN_STEPS 10

typedef struct {
  guint64 n, m;
  double cpu_seconds; /* user + sys of load + analysis + lists, every thread */
  /* the analysis's wall time: vs_analysis_new() (whose phases overlap:
   * the surveys run beside line of sight and structure, so they are not
   * summed), then the findings a large analysis makes on a thread of its
   * own after it returns, counted as if waited for at once */
  double analysis_seconds;
  /* load + analysis + lists, measured: from the load's start until the
   * lists and the findings (made beside the lists) are all done */
  double through_lists;
  double seconds[N_ROWS];
  glong rss_kb[N_ROWS];   /* peak RSS after the row's work */
  char as_of[32];         /* the diff's earlier snapshot: a survey period */
  double whatif_parts[3]; /* of ROW_WHATIF: apply, analyse, compare */
  double diff_parts[2];   /* of ROW_DIFF: the two analyses, compare */
  gboolean ok;
} Run;

static glong
peak_rss_kb(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static double
cpu_seconds(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double
since(gint64 start)
{
  return (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
}

static gboolean
report_to_null(const VsAnalysis *a, VsReportFormat format, GError **error)
{
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  int fd = g_open("/dev/null", O_WRONLY | O_CLOEXEC, 0);
  g_autoptr(GOutputStream) out = g_unix_output_stream_new(fd, TRUE);

  o.shares = VS_SHARES_NEVER;
  o.pretty = FALSE;
  return vs_report_write(a, format, &o, out, NULL, error);
}

/* Maps the analysis's phases onto the table's rows. */
static void
record_phases(Run *run, const VsAnalysis *a, double topology_seconds)
{
  static const struct {
    VsPhase phase;
    guint row;
  } map[] = {
      {VS_PHASE_GRAPH, ROW_GRAPH},         {VS_PHASE_LINE_OF_SIGHT, ROW_SIGHT},
      {VS_PHASE_STRUCTURE, ROW_STRUCTURE}, {VS_PHASE_SURVEYS, ROW_SURVEYS},
      {VS_PHASE_VALUES, ROW_VALUES},       {VS_PHASE_COST, ROW_COST},
      {VS_PHASE_FINDINGS, ROW_FINDINGS},
  };
  for (guint i = 0; i < G_N_ELEMENTS(map); i++)
    run->seconds[map[i].row] = vs_analysis_get_phase_seconds(a, map[i].phase);
  /* The loader validates the org, which builds the topology (beside the
   * survey parse, on the second core); the analysis reuses it. Shown as a
   * part of the load, not added to the totals. */
  run->seconds[ROW_TOPOLOGY] = topology_seconds;
}

/* Every per-unit and per-customer list of SPEC 4.2 and 4.4, as the JSON
 * report would ask for them, kept in memory only: the work the NetworkX
 * reference does for its lists. Returns their total length. */
static gsize
all_lists(const VsAnalysis *a)
{
  gsize n = vs_analysis_get_n_units(a), total = 0, len;

  for (gsize u = 0; u < n; u++) {
    g_free(vs_analysis_dup_unit_customers(a, u, &len));
    total += len;
    g_free(vs_analysis_dup_path(a, u, &len));
    total += len;
    g_free(vs_analysis_dup_chokepoints(a, u, &len));
    total += len;
    g_free(vs_analysis_dup_critical_units(a, u, &len));
    total += len;
  }
  return total;
}

/* ---- decide, then measure ------------------------------------------------------- */

/* A team whose handoffs all go to customers (or that hands off nothing):
 * removing it can leave no rework loop without work from outside. */
static gssize
leaf_team(const VsOrg *org, const guint32 *from, const guint32 *to, gsize m)
{
  gsize n = vs_org_get_n_units(org);
  g_autofree guint8 *inner = g_new0(guint8, n);

  for (gsize e = 0; e < m; e++)
    if (vs_org_get_unit_kind(org, to[e]) != VS_KIND_CUSTOMER)
      inner[from[e]] = 1;
  for (gsize u = n / 2; u < n; u++) /* from the middle: not the first ids used below */
    if (vs_org_get_unit_kind(org, u) == VS_KIND_TEAM && !inner[u])
      return (gssize)u;
  return -1;
}

/* One scenario of SCENARIO_CHANGES changes, from the org's own ids: fix
 * 3 teams, an outage of a supplier, a unit removed, two handoffs added and
 * one removed, a cost set, a score changed. Each change is one that cannot
 * make a closed loop (new handoffs leave a supplier or reach a customer;
 * the handoff removed reaches a customer; the unit removed hands off to
 * customers only). NULL when the org lacks such ids. */
static VsScenarios *
ten_changes(const VsOrg *org)
{
  const guint32 *from, *to;
  gsize m = vs_org_get_handoff_ends(org, &from, &to), n = vs_org_get_n_units(org);
  gssize removed = leaf_team(org, from, to, m), teams[4] = {-1, -1, -1, -1};
  gssize supplier = -1, customer = -1, to_customer = -1, between_teams = -1;
  guint n_teams = 0;
  g_autoptr(VsScenarios) s = vs_scenarios_new();
  g_autoptr(GError) error = NULL;
  VsChange c[SCENARIO_CHANGES];

  for (gsize u = 0; u < n; u++) {
    VsKind kind = vs_org_get_unit_kind(org, u);
    if ((gssize)u == removed)
      continue;
    if (kind == VS_KIND_TEAM && n_teams < G_N_ELEMENTS(teams))
      teams[n_teams++] = (gssize)u;
    else if (kind == VS_KIND_SUPPLIER && supplier < 0)
      supplier = (gssize)u;
    else if (kind == VS_KIND_CUSTOMER && customer < 0)
      customer = (gssize)u;
  }
  for (gsize e = 0; e < m && (to_customer < 0 || between_teams < 0); e++) {
    if ((gssize)from[e] == removed || (gssize)to[e] == removed)
      continue;
    if (to_customer < 0 && vs_org_get_unit_kind(org, to[e]) == VS_KIND_CUSTOMER)
      to_customer = (gssize)e;
    else if (between_teams < 0 && vs_org_get_unit_kind(org, to[e]) == VS_KIND_TEAM)
      between_teams = (gssize)e;
  }
  if (removed < 0 || n_teams < G_N_ELEMENTS(teams) || supplier < 0 || customer < 0 ||
      to_customer < 0 || between_teams < 0)
    return NULL;
  for (guint i = 0; i < SCENARIO_CHANGES; i++)
    c[i] = (VsChange)VS_CHANGE_INIT;
  for (guint i = 0; i < 3; i++) { /* 1-3: fix three teams */
    c[i].action = VS_ACTION_FIX;
    c[i].unit = vs_org_get_unit_id(org, (gsize)teams[i]);
  }
  c[3].action = VS_ACTION_OUTAGE;
  c[3].unit = vs_org_get_unit_id(org, (gsize)supplier);
  c[4].action = VS_ACTION_REMOVE_UNIT;
  c[4].unit = vs_org_get_unit_id(org, (gsize)removed);
  c[5].action = VS_ACTION_ADD_HANDOFF; /* a supplier receives nothing: no new loop */
  c[5].from = vs_org_get_unit_id(org, (gsize)supplier);
  c[5].to = vs_org_get_unit_id(org, (gsize)teams[3]);
  c[5].deliverable = "licences";
  c[5].score = 0.8;
  c[6].action = VS_ACTION_ADD_HANDOFF; /* customers hand off nothing: no new loop */
  c[6].from = vs_org_get_unit_id(org, (gsize)teams[3]);
  c[6].to = vs_org_get_unit_id(org, (gsize)customer);
  c[6].deliverable = "support";
  c[6].weight = 2;
  c[6].score = 0.7;
  c[7].action = VS_ACTION_REMOVE_HANDOFF;
  c[7].from = vs_org_get_unit_id(org, from[to_customer]);
  c[7].to = vs_org_get_unit_id(org, to[to_customer]);
  c[8].action = VS_ACTION_SET;
  c[8].unit = vs_org_get_unit_id(org, (gsize)teams[3]);
  c[8].cost = 250000;
  c[9].action = VS_ACTION_SCORE;
  c[9].from = vs_org_get_unit_id(org, from[between_teams]);
  c[9].to = vs_org_get_unit_id(org, to[between_teams]);
  c[9].score = 0.5;
  if (vs_scenarios_add(s, "ten changes", &error) < 0)
    goto fail;
  for (guint i = 0; i < SCENARIO_CHANGES; i++)
    if (!vs_scenarios_add_change(s, 0, &c[i], &error))
      goto fail;
  return g_steal_pointer(&s);
fail:
  g_printerr("bench: the scenario: %s\n", error->message);
  return NULL;
}

static int
cmp_string(gconstpointer x, gconstpointer y)
{
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The second-to-last survey period (periods sort as text, SPEC 5), into
 * @out; FALSE when the org has fewer than two. */
static gboolean
earlier_period(const VsOrg *org, char *out, gsize size)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  g_autofree const char **periods = NULL;
  guint n;

  for (gsize i = 0; i < vs_org_get_n_survey_responses(org); i++) {
    VsSurveyResponse r;
    vs_org_get_survey_response(org, i, &r);
    g_hash_table_add(seen, (gpointer)r.period);
  }
  periods = (const char **)g_hash_table_get_keys_as_array(seen, &n);
  if (n < 2)
    return FALSE;
  qsort(periods, n, sizeof *periods, cmp_string);
  g_strlcpy(out, periods[n - 2], size);
  return TRUE;
}

/* The decision rows, after the analysis @a of @org. Each frees what it
 * made before the next starts, so the peak RSS is the largest one's. */
static gboolean
measure_decisions(const VsOrg *org, const VsAnalysis *a, Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsScenarios) s = ten_changes(org);
  VsPlanOptions plan_options = VS_PLAN_OPTIONS_INIT;
  VsAnalysisOptions then_options = VS_ANALYSIS_OPTIONS_INIT;
  gint64 t;

  if (s == NULL || !earlier_period(org, run->as_of, sizeof run->as_of)) {
    g_printerr("bench: no scenario or no two survey periods: decisions not measured\n");
    return FALSE;
  }
  { /* what-if: apply, analyse (findings included), compare */
    g_autoptr(VsOrg) changed = NULL;
    g_autoptr(VsAnalysis) after = NULL;
    g_autoptr(VsComparison) c = NULL;
    gint64 t1, t2;
    t = g_get_monotonic_time();
    if ((changed = vs_scenarios_apply(s, 0, org, NULL, &error)) == NULL)
      goto fail;
    t1 = g_get_monotonic_time();
    if ((after = vs_analysis_new(changed, NULL, &error)) == NULL)
      goto fail;
    vs_analysis_get_flags(after, NULL); /* the findings, made beside, are part of it */
    t2 = g_get_monotonic_time();
    if ((c = vs_comparison_new(a, after, &error)) == NULL)
      goto fail;
    run->seconds[ROW_WHATIF] = since(t);
    run->whatif_parts[0] = (double)(t1 - t) / G_USEC_PER_SEC;
    run->whatif_parts[1] = (double)(t2 - t1) / G_USEC_PER_SEC;
    run->whatif_parts[2] = since(t2);
    run->rss_kb[ROW_WHATIF] = peak_rss_kb();
  }
  { /* plan */
    g_autoptr(VsPlan) plan = NULL;
    plan_options.steps = PLAN_STEPS;
    t = g_get_monotonic_time();
    if ((plan = vs_plan_new(a, &plan_options, &error)) == NULL)
      goto fail;
    run->seconds[ROW_PLAN] = since(t);
    run->rss_kb[ROW_PLAN] = peak_rss_kb();
  }
  { /* diff: both snapshots analysed here, then compared */
    g_autoptr(VsAnalysis) then = NULL, now = NULL;
    g_autoptr(VsComparison) c = NULL;
    then_options.as_of = run->as_of;
    gint64 t1;
    t = g_get_monotonic_time();
    if ((then = vs_analysis_new(org, &then_options, &error)) == NULL ||
        (now = vs_analysis_new(org, NULL, &error)) == NULL)
      goto fail;
    vs_analysis_get_flags(then, NULL);
    vs_analysis_get_flags(now, NULL);
    t1 = g_get_monotonic_time();
    if ((c = vs_comparison_new(then, now, &error)) == NULL)
      goto fail;
    run->seconds[ROW_DIFF] = since(t);
    run->diff_parts[0] = (double)(t1 - t) / G_USEC_PER_SEC;
    run->diff_parts[1] = since(t1);
    run->rss_kb[ROW_DIFF] = peak_rss_kb();
  }
  return TRUE;
fail:
  g_printerr("bench: %s\n", error->message);
  return FALSE;
}

/* One measured run, in the child process. */
static void
measure(const char *dir, Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsOrg) org = NULL;
  g_autoptr(VsAnalysis) a = NULL;
  double topology_seconds, returned, cpu0 = cpu_seconds();
  gint64 start = g_get_monotonic_time(), t = start;

  memset(run, 0, sizeof *run);
  org = vs_load(dir, &error);
  run->seconds[ROW_LOAD] = since(t);
  if (org == NULL) {
    g_printerr("bench: %s\n", error->message);
    return;
  }
  topology_seconds = org->topology != NULL ? org->topology->build_seconds : 0;
  run->rss_kb[ROW_LOAD] = run->rss_kb[ROW_TOPOLOGY] = peak_rss_kb();
  t = g_get_monotonic_time();
  a = vs_analysis_new(org, NULL, &error);
  returned = since(t);
  if (a == NULL) {
    g_printerr("bench: %s\n", error->message);
    return;
  }
  t = g_get_monotonic_time();
  all_lists(a);
  run->seconds[ROW_LISTS] = since(t);
  /* A large analysis makes its findings on a thread of its own beside
   * the lists (which need none of them): the work compared is done when
   * both are. Reading the flags waits for them. */
  vs_analysis_get_flags(a, NULL);
  run->through_lists = since(start);
  run->cpu_seconds = cpu_seconds() - cpu0;
  /* Only the total peak is known across the analysis's phases. */
  for (guint r = ROW_GRAPH; r <= ROW_LISTS; r++)
    run->rss_kb[r] = peak_rss_kb();
  record_phases(run, a, topology_seconds);
  /* (this counts the findings' checks made before the return twice: a
   * fraction of a millisecond) */
  run->analysis_seconds = returned + run->seconds[ROW_FINDINGS];
  for (guint r = ROW_JSON; r <= ROW_TEXT; r++) {
    t = g_get_monotonic_time();
    if (!report_to_null(a, r == ROW_JSON ? VS_REPORT_JSON : VS_REPORT_TEXT, &error)) {
      g_printerr("bench: %s\n", error->message);
      return;
    }
    run->seconds[r] = since(t);
    run->rss_kb[r] = peak_rss_kb();
  }
  if (!measure_decisions(org, a, run))
    return;
  run->n = vs_org_get_n_units(org);
  run->m = vs_org_get_n_handoffs(org);
  run->ok = TRUE;
}

/* @fn(@arg, @out) in a fresh process, @out (@size bytes) coming back
 * through a pipe; FALSE when the child failed (it exits 1). */
static gboolean
in_child(gboolean (*fn)(const char *arg, gpointer out), const char *arg, gpointer out, gsize size)
{
  int fds[2], status;
  pid_t pid;
  gssize got;

  if (pipe(fds) != 0)
    return FALSE;
  fflush(NULL);
  pid = fork();
  if (pid == 0) {
    gpointer mine = g_malloc0(size);
    gboolean ok;
    close(fds[0]);
    ok = fn(arg, mine);
    _exit(write(fds[1], mine, size) == (gssize)size && ok ? 0 : 1);
  }
  close(fds[1]);
  got = pid > 0 ? read(fds[0], out, size) : -1;
  close(fds[0]);
  if (pid > 0)
    waitpid(pid, &status, 0);
  return pid > 0 && got == (gssize)size && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static gboolean
measure_run(const char *dir, gpointer out)
{
  Run *run = out;
  measure(dir, run);
  return run->ok;
}

/* ---- orgs and event logs from the CLI ------------------------------------------ */

typedef struct {
  const char *cli, *workdir, *python, *reference;
  const char *python_rows; /* tests/bench/python_rows.py */
  guint64 customers, seed;
  guint repeat;
  gboolean shuffle;
} Config;

static gboolean
run_command(const char *const *argv, char **out)
{
  g_autoptr(GError) error = NULL;
  gint status = 0;

  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, NULL, &status,
                    &error)) {
    g_printerr("bench: %s: %s\n", argv[0], error->message);
    return FALSE;
  }
  if (!g_spawn_check_wait_status(status, &error)) {
    g_printerr("bench: %s: %s\n", argv[0], error->message);
    return FALSE;
  }
  return TRUE;
}

/* The org of @units units in the work directory, generated when missing. */
static char *
org_dir(const Config *c, guint64 units)
{
  g_autofree char *name =
      g_strdup_printf("org-%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT "-s%" G_GUINT64_FORMAT "%s",
                      units, c->customers, c->seed, c->shuffle ? "-shuffled" : "");
  char *dir = g_build_filename(c->workdir, name, NULL);
  g_autofree char *u = g_strdup_printf("%" G_GUINT64_FORMAT, units);
  g_autofree char *cu = g_strdup_printf("%" G_GUINT64_FORMAT, c->customers);
  g_autofree char *s = g_strdup_printf("%" G_GUINT64_FORMAT, c->seed);
  const char *argv[] = {c->cli,
                        "generate",
                        "--units",
                        u,
                        "--customers",
                        cu,
                        "--seed",
                        s,
                        "-o",
                        dir,
                        c->shuffle ? "--shuffle" : NULL,
                        NULL};

  if (g_file_test(dir, G_FILE_TEST_IS_DIR))
    return dir;
  g_print("generating %s ...\n", dir);
  if (!run_command(argv, NULL)) {
    g_free(dir);
    return NULL;
  }
  return dir;
}

/* ---- the table -------------------------------------------------------------------- */

static int
cmp_double(gconstpointer x, gconstpointer y)
{
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

static double
median(double *v, guint n)
{
  qsort(v, n, sizeof(double), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Medians of @runs row by row (largest RSS), into @out. */
static void
summarise(const Run *runs, guint n, Run *out)
{
  g_autofree double *v = g_new(double, n);

  *out = runs[0];
  for (guint i = 0; i < n; i++)
    v[i] = runs[i].cpu_seconds;
  out->cpu_seconds = median(v, n);
  for (guint i = 0; i < n; i++)
    v[i] = runs[i].analysis_seconds;
  out->analysis_seconds = median(v, n);
  for (guint i = 0; i < n; i++)
    v[i] = runs[i].through_lists;
  out->through_lists = median(v, n);
  for (guint r = 0; r < N_ROWS; r++) {
    for (guint i = 0; i < n; i++) {
      v[i] = runs[i].seconds[r];
      out->rss_kb[r] = MAX(out->rss_kb[r], runs[i].rss_kb[r]);
    }
    out->seconds[r] = median(v, n);
  }
  for (guint k = 0; k < G_N_ELEMENTS(out->whatif_parts); k++) {
    for (guint i = 0; i < n; i++)
      v[i] = runs[i].whatif_parts[k];
    out->whatif_parts[k] = median(v, n);
  }
  for (guint k = 0; k < G_N_ELEMENTS(out->diff_parts); k++) {
    for (guint i = 0; i < n; i++)
      v[i] = runs[i].diff_parts[k];
    out->diff_parts[k] = median(v, n);
  }
}

/* Seconds of rows @first..@last, the analysis's phases counted as its
 * wall time; through the lists, the measured time (the findings are made
 * beside the lists). */
static double
sum_rows(const Run *run, guint first, guint last)
{
  double s = 0;
  for (guint r = first; r <= last; r++) {
    if (r == ROW_LISTS)
      s = run->through_lists;
    else if (r == ROW_GRAPH)
      s += run->analysis_seconds;
    else if (r != ROW_TOPOLOGY && (r < ROW_GRAPH || r > ROW_FINDINGS))
      s += run->seconds[r];
  }
  return s;
}

static void
print_row(const char *name, double seconds, guint64 m, glong rss_kb)
{
  g_print("| %-48s | %8.3f | %9.1f | %7.0f |\n", name, seconds, seconds * 1e9 / (double)MAX(m, 1),
          rss_kb / 1024.0);
}

/* The one-minute load average: other work on the machine shows in wall
 * times, so the tables say how busy it was. */
static double
load_average(void)
{
  g_autofree char *text = NULL;
  return g_file_get_contents("/proc/loadavg", &text, NULL, NULL) ? g_ascii_strtod(text, NULL) : -1;
}

/* Decide, then measure: each decision beside load + full analysis. */
static void
print_decisions(const Run *run)
{
  double base = sum_rows(run, ROW_LOAD, ROW_FINDINGS);
  glong rss_kb = 0;

  g_print("\nDecide, then measure (load + full analysis = %.3f s):\n\n", base);
  g_print("| %-64s | %8s | %9s | %22s | %6s | %7s |\n", "decision", "seconds", "ns/handoff",
          "x load + full analysis", "target", "RSS MB");
  g_print("|%s|---------:|----------:|-----------------------:|-------:|--------:|\n",
          "------------------------------------------------------------------");
  for (guint r = FIRST_DECISION; r < N_ROWS; r++) {
    double sec = run->seconds[r];
    g_print("| %-64s | %8.3f | %9.1f | %21.2fx | %5.1fx | %7.0f |\n", row_names[r], sec,
            sec * 1e9 / (double)MAX(run->m, 1), sec / base, decision_targets[r],
            run->rss_kb[r] / 1024.0);
    rss_kb = MAX(rss_kb, run->rss_kb[r]);
  }
  g_print("\nThe scenario: fix 3 teams, an outage of a supplier, a team removed, two\n"
          "handoffs added and one removed, a cost set, a score changed (the org's own\n"
          "ids). The plan starts from the analysis above. The diff compares the org as\n"
          "of %s (its second-to-last survey period) with today, both analysed in the\n"
          "row. Peak RSS of the whole run: %.0f MB.\n"
          "Of the what-if: apply %.3f s, analyse %.3f s (findings included), compare %.3f s.\n"
          "Of the diff: the two analyses %.3f s, compare %.3f s. Targets from the issue.\n",
          run->as_of, rss_kb / 1024.0, run->whatif_parts[0], run->whatif_parts[1],
          run->whatif_parts[2], run->diff_parts[0], run->diff_parts[1]);
}

static void
print_table(const Run *run, guint repeat)
{
  g_print("\n### %" G_GUINT64_FORMAT " units, %" G_GUINT64_FORMAT
          " handoffs (median of %u runs; load average %.1f after them)\n\n",
          run->n, run->m, repeat, load_average());
  g_print("| %-48s | %8s | %9s | %7s |\n", "phase", "seconds", "ns/handoff", "RSS MB");
  g_print("|%s|---------:|----------:|--------:|\n",
          "--------------------------------------------------");
  for (guint r = 0; r < FIRST_DECISION; r++)
    print_row(row_names[r], run->seconds[r], run->m, run->rss_kb[r]);
  print_row("**load + full analysis**", sum_rows(run, ROW_LOAD, ROW_FINDINGS), run->m,
            run->rss_kb[ROW_FINDINGS]);
  print_row("**load + analysis + lists**", sum_rows(run, ROW_LOAD, ROW_LISTS), run->m,
            run->rss_kb[ROW_LISTS]);
  print_row("**load + analysis + both reports**", sum_rows(run, ROW_LOAD, ROW_TEXT), run->m,
            run->rss_kb[ROW_TEXT]);
  g_print("\nCost allocation: %.1f%% of load + full analysis.\n",
          100.0 * run->seconds[ROW_COST] / sum_rows(run, ROW_LOAD, ROW_FINDINGS));
  g_print("CPU time of load + analysis + lists (user + sys, every thread): %.3f s\n"
          "[1] built while surveys.csv is parsed (second core); part of the load row.\n"
          "Totals count the analysis as its wall time (%.3f s): the surveys run beside\n"
          "line of sight and structure, so the phase rows overlap, and the findings\n"
          "are counted after the analysis returns, as if waited for at once. Through\n"
          "the lists the total is measured: a large analysis makes its findings on a\n"
          "thread of its own beside them, and the time ends when both are done.\n"
          "RSS: peak resident set so far (getrusage). ns/handoff: seconds / handoffs.\n",
          run->cpu_seconds, run->analysis_seconds);
  print_decisions(run);
}

/* ---- the NetworkX reference ------------------------------------------------------- */

/* Runs the reference on @dir; its seconds for load + analysis, or -1. */
static double
reference_seconds(const Config *c, const char *dir)
{
  g_autofree char *out = NULL;
  const char *argv[] = {c->python, c->reference, "--time", dir, NULL};
  const char *line;

  if (c->python == NULL || c->reference == NULL)
    return -1;
  g_print("running the NetworkX reference on %s ...\n", dir);
  if (!run_command(argv, &out))
    return -1;
  line = strstr(out, "seconds ");
  if (line == NULL) {
    g_print("reference: %s", out); /* it says why (a missing module) */
    return -1;
  }
  return g_ascii_strtod(line + strlen("seconds "), NULL);
}

/* The reference runs as many times as valuestream did (it is as exposed
 * to other load on the machine); the ratio is of the medians. */
static void
print_ratio(const Config *c, const char *dir, const Run *run)
{
  double ours = sum_rows(run, ROW_LOAD, ROW_LISTS);
  g_autofree double *theirs = g_new(double, c->repeat);

  for (guint i = 0; i < c->repeat; i++)
    if ((theirs[i] = reference_seconds(c, dir)) < 0) {
      g_print("\nNetworkX reference: not run\n");
      return;
    }
  g_print("\nNetworkX reference on the same %" G_GUINT64_FORMAT
          "-unit org: %.2f s, median of %u (CSV load, every SPEC metric and list in memory, "
          "cost to serve, no shares);\n"
          "valuestream: %.3f s (load + analysis + lists, the same work): %.0fx faster\n",
          run->n, median(theirs, c->repeat), c->repeat, ours, median(theirs, c->repeat) / ours);
}

/* ---- the Python rows ------------------------------------------------------------- */

/* What tests/bench/python_rows.py times, by the key it prints. */
enum {
  PY_LOAD,
  PY_ANALYZE,
  PY_FLAGGED,
  PY_TO_PANDAS,
  PY_CUSTOMERS_FRAME,
  PY_HANDOFFS_FRAME,
  PY_PLAN,
  N_PY_ROWS,
};

static const struct {
  const char *key, *name, *target;
} py_rows[N_PY_ROWS] = {
    {"load", "vs.load(dir)", ""},
    {"analyze", "org.analyze() (findings included)", ""},
    {"flagged", "a.flagged()", "0.2 s at 1M"},
    {"to_pandas", "a.to_pandas()", "1x"},
    {"customers_frame", "a.customers_frame()", ""},
    {"handoffs_frame", "a.handoffs_frame()", ""},
    {"plan", "a.plan(steps=10)", ""},
};

typedef struct {
  double seconds[N_PY_ROWS]; /* < 0: not run (see skipped) */
  char skipped[N_PY_ROWS][96];
  double rss_mb;
} PyRun;

/* The environment of the Python rows: the bindings of this source tree
 * and the library of this build (an explicit VALUESTREAM_LIBRARY wins),
 * no bytecode written into the source tree. */
static char **
python_environ(void)
{
  char **env = g_get_environ();
  const char *path = g_environ_getenv(env, "PYTHONPATH");
  g_autofree char *pythonpath =
      path != NULL && *path != '\0'
          ? g_strconcat(VS_BENCH_PYTHONPATH, G_SEARCHPATH_SEPARATOR_S, path, NULL)
          : g_strdup(VS_BENCH_PYTHONPATH);

  env = g_environ_setenv(env, "PYTHONPATH", pythonpath, TRUE);
  env = g_environ_setenv(env, "VALUESTREAM_LIBRARY", VS_BENCH_LIBRARY, FALSE);
  return g_environ_setenv(env, "PYTHONDONTWRITEBYTECODE", "1", TRUE);
}

/* One run of the Python rows on @dir, in a fresh Python; FALSE (and why,
 * on stderr) when it failed. */
static gboolean
python_run(const Config *c, const char *dir, PyRun *run)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = python_environ();
  g_auto(GStrv) lines = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = {c->python, c->python_rows, dir, NULL};
  gint status = 0;

  for (guint r = 0; r < N_PY_ROWS; r++) {
    run->seconds[r] = -1;
    g_strlcpy(run->skipped[r], "not printed", sizeof run->skipped[r]);
  }
  run->rss_mb = 0;
  if (!g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                    &error) ||
      !g_spawn_check_wait_status(status, &error)) {
    g_printerr("bench: %s %s: %s\n", c->python, c->python_rows, error->message);
    return FALSE;
  }
  lines = g_strsplit(out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    g_auto(GStrv) f = g_strsplit(lines[i], " ", 3);
    if (g_strv_length(f) == 2 && strcmp(f[0], "rss_mb") == 0)
      run->rss_mb = g_ascii_strtod(f[1], NULL);
    if (g_strv_length(f) != 3)
      continue;
    for (guint r = 0; r < N_PY_ROWS; r++)
      if (strcmp(f[1], py_rows[r].key) == 0) {
        if (strcmp(f[0], "row") == 0)
          run->seconds[r] = g_ascii_strtod(f[2], NULL);
        else if (strcmp(f[0], "skip") == 0)
          g_strlcpy(run->skipped[r], f[2], sizeof run->skipped[r]);
      }
  }
  return TRUE;
}

/* Runs the Python rows @c->repeat times on @dir and prints their medians
 * beside Python's load + analyse, and that beside the C table's load +
 * full analysis of @run. */
static void
print_python_rows(const Config *c, const char *dir, const Run *run)
{
  g_autofree PyRun *runs = NULL;
  g_autofree double *v = NULL;
  double seconds[N_PY_ROWS], c_seconds[N_PY_ROWS] = {0}, base, rss_mb = 0;

  if (c->python == NULL)
    return;
  if (*VS_BENCH_LIBRARY == '\0') {
    g_print("\nPython rows: not run (a static build has no shared library for the bindings)\n");
    return;
  }
  runs = g_new0(PyRun, c->repeat);
  v = g_new(double, c->repeat);
  g_print("running the Python rows on %s ...\n", dir);
  for (guint i = 0; i < c->repeat; i++)
    if (!python_run(c, dir, &runs[i])) {
      g_print("\nPython rows: not run (%s failed)\n", c->python_rows);
      return;
    }
  for (guint r = 0; r < N_PY_ROWS; r++) {
    guint n = 0;
    for (guint i = 0; i < c->repeat; i++)
      if (runs[i].seconds[r] >= 0)
        v[n++] = runs[i].seconds[r];
    seconds[r] = n == c->repeat ? median(v, n) : -1;
  }
  for (guint i = 0; i < c->repeat; i++)
    rss_mb = MAX(rss_mb, runs[i].rss_mb);
  if (seconds[PY_LOAD] < 0 || seconds[PY_ANALYZE] < 0) {
    g_print("\nPython rows: incomplete (no load or analysis timed)\n");
    return;
  }
  base = seconds[PY_LOAD] + seconds[PY_ANALYZE];
  c_seconds[PY_LOAD] = run->seconds[ROW_LOAD];
  c_seconds[PY_ANALYZE] = run->analysis_seconds;
  c_seconds[PY_PLAN] = run->seconds[ROW_PLAN];
  g_print("\nPython: the bindings on the same org (python_rows.py through %s,\n"
          "median of %u runs, each in a fresh process), beside the C table's figures:\n\n",
          c->python, c->repeat);
  g_print("| %-48s | %8s | %9s | %20s | %8s | %11s |\n", "Python", "seconds", "ns/handoff",
          "x load + analyse (Py)", "C: s", "target");
  g_print("|%s|---------:|----------:|---------------------:|---------:|------------:|\n",
          "--------------------------------------------------");
  for (guint r = 0; r < N_PY_ROWS; r++) {
    g_autofree char *c_text =
        c_seconds[r] > 0 ? g_strdup_printf("%.3f", c_seconds[r]) : g_strdup("");
    if (seconds[r] < 0) {
      g_print("| %-48s | %8s | %9s | %20s | %8s | %11s |\n", py_rows[r].name, "-", "-", "-", c_text,
              py_rows[r].target);
      continue;
    }
    g_print("| %-48s | %8.3f | %9.1f | %19.2fx | %8s | %11s |\n", py_rows[r].name, seconds[r],
            seconds[r] * 1e9 / (double)MAX(run->m, 1), seconds[r] / base, c_text,
            py_rows[r].target);
    if (r == PY_ANALYZE)
      g_print("| %-48s | %8.3f | %9.1f | %19.2fx | %8.3f | %11s |\n", "**load + analyse (Python)**",
              base, base * 1e9 / (double)MAX(run->m, 1), 1.0, sum_rows(run, ROW_LOAD, ROW_FINDINGS),
              "");
  }
  for (guint r = 0; r < N_PY_ROWS; r++)
    if (seconds[r] < 0)
      g_print("%s: not run (%s)\n", py_rows[r].name, runs[0].skipped[r]);
  g_print("C: s is the C table's load, analysis (findings included), load + full analysis\n"
          "and plan. Each Python row after the analysis runs once per process on that\n"
          "analysis, first use, its findings made. Peak RSS of a Python run: %.0f MB.\n"
          "Targets from the issue: a.to_pandas() at most 1x load + analyse; a.flagged()\n"
          "under 0.2 s at 1M units.\n",
          rss_mb);
}

/* ---- event logs --------------------------------------------------------------------- */

typedef struct {
  double seconds;
  guint64 events, transfers, pairs;
  glong rss_kb;
} Mined;

/* Mines the log at @path with the default (process-mining) columns. */
static gboolean
mine_run(const char *path, gpointer out)
{
  g_autoptr(GError) error = NULL;
  Mined *m = out;
  gint64 t = g_get_monotonic_time();
  VsMineResult *r = vs_mine_file(path, NULL, &error);

  m->seconds = since(t);
  m->rss_kb = peak_rss_kb();
  if (r == NULL) {
    g_printerr("bench: %s\n", error->message);
    return FALSE;
  }
  m->events = vs_mine_result_get_count(r, VS_MINE_EVENTS);
  m->transfers = vs_mine_result_get_count(r, VS_MINE_TRANSFERS);
  m->pairs = vs_mine_result_get_count(r, VS_MINE_PAIRS);
  vs_mine_result_free(r);
  return TRUE;
}

static gboolean
bench_events(const Config *c, guint64 events)
{
  g_autofree char *name = g_strdup_printf("events-%" G_GUINT64_FORMAT ".csv", events);
  g_autofree char *path = g_build_filename(c->workdir, name, NULL);
  g_autofree char *e = g_strdup_printf("%" G_GUINT64_FORMAT, events);
  const char *argv[] = {c->cli,     "generate", "--units", "100000", "--customers", "1000",
                        "--events", e,          "-o",      path,     NULL};
  GStatBuf st;
  gint64 t = g_get_monotonic_time();

  g_autofree double *seconds = g_new0(double, c->repeat);
  Mined mined = {0};
  glong rss_kb = 0;

  if (!g_file_test(path, G_FILE_TEST_EXISTS) && !run_command(argv, NULL))
    return FALSE;
  if (g_stat(path, &st) != 0)
    return FALSE;
  g_print("\nevent log %s: %" G_GUINT64_FORMAT " events, %.0f MB (ready in %.2f s)\n", path, events,
          (double)st.st_size / 1e6, since(t));
  for (guint i = 0; i < c->repeat; i++) {
    if (!in_child(mine_run, path, &mined, sizeof mined)) {
      g_printerr("bench: mining %s failed\n", path);
      return FALSE;
    }
    seconds[i] = mined.seconds;
    rss_kb = MAX(rss_kb, mined.rss_kb);
  }
  g_print("mining (vs_mine_file, CSV): %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT
          " transfers, %" G_GUINT64_FORMAT " pairs in %.3f s (median of %u): "
          "%.2f million events/s, peak RSS %.0f MB\n",
          mined.events, mined.transfers, mined.pairs, median(seconds, c->repeat), c->repeat,
          (double)mined.events / median(seconds, c->repeat) / 1e6, rss_kb / 1024.0);
  return TRUE;
}

/* ---- main ----------------------------------------------------------------------------- */

static gboolean
parse_sizes(const char *text, GArray *out)
{
  g_auto(GStrv) parts = g_strsplit(text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++) {
    guint64 x;
    if (!g_ascii_string_to_unsigned(parts[i], 10, 1, G_MAXINT32, &x, NULL))
      return FALSE;
    g_array_append_val(out, x);
  }
  return TRUE;
}

static gboolean
bench_size(const Config *c, guint64 units, guint64 ratio_at)
{
  g_autofree char *dir = org_dir(c, units);
  g_autofree Run *runs = g_new0(Run, c->repeat);
  Run summary;

  if (dir == NULL)
    return FALSE;
  for (guint i = 0; i < c->repeat; i++)
    if (!in_child(measure_run, dir, &runs[i], sizeof runs[i])) {
      g_printerr("bench: the run on %s failed\n", dir);
      return FALSE;
    }
  summarise(runs, c->repeat, &summary);
  print_table(&summary, c->repeat);
  print_python_rows(c, dir, &summary);
  if (units == ratio_at)
    print_ratio(c, dir, &summary);
  return TRUE;
}

int
main(int argc, char **argv)
{
  Config c = {NULL, NULL, NULL, NULL, VS_BENCH_PYTHON_ROWS, 1000, 1, 3, FALSE};
  gboolean shuffle = FALSE;
  g_autofree char *sizes_text = NULL, *events_text = NULL, *cli = NULL, *workdir = NULL;
  g_autofree char *python = NULL, *reference = NULL;
  gint64 ratio_at = 100000;
  gint repeat = 3;
  const GOptionEntry entries[] = {
      {"cli", 0, 0, G_OPTION_ARG_FILENAME, &cli, "The valuestream program (generates the orgs)",
       "PATH"},
      {"sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text,
       "Units per org (default 10000,100000,1000000)", "N,..."},
      {"repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Runs per size, medians reported (default 3)",
       "R"},
      {"workdir", 0, 0, G_OPTION_ARG_FILENAME, &workdir,
       "Where generated orgs are kept (default: a temporary directory)", "DIR"},
      {"python", 0, 0, G_OPTION_ARG_FILENAME, &python,
       "Python for the reference and the Python rows (tests/bench/python_rows.py)", "PATH"},
      {"reference", 0, 0, G_OPTION_ARG_FILENAME, &reference, "tests/bench/networkx_ref.py", "PATH"},
      {"ratio-at", 0, 0, G_OPTION_ARG_INT64, &ratio_at,
       "Size at which to compare with the reference (default 100000)", "N"},
      {"shuffle", 0, 0, G_OPTION_ARG_NONE, &shuffle,
       "Orgs with units listed in random order (worst memory locality)", NULL},
      {"events", 0, 0, G_OPTION_ARG_STRING, &events_text,
       "Event-log sizes for the miner (e.g. 1000000,10000000)", "N,..."},
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = g_array_new(FALSE, FALSE, sizeof(guint64));
  g_autoptr(GArray) events = g_array_new(FALSE, FALSE, sizeof(guint64));
  g_autofree char *tmp = NULL;
  gboolean ok = TRUE;

  g_option_context_add_main_entries(ctx, entries, NULL);
  if (!g_option_context_parse(ctx, &argc, &argv, &error) || cli == NULL || repeat < 1 ||
      !parse_sizes(sizes_text ? sizes_text : "10000,100000,1000000", sizes) ||
      (events_text != NULL && !parse_sizes(events_text, events))) {
    g_printerr("bench: %s (see --help; --cli is required)\n",
               error ? error->message : "bad arguments");
    return 2;
  }
  if (workdir == NULL)
    workdir = tmp = g_dir_make_tmp("vs-bench-XXXXXX", NULL);
  c = (Config){cli,  workdir, python,        reference, VS_BENCH_PYTHON_ROWS,
               1000, 1,       (guint)repeat, shuffle};
  g_print("valuestream %s benchmark; %u runs per size, orgs in %s%s\n", vs_version_string(),
          c.repeat, workdir, shuffle ? " (units listed in random order)" : "");
  for (guint i = 0; i < sizes->len && ok; i++)
    ok = bench_size(&c, g_array_index(sizes, guint64, i), (guint64)ratio_at);
  for (guint i = 0; i < events->len && ok; i++)
    ok = bench_events(&c, g_array_index(events, guint64, i));
  if (tmp != NULL) {
    const char *argv_rm[] = {"rm", "-rf", tmp, NULL};
    run_command(argv_rm, NULL);
  }
  return ok ? 0 : 1;
}
