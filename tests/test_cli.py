"""The jpdx command: real data out, one-line errors with exit status 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import polars as pl
import pytest

import jpdx
from jpdx.cli import main

from .conftest import RELEASES, table_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_tables_and_versions(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "tables")
    assert status == 0
    for table in jpdx.tables():
        assert table in out
    rows = pl.read_parquet(table_path(RELEASES, jpdx.versions()[-1], "municipalities")).height
    assert f"{rows} rows" in out
    status, out, _ = run(capsys, "versions")
    assert status == 0
    assert jpdx.versions()[-1] in out


def test_show_municipalities_of_a_prefecture(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "show", "municipalities", "--where", "prefecture=山口県", "--format", "csv"
    )
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 20
    assert {r["prefecture"] for r in rows} == {"山口県"}
    assert "下関市" in {r["name"] for r in rows}


def test_show_json_round_trips_the_query(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "show", "programs", "--format", "json", "--where", "field=childcare"
    )
    assert status == 0
    shown = json.loads(out)
    expected = jpdx.query("programs").where(field="childcare").frame()
    assert [r["program_id"] for r in shown] == expected.get_column("program_id").to_list()
    assert all("evidence" in r for r in shown)


def test_show_table_columns_and_limit(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "show", "municipalities", "--columns", "lg_code,name", "--limit", "3"
    )
    assert status == 0
    rows = pl.read_parquet(table_path(RELEASES, jpdx.versions()[-1], "municipalities")).height
    assert f"3 of {rows} rows" in out
    assert "romaji" not in out


def test_repeated_where_means_any_of(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "show", "municipalities", "--format", "csv",
        "--where", "prefecture=山口県", "--where", "prefecture=兵庫県",
    )  # fmt: skip
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["prefecture"] for r in rows} == {"山口県", "兵庫県"}


def test_schema_and_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema", "kpis")
    assert status == 0
    assert "kpi_id" in out
    assert "increase" in out
    status, out, _ = run(capsys, "schema", "kpis", "--format", "json-schema")
    assert status == 0
    assert "kpi_id" in json.loads(out)["properties"]


def test_verify_and_cite(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "verify")
    assert status == 0
    assert out.startswith("ok")
    status, out, _ = run(capsys, "cite", "--format", "bibtex")
    assert status == 0
    assert out.startswith("@misc{")


def test_municipality_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "municipality", "Shimonoseki")
    assert status == 0
    assert "352012" in out


@pytest.mark.parametrize(
    "args",
    [
        ["show", "programmes"],
        ["show", "programs", "--where", "feild=tourism"],
        ["show", "programs", "--where", "field=tourismo"],
        ["show", "programs", "--where", "prefecture"],
        ["show", "programs", "--where", "municipality=伊達市"],
        ["show", "programs", "--version", "2026.13.0"],
        ["show", "programs", "--version", "1999.01.0"],
        ["show", "programs", "--columns", "nmae"],
        ["show", "programs", "--limit", "-1"],
        ["show", "programs", "--limit", "ten"],
        ["show", "programs", "--format", "xml"],
        ["schema", "nope"],
        ["municipality", "下関氏"],
        ["municipality", "352013"],
        ["diff", "programs", "2026.11.0", "2099.01.0"],
        ["cite", "--format", "mla"],
        ["frobnicate"],
        [],
    ],
)
def test_user_errors_print_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    status, out, err = run(capsys, *args)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_the_installed_command_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jpdx.cli", "show", "procedures", "--where", "nope=1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "nope" in result.stderr


@pytest.mark.parametrize("name", ["下関市", "Shimonoseki", "札幌市中央区", "北海道"])
def test_municipality_prints_the_record_as_show_does(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code = jpdx.lg_code(name)
    status, looked_up, _ = run(capsys, "municipality", name)
    assert status == 0
    status, shown, _ = run(capsys, "show", "municipalities", code, "--format", "record")
    assert status == 0
    assert shown.startswith(looked_up)  # show adds only its footer
    assert "None" not in looked_up
    assert "{'" not in looked_up
    assert max(len(line) for line in looked_up.splitlines()) <= 80
    record = jpdx.municipality(name)
    assert looked_up.splitlines()[0] == f"municipalities {record.lg_code}"
    if record.city_lg_code is None:
        assert "  city_lg_code     null" in looked_up.splitlines()
