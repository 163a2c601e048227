"""総務省 主要財政指標 FY2005–FY2021: every value re-derived from the vendored workbooks by a
reader apart from the import (pandas' calamine engine), every row placed exactly once, values
of bodies that ceased filed under their own codes, definitions re-found in the PDF."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from release_builder.national.cells import RawTableError
from release_builder.national.code_changes import CodeChanges
from release_builder.national.fiscal_indicators import (
    FOLDER,
    FiscalIndicators,
    FiscalRow,
    Workbook,
    parse_value,
    place,
    read_definitions,
    read_workbook,
)
from release_builder.national.placing import PlacingError
from release_builder.national.registry import context

from .conftest import SOURCES

REFERENCE = SOURCES / "reference"
ERA = {"H": 1988, "R": 2018}
# Data rows per workbook: the municipalities at the fiscal year's end and Tokyo's 23 wards
# (1,821 + 23 on 2006-03-31 …), and the 47 prefectures.
CITY_ROWS = {
    2005: 1844, 2006: 1827, 2007: 1816, 2008: 1800, 2009: 1750, 2010: 1750, 2011: 1742,
    2012: 1742, 2013: 1742, **{year: 1741 for year in range(2014, 2022)},
}  # fmt: skip


@pytest.fixture(scope="module")
def imported() -> dict[str, Any]:
    shared = context(REFERENCE, ())
    rows = FiscalIndicators().rows(shared)
    former = CodeChanges().rows(shared)["former_municipalities"]
    return {"rows": rows, "former": former, "context": shared}


def _workbooks() -> list[tuple[str, Path]]:
    return sorted(
        (level, path)
        for level in ("city", "prefecture")
        for path in (REFERENCE / FOLDER / level).iterdir()
        if path.suffix in (".xls", ".xlsx")
    )


def _expected(cell: Any) -> tuple[float | None, bool]:
    """The number a cell states and whether it says "not applicable", read apart from the
    import: pandas gives numbers as numbers, text as str, empty cells as NaN."""
    if isinstance(cell, str):
        text = cell.strip("()")
        if cell in ("-", "－"):
            return None, True
        return float(text), False
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None, False
    return float(cell), False


def test_every_value_is_rederived_from_the_workbooks(imported: dict[str, Any]) -> None:
    values = imported["rows"]["indicator_values"]
    cited = {}
    for value in values:
        cell = value["evidence"][0]
        cited[(cell["source_id"], cell["row"], cell["column"])] = value
    seen = 0
    for level, path in _workbooks():
        frame = pd.read_excel(path, header=None, engine="calamine", dtype=object)
        header = [str(h) for h in frame.iloc[1]]
        first = header.index("団体名") + 1 if level == "city" else 1
        source_id = f"mic-fiscal-indicators-{level}-{path.stem.lower()}-{path.suffix[1:]}"
        year = ERA[path.stem[0]] + int(path.stem[1:])
        for row in range(2, len(frame)):
            if "平均" in "".join(str(c) for c in frame.iloc[row, :2]):
                break
            for column in range(first, len(header)):
                number, not_applicable = _expected(frame.iloc[row, column])
                value = cited.pop((source_id, row, column))
                seen += 1
                assert value["as_of_fiscal_year"] == year
                assert value["value"] == number, (path, row, column)
                assert value["answers"] == (["not_applicable"] if not_applicable else [])
                assert value["name_as_published"] == frame.iloc[row, first - 1]
                assert value["evidence"][0]["column_header"] == header[column]
        else:
            pytest.fail(f"{path}: no average row")
        if level == "city":
            assert row - 2 == CITY_ROWS[year], path
        else:
            assert row - 2 == 47, path
    assert not cited, f"values citing no data cell: {list(cited)[:3]}"
    assert seen == len(values) == 155_462


def test_counts_per_indicator(imported: dict[str, Any]) -> None:
    counts = Counter(v["indicator_id"] for v in imported["rows"]["indicator_values"])
    assert counts == {
        "fiscal-capability-index": 30_740,
        "fiscal-current-balance-ratio": 30_740,
        "fiscal-real-debt-service-ratio": 30_740,
        "fiscal-laspeyres-index": 28_924,
        "fiscal-future-burden-ratio": 25_112,
        "fiscal-debt-restriction-ratio": 5_628,
        "fiscal-laspeyres-index-reference": 3_578,
    }


def test_every_row_is_placed_exactly_once(imported: dict[str, Any]) -> None:
    by_file: dict[tuple[str, int], set[str]] = defaultdict(set)
    codes: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for value in imported["rows"]["indicator_values"]:
        cell = value["evidence"][0]
        by_file[(cell["source_id"], cell["row"])].add(value["lg_code"])
        codes[f"{cell['source_id']} {value['indicator_id']}"].add((value["lg_code"], cell["row"]))
    assert all(len(found) == 1 for found in by_file.values())  # a row, one place
    for key, placed in codes.items():  # a place, one row of a file
        lg_codes = [code for code, _ in placed]
        assert len(lg_codes) == len(set(lg_codes)), key


def test_values_of_ceased_bodies_stay_theirs(imported: dict[str, Any]) -> None:
    shared = imported["context"]
    former = {row["lg_code"]: row for row in imported["former"]}
    today = set(shared.master.by_code)
    values = imported["rows"]["indicator_values"]
    assert all(v["lg_code"] in today or v["lg_code"] in former for v in values)
    assert not today & set(former)
    ceased = {v["lg_code"] for v in values if v["lg_code"] in former}
    assert len(ceased) == 113  # bodies listed FY2005–FY2013 that have since merged away
    # 栃木県大平町 merged into 栃木市 on 2010-03-29: its FY2005 value is its own
    ohira = [
        v
        for v in values
        if v["name_as_published"] == "大平町"
        and v["as_of_fiscal_year"] == 2005
        and v["indicator_id"] == "fiscal-capability-index"
    ]
    assert [v["lg_code"] for v in ohira] == ["093653"]
    assert former["093653"]["successor_codes"] == ["092037"]
    assert former["093653"]["abolished"] == dt.date(2010, 3, 29)
    iwafune = former["093670"]
    assert (iwafune["name"], iwafune["abolished"]) == ("岩舟町", dt.date(2014, 4, 5))
    assert {v["as_of_fiscal_year"] for v in values if v["lg_code"] == "093670"} == {
        2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013,
    }  # fmt: skip
    # 那珂川町 became 那珂川市 (a new code, the same body): filed under today's code
    nakagawa = {
        v["lg_code"]
        for v in values
        if v["name_as_published"] == "那珂川町" and v["lg_code"].startswith("40")
    }
    assert nakagawa == {"402311"}  # (栃木県's 那珂川町 is 094111)


def test_former_rows_cite_their_record(imported: dict[str, Any]) -> None:
    rows = {row["lg_code"]: row for row in imported["former"]}
    fukumitsu = rows["164216"]
    assert fukumitsu["name"] == "福光町"
    assert fukumitsu["kana"] == "フクミツマチ"
    assert fukumitsu["successor_codes"] == ["162108"]
    assert [e["column"] for e in fukumitsu["evidence"]] == [4, 5, 7]
    assert fukumitsu["evidence"][0]["quote"] == "福光町"


def test_a_hand_checked_row() -> None:
    definitions = read_definitions(REFERENCE)
    book = read_workbook(REFERENCE, "city", "H17.xls", definitions)
    sapporo = book.rows[0]
    assert (sapporo.row, sapporo.prefecture, sapporo.name, sapporo.code) == (
        2, "北海道", "札幌市", None,
    )  # fmt: skip
    got = {v.definition.id: (v.number, v.cell.text) for v in sapporo.values}
    assert got == {
        "fiscal-current-balance-ratio": (96.5, "96.5"),
        "fiscal-real-debt-service-ratio": (14.0, "14.0"),
        "fiscal-debt-restriction-ratio": (14.8, "14.8"),
        "fiscal-capability-index": (0.67, "0.67"),
        "fiscal-laspeyres-index": (98.6, "98.6"),  # stored as text in FY2005
    }


def test_definitions_are_quoted_from_the_pdf(imported: dict[str, Any]) -> None:
    pages = {
        name: [page.extract_text() for page in PdfReader(REFERENCE / FOLDER / name).pages]
        for name in ("000781152.pdf", "000781153.pdf")
    }
    indicators = {row["indicator_id"]: row for row in imported["rows"]["indicators"]}
    quoted = 0
    for row in indicators.values():
        for item in row["evidence"]:
            if "page" in item:
                name = item["source_id"].removeprefix("mic-fiscal-indicators-").replace("-", ".")
                assert item["quote"] in pages[name][item["page"] - 1]
                quoted += 1
    assert quoted == 5 + 3  # five definitions, three notes of 000781153.pdf
    assert indicators["fiscal-debt-restriction-ratio"]["definition"] is None
    capability = indicators["fiscal-capability-index"]["definition"]
    assert capability.startswith("地方公共団体の財政力を示す指数で")
    assert "特別区" in capability


def test_a_row_that_places_nowhere_names_its_cell(imported: dict[str, Any]) -> None:
    definitions = read_definitions(REFERENCE)
    book = read_workbook(REFERENCE, "city", "H20.xls", definitions)
    broken = Workbook(
        book.level,
        book.year,
        book.sheet,
        (FiscalRow(5, "北海道", "存在しない町", None, ()),),
        book.footnotes,
    )
    with pytest.raises(
        PlacingError, match=r"city/H20\.xls sheet '全市町村の主要財政指標' row 5 column 1"
    ):
        place(broken, broken.rows[0], imported["context"].places)
    coded = read_workbook(REFERENCE, "city", "R3.xlsx", definitions)
    wrong = FiscalRow(7, "北海道", "札幌市", "012025", ())
    with pytest.raises(PlacingError, match=r"R3\.xlsx sheet .* row 7 column 0: code 012025 is"):
        place(coded, wrong, imported["context"].places)


_NUMBER = st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False)


@given(_NUMBER)
def test_numbers_as_text_parse_to_their_value(number: Any) -> None:
    text = str(number)
    if "E" in text or text.startswith("+"):
        return
    assert parse_value(text, "f", bracketed=False) == (float(text), False)
    assert parse_value(f"({text})", "f", bracketed=True) == (float(text), False)
    assert parse_value(float(text), "f", bracketed=False) == (float(text), False)


@given(st.text(max_size=8))
def test_anything_else_is_refused_naming_its_cell(text: str) -> None:
    numeric = re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", text)
    if numeric or text in ("", "-", "－"):
        return
    with pytest.raises(RawTableError, match=r"^city/X\.xls sheet 's' row 3 column 4: "):
        parse_value(text, "city/X.xls sheet 's' row 3 column 4", bracketed=False)


def test_brackets_only_on_a_special_wards_row() -> None:
    with pytest.raises(RawTableError, match="not a number"):
        parse_value("(0.80)", "w", bracketed=False)
    assert parse_value("－", "w", bracketed=False) == (None, True)
    assert parse_value("", "w", bracketed=False) == (None, False)
