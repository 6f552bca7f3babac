/* valuestream - internals of decide, then measure. Not installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The files, in the order data flows through them:
 *
 *   (scenarios)
 *
 *   (comparisons)
 *
 *   (the plan)
 *   decide-plan.c         the improvement plan (SPEC 9): greedy steps, each
 *                         one pass of gains over re-solved values
 *                         (analysis-gain.c)
 */
#ifndef VALUESTREAM_DECIDE_PRIVATE_H
#define VALUESTREAM_DECIDE_PRIVATE_H

#include "org-private.h"

G_BEGIN_DECLS

/* ---- scenarios ------------------------------------------------------------ */

/* ---- comparisons ---------------------------------------------------------- */

/* ---- the plan ------------------------------------------------------------- */

G_END_DECLS

#endif /* VALUESTREAM_DECIDE_PRIVATE_H */
