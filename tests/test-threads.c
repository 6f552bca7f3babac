/* valuestream tests - concurrency: 8 threads x 50 analyses at once.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Twelve organisations (the SPEC example, the fixture "three", the bundled
 * sample, and random ones with rework loops, parallel handoffs and survey
 * series, up to 1000 units) are analysed serially first; their JSON and
 * text reports are the reference. Then 8 threads each run 50 rounds, every
 * round one of:
 *   - analysing an org object all threads share (its topology is built by
 *     whichever thread comes first, under the org's cache lock),
 *   - loading the org afresh from CSV, JSON or GraphML text (json-glib,
 *     libxml2 and igraph's GraphML reader in several threads at once),
 *     then analysing it; and a load that fails, so errors are made too,
 *   - querying an analysis all threads share (the customers-reached
 *     bitsets are built lazily by the first query),
 *   - one round in ten: mining the bundled event log (gzip, which the
 *     miner inflates in a thread of its own) and analysing the mined org,
 * and every report and list must equal the serial one byte for byte.
 *
 * Built once more with -Db_sanitize=thread in CI (.ci/run), where
 * ThreadSanitizer watches the same run; see lib/private.h (VS_TSAN) for
 * what GLib hides from it and how the library annotates it.
 * Decisions (SPEC 8-10) the same way: 8 threads apply the scenarios of
 * tests/data/spec-whatif (one VsScenarios from JSON, one from CSV, both
 * shared) to the SPEC org (shared, copied, or loaded afresh), compare each
 * with one shared baseline analysis, make plans from shared analyses of
 * every org above, and compare the org as of an earlier period with the
 * shared baseline; every what-if, plan and diff JSON must equal the serial
 * one.
 *
 * VS_THREADS_ROUNDS=N changes the rounds per thread. */
#include "vs-test.h"

#include <gio/gio.h>
#include <stdio.h>

#include "valuestream/mine.h"

#define N_THREADS 8
#define N_RANDOM 9

typedef struct {
  char *name;
  VsOrg *org;           /* the serial reference's */
  VsOrg *shared;        /* the same org, shared by the threads, not analysed before */
  VsAnalysis *analysis; /* shared by the threads */
  char *json, *text;    /* the reference reports */
  guint32 **customers;  /* the reference customers-reached lists, per unit */
  gsize *n_customers;
  /* the org as text, for the loaders; NULL when it came from a file */
  char *csv_units, *csv_handoffs, *csv_surveys, *json_doc, *graphml_doc;
  char *path; /* or the file or directory it came from */
} Org;

static Org orgs[3 + N_RANDOM];
static guint n_orgs;
/* the bundled event log (gzip, inflated by the miner's reader thread),
 * mined with its people map, and its reference report */
static char *log_path, *people_path, *mined_json;
static guint rounds = 50;

static GMutex failures_lock;
static GPtrArray *failures;

G_GNUC_PRINTF(1, 2)
static void
record_failure(const char *fmt, ...)
{
  va_list ap;
  char *msg;

  va_start(ap, fmt);
  msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_mutex_lock(&failures_lock);
  g_ptr_array_add(failures, msg);
  g_mutex_unlock(&failures_lock);
}

/* ---- random organisations, and their text in every format --------------------- */

/* A random org: teams, suppliers and customers; handoffs forward in index
 * order plus back edges for rework loops (every loop stays open: its
 * members get work from earlier units), parallel handoffs, deliverables,
 * scores, own shares; and survey series. All values are exact in text. */
