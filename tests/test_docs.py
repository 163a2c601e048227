"""The documentation site: generated pages are current, complete and render; examples run."""

from __future__ import annotations

import doctest
import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import polars as pl
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from release_builder import docs
from release_builder.docs.catalog import Catalog
from release_builder.docs.figure import FIGURE, programs_by_prefecture_and_field
from release_builder.docs.markdown import md

import jpdx
from jpdx.codebook import columns
from jpdx.store import bundled
from jpdx.tablespec import CURATED_TABLES, PRIMARY_KEYS, SPECS, TABLES

from .conftest import RELEASES, ROOT, stored_frame, table_path

DOCS = ROOT / "docs"
REGENERATE = "run `uv run python -m release_builder.docs` and commit the result"


@pytest.fixture(scope="module")
def generated() -> dict[str, bytes]:
    return docs.generate()


def test_committed_pages_match_a_fresh_generation(generated: dict[str, bytes]) -> None:
    on_disk = docs.existing(DOCS)
    missing = sorted(set(generated) - set(on_disk))
    stale = sorted(set(on_disk) - set(generated))
    differ = sorted(p for p in set(generated) & set(on_disk) if generated[p] != on_disk[p])
    assert not missing, f"generated docs are missing ({REGENERATE}): {missing}"
    assert not stale, f"generated docs are stale ({REGENERATE}): {stale}"
    assert not differ, f"generated docs are out of date ({REGENERATE}): {differ}"


def test_write_updates_changed_files_and_removes_stale_ones(
    tmp_path: Path, generated: dict[str, bytes]
) -> None:
    assert docs.write(tmp_path, generated) == sorted(generated)
    assert docs.existing(tmp_path) == generated
    assert docs.write(tmp_path, generated) == []
    stale = tmp_path / "catalog" / "places" / "999999.md"
    stale.write_text("left over from an older release")
    edited = tmp_path / "codebook" / "kpis.md"
    edited.write_text("edited by hand")
    (tmp_path / "curation.md").write_text("not generated: never touched")
    assert docs.write(tmp_path, generated) == ["catalog/places/999999.md", "codebook/kpis.md"]
    assert not stale.exists()
    assert edited.read_bytes() == generated["codebook/kpis.md"]
    assert (tmp_path / "curation.md").read_text() == "not generated: never touched"


