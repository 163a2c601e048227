"""The pandas route the docs give (``pip install "jpdx[pandas]"``): nullable integers stay
integers, nulls stay missing, text and lists keep their values."""

from __future__ import annotations

import pandas as pd  # type: ignore[import-untyped]
import polars as pl
import pytest

import jpdx
from jpdx.tablespec import TABLES


def test_nullable_fiscal_years_stay_integers_in_pandas() -> None:
    programs = jpdx.load("programs")
    assert programs["start_fiscal_year"].null_count() > 0  # the case that turns to float64
    frame = programs.to_pandas(use_pyarrow_extension_array=True)
    years = frame["start_fiscal_year"]
    assert pd.api.types.is_integer_dtype(years.dtype)
    assert int(years.isna().sum()) == programs["start_fiscal_year"].null_count()
    assert years.dropna().tolist() == programs["start_fiscal_year"].drop_nulls().to_list()
    # polars' default conversion is what the docs warn against: float64
    assert programs.to_pandas()["start_fiscal_year"].dtype == "float64"


@pytest.mark.parametrize("table", TABLES)
def test_every_table_round_trips_through_pandas(table: str) -> None:
    frame = jpdx.load(table, version=jpdx.versions()[-1])  # the newest release has every table
    if frame.height > 50_000:
        frame = frame.head(50_000)
    back = pl.from_pandas(frame.to_pandas(use_pyarrow_extension_array=True))
    assert back.columns == frame.columns
    assert back.to_dicts() == frame.to_dicts()
    for column, dtype in frame.schema.items():
        if dtype.is_integer():
            assert back.schema[column].is_integer(), column
