# valuestream - the ctypes layer: finding libvaluestream, its prototypes,
# its structs, and the one place a GError becomes a Python exception.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Low-level access to libvaluestream through ctypes.

Nothing here is public API; ``valuestream`` (``__init__.py``) wraps it.
Every C function the bindings call is declared once, in ``_PROTOTYPES``,
with ``restype`` always set (``c_void_p`` for handles and for owned memory,
``None`` for ``void``). Handles stay ``c_void_p`` so that ctypes never
converts, copies or frees them behind our back.
"""

import array
import ctypes
import ctypes.util
import os
from ctypes import (POINTER, Structure, byref, c_char, c_char_p, c_double, c_int,
                    c_int32, c_size_t, c_ssize_t, c_uint, c_uint32, c_uint64, c_void_p)

from ._errors import (ValueStreamError, FileError, error_class_for_code,
                      LibraryNotFoundError)

try:  # written by meson at install time; the source tree has none
    from . import _config
except ImportError:
    _config = None

#: The version of this package; the loaded library's MAJOR.MINOR must match.
VERSION = "0.2.0"

#: The environment variable naming the library to load.
LIBRARY_ENV = "VALUESTREAM_LIBRARY"

_SONAME = "libvaluestream.so.1"

gboolean = c_int
gsize = c_size_t
gssize = c_ssize_t
guint = c_uint
guint32 = c_uint32
gint32 = c_int32


# ---- structs (layouts of the public headers) ---------------------------------

class GError(Structure):
    """GLib's GError: {guint32 domain; gint code; gchar *message;}."""
    _fields_ = [("domain", c_uint32), ("code", c_int), ("message", c_char_p)]


class VsUnitAttrs(Structure):
    _fields_ = [("name", c_char_p), ("group", c_char_p), ("revenue", c_double),
                ("own_share", c_double), ("headcount", c_double),
                ("cost", c_double)]


class VsHandoffAttrs(Structure):
    _fields_ = [("deliverable", c_char_p), ("weight", c_double), ("score", c_double),
                ("volume", c_double), ("lead_time_days", c_double)]


class VsSurveyResponse(Structure):
    _fields_ = [("period", c_char_p), ("respondent", c_char_p), ("provider", c_char_p),
                ("score", c_double), ("scale_min", c_double), ("scale_max", c_double)]


VS_ANALYSIS_OPTIONS_VERSION = 3


class VsAnalysisOptions(Structure):
    # version 1 ends at trend_min_periods; version 2 adds the cost options,
    # version 3 as_of and min_responses
    _fields_ = [("version", guint), ("poor_score", c_double), ("ripple_share", c_double),
                ("survey_target", c_double), ("trend_alpha", c_double),
                ("trend_min_slope", c_double), ("trend_min_periods", guint),
                ("cost_basis", c_int), ("markup", c_double),
                ("as_of", c_char_p), ("min_responses", guint)]


VS_CHANGE_VERSION = 1


class VsChange(Structure):
    """decide.h's VsChange: NAN / None = not given; kind -1 = not given;
    cleared: VsChangeField bits of fields given as JSON null."""
    _fields_ = [("version", guint), ("action", c_int), ("unit", c_char_p), ("from_", c_char_p),
                ("to", c_char_p), ("deliverable", c_char_p), ("score", c_double),
                ("weight", c_double), ("volume", c_double), ("own_share", c_double),
                ("cost", c_double), ("revenue", c_double), ("kind", c_int), ("name", c_char_p),
                ("group", c_char_p), ("cleared", guint32)]


class VsTrend(Structure):
    _fields_ = [("provider", guint32), ("respondent", guint32), ("n_periods", guint),
                ("latest_mean", c_double), ("score", c_double), ("mk_s", c_double),
                ("p_value", c_double), ("exact", gboolean), ("slope", c_double),
                ("deteriorating", gboolean), ("has_handoff", gboolean)]


