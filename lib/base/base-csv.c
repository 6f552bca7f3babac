/* valuestream - a streaming RFC 4180 CSV reader over a buffer (see csv.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One pass over the bytes: a 256-entry class table lets the inner loops
 * skip ordinary bytes quickly and stop only at bytes that matter (the
 * delimiter, quotes, line breaks, NUL and the first byte of a multi-byte
 * UTF-8 sequence, which is validated on the spot). Work and memory are
 * linear in the input whatever its shape. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base-csv.h"
#include "base-private.h"

/* Byte classes; 0 = an ordinary byte that needs no attention. */
enum {
  CLASS_DELIM = 1 << 0,
  CLASS_QUOTE = 1 << 1,
  CLASS_EOL = 1 << 2, /* '\n' or '\r' */
  CLASS_NUL = 1 << 3,
  CLASS_HIGH = 1 << 4, /* >= 0x80: part of a multi-byte UTF-8 sequence */
};

struct VsCsvReader {
  char *name;
  const guchar *p, *end;
  guint line;        /* physical line of the byte at p */
  guint record_line; /* where the current record starts */
  guint n_fields;
  gboolean unescaped; /* some field of the record lives in scratch */
  GString *scratch;   /* unescaped fields of the current record */
  char **header;
  guint n_header;
  char delimiter;
  guint8 cls[256];
  /* The current record: fixed arrays, so reading allocates nothing. */
  VsCsvField fields[VS_CSV_MAX_FIELDS];
  gsize scratch_at[VS_CSV_MAX_FIELDS]; /* offset in scratch of an unescaped field */
};

static void
set_class_table(VsCsvReader *r, char delimiter)
{
  memset(r->cls, 0, sizeof r->cls);
  for (guint c = 0x80; c < 0x100; c++)
    r->cls[c] = CLASS_HIGH;
  r->cls['\n'] = r->cls['\r'] = CLASS_EOL;
  r->cls['"'] = CLASS_QUOTE;
  r->cls[0] = CLASS_NUL;
  r->cls[(guchar)delimiter] = CLASS_DELIM;
  r->delimiter = delimiter;
}

/* The first byte at or after @p that needs attention (its class is not 0),
 * or @end. Unquoted fields are most of the input, so with SSE2 (every
 * x86-64) this tests 16 bytes at a time: equal to the delimiter, a quote,
 * LF, CR or NUL, or with the top bit set. */
static inline const guchar *
skip_ordinary(const VsCsvReader *r, const guchar *p, const guchar *end)
{
#if defined(__SSE2__) && defined(__GNUC__)
  const __m128i delim = _mm_set1_epi8(r->delimiter), quote = _mm_set1_epi8('"');
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128();

  for (; end - p >= 16; p += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, delim), _mm_cmpeq_epi8(v, quote)),
                     _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)),
                                  _mm_cmpeq_epi8(v, nul)));
    int bits = _mm_movemask_epi8(hit) | _mm_movemask_epi8(v);
    if (bits != 0)
      return p + __builtin_ctz((unsigned)bits);
  }
#endif
  while (p < end && r->cls[*p] == 0)
    p++;
  return p;
}

VsCsvReader *
vs_i_csv_reader_new(const char *data, gsize len, const char *name)
{
  VsCsvReader *r;

  g_return_val_if_fail(data != NULL || len == 0, NULL);
  r = g_new0(VsCsvReader, 1);
  if (data == NULL)
    data = "";
  r->name = g_strdup(name != NULL ? name : "<csv>");
  r->p = (const guchar *)data;
  r->end = r->p + len;
  /* A byte order mark says "UTF-8", nothing more. */
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    r->p += 3;
  r->line = 1;
  r->scratch = g_string_new(NULL);
  set_class_table(r, ',');
  return r;
}

