/* valuestream - internals of the event-log miner. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The pieces, in the order data flows through them:
 *
 *   mine-input.c   bytes: a file or a buffer, gzip inflated on the fly
 *                  (VsByteSource); the CSV log reader and the people map
 *   xes.c          the XES log reader (GMarkup, fed in chunks)
 *   timestamp.c    ISO 8601 to microseconds, fast path plus GLib fallback
 *   intern.c       strings to dense indices (VsIntern)
 *   mine.c         the miner: events -> cases -> pairs; the result
 *   mine-org.c     a result as an org, and as an org directory on disk
 *
 * Readers turn rows or <event>s into VsLogEvent views and hand them to
 * vs_i_miner_add_event(); they know nothing about teams or handoffs.
 */
#ifndef VALUESTREAM_MINE_PRIVATE_H
#define VALUESTREAM_MINE_PRIVATE_H

#include <gio/gio.h>
#include <string.h>

#include "private.h"

G_BEGIN_DECLS

/* ---- interned strings (intern.c) ----------------------------------------
 * Each distinct string gets the next index, 0, 1, ...; the table keeps
 * one copy. Lookups take (pointer, length) views, so callers need not copy
 * or terminate. A slot (half a cache line) holds the hash, the index, the
 * copy, and a string of up to VS_INTERN_INLINE bytes (most case ids, team
 * and people names) once more inside the slot, so that a lookup of one
 * touches a single cache line: with 100k teams every lookup misses. Each
 * copy has its length just before its bytes (and a NUL after). */
#define VS_INTERN_INLINE 15

typedef struct {
  guint32 hash;
  guint32 index;
  const char *str;                /* NULL = empty */
  guint8 inline_len;              /* the length when inline, else 0xFF */
  char key[VS_INTERN_INLINE];     /* the string, when it is that short */
} VsInternSlot;

G_STATIC_ASSERT(sizeof(VsInternSlot) == 32);

typedef struct {
  VsInternSlot *slots; /* at most half full */
  gsize mask;
  GPtrArray *strings;  /* index -> copy */
  GPtrArray *blocks;   /* where the copies live */
  char *free;          /* the rest of the last block */
  gsize free_len;
} VsIntern;

void vs_i_intern_init(VsIntern *t);
void vs_i_intern_clear(VsIntern *t);
/* The top half of vs_i_hash64(). */
guint32 vs_i_intern_hash(const char *s, gsize len);
/* The index of @s, or -1. */
gint64 vs_i_intern_find(const VsIntern *t, const char *s, gsize len, guint32 hash);
/* The index of @s, added when new (*added says which, when not NULL). */
guint32 vs_i_intern_add(VsIntern *t, const char *s, gsize len, guint32 hash, gboolean *added);
/* Starts loading the slot where a lookup of @hash begins, so that work
 * done before the lookup hides the cache miss on a big table. */
static inline void
vs_i_intern_prefetch(const VsIntern *t, guint32 hash)
{
#ifdef __GNUC__
  if (t->slots != NULL)
    __builtin_prefetch(&t->slots[hash & t->mask]);
#endif
}

static inline guint32
vs_i_intern_size(const VsIntern *t)
{
  return t->strings->len;
}
/* String @index, NUL-terminated. */
static inline const char *
vs_i_intern_get(const VsIntern *t, guint32 index)
{
  return g_ptr_array_index(t->strings, index);
}

/* Whether @a[0..n) equals @b[0..n). Ids are short: eight bytes at a time
 * inline beats a call to memcmp() through the PLT. */
static inline gboolean
vs_i_bytes_equal(const char *a, const char *b, gsize n)
{
  for (; n >= 8; a += 8, b += 8, n -= 8) {
    guint64 x, y;
    memcpy(&x, a, 8);
    memcpy(&y, b, 8);
    if (x != y)
      return FALSE;
  }
  for (; n > 0; n--)
    if (*a++ != *b++)
      return FALSE;
  return TRUE;
}

/* Whether the copy @str is exactly @s[0..len). */
static inline gboolean
vs_i_intern_str_equal(const char *str, const char *s, gsize len)
{
  guint32 have;
  memcpy(&have, str - sizeof have, sizeof have);
  return have == len && vs_i_bytes_equal(str, s, len);
}

/* Whether string @index is exactly @s[0..len). */
static inline gboolean
vs_i_intern_equal(const VsIntern *t, guint32 index, const char *s, gsize len)
{
  return vs_i_intern_str_equal(vs_i_intern_get(t, index), s, len);
}

/* ---- fingerprints (intern.c) ----------------------------------------------
 * A set of 64-bit string hashes: all a streaming pass remembers of the
 * cases it has closed. Two ids with one fingerprint (odds about n^2 / 2^65
 * for n ids: 3e-6 for ten million) would only cost a grouping pass that
 * was not needed, never a wrong count. */
