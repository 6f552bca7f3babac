/* valuestream - the organisation: units and the handoffs between them.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VALUESTREAM_ORG_H
#define VALUESTREAM_ORG_H

#include <math.h>

#include <valuestream/common.h>

G_BEGIN_DECLS

/**
 * SECTION:org
 * @title: Organisations
 * @short_description: units, the handoffs between them, and internal-customer survey answers
 *
 * A #VsOrg is a directed graph: units (teams, suppliers and customers) are its
 * vertices, handoffs its edges from a provider to its internal customer. Build one
 * with vs_org_new(), vs_org_add_unit(), vs_org_add_handoff() and
 * vs_org_add_survey_response(), or read one with a loader (vs_load()) or from an
 * event log (vs_mine_file()). Units and handoffs are numbered in the order they are
 * added; every array of an analysis is indexed by those numbers.
 *
 * Optional attributes are passed in structs that start from their `_INIT` macro;
 * NAN means "not given" throughout.
 */

/**
 * VsKind:
 * @VS_KIND_TEAM: an internal team.
 * @VS_KIND_SUPPLIER: an external provider or outsourced vendor.
 * @VS_KIND_CUSTOMER: a paying external customer or customer segment.
 *
 * What a unit of an organisation is.
 */
typedef enum {
  VS_KIND_TEAM = 0,
  VS_KIND_SUPPLIER = 1,
  VS_KIND_CUSTOMER = 2,
} VsKind;

/**
 * vs_kind_name:
 * @kind: a kind of unit.
 *
 * The name of @kind in files and reports.
 *
 * Returns: (transfer none) (nullable): "team", "supplier" or "customer";
 * NULL for a value outside the enum.
 */
VS_API const char *vs_kind_name(VsKind kind);

/**
 * vs_kind_from_name:
 * @name: "team", "supplier" or "customer" (exact, lower case).
 * @kind: (out): the kind, when known.
 *
 * Parses the name of a kind, as vs_kind_name() gives it.
 *
 * Returns: TRUE when @name is a kind.
 */
VS_API gboolean vs_kind_from_name(const char *name, VsKind *kind);

/**
 * VsUnitAttrs:
 * @name: (nullable): display name; NULL means the id.
 * @group: (nullable): department; NULL or "" means none.
 * @revenue: revenue per period (customers only, >= 0); NAN = unset (0).
 * @own_share: the part of its output the unit creates itself, 0..1;
 *   NAN = unset (0). Ignored for customers (SPEC 4.1).
 * @headcount: people in the unit, >= 0; NAN = unset.
 * @cost: cost per period of a team or supplier, >= 0; NAN = unset (0).
 *   Ignored, with a note, for customers (SPEC section 7).
 *
 * Optional attributes of a unit. Start from VS_UNIT_ATTRS_INIT so that
 * every field you do not set is unset. NAN is the library's "absent"; an
 * infinite value is rejected. Fields are only ever added at the end: a
 * caller that initialises the struct by position and predates a field
 * gets 0 in it, which for @cost is its default.
 */
typedef struct {
  const char *name;
  const char *group;
  double revenue;
  double own_share;
  double headcount;
  double cost;
} VsUnitAttrs;

/**
 * VS_UNIT_ATTRS_INIT:
 *
 * Every attribute unset.
 */
#define VS_UNIT_ATTRS_INIT                                                                         \
  {                                                                                                \
    NULL, NULL, NAN, NAN, NAN, NAN                                                                 \
  }

/**
 * VsHandoffAttrs:
 * @deliverable: (nullable): what is handed over; NULL or "" means none.
 * @weight: relative importance to the receiver, > 0; NAN = default 1.
 * @score: how complete and accurate the receiver rates it, 0..1;
 *   NAN = unrated (survey scores may fill it in, SPEC 4.5).
 * @volume: items per period, >= 0; NAN = unset.
 * @lead_time_days: >= 0; NAN = unset.
 *
 * Optional attributes of a handoff; start from VS_HANDOFF_ATTRS_INIT.
 */
typedef struct {
  const char *deliverable;
  double weight;
  double score;
  double volume;
  double lead_time_days;
} VsHandoffAttrs;

/**
 * VS_HANDOFF_ATTRS_INIT:
 *
 * Every attribute unset.
 */
#define VS_HANDOFF_ATTRS_INIT                                                                      \
  {                                                                                                \
    NULL, NAN, NAN, NAN, NAN                                                                       \
  }

/**
 * VsSurveyResponse:
 * @period: sortable period label ("2026-Q3", "2026-09", an ISO date).
 * @respondent: id of the receiving unit (the internal customer).
 * @provider: id of the unit being rated.
 * @score: the rating, within scale_min..scale_max.
 * @scale_min: bottom of the scale; NAN = default 1.
 * @scale_max: top of the scale; NAN = default 5.
 *
 * One answer of an internal-customer survey; start from
 * VS_SURVEY_RESPONSE_INIT.
 */
