"""Romaji of place names: long vowels written once inside a kanji's reading, never across
two; MIC's readings with a full-size ヤ, ユ or ヨ where a small one belongs corrected."""

from __future__ import annotations

import csv
import re
import unicodedata
from itertools import combinations

import pytest
from release_builder.errors import CurationError
from release_builder.master import CORRECTIONS_FILE, name_stem, read_corrections
from release_builder.romaji import alignments, place_romaji, romanize_words, to_romaji

import jpdx
from jpdx.places.keys import reading_stem
from tests.conftest import SOURCES

DRAFT = "2026.12.0"

# Spellings as the places themselves, their railway stations and English references
# write them (without macrons), not as this code produces them.
KNOWN = [
    ("兵庫県豊岡市", "Toyooka"), ("長野県豊丘村", "Toyooka"), ("千葉県勝浦市", "Katsuura"),
    ("徳島県勝浦町", "Katsuura"), ("和歌山県那智勝浦町", "Nachikatsuura"),
    ("岡山県瀬戸内市", "Setouchi"), ("鹿児島県瀬戸内町", "Setouchi"), ("鹿児島県曽於市", "Soo"),
    ("東京都", "Tokyo"), ("大阪府", "Osaka"), ("大分県", "Oita"), ("北海道夕張市", "Yubari"),
    ("兵庫県", "Hyogo"), ("山口県下関市", "Shimonoseki"), ("北海道", "Hokkaido"),
    ("京都府", "Kyoto"), ("高知県", "Kochi"), ("福島県郡山市", "Koriyama"),
    ("兵庫県上郡町", "Kamigori"), ("岩手県遠野市", "Tono"), ("新潟県十日町市", "Tokamachi"),
    ("茨城県大洗町", "Oarai"), ("長崎県松浦市", "Matsuura"), ("鹿児島県西之表市", "Nishinoomote"),
    ("長野県小海町", "Koumi"), ("北海道広尾町", "Hiroo"), ("愛媛県東温市", "Toon"),
    ("北海道滝上町", "Takinoue"), ("長野県山ノ内町", "Yamanouchi"), ("岐阜県輪之内町", "Wanouchi"),
    ("鳥取県琴浦町", "Kotoura"), ("北海道豊浦町", "Toyoura"), ("岡山県勝央町", "Shoo"),
    ("茨城県結城市", "Yuki"), ("東京都青梅市", "Ome"), ("宮崎県日向市", "Hyuga"),
    ("岐阜県郡上市", "Gujo"), ("群馬県桐生市", "Kiryu"), ("山口県防府市", "Hofu"),
    ("兵庫県赤穂市", "Ako"), ("宮崎県都城市", "Miyakonojo"), ("栃木県真岡市", "Moka"),
    ("福岡県直方市", "Nogata"), ("香川県小豆島町", "Shodoshima"), ("新潟県小千谷市", "Ojiya"),
    ("山形県庄内町", "Shonai"), ("群馬県中之条町", "Nakanojo"), ("埼玉県行田市", "Gyoda"),
    ("埼玉県本庄市", "Honjo"), ("埼玉県羽生市", "Hanyu"), ("千葉県九十九里町", "Kujukuri"),
    ("千葉県御宿町", "Onjuku"), ("千葉県鋸南町", "Kyonan"), ("滋賀県竜王町", "Ryuo"),
    ("大阪府四條畷市", "Shijonawate"), ("奈良県広陵町", "Koryo"), ("岡山県総社市", "Soja"),
    ("岡山県新庄村", "Shinjo"), ("沖縄県北谷町", "Chatan"), ("北海道清里町", "Kiyosato"),
    ("東京都千代田区", "Chiyoda"), ("北海道稚内市", "Wakkanai"), ("大阪府箕面市", "Mino"),
]  # fmt: skip

# The 14 readings the MIC list writes with full-size ヤユヨ, as each place reads its name.
CORRECTED = {
    "064289": "ショウナイマチ", "104213": "ナカノジョウマチ", "112062": "ギョウダシ",
    "112119": "ホンジョウシ", "112160": "ハニュウシ", "124036": "クジュウクリマチ",
    "124435": "オンジュクマチ", "124630": "キョナンマチ", "253847": "リュウオウチョウ",
    "272299": "シジョウナワテシ", "294268": "コウリョウチョウ", "332089": "ソウジャシ",
    "335860": "シンジョウソン", "473260": "チャタンチョウ",
}  # fmt: skip


