/* valuestream - decide, then measure: what-if scenarios (SPEC 8), an
 * improvement plan (SPEC 9), two analyses compared (SPEC 10).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_DECIDE_H
#define VALUESTREAM_DECIDE_H

#include <valuestream/analysis.h>
#include <valuestream/common.h>
#include <valuestream/org.h>

G_BEGIN_DECLS

/**
 * SECTION:decide
 * @title: Decisions
 * @short_description: what-if scenarios, improvement plans, comparisons of two analyses
 *
 * Decide, then measure. A #VsScenarios holds named lists of changes; each
 * scenario applied to an org (vs_scenarios_apply()) gives a changed copy to
 * analyse. A #VsComparison sets two analyses side by side: a scenario against
 * its baseline, or two snapshots of one organisation. A #VsPlan says which
 * teams and suppliers to fix first.
 */

/* ---- scenarios (SPEC 8) ------------------------------------------------- */

/**
 * VsAction:
 * @VS_ACTION_UNSET: no action given (rejected).
 * @VS_ACTION_SCORE: handoffs from -> to [deliverable] get @score; no score
 *   (NAN) removes their own score.
 * @VS_ACTION_FIX: every handoff from @unit whose score in effect is
 *   below @score (NAN: 1) gets @score; unrated ones stay unrated.
 * @VS_ACTION_OUTAGE: every handoff from @unit gets score 0.
 * @VS_ACTION_REMOVE_UNIT: @unit, its handoffs and the survey answers
 *   naming it are removed.
 * @VS_ACTION_ADD_HANDOFF: a new handoff from -> to with @deliverable,
 *   @weight, @score, @volume, after all existing ones.
 * @VS_ACTION_REMOVE_HANDOFF: the handoffs from -> to [deliverable] are
 *   removed.
 * @VS_ACTION_SET: @unit's own_share, cost, revenue, kind, name and group,
 *   those given (or cleared) only.
 *
 * What a change does (SPEC 8's table).
 */
typedef enum {
  VS_ACTION_UNSET = 0,
  VS_ACTION_SCORE,
  VS_ACTION_FIX,
  VS_ACTION_OUTAGE,
  VS_ACTION_REMOVE_UNIT,
  VS_ACTION_ADD_HANDOFF,
  VS_ACTION_REMOVE_HANDOFF,
  VS_ACTION_SET,
} VsAction;

/**
 * vs_action_name:
 * @action: an action.
 *
 * The name of an action in scenario files.
 *
 * Returns: (transfer none) (nullable): the action's name in scenario
 * files ("score", "fix", ..., "set"); NULL for VS_ACTION_UNSET and values
 * outside the enum.
 */
VS_API const char *vs_action_name(VsAction action);

/**
 * vs_action_from_name:
 * @name: an action's name, exact and lower case.
 * @action: (out) (optional): the action, when known.
 *
 * Parses the name of an action, as vs_action_name() gives it.
 *
 * Returns: TRUE when @name is an action.
 */
VS_API gboolean vs_action_from_name(const char *name, VsAction *action);

/**
 * VsChangeField:
 * @VS_CHANGE_OWN_SHARE: own_share.
 * @VS_CHANGE_COST: cost.
 * @VS_CHANGE_REVENUE: revenue.
 * @VS_CHANGE_NAME: name.
 * @VS_CHANGE_GROUP: group.
 *
 * Bits of VsChange.cleared: the fields of a `set` change given as JSON
 * null, which clears them (own_share and group unset, cost and revenue 0,
 * name back to the id). A field both given and cleared is an error.
 */
typedef enum {
  VS_CHANGE_OWN_SHARE = 1u << 0,
  VS_CHANGE_COST = 1u << 1,
  VS_CHANGE_REVENUE = 1u << 2,
  VS_CHANGE_NAME = 1u << 3,
  VS_CHANGE_GROUP = 1u << 4,
} VsChangeField;

/**
 * VS_CHANGE_VERSION:
 *
 * The current layout of VsChange.
 */
#define VS_CHANGE_VERSION 1

