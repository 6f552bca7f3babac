/* valuestream - analysis: line of sight, quality, ripple, structure, flags.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_ANALYSIS_H
#define VALUESTREAM_ANALYSIS_H

#include <valuestream/common.h>
#include <valuestream/org.h>

G_BEGIN_DECLS

/**
 * SECTION:analysis
 * @title: Analysis
 * @short_description: line of sight, quality, ripple, structure, cost to serve, flags
 *
 * vs_analysis_new() computes everything SPEC section 4 and section 7 define for one
 * #VsOrg into an immutable #VsAnalysis. Its results come out in bulk: per-unit
 * arrays indexed by unit index and per-handoff arrays indexed by handoff index,
 * borrowed from the analysis, and lists of unit indices that the caller owns
 * (the `_dup` functions). The bulk reads at the end give whole columns in one
 * call, for bindings and for writers of tables.
 *
 * Cost to serve (SPEC section 7) allocates every team's and supplier's cost
 * along the handoffs to the paying customers by the reciprocal method. Rc is
 * the set of teams and suppliers from which a customer can be reached along
 * handoffs of positive basis. It is always computed; all zeros (and loaded
 * costs 0 in Rc) when no unit has a cost.
 */

/**
 * VsFlags:
 * @VS_FLAG_CAPTIVE_POOR_SERVICE: a team with a handoff scored below poor_score whose receiver gets
 *   that deliverable from no other provider.
 * @VS_FLAG_CHOKEPOINT: on every path from at least one other team or supplier to the customers
 *   (dependents >= 1).
 * @VS_FLAG_DETERIORATING: the provider of a survey pair whose scores decline (SPEC 4.5).
 * @VS_FLAG_NO_LINE_OF_SIGHT: no chain of handoffs leads from the unit to any customer.
 * @VS_FLAG_POOR_SERVICE: a service score below poor_score.
 * @VS_FLAG_REWORK_LOOP: a member of a rework loop.
 * @VS_FLAG_RIPPLE: a fix value of at least ripple_share of the total revenue (and above 0).
 *
 * Findings about a team or supplier (SPEC 4.6). The bit order is the
 * alphabetical order of the names, so iterating bits from low to high
 * lists names sorted.
 */
typedef enum {
  VS_FLAG_CAPTIVE_POOR_SERVICE = 1 << 0,
  VS_FLAG_CHOKEPOINT = 1 << 1,
  VS_FLAG_DETERIORATING = 1 << 2,
  VS_FLAG_NO_LINE_OF_SIGHT = 1 << 3,
  VS_FLAG_POOR_SERVICE = 1 << 4,
  VS_FLAG_REWORK_LOOP = 1 << 5,
  VS_FLAG_RIPPLE = 1 << 6,
} VsFlags;

/**
 * VS_N_FLAGS:
 *
 * The number of distinct flags.
 */
#define VS_N_FLAGS 7

/**
 * vs_flag_name:
 * @flag: exactly one VsFlags bit.
 *
 * The name of one flag in reports and in the SPEC.
 *
 * Returns: (transfer none) (nullable): its SPEC name ("ripple", ...), NULL
 * when @flag is not a single known bit.
 */
VS_API const char *vs_flag_name(guint32 flag);

/**
 * VsDiagnosis:
 * @VS_DIAGNOSIS_UNRATED: no member of the group is rated.
 * @VS_DIAGNOSIS_HEALTHY: no rated member gives poor service.
 * @VS_DIAGNOSIS_INDIVIDUAL: poor service is one or a few members' own.
 * @VS_DIAGNOSIS_SYSTEMIC: at least two rated members, and at least half of the rated ones, give
 *   poor service.
 *
 * How poor service spreads within a group (department), SPEC 4.6.
 */
typedef enum {
  VS_DIAGNOSIS_UNRATED = 0,
  VS_DIAGNOSIS_HEALTHY,
  VS_DIAGNOSIS_INDIVIDUAL,
  VS_DIAGNOSIS_SYSTEMIC,
} VsDiagnosis;

/**
 * vs_diagnosis_name:
 * @diagnosis: a diagnosis.
 *
 * The name of a diagnosis in reports.
 *
 * Returns: (transfer none) (nullable): "unrated", "healthy", ...
 */
VS_API const char *vs_diagnosis_name(VsDiagnosis diagnosis);

/**
 * VsCostBasis:
 * @VS_COST_BASIS_WEIGHT: a handoff carries cost in proportion to its weight.
 * @VS_COST_BASIS_VOLUME: in proportion to its volume; every handoff needs one.
 *
 * What a provider's cost is divided by among its handoffs (SPEC section 7).
 */
