"""The catalog's pages of the national data: one per indicator, one per published dataset
(with every file, its licence and sha256) and one per prefecture (its municipalities'
headline indicators), all read from the release's ``indicators``, ``indicator_values``,
``sources`` and ``municipalities`` tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import polars as pl

from jpdx.analysis.tidy import indicator
from jpdx.codebook import columns
from jpdx.enums import MunicipalityKind, ProcedureType
from jpdx.store import Store
from release_builder.docs.markdown import HEADER, md, table_row
from release_builder.docs.views import Headline, Maps, answered, as_of, indicator_views

ROOT = "catalog/national"
NATIONAL_TABLES = ("indicators", "indicator_values")

NOT_PUBLISHED = "–"
"""A prefecture page's cell for a place the indicator's table has no row for (as opposed to
an empty cell, which is left blank)."""


@dataclass(frozen=True)
class National:
    """The national tables of one release, as the pages need them."""

    store: Store
    version: str
    indicators: pl.DataFrame
    values: pl.DataFrame
    """``indicator_values`` with each value's reference date and, for its evidence, the
    cell it cites (``cell``)."""
    files: pl.DataFrame
    """The ``sources`` rows of published files (those with a ``dataset``)."""
    places: pl.DataFrame
    cited: pl.DataFrame
    """Which files each indicator's values cite: indicator_id, source_id, values."""

    @classmethod
    def of(cls, store: Store, version: str | None = None) -> National | None:
        """The national tables of a release; None for a release without them."""
        release = store.resolve(version)
        if not set(NATIONAL_TABLES) <= set(store.tables(release)):
            return None
        values = store.scan("indicator_values", release)
        cited = (
            values.select("indicator_id", "evidence")
            .explode("evidence")
            .select("indicator_id", source_id=pl.col("evidence").struct.field("source_id"))
            .group_by("indicator_id", "source_id")
            .agg(values=pl.len())
            .sort("indicator_id", "source_id")
            .collect()
        )
        return cls(
            store=store,
            version=release,
            indicators=store.frame("indicators", release).sort("indicator_id"),
            values=values.with_columns(
                reference=pl.coalesce("snapshot", "as_of_date"),
                cell=pl.col("evidence").list.first(),
            )
            .drop("evidence")
            .collect(),
            files=store.frame("sources", release)
            .filter(pl.col("dataset").is_not_null())
            .sort("dataset", "source_id"),
            # the bodies of MIC's list: the published tables give no figures for wards
            places=store.frame("municipalities", release)
            .filter(pl.col("kind") != "ward")
            .sort("lg_code"),
            cited=cited,
        )

    def datasets(self) -> list[str]:
        return sorted(set(self.files["dataset"]))

    def prefectures(self) -> pl.DataFrame:
        return self.places.filter(pl.col("kind") == "prefecture")

    def indicator(self, indicator_id: str) -> dict[str, Any]:
        return self._rows[indicator_id]

    @cached_property
    def _rows(self) -> dict[str, dict[str, Any]]:
        return {r["indicator_id"]: r for r in self.indicators.iter_rows(named=True)}

    @cached_property
    def _values(self) -> dict[str, pl.DataFrame]:
        return {
            str(key[0]): part
            for key, part in self.values.group_by("indicator_id", maintain_order=True)
        }

    def tidy(self, indicator_id: str) -> pl.DataFrame:
        """The indicator as :func:`jpdx.indicator` gives it, for this release's store."""
        if indicator_id not in self._tidy:
            self._tidy[indicator_id] = indicator(self.store, indicator_id, self.version)
        return self._tidy[indicator_id]

    @cached_property
    def _tidy(self) -> dict[str, pl.DataFrame]:
        return {}

    def values_of(self, indicator_id: str) -> pl.DataFrame:
        """The values of one indicator."""
        return self._values.get(indicator_id, self.values.clear())

    def labels(self, indicator_id: str) -> dict[str, str]:
        """An answer indicator's vocabulary: value → Japanese label."""
        return {a["value"]: a["ja"] for a in self.indicator(indicator_id)["answers"]}


def _description(table: str, column: str) -> str:
    """A column's codebook description, English then Japanese."""
    found = next(c for c in columns(table) if c.name == column)
    return f"{md(found.description_en)} {md(found.description_ja)}"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"


def _indicator_link(national: National, indicator_id: str, prefix: str) -> str:
    name = national.indicator(indicator_id)["name_en"]
    return f"[{md(name)}]({prefix}indicators/{indicator_id}.md)"


