/* valuestream - one self-contained HTML page for a manager.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * XHTML-compatible (well-formed XML, so any XML parser reads it), inline
 * CSS and SVG, no script and nothing fetched: it opens from disk in any
 * browser. Every string from the input goes through vs_i_writer_xmlf()'s
 * escaping. The picture is drawn by report-svg.c. */
#include <math.h>
#include <string.h>

#include "report-layout.h"

static const char css[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
    "color:#1d232a;margin:0;background:#f5f6f8;line-height:1.45}"
    "main{max-width:1180px;margin:0 auto;padding:20px 28px 40px}"
    "h1{font-size:1.7em;margin:0.2em 0 0.1em}"
    "h2{font-size:1.25em;margin:1.8em 0 0.4em;border-bottom:2px solid #d5d9df;padding-bottom:4px}"
    ".sub,.note{color:#56606b;margin:0.2em 0 0.6em}"
    ".cards{display:flex;flex-wrap:wrap;gap:14px;margin:16px 0}"
    ".card{background:#fff;border:1px solid #d5d9df;border-radius:8px;padding:12px 18px;"
    "min-width:180px;flex:1}"
    ".card .big{font-size:2em;font-weight:700}"
    ".card.risk .big{color:#b2182b}"
    "ol.flagged{list-style:none;padding:0;margin:0}"
    "ol.flagged li{background:#fff;border:1px solid #d5d9df;border-left:6px solid #1b1b1b;"
    "border-radius:6px;padding:10px 14px;margin:0 0 10px}"
    ".head{display:flex;flex-wrap:wrap;align-items:baseline;gap:8px}"
    ".rank{display:inline-block;min-width:1.6em;text-align:center;background:#1b1b1b;color:#fff;"
    "border-radius:1em;font-weight:700;font-size:0.9em}"
    ".unit{font-weight:700;font-size:1.05em}"
    ".muted{color:#6b7580;font-size:0.9em}"
    ".fix{margin-left:auto;font-weight:700;color:#b2182b}"
    ".why{margin:6px 0}"
    ".flag{display:inline-block;font-size:0.78em;border:1px solid #9aa4ae;border-radius:10px;"
    "padding:0 8px;margin:2px 4px 2px 0;background:#f0f2f5}"
    ".flag.hot{border-color:#b2182b;color:#b2182b;background:#fdf0ee}"
    ".scroll{overflow:auto;background:#fff;border:1px solid #d5d9df;border-radius:8px;padding:8px;"
    "max-height:1400px;margin:6px 0 0 calc(50% - 50vw + 16px);width:calc(100vw - 50px)}"
    "#vs-fit:checked+label+.scroll svg{width:100%;height:auto}"
    "label{color:#56606b;font-size:0.9em}"
    "table{border-collapse:collapse;background:#fff;width:100%;font-size:0.93em}"
    "th,td{border:1px solid #dde1e6;padding:4px 8px;text-align:left;vertical-align:top}"
    "th{background:#eef1f4}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".bar{display:inline-block;width:90px;height:9px;background:#eceff2;border-radius:4px;"
    "margin-right:6px;vertical-align:middle}"
    ".bar span{display:block;height:9px;border-radius:4px}"
    ".diag-systemic{color:#b2182b;font-weight:700}"
    ".diag-individual{color:#b35806;font-weight:700}"
    ".diag-healthy{color:#1a7837}"
    "svg text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif}"
    "footer{color:#56606b;font-size:0.9em;margin-top:2.5em}"
    "dt{font-weight:700}dd{margin:0 0 6px 18px}";

/* ---- small pieces --------------------------------------------------------------- */

static void
amount(VsWriter *w, double x)
{
  g_autofree char *s = vs_i_amount(x);
  vs_i_writer_puts(w, s);
}

static void
unit_cell(VsWriter *w, const VsAnalysisView *av, guint32 u)
{
  const char *id = vs_org_get_unit_id(av->org, u), *name = vs_org_get_unit_name(av->org, u);
  if (strcmp(id, name) == 0)
    vs_i_writer_xmlf(w, "<span class=\"unit\">%s</span>", name);
  else
    vs_i_writer_xmlf(w, "<span class=\"unit\">%s</span> <span class=\"muted\">%s</span>", name, id);
}

/* "1 team", "2 teams" */
static void
counted(VsWriter *w, gsize n, const char *one, const char *many)
{
  vs_i_writer_printf(w, "%" G_GSIZE_FORMAT " %s", n, n == 1 ? one : many);
}

/* Names of @units, comma-separated ("none" when empty). */
static void
unit_list(VsWriter *w, const VsAnalysisView *av, const guint32 *units, gsize n)
{
  if (n == 0)
    vs_i_writer_puts(w, "<span class=\"muted\">none</span>");
  for (gsize i = 0; i < n; i++)
    vs_i_writer_xmlf(w, "%s%s", i ? ", " : "", vs_org_get_unit_name(av->org, units[i]));
}

static const char *
flag_title(guint32 flag)
{
  switch (flag) {
  case VS_FLAG_CAPTIVE_POOR_SERVICE:
    return "An internal customer rates one of its handoffs poorly and gets that deliverable "
           "from no one else";
  case VS_FLAG_CHOKEPOINT:
    return "Other teams reach the paying customers only through this one";
  case VS_FLAG_DETERIORATING:
    return "Survey ratings by an internal customer are falling significantly";
  case VS_FLAG_NO_LINE_OF_SIGHT:
    return "Its work reaches no paying customer";
  case VS_FLAG_POOR_SERVICE:
    return "Its internal customers rate its service poorly";
  case VS_FLAG_REWORK_LOOP:
    return "Work comes back to it through a rework loop";
  case VS_FLAG_RIPPLE:
    return "Fixing its handoffs would recover a noticeable share of revenue";
  default:
    return "";
  }
}

static void
flag_badges(VsWriter *w, guint32 flags)
{
  static const guint32 hot = VS_FLAG_RIPPLE | VS_FLAG_CAPTIVE_POOR_SERVICE | VS_FLAG_DETERIORATING |
                             VS_FLAG_NO_LINE_OF_SIGHT;
  for (guint b = 0; b < VS_N_FLAGS; b++) {
    guint32 f = 1u << b;
    if (flags & f)
      vs_i_writer_xmlf(w, "<span class=\"flag%s\" title=\"%s\">%s</span>", (hot & f) ? " hot" : "",
                       flag_title(f), vs_i_flag_label(f));
  }
}

static void
score_or_dash(VsWriter *w, double x)
{
  if (isnan(x))
    vs_i_writer_puts(w, "<span class=\"muted\">unrated</span>");
  else
    vs_i_writer_printf(w, "%.2f", x);
}

static void
quality_bar(VsWriter *w, double q)
{
  vs_i_writer_printf(
      w, "<span class=\"bar\"><span style=\"width:%.0f%%;background:%s\"></span></span>%.2f",
      100 * CLAMP(q, 0, 1), vs_i_band_colour(vs_i_quality_band(q)), q);
}

/* ---- sections -------------------------------------------------------------------- */

void
vs_i_html_head(VsWriter *w, const char *title)
{
  vs_i_writer_puts(w,
                   "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
                   "<head>\n<meta charset=\"utf-8\"/>\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
  vs_i_writer_xmlf(w, "<title>%s</title>\n<style>", title);
  vs_i_writer_puts(w, css);
  vs_i_writer_puts(w, "</style>\n</head>\n<body>\n<main>\n");
}

static void
headline(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o, gsize n_flagged)
{
  const VsOrg *org = av->org;
  gsize actors = av->n - av->n_customers;

  vs_i_writer_xmlf(w, "<h1>%s</h1>\n", o->title != NULL ? o->title : "Value stream report");
  vs_i_writer_printf(w, "<p class=\"sub\">");
  counted(w, av->n, "unit", "units");
  vs_i_writer_puts(w, ": ");
  counted(w, vs_org_get_n_kind(org, VS_KIND_TEAM), "team", "teams");
  vs_i_writer_puts(w, ", ");
  counted(w, vs_org_get_n_kind(org, VS_KIND_SUPPLIER), "supplier", "suppliers");
  vs_i_writer_puts(w, " and ");
  counted(w, av->n_customers, "paying customer", "paying customers");
  vs_i_writer_puts(w, ", linked by ");
  counted(w, av->m, "handoff", "handoffs");
  vs_i_writer_printf(w, ". Made by valuestream %s.</p>\n", vs_version_string());
  vs_i_writer_puts(w, "<div class=\"cards\">\n<div class=\"card\"><div class=\"big\">");
  amount(w, av->total_revenue);
  vs_i_writer_puts(w, "</div><div>revenue per period</div></div>\n"
                      "<div class=\"card risk\"><div class=\"big\">");
  amount(w, av->total_risk);
  vs_i_writer_printf(w, "</div><div>at risk from poor handoffs (%.1f%% of revenue)</div></div>\n",
                     av->total_revenue > 0 ? 100 * av->total_risk / av->total_revenue : 0.0);
  vs_i_writer_printf(w,
                     "<div class=\"card\"><div class=\"big\">%" G_GSIZE_FORMAT
                     "</div><div>of %" G_GSIZE_FORMAT
                     " teams and suppliers flagged</div></div>\n</div>\n",
                     n_flagged, actors);
}

static void
flagged_item(VsWriter *w, const VsAnalysisView *av, guint32 u, gsize rank)
{
  g_autofree char *why = vs_i_explain(av, u);
  const char *group = vs_org_get_unit_group(av->org, u);

  vs_i_writer_printf(w,
                     "<li id=\"rank-%" G_GSIZE_FORMAT
                     "\"><div class=\"head\"><span class=\"rank\">%" G_GSIZE_FORMAT "</span>",
                     rank, rank);
  unit_cell(w, av, u);
  if (group != NULL)
    vs_i_writer_xmlf(w, "<span class=\"muted\">%s</span>", group);
  if (av->kind[u] == VS_KIND_SUPPLIER)
    vs_i_writer_puts(w, "<span class=\"muted\">(supplier)</span>");
  if (av->fix[u] > 0) {
    vs_i_writer_puts(w, "<span class=\"fix\" title=\"revenue at risk a fix would remove\">fix: ");
    amount(w, av->fix[u]);
    vs_i_writer_puts(w, "</span>");
  }
  vs_i_writer_xmlf(w, "</div>\n<p class=\"why\">%s</p>\n<div>", why);
  flag_badges(w, av->flags[u]);
  vs_i_writer_puts(w, " <span class=\"muted\">service score ");
  score_or_dash(w, av->service[u]);
  vs_i_writer_printf(w, " \u00b7 quality received %.2f \u00b7 revenue depending on it ", av->q[u]);
  amount(w, av->exposure[u]);
  vs_i_writer_puts(w, "</span></div></li>\n");
}

static void
flagged_section(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o,
                const guint32 *flagged, gsize n_flagged)
{
  gsize shown = o->top == 0 ? n_flagged : MIN(n_flagged, (gsize)o->top);

  vs_i_writer_puts(w, "<h2 id=\"act\">Where to act first</h2>\n");
  if (n_flagged == 0) {
    vs_i_writer_puts(w, "<p>No team or supplier is flagged.</p>\n");
    return;
  }
  vs_i_writer_puts(w, "<p class=\"note\">Flagged teams, ranked by how much revenue at risk fixing "
                      "their handoffs would remove. Each says what its internal customers "
                      "get, where that work goes, and what a fix is worth.</p>\n"
                      "<ol class=\"flagged\">\n");
  for (gsize i = 0; i < shown && w->error == NULL; i++)
    flagged_item(w, av, flagged[i], i + 1);
  vs_i_writer_puts(w, "</ol>\n");
  if (shown < n_flagged)
    vs_i_writer_printf(w,
                       "<p class=\"note\">%" G_GSIZE_FORMAT " more flagged teams are in the "
                       "<a href=\"#all-flagged\">table of all flagged teams</a>.</p>\n",
                       n_flagged - shown);
}

/* The improvement plan (SPEC 9) with its defaults, 5 steps to target 1,
 * made from the analysis the page shows; nothing when nothing is at risk. */
static void
plan_section(VsWriter *w, const VsAnalysisView *av)
{
  g_autoptr(VsPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  if (!(av->total_risk > 0))
    return;
  vs_i_writer_puts(w, "<h2 id=\"plan\">Improvement plan</h2>\n");
  plan = vs_plan_new(av->analysis, NULL, &error);
  if (plan == NULL)
    vs_i_writer_xmlf(w, "<p class=\"note\">No plan could be made: %s</p>\n", error->message);
  else
    vs_i_write_plan_html(w, plan);
}

static void
picture_section(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o)
{
  g_autoptr(VsLayout) l = vs_i_layout_new(av->analysis, o, TRUE);

  vs_i_writer_puts(w, "<h2 id=\"picture\">The value stream</h2>\n"
                      "<p class=\"note\">Work flows from left to right: from suppliers, through "
                      "the teams that hand it on to their internal customers, to the paying "
                      "customers in the last column. Point at a box or a line for its "
                      "figures.</p>\n");
  if (l->left_out_units > 0)
    vs_i_writer_printf(w,
                       "<p class=\"note\"><strong>Part of the organisation is shown.</strong> "
                       "This picture shows %u of %" G_GSIZE_FORMAT
                       " units: the chains from the %u highest-ranked flagged teams to the "
                       "customers, and the customers with the most revenue at risk. "
                       "%" G_GSIZE_FORMAT " units and %" G_GSIZE_FORMAT
                       " handoffs are left out; the tables list every unit that matters.</p>\n",
                       l->n_nodes, av->n, l->n_teams_shown, l->left_out_units,
                       l->left_out_handoffs);
  /* The picture fits the window at first (a wide org would otherwise
   * scroll sideways in a 1280-pixel window); unticking shows it at full
   * size, to scroll and zoom. */
  vs_i_writer_puts(w, "<input type=\"checkbox\" id=\"vs-fit\" checked=\"checked\"/>"
                      "<label for=\"vs-fit\"> fit the picture to the window (untick to see it at "
                      "full size and scroll)</label>\n<div class=\"scroll\">\n");
  vs_i_write_svg(w, av, l, o);
  vs_i_writer_puts(w, "</div>\n");
}

static void
customer_row(VsWriter *w, const VsAnalysisView *av, guint32 c, guint32 count)
{
  gsize n = 0;
  /* all of them when they are few, else their number and the nearest */
  g_autofree guint32 *critical =
      count <= 20 ? vs_analysis_dup_critical_units(av->analysis, c, &n) : NULL;

  vs_i_writer_puts(w, "<tr><td>");
  unit_cell(w, av, c);
  vs_i_writer_puts(w, "</td><td class=\"num\">");
  amount(w, vs_org_get_unit_revenue(av->org, c));
  vs_i_writer_puts(w, "</td><td class=\"num\">");
  quality_bar(w, av->q[c]);
  vs_i_writer_puts(w, "</td><td class=\"num\">");
  amount(w, av->risk[c]);
  vs_i_writer_puts(w, "</td><td>");
  if (count <= 20) {
    unit_list(w, av, critical, n);
  } else {
    gint32 v = av->idom[c];
    vs_i_writer_printf(w, "%u units; the nearest: ", count);
    for (guint i = 0; i < 8 && v >= 0; i++, v = av->idom[v])
      vs_i_writer_xmlf(w, "%s%s", i ? ", " : "", vs_org_get_unit_name(av->org, (gsize)v));
    vs_i_writer_puts(w, ", …");
  }
  vs_i_writer_puts(w, "</td></tr>\n");
}

static void
customers_section(VsWriter *w, const VsAnalysisView *av)
{
  g_autofree guint32 *order = vs_i_customers_by_risk(av);
  g_autofree guint32 *depth = vs_i_dominator_depths(av);

  vs_i_writer_puts(w, "<h2 id=\"customers\">Paying customers</h2>\n");
  if (av->n_customers == 0) {
    vs_i_writer_puts(w, "<p>The organisation has no paying customer.</p>\n");
    return;
  }
  vs_i_writer_puts(w, "<p class=\"note\">What each customer receives (1.00 = complete and "
                      "accurate), the revenue that puts at risk, and the critical units: those "
                      "every piece of its value passes through.</p>\n<table>\n<tr><th>Customer</th>"
                      "<th>Revenue</th><th>Quality received</th><th>At risk</th>"
                      "<th>Critical units</th></tr>\n");
  for (guint32 k = 0; k < av->n_customers && w->error == NULL; k++)
    customer_row(w, av, order[k], depth[order[k]] - 1);
  vs_i_writer_puts(w, "</table>\n");
}

/* ---- cost to serve (SPEC 7) ------------------------------------------------------ */

/* The panel's colours: revenue, cost, a positive and a negative margin. */
#define COLOUR_REVENUE "#4393c3"
#define COLOUR_COST "#f4a582"
#define COLOUR_MARGIN "#5aae61"
#define COLOUR_LOSS "#b2182b"
/* Units listed as holding stranded cost; the rest are counted. */
#define STRANDED_SHOWN 20

/* An amount with a bar of @x / @scale of the .bar width, in the style of
 * quality_bar(); a negative @x draws its magnitude. */
static void
amount_bar(VsWriter *w, double x, double scale, const char *colour)
{
  double width = scale > 0 ? 100 * CLAMP(fabs(x) / scale, 0, 1) : 0;
  vs_i_writer_printf(w,
                     "<span class=\"bar\"><span style=\"width:%.0f%%;background:%s\"></span>"
                     "</span>",
                     width, colour);
  amount(w, x);
}

static void
cost_customer_row(VsWriter *w, const VsAnalysisView *av, guint32 c, double scale)
{
  double margin = av->margin[c];

  vs_i_writer_puts(w, "<tr><td>");
  unit_cell(w, av, c);
  vs_i_writer_puts(w, "</td><td class=\"num\">");
  amount_bar(w, vs_org_get_unit_revenue(av->org, c), scale, COLOUR_REVENUE);
  vs_i_writer_puts(w, "</td><td class=\"num\">");
  amount_bar(w, av->cost_to_serve[c], scale, COLOUR_COST);
  vs_i_writer_puts(w, "</td><td class=\"num\">");
  amount_bar(w, margin, scale, margin < 0 ? COLOUR_LOSS : COLOUR_MARGIN);
  vs_i_writer_puts(w, "</td></tr>\n");
}

/* Where the stranded cost sits: the largest holders, then a count. */
static void
cost_stranded(VsWriter *w, const VsAnalysisView *av)
{
  gsize n = 0, shown;
  g_autofree guint32 *units = vs_i_stranded_units(av, &n);

  if (n == 0) {
    vs_i_writer_puts(w, "<p>No cost is stranded: every team's and supplier's cost reaches a "
                        "paying customer.</p>\n");
    return;
  }
  shown = MIN(n, (gsize)STRANDED_SHOWN);
  vs_i_writer_puts(w, "<p class=\"note\">Stranded cost: what teams whose work reaches no paying "
                      "customer cost, their own and what others hand them. Largest first.</p>\n"
                      "<table>\n<tr><th>Team</th><th>Department</th><th>Own cost</th>"
                      "<th>Stranded cost</th></tr>\n");
  for (gsize i = 0; i < shown && w->error == NULL; i++) {
    guint32 u = units[i];
    const char *group = vs_org_get_unit_group(av->org, u);
    vs_i_writer_puts(w, "<tr><td>");
    unit_cell(w, av, u);
    vs_i_writer_xmlf(w, "</td><td>%s</td><td class=\"num\">", group != NULL ? group : "");
    amount(w, av->unit_cost[u]);
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    amount_bar(w, av->stranded_cost[u], av->stranded_cost[units[0]], COLOUR_LOSS);
    vs_i_writer_puts(w, "</td></tr>\n");
  }
  vs_i_writer_puts(w, "</table>\n");
  if (shown < n) {
    double rest = 0;
    for (gsize i = shown; i < n; i++)
      rest += av->stranded_cost[units[i]];
    vs_i_writer_printf(w, "<p class=\"note\">%" G_GSIZE_FORMAT " more teams hold ", n - shown);
    amount(w, rest);
    vs_i_writer_puts(w, " of stranded cost.</p>\n");
  }
}

/* The panel, only for an org with costs: the totals, each customer's
 * revenue, cost to serve and margin as bars on one scale (lowest margin
 * first), and the stranded cost with the units that hold it. */
static void
cost_section(VsWriter *w, const VsAnalysisView *av)
{
  g_autofree guint32 *order = NULL;
  double scale = 0;

  if (!vs_i_has_costs(av))
    return;
  vs_i_writer_puts(w, "<h2 id=\"cost\">Cost to serve</h2>\n<p class=\"note\">Each team's and "
                      "supplier's cost, handed on along its handoffs to its internal customers "
                      "until it reaches a paying customer. Total cost ");
  amount(w, av->total_cost);
  vs_i_writer_puts(w, " per period: ");
  amount(w, av->total_cost_to_serve);
  vs_i_writer_puts(w, " serves the paying customers, ");
  amount(w, av->total_stranded_cost);
  vs_i_writer_puts(w, " is stranded (it reaches no customer).</p>\n");
  if (av->n_customers > 0) {
    order = vs_i_customers_by_margin(av);
    for (guint32 k = 0; k < av->n_customers; k++) {
      guint32 c = av->customers[k];
      scale = MAX(scale, MAX(vs_org_get_unit_revenue(av->org, c), av->cost_to_serve[c]));
    }
    vs_i_writer_puts(w, "<table>\n<tr><th>Customer (lowest margin first)</th><th>Revenue</th>"
                        "<th>Cost to serve</th><th>Margin</th></tr>\n");
    for (guint32 k = 0; k < av->n_customers && w->error == NULL; k++)
      cost_customer_row(w, av, order[k], scale);
    vs_i_writer_puts(w, "</table>\n");
  }
  cost_stranded(w, av);
}

/* A sparkline of the period means, scaled to their own range. */
static void
sparkline(VsWriter *w, const double *means, gsize n)
{
  const double width = 140, height = 30, pad = 4;
  double lo = means[0], hi = means[0];

  for (gsize i = 1; i < n; i++) {
    lo = MIN(lo, means[i]);
    hi = MAX(hi, means[i]);
  }
  if (hi - lo < 0.2) {
    double mid = (hi + lo) / 2;
    lo = mid - 0.1;
    hi = mid + 0.1;
  }
  vs_i_writer_printf(w,
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                     "viewBox=\"0 0 %.0f %.0f\" role=\"img\"><polyline fill=\"none\" "
                     "stroke=\"" VS_COLOUR_POOR "\" stroke-width=\"2\" points=\"",
                     width, height, width, height);
  for (gsize i = 0; i < n; i++) {
    double x = pad + (n > 1 ? (width - 2 * pad) * (double)i / (double)(n - 1) : 0);
    double y = pad + (height - 2 * pad) * (hi - means[i]) / (hi - lo);
    vs_i_writer_printf(w, "%s%.1f,%.1f", i ? " " : "", x, y);
    if (i + 1 == n)
      vs_i_writer_printf(
          w, "\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"" VS_COLOUR_POOR "\"/></svg>", x,
          y);
  }
}

static void
trend_row(VsWriter *w, const VsAnalysisView *av, guint32 t)
{
  const VsTrend *tr = &av->trends[t];
  const char *const *periods;
  gsize n;
  const double *means = vs_analysis_get_trend_means(av->analysis, t, &periods, &n);

  vs_i_writer_puts(w, "<tr><td>");
  unit_cell(w, av, tr->provider);
  vs_i_writer_puts(w, " \u2192 ");
  unit_cell(w, av, tr->respondent);
  vs_i_writer_puts(w, "</td><td>");
  sparkline(w, means, n);
  vs_i_writer_printf(w, "</td><td class=\"num\">%.2f \u2192 %.2f</td>", means[0], means[n - 1]);
  vs_i_writer_xmlf(w, "<td>%s to %s (%u)</td>", periods[0], periods[n - 1], (guint)n);
  vs_i_writer_printf(
      w,
      "<td class=\"num\">%+.2f</td><td class=\"num\">%.3f</td><td class=\"num\">%.2f</td></tr>\n",
      tr->slope, tr->p_value, tr->score);
}

static void
trends_section(VsWriter *w, const VsAnalysisView *av)
{
  guint32 falling = 0;

  for (guint32 t = 0; t < av->n_trends; t++)
    falling += av->trends[t].deteriorating;
  vs_i_writer_puts(w, "<h2 id=\"trends\">Falling ratings</h2>\n");
  if (falling == 0) {
    vs_i_writer_printf(w, "<p>No surveyed handoff is deteriorating (%u pairs surveyed).</p>\n",
                       av->n_trends);
    return;
  }
  vs_i_writer_printf(w,
                     "<p class=\"note\">Handoffs whose internal customer's survey ratings "
                     "are falling significantly (%u of %u surveyed pairs). Means are on a 1 to "
                     "5 scale; a small problem is easy to fix.</p>\n<table>\n<tr><th>Provider "
                     "\u2192 internal customer</th><th>Trend</th><th>First \u2192 last</th>"
                     "<th>Periods</th><th>Per period</th><th>p</th><th>Score now</th></tr>\n",
                     falling, av->n_trends);
  for (guint32 t = 0; t < av->n_trends && w->error == NULL; t++)
    if (av->trends[t].deteriorating)
      trend_row(w, av, t);
  vs_i_writer_puts(w, "</table>\n");
}

static const char *
diagnosis_text(VsDiagnosis d)
{
  switch (d) {
  case VS_DIAGNOSIS_SYSTEMIC:
    return "systemic: poor service across the department; look at how it works, not at one team";
  case VS_DIAGNOSIS_INDIVIDUAL:
    return "individual: poor service is one team's, not the department's";
  case VS_DIAGNOSIS_HEALTHY:
    return "healthy: no team is rated poorly";
  default:
    return "unrated: no ratings yet";
  }
}

static void
structure_section(VsWriter *w, const VsAnalysisView *av)
{
  vs_i_writer_puts(w, "<h2 id=\"structure\">Rework loops and departments</h2>\n");
  if (av->n_loops == 0)
    vs_i_writer_puts(w, "<p>No rework loop: no work comes back to be redone.</p>\n");
  else
    vs_i_writer_puts(w, "<p class=\"note\">Rework loops: work that comes back to be redone "
                        "(dashed lines in the picture).</p>\n<ul>\n");
  for (guint32 l = 0; l < av->n_loops && w->error == NULL; l++) {
    gsize n;
    const guint32 *members = vs_analysis_get_loop(av->analysis, l, &n);
    vs_i_writer_puts(w, "<li>");
    unit_list(w, av, members, n);
    vs_i_writer_puts(w, "</li>\n");
  }
  if (av->n_loops > 0)
    vs_i_writer_puts(w, "</ul>\n");
  if (av->n_groups == 0)
    return;
  vs_i_writer_puts(w, "<table>\n<tr><th>Department</th><th>Diagnosis</th><th>Poorly rated "
                      "teams</th></tr>\n");
  for (guint32 g = 0; g < av->n_groups && w->error == NULL; g++) {
    gsize n;
    const guint32 *poor = vs_analysis_get_group_poor_units(av->analysis, g, &n);
    vs_i_writer_xmlf(w, "<tr><td>%s</td><td class=\"diag-%s\">%s</td><td>", av->group_ids[g],
                     vs_diagnosis_name(av->diagnosis[g]), diagnosis_text(av->diagnosis[g]));
    unit_list(w, av, poor, n);
    vs_i_writer_puts(w, "</td></tr>\n");
  }
  vs_i_writer_puts(w, "</table>\n");
}

static void
all_flagged_section(VsWriter *w, const VsAnalysisView *av, const guint32 *flagged, gsize n_flagged)
{
  if (n_flagged == 0)
    return;
  vs_i_writer_puts(w, "<h2 id=\"all-flagged\">All flagged teams</h2>\n<table>\n<tr><th>#</th>"
                      "<th>Team</th><th>Department</th><th>Fix value</th><th>Service score</th>"
                      "<th>Quality received</th><th>Flags</th></tr>\n");
  for (gsize i = 0; i < n_flagged && w->error == NULL; i++) {
    guint32 u = flagged[i];
    const char *group = vs_org_get_unit_group(av->org, u);
    vs_i_writer_printf(w, "<tr><td class=\"num\">%" G_GSIZE_FORMAT "</td><td>", i + 1);
    unit_cell(w, av, u);
    vs_i_writer_xmlf(w, "</td><td>%s</td><td class=\"num\">", group != NULL ? group : "");
    amount(w, av->fix[u]);
    vs_i_writer_puts(w, "</td><td class=\"num\">");
    score_or_dash(w, av->service[u]);
    vs_i_writer_printf(w, "</td><td class=\"num\">%.2f</td><td>", av->q[u]);
    flag_badges(w, av->flags[u]);
    vs_i_writer_puts(w, "</td></tr>\n");
  }
  vs_i_writer_puts(w, "</table>\n");
}

static void
warnings_section(VsWriter *w, const VsAnalysisView *av)
{
  if (av->n_warnings == 0)
    return;
  vs_i_writer_puts(w, "<h2 id=\"warnings\">Warnings about the data</h2>\n<ul>\n");
  for (guint i = 0; i < av->n_warnings && w->error == NULL; i++)
    vs_i_writer_xmlf(w, "<li>%s</li>\n", (const char *)av->warnings[i]);
  vs_i_writer_puts(w, "</ul>\n");
}

static void
footer(VsWriter *w, const VsAnalysisView *av)
{
  vs_i_writer_printf(
      w,
      "<footer>\n<h2>How to read this report</h2>\n<dl>\n"
      "<dt>Quality received</dt><dd>How complete and accurate the work a unit receives is, "
      "rolled along every chain of handoffs (1.00 = perfect).</dd>\n"
      "<dt>Revenue at risk</dt><dd>A customer's revenue times the shortfall in the quality it "
      "receives.</dd>\n"
      "<dt>Fix value</dt><dd>How much revenue at risk would disappear if every handoff of the "
      "team were rated perfect, all else unchanged.</dd>\n"
      "<dt>Service score</dt><dd>How the team's internal customers rate its handoffs (0 to 1); "
      "below %.2f is poor.</dd>\n"
      "<dt>Ripple</dt><dd>A fix worth at least %.1f%% of all revenue.</dd>\n"
      "<dt>Falling ratings</dt><dd>At least %u survey periods, a significant decline "
      "(Mann-Kendall, p \u2264 %.2f) of at least %.2f points per period.</dd>\n"
      "</dl>\n</footer>\n",
      av->options.poor_score, 100 * av->options.ripple_share, av->options.trend_min_periods,
      av->options.trend_alpha, av->options.trend_min_slope);
}

void
vs_i_write_html(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o)
{
  gsize n_flagged = 0;
  g_autofree guint32 *flagged = vs_analysis_dup_flagged(av->analysis, &n_flagged);

  vs_i_html_head(w, o->title != NULL ? o->title : "Value stream report");
  headline(w, av, o, n_flagged);
  flagged_section(w, av, o, flagged, n_flagged);
  plan_section(w, av);
  picture_section(w, av, o);
  customers_section(w, av);
  cost_section(w, av);
  trends_section(w, av);
  structure_section(w, av);
  all_flagged_section(w, av, flagged, n_flagged);
  warnings_section(w, av);
  footer(w, av);
  vs_i_writer_puts(w, "</main>\n</body>\n</html>\n");
}
