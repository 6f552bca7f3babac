# valuestream - Python objects that own (or borrow) C memory.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Ownership and locking of C handles.

A Resource holds one C pointer. It frees it exactly once: on close(), at
the end of a ``with`` block, when the object is garbage-collected, or at
interpreter exit (weakref.finalize), whichever comes first. After close()
every use raises ClosedError instead of touching freed memory.

Calls into C run under a readers-writer lock: any number of threads may
read through the handle at once (ctypes releases the GIL, the C library
locks what it must), while close() and mutations (adding to an org) wait
for the readers and exclude them. A borrowed handle (a view) also holds
its parent's read lock while it is used, so the parent cannot be closed
under it.

Locks are never held across a ``yield`` to user code: iterators take the
lock per item.
"""

import contextlib
import threading
import weakref

from ._errors import ClosedError


class RWLock:
    """Many readers or one writer. Readers may nest (reader preference), so a
    reading method may call another; a writer must not read or write again
    from inside its own critical section."""

    def __init__(self):
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = False

    @contextlib.contextmanager
    def read(self):
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if self._readers == 0:
                    self._cond.notify_all()

    @contextlib.contextmanager
    def write(self):
        with self._cond:
            while self._writer or self._readers:
                self._cond.wait()
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class Resource:
    """Base of the classes that wrap a C handle (Org, Analysis)."""

    _what = "object"

    def __init__(self, ptr, free, parent=None):
        self._lock = RWLock()
        self._ptr = None
        self._finalizer = None
        self._parent = None
        self._adopt(ptr, free, parent)

    def _adopt(self, ptr, free, parent):
        """Takes @ptr: owned (freed with @free) when @free is given, else
        borrowed from @parent, which is kept alive. Call with the write lock
        held, or from __init__."""
        self._ptr = ptr
        self._parent = parent
        self._finalizer = weakref.finalize(self, free, ptr) if free is not None else None

    def _release(self):
        """Frees or lets go of the handle (write lock held)."""
        if self._finalizer is not None:
            self._finalizer()
        self._ptr = self._finalizer = self._parent = None

    @contextlib.contextmanager
    def _reading(self):
        """Yields the pointer for a call that only reads; raises ClosedError
        after close()."""
        with self._lock.read():
            ptr = self._ptr
            if ptr is None:
                raise ClosedError("this %s is closed" % self._what)
            if self._parent is None:
                yield ptr
            else:
                with self._parent._reading():
                    yield ptr

    @contextlib.contextmanager
    def _writing(self):
        """Yields the pointer with every reader and writer excluded."""
        with self._lock.write():
            if self._ptr is None:
                raise ClosedError("this %s is closed" % self._what)
            yield self._ptr

    def close(self):
        """Frees the C memory now (it is freed at garbage collection anyway).
        Closing twice is harmless; any other use after close raises
        ClosedError. Results already made from it stay valid."""
        with self._lock.write():
            self._release()

    @property
    def closed(self):
        """True after close()."""
        return self._ptr is None

    # A copy would share the pointer and outlive a close() of the original;
    # pickling cannot carry C memory. Org.copy() makes an independent org.
    def __copy__(self):
        raise TypeError("cannot copy a %s (it owns C memory)%s"
                        % (self._what, "; use Org.copy()" if self._what == "Org" else ""))

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle a %s (it owns C memory)" % self._what)

    def __enter__(self):
        if self._ptr is None:
            raise ClosedError("this %s is closed" % self._what)
        return self

    def __exit__(self, *exc):
        self.close()
        return False
