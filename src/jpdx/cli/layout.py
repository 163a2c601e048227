"""Fitting text to the terminal: cells of wide characters, tables narrowed column by
column, lines wrapped without dropping a character."""

from __future__ import annotations

import functools
import shutil
import textwrap
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

MIN_WIDTH = 20
"""Narrower terminals are treated as this wide."""
MAX_WIDTH = 65_535
"""Wider ones as this wide (the widest table polars draws)."""
MIN_COLUMN_CELLS = 16
"""A column is shown only if it gets at least this many cells (or its whole width)."""


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


def wrapped(line: str, width: int) -> str:
    return textwrap.fill(line, width, break_on_hyphens=False, break_long_words=True) + "\n"
