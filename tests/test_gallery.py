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

from .conftest import RELEASES, ROOT, stored_frame

DOCS = ROOT / "docs"
VERSION = "2026.12.2"  # the release the gallery pins
REGENERATE = "run `uv run python -m release_builder.docs --notebook` and commit docs/gallery/"

Executed = dict[str, nbformat.NotebookNode]


@pytest.fixture(scope="module")
def executed() -> Executed:
    started = time.perf_counter()
    notebooks = run_notebooks([DOCS / path for path in GALLERY])
    print(f"gallery executed in {time.perf_counter() - started:.1f} s")
    return {path.stem: notebook for path, notebook in zip(GALLERY, notebooks, strict=True)}


def _parquet(table: str) -> pl.DataFrame:
    return stored_frame(RELEASES, VERSION, table)


def _values(*indicator_ids: str) -> pl.DataFrame:
    return (
        _parquet("indicator_values")
        .filter(pl.col("indicator_id").is_in(indicator_ids))
        .select("indicator_id", "lg_code", "snapshot", "value", "answers")
    )


def _codes(prefecture: bool) -> pl.Series:
    """The prefectures' codes, or the municipalities' (wards are neither)."""
    places = _parquet("municipalities").filter(pl.col("kind") != "ward")
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


def _label(indicator_id: str, answer: str) -> str:
    """An answer's Japanese label, from the indicators table's vocabulary."""
    rows = _parquet("indicators").filter(pl.col("indicator_id") == indicator_id)["answers"][0]
    return next(str(a["ja"]) for a in rows if a["value"] == answer)


