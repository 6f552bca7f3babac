/* valuestream - loading an org from JSON:
 * {"units": [...], "handoffs": [...], "surveys": [...]}.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * json-glib builds the tree; every object's members then go to the shared
 * record layer (load-record.c) under the SPEC field names. Before json-glib
 * sees the text, a lexical pass holds it to RFC 8259, because json-glib
 * 1.6 (a GScanner underneath) reads much that is not JSON, silently and
 * wrongly: 010 as 8 (octal), 0x10 and $10 as 16, 0b1 as 1, .5 and 1.,
 * 'single-quoted strings'; it wraps integers too long for 64 bits, cuts a
 * string at "\u0000", ignores text after the top-level value, and its
 * recursive parser overflows the stack on deep nesting (1.6.6 crashes).
 * The pass also rejects raw control characters in strings, unknown
 * escapes and lone UTF-16 surrogates. Invalid UTF-8 and NUL bytes are
 * rejected before it. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "load-private.h"

/* Deeper than any org file needs, far shallower than what crashes. */
#define MAX_DEPTH 64
/* json-glib reads integers with g_ascii_strtoll and does not check for
 * overflow; 18 digits always fit in 64 bits. */
#define MAX_INTEGER_DIGITS 18

typedef struct {
  const char *data, *name;
  gsize len, i;
  guint line;
  GError **error;
} Scan;

G_GNUC_PRINTF(2, 3)
static gboolean
scan_fail(Scan *s, const char *fmt, ...)
{
  g_autofree char *msg = NULL;
  va_list ap;

  va_start(ap, fmt);
  msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(s->error, VS_ERROR, VS_ERROR_PARSE, "%s:%u: %s", s->name, s->line, msg);
  return FALSE;
}

static gboolean
is_json_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* What may follow a number or a literal. */
static gboolean
ends_token(const Scan *s, gsize i)
{
  char c = i < s->len ? s->data[i] : ' ';
  return is_json_space(c) || c == ',' || c == ']' || c == '}' || c == ':';
}

/* The token at s->i (up to the next delimiter), shown in a message. */
static gboolean
bad_token(Scan *s, const char *why)
{
  gsize end = s->i;
  g_autofree char *shown = NULL;

  while (end < s->len && !ends_token(s, end) && s->data[end] != '"' && s->data[end] != '[' &&
         s->data[end] != '{')
    end++;
  shown = vs_i_show_value(s->data + s->i, MAX(end, s->i + 1) - s->i);
  return scan_fail(s, "%s %s", shown, why);
}

static int
hex4(const char *p)
{
  int v = 0;
  for (int k = 0; k < 4; k++) {
    int d = g_ascii_xdigit_value(p[k]);
    if (d < 0)
      return -1;
    v = v * 16 + d;
  }
  return v;
}

/* A string whose opening quote is at s->i; on return s->i is at its
 * closing quote. An unterminated string ends the scan: the parser says so. */
static gboolean
scan_string(Scan *s)
{
  for (s->i++; s->i < s->len; s->i++) {
    guchar c = (guchar)s->data[s->i];
    int u, low;

    if (c == '"')
      return TRUE;
    if (c < 0x20)
      return scan_fail(s,
                       "a string holds the control character 0x%02X; write it as an escape "
                       "(\\n, \\t, \\u00%02X)",
                       c, c);
    if (c != '\\' || s->i + 1 >= s->len)
      continue;
    c = (guchar)s->data[++s->i];
    if (strchr("\"\\/bfnrt", c) != NULL && c != '\0')
      continue;
    if (c != 'u')
      return scan_fail(s, "a string holds the escape \\%c, which JSON does not have",
                       g_ascii_isprint(c) ? c : '?');
    if (s->len - s->i <= 4 || (u = hex4(s->data + s->i + 1)) < 0)
      return scan_fail(s, "\\u in a string is not followed by four hex digits");
    s->i += 4;
    if (u == 0)
      return scan_fail(s, "a string contains \\u0000, which is not allowed");
    if (u >= 0xDC00 && u <= 0xDFFF)
      return scan_fail(s, "a string holds a lone UTF-16 surrogate \\u%04X", (guint)u);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (s->len - s->i <= 6 || s->data[s->i + 1] != '\\' || s->data[s->i + 2] != 'u' ||
          (low = hex4(s->data + s->i + 3)) < 0xDC00 || low > 0xDFFF)
        return scan_fail(s, "a string holds a lone UTF-16 surrogate \\u%04X", (guint)u);
      s->i += 6;
    }
  }
  return TRUE;
}

/* A number at s->i: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, and
 * not an integer too long for json-glib, which would silently wrap it.
 * On return s->i is at its last byte. */
