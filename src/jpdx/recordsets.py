"""Frozen pydantic records of a table, built once per process from the verified frame."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from jpdx.models import MODELS, Record
from jpdx.store import Store
from jpdx.tablespec import PRIMARY_KEYS, TableName


def records(store: Store, table: TableName, version: str) -> tuple[Record, ...]:
    """Every record of a table in primary-key order (validated once, then shared: they are frozen)."""

    def build() -> tuple[Record, ...]:
        model: Any = MODELS[table]
        adapter: TypeAdapter[list[Record]] = TypeAdapter(list[model])
        return tuple(adapter.validate_python(store.frame(table, version).to_dicts()))

    return store.memo(("records", table, version), build)


def by_key(store: Store, table: TableName, version: str) -> dict[Any, Record]:
    """Records of a table keyed by primary key."""
    key = PRIMARY_KEYS[table]

    def build() -> dict[Any, Record]:
        return {getattr(r, key): r for r in records(store, table, version)}

    return store.memo(("by_key", table, version), build)
