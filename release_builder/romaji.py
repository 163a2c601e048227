"""Katakana readings to Hepburn romaji, the way place names are written in English.

Modified Hepburn without macrons: long vowels are written once (トウキョウ →
Tokyo, オオサカ → Osaka, ユウバリ → Yubari), ン is always ``n`` (``n'`` before a
vowel or y), and ッ doubles the next consonant (``tch`` before ``ch``).
"""

from __future__ import annotations

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


def to_romaji(kana: str) -> str:
    """Hepburn romaji of a katakana reading, capitalised: ``シモノセキ`` → ``Shimonoseki``."""
    syllables = _syllables(kana)
    text = ""
    for index, syllable in enumerate(syllables):
        following = syllables[index + 1] if index + 1 < len(syllables) else ""
        if syllable == "q":
            text += "t" if following.startswith("ch") else following[:1]
        elif syllable == "n":
            text += "n'" if following[:1] in ("a", "i", "u", "e", "o", "y") else "n"
        elif (
            syllable in ("u", "o")
            and text.endswith(("o", "u"))
            and (syllable == "u" or text.endswith("o"))
        ):
            continue  # long vowel: ou, oo, uu are written once
        else:
            text += syllable
    return text[:1].upper() + text[1:]