/**
 * VsChange:
 * @version: VS_CHANGE_VERSION.
 * @action: what the change does.
 * @unit: (nullable): the unit of fix, outage, remove_unit and set.
 * @from: (nullable): the provider of score, add_handoff, remove_handoff.
 * @to: (nullable): the receiver of score, add_handoff, remove_handoff.
 * @deliverable: (nullable): NULL matches any handoff; "" only those
 *   without a deliverable (and adds none); other text only those with it.
 * @score: 0..1; NAN = not given.
 * @weight: > 0 (add_handoff); NAN = not given (1).
 * @volume: >= 0 (add_handoff); NAN = not given.
 * @own_share: 0..1 (set); NAN = not given.
 * @cost: >= 0 (set); NAN = not given.
 * @revenue: >= 0 (set); NAN = not given.
 * @kind: a VsKind (set), or -1 = not given.
 * @name: (nullable): the new display name (set); NULL = not given.
 * @group: (nullable): the new group (set); NULL = not given.
 * @cleared: VsChangeField bits: fields given as null (set).
 *
 * One change of a scenario, as a caller describes it. Start from
 * VS_CHANGE_INIT: every field not given. A field that the action does not
 * take must be left not given. Strings are copied when the change is
 * added.
 */
typedef struct {
  guint version;
  VsAction action;
  const char *unit;
  const char *from;
  const char *to;
  const char *deliverable;
  double score;
  double weight;
  double volume;
  double own_share;
  double cost;
  double revenue;
  gint kind;
  const char *name;
  const char *group;
  guint32 cleared;
} VsChange;

/**
 * VS_CHANGE_INIT:
 *
 * No action, every field not given.
 */
#define VS_CHANGE_INIT                                                                             \
  {                                                                                                \
    VS_CHANGE_VERSION, VS_ACTION_UNSET, NULL, NULL, NULL, NULL, NAN, NAN, NAN, NAN, NAN, NAN, -1,  \
        NULL, NULL, 0                                                                              \
  }

/**
 * VsScenarios:
 *
 * Named scenarios, each an ordered list of changes to an organisation
 * (SPEC 8). Names are unique. Read-only once built: any number of threads
 * may apply its scenarios at the same time.
 */
typedef struct VsScenarios VsScenarios;

/**
 * vs_scenarios_new:
 *
 * Makes an empty set of scenarios, to fill with vs_scenarios_add() and vs_scenarios_add_change().
 *
 * Returns: (transfer full): no scenarios. Free with vs_scenarios_free().
 */
VS_API VsScenarios *vs_scenarios_new(void);

/**
 * vs_scenarios_free:
 * @scenarios: (nullable) (transfer full): the scenarios.
 *
 * Releases @scenarios.
 */
VS_API void vs_scenarios_free(VsScenarios *scenarios);

/**
 * vs_scenarios_add:
 * @scenarios: the scenarios.
 * @name: the new scenario's name: valid UTF-8, may be "".
 * @error: return location for a VS_ERROR_INVALID error.
 *
 * Adds a scenario with no changes (it compares the baseline with itself).
 * A name already taken is an error.
 *
 * Returns: the new scenario's index, or -1 on error.
 */
VS_API gssize vs_scenarios_add(VsScenarios *scenarios, const char *name, GError **error);

/**
 * vs_scenarios_add_change:
 * @scenarios: the scenarios.
 * @index: the scenario, < vs_scenarios_get_n().
 * @change: the change; its strings are copied.
 * @error: return location for a VS_ERROR_INVALID error.
 *
 * Appends a change to scenario @index after checking it on its own: a
 * known action, the fields it needs given and no others, values in range
 * (a score 0..1, a weight > 0, no NaN or infinity), valid UTF-8. Whether
 * its units and handoffs exist is found when it applies. The message
 * names the scenario, the change's number (1-based) and the field: `scenario
 * "outage": change 2: field "score": 1.5 is not in 0..1`. On error the
 * scenario is unchanged.
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_scenarios_add_change(VsScenarios *scenarios, gsize index, const VsChange *change,
                                        GError **error);

/**
 * vs_scenarios_get_n:
 * @scenarios: the scenarios.
 *
 * Counts the scenarios.
 *
 * Returns: the number of scenarios.
 */
VS_API gsize vs_scenarios_get_n(const VsScenarios *scenarios);

/**
 * vs_scenarios_get_name:
 * @scenarios: the scenarios.
 * @index: a scenario.
 *
 * Reads a scenario's name.
 *
 * Returns: (transfer none) (nullable): scenario @index's name; NULL when
 * @index is out of range.
 */
