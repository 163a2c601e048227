"""localgovjp (Code for FUKUI, CC0): each body's official website and office coordinates, and
the wards of the designated cities.

``localgovjp-utf8.csv`` has one row per municipality and per designated-city ward;
``prefjp-utf8.csv`` one per prefecture. Rows are matched to the MIC list by ``lgcode`` (the
6-digit code; ``prefjp`` drops its leading zero) and checked by prefecture and name. A ward's
``lgcode`` is not in the MIC list: its city is derived from the code and checked against the
master's designated cities and the ward's published name (``札幌市 中央区``).

The file predates 浜松市's reorganisation of 2024-01-01 (seven wards into 中央区, 浜名区 and
天竜区): its seven 浜松市 wards are marked outdated, and the three wards of today, which the
file does not list, are reported as missing, without codes or coordinates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from release_builder.national.cells import CellRef, Observation, RawTableError, read_records
from release_builder.national.importer import Context, Rows
from release_builder.national.mic_master import Master, MasterBody
from release_builder.national.placing import Placer, name_matches
from release_builder.national.wards import ward_rows

DATASET = "localgovjp"
MUNICIPALITIES_FILE = f"{DATASET}/localgovjp-utf8.csv"
PREFECTURES_FILE = f"{DATASET}/prefjp-utf8.csv"
MUNICIPALITIES_HEADER = [
    "pid",
    "pref",
    "cid",
    "city",
    "citykana",
    "lat",
    "lng",
    "url",
    "phrase",
    "lgcode",
]
PREFECTURES_HEADER = [
    "pid", "pref", "prefkana", "prefshort", "prefshortkana", "pref_en", "pref3code", "url",
    "lgcode", "ISO3166-2", "capital", "lat", "lng",
]  # fmt: skip

_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_URL = re.compile(r"https?://[!-~]+")
LATITUDE_RANGE = (20.0, 46.0)
LONGITUDE_RANGE = (122.0, 154.0)
"""Bounds that hold every Japanese office (沖ノ鳥島 to 択捉島, 与那国島 to 南鳥島)."""


@dataclass(frozen=True)
class WardReorganisation:
    """A designated city's wards replaced on a date (not recorded in localgovjp)."""

    city_lg_code: str
    date: dt.date
    old_wards: tuple[str, ...]
    new_wards: tuple[str, ...]
    source: str


HAMAMATSU_2024 = WardReorganisation(
    city_lg_code="221309",
    date=dt.date(2024, 1, 1),
    old_wards=("中区", "東区", "西区", "南区", "北区", "浜北区", "天竜区"),
    new_wards=("中央区", "浜名区", "天竜区"),
    source=(
        "浜松市's seven wards were reorganised into three on 2024-01-01 (e-Stat 廃置分合等情報: "
        "浜松市（22130）の区の再編); localgovjp still lists the seven"
    ),
)
REORGANISATIONS = (HAMAMATSU_2024,)


@dataclass(frozen=True)
class Site:
    """A body's official website and office coordinates, each with the cell it was read from."""

    lg_code: str
    name: str
    """The name in the MIC list."""
    name_as_published: str
    url: str
    latitude: float
    longitude: float
    name_cell: CellRef
    url_cell: CellRef
    latitude_cell: CellRef
    longitude_cell: CellRef


@dataclass(frozen=True)
class Ward:
    """A ward of a designated city as localgovjp lists it."""

    code: str
    """The ward's 6-digit code as published (check digit verified)."""
    name: str
    """The ward's own name (``中央区``)."""
    name_as_published: str
    city_reading: str
    """The city's reading as published, in hiragana (``さっぽろし``)."""
    reading: str
    """The ward's own reading as published, in hiragana (``ちゅうおうく``)."""
    city_lg_code: str
    city_name: str
    url: str
    latitude: float
    longitude: float
    current: bool
    """False for a ward abolished by a reorganisation the file predates."""
    note: str | None
    name_cell: CellRef
    reading_cell: CellRef
    url_cell: CellRef
    latitude_cell: CellRef
    longitude_cell: CellRef


