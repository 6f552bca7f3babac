/* valuestream - comparisons (SPEC 10) as text for a person and as one
 * long CSV table: the --format text and csv of `valuestream whatif` and
 * `valuestream diff`.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Text: amounts to 2 decimals as in the text report, control characters
 * of names replaced by '?', each list cut at VS_DECIDE_TOP entries (the
 * largest movers; CSV and JSON carry them all). CSV: RFC 4180 (CRLF),
 * numbers at full precision, a missing side an empty cell; report.h
 * documents the columns. */
#include <math.h>
#include <string.h>

#include "report-decide-private.h"

/* ---- text ---------------------------------------------------------------- */

/* "id", or "id (name)" when they differ; control codes replaced. */
static char *
label(const char *id, const char *name)
{
  g_autofree char *raw =
      name == NULL || strcmp(id, name) == 0 ? g_strdup(id) : g_strdup_printf("%s (%s)", id, name);
  return vs_i_printable(raw);
}

static char *
entry_label(const VsComparison *c, VsCompared which, gsize i)
{
  return label(vs_i_compared_id(c, which, i), vs_i_compared_name(c, which, i));
}

/* `FROM -> TO "deliverable"`, control codes replaced. */
static char *
handoff_label(const VsComparison *c, VsCompared which, gsize i)
{
  const char *from, *to, *d;
  g_autofree char *raw = NULL;

  vs_i_compared_handoff(c, which, i, &from, &to, &d);
  raw = d != NULL ? g_strdup_printf("%s -> %s \"%s\"", from, to, d)
                  : g_strdup_printf("%s -> %s", from, to);
  return vs_i_printable(raw);
}

/* A number to 2 decimals; "none" for a missing side or an unrated score. */
static void
number(VsWriter *w, double x, const char *none)
{
  if (isnan(x))
    vs_i_writer_puts(w, none);
  else
    vs_i_writer_puts(w, vs_i_money(x).s);
}

/* A change to 2 decimals with its sign and thousands separators; no
 * "-0.00" for a change below the last digit. */
static void
change(VsWriter *w, double d)
{
  if (fabs(d) < 0.005)
    d = 0.0;
  vs_i_writer_printf(w, "%s%s", d >= 0 ? "+" : "", vs_i_money(d).s);
}

/* "NAME B -> A (+D)"; the delta only when both sides have a value. */
static void
pair(VsWriter *w, const char *name, double before, double after, const char *none)
{
  vs_i_writer_printf(w, "%s ", name);
  number(w, before, none);
  vs_i_writer_puts(w, " -> ");
  number(w, after, none);
  if (!isnan(before) && !isnan(after)) {
    vs_i_writer_puts(w, " (");
    change(w, after - before);
    vs_i_writer_puts(w, ")");
  }
}

static void
count_pair(VsWriter *w, const char *name, double before, double after)
{
  vs_i_writer_printf(w, "%s %.0f -> %.0f", name, before, after);
}

static void
figure(VsWriter *w, const VsComparison *c, VsFigure f, const char *name)
{
  double b, a;

  vs_comparison_get_figure(c, f, &b, &a);
  if (f >= VS_FIGURE_UNITS)
    count_pair(w, name, b, a);
  else {
    vs_i_writer_printf(w, "%s %s -> %s", name, vs_i_money(b).s, vs_i_money(a).s);
  }
}

/* The headline (revenue at risk, its change and percent) and the other
 * summary figures; cost only when there is some. */