VS_API const char *vs_scenarios_get_name(const VsScenarios *scenarios, gsize index);

/**
 * vs_scenarios_get_n_changes:
 * @scenarios: the scenarios.
 * @index: a scenario.
 *
 * Counts a scenario's changes.
 *
 * Returns: scenario @index's number of changes (0 when out of range).
 */
VS_API gsize vs_scenarios_get_n_changes(const VsScenarios *scenarios, gsize index);

/**
 * vs_scenarios_get_change:
 * @scenarios: the scenarios.
 * @index: the scenario.
 * @change: its change number, 0-based here.
 * @out: (out caller-allocates): the change; its strings are (transfer
 *   none), valid while @scenarios lives.
 *
 * Reads back one change of a scenario.
 *
 * Returns: FALSE when @index or @change is out of range.
 */
VS_API gboolean vs_scenarios_get_change(const VsScenarios *scenarios, gsize index, gsize change,
                                        VsChange *out);

/**
 * vs_scenarios_load_json_data:
 * @data: the text: `{"scenarios": [{"name": ..., "changes": [...]}]}`.
 * @len: its length in bytes, or -1 when NUL-terminated.
 * @name: (nullable): what messages call the input; NULL = `"<json>"`.
 * @error: return location for a VS_ERROR_PARSE (syntax, types, unknown
 *   fields), VS_ERROR_INVALID (values) or VS_ERROR_LIMIT error.
 *
 * Reads scenarios from JSON (SPEC 8). Each change is an object with
 * "action" and the fields of SPEC 8's CSV columns; a field that is not
 * one is an error, and so is a value of the wrong type. JSON null is "not
 * given", except in a `set` change, where it clears the field
 * (VsChange.cleared) and in a `score` change, where it removes the score.
 * "deliverable": "" matches handoffs without one. Two scenarios with one
 * name are an error; "scenarios": [] gives none. Input that is not
 * strict RFC 8259 JSON in UTF-8, holds a NUL byte or nests deeper than 64
 * levels is refused before it is parsed.
 *
 * Returns: (transfer full) (nullable): the scenarios, NULL on error.
 */
VS_API VsScenarios *vs_scenarios_load_json_data(const char *data, gssize len, const char *name,
                                                GError **error);

/**
 * vs_scenarios_load_csv_data:
 * @data: RFC 4180 CSV with a header row.
 * @len: its length in bytes, or -1 when NUL-terminated.
 * @name: (nullable): what messages call the input; NULL = `"<csv>"`.
 * @error: return location for a VS_ERROR_PARSE, VS_ERROR_INVALID or
 *   VS_ERROR_LIMIT error; messages start `NAME:LINE:`.
 *
 * Reads scenarios from CSV, one change per row (SPEC 8), by section 3's
 * rules: header required, columns in any order, unknown columns ignored
 * (as the org's CSV files do), "scenario" and "action" required. A cell
 * left empty is not given; CSV cannot clear a field. Rows with one
 * scenario name form one scenario in the order they come, scenarios in
 * order of first appearance.
 *
 * Returns: (transfer full) (nullable): the scenarios, NULL on error.
 */
VS_API VsScenarios *vs_scenarios_load_csv_data(const char *data, gssize len, const char *name,
                                               GError **error);

/**
 * vs_scenarios_load:
 * @path: a scenario file: .json or .csv (any case); otherwise its first
 *   byte that is not white space decides: `{` is JSON, anything else CSV.
 * @error: return location for an error (VS_ERROR_IO when unreadable).
 *
 * Reads scenarios from a file, as vs_scenarios_load_json_data() or vs_scenarios_load_csv_data().
 *
 * Returns: (transfer full) (nullable): the scenarios, NULL on error.
 */
VS_API VsScenarios *vs_scenarios_load(const char *path, GError **error);

