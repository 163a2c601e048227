"""The coverage report: every fact mention in a source is curated or skipped with a reason.

A *mention* is a span of a source text that may state a fact:

* ``date`` — a date, month, year or fiscal year in 和暦 or Gregorian form
  (令和6年1月23日, 令和5年度, 2024年8月29日, 8月上旬, a bare 2019);
* ``number`` — a number with a counter or unit, in Arabic, full-width or kanji
  digits (19名, 182の手続, 16道府県, 10,000名, 三つ, 72名);
* ``name`` — the text inside 「」, 『』, 〔〕 or [].

A mention is *covered* when it lies inside an evidence span of a record of the
same source, and *skipped* when the curation file lists its text (or its text
and start) under ``[[skipped]]`` with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from release_builder.curation import Skip

MentionKind = Literal["date", "number", "name"]

_D = "[0-9０-９]"
_K = "[〇一二三四五六七八九十百千万]"
_ERA = "(?:明治|大正|昭和|平成|令和)"
_S = r"[ \t　]*"
_MONTH_DAY = rf"(?:{_S}{_D}{{1,2}}{_S}月(?:{_S}{_D}{{1,2}}{_S}日)?(?:{_S}[上中下]旬)?)?"
_DATE = re.compile(
    "|".join(
        (
            rf"{_ERA}{_S}(?:元|{_D}{{1,2}}|{_K}{{1,3}}){_S}年度?{_MONTH_DAY}",
            rf"(?<![0-9０-９]){_D}{{4}}{_S}年度?{_MONTH_DAY}",
            rf"(?<![0-9０-９]){_D}{{1,2}}{_S}月(?:{_S}{_D}{{1,2}}{_S}日|{_S}[上中下]旬)?",
            r"(?<![0-9０-９.．,，/])(?:19|20)[0-9]{2}(?![0-9０-９])",
        )
    )
)
_COUNTERS = (
    "市区町村|市町村|道府県|都道府県|市町|自治体|団体|事業者|地域|エリア|か所|箇所|カ所|ヶ所|ケ所|"
    "名|人|件|社|校|園|者|回|つ|本|点|案|項目|分野|施策|事業|の手続き?|手続き?|種類|台|"
    "時間|か月|ヶ月|カ月|週間|日間|年間|年|歳児|歳|万円|億円|千円|円|万人|千人|%|％|倍|"
    "世帯|戸|棟|位|期|次|号|条|割|組|チーム|講座|コース|ステップ|本柱|つの|区|市|町|村|県"
)
_NUMBER = re.compile(
    rf"(?<![0-9０-９,，.．])(?:{_D}[0-9０-９,，.．]*{_D}|{_D}|{_K}+){_S}(?:{_COUNTERS})"
)
_NAME = re.compile(
    r"「([^「」\n]{1,120})」|『([^『』\n]{1,120})』|〔([^〔〕\n]{1,120})〕|\[([^\[\]\n]{1,120})\]"
)


@dataclass(frozen=True)
class Mention:
    """A span of a source text that may state a fact."""

    kind: MentionKind
    start: int
    end: int
    text: str


def find_mentions(text: str) -> list[Mention]:
    """Every date, counted number and bracketed name in ``text``, in text order."""
    found: dict[tuple[int, int], Mention] = {}
    for kind, pattern in (("date", _DATE), ("number", _NUMBER)):
        for match in pattern.finditer(text):
            span = (match.start(), match.end())
            found.setdefault(span, Mention(kind, *span, match.group()))  # type: ignore[arg-type]
    spans = sorted(found)
    for span in spans:  # a number inside a date (the 6年 of 令和6年) is part of that date
        if any(s <= span[0] and span[1] <= e and (s, e) != span for s, e in spans):
            del found[span]
    for match in _NAME.finditer(text):
        group = next(g for g in range(1, 5) if match.group(g) is not None)
        span = (match.start(group), match.end(group))
        found.setdefault(span, Mention("name", *span, match.group(group)))
    return sorted(found.values(), key=lambda m: (m.start, m.end))


@dataclass(frozen=True)
class Coverage:
    """How the mentions of one source are accounted for."""

    source_id: str
    mentions: tuple[Mention, ...]
    covered: tuple[Mention, ...]
    skipped: tuple[Mention, ...]
    unaccounted: tuple[Mention, ...]
    stale_skips: tuple[Skip, ...]

    @property
    def complete(self) -> bool:
        return not self.unaccounted and not self.stale_skips

    def summary(self) -> str:
        line = (
            f"{self.source_id}: {len(self.mentions)} mentions, {len(self.covered)} covered, "
            f"{len(self.skipped)} skipped, {len(self.unaccounted)} unaccounted"
        )
        if self.stale_skips:
            line += f", {len(self.stale_skips)} skipped entries match no mention"
        return line


def measure(
    source_id: str, text: str, spans: Iterable[tuple[int, int]], skips: Iterable[Skip]
) -> Coverage:
    """Account for every mention of ``text`` by evidence ``spans`` or ``skips``."""
    mentions = find_mentions(text)
    ordered = sorted(spans)
    skip_list = list(skips)
    used: set[int] = set()
    covered, skipped, unaccounted = [], [], []
    for mention in mentions:
        if any(s <= mention.start and mention.end <= e for s, e in ordered):
            covered.append(mention)
            continue
        hit = next(
            (
                i
                for i, skip in enumerate(skip_list)
                if skip.mention == mention.text and skip.start in (None, mention.start)
            ),
            None,
        )
        if hit is None:
            unaccounted.append(mention)
        else:
            used.add(hit)
            skipped.append(mention)
    stale = tuple(
        skip
        for i, skip in enumerate(skip_list)
        if i not in used and not any(skip.mention == m.text for m in covered)
    )
    return Coverage(
        source_id, tuple(mentions), tuple(covered), tuple(skipped), tuple(unaccounted), stale
    )


def context(text: str, mention: Mention, width: int = 25) -> str:
    """The mention with some text either side, on one line, for reports."""
    before = text[max(0, mention.start - width) : mention.start]
    after = text[mention.end : mention.end + width]
    return f"{before}⟦{mention.text}⟧{after}".replace("\n", "⏎")
