"""The closed vocabulary of each column that has one: the name of its enum in
:mod:`jpdx.enums`, by table and column. Generated from the record models by
``python -m release_builder.overloads`` (a test fails when it drifts from them), so that a
filter checks a value against its vocabulary without building the models."""

from __future__ import annotations

# <generated vocabularies>
VOCABULARIES: dict[str, dict[str, str]] = {
    "code_changes": {
        "kind": "ChangeKind",
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
