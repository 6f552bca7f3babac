/* valuestream mine - an organisation's handoffs from an event log, and the
 * mining options `analyze --log` shares.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <math.h>
#include <string.h>

#include "cli.h"

/* How many unmapped people the summary names. */
#define SHOW_UNMAPPED 20

void
vs_cli_mine_init(VsCliMine *m)
{
  VsMineOptions defaults = VS_MINE_OPTIONS_INIT;
  memset(m, 0, sizeof *m);
  m->options = defaults;
  m->options.beta = NAN; /* not given: told apart from a given 0.5 */
  m->depth = (gint)defaults.depth;
}

void
vs_cli_mine_clear(VsCliMine *m)
{
  for (guint i = 0; i < G_N_ELEMENTS(m->columns); i++)
    g_free(m->columns[i]);
  g_free(m->map);
  g_free(m->units);
  g_free(m->format);
  g_free(m->revenue_mode);
  g_free(m->delimiter);
}

GOptionGroup *
vs_cli_mine_options(VsCliMine *m)
{
  const GOptionEntry entries[] = {
      {"map", 0, 0, G_OPTION_ARG_FILENAME, &m->map,
       "People map: a CSV with columns resource and team (for logs without org:group)", "FILE"},
      {"units", 0, 0, G_OPTION_ARG_FILENAME, &m->units,
       "Kinds, names, groups and revenue of units: a units.csv or an org", "FILE"},
      {"case", 0, 0, G_OPTION_ARG_STRING, &m->columns[0],
       "Case id column (default case:concept:name)", "COL"},
      {"group", 0, 0, G_OPTION_ARG_STRING, &m->columns[1],
       "Team column (default org:group; '' to ignore it)", "COL"},
      {"resource", 0, 0, G_OPTION_ARG_STRING, &m->columns[2],
       "Person column (default org:resource)", "COL"},
      {"timestamp", 0, 0, G_OPTION_ARG_STRING, &m->columns[3],
       "ISO 8601 timestamp column, UTC unless it says (default time:timestamp)", "COL"},
      {"customer", 0, 0, G_OPTION_ARG_STRING, &m->columns[4],
       "Case customer column, when the log has it (default case:customer)", "COL"},
      {"revenue", 0, 0, G_OPTION_ARG_STRING, &m->columns[5],
       "Case revenue column, when the log has it (default case:revenue)", "COL"},
      {"revenue-mode", 0, 0, G_OPTION_ARG_STRING, &m->revenue_mode,
       "sum: each case's revenue, summed per customer (default); given: the customer's", "MODE"},
      {"delimiter", 0, 0, G_OPTION_ARG_STRING, &m->delimiter,
       "CSV field separator, one character or 'tab' (default ',')", "C"},
      {"format", 0, 0, G_OPTION_ARG_STRING, &m->format,
       "csv or xes (default: by name, then by content)", "FORMAT"},
      {"depth", 0, 0, G_OPTION_ARG_INT, &m->depth,
       "Handover depth: 1 direct (default), k indirect up to k, 0 unlimited", "K"},
      {"beta", 0, 0, G_OPTION_ARG_DOUBLE, &m->options.beta,
       "Fall factor of indirect handovers, 0..1 (default 0.5)", "X"},
      {"once-per-case", 0, 0, G_OPTION_ARG_NONE, &m->once_per_case,
       "Weigh a pair once per case, not per transfer (ProM: no multiple transfers)", NULL},
      {"self-handovers", 0, 0, G_OPTION_ARG_NONE, &m->self_handovers,
       "Also count a team handing to itself (listed in self-handoffs.csv, not part of the org)",
       NULL},
      {"quality", 0, 0, G_OPTION_ARG_NONE, &m->quality,
       "Score handoffs 1 - return rate (the receiver sends the case straight back)", NULL},
      G_OPTION_ENTRY_NULL,
  };
  GOptionGroup *group = g_option_group_new(
      "mining", "Mining an event log:", "Show the event-log mining options", NULL, NULL);
  g_option_group_add_entries(group, entries);
  return group;
}

