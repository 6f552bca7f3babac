/* valuestream - loading an org from GraphML.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * igraph reads the file (igraph_read_graph_graphml with the C attribute
 * handler); its attribute values go to the shared record layer
 * (load-record.c). igraph alone is not enough to honour SPEC section 2:
 * it silently merges two nodes with the same id, creates a node for an
 * edge endpoint that was never declared, reads numbers with the locale's
 * strtod (so "nan" becomes "absent" and "0x10" becomes 16) and keeps no
 * line numbers. So a light SAX pass with libxml2 (which igraph uses
 * anyway) runs first: it checks well-formedness, records nodes and edges
 * in document order with their lines, and rejects duplicate ids, unknown
 * endpoints and number text that vs_i_parse_double() refuses. Before any
 * XML parser sees the input, a DOCTYPE or ENTITY declaration and any
 * encoding but UTF-8 are rejected: entity expansion is a classic attack
 * and a declared UTF-7 or UTF-16 would hide a DOCTYPE from that check. */
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "load-private.h"

#define GRAPHML_NS "http://graphml.graphdrawing.org/xmlns"

/* Collected <data> text beyond this is not a number anyway. */
#define MAX_DATA_TEXT 1024

/* ---- checks on the raw text ------------------------------------------ */

static guint
line_of(const char *data, const char *at)
{
  guint line = 1;
  for (const char *p = data; (p = memchr(p, '\n', (gsize)(at - p))) != NULL; p++)
    line++;
  return line;
}

static gboolean
reject_declarations(const char *data, gsize len, const char *name, GError **error)
{
  static const char *const banned[] = {"<!DOCTYPE", "<!ENTITY"};

  for (guint i = 0; i < G_N_ELEMENTS(banned); i++) {
    const char *at = memmem(data, len, banned[i], strlen(banned[i]));
    if (at != NULL) {
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                  "%s:%u: %s declarations are not allowed in GraphML input (entities could "
                  "expand without bound)",
                  name, line_of(data, at), banned[i] + 2);
      return FALSE;
    }
  }
  return TRUE;
}

/* The encoding named in an XML declaration must be UTF-8 (or its subset
 * ASCII): any other would make the checks on the raw text meaningless. */
static gboolean
check_encoding(const char *data, gsize len, const char *name, GError **error)
{
  static const char *const allowed[] = {"utf-8", "utf8", "us-ascii", "ascii"};
  const char *end, *p, *q;
  g_autofree char *value = NULL;
  char quote;

  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, len -= 3;
  if (len < 5 || memcmp(data, "<?xml", 5) != 0)
    return TRUE;
  if ((end = memmem(data, len, "?>", 2)) == NULL)
    return TRUE; /* not a declaration the parser will accept either */
  if ((p = memmem(data, (gsize)(end - data), "encoding", 8)) == NULL)
    return TRUE;
  p += 8;
  while (p < end && (g_ascii_isspace(*p) || *p == '='))
    p++;
  if (p >= end || (*p != '"' && *p != '\''))
    return TRUE;
  quote = *p++;
  if ((q = memchr(p, quote, (gsize)(end - p))) == NULL)
    return TRUE;
  value = g_ascii_strdown(p, q - p);
  for (guint i = 0; i < G_N_ELEMENTS(allowed); i++)
    if (strcmp(value, allowed[i]) == 0)
      return TRUE;
  g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
              "%s:1: encoding \"%s\" is not supported; save the file as UTF-8", name, value);
  return FALSE;
}

/* ---- the structural pass ------------------------------------------------ */

typedef enum {
  AT_START,
  AT_GRAPHML,
  AT_KEY,
  AT_DEFAULT,
  AT_GRAPH,
  AT_NODE,
  AT_EDGE,
  AT_DATA,
  AT_END,
} Where;

enum { DOMAIN_NODE, DOMAIN_EDGE, N_DOMAINS };

typedef struct {
  const char *id;  /* the unit id */
  const char *raw; /* as libxml2 hands it over (see decode_attribute()): igraph's id */
  guint line;
} Node;

typedef struct {
  const char *source, *target;
  guint line;
} Edge;