static void
make_random(Org *o, guint seed)
{
  GRand *rand = g_rand_new_with_seed(seed);
  guint n = (guint)g_rand_int_range(rand, 30, seed % 3 == 0 ? 1000 : 300);
  g_autoptr(GString) units = g_string_new("id,kind,group,revenue,own_share\n");
  g_autoptr(GString) handoffs = g_string_new("from,to,deliverable,weight,score\n");
  g_autoptr(GString) surveys = g_string_new("period,respondent,provider,score\n");
  g_autoptr(GString) json = g_string_new("{\"units\": [\n");
  g_autoptr(GString) gml = g_string_new(NULL);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *customer = g_new0(guint8, n);
  static const char *const scores[] = {"", "", "0.5", "0.75", "0.9", "1", "0.25"};
  static const char *const weights[] = {"", "1", "2", "0.5"};
  static const char *const shares[] = {"", "", "", "0.25", "0.5"};

  g_string_append(gml,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
                  "<key id=\"k\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
                  "<key id=\"g\" for=\"node\" attr.name=\"group\" attr.type=\"string\"/>\n"
                  "<key id=\"r\" for=\"node\" attr.name=\"revenue\" attr.type=\"double\"/>\n"
                  "<key id=\"o\" for=\"node\" attr.name=\"own_share\" attr.type=\"double\"/>\n"
                  "<key id=\"d\" for=\"edge\" attr.name=\"deliverable\" attr.type=\"string\"/>\n"
                  "<key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
                  "<key id=\"s\" for=\"edge\" attr.name=\"score\" attr.type=\"double\"/>\n"
                  "<graph edgedefault=\"directed\">\n");
  for (guint i = 0; i < n; i++) {
    /* the last tenth are customers, a few suppliers early on */
    const char *kind = i >= n - n / 10 - 1 ? "customer" : i % 17 == 3 ? "supplier" : "team";
    const char *own = i % 5 == 0 ? shares[g_rand_int_range(rand, 0, G_N_ELEMENTS(shares))] : "";
    char revenue[16] = "";

    customer[i] = kind[0] == 'c';
    if (customer[i]) {
      g_snprintf(revenue, sizeof revenue, "%d", g_rand_int_range(rand, 0, 5000));
      own = "";
    }
    g_string_append_printf(units, "u%u,%s,g%u,%s,%s\n", i, kind, i % 7, revenue, own);
    g_string_append_printf(json,
                           "%s{\"id\": \"u%u\", \"kind\": \"%s\", \"group\": \"g%u\"%s%s%s%s}",
                           i ? ",\n" : "", i, kind, i % 7, *revenue ? ", \"revenue\": " : "",
                           revenue, *own ? ", \"own_share\": " : "", own);
    g_string_append_printf(gml,
                           "<node id=\"u%u\"><data key=\"k\">%s</data><data key=\"g\">g%u</data>",
                           i, kind, i % 7);
    if (*revenue)
      g_string_append_printf(gml, "<data key=\"r\">%s</data>", revenue);
    if (*own)
      g_string_append_printf(gml, "<data key=\"o\">%s</data>", own);
    g_string_append(gml, "</node>\n");
  }
  g_string_append(json, "],\n\"handoffs\": [\n");
  for (guint e = 0, made = 0; e < 4 * n; e++) {
    /* first a chain through the non-customers, so that every loop's
     * lowest member gets work from outside the loop: no closed loop */
    guint from = e < n - 1 ? e : (guint)g_rand_int_range(rand, 0, (gint32)n), to;
    const char *score = scores[g_rand_int_range(rand, 0, G_N_ELEMENTS(scores))];
    const char *weight = weights[g_rand_int_range(rand, 0, G_N_ELEMENTS(weights))];
    char what[16] = "";

    if (customer[from])
      continue;
    /* then mostly forward; one in eight a few units back (rework loops) */
    if (e < n - 1)
      to = e + 1;
    else if (g_rand_int_range(rand, 0, 8) == 0 && from > 1) /* a short way back: small loops */
      to = (guint)g_rand_int_range(rand, (gint32)MAX(from, 6) - 5, (gint32)from);
    else
      to = (guint)g_rand_int_range(rand, (gint32)MIN(from + 1, n - 1), (gint32)n);
    if (to == from)
      continue;
    if (g_rand_boolean(rand))
      g_snprintf(what, sizeof what, "d%d", g_rand_int_range(rand, 0, 4));
    g_string_append_printf(handoffs, "u%u,u%u,%s,%s,%s\n", from, to, what, weight, score);
    g_string_append_printf(json, "%s{\"from\": \"u%u\", \"to\": \"u%u\"", made++ ? ",\n" : "", from,
                           to);
    g_string_append_printf(gml, "<edge source=\"u%u\" target=\"u%u\">", from, to);
    if (*what) {
      g_string_append_printf(json, ", \"deliverable\": \"%s\"", what);
      g_string_append_printf(gml, "<data key=\"d\">%s</data>", what);
    }
    if (*weight) {
      g_string_append_printf(json, ", \"weight\": %s", weight);
      g_string_append_printf(gml, "<data key=\"w\">%s</data>", weight);
    }
    if (*score) {
      g_string_append_printf(json, ", \"score\": %s", score);
      g_string_append_printf(gml, "<data key=\"s\">%s</data>", score);
    }
    g_string_append(json, "}");
    g_string_append(gml, "</edge>\n");
  }
  g_string_append(json, "],\n\"surveys\": [\n");
  for (guint k = 0, made = 0; k < n / 10; k++) {
    guint provider = (guint)g_rand_int_range(rand, 0, (gint32)n);
    guint respondent = (guint)g_rand_int_range(rand, 0, (gint32)n);
    guint periods = (guint)g_rand_int_range(rand, 1, 9);
    for (guint p = 0; p < periods; p++) {
      int score = g_rand_int_range(rand, 1, 6);
      g_string_append_printf(surveys, "2025-%02u,u%u,u%u,%d\n", p + 1, respondent, provider, score);
      g_string_append_printf(json,
                             "%s{\"period\": \"2025-%02u\", \"respondent\": \"u%u\", "
                             "\"provider\": \"u%u\", \"score\": %d}",
                             made++ ? ",\n" : "", p + 1, respondent, provider, score);
    }
  }
  g_string_append(json, "]}\n");
  g_string_append(gml, "</graph>\n</graphml>\n");

  o->name = g_strdup_printf("random %u (%u units)", seed, n);
  o->csv_units = g_string_free(g_steal_pointer(&units), FALSE);
  o->csv_handoffs = g_string_free(g_steal_pointer(&handoffs), FALSE);
  o->csv_surveys = g_string_free(g_steal_pointer(&surveys), FALSE);
  o->json_doc = g_string_free(g_steal_pointer(&json), FALSE);
  o->graphml_doc = g_string_free(g_steal_pointer(&gml), FALSE);
  o->org = vs_load_csv_data(o->csv_units, -1, o->csv_handoffs, -1, o->csv_surveys, -1, &error);
  if (o->org == NULL) {
    print_error("%s: %s\n", o->name, error->message);
    fail();
  }
  g_rand_free(rand);
}

