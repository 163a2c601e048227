"""デジタル庁 自治体DX推進状況ダッシュボード, data of the update of 2024-07-12.

Four wide tables, vendored byte-exact under ``sources/reference/`` (see the folder's README):
the municipal and prefectural comparisons (市区町村比較 / 都道府県比較: one status indicator per
record, one place per field) and the municipal and prefectural online-application rates
(行政手続のオンライン申請率: one procedure per record, one place per field). Each record is
``group, label, value, value, …``; record 0 names the places.

The place fields carry names only, no codes. They follow the order of the MIC code list
(``mic_lg_codes.csv``) exactly, so the n-th municipality field is the n-th municipality row of
that list (the n-th prefecture field, the n-th prefecture row), and every field's name must equal
the mapped code's name, except for the glyph variants of
:data:`~release_builder.national.placing.GLYPH_VARIANTS`.

Every cell becomes one :class:`~release_builder.national.cells.Observation` (an empty cell too,
with no value). ``reference_date`` is None throughout: the files do not state the as-of date of
any indicator; 2024-07-12 (:data:`RELEASE_DATE`) is the date of the dashboard update, a fact
of the source, not of the observations.

English names (``name_en``) are the project's renderings; the publisher gives Japanese only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from jpdx.enums import ProcedureType
from release_builder.national.cells import CellRef, Observation, RawTableError, read_records
from release_builder.national.importer import Context, Rows
from release_builder.national.labels import read_labels
from release_builder.national.mic_master import Level, MasterBody, read_master
from release_builder.national.placing import name_matches
from release_builder.national.tables import Tables, row_id, value_row

FOLDER: Final = "digital-agency-dx-dashboard-2024-07-12"
RELEASE_DATE: Final = dt.date(2024, 7, 12)

Kind = Literal["answer", "percent", "count"]


LABELS: Final = f"{FOLDER}/measures.toml"
"""The label file: answers, indicators, procedure groups and units (see its comments)."""


@dataclass(frozen=True)
class Answer:
    """One answer of the status indicators' closed vocabulary."""

    id: str
    label: str
    """As published."""
    name_en: str


@dataclass(frozen=True)
class Measure:
    """A status indicator or an online-application procedure, described once."""

    id: str
    label: str
    """As published, verbatim (one indicator label ends in a space)."""
    group: str
    """The group the file gives in field 0 of the measure's record, verbatim."""
    name_en: str
    """The project's English rendering (the publisher gives Japanese only)."""
    kind: Kind
    unit: str | None
    """``percent`` (0-100, the number before the ``%`` sign), ``procedures``, or None."""
    ratio_of: tuple[str, str] | None = None
    """For a percentage published with its parts: the ids of (numerator, denominator)."""
    part_of: str | None = None
    """For a numerator or denominator: the id of the percentage it is part of."""
    procedure_type: ProcedureType | None = None
    """For an online-application procedure: its member of the national vocabulary."""
    prefecture: bool = True
    """An indicator that the prefectural comparison publishes too."""
    answers: tuple[Answer, ...] = ()
    """For a status indicator: its closed vocabulary."""


FIRST_CHILDCARE_CARE: Final = ProcedureType.child_allowance_claim
"""The first of the 26 childcare and long-term care procedures: :class:`ProcedureType` lists
the 32 frequently used procedures before it and the 26 from it on, in the rate files' order."""

PREFECTURE_ONLY: Final = frozenset(
    {
        ProcedureType.vehicle_tax_environmental_levy,
        ProcedureType.vehicle_tax_report,
        ProcedureType.vehicle_tax_address_change,
        ProcedureType.road_use_permit,
        ProcedureType.parking_space_certificate,
        ProcedureType.parking_permit,
    }
)
"""The six of the 32 that only the prefectural file publishes."""
MUNICIPAL_ONLY: Final = frozenset({ProcedureType.moving_out, ProcedureType.moving_in_visit_notice})
"""The two of the 32 that only the municipal file publishes."""


def procedure_id(procedure_type: ProcedureType) -> str:
    """The measure id of a procedure (its indicator is ``dx-<id>``): the member's value with
    hyphens, e.g. ``moving-out``."""
    return str(procedure_type.value).replace("_", "-")


