/* valuestream - what-if results and snapshot diffs (SPEC 10) as reports:
 * the JSON of `valuestream whatif` and `valuestream diff`, and the entry
 * points that dispatch on the format (report-decide-private.h has the
 * map).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A comparison is written through its getters (decide.h); nothing is
 * computed here but orderings. */
#include <math.h>
#include <string.h>

#include "report-decide-private.h"

/* {"before", "after", "delta"}; integers for the counts. */
static void
json_pair(VsWriter *w, double before, double after, gboolean integer)
{
  vs_i_json_begin_object(w);
  vs_i_json_key(w, "before");
  if (integer && !isnan(before))
    vs_i_json_int(w, (gint64)before);
  else
    vs_i_json_double(w, before);
  vs_i_json_key(w, "after");
  if (integer && !isnan(after))
    vs_i_json_int(w, (gint64)after);
  else
    vs_i_json_double(w, after);
  vs_i_json_key(w, "delta");
  if (integer && !isnan(before) && !isnan(after))
    vs_i_json_int(w, (gint64)after - (gint64)before);
  else
    vs_i_json_double(w, after - before); /* NAN - x is NAN: null */
  vs_i_json_end_object(w);
}

static void
json_summary(VsWriter *w, const VsComparison *c)
{
  vs_i_json_begin_object(w);
  for (guint f = 0; f < VS_N_FIGURES; f++) {
    double before, after;
    vs_comparison_get_figure(c, (VsFigure)f, &before, &after);
    vs_i_json_key(w, vs_figure_name((VsFigure)f));
    json_pair(w, before, after, f >= VS_FIGURE_UNITS);
  }
  vs_i_json_end_object(w);
}

/* Entry @i of list @which (customers or units): its id, status and the
 * values SPEC 10 lists for it, before and after. */
static void
json_entry(VsWriter *w, const VsComparison *c, VsCompared which, gsize i)
{
  const guint8 *status = vs_comparison_get_statuses(c, which, NULL);
  guint n;
  const VsValue *values = vs_i_compared_values(which, &n);

  vs_i_json_key(w, "id");
  vs_i_json_string(w, vs_i_compared_id(c, which, i));
  vs_i_json_key(w, "status");
  vs_i_json_string(w, vs_status_name((VsStatus)status[i]));
  for (guint k = 0; k < n; k++) {
    const double *b = vs_comparison_get_values(c, which, values[k], FALSE, NULL);
    const double *a = vs_comparison_get_values(c, which, values[k], TRUE, NULL);
    vs_i_json_key(w, vs_value_name(values[k]));
    json_pair(w, b[i], a[i], FALSE);
  }
}

static void
json_customers(VsWriter *w, const VsComparison *c)
{
  gsize n = vs_comparison_get_n(c, VS_COMPARED_CUSTOMERS);

  vs_i_json_begin_array(w);
  for (gsize i = 0; i < n; i++) {
    vs_i_json_begin_object(w);
    json_entry(w, c, VS_COMPARED_CUSTOMERS, i);
    vs_i_json_end_object(w);
  }
  vs_i_json_end_array(w);
}

static void
json_flags(VsWriter *w, guint32 flags)
{
  vs_i_json_begin_array(w);
  for (guint f = 0; f < VS_N_FLAGS; f++) /* the flags' bits are in name order */
    if (flags & (1u << f))
      vs_i_json_string(w, vs_flag_name(1u << f));
  vs_i_json_end_array(w);
}

static void
json_reaches(VsWriter *w, gint8 r)
{
  if (r < 0)
    vs_i_json_null(w);
  else
    vs_i_json_bool(w, r > 0);
}