/* ---- the serial reference -------------------------------------------------------- */

static char *
report(const VsAnalysis *a, VsReportFormat format)
{
  VsReportOptions options = VS_REPORT_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;

  options.pretty = FALSE;
  options.top = 0;
  return vs_report_dup_string(a, format, &options, NULL, &error);
}

static void
reference(Org *o)
{
  GError *error = NULL;
  gsize n;

  o->analysis = vs_analysis_new(o->org, NULL, &error);
  if (o->analysis == NULL) {
    print_error("%s: %s\n", o->name, error->message);
    fail();
  }
  o->json = report(o->analysis, VS_REPORT_JSON);
  o->text = report(o->analysis, VS_REPORT_TEXT);
  assert_non_null(o->json);
  assert_non_null(o->text);
  /* Lists from a separate analysis, so the shared one's lazy bitsets are
   * first built by the threads. */
  {
    g_autoptr(VsAnalysis) a = vs_analysis_new(o->org, NULL, NULL);
    n = vs_analysis_get_n_units(a);
    o->customers = g_new0(guint32 *, n + 1);
    o->n_customers = g_new0(gsize, n + 1);
    for (gsize u = 0; u < n; u++)
      o->customers[u] = vs_analysis_dup_unit_customers(a, u, &o->n_customers[u]);
  }
}

static VsOrg *
mine_log(GError **error)
{
  VsMineOptions options = VS_MINE_OPTIONS_INIT;
  g_autoptr(VsMineResult) mined = NULL;

  options.people_map = people_path;
  mined = vs_mine_file(log_path, &options, error);
  return mined != NULL ? vs_mine_result_to_org(mined, NULL, error) : NULL;
}

static int
setup(void **state)
{
  const char *env = g_getenv("VS_THREADS_ROUNDS");
  g_autoptr(GError) error = NULL;
  const char *files[] = {"spec", "three.graphml", "../../examples/data/acme"};

  if (env != NULL && g_ascii_strtoull(env, NULL, 10) > 0)
    rounds = (guint)g_ascii_strtoull(env, NULL, 10);
  failures = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    Org *o = &orgs[n_orgs++];
    o->path = vs_test_path(files[i]);
    o->name = g_path_get_basename(o->path);
    o->org = vs_load(o->path, &error);
    if (o->org == NULL) {
      fprintf(stderr, "%s\n", error->message);
      return -1;
    }
  }
  for (guint i = 0; i < N_RANDOM; i++)
    make_random(&orgs[n_orgs++], 100 + i);
  log_path = vs_test_path("../../examples/data/acme-log/log.csv.gz");
  people_path = vs_test_path("../../examples/data/acme-log/people.csv");
  {
    g_autoptr(VsOrg) org = mine_log(&error);
    g_autoptr(VsAnalysis) a = org != NULL ? vs_analysis_new(org, NULL, &error) : NULL;
    if (a == NULL) {
      fprintf(stderr, "mining: %s\n", error->message);
      return -1;
    }
    mined_json = report(a, VS_REPORT_JSON);
  }
  for (guint i = 0; i < n_orgs; i++) {
    reference(&orgs[i]);
    /* a second copy whose topology the threads will race to build */
    orgs[i].shared = orgs[i].path != NULL
                         ? vs_load(orgs[i].path, NULL)
                         : vs_load_csv_data(orgs[i].csv_units, -1, orgs[i].csv_handoffs, -1,
                                            orgs[i].csv_surveys, -1, NULL);
    if (orgs[i].shared == NULL)
      return -1;
  }
  return 0;
}

