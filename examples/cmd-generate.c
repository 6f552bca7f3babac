/* valuestream generate - synthetic organisations and event logs, for
 * benchmarks, tests and demos. Deterministic by seed on every platform.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "cli.h"
#include "generate.h"

int
vs_cli_generate(int argc, char **argv)
{
  VsGenOptions o = VS_GEN_OPTIONS_INIT;
  gint64 units = (gint64)o.units, customers = (gint64)o.customers, handoffs = 0;
  gint64 seed = (gint64)o.seed, events = -1;
  gint waves = (gint)o.waves;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
      {"units", 'u', 0, G_OPTION_ARG_INT64, &units,
       "Units in all: customers, suppliers and teams (default 10000)", "N"},
      {"customers", 'c', 0, G_OPTION_ARG_INT64, &customers, "Paying customers (default 100)", "C"},
      {"handoffs", 0, 0, G_OPTION_ARG_INT64, &handoffs, "Handoffs, about (default: 5 per unit)",
       "M"},
      {"seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 1)", "S"},
      {"waves", 0, 0, G_OPTION_ARG_INT, &waves, "Survey periods (default 8)", "W"},
      {"shuffle", 0, 0, G_OPTION_ARG_NONE, &o.shuffle,
       "List units in random order (worst memory locality) instead of by department", NULL},
      {"events", 'e', 0, G_OPTION_ARG_INT64, &events,
       "Write an event log of N events to the -o FILE instead of an org directory", "N"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       "The org directory to write (units.csv, handoffs.csv, surveys.csv), or with --events "
       "the event log (CSV)",
       "PATH"},
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
  g_autoptr(VsGenOrg) org = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_option_context_set_summary(
      ctx, "Write a realistic synthetic organisation as a CSV directory (or, with --events,\n"
           "an event log of work passing through it). The same options give the same bytes.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  if (!vs_cli_parse(ctx, &argc, &argv))
    return VS_EXIT_USAGE;
  if (argc != 1 || output == NULL) {
    vs_cli_error("generate takes -o PATH and no other argument (see --help)");
    return VS_EXIT_USAGE;
  }
  if (units < 0 || customers < 0 || handoffs < 0 || waves < 0 || (events < 0 && events != -1)) {
    vs_cli_error("counts must not be negative");
    return VS_EXIT_USAGE;
  }
  o.units = (guint64)units;
  o.customers = (guint64)customers;
  o.handoffs = (guint64)handoffs;
  o.seed = (guint64)seed;
  o.waves = (guint)waves;
  org = vs_gen_org_new(&o, &error);
  if (org == NULL) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_USAGE;
  }
  if (events >= 0)
    ok = vs_gen_write_event_log(org, (guint64)events, output, &error);
  else
    ok = vs_gen_write_csv_dir(org, output, &error);
  if (!ok) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  return VS_EXIT_OK;
}
