/* valuestream - reading XES (IEEE 1849) event logs as a stream.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * GMarkup is fed the (inflated) file in blocks and calls back per element;
 * no document tree is built. The reader keeps one <trace> at a time: its
 * attributes (the case id and the case-level fields can come after some
 * events) and its events' fields, as offsets into one string buffer. At
 * </trace> each event goes to the miner. Memory is one trace.
 *
 * What counts: attribute elements (string, date, int, float, boolean, id)
 * that are direct children of a <trace> or an <event>. A column `case:KEY`
 * is the trace attribute KEY, any other column an event attribute. Nested
 * (meta-)attributes, <global> defaults, log-level attributes, extensions
 * and classifiers are skipped: they describe the log, not an event. */
#include <string.h>

#include "mine-private.h"

#define XES_BLOCK (256 * 1024)

enum { F_CASE, F_GROUP, F_RESOURCE, F_TIME, F_CUSTOMER, F_REVENUE, N_FIELDS };

/* Kinds of open elements. */
typedef enum { EL_OTHER, EL_LOG, EL_TRACE, EL_EVENT, EL_ATTRIBUTE } Element;

typedef struct {
  gssize at[N_FIELDS]; /* offset in the trace's text, -1 = absent */
  guint line;
} XesEvent;

typedef struct {
  VsMiner *m;
  GMarkupParseContext *ctx;
  const char *key[N_FIELDS];   /* attribute key of each field, NULL = not read */
  gboolean on_trace[N_FIELDS]; /* read from the trace rather than the event */
  GArray *stack;               /* guint8 Element */
  GString *text;               /* the trace's values, NUL-separated */
  gssize trace_at[N_FIELDS];
  guint trace_line;
  GArray *events; /* XesEvent */
  XesEvent event;
  VsMinerStatus status; /* the miner's word, when it stopped the parse */
  GError *miner_error;
} XesReader;

static const char *
field_column(const VsMineOptions *o, guint f)
{
  const char *const columns[N_FIELDS] = {o->case_column,     o->group_column,
                                         o->resource_column, o->timestamp_column,
                                         o->customer_column, o->revenue_column};
  return columns[f];
}

static void
setup_keys(XesReader *x, const VsMineOptions *o)
{
  for (guint f = 0; f < N_FIELDS; f++) {
    const char *column = field_column(o, f);
    x->on_trace[f] = column != NULL && g_str_has_prefix(column, "case:");
    x->key[f] = column == NULL || *column == '\0' ? NULL : column + (x->on_trace[f] ? 5 : 0);
  }
}

static Element
parent(const XesReader *x)
{
  return x->stack->len > 0 ? (Element)g_array_index(x->stack, guint8, x->stack->len - 1) : EL_OTHER;
}

static gboolean
is_attribute(const char *element)
{
  static const char *const types[] = {"string", "date", "int", "float", "boolean", "id"};
  for (guint i = 0; i < G_N_ELEMENTS(types); i++)
    if (strcmp(element, types[i]) == 0)
      return TRUE;
  return FALSE;
}

static guint
current_line(const XesReader *x)
{
  gint line = 0;
  g_markup_parse_context_get_position(x->ctx, &line, NULL);
  return (guint)line;
}

/* The line of the start tag being reported. GMarkup reports it having
 * read one character past the '>', so a tag that ends its line shows as
 * column 1 of the next line. */
static guint
start_tag_line(const XesReader *x)
{
  gint line = 0, column = 0;
  g_markup_parse_context_get_position(x->ctx, &line, &column);
  return (guint)(column == 1 && line > 1 ? line - 1 : line);
}

/* Stores the value of an attribute element (key="..." value="...") when
 * its key is one of the fields read at this level. */
