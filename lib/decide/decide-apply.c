/* valuestream - a scenario applied to a copy of an org (SPEC 8).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Changes apply in order to one copy; the first that fails stops the
 * scenario and the copy is dropped. The whole-org rules are checked once,
 * after the last change: a scenario may pass through a state that breaks
 * them (a kind changed to customer before its handoffs are removed). */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "analysis-private.h"
#include "decide-private.h"

static gssize
resolve(const VsOrg *org, const char *field, const char *id, GError **error)
{
  gssize u = vs_org_find_unit(org, id);
  if (u < 0) {
    g_autofree char *shown = vs_i_show_value(id, strlen(id));
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": unknown unit %s", field, shown);
  }
  return u;
}

static gboolean
deliverable_matches(const char *have, const char *want)
{
  if (want == NULL)
    return TRUE;
  if (*want == '\0')
    return have == NULL;
  return have != NULL && strcmp(have, want) == 0;
}

/* Marks in @hit the handoffs from -> to (with the deliverable, when
 * given); FALSE with an error when none matches. */
static gboolean
match_handoffs(const VsOrg *org, const VsChange *c, gboolean *hit, GError **error)
{
  gssize from, to;
  gsize found = 0;

  if ((from = resolve(org, "from", c->from, error)) < 0 ||
      (to = resolve(org, "to", c->to, error)) < 0)
    return FALSE;
  for (gsize h = 0; h < vs_org_get_n_handoffs(org); h++) {
    hit[h] = vs_org_get_handoff_from(org, h) == (gsize)from &&
             vs_org_get_handoff_to(org, h) == (gsize)to &&
             deliverable_matches(vs_org_get_handoff_deliverable(org, h), c->deliverable);
    found += hit[h];
  }
  if (found == 0) {
    g_autofree char *f = vs_i_short_id(c->from), *t = vs_i_short_id(c->to);
    g_autofree char *d =
        c->deliverable ? vs_i_show_value(c->deliverable, strlen(c->deliverable)) : NULL;
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "no handoff %s -> %s%s%s matches", f, t,
                d ? " with deliverable " : "", d ? d : "");
    return FALSE;
  }
  return TRUE;
}

static gboolean
apply_score(VsOrg *org, const VsChange *c, GError **error)
{
  gsize m = vs_org_get_n_handoffs(org);
  g_autofree gboolean *hit = g_new0(gboolean, MAX(m, 1));

  if (!match_handoffs(org, c, hit, error))
    return FALSE;
  for (gsize h = 0; h < m; h++)
    if (hit[h])
      vs_i_org_set_handoff_score(org, h, c->score);
  return TRUE;
}

static gboolean
apply_remove_handoff(VsOrg *org, const VsChange *c, GError **error)
{
  gsize m = vs_org_get_n_handoffs(org);
  g_autofree gboolean *hit = g_new0(gboolean, MAX(m, 1));

  if (!match_handoffs(org, c, hit, error))
    return FALSE;
  vs_i_org_remove_handoffs(org, hit);
  return TRUE;
}

/* One survey answer about unit u, for the survey scores of its pairs. */
typedef struct {
  guint32 respondent;
  const char *period;
  gsize row; /* input order */
} PairAnswer;

static int
cmp_pair_answer(gconstpointer x, gconstpointer y)
{
  const PairAnswer *a = x, *b = y;
  int c;

  if (a->respondent != b->respondent)
    return a->respondent < b->respondent ? -1 : 1;
  if (a->period != b->period && (c = strcmp(a->period, b->period)) != 0)
    return c;
  return a->row < b->row ? -1 : a->row > b->row;
}

/* A score on lo..hi on 1..5, and a period's mean on 1..5, exactly as the
 * analysis computes them (lib/analysis/analysis-survey.c). */
static double
on_1_to_5(double x, double lo, double hi)
{
  return lo == 1.0 && hi == 5.0 ? x : 1.0 + 4.0 * (x - lo) / (hi - lo);
}