class VsMannKendall(Structure):
    _fields_ = [("s", c_double), ("var_s", c_double), ("p_decline", c_double),
                ("exact", gboolean)]


VS_REPORT_OPTIONS_VERSION = 2


class VsReportOptions(Structure):
    # version 1 ends at top; version 2 adds the table and the picture
    _fields_ = [("version", guint), ("shares", c_int), ("pretty", gboolean), ("top", guint),
                ("table", c_int), ("picture_units", guint), ("highlight", guint),
                ("title", c_char_p), ("render_program", c_char_p),
                ("render_timeout_ms", guint)]


def report_options(shares=0, pretty=True, top=10, table=0, picture_units=0, highlight=3,
                   title=None, render_program=None, render_timeout_ms=0):
    """A VsReportOptions holding VS_REPORT_OPTIONS_INIT but for the fields given."""
    return VsReportOptions(VS_REPORT_OPTIONS_VERSION, shares, pretty, top, table,
                           picture_units, highlight, title, render_program,
                           render_timeout_ms)


VS_MINE_OPTIONS_VERSION = 2
VS_MINE_NORMALISE_NONE, VS_MINE_NORMALISE_PM4PY = 0, 1
(VS_MINE_VOLUME, VS_MINE_WEIGHT, VS_MINE_LEAD_TIME, VS_MINE_LEAD_TIME_P90, VS_MINE_SCORE,
 VS_MINE_CASES_COLUMN, VS_MINE_RETURNS, VS_MINE_PM4PY_VALUE) = range(8)


class VsMineOptions(Structure):
    _fields_ = [("version", guint), ("format", c_int), ("case_column", c_char_p),
                ("group_column", c_char_p), ("resource_column", c_char_p),
                ("timestamp_column", c_char_p), ("customer_column", c_char_p),
                ("revenue_column", c_char_p), ("revenue", c_int), ("delimiter", c_char),
                ("people_map", c_char_p), ("depth", guint), ("beta", c_double),
                ("once_per_case", gboolean), ("self_handovers", gboolean),
                ("quality", gboolean), ("normalise", c_int)]


VS_PLAN_OPTIONS_VERSION = 1


class VsPlanOptions(Structure):
    _fields_ = [("version", guint), ("steps", guint), ("target", c_double)]


# enums
VS_KIND_TEAM, VS_KIND_SUPPLIER, VS_KIND_CUSTOMER = 0, 1, 2
VS_REPORT_JSON, VS_REPORT_TEXT, VS_REPORT_CSV, VS_REPORT_DOT, VS_REPORT_HTML = 0, 1, 2, 3, 4
VS_SHARES_AUTO, VS_SHARES_ALWAYS, VS_SHARES_NEVER = 0, 1, 2
VS_N_FLAGS = 7
VS_COST_BASIS_WEIGHT, VS_COST_BASIS_VOLUME = 0, 1
(VS_STRINGS_UNIT_ID, VS_STRINGS_UNIT_NAME, VS_STRINGS_UNIT_GROUP,
 VS_STRINGS_HANDOFF_DELIVERABLE) = range(4)
(VS_UNIT_LIST_PATH, VS_UNIT_LIST_CHOKEPOINTS, VS_UNIT_LIST_CUSTOMERS,
 VS_UNIT_LIST_CRITICAL_UNITS) = range(4)

_ERR = POINTER(POINTER(GError))
_P_SIZE = POINTER(gsize)

# ---- the table: name -> (restype, argtypes) ---------------------------------
# Handles (VsOrg *, VsAnalysis *) and owned memory (the _dup results) are
# c_void_p; borrowed arrays are c_void_p too and read with from_address.

