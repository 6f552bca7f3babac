/* valuestream - internals of decide, then measure. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The files, in the order data flows through them:
 *
 *   (scenarios)
 *   decide-scenario.c       VsScenarios: names, changes, each change checked
 *                           on its own when added
 *   decide-scenario-json.c  scenarios read from JSON
 *   decide-scenario-csv.c   scenarios read from CSV; vs_scenarios_load()
 *   decide-apply.c          a scenario applied to a copy of an org
 *
 *   (comparisons)
 *   decide-compare.c        VsComparison: two analyses matched and compared
 *   decide-compare-get.c    its getters
 *
 *   (the plan)
 *   decide-plan.c         the improvement plan (SPEC 9): greedy steps, each
 *                         one pass of gains over re-solved values
 *                         (analysis-gain.c)
 */
#ifndef VALUESTREAM_DECIDE_PRIVATE_H
#define VALUESTREAM_DECIDE_PRIVATE_H

#include "org-private.h"

G_BEGIN_DECLS

/* ---- scenarios ------------------------------------------------------------ */

#include <valuestream/decide.h>

#include "load-private.h" /* the JSON scan and file reading of the loaders */

/* The longest text a scenario file may hold in one field (a name, an id, a
 * deliverable): hostile input may hold a 10 MB name. */
#define VS_SCENARIO_MAX_TEXT 65536

/* A change as stored: its strings in the scenarios' pool. */
typedef struct {
  VsChange change;
  const char *where; /* "FILE:LINE" or "FILE" for messages; NULL when built in code */
} VsStoredChange;

typedef struct {
  const char *name;
  GArray *changes; /* VsStoredChange */
} VsScenario;

struct VsScenarios {
  GStringChunk *strings;
  GPtrArray *list;     /* VsScenario *, in order */
  GHashTable *by_name; /* name -> index + 1 */
};

/* vs_scenarios_add_change() with the change's place in a file (@where,
 * nullable, copied) to prefix its messages and those of applying it. */
gboolean vs_i_scenarios_add_change_at(VsScenarios *s, gsize index, const VsChange *change,
                                      const char *where, GError **error);
/* The scenario called @name, or -1. */
gssize vs_i_scenarios_find(const VsScenarios *s, const char *name);
/* The start of a message about change @change (0-based) of scenario
 * @index: `[WHERE: ]scenario "NAME": change N: `. Free it. */
char *vs_i_change_prefix(const VsScenarios *s, gsize index, gsize change);
/* FALSE with VS_ERROR_LIMIT when @len is more than VS_SCENARIO_MAX_TEXT. */
gboolean vs_i_scenario_text_fits(const char *field, gsize len, GError **error);

/* ---- comparisons ---------------------------------------------------------- */

/* One list of a comparison: per entry the index on each side (-1: not
 * there) and, for customers and units, the status and the values. */
typedef struct {
  GArray *rows[2];                /* gint32 */
  GArray *status;                 /* guint8 VsStatus */
  GArray *values[VS_N_VALUES][2]; /* double, NAN = null; only the values SPEC 10 lists for
                                     customers or units, NULL for the others */
  GArray *nan;                    /* double, NAN per entry: what the others read as */
} VsComparedList;

struct VsComparison {
  const VsAnalysis *side[2]; /* before, after; borrowed */
  double figures[VS_N_FIGURES][2];
  double revenue_scale, cost_scale; /* T of SPEC 10 */
  VsComparedList lists[VS_N_COMPARED];
  GArray *reaches[2]; /* gint8 per unit entry: 1, 0, -1 = missing */
  GArray *flags[2];   /* guint32 per unit entry: removed, added */
  GArray *scores[2];  /* double per rescored handoff */
  /* while comparing: each side's arrays, fetched once */
  const double *values[VS_N_VALUES][2];
  const guint32 *unit_flags[2];
  const gint32 *hops[2];
  gint32 *unit_map[2]; /* per unit of a side: its match by id on the other, or -1 */
};

/* T of SPEC 10's rule for @value: the larger total revenue for amounts of
 * revenue, the larger total cost for the loaded cost, 0 otherwise. */
double vs_i_comparison_scale(const VsComparison *c, VsValue value);

/* ---- the plan ------------------------------------------------------------- */

G_END_DECLS

#endif /* VALUESTREAM_DECIDE_PRIVATE_H */
