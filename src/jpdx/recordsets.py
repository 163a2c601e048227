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

from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from jpdx.errors import IncompatibleReleaseError
from jpdx.model_base import SCHEMA_VERSION, Record
from jpdx.store import Store

if TYPE_CHECKING:
    import polars as pl

    from jpdx.tablespec import TableSpec


def _release_with_records(store: Store, table: object, version: object) -> tuple[TableSpec, str]:
    """The table's descriptor and release, when this jpdx builds records of that release."""
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
    return spec, release


def _records_key(spec: TableSpec, release: str) -> tuple[str, str, str]:
    return ("records", spec.name, release)


def _adapter(store: Store, spec: TableSpec) -> TypeAdapter[list[Record]]:
    model: Any = spec.model
    return store.memo(("adapter", spec.name), lambda: TypeAdapter(list[model]))


def records(store: Store, table: object, version: object = None) -> tuple[Record, ...]:
    """Every record of a table in primary-key order (validated once, then shared: they are frozen)."""
    spec, release = _release_with_records(store, table, version)

    def build() -> tuple[Record, ...]:
        rows = store.frame(spec.name, release).to_dicts()
        return tuple(_adapter(store, spec).validate_python(rows))

    return store.memo(_records_key(spec, release), build)


def selected(
    store: Store, table: object, version: object, frame: pl.DataFrame
) -> tuple[Record, ...]:
    """The records of ``frame``, rows selected from the table, in the frame's order.

    When the whole table's records are built they are shared; otherwise only the selected
    rows are validated, so a query of a few rows of a large table stays cheap.
    """
    spec, release = _release_with_records(store, table, version)
    if store.memoized(_records_key(spec, release)) is not None:
        index = by_key(store, spec.name, release)
        return tuple(index[key] for key in frame.get_column(spec.primary_key).to_list())
    return tuple(_adapter(store, spec).validate_python(frame.to_dicts()))


def by_key(store: Store, table: object, version: object = None) -> dict[Any, Record]:
    """Records of a table keyed by primary key."""
    spec, release = store.spec(table, version)

    def build() -> dict[Any, Record]:
        return {getattr(r, spec.primary_key): r for r in records(store, spec.name, release)}

    return store.memo(("by_key", spec.name, release), build)
