/* valuestream - scenarios read from CSV (SPEC 8), one change per row, and
 * from a file of either format.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Section 3's CSV rules (lib/base/base-csv.h): RFC 4180, a header row,
 * columns in any order; columns this reader does not know are ignored, as
 * the org's CSV files' are. An empty cell is "not given": CSV cannot say
 * null, so it never clears a field. */
#include <math.h>
#include <string.h>

#include "base-csv.h"
#include "decide-private.h"

/* The columns, in SPEC 8's order. */
enum {
  C_SCENARIO,
  C_ACTION,
  C_UNIT,
  C_FROM,
  C_TO,
  C_DELIVERABLE,
  C_SCORE,
  C_WEIGHT,
  C_VOLUME,
  C_OWN_SHARE,
  C_COST,
  C_REVENUE,
  C_KIND,
  C_NAME,
  C_GROUP,
  C_N
};
static const char *const column_names[C_N] = {
    "scenario", "action",    "unit", "from",    "to",   "deliverable", "score", "weight",
    "volume",   "own_share", "cost", "revenue", "kind", "name",        "group"};

typedef struct {
  gint column[C_N]; /* the field of each column, -1 when absent */
  char *text[C_N];  /* the current row's cells, NUL-terminated; NULL = empty */
} Row;

static gboolean
map_header(VsCsvReader *reader, Row *row, GError **error)
{
  guint n;
  const char *const *header;

  if (!vs_i_csv_reader_read_header(reader, error))
    return FALSE;
  header = vs_i_csv_reader_get_header(reader, &n);
  for (guint c = 0; c < C_N; c++) {
    row->column[c] = -1;
    for (guint f = 0; f < n; f++)
      if (strcmp(header[f], column_names[c]) == 0 && row->column[c] < 0)
        row->column[c] = (gint)f;
  }
  for (guint c = C_SCENARIO; c <= C_ACTION; c++) {
    if (row->column[c] < 0) {
      g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s:1: the header has no column \"%s\"",
                  vs_i_csv_reader_get_name(reader), column_names[c]);
      return FALSE;
    }
  }
  return TRUE;
}

static void
row_clear(Row *row)
{
  for (guint c = 0; c < C_N; c++)
    g_clear_pointer(&row->text[c], g_free);
}

/* Copies the current record's cells into @row, each checked for length. */
static gboolean
row_read(VsCsvReader *reader, Row *row, GError **error)
{
  guint n;
  const VsCsvField *fields = vs_i_csv_reader_get_fields(reader, &n);

  row_clear(row);
  for (guint c = 0; c < C_N; c++) {
    const VsCsvField *f;
    if (row->column[c] < 0 || (guint)row->column[c] >= n)
      continue;
    f = &fields[row->column[c]];
    if (f->len == 0)
      continue;
    if (!vs_i_scenario_text_fits(column_names[c], f->len, error))
      return FALSE;
    row->text[c] = g_strndup(f->data, f->len);
  }
  return TRUE;
}

static gboolean
parse_number(const Row *row, guint c, double *out, GError **error)
{
  const char *why = NULL;

  if (row->text[c] == NULL)
    return TRUE;
  if (!vs_i_parse_double(row->text[c], out, &why)) {
    g_autofree char *shown = vs_i_show_value(row->text[c], strlen(row->text[c]));
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": %s %s", column_names[c], shown,
                why);
    return FALSE;
  }
  if (!isfinite(*out)) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": is not finite", column_names[c]);
    return FALSE;
  }
  return TRUE;
}