static void
take_attribute(XesReader *x, gboolean on_trace, const char **names, const char **values)
{
  const char *key = NULL, *value = NULL;

  for (guint i = 0; names[i] != NULL; i++) {
    if (strcmp(names[i], "key") == 0)
      key = values[i];
    else if (strcmp(names[i], "value") == 0)
      value = values[i];
  }
  if (key == NULL || value == NULL)
    return;
  for (guint f = 0; f < N_FIELDS; f++) {
    if (x->key[f] == NULL || x->on_trace[f] != on_trace || strcmp(x->key[f], key) != 0)
      continue;
    (on_trace ? x->trace_at : x->event.at)[f] = (gssize)x->text->len;
    g_string_append(x->text, value);
    g_string_append_c(x->text, '\0');
  }
}

static void
start_trace(XesReader *x)
{
  g_string_truncate(x->text, 0);
  g_array_set_size(x->events, 0);
  for (guint f = 0; f < N_FIELDS; f++)
    x->trace_at[f] = -1;
  x->trace_line = start_tag_line(x);
}

static void
on_start(GMarkupParseContext *ctx, const char *element, const char **names, const char **values,
         gpointer data, GError **error)
{
  XesReader *x = data;
  Element up = parent(x), kind = EL_OTHER;

  if (x->stack->len == 0 && strcmp(element, "log") != 0) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                "%s:%u: not an XES log: the root element is <%s>, not <log>",
                vs_i_miner_get_name(x->m), start_tag_line(x), element);
    return;
  }
  if (x->stack->len == 0) {
    kind = EL_LOG;
  } else if (up == EL_LOG && strcmp(element, "trace") == 0) {
    kind = EL_TRACE;
    start_trace(x);
  } else if (up == EL_TRACE && strcmp(element, "event") == 0) {
    kind = EL_EVENT;
    for (guint f = 0; f < N_FIELDS; f++)
      x->event.at[f] = -1;
    x->event.line = start_tag_line(x);
  } else if ((up == EL_TRACE || up == EL_EVENT) && is_attribute(element)) {
    kind = EL_ATTRIBUTE;
    take_attribute(x, up == EL_TRACE, names, values);
  }
  g_array_append_val(x->stack, (guint8){(guint8)kind});
}

static const char *
text_at(const XesReader *x, gssize at, gsize *len)
{
  *len = at >= 0 ? strlen(x->text->str + at) : 0;
  return at >= 0 ? x->text->str + at : "";
}

/* The field of an event: from the event or from its trace. */
static const char *
value_of(const XesReader *x, const XesEvent *e, guint f, gsize *len)
{
  return text_at(x, x->on_trace[f] ? x->trace_at[f] : e->at[f], len);
}

/* Hands the trace's events to the miner. */
static gboolean
end_trace(XesReader *x, GError **error)
{
  VsLogEvent ev = {0};

  if (x->events->len > 0 && x->trace_at[F_CASE] < 0 && x->on_trace[F_CASE]) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                "%s:%u: field \"%s\": the trace has no \"%s\" attribute (its case id)",
                vs_i_miner_get_name(x->m), x->trace_line,
                field_column(vs_i_miner_get_options(x->m), F_CASE), x->key[F_CASE]);
    return FALSE;
  }
  for (guint i = 0; i < x->events->len; i++) {
    const XesEvent *e = &g_array_index(x->events, XesEvent, i);
    ev.case_id = value_of(x, e, F_CASE, &ev.case_len);
    ev.group = value_of(x, e, F_GROUP, &ev.group_len);
    ev.has_group = (x->on_trace[F_GROUP] ? x->trace_at[F_GROUP] : e->at[F_GROUP]) >= 0;
    ev.resource = value_of(x, e, F_RESOURCE, &ev.resource_len);
    ev.time = value_of(x, e, F_TIME, &ev.time_len);
    ev.customer = value_of(x, e, F_CUSTOMER, &ev.customer_len);
    ev.revenue = value_of(x, e, F_REVENUE, &ev.revenue_len);
    ev.line = e->line;
    x->status = vs_i_miner_add_event(x->m, &ev, &x->miner_error);
    if (x->status != VS_MINER_OK) {
      /* Stop GMarkup; the driver reports the miner's own error. */
      g_set_error_literal(error, VS_ERROR, VS_ERROR_PARSE, "stopped");
      return FALSE;
    }
  }
  return TRUE;
}

