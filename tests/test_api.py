"""The public API: light import, typed records, documented names."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import jpdx

from .conftest import ROOT


def test_import_loads_neither_polars_nor_pydantic() -> None:
    code = "import sys, jpdx; jpdx.tables(); jpdx.fiscal_year('令和5年度'); print(sorted(m for m in ('polars', 'pydantic') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_date_helpers_load_on_first_use() -> None:
    """``import jpdx`` leaves the date parser (and its patterns) for the first call that
    needs it; ``jpdx.to_date`` and ``from jpdx import fiscal_year`` still find it."""
    code = (
        "import sys, jpdx; before = 'jpdx.dates' in sys.modules; "
        "from jpdx import fiscal_year; "
        "print(before, jpdx.to_date('R6.1.23'), fiscal_year('令和5年度'), "
        "jpdx.to_wareki(jpdx.to_date('2019-05-01')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "2024-01-23", "2023", "令和元年5月1日"]
    with pytest.raises(AttributeError, match="no_such_name"):
        jpdx.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_tables_are_sorted_names() -> None:
    assert jpdx.tables() == (
        "code_changes", "former_municipalities", "indicator_values", "indicators", "kpis",
        "municipalities", "organizations", "participant_counts", "procedures", "programs",
        "sources",
    )  # fmt: skip
    assert jpdx.tables(version="2026.12.1") == (
        "code_changes", "indicator_values", "indicators", "kpis", "municipalities",
        "organizations", "participant_counts", "procedures", "programs", "sources",
    )  # fmt: skip
    assert jpdx.tables(version="2026.11.0") == (
        "kpis", "municipalities", "organizations", "participant_counts", "procedures",
        "programs", "sources",
    )  # fmt: skip


def test_public_names_are_exported_and_documented() -> None:
    for name in jpdx.__all__:
        obj = getattr(jpdx, name)
        if callable(obj) and not isinstance(obj, type):
            assert obj.__doc__, name


def test_dir_offers_the_public_api_only() -> None:
    """A notebook's completion lists what jpdx exports, not its typing imports or helpers."""
    offered = dir(jpdx)
    assert offered == sorted(jpdx.__all__)
    for private in ("Any", "Literal", "TYPE_CHECKING", "overload", "annotations", "_store"):
        assert private not in offered
    assert {"load", "query", "records", "municipality", "JpdxError"} <= set(offered)


def test_error_classes_subclass_the_matching_builtins() -> None:
    assert issubclass(jpdx.UnknownTableError, LookupError)
    assert issubclass(jpdx.AmbiguousNameError, LookupError)
    assert issubclass(jpdx.InvalidDateError, ValueError)
    assert issubclass(jpdx.InvalidCodeError, ValueError)
    assert issubclass(jpdx.InvalidArgumentError, TypeError)
    for name in jpdx.__all__:
        obj = getattr(jpdx, name)
        if isinstance(obj, type) and name.endswith("Error"):
            assert issubclass(obj, jpdx.JpdxError)


def test_records_and_queries_are_typed_per_table(tmp_path: Path) -> None:
    sample = tmp_path / "typed.py"
    sample.write_text(
        textwrap.dedent(
            """
            from typing_extensions import assert_type
            import jpdx
            from jpdx.models import KPI, Municipality, Program, Record
            from jpdx.queries import Query

            assert_type(jpdx.records("kpis"), tuple[KPI, ...])
            assert_type(jpdx.records("programs"), tuple[Program, ...])
            assert_type(jpdx.query("programs"), Query[Program])
            assert_type(jpdx.query("kpis").where(unit="円").records(), tuple[KPI, ...])
            assert_type(jpdx.municipality("下関市"), Municipality)
            table: str = "kpis"
            assert_type(jpdx.records(table), tuple[Record, ...])
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(sample)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_py_typed_is_shipped() -> None:
    assert (Path(jpdx.__file__).parent / "py.typed").is_file()
