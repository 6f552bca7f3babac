/* Tests of cost to serve (SPEC section 7): the worked examples, a textbook
 * case, markup, the volume basis, stranded cost, and the conservation
 * identity on random orgs with loops against an independent computation.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "vs-orgs.h"

/* A unit with a cost (and, for customers, a revenue). */
static void
costed_unit(VsOrg *org, const char *id, VsKind kind, double cost, double revenue, double own)
{
  VsUnitAttrs a = VS_UNIT_ATTRS_INIT;
  GError *error = NULL;

  a.cost = cost;
  a.revenue = revenue;
  a.own_share = own;
  if (vs_org_add_unit(org, id, kind, &a, &error) < 0)
    fail_msg("%s", error->message);
}

static void
volume_handoff(VsOrg *org, const char *from, const char *to, double weight, double volume)
{
  VsHandoffAttrs a = VS_HANDOFF_ATTRS_INIT;
  GError *error = NULL;

  a.weight = weight;
  a.volume = volume;
  if (vs_org_add_handoff(org, from, to, &a, &error) < 0)
    fail_msg("%s", error->message);
}

static VsAnalysis *
analyse_with(VsOrg *org, VsCostBasis basis, double markup)
{
  VsAnalysisOptions o = VS_ANALYSIS_OPTIONS_INIT;
  GError *error = NULL;
  VsAnalysis *a;

  o.cost_basis = basis;
  o.markup = markup;
  a = vs_analysis_new(org, &o, &error);
  if (a == NULL)
    fail_msg("%s", error->message);
  return a;
}

static double
at(const VsAnalysis *a, const double *values, const char *id)
{
  gssize u = vs_org_find_unit(vs_analysis_get_org(a), id);
  assert_true(u >= 0);
  return values[u];
}

/* The customer's place in vs_analysis_get_customers(). */
static gsize
customer_slot(const VsAnalysis *a, const char *id)
{
  gsize n;
  const guint32 *customers = vs_analysis_get_customers(a, &n);
  gssize u = vs_org_find_unit(vs_analysis_get_org(a), id);

  for (gsize k = 0; k < n; k++)
    if ((gssize)customers[k] == u)
      return k;
  fail_msg("%s is no customer", id);
  return 0;
}

/* SPEC 11, reciprocal allocation: A and B serve each other. */
static void
test_spec_reciprocal(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;

  costed_unit(org, "A", T, 150, NAN, 0.5);
  costed_unit(org, "B", T, 300, NAN, 0.5);
  costed_unit(org, "X", C, NAN, 600, NAN);
  costed_unit(org, "Y", C, NAN, 400, NAN);
  handoff(org, "A", "B", NULL, 0.4, NAN);
  handoff(org, "A", "X", NULL, 0.4, NAN);
  handoff(org, "A", "Y", NULL, 0.2, NAN);
  handoff(org, "B", "A", NULL, 0.2, NAN);
  handoff(org, "B", "X", NULL, 0.7, NAN);
  handoff(org, "B", "Y", NULL, 0.1, NAN);
  a = analyse(org);
  assert_close(at(a, vs_analysis_get_loaded_costs(a, NULL), "A"), 228.2608696, 1e-7);
  assert_close(at(a, vs_analysis_get_loaded_costs(a, NULL), "B"), 391.3043478, 1e-7);
  assert_close(at(a, vs_analysis_get_costs_to_serve(a, NULL), "X"), 365.2173913, 1e-7);
  assert_close(at(a, vs_analysis_get_costs_to_serve(a, NULL), "Y"), 84.7826087, 1e-7);
  assert_close(at(a, vs_analysis_get_margins(a, NULL), "X"), 600 - 365.2173913, 1e-7);
  assert_close(vs_analysis_get_total_stranded_cost(a), 0, 0);
  assert_close(vs_analysis_get_total_cost(a), 450, 1e-12);
}

