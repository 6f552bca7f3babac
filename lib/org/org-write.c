/* valuestream - an organisation as a directory of CSV files, replaced
 * atomically (vs_org_write_csv_dir(), vs_i_org_write_csv_dir()).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The files read back with vs_load() to the same org: numbers are written
 * in the shortest form that reads back exactly, nothing for an unset one.
 * The files are written into a temporary sibling directory that then takes
 * the place of @dir in one rename, so @dir names either the old org or the
 * new one, never a mix, and a failure leaves nothing behind. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "org-private.h"

/* Text is flushed to the file in blocks of about this size. */
#define FLUSH_AT (1 << 20)

static const char *const org_files[] = {"units.csv", "handoffs.csv", "surveys.csv"};

/* The columns of handoffs.csv vs_org_write_csv_dir() writes. */
static const VsCsvOutColumn default_columns[] = {
    {"deliverable", VS_CSV_OUT_DELIVERABLE, NULL},
    {"weight", VS_CSV_OUT_WEIGHT, NULL},
    {"score", VS_CSV_OUT_SCORE, NULL},
    {"volume", VS_CSV_OUT_VOLUME, NULL},
    {"lead_time_days", VS_CSV_OUT_LEAD_TIME, NULL},
};

/* ---- one file ------------------------------------------------------------------ */

typedef struct {
  FILE *f;
  char *path;
  GString *buf;
  int err; /* the first errno, 0 = none */
} CsvFile;

static gboolean
io_error(const char *what, const char *path, int err, GError **error)
{
  g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot %s: %s", path, what, g_strerror(err));
  return FALSE;
}

static gboolean
csv_open(CsvFile *c, const char *dir, const char *name, GError **error)
{
  int fd;

  c->path = g_build_filename(dir, name, NULL);
  c->buf = g_string_sized_new(FLUSH_AT + 4096);
  c->err = 0;
  c->f = NULL;
  fd = g_open(c->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0 || (c->f = fdopen(fd, "w")) == NULL) {
    int err = errno;
    if (fd >= 0)
      close(fd);
    return io_error("write", c->path, err, error);
  }
  return TRUE;
}

static void
csv_flush(CsvFile *c)
{
  if (c->err == 0 && c->buf->len > 0 && fwrite(c->buf->str, 1, c->buf->len, c->f) != c->buf->len)
    c->err = errno != 0 ? errno : EIO;
  g_string_truncate(c->buf, 0);
}

static void
csv_end_row(CsvFile *c)
{
  g_string_append_c(c->buf, '\n');
  if (c->buf->len >= FLUSH_AT)
    csv_flush(c);
}

/* Flushes the rest to disk and closes; FALSE with the first error. */
static gboolean
csv_close(CsvFile *c, GError **error)
{
  gboolean ok;

  if (c->f != NULL) {
    csv_flush(c);
    if (c->err == 0 && (fflush(c->f) != 0 || fsync(fileno(c->f)) != 0))
      c->err = errno;
    if (fclose(c->f) != 0 && c->err == 0)
      c->err = errno;
  }
  ok = c->f == NULL || c->err == 0 || io_error("write", c->path, c->err, error);
  g_string_free(c->buf, TRUE);
  g_free(c->path);
  return ok;
}

/* ---- fields ---------------------------------------------------------------------- */

/* A field, quoted when it holds a separator, a quote or a line break or
 * starts with a blank (which a reader would trim); nothing for NULL. */
static void
append_text(GString *out, const char *s)
{
  if (s == NULL)
    return;
  if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' && s[0] != '\t') {
    g_string_append(out, s);
    return;
  }
  g_string_append_c(out, '"');
  for (; *s != '\0'; s++) {
    if (*s == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *s);
  }
  g_string_append_c(out, '"');
}

/* A number as it reads back exactly; nothing for NAN (unset). */
static void
append_number(GString *out, double x)
{
  if (!isnan(x))
    vs_i_append_double(out, x);
}

/* ---- the three files ------------------------------------------------------------- */

static void
write_unit(CsvFile *c, const VsOrg *org, gsize u)
{
  GString *out = c->buf;
  const char *id = vs_org_get_unit_id(org, u), *name = vs_org_get_unit_name(org, u);
  VsKind kind = vs_org_get_unit_kind(org, u);

  append_text(out, id);
  g_string_append_printf(out, ",%s,", vs_kind_name(kind));
  append_text(out, strcmp(name, id) != 0 ? name : NULL);
  g_string_append_c(out, ',');
  append_text(out, vs_org_get_unit_group(org, u));
  g_string_append_c(out, ',');
  if (kind == VS_KIND_CUSTOMER)
    append_number(out, vs_org_get_unit_revenue(org, u));
  g_string_append_c(out, ',');
  append_number(out, vs_org_get_unit_own_share(org, u));
  g_string_append_c(out, ',');
  append_number(out, vs_org_get_unit_headcount(org, u));
  g_string_append_c(out, ',');
  /* 0 is the default, and all a customer can have */
  if (vs_org_get_unit_cost(org, u) != 0)
    append_number(out, vs_org_get_unit_cost(org, u));
  csv_end_row(c);
}

