/* valuestream - the field layer every loader feeds (see load-private.h),
 * and small input helpers the loaders share.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load-private.h"

/* ---- the field tables (SPEC section 2) ---------------------------------- */

/* Order matches the VS_I_U_* / VS_I_H_* / VS_I_S_* enums. */
static const VsFieldDef unit_fields[] = {
    {"id", VS_I_FIELD_TEXT, TRUE},           {"kind", VS_I_FIELD_TEXT, TRUE},
    {"name", VS_I_FIELD_TEXT, FALSE},        {"group", VS_I_FIELD_TEXT, FALSE},
    {"revenue", VS_I_FIELD_NUMBER, FALSE},   {"own_share", VS_I_FIELD_NUMBER, FALSE},
    {"headcount", VS_I_FIELD_NUMBER, FALSE}, {"cost", VS_I_FIELD_NUMBER, FALSE},
};
static const VsFieldDef handoff_fields[] = {
    {"from", VS_I_FIELD_TEXT, TRUE},
    {"to", VS_I_FIELD_TEXT, TRUE},
    {"deliverable", VS_I_FIELD_TEXT, FALSE},
    {"weight", VS_I_FIELD_NUMBER, FALSE},
    {"score", VS_I_FIELD_NUMBER, FALSE},
    {"volume", VS_I_FIELD_NUMBER, FALSE},
    {"lead_time_days", VS_I_FIELD_NUMBER, FALSE},
};
static const VsFieldDef survey_fields[] = {
    {"period", VS_I_FIELD_TEXT, TRUE},       {"respondent", VS_I_FIELD_TEXT, TRUE},
    {"provider", VS_I_FIELD_TEXT, TRUE},     {"score", VS_I_FIELD_NUMBER, TRUE},
    {"scale_min", VS_I_FIELD_NUMBER, FALSE}, {"scale_max", VS_I_FIELD_NUMBER, FALSE},
};

G_STATIC_ASSERT(G_N_ELEMENTS(unit_fields) <= VS_I_MAX_RECORD_FIELDS);
G_STATIC_ASSERT(G_N_ELEMENTS(handoff_fields) <= VS_I_MAX_RECORD_FIELDS);
G_STATIC_ASSERT(G_N_ELEMENTS(survey_fields) <= VS_I_MAX_RECORD_FIELDS);

const VsFieldDef *
vs_i_table_get_fields(VsTable table, guint *n)
{
  *n = 0;
  switch (table) {
  case VS_I_TABLE_UNITS:
    *n = G_N_ELEMENTS(unit_fields);
    return unit_fields;
  case VS_I_TABLE_HANDOFFS:
    *n = G_N_ELEMENTS(handoff_fields);
    return handoff_fields;
  case VS_I_TABLE_SURVEYS:
    *n = G_N_ELEMENTS(survey_fields);
    return survey_fields;
  }
  g_return_val_if_reached(NULL);
}

gint
vs_i_table_find_field(VsTable table, const char *name, gsize len)
{
  guint n;
  const VsFieldDef *fields = vs_i_table_get_fields(table, &n);

  for (guint i = 0; i < n; i++)
    if (strlen(fields[i].name) == len && memcmp(fields[i].name, name, len) == 0)
      return (gint)i;
  return -1;
}

/* ---- the record ---------------------------------------------------------- */

void
vs_i_record_init(VsRecord *rec, VsOrg *org, VsTable table)
{
  memset(rec, 0, sizeof *rec);
  rec->org = org;
  rec->table = table;
  rec->fields = vs_i_table_get_fields(table, &rec->n_fields);
  rec->text_cap = 256;
  rec->text = g_malloc(rec->text_cap);
  vs_i_record_reset(rec);
}

void
vs_i_record_clear(VsRecord *rec)
{
  g_clear_pointer(&rec->text, g_free);
}

void
vs_i_record_reset(VsRecord *rec)
{
  rec->text_len = 0;
  rec->hashed = 0;
  for (guint i = 0; i < VS_I_MAX_RECORD_FIELDS; i++) {
    rec->text_at[i] = -1;
    rec->number[i] = NAN;
  }
}

static const char *
text_of(const VsRecord *rec, guint field)
{
  return rec->text_at[field] < 0 ? NULL : rec->text + rec->text_at[field];
}

