"""総務省 「全市町村の主要財政指標」 and 「都道府県の主要財政指標」, FY2005–FY2021: each body's
財政力指数, 経常収支比率, 実質公債費比率, 起債制限比率 (to FY2007), 将来負担比率 (from FY2008)
and ラスパイレス指数 (with its 参考値 in FY2012–FY2013), one workbook per level and fiscal year.

Each workbook is read strictly (:func:`read_workbook`): a title row, a header row whose
identifying columns are one of :data:`IDENTITY` and whose other columns are indicators of
``indicators.toml``, the data rows, the publisher's average row (全国市町村平均 or 都道府県平均:
an aggregate, not a place, not imported), then footnotes only. A value cell is a number, a number
written as text, ``-``/``－`` (not applicable: no number, the answer ``not_applicable``), a
number in brackets on a 特別区's row (FY2008 marks the wards' 財政力指数 and 経常収支比率,
computed differently, so), or empty (null); anything else stops the build naming file, sheet,
row and column.

A workbook lists the bodies as they stood at the end of its fiscal year (31 March): a row is
placed on that day, by its 団体コード from FY2011 and by prefecture and name before
(:class:`~release_builder.national.placing.Placer`), and its values are filed under the code the
body has today, or the code it had when it ceased (:meth:`CodeHistory.lineage`): a value of a
body that merged away stays that body's, under its own code (``former_municipalities``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from release_builder.national.cells import CellRef, RawTableError
from release_builder.national.importer import Context, Rows
from release_builder.national.labels import read_labels
from release_builder.national.placing import Placer, PlacingError
from release_builder.national.sheets import Sheet, read_sheet
from release_builder.national.tables import Tables, row_id

FOLDER: Final = "mic-fiscal-indicators"
DEFINITIONS_FILE: Final = "indicators.toml"
DEFINITIONS_PDF: Final = f"{FOLDER}/000781152.pdf"
NOTES_PDF: Final = f"{FOLDER}/000781153.pdf"
LEVELS: Final = ("city", "prefecture")
TITLES: Final = {"city": "全市町村の主要財政指標", "prefecture": "全都道府県の主要財政指標"}
IDENTITY: Final = {
    "city": (("団体コード", "都道府県名", "団体名"), ("都道府県名", "団体名")),
    "prefecture": (("都道府県名",),),
}
"""The identifying columns a header row may start with, per level."""
AVERAGES: Final = {
    "city": (("全国市町村", "平均"), ("全国市町村平均", "")),
    "prefecture": (("都道府県平均",),),
}
"""How the publisher's average row starts, per level (its first cells)."""
NOT_APPLICABLE: Final = frozenset({"-", "－"})
_ERAS: Final = {"H": 1988, "R": 2018}
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_BRACKETED = re.compile(r"\((-?[0-9]+(?:\.[0-9]+)?)\)")
_LASPEYRES_DATE = re.compile(r"ラスパイレス指数は.*現在")


@dataclass(frozen=True)
class Note:
    """A note of 000781153.pdf (指標のみかた) on an indicator: page, verbatim quote, clean text."""

    page: int
    quote: str
    text: str


@dataclass(frozen=True)
class Definition:
    """One indicator of ``indicators.toml``: the header that names it in the workbooks."""

    header: str
    id: str
    name_en: str
    kind: str
    unit: str | None
    page: int | None
    quote: str | None
    definition: str | None
    footnote: str | None
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Definitions:
    """The indicators by header, and the answer of a not-applicable cell."""

    by_header: Mapping[str, Definition]
    not_applicable: tuple[str, str, str]


def _squeezed(text: str) -> str:
    return "".join(text.split())


def read_definitions(reference: Path) -> Definitions:
    """``indicators.toml`` of the folder, each quote's clean text checked against it."""
    path = f"{FOLDER}/{DEFINITIONS_FILE}"
    data = read_labels(reference, path)
    by_header = {}
    for entry in data["indicators"]:
        notes = tuple(Note(n["page"], n["quote"], n["text"]) for n in entry["notes"])
        definition = Definition(
            header=entry["header"],
            id=entry["id"],
            name_en=entry["name_en"],
            kind=entry["kind"],
            unit=entry.get("unit"),
            page=entry.get("page"),
            quote=entry.get("quote"),
            definition=entry.get("definition"),
            footnote=entry.get("footnote"),
            notes=notes,
        )
        pairs = [(definition.quote, definition.definition), *((n.quote, n.text) for n in notes)]
        for quote, text in pairs:
            if (quote is None) != (text is None) or (
                quote is not None and text is not None and _squeezed(quote) != _squeezed(text)
            ):
                raise RawTableError(f"{path}: {definition.header!r}: {text!r} is not {quote!r}")
        by_header[definition.header] = definition
    answer = data["not_applicable"]
    return Definitions(by_header, (answer["value"], answer["ja"], answer["en"]))


