/* valuestream CLI - synthetic organisations and event logs for benchmarks
 * and tests (valuestream generate).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Output depends only on the options: the generator draws from its own
 * xoshiro256** streams seeded by splitmix64, and every number it writes
 * is a whole number or an integer over a power of ten, written in the
 * shortest form that reads back exactly, so a seed gives the same bytes
 * on every platform. */
#ifndef VS_GENERATE_H
#define VS_GENERATE_H

#include <glib.h>

typedef struct {
  guint64 units; /* all units: customers, suppliers and teams */
  guint64 customers;
  guint64 handoffs; /* 0: five per unit */
  guint64 seed;
  guint waves;      /* survey periods */
  gboolean shuffle; /* list units in random order, not by department */
} VsGenOptions;

#define VS_GEN_OPTIONS_INIT                                                                        \
  {                                                                                                \
    10000, 100, 0, 1, 8, FALSE                                                                     \
  }

typedef struct VsGenOrg VsGenOrg;

/* Builds the structure in memory: layered teams with fan-in and fan-out,
 * departments, suppliers, customers, rework loops that always have an
 * outside input (never closed), teams with no line of sight, parallel
 * handoffs. NULL with a message in *error for impossible options. */
VsGenOrg *vs_gen_org_new(const VsGenOptions *options, GError **error);
void vs_gen_org_free(VsGenOrg *org);
/* How many handoffs the org has (the target give or take a few). */
gsize vs_gen_org_get_n_handoffs(const VsGenOrg *org);

/* Writes units.csv, handoffs.csv and surveys.csv into @dir with
 * vs_org_write_csv_dir(), every team and supplier with a cost and every
 * handoff with a volume (SPEC 7): built beside it and renamed into place, so @dir
 * is complete or untouched; an existing @dir that holds other files is
 * refused. */
gboolean vs_gen_write_csv_dir(const VsGenOrg *org, const char *dir, GError **error);

/* Writes an event log of @n_events events (columns case:concept:name,
 * concept:name, org:resource, org:group, time:timestamp) to @path,
 * atomically: cases walk the org's handoffs from a supplier towards a
 * customer, each team doing one or two activities; org:group is the team's
 * unit id, org:resource one of its people. */
gboolean vs_gen_write_event_log(const VsGenOrg *org, guint64 n_events, const char *path,
                                GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsGenOrg, vs_gen_org_free)

#endif /* VS_GENERATE_H */
