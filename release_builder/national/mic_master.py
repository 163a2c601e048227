"""The MIC list of 全国地方公共団体コード (``sources/reference/mic_lg_codes.csv``), read once,
strictly, for every national import: which bodies exist, in MIC order, by code and by name
(:mod:`release_builder.national.placing` places published codes and names on them)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Final, Literal

from jpdx import codes
from jpdx.enums import MunicipalityKind
from release_builder.national.cells import RawTableError, read_records

MASTER_FILE: Final = "mic_lg_codes.csv"
MASTER_HEADER: Final = ("code", "prefecture", "city", "prefecture_kana", "city_kana")
PREFECTURES: Final = 47
MUNICIPALITIES: Final = 1741

Level = Literal["prefecture", "municipality"]


def body_kind(code: str, name: str, is_prefecture: bool) -> MunicipalityKind | None:
    """The kind of body a MIC code and name denote; None when the name's suffix tells none."""
    if is_prefecture:
        return MunicipalityKind.prefecture
    suffix = name[-1]
    if suffix == "市":
        # MIC numbers designated cities (and their wards) 100-199 within the prefecture.
        designated = 100 <= int(code[2:5]) <= 199
        return MunicipalityKind.designated_city if designated else MunicipalityKind.city
    if suffix == "区" and code.startswith("13"):
        return MunicipalityKind.special_ward
    return {"町": MunicipalityKind.town, "村": MunicipalityKind.village}.get(suffix)


@dataclass(frozen=True)
class MasterBody:
    """One of the bodies of the MIC list (47 prefectures and 1,741 municipalities)."""

    lg_code: str
    prefecture: str
    name: str
    kind: MunicipalityKind
    row: int
    """0-based csv record index in ``mic_lg_codes.csv`` (record 0 is the header)."""

    @property
    def is_prefecture(self) -> bool:
        return self.kind is MunicipalityKind.prefecture

    @property
    def full_name(self) -> str:
        """The prefecture, or the prefecture and the municipality separated by a space."""
        return self.name if self.is_prefecture else f"{self.prefecture} {self.name}"

    @property
    def is_designated_city(self) -> bool:
        """A 政令指定都市."""
        return self.kind is MunicipalityKind.designated_city


class Master:
    """The bodies of the MIC list, in its order, by code and by name."""

    def __init__(self, bodies: tuple[MasterBody, ...]) -> None:
        self.bodies = bodies
        self.by_code: dict[str, MasterBody] = {}
        for body in bodies:
            if body.lg_code in self.by_code:
                raise RawTableError(f"{MASTER_FILE}: code {body.lg_code} appears twice")
            self.by_code[body.lg_code] = body
        self.prefectures = {b.name: b for b in bodies if b.is_prefecture}
        """Prefectures by name."""
        self.municipalities = {b.lg_code: b for b in bodies if not b.is_prefecture}
        """Municipalities by 6-digit code."""

    @cached_property
    def _named(self) -> dict[tuple[str, str], tuple[MasterBody, ...]]:
        named: dict[tuple[str, str], list[MasterBody]] = {}
        for body in self.municipalities.values():
            named.setdefault((body.prefecture, body.name), []).append(body)
        return {key: tuple(found) for key, found in named.items()}

    def named(self, prefecture: str, name: str) -> tuple[MasterBody, ...]:
        """The municipalities of ``prefecture`` called ``name``."""
        return self._named.get((prefecture, name), ())

    def level(self, level: Level) -> tuple[MasterBody, ...]:
        """The prefectures or the municipalities, in MIC order."""
        return tuple(b for b in self.bodies if b.is_prefecture == (level == "prefecture"))


def _where(row: int, column: int) -> str:
    return f"{MASTER_FILE} row {row} column {column}"


def read_master(reference_root: Path) -> Master:
    """The MIC list under ``reference_root``, every record checked: a malformed one raises
    :class:`RawTableError` naming its row and column."""
    records = read_records(reference_root / MASTER_FILE)
    if not records or tuple(records[0]) != MASTER_HEADER:
        raise RawTableError(f"{_where(0, 0)}: expected the header {MASTER_HEADER}")
    bodies: list[MasterBody] = []
    seen: dict[str, int] = {}
    prefecture_code = ""
    for row, record in enumerate(records[1:], start=1):
        if len(record) != len(MASTER_HEADER):
            where = _where(row, min(len(record), len(MASTER_HEADER)))
            raise RawTableError(f"{where}: expected {len(MASTER_HEADER)} fields, got {len(record)}")
        code, prefecture, city = record[0], record[1], record[2]
        if not codes.is_valid(code):
            raise RawTableError(f"{_where(row, 0)}: {code!r} is not a valid code")
        if code in seen:
            raise RawTableError(f"{_where(row, 0)}: code {code} repeats row {seen[code]}")
        seen[code] = row
        if city == "":
            prefecture_code = code[:2]
            if code[2:5] != "000":
                raise RawTableError(f"{_where(row, 2)}: {code} has no city name")
        elif code[:2] != prefecture_code:
            raise RawTableError(f"{_where(row, 0)}: {code} does not follow its prefecture's row")
        name = city or prefecture
        kind = body_kind(code, name, is_prefecture=not city)
        if kind is None:
            raise RawTableError(f"{_where(row, 2)}: cannot tell the kind of {name!r} ({code})")
        bodies.append(MasterBody(code, prefecture, name, kind, row))
    master = Master(tuple(bodies))
    found = (len(master.prefectures), len(master.municipalities))
    if found != (PREFECTURES, MUNICIPALITIES):
        raise RawTableError(
            f"{_where(len(records), 0)}: expected {PREFECTURES} prefecture and {MUNICIPALITIES} "
            f"municipality rows, found {found[0]} and {found[1]}"
        )
    return master
