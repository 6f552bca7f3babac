/* valuestream - interned strings, fingerprints and timestamps: the
 * tables and parsers the miner's readers share. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_BASE_INTERN_H
#define VALUESTREAM_BASE_INTERN_H

#include "base-private.h"

G_BEGIN_DECLS

/* ---- interned strings (base-intern.c) ----------------------------------------
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
  const char *str;            /* NULL = empty */
  guint8 inline_len;          /* the length when inline, else 0xFF */
  char key[VS_INTERN_INLINE]; /* the string, when it is that short */
} VsInternSlot;

G_STATIC_ASSERT(sizeof(VsInternSlot) == 32);

typedef struct {
  VsInternSlot *slots; /* at most half full */
  gsize mask;
  GPtrArray *strings; /* index -> copy */
  GPtrArray *blocks;  /* where the copies live */
  char *free;         /* the rest of the last block */
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

/* ---- fingerprints (base-intern.c) ----------------------------------------------
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

/* ---- timestamps (base-timestamp.c) ------------------------------------------- */

/* Parses an ISO 8601 date-time (or a date: midnight) into microseconds
 * since 1970-01-01T00:00:00Z. Without a zone it is UTC. Fractions beyond
 * microseconds are truncated. Returns FALSE when @s is not such a text. */
gboolean vs_i_parse_timestamp(const char *s, gsize len, gint64 *usec);

G_END_DECLS

#endif /* VALUESTREAM_BASE_INTERN_H */
