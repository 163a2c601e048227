"""The query filters: each one a small unit behind one interface, kept in a registry.

A :class:`Filter` says which tables it applies to (from their descriptors), checks and
converts the user's values once (:meth:`Filter.parse`, at the public boundary, raising a
typed error that names the valid choices), and turns the converted values into a polars
predicate. Every plain column of a table is a filter too (:class:`ColumnFilter`).
Adding a filter means adding one class to :data:`REGISTRY`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, cast

import polars as pl

from jpdx import codes, dates
from jpdx.belonging import any_of, by_fields, by_place, target_of
from jpdx.errors import (
    InvalidArgumentError,
    InvalidDateError,
    OutOfRangeError,
    UnknownColumnError,
    UnknownPlaceError,
    UnknownValueError,
    describe,
)
from jpdx.places import Gazetteer, gazetteer
from jpdx.store import Store
from jpdx.tablespec import FiscalYearRule, TableSpec
from jpdx.vocabularies import column_vocabulary


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
    members = column_vocabulary(spec, column)
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


# -- numbers: the column's type and the model's bounds ---------------------------------------


@dataclass(frozen=True)
class Bounds:
    """The numbers a numeric filter accepts: what its column's type holds and its model allows."""

    low: float | None = None  # an int bound stays an int
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, (int, float)):
            return False
        if isinstance(value, float) and math.isnan(value):
            return self.low is None and self.high is None
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        return self.high is None or not (
            value > self.high or (self.high_open and value == self.high)
        )

    def __and__(self, other: Bounds) -> Bounds:
        low, low_open = self.low, self.low_open
        if other.low is not None and (low is None or other.low > low or other.low == low):
            low, low_open = other.low, other.low_open or (other.low == low and low_open)
        high, high_open = self.high, self.high_open
        if other.high is not None and (high is None or other.high <= high):
            high, high_open = other.high, other.high_open or (other.high == high and high_open)
        return Bounds(low, high, low_open, high_open)

    def __str__(self) -> str:
        low = f"more than {self.low}" if self.low_open else f"{self.low}"
        high = f"less than {self.high}" if self.high_open else f"{self.high}"
        if self.low is not None and self.high is not None:
            if not self.low_open and not self.high_open:
                return f"{self.low} to {self.high}"
            return f"{low} and {high}"
        if self.low is not None:
            return low if self.low_open else f"{self.low} or more"
        if self.high is not None:
            return high if self.high_open else f"{self.high} or less"
        return "any number"


INT64 = Bounds(-(2**63), 2**63 - 1)
"""What an Int64 column holds."""
FLOAT64 = Bounds(-sys.float_info.max, sys.float_info.max)
"""What a Float64 column holds, less infinities and NaN (which no record holds)."""


@cache
def _model_properties(spec: TableSpec) -> dict[str, Any]:
    properties: dict[str, Any] = spec.model.model_json_schema()["properties"]
    return properties


def _schema_bounds(prop: dict[str, Any]) -> Bounds:
    """The bounds a JSON Schema property states (of its non-null branch; of its items)."""
    for branch in prop.get("anyOf", ()):
        if branch.get("type") != "null":
            prop = branch
            break
    if prop.get("type") == "array":
        return _schema_bounds(prop.get("items", {}))
    low, low_open = prop.get("minimum"), False
    if "exclusiveMinimum" in prop:
        low, low_open = prop["exclusiveMinimum"], True
    high, high_open = prop.get("maximum"), False
    if "exclusiveMaximum" in prop:
        high, high_open = prop["exclusiveMaximum"], True
    return Bounds(low, high, low_open, high_open)


@cache
def column_bounds(spec: TableSpec, column: str, dtype: pl.DataType) -> Bounds:
    """The numbers a numeric column can hold (Int64: 64 bits) and its model allows (a column
    of an older release that today's model lacks: its type's range only)."""
    bounds = INT64 if dtype == pl.Int64() else FLOAT64
    prop = _model_properties(spec).get(column)
    return bounds & _schema_bounds(prop) if prop is not None else bounds


@cache
def fiscal_year_bounds() -> Bounds:
    """The fiscal years the models allow (:data:`jpdx.models.FiscalYear`)."""
    from pydantic import TypeAdapter

    from jpdx.model_base import FiscalYear as FiscalYearType

    return INT64 & _schema_bounds(TypeAdapter(FiscalYearType).json_schema())


def out_of_range(name: str, value: object, bounds: Bounds) -> OutOfRangeError:
    return OutOfRangeError(
        f"{name}={describe(value)} is out of range; valid range: {bounds}", value=value
    )


_INTEGER = re.compile(r"[+-]?[0-9]+")


def _integer_text(name: str, text: str, original: object, bounds: Bounds) -> int | None:
    """The int a text states (None: it states none); a text of more digits than ``int()``
    reads is out of range."""
    try:
        return int(text)
    except ValueError:
        if _INTEGER.fullmatch(text):  # digits, more than int() converts: no column holds it
            raise out_of_range(name, original, bounds) from None
        return None


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
        return tuple(_place_code(context, v) for v in values)

    def predicate(self, context: Context, values: tuple[Any, ...]) -> pl.Expr:
        codes = list(values)
        return by_place(
            context.store,
            context.spec,
            context.version,
            lambda code: code == codes[0] if len(codes) == 1 else code.is_in(codes),
        )


