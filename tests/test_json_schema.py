"""The JSON Schema of each table: a valid 2020-12 document that every released record meets."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

import jpdx
from jpdx.codebook import json_schema
from jpdx.tablespec import SPECS, TableName
from tests.test_cli import run

Record = dict[str, Any]

TABLES = jpdx.tables()  # the tables of the default release


def validator(table: TableName) -> Draft202012Validator:
    schema = json_schema(table)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


PER_KEY_PREFIX = 50
"""Of a table over 100,000 rows, the records checked: the first 50 of each indicator (every
indicator's shape, answers and units), as the national tests re-derive every row anyway."""


def released(table: TableName) -> list[Record]:
    records = jpdx.records(table)
    if len(records) > 100_000:
        seen: dict[object, int] = {}
        sample = []
        for record in records:
            group = getattr(record, "indicator_id", None)
            seen[group] = seen.get(group, 0) + 1
            if seen[group] <= PER_KEY_PREFIX:
                sample.append(record)
        records = tuple(sample)
    return [r.model_dump(mode="json") for r in records]


@pytest.mark.parametrize("table", TABLES)
def test_every_released_record_meets_its_json_schema(table: TableName) -> None:
    check = validator(table)
    records = released(table)
    assert records
    for record in records:
        check.validate(json.loads(json.dumps(record, ensure_ascii=False)))


@pytest.mark.parametrize("table", TABLES)
def test_the_command_prints_the_same_schema(
    table: TableName, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "schema", table, "--format", "json-schema")
    assert status == 0
    printed = json.loads(out)
    assert printed == json_schema(table)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed["additionalProperties"] is False
    newest = jpdx.versions()[-1]  # written with today's models; an older release has a subset
    assert printed["properties"].keys() == set(jpdx.load(table, version=newest).columns)
    assert set(jpdx.load(table).columns) <= printed["properties"].keys()


def _set(key: str, value: Any) -> Callable[[Record], None]:
    def change(record: Record) -> None:
        record[key] = value

    return change


def _drop(key: str) -> Callable[[Record], None]:
    def change(record: Record) -> None:
        del record[key]

    return change


def _evidence(key: str, value: Any) -> Callable[[Record], None]:
    def change(record: Record) -> None:
        record["evidence"][0][key] = value

    return change


@pytest.mark.parametrize(
    ("table", "change"),
    [
        ("programs", _set("status", "activ")),
        ("programs", _set("fields", [])),
        ("programs", _set("fields", ["tourismo"])),
        ("programs", _set("program_id", "Not A Slug")),
        ("programs", _set("start_fiscal_year", 1700)),
        ("programs", _set("start_fiscal_year", "2024")),
        ("programs", _set("start_date", "2024-02-30")),
        ("programs", _set("lg_code", "12345")),
        ("programs", _set("name", "")),
        ("programs", _set("url", "www.example.jp")),
        ("programs", _set("colour", "red")),
        ("programs", _drop("name")),
        ("programs", _set("evidence", [])),
        ("programs", _evidence("start", -1)),
        ("programs", _evidence("quote", "")),
        ("programs", _evidence("page", 3)),
        ("participant_counts", _set("value", -1)),
        ("participant_counts", _set("value", 1.5)),
        ("kpis", _set("target_value", "100")),
        ("municipalities", _set("kind", "hamlet")),
        ("sources", _set("text_sha256", "ABC")),
    ],
)
def test_json_schema_rejects_what_the_model_rejects(
    table: TableName, change: Callable[[Record], None]
) -> None:
    record = copy.deepcopy(released(table)[0])
    change(record)
    with pytest.raises(ValidationError):
        validator(table).validate(record)
    with pytest.raises(ValueError, match="validation error"):
        SPECS[table].model.model_validate_json(json.dumps(record))