static int
teardown(void **state)
{
  for (guint i = 0; i < n_orgs; i++) {
    Org *o = &orgs[i];
    gsize n = vs_analysis_get_n_units(o->analysis);
    for (gsize u = 0; u < n; u++)
      vs_free(o->customers[u]);
    g_free(o->customers);
    g_free(o->n_customers);
    vs_analysis_free(o->analysis);
    vs_org_free(o->org);
    vs_org_free(o->shared);
    g_free(o->name);
    g_free(o->json);
    g_free(o->text);
    g_free(o->csv_units);
    g_free(o->csv_handoffs);
    g_free(o->csv_surveys);
    g_free(o->json_doc);
    g_free(o->graphml_doc);
    g_free(o->path);
  }
  g_ptr_array_free(failures, TRUE);
  g_free(log_path);
  g_free(people_path);
  g_free(mined_json);
  return 0;
}

/* ---- the threads ---------------------------------------------------------------- */

/* A fresh copy of @o, loaded from text (or its file) in format @k. */
static VsOrg *
load_again(const Org *o, guint k, GError **error)
{
  VsOrg *org;

  if (o->path != NULL)
    return vs_load(o->path, error);
  switch (k % 3) {
  case 0:
    return vs_load_csv_data(o->csv_units, -1, o->csv_handoffs, -1, o->csv_surveys, -1, error);
  case 1:
    return vs_load_json_data(o->json_doc, -1, "random.json", error);
  default:
    org = vs_load_graphml_data(o->graphml_doc, -1, "random.graphml", error);
    if (org != NULL && !vs_load_surveys_csv_data(org, o->csv_surveys, -1, NULL, error))
      g_clear_pointer(&org, vs_org_free);
    return org;
  }
}

static void
check_reports(const Org *o, const VsAnalysis *a, const char *how)
{
  g_autofree char *json = report(a, VS_REPORT_JSON);
  g_autofree char *text = report(a, VS_REPORT_TEXT);

  if (json == NULL || strcmp(json, o->json) != 0)
    record_failure("%s, %s: the JSON report differs from the serial one", o->name, how);
  if (text == NULL || strcmp(text, o->text) != 0)
    record_failure("%s, %s: the text report differs from the serial one", o->name, how);
}

static void
check_lists(const Org *o, const VsAnalysis *a)
{
  gsize n = vs_analysis_get_n_units(a);

  for (gsize u = 0; u < n; u++) {
    gsize len = 0;
    g_autofree guint32 *list = vs_analysis_dup_unit_customers(a, u, &len);
    if (len != o->n_customers[u] ||
        (len > 0 && memcmp(list, o->customers[u], len * sizeof(guint32)) != 0)) {
      record_failure("%s: customers reached by unit %zu differ from the serial ones", o->name, u);
      return;
    }
  }
}

static gpointer
worker(gpointer data)
{
  guint t = GPOINTER_TO_UINT(data);

  for (guint k = 0; k < rounds; k++) {
    const Org *o = &orgs[(t * 5 + k) % n_orgs];
    g_autoptr(GError) error = NULL;

    if (k % 10 == 9) { /* now and then, mine the event log */
      g_autoptr(VsOrg) org = mine_log(&error);
      g_autoptr(VsAnalysis) a = org != NULL ? vs_analysis_new(org, NULL, &error) : NULL;
      g_autofree char *json = a != NULL ? report(a, VS_REPORT_JSON) : NULL;
      if (json == NULL || strcmp(json, mined_json) != 0)
        record_failure("mining the event log: %s",
                       error != NULL ? error->message : "the report differs from the serial one");
      continue;
    }
    switch ((t + k) % 3) {
    case 0: { /* the shared org */
      g_autoptr(VsAnalysis) a = vs_analysis_new(o->shared, NULL, &error);
      if (a == NULL)
        record_failure("%s: %s", o->name, error->message);
      else
        check_reports(o, a, "shared org");
      break;
    }
    case 1: { /* loaded afresh in this thread, after a load that fails */
      g_autoptr(VsOrg) bad =
          vs_load_csv_data("id,kind\nA,team\nA,team\n", -1, "", 0, NULL, 0, &error);
      if (bad != NULL || !g_error_matches(error, VS_ERROR, VS_ERROR_INVALID))
        record_failure("a duplicate id was not reported as VS_ERROR_INVALID");
      g_clear_error(&error);
      g_autoptr(VsOrg) org = load_again(o, t + k, &error);
      g_autoptr(VsAnalysis) a = org != NULL ? vs_analysis_new(org, NULL, &error) : NULL;
      if (a == NULL)
        record_failure("%s: loading again: %s", o->name, error->message);
      else
        check_reports(o, a, "loaded again");
      break;
    }
    default: /* the shared analysis */
      check_lists(o, o->analysis);
      check_reports(o, o->analysis, "shared analysis");
    }
  }
  return NULL;
}

