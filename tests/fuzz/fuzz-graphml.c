/* valuestream fuzz target: the GraphML loader (libxml2 and igraph), then
 * analysis and reports.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  VsOrg *org;

  vs_fuzz_init();
  org = vs_load_graphml_data((const char *)data, (gssize)size, "fuzz.graphml", &error);
  if (org == NULL) {
    vs_fuzz_check_error(error);
    return 0;
  }
  VS_FUZZ_ASSERT(error == NULL);
  vs_fuzz_exercise(org);
  vs_org_free(org);
  return 0;
}
