"""What a reader sees of the national data: per indicator a map, a distribution or a time
series and a table of every place (with a CSV of exactly that table); per place its
headline values beside its prefecture's and the nation's, and a small map.

Figures are SVG files beside their page (:mod:`release_builder.docs.svg`); tables are data
files read by ``javascripts/tables.js``, so a page of 1,741 rows stays small and its rows stay
out of the search index.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from jpdx.analysis.catalog import ANSWER_KINDS
from jpdx.analysis.profile import code_history
from release_builder.docs import svg
from release_builder.docs.markdown import md
from release_builder.national.tables import read_datasets

if TYPE_CHECKING:
    from jpdx.store import Store
    from release_builder.docs.national import National


def release_maps(store: Store, version: str | None = None) -> Maps | None:
    """The basemaps of a release, from :func:`jpdx.boundaries`; None for a release without
    boundaries."""
    from jpdx.errors import NotInReleaseError
    from jpdx.maps import boundaries

    try:
        outlines = boundaries(store, "prefecture", version)
    except NotInReleaseError:
        return None
    return Maps(
        svg.Basemap.of(boundaries(store, "municipality", version), outlines),
        svg.Basemap.of(outlines, None),
    )


def answered(indicator: Mapping[str, Any]) -> bool:
    """Whether an indicator's values are answers; a number's vocabulary (財政力指数's "－") only
    says what an empty value stood for."""
    return indicator["kind"] in ANSWER_KINDS


NO_ANSWER = frozenset({"not-surveyed"})
"""Answers that say a place was not asked: shares count only the places that answered."""

TABLE_COLUMNS = (
    ("lg_code", "code コード"),
    ("name", "place 団体"),
    ("prefecture", "prefecture 都道府県"),
    ("date", "as of 時点"),
    ("value", "value 値"),
    ("answer", "answer 回答"),
    ("answer_en", "answer (English)"),
    ("source_id", "file 出典ファイル"),
    ("row", "record 行"),
    ("column", "field 列"),
    ("pointer", "JSON pointer"),
)
"""The columns of an indicator's table and of its CSV, with their headings."""


@dataclass(frozen=True)
class Maps:
    """The municipal and prefectural basemaps of a release."""

    municipality: svg.Basemap
    prefecture: svg.Basemap


LEVELS = ("prefecture", "municipality")
"""The places of the national pages: the bodies of MIC's list (the published tables give
no figures for wards; values of former codes are on no page)."""


def latest(national: National, indicator_id: str) -> pl.DataFrame:
    """One row per place: its latest row of :func:`jpdx.indicator` (date, value, answer and
    labels), with the cell it cites (the table of an indicator's page, and its CSV)."""
    frame = (
        national.tidy(indicator_id)
        .filter(pl.col("level").is_in(LEVELS))
        .group_by("lg_code", maintain_order=True)
        .last()
    )
    if frame.schema["answer"] == pl.String:  # one answer each: as a list of one or none
        frame = frame.with_columns(
            pl.when(pl.col(c).is_null())
            .then(pl.lit([], pl.List(pl.String)))
            .otherwise(pl.concat_list(c))
            .alias(c)
            for c in ("answer", "label_ja", "label_en")
        )
    values = national.values_of(indicator_id)
    fields = {f.name for f in values.schema["cell"].fields}  # type: ignore[attr-defined]
    cells = values.select(
        "lg_code",
        source_id=pl.col("cell").struct.field("source_id"),
        row=pl.col("cell").struct.field("row"),
        column=pl.col("cell").struct.field("column"),
        pointer=pl.col("cell").struct.field("pointer")
        if "pointer" in fields  # the JSON evidence form, from release 2026.12.2 on
        else pl.lit(None, pl.String),
    )
    return (
        frame.join(cells, on=["lg_code", "source_id"], how="left")
        .select(
            "lg_code",
            "name",
            "prefecture",
            "level",
            "date_kind",
            date=pl.col("date").cast(pl.String),
            value="value",
            answers="answer",
            answer=pl.col("label_ja").list.join("、"),
            answer_en=pl.col("label_en").list.join("; "),
            source_id="source_id",
            row="row",
            column="column",
            pointer="pointer",
        )
        .sort("lg_code")
    )


def _text(column: str) -> pl.Expr:
    """A column as text: whole numbers without ``.0``."""
    value = pl.col(column)
    if column == "value":
        whole = value == value.round()
        return (
            pl.when(whole)
            .then(value.cast(pl.Int64).cast(pl.String))
            .otherwise(value.cast(pl.String))
        )
    return value.cast(pl.String)


def table_csv(frame: pl.DataFrame) -> bytes:
    """The table as CSV: the columns of :data:`TABLE_COLUMNS`, UTF-8 with a byte-order mark
    so that spreadsheet programs read the Japanese."""
    text = frame.select(_text(name).alias(name) for name, _ in TABLE_COLUMNS).write_csv()
    return ("\ufeff" + text).encode()


def table_script(
    frame: pl.DataFrame, unit: str | None, answers: bool, dataset: str, places: str
) -> bytes:
    """The table's rows for ``javascripts/tables.js``: a script, since a page opened from disk
    may run a script beside it but not read a data file. Rows give the columns of
    :data:`TABLE_COLUMNS`, the file of each as its position in ``sources`` (a file's id is
    long and most rows cite the same few)."""
    names = [n for n, _ in TABLE_COLUMNS]
    sources = sorted(set(frame["source_id"].drop_nulls()))
    position = {s: i for i, s in enumerate(sources)}
    rows = frame.select(names).with_columns(
        pl.col("source_id").replace_strict(position, default=None, return_dtype=pl.Int64)
    )
    data = {
        "columns": [heading for _, heading in TABLE_COLUMNS],
        "unit": unit or "",
        "answers": answers,
        "places": places,
        "dataset": f"../datasets/{dataset}.html",
        "sources": sources,
        "rows": rows.rows(),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        f"(window.jpdxTables = window.jpdxTables || []).push([document.currentScript, {text}]);\n"
    ).encode()


@cache
def dataset_titles() -> dict[str, str]:
    """Each vendored dataset's title, as ``sources/reference/datasets.toml`` states it."""
    reference = Path(__file__).resolve().parents[2] / "sources" / "reference"
    return {d.dataset: str(d.facts["title"]) for d in read_datasets(reference).values()}


def source_line(national: National, indicator_id: str) -> str:
    """出典: the publisher and title of an indicator's dataset, with the release."""
    dataset = national.indicator(indicator_id)["dataset"]
    files = national.files.filter(pl.col("dataset") == dataset)
    publishers = "、".join(sorted(set(files["publisher"].drop_nulls())))
    title = dataset_titles().get(dataset, dataset)
    return f"出典 Source: {publishers}「{title}」(jpdx {national.version}, {indicator_id})"


def licence_line(national: National, indicator_id: str) -> str:
    dataset = national.indicator(indicator_id)["dataset"]
    files = national.files.filter(pl.col("dataset") == dataset)
    return "; ".join(sorted(set(files["licence"].drop_nulls()))) or "not stated"


def figure_html(path: str, figure: svg.Figure, drawn: bytes) -> str:
    """A figure on a page: the SVG (``drawn``) as an object (its hover titles work; an image
    would lose them) as wide as the column and as tall as its proportions ask, with its
    description for screen readers, and its source under it in the page's type (the SVG's
    own is small on a phone)."""
    box = re.search(rb'viewBox="0 0 (\d+) (\d+)"', drawn)
    ratio = f' style="aspect-ratio: {int(box[1])} / {int(box[2])}"' if box else ""
    return (
        f'<figure class="jpdx-figure"><object type="image/svg+xml" data="{path}"{ratio} '
        f'role="img" aria-label="{svg.esc(figure.alt)}"><img src="{path}" '
        f'alt="{svg.esc(figure.alt)}"></object>'
        f"<figcaption>{'<br>'.join(svg.esc(s) for s in figure.source)} "
        f'· <a href="{path}">SVG</a></figcaption></figure>'
    )


def date_text(date: str | None, kind: str | None) -> str:
    """A date of :func:`jpdx.indicator` as a page gives it, saying which date it is."""
    if date is None:
        return "date not stated 時点の記載なし"
    if kind == "publication":
        return f"published 公表 {date}"
    return f"fiscal year 年度 {date[:4]}" if kind == "fiscal_year" else date


def as_of(frame: pl.DataFrame) -> str:
    """The dates of some rows of :func:`latest`, as a title gives them."""
    dated = frame.filter(pl.col("date").is_not_null())
    dates = sorted(set(dated["date"]))
    if not dates:
        return "date not stated 時点の記載なし"
    span = dates[0] if len(dates) == 1 else f"{dates[0]} … {dates[-1]}"
    kinds = set(dated["date_kind"])
    if kinds == {"publication"}:
        return f"published 公表 {span} (no as-of date 時点の記載なし)"
    if kinds == {"fiscal_year"}:
        years = sorted({d[:4] for d in dates})
        return "fiscal year 年度 " + ", ".join(years)
    return span


def _answer_fills(
    national: National, indicator_id: str, frame: pl.DataFrame
) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str]]]:
    answers = national.indicator(indicator_id)["answers"]
    colours: dict[str, str] = {}
    palette = iter(svg.CATEGORICAL)
    for answer in answers:
        colours[answer["value"]] = (
            svg.NOT_SURVEYED if answer["value"] in NO_ANSWER else next(palette, "#444")
        )
    counts = dict(frame.select(pl.col("answers").list.first()).to_series().value_counts().rows())
    fills: dict[str, tuple[str, str]] = {}
    for row in frame.iter_rows(named=True):
        first = row["answers"][0] if row["answers"] else None
        colour = colours.get(first, svg.EMPTY) if first else svg.EMPTY
        label = f"{row['answer']} {row['answer_en']}" if row["answers"] else "空欄 empty cell"
        fills[row["lg_code"]] = (colour, f"{row['name']}: {label}")
    legend = [
        (colours[a["value"]], f"{a['ja']} {a['en']} ({counts.get(a['value'], 0):,})")
        for a in answers
    ]
    blanks = int(frame["answers"].list.len().eq(0).sum())
    if blanks:
        legend.append((svg.EMPTY, f"空欄 empty cell ({blanks:,})"))
    return fills, legend