_PROTOTYPES = {
    # common.h
    "vs_error_quark": (guint32, []),
    "vs_version_string": (c_char_p, []),
    "vs_free": (None, [c_void_p]),
    "vs_error_free": (None, [POINTER(GError)]),
    # org.h
    "vs_kind_name": (c_char_p, [c_int]),
    "vs_kind_from_name": (gboolean, [c_char_p, POINTER(c_int)]),
    "vs_org_new": (c_void_p, []),
    "vs_org_free": (None, [c_void_p]),
    "vs_org_add_unit": (gssize, [c_void_p, c_char_p, c_int, POINTER(VsUnitAttrs), _ERR]),
    "vs_org_add_handoff": (gssize, [c_void_p, c_char_p, c_char_p, POINTER(VsHandoffAttrs),
                                    _ERR]),
    "vs_org_add_survey_response": (gboolean, [c_void_p, POINTER(VsSurveyResponse), _ERR]),
    "vs_org_validate": (gboolean, [c_void_p, _ERR]),
    "vs_org_get_n_units": (gsize, [c_void_p]),
    "vs_org_get_n_handoffs": (gsize, [c_void_p]),
    "vs_org_get_n_survey_responses": (gsize, [c_void_p]),
    "vs_org_get_n_kind": (gsize, [c_void_p, c_int]),
    "vs_org_find_unit": (gssize, [c_void_p, c_char_p]),
    "vs_org_get_unit_id": (c_char_p, [c_void_p, gsize]),
    "vs_org_get_unit_name": (c_char_p, [c_void_p, gsize]),
    "vs_org_get_unit_group": (c_char_p, [c_void_p, gsize]),
    "vs_org_get_unit_kind": (c_int, [c_void_p, gsize]),
    "vs_org_get_unit_revenue": (c_double, [c_void_p, gsize]),
    "vs_org_get_unit_own_share": (c_double, [c_void_p, gsize]),
    "vs_org_get_unit_headcount": (c_double, [c_void_p, gsize]),
    "vs_org_get_unit_cost": (c_double, [c_void_p, gsize]),
    "vs_org_write_csv_dir": (gboolean, [c_void_p, c_char_p, _ERR]),
    "vs_org_get_handoff_from": (gsize, [c_void_p, gsize]),
    "vs_org_get_handoff_to": (gsize, [c_void_p, gsize]),
    "vs_org_get_handoff_deliverable": (c_char_p, [c_void_p, gsize]),
    "vs_org_get_handoff_weight": (c_double, [c_void_p, gsize]),
    "vs_org_get_handoff_score": (c_double, [c_void_p, gsize]),
    "vs_org_get_handoff_volume": (c_double, [c_void_p, gsize]),
    "vs_org_get_handoff_lead_time": (c_double, [c_void_p, gsize]),
    "vs_org_get_handoff_ends": (gsize, [c_void_p, POINTER(c_void_p), POINTER(c_void_p)]),
    "vs_org_get_survey_response": (None, [c_void_p, gsize, POINTER(VsSurveyResponse)]),
    "vs_org_get_n_notes": (gsize, [c_void_p]),
    "vs_org_get_note": (c_char_p, [c_void_p, gsize]),
    # load.h
    "vs_load": (c_void_p, [c_char_p, _ERR]),
    "vs_load_csv_dir": (c_void_p, [c_char_p, _ERR]),
    "vs_load_csv_data": (c_void_p, [c_char_p, gssize, c_char_p, gssize, c_char_p, gssize,
                                    _ERR]),
    "vs_load_json_file": (c_void_p, [c_char_p, _ERR]),
    "vs_load_json_data": (c_void_p, [c_char_p, gssize, c_char_p, _ERR]),
    "vs_load_graphml_file": (c_void_p, [c_char_p, _ERR]),
    "vs_load_graphml_data": (c_void_p, [c_char_p, gssize, c_char_p, _ERR]),
    "vs_load_surveys_csv": (gboolean, [c_void_p, c_char_p, _ERR]),
    "vs_load_surveys_csv_data": (gboolean, [c_void_p, c_char_p, gssize, c_char_p, _ERR]),
    # survey.h
    "vs_mann_kendall": (None, [POINTER(c_double), gsize, POINTER(VsMannKendall)]),
    "vs_theil_sen_slope": (c_double, [POINTER(c_double), gsize]),
    "vs_survey_score": (c_double, [c_double, c_double, c_double, c_double]),
    # analysis.h
    "vs_flag_name": (c_char_p, [guint32]),
    "vs_diagnosis_name": (c_char_p, [c_int]),
    "vs_analysis_options_check": (gboolean, [POINTER(VsAnalysisOptions), _ERR]),
    "vs_analysis_new": (c_void_p, [c_void_p, POINTER(VsAnalysisOptions), _ERR]),
    "vs_analysis_free": (None, [c_void_p]),
    "vs_analysis_get_org": (c_void_p, [c_void_p]),
    "vs_analysis_get_options": (None, [c_void_p, POINTER(VsAnalysisOptions)]),
    "vs_analysis_get_n_units": (gsize, [c_void_p]),
    "vs_analysis_get_n_handoffs": (gsize, [c_void_p]),
    "vs_analysis_get_n_kind": (gsize, [c_void_p, c_int]),
    "vs_analysis_get_total_revenue": (c_double, [c_void_p]),
    "vs_analysis_get_total_at_risk": (c_double, [c_void_p]),
    "vs_analysis_get_own": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_qualities": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_exposures": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_revenues_at_risk": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_service_scores": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_fix_values": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_hops": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_next_hops": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_dependents": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_flags": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_loop_ids": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_handoff_shares": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_handoff_scores": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_dup_path": (c_void_p, [c_void_p, gsize, _P_SIZE]),
    "vs_analysis_dup_path_to": (c_void_p, [c_void_p, gsize, gsize, _P_SIZE]),
    "vs_analysis_dup_chokepoints": (c_void_p, [c_void_p, gsize, _P_SIZE]),
    "vs_analysis_dup_unit_customers": (c_void_p, [c_void_p, gsize, _P_SIZE]),
    "vs_analysis_dup_critical_units": (c_void_p, [c_void_p, gsize, _P_SIZE]),
    "vs_analysis_dup_flagged": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_customers": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_unit_shares": (None, [c_void_p, gsize, c_void_p]),
    "vs_analysis_get_customer_shares": (gboolean, [c_void_p, gsize, c_void_p]),
    "vs_analysis_get_total_cost": (c_double, [c_void_p]),
    "vs_analysis_get_total_cost_to_serve": (c_double, [c_void_p]),
    "vs_analysis_get_total_stranded_cost": (c_double, [c_void_p]),
    "vs_analysis_get_unit_costs": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_loaded_costs": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_stranded_costs": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_costs_to_serve": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_margins": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_handoff_charges": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_get_unit_cost_shares": (None, [c_void_p, gsize, c_void_p]),
    "vs_analysis_get_customer_cost_shares": (gboolean, [c_void_p, gsize, c_void_p]),
    "vs_analysis_get_n_loops": (gsize, [c_void_p]),
    "vs_analysis_get_loop": (c_void_p, [c_void_p, gsize, _P_SIZE]),
    "vs_analysis_get_n_groups": (gsize, [c_void_p]),
    "vs_analysis_get_group_id": (c_char_p, [c_void_p, gsize]),
    "vs_analysis_get_group_diagnosis": (c_int, [c_void_p, gsize]),
    "vs_analysis_get_group_poor_units": (c_void_p, [c_void_p, gsize, _P_SIZE]),
    "vs_analysis_get_n_warnings": (gsize, [c_void_p]),
    "vs_analysis_get_warning": (c_char_p, [c_void_p, gsize]),
    "vs_analysis_get_n_trends": (gsize, [c_void_p]),
    "vs_analysis_get_trend": (None, [c_void_p, gsize, POINTER(VsTrend)]),
    "vs_analysis_get_trend_means": (c_void_p, [c_void_p, gsize, POINTER(c_void_p), _P_SIZE]),
    "vs_phase_name": (c_char_p, [c_int]),
    "vs_analysis_get_phase_seconds": (c_double, [c_void_p, c_int]),
    # analysis.h: bulk reads (owned buffers with owned offsets)
    "vs_analysis_dup_strings": (c_void_p, [c_void_p, c_int, POINTER(c_void_p), _P_SIZE]),
    "vs_analysis_dup_unit_lists": (c_void_p, [c_void_p, c_int, POINTER(c_void_p), _P_SIZE]),
    "vs_analysis_get_kinds": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_analysis_dup_handoff_weights": (c_void_p, [c_void_p, _P_SIZE]),
    # report.h (vs_report_write takes a GOutputStream: not bound, see
    # Analysis.report and Analysis.write)
    "vs_report_format_from_name": (gboolean, [c_char_p, POINTER(c_int)]),
    "vs_report_table_from_name": (gboolean, [c_char_p, POINTER(c_int)]),
    "vs_report_render_file": (gboolean, [c_void_p, POINTER(VsReportOptions), c_char_p, c_char_p,
                                         _ERR]),
    "vs_report_write_file": (gboolean, [c_void_p, c_int, POINTER(VsReportOptions), c_char_p,
                                        _ERR]),
    "vs_report_dup_string": (c_void_p, [c_void_p, c_int, POINTER(VsReportOptions),
                                        _P_SIZE, _ERR]),
    "vs_report_write_plan_file": (gboolean, [c_void_p, c_int, POINTER(VsReportOptions), c_char_p,
                                             _ERR]),
    "vs_report_dup_plan_string": (c_void_p, [c_void_p, c_int, POINTER(VsReportOptions),
                                             _P_SIZE, _ERR]),
    # the stream is a GOutputStream *, which only a caller with GIO
    # bindings can make; others use the two above
    "vs_report_write_plan": (gboolean, [c_void_p, c_int, POINTER(VsReportOptions), c_void_p,
                                        c_void_p, _ERR]),
    # decide.h: the improvement plan
    "vs_plan_options_check": (gboolean, [POINTER(VsPlanOptions), _ERR]),
    "vs_plan_new": (c_void_p, [c_void_p, POINTER(VsPlanOptions), _ERR]),
    "vs_plan_free": (None, [c_void_p]),
    "vs_plan_get_org": (c_void_p, [c_void_p]),
    "vs_plan_get_target": (c_double, [c_void_p]),
    "vs_plan_get_revenue_at_risk": (c_double, [c_void_p]),
    "vs_plan_get_n_steps": (gsize, [c_void_p]),
    "vs_plan_get_units": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_plan_get_unit_id": (c_char_p, [c_void_p, gsize]),
    "vs_plan_get_gains": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_plan_get_revenues_at_risk": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_plan_get_removed_shares": (c_void_p, [c_void_p, _P_SIZE]),
    "vs_report_write_whatif": (gboolean, [c_void_p, POINTER(c_void_p), c_int,
                                          POINTER(VsReportOptions), c_void_p, c_void_p, _ERR]),
    "vs_report_write_diff": (gboolean, [c_void_p, c_int, POINTER(VsReportOptions), c_void_p,
                                        c_void_p, _ERR]),
    # org.h, decide.h: scenarios (SPEC 8)
    "vs_org_copy": (c_void_p, [c_void_p]),
    "vs_action_name": (c_char_p, [c_int]),
    "vs_action_from_name": (gboolean, [c_char_p, POINTER(c_int)]),
    "vs_scenarios_new": (c_void_p, []),
    "vs_scenarios_free": (None, [c_void_p]),
    "vs_scenarios_add": (gssize, [c_void_p, c_char_p, _ERR]),
    "vs_scenarios_add_change": (gboolean, [c_void_p, gsize, POINTER(VsChange), _ERR]),
    "vs_scenarios_get_n": (gsize, [c_void_p]),
    "vs_scenarios_get_name": (c_char_p, [c_void_p, gsize]),
    "vs_scenarios_get_n_changes": (gsize, [c_void_p, gsize]),
    "vs_scenarios_get_change": (gboolean, [c_void_p, gsize, gsize, POINTER(VsChange)]),
    "vs_scenarios_load_json_data": (c_void_p, [c_char_p, gssize, c_char_p, _ERR]),
    "vs_scenarios_load_csv_data": (c_void_p, [c_char_p, gssize, c_char_p, _ERR]),
    "vs_scenarios_load": (c_void_p, [c_char_p, _ERR]),
    "vs_scenarios_apply": (c_void_p, [c_void_p, gsize, c_void_p, POINTER(VsAnalysisOptions),
                                      _ERR]),
    # decide.h: comparisons (SPEC 10)
    "vs_status_name": (c_char_p, [c_int]),
    "vs_figure_name": (c_char_p, [c_int]),
    "vs_value_name": (c_char_p, [c_int]),
    "vs_comparison_new": (c_void_p, [c_void_p, c_void_p, _ERR]),
    "vs_comparison_free": (None, [c_void_p]),
    "vs_comparison_get_before": (c_void_p, [c_void_p]),
    "vs_comparison_get_after": (c_void_p, [c_void_p]),
    "vs_comparison_get_figure": (gboolean, [c_void_p, c_int, POINTER(c_double),
                                            POINTER(c_double)]),
    "vs_comparison_get_n": (gsize, [c_void_p, c_int]),
    "vs_comparison_get_rows": (c_void_p, [c_void_p, c_int, gboolean, _P_SIZE]),
    "vs_comparison_get_statuses": (c_void_p, [c_void_p, c_int, _P_SIZE]),
    "vs_comparison_get_values": (c_void_p, [c_void_p, c_int, c_int, gboolean, _P_SIZE]),
    "vs_comparison_get_unit_reaches": (c_void_p, [c_void_p, gboolean, _P_SIZE]),
    "vs_comparison_get_unit_flags": (c_void_p, [c_void_p, gboolean, _P_SIZE]),
    "vs_comparison_get_scores": (c_void_p, [c_void_p, gboolean, _P_SIZE]),
    "vs_comparison_value_changed": (gboolean, [c_double, c_double, c_double]),
    # mine.h
    "vs_mine_options_check": (gboolean, [POINTER(VsMineOptions), _ERR]),
    "vs_mine_file": (c_void_p, [c_char_p, POINTER(VsMineOptions), _ERR]),
    "vs_mine_data": (c_void_p, [c_char_p, gsize, c_char_p, POINTER(VsMineOptions), _ERR]),
    "vs_mine_result_free": (None, [c_void_p]),
    "vs_mine_result_get_count": (c_uint64, [c_void_p, c_int]),
    "vs_mine_result_get_lead_time_quantile": (c_double, [c_void_p, c_double]),
    "vs_mine_result_get_n_units": (gsize, [c_void_p]),
    "vs_mine_result_get_unit_id": (c_char_p, [c_void_p, gsize]),
    "vs_mine_result_get_unit_kind": (c_int, [c_void_p, gsize]),
    "vs_mine_result_get_unit_revenue": (c_double, [c_void_p, gsize]),
    "vs_mine_result_get_unit_own_share": (c_double, [c_void_p, gsize]),
    "vs_mine_result_get_pairs": (gsize, [c_void_p, POINTER(c_void_p), POINTER(c_void_p)]),
    "vs_mine_result_get_column": (c_void_p, [c_void_p, c_int, _P_SIZE]),
    "vs_mine_result_get_n_unmapped": (gsize, [c_void_p]),
    "vs_mine_result_get_unmapped": (c_char_p, [c_void_p, gsize, POINTER(c_uint64)]),
    "vs_mine_result_to_org": (c_void_p, [c_void_p, c_void_p, _ERR]),
    "vs_mine_result_write_dir": (gboolean, [c_void_p, c_void_p, c_char_p, _ERR]),
}

