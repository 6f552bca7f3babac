/* valuestream - the analysis: bulk reads. The strings and the per-unit
 * lists of every unit in one buffer each, with offsets, for bindings and
 * whole-table writers: one call instead of one per unit.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "analysis-private.h"

/* The string @column holds at @i (NULL when absent). */
static const char *
string_at(const VsAnalysis *a, VsStringColumn column, gsize i)
{
  switch (column) {
  case VS_STRINGS_UNIT_ID:
    return vs_org_get_unit_id(a->org, i);
  case VS_STRINGS_UNIT_NAME:
    return vs_org_get_unit_name(a->org, i);
  case VS_STRINGS_UNIT_GROUP:
    return vs_org_get_unit_group(a->org, i);
  case VS_STRINGS_HANDOFF_DELIVERABLE:
    return vs_org_get_handoff_deliverable(a->org, i);
  }
  return NULL;
}

char *
vs_analysis_dup_strings(const VsAnalysis *a, VsStringColumn column, gsize **offsets, gsize *n)
{
  gsize count, total = 0;
  g_autofree gsize *off = NULL;
  char *out;

  if (offsets != NULL)
    *offsets = NULL;
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(a != NULL, NULL);
  g_return_val_if_fail((guint)column <= VS_STRINGS_HANDOFF_DELIVERABLE, NULL);

  /* The analysed units and handoffs only: the org may have grown since. */
  count = column == VS_STRINGS_HANDOFF_DELIVERABLE ? a->m : a->n;
  /* Two passes (lengths, then copies): the buffer is allocated once. */
  off = g_new(gsize, count + 1);
  for (gsize i = 0; i < count; i++) {
    const char *s = string_at(a, column, i);
    off[i] = total;
    if (s != NULL)
      total += strlen(s) + 1;
  }
  off[count] = total;
  out = g_malloc(total + 1); /* + 1: never a zero-size allocation */
  for (gsize i = 0; i < count; i++)
    if (off[i + 1] > off[i])
      memcpy(out + off[i], string_at(a, column, i), off[i + 1] - off[i]);
  out[total] = '\0';
  if (offsets != NULL)
    *offsets = g_steal_pointer(&off);
  if (n != NULL)
    *n = count;
  return out;
}

/* Unit @u's list (as the per-unit function gives it). */
static guint32 *
dup_list(const VsAnalysis *a, VsUnitList list, gsize u, gsize *len)
{
  switch (list) {
  case VS_UNIT_LIST_PATH:
    return vs_analysis_dup_path(a, u, len);
  case VS_UNIT_LIST_CHOKEPOINTS:
    return vs_analysis_dup_chokepoints(a, u, len);
  case VS_UNIT_LIST_CUSTOMERS:
    return vs_analysis_dup_unit_customers(a, u, len);
  case VS_UNIT_LIST_CRITICAL_UNITS:
    return vs_analysis_dup_critical_units(a, u, len);
  }
  *len = 0;
  return NULL;
}

guint32 *
vs_analysis_dup_unit_lists(const VsAnalysis *a, VsUnitList list, gsize **offsets, gsize *n)
{
  guint32 *flat;
  gsize *off, len = 0, cap;

  if (offsets != NULL)
    *offsets = NULL;
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(a != NULL, NULL);
  g_return_val_if_fail((guint)list <= VS_UNIT_LIST_CRITICAL_UNITS, NULL);
  g_return_val_if_fail(offsets != NULL, NULL);

  /* Grown by doubling, counted in gsize: the customers of every unit
   * can outgrow a GArray's guint. A path or chain is short: a few each. */
  cap = MAX(a->n * 4, 16);
  flat = g_new(guint32, cap);
  off = g_new(gsize, a->n + 1);
  for (gsize u = 0; u < a->n; u++) {
    gsize k = 0;
    g_autofree guint32 *one = dup_list(a, list, u, &k);
    off[u] = len;
    if (k == 0)
      continue;
    if (len + k > cap) {
      cap = MAX(cap * 2, len + k);
      flat = g_renew(guint32, flat, cap);
    }
    memcpy(flat + len, one, k * sizeof *flat);
    len += k;
  }
  off[a->n] = len;
  *offsets = off;
  if (n != NULL)
    *n = a->n;
  if (len == 0) {
    g_free(flat);
    return NULL;
  }
  return len == cap ? flat : g_renew(guint32, flat, len);
}

const guint8 *
vs_analysis_get_kinds(const VsAnalysis *a, gsize *n)
{
  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(a != NULL, NULL);
  if (n != NULL)
    *n = a->n;
  return a->kind;
}

double *
vs_analysis_dup_handoff_weights(const VsAnalysis *a, gsize *n)
{
  double *out;

  if (n != NULL)
    *n = 0;
  g_return_val_if_fail(a != NULL, NULL);
  if (a->m == 0)
    return NULL;
  out = g_new(double, a->m);
  for (gsize e = 0; e < a->m; e++)
    out[e] = vs_org_get_handoff_weight(a->org, e);
  if (n != NULL)
    *n = a->m;
  return out;
}
