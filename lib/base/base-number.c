/* valuestream - reading and writing numbers exactly and locale-free.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <float.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "base-private.h"

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

/* Writes @prec significant @digits (exponent @exp10) the way printf's
 * %.<prec>g would: fixed or scientific, trailing zeros dropped. */
static void
format_g(char *buf, gboolean negative, const char *digits, int prec, int exp10)
{
  char *p = buf;
  int last = prec; /* digits[0 .. last) are significant after trimming */

  while (last > 1 && digits[last - 1] == '0')
    last--;
  if (negative)
    *p++ = '-';
  if (exp10 < -4 || exp10 >= prec) {
    *p++ = digits[0];
    if (last > 1) {
      *p++ = '.';
      memcpy(p, digits + 1, (gsize)last - 1);
      p += last - 1;
    }
    g_snprintf(p, 8, "e%c%02d", exp10 < 0 ? '-' : '+', ABS(exp10));
    return;
  }
  if (exp10 < 0) {
    *p++ = '0';
    *p++ = '.';
    for (int i = 0; i < -exp10 - 1; i++)
      *p++ = '0';
    memcpy(p, digits, (gsize)last);
    p += last;
  } else {
    memcpy(p, digits, (gsize)exp10 + 1);
    p += exp10 + 1;
    if (last > exp10 + 1) {
      *p++ = '.';
      memcpy(p, digits + exp10 + 1, (gsize)(last - exp10 - 1));
      p += last - exp10 - 1;
    }
  }
  *p = '\0';
}

/* @digits (17 of them) cut to @prec, rounded up when @up, in place;
 * returns the exponent, one higher when 9.99.. rounded up to 10.0.. */
static int
round_digits(char *digits, int prec, int exp10, gboolean up)
{
  if (!up)
    return exp10;
  for (int i = prec - 1; i >= 0; i--) {
    if (digits[i] != '9') {
      digits[i]++;
      return exp10;
    }
    digits[i] = '0';
  }
  memmove(digits + 1, digits, (gsize)prec - 1);
  digits[0] = '1';
  return exp10 + 1;
}

/* Rounding the 17 digits half up gives the correctly rounded shorter form
 * unless what is cut off is exactly 5, 50: then the true value may lie
 * below the half and cutting without rounding up is the right form. */
static gboolean
is_tie(const char *digits, int prec)
{
  if (digits[prec] != '5')
    return FALSE;
  for (int i = prec + 1; i < 17; i++)
    if (digits[i] != '0')
      return FALSE;
  return TRUE;
}

/* A 15-digit form can only read back exactly when the two digits cut off
 * are near 00 or 100: half an ulp is at most 11.1 units of the 17th digit
 * (2^-53 * 10^17 / 10^16 * 10), the 17-digit string is off by at most
 * 0.5 more. 15 leaves a margin. */
static gboolean
may_be_15(const char *digits)
{
  int tail = (digits[15] - '0') * 10 + (digits[16] - '0');
  return tail <= 15 || tail >= 85;
}

/* Is @digits cut to @prec digits (rounded as @up says) exactly @x? The
 * text is left in @buf. */
static gboolean
try_digits(char *buf, double x, const char *digits, int prec, int exp10, gboolean up)
{
  char d[18];
  memcpy(d, digits, sizeof d);
  exp10 = round_digits(d, prec, exp10, up);
  format_g(buf, x < 0, d, prec, exp10);
  return g_ascii_strtod(buf, NULL) == x;
}

/* The 17 significant digits of |@x| and its decimal exponent, by scaling
 * in long double (64-bit mantissa) instead of printf's exact but slow
 * arithmetic. Rarely the last digit is off by one; callers check that the
 * result reads back and fall back to printf. */
/* 10^@k, exact up to 10^27 (64-bit mantissa), nearly so beyond. */
static long double
power_of_ten(int k)
{
  static const long double exact[] = {1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,
                                      1e7L,  1e8L,  1e9L,  1e10L, 1e11L, 1e12L, 1e13L,
                                      1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L,
                                      1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};
  long double r = 1;

  for (; k >= (int)G_N_ELEMENTS(exact); k -= (int)G_N_ELEMENTS(exact) - 1)
    r *= exact[G_N_ELEMENTS(exact) - 1];
  return r * exact[k];
}

