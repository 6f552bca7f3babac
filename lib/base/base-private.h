/* valuestream - what two or more modules use and what knows nothing of an
 * organisation. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The files, from the bottom up:
 *
 *   base-common.c     error domain, version, igraph lock, task threads,
 *                     aligned tables
 *   base-message.c    values and ids quoted for error messages
 *   base-number.c     decimal parsing and shortest round-trip printing
 *   base-dense.c      dense LU for the rework loops' small systems
 *   base-bitset.c     bit sets (base-bitset.h)
 *   base-intern.c     string interning and 64-bit hashing (base-intern.h)
 *   base-timestamp.c  ISO 8601 timestamps to microseconds (base-intern.h)
 *   base-csv.c        the RFC 4180 reader (base-csv.h)
 *   base-writer.c     buffered, atomic output files (base-writer.h)
 */
#ifndef VALUESTREAM_BASE_PRIVATE_H
#define VALUESTREAM_BASE_PRIVATE_H

#include <igraph.h>

#include "valuestream.h"

G_BEGIN_DECLS

/* Units are indexed by guint32 throughout; this many is the ceiling. */
#define VS_MAX_UNITS ((gsize)G_MAXINT32 - 2)
#define VS_MAX_HANDOFFS ((gsize)G_MAXINT32)

/* ---- igraph: one lock, no aborts --------------------------------------
 * Debian's igraph 0.10.2 is not thread-safe and aborts on error by default.
 * Every igraph call in the library happens between vs_i_igraph_lock() and
 * vs_i_igraph_unlock(), which swap in handlers that return instead of
 * aborting or printing. The lock is recursive. */
void vs_i_igraph_lock(void);
void vs_i_igraph_unlock(void);
/* Turns an igraph return code into a VS_ERROR_IGRAPH error about @what.
 * Returns TRUE when @rc is IGRAPH_SUCCESS. */
gboolean vs_i_igraph_check(igraph_error_t rc, const char *what, GError **error);

/* ---- ThreadSanitizer ----------------------------------------------------
 * GLib is not built with ThreadSanitizer, so it cannot see the
 * synchronisation inside GLib's code: GMutex (a futex), g_once_init_leave()
 * and the atomics of g_atomic_rc_box. Where our data is published through
 * those, these annotations tell it what the primitive guarantees. They
 * compile to nothing in other builds. */
#if defined(__SANITIZE_THREAD__)
#define VS_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define VS_TSAN 1
#endif
#endif
#ifdef VS_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define VS_TSAN_ACQUIRE(addr) __tsan_acquire((void *)(addr))
#define VS_TSAN_RELEASE(addr) __tsan_release((void *)(addr))
#else
#define VS_TSAN_ACQUIRE(addr) ((void)0)
#define VS_TSAN_RELEASE(addr) ((void)0)
#endif

/* A 64-bit hash of @s[0..len) (base-intern.c), the one hash of the library's
 * string tables. */
guint64 vs_i_hash64(const char *s, gsize len);

/* ---- memory ------------------------------------------------------------- */

/* @n zeroed elements of @size bytes (a power of two up to 64), aligned to
 * @size; free with g_aligned_free(). Tables of many megabytes read at
 * random (the id index) ask for transparent huge pages, which saves a TLB
 * miss on most accesses. */
gpointer vs_i_alloc_table(gsize n, gsize size);

/* A slot among 2^@bits (1..32) for pointer @p, for small caches keyed by
 * interned strings: Fibonacci hashing, as such pointers lie a few bytes
 * apart in one chunk. */
static inline guint
vs_i_pointer_slot(gconstpointer p, guint bits)
{
  return (guint)(((guint64)(guintptr)p * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15)) >> (64 - bits));
}

/* ---- two cores ------------------------------------------------------------
 * Large analyses run independent passes (the two dominator trees, the
 * forward and backward solves, the out- and in-rows) side by side. Each
 * task writes only its own arrays, so results do not depend on it. */

/* Orgs with fewer units + handoffs than this run every pass in turn: a
 * thread costs more than it saves. */
#define VS_PARALLEL_MIN_SIZE 100000

typedef struct {
  GThread *thread; /* NULL when the work ran at once */
} VsTask;

/* Runs @fn(@data) on another thread when @parallel (and a thread can be
 * made), else at once; then vs_i_task_join() waits for it. */
void vs_i_task_start(VsTask *task, gboolean parallel, GThreadFunc fn, gpointer data);
void vs_i_task_join(VsTask *task);

/* ---- messages ----------------------------------------------------------- */

/* A value for a message: quoted, control characters and bytes that are not
 * UTF-8 escaped, cut to a readable length (hostile input may hold a 10 MB
 * id). Always valid UTF-8. Free with g_free(). */
char *vs_i_show_value(const char *text, gsize len);
/* A unit id for a message, unquoted: the id itself, or its first
 * characters and "..." when it is long. Free with g_free(). */
char *vs_i_short_id(const char *id);

/* ---- numbers ------------------------------------------------------------ */

/* Parses a whole decimal number (C locale, no hex, no inf/nan, no
 * surrounding junk except blanks). Returns FALSE with a reason in *why. */
gboolean vs_i_parse_double(const char *text, double *value, const char **why);
/* The common case of vs_i_parse_double(), exactly and several times
 * faster: a plain decimal (optional sign, digits, optional point) with at
 * most 15 significant digits, @len bytes, no blanks. FALSE when @s is not
 * of that form; then use vs_i_parse_double(). */
gboolean vs_i_parse_simple_decimal(const char *s, gsize len, double *value);
/* Appends the shortest text that reads back as exactly @x (JSON-safe;
 * non-finite values become null). */
void vs_i_append_double(GString *out, double x);

/* ---- dense linear algebra for rework loops (lib/dense.c) --------------- */

/* LU factorisation with partial pivoting of the k x k row-major matrix @a,
 * in place. Returns FALSE when the matrix is singular to working precision. */
gboolean vs_i_lu_factor(double *a, guint k, guint *piv);
/* Solves A x = b (or A^T x = b when @transpose) with a factorisation from
 * vs_i_lu_factor(); @b is overwritten with x. */
void vs_i_lu_solve(const double *lu, const guint *piv, guint k, double *b, gboolean transpose);
/* Solves A X = B for r right-hand sides at once; @b is k x r, row-major
 * (row i holds the i-th entry of every system), overwritten with X. */
void vs_i_lu_solve_many(const double *lu, const guint *piv, guint k, double *b, guint r);

G_END_DECLS

#endif /* VALUESTREAM_BASE_PRIVATE_H */
