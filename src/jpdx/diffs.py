"""What changed in a table between two releases, matched by primary key."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from jpdx.store import Store, check_table
from jpdx.tablespec import PRIMARY_KEYS, TableName


@dataclass(frozen=True)
class Diff:
    """Rows ``added`` (only in ``new``), ``removed`` (only in ``old``) and ``changed``.

    ``changed`` has one row per changed value: the key, the column, and the old and
    new values as JSON text.
    """

    table: TableName
    old: str
    new: str
    added: pl.DataFrame
    removed: pl.DataFrame
    changed: pl.DataFrame

    def __str__(self) -> str:
        keys = self.changed.get_column(PRIMARY_KEYS[self.table]).n_unique()
        return (
            f"{self.table} {self.old} → {self.new}: {self.added.height} added, "
            f"{self.removed.height} removed, {keys} changed"
        )

    @property
    def empty(self) -> bool:
        return self.added.is_empty() and self.removed.is_empty() and self.changed.is_empty()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def diff(store: Store, table: object, old: object, new: object) -> Diff:
    """Compare a table between two bundled releases."""
    name = check_table(table)
    old_version, new_version = store.resolve(old), store.resolve(new)
    key = PRIMARY_KEYS[name]
    before, after = store.frame(name, old_version), store.frame(name, new_version)
    added = after.join(before.select(key), on=key, how="anti")
    removed = before.join(after.select(key), on=key, how="anti")
    columns = [c for c in after.columns if c in before.columns and c != key]
    old_rows = {row[key]: row for row in before.to_dicts()}
    changes = []
    for row in after.join(before.select(key), on=key, how="semi").to_dicts():
        previous = old_rows[row[key]]
        for column in columns:
            if row[column] != previous[column]:
                changes.append(
                    {
                        key: row[key],
                        "column": column,
                        "old": _json(previous[column]),
                        "new": _json(row[column]),
                    }
                )
    schema = pl.Schema(
        {key: after.schema[key], "column": pl.String(), "old": pl.String(), "new": pl.String()}
    )
    changed = pl.DataFrame(changes, schema=schema, orient="row")
    return Diff(name, old_version, new_version, added, removed, changed)
