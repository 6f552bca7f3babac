# valuestream - argument checks done in Python before anything reaches C.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Turning Python arguments into C arguments, refusing what C must not see.

The C library only logs a critical for a programmer error (a NULL id, an
index out of range) and treats NaN as "unset", so the bindings check types,
ranges and NaN here. Bad *values* of the right type that the model rejects
raise InvalidError with the C library's message style (``field "score":
...``); wrong types raise TypeError.
"""

import math
import numbers
import os

from ._errors import INVALID, InvalidError

NAN = float("nan")
_UINT_MAX = 2 ** 32 - 1


def number(field, value):
    """A real number, or None (unset) -> NaN, for an optional numeric field."""
    if value is None:
        return NAN
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError('%s must be a number or None, not %s' % (field, type(value).__name__))
    try:
        x = float(value)
    except (OverflowError, ValueError) as exc:
        raise InvalidError('field "%s": %s' % (field, exc), INVALID) from None
    if math.isnan(x):
        raise InvalidError('field "%s": NaN is not a value (pass None for unset)' % field,
                           INVALID)
    return x


def real(what, value):
    """A required finite real number (options, survey helpers)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s must be a number, not %s" % (what, type(value).__name__))
    x = float(value)
    if not math.isfinite(x):
        raise ValueError("%s must be finite, not %r" % (what, x))
    return x


def count(what, value, lo=0, hi=_UINT_MAX):
    """An int in lo..hi (a C guint)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError("%s must be an int, not %s" % (what, type(value).__name__))
    if not lo <= value <= hi:
        raise ValueError("%s must be in %d..%d, not %d" % (what, lo, hi, value))
    return int(value)


def text(field, value, nullable=True):
    """A str as UTF-8 bytes for C (None stays None when @nullable)."""
    if value is None:
        if nullable:
            return None
        raise TypeError("%s must be a str, not None" % field)
    if not isinstance(value, str):
        raise TypeError("%s must be a str%s, not %s"
                        % (field, " or None" if nullable else "", type(value).__name__))
    if "\0" in value:
        raise InvalidError('field "%s": contains a NUL character' % field, INVALID)
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidError('field "%s": not valid UTF-8 (%s)' % (field, exc.reason),
                           INVALID) from None


def data(what, value):
    """Document contents (str or bytes) as bytes plus their length."""
    if isinstance(value, str):
        try:
            value = value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InvalidError("%s: not valid UTF-8 (%s)" % (what, exc.reason),
                               INVALID) from None
    elif isinstance(value, (bytearray, memoryview)):
        value = bytes(value)
    elif not isinstance(value, bytes):
        raise TypeError("%s must be str or bytes, not %s" % (what, type(value).__name__))
    return value, len(value)


def path(what, value):
    """A filesystem path (str, bytes or os.PathLike) as bytes for C."""
    try:
        raw = os.fsencode(value)
    except TypeError:
        raise TypeError("%s must be a path (str, bytes or os.PathLike), not %s"
                        % (what, type(value).__name__)) from None
    if b"\0" in raw:
        raise ValueError("%s: embedded null byte" % what)
    return raw
