/* valuestream - writing an analysis out: the SPEC JSON report, text, CSV
 * tables, Graphviz DOT, a self-contained HTML page, and pictures rendered
 * through Graphviz.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_REPORT_H
#define VALUESTREAM_REPORT_H

#include <gio/gio.h>

#include <valuestream/analysis.h>
#include <valuestream/common.h>
#include <valuestream/decide.h>

G_BEGIN_DECLS

/**
 * SECTION:report
 * @title: Reports
 * @short_description: analyses, plans and comparisons as JSON, text, CSV, DOT, HTML, GEXF, xlsx
 *
 * The writers read an analysis (or a plan or a comparison) through its getters
 * and compute nothing of their own beyond formatting and layout. Each writes to
 * a #GOutputStream, to a file that it replaces atomically, or to a string;
 * vs_report_render_file() draws the value stream through Graphviz.
 */

/**
 * VsReportFormat:
 * @VS_REPORT_JSON: the SPEC section 5 report.
 * @VS_REPORT_TEXT: a summary and the flagged teams ranked by fix value,
 *   for a person at a terminal.
 * @VS_REPORT_CSV: one RFC 4180 table (header row, CRLF line ends) chosen
 *   by VsReportOptions.table: one row per unit, per customer or per handoff.
 * @VS_REPORT_DOT: the value stream as a Graphviz digraph, coloured like the
 *   HTML picture (feed it to `dot -Tsvg`).
 * @VS_REPORT_HTML: one self-contained page (XHTML-compatible, inline CSS
 *   and SVG, no script, no external asset): the headline, the ranked
 *   flagged teams with plain-language explanations, the improvement plan
 *   (SPEC 9 with its defaults, 5 steps to target 1; left out when nothing
 *   is at risk), the picture of the value stream, customers, deteriorating
 *   survey trends, loops and groups.
 * @VS_REPORT_GEXF: GEXF 1.3 for Gephi: units as nodes, handoffs as edges
 *   (parallel ones kept), the figures as typed attributes (since 0.2).
 * @VS_REPORT_XLSX: an Excel workbook (binary) with the sheets Summary,
 *   Units, Customers and Handoffs; a text over Excel's 32,767 characters
 *   per cell is cut with a note (since 0.2).
 *
 * Every writer reads the analysis and computes nothing of its own beyond
 * formatting and layout (the HTML page makes its improvement plan with
 * vs_plan_new()); strings from the input are escaped for the format.
 */
typedef enum {
  VS_REPORT_JSON = 0,
  VS_REPORT_TEXT,
  VS_REPORT_CSV,
  VS_REPORT_DOT,
  VS_REPORT_HTML,
  VS_REPORT_GEXF,
  VS_REPORT_XLSX,
} VsReportFormat;

/**
 * vs_report_format_from_name:
 * @name: "json", "text", "csv", "dot", "html", "gexf" or "xlsx".
 * @format: (out): the format, when known.
 *
 * Parses the name of a report format.
 *
 * Returns: TRUE when @name names a format.
 */
VS_API gboolean vs_report_format_from_name(const char *name, VsReportFormat *format);

/**
 * VsReportTable:
 * @VS_REPORT_TABLE_UNITS: one row per unit, in input order: line of sight,
 *   quality, service score, fix value, structure and flags.
 * @VS_REPORT_TABLE_CUSTOMERS: one row per customer, in input order:
 *   revenue, quality received, revenue at risk, critical units.
 * @VS_REPORT_TABLE_HANDOFFS: one row per handoff, in input order: share
 *   and the score the analysis used (the handoff's own, else its survey's).
 *
 * Which table a CSV report holds. Lists (customers, path, ...) are one
 * field with the ids separated by ';'.
 */
typedef enum {
  VS_REPORT_TABLE_UNITS = 0,
  VS_REPORT_TABLE_CUSTOMERS,
  VS_REPORT_TABLE_HANDOFFS,
} VsReportTable;

/**
 * vs_report_table_from_name:
 * @name: "units", "customers" or "handoffs".
 * @table: (out): the table, when known.
 *
 * Parses the name of a CSV table.
 *
 * Returns: TRUE when @name names a table.
 */
VS_API gboolean vs_report_table_from_name(const char *name, VsReportTable *table);

/**
 * VsSharesMode:
 * @VS_SHARES_AUTO: write shares when units x customers is at most
 *   VS_SHARES_AUTO_LIMIT, otherwise leave them out and say so.
 * @VS_SHARES_ALWAYS: always write them (the output grows as units x
 *   customers; time is one pass per customer).
 * @VS_SHARES_NEVER: never write them.
 *
 * Whether the JSON report carries every unit's `shares` object. Omitted
 * shares are written as `{}` and the summary gets `"shares_omitted": true`.
 */