static void
write_units(CsvFile *c, const VsOrg *org)
{
  g_string_append(c->buf, "id,kind,name,group,revenue,own_share,headcount,cost\n");
  for (gsize u = 0; u < vs_org_get_n_units(org); u++)
    write_unit(c, org, u);
}

static void
write_handoff_field(GString *out, const VsOrg *org, gsize h, const VsCsvOutColumn *column)
{
  switch (column->field) {
  case VS_CSV_OUT_DELIVERABLE:
    append_text(out, vs_org_get_handoff_deliverable(org, h));
    break;
  case VS_CSV_OUT_WEIGHT:
    append_number(out, vs_org_get_handoff_weight(org, h));
    break;
  case VS_CSV_OUT_SCORE:
    append_number(out, vs_org_get_handoff_score(org, h));
    break;
  case VS_CSV_OUT_VOLUME:
    append_number(out, vs_org_get_handoff_volume(org, h));
    break;
  case VS_CSV_OUT_LEAD_TIME:
    append_number(out, vs_org_get_handoff_lead_time(org, h));
    break;
  case VS_CSV_OUT_EXTRA:
    append_number(out, column->extra[h]);
    break;
  }
}

static void
write_handoffs(CsvFile *c, const VsOrg *org, const VsCsvOutColumn *columns, gsize n_columns)
{
  g_string_append(c->buf, "from,to");
  for (gsize k = 0; k < n_columns; k++)
    g_string_append_printf(c->buf, ",%s", columns[k].name);
  g_string_append_c(c->buf, '\n');
  for (gsize h = 0; h < vs_org_get_n_handoffs(org); h++) {
    append_text(c->buf, vs_org_get_unit_id(org, vs_org_get_handoff_from(org, h)));
    g_string_append_c(c->buf, ',');
    append_text(c->buf, vs_org_get_unit_id(org, vs_org_get_handoff_to(org, h)));
    for (gsize k = 0; k < n_columns; k++) {
      g_string_append_c(c->buf, ',');
      write_handoff_field(c->buf, org, h, &columns[k]);
    }
    csv_end_row(c);
  }
}

static void
write_surveys(CsvFile *c, const VsOrg *org)
{
  g_string_append(c->buf, "period,respondent,provider,score,scale_min,scale_max\n");
  for (gsize i = 0; i < vs_org_get_n_survey_responses(org); i++) {
    VsSurveyResponse r;
    vs_org_get_survey_response(org, i, &r);
    append_text(c->buf, r.period);
    g_string_append_c(c->buf, ',');
    append_text(c->buf, r.respondent);
    g_string_append_c(c->buf, ',');
    append_text(c->buf, r.provider);
    g_string_append_c(c->buf, ',');
    append_number(c->buf, r.score);
    g_string_append_c(c->buf, ',');
    append_number(c->buf, r.scale_min);
    g_string_append_c(c->buf, ',');
    append_number(c->buf, r.scale_max);
    csv_end_row(c);
  }
}

static void
write_pairs(CsvFile *c, const VsCsvOutPairs *pairs)
{
  g_string_append(c->buf, "from,to");
  for (gsize k = 0; k < pairs->n_columns; k++)
    g_string_append_printf(c->buf, ",%s", pairs->columns[k].name);
  g_string_append_c(c->buf, '\n');
  for (gsize i = 0; i < pairs->n_rows; i++) {
    append_text(c->buf, pairs->from[i]);
    g_string_append_c(c->buf, ',');
    append_text(c->buf, pairs->to[i]);
    for (gsize k = 0; k < pairs->n_columns; k++) {
      g_string_append_c(c->buf, ',');
      append_number(c->buf, pairs->columns[k].extra[i]);
    }
    csv_end_row(c);
  }
}

static gboolean
write_pairs_file(const VsCsvOutPairs *pairs, const char *dir, GError **error)
{
  CsvFile c;

  if (!csv_open(&c, dir, pairs->file, error)) {
    csv_close(&c, NULL);
    return FALSE;
  }
  write_pairs(&c, pairs);
  return csv_close(&c, error);
}

/* Writes file @which of org_files into @dir. */
static gboolean
write_file(const VsOrg *org, const char *dir, guint which, const VsCsvOutColumn *columns,
           gsize n_columns, GError **error)
{
  CsvFile c;

  if (!csv_open(&c, dir, org_files[which], error)) {
    csv_close(&c, NULL);
    return FALSE;
  }
  if (which == 0)
    write_units(&c, org);
  else if (which == 1)
    write_handoffs(&c, org, columns, n_columns);
  else
    write_surveys(&c, org);
  return csv_close(&c, error);
}

/* ---- the directory ------------------------------------------------------------------ */

static gboolean
is_org_file(const char *name, guint n_files, const VsCsvOutPairs *pairs)
{
  for (guint i = 0; i < n_files; i++)
    if (strcmp(name, org_files[i]) == 0)
      return TRUE;
  return pairs != NULL && strcmp(name, pairs->file) == 0;
}

