"""The national datasets of a release, each registered once, in build order
(:data:`IMPORTERS`), and :func:`national_rows`, which runs them and merges their rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from jpdx.tablespec import SPECS, TableSet
from release_builder.errors import CurationError
from release_builder.national import mic_master
from release_builder.national.card_issuance import CardIssuance
from release_builder.national.code_changes import CodeChanges, CodeHistory, read_code_changes
from release_builder.national.digiden_koshien import DigidenKoshien
from release_builder.national.dx_dashboard import Dashboard
from release_builder.national.fiscal_indicators import FiscalIndicators
from release_builder.national.importer import Context, Importer, Rows
from release_builder.national.localgovjp import Sites
from release_builder.national.opendata_surveys import SURVEY_2020, SURVEY_2024
from release_builder.national.placing import Placer
from release_builder.national.standardisation import Standardisation
from release_builder.national.tables import Sources, read_datasets

IMPORTERS: Final[tuple[Importer, ...]] = (
    Dashboard(),
    CardIssuance(),
    SURVEY_2024,
    SURVEY_2020,
    Standardisation(),
    CodeChanges(),
    Sites(),
    FiscalIndicators(),
    DigidenKoshien(),
)
"""Every national dataset, in build order."""


def context(reference: Path, municipalities: Sequence[dict[str, Any]]) -> Context:
    """The context of the importers: the MIC list, e-Stat's code changes and the placer read
    from ``reference``, and the ``municipalities`` rows they start from."""
    sources = Sources(reference, read_datasets(reference))
    master = mic_master.read_master(reference)
    changes = read_code_changes(reference, master)
    history = CodeHistory(changes)
    return Context(
        reference=reference,
        sources=sources,
        master=master,
        changes=changes,
        history=history,
        places=Placer(master, history),
        municipalities=tuple(municipalities),
    )


def national_rows(
    reference: Path,
    municipalities: Sequence[dict[str, Any]],
    importers: Sequence[Importer] = IMPORTERS,
    specs: TableSet = SPECS,
) -> Rows:
    """Every national table's rows: each importer's, merged, and the ``sources`` rows of the
    files they cite. ``municipalities`` that an importer returns replace the rows it was given
    (the next importer is given them); rows of any other table are added, and a primary key
    that two importers write is a :class:`CurationError`."""
    shared = context(reference, municipalities)
    merged: Rows = {}
    writer: dict[tuple[str, Any], str] = {}
    for importer in importers:
        shared.sources.dataset(importer.folder)  # every importer's folder is listed
        for table, rows in importer.rows(shared).items():
            if table == "municipalities":
                shared = replace(shared, municipalities=tuple(rows))
                continue
            key = specs[table].primary_key
            for row in rows:
                first = writer.get((table, row[key]))
                if first is not None:
                    raise CurationError(
                        f"{table}[{key}={row[key]!r}] is written twice: by {first} and by "
                        f"{importer.folder}",
                        value=row[key],
                    )
                writer[(table, row[key])] = importer.folder
            merged.setdefault(table, []).extend(rows)
    return {
        "sources": list(shared.sources.rows.values()),
        **merged,
        "municipalities": list(shared.municipalities),
    }
