"""The codebook pages: every table, column and vocabulary, from the descriptors and models."""

from __future__ import annotations

from pydantic import BaseModel

from jpdx.codebook import Column, columns
from jpdx.enums import LabelledEnum
from jpdx.models import CellEvidence, Evidence, JsonEvidence, PageEvidence
from jpdx.schema import polars_dtype, table_schema
from jpdx.tablespec import SPECS
from release_builder.docs.markdown import HEADER, doc_markdown, md, table_row, type_text


def _relations(table: str) -> list[str]:
    """The foreign keys of a table, then those of other tables that refer to it."""
    lines = [
        f"- `{fk.column}` → "
        + " or ".join(f"[{target}]({target}.md) `{fk.target_column}`" for target in fk.targets)
        for fk in SPECS[table].foreign_keys
    ]
    lines += [
        f"- [{source}]({source}.md) `{fk.column}` → `{fk.target_column}`"
        for source, fk in SPECS.foreign_keys()
        if table in fk.targets and source != table
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
            table_row(
                f"[{table}]({table}.md) `{fk.column}`",
                " or ".join(f"`{target}.{fk.target_column}`" for target in fk.targets),
            )
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
        "A cell of a workbook (`.xls`, `.xlsx`: 総務省's 主要財政指標) names its `sheet`; `row` "
        "and `column` count from A1 as python-calamine's `to_python(skip_empty_area=False)` "
        "yields them, and `quote` is the cell as that reader gives it: a text cell's text, an "
        "integer with `str`, a float with Python's `repr` (`0.67`, `96.5`; the file's own "
        "display format is not kept). `row_header` is the cell of the row's 団体名 column "
        "(都道府県名 in a prefecture file), `column_header` the header row's cell. A workbook's "
        "`sources` row has no `text_sha256` (the file is not text) and cites the title cell "
        "(A1) that names it.",
        "",
        "## Page evidence {#page-evidence}",
        "",
        doc_markdown(PageEvidence),
        "The definitions of the fiscal indicators cite 総務省's 指標の説明 (000781152.pdf) and, "
        "for the notes that hold every year (特別区 computed differently; what `－` means), its "
        "指標のみかた (000781153.pdf) this way. A quote keeps the page's line breaks as pypdf "
        "gives them; `definition` is the same text with them removed. A PDF's `sources` row "
        "cites the first line of its first page that names it.",
        "",
        *_fields_table(PageEvidence),
        "",
        "## Places over time {#former-places}",
        "",
        "A value stated for a body that no longer exists stays that body's value. Each "
        "national file is placed as of its own date (主要財政指標: the last day of its fiscal "
        "year, 31 March, when it lists the bodies of that day): by its code, or by prefecture "
        "and name among the bodies e-Stat's changes show in use that day, with their names of "
        "that day. The body is then followed forward while it carries on — a change of status "
        "(町 → 市), name, county or subprefecture, or becoming a designated city, gives the same "
        "body a new code — and its value is filed under the code it has today, or under the "
        "code it had when it ceased: merged into a new body (新設合併), absorbed (編入), or a "
        "ward reorganised. Nothing is summed into, or relabelled as, a successor. "
        "`code_as_published` and `name_as_published` keep what the file says.",
        "",
        "[former_municipalities](former_municipalities.md) holds one row per body e-Stat's "
        "changes show ceasing (1970–2024), with its name and reading as the record of that day "
        "gives them, its dates and its successors (by the code each has today, or had when it "
        "too ceased); every `indicator_values.lg_code` is a `municipalities` or a "
        '`former_municipalities` row, and `load("municipalities")` holds today\'s bodies only. '
        "Where e-Stat gives a new body the code of an old one of the same name "
        "(`栃木市(09203)、大平町(09365)…が合併し、栃木市を新設`), the code carries on: the old "
        "栃木市's values and the new one's share 092037, and the change is in `code_changes`.",
        "",
        "## Markers in place of a number {#markers}",
        "",
        "A numeric indicator may list markers in `answers`: a cell that states one instead of "
        "a number has a null `value` and the marker in `answers`; an empty cell has neither. "
        "主要財政指標 writes `-` or `－` where a figure does not apply (`not_applicable`: no "
        "future burden because the resources exceed it; in FY2007's file, 実質公債費比率 not "
        "computed for a body that merged away after 1 April 2008). In FY2008 the 特別区' 財政力指数 and 経常収支比率 are "
        "written in brackets (`(0.80)`): the number is read, the quote keeps the brackets; "
        "brackets anywhere else stop the build. The publisher's averages (全国市町村平均, "
        "都道府県平均) are aggregates, not places, and are not imported. ラスパイレス指数 "
        "refers to 1 April; where a file's footnote states the day (FY2005–FY2007), each "
        "value cites that footnote too.",
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
