/* valuestream - interned strings: each distinct string -> a dense index.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The miner looks up a case id and a team (and maybe a person) for every
 * event, so this is its hot path: open addressing with linear probing,
 * the table at most half full, and each slot holding the string's 32-bit
 * hash beside its index so that a probe compares text only on a hash
 * match. Copies live in a GStringChunk (no per-string malloc). */
#include <string.h>

#include "mine-private.h"

void
vs_i_intern_init(VsIntern *t)
{
  memset(t, 0, sizeof *t);
  t->strings = g_ptr_array_new();
  t->lengths = g_array_new(FALSE, FALSE, sizeof(guint32));
  t->chunk = g_string_chunk_new(64 * 1024);
}

void
vs_i_intern_clear(VsIntern *t)
{
  g_free(t->slots);
  if (t->strings != NULL)
    g_ptr_array_unref(t->strings);
  if (t->lengths != NULL)
    g_array_unref(t->lengths);
  if (t->chunk != NULL)
    g_string_chunk_free(t->chunk);
  memset(t, 0, sizeof *t);
}

/* A multiply-xorshift hash over 8-byte words: ids are short, and this is
 * several times faster than a byte-at-a-time hash on them. */
guint32
vs_i_intern_hash(const char *s, gsize len)
{
  guint64 h = 0x9E3779B97F4A7C15ull ^ len;
  guint64 w;

  while (len >= 8) {
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    s += 8;
    len -= 8;
  }
  if (len > 0) {
    w = 0;
    memcpy(&w, s, len);
    h = (h ^ w) * 0x94D049BB133111EBull;
    h ^= h >> 29;
  }
  h *= 0xBF58476D1CE4E5B9ull;
  return (guint32)(h >> 32);
}

gint64
vs_i_intern_find(const VsIntern *t, const char *s, gsize len, guint32 hash)
{
  if (t->slots == NULL)
    return -1;
  for (gsize i = hash & t->mask;; i = (i + 1) & t->mask) {
    guint64 slot = t->slots[i];
    if (slot == 0)
      return -1;
    if ((guint32)(slot >> 32) == hash && vs_i_intern_equal(t, (guint32)slot - 1, s, len))
      return (guint32)slot - 1;
  }
}

static void
slot_put(guint64 *slots, gsize mask, guint32 hash, guint32 index)
{
  gsize i = hash & mask;
  while (slots[i] != 0)
    i = (i + 1) & mask;
  slots[i] = (guint64)hash << 32 | (guint64)(index + 1);
}

static void
grow(VsIntern *t)
{
  gsize size = t->slots != NULL ? t->mask + 1 : 0;
  gsize bigger = MAX(size * 2, 64);
  guint64 *slots = g_new0(guint64, bigger);

  for (gsize i = 0; i < size; i++)
    if (t->slots[i] != 0)
      slot_put(slots, bigger - 1, (guint32)(t->slots[i] >> 32), (guint32)t->slots[i] - 1);
  g_free(t->slots);
  t->slots = slots;
  t->mask = bigger - 1;
}

guint32
vs_i_intern_add(VsIntern *t, const char *s, gsize len, guint32 hash, gboolean *added)
{
  gint64 found = vs_i_intern_find(t, s, len, hash);
  guint32 index;

  if (added != NULL)
    *added = found < 0;
  if (found >= 0)
    return (guint32)found;
  index = t->strings->len;
  g_return_val_if_fail(index < G_MAXUINT32 - 1 && len < G_MAXUINT32, 0);
  if (t->slots == NULL || 2 * ((gsize)index + 1) > t->mask + 1)
    grow(t);
  g_ptr_array_add(t->strings, g_string_chunk_insert_len(t->chunk, s, (gssize)len));
  g_array_append_val(t->lengths, (guint32){(guint32)len});
  slot_put(t->slots, t->mask, hash, index);
  return index;
}
