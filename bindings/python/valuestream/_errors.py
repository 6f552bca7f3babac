# valuestream - the exceptions of the Python bindings.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Exceptions: one per VsError code of the C library.

Every error the C library reports (a GError in the VS_ERROR domain) is
raised as the subclass of ValueStreamError for its code, carrying the C
message (``handoffs.csv:17: field "score": 1.4 is not in 0..1``) and the
code. Some subclasses also derive from the built-in exception a Python
user would catch: FileError is an OSError, NotFoundError a KeyError.
"""

# VsError codes (include/valuestream/common.h)
PARSE, INVALID, IO, IGRAPH, LIMIT, NOT_FOUND = 1, 2, 3, 4, 5, 6


class ValueStreamError(Exception):
    """Base of every valuestream error.

    Attributes: ``message`` (the library's text: file, line, field and
    reason where there is one), ``code`` (the VsError code, None for errors
    raised by the bindings themselves or from another GLib domain) and
    ``domain`` (None for VS_ERROR, else the GLib domain's name).

    >>> try:
    ...     vs.load("tests/data/bad/csv-score-above-one")
    ... except vs.ValueStreamError as e:       # or the subclass: InvalidError
    ...     print(type(e).__name__, e.code, e)
    InvalidError 2 handoffs.csv:2: field "score": 1.4 is not in 0..1
    """

    def __init__(self, message, code=None, domain=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.domain = domain

    def __str__(self):
        return self.message

    def __reduce__(self):
        return (type(self), (self.message, self.code, self.domain))


class ParseError(ValueStreamError):
    """Input is not well-formed (CSV, JSON or GraphML syntax, a number that
    is not a number). VS_ERROR_PARSE. Caught as in ValueStreamError's
    example."""


class InvalidError(ValueStreamError):
    """Input is well-formed but breaks a rule of the model (duplicate id,
    unknown unit, score outside 0..1, closed loop, bad option, ...).
    VS_ERROR_INVALID. ValueStreamError's example catches one."""


class FileError(ValueStreamError, OSError):
    """A file could not be read or written. VS_ERROR_IO; also an OSError.

    >>> try:
    ...     vs.load("no/such/org")
    ... except OSError as e:
    ...     print(e)
    no/such/org: cannot open: ...
    """

    def __init__(self, message, code=None, domain=None):
        ValueStreamError.__init__(self, message, code, domain)

    def __str__(self):
        return self.message


class IgraphError(ValueStreamError):
    """igraph reported an error (out of memory, ...). VS_ERROR_IGRAPH.
    Caught as in ValueStreamError's example."""


class LimitError(ValueStreamError):
    """Input exceeds a documented limit of the library. VS_ERROR_LIMIT.
    Caught as in ValueStreamError's example."""


class NotFoundError(ValueStreamError, KeyError):
    """A unit or customer asked for does not exist. VS_ERROR_NOT_FOUND;
    also a KeyError, so mapping lookups behave as Python users expect.

    >>> a = vs.load("tests/data/spec").analyze()
    >>> "Z" in a.units, a.units.get("Z")
    (False, None)
    """

    def __str__(self):
        return self.message


class ClosedError(ValueStreamError, ValueError):
    """An Org or Analysis was used after close(). Also a ValueError, like
    I/O on a closed file.

    >>> org = vs.load("tests/data/tiny")
    >>> org.close()
    >>> try:
    ...     len(org.units)
    ... except ValueError as e:
    ...     print(e)
    this Org is closed
    """


class LibraryNotFoundError(ValueStreamError, ImportError):
    """libvaluestream could not be loaded, or its version does not match the
    bindings. The message names the VALUESTREAM_LIBRARY variable. An
    ImportError: ``import valuestream`` itself raises it, so catch it as one."""

    def __init__(self, message, code=None, domain=None):
        ValueStreamError.__init__(self, message, code, domain)

    def __str__(self):
        return self.message


_BY_CODE = {
    PARSE: ParseError,
    INVALID: InvalidError,
    IO: FileError,
    IGRAPH: IgraphError,
    LIMIT: LimitError,
    NOT_FOUND: NotFoundError,
}


def error_class_for_code(code):
    """The ValueStreamError subclass for a VsError code (the base for an
    unknown code, so a newer library's codes still raise something)."""
    return _BY_CODE.get(code, ValueStreamError)