/**
 * vs_scenarios_apply:
 * @scenarios: the scenarios.
 * @index: which scenario, < vs_scenarios_get_n().
 * @org: the organisation; not changed.
 * @options: (nullable): the analysis options (NULL: the defaults); `fix`
 *   reads each handoff's score in effect under them (as_of,
 *   min_responses).
 * @error: return location for a VS_ERROR_INVALID error (or an analysis
 *   error of @org).
 *
 * Applies scenario @index's changes, in order, to a copy of @org (SPEC 8).
 * A change naming an unknown unit, or matching no handoff, is an error
 * naming the scenario, the change's number and the reason; after the last
 * change the copy must pass SPEC 2's whole-org rules (no customer hands
 * off, no closed loop), or the error names the scenario.
 *
 * Returns: (transfer full) (nullable): the changed copy, NULL on error.
 */
VS_API VsOrg *vs_scenarios_apply(const VsScenarios *scenarios, gsize index, const VsOrg *org,
                                 const VsAnalysisOptions *options, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsScenarios, vs_scenarios_free)

/* ---- comparisons (SPEC 10) ---------------------------------------------- */

/**
 * VsStatus:
 * @VS_STATUS_SAME: on both sides.
 * @VS_STATUS_ADDED: only after.
 * @VS_STATUS_REMOVED: only before.
 *
 * Whether an entry of a comparison is on both sides or on one.
 */
typedef enum {
  VS_STATUS_SAME = 0,
  VS_STATUS_ADDED,
  VS_STATUS_REMOVED,
} VsStatus;

/**
 * vs_status_name:
 * @status: a status.
 *
 * The name of a status in comparison reports.
 *
 * Returns: (transfer none) (nullable): "same", "added", "removed"; NULL outside the enum.
 */
VS_API const char *vs_status_name(VsStatus status);

/**
 * VsFigure:
 * @VS_FIGURE_TOTAL_REVENUE: the customers' revenue.
 * @VS_FIGURE_REVENUE_AT_RISK: total revenue at risk.
 * @VS_FIGURE_UNITS: units, customers included.
 * @VS_FIGURE_HANDOFFS: handoffs.
 * @VS_FIGURE_FLAGGED: teams and suppliers with at least one flag.
 * @VS_FIGURE_TOTAL_COST: total charged cost (SPEC 7).
 * @VS_FIGURE_COST_TO_SERVE: the customers' cost to serve.
 * @VS_FIGURE_STRANDED_COST: cost that reaches no customer.
 *
 * The summary figures of a comparison, in the order of its JSON.
 */
typedef enum {
  VS_FIGURE_TOTAL_REVENUE = 0,
  VS_FIGURE_REVENUE_AT_RISK,
  VS_FIGURE_TOTAL_COST,
  VS_FIGURE_COST_TO_SERVE,
  VS_FIGURE_STRANDED_COST,
  VS_FIGURE_UNITS,
  VS_FIGURE_HANDOFFS,
  VS_FIGURE_FLAGGED,
} VsFigure;
/**
 * VS_N_FIGURES:
 *
 * The number of #VsFigure values.
 */
#define VS_N_FIGURES 8

/**
 * vs_figure_name:
 * @figure: a summary figure.
 *
 * The name of a figure in comparison reports.
 *
 * Returns: (transfer none) (nullable): the figure's JSON name; NULL outside the enum.
 */
VS_API const char *vs_figure_name(VsFigure figure);

/**
 * VsValue:
 * @VS_VALUE_QUALITY: received quality (customers and units).
 * @VS_VALUE_FIX_VALUE: fix value (units).
 * @VS_VALUE_SERVICE_SCORE: service score, NAN when unrated (units).
 * @VS_VALUE_LOADED_COST: loaded cost, NAN outside Rc (units).
 * @VS_VALUE_EXPOSURE: exposure (units).
 * @VS_VALUE_REVENUE_AT_RISK: revenue at risk (customers).
 * @VS_VALUE_COST_TO_SERVE: cost to serve (customers).
 * @VS_VALUE_MARGIN: margin (customers).
 *
 * The compared values of customers and units.
 */
typedef enum {
  VS_VALUE_QUALITY = 0,
  VS_VALUE_FIX_VALUE,
  VS_VALUE_SERVICE_SCORE,
  VS_VALUE_LOADED_COST,
  VS_VALUE_EXPOSURE,
  VS_VALUE_REVENUE_AT_RISK,
  VS_VALUE_COST_TO_SERVE,
  VS_VALUE_MARGIN,
} VsValue;
/**
 * VS_N_VALUES:
 *
 * The number of #VsValue values.
 */
