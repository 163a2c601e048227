"""Spelling variants of place names: old spellings stay findable, folded keys never guess."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import jpdx
from jpdx.models import Municipality
from jpdx.places.keys import reading_stem
from jpdx.text import fold, fold_latin

DRAFT = "2026.12.0"
PUBLISHED = tuple(jpdx.records("municipalities", version="2026.11.0"))
ROWS = tuple(jpdx.records("municipalities", version=DRAFT))
BY_CODE = {p.lg_code: p for p in ROWS}

# Both are 新庄 (Shinjō): once 新庄村's reading lost its full-size ヨ, its old romaji and
# the shared new one name both places.
NEWLY_SHARED = {"Shinjo", "Shinjiyo"}


def _found(query: str, version: str) -> tuple[set[str], bool]:
    """Codes ``query`` names in ``version`` and whether it is ambiguous there."""
    try:
        return {jpdx.municipality(query, version=version).lg_code}, False
    except jpdx.AmbiguousNameError as error:
        return {label[-7:-1] for label in error.choices}, True


def test_every_name_kana_and_romaji_of_2026_11_0_still_finds_its_place() -> None:
    for old in PUBLISHED:
        assert BY_CODE[old.lg_code].name == old.name
        for query in (old.romaji, old.kana, old.name, f"{old.romaji}-shi"):
            if query.endswith("-shi") and old.kind not in ("city", "designated_city"):
                continue
            before, was_ambiguous = _found(query, "2026.11.0")
            now, is_ambiguous = _found(query, DRAFT)
            assert old.lg_code in now, (old.name, query, now)
            if is_ambiguous and not was_ambiguous:
                assert query in NEWLY_SHARED, (old.name, query, now)
            if not is_ambiguous:
                assert now == before or old.lg_code in before, (old.name, query)


@pytest.mark.parametrize(
    ("query", "code"),
    [("Hyougo", "280003"), ("Toukyou", "130001"), ("Tookyoo", "130001"),
     ("Gumma", "100005"), ("Gunma", "100005"), ("Oosaka-fu", "270008"), ("Ohsaka City", "271004"),
     ("龍ヶ崎市", "082082"), ("竜ケ崎市", "082082"), ("竜ヶ崎", "082082"), ("龍が崎市", "082082"),
     ("茅ケ崎市", "142077"), ("茅ヶ崎市", "142077"), ("関ヶ原町", "213624"),
     ("関ケ原町", "213624"), ("四条畷市", "272299"), ("シヨウナイマチ", "064289"),
     ("しようないまち", "064289"), ("ショウナイマチ", "064289"), ("Shiyonai", "064289"),
     ("Shonai-machi", "064289"), ("Chiyatan", "473260"), ("Chatan", "473260"),
     ("Soo", "462179"), ("So", "462179"), ("Sho-o", "336220"), ("Hiroo", "016420"),
     ("Toyooka-shi", "282090"), ("Toyoka City", "282090"), ("オヂヤシ", "152081"),
     ("Kouriyama", "072036"), ("Shimonoseki", "352012")],
)  # fmt: skip
def test_variant_spellings(query: str, code: str) -> None:
    assert jpdx.municipality(query, version=DRAFT).lg_code == code


@pytest.mark.parametrize(
    ("query", "codes"),
    [("Toyoka", {"282090", "204161"}), ("Toyooka", {"282090", "204161"}),
     ("Katsura", {"122181", "363014"}), ("Setochi", {"332127", "465259"}),
     ("Shinjo", {"062057", "335860"}), ("Ooita", {"440001", "442011"})],
)  # fmt: skip
def test_a_folded_key_that_fits_several_places_raises_listing_each(
    query: str, codes: set[str]
) -> None:
    with pytest.raises(jpdx.AmbiguousNameError) as raised:
        jpdx.municipality(query, version=DRAFT)
    assert {label[-7:-1] for label in raised.value.choices} == codes


def test_exact_forms_win_over_folded_ones() -> None:
    # 大野市 and 小野市 are Ono; the folded key ono would also hold every Oono, Ohno
    assert jpdx.municipality("福井県大野市", version=DRAFT).lg_code == "182052"
    # キヨサト is 清里町's reading as written; folding ヨ must not reach ky- spellings first
    assert jpdx.municipality("キヨサトチョウ", version=DRAFT).lg_code == "015466"
    assert jpdx.municipality("Kiyosato", version=DRAFT).lg_code == "015466"


# Replacements that spell the same name another way; each applies to any one occurrence.
_LATIN = [("o", "ou"), ("o", "oo"), ("o", "oh"), ("u", "uu"), ("n", "m"),
          ("sh", "shiy"), ("ch", "chiy"), ("j", "jiy"), ("ky", "kiy"), ("ry", "riy")]  # fmt: skip
_KANA = [("ャ", "ヤ"), ("ュ", "ユ"), ("ョ", "ヨ"), ("ッ", "ツ"), ("ジ", "ヂ"), ("ズ", "ヅ")]
_NAME = [("ケ", "ヶ"), ("ヶ", "ケ"), ("ケ", "が"), ("ヶ", "ヵ"), ("竜", "龍"), ("龍", "竜"),
         ("条", "條"), ("條", "条"), ("沢", "澤"), ("島", "嶋"), ("崎", "﨑"), ("曽", "曾"), ("梼", "檮")]  # fmt: skip
_LATIN_NEXT = {"o": "aiueo", "u": "aiueo", "n": "mbp"}
_YOON = {"sh", "ch", "j", "ky", "ry"}  # spelt with iy only before a, u, o


def _direct_forms(place: Municipality) -> set[str]:
    stem = reading_stem(place.name, place.kana) or place.kana
    return {
        fold(place.name), fold(place.kana), fold(place.prefecture + place.name),
        fold(place.name[:-1]), fold(stem), fold_latin(place.romaji),
    }  # fmt: skip


DIRECT: dict[str, set[str]] = {}
for _place in ROWS:
    for _form in _direct_forms(_place):
        DIRECT.setdefault(_form, set()).add(_place.lg_code)


def _substitute(text: str, rules: list[tuple[str, str]], data: st.DataObject) -> str:
    """``text`` with one to three of its spots, each spelt another way by ``rules``."""
    spots = [
        (i, old, new)
        for old, new in rules
        for i in range(len(text))
        if text.startswith(old, i)
        and (old not in _YOON or text[i + len(old) : i + len(old) + 1] in tuple("auo"))
        and (
            old not in _LATIN_NEXT
            or (
                (new == "m") == (text[i + 1 : i + 2] in tuple(_LATIN_NEXT[old]))
                and (new != "oh" or text[i + 1 : i + 2] not in tuple("aiueoy"))
            )
        )
    ]
    if not spots:
        return text
    chosen = data.draw(st.lists(st.sampled_from(spots), min_size=1, max_size=3))
    changed = len(text) + 1
    for i, old, new in sorted({spot[0]: spot for spot in chosen}.values(), reverse=True):
        if i + len(old) <= changed:  # spots apart: none changed by another
            text, changed = text[:i] + new + text[i + len(old) :], i
    return text


@given(st.sampled_from(ROWS), st.sampled_from(["romaji", "kana", "name"]), st.data())
def test_variants_of_every_row_find_it_or_an_ambiguity_that_lists_it(
    place: Municipality, column: str, data: st.DataObject
) -> None:
    original = getattr(place, column)
    rules = {"romaji": _LATIN, "kana": _KANA, "name": _NAME}[column]
    query = _substitute(original if column != "romaji" else original.lower(), rules, data)
    # a variant that is itself another place's own name, reading or romaji finds that place
    key = fold_latin(query) if column == "romaji" else fold(query)
    assume(DIRECT.get(key, {place.lg_code}) >= {place.lg_code})
    found, _ = _found(query, DRAFT)
    assert place.lg_code in found, (original, query, found)


@pytest.mark.parametrize(
    ("query", "today", "date"),
    [("福岡県那珂川町", "402311", "2018-10-01"), ("40305", "402311", "2018-10-01"),
     ("403059", "402311", "2018-10-01"), ("篠山市", "282219", "2019-05-01"),
     ("兵庫県篠山市", "282219", "2019-05-01"), ("浦和市", "111007", "2001-05-01"),
     ("大宮市", "111007", "2001-05-01"), ("与野市", "111007", "2001-05-01"),
     ("秋川市", "132284", "1995-09-01"), ("東京都五日市町", "132284", "1995-09-01")],
)  # fmt: skip
def test_former_names_and_codes_name_the_place_they_became(
    query: str, today: str, date: str
) -> None:
    with pytest.raises(jpdx.FormerPlaceError) as raised:
        jpdx.municipality(query, version=DRAFT)
    assert [label[-7:-1] for label in raised.value.choices] == [today]
    assert date in str(raised.value)
    assert "former" in str(raised.value)
    assert isinstance(raised.value, jpdx.UnknownPlaceError)  # caught as before


def test_a_current_name_wins_over_a_former_one() -> None:
    # 福岡県那珂川町 became a city; 栃木県那珂川町 is a town of today
    assert jpdx.municipality("那珂川町", version=DRAFT).lg_code == "094111"


def test_a_release_without_code_changes_knows_no_former_names() -> None:
    with pytest.raises(jpdx.UnknownPlaceError) as raised:
        jpdx.municipality("40305", version="2026.11.0")
    assert not isinstance(raised.value, jpdx.FormerPlaceError)


def test_a_former_name_of_several_places_lists_each() -> None:
    # 五日市町 of 東京都 (into あきる野市, 1995) and of 広島県 (into 広島市, 1985)
    with pytest.raises(jpdx.FormerPlaceError) as raised:
        jpdx.municipality("五日市町", version=DRAFT)
    assert {label[-7:-1] for label in raised.value.choices} == {"132284", "341002"}