# Not VS_API, but GLib is a dependency of the library, so its symbols are
# reachable through the same handle; used only to name foreign error domains.
_OPTIONAL = {
    "g_quark_to_string": (c_char_p, [guint32]),
    # GIO, a dependency of the library: an in-memory GOutputStream for the
    # comparison writers (vs_report_write_whatif / _diff), which have no
    # string or file variant
    "g_memory_output_stream_new_resizable": (c_void_p, []),
    "g_memory_output_stream_get_data": (c_void_p, [c_void_p]),
    "g_memory_output_stream_get_data_size": (gsize, [c_void_p]),
    "g_output_stream_close": (gboolean, [c_void_p, c_void_p, _ERR]),
    "g_object_unref": (None, [c_void_p]),
}


# ---- finding and loading the library -------------------------------------------

def _config_library():
    """The path recorded at build/install time, or None (source tree)."""
    return getattr(_config, "LIBRARY", None) or None


def _candidates():
    """Where to look, in order, as (how, path) pairs."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        # An explicit choice is not second-guessed: no fallback.
        return [(LIBRARY_ENV, env)]
    found = []
    configured = _config_library()
    if configured:
        found.append(("the path recorded at install time", configured))
    name = ctypes.util.find_library("valuestream")
    if name:
        found.append(("ctypes.util.find_library", name))
    found.append(("the soname", _SONAME))
    return found


def _open():
    """Loads the library; raises LibraryNotFoundError naming VALUESTREAM_LIBRARY."""
    tried = []
    for how, path in _candidates():
        try:
            return ctypes.CDLL(path), path
        except OSError as exc:
            tried.append("%s (%s): %s" % (path, how, exc))
    raise LibraryNotFoundError(
        "cannot load libvaluestream; set the %s environment variable to the path of "
        "%s. Tried: %s" % (LIBRARY_ENV, _SONAME, "; ".join(tried)))


def check_version(version, path):
    """Refuses a library whose MAJOR.MINOR differs from the bindings'."""
    if version.split(".")[:2] != VERSION.split(".")[:2]:
        raise LibraryNotFoundError(
            "%s is libvaluestream %s, but these bindings are %s (MAJOR.MINOR must match); "
            "set %s to a matching library" % (path, version, VERSION, LIBRARY_ENV))


