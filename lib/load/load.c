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

#include "base-csv.h"
#include "org-topology.h"
#include "load-private.h"
#include "load-quick.h"

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

/* Feeds the current record's mapped fields to @rec. */
static gboolean
fill_record(VsRecord *rec, const VsCsvReader *reader, const GArray *map, GError **error)
{
  const VsCsvField *fields = vs_i_csv_reader_get_fields(reader, NULL);

  vs_i_record_reset(rec);
  for (guint i = 0; i < map->len; i++) {
    const ColumnMap *m = &g_array_index(map, ColumnMap, i);
    const VsCsvField *f = &fields[m->column];
    if (!vs_i_record_set_text(rec, m->field, f->data, f->len, error))
      return FALSE;
  }
  return TRUE;
}

/* ---- reading a large handoffs.csv in two parts at once -------------------------
 *
 * Parsing is most of the time a large org takes to load. handoffs.csv
 * (five rows a unit) is cut in two at a record boundary; while this thread
 * reads and commits the first part, another reads the second into
 * checked rows (ids resolved through the index and rows checked against
 * the units, neither of which handoffs change). It stores them straight
 * into the org's handoff columns, past the last row the first part could
 * fill (grown once beforehand, so nothing moves them); after the first
 * part they become the org's next rows, moved down over any gap. The org
 * is the same as when read in one go, and the first error in file order
 * wins. */

static gsize split_min_bytes = (gsize)2 << 20;

void
vs_i_load_set_split_min(gsize bytes)
{
  split_min_bytes = bytes;
}

/* Line breaks in @data as the reader counts them: LF, CRLF, lone CR. */
static gsize
count_lines(const char *data, gsize len)
{
  gsize lone_cr = 0;
  for (const char *p = data, *end = data + len; (p = memchr(p, '\r', (gsize)(end - p))) != NULL;
       p++)
    lone_cr += p + 1 == end || p[1] != '\n';
  return vs_i_count_byte(data, len, '\n') + lone_cr;
}

/* Where a second reader can start: just after the first LF at or past the
 * middle that lies outside every quoted field. Quotes come in pairs (a
 * doubled quote is two), so a place is outside when the quotes before it
 * are even. 0 when there is none (say, a file with lone CRs only).
 * @line: the physical line that starts there. */
static gsize
split_point(const char *data, gsize len, guint *line)
{
  gsize quotes = vs_i_count_byte(data, len / 2, '"');
  const char *p = data + len / 2, *end = data + len, *nl;

  while ((nl = memchr(p, '\n', (gsize)(end - p))) != NULL) {
    quotes += vs_i_count_byte(p, (gsize)(nl - p), '"');
    if (quotes % 2 == 0) {
      gsize at = (gsize)(nl + 1 - data);
      *line = (guint)(1 + count_lines(data, at));
      return at < len ? at : 0;
    }
    p = nl + 1;
  }
  return 0;
}

typedef struct {
  VsOrg *org; /* only its id index and units are read */
  VsCsvReader *reader;
  const GArray *map;
  const char *name;
  VsHandoffSlots slots; /* where its rows go: the org's columns, past the first part's */
  gsize at, n, room;    /* the first row's index there, rows stored, room for rows */
  GStringChunk *texts;  /* the rows' deliverables, one copy each */
  GHashTable *seen;
  GError *error; /* the first error in the part, after every row */
} Part;

static gboolean fill_record(VsRecord *rec, const VsCsvReader *reader, const GArray *map,
                            GError **error);

static gboolean read_records(VsCsvReader *reader, const GArray *map, VsOrg *org, VsTable table,
                             VsRecordFn fn, gpointer data, VsQuick *quick, GError **error);

/* A handoff read the quick way, as a row, if it passes the checks the
 * general way would make (its deliverable was checked when it was learnt). */
static gboolean
checked_handoff(const VsOrg *org, const VsQuickRow *r, VsHandoffRow *row)
{
  row->from = r->unit[0];
  row->to = r->unit[1];
  row->attrs = (VsHandoffAttrs){NULL, r->number[VS_I_H_WEIGHT], r->number[VS_I_H_SCORE],
                                r->number[VS_I_H_VOLUME], r->number[VS_I_H_LEAD_TIME]};
  if (!vs_i_org_check_handoff(org, row->from, row->to, &row->attrs, NULL))
    return FALSE;
  row->attrs.deliverable = r->text;
  return TRUE;
}

