"""The MIC master (``sources/reference/mic_lg_codes.csv``) as lookups for the national imports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jpdx.enums import MunicipalityKind
from release_builder.master import municipality_rows

MASTER_FILE = "mic_lg_codes.csv"


@dataclass(frozen=True)
class MasterPlace:
    """One prefecture or municipality of the master."""

    lg_code: str
    prefecture: str
    name: str
    kind: MunicipalityKind


class Master:
    """The master's places, by code and by name."""

    def __init__(self, places: tuple[MasterPlace, ...]) -> None:
        self.places = places
        self.municipalities = {
            p.lg_code: p for p in places if p.kind is not MunicipalityKind.prefecture
        }
        self.prefectures = {p.name: p for p in places if p.kind is MunicipalityKind.prefecture}
        self._named: dict[tuple[str, str], list[MasterPlace]] = {}
        for place in self.municipalities.values():
            self._named.setdefault((place.prefecture, place.name), []).append(place)

    def named(self, prefecture: str, name: str) -> tuple[MasterPlace, ...]:
        """The municipalities of ``prefecture`` called ``name``."""
        return tuple(self._named.get((prefecture, name), ()))


def read_master(reference_root: Path) -> Master:
    """The vendored MIC master (raises :class:`jpdx.errors.CurationError` when malformed)."""
    path = reference_root / MASTER_FILE
    rows = municipality_rows(path.read_text(encoding="utf-8"), str(path))
    return Master(
        tuple(
            MasterPlace(row["lg_code"], row["prefecture"], row["name"], row["kind"]) for row in rows
        )
    )
