/* valuestream - mining the handoff graph from event logs (process
 * mining's "handover of work").
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_MINE_H
#define VALUESTREAM_MINE_H

#include <valuestream/common.h>
#include <valuestream/org.h>

G_BEGIN_DECLS

/**
 * SECTION:mine
 * @title: Mining event logs
 * @short_description: the handoff graph from ticket and workflow histories
 *
 * Most organisations have no hand-drawn handoff graph, but they do have
 * ticket and workflow histories. An event log has one event per row (CSV)
 * or per `<event>` (XES, IEEE 1849): the case it belongs to, when it
 * happened, and who did it (a team, or a person whom a people map places in
 * a team). Within each case, in time order, every change of team from a to
 * b is a handoff a -> b; the last team of a case hands off to the case's
 * customer when the log names one. lib/MODEL.md, "Mining handoffs from
 * event logs", defines every figure below and sets them beside ProM's and
 * PM4Py's handover-of-work metrics.
 *
 * Logs are read as a stream (CSV record by record, XES with GMarkup), gzip
 * compressed or not (detected by content), never whole. A log whose rows
 * are grouped by case is mined in one pass that keeps the open case, a
 * 16-byte fingerprint per closed case, 8 bytes per transfer (its lead
 * time, for exact medians) and the team pairs; otherwise the miner notices
 * the first case that comes back and starts over, also keeping 20 bytes
 * per event.
 */

/**
 * VsMineFormat:
 * @VS_MINE_FORMAT_AUTO: by the file name (`.xes`, `.xes.gz`, `.csv`,
 *   `.csv.gz`), else by content (XES starts with '<').
 * @VS_MINE_FORMAT_CSV: RFC 4180 CSV with a header row.
 * @VS_MINE_FORMAT_XES: XES XML.
 *
 * The format of an event log.
 */
typedef enum {
  VS_MINE_FORMAT_AUTO = 0,
  VS_MINE_FORMAT_CSV,
  VS_MINE_FORMAT_XES,
} VsMineFormat;

/**
 * VsMineRevenue:
 * @VS_MINE_REVENUE_SUM: the revenue column is the revenue of each case; a
 *   customer's revenue is the sum over its cases.
 * @VS_MINE_REVENUE_GIVEN: the revenue column is the customer's revenue per
 *   period, repeated on its cases; every case of a customer must give the
 *   same value.
 *
 * How the revenue column of an event log is read.
 */
typedef enum {
  VS_MINE_REVENUE_SUM = 0,
  VS_MINE_REVENUE_GIVEN,
} VsMineRevenue;

/**
 * VsMineNormalise:
 * @VS_MINE_NORMALISE_NONE: no normalised figure (VS_MINE_PM4PY_VALUE is NAN).
 * @VS_MINE_NORMALISE_PM4PY: PM4Py's handover-of-work value: each team
 *   pair's weight over the sum of the weights of all team pairs, self pairs
 *   included (customer pairs are not PM4Py's and stay NAN). It is PM4Py's
 *   number only when the counting is PM4Py's, so vs_mine_options_check()
 *   requires @self_handovers, not @once_per_case, and @depth 1 (PM4Py's
 *   beta 0) or 0 (its beta > 0, with the same @beta).
 *
 * Which normalised figure vs_mine_result_get_column(VS_MINE_PM4PY_VALUE)
 * holds.
 */
typedef enum {
  VS_MINE_NORMALISE_NONE = 0,
  VS_MINE_NORMALISE_PM4PY,
} VsMineNormalise;

/**
 * VS_MINE_OPTIONS_VERSION:
 *
 * the current layout of VsMineOptions. Version 1
 * ends at @quality; version 2 adds @normalise. A caller built against
 * version 1 keeps working: @normalise takes its default.
 */
#define VS_MINE_OPTIONS_VERSION 2

