/* valuestream - the miner's entry points (see mine.h): check the options,
 * open the log, tell its format, and run a reader over it into a miner.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stddef.h>
#include <string.h>

#include "mine-private.h"

static gboolean
is_empty(const char *s)
{
  return s == NULL || *s == '\0';
}

gboolean
vs_i_mine_options_current(const VsMineOptions *in, VsMineOptions *out)
{
  static const VsMineOptions defaults = VS_MINE_OPTIONS_INIT;

  *out = defaults;
  if (in->version == 1)
    memcpy(out, in, offsetof(VsMineOptions, normalise)); /* a version-1 struct ends there */
  else if (in->version == VS_MINE_OPTIONS_VERSION)
    *out = *in;
  else
    return FALSE;
  out->version = VS_MINE_OPTIONS_VERSION;
  return TRUE;
}

/* PM4Py's value is a weight over the sum of all weights; it is PM4Py's
 * number only when the weights are counted as PM4Py counts them. NULL when
 * they are, else why not. */
static const char *
pm4py_counting(const VsMineOptions *o)
{
  if (!o->self_handovers)
    return "is pm4py, which counts self-handovers: set self_handovers (--self-handovers) too";
  if (o->once_per_case)
    return "is pm4py, which counts every transfer: unset once_per_case (--once-per-case)";
  if (o->depth > 1)
    return "is pm4py, which has no depth limit: set depth 1 (PM4Py's beta 0) or 0 (its "
           "beta > 0)";
  return NULL;
}

gboolean
vs_mine_options_check(const VsMineOptions *options, GError **error)
{
  const char *option = NULL, *why = NULL;
  VsMineOptions current;
  const VsMineOptions *o = &current;

  g_return_val_if_fail(options != NULL, FALSE);
  if (!vs_i_mine_options_current(options, &current))
    option = "version", why = "is not VS_MINE_OPTIONS_VERSION (start from VS_MINE_OPTIONS_INIT)";
  else if (is_empty(o->case_column))
    option = "case_column", why = "must name a column";
  else if (is_empty(o->timestamp_column))
    option = "timestamp_column", why = "must name a column";
  else if (is_empty(o->group_column) && is_empty(o->resource_column))
    option = "group_column", why = "or resource_column must name a column";
  else if ((guint)o->format > VS_MINE_FORMAT_XES)
    option = "format", why = "is not a VsMineFormat";
  else if ((guint)o->revenue > VS_MINE_REVENUE_GIVEN)
    option = "revenue", why = "is not a VsMineRevenue";
  else if (o->delimiter == '"' || o->delimiter == '\n' || o->delimiter == '\r' ||
           o->delimiter == '\0' || (guchar)o->delimiter >= 0x80)
    option = "delimiter", why = "must be an ASCII character other than a quote, CR, LF or NUL";
  else if (!(o->beta >= 0.0 && o->beta <= 1.0))
    option = "beta", why = "must be in 0..1";
  else if ((guint)o->normalise > VS_MINE_NORMALISE_PM4PY)
    option = "normalise", why = "is not a VsMineNormalise";
  else if (o->normalise == VS_MINE_NORMALISE_PM4PY && (why = pm4py_counting(o)) != NULL)
    option = "normalise";
  if (option == NULL)
    return TRUE;
  g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "option \"%s\" %s", option, why);
  return FALSE;
}

/* The format a name says: .xes / .csv, with or without .gz. */
static VsMineFormat
format_by_name(const char *name)
{
  g_autofree char *lower = g_ascii_strdown(name != NULL ? name : "", -1);
  gsize len = strlen(lower);

  if (g_str_has_suffix(lower, ".gz"))
    lower[len - 3] = '\0';
  if (g_str_has_suffix(lower, ".xes"))
    return VS_MINE_FORMAT_XES;
  if (g_str_has_suffix(lower, ".csv"))
    return VS_MINE_FORMAT_CSV;
  return VS_MINE_FORMAT_AUTO;
}

/* Reads the start of @src to tell XES ('<' first) from CSV. */
static gboolean
sniff_format(VsByteSource *src, const char *name, guint8 *buf, gsize size, gsize *len,
             VsMineFormat *format, GError **error)
{
  gsize i = 0;

  *len = 0;
  while (*len < size) {
    gssize n = vs_i_byte_source_read(src, buf + *len, size - *len, error);
    if (n < 0) {
      g_prefix_error(error, "%s: ", name);
      return FALSE;
    }
    if (n == 0)
      break;
    *len += (gsize)n;
  }
  if (*len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < *len && g_ascii_isspace(buf[i]))
    i++;
  *format = i < *len && buf[i] == '<' ? VS_MINE_FORMAT_XES : VS_MINE_FORMAT_CSV;
  return TRUE;
}

static VsMinerStatus
read_log(const char *path, const char *data, gsize len, VsMiner *m, VsMineFormat format,
         GError **error)
{
  g_autoptr(VsByteSource) src = vs_i_byte_source_new(path, data, len, error);
  guint8 first[4096];
  gsize first_len = 0;

  if (src == NULL)
    return VS_MINER_ERROR;
  if (format == VS_MINE_FORMAT_AUTO &&
      !sniff_format(src, vs_i_miner_get_name(m), first, sizeof first, &first_len, &format, error))
    return VS_MINER_ERROR;
  if (format == VS_MINE_FORMAT_XES)
    return vs_i_read_xes_log(src, first, first_len, m, error);
  return vs_i_read_csv_log(src, first, first_len, m, error);
}

/* One streaming pass; when the log turns out not to be grouped by case,
 * a second pass that groups events in memory. */
static VsMineResult *
mine(const char *path, const char *data, gsize len, const char *name, const VsMineOptions *o,
     GError **error)
{
  VsMineOptions defaults = VS_MINE_OPTIONS_INIT, current;
  VsMineFormat format;

  if (o == NULL)
    o = &defaults;
  if (!vs_mine_options_check(o, error))
    return NULL;
  vs_i_mine_options_current(o, &current); /* the miner reads every field */
  o = &current;
  format = o->format != VS_MINE_FORMAT_AUTO ? o->format : format_by_name(name);
  for (int grouping = 0; grouping <= 1; grouping++) {
    g_autoptr(VsMiner) m = vs_i_miner_new(o, name, grouping, error);
    VsMinerStatus status;

    if (m == NULL)
      return NULL;
    status = read_log(path, data, len, m, format, error);
    if (status == VS_MINER_ERROR)
      return NULL;
    if (status == VS_MINER_OK)
      return vs_i_miner_finish(m, error);
  }
  g_return_val_if_reached(NULL); /* grouping never asks for a restart */
}

VsMineResult *
vs_mine_file(const char *path, const VsMineOptions *options, GError **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail(path != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  name = g_path_get_basename(path);
  return mine(path, NULL, 0, name, options, error);
}

VsMineResult *
vs_mine_data(const char *data, gsize len, const char *name, const VsMineOptions *options,
             GError **error)
{
  g_return_val_if_fail(data != NULL || len == 0, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  return mine(NULL, data != NULL ? data : "", len, name != NULL ? name : "<log>", options, error);
}