def _number_fills(
    frame: pl.DataFrame, unit: str | None
) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str]]]:
    numbers = frame["value"].drop_nulls().to_list()
    bounds = svg.classes(numbers)
    fills: dict[str, tuple[str, str]] = {}
    for row in frame.iter_rows(named=True):
        if row["value"] is not None:
            colour = svg.SEQUENTIAL[svg.class_of(row["value"], bounds)]
            fills[row["lg_code"]] = (colour, f"{row['name']}: {svg.number(row['value'], unit)}")
        elif row["answers"]:  # what the source wrote instead of a number
            fills[row["lg_code"]] = (svg.NOT_SURVEYED, f"{row['name']}: {row['answer_en']}")
        else:
            fills[row["lg_code"]] = (svg.EMPTY, f"{row['name']}: 空欄 empty cell")
    labels = svg.class_labels(bounds, unit, min(numbers)) if numbers else []
    legend = list(zip(svg.SEQUENTIAL, labels, strict=False))
    instead = frame.filter(pl.col("value").is_null() & (pl.col("answers").list.len() > 0))
    for (answer, answer_en), part in instead.group_by("answer", "answer_en", maintain_order=True):
        legend.append((svg.NOT_SURVEYED, f"{answer} {answer_en} ({part.height:,})"))
    empty = frame.filter(pl.col("value").is_null() & (pl.col("answers").list.len() == 0)).height
    if empty:
        legend.append((svg.EMPTY, f"空欄 empty cell ({empty:,})"))
    return fills, legend