/**
 * VsMineOptions:
 * @version: VS_MINE_OPTIONS_VERSION.
 * @format: how to read the log.
 * @case_column: the case id. Required.
 * @group_column: (nullable): the event's team; NULL or "" = not used.
 * @resource_column: (nullable): the person who did the event; NULL or "" =
 *   not used. At least one of @group_column and @resource_column must be
 *   in the log.
 * @timestamp_column: when the event happened, ISO 8601. Required.
 * @customer_column: (nullable): the case's customer; used when the log has
 *   it. Its last team hands off to it.
 * @revenue_column: (nullable): the case's (or its customer's) revenue;
 *   used when the log has it and @customer_column too.
 * @revenue: how to read @revenue_column.
 * @delimiter: CSV field separator (ASCII, not a quote or line break).
 * @people_map: (nullable): a CSV file with columns `resource` and `team`
 *   (an HR export) placing people in teams.
 * @depth: how far a handover reaches: 1 = direct succession only; k > 1
 *   also counts a hand over to b at distance 2..k with weight beta^(d-1);
 *   0 = no limit (PM4Py with beta > 0).
 * @beta: the fall factor of indirect handovers, 0..1.
 * @once_per_case: count a pair at most once per case (and per distance):
 *   ProM with "multiple transfers" off. Affects weights only; volumes
 *   always count every transfer.
 * @self_handovers: also count a -> a (two consecutive events of one team).
 *   Such pairs are reported (and listed in `self-handoffs.csv` by
 *   vs_mine_result_write_dir()) but never become handoffs of an org (the
 *   model has no self-handoffs).
 * @quality: score each handoff 1 - return rate: of its forward transfers
 *   (those not themselves going back the way the case came), the share
 *   the receiver handed straight back to the provider (lib/MODEL.md).
 * @normalise: a normalised figure per pair beside the raw weight
 *   (version 2).
 *
 * In XES a column named `case:KEY` is the trace attribute KEY, any other
 * name an event attribute: the defaults read `concept:name` of the trace,
 * `org:group`, `org:resource` and `time:timestamp` of each event, and the
 * trace attributes `customer` and `revenue`.
 */
typedef struct {
  guint version;
  VsMineFormat format;
  const char *case_column;
  const char *group_column;
  const char *resource_column;
  const char *timestamp_column;
  const char *customer_column;
  const char *revenue_column;
  VsMineRevenue revenue;
  char delimiter;
  const char *people_map;
  guint depth;
  double beta;
  gboolean once_per_case;
  gboolean self_handovers;
  gboolean quality;
  /* version 2 */
  VsMineNormalise normalise;
} VsMineOptions;

/**
 * VS_MINE_OPTIONS_INIT:
 *
 * The process-mining column names, direct handovers counted every time,
 * no self-handovers, no quality proxy, no normalised figure; beta 0.5 for
 * when depth is raised.
 */
#define VS_MINE_OPTIONS_INIT                                                                       \
  {                                                                                                \
    VS_MINE_OPTIONS_VERSION, VS_MINE_FORMAT_AUTO, "case:concept:name", "org:group",                \
        "org:resource", "time:timestamp", "case:customer", "case:revenue", VS_MINE_REVENUE_SUM,    \
        ',', NULL, 1, 0.5, FALSE, FALSE, FALSE, VS_MINE_NORMALISE_NONE                             \
  }

/**
 * vs_mine_options_check:
 * @options: the options.
 * @error: return location for a VS_ERROR_INVALID error naming the option.
 *
 * Checks mining options before they are used.
 *
 * Returns: TRUE when the options are usable (vs_mine_file() checks too).
 */
VS_API gboolean vs_mine_options_check(const VsMineOptions *options, GError **error);

/**
 * VsMineResult:
 *
 * What a log yields: the units (teams and customers) in order of first
 * appearance, the pairs (from, to) with their figures, and counts about
 * the log. Immutable; any number of threads may read it.
 */
typedef struct VsMineResult VsMineResult;

