"""The ``jpdx`` command: a quick look at the data without writing Python.

Layers, data flowing one way: :mod:`~jpdx.cli.arguments` (the command line, parsed),
:mod:`~jpdx.cli.commands` (what each command does), which draws with
:mod:`~jpdx.cli.layout` (fitting text to the terminal) and :mod:`~jpdx.cli.records`
(one record in full); :mod:`~jpdx.cli.place` is the ``place`` command (its arguments,
a place's sections in the terminal's width); :mod:`~jpdx.cli.output` writes, and :mod:`~jpdx.cli.exits` turns
every outcome into an exit status.

Every failure is one line on stderr and an exit status:

* 0 — done (also when the reader of a pipe stops early, as ``| head`` does: quietly);
* 1 — damaged data: a bundled file fails its checksum (``jpdx verify`` lists each one);
* 2 — bad input: a usage mistake, an unknown table, filter, column, value, id or place,
  an out-of-range number, an argument that is not UTF-8 text;
* 74 — the output cannot be written (disk full, a closed stream, or an output encoding
  that cannot represent the text, such as ``PYTHONIOENCODING=ascii``); 74 is ``EX_IOERR``
  of ``sysexits.h``;
* 130 — interrupted (Ctrl-C).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from jpdx.cli.arguments import decode_arguments, parse, parser
from jpdx.cli.commands import run
from jpdx.cli.exits import guarded
from jpdx.cli.output import write

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jpdx`` command; returns the exit status (see the module)."""

    def body() -> int:
        arguments = decode_arguments(sys.argv[1:] if argv is None else argv)
        status, text = run(parse(parser(), arguments))
        write(text)
        return status

    return guarded(body)
