"""The keys a place is found by: its name, reading and romaji, folded, with and without
their suffixes and prefixes, in three maps tried in turn (exact, loose, spelling variants)."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jpdx.text import fold, fold_latin, fold_latin_variants, fold_variants

if TYPE_CHECKING:
    import polars as pl

LATIN_SUFFIXES = {
    "市": ("shi", "city"),
    "区": ("ku", "ward", "city"),
    "町": ("machi", "cho", "chou", "town"),
    "村": ("mura", "son", "village"),
    "県": ("ken", "prefecture"),
    "府": ("fu", "prefecture"),
    "都": ("to", "metropolis", "prefecture"),
    "道": ("prefecture",),
}
"""The last character of a place name and the romaji it may end in."""
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
    """The identifying columns of one row of the municipalities table (``city``: the name of
    a ward's designated city)."""

    lg_code: str
    prefecture: str
    name: str
    kind: str
    city: str | None = None

    @property
    def is_prefecture(self) -> bool:
        return self.kind == "prefecture"

    @property
    def full_name(self) -> str:
        return self.name if self.is_prefecture else f"{self.prefecture}{self.city or ''}{self.name}"

    def label(self) -> str:
        return f"{self.full_name} ({self.lg_code})"


def is_latin(text: str) -> bool:
    """Whether a query is written in Latin letters (and digits, spaces, punctuation)."""
    return text.isascii() or all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in text)


def fold_key_variants(key: str) -> str:
    """A folded key with its spelling variants folded too (:mod:`jpdx.text`)."""
    return fold_latin_variants(key) if key.isascii() else fold_variants(key)


@dataclass(frozen=True)
class KeyMaps:
    """The places of a release in table order and the maps from a key to their positions:
    ``exact`` (names, full names, readings), ``loose`` (stems and romaji, where no exact key
    is the same), ``variant`` (both, spelling variants folded); ``names`` are the names and
    full names offered as close matches."""

    places: tuple[Place, ...]
    exact: Mapping[str, tuple[int, ...]]
    loose: Mapping[str, tuple[int, ...]]
    variant: Mapping[str, tuple[int, ...]]
    names: list[str]


def key_maps(
    municipalities: pl.DataFrame,
    written: Mapping[str, Iterable[str]] | None = None,
    superseded: Mapping[str, Iterable[str]] | None = None,
) -> KeyMaps:
    """The key maps of a municipalities table. A ward is found by its own name (``北区``),
    after its city (``札幌市北区``) and after its prefecture and city. By lg_code,
    ``written`` gives names as official tables write them with a prefix (a county:
    ``安芸郡海田町``), each an exact key alone and after the prefecture; ``superseded`` gives
    readings and romaji a correction replaced (``Mino`` of 箕面市, now ``Minoo``), loose
    keys as the row's own reading and romaji are, so they never hide another place's name
    (``Mino`` names 美濃市 and 箕面市)."""
    columns = ["lg_code", "prefecture", "name", "kind", "kana", "romaji"]
    has_cities = "city_lg_code" in municipalities.columns  # from release 2026.12.1 on
    rows = municipalities.select(columns).rows()
    city_codes = (
        municipalities.get_column("city_lg_code").to_list() if has_cities else [None] * len(rows)
    )
    names = {code: name for code, _, name, _, _, _ in rows}
    places = tuple(
        Place(code, pref, name, kind, names[city] if city else None)
        for (code, pref, name, kind, _, _), city in zip(rows, city_codes, strict=True)
    )
    exact: dict[str, set[int]] = defaultdict(set)
    loose: dict[str, set[int]] = defaultdict(set)
    for i, (_, _pref, name, kind, kana, romaji) in enumerate(rows):
        exact[fold(name)].add(i)
        exact[fold(kana)].add(i)
        if kind != "prefecture":
            exact[fold(places[i].full_name)].add(i)
        city = places[i].city
        if city is not None:
            exact[fold(city + name)].add(i)
        loose[fold(name[:-1] if name != "北海道" else name)].add(i)
        loose[fold(reading_stem(name, kana) or kana)].add(i)
        latin = fold_latin(romaji)
        loose[latin].add(i)
        for suffix in LATIN_SUFFIXES[name[-1]]:
            loose[latin + suffix].add(i)  # Shiroishi: 白石市, 白石町 or Shiroi-shi
    by_code = {place.lg_code: i for i, place in enumerate(places)}
    for code, spellings in (written or {}).items():
        i = by_code[code]
        for spelling in spellings:
            exact[fold(spelling)].add(i)
            exact[fold(places[i].prefecture + spelling)].add(i)
    for code, spellings in (superseded or {}).items():
        i = by_code[code]
        name = places[i].name
        for spelling in spellings:
            if is_latin(spelling):
                latin = fold_latin(spelling)
                loose[latin].add(i)
                for suffix in LATIN_SUFFIXES[name[-1]]:
                    loose[latin + suffix].add(i)
            else:
                loose[fold(spelling)].add(i)
                loose[fold(reading_stem(name, spelling) or spelling)].add(i)
    variant: dict[str, set[int]] = defaultdict(set)
    for key, found in (*exact.items(), *loose.items()):
        variant[fold_key_variants(key)] |= found
    return KeyMaps(
        places=places,
        exact={k: tuple(sorted(v)) for k, v in exact.items()},
        loose={k: tuple(sorted(v)) for k, v in loose.items() if k not in exact},
        variant={k: tuple(sorted(v)) for k, v in variant.items()},
        names=sorted({p.name for p in places} | {p.full_name for p in places}),
    )