def map_figure(
    national: National, indicator_id: str, frame: pl.DataFrame, maps: Maps
) -> svg.Figure | None:
    """The choropleth: municipalities (prefectures where only they have values)."""
    row = national.indicator(indicator_id)
    municipal = frame.filter(pl.col("level") == "municipality")
    level, basemap = ("municipality", maps.municipality)
    if municipal.is_empty():
        municipal, level, basemap = frame, "prefecture", maps.prefecture
    if municipal.is_empty():
        return None
    if answered(row):
        fills, legend = _answer_fills(national, indicator_id, municipal)
    else:
        fills, legend = _number_fills(municipal, row["unit"])
    legend.append((svg.NO_ROW, "行なし no row"))
    places = "市区町村 municipalities" if level == "municipality" else "都道府県 prefectures"
    return svg.Figure(
        title=f"{row['name_en']} — {row['name']} ({places}), {as_of(municipal)}",
        alt=f"Map of Japan's {places.split()[1]}, each coloured by its value of "
        f"{row['name_en']} ({row['name']}) at {as_of(municipal)}; "
        + "; ".join(label for _, label in legend)
        + ".",
        source=[source_line(national, indicator_id), svg.MAP_CREDIT],
        body=basemap.draw(fills),
        height=svg.MAP_HEIGHT,
        legend=legend,
    )


