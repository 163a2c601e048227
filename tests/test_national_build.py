"""Broken published tables fed to the whole build: each fails on one line naming the file,
row and column, and no release is written (nothing of it, not even its folder)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from release_builder.__main__ import main

from .conftest import RELEASES, SOURCES

DASHBOARD = "digital-agency-dx-dashboard-2024-07-12/市区町村毎のDX進捗状況_市区町村比較.csv"
CARDS = "mic-mynumber-card-issuance/20170308/all_localgovs.csv"
SITES = "localgovjp/localgovjp-utf8.csv"


def _replace_first(old: str, new: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        text = path.read_bytes().decode("utf-8")
        assert old in text
        path.write_bytes(text.replace(old, new, 1).encode("utf-8"))

    return change


def _cp932(path: Path) -> None:
    path.write_bytes(path.read_bytes().decode("utf-8-sig").encode("cp932"))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    ("file", "change", "where"),
    [
        # a percentage written with a space: record 11 (card holding), field 2 (札幌市)
        (DASHBOARD, _replace_first(",72%,", ",72 %,"), f"{DASHBOARD} row 11 column 2"),
        # full-width digits and percent sign in the same cell
        (DASHBOARD, _replace_first(",72%,", ",７２％,"), f"{DASHBOARD} row 11 column 2"),
        # the file saved in Shift_JIS: its first non-ASCII byte is in the header's field 0
        (CARDS, _cp932, f"{CARDS} row 0 column 0"),
        (SITES, _empty, SITES),
    ],
    ids=["percent-with-space", "full-width-percent", "shift-jis", "empty-file"],
)
def test_a_broken_published_table_fails_the_build_on_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    seeds: Path,
    file: str,
    change: Callable[[Path], None],
    where: str,
) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    change(sources / "reference" / file)
    releases = tmp_path / "releases"
    shutil.copytree(RELEASES, releases)
    before = {p: p.read_bytes() for p in releases.rglob("*") if p.is_file()}
    status = main(
        ["--sources", str(sources), "--seeds", str(seeds), "--releases", str(releases),
         "--version", "2099.01.0"]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("error: "), err
    assert err.count("\n") == 1, err
    assert where in err, err
    assert {p: p.read_bytes() for p in releases.rglob("*") if p.is_file()} == before
    assert not (releases / "2099.01.0").exists()
