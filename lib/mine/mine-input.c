/* valuestream - reading event logs: bytes (plain or gzip), CSV logs, and
 * the people map.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "base-csv.h"
#include "load-private.h"
#include "mine-private.h"

/* ---- bytes ------------------------------------------------------------------
 *
 * Inflating is done here with g_converter_convert() rather than through a
 * GConverterInputStream: that stream stops at the end of the first gzip
 * member and silently drops the rest, while bgzip, pigz -i and `cat a.gz
 * b.gz` all write several members, which gzip -d reads as one file. */

#define SOURCE_BUFFER (256 * 1024)

/* Inflating takes about as long as parsing what comes out, so with gzip a
 * thread reads ahead: it fills up to READ_AHEAD chunks of CHUNK bytes
 * while the reader parses, and waits when all are full (memory stays
 * bounded). */
#define CHUNK (1024 * 1024)
#define READ_AHEAD 4

typedef struct {
  guint8 *data;
  gsize len, pos;
  gboolean last; /* nothing comes after this chunk */
  GError *error; /* on the last chunk: why reading stopped early */
} Chunk;

struct VsByteSource {
  GInputStream *base;
  GConverter *inflater; /* NULL: plain bytes */
  guint8 *in;           /* read from base, not yet consumed */
  gsize in_pos, in_len;
  gboolean base_eof;
  gboolean member_done; /* the last gzip member ended cleanly */
  /* read-ahead (gzip only): only the thread touches the fields above */
  GThread *thread;
  GAsyncQueue *filled, *empty; /* of Chunk */
  Chunk *current;              /* being read by the reader */
  Chunk stop;                  /* pushed to tell the thread to end */
};

static void
chunk_free(gpointer p)
{
  Chunk *c = p;
  if (c == NULL)
    return;
  g_clear_error(&c->error);
  g_free(c->data);
  g_free(c);
}

static void
stop_read_ahead(VsByteSource *src)
{
  gpointer c;

  /* at the front, so the thread stops before filling any chunk queued */
  g_async_queue_push_front(src->empty, &src->stop);
  g_thread_join(src->thread);
  while ((c = g_async_queue_try_pop(src->filled)) != NULL)
    chunk_free(c);
  while ((c = g_async_queue_try_pop(src->empty)) != NULL)
    if (c != &src->stop)
      chunk_free(c);
  chunk_free(src->current);
  g_async_queue_unref(src->filled);
  g_async_queue_unref(src->empty);
}

void
vs_i_byte_source_free(VsByteSource *src)
{
  if (src == NULL)
    return;
  if (src->thread != NULL)
    stop_read_ahead(src);
  g_clear_object(&src->base);
  g_clear_object(&src->inflater);
  g_free(src->in);
  g_free(src);
}

/* Tops up the input buffer from the base stream (keeping what is unread). */
static gboolean
fill_input(VsByteSource *src, GError **error)
{
  g_autoptr(GError) local = NULL;
  gssize n;

  if (src->in_pos > 0) {
    memmove(src->in, src->in + src->in_pos, src->in_len - src->in_pos);
    src->in_len -= src->in_pos;
    src->in_pos = 0;
  }
  if (src->base_eof || src->in_len == SOURCE_BUFFER)
    return TRUE;
  n = g_input_stream_read(src->base, src->in + src->in_len, SOURCE_BUFFER - src->in_len, NULL,
                          &local);
  if (n < 0) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "cannot read: %s", local->message);
    return FALSE;
  }
  if (n == 0)
    src->base_eof = TRUE;
  src->in_len += (gsize)n;
  return TRUE;
}

static gssize read_gzip(VsByteSource *src, guint8 *buf, gsize len, GError **error);

/* The thread: fills empty chunks with inflated bytes until the end, an
 * error, or the stop chunk. */
