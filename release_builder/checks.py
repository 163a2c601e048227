"""Checks across records and tables: unique keys, resolving references, no parent cycles."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from jpdx.tablespec import SPECS, TableSet

Rows = Mapping[str, Sequence[Mapping[str, Any]]]


class Problem(NamedTuple):
    """A relational problem found in ``table`` at the record whose key is ``key``.

    ``related`` holds the keys of the other records of the same table involved (a cycle).
    """

    table: str
    key_column: str
    key: Any
    message: str
    related: tuple[Any, ...] = ()

    def __str__(self) -> str:
        return f"{self.table}[{self.key_column}={self.key!r}]: {self.message}"


def _referenced(row: Mapping[str, Any], column: str) -> Iterator[Any]:
    if column == "evidence.source_id":
        for evidence in row.get("evidence") or ():
            yield evidence["source_id"]
        return
    value = row.get(column)
    if isinstance(value, (list, tuple)):
        yield from value
    elif value is not None:
        yield value


def relational_problems(rows: Rows, specs: TableSet = SPECS) -> list[Problem]:
    """Every duplicate key, dangling reference and parent cycle."""
    problems: list[Problem] = []
    keys: dict[str, set[Any]] = {}
    for spec in specs:
        key = spec.primary_key
        seen: set[Any] = set()
        for row in rows.get(spec.name, ()):
            if row[key] in seen:
                problems.append(Problem(spec.name, key, row[key], f"duplicate {key}"))
            seen.add(row[key])
        keys[spec.name] = seen
    for table, fk in specs.foreign_keys():
        source_key = specs[table].primary_key
        known = set().union(*(keys[target] for target in fk.targets))
        for row in rows.get(table, ()):
            for value in _referenced(row, fk.column):
                if value not in known:
                    targets = " or ".join(f"{t}.{fk.target_column}" for t in fk.targets)
                    problems.append(
                        Problem(
                            table,
                            source_key,
                            row[source_key],
                            f"{fk.column} {value!r} is not a {targets}",
                        )
                    )
    problems.extend(_cycles(rows.get("programs", ())))
    return problems


def _cycles(programs: Sequence[Mapping[str, Any]]) -> list[Problem]:
    parent = {row["program_id"]: row.get("parent_id") for row in programs}
    problems: list[Problem] = []
    cleared: set[str] = set()
    for start in parent:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in cleared:
            if node in path:
                cycle = [*path[path.index(node) :], node]
                message = f"parent_id cycle {' → '.join(cycle)}"
                problems.append(Problem("programs", "program_id", node, message, tuple(cycle)))
                break
            path.append(node)
            node = parent.get(node)
        cleared.update(path)
    return problems
