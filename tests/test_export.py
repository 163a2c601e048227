"""Exports: other tools read them, frictionless validates them, and the CSV encoding reverses."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from frictionless import Package, Report, validate
from hypothesis import given
from hypothesis import strategies as st

import jpdx
import jpdx.store
from jpdx.enums import Status
from jpdx.exports import DESCRIPTOR, read_csv
from jpdx.formats import encode_nested
from jpdx.schema import table_schema
from jpdx.store import bundled
from jpdx.tablespec import SPECS
from tests.test_cli import run

from .conftest import RELEASES, stored_frame

DataPackage = dict[str, Any]

TABLES = jpdx.tables()  # the tables of the default release


@pytest.fixture(scope="module")
def csv_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return jpdx.export(tmp_path_factory.mktemp("csv"), format="csv").parent


@pytest.fixture(scope="module")
def parquet_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return jpdx.export(tmp_path_factory.mktemp("parquet"), format="parquet").parent


def descriptor(folder: Path) -> DataPackage:
    document: DataPackage = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    return document


def errors(report: Report) -> list[tuple[str, str]]:
    """(error type, field name) of every error in a frictionless report."""
    return [(kind, field or "") for kind, field in report.flatten(["type", "fieldName"])]


# -- the descriptor ------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["csv_export", "parquet_export"])
def test_descriptor_is_a_valid_data_package(fixture: str, request: pytest.FixtureRequest) -> None:
    folder: Path = request.getfixturevalue(fixture)
    document = descriptor(folder)
    assert Package.validate_descriptor(document).valid
    assert list(Package.metadata_validate(document)) == []
    assert document["version"] == jpdx.store.bundled().default_version()
    assert sorted(r["name"] for r in document["resources"]) == sorted(TABLES)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [DESCRIPTOR, *(r["path"] for r in document["resources"])]
    )


def test_descriptor_states_types_keys_vocabularies_and_descriptions(csv_export: Path) -> None:
    resources = {r["name"]: r for r in descriptor(csv_export)["resources"]}
    programs = resources["programs"]["schema"]
    fields = {f["name"]: f for f in programs["fields"]}
    assert programs["primaryKey"] == ["program_id"]
    assert {"fields": ["parent_id"], "reference": {"resource": "", "fields": ["program_id"]}} in (
        programs["foreignKeys"]
    )
    assert {
        "fields": ["lg_code"],
        "reference": {"resource": "municipalities", "fields": ["lg_code"]},
    } in programs["foreignKeys"]
    assert fields["status"]["constraints"]["enum"] == [s.value for s in Status]
    assert "required" not in fields["status"].get("constraints", {})
    assert fields["program_id"]["constraints"]["required"] is True
    assert fields["fields"]["type"] == "array"
    assert "tourism" in fields["fields"]["arrayItem"]["constraints"]["enum"]
    assert fields["start_fiscal_year"]["type"] == "integer"
    assert fields["start_date"]["type"] == "date"
    assert fields["evidence"]["description"].endswith(
        "In CSV: JSON text. Each item's source_id refers to sources.source_id."
    )
    assert fields["organization_ids"]["description"].endswith(
        "Each item refers to organizations.org_id."
    )
    assert fields["name"]["description_ja"] == "名称。"
    assert {"value": "tourism", "label": "観光 / tourism"} in fields["fields"]["categories"]
    kpis = {f["name"]: f for f in resources["kpis"]["schema"]["fields"]}
    assert kpis["baseline_value"]["type"] == "number"


# -- frictionless validates the data -------------------------------------------------------


VALIDATED_ROWS = 5_000
"""Rows of each table frictionless checks (in pure Python): every row of the curated tables
and of the municipalities, the first rows of the large national tables, whose keys and
values the release tests check in full."""


def test_csv_export_validates_with_frictionless(csv_export: Path) -> None:
    report = validate(csv_export / DESCRIPTOR, limit_rows=VALIDATED_ROWS)
    assert report.valid, report.flatten(["type", "note"])
    manifest = bundled().manifest(jpdx.store.bundled().default_version())
    assert {t.name: t.stats["rows"] for t in report.tasks} == {
        table: min(manifest.tables[table].rows, VALIDATED_ROWS) for table in TABLES
    }


def _parquet_rows(path: Path, limit: int) -> tuple[list[str], list[tuple[Any, ...]]]:
    relation = duckdb.read_parquet(str(path))
    return relation.columns, relation.limit(limit).fetchall()


def test_parquet_export_validates_with_frictionless_as_read_by_duckdb(
    parquet_export: Path,
) -> None:
    """The Parquet files, read by DuckDB, meet every constraint and key of the descriptor.

    (frictionless itself reads Parquet through pandas, which turns nullable integers into
    floats and lists into arrays, so DuckDB reads the files and frictionless checks the rows.)
    """
    document = descriptor(parquet_export)
    for resource in document["resources"]:
        header, rows = _parquet_rows(parquet_export / resource.pop("path"), VALIDATED_ROWS)
        for key in ("format", "mediatype", "bytes", "hash"):
            del resource[key]
        resource["data"] = [header, *(list(row) for row in rows)]
    report = Package(document).validate()
    assert report.valid, report.flatten(["type", "note"])
    assert sum(t.stats["rows"] for t in report.tasks) == sum(
        min(jpdx.load(table).height, VALIDATED_ROWS) for table in TABLES
    )


def test_parquet_export_is_the_release_byte_for_byte(parquet_export: Path) -> None:
    """A table stored in one file is exported as that file, byte for byte; a table stored
    in parts as one file of its rows: the parts' rows, one after the other."""
    version = jpdx.store.bundled().default_version()
    manifest = bundled().manifest(version)
    in_parts = set()
    for resource in descriptor(parquet_export)["resources"]:
        data = (parquet_export / resource["path"]).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        entry = manifest.tables[resource["name"]]
        if len(entry.parts) == 1:
            assert digest == entry.sha256
        else:
            in_parts.add(resource["name"])
            exported = pl.read_parquet(io.BytesIO(data))
            assert exported.equals(stored_frame(RELEASES, version, resource["name"]))
        assert resource["hash"] == f"sha256:{digest}"
        assert resource["bytes"] == len(data)
    assert in_parts == {"indicator_values"}  # the release stores one table in parts