typedef struct {
  const char *period;
  const char *respondent;
  const char *provider;
  double score;
  double scale_min;
  double scale_max;
} VsSurveyResponse;

/**
 * VS_SURVEY_RESPONSE_INIT:
 *
 * No period or units, score unset, scale 1..5.
 */
#define VS_SURVEY_RESPONSE_INIT                                                                    \
  {                                                                                                \
    NULL, NULL, NULL, NAN, NAN, NAN                                                                \
  }

/**
 * VsOrg:
 *
 * An organisation: units (vertices) and handoffs (directed edges from
 * provider to internal customer), plus internal-customer survey answers.
 * Units and handoffs are numbered 0, 1, ... in the order they are added;
 * those indices are what the analysis arrays are indexed by.
 *
 * An org only grows. Any number of threads may read or analyse one org at
 * the same time; adding to it while another thread reads it is a data race.
 * Analyses keep what they need alive, so an org may be freed while its
 * analyses are still in use.
 */
typedef struct VsOrg VsOrg;

/**
 * vs_org_new:
 *
 * Makes an organisation with no units, handoffs or survey answers.
 *
 * Returns: (transfer full): an empty organisation. Free with vs_org_free().
 */
VS_API VsOrg *vs_org_new(void);

/**
 * vs_org_free:
 * @org: (nullable) (transfer full): the organisation.
 *
 * Releases the caller's hold on @org. Analyses made from it stay valid.
 */
VS_API void vs_org_free(VsOrg *org);

/**
 * vs_org_add_unit:
 * @org: the organisation.
 * @id: unique, case-sensitive, non-empty UTF-8 without control characters.
 * @kind: the kind of unit.
 * @attrs: (nullable): optional attributes; NULL = all unset.
 * @error: return location for a VS_ERROR_INVALID error.
 *
 * Adds a unit. On error @org is unchanged and the message names the field
 * and the reason (`field "id": duplicate id "A"`), without file or line:
 * loaders prefix those.
 *
 * Returns: the new unit's index, or -1 on error.
 */
VS_API gssize vs_org_add_unit(VsOrg *org, const char *id, VsKind kind, const VsUnitAttrs *attrs,
                              GError **error);

/**
 * vs_org_add_handoff:
 * @org: the organisation.
 * @from: id of the providing unit (not a customer).
 * @to: id of the receiving unit (the internal customer), not @from.
 * @attrs: (nullable): optional attributes; NULL = all unset.
 * @error: return location for a VS_ERROR_INVALID error.
 *
 * Adds a handoff. Parallel handoffs between the same pair are allowed (for
 * different deliverables). On error @org is unchanged.
 *
 * Returns: the new handoff's index, or -1 on error.
 */
VS_API gssize vs_org_add_handoff(VsOrg *org, const char *from, const char *to,
                                 const VsHandoffAttrs *attrs, GError **error);

/**
 * vs_org_add_survey_response:
 * @org: the organisation.
 * @response: the answer; both units must exist.
 * @error: return location for a VS_ERROR_INVALID error.
 *
 * Adds one survey answer. On error @org is unchanged.
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_org_add_survey_response(VsOrg *org, const VsSurveyResponse *response,
                                           GError **error);

/**
 * vs_org_validate:
 * @org: the organisation.
 * @error: return location for a VS_ERROR_INVALID error.
 *
 * Checks the rules that concern the whole organisation rather than one
 * unit or handoff: today, that there is no closed loop (SPEC 4.1: a
 * strongly connected set of units that creates nothing itself and
 * receives nothing from outside). The message names the loop's units.
 * Loaders call this; vs_analysis_new() checks it too.
 *
 * Returns: TRUE when the organisation can be analysed.
 */
VS_API gboolean vs_org_validate(const VsOrg *org, GError **error);

/**
 * vs_org_get_n_units:
 * @org: the organisation.
 *
 * Counts @org's units; unit indices run from 0 to this count - 1.
 *
 * Returns: the number of units.
 */
VS_API gsize vs_org_get_n_units(const VsOrg *org);
/**
 * vs_org_get_n_handoffs:
 * @org: the organisation.
 *
 * Counts @org's handoffs; handoff indices run from 0 to this count - 1.
 *
 * Returns: the number of handoffs.
 */
VS_API gsize vs_org_get_n_handoffs(const VsOrg *org);
/**
 * vs_org_get_n_survey_responses:
 * @org: the organisation.
 *
 * Counts @org's survey answers.
 *
 * Returns: the number of survey answers.
 */
