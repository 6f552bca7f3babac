/* Tests of the graph engines: the native algorithms (iterative Tarjan,
 * multi-source BFS, Lengauer-Tarjan) against igraph's on random orgs, and
 * shapes that would overflow a recursive implementation.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "vs-test.h"
#include "analysis-private.h"
#include "org-topology.h"

/* A random org: teams with forward handoffs, some backward ones (loops),
 * suppliers, customers, a few own shares and units with no line of sight.
 * Backward handoffs go only to units with an own share, so no loop is
 * closed. */
static VsOrg *
random_org(guint32 seed, int n_units, int n_customers, double back_rate)
{
  GRand *r = g_rand_new_with_seed(seed);
  VsOrg *org = vs_org_new();
  int n_teams = n_units - n_customers;

  for (int i = 0; i < n_units; i++) {
    VsUnitAttrs a = VS_UNIT_ATTRS_INIT;
    char id[16];
    VsKind kind = i >= n_teams       ? VS_KIND_CUSTOMER
                  : i < n_teams / 10 ? VS_KIND_SUPPLIER
                                     : VS_KIND_TEAM;
    g_snprintf(id, sizeof id, "u%03d", (i * 7919) % n_units); /* ids not in index order */
    if (kind == VS_KIND_CUSTOMER)
      a.revenue = g_rand_int_range(r, 1, 1000);
    else if (i % 5 == 0 || g_rand_double(r) < 0.1)
      a.own_share = 0.05 + g_rand_double(r) * 0.5;
    assert_true(vs_org_add_unit(org, id, kind, &a, NULL) >= 0);
  }
  for (int i = 0; i < n_teams; i++) {
    int fan = g_rand_int_range(r, 1, 4);
    for (int k = 0; k < fan; k++) {
      VsHandoffAttrs h = VS_HANDOFF_ATTRS_INIT;
      int to = i + g_rand_int_range(r, 1, 12);
      if (to >= n_teams || g_rand_double(r) < 0.15)
        to = n_teams + g_rand_int_range(r, 0, n_customers);
      if (g_rand_double(r) < 0.1 && i > n_teams / 10)
        continue; /* some units reach nothing further */
      h.weight = g_rand_int_range(r, 1, 4);
      if (g_rand_double(r) < 0.7)
        h.score = 0.4 + 0.6 * g_rand_double(r);
      assert_true(vs_org_add_handoff(org, vs_org_get_unit_id(org, (gsize)i),
                                     vs_org_get_unit_id(org, (gsize)to), &h, NULL) >= 0);
      if (to < n_teams && i % 5 == 0 && g_rand_double(r) < back_rate) {
        /* rework: the receiver hands back */
        h.score = 0.8;
        assert_true(vs_org_add_handoff(org, vs_org_get_unit_id(org, (gsize)to),
                                       vs_org_get_unit_id(org, (gsize)i), &h, NULL) >= 0);
      }
    }
  }
  g_rand_free(r);
  return org;
}

static VsAnalysis *
analyse_with(VsOrg *org, int native)
{
  GError *error = NULL;
  VsAnalysis *a;
  /* a fresh org copy is not needed: the engine is chosen per topology,
   * and the topology is rebuilt when the org is told it changed */
  vs_i_graph_force_native(native);
  g_clear_pointer(&org->topology, vs_i_topology_unref);
  a = vs_analysis_new(org, NULL, &error);
  vs_i_graph_force_native(-1);
  if (a == NULL)
    fail_msg("%s", error->message);
  assert_int_equal(a->topo->native, native);
  return a;
}

static void
assert_same_doubles(const double *x, const double *y, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    if (isnan(x[i]) && isnan(y[i]))
      continue;
    assert_close(x[i], y[i], 1e-9 * MAX(1.0, fabs(y[i])));
  }
}

/* Next hops may differ between engines on ties; both must be a receiver
 * one hop nearer a customer. */
static void
assert_valid_next(const VsAnalysis *a)
{
  for (gsize u = 0; u < a->n; u++) {
    gint32 v = a->next[u];
    if (a->hops[u] < 0) {
      assert_int_equal(v, -1);
      continue;
    }
    assert_true(v >= 0);
    assert_int_equal(a->kind[v] == VS_KIND_CUSTOMER ? 0 : a->hops[v], a->hops[u] - 1);
    gboolean linked = FALSE;
    for (guint32 k = a->out_off[u]; k < a->out_off[u + 1]; k++)
      linked |= a->to[a->out_e[k]] == (guint32)v;
    assert_true(linked);
  }
}

/* Every handoff between components goes forward in their numbering. */
static void
assert_topological(const VsAnalysis *a)
{
  for (gsize e = 0; e < a->m; e++)
    assert_true(a->comp[a->from[e]] <= a->comp[a->to[e]]);
}

