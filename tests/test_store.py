"""The store: versions, clear errors for unknown names, and what cite() reports.

Damaged data is tested in test_integrity.py, immutable results in test_immutability.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jpdx
from jpdx.store import bundled

TABLES = jpdx.tables()  # the tables of the default release


def test_versions_are_sorted_and_none_means_the_newest_published() -> None:
    versions = jpdx.versions()
    assert versions == tuple(sorted(versions, key=lambda v: tuple(map(int, v.split(".")))))
    index = bundled().index()
    published = [v for v in versions if index.releases[v].published]
    assert bundled().resolve(None) == published[-1]
    assert jpdx.load("sources", version=published[-1]).equals(jpdx.load("sources"))


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
