"""The query filters: each one a small unit behind one interface, kept in a registry.

A :class:`Filter` says which tables it applies to (from their descriptors), checks and
converts the user's values once (:meth:`Filter.parse`, at the public boundary, raising a
typed error that names the valid choices), and turns the converted values into a polars
predicate. Every plain column of a table is a filter too (:class:`ColumnFilter`).
Adding a filter means adding one class to :data:`REGISTRY`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, cast

import polars as pl

from jpdx import dates
from jpdx.belonging import any_of, by_fields, by_place, target_of
from jpdx.errors import (
    InvalidArgumentError,
    InvalidDateError,
    UnknownColumnError,
    UnknownValueError,
    describe,
)
from jpdx.places import Gazetteer, gazetteer
from jpdx.schema import column_enum
from jpdx.store import Store
from jpdx.tablespec import FiscalYearRule, TableSpec


@dataclass(frozen=True)
class Context:
    """What a filter works on: one table of one release, as that release wrote it."""

    store: Store
    spec: TableSpec
    version: str
    schema: pl.Schema

    def gazetteer(self) -> Gazetteer:
        return gazetteer(self.store, self.version)


class Filter(ABC):
    """One query filter."""

    name: ClassVar[str]
    summary: ClassVar[str]

    @abstractmethod
    def applies(self, context: Context) -> bool:
        """Whether the table accepts this filter."""

    def parse(self, context: Context, values: tuple[object, ...]) -> tuple[Any, ...]:
        """The user's values, checked and converted (a typed error names what is wrong)."""
        return values

    @abstractmethod
    def predicate(self, context: Context, values: tuple[Any, ...]) -> pl.Expr:
        """Rows matching any of the (parsed) values."""


def _one_of(column: str, values: list[Any]) -> pl.Expr:
    """``column`` equals one of ``values`` (a single value is compared directly: cheaper)."""
    return pl.col(column) == values[0] if len(values) == 1 else pl.col(column).is_in(values)


@cache
def vocabulary(spec: TableSpec, column: str) -> tuple[str, ...]:
    """The values a column with a closed vocabulary allows, sorted (empty: it has none)."""
    members = column_enum(spec, column)
    return tuple(sorted(str(m.value) for m in members)) if members else ()


def _enum_values(
    spec: TableSpec, column: str, values: tuple[Any, ...], label: str = ""
) -> tuple[Any, ...]:
    allowed = vocabulary(spec, column)
    if not allowed:
        return values
    for value in values:
        if value not in allowed:
            raise UnknownValueError.unknown(label or column, value, allowed)
    return tuple(str(v) for v in values)


# -- places and fields ----------------------------------------------------------------------


class Municipality(Filter):
    name = "municipality"
    summary = (
        "a place (name, reading, romaji or code): rows of that local government itself "
        "(a prefecture means its own government), by the table's place rule"
    )

    def applies(self, context: Context) -> bool:
        return any(link in context.schema for link in context.spec.place)

    def parse(self, context: Context, values: tuple[object, ...]) -> tuple[Any, ...]:
        places = context.gazetteer()
        return tuple(places.resolve(v).lg_code for v in values)

    def predicate(self, context: Context, values: tuple[Any, ...]) -> pl.Expr:
        codes = list(values)
        return by_place(
            context.store,
            context.spec,
            context.version,
            lambda code: code == codes[0] if len(codes) == 1 else code.is_in(codes),
        )


class LgCode(Municipality):
    name = "lg_code"
    summary = "the same as municipality"


class Prefecture(Filter):
    name = "prefecture"
    summary = "a prefecture (name, romaji or code): every row in it, municipalities included"

    def applies(self, context: Context) -> bool:
        return Municipality().applies(context)

    def parse(self, context: Context, values: tuple[object, ...]) -> tuple[Any, ...]:
        places = context.gazetteer()
        return tuple(places.resolve(v, prefecture_only=True).lg_code[:2] for v in values)

    def predicate(self, context: Context, values: tuple[Any, ...]) -> pl.Expr:
        return by_place(
            context.store,
            context.spec,
            context.version,
            lambda code: any_of([code.str.starts_with(p) for p in values]),
        )


class Field(Filter):
    name = "field"
    summary = "a policy field such as tourism (of the row, or of its program)"

    def applies(self, context: Context) -> bool:
        return bool(context.spec.fields) and context.spec.fields[0] in context.schema

    def parse(self, context: Context, values: tuple[object, ...]) -> tuple[Any, ...]:
        programs = context.store.specs["programs"]
        return _enum_values(programs, "fields", values, label="field")

    def predicate(self, context: Context, values: tuple[Any, ...]) -> pl.Expr:
        return by_fields(context.store, context.spec, context.version, list(values))


# -- fiscal years ---------------------------------------------------------------------------


def _fiscal_year_of(column: str) -> pl.Expr:
    day = pl.col(column)
    return pl.when(day.dt.month() >= 4).then(day.dt.year()).otherwise(day.dt.year() - 1)