static void
json_units(VsWriter *w, const VsComparison *c)
{
  gsize n = vs_comparison_get_n(c, VS_COMPARED_UNITS);
  const gint8 *rb = vs_comparison_get_unit_reaches(c, FALSE, NULL);
  const gint8 *ra = vs_comparison_get_unit_reaches(c, TRUE, NULL);
  const guint32 *removed = vs_comparison_get_unit_flags(c, FALSE, NULL);
  const guint32 *added = vs_comparison_get_unit_flags(c, TRUE, NULL);

  vs_i_json_begin_array(w);
  for (gsize i = 0; i < n; i++) {
    vs_i_json_begin_object(w);
    json_entry(w, c, VS_COMPARED_UNITS, i);
    vs_i_json_key(w, "reaches_customer");
    vs_i_json_begin_object(w);
    vs_i_json_key(w, "before");
    json_reaches(w, rb[i]);
    vs_i_json_key(w, "after");
    json_reaches(w, ra[i]);
    vs_i_json_end_object(w);
    vs_i_json_key(w, "flags_added");
    json_flags(w, added[i]);
    vs_i_json_key(w, "flags_removed");
    json_flags(w, removed[i]);
    vs_i_json_end_object(w);
  }
  vs_i_json_end_array(w);
}

/* The from, to and deliverable ("" for none) of handoff @h of @a. */
static void
json_handoff_key(VsWriter *w, const VsAnalysis *a, gsize h)
{
  const VsOrg *org = vs_analysis_get_org(a);
  const char *d = vs_org_get_handoff_deliverable(org, h);

  vs_i_json_key(w, "from");
  vs_i_json_string(w, vs_org_get_unit_id(org, vs_org_get_handoff_from(org, h)));
  vs_i_json_key(w, "to");
  vs_i_json_string(w, vs_org_get_unit_id(org, vs_org_get_handoff_to(org, h)));
  vs_i_json_key(w, "deliverable");
  vs_i_json_string(w, d != NULL ? d : "");
}

static void
json_handoff_list(VsWriter *w, const VsComparison *c, VsCompared which)
{
  gboolean after = which == VS_COMPARED_HANDOFFS_ADDED;
  const VsAnalysis *a = after ? vs_comparison_get_after(c) : vs_comparison_get_before(c);
  gsize n;
  const gint32 *rows = vs_comparison_get_rows(c, which, after, &n);
  const double *sb = vs_comparison_get_scores(c, FALSE, NULL);
  const double *sa = vs_comparison_get_scores(c, TRUE, NULL);

  vs_i_json_begin_array(w);
  for (gsize i = 0; i < n; i++) {
    vs_i_json_begin_object(w);
    json_handoff_key(w, a, (gsize)rows[i]);
    if (which == VS_COMPARED_HANDOFFS_RESCORED) {
      vs_i_json_key(w, "score");
      json_pair(w, sb[i], sa[i], FALSE);
    }
    vs_i_json_end_object(w);
  }
  vs_i_json_end_array(w);
}

/* The members of SPEC 10's comparison object, in the object open at @w. */
static void
json_comparison_members(VsWriter *w, const VsComparison *c)
{
  const VsAnalysis *after = vs_comparison_get_after(c);

  vs_i_json_key(w, "summary");
  json_summary(w, c);
  vs_i_json_key(w, "customers");
  json_customers(w, c);
  vs_i_json_key(w, "units");
  json_units(w, c);
  vs_i_json_key(w, "handoffs");
  vs_i_json_begin_object(w);
  vs_i_json_key(w, "added");
  json_handoff_list(w, c, VS_COMPARED_HANDOFFS_ADDED);
  vs_i_json_key(w, "removed");
  json_handoff_list(w, c, VS_COMPARED_HANDOFFS_REMOVED);
  vs_i_json_key(w, "rescored");
  json_handoff_list(w, c, VS_COMPARED_HANDOFFS_RESCORED);
  vs_i_json_end_object(w);
  vs_i_json_key(w, "warnings");
  vs_i_json_begin_array(w);
  for (gsize i = 0; i < vs_analysis_get_n_warnings(after); i++)
    vs_i_json_string(w, vs_analysis_get_warning(after, i));
  vs_i_json_end_array(w);
}

