/* valuestream - what the report writers share. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_REPORT_PRIVATE_H
#define VALUESTREAM_REPORT_PRIVATE_H

#include "analysis-view.h"
#include "base-writer.h"

G_BEGIN_DECLS

/* Copies @in (NULL: the defaults; version 1: its fields, defaults for the
 * rest) into @out, every field valid. FALSE with VS_ERROR_INVALID for an
 * unknown version or table. */
gboolean vs_i_report_options_complete(const VsReportOptions *in, VsReportOptions *out,
                                      GError **error);

/* The writers of report-*.c. @o is complete: every field valid, of the
 * current version (vs_report_write() fills in what older layouts lack). */
void vs_i_write_csv(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o);
void vs_i_write_dot(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o);
void vs_i_write_html(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o);
void vs_i_write_gexf(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o);
void vs_i_write_xlsx(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o);

/* ---- presentation shared by the HTML and DOT writers (report-present.c) */

/* Received quality in five bands, worst first, each with a fill colour
 * and a legend label; the HTML picture and the DOT output use the same. */
#define VS_N_BANDS 5
guint vs_i_quality_band(double q);
const char *vs_i_band_colour(guint band);
const char *vs_i_band_label(guint band);

/* Edge colours of the pictures. */
#define VS_COLOUR_EDGE "#8d99a6"
#define VS_COLOUR_POOR "#d7301f"
#define VS_COLOUR_RIPPLE "#6a3d9a"
#define VS_COLOUR_OUTLINE "#1b1b1b"

/* Writes a report of @what (an analysis, a plan, ...) to @out. */
typedef gboolean (*VsReportFn)(gconstpointer what, VsReportFormat format,
                               const VsReportOptions *options, GOutputStream *out, GError **error);
/* @write's report as a NUL-terminated string (report.c). */
char *vs_i_report_dup_string(VsReportFn write, gconstpointer what, VsReportFormat format,
                             const VsReportOptions *options, gsize *len, GError **error);
/* @write's report to @path, atomically: a file is replaced by renaming a
 * complete temporary one over it, a device or pipe is written in place; on
 * error @path is untouched and no temporary is left (report.c). */
gboolean vs_i_report_write_file(VsReportFn write, gconstpointer what, VsReportFormat format,
                                const VsReportOptions *options, const char *path, GError **error);

/* An amount for people: 3 significant digits with k, M or bn ("62.1k"). */
char *vs_i_amount(double x);
/* An amount to the cent with thousands separators ("2,750,000.00"; "n/a"
 * when not finite), for the text a person reads: vs_i_money(x).s. */
typedef struct {
  char s[48];
} VsMoney;
VsMoney vs_i_money(double x);
/* @s with terminal control codes replaced by '?' (names come from input
 * files), for the text writers. Free it. */
char *vs_i_printable(const char *s);
/* The flag's name in plain words ("ratings falling"). */
const char *vs_i_flag_label(guint32 flag);
/* "Name", or "Name (id)" when they differ. Not escaped. */
char *vs_i_unit_title(const VsAnalysisView *av, guint32 u);
/* The customers, most revenue at risk first (ties: unit order). Free it. */
guint32 *vs_i_customers_by_risk(const VsAnalysisView *av);
/* The tooltip of a unit's box (@rank: 1 + place among the flagged, or 0)
 * and of a handoff: plain lines, not escaped. */
char *vs_i_unit_tooltip(const VsAnalysisView *av, guint32 u, guint32 rank);
char *vs_i_handoff_tooltip(const VsAnalysisView *av, guint32 e);
/* @u's rated outgoing handoff with the lowest score (ties: the larger
 * share, then the first); -1 when none is rated below 1. */
gssize vs_i_worst_handoff(const VsAnalysisView *av, guint32 u);
/* The survey pair (provider, respondent), or -1. */
gssize vs_i_find_trend(const VsAnalysisView *av, guint32 provider, guint32 respondent);
/* Why @u is flagged, in plain sentences built from the analysis: its worst
 * handoff and where that work goes, the fix value, loops, chokepoints,
 * falling ratings. Not escaped. */
char *vs_i_explain(const VsAnalysisView *av, guint32 u);

/* Cost to serve (SPEC 7). An org has costs when some team or supplier
 * has a cost above 0 (a cost of 0 and an unset one are the same); the
 * text and HTML reports say nothing about cost otherwise, so that their
 * output for an org without costs stays as it was. */
gboolean vs_i_has_costs(const VsAnalysisView *av);
/* The customers, lowest margin first (ties: unit order). Free it. */
guint32 *vs_i_customers_by_margin(const VsAnalysisView *av);
/* The teams and suppliers holding stranded cost (> 0), largest first
 * (ties: unit order); their number in @n. Free it. */
guint32 *vs_i_stranded_units(const VsAnalysisView *av, gsize *n);

/* Per unit, its depth in the dominator tree counting itself: a customer's
 * critical units number depth - 1. One pass; free the array. Lists of
 * critical units are long on a chain: pages for people count them
 * instead of listing them all (a chain of a million units feeding many
 * customers would make a page of 10^12 ids). */
guint32 *vs_i_dominator_depths(const VsAnalysisView *av);

/* ---- the improvement plan in HTML ---------------------------------------- */

/* report-html.c: the page's start, through <main>: the doctype, the
 * <head> with @title (escaped here) and the report page's style sheet. */
void vs_i_html_head(VsWriter *w, const char *title);
/* report-plan-html.c: the plan (SPEC 9) as a table with bars, or a
 * sentence when it has no step; shared by the plan's page and the report
 * page's section. */
void vs_i_write_plan_html(VsWriter *w, const VsPlan *plan);

G_END_DECLS

#endif /* VALUESTREAM_REPORT_PRIVATE_H */
