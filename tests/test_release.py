"""Invariants of the bundled data: every release, every table, every record."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from release_builder.checks import relational_problems

import jpdx
import jpdx.store
from jpdx import codes, recordsets
from jpdx.models import CellEvidence, Evidence, JsonEvidence, PageEvidence
from jpdx.release_format import dtype_name
from jpdx.schema import table_schema
from jpdx.store import Store
from jpdx.tablespec import CURATED_TABLES, PRIMARY_KEYS, SPECS, TABLES

from .conftest import RELEASES, table_paths
from .national_helpers import cited_files, refind

VERSIONS = jpdx.versions()


RELEASE_TABLES = [(v, t) for v in VERSIONS for t in jpdx.tables(version=v)]


def _leaves(dtype: Any, path: str = "") -> set[tuple[str, str]]:
    """A column type as the set of its leaf fields (path, type): a struct adds ``.name``, a
    list ``[]``; an older struct holds a subset of a newer one's fields."""
    if isinstance(dtype, pl.List):
        return _leaves(dtype.inner, f"{path}[]")
    if isinstance(dtype, pl.Struct):
        return {leaf for f in dtype.fields for leaf in _leaves(f.dtype, f"{path}.{f.name}")}
    return {(path, str(dtype))}


@pytest.mark.parametrize(("version", "table"), RELEASE_TABLES)
def test_every_table_validates_and_agrees_with_the_models(table: str, version: str) -> None:
    """A release is read as written: the newest has exactly today's schema, an older one the
    columns its manifest lists, a subset of today's, each a subset of today's type (a struct
    of evidence may lack the fields of the forms added since)."""
    frame = jpdx.load(table, version=version)
    today = table_schema(SPECS[table])
    if version == VERSIONS[-1]:
        assert frame.schema == today
    else:
        listed = jpdx.store.bundled().entry(table, version).columns
        if listed is not None:  # manifest format 1 lists none
            assert tuple((c, dtype_name(t)) for c, t in frame.schema.items()) == listed
        for name, dtype in frame.schema.items():
            assert name in today, name
            assert _leaves(dtype) <= _leaves(today[name]), (name, dtype, today[name])
    # a store of its own, so that the records (gigabytes for indicator_values) go with it
    records = recordsets.records(Store(jpdx.store.bundled().root), table, version)
    assert len(records) == frame.height
    assert all(isinstance(r, SPECS[table].model) for r in records)


@pytest.mark.parametrize("version", VERSIONS)
def test_keys_unique_references_resolve_no_cycles(version: str) -> None:
    rows: dict[str, list[dict[str, Any]]] = {
        t: jpdx.load(t, version=version).to_dicts() for t in jpdx.tables(version=version)
    }
    assert relational_problems(rows) == []
    for table in rows:
        keys = [r[PRIMARY_KEYS[table]] for r in rows[table]]
        assert len(keys) == len(set(keys))


@pytest.mark.parametrize("version", VERSIONS)
def test_every_lg_code_is_valid_and_known(version: str) -> None:
    municipalities = jpdx.load("municipalities", version=version)
    known = set(municipalities.get_column("lg_code"))
    tables = jpdx.tables(version=version)
    former = (
        set(jpdx.load("former_municipalities", version=version).get_column("lg_code"))
        if "former_municipalities" in tables
        else set()
    )
    assert not known & former
    # a value stated for a body that has ceased stays that body's value, under its own code
    allowed = {"indicator_values": known | former, "former_municipalities": former}
    for table in tables:
        frame = jpdx.load(table, version=version)
        if "lg_code" in frame.columns:
            for code in frame.get_column("lg_code").drop_nulls():
                assert codes.is_valid(code), (table, code)
                assert code in allowed.get(table, known), (table, code)
    assert (municipalities["prefecture_code"] == municipalities["lg_code"].str.slice(0, 2)).all()
    assert (municipalities["code5"] == municipalities["lg_code"].str.slice(0, 5)).all()


def test_municipality_master_counts() -> None:
    frame = jpdx.load("municipalities")
    kinds = Counter(frame.get_column("kind"))
    assert frame.height == 1788 + 171  # MIC's list and the wards of the designated cities
    assert kinds["ward"] == 171
    assert kinds["prefecture"] == 47
    assert kinds["designated_city"] == 20
    assert kinds["special_ward"] == 23
    assert kinds["city"] + kinds["designated_city"] == 792
    assert kinds["town"] == 743
    assert kinds["village"] == 183
    yamaguchi = frame.filter(pl.col("prefecture") == "山口県")
    assert yamaguchi.height == 20  # the prefecture and its 19 municipalities


@pytest.mark.parametrize(
    ("name", "romaji", "kana"),
    [("下関市", "Shimonoseki", "シモノセキシ"), ("伊豆の国市", "Izunokuni", "イズノクニシ"),
     ("兵庫県", "Hyogo", "ヒョウゴケン"), ("東京都", "Tokyo", "トウキョウト"),
     ("大阪府", "Osaka", "オオサカフ"), ("上郡町", "Kamigori", "カミゴオリチョウ")],
)  # fmt: skip
def test_readings_and_romaji(name: str, romaji: str, kana: str) -> None:
    place = jpdx.municipality(name)
    assert (place.romaji, place.kana) == (romaji, kana)