typedef struct {
  guint64 *slots; /* 0 = empty; at most half full */
  gsize mask, n;
} VsFingerprints;

void vs_i_fingerprints_clear(VsFingerprints *f);
/* Adds @fp; FALSE when it was there already. */
gboolean vs_i_fingerprints_add(VsFingerprints *f, guint64 fp);

/* ---- timestamps (timestamp.c) ------------------------------------------- */

/* Parses an ISO 8601 date-time (or a date: midnight) into microseconds
 * since 1970-01-01T00:00:00Z. Without a zone it is UTC. Fractions beyond
 * microseconds are truncated. Returns FALSE when @s is not such a text. */
gboolean vs_i_parse_timestamp(const char *s, gsize len, gint64 *usec);

/* ---- bytes in (mine-input.c) -------------------------------------------- */

/* A file or buffer read in chunks; gzip (by its magic bytes) is inflated,
 * concatenated gzip members included. */
typedef struct VsByteSource VsByteSource;

VsByteSource *vs_i_byte_source_new(const char *path, const char *data, gsize len,
                                   GError **error);
void vs_i_byte_source_free(VsByteSource *src);
/* Reads up to @len bytes; 0 at the end, -1 on error (VS_ERROR_IO, or
 * VS_ERROR_PARSE for corrupt or truncated gzip data, message without
 * location: the reader adds it). */
gssize vs_i_byte_source_read(VsByteSource *src, guint8 *buf, gsize len, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsByteSource, vs_i_byte_source_free)

/* ---- events --------------------------------------------------------------- */

/* One event, as views into the reader's buffer (not NUL-terminated; len 0
 * = empty). @has_group: the log gives this event a group field at all. */
typedef struct {
  const char *case_id;
  gsize case_len;
  const char *group;
  gsize group_len;
  gboolean has_group;
  const char *resource;
  gsize resource_len;
  const char *time;
  gsize time_len;
  const char *customer;
  gsize customer_len;
  const char *revenue;
  gsize revenue_len;
  guint line;
} VsLogEvent;

typedef struct VsMiner VsMiner;

typedef enum {
  VS_MINER_OK = 0,
  VS_MINER_ERROR,   /* *error is set */
  VS_MINER_RESTART, /* a case came back: read again, grouping by case */
} VsMinerStatus;

/* Adds one event; errors carry "NAME:LINE: " already. */
VsMinerStatus vs_i_miner_add_event(VsMiner *m, const VsLogEvent *event, GError **error);
/* A hint from a reader that sees the next event's group (@group[0..len))
 * before handing this one over: starts fetching that team's slot. With
 * many teams each lookup misses the caches. */
void vs_i_miner_prefetch_team(const VsMiner *m, const char *group, gsize len);
/* What messages call the input. */
const char *vs_i_miner_get_name(const VsMiner *m);
const VsMineOptions *vs_i_miner_get_options(const VsMiner *m);

/* Readers: feed every event of @src to @m. They return VS_MINER_RESTART
 * as soon as the miner does. @first/@first_len: bytes already read from
 * @src (format sniffing), to be read before the rest. */
VsMinerStatus vs_i_read_csv_log(VsByteSource *src, const guint8 *first, gsize first_len,
                                VsMiner *m, GError **error);
VsMinerStatus vs_i_read_xes_log(VsByteSource *src, const guint8 *first, gsize first_len,
                                VsMiner *m, GError **error);

/* The people map: resource -> team name, read into @people (resource
 * index) and @teams (parallel array of const char *, NULL = no team).
 * VS_ERROR_PARSE / VS_ERROR_INVALID with file:line on bad input. */
gboolean vs_i_read_people_map(const char *path, VsIntern *people, GPtrArray *teams,
                              GError **error);

/* ---- the result, shared with mine-org.c ------------------------------------ */

struct VsMineResult {
  char *name;
  VsMineOptions options; /* strings not kept: NULL */
  guint64 counts[VS_MINE_SORTED_BY_CASE + 1];
  /* units */
  VsIntern units;
  GArray *u_kind;      /* guint8 VsKind */
  GArray *u_revenue;   /* double, NAN = none */
  GArray *u_own_share; /* double, NAN = none */
  /* pairs */
  GArray *p_from, *p_to; /* guint32 */
  GArray *columns[VS_MINE_RETURNS + 1]; /* double per pair */
  /* every direct transfer's lead time in days, sorted (for quantiles) */
  GArray *all_leads;
  /* unmapped people, most events first */
  GPtrArray *unmapped;  /* char *, owned */
  GArray *unmapped_events; /* guint64 */
};

/* Linear interpolation between order statistics of the sorted @x[0..n). */
double vs_i_quantile_sorted(const double *x, gsize n, double q);
/* Sorts @x[0..n), all >= 0 and not NAN, ascending. */
void vs_i_sort_lead_times(double *x, gsize n);

G_END_DECLS

#endif /* VALUESTREAM_MINE_PRIVATE_H */