/**
 * vs_mine_file:
 * @path: a CSV or XES log, optionally gzip-compressed.
 * @options: (nullable): NULL means VS_MINE_OPTIONS_INIT.
 * @error: return location for an error: VS_ERROR_IO (cannot read),
 *   VS_ERROR_PARSE (`log.csv:17: field "time:timestamp": "13/01/2024" is not
 *   an ISO 8601 timestamp`, bad XML, a truncated gzip stream, a missing
 *   column), VS_ERROR_INVALID (bad options, a unit that is both a team and a
 *   customer, a case naming two customers), VS_ERROR_LIMIT.
 *
 * Mines the handoffs of the log at @path. All or nothing.
 *
 * Returns: (transfer full) (nullable): the result, NULL on error.
 */
VS_API VsMineResult *vs_mine_file(const char *path, const VsMineOptions *options, GError **error);

/**
 * vs_mine_data:
 * @data: the log's bytes (CSV or XES, optionally gzip-compressed); they
 *   must stay unchanged during the call.
 * @len: their length.
 * @name: (nullable): what messages call the input (default `"<log>"`); its
 *   extension also picks the format under VS_MINE_FORMAT_AUTO.
 * @options: (nullable): NULL means VS_MINE_OPTIONS_INIT.
 * @error: return location for an error, as vs_mine_file().
 *
 * Like vs_mine_file(), from memory.
 *
 * Returns: (transfer full) (nullable): the result, NULL on error.
 */
VS_API VsMineResult *vs_mine_data(const char *data, gsize len, const char *name,
                                  const VsMineOptions *options, GError **error);

/**
 * vs_mine_result_free:
 * @result: (nullable) (transfer full): the result.
 *
 * Releases @result.
 */
VS_API void vs_mine_result_free(VsMineResult *result);

/**
 * VsMineCount:
 * @VS_MINE_EVENTS: events read.
 * @VS_MINE_EVENTS_SKIPPED: events without a team, skipped (those of
 *   unmapped people included).
 * @VS_MINE_EVENTS_UNMAPPED: events of people missing from the people map.
 * @VS_MINE_CASES: distinct cases.
 * @VS_MINE_CASES_WITH_HANDOFFS: cases with at least one transfer between
 *   two different teams.
 * @VS_MINE_TRANSFERS: direct transfers between two different teams (the
 *   sum of their pairs' volumes).
 * @VS_MINE_CUSTOMER_TRANSFERS: cases handed to their customer.
 * @VS_MINE_TEAMS: units that did work in the log.
 * @VS_MINE_CUSTOMERS: customers named by cases.
 * @VS_MINE_PAIRS: pairs (from, to) reported, self pairs included.
 * @VS_MINE_UNMAPPED_PEOPLE: distinct people missing from the people map.
 * @VS_MINE_SORTED_BY_CASE: 1 when the log was grouped by case and mined in
 *   one pass, 0 when it had to be grouped in memory.
 *
 * The counts vs_mine_result_get_count() reports.
 */
typedef enum {
  VS_MINE_EVENTS = 0,
  VS_MINE_EVENTS_SKIPPED,
  VS_MINE_EVENTS_UNMAPPED,
  VS_MINE_CASES,
  VS_MINE_CASES_WITH_HANDOFFS,
  VS_MINE_TRANSFERS,
  VS_MINE_CUSTOMER_TRANSFERS,
  VS_MINE_TEAMS,
  VS_MINE_CUSTOMERS,
  VS_MINE_PAIRS,
  VS_MINE_UNMAPPED_PEOPLE,
  VS_MINE_SORTED_BY_CASE,
} VsMineCount;

/**
 * vs_mine_result_get_count:
 * @result: the result.
 * @what: which count.
 *
 * A count about the mined log.
 *
 * Returns: the count; 0 for an unknown @what.
 */
VS_API guint64 vs_mine_result_get_count(const VsMineResult *result, VsMineCount what);

