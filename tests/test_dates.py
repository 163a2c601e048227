"""和暦 ⇄ Gregorian dates and fiscal years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jpdx
from jpdx.dates import parse_date

FIRST_GREGORIAN = dt.date(1873, 1, 1)
LAST_CHECKED = dt.date(2100, 12, 31)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
KANJI = dict(enumerate("〇一二三四五六七八九"))


def _kanji(number: int) -> str:
    """Kanji numerals as written in dates: 23 → 二十三, 10 → 十, 1 → 一."""
    tens, ones = divmod(number, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else KANJI[tens] + "十")) + (
        KANJI[ones] if ones else ""
    )


def test_every_day_from_1873_to_2100_round_trips() -> None:
    day, failures = FIRST_GREGORIAN, []
    while day <= LAST_CHECKED:
        if jpdx.to_date(jpdx.to_wareki(day)) != day:
            failures.append(day)
        day += dt.timedelta(days=1)
    assert failures == []


@given(st.dates(FIRST_GREGORIAN, LAST_CHECKED))
def test_full_width_and_kanji_digits_parse_to_the_same_day(day: dt.date) -> None:
    wareki = jpdx.to_wareki(day)
    assert jpdx.to_date(wareki.translate(FULL_WIDTH)) == day
    era, rest = wareki[:2], wareki[2:]
    year, rest = rest.split("年")
    month, rest = rest.split("月")
    kanji_year = year if year == "元" else _kanji(int(year))
    kanji = f"{era}{kanji_year}年{_kanji(int(month))}月{_kanji(int(rest[:-1]))}日"
    assert jpdx.to_date(kanji) == day
    assert jpdx.to_date(f"{day.year}年{day.month}月{day.day}日") == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和6年1月23日", dt.date(2024, 1, 23)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("平成元年1月8日", dt.date(1989, 1, 8)),
        ("昭和64年1月7日", dt.date(1989, 1, 7)),
        ("昭和元年12月25日", dt.date(1926, 12, 25)),
        ("大正15年12月24日", dt.date(1926, 12, 24)),
        ("大正元年7月30日", dt.date(1912, 7, 30)),
        ("明治45年7月29日", dt.date(1912, 7, 29)),
        ("明治6年1月1日", dt.date(1873, 1, 1)),
        ("令和6年1月23日(火)", dt.date(2024, 1, 23)),
        ("令和６年１月２３日（火）", dt.date(2024, 1, 23)),
        ("二〇二四年八月二十九日", dt.date(2024, 8, 29)),
        ("2024-08-29", dt.date(2024, 8, 29)),
    ],
)
def test_known_days(text: str, expected: dt.date) -> None:
    assert jpdx.to_date(text) == expected


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("令和5年度", 2023),
        ("平成31年度", 2019),
        ("令和元年度", 2019),
        ("昭和63年度", 1988),
        ("平成元年度", 1989),
        ("２０２３年度", 2023),
        ("令和五年度", 2023),
        ("明治19年度", 1886),
    ],
)
def test_fiscal_years(text: str, year: int) -> None:
    assert jpdx.fiscal_year(text) == year


@given(st.dates(dt.date(1886, 4, 1), LAST_CHECKED))
def test_fiscal_year_of_a_day_starts_in_april(day: dt.date) -> None:
    year = jpdx.fiscal_year(day)
    assert dt.date(year, 4, 1) <= day <= dt.date(year + 1, 3, 31)
    assert jpdx.fiscal_year(f"{year}年度") == year


@given(st.dates(dt.date(1886, 4, 1), LAST_CHECKED))
def test_era_fiscal_year_text_agrees_with_gregorian(day: dt.date) -> None:
    year = jpdx.fiscal_year(day)
    wareki = jpdx.to_wareki(dt.date(year, 4, 1))
    assert jpdx.fiscal_year(wareki.split("年")[0] + "年度") == year


@pytest.mark.parametrize(
    "text",
    [
        "令和0年",
        "令和0年度",
        "平成32年5月1日",
        "平成32年度",
        "平成31年5月1日",
        "令和元年4月30日",
        "昭和64年1月8日",
        "大正16年",
        "大正15年12月25日",
        "明治5年12月31日",
        "明治18年度",
        "令和6年2月30日",
        "令和6年13月1日",
        "令和6年1月23日(水)",
        "元年5月1日",
        "令和",
        "",
        "2024/08/29",
        "'; DROP TABLE programs;--",
    ],
)
def test_impossible_or_unreadable_dates_raise(text: str) -> None:
    with pytest.raises(jpdx.InvalidDateError) as raised:
        parse_date(text) if "度" in text else jpdx.to_date(text)
    assert raised.value.value == text


def test_month_and_year_precision() -> None:
    assert parse_date("令和3年3月") == (dt.date(2021, 3, 1), "month", False)
    assert parse_date("2019年") == (dt.date(2019, 1, 1), "year", False)
    assert parse_date("令和5年度") == (dt.date(2023, 4, 1), "year", True)
    with pytest.raises(jpdx.InvalidDateError, match="month"):
        jpdx.to_date("令和3年3月")


def test_fiscal_year_needs_nendo() -> None:
    with pytest.raises(jpdx.InvalidDateError, match="年度"):
        jpdx.fiscal_year("令和5年")


def test_to_wareki_rejects_lunisolar_days() -> None:
    with pytest.raises(jpdx.InvalidDateError):
        jpdx.to_wareki(dt.date(1872, 12, 31))


@given(st.one_of(st.integers(), st.none(), st.lists(st.text())))
def test_non_strings_are_type_errors(value: object) -> None:
    with pytest.raises(jpdx.InvalidArgumentError):
        jpdx.to_date(value)  # type: ignore[arg-type]


@given(st.text(max_size=30))
def test_arbitrary_text_parses_or_raises_a_date_error(text: str) -> None:
    try:
        parsed = parse_date(text)
    except jpdx.InvalidDateError:
        return
    assert dt.date(1, 1, 1) <= parsed.date
