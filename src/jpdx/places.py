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
import json
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jpdx import codes
from jpdx.errors import (
    AmbiguousNameError,
    FormerPlaceError,
    IntegrityError,
    InvalidArgumentError,
    UnknownPlaceError,
    describe,
)
from jpdx.text import fold, fold_latin, fold_latin_variants, fold_variants

if TYPE_CHECKING:
    import polars as pl

    from jpdx.place_model import Municipality
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


_KEY_END = "="  # between a key and its positions
_ENTRY_END = "|"  # between entries


def _encode(keys: Mapping[str, tuple[int, ...]]) -> str:
    """A key map as one string: ``key=1,2|key=3…`` (keys are folded names and readings)."""
    bad = [key for key in keys if _KEY_END in key or _ENTRY_END in key]
    if bad:
        raise ValueError(f"place keys {bad} hold a separator of the stored index")
    return _ENTRY_END.join(
        f"{key}{_KEY_END}{','.join(map(str, found))}" for key, found in sorted(keys.items())
    )


class _Encoded(Mapping[str, tuple[int, ...]]):
    """A key map read from its :func:`_encode` string. The first lookups search the string
    in place, so a process that resolves one name builds no dict; after
    :data:`_SEARCHES_BEFORE_DICT` of them the map becomes a dict, for many lookups."""

    def __init__(self, encoded: str) -> None:
        self._raw = f"{_ENTRY_END}{encoded}{_ENTRY_END}"
        self._dict: dict[str, str] | None = None
        self._searches = 0

    def _positions(self, key: str) -> str | None:
        if self._dict is not None:
            return self._dict.get(key)
        self._searches += 1
        if self._searches > _SEARCHES_BEFORE_DICT:
            entries = self._raw[1:-1].split(_ENTRY_END)
            self._dict = dict(entry.split(_KEY_END) for entry in entries)
            return self._dict.get(key)
        if _KEY_END in key or _ENTRY_END in key:
            return None
        marker = f"{_ENTRY_END}{key}{_KEY_END}"
        start = self._raw.find(marker)
        if start < 0:
            return None
        start += len(marker)
        return self._raw[start : self._raw.index(_ENTRY_END, start)]

    def __getitem__(self, key: str) -> tuple[int, ...]:
        found = self._positions(key)
        if found is None:
            raise KeyError(key)
        return tuple(int(i) for i in found.split(","))

    def __iter__(self) -> Iterator[str]:
        for entry in self._raw[1:-1].split(_ENTRY_END):
            yield entry.partition(_KEY_END)[0]

    def __len__(self) -> int:
        return self._raw.count(_ENTRY_END) - 1


_SEARCHES_BEFORE_DICT = 8