static void
text_summary(VsWriter *w, const VsComparison *c)
{
  double b, a;

  vs_comparison_get_figure(c, VS_FIGURE_REVENUE_AT_RISK, &b, &a);
  vs_i_writer_printf(w, "  Revenue at risk: %s -> %s (", vs_i_money(b).s, vs_i_money(a).s);
  change(w, a - b);
  if (b > 0)
    vs_i_writer_printf(w, ", %+.1f%%", fabs(a - b) < 0.0005 * b ? 0.0 : 100 * (a - b) / b);
  vs_i_writer_puts(w, ")\n  ");
  figure(w, c, VS_FIGURE_TOTAL_REVENUE, "Revenue");
  vs_i_writer_puts(w, "; ");
  figure(w, c, VS_FIGURE_FLAGGED, "teams and suppliers flagged");
  vs_i_writer_puts(w, "; ");
  figure(w, c, VS_FIGURE_UNITS, "units");
  vs_i_writer_puts(w, "; ");
  figure(w, c, VS_FIGURE_HANDOFFS, "handoffs");
  vs_i_writer_puts(w, "\n");
  if (vs_i_comparison_has_costs(c)) {
    vs_i_writer_puts(w, "  ");
    figure(w, c, VS_FIGURE_TOTAL_COST, "Cost");
    vs_i_writer_puts(w, "; ");
    figure(w, c, VS_FIGURE_COST_TO_SERVE, "cost to serve");
    vs_i_writer_puts(w, "; ");
    figure(w, c, VS_FIGURE_STRANDED_COST, "stranded");
    vs_i_writer_puts(w, "\n");
  }
}

static const char *
status_word(const VsComparison *c, VsCompared which, gsize i)
{
  switch (vs_comparison_get_statuses(c, which, NULL)[i]) {
  case VS_STATUS_ADDED:
    return " [new]";
  case VS_STATUS_REMOVED:
    return " [gone]";
  default:
    return "";
  }
}

static double
value(const VsComparison *c, VsCompared which, VsValue v, gboolean after, gsize i)
{
  return vs_comparison_get_values(c, which, v, after, NULL)[i];
}

static void
value_pair(VsWriter *w, const VsComparison *c, VsCompared which, VsValue v, gsize i,
           const char *name)
{
  pair(w, name, value(c, which, v, FALSE, i), value(c, which, v, TRUE, i), "none");
}

/* Whether value @v of entry @i changed under SPEC 10's rule. */
static gboolean
value_changed(const VsComparison *c, VsCompared which, VsValue v, gsize i)
{
  double scale = 0;

  if (v == VS_VALUE_FIX_VALUE || v == VS_VALUE_EXPOSURE || v == VS_VALUE_REVENUE_AT_RISK)
    scale = vs_i_comparison_revenue_scale(c);
  else if (v == VS_VALUE_LOADED_COST) {
    double b, a;
    vs_comparison_get_figure(c, VS_FIGURE_TOTAL_COST, &b, &a);
    scale = MAX(b, a);
  }
  return vs_comparison_value_changed(value(c, which, v, FALSE, i), value(c, which, v, TRUE, i),
                                     scale);
}

static void
customer_line(VsWriter *w, const VsComparison *c, gsize i, gboolean costs, const char *prefix)
{
  g_autofree char *l = entry_label(c, VS_COMPARED_CUSTOMERS, i);

  vs_i_writer_printf(w, "    %s%s%s: ", prefix, l, status_word(c, VS_COMPARED_CUSTOMERS, i));
  value_pair(w, c, VS_COMPARED_CUSTOMERS, VS_VALUE_QUALITY, i, "quality");
  vs_i_writer_puts(w, "; ");
  value_pair(w, c, VS_COMPARED_CUSTOMERS, VS_VALUE_REVENUE_AT_RISK, i, "revenue at risk");
  if (costs) {
    vs_i_writer_puts(w, "; ");
    value_pair(w, c, VS_COMPARED_CUSTOMERS, VS_VALUE_COST_TO_SERVE, i, "cost to serve");
  }
  vs_i_writer_puts(w, "\n");
}

/* Fix value and exposure always; quality, service score and loaded cost
 * when they changed. */