static void
test_threads_agree_with_serial(void **state)
{
  GThread *threads[N_THREADS];
  gint64 start = g_get_monotonic_time();

  for (guint t = 0; t < N_THREADS; t++)
    threads[t] = g_thread_new("analyse", worker, GUINT_TO_POINTER(t));
  for (guint t = 0; t < N_THREADS; t++)
    g_thread_join(threads[t]);
  printf("%d threads x %u rounds over %u orgs in %.2f s\n", N_THREADS, rounds, n_orgs,
         (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC);
  for (guint i = 0; i < failures->len && i < 20; i++)
    print_error("%s\n", (const char *)failures->pdata[i]);
  assert_int_equal(failures->len, 0);
}

/* ---- customer sets built beside the analysis ------------------------------------ *
 *
 * A large analysis builds the sets of customers each unit reaches on a
 * thread of its own while it solves (vs_i_analysis_start_reach() in lib/analysis/analysis-task.c),
 * and lists wait for them. Here threads list every unit's customers the moment their analysis
 * returns, free some analyses before the sets are done, and compare each list with a plain search
 * from each customer backwards. */

#define BIG_TEAMS 30000
#define BIG_CUSTOMERS 100

typedef struct {
  VsOrg *org;
  GPtrArray *want;  /* per unit: GArray of guint32, the customers it reaches in id order */
  guint64 findings; /* findings_digest() of an analysis of org */
  guint rounds;
} Big;

static guint64
mix(guint64 h, guint64 x)
{
  return (h ^ x) * 1099511628211ull;
}

/* The findings, which a large analysis makes on a thread of its own:
 * flags, service scores, groups and warnings. */
static guint64
findings_digest(const VsAnalysis *a)
{
  gsize n = 0;
  const guint32 *flags = vs_analysis_get_flags(a, &n);
  const double *service = vs_analysis_get_service_scores(a, NULL);
  guint64 h = 1469598103934665603ull;

  for (gsize u = 0; u < n; u++) {
    guint64 bits;
    memcpy(&bits, &service[u], sizeof bits);
    h = mix(mix(h, flags[u]), bits);
  }
  for (gsize g = 0; g < vs_analysis_get_n_groups(a); g++) {
    gsize k = 0;
    const guint32 *poor = vs_analysis_get_group_poor_units(a, g, &k);
    h = mix(mix(h, g_str_hash(vs_analysis_get_group_id(a, g))),
            (guint64)vs_analysis_get_group_diagnosis(a, g));
    for (gsize i = 0; i < k; i++)
      h = mix(h, poor[i]);
  }
  for (gsize w = 0; w < vs_analysis_get_n_warnings(a); w++)
    h = mix(h, g_str_hash(vs_analysis_get_warning(a, w)));
  return h;
}

/* Teams t0 .. t29999 hand work forward to up to 50 teams after them; one
 * handoff in ten goes to a customer. Units + handoffs pass the size at
 * which an analysis works on two cores. */
static const char *
big_id(char *buf, gsize size, guint i)
{
  if (i >= BIG_TEAMS)
    g_snprintf(buf, size, "c%03u", i - BIG_TEAMS);
  else
    g_snprintf(buf, size, "t%05u", i);
  return buf;
}

static VsOrg *
big_org(GArray *from, GArray *to)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(7);
  VsOrg *org = vs_org_new();
  char id[16], id2[16];

  for (guint i = 0; i < BIG_TEAMS + BIG_CUSTOMERS; i++) {
    VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
    gboolean customer = i >= BIG_TEAMS;
    attrs.revenue = customer ? 100.0 : NAN;
    assert_true(vs_org_add_unit(org, big_id(id, sizeof id, i),
                                customer ? VS_KIND_CUSTOMER : VS_KIND_TEAM, &attrs, NULL) >= 0);
  }
  for (guint i = 0; i < BIG_TEAMS; i++)
    for (guint k = 0; k < 4; k++) {
      guint32 f = i, t;
      if (g_rand_int_range(rand, 0, 10) == 0 || i + 1 == BIG_TEAMS)
        t = BIG_TEAMS + (guint32)g_rand_int_range(rand, 0, BIG_CUSTOMERS);
      else
        t = (guint32)g_rand_int_range(rand, (gint32)i + 1, (gint32)MIN(i + 51, BIG_TEAMS));
      assert_true(vs_org_add_handoff(org, big_id(id, sizeof id, f), big_id(id2, sizeof id2, t),
                                     NULL, NULL) >= 0);
      g_array_append_val(from, f);
      g_array_append_val(to, t);
    }
  return org;
}

