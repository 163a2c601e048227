"""Published releases never change: their manifests are pinned in the package code
(:mod:`jpdx.published`) when they are published, and recorded here too, by hand, so that
a change to the pins themselves fails a test."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import jpdx
from jpdx import published, release_format
from jpdx.store import Store

from .conftest import RELEASES

# sha256 of each published release's manifest.json, recorded on the day it was published.
# The manifest holds the sha256 of every file of the release, so this pins every byte.
# A correction goes into a new release; never edit an entry here.
PUBLISHED = {
    "2026.11.0": "a4dc99c1036aea8058bdb1f312424c710b1781c31fb77cb804ee9d63a0cea2c0",
    "2026.12.0": "a48b5793c5f9e4f80bdeb3058a085805070fd8d0b8e6c85443d6aca2a028bb77",
    "2026.12.1": "902c06c3c8052bede3b4ba4a8cf63f2240108a04dc8155f90602da6d6adb041c",
    "2026.12.2": "354b1433c8615354c80ed03ca7930c5e604d9ae13f0790b9ce5c9a7605fad92f",
}
PUBLISHED_ON = {
    "2026.11.0": "2026-11-23",
    "2026.12.0": "2026-12-02",
    "2026.12.1": "2026-12-02",
    "2026.12.2": "2026-12-03",
}


def _index() -> dict[str, dict[str, str | None]]:
    releases: dict[str, dict[str, str | None]] = json.loads(
        (RELEASES / "index.json").read_text(encoding="utf-8")
    )["releases"]
    return releases


def test_every_published_release_is_pinned_and_still_bundled() -> None:
    published = {v for v, entry in _index().items() if entry.get("published")}
    assert published == set(PUBLISHED)
    assert set(PUBLISHED) <= set(jpdx.versions())


def test_published_manifests_are_byte_identical() -> None:
    for version, sha256 in PUBLISHED.items():
        manifest = (RELEASES / version / "manifest.json").read_bytes()
        assert hashlib.sha256(manifest).hexdigest() == sha256, version
        assert _index()[version]["manifest_sha256"] == sha256
        document = json.loads(manifest)
        for table, entry in document["tables"].items():
            for part in entry.get("parts", [entry]):  # one file, or its parts (format 4)
                data = (RELEASES / release_format.table_file(part["sha256"])).read_bytes()
                assert hashlib.sha256(data).hexdigest() == part["sha256"], (version, table)
        for lookup, entry in document.get("lookups", {}).items():
            data = (RELEASES / "tables" / f"{entry['sha256']}.json").read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], (version, lookup)


def test_the_package_pins_exactly_the_published_releases_and_their_dates() -> None:
    assert published.PUBLISHED == PUBLISHED
    assert published.PUBLISHED_ON == PUBLISHED_ON
    assert {v: e["published"] for v, e in _index().items()} == PUBLISHED_ON


def test_an_index_that_re_dates_a_published_release_is_refused(release_copy: Path) -> None:
    index = json.loads((release_copy / "index.json").read_text(encoding="utf-8"))
    index["releases"]["2026.12.0"]["published"] = "2026-12-03"
    (release_copy / "index.json").write_text(json.dumps(index), encoding="utf-8")
    with pytest.raises(jpdx.IntegrityError, match=r"2026\.12\.0"):
        Store(release_copy).versions()
    assert any("2026.12.0" in problem for problem in Store(release_copy).verify())
