/* valuestream - vs_load() and the CSV layout: a directory (or three
 * buffers) of units.csv, handoffs.csv and optionally surveys.csv.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A CSV table is read record by record with the streaming reader of
 * csv.c; the header is mapped once to SPEC fields, then each record's
 * mapped fields go to the shared record layer (load-record.c). Nothing is
 * allocated per field, and unit ids are resolved through the org's hash
 * index, so loading is linear in the input. */
#include <string.h>

#include "csv.h"
#include "load-private.h"

typedef struct {
  guint column;
  guint field;
} ColumnMap;

/* A header name as written, less surrounding blanks. */
static const char *
trim(const char *s, gsize *len)
{
  gsize n = strlen(s);
  while (n > 0 && (*s == ' ' || *s == '\t'))
    s++, n--;
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  *len = n;
  return s;
}

/* Maps the header's columns to @table's fields. Unknown columns are
 * ignored; duplicate names and missing required columns are errors. */
static gboolean
map_columns(const VsCsvReader *reader, VsTable table, GArray *map, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  const char *file = vs_i_csv_reader_get_name(reader);
  guint line = vs_i_csv_reader_get_line(reader), n, n_fields;
  const char *const *header = vs_i_csv_reader_get_header(reader, &n);
  const VsFieldDef *fields = vs_i_table_get_fields(table, &n_fields);
  gboolean present[VS_I_MAX_RECORD_FIELDS] = {FALSE};

  for (guint c = 0; c < n; c++) {
    gsize len;
    const char *name = trim(header[c], &len);
    gint f = vs_i_table_find_field(table, name, len);
    gboolean duplicate =
        f >= 0 ? present[f] : len > 0 && !g_hash_table_add(seen, (gpointer)header[c]);

    if (duplicate) {
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s:%u: column %u: duplicate column \"%.*s\"",
                  file, line, c + 1, (int)len, name);
      return FALSE;
    }
    if (f >= 0) {
      ColumnMap m = {c, (guint)f};
      present[f] = TRUE;
      g_array_append_val(map, m);
    }
  }
  for (guint f = 0; f < n_fields; f++) {
    if (fields[f].required && !present[f]) {
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                  "%s:%u: field \"%s\": required column is missing from the header", file, line,
                  fields[f].name);
      return FALSE;
    }
  }
  return TRUE;
}

/* Feeds the current record's mapped fields to @rec and commits it. */
static gboolean
load_record(VsRecord *rec, const VsCsvReader *reader, const GArray *map, GError **error)
{
  const VsCsvField *fields = vs_i_csv_reader_get_fields(reader, NULL);

  vs_i_record_reset(rec);
  for (guint i = 0; i < map->len; i++) {
    const ColumnMap *m = &g_array_index(map, ColumnMap, i);
    const VsCsvField *f = &fields[m->column];
    if (!vs_i_record_set_text(rec, m->field, f->data, f->len, error))
      return FALSE;
  }
  return vs_i_record_commit(rec, error);
}

/* Adds every record of one CSV table to @org. On error the org may hold
 * part of the table: callers discard it (or truncate surveys). */
static gboolean
load_table(VsOrg *org, VsTable table, const char *data, gsize len, const char *name,
           GError **error)
{
  g_autoptr(VsCsvReader) reader = vs_i_csv_reader_new(data, len, name);
  g_autoptr(GArray) map = g_array_new(FALSE, FALSE, sizeof(ColumnMap));
  VsCsvStatus status;
  VsRecord rec;

  if (!vs_i_csv_reader_read_header(reader, error) || !map_columns(reader, table, map, error))
    return FALSE;
  vs_i_record_init(&rec, org, table);
  while ((status = vs_i_csv_reader_next(reader, error)) == VS_CSV_RECORD) {
    if (!load_record(&rec, reader, map, error)) {
      g_prefix_error(error, "%s:%u: ", name, vs_i_csv_reader_get_line(reader));
      status = VS_CSV_ERROR;
      break;
    }
  }
  vs_i_record_clear(&rec);
  return status == VS_CSV_END;
}

static gsize
length_of(const char *data, gssize len)
{
  return len < 0 ? strlen(data) : (gsize)len;
}

VsOrg *
vs_load_csv_data(const char *units, gssize units_len, const char *handoffs, gssize handoffs_len,
                 const char *surveys, gssize surveys_len, GError **error)
{
  VsOrg *org;

  g_return_val_if_fail(units != NULL, NULL);
  g_return_val_if_fail(handoffs != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  org = vs_org_new();
  if (!load_table(org, VS_I_TABLE_UNITS, units, length_of(units, units_len), "units.csv", error) ||
      !load_table(org, VS_I_TABLE_HANDOFFS, handoffs, length_of(handoffs, handoffs_len),
                  "handoffs.csv", error) ||
      (surveys != NULL && !load_table(org, VS_I_TABLE_SURVEYS, surveys,
                                      length_of(surveys, surveys_len), "surveys.csv", error))) {
    vs_org_free(org);
    return NULL;
  }
  return vs_i_load_finish(org, "handoffs.csv", error);
}

/* Reads @dir/@file; a missing optional file gives NULL without error. */
static GBytes *
read_member(const char *dir, const char *file, gboolean required, GError **error)
{
  g_autofree char *path = g_build_filename(dir, file, NULL);

  if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
    if (required)
      g_set_error(error, VS_ERROR, VS_ERROR_IO,
                  "%s: no %s here (an org directory holds units.csv, handoffs.csv and optionally "
                  "surveys.csv)",
                  dir, file);
    return NULL;
  }
  return vs_i_read_file(path, error);
}