typedef enum {
  VS_COST_BASIS_WEIGHT = 0,
  VS_COST_BASIS_VOLUME,
} VsCostBasis;

/**
 * VS_ANALYSIS_OPTIONS_VERSION:
 *
 * The current layout of VsAnalysisOptions.
 * Version 1 ends at @trend_min_periods; version 2 adds the cost options,
 * version 3 @as_of and @min_responses. A caller built against an earlier
 * version keeps working: the fields it does not know take their defaults.
 */
#define VS_ANALYSIS_OPTIONS_VERSION 3

/**
 * VsAnalysisOptions:
 * @version: VS_ANALYSIS_OPTIONS_VERSION (lets the layout grow compatibly).
 * @poor_score: a service score or handoff score below this is poor (0.75).
 * @ripple_share: fix_value >= this share of total revenue flags ripple (0.01).
 * @survey_target: survey target as a fraction of the scale (0.75).
 * @trend_alpha: one-sided Mann-Kendall significance level (0.05).
 * @trend_min_slope: Theil-Sen decline that counts, in points per period on
 *   a 1..5 scale (0.05).
 * @trend_min_periods: periods needed before a trend is judged (4).
 * @cost_basis: how cost is divided among a provider's handoffs (weight).
 * @markup: cost-plus margin a team adds once to its own cost, >= 0 (0);
 *   suppliers' costs and cost passed on are not marked up.
 * @as_of: (nullable): a period; survey answers of periods that sort after
 *   it (strcmp()) are ignored: the org as it stood then (NULL: none are).
 *   The analysis keeps its own copy.
 * @min_responses: a pair's period with fewer answers than this is ignored
 *   for scores and trends, and its mean is shown nowhere (1).
 *
 * Thresholds of the analysis; start from VS_ANALYSIS_OPTIONS_INIT.
 */
typedef struct {
  guint version;
  double poor_score;
  double ripple_share;
  double survey_target;
  double trend_alpha;
  double trend_min_slope;
  guint trend_min_periods;
  /* version 2 */
  VsCostBasis cost_basis;
  double markup;
  /* version 3 */
  const char *as_of;
  guint min_responses;
} VsAnalysisOptions;

/**
 * VS_ANALYSIS_OPTIONS_INIT:
 *
 * The SPEC defaults.
 */
#define VS_ANALYSIS_OPTIONS_INIT                                                                   \
  {                                                                                                \
    VS_ANALYSIS_OPTIONS_VERSION, 0.75, 0.01, 0.75, 0.05, 0.05, 4, VS_COST_BASIS_WEIGHT, 0.0, NULL, \
        1                                                                                          \
  }

/**
 * vs_analysis_options_check:
 * @options: thresholds to check.
 * @error: return location for a VS_ERROR_INVALID error naming the option.
 *
 * Checks options before they are used.
 *
 * Returns: TRUE when vs_analysis_new() would accept @options.
 */
VS_API gboolean vs_analysis_options_check(const VsAnalysisOptions *options, GError **error);

/**
 * VsAnalysis:
 *
 * Everything SPEC section 4 computes for one organisation, immutable once
 * made. Per-unit results are flat arrays indexed by unit index; they live
 * as long as the analysis. An analysis may be read from any number of
 * threads at once, and outlives the VsOrg it was made from.
 */
typedef struct VsAnalysis VsAnalysis;

/**
 * vs_analysis_new:
 * @org: the organisation (read only; the analysis keeps it alive).
 * @options: (nullable): thresholds; NULL means VS_ANALYSIS_OPTIONS_INIT.
 * @error: return location for an error: VS_ERROR_INVALID for a closed
 *   loop or bad options, VS_ERROR_LIMIT for a rework loop beyond the
 *   solver's size limit, VS_ERROR_IGRAPH when igraph fails.
 *
 * Analyses @org. Safe to call from several threads at once (igraph calls
 * are serialised internally).
 *
 * Large orgs (units + handoffs >= 100,000) are analysed on two cores. For
 * those, two parts are made on threads of the analysis's own that may
 * still run when this returns: the sets of customers each unit reaches
 * (which vs_analysis_dup_unit_customers() and the reports read), and the
 * findings (service scores, flags, groups and their diagnoses, warnings).
 * Their readers wait for them: the first customer list for the sets; the
 * getters of service scores, flags, flagged units, groups, warnings and
 * the findings' phase time, and every report, for the findings. So do
 * vs_analysis_free() and fork() (a child process gets every analysis
 * complete). Paths, chokepoints, critical units and every value wait for
 * neither. The sets take units x customers / 8 bytes, and are not built
 * beyond 128 MiB (lists then search instead). Analyses of one org share
 * them. An org made by vs_scenarios_apply() is analysed to be compared,
 * which needs no sets: its analyses make them at the first list.
 *
 * Cost to serve (SPEC section 7) is part of every analysis; with
 * @cost_basis VS_COST_BASIS_VOLUME a handoff without a volume is a
 * VS_ERROR_INVALID error naming it.
 *
 * Returns: (transfer full) (nullable): the analysis, NULL on error.
 */