static void
unit_line(VsWriter *w, const VsComparison *c, gsize i, const char *prefix)
{
  static const struct {
    VsValue value;
    const char *name;
  } optional[] = {{VS_VALUE_QUALITY, "quality"},
                  {VS_VALUE_SERVICE_SCORE, "service score"},
                  {VS_VALUE_LOADED_COST, "loaded cost"}};
  g_autofree char *l = entry_label(c, VS_COMPARED_UNITS, i);
  const gint8 *rb = vs_comparison_get_unit_reaches(c, FALSE, NULL);
  const gint8 *ra = vs_comparison_get_unit_reaches(c, TRUE, NULL);

  vs_i_writer_printf(w, "    %s%s%s: ", prefix, l, status_word(c, VS_COMPARED_UNITS, i));
  value_pair(w, c, VS_COMPARED_UNITS, VS_VALUE_FIX_VALUE, i, "fix value");
  vs_i_writer_puts(w, "; ");
  value_pair(w, c, VS_COMPARED_UNITS, VS_VALUE_EXPOSURE, i, "exposure");
  for (guint k = 0; k < G_N_ELEMENTS(optional); k++)
    if (value_changed(c, VS_COMPARED_UNITS, optional[k].value, i)) {
      vs_i_writer_puts(w, "; ");
      value_pair(w, c, VS_COMPARED_UNITS, optional[k].value, i, optional[k].name);
    }
  if (rb[i] >= 0 && ra[i] >= 0 && rb[i] != ra[i])
    vs_i_writer_puts(w, ra[i] ? "; now reaches a customer" : "; no longer reaches a customer");
  vs_i_writer_puts(w, "\n");
}

static void
rescored_line(VsWriter *w, const VsComparison *c, gsize i, const char *prefix)
{
  g_autofree char *l = handoff_label(c, VS_COMPARED_HANDOFFS_RESCORED, i);

  vs_i_writer_printf(w, "    %s%s: ", prefix, l);
  pair(w, "score", vs_comparison_get_scores(c, FALSE, NULL)[i],
       vs_comparison_get_scores(c, TRUE, NULL)[i], "unrated");
  vs_i_writer_puts(w, "\n");
}

static void
more(VsWriter *w, gsize shown, gsize n)
{
  if (n > shown)
    vs_i_writer_printf(w, "    ... and %" G_GSIZE_FORMAT " more (--format csv lists all)\n",
                       n - shown);
}

static void
text_flags(VsWriter *w, const VsComparison *c)
{
  gsize n;
  const guint32 *added = vs_comparison_get_unit_flags(c, TRUE, &n);
  const guint32 *removed = vs_comparison_get_unit_flags(c, FALSE, NULL);
  gsize shown = 0, total = 0;

  for (gsize i = 0; i < n; i++)
    total += (added[i] | removed[i]) != 0;
  if (total == 0)
    return;
  vs_i_writer_puts(w, "  Flags:\n");
  for (gsize i = 0; i < n && shown < VS_DECIDE_TOP; i++) {
    g_autofree char *l = NULL;
    const char *sep = "";

    if ((added[i] | removed[i]) == 0)
      continue;
    l = entry_label(c, VS_COMPARED_UNITS, i);
    vs_i_writer_printf(w, "    %s:", l);
    for (guint b = 0; b < VS_N_FLAGS; b++)
      if (added[i] & (1u << b)) {
        vs_i_writer_printf(w, "%s %s appeared", sep, vs_i_flag_label(1u << b));
        sep = ";";
      }
    for (guint b = 0; b < VS_N_FLAGS; b++)
      if (removed[i] & (1u << b)) {
        vs_i_writer_printf(w, "%s %s went", sep, vs_i_flag_label(1u << b));
        sep = ";";
      }
    vs_i_writer_puts(w, "\n");
    shown++;
  }
  more(w, shown, total);
}

/* A list of handoffs, cut at VS_DECIDE_TOP. */
static void
handoff_lines(VsWriter *w, const VsComparison *c, VsCompared which, const char *prefix)
{
  gsize n = vs_comparison_get_n(c, which);

  for (gsize i = 0; i < n && i < VS_DECIDE_TOP; i++) {
    g_autofree char *l = handoff_label(c, which, i);
    vs_i_writer_printf(w, "    %s%s\n", prefix, l);
  }
  more(w, MIN(n, VS_DECIDE_TOP), n);
}

static void
text_warnings(VsWriter *w, const VsComparison *c)
{
  const VsAnalysis *after = vs_comparison_get_after(c);
  gsize n = vs_analysis_get_n_warnings(after);

  if (n > 0)
    vs_i_writer_puts(w, "  Warnings:\n");
  for (gsize i = 0; i < n && w->error == NULL; i++) {
    g_autofree char *s = vs_i_printable(vs_analysis_get_warning(after, i));
    vs_i_writer_printf(w, "    %s\n", s);
  }
}