@dataclass(frozen=True)
class MissingWard:
    """A ward of today that localgovjp does not list: no code, website or coordinates given."""

    city_lg_code: str
    city_name: str
    name: str
    since: dt.date
    note: str


@dataclass(frozen=True)
class LocalGovJp:
    """localgovjp read: a site for each of the 1,788 bodies, the wards, and what is missing."""

    sites: tuple[Site, ...]
    wards: tuple[Ward, ...]
    missing_wards: tuple[MissingWard, ...]
    glyph_variants: tuple[CellRef, ...]
    """Name cells that spell the body's name with another glyph than the MIC list."""

    def observations(self) -> tuple[Observation, ...]:
        """Website, latitude and longitude of each body as observations (measure = the column
        header: ``url``, ``lat``, ``lng``; coordinates in decimal degrees)."""
        observations = []
        for site in self.sites:
            for cell, number in (
                (site.url_cell, None),
                (site.latitude_cell, site.latitude),
                (site.longitude_cell, site.longitude),
            ):
                observations.append(
                    Observation(
                        dataset=DATASET,
                        lg_code=site.lg_code,
                        code_as_published=cell.row_header,
                        name_as_published=site.name_as_published,
                        measure=cell.column_header,
                        reference_date=None,
                        value_text=cell.text,
                        value_number=number,
                        value_answer=None,
                        cell=cell,
                    )
                )
        return tuple(observations)


def _where(file: str, row: int, column: int | None = None) -> str:
    return f"{file} row {row}" + ("" if column is None else f" column {column}")


def _coordinate(text: str, bounds: tuple[float, float], where: str) -> float:
    """A coordinate in decimal degrees from its text; anything else raises."""
    if not _DECIMAL.fullmatch(text):
        raise RawTableError(f"{where}: {text!r} is not a decimal number")
    value = float(text)
    if not bounds[0] <= value <= bounds[1]:
        raise RawTableError(f"{where}: {text} is outside {bounds}")
    return value


def _url(text: str, where: str) -> str:
    if not _URL.fullmatch(text):
        raise RawTableError(f"{where}: {text!r} is not an http(s) URL")
    return text


def read_localgovjp(reference_root: Path, master: Master) -> LocalGovJp:
    """localgovjp from its two vendored files under ``reference_root``."""
    return parse_localgovjp(
        read_records(reference_root / MUNICIPALITIES_FILE),
        read_records(reference_root / PREFECTURES_FILE),
        master,
    )


class _Columns:
    """Cells of one record addressed by column name."""

    def __init__(self, file: str, header: Sequence[str], record: Sequence[str], row: int) -> None:
        if len(record) != len(header):
            raise RawTableError(
                f"{_where(file, row)}: {len(record)} fields, expected {len(header)}"
            )
        self.file, self.header, self.record, self.row = file, header, record, row
        self.lgcode = header.index("lgcode")

    def text(self, name: str) -> str:
        return self.record[self.header.index(name)]

    def where(self, name: str) -> str:
        return _where(self.file, self.row, self.header.index(name))

    def cell(self, name: str) -> CellRef:
        column = self.header.index(name)
        return CellRef(
            self.file, self.row, column, self.record[column], self.record[self.lgcode], name
        )

    def place(self) -> tuple[str, float, float]:
        """The website, latitude and longitude of the record, checked."""
        return (
            _url(self.text("url"), self.where("url")),
            _coordinate(self.text("lat"), LATITUDE_RANGE, self.where("lat")),
            _coordinate(self.text("lng"), LONGITUDE_RANGE, self.where("lng")),
        )


def _site(columns: _Columns, body: MasterBody, name_column: str) -> Site:
    url, latitude, longitude = columns.place()
    return Site(
        lg_code=body.lg_code,
        name=body.name,
        name_as_published=columns.text(name_column),
        url=url,
        latitude=latitude,
        longitude=longitude,
        name_cell=columns.cell(name_column),
        url_cell=columns.cell("url"),
        latitude_cell=columns.cell("lat"),
        longitude_cell=columns.cell("lng"),
    )