@pytest.mark.parametrize("table", TABLES)
def test_codebook_page_documents_every_field_and_vocabulary(
    table: str, generated: dict[str, bytes]
) -> None:
    page = generated[f"codebook/{table}.md"].decode()
    model = SPECS[table].model
    assert f"`{PRIMARY_KEYS[table]}`" in page
    for name, field in model.model_fields.items():
        row = next((line for line in page.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, f"{table}.{name} has no row in the codebook"
        extra = field.json_schema_extra
        assert isinstance(extra, dict)
        assert md(field.description) in row
        assert md(extra["description_ja"]) in row
        assert ("| yes |" in row) == _nullable(table, name)
    for column in columns(table):
        if column.vocabulary is None:
            continue
        for member in column.vocabulary:
            assert f"| `{member.value}` | {md(member.ja)} | {md(member.en)} |" in page


def _nullable(table: str, column: str) -> bool:
    """Whether the model's JSON Schema lets the column be null."""
    schema = SPECS[table].model.model_json_schema()["properties"][column]
    return any(option.get("type") == "null" for option in schema.get("anyOf", []))


def test_catalog_lists_every_record_with_its_quotes_on_each_source_page(
    generated: dict[str, bytes],
) -> None:
    # the curated documents; the published tables' files are documented on the national page
    documents = jpdx.load("sources").filter(pl.col("dataset").is_null())
    sources = documents["source_id"].to_list()
    assert len(sources) == 5
    assert {f"catalog/sources/{s}.md" for s in sources} <= set(generated)
    for table in CURATED_TABLES:
        key = PRIMARY_KEYS[table]
        frame = documents if table == "sources" else jpdx.load(table)
        for row in frame.select(key, "evidence").iter_rows(named=True):
            # a record of a published list (programs of 夏のDigi田甲子園) cites its cells, not
            # a document: it is in the national catalog, not on a document's page
            for item in (e for e in row["evidence"] if e["source_id"] in sources):
                page = generated[f"catalog/sources/{item['source_id']}.md"].decode()
                assert f"{{#{table}-{row[key]}}}" in page
                quote = html.escape(item["quote"]).replace("\n", "&#10;")
                assert f'<blockquote class="evidence">{quote}</blockquote>' in page


def test_catalog_has_a_page_for_every_place_and_every_place_with_records(
    generated: dict[str, bytes],
) -> None:
    """Every prefecture and municipality has a page (wards are listed on their city's), and
    so has every place, ward or not, with curated records (records that cite a document;
    the programs of a published list cite its cells)."""
    documents = jpdx.load("sources").filter(pl.col("dataset").is_null())["source_id"]
    programs = jpdx.load("programs").filter(
        pl.col("evidence")
        .list.eval(pl.element().struct.field("source_id").is_in(documents))
        .list.any()
    )
    kpis = jpdx.load("kpis").join(programs.select("program_id", "lg_code"), on="program_id")
    places = set(programs["lg_code"].drop_nulls()) | set(kpis["lg_code"].drop_nulls())
    for table in ("sources", "organizations", "procedures"):
        places |= set(jpdx.load(table)["lg_code"].drop_nulls())
    municipalities = jpdx.load("municipalities")
    places |= set(municipalities.filter(pl.col("kind") != "ward")["lg_code"])
    pages = {p for p in generated if p.startswith("catalog/places/")}
    assert pages == {f"catalog/places/{code}.md" for code in places}
    for code in programs["lg_code"].drop_nulls().unique():
        page = generated[f"catalog/places/{code}.md"].decode()
        for program_id in programs.filter(pl.col("lg_code") == code)["program_id"]:
            assert f"{{#programs-{program_id}}}" in page
    for ward in municipalities.filter(pl.col("kind") == "ward").iter_rows(named=True):
        page = generated[f"catalog/places/{ward['city_lg_code']}.md"].decode()
        assert f"| {md(ward['name'])} | {md(ward['kana'])} | {md(ward['romaji'])} |" in page


def test_figure_is_svg_and_counts_every_program_field(generated: dict[str, bytes]) -> None:
    """Every field of every program that is carried out counts once; plans, their structure,
    policy documents and laws do not count (伊豆の国市's plan is not 静岡県's bar)."""
    root = ET.fromstring(generated[FIGURE])
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    structure = ["plan", "basic_goal", "pillar", "priority_action", "policy_document", "law"]
    documents = jpdx.load("sources").filter(pl.col("dataset").is_null())["source_id"]
    cites_a_document = (
        pl.col("evidence")
        .list.eval(pl.element().struct.field("source_id").is_in(documents))
        .list.any()
    )  # the figure counts the records curated from documents
    programs = jpdx.load("programs").filter(~pl.col("kind").is_in(structure), cites_a_document)
    _, fields, counts = programs_by_prefecture_and_field(Catalog.of(bundled()))
    assert sum(map(sum, counts)) == programs["fields"].list.len().sum()
    per_field = programs.explode("fields").group_by("fields").len()
    expected = dict(zip(per_field["fields"], per_field["len"], strict=True))
    assert {f.value: sum(row) for f, row in zip(fields, counts, strict=True)} == expected


def test_releases_page_lists_every_file_hash() -> None:
    page = (DOCS / "releases.md").read_text()
    index = json.loads((RELEASES / "index.json").read_text())
    for version in index["releases"]:
        manifest = json.loads((RELEASES / version / "manifest.json").read_text())
        for entry in manifest["tables"].values():
            parts = entry.get("parts", [entry])  # a table in parts: each part's, joined by +
            assert f"`{'+'.join(part['sha256'] for part in parts)}`" in page


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of the site."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        settings[name] = options
    return markdown.Markdown(extensions=names, extension_configs=settings)


SITE_MARKDOWN = _site_markdown()


@given(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), max_size=40))
def test_md_renders_any_text_literally(text: str) -> None:
    rendered = SITE_MARKDOWN.reset().convert(f"x {md(text)} x")
    match = re.fullmatch(r"<p>(.*)</p>", rendered, re.S)
    assert match is not None, rendered
    assert html.unescape(match.group(1)) == f"x {text} x".strip()


