/* valuestream - the organisation: VsOrg's layout and the internals the
 * loaders, the miner and the analysis build on. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The files:
 *
 *   org.c            VsOrg: columns of units, handoffs and survey answers,
 *                    the id index, the public adders and getters
 *   org-access.c     the closed-loop rule on a topology, the getters
 *   org-topology.c   the shape an analysis reads (org-topology.h):
 *                    adjacency rows, strongly connected components in
 *                    topological order, igraph's copy, the closed-loop rule
 *   org-write.c      an org as a directory of CSV files, replaced atomically
 *   org-edit.c       an org copied, and a copy changed: units and handoffs
 *                    removed, fields and scores set (what-if scenarios)
 */
#ifndef VALUESTREAM_ORG_PRIVATE_H
#define VALUESTREAM_ORG_PRIVATE_H

#include "base-private.h"

G_BEGIN_DECLS

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
  GHashTable *interned; /* deliverables, groups, periods: one copy each */
  /* the interned strings found last, by a hash of their first bytes: a
   * large org repeats a handful of deliverables, groups and periods
   * millions of times, and a hit costs one strcmp() (org.c) */
  const char *intern_recent[VS_INTERN_RECENT];
  const char *intern_last; /* the interned string found last */

  /* units, column-wise */
  GArray *u_id;        /* const char * */
  GArray *u_name;      /* const char *, NULL = the id */
  GArray *u_group;     /* const char *, NULL = none */
  GArray *u_kind;      /* guint8 VsKind */
  GArray *u_revenue;   /* double, 0 when unset */
  GArray *u_own_share; /* double, NAN = unset */
  GArray *u_headcount; /* double, NAN = unset */
  GArray *u_cost;      /* double, 0 when unset and for customers */
  gsize n_kind[3];
  /* elements allocated in every column of units, handoffs and surveys
   * (org.c, "columns") */
  gsize u_cap, h_cap, s_cap;

  /* handoffs, column-wise */
  GArray *h_from, *h_to; /* guint32 unit indices */
  GArray *h_deliverable; /* const char *, NULL = none */
  GArray *h_weight;      /* double, 1 when unset */
  GArray *h_score;       /* double, NAN = unrated */
  GArray *h_volume;      /* double, NAN = unset */
  GArray *h_lead;        /* double, NAN = unset */

  /* survey answers, column-wise */
  GArray *s_period;                  /* const char * */
  GArray *s_respondent, *s_provider; /* guint32 */
  GArray *s_score, *s_min, *s_max;   /* double */

  GPtrArray *notes; /* char *, owned */

  /* made by vs_scenarios_apply(): analysed to be compared, which reads no
   * customer sets, so its analyses make them only when first asked
   * (vs_analysis_new()) */
  gboolean to_compare;

  /* the topology (adjacency, components, igraph's copy), built on first
   * use and dropped when the org changes; guarded by cache_lock */
  GMutex cache_lock;
  VsTopology *topology;
};

VsOrg *vs_i_org_ref(VsOrg *org);
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

/* ---- editing (org-edit.c) ----------------------------------------------
 *
 * A scenario changes a copy of an org (vs_org_copy()). Every edit keeps
 * the columns, the id index and the interned strings consistent and drops
 * the cached topology; none checks the whole-org rules (closed loops, a
 * customer that hands off): vs_i_org_check_rules() does, after the last
 * edit. */

/* Drops the cached topology (org.c): call after changing the org. */
void vs_i_org_invalidate(VsOrg *org);
/* The interned copy of @text (checked as UTF-8 for @field when new). */
const char *vs_i_org_intern(VsOrg *org, const char *field, const char *text, GError **error);
/* Rebuilds the id index from the unit column (after units were removed). */
void vs_i_org_reindex(VsOrg *org);

/* Removes unit @unit, the handoffs from and to it and the survey answers
 * naming it; later units and handoffs move down one place, in order. */
void vs_i_org_remove_unit(VsOrg *org, gsize unit);
/* Removes handoff h for every h with @drop[h] set, keeping the order of
 * the rest. @drop has vs_org_get_n_handoffs() elements. */
void vs_i_org_remove_handoffs(VsOrg *org, const gboolean *drop);
/* Sets handoff @h's own score (0..1, or NAN: unrated). */
void vs_i_org_set_handoff_score(VsOrg *org, gsize h, double score);
/* Changes @unit's kind. A unit that becomes a customer loses its cost
 * (customers carry none); one that stops being a customer loses its
 * revenue. */
void vs_i_org_set_unit_kind(VsOrg *org, gsize unit, VsKind kind);
/* Sets @unit's "name" (NULL: back to the id) or "group" (NULL or "": none).
 * FALSE with VS_ERROR_INVALID for text that is not valid UTF-8. */
gboolean vs_i_org_set_unit_text(VsOrg *org, gsize unit, const char *field, const char *value,
                                GError **error);
/* Sets @unit's "own_share" (NAN: unset), "cost" or "revenue" (NAN: 0),
 * checked as vs_org_add_unit() checks them; a revenue of a team or
 * supplier, or a cost of a customer, is ignored with a note, as loading
 * does. FALSE with VS_ERROR_INVALID for a value out of range. */
gboolean vs_i_org_set_unit_number(VsOrg *org, gsize unit, const char *field, double value,
                                  GError **error);
/* The rules of a whole org (SPEC 2): no customer hands off, no closed
 * loop. */
gboolean vs_i_org_check_rules(const VsOrg *org, GError **error);

/* ---- writing (org-write.c) --------------------------------------------- */

/* What a column of handoffs.csv holds: an attribute of the org's handoffs,
 * or (VS_CSV_OUT_EXTRA) a number per handoff that the org does not keep. */
typedef enum {
  VS_CSV_OUT_DELIVERABLE,
  VS_CSV_OUT_WEIGHT,
  VS_CSV_OUT_SCORE,
  VS_CSV_OUT_VOLUME,
  VS_CSV_OUT_LEAD_TIME,
  VS_CSV_OUT_EXTRA,
} VsCsvOutField;

typedef struct {
  const char *name; /* the header */
  VsCsvOutField field;
  const double *extra; /* VS_CSV_OUT_EXTRA: handoff h's value, NAN = empty */
} VsCsvOutColumn;

/* A file beside the org's listing pairs the org cannot hold (the miner's
 * self-handovers): header `from,to,<names>`, then row i: @from[i], @to[i]
 * and each column's extra[i] (VS_CSV_OUT_EXTRA columns only). */
typedef struct {
  const char *file; /* its name in the directory */
  gboolean write;   /* FALSE: not written, but an old one may be replaced */
  gsize n_rows;
  const char *const *from, *const *to;
  const VsCsvOutColumn *columns;
  gsize n_columns;
} VsCsvOutPairs;

/* vs_org_write_csv_dir() with the columns of handoffs.csv after from,to
 * given: @columns[0..n_columns), and @pairs (nullable) beside them. @what
 * names the output in the message that refuses to replace a directory
 * holding other files. */
gboolean vs_i_org_write_csv_dir(const VsOrg *org, const char *dir, const VsCsvOutColumn *columns,
                                gsize n_columns, const VsCsvOutPairs *pairs, const char *what,
                                GError **error);

static inline const char *
vs_i_unit_id(const VsOrg *org, gsize unit)
{
  return g_array_index(org->u_id, const char *, unit);
}

G_END_DECLS

#endif /* VALUESTREAM_ORG_PRIVATE_H */