def _known_fiscal_year(rule: FiscalYearRule) -> pl.Expr:
    """The stated fiscal year, or the one of a day- or month-precise date."""
    from_date = pl.when(pl.col(rule.precision) != "year").then(_fiscal_year_of(rule.date))
    return pl.coalesce(pl.col(rule.year), from_date)


class FiscalYear(Filter):
    name = "fiscal_year"
    summary = (
        "an int or '令和6年度': programs running that year (their stated span covers it, or, "
        "with no stated start, a document dated that year says they run: status active or "
        "pilot); procedures available by then (same rule with their since date); counts as "
        "of that year; sources dated in it; KPIs through their program"
    )

    def applies(self, context: Context) -> bool:
        return context.spec.fiscal_year is not None

    def parse(self, context: Context, values: tuple[object, ...]) -> tuple[Any, ...]:
        return tuple(_fiscal_year(v) for v in values)

    def predicate(self, context: Context, values: tuple[Any, ...]) -> pl.Expr:
        return _fiscal_year_predicate(context.store, context.spec, context.version, list(values))


def _fiscal_year_predicate(
    store: Store, spec: TableSpec, version: str, years: list[int]
) -> pl.Expr:
    rule = spec.fiscal_year
    assert rule is not None
    if rule.kind == "via":
        target = target_of(store, spec, rule.via)
        selected = store.frame(target.name, version).filter(
            _fiscal_year_predicate(store, target, version, years)
        )
        return pl.col(rule.via).is_in(selected.get_column(target.primary_key).implode())
    if rule.kind == "point":
        return _known_fiscal_year(rule).is_in(years)
    if rule.kind == "dated":
        return (
            pl.when(pl.col(rule.precision) != "year").then(_fiscal_year_of(rule.date)).is_in(years)
        )
    start = _known_fiscal_year(rule)
    end = pl.col(rule.end) if rule.end else pl.lit(None, pl.Int64)
    source_year = _source_fiscal_year(store, version)
    return any_of([_running(start, end, year, source_year) for year in years])


def _running(start: pl.Expr, end: pl.Expr, year: int, source_year: pl.Expr) -> pl.Expr:
    """Stated to run in ``year``: by its span, or by a document of that year when the start is unknown."""
    not_ended = end.is_null() | (end >= year)
    reported = start.is_null() & pl.col("status").is_in(["active", "pilot"]) & (source_year == year)
    return ((start <= year) | reported).fill_null(False) & not_ended


def _source_fiscal_year(store: Store, version: str) -> pl.Expr:
    """The fiscal year of the document a row's first quote comes from."""
    sources = store.frame("sources", version)
    dated = sources.filter(pl.col("date_precision") != "year")
    years = dict(
        zip(
            dated.get_column("source_id").to_list(),
            dated.select(_fiscal_year_of("date")).to_series().to_list(),
            strict=True,
        )
    )
    first = pl.col("evidence").list.first().struct.field("source_id")
    return first.replace_strict(years, default=None, return_dtype=pl.Int64)


def _fiscal_year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidArgumentError(
            f"fiscal_year= takes an int such as 2024 or a text such as '令和6年度', got "
            f"{type(value).__name__} {describe(value)}",
            value=value,
        )
    if isinstance(value, int):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    if text.isascii() and text.isdigit():
        try:
            return int(text)
        except ValueError:  # more digits than int() reads
            raise InvalidDateError(
                f"fiscal_year=: {describe(value)} has too many digits to be a year",
                value=value,
            ) from None
    try:
        return dates.fiscal_year(value)
    except InvalidDateError as error:
        raise InvalidDateError(f"fiscal_year=: {error}", value=value) from error


# -- documents and text ---------------------------------------------------------------------


class Source(Filter):
    name = "source"
    summary = "a source_id: rows with evidence from that document"

    def applies(self, context: Context) -> bool:
        return "evidence" in context.schema

    def parse(self, context: Context, values: tuple[object, ...]) -> tuple[Any, ...]:
        known = context.store.frame("sources", context.version).get_column("source_id").to_list()
        for value in values:
            if value not in known:
                raise UnknownValueError.unknown("source", value, known)
        return values

    def predicate(self, context: Context, values: tuple[Any, ...]) -> pl.Expr:
        if context.spec.name == "sources":
            return pl.col("source_id").is_in(list(values))
        cited = pl.element().struct.field("source_id").is_in(list(values))
        return pl.col("evidence").list.eval(cited).list.any()