#define VS_N_VALUES 8

/**
 * vs_value_name:
 * @value: a compared value.
 *
 * The name of a value in comparison reports.
 *
 * Returns: (transfer none) (nullable): the value's JSON name; NULL outside the enum.
 */
VS_API const char *vs_value_name(VsValue value);

/**
 * VsCompared:
 * @VS_COMPARED_CUSTOMERS: every customer of either side.
 * @VS_COMPARED_UNITS: the teams and suppliers added, removed or changed.
 * @VS_COMPARED_HANDOFFS_ADDED: handoffs only after.
 * @VS_COMPARED_HANDOFFS_REMOVED: handoffs only before.
 * @VS_COMPARED_HANDOFFS_RESCORED: matched handoffs whose score in effect
 *   changed.
 *
 * The lists of a comparison (SPEC 10), each in the SPEC's order.
 */
typedef enum {
  VS_COMPARED_CUSTOMERS = 0,
  VS_COMPARED_UNITS,
  VS_COMPARED_HANDOFFS_ADDED,
  VS_COMPARED_HANDOFFS_REMOVED,
  VS_COMPARED_HANDOFFS_RESCORED,
} VsCompared;
/**
 * VS_N_COMPARED:
 *
 * The number of #VsCompared lists.
 */
#define VS_N_COMPARED 5

/**
 * VsComparison:
 *
 * Two analyses compared (SPEC 10): a scenario against its baseline, or
 * two snapshots. It borrows both analyses: they must outlive it.
 * Read-only once made.
 */
typedef struct VsComparison VsComparison;

/**
 * vs_comparison_new:
 * @before: the baseline (the older snapshot).
 * @after: the changed organisation (the newer snapshot).
 * @error: return location for a VS_ERROR_INVALID error: the two were
 *   analysed with different options (other than as_of).
 *
 * Compares @after with @before: units by id, handoffs by (from, to,
 * deliverable), parallel ones with one key in input order. A value
 * changed when exactly one side is null or the two differ by more than
 * 1e-9 * max(1, |before|, |after|, T), T the larger total revenue for
 * amounts of revenue (fix value, exposure, revenue at risk), the larger
 * total cost for loaded cost, 0 otherwise. A team that became a customer
 * is a unit removed and a customer added.
 *
 * Returns: (transfer full) (nullable): the comparison, NULL on error.
 */
VS_API VsComparison *vs_comparison_new(const VsAnalysis *before, const VsAnalysis *after,
                                       GError **error);

/**
 * vs_comparison_free:
 * @comparison: (nullable) (transfer full): the comparison.
 *
 * Releases @comparison (not the analyses it borrows).
 */
VS_API void vs_comparison_free(VsComparison *comparison);

/**
 * vs_comparison_get_before:
 * @comparison: the comparison.
 *
 * The analysis compared against.
 *
 * Returns: (transfer none): the baseline analysis.
 */
VS_API const VsAnalysis *vs_comparison_get_before(const VsComparison *comparison);
/**
 * vs_comparison_get_after:
 * @comparison: the comparison.
 *
 * The analysis compared.
 *
 * Returns: (transfer none): the changed analysis; the comparison's warnings are its.
 */
VS_API const VsAnalysis *vs_comparison_get_after(const VsComparison *comparison);

/**
 * vs_comparison_get_figure:
 * @comparison: the comparison.
 * @figure: which summary figure.
 * @before: (out) (optional): its value before.
 * @after: (out) (optional): its value after.
 *
 * One summary figure on both sides.
 *
 * Returns: TRUE when it changed; FALSE for an unknown @figure (outputs NAN).
 */
VS_API gboolean vs_comparison_get_figure(const VsComparison *comparison, VsFigure figure,
                                         double *before, double *after);

/**
 * vs_comparison_get_n:
 * @comparison: the comparison.
 * @which: the list.
 *
 * Counts the entries of one list of the comparison.
 *
 * Returns: the length of list @which (0 for an unknown one).
 */
VS_API gsize vs_comparison_get_n(const VsComparison *comparison, VsCompared which);

