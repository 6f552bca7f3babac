/* valuestream - what-if scenarios: named lists of changes (SPEC 8), each
 * change checked on its own when it is added.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <string.h>

#include "decide-private.h"

static const char *const action_names[] = {
    NULL, "score", "fix", "outage", "remove_unit", "add_handoff", "remove_handoff", "set"};

const char *
vs_action_name(VsAction action)
{
  if ((guint)action >= G_N_ELEMENTS(action_names))
    return NULL;
  return action_names[action];
}

gboolean
vs_action_from_name(const char *name, VsAction *action)
{
  g_return_val_if_fail(name != NULL, FALSE);
  for (guint i = 1; i < G_N_ELEMENTS(action_names); i++) {
    if (strcmp(name, action_names[i]) == 0) {
      if (action != NULL)
        *action = (VsAction)i;
      return TRUE;
    }
  }
  return FALSE;
}

static void
scenario_free(gpointer p)
{
  VsScenario *sc = p;
  g_array_free(sc->changes, TRUE);
  g_free(sc);
}

VsScenarios *
vs_scenarios_new(void)
{
  VsScenarios *s = g_new0(VsScenarios, 1);
  s->strings = g_string_chunk_new(4096);
  s->list = g_ptr_array_new_with_free_func(scenario_free);
  s->by_name = g_hash_table_new(g_str_hash, g_str_equal);
  return s;
}

void
vs_scenarios_free(VsScenarios *s)
{
  if (s == NULL)
    return;
  g_hash_table_destroy(s->by_name);
  g_ptr_array_free(s->list, TRUE);
  g_string_chunk_free(s->strings);
  g_free(s);
}

gboolean
vs_i_scenario_text_fits(const char *field, gsize len, GError **error)
{
  if (len <= VS_SCENARIO_MAX_TEXT)
    return TRUE;
  g_set_error(error, VS_ERROR, VS_ERROR_LIMIT,
              "field \"%s\": %" G_GSIZE_FORMAT " bytes is longer than the %d allowed", field, len,
              VS_SCENARIO_MAX_TEXT);
  return FALSE;
}

gssize
vs_i_scenarios_find(const VsScenarios *s, const char *name)
{
  gpointer at = g_hash_table_lookup(s->by_name, name);
  return at == NULL ? -1 : (gssize)GPOINTER_TO_SIZE(at) - 1;
}

gssize
vs_scenarios_add(VsScenarios *s, const char *name, GError **error)
{
  VsScenario *sc;
  gsize len;

  g_return_val_if_fail(s != NULL, -1);
  g_return_val_if_fail(name != NULL, -1);
  g_return_val_if_fail(error == NULL || *error == NULL, -1);
  len = strlen(name);
  if (!vs_i_scenario_text_fits("name", len, error))
    return -1;
  if (!g_utf8_validate(name, (gssize)len, NULL)) {
    g_set_error_literal(error, VS_ERROR, VS_ERROR_INVALID,
                        "field \"name\": the scenario's name is not valid UTF-8");
    return -1;
  }
  if (vs_i_scenarios_find(s, name) >= 0) {
    g_autofree char *shown = vs_i_show_value(name, len);
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "two scenarios are called %s", shown);
    return -1;
  }
  sc = g_new0(VsScenario, 1);
  sc->name = g_string_chunk_insert_len(s->strings, name, (gssize)len);
  sc->changes = g_array_new(FALSE, FALSE, sizeof(VsStoredChange));
  g_ptr_array_add(s->list, sc);
  g_hash_table_insert(s->by_name, (gpointer)sc->name, GSIZE_TO_POINTER(s->list->len));
  return (gssize)s->list->len - 1;
}

char *
vs_i_change_prefix(const VsScenarios *s, gsize index, gsize change)
{
  const VsScenario *sc = g_ptr_array_index(s->list, index);
  const char *where = NULL;
  g_autofree char *shown = vs_i_show_value(sc->name, strlen(sc->name));

  if (change < sc->changes->len)
    where = g_array_index(sc->changes, VsStoredChange, change).where;
  return g_strdup_printf("%s%sscenario %s: change %" G_GSIZE_FORMAT ": ", where ? where : "",
                         where ? ": " : "", shown, change + 1);
}

/* ---- checking one change ------------------------------------------------- */

enum {
  F_UNIT = 1 << 0,
  F_FROM = 1 << 1,
  F_TO = 1 << 2,
  F_DELIVERABLE = 1 << 3,
  F_SCORE = 1 << 4,
  F_WEIGHT = 1 << 5,
  F_VOLUME = 1 << 6,
  F_OWN_SHARE = 1 << 7,
  F_COST = 1 << 8,
  F_REVENUE = 1 << 9,
  F_KIND = 1 << 10,
  F_NAME = 1 << 11,
  F_GROUP = 1 << 12,
};
static const char *const field_names[] = {"unit",   "from",   "to",        "deliverable", "score",
                                          "weight", "volume", "own_share", "cost",        "revenue",
                                          "kind",   "name",   "group"};