def test_card_issuance_names_the_highest_and_lowest_prefecture(executed: Executed) -> None:
    notebook = executed["card-issuance"]
    frame = _values("card-rate", "card-cards-issued", "card-population").filter(
        pl.col("lg_code").is_in(_codes(prefecture=True).implode())
    )
    snapshots = frame["snapshot"].n_unique()
    assert _printed(notebook, "series") == (
        f"{47 * snapshots:,} rows: 47 prefectures × {snapshots} dates\n"
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
    assert _printed(notebook, "extremes") == (
        f"{day}: highest {names[highest['lg_code']]} {highest['value']:.1f}%, lowest "
        f"{names[lowest['lg_code']]} {lowest['value']:.1f}%, all prefectures "
        f"{100 * cards / people:.1f}%\n"
    )


def test_online_procedures_tell_rates_above_zero_from_zero_and_empty(executed: Executed) -> None:
    notebook = executed["online-procedures"]
    # the procedures of the municipal file (the indicators table also has prefectures' ones)
    every = _parquet("indicators").filter(pl.col("procedure_type").is_not_null())
    rates = _values(*every["indicator_id"]).filter(
        pl.col("lg_code").is_in(_codes(prefecture=False).implode())
    )
    procedures = every.filter(pl.col("indicator_id").is_in(rates["indicator_id"].implode()))
    assert procedures.height == 52
    assert _printed(notebook, "rates") == (
        f"{procedures.height} of {every.height} procedures have municipal rows, for "
        f"{rates['lg_code'].n_unique():,} municipalities\n"
    )
    above = rates.filter(pl.col("value") > 0).group_by("indicator_id").len()
    names = dict(procedures.select("indicator_id", "name").iter_rows())
    never = sorted(set(procedures["indicator_id"]) - set(above["indicator_id"]))
    assert _printed(notebook, "counts").splitlines() == [
        f"{above.height} of {procedures.height} procedures have a rate above zero somewhere",
        f"{len(never)} have none: " + ", ".join(names[i] for i in never),
    ]
    assert 0 < len(never) < procedures.height  # some went online nowhere, most somewhere


def test_cio_and_ai_shares_of_the_smallest_and_largest_municipalities(
    executed: Executed,
) -> None:
    """The shares among the municipalities that answered 実施 or 未実施, in the smallest
    (under 10,000) and the largest (1,000,000 or more) size band of the card statistics'
    latest population."""
    notebook = executed["cio-ai-by-size"]
    frame = _values("card-population")
    population = frame.filter(pl.col("snapshot") == pl.col("snapshot").max()).select(
        "lg_code", population="value"
    )
    answers = (
        _values("dx-cio-appointed", "dx-ai-adoption")
        .join(population, on="lg_code")
        .filter(pl.col("lg_code").is_in(_codes(prefecture=False).implode()))
        .with_columns(answer=pl.col("answers").list.get(0, null_on_oob=True))
    )
    lines = []
    for indicator_id, label in (
        ("dx-cio-appointed", "CIO appointed CIOの任命"),
        ("dx-ai-adoption", "AI adopted AIの導入"),
    ):
        answered = answers.filter(
            (pl.col("indicator_id") == indicator_id)
            & pl.col("answer").is_in(["implemented", "not-implemented"])
        )
        parts = []
        for band, rows in (
            ("under 10,000", answered.filter(pl.col("population") < 10_000)),
            ("1,000,000 or more", answered.filter(pl.col("population") >= 1_000_000)),
        ):
            share = rows.select(100 * (pl.col("answer") == "implemented").mean()).item()
            parts.append(f"{share:.1f}% of {rows.height:,} ({band})")
        lines.append(f"{label}: {parts[0]} vs {parts[1]}")
    assert _printed(notebook, "extremes").splitlines() == lines


def test_open_data_counts_publishers_among_those_that_answered(executed: Executed) -> None:
    notebook = executed["open-data"]
    municipal = _codes(prefecture=False)
    indicators = _parquet("indicators").filter(pl.col("indicator_id").str.ends_with("file-count"))
    answers = indicators["answers"].explode().struct.field("value")
    classes = set(answers) - {"not_publishing", "not_sure", "not_engaged"}
    assert len(classes) == 8  # the eight file-count classes both surveys share
    lines = []
    for survey in ("2020", "2024"):
        frame = _values(f"od{survey}-file-count").filter(
            pl.col("lg_code").is_in(municipal.implode())
        )
        first = pl.col("answers").list.get(0, null_on_oob=True)
        answered = frame.filter(first.is_not_null())
        publishing = answered.filter(first.is_in(classes))
        lines.append(
            f"{survey}: {publishing.height:,} of {answered.height:,} answering municipalities "
            "publish open-data files"
        )
        blank = municipal.len() - answered.height
        assert re.search(
            rf"│ {survey} +┆ {answered.height:,} +┆ {blank:,} +│", _shown(notebook, "denominators")
        )
    assert _printed(notebook, "publishing").splitlines() == lines


def test_one_place_profile_has_its_records_and_figures(executed: Executed) -> None:
    notebook = executed["shimonoseki"]
    code = "352012"  # 下関市
    place = _parquet("municipalities").filter(pl.col("lg_code") == code).row(0, named=True)
    assert _printed(notebook, "place").splitlines()[0] == (
        f"{code} 山口県 下関市 {place['kana']} {place['romaji']} {place['kind']}"
    )
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
    assert re.search(rf"CIOの任命 +┆ {_label('dx-cio-appointed', answer[0])} ", shown), shown


def test_maps_colour_every_municipality_by_its_answer(executed: Executed) -> None:
    notebook = executed["maps"]
    assert _printed(notebook, "places") == (
        f"{_codes(prefecture=False).len()} municipalities, {_codes(prefecture=True).len()} "
        "prefectures\n"
    )
    municipal = _codes(prefecture=False).implode()
    cio = _values("dx-cio-appointed").filter(pl.col("lg_code").is_in(municipal))
    answers = cio.group_by(pl.col("answers").list.get(0, null_on_oob=True)).len()
    shown = _shown(notebook, "cio")
    for answer, count in answers.iter_rows():
        assert re.search(rf"│ {answer} +┆ .* ┆ {count:,} +│", shown), (answer, count, shown)
    not_surveyed = cio.filter(pl.col("answers").list.contains("not-surveyed"))["lg_code"]
    listed = _shown(notebook, "not-surveyed")
    assert len(not_surveyed)
    assert all(code in listed for code in not_surveyed)
    rates = _values("card-rate").filter(pl.col("lg_code").is_in(municipal))
    last = rates.filter(pl.col("snapshot") == pl.col("snapshot").max())["value"].to_list()
    low, middle, high = min(last), float(pl.Series(last).median()), max(last)  # type: ignore[arg-type]
    row = f"│ {len(last):,} ┆ {low:.1f} ┆ {middle:.1f} ┆ {high:.1f} │"
    assert row in re.sub(" +", " ", _shown(notebook, "card-rate"))
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
