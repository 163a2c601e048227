"""Find prefectures and municipalities by name, reading, romaji or code.

Accepted forms: ``下関市``, ``山口県下関市``, ``下関``, ``シモノセキシ``, ``しものせき``,
``Shimonoseki``, ``Shimonoseki-shi``, ``Shimonoseki City``, ``352012``, ``35201``
(full-width digits too); prefectures also as ``兵庫``, ``Hyogo``, ``28``. Exact names
and codes win over stems and romaji, and those over spelling variants (small or full-size
kana, ヶ/ケ between kanji, old kanji forms, long vowels and m/n in romaji; see
:func:`jpdx.text.fold_variants` and :func:`jpdx.text.fold_latin_variants`): ``Hyougo``,
``Gumma``, ``龍ヶ崎市``. A name that fits several places raises
:class:`jpdx.AmbiguousNameError` listing every candidate; one that fits none raises
:class:`jpdx.UnknownPlaceError` with close matches.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jpdx import codes
from jpdx.errors import (
    AmbiguousNameError,
    FormerPlaceError,
    InvalidArgumentError,
    UnknownPlaceError,
    describe,
)
from jpdx.text import fold, fold_latin, fold_latin_variants, fold_variants

if TYPE_CHECKING:
    import polars as pl

    from jpdx.store import Store

_LATIN_SUFFIXES = {
    "市": ("shi", "city"),
    "区": ("ku", "ward", "city"),
    "町": ("machi", "cho", "chou", "town"),
    "村": ("mura", "son", "village"),
    "県": ("ken", "prefecture"),
    "府": ("fu", "prefecture"),
    "都": ("to", "metropolis", "prefecture"),
    "道": ("prefecture",),
}
SUFFIX_READINGS = {
    "市": ("シ",),
    "区": ("ク",),
    "町": ("マチ", "チョウ"),
    "村": ("ムラ", "ソン"),
    "都": ("ト",),
    "道": (),
    "府": ("フ",),
    "県": ("ケン",),
}
"""The last character of a place name and the readings it may have."""


def reading_stem(name: str, kana: str) -> str | None:
    """The reading without its suffix (シモノセキシ → シモノセキ); None when it does not fit."""
    readings = SUFFIX_READINGS.get(name[-1])
    if readings is None:
        return None
    if not readings:  # 北海道: the suffix is part of the name
        return kana
    for reading in readings:
        if kana.endswith(reading) and len(kana) > len(reading):
            return kana[: -len(reading)]
    return None


@dataclass(frozen=True)
class Place:
    """The identifying columns of one row of the municipalities table."""

    lg_code: str
    prefecture: str
    name: str
    kind: str

    @property
    def is_prefecture(self) -> bool:
        return self.kind == "prefecture"

    @property
    def full_name(self) -> str:
        return self.name if self.is_prefecture else f"{self.prefecture}{self.name}"

    def label(self) -> str:
        return f"{self.full_name} ({self.lg_code})"


def _fold_variants(key: str) -> str:
    """A folded key with its spelling variants folded too (:mod:`jpdx.text`)."""
    return fold_latin_variants(key) if key.isascii() else fold_variants(key)


def _is_latin(text: str) -> bool:
    return text.isascii() or all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in text)


@dataclass(frozen=True)
class Former:
    """A name or code a place had before a dated change (from the code_changes table)."""

    name: str
    code5: str
    date: str
    kind: str
    became: tuple[int, ...]  # row positions of today's places


class Gazetteer:
    """An index of the municipalities table for name, reading, romaji and code lookups;
    with ``changes`` (a loader of the code_changes table), also of former names and codes."""

    def __init__(
        self,
        municipalities: pl.DataFrame,
        changes: Callable[[], pl.DataFrame] | None = None,
    ) -> None:
        self._changes = changes
        self._formers: dict[str, tuple[Former, ...]] | None = None
        columns = ["lg_code", "prefecture", "name", "kind", "kana", "romaji"]
        rows = municipalities.select(columns).rows()
        self.places = tuple(Place(code, pref, name, kind) for code, pref, name, kind, _, _ in rows)
        self._by_code = {p.lg_code: i for i, p in enumerate(self.places)}
        exact: dict[str, set[int]] = defaultdict(set)
        loose: dict[str, set[int]] = defaultdict(set)
        for i, (_, pref, name, kind, kana, romaji) in enumerate(rows):
            exact[fold(name)].add(i)
            exact[fold(kana)].add(i)
            if kind != "prefecture":
                exact[fold(pref + name)].add(i)
            loose[fold(name[:-1] if name != "北海道" else name)].add(i)
            loose[fold(reading_stem(name, kana) or kana)].add(i)
            latin = fold_latin(romaji)
            loose[latin].add(i)
            for suffix in _LATIN_SUFFIXES[name[-1]]:
                loose[latin + suffix].add(i)  # Shiroishi: 白石市, 白石町 or Shiroi-shi
        self._exact = {k: tuple(sorted(v)) for k, v in exact.items()}
        self._loose = {k: tuple(sorted(v)) for k, v in loose.items() if k not in exact}
        variant: dict[str, set[int]] = defaultdict(set)
        for key, found in (*exact.items(), *loose.items()):
            variant[_fold_variants(key)] |= found
        self._variant = {k: tuple(sorted(v)) for k, v in variant.items()}
        self._names = sorted({p.name for p in self.places} | {p.full_name for p in self.places})

    def candidates(self, query: object) -> tuple[int, ...]:
        """Row positions that ``query`` may mean (empty when none)."""
        if not isinstance(query, str):
            raise InvalidArgumentError(
                f"a place is given as a name, reading, romaji or code string, got "
                f"{type(query).__name__} {describe(query)}",
                value=query,
            )
        text = unicodedata.normalize("NFKC", query).strip()
        if not text:
            raise UnknownPlaceError(
                f"empty place name {describe(query)}; give a name such as '下関市', a reading, "
                "romaji or a code such as '352012'",
                value=query,
            )
        if text.isascii() and text.isdigit():
            # a prefecture's two digits, or the code as given, so errors name what was typed
            code = codes.normalize(text + "000" if len(text) == 2 else query)
            hit = self._by_code.get(code)
            if hit is None:
                self._raise_former(query, code[:5])
                raise UnknownPlaceError(
                    f"no prefecture or municipality has the code {describe(query)} ({code})",
                    value=query,
                )
            return (hit,)
        key = fold_latin(text) if _is_latin(text) else fold(text)
        return (
            self._exact.get(key)
            or self._loose.get(key)
            or self._variant.get(_fold_variants(key), ())
        )

    def resolve(self, query: object, *, prefecture_only: bool = False) -> Place:
        """The one place ``query`` names, or a typed error listing the candidates."""
        found = self.candidates(query)
        if prefecture_only:
            found = tuple(i for i in found if self.places[i].is_prefecture)
        if len(found) == 1:
            return self.places[found[0]]
        if found:
            labels = [self.places[i].label() for i in found]
            raise AmbiguousNameError(
                f"{describe(query)} names {len(found)} places: {', '.join(labels)}; "
                f"add the prefecture (e.g. {self.places[found[0]].full_name!r}) or give the code",
                value=query,
                choices=labels,
            )
        if not found and isinstance(query, str):
            text = unicodedata.normalize("NFKC", query).strip()
            self._raise_former(query, fold_variants(text))
        what = "prefecture" if prefecture_only else "prefecture or municipality"
        pool: Iterable[str] = (
            [p.name for p in self.places if p.is_prefecture] if prefecture_only else self._names
        )
        close = difflib.get_close_matches(str(query), list(pool), n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        if prefecture_only and self.candidates(query):
            hint = f"; {describe(query)} is a municipality, use municipality= instead"
        raise UnknownPlaceError(
            f"no {what} matches {describe(query)}{hint}", value=query, choices=close
        )

    def formers(self) -> dict[str, tuple[Former, ...]]:
        """Former names (folded, alone and after their prefecture) and 5-digit codes of
        today's places, built on first use from the code_changes table (empty without)."""
        if self._formers is None:
            self._formers = self._index_formers() if self._changes else {}
        return self._formers

    def _index_formers(self) -> dict[str, tuple[Former, ...]]:
        assert self._changes is not None
        columns = ["date", "kind", "old_codes", "old_names", "new_codes", "parsed"]
        rows = self._changes().select(columns).rows()
        by_code5: dict[str, list[int]] = defaultdict(list)
        for i, place in enumerate(self.places):
            by_code5[place.lg_code[:5]].append(i)
        prefectures = {p.lg_code[:2]: p.name for p in self.places if p.is_prefecture}
        successors: dict[str, set[str]] = defaultdict(set)  # old code5 → new code5s
        for _, _, old_codes, _, new_codes, parsed in rows:
            if parsed:
                for old in old_codes:
                    successors[old] |= set(new_codes) - {old}

        def today(code5: str, seen: frozenset[str] = frozenset()) -> set[int]:
            if code5 in by_code5:
                return set(by_code5[code5])
            found: set[int] = set()
            for new in successors.get(code5, ()):
                if new not in seen:
                    found |= today(new, seen | {code5})
            return found

        index: dict[str, dict[Former, None]] = defaultdict(dict)
        for date, kind, old_codes, old_names, new_codes, parsed in rows:
            if not parsed or len(old_codes) != len(old_names):
                continue
            for code5, name in zip(old_codes, old_names, strict=True):
                current = code5 in by_code5
                if current and name in {self.places[i].name for i in by_code5[code5]}:
                    continue  # today's code and name: this change kept both
                became: set[int] = set()
                for new in [code5] if current else new_codes:
                    became |= today(new)
                if not became:
                    continue
                former = Former(name, code5, str(date), kind, tuple(sorted(became)))
                keys = {fold_variants(name)} if current else {code5, fold_variants(name)}
                if code5[:2] in prefectures:
                    keys.add(fold_variants(prefectures[code5[:2]] + name))
                for key in keys:
                    index[key][former] = None  # e-Stat repeats a change for each body
        return {key: tuple(found) for key, found in index.items()}

    def _raise_former(self, query: object, key: str) -> None:
        """Raise :class:`FormerPlaceError` when ``key`` is a former name or code."""
        found = self.formers().get(key)
        if not found:
            return
        became = sorted({i for former in found for i in former.became})
        labels = [self.places[i].label() for i in became]
        history = "; ".join(
            f"{former.name} ({former.code5}) became "
            f"{', '.join(self.places[i].label() for i in former.became)} on {former.date} "
            f"({former.kind})"
            for former in found
        )
        raise FormerPlaceError(
            f"{describe(query)} is a former name or code: {history}; "
            f"give today's name or code (e.g. {self.places[became[0]].full_name!r})",
            value=query,
            choices=labels,
        )


def gazetteer(store: Store, version: str) -> Gazetteer:
    """The place index of a release, built once per store; from release 2026.12.0 on it
    knows former names and codes through the release's code_changes table."""

    def build() -> Gazetteer:
        changes = None
        if "code_changes" in store.tables(version):
            changes = lambda: store.frame("code_changes", version)  # noqa: E731
        return Gazetteer(store.frame("municipalities", version), changes)

    return store.memo(("gazetteer", version), build)