typedef enum {
  VS_SHARES_AUTO = 0,
  VS_SHARES_ALWAYS,
  VS_SHARES_NEVER,
} VsSharesMode;

/**
 * VS_SHARES_AUTO_LIMIT:
 *
 * Units x customers up to which AUTO writes shares.
 */
#define VS_SHARES_AUTO_LIMIT 20000000

/**
 * VS_REPORT_OPTIONS_VERSION:
 *
 * The current layout of VsReportOptions.
 * Version 1 (the first four fields) is still accepted; the fields added
 * since then take their VS_REPORT_OPTIONS_INIT values.
 */
#define VS_REPORT_OPTIONS_VERSION 2

/**
 * VS_PICTURE_UNITS_DEFAULT:
 *
 * Units up to which the picture shows the whole org.
 */
#define VS_PICTURE_UNITS_DEFAULT 150

/**
 * VsReportOptions:
 * @version: VS_REPORT_OPTIONS_VERSION.
 * @shares: JSON: whether to write each unit's shares (VsSharesMode).
 * @pretty: JSON: indent for people (TRUE) or write compactly.
 * @top: TEXT, HTML: how many flagged teams to explain; 0 means all. The
 *   HTML page also lists every flagged team in a compact table.
 * @table: CSV: which table to write (since version 2).
 * @picture_units: HTML, DOT: an org of at most this many units is drawn
 *   whole; a larger one is drawn as the neighbourhood that matters (the
 *   top flagged teams, their chains to the customers, the customers),
 *   at most this many units, and the output says what was left out.
 *   0 means VS_PICTURE_UNITS_DEFAULT (since version 2).
 * @highlight: HTML, DOT: how many of the top flagged teams get their
 *   ripple chain highlighted (since version 2).
 * @title: (nullable): HTML: the page title, e.g. the org's name; NULL
 *   means "Value stream report" (since version 2).
 * @render_program: (nullable): vs_report_render_file(): the Graphviz
 *   program; NULL means `dot` found on PATH (since version 2).
 * @render_timeout_ms: vs_report_render_file(): Graphviz is killed after
 *   this long; 0 means 60 s (since version 2).
 *
 * How reports are written; start from VS_REPORT_OPTIONS_INIT. Each field names the formats it
 * applies to.
 */
typedef struct {
  guint version;
  VsSharesMode shares;
  gboolean pretty;
  guint top;
  VsReportTable table;
  guint picture_units;
  guint highlight;
  const char *title;
  const char *render_program;
  guint render_timeout_ms;
} VsReportOptions;

/**
 * VS_REPORT_OPTIONS_INIT:
 *
 * Shares when affordable, pretty JSON, top 10
 * flagged teams explained, the units table, whole pictures up to 150
 * units, three ripple chains highlighted, `dot` from PATH, 60 s timeout.
 */
#define VS_REPORT_OPTIONS_INIT                                                                     \
  {                                                                                                \
    VS_REPORT_OPTIONS_VERSION, VS_SHARES_AUTO, TRUE, 10, VS_REPORT_TABLE_UNITS,                    \
        VS_PICTURE_UNITS_DEFAULT, 3, NULL, NULL, 0                                                 \
  }

/**
 * vs_report_write:
 * @analysis: the analysis.
 * @format: what to write.
 * @options: (nullable): NULL means VS_REPORT_OPTIONS_INIT.
 * @out: where to write; not closed.
 * @cancellable: (nullable): to stop a long write.
 * @error: return location for a VS_ERROR_IO (or GIO) error.
 *
 * Writes a report of @analysis to a stream.
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_report_write(const VsAnalysis *analysis, VsReportFormat format,
                                const VsReportOptions *options, GOutputStream *out,
                                GCancellable *cancellable, GError **error);

/**
 * vs_report_write_file:
 * @analysis: the analysis.
 * @format: what to write.
 * @options: (nullable): NULL means VS_REPORT_OPTIONS_INIT.
 * @path: the file to (re)place.
 * @error: return location for a VS_ERROR_IO (or GIO) error.
 *
 * Like vs_report_write(), to a file, atomically: the report goes to a
 * temporary file next to @path that is renamed over @path only when
 * complete. On error @path is untouched and nothing is left behind.
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_report_write_file(const VsAnalysis *analysis, VsReportFormat format,
                                     const VsReportOptions *options, const char *path,
                                     GError **error);

/**
 * vs_report_dup_string:
 * @analysis: the analysis.
 * @format: what to write.
 * @options: (nullable): NULL means VS_REPORT_OPTIONS_INIT.
 * @len: (out) (optional): the length in bytes.
 * @error: return location for a VS_ERROR_IO (or GIO) error.
 *
 * Like vs_report_write(), to a string. VS_REPORT_XLSX is binary and may hold NUL bytes: use @len.
 *
 * Returns: (transfer full) (nullable): the report as a NUL-terminated
 * string (free with vs_free()), NULL on error.
 */
