"""Models: validation rules, and lossless model ⇄ frame round-trips for generated records."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from release_builder.release import table_frame

import jpdx
from jpdx.dates import fiscal_year_of
from jpdx.enums import (
    Channel,
    DatePrecision,
    Direction,
    ParticipantCategory,
    PolicyField,
    ProgramKind,
    Qualifier,
    Status,
)
from jpdx.models import KPI, Evidence, ParticipantCount, Procedure, Program
from jpdx.schema import table_schema
from jpdx.tablespec import SPECS, TableName

CODES = [m.lg_code for m in jpdx.records("municipalities")]
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
texts = (
    st.text(st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=20)
    .map(lambda s: unicodedata.normalize("NFC", s))
    .filter(lambda s: s.strip() == s and s != "")
)
years = st.integers(1990, 2040)


@st.composite
def evidence(draw: st.DrawFn) -> Evidence:
    quote = draw(st.text(min_size=1, max_size=30))
    start = draw(st.integers(0, 10_000))
    return Evidence(source_id=draw(slugs), quote=quote, start=start, end=start + len(quote))


@st.composite
def dated(draw: st.DrawFn) -> tuple[dt.date | None, DatePrecision | None, int | None]:
    precision = draw(st.sampled_from([None, *DatePrecision]))
    if precision is None:
        return None, None, draw(st.none() | years)
    day = draw(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
    if precision is DatePrecision.month:
        day = day.replace(day=1)
    if precision is DatePrecision.year:
        day = day.replace(month=1, day=1)
        return day, precision, draw(st.none() | st.sampled_from([day.year - 1, day.year]))
    return day, precision, draw(st.none() | st.just(fiscal_year_of(day)))


@st.composite
def programs(draw: st.DrawFn) -> Program:
    day, precision, start_year = draw(dated())
    end = draw(st.none() | st.integers(start_year or 1990, 2045))
    program_id = draw(slugs)
    return Program(
        program_id=program_id, name=draw(texts), name_en=draw(texts),
        kind=draw(st.sampled_from(ProgramKind)),
        parent_id=draw(st.none() | slugs.filter(lambda s: s != program_id)),  # never itself
        lg_code=draw(st.none() | st.sampled_from(CODES)),
        organization_ids=tuple(draw(st.lists(slugs, max_size=3))),
        fields=tuple(draw(st.lists(st.sampled_from(PolicyField), min_size=1, max_size=3))),
        status=draw(st.none() | st.sampled_from(Status)), start_fiscal_year=start_year,
        end_fiscal_year=end, start_date=day, start_date_precision=precision,
        summary=draw(st.none() | texts), url=draw(st.none() | st.just("https://example.org/a")),
        evidence=tuple(draw(st.lists(evidence(), min_size=1, max_size=3))),
    )  # fmt: skip


@st.composite
def counts(draw: st.DrawFn) -> ParticipantCount:
    day, precision, year = draw(dated())
    return ParticipantCount(
        count_id=draw(slugs), program_id=draw(slugs), organization_id=draw(st.none() | slugs),
        label=draw(texts), category=draw(st.sampled_from(ParticipantCategory)),
        value=draw(st.integers(0, 10**9)), unit=draw(texts),
        qualifier=draw(st.sampled_from(Qualifier)), as_of_date=day,
        as_of_date_precision=precision, as_of_fiscal_year=year,
        evidence=tuple(draw(st.lists(evidence(), min_size=1, max_size=2))),
    )  # fmt: skip


@st.composite
def kpis(draw: st.DrawFn) -> KPI:
    number = st.none() | st.floats(-1e9, 1e9, allow_nan=False)
    return KPI(
        kpi_id=draw(slugs), program_id=draw(slugs), name=draw(texts), name_en=draw(texts),
        definition=draw(st.none() | texts), unit=draw(st.none() | texts),
        direction=draw(st.none() | st.sampled_from(Direction)),
        baseline_value=draw(number), baseline_fiscal_year=draw(st.none() | years),
        target_value=draw(number), target_fiscal_year=draw(st.none() | years),
        evidence=tuple(draw(st.lists(evidence(), min_size=1, max_size=2))),
    )  # fmt: skip


@st.composite
def procedures(draw: st.DrawFn) -> Procedure:
    day, precision, year = draw(dated())
    return Procedure(
        procedure_id=draw(slugs), lg_code=draw(st.sampled_from(CODES)),
        program_id=draw(st.none() | slugs), name=draw(texts), name_en=draw(texts),
        channel=draw(st.sampled_from(Channel)),
        procedure_count=draw(st.none() | st.integers(0, 10_000)), since_date=day,
        since_date_precision=precision, since_fiscal_year=year,
        status=draw(st.none() | st.sampled_from(Status)), summary=draw(st.none() | texts),
        evidence=tuple(draw(st.lists(evidence(), min_size=1, max_size=2))),
    )  # fmt: skip


GENERATED = {
    "programs": programs(),
    "participant_counts": counts(),
    "kpis": kpis(),
    "procedures": procedures(),
}


@pytest.mark.parametrize("table", sorted(GENERATED))
@given(data=st.data())
def test_model_frame_round_trip_is_lossless(table: TableName, data: st.DataObject) -> None:
    model: Any = SPECS[table].model
    key = SPECS[table].primary_key
    records = data.draw(st.lists(GENERATED[table], max_size=5, unique_by=lambda r: getattr(r, key)))
    frame = table_frame(table, [r.model_dump() for r in records])
    assert frame.schema == table_schema(SPECS[table])
    adapter: TypeAdapter[list[Any]] = TypeAdapter(list[model])
    back = adapter.validate_python(frame.to_dicts())
    assert sorted(back, key=lambda r: getattr(r, key)) == sorted(
        records, key=lambda r: getattr(r, key)
    )


@pytest.mark.parametrize("table", ["sources", "organizations", "municipalities"])
def test_released_rows_round_trip(table: str) -> None:
    newest = jpdx.versions()[-1]  # written with today's models
    records = jpdx.records(table, version=newest)
    frame = table_frame(table, [r.model_dump() for r in records])
    assert frame.equals(jpdx.load(table, version=newest))


def _program(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "program_id": "x", "name": "名", "name_en": "n", "kind": "program",
        "fields": ("tourism",),
        "evidence": ({"source_id": "s", "quote": "q", "start": 0, "end": 1},),
    }  # fmt: skip
    values.update(changes)
    return values


@pytest.mark.parametrize(
    "changes",
    [
        {"program_id": "Not A Slug"},
        {"name": " 名"},
        {"name": "ｶﾞ"},  # not NFC-stable? NFC keeps half-width; must still be non-blank
        {"lg_code": "352013"},
        {"lg_code": 352012},
        {"fields": ()},
        {"fields": ("tourismo",)},
        {"evidence": ()},
        {"evidence": ({"source_id": "s", "quote": "q", "start": 0, "end": 2},)},
        {"start_fiscal_year": "2023"},
        {
            "start_date": dt.date(2024, 1, 23),
            "start_date_precision": "day",
            "start_fiscal_year": 2024,
        },
        {"start_date": dt.date(2024, 1, 23), "start_date_precision": "month"},
        {"start_date": dt.date(2024, 1, 23)},
        {"start_fiscal_year": 2025, "end_fiscal_year": 2024},
        {"parent_id": "x"},
        {"url": "javascript:alert(1)"},
        {"unknown": 1},
    ],
)
def test_invalid_records_are_rejected(changes: dict[str, Any]) -> None:
    if changes == {"name": "ｶﾞ"}:
        Program.model_validate(_program(**changes))  # half-width kana is valid NFC text
        return
    with pytest.raises(ValidationError):
        Program.model_validate(_program(**changes))


def test_a_valid_record_passes_and_is_frozen() -> None:
    program = Program.model_validate(
        _program(
            start_date=dt.date(2024, 1, 1), start_date_precision="month", start_fiscal_year=2023
        )
    )
    with pytest.raises(ValidationError):
        program.name = "other"  # type: ignore[misc]
