"""Text normalisation shared by lookups and searches."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
_SMALL_TO_FULL = str.maketrans("ァィゥェォッャュョヮヵヶヂヅ", "アイウエオツヤユヨワカケジズ")
_KANJI_VARIANTS = str.maketrans(
    "龍條澤邊邉嶋嶌﨑檜舘濱廣櫻齋齊曾眞冨萬壹與國縣會關龜寶榮靜惠德黑淺澁瀧檮",
    "竜条沢辺辺島島崎桧館浜広桜斎斉曽真富万壱与国県会関亀宝栄静恵徳黒浅渋滝梼",
)
_KANJI = r"[\u3400-\u9fff\uf900-\ufaff々]"
_CONNECTING_KE = rf"(?<={_KANJI})[ヶヵケカがガ](?={_KANJI})"
_LATIN_YOON = re.compile(r"(sh|ch|j)iy(?=[aou])|([kgnhbpmr])iy(?=[aou])")
_LATIN_LABIAL_M = re.compile(r"m(?=[mbp])")
_LATIN_OH = re.compile(r"oh(?![aiueoy])")
_LATIN_LONG = re.compile(r"o[ou]+|uu+")


_VARIATION_SELECTOR = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef\u180b-\u180d]")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A pattern compiled on first use: one over the kanji ranges takes milliseconds, which
    every ``import jpdx`` would pay."""
    return re.compile(pattern)


def clean(text: str) -> str:
    """NFKC without what pasted text carries unseen: format characters (zero-width spaces
    and joiners, byte-order marks, direction marks, soft hyphens), tabs and line breaks,
    ideographic and other variation selectors (``葛\U000e0100`` → ``葛``); surrounding
    white space removed. Other control characters (NUL) stay, to be refused as typed."""
    text = unicodedata.normalize("NFKC", text)
    # isprintable() is False for every format and control character (and for white space
    # other than the ASCII space), so most names take this path without a loop
    if text.isprintable() and not _VARIATION_SELECTOR.search(text):
        return text.strip()
    return "".join(char for char in text if not _is_invisible(char)).strip()


def _is_invisible(char: str) -> bool:
    category = unicodedata.category(char)
    return (
        category == "Cf"
        or (category == "Cc" and char.isspace())
        or bool(_VARIATION_SELECTOR.fullmatch(char))
    )


def katakana(text: str) -> str:
    """NFKC with hiragana written as katakana (``ちゅうおうく`` → ``チュウオウク``)."""
    return unicodedata.normalize("NFKC", text).translate(_HIRAGANA_TO_KATAKANA)


def fold(text: str) -> str:
    """NFKC, case-folded, hiragana as katakana, white space removed: the form lookups compare."""
    return "".join(katakana(text).casefold().split())


def fold_latin(text: str) -> str:
    """Letters and digits only, lower case, macrons and other accents removed (``Hyōgo`` → ``hyogo``)."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def fold_variants(text: str) -> str:
    """:func:`fold`, then the spellings a name is also written in made one: small kana as
    full-size (ショウ = シヨウ), ヂ ヅ as ジ ズ, ヶ ケ ヵ カ が between two kanji as ケ
    (龍ヶ崎 = 龍ケ崎), and old or variant kanji as their common form (龍 = 竜, 條 = 条)."""
    folded = _compiled(_CONNECTING_KE).sub("ケ", fold(text))
    return folded.translate(_KANJI_VARIANTS).translate(_SMALL_TO_FULL)


def fold_latin_variants(text: str) -> str:
    """:func:`fold_latin`, then romanisations of one reading made one: long vowels once
    (``Toukyou``, ``Ooita``, ``Ohta`` → ``tokyo``, ``oita``, ``ota``), ``m`` before m, b, p
    as ``n`` (``Gumma`` → ``gunma``) and ``iy`` before a vowel as a contracted sound
    (``Shiyonai`` → ``shonai``, ``Riyuo`` → ``ryuo``)."""
    folded = fold_latin(text)
    folded = _LATIN_YOON.sub(lambda m: m.group(1) or m.group(2) + "y", folded)
    folded = _LATIN_LABIAL_M.sub("n", folded)
    folded = _LATIN_OH.sub("o", folded)
    return _LATIN_LONG.sub(lambda m: m.group(0)[0], folded)
