/* valuestream - a scenario applied to a copy of an org (SPEC 8).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Changes apply in order to one copy; the first that fails stops the
 * scenario and the copy is dropped. The whole-org rules are checked once,
 * after the last change: a scenario may pass through a state that breaks
 * them (a kind changed to customer before its handoffs are removed). */
#include <math.h>
#include <string.h>

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
    g_autofree char *d = c->deliverable ? vs_i_show_value(c->deliverable, strlen(c->deliverable))
                                        : NULL;
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

/* fix and outage: each handoff from the unit whose score in effect (under
 * @options) is below the target gets it; unrated ones stay unrated, except
 * in an outage, where everything the unit hands over scores 0. */
static gboolean
apply_fix(VsOrg *org, const VsChange *c, const VsAnalysisOptions *options, GError **error)
{
  gboolean outage = c->action == VS_ACTION_OUTAGE;
  double target = outage ? 0.0 : isnan(c->score) ? 1.0 : c->score;
  g_autoptr(VsAnalysis) a = NULL;
  const double *in_effect = NULL;
  gssize u;

  if ((u = resolve(org, "unit", c->unit, error)) < 0)
    return FALSE;
  if (!outage) {
    g_autoptr(GError) local = NULL;
    if ((a = vs_analysis_new(org, options, &local)) == NULL) {
      g_set_error(error, VS_ERROR, local->code,
                  "the scores in effect need the org as changed so far analysed: %s",
                  local->message);
      return FALSE;
    }
    in_effect = vs_analysis_get_handoff_scores(a, NULL);
  }
  for (gsize h = 0; h < vs_org_get_n_handoffs(org); h++) {
    if (vs_org_get_handoff_from(org, h) != (gsize)u)
      continue;
    if (outage)
      vs_i_org_set_handoff_score(org, h, 0.0);
    else if (!isnan(in_effect[h]) && in_effect[h] < target)
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
  return g_steal_pointer(&copy);
}
