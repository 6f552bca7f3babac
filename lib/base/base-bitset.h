/* valuestream - bit arrays: counting and listing the members of a set of
 * small integers. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The analysis keeps, per component of the condensation, the customers it
 * reaches as a bit array (bit r = the customer of rank r in id order), and
 * lists them on request. At 100k units and 1000 customers that is 50
 * million entries for one report, so listing is worth a vector path: on
 * x86-64 with AVX2 (checked at run time) each byte of the array becomes up
 * to eight entries with one permute; elsewhere a table of bit positions
 * per byte does the same a value at a time. */
#ifndef VALUESTREAM_BITSET_H
#define VALUESTREAM_BITSET_H

#include <glib.h>

G_BEGIN_DECLS

/* Entries vs_i_bits_expand() may write past the last one it returns:
 * @out needs room for the count plus this many. */
#define VS_I_BITS_SLACK 8

/* Bits set among @words words at @bits. */
gsize vs_i_bits_count(const guint64 *bits, gsize words);

/* Writes @map[i] for every bit i set in @bits (@words words), in order of
 * i, to @out and returns how many it wrote. @map has @words * 64 entries
 * (entries for bits that are never set may hold anything); @out has room
 * for vs_i_bits_count() + VS_I_BITS_SLACK entries, whose tail beyond the
 * count is scribbled on. */
gsize vs_i_bits_expand(const guint64 *bits, gsize words, const guint32 *map, guint32 *out);

/* The path for machines without AVX2, for the tests to compare with. */
gsize vs_i_bits_expand_portable(const guint64 *bits, gsize words, const guint32 *map, guint32 *out);

G_END_DECLS

#endif /* VALUESTREAM_BITSET_H */
