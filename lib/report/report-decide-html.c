/* valuestream - comparisons (SPEC 10) as one self-contained HTML page:
 * the --format html of `valuestream whatif` and `valuestream diff`, in
 * the style of the report page (its head and style sheet).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Well-formed XHTML, no script, nothing fetched. Strings from the input
 * go through vs_i_writer_xmlf()'s escaping; anchors are numbers, never
 * names. Deltas are coloured by whether they are good news (less revenue
 * at risk, a higher quality or score) or bad; bars are the .bar class of
 * the report page. Tables are cut at VS_DECIDE_TOP rows, the largest
 * movers first (the CSV and JSON carry them all). */
#include <math.h>
#include <string.h>

#include "report-decide-private.h"

#define COLOUR_GOOD "#1a7837"
#define COLOUR_BAD "#b2182b"
#define COLOUR_NEUTRAL "#56606b"
#define COLOUR_RISK "#b2182b"

/* An amount for people; "–" for a missing side. */
static void
amount(VsWriter *w, double x)
{
  g_autofree char *s = NULL;

  if (isnan(x)) {
    vs_i_writer_puts(w, "<span class=\"muted\">&#8211;</span>");
    return;
  }
  s = vs_i_amount(x);
  vs_i_writer_puts(w, s);
}

static void
score(VsWriter *w, double x, const char *none)
{
  if (isnan(x))
    vs_i_writer_printf(w, "<span class=\"muted\">%s</span>", none);
  else
    vs_i_writer_printf(w, "%.2f", x);
}

/* The change from @before to @after, green when good news, red when bad;
 * an amount (3 significant digits) or a score (2 decimals). */
static void
delta(VsWriter *w, double before, double after, gboolean lower_is_better, gboolean is_amount)
{
  double d = after - before;
  const char *colour;

  if (isnan(d)) {
    vs_i_writer_puts(w, "<span class=\"muted\">&#8211;</span>");
    return;
  }
  colour = d == 0 ? COLOUR_NEUTRAL : (d < 0) == lower_is_better ? COLOUR_GOOD : COLOUR_BAD;
  vs_i_writer_printf(w, "<span style=\"color:%s;font-weight:700\">%s", colour, d > 0 ? "+" : "");
  if (is_amount) {
    g_autofree char *s = vs_i_amount(d);
    vs_i_writer_puts(w, s);
  } else {
    vs_i_writer_printf(w, "%.2f", d);
  }
  vs_i_writer_puts(w, "</span>");
}

/* A bar @x / @scale of the .bar width in @colour, then @x. */
static void
bar(VsWriter *w, double x, double scale, const char *colour)
{
  double width = scale > 0 && !isnan(x) ? 100 * CLAMP(x / scale, 0, 1) : 0;

  vs_i_writer_printf(w,
                     "<span class=\"bar\"><span style=\"width:%.0f%%;background:%s\"></span>"
                     "</span>",
                     width, colour);
  amount(w, x);
}

static void
quality_bar(VsWriter *w, double q)
{
  if (isnan(q)) {
    score(w, q, "&#8211;");
    return;
  }
  vs_i_writer_printf(w,
                     "<span class=\"bar\"><span style=\"width:%.0f%%;background:%s\"></span>"
                     "</span>%.2f",
                     100 * CLAMP(q, 0, 1), vs_i_band_colour(vs_i_quality_band(q)), q);
}

static double
value(const VsComparison *c, VsCompared which, VsValue v, gboolean after, gsize i)
{
  return vs_comparison_get_values(c, which, v, after, NULL)[i];
}