static gpointer
read_ahead(gpointer data)
{
  VsByteSource *src = data;
  Chunk *c;

  while ((c = g_async_queue_pop(src->empty)) != &src->stop) {
    VS_TSAN_ACQUIRE(c); /* the chunks pass through a GAsyncQueue */
    c->len = c->pos = 0;
    while (c->len < CHUNK && !c->last) {
      gssize n = read_gzip(src, c->data + c->len, CHUNK - c->len, &c->error);
      if (n <= 0)
        c->last = TRUE;
      else
        c->len += (gsize)n;
    }
    gboolean last = c->last; /* the chunk is the reader's once pushed */
    VS_TSAN_RELEASE(c);
    g_async_queue_push(src->filled, c);
    if (last)
      break;
  }
  return NULL;
}

static void
start_read_ahead(VsByteSource *src)
{
  src->filled = g_async_queue_new();
  src->empty = g_async_queue_new();
  for (guint i = 0; i < READ_AHEAD; i++) {
    Chunk *c = g_new0(Chunk, 1);
    c->data = g_malloc(CHUNK);
    g_async_queue_push(src->empty, c);
  }
  src->thread = g_thread_new("vs-gunzip", read_ahead, src);
}

/* The reader's side: bytes of the current chunk, then the next one. */
static gssize
read_ahead_chunks(VsByteSource *src, guint8 *buf, gsize len, GError **error)
{
  Chunk *c = src->current;
  gsize n;

  while (c == NULL || (c->pos == c->len && !c->last)) {
    if (c != NULL) {
      VS_TSAN_RELEASE(c);
      g_async_queue_push(src->empty, c);
    }
    c = src->current = g_async_queue_pop(src->filled);
    VS_TSAN_ACQUIRE(c);
  }
  if (c->pos == c->len) {
    if (c->error == NULL)
      return 0;
    g_propagate_error(error, g_steal_pointer(&c->error));
    return -1;
  }
  n = MIN(len, c->len - c->pos);
  memcpy(buf, c->data + c->pos, n);
  c->pos += n;
  return (gssize)n;
}

VsByteSource *
vs_i_byte_source_new(const char *path, const char *data, gsize len, GError **error)
{
  g_autoptr(VsByteSource) src = g_new0(VsByteSource, 1);

  if (path != NULL) {
    g_autoptr(GFile) file = g_file_new_for_path(path);
    g_autoptr(GError) local = NULL;
    src->base = G_INPUT_STREAM(g_file_read(file, NULL, &local));
    if (src->base == NULL) {
      g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot open: %s", path, local->message);
      return NULL;
    }
  } else {
    src->base = g_memory_input_stream_new_from_data(data, (gssize)len, NULL);
  }
  src->in = g_malloc(SOURCE_BUFFER);
  while (src->in_len < 2 && !src->base_eof)
    if (!fill_input(src, error)) {
      g_prefix_error(error, "%s: ", path != NULL ? path : "<log>");
      return NULL;
    }
  if (src->in_len >= 2 && src->in[0] == 0x1F && src->in[1] == 0x8B) {
    src->inflater = G_CONVERTER(g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP));
    start_read_ahead(src);
  }
  return g_steal_pointer(&src);
}

static gssize
read_plain(VsByteSource *src, guint8 *buf, gsize len, GError **error)
{
  g_autoptr(GError) local = NULL;
  gssize n;

  if (src->in_pos < src->in_len) {
    n = (gssize)MIN(len, src->in_len - src->in_pos);
    memcpy(buf, src->in + src->in_pos, (gsize)n);
    src->in_pos += (gsize)n;
    return n;
  }
  n = g_input_stream_read(src->base, buf, len, NULL, &local);
  if (n < 0)
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "cannot read: %s", local->message);
  return n;
}

/* After a member's end: more bytes mean another member. */
static gboolean
next_member(VsByteSource *src, gboolean *more, GError **error)
{
  if (src->in_pos == src->in_len && !fill_input(src, error))
    return FALSE;
  *more = src->in_pos < src->in_len;
  if (*more) {
    g_converter_reset(src->inflater);
    src->member_done = FALSE;
  }
  return TRUE;
}

