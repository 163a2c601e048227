"""Shares and means by prefecture or size band, that say how many places answered.

:func:`share_by` takes an indicator id (its municipalities' latest values, as
:func:`jpdx.panel` finds them) or a frame with one row per place (from :func:`jpdx.panel`
or :func:`jpdx.indicator`). It averages one numeric column per group: for a yes/no
question that column is 1, 0 or null, so the mean is the share of yes **among the places
that answered** (調査無し and blank cells are missing, not "no"). Each group reports

- ``value``: the mean (with ``weight``, the weighted mean over the places that have both
  a value and a weight);
- ``n_answered``: places with a value (and a weight, when weighted);
- ``n_missing``: places of the group without one;
- ``weight_total`` (with ``weight`` only): the sum of the weights of the places counted.

Size bands are of the population a panel carries (:mod:`jpdx.analysis.covariates`: the
card statistics' 総数（人口）), by :data:`SIZE_BANDS`; a place without a population is in
the band ``unknown``.
"""

from __future__ import annotations

import polars as pl

from jpdx.analysis.levels import checked_level
from jpdx.analysis.panels import panel
from jpdx.errors import InvalidArgumentError, UnknownColumnError, describe
from jpdx.store import Store

SIZE_BANDS: tuple[tuple[int, str], ...] = (
    (10_000, "under 10,000"),
    (50_000, "10,000–49,999"),
    (100_000, "50,000–99,999"),
    (300_000, "100,000–299,999"),
    (1_000_000, "300,000–999,999"),
)
"""(upper bound, exclusive; label) of each size band; larger places are in
:data:`LARGEST_BAND` and places without a population in :data:`UNKNOWN_BAND`."""
LARGEST_BAND = "1,000,000 or more"
UNKNOWN_BAND = "unknown"
BAND_LABELS = (*(label for _, label in SIZE_BANDS), LARGEST_BAND, UNKNOWN_BAND)
"""Every band, smallest first: the categories of the ``size_band`` column."""

POPULATION = "population"
GROUPS = ("prefecture", "size_band")
"""The groupings :func:`share_by` knows besides a column of the frame itself."""


def size_band(population: pl.Expr) -> pl.Expr:
    """The size band of a population (see :data:`SIZE_BANDS`), as an ordered category."""
    band: pl.Expr = pl.lit(LARGEST_BAND)
    for upper, label in reversed(SIZE_BANDS):
        band = pl.when(population < upper).then(pl.lit(label)).otherwise(band)
    band = pl.when(population.is_null()).then(pl.lit(UNKNOWN_BAND)).otherwise(band)
    return band.cast(pl.Enum(BAND_LABELS))


def _one_row_per_place(frame: pl.DataFrame, level: str) -> pl.DataFrame:
    if "level" in frame.columns:
        frame = frame.filter(pl.col("level") == level)
    if "lg_code" in frame.columns and frame.get_column("lg_code").is_duplicated().any():
        raise InvalidArgumentError(
            "the frame has several rows for a place (a series over time?); average one value "
            "per place: use jpdx.panel(..., at=DATE), or filter the frame to one date",
            value=None,
        )
    return frame


def share_by(
    store: Store,
    data: object,
    by: str = "prefecture",
    *,
    column: str | None = None,
    weight: str | None = None,
    at: object = None,
    level: str = "municipality",
    version: object = None,
) -> pl.DataFrame:
    """The mean of ``column`` per group of ``by``, with the places answered and missing
    (see the module). ``data`` is an indicator id or a frame with one row per place."""
    checked_level(level)
    if isinstance(data, str):
        frame = panel(store, [data], at, level, version)
        column = column or data
    elif isinstance(data, pl.DataFrame):
        frame = _one_row_per_place(data, level)
        column = column or "value"
    else:
        raise InvalidArgumentError(
            f"share_by() takes an indicator id or a polars DataFrame, got "
            f"{type(data).__name__} {describe(data)}",
            value=data,
        )
    needs_population = POPULATION in (by, weight) or by == "size_band"
    if needs_population and POPULATION not in frame.columns:
        population = panel(store, [], at, level, version).select("lg_code", POPULATION)
        frame = frame.join(population, on="lg_code", how="left")
    for name in (column, weight):
        if name is not None and name not in frame.columns:
            raise UnknownColumnError.unknown("column", name, frame.columns)
    if not frame.schema[column].is_numeric():
        raise InvalidArgumentError(
            f"column {column!r} holds {frame.schema[column]}, not numbers: only numbers and "
            "yes/no answers (1/0) have a mean",
            value=column,
        )
    if by == "size_band":
        frame = frame.with_columns(size_band(pl.col(POPULATION)).alias("size_band"))
    elif by not in frame.columns:
        raise UnknownColumnError.unknown("grouping", by, sorted({*GROUPS, *frame.columns}))
    value = pl.col(column).cast(pl.Float64)
    counted = value.is_not_null()
    aggregates = []
    if weight is None:
        aggregates.append(value.mean().alias("value"))
    else:
        w = pl.col(weight).cast(pl.Float64)
        counted = counted & w.is_not_null()
        aggregates += [
            ((value * w).filter(counted).sum() / w.filter(counted).sum()).alias("value"),
            w.filter(counted).sum().alias("weight_total"),
        ]
    aggregates += [
        counted.sum().cast(pl.Int64).alias("n_answered"),
        (~counted).sum().cast(pl.Int64).alias("n_missing"),
    ]
    order = pl.col("lg_code").min().alias("_order") if by == "prefecture" else pl.col(by).min()
    grouped = frame.group_by(by).agg(*aggregates, order.alias("_order"))
    return grouped.sort("_order").drop("_order")
