"""The evidence forms (text span, table cell, JSON value, PDF page) share one column: a list of
items of any form round-trips through its polars struct, and each item is read as its form."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from jpdx.model_base import (
    CellEvidence,
    CitationList,
    Evidence,
    JsonEvidence,
    PageEvidence,
)
from jpdx.models import Source
from jpdx.schema import polars_dtype

CITATIONS: TypeAdapter[Any] = TypeAdapter(CitationList)
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
texts = st.text(min_size=1, max_size=12)
pointer_tokens = st.text(max_size=6).map(lambda t: t.replace("~", "~0").replace("/", "~1"))


@st.composite
def spans(draw: st.DrawFn) -> Evidence:
    quote = draw(texts)
    start = draw(st.integers(0, 10_000))
    return Evidence(source_id=draw(slugs), quote=quote, start=start, end=start + len(quote))


cells = st.builds(
    CellEvidence,
    source_id=slugs,
    row=st.integers(0, 10**6),
    column=st.integers(0, 500),
    quote=st.text(max_size=12),
    row_header=st.text(max_size=12),
    column_header=st.text(max_size=12),
    sheet=st.none() | texts,
)
json_values = st.builds(
    JsonEvidence,
    source_id=slugs,
    pointer=st.lists(pointer_tokens, max_size=4).map(lambda ts: "".join(f"/{t}" for t in ts)),
    quote=st.text(max_size=12),
)
pages = st.builds(PageEvidence, source_id=slugs, page=st.integers(1, 999), quote=texts)
any_form = st.one_of(spans(), cells, json_values, pages)


@given(st.lists(st.lists(any_form, min_size=1, max_size=4), min_size=1, max_size=5))
def test_mixed_forms_round_trip_through_one_struct_column(items: list[list[Any]]) -> None:
    dumped = [CITATIONS.dump_python(tuple(row)) for row in items]
    frame = pl.DataFrame({"evidence": dumped}, schema={"evidence": polars_dtype(CitationList)})
    back = [CITATIONS.validate_python(row) for row in frame.get_column("evidence").to_list()]
    assert back == [tuple(row) for row in items]
    assert [[type(e) for e in row] for row in back] == [[type(e) for e in row] for row in items]


def test_the_struct_holds_every_forms_fields_once() -> None:
    column = polars_dtype(CitationList)
    assert isinstance(column, pl.List)
    struct = column.inner
    assert isinstance(struct, pl.Struct)
    names = [f.name for f in struct.fields]
    expected = {
        *Evidence.model_fields,
        *CellEvidence.model_fields,
        *JsonEvidence.model_fields,
        *PageEvidence.model_fields,
    }
    assert sorted(names) == sorted(expected)
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("item", "form"),
    [
        ({"source_id": "a", "quote": "x", "start": 3, "end": 4}, Evidence),
        ({"source_id": "a", "quote": "1", "row": 2, "column": 0, "row_header": "", "column_header": ""}, CellEvidence),
        ({"source_id": "a", "quote": "0.5", "pointer": "/m/0/rate", "page": None}, JsonEvidence),
        ({"source_id": "a", "quote": "財政力指数", "page": 2, "row": None}, PageEvidence),
    ],
)  # fmt: skip
def test_an_item_is_read_as_the_form_whose_fields_it_fills(
    item: dict[str, Any], form: type
) -> None:
    (read,) = CITATIONS.validate_python([item])
    assert type(read) is form


@pytest.mark.parametrize(
    "item",
    [
        {"source_id": "a", "quote": "x", "pointer": "m/0"},  # not a pointer: no leading slash
        {"source_id": "a", "quote": "x", "pointer": "/m~2"},  # ~ must escape 0 or 1
        {"source_id": "a", "quote": "x", "page": 0},  # pages count from 1
        {"source_id": "a", "quote": "x", "page": 1, "pointer": "/a"},  # two forms at once
        {"source_id": "a", "quote": "x", "start": 0, "end": 2},  # span longer than the quote
    ],
)
def test_a_malformed_item_is_refused(item: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        CITATIONS.validate_python([item])


def _source(**fields: Any) -> dict[str, Any]:
    return {
        "source_id": "a-file",
        "title": "全市町村の主要財政指標",
        "title_en": "Key fiscal indicators",
        "kind": "statistical_table",
        "evidence": [{"source_id": "a-file", "quote": "t", "sheet": "s", "row": 0, "column": 0,
                      "row_header": "t", "column_header": "t"}],
        **fields,
    }  # fmt: skip


def test_a_source_that_is_not_text_needs_its_file_hash() -> None:
    sha = "0" * 64
    Source.model_validate(_source(file_sha256=sha))
    Source.model_validate(_source(text_sha256=sha, text_chars=10))
    with pytest.raises(ValidationError, match="file_sha256"):
        Source.model_validate(_source())
    with pytest.raises(ValidationError, match="together"):
        Source.model_validate(_source(text_sha256=sha, file_sha256=sha))