def fiscal_year(file_name: str) -> int:
    """The fiscal year of a workbook named by its era year (``H17.xls`` → 2005)."""
    match = re.fullmatch(r"([HR])(\d+)\.xlsx?", file_name)
    if match is None:
        raise RawTableError(f"{FOLDER}: {file_name!r} is not named by an era year (H17.xls)")
    return _ERAS[match[1]] + int(match[2])


def placed_on(year: int) -> dt.date:
    """The day a fiscal year's workbook lists the bodies of: the year's last day."""
    return dt.date(year + 1, 3, 31)


@dataclass(frozen=True)
class Value:
    """One value cell: its indicator, address, number and whether it is not applicable."""

    definition: Definition
    cell: CellRef
    number: float | None
    not_applicable: bool


@dataclass(frozen=True)
class FiscalRow:
    """One data row of a workbook: the body as published and its values."""

    row: int
    prefecture: str
    name: str
    code: str | None
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Workbook:
    """One workbook read: level, fiscal year, its sheet, data rows and footnote cells."""

    level: str
    year: int
    sheet: Sheet
    rows: tuple[FiscalRow, ...]
    footnotes: tuple[CellRef, ...]


def parse_value(value: object, where: str, *, bracketed: bool) -> tuple[float | None, bool]:
    """The number of a value cell and whether it states "not applicable": a number, a number
    as text, ``-``/``－``, empty (null), or — where ``bracketed`` — a number in brackets;
    anything else is a :class:`RawTableError` naming ``where``."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RawTableError(f"{where}: not a value: {value!r}")
    if not isinstance(value, str):
        return float(value), False
    if value == "":
        return None, False
    if value in NOT_APPLICABLE:
        return None, True
    if _NUMBER.fullmatch(value):
        return float(value), False
    match = _BRACKETED.fullmatch(value)
    if match is not None and bracketed:
        return float(match[1]), False
    raise RawTableError(f"{where}: not a number, '-' or '－': {value!r}")


def _is_average(level: str, cells: tuple[object, ...]) -> bool:
    return any(tuple(cells[: len(start)]) == start for start in AVERAGES[level])


def read_workbook(
    reference: Path, level: str, file_name: str, definitions: Definitions
) -> Workbook:
    """One workbook, read strictly (see the module's docstring)."""
    file = f"{FOLDER}/{level}/{file_name}"
    sheet = read_sheet(reference, file)
    rows = sheet.rows
    if len(rows) < 3 or not str(rows[0][0]).startswith(TITLES[level]):
        raise RawTableError(f"{sheet.where(0, 0)}: expected the title {TITLES[level]!r}")
    if any(cell != "" for cell in rows[0][1:]):
        raise RawTableError(f"{sheet.where(0)}: the title row has more than the title")
    header = tuple(str(cell) for cell in rows[1])
    identity = next((ids for ids in IDENTITY[level] if header[: len(ids)] == ids), None)
    if identity is None:
        raise RawTableError(
            f"{sheet.where(1, 0)}: the header starts {header[:3]}; expected one of "
            f"{IDENTITY[level]}"
        )
    columns = list(range(len(identity), len(header)))
    for column in columns:
        if header[column] not in definitions.by_header:
            raise RawTableError(
                f"{sheet.where(1, column)}: unknown indicator {header[column]!r}; known: "
                f"{sorted(definitions.by_header)}"
            )
    if len(set(header)) != len(header):
        raise RawTableError(f"{sheet.where(1)}: a header repeats: {header}")
    name_column = len(identity) - 1
    code_column = 0 if identity[0] == "団体コード" else None
    prefecture_column = identity.index("都道府県名")
    fiscal_rows: list[FiscalRow] = []
    index = 2
    while index < len(rows) and not _is_average(level, rows[index]):
        cells = rows[index]
        for column in range(len(identity)):
            if not isinstance(cells[column], str) or not cells[column]:
                raise RawTableError(f"{sheet.where(index, column)}: expected {header[column]}")
        name = str(cells[name_column])
        ward = cells[prefecture_column] == "東京都" and name.endswith("区")
        values = []
        for column in columns:
            number, not_applicable = parse_value(
                cells[column], sheet.where(index, column), bracketed=ward
            )
            values.append(
                Value(
                    definitions.by_header[header[column]],
                    sheet.cell(index, column, row_header_column=name_column, header_row=1),
                    number,
                    not_applicable,
                )
            )
        fiscal_rows.append(
            FiscalRow(
                index,
                str(cells[prefecture_column]),
                name,
                str(cells[code_column]) if code_column is not None else None,
                tuple(values),
            )
        )
        index += 1
    if index == len(rows):
        raise RawTableError(f"{sheet.where(index)}: no average row {AVERAGES[level]}")
    footnotes = []
    for row in range(index + 1, len(rows)):
        cells = rows[row]
        if any(cell != "" for cell in cells[1:]) or not isinstance(cells[0], str):
            raise RawTableError(f"{sheet.where(row)}: after the average row, only footnotes")
        if cells[0]:
            footnotes.append(sheet.cell(row, 0, row_header_column=0, header_row=1))
    return Workbook(level, fiscal_year(file_name), sheet, tuple(fiscal_rows), tuple(footnotes))


def workbook_names(reference: Path, level: str) -> tuple[str, ...]:
    """The workbooks of a level, in fiscal-year order."""
    names = [
        p.name for p in (reference / FOLDER / level).iterdir() if p.suffix in (".xls", ".xlsx")
    ]
    return tuple(sorted(names, key=fiscal_year))


def read_workbooks(reference: Path) -> tuple[Workbook, ...]:
    """Every workbook of both levels, in level and fiscal-year order."""
    definitions = read_definitions(reference)
    return tuple(
        read_workbook(reference, level, name, definitions)
        for level in LEVELS
        for name in workbook_names(reference, level)
    )


def place(workbook: Workbook, row: FiscalRow, places: Placer) -> str:
    """The 6-digit code a row's values are filed under: a prefecture's code; a municipality
    placed on the fiscal year's last day, followed to today's code or the code it had when it
    ceased (raises :class:`PlacingError` naming file, sheet, row and column)."""
    sheet = workbook.sheet
    if workbook.level == "prefecture":
        return places.prefecture(row.name, sheet.where(row.row, 0)).lg_code
    on = placed_on(workbook.year)
    name_column = 2 if row.code is not None else 1
    if row.code is not None:
        code5 = places.coded_on(row.code, row.name, on, sheet.where(row.row, 0))
    else:
        code5 = places.named_on(row.prefecture, row.name, on, sheet.where(row.row, name_column))
    try:
        return places.history.lineage(code5, on).lg_code
    except Exception as error:
        raise PlacingError(f"{sheet.where(row.row, name_column)}: {error}") from error


class FiscalIndicators:
    """The importer of 主要財政指標: one indicator per column header, one value per cell."""

    folder = FOLDER

    def rows(self, context: Context) -> Rows:
        """The indicators (defined by quotes of 000781152.pdf) and their values."""
        tables = Tables(context.sources)
        dataset = context.dataset(self.folder)
        definitions = read_definitions(context.reference)
        answer = definitions.not_applicable
        for workbook in read_workbooks(context.reference):
            laspeyres_dates = [c for c in workbook.footnotes if _LASPEYRES_DATE.search(c.text)]
            for row in workbook.rows:
                lg_code = place(workbook, row, context.places)
                for value in row.values:
                    definition = value.definition
                    self._describe(
                        tables, context, dataset, definition, value.cell, workbook, answer
                    )
                    cited = [value.cell]
                    if definition.id.startswith("fiscal-laspeyres-index"):
                        cited += laspeyres_dates
                    tables.value(
                        row_id(definition.id, lg_code, workbook.year),
                        {
                            "indicator_id": definition.id,
                            "lg_code": lg_code,
                            "code_as_published": row.code,
                            "name_as_published": row.name,
                            "as_of_fiscal_year": workbook.year,
                            "value": value.number,
                            "answers": [answer[0]] if value.not_applicable else [],
                        },
                        cited,
                    )
        return tables.rows()

    @staticmethod
    def _describe(
        tables: Tables,
        context: Context,
        dataset: str,
        definition: Definition,
        cell: CellRef,
        workbook: Workbook,
        answer: tuple[str, str, str],
    ) -> None:
        """The indicator's row, once: its header cell, then its definition's page quote and
        notes (or, for the 参考値, the footnote cell that defines it)."""
        if definition.id in tables.indicators:
            return
        header = workbook.sheet.cell(1, cell.column, row_header_column=cell.column, header_row=1)
        footnote = next((c for c in workbook.footnotes if c.text == definition.footnote), None)
        if definition.footnote is not None and footnote is None:
            raise RawTableError(
                f"{workbook.sheet.where(len(workbook.sheet.rows))}: no footnote "
                f"{definition.footnote!r} defines {definition.header!r}"
            )
        notes = " ".join(note.text for note in definition.notes)
        text = definition.definition or definition.footnote
        tables.indicator(
            definition.id,
            dataset,
            name=definition.header.split("\n")[0] + (" 参考値" if definition.footnote else ""),
            name_en=definition.name_en,
            kind=definition.kind,
            unit=definition.unit,
            cell=header,
            definition=" ".join(part for part in (text, notes) if part) or None,
            definition_cell=footnote,
            answers=[answer],
        )
        evidence: list[dict[str, Any]] = tables.indicators[definition.id]["evidence"]
        if definition.page is not None and definition.quote is not None:
            evidence.append(
                context.sources.cite_page(DEFINITIONS_PDF, definition.page, definition.quote)
            )
        for note in definition.notes:
            evidence.append(context.sources.cite_page(NOTES_PDF, note.page, note.quote))