/* @names NULL: the snapshot output of comparisons[0]; else the what-if
 * output, one scenario per comparison. */
static void
write_json(VsWriter *w, const char *const *names, const VsComparison *const *comparisons, gsize n,
           const VsReportOptions *o)
{
  w->pretty = o->pretty;
  vs_i_json_begin_object(w);
  vs_i_json_key(w, "valuestream");
  vs_i_json_int(w, 1);
  if (names == NULL) {
    vs_i_json_key(w, "diff");
    vs_i_json_begin_object(w);
    json_comparison_members(w, comparisons[0]);
    vs_i_json_end_object(w);
  } else {
    vs_i_json_key(w, "scenarios");
    vs_i_json_begin_array(w);
    for (gsize i = 0; i < n && w->error == NULL; i++) {
      vs_i_json_begin_object(w);
      vs_i_json_key(w, "name");
      vs_i_json_string(w, names[i]);
      json_comparison_members(w, comparisons[i]);
      vs_i_json_end_object(w);
    }
    vs_i_json_end_array(w);
  }
  vs_i_json_end_object(w);
}

static gboolean
write_comparisons(const char *const *names, const VsComparison *const *comparisons, gsize n,
                  VsReportFormat format, const VsReportOptions *options, GOutputStream *out,
                  GCancellable *cancellable, GError **error)
{
  VsReportOptions o;
  VsWriter w;

  if (!vs_i_report_options_complete(options, &o, error))
    return FALSE;
  if (format != VS_REPORT_JSON && format != VS_REPORT_TEXT && format != VS_REPORT_CSV &&
      format != VS_REPORT_HTML) {
    if (format == VS_REPORT_DOT)
      g_set_error_literal(error, VS_ERROR, VS_ERROR_INVALID,
                          "comparisons are not written as dot (json, text, csv or html)");
    else
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "unknown report format %d", (int)format);
    return FALSE;
  }
  vs_i_writer_init(&w, out, cancellable);
  if (format == VS_REPORT_JSON)
    write_json(&w, names, comparisons, n, &o);
  else if (format == VS_REPORT_TEXT)
    vs_i_write_comparisons_text(&w, names, comparisons, n);
  else if (format == VS_REPORT_CSV)
    vs_i_write_comparisons_csv(&w, names, comparisons, n);
  else
    vs_i_write_comparisons_html(&w, names, comparisons, n, &o);
  return vs_i_writer_finish(&w, error);
}

gboolean
vs_report_write_whatif(const VsScenarios *scenarios, const VsComparison *const *comparisons,
                       VsReportFormat format, const VsReportOptions *options, GOutputStream *out,
                       GCancellable *cancellable, GError **error)
{
  gsize n;
  g_autofree const char **names = NULL;

  g_return_val_if_fail(scenarios != NULL, FALSE);
  g_return_val_if_fail(G_IS_OUTPUT_STREAM(out), FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  n = vs_scenarios_get_n(scenarios);
  g_return_val_if_fail(n == 0 || comparisons != NULL, FALSE);
  names = g_new0(const char *, n + 1);
  for (gsize i = 0; i < n; i++) {
    g_return_val_if_fail(comparisons[i] != NULL, FALSE);
    names[i] = vs_scenarios_get_name(scenarios, i);
  }
  return write_comparisons(names, comparisons, n, format, options, out, cancellable, error);
}

gboolean
vs_report_write_diff(const VsComparison *comparison, VsReportFormat format,
                     const VsReportOptions *options, GOutputStream *out, GCancellable *cancellable,
                     GError **error)
{
  g_return_val_if_fail(comparison != NULL, FALSE);
  g_return_val_if_fail(G_IS_OUTPUT_STREAM(out), FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  return write_comparisons(NULL, &comparison, 1, format, options, out, cancellable, error);
}
