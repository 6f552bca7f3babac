/* valuestream - cost to serve (SPEC section 7): every team's and
 * supplier's cost allocated along the handoffs to the paying customers by
 * the reciprocal method.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One forward pass solves it all. With C[p][v] = out_share(e) summed over
 * the handoffs e = (p -> v) from a provider p in Rc (0 from providers
 * outside Rc), x = charged + C^T x gives the loaded cost T of every unit in
 * Rc, the stranded cost of every team and supplier outside it (nothing
 * leaves them), and every customer's cost to serve (nothing leaves a
 * customer either). Components are taken in topological order, a loop
 * solved by its own factorisation of I - C; each solved unit pushes its
 * share along its out-row (vs_i_analysis_push_comp()), so only the out-row
 * coefficients are made: C is given by provider, and the in-row layout
 * would be one more random gather over every handoff. */
#include <math.h>
#include <string.h>

#include "analysis-private.h"

/* The basis of every handoff (SPEC 7): the org's weights, or its volumes
 * under cost_basis volume. Read during vs_i_analysis_costs() only: the
 * org's columns may move when it grows later. FALSE, naming the first
 * handoff without a volume, when one is needed and missing. */
static gboolean
cost_basis(const VsAnalysis *a, const double **basis, GError **error)
{
  const VsOrg *org = a->org;
  gboolean volume = a->opts.cost_basis == VS_COST_BASIS_VOLUME;
  const double *src = (const double *)(void *)(volume ? org->h_volume : org->h_weight)->data;

  *basis = src;
  for (gsize e = 0; volume && e < a->m; e++) {
    if (isnan(src[e])) {
      const char *d = g_array_index(org->h_deliverable, const char *, e);
      g_autofree char *from = vs_i_short_id(vs_i_unit_id(org, a->from[e]));
      g_autofree char *to = vs_i_short_id(vs_i_unit_id(org, a->to[e]));
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                  "handoff %" G_GSIZE_FORMAT " (%s -> %s%s%s%s) has no volume, which "
                  "cost basis \"volume\" needs",
                  e + 1, from, to, d ? ", \"" : "", d ? d : "", d ? "\"" : "");
      return FALSE;
    }
  }
  return TRUE;
}

/* Rc: the teams and suppliers from which a customer can be reached along
 * handoffs of positive basis. Weights are always positive, so under the
 * weight basis that is line of sight (hops); volumes may be 0, so under
 * the volume basis a search backwards from the customers finds it. */
static void
mark_rc(const VsAnalysis *a, const double *basis, guint8 *in_rc)
{
  g_autofree guint32 *queue = NULL;
  const guint32 *in_nbr = a->topo->in_nbr;
  gsize head = 0, tail = 0;

  if (a->opts.cost_basis == VS_COST_BASIS_WEIGHT) {
    for (gsize u = 0; u < a->n; u++)
      in_rc[u] = a->kind[u] != VS_KIND_CUSTOMER && a->hops[u] >= 0;
    return;
  }
  queue = g_new(guint32, a->n ? a->n : 1);
  for (gsize u = 0; u < a->n; u++)
    if (a->kind[u] == VS_KIND_CUSTOMER)
      queue[tail++] = (guint32)u;
  while (head < tail) {
    guint32 v = queue[head++];
    for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++) {
      guint32 p = in_nbr[j];
      if (!in_rc[p] && basis[a->in_e[j]] > 0) {
        in_rc[p] = 1; /* a customer is never a provider, so never queued twice */
        queue[tail++] = p;
      }
    }
  }
}

/* What the passes over index ranges read. */
typedef struct {
  VsCost *c;
  const double *basis;
} CostPass;

/* Per provider u: its summed basis, and out_share(e) = basis(e) / sum per
 * out-row position, the coefficient of e in C from a provider in Rc. */
static void
out_rows_range(VsAnalysis *a, gsize lo, gsize hi, gconstpointer data)
{
  const CostPass *p = data;
  VsCost *c = p->c;

  /* The basis is gathered into the row once (handoffs are seldom listed by
   * provider, so each read is a cache miss), then divided in place. */
  for (gsize u = lo; u < hi; u++) {
    double sum = 0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      sum += c->out_coef[j] = p->basis[a->out_e[j]];
    c->basis_sum[u] = sum;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      c->out_coef[j] = c->in_rc[u] ? c->out_coef[j] / sum : 0.0;
  }
}

/* charged(u): a team's cost with the markup, a supplier's as it is. */
static void
charged_costs(VsCost *c, const VsAnalysis *a)
{
  const double *cost = (const double *)(void *)a->org->u_cost->data;
  double markup = 1.0 + a->opts.markup;

  c->total = 0;
  for (gsize u = 0; u < a->n; u++) {
    c->cost[u] = cost[u];
    c->charged[u] = a->kind[u] == VS_KIND_TEAM ? cost[u] * markup : cost[u];
    c->total += c->charged[u];
  }
}

