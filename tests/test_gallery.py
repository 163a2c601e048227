"""The gallery's notebooks run on a real kernel, say what the release's files say, end in a
figure, and are stored current.

Every expected number is derived here with bare polars from the release's Parquet files,
not with jpdx, so a notebook that reads or filters the data wrongly fails.
"""

from __future__ import annotations

import base64
import io
import re
import time
from typing import Any

import nbformat
import polars as pl
import pytest
from PIL import Image
from release_builder.docs import GALLERY
from release_builder.docs.notebook import run_notebooks

from .conftest import RELEASES, ROOT, table_path

DOCS = ROOT / "docs"
VERSION = "2026.12.0"  # the release the gallery pins
REGENERATE = "run `uv run python -m release_builder.docs --notebook` and commit docs/gallery/"

Executed = dict[str, nbformat.NotebookNode]


@pytest.fixture(scope="module")
def executed() -> Executed:
    started = time.perf_counter()
    notebooks = run_notebooks([DOCS / path for path in GALLERY])
    print(f"gallery executed in {time.perf_counter() - started:.1f} s")
    return {path.stem: notebook for path, notebook in zip(GALLERY, notebooks, strict=True)}


def _parquet(table: str) -> pl.DataFrame:
    return pl.read_parquet(table_path(RELEASES, VERSION, table))


def _values(*indicator_ids: str) -> pl.DataFrame:
    return (
        pl.scan_parquet(table_path(RELEASES, VERSION, "indicator_values"))
        .filter(pl.col("indicator_id").is_in(indicator_ids))
        .select("indicator_id", "lg_code", "snapshot", "value", "answers")
        .collect()
    )


def _codes(prefecture: bool) -> pl.Series:
    places = _parquet("municipalities")
    return places.filter((pl.col("kind") == "prefecture") == prefecture)["lg_code"]


def _outputs(notebook: nbformat.NotebookNode, tag: str) -> list[dict[str, Any]]:
    cells = [c for c in notebook.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag!r} expected"
    outputs: list[dict[str, Any]] = cells[0]["outputs"]
    return outputs


def _printed(notebook: nbformat.NotebookNode, tag: str) -> str:
    return "".join(o["text"] for o in _outputs(notebook, tag) if o["output_type"] == "stream")


def _shown(notebook: nbformat.NotebookNode, tag: str) -> str:
    """The plain-text form of what a cell displayed."""
    return "".join(o["data"]["text/plain"] for o in _outputs(notebook, tag) if "data" in o)


