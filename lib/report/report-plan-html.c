/* valuestream - the improvement plan (SPEC 9) as an HTML table with bars:
 * the body of `valuestream plan --format html` (report-plan.c) and the
 * "Improvement plan" section of the report page (report-html.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reads the plan through its public getters; strings from the input go
 * through vs_i_writer_xmlf()'s escaping. Bars are CSS (the .bar class of
 * the report page's style sheet), so that the report page's first SVG
 * stays its picture. */
#include <math.h>
#include <string.h>

#include "report-private.h"

/* The bars' colours: what a step removes, what is left, the share removed. */
#define COLOUR_GAIN "#5aae61"
#define COLOUR_LEFT "#b2182b"
#define COLOUR_SHARE "#4393c3"

/* A bar @x / @scale of the .bar width, then @x as an amount. */
static void
bar(VsWriter *w, double x, double scale, const char *colour)
{
  g_autofree char *s = vs_i_amount(x);
  double width = scale > 0 ? 100 * CLAMP(x / scale, 0, 1) : 0;
  vs_i_writer_printf(w,
                     "<span class=\"bar\"><span style=\"width:%.0f%%;background:%s\"></span>"
                     "</span>%s",
                     width, colour, s);
}

static void
step_row(VsWriter *w, const VsPlan *plan, gsize i)
{
  const VsOrg *org = vs_plan_get_org(plan);
  guint32 u = vs_plan_get_units(plan, NULL)[i];
  const char *id = vs_org_get_unit_id(org, u), *name = vs_org_get_unit_name(org, u);
  const char *group = vs_org_get_unit_group(org, u);
  double start = vs_plan_get_revenue_at_risk(plan);
  double share = vs_plan_get_removed_shares(plan, NULL)[i];

  vs_i_writer_printf(w, "<tr><td class=\"num\">%" G_GSIZE_FORMAT "</td><td>", i + 1);
  if (strcmp(id, name) == 0)
    vs_i_writer_xmlf(w, "<span class=\"unit\">%s</span>", name);
  else
    vs_i_writer_xmlf(w, "<span class=\"unit\">%s</span> <span class=\"muted\">%s</span>", name, id);
  if (vs_org_get_unit_kind(org, u) == VS_KIND_SUPPLIER)
    vs_i_writer_puts(w, " <span class=\"muted\">(supplier)</span>");
  vs_i_writer_xmlf(w, "</td><td>%s</td><td class=\"num\">", group != NULL ? group : "");
  bar(w, vs_plan_get_gains(plan, NULL)[i], start, COLOUR_GAIN);
  vs_i_writer_puts(w, "</td><td class=\"num\">");
  bar(w, vs_plan_get_revenues_at_risk(plan, NULL)[i], start, COLOUR_LEFT);
  vs_i_writer_printf(w,
                     "</td><td class=\"num\"><span class=\"bar\"><span style=\"width:%.0f%%;"
                     "background:%s\"></span></span>%.1f%%</td></tr>\n",
                     100 * CLAMP(share, 0, 1), COLOUR_SHARE, 100 * share);
}

void
vs_i_write_plan_html(VsWriter *w, const VsPlan *plan)
{
  gsize n = vs_plan_get_n_steps(plan);
  double start = vs_plan_get_revenue_at_risk(plan), target = vs_plan_get_target(plan);
  g_autofree char *risk = vs_i_amount(start);

  if (n == 0) {
    if (start > 0)
      vs_i_writer_printf(w,
                         "<p>No fix to a score of %.2f would remove any of the %s of revenue "
                         "at risk.</p>\n",
                         target, risk);
    else
      vs_i_writer_puts(w, "<p>Nothing is at risk: there is nothing to fix.</p>\n");
    return;
  }
  vs_i_writer_printf(w,
                     "<p class=\"note\">Fix these teams in this order: each fix raises every "
                     "handoff of the team to a score of at least %.2f. Each step is the fix that "
                     "removes the largest amount of revenue at risk once the fixes before it are "
                     "made, so a team can be worth more here than its fix value alone. Bars are "
                     "on the scale of the %s at risk today.</p>\n"
                     "<table class=\"plan\">\n<tr><th>Step</th><th>Fix</th><th>Department</th>"
                     "<th>Removes</th><th>At risk after</th><th>Removed so far</th></tr>\n",
                     target, risk);
  for (gsize i = 0; i < n && w->error == NULL; i++)
    step_row(w, plan, i);
  vs_i_writer_puts(w, "</table>\n");
}
