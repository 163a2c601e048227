"""Former names and codes of today's places, from the code_changes table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jpdx.places.keys import Place
from jpdx.text import fold_variants

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class Former:
    """A name or code a place had before a dated change (from the code_changes table)."""

    name: str
    code5: str
    date: str
    kind: str
    became: tuple[int, ...]  # row positions of today's places


Formers = Mapping[str, tuple[Former, ...]]
"""Former names (folded, alone and after their prefecture or city) and 5-digit codes, each
with the changes that name or code went through."""


def former_keys(places: tuple[Place, ...], changes: pl.DataFrame) -> dict[str, tuple[Former, ...]]:
    """The former names and codes of ``places`` (today's, in table order) that the
    code_changes table states."""
    columns = ["date", "kind", "old_codes", "old_names", "new_codes", "parsed"]
    rows = changes.select(columns).rows()
    by_code5: dict[str, list[int]] = defaultdict(list)
    for i, place in enumerate(places):
        by_code5[place.lg_code[:5]].append(i)
    prefectures = {p.lg_code[:2]: p.name for p in places if p.is_prefecture}
    cities = {p.lg_code[:5]: p.name for p in places if p.kind == "designated_city"}
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
            if current and name in {places[i].name for i in by_code5[code5]}:
                continue  # today's code and name: this change kept both
            became: set[int] = set()
            for new in [code5] if current else new_codes:
                became |= today(new)
            if not became:
                continue
            former = Former(name, code5, str(date), kind, tuple(sorted(became)))
            keys = {fold_variants(name)} if current else {code5, fold_variants(name)}
            city = _ward_city(code5, cities)
            for prefix in (city, prefectures.get(code5[:2])):
                if prefix is not None:
                    keys.add(fold_variants(prefix + name))
            for key in keys:
                index[key][former] = None  # e-Stat repeats a change for each body
    return {key: _most_specific(tuple(found)) for key, found in index.items()}


def _most_specific(found: tuple[Former, ...]) -> tuple[Former, ...]:
    """Formers without those that another record of the same change states more narrowly
    (e-Stat gives a reorganisation once for the city, once for each ward)."""
    return tuple(
        former
        for former in found
        if not any(
            (other.name, other.code5, other.date) == (former.name, former.code5, former.date)
            and set(other.became) < set(former.became)
            for other in found
        )
    )


def _ward_city(code5: str, cities: Mapping[str, str]) -> str | None:
    """The designated city a ward code belongs to: MIC numbers a city's wards right after
    the city's own code, within 101-199 of its prefecture (札幌市 01100: 01101-01110)."""
    if code5 in cities or not 100 < int(code5[2:5]) <= 199:
        return None
    below = [city for city in cities if city[:2] == code5[:2] and city < code5]
    return cities[max(below)] if below else None