class Gazetteer:
    """An index of the municipalities table for name, reading, romaji and code lookups;
    with ``changes`` (a loader of the code_changes table), also of former names and codes.

    The release builder stores it in the release (:meth:`to_index`); :meth:`from_index`
    reads it back without polars. A ward is found by its own name (``北区``), after its
    city (``札幌市北区``) and after its prefecture and city.
    """

    def __init__(
        self,
        municipalities: pl.DataFrame,
        changes: Callable[[], pl.DataFrame] | None = None,
    ) -> None:
        self._changes = changes
        self._stored_formers: str | None = None
        self._formers: dict[str, tuple[Former, ...]] | None = None
        columns = ["lg_code", "prefecture", "name", "kind", "kana", "romaji"]
        has_cities = "city_lg_code" in municipalities.columns  # from release 2026.12.1 on
        rows = municipalities.select(columns).rows()
        city_codes = (
            municipalities.get_column("city_lg_code").to_list()
            if has_cities
            else [None] * len(rows)
        )
        names = {code: name for code, _, name, _, _, _ in rows}
        self.places = tuple(
            Place(code, pref, name, kind, names[city] if city else None)
            for (code, pref, name, kind, _, _), city in zip(rows, city_codes, strict=True)
        )
        self._by_code = {p.lg_code: i for i, p in enumerate(self.places)}
        exact: dict[str, set[int]] = defaultdict(set)
        loose: dict[str, set[int]] = defaultdict(set)
        for i, (_, _pref, name, kind, kana, romaji) in enumerate(rows):
            exact[fold(name)].add(i)
            exact[fold(kana)].add(i)
            if kind != "prefecture":
                exact[fold(self.places[i].full_name)].add(i)
            city = self.places[i].city
            if city is not None:
                exact[fold(city + name)].add(i)
            loose[fold(name[:-1] if name != "北海道" else name)].add(i)
            loose[fold(reading_stem(name, kana) or kana)].add(i)
            latin = fold_latin(romaji)
            loose[latin].add(i)
            for suffix in _LATIN_SUFFIXES[name[-1]]:
                loose[latin + suffix].add(i)  # Shiroishi: 白石市, 白石町 or Shiroi-shi
        self._exact: Mapping[str, tuple[int, ...]] = {k: tuple(sorted(v)) for k, v in exact.items()}
        self._loose: Mapping[str, tuple[int, ...]] = {
            k: tuple(sorted(v)) for k, v in loose.items() if k not in exact
        }
        variant: dict[str, set[int]] = defaultdict(set)
        for key, found in (*exact.items(), *loose.items()):
            variant[_fold_variants(key)] |= found
        self._variant: Mapping[str, tuple[int, ...]] = {
            k: tuple(sorted(v)) for k, v in variant.items()
        }
        self._names = sorted({p.name for p in self.places} | {p.full_name for p in self.places})

    def to_index(self) -> dict[str, Any]:
        """The index as JSON data, former names included (see :meth:`from_index`). Each key
        map is one string (``key=1,2|key=3…``) and the former names one JSON text, so that
        reading it back parses a few long strings, not thousands of small objects."""
        formers = {
            key: [[f.name, f.code5, f.date, f.kind, list(f.became)] for f in found]
            for key, found in sorted(self.formers().items())
        }
        return {
            "places": [[p.lg_code, p.prefecture, p.name, p.kind, p.city] for p in self.places],
            "exact": _encode(self._exact),
            "loose": _encode(self._loose),
            "variant": _encode(self._variant),
            "names": "\n".join(self._names),
            "formers": json.dumps(formers, ensure_ascii=False, separators=(",", ":")),
        }

    @classmethod
    def from_index(cls, index: Mapping[str, Any]) -> Gazetteer:
        """The index :meth:`to_index` wrote, read back (no polars needed; former names are
        decoded on first use)."""
        self = cls.__new__(cls)
        self._changes = None
        self._stored_formers = index["formers"]
        self._formers = None
        self.places = tuple(Place(*row) for row in index["places"])
        self._by_code = {p.lg_code: i for i, p in enumerate(self.places)}
        self._exact = _Encoded(index["exact"])
        self._loose = _Encoded(index["loose"])
        self._variant = _Encoded(index["variant"])
        self._names = index["names"].split("\n")
        return self

    def position(self, lg_code: str) -> int:
        """The row position of a place by its 6-digit code."""
        return self._by_code[lg_code]

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
        exact = self._exact.get(key)
        if exact:
            return exact
        found = self._loose.get(key) or self._variant.get(_fold_variants(key), ())
        # A prefecture's stem or romaji (兵庫, Hyogo) names it even where a ward shares it
        # (神戸市兵庫区 is 兵庫区 or Hyogo-ku); other shared stems stay ambiguous.
        kinds = {self.places[i].kind for i in found}
        if "prefecture" in kinds and kinds <= {"prefecture", "ward"}:
            return tuple(i for i in found if self.places[i].is_prefecture)
        return found

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
            if self._stored_formers is not None:
                self._formers = {
                    key: tuple(Former(n, c, d, k, tuple(b)) for n, c, d, k, b in found)
                    for key, found in json.loads(self._stored_formers).items()
                }
            else:
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
        cities = {p.lg_code[:5]: p.name for p in self.places if p.kind == "designated_city"}
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
                city = _ward_city(code5, cities)
                for prefix in (city, prefectures.get(code5[:2])):
                    if prefix is not None:
                        keys.add(fold_variants(prefix + name))
                for key in keys:
                    index[key][former] = None  # e-Stat repeats a change for each body
        return {key: _most_specific(tuple(found)) for key, found in index.items()}

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