@pytest.mark.parametrize("name", [path.stem for path in GALLERY])
def test_every_cell_runs_and_the_notebook_ends_in_a_figure(executed: Executed, name: str) -> None:
    notebook = executed[name]
    code = [c for c in notebook.cells if c.cell_type == "code"]
    for cell in code:
        assert not [o for o in cell.outputs if o["output_type"] == "error"], cell.source
        assert not [o for o in cell.outputs if o.get("name") == "stderr"], cell.source
    assert "VERSION = " + repr(VERSION).replace("'", '"') in code[0].source
    images = [o for o in code[-1].outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1, "the last cell draws one figure"
    width, height = Image.open(io.BytesIO(base64.b64decode(images[0]["data"]["image/png"]))).size
    assert width >= 400
    assert height >= 300


def test_card_issuance_names_the_highest_and_lowest_prefecture(executed: Executed) -> None:
    notebook = executed["card-issuance"]
    frame = _values("card-rate", "card-cards-issued", "card-population").filter(
        pl.col("lg_code").is_in(_codes(prefecture=True).implode())
    )
    snapshots = frame["snapshot"].n_unique()
    assert f"{47 * snapshots} rows: 47 prefectures × {snapshots} snapshots" in _printed(
        notebook, "series"
    )
    last = frame.filter(pl.col("snapshot") == pl.col("snapshot").max())
    rates = last.filter(pl.col("indicator_id") == "card-rate").sort("value")
    names = dict(_parquet("municipalities").select("lg_code", "name").iter_rows())
    day = last["snapshot"][0]
    lowest, highest = rates.row(0, named=True), rates.row(-1, named=True)
    cards = (
        last.filter(pl.col("indicator_id") == "card-cards-issued").select(pl.sum("value")).item()
    )
    people = last.filter(pl.col("indicator_id") == "card-population").select(pl.sum("value")).item()
    assert _printed(notebook, "extremes").splitlines() == [
        f"{day}: highest {names[highest['lg_code']]} {highest['value']:.1f}%",
        f"{day}: lowest {names[lowest['lg_code']]} {lowest['value']:.1f}%",
        f"{day}: all prefectures {100 * cards / people:.1f}%",
    ]


def test_online_procedures_tell_rates_above_zero_from_zero_and_empty(executed: Executed) -> None:
    notebook = executed["online-procedures"]
    # the procedures of the municipal file (the indicators table also has prefectures' ones)
    procedures = _parquet("indicators").filter(pl.col("procedure_type").is_not_null())
    rates = _values(*procedures["indicator_id"]).filter(
        pl.col("lg_code").is_in(_codes(prefecture=False).implode())
    )
    procedures = procedures.filter(pl.col("indicator_id").is_in(rates["indicator_id"].implode()))
    assert procedures.height == 52
    assert _printed(notebook, "rates") == (
        f"{procedures.height} procedures × {rates['lg_code'].n_unique()} municipalities\n"
    )
    above = rates.filter(pl.col("value") > 0).group_by("indicator_id").len()
    names = dict(procedures.select("indicator_id", "name").iter_rows())
    never = sorted(set(procedures["indicator_id"]) - set(above["indicator_id"]))
    top = above.sort("len", "indicator_id", descending=[True, False]).row(0, named=True)
    lines = _printed(notebook, "counts").splitlines()
    assert lines == [
        f"{above.height} of {procedures.height} procedures have a rate above zero somewhere",
        f"{len(never)} have none: " + ", ".join(names[i] for i in never),
        f"most widespread: {names[top['indicator_id']]} ({top['indicator_id']}) above zero "
        f"in {top['len']:,} municipalities",
    ]
    assert 0 < len(never) < procedures.height  # some went online nowhere, most somewhere


def test_cio_and_ai_shares_of_the_smallest_and_largest_municipalities(
    executed: Executed,
) -> None:
    notebook = executed["cio-ai-by-size"]
    frame = _values("card-population")
    population = frame.filter(pl.col("snapshot") == pl.col("snapshot").max()).select(
        "lg_code", population="value"
    )
    answers = (
        _values("dx-cio-appointed", "dx-ai-adoption")
        .join(population, on="lg_code")  # municipalities only: prefectures are not in the join
        .filter(pl.col("lg_code").is_in(_codes(prefecture=False).implode()))
        .with_columns(answer=pl.col("answers").list.get(0, null_on_oob=True))
    )
    lines = []
    for indicator_id in ("dx-ai-adoption", "dx-cio-appointed"):
        surveyed = answers.filter(
            (pl.col("indicator_id") == indicator_id)
            & pl.col("answer").is_in(["implemented", "not-implemented"])
        )
        parts = []
        for label, rows in (
            ("under 10,000", surveyed.filter(pl.col("population") < 10_000)),
            ("300,000 and over", surveyed.filter(pl.col("population") >= 300_000)),
        ):
            share = rows.select(100 * (pl.col("answer") == "implemented").mean()).item()
            parts.append(f"{share:.1f}% of {rows.height} ({label})")
        lines.append(f"{indicator_id}: {parts[0]} vs {parts[1]}")
    not_surveyed = answers.filter(pl.col("answer") == "not-surveyed").height
    lines.append(f"not surveyed: {not_surveyed} answers")
    assert _printed(notebook, "extremes").splitlines() == lines


def test_open_data_counts_publishers_in_each_survey(executed: Executed) -> None:
    notebook = executed["open-data"]
    municipal = _codes(prefecture=False)
    indicators = _parquet("indicators").filter(pl.col("indicator_id").str.ends_with("file-count"))
    answers = indicators["answers"].explode().struct.field("value")
    classes = set(answers) - {"not_publishing", "not_sure", "not_engaged"}
    assert len(classes) == 8  # the eight file-count classes both surveys share
    publishing = {}
    for survey in ("2020", "2024"):
        frame = _values(f"od{survey}-file-count").filter(
            pl.col("lg_code").is_in(municipal.implode())
        )
        publishing[survey] = set(
            frame.filter(pl.col("answers").list.get(0, null_on_oob=True).is_in(classes))["lg_code"]
        )
    assert _printed(notebook, "publishing").splitlines() == [
        f"2020: {len(publishing['2020']):,} of {municipal.len():,} municipalities publish open-data files",
        f"2024: {len(publishing['2024']):,} of {municipal.len():,} municipalities publish open-data files",
        f"publishing in both surveys: {len(publishing['2020'] & publishing['2024']):,}; "
        f"in 2024 but not in 2020: {len(publishing['2024'] - publishing['2020']):,}",
    ]


def test_one_place_profile_has_its_records_and_figures(executed: Executed) -> None:
    notebook = executed["shimonoseki"]
    code = "352012"  # 下関市
    place = _parquet("municipalities").filter(pl.col("lg_code") == code).row(0, named=True)
    assert _printed(notebook, "place").splitlines()[0] == (
        f"{code} 山口県 下関市 {place['romaji']} {place['kind']}"
    )
    programs = _parquet("programs").filter(pl.col("lg_code") == code)
    program_ids = programs["program_id"].implode()
    expected = {
        "programs": programs.height,
        "procedures": _parquet("procedures").filter(pl.col("lg_code") == code).height,
        "kpis": _parquet("kpis").filter(pl.col("program_id").is_in(program_ids)).height,
        "participant_counts": _parquet("participant_counts")
        .filter(pl.col("program_id").is_in(program_ids))
        .height,
        "organizations": _parquet("organizations").filter(pl.col("lg_code") == code).height,
        "sources": _parquet("sources").filter(pl.col("lg_code") == code).height,
    }
    assert _printed(notebook, "curated") == f"{expected}\n"
    rates = _values("card-rate")
    last = rates.filter(pl.col("snapshot") == pl.col("snapshot").max())
    mine = last.filter(pl.col("lg_code") == code)["value"].item()
    prefecture = last.filter(pl.col("lg_code") == "350001")["value"].item()  # 山口県
    median = (
        last.filter(pl.col("lg_code").is_in(_codes(prefecture=False).implode()))
        .select(pl.median("value"))
        .item()
    )
    assert _printed(notebook, "cards") == (
        f"下関市 {last['snapshot'][0]}: {mine:.1f}% "
        f"(山口県 {prefecture:.1f}%, median municipality {median:.1f}%)\n"
    )
    shown = _shown(notebook, "dashboard")
    answer = _values("dx-cio-appointed").filter(pl.col("lg_code") == code)["answers"].item()
    assert re.search(rf"dx-cio-appointed .*┆ {answer[0]} ", shown), shown


def test_maps_draw_every_municipality_with_its_answer(executed: Executed) -> None:
    notebook = executed["maps"]
    places = _parquet("municipalities").filter(pl.col("kind") != "prefecture")
    located = places.filter(pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null())
    assert _printed(notebook, "places") == (
        f"{located.height:,} of {places.height:,} municipalities have office coordinates\n"
    )
    answers = (
        _values("dx-cio-appointed")
        .join(located.select("lg_code"), on="lg_code")
        .group_by(pl.col("answers").list.get(0, null_on_oob=True))
        .len()
    )
    shown = _shown(notebook, "cio")
    for answer, count in answers.iter_rows():
        assert re.search(rf"│ {answer} +┆ {count} +│", shown), (answer, count, shown)
    rates = _values("card-rate").filter(pl.col("lg_code").is_in(located["lg_code"].implode()))
    last = rates.filter(pl.col("snapshot") == pl.col("snapshot").max()).select(
        pl.len(), pl.min("value").alias("min"), pl.median("value").alias("median"), pl.max("value")
    )
    row = "│ " + " ┆ ".join(str(v) for v in last.row(0)) + " │"
    assert re.sub(" +", " ", row) in re.sub(" +", " ", _shown(notebook, "card-rate"))
    maps = [
        c for c in notebook.cells if any(t.startswith("map-") for t in c.metadata.get("tags", []))
    ]
    assert len(maps) == 3
    for cell in maps:
        assert [o for o in cell.outputs if "image/png" in o.get("data", {})], cell.metadata


def _comparable(notebook: nbformat.NotebookNode) -> list[list[dict[str, Any]]]:
    """Every code cell's outputs without execution counts, each PNG as its decoded pixels
    (the encoder's compression is not part of what the notebook shows)."""
    shown = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            output = {k: v for k, v in output.items() if k != "execution_count"}
            data = dict(output.get("data", {}))
            if "image/png" in data:
                image = Image.open(io.BytesIO(base64.b64decode(data["image/png"])))
                data["image/png"] = (image.size, image.mode, image.tobytes())
                output["data"] = data
            outputs.append(output)
        shown.append(outputs)
    return shown


@pytest.mark.parametrize("name", [path.stem for path in GALLERY])
def test_stored_outputs_are_those_of_a_fresh_run(executed: Executed, name: str) -> None:
    stored = nbformat.read(DOCS / "gallery" / f"{name}.ipynb", as_version=4)  # type: ignore[no-untyped-call]
    assert _comparable(stored) == _comparable(executed[name]), (
        f"docs/gallery/{name}.ipynb's stored outputs are stale: {REGENERATE}"
    )


def test_gallery_index_links_every_notebook_and_the_nav_lists_it() -> None:
    index = (DOCS / "gallery" / "index.md").read_text()
    nav = (ROOT / "mkdocs.yml").read_text()
    for path in GALLERY:
        assert f"({path.name})" in index
        assert f"- {path.as_posix()}" in nav
    assert sorted(p.name for p in (DOCS / "gallery").glob("*.ipynb")) == sorted(
        p.name for p in GALLERY
    )
