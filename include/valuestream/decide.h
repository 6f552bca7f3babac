/* valuestream - decide, then measure: what-if scenarios (SPEC 8), an
 * improvement plan (SPEC 9), two analyses compared (SPEC 10).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_DECIDE_H
#define VALUESTREAM_DECIDE_H

#include <valuestream/analysis.h>
#include <valuestream/common.h>
#include <valuestream/org.h>

G_BEGIN_DECLS

/* ---- scenarios (SPEC 8) ------------------------------------------------- */

/* ---- comparisons (SPEC 10) ---------------------------------------------- */

/* ---- the improvement plan (SPEC 9) -------------------------------------- */

G_END_DECLS

#endif /* VALUESTREAM_DECIDE_H */
