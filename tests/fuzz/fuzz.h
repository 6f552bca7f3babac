/* valuestream fuzz targets - what every target shares.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each target is one libFuzzer entry point, LLVMFuzzerTestOneInput(),
 * built two ways (tests/fuzz/meson.build): with -Dfuzzing=true it links
 * libFuzzer and fuzzes; otherwise fuzz-replay.c supplies a main() that
 * runs the entry point once on every file of the seed corpus, so any
 * build (the ASan one included) replays the corpus as a test.
 *
 * A target aborts, so that the fuzzer records a crash, when an invariant
 * of the library breaks: an error outside VS_ERROR, a loader that fails
 * without saying why, a report that is not valid JSON or UTF-8, a unit id
 * that does not come back from the JSON report or a CSV table unchanged,
 * an HTML page that is not well-formed XML, a number the model bounds
 * (quality, shares, revenue at risk) outside its bounds. */
#ifndef VS_FUZZ_H
#define VS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "valuestream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Quiets the library's and GLib's logging once per process. */
void vs_fuzz_init(void);

/* Checks that a loader's failure is a proper VS_ERROR with a message, and
 * frees it. Aborts otherwise. */
void vs_fuzz_check_error(GError *error);

/* Reads @org back, analyses it, reads every result, writes every report
 * (JSON, text, CSV tables, HTML, DOT) and checks them (see the file comment). */
void vs_fuzz_exercise(const VsOrg *org);

/* What a loader gave: its error checked (@org NULL), or @org exercised
 * and freed. Returns 0, libFuzzer's "keep going". */
int vs_fuzz_loaded(VsOrg *org, GError *error);

/* Aborts with a message when @cond is false. */
#define VS_FUZZ_ASSERT(cond)                                                                       \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      vs_fuzz_fail(__FILE__, __LINE__, #cond);                                                     \
  } while (0)

G_NORETURN void vs_fuzz_fail(const char *file, int line, const char *what);

#endif /* VS_FUZZ_H */
