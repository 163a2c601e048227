"""How rows belong to places and policy fields, as each table's descriptor states it.

The query filters (``municipality=``, ``prefecture=``, ``field=``) and the catalog pages
both use these functions, so a row is listed under the same place everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from jpdx.store import Store
from jpdx.tablespec import TableSpec

PLACE = "lg_code"
BELONGS_TO = "belongs_to"


def place_codes(store: Store, table: str, version: str) -> pl.DataFrame:
    """Each row's key and the local government it belongs to (``belongs_to``, null: none).

    A row's place is the first of its descriptor's ``place`` links that gives a code: its
    own ``lg_code``, or the place of the row a foreign key refers to.
    """

    def build() -> pl.DataFrame:
        spec, release = store.spec(table, version)
        frame = store.frame(spec.name, release)
        codes: list[pl.Expr] = []
        for link in spec.place:
            if link not in frame.columns:  # a column an older release does not have
                continue
            if link == PLACE:
                codes.append(pl.col(PLACE))
                continue
            target = target_of(store, spec, link)
            owners = place_codes(store, target.name, release)
            mapping = dict(
                zip(
                    owners.get_column(target.primary_key).to_list(),
                    owners.get_column(BELONGS_TO).to_list(),
                    strict=True,
                )
            )
            codes.append(pl.col(link).replace_strict(mapping, default=None, return_dtype=pl.String))
        place = pl.coalesce(codes) if codes else pl.lit(None, pl.String)
        return frame.select(pl.col(spec.primary_key), place.alias(BELONGS_TO))

    return store.memo(("place_codes", table, version), build)


def by_place(
    store: Store, spec: TableSpec, version: str, matches: Callable[[pl.Expr], pl.Expr]
) -> pl.Expr:
    """Rows whose place satisfies ``matches(code)``."""
    if spec.place == (PLACE,):  # its own column: a plain predicate, pushed into the reader
        return matches(pl.col(PLACE))
    places = place_codes(store, spec.name, version)
    keys = places.filter(matches(pl.col(BELONGS_TO))).get_column(spec.primary_key)
    return pl.col(spec.primary_key).is_in(keys.implode())


def by_fields(store: Store, spec: TableSpec, version: str, fields: list[str]) -> pl.Expr:
    """Rows that belong to any of these policy fields: by their own ``fields`` column, or
    through the row a foreign key refers to."""
    (link,) = spec.fields
    if link == "fields":
        return any_of([pl.col("fields").list.contains(pl.lit(f)) for f in fields])
    target = target_of(store, spec, link)
    selected = store.frame(target.name, version).filter(by_fields(store, target, version, fields))
    return pl.col(link).is_in(selected.get_column(target.primary_key).implode())


def target_of(store: Store, spec: TableSpec, column: str) -> TableSpec:
    """The table a foreign-key column of ``spec`` refers to."""
    return store.specs[next(fk.target for fk in spec.foreign_keys if fk.column == column)]


def any_of(expressions: list[pl.Expr]) -> pl.Expr:
    """Rows matching any of the predicates."""
    if len(expressions) == 1:  # the common case, kept as one expression: cheaper to run
        return expressions[0]
    return pl.any_horizontal(expressions) if expressions else pl.lit(False)
