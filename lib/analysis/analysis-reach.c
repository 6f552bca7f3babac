/* valuestream - the analysis: what reaches what, and the lists handed out.
 * Paths, chokepoints and critical units along the link arrays, the flagged
 * units, the customers each unit reaches (bitsets over components, or a
 * search), the components a unit reaches, a shortest path between two.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "analysis-private.h"
#include "base-bitset.h"
#include "org-topology.h"

/* ---- lists along the link arrays ------------------------------------------------ */

/* Hands a list built in @list to the caller; NULL when empty. */
static guint32 *
steal_list(GArray *list, gsize *n)
{
  if (n != NULL)
    *n = list->len;
  if (list->len == 0) {
    g_array_free(list, TRUE);
    return NULL;
  }
  return (guint32 *)g_array_free(list, FALSE);
}

static GArray *
new_list(void)
{
  return g_array_new(FALSE, FALSE, sizeof(guint32));
}

#define CHECK_UNIT(a, unit, n)                                                                     \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (n != NULL)                                                                                 \
      *n = 0;                                                                                      \
    g_return_val_if_fail(a != NULL, NULL);                                                         \
    g_return_val_if_fail(unit < a->n, NULL);                                                       \
  }                                                                                                \
  G_STMT_END

/* Where a chain of units along a link array ends, customers-wise. */
typedef enum {
  CHAIN_ALL,             /* at the end of the links */
  CHAIN_TO_CUSTOMER,     /* at the first customer, included */
  CHAIN_BEFORE_CUSTOMER, /* before the first customer */
} ChainEnd;

/* The units from @v on along @link (-1 ends it), up to @end: counted,
 * then copied into an array of that size (a list grown unit by unit
 * costs more than the walk; a report asks this of every unit). NULL when
 * empty. Iterative: a chain may be a million units long. */
static guint32 *
dup_chain(const VsAnalysis *a, gint32 v, const gint32 *link, ChainEnd end, gsize *n)
{
  gsize len = 0;
  guint32 *out;

  for (gint32 w = v; w >= 0; w = link[w]) {
    gboolean customer = a->kind[w] == VS_KIND_CUSTOMER;
    if (customer && end == CHAIN_BEFORE_CUSTOMER)
      break;
    len++;
    if (customer && end == CHAIN_TO_CUSTOMER)
      break;
  }
  if (n != NULL)
    *n = len;
  if (len == 0)
    return NULL;
  out = g_new(guint32, len);
  for (gsize i = 0; i < len; i++, v = link[v])
    out[i] = (guint32)v;
  return out;
}

guint32 *
vs_analysis_dup_path(const VsAnalysis *a, gsize unit, gsize *n)
{
  CHECK_UNIT(a, unit, n);
  if (a->hops[unit] < 0)
    return NULL;
  return dup_chain(a, (gint32)unit, a->next, CHAIN_TO_CUSTOMER, n);
}

guint32 *
vs_analysis_dup_chokepoints(const VsAnalysis *a, gsize unit, gsize *n)
{
  CHECK_UNIT(a, unit, n);
  if (a->kind[unit] == VS_KIND_CUSTOMER)
    return NULL;
  return dup_chain(a, a->ipdom[unit], a->ipdom, CHAIN_BEFORE_CUSTOMER, n);
}

guint32 *
vs_analysis_dup_critical_units(const VsAnalysis *a, gsize unit, gsize *n)
{
  gsize len = 0;
  guint32 *list;

  CHECK_UNIT(a, unit, n);
  if (a->kind[unit] != VS_KIND_CUSTOMER)
    return NULL;
  list = dup_chain(a, a->idom[unit], a->idom, CHAIN_ALL, &len);
  vs_i_analysis_sort_by_id(a->org, list, len);
  if (n != NULL)
    *n = len;
  return list;
}

