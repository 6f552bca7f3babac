/* valuestream fuzz targets - what the event-log targets share (fuzz-log-csv.c,
 * fuzz-log-xes.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The first byte of an input chooses the options (depth, once per case,
 * self handovers, the quality proxy, how revenue is read), so the fuzzer
 * explores them; the rest is the log, gzip-compressed or not. A mined
 * result is read back whole, turned into an org and that org is analysed
 * and reported (fuzz-common.c). */
#ifndef VS_FUZZ_MINE_COMMON_H
#define VS_FUZZ_MINE_COMMON_H

#include <math.h>

#include "fuzz.h"
#include "valuestream/mine.h"

static inline void
vs_fuzz_mine(const uint8_t *data, size_t size, VsMineFormat format, const char *name)
{
  VsMineOptions options = VS_MINE_OPTIONS_INIT;
  g_autoptr(VsMineResult) result = NULL;
  g_autoptr(VsOrg) org = NULL;
  GError *error = NULL;
  const guint32 *from, *to;
  gsize n, pairs;
  guint8 bits;

  vs_fuzz_init();
  if (size == 0)
    return;
  bits = data[0];
  options.format = format;
  options.once_per_case = (bits & 1) != 0;
  options.self_handovers = (bits & 2) != 0;
  options.quality = (bits & 4) != 0;
  options.depth = (guint)((bits >> 3) & 3); /* 0 = no limit, 1, 2, 3 */
  options.revenue = (bits & 32) ? VS_MINE_REVENUE_GIVEN : VS_MINE_REVENUE_SUM;
  /* PM4Py's value where the counting is PM4Py's (the check refuses it
   * otherwise) */
  if ((bits & 64) && options.self_handovers && !options.once_per_case && options.depth <= 1)
    options.normalise = VS_MINE_NORMALISE_PM4PY;
  VS_FUZZ_ASSERT(vs_mine_options_check(&options, NULL));

  result = vs_mine_data((const char *)data + 1, size - 1, name, &options, &error);
  if (result == NULL) {
    vs_fuzz_check_error(error);
    return;
  }
  VS_FUZZ_ASSERT(error == NULL);
  n = vs_mine_result_get_n_units(result);
  for (gsize u = 0; u < n; u++) {
    const char *id = vs_mine_result_get_unit_id(result, u);
    VsKind kind = vs_mine_result_get_unit_kind(result, u);
    VS_FUZZ_ASSERT(id != NULL && g_utf8_validate(id, -1, NULL));
    VS_FUZZ_ASSERT(kind == VS_KIND_TEAM || kind == VS_KIND_CUSTOMER);
    VS_FUZZ_ASSERT(isnan(vs_mine_result_get_unit_own_share(result, u)) ||
                   (vs_mine_result_get_unit_own_share(result, u) >= 0 &&
                    vs_mine_result_get_unit_own_share(result, u) <= 1));
    (void)vs_mine_result_get_unit_revenue(result, u);
  }
  pairs = vs_mine_result_get_pairs(result, &from, &to);
  for (gsize p = 0; p < pairs; p++)
    VS_FUZZ_ASSERT(from[p] < n && to[p] < n);
  for (int c = VS_MINE_VOLUME; c <= VS_MINE_PM4PY_VALUE; c++) {
    gsize len = 0;
    const double *column = vs_mine_result_get_column(result, (VsMineColumn)c, &len);
    VS_FUZZ_ASSERT(column != NULL && len == pairs);
    for (gsize p = 0; p < len; p++)
      VS_FUZZ_ASSERT(isnan(column[p]) || column[p] >= 0);
    for (gsize p = 0; c == VS_MINE_PM4PY_VALUE && p < len; p++)
      VS_FUZZ_ASSERT(isnan(column[p]) || column[p] <= 1 + 1e-9);
  }
  for (int c = VS_MINE_EVENTS; c <= VS_MINE_SORTED_BY_CASE; c++)
    (void)vs_mine_result_get_count(result, (VsMineCount)c);
  (void)vs_mine_result_get_lead_time_quantile(result, 0.5);
  for (gsize i = 0; i < vs_mine_result_get_n_unmapped(result); i++)
    VS_FUZZ_ASSERT(vs_mine_result_get_unmapped(result, i, NULL) != NULL);

  org = vs_mine_result_to_org(result, NULL, &error);
  if (org == NULL) {
    vs_fuzz_check_error(error);
    return;
  }
  vs_fuzz_exercise(org);
}

#endif /* VS_FUZZ_MINE_COMMON_H */
