"""The codebook pages: every table, column and vocabulary, from the descriptors and models."""

from __future__ import annotations

from pydantic import BaseModel

from jpdx.codebook import Column, columns
from jpdx.enums import LabelledEnum
from jpdx.models import CellEvidence, Evidence, JsonEvidence
from jpdx.schema import polars_dtype, table_schema
from jpdx.tablespec import SPECS
from release_builder.docs.markdown import HEADER, doc_markdown, md, table_row, type_text


def _relations(table: str) -> list[str]:
    """The foreign keys of a table, then those of other tables that refer to it."""
    lines = [
        f"- `{fk.column}` → [{fk.target}]({fk.target}.md) `{fk.target_column}`"
        for fk in SPECS[table].foreign_keys
    ]
    lines += [
        f"- [{source}]({source}.md) `{fk.column}` → `{fk.target_column}`"
        for source, fk in SPECS.foreign_keys()
        if fk.target == table and source != table
    ]
    return lines or ["- none"]


def _vocabulary_table(vocabulary: type[LabelledEnum]) -> list[str]:
    lines = [table_row("value", "日本語", "English"), table_row("---", "---", "---")]
    lines += [table_row(f"`{m.value}`", md(m.ja), md(m.en)) for m in vocabulary]
    return lines


def _column_row(table: str, column: Column) -> str:
    en = md(column.description_en)
    if column.vocabulary:
        en += f" Values: [{column.vocabulary.__name__}](#{column.name}-values)."
    if column.name == "evidence":
        en += " Items: see [evidence](index.md#evidence)."
    return table_row(
        f"`{column.name}`",
        f"`{type_text(table_schema(SPECS[table])[column.name])}`",
        "yes" if column.nullable else "no",
        en,
        md(column.description_ja),
    )


def codebook_page(table: str) -> str:
    """The codebook page of one table."""
    documented = columns(table)
    spec = SPECS[table]
    lines = [
        f"# {table}",
        "",
        HEADER.format(what="the record models"),
        "",
        f"**{spec.title_en} ({spec.title_ja}).** {doc_markdown(spec.model)}",
        "",
        f"**Primary key:** `{spec.primary_key}` · "
        f"**Record model:** `jpdx.models.{spec.model.__name__}`",
        "",
        "## Relations",
        "",
        *_relations(table),
        "",
        "## Columns",
        "",
        table_row("column", "type", "nullable", "description", "説明"),
        table_row("---", "---", "---", "---", "---"),
        *(_column_row(table, c) for c in documented),
    ]
    vocabularies = [c for c in documented if c.vocabulary]
    if vocabularies:
        lines += ["", "## Vocabularies"]
    for column in vocabularies:
        assert column.vocabulary is not None
        lines += [
            "",
            f"### `{column.name}`: {column.vocabulary.__name__} {{#{column.name}-values}}",
            "",
            doc_markdown(column.vocabulary),
            "",
            *_vocabulary_table(column.vocabulary),
        ]
    return "\n".join(lines) + "\n"


def codebook_index() -> str:
    """The codebook's overview: the tables, their keys and relations, and the evidence items."""
    lines = [
        "# Codebook",
        "",
        HEADER.format(what="the record models"),
        "",
        "Every table, column and vocabulary of jpdx, generated from the record models "
        "(`jpdx.models`), the single definition from which the Parquet schema, the records "
        "and the JSON Schema are also derived. `jpdx schema TABLE` prints the same "
        "information in a terminal.",
        "",
        "各テーブルの列・型・説明・語彙の一覧です(レコードモデルから自動生成)。",
        "",
        table_row("table", "one row is", "primary key"),
        table_row("---", "---", "---"),
        *(
            table_row(f"[{s.name}]({s.name}.md)", doc_markdown(s.model), f"`{s.primary_key}`")
            for s in sorted(SPECS, key=lambda s: s.name)
        ),
        "",
        "## Relations",
        "",
        "Every foreign key resolves in every release; a list column refers element-wise.",
        "",
        table_row("column", "refers to"),
        table_row("---", "---"),
        *(
            table_row(f"[{table}]({table}.md) `{fk.column}`", f"`{fk.target}.{fk.target_column}`")
            for table, fk in SPECS.foreign_keys()
        ),
        "",
        "## Evidence {#evidence}",
        "",
        doc_markdown(Evidence),
        "Every row of a curated table has at least one; `quote` is exactly "
        "`text[start:end]` of the source's text, whose sha256 is `sources.text_sha256`.",
        "",
        *_fields_table(Evidence),
        "",
        "## Cell evidence {#cell-evidence}",
        "",
        doc_markdown(CellEvidence),
        "Every row of a national table (`indicators`, `indicator_values`, `code_changes`, the "
        "`programs` of a published list such as 夏のDigi田甲子園 2022, and the websites and "
        "coordinates of `municipalities`) cites its cells this way (or its values, for a JSON "
        "file: below); the file "
        "is a `sources` row whose `file_sha256` is the sha256 of its bytes as published, and a "
        "test reads every cited cell again from the vendored file.",
        "",
        *_fields_table(CellEvidence),
        "",
        "## JSON evidence {#json-evidence}",
        "",
        doc_markdown(JsonEvidence),
        "Beside the cell form: where a cell is addressed by its row and column and carries the "
        "headers it sits under, a JSON value is addressed by its pointer, and the place it "
        "belongs to is the entry the pointer runs through (`/municipalities/5/overall_rate` is "
        "a value of entry 5, whose prefecture, name or code the same entry states). A JSON "
        "file is a `sources` row like a CSV file (`file_sha256`, `text_sha256` of its UTF-8 "
        "text), whose own evidence is the value that states what it is (a pointer to its title "
        "or date). A test resolves every cited pointer in the vendored file and compares the "
        "quote.",
        "",
        *_fields_table(JsonEvidence),
        "",
        "## Derived files {#derived-files}",
        "",
        "Some published files are an intermediary's derivation of an official publication "
        "(converted, rounded or reshaped by a script of its own) rather than the publication "
        "itself. Their `sources` rows say so in `curation_note`; the intermediary's scripts "
        "are vendored beside the files, because they define the numbers, and each indicator's "
        "`definition` quotes the script's lines verbatim and cites them as text spans of the "
        "vendored script (`Evidence`). The intermediary's own aggregates and judgements "
        "(averages, counts, risk bands) are not imported as data, and absence from a published "
        'list is not stored as a "no" unless the source says the list is complete. Today: '
        "the standardisation progress of 2026-01 and the 特定移行支援システム list "
        "(dataset `gcinsight-standardization-2026-01`, indicators `std-rate-*` and "
        "`std-tokutei-*`).",
    ]
    return "\n".join(lines) + "\n"


def _fields_table(model: type[BaseModel]) -> list[str]:
    lines = [
        table_row("field", "type", "description", "説明"),
        table_row("---", "---", "---", "---"),
    ]
    for name, field in model.model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        lines.append(
            table_row(
                f"`{name}`",
                f"`{type_text(polars_dtype(field.annotation))}`",
                md(field.description or ""),
                md(extra.get("description_ja", "")),
            )
        )
    return lines