@dataclass(frozen=True)
class Vocabulary:
    """The dashboard's answers and measures, from its label file."""

    answers: tuple[Answer, ...]
    """Every answer that occurs in the comparison files, and the only ones accepted."""
    indicators: tuple[Measure, ...]
    """The 15 indicators of the municipal comparison, in its record order (the prefectural
    comparison has 13 of them)."""
    procedures: tuple[Measure, ...]
    """The 58 procedures of the two online-application files, one per :class:`ProcedureType`:
    the 32 frequently used ones, then the 26 childcare and long-term care ones. Each rate is
    the published usage rate of online application for the procedure, in percent. A
    procedure's name as published and its English name are the member's ``ja`` and ``en``."""
    units: Mapping[str, str]
    """A measure's unit as the indicators table states it."""

    @property
    def measures(self) -> dict[str, Measure]:
        """Every indicator and procedure by id."""
        return {m.id: m for m in (*self.indicators, *self.procedures)}

    @property
    def by_label(self) -> dict[str, Measure]:
        """Every indicator and procedure by its label as published (``Observation.measure``)."""
        return {m.label: m for m in (*self.indicators, *self.procedures)}

    def rows(self, layout: Layout) -> tuple[str, ...]:
        """The measure ids of records 1, 2, … of a file: the municipal comparison's 15
        indicators, the prefectural comparison's 13, the municipal online-application file's 52
        procedures, and the prefectural one's 30 of the 32 frequent ones."""
        if layout.records == "indicators":
            return tuple(
                m.id for m in self.indicators if layout.level == "municipality" or m.prefecture
            )
        if layout.level == "municipality":
            return tuple(m.id for m in self.procedures if m.procedure_type not in PREFECTURE_ONLY)
        return tuple(
            m.id
            for m in self.procedures
            if m.procedure_type is not None
            and _TYPES.index(m.procedure_type) < _TYPES.index(FIRST_CHILDCARE_CARE)
            and m.procedure_type not in MUNICIPAL_ONLY
        )


_TYPES: Final = tuple(ProcedureType)


def read_vocabulary(reference_root: Path) -> Vocabulary:
    """The dashboard's answers and measures, from its label file under ``reference_root``."""
    labels = read_labels(reference_root, LABELS)
    try:
        answers = tuple(Answer(a["id"], a["label"], a["name_en"]) for a in labels["answers"])
        indicators = tuple(
            Measure(
                m["id"],
                m["label"],
                m["group"],
                m["name_en"],
                m["kind"],
                m.get("unit"),
                ratio_of=tuple(m["ratio_of"]) if "ratio_of" in m else None,
                part_of=m.get("part_of"),
                prefecture=m.get("prefecture", True),
                answers=answers if m["kind"] == "answer" else (),
            )
            for m in labels["indicators"]
        )
        groups = labels["procedure_groups"]
        procedures = tuple(
            Measure(
                procedure_id(t),
                t.ja,
                groups["frequent" if i < _TYPES.index(FIRST_CHILDCARE_CARE) else "childcare_care"],
                t.en,
                "percent",
                "percent",
                procedure_type=t,
            )
            for i, t in enumerate(_TYPES)
        )
        units = dict(labels["units"])
    except (KeyError, TypeError) as error:
        raise RawTableError(f"{LABELS}: missing or malformed entry {error}") from error
    kinds = ("answer", "percent", "count")
    for measure in indicators:
        if measure.kind not in kinds:
            raise RawTableError(
                f"{LABELS}: indicator {measure.id!r} has kind {measure.kind!r}; expected one of "
                f"{list(kinds)}"
            )
    return Vocabulary(answers, indicators, procedures, units)


@dataclass(frozen=True)
class Layout:
    """The shape of one dashboard file."""

    dataset: str
    file_name: str
    level: Level
    corner: tuple[str, str]
    """Fields 0 and 1 of record 0, above the group and label columns."""
    records: Literal["indicators", "procedures"]
    """What records 1, 2, … are (:meth:`Vocabulary.rows`)."""
    trailing_empty_field: bool
    """Every record ends with one more, empty field (a trailing comma)."""

    @property
    def file(self) -> str:
        """The file relative to ``sources/reference/``."""
        return f"{FOLDER}/{self.file_name}"


