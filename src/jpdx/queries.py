"""Filter a table: ``jpdx.query("programs").where(prefecture="兵庫県", field="tourism")``.

Filters combine with AND (so they commute and repeating one changes nothing); a
list of values for one filter means any of them. The filters are the units of
:data:`jpdx.filters.REGISTRY` (``municipality``, ``lg_code``, ``prefecture``, ``field``,
``fiscal_year``, ``source``, ``text``) and every plain column of the table (equality;
for list columns, membership; None matches nulls). ``Query.filter_names()`` lists the
filters a table accepts.

How a row belongs to a place or a policy field is stated once, by its table's descriptor
(:mod:`jpdx.tablespec`): KPIs through their program, participant counts through their
program or else their organization, procedures' fields through their program.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import polars as pl

from jpdx.errors import InvalidArgumentError, UnknownFilterError, describe
from jpdx.filters import Context, filter_for, filter_names
from jpdx.store import Store

if TYPE_CHECKING:
    from jpdx.models import Record

R = TypeVar("R", bound="Record")


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
        _context: Context | None = None,
    ) -> None:
        if _context is None:
            spec, release = store.spec(table, version)
            _context = Context(store, spec, release, store.schema(spec.name, release))
        self._store = store
        self._context = _context
        self.table: str = _context.spec.name
        self.version: str = _context.version
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
        return filter_names(self._context)

    def where(self, **filters: object) -> Query[R]:
        """A new query with these filters added (AND); a list value means any of its items."""
        predicates = list(self._predicates)
        added = list(self.filters)
        for name, value in filters.items():
            unit = filter_for(self._context, name)
            if unit is None:
                raise UnknownFilterError.unknown(
                    f"filter of table {self.table}:", name, self.filter_names()
                )
            values = _as_tuple(name, value)
            predicates.append(unit.predicate(self._context, unit.parse(self._context, values)))
            added.append((name, values))
        return Query(
            self._store, self.table, self.version, tuple(added), tuple(predicates), self._context
        )

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
        from jpdx.recordsets import selected  # pydantic and the models load on first use

        return selected(self._store, self.table, self.version, self.frame())  # type: ignore[return-value]

    def __len__(self) -> int:
        frame = self._store.frame(self.table, self.version)
        return frame.filter(*self._predicates).height if self._predicates else frame.height

    def __iter__(self) -> Iterator[R]:
        return iter(self.records())