/* For each customer, the units that reach it (a search backwards). */
static GPtrArray *
reached_by_search(const GArray *from, const GArray *to)
{
  guint n = BIG_TEAMS + BIG_CUSTOMERS;
  GPtrArray *want = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  g_autofree guint32 *seen = g_new0(guint32, n);
  g_autoptr(GArray) queue = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_autoptr(GPtrArray) preds = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);

  for (guint u = 0; u < n; u++) {
    g_ptr_array_add(want, g_array_new(FALSE, FALSE, sizeof(guint32)));
    g_ptr_array_add(preds, g_array_new(FALSE, FALSE, sizeof(guint32)));
  }
  for (guint e = 0; e < from->len; e++)
    g_array_append_val(preds->pdata[g_array_index(to, guint32, e)],
                       g_array_index(from, guint32, e));
  for (guint32 c = BIG_TEAMS; c < n; c++) { /* customers in id order */
    g_array_set_size(queue, 0);
    g_array_append_val(queue, c);
    seen[c] = c + 1;
    for (guint i = 0; i < queue->len; i++) {
      GArray *p = preds->pdata[g_array_index(queue, guint32, i)];
      for (guint k = 0; k < p->len; k++) {
        guint32 v = g_array_index(p, guint32, k);
        if (seen[v] == c + 1)
          continue;
        seen[v] = c + 1;
        g_array_append_val(queue, v);
        g_array_append_val(want->pdata[v], c);
      }
    }
  }
  return want;
}

static gpointer
big_worker(gpointer data)
{
  const Big *big = data;

  for (guint r = 0; r < big->rounds; r++) {
    g_autoptr(GError) error = NULL;
    VsAnalysis *a = vs_analysis_new(big->org, NULL, &error);
    if (a == NULL) {
      record_failure("big org: %s", error->message);
      return NULL;
    }
    if (r % 2 == 1) { /* freed while its sets and findings may still be under way */
      vs_analysis_free(a);
      continue;
    }
    /* the findings read at once (while they are made), or after the lists */
    if (r % 4 == 0 && findings_digest(a) != big->findings)
      record_failure("big org: findings read at once differ");
    for (guint u = 0; u < BIG_TEAMS + BIG_CUSTOMERS; u++) {
      const GArray *want = big->want->pdata[u];
      gsize len = 0;
      g_autofree guint32 *list = vs_analysis_dup_unit_customers(a, u, &len);
      if (len != want->len || (len > 0 && memcmp(list, want->data, len * sizeof(guint32)) != 0)) {
        record_failure("big org: the customers unit %u reaches differ from a search", u);
        break;
      }
    }
    if (r % 4 == 2 && findings_digest(a) != big->findings)
      record_failure("big org: findings read after the lists differ");
    vs_analysis_free(a);
  }
  return NULL;
}

/* Several threads analyse a large org at once. The customer sets and the
 * findings may still be under way on the analysis's own threads when it
 * returns: each thread then reads the findings at once or after listing
 * every unit's customers, or frees the analysis at once. */