static double
period_mean(const VsOrg *org, const PairAnswer *ans, gsize n)
{
  const double *score = (const double *)(void *)org->s_score->data;
  const double *lo = (const double *)(void *)org->s_min->data;
  const double *hi = (const double *)(void *)org->s_max->data;
  gsize r0 = ans[0].row;
  gboolean same = TRUE;
  double sum = 0;

  for (gsize i = 1; i < n; i++)
    same &= lo[ans[i].row] == lo[r0] && hi[ans[i].row] == hi[r0];
  for (gsize i = 0; i < n; i++) {
    gsize r = ans[i].row;
    sum += same ? score[r] : on_1_to_5(score[r], lo[r], hi[r]);
  }
  return same ? on_1_to_5(sum / (double)n, lo[r0], hi[r0]) : sum / (double)n;
}

/* The survey score (SPEC 4.5) of each pair (@u, respondent) under @o,
 * respondent -> double * in a new table: the mean of the pair's latest
 * kept period. Reads only @u's answers: no analysis is needed. */
static GHashTable *
survey_scores_from(const VsOrg *org, gsize u, const VsAnalysisOptions *o)
{
  GHashTable *scores = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  g_autoptr(GArray) ans = g_array_new(FALSE, FALSE, sizeof(PairAnswer));
  const guint32 *provider = (const guint32 *)(void *)org->s_provider->data;
  const guint32 *respondent = (const guint32 *)(void *)org->s_respondent->data;
  const char *const *period = (const char *const *)(void *)org->s_period->data;
  const PairAnswer *p;
  gsize n;

  for (gsize i = 0; i < org->s_period->len; i++) {
    PairAnswer x;
    if (provider[i] != u || (o->as_of != NULL && strcmp(period[i], o->as_of) > 0))
      continue;
    x.respondent = respondent[i];
    x.period = period[i];
    x.row = i;
    g_array_append_val(ans, x);
  }
  g_array_sort(ans, cmp_pair_answer);
  p = (const PairAnswer *)(void *)ans->data;
  n = ans->len;
  for (gsize i = 0; i < n;) {
    gsize end = i;
    gboolean kept = FALSE;
    double latest = 0;
    while (end < n && p[end].respondent == p[i].respondent)
      end++;
    for (gsize j = i; j < end;) {
      gsize k = j;
      while (k < end && strcmp(p[k].period, p[j].period) == 0)
        k++;
      if (k - j >= o->min_responses) {
        latest = period_mean(org, p + j, k - j);
        kept = TRUE;
      }
      j = k;
    }
    if (kept) {
      double *score = g_new(double, 1);
      *score = vs_survey_score(latest, 1.0, 5.0, o->survey_target);
      g_hash_table_insert(scores, GUINT_TO_POINTER(p[i].respondent), score);
    }
    i = end;
  }
  return scores;
}

/* fix and outage: each handoff from the unit whose score in effect (under
 * @options: its own, else its pair's survey score) is below the target
 * gets it; unrated ones stay unrated, except in an outage, where
 * everything the unit hands over scores 0. */
static gboolean
apply_fix(VsOrg *org, const VsChange *c, const VsAnalysisOptions *options, GError **error)
{
  gboolean outage = c->action == VS_ACTION_OUTAGE;
  double target = outage ? 0.0 : isnan(c->score) ? 1.0 : c->score;
  g_autoptr(GHashTable) surveyed = NULL;
  const guint32 *from, *to;
  gsize m;
  gssize u;

  if ((u = resolve(org, "unit", c->unit, error)) < 0)
    return FALSE;
  m = vs_org_get_handoff_ends(org, &from, &to);
  for (gsize h = 0; h < m; h++) {
    double own, in_effect;
    if (from[h] != (gsize)u)
      continue;
    if (outage) {
      vs_i_org_set_handoff_score(org, h, 0.0);
      continue;
    }
    own = vs_org_get_handoff_score(org, h);
    in_effect = own;
    if (isnan(own)) {
      const double *s;
      if (surveyed == NULL) {
        VsAnalysisOptions o;
        vs_i_analysis_options_current(options, &o);
        surveyed = survey_scores_from(org, (gsize)u, &o);
      }
      s = g_hash_table_lookup(surveyed, GUINT_TO_POINTER(to[h]));
      in_effect = s != NULL ? *s : NAN;
    }
    if (!isnan(in_effect) && in_effect < target)
      vs_i_org_set_handoff_score(org, h, target);
  }
  return TRUE;
}

static gboolean
apply_add_handoff(VsOrg *org, const VsChange *c, GError **error)
{
  VsHandoffAttrs attrs = VS_HANDOFF_ATTRS_INIT;

  attrs.deliverable = c->deliverable;
  attrs.weight = c->weight;
  attrs.score = c->score;
  attrs.volume = c->volume;
  return vs_org_add_handoff(org, c->from, c->to, &attrs, error) >= 0;
}