/* Splits the pass's solution x into the per-unit results and sums them. */
static void
split_solution(VsCost *c, const VsAnalysis *a, const double *x)
{
  const double *revenue = (const double *)(void *)a->org->u_revenue->data;

  c->served = c->stranded_total = 0;
  for (gsize u = 0; u < a->n; u++) {
    c->loaded[u] = c->in_rc[u] ? x[u] : NAN;
    c->stranded[u] = 0;
    c->to_serve[u] = 0;
    c->margin[u] = NAN;
    if (a->kind[u] == VS_KIND_CUSTOMER) {
      c->to_serve[u] = x[u];
      c->margin[u] = revenue[u] - x[u];
      c->served += x[u];
    } else if (!c->in_rc[u]) {
      c->stranded[u] = x[u];
      c->stranded_total += x[u];
    }
  }
}

static VsCost *
cost_new(gsize n, gsize m)
{
  VsCost *c = g_new0(VsCost, 1);
  gsize un = n ? n : 1, hm = m ? m : 1;

  c->in_rc = g_new0(guint8, un);
  c->cost = g_new(double, un);
  c->charged = g_new(double, un);
  c->loaded = g_new(double, un);
  c->stranded = g_new(double, un);
  c->to_serve = g_new(double, un);
  c->margin = g_new(double, un);
  c->basis_sum = g_new(double, un);
  c->out_coef = g_new(double, hm);
  return c;
}

void
vs_i_cost_free(VsCost *c, guint32 n_loops)
{
  if (c == NULL)
    return;
  vs_i_loop_systems_free(c->systems, n_loops);
  g_free(c->in_rc);
  g_free(c->cost);
  g_free(c->charged);
  g_free(c->loaded);
  g_free(c->stranded);
  g_free(c->to_serve);
  g_free(c->margin);
  g_free(c->basis_sum);
  g_free(c->charge);
  g_free(c->out_coef);
  g_free(c);
}

gboolean
vs_i_analysis_costs(VsAnalysis *a, GError **error)
{
  g_autofree double *x = NULL, *work = NULL;
  CostPass p = {NULL, NULL};

  if (!cost_basis(a, &p.basis, error))
    return FALSE;
  p.c = cost_new(a->n, a->m);
  mark_rc(a, p.basis, p.c->in_rc);
  vs_i_analysis_split_range(a, a->n, out_rows_range, &p);
  charged_costs(p.c, a);
  if (!vs_i_analysis_factor_loops(a, p.c->out_coef, &p.c->systems, error)) {
    vs_i_cost_free(p.c, a->n_loops);
    return FALSE;
  }
  x = g_memdup2(p.c->charged, (a->n ? a->n : 1) * sizeof(double));
  work = vs_i_analysis_work_buffer(a);
  for (guint32 k = 0; k < a->n_comp; k++)
    vs_i_analysis_push_comp(a, p.c->out_coef, p.c->systems, k, x, work);
  split_solution(p.c, a, x);
  /* Only readers of the charges need them: made from the out-rows when
   * first asked (vs_i_analysis_charges()). */
  g_clear_pointer(&p.c->charged, g_free);
  g_clear_pointer(&p.c->basis_sum, g_free);
  a->cost = p.c;
  return TRUE;
}

/* charge(e) = out_share(e) * T[provider] for providers in Rc (NAN from
 * the others: loaded is NAN there), per provider row, where the
 * coefficient and T are at hand: made at the first read, as the pass
 * would have made it, so the same bits. */
static void
make_charges(VsAnalysis *a)
{
  VsCost *c = a->cost;
  double *charge = g_new(double, a->m ? a->m : 1);

  for (gsize u = 0; u < a->n; u++) {
    double t = c->loaded[u];
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      charge[a->out_e[j]] = c->out_coef[j] * t;
  }
  c->charge = charge;
}

void
vs_i_analysis_charges(const VsAnalysis *a)
{
  vs_i_analysis_make_once(a, &a->cost->charge_once, make_charges);
}

void
vs_analysis_get_unit_cost_shares(const VsAnalysis *a, gsize unit, double *out)
{
  g_autofree double *y = NULL;

  g_return_if_fail(a != NULL);
  g_return_if_fail(unit < a->n);
  g_return_if_fail(out != NULL || a->n_customers == 0);
  if (a->n_customers == 0)
    return;
  memset(out, 0, a->n_customers * sizeof(double));
  if (!a->cost->in_rc[unit])
    return;
  /* y = e_unit + C^T y: where a unit of @unit's cost goes; what arrives at
   * a customer stays there. */
  y = vs_i_analysis_forward_from(a, a->cost->out_coef, a->cost->systems, (guint32)unit, TRUE);
  for (guint32 k = 0; k < a->n_customers; k++)
    out[k] = y[a->customers[k]];
}

gboolean
vs_analysis_get_customer_cost_shares(const VsAnalysis *a, gsize customer, double *out)
{
  g_autoptr(GArray) comps = NULL;

  g_return_val_if_fail(a != NULL, FALSE);
  g_return_val_if_fail(customer < a->n, FALSE);
  g_return_val_if_fail(out != NULL, FALSE);
  memset(out, 0, a->n * sizeof(double));
  if (a->kind[customer] != VS_KIND_CUSTOMER)
    return FALSE;
  /* x = e_c + C x: the fraction of each unit's cost that ends at c; units
   * outside Rc send nothing on, so theirs stays 0. */
  comps = vs_i_analysis_backward_to(a, a->cost->out_coef, a->cost->systems, (guint32)customer, out);
  out[customer] = 0.0;
  return TRUE;
}
