"""The errors jpdx raises on purpose.

Every error is a :class:`JpdxError` and also subclasses the builtin that fits
(``LookupError`` for unknown names, ``ValueError`` for malformed values,
``TypeError`` for arguments of the wrong type), so callers can catch either.
Messages name the bad value and, where there is a closed set, the valid choices.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable
from typing import TypeVar

_E = TypeVar("_E", bound="JpdxError")

_MAX_SHOWN_CHOICES = 40
_MAX_VALUE_CHARS = 80
_MAX_SEARCHED_CHOICES = 1_000


def describe(value: object) -> str:
    """A one-line, length-capped ``repr`` of a user-supplied value."""
    text = repr(value)
    if len(text) > _MAX_VALUE_CHARS:
        text = f"{text[: _MAX_VALUE_CHARS - 1]}…"
    return text


class JpdxError(Exception):
    """Base class of every error jpdx raises on purpose.

    ``value`` is the offending input (when there is one) and ``choices`` the
    valid alternatives (empty when the set is open).
    """

    def __init__(self, message: str, *, value: object = None, choices: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.value = value
        self.choices: tuple[str, ...] = tuple(choices)

    @classmethod
    def unknown(cls: type[_E], what: str, value: object, choices: Iterable[str]) -> _E:
        """Build "unknown <what> <value>; did you mean …?; valid choices: …".

        Among many choices, the close matches are looked for among the choices that sort
        near the value (a typo usually keeps the start of an id)."""
        valid = sorted(dict.fromkeys(choices))  # in order: quick when already sorted
        message = f"unknown {what} {describe(value)}"
        if isinstance(value, str) and valid:
            near = valid
            if len(valid) > _MAX_SEARCHED_CHOICES:
                at = bisect.bisect_left(valid, value)
                half = _MAX_SEARCHED_CHOICES // 2
                near = valid[max(0, at - half) : at + half]
            close = difflib.get_close_matches(value, near, n=3, cutoff=0.6)
            if close:
                message += f"; did you mean {', '.join(repr(c) for c in close)}?"
        shown = ", ".join(valid[:_MAX_SHOWN_CHOICES])
        if len(valid) > _MAX_SHOWN_CHOICES:
            shown += f", … ({len(valid)} in all)"
        if valid:
            message += f"; valid choices: {shown}"
        return cls(message, value=value, choices=valid)


class UnknownTableError(JpdxError, LookupError):
    """A table name that is not one of :func:`jpdx.tables`."""


class NotInReleaseError(JpdxError, LookupError):
    """Data jpdx knows that the chosen release does not have (a table, or the boundaries
    before release 2026.12.2); ``choices`` lists the releases that have it."""


class TableNotInReleaseError(UnknownTableError, NotInReleaseError):
    """A table jpdx knows that the chosen release does not have; ``choices`` lists the
    releases that have it."""


class UnknownVersionError(JpdxError, LookupError):
    """A release version that is not bundled (see :func:`jpdx.calver`) or not CalVer."""


class UnknownColumnError(JpdxError, LookupError):
    """A column that the table does not have."""


class UnknownFilterError(JpdxError, LookupError):
    """A query filter that the table does not support."""


class UnknownValueError(JpdxError, ValueError):
    """A value outside a closed vocabulary (an enum such as ``status`` or ``field``)."""


class UnknownIndicatorError(UnknownValueError, LookupError):
    """An indicator id that the release's indicators table does not have; ``choices`` lists
    the ids it has (the message suggests the close ones)."""


class UnknownPlaceError(JpdxError, LookupError):
    """A municipality or prefecture name, reading or code that matches nothing."""


class FormerPlaceError(UnknownPlaceError):
    """A former name or code of a place that merged, was renamed or changed status: no place
    of today has it, and ``choices`` lists the places of today it became."""


class AmbiguousNameError(JpdxError, LookupError):
    """A place name shared by several municipalities; ``choices`` lists every candidate."""


class InvalidCodeError(JpdxError, ValueError):
    """A local-government code that is malformed or has a wrong check digit."""


class InvalidDateError(JpdxError, ValueError):
    """A Japanese or Gregorian date, year or fiscal year that cannot be read or does not exist."""


class OutOfRangeError(JpdxError, ValueError):
    """A number outside what its column can hold or its model allows: a fiscal year
    outside 1886–2200, a negative count, an integer too large for a 64-bit column.
    The message names the filter, the value and the valid range."""


class InvalidArgumentError(JpdxError, TypeError):
    """An argument of the wrong type (a list where a string is expected, and so on)."""


class IntegrityError(JpdxError):
    """A bundled data file that is missing or does not match its recorded checksum or shape."""


class ExportError(JpdxError, OSError):
    """An export target that cannot be written: a file of that name exists, or no permission."""


class IncompatibleReleaseError(JpdxError, ValueError):
    """Records asked of a release written with another major schema version than this jpdx
    builds (its frames still load)."""
