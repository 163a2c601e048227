"""The municipality master from MIC's list of 全国地方公共団体コード."""

from __future__ import annotations

import csv
import io
import unicodedata
from typing import Any

from jpdx import codes
from jpdx.enums import MunicipalityKind
from jpdx.places.keys import reading_stem
from release_builder.errors import CurationError
from release_builder.national.mic_master import body_kind
from release_builder.romaji import place_romaji

EXPECTED_COLUMNS = ["code", "prefecture", "city", "prefecture_kana", "city_kana"]

READING_CORRECTIONS: dict[str, tuple[str, str]] = {
    "064289": ("シヨウナイマチ", "ショウナイマチ"),  # 庄内町
    "104213": ("ナカノジヨウマチ", "ナカノジョウマチ"),  # 中之条町
    "112062": ("ギヨウダシ", "ギョウダシ"),  # 行田市
    "112119": ("ホンジヨウシ", "ホンジョウシ"),  # 本庄市
    "112160": ("ハニユウシ", "ハニュウシ"),  # 羽生市
    "124036": ("クジユウクリマチ", "クジュウクリマチ"),  # 九十九里町
    "124435": ("オンジユクマチ", "オンジュクマチ"),  # 御宿町
    "124630": ("キヨナンマチ", "キョナンマチ"),  # 鋸南町
    "253847": ("リユウオウチョウ", "リュウオウチョウ"),  # 竜王町
    "272299": ("シジヨウナワテシ", "シジョウナワテシ"),  # 四條畷市
    "294268": ("コウリヨウチョウ", "コウリョウチョウ"),  # 広陵町
    "332089": ("ソウジヤシ", "ソウジャシ"),  # 総社市
    "335860": ("シンジヨウソン", "シンジョウソン"),  # 新庄村
    "473260": ("チヤタンチョウ", "チャタンチョウ"),  # 北谷町
}
"""Readings MIC's list writes with a full-size ヤ, ユ or ヨ where a small ャ, ュ or ョ
belongs, by code: (the reading as published, NFKC-normalised; the reading used). Each is
a reading that does not fit the kanji of its name in the KAKASI dictionary while the
reading with the small kana does; readings that fit as published (清里町 キヨサト) are
kept. The vendored file stays as published."""


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
        if code in READING_CORRECTIONS:
            published, corrected = READING_CORRECTIONS[code]
            if kana != published:
                raise CurationError(
                    f"{here}: the reading of {name!r} is {kana!r}, not {published!r} as the "
                    "correction expects; review READING_CORRECTIONS",
                    value=kana,
                )
            kana = corrected
        rows.append(
            place_row(code, raw["prefecture"], name, kana, _kind(code, name, is_prefecture), here)
        )
    return rows
