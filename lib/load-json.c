/* valuestream - loading an org from JSON:
 * {"units": [...], "handoffs": [...], "surveys": [...]}.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * json-glib builds the tree; every object's members then go to the shared
 * record layer (load-record.c) under the SPEC field names. Before json-glib
 * sees the text, a cheap scan rejects what it handles badly: nesting deep
 * enough to overflow its recursive parser's stack (1.6.6 crashes), "\u0000"
 * (it would silently cut the string), integers too long for 64 bits (it
 * would wrap them), text after the top-level value (it ignores it),
 * invalid UTF-8 and NUL bytes. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "load-private.h"

/* Deeper than any org file needs, far shallower than what crashes. */
#define MAX_DEPTH 64
/* json-glib reads integers with g_ascii_strtoll and does not check for
 * overflow; 18 digits always fit in 64 bits. */
#define MAX_INTEGER_DIGITS 18

typedef struct {
  const char *data;
  gsize len, i;
  guint line;
} Scan;

/* Steps over a string whose opening quote is at s->i; FALSE when it holds
 * the escape \u0000. An unterminated string ends the scan: the parser
 * reports it. */
static gboolean
scan_string(Scan *s)
{
  for (s->i++; s->i < s->len; s->i++) {
    char c = s->data[s->i];
    if (c == '"')
      return TRUE;
    if (c == '\n')
      s->line++;
    if (c == '\\' && s->i + 1 < s->len) {
      s->i++;
      if (s->data[s->i] == 'u' && s->len - s->i > 4 && memcmp(s->data + s->i + 1, "0000", 4) == 0)
        return FALSE;
    }
  }
  return TRUE;
}

/* Steps over a number token starting at s->i; FALSE when it is an
 * integer too long for json-glib, which would silently wrap it. */
static gboolean
scan_number(Scan *s)
{
  gsize digits = 0;
  gboolean integer = TRUE;

  for (; s->i < s->len; s->i++) {
    char c = s->data[s->i];
    if (g_ascii_isdigit(c))
      digits++;
    else if (c == '.' || c == 'e' || c == 'E')
      integer = FALSE;
    else if (c != '-' && c != '+')
      break;
  }
  s->i--; /* the caller's loop steps past the token's last byte */
  return !integer || digits <= MAX_INTEGER_DIGITS;
}

static gboolean
scan_json(const char *data, gsize len, const char *name, GError **error)
{
  Scan s = {data, len, 0, 1};
  guint depth = 0;
  gboolean closed = FALSE; /* the top-level value has ended */

  for (; s.i < s.len; s.i++) {
    char c = data[s.i];
    if (c == '\n') {
      s.line++;
      continue;
    }
    if (closed && !g_ascii_isspace(c)) {
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s:%u: text after the end of the top-level value",
                  name, s.line);
      return FALSE;
    }
    if (c == '"' && !scan_string(&s)) {
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                  "%s:%u: a string contains \\u0000, which is not allowed", name, s.line);
      return FALSE;
    } else if ((c == '-' || g_ascii_isdigit(c)) && !scan_number(&s)) {
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                  "%s:%u: an integer with more than %u digits (write it with an exponent, "
                  "like 1e30)",
                  name, s.line, MAX_INTEGER_DIGITS);
      return FALSE;
    } else if ((c == '{' || c == '[') && ++depth > MAX_DEPTH) {
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s:%u: nested deeper than %u levels", name,
                  s.line, MAX_DEPTH);
      return FALSE;
    } else if ((c == '}' || c == ']') && depth > 0 && --depth == 0) {
      closed = TRUE;
    }
  }
  return TRUE;
}

/* What a node is, for messages. */
static const char *
describe(JsonNode *node)
{
  GType t;

  switch (json_node_get_node_type(node)) {
  case JSON_NODE_OBJECT:
    return "an object";
  case JSON_NODE_ARRAY:
    return "an array";
  case JSON_NODE_NULL:
    return "null";
  case JSON_NODE_VALUE:
    break;
  }
  t = json_node_get_value_type(node);
  if (t == G_TYPE_STRING)
    return "a string";
  if (t == G_TYPE_BOOLEAN)
    return "a boolean";
  return "a number";
}

static gboolean
is_number(JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE(node))
    return FALSE;
  t = json_node_get_value_type(node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
is_string(JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING;
}

/* Sets @field from a member's value: null is absent; a string where a
 * number belongs (or the other way round) is an error, not a conversion. */
static gboolean
set_member(VsRecord *rec, guint field, JsonNode *node, GError **error)
{
  const VsFieldDef *def = &rec->fields[field];
  gboolean want_number = def->type == VS_I_FIELD_NUMBER;

  if (JSON_NODE_HOLDS_NULL(node))
    return TRUE;
  if (want_number && is_number(node))
    return vs_i_record_set_number(rec, field, json_node_get_double(node), error);
  if (!want_number && is_string(node)) {
    const char *s = json_node_get_string(node);
    return vs_i_record_set_text(rec, field, s, strlen(s), error);
  }
  g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "field \"%s\": expected %s, got %s", def->name,
              want_number ? "a number" : "a string", describe(node));
  return FALSE;
}

