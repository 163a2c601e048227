"""Corrections of the municipality master kept as data (sources/reference/
mic_lg_codes_corrections.toml): each checked against the raw files by an independent
reading, applied by the build, and the spellings they replace still found."""

from __future__ import annotations

import csv
import dataclasses
import unicodedata
from collections import defaultdict

import polars as pl
import pytest
from release_builder.errors import CurationError
from release_builder.master import (
    CORRECTIONS_FILE,
    Correction,
    municipality_rows,
    read_corrections,
)
from release_builder.place_index import place_index
from release_builder.release import read_master

import jpdx
from jpdx.places.encoding import parse_index
from jpdx.places.gazetteer import Gazetteer
from jpdx.places.keys import reading_stem
from jpdx.store import bundled

from .conftest import SOURCES

REFERENCE = SOURCES / "reference"
CORRECTIONS = read_corrections(REFERENCE / CORRECTIONS_FILE)
ROWS = {row["lg_code"]: row for row in read_master(SOURCES)}
HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def _raw_master() -> dict[str, tuple[str, str]]:
    """Code → (name, reading as published, NFKC) from the vendored MIC list."""
    with (REFERENCE / "mic_lg_codes.csv").open(encoding="utf-8", newline="") as handle:
        return {
            r["code"]: (
                r["city"] or r["prefecture"],
                unicodedata.normalize("NFKC", r["city_kana"] or r["prefecture_kana"]),
            )
            for r in csv.DictReader(handle)
        }


def _localgovjp_readings() -> dict[str, str]:
    """Code → localgovjp's reading in katakana (a ward's without its city's; a
    prefecture's from prefjp, by name)."""
    folder = REFERENCE / "localgovjp"
    with (folder / "localgovjp-utf8.csv").open(encoding="utf-8-sig", newline="") as handle:
        readings = {
            r["lgcode"]: r["citykana"].split(" ")[-1].translate(HIRAGANA_TO_KATAKANA)
            for r in csv.DictReader(handle)
        }
    with (folder / "prefjp-utf8.csv").open(encoding="utf-8-sig", newline="") as handle:
        prefectures = {r["pref"]: r["prefkana"] for r in csv.DictReader(handle)}
    for code, row in ROWS.items():
        if row["kind"] == "prefecture":
            readings[code] = prefectures[row["name"]].translate(HIRAGANA_TO_KATAKANA)
    return readings


def test_the_examples() -> None:
    assert (ROWS["143839"]["kana"], ROWS["143839"]["romaji"]) == ("マナヅルマチ", "Manazuru")
    assert ROWS["272205"]["romaji"] == "Minoo"
    assert ROWS["212075"]["romaji"] == "Mino"  # 美濃市
    assert ROWS["192082"]["romaji"] == "Minami-Alps"


def test_each_correction_replaces_what_the_raw_list_publishes() -> None:
    raw = _raw_master()
    for code, correction in CORRECTIONS.reading.items():
        assert raw[code] == (correction.name, correction.was)
        assert ROWS[code]["kana"] == correction.now
    for code, correction in CORRECTIONS.romaji.items():
        assert ROWS[code]["name"] == correction.name
        assert ROWS[code]["romaji"] == correction.now != correction.was


def test_after_the_corrections_every_reading_is_localgovjps() -> None:
    """The systematic search: localgovjp (hiragana, compiled from the bodies' own sites)
    and the corrected master agree on every reading, wards included."""
    readings = _localgovjp_readings()
    wards = jpdx.query("municipalities", version="2026.12.1").where(kind="ward").records()
    kana = {c: r["kana"] for c, r in ROWS.items()} | {w.lg_code: w.kana for w in wards}
    assert len(kana) == 1788 + 171  # every row of the municipalities table
    missing = sorted(c for c in kana if c not in readings)
    names = [jpdx.municipality(c).name for c in missing]
    assert names == ["中央区", "浜名区", "天竜区"]  # 浜松市's wards of 2024, after localgovjp
    different = {c: (k, readings[c]) for c, k in kana.items() if c in readings and readings[c] != k}
    assert different == {}
    dakuten = {c for c, x in CORRECTIONS.reading.items() if x.kind == "dakuten"}
    assert dakuten == {"143839"}


