"""The codebook: every table's columns, types, descriptions and vocabularies, from the models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jpdx.enums import LabelledEnum
from jpdx.schema import column_enum, nullable_columns, table_schema
from jpdx.tablespec import SPECS


@dataclass(frozen=True)
class Column:
    """One column of a table, as documented in the codebook."""

    name: str
    dtype: str
    nullable: bool
    description_en: str
    description_ja: str
    vocabulary: type[LabelledEnum] | None


def columns(table: str) -> list[Column]:
    """The documented columns of a table, in order."""
    spec = SPECS[table]
    model = spec.model
    schema = table_schema(spec)
    nullable = nullable_columns(spec)
    documented = []
    for name, field in model.model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        vocabulary = column_enum(spec, name)
        documented.append(
            Column(
                name=name,
                dtype=str(schema[name]),
                nullable=name in nullable,
                description_en=field.description or "",
                description_ja=str(extra.get("description_ja", "")),
                vocabulary=vocabulary
                if vocabulary and issubclass(vocabulary, LabelledEnum)
                else None,
            )
        )
    return documented


def references(table: str) -> list[str]:
    """``column → table.column`` lines for the foreign keys of a table."""
    return [
        f"{fk.column} → " + " or ".join(f"{target}.{fk.target_column}" for target in fk.targets)
        for fk in SPECS[table].foreign_keys
    ]


def schema_text(table: str) -> str:
    """A plain-text description of a table for the terminal."""
    spec = SPECS[table]
    lines = [f"{table}: {(spec.model.__doc__ or '').strip()}", f"primary key: {spec.primary_key}"]
    lines += [f"references: {ref}" for ref in references(table)]
    lines.append("")
    for column in columns(table):
        null = "nullable" if column.nullable else "required"
        lines.append(f"{column.name}  {column.dtype}  {null}")
        lines.append(f"    {column.description_en}")
        lines.append(f"    {column.description_ja}")
        if column.vocabulary:
            values = ", ".join(f"{m.value} ({m.ja})" for m in column.vocabulary)
            lines.append(f"    values: {values}")
    return "\n".join(lines)


def json_schema(table: str) -> dict[str, Any]:
    """The JSON Schema of one record of a table (from its pydantic model)."""
    schema: dict[str, Any] = SPECS[table].model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