VsOrg *
vs_load_csv_dir(const char *dir, GError **error)
{
  g_autoptr(GBytes) units = NULL, handoffs = NULL, surveys = NULL;
  g_autoptr(GError) local = NULL;
  const char *u, *h, *s = NULL;
  gsize ulen, hlen, slen = 0;

  g_return_val_if_fail(dir != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", dir,
                g_file_test(dir, G_FILE_TEST_EXISTS) ? "is not a directory"
                                                    : "No such file or directory");
    return NULL;
  }
  if ((units = read_member(dir, "units.csv", TRUE, error)) == NULL ||
      (handoffs = read_member(dir, "handoffs.csv", TRUE, error)) == NULL)
    return NULL;
  surveys = read_member(dir, "surveys.csv", FALSE, &local);
  if (local != NULL) {
    g_propagate_error(error, g_steal_pointer(&local));
    return NULL;
  }
  u = vs_i_bytes_data(units, &ulen);
  h = vs_i_bytes_data(handoffs, &hlen);
  if (surveys != NULL)
    s = vs_i_bytes_data(surveys, &slen);
  return vs_load_csv_data(u, (gssize)ulen, h, (gssize)hlen, s, (gssize)slen, error);
}

gboolean
vs_load_surveys_csv_data(VsOrg *org, const char *data, gssize len, const char *name,
                         GError **error)
{
  gsize before;

  g_return_val_if_fail(org != NULL, FALSE);
  g_return_val_if_fail(data != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  before = vs_org_get_n_survey_responses(org);
  if (!load_table(org, VS_I_TABLE_SURVEYS, data, length_of(data, len),
                  name != NULL ? name : "surveys.csv", error)) {
    vs_i_org_truncate_surveys(org, before);
    return FALSE;
  }
  return TRUE;
}

gboolean
vs_load_surveys_csv(VsOrg *org, const char *path, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  const char *data;
  gsize len;

  g_return_val_if_fail(org != NULL, FALSE);
  g_return_val_if_fail(path != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  if ((bytes = vs_i_read_file(path, error)) == NULL)
    return FALSE;
  data = vs_i_bytes_data(bytes, &len);
  name = g_path_get_basename(path);
  return vs_load_surveys_csv_data(org, data, (gssize)len, name, error);
}

/* ---- vs_load: pick the format ------------------------------------------- */

typedef enum { FORMAT_UNKNOWN, FORMAT_JSON, FORMAT_GRAPHML } Format;

static Format
format_by_name(const char *path)
{
  g_autofree char *lower = g_ascii_strdown(path, -1);

  if (g_str_has_suffix(lower, ".json"))
    return FORMAT_JSON;
  if (g_str_has_suffix(lower, ".graphml") || g_str_has_suffix(lower, ".xml"))
    return FORMAT_GRAPHML;
  return FORMAT_UNKNOWN;
}

/* The first byte that is not white space (after a byte order mark) says
 * which format a file without a telling extension is. */
static Format
format_by_content(const char *data, gsize len)
{
  gsize i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

  while (i < len && g_ascii_isspace(data[i]))
    i++;
  if (i < len && data[i] == '{')
    return FORMAT_JSON;
  if (i < len && data[i] == '<')
    return FORMAT_GRAPHML;
  return FORMAT_UNKNOWN;
}

VsOrg *
vs_load(const char *path, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  const char *data;
  gsize len;
  Format format;

  g_return_val_if_fail(path != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  if (g_file_test(path, G_FILE_TEST_IS_DIR))
    return vs_load_csv_dir(path, error);
  if ((bytes = vs_i_read_file(path, error)) == NULL)
    return NULL;
  data = vs_i_bytes_data(bytes, &len);
  name = g_path_get_basename(path);
  format = format_by_name(path);
  if (format == FORMAT_UNKNOWN)
    format = format_by_content(data, len);
  switch (format) {
  case FORMAT_JSON:
    return vs_load_json_data(data, (gssize)len, name, error);
  case FORMAT_GRAPHML:
    return vs_load_graphml_data(data, (gssize)len, name, error);
  case FORMAT_UNKNOWN:
    break;
  }
  g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
              "%s: unknown format: expected a directory of CSV files, a JSON file (.json, "
              "starting with '{') or a GraphML file (.graphml, starting with '<')",
              path);
  return NULL;
}