/* A scenario: the customers that changed, the units that moved most, the
 * flags, the handoffs. */
static void
text_scenario(VsWriter *w, const VsComparison *c)
{
  gsize n_customers, n_units, shown;
  g_autofree gsize *customers = vs_i_compared_order(c, VS_COMPARED_CUSTOMERS, &n_customers);
  g_autofree gsize *units = vs_i_compared_order(c, VS_COMPARED_UNITS, &n_units);
  gboolean costs = vs_i_comparison_has_costs(c);
  gsize n_rescored = vs_comparison_get_n(c, VS_COMPARED_HANDOFFS_RESCORED);

  if (n_customers == 0)
    vs_i_writer_puts(w, "  Customers: none changed\n");
  else
    vs_i_writer_printf(w,
                       "  Customers that changed (%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT "):\n",
                       n_customers, vs_comparison_get_n(c, VS_COMPARED_CUSTOMERS));
  shown = MIN(n_customers, VS_DECIDE_TOP);
  for (gsize k = 0; k < shown; k++)
    customer_line(w, c, customers[k], costs, "");
  more(w, shown, n_customers);
  if (n_units == 0)
    vs_i_writer_puts(w, "  Teams and suppliers: none changed\n");
  else
    vs_i_writer_printf(
        w, "  Teams and suppliers that changed most (%" G_GSIZE_FORMAT " changed):\n", n_units);
  shown = MIN(n_units, VS_DECIDE_TOP);
  for (gsize k = 0; k < shown && w->error == NULL; k++)
    unit_line(w, c, units[k], "");
  more(w, shown, n_units);
  text_flags(w, c);
  if (vs_comparison_get_n(c, VS_COMPARED_HANDOFFS_ADDED) +
          vs_comparison_get_n(c, VS_COMPARED_HANDOFFS_REMOVED) + n_rescored >
      0) {
    vs_i_writer_puts(w, "  Handoffs:\n");
    handoff_lines(w, c, VS_COMPARED_HANDOFFS_ADDED, "added: ");
    handoff_lines(w, c, VS_COMPARED_HANDOFFS_REMOVED, "removed: ");
    for (gsize i = 0; i < n_rescored && i < VS_DECIDE_TOP; i++)
      rescored_line(w, c, i, "rescored: ");
    more(w, MIN(n_rescored, VS_DECIDE_TOP), n_rescored);
  }
  text_warnings(w, c);
}

/* ---- the diff: better, worse, new, gone ----------------------------------- */

typedef enum { OTHER, BETTER, WORSE, NEW, GONE } Verdict;

static Verdict
status_verdict(const VsComparison *c, VsCompared which, gsize i)
{
  guint8 s = vs_comparison_get_statuses(c, which, NULL)[i];
  return s == VS_STATUS_ADDED ? NEW : s == VS_STATUS_REMOVED ? GONE : OTHER;
}

/* Less revenue at risk is better; with none moved, a higher quality. */
static Verdict
customer_verdict(const VsComparison *c, gsize i)
{
  Verdict v = status_verdict(c, VS_COMPARED_CUSTOMERS, i);
  const VsCompared C = VS_COMPARED_CUSTOMERS;

  if (v != OTHER)
    return v;
  if (value_changed(c, C, VS_VALUE_REVENUE_AT_RISK, i))
    return value(c, C, VS_VALUE_REVENUE_AT_RISK, TRUE, i) <
                   value(c, C, VS_VALUE_REVENUE_AT_RISK, FALSE, i)
               ? BETTER
               : WORSE;
  if (value_changed(c, C, VS_VALUE_QUALITY, i))
    return value(c, C, VS_VALUE_QUALITY, TRUE, i) > value(c, C, VS_VALUE_QUALITY, FALSE, i) ? BETTER
                                                                                            : WORSE;
  return OTHER;
}

/* A higher service score (how its internal customers rate it) is better;
 * with none moved, a higher received quality. A fix value alone is
 * neither: it falls as much when the unit's customers get worse for other
 * reasons as when the unit is fixed. */