/* SPEC 11, the section 6 org with costs. */
static void
test_spec_org_with_costs(void **state)
{
  static const char *const ids[] = {"A", "B", "C", "D", "E"};
  static const double costs[] = {120, 90, 200, 150, 40};
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  g_autoptr(VsOrg) spec = spec_org();
  const double *loaded, *stranded, *charge;
  double shares[2];

  /* The spec org's units and handoffs, with costs. */
  for (gsize i = 0; i < G_N_ELEMENTS(ids); i++)
    costed_unit(org, ids[i], T, costs[i], NAN, i == 3 ? 0.2 : NAN);
  costed_unit(org, "X", C, NAN, 600, NAN);
  costed_unit(org, "Y", C, NAN, 400, NAN);
  for (gsize e = 0; e < vs_org_get_n_handoffs(spec); e++)
    handoff(org, vs_org_get_unit_id(spec, vs_org_get_handoff_from(spec, e)),
            vs_org_get_unit_id(spec, vs_org_get_handoff_to(spec, e)),
            vs_org_get_handoff_deliverable(spec, e), vs_org_get_handoff_weight(spec, e),
            vs_org_get_handoff_score(spec, e));
  a = analyse(org);
  loaded = vs_analysis_get_loaded_costs(a, NULL);
  stranded = vs_analysis_get_stranded_costs(a, NULL);
  assert_close(at(a, loaded, "A"), 120, 1e-9);
  assert_close(at(a, loaded, "B"), 130, 1e-9);
  assert_close(at(a, loaded, "C"), 565, 1e-9);
  assert_close(at(a, loaded, "D"), 715, 1e-9);
  assert_true(isnan(at(a, loaded, "E")));
  assert_close(at(a, vs_analysis_get_costs_to_serve(a, NULL), "X"), 238.3333333, 1e-7);
  assert_close(at(a, vs_analysis_get_costs_to_serve(a, NULL), "Y"), 281.6666667, 1e-7);
  assert_close(at(a, stranded, "E"), 80, 1e-9);
  assert_close(at(a, stranded, "A"), 0, 0);
  assert_close(vs_analysis_get_total_cost(a), 600, 1e-9);
  assert_close(vs_analysis_get_total_cost_to_serve(a), 520, 1e-9);
  assert_close(vs_analysis_get_total_stranded_cost(a), 80, 1e-9);
  vs_analysis_get_unit_cost_shares(a, 0, shares);
  assert_close(shares[customer_slot(a, "X")], 0.2777778, 1e-7);
  assert_close(shares[customer_slot(a, "Y")], 0.3888889, 1e-7);
  charge = vs_analysis_get_handoff_charges(a, NULL);
  assert_close(charge[8], 40, 1e-9); /* A -> E */
  /* Customers carry no cost; a unit outside Rc passes nothing on. */
  assert_true(isnan(at(a, vs_analysis_get_margins(a, NULL), "A")));
  vs_analysis_get_unit_cost_shares(a, 4, shares);
  assert_close(shares[0] + shares[1], 0, 0);
}

/* A textbook case (Horngren, Datar and Rajan, "Cost Accounting", the
 * reciprocal method): service departments S1 (30,000) and S2 (20,000);
 * S1's service goes 4:3:3 to P1, P2 and S2, S2's 3:4:3 to P1, P2 and S1.
 * Reciprocal totals S1 39,560.44 and S2 31,868.13; P1 receives 25,384.62
 * and P2 24,615.38. Here P1 and P2 are teams with no cost of their own
 * that serve a customer, and S1 and S2 create part of their output so
 * that their loop is not closed. */
static void
test_textbook_reciprocal(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  const double *loaded;

  costed_unit(org, "S1", T, 30000, NAN, 0.5);
  costed_unit(org, "S2", T, 20000, NAN, 0.5);
  costed_unit(org, "P1", T, NAN, NAN, NAN);
  costed_unit(org, "P2", T, NAN, NAN, NAN);
  costed_unit(org, "market", C, NAN, 100000, NAN);
  handoff(org, "S1", "P1", NULL, 4, NAN);
  handoff(org, "S1", "P2", NULL, 3, NAN);
  handoff(org, "S1", "S2", NULL, 3, NAN);
  handoff(org, "S2", "P1", NULL, 3, NAN);
  handoff(org, "S2", "P2", NULL, 4, NAN);
  handoff(org, "S2", "S1", NULL, 3, NAN);
  handoff(org, "P1", "market", NULL, 1, NAN);
  handoff(org, "P2", "market", NULL, 1, NAN);
  a = analyse(org);
  loaded = vs_analysis_get_loaded_costs(a, NULL);
  assert_close(at(a, loaded, "S1"), 39560.44, 0.005);
  assert_close(at(a, loaded, "S2"), 31868.13, 0.005);
  assert_close(at(a, loaded, "P1"), 25384.62, 0.005);
  assert_close(at(a, loaded, "P2"), 24615.38, 0.005);
  assert_close(at(a, vs_analysis_get_costs_to_serve(a, NULL), "market"), 50000, 1e-9);
}

