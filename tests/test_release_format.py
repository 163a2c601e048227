"""The release format: typed manifests and index, round trips, refusals and the trust root."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from release_builder.release_files import index_bytes, manifest_bytes, write_release

import jpdx
from jpdx import release_format
from jpdx.release_format import (
    MANIFEST_FORMAT,
    Index,
    IndexEntry,
    Manifest,
    TableEntry,
    TablePart,
    dtype_name,
)
from jpdx.store import Store
from jpdx.tablespec import SPECS

from .conftest import RELEASES

KEYS = SPECS.primary_keys
SHA = st.text("0123456789abcdef", min_size=64, max_size=64)
VERSION = st.builds(
    "{}.{:02d}.{}".format,
    st.integers(2000, 2999),
    st.integers(1, 12),
    st.integers(0, 99),
)
NAME = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
TYPE = st.sampled_from(["string", "int64", "float64", "date", "list[string]", "boolean"])


@st.composite
def manifests(draw: st.DrawFn) -> Manifest:
    tables = {}
    for table in draw(st.sets(st.sampled_from(SPECS.names), min_size=1)):
        others = draw(st.lists(st.tuples(NAME, TYPE), max_size=4))
        columns = ((KEYS[table], "string"), *others)
        rows = draw(st.lists(st.integers(0, 10**9), min_size=1, max_size=3))
        parts = tuple(TablePart(draw(SHA), n) for n in rows)
        tables[table] = TableEntry(parts, sum(rows), columns)
    return Manifest(
        release=draw(VERSION),
        schema_version=draw(st.integers(1, 9)),
        writer=draw(NAME),
        tables=tables,
        inputs=draw(st.dictionaries(NAME, SHA, max_size=3)),
        coverage=draw(
            st.dictionaries(
                NAME, st.dictionaries(NAME, st.integers(0, 999), max_size=3), max_size=2
            )
        ),
    )


@given(manifests())
def test_a_manifest_round_trips_through_its_bytes(manifest: Manifest) -> None:
    data = manifest_bytes(manifest)
    assert Manifest.parse(data, manifest.release, KEYS) == manifest
    assert manifest_bytes(manifest) == data  # deterministic


@given(st.dictionaries(VERSION, st.tuples(SHA, st.none() | st.dates().map(str)), max_size=5))
def test_an_index_round_trips_and_lists_versions_in_calver_order(
    entries: dict[str, tuple[str, str | None]],
) -> None:
    index = Index({v: IndexEntry(sha, published) for v, (sha, published) in entries.items()})
    parsed = Index.parse(index_bytes(index))
    assert parsed == index
    assert list(parsed.versions) == sorted(
        entries, key=lambda v: tuple(int(p) for p in v.split("."))
    )


@given(
    st.binary(max_size=200)
    | st.recursive(
        st.none() | st.integers() | NAME, lambda c: st.lists(c) | st.dictionaries(NAME, c)
    ).map(lambda v: json.dumps(v).encode())
)
def test_bytes_that_are_no_manifest_raise_integrity_error_naming_it(data: bytes) -> None:
    with pytest.raises(jpdx.IntegrityError, match=r"2026\.11\.0/manifest\.json"):
        Manifest.parse(data, "2026.11.0", KEYS)


def test_the_published_format_1_manifest_parses_as_written() -> None:
    data = (RELEASES / "2026.11.0" / "manifest.json").read_bytes()
    manifest = Manifest.parse(data, "2026.11.0", KEYS)
    assert manifest.format == 1
    assert manifest.tables["kpis"].file == "kpis.parquet"
    assert manifest.tables["kpis"].columns is None  # the Parquet file's own schema describes it
    with pytest.raises(ValueError, match=f"format {MANIFEST_FORMAT}"):
        manifest_bytes(manifest)  # a published manifest is never rewritten


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"format": 99, "release": "2026.11.0"}, "format 99"),
        (
            {"format": 2, "release": "2026.11.0", "schema_version": 1, "writer": "x",
             "tables": {"kpis": {"sha256": "0" * 64, "rows": 1, "columns": [
                 {"name": "name", "type": "string"}]}}},
            "first column is not its key kpi_id",
        ),
        (
            {"format": 2, "release": "2026.11.0", "schema_version": 0, "writer": "x",
             "tables": {}},
            "schema_version",
        ),
        (
            {"format": 2, "release": "2026.11.0", "schema_version": 1, "writer": "x",
             "tables": {"kpis": {"sha256": "0" * 64, "rows": -1, "columns": []}}},
            "negative row count",
        ),
    ],
)  # fmt: skip
def test_a_malformed_manifest_says_what_is_wrong(document: dict[str, Any], reason: str) -> None:
    with pytest.raises(jpdx.IntegrityError, match=reason):
        Manifest.parse(json.dumps(document).encode(), "2026.11.0", KEYS)


def test_a_pathologically_nested_index_is_an_integrity_error() -> None:
    nested = b'{"releases": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(jpdx.IntegrityError, match=r"index\.json"):
        Index.parse(nested)


@pytest.mark.parametrize(
    ("dtype", "name"),
    [
        (pl.String(), "string"),
        (pl.List(pl.String()), "list[string]"),
        (pl.Struct({"a": pl.Int64(), "b": pl.List(pl.Date())}), "struct{a:int64,b:list[date]}"),
    ],
)
def test_column_types_are_named_independently_of_polars(dtype: pl.DataType, name: str) -> None:
    assert dtype_name(dtype) == name


def test_every_bundled_table_file_is_stored_under_its_own_sha256() -> None:
    store = Store(RELEASES)
    for version in store.versions():
        for table in store.tables(version):
            for part in store.entry(table, version).parts:
                assert part.path == f"tables/{part.sha256}.parquet"
                assert (RELEASES / part.path).is_file()


# -- the trust root -------------------------------------------------------------------------


def _add_release(copy: Path, version: str, published: str | None) -> None:
    """A new release folder that reuses the newest release's files, listed in the index."""
    newest = jpdx.versions()[-1]
    manifest = json.loads((copy / newest / "manifest.json").read_text(encoding="utf-8"))
    manifest["release"] = version
    data = json.dumps(manifest).encode()
    (copy / version).mkdir()
    (copy / version / "manifest.json").write_bytes(data)
    index = json.loads((copy / "index.json").read_text(encoding="utf-8"))
    index["releases"][version] = {
        "manifest_sha256": release_format.sha256_bytes(data),
        "published": published,
    }
    (copy / "index.json").write_text(json.dumps(index), encoding="utf-8")


