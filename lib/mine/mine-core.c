/* valuestream - the miner: events -> cases -> pairs (see mine.h, lib/MODEL.md).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Readers hand over events one at a time. Each event's case and team are
 * interned to dense indices as it arrives. A log grouped by case (every
 * XES log, and most exports) keeps only the open case: when the case id
 * changes, the case is closed and its transfers are added to per-pair
 * aggregates. When a closed case comes back, the log is not grouped; the
 * miner asks to be run again in grouping mode, where each event is kept as
 * (case, team, time), 16 bytes, and cases are processed after a counting
 * sort. Both modes process cases in order of first appearance, so they
 * give identical results. */
#include <stdlib.h>
#include <string.h>

#include "mine-miner.h"

#define USEC_PER_DAY 86400e6

#define VEC_PUSH(vec, x)                                                                           \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if ((vec).n == (vec).cap)                                                                      \
      (vec).v = vec_grow((vec).v, &(vec).cap, sizeof *(vec).v);                                    \
    (vec).v[(vec).n++] = (x);                                                                      \
  }                                                                                                \
  G_STMT_END

static gpointer
vec_grow(gpointer v, gsize *cap, gsize size)
{
  *cap = MAX(*cap * 2, 16);
  return g_realloc_n(v, *cap, size);
}

/* ---- setting up ------------------------------------------------------------ */

static void
cache_init(LookupCache *c)
{
  c->len = G_MAXSIZE;
}

static gboolean
cache_hit(const LookupCache *c, const char *s, gsize len)
{
  return c->len == len && vs_i_bytes_equal(c->text, s, len);
}

static void
cache_set(LookupCache *c, const char *s, gsize len, guint32 value)
{
  c->len = G_MAXSIZE;
  if (len > CACHE_TEXT)
    return;
  memcpy(c->text, s, len);
  c->len = len;
  c->value = value;
}

void
vs_i_miner_free(VsMiner *m)
{
  if (m == NULL)
    return;
  g_free(m->name);
  vs_i_intern_clear(&m->units);
  g_array_unref(m->u_kind);
  g_array_unref(m->u_revenue);
  g_array_unref(m->u_starts);
  vs_i_intern_clear(&m->people);
  g_ptr_array_unref(m->map_teams);
  g_array_unref(m->person_unit);
  g_array_unref(m->person_events);
  g_string_free(m->open_id, TRUE);
  vs_i_fingerprints_clear(&m->closed);
  vs_i_intern_clear(&m->cases);
  g_array_unref(m->c_fields);
  g_free(m->e_case.v);
  g_free(m->e_team.v);
  g_free(m->e_time.v);
  g_free(m->pair_slots);
  g_array_unref(m->p_from);
  g_array_unref(m->p_to);
  g_array_unref(m->p_volume);
  g_array_unref(m->p_weight);
  g_array_unref(m->p_cases);
  g_array_unref(m->p_returns);
  g_array_unref(m->p_judged);
  g_array_unref(m->p_stamp);
  g_free(m->l_pair.v);
  g_free(m->l_days.v);
  g_array_unref(m->s_sort);
  g_array_unref(m->s_next);
  g_array_unref(m->s_once);
  g_array_unref(m->s_forward);
  g_free(m);
}