def chart_figure(national: National, indicator_id: str, frame: pl.DataFrame) -> svg.Figure | None:
    """A time series where the indicator has several dates, else the distribution of its
    municipal values or the count of each answer."""
    row = national.indicator(indicator_id)
    source = [source_line(national, indicator_id)]
    tidy = national.tidy(indicator_id)
    if tidy["date"].n_unique() > 2:
        return _time_series(national, indicator_id, tidy, source)
    municipal = frame.filter(pl.col("level") == "municipality")
    if municipal.is_empty():
        municipal = frame
    if answered(row):
        counts = dict(
            municipal.select("answers").explode("answers").to_series().value_counts().rows()
        )
        answering = sum(n for a, n in counts.items() if a is not None and a not in NO_ANSWER)
        bars = []
        for answer in row["answers"]:
            n = counts.get(answer["value"], 0)
            share = (
                f"{100 * n / answering:.1f}% of {answering:,} answering"
                if answering and answer["value"] not in NO_ANSWER
                else "not counted in the shares"
            )
            bars.append(
                (
                    f"{answer['ja']} {answer['en']}",
                    float(n),
                    f"{answer['ja']} {answer['en']}: {n:,} ({share})",
                )
            )
        blanks = int(municipal["answers"].list.len().eq(0).sum())
        if blanks:
            bars.append(("空欄 empty cell", float(blanks), f"空欄 empty cell: {blanks:,}"))
        body, height = svg.hbars(bars, svg.CATEGORICAL[0], max(b[1] for b in bars) or 1, "{:,.0f}")
        multi = " (several answers each)" if row["kind"] == "answers" else ""
        return svg.Figure(
            title=f"Answers{multi}, {municipal.height:,} places — {row['name_en']}, {as_of(municipal)}",
            alt=f"Bar chart: how many places gave each answer to {row['name_en']}: "
            + "; ".join(b[2] for b in bars)
            + ".",
            source=source,
            body=body,
            height=height,
        )
    numbers = municipal["value"].drop_nulls()
    if numbers.is_empty():
        return None
    low, high = float(numbers.min()), float(numbers.max())  # type: ignore[arg-type]
    bins = 20
    width = (high - low) / bins or 1.0
    tally = [0] * bins
    for value in numbers:
        tally[min(int((value - low) / width), bins - 1)] += 1
    histogram = [(low + i * width, low + (i + 1) * width, c) for i, c in enumerate(tally)]
    unit = row["unit"]
    body, height = svg.histogram(histogram, unit, f"{row['name_en']} ({unit or 'value'})")
    empty = municipal["value"].is_null().sum()
    return svg.Figure(
        title=f"Distribution over {numbers.len():,} places — {row['name_en']}, {as_of(municipal)}",
        alt=f"Histogram of {row['name_en']} over {numbers.len():,} places, from "
        f"{svg.number(low, unit)} to {svg.number(high, unit)}, median "
        f"{svg.number(float(numbers.median()), unit)}; {empty:,} empty cells not shown.",  # type: ignore[arg-type]
        source=source,
        body=body,
        height=height,
    )