#define SET_FIELDS (F_OWN_SHARE | F_COST | F_REVENUE | F_KIND | F_NAME | F_GROUP)

/* Per action: the fields it needs, and those it takes besides. */
static const struct {
  guint32 needs, takes;
} action_fields[] = {
    [VS_ACTION_SCORE] = {F_FROM | F_TO, F_DELIVERABLE | F_SCORE},
    [VS_ACTION_FIX] = {F_UNIT, F_SCORE},
    [VS_ACTION_OUTAGE] = {F_UNIT, 0},
    [VS_ACTION_REMOVE_UNIT] = {F_UNIT, 0},
    [VS_ACTION_ADD_HANDOFF] = {F_FROM | F_TO, F_DELIVERABLE | F_WEIGHT | F_SCORE | F_VOLUME},
    [VS_ACTION_REMOVE_HANDOFF] = {F_FROM | F_TO, F_DELIVERABLE},
    [VS_ACTION_SET] = {F_UNIT, SET_FIELDS},
};

/* The F_ bits of VsChangeField bits. */
static guint32
cleared_fields(guint32 cleared)
{
  return ((cleared & VS_CHANGE_OWN_SHARE) ? F_OWN_SHARE : 0) |
         ((cleared & VS_CHANGE_COST) ? F_COST : 0) |
         ((cleared & VS_CHANGE_REVENUE) ? F_REVENUE : 0) |
         ((cleared & VS_CHANGE_NAME) ? F_NAME : 0) | ((cleared & VS_CHANGE_GROUP) ? F_GROUP : 0);
}

static guint32
given_fields(const VsChange *c)
{
  const char *texts[] = {c->unit, c->from, c->to, c->deliverable};
  const double numbers[] = {c->score, c->weight, c->volume, c->own_share, c->cost, c->revenue};
  guint32 given = 0;

  for (guint i = 0; i < G_N_ELEMENTS(texts); i++)
    if (texts[i] != NULL)
      given |= 1u << i;
  for (guint i = 0; i < G_N_ELEMENTS(numbers); i++)
    if (!isnan(numbers[i]))
      given |= 1u << (i + 4);
  if (c->kind != -1)
    given |= F_KIND;
  if (c->name != NULL)
    given |= F_NAME;
  if (c->group != NULL)
    given |= F_GROUP;
  return given;
}

static gboolean
check_text_field(const char *field, const char *text, gboolean may_be_empty, GError **error)
{
  gsize len;

  if (text == NULL)
    return TRUE;
  len = strlen(text);
  if (!vs_i_scenario_text_fits(field, len, error))
    return FALSE;
  if (!g_utf8_validate(text, (gssize)len, NULL)) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": is not valid UTF-8", field);
    return FALSE;
  }
  if (!may_be_empty && len == 0) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": is empty", field);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_number(const char *field, double x, double lo, double hi, gboolean lo_open, GError **error)
{
  if (isnan(x))
    return TRUE;
  if (!isfinite(x)) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": %g is not finite", field, x);
    return FALSE;
  }
  if ((lo_open ? x <= lo : x < lo) || x > hi) {
    if (isinf(hi))
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": %g is not %s %g", field, x,
                  lo_open ? ">" : ">=", lo);
    else
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": %g is not in %g..%g", field, x,
                  lo, hi);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_values(const VsChange *c, GError **error)
{
  return check_text_field("unit", c->unit, FALSE, error) &&
         check_text_field("from", c->from, FALSE, error) &&
         check_text_field("to", c->to, FALSE, error) &&
         check_text_field("deliverable", c->deliverable, TRUE, error) &&
         check_text_field("name", c->name, TRUE, error) &&
         check_text_field("group", c->group, TRUE, error) &&
         check_number("score", c->score, 0, 1, FALSE, error) &&
         check_number("weight", c->weight, 0, INFINITY, TRUE, error) &&
         check_number("volume", c->volume, 0, INFINITY, FALSE, error) &&
         check_number("own_share", c->own_share, 0, 1, FALSE, error) &&
         check_number("cost", c->cost, 0, INFINITY, FALSE, error) &&
         check_number("revenue", c->revenue, 0, INFINITY, FALSE, error);
}

