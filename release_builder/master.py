"""The municipality master from MIC's list of 全国地方公共団体コード."""

from __future__ import annotations

import contextlib
import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jpdx import codes
from jpdx.enums import MunicipalityKind
from jpdx.places.keys import reading_stem
from release_builder.curation import read_toml
from release_builder.errors import CurationError
from release_builder.national.mic_master import body_kind
from release_builder.romaji import place_romaji

EXPECTED_COLUMNS = ["code", "prefecture", "city", "prefecture_kana", "city_kana"]

CORRECTIONS_FILE = "mic_lg_codes_corrections.toml"
"""Beside the MIC list under ``sources/reference``: its corrections, with their reasons."""
CORRECTION_KINDS = {
    "reading": ("published", "reading", ("small-kana", "dakuten")),
    "romaji": ("derived", "romaji", ("long-vowel", "english-name")),
}
"""Each table of the corrections file: the key of the value replaced, of the value used,
and the kinds of correction."""


@dataclass(frozen=True)
class Correction:
    """One correction of a reading or romaji: ``was`` (as published or derived) → ``now``."""

    lg_code: str
    name: str
    was: str
    now: str
    kind: str


@dataclass(frozen=True)
class Corrections:
    """The corrections of the MIC list by lg_code (see :data:`CORRECTIONS_FILE`)."""

    reading: Mapping[str, Correction]
    romaji: Mapping[str, Correction]

    def superseded(self, rows: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
        """By lg_code, the spellings these corrections replaced in ``rows`` (the
        municipalities table): the reading as published and the romaji derived from it,
        the romaji derived before a romaji correction."""
        spellings: dict[str, list[str]] = {}
        for row in rows:
            code, name = row["lg_code"], row["name"]
            old: list[str] = []
            if code in self.reading:
                published = self.reading[code].was
                old.append(published)
                stem = reading_stem(name, published)
                with contextlib.suppress(CurationError):  # no romaji where it does not align
                    old.append(place_romaji(name_stem(name), stem or published)[0])
            if code in self.romaji:
                old.append(self.romaji[code].was)
            kept = [s for s in dict.fromkeys(old) if s not in (row["kana"], row["romaji"])]
            if kept:
                spellings[code] = kept
        return spellings


def read_corrections(path: Path) -> Corrections:
    """The corrections file, checked: every entry names a code, a name, the value replaced
    and the value used, and a known kind; no code is corrected twice."""
    data = read_toml(path)
    unknown = set(data) - set(CORRECTION_KINDS)
    if unknown:
        raise CurationError(f"{path}: unknown tables {sorted(unknown)}", value=sorted(unknown))
    found: dict[str, dict[str, Correction]] = {}
    for table, (was_key, now_key, kinds) in CORRECTION_KINDS.items():
        found[table] = {}
        for number, entry in enumerate(data.get(table, []), 1):
            where = f"{path}: [[{table}]] {number}"
            keys = {"lg_code", "name", was_key, now_key, "kind"}
            if not isinstance(entry, dict) or not keys <= set(entry) <= keys | {"note"}:
                raise CurationError(
                    f"{where} needs exactly {sorted(keys)} (and a note)", value=entry
                )
            if entry["kind"] not in kinds:
                raise CurationError(f"{where}: kind is one of {list(kinds)}", value=entry["kind"])
            code = entry["lg_code"]
            if code in found[table]:
                raise CurationError(f"{where}: {code} is corrected twice", value=code)
            found[table][code] = Correction(
                code, entry["name"], entry[was_key], entry[now_key], entry["kind"]
            )
    return Corrections(found["reading"], found["romaji"])


def _kind(code: str, name: str, is_prefecture: bool) -> MunicipalityKind:
    kind = body_kind(code, name, is_prefecture)
    if kind is None:
        raise CurationError(f"cannot tell the kind of {name!r} ({code})", value=name)
    return kind


def _stem_reading(name: str, kana: str, where: str) -> str:
    stem = reading_stem(name, kana)
    if stem is None:
        raise CurationError(
            f"{where}: reading {kana!r} does not fit the suffix of {name!r}", value=kana
        )
    return stem


def name_stem(name: str) -> str:
    """The name without its suffix (下関市 → 下関); 北海道 is its own stem."""
    return name if name == "北海道" else name[:-1]


def _romaji(name: str, stem_kana: str, where: str) -> str:
    try:
        romaji, _ = place_romaji(name_stem(name), stem_kana)
    except CurationError as error:
        raise CurationError(f"{where}: {error}", value=name) from error
    return romaji


def place_row(
    code: str,
    prefecture: str,
    name: str,
    kana: str,
    kind: MunicipalityKind,
    where: str,
    city_lg_code: str | None = None,
) -> dict[str, Any]:
    """The identifying columns of a municipalities row; its romaji from name and reading."""
    return {
        "lg_code": code,
        "code5": code[:5],
        "prefecture_code": code[:2],
        "prefecture": prefecture,
        "name": name,
        "kana": kana,
        "romaji": _romaji(name, _stem_reading(name, kana, where), where),
        "kind": kind,
        "city_lg_code": city_lg_code,
    }


def _corrected(correction: Correction | None, value: str, name: str, where: str) -> str:
    """``value``, or the value a correction uses instead (which must correct this value)."""
    if correction is None:
        return value
    if (correction.name, correction.was) != (name, value):
        raise CurationError(
            f"{where}: {name!r} has {value!r}, not {correction.was!r} of {correction.name!r} as "
            f"the correction expects; review {CORRECTIONS_FILE}",
            value=value,
        )
    return correction.now


def municipality_rows(csv_text: str, where: str, corrections: Corrections) -> list[dict[str, Any]]:
    """Rows of the municipalities table from the text of the MIC list (CSV), corrected."""
    reader = csv.DictReader(io.StringIO(csv_text))
    if reader.fieldnames != EXPECTED_COLUMNS:
        raise CurationError(
            f"{where}: expected columns {EXPECTED_COLUMNS}, got {reader.fieldnames}",
            value=reader.fieldnames,
        )
    rows = []
    for line, raw in enumerate(reader, start=2):
        here = f"{where}:{line}"
        code = raw["code"]
        if not codes.is_valid(code):
            raise CurationError(f"{here}: invalid code {code!r}", value=code)
        is_prefecture = not raw["city"]
        name = raw["prefecture"] if is_prefecture else raw["city"]
        half_kana = raw["prefecture_kana"] if is_prefecture else raw["city_kana"]
        kana = unicodedata.normalize("NFKC", half_kana)
        kana = _corrected(corrections.reading.get(code), kana, name, here)
        row = place_row(code, raw["prefecture"], name, kana, _kind(code, name, is_prefecture), here)
        row["romaji"] = _corrected(corrections.romaji.get(code), row["romaji"], name, here)
        rows.append(row)
    return rows