VS_API char *vs_report_dup_string(const VsAnalysis *analysis, VsReportFormat format,
                                  const VsReportOptions *options, gsize *len, GError **error);

/**
 * vs_report_render_file:
 * @analysis: the analysis.
 * @options: (nullable): NULL means VS_REPORT_OPTIONS_INIT; the picture
 *   options, @render_program and @render_timeout_ms apply.
 * @path: the image to (re)place.
 * @graphviz_format: (nullable): a Graphviz output format ("svg", "png",
 *   "pdf", ...); NULL means the extension of @path.
 * @error: return location for an error.
 *
 * Draws the value stream through Graphviz: the VS_REPORT_DOT report is
 * piped to `dot -T<format>` (run directly from an argument vector, never
 * through a shell), and its output replaces @path atomically. Graphviz is
 * killed when it runs longer than the timeout.
 *
 * Errors: VS_ERROR_INVALID for a missing or unsafe format; VS_ERROR_IO
 * when Graphviz cannot be started (not installed), fails (its message is
 * quoted), times out, or @path cannot be written. On error @path is
 * untouched.
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_report_render_file(const VsAnalysis *analysis, const VsReportOptions *options,
                                      const char *path, const char *graphviz_format,
                                      GError **error);

/**
 * vs_report_write_plan:
 * @plan: the improvement plan (SPEC 9).
 * @format: what to write:
 *   - VS_REPORT_JSON: `{"valuestream": 1, "plan": {"target",
 *     "revenue_at_risk", "steps": [{"step", "unit", "gain",
 *     "revenue_at_risk", "removed_share"}]}}`, ending in one newline.
 *   - VS_REPORT_TEXT: for a person: a headline (the revenue at risk
 *     before the first step, the target), then one numbered line per
 *     step: the unit's id and name, its gain, the revenue at risk after
 *     it, and the share removed so far as a percent; 2 decimals, control
 *     characters in names replaced by '?'.
 *   - VS_REPORT_CSV: RFC 4180 (CRLF), the header
 *     `step,unit,name,gain,revenue_at_risk,removed_share` and one row per
 *     step, numbers at full precision (they read back as the JSON's).
 *   - VS_REPORT_HTML: one self-contained page in the style of the report
 *     page: the headline as cards, the steps as a table with bars.
 *   VS_REPORT_DOT (a picture of an org, not of a plan) and unknown
 *   formats fail with VS_ERROR_INVALID.
 * @options: (nullable): NULL means VS_REPORT_OPTIONS_INIT; @pretty applies
 *   to JSON and @title (NULL: "Improvement plan") to HTML.
 * @out: where to write; not closed.
 * @cancellable: (nullable): to stop a long write.
 * @error: return location for an error.
 *
 * Writes an improvement plan (SPEC 9) to a stream.
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_report_write_plan(const VsPlan *plan, VsReportFormat format,
                                     const VsReportOptions *options, GOutputStream *out,
                                     GCancellable *cancellable, GError **error);

/**
 * vs_report_write_plan_file:
 * @plan: the improvement plan.
 * @format: what to write, as vs_report_write_plan().
 * @options: (nullable): NULL means VS_REPORT_OPTIONS_INIT.
 * @path: the file to (re)place.
 * @error: return location for an error.
 *
 * Like vs_report_write_plan(), to a file, atomically (as
 * vs_report_write_file()). On error @path is untouched.
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_report_write_plan_file(const VsPlan *plan, VsReportFormat format,
                                          const VsReportOptions *options, const char *path,
                                          GError **error);

/**
 * vs_report_dup_plan_string:
 * @plan: the improvement plan.
 * @format: what to write, as vs_report_write_plan().
 * @options: (nullable): NULL means VS_REPORT_OPTIONS_INIT.
 * @len: (out) (optional): the length in bytes.
 * @error: return location for an error.
 *
 * Like vs_report_write_plan(), to a string.
 *
 * Returns: (transfer full) (nullable): the plan report as a NUL-terminated
 * string (free with vs_free()), NULL on error.
 */
