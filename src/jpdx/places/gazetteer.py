"""Resolve a name, reading, romaji or code to one place, or raise a typed error naming
the candidates, the former place, or close matches."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from jpdx import codes
from jpdx.errors import (
    AmbiguousNameError,
    FormerPlaceError,
    InvalidArgumentError,
    UnknownPlaceError,
    describe,
)
from jpdx.places.formers import Former, Formers, former_keys
from jpdx.places.keys import KeyMaps, Place, fold_key_variants, is_latin, key_maps
from jpdx.text import clean, fold, fold_latin, fold_variants

if TYPE_CHECKING:
    import polars as pl


class Gazetteer:
    """Lookups in the key maps of one release; former names and codes are read on first
    use from ``formers`` (a loader: none before release 2026.12.0)."""

    def __init__(self, keys: KeyMaps, formers: Callable[[], Formers] | None = None) -> None:
        self.keys = keys
        self.places = keys.places
        self._by_code = {p.lg_code: i for i, p in enumerate(self.places)}
        self._load_formers = formers
        self._formers: Formers | None = None

    @classmethod
    def from_tables(
        cls, municipalities: pl.DataFrame, changes: Callable[[], pl.DataFrame] | None = None
    ) -> Gazetteer:
        """The gazetteer of a municipalities table; with ``changes`` (a loader of the
        code_changes table), of its former names and codes too."""
        keys = key_maps(municipalities)
        if changes is None:
            return cls(keys)
        return cls(keys, lambda: former_keys(keys.places, changes()))

    def position(self, lg_code: str) -> int:
        """The row position of a place by its 6-digit code."""
        return self._by_code[lg_code]

    def formers(self) -> Formers:
        """Former names and 5-digit codes of today's places (empty before 2026.12.0)."""
        if self._formers is None:
            self._formers = self._load_formers() if self._load_formers else {}
        return self._formers

    def former_bodies(self, query: object) -> tuple[Former, ...]:
        """The former bodies a name or code names (empty: none)."""
        text = unicodedata.normalize("NFKC", str(query)).strip()
        key = (
            codes.normalize(text)[:5] if text.isascii() and text.isdigit() else fold_variants(text)
        )
        return self.formers().get(key, ())

    def former_code(self, query: object) -> str | None:
        """The 6-digit code of the one former body a name or code names (None: it names
        none); :class:`AmbiguousNameError` listing them when it names several."""
        bodies = sorted({(f.code5, f.name) for f in self.former_bodies(query)})
        if len(bodies) > 1:
            labels = [f"{name} ({code5})" for code5, name in bodies]
            raise AmbiguousNameError(
                f"{query!r} names {len(bodies)} former bodies: {', '.join(labels)}; give the code",
                value=query,
                choices=labels,
            )
        return bodies[0][0] + codes.check_digit(bodies[0][0]) if bodies else None

    def candidates(self, query: object) -> tuple[int, ...]:
        """Row positions that ``query`` may mean (empty when none)."""
        if not isinstance(query, str):
            raise InvalidArgumentError(
                f"a place is given as a name, reading, romaji or code string, got "
                f"{type(query).__name__} {describe(query)}",
                value=query,
            )
        text = clean(query)
        if not text:
            raise UnknownPlaceError(
                f"empty place name {describe(query)}; give a name such as '下関市', a reading, "
                "romaji or a code such as '352012'",
                value=query,
            )
        if text.isascii() and text.isdigit():
            # a prefecture's two digits, or the code as typed (less what pasting hides), so
            # errors name what was typed
            typed = query if unicodedata.normalize("NFKC", query).strip() == text else text
            code = codes.normalize(text + "000" if len(text) == 2 else typed)
            hit = self._by_code.get(code)
            if hit is None:
                self._raise_former(query, code[:5])
                raise UnknownPlaceError(
                    f"no prefecture or municipality has the code {describe(query)} ({code})",
                    value=query,
                )
            return (hit,)
        key = fold_latin(text) if is_latin(text) else fold(text)
        exact = self.keys.exact.get(key)
        if exact:
            return exact
        found = self.keys.loose.get(key) or self.keys.variant.get(fold_key_variants(key), ())
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
            text = clean(query)
            self._raise_former(query, fold_variants(text))
        what = "prefecture" if prefecture_only else "prefecture or municipality"
        pool: Iterable[str] = (
            [p.name for p in self.places if p.is_prefecture] if prefecture_only else self.keys.names
        )
        close = difflib.get_close_matches(str(query), list(pool), n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        if prefecture_only and self.candidates(query):
            hint = f"; {describe(query)} is a municipality, use municipality= instead"
        raise UnknownPlaceError(
            f"no {what} matches {describe(query)}{hint}", value=query, choices=close
        )

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
            f"give today's name or code (e.g. {self.places[became[0]].full_name!r}), or ask "
            f"jpdx.place({query!r}) for the former body's own record, values and successors",
            value=query,
            choices=labels,
        )