def _time_series(
    national: National, indicator_id: str, tidy: pl.DataFrame, source: list[str]
) -> svg.Figure:
    """The prefectures' own rows of :func:`jpdx.indicator` over time."""
    row = national.indicator(indicator_id)
    unit = row["unit"]
    series = tidy.filter(pl.col("level") == "prefecture")
    dates = sorted(set(tidy["date"].drop_nulls()))
    first, last = dates[0], dates[-1]
    span = (last - first).days or 1

    def x(day: Any) -> float:
        return float((day - first).days / span)

    top = float(series["value"].max() or 1)  # type: ignore[arg-type]
    y_max = 100.0 if unit == "%" and top <= 100 else top * 1.05
    lines = [
        (
            f"{name}: {svg.number(points[-1][1], unit)} ({last})",
            points,
            "#9aa7c7",
            2.0,
        )
        for name, points in (
            (
                group["name"][0],
                [
                    (x(d), v)
                    for d, v in zip(group["date"], group["value"], strict=True)
                    if v is not None
                ],
            )
            for group in series.partition_by("lg_code", maintain_order=True)
        )
        if points
    ]
    years = sorted({d.year for d in dates})
    step = -(-len(years) // 6)  # at most six labels, so that they do not run together
    labels = [(x(max(first, type(first)(y, 1, 1))), str(y)) for y in years[::step]]
    body, height = svg.lines(lines, labels, y_max, unit)
    return svg.Figure(
        title=f"{row['name_en']} — {row['name']}, 47 prefectures, "
        + (
            f"fiscal years 年度 {first.year}–{last.year}"
            if set(series["date_kind"]) == {"fiscal_year"}
            else f"{first} … {last}"
        ),
        alt=f"Line chart: {row['name_en']} of each of the 47 prefectures at {len(dates)} dates "
        f"from {first} to {last}; hover a line for the prefecture.",
        source=source,
        body=body,
        height=height,
    )


def indicator_views(
    national: National, indicator_id: str, maps: Maps | None
) -> tuple[list[str], dict[str, bytes]]:
    """The reader's sections of an indicator's page, and the files beside it."""
    row = national.indicator(indicator_id)
    frame = latest(national, indicator_id)
    files: dict[str, bytes] = {}
    lines = []
    figure = map_figure(national, indicator_id, frame, maps) if maps else None
    if figure is not None:
        files[f"{indicator_id}.map.svg"] = drawn = figure.svg()
        lines += [
            "## Map 地図",
            "",
            figure_html(f"{indicator_id}.map.svg", figure, drawn),
            "",
        ]
    elif maps is None:
        lines += [
            "## Map 地図",
            "",
            f"Release {national.version} has no boundaries: the map appears with a release that "
            "has them (`jpdx.boundaries()`).",
            "",
        ]
    chart = chart_figure(national, indicator_id, frame)
    if chart is not None:
        files[f"{indicator_id}.chart.svg"] = drawn = chart.svg()
        lines += [
            "## Chart グラフ",
            "",
            figure_html(f"{indicator_id}.chart.svg", chart, drawn),
            "",
        ]
    if answered(row) and any(v["value"] in NO_ANSWER for v in row["answers"]):
        lines += [
            f"*Not surveyed 調査無し*: {md(_not_surveyed(national, frame))}",
            "",
        ]
    files[f"{indicator_id}.csv"] = table_csv(frame)
    files[f"{indicator_id}.js"] = table_script(
        frame, row["unit"], answered(row), row["dataset"], "../../places/"
    )
    lines += [
        "## Table 表",
        "",
        f"Every place's value at its latest date ({frame.height:,} rows): click a heading to "
        "sort, type to filter; each row links to the place's page and to the file and cell "
        f"its value was read from. [Download this table as CSV]({indicator_id}.csv) "
        "(UTF-8). 全団体の値(見出しで並べ替え、入力で絞り込み)。",
        "",
        '<div class="jpdx-table"></div>',
        f'<script src="{indicator_id}.js"></script>',
        "",
        f"Licence 利用条件: {md(licence_line(national, indicator_id))}",
        "",
    ]
    return lines, files


def _not_surveyed(national: National, frame: pl.DataFrame) -> str:
    places = frame.filter(pl.col("answers").list.first().is_in(list(NO_ANSWER)))
    if places.is_empty():
        return "no place has this answer."
    by_prefecture = places.group_by("prefecture", maintain_order=True).len()
    where = "、".join(f"{p} {n}" for p, n in by_prefecture.rows())
    return (
        f"{places.height:,} places ({where}). The published files mark them 調査無し and give "
        "no reason; they are left out of every share on this page, not counted as 未実施."
    )


# --- places -----------------------------------------------------------------------------

HEADLINE = (
    "card-rate",
    "dx-frequent-32-online",
    "dx-moving-out",
    "dx-cio-appointed",
    "dx-ai-adoption",
    "od2024-engaged-in-open-data",
)
"""The indicators of a place's page and of a prefecture's table, each at its latest date."""


@dataclass(frozen=True)
class Headline:
    """The headline indicators of every place at their latest date (:func:`latest`), and
    each one's national figure: the median of the municipalities' values, or for a yes/no
    question the mean of its 1/0 values, the share of yes among those that answered."""

    national: National
    frames: Mapping[str, pl.DataFrame]
    nation: Mapping[str, str]

    @classmethod
    def of(cls, national: National) -> Headline:
        known = set(national.indicators["indicator_id"])
        frames = {i: latest(national, i) for i in HEADLINE if i in known}
        nation: dict[str, str] = {}
        for indicator_id, frame in frames.items():
            row = national.indicator(indicator_id)
            municipal = frame.filter(pl.col("level") == "municipality")
            numbers = municipal["value"].drop_nulls()
            if answered(row):
                # a yes/no question's value is 1 or 0, null where not asked or blank: its
                # mean is the share of yes among the municipalities that answered
                first = row["answers"][0]
                nation[indicator_id] = (
                    f"{100 * float(numbers.mean()):.1f}% {first['ja']} {first['en']} "  # type: ignore[arg-type]
                    f"(of {numbers.len():,} answering)"
                    if numbers.len()
                    else ""
                )
            else:
                nation[indicator_id] = (
                    f"median {svg.number(float(numbers.median()), row['unit'])} "  # type: ignore[arg-type]
                    f"({numbers.len():,} places)"
                    if numbers.len()
                    else ""
                )
        return cls(national, frames, nation)

    @cached_property
    def _cells(self) -> dict[tuple[str, str], tuple[str, str, str]]:
        """(lg_code, indicator_id) → the short and full texts of the place's value, and the
        date it is about."""
        cells: dict[tuple[str, str], tuple[str, str, str]] = {}
        for indicator_id, frame in self.frames.items():
            unit = self.national.indicator(indicator_id)["unit"]
            for code, value, answers, answer, answer_en, date, kind in frame.select(
                "lg_code", "value", "answers", "answer", "answer_en", "date", "date_kind"
            ).iter_rows():
                when = date_text(date, kind)
                if answers:
                    cells[(code, indicator_id)] = (answer, f"{answer} {answer_en}", when)
                else:
                    text = svg.number(value, unit)
                    cells[(code, indicator_id)] = (text, text, when)
        return cells

    def cell(self, lg_code: str, indicator_id: str, short: bool = False) -> str | None:
        """A place's value as text (Japanese labels only if ``short``); "" for an empty
        cell, None where the indicator's table has no row for the place."""
        found = self._cells.get((lg_code, indicator_id))
        return None if found is None else found[0 if short else 1]

    def shown(self, lg_code: str, indicator_id: str) -> str:
        """:meth:`cell` for a page: "空欄 empty" for an empty cell, – for no row."""
        text = self.cell(lg_code, indicator_id)
        return "–" if text is None else text or "空欄 empty"

    def rows(self, place: Mapping[str, Any], prefecture: str | None) -> list[str]:
        """The page's table: indicator, the place, its prefecture, the nation."""
        lines = [
            "| indicator 指標 (as of 時点) | this place | prefecture 都道府県 | Japan 全国 |",
            "| --- | ---: | ---: | --- |",
        ]
        for indicator_id, frame in self.frames.items():
            row = self.national.indicator(indicator_id)
            mine = self.shown(place["lg_code"], indicator_id)
            theirs = (
                self.shown(prefecture, indicator_id)
                if prefecture and prefecture != place["lg_code"]
                else ""
            )
            found = self._cells.get((place["lg_code"], indicator_id))
            date = found[2] if found else as_of(frame)
            lines.append(
                f"| [{md(row['name'])}](../national/indicators/{indicator_id}.md) "
                f"{md(row['name_en'])} ({md(date)}) | {md(mine)} | {md(theirs)} | "
                f"{md(self.nation[indicator_id])} |"
            )
        return lines


def place_map(maps: Maps, national: National, prefecture: Mapping[str, Any]) -> bytes:
    """A prefecture's municipalities, each an element a page can point to (``#m<lg_code>``,
    drawn red as the target)."""
    codes = national.places.filter(
        (pl.col("prefecture_code") == prefecture["prefecture_code"])
        & (pl.col("kind") != "prefecture")
    )["lg_code"]
    return svg.region_svg(
        maps.municipality,
        list(codes),
        title=f"{prefecture['name']} {prefecture['romaji']}",
        source=svg.MAP_CREDIT,
    )


def place_views(
    national: National,
    headline: Headline,
    place: Mapping[str, Any],
    wards: pl.DataFrame,
    changes: Sequence[Mapping[str, Any]],
    maps: Maps | None,
) -> list[str]:
    """The national sections of a place's page. The headings of its tables of values and
    changes keep them out of the search index (``data-search-exclude``): a place is found by
    its name, kana and romaji in the page's title and first line (a ward by its row on its
    city's page), and 1,788 pages of tables would weigh the index down."""
    prefecture_code = f"{place['prefecture_code']}0000"
    prefecture = next(
        (
            r
            for r in national.prefectures().iter_rows(named=True)
            if r["prefecture_code"] == place["prefecture_code"]
        ),
        None,
    )
    prefecture_lg = prefecture["lg_code"] if prefecture else prefecture_code
    lines = []
    if (
        maps is not None
        and place["kind"] != "prefecture"
        and maps.municipality.paths.get(place["lg_code"])
    ):
        path = f"maps/{prefecture_lg}.svg"
        alt = f"Map of {place['prefecture']} with {place['name']} ({place['romaji']}) in red"
        lines += [
            f'<figure class="jpdx-figure jpdx-small"><object type="image/svg+xml" '
            f'data="{path}#m{place["lg_code"]}" role="img" aria-label="{svg.esc(alt)}">'
            f'<img src="{path}" alt="{svg.esc(alt)}"></object><figcaption>{svg.esc(alt)}<br>'
            f"{svg.esc(svg.MAP_CREDIT)}</figcaption></figure>",
            "",
        ]
    lines += [
        "## National figures 全国データ { data-search-exclude }",
        "",
        "Each headline indicator at its latest date, beside the prefecture's own row and the "
        "nation's municipalities; the indicator's page has the map and every place. "
        "主な指標(最新時点)と都道府県・全国。",
        "",
        *headline.rows(place, prefecture_lg),
        "",
        f'In Python: `jpdx.place("{place["lg_code"]}", version="{national.version}")` '
        "(its values, curated records and code history).",
        "",
    ]
    if not wards.is_empty():
        lines += [
            f"## Wards 行政区: {wards.height}",
            "",
            "The published tables give no figures for wards. 行政区(全国データの値はありません)。",
            "",
            "| ward 区 | kana | romaji | code |",
            "| --- | --- | --- | --- |",
            *(
                f"| {md(w['name'])} | {md(w['kana'])} | {md(w['romaji'])} | `{w['lg_code']}` |"
                for w in wards.iter_rows(named=True)
            ),
            "",
        ]
    if changes:
        lines += [
            "## Code history 団体コードの変遷 { data-search-exclude }",
            "",
            "From e-Stat's table of municipality code changes. 市町村の廃置分合・名称変更等。",
            "",
            "| date 年月日 | change 種類 | before 変更前 | after 変更後 |",
            "| --- | --- | --- | --- |",
            *(
                f"| {c['date']} | `{c['kind']}` | {md('、'.join(c['old_names']))} | "
                f"{md('、'.join(c['new_names']))} |"
                for c in changes
            ),
            "",
        ]
    return lines


def place_views_by_code(
    store: Store, national: National, headline: Headline, maps: Maps | None
) -> tuple[dict[str, list[str]], dict[str, bytes]]:
    """The national sections of every place's page (prefectures and municipalities; wards
    are listed on their city's page), and the prefecture maps they point into."""
    everything = store.frame("municipalities", national.version)
    wards = everything.filter(pl.col("kind") == "ward")
    views: dict[str, list[str]] = {}
    for place in national.places.iter_rows(named=True):
        views[place["lg_code"]] = place_views(
            national,
            headline,
            place,
            wards.filter(pl.col("city_lg_code") == place["lg_code"]),
            # what jpdx.place(...).code_history gives, without the place's values
            code_history(store, national.version, place["code5"]),
            maps,
        )
    files = (
        {
            f"maps/{p['lg_code']}.svg": place_map(maps, national, p)
            for p in national.prefectures().iter_rows(named=True)
        }
        if maps is not None
        else {}
    )
    return views, files
