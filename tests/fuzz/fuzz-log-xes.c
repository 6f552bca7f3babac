/* valuestream fuzz target: mining an event log in XES (vs_mine_data),
 * then the mined org's analysis and reports. See fuzz-mine-common.h.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "fuzz-mine-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  vs_fuzz_mine(data, size, VS_MINE_FORMAT_XES, "log.xes");
  return 0;
}