VsCsvReader *
vs_i_csv_reader_new_part(const char *data, gsize len, const VsCsvReader *like, guint line)
{
  VsCsvReader *r = vs_i_csv_reader_new(data, len, like->name);

  r->p = (const guchar *)data; /* mid-file: no byte order mark to skip */
  r->line = line;
  memcpy(r->cls, like->cls, sizeof r->cls);
  r->header = g_strdupv(like->header);
  r->n_header = like->n_header;
  return r;
}

void
vs_i_csv_reader_free(VsCsvReader *r)
{
  if (r == NULL)
    return;
  g_free(r->name);
  g_string_free(r->scratch, TRUE);
  g_strfreev(r->header);
  g_free(r);
}

void
vs_i_csv_reader_refill(VsCsvReader *r, const char *data, gsize len)
{
  g_return_if_fail(r != NULL);
  g_return_if_fail(data != NULL || len == 0);
  r->p = (const guchar *)(data != NULL ? data : "");
  r->end = r->p + len;
}

void
vs_i_csv_reader_set_delimiter(VsCsvReader *r, char delimiter)
{
  g_return_if_fail(r != NULL);
  g_return_if_fail(delimiter != '"' && delimiter != '\n' && delimiter != '\r' &&
                   delimiter != '\0' && (guchar)delimiter < 0x80);
  set_class_table(r, delimiter);
}

/* Sets a VS_ERROR naming the record's line and, when known, the column. */
G_GNUC_PRINTF(5, 6)
static void
set_error(const VsCsvReader *r, guint column, GError **error, int code, const char *fmt, ...)
{
  g_autofree char *reason = NULL;
  va_list ap;

  va_start(ap, fmt);
  reason = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  if (column < r->n_header)
    g_set_error(error, VS_ERROR, code, "%s:%u: field \"%s\": %s", r->name, r->record_line,
                r->header[column], reason);
  else if (column != G_MAXUINT)
    g_set_error(error, VS_ERROR, code, "%s:%u: column %u: %s", r->name, r->record_line, column + 1,
                reason);
  else
    g_set_error(error, VS_ERROR, code, "%s:%u: %s", r->name, r->record_line, reason);
}

/* Length of the valid UTF-8 sequence at @p (whose first byte is >= 0x80),
 * or 0 when it is invalid: a stray continuation byte, an overlong form, a
 * surrogate, a code point above U+10FFFF or a sequence cut short. */
static gsize
utf8_sequence_length(const guchar *p, const guchar *end)
{
  gsize n;
  gunichar u;

  if (p[0] < 0xC2)
    return 0;
  else if (p[0] < 0xE0)
    n = 2, u = p[0] & 0x1F;
  else if (p[0] < 0xF0)
    n = 3, u = p[0] & 0x0F;
  else if (p[0] < 0xF5)
    n = 4, u = p[0] & 0x07;
  else
    return 0;
  if ((gsize)(end - p) < n)
    return 0;
  for (gsize i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80)
      return 0;
    u = (u << 6) | (p[i] & 0x3F);
  }
  if (n == 3 && (u < 0x800 || (u >= 0xD800 && u <= 0xDFFF)))
    return 0;
  if (n == 4 && (u < 0x10000 || u > 0x10FFFF))
    return 0;
  return n;
}

/* Steps over the byte at p, which has class @c (HIGH or NUL); FALSE with
 * an error when it is not valid text. */
static gboolean
step_text_byte(VsCsvReader *r, guint8 c, guint column, GError **error)
{
  gsize n;

  if (c & CLASS_NUL) {
    set_error(r, column, error, VS_ERROR_PARSE, "contains a NUL byte (is this a text file?)");
    return FALSE;
  }
  n = utf8_sequence_length(r->p, r->end);
  if (n == 0) {
    set_error(r, column, error, VS_ERROR_PARSE, "is not valid UTF-8 (save the file as UTF-8)");
    return FALSE;
  }
  r->p += n;
  return TRUE;
}

/* Steps over one line break (CRLF, LF or a lone CR) at p. */
static void
step_line_break(VsCsvReader *r)
{
  if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
    r->p++;
  r->p++;
  r->line++;
}