static void
test_customer_sets_built_beside(void **state)
{
  g_autoptr(GArray) from = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_autoptr(GArray) to = g_array_new(FALSE, FALSE, sizeof(guint32));
  GThread *threads[4];
  Big big;
  gint64 start = g_get_monotonic_time();

  big.org = big_org(from, to);
  big.want = reached_by_search(from, to);
  big.rounds = 4;
  {
    g_autoptr(VsAnalysis) a = vs_analysis_new(big.org, NULL, NULL);
    assert_non_null(a);
    big.findings = findings_digest(a);
  }
  for (guint t = 0; t < G_N_ELEMENTS(threads); t++)
    threads[t] = g_thread_new("lists", big_worker, &big);
  for (guint t = 0; t < G_N_ELEMENTS(threads); t++)
    g_thread_join(threads[t]);
  printf("%zu threads x %u analyses of %u units in %.2f s\n", G_N_ELEMENTS(threads), big.rounds,
         BIG_TEAMS + BIG_CUSTOMERS, (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC);
  g_ptr_array_unref(big.want);
  vs_org_free(big.org);
  for (guint i = 0; i < failures->len && i < 20; i++)
    print_error("%s\n", (const char *)failures->pdata[i]);
  assert_int_equal(failures->len, 0);
}

/* ---- decide, then measure (SPEC 8-10) ---------------------------------------------- *
 *
 * The objects a host shares between threads are shared here on purpose:
 * one VsOrg, two VsScenarios, one baseline VsAnalysis that every scenario
 * is compared with, and one analysis per org that plans are made from.
 * None of them is read before the threads start; the references come from
 * other objects of the same content. */

#define DIFF_AS_OF "2026-Q2"

typedef struct {
  VsOrg *org;                /* tests/data/spec-costs, shared */
  char *path;                /* ... and its folder, for fresh loads */
  VsScenarios *scenarios[2]; /* spec-whatif/scenarios.json and .csv, shared */
  VsAnalysis *now;           /* the baseline: the shared org analysed, shared */
  VsAnalysis **plan_from;    /* per orgs[i], an analysis of its shared org, shared */
  /* the references, computed serially */
  char *whatif;     /* every scenario against the baseline */
  char *diff;       /* the org as of DIFF_AS_OF against the baseline */
  char *plan_short; /* 2 steps to 0.9 */
  char **plans;     /* per orgs[i], the default plan's JSON */
} Decide;

static Decide decide;

/* Compact JSON, as a host would write it to a string. */
static char *
stream_to_string(GOutputStream *mem)
{
  if (!g_output_stream_write_all(mem, "", 1, NULL, NULL, NULL) ||
      !g_output_stream_close(mem, NULL, NULL))
    return NULL;
  return g_memory_output_stream_steal_data(G_MEMORY_OUTPUT_STREAM(mem));
}

static char *
whatif_string(const VsScenarios *s, const VsComparison *const *cs, GError **error)
{
  VsReportOptions options = VS_REPORT_OPTIONS_INIT;
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable();

  options.pretty = FALSE;
  if (!vs_report_write_whatif(s, cs, VS_REPORT_JSON, &options, mem, NULL, error))
    return NULL;
  return stream_to_string(mem);
}

static char *
diff_string(const VsComparison *c, GError **error)
{
  VsReportOptions options = VS_REPORT_OPTIONS_INIT;
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable();

  options.pretty = FALSE;
  if (!vs_report_write_diff(c, VS_REPORT_JSON, &options, mem, NULL, error))
    return NULL;
  return stream_to_string(mem);
}

static char *
plan_string(const VsAnalysis *a, guint steps, double target, GError **error)
{
  VsPlanOptions options = VS_PLAN_OPTIONS_INIT;
  VsReportOptions report_options = VS_REPORT_OPTIONS_INIT;
  g_autoptr(VsPlan) plan = NULL;

  options.steps = steps;
  options.target = target;
  report_options.pretty = FALSE;
  plan = vs_plan_new(a, &options, error);
  return plan != NULL
             ? vs_report_dup_plan_string(plan, VS_REPORT_JSON, &report_options, NULL, error)
             : NULL;
}

/* Every scenario of @s applied to @org, analysed and compared with
 * @baseline: the what-if JSON. */
static char *
whatif_of(const VsScenarios *s, const VsOrg *org, const VsAnalysis *baseline, GError **error)
{
  gsize n = vs_scenarios_get_n(s);
  g_autoptr(GPtrArray) as = g_ptr_array_new_with_free_func((GDestroyNotify)vs_analysis_free);
  g_autoptr(GPtrArray) cs = g_ptr_array_new_with_free_func((GDestroyNotify)vs_comparison_free);

  for (gsize i = 0; i < n; i++) {
    g_autoptr(VsOrg) changed = vs_scenarios_apply(s, i, org, NULL, error);
    VsAnalysis *a = changed != NULL ? vs_analysis_new(changed, NULL, error) : NULL;
    VsComparison *c;
    if (a == NULL)
      return NULL;
    g_ptr_array_add(as, a);
    if ((c = vs_comparison_new(baseline, a, error)) == NULL)
      return NULL;
    g_ptr_array_add(cs, c);
  }
  return whatif_string(s, (const VsComparison *const *)cs->pdata, error);
}

/* @org as of DIFF_AS_OF compared with @now: the diff JSON. */
static char *
diff_of(const VsOrg *org, const VsAnalysis *now, GError **error)
{
  VsAnalysisOptions options = VS_ANALYSIS_OPTIONS_INIT;
  g_autoptr(VsAnalysis) then = NULL;
  g_autoptr(VsComparison) c = NULL;

  options.as_of = DIFF_AS_OF;
  then = vs_analysis_new(org, &options, error);
  c = then != NULL ? vs_comparison_new(then, now, error) : NULL;
  return c != NULL ? diff_string(c, error) : NULL;
}

static int
decide_setup(void **state)
{
  const char *names[] = {"scenarios.json", "scenarios.csv"};
  g_autoptr(GError) error = NULL;
  g_autoptr(VsOrg) org = NULL;
  g_autoptr(VsAnalysis) now = NULL;
  g_autofree char *from_csv = NULL;

  decide.path = vs_test_path("spec-costs");
  if ((org = vs_load(decide.path, &error)) == NULL ||
      (decide.org = vs_load(decide.path, &error)) == NULL)
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *path = g_build_filename(VS_TEST_DATA, "spec-whatif", names[i], NULL);
    if ((decide.scenarios[i] = vs_scenarios_load(path, &error)) == NULL)
      goto fail;
  }
  /* the references, from objects the threads never see */
  if ((now = vs_analysis_new(org, NULL, &error)) == NULL ||
      (decide.whatif = whatif_of(decide.scenarios[0], org, now, &error)) == NULL ||
      (from_csv = whatif_of(decide.scenarios[1], org, now, &error)) == NULL ||
      (decide.diff = diff_of(org, now, &error)) == NULL ||
      (decide.plan_short = plan_string(now, 2, 0.9, &error)) == NULL)
    goto fail;
  if (strcmp(decide.whatif, from_csv) != 0) {
    fprintf(stderr, "the scenarios from JSON and from CSV give different what-ifs\n");
    return -1;
  }
  /* the shared objects, not read before the threads start */
  if ((decide.now = vs_analysis_new(decide.org, NULL, &error)) == NULL)
    goto fail;
  decide.plans = g_new0(char *, n_orgs);
  decide.plan_from = g_new0(VsAnalysis *, n_orgs);
  for (guint i = 0; i < n_orgs; i++) {
    if ((decide.plans[i] = plan_string(orgs[i].analysis, 5, 1, &error)) == NULL ||
        (decide.plan_from[i] = vs_analysis_new(orgs[i].shared, NULL, &error)) == NULL) {
      fprintf(stderr, "%s: ", orgs[i].name);
      goto fail;
    }
  }
  return 0;
fail:
  fprintf(stderr, "%s\n", error != NULL ? error->message : "failed");
  return -1;
}