/* Name and id (when they differ) and a status badge. */
static void
entry_cell(VsWriter *w, const VsComparison *c, VsCompared which, gsize i)
{
  const char *id = vs_i_compared_id(c, which, i), *name = vs_i_compared_name(c, which, i);
  guint8 status = vs_comparison_get_statuses(c, which, NULL)[i];

  if (strcmp(id, name) == 0)
    vs_i_writer_xmlf(w, "<td><span class=\"unit\">%s</span>", name);
  else
    vs_i_writer_xmlf(w, "<td><span class=\"unit\">%s</span> <span class=\"muted\">%s</span>", name,
                     id);
  if (status == VS_STATUS_ADDED)
    vs_i_writer_puts(w, " <span class=\"flag\">new</span>");
  else if (status == VS_STATUS_REMOVED)
    vs_i_writer_puts(w, " <span class=\"flag hot\">gone</span>");
  vs_i_writer_puts(w, "</td>");
}

/* The headline figures as cards. */
static void
cards(VsWriter *w, const VsComparison *c)
{
  double b, a, fb, fa;
  g_autofree char *was = NULL;

  vs_comparison_get_figure(c, VS_FIGURE_REVENUE_AT_RISK, &b, &a);
  was = vs_i_amount(b);
  vs_i_writer_puts(w, "<div class=\"cards\">\n<div class=\"card risk\"><div class=\"big\">");
  amount(w, a);
  vs_i_writer_printf(w, "</div><div>revenue at risk after (%s before)</div></div>\n", was);
  vs_i_writer_puts(w, "<div class=\"card\"><div class=\"big\">");
  delta(w, b, a, TRUE, TRUE);
  if (b > 0)
    vs_i_writer_printf(w, "</div><div>change in revenue at risk (%+.1f%%)</div></div>\n",
                       100 * (a - b) / b);
  else
    vs_i_writer_puts(w, "</div><div>change in revenue at risk</div></div>\n");
  vs_comparison_get_figure(c, VS_FIGURE_FLAGGED, &fb, &fa);
  vs_i_writer_printf(w,
                     "<div class=\"card\"><div class=\"big\">%.0f</div><div>teams and "
                     "suppliers flagged (%.0f before)</div></div>\n",
                     fa, fb);
  if (vs_i_comparison_has_costs(c)) {
    g_autofree char *cost_was = NULL, *stranded = NULL;
    double sb, sa;

    vs_comparison_get_figure(c, VS_FIGURE_COST_TO_SERVE, &b, &a);
    vs_comparison_get_figure(c, VS_FIGURE_STRANDED_COST, &sb, &sa);
    cost_was = vs_i_amount(b);
    stranded = vs_i_amount(sa);
    vs_i_writer_puts(w, "<div class=\"card\"><div class=\"big\">");
    amount(w, a);
    vs_i_writer_printf(w,
                       "</div><div>cost to serve the customers (%s before); %s stranded</div>"
                       "</div>\n",
                       cost_was, stranded);
  }
  vs_i_writer_puts(w, "</div>\n");
}

static void
more(VsWriter *w, gsize shown, gsize n)
{
  if (n > shown)
    vs_i_writer_printf(w,
                       "<p class=\"note\">%" G_GSIZE_FORMAT " more not shown (--format csv "
                       "lists all).</p>\n",
                       n - shown);
}