/* Markup is added once, to a team's own cost; suppliers pass through. */
static void
test_markup_on_teams_only(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;

  costed_unit(org, "vendor", S, 100, NAN, NAN);
  costed_unit(org, "ops", T, 200, NAN, NAN);
  costed_unit(org, "c", C, NAN, 1000, NAN);
  handoff(org, "vendor", "ops", NULL, 1, NAN);
  handoff(org, "ops", "c", NULL, 1, NAN);
  a = analyse_with(org, VS_COST_BASIS_WEIGHT, 0.1);
  assert_close(at(a, vs_analysis_get_loaded_costs(a, NULL), "vendor"), 100, 1e-12);
  assert_close(at(a, vs_analysis_get_loaded_costs(a, NULL), "ops"), 320, 1e-12);
  assert_close(at(a, vs_analysis_get_costs_to_serve(a, NULL), "c"), 320, 1e-12);
  assert_close(at(a, vs_analysis_get_unit_costs(a, NULL), "ops"), 200, 0);
  assert_close(vs_analysis_get_total_cost(a), 320, 1e-12);
}

/* Under the volume basis a handoff of volume 0 carries no cost: a unit
 * whose only way to a customer has none is outside Rc. A handoff without
 * a volume is an error naming it. */
static void
test_volume_basis(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL, by_weight = NULL;
  GError *error = NULL;
  VsAnalysisOptions o = VS_ANALYSIS_OPTIONS_INIT;

  costed_unit(org, "a", T, 90, NAN, NAN);
  costed_unit(org, "b", T, 10, NAN, NAN);
  costed_unit(org, "idle", T, 5, NAN, NAN);
  costed_unit(org, "c", C, NAN, 1000, NAN);
  volume_handoff(org, "a", "b", 1, 20);
  volume_handoff(org, "a", "c", 1, 10);
  volume_handoff(org, "b", "c", 1, 7);
  volume_handoff(org, "idle", "c", 1, 0);
  a = analyse_with(org, VS_COST_BASIS_VOLUME, 0);
  assert_close(at(a, vs_analysis_get_loaded_costs(a, NULL), "b"), 10 + 60, 1e-12);
  assert_true(isnan(at(a, vs_analysis_get_loaded_costs(a, NULL), "idle")));
  assert_close(at(a, vs_analysis_get_stranded_costs(a, NULL), "idle"), 5, 0);
  assert_true(isnan(vs_analysis_get_handoff_charges(a, NULL)[3]));
  assert_close(vs_analysis_get_total_cost_to_serve(a), 100, 1e-12);
  by_weight = analyse_with(org, VS_COST_BASIS_WEIGHT, 0);
  assert_close(at(by_weight, vs_analysis_get_loaded_costs(by_weight, NULL), "b"), 55, 1e-12);
  assert_close(vs_analysis_get_total_stranded_cost(by_weight), 0, 0);

  volume_handoff(org, "b", "idle", 2, NAN);
  o.cost_basis = VS_COST_BASIS_VOLUME;
  assert_null(vs_analysis_new(org, &o, &error));
  assert_error(error, VS_ERROR_INVALID, "handoff 5 (b -> idle)", "no volume");
}

/* Cost that enters a loop reaching no customer stays there: stranded with
 * the units that hold it, not lost. */
