"""Bad input is refused with a typed error naming the value and the valid choices.

``CASES`` is a table of bad inputs to the public API: unknown tables, versions,
filters and vocabulary values, wrong types, empty and blank strings, full-width
digits, wrong check digits, ambiguous and near-miss places, impossible 和暦,
malformed CalVer and injection-looking strings. Each raises the documented
:class:`jpdx.JpdxError` subclass, whose message names the bad value and lists the
valid choices (or, for open sets, the expected form). Every input that has a
command-line form is also given to ``jpdx``, which must print that same message
on one line of stderr and exit 2. The property tests then give arbitrary values to
every entry point: each answers or raises a ``JpdxError``, never anything else.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import jpdx
from jpdx.cli import main
from jpdx.enums import Channel, Direction, MunicipalityKind, PolicyField, ProgramKind, Status

from .conftest import RELEASES, table_path

# The expected choices come from the design and the data files, not from the code under test.
VERSIONS = jpdx.versions()
NEWEST = jpdx.store.bundled().default_version()  # what a call without version= reads
TABLES = tuple(json.loads((RELEASES / NEWEST / "manifest.json").read_text("utf-8"))["tables"])
SPECIAL_FILTERS = (
    "municipality",
    "lg_code",
    "prefecture",
    "field",
    "fiscal_year",
    "source",
    "text",
)
PROGRAM_FILTERS = (
    tuple(
        c
        for c in pl.read_parquet_schema(table_path(RELEASES, NEWEST, "programs"))
        if c != "evidence"
    )
    + SPECIAL_FILTERS
)
PROGRAM_COLUMNS = tuple(pl.read_parquet_schema(table_path(RELEASES, NEWEST, "programs")))
_MUNICIPALITY_COLUMNS = tuple(
    pl.read_parquet_schema(table_path(RELEASES, NEWEST, "municipalities"))
)
MUNICIPALITY_FILTERS = (
    *(c for c in _MUNICIPALITY_COLUMNS if c != "evidence"),
    "municipality",
    "prefecture",
    "text",
    *(("source",) if "evidence" in _MUNICIPALITY_COLUMNS else ()),
)
_PLACES = pl.read_parquet(table_path(RELEASES, NEWEST, "municipalities"))
SOURCE_IDS = tuple(pl.read_parquet(table_path(RELEASES, NEWEST, "sources"))["source_id"])
FIELDS = tuple(f.value for f in PolicyField)
STATUSES = tuple(s.value for s in Status)
SHOWN_CHOICES = 40  # a message lists at most this many choices; error.choices has them all
CITATION_FORMATS = ("text", "bibtex", "apa")
CALVER_FORM = ("CalVer YYYY.MM.PATCH", *VERSIONS)
DATE_FORMS = ("令和6年1月23日", "令和5年度")


def _codes_named(column: str, value: str) -> tuple[str, ...]:
    return tuple(_PLACES.filter(pl.col(column) == value)["lg_code"])


INJECTIONS = (
    "'; DROP TABLE programs;--",
    "../../etc/passwd",
    "programs\x00",
    "p" * 10_000,
    "📊",
    "${HOME}%s%n",
    "<script>alert(1)</script>",
    "\u202eprograms",
)


@dataclass(frozen=True)
class Case:
    """One bad input: the call, the error it must raise, what the message must name.

    ``choices`` is the closed set of valid values, when there is one: the message lists
    each and the error's ``choices`` attribute holds exactly them.
    """

    id: str
    call: Callable[[], object]
    error: type[jpdx.JpdxError]
    value: object
    named: tuple[str, ...] = ()
    argv: tuple[str, ...] | None = None
    choices: tuple[str, ...] | None = None


def _where(table: str, **filters: object) -> Callable[[], object]:
    return lambda: jpdx.query(table).where(**filters).frame()


def _show_where(table: str, pair: str) -> tuple[str, ...]:
    return ("show", table, "--where", pair, "--format", "csv")


CASES: list[Case] = [
    # -- unknown tables, by every entry point that takes one -------------------------------
    Case("table-typo-load", lambda: jpdx.load("programmes"), jpdx.UnknownTableError,
         "programmes", ("did you mean 'programs'",), ("show", "programmes"), TABLES),
    Case("table-case-scan", lambda: jpdx.scan("Programs"), jpdx.UnknownTableError, "Programs",
         (), ("show", "Programs"), TABLES),
    Case("table-empty-records", lambda: jpdx.records(""), jpdx.UnknownTableError, "", (),
         ("show", ""), TABLES),
    Case("table-blank-query", lambda: jpdx.query(" "), jpdx.UnknownTableError, " ", (),
         ("schema", " "), TABLES),
    Case("table-padded", lambda: jpdx.load(" programs "), jpdx.UnknownTableError, " programs ",
         (), ("show", " programs "), TABLES),
    Case("table-full-width", lambda: jpdx.load("ｐｒｏｇｒａｍｓ"), jpdx.UnknownTableError,
         "ｐｒｏｇｒａｍｓ", (), ("schema", "ｐｒｏｇｒａｍｓ"), TABLES),
    Case("table-singular-diff", lambda: jpdx.diff("kpi", NEWEST, NEWEST),
         jpdx.UnknownTableError, "kpi", (), ("diff", "kpi", NEWEST, NEWEST), TABLES),
    *(
        Case(f"table-injection-{i}", partial(jpdx.load, text), jpdx.UnknownTableError,
             text, (), ("show", text), TABLES)
        for i, text in enumerate(INJECTIONS)
    ),
    Case("table-int", lambda: jpdx.load(3), jpdx.UnknownTableError, 3, (), None, TABLES),  # type: ignore[arg-type]
    Case("table-none", lambda: jpdx.records(None), jpdx.UnknownTableError, None, (), None,  # type: ignore[call-overload]
         TABLES),
    Case("table-list", lambda: jpdx.query(["programs"]), jpdx.UnknownTableError,  # type: ignore[call-overload]
         ["programs"], (), None, TABLES),
    Case("table-bytes", lambda: jpdx.scan(b"programs"), jpdx.UnknownTableError, b"programs",  # type: ignore[arg-type]
         (), None, TABLES),
    # -- unknown and malformed versions ----------------------------------------------------
    Case("version-unknown", lambda: jpdx.load("programs", version="1999.01.0"),
         jpdx.UnknownVersionError, "1999.01.0", (),
         ("show", "programs", "--version", "1999.01.0"), VERSIONS),
    *(
        Case(f"version-malformed-{text!r}", partial(jpdx.load, "kpis", version=text),
             jpdx.UnknownVersionError, text, ("CalVer YYYY.MM.PATCH",),
             ("show", "kpis", "--version", text), VERSIONS)
        for text in ("2026.11", "v2026.11.0", "2026.13.0", "2026.11.01", "2026-11-0",
                     "2026.11.0.1", "latest", "", " 2026.11.0", "２０２６.１１.０",
                     "2026.11.0\n", "../2026.11.0")
    ),
    Case("version-diff-old", lambda: jpdx.diff("programs", "2026.11", NEWEST),
         jpdx.UnknownVersionError, "2026.11", ("CalVer YYYY.MM.PATCH",),
         ("diff", "programs", "2026.11", NEWEST), VERSIONS),
    Case("version-municipality", lambda: jpdx.municipality("下関市", version="2099.01.0"),
         jpdx.UnknownVersionError, "2099.01.0", (), None, VERSIONS),
    Case("version-int", lambda: jpdx.load("programs", version=2026), jpdx.InvalidArgumentError,  # type: ignore[arg-type]
         2026, ("a string",), None, VERSIONS),
    Case("version-float", lambda: jpdx.records("kpis", version=2026.11), jpdx.InvalidArgumentError,  # type: ignore[call-overload]
         2026.11, ("a string",), None, VERSIONS),
    Case("version-list", lambda: jpdx.query("kpis", version=[NEWEST]), jpdx.InvalidArgumentError,  # type: ignore[call-overload]
         [NEWEST], ("a string",), None, VERSIONS),
    # -- unknown filters --------------------------------------------------------------------
    Case("filter-typo", _where("programs", feild="tourism"), jpdx.UnknownFilterError, "feild",
         ("did you mean 'field'",), _show_where("programs", "feild=tourism"), PROGRAM_FILTERS),
    Case("filter-upper", _where("programs", FIELD="tourism"), jpdx.UnknownFilterError, "FIELD",
         (), _show_where("programs", "FIELD=tourism"), PROGRAM_FILTERS),
    Case("filter-evidence", _where("programs", evidence="x"), jpdx.UnknownFilterError,
         "evidence", (), _show_where("programs", "evidence=x"), PROGRAM_FILTERS),
    Case("filter-empty", _where("programs", **{"": "x"}), jpdx.UnknownFilterError, "", (), None,
         PROGRAM_FILTERS),
    Case("filter-dunder", _where("programs", __class__="x"), jpdx.UnknownFilterError,
         "__class__", (), _show_where("programs", "__class__=x"), PROGRAM_FILTERS),
    Case("filter-nul", _where("programs", **{"field\x00": "tourism"}), jpdx.UnknownFilterError,
         "field\x00", (), _show_where("programs", "field\x00=tourism"), PROGRAM_FILTERS),
    Case("filter-unsupported-for-table", _where("municipalities", fiscal_year=2024),
         jpdx.UnknownFilterError, "fiscal_year", (),
         _show_where("municipalities", "fiscal_year=2024"), MUNICIPALITY_FILTERS),
    # -- values outside a closed vocabulary --------------------------------------------------
    Case("field-typo", _where("programs", field="tourismo"), jpdx.UnknownValueError, "tourismo",
         ("did you mean 'tourism'",), _show_where("programs", "field=tourismo"), FIELDS),
    Case("field-japanese-label", _where("programs", field="観光"), jpdx.UnknownValueError, "観光",
         (), _show_where("programs", "field=観光"), FIELDS),
    Case("field-empty", _where("programs", field=""), jpdx.UnknownValueError, "", (),
         _show_where("programs", "field="), FIELDS),
    Case("field-int-in-list", _where("programs", field=["tourism", 7]), jpdx.UnknownValueError, 7,
         (), None, FIELDS),
    Case("status-case", _where("programs", status="Active"), jpdx.UnknownValueError, "Active",
         (), _show_where("programs", "status=Active"), STATUSES),
    Case("status-padded", _where("programs", status=" active"), jpdx.UnknownValueError,
         " active", (), _show_where("programs", "status= active"), STATUSES),
    Case("status-int", _where("programs", status=1), jpdx.InvalidArgumentError, 1, ("String",),
         None, STATUSES),
    Case("kind-japanese", _where("programs", kind="事業"), jpdx.UnknownValueError, "事業", (),
         _show_where("programs", "kind=事業"), tuple(k.value for k in ProgramKind)),
    Case("channel-unknown", _where("procedures", channel="fax"), jpdx.UnknownValueError, "fax",
         (), _show_where("procedures", "channel=fax"), tuple(c.value for c in Channel)),
    Case("direction-unknown", _where("kpis", direction="up"), jpdx.UnknownValueError, "up", (),
         _show_where("kpis", "direction=up"), tuple(d.value for d in Direction)),
    Case("municipality-kind", _where("municipalities", kind="county"), jpdx.UnknownValueError,
         "county", (), _show_where("municipalities", "kind=county"),
         tuple(k.value for k in MunicipalityKind)),
    Case("source-unknown", _where("programs", source="'; DROP TABLE sources;--"),
         jpdx.UnknownValueError, "'; DROP TABLE sources;--", (),
         _show_where("programs", "source='; DROP TABLE sources;--"), SOURCE_IDS),
    Case("source-int", _where("kpis", source=1), jpdx.UnknownValueError, 1, (), None, SOURCE_IDS),
    Case("cite-format", lambda: jpdx.cite(format="mla"), jpdx.UnknownValueError, "mla", (),  # type: ignore[arg-type]
         None, CITATION_FORMATS),
    Case("cite-format-case", lambda: jpdx.cite(format="BibTeX"), jpdx.UnknownValueError,  # type: ignore[arg-type]
         "BibTeX", (), None, CITATION_FORMATS),
    # -- wrong types and malformed values for plain columns ----------------------------------
    Case("name-int", _where("programs", name=1), jpdx.InvalidArgumentError, 1, ("String",)),
    Case("start-year-text", _where("programs", start_fiscal_year="soon"),
         jpdx.InvalidArgumentError, "soon", ("Int64",),
         _show_where("programs", "start_fiscal_year=soon")),
    Case("start-year-float", _where("programs", start_fiscal_year=2024.5),
         jpdx.InvalidArgumentError, 2024.5, ("Int64",)),
    Case("start-year-bool", _where("programs", start_fiscal_year=True),
         jpdx.InvalidArgumentError, True, ("Int64",)),
    Case("start-year-too-many-digits", _where("programs", start_fiscal_year="9" * 5000),
         jpdx.OutOfRangeError, "9" * 5000, ("start_fiscal_year=", "1886 to 2200"),
         _show_where("programs", "start_fiscal_year=" + "9" * 5000)),
    # -- numbers beyond the column's type or the model's bounds --------------------------
    Case("fiscal-year-beyond-int64", _where("programs", fiscal_year=10**39),
         jpdx.OutOfRangeError, 10**39, ("fiscal_year=", "1886 to 2200")),
    Case("fiscal-year-beyond-the-models", _where("programs", fiscal_year=10**20),
         jpdx.OutOfRangeError, 10**20, ("fiscal_year=", "1886 to 2200")),
    Case("fiscal-year-fifty-nines", _where("programs", fiscal_year="9" * 50),
         jpdx.OutOfRangeError, "9" * 50, ("fiscal_year=", "1886 to 2200"),
         _show_where("programs", "fiscal_year=" + "9" * 50)),
    Case("fiscal-year-before-meiji-fiscal-years", _where("kpis", fiscal_year="1885"),
         jpdx.OutOfRangeError, "1885", ("fiscal_year=", "1886 to 2200"),
         _show_where("kpis", "fiscal_year=1885")),
    Case("count-value-list-beyond-int64", _where("participant_counts", value=[1, 10**50]),
         jpdx.OutOfRangeError, 10**50, ("value=", "0 to 9223372036854775807")),
    Case("count-value-negative", _where("participant_counts", value="-1"),
         jpdx.OutOfRangeError, "-1", ("value=", "0 to"),
         _show_where("participant_counts", "value=-1")),
    Case("kpi-value-beyond-float", _where("kpis", target_value=10**400), jpdx.OutOfRangeError,
         10**400, ("target_value=",)),
    Case("start-year-after-2200", _where("programs", start_fiscal_year="2201"),
         jpdx.OutOfRangeError, "2201", ("start_fiscal_year=", "1886 to 2200"),
         _show_where("programs", "start_fiscal_year=2201")),
    Case("start-date-impossible", _where("programs", start_date="2024-02-30"),
         jpdx.InvalidArgumentError, "2024-02-30", ("Date",),
         _show_where("programs", "start_date=2024-02-30")),
    Case("start-date-datetime", _where("programs", start_date=dt.datetime(2024, 4, 1, 9, 30)),
         jpdx.InvalidArgumentError, dt.datetime(2024, 4, 1, 9, 30), ("Date",)),
    Case("start-date-int", _where("programs", start_date=20240401), jpdx.InvalidArgumentError,
         20240401, ("Date",)),
    Case("baseline-text", _where("kpis", baseline_value="lots"), jpdx.InvalidArgumentError,
         "lots", ("Float64",), _show_where("kpis", "baseline_value=lots")),
    Case("empty-list", _where("programs", field=[]), jpdx.InvalidArgumentError, [],
         ("field=", "empty")),
    Case("text-empty", _where("programs", text=""), jpdx.InvalidArgumentError, "",
         ("non-empty string",), _show_where("programs", "text=")),
    Case("text-blank", _where("programs", text=" \t"), jpdx.InvalidArgumentError, " \t",
         ("non-empty string",)),
    Case("text-int", _where("programs", text=5), jpdx.InvalidArgumentError, 5,
         ("non-empty string",)),
    # -- places: codes, ambiguity, near misses ------------------------------------------------
    Case("code-check-digit", lambda: jpdx.municipality("352013"), jpdx.InvalidCodeError,
         "352013", ("352012",), ("municipality", "352013")),
    Case("code-full-width-check-digit", lambda: jpdx.municipality("３５２０１３"),
         jpdx.InvalidCodeError, "３５２０１３", ("352012",), ("municipality", "３５２０１３")),
    Case("code-filter-check-digit", _where("programs", lg_code="999999"), jpdx.InvalidCodeError,
         "999999", ("999997",), _show_where("programs", "lg_code=999999")),
    Case("code-seven-digits", lambda: jpdx.municipality("3520120"), jpdx.InvalidCodeError,
         "3520120", ("5 or 6 digits",), ("municipality", "3520120")),
    Case("code-four-digits", lambda: jpdx.municipality("3520"), jpdx.InvalidCodeError, "3520",
         ("5 or 6 digits",), ("municipality", "3520")),
    Case("code-nobody-has", lambda: jpdx.municipality("99000"), jpdx.UnknownPlaceError, "99000",
         ("990001",), ("municipality", "99000")),
    Case("place-empty", lambda: jpdx.municipality(""), jpdx.UnknownPlaceError, "",
         ("'下関市'", "'352012'"), ("municipality", "")),
    Case("place-blank", lambda: jpdx.municipality("\u3000 "), jpdx.UnknownPlaceError, "\u3000 ",
         ("'下関市'", "'352012'"), ("municipality", "\u3000 ")),
    Case("place-int", lambda: jpdx.municipality(352012), jpdx.InvalidArgumentError, 352012,  # type: ignore[arg-type]
         ("name, reading, romaji or code string",)),
    Case("place-list", lambda: jpdx.municipality(["下関市"]), jpdx.InvalidArgumentError,  # type: ignore[arg-type]
         ["下関市"], ("name, reading, romaji or code string",)),
    *(
        Case(f"place-ambiguous-{name}", partial(jpdx.municipality, name),
             jpdx.AmbiguousNameError, name, _codes_named("name", name), ("municipality", name))
        for name in ("伊達市", "府中市", "森町", "池田町")
    ),
    Case("place-ambiguous-romaji", lambda: jpdx.municipality("Yamaguchi"),
         jpdx.AmbiguousNameError, "Yamaguchi", _codes_named("romaji", "Yamaguchi"),
         ("municipality", "Yamaguchi")),
    Case("place-ambiguous-filter", _where("programs", municipality="伊達市"),
         jpdx.AmbiguousNameError, "伊達市", _codes_named("name", "伊達市"),
         _show_where("programs", "municipality=伊達市")),
    Case("place-near-miss", lambda: jpdx.municipality("下関氏"), jpdx.UnknownPlaceError,
         "下関氏", ("did you mean '下関市'",), ("municipality", "下関氏")),
    Case("place-near-miss-kana", lambda: jpdx.municipality("下ノ関市"), jpdx.UnknownPlaceError,
         "下ノ関市", ("did you mean '下関市'",), ("municipality", "下ノ関市")),
    Case("prefecture-near-miss", _where("programs", prefecture="兵庫件"), jpdx.UnknownPlaceError,
         "兵庫件", ("did you mean '兵庫県'",), _show_where("programs", "prefecture=兵庫件")),
    Case("prefecture-is-a-city", _where("programs", prefecture="下関市"), jpdx.UnknownPlaceError,
         "下関市", ("municipality=",), _show_where("programs", "prefecture=下関市")),
    *(
        Case(f"place-injection-{i}", partial(jpdx.municipality, text),
             jpdx.UnknownPlaceError, text, (), ("municipality", text))
        for i, text in enumerate(INJECTIONS)
    ),
    # -- impossible 和暦 and malformed dates: the helpers, then the fiscal_year= filter --------
    Case("wareki-reiwa-0", lambda: jpdx.fiscal_year("令和0年度"), jpdx.InvalidDateError,
         "令和0年度", ("元年",)),
    Case("wareki-heisei-32-day", lambda: jpdx.to_date("平成32年5月1日"), jpdx.InvalidDateError,
         "平成32年5月1日", ("2019-04-30",)),
    Case("wareki-heisei-32-fy", lambda: jpdx.fiscal_year("平成32年度"), jpdx.InvalidDateError,
         "平成32年度", ("2019-04-30",)),
    Case("wareki-taisho-16", lambda: jpdx.fiscal_year("大正16年度"), jpdx.InvalidDateError,
         "大正16年度", ("1926-12-24",)),
    Case("wareki-taisho-16-day", lambda: jpdx.to_date("大正16年1月1日"), jpdx.InvalidDateError,
         "大正16年1月1日", ("1926-12-24",)),
    Case("wareki-showa-64-jan-8", lambda: jpdx.to_date("昭和64年1月8日"), jpdx.InvalidDateError,
         "昭和64年1月8日", ("1989-01-07",)),
    Case("wareki-lunisolar", lambda: jpdx.to_date("明治5年12月2日"), jpdx.InvalidDateError,
         "明治5年12月2日", ("1873-01-01",)),
    Case("wareki-feb-30", lambda: jpdx.to_date("令和6年2月30日"), jpdx.InvalidDateError,
         "令和6年2月30日", ("29 days",)),
    Case("wareki-month-13", lambda: jpdx.to_date("令和6年13月1日"), jpdx.InvalidDateError,
         "令和6年13月1日", ("no month 13",)),
    Case("wareki-wrong-weekday", lambda: jpdx.to_date("令和6年1月23日(水)"), jpdx.InvalidDateError,
         "令和6年1月23日(水)", ("火曜日",)),
    Case("wareki-gannen-without-era", lambda: jpdx.fiscal_year("元年度"), jpdx.InvalidDateError,
         "元年度", ("era",)),
    Case("wareki-kanji-ten-ten", lambda: jpdx.to_date("令和十十年1月1日"), jpdx.InvalidDateError,
         "令和十十年1月1日", DATE_FORMS),
    Case("wareki-kanji-hundred-hundred", lambda: jpdx.fiscal_year("令和百百年度"),
         jpdx.InvalidDateError, "令和百百年度", DATE_FORMS),
    Case("wareki-kanji-ten-after-twenty", lambda: jpdx.to_date("令和二十二十年1月1日"),
         jpdx.InvalidDateError, "令和二十二十年1月1日", DATE_FORMS),
    Case("fiscal-year-too-many-digits", lambda: jpdx.fiscal_year("9" * 5000 + "年度"),
         jpdx.InvalidDateError, "9" * 5000 + "年度", DATE_FORMS),
    Case("fiscal-year-not-a-year", lambda: jpdx.fiscal_year("令和5年"), jpdx.InvalidDateError,
         "令和5年", ("年度",)),
    Case("fiscal-year-empty", lambda: jpdx.fiscal_year(""), jpdx.InvalidDateError, "",
         DATE_FORMS),
    Case("fiscal-year-nul", lambda: jpdx.fiscal_year("令和5年度\x00"), jpdx.InvalidDateError,
         "令和5年度\x00", DATE_FORMS),
    Case("fiscal-year-emoji", lambda: jpdx.fiscal_year("📅"), jpdx.InvalidDateError, "📅",
         DATE_FORMS),
    Case("fiscal-year-int", lambda: jpdx.fiscal_year(2023), jpdx.InvalidArgumentError, 2023,  # type: ignore[arg-type]
         ("'令和6年1月23日'",)),
    *(
        Case(f"fiscal-year-filter-{text[:12]!r}", _where(table, fiscal_year=text),
             jpdx.InvalidDateError, text, named,
             _show_where(table, f"fiscal_year={text}"))
        for table, text, named in (
            ("programs", "令和0年度", ("元年",)),
            ("programs", "平成32年度", ("2019-04-30",)),
            ("kpis", "大正16年度", ("1926-12-24",)),
            ("procedures", "元年度", ("era",)),
            ("programs", "令和百百年度", DATE_FORMS),
            ("participant_counts", "令和5年", ("年度",)),
            ("programs", "", DATE_FORMS),
            ("sources", "令和5年度\x00", DATE_FORMS),
            ("programs", "📅", DATE_FORMS),
        )
    ),
    Case("fiscal-year-filter-too-many-digits", _where("programs", fiscal_year="9" * 5000),
         jpdx.OutOfRangeError, "9" * 5000, ("1886 to 2200",),
         _show_where("programs", "fiscal_year=" + "9" * 5000)),
    Case("fiscal-year-filter-float", _where("programs", fiscal_year=2024.0),
         jpdx.InvalidArgumentError, 2024.0, ("2024", "'令和6年度'")),
    Case("to-date-month-only", lambda: jpdx.to_date("令和6年1月"), jpdx.InvalidDateError,
         "令和6年1月", ("not a day",)),
    Case("to-date-bytes", lambda: jpdx.to_date("令和6年1月23日".encode()),  # type: ignore[arg-type]
         jpdx.InvalidArgumentError, "令和6年1月23日".encode(), ("'令和6年1月23日'",)),
    Case("to-date-year-zero", lambda: jpdx.to_date("0000-01-01"), jpdx.InvalidDateError,
         "0000-01-01", ("out of range",)),
    Case("to-wareki-text", lambda: jpdx.to_wareki("2024-01-01"), jpdx.InvalidArgumentError,  # type: ignore[arg-type]
         "2024-01-01", ("datetime.date",)),
    Case("to-wareki-before-meiji-6", lambda: jpdx.to_wareki(dt.date(1800, 1, 1)),
         jpdx.InvalidDateError, dt.date(1800, 1, 1), ("1873-01-01",)),
]  # fmt: skip


@dataclass(frozen=True)
class CommandCase:
    """A bad command line that only the ``jpdx`` command sees: what stderr must name."""

    argv: tuple[str, ...]
    named: tuple[str, ...]


COMMAND_CASES = [
    CommandCase(("show", "programs", "--limit", "-1"), ("-1", "0 or more")),
    CommandCase(("show", "programs", "--limit", "1e3"), ("'1e3'", "int")),
    CommandCase(("show", "programs", "--columns", "name,name"), ("'name'", "more than once")),
    CommandCase(("show", "programs", "--columns", "name,nmae"), ("'nmae'", *PROGRAM_COLUMNS)),
    CommandCase(
        ("show", "programs", "no-such-program"),
        ("'no-such-program'", "program_id", "amagasaki-tourism-dx"),
    ),
    CommandCase(
        ("show", "programs", "shimonoseki-fukufuku-bosimo"),
        ("did you mean 'shimonoseki-fukufuku-boshimo'",),
    ),
    CommandCase(("show", "programs", "--format", "xlsx"), ("'xlsx'", "table", "csv", "json")),
    CommandCase(("schema", "kpis", "--format", "yaml"), ("'yaml'", "text", "json-schema")),
    CommandCase(("cite", "--format", "chicago"), ("'chicago'", *CITATION_FORMATS)),
    CommandCase(("tabels",), ("'tabels'", "tables", "versions", "show", "verify")),
    CommandCase((), ("command",)),
    CommandCase(("show",), ("table",)),
    CommandCase(("diff", "programs", NEWEST), ("new",)),
    CommandCase(("show", "programs", "--where", "prefecture"), ("'prefecture'", "FILTER=VALUE")),
    CommandCase(("show", "programs", "--where", "=兵庫県"), ("'=兵庫県'", "FILTER=VALUE")),
    CommandCase(("show", "programs", "--columns", "nmae"), ("'nmae'", *PROGRAM_COLUMNS)),
    CommandCase(("show", "programs", "--columns", ","), ("','", *PROGRAM_COLUMNS)),
    CommandCase(("show", "programs", "--columns", "name,\x00"), ("'\\x00'", *PROGRAM_COLUMNS)),
    CommandCase(("versions", "extra\nline"), ("extra\\nline",)),
    CommandCase(("verify", "--all\r"), ("--all\\r",)),
]


def _named(message: str, value: object) -> bool:
    """Whether a message names a value: its repr (the start of it when long), or a date's ISO form."""
    if isinstance(value, dt.date) and value.isoformat() in message:
        return True
    return repr(value)[:60] in message


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_raises_the_typed_error_naming_value_and_choices(case: Case) -> None:
    with pytest.raises(jpdx.JpdxError) as raised:
        case.call()
    error = raised.value
    assert type(error) is case.error, f"{type(error).__name__}: {error}"
    message = str(error)
    assert _named(message, case.value), message
    choices = sorted(case.choices or ())
    if len(choices) > SHOWN_CHOICES:  # a long list is shown in part, with its length
        assert f"({len(choices)} in all)" in message, message
        choices = choices[:SHOWN_CHOICES]
    missing = [item for item in (*case.named, *choices) if item not in message]
    assert missing == [], message
    assert len(message) < 4000
    if case.choices is not None:
        assert set(error.choices) == set(case.choices)


