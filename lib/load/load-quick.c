/* valuestream - the quick way for plain CSV rows (see load-quick.h).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <string.h>

#include "load-quick.h"

#define NO_TEXT G_MAXUINT

/* What the quick way reads of a table. */
typedef struct {
  guint n_fields;   /* the table's fields (vs_i_table_get_fields()) */
  guint n_ids;      /* fields naming units to resolve: 2, or 0 for units.csv */
  guint n_hashed;   /* of them, or of the new unit's id, those whose index slot is fetched */
  guint ids[2];     /* the fields naming units */
  guint text;       /* the repeated text field, or NO_TEXT */
  guint numbers[4]; /* the number fields */
  guint n_numbers;
} Layout;

static const Layout handoff_layout = {
    VS_I_H_N_FIELDS,
    2,
    2,
    {VS_I_H_FROM, VS_I_H_TO},
    VS_I_H_DELIVERABLE,
    {VS_I_H_WEIGHT, VS_I_H_SCORE, VS_I_H_VOLUME, VS_I_H_LEAD_TIME},
    4,
};
static const Layout survey_layout = {
    VS_I_S_N_FIELDS,
    2,
    2,
    {VS_I_S_RESPONDENT, VS_I_S_PROVIDER},
    VS_I_S_PERIOD,
    {VS_I_S_SCORE, VS_I_S_SCALE_MIN, VS_I_S_SCALE_MAX},
    3,
};
/* Groups are too many to keep (one per few dozen units); the org interns
 * them as units are added. */
static const Layout unit_layout = {
    VS_I_U_N_FIELDS,
    0,
    1, /* the id, looked up for duplicates: at a million units a cache miss */
    {VS_I_U_ID, 0},
    NO_TEXT,
    {VS_I_U_REVENUE, VS_I_U_OWN_SHARE, VS_I_U_HEADCOUNT, VS_I_U_COST},
    4,
};

/* Texts met so far, open-addressed by hash: a large org repeats a few.
 * Learning stops at half full; rows with other texts go the general way. */
#define TEXT_SLOTS 1024

/* A text of 1 to 16 bytes as two words: see short_key(). */
typedef struct {
  guint64 w[2];
} ShortKey;

/* A short repeated text found: its key and length, and where it is. */
typedef struct {
  ShortKey key;
  gsize len;
  const char *found; /* NULL: an empty entry */
} CachedText;

#define TEXT_CACHE_BITS 8

struct VsQuick {
  const Layout *layout;
  const VsFieldDef *fields;
  guint n_fields;
  gint column[VS_I_MAX_RECORD_FIELDS];
  gboolean identity; /* field f is column f, for every field: the usual header */
  guint required[VS_I_MAX_RECORD_FIELDS];
  guint n_required;
  VsQuickSink sink;
  /* per slot: a text that passed the general way, NUL-terminated, in
   * memory that outlives the load */
  const char *text[TEXT_SLOTS];
  gsize len[TEXT_SLOTS];
  guint n_texts;
  /* Exports list a unit's rows together (four handoffs in five repeat the
   * provider of the row before; most survey answers, the pair): an id
   * that repeats the row read before is resolved as that row was, with
   * no hash and no index lookup. Views of the last row read quick, and
   * the units of the last row handed on quick (valid while rows are
   * handed on in the order read and every one of them quick). */
  VsCsvField prev_id[2];
  gboolean prev_read;
  guint32 last_unit[2];
  gboolean last_resolved;
  /* short texts found, direct-mapped by their key */
  CachedText cached[1 << TEXT_CACHE_BITS];
};

VsQuick *
vs_i_quick_new(VsTable table, const gint *column, const VsQuickSink *sink)
{
  VsQuick *q;

  q = g_new0(VsQuick, 1);
  q->layout = table == VS_I_TABLE_HANDOFFS  ? &handoff_layout
              : table == VS_I_TABLE_SURVEYS ? &survey_layout
                                            : &unit_layout;
  q->fields = vs_i_table_get_fields(table, &q->n_fields);
  g_assert(q->n_fields == q->layout->n_fields);
  memcpy(q->column, column, sizeof q->column);
  q->identity = TRUE;
  for (guint f = 0; f < q->n_fields; f++) {
    q->identity &= column[f] == (gint)f;
    if (q->fields[f].required)
      q->required[q->n_required++] = f;
  }
  q->sink = *sink;
  return q;
}

void
vs_i_quick_free(VsQuick *q)
{
  g_free(q);
}

