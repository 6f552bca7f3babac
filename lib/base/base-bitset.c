/* valuestream - bit arrays (see bitset.h).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "base-bitset.h"

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define VS_BITS_X86 1
#endif

/* Per byte value: the positions of its set bits, first to last, then
 * zeros; and how many there are. Built once (thread-safe via GOnce). */
typedef struct {
  guint8 pos[256][8];
  guint8 count[256];
} ByteTable;

static gpointer
build_byte_table(gpointer data)
{
  ByteTable *t = data;

  for (guint b = 0; b < 256; b++) {
    guint k = 0;
    for (guint i = 0; i < 8; i++)
      if (b >> i & 1)
        t->pos[b][k++] = (guint8)i;
    t->count[b] = (guint8)k;
    while (k < 8)
      t->pos[b][k++] = 0;
  }
  return t;
}

static const ByteTable *
byte_table(void)
{
  static ByteTable table;
  static GOnce once = G_ONCE_INIT;
  return g_once(&once, build_byte_table, &table);
}

gsize
vs_i_bits_expand_portable(const guint64 *bits, gsize words, const guint32 *map, guint32 *out)
{
  const ByteTable *t = byte_table();
  guint32 *o = out;

  for (gsize w = 0; w < words; w++) {
    guint64 x = bits[w];
    /* eight stores a byte whatever its bits: no branch to mispredict,
     * the slack takes what lies past the end */
    for (guint byte = 0; x != 0; byte++, x >>= 8) {
      guint b = (guint)(x & 0xFF);
      const guint32 *base = map + w * 64 + byte * 8;
      const guint8 *p = t->pos[b];
      for (guint i = 0; i < 8; i++)
        o[i] = base[p[i]];
      o += t->count[b];
    }
  }
  return (gsize)(o - out);
}

#ifdef VS_BITS_X86
/* The permutations that bring the lanes of a byte's set bits to the
 * front, as vectors of lane numbers. */
typedef struct {
  guint32 lanes[256][8];
} PermTable;

static gpointer
build_perm_table(gpointer data)
{
  PermTable *t = data;
  const ByteTable *b = byte_table();

  for (guint v = 0; v < 256; v++)
    for (guint i = 0; i < 8; i++)
      t->lanes[v][i] = b->pos[v][i];
  return t;
}

static const PermTable *
perm_table(void)
{
  static PermTable table;
  static GOnce once = G_ONCE_INIT;
  return g_once(&once, build_perm_table, &table);
}

__attribute__((target("avx2,popcnt"))) static gsize
count_avx2(const guint64 *bits, gsize words)
{
  gsize n = 0;
  for (gsize w = 0; w < words; w++)
    n += (gsize)__builtin_popcountll(bits[w]);
  return n;
}

/* The eight entries of @map for byte value @b, set bits' first, stored
 * at @o (all eight: the slack takes the rest). */
__attribute__((target("avx2"))) static inline void
expand_byte(const PermTable *t, const guint32 *map, guint b, guint32 *o)
{
  __m256i values = _mm256_loadu_si256((const __m256i *)(const void *)map);
  __m256i lanes = _mm256_loadu_si256((const __m256i *)(const void *)t->lanes[b]);
  _mm256_storeu_si256((__m256i *)(void *)o, _mm256_permutevar8x32_epi32(values, lanes));
}

/* Two bytes a step, the second stored where the first's set bits end:
 * the two stores do not wait on each other, where a byte a step would
 * wait on the count before it each time. */
__attribute__((target("avx2,popcnt"))) static gsize
expand_avx2(const guint64 *bits, gsize words, const guint32 *map, guint32 *out)
{
  const PermTable *t = perm_table();
  guint32 *o = out;

  for (gsize w = 0; w < words; w++) {
    guint64 x = bits[w];
    const guint32 *m = map + w * 64;
    for (guint k = 0; k < 64 && (x >> k) != 0; k += 16) {
      guint b0 = (guint)(x >> k) & 0xFF, b1 = (guint)(x >> (k + 8)) & 0xFF;
      guint n0 = (guint)__builtin_popcount(b0);
      expand_byte(t, m + k, b0, o);
      expand_byte(t, m + k + 8, b1, o + n0);
      o += n0 + (guint)__builtin_popcount(b1);
    }
  }
  return (gsize)(o - out);
}

static gboolean
have_avx2(void)
{
  static gint known = -1; /* a benign race: every thread finds the same */
  gint k = g_atomic_int_get(&known);

  if (k < 0) {
    __builtin_cpu_init();
    k = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
    g_atomic_int_set(&known, k);
  }
  return k;
}
#endif

gsize
vs_i_bits_count(const guint64 *bits, gsize words)
{
  gsize n = 0;

#ifdef VS_BITS_X86
  if (have_avx2())
    return count_avx2(bits, words);
#endif
  for (gsize w = 0; w < words; w++)
    n += (gsize)__builtin_popcountll(bits[w]);
  return n;
}

gsize
vs_i_bits_expand(const guint64 *bits, gsize words, const guint32 *map, guint32 *out)
{
#ifdef VS_BITS_X86
  if (have_avx2())
    return expand_avx2(bits, words, map, out);
#endif
  return vs_i_bits_expand_portable(bits, words, map, out);
}
