/* valuestream - scenarios read from JSON (SPEC 8):
 * {"scenarios": [{"name": ..., "changes": [{"action": ..., ...}]}]}.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The text is held to RFC 8259, UTF-8 without NUL bytes and 64 levels of
 * nesting by the loaders' own checks before json-glib parses it (see
 * load-json.c for why). Every object takes only the members named here:
 * an unknown one is an error, as is a value of the wrong type. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "decide-private.h"

static gboolean
wrong_type(const char *field, const char *want, JsonNode *node, GError **error)
{
  g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "field \"%s\": expected %s, got %s", field, want,
              vs_i_json_describe(node));
  return FALSE;
}

/* The members of a change: where each goes in a VsChange, and the
 * VsChangeField bit a null sets in a set change (0: null is "not given"). */
typedef enum { M_TEXT, M_NUMBER, M_KIND, M_ACTION } MemberType;
static const struct {
  const char *name;
  MemberType type;
  gsize offset;
  guint32 clear_bit;
} members[] = {
    {"action", M_ACTION, 0, 0},
    {"unit", M_TEXT, G_STRUCT_OFFSET(VsChange, unit), 0},
    {"from", M_TEXT, G_STRUCT_OFFSET(VsChange, from), 0},
    {"to", M_TEXT, G_STRUCT_OFFSET(VsChange, to), 0},
    {"deliverable", M_TEXT, G_STRUCT_OFFSET(VsChange, deliverable), 0},
    {"score", M_NUMBER, G_STRUCT_OFFSET(VsChange, score), 0},
    {"weight", M_NUMBER, G_STRUCT_OFFSET(VsChange, weight), 0},
    {"volume", M_NUMBER, G_STRUCT_OFFSET(VsChange, volume), 0},
    {"own_share", M_NUMBER, G_STRUCT_OFFSET(VsChange, own_share), VS_CHANGE_OWN_SHARE},
    {"cost", M_NUMBER, G_STRUCT_OFFSET(VsChange, cost), VS_CHANGE_COST},
    {"revenue", M_NUMBER, G_STRUCT_OFFSET(VsChange, revenue), VS_CHANGE_REVENUE},
    {"kind", M_KIND, 0, 0},
    {"name", M_TEXT, G_STRUCT_OFFSET(VsChange, name), VS_CHANGE_NAME},
    {"group", M_TEXT, G_STRUCT_OFFSET(VsChange, group), VS_CHANGE_GROUP},
};

static gboolean
read_action(JsonNode *node, VsChange *c, GError **error)
{
  const char *text;

  if (!vs_i_json_is_string(node))
    return wrong_type("action", "a string", node, error);
  text = json_node_get_string(node);
  if (!vs_action_from_name(text, &c->action)) {
    g_autofree char *shown = vs_i_show_value(text, strlen(text));
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "field \"action\": unknown action %s (expected score, fix, outage, remove_unit, "
                "add_handoff, remove_handoff or set)",
                shown);
    return FALSE;
  }
  return TRUE;
}

static gboolean
read_kind(JsonNode *node, VsChange *c, GError **error)
{
  const char *text;
  VsKind kind;

  if (!vs_i_json_is_string(node))
    return wrong_type("kind", "a string", node, error);
  text = json_node_get_string(node);
  if (!vs_kind_from_name(text, &kind)) {
    g_autofree char *shown = vs_i_show_value(text, strlen(text));
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "field \"kind\": unknown kind %s (expected team, supplier or customer)", shown);
    return FALSE;
  }
  c->kind = (gint)kind;
  return TRUE;
}

/* Reads member @m (an index of members[]) holding @node into @c; nulls
 * of set changes are noted in *nulls, to be resolved once the action is
 * known. */
static gboolean
read_member(guint m, JsonNode *node, VsChange *c, guint32 *nulls, GError **error)
{
  char *base = (char *)c;

  if (JSON_NODE_HOLDS_NULL(node)) {
    if (members[m].type == M_ACTION || members[m].type == M_KIND) {
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "field \"%s\": cannot be null", members[m].name);
      return FALSE;
    }
    *nulls |= members[m].clear_bit;
    return TRUE;
  }
  switch (members[m].type) {
  case M_ACTION:
    return read_action(node, c, error);
  case M_KIND:
    return read_kind(node, c, error);
  case M_TEXT:
    if (!vs_i_json_is_string(node))
      return wrong_type(members[m].name, "a string", node, error);
    *(const char **)(void *)(base + members[m].offset) = json_node_get_string(node);
    return TRUE;
  case M_NUMBER:
    if (!vs_i_json_is_number(node))
      return wrong_type(members[m].name, "a number", node, error);
    *(double *)(void *)(base + members[m].offset) = json_node_get_double(node);
    return TRUE;
  }
  return FALSE;
}

