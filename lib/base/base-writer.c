/* valuestream - buffered output and a streaming JSON emitter.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reports of large organisations run to hundreds of megabytes, so nothing
 * is built as a tree in memory: values are appended to a buffer that goes
 * out in 256 KiB blocks. */
#include <string.h>

#include "base-writer.h"

#define FLUSH_AT (256 * 1024)

void
vs_i_writer_init(VsWriter *w, GOutputStream *out, GCancellable *cancellable)
{
  memset(w, 0, sizeof *w);
  w->out = out;
  w->cancellable = cancellable;
  w->buf = g_string_sized_new(FLUSH_AT + 4096);
  w->first = 1;
}

static void
flush(VsWriter *w)
{
  if (w->error == NULL && w->buf->len > 0 && w->out != NULL)
    g_output_stream_write_all(w->out, w->buf->str, w->buf->len, NULL, w->cancellable, &w->error);
  g_string_truncate(w->buf, 0);
}

void
vs_i_writer_flush_if_full(VsWriter *w)
{
  if (w->buf->len >= FLUSH_AT)
    flush(w);
}

gboolean
vs_i_writer_finish(VsWriter *w, GError **error)
{
  flush(w);
  g_string_free(w->buf, TRUE);
  w->buf = NULL;
  if (w->error != NULL) {
    g_propagate_error(error, w->error);
    w->error = NULL;
    return FALSE;
  }
  return TRUE;
}

void
vs_i_writer_printf(VsWriter *w, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_string_append_vprintf(w->buf, fmt, ap);
  va_end(ap);
  vs_i_writer_flush_if_full(w);
}

void
vs_i_writer_puts(VsWriter *w, const char *s)
{
  g_string_append(w->buf, s);
  vs_i_writer_flush_if_full(w);
}

void
vs_i_json_escape(GString *out, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"':
      g_string_append(out, "\\\"");
      break;
    case '\\':
      g_string_append(out, "\\\\");
      break;
    case '\n':
      g_string_append(out, "\\n");
      break;
    case '\r':
      g_string_append(out, "\\r");
      break;
    case '\t':
      g_string_append(out, "\\t");
      break;
    default:
      if (*p < 0x20 || *p == 0x7f)
        g_string_append_printf(out, "\\u%04x", *p);
      else
        g_string_append_c(out, (char)*p);
    }
  }
}

/* ---- XML, CSV and DOT text ----------------------------------------------- */

static gboolean
xml_allowed(gunichar c)
{
  if (c < 0x20)
    return c == '\t' || c == '\n' || c == '\r';
  return c != 0xfffe && c != 0xffff;
}

static void
xml_escape_valid(GString *out, const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    switch (c) {
    case '&':
      g_string_append(out, "&amp;");
      break;
    case '<':
      g_string_append(out, "&lt;");
      break;
    case '>':
      g_string_append(out, "&gt;");
      break;
    case '"':
      g_string_append(out, "&quot;");
      break;
    case '\'':
      g_string_append(out, "&#39;");
      break;
    default:
      if (xml_allowed(c))
        g_string_append_len(out, p, g_utf8_next_char(p) - p);
      else
        g_string_append_unichar(out, 0xfffd);
    }
  }
}

void
vs_i_xml_escape(GString *out, const char *s)
{
  if (s == NULL)
    return;
  if (g_utf8_validate(s, -1, NULL)) {
    xml_escape_valid(out, s);
  } else {
    g_autofree char *valid = g_utf8_make_valid(s, -1);
    xml_escape_valid(out, valid);
  }
}

void
vs_i_csv_field(GString *out, const char *s)
{
  gsize len;

  if (s == NULL)
    return;
  len = strlen(s);
  if (strpbrk(s, ",\"\r\n") == NULL &&
      !(len > 0 && (g_ascii_isspace(s[0]) || g_ascii_isspace(s[len - 1])))) {
    g_string_append_len(out, s, (gssize)len);
    return;
  }
  g_string_append_c(out, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *p);
  }
  g_string_append_c(out, '"');
}

void
vs_i_dot_escape(GString *out, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; s != NULL && *p; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_c(out, '\\');
    if (*p == '\n')
      g_string_append(out, "\\n");
    else if (*p < 0x20 || *p == 0x7f)
      g_string_append_c(out, ' ');
    else
      g_string_append_c(out, (char)*p);
  }
}

void
vs_i_writer_xml(VsWriter *w, const char *s)
{
  vs_i_xml_escape(w->buf, s);
  vs_i_writer_flush_if_full(w);
}

