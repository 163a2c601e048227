"""The command line, parsed: the commands and their options, arguments decoded as text,
and ``--where`` values split."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from jpdx.cli.exits import EXIT_BAD_INPUT, BadArgumentError
from jpdx.cli.output import write
from jpdx.cli.records import NULL
from jpdx.errors import InvalidArgumentError, describe

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

SHOW_FORMATS = ("table", "record", "csv", "json")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line."""

    def error(self, message: str) -> NoReturn:
        # argparse quotes some values with repr() and not others: escape what would break the line
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {shown} (see '{self.prog} --help')\n")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse ignores a failed write (--help > /dev/full would exit 0, printing nothing)
        if message:
            write(message, file or sys.stderr)


WHERE_HELP = (
    "filter rows; several values separated by commas mean any of them (so does repeating a "
    "filter); the value null means no value; a backslash makes the next character literal "
    r"(\, is a comma, \\ a backslash, \null the text null)"
)


def parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jpdx", description="Cited data on Japanese local-government DX.")
    parser.add_argument("--version", action="version", version=_package_version())
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("tables", help="list the tables with their row counts")
    commands.add_parser("versions", help="list the bundled data releases")
    show = commands.add_parser(
        "show",
        help="print rows of a table, or whole records by id",
        description="Print rows of a table (a table fitted to the terminal's width), or, "
        "given ids, every field of those records with their evidence in full.",
    )
    show.add_argument("table", help="a table (see: jpdx tables)")
    show.add_argument(
        "ids", nargs="*", metavar="ID", help="primary keys of records to show in full"
    )
    show.add_argument("--version", dest="release", help="data release (default: newest)")
    show.add_argument(
        "--where", action="append", default=[], metavar="FILTER=VALUE[,VALUE...]", help=WHERE_HELP
    )
    show.add_argument(
        "--columns",
        help="comma-separated columns to print, or 'all' (default: the table's main columns "
        "in a table, every column otherwise)",
    )
    show.add_argument("--limit", type=int, help="print at most this many rows")
    show.add_argument(
        "--format",
        choices=SHOW_FORMATS,
        help="table (the default), record (every field, evidence in full; the default with "
        "ids), csv or json",
    )
    schema = commands.add_parser("schema", help="describe the columns of a table")
    schema.add_argument("table", help="a table (see: jpdx tables)")
    schema.add_argument("--format", choices=("text", "json-schema"), default="text")
    place = commands.add_parser("municipality", help="look up a prefecture or municipality")
    place.add_argument("name", help="name, reading, romaji or code")
    from jpdx.cli import place as place_command

    place_command.add_parser(commands)
    diff = commands.add_parser("diff", help="compare a table between two releases")
    diff.add_argument("table")
    diff.add_argument("old")
    diff.add_argument("new")
    export = commands.add_parser(
        "export", help="write every table and a Frictionless datapackage.json to a folder"
    )
    export.add_argument("--to", required=True, metavar="DIR", help="folder to write (created)")
    export.add_argument("--format", default="parquet", help="parquet (default) or csv")
    export.add_argument("--version", dest="release", help="data release (default: newest)")
    commands.add_parser("verify", help="check the sha256 of every bundled file")
    cite = commands.add_parser("cite", help="how to cite jpdx")
    cite.add_argument("--format", choices=("text", "bibtex", "apa"), default="text")
    return parser


def parse(parser: argparse.ArgumentParser, arguments: list[str]) -> argparse.Namespace:
    """The parsed arguments; ids of ``show`` may come after its options too (argparse
    alone takes positionals only before them)."""
    args, extra = parser.parse_known_args(arguments)
    if extra and args.command == "show" and not any(e.startswith("-") for e in extra):
        args.ids = [*args.ids, *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _package_version() -> str:
    from jpdx import __version__

    return f"jpdx {__version__}"


# -- arguments ------------------------------------------------------------------------------


def decode_arguments(argv: Sequence[str]) -> list[str]:
    """The arguments as text. Under a locale that cannot decode them (``LC_ALL=C`` without
    UTF-8 mode), Python keeps the undecodable bytes as surrogates: those arguments are
    decoded again from their bytes as UTF-8, and an argument that is not UTF-8 is refused."""
    decoded = []
    for number, argument in enumerate(argv, 1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            try:
                raw = os.fsencode(argument)
                argument = raw.decode("utf-8")
            except UnicodeEncodeError:  # a surrogate no decoding leaves: not from bytes
                raise BadArgumentError(
                    f"argument {number} is not text: {describe(argument)}"
                ) from None
            except UnicodeDecodeError:
                raise BadArgumentError(
                    f"argument {number} is not UTF-8 text: {raw[:60]!r}"
                    f"{'…' if len(raw) > 60 else ''}"
                ) from None
        decoded.append(argument)
    return decoded


def split_values(text: str) -> list[str | None]:
    """The values of one ``--where FILTER=VALUE``: separated by commas; a value written
    exactly ``null`` is None; a backslash makes the next character literal (``\\,`` a
    comma, ``\\\\`` a backslash, ``\\null`` the text ``null``); a backslash at the end is
    itself."""
    values: list[str | None] = []
    current: list[str] = []
    escaped = False
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index + 1])
            escaped = True
            index += 2
            continue
        if char == ",":
            values.append(_value("".join(current), escaped))
            current, escaped = [], False
        else:
            current.append(char)
        index += 1
    values.append(_value("".join(current), escaped))
    return values


def _value(text: str, escaped: bool) -> str | None:
    return None if text == NULL and not escaped else text


def filters(pairs: Sequence[str]) -> dict[str, Any]:
    filters: dict[str, list[Any]] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidArgumentError(
                f"--where takes FILTER=VALUE (e.g. prefecture=兵庫県), got {pair!r}", value=pair
            )
        filters.setdefault(name.strip(), []).extend(split_values(value))
    # one value is passed as itself, as a Python caller would write it
    return {name: values[0] if len(values) == 1 else values for name, values in filters.items()}


# -- widths ---------------------------------------------------------------------------------
