"""Japanese dates: era (和暦) ⇄ Gregorian, and fiscal years (年度).

Rules, so that every answer is a real day:

* Eras are 明治, 大正, 昭和, 平成 and 令和, or their letters M, T, S, H and R as
  administrative files write them (``R5年度``, ``H31.4.30``, ``R6.1.23``, ``H1``: a year);
  year 1 may be written 元年. Digits may be ASCII, full-width or kanji (六, 二十三,
  二〇二四); a trailing weekday such as ``(火)`` is checked against the date. Control and
  zero-width characters of pasted text are ignored.
* A day or month must fall inside its era: 昭和64年1月7日 exists, 昭和64年1月8日 does
  not (that day is 平成元年1月8日); 平成32年5月1日 does not exist (平成 ended on
  平成31年4月30日). A year or fiscal year must overlap its era: 平成31年度 and
  令和元年度 are both the fiscal year 2019; 平成32年度, written in plans made before
  the 2019 era change, is rejected (say 令和2年度).
* Japan adopted the Gregorian calendar on 明治6年1月1日 (1873-01-01); earlier days
  and months are lunisolar and are not converted. The April–March fiscal year
  dates from 明治19年度 (1886); earlier fiscal years are rejected.
* A fiscal year is an int, the calendar year in which it starts on 1 April.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal, NamedTuple

from jpdx.errors import InvalidArgumentError, InvalidDateError, describe
from jpdx.text import clean

Precision = Literal["day", "month", "year"]


class Era(NamedTuple):
    name: str
    first_day: dt.date
    last_day: dt.date


ERAS: tuple[Era, ...] = (
    Era("明治", dt.date(1868, 1, 25), dt.date(1912, 7, 29)),
    Era("大正", dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    Era("昭和", dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    Era("平成", dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    Era("令和", dt.date(2019, 5, 1), dt.date.max),
)
_ERA_BY_NAME = {era.name: era for era in ERAS}
ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
"""The Latin letter of each era, as administrative files abbreviate it (JIS X 0301)."""
_ERA_BY_NAME |= {
    letter: _ERA_BY_NAME[name]
    for upper, name in ERA_LETTERS.items()
    for letter in (upper, upper.lower())
}

GREGORIAN_ADOPTED = dt.date(1873, 1, 1)
FIRST_APRIL_FISCAL_YEAR = 1886

_WEEKDAYS = "月火水木金土日"
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_ONE_TO_NINE = "[一二三四五六七八九]"
_KANJI_WITH_UNITS = re.compile(
    rf"(?:({_ONE_TO_NINE}?)千)?(?:({_ONE_TO_NINE}?)百)?(?:({_ONE_TO_NINE}?)十)?({_ONE_TO_NINE}?)"
)
_MAX_DIGITS = 20
_NUMBER = r"(元|\d+|[〇零一二三四五六七八九十百千]+)"
_DATE_RE = re.compile(
    rf"(?:(?P<era>{'|'.join(_ERA_BY_NAME)})\s*)?{_NUMBER}\s*年(?P<fiscal>度)?"
    rf"(?:\s*{_NUMBER}\s*月(?:\s*{_NUMBER}\s*日)?)?"
    rf"(?:\s*\(\s*(?P<weekday>[{_WEEKDAYS}])(?:曜日?)?\s*\))?"
)
_ISO_RE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_ERA_SHORT_RE = re.compile(
    rf"(?P<era>{'|'.join(_ERA_BY_NAME)})\s*(?P<year>元|\d{{1,2}})"
    r"(?:\s*(?P<sep>[./-])\s*(?P<month>\d{1,2})(?:\s*(?P=sep)\s*(?P<day>\d{1,2}))?)?"
)
"""An era and a year without 年 (``H1``), or a day or month with dots, slashes or hyphens
(``R6.1.23``, ``令和6/1``)."""


class ParsedDate(NamedTuple):
    """A date read from text: the first day of the stated period and how precise it is."""

    date: dt.date
    precision: Precision
    fiscal: bool


def _kanji_number(text: str) -> int:
    """二〇二四 (digit by digit) or 二千二十四 (with 千, 百, 十 once each, largest first)."""
    if all(c in _KANJI_DIGITS for c in text):
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))
    match = _KANJI_WITH_UNITS.fullmatch(text)
    if not match:
        raise ValueError(f"{text} is not a kanji numeral")
    *with_units, ones = match.groups()
    total = sum(
        (_KANJI_DIGITS[digit] if digit else 1) * unit
        for digit, unit in zip(with_units, (1000, 100, 10), strict=True)
        if digit is not None
    )
    return total + (_KANJI_DIGITS[ones] if ones else 0)


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    if text == "元":
        return 1
    if not text.isdigit():
        return _kanji_number(text)
    if len(text) > _MAX_DIGITS:
        raise ValueError(f"{len(text)} digits is not a year, month or day")
    return int(text)


def _require_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentError(
            f"{what} takes a string such as '令和6年1月23日', got {type(value).__name__} "
            f"{describe(value)}",
            value=value,
        )
    return clean(value)


def _era_of(day: dt.date) -> Era:
    for era in reversed(ERAS):
        if era.first_day <= day:
            return era
    raise InvalidDateError(f"{day.isoformat()} is before 明治", value=day)


def _check_overlap(era: Era, first: dt.date, last: dt.date, text: str) -> None:
    if last < era.first_day or first > era.last_day:
        ending = "" if era.last_day == dt.date.max else f" to {era.last_day.isoformat()}"
        raise InvalidDateError(
            f"{describe(text)} does not exist: {era.name} ran from "
            f"{era.first_day.isoformat()}{ending}",
            value=text,
        )


def parse_date(text: str) -> ParsedDate:
    """Read a 和暦 or Gregorian date, month, year or fiscal year (年度).

    Returns the first day of the stated period with its precision; a fiscal
    year starts on 1 April. Raises :class:`jpdx.InvalidDateError` for text that
    is not a date or names a day that does not exist.
    """
    clean = _require_str(text, "parse_date")
    iso = _ISO_RE.fullmatch(clean)
    if iso:
        year, month, day = (int(g) if g else None for g in iso.groups())
        return _build(text, None, year, month, day, fiscal=False)
    short = _ERA_SHORT_RE.fullmatch(clean)
    if short:
        year, month, day = (_number(short.group(g)) for g in ("year", "month", "day"))
        return _build(text, _ERA_BY_NAME[short.group("era")], year, month, day, fiscal=False)
    match = _DATE_RE.fullmatch(clean)
    if not match:
        raise InvalidDateError(
            f"cannot read {describe(text)} as a date; expected forms like '令和6年1月23日', "
            "'令和5年度', 'R5年度', 'R6.1.23', '平成31年4月' or '2024年8月29日'",
            value=text,
        )
    era_name, year_s, fiscal, month_s, day_s, weekday = match.group(
        "era", 2, "fiscal", 4, 5, "weekday"
    )
    if fiscal and month_s:
        raise InvalidDateError(f"{describe(text)} mixes a fiscal year with a month", value=text)
    era = _ERA_BY_NAME[era_name] if era_name else None
    if era is None and year_s == "元":
        raise InvalidDateError(f"元年 needs an era name, got {describe(text)}", value=text)
    try:
        year, month, day = _number(year_s), _number(month_s), _number(day_s)
    except ValueError as error:
        raise InvalidDateError(
            f"cannot read {describe(text)} as a date ({error}); expected forms like "
            "'令和6年1月23日', '令和5年度' or '2024年8月29日'",
            value=text,
        ) from error
    parsed = _build(text, era, year, month, day, fiscal=bool(fiscal))
    if weekday and _WEEKDAYS[parsed.date.weekday()] != weekday:
        raise InvalidDateError(
            f"{describe(text)}: {parsed.date.isoformat()} is a "
            f"{_WEEKDAYS[parsed.date.weekday()]}曜日, not {weekday}曜日",
            value=text,
        )
    return parsed


def _build(
    text: str,
    era: Era | None,
    year: int | None,
    month: int | None,
    day: int | None,
    *,
    fiscal: bool,
) -> ParsedDate:
    assert year is not None
    if era is not None:
        if year < 1:
            raise InvalidDateError(f"{describe(text)}: an era year starts at 元年 (1)", value=text)
        year = era.first_day.year + year - 1
    if not 1 <= year <= 9999:
        raise InvalidDateError(f"{describe(text)}: year {year} is out of range", value=text)
    if month is not None and not 1 <= month <= 12:
        raise InvalidDateError(f"{describe(text)}: there is no month {month}", value=text)
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise InvalidDateError(
                f"{describe(text)}: month {month} of {year} has {last} days", value=text
            )
    if fiscal:
        first, last_day = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
        precision: Precision = "year"
        if year < FIRST_APRIL_FISCAL_YEAR:
            raise InvalidDateError(
                f"{describe(text)}: the April–March fiscal year starts with 明治19年度 (1886)",
                value=text,
            )
    elif month is None:
        first, last_day, precision = dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    elif day is None:
        end = calendar.monthrange(year, month)[1]
        first, last_day, precision = dt.date(year, month, 1), dt.date(year, month, end), "month"
    else:
        first = last_day = dt.date(year, month, day)
        precision = "day"
    if precision != "year" and first < GREGORIAN_ADOPTED:
        raise InvalidDateError(
            f"{describe(text)}: days before 明治6年1月1日 (1873-01-01) are in the lunisolar "
            "calendar, which jpdx does not convert",
            value=text,
        )
    if era is not None:
        _check_overlap(era, first, last_day, text)
    return ParsedDate(first, precision, fiscal)


def to_date(text: str) -> dt.date:
    """The Gregorian date of a day written in 和暦 or Japanese Gregorian form.

    ``to_date("令和6年1月23日") == date(2024, 1, 23)``. Raises
    :class:`jpdx.InvalidDateError` when the text names a month, a year or a day
    that does not exist.
    """
    parsed = parse_date(text)
    if parsed.precision != "day":
        raise InvalidDateError(
            f"{describe(text)} names a {parsed.precision}, not a day; use parse_date() or "
            "fiscal_year() for periods",
            value=text,
        )
    return parsed.date


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year (年度) containing ``day``: 1 April to 31 March."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year(value: str | dt.date) -> int:
    """The fiscal year (年度) as an int, the calendar year in which it starts.

    Takes a fiscal-year text (``"令和5年度"`` → 2023, ``"2023年度"`` → 2023) or a
    date (``date(2024, 1, 23)`` → 2023).
    """
    if isinstance(value, dt.date):
        return fiscal_year_of(value)
    parsed = parse_date(value)
    if not parsed.fiscal:
        raise InvalidDateError(
            f"{describe(value)} is not a fiscal year; write it with 年度, e.g. '令和5年度'",
            value=value,
        )
    return parsed.date.year


def to_wareki(day: dt.date) -> str:
    """Write a date in 和暦: ``to_wareki(date(2019, 5, 1)) == "令和元年5月1日"``.

    A ``datetime`` is written as its date.
    """
    if not isinstance(day, dt.date):
        raise InvalidArgumentError(
            f"to_wareki takes a datetime.date, got {type(day).__name__} {describe(day)}",
            value=day,
        )
    if isinstance(day, dt.datetime):
        day = day.date()
    if day < GREGORIAN_ADOPTED:
        raise InvalidDateError(
            f"{day.isoformat()} is before 明治6年1月1日 (1873-01-01), the adoption of the "
            "Gregorian calendar",
            value=day,
        )
    era = _era_of(day)
    number = day.year - era.first_day.year + 1
    year = "元" if number == 1 else str(number)
    return f"{era.name}{year}年{day.month}月{day.day}日"