VsMiner *
vs_i_miner_new(const VsMineOptions *o, const char *name, gboolean grouping, GError **error)
{
  g_autoptr(VsMiner) m = g_new0(VsMiner, 1);

  m->o = *o;
  m->name = g_strdup(name);
  m->grouping = grouping;
  vs_i_intern_init(&m->units);
  m->u_kind = NEW_ARRAY(guint8);
  m->u_revenue = NEW_ARRAY(double);
  m->u_starts = NEW_ARRAY(guint64);
  cache_init(&m->group_cache);
  cache_init(&m->resource_cache);
  cache_init(&m->customer_cache);
  cache_init(&m->revenue_cache);
  vs_i_intern_init(&m->people);
  m->map_teams = g_ptr_array_new_with_free_func(g_free);
  m->person_unit = NEW_ARRAY(guint32);
  m->person_events = NEW_ARRAY(guint64);
  m->open_case = NONE;
  m->open_id = g_string_new(NULL);
  vs_i_intern_init(&m->cases);
  m->c_fields = NEW_ARRAY(CaseFields);
  m->p_from = NEW_ARRAY(guint32);
  m->p_to = NEW_ARRAY(guint32);
  m->p_volume = NEW_ARRAY(guint64);
  m->p_weight = NEW_ARRAY(double);
  m->p_cases = NEW_ARRAY(guint64);
  m->p_returns = NEW_ARRAY(guint64);
  m->p_judged = NEW_ARRAY(guint64);
  m->p_stamp = NEW_ARRAY(guint32);
  m->s_sort = NEW_ARRAY(SortItem);
  m->s_next = NEW_ARRAY(guint32);
  m->s_once = NEW_ARRAY(guint64);
  m->s_forward = NEW_ARRAY(guint64);
  m->counts[VS_MINE_SORTED_BY_CASE] = !grouping;

  if (o->people_map != NULL) {
    m->have_map = TRUE;
    if (!vs_i_read_people_map(o->people_map, &m->people, m->map_teams, error))
      return NULL;
    for (guint i = 0; i < m->map_teams->len; i++) {
      guint32 v = g_ptr_array_index(m->map_teams, i) ? PERSON_UNRESOLVED : PERSON_NO_TEAM;
      guint64 zero = 0;
      g_array_append_val(m->person_unit, v);
      g_array_append_val(m->person_events, zero);
    }
  }
  return g_steal_pointer(&m);
}

const char *
vs_i_miner_get_name(const VsMiner *m)
{
  return m->name;
}

const VsMineOptions *
vs_i_miner_get_options(const VsMiner *m)
{
  return &m->o;
}

/* ---- cases ------------------------------------------------------------------- */

/* Case @c's fields: the open case's when streaming. */
static CaseFields *
fields_of(VsMiner *m, guint32 c)
{
  return m->grouping ? &g_array_index(m->c_fields, CaseFields, c) : &m->open_fields;
}

static const char *
case_id_of(const VsMiner *m, guint32 c)
{
  return m->grouping ? vs_i_intern_get(&m->cases, c) : m->open_id->str;
}

/* ---- errors ------------------------------------------------------------------ */

/* `NAME:LINE: field "COLUMN": VALUE reason`. */
G_GNUC_PRINTF(7, 8)
static void
field_error(const VsMiner *m, const VsLogEvent *ev, const char *column, const char *value,
            gsize len, GError **error, const char *fmt, ...)
{
  g_autofree char *reason = NULL, *shown = NULL;
  va_list ap;

  va_start(ap, fmt);
  reason = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  shown = vs_i_show_value(value, len);
  g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s:%u: field \"%s\": %s %s", m->name, ev->line,
              column, shown, reason);
}

/* ---- units ------------------------------------------------------------------- */

/* The unit named @s as a @kind (team or customer); a name used as both is
 * an error, since a unit cannot be both. */
static gboolean
unit_of(VsMiner *m, const char *s, gsize len, VsKind kind, const VsLogEvent *ev, guint32 *unit,
        GError **error)
{
  gboolean added;
  guint32 u = vs_i_intern_add(&m->units, s, len, vs_i_intern_hash(s, len), &added);

  if (added) {
    guint8 k = (guint8)kind;
    double none = NAN;
    guint64 zero = 0;
    g_array_append_val(m->u_kind, k);
    g_array_append_val(m->u_revenue, none);
    g_array_append_val(m->u_starts, zero);
    m->counts[kind == VS_KIND_CUSTOMER ? VS_MINE_CUSTOMERS : VS_MINE_TEAMS]++;
  } else if (g_array_index(m->u_kind, guint8, u) != kind) {
    g_autofree char *shown = vs_i_show_value(s, len);
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "%s:%u: %s is both a team and a customer of the log (rename one of them)", m->name,
                ev->line, shown);
    return FALSE;
  }
  *unit = u;
  return TRUE;
}

/* A unit through a one-entry cache. */
static gboolean
cached_unit(VsMiner *m, LookupCache *c, const char *s, gsize len, VsKind kind, const VsLogEvent *ev,
            guint32 *unit, GError **error)
{
  if (cache_hit(c, s, len)) {
    *unit = c->value;
    return TRUE;
  }
  if (!unit_of(m, s, len, kind, ev, unit, error))
    return FALSE;
  cache_set(c, s, len, *unit);
  return TRUE;
}

