"""Every row of the national tables of the newest release, re-derived from the vendored raw
files: each published file is a sources row with its sha256, each cited cell is where the
evidence says (its text and the headers of its row and column), and each value is what
its cell states. Independent of the import code: the files are read here with csv."""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import jpdx

from .conftest import SOURCES

REFERENCE = SOURCES / "reference"
NEWEST = jpdx.versions()[-1]
NATIONAL = ("indicators", "indicator_values", "code_changes", "municipalities")


def _published_files() -> dict[str, Path]:
    """The vendored files by the sha256 of their bytes."""
    return {
        hashlib.sha256(path.read_bytes()).hexdigest(): path
        for path in sorted(REFERENCE.rglob("*.csv"))
    }


@pytest.fixture(scope="module")
def files() -> dict[str, list[list[str]]]:
    """Each published file's csv records, by the source_id that cites it."""
    by_sha = _published_files()
    sources = jpdx.load("sources", version=NEWEST).filter(pl.col("dataset").is_not_null())
    found = {}
    for row in sources.iter_rows(named=True):
        path = by_sha[row["file_sha256"]]  # every published file is vendored, byte for byte
        text = path.read_bytes().decode("utf-8-sig")
        assert hashlib.sha256(text.encode()).hexdigest() == row["text_sha256"]
        assert len(text) == row["text_chars"]
        assert text.startswith(row["evidence"][0]["quote"])
        found[row["source_id"]] = list(csv.reader(io.StringIO(text, newline="")))
    return found


def test_every_cited_file_is_a_sources_row_with_licence_and_retrieval_facts() -> None:
    sources = jpdx.load("sources", version=NEWEST).filter(pl.col("dataset").is_not_null())
    assert sources.height == 101
    assert sources.get_column("retrieved_from").null_count() == 0
    assert sources.get_column("licence").null_count() == 0
    cited = {
        e["source_id"]
        for table in NATIONAL
        for evidence in jpdx.load(table, version=NEWEST).get_column("evidence").to_list()
        for e in evidence
    }
    assert cited == set(sources.get_column("source_id"))  # a sources row per cited file


@pytest.mark.parametrize("table", NATIONAL)
def test_every_cited_cell_is_where_its_evidence_says(
    table: str, files: dict[str, list[list[str]]]
) -> None:
    evidence = jpdx.load(table, version=NEWEST).get_column("evidence").to_list()
    cells = [cell for items in evidence for cell in items]
    assert cells
    for cell in cells:
        records = files[cell["source_id"]]
        record = records[cell["row"]]
        assert record[cell["column"]] == cell["quote"], cell
        assert cell["row_header"] in record, cell
        headers = {records[r][cell["column"]] for r in range(min(2, len(records)))}
        assert cell["column_header"] in headers or cell["column_header"] in record, cell


def _number(text: str) -> float | None:
    text = text.strip().removesuffix("%").replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def test_every_value_is_what_its_cell_states() -> None:
    values = jpdx.load("indicator_values", version=NEWEST)
    indicators = {r["indicator_id"]: r for r in jpdx.load("indicators", version=NEWEST).to_dicts()}
    wrong: list[Any] = []
    for row in values.iter_rows(named=True):
        indicator = indicators[row["indicator_id"]]
        quotes = [cell["quote"] for cell in row["evidence"]]
        if indicator["kind"] in ("percent", "count"):
            stated = _number(quotes[0])
            if stated != row["value"]:  # an empty (or lone "%") cell is an empty value
                wrong.append((row["value_id"], quotes[0], row["value"]))
        else:
            labels = {a["value"]: _fold(a["ja"]) for a in indicator["answers"]}
            cells = " ".join(_fold(q) for q in quotes) + " ".join(
                _fold(c["column_header"]) for c in row["evidence"]
            )
            for answer in row["answers"]:
                if labels[answer] not in cells:
                    wrong.append((row["value_id"], quotes, answer))
            if not row["answers"] and any(q.strip() for q in quotes if q.strip() != "○"):
                wrong.append((row["value_id"], quotes, "no answer"))
    assert wrong == []


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_each_place_has_one_value_per_indicator_and_snapshot() -> None:
    values = jpdx.load("indicator_values", version=NEWEST)
    keys = values.select("indicator_id", "lg_code", "snapshot", "as_of_fiscal_year")
    assert keys.is_duplicated().sum() == 0
    per_indicator: dict[str, set[str]] = defaultdict(set)
    for indicator, code in values.select("indicator_id", "lg_code").iter_rows():
        per_indicator[indicator].add(code)
    assert all(len(codes) in (47, 1741, 1788) for codes in per_indicator.values()), {
        k: len(v) for k, v in per_indicator.items() if len(v) not in (47, 1741, 1788)
    }