def _dates(national: National, indicator_id: str, frame: pl.DataFrame) -> str:
    """The reference dates of some values of an indicator; else the fiscal years of its
    survey; else the dates of the files its values cite."""
    dates = frame["reference"].drop_nulls().unique().sort()
    if dates.len():
        if dates.len() == 1:
            return str(dates[0].isoformat())
        return f"{dates.len()} dates, {dates[0].isoformat()} … {dates[-1].isoformat()}"
    years = frame["as_of_fiscal_year"].drop_nulls().unique().sort()
    if years.len():
        return "fiscal year " + ", ".join(str(y) for y in years)
    cited = national.cited.filter(pl.col("indicator_id") == indicator_id)["source_id"]
    published = (
        national.files.filter(pl.col("source_id").is_in(cited.implode()))["date"]
        .drop_nulls()
        .unique()
        .sort()
    )
    if published.len():
        return "published " + ", ".join(d.isoformat() for d in published)
    return "not stated"


def where_cited(item: dict[str, Any]) -> str:
    """Where an evidence item of any form is in its file, in words."""
    if item.get("pointer") is not None:
        return f"value at `{item['pointer']}`"
    if item.get("page") is not None:
        return f"page {item['page']}"
    if item.get("start") is not None:
        return f"characters {item['start']:,}–{item['end']:,}"
    sheet = f"sheet {item['sheet'].strip()}, " if item.get("sheet") else ""
    return f"{sheet}record {item['row']:,}, field {item['column']:,}"


def indicator_page(national: National, indicator_id: str, views: list[str] | None = None) -> str:
    """One indicator: its definition, unit and vocabulary, the reader's ``views`` (map, chart,
    table), its values and the files cited."""
    row = national.indicator(indicator_id)
    values = national.values_of(indicator_id)
    empty = values.filter(pl.col("value").is_null() & (pl.col("answers").list.len() == 0))
    lines = [
        f"# {md(row['name_en'])}",
        "",
        HEADER.format(what=f"release {national.version}"),
        "",
        f"`{indicator_id}` · dataset [{row['dataset']}](../datasets/{row['dataset']}.md) · "
        f"release {national.version}",
        "",
        table_row("field 項目", "value 値"),
        table_row("---", "---"),
        table_row("name 名称", md(row["name"])),
        table_row("English", md(row["name_en"])),
    ]
    if row["group"]:
        lines.append(table_row("group 区分", md(row["group"])))
    lines.append(table_row("kind 種類", f"`{row['kind']}`"))
    if row["unit"]:
        lines.append(table_row("unit 単位", md(row["unit"])))
    if row["definition"]:
        lines.append(table_row("definition 定義", md(row["definition"])))
    if row["procedure_type"]:
        procedure = ProcedureType(row["procedure_type"])
        lines.append(
            table_row(
                "procedure type 手続",
                f"{md(procedure.ja)} / {md(procedure.en)} (`{procedure.value}`, "
                "[ProcedureType](../../../codebook/indicators.md#procedure_type-values))",
            )
        )
    lines += ["", *(views or [])]
    lines += [
        "## Values 値",
        "",
        f"{values.height:,} values for {values['lg_code'].n_unique():,} places; reference "
        f"dates: {_dates(national, indicator_id, values)}; empty cells: {empty.height:,}.",
        "",
    ]
    counts = dict(values.select(pl.col("answers").explode()).to_series().value_counts().rows())
    vocabulary = [
        table_row("answer", "日本語", "English", "places"),
        table_row("---", "---", "---", "---:"),
        *(
            table_row(
                f"`{answer['value']}`",
                md(answer["ja"]),
                md(answer["en"]),
                f"{counts.get(answer['value'], 0):,}",
            )
            for answer in row["answers"]
        ),
    ]
    if answered(row):
        lines += [f"An empty cell: {_description('indicator_values', 'answers')}", "", *vocabulary]
    else:
        lines += [f"An empty cell: {_description('indicator_values', 'value')}", ""]
        latest = values.filter(pl.col("reference") == pl.col("reference").max())
        if latest.is_empty():
            latest = values
        lines += [
            table_row("places", "with a value", "lowest", "median", "highest"),
            table_row("---", "---:", "---:", "---:", "---:"),
        ]
        municipal = set(national.places.filter(pl.col("kind") != "prefecture")["lg_code"])
        for label, part in (
            ("municipalities 市区町村", latest.filter(pl.col("lg_code").is_in(municipal))),
            ("prefectures 都道府県", latest.filter(~pl.col("lg_code").is_in(municipal))),
        ):
            numbers = part["value"].drop_nulls()
            if numbers.is_empty():
                continue
            lines.append(
                table_row(
                    label,
                    f"{numbers.len():,}",
                    _number(numbers.min()),  # type: ignore[arg-type]
                    _number(numbers.median()),  # type: ignore[arg-type]
                    _number(numbers.max()),  # type: ignore[arg-type]
                )
            )
        if latest.height != values.height:
            lines += [
                "",
                f"At the latest reference date, {_dates(national, indicator_id, latest)}.",
            ]
        if row["answers"]:
            lines += [
                "",
                "What the source wrote instead of a number 数値の代わりの記載:",
                "",
                *vocabulary,
            ]
    cited = national.cited.filter(pl.col("indicator_id") == indicator_id)
    lines += [
        "",
        "## Sources 出典",
        "",
        "The indicator's own description is read from these places of its files (records "
        "and fields 0-based; see the [evidence forms](../../../codebook/index.md#evidence)):",
        "",
    ]
    for item in row["evidence"]:
        lines.append(
            f"- [{item['source_id']}](../datasets/{row['dataset']}.md#{item['source_id']}) "
            f"{where_cited(item)}: {md(item['quote'])}"
        )
    lines += ["", "Every value cites the cell it was read from; the files its values cite:", ""]
    for source_id, count in cited.select("source_id", "values").iter_rows():
        lines.append(
            f"- [{source_id}](../datasets/{row['dataset']}.md#{source_id}): {count:,} values"
        )
    lines += [
        "",
        f'In Python: `jpdx.indicator("{indicator_id}", version="{national.version}")` '
        "(one row per place and date, with the answers' labels).",
    ]
    return "\n".join(lines) + "\n"