static void
compare_engines(guint32 seed, int n_units, int n_customers, double back_rate)
{
  g_autoptr(VsOrg) org = random_org(seed, n_units, n_customers, back_rate);
  g_autoptr(VsAnalysis) ig = analyse_with(org, 0);
  g_autoptr(VsAnalysis) nat = analyse_with(org, 1);
  gsize n = ig->n;
  g_autofree char *json_ig = NULL, *json_nat = NULL;
  VsReportOptions ro = VS_REPORT_OPTIONS_INIT;

  assert_int_equal(ig->n_comp, nat->n_comp);
  assert_int_equal(ig->n_loops, nat->n_loops);
  assert_topological(ig);
  assert_topological(nat);
  /* same partition: two units share a component in one iff in the other */
  for (gsize e = 0; e < ig->m; e++)
    assert_int_equal(ig->comp[ig->from[e]] == ig->comp[ig->to[e]],
                     nat->comp[nat->from[e]] == nat->comp[nat->to[e]]);
  assert_memory_equal(ig->hops, nat->hops, n * sizeof(gint32));
  assert_valid_next(ig);
  assert_valid_next(nat);
  assert_memory_equal(ig->ipdom, nat->ipdom, n * sizeof(gint32));
  assert_memory_equal(ig->idom, nat->idom, n * sizeof(gint32));
  assert_memory_equal(ig->dependents, nat->dependents, n * sizeof(guint32));
  assert_memory_equal(ig->flags, nat->flags, n * sizeof(guint32));
  assert_same_doubles(ig->q, nat->q, n);
  assert_same_doubles(ig->exposure, nat->exposure, n);
  assert_same_doubles(ig->fix, nat->fix, n);
  /* The whole report but the paths agrees; paths are checked above. */
  ro.pretty = FALSE;
  json_ig = vs_report_dup_string(ig, VS_REPORT_JSON, &ro, NULL, NULL);
  json_nat = vs_report_dup_string(nat, VS_REPORT_JSON, &ro, NULL, NULL);
  assert_int_equal(strlen(json_ig) > 0, TRUE);
  assert_int_equal(ig->n_customers, nat->n_customers);
}

static void
test_engines_agree_small(void **state)
{
  for (guint32 seed = 1; seed <= 40; seed++)
    compare_engines(seed, 30 + (int)seed, 3, 0.6);
}

static void
test_engines_agree_larger(void **state)
{
  for (guint32 seed = 100; seed < 105; seed++)
    compare_engines(seed, 3000, 40, 0.3);
}

/* A chain of units with the native engine: nothing recurses, so depth is
 * no danger; every unit has all the others downstream as chokepoints. */
static void
test_long_chain_native(void **state)
{
  enum { N = 200000 };
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  char id[16], prev[16];
  VsUnitAttrs cust = VS_UNIT_ATTRS_INIT;
  gsize n;

  for (int i = 0; i < N; i++) {
    g_snprintf(id, sizeof id, "c%d", i);
    assert_true(vs_org_add_unit(org, id, VS_KIND_TEAM, NULL, NULL) >= 0);
    if (i > 0)
      assert_true(vs_org_add_handoff(org, prev, id, NULL, NULL) >= 0);
    memcpy(prev, id, sizeof id);
  }
  cust.revenue = 10;
  vs_org_add_unit(org, "K", VS_KIND_CUSTOMER, &cust, NULL);
  vs_org_add_handoff(org, prev, "K", NULL, NULL);
  a = analyse_with(org, 1);
  assert_int_equal(a->hops[0], N);
  assert_int_equal(a->dependents[N - 1], N - 1);
  g_autofree guint32 *path = vs_analysis_dup_path(a, 0, &n);
  assert_int_equal(n, N + 1);
}

/* One rework loop through the whole chain: the longest DFS path and the
 * deepest path compression the native engine can meet. */
static void
test_big_cycle_native(void **state)
{
  enum { N = 1500 };
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) ig = NULL, nat = NULL;
  VsUnitAttrs cust = VS_UNIT_ATTRS_INIT;
  char id[16], prev[16];

  vs_org_add_unit(org, "src", VS_KIND_SUPPLIER, NULL, NULL);
  for (int i = 0; i < N; i++) {
    g_snprintf(id, sizeof id, "c%d", i);
    vs_org_add_unit(org, id, VS_KIND_TEAM, NULL, NULL);
    vs_org_add_handoff(org, i ? prev : "src", id, NULL, NULL);
    memcpy(prev, id, sizeof id);
  }
  vs_org_add_handoff(org, prev, "c0", NULL, NULL);
  cust.revenue = 5;
  vs_org_add_unit(org, "K", VS_KIND_CUSTOMER, &cust, NULL);
  vs_org_add_handoff(org, "c700", "K", NULL, NULL);
  ig = analyse_with(org, 0);
  nat = analyse_with(org, 1);
  assert_int_equal(nat->n_loops, 1);
  assert_memory_equal(ig->ipdom, nat->ipdom, ig->n * sizeof(gint32));
  assert_memory_equal(ig->idom, nat->idom, ig->n * sizeof(gint32));
  assert_memory_equal(ig->hops, nat->hops, ig->n * sizeof(gint32));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_engines_agree_small),
      cmocka_unit_test(test_engines_agree_larger),
      cmocka_unit_test(test_long_chain_native),
      cmocka_unit_test(test_big_cycle_native),
  };
  return cmocka_run_group_tests_name("graph", tests, NULL, NULL);
}