class _Missing:
    """Stands in for a function the loaded library lacks (an older build):
    importing works, calling it says what is missing."""

    def __init__(self, name, path):
        self.name, self.path = name, path

    def __call__(self, *args):
        raise NotImplementedError("%s is not in the loaded library %s" % (self.name, self.path))


class _Library:
    """The loaded library: one attribute per function of the table."""

    def __init__(self):
        self.cdll, self.path = _open()
        self.missing = []
        for name, (restype, argtypes) in _PROTOTYPES.items():
            try:
                func = getattr(self.cdll, name)
            except AttributeError:
                self.missing.append(name)
                setattr(self, name, _Missing(name, self.path))
                continue
            func.restype = restype
            func.argtypes = argtypes
            setattr(self, name, func)
        for name, (restype, argtypes) in _OPTIONAL.items():
            func = getattr(self.cdll, name, None)
            if func is not None:
                func.restype, func.argtypes = restype, argtypes
            setattr(self, name, func)
        self.version = self.vs_version_string().decode("ascii")
        check_version(self.version, self.path)
        self.error_domain = self.vs_error_quark()

    def has(self, name):
        """True when the loaded library provides function @name."""
        return name not in self.missing


lib = _Library()


# ---- GError ------------------------------------------------------------------------

def new_error():
    """A NULL GError *, to pass as byref() to a function that can fail."""
    return POINTER(GError)()