static gssize
read_gzip(VsByteSource *src, guint8 *buf, gsize len, GError **error)
{
  for (;;) {
    g_autoptr(GError) local = NULL;
    GConverterResult res;
    gsize used = 0, made = 0;
    gboolean more;

    if (src->member_done) {
      if (!next_member(src, &more, error))
        return -1;
      if (!more)
        return 0;
    }
    if (src->in_pos == src->in_len && !fill_input(src, error))
      return -1;
    res = g_converter_convert(src->inflater, src->in + src->in_pos, src->in_len - src->in_pos, buf,
                              len, src->base_eof ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                              &used, &made, &local);
    if (res == G_CONVERTER_ERROR && g_error_matches(local, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) &&
        !src->base_eof) {
      if (!fill_input(src, error)) /* the member goes on in the next block */
        return -1;
      continue;
    }
    if (res == G_CONVERTER_ERROR) {
      gboolean truncated = g_error_matches(local, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
      g_set_error(
          error, VS_ERROR, VS_ERROR_PARSE, "%s",
          truncated ? "the gzip data is truncated (the file ends before the compressed stream does)"
                    : "the gzip data is corrupt");
      if (!truncated)
        g_prefix_error(error, "%s: ", local->message);
      return -1;
    }
    src->in_pos += used;
    if (res == G_CONVERTER_FINISHED)
      src->member_done = TRUE;
    if (made > 0)
      return (gssize)made;
  }
}

gssize
vs_i_byte_source_read(VsByteSource *src, guint8 *buf, gsize len, GError **error)
{
  g_return_val_if_fail(src != NULL && buf != NULL && len > 0, -1);
  if (src->thread != NULL)
    return read_ahead_chunks(src, buf, len, error);
  return src->inflater != NULL ? read_gzip(src, buf, len, error) : read_plain(src, buf, len, error);
}

/* ---- CSV logs ---------------------------------------------------------------
 *
 * The CSV reader walks one buffer; a log is read in blocks and each block
 * handed over up to its last complete record. A line break ends a record
 * unless it sits inside a quoted field, and in RFC 4180 text a position is
 * inside quotes exactly when an odd number of quotes precede it, so the
 * cut needs one count of quotes per block (a loop the compiler
 * vectorises) and a short walk back from the end. */

#define CSV_BLOCK (4 * 1024 * 1024)
#define CSV_MAX_RECORD (256 * 1024 * 1024)

enum { ROLE_CASE, ROLE_GROUP, ROLE_RESOURCE, ROLE_TIME, ROLE_CUSTOMER, ROLE_REVENUE, N_ROLES };

static const char *
role_column(const VsMineOptions *o, guint role)
{
  switch (role) {
  case ROLE_CASE:
    return o->case_column;
  case ROLE_GROUP:
    return o->group_column;
  case ROLE_RESOURCE:
    return o->resource_column;
  case ROLE_TIME:
    return o->timestamp_column;
  case ROLE_CUSTOMER:
    return o->customer_column;
  case ROLE_REVENUE:
    return o->revenue_column;
  }
  return NULL;
}

/* The number of quote bytes in @p[0..n), eight bytes at a time: in each
 * word, a byte is a quote exactly when its XOR with '"' is zero, and the
 * zero-byte test below flags such bytes (and only them) with their top bit. */
static gsize
count_quotes(const char *p, gsize n)
{
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101), low7 = ones * 0x7F;
  gsize count = 0, i = 0;

  for (; i + 8 <= n; i += 8) {
    guint64 w, x, zero;
    memcpy(&w, p + i, 8);
    x = w ^ (ones * '"');
    zero = ~(((x & low7) + low7) | x | low7);
    count += (gsize)(((zero >> 7) * ones) >> 56);
  }
  for (; i < n; i++)
    count += p[i] == '"';
  return count;
}

