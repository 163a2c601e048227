"""A release's places: its gazetteer and its municipalities records, read once per store,
from the stored place index where the release has one (no polars, one model), else from
its tables."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jpdx.places.encoding import StoredIndex, parse_index
from jpdx.places.gazetteer import Gazetteer
from jpdx.places.keys import Place

if TYPE_CHECKING:
    from jpdx.place_model import Municipality
    from jpdx.store import Store


def stored_index(store: Store, version: str) -> StoredIndex | None:
    """The release's stored place index (from release 2026.12.1 on), or None."""
    data = store.lookup_bytes("places", version)
    if data is None:
        return None
    return store.memo(("place_index", version), lambda: parse_index(data, version))


def gazetteer(store: Store, version: str) -> Gazetteer:
    """The place index of a release: read from the release where it stores one, else built
    once per store from its municipalities (and, from 2026.12.0 on, code_changes) tables."""

    def build() -> Gazetteer:
        stored = stored_index(store, version)
        if stored is not None:
            return Gazetteer(stored.key_maps(), stored.formers)
        changes = None
        if "code_changes" in store.tables(version):
            changes = lambda: store.frame("code_changes", version)  # noqa: E731
        return Gazetteer.from_tables(store.frame("municipalities", version), changes)

    return store.memo(("gazetteer", version), build)


def place_fields(store: Store, version: str, place: Place) -> dict[str, Any]:
    """The municipalities record of a place as JSON data (what ``model_dump(mode="json")`` of
    its record gives): read from the stored place index without building a model, else
    from the record."""
    stored = stored_index(store, version)
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
    stored = stored_index(store, version)
    if stored is None:
        from jpdx.recordsets import by_key

        return by_key(store, "municipalities", version)[place.lg_code]  # type: ignore[return-value]

    def build() -> Municipality:
        from jpdx.place_model import Municipality

        position = gazetteer(store, version).position(place.lg_code)
        return Municipality.model_validate_json(stored.records[position])

    return store.memo(key, build)
