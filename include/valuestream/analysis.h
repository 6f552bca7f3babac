/* valuestream - analysis: line of sight, quality, ripple, structure, flags.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_ANALYSIS_H
#define VALUESTREAM_ANALYSIS_H

#include <valuestream/common.h>
#include <valuestream/org.h>

G_BEGIN_DECLS

/**
 * VsFlags:
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

/** VS_N_FLAGS: the number of distinct flags. */
#define VS_N_FLAGS 7

/**
 * vs_flag_name:
 * @flag: exactly one VsFlags bit.
 * Returns: (transfer none) (nullable): its SPEC name ("ripple", ...), NULL
 * when @flag is not a single known bit.
 */
VS_API const char *vs_flag_name(guint32 flag);

/**
 * VsDiagnosis:
 * How poor service spreads within a group (department), SPEC 4.6.
 */
typedef enum {
  VS_DIAGNOSIS_UNRATED = 0,
  VS_DIAGNOSIS_HEALTHY,
  VS_DIAGNOSIS_INDIVIDUAL,
  VS_DIAGNOSIS_SYSTEMIC,
} VsDiagnosis;

/** vs_diagnosis_name: Returns: (transfer none) (nullable): "unrated", "healthy", ... */
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
 * VS_ANALYSIS_OPTIONS_VERSION: the current layout of VsAnalysisOptions.
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

/** VS_ANALYSIS_OPTIONS_INIT: the SPEC defaults. */
#define VS_ANALYSIS_OPTIONS_INIT                                                                   \
  {                                                                                                \
    VS_ANALYSIS_OPTIONS_VERSION, 0.75, 0.01, 0.75, 0.05, 0.05, 4, VS_COST_BASIS_WEIGHT, 0.0, NULL, \
        1                                                                                          \
  }

/**
 * vs_analysis_options_check:
 * @options: thresholds to check.
 * @error: return location for a VS_ERROR_INVALID error naming the option.
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

/** vs_analysis_free: @analysis: (nullable) (transfer full). */
VS_API void vs_analysis_free(VsAnalysis *analysis);

/** vs_analysis_get_org: Returns: (transfer none): the analysed org. */
VS_API const VsOrg *vs_analysis_get_org(const VsAnalysis *analysis);

/**
 * vs_analysis_get_options:
 * @options: (out caller-allocates): the options the analysis used. Set
 *   its @version first (VS_ANALYSIS_OPTIONS_INIT does): a caller built
 *   against an earlier version gets the fields it knows and nothing
 *   beyond; a @version of 0 counts as 1. @as_of points into the analysis
 *   (valid while it lives).
 */
VS_API void vs_analysis_get_options(const VsAnalysis *analysis, VsAnalysisOptions *options);

/** vs_analysis_get_n_units: Returns: the length of every per-unit array. */
VS_API gsize vs_analysis_get_n_units(const VsAnalysis *analysis);
/** vs_analysis_get_n_handoffs: Returns: the length of every per-handoff array. */
VS_API gsize vs_analysis_get_n_handoffs(const VsAnalysis *analysis);
/** vs_analysis_get_n_kind: Returns: how many analysed units are of @kind. */
VS_API gsize vs_analysis_get_n_kind(const VsAnalysis *analysis, VsKind kind);

/** vs_analysis_get_total_revenue: Returns: the revenue of all customers. */
VS_API double vs_analysis_get_total_revenue(const VsAnalysis *analysis);
/** vs_analysis_get_total_at_risk: Returns: the summed revenue at risk. */
VS_API double vs_analysis_get_total_at_risk(const VsAnalysis *analysis);

/*
 * Per-unit arrays. Each returns a borrowed array of vs_analysis_get_n_units()
 * elements (also stored in @n when not NULL), indexed by unit index.
 */

