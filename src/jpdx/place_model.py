"""The model of the municipalities table, importable without the other tables' models."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictFloat, StrictStr, StringConstraints, model_validator

from jpdx.enums import MunicipalityKind
from jpdx.model_base import CellEvidence, LgCode, Record, Text, Url, documented


class Municipality(Record):
    """A prefecture or municipality of MIC's 全国地方公共団体コード list, or (from release 2026.12.1
    on) a ward of a designated city (kind ward, with its city in city_lg_code)."""

    lg_code: LgCode = documented(
        "6-digit 全国地方公共団体コード including its check digit.",
        "全国地方公共団体コード(検査数字を含む6桁)。",
    )
    code5: Annotated[StrictStr, StringConstraints(pattern=r"^\d{5}$")] = documented(
        "The 5-digit form without the check digit, as used by e-Stat.",
        "検査数字を除いた5桁のコード(e-Stat等で使用)。",
    )
    prefecture_code: Annotated[StrictStr, StringConstraints(pattern=r"^\d{2}$")] = documented(
        "Two-digit prefecture code (the first two digits of lg_code).", "都道府県コード(2桁)。"
    )
    prefecture: Text = documented("Name of the prefecture.", "都道府県名。")
    name: Text = documented(
        "Name of the municipality, or of the prefecture on prefecture rows.",
        "市区町村名(都道府県の行では都道府県名)。",
    )
    kana: Text = documented("Reading in full-width katakana.", "読み(全角カタカナ)。")
    romaji: Text = documented(
        "Hepburn romanization of the name without its suffix (市, 町, 県 …), no macrons; "
        "where a body's English name differs, that name (Minami-Alps).",
        "名称のヘボン式ローマ字表記(市・町・県などの接尾辞を除く、長音記号なし)。英語名が異なる団体はその名称(Minami-Alps)。",
    )
    kind: MunicipalityKind = documented("Kind of local government.", "団体の種類。")
    city_lg_code: LgCode | None = documented(
        "For a ward of a designated city (kind ward): the lg_code of its city; null otherwise.",
        "政令指定都市の行政区(kind が ward)の場合、その市の団体コード。それ以外は null。",
        default=None,
    )
    website: Url | None = documented(
        "The body's official website, as localgovjp (CC0) lists it.",
        "公式ウェブサイト(localgovjp(CC0)の掲載どおり)。",
        default=None,
    )
    latitude: Annotated[StrictFloat, Field(ge=20, le=46)] | None = documented(
        "Latitude of the body's office in decimal degrees, as localgovjp lists it.",
        "庁舎の緯度(十進度、localgovjpの掲載どおり)。",
        default=None,
    )
    longitude: Annotated[StrictFloat, Field(ge=122, le=154)] | None = documented(
        "Longitude of the body's office in decimal degrees, as localgovjp lists it.",
        "庁舎の経度(十進度、localgovjpの掲載どおり)。",
        default=None,
    )
    evidence: tuple[CellEvidence, ...] = documented(
        "The cells that state website, latitude and longitude (the MIC list states the rest); "
        "for a ward, also its name and reading (localgovjp, or e-Stat for a ward newer than it).",
        "website・latitude・longitude を示すセル(その他は総務省の一覧による)。行政区では名称・"
        "読みのセルも(localgovjp、それより新しい区は e-Stat)。",
        default=(),
    )

    @model_validator(mode="after")
    def _codes_agree(self) -> Municipality:
        if self.code5 != self.lg_code[:5] or self.prefecture_code != self.lg_code[:2]:
            raise ValueError(
                f"code5 {self.code5!r} and prefecture_code {self.prefecture_code!r} must be the "
                f"first digits of lg_code {self.lg_code!r}"
            )
        if (self.city_lg_code is not None) != (self.kind is MunicipalityKind.ward):
            raise ValueError(
                f"city_lg_code is given for a ward and only for one (kind {self.kind.value!r}, "
                f"city_lg_code {self.city_lg_code!r})"
            )
        if self.city_lg_code is not None and self.city_lg_code[:2] != self.prefecture_code:
            raise ValueError(
                f"the ward's city {self.city_lg_code} is not in prefecture {self.prefecture_code}"
            )
        return self