static void
customers_table(VsWriter *w, const VsComparison *c, double scale)
{
  gsize n, shown;
  g_autofree gsize *order = vs_i_compared_order(c, VS_COMPARED_CUSTOMERS, &n);
  gboolean costs = vs_i_comparison_has_costs(c);
  const VsCompared C = VS_COMPARED_CUSTOMERS;

  vs_i_writer_printf(
      w, "<h3>Customers that changed (%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT ")</h3>\n", n,
      vs_comparison_get_n(c, C));
  if (n == 0) {
    vs_i_writer_puts(w, "<p>No customer changed.</p>\n");
    return;
  }
  vs_i_writer_printf(w,
                     "<table class=\"customers\">\n<tr><th>Customer</th><th>Quality before"
                     "</th><th>Quality after</th><th>At risk before</th><th>At risk after"
                     "</th><th>Change</th>%s</tr>\n",
                     costs ? "<th>Cost to serve before</th><th>after</th>" : "");
  shown = MIN(n, VS_DECIDE_TOP);
  for (gsize k = 0; k < shown && w->error == NULL; k++) {
    gsize i = order[k];
    double rb = value(c, C, VS_VALUE_REVENUE_AT_RISK, FALSE, i);
    double ra = value(c, C, VS_VALUE_REVENUE_AT_RISK, TRUE, i);

    vs_i_writer_puts(w, "<tr>");
    entry_cell(w, c, C, i);
    vs_i_writer_puts(w, "<td class=\"num\">");
    quality_bar(w, value(c, C, VS_VALUE_QUALITY, FALSE, i));
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    quality_bar(w, value(c, C, VS_VALUE_QUALITY, TRUE, i));
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    bar(w, rb, scale, COLOUR_RISK);
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    bar(w, ra, scale, COLOUR_RISK);
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    delta(w, rb, ra, TRUE, TRUE);
    vs_i_writer_puts(w, "</td>");
    if (costs) {
      vs_i_writer_puts(w, "<td class=\"num\">");
      amount(w, value(c, C, VS_VALUE_COST_TO_SERVE, FALSE, i));
      vs_i_writer_puts(w, "</td><td class=\"num\">");
      amount(w, value(c, C, VS_VALUE_COST_TO_SERVE, TRUE, i));
      vs_i_writer_puts(w, "</td>");
    }
    vs_i_writer_puts(w, "</tr>\n");
  }
  vs_i_writer_puts(w, "</table>\n");
  more(w, shown, n);
}

/* Flags appeared (+) and went (-) as badges. */
static void
flag_changes(VsWriter *w, guint32 added, guint32 removed)
{
  for (guint b = 0; b < VS_N_FLAGS; b++)
    if (added & (1u << b))
      vs_i_writer_printf(w, "<span class=\"flag hot\" title=\"appeared\">+ %s</span>",
                         vs_i_flag_label(1u << b));
  for (guint b = 0; b < VS_N_FLAGS; b++)
    if (removed & (1u << b))
      vs_i_writer_printf(w, "<span class=\"flag\" title=\"went\">&#8722; %s</span>",
                         vs_i_flag_label(1u << b));
}

static void
units_table(VsWriter *w, const VsComparison *c, double scale)
{
  gsize n, shown;
  g_autofree gsize *order = vs_i_compared_order(c, VS_COMPARED_UNITS, &n);
  const VsCompared U = VS_COMPARED_UNITS;
  const guint32 *added = vs_comparison_get_unit_flags(c, TRUE, NULL);
  const guint32 *removed = vs_comparison_get_unit_flags(c, FALSE, NULL);

  vs_i_writer_printf(
      w, "<h3>Teams and suppliers that changed most (%" G_GSIZE_FORMAT " changed)</h3>\n", n);
  if (n == 0) {
    vs_i_writer_puts(w, "<p>No team or supplier changed.</p>\n");
    return;
  }
  vs_i_writer_puts(w, "<table class=\"units\">\n<tr><th>Team or supplier</th><th>Fix value "
                      "before</th><th>Fix value after</th><th>Change</th><th>Service score</th>"
                      "<th>Exposure change</th><th>Flags</th></tr>\n");
  shown = MIN(n, VS_DECIDE_TOP);
  for (gsize k = 0; k < shown && w->error == NULL; k++) {
    gsize i = order[k];
    double fb = value(c, U, VS_VALUE_FIX_VALUE, FALSE, i);
    double fa = value(c, U, VS_VALUE_FIX_VALUE, TRUE, i);
    double sb = value(c, U, VS_VALUE_SERVICE_SCORE, FALSE, i);
    double sa = value(c, U, VS_VALUE_SERVICE_SCORE, TRUE, i);

    vs_i_writer_puts(w, "<tr>");
    entry_cell(w, c, U, i);
    vs_i_writer_puts(w, "<td class=\"num\">");
    bar(w, fb, scale, COLOUR_RISK);
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    bar(w, fa, scale, COLOUR_RISK);
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    delta(w, fb, fa, TRUE, TRUE);
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    score(w, sb, "unrated");
    vs_i_writer_puts(w, " &#8594; ");
    score(w, sa, "unrated");
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    delta(w, value(c, U, VS_VALUE_EXPOSURE, FALSE, i), value(c, U, VS_VALUE_EXPOSURE, TRUE, i),
          FALSE, TRUE);
    vs_i_writer_puts(w, "</td><td>");
    flag_changes(w, added[i], removed[i]);
    vs_i_writer_puts(w, "</td></tr>\n");
  }
  vs_i_writer_puts(w, "</table>\n");
  more(w, shown, n);
}