typedef struct {
  const char *name;
  xmlParserCtxtPtr ctxt;
  GError *error;         /* the first error; parsing stops there */
  GStringChunk *strings; /* ids, sources, targets, key ids */

  GHashTable *keys[N_DOMAINS];      /* key id -> GINT_TO_POINTER(field + 2); -1 = not ours */
  GHashTable *key_names[N_DOMAINS]; /* names of our fields that have a key (owned) */
  VsRecord check[N_DOMAINS];        /* parses number text; never committed */

  GHashTable *node_index; /* id -> GUINT_TO_POINTER(index + 1) */
  GArray *nodes;          /* Node, in document order */
  GArray *edges;          /* Edge, in document order = igraph's edge ids */

  Where where, data_parent;
  guint skip_depth;      /* > 0 inside an element that is not ours */
  gboolean no_namespace; /* the root <graphml> had none: accept bare names */
  gboolean seen_graph;

  /* the <key> being read */
  const char *key_id;
  guint key_domain;
  gint key_field;

  /* the <default> or <data> being read, when its text is a number of ours */
  gboolean collecting;
  guint text_domain, text_line;
  gint text_field;
  GString *text;

  /* what igraph will keep per node and per edge: a value of every
   * declared attribute, ours or not (see check_reader_memory()) */
  guint64 cell_bytes[N_DOMAINS];
} Pass;

static void
pass_init(Pass *s, const char *name)
{
  memset(s, 0, sizeof *s);
  s->name = name;
  s->strings = g_string_chunk_new(4096);
  for (guint d = 0; d < N_DOMAINS; d++) {
    s->keys[d] = g_hash_table_new(g_str_hash, g_str_equal);
    s->key_names[d] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    vs_i_record_init(&s->check[d], NULL, d == DOMAIN_NODE ? VS_I_TABLE_UNITS : VS_I_TABLE_HANDOFFS);
  }
  s->node_index = g_hash_table_new(g_str_hash, g_str_equal);
  s->nodes = g_array_new(FALSE, FALSE, sizeof(Node));
  s->edges = g_array_new(FALSE, FALSE, sizeof(Edge));
  s->text = g_string_new(NULL);
  s->key_field = -1;
  s->text_field = -1;
}

static void
pass_clear(Pass *s)
{
  for (guint d = 0; d < N_DOMAINS; d++) {
    g_hash_table_destroy(s->keys[d]);
    g_hash_table_destroy(s->key_names[d]);
    vs_i_record_clear(&s->check[d]);
  }
  g_hash_table_destroy(s->node_index);
  g_array_free(s->nodes, TRUE);
  g_array_free(s->edges, TRUE);
  g_string_free(s->text, TRUE);
  g_string_chunk_free(s->strings);
  g_clear_error(&s->error);
}

static guint
current_line(const Pass *s)
{
  return (guint)xmlSAX2GetLineNumber(s->ctxt);
}

/* Records the first error and stops the parser. */
G_GNUC_PRINTF(4, 5)
static void
fail(Pass *s, int code, guint line, const char *fmt, ...)
{
  g_autofree char *msg = NULL;
  va_list ap;

  if (s->error != NULL)
    return;
  va_start(ap, fmt);
  msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(&s->error, VS_ERROR, code, "%s:%u: %s", s->name, line, msg);
  if (s->ctxt != NULL)
    xmlStopParser(s->ctxt);
}

/* How messages name a node or an edge. */
static char *
describe_node(const char *id)
{
  g_autofree char *shown = vs_i_show_value(id, strlen(id));
  return g_strdup_printf("node %s", shown);
}

static char *
describe_edge(const Pass *s, guint e)
{
  const Edge *edge = &g_array_index(s->edges, Edge, e);
  return g_strdup_printf("edge %u (%s -> %s)", e, edge->source, edge->target);
}

/* The value of attribute @want (without namespace or in GraphML's),
 * copied; NULL when absent. */
static char *
get_attribute(const xmlChar **attrs, int n, const char *want)
{
  for (int i = 0; i < n; i++, attrs += 5) {
    const xmlChar *uri = attrs[2];
    if (uri != NULL && strcmp((const char *)uri, GRAPHML_NS) != 0)
      continue;
    if (strcmp((const char *)attrs[0], want) == 0)
      return g_strndup((const char *)attrs[3], (gsize)(attrs[4] - attrs[3]));
  }
  return NULL;
}

/* libxml2 hands over an attribute value with each '&' it decoded (from
 * &amp; or &#38;) written as "&#38;" when entities are not substituted, as
 * here (no entity may be declared); igraph reads ids the same way. The
 * unit id is the value with those made '&' again: "a&amp;b" is "a&b". */