/* The team of a person through the people map; NONE when there is none. */
static gboolean
person_team(VsMiner *m, const VsLogEvent *ev, guint32 *team, GError **error)
{
  gboolean added;
  guint32 p = vs_i_intern_add(&m->people, ev->resource, ev->resource_len,
                              vs_i_intern_hash(ev->resource, ev->resource_len), &added);
  guint32 *slot;

  if (added) {
    guint32 v = PERSON_UNMAPPED;
    guint64 zero = 0;
    g_array_append_val(m->person_unit, v);
    g_array_append_val(m->person_events, zero);
  }
  slot = &g_array_index(m->person_unit, guint32, p);
  if (*slot == PERSON_UNRESOLVED) {
    const char *name = g_ptr_array_index(m->map_teams, p);
    if (!unit_of(m, name, strlen(name), VS_KIND_TEAM, ev, slot, error))
      return FALSE;
  }
  *team = *slot;
  if (*slot == PERSON_UNMAPPED) {
    g_array_index(m->person_events, guint64, p)++;
    m->counts[VS_MINE_EVENTS_UNMAPPED]++;
  }
  if (*slot >= PERSON_UNRESOLVED)
    *team = NONE;
  return TRUE;
}

/* The event's team (lib/MODEL.md): its group when it has one; else, with a
 * people map, its person's team; else, when the log has no group for it,
 * its person. NONE when none of these applies: the event is skipped. */
static gboolean
event_team(VsMiner *m, const VsLogEvent *ev, guint32 *team, GError **error)
{
  *team = NONE;
  if (ev->group_len > 0)
    return cached_unit(m, &m->group_cache, ev->group, ev->group_len, VS_KIND_TEAM, ev, team, error);
  if (ev->resource_len == 0)
    return TRUE;
  if (m->have_map) {
    if (cache_hit(&m->resource_cache, ev->resource, ev->resource_len) &&
        m->resource_cache.value != NONE) {
      *team = m->resource_cache.value;
      return TRUE;
    }
    if (!person_team(m, ev, team, error))
      return FALSE;
    cache_set(&m->resource_cache, ev->resource, ev->resource_len, *team);
    return TRUE;
  }
  if (!ev->has_group)
    return cached_unit(m, &m->resource_cache, ev->resource, ev->resource_len, VS_KIND_TEAM, ev,
                       team, error);
  return TRUE;
}

/* ---- pairs ----------------------------------------------------------------- */

static guint32
pair_hash(guint32 a, guint32 b)
{
  guint64 h = ((guint64)a << 32 | b) * 0x9E3779B97F4A7C15ull;
  return (guint32)(h >> 32);
}

static void
pair_slot_put(PairSlot *slots, gsize mask, guint32 hash, PairSlot slot)
{
  gsize i = hash & mask;
  while (slots[i].index != 0)
    i = (i + 1) & mask;
  slots[i] = slot;
}

static void
pairs_grow(VsMiner *m)
{
  gsize size = m->pair_slots != NULL ? m->pair_mask + 1 : 0, bigger = MAX(size * 2, 64);
  PairSlot *slots = g_new0(PairSlot, bigger);

  for (guint32 p = 0; p < m->p_from->len; p++) {
    guint32 a = g_array_index(m->p_from, guint32, p), b = g_array_index(m->p_to, guint32, p);
    pair_slot_put(slots, bigger - 1, pair_hash(a, b), (PairSlot){a, b, p + 1, 0});
  }
  g_free(m->pair_slots);
  m->pair_slots = slots;
  m->pair_mask = bigger - 1;
}

/* The index of pair (a, b), or NONE. */
static guint32
pair_find(const VsMiner *m, guint32 a, guint32 b, guint32 hash)
{
  for (gsize i = hash & m->pair_mask; m->pair_slots != NULL; i = (i + 1) & m->pair_mask) {
    const PairSlot *slot = &m->pair_slots[i];
    if (slot->index == 0)
      break;
    if (slot->from == a && slot->to == b)
      return slot->index - 1;
  }
  return NONE;
}