/* The CSV column of each field of @table, -1 for none, from @map. */
static void
columns_of(const GArray *map, gint *column)
{
  for (guint f = 0; f < VS_I_MAX_RECORD_FIELDS; f++)
    column[f] = -1;
  for (guint i = 0; i < map->len; i++) {
    const ColumnMap *m = &g_array_index(map, ColumnMap, i);
    column[m->field] = (gint)m->column;
  }
}

static gboolean
no_flush(gpointer data, GError **error)
{
  return TRUE;
}

static const char *
no_text(gpointer data)
{
  return NULL;
}

static const char *
keep_text(Part *p, const char *text)
{
  const char *copy = g_hash_table_lookup(p->seen, text);
  if (copy == NULL) {
    copy = g_string_chunk_insert(p->texts, text);
    g_hash_table_add(p->seen, (gpointer)copy);
  }
  return copy;
}

/* Stores a checked row of the second part in its place in the org's
 * columns (committed later). A record ends with a line break, so there
 * is room for every record (load_table()); the check guards that. */
static gboolean
part_store(Part *p, const VsHandoffRow *row, GError **error)
{
  if (p->n == p->room) {
    g_set_error_literal(error, VS_ERROR, VS_ERROR_LIMIT, "more records than lines");
    return FALSE;
  }
  vs_i_handoff_slots_set(&p->slots, p->at + p->n++, row);
  return TRUE;
}

/* Records of the second part become rows, checked here and committed
 * later in order. */
static gboolean
keep_row(VsRecord *rec, guint line, gpointer data, GError **error)
{
  Part *p = data;
  VsHandoffRow row;

  if (!vs_i_record_take_handoff(rec, &row, error) ||
      !vs_i_org_check_handoff(p->org, row.from, row.to, &row.attrs, error))
    return FALSE;
  if (row.attrs.deliverable != NULL)
    row.attrs.deliverable = keep_text(p, row.attrs.deliverable);
  return part_store(p, &row, error);
}

static VsQuickResult
part_accept(gpointer data, const VsQuickRow *r, GError **error)
{
  Part *p = data;
  VsHandoffRow row;

  if (!checked_handoff(p->org, r, &row))
    return VS_QUICK_GENERAL;
  return part_store(p, &row, error) ? VS_QUICK_DONE : VS_QUICK_ERROR;
}

static const char *
part_taken(gpointer data)
{
  Part *p = data;
  return p->slots.deliverable[p->at + p->n - 1];
}

static gpointer
read_part(gpointer data)
{
  Part *p = data;
  const VsQuickSink sink = {part_accept, no_flush, part_taken, p};
  gint column[VS_I_MAX_RECORD_FIELDS];
  g_autoptr(VsQuick) quick = NULL;

  columns_of(p->map, column);
  quick = vs_i_quick_new(VS_I_TABLE_HANDOFFS, column, &sink);
  read_records(p->reader, p->map, p->org, VS_I_TABLE_HANDOFFS, keep_row, p, quick, &p->error);
  return NULL;
}

/* Readies the second part (@len bytes at @data, starting on @line) to
 * store its rows from handoff @at on; FALSE when the org cannot hold that
 * many (the table is then read in one go). */
static gboolean
part_prepare(Part *p, VsOrg *org, const char *data, gsize len, guint line, gsize at)
{
  p->at = at;
  p->n = 0;
  p->room = count_lines(data, len) + 1; /* the last record may have no line break */
  p->org = org;
  p->reader = NULL;
  return vs_i_org_handoff_slots(org, at, p->room, &p->slots);
}

static void
part_start(Part *p, VsTask *task, const VsCsvReader *first, const char *data, gsize len, guint line,
           const GArray *map)
{
  p->reader = vs_i_csv_reader_new_part(data, len, first, line);
  p->map = map;
  p->name = vs_i_csv_reader_get_name(first);
  p->texts = g_string_chunk_new(4096);
  p->seen = g_hash_table_new(g_str_hash, g_str_equal);
  vs_i_task_start(task, TRUE, read_part, p);
}

/* Waits for the second part and, when the first went well (@ok), commits
 * its rows in order; then the part's own error, if any. */