def raise_error(err, what):
    """Raises the exception for a failed call. @err is the GError * the call
    set (it is freed here, whatever happens) or NULL when the call failed
    without one (a programmer error the C side only logged)."""
    if not err:
        raise ValueStreamError("%s failed without saying why" % what)
    try:
        domain = err.contents.domain
        code = err.contents.code
        raw = err.contents.message
        message = raw.decode("utf-8", "replace") if raw is not None else what + " failed"
        domain_name = None
        if domain != lib.error_domain and lib.g_quark_to_string is not None:
            name = lib.g_quark_to_string(domain)
            domain_name = name.decode("ascii", "replace") if name else None
    finally:
        lib.vs_error_free(err)
    if domain == lib.error_domain:
        raise error_class_for_code(code)(message, code)
    if domain_name in ("g-io-error-quark", "g-file-error-quark"):
        raise FileError(message, None, domain_name)
    raise ValueStreamError(message, None, domain_name)


def call(func, *args):
    """Calls @func(*args, &error) and returns its result; a set error is
    raised as its ValueStreamError subclass (and freed)."""
    err = new_error()
    result = func(*args, byref(err))
    if err:
        raise_error(err, func.__name__)
    return result


# ---- reading C memory ------------------------------------------------------------------

def _format(ctype, *codes):
    """The struct/array code of @ctype's size among @codes."""
    return next(c for c in codes if array.array(c).itemsize == ctypes.sizeof(ctype))


