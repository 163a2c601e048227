"""Lazy reads: until a large table is loaded, a scan reads its verified Parquet bytes with
the filters pushed into the reader; once loaded, it reads the cached frame, and a small
table is loaded by its first scan. Either way it gives the loaded rows, and each file is
read and hashed once per store."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

import jpdx
from jpdx.models import IndicatorValue, Program
from jpdx.queries import Query
from jpdx.store import SCANNED_ROWS, Store

from .conftest import table_path

TABLES = jpdx.tables()


@pytest.mark.parametrize("table", TABLES)
def test_a_scan_gives_the_loaded_rows_before_and_after_loading(
    copy_store: Store, table: str
) -> None:
    before = copy_store.scan(table).collect()
    frame = copy_store.frame(table)
    assert before.equals(frame)
    assert copy_store.scan(table).collect().equals(frame)


def test_filters_reach_the_parquet_reader_until_the_table_is_loaded(copy_store: Store) -> None:
    query: Query[IndicatorValue] = Query(copy_store, "indicator_values").where(
        prefecture="兵庫県", indicator_id="card-rate"
    )
    plan = query.lazy().explain()
    parts = len(copy_store.entry("indicator_values", copy_store.default_version()).parts)
    assert parts > 1  # the table is stored in parts: the reader of each gets the filters
    assert plan.startswith("UNION"), plan
    assert plan.count("Parquet SCAN") == parts, plan
    assert plan.count("SELECTION") == parts, plan
    assert "FILTER" not in plan, plan  # no filter left above the scans
    rows = query.lazy().collect()
    assert rows.height > 0
    copy_store.frame("indicator_values")
    assert "Parquet" not in query.lazy().explain()  # now the cached frame
    assert query.lazy().collect().equals(rows)
    assert query.frame().equals(rows)


def test_a_small_table_is_read_whole_once_and_queried_in_memory(copy_store: Store) -> None:
    rows = pl.read_parquet(table_path(copy_store.root, copy_store.default_version(), "programs"))  # type: ignore[arg-type]
    assert rows.height <= SCANNED_ROWS
    query: Query[Program] = Query(copy_store, "programs").where(prefecture="兵庫県")
    assert "Parquet" not in query.lazy().explain()
    assert copy_store.frame("programs").equals(rows)


def test_a_scan_is_a_read_that_cite_reports(
    copy_store: Store, release_copy: Path, newest: str
) -> None:
    manifest = json.loads((release_copy / newest / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["tables"]["kpis"]
    copy_store.scan("kpis")
    assert [(r.table, r.version, r.sha256, r.rows) for r in copy_store.reads()] == [
        ("kpis", newest, entry["sha256"], entry["rows"])
    ]


def test_each_file_is_read_and_verified_once(release_copy: Path, newest: str) -> None:
    store = Store(release_copy)
    verified = store.table_bytes("programs")
    scanned = store.scan("programs").collect()
    table_path(release_copy, newest, "programs").unlink()  # later reads must not need it
    assert store.table_bytes("programs") is verified
    assert store.frame("programs").equals(scanned)
    assert store.scan("programs").collect().equals(scanned)
