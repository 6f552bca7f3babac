# valuestream - the handle of an organisation: ownership, locking, copy-on-write.
# SPDX-License-Identifier: GPL-2.0-or-later
"""OrgHandle: the part of an Org that owns (or borrows) its VsOrg.

It knows who else uses the pointer (live analyses, or the analysis an
org view borrows it from) and gives the org a private copy before it is
changed, so that no analysis ever sees its org change. Org (_org) builds
on it; Analysis (_results) needs only this much of an org, so it does not
import _org, and _org can import _results.
"""

import contextlib
import threading
import weakref

from ._errors import ClosedError
from ._lib import lib
from ._resource import Resource


def replay(src):
    """A new VsOrg with the units, handoffs, survey answers and notes of
    @src, in the same order (so every index is the same): vs_org_copy."""
    return lib.vs_org_copy(src)


class OrgHandle(Resource):
    """A VsOrg, owned or borrowed from an analysis; the base of Org."""

    _what = "Org"

    def __init__(self):
        super().__init__(lib.vs_org_new(), lib.vs_org_free)
        self._init_state()

    def _init_state(self):
        self._analyses = weakref.WeakSet()  # live analyses sharing our VsOrg
        self._analyses_lock = threading.Lock()

    @classmethod
    def _own(cls, ptr):
        """Wraps a VsOrg the caller hands over."""
        org = cls.__new__(cls)
        Resource.__init__(org, ptr, lib.vs_org_free)
        org._init_state()
        return org

    @classmethod
    def _view(cls, ptr, analysis):
        """Wraps the VsOrg an analysis holds, without owning it."""
        org = cls.__new__(cls)
        Resource.__init__(org, ptr, None, parent=analysis)
        org._init_state()
        return org

    # -- locking ------------------------------------------------------------------

    def _register(self, analysis):
        """Records a live analysis of our VsOrg (read lock held)."""
        with self._analyses_lock:
            self._analyses.add(analysis)

    def _shared(self):
        with self._analyses_lock:
            return any(not a.closed for a in self._analyses)

    @contextlib.contextmanager
    def _mutating(self):
        """Yields the pointer to change, all other users excluded. When an
        analysis still uses our VsOrg (or we only borrow it), we first switch
        to a private copy, so that no analysis ever sees its org change."""
        with self._lock.write():
            if self._ptr is None:
                raise ClosedError("this Org is closed")
            if self._parent is not None or self._shared():
                if self._parent is not None:
                    with self._parent._reading():
                        copy = replay(self._ptr)
                else:
                    copy = replay(self._ptr)
                self._release()
                self._adopt(copy, lib.vs_org_free, None)
                with self._analyses_lock:
                    self._analyses = weakref.WeakSet()
            yield self._ptr