/* Named choices and the delimiter into the options; FALSE on a usage error. */
static gboolean
finish_options(VsCliMine *m)
{
  const char **columns[] = {&m->options.case_column,     &m->options.group_column,
                            &m->options.resource_column, &m->options.timestamp_column,
                            &m->options.customer_column, &m->options.revenue_column};
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS(columns); i++)
    if (m->columns[i] != NULL)
      *columns[i] = m->columns[i];
  if (m->format != NULL) {
    if (strcmp(m->format, "csv") != 0 && strcmp(m->format, "xes") != 0) {
      vs_cli_error("unknown --format '%s' (expected csv or xes)", m->format);
      return FALSE;
    }
    m->options.format = m->format[0] == 'c' ? VS_MINE_FORMAT_CSV : VS_MINE_FORMAT_XES;
  }
  if (m->revenue_mode != NULL) {
    if (strcmp(m->revenue_mode, "sum") != 0 && strcmp(m->revenue_mode, "given") != 0) {
      vs_cli_error("unknown --revenue-mode '%s' (expected sum or given)", m->revenue_mode);
      return FALSE;
    }
    m->options.revenue = m->revenue_mode[0] == 's' ? VS_MINE_REVENUE_SUM : VS_MINE_REVENUE_GIVEN;
  }
  if (m->delimiter != NULL) {
    if (strcmp(m->delimiter, "tab") != 0 && strlen(m->delimiter) != 1) {
      vs_cli_error("--delimiter takes one character or 'tab'");
      return FALSE;
    }
    m->options.delimiter = strcmp(m->delimiter, "tab") == 0 ? '\t' : m->delimiter[0];
  }
  if (m->depth < 0) {
    vs_cli_error("--depth must be >= 0");
    return FALSE;
  }
  if (!isnan(m->options.beta) && m->depth == 1) {
    /* at depth 1 only direct handovers count: a given beta would be ignored */
    vs_cli_error("--beta weighs indirect handovers, which --depth 1 (the default) leaves out: "
                 "give --depth 0 (unlimited, as PM4Py) or --depth K > 1");
    return FALSE;
  }
  if (isnan(m->options.beta))
    m->options.beta = 0.5;
  m->options.depth = (guint)m->depth;
  m->options.once_per_case = m->once_per_case;
  m->options.self_handovers = m->self_handovers;
  m->options.quality = m->quality;
  m->options.people_map = m->map;
  if (!vs_mine_options_check(&m->options, &error)) {
    vs_cli_error("%s", error->message);
    return FALSE;
  }
  return TRUE;
}

/* --units: an org (directory, JSON, GraphML), or a lone units.csv. */
static VsOrg *
load_units(const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *lower = g_ascii_strdown(path, -1);
  VsOrg *org;
  gsize len;

  if (g_file_test(path, G_FILE_TEST_IS_DIR) || g_str_has_suffix(lower, ".json") ||
      g_str_has_suffix(lower, ".graphml"))
    return vs_cli_load(path);
  if (!g_file_get_contents(path, &text, &len, &error)) {
    vs_cli_error("%s", error->message);
    return NULL;
  }
  org = vs_load_csv_data(text, (gssize)len, "from,to\n", -1, NULL, 0, &error);
  if (org == NULL)
    vs_cli_error("%s: %s", path, error->message);
  return org;
}

VsMineResult *
vs_cli_mine_log(VsCliMine *m, const char *log, VsOrg **units, gboolean *usage)
{
  g_autoptr(GError) error = NULL;
  VsMineResult *result;

  *usage = FALSE;
  *units = NULL;
  if (!finish_options(m)) {
    *usage = TRUE;
    return NULL;
  }
  if (m->units != NULL && (*units = load_units(m->units)) == NULL)
    return NULL;
  result = vs_mine_file(log, &m->options, &error);
  if (result == NULL) {
    vs_cli_error("%s", error->message);
    g_clear_pointer(units, vs_org_free);
  }
  return result;
}

VsAnalysis *
vs_cli_mine_analyse(VsCliMine *m, const char *log, const VsAnalysisOptions *opts, gboolean *usage)
{
  g_autoptr(VsMineResult) result = NULL;
  g_autoptr(VsOrg) units = NULL, org = NULL;
  g_autoptr(GError) error = NULL;
  VsAnalysis *analysis;

  vs_cli_progress("mining %s", log);
  if ((result = vs_cli_mine_log(m, log, &units, usage)) == NULL)
    return NULL;
  if ((org = vs_mine_result_to_org(result, units, &error)) == NULL) {
    vs_cli_error("%s", error->message);
    return NULL;
  }
  vs_cli_progress("analysing %" G_GSIZE_FORMAT " units and %" G_GSIZE_FORMAT " handoffs",
                  vs_org_get_n_units(org), vs_org_get_n_handoffs(org));
  if ((analysis = vs_analysis_new(org, opts, &error)) == NULL)
    vs_cli_error("%s: %s", log, error->message);
  return analysis;
}

/* ---- the summary ------------------------------------------------------------ */

typedef struct {
  guint32 pair;
  double volume;
} Ranked;

