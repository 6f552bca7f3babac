/* valuestream - loading organisations from files.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_LOAD_H
#define VALUESTREAM_LOAD_H

#include <valuestream/common.h>
#include <valuestream/org.h>

G_BEGIN_DECLS

/**
 * SECTION:load
 * @title: Loading
 * @short_description: reading an organisation from CSV, JSON or GraphML
 *
 * Every loader is all-or-nothing: it returns a complete, validated org or
 * NULL with an error naming the file, the line, the field and the reason,
 * e.g. `handoffs.csv:17: field "score": 1.4 is not in 0..1`. Input is
 * treated as hostile: no input makes a loader crash, hang or leak.
 */

/**
 * vs_load:
 * @path: a directory of CSV files, a `.json` file or a `.graphml` file.
 * @error: return location for an error.
 *
 * Loads an organisation in whichever SPEC format @path is (a directory is
 * the CSV layout; files are told apart by extension, then by content).
 *
 * Returns: (transfer full) (nullable): the org, NULL on error.
 */
VS_API VsOrg *vs_load(const char *path, GError **error);

/**
 * vs_load_csv_dir:
 * @dir: a directory with `units.csv`, `handoffs.csv` and optionally
 *   `surveys.csv` (RFC 4180; CRLF or LF; UTF-8 with or without BOM).
 * @error: return location for a VS_ERROR_IO, VS_ERROR_PARSE or VS_ERROR_INVALID error.
 *
 * Loads an organisation from the CSV layout of the SPEC.
 *
 * Returns: (transfer full) (nullable): the org, NULL on error.
 */
VS_API VsOrg *vs_load_csv_dir(const char *dir, GError **error);

/**
 * vs_load_csv_data:
 * @units: contents of units.csv.
 * @units_len: its length in bytes, or -1 when NUL-terminated.
 * @handoffs: contents of handoffs.csv.
 * @handoffs_len: its length, or -1.
 * @surveys: (nullable): contents of surveys.csv, or NULL.
 * @surveys_len: its length, or -1.
 * @error: return location for an error.
 *
 * The CSV layout from memory. Error messages name the files as
 * units.csv, handoffs.csv and surveys.csv.
 *
 * Returns: (transfer full) (nullable): the org, NULL on error.
 */
VS_API VsOrg *vs_load_csv_data(const char *units, gssize units_len, const char *handoffs,
                               gssize handoffs_len, const char *surveys, gssize surveys_len,
                               GError **error);

/**
 * vs_load_json_file:
 * @path: a JSON file `{"units": [...], "handoffs": [...], "surveys": [...]}`.
 * @error: return location for a VS_ERROR_IO, VS_ERROR_PARSE or VS_ERROR_INVALID error.
 *
 * Loads an organisation from a JSON file.
 *
 * Returns: (transfer full) (nullable): the org, NULL on error.
 */
VS_API VsOrg *vs_load_json_file(const char *path, GError **error);

/**
 * vs_load_json_data:
 * @data: the JSON text.
 * @len: its length in bytes, or -1 when NUL-terminated.
 * @name: (nullable): what to call the input in messages (default `"<json>"`).
 * @error: return location for a VS_ERROR_PARSE or VS_ERROR_INVALID error.
 *
 * Loads an organisation from JSON text in memory.
 *
 * Returns: (transfer full) (nullable): the org, NULL on error.
 */
VS_API VsOrg *vs_load_json_data(const char *data, gssize len, const char *name, GError **error);

/**
 * vs_load_graphml_file:
 * @path: a GraphML file; node ids are unit ids, vertex attribute `kind`
 *   is required, other attributes are the SPEC unit and handoff fields.
 * @error: return location for a VS_ERROR_IO, VS_ERROR_PARSE or VS_ERROR_INVALID error.
 *
 * Loads an organisation from a GraphML file (it carries no surveys; see vs_load_surveys_csv()).
 *
 * Returns: (transfer full) (nullable): the org, NULL on error.
 */
VS_API VsOrg *vs_load_graphml_file(const char *path, GError **error);

/**
 * vs_load_graphml_data:
 * @data: the GraphML text.
 * @len: its length in bytes, or -1 when NUL-terminated.
 * @name: (nullable): what to call the input in messages (default `"<graphml>"`).
 * @error: return location for a VS_ERROR_PARSE or VS_ERROR_INVALID error.
 *
 * Loads an organisation from GraphML text in memory.
 *
 * Returns: (transfer full) (nullable): the org, NULL on error.
 */
VS_API VsOrg *vs_load_graphml_data(const char *data, gssize len, const char *name, GError **error);

/**
 * vs_load_surveys_csv:
 * @org: an organisation whose units the answers name.
 * @path: a surveys.csv file (columns period, respondent, provider, score,
 *   scale_min, scale_max).
 * @error: return location for an error.
 *
 * Adds survey answers to @org, all or nothing: on error @org is unchanged.
 * Use it with formats that carry no surveys (GraphML).
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_load_surveys_csv(VsOrg *org, const char *path, GError **error);

/**
 * vs_load_surveys_csv_data:
 * @org: an organisation whose units the answers name.
 * @data: the contents of a surveys.csv file.
 * @len: its length in bytes, or -1 when NUL-terminated.
 * @name: (nullable): what to call the input in messages (default "surveys.csv").
 * @error: return location for an error.
 *
 * Like vs_load_surveys_csv(), from memory.
 *
 * Returns: TRUE on success; on error @org is unchanged.
 */
VS_API gboolean vs_load_surveys_csv_data(VsOrg *org, const char *data, gssize len, const char *name,
                                         GError **error);

G_END_DECLS

#endif /* VALUESTREAM_LOAD_H */