/* An unquoted field: runs to the delimiter, a line break or the end. */
static gboolean
read_plain(VsCsvReader *r, guint column, VsCsvField *f, GError **error)
{
  const guchar *start = r->p;

  for (;;) {
    guint8 c;
    r->p = skip_ordinary(r, r->p, r->end);
    if (r->p == r->end)
      break;
    c = r->cls[*r->p];
    if (c & (CLASS_DELIM | CLASS_EOL))
      break;
    if (c & CLASS_QUOTE) {
      set_error(r, column, error, VS_ERROR_PARSE,
                "a quote inside an unquoted field (quote the whole field and double the quote)");
      return FALSE;
    }
    if (!step_text_byte(r, c, column, error))
      return FALSE;
  }
  f->data = (const char *)start;
  f->len = (gsize)(r->p - start);
  return TRUE;
}

/* Copies the quoted text [start, start+len) into scratch with each doubled
 * quote made single; returns the offset of the copy. */
static gsize
unescape(VsCsvReader *r, const guchar *start, gsize len, gsize *out_len)
{
  gsize at = r->scratch->len;
  const guchar *p = start, *end = start + len;

  while (p < end) {
    const guchar *q = memchr(p, '"', (gsize)(end - p));
    if (q == NULL)
      q = end;
    g_string_append_len(r->scratch, (const char *)p, q - p);
    if (q == end)
      break;
    g_string_append_c(r->scratch, '"');
    p = q + 2; /* inside a quoted field quotes come in pairs */
  }
  *out_len = r->scratch->len - at;
  return at;
}

/* A quoted field, from its opening quote to the delimiter or line break
 * after its closing quote. */
static gboolean
read_quoted(VsCsvReader *r, guint column, VsCsvField *f, GError **error)
{
  const guint8 stop = CLASS_QUOTE | CLASS_EOL | CLASS_NUL | CLASS_HIGH;
  const guchar *start;
  guint open_line = r->line;
  gboolean doubled = FALSE;
  gsize len;

  start = ++r->p;
  for (;;) {
    guint8 c;
    while (r->p < r->end && !(r->cls[*r->p] & stop))
      r->p++;
    if (r->p == r->end) {
      set_error(r, column, error, VS_ERROR_PARSE,
                "unterminated quoted field (the quote opens on line %u)", open_line);
      return FALSE;
    }
    c = r->cls[*r->p];
    if (c & CLASS_QUOTE) {
      if (r->p + 1 < r->end && r->p[1] == '"') {
        doubled = TRUE;
        r->p += 2;
        continue;
      }
      break;
    }
    if (c & CLASS_EOL)
      step_line_break(r);
    else if (!step_text_byte(r, c, column, error))
      return FALSE;
  }
  len = (gsize)(r->p - start);
  r->p++; /* the closing quote */
  if (r->p < r->end && !(r->cls[*r->p] & (CLASS_DELIM | CLASS_EOL))) {
    set_error(r, column, error, VS_ERROR_PARSE, "text after the closing quote");
    return FALSE;
  }
  f->data = (const char *)start;
  f->len = len;
  if (doubled) {
    /* Until the record is complete, data = NULL and the offset in scratch
     * is kept in scratch_at. */
    r->scratch_at[column] = unescape(r, start, len, &f->len);
    f->data = NULL;
    r->unescaped = TRUE;
  }
  return TRUE;
}

/* Unescaped fields live in scratch, which may move while a record grows:
 * point them at their text only once the record is complete. */
static void
fix_up_scratch_fields(VsCsvReader *r)
{
  for (guint i = 0; r->unescaped && i < r->n_fields; i++)
    if (r->fields[i].data == NULL)
      r->fields[i].data = r->scratch->str + r->scratch_at[i];
}

/* Reads fields up to the end of the record at p (which is not at the end
 * of the input and not on a blank line). */
