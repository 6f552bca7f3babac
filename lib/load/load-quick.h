/* valuestream - the quick way for plain CSV rows of units.csv,
 * handoffs.csv and surveys.csv. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Nearly every row of a large table is plain: ids that exist, numbers in
 * plain decimal and in range, one of a few repeated texts (a deliverable,
 * a period, a group). Such a row goes from the CSV field views straight to
 * typed values and its ids are resolved through the id index, skipping the
 * record layer's copies (load-record.c). Any other row (a field with
 * doubled quotes, a number with blanks or an exponent, a required field
 * left empty, an id that is not there, a value out of range, a text not
 * met yet) goes the general way through VsRecord, from the same fields, so
 * the org and every error message are what the general way gives: the
 * quick way decides nothing the general way would not.
 *
 * The repeated texts are learnt from the rows that went the general way:
 * the copy the org (or the caller) kept of each, which was checked then.
 */
#ifndef VALUESTREAM_LOAD_QUICK_H
#define VALUESTREAM_LOAD_QUICK_H

#include "base-csv.h"
#include "load-private.h"

G_BEGIN_DECLS

/* A record read the quick way, waiting for its ids to be resolved. */
typedef struct {
  gboolean ready;                          /* else the record goes the general way */
  VsCsvField view[VS_I_MAX_RECORD_FIELDS]; /* each field's text, in the input buffer */
  double number[VS_I_MAX_RECORD_FIELDS];   /* the number fields; NAN = absent */
  const char *text;                        /* the repeated text's checked copy; NULL = empty */
  guint32 hash[2];                         /* of the two unit ids (not for units.csv) */
  gboolean same[2];                        /* the id is the row before's (no hash made) */
  guint32 unit[2]; /* once resolved: from and to, or respondent and provider */
} VsQuickRow;

typedef enum {
  VS_QUICK_DONE,    /* stored */
  VS_QUICK_GENERAL, /* nothing changed; the general way takes the row */
  VS_QUICK_ERROR,   /* *error is set */
} VsQuickResult;

/* Where quick rows go. */
typedef struct {
  /* a resolved row: stored, or left to the general way (say, a value out
   * of range, for the general way to name) */
  VsQuickResult (*accept)(gpointer data, const VsQuickRow *row, GError **error);
  /* before a row goes the general way, which adds to the org at once:
   * rows the sink holds back must be in the org first */
  gboolean (*flush)(gpointer data, GError **error);
  /* the checked copy of the repeated text of the row the general way just
   * took, or NULL */
  const char *(*taken)(gpointer data);
  gpointer data;
} VsQuickSink;

/* What the general way does with a record (read_records() in load.c). */
typedef gboolean (*VsRecordFn)(VsRecord *rec, guint line, gpointer data, GError **error);

typedef struct VsQuick VsQuick;

/* A quick way for @table, whose field f is in CSV column @column[f] (-1 =
 * no such column). */
VsQuick *vs_i_quick_new(VsTable table, const gint *column, const VsQuickSink *sink);
void vs_i_quick_free(VsQuick *quick);

/* Reads the current record of @reader into @row when it is plain, and
 * starts fetching the id index slots it will need; FALSE leaves it to the
 * general way (nothing is consumed). */
gboolean vs_i_quick_read(VsQuick *quick, const VsOrg *org, const VsCsvReader *reader,
                         VsQuickRow *row);

/* Hands a row on: stored when read the quick way and it resolves and is
 * accepted, else given to @general as @rec (refilled from the views if it
 * was read the quick way), after which the text it took is learnt. */
gboolean vs_i_quick_hand_on(VsQuick *quick, VsOrg *org, VsQuickRow *row, VsRecord *rec, guint line,
                            VsRecordFn general, gpointer data, GError **error);

/* Flushes the sink: at the end of the table. */
gboolean vs_i_quick_flush(VsQuick *quick, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsQuick, vs_i_quick_free)

G_END_DECLS

#endif /* VALUESTREAM_LOAD_QUICK_H */