MUNICIPAL_INDICATORS_LAYOUT: Final = Layout(
    "dx-dashboard-2024-07-12-municipal-comparison",
    "市区町村毎のDX進捗状況_市区町村比較.csv",
    "municipality",
    ("", ""),
    "indicators",
    trailing_empty_field=True,
)
MUNICIPAL_ONLINE_RATES_LAYOUT: Final = Layout(
    "dx-dashboard-2024-07-12-municipal-online-application-rates",
    "市区町村毎のDX進捗状況_行政手続のオンライン申請率.csv",
    "municipality",
    ("市区町村名", ""),
    "procedures",
    trailing_empty_field=False,
)
PREFECTURE_INDICATORS_LAYOUT: Final = Layout(
    "dx-dashboard-2024-07-12-prefecture-comparison",
    "都道府県のDX進捗状況_都道府県比較.csv",
    "prefecture",
    ("都道府県", ""),
    "indicators",
    trailing_empty_field=False,
)
PREFECTURE_ONLINE_RATES_LAYOUT: Final = Layout(
    "dx-dashboard-2024-07-12-prefecture-online-application-rates",
    "都道府県のDX進捗状況_行政手続のオンライン申請率.csv",
    "prefecture",
    ("都道府県", ""),
    "procedures",
    trailing_empty_field=False,
)
LAYOUTS: Final = (
    MUNICIPAL_INDICATORS_LAYOUT,
    MUNICIPAL_ONLINE_RATES_LAYOUT,
    PREFECTURE_INDICATORS_LAYOUT,
    PREFECTURE_ONLINE_RATES_LAYOUT,
)

ONLINE_RATES_LAYOUTS: Final = (MUNICIPAL_ONLINE_RATES_LAYOUT, PREFECTURE_ONLINE_RATES_LAYOUT)
"""The two files of online-application rates, whose records are the procedures."""

_TYPE_BY_NAME: Final[Mapping[str, ProcedureType]] = {t.ja: t for t in ProcedureType}


def procedure_types_of(records: Sequence[Sequence[str]], file: str) -> list[ProcedureType]:
    """The :class:`ProcedureType` of each procedure record (1, 2, …) of a rate file, by the
    name it publishes in field 1; a name that no member has is a :class:`RawTableError`."""
    found = []
    for row, record in enumerate(records[1:], start=1):
        name = record[1] if len(record) > 1 else ""
        if name not in _TYPE_BY_NAME:
            raise RawTableError(
                f"{_where(file, row, 1)}: the published procedure {name!r} has no member of "
                "jpdx.enums.ProcedureType (add one, with its English name)"
            )
        found.append(_TYPE_BY_NAME[name])
    return found


def check_procedure_types(published: Mapping[str, Sequence[ProcedureType]]) -> None:
    """Every :class:`ProcedureType` member is published by at least one rate file
    (``published``: the members each file publishes, by file); else a :class:`RawTableError`
    naming the members no file publishes."""
    seen = {t for types in published.values() for t in types}
    missing = [f"{t.value} ({t.ja})" for t in ProcedureType if t not in seen]
    if missing:
        raise RawTableError(
            f"{', '.join(sorted(published))}: no record for the procedure types {missing}"
        )


def read_procedure_types(reference_root: Path) -> dict[str, list[ProcedureType]]:
    """The procedure types each rate file publishes, checked against the vocabulary both ways:
    every published procedure is a member and every member is published."""
    published = {
        layout.file: procedure_types_of(read_records(reference_root / layout.file), layout.file)
        for layout in ONLINE_RATES_LAYOUTS
    }
    check_procedure_types(published)
    return published


_PERCENT = re.compile(r"(?:0|[1-9][0-9]{0,2})(?:\.[0-9])?%")
_COUNT = re.compile(r"0|[1-9][0-9]*")
UNDEFINED_PERCENT: Final = "%"
"""A percentage sign with no number: published where a ratio's denominator is 0 (0 of 0)."""


def _where(file: str, row: int, column: int) -> str:
    return f"{file} row {row} column {column}"


def parse_value(measure: Measure, text: str, where: str) -> tuple[float | None, str | None]:
    """The (number, answer id) a cell's text gives; an empty cell gives neither.

    A percentage is the number before its ``%`` (0-100); a count is a non-negative integer;
    an answer is one of the measure's answers. A lone ``%`` is accepted, with no number, only for a
    percentage published with its parts (whose denominator the caller checks is 0).
    Anything else raises :class:`RawTableError` naming ``where``.
    """
    if text == "":
        return None, None
    if measure.kind == "answer":
        for option in measure.answers:
            if text == option.label:
                return None, option.id
    elif measure.kind == "percent":
        if _PERCENT.fullmatch(text) and float(text[:-1]) <= 100:
            return float(text[:-1]), None
        if text == UNDEFINED_PERCENT and measure.ratio_of is not None:
            return None, None
    elif _COUNT.fullmatch(text):
        return float(text), None
    raise RawTableError(f"{where}: {text!r} is not a valid {measure.kind} for {measure.label!r}")