static char *
decode_attribute(const char *raw)
{
  GString *out = g_string_sized_new(strlen(raw));

  for (const char *p = raw; *p;) {
    if (strncmp(p, "&#38;", 5) == 0) {
      g_string_append_c(out, '&');
      p += 5;
    } else {
      g_string_append_c(out, *p++);
    }
  }
  return g_string_free(out, FALSE);
}

static gboolean
is_graphml(const Pass *s, const xmlChar *uri)
{
  if (uri == NULL)
    return s->no_namespace || s->where == AT_START;
  return strcmp((const char *)uri, GRAPHML_NS) == 0;
}

/* The field a GraphML attribute called @name sets, or -1. The unit id and
 * the handoff's ends come from the node and edge elements themselves. */
static gint
attribute_field(guint domain, const char *name)
{
  VsTable table = domain == DOMAIN_NODE ? VS_I_TABLE_UNITS : VS_I_TABLE_HANDOFFS;
  gint f = vs_i_table_find_field(table, name, strlen(name));

  if (domain == DOMAIN_NODE && f == VS_I_U_ID)
    return -1;
  if (domain == DOMAIN_EDGE && (f == VS_I_H_FROM || f == VS_I_H_TO))
    return -1;
  return f;
}

/* The attribute types igraph reads. It skips a key without a type (and
 * fails on an unknown one) so for our fields either is an error here. */
static gboolean
is_known_type(const char *type)
{
  static const char *const types[] = {"boolean", "int", "long", "float", "double", "string"};

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS(types); i++)
    if (strcmp(type, types[i]) == 0)
      return TRUE;
  return FALSE;
}

/* A key igraph would skip although it names one of our fields. */
static gboolean
check_unread_key(Pass *s, const char *id, const char *target, const char *name)
{
  gboolean ours =
      attribute_field(DOMAIN_NODE, name) >= 0 || attribute_field(DOMAIN_EDGE, name) >= 0;

  if (ours && target != NULL && strcmp(target, "all") == 0) {
    fail(s, VS_ERROR_PARSE, current_line(s),
         "key \"%s\": for=\"all\" is not supported; declare \"%s\" for=\"node\" or "
         "for=\"edge\"",
         id, name);
    return FALSE;
  }
  return TRUE;
}

static void
start_key(Pass *s, const xmlChar **attrs, int n)
{
  g_autofree char *id = get_attribute(attrs, n, "id");
  g_autofree char *target = get_attribute(attrs, n, "for");
  g_autofree char *attr_name = get_attribute(attrs, n, "attr.name");
  g_autofree char *type = get_attribute(attrs, n, "attr.type");
  const char *name = attr_name != NULL ? attr_name : id; /* as igraph names it */
  guint domain;
  gint field;

  s->key_field = -1;
  if (id == NULL) {
    fail(s, VS_ERROR_PARSE, current_line(s), "a <key> has no id");
    return;
  }
  if (is_known_type(type) && target != NULL) {
    /* igraph stores a string as a separate allocation (about 80 bytes
     * with its bookkeeping), a number or boolean in 8 bytes */
    guint64 cost = strcmp(type, "string") == 0 ? 80 : 8;
    if (strcmp(target, "node") == 0 || strcmp(target, "all") == 0)
      s->cell_bytes[DOMAIN_NODE] += cost;
    if (strcmp(target, "edge") == 0 || strcmp(target, "all") == 0)
      s->cell_bytes[DOMAIN_EDGE] += cost;
  }
  if (target == NULL || (strcmp(target, "node") != 0 && strcmp(target, "edge") != 0)) {
    check_unread_key(s, id, target, name); /* else: graph attributes, not ours */
    return;
  }
  domain = strcmp(target, "node") == 0 ? DOMAIN_NODE : DOMAIN_EDGE;
  field = attribute_field(domain, name);
  if (g_hash_table_contains(s->keys[domain], id)) {
    fail(s, VS_ERROR_PARSE, current_line(s), "key \"%s\": declared twice", id);
  } else if (domain == DOMAIN_NODE && strcmp(name, "id") == 0) {
    fail(s, VS_ERROR_PARSE, current_line(s),
         "key \"%s\": a node attribute may not be called \"id\" (node ids are the unit ids)", id);
  } else if (field >= 0 && !is_known_type(type)) {
    fail(s, VS_ERROR_PARSE, current_line(s),
         "key \"%s\": attr.type is %s%s%s; expected boolean, int, long, float, double or string",
         id, type ? "\"" : "", type ? type : "missing", type ? "\"" : "");
  } else if (field >= 0 && !g_hash_table_add(s->key_names[domain], g_strdup(name))) {
    fail(s, VS_ERROR_PARSE, current_line(s), "key \"%s\": a second key for %s attribute \"%s\"", id,
         target, name);
  } else {
    s->key_id = g_string_chunk_insert(s->strings, id);
    g_hash_table_insert(s->keys[domain], (gpointer)s->key_id, GINT_TO_POINTER(field + 2));
    s->key_domain = domain;
    s->key_field = field;
  }
}