static void
test_stranded_in_a_loop(void **state)
{
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;

  costed_unit(org, "src", T, 100, NAN, NAN);
  costed_unit(org, "p", T, 10, NAN, 0.3);
  costed_unit(org, "q", T, 20, NAN, 0.3);
  costed_unit(org, "c", C, NAN, 500, NAN);
  handoff(org, "src", "p", NULL, 1, NAN);
  handoff(org, "src", "c", NULL, 3, NAN);
  handoff(org, "p", "q", NULL, 1, NAN);
  handoff(org, "q", "p", NULL, 1, NAN);
  a = analyse(org);
  assert_close(at(a, vs_analysis_get_costs_to_serve(a, NULL), "c"), 75, 1e-12);
  assert_close(at(a, vs_analysis_get_stranded_costs(a, NULL), "p"), 10 + 25, 1e-12);
  assert_close(at(a, vs_analysis_get_stranded_costs(a, NULL), "q"), 20, 1e-12);
  assert_close(vs_analysis_get_total_stranded_cost(a), 55, 1e-12);
  assert_close(vs_analysis_get_total_cost(a), 130, 1e-12);
}

/* ---- random orgs with loops, against a second computation ---------------- */

/* Teams on random handoffs both ways (loops, none closed: every team
 * creates a tenth of its output), suppliers, customers, some units with no
 * way to a customer, random costs and volumes (some 0). */
static VsOrg *
random_costed_org(guint32 seed)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed(seed);
  guint n_teams = (guint)g_rand_int_range(rng, 5, 40), n_sup = 3, n_cust = 4;
  VsOrg *org = vs_org_new();
  char id[16], to[16];

  for (guint i = 0; i < n_sup; i++) {
    g_snprintf(id, sizeof id, "s%u", i);
    costed_unit(org, id, S, g_rand_int_range(rng, 0, 50), NAN, NAN);
  }
  for (guint i = 0; i < n_teams; i++) {
    g_snprintf(id, sizeof id, "t%u", i);
    costed_unit(org, id, T,
                g_rand_int_range(rng, 0, 4) == 0 ? NAN : g_rand_double_range(rng, 0, 900), NAN,
                0.1);
  }
  for (guint i = 0; i < n_cust; i++) {
    g_snprintf(id, sizeof id, "c%u", i);
    costed_unit(org, id, C, NAN, g_rand_int_range(rng, 0, 1000), NAN);
  }
  for (guint i = 0; i < n_sup; i++) {
    g_snprintf(id, sizeof id, "s%u", i);
    g_snprintf(to, sizeof to, "t%u", (guint)g_rand_int_range(rng, 0, (gint32)n_teams));
    volume_handoff(org, id, to, g_rand_double_range(rng, 0.1, 3), g_rand_int_range(rng, 0, 5));
  }
  for (guint i = 0; i < n_teams * 3; i++) {
    guint u = (guint)g_rand_int_range(rng, 0, (gint32)n_teams);
    guint v = (guint)g_rand_int_range(rng, 0, (gint32)(n_teams + n_cust));
    if (u == v || g_rand_int_range(rng, 0, 6) == 0) /* some teams reach nobody */
      continue;
    g_snprintf(id, sizeof id, "t%u", u);
    if (v < n_teams)
      g_snprintf(to, sizeof to, "t%u", v);
    else
      g_snprintf(to, sizeof to, "c%u", v - n_teams);
    volume_handoff(org, id, to, g_rand_double_range(rng, 0.1, 3), g_rand_int_range(rng, 0, 5));
  }
  return org;
}

/* SPEC 7 computed the slow way: Rc by repeated sweeps, then x = charged +
 * C^T x iterated until it stops changing (C is substochastic with every
 * row of Rc leaking, so the series converges). */
