/* valuestream - the improvement plan written out (SPEC 9): the SPEC JSON,
 * text for a person, one CSV table, and a self-contained HTML page in the
 * style of the report page (its table comes from report-plan-html.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The writers read the plan through its public getters and compute
 * nothing. DOT has no plan: it returns VS_ERROR_INVALID. */
#include <string.h>

#include "report-private.h"

static void
write_plan_json(VsWriter *w, const VsPlan *plan)
{
  gsize n;
  const double *gains = vs_plan_get_gains(plan, &n);
  const double *risks = vs_plan_get_revenues_at_risk(plan, NULL);
  const double *removed = vs_plan_get_removed_shares(plan, NULL);

  vs_i_json_begin_object(w);
  vs_i_json_key(w, "valuestream");
  vs_i_json_int(w, 1);
  vs_i_json_key(w, "plan");
  vs_i_json_begin_object(w);
  vs_i_json_key(w, "target");
  vs_i_json_double(w, vs_plan_get_target(plan));
  vs_i_json_key(w, "revenue_at_risk");
  vs_i_json_double(w, vs_plan_get_revenue_at_risk(plan));
  vs_i_json_key(w, "steps");
  vs_i_json_begin_array(w);
  for (gsize i = 0; i < n; i++) {
    vs_i_json_begin_object(w);
    vs_i_json_key(w, "step");
    vs_i_json_int(w, (gint64)i + 1);
    vs_i_json_key(w, "unit");
    vs_i_json_string(w, vs_plan_get_unit_id(plan, i));
    vs_i_json_key(w, "gain");
    vs_i_json_double(w, gains[i]);
    vs_i_json_key(w, "revenue_at_risk");
    vs_i_json_double(w, risks[i]);
    vs_i_json_key(w, "removed_share");
    vs_i_json_double(w, removed[i]);
    vs_i_json_end_object(w);
    vs_i_writer_flush_if_full(w);
  }
  vs_i_json_end_array(w);
  vs_i_json_end_object(w);
  vs_i_json_end_object(w); /* the outermost ends the line */
}

/* "id", or "id (name)" when they differ; control codes replaced. */
static char *
unit_label(const VsOrg *org, guint32 u)
{
  const char *id = vs_org_get_unit_id(org, u), *name = vs_org_get_unit_name(org, u);
  g_autofree char *raw =
      strcmp(id, name) == 0 ? g_strdup(id) : g_strdup_printf("%s (%s)", id, name);
  return vs_i_printable(raw);
}

/* A headline, then one numbered line per step; numbers to 2 decimals as
 * in the text report, the share removed as a percent. */
static void
write_plan_text(VsWriter *w, const VsPlan *plan)
{
  gsize n;
  const guint32 *units = vs_plan_get_units(plan, &n);
  const double *gains = vs_plan_get_gains(plan, NULL);
  const double *risks = vs_plan_get_revenues_at_risk(plan, NULL);
  const double *removed = vs_plan_get_removed_shares(plan, NULL);
  double start = vs_plan_get_revenue_at_risk(plan), target = vs_plan_get_target(plan);

  vs_i_writer_printf(w,
                     "Improvement plan: revenue at risk %s now; each fix raises a unit's "
                     "handoffs to a score of at least %.2f\n",
                     vs_i_money(start).s, target);
  if (n == 0) {
    if (start > 0)
      vs_i_writer_puts(w, "No step: no fix to the target removes any revenue at risk\n");
    else
      vs_i_writer_puts(w, "Nothing is at risk: there is nothing to fix\n");
    return;
  }
  vs_i_writer_printf(w, "Fix, in this order (%" G_GSIZE_FORMAT " %s):\n", n,
                     n == 1 ? "step" : "steps");
  for (gsize i = 0; i < n && w->error == NULL; i++) {
    g_autofree char *label = unit_label(vs_plan_get_org(plan), units[i]);
    vs_i_writer_printf(w,
                       "%3" G_GSIZE_FORMAT ". %s: removes %s; revenue at risk after %s "
                       "(%.1f%% removed so far)\n",
                       i + 1, label, vs_i_money(gains[i]).s, vs_i_money(risks[i]).s,
                       100 * removed[i]);
  }
}

/* RFC 4180 as the analysis tables: a header, CRLF, numbers at full
 * precision (they read back as the JSON's). */
static void
write_plan_csv(VsWriter *w, const VsPlan *plan)
{
  gsize n;
  const guint32 *units = vs_plan_get_units(plan, &n);
  const double *gains = vs_plan_get_gains(plan, NULL);
  const double *risks = vs_plan_get_revenues_at_risk(plan, NULL);
  const double *removed = vs_plan_get_removed_shares(plan, NULL);
  const VsOrg *org = vs_plan_get_org(plan);

  vs_i_writer_puts(w, "step,unit,name,gain,revenue_at_risk,removed_share\r\n");
  for (gsize i = 0; i < n && w->error == NULL; i++) {
    g_string_append_printf(w->buf, "%" G_GSIZE_FORMAT ",", i + 1);
    vs_i_csv_field(w->buf, vs_org_get_unit_id(org, units[i]));
    g_string_append_c(w->buf, ',');
    vs_i_csv_field(w->buf, vs_org_get_unit_name(org, units[i]));
    g_string_append_c(w->buf, ',');
    vs_i_append_double(w->buf, gains[i]);
    g_string_append_c(w->buf, ',');
    vs_i_append_double(w->buf, risks[i]);
    g_string_append_c(w->buf, ',');
    vs_i_append_double(w->buf, removed[i]);
    g_string_append(w->buf, "\r\n");
    vs_i_writer_flush_if_full(w);
  }
}