/* Starts fetching the slot where pair (a, b) would be. */
static inline void
pair_prefetch(const VsMiner *m, guint32 a, guint32 b)
{
#if defined(__GNUC__)
  if (m->pair_slots != NULL)
    __builtin_prefetch(&m->pair_slots[pair_hash(a, b) & m->pair_mask]);
#endif
}

/* The index of pair (a, b), created (with zero figures) when new. */
static guint32
pair_of(VsMiner *m, guint32 a, guint32 b)
{
  guint32 h = pair_hash(a, b), p = pair_find(m, a, b, h), zero32 = 0;
  guint64 zero = 0;
  double none = 0.0;

  if (p != NONE)
    return p;
  p = m->p_from->len;
  g_array_append_val(m->p_from, a);
  g_array_append_val(m->p_to, b);
  g_array_append_val(m->p_volume, zero);
  g_array_append_val(m->p_weight, none);
  g_array_append_val(m->p_cases, zero);
  g_array_append_val(m->p_returns, zero);
  g_array_append_val(m->p_judged, zero);
  g_array_append_val(m->p_stamp, zero32);
  if (m->pair_slots == NULL || 2 * ((gsize)p + 1) > m->pair_mask + 1)
    pairs_grow(m);
  else
    pair_slot_put(m->pair_slots, m->pair_mask, h, (PairSlot){a, b, p + 1, 0});
  return p;
}

/* Starts fetching the figures of pair @p that a transfer updates. */
static inline void
pair_prefetch_figures(const VsMiner *m, guint32 p)
{
#if defined(__GNUC__)
  __builtin_prefetch(&g_array_index(m->p_volume, guint64, p), 1);
  __builtin_prefetch(&g_array_index(m->p_stamp, guint32, p), 1);
  __builtin_prefetch(&g_array_index(m->p_cases, guint64, p), 1);
  __builtin_prefetch(&g_array_index(m->p_judged, guint64, p), 1);
#endif
}

/* One direct transfer of case @stamp - 1 along pair @p. */
static void
pair_transfer(VsMiner *m, guint32 p, guint32 stamp, double lead_days)
{
  g_array_index(m->p_volume, guint64, p)++;
  if (g_array_index(m->p_stamp, guint32, p) != stamp) {
    g_array_index(m->p_stamp, guint32, p) = stamp;
    g_array_index(m->p_cases, guint64, p)++;
  }
  if (!isnan(lead_days)) {
    VEC_PUSH(m->l_pair, p);
    VEC_PUSH(m->l_days, lead_days);
  }
}

/* ---- one case ----------------------------------------------------------------- */

static int
compare_u64(const void *a, const void *b)
{
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
  return x < y ? -1 : x > y;
}

static int
compare_items(const void *a, const void *b)
{
  const SortItem *x = a, *y = b;
  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts the case's events by time, file order breaking ties (a stable
 * sort), in place. Events within a case nearly always come in time order
 * already, so that is checked first. */
static void
sort_case(VsMiner *m, guint32 *team, gint64 *time, gsize n)
{
  SortItem *it;
  gsize i;

  for (i = 1; i < n && time[i - 1] <= time[i]; i++)
    ;
  if (i >= n)
    return;
  g_array_set_size(m->s_sort, n);
  it = (SortItem *)(void *)m->s_sort->data;
  for (i = 0; i < n; i++)
    it[i] = (SortItem){time[i], (guint32)i, team[i]};
  qsort(it, n, sizeof *it, compare_items);
  for (i = 0; i < n; i++) {
    team[i] = it[i].team;
    time[i] = it[i].time;
  }
}

/* ---- forward directions of one case ---------------------------------------------
 *
 * A transfer a -> b is a return when the case went b -> a forward earlier
 * (lib/MODEL.md); otherwise a -> b is a forward direction of the case. The
 * case's forward directions are kept in a small open-addressing set of
 * (from << 32 | to) keys: it stays in the cache, where looking the reverse
 * pair up in the miner's pair table missed it every time. */

#define NO_DIRECTION G_MAXUINT64 /* units are < G_MAXUINT32: never a key */

