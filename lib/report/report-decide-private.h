/* valuestream - what the writers of comparisons (SPEC 10) share. Not
 * installed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * report-decide.c        the JSON and the entry points
 * report-decide-common.c the helpers below
 * report-decide-text.c   text for a person and the long CSV table
 * report-decide-html.c   one self-contained HTML page
 *
 * Every writer takes @names (NULL: the snapshot diff of comparisons[0];
 * else one scenario name per comparison) and reads the comparisons
 * through their public getters; nothing is computed but orderings. */
#ifndef VALUESTREAM_REPORT_DECIDE_PRIVATE_H
#define VALUESTREAM_REPORT_DECIDE_PRIVATE_H

#include <valuestream/decide.h>

#include "report-private.h"

G_BEGIN_DECLS

/* How many entries the text and HTML writers list per section; the CSV
 * and JSON carry them all. */
#define VS_DECIDE_TOP 10

/* report-decide-common.c */

/* The id and the display name of entry @i of list @which (customers or
 * units): from whichever side has it. */
const char *vs_i_compared_id(const VsComparison *c, VsCompared which, gsize i);
const char *vs_i_compared_name(const VsComparison *c, VsCompared which, gsize i);
/* The values SPEC 10 lists for list @which (customers or units), in its
 * order; *@n of them. */
const VsValue *vs_i_compared_values(VsCompared which, guint *n);
/* Whether either side has a cost (SPEC 7): the text and HTML writers say
 * nothing of cost otherwise, as the report does. */
gboolean vs_i_comparison_has_costs(const VsComparison *c);
/* T of SPEC 10's rule: the larger total revenue of the two sides. */
double vs_i_comparison_revenue_scale(const VsComparison *c);
/* @after - @before with a missing side (NAN) counted as 0: how much an
 * entry moved, for orderings. */
double vs_i_moved(double before, double after);
/* The entries of list @which (VS_COMPARED_CUSTOMERS or _UNITS) that
 * changed (customers: added, removed, or a value changed; units: all),
 * the largest movers first: customers by |revenue at risk| moved, then
 * |quality|; units by |fix value|, then |exposure|, |loaded cost|,
 * |quality|; ties in list order. Their number in @n; free the array. */
gsize *vs_i_compared_order(const VsComparison *c, VsCompared which, gsize *n);
/* The from, to and deliverable (NULL: none) of entry @i of a handoff list. */
void vs_i_compared_handoff(const VsComparison *c, VsCompared which, gsize i, const char **from,
                           const char **to, const char **deliverable);

/* report-decide-text.c */
void vs_i_write_comparisons_text(VsWriter *w, const char *const *names,
                                 const VsComparison *const *comparisons, gsize n);
void vs_i_write_comparisons_csv(VsWriter *w, const char *const *names,
                                const VsComparison *const *comparisons, gsize n);
/* report-decide-html.c; @o->title NULL: "What-if scenarios" or
 * "Comparison". */
void vs_i_write_comparisons_html(VsWriter *w, const char *const *names,
                                 const VsComparison *const *comparisons, gsize n,
                                 const VsReportOptions *o);

G_END_DECLS

#endif /* VALUESTREAM_REPORT_DECIDE_PRIVATE_H */