/* One conversion of vs_i_writer_xmlf(): @spec is "%...c" (NUL-terminated),
 * checked against its argument by the compiler at the caller's format. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
xmlf_conversion(GString *buf, const char *spec, gsize len, va_list *ap)
{
  char conv = spec[len - 1];
  int longs = 0;
  gboolean size = FALSE;

  for (gsize i = 1; i + 1 < len; i++) {
    longs += spec[i] == 'l';
    size |= spec[i] == 'z';
  }
  switch (conv) {
  case 's':
    vs_i_xml_escape(buf, va_arg(*ap, const char *));
    break;
  case 'c':
    g_string_append_printf(buf, spec, va_arg(*ap, int));
    break;
  case 'f':
  case 'g':
  case 'e':
    g_string_append_printf(buf, spec, va_arg(*ap, double));
    break;
  case '%':
    g_string_append_c(buf, '%');
    break;
  default: /* d i u x */
    if (size)
      g_string_append_printf(buf, spec, va_arg(*ap, gsize));
    else if (longs >= 2)
      g_string_append_printf(buf, spec, va_arg(*ap, long long));
    else if (longs == 1)
      g_string_append_printf(buf, spec, va_arg(*ap, long));
    else
      g_string_append_printf(buf, spec, va_arg(*ap, int));
  }
}
#pragma GCC diagnostic pop

void
vs_i_writer_xmlf(VsWriter *w, const char *fmt, ...)
{
  va_list ap;
  const char *p = fmt;

  va_start(ap, fmt);
  while (*p) {
    const char *pct = strchr(p, '%');
    char spec[32];
    gsize len;

    if (pct == NULL) {
      g_string_append(w->buf, p);
      break;
    }
    g_string_append_len(w->buf, p, pct - p);
    len = strcspn(pct + 1, "diuxcsfge%") + 2;
    g_assert(len < sizeof spec && pct[len - 1] != '\0');
    memcpy(spec, pct, len);
    spec[len] = '\0';
    xmlf_conversion(w->buf, spec, len, &ap);
    p = pct + len;
  }
  va_end(ap);
  vs_i_writer_flush_if_full(w);
}

static void
newline(VsWriter *w)
{
  if (!w->pretty)
    return;
  g_string_append_c(w->buf, '\n');
  for (guint i = 0; i < w->depth; i++)
    g_string_append(w->buf, "  ");
}

/* Before a value or key: the comma and line break that separate it from
 * its predecessor. Values after a key follow the key directly. */
static void
separate(VsWriter *w)
{
  guint64 bit = G_GUINT64_CONSTANT(1) << MIN(w->depth, 63);
  if (w->after_key) {
    w->after_key = FALSE;
    return;
  }
  if (w->depth == 0)
    return;
  if (!(w->first & bit))
    g_string_append_c(w->buf, ',');
  w->first &= ~bit;
  newline(w);
}

static void
open_level(VsWriter *w, char c)
{
  separate(w);
  g_string_append_c(w->buf, c);
  w->depth++;
  w->first |= G_GUINT64_CONSTANT(1) << MIN(w->depth, 63);
}

static void
close_level(VsWriter *w, char c)
{
  gboolean empty = (w->first >> MIN(w->depth, 63)) & 1;
  w->depth--;
  if (!empty)
    newline(w);
  g_string_append_c(w->buf, c);
  if (w->depth == 0)
    g_string_append_c(w->buf, '\n');
  vs_i_writer_flush_if_full(w);
}

void
vs_i_json_begin_object(VsWriter *w)
{
  open_level(w, '{');
}

void
vs_i_json_end_object(VsWriter *w)
{
  close_level(w, '}');
}

void
vs_i_json_begin_array(VsWriter *w)
{
  open_level(w, '[');
}

void
vs_i_json_end_array(VsWriter *w)
{
  close_level(w, ']');
}

void
vs_i_json_key(VsWriter *w, const char *key)
{
  separate(w);
  g_string_append_c(w->buf, '"');
  vs_i_json_escape(w->buf, key);
  g_string_append(w->buf, w->pretty ? "\": " : "\":");
  w->after_key = TRUE;
}

void
vs_i_json_string(VsWriter *w, const char *s)
{
  separate(w);
  if (s == NULL) {
    g_string_append(w->buf, "null");
    return;
  }
  g_string_append_c(w->buf, '"');
  vs_i_json_escape(w->buf, s);
  g_string_append_c(w->buf, '"');
}

void
vs_i_json_double(VsWriter *w, double x)
{
  separate(w);
  vs_i_append_double(w->buf, x);
}

void
vs_i_json_int(VsWriter *w, gint64 x)
{
  separate(w);
  g_string_append_printf(w->buf, "%" G_GINT64_FORMAT, x);
}

void
vs_i_json_bool(VsWriter *w, gboolean b)
{
  separate(w);
  g_string_append(w->buf, b ? "true" : "false");
}

void
vs_i_json_null(VsWriter *w)
{
  separate(w);
  g_string_append(w->buf, "null");
}