/**
 * vs_comparison_get_rows:
 * @comparison: the comparison.
 * @which: the list.
 * @after: FALSE for the before side, TRUE for the after side.
 * @n: (out) (optional): the list's length.
 *
 * For each entry of list @which, the index of its unit (customers, units)
 * or handoff (the handoff lists) in that side's org, -1 when the entry is
 * not on that side.
 *
 * Returns: (transfer none) (nullable): a flat array, valid while
 * @comparison lives; NULL for an unknown @which or an empty list.
 */
VS_API const gint32 *vs_comparison_get_rows(const VsComparison *comparison, VsCompared which,
                                            gboolean after, gsize *n);

/**
 * vs_comparison_get_statuses:
 * @comparison: the comparison.
 * @which: VS_COMPARED_CUSTOMERS or VS_COMPARED_UNITS.
 * @n: (out) (optional): the list's length.
 *
 * Whether each customer or unit of a list is on both sides or one.
 *
 * Returns: (transfer none) (nullable): each entry's VsStatus, NULL for
 * another @which or an empty list.
 */
VS_API const guint8 *vs_comparison_get_statuses(const VsComparison *comparison, VsCompared which,
                                                gsize *n);

/**
 * vs_comparison_get_values:
 * @comparison: the comparison.
 * @which: VS_COMPARED_CUSTOMERS or VS_COMPARED_UNITS.
 * @value: which value (of those SPEC 10 lists for @which; the others are
 *   all NAN).
 * @after: FALSE for the before side, TRUE for the after side.
 * @n: (out) (optional): the list's length.
 *
 * One compared value of each customer or unit of a list, on one side.
 *
 * Returns: (transfer none) (nullable): the value of each entry, NAN where
 * null or missing; NULL for another @which, an unknown @value or an empty
 * list.
 */
VS_API const double *vs_comparison_get_values(const VsComparison *comparison, VsCompared which,
                                              VsValue value, gboolean after, gsize *n);

/**
 * vs_comparison_get_unit_reaches:
 * @comparison: the comparison.
 * @after: FALSE for the before side, TRUE for the after side.
 * @n: (out) (optional): the length of VS_COMPARED_UNITS.
 *
 * Line of sight of each compared unit, on one side.
 *
 * Returns: (transfer none) (nullable): per entry of VS_COMPARED_UNITS,
 * whether it reaches a customer: 1, 0, or -1 when not on that side.
 */
VS_API const gint8 *vs_comparison_get_unit_reaches(const VsComparison *comparison, gboolean after,
                                                   gsize *n);

/**
 * vs_comparison_get_unit_flags:
 * @comparison: the comparison.
 * @added: TRUE for the flags added, FALSE for those removed.
 * @n: (out) (optional): the length of VS_COMPARED_UNITS.
 *
 * The flags each compared unit gained or lost.
 *
 * Returns: (transfer none) (nullable): per entry of VS_COMPARED_UNITS, a
 * VsFlag bit set (0 for a unit added or removed).
 */
VS_API const guint32 *vs_comparison_get_unit_flags(const VsComparison *comparison, gboolean added,
                                                   gsize *n);

/**
 * vs_comparison_get_scores:
 * @comparison: the comparison.
 * @after: FALSE for the before side, TRUE for the after side.
 * @n: (out) (optional): the length of VS_COMPARED_HANDOFFS_RESCORED.
 *
 * The scores of the rescored handoffs, on one side.
 *
 * Returns: (transfer none) (nullable): the score in effect of each
 * rescored handoff, NAN = unrated.
 */
VS_API const double *vs_comparison_get_scores(const VsComparison *comparison, gboolean after,
                                              gsize *n);

/**
 * vs_comparison_value_changed:
 * @before: a value before (NAN = null).
 * @after: the value after (NAN = null).
 * @scale: T of SPEC 10's rule: the larger total revenue or total cost for
 *   amounts of them, 0 otherwise.
 *
 * The rule by which a comparison decides that a value changed; reports use it too.
 *
 * Returns: whether the value changed under SPEC 10's rule.
 */
VS_API gboolean vs_comparison_value_changed(double before, double after, double scale);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsComparison, vs_comparison_free)

/* ---- the improvement plan (SPEC 9) -------------------------------------- */

/**
 * VS_PLAN_OPTIONS_VERSION:
 *
 * The layout of VsPlanOptions this header declares.
 */
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

/**
 * VS_PLAN_OPTIONS_INIT:
 *
 * The SPEC defaults, 5 steps to target 1.
 */