/* The report page's head and style, a headline with cards, the plan's
 * table, and how to read it. */
static void
write_plan_html(VsWriter *w, const VsPlan *plan, const VsReportOptions *o)
{
  const char *title = o->title != NULL ? o->title : "Improvement plan";
  gsize n;
  const double *risks = vs_plan_get_revenues_at_risk(plan, &n);
  double start = vs_plan_get_revenue_at_risk(plan);
  double left = n > 0 ? risks[n - 1] : start;
  g_autofree char *start_s = vs_i_amount(start), *left_s = vs_i_amount(left);

  vs_i_html_head(w, title);
  vs_i_writer_xmlf(w, "<h1>%s</h1>\n", title);
  vs_i_writer_printf(w, "<p class=\"sub\">Which teams to fix first. Made by valuestream %s.</p>\n",
                     vs_version_string());
  vs_i_writer_printf(
      w,
      "<div class=\"cards\">\n<div class=\"card risk\"><div class=\"big\">%s</div>"
      "<div>revenue at risk now</div></div>\n"
      "<div class=\"card\"><div class=\"big\">%.2f</div><div>target score of each "
      "fixed team's handoffs</div></div>\n"
      "<div class=\"card\"><div class=\"big\">%s</div><div>at risk after %" G_GSIZE_FORMAT
      " %s (%.1f%% removed)</div></div>\n</div>\n",
      start_s, vs_plan_get_target(plan), left_s, n, n == 1 ? "fix" : "fixes",
      start > 0 ? 100 * (start - left) / start : 0.0);
  vs_i_writer_puts(w, "<h2 id=\"plan\">The plan</h2>\n");
  vs_i_write_plan_html(w, plan);
  vs_i_writer_puts(w, "<footer>\n<h2>How to read this plan</h2>\n<dl>\n"
                      "<dt>Removes</dt><dd>How much revenue at risk the step's fix removes, "
                      "given the fixes before it.</dd>\n"
                      "<dt>At risk after</dt><dd>The revenue at risk left once the step and "
                      "those before it are made.</dd>\n"
                      "<dt>Removed so far</dt><dd>The share of today's revenue at risk the "
                      "steps up to this one remove.</dd>\n</dl>\n</footer>\n"
                      "</main>\n</body>\n</html>\n");
}

gboolean
vs_report_write_plan(const VsPlan *plan, VsReportFormat format, const VsReportOptions *options,
                     GOutputStream *out, GCancellable *cancellable, GError **error)
{
  VsReportOptions o;
  VsWriter w;

  g_return_val_if_fail(plan != NULL, FALSE);
  g_return_val_if_fail(G_IS_OUTPUT_STREAM(out), FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  if (!vs_i_report_options_complete(options, &o, error))
    return FALSE;
  if (format != VS_REPORT_JSON && format != VS_REPORT_TEXT && format != VS_REPORT_CSV &&
      format != VS_REPORT_HTML) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "the plan is not written in report format %d (JSON, text, CSV or HTML)",
                (int)format);
    return FALSE;
  }
  vs_i_writer_init(&w, out, cancellable);
  w.pretty = o.pretty;
  if (format == VS_REPORT_JSON)
    write_plan_json(&w, plan);
  else if (format == VS_REPORT_TEXT)
    write_plan_text(&w, plan);
  else if (format == VS_REPORT_CSV)
    write_plan_csv(&w, plan);
  else
    write_plan_html(&w, plan, &o);
  return vs_i_writer_finish(&w, error);
}

static gboolean
write_plan(gconstpointer what, VsReportFormat format, const VsReportOptions *options,
           GOutputStream *out, GError **error)
{
  return vs_report_write_plan(what, format, options, out, NULL, error);
}

char *
vs_report_dup_plan_string(const VsPlan *plan, VsReportFormat format, const VsReportOptions *options,
                          gsize *len, GError **error)
{
  if (len != NULL)
    *len = 0;
  g_return_val_if_fail(plan != NULL, NULL);
  return vs_i_report_dup_string(write_plan, plan, format, options, len, error);
}

gboolean
vs_report_write_plan_file(const VsPlan *plan, VsReportFormat format, const VsReportOptions *options,
                          const char *path, GError **error)
{
  g_return_val_if_fail(plan != NULL, FALSE);
  g_return_val_if_fail(path != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  return vs_i_report_write_file(write_plan, plan, format, options, path, error);
}
