/* valuestream - internals of the event-log miner. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The pieces, in the order data flows through them:
 *
 *   mine.c         the entry points (vs_mine_file(), vs_mine_data()):
 *                  check the options, open the log, tell its format, run
 *                  a reader into a miner and finish it
 *   mine-input.c   bytes: a file or a buffer, gzip inflated on the fly
 *                  (VsByteSource); the CSV log reader
 *   mine-xes.c     the XES log reader (GMarkup, fed in chunks)
 *   mine-people.c  the people map (resource -> team)
 *   mine-core.c    the miner: events -> cases -> pairs (its state is in
 *                  mine-miner.h)
 *   mine-result.c  a finished miner as a VsMineResult; its getters
 *   mine-org.c     a result as an org, and as an org directory on disk
 *
 * Readers turn rows or <event>s into VsLogEvent views and hand them to
 * vs_i_miner_add_event(); they know nothing about teams or handoffs. Only
 * mine.c calls the readers, so a reader and the miner never use each
 * other's symbols.
 */
#ifndef VALUESTREAM_MINE_PRIVATE_H
#define VALUESTREAM_MINE_PRIVATE_H

#include <gio/gio.h>
#include <string.h>

#include "base-intern.h"
#include "org-private.h"

G_BEGIN_DECLS

/* ---- options (mine.c) ------------------------------------------------------ */

/* @in in the current layout (an older version's missing fields at their
 * defaults) into @out; FALSE for an unknown version. */
gboolean vs_i_mine_options_current(const VsMineOptions *in, VsMineOptions *out);

/* ---- bytes in (mine-input.c) -------------------------------------------- */

/* A file or buffer read in chunks; gzip (by its magic bytes) is inflated,
 * concatenated gzip members included. */
typedef struct VsByteSource VsByteSource;

VsByteSource *vs_i_byte_source_new(const char *path, const char *data, gsize len, GError **error);
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

/* A miner for one pass over a log (mine-core.c). @grouping: keep every
 * event and group them by case at the end, for a log not grouped by case.
 * Reads @o->people_map, if any. NULL with *error set on error. */
VsMiner *vs_i_miner_new(const VsMineOptions *o, const char *name, gboolean grouping,
                        GError **error);
void vs_i_miner_free(VsMiner *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsMiner, vs_i_miner_free)
/* Processes the cases still open and makes the result (mine-result.c). */
VsMineResult *vs_i_miner_finish(VsMiner *m, GError **error);

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
VsMinerStatus vs_i_read_csv_log(VsByteSource *src, const guint8 *first, gsize first_len, VsMiner *m,
                                GError **error);
VsMinerStatus vs_i_read_xes_log(VsByteSource *src, const guint8 *first, gsize first_len, VsMiner *m,
                                GError **error);

/* The people map (mine-people.c): resource -> team name, read into @people (resource
 * index) and @teams (parallel array of const char *, NULL = no team).
 * VS_ERROR_PARSE / VS_ERROR_INVALID with file:line on bad input. */
gboolean vs_i_read_people_map(const char *path, VsIntern *people, GPtrArray *teams, GError **error);

/* ---- the result (mine-result.c), shared with mine-org.c ---------------------- */

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
  GArray *p_from, *p_to;                    /* guint32 */
  GArray *columns[VS_MINE_PM4PY_VALUE + 1]; /* double per pair */
  /* every direct transfer's lead time in days, sorted (for quantiles) */
  GArray *all_leads;
  /* unmapped people, most events first */
  GPtrArray *unmapped;     /* char *, owned */
  GArray *unmapped_events; /* guint64 */
};

/* Linear interpolation between order statistics of the sorted @x[0..n). */
double vs_i_quantile_sorted(const double *x, gsize n, double q);
/* Sorts @x[0..n), all >= 0 and not NAN, ascending. */
void vs_i_sort_lead_times(double *x, gsize n);

G_END_DECLS

#endif /* VALUESTREAM_MINE_PRIVATE_H */