/* The ranking key of fix value @x: unsigned integers that order as the
 * fix values do, highest first. A double's bits order as unsigned
 * integers once a negative one's are inverted and a positive one's sign
 * bit set; the key inverts that. -0 counts as 0 (a tie, as the values
 * compare). Fix values are finite (check_finite()). */
static inline guint64
ranking_key(double x)
{
  guint64 bits;

  if (x == 0)
    x = 0; /* -0 */
  memcpy(&bits, &x, sizeof bits);
  bits = (bits >> 63) ? ~bits : bits | (G_GUINT64_CONSTANT(1) << 63);
  return ~bits;
}

/* Sorts @units (@n of them, in unit order) by @key ascending, in place:
 * an LSD radix sort, stable, so ties stay in unit order; a pass over a
 * byte all keys share (most of the exponent's) is skipped. The
 * comparison sort it replaced read the fix values through a callback at
 * random places: at 1M units it took most of a Python a.flagged(). */
static void
sort_by_key(guint32 *units, guint64 *key, gsize n)
{
  enum { BITS = 8, RADIX = 1 << BITS };
  g_autofree guint64 *key2 = g_new(guint64, n);
  g_autofree guint32 *units2 = g_new(guint32, n);
  guint64 *k = key, *k2 = key2;
  guint32 *u = units, *u2 = units2;
  gsize count[RADIX];

  for (guint shift = 0; shift < 64; shift += BITS) {
    gsize sum = 0;
    memset(count, 0, sizeof count);
    for (gsize i = 0; i < n; i++)
      count[(k[i] >> shift) & (RADIX - 1)]++;
    if (count[(k[0] >> shift) & (RADIX - 1)] == n)
      continue;
    for (guint d = 0; d < RADIX; d++) {
      gsize c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (gsize i = 0; i < n; i++) {
      gsize at = count[(k[i] >> shift) & (RADIX - 1)]++;
      k2[at] = k[i];
      u2[at] = u[i];
    }
    guint64 *swap_k = k;
    guint32 *swap_u = u;
    k = k2;
    k2 = swap_k;
    u = u2;
    u2 = swap_u;
  }
  if (u != units)
    memcpy(units, u, n * sizeof *units);
}

guint32 *
vs_analysis_dup_flagged(const VsAnalysis *a, gsize *n)
{
  g_autofree guint64 *key = NULL;
  guint32 *units;
  gsize len = 0;

  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(a != NULL, NULL);
  vs_i_analysis_findings(a);
  for (gsize u = 0; u < a->n; u++)
    len += a->flags[u] != 0;
  if (len == 0)
    return NULL;
  units = g_new(guint32, len);
  key = g_new(guint64, len);
  for (gsize u = 0, i = 0; u < a->n; u++)
    if (a->flags[u] != 0) {
      units[i] = (guint32)u;
      key[i++] = ranking_key(a->fix[u]);
    }
  sort_by_key(units, key, len);
  if (n != NULL)
    *n = len;
  return units;
}

/* ---- customers reached, as bitsets over components ------------------------------ */

/* Bitsets are used while they take at most this many 64-bit words, and
 * building them at most this many word operations; beyond (many
 * components and many customers) each query searches instead. */
#define REACH_MAX_WORDS (G_GUINT64_CONSTANT(1) << 24) /* 128 MiB */
#define REACH_MAX_WORK (G_GUINT64_CONSTANT(1) << 28)

static guint64 reach_max_words = REACH_MAX_WORDS;

void
vs_i_analysis_set_reach_limit(guint64 max_words)
{
  reach_max_words = max_words == 0 ? REACH_MAX_WORDS : max_words;
}

/* Components ahead whose rows are fetched (see prefetch_rows_ahead()). */
#define REACH_AHEAD 8

/* Starts fetching what compute_reach() reads for the components after
 * @c (it walks them down): a unit's row lies anywhere, and waiting for
 * it would take most of the time. In stages, each using what the one
 * before fetched: a row's offset REACH_AHEAD components ahead, the row
 * half as far, its units' components a quarter as far (first unit only:
 * most components are one unit). */
static inline void
prefetch_rows_ahead(const VsAnalysis *a, const guint32 *nbr, guint32 c)
{
  if (c >= REACH_AHEAD)
    __builtin_prefetch(a->out_off + a->comp_units[a->comp_off[c - REACH_AHEAD]]);
  if (c >= REACH_AHEAD / 2)
    __builtin_prefetch(nbr + a->out_off[a->comp_units[a->comp_off[c - REACH_AHEAD / 2]]]);
  if (c >= REACH_AHEAD / 4) {
    guint32 w = a->comp_units[a->comp_off[c - REACH_AHEAD / 4]];
    for (guint32 j = a->out_off[w]; j < a->out_off[w + 1]; j++)
      __builtin_prefetch(a->comp + nbr[j]);
  }
}

/* Successor sets merged in batches of this many (fetched meanwhile). */
#define SUCC_BATCH 16

/* ORs the @n sets at @slots of @reach into @mine. */
static void
merge_sets(guint64 *mine, const guint64 *reach, const guint32 *slots, guint n, guint64 words)
{
  for (guint k = 0; k < n; k++) {
    const guint64 *theirs = reach + slots[k] * words;
    for (guint64 w = 0; w < words; w++)
      mine[w] |= theirs[w];
  }
}

/* Numbers the sets in @slot, per component (G_MAXUINT32 for a
 * customer's), in the order of the units (the first of each component):
 * listing every unit's customers, as a report does, then reads them one
 * after another instead of all over memory. Returns how many. */
static guint64
number_sets(const VsAnalysis *a, guint32 *slot)
{
  guint64 k = 0;

  for (guint32 c = 0; c < a->n_comp; c++)
    slot[c] = G_MAXUINT32;
  for (gsize u = 0; u < a->n; u++)
    if (a->kind[u] != VS_KIND_CUSTOMER && slot[a->comp[u]] == G_MAXUINT32)
      slot[a->comp[u]] = (guint32)k++;
  return k;
}

/* Whether @k sets of @words words fit REACH_MAX_WORDS (reach_max_words)
 * and building them REACH_MAX_WORK. Each handoff merges at most one set:
 * the merges are counted only when that bound is not enough. */
static gboolean
sets_fit(const VsAnalysis *a, const guint32 *slot, guint64 k, guint64 words)
{
  const guint32 *to = a->to;
  guint64 merges = 0;

  if ((guint64)a->m * words > REACH_MAX_WORK)
    for (gsize e = 0; e < a->m; e++) {
      guint32 d = a->comp[to[e]];
      merges += a->comp[a->from[e]] != d && slot[d] != G_MAXUINT32;
    }
  return !(k * words > reach_max_words || merges * words > REACH_MAX_WORK);
}

/* Which customers each component other than a customer's reaches, one bit
 * per customer in id order. Walking components in reverse topological
 * order, each one's set is the union of its successors' (a customer adds
 * its own bit); a successor component is merged once however many
 * handoffs lead to it. A star of a million customers costs one set of a
 * million bits; when sets for every component would be too many (see
 * REACH_MAX_WORDS) a->reach stays NULL and queries search. */
static VsReachSets *
build_sets(const VsAnalysis *a)
{
  const guint32 *nbr = a->topo->out_nbr;
  guint64 words = ((guint64)a->n_customers + 63) / 64, k;
  g_autofree guint32 *slot = g_new(guint32, (gsize)a->n_comp + 1);
  g_autofree guint32 *stamp = NULL;
  guint64 *reach;
  guint32 succ[SUCC_BATCH];
  VsReachSets *sets;

  k = number_sets(a, slot);
  if (!sets_fit(a, slot, k, words))
    return NULL;
  reach = g_new0(guint64, k * words + 1);
  stamp = g_new(guint32, (gsize)a->n_comp + 1);
  for (guint32 c = 0; c < a->n_comp; c++)
    stamp[c] = G_MAXUINT32;
  for (guint32 c = a->n_comp; c-- > 0;) {
    guint64 *mine;
    guint n_succ = 0;
    prefetch_rows_ahead(a, nbr, c);
    if (slot[c] == G_MAXUINT32)
      continue;
    mine = reach + slot[c] * words;
    if (c >= 2 && slot[c - 2] != G_MAXUINT32)
      __builtin_prefetch(reach + slot[c - 2] * words, 1); /* the set after next */
    /* the successors' sets first, each fetched as it is found (they lie
     * anywhere in the array: merged one by one, every one would miss) */
    for (guint32 i = a->comp_off[c]; i < a->comp_off[c + 1]; i++) {
      guint32 u = a->comp_units[i];
      for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
        guint32 v = nbr[j], d = a->comp[v];
        if (d == c || stamp[d] == c)
          continue;
        stamp[d] = c;
        if (slot[d] == G_MAXUINT32) {
          guint32 r = a->customer_rank[v];
          mine[r / 64] |= G_GUINT64_CONSTANT(1) << (r % 64);
        } else {
          __builtin_prefetch(reach + slot[d] * words);
          succ[n_succ++ % SUCC_BATCH] = slot[d];
          if (n_succ % SUCC_BATCH == 0)
            merge_sets(mine, reach, succ, SUCC_BATCH, words);
        }
      }
    }
    merge_sets(mine, reach, succ, n_succ % SUCC_BATCH, words);
  }
  sets = g_atomic_rc_box_new0(VsReachSets);
  sets->words = (guint)words;
  sets->n_words = k * words;
  sets->slot = g_steal_pointer(&slot);
  sets->reach = reach;
  return sets;
}

