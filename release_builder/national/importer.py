"""The one interface of a national dataset's import: :class:`Importer` reads the vendored files
of its folder under ``sources/reference/`` into rows of the release's tables, given the
:class:`Context` that every import shares (the MIC list, e-Stat's code changes, the placing
module, and the ``sources`` rows that its citations make).

An importer cites every value through ``context.sources`` (:meth:`Sources.cite`), which makes
the ``sources`` row of each file cited; it returns only the rows of the other tables. The
registry (:mod:`release_builder.national.registry`) runs the importers in order and merges
their rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from release_builder.national import mic_master
from release_builder.national.code_changes import CodeChange, CodeHistory
from release_builder.national.placing import Placer
from release_builder.national.tables import Sources

Rows = dict[str, list[dict[str, Any]]]
"""Rows by table name."""


@dataclass(frozen=True)
class Context:
    """What every importer is given."""

    reference: Path
    """``sources/reference``."""
    sources: Sources
    """``cite(CellRef)`` → evidence item, ``source_id(file)``; accumulates the ``sources`` rows."""
    master: mic_master.Master
    changes: tuple[CodeChange, ...]
    history: CodeHistory
    places: Placer
    municipalities: tuple[dict[str, Any], ...] = ()
    """The ``municipalities`` rows so far (the MIC list's, then as importers extend them): an
    importer that adds to them returns the whole table under ``municipalities``."""

    def dataset(self, folder: str) -> str:
        """The dataset id of a folder, as ``datasets.toml`` lists it."""
        return self.sources.dataset(folder).dataset


class Importer(Protocol):
    """One national dataset: its folder and how its files become rows."""

    folder: str
    """Its folder under ``sources/reference/`` (the key into ``datasets.toml``)."""

    def rows(self, context: Context) -> Rows:
        """The rows its files give, by table (``sources`` rows are made by citing)."""
        ...