VS_API VsAnalysis *vs_analysis_new(const VsOrg *org, const VsAnalysisOptions *options,
                                   GError **error);

/**
 * vs_analysis_free:
 * @analysis: (nullable) (transfer full).
 *
 * Releases @analysis, and its hold on the org it analysed, after waiting for any part still being
 * made (see vs_analysis_new()).
 */
VS_API void vs_analysis_free(VsAnalysis *analysis);

/**
 * vs_analysis_get_org:
 * @analysis: the analysis.
 *
 * The organisation the analysis was made from; valid while @analysis lives, even after the caller
 * freed the org.
 *
 * Returns: (transfer none): the analysed org.
 */
VS_API const VsOrg *vs_analysis_get_org(const VsAnalysis *analysis);

/**
 * vs_analysis_get_options:
 * @analysis: the analysis.
 * @options: (out caller-allocates): the options the analysis used. Set
 *   its @version first (VS_ANALYSIS_OPTIONS_INIT does): a caller built
 *   against an earlier version gets the fields it knows and nothing
 *   beyond; a @version of 0 counts as 1. @as_of points into the analysis
 *   (valid while it lives).
 *
 * Reads back the options the analysis used.
 */
VS_API void vs_analysis_get_options(const VsAnalysis *analysis, VsAnalysisOptions *options);

/**
 * vs_analysis_get_n_units:
 * @analysis: the analysis.
 *
 * Counts the analysed units.
 *
 * Returns: the length of every per-unit array.
 */
VS_API gsize vs_analysis_get_n_units(const VsAnalysis *analysis);
/**
 * vs_analysis_get_n_handoffs:
 * @analysis: the analysis.
 *
 * Counts the analysed handoffs.
 *
 * Returns: the length of every per-handoff array.
 */
VS_API gsize vs_analysis_get_n_handoffs(const VsAnalysis *analysis);
/**
 * vs_analysis_get_n_kind:
 * @analysis: the analysis.
 * @kind: the kind to count.
 *
 * Counts the analysed units of one kind.
 *
 * Returns: how many analysed units are of @kind.
 */
VS_API gsize vs_analysis_get_n_kind(const VsAnalysis *analysis, VsKind kind);

/**
 * vs_analysis_get_total_revenue:
 * @analysis: the analysis.
 *
 * The revenue of all customers (SPEC 4).
 *
 * Returns: the revenue of all customers.
 */
VS_API double vs_analysis_get_total_revenue(const VsAnalysis *analysis);
/**
 * vs_analysis_get_total_at_risk:
 * @analysis: the analysis.
 *
 * The revenue at risk of all customers: the sum of vs_analysis_get_revenues_at_risk().
 *
 * Returns: the summed revenue at risk.
 */
VS_API double vs_analysis_get_total_at_risk(const VsAnalysis *analysis);

/*
 * Per-unit arrays. Each returns a borrowed array of vs_analysis_get_n_units()
 * elements (also stored in @n when not NULL), indexed by unit index.
 */

/**
 * vs_analysis_get_own:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Effective own share (SPEC 4.1).
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const double *vs_analysis_get_own(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_qualities:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Received quality q (SPEC 4.3).
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const double *vs_analysis_get_qualities(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_exposures:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Revenue depending on the unit's work (a customer's own revenue).
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const double *vs_analysis_get_exposures(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_revenues_at_risk:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Revenue(c) (1 - q[c]) for customers, 0 for others.
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const double *vs_analysis_get_revenues_at_risk(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_service_scores:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Share-weighted score of rated outgoing handoffs; NAN when none.
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const double *vs_analysis_get_service_scores(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_fix_values:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Exact fall in total revenue at risk if u's handoffs scored 1.
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const double *vs_analysis_get_fix_values(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_hops:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Handoffs to the nearest customer; -1 when none (and for customers).
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const gint32 *vs_analysis_get_hops(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_next_hops:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Next unit on the shortest path to a customer; -1 when none.
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const gint32 *vs_analysis_get_next_hops(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_dependents:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * How many units have this unit among their chokepoints.
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const guint32 *vs_analysis_get_dependents(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_flags:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * VsFlags bits of each unit (0 for customers).
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const guint32 *vs_analysis_get_flags(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_loop_ids:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Index of the unit's rework loop, -1 when on none.
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const gint32 *vs_analysis_get_loop_ids(const VsAnalysis *analysis, gsize *n);

/*
 * Per-handoff arrays, vs_analysis_get_n_handoffs() long, indexed by handoff.
 */

