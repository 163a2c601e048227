"""Helpers of the national tests: the vendored files read with the csv module directly (not
through the imports), the MIC list and the placer read once, copies of the reference folder
to corrupt, and the national tables of the newest release with the cells they cite."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


PUBLISHED = (".csv", ".json", ".py", ".xls", ".xlsx", ".pdf")
"""The suffixes of the vendored published files: tables, JSON files, the converters of an
intermediary's derivation, workbooks and PDFs (label files, READMEs and ``datasets.toml`` are
jpdx's own)."""


def vendored_files() -> dict[str, Path]:
    """The vendored published files by the sha256 of their bytes."""
    return {
        hashlib.sha256(path.read_bytes()).hexdigest(): path
        for path in sorted(REFERENCE.rglob("*"))
        if path.suffix in PUBLISHED
    }


@dataclass(frozen=True)
class Cited:
    """A cited file as the tests read it: its text, and its csv records or JSON tree (a
    workbook: the cells of its one sheet as quotes, and its name; a PDF: its pages' text)."""

    text: str
    records: list[list[str]]
    tree: Any
    sheet: str | None = None
    pages: tuple[str, ...] = ()


def _quote(cell: Any) -> str:
    """A workbook cell as evidence quotes it: text as is, an int with str, a float with repr."""
    return repr(cell) if isinstance(cell, float) else str(cell)


def read_cited(path: Path) -> Cited:
    """A vendored file read with the csv or json module directly (numbers as written), a
    workbook with python-calamine, a PDF with pypdf."""
    if path.suffix in (".xls", ".xlsx"):
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        (name,) = book.sheet_names
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        return Cited("", [[_quote(c) for c in row] for row in rows], None, sheet=name)
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        pages = tuple(page.extract_text() for page in PdfReader(path).pages)
        return Cited("", [], None, pages=pages)
    text = path.read_bytes().decode("utf-8-sig")
    if path.suffix == ".json":
        return Cited(text, [], json.loads(text, parse_float=str, parse_int=str))
    records = list(csv.reader(io.StringIO(text, newline=""))) if path.suffix == ".csv" else []
    return Cited(text, records, None)


def cited_files(sources: Iterable[dict[str, Any]] | None = None) -> dict[str, Cited]:
    """Each published file by the source_id of the ``sources`` rows (the newest release's by
    default) that cite it, each row checked against its file: hashes, length, and its own
    evidence re-found (:func:`refind`)."""
    by_sha = vendored_files()
    if sources is None:
        sources = frame("sources").filter(pl.col("dataset").is_not_null()).iter_rows(named=True)
    found = {}
    for row in sources:
        path = by_sha[row["file_sha256"]]  # every published file is vendored, byte for byte
        cited = found[row["source_id"]] = read_cited(path)
        if row["text_sha256"] is None:  # a workbook or a PDF: not text
            assert cited.sheet is not None or cited.pages, row["source_id"]
        else:
            assert hashlib.sha256(cited.text.encode()).hexdigest() == row["text_sha256"]
            assert len(cited.text) == row["text_chars"]
        for item in row["evidence"]:
            refind(item, found)
    return found


def resolve(tree: Any, pointer: str) -> Any:
    """The value at an RFC 6901 JSON Pointer, written apart from the builder."""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        tree = tree[int(token)] if isinstance(tree, list) else tree[token]
    return tree


def refind(item: dict[str, Any], files: dict[str, Cited]) -> list[str] | None:
    """Assert that an evidence item is where it says, in its form: a cell and its headers
    (returns the record it sits in), a JSON value at its pointer, or a span of the text."""
    cited = files[item["source_id"]]
    if item.get("pointer") is not None:
        assert resolve(cited.tree, item["pointer"]) == item["quote"], item
        return None
    if item.get("start") is not None:
        assert cited.text[item["start"] : item["end"]] == item["quote"], item
        return None
    if item.get("page") is not None:
        assert item["quote"] in cited.pages[item["page"] - 1], item
        return None
    assert item.get("sheet") == cited.sheet, item
    rows = cited.records
    record = rows[item["row"]]
    assert record[item["column"]] == item["quote"], item
    assert item["row_header"] in record, item
    headers = {rows[r][item["column"]] for r in range(min(2, len(rows)))}
    assert item["column_header"] in headers or item["column_header"] in record, item
    return record