static double *
costs_by_iteration(const VsOrg *org, gboolean volume, double markup, guint8 *in_rc)
{
  gsize n = vs_org_get_n_units(org), m = vs_org_get_n_handoffs(org);
  g_autofree double *basis = g_new(double, m), *out_sum = g_new0(double, n);
  g_autofree double *next = g_new(double, n), *charged = g_new(double, n);
  double *x = g_new(double, n);
  gboolean changed = TRUE;

  for (gsize e = 0; e < m; e++) {
    basis[e] = volume ? vs_org_get_handoff_volume(org, e) : vs_org_get_handoff_weight(org, e);
    out_sum[vs_org_get_handoff_from(org, e)] += basis[e];
  }
  memset(in_rc, 0, n);
  while (changed) {
    changed = FALSE;
    for (gsize e = 0; e < m; e++) {
      gsize p = vs_org_get_handoff_from(org, e), v = vs_org_get_handoff_to(org, e);
      if (!in_rc[p] && basis[e] > 0 && (in_rc[v] || vs_org_get_unit_kind(org, v) == C))
        in_rc[p] = changed = TRUE;
    }
  }
  for (gsize u = 0; u < n; u++) {
    double cost = vs_org_get_unit_cost(org, u);
    charged[u] = vs_org_get_unit_kind(org, u) == T ? cost * (1 + markup) : cost;
    x[u] = charged[u];
  }
  for (int it = 0; it < 100000; it++) {
    double delta = 0;
    memcpy(next, charged, n * sizeof(double));
    for (gsize e = 0; e < m; e++) {
      gsize p = vs_org_get_handoff_from(org, e);
      if (in_rc[p] && basis[e] > 0)
        next[vs_org_get_handoff_to(org, e)] += basis[e] / out_sum[p] * x[p];
    }
    for (gsize u = 0; u < n; u++)
      delta = MAX(delta, fabs(next[u] - x[u]));
    memcpy(x, next, n * sizeof(double));
    if (delta < 1e-13)
      break;
  }
  return x;
}

static void
check_random_org(guint32 seed, gboolean volume, double markup)
{
  g_autoptr(VsOrg) org = random_costed_org(seed);
  g_autoptr(VsAnalysis) a =
      analyse_with(org, volume ? VS_COST_BASIS_VOLUME : VS_COST_BASIS_WEIGHT, markup);
  gsize n = vs_org_get_n_units(org), n_cust;
  g_autofree guint8 *in_rc = g_new(guint8, n);
  g_autofree double *x = costs_by_iteration(org, volume, markup, in_rc);
  g_autofree double *column = g_new(double, n);
  const guint32 *customers = vs_analysis_get_customers(a, &n_cust);
  const double *loaded = vs_analysis_get_loaded_costs(a, NULL);
  const double *stranded = vs_analysis_get_stranded_costs(a, NULL);
  const double *served = vs_analysis_get_costs_to_serve(a, NULL);
  double total = vs_analysis_get_total_cost(a);
  double tol = 1e-9 * MAX(1.0, total);

  /* Nothing lost or created. */
  assert_close(vs_analysis_get_total_cost_to_serve(a) + vs_analysis_get_total_stranded_cost(a),
               total, tol);
  for (gsize u = 0; u < n; u++) {
    VsKind kind = vs_org_get_unit_kind(org, u);
    if (kind == C)
      assert_close(served[u], x[u], tol);
    else if (in_rc[u])
      assert_close(loaded[u], x[u], tol);
    else {
      assert_true(isnan(loaded[u]));
      assert_close(stranded[u], x[u], tol);
    }
  }
  /* A customer's cost to serve is what each unit's cost share sends it,
   * by the forward and by the backward pass. */
  for (gsize k = 0; k < n_cust; k++) {
    double sum = 0, by_unit = 0, shares[8];
    assert_true(vs_analysis_get_customer_cost_shares(a, customers[k], column));
    for (gsize u = 0; u < n; u++) {
      double charged = vs_org_get_unit_kind(org, u) == T ? (1 + markup) : 1;
      charged *= vs_org_get_unit_cost(org, u);
      sum += charged * column[u];
      vs_analysis_get_unit_cost_shares(a, u, shares);
      assert_close(shares[k], column[u], 1e-9);
      by_unit += charged * shares[k];
    }
    assert_close(sum, served[customers[k]], tol);
    assert_close(by_unit, served[customers[k]], tol);
  }
}

static void
test_random_orgs_conserve_cost(void **state)
{
  for (guint32 seed = 1; seed <= 60; seed++) {
    check_random_org(seed, FALSE, 0);
    check_random_org(seed, TRUE, 0.15);
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_spec_reciprocal),
      cmocka_unit_test(test_spec_org_with_costs),
      cmocka_unit_test(test_textbook_reciprocal),
      cmocka_unit_test(test_markup_on_teams_only),
      cmocka_unit_test(test_volume_basis),
      cmocka_unit_test(test_stranded_in_a_loop),
      cmocka_unit_test(test_random_orgs_conserve_cost),
  };
  return cmocka_run_group_tests_name("cost", tests, NULL, NULL);
}
