"""Each place's name, prefecture, kind and level, told apart by a column, never by a code.

Levels: ``prefecture``, ``municipality`` (a city, town, village, special ward or designated
city: one of MIC's 1,741 municipalities), ``ward`` (a ward of a designated city) and
``former`` (a body that no longer exists: a code that is not a row of today's
municipalities table). Where a release has a ``former_municipalities`` table, a former
body's name, prefecture and kind come from it; otherwise its name is the name its values
were published under and its prefecture that of its code's first two digits.
"""

from __future__ import annotations

import polars as pl

from jpdx.errors import UnknownValueError
from jpdx.store import Store

LEVELS = ("prefecture", "municipality", "ward", "former")
"""The levels of a place, in the order they are listed."""

FORMER_TABLE = "former_municipalities"
"""The table of bodies that no longer exist, where a release has it."""

PLACE_COLUMNS = ("lg_code", "name", "prefecture", "level", "kind")
"""The columns that describe a place in every frame of the analysis layer."""


def checked_level(level: object) -> str:
    """``level`` when it is one of :data:`LEVELS`, else :class:`jpdx.UnknownValueError`."""
    if level not in LEVELS:
        raise UnknownValueError.unknown("level", level, LEVELS)
    return str(level)


_LEVEL_OF_KIND = {"prefecture": "prefecture", "ward": "ward"}
"""Kinds of today's municipalities table whose level is not ``municipality``."""


def level_name(kind: str) -> str:
    """The level of a row of today's municipalities table, from its ``kind``."""
    return _LEVEL_OF_KIND.get(kind, "municipality")


def level_of(kind: pl.Expr) -> pl.Expr:
    """:func:`level_name` as an expression."""
    return kind.replace_strict(_LEVEL_OF_KIND, default="municipality", return_dtype=pl.String)


def places(store: Store, release: str) -> pl.DataFrame:
    """Every place a value of the release may be filed under: today's municipalities table
    (prefectures, municipalities, wards), and the release's former bodies where it has a
    table of them. Columns :data:`PLACE_COLUMNS` and ``city_lg_code`` (a ward's city)."""

    def build() -> pl.DataFrame:
        today = store.frame("municipalities", release)
        city = (
            pl.col("city_lg_code")
            if "city_lg_code" in today.columns
            else pl.lit(None, pl.String).alias("city_lg_code")
        )
        frame = today.select(
            "lg_code", "name", "prefecture", level_of(pl.col("kind")).alias("level"), "kind", city
        )
        if FORMER_TABLE in store.tables(release):
            frame = pl.concat([frame, _former(store, release, frame)], how="vertical")
        return frame

    return store.memo(("analysis", "places", release), build)


def _former(store: Store, release: str, today: pl.DataFrame) -> pl.DataFrame:
    """The former bodies' rows in the shape of :func:`places` (the columns the table lacks
    are null; a code that is also today's is left to today's row)."""
    former = store.frame(FORMER_TABLE, release)
    columns = [
        (pl.col(c) if c in former.columns else pl.lit(None)).cast(pl.String).alias(c)
        for c in ("lg_code", "name", "prefecture")
    ]
    kind = (pl.col("kind") if "kind" in former.columns else pl.lit(None)).cast(pl.String)
    return (
        former.select(*columns, pl.lit("former").alias("level"), kind.alias("kind"))
        .with_columns(pl.lit(None, pl.String).alias("city_lg_code"))
        .filter(~pl.col("lg_code").is_in(today.get_column("lg_code").implode()))
        .unique("lg_code", keep="first", maintain_order=True)
        .with_columns(pl.coalesce("prefecture", _prefecture_name(today, pl.col("lg_code"))))
    )


def _prefecture_name(today: pl.DataFrame, code: pl.Expr) -> pl.Expr:
    """The name of the prefecture of a code (its first two digits)."""
    names = dict(
        today.filter(pl.col("level") == "prefecture")
        .select(pl.col("lg_code").str.slice(0, 2), "name")
        .iter_rows()
    )
    return code.str.slice(0, 2).replace_strict(names, default=None, return_dtype=pl.String)


def attach(
    store: Store, release: str, frame: pl.LazyFrame, published_name: str | None
) -> pl.LazyFrame:
    """``frame`` (with ``lg_code``) with the place columns of :data:`PLACE_COLUMNS` beside
    it. A code that is no row of :func:`places` is a ``former`` body named by the column
    ``published_name`` (when given) in the prefecture of its first two digits."""
    known = places(store, release)
    joined = frame.join(known.drop("city_lg_code").lazy(), on="lg_code", how="left")
    name = pl.col("name")
    if published_name is not None:
        name = pl.coalesce(name, pl.col(published_name))
    return joined.with_columns(
        name.alias("name"),
        pl.coalesce("prefecture", _prefecture_name(known, pl.col("lg_code"))),
        pl.col("level").fill_null("former"),
    )


def of_level(store: Store, release: str, level: str) -> pl.DataFrame:
    """The places of one level (:data:`LEVELS`), in code order."""
    known = places(store, release)
    return known.filter(pl.col("level") == checked_level(level)).sort("lg_code")
