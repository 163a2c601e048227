"""The build: deterministic, matches the committed release, and refuses bad curation."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from release_builder.curation import read_toml
from release_builder.release import collect, write_release

import jpdx
from jpdx.errors import CurationError

from .conftest import RELEASES, SOURCES


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Path:
    out = tmp_path_factory.mktemp("rebuilt")
    write_release(collect(SOURCES, seeds), jpdx.__version__, out)
    return out / jpdx.__version__


def test_build_is_deterministic(rebuilt: Path, seeds: Path, tmp_path: Path) -> None:
    write_release(collect(SOURCES, seeds), jpdx.__version__, tmp_path)
    assert _files(tmp_path / jpdx.__version__) == _files(rebuilt)


def test_committed_release_matches_its_inputs(rebuilt: Path) -> None:
    committed = RELEASES / jpdx.__version__
    if pl.__version__ == _writer_version(committed):
        assert _files(rebuilt) == _files(committed), (
            "the committed release drifted from sources/: run `python -m release_builder`"
        )
    else:  # another polars writes other Parquet bytes: compare the decoded tables
        for parquet in committed.glob("*.parquet"):
            assert pl.read_parquet(parquet).equals(pl.read_parquet(rebuilt / parquet.name))


def _writer_version(release: Path) -> str:
    import json

    writer: str = json.loads((release / "manifest.json").read_text(encoding="utf-8"))["writer"]
    return writer.removeprefix("polars ")


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

    publish("2099.01.0", out, "2099-01-31")
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
