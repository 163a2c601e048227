"""総務省 「マイナンバーカード交付状況について」: population, cards issued and the rate, per
municipality and per prefecture, over the vendored snapshots (as converted to CSV by Code for
Japan).

Every snapshot folder (``YYYYMMDD``) holds ``all_localgovs.csv`` and ``all_prefectures.csv``.
Each file's header must be one of the known layouts; each row gives three observations (the
population with its 人口算出基準日, the cards issued with their count date, and the rate in
percent as of the file's 算出基準日, which is authoritative over the folder name). Municipal
codes are carried to today's code through the e-Stat code changes; what the import notices
but does not correct is returned as findings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from release_builder.national.cells import CellRef, Observation, RawTableError, read_records
from release_builder.national.importer import Context, Rows
from release_builder.national.labels import read_labels
from release_builder.national.placing import (
    GLYPH_VARIANTS,
    Claims,
    Placer,
    PlacingError,
    names_agree,
)
from release_builder.national.tables import Tables, row_id, value_row

DATASET = "mic-mynumber-card-issuance"
MUNICIPAL_FILE = "all_localgovs.csv"
PREFECTURE_FILE = "all_prefectures.csv"
POPULATION = "総数（人口）"
CARDS = "交付枚数"
RATE = "人口に対する交付枚数率"
NA_CODE = "<NA>"
LABELS_FILE = "measures.toml"
LABELS = f"{DATASET}/{LABELS_FILE}"
"""The label file: each measure's indicator key, English name, kind and unit."""


@dataclass(frozen=True)
class Layout:
    """Where each field sits in one known header (``code``/``name`` absent in prefecture files)."""

    name: str
    header: tuple[str, ...]
    as_of: int
    prefecture: int
    population: int
    cards: int
    rate: int
    population_date: int
    cards_date: int
    municipality: int | None = None
    code: int | None = None

    @property
    def row_header(self) -> int:
        """The field that names the row's place."""
        return self.prefecture if self.municipality is None else self.municipality


MUNICIPAL_LAYOUT = Layout(
    name="municipal",
    header=(
        "算出基準日",
        "都道府県名",
        "市区町村名",
        POPULATION,
        CARDS,
        RATE,
        "人口算出基準日",
        "交付件数基準日",
        "団体コード",
    ),
    as_of=0,
    prefecture=1,
    municipality=2,
    population=3,
    cards=4,
    rate=5,
    population_date=6,
    cards_date=7,
    code=8,
)
PREFECTURE_LAYOUT = Layout(
    name="prefecture",
    header=(
        "算出基準日",
        "都道府県名",
        POPULATION,
        CARDS,
        RATE,
        "人口算出基準日",
        "交付枚数算出基準日",
    ),
    as_of=0,
    prefecture=1,
    population=2,
    cards=3,
    rate=4,
    population_date=5,
    cards_date=6,
)
# The layouts each file may have (every snapshot so far has the same one per file).
LAYOUTS = {MUNICIPAL_FILE: (MUNICIPAL_LAYOUT,), PREFECTURE_FILE: (PREFECTURE_LAYOUT,)}


@dataclass(frozen=True)
class Finding:
    """Something a file states that the import keeps as published but reports."""

    file: str
    row: int | None
    column: int | None
    kind: str
    note: str