static gboolean
read_record(VsCsvReader *r, GError **error)
{
  for (;;) {
    guint column = r->n_fields;
    VsCsvField *f = &r->fields[column];

    if (column >= VS_CSV_MAX_FIELDS) {
      set_error(r, G_MAXUINT, error, VS_ERROR_LIMIT, "more than %u fields in a record",
                VS_CSV_MAX_FIELDS);
      return FALSE;
    }
    if (r->p < r->end && *r->p == '"') {
      if (!read_quoted(r, column, f, error))
        return FALSE;
    } else if (!read_plain(r, column, f, error)) {
      return FALSE;
    }
    r->n_fields++;
    if (r->p == r->end)
      return TRUE;
    if (r->cls[*r->p] & CLASS_EOL) {
      step_line_break(r);
      return TRUE;
    }
    r->p++; /* the delimiter; a field follows, maybe empty */
  }
}

#if defined(__SSE2__) && defined(__GNUC__)
/* The quick way through a record that lies on one line and holds no
 * quote, NUL or non-ASCII byte, as nearly every record of a large table
 * does: 16 bytes at a time, fields split at the delimiters up to the LF
 * (or CRLF). FALSE, with nothing consumed, for any other record, and near
 * the end of the input (a vector must fit); the general way reads it. */
static gboolean
read_simple_record(VsCsvReader *r)
{
  const __m128i delim = _mm_set1_epi8(r->delimiter), quote = _mm_set1_epi8('"');
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128();
  const guchar *p = r->p, *start = p;
  guint n = 0, max = r->header != NULL ? r->n_header : VS_CSV_MAX_FIELDS;

  for (;; p += 16) {
    __m128i v;
    guint delims, stops, before;
    if (r->end - p < 16)
      return FALSE;
    v = _mm_loadu_si128((const __m128i *)(const void *)p);
    delims = (guint)_mm_movemask_epi8(_mm_cmpeq_epi8(v, delim));
    stops = (guint)(_mm_movemask_epi8(
                        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, nul)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)))) |
                    _mm_movemask_epi8(v));
    before = stops != 0 ? (1u << __builtin_ctz(stops)) - 1 : 0xFFFFu;
    for (guint d = delims & before; d != 0; d &= d - 1) {
      const guchar *at = p + __builtin_ctz(d);
      if (n + 1 >= max)
        return FALSE; /* too many fields: the general way says so */
      r->fields[n++] = (VsCsvField){(const char *)start, (gsize)(at - start)};
      start = at + 1;
    }
    if (stops != 0) {
      const guchar *stop = p + __builtin_ctz(stops);
      gsize eol;
      if (*stop == '\n')
        eol = 1;
      else if (*stop == '\r' && stop + 1 < r->end && stop[1] == '\n')
        eol = 2;
      else
        return FALSE;
      r->fields[n++] = (VsCsvField){(const char *)start, (gsize)(stop - start)};
      if (r->header != NULL && n != r->n_header)
        return FALSE;
      r->n_fields = n;
      r->p = stop + eol;
      r->line++;
      return TRUE;
    }
  }
}
#else
static gboolean
read_simple_record(VsCsvReader *r)
{
  return FALSE;
}
#endif

VsCsvStatus
vs_i_csv_reader_next(VsCsvReader *r, GError **error)
{
  g_return_val_if_fail(r != NULL, VS_CSV_ERROR);
  r->n_fields = 0;
  r->unescaped = FALSE;
  g_string_truncate(r->scratch, 0);

  while (r->p < r->end && (r->cls[*r->p] & CLASS_EOL))
    step_line_break(r); /* blank lines carry no record */
  if (r->p == r->end)
    return VS_CSV_END;
  r->record_line = r->line;
  if (read_simple_record(r))
    return VS_CSV_RECORD;
  r->n_fields = 0;
  if (!read_record(r, error))
    return VS_CSV_ERROR;
  fix_up_scratch_fields(r);
  if (r->header != NULL && r->n_fields != r->n_header) {
    set_error(r, G_MAXUINT, error, VS_ERROR_PARSE, "%u fields, but the header has %u", r->n_fields,
              r->n_header);
    return VS_CSV_ERROR;
  }
  return VS_CSV_RECORD;
}

