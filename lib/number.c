/* valuestream - reading and writing numbers exactly and locale-free.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "private.h"

/* Only plain decimal notation is a number here: strtod would also take
 * "0x10", "inf", "nan" and "infinity", none of which belongs in an org
 * file, and it depends on the locale, which g_ascii_strtod does not. */
static gboolean
is_decimal_syntax(const char *s)
{
  gboolean digits = FALSE;
  if (*s == '+' || *s == '-')
    s++;
  while (g_ascii_isdigit(*s)) {
    s++;
    digits = TRUE;
  }
  if (*s == '.') {
    s++;
    while (g_ascii_isdigit(*s)) {
      s++;
      digits = TRUE;
    }
  }
  if (!digits)
    return FALSE;
  if (*s == 'e' || *s == 'E') {
    s++;
    if (*s == '+' || *s == '-')
      s++;
    if (!g_ascii_isdigit(*s))
      return FALSE;
    while (g_ascii_isdigit(*s))
      s++;
  }
  return *s == '\0';
}

gboolean
vs_i_parse_double(const char *text, double *value, const char **why)
{
  char buf[128];
  gsize len;
  const char *s = text;
  double x;

  while (*s == ' ' || *s == '\t')
    s++;
  len = strlen(s);
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    len--;
  if (len == 0) {
    *why = "is empty";
    return FALSE;
  }
  if (len >= sizeof buf) {
    *why = "is not a number (too long)";
    return FALSE;
  }
  memcpy(buf, s, len);
  buf[len] = '\0';
  if (!is_decimal_syntax(buf)) {
    *why = "is not a decimal number";
    return FALSE;
  }
  errno = 0;
  x = g_ascii_strtod(buf, NULL);
  if (!isfinite(x) || (errno == ERANGE && fabs(x) > 1.0)) {
    *why = "is out of range";
    return FALSE;
  }
  /* Underflow to a denormal or zero is fine; -0 is 0. */
  *value = x == 0.0 ? 0.0 : x;
  return TRUE;
}

void
vs_i_append_double(GString *out, double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite(x)) {
    g_string_append(out, "null");
    return;
  }
  if (x == 0.0) {
    g_string_append_c(out, '0');
    return;
  }
  /* The shortest of %.15g..%.17g that reads back exactly. */
  for (int prec = 15; prec <= 17; prec++) {
    char fmt[8];
    g_snprintf(fmt, sizeof fmt, "%%.%dg", prec);
    g_ascii_formatd(buf, sizeof buf, fmt, x);
    if (prec == 17 || g_ascii_strtod(buf, NULL) == x)
      break;
  }
  g_string_append(out, buf);
}

/* Clinger's fast path. A plain decimal with at most 15 significant digits
 * and at most 22 digits after the point is m / 10^k where both m and 10^k
 * are exact doubles, so one correctly rounded division gives exactly what
 * strtod gives. Most numbers in org files look like that, and this is
 * several times faster than vs_i_parse_double(), which handles the rest
 * (and every rejection). */
gboolean
vs_i_parse_simple_decimal(const char *s, gsize len, double *value)
{
  static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  guint64 m = 0;
  guint significant = 0, after_point = 0;
  gboolean negative = FALSE, point = FALSE, digits = FALSE;
  gsize i = 0;
  double x;

  if (i < len && (s[i] == '-' || s[i] == '+'))
    negative = s[i++] == '-';
  for (; i < len; i++) {
    if (g_ascii_isdigit(s[i])) {
      digits = TRUE;
      after_point += point;
      if (m == 0 && s[i] == '0')
        continue; /* a leading zero is not significant */
      if (++significant > 15)
        return FALSE;
      m = m * 10 + (guint64)(s[i] - '0');
    } else if (s[i] == '.' && !point) {
      point = TRUE;
    } else {
      return FALSE;
    }
  }
  if (!digits || after_point >= G_N_ELEMENTS(pow10))
    return FALSE;
  x = (double)m / pow10[after_point];
  *value = negative && x != 0.0 ? -x : x; /* -0 is 0 */
  return TRUE;
}
