/* valuestream - values and ids shown in messages (base-private.h).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "base-private.h"

char *
vs_i_show_value(const char *text, gsize len)
{
  const gsize max = 40; /* bytes of the value shown */
  GString *out = g_string_sized_new(MIN(len, max) + 8);
  const char *p = text, *end = text + len;

  g_string_append_c(out, '"');
  while (p < end && (gsize)(p - text) < max) {
    guchar c = (guchar)*p;
    if (c >= 0x80) {
      /* Whole characters only; a byte that starts no valid UTF-8
       * sequence (json-glib hands over lone surrogates as CESU-8) is
       * shown as \xNN, so the message stays UTF-8. */
      gunichar u = g_utf8_get_char_validated(p, end - p);
      if (u == (gunichar)-1 || u == (gunichar)-2) {
        g_string_append_printf(out, "\\x%02X", c);
        p++;
      } else {
        const char *next = g_utf8_next_char(p);
        g_string_append_len(out, p, next - p);
        p = next;
      }
      continue;
    }
    if (c < 0x20 || c == 0x7F)
      g_string_append_printf(out, "\\x%02X", c);
    else if (c == '"' || c == '\\')
      g_string_append_printf(out, "\\%c", c);
    else
      g_string_append_c(out, (char)c);
    p++;
  }
  if (p < end) {
    /* Only whole characters were copied, so the cut is on a boundary. */
    g_string_append(out, "...");
  }
  g_string_append_c(out, '"');
  return g_string_free(out, FALSE);
}

char *
vs_i_short_id(const char *id)
{
  const gsize max = 60; /* bytes of the id shown */
  gsize len = strlen(id);
  const char *cut;

  if (len <= max)
    return g_strdup(id);
  cut = g_utf8_find_prev_char(id, id + max + 1); /* the character holding byte max */
  if (cut == NULL)
    cut = id;
  return g_strdup_printf("%.*s...", (int)(cut - id), id);
}