def test_romaji_shared_by_bodies_of_different_readings_are_the_bodies_own() -> None:
    """Bodies whose readings differ share a romaji only where each writes its name so
    (Ono for 大野市 and 小野市); 箕面市 no longer shares 美濃市's."""
    readings: dict[str, set[str]] = defaultdict(set)
    for row in ROWS.values():
        if row["kind"] not in ("prefecture", "ward"):
            readings[row["romaji"]].add(reading_stem(row["name"], row["kana"]) or "")
    shared = {r for r, kana in readings.items() if len(kana) > 1}
    assert shared == {"Konan", "Ono", "Otaki", "Ozu", "Tonosho"}


def test_a_correction_that_no_longer_fits_stops_the_build() -> None:
    text = (REFERENCE / "mic_lg_codes.csv").read_text(encoding="utf-8")
    wrong = dataclasses.replace(CORRECTIONS.reading["143839"], was="マナツルチョウ")
    broken = dataclasses.replace(CORRECTIONS, reading={**CORRECTIONS.reading, "143839": wrong})
    with pytest.raises(CurationError, match=CORRECTIONS_FILE):
        municipality_rows(text, "mic_lg_codes.csv", broken)
    renamed = Correction("272205", "箕面市", "Minoh", "Minoo", "long-vowel")
    broken = dataclasses.replace(CORRECTIONS, romaji={**CORRECTIONS.romaji, "272205": renamed})
    with pytest.raises(CurationError, match="'Mino'"):
        municipality_rows(text, "mic_lg_codes.csv", broken)


def test_the_corrections_file_is_checked(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    bad = tmp_path / CORRECTIONS_FILE
    bad.write_text('[[romaji]]\nlg_code = "272205"\nname = "箕面市"\nromaji = "Minoo"\n')
    with pytest.raises(CurationError, match="needs exactly"):
        read_corrections(bad)
    bad.write_text(
        '[[reading]]\nlg_code = "1"\nname = "x"\npublished = "a"\nreading = "b"\nkind = "typo"\n'
    )
    with pytest.raises(CurationError, match="kind is one of"):
        read_corrections(bad)


@pytest.fixture(scope="module")
def corrected() -> Gazetteer:
    """The place index the builder writes for the corrected rows (the tables of release
    2026.12.1 with the corrected readings and romaji)."""
    store = bundled()
    frame = store.frame("municipalities", "2026.12.1")
    fixed = [ROWS.get(code, {}) for code in frame.get_column("lg_code").to_list()]
    frame = frame.with_columns(
        pl.Series("kana", [r.get("kana", k) for r, k in zip(fixed, frame["kana"], strict=True)]),
        pl.Series(
            "romaji", [r.get("romaji", k) for r, k in zip(fixed, frame["romaji"], strict=True)]
        ),
    )
    data = place_index(
        frame,
        store.frame("code_changes", "2026.12.1"),
        None,
        CORRECTIONS.superseded(frame.to_dicts()),
    )
    stored = parse_index(data, "2026.12.1")
    return Gazetteer(stored.key_maps(), stored.formers)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Minoo", "272205"), ("Minoh", None), ("Mino-shi", None), ("Mino", None),
        ("箕面", "272205"), ("Manazuru", "143839"), ("Manatsuru", "143839"),
        ("まなづる", "143839"), ("マナツルマチ", "143839"), ("Minami-Alps", "192082"),
        ("Minami Alps City", "192082"), ("Minamiarupusu", "192082"), ("Minamialps", "192082"),
    ],
)  # fmt: skip
def test_old_and_new_spellings_find_the_place(
    corrected: Gazetteer, query: str, code: str | None
) -> None:
    if code is not None:
        assert corrected.resolve(query).lg_code == code
        return
    with pytest.raises(jpdx.AmbiguousNameError) as error:  # Mino: 美濃市 or 箕面市
        corrected.resolve(query)
    assert error.value.choices == ("岐阜県美濃市 (212075)", "大阪府箕面市 (272205)")