static void
start_node(Pass *s, const xmlChar **attrs, int n)
{
  g_autofree char *raw = get_attribute(attrs, n, "id");
  g_autofree char *id = NULL;
  Node node;

  if (raw == NULL) {
    fail(s, VS_ERROR_PARSE, current_line(s), "a <node> has no id");
    return;
  }
  id = decode_attribute(raw);
  if (g_hash_table_contains(s->node_index, id)) {
    g_autofree char *what = describe_node(id);
    g_autofree char *shown = vs_i_show_value(id, strlen(id));
    fail(s, VS_ERROR_INVALID, current_line(s), "%s: field \"id\": duplicate id %s", what, shown);
    return;
  }
  node.id = g_string_chunk_insert(s->strings, id);
  node.raw = strcmp(raw, id) == 0 ? node.id : g_string_chunk_insert(s->strings, raw);
  node.line = current_line(s);
  g_array_append_val(s->nodes, node);
  g_hash_table_insert(s->node_index, (gpointer)node.id, GUINT_TO_POINTER(s->nodes->len));
}

static void
start_edge(Pass *s, const xmlChar **attrs, int n)
{
  g_autofree char *source = get_attribute(attrs, n, "source");
  g_autofree char *target = get_attribute(attrs, n, "target");
  Edge edge;

  if (source == NULL || target == NULL) {
    fail(s, VS_ERROR_PARSE, current_line(s), "edge %u: has no %s", s->edges->len,
         source == NULL ? "source" : "target");
    return;
  }
  g_autofree char *from = decode_attribute(source), *to = decode_attribute(target);
  edge.source = g_string_chunk_insert(s->strings, from);
  edge.target = g_string_chunk_insert(s->strings, to);
  edge.line = current_line(s);
  g_array_append_val(s->edges, edge);
}

/* Starts collecting text when it is a number of one of our fields. */
static void
begin_text(Pass *s, guint domain, gint field)
{
  s->collecting = field >= 0 && s->check[domain].fields[field].type == VS_I_FIELD_NUMBER;
  s->text_domain = domain;
  s->text_field = field;
  s->text_line = current_line(s);
  g_string_truncate(s->text, 0);
}

static void
start_data(Pass *s, guint domain, const xmlChar **attrs, int n)
{
  g_autofree char *key = get_attribute(attrs, n, "key");
  gpointer found;

  if (key == NULL) {
    fail(s, VS_ERROR_PARSE, current_line(s), "a <data> has no key");
    return;
  }
  found = g_hash_table_lookup(s->keys[domain], key);
  begin_text(s, domain, found != NULL ? GPOINTER_TO_INT(found) - 2 : -1);
}

/* What the text being read belongs to, for messages. */
static char *
text_owner(const Pass *s)
{
  if (s->where == AT_DEFAULT)
    return g_strdup_printf("key \"%s\"", s->key_id);
  if (s->data_parent == AT_NODE)
    return describe_node(g_array_index(s->nodes, Node, s->nodes->len - 1).id);
  return describe_edge(s, s->edges->len - 1);
}

/* Checks collected number text as the loader will read it. */
static void
end_text(Pass *s)
{
  g_autoptr(GError) local = NULL;
  VsRecord *rec = &s->check[s->text_domain];

  if (!s->collecting)
    return;
  s->collecting = FALSE;
  vs_i_record_reset(rec);
  if (!vs_i_record_set_text(rec, (guint)s->text_field, s->text->str, s->text->len, &local)) {
    g_autofree char *owner = text_owner(s);
    fail(s, local->code, s->text_line, "%s: %s", owner, local->message);
  }
}

static void
on_characters(void *ctx, const xmlChar *ch, int len)
{
  Pass *s = ctx;

  if (s->error == NULL && s->collecting && s->text->len < MAX_DATA_TEXT)
    g_string_append_len(s->text, (const char *)ch, MIN(len, (int)(MAX_DATA_TEXT - s->text->len)));
}

