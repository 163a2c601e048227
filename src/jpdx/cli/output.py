"""Writing the command's output: all at once, or a one-line reason why it cannot be."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class OutputError(Exception):
    """The output could not be written."""


def write(text: str, stream: SupportsWrite[str] | None = None) -> None:
    """Write all of the output at once: a text the encoding cannot represent is refused
    before anything is written."""
    stream = sys.stdout if stream is None else stream
    try:
        stream.write(text)
        flush = getattr(stream, "flush", None)
        if flush is not None:
            flush()
    except UnicodeEncodeError as error:
        bad = error.object[error.start : error.end]
        raise OutputError(
            f"cannot write {bad[:10]!r} in the output encoding {error.encoding!r}; use a "
            "UTF-8 locale or set PYTHONIOENCODING=utf-8"
        ) from None
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write the output: {error.strerror or error}") from None


def flush() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write the output: {error.strerror or error}") from None