static guint64 *
directions_reset(VsMiner *m, gsize transfers, gsize *mask)
{
  gsize size = 16;
  guint64 *set;

  while (size < 2 * transfers)
    size *= 2;
  g_array_set_size(m->s_forward, (guint)size);
  set = (guint64 *)(void *)m->s_forward->data;
  memset(set, 0xFF, size * sizeof *set);
  *mask = size - 1;
  return set;
}

/* Whether @key is in @set; if not and @add, adds it. */
static gboolean
directions_has(guint64 *set, gsize mask, guint64 key, gboolean add)
{
  gsize i = (gsize)((key * 0x9E3779B97F4A7C15ull) >> 40) & mask;

  for (; set[i] != NO_DIRECTION; i = (i + 1) & mask)
    if (set[i] == key)
      return TRUE;
  if (add)
    set[i] = key;
  return FALSE;
}

/* Whether transfer a -> b goes back the way the case first went between
 * the two (b -> a came first, forward): a return, which the quality proxy
 * does not judge. Otherwise a -> b is forward, and noted as such. */
static gboolean
is_return(guint64 *set, gsize mask, guint32 a, guint32 b)
{
  if (directions_has(set, mask, (guint64)b << 32 | a, FALSE))
    return TRUE;
  directions_has(set, mask, (guint64)a << 32 | b, TRUE);
  return FALSE;
}

/* Direct transfers of one case sorted by time: every change of team is a
 * transfer, with its lead time; a forward transfer that the receiver's
 * next transfer sends straight back to the provider is returned. With the
 * self_handovers option, every two events in a row of one team are a
 * self-handover. Returns TRUE when the case has a transfer between two
 * different teams. */
static gboolean
add_transfers(VsMiner *m, guint32 stamp, const guint32 *t, const gint64 *time, gsize n)
{
  guint32 *next, *pair;
  guint64 *forward;
  gsize mask;
  gboolean any = FALSE;

  /* next[i]: the first event after i whose team differs from t[i], or n;
   * pair[i]: the pair of transfer i -> i + 1, or NONE */
  g_array_set_size(m->s_next, 2 * n);
  next = (guint32 *)(void *)m->s_next->data;
  pair = next + n;
  for (gsize i = n; i-- > 0;)
    next[i] = i + 1 < n && t[i + 1] == t[i] ? next[i + 1] : (guint32)(i + 1);

  /* With 100k teams each pair lives in a different cache line: look the
   * case's pairs up in passes, each fetching everything the next pass
   * reads at once, so that the misses overlap instead of queueing. */
  for (gsize i = 0; i + 1 < n; i++)
    pair_prefetch(m, t[i], t[i + 1]);
  for (gsize i = 0; i + 1 < n; i++) {
    pair[i] = t[i] != t[i + 1] || m->o.self_handovers ? pair_of(m, t[i], t[i + 1]) : NONE;
    if (pair[i] != NONE)
      pair_prefetch_figures(m, pair[i]);
  }
  forward = directions_reset(m, n, &mask);

  for (gsize i = 0; i + 1 < n; i++) {
    double lead = (double)(time[i + 1] - time[i]) / USEC_PER_DAY;
    guint32 p = pair[i];
    gsize back;

    if (p == NONE)
      continue;
    pair_transfer(m, p, stamp, lead);
    if (t[i] == t[i + 1])
      continue; /* a self-handover */
    m->counts[VS_MINE_TRANSFERS]++;
    any = TRUE;
    if (is_return(forward, mask, t[i], t[i + 1]))
      continue;
    g_array_index(m->p_judged, guint64, p)++;
    back = next[i + 1]; /* where the receiver hands the case on */
    if (back < n && t[back] == t[i])
      g_array_index(m->p_returns, guint64, p)++;
  }
  return any;
}

/* ProM's handover-of-work numerator for one case (lib/MODEL.md): event i
 * hands over to event i + k, k = 1..depth, with weight beta^(k-1); once
 * per case and distance when multiple transfers are not counted. */