/* Enters a GraphML element; FALSE when it is not one we read. */
static gboolean
enter(Pass *s, const char *el, const xmlChar **attrs, int n, gboolean bare)
{
  switch (s->where) {
  case AT_START:
    if (strcmp(el, "graphml") != 0) {
      fail(s, VS_ERROR_PARSE, current_line(s), "the root element is <%s>, not <graphml>", el);
      return TRUE;
    }
    s->no_namespace = bare;
    s->where = AT_GRAPHML;
    return TRUE;
  case AT_GRAPHML:
    if (strcmp(el, "key") == 0) {
      start_key(s, attrs, n);
      s->where = AT_KEY;
      return TRUE;
    }
    if (strcmp(el, "graph") == 0) {
      if (s->seen_graph)
        fail(s, VS_ERROR_PARSE, current_line(s), "a second <graph>; one org per file");
      s->seen_graph = TRUE;
      s->where = AT_GRAPH;
      return TRUE;
    }
    return FALSE;
  case AT_KEY:
    if (strcmp(el, "default") != 0 || s->key_field < 0)
      return FALSE;
    begin_text(s, s->key_domain, s->key_field);
    s->where = AT_DEFAULT;
    return TRUE;
  case AT_GRAPH:
    if (strcmp(el, "node") == 0) {
      start_node(s, attrs, n);
      s->where = AT_NODE;
      return TRUE;
    }
    if (strcmp(el, "edge") == 0) {
      start_edge(s, attrs, n);
      s->where = AT_EDGE;
      return TRUE;
    }
    return FALSE; /* graph-level <data>, hyperedges: not ours */
  case AT_NODE:
  case AT_EDGE:
    if (strcmp(el, "graph") == 0) {
      fail(s, VS_ERROR_PARSE, current_line(s), "nested graphs are not supported");
      return TRUE;
    }
    if (strcmp(el, "data") != 0)
      return FALSE;
    start_data(s, s->where == AT_NODE ? DOMAIN_NODE : DOMAIN_EDGE, attrs, n);
    s->data_parent = s->where;
    s->where = AT_DATA;
    return TRUE;
  case AT_DEFAULT:
  case AT_DATA:
  case AT_END:
    break;
  }
  return FALSE;
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
         int n_namespaces, const xmlChar **namespaces, int n_attributes, int n_defaulted,
         const xmlChar **attributes)
{
  Pass *s = ctx;

  if (s->error != NULL)
    return;
  if (s->skip_depth > 0 || !is_graphml(s, uri) ||
      !enter(s, (const char *)localname, attributes, n_attributes, uri == NULL))
    s->skip_depth++;
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
  Pass *s = ctx;

  if (s->error != NULL)
    return;
  if (s->skip_depth > 0) {
    s->skip_depth--;
    return;
  }
  switch (s->where) {
  case AT_GRAPHML:
    s->where = AT_END;
    break;
  case AT_KEY:
  case AT_GRAPH:
    s->where = AT_GRAPHML;
    break;
  case AT_DEFAULT:
    end_text(s);
    s->where = AT_KEY;
    break;
  case AT_NODE:
  case AT_EDGE:
    s->where = AT_GRAPH;
    break;
  case AT_DATA:
    end_text(s);
    s->where = s->data_parent;
    break;
  case AT_START:
  case AT_END:
    break;
  }
}

static void
on_xml_error(void *ctx, xmlErrorPtr err)
{
  Pass *s = ctx;
  g_autofree char *msg = NULL;

  if (err == NULL || err->level == XML_ERR_WARNING)
    return;
  /* libxml2 may quote the offending bytes: keep the message UTF-8. */
  msg = g_strchomp(g_utf8_make_valid(err->message != NULL ? err->message : "malformed XML", -1));
  fail(s, VS_ERROR_PARSE, (guint)MAX(err->line, 1), "not well-formed XML: %s", msg);
}

static void
init_libxml(void)
{
  static gsize done;
  if (g_once_init_enter(&done)) {
    xmlInitParser();
    g_once_init_leave(&done, 1);
  }
}