VS_API gsize vs_org_get_n_survey_responses(const VsOrg *org);
/**
 * vs_org_get_n_kind:
 * @org: the organisation.
 * @kind: the kind to count.
 *
 * Counts @org's units of one kind.
 *
 * Returns: how many units are of @kind.
 */
VS_API gsize vs_org_get_n_kind(const VsOrg *org, VsKind kind);

/**
 * vs_org_find_unit:
 * @org: the organisation.
 * @id: a unit id (case-sensitive).
 *
 * Looks a unit up by its id.
 *
 * Returns: the index of the unit with this exact @id, or -1.
 */
VS_API gssize vs_org_find_unit(const VsOrg *org, const char *id);

/* Unit accessors. @unit must be < vs_org_get_n_units(); strings are
 * (transfer none) and live as long as the org or any analysis of it. */

/**
 * vs_org_get_unit_id:
 * @org: the organisation.
 * @unit: a unit index, < vs_org_get_n_units().
 *
 * Reads an attribute of unit @unit. The string lives as long as the org or any analysis of it.
 *
 * Returns: (transfer none): the unit's id.
 */
VS_API const char *vs_org_get_unit_id(const VsOrg *org, gsize unit);
/**
 * vs_org_get_unit_name:
 * @org: the organisation.
 * @unit: a unit index, < vs_org_get_n_units().
 *
 * Reads an attribute of unit @unit. The string lives as long as the org or any analysis of it.
 *
 * Returns: (transfer none): the name (the id when none was given).
 */
VS_API const char *vs_org_get_unit_name(const VsOrg *org, gsize unit);
/**
 * vs_org_get_unit_group:
 * @org: the organisation.
 * @unit: a unit index, < vs_org_get_n_units().
 *
 * Reads an attribute of unit @unit. The string lives as long as the org or any analysis of it.
 *
 * Returns: (transfer none) (nullable): the group, NULL when none.
 */
VS_API const char *vs_org_get_unit_group(const VsOrg *org, gsize unit);
/**
 * vs_org_get_unit_kind:
 * @org: the organisation.
 * @unit: a unit index, < vs_org_get_n_units().
 *
 * Reads an attribute of unit @unit.
 *
 * Returns: the unit's kind.
 */
VS_API VsKind vs_org_get_unit_kind(const VsOrg *org, gsize unit);
/**
 * vs_org_get_unit_revenue:
 * @org: the organisation.
 * @unit: a unit index, < vs_org_get_n_units().
 *
 * Reads an attribute of unit @unit.
 *
 * Returns: the revenue (0 when unset or not a customer).
 */
VS_API double vs_org_get_unit_revenue(const VsOrg *org, gsize unit);
/**
 * vs_org_get_unit_own_share:
 * @org: the organisation.
 * @unit: a unit index, < vs_org_get_n_units().
 *
 * Reads an attribute of unit @unit.
 *
 * Returns: own_share as given, NAN when unset.
 */
VS_API double vs_org_get_unit_own_share(const VsOrg *org, gsize unit);
/**
 * vs_org_get_unit_headcount:
 * @org: the organisation.
 * @unit: a unit index, < vs_org_get_n_units().
 *
 * Reads an attribute of unit @unit.
 *
 * Returns: the headcount, NAN when unset.
 */
VS_API double vs_org_get_unit_headcount(const VsOrg *org, gsize unit);
/**
 * vs_org_get_unit_cost:
 * @org: the organisation.
 * @unit: a unit index, < vs_org_get_n_units().
 *
 * Reads an attribute of unit @unit.
 *
 * Returns: cost per period; 0 when unset and for customers.
 */
VS_API double vs_org_get_unit_cost(const VsOrg *org, gsize unit);

/* Handoff accessors. @handoff must be < vs_org_get_n_handoffs(). */

/**
 * vs_org_get_handoff_from:
 * @org: the organisation.
 * @handoff: a handoff index, < vs_org_get_n_handoffs().
 *
 * Reads an attribute of handoff @handoff.
 *
 * Returns: the index of the providing unit.
 */
VS_API gsize vs_org_get_handoff_from(const VsOrg *org, gsize handoff);
/**
 * vs_org_get_handoff_to:
 * @org: the organisation.
 * @handoff: a handoff index, < vs_org_get_n_handoffs().
 *
 * Reads an attribute of handoff @handoff.
 *
 * Returns: the index of the receiving unit.
 */
VS_API gsize vs_org_get_handoff_to(const VsOrg *org, gsize handoff);
/**
 * vs_org_get_handoff_deliverable:
 * @org: the organisation.
 * @handoff: a handoff index, < vs_org_get_n_handoffs().
 *
 * Reads an attribute of handoff @handoff. The string lives as long as the org or any analysis of
 * it.
 *
 * Returns: (transfer none) (nullable): the deliverable, NULL when none.
 */
