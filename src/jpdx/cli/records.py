"""One record in full: every field a line, vocabulary values with their labels, nested
items (evidence) one by one, nothing abridged."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from jpdx.cli.layout import wrap_cells
from jpdx.vocabularies import column_vocabulary

if TYPE_CHECKING:
    import polars as pl

    from jpdx.tablespec import TableSpec

NULL = "null"
"""How the command line writes no value (Python's None), in output and in ``--where``."""

# -- one record in full ---------------------------------------------------------------------


def shown_text(text: str) -> str:
    """Text as the record view prints it: control characters other than line breaks
    escaped (``\\t``, ``\\r``), so that nothing is hidden and every cell is counted."""
    return "".join(
        c if c == "\n" or unicodedata.category(c) != "Cc" else repr(c)[1:-1] for c in text
    )


def _labelled(spec: TableSpec, column: str, value: object) -> str:
    vocabulary = column_vocabulary(spec, column) if isinstance(value, str) else None
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


def record_block(spec: TableSpec, row: dict[str, Any], width: int) -> str:
    """One row in full under a title naming its table and key, and a blank line."""
    key = row.get(spec.primary_key)
    title = f"{spec.name} {key}" if key is not None else spec.name
    lines = [*wrap_cells(title, width), *record_lines(spec, row, width)]
    return "\n".join(lines) + "\n\n"


def record_text(spec: TableSpec, frame: pl.DataFrame, width: int) -> str:
    """Each row of the frame in full, one field a line, separated by blank lines."""
    return "".join(record_block(spec, row, width) for row in frame.to_dicts())


# -- the other commands ---------------------------------------------------------------------
