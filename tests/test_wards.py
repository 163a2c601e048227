"""Wards of the designated cities (release 2026.12.1 on): re-derived from the raw localgovjp
and e-Stat files, resolved by name, city and code, and ambiguous where names are shared."""

from __future__ import annotations

import csv
import io
import re

import polars as pl
import pytest

import jpdx
from jpdx.codes import check_digit

from .conftest import RELEASES, SOURCES, table_path

REFERENCE = SOURCES / "reference"
WARDS_FROM = "2026.12.1"


def _records(name: str) -> list[list[str]]:
    text = (REFERENCE / name).read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def _katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


@pytest.fixture(scope="module")
def table() -> pl.DataFrame:
    return pl.read_parquet(table_path(RELEASES, WARDS_FROM, "municipalities"))


def _expected_wards(table: pl.DataFrame) -> dict[str, tuple[str | None, ...]]:
    """(prefecture, name, kana, city code, website) of today's wards, from the raw files."""
    cities = {
        (row["prefecture"], row["name"]): row["lg_code"]
        for row in table.filter(pl.col("kind") == "designated_city").iter_rows(named=True)
    }
    known = set(table.filter(pl.col("kind") != "ward")["lg_code"])
    records = _records("localgovjp/localgovjp-utf8.csv")
    header = records[0]
    expected: dict[str, tuple[str | None, ...]] = {}
    for record in records[1:]:
        row = dict(zip(header, record, strict=True))
        if row["lgcode"] in known or row["city"].startswith("浜松市 "):
            continue  # a municipality, or one of 浜松市's seven wards of before 2024-01-01
        city, ward = row["city"].split(" ")
        expected[row["lgcode"]] = (
            row["pref"],
            ward,
            _katakana(row["citykana"].split(" ")[1]),
            cities[row["pref"], city],
            row["url"],
        )
    for record in _records("estat-municipal-changes/estat-haichi.csv")[1:]:
        code5, pref, district, _, name, kana, date, reason = record
        created = re.search(rf"を{re.escape(name)}（{code5}）に再編", reason)
        if district == "浜松市" and date == "2024-01-01" and name and created:
            code = code5 + check_digit(code5)
            expected[code] = (pref, name, _katakana(kana), cities[pref, district], None)
    return expected


def test_the_wards_are_those_the_raw_files_state(table: pl.DataFrame) -> None:
    wards = table.filter(pl.col("kind") == "ward")
    found = {
        row["lg_code"]: (
            row["prefecture"],
            row["name"],
            row["kana"],
            row["city_lg_code"],
            row["website"],
        )
        for row in wards.iter_rows(named=True)
    }
    expected = _expected_wards(table)
    assert found == expected
    assert len(found) == 171  # 175 in localgovjp, less 浜松市's seven, plus its three of 2024
    assert table.filter(pl.col("kind") != "ward").height == 1788
    hamamatsu = wards.filter(pl.col("city_lg_code") == "221309").sort("lg_code")
    assert hamamatsu["name"].to_list() == ["中央区", "浜名区", "天竜区"]
    assert hamamatsu["latitude"].null_count() == 3  # neither file gives their offices


def test_only_wards_have_a_city_and_it_is_a_designated_city(table: pl.DataFrame) -> None:
    cities = set(table.filter(pl.col("kind") == "designated_city")["lg_code"])
    wards = table.filter(pl.col("kind") == "ward")
    assert set(wards["city_lg_code"]) == cities  # every designated city has its wards
    assert table.filter(pl.col("kind") != "ward")["city_lg_code"].null_count() == 1788
    assert (wards["lg_code"].str.slice(0, 2) == wards["city_lg_code"].str.slice(0, 2)).all()


def test_a_ward_code_resolves_to_its_ward_and_city() -> None:
    ward = jpdx.municipality("011029", version=WARDS_FROM)
    assert (ward.name, ward.kind.value, ward.city_lg_code) == ("北区", "ward", "011002")
    assert jpdx.municipality("01102", version=WARDS_FROM) == ward  # 5 digits, as e-Stat
    assert jpdx.municipality("札幌市北区", version=WARDS_FROM) == ward
    assert jpdx.municipality("北海道札幌市北区", version=WARDS_FROM) == ward
    assert jpdx.municipality("札幌市 北区", version=WARDS_FROM) == ward


@pytest.mark.parametrize(
    ("name", "count", "among"),
    [
        ("北区", 11, "東京都北区 (131172)"),
        ("中央区", 11, "東京都中央区 (131024)"),
        ("港区", 3, "東京都港区 (131032)"),
        ("Kita", 11, "大阪府大阪市北区 (271276)"),
        ("きたく", 11, "兵庫県神戸市北区 (281093)"),
    ],
)
def test_a_shared_ward_name_is_ambiguous_listing_every_candidate(
    name: str, count: int, among: str
) -> None:
    with pytest.raises(jpdx.AmbiguousNameError) as raised:
        jpdx.municipality(name, version=WARDS_FROM)
    assert len(raised.value.choices) == count
    assert among in raised.value.choices
    assert among in str(raised.value)


def test_a_prefecture_keeps_its_stem_and_romaji_where_a_ward_shares_them() -> None:
    for query in ("兵庫", "Hyogo", "Hyougo", "Kanagawa"):
        assert jpdx.municipality(query, version=WARDS_FROM).kind.value == "prefecture"
    assert jpdx.municipality("兵庫区", version=WARDS_FROM).lg_code == "281051"
    assert jpdx.municipality("Hyogo-ku", version=WARDS_FROM).lg_code == "281051"


def test_a_former_hamamatsu_ward_names_the_ward_it_became() -> None:
    with pytest.raises(jpdx.FormerPlaceError) as raised:
        jpdx.municipality("22131", version=WARDS_FROM)  # 中区 until 2024-01-01
    assert raised.value.choices == ("静岡県浜松市中央区 (221384)",)
    with pytest.raises(jpdx.FormerPlaceError) as raised:
        jpdx.municipality("浜松市北区", version=WARDS_FROM)  # split between two wards
    assert set(raised.value.choices) == {
        "静岡県浜松市中央区 (221384)",
        "静岡県浜松市浜名区 (221392)",
    }


def test_earlier_releases_have_no_wards() -> None:
    for version in ("2026.11.0", "2026.12.0"):
        assert jpdx.municipality("北区", version=version).lg_code == "131172"
        assert "city_lg_code" not in jpdx.load("municipalities", version=version).columns
