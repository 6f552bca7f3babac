/* valuestream fuzz target: scenario files in CSV (SPEC 8), then applied,
 * analysed and compared (fuzz-scenario-common.h).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "fuzz-scenario-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  VsScenarios *s;

  vs_fuzz_init();
  s = vs_scenarios_load_csv_data((const char *)data, (gssize)size, "fuzz.csv", &error);
  return vs_fuzz_scenarios_loaded(s, error);
}