/**
 * vs_mine_result_get_lead_time_quantile:
 * @result: the result.
 * @q: the quantile, 0..1 (0.5 = median, 0.9 = p90).
 *
 * Over every direct transfer between two different teams: the lead time
 * in days at quantile @q, interpolated linearly between order statistics
 * (SQL's percentile_cont).
 *
 * Returns: the lead time, NAN when there is no transfer or @q is outside 0..1.
 */
VS_API double vs_mine_result_get_lead_time_quantile(const VsMineResult *result, double q);

/**
 * vs_mine_result_get_n_units:
 * @result: the mining result.
 *
 * Counts the mined units: teams and customers, in order of first appearance.
 *
 * Returns: the number of mined units.
 */
VS_API gsize vs_mine_result_get_n_units(const VsMineResult *result);
/**
 * vs_mine_result_get_unit_id:
 * @result: the mining result.
 * @unit: a unit index, < vs_mine_result_get_n_units().
 *
 * Reads a mined unit's id; it lives as long as @result.
 *
 * Returns: (transfer none): unit @unit's id.
 */
VS_API const char *vs_mine_result_get_unit_id(const VsMineResult *result, gsize unit);
/**
 * vs_mine_result_get_unit_kind:
 * @result: the mining result.
 * @unit: a unit index, < vs_mine_result_get_n_units().
 *
 * Whether a mined unit is a team or a customer.
 *
 * Returns: VS_KIND_TEAM or VS_KIND_CUSTOMER.
 */
VS_API VsKind vs_mine_result_get_unit_kind(const VsMineResult *result, gsize unit);
/**
 * vs_mine_result_get_unit_revenue:
 * @result: the mining result.
 * @unit: a unit index, < vs_mine_result_get_n_units().
 *
 * Reads a mined customer's revenue.
 *
 * Returns: a customer's revenue from the revenue column, NAN when none was
 * given (and for teams).
 */
VS_API double vs_mine_result_get_unit_revenue(const VsMineResult *result, gsize unit);
/**
 * vs_mine_result_get_unit_own_share:
 * @result: the mining result.
 * @unit: a unit index, < vs_mine_result_get_n_units().
 *
 * Reads a mined team's own share.
 *
 * Returns: for a team that receives work, the share of its turns that
 * start a case (work it takes in from outside rather than from another
 * team); NAN for customers and for teams that receive nothing.
 */
VS_API double vs_mine_result_get_unit_own_share(const VsMineResult *result, gsize unit);

/**
 * vs_mine_result_get_pairs:
 * @result: the result.
 * @from: (out) (transfer none) (nullable): providing unit of each pair.
 * @to: (out) (transfer none) (nullable): receiving unit of each pair.
 *
 * The pairs as two flat arrays of unit indices, in order of first
 * appearance. They live as long as @result.
 *
 * Returns: the number of pairs.
 */
VS_API gsize vs_mine_result_get_pairs(const VsMineResult *result, const guint32 **from,
                                      const guint32 **to);

/**
 * VsMineColumn:
 * @VS_MINE_VOLUME: direct transfers (customer pairs: cases).
 * @VS_MINE_WEIGHT: the handover-of-work weight (ProM's numerator): the
 *   volume with the default options.
 * @VS_MINE_LEAD_TIME: median lead time in days from the provider's last
 *   event to the receiver's first; NAN for customers and indirect-only pairs.
 * @VS_MINE_LEAD_TIME_P90: the 90th percentile of the same.
 * @VS_MINE_SCORE: with the quality option, 1 - the share of forward
 *   transfers that were returned; NAN otherwise, for customers, and when
 *   no transfer was forward.
 * @VS_MINE_CASES_COLUMN: cases with at least one direct transfer.
 * @VS_MINE_RETURNS: forward transfers the receiver handed straight back.
 * @VS_MINE_PM4PY_VALUE: with VS_MINE_NORMALISE_PM4PY, PM4Py's value of
 *   each team pair, self pairs included (they sum to 1); NAN otherwise and
 *   for customer pairs. Since 2 (VS_MINE_OPTIONS_VERSION).
 *
 * Per-pair figures, vs_mine_result_get_column().
 */