VS_API char *vs_report_dup_plan_string(const VsPlan *plan, VsReportFormat format,
                                       const VsReportOptions *options, gsize *len, GError **error);

/* ---- comparisons (SPEC 10) ---------------------------------------------- */

/**
 * vs_report_write_whatif:
 * @scenarios: the scenarios, for their names.
 * @comparisons: (array): one comparison per scenario, in order (scenario i
 *   against the baseline).
 * @format: what to write:
 *   - VS_REPORT_JSON: `{"valuestream": 1, "scenarios": [{"name",
 *     "summary", "customers", "units", "handoffs", "warnings"}]}` (SPEC 10).
 *   - VS_REPORT_TEXT: for a person, per scenario: a headline (revenue at
 *     risk before -> after, the change and its percent), the other summary
 *     figures (cost only when some unit has one), the customers that
 *     changed (quality, revenue at risk, cost to serve), the teams and
 *     suppliers that moved most (by |change| of fix value, then exposure,
 *     loaded cost, quality), the flags that appeared or went, the handoffs
 *     added, removed and rescored, the warnings. Each list shows at most
 *     10 entries and says how many more there are; amounts to 2 decimals,
 *     control characters in names replaced by '?'.
 *   - VS_REPORT_CSV: one long table, RFC 4180 (CRLF), with the header
 *     `scenario,kind,id,name,status,from,to,deliverable,value,before,after,delta`:
 *     kind "summary" (value: a figure of SPEC 10's summary), "customer"
 *     and "unit" (id, name, status same/added/removed; value: quality,
 *     revenue_at_risk, cost_to_serve, margin for customers; quality,
 *     fix_value, service_score, loaded_cost, exposure and
 *     reaches_customer (1 or 0) for units), "flag" (a unit's flag that
 *     appeared, before 0 after 1, or went, before 1 after 0; value: the
 *     flag's name), "handoff" (from, to, deliverable ("" for none), status
 *     added, removed or same = rescored; value "score" for a rescored one),
 *     "warning" (the message in name). before, after and delta (after -
 *     before) are at full precision, empty where missing or null; every
 *     entry of the JSON has its rows, in the JSON's order.
 *   - VS_REPORT_HTML: one self-contained page in the style of the report
 *     page: an overview of the scenarios, then per scenario cards for the
 *     headline figures and tables (customers, the units that moved most,
 *     handoffs) with bars and deltas coloured green for good news (less at
 *     risk, a higher score) and red for bad; at most 10 rows a table.
 *   VS_REPORT_DOT and unknown formats fail with VS_ERROR_INVALID.
 * @options: (nullable): NULL means VS_REPORT_OPTIONS_INIT; @pretty applies
 *   to JSON, @title (NULL: "What-if scenarios") to HTML.
 * @out: where to write; not closed.
 * @cancellable: (nullable): to stop a long write.
 * @error: return location for an error.
 *
 * Writes what-if scenarios compared with their baseline (SPEC 10) to a stream.
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_report_write_whatif(const VsScenarios *scenarios,
                                       const VsComparison *const *comparisons,
                                       VsReportFormat format, const VsReportOptions *options,
                                       GOutputStream *out, GCancellable *cancellable,
                                       GError **error);

/**
 * vs_report_write_diff:
 * @comparison: two snapshots compared.
 * @format: VS_REPORT_JSON: `{"valuestream": 1, "diff": {"summary",
 *   "customers", "units", "handoffs", "warnings"}}` (SPEC 10).
 *   VS_REPORT_TEXT: the headline and summary figures, then what improved
 *   (less revenue at risk or a higher quality for a customer, a higher
 *   service score or quality for a unit, a higher score for a handoff),
 *   what got worse, what is new and what is gone (customers, units,
 *   handoffs), how many entries changed otherwise, the flags.
 *   VS_REPORT_CSV: the table of vs_report_write_whatif() with the
 *   scenario column empty. VS_REPORT_HTML: the page of one comparison
 *   (@title NULL: "Comparison").
 * @options: (nullable): NULL means VS_REPORT_OPTIONS_INIT; @pretty applies to JSON, @title to HTML.
 * @out: where to write; not closed.
 * @cancellable: (nullable): to stop a long write.
 * @error: return location for an error.
 *
 * Like vs_report_write_whatif(), for one comparison.
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_report_write_diff(const VsComparison *comparison, VsReportFormat format,
                                     const VsReportOptions *options, GOutputStream *out,
                                     GCancellable *cancellable, GError **error);

G_END_DECLS

#endif /* VALUESTREAM_REPORT_H */