static void
on_end(GMarkupParseContext *ctx, const char *element, gpointer data, GError **error)
{
  XesReader *x = data;
  Element kind = parent(x);

  g_array_set_size(x->stack, x->stack->len - 1);
  if (kind == EL_EVENT)
    g_array_append_val(x->events, x->event);
  else if (kind == EL_TRACE)
    end_trace(x, error);
}

static const GMarkupParser parser = {on_start, on_end, NULL, NULL, NULL};

/* Feeds @len bytes to GMarkup; FALSE when it (or the miner) stopped. */
static gboolean
feed(XesReader *x, const guint8 *buf, gsize len, GError **error)
{
  if (g_markup_parse_context_parse(x->ctx, (const char *)buf, (gssize)len, error))
    return TRUE;
  if (x->status != VS_MINER_OK) {
    g_clear_error(error); /* "stopped": the miner's error, if any, says why */
    if (x->miner_error != NULL)
      g_propagate_error(error, g_steal_pointer(&x->miner_error));
  } else if ((*error)->domain != VS_ERROR) {
    /* GMarkup quotes the offending bytes, which need not be UTF-8. */
    g_autofree char *why = g_utf8_make_valid((*error)->message, -1);
    g_clear_error(error);
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s:%u: not well-formed XML: %s",
                vs_i_miner_get_name(x->m), current_line(x), why);
  }
  return FALSE;
}

static VsMinerStatus
read_all(XesReader *x, VsByteSource *src, const guint8 *first, gsize first_len, GError **error)
{
  g_autofree guint8 *buf = g_malloc(XES_BLOCK);

  if (first_len > 0 && !feed(x, first, first_len, error))
    goto stopped;
  for (;;) {
    gssize n = vs_i_byte_source_read(src, buf, XES_BLOCK, error);
    if (n < 0) {
      g_prefix_error(error, "%s:%u: ", vs_i_miner_get_name(x->m), current_line(x));
      return VS_MINER_ERROR;
    }
    if (n == 0)
      break;
    if (!feed(x, buf, (gsize)n, error))
      goto stopped;
  }
  if (!g_markup_parse_context_end_parse(x->ctx, error)) {
    /* GMarkup quotes the offending bytes, which need not be UTF-8. */
    g_autofree char *why = g_utf8_make_valid((*error)->message, -1);
    g_clear_error(error);
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s:%u: not a complete XES log: %s",
                vs_i_miner_get_name(x->m), current_line(x), why);
    return VS_MINER_ERROR;
  }
  return VS_MINER_OK;
stopped:
  return x->status == VS_MINER_RESTART ? VS_MINER_RESTART : VS_MINER_ERROR;
}

VsMinerStatus
vs_i_read_xes_log(VsByteSource *src, const guint8 *first, gsize first_len, VsMiner *m,
                  GError **error)
{
  XesReader x = {0};
  VsMinerStatus status;

  x.m = m;
  x.ctx = g_markup_parse_context_new(&parser, 0, &x, NULL);
  x.stack = g_array_new(FALSE, FALSE, 1);
  x.text = g_string_sized_new(1024);
  x.events = g_array_new(FALSE, FALSE, sizeof(XesEvent));
  setup_keys(&x, vs_i_miner_get_options(m));
  status = read_all(&x, src, first, first_len, error);
  g_markup_parse_context_free(x.ctx);
  g_array_unref(x.stack);
  g_string_free(x.text, TRUE);
  g_array_unref(x.events);
  g_clear_error(&x.miner_error);
  return status;
}