static gboolean
load_object(VsRecord *rec, JsonObject *object, GError **error)
{
  vs_i_record_reset(rec);
  for (guint f = 0; f < rec->n_fields; f++) {
    JsonNode *member = json_object_get_member(object, rec->fields[f].name);
    if (member != NULL && !set_member(rec, f, member, error))
      return FALSE;
  }
  return vs_i_record_commit(rec, error);
}

/* Adds the elements of the top-level array @key to @org. */
static gboolean
load_array(VsOrg *org, JsonObject *top, const char *key, VsTable table, gboolean required,
           const char *name, GError **error)
{
  JsonNode *node = json_object_get_member(top, key);
  JsonArray *array;
  gboolean ok = TRUE;
  VsRecord rec;
  guint n;

  if (node == NULL || JSON_NODE_HOLDS_NULL(node)) {
    if (required)
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: field \"%s\": is missing", name, key);
    return !required;
  }
  if (!JSON_NODE_HOLDS_ARRAY(node)) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: field \"%s\": expected an array, got %s",
                name, key, describe(node));
    return FALSE;
  }
  array = json_node_get_array(node);
  n = json_array_get_length(array);
  vs_i_record_init(&rec, org, table);
  for (guint i = 0; ok && i < n; i++) {
    JsonNode *element = json_array_get_element(array, i);
    if (!JSON_NODE_HOLDS_OBJECT(element)) {
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: %s[%u]: expected an object, got %s", name,
                  key, i, describe(element));
      ok = FALSE;
    } else if (!load_object(&rec, json_node_get_object(element), error)) {
      g_prefix_error(error, "%s: %s[%u]: ", name, key, i);
      ok = FALSE;
    }
  }
  vs_i_record_clear(&rec);
  return ok;
}

/* json-glib names memory input "<data>"; say @name instead. Its message
 * quotes the offending text, which may be invalid UTF-8 (a lone surrogate
 * escape comes out as CESU-8 bytes): messages are always UTF-8. */
static void
set_parser_error(const GError *parser_error, const char *name, GError **error)
{
  g_autofree char *valid = g_utf8_make_valid(parser_error->message, -1);
  const char *msg = valid;

  if (g_str_has_prefix(msg, "<data>:"))
    msg += strlen("<data>:");
  else
    name = NULL;
  g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s%s%s", name != NULL ? name : "",
              name != NULL ? ":" : "", msg);
}

/* The top-level object of @data, parsed; NULL with an error otherwise. */
static JsonParser *
parse(const char *data, gsize len, const char *name, JsonObject **top, GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  if (!vs_i_check_text(data, len, name, error) || !scan_json(data, len, name, error))
    return NULL;
  parser = json_parser_new_immutable();
  if (!json_parser_load_from_data(parser, data, (gssize)len, &local)) {
    set_parser_error(local, name, error);
    return NULL;
  }
  root = json_parser_get_root(parser);
  if (root == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: the file is empty", name);
    return NULL;
  }
  if (!JSON_NODE_HOLDS_OBJECT(root)) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                "%s: the top level is %s; expected an object {\"units\": [...], \"handoffs\": "
                "[...]}",
                name, describe(root));
    return NULL;
  }
  *top = json_node_get_object(root);
  return g_steal_pointer(&parser);
}

VsOrg *
vs_load_json_data(const char *data, gssize len, const char *name, GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *top = NULL;
  VsOrg *org;
  gsize n;

  g_return_val_if_fail(data != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  n = len < 0 ? strlen(data) : (gsize)len;
  if (name == NULL)
    name = "<json>";
  if ((parser = parse(data, n, name, &top, error)) == NULL)
    return NULL;
  org = vs_org_new();
  if (!load_array(org, top, "units", VS_I_TABLE_UNITS, TRUE, name, error) ||
      !load_array(org, top, "handoffs", VS_I_TABLE_HANDOFFS, TRUE, name, error) ||
      !load_array(org, top, "surveys", VS_I_TABLE_SURVEYS, FALSE, name, error)) {
    vs_org_free(org);
    return NULL;
  }
  return vs_i_load_finish(org, name, error);
}

VsOrg *
vs_load_json_file(const char *path, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  return vs_i_load_file(path, vs_load_json_data, error);
}