def _prefecture_sites(
    records: Sequence[Sequence[str]], bodies: dict[str, MasterBody]
) -> dict[str, Site]:
    file = PREFECTURES_FILE
    if not records or list(records[0]) != PREFECTURES_HEADER:
        raise RawTableError(f"{_where(file, 0)}: expected header {PREFECTURES_HEADER}")
    sites: dict[str, Site] = {}
    for row, record in enumerate(records[1:], start=1):
        columns = _Columns(file, PREFECTURES_HEADER, record, row)
        text = columns.text("lgcode")
        code = Placer.code(text, columns.where("lgcode"), check_digit=True, zero="dropped")
        body = bodies.get(code)
        if body is None or not body.is_prefecture:
            raise RawTableError(f"{columns.where('lgcode')}: {text!r} is not a prefecture's code")
        if columns.text("pref") != body.name or columns.text("pid") != str(int(code[:2])):
            raise RawTableError(
                f"{columns.where('pref')}: {columns.text('pid')} {columns.text('pref')!r} "
                f"is not {body.name} ({code})"
            )
        if code in sites:
            raise RawTableError(f"{columns.where('lgcode')}: {body.name} appears twice")
        sites[code] = _site(columns, body, "pref")
    return sites


def _parent_city(code: str, designated: Sequence[MasterBody], where: str) -> MasterBody:
    """The designated city of a ward code: MIC numbers a designated city's wards right after the
    city's own code (札幌市 01100: wards 01101-01110), so the city is the designated city of the
    same prefecture with the greatest code below the ward's."""
    below = [
        city
        for city in designated
        if city.lg_code[:2] == code[:2] and city.lg_code[:5] < code[:5] <= f"{code[:2]}199"
    ]
    if not 100 < int(code[2:5]) <= 199 or not below:
        raise RawTableError(f"{where}: {code} is not the code of a designated city's ward")
    return max(below, key=lambda city: city.lg_code)


def parse_localgovjp(
    municipal_records: Sequence[Sequence[str]],
    prefecture_records: Sequence[Sequence[str]],
    master: Master,
) -> LocalGovJp:
    """localgovjp from the records of ``localgovjp-utf8.csv`` and ``prefjp-utf8.csv``."""
    bodies = master.by_code
    sites = _prefecture_sites(prefecture_records, bodies)
    designated = [body for body in master.bodies if body.is_designated_city]
    file = MUNICIPALITIES_FILE
    if not municipal_records or list(municipal_records[0]) != MUNICIPALITIES_HEADER:
        raise RawTableError(f"{_where(file, 0)}: expected header {MUNICIPALITIES_HEADER}")
    wards: dict[str, Ward] = {}
    glyph_variants: list[CellRef] = []
    for row, record in enumerate(municipal_records[1:], start=1):
        columns = _Columns(file, MUNICIPALITIES_HEADER, record, row)
        code = Placer.code(columns.text("lgcode"), columns.where("lgcode"), check_digit=True)
        if columns.text("cid") != str(int(code[:5])) or columns.text("pid") != str(int(code[:2])):
            raise RawTableError(
                f"{columns.where('cid')}: pid {columns.text('pid')!r} and cid "
                f"{columns.text('cid')!r} disagree with lgcode {code}"
            )
        if code in sites or code in wards:
            raise RawTableError(f"{columns.where('lgcode')}: {code} appears twice")
        body = bodies.get(code)
        if body is not None:
            if body.is_prefecture:
                raise RawTableError(f"{columns.where('lgcode')}: {code} is a prefecture")
            if columns.text("pref") != body.prefecture or not name_matches(
                body, columns.text("city")
            ):
                raise RawTableError(
                    f"{columns.where('city')}: {columns.text('pref')} {columns.text('city')!r} "
                    f"is not {body.full_name} ({code})"
                )
            if columns.text("city") != body.name:
                glyph_variants.append(columns.cell("city"))
            sites[code] = _site(columns, body, "city")
        else:
            wards[code] = _ward(
                columns, code, _parent_city(code, designated, columns.where("lgcode"))
            )
    missing = [f"{body.full_name} ({code})" for code, body in bodies.items() if code not in sites]
    if missing:
        raise RawTableError(f"{file} and {PREFECTURES_FILE}: no row for {missing}")
    for city in designated:
        if not any(ward.city_lg_code == city.lg_code for ward in wards.values()):
            raise RawTableError(f"{file}: no ward of {city.full_name} ({city.lg_code})")
    return LocalGovJp(
        sites=tuple(sites[body.lg_code] for body in master.bodies),
        wards=tuple(sorted(wards.values(), key=lambda ward: ward.code)),
        missing_wards=_missing_wards(list(wards.values()), bodies),
        glyph_variants=tuple(glyph_variants),
    )