/* Where the last complete record of @p[0..n) ends (after its line break),
 * or 0 when there is none. A CR as the very last byte may be half of a
 * CRLF, so it does not count. Most logs quote nothing; one memchr() tells. */
static gsize
last_record_end(const char *p, gsize n)
{
  gsize quotes = memchr(p, '"', n) != NULL ? count_quotes(p, n) : 0;

  for (gsize i = n; i > 0; i--) {
    char c = p[i - 1];
    if (c == '"')
      quotes--;
    else if ((c == '\n' || (c == '\r' && i < n && p[i] != '\n')) && quotes % 2 == 0)
      return i;
  }
  return 0;
}

/* Column index of each role, -1 when absent. Case and time are required,
 * and a group or a resource column. */
static gboolean
map_roles(const VsCsvReader *reader, const VsMineOptions *o, gint *col, GError **error)
{
  guint n;
  const char *const *header = vs_i_csv_reader_get_header(reader, &n);
  const char *name = vs_i_csv_reader_get_name(reader);

  for (guint role = 0; role < N_ROLES; role++) {
    const char *want = role_column(o, role);
    col[role] = -1;
    for (guint c = 0; want != NULL && *want != '\0' && c < n; c++) {
      g_autofree char *have = g_strstrip(g_strdup(header[c]));
      if (strcmp(have, want) != 0)
        continue;
      if (col[role] >= 0) {
        g_set_error(error, VS_ERROR, VS_ERROR_PARSE, "%s:1: column %u: duplicate column \"%s\"",
                    name, c + 1, want);
        return FALSE;
      }
      col[role] = (gint)c;
    }
  }
  for (guint role = ROLE_CASE; role <= ROLE_TIME; role++) {
    if (col[role] >= 0 || role == ROLE_GROUP || role == ROLE_RESOURCE)
      continue;
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                "%s:1: field \"%s\": required column is missing from the header", name,
                role_column(o, role));
    return FALSE;
  }
  if (col[ROLE_GROUP] < 0 && col[ROLE_RESOURCE] < 0) {
    g_set_error(error, VS_ERROR, VS_ERROR_PARSE,
                "%s:1: the header has no team column (\"%s\") and no resource column (\"%s\")",
                name, o->group_column ? o->group_column : "",
                o->resource_column ? o->resource_column : "");
    return FALSE;
  }
  return TRUE;
}

static void
field_view(const VsCsvField *f, gint col, const char **data, gsize *len)
{
  *data = col >= 0 ? f[col].data : "";
  *len = col >= 0 ? f[col].len : 0;
}

/* Hands every record of the current block to the miner. */
static VsMinerStatus
feed_records(VsCsvReader *reader, const gint *col, VsMiner *m, GError **error)
{
  VsLogEvent ev = {0};
  VsCsvStatus st;

  ev.has_group = col[ROLE_GROUP] >= 0;
  while ((st = vs_i_csv_reader_next(reader, error)) == VS_CSV_RECORD) {
    const VsCsvField *f = vs_i_csv_reader_get_fields(reader, NULL);
    VsMinerStatus status;

    field_view(f, col[ROLE_CASE], &ev.case_id, &ev.case_len);
    field_view(f, col[ROLE_GROUP], &ev.group, &ev.group_len);
    field_view(f, col[ROLE_RESOURCE], &ev.resource, &ev.resource_len);
    field_view(f, col[ROLE_TIME], &ev.time, &ev.time_len);
    field_view(f, col[ROLE_CUSTOMER], &ev.customer, &ev.customer_len);
    field_view(f, col[ROLE_REVENUE], &ev.revenue, &ev.revenue_len);
    ev.line = vs_i_csv_reader_get_line(reader);
    if (ev.has_group) {
      /* the next event's team: its slot is fetched while this one is mined */
      const char *next;
      gsize next_len;
      if (vs_i_csv_reader_peek_field(reader, (guint)col[ROLE_GROUP], &next, &next_len))
        vs_i_miner_prefetch_team(m, next, next_len);
    }
    if ((status = vs_i_miner_add_event(m, &ev, error)) != VS_MINER_OK)
      return status;
  }
  return st == VS_CSV_ERROR ? VS_MINER_ERROR : VS_MINER_OK;
}

