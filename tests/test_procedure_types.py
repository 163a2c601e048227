"""The national procedure types: the vocabulary is the dashboard's procedures, read here from
the vendored rate files with csv (not with the import), each procedure indicator names its
type, the builder refuses a file and a vocabulary that disagree, and every curated link
resolves to a national rate."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from release_builder.national import dx_dashboard, tables
from release_builder.national.cells import RawTableError
from release_builder.national.importer import Context

import jpdx
from jpdx.enums import ProcedureType
from jpdx.models import Procedure

from .conftest import SOURCES
from .national_helpers import history, master, placer

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

NEWEST = jpdx.versions()[-1]
DASHBOARD = SOURCES / "reference" / "digital-agency-dx-dashboard-2024-07-12"
MUNICIPAL = "市区町村毎のDX進捗状況_行政手続のオンライン申請率.csv"
PREFECTURAL = "都道府県のDX進捗状況_行政手続のオンライン申請率.csv"
FREQUENT = "よく使う32手続のオンライン申請利用状況"
CARE = "子育て・介護の26手続のオンライン申請利用状況"


def _records(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def published() -> dict[str, list[tuple[str, str]]]:
    """(group, procedure name) of every record of each rate file, as published."""
    return {
        name: [(r[0], r[1]) for r in _records(DASHBOARD / name)[1:]]
        for name in (MUNICIPAL, PREFECTURAL)
    }


def test_the_vocabulary_is_every_procedure_the_dashboard_publishes(
    published: dict[str, list[tuple[str, str]]],
) -> None:
    municipal = {name for _, name in published[MUNICIPAL]}
    prefectural = {name for _, name in published[PREFECTURAL]}
    assert (len(municipal), len(prefectural)) == (52, 30)
    assert {t.ja for t in ProcedureType} == municipal | prefectural
    assert len(ProcedureType) == 58
    union = {row for rows in published.values() for row in rows}
    assert Counter(group for group, _ in union) == Counter({FREQUENT: 32, CARE: 26})
    # the municipal file: 26 of the 32 and the 26; the prefectural file: 30 of the 32
    assert Counter(g for g, _ in published[MUNICIPAL]) == Counter({FREQUENT: 26, CARE: 26})


def test_members_are_stable_ascii_slugs_with_distinct_labels() -> None:
    for member in ProcedureType:
        assert re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", member.value), member
        assert member.en
        assert member.en == " ".join(member.en.split())
        assert member.ja == " ".join(member.ja.split())  # cleaned as an indicator name is
    assert len({m.ja for m in ProcedureType}) == len({m.en for m in ProcedureType}) == 58


def test_each_procedure_indicator_names_its_type_and_no_other_indicator_does() -> None:
    indicators = jpdx.load("indicators", version=NEWEST)
    rate_files = {
        "digital-agency-dx-dashboard-2024-07-12-municipal-online-rates",
        "digital-agency-dx-dashboard-2024-07-12-prefecture-online-rates",
    }
    typed = 0
    for row in indicators.iter_rows(named=True):
        is_rate = row["evidence"][0]["source_id"] in rate_files
        assert (row["procedure_type"] is not None) == is_rate, row["indicator_id"]
        if is_rate:
            member = ProcedureType(row["procedure_type"])
            assert (row["name"], row["name_en"]) == (member.ja, member.en)
            assert row["evidence"][0]["row_header"] == member.ja
            typed += 1
    assert typed == len(ProcedureType)
    assert indicators.get_column("procedure_type").drop_nulls().is_unique().all()


def test_a_published_procedure_without_a_member_is_refused() -> None:
    records = _records(DASHBOARD / MUNICIPAL)
    assert len(dx_dashboard.procedure_types_of(records, MUNICIPAL)) == 52
    renamed = [list(r) for r in records]
    renamed[25][1] = "転出届の提出"  # a name the dashboard might publish one day
    with pytest.raises(RawTableError, match=r"row 25 column 1.*転出届の提出.*ProcedureType"):
        dx_dashboard.procedure_types_of(renamed, MUNICIPAL)


def test_a_member_no_file_publishes_is_refused() -> None:
    by_file = {
        name: dx_dashboard.procedure_types_of(_records(DASHBOARD / name), name)
        for name in (MUNICIPAL, PREFECTURAL)
    }
    dx_dashboard.check_procedure_types(by_file)  # the vendored files: every member
    without = {
        k: [t for t in v if t is not ProcedureType.pregnancy_notice] for k, v in by_file.items()
    }
    with pytest.raises(RawTableError, match="pregnancy_notice"):
        dx_dashboard.check_procedure_types(without)


# -- curated links ----------------------------------------------------------------------------


def _curated() -> list[tuple[Path, dict[str, Any]]]:
    return [
        (path, record)
        for path in sorted(SOURCES.glob("*.toml"))
        for record in tomllib.loads(path.read_text(encoding="utf-8")).get("procedures", [])
    ]


def test_every_link_is_explained_by_a_curation_note() -> None:
    linked = [(p, r) for p, r in _curated() if r.get("procedure_types")]
    assert linked
    for path, record in linked:
        note = record.get("curation_note")
        assert isinstance(note, str), (path.name, record)
        assert "procedure_types" in note, (path.name, record)


def test_every_link_resolves_to_a_national_rate_of_the_same_place() -> None:
    procedures = jpdx.records("procedures", version=NEWEST)
    assert all(isinstance(p, Procedure) for p in procedures)
    links = [(p, t) for p in procedures for t in p.procedure_types]
    curated = [(r["procedure_id"], t) for _, r in _curated() for t in r.get("procedure_types", [])]
    assert sorted((p.procedure_id, t.value) for p, t in links) == sorted(curated)
    indicators = jpdx.load("indicators", version=NEWEST).filter(
        pl.col("procedure_type").is_not_null()
    )
    values = jpdx.load("indicator_values", version=NEWEST)
    for procedure, member in links:
        indicator = indicators.filter(pl.col("procedure_type") == member.value)
        assert indicator.height == 1, member
        (indicator_id,) = indicator.get_column("indicator_id")
        place = values.filter(
            (pl.col("indicator_id") == indicator_id) & (pl.col("lg_code") == procedure.lg_code)
        )
        assert place.height == 1, (procedure.procedure_id, member)


def test_the_examples_a_user_would_try() -> None:
    moving = jpdx.query("procedures", version=NEWEST).where(procedure_types="moving_out")
    assert [p.procedure_id for p in moving.records()] == ["shimonoseki-moving-one-stop"]
    facility = jpdx.query("procedures", version=NEWEST).where(
        municipality="下関市", procedure_types="facility_reservation"
    )
    assert [p.name for p in facility.records()] == ["公共施設予約に係る各種申請手続"]
    eltax = jpdx.query("indicators", version=NEWEST).where(procedure_type="local_tax_eltax")
    assert eltax.frame().get_column("name").to_list() == ["地方税申告手続（eLTAX）"]
    with pytest.raises(jpdx.JpdxError, match="moving_out"):
        jpdx.query("procedures", version=NEWEST).where(procedure_types="moving-out").frame()


def _copy_with(tmp: Path, edit: dict[str, list[list[str]]]) -> Path:
    """A reference folder with the MIC list, the dashboard's label file and both rate files,
    some of them replaced."""
    reference = tmp / "reference"
    folder = reference / DASHBOARD.name
    folder.mkdir(parents=True)
    (reference / "mic_lg_codes.csv").write_bytes(
        (SOURCES / "reference" / "mic_lg_codes.csv").read_bytes()
    )
    (reference / dx_dashboard.LABELS).write_bytes(
        (SOURCES / "reference" / dx_dashboard.LABELS).read_bytes()
    )
    for name in (MUNICIPAL, PREFECTURAL):
        if name in edit:
            out = io.StringIO(newline="")
            csv.writer(out, lineterminator="\r\n").writerows(edit[name])
            (folder / name).write_text(out.getvalue(), encoding="utf-8")
        else:
            (folder / name).write_bytes((DASHBOARD / name).read_bytes())
    return reference


def test_the_import_refuses_files_that_disagree_with_the_vocabulary(tmp_path: Path) -> None:
    records = _records(DASHBOARD / MUNICIPAL)
    renamed = [list(r) for r in records]
    renamed[25][1] = "転出届の提出"
    reference = _copy_with(tmp_path / "renamed", {MUNICIPAL: renamed})
    with pytest.raises(RawTableError, match="転出届の提出"):
        dx_dashboard.read_table(reference, dx_dashboard.MUNICIPAL_ONLINE_RATES_LAYOUT)
    with pytest.raises(RawTableError, match="転出届の提出"):
        dx_dashboard.read_procedure_types(reference)
    dropped = [r for r in records if r[1] != ProcedureType.pregnancy_notice.ja]
    assert len(dropped) == len(records) - 1
    reference = _copy_with(tmp_path / "dropped", {MUNICIPAL: dropped})
    with pytest.raises(RawTableError, match="pregnancy_notice"):
        dx_dashboard.read_procedure_types(reference)
    (reference / tables.DATASETS_FILE).write_bytes(
        (SOURCES / "reference" / tables.DATASETS_FILE).read_bytes()
    )
    sources = tables.Sources(reference, tables.read_datasets(reference))
    context = Context(reference, sources, master(), history().changes, history(), placer())
    with pytest.raises(RawTableError, match=r"no record for the procedure types.*pregnancy_notice"):
        dx_dashboard.Dashboard().rows(context)  # the build stops before reading any value
    assert sources.rows == {}
    untouched = _copy_with(tmp_path / "untouched", {})
    assert sum(map(len, dx_dashboard.read_procedure_types(untouched).values())) == 52 + 30