def _blocks(page: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", page.read_text(), re.S)


@pytest.mark.parametrize("page", ["quickstart.md", "versions.md"])
def test_doctest_examples_in_pages_hold(page: str) -> None:
    examples = "\n".join(_blocks(DOCS / page, "pycon"))
    assert examples
    test = doctest.DocTestParser().get_doctest(examples, {}, page, str(DOCS / page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0


def test_home_page_example_runs() -> None:
    (example,) = _blocks(DOCS / "index.md", "python")
    namespace: dict[str, object] = {}
    exec(compile(example, "docs/index.md", "exec"), namespace)
    release = namespace["RELEASE"]
    assert isinstance(release, str)
    assert namespace["programs"].height == jpdx.load("programs", version=release).height  # type: ignore[attr-defined]


def test_nav_lists_a_codebook_page_per_table_and_only_existing_pages() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())

    def paths(nav: object) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        if isinstance(nav, list):
            return [p for item in nav for p in paths(item)]
        assert isinstance(nav, dict)
        return [p for value in nav.values() for p in paths(value)]

    listed = paths(config["nav"])
    assert {f"codebook/{t}.md" for t in TABLES} <= set(listed)
    assert all((DOCS / p).is_file() for p in listed)


def test_site_builds_strict_and_offline(tmp_path: Path) -> None:
    """The whole site builds in this process, where every network connection is refused."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    assert config["strict"]
    build(config)
    changelog = (tmp_path / "changelog.html").read_text()
    for release in re.findall(r"^## \[(.+?)\]", (ROOT / "CHANGELOG.md").read_text(), re.M):
        assert release in changelog
    api = (tmp_path / "api.html").read_text()
    for name in ("load", "records", "query", "cite", "diff"):
        assert f'id="jpdx.{name}"' in api
    catalog = (tmp_path / "catalog" / "index.html").read_text()
    assert "programs-by-prefecture-and-field.svg" in catalog
    assert (tmp_path / "catalog" / "programs-by-prefecture-and-field.svg").is_file()
    notebook = (tmp_path / "examples" / "quickstart.html").read_text()
    assert "jpdx.cite()" in notebook


def _default_parquet(table: str) -> pl.DataFrame:
    """A table of the default release, read with bare polars from its file."""
    return stored_frame(RELEASES, bundled().default_version(), table)


def test_national_catalog_has_a_page_per_indicator_dataset_and_prefecture(
    generated: dict[str, bytes],
) -> None:
    indicators = _default_parquet("indicators")["indicator_id"]
    datasets = _default_parquet("sources")["dataset"].drop_nulls().unique()
    places = _default_parquet("municipalities")
    prefectures = places.filter(pl.col("kind") == "prefecture")["lg_code"]
    root = "catalog/national"
    expected = {f"{root}/index.md"}
    expected |= {f"{root}/indicators/{i}.md" for i in indicators}
    expected |= {f"{root}/datasets/{d}.md" for d in datasets}
    expected |= {f"{root}/prefectures/{code}.md" for code in prefectures}
    assert {p for p in generated if p.startswith(f"{root}/")} == expected
    # a page per indicator, dataset and prefecture, none per municipality
    assert len(expected) < places.height
    index = generated[f"{root}/index.md"].decode()
    for page in expected - {f"{root}/index.md"}:
        assert f"]({page.removeprefix(root + '/')})" in index


def test_indicator_pages_give_definition_unit_vocabulary_and_empty_cells(
    generated: dict[str, bytes],
) -> None:
    values = _default_parquet("indicator_values")
    empty = (
        values.filter(pl.col("value").is_null() & (pl.col("answers").list.len() == 0))
        .group_by("indicator_id")
        .len()
    )
    empties = dict(empty.rows())
    counts = dict(values.group_by("indicator_id").len().rows())
    columns_ = {c.name: c for c in columns("indicator_values")}
    for row in _default_parquet("indicators").iter_rows(named=True):
        page = generated[f"catalog/national/indicators/{row['indicator_id']}.md"].decode()
        assert page.startswith(f"# {md(row['name_en'])}\n")
        assert f"| name 名称 | {md(row['name'])} |" in page
        if row["unit"]:
            assert f"| unit 単位 | {md(row['unit'])} |" in page
        if row["definition"]:
            assert f"| definition 定義 | {md(row['definition'])} |" in page
        assert f"{counts[row['indicator_id']]:,} values for " in page
        assert f"empty cells: {empties.get(row['indicator_id'], 0):,}." in page
        answered = row["kind"] in ("answer", "answers")  # a number's vocabulary is no answer
        meaning = columns_["answers" if answered else "value"].description_en
        assert f"An empty cell: {md(meaning)}" in page
        for answer in row["answers"]:
            assert f"| `{answer['value']}` | {md(answer['ja'])} | {md(answer['en'])} |" in page
        for item in row["evidence"]:
            assert f"[{item['source_id']}](../datasets/" in page


def test_dataset_pages_give_publisher_licence_and_every_file_sha256(
    generated: dict[str, bytes],
) -> None:
    files = _default_parquet("sources").filter(pl.col("dataset").is_not_null())
    for row in files.iter_rows(named=True):
        page = generated[f"catalog/national/datasets/{row['dataset']}.md"].decode()
        assert f"| publisher 発行者 | {md(row['publisher'])} |" in page
        assert md(row["licence"]) in page
        file_row = next(line for line in page.splitlines() if f'id="{row["source_id"]}"' in line)
        assert f"`{row['file_sha256']}`" in file_row
        if row["text_sha256"] is None:  # a spreadsheet or a PDF: no text hash, no characters
            assert file_row.endswith("|  |")
        else:
            assert f"`{row['text_sha256']}`" in file_row


def test_prefecture_pages_list_every_place_with_its_card_rate_and_cio_answer(
    generated: dict[str, bytes],
) -> None:
    places = _default_parquet("municipalities")
    values = _default_parquet("indicator_values")
    rate = values.filter(pl.col("indicator_id") == "card-rate")
    rate = rate.filter(pl.col("snapshot") == rate["snapshot"].max())
    rates = dict(rate.select("lg_code", "value").rows())
    cio = values.filter(pl.col("indicator_id") == "dx-cio-appointed")
    answers = dict(cio.select("lg_code", pl.col("answers").list.first()).rows())
    vocabulary = _default_parquet("indicators").filter(
        pl.col("indicator_id") == "dx-cio-appointed"
    )["answers"][0]
    labels = {a["value"]: a["ja"] for a in vocabulary}
    for prefecture in places.filter(pl.col("kind") == "prefecture").iter_rows(named=True):
        page = generated[f"catalog/national/prefectures/{prefecture['lg_code']}.md"].decode()
        rows = {
            match[1]: [c.strip() for c in line.strip("|").split("|")]
            for line in page.splitlines()
            if (match := re.match(r"\| \[\S+\]\(\.\./\.\./places/(\d{6})\.md\) \|", line))
        }
        members = places.filter(
            pl.col("prefecture_code") == prefecture["prefecture_code"],
            pl.col("kind") != "ward",  # wards have no figures in the published tables
        )
        assert set(rows) == set(members["lg_code"])
        for code, cells in rows.items():
            expected = rates.get(code)
            shown = "" if expected is None else f"{expected:,}".removesuffix(".0") + "%"
            assert cells[1] == shown, (code, cells)
            assert cells[4] == (labels[answers[code]] if code in answers else "–"), (code, cells)


def test_national_page_duckdb_query_runs_on_a_parquet_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    page = (DOCS / "national.md").read_text()
    (command,) = [b for b in _blocks(DOCS / "national.md", "bash") if "jpdx export" in b]
    version = re.search(r"--version (\S+)", command)
    assert version is not None
    (query,) = _blocks(DOCS / "national.md", "sql")
    assert "'jpdx-data/indicator_values.parquet'" in query
    jpdx.export(tmp_path / "jpdx-data", format="parquet", version=version[1])
    monkeypatch.chdir(tmp_path)
    relation = duckdb.sql(query)
    assert relation is not None
    rows = relation.fetchall()
    # the same with bare polars on the release's files
    places = pl.read_parquet(table_path(RELEASES, version[1], "municipalities"))
    values = pl.read_parquet(table_path(RELEASES, version[1], "indicator_values"))
    answer = pl.col("answers").list.first()
    yes = pl.when(answer == "implemented").then(1.0).when(answer == "not-implemented").then(0.0)
    expected = (
        values.filter(pl.col("indicator_id") == "dx-cio-appointed")
        .join(places.filter(pl.col("kind") != "prefecture"), on="lg_code")
        .group_by("prefecture_code", "prefecture")
        .agg(
            yes.count().alias("answered"),
            yes.null_count().alias("not_answered"),
            (100 * yes.mean()).alias("share"),
        )
        .sort("prefecture_code")
    )
    assert len(rows) == expected.height == 47
    for row, want in zip(rows, expected.iter_rows(), strict=True):
        assert row[:4] == want[:4]
        assert row[4] == pytest.approx(want[4], abs=0.05)
    ishikawa = next(row for row in rows if row[1] == "石川県")
    assert (ishikawa[2], ishikawa[3], ishikawa[4]) == (11, 8, 81.8)
    assert "jpdx export" in page