static int
decide_teardown(void **state)
{
  for (guint i = 0; i < n_orgs && decide.plans != NULL; i++) {
    g_free(decide.plans[i]);
    vs_analysis_free(decide.plan_from[i]);
  }
  g_free(decide.plans);
  g_free(decide.plan_from);
  vs_analysis_free(decide.now);
  for (guint i = 0; i < G_N_ELEMENTS(decide.scenarios); i++)
    vs_scenarios_free(decide.scenarios[i]);
  vs_org_free(decide.org);
  g_free(decide.path);
  g_free(decide.whatif);
  g_free(decide.diff);
  g_free(decide.plan_short);
  memset(&decide, 0, sizeof decide);
  return 0;
}

static void
check_string(const char *got, const char *want, const GError *error, const char *what, guint t)
{
  if (got == NULL)
    record_failure("thread %u: %s: %s", t, what, error != NULL ? error->message : "no output");
  else if (strcmp(got, want) != 0)
    record_failure("thread %u: %s differs from the serial one", t, what);
}

static gpointer
decide_worker(gpointer data)
{
  guint t = GPOINTER_TO_UINT(data);

  for (guint k = 0; k < rounds; k++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(VsOrg) own = NULL;
    const VsOrg *org;
    const char *how;
    const Org *o = &orgs[(t * 5 + k) % n_orgs];
    const VsScenarios *s = decide.scenarios[(t + k) % 2];

    /* the org the scenarios apply to: the shared one, a copy of it, or
     * one loaded in this thread */
    switch ((t + k / 2) % 3) {
    case 0:
      org = decide.org;
      how = "shared org";
      break;
    case 1:
      org = own = vs_org_copy(decide.org);
      how = "copied org";
      break;
    default:
      org = own = vs_load(decide.path, &error);
      how = "org loaded again";
      if (org == NULL) {
        record_failure("thread %u: loading %s: %s", t, decide.path, error->message);
        continue;
      }
    }
    {
      g_autofree char *whatif = whatif_of(s, org, decide.now, &error);
      g_autofree char *what =
          g_strdup_printf("what-if (%s, %s)", how, s == decide.scenarios[0] ? "JSON" : "CSV");
      check_string(whatif, decide.whatif, error, what, t);
      g_clear_error(&error);
    }
    {
      g_autofree char *diff = diff_of(org, decide.now, &error);
      g_autofree char *what = g_strdup_printf("diff as of " DIFF_AS_OF " (%s)", how);
      check_string(diff, decide.diff, error, what, t);
      g_clear_error(&error);
    }
    {
      g_autofree char *plan = plan_string(decide.now, 2, 0.9, &error);
      check_string(plan, decide.plan_short, error, "plan of the shared baseline", t);
      g_clear_error(&error);
    }
    {
      guint i = (guint)(o - orgs);
      g_autofree char *plan = plan_string(decide.plan_from[i], 5, 1, &error);
      g_autofree char *what = g_strdup_printf("plan of %s", o->name);
      check_string(plan, decide.plans[i], error, what, t);
    }
  }
  return NULL;
}

static void
test_decisions_agree_with_serial(void **state)
{
  GThread *threads[N_THREADS];
  gint64 start = g_get_monotonic_time();

  g_ptr_array_set_size(failures, 0);
  for (guint t = 0; t < N_THREADS; t++)
    threads[t] = g_thread_new("decide", decide_worker, GUINT_TO_POINTER(t));
  for (guint t = 0; t < N_THREADS; t++)
    g_thread_join(threads[t]);
  printf("%d threads x %u rounds of what-ifs (%zu scenarios), diffs and plans in %.2f s\n",
         N_THREADS, rounds, vs_scenarios_get_n(decide.scenarios[0]),
         (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC);
  for (guint i = 0; i < failures->len && i < 20; i++)
    print_error("%s\n", (const char *)failures->pdata[i]);
  assert_int_equal(failures->len, 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_threads_agree_with_serial),
      cmocka_unit_test(test_customer_sets_built_beside),
      cmocka_unit_test_setup_teardown(test_decisions_agree_with_serial, decide_setup,
                                      decide_teardown),
  };
  return cmocka_run_group_tests_name("threads", tests, setup, teardown);
}