/* The change of @row (its strings borrowed from @row). */
static gboolean
row_change(const Row *row, VsChange *c, GError **error)
{
  static const guint numbers[] = {C_SCORE, C_WEIGHT, C_VOLUME, C_OWN_SHARE, C_COST, C_REVENUE};
  double *slots[] = {&c->score, &c->weight, &c->volume, &c->own_share, &c->cost, &c->revenue};

  if (row->text[C_ACTION] == NULL) {
    g_set_error_literal(error, VS_ERROR, VS_ERROR_INVALID, "field \"action\": is missing");
    return FALSE;
  }
  if (!vs_action_from_name(row->text[C_ACTION], &c->action)) {
    g_autofree char *shown = vs_i_show_value(row->text[C_ACTION], strlen(row->text[C_ACTION]));
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "field \"action\": unknown action %s (expected score, fix, outage, remove_unit, "
                "add_handoff, remove_handoff or set)",
                shown);
    return FALSE;
  }
  if (row->text[C_KIND] != NULL) {
    VsKind kind;
    if (!vs_kind_from_name(row->text[C_KIND], &kind)) {
      g_autofree char *shown = vs_i_show_value(row->text[C_KIND], strlen(row->text[C_KIND]));
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                  "field \"kind\": unknown kind %s (expected team, supplier or customer)", shown);
      return FALSE;
    }
    c->kind = (gint)kind;
  }
  for (guint i = 0; i < G_N_ELEMENTS(numbers); i++)
    if (!parse_number(row, numbers[i], slots[i], error))
      return FALSE;
  c->unit = row->text[C_UNIT];
  c->from = row->text[C_FROM];
  c->to = row->text[C_TO];
  c->deliverable = row->text[C_DELIVERABLE];
  c->name = row->text[C_NAME];
  c->group = row->text[C_GROUP];
  return TRUE;
}

/* Adds the current row to its scenario; @where is "NAME:LINE". */
static gboolean
add_row(VsScenarios *s, const Row *row, const char *where, GError **error)
{
  VsChange c = VS_CHANGE_INIT;
  g_autoptr(GError) local = NULL;
  const char *name = row->text[C_SCENARIO];
  gssize index;

  if (name == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "%s: field \"scenario\": is missing", where);
    return FALSE;
  }
  index = vs_i_scenarios_find(s, name);
  if (index < 0 && (index = vs_scenarios_add(s, name, error)) < 0) {
    g_prefix_error(error, "%s: ", where);
    return FALSE;
  }
  if (!row_change(row, &c, &local)) {
    g_autofree char *shown = vs_i_show_value(name, strlen(name));
    g_set_error(error, VS_ERROR, local->code, "%s: scenario %s: change %" G_GSIZE_FORMAT ": %s",
                where, shown, vs_scenarios_get_n_changes(s, (gsize)index) + 1, local->message);
    return FALSE;
  }
  return vs_i_scenarios_add_change_at(s, (gsize)index, &c, where, error);
}

VsScenarios *
vs_scenarios_load_csv_data(const char *data, gssize len, const char *name, GError **error)
{
  g_autoptr(VsCsvReader) reader = NULL;
  g_autoptr(VsScenarios) s = NULL;
  Row row = {{0}, {NULL}};
  VsCsvStatus status = VS_CSV_END;
  gboolean ok;

  g_return_val_if_fail(data != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  if (name == NULL)
    name = "<csv>";
  reader = vs_i_csv_reader_new(data, len < 0 ? strlen(data) : (gsize)len, name);
  if (!map_header(reader, &row, error))
    return NULL;
  s = vs_scenarios_new();
  ok = TRUE;
  while (ok && (status = vs_i_csv_reader_next(reader, error)) == VS_CSV_RECORD) {
    g_autofree char *where = g_strdup_printf("%s:%u", name, vs_i_csv_reader_get_line(reader));
    ok = row_read(reader, &row, error);
    if (!ok)
      g_prefix_error(error, "%s: ", where);
    else
      ok = add_row(s, &row, where, error);
  }
  row_clear(&row);
  if (!ok || status == VS_CSV_ERROR)
    return NULL;
  return g_steal_pointer(&s);
}

/* ---- either format, from a file ------------------------------------------ */

static gboolean
looks_like_json(const char *data, gsize len)
{
  gsize i = 0;

  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace(data[i]))
    i++;
  return i < len && data[i] == '{';
}

VsScenarios *
vs_scenarios_load(const char *path, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *base = NULL, *lower = NULL;
  const char *data;
  gsize len;
  gboolean json;

  g_return_val_if_fail(path != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  if ((bytes = vs_i_read_file(path, error)) == NULL)
    return NULL;
  data = vs_i_bytes_data(bytes, &len);
  base = g_path_get_basename(path);
  lower = g_ascii_strdown(base, -1);
  if (g_str_has_suffix(lower, ".json"))
    json = TRUE;
  else if (g_str_has_suffix(lower, ".csv"))
    json = FALSE;
  else
    json = looks_like_json(data, len);
  return json ? vs_scenarios_load_json_data(data, (gssize)len, base, error)
              : vs_scenarios_load_csv_data(data, (gssize)len, base, error);
}