/* ---- the repeated texts ------------------------------------------------------- */

/* The slot holding @s (@len bytes), or the empty slot where it would go. */
static guint
text_slot(const VsQuick *q, const char *s, gsize len)
{
  guint k = (guint)(vs_i_hash64(s, len) % TEXT_SLOTS);

  while (q->text[k] != NULL && !(q->len[k] == len && memcmp(q->text[k], s, len) == 0))
    k = (k + 1) % TEXT_SLOTS;
  return k;
}

static void
learn_text(VsQuick *q, const char *text)
{
  gsize len = strlen(text);
  guint k;

  if (q->n_texts >= TEXT_SLOTS / 2)
    return;
  k = text_slot(q, text, len);
  if (q->text[k] == NULL) {
    q->text[k] = text;
    q->len[k] = len;
    q->n_texts++;
  }
}

/* ---- reading ---------------------------------------------------------------------- */

/* A text of 1 to 16 bytes as two words that hold each of its bytes
 * (read as two overlapping loads, or bytes for the shortest): texts of
 * one length have equal keys exactly when they are equal. FALSE for
 * other lengths. Ids and repeated texts are short: comparing keys cost
 * less than a call to memcmp(), and hashing one less than vs_i_hash64(). */
static inline gboolean
short_key(const char *s, gsize len, ShortKey *k)
{
  if (len >= 8 && len <= 16) {
    memcpy(&k->w[0], s, 8);
    memcpy(&k->w[1], s + len - 8, 8);
    return TRUE;
  }
  if (len >= 4 && len < 8) {
    guint32 first, last;
    memcpy(&first, s, 4);
    memcpy(&last, s + len - 4, 4);
    k->w[0] = first;
    k->w[1] = last;
    return TRUE;
  }
  if (len >= 1 && len < 4) {
    k->w[0] = (guint64)(guchar)s[0] | (guint64)(guchar)s[len / 2] << 8 |
              (guint64)(guchar)s[len - 1] << 16;
    k->w[1] = 0;
    return TRUE;
  }
  return FALSE;
}

static inline gboolean
same_key(const ShortKey *a, const ShortKey *b)
{
  return ((a->w[0] ^ b->w[0]) | (a->w[1] ^ b->w[1])) == 0;
}

/* Two fields of the same text. */
static inline gboolean
same_view(const VsCsvField *a, const VsCsvField *b)
{
  ShortKey x, y;

  if (a->len != b->len)
    return FALSE;
  if (short_key(a->data, a->len, &x) && short_key(b->data, b->len, &y))
    return same_key(&x, &y);
  return memcmp(a->data, b->data, a->len) == 0;
}

/* The checked copy of @text in *@found; FALSE when it is not known. A
 * short text is looked up in the cache of those found first. */
static gboolean
find_text(VsQuick *q, const VsCsvField *text, const char **found)
{
  ShortKey key;
  CachedText *cached = NULL;

  if (short_key(text->data, text->len, &key)) {
    guint64 h = (key.w[0] ^ key.w[1] * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15) ^ text->len) *
                G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
    cached = &q->cached[h >> (64 - TEXT_CACHE_BITS)];
    if (cached->found != NULL && cached->len == text->len && same_key(&cached->key, &key)) {
      *found = cached->found;
      return TRUE;
    }
  }
  if ((*found = q->text[text_slot(q, text->data, text->len)]) == NULL)
    return FALSE;
  if (cached != NULL) /* learnt texts stay */
    *cached = (CachedText){key, text->len, *found};
  return TRUE;
}

/* A number field the quick way: blank is absent; FALSE for anything but a
 * plain decimal (the general way trims blanks and reads the rest). */
static gboolean
quick_number(const VsCsvField *f, double *x)
{
  *x = NAN;
  return f->len == 0 || vs_i_parse_simple_decimal(f->data, f->len, x);
}

/* vs_i_quick_read() for layout @lay, which is q's: always inlined with
 * a constant @lay, so that its loops over the fields unroll. */