/* The structural pass over the whole input; see the file comment. */
static gboolean
run_pass(Pass *s, const char *data, gsize len, GError **error)
{
  const gsize chunk = 64 * 1024 * 1024; /* xmlParseChunk takes an int */
  xmlSAXHandler sax;

  init_libxml();
  memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_start;
  sax.endElementNs = on_end;
  sax.characters = on_characters;
  sax.serror = on_xml_error;
  s->ctxt = xmlCreatePushParserCtxt(&sax, s, NULL, 0, NULL);
  if (s->ctxt == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: cannot create an XML parser", s->name);
    return FALSE;
  }
  xmlCtxtUseOptions(s->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
  for (gsize at = 0; at < len && s->error == NULL; at += chunk)
    xmlParseChunk(s->ctxt, data + at, (int)MIN(chunk, len - at), 0);
  if (s->error == NULL)
    xmlParseChunk(s->ctxt, NULL, 0, 1);
  if (s->error == NULL && !s->ctxt->wellFormed)
    fail(s, VS_ERROR_PARSE, current_line(s), "not well-formed XML");
  if (s->error == NULL && !s->seen_graph)
    fail(s, VS_ERROR_PARSE, current_line(s), "no <graph> element");
  xmlFreeParserCtxt(s->ctxt);
  s->ctxt = NULL;
  if (s->error != NULL) {
    g_propagate_error(error, g_steal_pointer(&s->error));
    return FALSE;
  }
  return TRUE;
}

/* Every edge must join declared nodes: igraph would invent the others. */
static gboolean
check_edge_ends(const Pass *s, GError **error)
{
  for (guint e = 0; e < s->edges->len; e++) {
    const Edge *edge = &g_array_index(s->edges, Edge, e);
    gboolean from_ok = g_hash_table_contains(s->node_index, edge->source);
    const char *field = from_ok ? "to" : "from";
    const char *id = from_ok ? edge->target : edge->source;

    if (!from_ok || !g_hash_table_contains(s->node_index, edge->target)) {
      g_autofree char *what = describe_edge(s, e);
      g_autofree char *shown = vs_i_show_value(id, strlen(id));
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                  "%s:%u: %s: field \"%s\": unknown unit %s (no <node> has this id)", s->name,
                  edge->line, what, field, shown);
      return FALSE;
    }
  }
  return TRUE;
}

/* igraph keeps a value of every declared attribute for every node (or
 * edge), present or not: 20000 string keys and 20000 nodes, 2 MB of text,
 * would take it 30 GB. Refuse what would take more than 32 bytes of
 * memory per byte of input (and at least 256 MiB); a file whose elements
 * carry their attributes needs a few. */
static gboolean
check_reader_memory(const Pass *s, gsize len, GError **error)
{
  guint64 need =
      s->cell_bytes[DOMAIN_NODE] * s->nodes->len + s->cell_bytes[DOMAIN_EDGE] * s->edges->len;
  guint64 allowed = MAX((guint64)len * 32, (guint64)256 << 20);

  if (need <= allowed)
    return TRUE;
  g_set_error(error, VS_ERROR, VS_ERROR_LIMIT,
              "%s: its keys would have igraph keep about %" G_GUINT64_FORMAT
              " MiB of attribute values for %u nodes and %u edges (at most %" G_GUINT64_FORMAT
              " MiB for a file this size); remove the keys the org does not use",
              s->name, need >> 20, s->nodes->len, s->edges->len, allowed >> 20);
  return FALSE;
}

/* ---- reading the values with igraph ---------------------------------- */

/* An attribute igraph read that sets one of our fields. */
typedef struct {
  guint field;
  const char *name;
  igraph_attribute_type_t type;
} Source;

/* The attributes of @elem (vertices or edges) that set fields of ours. */
static gboolean
find_sources(const igraph_t *graph, igraph_attribute_elemtype_t elem, guint domain,
             const VsRecord *rec, Source *out, guint *n_out, GError **error)
{
  *n_out = 0;
  for (guint f = 0; f < rec->n_fields; f++) {
    const char *name = rec->fields[f].name;
    igraph_attribute_type_t type;

    if (attribute_field(domain, name) < 0 || !igraph_cattribute_has_attr(graph, elem, name))
      continue;
    if (!vs_i_igraph_check(igraph_cattribute_table.gettype(graph, &type, elem, name),
                           "reading GraphML attributes", error))
      return FALSE;
    out[(*n_out)++] = (Source){f, name, type};
  }
  return TRUE;
}

/* Sets a field from vertex or edge @i's attribute. A missing value is NaN
 * or "", which the record takes as absent. */