typedef enum {
  VS_MINE_VOLUME = 0,
  VS_MINE_WEIGHT,
  VS_MINE_LEAD_TIME,
  VS_MINE_LEAD_TIME_P90,
  VS_MINE_SCORE,
  VS_MINE_CASES_COLUMN,
  VS_MINE_RETURNS,
  VS_MINE_PM4PY_VALUE,
} VsMineColumn;

/**
 * vs_mine_result_get_column:
 * @result: the result.
 * @column: which figure.
 * @n: (out) (optional): the number of pairs.
 *
 * One figure of every mined pair, in one array.
 *
 * Returns: (transfer none) (array length=n): the figure of every pair,
 * indexed like vs_mine_result_get_pairs(); NULL for an unknown @column.
 */
VS_API const double *vs_mine_result_get_column(const VsMineResult *result, VsMineColumn column,
                                               gsize *n);

/**
 * vs_mine_result_get_n_unmapped:
 * @result: the mining result.
 *
 * Counts the people of the log that the people map does not place in a team.
 *
 * Returns: how many people the people map lacks.
 */
VS_API gsize vs_mine_result_get_n_unmapped(const VsMineResult *result);

/**
 * vs_mine_result_get_unmapped:
 * @result: the result.
 * @index: < vs_mine_result_get_n_unmapped(); most events first.
 * @events: (out) (optional): how many events that person has.
 *
 * Reads one person missing from the people map.
 *
 * Returns: (transfer none): the person's name as the log gives it.
 */
VS_API const char *vs_mine_result_get_unmapped(const VsMineResult *result, gsize index,
                                               guint64 *events);

/**
 * vs_mine_result_to_org:
 * @result: the result.
 * @units: (nullable): an org whose units' kinds, names, groups, revenue,
 *   own_share and headcount override the mined ones (a `units.csv`); its
 *   handoffs are ignored.
 * @error: return location for a VS_ERROR_INVALID error (a unit @units
 *   makes a customer hands work on, a closed loop, ...).
 *
 * The mined organisation: one unit per mined unit (kind team or customer
 * unless @units says otherwise), one handoff per pair between two
 * different units with its weight, volume, lead time and score. Teams get
 * their mined own_share, customers their mined revenue, unless @units
 * sets them. Self pairs, units of @units absent from the log, skipped
 * events and unmapped people are recorded as org notes, so every analysis
 * warns about them.
 *
 * Returns: (transfer full) (nullable): the org, NULL on error.
 */
VS_API VsOrg *vs_mine_result_to_org(const VsMineResult *result, const VsOrg *units, GError **error);

/**
 * vs_mine_result_write_dir:
 * @result: the result.
 * @units: (nullable): as vs_mine_result_to_org().
 * @dir: the org directory to create or replace.
 * @error: return location for an error.
 *
 * Writes the org of vs_mine_result_to_org() as `units.csv` and
 * `handoffs.csv` (which vs_load() reads; handoffs.csv also carries the
 * columns `cases`, `returns` and `lead_time_p90_days`, and with
 * VS_MINE_NORMALISE_PM4PY `pm4py_value`, which loaders ignore). When self
 * handovers were counted, `self-handoffs.csv` lists the self pairs, which
 * an org cannot hold: `from,to,weight,volume,cases,lead_time_days,
 * lead_time_p90_days` (and `pm4py_value`), one row a pair, header only
 * when there is none; vs_load() does not read it. Atomic: the files go to
 * a temporary directory next to @dir that then replaces it, so @dir is
 * never half-written. An existing @dir is replaced only when it holds
 * nothing but those files (a previous output); otherwise VS_ERROR_IO and
 * nothing changes.
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_mine_result_write_dir(const VsMineResult *result, const VsOrg *units,
                                         const char *dir, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsMineResult, vs_mine_result_free)

G_END_DECLS

#endif /* VALUESTREAM_MINE_H */
