"""The quickstart notebook runs on a real kernel, shows what the data says, and is stored current."""

from __future__ import annotations

import ast
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import polars as pl
import pytest
from release_builder.docs import NOTEBOOK
from release_builder.docs.notebook import run_notebook

from .conftest import RELEASES, ROOT, table_path

PATH = ROOT / "docs" / NOTEBOOK
VERSION = "2026.11.0"  # the release the notebook pins


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    return run_notebook(PATH)


def _outputs(notebook: nbformat.NotebookNode, tag: str) -> list[dict[str, Any]]:
    cells = [c for c in notebook.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag!r} expected"
    outputs: list[dict[str, Any]] = cells[0]["outputs"]
    assert not [o for o in outputs if o["output_type"] == "error"]
    return outputs


def _text(notebook: nbformat.NotebookNode, tag: str) -> str:
    """What a cell printed, or the plain-text form of its value."""
    parts = []
    for output in _outputs(notebook, tag):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif "data" in output:
            parts.append(output["data"]["text/plain"])
    return "".join(parts)


def _manifest() -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((RELEASES / VERSION / "manifest.json").read_text())
    return manifest


def _parquet(table: str) -> pl.DataFrame:
    return pl.read_parquet(table_path(RELEASES, VERSION, table))


def test_the_pinned_release_is_bundled(executed: nbformat.NotebookNode) -> None:
    index = json.loads((RELEASES / "index.json").read_text())
    assert VERSION in ast.literal_eval(_text(executed, "versions"))
    assert VERSION in index["releases"]


def test_load_gives_the_whole_pinned_table(executed: nbformat.NotebookNode) -> None:
    rows = _manifest()["tables"]["programs"]["rows"]
    # the pinned release's own columns: later releases' models may add optional ones
    assert ast.literal_eval(_text(executed, "load")) == (rows, _parquet("programs").width)


def test_prefecture_filter_keeps_hyogo_and_its_municipalities(
    executed: nbformat.NotebookNode,
) -> None:
    codes = ast.literal_eval(_text(executed, "filter-places"))
    in_hyogo = _parquet("programs").filter(pl.col("lg_code").str.starts_with("28"))
    assert codes == sorted(in_hyogo["lg_code"].unique())
    assert "280003" in codes  # 兵庫県 itself


def test_joins_keep_every_count_of_a_program_and_every_kpi(
    executed: nbformat.NotebookNode,
) -> None:
    counts = _parquet("participant_counts").filter(pl.col("program_id").is_not_null()).height
    assert ast.literal_eval(_text(executed, "join-sizes")) == (
        counts,
        _manifest()["tables"]["kpis"]["rows"],
    )
    assert "市内農業生産額" in _text(executed, "kpis")  # a KPI of the 伊豆の国市 strategy


def test_printed_evidence_is_verbatim_source_text(
    executed: nbformat.NotebookNode, seeds: Path
) -> None:
    sources = _parquet("sources")
    lines = _text(executed, "evidence").splitlines()[1:]
    assert lines
    for line in lines:
        match = re.fullmatch(r"(\S+) \[(\d+):(\d+)\] (.+)", line)
        assert match is not None, line
        source_id, start, end, quote = match.groups()
        sha = sources.filter(pl.col("source_id") == source_id)["text_sha256"].item()
        text = next(
            p.read_text(encoding="utf-8")
            for p in sorted(seeds.glob("*.txt"))
            if hashlib.sha256(p.read_bytes()).hexdigest() == sha
        )
        assert text[int(start) : int(end)] == ast.literal_eval(quote)


def test_citation_names_each_table_read_with_its_sha256(executed: nbformat.NotebookNode) -> None:
    manifest = _text(executed, "cite").split("Tables read in this session:\n")[1].split("\n\n")[0]
    read = {line.split()[0]: line for line in manifest.splitlines()}
    assert set(read) == {"kpis", "municipalities", "participant_counts", "programs"}
    for table, line in read.items():
        assert f"release {VERSION}" in line
        assert line.endswith(f"sha256 {_manifest()['tables'][table]['sha256']}")


def _shown(notebook: nbformat.NotebookNode) -> list[list[dict[str, Any]]]:
    """The outputs of every code cell, without execution counts."""
    shown = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            shown.append(
                [{k: v for k, v in o.items() if k != "execution_count"} for o in cell.outputs]
            )
    return shown


def test_stored_outputs_are_those_of_a_fresh_run(executed: nbformat.NotebookNode) -> None:
    stored = nbformat.read(PATH, as_version=4)  # type: ignore[no-untyped-call]
    assert _shown(stored) == _shown(executed), (
        "the notebook's stored outputs are stale: run "
        "`uv run python -m release_builder.docs --notebook` and commit docs/examples/quickstart.ipynb"
    )