static int
by_volume(const void *a, const void *b)
{
  const Ranked *x = a, *y = b;
  if (x->volume != y->volume)
    return x->volume > y->volume ? -1 : 1;
  return x->pair < y->pair ? -1 : x->pair > y->pair;
}

static void
print_unmapped(const VsMineResult *r)
{
  gsize n = vs_mine_result_get_n_unmapped(r);

  if (n == 0)
    return;
  printf("  people     %" G_GSIZE_FORMAT " not in the people map (%" G_GUINT64_FORMAT
         " events skipped):",
         n, vs_mine_result_get_count(r, VS_MINE_EVENTS_UNMAPPED));
  for (gsize i = 0; i < n && i < SHOW_UNMAPPED; i++) {
    guint64 events;
    const char *who = vs_mine_result_get_unmapped(r, i, &events);
    printf("%s %s (%" G_GUINT64_FORMAT ")", i > 0 ? "," : "", who, events);
  }
  printf("%s\n", n > SHOW_UNMAPPED ? ", ..." : "");
}

/* The busiest team-to-team handoffs with their lead times. */
static void
print_busiest(const VsMineResult *r, guint top)
{
  const guint32 *from, *to;
  gsize n = vs_mine_result_get_pairs(r, &from, &to), shown = 0;
  const double *volume = vs_mine_result_get_column(r, VS_MINE_VOLUME, NULL);
  const double *cases = vs_mine_result_get_column(r, VS_MINE_CASES_COLUMN, NULL);
  const double *median = vs_mine_result_get_column(r, VS_MINE_LEAD_TIME, NULL);
  const double *p90 = vs_mine_result_get_column(r, VS_MINE_LEAD_TIME_P90, NULL);
  const double *score = vs_mine_result_get_column(r, VS_MINE_SCORE, NULL);
  g_autofree Ranked *ranked = g_new(Ranked, MAX(n, 1));

  for (gsize p = 0; p < n; p++) {
    gboolean team_pair = from[p] != to[p] && vs_mine_result_get_unit_kind(r, to[p]) == VS_KIND_TEAM;
    if (team_pair && volume[p] > 0)
      ranked[shown++] = (Ranked){(guint32)p, volume[p]};
  }
  if (shown == 0)
    return;
  qsort(ranked, shown, sizeof *ranked, by_volume);
  printf("Busiest handoffs (lead time in days, provider's last event to receiver's first):\n"
         "  %-40s %8s %8s %8s %8s %6s\n",
         "from -> to", "volume", "cases", "median", "p90", "score");
  for (gsize i = 0; i < shown && (top == 0 || i < top); i++) {
    guint32 p = ranked[i].pair;
    g_autofree char *label = g_strdup_printf("%s -> %s", vs_mine_result_get_unit_id(r, from[p]),
                                             vs_mine_result_get_unit_id(r, to[p]));
    printf("  %-40s %8.0f %8.0f %8.2f %8.2f", label, volume[p], cases[p], median[p], p90[p]);
    if (!isnan(score[p]))
      printf(" %6.2f", score[p]);
    printf("\n");
  }
}

/* With --self-handovers: the self pairs among the pairs, which the org
 * leaves out and self-handoffs.csv lists. */
static void
print_self_pairs(const VsMineResult *r)
{
  const guint32 *from, *to;
  gsize n = vs_mine_result_get_pairs(r, &from, &to), pairs = 0;
  const double *volume = vs_mine_result_get_column(r, VS_MINE_VOLUME, NULL);
  double transfers = 0;

  for (gsize p = 0; p < n; p++)
    if (from[p] == to[p]) {
      pairs++;
      transfers += volume[p];
    }
  if (pairs > 0)
    printf("  self       %" G_GSIZE_FORMAT " of the pairs are a team to itself (%.0f transfers): "
           "not handoffs of the org, listed in self-handoffs.csv\n",
           pairs, transfers);
}

