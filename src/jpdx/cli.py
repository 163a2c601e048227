"""The ``jpdx`` command: a quick look at the data without writing Python.

User errors print one line on stderr and exit with status 2; damaged data exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from jpdx.errors import IntegrityError, InvalidArgumentError, JpdxError

SHOW_FORMATS = ("table", "csv", "json")
DEFAULT_TABLE_ROWS = 50


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line."""

    def error(self, message: str) -> NoReturn:
        # argparse quotes some values with repr() and not others: escape what would break the line
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
        self.exit(2, f"{self.prog}: error: {shown} (see '{self.prog} --help')\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jpdx", description="Cited data on Japanese local-government DX.")
    parser.add_argument("--version", action="version", version=_package_version())
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("tables", help="list the tables with their row counts")
    commands.add_parser("versions", help="list the bundled data releases")
    show = commands.add_parser("show", help="print rows of a table")
    show.add_argument("table", help="a table (see: jpdx tables)")
    show.add_argument("--version", dest="release", help="data release (default: newest)")
    show.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="FILTER=VALUE",
        help="filter rows; repeat a filter to accept any of several values",
    )
    show.add_argument("--columns", help="comma-separated columns to print")
    show.add_argument("--limit", type=int, help="print at most this many rows")
    show.add_argument("--format", choices=SHOW_FORMATS, default="table")
    schema = commands.add_parser("schema", help="describe the columns of a table")
    schema.add_argument("table", help="a table (see: jpdx tables)")
    schema.add_argument("--format", choices=("text", "json-schema"), default="text")
    place = commands.add_parser("municipality", help="look up a prefecture or municipality")
    place.add_argument("name", help="name, reading, romaji or code")
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


def _package_version() -> str:
    from jpdx import __version__

    return f"jpdx {__version__}"


def _filters(pairs: Sequence[str]) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidArgumentError(
                f"--where takes FILTER=VALUE (e.g. prefecture=兵庫県), got {pair!r}", value=pair
            )
        name = name.strip()
        if name in filters:
            previous = filters[name]
            filters[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            filters[name] = value
    return filters


def _show(args: argparse.Namespace) -> None:
    import polars as pl

    import jpdx
    from jpdx.errors import UnknownColumnError
    from jpdx.formats import encode_nested

    selection = jpdx.query(args.table, version=args.release)
    if args.where:
        selection = selection.where(**_filters(args.where))
    frame = selection.frame()
    total = frame.height
    if args.columns is not None:
        wanted = [c.strip() for c in args.columns.split(",") if c.strip()]
        if not wanted:
            raise InvalidArgumentError(
                f"--columns takes comma-separated column names, got {args.columns!r}; valid "
                f"choices: {', '.join(frame.columns)}",
                value=args.columns,
                choices=frame.columns,
            )
        for column in wanted:
            if column not in frame.columns:
                raise UnknownColumnError.unknown(f"column of {args.table}", column, frame.columns)
        frame = frame.select(wanted)
    if args.limit is not None:
        if args.limit < 0:
            raise InvalidArgumentError(
                f"--limit must be 0 or more, got {args.limit}", value=args.limit
            )
        frame = frame.head(args.limit)
    if args.format == "json":
        print(json.dumps(frame.to_dicts(), ensure_ascii=False, indent=2, default=str))
    elif args.format == "csv":
        sys.stdout.write(encode_nested(frame).write_csv())
    else:
        if not args.columns and "evidence" in frame.columns:
            frame = frame.drop("evidence")
        shown = frame.head(args.limit if args.limit is not None else DEFAULT_TABLE_ROWS)
        with pl.Config(
            tbl_rows=-1,
            tbl_cols=-1,
            fmt_str_lengths=48,
            tbl_width_chars=240,
            tbl_hide_dataframe_shape=True,
            tbl_hide_column_data_types=True,
        ):
            print(encode_nested(shown))
        print(f"{shown.height} of {total} rows of {args.table} (release {selection.version})")


def _schema(args: argparse.Namespace) -> None:
    from jpdx.codebook import json_schema, schema_text
    from jpdx.store import bundled

    spec, _ = bundled().spec(args.table)  # a table of the default release
    table = spec.name
    if args.format == "json-schema":
        print(json.dumps(json_schema(table), ensure_ascii=False, indent=2))
    else:
        print(schema_text(table))


def _run(args: argparse.Namespace) -> int:
    import jpdx

    if args.command == "tables":
        from jpdx.store import bundled

        store = bundled()
        version = store.resolve(None)
        manifest = store.manifest(version)
        for table in store.tables(version):
            print(f"{table:<20} {manifest.tables[table].rows:>6} rows")
        print(f"(release {version})")
    elif args.command == "versions":
        from jpdx.store import bundled

        store = bundled()
        default = store.default_version()
        for version in store.versions():
            published = store.index().releases[version].published
            state = f"published {published}" if published else "unpublished"
            mark = "  (default)" if version == default else ""
            print(f"{version}  {state}{mark}")
    elif args.command == "show":
        _show(args)
    elif args.command == "schema":
        _schema(args)
    elif args.command == "municipality":
        place = jpdx.municipality(args.name)
        for key, value in place.model_dump(mode="json").items():
            print(f"{key:<16} {value}")
    elif args.command == "diff":
        print(jpdx.diff(args.table, args.old, args.new))
    elif args.command == "export":
        from jpdx.store import bundled

        release = bundled().resolve(args.release)
        descriptor = jpdx.export(args.to, format=args.format, version=release)
        print(
            f"wrote {len(jpdx.tables(version=release))} tables of release {release} as {args.format}"
        )
        print(f"described by {descriptor}")
    elif args.command == "verify":
        from jpdx.store import bundled

        store = bundled()
        problems = store.verify()
        for problem in problems:
            print(f"FAIL {problem}", file=sys.stderr)
        if problems:
            return 1
        print(f"ok: every file of {len(store.versions())} release(s) matches its sha256")
    elif args.command == "cite":
        print(jpdx.cite(format=args.format))
    return 0


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jpdx`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except IntegrityError as error:
        print(f"jpdx: damaged data: {_one_line(error)}", file=sys.stderr)
        return 1
    except JpdxError as error:
        print(f"jpdx: error: {_one_line(error)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
