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
 * customer either). It is the shape of the quality passes (analysis-solve.c):
 * components in topological order, a unit on no loop one sum, a loop one
 * small dense solve of its own factorisation of I - C. */
#include <math.h>
#include <string.h>

#include "analysis-private.h"

/* basis(e) per handoff: its weight, or its volume under cost_basis
 * volume. FALSE, naming the first handoff without a volume, when one is
 * needed and missing. */
static gboolean
cost_basis(const VsAnalysis *a, double *basis, GError **error)
{
  const VsOrg *org = a->org;
  gboolean volume = a->opts.cost_basis == VS_COST_BASIS_VOLUME;
  const double *src = (const double *)(void *)(volume ? org->h_volume : org->h_weight)->data;

  for (gsize e = 0; e < a->m; e++) {
    if (volume && isnan(src[e])) {
      const char *d = g_array_index(org->h_deliverable, const char *, e);
      g_autofree char *from = vs_i_short_id(vs_i_unit_id(org, a->from[e]));
      g_autofree char *to = vs_i_short_id(vs_i_unit_id(org, a->to[e]));
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                  "handoff %" G_GSIZE_FORMAT " (%s -> %s%s%s%s) has no volume, which "
                  "cost basis \"volume\" needs",
                  e + 1, from, to, d ? ", \"" : "", d ? d : "", d ? "\"" : "");
      return FALSE;
    }
    basis[e] = src[e];
  }
  return TRUE;
}

/* Rc: the teams and suppliers from which a customer can be reached along
 * handoffs of positive basis; a search backwards from the customers. */
static void
mark_rc(const VsAnalysis *a, const double *basis, guint8 *in_rc)
{
  g_autofree guint32 *queue = g_new(guint32, a->n ? a->n : 1);
  g_autofree guint8 *seen = g_new0(guint8, a->n ? a->n : 1);
  gsize head = 0, tail = 0;

  for (gsize u = 0; u < a->n; u++)
    if (a->kind[u] == VS_KIND_CUSTOMER) {
      seen[u] = 1;
      queue[tail++] = (guint32)u;
    }
  while (head < tail) {
    guint32 v = queue[head++];
    for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++) {
      guint32 e = a->in_e[j], p = a->from[e];
      if (basis[e] > 0 && !seen[p]) {
        seen[p] = 1;
        in_rc[p] = 1;
        queue[tail++] = p;
      }
    }
  }
}

/* out_share(e) = basis(e) / the provider's summed basis; the coefficient
 * of e in C is that from a provider in Rc and 0 otherwise. Laid out per
 * out-row position (the loops' factorisations and backward passes) and per
 * in-row position (the forward pass). */
static void
cost_coefficients(VsCost *c, const VsAnalysis *a, const double *basis)
{
  for (gsize u = 0; u < a->n; u++) {
    double sum = 0;
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++)
      sum += basis[a->out_e[j]];
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
      guint32 e = a->out_e[j];
      c->out_share[e] = sum > 0 ? basis[e] / sum : 0.0;
      c->out_coef[j] = c->in_rc[u] ? c->out_share[e] : 0.0;
    }
  }
  for (gsize v = 0; v < a->n; v++)
    for (guint32 j = a->in_off[v]; j < a->in_off[v + 1]; j++) {
      guint32 e = a->in_e[j];
      c->in_coef[j] = c->in_rc[a->from[e]] ? c->out_share[e] : 0.0;
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
  for (gsize e = 0; e < a->m; e++) {
    guint32 p = a->from[e];
    c->charge[e] = c->in_rc[p] ? c->out_share[e] * x[p] : NAN;
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
  c->out_share = g_new(double, hm);
  c->charge = g_new(double, hm);
  c->out_coef = g_new(double, hm);
  c->in_coef = g_new(double, hm);
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
  g_free(c->out_share);
  g_free(c->charge);
  g_free(c->out_coef);
  g_free(c->in_coef);
  g_free(c);
}

gboolean
vs_i_analysis_costs(VsAnalysis *a, GError **error)
{
  g_autofree double *basis = g_new(double, a->m ? a->m : 1);
  g_autofree double *x = NULL, *work = NULL;
  VsCost *c;
  VsPass pass;

  if (!cost_basis(a, basis, error))
    return FALSE;
  c = cost_new(a->n, a->m);
  mark_rc(a, basis, c->in_rc);
  cost_coefficients(c, a, basis);
  charged_costs(c, a);
  if (!vs_i_analysis_factor_loops(a, c->out_coef, &c->systems, error)) {
    vs_i_cost_free(c, a->n_loops);
    return FALSE;
  }
  x = g_memdup2(c->charged, (a->n ? a->n : 1) * sizeof(double));
  work = vs_i_analysis_work_buffer(a);
  pass = vs_i_analysis_pass_of(a, TRUE, c->in_coef, c->systems);
  for (guint32 k = 0; k < a->n_comp; k++)
    vs_i_analysis_solve_comp(a, &pass, k, x, work);
  split_solution(c, a, x);
  a->cost = c;
  return TRUE;
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
  y = vs_i_analysis_forward_from(a, a->cost->in_coef, a->cost->systems, (guint32)unit);
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