static void
print_summary(const char *log, const VsMineResult *r, double seconds, guint top)
{
  guint64 events = vs_mine_result_get_count(r, VS_MINE_EVENTS);

  printf("Mined %s in %.2f s (%.0f events/s), %s\n", log, seconds,
         seconds > 0 ? (double)events / seconds : 0.0,
         vs_mine_result_get_count(r, VS_MINE_SORTED_BY_CASE)
             ? "grouped by case: one pass"
             : "not grouped by case: events grouped in memory");
  printf("  events     %" G_GUINT64_FORMAT " read, %" G_GUINT64_FORMAT " skipped without a team\n",
         events, vs_mine_result_get_count(r, VS_MINE_EVENTS_SKIPPED));
  print_unmapped(r);
  printf("  cases      %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT " with a handoff between teams\n",
         vs_mine_result_get_count(r, VS_MINE_CASES),
         vs_mine_result_get_count(r, VS_MINE_CASES_WITH_HANDOFFS));
  printf("  units      %" G_GUINT64_FORMAT " teams, %" G_GUINT64_FORMAT " customers\n",
         vs_mine_result_get_count(r, VS_MINE_TEAMS),
         vs_mine_result_get_count(r, VS_MINE_CUSTOMERS));
  printf("  handoffs   %" G_GUINT64_FORMAT " pairs; %" G_GUINT64_FORMAT " transfers between "
         "teams, %" G_GUINT64_FORMAT " to customers\n",
         vs_mine_result_get_count(r, VS_MINE_PAIRS), vs_mine_result_get_count(r, VS_MINE_TRANSFERS),
         vs_mine_result_get_count(r, VS_MINE_CUSTOMER_TRANSFERS));
  print_self_pairs(r);
  if (vs_mine_result_get_count(r, VS_MINE_TRANSFERS) > 0)
    printf("  lead time  median %.2f d, p90 %.2f d (all transfers between teams)\n",
           vs_mine_result_get_lead_time_quantile(r, 0.5),
           vs_mine_result_get_lead_time_quantile(r, 0.9));
  print_busiest(r, top);
}

/* Mines, prints the summary and writes the org; the exit status. */
static int
run(VsCliMine *mine, const char *log, const char *output, guint top)
{
  g_autoptr(VsMineResult) result = NULL;
  g_autoptr(VsOrg) units = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time();
  gboolean usage;

  result = vs_cli_mine_log(mine, log, &units, &usage);
  if (result == NULL)
    return usage ? VS_EXIT_USAGE : VS_EXIT_INPUT;
  print_summary(log, result, (double)(g_get_monotonic_time() - start) / 1e6, top);
  if (output == NULL)
    return VS_EXIT_OK;
  if (!vs_mine_result_write_dir(result, units, output, &error)) {
    vs_cli_error("%s", error->message);
    return VS_EXIT_INPUT;
  }
  printf("Wrote %s (units.csv, handoffs.csv%s); analyse it with: valuestream analyze %s\n", output,
         mine->options.self_handovers ? ", self-handoffs.csv" : "", output);
  return VS_EXIT_OK;
}

/* --normalise into the options; FALSE (after saying why) for a bad value. */
static gboolean
parse_normalise(const char *value, VsMineOptions *o)
{
  if (value == NULL || strcmp(value, "none") == 0)
    o->normalise = VS_MINE_NORMALISE_NONE;
  else if (strcmp(value, "pm4py") == 0)
    o->normalise = VS_MINE_NORMALISE_PM4PY;
  else {
    vs_cli_error("unknown --normalise '%s' (expected pm4py or none)", value);
    return FALSE;
  }
  return TRUE;
}

int
vs_cli_mine(int argc, char **argv)
{
  VsCliMine mine;
  g_autofree char *output = NULL, *normalise = NULL;
  gint top = 10;
  const GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       "Write the org (units.csv, handoffs.csv) to DIR, atomically; without it, only the summary",
       "DIR"},
      {"top", 'n', 0, G_OPTION_ARG_INT, &top, "Busiest handoffs to list, 0 for all (default 10)",
       "N"},
      {"normalise", 0, 0, G_OPTION_ARG_STRING, &normalise,
       "pm4py: add PM4Py's handover-of-work value (weight / the sum of all weights, self pairs "
       "included) as a column pm4py_value; needs --self-handovers, and --depth 0 --beta B for "
       "PM4Py's beta B > 0 (none: the default)",
       "MODE"},
      G_OPTION_ENTRY_NULL,
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("LOG");
  int status = VS_EXIT_USAGE;

  vs_cli_mine_init(&mine);
  g_option_context_set_summary(
      ctx, "Build an organisation's handoffs from the event log LOG (CSV or XES, optionally\n"
           "gzip-compressed): within each case, every change of team is a handoff.");
  g_option_context_set_main_group(ctx, vs_cli_mine_options(&mine));
  g_option_context_add_main_entries(ctx, entries, NULL);
  if (!vs_cli_parse(ctx, &argc, &argv))
    ;
  else if (argc != 2)
    vs_cli_error("mine takes exactly one LOG (see --help)");
  else if (top < 0)
    vs_cli_error("--top must be >= 0");
  else if (!parse_normalise(normalise, &mine.options))
    ;
  else
    status = run(&mine, argv[1], output, (guint)top);
  vs_cli_mine_clear(&mine);
  return status;
}