static void
handoff_row(VsWriter *w, const VsComparison *c, VsCompared which, gsize i)
{
  const char *from, *to, *d;
  const char *what = which == VS_COMPARED_HANDOFFS_ADDED ? "<span class=\"flag\">new</span>"
                     : which == VS_COMPARED_HANDOFFS_REMOVED
                         ? "<span class=\"flag hot\">gone</span>"
                         : "rescored";

  vs_i_compared_handoff(c, which, i, &from, &to, &d);
  vs_i_writer_printf(w, "<tr><td>%s</td>", what);
  vs_i_writer_xmlf(w, "<td>%s</td><td>%s</td><td>%s</td><td class=\"num\">", from, to,
                   d != NULL ? d : "");
  if (which == VS_COMPARED_HANDOFFS_RESCORED) {
    double b = vs_comparison_get_scores(c, FALSE, NULL)[i];
    double a = vs_comparison_get_scores(c, TRUE, NULL)[i];
    score(w, b, "unrated");
    vs_i_writer_puts(w, " &#8594; ");
    score(w, a, "unrated");
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    delta(w, b, a, FALSE, FALSE);
  } else {
    vs_i_writer_puts(w, "</td><td class=\"num\">");
  }
  vs_i_writer_puts(w, "</td></tr>\n");
}

static void
handoffs_table(VsWriter *w, const VsComparison *c)
{
  static const VsCompared lists[] = {VS_COMPARED_HANDOFFS_ADDED, VS_COMPARED_HANDOFFS_REMOVED,
                                     VS_COMPARED_HANDOFFS_RESCORED};
  gsize total = 0, shown = 0;

  for (guint l = 0; l < G_N_ELEMENTS(lists); l++)
    total += vs_comparison_get_n(c, lists[l]);
  if (total == 0)
    return;
  vs_i_writer_printf(w, "<h3>Handoffs (%" G_GSIZE_FORMAT " changed)</h3>\n", total);
  vs_i_writer_puts(w, "<table class=\"handoffs\">\n<tr><th>What</th><th>From</th><th>To</th>"
                      "<th>Deliverable</th><th>Score</th><th>Change</th></tr>\n");
  for (guint l = 0; l < G_N_ELEMENTS(lists); l++)
    for (gsize i = 0; i < vs_comparison_get_n(c, lists[l]) && shown < VS_DECIDE_TOP; i++) {
      handoff_row(w, c, lists[l], i);
      shown++;
    }
  vs_i_writer_puts(w, "</table>\n");
  more(w, shown, total);
}

static void
warnings_list(VsWriter *w, const VsComparison *c)
{
  const VsAnalysis *after = vs_comparison_get_after(c);
  gsize n = vs_analysis_get_n_warnings(after);

  if (n == 0)
    return;
  vs_i_writer_puts(w, "<h3>Warnings</h3>\n<ul>\n");
  for (gsize i = 0; i < n && w->error == NULL; i++)
    vs_i_writer_xmlf(w, "<li>%s</li>\n", vs_analysis_get_warning(after, i));
  vs_i_writer_puts(w, "</ul>\n");
}

static void
comparison_body(VsWriter *w, const VsComparison *c)
{
  double scale = vs_i_comparison_revenue_scale(c);

  cards(w, c);
  customers_table(w, c, scale);
  units_table(w, c, scale);
  handoffs_table(w, c);
  warnings_list(w, c);
}

