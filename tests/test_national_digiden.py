"""夏のDigi田甲子園 2022: every ``programs`` row re-derived from the vendored file with the csv
module and the MIC list read here, every cited cell found again, the place only where the file
states it, the policy fields marked inferred, and broken copies refused."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from release_builder.errors import CurationError
from release_builder.national import digiden_koshien as dk
from release_builder.national.cells import RawTableError
from release_builder.national.importer import Context
from release_builder.national.registry import IMPORTERS, context

from jpdx.enums import PolicyField, ProgramCategory
from jpdx.models import Program

from .conftest import SOURCES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

REFERENCE = SOURCES / "reference"
FOLDER = REFERENCE / "cas-digiden-koshien-2022-summer"
SOURCE_ID = "cas-digiden-koshien-2022-summer-entries"


def _records(path: Path = FOLDER / "dd-koshien-2022s.csv") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def _mic_codes() -> dict[tuple[str, str], str]:
    """(prefecture, municipality or "") → code, from the MIC list read here."""
    with (REFERENCE / "mic_lg_codes.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["prefecture"], r["city"]): r["code"] for r in csv.DictReader(handle)}


def _clean(text: str) -> str:
    """NFC; lines stripped, blank ones dropped, and joined with nothing between two non-ASCII
    characters, else with a space; runs of white space as one space."""
    lines = [line.strip() for line in unicodedata.normalize("NFC", text).split("\n")]
    lines = [line for line in lines if line] or [""]
    joined = lines[0]
    for line in lines[1:]:
        glue = "" if joined and line and not joined[-1].isascii() and not line[0].isascii() else " "
        joined += glue + line
    return re.sub(r"\s+", " ", joined).strip()


@pytest.fixture(scope="module")
def shared() -> Context:
    return context(REFERENCE, ())


@pytest.fixture(scope="module")
def rows(shared: Context) -> list[dict[str, Any]]:
    return dk.DigidenKoshien().rows(shared)["programs"]


@pytest.fixture(scope="module")
def records() -> list[list[str]]:
    return _records()


@pytest.fixture(scope="module")
def reading() -> dict[str, Any]:
    with (FOLDER / "curation.toml").open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    return data


def test_rows_are_valid_programs_citing_cells(rows: list[dict[str, Any]]) -> None:
    programs = [Program.model_validate(row) for row in rows]
    assert all(type(e).__name__ == "CellEvidence" for p in programs for e in p.evidence)
    assert all(p.inferred == ("fields",) and p.curation_note for p in programs)


def test_registered_once() -> None:
    assert [type(i) for i in IMPORTERS].count(dk.DigidenKoshien) == 1


def test_one_row_per_entry_in_file_order(
    rows: list[dict[str, Any]], records: list[list[str]]
) -> None:
    assert records[0] == list(dk.HEADER)
    assert len(records) - 1 == len(rows) == 159
    numbers = [re.search(r"/(\d\d-\d)\.pdf$", record[3]) for record in records[1:]]
    assert [row["program_id"] for row in rows] == [
        f"digiden-2022s-{m.group(1)}" for m in numbers if m
    ]
    assert len({row["program_id"] for row in rows}) == 159


def test_every_row_rederived(
    rows: list[dict[str, Any]], records: list[list[str]], reading: dict[str, Any]
) -> None:
    codes = _mic_codes()
    for row, record in zip(rows, records[1:], strict=True):
        pref, category, name, url, *_, city, _title, description = record
        number = row["program_id"].removeprefix("digiden-2022s-")
        assert row["name"] == _clean(name)
        assert row["name_en"] == reading["names_en"][number]
        assert row["kind"] == reading["kind"]
        assert row["url"] == url  # verbatim
        assert ProgramCategory(row["category"]).ja == category
        assert row["summary"] == (_clean(description) or None)
        assert row.get("status") is None  # the file states none
        expected = codes[(pref, city.removeprefix(pref))] if city else codes[(pref, "")]
        assert row["lg_code"] == expected, record


def test_the_place_only_where_stated(rows: list[dict[str, Any]], records: list[list[str]]) -> None:
    codes = _mic_codes()
    prefecture_codes = {code for (_, city), code in codes.items() if not city}
    by_city = [row for row, record in zip(rows, records[1:], strict=True) if record[8]]
    by_prefecture = [row for row, record in zip(rows, records[1:], strict=True) if not record[8]]
    assert (len(by_city), len(by_prefecture)) == (65, 94)
    assert not any(row["lg_code"] in prefecture_codes for row in by_city)
    assert all(row["lg_code"] in prefecture_codes for row in by_prefecture)
    for row in by_city:
        assert "lg_code is the place the file states (city " in row["curation_note"]
    for row in by_prefecture:
        assert "lg_code is the prefecture the entry is listed under" in row["curation_note"]


def test_categories_counted(rows: list[dict[str, Any]]) -> None:
    counts = {c.value: sum(row["category"] == c.value for row in rows) for c in ProgramCategory}
    assert counts == {
        "implementation_designated_core_city": 39,
        "implementation_other_city": 43,
        "implementation_town_village": 35,
        "idea": 42,
    }


def test_fields_inferred_by_the_keyword_rules(
    rows: list[dict[str, Any]], records: list[list[str]], reading: dict[str, Any]
) -> None:
    def fold(text: str) -> str:
        return unicodedata.normalize("NFKC", text).casefold()

    for row, record in zip(rows, records[1:], strict=True):
        text = fold(_clean(record[2])) + "\n" + fold(_clean(record[10]))
        matched = [
            f.value
            for f in PolicyField
            if any(fold(k) in text for k in reading["fields"].get(f.value, ()))
        ]
        assert row["fields"] == (matched or [reading["fallback"]])
        assert row["inferred"] == ["fields"]
        assert "fields inferred by the keyword rules" in row["curation_note"]
    fallback = [row for row in rows if "fallback" in row["curation_note"]]
    assert 0 < len(fallback) < 20  # the rules place most entries


def test_every_cited_cell_found_again(rows: list[dict[str, Any]], records: list[list[str]]) -> None:
    header = records[0]
    for row in rows:
        cited = {item["column_header"] for item in row["evidence"]}
        index = row["evidence"][0]["row"]
        record = records[index]
        filled = {column for column, text in zip(header, record, strict=True) if text}
        assert cited == {"pref", "category", "name", "url"} | (
            filled & {"city", "title", "description"}
        )
        for item in row["evidence"]:
            assert item["source_id"] == SOURCE_ID
            assert item["row"] == index
            assert records[item["row"]][item["column"]] == item["quote"]
            assert header[item["column"]] == item["column_header"]
            assert records[item["row"]][3] == item["row_header"]


def test_sources_row_of_the_file(shared: Context, rows: list[dict[str, Any]]) -> None:
    source = shared.sources.rows[SOURCE_ID]
    assert source["kind"] == "published_list"
    assert source["url"] == "https://www.cas.go.jp/jp/seisaku/digital_denen/koushien.html"
    assert "「夏のデジ田甲子園｜内閣官房ホームページ」を加工して作成" in source["licence"]
    assert (
        source["file_sha256"] == "c94f59ff525870fb3fee96039925746aba2bf77add11a61b9d2e4e8281e30bb8"
    )


def test_title_differs_from_name_quoted_in_the_note(
    rows: list[dict[str, Any]], records: list[list[str]]
) -> None:
    differs = [
        row["program_id"]
        for row, record in zip(rows, records[1:], strict=True)
        if record[9] and _clean(record[9]) != _clean(record[2])
    ]
    assert differs == [f"digiden-2022s-{n}" for n in ("15-1", "15-2", "20-3", "38-2")]
    for row in rows:
        assert ("title column" in row["curation_note"]) == (row["program_id"] in differs)


@given(st.text(alphabet=st.sampled_from("あ漢Ａa1 \u3000\n\t。-"), max_size=40))
def test_clean_keeps_every_character_but_white_space(text: str) -> None:
    cleaned = dk.clean(text)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert "\n" not in cleaned
    assert unicodedata.normalize("NFC", cleaned) == cleaned
    assert "".join(cleaned.split()) == "".join(unicodedata.normalize("NFC", text).split())
    assert cleaned == _clean(text)


# -- broken copies are refused -----------------------------------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(FOLDER, tmp_path / FOLDER.name)
    return tmp_path


def _rewrite(copy: Path, old: str, new: str, name: str = "dd-koshien-2022s.csv") -> None:
    path = copy / FOLDER.name / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("pref,category,name", "pref,kategorie,name", "row 0: header"),
        (
            "実装部門（町・村）",
            "実装部門（町村）",
            "row 2 column 1: '実装部門（町村）' is not a category",
        ),
        ("北海道標津町", "北海道標津村", "row 2 column 8: '標津村' names no municipality"),
        ("北海道標津町", "標津町", "row 2 column 8: '標津町' does not start with its pref"),
        (
            "北海道,実装部門（町・村）",
            "青森県,実装部門（町・村）",
            "row 2 column 0: entry 01-3 is numbered",
        ),
        ("pdf/01-3.pdf", "pdf/01-2.pdf", "row 2: entry 01-2 is also row 1"),
        ("pdf/01-3.pdf", "pdf/01-3.html", "row 2 column 3: 'https://"),
    ],
)
def test_broken_file_refused(shared: Context, copy: Path, old: str, new: str, message: str) -> None:
    _rewrite(copy, old, new)
    with pytest.raises((RawTableError, CurationError), match=re.escape(message)):
        dk.DigidenKoshien().rows(dataclasses.replace(shared, reference=copy))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("front_office = ", "counter = ", "'counter' is not a PolicyField; valid choices: ["),
        ('kind = "initiative"', 'kind = "contest"', "'contest' is not a ProgramKind"),
        ('"01-3" = ', '"99-3" = ', "[names_en]: entries ['99-3'] are not in"),
        ('"01-3" = "Reposaku', '# "01-3" = "Reposaku', "entry 01-3 has no English name"),
    ],
)
def test_broken_curation_refused(
    shared: Context, copy: Path, old: str, new: str, message: str
) -> None:
    _rewrite(copy, old, new, "curation.toml")
    with pytest.raises(CurationError, match=re.escape(message)):
        dk.DigidenKoshien().rows(dataclasses.replace(shared, reference=copy))