/* Numbers longer than this are junk; the cap keeps parsing on the stack. */
#define MAX_NUMBER_TEXT 64

static gboolean
parse_number(VsRecord *rec, guint field, const char *text, gsize len, GError **error)
{
  const char *name = rec->fields[field].name;
  char buf[MAX_NUMBER_TEXT + 1];
  const char *why = NULL;
  double x;

  while (len > 0 && (*text == ' ' || *text == '\t'))
    text++, len--;
  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    len--;
  if (len == 0)
    return TRUE; /* blank = absent */
  if (vs_i_parse_simple_decimal(text, len, &x)) {
    rec->number[field] = x;
    return TRUE;
  }
  if (len > MAX_NUMBER_TEXT) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                "field \"%s\": is not a number (%" G_GSIZE_FORMAT " characters long)", name, len);
    return FALSE;
  }
  memcpy(buf, text, len);
  buf[len] = '\0';
  if (memchr(buf, '\0', len) != NULL || !vs_i_parse_double(buf, &x, &why)) {
    g_autofree char *shown = vs_i_show_value(text, len);
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "field \"%s\": %s %s", name, shown,
                why != NULL ? why : "is not a decimal number");
    return FALSE;
  }
  rec->number[field] = x;
  return TRUE;
}

/* Appends @len bytes and a NUL to the record's text. A plain buffer: every
 * text field of every record of a large file passes here. */
static void
append_text(VsRecord *rec, const char *text, gsize len)
{
  if (rec->text_len + len + 1 > rec->text_cap) {
    rec->text_cap = MAX(2 * rec->text_cap, rec->text_len + len + 1);
    rec->text = g_realloc(rec->text, rec->text_cap);
  }
  memcpy(rec->text + rec->text_len, text, len);
  rec->text[rec->text_len + len] = '\0';
  rec->text_len += len + 1;
}

gboolean
vs_i_record_set_text(VsRecord *rec, guint field, const char *text, gsize len, GError **error)
{
  g_return_val_if_fail(field < rec->n_fields, FALSE);
  if (rec->fields[field].type == VS_I_FIELD_NUMBER)
    return parse_number(rec, field, text, len, error);
  if (len == 0)
    return TRUE; /* empty = absent */
  rec->text_at[field] = (gssize)rec->text_len;
  rec->text_size[field] = len;
  append_text(rec, text, len);
  return TRUE;
}

gboolean
vs_i_record_set_number(VsRecord *rec, guint field, double value, GError **error)
{
  g_return_val_if_fail(field < rec->n_fields, FALSE);
  if (rec->fields[field].type != VS_I_FIELD_NUMBER) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "field \"%s\": expected a string, got a number",
                rec->fields[field].name);
    return FALSE;
  }
  rec->number[field] = value == 0.0 ? 0.0 : value; /* -0 is 0; NAN stays absent */
  return TRUE;
}

static gboolean
check_required(const VsRecord *rec, GError **error)
{
  for (guint i = 0; i < rec->n_fields; i++) {
    const VsFieldDef *f = &rec->fields[i];
    gboolean absent = f->type == VS_I_FIELD_TEXT ? rec->text_at[i] < 0 : isnan(rec->number[i]);
    if (f->required && absent) {
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": is missing", f->name);
      return FALSE;
    }
  }
  return TRUE;
}

/* The index of the unit named in @field, via the org's id index. */
static gboolean
resolve_unit(const VsRecord *rec, guint field, guint32 *unit, GError **error)
{
  const char *id = text_of(rec, field);
  gsize len = rec->text_size[field];
  guint32 hash = rec->hashed & (1u << field) ? rec->hash[field] : vs_i_org_id_hash(id, len);
  gssize found = vs_i_org_find_hashed(rec->org, id, len, hash);

  if (found < 0) {
    g_autofree char *shown = vs_i_show_value(id, len);
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": unknown unit %s",
                rec->fields[field].name, shown);
    return FALSE;
  }
  *unit = (guint32)found;
  return TRUE;
}

