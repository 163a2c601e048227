"""National values as one tidy frame: place, level, date, value, answer labels, unit, source.

Columns of :func:`indicator` (one row per place and date):

- ``indicator_id``; ``lg_code``, ``name``, ``prefecture``, ``level``, ``kind`` (see
  :mod:`jpdx.analysis.levels`);
- ``date``, ``date_kind``, ``fiscal_year`` (see :mod:`jpdx.analysis.about`) and
  ``snapshot``, the dated file a card statistic was published in;
- ``value``: the number; for a yes/no question 1, 0 or null (see :mod:`jpdx.analysis.answers`);
- ``answer``, ``label_ja``, ``label_en``: the answer's code and labels (lists for a question
  that allows several answers, else strings; null for numbers);
- ``unit``, ``source_id`` (the ``sources`` row the value is cited from) and
  ``name_as_published``.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from jpdx.analysis.about import dated
from jpdx.analysis.answers import labelled
from jpdx.analysis.catalog import IndicatorInfo, checked
from jpdx.analysis.levels import attach
from jpdx.store import Store

COLUMNS = (
    "indicator_id",
    "lg_code",
    "name",
    "prefecture",
    "level",
    "kind",
    "date",
    "date_kind",
    "fiscal_year",
    "snapshot",
    "value",
    "answer",
    "label_ja",
    "label_en",
    "unit",
    "source_id",
    "name_as_published",
)
"""The columns of :func:`indicator`, in order."""

_READ = (
    "indicator_id",
    "lg_code",
    "name_as_published",
    "as_of_date",
    "as_of_fiscal_year",
    "snapshot",
    "value",
    "answers",
)


def read(
    store: Store,
    release: str,
    infos: Sequence[IndicatorInfo],
    *,
    where: pl.Expr | None = None,
    source: bool = True,
) -> pl.LazyFrame:
    """The indicator_values rows of these indicators (``where``: a further filter), dated
    (:func:`jpdx.analysis.about.dated`), with their ``unit``; without ``source_id`` when
    ``source`` is false (it is read from the evidence, the table's largest column)."""
    ids = [info.indicator_id for info in infos]
    chosen = (
        pl.col("indicator_id") == ids[0] if len(ids) == 1 else pl.col("indicator_id").is_in(ids)
    )
    columns: list[pl.Expr] = [pl.col(c) for c in _READ]
    if source:
        columns.append(pl.col("evidence").list.first().struct.field("source_id").alias("source_id"))
    lazy = store.scan("indicator_values", release).filter(
        chosen if where is None else chosen & where
    )
    dataset = {i.indicator_id: i.dataset for i in infos}
    unit = {i.indicator_id: i.unit for i in infos}
    rows = lazy.select(columns).with_columns(
        pl.col("indicator_id").replace_strict(dataset, return_dtype=pl.String).alias("dataset"),
        pl.col("indicator_id").replace_strict(unit, return_dtype=pl.String).alias("unit"),
    )
    return dated(store, release, rows)


def finish(
    store: Store, release: str, infos: Sequence[IndicatorInfo], rows: pl.LazyFrame
) -> pl.LazyFrame:
    """Rows of :func:`read` as tidy rows: answers labelled (as lists ``answer``,
    ``label_ja``, ``label_en``; ``value`` by the yes/no rule) and places attached."""
    answered = [info for info in infos if info.is_answer]
    if answered:
        rows = labelled(rows, answered)
    else:
        empty = pl.lit([], pl.List(pl.String))
        rows = rows.with_columns(empty.alias("label_ja"), empty.alias("label_en"))
    rows = attach(store, release, rows.rename({"answers": "answer"}), "name_as_published")
    names = rows.collect_schema().names()
    return rows.select(c for c in COLUMNS if c in names)


def scalar_answers(frame: pl.DataFrame) -> pl.DataFrame:
    """The answer columns as strings (the first and only answer; null for a number)."""
    return frame.with_columns(pl.col("answer", "label_ja", "label_en").list.first())


def indicator(store: Store, indicator_id: object, version: object = None) -> pl.DataFrame:
    """The tidy frame of one indicator (see the module), in place-code and date order."""
    release = store.resolve(version)
    info = checked(store, release, indicator_id)
    rows = finish(store, release, [info], read(store, release, [info]))
    frame = rows.sort("lg_code", "date", "snapshot").collect()
    return frame if info.kind == "answers" else scalar_answers(frame)