static void
sets_clear(gpointer data)
{
  VsReachSets *sets = data;

  g_free(sets->slot);
  g_free(sets->reach);
}

void
vs_i_reach_sets_unref(VsReachSets *sets)
{
  if (sets != NULL)
    g_atomic_rc_box_release_full(sets, sets_clear);
}

static void
sets_unref(gpointer data)
{
  vs_i_reach_sets_unref(data);
}

/* The customer sets depend on the shape alone (components, rows, which
 * units are customers, their ids): every analysis of one topology, such
 * as the two snapshots of a diff and the analysis beside them, shares
 * the sets the first one built, unless they exceed this one's limit (a
 * test lowers it). The lock makes a second analysis wait for the sets
 * under way rather than build its own. */
static void
compute_reach(VsAnalysis *a)
{
  VsTopology *t = a->topo;
  VsReachSets *sets;

  g_mutex_lock(&t->shared_lock);
  VS_TSAN_ACQUIRE(&t->shared_lock);
  sets = t->shared;
  if (sets != NULL && sets->n_words <= reach_max_words) {
    sets = g_atomic_rc_box_acquire(sets);
  } else if ((sets = build_sets(a)) != NULL && t->shared == NULL) {
    t->shared = g_atomic_rc_box_acquire(sets);
    t->shared_free = sets_unref;
  }
  VS_TSAN_RELEASE(&t->shared_lock);
  g_mutex_unlock(&t->shared_lock);
  if (sets == NULL)
    return;
  a->reach_sets = sets;
  a->reach_words = sets->words;
  a->reach_slot = sets->slot;
  a->reach = sets->reach;
}

