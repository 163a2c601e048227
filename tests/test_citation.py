"""Citation: CITATION.cff meets the CFF 1.2.0 schema and agrees with the package; jpdx.cite()
names the files it cites with their sha256, and its BibTeX parses."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, FormatChecker
from pybtex import format_from_string
from pybtex.database import parse_string

import jpdx
import jpdx.store
from jpdx.citation import AUTHOR, TITLE, cite
from jpdx.store import Store
from tests.test_cli import run

from .conftest import RELEASES

TABLES = jpdx.tables()  # the tables of the default release

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CFF_SCHEMA = Path(__file__).parent / "data" / "citation-file-format-1.2.0.schema.json"


def citation_file() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    return document


def cff_errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(CFF_SCHEMA.read_text("utf-8"))
    Draft7Validator.check_schema(schema)
    validator = Draft7Validator(schema, format_checker=FormatChecker())
    return [error.message for error in validator.iter_errors(document)]


# -- CITATION.cff --------------------------------------------------------------------------


def test_citation_file_meets_the_cff_schema() -> None:
    assert cff_errors(citation_file()) == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("authors", []),
        ("date-released", "23 November 2026"),
        ("type", "data set"),
        ("cff-version", "1.1.0"),
        ("licence", "MIT"),
    ],
)
def test_the_cff_schema_rejects_a_broken_citation_file(key: str, value: Any) -> None:
    document = citation_file()
    document[key] = value
    assert cff_errors(document)


def test_citation_file_agrees_with_the_package() -> None:
    document = citation_file()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert jpdx.__version__ == jpdx.versions()[-1]  # the package is its newest release
    # the citation file names the release a citation is of: the newest published one
    assert document["version"] == jpdx.store.bundled().default_version()
    assert document["title"] == TITLE
    assert [a["name"] for a in document["authors"]] == [AUTHOR]
    assert document["license"] == project["license"]
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    cited = document["version"]
    released = re.search(rf"^## \[{re.escape(cited)}\] — (\S+)$", changelog, re.M)
    assert released is not None
    assert dt.date.fromisoformat(document["date-released"]) == dt.date.fromisoformat(
        released.group(1)
    )


# -- jpdx.cite() ---------------------------------------------------------------------------


def test_cite_lists_what_this_session_read(copy_store: Store, newest: str) -> None:
    manifest = copy_store.manifest(newest).tables
    copy_store.frame("kpis")
    copy_store.frame("participant_counts")
    text = cite(copy_store)
    assert "Tables read in this session:" in text
    for table in TABLES:
        listed = manifest[table].sha256 in text
        assert listed == (table in ("kpis", "participant_counts"))
    line = next(line for line in text.splitlines() if line.strip().startswith("kpis"))
    assert line.split() == [
        "kpis", "release", newest, "rows", str(manifest["kpis"].rows),
        "sha256", manifest["kpis"].sha256,
    ]  # fmt: skip


def test_cite_before_any_read_lists_the_whole_release(copy_store: Store, newest: str) -> None:
    text = cite(copy_store)
    assert f"No table has been read in this session yet; the tables of release {newest}:" in text
    for entry in copy_store.manifest(newest).tables.values():
        assert entry.sha256 in text
    assert copy_store.reads() == ()


def test_bibtex_parses_and_names_every_cited_file(copy_store: Store, newest: str) -> None:
    copy_store.frame("participant_counts")
    bibtex = cite(copy_store, "bibtex")
    entries = parse_string(bibtex, "bibtex").entries
    assert len(entries) == 1
    key, entry = next(iter(entries.items()))
    assert key == f"jpdx_{newest.replace('.', '_')}"
    assert entry.type == "misc"
    assert entry.fields["title"] == f"{{{TITLE}}}"
    assert entry.fields["year"] == newest[:4]
    sha256 = copy_store.manifest(newest).tables["participant_counts"].sha256
    assert f"participant\\_counts {newest} sha256:{sha256}" in entry.fields["note"]
    for value in entry.fields.values():  # LaTeX would read a bare _ % & # $ as markup
        assert not re.search(r"(?<!\\)[_%&#$]", value), value
    rendered = format_from_string(bibtex, style="plain", output_backend="text")
    assert TITLE in rendered
    assert sha256 in rendered


def test_apa(copy_store: Store, newest: str) -> None:
    assert cite(copy_store, "apa") == (
        f"jpdx contributors. ({newest[:4]}). {TITLE} (Version {newest}) [Data set]. "
        f"Python package jpdx {jpdx.__version__}."
    )


@pytest.mark.parametrize("format", ["text", "bibtex", "apa"])
def test_cite_command(format: str, capsys: pytest.CaptureFixture[str], newest: str) -> None:
    status, out, err = run(capsys, "cite", "--format", format)
    assert status == 0
    assert err == ""
    assert newest in out
    if format == "bibtex":
        assert len(parse_string(out, "bibtex").entries) == 1


def test_a_place_lookup_is_a_read_of_the_municipalities_data(newest: str) -> None:
    # a fresh process: the lookup reads only the stored place index, no table file
    code = (
        "import jpdx; jpdx.municipality('下関市'); print(jpdx.cite()); "
        "print([m for m in ('polars',) if __import__('sys').modules.get(m)])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    manifest = Store(RELEASES).manifest(newest).tables
    assert "Tables read in this session:" in done.stdout
    cited = [line.split()[0] for line in done.stdout.splitlines() if "sha256" in line]
    assert cited == ["municipalities"]
    assert manifest["municipalities"].sha256 in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"  # still no polars: the index alone was read
