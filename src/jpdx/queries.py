"""Filter a table: ``jpdx.query("programs").where(prefecture="兵庫県", field="tourism")``.

Filters combine with AND (so they commute and repeating one changes nothing); a
list of values for one filter means any of them. Besides every plain column of the
table (equality; for list columns, membership), these filters are understood:

============== ==========================================================================
municipality   a place (name, reading, romaji or code); also ``lg_code``. Rows of that
               local government itself (a prefecture means its own government).
prefecture     a prefecture (name, romaji or code): every row in it, municipalities included.
field          a policy field such as ``tourism``.
fiscal_year    an int or ``"令和6年度"``: programs running that year — their stated span
               covers it (start ≤ year ≤ end), or, with no stated start, a document dated
               that year says they run (status active or pilot); procedures available by
               then (same rule with their since date); counts as of that year; sources
               dated in it; KPIs through their program.
source         a source_id: rows with evidence from that document.
text           a substring of names, summaries, definitions and evidence quotes, NFKC and
               case-insensitive (full/half width and case do not matter).
============== ==========================================================================

Tables without their own ``lg_code`` or ``fields`` (kpis, participant_counts,
procedures for fields) are filtered through their program.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import polars as pl

from jpdx import dates
from jpdx.errors import (
    InvalidArgumentError,
    InvalidDateError,
    UnknownColumnError,
    UnknownFilterError,
    UnknownValueError,
    describe,
)
from jpdx.places import Gazetteer
from jpdx.recordsets import by_key
from jpdx.schema import column_enum, table_schema
from jpdx.store import Store, check_table
from jpdx.tablespec import PRIMARY_KEYS, TableName

if TYPE_CHECKING:
    from jpdx.models import Record

R = TypeVar("R", bound="Record")

_PLACE_FILTERS = ("municipality", "lg_code")
_SPECIAL = ("municipality", "lg_code", "prefecture", "field", "fiscal_year", "source", "text")
_TEXT_COLUMNS = (
    "name", "name_en", "title", "title_en", "summary", "definition", "label", "kana", "romaji"
)  # fmt: skip
_FISCAL_YEAR_TABLES = ("programs", "participant_counts", "procedures", "sources", "kpis")


def gazetteer(store: Store, version: str) -> Gazetteer:
    """The place index of a release."""
    return store.memo(
        ("gazetteer", version), lambda: Gazetteer(store.frame("municipalities", version))
    )


def _fiscal_year_of(column: str) -> pl.Expr:
    day = pl.col(column)
    return pl.when(day.dt.month() >= 4).then(day.dt.year()).otherwise(day.dt.year() - 1)


def _known_fiscal_year(year_column: str, date_column: str, precision_column: str) -> pl.Expr:
    """The stated fiscal year, or the one of a day- or month-precise date."""
    from_date = pl.when(pl.col(precision_column) != "year").then(_fiscal_year_of(date_column))
    return pl.coalesce(pl.col(year_column), from_date)


def _any(expressions: list[pl.Expr]) -> pl.Expr:
    if len(expressions) == 1:  # the common case, kept as one expression: cheaper to run
        return expressions[0]
    return pl.any_horizontal(expressions) if expressions else pl.lit(False)


def _one_of(column: str, values: list[Any]) -> pl.Expr:
    """``column`` equals one of ``values`` (a single value is compared directly: cheaper)."""
    return pl.col(column) == values[0] if len(values) == 1 else pl.col(column).is_in(values)


@cache
def _vocabulary(table: TableName, column: str) -> tuple[str, ...]:
    """The values a column with a closed vocabulary allows, sorted (empty: it has none)."""
    members = column_enum(table, column)
    return tuple(sorted(str(m.value) for m in members)) if members else ()


def _supports(table: TableName, name: str) -> bool:
    schema = table_schema(table)
    has_program = "program_id" in schema
    if name in _PLACE_FILTERS or name == "prefecture":
        return "lg_code" in schema or has_program
    if name == "field":
        return "fields" in schema or has_program
    if name == "fiscal_year":
        return table in _FISCAL_YEAR_TABLES
    if name == "source":
        return "evidence" in schema
    return name == "text"


@cache
def _filter_names(table: TableName) -> tuple[str, ...]:
    columns = [c for c in table_schema(table) if c != "evidence"]
    special = [f for f in _SPECIAL if _supports(table, f)]
    return tuple(sorted(set(columns) | set(special)))


def _as_tuple(name: str, value: object) -> tuple[Any, ...]:
    if isinstance(value, (list, tuple, set, frozenset)):
        if not value:
            raise InvalidArgumentError(
                f"{name}={describe(value)}: an empty list of filter values matches nothing; "
                "leave the filter out instead",
                value=value,
            )
        return tuple(sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value)
    return (value,)


class Query(Generic[R]):
    """A lazy, immutable selection of one table of one release."""

    def __init__(
        self,
        store: Store,
        table: object,
        version: object = None,
        _filters: tuple[tuple[str, tuple[Any, ...]], ...] = (),
        _predicates: tuple[pl.Expr, ...] = (),
    ) -> None:
        self._store = store
        self.table: TableName = check_table(table)
        self.version: str = store.resolve(version)
        self.filters = _filters
        self._predicates = _predicates

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{k}={v[0]!r}" if len(v) == 1 else f"{k}={list(v)!r}" for k, v in self.filters
        )
        return f"Query({self.table!r}, version={self.version!r}).where({shown})"

    # -- building -------------------------------------------------------------------------

    def filter_names(self) -> tuple[str, ...]:
        """Every filter this table accepts."""
        return _filter_names(self.table)

    def where(self, **filters: object) -> Query[R]:
        """A new query with these filters added (AND); a list value means any of its items."""
        predicates = list(self._predicates)
        added = list(self.filters)
        valid = self.filter_names()
        for name, value in filters.items():
            if name not in valid:
                raise UnknownFilterError.unknown(f"filter of table {self.table}:", name, valid)
            values = _as_tuple(name, value)
            predicates.append(self._predicate(name, values))
            added.append((name, values))
        return Query(self._store, self.table, self.version, tuple(added), tuple(predicates))

    def _predicate(self, name: str, values: tuple[Any, ...]) -> pl.Expr:
        if name in _PLACE_FILTERS:
            places = gazetteer(self._store, self.version)
            codes = [places.resolve(v).lg_code for v in values]
            return self._by_place(_one_of("lg_code", codes))
        if name == "prefecture":
            places = gazetteer(self._store, self.version)
            prefixes = [places.resolve(v, prefecture_only=True).lg_code[:2] for v in values]
            return self._by_place(_any([pl.col("lg_code").str.starts_with(p) for p in prefixes]))
        if name == "field":
            return self._by_fields(self._enum_values("programs", "fields", values, label="field"))
        if name == "fiscal_year":
            return self._by_fiscal_year([self._fiscal_year(v) for v in values])
        if name == "source":
            return self._by_source(values)
        if name == "text":
            return self._by_text(values)
        return self._by_column(name, values)

    def _via_programs(self, predicate: pl.Expr) -> pl.Expr:
        programs = self._store.frame("programs", self.version)
        ids = programs.filter(predicate).get_column("program_id")
        return pl.col("program_id").is_in(ids.implode())

    def _by_place(self, predicate: pl.Expr) -> pl.Expr:
        if self.table == "municipalities" or "lg_code" in table_schema(self.table):
            return predicate
        return self._via_programs(predicate)

    def _by_fields(self, fields: list[str]) -> pl.Expr:
        predicate = _any([pl.col("fields").list.contains(pl.lit(f)) for f in fields])
        return predicate if self.table == "programs" else self._via_programs(predicate)

    def _by_fiscal_year(self, years: list[int]) -> pl.Expr:
        if self.table in ("programs", "kpis"):
            start = _known_fiscal_year("start_fiscal_year", "start_date", "start_date_precision")
            running = _any([self._running(start, pl.col("end_fiscal_year"), y) for y in years])
            return running if self.table == "programs" else self._via_programs(running)
        if self.table == "participant_counts":
            year = _known_fiscal_year("as_of_fiscal_year", "as_of_date", "as_of_date_precision")
            return year.is_in(years)
        if self.table == "procedures":
            since = _known_fiscal_year("since_fiscal_year", "since_date", "since_date_precision")
            return _any([self._running(since, pl.lit(None, pl.Int64), y) for y in years])
        dated = pl.when(pl.col("date_precision") != "year").then(_fiscal_year_of("date"))
        return dated.is_in(years)

    def _running(self, start: pl.Expr, end: pl.Expr, year: int) -> pl.Expr:
        """Stated to run in ``year``: by its span, or by a document of that year when the start is unknown."""
        not_ended = end.is_null() | (end >= year)
        reported = (
            start.is_null()
            & pl.col("status").is_in(["active", "pilot"])
            & (self._source_fiscal_year() == year)
        )
        return ((start <= year) | reported).fill_null(False) & not_ended

    def _source_fiscal_year(self) -> pl.Expr:
        """The fiscal year of the document a row's first quote comes from."""
        sources = self._store.frame("sources", self.version)
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

    def _by_source(self, values: tuple[Any, ...]) -> pl.Expr:
        known = self._store.frame("sources", self.version).get_column("source_id").to_list()
        for value in values:
            if value not in known:
                raise UnknownValueError.unknown("source", value, known)
        if self.table == "sources":
            return pl.col("source_id").is_in(list(values))
        cited = pl.element().struct.field("source_id").is_in(list(values))
        return pl.col("evidence").list.eval(cited).list.any()

    def _by_text(self, values: tuple[Any, ...]) -> pl.Expr:
        schema = table_schema(self.table)
        matches = []
        for value in values:
            if not isinstance(value, str) or not value.strip():
                raise InvalidArgumentError(
                    f"text= takes a non-empty string, got {describe(value)}", value=value
                )
            needle = unicodedata.normalize("NFKC", value).lower()

            def contains(expr: pl.Expr, needle: str = needle) -> pl.Expr:
                return (
                    expr.str.normalize("NFKC").str.to_lowercase().str.contains(needle, literal=True)
                )

            columns = [contains(pl.col(c)) for c in _TEXT_COLUMNS if c in schema]
            if "evidence" in schema:
                quote = contains(pl.element().struct.field("quote"))
                columns.append(pl.col("evidence").list.eval(quote).list.any())
            matches.append(pl.any_horizontal(columns).fill_null(False))
        return _any(matches)

    def _by_column(self, column: str, values: tuple[Any, ...]) -> pl.Expr:
        dtype = table_schema(self.table)[column]
        if isinstance(dtype, pl.List):
            if not _vocabulary(self.table, column):
                inner = cast(pl.DataType, dtype.inner)  # table_schema builds dtype instances
                values = tuple(_coerce(column, inner, v) for v in values)
            items = self._enum_values(self.table, column, values)
            return _any([pl.col(column).list.contains(pl.lit(v)) for v in items])
        if any(v is None for v in values):
            rest = tuple(v for v in values if v is not None)
            null = pl.col(column).is_null()
            return null if not rest else null | self._by_column(column, rest)
        choices = _vocabulary(self.table, column)
        cleaned = self._enum_values(
            self.table, column, tuple(_coerce(column, dtype, v, choices) for v in values)
        )
        return _one_of(column, cleaned)

    def _enum_values(
        self, table: TableName, column: str, values: tuple[Any, ...], label: str = ""
    ) -> list[Any]:
        allowed = _vocabulary(table, column)
        if not allowed:
            return list(values)
        for value in values:
            if value not in allowed:
                raise UnknownValueError.unknown(f"{label or column}", value, allowed)
        return [str(v) for v in values]

    @staticmethod
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

    # -- results --------------------------------------------------------------------------

    def lazy(self) -> pl.LazyFrame:
        """The selection as a polars LazyFrame.

        Until the table is loaded, the filters are pushed down into the scan of its
        Parquet file, so only the matching rows are decoded: the way to query a large
        table without holding all of it in memory.
        """
        frame = self._store.scan(self.table, self.version)
        return frame.filter(*self._predicates) if self._predicates else frame

    def frame(self) -> pl.DataFrame:
        """The selected rows as a polars DataFrame (yours to modify), filtered in memory."""
        frame = self._store.frame(self.table, self.version)
        return frame.filter(*self._predicates) if self._predicates else frame.clone()

    def records(self) -> tuple[R, ...]:
        """The selected rows as frozen pydantic records, in primary-key order."""
        index = by_key(self._store, self.table, self.version)
        keys = self.frame().get_column(PRIMARY_KEYS[self.table]).to_list()
        return tuple(index[k] for k in keys)  # type: ignore[misc]

    def __len__(self) -> int:
        frame = self._store.frame(self.table, self.version)
        return frame.filter(*self._predicates).height if self._predicates else frame.height

    def __iter__(self) -> Iterator[R]:
        return iter(self.records())


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