static inline __attribute__((always_inline)) gboolean
read_laid_out(VsQuick *q, const VsOrg *org, const VsCsvReader *reader, VsQuickRow *r,
              const Layout *lay)
{
  const VsCsvField *fields = vs_i_csv_reader_get_fields(reader, NULL), *text;

  r->ready = FALSE;
  if (!vs_i_csv_reader_fields_stable(reader))
    return FALSE;
  if (G_LIKELY(q->identity))
    memcpy(r->view, fields, lay->n_fields * sizeof *fields);
  else
    for (guint f = 0; f < lay->n_fields; f++)
      r->view[f] = q->column[f] >= 0 ? fields[q->column[f]] : (VsCsvField){"", 0};
  for (guint i = 0; i < q->n_required; i++)
    if (r->view[q->required[i]].len == 0)
      return FALSE; /* "is missing" */
  for (guint i = 0; i < lay->n_numbers; i++)
    if (!quick_number(&r->view[lay->numbers[i]], &r->number[lay->numbers[i]]))
      return FALSE;
  text = lay->text != NO_TEXT ? &r->view[lay->text] : NULL;
  if (text != NULL && text->len > 0 && !find_text(q, text, &r->text))
    return FALSE;
  if (text == NULL || text->len == 0)
    r->text = NULL;
  for (guint i = 0; i < lay->n_hashed; i++) {
    const VsCsvField *id = &r->view[lay->ids[i]];
    r->same[i] = i < lay->n_ids && q->prev_read && same_view(id, &q->prev_id[i]);
    if (i < lay->n_ids)
      q->prev_id[i] = *id;
    if (r->same[i])
      continue;
    r->hash[i] = vs_i_org_id_hash(id->data, id->len);
    vs_i_org_prefetch(org, r->hash[i]);
  }
  q->prev_read = lay->n_ids > 0;
  return r->ready = TRUE;
}

gboolean
vs_i_quick_read(VsQuick *q, const VsOrg *org, const VsCsvReader *reader, VsQuickRow *r)
{
  if (q->layout == &handoff_layout)
    return read_laid_out(q, org, reader, r, &handoff_layout);
  if (q->layout == &survey_layout)
    return read_laid_out(q, org, reader, r, &survey_layout);
  return read_laid_out(q, org, reader, r, &unit_layout);
}

/* ---- handing on ------------------------------------------------------------------- */

/* The rows' units; FALSE when an id is unknown. Rows come in the order
 * read, so "the same as the row before" (@r->same) means the last row
 * resolved here, when the one handed on before @r was resolved here too. */
static gboolean
resolve(VsQuick *q, const VsOrg *org, VsQuickRow *r)
{
  gboolean known = q->last_resolved;

  q->last_resolved = FALSE;
  for (guint i = 0; i < q->layout->n_ids; i++) {
    const VsCsvField *id = &r->view[q->layout->ids[i]];
    gssize unit;
    if (r->same[i] && known) {
      r->unit[i] = q->last_unit[i];
      continue;
    }
    if (r->same[i]) /* the row before went the general way: no hash made */
      r->hash[i] = vs_i_org_id_hash(id->data, id->len);
    if ((unit = vs_i_org_find_hashed(org, id->data, id->len, r->hash[i])) < 0)
      return FALSE;
    r->unit[i] = (guint32)unit;
  }
  memcpy(q->last_unit, r->unit, sizeof q->last_unit);
  q->last_resolved = q->layout->n_ids > 0;
  return TRUE;
}

/* The general way for a row read the quick way: its fields again, from
 * the views. */
static gboolean
refill(const VsQuick *q, const VsQuickRow *r, VsRecord *rec, GError **error)
{
  vs_i_record_reset(rec);
  for (guint f = 0; f < q->n_fields; f++)
    if (q->column[f] >= 0 && !vs_i_record_set_text(rec, f, r->view[f].data, r->view[f].len, error))
      return FALSE;
  return TRUE;
}

gboolean
vs_i_quick_hand_on(VsQuick *q, VsOrg *org, VsQuickRow *r, VsRecord *rec, guint line,
                   VsRecordFn general, gpointer data, GError **error)
{
  const char *taken;

  if (!r->ready)
    q->last_resolved = FALSE;
  if (r->ready && resolve(q, org, r)) {
    VsQuickResult result = q->sink.accept(q->sink.data, r, error);
    if (result != VS_QUICK_GENERAL)
      return result == VS_QUICK_DONE;
  }
  if (!q->sink.flush(q->sink.data, error) || (r->ready && !refill(q, r, rec, error)) ||
      !general(rec, line, data, error))
    return FALSE;
  if ((taken = q->sink.taken(q->sink.data)) != NULL)
    learn_text(q, taken);
  return TRUE;
}

gboolean
vs_i_quick_flush(VsQuick *q, GError **error)
{
  return q->sink.flush(q->sink.data, error);
}