/* The customers @unit reaches, by a search over what it reaches (when
 * there are no bitsets): their ranks in id order, sorted. */
static void
search_customers(const VsAnalysis *a, guint32 unit, GArray *ranks)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
  g_autoptr(GArray) queue = new_list();

  g_hash_table_add(seen, GUINT_TO_POINTER(unit + 1));
  g_array_append_val(queue, unit);
  for (guint i = 0; i < queue->len; i++) {
    guint32 u = g_array_index(queue, guint32, i);
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
      guint32 v = a->to[a->out_e[j]];
      if (!g_hash_table_add(seen, GUINT_TO_POINTER(v + 1)))
        continue;
      if (a->customer_rank[v] != G_MAXUINT32)
        g_array_append_val(ranks, a->customer_rank[v]);
      else
        g_array_append_val(queue, v);
    }
  }
  g_array_sort(ranks, vs_i_analysis_cmp_u32);
}

/* The customers @unit reaches, from its component's bit array: counted
 * first, then filled in place (a unit may reach thousands of customers,
 * and the JSON report asks this of every unit). */
static guint32 *
expand_reach(const VsAnalysis *a, guint32 unit, gsize *n)
{
  const guint64 *bits = a->reach + (gsize)a->reach_slot[a->comp[unit]] * a->reach_words;
  gsize count = vs_i_bits_count(bits, a->reach_words);
  guint32 *out;

  if (count == 0)
    return NULL;
  out = g_new(guint32, count + VS_I_BITS_SLACK);
  /* Every customer (a third of the units in a large org): the list is
   * all of them, copied, not expanded bit by bit. */
  if (count == a->n_customers)
    memcpy(out, a->customers_by_id, count * sizeof *out);
  else
    count = vs_i_bits_expand(bits, a->reach_words, a->customers_by_id, out);
  if (n != NULL)
    *n = count;
  return out;
}

