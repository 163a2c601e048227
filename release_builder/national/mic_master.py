"""The MIC master list as the national imports match against it (code, prefecture, name)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jpdx import codes
from release_builder.national.cells import RawTableError, read_records

MASTER_FILE = "mic_lg_codes.csv"
MASTER_HEADER = ["code", "prefecture", "city", "prefecture_kana", "city_kana"]

GLYPH_VARIANTS: dict[str, tuple[str, str]] = {
    # lg_code: (spelling in a published table, spelling in the MIC list). 高知県's town is
    # officially 檮原町 (U+6AAE); MIC's list writes it with the common glyph 梼 (U+68BC).
    "394050": ("檮原町", "梼原町"),
}
"""Names that a published table spells with another glyph than the MIC list: accepted only
for this code and this pair of spellings, and reported by the import that meets them."""


@dataclass(frozen=True)
class MasterBody:
    """One of the 1,788 bodies of the MIC list (47 prefectures and 1,741 municipalities)."""

    lg_code: str
    prefecture: str
    name: str
    is_prefecture: bool

    @property
    def full_name(self) -> str:
        """The prefecture, or the prefecture and the municipality separated by a space."""
        return self.name if self.is_prefecture else f"{self.prefecture} {self.name}"

    @property
    def is_designated_city(self) -> bool:
        """A 政令指定都市: MIC numbers them (and their wards) 100-199 within the prefecture."""
        return self.name.endswith("市") and 100 <= int(self.lg_code[2:5]) <= 199


def read_master(reference_root: Path) -> tuple[MasterBody, ...]:
    """The MIC list under ``sources/reference/``, in its own (MIC code) order."""
    records = read_records(reference_root / MASTER_FILE)
    if not records or records[0] != MASTER_HEADER:
        raise RawTableError(f"{MASTER_FILE} row 0: expected header {MASTER_HEADER}")
    bodies = []
    for index, record in enumerate(records[1:], start=1):
        if len(record) != len(MASTER_HEADER) or not codes.is_valid(record[0]):
            raise RawTableError(f"{MASTER_FILE} row {index}: malformed record {record!r}")
        code, prefecture, city = record[0], record[1], record[2]
        bodies.append(MasterBody(code, prefecture, city or prefecture, is_prefecture=not city))
    return tuple(bodies)


def by_code(master: Sequence[MasterBody]) -> dict[str, MasterBody]:
    """The master keyed by 6-digit code; a repeated code is an error."""
    keyed: dict[str, MasterBody] = {}
    for body in master:
        if body.lg_code in keyed:
            raise RawTableError(f"{MASTER_FILE}: code {body.lg_code} appears twice")
        keyed[body.lg_code] = body
    return keyed


def name_matches(body: MasterBody, published: str) -> bool:
    """True when ``published`` is the body's master name or its known glyph variant."""
    return published == body.name or GLYPH_VARIANTS.get(body.lg_code) == (published, body.name)
