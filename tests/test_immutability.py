"""What a caller gets cannot change what the next caller gets.

Records are frozen all the way down (no list, dict or set anywhere inside, so every
record hashes); frames are the caller's own: any sequence of polars' mutating
methods on a returned DataFrame or on its Series leaves the data, the column flags
and the query results of every later call exactly as released. (That every
released file matches the sha256 recorded in its manifest and the index is checked
in ``test_release.py``; what happens when it does not, in ``test_integrity.py``.)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import polars as pl
import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

import jpdx
import jpdx.store
from jpdx.tablespec import SPECS

from .conftest import RELEASES, stored_frame

TABLES: tuple[str, ...] = jpdx.tables()
NEWEST = jpdx.store.bundled().default_version()
RELEASED = {t: stored_frame(RELEASES, NEWEST, t) for t in TABLES}
FLAGS = {t: {c: s.flags for c, s in jpdx.load(t).to_dict().items()} for t in TABLES}
RECORDS = {t: jpdx.records(t) for t in TABLES}
FILTERED = {t: jpdx.query(t).where(text="市").frame() for t in TABLES}


def _values(value: Any) -> list[Any]:
    """A value and everything nested in it (models, tuples)."""
    found = [value]
    if isinstance(value, pydantic.BaseModel):
        for name in type(value).model_fields:
            found += _values(getattr(value, name))
    elif isinstance(value, tuple):
        for item in value:
            found += _values(item)
    return found


@pytest.mark.parametrize("table", TABLES)
def test_records_are_frozen_all_the_way_down(table: str) -> None:
    records = jpdx.records(table)
    assert isinstance(records, tuple)
    for record in records:
        hash(record)  # a list, dict or set anywhere inside would make this raise
        for value in _values(record):
            assert not isinstance(value, (list, dict, set, bytearray)), (record, value)
    record = records[0]
    for name in type(record).model_fields:
        with pytest.raises(pydantic.ValidationError, match="frozen"):
            setattr(record, name, getattr(record, name))
    evidence = getattr(record, "evidence", ())
    if evidence:
        with pytest.raises(pydantic.ValidationError, match="frozen"):
            evidence[0].quote = "changed"
    changed = record.model_copy(update={SPECS[table].primary_key: "changed"})
    assert jpdx.records(table) == RECORDS[table]
    assert changed not in jpdx.records(table)


def _string_column(frame: pl.DataFrame) -> str | None:
    return next((c for c, d in frame.schema.items() if d == pl.String()), None)


def _set_cell(frame: pl.DataFrame, column: str) -> None:
    if (text := _string_column(frame)) is not None and frame.height:
        frame[0, text] = "changed"


def _scatter(frame: pl.DataFrame, column: str) -> None:
    if (text := _string_column(frame)) is not None and frame.height:
        frame.get_column(text).scatter(0, "changed")


MUTATIONS: dict[str, Callable[[pl.DataFrame, str], object]] = {
    "set a cell": _set_cell,
    "insert a column": lambda f, c: f.insert_column(0, pl.Series("added", range(f.height))),
    "drop a column in place": lambda f, c: f.drop_in_place(c),
    "replace a column": lambda f, c: f.replace_column(
        f.get_column_index(c), pl.Series(c, [None] * f.height, dtype=f.schema[c])
    ),
    "extend": lambda f, c: f.extend(f.head(2)),
    "vstack in place": lambda f, c: f.vstack(f.tail(1), in_place=True),
    "hstack in place": lambda f, c: f.hstack([pl.Series("extra", range(f.height))], in_place=True),
    "rename by assigning columns": lambda f, c: setattr(
        f, "columns", [x.upper() for x in f.columns]
    ),
    "shrink in place": lambda f, c: f.shrink_to_fit(in_place=True),
    "rechunk": lambda f, c: f.rechunk(),
    "with_columns": lambda f, c: f.with_columns(pl.lit(None).alias(c)),
    "series scatter": _scatter,
    "series append": lambda f, c: f.get_column(c).append(f.get_column(c).head(1)),
    "series extend": lambda f, c: f.get_column(c).extend(f.get_column(c).tail(1)),
    "series sort in place": lambda f, c: f.get_column(c).sort(in_place=True),
    "series set_sorted": lambda f, c: f.get_column(c).set_sorted(descending=True),
    "series shrink in place": lambda f, c: f.get_column(c).shrink_to_fit(in_place=True),
    "series rechunk in place": lambda f, c: f.get_column(c).rechunk(in_place=True),
}

GETTERS: dict[str, Callable[[str], pl.DataFrame]] = {
    "load": lambda t: jpdx.load(t),
    "load pinned": lambda t: jpdx.load(t, version=NEWEST),
    "scan": lambda t: jpdx.scan(t).collect(),
    "query": lambda t: jpdx.query(t).frame(),
    "query lazy": lambda t: jpdx.query(t).lazy().collect(),
    "query filtered": lambda t: jpdx.query(t).where(text="市").frame(),
}


SMALL = tuple(t for t in TABLES if RELEASED[t].height <= 100_000)
LARGE = tuple(t for t in TABLES if t not in SMALL)  # a fixed case each: a full compare is slow


@pytest.mark.parametrize("table", LARGE)
@pytest.mark.parametrize("getter", sorted(GETTERS))
def test_mutating_a_large_returned_frame_never_reaches_the_next_caller(
    table: str, getter: str
) -> None:
    _mutate_and_check(table, getter, [(name, 1) for name in sorted(MUTATIONS)])


@given(
    table=st.sampled_from(SMALL),
    getter=st.sampled_from(sorted(GETTERS)),
    steps=st.lists(
        st.tuples(st.sampled_from(sorted(MUTATIONS)), st.integers(0, 100)), min_size=1, max_size=6
    ),
)
def test_mutating_a_returned_frame_never_reaches_the_next_caller(
    table: str, getter: str, steps: list[tuple[str, int]]
) -> None:
    _mutate_and_check(table, getter, steps)


def _mutate_and_check(table: str, getter: str, steps: list[tuple[str, int]]) -> None:
    frame = GETTERS[getter](table)
    for name, pick in steps:
        if not frame.width:
            break
        column = frame.columns[pick % frame.width]
        with contextlib.suppress(pl.exceptions.PolarsError):  # refused: changed nothing either
            MUTATIONS[name](frame, column)
    for name, get in GETTERS.items():
        fresh = get(table)
        assert fresh.equals(FILTERED[table] if name == "query filtered" else RELEASED[table])
        if name != "query filtered":
            assert {c: s.flags for c, s in fresh.to_dict().items()} == FLAGS[table], name
    assert jpdx.records(table) == RECORDS[table]