/** vs_analysis_get_own: effective own share (SPEC 4.1). */
VS_API const double *vs_analysis_get_own(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_qualities: received quality q (SPEC 4.3). */
VS_API const double *vs_analysis_get_qualities(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_exposures: revenue depending on the unit's work (a customer's own revenue). */
VS_API const double *vs_analysis_get_exposures(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_revenues_at_risk: revenue(c) * (1 - q[c]) for customers, 0 for others. */
VS_API const double *vs_analysis_get_revenues_at_risk(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_service_scores: share-weighted score of rated outgoing handoffs; NAN when none.
 */
VS_API const double *vs_analysis_get_service_scores(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_fix_values: exact fall in total revenue at risk if u's handoffs scored 1. */
VS_API const double *vs_analysis_get_fix_values(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_hops: handoffs to the nearest customer; -1 when none (and for customers). */
VS_API const gint32 *vs_analysis_get_hops(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_next_hops: next unit on the shortest path to a customer; -1 when none. */
VS_API const gint32 *vs_analysis_get_next_hops(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_dependents: how many units have this unit among their chokepoints. */
VS_API const guint32 *vs_analysis_get_dependents(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_flags: VsFlags bits of each unit (0 for customers). */
VS_API const guint32 *vs_analysis_get_flags(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_loop_ids: index of the unit's rework loop, -1 when on none. */
VS_API const gint32 *vs_analysis_get_loop_ids(const VsAnalysis *analysis, gsize *n);

/*
 * Per-handoff arrays, vs_analysis_get_n_handoffs() long, indexed by handoff.
 */

/** vs_analysis_get_handoff_shares: share(e) = weight / total weight into the receiver. */
VS_API const double *vs_analysis_get_handoff_shares(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_handoff_scores: the score used: the handoff's own, else
 * the survey score of its pair (SPEC 4.5), else NAN (unrated, counts as 1).
 */
VS_API const double *vs_analysis_get_handoff_scores(const VsAnalysis *analysis, gsize *n);

/*
 * Lists. The dup functions return a new array of unit indices that the
 * caller frees with vs_free() (g_free()); they return NULL when the list
 * is empty, with *n = 0. They never fail for a valid unit index.
 */

/** vs_analysis_dup_path: one shortest chain from @unit to its nearest customer (both included). */
VS_API guint32 *vs_analysis_dup_path(const VsAnalysis *analysis, gsize unit, gsize *n);
/**
 * vs_analysis_dup_path_to:
 * @target: the unit to reach (usually a customer).
 * Returns: (transfer full) (nullable): one shortest chain of handoffs from
 * @unit to @target (both included; ties broken by handoff order), NULL
 * when @target is out of reach. One breadth-first search: O(handoffs).
 */
VS_API guint32 *vs_analysis_dup_path_to(const VsAnalysis *analysis, gsize unit, gsize target,
                                        gsize *n);
/** vs_analysis_dup_chokepoints: units on every path from @unit to any customer, nearest first. */
VS_API guint32 *vs_analysis_dup_chokepoints(const VsAnalysis *analysis, gsize unit, gsize *n);
/** vs_analysis_dup_unit_customers: the customers @unit's work reaches, sorted by id. */
VS_API guint32 *vs_analysis_dup_unit_customers(const VsAnalysis *analysis, gsize unit, gsize *n);
/** vs_analysis_dup_critical_units: for customer @unit, units on every path value takes to it,
 * sorted by id. */
VS_API guint32 *vs_analysis_dup_critical_units(const VsAnalysis *analysis, gsize unit, gsize *n);

/**
 * vs_analysis_dup_flagged:
 * Returns: (transfer full) (nullable): the flagged teams and suppliers,
 * ranked by fix value (highest first; ties in unit order).
 */
VS_API guint32 *vs_analysis_dup_flagged(const VsAnalysis *analysis, gsize *n);

/** vs_analysis_get_customers: Returns: (transfer none): customer unit indices in unit order. */
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

/** vs_analysis_get_total_cost: Returns: the summed charged cost of every team and supplier. */
VS_API double vs_analysis_get_total_cost(const VsAnalysis *analysis);
/** vs_analysis_get_total_cost_to_serve: Returns: the cost that reaches the customers. */
VS_API double vs_analysis_get_total_cost_to_serve(const VsAnalysis *analysis);
/** vs_analysis_get_total_stranded_cost: Returns: the cost that reaches no customer. */
VS_API double vs_analysis_get_total_stranded_cost(const VsAnalysis *analysis);
/** vs_analysis_get_unit_costs: per unit: its own cost (0 when unset and for customers). */
VS_API const double *vs_analysis_get_unit_costs(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_loaded_costs: per unit: loaded cost T of a unit in Rc; NAN otherwise. */
VS_API const double *vs_analysis_get_loaded_costs(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_stranded_costs: per unit: cost held by a team or supplier outside Rc; 0
 * otherwise. */
VS_API const double *vs_analysis_get_stranded_costs(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_costs_to_serve: per unit: a customer's cost to serve; 0 for others. */
VS_API const double *vs_analysis_get_costs_to_serve(const VsAnalysis *analysis, gsize *n);
/** vs_analysis_get_margins: per unit: a customer's revenue minus its cost to serve; NAN for others.
 */
VS_API const double *vs_analysis_get_margins(const VsAnalysis *analysis, gsize *n);
/**
 * vs_analysis_get_handoff_charges: per handoff: the internal charge
 * out_share(e) * T[from], NAN when the provider is outside Rc.
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
 * Returns: FALSE (and zeroes @out) when @customer is not a customer.
 */
VS_API gboolean vs_analysis_get_customer_cost_shares(const VsAnalysis *analysis, gsize customer,
                                                     double *out);

/* Rework loops: strongly connected sets of >= 2 units, each sorted by id,
 * the list sorted. */

/** vs_analysis_get_n_loops: Returns: the number of rework loops. */
VS_API gsize vs_analysis_get_n_loops(const VsAnalysis *analysis);
/** vs_analysis_get_loop: Returns: (transfer none): the members of loop @index, sorted by id. */
VS_API const guint32 *vs_analysis_get_loop(const VsAnalysis *analysis, gsize index, gsize *n);

/* Groups (departments), sorted by id; customers are not members. */

/** vs_analysis_get_n_groups: Returns: the number of groups. */
VS_API gsize vs_analysis_get_n_groups(const VsAnalysis *analysis);
/** vs_analysis_get_group_id: Returns: (transfer none): the group's id. */
VS_API const char *vs_analysis_get_group_id(const VsAnalysis *analysis, gsize index);
/** vs_analysis_get_group_diagnosis: Returns: the group's diagnosis. */
VS_API VsDiagnosis vs_analysis_get_group_diagnosis(const VsAnalysis *analysis, gsize index);
/** vs_analysis_get_group_poor_units: Returns: (transfer none) (nullable): poor members, sorted by
 * id. */
VS_API const guint32 *vs_analysis_get_group_poor_units(const VsAnalysis *analysis, gsize index,
                                                       gsize *n);

/* Warnings (SPEC 2): plain sentences, in a stable order. */

/** vs_analysis_get_n_warnings: Returns: the number of warnings. */
VS_API gsize vs_analysis_get_n_warnings(const VsAnalysis *analysis);
/** vs_analysis_get_warning: Returns: (transfer none): warning @index. */
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

/** vs_analysis_get_n_trends: Returns: the number of surveyed pairs. */
VS_API gsize vs_analysis_get_n_trends(const VsAnalysis *analysis);
/**
 * vs_analysis_get_trend:
 * @trend: (out caller-allocates): the pair's figures.
 */
VS_API void vs_analysis_get_trend(const VsAnalysis *analysis, gsize index, VsTrend *trend);
/**
 * vs_analysis_get_trend_means:
 * @periods: (out) (transfer none) (nullable): the period labels, oldest first.
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

/** vs_phase_name: Returns: (transfer none) (nullable): "graph", "line_of_sight", ... */
VS_API const char *vs_phase_name(VsPhase phase);

/**
 * vs_analysis_get_phase_seconds:
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
 * @n: (out) (optional): vs_analysis_get_n_units().
 * Returns: (transfer none): each unit's VsKind, one byte per unit, valid
 * while @analysis lives.
 */
VS_API const guint8 *vs_analysis_get_kinds(const VsAnalysis *analysis, gsize *n);

/**
 * vs_analysis_dup_handoff_weights:
 * @n: (out) (optional): vs_analysis_get_n_handoffs().
 * Returns: (transfer full) (nullable): each handoff's weight as
 * vs_org_get_handoff_weight() gives it (free with vs_free()); NULL when
 * there is no handoff.
 */
VS_API double *vs_analysis_dup_handoff_weights(const VsAnalysis *analysis, gsize *n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsAnalysis, vs_analysis_free)

G_END_DECLS

#endif /* VALUESTREAM_ANALYSIS_H */
