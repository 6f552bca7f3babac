# valuestream - the organisation: building, loading, reading it back.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Org (a VsOrg): building it, reading it back, analysing it; the loaders.

The records it hands out (Unit, Handoff, SurveyResponse) are in _records,
the handle it is built on (ownership, copy-on-write) in _handle.
"""

import collections.abc
from ctypes import byref

from . import _check
from ._errors import INVALID, NOT_FOUND, InvalidError, NotFoundError, ValueStreamError
from ._extras import org_to_networkx
from ._handle import OrgHandle
from ._lib import VsHandoffAttrs, VsSurveyResponse, VsUnitAttrs, call, lib, text
from ._records import (KIND_VALUE, KINDS, read_handoff, read_response, read_unit,
                       read_unit_id)
from ._results import Analysis

# ---- live views ---------------------------------------------------------------------

class _UnitsView(collections.abc.Mapping):
    """The units of an Org, keyed by id, in input order; reflects later
    additions. Values are Unit records."""

    def __init__(self, org):
        self._org = org

    def __getitem__(self, unit_id):
        with self._org._reading() as ptr:
            return read_unit(ptr, self._org._find(ptr, unit_id))

    def __contains__(self, unit_id):
        try:
            self[unit_id]
        except KeyError:
            return False
        return True

    def __iter__(self):
        i = 0
        while True:
            with self._org._reading() as ptr:
                if i >= lib.vs_org_get_n_units(ptr):
                    return
                uid = read_unit_id(ptr, i)
            yield uid
            i += 1

    def __len__(self):
        with self._org._reading() as ptr:
            return lib.vs_org_get_n_units(ptr)

    def at(self, index):
        """The Unit with this index (the order units were added in)."""
        with self._org._reading() as ptr:
            return read_unit(ptr, _index(index, lib.vs_org_get_n_units(ptr), "unit"))

    def __repr__(self):
        return "<units of %r>" % self._org


def _index(index, n, what):
    """A Python index (negative counts from the end) checked against n."""
    if isinstance(index, bool) or not isinstance(index, int):
        raise TypeError("%s index must be an int, not %s" % (what, type(index).__name__))
    if index < 0:
        index += n
    if not 0 <= index < n:
        raise IndexError("%s index out of range" % what)
    return index


class _RowsView(collections.abc.Sequence):
    """A live, read-only sequence of records read one by one from the org."""

    def __init__(self, org, count, read, what):
        self._org, self._count, self._read, self._what = org, count, read, what

    def __len__(self):
        with self._org._reading() as ptr:
            return self._count(ptr)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        with self._org._reading() as ptr:
            return self._read(ptr, _index(index, self._count(ptr), self._what))

    def __iter__(self):
        i = 0
        while True:
            with self._org._reading() as ptr:
                if i >= self._count(ptr):
                    return
                row = self._read(ptr, i)
            yield row
            i += 1

    def __repr__(self):
        return "<%ss of %r>" % (self._what, self._org)


# ---- the org ------------------------------------------------------------------------------

class Org(OrgHandle):
    """An organisation: units, the handoffs between them (``from_`` provides,
    ``to`` is its internal customer) and internal-customer survey answers.

    Build one in code with ``Org()`` and the ``add_*`` methods, or load one
    with ``valuestream.load()``. Units and handoffs are numbered in the order
    they are added. ``analyze()`` computes everything SPEC section 4 says.

    An Analysis is a snapshot: adding to an org that has live analyses
    first gives the org a private copy of its data, so those analyses keep
    describing the org as it was. Any number of threads may read and analyse
    one Org at once; adding waits for them.

    >>> org = vs.Org()
    >>> org.add_unit("T"), org.add_unit("C", "customer", revenue=250)
    (0, 1)
    >>> org.add_handoff("T", "C", score=0.8)
    0
    >>> round(org.analyze().customers["C"].revenue_at_risk, 2)
    50.0
    """

    #: The MiningSummary of an org made by valuestream.mine(), else None.
    mining = None

    # -- building ---------------------------------------------------------------------

    def add_unit(self, id, kind="team", *, name=None, group=None, revenue=None,
                 own_share=None, headcount=None, cost=None):
        """Adds a unit and returns its index.

        ``kind`` is "team", "supplier" or "customer"; ``name`` defaults to the
        id; ``revenue`` (customers only, >= 0), ``own_share`` (0..1),
        ``headcount`` (>= 0) and ``cost`` (per period, teams and suppliers,
        >= 0, default 0: what SPEC section 7 allocates to the customers, e.g.
        ``org.add_unit("ops", cost=120)``) are optional. A revenue given to a
        team or a cost given to a customer is ignored, with a note. Raises
        InvalidError (duplicate id, value out of range, ...), and the org is
        then unchanged.
        """
        raw_id = _check.text("id", id, nullable=False)
        if not isinstance(kind, str):
            raise TypeError("kind must be a str, not %s" % type(kind).__name__)
        if kind not in KIND_VALUE:
            raise InvalidError('field "kind": unknown kind "%s" (expected %s)'
                               % (kind, ", ".join(KINDS)), INVALID)
        attrs = VsUnitAttrs(_check.text("name", name), _check.text("group", group),
                            _check.number("revenue", revenue),
                            _check.number("own_share", own_share),
                            _check.number("headcount", headcount),
                            _check.number("cost", cost))
        with self._mutating() as ptr:
            return call(lib.vs_org_add_unit, ptr, raw_id, KIND_VALUE[kind], byref(attrs))

    def add_handoff(self, from_, to, *, deliverable=None, weight=None, score=None,
                    volume=None, lead_time_days=None):
        """Adds a handoff ``from_ -> to`` (``to`` is ``from_``'s internal
        customer) and returns its index.

        ``weight`` (> 0, default 1) is its importance to the receiver,
        ``score`` (0..1, None = unrated) how complete and accurate the
        receiver rates it. Raises InvalidError (unknown unit, self-handoff,
        handoff from a customer, value out of range); the org is then
        unchanged.
        """
        raw_from = _check.text("from", from_, nullable=False)
        raw_to = _check.text("to", to, nullable=False)
        attrs = VsHandoffAttrs(_check.text("deliverable", deliverable),
                               _check.number("weight", weight),
                               _check.number("score", score),
                               _check.number("volume", volume),
                               _check.number("lead_time_days", lead_time_days))
        with self._mutating() as ptr:
            return call(lib.vs_org_add_handoff, ptr, raw_from, raw_to, byref(attrs))

    def add_survey_response(self, period, respondent, provider, score, *, scale_min=None,
                            scale_max=None):
        """Adds one survey answer: in ``period`` (sortable text such as
        "2026-Q3"), unit ``respondent`` rated its provider ``provider`` with
        ``score`` on a scale of ``scale_min``..``scale_max`` (default 1..5).
        Raises InvalidError; the org is then unchanged."""
        if score is None:
            raise TypeError("score must be a number, not None")
        response = VsSurveyResponse(_check.text("period", period, nullable=False),
                                    _check.text("respondent", respondent, nullable=False),
                                    _check.text("provider", provider, nullable=False),
                                    _check.number("score", score),
                                    _check.number("scale_min", scale_min),
                                    _check.number("scale_max", scale_max))
        with self._mutating() as ptr:
            call(lib.vs_org_add_survey_response, ptr, byref(response))

    def load_surveys_csv(self, path):
        """Adds the answers of a surveys.csv file, all or nothing (on error
        the org is unchanged). Use it with GraphML, which carries none."""
        raw = _check.path("path", path)
        with self._mutating() as ptr:
            call(lib.vs_load_surveys_csv, ptr, raw)

    def load_surveys_csv_string(self, data, name=None):
        """Like load_surveys_csv(), from the file's contents (str or bytes);
        ``name`` is what error messages call it (default "surveys.csv")."""
        raw, n = _check.data("data", data)
        raw_name = _check.text("name", name)
        with self._mutating() as ptr:
            call(lib.vs_load_surveys_csv_data, ptr, raw, n, raw_name)

    # -- reading ------------------------------------------------------------------------

    def _find(self, ptr, unit_id):
        """The index of @unit_id, or NotFoundError (a KeyError)."""
        if not isinstance(unit_id, str):
            raise NotFoundError("no unit %r (unit ids are str)" % (unit_id,), NOT_FOUND)
        try:
            i = lib.vs_org_find_unit(ptr, _check.text("id", unit_id))
        except InvalidError:  # a NUL or a lone surrogate: no id has one
            i = -1
        if i < 0:
            raise NotFoundError('no unit "%s"' % unit_id, NOT_FOUND)
        return i

    @property
    def units(self):
        """The units, a live mapping ``id -> Unit`` in input order."""
        return _UnitsView(self)

    @property
    def handoffs(self):
        """The handoffs, a live sequence of Handoff records by index."""
        return _RowsView(self, lib.vs_org_get_n_handoffs, read_handoff, "handoff")

    @property
    def survey_responses(self):
        """The survey answers, a live sequence of SurveyResponse records."""
        return _RowsView(self, lib.vs_org_get_n_survey_responses, read_response,
                         "survey response")

    @property
    def counts(self):
        """How many units there are of each kind: {"team": n, ...}."""
        with self._reading() as ptr:
            return {name: lib.vs_org_get_n_kind(ptr, value)
                    for name, value in KIND_VALUE.items()}

    @property
    def notes(self):
        """Remarks made while building the org that change no number (a
        revenue given to a team is ignored, ...); analyses repeat them among
        their warnings."""
        with self._reading() as ptr:
            return [text(lib.vs_org_get_note(ptr, i))
                    for i in range(lib.vs_org_get_n_notes(ptr))]

    def validate(self):
        """Checks the rules about the whole org (no closed loop, SPEC 4.1);
        raises InvalidError naming the loop's units. Loaders and analyze()
        check it too."""
        with self._reading() as ptr:
            call(lib.vs_org_validate, ptr)

    def copy(self):
        """A new, independent Org with the same units (costs included),
        handoffs, survey answers and notes, in the same order (so the same
        indices): vs_org_copy. Changing or closing either leaves the other
        as it was."""
        with self._reading() as ptr:
            return Org._own(lib.vs_org_copy(ptr))

    def analyze(self, **options):
        """Analyses the org; returns an Analysis. Thresholds are keywords:
        poor_score, ripple_share, survey_target, trend_alpha,
        trend_min_slope, trend_min_periods, and the cost options cost_basis
        ("weight" or "volume") and markup, and the survey options as_of and
        min_responses (see AnalysisOptions), e.g.
        ``org.analyze(cost_basis="volume", markup=0.1, as_of="2026-Q2")``; an unknown keyword
        is a TypeError, a bad value an InvalidError (under cost_basis
        "volume", a handoff without a volume is one, naming it). A closed loop
        raises InvalidError, a rework loop beyond the solver's limit
        LimitError."""
        return Analysis(self, **options)

    def to_networkx(self):
        """The org as a networkx.MultiDiGraph: one node per unit id with the
        unit's attributes, one edge per handoff (key = handoff index) with
        the handoff's. Unset attributes are left out. Needs networkx
        (Debian: python3-networkx)."""
        return org_to_networkx(self)

    def __repr__(self):
        if self._ptr is None:
            return "<valuestream.Org (closed)>"
        with self._reading() as ptr:
            counts = [lib.vs_org_get_n_kind(ptr, k) for k in range(3)]
            return ("<valuestream.Org: %d units (%d teams, %d suppliers, %d customers), "
                    "%d handoffs, %d survey responses>"
                    % (lib.vs_org_get_n_units(ptr), counts[0], counts[1], counts[2],
                       lib.vs_org_get_n_handoffs(ptr), lib.vs_org_get_n_survey_responses(ptr)))


# ---- loaders ------------------------------------------------------------------------------

def _load(func, *args):
    ptr = call(func, *args)
    if not ptr:
        raise ValueStreamError("%s returned no organisation" % func.__name__)
    return Org._own(ptr)


def load(path):
    """Loads an organisation from a directory of CSV files (units.csv,
    handoffs.csv, optional surveys.csv), a .json file or a .graphml file.
    All or nothing: on error raises ParseError, InvalidError or FileError
    whose message names the file, line, field and reason (see
    ValueStreamError).

    >>> vs.load("tests/data/spec")
    <valuestream.Org: 7 units (5 teams, 0 suppliers, 2 customers), 9 handoffs, 8 survey responses>
    """
    return _load(lib.vs_load, _check.path("path", path))


def load_csv_dir(path):
    """Loads the CSV layout: a directory with units.csv, handoffs.csv and
    optionally surveys.csv.

    >>> vs.load_csv_dir("examples/data/acme").counts
    {'team': 39, 'supplier': 4, 'customer': 6}
    """
    return _load(lib.vs_load_csv_dir, _check.path("path", path))


def load_csv_strings(units, handoffs, surveys=None):
    r"""Loads the CSV layout from the files' contents (str or bytes); error
    messages call them units.csv, handoffs.csv and surveys.csv.

    >>> org = vs.load_csv_strings("id,kind,revenue\nT,team,\nC,customer,250\n",
    ...                           "from,to,score\nT,C,0.8\n")
    >>> org.units["C"].revenue, org.handoffs[0].score
    (250.0, 0.8)
    """
    u, un = _check.data("units", units)
    h, hn = _check.data("handoffs", handoffs)
    if surveys is None:
        s, sn = None, -1
    else:
        s, sn = _check.data("surveys", surveys)
    return _load(lib.vs_load_csv_data, u, un, h, hn, s, sn)


def load_json(path):
    """Loads a JSON file {"units": [...], "handoffs": [...], "surveys": [...]}.

    >>> vs.load_json("tests/data/three.json").units["B"].name
    'Data "Lake"'
    """
    return _load(lib.vs_load_json_file, _check.path("path", path))


def load_json_string(data, name=None):
    """Loads JSON text (str or bytes); ``name`` is what error messages call
    the input (default "<json>").

    >>> org = vs.load_json_string('{"units": [{"id": "T", "kind": "team"}, '
    ...     '{"id": "C", "kind": "customer", "revenue": 100}], '
    ...     '"handoffs": [{"from": "T", "to": "C", "score": 0.5}]}')
    >>> org.analyze().revenue_at_risk
    50.0
    """
    raw, n = _check.data("data", data)
    return _load(lib.vs_load_json_data, raw, n, _check.text("name", name))


def load_graphml(path):
    r"""Loads a GraphML file (node ids are unit ids, vertex attribute
    ``kind`` required). GraphML carries no surveys: see
    Org.load_surveys_csv().

    >>> org = vs.load_graphml("tests/data/three.graphml")
    >>> len(org.units), len(org.survey_responses)
    (10, 0)
    >>> org.load_surveys_csv_string("period,respondent,provider,score\n2026-Q1,C,B,3\n")
    >>> len(org.survey_responses)
    1
    """
    return _load(lib.vs_load_graphml_file, _check.path("path", path))


def load_graphml_string(data, name=None):
    """Loads GraphML text (str or bytes); ``name`` is what error messages
    call the input (default "<graphml>").

    >>> import pathlib
    >>> vs.load_graphml_string(pathlib.Path("tests/data/three.graphml").read_text()).counts
    {'team': 7, 'supplier': 1, 'customer': 2}
    """
    raw, n = _check.data("data", data)
    return _load(lib.vs_load_graphml_data, raw, n, _check.text("name", name))
