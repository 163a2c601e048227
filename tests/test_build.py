"""The build: deterministic, matches the committed release, and refuses bad curation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from release_builder.curation import read_toml
from release_builder.errors import CurationError
from release_builder.release import collect, write_release

import jpdx
from jpdx.store import Store
from jpdx.tablespec import SPECS

from .conftest import RELEASES, ROOT, SOURCES


def _files(releases: Path) -> dict[str, bytes]:
    return {
        p.relative_to(releases).as_posix(): p.read_bytes()
        for p in sorted(releases.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    out = tmp_path_factory.mktemp("rebuilt")
    write_release(collect(SOURCES, seeds), jpdx.__version__, out)
    return out


def test_build_is_deterministic(rebuilt: Path, seeds: Path, tmp_path: Path) -> None:
    write_release(collect(SOURCES, seeds), jpdx.__version__, tmp_path)
    assert _files(tmp_path) == _files(rebuilt)


def test_committed_release_matches_its_inputs(rebuilt: Path) -> None:
    """The newest bundled release is what its inputs build: the same table files (the
    manifest may be of an older format), or the same tables under another polars."""
    version = jpdx.__version__
    committed = Store(RELEASES).manifest(version)
    built = Store(rebuilt, published={}).manifest(version)
    assert sorted(built.tables) == sorted(committed.tables)
    assert {name: built.inputs.get(name) for name in committed.inputs} == dict(committed.inputs)
    # Beyond those, only label files (a dataset folder's TOML: its questions, vocabularies and
    # measures), which were literals of the builder's code when 2026.12.1 was built.
    added = set(built.inputs) - set(committed.inputs)
    assert all(re.fullmatch(r"reference/[^/]+/[^/]+\.toml", name) for name in added), added
    for spec in SPECS:
        table = spec.name
        if spec.in_parts and table in committed.tables:
            # the committed table keeps the rows earlier releases store in their files (its
            # parts); the rebuilt one, made without them, is one file: compare the rows
            key = spec.primary_key
            assert (
                Store(RELEASES)
                .frame(table, version)
                .sort(key)
                .equals(Store(rebuilt, published={}).frame(table, version).sort(key))
            ), f"{table} of the committed release drifted from sources/"
    if f"polars {pl.__version__}" == committed.writer:
        for table, entry in committed.tables.items():
            if SPECS[table].in_parts:
                continue
            assert built.tables[table].sha256 == entry.sha256, (
                f"{table} of the committed release drifted from sources/: "
                "run `python -m release_builder`"
            )
    else:  # another polars writes other Parquet bytes: compare the decoded tables
        for table in committed.tables:
            assert (
                Store(RELEASES)
                .frame(table, version)
                .equals(Store(rebuilt, published={}).frame(table, version))
            )


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


def test_every_fact_mention_is_accounted_for(seeds: Path) -> None:
    built = collect(SOURCES, seeds)
    assert len(built.coverage) == len(list(SOURCES.glob("*.toml"))) >= 5
    for coverage in built.coverage:
        assert coverage.mentions, coverage.source_id
        assert coverage.unaccounted == (), coverage.summary()
        assert coverage.stale_skips == (), coverage.summary()
        assert len(coverage.covered) + len(coverage.skipped) == len(coverage.mentions)
