/* valuestream - the orders the analysis's lists come in: units by id,
 * strings (analysis-private.h).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "analysis-private.h"

static int
cmp_unit_id(gconstpointer a, gconstpointer b, gpointer org)
{
  return strcmp(vs_i_unit_id(org, *(const guint32 *)a), vs_i_unit_id(org, *(const guint32 *)b));
}

void
vs_i_analysis_sort_by_id(const VsOrg *org, guint32 *units, gsize n)
{
  if (n > 1)
    g_qsort_with_data(units, (gint)n, sizeof(guint32), cmp_unit_id, (gpointer)org);
}

int
vs_i_analysis_cmp_str_ptr(gconstpointer x, gconstpointer y)
{
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int
vs_i_analysis_cmp_u32(gconstpointer x, gconstpointer y)
{
  guint32 p = *(const guint32 *)x, q = *(const guint32 *)y;
  return (p > q) - (p < q);
}