def _ward(columns: _Columns, code: str, city: MasterBody) -> Ward:
    published = columns.text("city")
    city_part, _, ward_name = published.partition(" ")
    city_reading, _, reading = columns.text("citykana").partition(" ")
    if not reading or " " in reading:
        raise RawTableError(
            f"{columns.where('citykana')}: {columns.text('citykana')!r} is not a city's and a "
            "ward's reading separated by a space"
        )
    if (
        columns.text("pref") != city.prefecture
        or city_part != city.name
        or not ward_name.endswith("区")
        or " " in ward_name
    ):
        raise RawTableError(
            f"{columns.where('city')}: {columns.text('pref')} {published!r} is not a ward of "
            f"{city.full_name} ({city.lg_code}), as its code {code} says"
        )
    reorganised = next((r for r in REORGANISATIONS if r.city_lg_code == city.lg_code), None)
    if reorganised is not None and ward_name not in reorganised.old_wards:
        raise RawTableError(
            f"{columns.where('city')}: {published!r} is not one of the wards of "
            f"{city.name} before {reorganised.date}: the file is newer than this import expects"
        )
    url, latitude, longitude = columns.place()
    return Ward(
        code=code,
        name=ward_name,
        name_as_published=published,
        city_reading=city_reading,
        reading=reading,
        city_lg_code=city.lg_code,
        city_name=city.name,
        url=url,
        latitude=latitude,
        longitude=longitude,
        current=reorganised is None,
        note=None if reorganised is None else f"outdated: {reorganised.source}",
        name_cell=columns.cell("city"),
        reading_cell=columns.cell("citykana"),
        url_cell=columns.cell("url"),
        latitude_cell=columns.cell("lat"),
        longitude_cell=columns.cell("lng"),
    )


def _missing_wards(
    listed: Sequence[Ward], bodies: dict[str, MasterBody]
) -> tuple[MissingWard, ...]:
    """The wards of today that replaced outdated ones; the file must list every old ward."""
    missing = []
    for reorganisation in REORGANISATIONS:
        city = bodies[reorganisation.city_lg_code]
        old = sorted(ward.name for ward in listed if ward.city_lg_code == city.lg_code)
        if old != sorted(reorganisation.old_wards):
            raise RawTableError(
                f"{MUNICIPALITIES_FILE}: wards of {city.name} are {old}, expected the "
                f"{len(reorganisation.old_wards)} before {reorganisation.date}"
            )
        for name in reorganisation.new_wards:
            missing.append(
                MissingWard(
                    city.lg_code, city.name, name, reorganisation.date, reorganisation.source
                )
            )
    return tuple(missing)


class Sites:
    """The importer of localgovjp: each body's official website and office coordinates on its
    ``municipalities`` row, and the wards of the designated cities as new rows
    (:mod:`release_builder.national.wards`)."""

    folder = DATASET

    def rows(self, context: Context) -> Rows:
        """The whole ``municipalities`` table: the rows given, with sites, then the wards."""
        listed = read_localgovjp(context.reference, context.master)
        sites = {site.lg_code: site for site in listed.sites}
        municipalities: list[dict[str, Any]] = []
        for row in context.municipalities:
            site = sites[row["lg_code"]]
            cells = (site.url_cell, site.latitude_cell, site.longitude_cell)
            municipalities.append(
                {
                    **row,
                    "website": site.url,
                    "latitude": site.latitude,
                    "longitude": site.longitude,
                    "evidence": [context.sources.cite(cell) for cell in cells],
                }
            )
        municipalities += ward_rows(municipalities, listed, context.changes, context.sources.cite)
        return {"municipalities": municipalities}