def test_an_unpublished_release_is_never_the_default(release_copy: Path) -> None:
    _add_release(release_copy, "2099.01.0", None)
    store = Store(release_copy)
    published = [v for v, e in Store(RELEASES).index().releases.items() if e.published]
    assert store.default_version() == sorted(published)[-1]  # the newest published
    assert store.resolve("2099.01.0") == "2099.01.0"  # read only when asked for by name
    assert "2099.01.0" in store.versions()


def test_a_release_claiming_publication_without_a_pin_is_refused(release_copy: Path) -> None:
    _add_release(release_copy, "2099.01.0", "2099-01-01")
    store = Store(release_copy)
    with pytest.raises(jpdx.IntegrityError, match="pins no such release"):
        store.versions()
    assert any("pins no such release" in p for p in store.verify())


def test_a_published_release_missing_from_the_index_is_refused(release_copy: Path) -> None:
    shutil.rmtree(release_copy / "2026.11.0")
    (release_copy / "index.json").write_text('{"releases": {}}', encoding="utf-8")
    with pytest.raises(
        jpdx.IntegrityError,
        match=r"2026\.11\.0, 2026\.12\.0, 2026\.12\.1, 2026\.12\.2 are missing",
    ):
        Store(release_copy).versions()


def test_an_unreadable_file_is_an_integrity_error_naming_it(
    release_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name.endswith(".parquet"):
            raise PermissionError(13, "Permission denied", str(path))
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    store = Store(release_copy)
    with pytest.raises(jpdx.IntegrityError, match=r"cannot be read \(Permission denied") as raised:
        store.frame("kpis")
    assert store.entry("kpis", store.default_version()).where in str(raised.value)
    problems = store.verify()
    assert len(problems) == sum(len(store.tables(v)) for v in store.versions())
    assert all("Permission denied" in p for p in problems)


def test_rebuilding_a_draft_removes_the_files_only_its_earlier_build_used(
    release_copy: Path,
) -> None:
    """A draft built twice leaves no orphaned table file, and keeps every file another
    release still uses."""
    newest = jpdx.versions()[-1]
    store = Store(release_copy)
    base = {t: store.entry(t, newest) for t in store.tables(newest)}

    def build(note: str) -> str:
        frame = pl.DataFrame({"program_id": ["a"], "name": [note]})
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        data = buffer.getvalue()
        sha = release_format.sha256_bytes(data)
        tables = {
            **base,
            "programs": TableEntry.one_file(sha, 1, (("program_id", "String"), ("name", "String"))),
        }
        manifest = Manifest("2099.01.0", 1, "test", tables)
        files = {
            part.sha256: (release_copy / part.path).read_bytes()
            for entry in base.values()
            for part in entry.parts
        }
        write_release(release_copy, manifest, {**files, sha: data})
        return release_format.table_file(sha)

    first = build("first build")
    assert (release_copy / first).exists()
    second = build("second build")
    assert (release_copy / second).exists()
    assert not (release_copy / first).exists()
    for version in jpdx.versions():  # the files the bundled releases use are all kept
        for path in Store(release_copy).manifest(version).files:
            assert (release_copy / path).exists()


_SCALARS = st.sampled_from([pl.String(), pl.Int64(), pl.Float64(), pl.Boolean(), pl.Date()])
_DTYPES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        inner.map(pl.List),
        st.dictionaries(
            st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True), inner, min_size=1, max_size=4
        ).map(pl.Struct),
    ),
    max_leaves=8,
)


@given(_DTYPES)
def test_a_column_type_name_reads_back_as_its_type(dtype: pl.DataType) -> None:
    assert release_format.dtype_of(dtype_name(dtype)) == dtype