static gboolean
set_from_attribute(VsRecord *rec, const Source *src, const igraph_t *graph, igraph_integer_t i,
                   gboolean vertex, GError **error)
{
  const char *text;

  switch (src->type) {
  case IGRAPH_ATTRIBUTE_STRING:
    text = vertex ? VAS(graph, src->name, i) : EAS(graph, src->name, i);
    return vs_i_record_set_text(rec, src->field, text, strlen(text), error);
  case IGRAPH_ATTRIBUTE_NUMERIC:
    return vs_i_record_set_number(
        rec, src->field, vertex ? VAN(graph, src->name, i) : EAN(graph, src->name, i), error);
  default:
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                "field \"%s\": expected a %s, got a boolean (declare the key with attr.type "
                "\"%s\")",
                src->name, rec->fields[src->field].type == VS_I_FIELD_NUMBER ? "number" : "string",
                rec->fields[src->field].type == VS_I_FIELD_NUMBER ? "double" : "string");
    return FALSE;
  }
}

/* igraph's vertex of each node id (its "id" attribute), as index + 1. */
static GHashTable *
index_vertices(const igraph_t *graph, const Pass *s, GError **error)
{
  igraph_integer_t n = igraph_vcount(graph);
  igraph_attribute_type_t type = IGRAPH_ATTRIBUTE_UNSPECIFIED;
  GHashTable *index;

  if (igraph_cattribute_has_attr(graph, IGRAPH_ATTRIBUTE_VERTEX, "id") &&
      !vs_i_igraph_check(
          igraph_cattribute_table.gettype(graph, &type, IGRAPH_ATTRIBUTE_VERTEX, "id"),
          "reading GraphML node ids", error))
    return NULL;
  if (type != IGRAPH_ATTRIBUTE_STRING || (guint)n != s->nodes->len ||
      (guint)igraph_ecount(graph) != s->edges->len) {
    g_set_error(error, VS_ERROR, VS_ERROR_IGRAPH,
                "%s: igraph read %" IGRAPH_PRId " nodes and %" IGRAPH_PRId
                " edges where the file has %u and %u",
                s->name, n, igraph_ecount(graph), s->nodes->len, s->edges->len);
    return NULL;
  }
  index = g_hash_table_new(g_str_hash, g_str_equal);
  for (igraph_integer_t v = 0; v < n; v++)
    g_hash_table_insert(index, (gpointer)VAS(graph, "id", v), GSIZE_TO_POINTER((gsize)v + 1));
  return index;
}

/* Adds the units in document order. */
static gboolean
add_units(VsOrg *org, const Pass *s, const igraph_t *graph, GHashTable *vertex_of, GError **error)
{
  Source sources[VS_I_MAX_RECORD_FIELDS];
  gboolean ok = TRUE;
  guint n_sources;
  VsRecord rec;

  vs_i_record_init(&rec, org, VS_I_TABLE_UNITS);
  ok = find_sources(graph, IGRAPH_ATTRIBUTE_VERTEX, DOMAIN_NODE, &rec, sources, &n_sources, error);
  for (guint i = 0; ok && i < s->nodes->len; i++) {
    const Node *node = &g_array_index(s->nodes, Node, i);
    igraph_integer_t v =
        (igraph_integer_t)GPOINTER_TO_SIZE(g_hash_table_lookup(vertex_of, node->raw)) - 1;

    vs_i_record_reset(&rec);
    ok = v >= 0 && vs_i_record_set_text(&rec, VS_I_U_ID, node->id, strlen(node->id), error);
    for (guint k = 0; ok && k < n_sources; k++)
      ok = set_from_attribute(&rec, &sources[k], graph, v, TRUE, error);
    ok = ok && vs_i_record_commit(&rec, error);
    if (!ok) {
      g_autofree char *what = describe_node(node->id);
      if (v < 0)
        g_set_error(error, VS_ERROR, VS_ERROR_IGRAPH, "igraph lost the node");
      g_prefix_error(error, "%s:%u: %s: ", s->name, node->line, what);
    }
  }
  vs_i_record_clear(&rec);
  return ok;
}