_DOUBLE, _INT32, _UINT32 = _format(c_double, "d"), _format(gint32, "i", "l"), \
    _format(guint32, "I", "L")


def _read(address, n, ctype, code):
    """@n values of @ctype at @address as a list: one copy of the bytes,
    then one step (reading a ctypes array item by item takes four times
    as long)."""
    if n == 0 or not address:
        return []
    return memoryview(ctypes.string_at(address, n * ctypes.sizeof(ctype))).cast(code).tolist()


def doubles(address, n):
    """A list of @n doubles at @address (borrowed), in one copy."""
    return _read(address, n, c_double, _DOUBLE)


def int32s(address, n):
    return _read(address, n, gint32, _INT32)


def uint32s(address, n):
    return _read(address, n, guint32, _UINT32)


def take_uint32s(address, n):
    """Like uint32s() for memory the caller owns (a _dup result): copied,
    then freed with vs_free, exactly once."""
    if not address:
        return []
    try:
        return uint32s(address, n)
    finally:
        lib.vs_free(address)


def take_uint32_array(address, n):
    """Like take_uint32s(), as an array.array: one copy, no Python int
    per value until one is read."""
    if not address:
        return array.array(_UINT32)
    try:
        return array.array(_UINT32, ctypes.string_at(address, n * ctypes.sizeof(guint32)))
    finally:
        lib.vs_free(address)


