/* valuestream - internals shared by the library's modules. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_PRIVATE_H
#define VALUESTREAM_PRIVATE_H

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

/* ---- the organisation -------------------------------------------------- */

/* An org's shape, shared by its analyses: lib/graph.h. */
typedef struct VsTopology VsTopology;


#define VS_INTERN_RECENT 64 /* slots of VsOrg.intern_recent */

struct VsOrg {
  gint ref_count;
  GStringChunk *strings;
  /* id -> unit: open addressing, linear probing, at most half full
   * (org.c, "the id index") */
  struct VsIdSlot *id_slots;
  gsize id_mask;
  GHashTable *interned;     /* deliverables, groups, periods: one copy each */
  /* the interned strings found last, by a hash of their first bytes: a
   * large org repeats a handful of deliverables, groups and periods
   * millions of times, and a hit costs one strcmp() (org.c) */
  const char *intern_recent[VS_INTERN_RECENT];
  const char *intern_last; /* the interned string found last */

  /* units, column-wise */
  GArray *u_id;             /* const char * */
  GArray *u_name;           /* const char *, NULL = the id */
  GArray *u_group;          /* const char *, NULL = none */
  GArray *u_kind;           /* guint8 VsKind */
  GArray *u_revenue;        /* double, 0 when unset */
  GArray *u_own_share;      /* double, NAN = unset */
  GArray *u_headcount;      /* double, NAN = unset */
  gsize n_kind[3];
  /* elements allocated in every column of units, handoffs and surveys
   * (org.c, "columns") */
  gsize u_cap, h_cap, s_cap;

  /* handoffs, column-wise */
  GArray *h_from, *h_to;    /* guint32 unit indices */
  GArray *h_deliverable;    /* const char *, NULL = none */
  GArray *h_weight;         /* double, 1 when unset */
  GArray *h_score;          /* double, NAN = unrated */
  GArray *h_volume;         /* double, NAN = unset */
  GArray *h_lead;           /* double, NAN = unset */

  /* survey answers, column-wise */
  GArray *s_period;         /* const char * */
  GArray *s_respondent, *s_provider; /* guint32 */
  GArray *s_score, *s_min, *s_max;   /* double */

  GPtrArray *notes;         /* char *, owned */

  /* the topology (adjacency, components, igraph's copy), built on first
   * use and dropped when the org changes; guarded by cache_lock */
  GMutex cache_lock;
  VsTopology *topology;
};

VsOrg *vs_i_org_ref(VsOrg *org);
/* A 64-bit hash of @s[0..len) (intern.c), the one hash of the library's
 * string tables. */
guint64 vs_i_hash64(const char *s, gsize len);
/* The unit with id @id[0..len) (no NUL needed), or -1. */
gssize vs_i_org_find(const VsOrg *org, const char *id, gsize len);
/* The hash the id index files @id[0..len) under, and vs_i_org_find() given
 * it: a loader that prefetches and then finds hashes once. */
guint32 vs_i_org_id_hash(const char *id, gsize len);
gssize vs_i_org_find_hashed(const VsOrg *org, const char *id, gsize len, guint32 hash);
/* Starts fetching the index slot of an id that hashes to @hash, for a find
 * (or an add) soon after; a hint only. */
void vs_i_org_prefetch(const VsOrg *org, guint32 hash);
void vs_i_org_unref(VsOrg *org);
/* A new reference to the org's topology (lib/graph.h), built on first use.
 * NULL on error (igraph failure). Release with vs_i_topology_unref(). */
VsTopology *vs_i_org_topology(const VsOrg *org, GError **error);
/* The whole-org rules (closed loops) on a topology of @org. */
gboolean vs_i_topology_validate(const VsOrg *org, const VsTopology *t, GError **error);
/* Makes room for @units more units and @handoffs more handoffs (a loader
 * that knows about how many are coming): one index rehash and no column
 * copies instead of one per doubling. Only a hint. */
void vs_i_org_reserve(VsOrg *org, gsize units, gsize handoffs);
/* Drops survey answers from @n on (all-or-nothing survey loading). */
void vs_i_org_truncate_surveys(VsOrg *org, gsize n);
/* A remark for the user, kept with the org and copied into warnings. */
void vs_i_org_add_note(VsOrg *org, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Like the public adders, with units given by index (loaders resolve ids
 * themselves so they can name the field in errors). */
gssize vs_i_org_add_handoff_idx(VsOrg *org, guint32 from, guint32 to, const VsHandoffAttrs *attrs,
                                GError **error);

/* A handoff read and checked but not yet added to the org. */
typedef struct {
  guint32 from, to;
  VsHandoffAttrs attrs;
} VsHandoffRow;

/* The checks vs_i_org_add_handoff_idx() makes, without adding anything.
 * It reads the org's units only, so it may run beside a thread that adds
 * handoffs to the org. */
gboolean vs_i_org_check_handoff(const VsOrg *org, guint32 from, guint32 to,
                                const VsHandoffAttrs *attrs, GError **error);
/* Adds @n rows that vs_i_org_check_handoff() passed, in order, at once
 * (deliverables are interned here). Only VS_ERROR_LIMIT can fail it, and
 * then the org is unchanged. */
gboolean vs_i_org_append_handoffs(VsOrg *org, const VsHandoffRow *rows, gsize n, GError **error);

/* Where handoff rows are stored: the columns' storage. */
typedef struct {
  guint32 *from, *to;
  const char **deliverable;
  double *weight, *score, *volume, *lead;
} VsHandoffSlots;

/* Storage for handoff rows [@at, @at + @n), beyond the org's rows, for a
 * loader that fills them on another thread while rows are added below @at
 * (never up to it): the columns are grown here, once, so that neither side
 * moves them. FALSE (nothing changed) when that is more than
 * VS_MAX_HANDOFFS rows. */
gboolean vs_i_org_handoff_slots(VsOrg *org, gsize at, gsize n, VsHandoffSlots *slots);
/* Stores @row (checked by vs_i_org_check_handoff()) as row @i of @slots;
 * its deliverable is taken as is until vs_i_org_adopt_handoffs(). */
void vs_i_handoff_slots_set(const VsHandoffSlots *slots, gsize i, const VsHandoffRow *row);
/* Makes the @n rows stored at @at (vs_i_org_handoff_slots()) the org's
 * next rows, moved down to follow the last one when there is a gap, their
 * deliverables interned. Only VS_ERROR_LIMIT can fail it, and then the
 * org is unchanged. */
gboolean vs_i_org_adopt_handoffs(VsOrg *org, gsize at, gsize n, GError **error);
gboolean vs_i_org_add_response_idx(VsOrg *org, const char *period, guint32 respondent,
                                   guint32 provider, double score, double scale_min,
                                   double scale_max, GError **error);

static inline const char *
vs_i_unit_id(const VsOrg *org, gsize unit)
{
  return g_array_index(org->u_id, const char *, unit);
}

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
 * id). Always valid UTF-8. Free with g_free(). (lib/load-record.c) */
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

/* ---- survey statistics (lib/survey.c) ------------------------------------ */
double vs_i_normal_cdf(double z);

G_END_DECLS

#endif /* VALUESTREAM_PRIVATE_H */
