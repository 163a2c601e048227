"""Municipality lookups: every name, reading, romaji and code; ambiguity is never guessed."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jpdx

MUNICIPALITIES = jpdx.records("municipalities")
CITY_NAMES = {m.lg_code: m.name for m in MUNICIPALITIES if m.kind == "designated_city"}
BY_NAME: dict[str, list[str]] = defaultdict(list)
for _place in MUNICIPALITIES:
    BY_NAME[_place.name].append(_place.lg_code)
SHARED_NAMES = sorted(name for name, found in BY_NAME.items() if len(found) > 1)


def _full(place: jpdx.models.Municipality) -> str:
    if place.kind == "prefecture":
        return place.name
    city = CITY_NAMES[place.city_lg_code] if place.city_lg_code else ""  # a ward's city
    return place.prefecture + city + place.name


def test_every_code_and_full_name_resolves_to_itself() -> None:
    for place in MUNICIPALITIES:
        assert jpdx.municipality(place.lg_code) == place
        assert jpdx.municipality(place.lg_code[:5]) == place
        assert jpdx.municipality(_full(place)) == place


def test_every_unique_name_and_reading_resolves() -> None:
    for place in MUNICIPALITIES:
        if len(BY_NAME[place.name]) == 1:
            assert jpdx.municipality(place.name) == place


@pytest.mark.parametrize("name", ["伊達市", "府中市", "森町", "池田町", "美里町"])
def test_documented_shared_names_are_ambiguous(name: str) -> None:
    assert name in SHARED_NAMES


def test_every_shared_name_raises_listing_every_candidate() -> None:
    assert len(SHARED_NAMES) >= 20
    for name in SHARED_NAMES:
        with pytest.raises(jpdx.AmbiguousNameError) as raised:
            jpdx.municipality(name)
        for code in BY_NAME[name]:
            assert code in str(raised.value)
        assert len(raised.value.choices) == len(BY_NAME[name])


def test_ambiguity_is_resolved_by_prefecture_or_code() -> None:
    assert jpdx.municipality("北海道伊達市").lg_code == "012335"
    assert jpdx.municipality("福島県伊達市").lg_code == "072133"
    assert jpdx.municipality("072133").name == "伊達市"


@pytest.mark.parametrize(
    "query",
    ["下関市", "山口県下関市", "下関", "シモノセキシ", "しものせきし", "シモノセキ", "Shimonoseki",
     "shimonoseki", "SHIMONOSEKI", "Shimonoseki-shi", "Shimonoseki City", "352012", "35201",
     "３５２０１２", " 下関市 ", "ｼﾓﾉｾｷｼ"],
)  # fmt: skip
def test_forms_of_one_name(query: str) -> None:
    assert jpdx.municipality(query).lg_code == "352012"


@pytest.mark.parametrize(
    "query", ["兵庫県", "兵庫", "Hyogo", "Hyōgo", "Hyogo Prefecture", "280003"]
)
def test_forms_of_a_prefecture(query: str) -> None:
    assert jpdx.municipality(query).lg_code == "280003"


@pytest.mark.parametrize(
    ("query", "error"),
    [("下関氏", jpdx.UnknownPlaceError), ("", jpdx.UnknownPlaceError), ("   ", jpdx.UnknownPlaceError),
     ("352013", jpdx.InvalidCodeError), ("999999", jpdx.InvalidCodeError),
     ("99000", jpdx.UnknownPlaceError), ("Atlantis", jpdx.UnknownPlaceError),
     ("伊達市", jpdx.AmbiguousNameError), ("Yamaguchi", jpdx.AmbiguousNameError)],
)  # fmt: skip
def test_bad_names_raise_typed_errors(query: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        jpdx.municipality(query)


def test_near_miss_suggests_the_name() -> None:
    with pytest.raises(jpdx.UnknownPlaceError, match="下関市"):
        jpdx.municipality("下関氏")


@given(st.one_of(st.integers(), st.none(), st.lists(st.text()), st.binary()))
def test_non_strings_are_type_errors(value: object) -> None:
    with pytest.raises(jpdx.InvalidArgumentError):
        jpdx.municipality(value)  # type: ignore[arg-type]


@given(st.text(max_size=12))
def test_any_text_resolves_or_raises_a_lookup_or_code_error(text: str) -> None:
    try:
        place = jpdx.municipality(text)
    except (jpdx.UnknownPlaceError, jpdx.AmbiguousNameError, jpdx.InvalidCodeError):
        return
    assert place in MUNICIPALITIES