def take_strings(address, offsets, n):
    """The @n strings of a vs_analysis_dup_strings() result (absent ones
    None): the buffer decoded and split at its NULs in one step when no
    string is absent, else placed by the offsets. Frees both buffers."""
    try:
        if n == 0:
            return []
        ends = (gsize * (n + 1)).from_address(offsets)
        parts = ctypes.string_at(address, ends[n]).decode("utf-8", "surrogateescape")
        parts = parts.split("\0")
        parts.pop()  # what follows the last NUL
        if len(parts) == n:
            return parts
        ends = list(ends)
        found = iter(parts)
        return [next(found) if b > a else None for a, b in zip(ends, ends[1:])]
    finally:
        lib.vs_free(address)
        lib.vs_free(offsets)


def take_lists(address, offsets, n):
    """A vs_analysis_dup_unit_lists() result as (flat, offsets) lists: the
    list of unit u is flat[offsets[u]:offsets[u + 1]]. Frees both buffers."""
    try:
        ends = list((gsize * (n + 1)).from_address(offsets)) if offsets else [0] * (n + 1)
        return uint32s(address, ends[n]), ends
    finally:
        lib.vs_free(address)
        lib.vs_free(offsets)


def text(raw):
    """A C string (bytes or None) as str or None."""
    return None if raw is None else raw.decode("utf-8", "surrogateescape")
