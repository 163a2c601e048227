"""The reader's site: a page for every indicator and place, figures that stand alone, links
that work from disk, and tables whose values are the library's."""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from typing import Any

import polars as pl
import pytest
from release_builder import docs
from release_builder.docs.hooks import (
    image_alts,
    readable_notebook,
    relative_to_root,
    without_indent,
)
from release_builder.docs.svg import MAP_CREDIT, Basemap, region_svg

import jpdx

from .conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
CREDIT_JA = "出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成"
"""The credit 国土交通省 requires on a map of its boundaries."""


@pytest.fixture(scope="module")
def pages() -> dict[str, bytes]:
    """The generated pages as committed (tests/test_docs.py checks they are current)."""
    return docs.existing(ROOT / "docs")


@pytest.fixture(scope="module")
def assets() -> dict[str, bytes]:
    return docs.assets()


def test_every_indicator_and_place_has_a_page_findable_by_name_kana_and_romaji(
    pages: dict[str, bytes],
) -> None:
    for indicator_id in jpdx.load("indicators")["indicator_id"]:
        assert f"catalog/national/indicators/{indicator_id}.md" in pages
    places = jpdx.load("municipalities").filter(pl.col("kind") != "ward")
    assert places.height == 1788
    for place in places.iter_rows(named=True):
        page = pages[f"catalog/places/{place['lg_code']}.md"].decode()
        title = page.splitlines()[0]
        assert place["name"] in title
        assert place["romaji"] in title
        assert place["kana"] in page


def test_every_figure_has_alt_text_and_a_source_line(
    pages: dict[str, bytes], assets: dict[str, bytes]
) -> None:
    figures = 0
    for path, content in pages.items():
        for figure in re.findall(r"<figure.*?</figure>", content.decode(), re.S):
            figures += 1
            alt = re.search(r'aria-label="([^"]+)"', figure)
            assert alt is not None, path
            assert alt[1].strip(), path
            assert re.search(r'<img [^>]*alt="[^"]+"', figure), path
            caption = re.search(r"<figcaption>(.*)</figcaption>", figure, re.S)
            assert caption is not None, path
            assert "出典" in caption[1], path
            for target in re.findall(r'data="([^"#]+)', figure):
                folder = path.rsplit("/", 1)[0]
                assert f"{folder}/{target}" in assets, (path, target)
    values = jpdx.load("indicator_values")
    shown = values.filter(pl.col("value").is_not_null() | (pl.col("answers").list.len() > 0))
    assert figures >= shown["indicator_id"].n_unique()  # a chart wherever there is a value
    for path, content in assets.items():
        if not path.endswith(".svg") or "/maps/" in path:
            continue
        root = ET.fromstring(content)
        assert (root.findtext(f"{SVG}title") or "").strip(), path
        assert (root.findtext(f"{SVG}desc") or "").strip(), path
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        assert "出典" in texts, path
        if path.endswith(".map.svg"):
            assert CREDIT_JA in "".join(texts.split()), path


def _drawn_width(text: str, size: float) -> float:
    """A lower bound of ``text``'s width in a sans-serif font: a full-width character is one
    em, any other at least half of one."""
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return size * (wide + 0.5 * (len(text) - wide))


def test_no_figure_text_runs_past_the_canvas(assets: dict[str, bytes]) -> None:
    """Titles, axis titles and legend labels wrap instead of being cut by the figure's edge."""
    past = []
    for path, content in assets.items():
        if not path.endswith(".svg"):
            continue
        root = ET.fromstring(content)
        origin, _, width, _ = (float(n) for n in root.attrib["viewBox"].split())
        for text in root.iter(f"{SVG}text"):
            drawn = _drawn_width(
                "".join(text.itertext()), float(text.get("font-size") or root.attrib["font-size"])
            )
            x = float(text.get("x", 0))
            anchor = text.get("text-anchor", "start")
            left = {"start": x, "middle": x - drawn / 2, "end": x - drawn}[anchor]
            if left < origin or left + drawn > origin + width:
                past.append((path, "".join(text.itertext())))
    assert not past, past[:10]


def test_no_page_has_a_root_absolute_link(pages: dict[str, bytes]) -> None:
    written = {p: (ROOT / "docs" / p).read_text() for p in ("index.md", "quickstart.md", "cli.md")}
    for path, text in [
        *((p, c.decode()) for p, c in pages.items() if p.endswith(".md")),
        *written.items(),
    ]:
        assert not re.search(r'\]\(/(?!/)|(?:href|src|data)="/(?!/)', text), path


def test_404_page_links_become_relative() -> None:
    page = '<link href="/assets/x.css"><script src="/a.js"></script><a href="//cdn/x">'
    assert (
        relative_to_root(page)
        == '<link href="assets/x.css"><script src="a.js"></script><a href="//cdn/x">'
    )