DUCKDB_BATCH = 50_000
"""Rows compared at a time: the 612,879 national values as Python tuples, twice, would take
gigabytes."""


@pytest.mark.parametrize("table", TABLES)
def test_duckdb_reads_the_parquet_as_jpdx_loads_it(parquet_export: Path, table: str) -> None:
    frame = jpdx.load(table)
    with duckdb.connect() as database:
        result = database.execute(
            "SELECT * FROM read_parquet(?)", [str(parquet_export / f"{table}.parquet")]
        )
        assert [column[0] for column in result.description] == frame.columns
        read = 0
        while batch := result.fetchmany(DUCKDB_BATCH):
            assert batch == frame.slice(read, len(batch)).rows(), (table, read)
            read += len(batch)
    assert read == frame.height


def _damage(
    folder: Path,
    table: str,
    change: Callable[[pl.DataFrame], pl.DataFrame],
    *,
    rehash: bool = True,
) -> None:
    """Rewrite one CSV of an export (all columns as text); update its hash unless told not to."""
    path = folder / f"{table}.csv"
    change(pl.read_csv(path, infer_schema=False)).write_csv(path)
    if rehash:
        document = descriptor(folder)
        data = path.read_bytes()
        for resource in document["resources"]:
            if resource["name"] == table:
                resource["bytes"] = len(data)
                resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
        (folder / DESCRIPTOR).write_text(json.dumps(document, ensure_ascii=False), "utf-8")


def _set_first(column: str, value: str | None) -> Callable[[pl.DataFrame], pl.DataFrame]:
    def change(frame: pl.DataFrame) -> pl.DataFrame:
        values = frame.get_column(column).to_list()
        values[0] = value
        return frame.with_columns(pl.Series(column, values, dtype=pl.String))

    return change