def _distinct(frame: pl.DataFrame, column: str) -> str:
    found = frame[column].drop_nulls().unique().sort()
    return "; ".join(md(v) for v in found) if found.len() else "not stated"


def dataset_page(national: National, dataset: str) -> str:
    """One published dataset: its publisher, licence and provenance, and every file with
    its sha256."""
    files = national.files.filter(pl.col("dataset") == dataset)
    indicators = national.indicators.filter(pl.col("dataset") == dataset)
    urls = files["url"].drop_nulls().unique().sort()
    lines = [
        f"# {md(dataset)}",
        "",
        HEADER.format(what=f"release {national.version}"),
        "",
        f"A published dataset of release {national.version}: {files.height:,} files "
        f"(`sources` rows with `dataset` = `{dataset}`).",
        "",
        table_row("field 項目", "value 値"),
        table_row("---", "---"),
        table_row("publisher 発行者", _distinct(files, "publisher")),
        table_row("licence 利用条件", _distinct(files, "licence")),
        table_row("URL (as stated)", "; ".join(f"<{u}>" for u in urls) or "not stated"),
        table_row("copied from 取得元", _distinct(files, "retrieved_from")),
        table_row("kind 種類", _distinct(files, "kind")),
        "",
    ]
    if indicators.height:
        lines += [
            f"## Indicators 指標: {indicators.height}",
            "",
            ", ".join(
                _indicator_link(national, i, "../") + f" (`{i}`)"
                for i in indicators["indicator_id"]
            ),
            "",
        ]
    lines += [
        "## Files ファイル",
        "",
        "`file sha256` is the sha256 of the file's bytes as published; `text sha256` that of "
        "its decoded text, against which the cells' offsets are counted (empty for a file that "
        "is not text: a spreadsheet or a PDF).",
        "",
        table_row("source_id", "title", "date", "characters", "file sha256", "text sha256"),
        table_row("---", "---", "---", "---:", "---", "---"),
    ]
    for row in files.iter_rows(named=True):
        lines.append(
            table_row(
                f'<a id="{row["source_id"]}"></a>`{row["source_id"]}`',
                md(row["title"]),
                row["date"].isoformat() if row["date"] else "",
                f"{row['text_chars']:,}" if row["text_chars"] is not None else "",
                f"`{row['file_sha256']}`",
                f"`{row['text_sha256']}`" if row["text_sha256"] is not None else "",
            )
        )
    return "\n".join(lines) + "\n"


def _short(text: str | None) -> str:
    return NOT_PUBLISHED if text is None else md(text)


