"""Answers as labels, and the yes/no rule: 1 for yes, 0 for no, null otherwise.

An indicator is a yes/no question when its vocabulary is one of :data:`YES_NO` (besides
``not-surveyed``, 調査無し). Its ``value`` is then 1 for the yes answer, 0 for the no answer
and null for 調査無し or a blank cell, so that the mean of ``value`` is the share of yes among
the bodies that answered. Every other answer keeps a null ``value``: read its answer.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from jpdx.analysis.catalog import IndicatorInfo

YES_NO = (
    ("implemented", "not-implemented"),  # 実施 / 未実施 (the DX dashboard)
    ("engaged", "not_engaged"),  # 取組んでいる / 取組んでいない (open-data survey 2024)
    ("yes", "no"),  # 行っている / 行っていない (open-data survey 2024)
)
"""The (yes, no) answer codes of the yes/no questions."""

NOT_ANSWERED = ("not-surveyed",)
"""Answer codes that say a body was not asked (調査無し): null, like a blank cell."""


def yes_no(info: IndicatorInfo) -> tuple[str, str] | None:
    """The (yes, no) codes of a yes/no question, or None for any other indicator."""
    if info.kind != "answer":
        return None
    codes = {a.code for a in info.answers} - set(NOT_ANSWERED)
    return next((pair for pair in YES_NO if codes == set(pair)), None)


def vocabulary(infos: Iterable[IndicatorInfo]) -> pl.DataFrame:
    """One row per answer of these indicators: ``indicator_id``, ``answer`` (the code),
    ``label_ja``, ``label_en`` and ``score`` (1 or 0 for a yes/no question's answers,
    else null)."""
    rows = []
    for info in infos:
        pair = yes_no(info)
        for answer in info.answers:
            score = None if pair is None or answer.code not in pair else 1 - pair.index(answer.code)
            rows.append((info.indicator_id, answer.code, answer.ja, answer.en, score))
    schema = {
        "indicator_id": pl.String,
        "answer": pl.String,
        "label_ja": pl.String,
        "label_en": pl.String,
        "score": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def labelled(frame: pl.LazyFrame, infos: Iterable[IndicatorInfo]) -> pl.LazyFrame:
    """``frame`` (with ``indicator_id``, ``answers`` and ``value``) with the answers' labels
    as lists ``label_ja`` and ``label_en`` beside them, and ``value`` set by the yes/no rule."""
    words = vocabulary(infos)
    indexed = frame.with_row_index("_row")
    exploded = (
        indexed.select("_row", "indicator_id", pl.col("answers").alias("answer"))
        .explode("answer")
        .filter(pl.col("answer").is_not_null())
        .join(words.lazy(), on=["indicator_id", "answer"], how="left")
        .group_by("_row")
        .agg(
            pl.col("label_ja").drop_nulls(),
            pl.col("label_en").drop_nulls(),
            pl.col("score").first(),
        )
    )
    return (
        indexed.join(exploded, on="_row", how="left")
        .sort("_row")
        .with_columns(
            pl.col("label_ja").fill_null(pl.lit([], pl.List(pl.String))),
            pl.col("label_en").fill_null(pl.lit([], pl.List(pl.String))),
            pl.coalesce("value", "score").alias("value"),
        )
        .drop("_row", "score")
    )