void
vs_i_analysis_reach(const VsAnalysis *a)
{
  vs_i_analysis_make_once(a, &((VsAnalysis *)a)->reach_once, compute_reach);
}

guint32 *
vs_analysis_dup_unit_customers(const VsAnalysis *a, gsize unit, gsize *n)
{
  GArray *list;

  CHECK_UNIT(a, unit, n);
  vs_i_analysis_reach(a);
  if (a->kind[unit] == VS_KIND_CUSTOMER)
    return steal_list(new_list(), n);
  if (a->reach != NULL)
    return expand_reach(a, (guint32)unit, n);
  list = new_list();
  search_customers(a, (guint32)unit, list);
  for (guint i = 0; i < list->len; i++)
    g_array_index(list, guint32, i) = a->customers_by_id[g_array_index(list, guint32, i)];
  return steal_list(list, n);
}

/* ---- a shortest path between two units ------------------------------------------ */

guint32 *
vs_analysis_dup_path_to(const VsAnalysis *a, gsize unit, gsize target, gsize *n)
{
  const guint32 *to;
  g_autofree gint32 *parent = NULL;
  g_autoptr(GArray) queue = NULL;
  GArray *path;

  CHECK_UNIT(a, unit, n);
  g_return_val_if_fail(target < a->n, NULL);
  to = a->to;
  parent = g_new(gint32, a->n);
  for (gsize u = 0; u < a->n; u++)
    parent[u] = -1;
  queue = new_list();
  guint32 start = (guint32)unit;
  parent[unit] = (gint32)unit;
  g_array_append_val(queue, start);
  for (guint i = 0; i < queue->len && parent[target] < 0; i++) {
    guint32 u = g_array_index(queue, guint32, i);
    for (guint32 j = a->out_off[u]; j < a->out_off[u + 1]; j++) {
      guint32 v = to[a->out_e[j]];
      if (parent[v] < 0) {
        parent[v] = (gint32)u;
        g_array_append_val(queue, v);
      }
    }
  }
  path = new_list();
  if (parent[target] >= 0) {
    for (guint32 v = (guint32)target; v != unit; v = (guint32)parent[v])
      g_array_append_val(path, v);
    g_array_append_val(path, start);
    for (guint i = 0, j = path->len - 1; i < j; i++, j--) {
      guint32 t = g_array_index(path, guint32, i);
      g_array_index(path, guint32, i) = g_array_index(path, guint32, j);
      g_array_index(path, guint32, j) = t;
    }
  }
  return steal_list(path, n);
}
