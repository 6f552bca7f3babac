/* valuestream - the whole public API.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * valuestream models an organisation as a directed graph of handoffs (team
 * A provides work to team B: B is A's internal customer), traces each
 * team's line of sight to the paying customers, and flags the teams whose
 * poor service ripples downstream to them. See README.md and lib/MODEL.md.
 */
#ifndef VALUESTREAM_H
#define VALUESTREAM_H

#include <valuestream/common.h>
#include <valuestream/version.h>
#include <valuestream/org.h>
#include <valuestream/load.h>
#include <valuestream/survey.h>
#include <valuestream/analysis.h>
#include <valuestream/decide.h>
#include <valuestream/report.h>
#include <valuestream/mine.h>

#endif /* VALUESTREAM_H */