static Verdict
unit_verdict(const VsComparison *c, gsize i)
{
  static const VsValue rules[] = {VS_VALUE_SERVICE_SCORE, VS_VALUE_QUALITY};
  Verdict v = status_verdict(c, VS_COMPARED_UNITS, i);

  if (v != OTHER)
    return v;
  for (guint k = 0; k < G_N_ELEMENTS(rules); k++) {
    double b = value(c, VS_COMPARED_UNITS, rules[k], FALSE, i);
    double a = value(c, VS_COMPARED_UNITS, rules[k], TRUE, i);
    if (isnan(b) || isnan(a) || !value_changed(c, VS_COMPARED_UNITS, rules[k], i))
      continue;
    return a > b ? BETTER : WORSE;
  }
  return OTHER;
}

static Verdict
rescored_verdict(const VsComparison *c, gsize i)
{
  double b = vs_comparison_get_scores(c, FALSE, NULL)[i];
  double a = vs_comparison_get_scores(c, TRUE, NULL)[i];

  if (isnan(a) || isnan(b))
    return OTHER;
  return a > b ? BETTER : WORSE;
}

/* The customers, units and rescored handoffs judged @verdict; added and
 * removed handoffs under NEW and GONE. */
static void
verdict_section(VsWriter *w, const VsComparison *c, Verdict verdict, const char *title,
                const gsize *customers, gsize n_customers, const gsize *units, gsize n_units)
{
  gsize total = 0, shown = 0;
  gboolean costs = vs_i_comparison_has_costs(c);
  gsize n_rescored = vs_comparison_get_n(c, VS_COMPARED_HANDOFFS_RESCORED);
  VsCompared list = verdict == NEW ? VS_COMPARED_HANDOFFS_ADDED : VS_COMPARED_HANDOFFS_REMOVED;

  for (gsize k = 0; k < n_customers; k++)
    total += customer_verdict(c, customers[k]) == verdict;
  for (gsize k = 0; k < n_units; k++)
    total += unit_verdict(c, units[k]) == verdict;
  for (gsize i = 0; i < n_rescored; i++)
    total += rescored_verdict(c, i) == verdict;
  if (verdict == NEW || verdict == GONE)
    total += vs_comparison_get_n(c, list);
  if (total == 0)
    return;
  vs_i_writer_printf(w, "  %s (%" G_GSIZE_FORMAT "):\n", title, total);
  for (gsize k = 0; k < n_customers && shown < VS_DECIDE_TOP; k++)
    if (customer_verdict(c, customers[k]) == verdict) {
      customer_line(w, c, customers[k], costs, "customer ");
      shown++;
    }
  for (gsize k = 0; k < n_units && shown < VS_DECIDE_TOP; k++)
    if (unit_verdict(c, units[k]) == verdict) {
      unit_line(w, c, units[k], "unit ");
      shown++;
    }
  for (gsize i = 0; i < n_rescored && shown < VS_DECIDE_TOP; i++)
    if (rescored_verdict(c, i) == verdict) {
      rescored_line(w, c, i, "handoff ");
      shown++;
    }
  if (verdict == NEW || verdict == GONE)
    for (gsize i = 0; i < vs_comparison_get_n(c, list) && shown < VS_DECIDE_TOP; i++) {
      g_autofree char *l = handoff_label(c, list, i);
      vs_i_writer_printf(w, "    handoff %s\n", l);
      shown++;
    }
  more(w, shown, total);
}

