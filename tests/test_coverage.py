"""The fact-mention finder behind the coverage report."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from release_builder.coverage import find_mentions, measure
from release_builder.curation import Skip


@pytest.mark.parametrize(
    ("text", "mention", "kind"),
    [
        ("受講者は19名です", "19名", "number"),
        ("182の手続が", "182の手続", "number"),
        ("計72名(講演者", "72名", "number"),
        ("16道府県25市町村", "16道府県", "number"),
        ("16道府県25市町村", "25市町村", "number"),
        ("エンジニアが10,000名在籍", "10,000名", "number"),
        ("全国７地域の", "７地域", "number"),
        ("三つの視点", "三つ", "number"),
        ("令和6年1月23日(火)", "令和6年1月23日", "date"),
        ("令和5年度から", "令和5年度", "date"),
        ("2024年8月29日(木)", "2024年8月29日", "date"),
        ("8 月上旬まで", "8 月上旬", "date"),
        ("2019年から", "2019年", "date"),
        ("方針2022(", "2022", "date"),
        ("「ワガママLab」を", "ワガママLab", "name"),
        ("『白書』", "白書", "name"),
        ("〔UNIT_YAMAGUCHIの〕", "UNIT_YAMAGUCHIの", "name"),
        ("[KDDI維新ホール]", "KDDI維新ホール", "name"),
    ],
)
def test_finds_documented_kinds_of_mention(text: str, mention: str, kind: str) -> None:
    found = [(m.text, m.kind) for m in find_mentions(text)]
    assert (mention, kind) in found


def test_a_number_inside_a_date_is_part_of_the_date() -> None:
    texts = [m.text for m in find_mentions("令和6年1月23日に")]
    assert texts == ["令和6年1月23日"]


@given(st.text(max_size=200))
def test_mentions_are_exact_spans_in_text_order(text: str) -> None:
    mentions = find_mentions(text)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text


@given(st.text(alphabet="0123456789名年月日「」令和度 あ", max_size=60))
def test_every_mention_is_covered_skipped_or_unaccounted_once(text: str) -> None:
    mentions = find_mentions(text)
    half = mentions[: len(mentions) // 2]
    skips = [Skip(m.text, "a reason long enough to read") for m in mentions[len(half) :][:1]]
    coverage = measure("s", text, [(m.start, m.end) for m in half], skips)
    parts = coverage.covered + coverage.skipped + coverage.unaccounted
    assert sorted(parts, key=lambda m: (m.start, m.end)) == list(coverage.mentions)
    assert set(half) <= set(coverage.covered)


def test_a_skip_matching_nothing_is_reported() -> None:
    coverage = measure("s", "19名", [], [Skip("20名", "a reason long enough to read")])
    assert not coverage.complete
    assert coverage.stale_skips[0].mention == "20名"
