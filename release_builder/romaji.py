"""Katakana readings to Hepburn romaji, the way place names are written in English.

Modified Hepburn without macrons: a long vowel inside one kanji's reading is written
once (東京 トウ|キョウ → Tokyo, 大阪 オオ|サカ → Osaka, 夕張 ユウ|バリ → Yubari), while
vowels that meet across two kanji stay (豊岡 トヨ|オカ → Toyooka, 勝浦 カツ|ウラ →
Katsuura, 曽於 ソ|オ → Soo). ン is always ``n`` (``n'`` before a vowel or y) and ッ
doubles the next consonant (``tch`` before ``ch``).

Word boundaries come from aligning MIC's reading to the characters of the name with the
per-kanji readings of the KAKASI dictionary (pykakasi, a build-time dependency): a name
whose reading cannot be aligned is romanised as one word, which the builder allows only
where no long vowel could be merged (亘理 ワタリ, 豊島 トシマ).
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterator, Sequence
from typing import Any, cast

from release_builder.errors import CurationError

_MORA = {
    **dict(zip("アイウエオ", ["a", "i", "u", "e", "o"], strict=True)),
    **dict(zip("カキクケコ", ["ka", "ki", "ku", "ke", "ko"], strict=True)),
    **dict(zip("ガギグゲゴ", ["ga", "gi", "gu", "ge", "go"], strict=True)),
    **dict(zip("サシスセソ", ["sa", "shi", "su", "se", "so"], strict=True)),
    **dict(zip("ザジズゼゾ", ["za", "ji", "zu", "ze", "zo"], strict=True)),
    **dict(zip("タチツテト", ["ta", "chi", "tsu", "te", "to"], strict=True)),
    **dict(zip("ダヂヅデド", ["da", "ji", "zu", "de", "do"], strict=True)),
    **dict(zip("ナニヌネノ", ["na", "ni", "nu", "ne", "no"], strict=True)),
    **dict(zip("ハヒフヘホ", ["ha", "hi", "fu", "he", "ho"], strict=True)),
    **dict(zip("バビブベボ", ["ba", "bi", "bu", "be", "bo"], strict=True)),
    **dict(zip("パピプペポ", ["pa", "pi", "pu", "pe", "po"], strict=True)),
    **dict(zip("マミムメモ", ["ma", "mi", "mu", "me", "mo"], strict=True)),
    **dict(zip("ヤユヨ", ["ya", "yu", "yo"], strict=True)),
    **dict(zip("ラリルレロ", ["ra", "ri", "ru", "re", "ro"], strict=True)),
    **dict(zip("ワヰヱヲ", ["wa", "i", "e", "o"], strict=True)),
    "ヴ": "vu",
}
_YOON_BASE = {
    "キ": "ky", "ギ": "gy", "シ": "sh", "ジ": "j", "チ": "ch", "ヂ": "j", "ニ": "ny",
    "ヒ": "hy", "ビ": "by", "ピ": "py", "ミ": "my", "リ": "ry",
}  # fmt: skip
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
_VOICED: dict[str, tuple[str, ...]] = {
    plain: (voiced,)
    for plain, voiced in zip(
        "カキクケコサシスセソタトハヒフヘホ", "ガギグゲゴザジズゼゾダドバビブベボ", strict=True
    )
}
_VOICED |= {"チ": ("ヂ", "ジ"), "ツ": ("ヅ", "ズ")}  # MIC writes both (オヂヤ, ミヤヅ; ジ, ズ)
_SEMIVOICED = dict(zip("ハヒフヘホ", "パピプペポ", strict=True))
_KANA_IN_NAMES = {"ヶ": ("ケ", "ガ", "カ"), "ヵ": ("カ", "ケ", "ガ"), "ケ": ("ケ", "ガ", "カ")}

_UNWRITTEN = ("ノ", "ガ", "ツ")
"""Particles a reading may have between two kanji without a character for them."""

Segment = tuple[str, str]
"""Characters of a name and the part of its reading they are read as."""


def _syllables(kana: str) -> list[str]:
    """Split a katakana reading into romanized syllables (ン as "n", ッ as "q")."""
    out: list[str] = []
    i = 0
    while i < len(kana):
        char, nxt = kana[i], kana[i + 1] if i + 1 < len(kana) else ""
        if char in _YOON_BASE and nxt in _SMALL_Y:
            out.append(_YOON_BASE[char] + _SMALL_Y[nxt])
            i += 2
            continue
        if char == "ン":
            out.append("n")
        elif char == "ッ":
            out.append("q")
        elif char == "ー":
            pass
        elif char in _MORA:
            out.append(_MORA[char])
        else:
            raise CurationError(f"cannot romanize {char!r} in reading {kana!r}", value=kana)
        i += 1
    return out


def romanize_words(words: Sequence[str]) -> str:
    """Hepburn romaji of a reading split into words, capitalised; a long vowel (ou, oo,
    uu) is written once within a word, never across two: ``["トヨ", "オカ"]`` → ``Toyooka``."""
    syllables = [(syllable, n) for n, word in enumerate(words) for syllable in _syllables(word)]
    text = ""
    for index, (syllable, word) in enumerate(syllables):
        following = syllables[index + 1][0] if index + 1 < len(syllables) else ""
        same_word = index > 0 and syllables[index - 1][1] == word
        if syllable == "q":
            text += "t" if following.startswith("ch") else following[:1]
        elif syllable == "n":
            text += "n'" if following[:1] in ("a", "i", "u", "e", "o", "y") else "n"
        elif (
            same_word
            and syllable in ("u", "o")
            and text.endswith(("o", "u"))
            and (syllable == "u" or text.endswith("o"))
        ):
            continue  # long vowel: ou, oo, uu are written once
        else:
            text += syllable
    return text[:1].upper() + text[1:]


def to_romaji(kana: str) -> str:
    """Hepburn romaji of a katakana reading taken as one word: ``シモノセキ`` → ``Shimonoseki``."""
    return romanize_words([kana])


def _katakana(text: str) -> str:
    return text.translate(_HIRAGANA_TO_KATAKANA)


def _is_kana(char: str) -> bool:
    return 0x3041 <= ord(char) <= 0x30FF and char not in "々ー・"


def _forms(reading: str) -> set[str]:
    """A reading as it may sound inside a compound: voiced (rendaku), p after ッ or ン, and
    a final ツ, チ, ク or キ as ッ (北 ホク → ホッ in ホッカイドウ)."""
    forms = {reading}
    for voiced in _VOICED.get(reading[:1], ()):
        forms.add(voiced + reading[1:])
    if reading[:1] in _SEMIVOICED:
        forms.add(_SEMIVOICED[reading[0]] + reading[1:])
    for form in list(forms):
        if len(form) > 1 and form[-1] in "ツチクキ":
            forms.add(form[:-1] + "ッ")
    return forms


@functools.cache
def _kakasi() -> tuple[Any, Any]:
    """The KAKASI kanji dictionary (first character → {word: [(reading, context)]}) and its
    table of variant kanji, loaded on first use: pykakasi is needed to build, not to read."""
    kanji: Any = importlib.import_module("pykakasi.kanji")
    return kanji.Kanwa(), kanji.Itaiji()


def _dictionary_words(text: str) -> dict[str, list[tuple[str, object]]]:
    kanwa, itaiji = _kakasi()
    table = kanwa.load(itaiji.convert(text[0]))
    return cast("dict[str, list[tuple[str, object]]]", table or {})


def _normalise(text: str) -> str:
    return cast(str, _kakasi()[1].convert(text))


def _readings(name: str, start: int) -> set[tuple[int, str]]:
    """(length, katakana reading) of every dictionary word of ``name`` starting at ``start``;
    a run of kana in the name is one word read as written."""
    char = name[start]
    if _is_kana(char):
        end = start
        while end < len(name) and _is_kana(name[end]):
            end += 1
        options = [""]
        for kana in _katakana(name[start:end]):
            options = [o + f for o in options for f in _KANA_IN_NAMES.get(kana, (kana,))]
        return {(end - start, option) for option in options}
    if char == "々":  # repeats the kanji before it
        if start == 0:
            return set()
        return {(1, f) for n, r in _readings(name, start - 1) if n == 1 for f in _forms(r)}
    table = _dictionary_words(char)
    rest = _normalise(name[start:])
    found: set[tuple[int, str]] = set()
    for word, readings in table.items():
        if rest.startswith(word):
            for reading, context in readings:
                if context is None:
                    found |= {(len(word), form) for form in _forms(_katakana(reading))}
    return found


def alignments(name: str, kana: str) -> list[list[Segment]]:
    """Every way of reading ``name`` as ``kana`` with dictionary readings, one kanji (or
    dictionary word, or run of kana) per segment."""

    @functools.cache
    def rest(i: int, j: int) -> tuple[tuple[Segment, ...], ...]:
        if i == len(name):
            return ((),) if j == len(kana) else ()
        out: list[tuple[Segment, ...]] = []
        for length, reading in _readings(name, i):
            if kana.startswith(reading, j):
                for tail in rest(i + length, j + len(reading)):
                    out.append(((name[i : i + length], reading), *tail))
        if i > 0 and not _is_kana(name[i - 1]) and not _is_kana(name[i]):
            for particle in _UNWRITTEN:  # 滝上 タキ|ノ|ウエ
                if kana.startswith(particle, j):
                    out.extend((("", particle), *tail) for tail in rest(i, j + 1))
        return tuple(out)

    return [list(found) for found in rest(0, 0)]


def _finest(found: list[list[Segment]]) -> Iterator[list[Segment]]:
    most = max(len(a) for a in found)
    return (a for a in found if len(a) == most)


def place_romaji(name: str, kana: str) -> tuple[str, list[Segment] | None]:
    """Romaji of a place name's stem (``豊岡``, ``トヨオカ`` → ``Toyooka``) and the alignment
    it follows (None when the reading does not align and is taken as one word, which is
    allowed only where it has no long vowel to write once or twice).

    The finest alignment wins (one kanji per segment before dictionary compounds, so
    豊岡 is トヨ|オカ, not the compound トヨオカ); alignments that fit equally well but
    give different romaji raise :class:`CurationError`.
    """
    found = alignments(name, kana)
    if not found:
        romaji = to_romaji(kana)
        if romaji != romanize_words(re.findall(".[ャュョ]?", kana)):
            raise CurationError(
                f"{name} {kana}: the reading does not align with the kanji, and where its "
                "words meet decides the spelling of a long vowel",
                value=name,
            )
        return romaji, None
    finest = list(_finest(found))
    spellings = {romanize_words([r for _, r in a]): a for a in finest}
    if len(spellings) > 1:
        raise CurationError(
            f"{name} {kana}: the reading aligns in ways that spell it differently: "
            f"{sorted(spellings)}",
            value=name,
        )
    ((romaji, alignment),) = spellings.items()
    return romaji, alignment
