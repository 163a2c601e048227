"""Hardening: numbers of any size, --columns and --limit mistakes, null and comma lists in
--where, and a command that ends in one line on stderr and a documented exit status
under hostile locales, encodings and outputs."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

import jpdx
from jpdx.cli import main
from jpdx.cli.arguments import split_values
from jpdx.tablespec import SPECS

# Exit statuses as the documentation states them.
BAD_INPUT = 2
IO_FAILURE = 74

NUMERIC = (pl.Int64, pl.Float64)
COLUMNS = sorted(
    (version, table, column)
    for version in jpdx.versions()
    for table in jpdx.tables(version=version)
    for column, dtype in jpdx.load(table, version=version).schema.items()
    if dtype.base_type() in NUMERIC
)
WITH_FISCAL_YEAR = sorted(
    (version, table)
    for version in jpdx.versions()
    for table in jpdx.tables(version=version)
    if "fiscal_year" in jpdx.query(table, version=version).filter_names()
)

# integers of every size (hypothesis' own, and powers of ten up to 10**600) and any float
ANY_INTEGER = st.one_of(
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.builds(lambda m, e: m * 10**e, st.integers(-9, 9), st.integers(0, 600)),
    st.sampled_from([2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**39, 10**20, 1885, 1886, 2200]),
)
ANY_NUMBER = st.one_of(ANY_INTEGER, st.floats())


@functools.cache
def _column(version: str, table: str, column: str) -> tuple[list[object], list[object]]:
    """The primary keys and the values of a column, as Python objects."""
    frame = jpdx.load(table, version=version)
    return frame.get_column(SPECS[table].primary_key).to_list(), frame.get_column(column).to_list()


def _allowed(table: str, column: str, dtype: pl.DataType, value: int | float) -> bool | None:
    """Whether the column can hold the value and its model allows it (None: wrong type),
    asked of pydantic and of the bare 64-bit limits, not of jpdx."""
    if dtype == pl.Int64:
        if isinstance(value, float):
            return None
        if not -(2**63) <= value < 2**63:
            return False
    else:
        try:
            value = float(value)
        except OverflowError:
            return False
        if not math.isfinite(value):
            return False
    field = SPECS[table].model.model_fields.get(column)
    if field is None:
        return True
    try:
        annotation: Any = Annotated[field.annotation, field]  # the field with its bounds
        pydantic.TypeAdapter(annotation).validate_python(value)
    except pydantic.ValidationError:
        return False
    return True


@given(st.sampled_from(COLUMNS), ANY_NUMBER)
def test_every_numeric_column_filter_takes_numbers_of_any_size(
    case: tuple[str, str, str], value: int | float
) -> None:
    version, table, column = case
    dtype = jpdx.load(table, version=version).schema[column]
    allowed = _allowed(table, column, dtype, value)
    query = jpdx.query(table, version=version)
    if allowed is None:
        with pytest.raises(jpdx.InvalidArgumentError):
            query.where(**{column: value})
        return
    if not allowed:
        with pytest.raises(jpdx.OutOfRangeError) as raised:
            query.where(**{column: value})
        message = str(raised.value)
        assert message.startswith(f"{column}="), message
        assert "valid range:" in message
        return
    matched = query.where(**{column: value}).frame()
    keys, values = _column(version, table, column)
    expected = [key for key, stored in zip(keys, values, strict=True) if stored == value]
    assert matched.get_column(SPECS[table].primary_key).to_list() == expected


FISCAL_YEARS = pydantic.TypeAdapter(Annotated[int, pydantic.Field(ge=1886, le=2200)])
"""The bounds of models.FiscalYear, as the design states them."""


@given(st.sampled_from(WITH_FISCAL_YEAR), ANY_NUMBER)
def test_fiscal_year_takes_numbers_of_any_size(case: tuple[str, str], value: int | float) -> None:
    version, table = case
    query = jpdx.query(table, version=version)
    if isinstance(value, float):
        with pytest.raises(jpdx.InvalidArgumentError):
            query.where(fiscal_year=value)
        return
    try:
        FISCAL_YEARS.validate_python(value)
    except pydantic.ValidationError:
        with pytest.raises(jpdx.OutOfRangeError) as raised:
            query.where(fiscal_year=value)
        assert "fiscal_year=" in str(raised.value)
        assert "1886 to 2200" in str(raised.value)
        with pytest.raises(jpdx.OutOfRangeError):  # the same as text
            query.where(fiscal_year=str(value))
        return
    selected = query.where(fiscal_year=value).frame()
    assert selected.height <= len(query)


def _main(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@given(st.sampled_from(COLUMNS + [(v, t, "fiscal_year") for v, t in WITH_FISCAL_YEAR]), ANY_NUMBER)
def test_the_command_takes_numbers_of_any_size(
    case: tuple[str, str, str], value: int | float
) -> None:
    version, table, column = case
    text = str(value)
    status, out, err = _main(
        "show", table, "--version", version, "--where", f"{column}={text}",
        "--format", "csv", "--limit", "3",
    )  # fmt: skip
    message = None
    try:
        expected = len(jpdx.query(table, version=version).where(**{column: text}))
    except jpdx.JpdxError as error:
        message = " ".join(str(error).split())
    if message is not None:
        assert (status, out) == (BAD_INPUT, "")
        assert err == f"jpdx: error: {message}\n"
    else:
        assert (status, err) == (0, "")
        assert len(list(csv.DictReader(io.StringIO(out)))) == min(3, expected)


@given(st.one_of(st.integers(min_value=0), ANY_INTEGER.filter(lambda n: n >= 0)))
def test_limit_of_any_size(limit: int) -> None:
    status, out, err = _main("show", "programs", "--limit", str(limit), "--format", "csv")
    assert (status, err) == (0, "")
    assert len(list(csv.DictReader(io.StringIO(out)))) == min(limit, len(jpdx.query("programs")))


def test_a_limit_too_large_for_polars_prints_every_row() -> None:
    status, out, err = _main("show", "programs", "--limit", "99999999999999999999999")
    assert (status, err) == (0, "")
    assert f"{len(jpdx.query('programs'))} of {len(jpdx.query('programs'))} rows" in out


@pytest.mark.parametrize("columns", ["name,name", "name,lg_code,name", " name , name "])
def test_a_column_named_twice_is_one_line_error(columns: str) -> None:
    status, out, err = _main("show", "programs", "--columns", columns)
    assert (status, out) == (BAD_INPUT, "")
    assert err.count("\n") == 1
    assert "'name'" in err
    assert "more than once" in err


def test_an_unknown_column_lists_the_valid_ones() -> None:
    status, out, err = _main("show", "kpis", "--columns", "kpi_id,nmae")
    assert (status, out) == (BAD_INPUT, "")
    for column in jpdx.load("kpis").columns:
        assert column in err


# -- null and comma lists in --where ---------------------------------------------------------


def _escape(value: str | None) -> str:
    """A value written as the documentation says: null for None; a backslash before every
    backslash and comma; the text null escaped."""
    if value is None:
        return "null"
    escaped = value.replace("\\", "\\\\").replace(",", "\\,")
    return "\\null" if escaped == "null" else escaped


@given(st.lists(st.one_of(st.none(), st.text(), st.sampled_from(["null", "\\", ",", "\\null"]))))
def test_escaped_values_read_back_as_written(values: list[str | None]) -> None:
    if not values:
        return
    assert split_values(",".join(_escape(v) for v in values)) == values


def test_value_syntax_examples() -> None:
    assert split_values("null") == [None]
    assert split_values(r"\null") == ["null"]
    assert split_values("Null") == ["Null"]
    assert split_values("") == [""]
    assert split_values("tourism,industry") == ["tourism", "industry"]
    assert split_values(r"a\,b,c") == ["a,b", "c"]
    assert split_values("a\\\\,b") == ["a\\", "b"]
    assert split_values("a\\") == ["a\\"]


def _csv_ids(out: str, key: str) -> list[str]:
    return [row[key] for row in csv.DictReader(io.StringIO(out))]


def test_null_selects_rows_without_a_value_as_none_does() -> None:
    programs = jpdx.load("programs").to_dicts()
    for column in ("parent_id", "start_fiscal_year", "start_date", "status"):
        status, out, err = _main("show", "programs", "--where", f"{column}=null", "--format", "csv")
        assert (status, err) == (0, "")
        expected = [p["program_id"] for p in programs if p[column] is None]
        assert expected, column
        assert _csv_ids(out, "program_id") == expected
        via_python = jpdx.query("programs").where(**{column: None}).frame()
        assert via_python.get_column("program_id").to_list() == expected


def test_null_and_a_value_mean_either() -> None:
    status, out, _ = _main(
        "show", "programs", "--where", "parent_id=null,hyogo-regional-dx-support",
        "--format", "csv",
    )  # fmt: skip
    assert status == 0
    expected = [
        p["program_id"]
        for p in jpdx.load("programs").to_dicts()
        if p["parent_id"] in (None, "hyogo-regional-dx-support")
    ]
    assert _csv_ids(out, "program_id") == expected


def test_the_text_null_is_escaped() -> None:
    status, out, _ = _main("show", "programs", "--where", r"name_en=\null", "--format", "csv")
    assert status == 0
    assert _csv_ids(out, "program_id") == []  # no program is called "null" in English
    # a key column's values are checked: the text "null" is no program's id
    status, _, err = _main("show", "programs", "--where", r"parent_id=\null")
    assert status == BAD_INPUT
    assert "unknown parent_id of programs 'null'" in err
    status, _, err = _main("show", "programs", "--where", "text=null")
    assert status == BAD_INPUT  # null is no value, and text= needs one
    assert "None" in err


@pytest.mark.parametrize(
    ("table", "name", "values", "column"),
    [
        ("programs", "field", ["tourism", "industry"], "fields"),
        ("programs", "status", ["planned", "pilot"], "status"),
        ("municipalities", "prefecture", ["山口県", "兵庫県"], "prefecture"),
        ("procedures", "channel", ["mynaportal", "eltax", "convenience_store"], "channel"),
    ],
)
def test_a_comma_list_means_any_of_them(
    table: str, name: str, values: list[str], column: str
) -> None:
    status, out, err = _main(
        "show", table, "--where", f"{name}={','.join(values)}", "--format", "json"
    )
    assert (status, err) == (0, "")
    shown = json.loads(out)
    key = SPECS[table].primary_key
    rows = jpdx.load(table).to_dicts()
    if column == "fields":
        expected = [r[key] for r in rows if set(r[column]) & set(values)]
    else:
        expected = [r[key] for r in rows if r[column] in values]
    assert expected
    assert [r[key] for r in shown] == expected
    repeated = [arg for v in values for arg in ("--where", f"{name}={v}")]
    status, again, _ = _main("show", table, *repeated, "--format", "json")
    assert again == out


def test_a_literal_comma_is_escaped() -> None:
    with_comma = [p for p in jpdx.load("programs").to_dicts() if "," in (p["name_en"] or "")]
    assert with_comma
    for program in with_comma:
        status, out, _ = _main(
            "show", "programs", "--where", f"name_en={_escape(program['name_en'])}",
            "--format", "csv",
        )  # fmt: skip
        assert status == 0
        assert program["program_id"] in _csv_ids(out, "program_id")


# -- locales, encodings and outputs: subprocesses -------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def _jpdx(*argv: str | bytes, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "jpdx", *argv], capture_output=True, env=environment, check=False
    )


def _one_line(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode("utf-8", "backslashreplace")
    assert err.count("\n") == 1, err
    assert err.endswith("\n")
    assert "Traceback" not in err
    assert err.startswith("jpdx: ")
    return err


C_LOCALE = {"LC_ALL": "C", "PYTHONUTF8": "0"}


def test_arguments_are_read_as_utf8_under_the_c_locale() -> None:
    result = _jpdx("municipality", "下関市", **C_LOCALE, PYTHONIOENCODING="utf-8")
    assert result.returncode == 0, result.stderr
    assert b"352012" in result.stdout
    result = _jpdx(
        "show", "programs", "--where", "municipality=下関市", "--format", "csv",
        **C_LOCALE, PYTHONIOENCODING="utf-8",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    expected = jpdx.query("programs").where(municipality="下関市").frame()
    assert result.stdout.decode("utf-8").count("\n") == expected.height + 1


def test_an_argument_that_is_not_utf8_is_bad_input() -> None:
    result = _jpdx("municipality", b"\xff\xfe", **C_LOCALE)
    assert result.returncode == BAD_INPUT
    assert "not UTF-8" in _one_line(result)
    assert result.stdout == b""


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (("municipality", "下関市"), C_LOCALE),
        (("show", "programs", "--limit", "3"), {"PYTHONIOENCODING": "ascii"}),
        (("show", "programs", "--format", "csv"), {"PYTHONIOENCODING": "ascii"}),
        (("show", "--help"), {"PYTHONIOENCODING": "ascii:strict"}),
    ],
)
def test_an_encoding_that_cannot_write_the_output_is_an_io_failure(
    argv: tuple[str, ...], env: dict[str, str]
) -> None:
    result = _jpdx(*argv, **env)
    if argv[-1] == "--help":  # the help is ASCII: it is written
        assert result.returncode == 0
        return
    assert result.returncode == IO_FAILURE, result.stderr
    err = _one_line(result)
    assert "encoding" in err
    assert "PYTHONIOENCODING=utf-8" in err
    assert result.stdout == b""  # nothing half-written


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "argv", [("show", "programs"), ("show", "programs", "--format", "json"), ("--help",),
             ("tables",), ("municipality", "下関市")],
)  # fmt: skip
def test_a_full_disk_is_an_io_failure(argv: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "jpdx", *argv], stdout=full, stderr=subprocess.PIPE, check=False
        )
    assert result.returncode == IO_FAILURE
    assert "No space left" in _one_line(result)


@pytest.mark.parametrize(
    "argv",
    [("show", "programs", "--format", "json"), ("show", "municipalities", "--format", "csv")],
)
def test_a_closed_pipe_is_quiet(argv: tuple[str, ...]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "jpdx", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    err = process.stderr.read()
    assert process.wait(timeout=120) == 0
    assert err == b""


def test_bad_input_in_a_subprocess_is_one_line_and_status_2() -> None:
    for argv in (
        ("show", "programs", "--where", "fiscal_year=" + "9" * 50),
        ("show", "programs", "--columns", "name,name"),
        ("show", "programs", "no-such-id"),
        ("show", "programs", "--where", "value=1"),
    ):
        result = _jpdx(*argv)
        assert result.returncode == BAD_INPUT, argv
        _one_line(result)


def test_argv_given_to_main_is_decoded_too() -> None:
    # "下関市" as the C locale leaves it: its UTF-8 bytes as surrogates
    surrogates = "下関市".encode().decode("ascii", "surrogateescape")
    status, out, err = _main("municipality", surrogates)
    assert (status, err) == (0, "")
    assert "352012" in out


@pytest.mark.parametrize("value", [False, True, "false", "True"])
def test_boolean_columns_filter(value: bool | str) -> None:
    version = jpdx.versions()[-1]
    if "code_changes" not in jpdx.tables(version=version):
        pytest.skip("no release with code changes")
    wanted = value if isinstance(value, bool) else value.lower() == "true"
    rows = jpdx.load("code_changes", version=version).to_dicts()
    expected = [r["change_id"] for r in rows if r["parsed"] is wanted]
    frame = jpdx.query("code_changes", version=version).where(parsed=value).frame()
    assert frame.get_column("change_id").to_list() == expected
    status, out, _ = _main(
        "show", "code_changes", "--version", version, "--where", f"parsed={value}",
        "--format", "csv",
    )  # fmt: skip
    assert status == 0
    assert _csv_ids(out, "change_id") == expected


@pytest.mark.parametrize("argument", ["\ud800", "下関\udcff"])
def test_an_argument_that_no_bytes_give_is_bad_input(argument: str) -> None:
    status, out, err = _main("municipality", argument)
    assert (status, out) == (BAD_INPUT, "")
    assert err.count("\n") == 1
    assert "argument 2" in err
