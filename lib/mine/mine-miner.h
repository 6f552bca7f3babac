/* valuestream - the miner's state, shared by mine-core.c (which fills it
 * event by event) and mine-result.c (which turns it into a result). Not
 * installed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_MINE_MINER_H
#define VALUESTREAM_MINE_MINER_H

#include "load-private.h"
#include "mine-private.h"

G_BEGIN_DECLS

#define NONE G_MAXUINT32

/* What a person of the people map resolves to, beside a unit index. */
enum {
  PERSON_UNRESOLVED = G_MAXUINT32 - 2, /* in the map; team not yet a unit */
  PERSON_NO_TEAM = G_MAXUINT32 - 1,    /* in the map with an empty team */
  PERSON_UNMAPPED = G_MAXUINT32,       /* not in the map */
};

/* The last string looked up for one role and what it resolved to: rows of
 * one case usually repeat the team, so most lookups end here. Longer
 * strings than the buffer are simply not cached. */
#define CACHE_TEXT 56
typedef struct {
  char text[CACHE_TEXT];
  gsize len; /* G_MAXSIZE = empty */
  guint32 value;
  double number;
} LookupCache;

/* A growable array of one type, appended to once per event or transfer
 * (mine-core.c's VEC_PUSH): cheaper than GArray's append, which goes
 * through memcpy. */
#define VEC(type)                                                                                  \
  struct {                                                                                         \
    type *v;                                                                                       \
    gsize n, cap;                                                                                  \
  }
/* What a case says about itself, wherever its rows say it. */
typedef struct {
  guint32 customer; /* unit, NONE */
  double revenue;   /* NAN = none */
} CaseFields;

typedef VEC(guint32) U32Vec;
typedef VEC(gint64) I64Vec;
typedef VEC(double) DoubleVec;

/* A slot of the pair table: the pair's teams are kept in the slot, so a
 * lookup reads one cache line, not the slot and then the pair's columns.
 * With 100k teams a log has half a million pairs: each probe misses. */
typedef struct {
  guint32 from, to;
  guint32 index; /* pair index + 1, 0 = empty */
  guint32 unused;
} PairSlot;

struct VsMiner {
  VsMineOptions o; /* strings borrowed from the caller for the run */
  char *name;
  gboolean grouping;

  /* units: teams and customers share one id space */
  VsIntern units;
  GArray *u_kind;    /* guint8 VsKind */
  GArray *u_revenue; /* double, NAN = none */
  GArray *u_starts;  /* guint64: cases whose first event is the team's */
  LookupCache group_cache, resource_cache, customer_cache, revenue_cache;

  /* people, when a map is given */
  gboolean have_map;
  VsIntern people;
  GPtrArray *map_teams;  /* person index -> team name (NULL = none), mapped people */
  GArray *person_unit;   /* guint32: unit index or PERSON_* */
  GArray *person_events; /* guint64, events of unmapped people */

  /* cases: streaming keeps the open case and the fingerprints of the
   * closed ones; grouping keeps every case */
  guint32 open_case; /* NONE before the first event */
  guint32 n_cases;
  GString *open_id;       /* streaming */
  CaseFields open_fields; /* streaming */
  VsFingerprints closed;  /* streaming */
  VsIntern cases;         /* grouping: id -> case index */
  GArray *c_fields;       /* grouping: CaseFields by case index */

  /* events kept: the open case (streaming) or all (grouping), file order */
  U32Vec e_case; /* grouping only */
  U32Vec e_team;
  I64Vec e_time; /* usec */

  /* pairs */
  PairSlot *pair_slots; /* at most half full */
  gsize pair_mask;
  GArray *p_from, *p_to; /* guint32 */
  GArray *p_volume;      /* guint64 */
  GArray *p_weight;      /* double */
  GArray *p_cases;       /* guint64 */
  GArray *p_returns;     /* guint64: forward transfers handed straight back */
  GArray *p_judged;      /* guint64: forward transfers (not returns themselves) */
  GArray *p_stamp;       /* guint32: last case counted in p_cases, + 1 */
  /* every lead time (days) with its pair, in the order they came:
   * appending is sequential, where a vector per pair would cost a cache
   * miss a transfer; finish_leads() (mine-result.c) groups them by pair */
  U32Vec l_pair;
  DoubleVec l_days;

  /* scratch for one case */
  GArray *s_sort;    /* SortItem */
  GArray *s_next;    /* guint32 */
  GArray *s_once;    /* guint64: pair << 32 | distance, for once_per_case */
  GArray *s_forward; /* guint64: the set of forward directions (see add_transfers()) */

  guint64 counts[VS_MINE_SORTED_BY_CASE + 1];
};

typedef struct {
  gint64 time;
  guint32 seq;
  guint32 team;
} SortItem;

#define NEW_ARRAY(type) g_array_new(FALSE, FALSE, sizeof(type))

/* Weights with the default options equal volumes and are filled in at
 * the end; only the other settings need this pass. */
static inline gboolean
default_weights(const VsMiner *m)
{
  return m->o.depth == 1 && !m->o.once_per_case;
}

/* Processes the cases not processed yet: the open one (streaming) or all
 * of them (grouping). */
gboolean vs_i_miner_close(VsMiner *m, GError **error);

G_END_DECLS

#endif /* VALUESTREAM_MINE_MINER_H */