def _table(assets: dict[str, bytes], indicator_id: str) -> dict[str, list[object]]:
    script = assets[f"catalog/national/indicators/{indicator_id}.js"].decode()
    data = json.loads(script[script.index(", {") + 2 : script.rindex("]);")])
    return {row[0]: [*row[:7], data["sources"][row[7]], *row[8:]] for row in data["rows"]}


YES_NO = {"implemented": 1.0, "not-implemented": 0.0}
"""What the dashboard's yes/no answers count as (調査無し counts as neither)."""


@pytest.mark.parametrize("indicator_id", ["card-rate", "dx-cio-appointed", "dx-moving-out"])
def test_table_values_are_the_librarys(assets: dict[str, bytes], indicator_id: str) -> None:
    """Each row of the page's table and CSV is the place's value at its latest date, as
    ``jpdx.query`` gives it, with the cell it cites."""
    frame = jpdx.query("indicator_values").where(indicator_id=indicator_id).frame()
    frame = frame.with_columns(reference=pl.coalesce("snapshot", "as_of_date")).sort(
        "lg_code", "reference"
    )
    latest = frame.group_by("lg_code", maintain_order=True).last()
    rows = _table(assets, indicator_id)
    assert set(rows) == set(latest["lg_code"])
    labels = {
        a["value"]: a["ja"]
        for a in jpdx.load("indicators").filter(pl.col("indicator_id") == indicator_id)["answers"][
            0
        ]
    }
    csv = pl.read_csv(
        assets[f"catalog/national/indicators/{indicator_id}.csv"],
        schema_overrides={"lg_code": pl.String},
    )
    by_code = {r["lg_code"]: r for r in csv.iter_rows(named=True)}
    for row in latest.iter_rows(named=True):
        shown = rows[row["lg_code"]]
        value = YES_NO.get(row["answers"][0]) if row["answers"] else row["value"]
        assert shown[4] == value, row["lg_code"]
        assert shown[5] == "、".join(labels[a] for a in row["answers"]), row["lg_code"]
        cell = row["evidence"][0]
        assert shown[7:10] == [cell["source_id"], cell["row"], cell["column"]]
        assert by_code[row["lg_code"]]["value"] == value
        assert by_code[row["lg_code"]]["row"] == cell["row"]


def test_region_map_points_at_every_place_and_credits_the_boundaries() -> None:
    square = {
        "type": "Polygon",
        "coordinates": [[[135, 35], [135.5, 35], [135.5, 35.5], [135, 35]]],
    }
    areas = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"lg_code": "272001", "name": "A"},
                "geometry": square,
            }
        ],
    }
    root = ET.fromstring(region_svg(Basemap.of(areas, None), ["272001"], "T", MAP_CREDIT))
    (path,) = root.iter(f"{SVG}path")
    assert path.get("id") == "m272001"
    assert path.findtext(f"{SVG}title") == "A"
    assert CREDIT_JA in "".join(t.text or "" for t in root.iter(f"{SVG}text"))


def _gallery() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.name, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted((ROOT / "docs" / "gallery").glob("*.ipynb"))
    ]


@pytest.mark.parametrize(("name", "notebook"), _gallery())
def test_gallery_figures_have_alt_text_and_a_source_line_and_tables_read(
    name: str, notebook: dict[str, Any]
) -> None:
    """Every image a gallery notebook shows has its description (the cell's ``alt``) and is
    drawn by code that writes a 出典 line (with the boundaries' credit on a map); no table
    shows a number in scientific notation."""
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    images = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        for output in cell["outputs"]:
            data = output.get("data", {})
            if "image/png" in data:
                images += 1
                assert len(cell["metadata"].get("alt", "")) > 40, (name, source[:60])
                assert "SOURCE" in source or "出典" in source, (name, source[:60])
            html = "".join(data.get("text/html", ""))
            assert not re.search(r"\d(?:\.\d+)?e[+-]?\d", re.sub(r"<[^>]+>", " ", html)), name
    if any("jpdx.boundaries(" in c for c in code):  # a map credits the boundaries
        assert any('["credit"]' in c for c in code), name
    assert images, name
    assert len(image_alts(notebook)) == images


def test_notebook_pages_get_their_images_described_and_text_unquoted() -> None:
    page = (
        '<img alt="No description has been provided for this image" src="data:image/png;x">'
        '<td>&quot;東京都&quot;</td><td>"Tokyo"</td><img src="data:image/png;y">'
        '<img alt="kept" src="z">'
    )
    assert readable_notebook(page, ['a "map"', "a chart"]) == (
        '<img alt="a &quot;map&quot;" src="data:image/png;x"><td>東京都</td><td>Tokyo</td>'
        '<img alt="a chart" src="data:image/png;y"><img alt="kept" src="z">'
    )


def test_indentation_is_dropped_only_where_white_space_does_not_matter() -> None:
    assert without_indent("<nav>\n    <a>x</a>\n\t</nav>") == "<nav>\n<a>x</a>\n</nav>"
    code = "<nav>\n  <pre>a\n    b</pre>"
    assert without_indent(code) == code