def _place_columns(
    records: Sequence[Sequence[str]], layout: Layout, places: Sequence[MasterBody]
) -> list[tuple[int, MasterBody]]:
    """Map each place field of record 0 to its MIC place, checking every name."""
    header = records[0]
    first = 2
    width = first + len(places) + (1 if layout.trailing_empty_field else 0)
    if len(header) != width:
        raise RawTableError(
            f"{_where(layout.file, 0, min(len(header), width))}: expected {width} fields, "
            f"got {len(header)}"
        )
    if (header[0], header[1]) != layout.corner:
        raise RawTableError(
            f"{_where(layout.file, 0, 0)}: expected {layout.corner!r} above the labels, "
            f"got {(header[0], header[1])!r}"
        )
    if layout.trailing_empty_field and header[-1] != "":
        raise RawTableError(f"{_where(layout.file, 0, width - 1)}: expected an empty last field")
    columns: list[tuple[int, MasterBody]] = []
    for column, place in enumerate(places, start=first):
        name = header[column]
        if not name_matches(place, name):
            raise RawTableError(
                f"{_where(layout.file, 0, column)}: {name!r} does not match "
                f"{place.lg_code} {place.name!r} (MIC row {place.row})"
            )
        columns.append((column, place))
    return columns


def _measure_rows(
    records: Sequence[Sequence[str]], layout: Layout, vocabulary: Vocabulary
) -> list[tuple[int, Measure]]:
    """Check every record's group and label against the layout, in order."""
    expected = vocabulary.rows(layout)
    measures = vocabulary.measures
    rows: list[tuple[int, Measure]] = []
    first_row_of: dict[tuple[str, str], int] = {}
    width = len(records[0])
    for row, record in enumerate(records[1:], start=1):
        if len(record) != width:
            raise RawTableError(
                f"{_where(layout.file, row, min(len(record), width))}: expected {width} fields, "
                f"got {len(record)}"
            )
        key = (record[0], record[1])
        if key in first_row_of:
            raise RawTableError(
                f"{_where(layout.file, row, 1)}: duplicate record {record[1]!r} "
                f"(first at row {first_row_of[key]})"
            )
        first_row_of[key] = row
        if row > len(expected):
            raise RawTableError(f"{_where(layout.file, row, 1)}: unexpected record {record[1]!r}")
        measure = measures[expected[row - 1]]
        if record[0] != measure.group:
            raise RawTableError(
                f"{_where(layout.file, row, 0)}: expected group {measure.group!r}, "
                f"got {record[0]!r}"
            )
        if record[1] != measure.label:
            raise RawTableError(
                f"{_where(layout.file, row, 1)}: expected label {measure.label!r}, "
                f"got {record[1]!r}"
            )
        if layout.trailing_empty_field and record[-1] != "":
            raise RawTableError(
                f"{_where(layout.file, row, width - 1)}: expected an empty last field, "
                f"got {record[-1]!r}"
            )
        rows.append((row, measure))
    if len(rows) != len(expected):
        missing = measures[expected[len(rows)]].label
        raise RawTableError(f"{_where(layout.file, len(records), 1)}: missing record {missing!r}")
    return rows


