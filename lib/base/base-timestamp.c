/* valuestream - ISO 8601 timestamps to instants.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every event has a timestamp, so this runs once per event. GLib's
 * g_date_time_new_from_iso8601() allocates a GDateTime (and looks up a
 * zone) per call, which costs more than reading the whole CSV row; the
 * fast path below reads the forms logs actually use, exactly, with no
 * allocation:
 *
 *   YYYY-MM-DD
 *   YYYY-MM-DD(T|t| )hh:mm[:ss[(.|,)fraction]][Z|z|(+|-)hh[:mm]|(+|-)hhmm]
 *
 * and hands anything else (week dates, ordinal dates, the basic format
 * without separators, leap seconds, 24:00) to GLib. Without a zone the
 * time is UTC: a log's default zone is UTC (lib/MODEL.md). */
#include <string.h>

#include "base-intern.h"

#define USEC_PER_SEC G_GINT64_CONSTANT(1000000)
#define SEC_PER_DAY G_GINT64_CONSTANT(86400)

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian);
 * Howard Hinnant's days_from_civil. */
static gint64
days_from_civil(gint64 y, guint m, guint d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static guint
days_in_month(gint64 y, guint m)
{
  static const guint8 days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  gboolean leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

/* Reads exactly @n digits at *p into *value, advancing *p. Inlined: it
 * runs six times per timestamp. */
static inline G_ALWAYS_INLINE gboolean
digits(const char **p, const char *end, guint n, guint *value)
{
  guint v = 0;

  if ((gsize)(end - *p) < n)
    return FALSE;
  for (guint i = 0; i < n; i++) {
    guint d = (guint)((*p)[i] - '0');
    if (d > 9)
      return FALSE;
    v = v * 10 + d;
  }
  *p += n;
  *value = v;
  return TRUE;
}

static inline G_ALWAYS_INLINE gboolean
expect(const char **p, const char *end, char c)
{
  if (*p < end && **p == c) {
    (*p)++;
    return TRUE;
  }
  return FALSE;
}

/* A fraction of a second after '.' or ',': at least one digit; digits
 * beyond the sixth are read and dropped. */
static gboolean
fraction(const char **p, const char *end, gint64 *usec)
{
  gint64 v = 0;
  guint n = 0;

  while (*p < end && g_ascii_isdigit(**p)) {
    if (n < 6)
      v = v * 10 + (**p - '0');
    n++;
    (*p)++;
  }
  if (n == 0)
    return FALSE;
  for (; n < 6; n++)
    v *= 10;
  *usec = v;
  return TRUE;
}

/* The zone designator at *p, as seconds east of UTC; nothing = UTC. */
static gboolean
zone(const char **p, const char *end, gint64 *offset)
{
  guint hh, mm = 0;
  int sign;

  *offset = 0;
  if (*p == end)
    return TRUE;
  if (**p == 'Z' || **p == 'z') {
    (*p)++;
    return TRUE;
  }
  if (**p != '+' && **p != '-')
    return FALSE;
  sign = **p == '-' ? -1 : 1;
  (*p)++;
  if (!digits(p, end, 2, &hh))
    return FALSE;
  if (*p < end) {
    expect(p, end, ':'); /* +hh:mm or +hhmm */
    if (!digits(p, end, 2, &mm))
      return FALSE;
  }
  if (hh > 23 || mm > 59)
    return FALSE;
  *offset = sign * (gint64)(hh * 3600 + mm * 60);
  return TRUE;
}

/* 1 when the byte is not a digit. */
#define NOT_DIGIT(c) ((guint)(guchar)((c) - '0') > 9)

static inline G_ALWAYS_INLINE guint
two(const char *p)
{
  return (guint)(p[0] - '0') * 10 + (guint)(p[1] - '0');
}

/* YYYY-MM-DD at @p (10 bytes known to be there). */
static gboolean
date_part(const char *p, gint64 *days)
{
  guint y, mo, d;

  if (p[4] != '-' || p[7] != '-' ||
      (NOT_DIGIT(p[0]) | NOT_DIGIT(p[1]) | NOT_DIGIT(p[2]) | NOT_DIGIT(p[3]) | NOT_DIGIT(p[5]) |
       NOT_DIGIT(p[6]) | NOT_DIGIT(p[8]) | NOT_DIGIT(p[9])))
    return FALSE;
  y = two(p) * 100 + two(p + 2);
  mo = two(p + 5);
  d = two(p + 8);
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
    return FALSE;
  *days = days_from_civil(y, mo, d);
  return TRUE;
}

/* hh:mm at @p (5 bytes known to be there); seconds of the day so far. */
static gboolean
hour_minute(const char *p, gint64 *secs)
{
  guint h, mi;

  if (p[2] != ':' || (NOT_DIGIT(p[0]) | NOT_DIGIT(p[1]) | NOT_DIGIT(p[3]) | NOT_DIGIT(p[4])))
    return FALSE;
  h = two(p);
  mi = two(p + 3);
  if (h > 23 || mi > 59)
    return FALSE;
  *secs = h * 3600 + mi * 60;
  return TRUE;
}

/* The date, then (after T, t or a space) hh:mm, optional :ss with an
 * optional fraction, and an optional zone. */
static gboolean
parse_fast(const char *p, const char *end, gint64 *usec)
{
  gint64 days, secs = 0, frac = 0, offset = 0;
  guint ss;

  if (end - p < 10 || !date_part(p, &days))
    return FALSE;
  p += 10;
  if (p < end) {
    if ((*p != 'T' && *p != 't' && *p != ' ') || end - p < 6 || !hour_minute(p + 1, &secs))
      return FALSE;
    p += 6;
    if (expect(&p, end, ':')) {
      if (!digits(&p, end, 2, &ss) || ss > 59)
        return FALSE;
      secs += ss;
      if ((expect(&p, end, '.') || expect(&p, end, ',')) && !fraction(&p, end, &frac))
        return FALSE;
    }
    if (!zone(&p, end, &offset) || p != end)
      return FALSE;
  }
  *usec = (days * SEC_PER_DAY + secs - offset) * USEC_PER_SEC + frac;
  return TRUE;
}

/* The long way, for the forms the fast path leaves out. */
static gboolean
parse_glib(const char *s, gsize len, gint64 *usec)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;
  char buf[64];

  if (len >= sizeof buf || memchr(s, '\0', len) != NULL)
    return FALSE;
  memcpy(buf, s, len);
  buf[len] = '\0';
  utc = g_time_zone_new_utc();
  dt = g_date_time_new_from_iso8601(buf, utc);
  if (dt == NULL)
    return FALSE;
  *usec = g_date_time_to_unix(dt) * USEC_PER_SEC + g_date_time_get_microsecond(dt);
  return TRUE;
}

gboolean
vs_i_parse_timestamp(const char *s, gsize len, gint64 *usec)
{
  while (len > 0 && (*s == ' ' || *s == '\t'))
    s++, len--;
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    len--;
  if (len == 0)
    return FALSE;
  return parse_fast(s, s + len, usec) || parse_glib(s, len, usec);
}