@pytest.mark.parametrize(("place", "romaji"), KNOWN)
def test_known_spellings(place: str, romaji: str) -> None:
    assert jpdx.municipality(place, version=DRAFT).romaji == romaji


@pytest.mark.parametrize(
    ("words", "romaji"),
    [(["トヨ", "オカ"], "Toyooka"), (["トヨオカ"], "Toyoka"), (["トウ", "キョウ"], "Tokyo"),
     (["ソ", "オ"], "Soo"), (["ショウ", "オウ"], "Shoo"), (["サン", "ヨウ"], "San'yo"),
     (["ホッ", "カイ", "ドウ"], "Hokkaido"), (["ハッ", "チョウ"], "Hatcho")],
)  # fmt: skip
def test_long_vowels_are_written_once_within_a_word_only(words: list[str], romaji: str) -> None:
    assert romanize_words(words) == romaji


def test_a_reading_that_does_not_align_is_one_word_only_without_a_long_vowel() -> None:
    assert place_romaji("豊島", "トシマ") == ("Toshima", None)
    with pytest.raises(CurationError, match="long vowel"):
        place_romaji("豊島", "トウシマ")


def test_alignments_follow_the_kanji() -> None:
    assert place_romaji("豊岡", "トヨオカ") == ("Toyooka", [("豊", "トヨ"), ("岡", "オカ")])
    assert ("", "ノ") in (place_romaji("滝上", "タキノウエ")[1] or [])
    assert to_romaji("トヨオカ") == "Toyoka"  # one word: what 2026.11.0 wrote


def _raw_readings() -> dict[str, tuple[str, str]]:
    """Code → (name, reading as published, NFKC) from the vendored MIC file."""
    with (SOURCES / "reference" / "mic_lg_codes.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        r["code"]: (
            r["city"] or r["prefecture"],
            unicodedata.normalize("NFKC", r["city_kana"] or r["prefecture_kana"]),
        )
        for r in rows
    }


def test_the_corrected_readings_are_the_ones_listed() -> None:
    corrections = read_corrections(SOURCES / "reference" / CORRECTIONS_FILE).reading
    small = {code: c.now for code, c in corrections.items() if c.kind == "small-kana"}
    assert small == CORRECTED
    draft = {p.lg_code: p.kana for p in jpdx.records("municipalities", version=DRAFT)}
    published = {p.lg_code: p.kana for p in jpdx.records("municipalities", version="2026.11.0")}
    raw = _raw_readings()
    for code, kana in draft.items():
        assert kana == CORRECTED.get(code, raw[code][1]), code
        assert published[code] == raw[code][1]  # 2026.11.0 keeps what it published


_FULL_Y = re.compile(r"(?<=[キギシジチヂニヒビピミリ])[ヤユヨ]")
_SMALL = str.maketrans("ヤユヨ", "ャュョ")


def test_full_size_y_readings_are_found_by_the_dictionary_not_by_the_letters() -> None:
    """A full-size ヤユヨ after an i-row kana is a mistake where the reading as published does
    not fit the kanji and the reading with a small kana does; elsewhere (清里 キヨサト) it
    is kept. The places found are exactly the 14 corrected."""
    found, kept = set(), set()
    for code, (name, kana) in _raw_readings().items():
        stem, kana_stem = name_stem(name), reading_stem(name, kana)
        assert kana_stem is not None
        spots = [m.start() for m in _FULL_Y.finditer(kana_stem)]
        if not spots:
            continue
        if alignments(stem, kana_stem):
            kept.add(name)
            continue
        fits = [
            fixed
            for n in range(1, len(spots) + 1)
            for chosen in combinations(spots, n)
            if alignments(
                stem,
                fixed := "".join(
                    c.translate(_SMALL) if i in chosen else c for i, c in enumerate(kana_stem)
                ),
            )
        ]
        assert len(fits) == 1, (code, name, fits)
        found.add(code)
        assert kana.replace(kana_stem, fits[0], 1) == CORRECTED[code]
    assert found == set(CORRECTED)
    assert {"清里町", "宮城県", "千代田区", "清瀬市", "八千代市"} <= kept