static gboolean
read_change(JsonNode *node, VsChange *c, GError **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  guint32 nulls = 0;

  if (!JSON_NODE_HOLDS_OBJECT(node)) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "expected an object, got %s",
                vs_i_json_describe(node));
    return FALSE;
  }
  json_object_iter_init(&iter, json_node_get_object(node));
  while (json_object_iter_next(&iter, &key, &value)) {
    guint m = 0;
    while (m < G_N_ELEMENTS(members) && strcmp(members[m].name, key) != 0)
      m++;
    if (m == G_N_ELEMENTS(members)) {
      g_autofree char *shown = vs_i_show_value(key, strlen(key));
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "unknown field %s", shown);
      return FALSE;
    }
    if (!read_member(m, value, c, &nulls, error))
      return FALSE;
  }
  /* null clears a field of a set change, and is "not given" elsewhere */
  if (c->action == VS_ACTION_SET)
    c->cleared = nulls;
  return TRUE;
}

static gboolean
read_changes(VsScenarios *s, gsize index, JsonArray *changes, const char *name, GError **error)
{
  guint n = json_array_get_length(changes);

  for (guint i = 0; i < n; i++) {
    VsChange c = VS_CHANGE_INIT;
    g_autoptr(GError) local = NULL;
    if (!read_change(json_array_get_element(changes, i), &c, &local)) {
      g_autofree char *prefix = NULL;
      const char *sname = vs_scenarios_get_name(s, index);
      g_autofree char *shown = vs_i_show_value(sname, strlen(sname));
      g_set_error(error, VS_ERROR, local->code, "%s: scenario %s: change %u: %s", name, shown,
                  i + 1, local->message);
      return FALSE;
    }
    if (!vs_i_scenarios_add_change_at(s, index, &c, name, error))
      return FALSE;
  }
  return TRUE;
}

/* The member @key of @object: NULL with an error when it is missing or not
 * of @type; "where" prefixes the message. */
static JsonNode *
need_member(JsonObject *object, const char *key, JsonNodeType type, const char *where,
            GError **error)
{
  JsonNode *node = json_object_get_member(object, key);

  if (node == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: field \"%s\": is missing", where, key);
    return NULL;
  }
  if (JSON_NODE_TYPE(node) != type || (type == JSON_NODE_VALUE && !vs_i_json_is_string(node))) {
    const char *want = type == JSON_NODE_ARRAY    ? "an array"
                       : type == JSON_NODE_OBJECT ? "an object"
                                                  : "a string";
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: field \"%s\": expected %s, got %s", where,
                key, want, vs_i_json_describe(node));
    return NULL;
  }
  return node;
}

/* FALSE with an error naming @where when @object has a member not in @known. */
static gboolean
only_members(JsonObject *object, const char *const *known, const char *where, GError **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init(&iter, object);
  while (json_object_iter_next(&iter, &key, &value)) {
    if (!g_strv_contains(known, key)) {
      g_autofree char *shown = vs_i_show_value(key, strlen(key));
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: unknown field %s", where, shown);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
read_scenario(VsScenarios *s, JsonNode *node, guint i, const char *name, GError **error)
{
  static const char *const known[] = {"name", "changes", NULL};
  g_autofree char *where = g_strdup_printf("%s: scenarios[%u]", name, i);
  JsonObject *object;
  JsonNode *sname, *changes;
  gssize index;

  if (!JSON_NODE_HOLDS_OBJECT(node)) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: expected an object, got %s", where,
                vs_i_json_describe(node));
    return FALSE;
  }
  object = json_node_get_object(node);
  if (!only_members(object, known, where, error) ||
      (sname = need_member(object, "name", JSON_NODE_VALUE, where, error)) == NULL ||
      (changes = need_member(object, "changes", JSON_NODE_ARRAY, where, error)) == NULL)
    return FALSE;
  if ((index = vs_scenarios_add(s, json_node_get_string(sname), error)) < 0) {
    g_prefix_error(error, "%s: ", where);
    return FALSE;
  }
  return read_changes(s, (gsize)index, json_node_get_array(changes), name, error);
}

VsScenarios *
vs_scenarios_load_json_data(const char *data, gssize len, const char *name, GError **error)
{
  static const char *const known[] = {"scenarios", NULL};
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(VsScenarios) s = NULL;
  JsonNode *root, *list;
  JsonArray *array;
  gsize n;

  g_return_val_if_fail(data != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  n = len < 0 ? strlen(data) : (gsize)len;
  if (name == NULL)
    name = "<json>";
  if (!vs_i_check_text(data, n, name, error) || !vs_i_json_scan(data, n, name, error))
    return NULL;
  parser = json_parser_new_immutable();
  if (!json_parser_load_from_data(parser, data, (gssize)n, &local)) {
    g_autofree char *msg = g_utf8_make_valid(local->message, -1);
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: %s", name, msg);
    return NULL;
  }
  root = json_parser_get_root(parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                "%s: the top level is %s; expected an object {\"scenarios\": [...]}", name,
                root == NULL ? "empty" : vs_i_json_describe(root));
    return NULL;
  }
  if (!only_members(json_node_get_object(root), known, name, error) ||
      (list = need_member(json_node_get_object(root), "scenarios", JSON_NODE_ARRAY, name, error)) ==
          NULL)
    return NULL;
  s = vs_scenarios_new();
  array = json_node_get_array(list);
  for (guint i = 0; i < json_array_get_length(array); i++)
    if (!read_scenario(s, json_array_get_element(array, i), i, name, error))
      return NULL;
  return g_steal_pointer(&s);
}