static void
text_diff(VsWriter *w, const VsComparison *c)
{
  gsize n_customers, n_units;
  g_autofree gsize *customers = vs_i_compared_order(c, VS_COMPARED_CUSTOMERS, &n_customers);
  g_autofree gsize *units = vs_i_compared_order(c, VS_COMPARED_UNITS, &n_units);
  gsize n_rescored = vs_comparison_get_n(c, VS_COMPARED_HANDOFFS_RESCORED), n_other = 0;

  if (n_customers + n_units + n_rescored + vs_comparison_get_n(c, VS_COMPARED_HANDOFFS_ADDED) +
          vs_comparison_get_n(c, VS_COMPARED_HANDOFFS_REMOVED) ==
      0) {
    vs_i_writer_puts(w, "  Nothing changed\n");
    text_warnings(w, c);
    return;
  }
  verdict_section(w, c, BETTER, "Improved", customers, n_customers, units, n_units);
  verdict_section(w, c, WORSE, "Got worse", customers, n_customers, units, n_units);
  verdict_section(w, c, NEW, "New", customers, n_customers, units, n_units);
  verdict_section(w, c, GONE, "Gone", customers, n_customers, units, n_units);
  for (gsize k = 0; k < n_customers; k++)
    n_other += customer_verdict(c, customers[k]) == OTHER;
  for (gsize k = 0; k < n_units; k++)
    n_other += unit_verdict(c, units[k]) == OTHER;
  for (gsize i = 0; i < n_rescored; i++)
    n_other += rescored_verdict(c, i) == OTHER;
  if (n_other > 0)
    vs_i_writer_printf(
        w,
        "  Changed otherwise (fix value, exposure, cost, reach, rated or unrated): %" G_GSIZE_FORMAT
        "\n",
        n_other);
  text_flags(w, c);
  text_warnings(w, c);
}

void
vs_i_write_comparisons_text(VsWriter *w, const char *const *names,
                            const VsComparison *const *comparisons, gsize n)
{
  if (names == NULL) {
    vs_i_writer_puts(w, "Comparison of two snapshots (old -> new)\n");
    text_summary(w, comparisons[0]);
    text_diff(w, comparisons[0]);
    return;
  }
  if (n == 0) {
    vs_i_writer_puts(w, "What-if: no scenarios\n");
    return;
  }
  vs_i_writer_printf(w, "What-if: %" G_GSIZE_FORMAT " %s, each against the organisation as it is\n",
                     n, n == 1 ? "scenario" : "scenarios");
  for (gsize i = 0; i < n && w->error == NULL; i++) {
    g_autofree char *name = vs_i_printable(names[i]);
    vs_i_writer_printf(w, "\nScenario %" G_GSIZE_FORMAT ": \"%s\"\n", i + 1, name);
    text_summary(w, comparisons[i]);
    text_scenario(w, comparisons[i]);
    vs_i_writer_flush_if_full(w);
  }
}

/* ---- CSV -------------------------------------------------------------------- */

/* The columns that name a row: scenario, kind, id, name, status, from, to,
 * deliverable, value; @name, @from, @to and @deliverable may be NULL. */
static void
csv_head(VsWriter *w, const char *scenario, const char *kind, const char *id, const char *name,
         const char *status, const char *from, const char *to, const char *deliverable,
         const char *value)
{
  const char *cells[] = {scenario, kind, id, name, status, from, to, deliverable, value};

  for (guint k = 0; k < G_N_ELEMENTS(cells); k++) {
    if (k > 0)
      g_string_append_c(w->buf, ',');
    vs_i_csv_field(w->buf, cells[k]);
  }
}

static void
csv_number(VsWriter *w, double x)
{
  g_string_append_c(w->buf, ',');
  if (!isnan(x))
    vs_i_append_double(w->buf, x);
}

/* before, after, delta (empty where a side is missing), the line's end. */
static void
csv_numbers(VsWriter *w, double before, double after)
{
  csv_number(w, before);
  csv_number(w, after);
  csv_number(w, after - before);
  g_string_append(w->buf, "\r\n");
  vs_i_writer_flush_if_full(w);
}

