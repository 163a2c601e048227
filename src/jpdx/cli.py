"""The ``jpdx`` command: a quick look at the data without writing Python.

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

import argparse
import contextlib
import functools
import json
import os
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from jpdx.errors import IntegrityError, InvalidArgumentError, JpdxError, describe

if TYPE_CHECKING:
    import polars as pl
    from _typeshed import SupportsWrite

    from jpdx.tablespec import TableSpec

EXIT_OK = 0
EXIT_DAMAGED = 1
EXIT_BAD_INPUT = 2
EXIT_IO = 74
EXIT_INTERRUPTED = 130

SHOW_FORMATS = ("table", "record", "csv", "json")
DEFAULT_TABLE_ROWS = 50
MIN_WIDTH = 20
"""Narrower terminals are treated as this wide."""
MAX_WIDTH = 65_535
"""Wider ones as this wide (the widest table polars draws)."""
MIN_COLUMN_CELLS = 16
"""A column is shown only if it gets at least this many cells (or its whole width)."""
NULL = "null"
"""A ``--where`` value written exactly so means no value (Python's None)."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line."""

    def error(self, message: str) -> NoReturn:
        # argparse quotes some values with repr() and not others: escape what would break the line
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {shown} (see '{self.prog} --help')\n")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse ignores a failed write (--help > /dev/full would exit 0, printing nothing)
        if message:
            _write(message, file or sys.stderr)


WHERE_HELP = (
    "filter rows; several values separated by commas mean any of them (so does repeating a "
    "filter); the value null means no value; a backslash makes the next character literal "
    r"(\, is a comma, \\ a backslash, \null the text null)"
)


def _parser() -> argparse.ArgumentParser:
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
    from jpdx import cli_place

    cli_place.add_parser(commands)
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


def _parse(parser: argparse.ArgumentParser, arguments: list[str]) -> argparse.Namespace:
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


class _BadArgumentError(Exception):
    """An argument that is not text jpdx can read."""


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
                raise _BadArgumentError(
                    f"argument {number} is not text: {describe(argument)}"
                ) from None
            except UnicodeDecodeError:
                raise _BadArgumentError(
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


def _filters(pairs: Sequence[str]) -> dict[str, Any]:
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


@functools.cache
def char_cells(char: str) -> int:
    """Terminal cells of one character: 2 for East Asian wide and full-width characters,
    0 for combining marks and format characters, 1 otherwise."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    """Terminal cells of a line of text."""
    return len(text) if text.isascii() else sum(map(char_cells, text))


def terminal_width() -> int:
    """The width to fit: ``COLUMNS`` if set, else the terminal's, else 80."""
    return min(MAX_WIDTH, max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns))


def _render(frame: pl.DataFrame, width: int) -> str:
    import polars as pl

    with pl.Config(
        tbl_rows=-1,
        tbl_cols=-1,
        fmt_str_lengths=48,
        tbl_width_chars=width,
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True,
    ):
        return str(frame)


def _column_cells(rendered: str) -> list[int]:
    """The content width of each column of a rendered table, from its top border."""
    top = rendered.splitlines()[0]
    return [len(segment) - 2 for segment in top[1:-1].split("┬")]


def fit_table(frame: pl.DataFrame, width: int) -> tuple[str, list[str]]:
    """The frame as a table no wider than ``width`` cells, and the columns left out.

    Columns are taken in order while the table fits and each gets at least
    :data:`MIN_COLUMN_CELLS` cells (or its whole width, or its name's); longer cells wrap.
    """
    natural_text = _render(frame, MAX_WIDTH)
    natural = dict(zip(frame.columns, _column_cells(natural_text), strict=True))
    if all(cells(line) <= width for line in natural_text.splitlines()):
        return natural_text, []  # every column at its full width fits
    wanted = {c: min(n, max(cells(c), MIN_COLUMN_CELLS)) for c, n in natural.items()}
    kept: list[str] = []
    shown = ""
    for column in frame.columns:
        trial = [*kept, column]
        rendered = _render(frame.select(trial), width)
        fits = all(cells(line) <= width for line in rendered.splitlines())
        if fits and all(
            got >= wanted[c] for c, got in zip(trial, _column_cells(rendered), strict=True)
        ):
            kept, shown = trial, rendered
    if not kept:  # not even one column gets its cells: the first, wrapped to the width
        kept = frame.columns[:1]
        shown = _render(frame.select(kept), width)
    return shown, [c for c in frame.columns if c not in kept]


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` cells, nothing dropped: joined, the
    lines are ``text``. A line ends after a space when one is near its end."""
    width = max(width, 2)
    lines: list[str] = []
    start = 0
    while True:
        used = 0
        index = start
        while index < len(text) and used + char_cells(text[index]) <= width:
            used += char_cells(text[index])
            index += 1
        if index >= len(text):
            lines.append(text[start:])
            return lines
        if index == start:  # a character wider than the width: alone on its line
            index += 1
        else:
            space = text.rfind(" ", start, index)
            if space >= 0 and index - space <= 20 and space + 1 > start:
                index = space + 1
        lines.append(text[start:index])
        start = index


# -- show -----------------------------------------------------------------------------------


def _columns(args: argparse.Namespace, spec: TableSpec, frame: pl.DataFrame) -> list[str]:
    """The columns to print: --columns, or the table's default columns (table format)."""
    from jpdx.errors import UnknownColumnError

    present = frame.columns
    if args.columns is None:
        if args.format != "table":
            return present
        defaults = [c for c in spec.default_columns if c in present]
        return defaults or [c for c in present if c != "evidence"]
    if args.columns.strip() == "all":
        return present
    wanted = [c.strip() for c in args.columns.split(",") if c.strip()]
    if not wanted:
        raise InvalidArgumentError(
            f"--columns takes comma-separated column names or 'all', got {args.columns!r}; "
            f"valid choices: {', '.join(present)}",
            value=args.columns,
            choices=present,
        )
    for column in wanted:
        if column not in present:
            raise UnknownColumnError.unknown(f"column of {spec.name}", column, present)
    twice = sorted({c for c in wanted if wanted.count(c) > 1})
    if twice:
        raise InvalidArgumentError(
            f"--columns names {', '.join(repr(c) for c in twice)} more than once: name each "
            f"column once, got {args.columns!r}",
            value=args.columns,
        )
    return wanted


def _show(args: argparse.Namespace) -> str:
    import jpdx
    from jpdx.errors import UnknownValueError
    from jpdx.formats import encode_nested
    from jpdx.store import bundled

    store = bundled()
    spec, version = store.spec(args.table, args.release)
    table = spec.name
    if args.format is None:
        args.format = "record" if args.ids else "table"
    selection = jpdx.query(table, version=version)
    if args.where:
        selection = selection.where(**_filters(args.where))
    if args.ids:
        key = spec.primary_key
        known = store.frame(table, version).get_column(key).to_list()
        present = set(known)
        for wanted in args.ids:
            if wanted not in present:
                raise UnknownValueError.unknown(f"{key} of {table}", wanted, known)
        selection = selection.where(**{key: list(dict.fromkeys(args.ids))})
    frame = selection.frame()
    if args.ids:  # in the order asked
        order = {k: i for i, k in enumerate(dict.fromkeys(args.ids))}
        keys = frame.get_column(spec.primary_key).to_list()
        frame = frame[sorted(range(frame.height), key=lambda i: order[keys[i]])]
    total = frame.height
    frame = frame.select(_columns(args, spec, frame))
    if args.limit is not None:
        if args.limit < 0:
            raise InvalidArgumentError(
                f"--limit must be 0 or more, got {args.limit}", value=args.limit
            )
        frame = frame.head(min(args.limit, frame.height))  # an int polars can take
    if args.format == "json":
        return json.dumps(frame.to_dicts(), ensure_ascii=False, indent=2, default=str) + "\n"
    if args.format == "csv":
        return str(encode_nested(frame).write_csv())
    width = terminal_width()
    if args.limit is None and not args.ids:
        frame = frame.head(DEFAULT_TABLE_ROWS)
    footer = f"{frame.height} of {total} rows of {table} (release {version})"
    if args.format == "record":
        return record_text(spec, frame, width) + _wrapped(footer, width)
    if not frame.columns:
        return _wrapped(footer, width)
    shown, hidden = fit_table(encode_nested(frame), width)
    text = shown + "\n" + _wrapped(footer, width)
    if hidden:
        text += _wrapped(
            f"not shown at this width ({width} columns): {', '.join(hidden)}; see --columns, "
            "--format record, or set COLUMNS",
            width,
        )
    return text


def _wrapped(line: str, width: int) -> str:
    return textwrap.fill(line, width, break_on_hyphens=False, break_long_words=True) + "\n"


# -- one record in full ---------------------------------------------------------------------


def shown_text(text: str) -> str:
    """Text as the record view prints it: control characters other than line breaks
    escaped (``\\t``, ``\\r``), so that nothing is hidden and every cell is counted."""
    return "".join(
        c if c == "\n" or unicodedata.category(c) != "Cc" else repr(c)[1:-1] for c in text
    )


def _labelled(spec: TableSpec, column: str, value: object) -> str:
    from jpdx.schema import column_enum

    vocabulary = column_enum(spec, column) if isinstance(value, str) else None
    if vocabulary is not None:
        try:
            member = vocabulary(value)
        except ValueError:
            return str(value)
        label = getattr(member, "ja", "")
        return f"{value} ({label})" if label else str(value)
    return str(value)


def _scalar(spec: TableSpec, column: str, value: object) -> str:
    if value is None:
        return NULL
    if isinstance(value, list):
        return ", ".join(_labelled(spec, column, v) for v in value) if value else "[]"
    return _labelled(spec, column, value)


def _field_lines(name: str, value: str, indent: int, name_cells: int, width: int) -> list[str]:
    prefix = " " * indent + name.ljust(name_cells) + "  "
    room = width - len(prefix)
    lines = []
    for number, part in enumerate(shown_text(value).split("\n")):
        for piece_number, piece in enumerate(wrap_cells(part, room)):
            first = number == 0 and piece_number == 0
            lines.append((prefix if first else " " * len(prefix)) + piece)
    return lines


def record_lines(spec: TableSpec, row: dict[str, Any], width: int) -> list[str]:
    """Every field of one row, nested items (evidence) one by one, nothing abridged."""
    name_cells = max(len(c) for c in row)
    lines = []
    for column, value in row.items():
        items = value if isinstance(value, list) else None
        if items and all(isinstance(i, dict) for i in items):
            lines.append(f"  {column} ({len(items)})")
            for number, item in enumerate(items, 1):
                marker = f"{number}. "
                sub_cells = max(len(k) for k in item)
                for position, (key, sub) in enumerate(item.items()):
                    text = NULL if sub is None else str(sub)
                    field = _field_lines(key, text, 4 + len(marker), sub_cells, width)
                    if position == 0:
                        field[0] = "    " + marker + field[0][4 + len(marker) :]
                    lines.extend(field)
        elif isinstance(value, dict):
            lines.append(f"  {column}")
            sub_cells = max(len(k) for k in value)
            for key, sub in value.items():
                lines.extend(_field_lines(key, _scalar(spec, key, sub), 4, sub_cells, width))
        else:
            lines.extend(_field_lines(column, _scalar(spec, column, value), 2, name_cells, width))
    return lines


def record_text(spec: TableSpec, frame: pl.DataFrame, width: int) -> str:
    """Each row of the frame in full, one field a line, separated by blank lines."""
    blocks = []
    for row in frame.to_dicts():
        key = row.get(spec.primary_key)
        title = f"{spec.name} {key}" if key is not None else spec.name
        lines = [*wrap_cells(title, width), *record_lines(spec, row, width)]
        blocks.append("\n".join(lines) + "\n\n")
    return "".join(blocks)


# -- the other commands ---------------------------------------------------------------------


def _schema(args: argparse.Namespace) -> str:
    from jpdx.codebook import json_schema, schema_text
    from jpdx.store import bundled

    spec, _ = bundled().spec(args.table)  # a table of the default release
    table = spec.name
    if args.format == "json-schema":
        return json.dumps(json_schema(table), ensure_ascii=False, indent=2) + "\n"
    return schema_text(table) + "\n"


def _run(args: argparse.Namespace) -> tuple[int, str]:
    """Run a command: its exit status and what it prints on stdout."""
    import jpdx

    lines: list[str] = []
    if args.command == "tables":
        from jpdx.store import bundled

        store = bundled()
        version = store.resolve(None)
        manifest = store.manifest(version)
        for table in store.tables(version):
            lines.append(f"{table:<20} {manifest.tables[table].rows:>6} rows")
        lines.append(f"(release {version})")
    elif args.command == "versions":
        from jpdx.store import bundled

        store = bundled()
        default = store.default_version()
        for version in store.versions():
            published = store.index().releases[version].published
            state = f"published {published}" if published else "unpublished"
            mark = "  (default)" if version == default else ""
            lines.append(f"{version}  {state}{mark}")
    elif args.command == "show":
        return EXIT_OK, _show(args)
    elif args.command == "schema":
        return EXIT_OK, _schema(args)
    elif args.command == "municipality":
        from jpdx.places import gazetteer, place_fields
        from jpdx.store import bundled

        store = bundled()
        release = store.default_version()
        place = gazetteer(store, release).resolve(args.name)
        for key, value in place_fields(store, release, place).items():
            lines.append(f"{key:<16} {value}")
    elif args.command == "place":
        from jpdx import cli_place

        return EXIT_OK, cli_place.run(args)
    elif args.command == "diff":
        lines.append(str(jpdx.diff(args.table, args.old, args.new)))
    elif args.command == "export":
        from jpdx.store import bundled

        release = bundled().resolve(args.release)
        descriptor = jpdx.export(args.to, format=args.format, version=release)
        count = len(jpdx.tables(version=release))
        lines.append(f"wrote {count} tables of release {release} as {args.format}")
        lines.append(f"described by {descriptor}")
    elif args.command == "verify":
        from jpdx.store import bundled

        store = bundled()
        problems = store.verify()
        for problem in problems:
            print(f"FAIL {problem}", file=sys.stderr)
        if problems:
            return EXIT_DAMAGED, ""
        lines.append(f"ok: every file of {len(store.versions())} release(s) matches its sha256")
    elif args.command == "cite":
        lines.append(jpdx.cite(format=args.format))
    return EXIT_OK, "".join(f"{line}\n" for line in lines)


# -- output and exit status -----------------------------------------------------------------


class _OutputError(Exception):
    """The output could not be written."""


def _write(text: str, stream: SupportsWrite[str] | None = None) -> None:
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
        raise _OutputError(
            f"cannot write {bad[:10]!r} in the output encoding {error.encoding!r}; use a "
            "UTF-8 locale or set PYTHONIOENCODING=utf-8"
        ) from None
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _OutputError(f"cannot write the output: {error.strerror or error}") from None


def _flush() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _OutputError(f"cannot write the output: {error.strerror or error}") from None


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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jpdx`` command; returns the exit status (see the module)."""
    try:
        try:
            arguments = decode_arguments(sys.argv[1:] if argv is None else argv)
            args = _parse(_parser(), arguments)
            status, text = _run(args)
            _write(text)
            return status
        except SystemExit as exit_:  # argparse: --help, --version, usage errors
            _flush()
            return exit_.code if isinstance(exit_.code, int) else EXIT_BAD_INPUT
    except _BadArgumentError as error:
        return _fail(f"error: {error}", EXIT_BAD_INPUT)
    except IntegrityError as error:
        return _fail(f"damaged data: {_one_line(error)}", EXIT_DAMAGED)
    except JpdxError as error:
        return _fail(f"error: {_one_line(error)}", EXIT_BAD_INPUT)
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_OK
    except _OutputError as error:
        _discard_stdout()
        return _fail(f"error: {error}", EXIT_IO)
    except KeyboardInterrupt:
        _discard_stdout()
        return _fail("interrupted", EXIT_INTERRUPTED)


if __name__ == "__main__":
    sys.exit(main())