static gboolean
part_finish(Part *p, VsTask *task, gboolean ok, GError **error)
{
  vs_i_task_join(task);
  if (ok && !vs_i_org_adopt_handoffs(p->org, p->at, p->n, error)) {
    g_prefix_error(error, "%s: ", p->name);
    ok = FALSE;
  }
  if (ok && p->error != NULL) {
    g_propagate_error(error, g_steal_pointer(&p->error));
    ok = FALSE;
  }
  g_clear_error(&p->error);
  vs_i_csv_reader_free(p->reader);
  g_string_chunk_free(p->texts);
  g_hash_table_destroy(p->seen);
  return ok;
}

/* A record read and waiting to be handed on, with where it came from. */
typedef struct {
  VsRecord rec;
  VsQuickRow quick;
  guint line;
} Pending;

static gboolean
hand_on(Pending *p, const char *name, VsOrg *org, VsRecordFn fn, gpointer data, VsQuick *quick,
        GError **error)
{
  gboolean ok = quick != NULL
                    ? vs_i_quick_hand_on(quick, org, &p->quick, &p->rec, p->line, fn, data, error)
                    : fn(&p->rec, p->line, data, error);
  if (!ok)
    g_prefix_error(error, "%s:%u: ", name, p->line);
  return ok;
}

/* Reads the current record into @p, the quick way when there is one and
 * the record allows. */
static gboolean
read_pending(Pending *p, VsCsvReader *reader, const GArray *map, VsOrg *org, VsQuick *quick,
             GError **error)
{
  p->line = vs_i_csv_reader_get_line(reader);
  p->quick.ready = FALSE;
  if (quick != NULL && vs_i_quick_read(quick, org, reader, &p->quick))
    return TRUE;
  if (!fill_record(&p->rec, reader, map, error))
    return FALSE;
  vs_i_record_prefetch(&p->rec);
  return TRUE;
}

/* Reads every record of @reader (a table of @org) and hands each to @fn
 * (or, for a table with a @quick way, stores what it can that way),
 * one behind: record k is read and the id index slots it will need are
 * prefetched, then record k - 1 is handed on. At a million units each
 * lookup is a cache miss, which the parsing of the next record hides.
 * Records are handed on in file order, and the first error in file order
 * is the one reported, with the file's name and line. */
static gboolean
read_records(VsCsvReader *reader, const GArray *map, VsOrg *org, VsTable table, VsRecordFn fn,
             gpointer data, VsQuick *quick, GError **error)
{
  const char *name = vs_i_csv_reader_get_name(reader);
  g_autoptr(GError) local = NULL;
  Pending slot[2];
  gboolean waiting = FALSE, ok = TRUE;
  guint k = 0;
  VsCsvStatus status = VS_CSV_END;

  vs_i_record_init(&slot[0].rec, org, table);
  vs_i_record_init(&slot[1].rec, org, table);
  while (ok && (status = vs_i_csv_reader_next(reader, &local)) == VS_CSV_RECORD) {
    Pending *cur = &slot[k & 1], *prev = &slot[(k + 1) & 1];
    gboolean filled = read_pending(cur, reader, map, org, quick, &local);
    ok = (!waiting || hand_on(prev, name, org, fn, data, quick, error)) && filled;
    if (ok)
      waiting = TRUE, k++;
    else if (local != NULL && (error == NULL || *error == NULL))
      g_propagate_prefixed_error(error, g_steal_pointer(&local), "%s:%u: ", name, cur->line);
  }
  if (ok && waiting)
    ok = hand_on(&slot[(k + 1) & 1], name, org, fn, data, quick, error);
  if (ok && quick != NULL && !vs_i_quick_flush(quick, error)) {
    g_prefix_error(error, "%s: ", name);
    ok = FALSE;
  }
  if (ok && status == VS_CSV_ERROR) {
    g_propagate_error(error, g_steal_pointer(&local));
    ok = FALSE;
  }
  vs_i_record_clear(&slot[0].rec);
  vs_i_record_clear(&slot[1].rec);
  return ok;
}

static gboolean
commit_record(VsRecord *rec, guint line, gpointer data, GError **error)
{
  return vs_i_record_commit(rec, error);
}

/* Handoffs of the first part (or of a whole small table) read the quick
 * way go to the org in batches of this many. */
#define QUICK_BATCH 1024

typedef struct {
  VsOrg *org;
  VsHandoffRow *batch; /* QUICK_BATCH rows */
  guint n;
} Direct;