static void
add_weights(VsMiner *m, const guint32 *t, gsize n)
{
  gsize depth = m->o.depth == 0 ? n - 1 : MIN((gsize)m->o.depth, n - 1);
  double *weight = (double *)(void *)m->p_weight->data;

  g_array_set_size(m->s_once, 0);
  for (gsize k = 1; k <= depth; k++) {
    double w = pow(m->o.beta, (double)(k - 1));
    if (w == 0.0)
      break;
    for (gsize i = 0; i + k < n; i++) {
      guint32 p;
      if (t[i] == t[i + k] && !m->o.self_handovers)
        continue;
      p = pair_of(m, t[i], t[i + k]);
      weight = (double *)(void *)m->p_weight->data; /* pair_of may grow it */
      if (m->o.once_per_case) {
        guint64 key = (guint64)p << 32 | k;
        g_array_append_val(m->s_once, key);
      } else {
        weight[p] += w;
      }
    }
  }
  if (m->o.once_per_case && m->s_once->len > 0) {
    guint64 *keys = (guint64 *)(void *)m->s_once->data;
    qsort(keys, m->s_once->len, sizeof *keys, compare_u64);
    for (guint i = 0; i < m->s_once->len; i++)
      if (i == 0 || keys[i] != keys[i - 1])
        weight[keys[i] >> 32] += pow(m->o.beta, (double)((keys[i] & G_MAXUINT32) - 1));
  }
}

/* Adds case @c's revenue to its customer (lib/MODEL.md). */
static gboolean
apply_revenue(VsMiner *m, guint32 c, GError **error)
{
  guint32 customer = fields_of(m, c)->customer;
  double r = fields_of(m, c)->revenue, *have;

  if (customer == NONE || isnan(r))
    return TRUE;
  have = &g_array_index(m->u_revenue, double, customer);
  if (m->o.revenue == VS_MINE_REVENUE_SUM) {
    *have = isnan(*have) ? r : *have + r;
  } else if (isnan(*have)) {
    *have = r;
  } else if (*have != r) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "%s: customer \"%s\": case \"%s\" gives revenue %g, an earlier case %g (with "
                "revenue mode \"given\" every case of a customer gives the same revenue)",
                m->name, vs_i_intern_get(&m->units, customer), case_id_of(m, c), r, *have);
    return FALSE;
  }
  return TRUE;
}

/* Everything case @c contributes; @t and @time are its events in file
 * order (sorted here). */
static gboolean
process_case(VsMiner *m, guint32 c, guint32 *t, gint64 *time, gsize n, GError **error)
{
  guint32 customer = fields_of(m, c)->customer, stamp = c + 1;

  if (!apply_revenue(m, c, error))
    return FALSE;
  if (n == 0)
    return TRUE;
  sort_case(m, t, time, n);
  g_array_index(m->u_starts, guint64, t[0])++;
  if (add_transfers(m, stamp, t, time, n))
    m->counts[VS_MINE_CASES_WITH_HANDOFFS]++;
  if (!default_weights(m))
    add_weights(m, t, n);
  if (customer != NONE) {
    guint32 p = pair_of(m, t[n - 1], customer);
    pair_transfer(m, p, stamp, NAN);
    g_array_index(m->p_weight, double, p) += 1.0;
    m->counts[VS_MINE_CUSTOMER_TRANSFERS]++;
  }
  return TRUE;
}

/* Streaming: the open case is complete. */
static gboolean
close_open_case(VsMiner *m, GError **error)
{
  gboolean ok = process_case(m, m->open_case, m->e_team.v, m->e_time.v, m->e_team.n, error);
  m->e_team.n = m->e_time.n = 0;
  return ok;
}

/* Grouping: a counting sort of the kept events by case (stable, so file
 * order survives), then each case in order of first appearance. */