VS_API const char *vs_org_get_handoff_deliverable(const VsOrg *org, gsize handoff);
/**
 * vs_org_get_handoff_weight:
 * @org: the organisation.
 * @handoff: a handoff index, < vs_org_get_n_handoffs().
 *
 * Reads an attribute of handoff @handoff.
 *
 * Returns: the weight (1 when unset).
 */
VS_API double vs_org_get_handoff_weight(const VsOrg *org, gsize handoff);
/**
 * vs_org_get_handoff_score:
 * @org: the organisation.
 * @handoff: a handoff index, < vs_org_get_n_handoffs().
 *
 * Reads an attribute of handoff @handoff.
 *
 * Returns: the score as given, NAN when unrated.
 */
VS_API double vs_org_get_handoff_score(const VsOrg *org, gsize handoff);
/**
 * vs_org_get_handoff_volume:
 * @org: the organisation.
 * @handoff: a handoff index, < vs_org_get_n_handoffs().
 *
 * Reads an attribute of handoff @handoff.
 *
 * Returns: the volume, NAN when unset.
 */
VS_API double vs_org_get_handoff_volume(const VsOrg *org, gsize handoff);
/**
 * vs_org_get_handoff_lead_time:
 * @org: the organisation.
 * @handoff: a handoff index, < vs_org_get_n_handoffs().
 *
 * Reads an attribute of handoff @handoff.
 *
 * Returns: lead time in days, NAN when unset.
 */
VS_API double vs_org_get_handoff_lead_time(const VsOrg *org, gsize handoff);

/**
 * vs_org_get_handoff_ends:
 * @org: the organisation.
 * @from: (out) (transfer none) (nullable): providing unit of each handoff.
 * @to: (out) (transfer none) (nullable): receiving unit of each handoff.
 *
 * The handoffs as two flat arrays of unit indices, for bulk readers such as
 * language bindings. They stay valid until the org is changed or freed.
 *
 * Returns: the number of handoffs (the arrays' length).
 */
VS_API gsize vs_org_get_handoff_ends(const VsOrg *org, const guint32 **from, const guint32 **to);

/**
 * vs_org_get_survey_response:
 * @org: the organisation.
 * @index: < vs_org_get_n_survey_responses().
 * @response: (out caller-allocates): filled with the answer; its strings
 *   are (transfer none).
 *
 * Reads one survey answer, in the order they were added.
 */
VS_API void vs_org_get_survey_response(const VsOrg *org, gsize index, VsSurveyResponse *response);

/**
 * vs_org_get_n_notes:
 * @org: the organisation.
 *
 * Remarks made while building the org that change no number but that a
 * user should see (a revenue given to a team, which is ignored, ...).
 * Analyses copy them into their warnings.
 *
 * Returns: the number of notes.
 */
VS_API gsize vs_org_get_n_notes(const VsOrg *org);
/**
 * vs_org_get_note:
 * @org: the organisation.
 * @index: a note, < vs_org_get_n_notes().
 *
 * Reads one note (see vs_org_get_n_notes()); it lives as long as the org or any analysis of it.
 *
 * Returns: (transfer none): note @index.
 */
VS_API const char *vs_org_get_note(const VsOrg *org, gsize index);

/**
 * vs_org_write_csv_dir:
 * @org: the organisation.
 * @dir: the directory to write; created, or replaced when it exists.
 * @error: return location for a VS_ERROR_IO error.
 *
 * Writes @org as the CSV directory vs_load() reads: units.csv (id, kind,
 * name, group, revenue, own_share, headcount, and cost when a unit has one),
 * handoffs.csv (from, to, deliverable, weight, score, volume,
 * lead_time_days) and, when @org has survey answers, surveys.csv. Numbers
 * are written in the shortest form that reads back exactly; an unset one
 * is an empty field. Notes are not written.
 *
 * The files are written into a temporary directory beside @dir that then
 * takes @dir's place in one rename, so @dir holds either its old files or
 * all the new ones. An existing @dir is replaced only when it holds
 * nothing but the files this call writes; otherwise, and on any other
 * error, nothing is changed and nothing is left behind.
 *
 * Returns: TRUE on success.
 */
VS_API gboolean vs_org_write_csv_dir(const VsOrg *org, const char *dir, GError **error);

/**
 * vs_org_copy:
 * @org: the organisation.
 *
 * An independent copy of @org: its units, handoffs, survey answers and
 * notes, in the same order (so the same indices). Changing or freeing
 * either leaves the other as it was.
 *
 * Returns: (transfer full): the copy. Free with vs_org_free().
 */
VS_API VsOrg *vs_org_copy(const VsOrg *org);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VsOrg, vs_org_free)

G_END_DECLS

#endif /* VALUESTREAM_ORG_H */