/* What-if: one row per scenario, revenue at risk before and after. */
static void
overview(VsWriter *w, const char *const *names, const VsComparison *const *comparisons, gsize n)
{
  double scale = 0;

  for (gsize i = 0; i < n; i++)
    scale = MAX(scale, vs_i_comparison_revenue_scale(comparisons[i]));
  vs_i_writer_puts(w, "<h2 id=\"overview\">The scenarios</h2>\n<table class=\"scenarios\">\n"
                      "<tr><th>#</th><th>Scenario</th><th>At risk before</th><th>At risk after"
                      "</th><th>Change</th><th>Flagged</th></tr>\n");
  for (gsize i = 0; i < n && w->error == NULL; i++) {
    double b, a, fb, fa;

    vs_comparison_get_figure(comparisons[i], VS_FIGURE_REVENUE_AT_RISK, &b, &a);
    vs_comparison_get_figure(comparisons[i], VS_FIGURE_FLAGGED, &fb, &fa);
    vs_i_writer_xmlf(w,
                     "<tr><td class=\"num\">%zu</td><td><a href=\"#scenario-%zu\">%s</a></td>"
                     "<td class=\"num\">",
                     i + 1, i + 1, names[i]);
    bar(w, b, scale, COLOUR_RISK);
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    bar(w, a, scale, COLOUR_RISK);
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    delta(w, b, a, TRUE, TRUE);
    vs_i_writer_printf(w, "</td><td class=\"num\">%.0f &#8594; %.0f</td></tr>\n", fb, fa);
  }
  vs_i_writer_puts(w, "</table>\n");
}

static void
footer(VsWriter *w)
{
  vs_i_writer_puts(w, "<footer>\n<h2>How to read this page</h2>\n<dl>\n"
                      "<dt>Revenue at risk</dt><dd>Revenue the paying customers may withhold "
                      "because of poor handoffs upstream of them.</dd>\n"
                      "<dt>Change</dt><dd>After minus before: <span style=\"color:" COLOUR_GOOD
                      "\">green</span> is good news (less at risk, a higher score), "
                      "<span style=\"color:" COLOUR_BAD "\">red</span> is bad news.</dd>\n"
                      "<dt>Fix value</dt><dd>How much revenue at risk fixing a team's handoffs "
                      "would remove.</dd>\n"
                      "<dt>Exposure</dt><dd>The revenue a team's work reaches.</dd>\n"
                      "<dt>New, gone</dt><dd>Only after, only before.</dd>\n</dl>\n</footer>\n"
                      "</main>\n</body>\n</html>\n");
}

void
vs_i_write_comparisons_html(VsWriter *w, const char *const *names,
                            const VsComparison *const *comparisons, gsize n,
                            const VsReportOptions *o)
{
  const char *title = o->title != NULL ? o->title
                      : names != NULL  ? "What-if scenarios"
                                       : "Comparison";

  vs_i_html_head(w, title);
  vs_i_writer_xmlf(w, "<h1>%s</h1>\n", title);
  if (names == NULL) {
    vs_i_writer_printf(w,
                       "<p class=\"sub\">Two snapshots of an organisation compared, the older "
                       "before the newer. Made by valuestream %s.</p>\n",
                       vs_version_string());
    comparison_body(w, comparisons[0]);
  } else {
    vs_i_writer_printf(w,
                       "<p class=\"sub\">%" G_GSIZE_FORMAT " %s, each applied to a copy of the "
                       "organisation and compared with it as it is. Made by valuestream %s."
                       "</p>\n",
                       n, n == 1 ? "scenario" : "scenarios", vs_version_string());
    if (n > 0)
      overview(w, names, comparisons, n);
    for (gsize i = 0; i < n && w->error == NULL; i++) {
      vs_i_writer_xmlf(w, "<h2 id=\"scenario-%zu\">%zu. %s</h2>\n", i + 1, i + 1, names[i]);
      comparison_body(w, comparisons[i]);
      vs_i_writer_flush_if_full(w);
    }
  }
  footer(w);
}