/* Adds the handoffs; edge e of the file is igraph's edge e. */
static gboolean
add_handoffs(VsOrg *org, const Pass *s, const igraph_t *graph, GError **error)
{
  Source sources[VS_I_MAX_RECORD_FIELDS];
  gboolean ok;
  guint n_sources;
  VsRecord rec;

  vs_i_record_init(&rec, org, VS_I_TABLE_HANDOFFS);
  ok = find_sources(graph, IGRAPH_ATTRIBUTE_EDGE, DOMAIN_EDGE, &rec, sources, &n_sources, error);
  for (guint e = 0; ok && e < s->edges->len; e++) {
    const Edge *edge = &g_array_index(s->edges, Edge, e);

    vs_i_record_reset(&rec);
    ok = vs_i_record_set_text(&rec, VS_I_H_FROM, edge->source, strlen(edge->source), error) &&
         vs_i_record_set_text(&rec, VS_I_H_TO, edge->target, strlen(edge->target), error);
    for (guint k = 0; ok && k < n_sources; k++)
      ok = set_from_attribute(&rec, &sources[k], graph, e, FALSE, error);
    ok = ok && vs_i_record_commit(&rec, error);
    if (!ok) {
      g_autofree char *what = describe_edge(s, e);
      g_prefix_error(error, "%s:%u: %s: ", s->name, edge->line, what);
    }
  }
  vs_i_record_clear(&rec);
  return ok;
}

/* igraph reads numbers with strtod, which follows the locale. */
static igraph_error_t
read_graphml_c_locale(igraph_t *graph, FILE *in)
{
  locale_t c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
  locale_t saved = c_locale != (locale_t)0 ? uselocale(c_locale) : (locale_t)0;
  igraph_error_t rc = igraph_read_graph_graphml(graph, in, 0);

  if (c_locale != (locale_t)0) {
    uselocale(saved);
    freelocale(c_locale);
  }
  return rc;
}

static gboolean
extract(VsOrg *org, const Pass *s, const igraph_t *graph, GError **error)
{
  GHashTable *vertex_of = index_vertices(graph, s, error);
  gboolean ok = vertex_of != NULL && add_units(org, s, graph, vertex_of, error) &&
                add_handoffs(org, s, graph, error);

  if (vertex_of != NULL)
    g_hash_table_destroy(vertex_of);
  return ok;
}

/* Reads @data with igraph and adds its nodes and edges to the (new, so
 * graph-less: no igraph call happens inside the org) @org. The attribute
 * handler is a process global: it is swapped in and out under the lock. */
static gboolean
read_with_igraph(VsOrg *org, const Pass *s, const char *data, gsize len, GError **error)
{
  g_autoptr(GError) local = NULL;
  igraph_attribute_table_t *saved_table;
  igraph_error_t rc;
  igraph_t graph;
  gboolean ok;
  FILE *in = fmemopen((void *)data, len, "r");

  if (in == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot open a memory stream", s->name);
    return FALSE;
  }
  vs_i_igraph_lock();
  saved_table = igraph_set_attribute_table(&igraph_cattribute_table);
  rc = read_graphml_c_locale(&graph, in);
  ok = vs_i_igraph_check(rc, "reading GraphML", &local) && extract(org, s, &graph, &local);
  if (rc == IGRAPH_SUCCESS)
    igraph_destroy(&graph);
  igraph_set_attribute_table(saved_table);
  vs_i_igraph_unlock();
  fclose(in);
  if (!ok) {
    if (rc == IGRAPH_PARSEERROR) {
      local->code = VS_ERROR_PARSE;
      g_prefix_error(&local, "%s: ", s->name);
    }
    g_propagate_error(error, g_steal_pointer(&local));
  }
  return ok;
}

/* ---- the public functions ---------------------------------------------- */

static gboolean
is_blank(const char *data, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace(data[i]))
      return FALSE;
  return TRUE;
}

VsOrg *
vs_load_graphml_data(const char *data, gssize len, const char *name, GError **error)
{
  VsOrg *org = NULL;
  gboolean ok;
  gsize n;
  Pass s;

  g_return_val_if_fail(data != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  n = len < 0 ? strlen(data) : (gsize)len;
  if (name == NULL)
    name = "<graphml>";
  if (is_blank(data, n)) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s: the file is empty", name);
    return NULL;
  }
  if (!vs_i_check_text(data, n, name, error) || !reject_declarations(data, n, name, error) ||
      !check_encoding(data, n, name, error))
    return NULL;
  pass_init(&s, name);
  ok = run_pass(&s, data, n, error) && check_edge_ends(&s, error) &&
       check_reader_memory(&s, n, error);
  if (ok) {
    org = vs_org_new();
    ok = read_with_igraph(org, &s, data, n, error);
  }
  pass_clear(&s);
  if (!ok) {
    vs_org_free(org);
    return NULL;
  }
  return vs_i_load_finish(org, name, error);
}

VsOrg *
vs_load_graphml_file(const char *path, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  return vs_i_load_file(path, vs_load_graphml_data, error);
}
