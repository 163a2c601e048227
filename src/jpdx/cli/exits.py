"""The exit policy: every outcome of a command as an exit status, and each failure as one
line on stderr (see :mod:`jpdx.cli`)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

from jpdx.cli.output import OutputError, flush
from jpdx.errors import IntegrityError, JpdxError

EXIT_OK = 0
EXIT_DAMAGED = 1
EXIT_BAD_INPUT = 2
EXIT_IO = 74
EXIT_INTERRUPTED = 130


class BadArgumentError(Exception):
    """An argument that is not text jpdx can read."""


def _discard_stdout() -> None:
    """Point stdout at the null device, so that output still buffered is not written
    (and does not fail again) when Python exits."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _fail(message: str, status: int) -> int:
    with contextlib.suppress(OSError):
        print(f"jpdx: {message}", file=sys.stderr)
    return status


def guarded(body: Callable[[], int]) -> int:
    """Run a command's ``body`` and return its exit status, or the status of its failure."""
    try:
        try:
            return body()
        except SystemExit as exit_:  # argparse: --help, --version, usage errors
            flush()
            return exit_.code if isinstance(exit_.code, int) else EXIT_BAD_INPUT
    except BadArgumentError as error:
        return _fail(f"error: {error}", EXIT_BAD_INPUT)
    except IntegrityError as error:
        return _fail(f"damaged data: {_one_line(error)}", EXIT_DAMAGED)
    except JpdxError as error:
        return _fail(f"error: {_one_line(error)}", EXIT_BAD_INPUT)
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_OK
    except OutputError as error:
        _discard_stdout()
        return _fail(f"error: {error}", EXIT_IO)
    except KeyboardInterrupt:
        _discard_stdout()
        return _fail("interrupted", EXIT_INTERRUPTED)
