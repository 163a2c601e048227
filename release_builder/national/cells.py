"""Addresses of cells in published CSV files (and workbooks: :mod:`.sheets`), so a value's
evidence re-finds its cell.

A cell is addressed by the file (relative to ``sources/reference/``), the 0-based
index of its record and of its field as Python's :mod:`csv` reader yields them from the
file's UTF-8 text (a byte-order mark removed; record 0 is the first record, usually the
header), and carries the cell's text verbatim plus the header texts of its row and
column, so that a shifted row or column is detected, not silently read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from release_builder.errors import CurationError


@dataclass(frozen=True)
class CellRef:
    """One cell of a published CSV file, with the headers it sits under."""

    file: str
    row: int
    column: int
    text: str
    row_header: str
    column_header: str
    sheet: str | None = None
    """The sheet of a workbook's cell (:mod:`release_builder.national.sheets`); None for CSV."""


@dataclass(frozen=True)
class Observation:
    """One published figure for one place, measure and reference date, as read from its cell."""

    dataset: str
    lg_code: str
    code_as_published: str | None
    name_as_published: str
    measure: str
    reference_date: dt.date | None
    value_text: str
    value_number: float | None
    value_answer: str | None
    cell: CellRef


class RawTableError(CurationError):
    """A published file does not have the shape its import expects (names file, row, column):
    a curation error, so the builder reports it on one line and writes nothing."""


def read_records(path: Path) -> list[list[str]]:
    """Every record of a CSV file as the csv module reads its UTF-8 text (BOM removed);
    a file that is not UTF-8 or not CSV (a NUL byte, on Python 3.10) is a RawTableError."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        row, column = data.count(b"\n", 0, error.start), data.count(b",", line_start, error.start)
        raise RawTableError(
            f"{path} row {row} column {column}: not UTF-8 text (byte {error.start}: {error.reason})"
        ) from error
    if "\x00" in text:  # the csv module of Python 3.10 refuses it without saying where
        marked = list(csv.reader(io.StringIO(text.replace("\x00", "\uffff"), newline="")))
        row, column = next(
            (r, c)
            for r, record in enumerate(marked)
            for c, cell in enumerate(record)
            if "\uffff" in cell
        )
        raise RawTableError(f"{path} row {row} column {column}: the cell holds a NUL character")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise RawTableError(f"{path}: not a CSV file ({error})") from error


def refind(reference_root: Path, cell: CellRef, row_header_column: int, header_row: int) -> None:
    """Raise :class:`RawTableError` unless the cell, its row header and column header are where
    ``cell`` says (the row header is field ``row_header_column`` of the same record; the column
    header is field ``cell.column`` of record ``header_row``)."""
    records = read_records(reference_root / cell.file)
    where = f"{cell.file} row {cell.row} column {cell.column}"
    try:
        found = records[cell.row][cell.column]
        row_header = records[cell.row][row_header_column]
        column_header = records[header_row][cell.column]
    except IndexError as error:
        raise RawTableError(f"{where}: no such cell") from error
    if (found, row_header, column_header) != (cell.text, cell.row_header, cell.column_header):
        raise RawTableError(
            f"{where}: expected {cell.text!r} under {cell.row_header!r} / {cell.column_header!r}, "
            f"found {found!r} under {row_header!r} / {column_header!r}"
        )