/* The checks of a change that need nothing but the change. */
static gboolean
check_change(const VsChange *c, GError **error)
{
  guint32 given, cleared, needs, takes;

  if (c->version < 1 || c->version > VS_CHANGE_VERSION) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "unknown VsChange version %u", c->version);
    return FALSE;
  }
  if (c->action == VS_ACTION_UNSET) {
    g_set_error_literal(error, VS_ERROR, VS_ERROR_INVALID, "field \"action\": is missing");
    return FALSE;
  }
  if (vs_action_name(c->action) == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"action\": unknown action %d",
                (int)c->action);
    return FALSE;
  }
  if (c->kind != -1 && vs_kind_name((VsKind)c->kind) == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"kind\": unknown kind %d", c->kind);
    return FALSE;
  }
  given = given_fields(c);
  cleared = cleared_fields(c->cleared);
  needs = action_fields[c->action].needs;
  takes = needs | action_fields[c->action].takes;
  for (guint i = 0; i < G_N_ELEMENTS(field_names); i++) {
    guint32 bit = 1u << i;
    if ((needs & bit) && !(given & bit)) {
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": is missing (%s needs it)",
                  field_names[i], vs_action_name(c->action));
      return FALSE;
    }
    if (((given | cleared) & bit) && !(takes & bit)) {
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": does not go with action %s",
                  field_names[i], vs_action_name(c->action));
      return FALSE;
    }
    if ((given & cleared & bit) != 0) {
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": is both given and cleared",
                  field_names[i]);
      return FALSE;
    }
  }
  if ((c->cleared & ~(guint32)0x1f) != 0) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "unknown cleared fields 0x%x", c->cleared);
    return FALSE;
  }
  if (c->action == VS_ACTION_SET && ((given | cleared) & SET_FIELDS) == 0) {
    g_set_error_literal(error, VS_ERROR, VS_ERROR_INVALID,
                        "set needs at least one of own_share, cost, revenue, kind, name, group");
    return FALSE;
  }
  return check_values(c, error);
}

static const char *
pool(VsScenarios *s, const char *text)
{
  return text == NULL ? NULL : g_string_chunk_insert(s->strings, text);
}

gboolean
vs_i_scenarios_add_change_at(VsScenarios *s, gsize index, const VsChange *change, const char *where,
                             GError **error)
{
  VsScenario *sc = g_ptr_array_index(s->list, index);
  g_autoptr(GError) local = NULL;
  VsStoredChange st = {*change, NULL};

  if (!check_change(change, &local)) {
    g_autofree char *name = vs_i_show_value(sc->name, strlen(sc->name));
    g_set_error(error, VS_ERROR, local->code, "%s%sscenario %s: change %u: %s", where ? where : "",
                where ? ": " : "", name, sc->changes->len + 1, local->message);
    return FALSE;
  }
  st.change.version = VS_CHANGE_VERSION;
  st.change.unit = pool(s, change->unit);
  st.change.from = pool(s, change->from);
  st.change.to = pool(s, change->to);
  st.change.deliverable = pool(s, change->deliverable);
  st.change.name = pool(s, change->name);
  st.change.group = pool(s, change->group);
  st.where = pool(s, where);
  g_array_append_val(sc->changes, st);
  return TRUE;
}

gboolean
vs_scenarios_add_change(VsScenarios *s, gsize index, const VsChange *change, GError **error)
{
  g_return_val_if_fail(s != NULL, FALSE);
  g_return_val_if_fail(index < s->list->len, FALSE);
  g_return_val_if_fail(change != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  return vs_i_scenarios_add_change_at(s, index, change, NULL, error);
}

gsize
vs_scenarios_get_n(const VsScenarios *s)
{
  g_return_val_if_fail(s != NULL, 0);
  return s->list->len;
}

const char *
vs_scenarios_get_name(const VsScenarios *s, gsize index)
{
  g_return_val_if_fail(s != NULL, NULL);
  g_return_val_if_fail(index < s->list->len, NULL);
  return ((const VsScenario *)g_ptr_array_index(s->list, index))->name;
}

gsize
vs_scenarios_get_n_changes(const VsScenarios *s, gsize index)
{
  g_return_val_if_fail(s != NULL, 0);
  g_return_val_if_fail(index < s->list->len, 0);
  return ((const VsScenario *)g_ptr_array_index(s->list, index))->changes->len;
}

gboolean
vs_scenarios_get_change(const VsScenarios *s, gsize index, gsize change, VsChange *out)
{
  const VsScenario *sc;

  g_return_val_if_fail(s != NULL, FALSE);
  g_return_val_if_fail(index < s->list->len, FALSE);
  g_return_val_if_fail(out != NULL, FALSE);
  sc = g_ptr_array_index(s->list, index);
  g_return_val_if_fail(change < sc->changes->len, FALSE);
  *out = g_array_index(sc->changes, VsStoredChange, change).change;
  return TRUE;
}
