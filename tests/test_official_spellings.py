"""Names, dates and ids as official tables and pasted text write them: county-prefixed
names (from the place index the builder stores), invisible characters, era letters, and
unknown values of key columns."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from release_builder.place_index import place_index

import jpdx
from jpdx.dates import parse_date
from jpdx.places import gazetteer
from jpdx.places.encoding import parse_index
from jpdx.places.gazetteer import Gazetteer
from jpdx.store import bundled

from .conftest import ROOT

VERSION = "2026.12.1"
CARD_FILE = (
    ROOT / "sources" / "reference" / "mic-mynumber-card-issuance" / "20221231" / "all_localgovs.csv"
)


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    """The place index the builder writes from the tables of release 2026.12.1, read back."""
    store = bundled()
    data = place_index(
        store.frame("municipalities", VERSION),
        store.frame("code_changes", VERSION),
        store.frame("indicator_values", VERSION),
    )
    stored = parse_index(data, VERSION)
    return Gazetteer(stored.key_maps(), stored.formers)


def _card_rows() -> list[tuple[str, str, str]]:
    """(prefecture, name as the card file writes it, 6-digit code) of every municipality,
    read from the raw file (its 団体コード drops the leading zero; ``<NA>`` stays as it is)."""
    with CARD_FILE.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = csv.reader(handle)
    at = {column: header.index(column) for column in ("都道府県名", "市区町村名", "団体コード")}
    return [
        (r[at["都道府県名"]], r[at["市区町村名"]], r[at["団体コード"]].replace("<NA>", "").zfill(6))
        for r in rows
    ]


def test_the_examples_of_the_card_files(built: Gazetteer) -> None:
    assert built.resolve("安芸郡海田町").lg_code == "343048"
    assert built.resolve("和歌山県東牟婁郡串本町").lg_code == "304280"
    assert built.resolve("広島県　安芸郡　海田町").lg_code == "343048"
    assert built.resolve("三宅島三宅村").lg_code == "133817"
    assert built.resolve("高岡郡檮原町").lg_code == "394050"  # the master writes 梼原町


def test_every_name_of_the_card_file_finds_its_code(built: Gazetteer) -> None:
    rows = _card_rows()
    assert len(rows) == 1741
    wrong = [
        (prefecture, name, code)
        for prefecture, name, code in rows
        if code != "000000" and built.resolve(prefecture + name).lg_code != code
    ]
    assert wrong == []
    uncoded = [name for _, name, code in rows if code == "000000"]
    assert sorted(uncoded) == ["三宅村", "八丈町"]  # the file gives no code: found by name
    assert [built.resolve(f"東京都{n}").name for n in sorted(uncoded)] == sorted(uncoded)
    counties = [name for _, name, _ in rows if "郡" in name[:-1]]
    assert len(counties) > 900


def test_a_county_name_is_not_a_former_name(built: Gazetteer) -> None:
    with pytest.raises(jpdx.FormerPlaceError, match="那珂川市"):
        built.resolve("福岡県那珂川町")
    with pytest.raises(jpdx.UnknownPlaceError):
        built.resolve("架空郡海田町")  # a county no table writes


def test_the_county_index_answers_every_other_query_as_before(built: Gazetteer) -> None:
    stored = gazetteer(bundled(), VERSION)
    frame = bundled().frame("municipalities", VERSION)
    queries = {t for row in frame.select("name", "kana", "romaji").rows() for t in row}

    def answer(index: Gazetteer, query: str) -> object:
        try:
            return index.resolve(query)
        except jpdx.JpdxError as error:
            return type(error).__name__, str(error)

    assert [q for q in sorted(queries) if answer(built, q) != answer(stored, q)] == []


INVISIBLE = st.sampled_from(
    [
        "\u200b",  # zero-width space
        "\u200c",
        "\u200d",
        "\u2060",  # word joiner
        "\ufeff",  # byte-order mark
        "\u200e",  # left-to-right mark
        "\u00ad",  # soft hyphen
        "\ufe00",  # variation selector 1
        "\U000e0100",  # ideographic variation selector 17
        "\U000e01ef",
        "\t",
        "\r\n",
    ]
)
NAMES = sorted(
    {
        text
        for row in bundled().frame("municipalities", VERSION).select("name", "lg_code").rows()
        for text in row
    }
    | {"Shimonoseki", "しものせき", "山口県下関市", "兵庫"}
)


def _sprinkle(text: str, noise: list[tuple[int, str]]) -> str:
    chars = list(text)
    for at, char in sorted(noise, reverse=True):
        chars.insert(at % (len(chars) + 1), char)
    return "".join(chars)


@given(
    st.sampled_from(NAMES),
    st.lists(st.tuples(st.integers(0, 20), INVISIBLE), min_size=1, max_size=4),
)
def test_invisible_characters_of_pasted_text_do_not_change_the_answer(
    name: str, noise: list[tuple[int, str]]
) -> None:
    places = gazetteer(bundled(), VERSION)
    noisy = _sprinkle(name, noise)
    assume_answer = _answer(places, name)
    assert _answer(places, noisy)[0] == assume_answer[0]
    if assume_answer[0] == "place":
        assert _answer(places, noisy) == assume_answer


def _answer(places: Gazetteer, query: str) -> tuple[str, object]:
    try:
        return "place", places.resolve(query).lg_code
    except jpdx.JpdxError as error:
        return type(error).__name__, error.choices


def test_other_control_characters_are_refused() -> None:
    with pytest.raises(jpdx.UnknownPlaceError):
        jpdx.lg_code("下関市\x00")
    with pytest.raises(jpdx.InvalidDateError):
        jpdx.fiscal_year("R5年度\x07")


def test_an_ideographic_variation_sequence_is_its_base_character() -> None:
    assert jpdx.lg_code("葛\U000e0100飾区") == jpdx.lg_code("葛飾区")
    assert jpdx.lg_code("\u200b下関市\ufeff") == "352012"
    assert jpdx.lg_code("352012\u200b") == "352012"


# -- era letters ----------------------------------------------------------------------------

ERA_STARTS = {  # the first day of each era, stated here independently of jpdx.dates
    "M": dt.date(1873, 1, 1),  # (the Gregorian calendar: 明治6年)
    "T": dt.date(1912, 7, 30),
    "S": dt.date(1926, 12, 25),
    "H": dt.date(1989, 1, 8),
    "R": dt.date(2019, 5, 1),
}
ERA_FIRST_YEARS = {"M": 1868, "T": 1912, "S": 1926, "H": 1989, "R": 2019}


def _era_of(day: dt.date) -> str:
    return [letter for letter, start in ERA_STARTS.items() if start <= day][-1]


@given(
    st.dates(dt.date(1873, 1, 1), dt.date(2099, 12, 31)),
    st.sampled_from([".", "/", "-"]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_an_era_letter_date_is_the_day_it_names(
    day: dt.date, separator: str, pad: bool, lower: bool, wide: bool
) -> None:
    letter = _era_of(day)
    year = day.year - ERA_FIRST_YEARS[letter] + 1
    fmt = "{:02d}" if pad else "{}"
    text = (letter.lower() if lower else letter) + separator.join(
        fmt.format(n) for n in (year, day.month, day.day)
    )
    if wide:
        text = text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert unicodedata.normalize("NFKC", text) != text or not wide
    assert jpdx.to_date(text) == day


@given(st.integers(1, 40))
def test_era_letter_fiscal_years_and_bare_years(year: int) -> None:
    assert jpdx.fiscal_year(f"R{year}年度") == 2018 + year
    assert jpdx.fiscal_year(f"R{year}年度") == jpdx.fiscal_year(f"令和{year}年度")
    if year <= 31:
        assert jpdx.fiscal_year(f"H{year}年度") == 1988 + year
        assert parse_date(f"H{year}").date == dt.date(1988 + year, 1, 1)


def test_era_letter_examples_and_refusals() -> None:
    assert parse_date("H1").date.year == 1989
    assert jpdx.to_date("R6.1.23") == dt.date(2024, 1, 23)
    assert jpdx.fiscal_year("R5年度") == 2023
    assert jpdx.fiscal_year("\u200bR5年度\u200b") == 2023
    for text in ("H31.5.1", "R6.13.1", "R6.1/23", "X6.1.23", "R6.2.30"):
        with pytest.raises(jpdx.InvalidDateError):
            parse_date(text)
    with pytest.raises(jpdx.InvalidDateError, match="not a fiscal year"):
        jpdx.fiscal_year("R5")


# -- key columns ----------------------------------------------------------------------------


def test_an_unknown_indicator_id_names_the_close_ones() -> None:
    with pytest.raises(jpdx.UnknownValueError, match="did you mean 'card-rate'") as error:
        jpdx.query("indicator_values").where(indicator_id="card-rat")
    assert isinstance(error.value, ValueError)
    assert "card-rate" in error.value.choices


KEY_COLUMNS = [
    ("indicator_values", "indicator_id", "indicators", "indicator_id"),
    ("kpis", "program_id", "programs", "program_id"),
    ("programs", "parent_id", "programs", "program_id"),
    ("programs", "organization_ids", "organizations", "org_id"),
    ("programs", "program_id", "programs", "program_id"),
    ("participant_counts", "organization_id", "organizations", "org_id"),
    ("procedures", "program_id", "programs", "program_id"),
]


@pytest.mark.parametrize(("table", "column", "target", "key"), KEY_COLUMNS)
def test_every_key_value_is_accepted_and_others_are_refused(
    table: str, column: str, target: str, key: str
) -> None:
    known = jpdx.load(target).get_column(key).to_list()
    frame = jpdx.load(table)
    for value in known[:: max(1, len(known) // 20)]:
        selected = jpdx.query(table).where(**{column: value}).frame()
        expected = frame.filter(
            pl.col(column).list.contains(value)
            if isinstance(frame.schema[column], pl.List)
            else pl.col(column) == value
        )
        assert selected.equals(expected)
    with pytest.raises(jpdx.UnknownValueError, match=column):
        jpdx.query(table).where(**{column: known[0] + "-x"})


@given(st.text(min_size=1, max_size=12))
def test_any_text_that_is_no_indicator_id_is_refused(text: str) -> None:
    known = set(jpdx.load("indicators").get_column("indicator_id").to_list())
    if text in known:
        return
    with pytest.raises(jpdx.UnknownValueError):
        jpdx.query("indicator_values").where(indicator_id=text)