FORMER_PLACES = "former_municipalities"


def _place_code(context: Context, value: object) -> str:
    """The code of the place a value names: one of today's, or, in a table whose rows may
    be filed under a body that no longer exists, a former body: by a code of the release's
    former_municipalities table, or by a former name or code the place index knows."""
    places = context.gazetteer()
    try:
        return places.resolve(value).lg_code
    except UnknownPlaceError:  # FormerPlaceError too
        spec, store, version = context.spec, context.store, context.version
        files_formers = spec.name == FORMER_PLACES or any(
            fk.column == "lg_code" and FORMER_PLACES in fk.targets for fk in spec.foreign_keys
        )
        if not files_formers or FORMER_PLACES not in store.tables(version):
            raise
        former = _keys(store, FORMER_PLACES, "lg_code", version)
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if text.isascii() and text.isdigit() and len(text) in (5, 6):
            code = codes.normalize(text)
            if code in former:
                return code
        found = places.former_code(value)
        if found is None:
            raise
        return found


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
        bounds = fiscal_year_bounds()
        years = tuple(_fiscal_year(v, bounds) for v in values)
        for value, year in zip(values, years, strict=True):
            if year not in bounds:
                raise out_of_range("fiscal_year", value, bounds)
        return years

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


def _fiscal_year(value: object, bounds: Bounds) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidArgumentError(
            f"fiscal_year= takes an int such as 2024 or a text such as '令和6年度', got "
            f"{type(value).__name__} {describe(value)}",
            value=value,
        )
    if isinstance(value, int):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    if _INTEGER.fullmatch(text):
        year = _integer_text("fiscal_year", text, value, bounds)
        assert year is not None
        return year
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
                values = tuple(_coerce(context.spec, self.column, inner, v) for v in values)
            parsed = _enum_values(context.spec, self.column, values)
            _check_keys(context, self.column, parsed)
            return parsed
        rest = tuple(
            _coerce(context.spec, self.column, dtype, v, choices) for v in values if v is not None
        )
        parsed = _enum_values(context.spec, self.column, rest)
        _check_keys(context, self.column, parsed)
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


def key_target(spec: TableSpec, column: str) -> tuple[str, str] | None:
    """The table and column whose values a key column takes: its own for the primary key,
    the referenced one for a foreign key (places are resolved by the place filters)."""
    if column == spec.primary_key:
        return spec.name, column
    for key in spec.foreign_keys:
        if key.column == column and key.target != "municipalities":
            return key.target, key.target_column
    return None


def _keys(store: Store, table: str, key: str, version: str) -> frozenset[str]:
    """The values of a key column of a release's table (read once per store)."""
    return store.memo(
        ("keys", table, version),
        lambda: frozenset(store.scan(table, version).select(key).collect().to_series()),
    )


def _check_keys(context: Context, column: str, values: tuple[Any, ...]) -> None:
    """Raise :class:`UnknownValueError`, with close matches, for a value of a key column
    that no row of the release holds (it could only select nothing)."""
    target = key_target(context.spec, column)
    if target is None or not values:
        return
    table, key = target
    store, version = context.store, context.version
    known = _keys(store, table, key, version)
    for value in values:
        if value not in known:
            raise UnknownValueError.unknown(f"{column} of {context.spec.name}", value, known)


def _coerce(
    spec: TableSpec, column: str, dtype: pl.DataType, value: object, choices: tuple[str, ...] = ()
) -> object:
    """A filter value as the column's type; strings from the command line are converted.
    Numbers are checked against what the column holds and its model allows."""
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
        return _number(spec, column, dtype, value, wrong)
    if dtype == pl.Boolean():
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
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


def _number(
    spec: TableSpec, column: str, dtype: pl.DataType, value: object, wrong: Exception
) -> float:
    bounds = column_bounds(spec, column, dtype)
    number: float
    if isinstance(value, bool):
        raise wrong
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if dtype == pl.Int64():
            parsed = _integer_text(column, text, value, bounds)
            if parsed is None:
                raise wrong
            number = parsed
        else:
            try:
                number = float(text)
            except ValueError:
                raise wrong from None
    elif isinstance(value, int) and dtype == pl.Int64():
        number = value
    elif isinstance(value, (int, float)) and dtype == pl.Float64():
        try:
            number = float(value)  # polars compares floats with floats only
        except OverflowError:  # an int beyond the largest float
            raise out_of_range(column, value, bounds) from None
    else:
        raise wrong
    if number not in bounds:
        raise out_of_range(column, value, bounds)
    return number


def filter_for(context: Context, name: str) -> Filter | None:
    """The filter of that name if the table accepts it."""
    unit = REGISTRY.get(name) or ColumnFilter(name)
    return unit if unit.applies(context) else None


def filter_names(context: Context) -> tuple[str, ...]:
    """Every filter the table accepts, sorted (a column named like a registered filter is
    that filter's, so it is listed only where the table accepts that filter)."""
    names = {n for n, unit in REGISTRY.items() if unit.applies(context)}
    names |= {c for c in context.schema if filter_for(context, c) is not None}
    return tuple(sorted(names))