static gboolean
process_grouped(VsMiner *m, GError **error)
{
  guint32 n_cases = m->n_cases, n = (guint32)m->e_team.n;
  const guint32 *ecase = m->e_case.v, *eteam = m->e_team.v;
  const gint64 *etime = m->e_time.v;
  g_autofree guint32 *start = g_new0(guint32, (gsize)n_cases + 1);
  g_autofree guint32 *order = g_new(guint32, MAX(n, 1));
  g_autoptr(GArray) team = NEW_ARRAY(guint32);
  g_autoptr(GArray) time = NEW_ARRAY(gint64);

  for (guint32 i = 0; i < n; i++)
    start[ecase[i] + 1]++;
  for (guint32 c = 0; c < n_cases; c++)
    start[c + 1] += start[c];
  for (guint32 i = 0; i < n; i++)
    order[start[ecase[i]]++] = i;
  /* start[c] is now the end of case c, so case c is [start[c-1], start[c]) */
  for (guint32 c = 0, from = 0; c < n_cases; from = start[c++]) {
    gsize k = start[c] - from;
    g_array_set_size(team, k);
    g_array_set_size(time, k);
    for (gsize j = 0; j < k; j++) {
      g_array_index(team, guint32, j) = eteam[order[from + j]];
      g_array_index(time, gint64, j) = etime[order[from + j]];
    }
    if (!process_case(m, c, (guint32 *)(void *)team->data, (gint64 *)(void *)time->data, k, error))
      return FALSE;
  }
  return TRUE;
}

/* ---- events --------------------------------------------------------------------- */

/* Grouping: the index of the event's case, added when new. */
static guint32
grouped_case(VsMiner *m, const VsLogEvent *ev, guint32 hash)
{
  gboolean added;
  guint32 c = vs_i_intern_add(&m->cases, ev->case_id, ev->case_len, hash, &added);
  if (added) {
    CaseFields none = {NONE, NAN};
    g_array_append_val(m->c_fields, none);
    m->n_cases++;
  }
  return c;
}

/* Streaming: a new case closes the open one; a case seen before means the
 * log is not grouped by case, and the miner asks for a grouping pass. */
static VsMinerStatus
streamed_case(VsMiner *m, const VsLogEvent *ev, guint32 *c, GError **error)
{
  if (m->open_case != NONE && m->open_id->len == ev->case_len &&
      vs_i_bytes_equal(m->open_id->str, ev->case_id, ev->case_len)) {
    *c = m->open_case;
    return VS_MINER_OK;
  }
  if (!vs_i_fingerprints_add(&m->closed, vs_i_hash64(ev->case_id, ev->case_len)))
    return VS_MINER_RESTART;
  if (m->open_case != NONE && !close_open_case(m, error))
    return VS_MINER_ERROR;
  g_string_truncate(m->open_id, 0);
  g_string_append_len(m->open_id, ev->case_id, (gssize)ev->case_len);
  m->open_fields = (CaseFields){NONE, NAN};
  m->open_case = *c = m->n_cases++;
  return VS_MINER_OK;
}

/* The event's case; @hash is its id's (grouping only). */
static VsMinerStatus
enter_case(VsMiner *m, const VsLogEvent *ev, guint32 hash, guint32 *c, GError **error)
{
  if (ev->case_len == 0) {
    field_error(m, ev, m->o.case_column, "", 0, error, "is empty (every event needs a case id)");
    return VS_MINER_ERROR;
  }
  if (!m->grouping)
    return streamed_case(m, ev, c, error);
  if (m->open_case == NONE ||
      !vs_i_intern_equal(&m->cases, m->open_case, ev->case_id, ev->case_len))
    m->open_case = grouped_case(m, ev, hash);
  *c = m->open_case;
  return VS_MINER_OK;
}

/* A non-negative decimal number (the revenue column). */
static gboolean
parse_revenue(const VsMiner *m, const VsLogEvent *ev, double *value, GError **error)
{
  char buf[65];
  const char *why = NULL;

  if (vs_i_parse_simple_decimal(ev->revenue, ev->revenue_len, value) && *value >= 0)
    return TRUE;
  if (ev->revenue_len >= sizeof buf) {
    field_error(m, ev, m->o.revenue_column, ev->revenue, ev->revenue_len, error, "is not a number");
    return FALSE;
  }
  memcpy(buf, ev->revenue, ev->revenue_len);
  buf[ev->revenue_len] = '\0';
  if (!vs_i_parse_double(buf, value, &why) || *value < 0) {
    field_error(m, ev, m->o.revenue_column, ev->revenue, ev->revenue_len, error, "%s",
                why != NULL ? why : "is negative");
    return FALSE;
  }
  return TRUE;
}

