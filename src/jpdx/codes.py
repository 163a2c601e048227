"""全国地方公共団体コード: the 6-digit local-government code and its check digit.

A code is five digits (two for the prefecture, three for the municipality)
followed by a check digit: with weights 6, 5, 4, 3, 2 over the first five digits,
``S mod 11 = r`` and the check digit is ``(11 - r) mod 10``. e-Stat and many
statistical tables use the five-digit form without the check digit.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from jpdx.errors import InvalidArgumentError, InvalidCodeError, describe

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(code5: str) -> str:
    """The check digit of a five-digit code: ``check_digit("35201") == "2"``."""
    if len(code5) != 5 or not code5.isascii() or not code5.isdigit():
        raise InvalidCodeError(
            f"a check digit is computed from exactly five ASCII digits, got {describe(code5)}",
            value=code5,
        )
    remainder = sum(int(d) * w for d, w in zip(code5, _WEIGHTS, strict=True)) % 11
    return str((11 - remainder) % 10)


def is_valid(code: str) -> bool:
    """True when ``code`` is six ASCII digits whose last digit is the right check digit."""
    return isinstance(code, str) and _is_valid(code)


@lru_cache(maxsize=8192)  # records of a national table check the same ~1,800 codes often
def _is_valid(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit() and check_digit(code[:5]) == code[5]


def normalize(code: object) -> str:
    """Return the 6-digit code for a 5- or 6-digit code given as text.

    Full-width digits and surrounding spaces are accepted; a 6-digit code must
    carry the right check digit. Raises :class:`jpdx.InvalidCodeError` otherwise.
    """
    if not isinstance(code, str):
        raise InvalidArgumentError(
            f"a local-government code is a string such as '352012', got {type(code).__name__} "
            f"{describe(code)}",
            value=code,
        )
    digits = unicodedata.normalize("NFKC", code).strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) in (5, 6)):
        raise InvalidCodeError(
            f"a local-government code has 5 or 6 digits (e.g. '35201' or '352012'), "
            f"got {describe(code)}",
            value=code,
        )
    expected = check_digit(digits[:5])
    if len(digits) == 6 and digits[5] != expected:
        raise InvalidCodeError(
            f"wrong check digit in local-government code {describe(code)}: "
            f"the check digit of {digits[:5]} is {expected} ({digits[:5]}{expected})",
            value=code,
        )
    return digits[:5] + expected


def five_digit(code: str) -> str:
    """The 5-digit form (no check digit) used by e-Stat: ``five_digit("352012") == "35201"``."""
    return normalize(code)[:5]


def prefecture_code(code: str) -> str:
    """The two-digit prefecture part of a code: ``prefecture_code("352012") == "35"``."""
    return normalize(code)[:2]


def prefecture_lg_code(prefecture: str) -> str:
    """The 6-digit code of a prefecture from its two digits: ``"35"`` → ``"350001"``."""
    if len(prefecture) != 2 or not prefecture.isascii() or not prefecture.isdigit():
        raise InvalidCodeError(
            f"a prefecture code has two digits, got {describe(prefecture)}", value=prefecture
        )
    return normalize(prefecture + "000")
