/* valuestream - an organisation's topology checks and its getters
 * (include/valuestream/org.h).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "org-topology.h"

/* ---- the topology ------------------------------------------------------ */

VsTopology *
vs_i_org_topology(const VsOrg *org, GError **error)
{
  VsOrg *mut = (VsOrg *)org; /* the cache is not part of the org's value */
  VsTopology *t;

  g_mutex_lock(&mut->cache_lock);
  VS_TSAN_ACQUIRE(&mut->cache_lock);
  if (mut->topology == NULL)
    mut->topology = vs_i_topology_new(org, error);
  t = mut->topology != NULL ? vs_i_topology_ref(mut->topology) : NULL;
  VS_TSAN_RELEASE(&mut->cache_lock);
  g_mutex_unlock(&mut->cache_lock);
  return t;
}

/* Sorts unit indices by id. */
static int
cmp_by_id(gconstpointer a, gconstpointer b, gpointer org)
{
  return strcmp(vs_i_unit_id(org, *(const guint32 *)a), vs_i_unit_id(org, *(const guint32 *)b));
}

/* Sets the closed-loop error naming the units of component @c. */
static void
closed_loop_error(const VsOrg *org, const VsTopology *t, guint32 c, GError **error)
{
  guint32 size = t->comp_off[c + 1] - t->comp_off[c], shown = MIN(size, 20);
  g_autofree guint32 *members = g_memdup2(t->comp_units + t->comp_off[c], size * sizeof(guint32));
  g_autoptr(GString) names = g_string_new(NULL);

  g_qsort_with_data(members, (gint)size, sizeof(guint32), cmp_by_id, (gpointer)org);
  for (guint32 i = 0; i < shown; i++) {
    g_autofree char *id = vs_i_short_id(vs_i_unit_id(org, members[i]));
    g_string_append_printf(names, "%s%s", i ? ", " : "", id);
  }
  if (size > shown)
    g_string_append_printf(names, " and %u more", size - shown);
  g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
              "closed loop: units %s hand work only to each other, create none themselves "
              "(own_share 0) and receive nothing from outside; give one of them an own_share "
              "or an outside input",
              names->str);
}

/* A component of >= 2 units is closed when none of its members creates
 * anything (own = 0) and no handoff enters it from outside; the topology
 * found the first one when it was built (VsTopology.closed). */
static gboolean
check_closed_loops(const VsOrg *org, const VsTopology *t, GError **error)
{
  if (t->closed == G_MAXUINT32)
    return TRUE;
  closed_loop_error(org, t, t->closed, error);
  return FALSE;
}

gboolean
vs_i_topology_validate(const VsOrg *org, const VsTopology *t, GError **error)
{
  return check_closed_loops(org, t, error);
}