/* The case-level fields: a case names one customer and one revenue. */
static gboolean
case_fields(VsMiner *m, const VsLogEvent *ev, guint32 c, GError **error)
{
  if (ev->customer_len > 0) {
    guint32 customer, *have = &fields_of(m, c)->customer;
    if (!cached_unit(m, &m->customer_cache, ev->customer, ev->customer_len, VS_KIND_CUSTOMER, ev,
                     &customer, error))
      return FALSE;
    if (*have == NONE) {
      *have = customer;
    } else if (*have != customer) {
      field_error(m, ev, m->o.customer_column, ev->customer, ev->customer_len, error,
                  "is a second customer for case \"%s\", which already has \"%s\"",
                  case_id_of(m, c), vs_i_intern_get(&m->units, *have));
      return FALSE;
    }
  }
  if (ev->revenue_len > 0) {
    double r, *have = &fields_of(m, c)->revenue;
    if (cache_hit(&m->revenue_cache, ev->revenue, ev->revenue_len)) {
      r = m->revenue_cache.number; /* rows of a case repeat it: parse once */
    } else {
      if (!parse_revenue(m, ev, &r, error))
        return FALSE;
      cache_set(&m->revenue_cache, ev->revenue, ev->revenue_len, 0);
      m->revenue_cache.number = r; /* read only on a hit, so set either way */
    }
    if (isnan(*have)) {
      *have = r;
    } else if (*have != r) {
      field_error(m, ev, m->o.revenue_column, ev->revenue, ev->revenue_len, error,
                  "differs from the revenue %g given earlier for case \"%s\"", *have,
                  case_id_of(m, c));
      return FALSE;
    }
  }
  return TRUE;
}

void
vs_i_miner_prefetch_team(const VsMiner *m, const char *group, gsize len)
{
  /* the cache of the last team rarely has it: a case moves from team to team */
  if (len > 0 && !cache_hit(&m->group_cache, group, len))
    vs_i_intern_prefetch(&m->units, vs_i_intern_hash(group, len));
}

VsMinerStatus
vs_i_miner_add_event(VsMiner *m, const VsLogEvent *ev, GError **error)
{
  VsMinerStatus status;
  guint32 c, team, hash = 0;
  gint64 time;

  m->counts[VS_MINE_EVENTS]++;
  /* Grouping looks the case up in a table far bigger than the caches:
   * start loading its slot now, and read the time and team meanwhile. */
  if (m->grouping) {
    hash = vs_i_intern_hash(ev->case_id, ev->case_len);
    vs_i_intern_prefetch(&m->cases, hash);
  }
  if (!vs_i_parse_timestamp(ev->time, ev->time_len, &time)) {
    field_error(m, ev, m->o.timestamp_column, ev->time, ev->time_len, error,
                ev->time_len == 0 ? "is empty (every event needs a timestamp)"
                                  : "is not an ISO 8601 timestamp "
                                    "(YYYY-MM-DDThh:mm:ss[.ffffff][Z|+hh:mm])");
    return VS_MINER_ERROR;
  }
  if (!event_team(m, ev, &team, error))
    return VS_MINER_ERROR;
  if ((status = enter_case(m, ev, hash, &c, error)) != VS_MINER_OK)
    return status;
  if (!case_fields(m, ev, c, error))
    return VS_MINER_ERROR;
  if (team == NONE) {
    m->counts[VS_MINE_EVENTS_SKIPPED]++;
    return VS_MINER_OK;
  }
  if (m->grouping) {
    if (m->e_team.n == G_MAXUINT32) {
      g_set_error(error, VS_ERROR, VS_ERROR_LIMIT,
                  "%s:%u: more than %u events in a log that is not grouped by case (group the "
                  "rows by case, or use examples/sql/handoffs.sql)",
                  m->name, ev->line, G_MAXUINT32 - 1);
      return VS_MINER_ERROR;
    }
    VEC_PUSH(m->e_case, c);
  }
  VEC_PUSH(m->e_team, team);
  VEC_PUSH(m->e_time, time);
  return VS_MINER_OK;
}

gboolean
vs_i_miner_close(VsMiner *m, GError **error)
{
  return m->grouping ? process_grouped(m, error)
                     : m->open_case == NONE || close_open_case(m, error);
}
