/* valuestream tests - common includes and helpers.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VS_TEST_H
#define VS_TEST_H

/* cmocka 1.1.5 needs these before <cmocka.h>. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "valuestream.h"

/* Directory of the test fixtures (tests/data), set by meson. */
#ifndef VS_TEST_DATA
#error "VS_TEST_DATA must be defined"
#endif

#define assert_close(x, y, tol)                                                                    \
  do {                                                                                             \
    double vs_x_ = (x), vs_y_ = (y);                                                               \
    if (!(fabs(vs_x_ - vs_y_) <= (tol))) {                                                         \
      print_error("%s = %.17g, expected %.17g (tolerance %g)\n", #x, vs_x_, vs_y_, (double)(tol)); \
      fail();                                                                                      \
    }                                                                                              \
  } while (0)

/* Asserts that @error is set with @code and that its message contains
 * every one of the NULL-terminated fragments; then frees it. */
#define assert_error(error, code, ...) vs_test_assert_error(&(error), (code), __VA_ARGS__, NULL)

static inline void
vs_test_assert_error(GError **error, int code, ...)
{
  va_list ap;
  const char *frag;

  if (*error == NULL) {
    print_error("expected an error, got none\n");
    fail();
  }
  if (!g_error_matches(*error, VS_ERROR, code)) {
    print_error("expected VS_ERROR code %d, got %s %d: %s\n", code,
                g_quark_to_string((*error)->domain), (*error)->code, (*error)->message);
    fail();
  }
  va_start(ap, code);
  while ((frag = va_arg(ap, const char *)) != NULL) {
    if (strstr((*error)->message, frag) == NULL) {
      print_error("message \"%s\" lacks \"%s\"\n", (*error)->message, frag);
      va_end(ap);
      fail();
    }
  }
  va_end(ap);
  g_clear_error(error);
}

/* The path of a fixture under tests/data; free with g_free. */
static inline char *
vs_test_path(const char *name)
{
  return g_build_filename(VS_TEST_DATA, name, NULL);
}

/* Index of unit @id in @org; fails the test when absent. */
static inline gsize
vs_test_unit(const VsOrg *org, const char *id)
{
  gssize i = vs_org_find_unit(org, id);
  if (i < 0) {
    print_error("no unit %s\n", id);
    fail();
  }
  return (gsize)i;
}

#endif /* VS_TEST_H */
