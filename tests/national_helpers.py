"""Helpers of the national tests: the vendored files read with the csv module directly (not
through the imports), the MIC list and the placer read once, copies of the reference folder
to corrupt, and the national tables of the newest release with the cells they cite."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
from release_builder.national.code_changes import CodeHistory, read_code_changes
from release_builder.national.mic_master import MASTER_FILE, Master, read_master
from release_builder.national.placing import Placer
from release_builder.national.tables import DATASETS_FILE

import jpdx

from .conftest import SOURCES

REFERENCE = SOURCES / "reference"
NEWEST = jpdx.versions()[-1]
NATIONAL = ("indicators", "indicator_values", "code_changes", "municipalities")
"""The tables whose rows the national imports write (besides ``sources``)."""


def read_raw(path: Path | str) -> list[list[str]]:
    """The csv records of a file (a path, or a path under ``sources/reference``), its UTF-8
    text read with the csv module directly, the byte-order mark dropped."""
    path = REFERENCE / path if isinstance(path, str) else path
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def write_records(path: Path, rows: Sequence[Sequence[str]], *, encoding: str = "utf-8") -> None:
    """Write csv records as a published file would be (``\\n`` line ends)."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding=encoding, newline="")


@functools.cache
def master() -> Master:
    """The vendored MIC list, read once."""
    return read_master(REFERENCE)


@functools.cache
def history() -> CodeHistory:
    """e-Stat's code changes, read once."""
    return CodeHistory(read_code_changes(REFERENCE, master()))


@functools.cache
def placer() -> Placer:
    """The placer of the vendored files, made once."""
    return Placer(master(), history())


def copy_reference(target: Path, *folders: str) -> Path:
    """A reference root under ``target`` holding the MIC list, ``datasets.toml`` and a copy of
    each folder named (its data files and label files alike)."""
    root = target / "reference"
    root.mkdir(parents=True, exist_ok=True)
    for name in (MASTER_FILE, DATASETS_FILE):
        shutil.copyfile(REFERENCE / name, root / name)
    for folder in folders:
        shutil.copytree(REFERENCE / folder, root / folder, dirs_exist_ok=True)
    return root


def frame(table: str) -> pl.DataFrame:
    """A table of the newest bundled release."""
    return jpdx.load(table, version=NEWEST)


def vendored_files() -> dict[str, Path]:
    """The vendored csv files by the sha256 of their bytes."""
    return {
        hashlib.sha256(path.read_bytes()).hexdigest(): path
        for path in sorted(REFERENCE.rglob("*.csv"))
    }


def cited_files() -> dict[str, list[list[str]]]:
    """Each published file's csv records, by the source_id of the newest release that cites
    it, its sources row checked against the file (hashes, length, first line)."""
    by_sha = vendored_files()
    sources = frame("sources").filter(pl.col("dataset").is_not_null())
    found = {}
    for row in sources.iter_rows(named=True):
        path = by_sha[row["file_sha256"]]  # every published file is vendored, byte for byte
        text = path.read_bytes().decode("utf-8-sig")
        assert hashlib.sha256(text.encode()).hexdigest() == row["text_sha256"]
        assert len(text) == row["text_chars"]
        assert text.startswith(row["evidence"][0]["quote"])
        found[row["source_id"]] = list(csv.reader(io.StringIO(text, newline="")))
    return found


def refind(cell: dict[str, Any], files: dict[str, list[list[str]]]) -> list[str]:
    """The record a cited cell sits in, asserting that the cell and its headers are where the
    evidence item says."""
    rows = files[cell["source_id"]]
    record = rows[cell["row"]]
    assert record[cell["column"]] == cell["quote"], cell
    assert cell["row_header"] in record, cell
    headers = {rows[r][cell["column"]] for r in range(min(2, len(rows)))}
    assert cell["column_header"] in headers or cell["column_header"] in record, cell
    return record
