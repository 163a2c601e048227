"""Proof that releases stay readable as the schema grows: a real second release.

The real builder builds, into a private copy of the bundled releases, a future release
whose schema adds a table (``notes``), adds an optional column (``programs.budget_note``),
adds an enum value (policy field ``culture``) and changes rows. A store that knows the
future schema must then read ``2026.11.0`` exactly as the bundled one does — the same
bytes, frames and records — while ``diff``, ``cite``, ``verify``, queries, exports and the
command line work across both releases, and the unchanged tables are stored once.
Breaking changes are refused by the builder, and a release of another schema major still
loads as frames while its records raise a typed error.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from release_builder.errors import CurationError
from release_builder.release import collect, publish, write_release
from release_builder.release_files import read_index

import jpdx
import jpdx.recordsets
import jpdx.store
from jpdx import release_format
from jpdx.citation import cite
from jpdx.cli import main
from jpdx.diffs import diff
from jpdx.enums import LabelledEnum, PolicyField
from jpdx.exports import export
from jpdx.models import EvidenceList, Program, Record, Slug, Text, documented
from jpdx.published import PUBLISHED
from jpdx.queries import Query
from jpdx.recordsets import records
from jpdx.store import Store
from jpdx.tablespec import SPECS, TableSet, TableSpec

from .conftest import RELEASES, ROOT, SOURCES

OLD, NEW = "2026.11.0", "2027.02.0"


def _vocabulary(name: str, members: list[tuple[str, tuple[str, str, str]]]) -> Any:
    """A closed vocabulary built at run time (Enum's functional API)."""
    factory: Any = LabelledEnum
    return factory(name, members)


FuturePolicyField = _vocabulary(
    "FuturePolicyField",
    [(m.name, (m.value, m.ja, m.en)) for m in PolicyField]
    + [("culture", ("culture", "文化", "culture"))],
)


class FutureProgram(Program):
    """A program, as a future schema describes it: one more policy field and one more column."""

    fields: tuple[FuturePolicyField, ...] = documented(  # type: ignore[valid-type]
        "Policy fields it belongs to (one or more).", "政策分野(複数可)。", min_length=1
    )
    budget_note: Text | None = documented(
        "What the document says of its budget.", "予算に関する記述。", default=None
    )


class Note(Record):
    """A table that the future schema adds."""

    note_id: Slug = documented("Stable identifier.", "ID。")
    program_id: Slug = documented("The program noted.", "対象の事業等のID。")
    text: Text = documented("The note.", "注記。")
    evidence: EvidenceList


MODULE = __name__
FUTURE = TableSet(
    (
        *(
            spec._replace(model_path=f"{MODULE}:FutureProgram") if spec.name == "programs" else spec
            for spec in SPECS
        ),
        TableSpec(
            name="notes",
            model_path=f"{MODULE}:Note",
            primary_key="note_id",
            title_en="Notes",
            title_ja="注記",
            short_title="notes",
            foreign_keys=(
                SPECS["kpis"].foreign_keys[0],  # program_id → programs
                SPECS["kpis"].foreign_keys[1],  # evidence.source_id → sources
            ),
            place=("program_id",),
            fields=("program_id",),
            text_columns=("text",),
        ),
    )
)

CURATION = "oita-fujita-inspection-2024.toml"
HALL = "yamaguchi-kddi-ishin-hall"
MAIN_HALL = "yamaguchi-kddi-ishin-hall-main-hall"
CORE_CITY = "yamaguchi-kouiki-kenou-chukaku-toshi-zukuri"
NOTE_QUOTE = "この広域県央中核都市づくりの実現に向けて"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def future_sources(target: Path) -> Path:
    """The curation files with the future's edits: a note, a new column, a new field, a change."""
    sources = target / "sources"
    shutil.copytree(SOURCES, sources)
    path = sources / CURATION
    _edit(
        path,
        'fields = ["tourism"]\nsummary = "多彩なMICEイベントの新拠点。"',
        'fields = ["tourism", "culture"]\nbudget_note = "整備費の記述"\n'
        'summary = "多彩なMICEイベントの新拠点。"',
    )
    _edit(
        path,
        'name_en = "Building a Wide-Area Central Core City of the Prefecture"',
        'name_en = "Building a Wide-Area Core City at the Heart of the Prefecture"',
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write(
            f'\n[[notes]]\nnote_id = "hall-note"\nprogram_id = "{HALL}"\n'
            f'text = "KDDI維新ホールの整備目的"\nevidence = [{{ quote = "{NOTE_QUOTE}" }}]\n'
        )
    return sources


@dataclasses.dataclass(frozen=True)
class Future:
    releases: Path
    store: Store
    bundled: Store
    added_files: frozenset[str]


@pytest.fixture(scope="module")
def future(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Future:
    root = tmp_path_factory.mktemp("future")
    releases = root / "releases"
    shutil.copytree(RELEASES, releases)
    before = {p.name for p in (releases / release_format.TABLE_FILES).iterdir()}
    write_release(collect(future_sources(root), seeds, FUTURE), NEW, releases)
    pins = root / "published.py"
    shutil.copy(ROOT / "src" / "jpdx" / "published.py", pins)
    publish(NEW, releases, "2027-02-01", pins)
    pinned = {**PUBLISHED, NEW: read_index(releases).releases[NEW].manifest_sha256}
    after = {p.name for p in (releases / release_format.TABLE_FILES).iterdir()}
    return Future(
        releases,
        Store(releases, FUTURE, pinned),
        Store(RELEASES),
        frozenset(after - before),
    )


def test_the_old_release_reads_byte_for_byte_as_before(future: Future) -> None:
    assert future.store.tables(OLD) == future.bundled.tables(OLD)
    for table in future.bundled.tables(OLD):
        assert future.store.table_bytes(table, OLD) == future.bundled.table_bytes(table, OLD)
        old = future.bundled.frame(table, OLD)
        read = future.store.frame(table, OLD)
        assert read.schema == old.schema
        assert read.equals(old)
    assert "budget_note" not in future.store.schema("programs", OLD)


def test_old_records_validate_with_the_future_models_and_equal_todays(future: Future) -> None:
    for table in future.bundled.tables(OLD):
        now = records(future.bundled, table, OLD)
        then = records(future.store, table, OLD)
        assert len(now) == len(then)
        for mine, theirs in zip(now, then, strict=True):
            dumped = theirs.model_dump(mode="json")
            if table == "programs":
                assert isinstance(theirs, FutureProgram)
                assert dumped.pop("budget_note") is None  # a new optional field reads as None
            assert dumped == mine.model_dump(mode="json")


def test_the_new_release_has_the_new_table_column_and_value(future: Future) -> None:
    assert "notes" in future.store.tables(NEW)
    assert future.store.default_version() == NEW
    programs: dict[str, Any] = {
        r.model_dump()["program_id"]: r for r in records(future.store, "programs", NEW)
    }
    hall = programs[MAIN_HALL]
    assert [str(f) for f in hall.fields] == ["tourism", "culture"]
    assert hall.budget_note == "整備費の記述"
    (note,) = records(future.store, "notes", NEW)
    assert note.model_dump()["evidence"][0]["quote"] == NOTE_QUOTE


def test_a_table_an_old_release_lacks_names_the_releases_that_have_it(future: Future) -> None:
    for read in (future.store.frame, future.store.scan, future.store.table_bytes):
        with pytest.raises(jpdx.TableNotInReleaseError) as raised:
            read("notes", OLD)
        assert raised.value.choices == (NEW,)
        assert f"not in release {OLD}" in str(raised.value)
        assert NEW in str(raised.value)
    with pytest.raises(jpdx.UnknownTableError):  # also an UnknownTableError for callers
        records(future.store, "notes", OLD)


def test_unchanged_tables_are_stored_once(future: Future) -> None:
    """A release adds one file per table whose bytes no earlier release has, and shares the
    others. Built by the polars that wrote the release before it, that is two files:
    programs changed, notes is new (another polars writes other bytes for every table, and
    each is still stored once)."""
    versions = future.store.versions()
    previous = future.store.manifest(versions[versions.index(NEW) - 1])
    new = future.store.manifest(NEW)
    stored_before = {
        entry.sha256
        for v in versions
        if v != NEW
        for entry in future.store.manifest(v).tables.values()
    }
    fresh = {t for t, entry in new.tables.items() if entry.sha256 not in stored_before}
    assert future.added_files == {Path(path).name for t in fresh for path in new.tables[t].paths}
    if previous.writer == f"polars {pl.__version__}":
        assert fresh == {"programs", "notes"}


def test_diff_reports_columns_rows_and_values_across_the_schema_change(future: Future) -> None:
    # The future is built from today's curation files, so what its edits change is seen
    # against the newest bundled release (against 2026.11.0 the draft's own changes show too).
    base = future.bundled.versions()[-1]
    programs = diff(future.store, "programs", base, NEW)
    assert programs.added_columns == ("budget_note",)
    assert programs.removed_columns == ()
    assert programs.added.is_empty()
    assert programs.removed.is_empty()
    changes = {(r["program_id"], r["column"]) for r in programs.changed.to_dicts()}
    assert changes == {(CORE_CITY, "name_en"), (MAIN_HALL, "fields")}
    assert "columns added: budget_note" in str(programs)
    notes = diff(future.store, "notes", OLD, NEW)
    assert notes.added.get_column("note_id").to_list() == ["hall-note"]
    assert diff(future.store, "kpis", base, NEW).empty
    back = diff(future.store, "programs", NEW, base)
    assert back.removed_columns == ("budget_note",)
    across = diff(future.store, "programs", OLD, NEW)  # across releases of different columns
    assert set(across.added_columns) == set(FutureProgram.model_fields) - set(
        future.store.schema("programs", OLD)
    )
    assert "budget_note" in across.added_columns


def test_queries_read_each_release_with_its_own_columns(future: Future) -> None:
    old: Query[Any] = Query(future.store, "programs", OLD)
    new: Query[Any] = Query(future.store, "programs", NEW)
    assert "budget_note" in new.filter_names()
    assert "budget_note" not in old.filter_names()
    with pytest.raises(jpdx.UnknownFilterError):
        old.where(budget_note=None)
    assert len(old.where(field="culture")) == 0  # a valid value that old data never holds
    culture = new.where(field="culture").frame().get_column("program_id").to_list()
    assert culture == [MAIN_HALL]
    noted: Query[Any] = Query(future.store, "notes", NEW).where(municipality="352039")
    assert noted.frame().get_column("note_id").to_list() == ["hall-note"]


def test_verify_cite_and_export_work_across_both_releases(future: Future, tmp_path: Path) -> None:
    assert future.store.verify() == []
    future.store.frame("programs", OLD)
    future.store.frame("programs", NEW)
    text = cite(future.store)
    for version in (OLD, NEW):
        assert future.store.entry("programs", version).sha256 in text
    descriptor = json.loads(export(future.store, tmp_path / "old", "csv", OLD).read_text())
    programs = next(r for r in descriptor["resources"] if r["name"] == "programs")
    assert "budget_note" not in [f["name"] for f in programs["schema"]["fields"]]
    assert [r["name"] for r in descriptor["resources"]] == list(future.store.tables(OLD))
    header = (tmp_path / "old" / "programs.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(future.store.schema("programs", OLD))


def test_the_command_line_shows_both_releases(
    future: Future, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(jpdx.store, "_bundled", future.store)
    assert main(["versions"]) == 0
    out = capsys.readouterr().out
    assert f"{OLD}  published" in out
    assert f"{NEW}  published 2027-02-01  (default)" in out
    assert main(["show", "programs", "--version", OLD, "--format", "csv"]) == 0
    assert "budget_note" not in capsys.readouterr().out.splitlines()[0]
    assert main(["show", "programs", "--format", "csv"]) == 0
    assert "budget_note" in capsys.readouterr().out.splitlines()[0]
    assert main(["show", "notes", "--version", OLD]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert NEW in err


def test_another_schema_major_loads_as_frames_but_refuses_records(
    future: Future, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a jpdx of schema major 2 would read the releases of major 1."""
    monkeypatch.setattr(jpdx.recordsets, "SCHEMA_VERSION", 2)
    assert future.store.frame("programs", OLD).height > 0
    with pytest.raises(jpdx.IncompatibleReleaseError) as raised:
        records(future.store, "programs", OLD)
    assert "schema version 1" in str(raised.value)
    assert isinstance(raised.value, ValueError)


def _breaking(spec: TableSpec, model: str) -> TableSet:
    return TableSet(tuple(s._replace(model_path=model) if s is spec else s for s in SPECS))


class RequiredColumnProgram(Program):
    """A program with a new column that old releases have no value for."""

    budget: int = documented("Budget.", "予算。")


NARROW = _vocabulary(
    "NarrowPolicyField",
    [(m.name, (m.value, m.ja, m.en)) for m in PolicyField if m.value != "tourism"],
)


class WithoutTourismProgram(Program):
    """A program schema that removed the policy field ``tourism``."""

    fields: tuple[NARROW, ...] = documented("Fields.", "政策分野。", min_length=1)  # type: ignore[valid-type]


@pytest.mark.parametrize(
    ("model", "named"),
    [
        ("RequiredColumnProgram", "programs.budget is new but required"),
        ("WithoutTourismProgram", "rows of programs in release 2026.11.0 no longer validate"),
    ],
)
def test_the_builder_refuses_a_breaking_change_within_the_schema_major(
    model: str, named: str, tmp_path: Path, seeds: Path
) -> None:
    releases = tmp_path / "releases"
    shutil.copytree(RELEASES, releases)
    specs = _breaking(SPECS["programs"], f"{MODULE}:{model}")
    built = collect(SOURCES, seeds)
    built = dataclasses.replace(built, specs=specs)
    if model == "RequiredColumnProgram":
        for row in built.rows["programs"]:
            row["budget"] = 1
    else:
        for row in built.rows["programs"]:
            row["fields"] = [f for f in row["fields"] if str(f) != "tourism"] or ["administration"]
    files_before = sorted(p.name for p in releases.rglob("*"))
    with pytest.raises(CurationError) as raised:
        write_release(built, NEW, releases)
    assert named in str(raised.value)
    assert sorted(p.name for p in releases.rglob("*")) == files_before


def test_polars_reads_every_stored_file_of_the_future(future: Future) -> None:
    """Each manifest's recorded columns are the schema of the table its files hold: a file
    written for the release has them exactly; a part kept from an earlier release has a
    subset of them, in their order (the rest read as null)."""
    manifest = future.store.manifest(NEW)
    for table, entry in manifest.tables.items():
        for path in entry.paths:
            schema = pl.read_parquet_schema(future.releases / path)
            names = [name for name, _ in entry.columns or ()]
            assert list(schema) == [name for name in names if name in schema]
        frame = future.store.frame(table, NEW)
        assert entry.columns == tuple(
            (name, release_format.dtype_name(dtype)) for name, dtype in frame.schema.items()
        )