static gboolean
apply_set(VsOrg *org, const VsChange *c, GError **error)
{
  static const struct {
    const char *field;
    gsize offset;
    guint32 bit;
  } numbers[] = {
      {"own_share", G_STRUCT_OFFSET(VsChange, own_share), VS_CHANGE_OWN_SHARE},
      {"cost", G_STRUCT_OFFSET(VsChange, cost), VS_CHANGE_COST},
      {"revenue", G_STRUCT_OFFSET(VsChange, revenue), VS_CHANGE_REVENUE},
  };
  gssize u;

  if ((u = resolve(org, "unit", c->unit, error)) < 0)
    return FALSE;
  /* the kind first: `kind customer, revenue 500` sets a revenue it keeps */
  if (c->kind != -1)
    vs_i_org_set_unit_kind(org, (gsize)u, (VsKind)c->kind);
  for (guint i = 0; i < G_N_ELEMENTS(numbers); i++) {
    double x = G_STRUCT_MEMBER(double, c, numbers[i].offset);
    gboolean cleared = (c->cleared & numbers[i].bit) != 0;
    if ((!isnan(x) || cleared) &&
        !vs_i_org_set_unit_number(org, (gsize)u, numbers[i].field, x, error))
      return FALSE;
  }
  if ((c->name != NULL || (c->cleared & VS_CHANGE_NAME)) &&
      !vs_i_org_set_unit_text(org, (gsize)u, "name", c->name, error))
    return FALSE;
  if ((c->group != NULL || (c->cleared & VS_CHANGE_GROUP)) &&
      !vs_i_org_set_unit_text(org, (gsize)u, "group", c->group, error))
    return FALSE;
  return TRUE;
}

static gboolean
apply_change(VsOrg *org, const VsChange *c, const VsAnalysisOptions *options, GError **error)
{
  gssize u;

  switch (c->action) {
  case VS_ACTION_SCORE:
    return apply_score(org, c, error);
  case VS_ACTION_FIX:
  case VS_ACTION_OUTAGE:
    return apply_fix(org, c, options, error);
  case VS_ACTION_REMOVE_UNIT:
    if ((u = resolve(org, "unit", c->unit, error)) < 0)
      return FALSE;
    vs_i_org_remove_unit(org, (gsize)u);
    return TRUE;
  case VS_ACTION_ADD_HANDOFF:
    return apply_add_handoff(org, c, error);
  case VS_ACTION_REMOVE_HANDOFF:
    return apply_remove_handoff(org, c, error);
  case VS_ACTION_SET:
    return apply_set(org, c, error);
  case VS_ACTION_UNSET:
  default:
    break;
  }
  g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "unknown action %d", (int)c->action);
  return FALSE;
}

VsOrg *
vs_scenarios_apply(const VsScenarios *s, gsize index, const VsOrg *org,
                   const VsAnalysisOptions *options, GError **error)
{
  const VsScenario *sc;
  g_autoptr(VsOrg) copy = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail(s != NULL, NULL);
  g_return_val_if_fail(index < s->list->len, NULL);
  g_return_val_if_fail(org != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  if (options != NULL && !vs_analysis_options_check(options, error))
    return NULL;
  sc = g_ptr_array_index(s->list, index);
  copy = vs_org_copy(org);
  for (guint i = 0; i < sc->changes->len; i++) {
    const VsStoredChange *st = &g_array_index(sc->changes, VsStoredChange, i);
    if (!apply_change(copy, &st->change, options, &local)) {
      g_autofree char *prefix = vs_i_change_prefix(s, index, i);
      g_set_error(error, VS_ERROR, local->code, "%s%s", prefix, local->message);
      return NULL;
    }
  }
  if (!vs_i_org_check_rules(copy, &local)) {
    const char *where = sc->changes->len > 0
                            ? g_array_index(sc->changes, VsStoredChange, sc->changes->len - 1).where
                            : NULL;
    g_autofree char *shown = vs_i_show_value(sc->name, strlen(sc->name));
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "%s%sscenario %s: after its last change: %s",
                where ? where : "", where ? ": " : "", shown, local->message);
    return NULL;
  }
  copy->to_compare = TRUE;
  return g_steal_pointer(&copy);
}