def prefecture_page(national: National, headline: Headline, prefecture: dict[str, Any]) -> str:
    """A prefecture and its municipalities, with the headline indicators at their latest date."""
    code = prefecture["prefecture_code"]
    places = national.places.filter(pl.col("prefecture_code") == code)
    kinds = (
        places.filter(pl.col("kind") != "prefecture")
        .group_by("kind")
        .len()
        .sort("len", "kind", descending=[True, False])
    )
    headers = []
    for indicator_id, frame in headline.frames.items():
        row = national.indicator(indicator_id)
        unit = f" ({md(row['unit'])})" if row["unit"] else ""
        dates = as_of(frame.filter(pl.col("lg_code").is_in(places["lg_code"].implode())))
        headers.append(f"{_indicator_link(national, indicator_id, '../')}{unit}, {md(dates)}")
    lines = [
        f"# {md(prefecture['name'])}: national indicators",
        "",
        HEADER.format(what=f"release {national.version}"),
        "",
        f"*{md(prefecture['romaji'])}* · 全国地方公共団体コード `{prefecture['lg_code']}` · "
        + ", ".join(f"{MunicipalityKind(k).ja} {n:,}" for k, n in kinds.rows())
        + f" · release {national.version}",
        "",
        "The prefecture's own row, then each municipality's (linked to its page), with six "
        "headline indicators at their latest date; every indicator's page has its definition "
        f"and sources. A blank cell is an empty cell of the published table; {NOT_PUBLISHED} "
        "means the table has no row for the place. In Python: "
        f'`jpdx.panel({list(headline.frames)!r}, level="municipality")`.',
        "",
        f"都道府県とその市区町村の主な指標(最新の基準日)。空欄は公表表の空欄、{NOT_PUBLISHED}は行なし。",
        "",
        "Columns: " + "; ".join(f"({i + 1}) {h}" for i, h in enumerate(headers)) + ".",
        "",
        "## Places 団体 { data-search-exclude }",
        "",
        table_row("place 団体", *(f"({i + 1})" for i in range(len(headers)))),
        table_row("---", *("---:" for _ in headers)),
    ]
    for place in places.iter_rows(named=True):
        lines.append(
            table_row(
                f"[{md(place['name'])}](../../places/{place['lg_code']}.md)",
                *(_short(headline.cell(place["lg_code"], i, short=True)) for i in headline.frames),
            )
        )
    return "\n".join(lines) + "\n"


def national_index(national: National) -> str:
    """The front page of the national data's catalog: datasets, indicators, prefectures."""
    lines = [
        "# National data catalog 全国データ目録",
        "",
        HEADER.format(what=f"release {national.version}"),
        "",
        f"The published datasets of release {national.version}, each with its files, licence "
        "and sha256; every indicator with its definition, unit, vocabulary and values; and "
        "every prefecture with its municipalities' headline indicators. How the tables are "
        "laid out: [national data](../../national.md).",
        "",
        "全国データの出典・指標・都道府県別一覧です。",
        "",
        "## Datasets 出典",
        "",
        table_row("dataset", "publisher", "files", "indicators"),
        table_row("---", "---", "---:", "---:"),
    ]
    for dataset in national.datasets():
        files = national.files.filter(pl.col("dataset") == dataset)
        count = national.indicators.filter(pl.col("dataset") == dataset).height
        lines.append(
            table_row(
                f"[{dataset}](datasets/{dataset}.md)",
                _distinct(files, "publisher"),
                f"{files.height:,}",
                f"{count:,}" if count else "",
            )
        )
    lines += [
        "",
        f"## Indicators 指標: {national.indicators.height}",
        "",
        table_row("indicator", "name 名称", "kind", "unit", "places"),
        table_row("---", "---", "---", "---", "---:"),
    ]
    places = dict(national.values.group_by("indicator_id").agg(pl.col("lg_code").n_unique()).rows())
    for row in national.indicators.sort("dataset", "indicator_id").iter_rows(named=True):
        name = row["name"] if len(row["name"]) <= 40 else row["name"][:39] + "…"
        lines.append(
            table_row(
                f"[{row['indicator_id']}](indicators/{row['indicator_id']}.md)",
                md(name),
                f"`{row['kind']}`",
                md(row["unit"] or ""),
                f"{places.get(row['indicator_id'], 0):,}",
            )
        )
    lines += ["", "## Prefectures 都道府県", ""]
    lines.append(
        " · ".join(
            f"[{md(p['name'])}](prefectures/{p['lg_code']}.md)"
            for p in national.prefectures().iter_rows(named=True)
        )
    )
    return "\n".join(lines) + "\n"


def national_pages(national: National, headline: Headline, maps: Maps | None) -> dict[str, bytes]:
    """Every file of the national catalog, by path under ``docs/``; with ``maps`` the
    indicator pages have a map."""
    files: dict[str, bytes] = {}
    pages = {f"{ROOT}/index.md": national_index(national)}
    for indicator_id in national.indicators["indicator_id"]:
        views, beside = indicator_views(national, indicator_id, maps)
        pages[f"{ROOT}/indicators/{indicator_id}.md"] = indicator_page(
            national, indicator_id, views
        )
        files.update({f"{ROOT}/indicators/{name}": data for name, data in beside.items()})
    for dataset in national.datasets():
        pages[f"{ROOT}/datasets/{dataset}.md"] = dataset_page(national, dataset)
    for prefecture in national.prefectures().iter_rows(named=True):
        pages[f"{ROOT}/prefectures/{prefecture['lg_code']}.md"] = prefecture_page(
            national, headline, prefecture
        )
    files.update({path: text.encode() for path, text in pages.items()})
    return files
