"""The closed vocabulary of each column that has one: the name of its enum in
:mod:`jpdx.enums`, by table and column. Generated from the record models by
``python -m release_builder.overloads`` (a test fails when it drifts from them), so that a
filter checks a value against its vocabulary without building the models."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from enum import Enum

    from jpdx.tablespec import TableSpec

# <generated vocabularies>
VOCABULARIES: dict[str, dict[str, str]] = {
    "code_changes": {
        "kind": "ChangeKind",
    },
    "former_municipalities": {
        "change_kind": "ChangeKind",
    },
    "indicator_values": {
        "as_of_date_precision": "DatePrecision",
    },
    "indicators": {
        "kind": "IndicatorKind",
        "procedure_type": "ProcedureType",
    },
    "kpis": {
        "direction": "Direction",
    },
    "municipalities": {
        "kind": "MunicipalityKind",
    },
    "organizations": {
        "kind": "OrganizationKind",
    },
    "participant_counts": {
        "category": "ParticipantCategory",
        "qualifier": "Qualifier",
        "as_of_date_precision": "DatePrecision",
    },
    "procedures": {
        "channel": "Channel",
        "since_date_precision": "DatePrecision",
        "status": "Status",
        "procedure_types": "ProcedureType",
    },
    "programs": {
        "kind": "ProgramKind",
        "fields": "PolicyField",
        "status": "Status",
        "start_date_precision": "DatePrecision",
        "category": "ProgramCategory",
    },
    "sources": {
        "kind": "SourceKind",
        "date_precision": "DatePrecision",
    },
}
# </generated vocabularies>


def column_vocabulary(spec: TableSpec, column: str) -> type[Enum] | None:
    """The enum of a column's closed vocabulary (of its items, for a list column), or None.
    For this jpdx's own tables it is read from :data:`VOCABULARIES`, so no model is built;
    other descriptors ask their models."""
    from jpdx.tablespec import SPECS

    if spec.name in SPECS and SPECS[spec.name] is spec:
        name = VOCABULARIES.get(spec.name, {}).get(column)
        if not name:
            return None
        from jpdx import enums

        vocabulary: type[Enum] = getattr(enums, name)
        return vocabulary
    from jpdx.schema import column_enum

    return column_enum(spec, column)
