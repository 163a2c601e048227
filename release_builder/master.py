"""The municipality master from MIC's list of 全国地方公共団体コード."""

from __future__ import annotations

import csv
import io
import unicodedata
from typing import Any

from jpdx import codes
from jpdx.enums import MunicipalityKind
from jpdx.places import reading_stem
from release_builder.errors import CurationError
from release_builder.national.mic_master import body_kind
from release_builder.romaji import to_romaji

EXPECTED_COLUMNS = ["code", "prefecture", "city", "prefecture_kana", "city_kana"]


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


def municipality_rows(csv_text: str, where: str) -> list[dict[str, Any]]:
    """Rows of the municipalities table from the text of the MIC list (CSV)."""
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
        rows.append(
            {
                "lg_code": code,
                "code5": code[:5],
                "prefecture_code": code[:2],
                "prefecture": raw["prefecture"],
                "name": name,
                "kana": kana,
                "romaji": to_romaji(_stem_reading(name, kana, here)),
                "kind": _kind(code, name, is_prefecture),
            }
        )
    return rows
