"""Text normalisation shared by lookups and searches."""

from __future__ import annotations

import unicodedata

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def fold(text: str) -> str:
    """NFKC, case-folded, hiragana as katakana, white space removed: the form lookups compare."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_HIRAGANA_TO_KATAKANA)
    return "".join(folded.split())


def fold_latin(text: str) -> str:
    """Letters and digits only, lower case, macrons and other accents removed (``Hyōgo`` → ``hyogo``)."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())
