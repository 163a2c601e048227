"""Inferred values are marked: ``inferred`` names fields of the record, each with a value,
and a record with an inferred field carries the ``curation_note`` that explains it.

The models refuse a bad mark wherever a record is built; the build refuses it naming the
file and the record; the released tables carry both columns, and the published release
2026.11.0, which predates them, still reads.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from release_builder.release import collect

import jpdx
from jpdx.models import CuratedRecord
from jpdx.tablespec import SPECS

from .test_curation_fuzz import BASE, _assert_refused, _record, _sources, world

__all__ = ["world"]  # the shared fixture, imported so that pytest finds it here

CURATED = {spec.name: spec for spec in SPECS if issubclass(spec.model, CuratedRecord)}
NEWEST = jpdx.versions()[-1]
NOT_INFERABLE = ("evidence", "inferred", "curation_note")

# One valid record per curated table, from the small world of the fuzz tests.
SAMPLES: dict[str, dict[str, Any]] = {
    "sources": {k: v for k, v in BASE["doc-a"]["source"].items() if k != "text_file"},
    **{table: BASE["doc-a"][table][-1] for table in CURATED if table != "sources"},
}


def _with_evidence(table: str, values: dict[str, Any]) -> dict[str, Any]:
    quote = values["evidence"][0]["quote"]
    return {**values, "evidence": [{"source_id": "doc-a", "quote": quote, "start": 0,
                                    "end": len(quote)}]}  # fmt: skip


def _filled(table: str) -> list[str]:
    """Fields of the sample record that hold a value and may be marked inferred."""
    model = CURATED[table].model
    record = model.model_validate(_with_evidence(table, SAMPLES[table]))
    return [
        name
        for name in model.model_fields
        if name not in NOT_INFERABLE
        and name != CURATED[table].primary_key
        and getattr(record, name) not in (None, ())
    ]


def _empty(table: str) -> list[str]:
    model = CURATED[table].model
    record = model.model_validate(_with_evidence(table, SAMPLES[table]))
    return [
        n for n in model.model_fields if n not in NOT_INFERABLE and getattr(record, n) in (None, ())
    ]


def test_every_curated_table_has_the_two_fields_and_its_key() -> None:
    assert sorted(CURATED) == sorted(s.name for s in SPECS if s.curated)
    for spec in CURATED.values():
        fields = spec.model.model_fields
        assert fields["inferred"].default == ()
        assert fields["curation_note"].default is None
        model = spec.model
        assert issubclass(model, CuratedRecord)
        assert model.key_field == spec.primary_key


@given(st.sampled_from(sorted(CURATED)), st.data())
def test_a_filled_field_with_a_note_is_accepted(table: str, data: st.DataObject) -> None:
    names = data.draw(st.lists(st.sampled_from(_filled(table)), min_size=1, unique=True))
    values = {**_with_evidence(table, SAMPLES[table]), "inferred": names,
              "curation_note": "Read from the context."}  # fmt: skip
    record = CURATED[table].model.model_validate(values)
    assert record.model_dump()["inferred"] == tuple(names)
    assert CURATED[table].model.model_validate(record.model_dump()) == record


@given(st.sampled_from(sorted(CURATED)), st.data())
def test_an_inferred_field_without_a_note_is_refused(table: str, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(_filled(table)))
    values = {**_with_evidence(table, SAMPLES[table]), "inferred": [name]}
    with pytest.raises(ValidationError, match="curation_note"):
        CURATED[table].model.model_validate(values)


@given(
    st.sampled_from(sorted(CURATED)),
    st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True),
)
def test_a_name_that_is_not_a_field_is_refused(table: str, name: str) -> None:
    if name in CURATED[table].model.model_fields and name not in NOT_INFERABLE:
        name = f"{name}_x" if f"{name}_x" not in CURATED[table].model.model_fields else "zz_q"
    if name in CURATED[table].model.model_fields and name not in NOT_INFERABLE:
        return
    values = {**_with_evidence(table, SAMPLES[table]), "inferred": [name], "curation_note": "n"}
    with pytest.raises(ValidationError, match=name):
        CURATED[table].model.model_validate(values)


@pytest.mark.parametrize("table", sorted(CURATED))
def test_the_key_the_evidence_and_the_marks_themselves_cannot_be_inferred(table: str) -> None:
    for name in (CURATED[table].primary_key, *NOT_INFERABLE):
        values = {**_with_evidence(table, SAMPLES[table]), "inferred": [name],
                  "curation_note": "n"}  # fmt: skip
        with pytest.raises(ValidationError, match="not a field whose value can be inferred"):
            CURATED[table].model.model_validate(values)


@given(st.sampled_from([t for t in sorted(CURATED) if _empty(t)]), st.data())
def test_an_empty_field_cannot_be_inferred(table: str, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(_empty(table)))
    values = {**_with_evidence(table, SAMPLES[table]), "inferred": [name], "curation_note": "n"}
    with pytest.raises(ValidationError, match=f"{name} is empty"):
        CURATED[table].model.model_validate(values)


def test_a_field_named_twice_is_refused() -> None:
    name = _filled("programs")[0]
    values = {**_with_evidence("programs", SAMPLES["programs"]), "inferred": [name, name],
              "curation_note": "n"}  # fmt: skip
    with pytest.raises(ValidationError, match="twice"):
        CURATED["programs"].model.model_validate(values)


# The build: a bad mark stops it, naming the file, the record and the problem.


def _program(docs: dict[str, dict[str, Any]], program_id: str) -> dict[str, Any]:
    index = [p["program_id"] for p in docs["doc-a"]["programs"]].index(program_id)
    return _record(docs, ("doc-a", "programs", index))


def test_the_build_refuses_an_unknown_field_name(world: Path) -> None:
    docs = copy.deepcopy(BASE)
    _program(docs, "test-program").update(inferred=["start_year"], curation_note="Guessed.")
    _assert_refused(world, docs, "doc-a.toml", "'test-program'", "start_year")


def test_the_build_refuses_an_inferred_field_left_empty(world: Path) -> None:
    docs = copy.deepcopy(BASE)
    _program(docs, "test-program").update(inferred=["end_fiscal_year"], curation_note="From X.")
    _assert_refused(world, docs, "doc-a.toml", "'test-program'", "end_fiscal_year is empty")


def test_the_build_refuses_an_inferred_field_without_a_note(world: Path) -> None:
    docs = copy.deepcopy(BASE)
    _program(docs, "test-program")["inferred"] = ["status"]
    _assert_refused(world, docs, "doc-a.toml", "'test-program'", "curation_note")


def test_the_build_refuses_an_inferred_source_field_without_a_note(world: Path) -> None:
    docs = copy.deepcopy(BASE)
    docs["doc-b"]["source"]["inferred"] = ["title"]
    _assert_refused(world, docs, "doc-b.toml", "'doc-b'", "curation_note")


@pytest.mark.parametrize("kind", ["law", "policy_document"])
def test_the_build_refuses_a_status_on_a_document(world: Path, kind: str) -> None:
    docs = copy.deepcopy(BASE)
    _program(docs, "test-program")["kind"] = kind
    _assert_refused(world, docs, "doc-a.toml", "'test-program'", kind, "no status")


def test_the_build_releases_the_marks_and_the_note(world: Path) -> None:
    docs = copy.deepcopy(BASE)
    _program(docs, "test-program").update(inferred=["status"], curation_note="From 開始した.")
    built = collect(_sources(world, docs), world / "seeds")
    rows = {r["program_id"]: r for r in built.rows["programs"]}
    assert rows["test-program"]["inferred"] == ("status",)
    assert rows["test-program"]["curation_note"] == "From 開始した."
    assert rows["test-plan"]["inferred"] == ()
    assert rows["test-plan"]["curation_note"] is None


# The released data.


@pytest.mark.parametrize("table", sorted(CURATED))
def test_released_marks_name_filled_fields_and_have_notes(table: str) -> None:
    frame = jpdx.load(table, version=NEWEST)
    assert frame.schema["inferred"] == pl.List(pl.String)
    assert frame["inferred"].null_count() == 0  # rows made without the models too
    assert len(jpdx.records(table, version=NEWEST)) == frame.height
    for row in frame.filter(pl.col("inferred").list.len() > 0).to_dicts():
        assert row["curation_note"], row[CURATED[table].primary_key]
        for name in row["inferred"]:
            assert name in frame.columns, name
            assert row[name] not in (None, []), (row, name)


def test_the_published_release_predates_the_marks() -> None:
    for table in CURATED:
        assert "inferred" not in jpdx.load(table, version="2026.11.0").columns
        for record in jpdx.records(table, version="2026.11.0"):
            assert isinstance(record, CuratedRecord)
            dumped = record.model_dump()
            assert dumped["inferred"] == ()
            assert dumped["curation_note"] is None


def test_every_kpi_direction_of_the_izunokuni_draft_is_marked() -> None:
    # The draft names its KPIs and what they measure, never which way they should move.
    kpis = jpdx.load("kpis", version=NEWEST).filter(
        pl.col("evidence").list.eval(pl.element().struct.field("source_id")).list.first()
        == "izunokuni-strategy-3-draft"
    )
    directed = kpis.filter(pl.col("direction").is_not_null())
    assert directed.height > 0
    assert directed.filter(~pl.col("inferred").list.contains("direction")).height == 0


def test_documents_have_no_status() -> None:
    programs = jpdx.load("programs", version=NEWEST)
    documents = programs.filter(pl.col("kind").is_in(["law", "policy_document"]))
    assert documents.height > 0
    assert documents["status"].null_count() == documents.height


def test_the_diff_shows_the_new_columns_and_the_statuses() -> None:
    change = jpdx.diff("programs", "2026.11.0", NEWEST)
    assert {"inferred", "curation_note"} <= set(change.added_columns)
    status = change.changed.filter(pl.col("column") == "status")
    by_id = dict(zip(status["program_id"], status["new"], strict=True))
    # The minutes: 182の手続が現在オンライン化されてございます, through this service among others.
    assert by_id["yamaguchi-e-application-service"] == '"active"'
    # 山口県が構築しております自治体セキュリティークラウドを経由し … 対策を行っております
    assert by_id["yamaguchi-pref-municipal-security-cloud"] == '"active"'
    assert set(status["old"]) == {"null"}
