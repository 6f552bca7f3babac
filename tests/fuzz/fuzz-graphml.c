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
  return vs_fuzz_loaded(org, error);
}