gboolean
vs_org_validate(const VsOrg *org, GError **error)
{
  g_autoptr(VsTopology) t = NULL;

  g_return_val_if_fail(org != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  t = vs_i_org_topology(org, error);
  return t != NULL && check_closed_loops(org, t, error);
}

/* ---- accessors ------------------------------------------------------------ */

gsize
vs_org_get_n_units(const VsOrg *org)
{
  g_return_val_if_fail(org != NULL, 0);
  return org->u_id->len;
}

gsize
vs_org_get_n_handoffs(const VsOrg *org)
{
  g_return_val_if_fail(org != NULL, 0);
  return org->h_from->len;
}

gsize
vs_org_get_n_survey_responses(const VsOrg *org)
{
  g_return_val_if_fail(org != NULL, 0);
  return org->s_period->len;
}

gsize
vs_org_get_n_kind(const VsOrg *org, VsKind kind)
{
  g_return_val_if_fail(org != NULL, 0);
  g_return_val_if_fail(vs_kind_name(kind) != NULL, 0);
  return org->n_kind[kind];
}

#define UNIT_GETTER(name, type, col, fail)                                                         \
  type vs_org_get_unit_##name(const VsOrg *org, gsize unit)                                        \
  {                                                                                                \
    g_return_val_if_fail(org != NULL, fail);                                                       \
    g_return_val_if_fail(unit < org->u_id->len, fail);                                             \
    return g_array_index(org->col, type, unit);                                                    \
  }
#define HANDOFF_GETTER(name, type, col, fail)                                                      \
  type vs_org_get_handoff_##name(const VsOrg *org, gsize handoff)                                  \
  {                                                                                                \
    g_return_val_if_fail(org != NULL, fail);                                                       \
    g_return_val_if_fail(handoff < org->h_from->len, fail);                                        \
    return g_array_index(org->col, type, handoff);                                                 \
  }

UNIT_GETTER(id, const char *, u_id, NULL)
UNIT_GETTER(group, const char *, u_group, NULL)
UNIT_GETTER(revenue, double, u_revenue, NAN)
UNIT_GETTER(own_share, double, u_own_share, NAN)
UNIT_GETTER(headcount, double, u_headcount, NAN)
UNIT_GETTER(cost, double, u_cost, NAN)
HANDOFF_GETTER(deliverable, const char *, h_deliverable, NULL)
HANDOFF_GETTER(weight, double, h_weight, NAN)
HANDOFF_GETTER(score, double, h_score, NAN)
HANDOFF_GETTER(volume, double, h_volume, NAN)
HANDOFF_GETTER(lead_time, double, h_lead, NAN)

const char *
vs_org_get_unit_name(const VsOrg *org, gsize unit)
{
  const char *name;
  g_return_val_if_fail(org != NULL, NULL);
  g_return_val_if_fail(unit < org->u_id->len, NULL);
  name = g_array_index(org->u_name, const char *, unit);
  return name != NULL ? name : vs_i_unit_id(org, unit);
}

VsKind
vs_org_get_unit_kind(const VsOrg *org, gsize unit)
{
  g_return_val_if_fail(org != NULL, VS_KIND_TEAM);
  g_return_val_if_fail(unit < org->u_id->len, VS_KIND_TEAM);
  return (VsKind)g_array_index(org->u_kind, guint8, unit);
}

gsize
vs_org_get_handoff_from(const VsOrg *org, gsize handoff)
{
  g_return_val_if_fail(org != NULL, 0);
  g_return_val_if_fail(handoff < org->h_from->len, 0);
  return g_array_index(org->h_from, guint32, handoff);
}

gsize
vs_org_get_handoff_to(const VsOrg *org, gsize handoff)
{
  g_return_val_if_fail(org != NULL, 0);
  g_return_val_if_fail(handoff < org->h_from->len, 0);
  return g_array_index(org->h_to, guint32, handoff);
}

gsize
vs_org_get_handoff_ends(const VsOrg *org, const guint32 **from, const guint32 **to)
{
  g_return_val_if_fail(org != NULL, 0);
  if (from != NULL)
    *from = (const guint32 *)org->h_from->data;
  if (to != NULL)
    *to = (const guint32 *)org->h_to->data;
  return org->h_from->len;
}

void
vs_org_get_survey_response(const VsOrg *org, gsize index, VsSurveyResponse *r)
{
  g_return_if_fail(org != NULL);
  g_return_if_fail(r != NULL);
  g_return_if_fail(index < org->s_period->len);
  r->period = g_array_index(org->s_period, const char *, index);
  r->respondent = vs_i_unit_id(org, g_array_index(org->s_respondent, guint32, index));
  r->provider = vs_i_unit_id(org, g_array_index(org->s_provider, guint32, index));
  r->score = g_array_index(org->s_score, double, index);
  r->scale_min = g_array_index(org->s_min, double, index);
  r->scale_max = g_array_index(org->s_max, double, index);
}

gsize
vs_org_get_n_notes(const VsOrg *org)
{
  g_return_val_if_fail(org != NULL, 0);
  return org->notes->len;
}

const char *
vs_org_get_note(const VsOrg *org, gsize index)
{
  g_return_val_if_fail(org != NULL, NULL);
  g_return_val_if_fail(index < org->notes->len, NULL);
  return g_ptr_array_index(org->notes, index);
}
