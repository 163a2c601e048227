"""Frozen pydantic records of a table, built once per process from the verified frame.

The compatibility rule: records of a release are built with today's models when the
release was written with the same major schema version (:data:`jpdx.models.SCHEMA_VERSION`).
Within a major, schemas only grow — new tables, new optional fields (an older release's
rows read them as None or their default), new enum values (which older data never holds) —
and the release builder refuses a release that breaks this for any earlier release of the
same major. A release of another major still loads as frames (:func:`jpdx.load` reads a
release as it was written); asking it for records raises
:class:`jpdx.IncompatibleReleaseError` naming the jpdx versions that build them.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from jpdx.errors import IncompatibleReleaseError
from jpdx.models import SCHEMA_VERSION, Record
from jpdx.store import Store


def records(store: Store, table: object, version: object = None) -> tuple[Record, ...]:
    """Every record of a table in primary-key order (validated once, then shared: they are frozen)."""
    spec, release = store.spec(table, version)
    written = store.manifest(release).schema_version
    if written != SCHEMA_VERSION:
        raise IncompatibleReleaseError(
            f"release {release} was written with schema version {written}, but this jpdx "
            f"builds records of schema version {SCHEMA_VERSION}; jpdx.load({spec.name!r}, "
            f"version={release!r}) still gives its frame, and a jpdx whose newest release has "
            f"schema version {written} builds its records",
            value=release,
        )

    def build() -> tuple[Record, ...]:
        model: Any = spec.model
        adapter: TypeAdapter[list[Record]] = TypeAdapter(list[model])
        return tuple(adapter.validate_python(store.frame(spec.name, release).to_dicts()))

    return store.memo(("records", spec.name, release), build)


def by_key(store: Store, table: object, version: object = None) -> dict[Any, Record]:
    """Records of a table keyed by primary key."""
    spec, release = store.spec(table, version)

    def build() -> dict[Any, Record]:
        return {getattr(r, spec.primary_key): r for r in records(store, spec.name, release)}

    return store.memo(("by_key", spec.name, release), build)
