"""The store: checksums on first read, immutable results, versions, clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import jpdx
from jpdx.store import Store, bundled
from jpdx.tablespec import TABLES


def _flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("table", TABLES)
def test_a_flipped_byte_raises_integrity_error_naming_the_file(
    table: str, release_copy: Path, newest: str
) -> None:
    path = release_copy / newest / f"{table}.parquet"
    _flip_byte(path, len(path.read_bytes()) // 2)
    store = Store(release_copy)
    with pytest.raises(jpdx.IntegrityError, match=rf"{table}\.parquet"):
        store.frame(table)
    assert any(f"{table}.parquet" in problem for problem in store.verify())


def test_a_deleted_file_raises_integrity_error(release_copy: Path, newest: str) -> None:
    (release_copy / newest / "programs.parquet").unlink()
    with pytest.raises(jpdx.IntegrityError, match=r"programs\.parquet"):
        Store(release_copy).frame("programs")


def test_an_edited_manifest_raises_integrity_error(release_copy: Path, newest: str) -> None:
    manifest = release_copy / newest / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["tables"]["programs"]["rows"] += 1
    manifest.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(jpdx.IntegrityError, match=r"manifest\.json"):
        Store(release_copy).frame("programs")


def test_swapped_tables_raise_integrity_error(release_copy: Path, newest: str) -> None:
    folder = release_copy / newest
    shutil.move(folder / "kpis.parquet", folder / "tmp.parquet")
    shutil.move(folder / "programs.parquet", folder / "kpis.parquet")
    shutil.move(folder / "tmp.parquet", folder / "programs.parquet")
    store = Store(release_copy)
    for table in ("kpis", "programs"):
        with pytest.raises(jpdx.IntegrityError, match=rf"{table}\.parquet"):
            store.frame(table)


def test_an_intact_copy_loads_the_same_data(copy_store: Store) -> None:
    for table in TABLES:
        assert copy_store.frame(table).equals(jpdx.load(table))
    assert copy_store.verify() == []


def test_versions_are_sorted_and_none_means_newest() -> None:
    versions = jpdx.versions()
    assert versions == tuple(sorted(versions, key=lambda v: tuple(map(int, v.split(".")))))
    assert bundled().resolve(None) == versions[-1]
    assert jpdx.load("sources", version=versions[-1]).equals(jpdx.load("sources"))


@pytest.mark.parametrize("version", ["2026.11", "v2026.11.0", "2026.13.0", "2026.11.01", ""])
def test_malformed_versions_are_refused(version: str) -> None:
    with pytest.raises(jpdx.UnknownVersionError, match="CalVer"):
        jpdx.load("programs", version=version)


def test_unknown_version_lists_the_bundled_ones() -> None:
    with pytest.raises(jpdx.UnknownVersionError) as raised:
        jpdx.load("programs", version="1999.01.0")
    assert raised.value.choices == jpdx.versions()
    assert jpdx.versions()[0] in str(raised.value)


@pytest.mark.parametrize("table", ["program", "Programs", "", "../etc/passwd", "kpis\x00"])
def test_unknown_tables_list_the_valid_ones(table: str) -> None:
    with pytest.raises(jpdx.UnknownTableError) as raised:
        jpdx.load(table)
    assert raised.value.choices == tuple(sorted(TABLES))
    assert "programs" in str(raised.value)


def test_cite_names_the_tables_read_with_their_sha256(newest: str) -> None:
    jpdx.load("kpis")
    manifest = json.loads(
        (Path(jpdx.__file__).parent / "data" / "releases" / newest / "manifest.json").read_text(
            encoding="utf-8"
        )
    )
    text = jpdx.cite()
    assert manifest["tables"]["kpis"]["sha256"] in text
    assert newest in jpdx.cite(format="bibtex")
    assert newest in jpdx.cite(format="apa")
    with pytest.raises(jpdx.UnknownValueError, match="bibtex"):
        jpdx.cite(format="mla")  # type: ignore[arg-type]
