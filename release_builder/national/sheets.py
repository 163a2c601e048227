"""Cells of published workbooks (``.xls``, ``.xlsx``), read with python-calamine, so that a
value's evidence re-finds its cell.

A workbook cell is addressed like a CSV cell (:class:`CellRef`) plus its sheet: the sheet's
name as the workbook gives it, and the 0-based row and column as
``CalamineSheet.to_python(skip_empty_area=False)`` yields them. Its quote is the cell as
written (:func:`cell_text`): a text cell's text, an integer with ``str``, a float with
``repr`` (``0.67``, ``11.200000000000001``), an empty cell as the empty string.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from python_calamine import CalamineWorkbook

from release_builder.national.cells import CellRef, RawTableError

Value = str | float | int
"""A cell as python-calamine reads it (a workbook of another cell type is refused)."""


def cell_text(value: object) -> str:
    """The quote of a cell: text as written, ``str`` of an int, ``repr`` of a float."""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"not a text or number cell: {value!r}")


@dataclass(frozen=True)
class Sheet:
    """The one sheet of a workbook: its name and its rows of cells."""

    file: str
    """The workbook's path under ``sources/reference/``."""
    name: str
    rows: tuple[tuple[Value, ...], ...]

    def where(self, row: int, column: int | None = None) -> str:
        """``file sheet 'name' row R column C`` for messages."""
        place = f"{self.file} sheet {self.name!r} row {row}"
        return place if column is None else f"{place} column {column}"

    def text(self, row: int, column: int) -> str:
        """The quote of a cell (:func:`cell_text`)."""
        return cell_text(self.rows[row][column])

    def cell(self, row: int, column: int, *, row_header_column: int, header_row: int) -> CellRef:
        """The address of a cell, with the cell of its row in ``row_header_column`` and the
        cell of its column in ``header_row`` as its headers."""
        return CellRef(
            self.file,
            row,
            column,
            self.text(row, column),
            self.text(row, row_header_column),
            self.text(header_row, column),
            self.name,
        )


@lru_cache(maxsize=64)
def read_sheet(reference_root: Path, file: str) -> Sheet:
    """The one sheet of the workbook ``file`` (under ``reference_root``): a workbook with
    several sheets, or a cell that is neither text nor a number, is a :class:`RawTableError`."""
    path = reference_root / file
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own error types for unreadable files
        raise RawTableError(f"{file}: not a readable workbook ({error})") from error
    if len(workbook.sheet_names) != 1:
        raise RawTableError(f"{file}: expected one sheet, found {workbook.sheet_names}")
    name = workbook.sheet_names[0]
    rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    sheet_rows: list[tuple[Value, ...]] = []
    for row, cells in enumerate(rows):
        checked: list[Value] = []
        for column, value in enumerate(cells):
            if isinstance(value, bool) or not isinstance(value, (str, float, int)):
                raise RawTableError(
                    f"{file} sheet {name!r} row {row} column {column}: a cell of type "
                    f"{type(value).__name__} ({value!r}), expected text or a number"
                )
            checked.append(value)
        sheet_rows.append(tuple(checked))
    return Sheet(file, name, tuple(sheet_rows))