def _duplicate_first_key(frame: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([frame, frame.head(1)])


@pytest.mark.parametrize(
    ("table", "change", "expected"),
    [
        ("programs", _set_first("status", "activ"), ("constraint-error", "status")),
        ("programs", _set_first("fields", '["tourismo"]'), ("constraint-error", "fields")),
        ("programs", _set_first("fields", "tourism"), ("type-error", "fields")),
        ("programs", _set_first("start_fiscal_year", "1700"), ("constraint-error", "start_fiscal_year")),
        ("programs", _set_first("start_date", "2024-02-30"), ("type-error", "start_date")),
        ("programs", _set_first("program_id", "Not A Slug"), ("constraint-error", "program_id")),
        ("programs", _set_first("parent_id", "no-such-program"), ("foreign-key", "")),
        ("kpis", _set_first("program_id", "no-such-program"), ("foreign-key", "")),
        ("procedures", _set_first("lg_code", "999999"), ("foreign-key", "")),
        ("sources", _set_first("title", None), ("constraint-error", "title")),
        ("organizations", _duplicate_first_key, ("primary-key", "")),
    ],
)  # fmt: skip
def test_frictionless_rejects_a_damaged_csv_export(
    csv_export: Path,
    tmp_path: Path,
    table: str,
    change: Callable[[pl.DataFrame], pl.DataFrame],
    expected: tuple[str, str],
) -> None:
    folder = Path(shutil.copytree(csv_export, tmp_path / "export"))
    _damage(folder, table, change)
    found = errors(validate(folder / DESCRIPTOR, limit_rows=VALIDATED_ROWS))
    assert expected in found
    assert all(kind != "hash-count" for kind, _ in found)


def test_frictionless_rejects_a_file_that_does_not_match_its_hash(
    csv_export: Path, tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(csv_export, tmp_path / "export"))
    _damage(folder, "kpis", _set_first("name", "別の指標"), rehash=False)
    assert ("hash-count", "") in errors(validate(folder / DESCRIPTOR, limit_rows=VALIDATED_ROWS))


# -- the CSV encoding ----------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_csv_reads_back_into_the_loaded_table(csv_export: Path, table: str) -> None:
    raw = (csv_export / f"{table}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    header = raw.decode("utf-8").partition("\n")[0]
    assert header.split(",") == jpdx.load(table).columns  # the release's own columns
    back = read_csv(csv_export / f"{table}.csv", table)
    assert back.equals(jpdx.load(table))
    assert back.schema == jpdx.load(table).schema


def test_csv_writes_lists_and_evidence_as_json(csv_export: Path) -> None:
    raw = pl.read_csv(csv_export / "programs.csv", infer_schema=False)
    loaded = jpdx.load("programs")
    first = raw.row(0, named=True)
    assert json.loads(first["fields"]) == loaded.get_column("fields")[0].to_list()
    evidence = json.loads(first["evidence"])
    assert evidence == loaded.get_column("evidence")[0].to_list()
    # every item has the keys of every evidence form; a span of a text fills its own
    assert set(evidence[0]) == {
        "source_id", "quote", "start", "end", "row", "column", "row_header", "column_header",
        "sheet", "pointer", "page",
    }  # fmt: skip
    stated = {key for key, value in evidence[0].items() if value is not None}
    assert stated == {"source_id", "quote", "start", "end"}


_text = st.text(
    st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30
)  # any character a quote might hold: commas, quotes, newlines, CR, NUL, emoji
_evidence = st.fixed_dictionaries(
    {
        "source_id": _text,
        "quote": _text,
        "start": st.integers(0, 2**40),
        "end": st.integers(0, 2**40),
    }
)


@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "org_id": _text,
                "name": _text,
                "name_en": _text,
                "kind": _text,
                "lg_code": st.none() | _text,
                "evidence": st.lists(_evidence, max_size=3),
            }
        ),
        max_size=5,
    )
)
def test_csv_encoding_reverses_for_any_text(rows: list[dict[str, Any]]) -> None:
    """Whatever the strings hold, CSV written as the export writes it reads back equal."""
    frame = pl.DataFrame(rows, schema=table_schema(SPECS["organizations"]))
    written = io.BytesIO(encode_nested(frame).write_csv().encode("utf-8"))
    assert read_csv(written, "organizations").equals(frame)


# -- the command and its errors ------------------------------------------------------------


def test_export_command_writes_a_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newest = jpdx.store.bundled().default_version()
    target = tmp_path / "new" / "folder"
    status, out, _ = run(
        capsys, "export", "--to", str(target), "--format", "csv", "--version", newest
    )
    assert status == 0
    assert f"release {newest}" in out
    assert str(target / DESCRIPTOR) in out
    assert read_csv(target / "kpis.csv", "kpis").equals(jpdx.load("kpis"))


def test_export_is_deterministic_and_replaces_its_own_files(tmp_path: Path) -> None:
    for format in ("csv", "parquet"):
        first = jpdx.export(tmp_path / "a", format=format)
        second = jpdx.export(tmp_path / "b", format=format)
        assert first.read_bytes() == second.read_bytes()
        again = jpdx.export(tmp_path / "a", format=format)
        assert again.read_bytes() == first.read_bytes()
    assert not [p for p in (tmp_path / "a").iterdir() if p.name.startswith(".")]


def test_export_names_every_table_in_the_citation(tmp_path: Path) -> None:
    jpdx.export(tmp_path, format="csv")
    manifest = bundled().manifest(jpdx.store.bundled().default_version())
    text = jpdx.cite()
    for table in TABLES:
        assert manifest.tables[table].sha256 in text


def test_export_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(jpdx.UnknownValueError, match="parquet") as unknown:
        jpdx.export(tmp_path, format="xlsx")
    assert unknown.value.choices == ("csv", "parquet")
    file = tmp_path / "file.txt"
    file.write_text("not a folder", encoding="utf-8")
    with pytest.raises(jpdx.ExportError, match="not a folder"):
        jpdx.export(file)
    with pytest.raises(jpdx.ExportError, match=r"file\.txt"):
        jpdx.export(file / "below")
    with pytest.raises(jpdx.UnknownVersionError):
        jpdx.export(tmp_path, version="1999.01.0")
    assert file.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", "--to", "{dir}", "--format", "xlsx"],
        ["export", "--to", "{file}"],
        ["export", "--to", "{file}/below"],
        ["export", "--to", "{dir}", "--version", "1999.01.0"],
    ],
)
def test_export_command_errors_print_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    file = tmp_path / "file.txt"
    file.write_text("x", encoding="utf-8")
    status, out, err = run(capsys, *(a.format(dir=tmp_path / "out", file=file) for a in args))
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
