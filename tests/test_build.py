"""The build: deterministic, matches the committed release, and refuses bad curation."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from release_builder.curation import read_toml
from release_builder.errors import CurationError
from release_builder.release import Built, collect, write_release
from release_builder.release_files import index_bytes, read_index

import jpdx
from jpdx.calver import calver_key
from jpdx.release_format import INDEX, MANIFEST, Index
from jpdx.store import Store

from .conftest import RELEASES, ROOT, SOURCES


def _files(releases: Path) -> dict[str, bytes]:
    return {
        p.relative_to(releases).as_posix(): p.read_bytes()
        for p in sorted(releases.rglob("*"))
        if p.is_file()
    }


def _earlier_releases(target: Path) -> Path:
    """A releases folder holding copies of the bundled releases before the newest one (their
    manifests, data files and index entries), as the newest was built over them."""
    store = Store(RELEASES)
    index = read_index(RELEASES)
    earlier = {
        version: entry
        for version, entry in index.releases.items()
        if calver_key(version) < calver_key(jpdx.__version__)
    }
    for version in earlier:
        (target / version).mkdir(parents=True)
        shutil.copy(RELEASES / version / MANIFEST, target / version / MANIFEST)
        manifest = store.manifest(version)
        paths = [
            *(path for entry in manifest.tables.values() for path in entry.paths),
            *(entry.path for entry in manifest.lookups.values()),
        ]
        for path in paths:
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(RELEASES / path, target / path)
    (target / INDEX).write_bytes(index_bytes(Index(earlier)))
    return target


@pytest.fixture(scope="module")
def built(seeds: Path) -> Built:
    """The inputs, collected once for the tests that only read them."""
    return collect(SOURCES, seeds)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory, built: Built) -> Path:
    """The newest release built again from its inputs, over copies of the earlier releases
    (a table stored in parts reuses their files)."""
    out = _earlier_releases(tmp_path_factory.mktemp("rebuilt"))
    write_release(built, jpdx.__version__, out)
    return out


def test_build_is_deterministic(rebuilt: Path, seeds: Path, tmp_path: Path) -> None:
    write_release(collect(SOURCES, seeds), jpdx.__version__, _earlier_releases(tmp_path))
    assert _files(tmp_path) == _files(rebuilt)


def test_committed_release_matches_its_inputs(rebuilt: Path) -> None:
    """The newest bundled release is what its inputs build, byte for byte (its manifest and
    every file it lists), or the same tables when another polars writes the files."""
    version = jpdx.__version__
    committed = Store(RELEASES).manifest(version)
    if f"polars {pl.__version__}" == committed.writer:
        manifest = f"{version}/{MANIFEST}"
        assert (rebuilt / manifest).read_bytes() == (RELEASES / manifest).read_bytes(), (
            "the committed release drifted from sources/: run `python -m release_builder`"
        )
        paths = [
            *(path for entry in committed.tables.values() for path in entry.paths),
            *(entry.path for entry in committed.lookups.values()),
        ]
        for path in paths:
            assert (rebuilt / path).read_bytes() == (RELEASES / path).read_bytes(), path
    else:  # another polars writes other Parquet bytes: compare the decoded tables
        built = Store(rebuilt, published={})
        assert sorted(built.manifest(version).tables) == sorted(committed.tables)
        for table in committed.tables:
            assert Store(RELEASES).frame(table, version).equals(built.frame(table, version))


def _sources_copy(tmp_path: Path) -> Path:
    target = tmp_path / "sources"
    shutil.copytree(SOURCES, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _first_program_id(path: Path) -> str:
    return str(read_toml(path)["programs"][0]["program_id"])


def test_a_quote_not_in_the_text_names_file_and_record(tmp_path: Path, seeds: Path) -> None:
    sources = _sources_copy(tmp_path)
    path = sorted(sources.glob("*.toml"))[0]
    program_id = _first_program_id(path)
    text = path.read_text(encoding="utf-8")
    start = text.index("quote = ", text.index(f'program_id = "{program_id}"'))
    _edit(path, text[start : start + 9], 'quote = "この引用は資料にない"; _ = ')
    with pytest.raises(CurationError) as raised:
        collect(sources, seeds)
    message = str(raised.value)
    assert path.name in message


def test_a_changed_source_text_is_refused(tmp_path: Path, seeds: Path) -> None:
    sources = _sources_copy(tmp_path)
    fake_seeds = tmp_path / "seeds"
    shutil.copytree(seeds, fake_seeds)
    victim = sorted(fake_seeds.glob("*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(CurationError, match="text_sha256"):
        collect(sources, fake_seeds)


def test_a_failed_build_writes_nothing(tmp_path: Path, seeds: Path) -> None:
    sources = _sources_copy(tmp_path)
    path = sorted(sources.glob("*.toml"))[0]
    _edit(path, "[source]", "[source]\nunexpected_key = 1")
    out = tmp_path / "out"
    with pytest.raises(CurationError, match="unexpected_key"):
        write_release(collect(sources, seeds), "2099.01.0", out)
    assert not out.exists()


def test_a_published_release_cannot_change(tmp_path: Path, seeds: Path) -> None:
    out = tmp_path / "releases"
    built = collect(SOURCES, seeds)
    write_release(built, "2099.01.0", out)
    from release_builder.release import publish

    pins = tmp_path / "published.py"
    shutil.copy(ROOT / "src" / "jpdx" / "published.py", pins)
    publish("2099.01.0", out, "2099-01-31", pins)
    assert '"2099.01.0": "' in pins.read_text(encoding="utf-8")
    assert "2026.11.0" not in pins.read_text(encoding="utf-8")  # pins only what out holds
    write_release(built, "2099.01.0", out)  # the same bytes: allowed
    built.rows["programs"] = built.rows["programs"][1:]
    with pytest.raises(CurationError, match="immutable"):
        write_release(built, "2099.01.0", out)


def test_every_fact_mention_is_accounted_for(built: Built) -> None:
    assert len(built.coverage) == len(list(SOURCES.glob("*.toml"))) >= 5
    for coverage in built.coverage:
        assert coverage.mentions, coverage.source_id
        assert coverage.unaccounted == (), coverage.summary()
        assert coverage.stale_skips == (), coverage.summary()
        assert len(coverage.covered) + len(coverage.skipped) == len(coverage.mentions)