#define VS_PLAN_OPTIONS_INIT                                                                       \
  {                                                                                                \
    VS_PLAN_OPTIONS_VERSION, 5, 1.0                                                                \
  }

/**
 * vs_plan_options_check:
 * @options: the options.
 * @error: return location for a VS_ERROR_INVALID error naming the field.
 *
 * Checks plan options before they are used.
 *
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
 *
 * Returns: (transfer full) (nullable): the plan (free with
 * vs_plan_free()), NULL on error.
 */
VS_API VsPlan *vs_plan_new(const VsAnalysis *analysis, const VsPlanOptions *options,
                           GError **error);

/**
 * vs_plan_free:
 * @plan: (nullable) (transfer full): the plan.
 *
 * Releases @plan.
 */
VS_API void vs_plan_free(VsPlan *plan);

/**
 * vs_plan_get_org:
 * @plan: the improvement plan.
 *
 * The organisation the plan is about.
 *
 * Returns: (transfer none): the organisation the plan's unit indices refer
 * to (the analysis's), valid while @plan lives.
 */
VS_API const VsOrg *vs_plan_get_org(const VsPlan *plan);

/**
 * vs_plan_get_target:
 * @plan: the improvement plan.
 *
 * The target score the plan raises handoffs to.
 *
 * Returns: the target score, NAN when @plan is NULL.
 */
VS_API double vs_plan_get_target(const VsPlan *plan);

/**
 * vs_plan_get_revenue_at_risk:
 * @plan: the improvement plan.
 *
 * The starting point of the plan.
 *
 * Returns: the total revenue at risk before the first step (the
 * analysis's), NAN when @plan is NULL.
 */
VS_API double vs_plan_get_revenue_at_risk(const VsPlan *plan);

/**
 * vs_plan_get_n_steps:
 * @plan: the improvement plan.
 *
 * Counts the plan's steps (at most the options' steps; fewer when no fix gains anything).
 *
 * Returns: the number of steps taken (0 for NULL).
 */
VS_API gsize vs_plan_get_n_steps(const VsPlan *plan);

/**
 * vs_plan_get_units:
 * @plan: the improvement plan.
 * @n: (out) (optional): the number of steps.
 *
 * The units to fix, in order.
 *
 * Returns: (transfer none) (array length=n): per step, the index of the
 * unit fixed; NULL when @plan is NULL (then *@n is 0).
 */
VS_API const guint32 *vs_plan_get_units(const VsPlan *plan, gsize *n);

/**
 * vs_plan_get_unit_id:
 * @plan: the improvement plan.
 * @step: 0 .. n_steps - 1.
 *
 * The id of the unit fixed at one step; it lives as long as @plan.
 *
 * Returns: (transfer none): the id of the unit fixed at @step, NULL when
 * out of range.
 */
VS_API const char *vs_plan_get_unit_id(const VsPlan *plan, gsize step);

/**
 * vs_plan_get_gains:
 * @plan: the improvement plan.
 * @n: (out) (optional): the number of steps.
 *
 * What each step gains.
 *
 * Returns: (transfer none) (array length=n): per step, the fall in total
 * revenue at risk its fix brings.
 */
VS_API const double *vs_plan_get_gains(const VsPlan *plan, gsize *n);

/**
 * vs_plan_get_revenues_at_risk:
 * @plan: the improvement plan.
 * @n: (out) (optional): the number of steps.
 *
 * What is left at risk after each step.
 *
 * Returns: (transfer none) (array length=n): per step, the total revenue
 * at risk after it (re-solved, not the start minus the gains).
 */
VS_API const double *vs_plan_get_revenues_at_risk(const VsPlan *plan, gsize *n);

/**
 * vs_plan_get_removed_shares:
 * @plan: the improvement plan.
 * @n: (out) (optional): the number of steps.
 *
 * How much of the starting risk the plan has removed after each step.
 *
 * Returns: (transfer none) (array length=n): per step, the share of the
 * starting revenue at risk removed so far (cumulative, 0..1).
 */
VS_API const double *vs_plan_get_removed_shares(const VsPlan *plan, gsize *n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsPlan, vs_plan_free)

G_END_DECLS

#endif /* VALUESTREAM_DECIDE_H */
