"""What each command does: its answer as text and an exit status."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from jpdx.cli.arguments import filters
from jpdx.cli.exits import EXIT_DAMAGED, EXIT_OK
from jpdx.cli.layout import fit_table, terminal_width, wrapped
from jpdx.cli.records import record_block, record_text
from jpdx.errors import InvalidArgumentError

if TYPE_CHECKING:
    import polars as pl

    from jpdx.tablespec import TableSpec

DEFAULT_TABLE_ROWS = 50


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
    from jpdx.formats import encode_nested
    from jpdx.store import bundled

    store = bundled()
    spec, version = store.spec(args.table, args.release)
    table = spec.name
    if args.format is None:
        args.format = "record" if args.ids else "table"
    selection = jpdx.query(table, version=version)
    if args.where:
        selection = selection.where(**filters(args.where))
    if args.ids:  # an unknown id is an error of the query's key check (or place lookup)
        selection = selection.where(**{spec.primary_key: list(dict.fromkeys(args.ids))})
    frame = selection.frame()
    if args.ids:  # in the order asked (places named otherwise than by code: in table order)
        order = {k: i for i, k in enumerate(dict.fromkeys(args.ids))}
        keys = frame.get_column(spec.primary_key).to_list()
        frame = frame[sorted(range(frame.height), key=lambda i: order.get(keys[i], len(order)))]
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
        return record_text(spec, frame, width) + wrapped(footer, width)
    if not frame.columns:
        return wrapped(footer, width)
    shown, hidden = fit_table(encode_nested(frame), width)
    text = shown + "\n" + wrapped(footer, width)
    if hidden:
        text += wrapped(
            f"not shown at this width ({width} columns): {', '.join(hidden)}; see --columns, "
            "--format record, or set COLUMNS",
            width,
        )
    return text


def _schema(args: argparse.Namespace) -> str:
    from jpdx.codebook import json_schema, schema_text
    from jpdx.store import bundled

    spec, _ = bundled().spec(args.table)  # a table of the default release
    table = spec.name
    if args.format == "json-schema":
        return json.dumps(json_schema(table), ensure_ascii=False, indent=2) + "\n"
    return schema_text(table) + "\n"


def run(args: argparse.Namespace) -> tuple[int, str]:
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
        from jpdx.tablespec import SPECS

        store = bundled()
        release = store.default_version()
        place = gazetteer(store, release).resolve(args.name)
        fields = place_fields(store, release, place)  # the record's data, without its model
        return EXIT_OK, record_block(SPECS["municipalities"], fields, terminal_width())
    elif args.command == "place":
        from jpdx.cli import place as place_command

        return EXIT_OK, place_command.run(args)
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