@dataclass(frozen=True)
class Snapshot:
    """One snapshot folder read: its observations and findings."""

    folder: str
    observations: tuple[Observation, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class _Row:
    """The place and dates of one row, checked."""

    lg_code: str
    code_as_published: str | None
    name_as_published: str


def _date(text: str, where: str) -> dt.date:
    if not re.fullmatch(r"\d{4}/\d{2}/\d{2}", text):
        raise RawTableError(f"{where}: not a date YYYY/MM/DD: {text!r}")
    try:
        return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError as error:
        raise RawTableError(f"{where}: not a date: {text!r}") from error


def _count(text: str, where: str) -> int:
    if not re.fullmatch(r"0|[1-9][0-9]*", text):
        raise RawTableError(f"{where}: not a count: {text!r}")
    return int(text)


def _rate(text: str, where: str) -> Decimal:
    if not re.fullmatch(r"(?:0|[1-9][0-9]*)\.[0-9]", text):
        raise RawTableError(f"{where}: not a percentage with one decimal: {text!r}")
    return Decimal(text)


def expected_rate(cards: int, population: int) -> Decimal:
    """cards / population in percent, rounded half up to the published one decimal."""
    return (Decimal(cards) * 100 / Decimal(population)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


class _Reader:
    """Reads one file of one snapshot."""

    def __init__(self, folder: str, file_name: str, records: list[list[str]]) -> None:
        self.file = f"{DATASET}/{folder}/{file_name}"
        self.records = records
        self.findings: list[Finding] = []
        header = tuple(records[0]) if records else ()
        for layout in LAYOUTS[file_name]:
            if header == layout.header:
                self.layout = layout
                break
        else:
            raise RawTableError(f"{self.file} row 0: unknown layout {list(header)}")

    def where(self, row: int, column: int) -> str:
        return f"{self.file} row {row} column {column} ({self.layout.header[column]})"

    def note(self, row: int | None, column: int | None, kind: str, note: str) -> None:
        self.findings.append(Finding(self.file, row, column, kind, note))

    def cell(self, row: int, column: int) -> CellRef:
        fields = self.records[row]
        return CellRef(
            self.file,
            row,
            column,
            fields[column],
            fields[self.layout.row_header],
            self.layout.header[column],
        )


def _place_municipality(
    reader: _Reader, row: int, as_of: dt.date, places: Placer, columns: tuple[int, int]
) -> _Row:
    """Today's code of a municipal row (``columns``: its name and code fields), checked: by its
    code as of ``as_of`` through the code changes, or by prefecture and name where the code is
    ``<NA>``."""
    layout = reader.layout
    name_column, code_column = columns
    fields = reader.records[row]
    prefecture, name, code = (
        fields[layout.prefecture],
        fields[name_column],
        fields[code_column],
    )
    places.prefecture(prefecture, reader.where(row, layout.prefecture))
    if code == NA_CODE:
        body = places.named(prefecture, name, reader.where(row, code_column))
        reader.note(
            row,
            code_column,
            "code_missing",
            f"{NA_CODE}: placed by its name {name!r}, the only one in {prefecture} "
            f"({body.lg_code})",
        )
        return _Row(body.lg_code, None, name)
    where = reader.where(row, code_column)
    published = places.code(code, where, check_digit=True, zero="dropped")
    placement = places.at(published[:5], as_of, where)
    place = places.master.municipalities.get(placement.lg_code)
    if place is None:
        raise PlacingError(f"{where}: {code} is today {placement.lg_code}, not a municipality")
    if place.prefecture != prefecture:
        raise PlacingError(
            f"{reader.where(row, layout.prefecture)}: {code} is in {place.prefecture}"
        )
    then = places.name_on(published[:5], as_of)
    variant = GLYPH_VARIANTS.get(placement.lg_code, (None,))[0]
    expected = {place.name} | ({then} if then else set()) | ({variant} if variant else set())
    if not any(names_agree(name, other, placement.lg_code) for other in expected):
        raise PlacingError(
            f"{reader.where(row, name_column)}: {name!r} is not {sorted(expected)} ({code})"
        )
    if placement.created is not None:
        reader.note(
            row,
            code_column,
            "code_not_yet_in_use",
            f"{published[:5]} came into use on {placement.created}, after {as_of}",
        )
    if then is not None and not names_agree(name, then, placement.lg_code):
        reader.note(
            row,
            name_column,
            "name_not_yet_in_use",
            f"{name!r} as of {as_of}: the table names {published[:5]} {then!r} then",
        )
    if variant is not None and names_agree(name, variant, placement.lg_code):
        reader.note(
            row, name_column, "spelling_variant", f"{name!r}; the master has {place.name!r}"
        )
    return _Row(placement.lg_code, code, name)


def _place_prefecture(reader: _Reader, row: int, places: Placer) -> _Row:
    name = reader.records[row][reader.layout.prefecture]
    place = places.prefecture(name, reader.where(row, reader.layout.prefecture))
    return _Row(place.lg_code, None, name)


def _read_file(
    reference_root: Path, folder: str, file_name: str, places: Placer
) -> tuple[list[Observation], list[Finding]]:
    path = reference_root / DATASET / folder / file_name
    reader = _Reader(folder, file_name, read_records(path))
    layout = reader.layout
    try:
        snapshot_date = dt.datetime.strptime(folder, "%Y%m%d").date()
    except ValueError as error:
        raise RawTableError(f"{DATASET}/{folder}: not a snapshot folder YYYYMMDD") from error
    observations: list[Observation] = []
    claims = Claims(reader.file)
    for row in range(1, len(reader.records)):
        fields = reader.records[row]
        if len(fields) != len(layout.header):
            raise RawTableError(
                f"{reader.file} row {row}: {len(fields)} fields, expected {len(layout.header)}"
            )
        as_of = _date(fields[layout.as_of], reader.where(row, layout.as_of))
        if as_of != snapshot_date:
            reader.note(row, layout.as_of, "date_disagrees", f"{as_of} in a folder named {folder}")
        if layout.code is None or layout.municipality is None:
            place = _place_prefecture(reader, row, places)
        else:
            place = _place_municipality(
                reader, row, as_of, places, (layout.municipality, layout.code)
            )
        claims.claim(places.master.by_code[place.lg_code], row)
        population = _count(fields[layout.population], reader.where(row, layout.population))
        cards = _count(fields[layout.cards], reader.where(row, layout.cards))
        rate = _rate(fields[layout.rate], reader.where(row, layout.rate))
        if population == 0:
            raise RawTableError(f"{reader.where(row, layout.population)}: zero population")
        expected = expected_rate(cards, population)
        if expected != rate:
            reader.note(
                row,
                layout.rate,
                "rate_disagrees",
                f"{rate} published, {cards}/{population} gives {expected}",
            )
        dates = {
            layout.population: _date(
                fields[layout.population_date], reader.where(row, layout.population_date)
            ),
            layout.cards: _date(fields[layout.cards_date], reader.where(row, layout.cards_date)),
            layout.rate: as_of,
        }
        for column, number in (
            (layout.population, float(population)),
            (layout.cards, float(cards)),
            (layout.rate, float(rate)),
        ):
            observations.append(
                Observation(
                    dataset=DATASET,
                    lg_code=place.lg_code,
                    code_as_published=place.code_as_published,
                    name_as_published=place.name_as_published,
                    measure=layout.header[column],
                    reference_date=dates[column],
                    value_text=fields[column],
                    value_number=number,
                    value_answer=None,
                    cell=reader.cell(row, column),
                )
            )
    level = places.master.level("prefecture" if layout.code is None else "municipality")
    for missing in sorted(body.lg_code for body in claims.unclaimed(level)):
        reader.note(None, None, "place_missing", f"{missing} has no row")
    return observations, reader.findings


def snapshot_folders(reference_root: Path) -> tuple[str, ...]:
    """The snapshot folders, in date order (raises on anything else in the dataset folder)."""
    folders = []
    for entry in sorted((reference_root / DATASET).iterdir()):
        if entry.is_file() and entry.name in ("README.md", ".gitattributes", LABELS_FILE):
            continue
        if not (entry.is_dir() and re.fullmatch(r"20\d{6}", entry.name)):
            raise RawTableError(f"{DATASET}/{entry.name}: not a snapshot folder YYYYMMDD")
        files = sorted(child.name for child in entry.iterdir())
        if files != sorted(LAYOUTS):
            raise RawTableError(f"{DATASET}/{entry.name}: expected {sorted(LAYOUTS)}, got {files}")
        folders.append(entry.name)
    return tuple(folders)


def read_snapshot(reference_root: Path, folder: str, places: Placer) -> Snapshot:
    """The observations and findings of one snapshot folder (municipal file first)."""
    observations: list[Observation] = []
    findings: list[Finding] = []
    for file_name in (MUNICIPAL_FILE, PREFECTURE_FILE):
        found, noted = _read_file(reference_root, folder, file_name, places)
        observations += found
        findings += noted
    return Snapshot(folder, tuple(observations), tuple(findings))


def read_card_issuance(reference_root: Path, places: Placer) -> tuple[Snapshot, ...]:
    """Every snapshot of the vendored dataset, read."""
    return tuple(
        read_snapshot(reference_root, folder, places) for folder in snapshot_folders(reference_root)
    )


def read_measures(reference_root: Path) -> dict[str, dict[str, str]]:
    """The three measures of the label file, by the column header that publishes them; the
    label file must describe exactly the measures the files publish."""
    measures = {m["label"]: m for m in read_labels(reference_root, LABELS).get("measures", [])}
    if sorted(measures) != sorted((POPULATION, CARDS, RATE)):
        raise RawTableError(
            f"{LABELS}: describes {sorted(measures)}; expected {sorted((POPULATION, CARDS, RATE))}"
        )
    return measures


class CardIssuance:
    """The importer of the card statistics: population, cards issued and rate at every
    snapshot."""

    folder = DATASET

    def rows(self, context: Context) -> Rows:
        """Three indicators, one value per cell of every snapshot."""
        tables = Tables(context.sources)
        dataset = context.dataset(self.folder)
        measures = read_measures(context.reference)
        for snapshot in read_card_issuance(context.reference, context.places):
            taken = dt.datetime.strptime(snapshot.folder, "%Y%m%d").date()
            for observation in snapshot.observations:
                measure = measures[observation.measure]
                indicator_id = row_id("card", measure["key"])
                tables.indicator(
                    indicator_id,
                    dataset,
                    name=observation.measure,
                    name_en=measure["name_en"],
                    kind=measure["kind"],
                    unit=measure["unit"],
                    cell=observation.cell,
                )
                day = observation.reference_date
                tables.value(
                    row_id(indicator_id, observation.lg_code, snapshot.folder),
                    value_row(
                        indicator_id,
                        observation,
                        as_of_date=day,
                        as_of_date_precision="day" if day else None,
                        snapshot=taken,
                    ),
                    [observation.cell],
                )
        return tables.rows()