PLACE_INDEX_FORMAT = 1


def place_index(municipalities: pl.DataFrame, changes: pl.DataFrame | None) -> bytes:
    """The ``places`` lookup file the release builder stores: one line of JSON with the
    index of :class:`Gazetteer`, then each row of the municipalities table as one line of
    JSON, in the table's order (a lookup parses and validates only the row it returns)."""
    gazetteer = Gazetteer(municipalities, None if changes is None else lambda: changes)
    header = {"format": PLACE_INDEX_FORMAT, "gazetteer": gazetteer.to_index()}
    lines = [header, *municipalities.to_dicts()]
    return "".join(
        json.dumps(line, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n"
        for line in lines
    ).encode()


@dataclass(frozen=True)
class StoredIndex:
    """A release's ``places`` lookup file, read: the index and the rows as JSON texts."""

    gazetteer: Mapping[str, Any]
    records: list[bytes]


def _stored_index(store: Store, version: str) -> StoredIndex | None:
    """The release's stored place index (from release 2026.12.1 on), or None."""
    data = store.lookup_bytes("places", version)
    if data is None:
        return None

    def parse() -> StoredIndex:
        head, *records = data.rstrip(b"\n").split(b"\n")
        header = json.loads(head)
        if header.get("format") != PLACE_INDEX_FORMAT:
            raise IntegrityError(
                f"the place index of release {version} has format {header.get('format')!r}, "
                "which this jpdx cannot read",
                value=version,
            )
        return StoredIndex(header["gazetteer"], records)

    return store.memo(("place_index", version), parse)


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


def gazetteer(store: Store, version: str) -> Gazetteer:
    """The place index of a release: read from the release where it stores one, else built
    once per store from its municipalities (and, from 2026.12.0 on, code_changes) tables."""

    def build() -> Gazetteer:
        stored = _stored_index(store, version)
        if stored is not None:
            return Gazetteer.from_index(stored.gazetteer)
        changes = None
        if "code_changes" in store.tables(version):
            changes = lambda: store.frame("code_changes", version)  # noqa: E731
        return Gazetteer(store.frame("municipalities", version), changes)

    return store.memo(("gazetteer", version), build)


def place_fields(store: Store, version: str, place: Place) -> dict[str, Any]:
    """The municipalities record of a place as JSON data (what ``model_dump(mode="json")`` of
    its record gives): read from the stored place index without building a model, else
    from the record."""
    stored = _stored_index(store, version)
    if stored is None:
        return place_record(store, version, place).model_dump(mode="json")
    fields: dict[str, Any] = json.loads(
        stored.records[gazetteer(store, version).position(place.lg_code)]
    )
    return fields


def place_record(store: Store, version: str, place: Place) -> Municipality:
    """The municipalities record of a place: from the stored place index when the release
    has one (no polars, only this table's model), else from the table."""
    key = ("place_record", version, place.lg_code)
    built: Municipality | None = store.memoized(key)
    if built is not None:
        return built
    stored = _stored_index(store, version)
    if stored is None:
        from jpdx.recordsets import by_key

        return by_key(store, "municipalities", version)[place.lg_code]  # type: ignore[return-value]

    def build() -> Municipality:
        from jpdx.place_model import Municipality

        position = gazetteer(store, version).position(place.lg_code)
        return Municipality.model_validate_json(stored.records[position])

    return store.memo(key, build)