static void
csv_entries(VsWriter *w, const char *scenario, const VsComparison *c, VsCompared which)
{
  gboolean units = which == VS_COMPARED_UNITS;
  guint n_values;
  const VsValue *values = vs_i_compared_values(which, &n_values);
  const char *kind = units ? "unit" : "customer";
  gsize n;
  const guint8 *status = vs_comparison_get_statuses(c, which, &n);

  for (gsize i = 0; i < n && w->error == NULL; i++) {
    const char *id = vs_i_compared_id(c, which, i), *name = vs_i_compared_name(c, which, i);
    const char *st = vs_status_name((VsStatus)status[i]);

    for (guint k = 0; k < n_values; k++) {
      csv_head(w, scenario, kind, id, name, st, NULL, NULL, NULL, vs_value_name(values[k]));
      csv_numbers(w, value(c, which, values[k], FALSE, i), value(c, which, values[k], TRUE, i));
    }
    if (units) {
      gint8 rb = vs_comparison_get_unit_reaches(c, FALSE, NULL)[i];
      gint8 ra = vs_comparison_get_unit_reaches(c, TRUE, NULL)[i];
      guint32 added = vs_comparison_get_unit_flags(c, TRUE, NULL)[i];
      guint32 removed = vs_comparison_get_unit_flags(c, FALSE, NULL)[i];

      csv_head(w, scenario, kind, id, name, st, NULL, NULL, NULL, "reaches_customer");
      csv_numbers(w, rb < 0 ? NAN : rb, ra < 0 ? NAN : ra);
      for (guint b = 0; b < VS_N_FLAGS; b++)
        if ((added | removed) & (1u << b)) {
          csv_head(w, scenario, "flag", id, name, st, NULL, NULL, NULL, vs_flag_name(1u << b));
          csv_numbers(w, (added & (1u << b)) ? 0 : 1, (added & (1u << b)) ? 1 : 0);
        }
    }
  }
}

static void
csv_handoffs(VsWriter *w, const char *scenario, const VsComparison *c, VsCompared which)
{
  const char *status = which == VS_COMPARED_HANDOFFS_ADDED     ? "added"
                       : which == VS_COMPARED_HANDOFFS_REMOVED ? "removed"
                                                               : "same";
  gsize n = vs_comparison_get_n(c, which);

  for (gsize i = 0; i < n && w->error == NULL; i++) {
    const char *from, *to, *d;

    vs_i_compared_handoff(c, which, i, &from, &to, &d);
    csv_head(w, scenario, "handoff", NULL, NULL, status, from, to, d != NULL ? d : "",
             which == VS_COMPARED_HANDOFFS_RESCORED ? "score" : NULL);
    if (which == VS_COMPARED_HANDOFFS_RESCORED)
      csv_numbers(w, vs_comparison_get_scores(c, FALSE, NULL)[i],
                  vs_comparison_get_scores(c, TRUE, NULL)[i]);
    else
      csv_numbers(w, NAN, NAN);
  }
}

static void
csv_comparison(VsWriter *w, const char *scenario, const VsComparison *c)
{
  const VsAnalysis *after = vs_comparison_get_after(c);

  for (guint f = 0; f < VS_N_FIGURES; f++) {
    double b, a;
    vs_comparison_get_figure(c, (VsFigure)f, &b, &a);
    csv_head(w, scenario, "summary", NULL, NULL, NULL, NULL, NULL, NULL,
             vs_figure_name((VsFigure)f));
    csv_numbers(w, b, a);
  }
  csv_entries(w, scenario, c, VS_COMPARED_CUSTOMERS);
  csv_entries(w, scenario, c, VS_COMPARED_UNITS);
  csv_handoffs(w, scenario, c, VS_COMPARED_HANDOFFS_ADDED);
  csv_handoffs(w, scenario, c, VS_COMPARED_HANDOFFS_REMOVED);
  csv_handoffs(w, scenario, c, VS_COMPARED_HANDOFFS_RESCORED);
  for (gsize i = 0; i < vs_analysis_get_n_warnings(after) && w->error == NULL; i++) {
    csv_head(w, scenario, "warning", NULL, vs_analysis_get_warning(after, i), NULL, NULL, NULL,
             NULL, NULL);
    csv_numbers(w, NAN, NAN);
  }
}

void
vs_i_write_comparisons_csv(VsWriter *w, const char *const *names,
                           const VsComparison *const *comparisons, gsize n)
{
  vs_i_writer_puts(w, "scenario,kind,id,name,status,from,to,deliverable,value,before,after,"
                      "delta\r\n");
  if (names == NULL)
    csv_comparison(w, NULL, comparisons[0]);
  for (gsize i = 0; names != NULL && i < n && w->error == NULL; i++)
    csv_comparison(w, names[i], comparisons[i]);
}
