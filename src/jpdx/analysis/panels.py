"""Several indicators side by side: one row per place of one level, at a date.

For each indicator, a column named by its id holds the latest value on or before ``at``
(by the date the value is about, :mod:`jpdx.analysis.about`; among values of the same
date, the latest published), and ``<id>_date`` that value's date. The column holds
``value`` for numbers and yes/no questions (1, 0 or null), and the answer code (a list for
a question with several answers) for other questions. The covariates of
:mod:`jpdx.analysis.covariates` (population …) come first, found the same way.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jpdx.analysis.answers import yes_no
from jpdx.analysis.catalog import IndicatorInfo, catalog, checked_list
from jpdx.analysis.covariates import COVARIATES
from jpdx.analysis.levels import checked_level, of_level
from jpdx.analysis.tidy import finish, read
from jpdx.dates import to_date
from jpdx.errors import InvalidArgumentError, describe
from jpdx.store import Store

PLACE_ATTRIBUTES = ("lg_code", "name", "prefecture", "kind")
"""The place columns a panel starts with."""


def cutoff(at: object) -> dt.date | None:
    """The date ``at`` names: a ``datetime.date``, an ISO or Japanese date text, or None."""
    if at is None or (isinstance(at, dt.date) and not isinstance(at, dt.datetime)):
        return at
    if isinstance(at, dt.datetime):
        return at.date()
    if isinstance(at, str):
        try:
            return dt.date.fromisoformat(at.strip())
        except ValueError:
            return to_date(at)
    raise InvalidArgumentError(
        f"at= is a date, a date text such as '2022-12-31' or '令和4年12月31日', or None; got "
        f"{type(at).__name__} {describe(at)}",
        value=at,
    )


def _cell(info: IndicatorInfo) -> pl.Expr:
    """What an indicator's panel column holds (see the module)."""
    if not info.is_answer or yes_no(info) is not None:
        return pl.col("value")
    return pl.col("answer") if info.kind == "answers" else pl.col("answer").list.first()


def latest(
    store: Store, release: str, infos: list[IndicatorInfo], at: dt.date | None, level: str
) -> pl.DataFrame:
    """The latest row of each indicator and place of ``level`` on or before ``at`` (among
    rows of the same date, the latest published; a value without a date is in no panel)."""
    rows = read(store, release, infos, source=False)
    if at is not None:
        rows = rows.filter(pl.col("date") <= at)
    group = ("indicator_id", "lg_code")
    newest = rows.filter(pl.col("date") == pl.col("date").max().over(group)).filter(
        pl.col("snapshot").eq_missing(pl.col("snapshot").max().over(group))
    )
    return finish(store, release, infos, newest).filter(pl.col("level") == level).collect()


def panel(
    store: Store,
    indicator_ids: object,
    at: object = None,
    level: object = "municipality",
    version: object = None,
) -> pl.DataFrame:
    """One row per place of ``level`` (every one, in code order), its attributes and
    covariates, and for each indicator its latest value on or before ``at`` and that
    value's date (see the module)."""
    release = store.resolve(version)
    chosen = checked_list(store, release, indicator_ids)
    day = cutoff(at)
    where = checked_level(level)
    known = catalog(store, release)
    covariates = [c for c in COVARIATES if c.indicator_id in known]
    columns = [(c.column, known[c.indicator_id]) for c in covariates]
    columns += [(info.indicator_id, info) for info in chosen]
    found = latest(
        store, release, list({i.indicator_id: i for _, i in columns}.values()), day, where
    )
    frame = of_level(store, release, where).select(PLACE_ATTRIBUTES)
    if where == "former":  # the bodies of the release's table, and any other code with values
        codes = found.select("lg_code", "name", "prefecture", "kind").unique("lg_code")
        frame = pl.concat([frame, codes], how="vertical").unique("lg_code").sort("lg_code")
    for column, info in columns:
        cells = found.filter(pl.col("indicator_id") == info.indicator_id).select(
            "lg_code", _cell(info).alias(column), pl.col("date").alias(f"{column}_date")
        )
        frame = frame.join(cells, on="lg_code", how="left", maintain_order="left")
    return frame