gboolean
vs_i_csv_reader_read_header(VsCsvReader *r, GError **error)
{
  VsCsvStatus status;

  g_return_val_if_fail(r != NULL, FALSE);
  g_return_val_if_fail(r->header == NULL, FALSE);
  status = vs_i_csv_reader_next(r, error);
  if (status == VS_CSV_ERROR)
    return FALSE;
  if (status == VS_CSV_END) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                "%s:%u: the file is empty; a header row is required", r->name, r->line);
    return FALSE;
  }
  r->n_header = r->n_fields;
  r->header = g_new0(char *, r->n_header + 1);
  for (guint i = 0; i < r->n_header; i++)
    r->header[i] = g_strndup(r->fields[i].data, r->fields[i].len);
  return TRUE;
}

const char *const *
vs_i_csv_reader_get_header(const VsCsvReader *r, guint *n)
{
  g_return_val_if_fail(r != NULL, NULL);
  if (n != NULL)
    *n = r->n_header;
  return (const char *const *)r->header;
}

const VsCsvField *
vs_i_csv_reader_get_fields(const VsCsvReader *r, guint *n)
{
  g_return_val_if_fail(r != NULL, NULL);
  if (n != NULL)
    *n = r->n_fields;
  return r->fields;
}

gboolean
vs_i_csv_reader_peek_field(const VsCsvReader *r, guint column, const char **data, gsize *len)
{
  const guchar *p = r->p, *start;

  while (p < r->end && (r->cls[*p] & CLASS_EOL))
    p++; /* blank lines */
  if (p == r->end)
    return FALSE;
  for (guint c = 0;; c++) {
    start = p;
    for (;;) { /* past ordinary bytes 16 at a time; other bytes one by one */
      p = skip_ordinary(r, p, r->end);
      if (p == r->end || (r->cls[*p] & (CLASS_DELIM | CLASS_EOL | CLASS_QUOTE)))
        break;
      p++;
    }
    if (p < r->end && (r->cls[*p] & CLASS_QUOTE))
      return FALSE;
    if (c == column)
      break;
    if (p == r->end || (r->cls[*p] & CLASS_EOL))
      return FALSE; /* the record has fewer fields */
    p++;
  }
  *data = (const char *)start;
  *len = (gsize)(p - start);
  return TRUE;
}

gboolean
vs_i_csv_reader_fields_stable(const VsCsvReader *r)
{
  g_return_val_if_fail(r != NULL, FALSE);
  return !r->unescaped;
}

guint
vs_i_csv_reader_get_line(const VsCsvReader *r)
{
  g_return_val_if_fail(r != NULL, 0);
  return r->record_line;
}

guint
vs_i_csv_reader_get_position_line(const VsCsvReader *r)
{
  g_return_val_if_fail(r != NULL, 0);
  return r->line;
}

const char *
vs_i_csv_reader_get_name(const VsCsvReader *r)
{
  g_return_val_if_fail(r != NULL, NULL);
  return r->name;
}

gsize
vs_i_count_byte(const char *data, gsize len, char c)
{
  gsize n = 0, i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
  /* Each compare adds -1 to a byte lane where @c is; lanes are summed
   * before any can wrap (255 blocks). Counting a block at a time, not
   * calling memchr() once a line, saves a mispredicted branch a line. */
  const __m128i needle = _mm_set1_epi8(c), zero = _mm_setzero_si128();
  while (len - i >= 16) {
    __m128i acc = zero;
    gsize stop = i + 16 * MIN((len - i) / 16, 255);
    for (; i < stop; i += 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(data + i));
      acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, needle));
    }
    acc = _mm_sad_epu8(acc, zero);
    n += (gsize)_mm_cvtsi128_si64(acc) + (gsize)_mm_extract_epi16(acc, 4);
  }
#endif
  for (; i < len; i++)
    n += data[i] == c;
  return n;
}