static gboolean
commit_unit(VsRecord *rec, GError **error)
{
  VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
  const char *kind_text = text_of(rec, VS_I_U_KIND);
  VsKind kind;

  if (!vs_kind_from_name(kind_text, &kind)) {
    g_autofree char *shown = vs_i_show_value(kind_text, strlen(kind_text));
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "field \"kind\": unknown kind %s (expected team, supplier or customer)", shown);
    return FALSE;
  }
  attrs.name = text_of(rec, VS_I_U_NAME);
  attrs.group = text_of(rec, VS_I_U_GROUP);
  attrs.revenue = rec->number[VS_I_U_REVENUE];
  attrs.own_share = rec->number[VS_I_U_OWN_SHARE];
  attrs.headcount = rec->number[VS_I_U_HEADCOUNT];
  attrs.cost = rec->number[VS_I_U_COST];
  return vs_org_add_unit(rec->org, text_of(rec, VS_I_U_ID), kind, &attrs, error) >= 0;
}

static gboolean
take_handoff(const VsRecord *rec, VsHandoffRow *row, GError **error)
{
  VsHandoffAttrs attrs = VS_HANDOFF_ATTRS_INIT;

  if (!resolve_unit(rec, VS_I_H_FROM, &row->from, error) ||
      !resolve_unit(rec, VS_I_H_TO, &row->to, error))
    return FALSE;
  attrs.deliverable = text_of(rec, VS_I_H_DELIVERABLE);
  attrs.weight = rec->number[VS_I_H_WEIGHT];
  attrs.score = rec->number[VS_I_H_SCORE];
  attrs.volume = rec->number[VS_I_H_VOLUME];
  attrs.lead_time_days = rec->number[VS_I_H_LEAD_TIME];
  row->attrs = attrs;
  return TRUE;
}

gboolean
vs_i_record_take_handoff(VsRecord *rec, VsHandoffRow *row, GError **error)
{
  g_return_val_if_fail(rec->table == VS_I_TABLE_HANDOFFS, FALSE);
  return check_required(rec, error) && take_handoff(rec, row, error);
}

static gboolean
commit_handoff(VsRecord *rec, GError **error)
{
  VsHandoffRow row;

  return take_handoff(rec, &row, error) &&
         vs_i_org_add_handoff_idx(rec->org, row.from, row.to, &row.attrs, error) >= 0;
}

static gboolean
commit_survey(VsRecord *rec, GError **error)
{
  guint32 respondent, provider;

  if (!resolve_unit(rec, VS_I_S_RESPONDENT, &respondent, error) ||
      !resolve_unit(rec, VS_I_S_PROVIDER, &provider, error))
    return FALSE;
  return vs_i_org_add_response_idx(rec->org, text_of(rec, VS_I_S_PERIOD), respondent, provider,
                                   rec->number[VS_I_S_SCORE], rec->number[VS_I_S_SCALE_MIN],
                                   rec->number[VS_I_S_SCALE_MAX], error);
}

void
vs_i_record_prefetch(VsRecord *rec)
{
  static const guint id_fields[][2] = {
      [VS_I_TABLE_UNITS] = {VS_I_U_ID, VS_I_U_ID},
      [VS_I_TABLE_HANDOFFS] = {VS_I_H_FROM, VS_I_H_TO},
      [VS_I_TABLE_SURVEYS] = {VS_I_S_RESPONDENT, VS_I_S_PROVIDER},
  };
  for (guint i = 0; i < 2; i++) {
    guint field = id_fields[rec->table][i];
    const char *id = text_of(rec, field);
    if (id != NULL && !(rec->hashed & (1u << field))) {
      rec->hash[field] = vs_i_org_id_hash(id, rec->text_size[field]);
      rec->hashed |= 1u << field;
      vs_i_org_prefetch(rec->org, rec->hash[field]);
    }
  }
}

gboolean
vs_i_record_commit(VsRecord *rec, GError **error)
{
  if (!check_required(rec, error))
    return FALSE;
  switch (rec->table) {
  case VS_I_TABLE_UNITS:
    return commit_unit(rec, error);
  case VS_I_TABLE_HANDOFFS:
    return commit_handoff(rec, error);
  case VS_I_TABLE_SURVEYS:
    return commit_survey(rec, error);
  }
  g_return_val_if_reached(FALSE);
}

/* ---- input helpers ---------------------------------------------------------- */

/* A pipe or a device (or a /proc file, which claims size 0) is read to
 * its end, but no further than this: /dev/zero must not fill the memory. */
#define MAX_STREAM_INPUT ((gsize)1 << 30)

