"""A table stored in parts: rows an earlier release stored stay in its file, new rows go in a
new part, and a reader gets the rows of every part, verified, with the table's columns."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from release_builder.release import table_parts
from release_builder.release_files import write_release

import jpdx
from jpdx.release_format import (
    Manifest,
    TableEntry,
    TablePart,
    dtype_name,
    sha256_bytes,
)
from jpdx.store import Store
from jpdx.tablespec import SPECS

NEW = "2099.01.0"
TABLE = "kpis"


def _columns(frame: pl.DataFrame) -> tuple[tuple[str, str], ...]:
    return tuple((name, dtype_name(dtype)) for name, dtype in frame.schema.items())


def _extended(store: Store) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The newest release's table and that table with one more row (a copy under a new key)."""
    old = store.frame(TABLE, jpdx.versions()[-1])
    extra = old.head(1).with_columns(pl.lit("zz-added-in-a-later-release").alias("kpi_id"))
    return old, pl.concat([old, extra])


def _write(releases: Path, store: Store, entry: TableEntry, files: dict[str, bytes]) -> Store:
    newest = jpdx.versions()[-1]
    base = store.manifest(newest).tables
    stored = {
        part.sha256: (releases / part.path).read_bytes()
        for table in base.values()
        for part in table.parts
    }
    manifest = Manifest(NEW, 1, "test", {**base, TABLE: entry})
    write_release(releases, manifest, {**stored, **files})
    return Store(releases)


def test_a_later_release_keeps_the_earlier_file_and_adds_a_part(release_copy: Path) -> None:
    store = Store(release_copy)
    old, new = _extended(store)
    parts = table_parts(release_copy, NEW, SPECS[TABLE], new, _columns(new))
    old_file = release_copy / store.entry(TABLE, jpdx.versions()[-1]).parts[0].path
    assert parts[0] == (old_file.read_bytes(), old.height)  # the earlier file, byte for byte
    assert [rows for _, rows in parts] == [old.height, 1]
    entry = TableEntry(
        tuple(TablePart(sha256_bytes(data), rows) for data, rows in parts),
        new.height,
        _columns(new),
    )
    reader = _write(release_copy, store, entry, {sha256_bytes(d): d for d, _ in parts})
    assert reader.frame(TABLE, NEW).equals(new)
    assert reader.scan(TABLE, NEW).collect().equals(new)
    assert reader.verify() == []
    document = json.loads((release_copy / NEW / "manifest.json").read_bytes())
    assert [p["rows"] for p in document["tables"][TABLE]["parts"]] == [old.height, 1]
    assert "sha256" not in document["tables"][TABLE]
    assert reader.entry(TABLE, NEW).sha256 == "+".join(sha256_bytes(d) for d, _ in parts)


def test_a_changed_row_is_stored_anew(release_copy: Path) -> None:
    store = Store(release_copy)
    old, _ = _extended(store)
    changed = old.with_columns(
        pl.when(pl.col("kpi_id") == old.get_column("kpi_id")[0])
        .then(pl.lit("a changed name"))
        .otherwise(pl.col("name"))
        .alias("name")
    )
    parts = table_parts(release_copy, NEW, SPECS[TABLE], changed, _columns(changed))
    assert [rows for _, rows in parts] == [old.height]
    assert pl.read_parquet(parts[0][0]).equals(changed)


def test_a_damaged_part_is_an_integrity_error_naming_it(release_copy: Path) -> None:
    store = Store(release_copy)
    _, new = _extended(store)
    parts = table_parts(release_copy, NEW, SPECS[TABLE], new, _columns(new))
    entry = TableEntry(
        tuple(TablePart(sha256_bytes(data), rows) for data, rows in parts),
        new.height,
        _columns(new),
    )
    _write(release_copy, store, entry, {sha256_bytes(d): d for d, _ in parts})
    damaged = release_copy / entry.parts[1].path
    damaged.write_bytes(damaged.read_bytes()[:-8] + b"\0" * 8)
    reader = Store(release_copy)
    with pytest.raises(jpdx.IntegrityError, match=entry.parts[1].sha256) as raised:
        reader.frame(TABLE, NEW)
    assert entry.parts[1].path in str(raised.value)
    assert any(entry.parts[1].path in problem for problem in reader.verify())


@pytest.mark.parametrize(
    ("parts", "problem"),
    [
        ([{"sha256": "a" * 64, "rows": 2}], "two or more parts"),
        ([{"sha256": "a" * 64, "rows": 2}, {"sha256": "b" * 64, "rows": 2}], "add up"),
        ([{"sha256": "a" * 64, "rows": 2}, {"sha256": "b" * 63, "rows": 1}], "part without"),
        ([{"sha256": "a" * 64, "rows": 2}, {"sha256": "b" * 64, "rows": -1}], "part without"),
    ],
)
def test_a_manifest_with_bad_parts_is_refused(parts: list[object], problem: str) -> None:
    key = SPECS.primary_keys[TABLE]
    document = {
        "format": 4,
        "release": NEW,
        "schema_version": 1,
        "writer": "test",
        "tables": {
            TABLE: {"rows": 3, "columns": [{"name": key, "type": "string"}], "parts": parts}
        },
    }
    with pytest.raises(jpdx.IntegrityError, match=problem):
        Manifest.parse(json.dumps(document).encode(), NEW, SPECS.primary_keys)


def test_a_widened_evidence_struct_is_not_a_change() -> None:
    """2026.12.2 widened every evidence struct (sheet, pointer, page); diff compares the old
    rows with those fields null, so a table whose rows did not change shows no change, and
    the corrections of 2026.12.2 are the only changed municipalities."""
    assert jpdx.diff("code_changes", "2026.12.1", "2026.12.2").empty
    municipalities = jpdx.diff("municipalities", "2026.12.1", "2026.12.2")
    changed = municipalities.changed
    assert sorted(set(changed.get_column("column"))) == ["kana", "romaji"]
    assert set(changed.get_column("lg_code")) == {
        "143839",
        "272205",
        "192082",
    }  # 真鶴町, 箕面市, 南アルプス市