static gboolean
direct_flush(gpointer data, GError **error)
{
  Direct *d = data;
  gboolean ok = vs_i_org_append_handoffs(d->org, d->batch, d->n, error);
  d->n = 0;
  return ok;
}

static VsQuickResult
direct_accept(gpointer data, const VsQuickRow *r, GError **error)
{
  Direct *d = data;

  if (!checked_handoff(d->org, r, &d->batch[d->n]))
    return VS_QUICK_GENERAL;
  return ++d->n < QUICK_BATCH || direct_flush(d, error) ? VS_QUICK_DONE : VS_QUICK_ERROR;
}

/* The last row's copy of its text, in @column of @org. */
static const char *
last_text(const GArray *column)
{
  return g_array_index(column, const char *, column->len - 1);
}

static const char *
direct_taken(gpointer data)
{
  Direct *d = data;
  return last_text(d->org->h_deliverable);
}

/* Survey answers read the quick way go to the org one by one: adding one
 * checks it, and changes nothing when it fails. */
static VsQuickResult
survey_accept(gpointer data, const VsQuickRow *r, GError **error)
{
  return vs_i_org_add_response_idx(data, r->text, r->unit[0], r->unit[1], r->number[VS_I_S_SCORE],
                                   r->number[VS_I_S_SCALE_MIN], r->number[VS_I_S_SCALE_MAX], NULL)
             ? VS_QUICK_DONE
             : VS_QUICK_GENERAL;
}

static const char *
survey_taken(gpointer data)
{
  VsOrg *org = data;
  return last_text(org->s_period);
}

/* Units read the quick way are added as the general way adds them, from
 * NUL-terminated copies of the id, the name and the group. */
typedef struct {
  char *text;
  gsize size;
} Copy;

typedef struct {
  VsOrg *org;
  Copy id, kind, name, group;
} Units;

/* The text of @f in @out, NUL-terminated. */
static const char *
terminated(Copy *out, const VsCsvField *f)
{
  if (f->len + 1 > out->size) {
    out->size = MAX(2 * out->size, f->len + 1);
    out->text = g_realloc(out->text, out->size);
  }
  memcpy(out->text, f->data, f->len);
  out->text[f->len] = '\0';
  return out->text;
}

static VsQuickResult
unit_accept(gpointer data, const VsQuickRow *r, GError **error)
{
  Units *u = data;
  const VsCsvField *name = &r->view[VS_I_U_NAME], *group = &r->view[VS_I_U_GROUP];
  VsUnitAttrs attrs = {NULL,
                       NULL,
                       r->number[VS_I_U_REVENUE],
                       r->number[VS_I_U_OWN_SHARE],
                       r->number[VS_I_U_HEADCOUNT],
                       r->number[VS_I_U_COST]};
  VsKind kind;

  if (!vs_kind_from_name(terminated(&u->kind, &r->view[VS_I_U_KIND]), &kind))
    return VS_QUICK_GENERAL;
  if (name->len > 0)
    attrs.name = terminated(&u->name, name);
  if (group->len > 0)
    attrs.group = terminated(&u->group, group);
  return vs_org_add_unit(u->org, terminated(&u->id, &r->view[VS_I_U_ID]), kind, &attrs, NULL) >= 0
             ? VS_QUICK_DONE
             : VS_QUICK_GENERAL;
}

/* Reads the records of @reader into @org, each table with a quick way. */
static gboolean
read_table(VsCsvReader *reader, const GArray *map, VsOrg *org, VsTable table, GError **error)
{
  const VsQuickSink handoffs = {direct_accept, direct_flush, direct_taken, NULL};
  const VsQuickSink surveys = {survey_accept, no_flush, survey_taken, org};
  const VsQuickSink units_sink = {unit_accept, no_flush, no_text, NULL};
  Direct direct = {org, NULL, 0};
  Units units = {org, {NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}};
  gint column[VS_I_MAX_RECORD_FIELDS];
  g_autoptr(VsQuick) quick = NULL;
  VsQuickSink sink;
  gboolean ok;

  columns_of(map, column);
  if (table == VS_I_TABLE_HANDOFFS) {
    sink = handoffs;
    sink.data = &direct;
    direct.batch = g_new(VsHandoffRow, QUICK_BATCH);
  } else if (table == VS_I_TABLE_UNITS) {
    sink = units_sink;
    sink.data = &units;
  } else {
    sink = surveys;
  }
  quick = vs_i_quick_new(table, column, &sink);
  ok = read_records(reader, map, org, table, commit_record, NULL, quick, error);
  g_free(direct.batch);
  g_free(units.id.text);
  g_free(units.kind.text);
  g_free(units.name.text);
  g_free(units.group.text);
  return ok;
}