def test_the_corpus_is_large_and_covers_every_error_class() -> None:
    assert len(CASES) + len(COMMAND_CASES) >= 60
    raised = {case.error for case in CASES}
    assert raised >= {
        jpdx.UnknownTableError, jpdx.UnknownVersionError, jpdx.UnknownFilterError,
        jpdx.UnknownValueError, jpdx.UnknownPlaceError, jpdx.AmbiguousNameError,
        jpdx.InvalidCodeError, jpdx.InvalidDateError, jpdx.InvalidArgumentError,
        jpdx.OutOfRangeError,
    }  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


COMMAND_LINE_CASES = [c for c in CASES if c.argv is not None]


@pytest.mark.parametrize("case", COMMAND_LINE_CASES, ids=[c.id for c in COMMAND_LINE_CASES])
def test_the_command_prints_the_same_message_on_one_line_and_exits_2(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(jpdx.JpdxError) as raised:
        case.call()
    assert case.argv is not None
    status, out, err = _run(capsys, case.argv)
    assert (status, out) == (2, "")
    assert err == f"jpdx: error: {' '.join(str(raised.value).split())}\n"


@pytest.mark.parametrize("case", COMMAND_CASES, ids=[repr(c.argv)[:60] for c in COMMAND_CASES])
def test_command_line_mistakes_print_one_line_and_exit_2(
    case: CommandCase, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(capsys, case.argv)
    assert (status, out) == (2, "")
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert "error:" in err
    missing = [item for item in case.named if item not in err]
    assert missing == [], err


# -- arbitrary input: an answer or a JpdxError, never another exception ----------------------

ANY_VALUE = st.one_of(
    st.text(),
    st.text(alphabet="0123456789０１２３４５６７８９令和平成年度月日元十百", max_size=12),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.binary(max_size=8),
    st.dates(),
    st.datetimes(),
    st.lists(st.one_of(st.text(max_size=8), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(["programs", NEWEST, "下関市", "352012", "tourism", "active", "令和5年度"]),
)

ENTRY_POINTS: dict[str, Callable[[Any], object]] = {
    "load": lambda v: jpdx.load(v),
    "load-version": lambda v: jpdx.load("kpis", version=v),
    "scan": lambda v: jpdx.scan(v).collect(),
    "records": lambda v: jpdx.records(v),
    "query": lambda v: len(jpdx.query(v)),
    "municipality": lambda v: jpdx.municipality(v),
    "municipality-version": lambda v: jpdx.municipality("下関市", version=v),
    "diff": lambda v: jpdx.diff("kpis", v, NEWEST),
    "cite": lambda v: jpdx.cite(format=v),
    "fiscal_year": lambda v: jpdx.fiscal_year(v),
    "to_date": lambda v: jpdx.to_date(v),
    "to_wareki": lambda v: jpdx.to_wareki(v),
}


def _answers_or_raises_jpdx_error(call: Callable[[], object]) -> None:
    """Run ``call``: an answer, or a JpdxError with a message of sensible length."""
    message = None
    try:
        call()
    except jpdx.JpdxError as error:
        message = str(error)
    assert message is None or 0 < len(message) < 4000, message


@given(st.sampled_from(sorted(ENTRY_POINTS)), ANY_VALUE)
def test_any_value_to_any_entry_point_answers_or_raises_a_jpdx_error(
    entry: str, value: object
) -> None:
    _answers_or_raises_jpdx_error(lambda: ENTRY_POINTS[entry](value))


FILTERS = st.sampled_from(TABLES).flatmap(
    lambda table: st.tuples(st.just(table), st.sampled_from(jpdx.query(table).filter_names()))
)


@given(FILTERS, st.one_of(ANY_VALUE, st.lists(ANY_VALUE, min_size=1, max_size=3)))
def test_any_value_to_any_filter_answers_or_raises_a_jpdx_error(
    table_filter: tuple[str, str], value: object
) -> None:
    table, name = table_filter
    _answers_or_raises_jpdx_error(lambda: jpdx.query(table).where(**{name: value}).frame())


COMMAND_TEMPLATES = (
    ("municipality", "{}"),
    ("schema", "{}"),
    ("show", "{}", "--format", "csv", "--limit", "1"),
    ("show", "programs", "--version", "{}", "--format", "csv", "--limit", "1"),
    ("show", "programs", "--columns", "{}", "--format", "csv", "--limit", "1"),
    ("diff", "kpis", "{}", NEWEST),
    *(
        ("show", "programs", "--where", f"{name}={{}}", "--format", "csv", "--limit", "1")
        for name in ("municipality", "prefecture", "field", "fiscal_year", "status", "text",
                     "start_fiscal_year", "start_date", "source", "nope")
    ),
)  # fmt: skip


@given(st.sampled_from(COMMAND_TEMPLATES), st.text())
def test_any_text_on_the_command_line_exits_0_or_2_with_one_line_of_error(
    template: tuple[str, ...], text: str
) -> None:
    import contextlib
    import io

    argv = [part.replace("{}", text) if "{}" in part else part for part in template]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 1
    if status == 0:
        assert err.getvalue() == ""
    else:
        assert status == 2, err.getvalue()
        assert out.getvalue() == ""
        assert err.getvalue().count("\n") == 1, err.getvalue()
