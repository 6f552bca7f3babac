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

/** VS_PLAN_OPTIONS_VERSION: the layout of VsPlanOptions this header declares. */
#define VS_PLAN_OPTIONS_VERSION 1

/**
 * VsPlanOptions:
 * @version: VS_PLAN_OPTIONS_VERSION (VS_PLAN_OPTIONS_INIT sets it).
 * @steps: the most units to fix (default 5); 0 gives an empty plan.
 * @target: the score each fixed unit's handoffs are raised to, 0..1
 *   (default 1): a handoff's score becomes max(score in effect, target).
 *
 * What an improvement plan looks for; start from VS_PLAN_OPTIONS_INIT.
 */
typedef struct {
  guint version;
  guint steps;
  double target;
} VsPlanOptions;

/** VS_PLAN_OPTIONS_INIT: the SPEC defaults, 5 steps to target 1. */
#define VS_PLAN_OPTIONS_INIT {VS_PLAN_OPTIONS_VERSION, 5, 1.0}

/**
 * vs_plan_options_check:
 * @options: the options.
 * @error: return location for a VS_ERROR_INVALID error naming the field.
 * Returns: TRUE when @options are valid: a known version, target in 0..1.
 */
VS_API gboolean vs_plan_options_check(const VsPlanOptions *options, GError **error);

/**
 * VsPlan:
 *
 * An improvement plan (SPEC 9): which teams and suppliers to fix first,
 * greedy and exact at each step. Immutable; any number of threads may read
 * it.
 */
typedef struct VsPlan VsPlan;

/**
 * vs_plan_new:
 * @analysis: the analysis of the organisation as it is; its options
 *   (as_of, min_responses) decide each handoff's score in effect. Only
 *   read while the plan is made.
 * @options: (nullable): NULL means VS_PLAN_OPTIONS_INIT.
 * @error: return location for an error.
 *
 * At each step, for every team and supplier u, gain(u) is how much total
 * revenue at risk would fall if every handoff from u got score
 * max(score in effect, target) (unrated handoffs stay unrated), in the
 * organisation as the earlier steps left it. The largest gain is chosen
 * (in input order, a unit replaces the best so far only when its gain is
 * larger by more than eps = 1e-12 max(1, total revenue)) and its fix is
 * applied. The plan stops after @options->steps steps, or when the best
 * gain is at most eps. Each step re-solves only the values the scores
 * feed (quality, the backward revenue solve, the loop terms) and finds
 * every gain in one pass: no analysis is made per step or per candidate.
 *
 * Errors: VS_ERROR_INVALID for invalid options (the message names the
 * field), or a rework loop that becomes numerically singular.
 * Returns: (transfer full) (nullable): the plan (free with
 * vs_plan_free()), NULL on error.
 */
VS_API VsPlan *vs_plan_new(const VsAnalysis *analysis, const VsPlanOptions *options,
                           GError **error);

/**
 * vs_plan_free:
 * @plan: (nullable) (transfer full): the plan.
 */
VS_API void vs_plan_free(VsPlan *plan);

/**
 * vs_plan_get_org:
 * Returns: (transfer none): the organisation the plan's unit indices refer
 * to (the analysis's), valid while @plan lives.
 */
VS_API const VsOrg *vs_plan_get_org(const VsPlan *plan);

/** vs_plan_get_target: Returns: the target score, NAN when @plan is NULL. */
VS_API double vs_plan_get_target(const VsPlan *plan);

/**
 * vs_plan_get_revenue_at_risk:
 * Returns: the total revenue at risk before the first step (the
 * analysis's), NAN when @plan is NULL.
 */
VS_API double vs_plan_get_revenue_at_risk(const VsPlan *plan);

/** vs_plan_get_n_steps: Returns: the number of steps taken (0 for NULL). */
VS_API gsize vs_plan_get_n_steps(const VsPlan *plan);

/**
 * vs_plan_get_units:
 * @n: (out) (optional): the number of steps.
 * Returns: (transfer none) (array length=n): per step, the index of the
 * unit fixed; NULL when @plan is NULL (then *@n is 0).
 */
VS_API const guint32 *vs_plan_get_units(const VsPlan *plan, gsize *n);

/**
 * vs_plan_get_unit_id:
 * @step: 0 .. n_steps - 1.
 * Returns: (transfer none): the id of the unit fixed at @step, NULL when
 * out of range.
 */
VS_API const char *vs_plan_get_unit_id(const VsPlan *plan, gsize step);

/**
 * vs_plan_get_gains:
 * @n: (out) (optional): the number of steps.
 * Returns: (transfer none) (array length=n): per step, the fall in total
 * revenue at risk its fix brings.
 */
VS_API const double *vs_plan_get_gains(const VsPlan *plan, gsize *n);

/**
 * vs_plan_get_revenues_at_risk:
 * @n: (out) (optional): the number of steps.
 * Returns: (transfer none) (array length=n): per step, the total revenue
 * at risk after it (re-solved, not the start minus the gains).
 */
VS_API const double *vs_plan_get_revenues_at_risk(const VsPlan *plan, gsize *n);

/**
 * vs_plan_get_removed_shares:
 * @n: (out) (optional): the number of steps.
 * Returns: (transfer none) (array length=n): per step, the share of the
 * starting revenue at risk removed so far (cumulative, 0..1).
 */
VS_API const double *vs_plan_get_removed_shares(const VsPlan *plan, gsize *n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsPlan, vs_plan_free)

G_END_DECLS

#endif /* VALUESTREAM_DECIDE_H */