static int
fast_digits(double x, char *digits)
{
  long double m = fabsl((long double)x);
  int exp10 = (int)floor(log10(fabs(x)));
  guint64 n;

  m = exp10 < 16 ? m * power_of_ten(16 - exp10) : m / power_of_ten(exp10 - 16);
  n = (guint64)(m + 0.5L);
  if (n >= G_GUINT64_CONSTANT(100000000000000000)) { /* log10 was one short */
    exp10++;
    n = (n + 5) / 10;
  } else if (n < G_GUINT64_CONSTANT(10000000000000000)) {
    exp10--;
    n = (guint64)(m * 10 + 0.5L);
  }
  for (int i = 16; i >= 0; i--, n /= 10)
    digits[i] = (char)('0' + n % 10);
  digits[17] = '\0';
  return exp10;
}

/* 17 exact significant digits of @x (printf), and the decimal exponent. */
static int
exact_digits(double x, char *digits)
{
  char sci[G_ASCII_DTOSTR_BUF_SIZE];
  const char *p;

  g_ascii_formatd(sci, sizeof sci, "%.16e", x);
  p = sci + (sci[0] == '-');
  digits[0] = p[0];
  memcpy(digits + 1, p + 2, 16);
  digits[17] = '\0';
  return atoi(p + 19);
}

/* The shortest text of 15, 16 or 17 digits from @digits that reads back as
 * @x, into @buf; FALSE when even 17 digits do not (wrong digits). */
static gboolean
shortest_text(char *buf, double x, const char *digits, int exp10)
{
  for (int prec = 15; prec <= 17; prec++) {
    gboolean up = prec < 17 && digits[prec] >= '5';
    if (prec == 15 && fabs(x) >= DBL_MIN && !may_be_15(digits))
      continue;
    if (try_digits(buf, x, digits, prec, exp10, up) ||
        (prec < 17 && is_tie(digits, prec) && try_digits(buf, x, digits, prec, exp10, !up)))
      return TRUE;
  }
  return FALSE;
}

void
vs_i_append_double(GString *out, double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[18];

  if (!isfinite(x)) {
    g_string_append(out, "null");
    return;
  }
  if (x == 0.0) {
    g_string_append_c(out, '0');
    return;
  }
  /* Whole numbers below 1e15 print as %.15g would print them, faster. */
  if (fabs(x) < 1e15 && x == (double)(gint64)x) {
    g_string_append_printf(out, "%" G_GINT64_FORMAT, (gint64)x);
    return;
  }
  /* The shortest of 15, 16 or 17 significant digits that reads back
   * exactly, in %g style: 17 digits from fast_digits() (subnormals, whose
   * precision is less, from printf), checked, else from printf. */
  if (!(fabs(x) >= DBL_MIN && shortest_text(buf, x, digits, fast_digits(x, digits)))) {
    int exp10 = exact_digits(x, digits);
    if (!shortest_text(buf, x, digits, exp10))
      format_g(buf, x < 0, digits, 17, exp10); /* what %.17g would write */
  }
  g_string_append(out, buf);
}

/* Steps over the digits at @p (before @end), adding them to *@m; how
 * many there were. */
static inline gsize
read_digits(const char **p, const char *end, guint64 *m)
{
  const char *start = *p;
  while (*p < end && (guint)(**p - '0') < 10) {
    *m = *m * 10 + (guint64)(**p - '0');
    (*p)++;
  }
  return (gsize)(*p - start);
}

/* Clinger's fast path. A plain decimal with at most 15 digits (so at
 * most 15 after the point) is m / 10^k where both m and 10^k are exact
 * doubles, so one correctly rounded division gives exactly what strtod
 * gives. Most numbers in org files look like that, and this skips the
 * general parsing of vs_i_parse_double(), which handles the rest (and
 * every rejection). */
gboolean
vs_i_parse_simple_decimal(const char *s, gsize len, double *value)
{
  static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char *p = s, *end = s + len;
  gboolean negative = FALSE;
  gsize digits, after_point = 0;
  guint64 m = 0;
  double x;

  if (p < end && (*p == '-' || *p == '+'))
    negative = *p++ == '-';
  digits = read_digits(&p, end, &m);
  if (p < end && *p == '.') {
    p++;
    after_point = read_digits(&p, end, &m);
    digits += after_point;
  }
  /* At most 15 digits in all, so m is exact (leading zeros counted too:
   * a number with more goes the exact way, which gives the same double). */
  if (p != end || digits == 0 || digits > 15)
    return FALSE;
  x = (double)(gint64)m /
      pow10[after_point];                 /* m < 10^15: a signed conversion is one instruction */
  *value = negative && x != 0.0 ? -x : x; /* -0 is 0 */
  return TRUE;
}
