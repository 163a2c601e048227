"""The placing module: every body of the MIC list placed from each written form of its code and
from its prefecture and name; codes as of a date through e-Stat's changes; failures that name
the cell and list the candidates. And the registry: one importer per folder, merged rows."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from release_builder.errors import CurationError
from release_builder.national import boundaries
from release_builder.national.importer import Context, Rows
from release_builder.national.mic_master import Master, MasterBody
from release_builder.national.placing import Claims, Placer, PlacingError
from release_builder.national.registry import IMPORTERS, national_rows
from release_builder.national.tables import read_datasets

from jpdx import codes
from jpdx.enums import MunicipalityKind

from .national_helpers import REFERENCE, history, master, placer, read_raw

BODIES = read_raw("mic_lg_codes.csv")[1:]
"""The MIC list's records, read here with csv (code, prefecture, city, …)."""


@given(st.sampled_from(BODIES))
def test_every_written_form_of_a_code_places_its_body(record: list[str]) -> None:
    code6, prefecture, city = record[0], record[1], record[2]
    places = placer()
    forms: list[tuple[str, dict[str, Any]]] = [
        (code6, {"check_digit": True}),
        (code6[:5], {"check_digit": False}),
        (
            code6.lstrip("0") if code6.startswith("0") else code6,
            {"check_digit": True, "zero": "dropped"},
        ),
        (
            code6[:5].lstrip("0") if code6.startswith("0") else code6[:5],
            {"check_digit": False, "zero": "either"},
        ),
    ]
    for text, how in forms:
        body = places.body(places.code(text, "here", **how), "here")
        assert (body.lg_code, body.prefecture, body.name) == (code6, prefecture, city or prefecture)
    if city:
        assert places.named(prefecture, city, "here").lg_code == code6
    else:
        assert places.prefecture(prefecture, "here").lg_code == code6


@pytest.mark.parametrize(
    ("text", "how", "message"),
    [
        ("", {"check_digit": True}, "here: '' is not a code (6 digits)"),
        ("11002", {"check_digit": True}, "'11002' is not a code (6 digits)"),
        ("011002", {"check_digit": True, "zero": "dropped"}, "its leading zero dropped"),
        ("０11002", {"check_digit": True}, "is not a code"),
        ("011003", {"check_digit": True}, "'011003' is not a 6-digit code with its check digit"),
        ("1100", {"check_digit": False}, "'1100' is not a code (5 digits)"),
    ],
)
def test_malformed_codes_are_named(text: str, how: dict[str, Any], message: str) -> None:
    with pytest.raises(PlacingError, match=re.escape(message)):
        placer().code(text, "here", **how)


def test_a_code_not_in_the_list_is_named() -> None:
    gone = "40305" + codes.check_digit("40305")  # 那珂川町, a city since 2018-10-01
    with pytest.raises(PlacingError, match=f"here: code {gone} is not in the MIC list"):
        placer().body(gone, "here")


def test_glyph_variant_and_its_limits() -> None:
    assert placer().named("高知県", "檮原町", "here").lg_code == "394050"
    assert placer().named("高知県", "梼原町", "here").lg_code == "394050"
    with pytest.raises(PlacingError, match="here: '檮原村' names no municipality of 高知県"):
        placer().named("高知県", "檮原村", "here")


def test_a_name_that_places_nowhere_lists_candidates() -> None:
    with pytest.raises(PlacingError) as raised:
        placer().named("東京都", "三宅町", "f.csv row 3 column 2")
    assert str(raised.value) == (
        "f.csv row 3 column 2: '三宅町' names no municipality of 東京都; candidates: "
        "東京都 三鷹市 (132047), 東京都 三宅村 (133817)"
    )
    with pytest.raises(PlacingError, match="'東京' is not a prefecture; expected one of"):
        placer().named("東京", "三宅村", "here")


def test_a_name_that_places_twice_lists_both() -> None:
    twins = Master(
        (
            MasterBody("010006", "北海道", "北海道", MunicipalityKind.prefecture, 1),
            MasterBody("016446", "北海道", "池田町", MunicipalityKind.town, 2),
            MasterBody("016454", "北海道", "池田町", MunicipalityKind.town, 3),
        )
    )
    with pytest.raises(PlacingError) as raised:
        Placer(twins, history()).named("北海道", "池田町", "here")
    assert str(raised.value) == (
        "here: '池田町' names 2 municipalities of 北海道: 北海道 池田町 (016446), "
        "北海道 池田町 (016454)"
    )


def test_a_code_as_of_a_date() -> None:
    places = placer()
    assert places.at("40305", dt.date(2018, 9, 30)).lg_code == "402311"  # 那珂川町 → 那珂川市
    assert places.name_on("40305", dt.date(2018, 9, 30)) == "那珂川町"
    with pytest.raises(PlacingError, match=re.escape("f.csv row 2 column 8: 40305 was not in use")):
        places.at("40305", dt.date(2022, 12, 31), "f.csv row 2 column 8")


def test_a_place_claimed_twice_names_both_rows() -> None:
    claims = Claims("f.csv")
    sapporo = master().by_code["011002"]
    claims.claim(sapporo, 4)
    with pytest.raises(
        PlacingError, match=re.escape("f.csv row 9: 北海道 札幌市 (011002) already placed by row 4")
    ):
        claims.claim(sapporo, 9)
    assert [b.lg_code for b in claims.unclaimed(master().bodies)][:2] == ["010006", "012025"]


# --- the registry ---------------------------------------------------------------------------


def test_each_dataset_folder_is_registered_once() -> None:
    folders = [importer.folder for importer in IMPORTERS]
    assert len(folders) == len(set(folders))
    listed = set(read_datasets(REFERENCE))
    assert set(folders) <= listed
    # every dataset listed gives rows through its importer, but the boundaries (lookup files)
    assert listed - set(folders) == {boundaries.FOLDER}


class _Fixed:
    """An importer that returns fixed rows."""

    def __init__(self, folder: str, rows: Rows) -> None:
        self.folder = folder
        self.given: tuple[dict[str, Any], ...] = ()
        self._rows = rows

    def rows(self, context: Context) -> Rows:
        self.given = context.municipalities
        return self._rows


def _change(change_id: str) -> dict[str, Any]:
    return {"change_id": change_id}


def test_rows_are_merged_and_municipalities_passed_on(tmp_path: Path) -> None:
    extended = [{"lg_code": "011002", "website": "https://example"}]
    first = _Fixed("localgovjp", {"municipalities": extended, "code_changes": [_change("a")]})
    second = _Fixed("estat-municipal-changes", {"code_changes": [_change("b")]})
    rows = national_rows(REFERENCE, [{"lg_code": "011002"}], (first, second))
    assert first.given == ({"lg_code": "011002"},)
    assert second.given == tuple(extended)
    assert rows["municipalities"] == extended
    assert rows["code_changes"] == [_change("a"), _change("b")]
    assert rows["sources"] == []  # nothing cited


def test_a_primary_key_written_twice_is_refused() -> None:
    first = _Fixed("localgovjp", {"code_changes": [_change("a")]})
    second = _Fixed("estat-municipal-changes", {"code_changes": [_change("a")]})
    with pytest.raises(
        CurationError,
        match="code_changes\\[change_id='a'\\] is written twice: "
        "by localgovjp and by estat-municipal-changes",
    ):
        national_rows(REFERENCE, [], (first, second))


def test_an_unlisted_folder_is_refused() -> None:
    with pytest.raises(
        CurationError, match=re.escape("nowhere: the folder is not listed in datasets.toml")
    ):
        national_rows(REFERENCE, [], (_Fixed("nowhere", {}),))