static gboolean
scan_number(Scan *s)
{
  const char *d = s->data;
  gsize i = s->i, digits = 0;
  gboolean integer = TRUE;

  if (d[i] == '-')
    i++;
  if (i < s->len && d[i] == '0') {
    i++, digits++;
  } else if (i < s->len && d[i] >= '1' && d[i] <= '9') {
    while (i < s->len && g_ascii_isdigit(d[i]))
      i++, digits++;
  } else {
    return bad_token(s, "is not a JSON number");
  }
  if (i < s->len && d[i] == '.') {
    integer = FALSE;
    if (++i >= s->len || !g_ascii_isdigit(d[i]))
      return bad_token(s, "is not a JSON number");
    while (i < s->len && g_ascii_isdigit(d[i]))
      i++;
  }
  if (i < s->len && (d[i] == 'e' || d[i] == 'E')) {
    integer = FALSE;
    if (++i < s->len && (d[i] == '+' || d[i] == '-'))
      i++;
    if (i >= s->len || !g_ascii_isdigit(d[i]))
      return bad_token(s, "is not a JSON number");
    while (i < s->len && g_ascii_isdigit(d[i]))
      i++;
  }
  if (!ends_token(s, i))
    return bad_token(s, "is not a JSON number (JSON numbers are decimal, with no leading zeros)");
  if (integer && digits > MAX_INTEGER_DIGITS)
    return scan_fail(s,
                     "an integer with more than %u digits (write it with an exponent, like "
                     "1e30)",
                     MAX_INTEGER_DIGITS);
  s->i = i - 1;
  return TRUE;
}

/* true, false or null at s->i. */
static gboolean
scan_literal(Scan *s)
{
  static const char *const literals[] = {"true", "false", "null"};

  for (guint k = 0; k < G_N_ELEMENTS(literals); k++) {
    gsize n = strlen(literals[k]);
    if (s->len - s->i >= n && memcmp(s->data + s->i, literals[k], n) == 0 &&
        ends_token(s, s->i + n)) {
      s->i += n - 1;
      return TRUE;
    }
  }
  return bad_token(s, "is not JSON (values are \"strings\", numbers, true, false and null)");
}

gboolean
vs_i_json_scan(const char *data, gsize len, const char *name, GError **error)
{
  Scan s = {data, name, len, 0, 1, error};
  guint depth = 0;
  gboolean closed = FALSE; /* the top-level value has ended */

  for (; s.i < s.len; s.i++) {
    char c = data[s.i];
    if (c == '\n') {
      s.line++;
      continue;
    }
    if (is_json_space(c))
      continue;
    if (closed)
      return scan_fail(&s, "text after the end of the top-level value");
    switch (c) {
    case '"':
      if (!scan_string(&s))
        return FALSE;
      break;
    case '{':
    case '[':
      if (++depth > MAX_DEPTH)
        return scan_fail(&s, "nested deeper than %u levels", MAX_DEPTH);
      break;
    case '}':
    case ']':
      if (depth > 0)
        depth--;
      break;
    case ',':
    case ':':
      break;
    default:
      if ((c == '-' || g_ascii_isdigit(c)) ? !scan_number(&s) : !scan_literal(&s))
        return FALSE;
    }
    if (depth == 0 && c != ',' && c != ':')
      closed = TRUE;
  }
  return TRUE;
}

const char *
vs_i_json_describe(JsonNode *node)
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

gboolean
vs_i_json_is_number(JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE(node))
    return FALSE;
  t = json_node_get_value_type(node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

gboolean
vs_i_json_is_string(JsonNode *node)
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
  if (want_number && vs_i_json_is_number(node))
    return vs_i_record_set_number(rec, field, json_node_get_double(node), error);
  if (!want_number && vs_i_json_is_string(node)) {
    const char *s = json_node_get_string(node);
    return vs_i_record_set_text(rec, field, s, strlen(s), error);
  }
  g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "field \"%s\": expected %s, got %s", def->name,
              want_number ? "a number" : "a string", vs_i_json_describe(node));
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
                name, key, vs_i_json_describe(node));
    return FALSE;
  }
  array = json_node_get_array(node);
  n = json_array_get_length(array);
  vs_i_record_init(&rec, org, table);
  for (guint i = 0; ok && i < n; i++) {
    JsonNode *element = json_array_get_element(array, i);
    if (!JSON_NODE_HOLDS_OBJECT(element)) {
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: %s[%u]: expected an object, got %s", name,
                  key, i, vs_i_json_describe(element));
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

  if (!vs_i_check_text(data, len, name, error) || !vs_i_json_scan(data, len, name, error))
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
                name, vs_i_json_describe(root));
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
