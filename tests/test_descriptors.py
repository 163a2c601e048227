"""One descriptor per table: the descriptors agree with the models, and what derives from
them (the typed overloads, the mkdocs navigation, the filters) does not drift."""

from __future__ import annotations

from typing import get_args

import polars as pl
import pytest
from release_builder import overloads
from release_builder.docs import nav

import jpdx
from jpdx.exports import FORMATS
from jpdx.filters import REGISTRY, Context, filter_names
from jpdx.schema import column_enum, nullable_columns, table_schema
from jpdx.store import bundled
from jpdx.tablespec import SPECS, TableName, TableSpec
from jpdx.vocabularies import VOCABULARIES

from .conftest import RELEASES, ROOT, table_paths


def test_the_table_name_literal_names_exactly_the_descriptors() -> None:
    assert tuple(sorted(get_args(TableName))) == SPECS.names


@pytest.mark.parametrize("spec", SPECS.specs, ids=lambda s: s.name)
def test_every_column_a_descriptor_names_is_a_column_of_its_model(spec: TableSpec) -> None:
    columns = set(table_schema(spec))
    assert next(iter(table_schema(spec))) == spec.primary_key  # the key comes first
    for fk in spec.foreign_keys:
        assert fk.column.split(".")[0] in columns
        assert fk.target in SPECS
        assert fk.target_column == SPECS[fk.target].primary_key
    named = [*spec.place, *spec.fields, *spec.text_columns]
    rule = spec.fiscal_year
    if rule is not None:
        named += [c for c in (rule.year, rule.date, rule.precision, rule.end, rule.via) if c]
    assert set(named) <= columns, set(named) - columns
    for link in (*spec.place, *spec.fields):
        if link not in ("lg_code", "fields"):  # a link through another table is a foreign key
            assert link in {fk.column for fk in spec.foreign_keys}
    assert "evidence" in columns  # quotes (curated tables) or cells (the national tables)
    assert "evidence" not in nullable_columns(spec)


def test_the_typed_overloads_are_those_the_descriptors_generate() -> None:
    text = overloads.INIT.read_text(encoding="utf-8")
    assert overloads.formatted(overloads.render(text)) == text, (
        "run `python -m release_builder.overloads`"
    )
    for spec in SPECS:
        model = spec.model_path.partition(":")[2]
        assert f'table: Literal["{spec.name}"], *, version: str | None = None' in text
        assert f"tuple[{model}, ...]" in text


def test_the_vocabularies_are_those_the_models_generate() -> None:
    text = overloads.VOCABULARIES.read_text(encoding="utf-8")
    assert overloads.formatted(overloads.render(text, path=overloads.VOCABULARIES)) == text, (
        "run `python -m release_builder.overloads`"
    )
    for spec in SPECS:  # each column's enum, as its model annotates it
        for column in spec.model.model_fields:
            members = column_enum(spec, column)
            named = VOCABULARIES[spec.name].get(column)
            assert named == (members.__name__ if members else None), (spec.name, column)


def test_the_mkdocs_navigation_lists_a_codebook_page_per_descriptor() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert nav.render(config) == config, "run `python -m release_builder.docs`"
    for spec in SPECS:
        assert f"      - codebook/{spec.name}.md\n" in config


def test_a_table_accepts_each_registered_filter_its_descriptor_supports() -> None:
    store = bundled()
    for table in store.tables():
        spec = SPECS[table]
        context = Context(store, spec, store.default_version(), store.schema(spec.name))
        names = set(filter_names(context))
        assert ("municipality" in names) == bool(spec.place)
        assert ("field" in names) == bool(spec.fields)
        assert ("fiscal_year" in names) == (spec.fiscal_year is not None)
        cites = any(  # a table in parts: any of its files
            "evidence" in pl.read_parquet_schema(path)
            for path in table_paths(RELEASES, store.default_version(), table)
        )
        assert ("source" in names) == cites  # rows that cite documents can be filtered by one
        assert "text" in names
        assert set(REGISTRY) - names <= {"municipality", "lg_code", "prefecture", "field",
                                         "fiscal_year", "source"}  # fmt: skip


def test_an_unknown_export_format_is_an_error_listing_the_formats(tmp_path: object) -> None:
    with pytest.raises(jpdx.UnknownValueError) as raised:
        jpdx.export(str(tmp_path), format="xlsx")
    assert raised.value.choices == tuple(sorted(FORMATS))
    assert "csv" in str(raised.value)
    assert "parquet" in str(raised.value)
