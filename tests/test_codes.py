"""全国地方公共団体コード: check digits, normalisation, and the whole MIC list."""

from __future__ import annotations

import csv

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import jpdx
from jpdx import codes

from .conftest import SOURCES

MIC_CODES = [
    row["code"]
    for row in csv.DictReader((SOURCES / "reference" / "mic_lg_codes.csv").open(encoding="utf-8"))
]


@pytest.mark.parametrize(
    ("code5", "code6"),
    [("35201", "352012"), ("13104", "131041"), ("13113", "131130"), ("01000", "010006")],
)
def test_check_digit_of_documented_examples(code5: str, code6: str) -> None:
    assert codes.check_digit(code5) == code6[5]
    assert codes.normalize(code5) == code6
    assert codes.five_digit(code6) == code5


def test_all_1788_mic_codes_are_valid() -> None:
    assert len(MIC_CODES) == 1788
    assert all(codes.is_valid(code) for code in MIC_CODES)
    released = jpdx.load("municipalities")
    bodies = released.filter(pl.col("kind") != "ward").get_column("lg_code").to_list()
    assert sorted(bodies) == sorted(MIC_CODES)  # and the wards of the designated cities:
    assert all(codes.is_valid(code) for code in released.get_column("lg_code"))


def _remainder(code5: str) -> int:
    return sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True)) % 11


def test_single_digit_corruptions_are_detected_except_the_remainder_0_10_collision() -> None:
    # (11 - r) mod 10 gives check digit 1 for both r = 0 and r = 10, so a corruption that
    # moves the remainder between 0 and 10 keeps a valid check digit. Every other
    # single-digit change, and every change of the check digit itself, is detected.
    undetected, total = [], 0
    for code in MIC_CODES:
        for position in range(6):
            for digit in "0123456789":
                if digit == code[position]:
                    continue
                total += 1
                corrupt = code[:position] + digit + code[position + 1 :]
                if codes.is_valid(corrupt):
                    undetected.append((code, corrupt, position))
    assert total == 1788 * 6 * 9
    for code, corrupt, position in undetected:
        assert position < 5
        assert {_remainder(code[:5]), _remainder(corrupt[:5])} == {0, 10}
    assert len(undetected) / total < 0.02


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_normalize_appends_a_check_digit_that_validates(code5: str) -> None:
    code = codes.normalize(code5)
    assert code[:5] == code5
    assert codes.is_valid(code)
    assert codes.normalize(code) == code


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_full_width_digits_and_spaces_are_accepted(code5: str) -> None:
    full_width = code5.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert codes.normalize(f"  {full_width} ") == codes.normalize(code5)


@given(st.text(max_size=8).filter(lambda s: not (s.strip().isdigit() and len(s.strip()) in (5, 6))))
def test_malformed_codes_raise_invalid_code_error(text: str) -> None:
    try:
        normalized = codes.normalize(text)
    except jpdx.InvalidCodeError as error:
        failed_on = error.value
    else:  # NFKC may turn exotic digits into a valid shape; then the result must validate
        assert codes.is_valid(normalized)
        return
    assert failed_on == text


def test_wrong_check_digit_names_the_right_one() -> None:
    with pytest.raises(jpdx.InvalidCodeError, match=r"352012"):
        codes.normalize("352013")


def test_non_string_code_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        codes.normalize(352012)
