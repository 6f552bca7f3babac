/* valuestream - buffered output and a small JSON emitter for the report
 * writers. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_WRITER_H
#define VALUESTREAM_WRITER_H

#include <gio/gio.h>

#include "base-private.h"

G_BEGIN_DECLS

/* Text goes to @buf and is flushed to @out in large blocks. The first
 * error sticks; later writes do nothing, so writers check once at the end. */
typedef struct {
  GOutputStream *out;
  GCancellable *cancellable;
  GString *buf;
  GError *error;
  /* JSON state */
  gboolean pretty;
  guint depth;
  guint64 first; /* bit d: nothing written yet at depth d */
  gboolean after_key;
} VsWriter;

void vs_i_writer_init(VsWriter *w, GOutputStream *out, GCancellable *cancellable);
/* Flushes and releases; returns FALSE with the first error. */
gboolean vs_i_writer_finish(VsWriter *w, GError **error);
void vs_i_writer_flush_if_full(VsWriter *w);
void vs_i_writer_printf(VsWriter *w, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void vs_i_writer_puts(VsWriter *w, const char *s);

/* Escapes @s as the body of a JSON string (no quotes). */
void vs_i_json_escape(GString *out, const char *s);
/* Escapes @s as XML text or a quoted attribute value (& < > " '); characters
 * XML forbids (control codes but tab and line breaks, U+FFFE, U+FFFF) and
 * invalid UTF-8 become U+FFFD. */
void vs_i_xml_escape(GString *out, const char *s);
/* Appends @s as one RFC 4180 field: quoted (quotes doubled) when it holds
 * a comma, a quote, a line break or leading/trailing blanks. NULL is empty. */
void vs_i_csv_field(GString *out, const char *s);
/* Escapes @s as the body of a Graphviz quoted string (no quotes): quotes
 * and backslashes get a backslash, line breaks become \n, other control
 * codes a space. */
void vs_i_dot_escape(GString *out, const char *s);

/* The escapers, straight into the writer's buffer. */
void vs_i_writer_xml(VsWriter *w, const char *s);
/* printf whose string (%s) arguments are XML-escaped; the format itself is
 * written as is. Supports flags, width, precision, the l, ll and z length
 * modifiers and the conversions d i u x c s f g e %. */
void vs_i_writer_xmlf(VsWriter *w, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* JSON: objects and arrays nest; a key must precede each member value. */
void vs_i_json_begin_object(VsWriter *w);
void vs_i_json_end_object(VsWriter *w);
void vs_i_json_begin_array(VsWriter *w);
void vs_i_json_end_array(VsWriter *w);
void vs_i_json_key(VsWriter *w, const char *key);
void vs_i_json_string(VsWriter *w, const char *s); /* NULL writes null */
void vs_i_json_double(VsWriter *w, double x);      /* NAN writes null */
void vs_i_json_int(VsWriter *w, gint64 x);
void vs_i_json_bool(VsWriter *w, gboolean b);
void vs_i_json_null(VsWriter *w);

G_END_DECLS

#endif /* VALUESTREAM_WRITER_H */