def _percent_half_up(numerator: float, denominator: float) -> float:
    """100 × numerator / denominator rounded half up, in exact integer arithmetic."""
    return float((200 * int(numerator) + int(denominator)) // (2 * int(denominator)))


def _check_ratios(observations: Sequence[Observation], file: str, vocabulary: Vocabulary) -> None:
    """Each published percentage with parts is 100 × numerator / denominator rounded half up
    to an integer; a lone ``%`` stands exactly where the denominator is 0."""
    by_label, measures = vocabulary.by_label, vocabulary.measures
    by_cell = {(obs.cell.column, by_label[obs.measure].id): obs for obs in observations}
    for (column, measure_id), ratio in by_cell.items():
        parts = measures[measure_id].ratio_of
        if parts is None:
            continue
        numerator = by_cell[(column, parts[0])].value_number
        denominator = by_cell[(column, parts[1])].value_number
        where = _where(file, ratio.cell.row, column)
        if numerator is None or denominator is None:
            raise RawTableError(f"{where}: a percentage without its numerator and denominator")
        if numerator > denominator:
            raise RawTableError(f"{where}: numerator {numerator} exceeds denominator {denominator}")
        expected = None if denominator == 0 else _percent_half_up(numerator, denominator)
        if ratio.value_number != expected:
            raise RawTableError(
                f"{where}: {ratio.value_text!r} is not 100 × {numerator:g} / {denominator:g} "
                "rounded half up"
            )


def read_table(
    reference_root: Path, layout: Layout, vocabulary: Vocabulary | None = None
) -> list[Observation]:
    """Every cell of one dashboard file as an observation, in record then field order
    (``vocabulary``: the label file's, read from ``reference_root`` unless given)."""
    vocabulary = vocabulary or read_vocabulary(reference_root)
    records = read_records(reference_root / layout.file)
    if not records:
        raise RawTableError(f"{_where(layout.file, 0, 0)}: the file is empty")
    if layout in ONLINE_RATES_LAYOUTS:
        procedure_types_of(records, layout.file)
    columns = _place_columns(records, layout, read_master(reference_root).level(layout.level))
    header = records[0]
    observations: list[Observation] = []
    for row, measure in _measure_rows(records, layout, vocabulary):
        record = records[row]
        for column, place in columns:
            text = record[column]
            number, answer = parse_value(measure, text, _where(layout.file, row, column))
            cell = CellRef(layout.file, row, column, text, record[1], header[column])
            observations.append(
                Observation(
                    dataset=layout.dataset,
                    lg_code=place.lg_code,
                    code_as_published=None,
                    name_as_published=header[column],
                    measure=measure.label,
                    reference_date=None,
                    value_text=text,
                    value_number=number,
                    value_answer=answer,
                    cell=cell,
                )
            )
    _check_ratios(observations, layout.file, vocabulary)
    return observations


def read_municipal_indicators(reference_root: Path) -> list[Observation]:
    """The 15 indicators × 1,741 municipalities of the municipal comparison (市区町村比較)."""
    return read_table(reference_root, MUNICIPAL_INDICATORS_LAYOUT)


def read_municipal_online_rates(reference_root: Path) -> list[Observation]:
    """The online-application rates of 52 procedures × 1,741 municipalities."""
    return read_table(reference_root, MUNICIPAL_ONLINE_RATES_LAYOUT)


def read_prefecture_indicators(reference_root: Path) -> list[Observation]:
    """The 13 indicators × 47 prefectures of the prefectural comparison (都道府県比較)."""
    return read_table(reference_root, PREFECTURE_INDICATORS_LAYOUT)


def read_prefecture_online_rates(reference_root: Path) -> list[Observation]:
    """The online-application rates of 30 procedures × 47 prefectures."""
    return read_table(reference_root, PREFECTURE_ONLINE_RATES_LAYOUT)


class Dashboard:
    """The importer of the dashboard: its indicators and online-application rates."""

    folder = FOLDER

    def rows(self, context: Context) -> Rows:
        """One indicator per status indicator and procedure, one value per cell."""
        tables = Tables(context.sources)
        dataset = context.dataset(self.folder)
        read_procedure_types(context.reference)  # the vocabulary fits the files both ways
        vocabulary = read_vocabulary(context.reference)
        by_label = vocabulary.by_label
        for layout in LAYOUTS:
            for observation in read_table(context.reference, layout, vocabulary):
                measure = by_label[observation.measure]
                indicator_id = row_id("dx", measure.id)
                tables.indicator(
                    indicator_id,
                    dataset,
                    name=measure.label,
                    name_en=measure.name_en,
                    kind=measure.kind,
                    unit=vocabulary.units.get(measure.unit or "", measure.unit),
                    group=measure.group,
                    cell=observation.cell,
                    answers=[(a.id, a.label, a.name_en) for a in measure.answers],
                    procedure_type=measure.procedure_type,
                )
                tables.value(
                    row_id(indicator_id, observation.lg_code),
                    value_row(indicator_id, observation),
                    [observation.cell],
                )
        return tables.rows()
