/* valuestream - writing an analysis out: the SPEC JSON report and text.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_REPORT_H
#define VALUESTREAM_REPORT_H

#include <gio/gio.h>

#include <valuestream/analysis.h>
#include <valuestream/common.h>

G_BEGIN_DECLS

/**
 * VsReportFormat:
 * @VS_REPORT_JSON: the SPEC section 5 report.
 * @VS_REPORT_TEXT: a summary and the flagged teams ranked by fix value,
 *   for a person at a terminal.
 */
typedef enum {
  VS_REPORT_JSON = 0,
  VS_REPORT_TEXT,
} VsReportFormat;

/**
 * vs_report_format_from_name:
 * @name: "json" or "text".
 * @format: (out): the format, when known.
 * Returns: TRUE when @name names a format.
 */
VS_API gboolean vs_report_format_from_name(const char *name, VsReportFormat *format);

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

/** VS_SHARES_AUTO_LIMIT: units x customers up to which AUTO writes shares. */
#define VS_SHARES_AUTO_LIMIT 20000000

/** VS_REPORT_OPTIONS_VERSION: the current layout of VsReportOptions. */
#define VS_REPORT_OPTIONS_VERSION 1

/**
 * VsReportOptions:
 * @version: VS_REPORT_OPTIONS_VERSION.
 * @shares: JSON: whether to write each unit's shares (VsSharesMode).
 * @pretty: JSON: indent for people (TRUE) or write compactly.
 * @top: TEXT: how many flagged teams to list; 0 means all.
 */
typedef struct {
  guint version;
  VsSharesMode shares;
  gboolean pretty;
  guint top;
} VsReportOptions;

/** VS_REPORT_OPTIONS_INIT: shares when affordable, pretty JSON, top 10 in text. */
#define VS_REPORT_OPTIONS_INIT {VS_REPORT_OPTIONS_VERSION, VS_SHARES_AUTO, TRUE, 10}

/**
 * vs_report_write:
 * @analysis: the analysis.
 * @format: what to write.
 * @options: (nullable): NULL means VS_REPORT_OPTIONS_INIT.
 * @out: where to write; not closed.
 * @cancellable: (nullable): to stop a long write.
 * @error: return location for a VS_ERROR_IO (or GIO) error.
 * Returns: TRUE on success.
 */
VS_API gboolean vs_report_write(const VsAnalysis *analysis, VsReportFormat format,
                                const VsReportOptions *options, GOutputStream *out,
                                GCancellable *cancellable, GError **error);

/**
 * vs_report_write_file:
 * @path: the file to (re)place.
 *
 * Like vs_report_write(), to a file, atomically: the report goes to a
 * temporary file next to @path that is renamed over @path only when
 * complete. On error @path is untouched and nothing is left behind.
 * Returns: TRUE on success.
 */
VS_API gboolean vs_report_write_file(const VsAnalysis *analysis, VsReportFormat format,
                                     const VsReportOptions *options, const char *path,
                                     GError **error);

/**
 * vs_report_dup_string:
 * @len: (out) (optional): the length in bytes.
 * Returns: (transfer full) (nullable): the report as a NUL-terminated
 * string (free with vs_free()), NULL on error.
 */
VS_API char *vs_report_dup_string(const VsAnalysis *analysis, VsReportFormat format,
                                  const VsReportOptions *options, gsize *len, GError **error);

G_END_DECLS

#endif /* VALUESTREAM_REPORT_H */
