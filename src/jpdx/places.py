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
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jpdx import codes
from jpdx.errors import (
    AmbiguousNameError,
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


class Gazetteer:
    """An index of the municipalities table for name, reading, romaji and code lookups."""

    def __init__(self, municipalities: pl.DataFrame) -> None:
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


def gazetteer(store: Store, version: str) -> Gazetteer:
    """The place index of a release, built once per store."""
    return store.memo(
        ("gazetteer", version), lambda: Gazetteer(store.frame("municipalities", version))
    )
