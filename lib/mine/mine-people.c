/* valuestream - the people map of the miner: a CSV file of resource and
 * team, read into a resource index and a parallel array of team names.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "base-csv.h"
#include "load-private.h"
#include "mine-private.h"

static gint
find_column(const char *const *header, guint n, const char *want)
{
  for (guint c = 0; c < n; c++) {
    g_autofree char *have = g_strstrip(g_strdup(header[c]));
    if (strcmp(have, want) == 0)
      return (gint)c;
  }
  return -1;
}

gboolean
vs_i_read_people_map(const char *path, VsIntern *people, GPtrArray *teams, GError **error)
{
  g_autoptr(GBytes) bytes = vs_i_read_file(path, error);
  g_autofree char *name = g_path_get_basename(path);
  g_autoptr(VsCsvReader) reader = NULL;
  const char *data;
  const char *const *header;
  gsize len;
  guint n;
  gint rc, tc;
  VsCsvStatus st;

  if (bytes == NULL)
    return FALSE;
  data = vs_i_bytes_data(bytes, &len);
  reader = vs_i_csv_reader_new(data, len, name);
  if (!vs_i_csv_reader_read_header(reader, error))
    return FALSE;
  header = vs_i_csv_reader_get_header(reader, &n);
  rc = find_column(header, n, "resource");
  tc = find_column(header, n, "team");
  if (rc < 0 || tc < 0) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                "%s:1: field \"%s\": required column is missing from the header (a people map "
                "has columns resource and team)",
                name, rc < 0 ? "resource" : "team");
    return FALSE;
  }
  while ((st = vs_i_csv_reader_next(reader, error)) == VS_CSV_RECORD) {
    const VsCsvField *f = vs_i_csv_reader_get_fields(reader, NULL);
    const VsCsvField *who = &f[rc], *team = &f[tc];
    gboolean added;
    guint32 p;

    if (who->len == 0)
      continue; /* a row about nobody */
    p = vs_i_intern_add(people, who->data, who->len, vs_i_intern_hash(who->data, who->len), &added);
    if (!added) {
      const char *had = g_ptr_array_index(teams, p);
      if ((had == NULL ? 0 : strlen(had)) == team->len &&
          (team->len == 0 || memcmp(had, team->data, team->len) == 0))
        continue; /* the same row twice */
      g_autofree char *shown = vs_i_show_value(who->data, who->len);
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                  "%s:%u: field \"resource\": %s is already in team \"%s\"", name,
                  vs_i_csv_reader_get_line(reader), shown, had != NULL ? had : "");
      return FALSE;
    }
    g_ptr_array_add(teams, team->len > 0 ? g_strndup(team->data, team->len) : NULL);
  }
  return st == VS_CSV_END;
}
