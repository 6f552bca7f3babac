/* valuestream - what the loaders share: field tables and the record builder.
 * Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every format (CSV, JSON, GraphML) reads one element at a time (a row, an
 * object, a node or edge) into a VsRecord, field by field, then commits it
 * to the org. The record knows how each SPEC field is parsed and stored, so
 * the formats differ only in how they find the fields. Messages set here
 * start with `field "NAME": `; the loader prefixes the location.
 */
#ifndef VALUESTREAM_LOAD_PRIVATE_H
#define VALUESTREAM_LOAD_PRIVATE_H

#include "org-private.h"

G_BEGIN_DECLS

typedef enum {
  VS_I_TABLE_UNITS,
  VS_I_TABLE_HANDOFFS,
  VS_I_TABLE_SURVEYS,
} VsTable;

/* Fields of each table, in the order of its table (see load-record.c). */
enum {
  VS_I_U_ID,
  VS_I_U_KIND,
  VS_I_U_NAME,
  VS_I_U_GROUP,
  VS_I_U_REVENUE,
  VS_I_U_OWN_SHARE,
  VS_I_U_HEADCOUNT,
  VS_I_U_COST,
  VS_I_U_N_FIELDS
};
enum {
  VS_I_H_FROM,
  VS_I_H_TO,
  VS_I_H_DELIVERABLE,
  VS_I_H_WEIGHT,
  VS_I_H_SCORE,
  VS_I_H_VOLUME,
  VS_I_H_LEAD_TIME,
  VS_I_H_N_FIELDS
};
enum {
  VS_I_S_PERIOD,
  VS_I_S_RESPONDENT,
  VS_I_S_PROVIDER,
  VS_I_S_SCORE,
  VS_I_S_SCALE_MIN,
  VS_I_S_SCALE_MAX,
  VS_I_S_N_FIELDS
};

#define VS_I_MAX_RECORD_FIELDS 8

typedef enum {
  VS_I_FIELD_TEXT,   /* a string; "" is absent */
  VS_I_FIELD_NUMBER, /* a decimal number; text is parsed, "" or blanks is absent */
} VsFieldType;

typedef struct {
  const char *name; /* as in SPEC section 2 */
  VsFieldType type;
  gboolean required;
} VsFieldDef;

/* The fields of @table; *n is their count. */
const VsFieldDef *vs_i_table_get_fields(VsTable table, guint *n);
/* The index of the field called @name (@len bytes, not NUL-terminated), or
 * -1 when @table has no such field. */
gint vs_i_table_find_field(VsTable table, const char *name, gsize len);

/* One element being read. Reuse it: vs_i_record_reset() between elements
 * allocates nothing once its buffer has grown. */
typedef struct {
  VsOrg *org;
  VsTable table;
  const VsFieldDef *fields;
  guint n_fields;
  char *text; /* NUL-separated text values */
  gsize text_len, text_cap;
  gssize text_at[VS_I_MAX_RECORD_FIELDS];  /* offset in text; -1 = absent */
  gsize text_size[VS_I_MAX_RECORD_FIELDS]; /* its length in bytes */
  double number[VS_I_MAX_RECORD_FIELDS];   /* NAN = absent */
  /* the id index hashes of the unit ids, once vs_i_record_prefetch()
   * computed them; bit i of @hashed says field i has one */
  guint32 hash[VS_I_MAX_RECORD_FIELDS];
  guint hashed;
} VsRecord;

void vs_i_record_init(VsRecord *rec, VsOrg *org, VsTable table);
void vs_i_record_clear(VsRecord *rec);
/* Marks every field absent. */
void vs_i_record_reset(VsRecord *rec);
/* Sets @field from text: a text field takes it as is, a number field
 * parses it (VS_ERROR_PARSE when it is not a number). Empty = absent. */
gboolean vs_i_record_set_text(VsRecord *rec, guint field, const char *text, gsize len,
                              GError **error);
/* Sets a number field; NAN = absent. A text field refuses a number
 * (VS_ERROR_PARSE, "expected a string, got a number"). */
gboolean vs_i_record_set_number(VsRecord *rec, guint field, double value, GError **error);
/* Adds the record to the org: checks required fields, resolves unit ids,
 * and lets the org check the values. On error the org is unchanged. */
gboolean vs_i_record_commit(VsRecord *rec, GError **error);
/* The first part of vs_i_record_commit() for a handoff: required fields
 * and unit ids, without touching the org (only its id index is read, so
 * another thread may do this while the org grows by handoffs). */
gboolean vs_i_record_take_handoff(VsRecord *rec, VsHandoffRow *row, GError **error);

/* handoffs.csv files of at least this many bytes (2 MiB) are read in two
 * parts at once (load.c); tests set it to exercise both ways. */
void vs_i_load_set_split_min(gsize bytes);

/* Starts fetching what committing @rec will look up (the id index slots
 * of the units it names), keeping the hashes for the commit. A loader that
 * fills the next record before committing this one hides those cache
 * misses behind the parsing. */
void vs_i_record_prefetch(VsRecord *rec);

/* Reads a whole file into memory (never mapped: see read_regular()).
 * VS_ERROR_IO naming @path on failure; VS_ERROR_LIMIT for a file too large
 * for memory or a stream (pipe, device) of more than 1 GiB. */
GBytes *vs_i_read_file(const char *path, GError **error);
/* The data of @bytes; never NULL (an empty input is ""). */
const char *vs_i_bytes_data(GBytes *bytes, gsize *len);

/* Checks that @data is UTF-8 without NUL bytes; the error names the line of
 * the first offending byte (VS_ERROR_PARSE, `NAME:LINE: reason`). */
gboolean vs_i_check_text(const char *data, gsize len, const char *name, GError **error);

/* Holds JSON text to RFC 8259 and to 64 levels of nesting before json-glib
 * parses it (load-json.c says why); VS_ERROR_PARSE `NAME:LINE: reason`.
 * Run vs_i_check_text() first. */
gboolean vs_i_json_scan(const char *data, gsize len, const char *name, GError **error);

/* json-glib nodes, for the readers of JSON (load-json.c, and the decide
 * module's scenario files): what a node is, for messages ("an object",
 * "a string", ...), and whether it holds a number or a string. */
typedef struct _JsonNode JsonNode;
const char *vs_i_json_describe(JsonNode *node);
gboolean vs_i_json_is_number(JsonNode *node);
gboolean vs_i_json_is_string(JsonNode *node);

/* The load of a whole org ends here: validates it (closed loops) and
 * returns it, or frees it and returns NULL with @name prefixed. */
VsOrg *vs_i_load_finish(VsOrg *org, const char *name, GError **error);

/* A loader of one file's contents; @name is what messages call it. */
typedef VsOrg *(*VsDataLoader)(const char *data, gssize len, const char *name, GError **error);
/* Reads @path and hands its contents to @load under the file's base name. */
VsOrg *vs_i_load_file(const char *path, VsDataLoader load, GError **error);

G_END_DECLS

#endif /* VALUESTREAM_LOAD_PRIVATE_H */
