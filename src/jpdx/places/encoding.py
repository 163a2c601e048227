"""The stored place index (release 2026.12.1 on), read: a release's ``places`` lookup file.

The file is one line of JSON with the index, then each row of the municipalities table as
one line of JSON, in the table's order (a lookup parses and validates only the row it
returns). The index holds ``places`` (the identifying columns of each row), the key maps
``exact``, ``loose`` and ``variant`` of :mod:`jpdx.places.keys`, each one string
(``key=1,2|key=3…``: :data:`KEY_END` after a key, :data:`ENTRY_END` between entries,
keys sorted), ``names`` (one a line) and ``formers`` (one JSON text), so that reading it
parses a few long strings, not thousands of small objects. The release builder writes it
(``release_builder.place_index``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jpdx.errors import IntegrityError
from jpdx.places.formers import Former
from jpdx.places.keys import KeyMaps, Place

PLACE_INDEX_FORMAT = 1
KEY_END = "="
"""Between a key and its positions."""
ENTRY_END = "|"
"""Between the entries of a key map."""
_SEARCHES_BEFORE_DICT = 8


class EncodedKeys(Mapping[str, tuple[int, ...]]):
    """A key map read from its stored string. The first lookups search the string in
    place, so a process that resolves one name builds no dict; after
    :data:`_SEARCHES_BEFORE_DICT` of them the map becomes a dict, for many lookups."""

    def __init__(self, encoded: str) -> None:
        self._raw = f"{ENTRY_END}{encoded}{ENTRY_END}"
        self._dict: dict[str, str] | None = None
        self._searches = 0

    def _positions(self, key: str) -> str | None:
        if self._dict is not None:
            return self._dict.get(key)
        self._searches += 1
        if self._searches > _SEARCHES_BEFORE_DICT:
            entries = self._raw[1:-1].split(ENTRY_END)
            self._dict = dict(entry.split(KEY_END) for entry in entries)
            return self._dict.get(key)
        if KEY_END in key or ENTRY_END in key:
            return None
        marker = f"{ENTRY_END}{key}{KEY_END}"
        start = self._raw.find(marker)
        if start < 0:
            return None
        start += len(marker)
        return self._raw[start : self._raw.index(ENTRY_END, start)]

    def __getitem__(self, key: str) -> tuple[int, ...]:
        found = self._positions(key)
        if found is None:
            raise KeyError(key)
        return tuple(int(i) for i in found.split(","))

    def __iter__(self) -> Iterator[str]:
        for entry in self._raw[1:-1].split(ENTRY_END):
            yield entry.partition(KEY_END)[0]

    def __len__(self) -> int:
        return self._raw.count(ENTRY_END) - 1


@dataclass(frozen=True)
class StoredIndex:
    """A release's ``places`` lookup file, read: the index and the rows as JSON texts."""

    index: Mapping[str, Any]
    records: list[bytes]

    def key_maps(self) -> KeyMaps:
        """The stored key maps (searched in place: see :class:`EncodedKeys`)."""
        index = self.index
        return KeyMaps(
            places=tuple(Place(*row) for row in index["places"]),
            exact=EncodedKeys(index["exact"]),
            loose=EncodedKeys(index["loose"]),
            variant=EncodedKeys(index["variant"]),
            names=index["names"].split("\n"),
        )

    def formers(self) -> dict[str, tuple[Former, ...]]:
        """The stored former names and codes."""
        return {
            key: tuple(Former(n, c, d, k, tuple(b)) for n, c, d, k, b in found)
            for key, found in json.loads(self.index["formers"]).items()
        }


def parse_index(data: bytes, version: str) -> StoredIndex:
    """A ``places`` lookup file from its (verified) bytes."""
    head, *records = data.rstrip(b"\n").split(b"\n")
    header = json.loads(head)
    if header.get("format") != PLACE_INDEX_FORMAT:
        raise IntegrityError(
            f"the place index of release {version} has format {header.get('format')!r}, "
            "which this jpdx cannot read",
            value=version,
        )
    return StoredIndex(header["gazetteer"], records)