/* An existing @dir may be replaced only when it is a directory holding
 * nothing but the first @n_files of org_files and @pairs' file, the files
 * this writes: never someone's other data. @what names the output in the
 * message. */
static gboolean
check_replaceable(const char *dir, guint n_files, const VsCsvOutPairs *pairs, const char *what,
                  gboolean *exists, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) d = NULL;
  const char *entry;

  *exists = g_file_test(dir, G_FILE_TEST_EXISTS);
  if (!*exists)
    return TRUE;
  d = g_dir_open(dir, 0, &local);
  if (d == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: exists and is not a directory I can read: %s",
                dir, local->message);
    return FALSE;
  }
  while ((entry = g_dir_read_name(d)) != NULL) {
    if (!is_org_file(entry, n_files, pairs)) {
      g_set_error(error, VS_ERROR, VS_ERROR_IO,
                  "%s: exists and holds %s, which is not %s; refusing to replace it "
                  "(choose another directory)",
                  dir, entry, what);
      return FALSE;
    }
  }
  return TRUE;
}

/* Removes @dir and the org files (and @pairs' file) in it; best effort
 * (used to clean up). */
static void
remove_org_dir(const char *dir, const VsCsvOutPairs *pairs)
{
  for (guint i = 0; i < G_N_ELEMENTS(org_files); i++) {
    g_autofree char *path = g_build_filename(dir, org_files[i], NULL);
    g_unlink(path);
  }
  if (pairs != NULL) {
    g_autofree char *path = g_build_filename(dir, pairs->file, NULL);
    g_unlink(path);
  }
  g_rmdir(dir);
}

/* Puts the complete directory @tmp in place of @dir. With an old @dir,
 * RENAME_EXCHANGE swaps the two in one step, so @dir always names a
 * complete org; where the file system cannot, the old one is first moved
 * aside. Either way @tmp ends up holding what is to be removed. */
static gboolean
swap_into_place(const char *tmp, const char *dir, gboolean exists, GError **error)
{
  g_autofree char *aside = NULL;

  if (!exists)
    return rename(tmp, dir) == 0 || io_error("rename into place", dir, errno, error);
  if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0)
    return TRUE;
  if (errno != EINVAL && errno != ENOSYS)
    return io_error("replace", dir, errno, error);
  aside = g_strconcat(tmp, ".old", NULL);
  if (rename(dir, aside) != 0)
    return io_error("move aside", dir, errno, error);
  if (rename(tmp, dir) != 0) {
    int saved = errno;
    rename(aside, dir);
    return io_error("rename into place", dir, saved, error);
  }
  return rename(aside, tmp) == 0 || io_error("clean up", aside, errno, error);
}

/* A new, empty directory beside @target for the files; NULL on error. It
 * gets the permissions a directory made now would get, as g_mkdtemp()
 * makes it private and the org should be as readable as any file. */
static char *
make_temp_dir(const char *target, GError **error)
{
  g_autofree char *parent = g_path_get_dirname(target);
  g_autofree char *base = g_path_get_basename(target);
  char *tmp = g_strdup_printf("%s/.%s.tmp-XXXXXX", parent, base);
  mode_t mask;

  if (g_mkdtemp(tmp) == NULL) {
    io_error("create a temporary directory", tmp, errno, error);
    g_free(tmp);
    return NULL;
  }
  mask = umask(0);
  umask(mask);
  g_chmod(tmp, 0777 & ~mask);
  return tmp;
}

gboolean
vs_i_org_write_csv_dir(const VsOrg *org, const char *dir, const VsCsvOutColumn *columns,
                       gsize n_columns, const VsCsvOutPairs *pairs, const char *what,
                       GError **error)
{
  g_autofree char *target = NULL, *tmp = NULL;
  guint n_files = vs_org_get_n_survey_responses(org) > 0 ? 3 : 2;
  gboolean exists, ok = TRUE;

  if (!check_replaceable(dir, n_files, pairs, what, &exists, error))
    return FALSE;
  /* "out/" names the directory out: drop trailing slashes first */
  target = g_strdup(dir);
  for (gsize n = strlen(target); n > 1 && target[n - 1] == G_DIR_SEPARATOR; n--)
    target[n - 1] = '\0';
  if ((tmp = make_temp_dir(target, error)) == NULL)
    return FALSE;
  for (guint i = 0; ok && i < n_files; i++)
    ok = write_file(org, tmp, i, columns, n_columns, error);
  if (ok && pairs != NULL && pairs->write)
    ok = write_pairs_file(pairs, tmp, error);
  ok = ok && swap_into_place(tmp, target, exists, error);
  remove_org_dir(tmp, pairs);
  return ok;
}

gboolean
vs_org_write_csv_dir(const VsOrg *org, const char *dir, GError **error)
{
  g_return_val_if_fail(org != NULL, FALSE);
  g_return_val_if_fail(dir != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  return vs_i_org_write_csv_dir(org, dir, default_columns, G_N_ELEMENTS(default_columns), NULL,
                                "an org's CSV output", error);
}
