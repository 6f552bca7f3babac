/* valuestream - shared definitions: export macro, error domain, versions.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_COMMON_H
#define VALUESTREAM_COMMON_H

#include <glib.h>

#include <valuestream/version.h>

G_BEGIN_DECLS

/**
 * SECTION:common
 * @title: Common definitions
 * @short_description: the error domain, the run-time version, freeing results
 *
 * Every public header includes this one. It declares the error domain %VS_ERROR
 * and its codes (#VsError), vs_version_string() for checking at run time that
 * the library loaded matches the headers, and vs_free() and vs_error_free() for
 * bindings that do not load GLib themselves. The rules they belong to are on the
 * pages [Ownership][vs-ownership] and [Errors][vs-errors].
 */

/**
 * VS_API:
 *
 * Marks a declaration as part of the public ABI. The library is built with
 * hidden visibility, so anything not marked stays internal.
 */
#if defined(__GNUC__) && __GNUC__ >= 4
#define VS_API __attribute__((visibility("default")))
#else
#define VS_API
#endif

/**
 * VS_ERROR:
 *
 * The error domain of every GError the library sets.
 */
#define VS_ERROR (vs_error_quark())

/**
 * VsError:
 * @VS_ERROR_PARSE: input is not well-formed (CSV, JSON, GraphML syntax, a
 *   number that is not a number).
 * @VS_ERROR_INVALID: input is well-formed but breaks a rule of the model
 *   (duplicate id, unknown unit, score outside 0..1, closed loop, ...).
 * @VS_ERROR_IO: a file could not be read or written.
 * @VS_ERROR_IGRAPH: igraph reported an error (out of memory, ...).
 * @VS_ERROR_LIMIT: input exceeds a documented limit of the library.
 * @VS_ERROR_NOT_FOUND: a unit or customer asked for does not exist.
 *
 * Codes of the VS_ERROR domain. Messages name file, line, field and reason
 * where there is one: `handoffs.csv:17: field "score": 1.4 is not in 0..1`.
 */
typedef enum {
  VS_ERROR_PARSE = 1,
  VS_ERROR_INVALID,
  VS_ERROR_IO,
  VS_ERROR_IGRAPH,
  VS_ERROR_LIMIT,
  VS_ERROR_NOT_FOUND,
} VsError;

/**
 * vs_error_quark:
 *
 * The quark of the library's error domain; use VS_ERROR.
 *
 * Returns: the GQuark of the VS_ERROR domain.
 */
VS_API GQuark vs_error_quark(void);

/**
 * vs_version_string:
 *
 * The version of the library at run time.
 *
 * Returns: (transfer none): the version of the library actually loaded,
 * "MAJOR.MINOR.MICRO". Compare with VS_VERSION_STRING to detect a mismatch
 * between headers and library.
 */
VS_API const char *vs_version_string(void);

/**
 * vs_free:
 * @mem: (nullable): memory the library handed over with (transfer full).
 *
 * Frees arrays and strings returned by the library. Same as g_free(); it
 * exists so that bindings need not load GLib themselves.
 */
VS_API void vs_free(gpointer mem);

/**
 * vs_error_free:
 * @error: (nullable): an error set by the library.
 *
 * Same as g_error_free(), for bindings; accepts NULL.
 */
VS_API void vs_error_free(GError *error);

G_END_DECLS

#endif /* VALUESTREAM_COMMON_H */
