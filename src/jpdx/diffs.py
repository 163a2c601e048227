"""What changed in a table between two releases, matched by primary key.

Each release is read as it was written, so a diff works across schema changes: columns
only one release has are reported as added or removed, and values are compared in the
columns both have (a struct column that gained fields compares with them null in the older
release). A table that one release lacks compares as an empty table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from jpdx.store import Store


@dataclass(frozen=True)
class Diff:
    """Rows ``added`` (only in ``new``), ``removed`` (only in ``old``) and ``changed``.

    ``changed`` has one row per changed value: the key, the column, and the old and
    new values as JSON text. ``added_columns`` and ``removed_columns`` name the columns
    only ``new`` or only ``old`` has.
    """

    table: str
    key: str
    old: str
    new: str
    added: pl.DataFrame
    removed: pl.DataFrame
    changed: pl.DataFrame
    added_columns: tuple[str, ...] = ()
    removed_columns: tuple[str, ...] = ()

    def __str__(self) -> str:
        keys = self.changed.get_column(self.key).n_unique()
        text = (
            f"{self.table} {self.old} → {self.new}: {self.added.height} added, "
            f"{self.removed.height} removed, {keys} changed"
        )
        if self.added_columns:
            text += f"; columns added: {', '.join(self.added_columns)}"
        if self.removed_columns:
            text += f"; columns removed: {', '.join(self.removed_columns)}"
        return text

    @property
    def empty(self) -> bool:
        return (
            self.added.is_empty()
            and self.removed.is_empty()
            and self.changed.is_empty()
            and not self.added_columns
            and not self.removed_columns
        )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def _widened(before: pl.DataFrame, after: pl.DataFrame, columns: list[str]) -> list[pl.Expr]:
    """The old release's columns whose type the new release widened (a struct that gained
    fields, such as the evidence forms of 2026.12.2), cast to the new type: the fields they
    lack read as null, so only a value that changed is reported."""
    widened = []
    for column in columns:
        if before.schema[column] == after.schema[column]:
            continue
        try:
            before.select(pl.col(column).cast(after.schema[column]))
        except pl.exceptions.PolarsError:
            continue  # not a widening: the values compare as they are
        widened.append(pl.col(column).cast(after.schema[column]))
    return widened


def diff(store: Store, table: object, old: object, new: object) -> Diff:
    """Compare a table between two bundled releases."""
    old_version, new_version = store.resolve(old), store.resolve(new)
    frames: list[pl.DataFrame | None] = []
    for version in (old_version, new_version):
        frames.append(store.frame(table, version) if table in store.tables(version) else None)
    if frames[0] is None and frames[1] is None:
        store.spec(table, new_version)  # raises: unknown, or in neither release
    spec = store.specs[str(table)]
    key = spec.primary_key
    present = next(f for f in frames if f is not None)
    empty = pl.DataFrame(schema={key: present.schema[key]})
    before = frames[0] if frames[0] is not None else empty
    after = frames[1] if frames[1] is not None else empty
    added = after.join(before.select(key), on=key, how="anti")
    removed = before.join(after.select(key), on=key, how="anti")
    common = [c for c in after.columns if c in before.columns and c != key]
    before = before.with_columns(_widened(before, after, common))
    old_rows = {row[key]: row for row in before.select(key, *common).to_dicts()}
    changes = []
    for row in after.select(key, *common).join(before.select(key), on=key, how="semi").to_dicts():
        previous = old_rows[row[key]]
        for column in common:
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
        {key: empty.schema[key], "column": pl.String(), "old": pl.String(), "new": pl.String()}
    )
    return Diff(
        spec.name,
        key,
        old_version,
        new_version,
        added,
        removed,
        pl.DataFrame(changes, schema=schema, orient="row"),
        added_columns=tuple(c for c in after.columns if c not in before.columns),
        removed_columns=tuple(c for c in before.columns if c not in after.columns),
    )
