/* valuestream - buffered output and a small JSON emitter for the report
 * writers. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_WRITER_H
#define VALUESTREAM_WRITER_H

#include <gio/gio.h>

#include "private.h"

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