class Text(Filter):
    name = "text"
    summary = (
        "a substring of names, summaries, definitions and evidence quotes, NFKC and "
        "case-insensitive (full/half width and case do not matter)"
    )

    def applies(self, context: Context) -> bool:
        return True

    def parse(self, context: Context, values: tuple[object, ...]) -> tuple[Any, ...]:
        for value in values:
            if not isinstance(value, str) or not value.strip():
                raise InvalidArgumentError(
                    f"text= takes a non-empty string, got {describe(value)}", value=value
                )
        return tuple(unicodedata.normalize("NFKC", str(v)).lower() for v in values)

    def predicate(self, context: Context, values: tuple[Any, ...]) -> pl.Expr:
        if any(_SEPARATOR in needle for needle in values):  # cannot match across texts
            return self._searched(context, values)
        haystack = _haystack(context.store, context.spec, context.version)
        mask = haystack.str.contains(values[0], literal=True)
        for needle in values[1:]:  # any of them
            mask = mask | haystack.str.contains(needle, literal=True)
        return pl.lit(mask)

    def _searched(self, context: Context, values: tuple[Any, ...]) -> pl.Expr:
        matches = []
        for needle in values:

            def contains(expr: pl.Expr, needle: str = needle) -> pl.Expr:
                return (
                    expr.str.normalize("NFKC").str.to_lowercase().str.contains(needle, literal=True)
                )

            columns = [
                contains(pl.col(c)) for c in context.spec.text_columns if c in context.schema
            ]
            if "evidence" in context.schema:
                quote = contains(pl.element().struct.field("quote"))
                columns.append(pl.col("evidence").list.eval(quote).list.any())
            matches.append(pl.any_horizontal(columns).fill_null(False))
        return any_of(matches)


_SEPARATOR = "\x00"


def _haystack(store: Store, spec: TableSpec, version: str) -> pl.Series:
    """Every row's searched texts (text columns, evidence quotes), NFKC and lower case, joined
    by NUL, in the table's row order: normalised once per table, not once per query."""

    def build() -> pl.Series:
        frame = store.frame(spec.name, version)
        parts = [pl.col(c).cast(pl.String) for c in spec.text_columns if c in frame.columns]
        texts = [pl.concat_list(p.fill_null("")) for p in parts]
        if "evidence" in frame.columns:
            texts.append(pl.col("evidence").list.eval(pl.element().struct.field("quote")))
        joined = pl.concat_list(texts).list.join(_SEPARATOR) if texts else pl.lit("")
        return frame.select(joined.str.normalize("NFKC").str.to_lowercase()).to_series()

    return store.memo(("haystack", spec.name, version), build)


REGISTRY: dict[str, Filter] = {
    f.name: f
    for f in (Municipality(), LgCode(), Prefecture(), Field(), FiscalYear(), Source(), Text())
}
"""The special filters by name; any other name is a plain column of the table."""


# -- plain columns --------------------------------------------------------------------------


class ColumnFilter(Filter):
    """Equality with a plain column (membership for a list column); None matches nulls."""

    summary = "equality (for list columns, membership)"

    def __init__(self, column: str) -> None:
        self.column = column

    def applies(self, context: Context) -> bool:
        return self.column in context.schema and self.column != "evidence"

    def parse(self, context: Context, values: tuple[object, ...]) -> tuple[Any, ...]:
        dtype = context.schema[self.column]
        choices = vocabulary(context.spec, self.column)
        if isinstance(dtype, pl.List):
            inner = cast(pl.DataType, dtype.inner)
            if not choices:
                values = tuple(_coerce(self.column, inner, v) for v in values)
            return _enum_values(context.spec, self.column, values)
        rest = tuple(_coerce(self.column, dtype, v, choices) for v in values if v is not None)
        parsed = _enum_values(context.spec, self.column, rest)
        return (*parsed, None) if None in values else parsed

    def predicate(self, context: Context, values: tuple[Any, ...]) -> pl.Expr:
        column = self.column
        if isinstance(context.schema[column], pl.List):
            return any_of([pl.col(column).list.contains(pl.lit(v)) for v in values])
        rest = [v for v in values if v is not None]
        if len(rest) < len(values):
            null = pl.col(column).is_null()
            return null if not rest else null | _one_of(column, rest)
        return _one_of(column, rest)


def _coerce(
    column: str, dtype: pl.DataType, value: object, choices: tuple[str, ...] = ()
) -> object:
    """A filter value as the column's type; strings from the command line are converted."""
    listed = f"; valid choices: {', '.join(choices)}" if choices else ""
    wrong = InvalidArgumentError(
        f"{column}= takes a {dtype} value, got {type(value).__name__} {describe(value)}{listed}",
        value=value,
        choices=choices,
    )
    if dtype == pl.String():
        if not isinstance(value, str):
            raise wrong
        return value
    if dtype in (pl.Int64(), pl.Float64()):
        if isinstance(value, bool):
            raise wrong
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            try:
                return int(text) if dtype == pl.Int64() else float(text)
            except ValueError:
                raise wrong from None
        if isinstance(value, int) and dtype == pl.Int64():
            return value
        if isinstance(value, (int, float)) and dtype == pl.Float64():
            try:
                return float(value)  # polars compares floats with floats only
            except OverflowError:
                raise wrong from None
        raise wrong
    if dtype == pl.Date():
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise wrong from None
        raise wrong
    raise UnknownColumnError(f"column {column} of type {dtype} cannot be filtered", value=column)


def filter_for(context: Context, name: str) -> Filter | None:
    """The filter of that name if the table accepts it."""
    unit = REGISTRY.get(name) or ColumnFilter(name)
    return unit if unit.applies(context) else None


def filter_names(context: Context) -> tuple[str, ...]:
    """Every filter the table accepts, sorted."""
    names = {n for n, unit in REGISTRY.items() if unit.applies(context)}
    names |= {c for c in context.schema if ColumnFilter(c).applies(context)}
    return tuple(sorted(names))
