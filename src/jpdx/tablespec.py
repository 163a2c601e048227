"""Table names and keys: light constants that load without pydantic or polars."""

from __future__ import annotations

from typing import Literal, NamedTuple, get_args

TableName = Literal[
    "kpis",
    "municipalities",
    "organizations",
    "participant_counts",
    "procedures",
    "programs",
    "sources",
]

TABLES: tuple[TableName, ...] = get_args(TableName)
"""Every table name, in alphabetical order."""

PRIMARY_KEYS: dict[TableName, str] = {
    "kpis": "kpi_id",
    "municipalities": "lg_code",
    "organizations": "org_id",
    "participant_counts": "count_id",
    "procedures": "procedure_id",
    "programs": "program_id",
    "sources": "source_id",
}

CURATED_TABLES: tuple[TableName, ...] = tuple(t for t in TABLES if t != "municipalities")
"""Tables whose rows are curated from source documents; every row carries evidence."""


class ForeignKey(NamedTuple):
    """``table.column`` refers to ``target.target_column`` (a list column refers element-wise)."""

    table: TableName
    column: str
    target: TableName
    target_column: str


FOREIGN_KEYS: tuple[ForeignKey, ...] = (
    ForeignKey("sources", "lg_code", "municipalities", "lg_code"),
    ForeignKey("organizations", "lg_code", "municipalities", "lg_code"),
    ForeignKey("programs", "parent_id", "programs", "program_id"),
    ForeignKey("programs", "lg_code", "municipalities", "lg_code"),
    ForeignKey("programs", "organization_ids", "organizations", "org_id"),
    ForeignKey("participant_counts", "program_id", "programs", "program_id"),
    ForeignKey("participant_counts", "organization_id", "organizations", "org_id"),
    ForeignKey("kpis", "program_id", "programs", "program_id"),
    ForeignKey("procedures", "program_id", "programs", "program_id"),
    ForeignKey("procedures", "lg_code", "municipalities", "lg_code"),
    *(ForeignKey(t, "evidence.source_id", "sources", "source_id") for t in CURATED_TABLES),
)
