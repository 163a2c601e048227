"""The date each national value is about, and what that date is.

``date_kind`` says which of three dates ``date`` is, in this order of preference:

- ``as_of``: the date the source states the value is about (a card statistic's
  算出基準日; for the population, the population's own reference date);
- ``fiscal_year``: the source states only the fiscal year (a survey of 令和6年度): ``date``
  is that year's first day (1 April) and ``fiscal_year`` the year;
- ``publication``: the source states no date the value is about (the DX dashboard's
  files do not state their as-of date), so ``date`` is the date its publisher published
  or updated the files, as the dataset's ``sources`` rows state it (2024-07-12 for the
  dashboard) — the state it shows is that date's or earlier.

Where none is stated, ``date`` is null.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jpdx.store import Store

DATE_KINDS = ("as_of", "fiscal_year", "publication")
"""What a value's ``date`` is (see the module)."""

FISCAL_YEAR_START = (4, 1)
"""The month and day a fiscal year (年度) starts."""


def publication_dates(store: Store, release: str) -> dict[str, dt.date]:
    """The date the sources of each national dataset state (by dataset id), where they all
    state the same one."""

    def build() -> dict[str, dt.date]:
        sources = store.frame("sources", release)
        if "dataset" not in sources.columns:
            return {}
        dates = (
            sources.filter(pl.col("dataset").is_not_null())
            .group_by("dataset")
            .agg(pl.col("date").unique().drop_nulls())
            .filter(pl.col("date").list.len() == 1)
        )
        return {dataset: found[0] for dataset, found in dates.iter_rows()}

    return store.memo(("analysis", "publication_dates", release), build)


def dated(store: Store, release: str, frame: pl.LazyFrame) -> pl.LazyFrame:
    """``frame`` (indicator_values columns and ``dataset``) with ``date``, ``date_kind`` and
    ``fiscal_year`` (see the module)."""
    month, day = FISCAL_YEAR_START
    year_start = pl.date(pl.col("as_of_fiscal_year"), month, day)
    published = pl.col("dataset").replace_strict(
        publication_dates(store, release), default=None, return_dtype=pl.Date
    )
    return frame.with_columns(
        pl.coalesce("as_of_date", year_start, published).alias("date"),
        pl.when(pl.col("as_of_date").is_not_null())
        .then(pl.lit("as_of"))
        .when(pl.col("as_of_fiscal_year").is_not_null())
        .then(pl.lit("fiscal_year"))
        .when(published.is_not_null())
        .then(pl.lit("publication"))
        .alias("date_kind"),
        pl.col("as_of_fiscal_year").alias("fiscal_year"),
    )