/**
 * vs_analysis_get_handoff_shares:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_handoffs().
 *
 * Share(e) = weight / total weight into the receiver.
 *
 * Returns: (transfer none) (array length=n): one value per handoff, indexed by handoff index, valid
 * while @analysis lives.
 */
VS_API const double *vs_analysis_get_handoff_shares(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_handoff_scores:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_handoffs().
 *
 * The score used: the handoff's own, else
 * the survey score of its pair (SPEC 4.5), else NAN (unrated, counts as 1).
 *
 * Returns: (transfer none) (array length=n): one value per handoff, indexed by handoff index, valid
 * while @analysis lives.
 */
VS_API const double *vs_analysis_get_handoff_scores(const VsAnalysis *analysis, gsize *n);

/*
 * Lists. The dup functions return a new array of unit indices that the
 * caller frees with vs_free() (g_free()); they return NULL when the list
 * is empty, with *n = 0. They never fail for a valid unit index.
 */

/**
 * vs_analysis_dup_path:
 * @analysis: the analysis.
 * @unit: a unit index, < vs_analysis_get_n_units().
 * @n: (out) (optional): the array's length.
 *
 * One shortest chain from @unit to its nearest customer (both included).
 *
 * Returns: (transfer full) (nullable) (array length=n): unit indices (free with vs_free()); NULL,
 * with *@n 0, when the list is empty.
 */
VS_API guint32 *vs_analysis_dup_path(const VsAnalysis *analysis, gsize unit, gsize *n);
/**
 * vs_analysis_dup_path_to:
 * @analysis: the analysis.
 * @unit: a unit index, < vs_analysis_get_n_units().
 * @target: the unit to reach (usually a customer).
 * @n: (out) (optional): the array's length.
 *
 * A chain of handoffs from one unit to another.
 *
 * Returns: (transfer full) (nullable): one shortest chain of handoffs from
 * @unit to @target (both included; ties broken by handoff order), NULL
 * when @target is out of reach. One breadth-first search: O(handoffs).
 */
VS_API guint32 *vs_analysis_dup_path_to(const VsAnalysis *analysis, gsize unit, gsize target,
                                        gsize *n);
/**
 * vs_analysis_dup_chokepoints:
 * @analysis: the analysis.
 * @unit: a unit index, < vs_analysis_get_n_units().
 * @n: (out) (optional): the list's length.
 *
 * Units on every path from @unit to any customer, nearest first.
 *
 * Returns: (transfer full) (nullable) (array length=n): unit indices (free with vs_free()); NULL,
 * with *@n 0, when the list is empty.
 */
VS_API guint32 *vs_analysis_dup_chokepoints(const VsAnalysis *analysis, gsize unit, gsize *n);
/**
 * vs_analysis_dup_unit_customers:
 * @analysis: the analysis.
 * @unit: a unit index, < vs_analysis_get_n_units().
 * @n: (out) (optional): the list's length.
 *
 * The customers @unit's work reaches, sorted by id.
 *
 * Returns: (transfer full) (nullable) (array length=n): unit indices (free with vs_free()); NULL,
 * with *@n 0, when the list is empty.
 */
VS_API guint32 *vs_analysis_dup_unit_customers(const VsAnalysis *analysis, gsize unit, gsize *n);
/**
 * vs_analysis_dup_critical_units:
 * @analysis: the analysis.
 * @unit: a unit index, < vs_analysis_get_n_units(); the list is empty unless it is a customer.
 * @n: (out) (optional): the array's length.
 *
 * For customer @unit, units on every path value takes to it, sorted by id.
 *
 * Returns: (transfer full) (nullable) (array length=n): unit indices (free with vs_free()); NULL,
 * with *@n 0, when the list is empty.
 */
VS_API guint32 *vs_analysis_dup_critical_units(const VsAnalysis *analysis, gsize unit, gsize *n);

/**
 * vs_analysis_dup_flagged:
 * @analysis: the analysis.
 * @n: (out) (optional): the list's length.
 *
 * The teams and suppliers with at least one flag, most worth fixing first.
 *
 * Returns: (transfer full) (nullable): the flagged teams and suppliers,
 * ranked by fix value (highest first; ties in unit order).
 */
VS_API guint32 *vs_analysis_dup_flagged(const VsAnalysis *analysis, gsize *n);

/**
 * vs_analysis_get_customers:
 * @analysis: the analysis.
 * @n: (out) (optional): the number of customers.
 *
 * The customers: the order of the arrays of vs_analysis_get_unit_shares() and
 * vs_analysis_get_unit_cost_shares().
 *
 * Returns: (transfer none): customer unit indices in unit order.
 */
VS_API const guint32 *vs_analysis_get_customers(const VsAnalysis *analysis, gsize *n);

/**
 * vs_analysis_get_unit_shares:
 * @analysis: the analysis.
 * @unit: a unit index.
 * @out: (out caller-allocates): an array of as many doubles as
 *   vs_analysis_get_customers() has entries; receives shares[c] (SPEC 4.2)
 *   in that order.
 *
 * Computes @unit's shares of every customer: one pass over what @unit's
 * work reaches. Customers get 0 everywhere (they carry no shares).
 */
VS_API void vs_analysis_get_unit_shares(const VsAnalysis *analysis, gsize unit, double *out);

/**
 * vs_analysis_get_customer_shares:
 * @analysis: the analysis.
 * @customer: the unit index of a customer.
 * @out: (out caller-allocates): vs_analysis_get_n_units() doubles; receives
 *   every unit's share of @customer (0 for units that do not reach it).
 *
 * One backward pass from @customer over the units that reach it.
 *
 * Returns: FALSE (and zeroes @out) when @customer is not a customer.
 */
VS_API gboolean vs_analysis_get_customer_shares(const VsAnalysis *analysis, gsize customer,
                                                double *out);

/*
 * Cost to serve (SPEC section 7): every team's and supplier's cost
 * allocated along the handoffs to the paying customers by the reciprocal
 * method. Rc is the set of teams and suppliers from which a customer can
 * be reached along handoffs of positive basis. Always computed; all zeros
 * (and loaded costs 0 in Rc) when no unit has a cost.
 */

/**
 * vs_analysis_get_total_cost:
 * @analysis: the analysis.
 *
 * Cost to serve (SPEC section 7): the cost charged in the org.
 *
 * Returns: the summed charged cost of every team and supplier.
 */
VS_API double vs_analysis_get_total_cost(const VsAnalysis *analysis);
/**
 * vs_analysis_get_total_cost_to_serve:
 * @analysis: the analysis.
 *
 * Cost to serve (SPEC section 7): the sum of the customers' costs to serve.
 *
 * Returns: the cost that reaches the customers.
 */
VS_API double vs_analysis_get_total_cost_to_serve(const VsAnalysis *analysis);
/**
 * vs_analysis_get_total_stranded_cost:
 * @analysis: the analysis.
 *
 * Cost to serve (SPEC section 7): the sum of the stranded costs.
 *
 * Returns: the cost that reaches no customer.
 */
VS_API double vs_analysis_get_total_stranded_cost(const VsAnalysis *analysis);
/**
 * vs_analysis_get_unit_costs:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Per unit: its own cost (0 when unset and for customers).
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const double *vs_analysis_get_unit_costs(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_loaded_costs:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Per unit: loaded cost T of a unit in Rc; NAN otherwise.
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const double *vs_analysis_get_loaded_costs(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_stranded_costs:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Per unit: cost held by a team or supplier outside Rc; 0 otherwise.
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const double *vs_analysis_get_stranded_costs(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_costs_to_serve:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Per unit: a customer's cost to serve; 0 for others.
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const double *vs_analysis_get_costs_to_serve(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_margins:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_units().
 *
 * Per unit: a customer's revenue minus its cost to serve; NAN for others.
 *
 * Returns: (transfer none) (array length=n): one value per unit, indexed by unit index, valid while
 * @analysis lives.
 */
VS_API const double *vs_analysis_get_margins(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_handoff_charges:
 * @analysis: the analysis.
 * @n: (out) (optional): the array's length, vs_analysis_get_n_handoffs().
 *
 * Per handoff: the internal charge
 * out_share(e) * T[from], NAN when the provider is outside Rc.
 *
 * Returns: (transfer none) (array length=n): one value per handoff, indexed by handoff index, valid
 * while @analysis lives.
 */
VS_API const double *vs_analysis_get_handoff_charges(const VsAnalysis *analysis, gsize *n);

/**
 * vs_analysis_get_unit_cost_shares:
 * @analysis: the analysis.
 * @unit: a unit index.
 * @out: (out caller-allocates): as many doubles as vs_analysis_get_customers()
 *   has entries; receives, in that order, the fraction of @unit's loaded
 *   cost that ends at each customer.
 *
 * One forward pass over what @unit reaches. All zeros for a unit outside
 * Rc and for customers; the entries sum to 1 minus the stranded fraction.
 */
VS_API void vs_analysis_get_unit_cost_shares(const VsAnalysis *analysis, gsize unit, double *out);

/**
 * vs_analysis_get_customer_cost_shares:
 * @analysis: the analysis.
 * @customer: the unit index of a customer.
 * @out: (out caller-allocates): vs_analysis_get_n_units() doubles; receives
 *   every unit's cost share of @customer (0 outside Rc).
 *
 * One backward pass from @customer over the units that reach it.
 *
 * Returns: FALSE (and zeroes @out) when @customer is not a customer.
 */
VS_API gboolean vs_analysis_get_customer_cost_shares(const VsAnalysis *analysis, gsize customer,
                                                     double *out);

/* Rework loops: strongly connected sets of >= 2 units, each sorted by id,
 * the list sorted. */

/**
 * vs_analysis_get_n_loops:
 * @analysis: the analysis.
 *
 * Counts the rework loops: strongly connected sets of two or more units.
 *
 * Returns: the number of rework loops.
 */
VS_API gsize vs_analysis_get_n_loops(const VsAnalysis *analysis);
/**
 * vs_analysis_get_loop:
 * @analysis: the analysis.
 * @index: a loop, < vs_analysis_get_n_loops().
 * @n: (out) (optional): the number of members.
 *
 * The members of one rework loop; loops are sorted, each loop's members by id.
 *
 * Returns: (transfer none): the members of loop @index, sorted by id.
 */
VS_API const guint32 *vs_analysis_get_loop(const VsAnalysis *analysis, gsize index, gsize *n);

/* Groups (departments), sorted by id; customers are not members. */

/**
 * vs_analysis_get_n_groups:
 * @analysis: the analysis.
 *
 * Counts the groups (departments) of the analysed org.
 *
 * Returns: the number of groups.
 */
VS_API gsize vs_analysis_get_n_groups(const VsAnalysis *analysis);
/**
 * vs_analysis_get_group_id:
 * @analysis: the analysis.
 * @index: a group, < vs_analysis_get_n_groups().
 *
 * Groups are sorted by id; customers are members of none.
 *
 * Returns: (transfer none): the group's id.
 */
VS_API const char *vs_analysis_get_group_id(const VsAnalysis *analysis, gsize index);
/**
 * vs_analysis_get_group_diagnosis:
 * @analysis: the analysis.
 * @index: a group, < vs_analysis_get_n_groups().
 *
 * How poor service spreads within the group (SPEC 4.6).
 *
 * Returns: the group's diagnosis.
 */
VS_API VsDiagnosis vs_analysis_get_group_diagnosis(const VsAnalysis *analysis, gsize index);
/**
 * vs_analysis_get_group_poor_units:
 * @analysis: the analysis.
 * @index: a group, < vs_analysis_get_n_groups().
 * @n: (out) (optional): the number of poor members.
 *
 * The members of a group whose service is poor; valid while @analysis lives.
 *
 * Returns: (transfer none) (nullable): poor members, sorted by id.
 */
VS_API const guint32 *vs_analysis_get_group_poor_units(const VsAnalysis *analysis, gsize index,
                                                       gsize *n);

/* Warnings (SPEC 2): plain sentences, in a stable order. */

/**
 * vs_analysis_get_n_warnings:
 * @analysis: the analysis.
 *
 * Counts the warnings (SPEC 2): plain sentences about the input, in a stable order, the org's notes
 * among them.
 *
 * Returns: the number of warnings.
 */
VS_API gsize vs_analysis_get_n_warnings(const VsAnalysis *analysis);
/**
 * vs_analysis_get_warning:
 * @analysis: the analysis.
 * @index: a warning, < vs_analysis_get_n_warnings().
 *
 * Reads one warning; it lives as long as @analysis.
 *
 * Returns: (transfer none): warning @index.
 */
VS_API const char *vs_analysis_get_warning(const VsAnalysis *analysis, gsize index);

/**
 * VsTrend:
 * @provider: unit index of the rated unit.
 * @respondent: unit index of the internal customer answering.
 * @n_periods: periods with answers.
 * @latest_mean: mean of the latest period, on a 1..5 scale.
 * @score: the handoff score the latest mean gives (SPEC 4.5).
 * @mk_s: Mann-Kendall S over the period means.
 * @p_value: one-sided p of a decline (1 when there are fewer than 2 periods).
 * @exact: TRUE when @p_value is from the exact distribution.
 * @slope: Theil-Sen slope of the period means, points per period on 1..5.
 * @deteriorating: TRUE when the pair meets the SPEC 4.5 test.
 * @has_handoff: TRUE when some handoff runs provider -> respondent.
 *
 * The survey history of one (provider, respondent) pair. Means are put on a
 * 1..5 scale so that pairs answered on different scales compare.
 */
typedef struct {
  guint32 provider;
  guint32 respondent;
  guint n_periods;
  double latest_mean;
  double score;
  double mk_s;
  double p_value;
  gboolean exact;
  double slope;
  gboolean deteriorating;
  gboolean has_handoff;
} VsTrend;

/**
 * vs_analysis_get_n_trends:
 * @analysis: the analysis.
 *
 * Counts the (provider, respondent) pairs with survey answers.
 *
 * Returns: the number of surveyed pairs.
 */
VS_API gsize vs_analysis_get_n_trends(const VsAnalysis *analysis);
/**
 * vs_analysis_get_trend:
 * @analysis: the analysis.
 * @index: a surveyed pair, < vs_analysis_get_n_trends().
 * @trend: (out caller-allocates): the pair's figures.
 *
 * Reads the survey history of one pair.
 */
VS_API void vs_analysis_get_trend(const VsAnalysis *analysis, gsize index, VsTrend *trend);
/**
 * vs_analysis_get_trend_means:
 * @analysis: the analysis.
 * @index: a surveyed pair, < vs_analysis_get_n_trends().
 * @periods: (out) (transfer none) (nullable): the period labels, oldest first.
 * @n: (out) (optional): the number of periods.
 *
 * The period means of one surveyed pair, for charts; both arrays live as long as @analysis.
 *
 * Returns: (transfer none): the period means on 1..5, oldest first; @n gets the count.
 */
VS_API const double *vs_analysis_get_trend_means(const VsAnalysis *analysis, gsize index,
                                                 const char *const **periods, gsize *n);

/**
 * VsPhase:
 * @VS_PHASE_GRAPH: the igraph graph, strongly connected components, closed
 *   loop check, adjacency rows, topological order.
 * @VS_PHASE_LINE_OF_SIGHT: the search from the customers: hops and paths.
 * @VS_PHASE_STRUCTURE: dominator and post-dominator trees, dependents, loops.
 * @VS_PHASE_SURVEYS: survey pairs, trends, survey scores.
 * @VS_PHASE_VALUES: quality, exposure, fix values (the linear systems).
 * @VS_PHASE_FINDINGS: revenue at risk, service scores, flags, groups, warnings.
 * @VS_PHASE_COST: cost to serve (SPEC section 7): the allocation's one pass.
 * @VS_N_PHASES: the number of phases (not a phase).
 *
 * The phases of vs_analysis_new(), for performance measurement.
 */
typedef enum {
  VS_PHASE_GRAPH = 0,
  VS_PHASE_LINE_OF_SIGHT,
  VS_PHASE_STRUCTURE,
  VS_PHASE_SURVEYS,
  VS_PHASE_VALUES,
  VS_PHASE_FINDINGS,
  VS_PHASE_COST,
  VS_N_PHASES,
} VsPhase;

/**
 * vs_phase_name:
 * @phase: a phase.
 *
 * The name of a phase in reports and timings.
 *
 * Returns: (transfer none) (nullable): "graph", "line_of_sight", ...
 */
VS_API const char *vs_phase_name(VsPhase phase);

/**
 * vs_analysis_get_phase_seconds:
 * @analysis: the analysis.
 * @phase: a phase.
 *
 * How long one phase took.
 *
 * Returns: the wall-clock seconds vs_analysis_new() spent in @phase. On a
 * large org (100 000 units + handoffs or more) the surveys phase runs on a
 * second thread beside line of sight and structure, so the phases may
 * add up to more than the analysis took.
 */
VS_API double vs_analysis_get_phase_seconds(const VsAnalysis *analysis, VsPhase phase);

/* ---- bulk reads ------------------------------------------------------------ *
 *
 * Everything the per-unit getters above give, for all units (or handoffs)
 * in one call: for bindings (a ctypes call per unit costs more than the
 * analysis) and for writers of whole tables. Each result is the caller's,
 * copied out of the analysis and its org, so it stays valid whatever
 * happens to either afterwards; free it with vs_free(). */

/**
 * VsStringColumn:
 * @VS_STRINGS_UNIT_ID: each unit's id (never absent).
 * @VS_STRINGS_UNIT_NAME: each unit's name (its id when it has none, as
 *   vs_org_get_unit_name(); never absent).
 * @VS_STRINGS_UNIT_GROUP: each unit's group; absent when it has none.
 * @VS_STRINGS_HANDOFF_DELIVERABLE: each handoff's deliverable; absent when
 *   it has none.
 *
 * A column of strings of the analysed org, for vs_analysis_dup_strings().
 */
typedef enum {
  VS_STRINGS_UNIT_ID = 0,
  VS_STRINGS_UNIT_NAME,
  VS_STRINGS_UNIT_GROUP,
  VS_STRINGS_HANDOFF_DELIVERABLE,
} VsStringColumn;

/**
 * vs_analysis_dup_strings:
 * @analysis: the analysis.
 * @column: which strings.
 * @offsets: (out) (transfer full) (optional): n + 1 byte offsets into the
 *   result, free with vs_free(). String i is at result + offsets[i] when
 *   offsets[i + 1] > offsets[i], and absent (NULL) when they are equal;
 *   offsets[n] is the length of the result.
 * @n: (out) (optional): the number of entries: vs_analysis_get_n_units(),
 *   or vs_analysis_get_n_handoffs() for a handoff column.
 *
 * Every string of @column, in index order, each followed by its NUL, one
 * after another in one buffer; an absent string takes no byte. Without
 * absent strings the buffer is the strings separated (and ended) by NULs,
 * which bindings split in one call. Linear in the strings' length.
 *
 * Returns: (transfer full): the strings (free with vs_free()), never NULL
 * for a valid @analysis and @column; NULL (with *@offsets NULL and *@n 0)
 * otherwise.
 */
VS_API char *vs_analysis_dup_strings(const VsAnalysis *analysis, VsStringColumn column,
                                     gsize **offsets, gsize *n);

/**
 * VsUnitList:
 * @VS_UNIT_LIST_PATH: vs_analysis_dup_path() of every unit.
 * @VS_UNIT_LIST_CHOKEPOINTS: vs_analysis_dup_chokepoints() of every unit.
 * @VS_UNIT_LIST_CUSTOMERS: vs_analysis_dup_unit_customers() of every unit:
 *   up to units x customers entries (a thousand customers and a million
 *   units make 4 GB); ask only when that fits.
 * @VS_UNIT_LIST_CRITICAL_UNITS: vs_analysis_dup_critical_units() of every
 *   unit (empty for all but the customers).
 *
 * A list of units per unit, for vs_analysis_dup_unit_lists().
 */
typedef enum {
  VS_UNIT_LIST_PATH = 0,
  VS_UNIT_LIST_CHOKEPOINTS,
  VS_UNIT_LIST_CUSTOMERS,
  VS_UNIT_LIST_CRITICAL_UNITS,
} VsUnitList;

/**
 * vs_analysis_dup_unit_lists:
 * @analysis: the analysis.
 * @list: which list.
 * @offsets: (out) (transfer full): n + 1 offsets into the result, free
 *   with vs_free(): unit u's list is result[offsets[u] .. offsets[u + 1]),
 *   in the order of the per-unit function; offsets[n] is the total.
 * @n: (out) (optional): the number of units, vs_analysis_get_n_units().
 *
 * The lists of every unit at once, in compressed sparse row form: what
 * the per-unit function gives for units 0, 1, ... concatenated.
 *
 * Returns: (transfer full) (nullable): the unit indices of every list, one
 * after another (free with vs_free()); NULL when every list is empty
 * (*@offsets is still set), and on misuse (then *@offsets is NULL).
 */
VS_API guint32 *vs_analysis_dup_unit_lists(const VsAnalysis *analysis, VsUnitList list,
                                           gsize **offsets, gsize *n);

/**
 * vs_analysis_get_kinds:
 * @analysis: the analysis.
 * @n: (out) (optional): vs_analysis_get_n_units().
 *
 * The kinds of all units in one array (see vs_org_get_unit_kind()).
 *
 * Returns: (transfer none): each unit's VsKind, one byte per unit, valid
 * while @analysis lives.
 */
VS_API const guint8 *vs_analysis_get_kinds(const VsAnalysis *analysis, gsize *n);

/**
 * vs_analysis_dup_handoff_weights:
 * @analysis: the analysis.
 * @n: (out) (optional): vs_analysis_get_n_handoffs().
 *
 * The weights of all handoffs in one array, the caller's.
 *
 * Returns: (transfer full) (nullable): each handoff's weight as
 * vs_org_get_handoff_weight() gives it (free with vs_free()); NULL when
 * there is no handoff.
 */
VS_API double *vs_analysis_dup_handoff_weights(const VsAnalysis *analysis, gsize *n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsAnalysis, vs_analysis_free)

G_END_DECLS

#endif /* VALUESTREAM_ANALYSIS_H */