/* A reader of @len bytes at @data whose header has been read and mapped
 * into @map; NULL with @error set when the header is wrong. */
static VsCsvReader *
header_read(const char *data, gsize len, const char *name, VsTable table, GArray *map,
            GError **error)
{
  g_autoptr(VsCsvReader) reader = vs_i_csv_reader_new(data, len, name);

  if (!vs_i_csv_reader_read_header(reader, error) || !map_columns(reader, table, map, error))
    return NULL;
  return g_steal_pointer(&reader);
}

/* Adds every record of one CSV table to @org. On error the org may hold
 * part of the table: callers discard it (or truncate surveys). A large
 * handoffs.csv is read in two parts, the second on another core; its rows
 * are committed after the first part's, so the order is the file's. */
static gboolean
load_table(VsOrg *org, VsTable table, const char *data, gsize len, const char *name, GError **error)
{
  guint part_line = 0;
  gsize split = table == VS_I_TABLE_HANDOFFS && len >= split_min_bytes
                    ? split_point(data, len, &part_line)
                    : 0;
  g_autoptr(VsCsvReader) reader = NULL;
  g_autoptr(GArray) map = g_array_new(FALSE, FALSE, sizeof(ColumnMap));
  Part part = {NULL};
  VsTask task = {NULL};
  gboolean ok;

  /* (The split is at a record boundary outside quotes, past the header.) */
  if (!(reader = header_read(data, split ? split : len, name, table, map, error)))
    return FALSE;
  /* The first part stores a row for at most each line from the header's
   * end to the split, so the second's rows can go from there on at once,
   * in place (moved down after the first part only when some record took
   * more than a line, or a line was blank). */
  if (split &&
      !part_prepare(&part, org, data + split, len - split, part_line,
                    org->h_from->len + part_line - vs_i_csv_reader_get_position_line(reader))) {
    split = 0;
    g_clear_pointer(&reader, vs_i_csv_reader_free);
    g_array_set_size(map, 0);
    if (!(reader = header_read(data, len, name, table, map, error)))
      return FALSE;
  }
  /* Room for the handoffs, one a line (a second part has made it already). */
  if (table == VS_I_TABLE_HANDOFFS && !split)
    vs_i_org_reserve(org, 0, vs_i_count_byte(data, len, '\n'));
  if (split)
    part_start(&part, &task, reader, data + split, len - split, part_line, map);
  ok = read_table(reader, map, org, table, error);
  return split ? part_finish(&part, &task, ok, error) : ok;
}

static gsize
length_of(const char *data, gssize len)
{
  return len < 0 ? strlen(data) : (gsize)len;
}

/* Builds the org's topology (which validation needs) on another core
 * while surveys.csv is read: the topology depends on units and handoffs
 * only, and reading survey answers changes neither. */
static gpointer
topology_task(gpointer org)
{
  /* cached in the org; an error comes again when validation asks */
  vs_i_topology_unref(vs_i_org_topology(org, NULL));
  return NULL;
}

/* A new org holding the units of units.csv (@units, @len). */
static VsOrg *
load_units(const char *units, gsize len, GError **error)
{
  VsOrg *org = vs_org_new();

  /* one line a row, give or take a header and quoted line breaks */
  vs_i_org_reserve(org, vs_i_count_byte(units, len, '\n'), 0);
  if (!load_table(org, VS_I_TABLE_UNITS, units, len, "units.csv", error)) {
    vs_org_free(org);
    return NULL;
  }
  return org;
}

/* Adds handoffs.csv and surveys.csv (@surveys may be NULL) to @org, which
 * holds the units, and checks the whole; frees @org on error. @done
 * (NULL-terminated, or NULL): the input, no longer needed once it is
 * read, released while the topology is still being built (so that
 * unmapping tens of megabytes does not add to the load), or later by the
 * caller. */
