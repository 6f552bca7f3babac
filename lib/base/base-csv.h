/* valuestream - a streaming RFC 4180 CSV reader over a buffer. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reader walks a buffer the caller keeps alive (a mapped file, a string)
 * and hands out one record at a time as field views (pointer + length) that
 * point into the buffer. Only fields holding doubled quotes are copied, into
 * a scratch buffer the reader reuses; nothing is allocated per field.
 *
 * Accepted: quoted fields with embedded delimiters, doubled quotes and line
 * breaks; CRLF, LF or lone CR line breaks; a UTF-8 byte order mark at the
 * start. Blank lines are skipped. Rejected (VS_ERROR_PARSE): an unterminated
 * quote, a quote inside an unquoted field, text after a closing quote,
 * invalid UTF-8, a NUL byte, and, once a header was read, a record whose
 * field count differs from the header's. More than VS_CSV_MAX_FIELDS fields
 * is VS_ERROR_LIMIT. Messages read `NAME:LINE: field "COLUMN": reason`, LINE
 * being the physical line where the record starts.
 */
#ifndef VALUESTREAM_CSV_H
#define VALUESTREAM_CSV_H

#include <glib.h>

G_BEGIN_DECLS

/* The most fields a record may have. Guards memory against a hostile
 * header; real org files have a handful of columns. */
#define VS_CSV_MAX_FIELDS 1024

/* A view of one field. @data is not NUL-terminated and stays valid until
 * the next call to vs_i_csv_reader_next() (it may point into the buffer or
 * into the reader's scratch space). */
typedef struct {
  const char *data;
  gsize len;
} VsCsvField;

typedef enum {
  VS_CSV_ERROR = -1, /* *error is set */
  VS_CSV_END = 0,    /* no more records */
  VS_CSV_RECORD = 1, /* a record is ready */
} VsCsvStatus;

typedef struct VsCsvReader VsCsvReader;

/* Reads @len bytes at @data, which must outlive the reader. @name is what
 * messages call the input (copied). */
VsCsvReader *vs_i_csv_reader_new(const char *data, gsize len, const char *name);
void vs_i_csv_reader_free(VsCsvReader *reader);

/* A reader for the rest of a table that @like has read the header of,
 * starting at @data, a record boundary on physical line @line: for reading
 * one large table in two parts at once. */
VsCsvReader *vs_i_csv_reader_new_part(const char *data, gsize len, const VsCsvReader *like,
                                      guint line);
/* Continues with the next buffer of a longer input read in chunks: the
 * previous buffer must have ended exactly at the end of a record (after
 * its line break). Line numbers, the header and the delimiter carry over;
 * field views of the previous buffer become invalid. @data must outlive
 * the reader or the next refill. */
void vs_i_csv_reader_refill(VsCsvReader *reader, const char *data, gsize len);

/* The field separator; ',' unless changed before the first record. */
void vs_i_csv_reader_set_delimiter(VsCsvReader *reader, char delimiter);

/* Reads the first record as the header: from then on messages name the
 * column and every record must have as many fields. An input with no
 * record at all is an error ("the file is empty"). */
gboolean vs_i_csv_reader_read_header(VsCsvReader *reader, GError **error);
/* The header's column names (NUL-terminated copies), or NULL before
 * vs_i_csv_reader_read_header(). */
const char *const *vs_i_csv_reader_get_header(const VsCsvReader *reader, guint *n);

/* Advances to the next record. */
VsCsvStatus vs_i_csv_reader_next(VsCsvReader *reader, GError **error);
/* The current record's fields. */
const VsCsvField *vs_i_csv_reader_get_fields(const VsCsvReader *reader, guint *n);
/* A hint for a caller that looks ahead (to prefetch what the next record
 * will need): field @column of the next record, when that record's first
 * @column + 1 fields are unquoted and on one line. FALSE otherwise, or at
 * the end. Nothing is consumed or checked: the next record may still be
 * rejected by vs_i_csv_reader_next(). */
gboolean vs_i_csv_reader_peek_field(const VsCsvReader *reader, guint column, const char **data,
                                    gsize *len);
/* TRUE when every field of the current record points into the input
 * buffer (none had doubled quotes to undo): its views then stay valid as
 * long as the buffer, past later calls to vs_i_csv_reader_next(). */
gboolean vs_i_csv_reader_fields_stable(const VsCsvReader *reader);
/* The physical line (1-based) where the current record starts. */
guint vs_i_csv_reader_get_line(const VsCsvReader *reader);
/* The physical line of the read position: after the last record of a
 * buffer, the line the next buffer starts on. */
guint vs_i_csv_reader_get_position_line(const VsCsvReader *reader);
const char *vs_i_csv_reader_get_name(const VsCsvReader *reader);

/* How many bytes of @data (@len bytes) equal @c. The loader counts line
 * breaks and quotes of whole files with it before reading them. */
gsize vs_i_count_byte(const char *data, gsize len, char c);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsCsvReader, vs_i_csv_reader_free)

G_END_DECLS

#endif /* VALUESTREAM_CSV_H */
