/* valuestream fuzz target: the CSV layout, all three files from one input.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The input is units.csv, then a line "---", then handoffs.csv, then
 * optionally another "---" line and surveys.csv (tests/fuzz/csv/ holds
 * examples). A loaded org is analysed and reported (fuzz-common.c). */
#include <string.h>

#include "fuzz.h"

#define SEPARATOR "\n---\n"

/* The part of [*p, end) before the next separator; moves *p past it.
 * Returns FALSE when there is no separator (the rest is the last part). */
static gboolean
next_part(const char **p, const char *end, const char **part, gsize *len)
{
  const char *at = memmem(*p, (gsize)(end - *p), SEPARATOR, strlen(SEPARATOR));

  *part = *p;
  if (at == NULL) {
    *len = (gsize)(end - *p);
    *p = end;
    return FALSE;
  }
  *len = (gsize)(at - *p) + 1; /* keep the line's end */
  *p = at + strlen(SEPARATOR);
  return TRUE;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data, *end = p + size;
  const char *units, *handoffs = "", *surveys = NULL;
  gsize units_len, handoffs_len = 0, surveys_len = 0;
  GError *error = NULL;
  VsOrg *org;

  vs_fuzz_init();
  if (next_part(&p, end, &units, &units_len) && next_part(&p, end, &handoffs, &handoffs_len)) {
    surveys = p;
    surveys_len = (gsize)(end - p);
  }
  org = vs_load_csv_data(units, (gssize)units_len, handoffs, (gssize)handoffs_len, surveys,
                         (gssize)surveys_len, &error);
  return vs_fuzz_loaded(org, error);
}