typedef struct {
  VsByteSource *src;
  char *buf;
  gsize size, len; /* capacity, bytes held */
  gboolean eof;
  GError *read_error; /* reading failed (I/O, bad gzip) after buf[0..len) */
} Block;

/* Reads until the block is full or the input ends. */
static void
fill_block(Block *b)
{
  while (!b->eof && b->len < b->size) {
    gssize n =
        vs_i_byte_source_read(b->src, (guint8 *)b->buf + b->len, b->size - b->len, &b->read_error);
    if (n <= 0)
      b->eof = TRUE;
    else
      b->len += (gsize)n;
  }
}

/* The number of bytes of the block that form whole records; grows the
 * block while a single record does not fit. */
static gboolean
complete_part(Block *b, const char *name, gsize *cut, GError **error)
{
  for (;;) {
    fill_block(b);
    *cut = b->eof ? b->len : last_record_end(b->buf, b->len);
    if (*cut > 0 || b->eof)
      return TRUE;
    if (b->size >= CSV_MAX_RECORD) {
      g_set_error(error, VS_ERROR, VS_ERROR_LIMIT, "%s: a record longer than %u MiB", name,
                  CSV_MAX_RECORD >> 20);
      return FALSE;
    }
    b->size *= 2;
    b->buf = g_realloc(b->buf, b->size);
  }
}

/* A failed read is reported first, before the records decoded from a
 * broken stream: at the line where the good data ends. */
static VsMinerStatus
read_failed(Block *b, const VsCsvReader *reader, const char *name, GError **error)
{
  guint line = reader != NULL ? vs_i_csv_reader_get_position_line(reader) : 1;

  for (const char *p = b->buf; (p = memchr(p, '\n', b->len - (gsize)(p - b->buf))) != NULL; p++)
    line++;
  g_propagate_prefixed_error(error, g_steal_pointer(&b->read_error), "%s:%u: ", name, line);
  return VS_MINER_ERROR;
}

static VsMinerStatus
read_blocks(Block *b, VsMiner *m, GError **error)
{
  const char *name = vs_i_miner_get_name(m);
  const VsMineOptions *o = vs_i_miner_get_options(m);
  g_autoptr(VsCsvReader) reader = NULL;
  gint col[N_ROLES];

  for (;;) {
    VsMinerStatus status;
    gsize cut;

    if (!complete_part(b, name, &cut, error))
      return VS_MINER_ERROR;
    if (b->read_error != NULL)
      return read_failed(b, reader, name, error);
    if (reader == NULL) {
      reader = vs_i_csv_reader_new(b->buf, cut, name);
      vs_i_csv_reader_set_delimiter(reader, o->delimiter);
      if (!vs_i_csv_reader_read_header(reader, error) || !map_roles(reader, o, col, error))
        return VS_MINER_ERROR;
    } else {
      vs_i_csv_reader_refill(reader, b->buf, cut);
    }
    if ((status = feed_records(reader, col, m, error)) != VS_MINER_OK)
      return status;
    if (b->eof)
      return VS_MINER_OK;
    memmove(b->buf, b->buf + cut, b->len - cut);
    b->len -= cut;
  }
}

VsMinerStatus
vs_i_read_csv_log(VsByteSource *src, const guint8 *first, gsize first_len, VsMiner *m,
                  GError **error)
{
  Block b = {src, NULL, MAX((gsize)CSV_BLOCK, first_len), first_len, FALSE, NULL};
  VsMinerStatus status;

  b.buf = g_malloc(b.size);
  memcpy(b.buf, first, first_len);
  status = read_blocks(&b, m, error);
  g_free(b.buf);
  g_clear_error(&b.read_error);
  return status;
}
