/* valuestream - interned strings: each distinct string -> a dense index.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The miner looks up a case id and a team (and maybe a person) for every
 * event, so this is its hot path: open addressing with linear probing,
 * the table at most half full, each slot holding the string's 32-bit hash
 * (text is compared only on a hash match), its index and its copy. Copies
 * live in large blocks, each after its length (no malloc per string). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base-intern.h"

#define BLOCK (256 * 1024)
#define HUGE_PAGE (2 * 1024 * 1024)

/* A zeroed table. Big ones ask for transparent huge pages: a random probe
 * into 64 MB of 4 KiB pages misses the TLB as well as the caches, and
 * with 2 MiB pages a few dozen TLB entries cover the table. Free with
 * g_free() (GLib's allocator is the system's). */
static gpointer
table_new(gsize count, gsize size)
{
  gsize bytes = count * size;
  void *p = NULL;

#ifdef MADV_HUGEPAGE
  if (bytes >= 2 * HUGE_PAGE && posix_memalign(&p, HUGE_PAGE, bytes) == 0) {
    madvise(p, bytes, MADV_HUGEPAGE); /* advice: failure is harmless */
    memset(p, 0, bytes);
    return p;
  }
#endif
  return g_malloc0_n(count, size);
}

void
vs_i_intern_init(VsIntern *t)
{
  memset(t, 0, sizeof *t);
  t->strings = g_ptr_array_new();
  t->blocks = g_ptr_array_new_with_free_func(g_free);
}

void
vs_i_intern_clear(VsIntern *t)
{
  g_free(t->slots);
  if (t->strings != NULL)
    g_ptr_array_unref(t->strings);
  if (t->blocks != NULL)
    g_ptr_array_unref(t->blocks);
  memset(t, 0, sizeof *t);
}

/* The last 1..7 bytes of a string as one word, read as whole words (two
 * overlapping 4-byte reads, or three single bytes): copying them byte by
 * byte into a word stalls the load that follows. Distinct for distinct
 * tails of the same length. */
static inline guint64
tail_word(const guchar *b, gsize len)
{
  guint32 lo, hi;

  if (len < 4)
    return b[0] | (guint64)b[len / 2] << 8 | (guint64)b[len - 1] << 16;
  memcpy(&lo, b, 4);
  memcpy(&hi, b + len - 4, 4);
  return lo | (guint64)hi << 32;
}

/* A multiply-xorshift hash over 8-byte words: ids are short, so a word
 * at a time takes a few steps where a byte at a time takes dozens. */
guint64
vs_i_hash64(const char *s, gsize len)
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
    h = (h ^ tail_word((const guchar *)s, len)) * 0x94D049BB133111EBull;
    h ^= h >> 29;
  }
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

guint32
vs_i_intern_hash(const char *s, gsize len)
{
  return (guint32)(vs_i_hash64(s, len) >> 32);
}

static inline gboolean
slot_holds(const VsInternSlot *slot, const char *s, gsize len)
{
  if (slot->inline_len != 0xFF)
    return slot->inline_len == len && vs_i_bytes_equal(slot->key, s, len);
  return vs_i_intern_str_equal(slot->str, s, len);
}

gint64
vs_i_intern_find(const VsIntern *t, const char *s, gsize len, guint32 hash)
{
  if (t->slots == NULL)
    return -1;
  for (gsize i = hash & t->mask;; i = (i + 1) & t->mask) {
    const VsInternSlot *slot = &t->slots[i];
    if (slot->str == NULL)
      return -1;
    if (slot->hash == hash && slot_holds(slot, s, len))
      return slot->index;
  }
}

static void
slot_put(VsInternSlot *slots, gsize mask, VsInternSlot slot)
{
  gsize i = slot.hash & mask;
  while (slots[i].str != NULL)
    i = (i + 1) & mask;
  slots[i] = slot;
}

static void
grow(VsIntern *t)
{
  gsize size = t->slots != NULL ? t->mask + 1 : 0;
  gsize bigger = MAX(size * 2, 64);
  VsInternSlot *slots = table_new(bigger, sizeof *slots);

  for (gsize i = 0; i < size; i++)
    if (t->slots[i].str != NULL)
      slot_put(slots, bigger - 1, t->slots[i]);
  g_free(t->slots);
  t->slots = slots;
  t->mask = bigger - 1;
}

/* A copy of @s: its length (4 bytes, aligned), the bytes, a NUL. */
static const char *
copy_string(VsIntern *t, const char *s, gsize len)
{
  guint32 len32 = (guint32)len;
  gsize need = (sizeof len32 + len + 1 + 3) & ~(gsize)3;
  char *at;

  if (need > t->free_len) {
    gsize size = MAX(need, BLOCK);
    t->free = g_malloc(size);
    t->free_len = size;
    g_ptr_array_add(t->blocks, t->free);
  }
  at = t->free;
  t->free += need;
  t->free_len -= need;
  memcpy(at, &len32, sizeof len32);
  memcpy(at + sizeof len32, s, len);
  at[sizeof len32 + len] = '\0';
  return at + sizeof len32;
}

guint32
vs_i_intern_add(VsIntern *t, const char *s, gsize len, guint32 hash, gboolean *added)
{
  gint64 found = vs_i_intern_find(t, s, len, hash);
  VsInternSlot slot;

  if (added != NULL)
    *added = found < 0;
  if (found >= 0)
    return (guint32)found;
  g_return_val_if_fail(t->strings->len < G_MAXUINT32 - 1 && len < G_MAXUINT32, 0);
  if (t->slots == NULL || 2 * ((gsize)t->strings->len + 1) > t->mask + 1)
    grow(t);
  memset(&slot, 0, sizeof slot);
  slot.hash = hash;
  slot.index = t->strings->len;
  slot.str = copy_string(t, s, len);
  slot.inline_len = len <= VS_INTERN_INLINE ? (guint8)len : 0xFF;
  if (len <= VS_INTERN_INLINE)
    memcpy(slot.key, s, len);
  g_ptr_array_add(t->strings, (gpointer)slot.str);
  slot_put(t->slots, t->mask, slot);
  return slot.index;
}

/* ---- fingerprints ---------------------------------------------------------- */

void
vs_i_fingerprints_clear(VsFingerprints *f)
{
  g_free(f->slots);
  memset(f, 0, sizeof *f);
}

static void
fingerprint_put(guint64 *slots, gsize mask, guint64 fp)
{
  gsize i = (gsize)(fp >> 32) & mask;
  while (slots[i] != 0)
    i = (i + 1) & mask;
  slots[i] = fp;
}

gboolean
vs_i_fingerprints_add(VsFingerprints *f, guint64 fp)
{
  fp = fp != 0 ? fp : 1; /* 0 marks an empty slot */
  for (gsize i = (gsize)(fp >> 32) & f->mask; f->slots != NULL; i = (i + 1) & f->mask) {
    if (f->slots[i] == fp)
      return FALSE;
    if (f->slots[i] == 0)
      break;
  }
  if (f->slots == NULL || 2 * (f->n + 1) > f->mask + 1) {
    gsize size = f->slots != NULL ? f->mask + 1 : 0, bigger = MAX(size * 2, 64);
    guint64 *slots = table_new(bigger, sizeof *slots);
    for (gsize i = 0; i < size; i++)
      if (f->slots[i] != 0)
        fingerprint_put(slots, bigger - 1, f->slots[i]);
    g_free(f->slots);
    f->slots = slots;
    f->mask = bigger - 1;
  }
  fingerprint_put(f->slots, f->mask, fp);
  f->n++;
  return TRUE;
}