static VsOrg *
load_handoffs_and_surveys(VsOrg *org, const char *handoffs, gsize handoffs_len, const char *surveys,
                          gsize surveys_len, GBytes **done, GError **error)
{
  VsTask task = {NULL};
  gboolean ok;

  ok = load_table(org, VS_I_TABLE_HANDOFFS, handoffs, handoffs_len, "handoffs.csv", error);
  if (ok && surveys != NULL) {
    gsize size = vs_org_get_n_units(org) + vs_org_get_n_handoffs(org);
    vs_i_task_start(&task, size >= VS_PARALLEL_MIN_SIZE, topology_task, org);
    ok = load_table(org, VS_I_TABLE_SURVEYS, surveys, surveys_len, "surveys.csv", error);
    for (GBytes **b = done; b != NULL && *b != NULL; b++)
      g_clear_pointer(b, g_bytes_unref);
    vs_i_task_join(&task);
  }
  if (!ok) {
    vs_org_free(org);
    return NULL;
  }
  return vs_i_load_finish(org, "handoffs.csv", error);
}

VsOrg *
vs_load_csv_data(const char *units, gssize units_len, const char *handoffs, gssize handoffs_len,
                 const char *surveys, gssize surveys_len, GError **error)
{
  VsOrg *org;

  g_return_val_if_fail(units != NULL, NULL);
  g_return_val_if_fail(handoffs != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  org = load_units(units, length_of(units, units_len), error);
  if (org == NULL)
    return NULL;
  return load_handoffs_and_surveys(org, handoffs, length_of(handoffs, handoffs_len), surveys,
                                   surveys != NULL ? length_of(surveys, surveys_len) : 0, NULL,
                                   error);
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

/* handoffs.csv and surveys.csv of a directory, read on another core while
 * units.csv is parsed: reading copies a few hundred megabytes at a
 * million units. */
typedef struct {
  const char *dir;
  GBytes *handoffs, *surveys;
  GError *error;
} ReadRest;

static gpointer
read_rest(gpointer data)
{
  ReadRest *r = data;

  r->handoffs = read_member(r->dir, "handoffs.csv", TRUE, &r->error);
  if (r->handoffs != NULL)
    r->surveys = read_member(r->dir, "surveys.csv", FALSE, &r->error);
  return NULL;
}

/* Reads units.csv here and the rest meanwhile (large files only), so
 * errors come in the order of a plain read: a missing or unreadable file
 * before what is wrong inside one. */
static VsOrg *
load_dir(const char *dir, GError **error)
{
  g_autoptr(GBytes) units = read_member(dir, "units.csv", TRUE, error);
  ReadRest rest = {dir, NULL, NULL, NULL};
  g_autoptr(GError) units_error = NULL;
  const char *u, *h, *s = NULL;
  gsize ulen, hlen, slen = 0;
  GBytes *done[4] = {NULL}; /* NULL-terminated */
  VsOrg *org;
  VsTask task;

  if (units == NULL)
    return NULL;
  u = vs_i_bytes_data(units, &ulen);
  vs_i_task_start(&task, ulen >= split_min_bytes, read_rest, &rest);
  org = load_units(u, ulen, &units_error);
  vs_i_task_join(&task);
  if (rest.error != NULL || units_error != NULL) {
    g_propagate_error(error, rest.error != NULL ? rest.error : g_steal_pointer(&units_error));
    vs_org_free(org);
    g_clear_pointer(&rest.handoffs, g_bytes_unref);
    g_clear_pointer(&rest.surveys, g_bytes_unref);
    return NULL;
  }
  h = vs_i_bytes_data(rest.handoffs, &hlen);
  if (rest.surveys != NULL)
    s = vs_i_bytes_data(rest.surveys, &slen);
  done[0] = g_steal_pointer(&units);
  done[1] = g_steal_pointer(&rest.handoffs);
  done[2] = g_steal_pointer(&rest.surveys);
  org = load_handoffs_and_surveys(org, h, hlen, s, slen, done, error);
  for (guint i = 0; i < G_N_ELEMENTS(done); i++)
    g_clear_pointer(&done[i], g_bytes_unref);
  return org;
}

VsOrg *
vs_load_csv_dir(const char *dir, GError **error)
{
  g_return_val_if_fail(dir != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: %s", dir,
                g_file_test(dir, G_FILE_TEST_EXISTS) ? "is not a directory"
                                                     : "No such file or directory");
    return NULL;
  }
  return load_dir(dir, error);
}

gboolean
vs_load_surveys_csv_data(VsOrg *org, const char *data, gssize len, const char *name, GError **error)
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