static GBytes *
read_stream(int fd, const char *path, GError **error)
{
  GByteArray *buf = g_byte_array_new();
  const gsize chunk_size = 64 * 1024;
  /* on the heap: a host's threads may have small stacks */
  g_autofree guint8 *chunk = g_malloc(chunk_size);

  for (;;) {
    gssize n = read(fd, chunk, chunk_size);
    if (n == 0)
      break;
    if (n < 0) {
      int saved = errno;
      if (saved == EINTR)
        continue;
      g_byte_array_unref(buf);
      g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot read: %s", path, g_strerror(saved));
      return NULL;
    }
    if (buf->len + (gsize)n > MAX_STREAM_INPUT) {
      g_byte_array_unref(buf);
      g_set_error(error, VS_ERROR, VS_ERROR_LIMIT,
                  "%s: more than %" G_GSIZE_FORMAT " MiB from a stream that is not a regular file",
                  path, MAX_STREAM_INPUT >> 20);
      return NULL;
    }
    g_byte_array_append(buf, chunk, (guint)n);
  }
  return g_byte_array_free_to_bytes(buf);
}

/* A regular file of @size bytes, read (not mapped: a mapped file that
 * another program truncates meanwhile kills the process with SIGBUS). A
 * file that changes size while it is read is an error, not half an org. */
static GBytes *
read_regular(int fd, const char *path, gsize size, GError **error)
{
  g_autofree char *buf = g_try_malloc(size);
  gsize got = 0;
  char extra;
  gssize n;

  if (buf == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_LIMIT,
                "%s: too large to read (%" G_GSIZE_FORMAT " bytes)", path, size);
    return NULL;
  }
  while (got < size) {
    n = read(fd, buf + got, MIN(size - got, (gsize)G_MAXSSIZE));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int saved = errno;
      g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot read: %s", path, g_strerror(saved));
      return NULL;
    }
    if (n == 0)
      break;
    got += (gsize)n;
  }
  do
    n = read(fd, &extra, 1);
  while (n < 0 && errno == EINTR);
  if (got != size || n > 0) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO,
                "%s: the file changed while it was read (it %s); read it again once it is "
                "written",
                path, got != size ? "shrank" : "grew");
    return NULL;
  }
  return g_bytes_new_take(g_steal_pointer(&buf), size);
}

GBytes *
vs_i_read_file(const char *path, GError **error)
{
  GBytes *bytes;
  struct stat st;
  int fd, saved;

  fd = g_open(path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) {
    saved = errno;
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot open: %s", path, g_strerror(saved));
    return NULL;
  }
  saved = fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
  if (saved != 0) {
    close(fd);
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot read: %s", path, g_strerror(saved));
    return NULL;
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0 && (guint64)st.st_size <= G_MAXSIZE)
    bytes = read_regular(fd, path, (gsize)st.st_size, error);
  else
    bytes = read_stream(fd, path, error);
  close(fd);
  return bytes;
}

const char *
vs_i_bytes_data(GBytes *bytes, gsize *len)
{
  const char *data = g_bytes_get_data(bytes, len);
  return data != NULL ? data : "";
}

/* The 1-based line of byte @offset. */
static guint
line_at(const char *data, gsize offset)
{
  guint line = 1;
  for (const char *p = data; (p = memchr(p, '\n', (gsize)(data + offset - p))) != NULL; p++)
    line++;
  return line;
}

gboolean
vs_i_check_text(const char *data, gsize len, const char *name, GError **error)
{
  const char *end = NULL;

  if (g_utf8_validate_len(data, len, &end))
    return TRUE;
  g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s:%u: %s", name,
              line_at(data, (gsize)(end - data)),
              *end == '\0' ? "contains a NUL byte (is this a text file?)"
                           : "is not valid UTF-8 (save the file as UTF-8)");
  return FALSE;
}

VsOrg *
vs_i_load_finish(VsOrg *org, const char *name, GError **error)
{
  if (!vs_org_validate(org, error)) {
    g_prefix_error(error, "%s: ", name);
    vs_org_free(org);
    return NULL;
  }
  return org;
}

VsOrg *
vs_i_load_file(const char *path, VsDataLoader load, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  const char *data;
  gsize len;

  if ((bytes = vs_i_read_file(path, error)) == NULL)
    return NULL;
  data = vs_i_bytes_data(bytes, &len);
  name = g_path_get_basename(path);
  return load(data, (gssize)len, name, error);
}