@pytest.mark.parametrize("table", CURATED_TABLES)
def test_every_curated_record_has_well_formed_evidence(table: str) -> None:
    """A quote of a text spans its length within the text; a cell, JSON value or page cites
    a published file (a ``sources`` row of a dataset, with the file's sha256)."""
    sources = {s.source_id: s for s in jpdx.records("sources")}
    for record in jpdx.records(table):
        evidence = record.evidence  # type: ignore[attr-defined]
        assert evidence, record
        for item in evidence:
            source = sources[item.source_id]
            if isinstance(item, Evidence):
                assert item.end - item.start == len(item.quote) > 0
                assert source.text_chars is not None
                assert item.end <= source.text_chars
            else:
                assert isinstance(item, CellEvidence | JsonEvidence | PageEvidence), item
                assert source.dataset is not None, item
                assert source.file_sha256 is not None, item


def test_every_quote_is_verbatim_in_its_source_text(seeds: Path) -> None:
    """A quote of a document is its seed text between start and end; every other item (a
    published file's cell, JSON value, page or text span) is found again in the vendored
    file, read apart from the builder."""
    texts = {}
    documents = [s for s in jpdx.records("sources") if s.dataset is None]  # not the tables
    assert len(documents) == 5
    for source in documents:
        matches = [
            p for p in seeds.glob("*.txt")
            if hashlib.sha256(p.read_bytes()).hexdigest() == source.text_sha256
        ]  # fmt: skip
        assert len(matches) == 1, f"no seed text has the sha256 of {source.source_id}"
        texts[source.source_id] = matches[0].read_text(encoding="utf-8")
        assert len(texts[source.source_id]) == source.text_chars
    files = cited_files()  # each file's own sources rows re-found on the way
    checked = Counter[str]()
    for table in CURATED_TABLES:
        for record in jpdx.records(table):
            for item in record.evidence:  # type: ignore[attr-defined]
                if item.source_id in texts:
                    assert texts[item.source_id][item.start : item.end] == item.quote
                else:
                    refind(item.model_dump(), files)
                checked[type(item).__name__] += 1
    assert set(checked) == {"Evidence", "CellEvidence", "JsonEvidence", "PageEvidence"}, checked


@pytest.mark.parametrize("version", VERSIONS)
def test_files_match_manifest_and_index(version: str) -> None:
    index = json.loads((RELEASES / "index.json").read_text(encoding="utf-8"))["releases"]
    manifest_bytes = (RELEASES / version / "manifest.json").read_bytes()
    assert hashlib.sha256(manifest_bytes).hexdigest() == index[version]["manifest_sha256"]
    manifest = json.loads(manifest_bytes)
    assert manifest["release"] == version
    for table, entry in manifest["tables"].items():
        parts = entry.get("parts", [entry])  # one file, or its parts (format 4)
        paths = table_paths(RELEASES, version, table)
        for part, path in zip(parts, paths, strict=True):
            assert path.name == f"{part['sha256']}.parquet"  # stored by content
            assert hashlib.sha256(path.read_bytes()).hexdigest() == part["sha256"]
            assert pl.read_parquet(path).height == part["rows"]
        assert sum(part["rows"] for part in parts) == entry["rows"]
    assert set(manifest["tables"]) <= set(TABLES)


def test_package_version_is_the_newest_release() -> None:
    assert VERSIONS[-1] == jpdx.__version__
    assert list(VERSIONS) == sorted(VERSIONS, key=lambda v: tuple(int(p) for p in v.split(".")))


def test_counts_are_non_negative_and_stated_in_their_evidence() -> None:
    for count in jpdx.records("participant_counts"):
        assert count.value >= 0
        digits = f"{count.value:,}", str(count.value)
        quotes = "".join(e.quote for e in count.evidence)
        normalized = quotes.translate(str.maketrans("０１２３４５６７８９，", "0123456789,"))
        assert any(d in normalized for d in digits) or _kanji_number_in(count.value, quotes), count


def test_procedure_counts_are_stated_in_their_evidence() -> None:
    for procedure in jpdx.records("procedures"):
        if procedure.procedure_count is not None:
            quotes = "".join(e.quote for e in procedure.evidence)
            assert str(procedure.procedure_count) in quotes.translate(
                str.maketrans("０１２３４５６７８９", "0123456789")
            ) or _kanji_number_in(procedure.procedure_count, quotes), procedure


def test_kpi_values_are_stated_in_their_evidence() -> None:
    for kpi in jpdx.records("kpis"):
        quotes = "".join(e.quote for e in kpi.evidence)
        for value in (kpi.baseline_value, kpi.target_value):
            if value is not None:
                text = f"{value:g}"
                assert text in quotes.translate(str.maketrans("０１２３４５６７８９", "0123456789"))


def _kanji_number_in(value: int, text: str) -> bool:
    kanji = "〇一二三四五六七八九"
    if value < 10:
        return kanji[value] in text
    tens, ones = divmod(value, 10)
    if value < 100:
        written = ("十" if tens == 1 else kanji[tens] + "十") + (kanji[ones] if ones else "")
        return written in text
    return False
