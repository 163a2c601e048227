"""Every row of the national tables of the newest release, re-derived from the vendored raw
files: each published file is a sources row with its sha256, each cited cell is where the
evidence says (its text and the headers of its row and column), and each value is what
its cell states. Independent of the import code: the files are read here with csv and json."""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from typing import Any

import polars as pl
import pytest
from release_builder.national import boundaries
from release_builder.national.tables import read_datasets

import jpdx

from .national_helpers import (
    NATIONAL,
    NEWEST,
    REFERENCE,
    Cited,
    cited_files,
    frame,
    read_raw,
    refind,
    vendored_files,
)


@pytest.fixture(scope="module")
def files() -> dict[str, Cited]:
    """Each published file as read by the tests, by the source_id that cites it."""
    return cited_files()


def test_every_cited_file_is_a_sources_row_with_licence_and_retrieval_facts() -> None:
    sources = frame("sources").filter(pl.col("dataset").is_not_null())
    # every vendored published file of each dataset the release imports, the surveys'
    # questions files included, but the MIC list (the municipalities' own source, in no
    # dataset's folder) and the boundaries (made into the release's lookup files, which no
    # row cites)
    folders = {d.folder: d.dataset for d in read_datasets(REFERENCE).values()}
    released = set(sources.get_column("dataset"))
    assert set(folders.values()) - released == {folders[boundaries.FOLDER]}
    expected = {
        sha
        for sha, path in vendored_files().items()
        if folders.get(path.relative_to(REFERENCE).parts[0]) in released
    }
    assert set(sources.get_column("file_sha256")) == expected
    assert sources.height == len(expected)
    assert sources.get_column("retrieved_from").null_count() == 0
    assert sources.get_column("licence").null_count() == 0
    documents = set(frame("sources").filter(pl.col("dataset").is_null()).get_column("source_id"))
    cited = {
        e["source_id"]
        for table in jpdx.tables(version=NEWEST)
        if table != "sources"  # a sources row cites its own file
        for evidence in frame(table).get_column("evidence").to_list()
        for e in evidence
    }
    assert cited - documents == set(sources.get_column("source_id"))  # a row per cited file


@pytest.mark.parametrize("table", NATIONAL)
def test_every_cited_cell_is_where_its_evidence_says(table: str, files: dict[str, Cited]) -> None:
    evidence = frame(table).get_column("evidence").to_list()
    cells = [cell for items in evidence for cell in items]
    assert cells
    for cell in cells:
        refind(cell, files)


def _number(text: str) -> float | None:
    # a bracketed number: 主要財政指標 FY2008 marks the 特別区' figures so
    text = text.strip().removesuffix("%").replace(",", "").removeprefix("(").removesuffix(")")
    try:
        return float(text)
    except ValueError:
        return None


def test_every_value_is_what_its_cell_states() -> None:
    values = frame("indicator_values")
    indicators = {r["indicator_id"]: r for r in frame("indicators").to_dicts()}
    wrong: list[Any] = []
    for row in values.iter_rows(named=True):
        indicator = indicators[row["indicator_id"]]
        quotes = [cell["quote"] for cell in row["evidence"]]
        if indicator["kind"] in ("percent", "count", "number"):
            stated = _number(quotes[0])
            if stated != row["value"]:  # an empty (or lone "%") cell is an empty value
                wrong.append((row["value_id"], quotes[0], row["value"]))
        elif row["evidence"][0].get("pointer") is not None:
            # an entry of a published list (a JSON array) states its item, the indicator's
            # subject: the one answer of the vocabulary, never another
            listed = [a["value"] for a in indicator["answers"]]
            if row["answers"] != listed or quotes[0] not in indicator["name"]:
                wrong.append((row["value_id"], quotes, row["answers"]))
        else:
            labels = {a["value"]: _fold(a["ja"]) for a in indicator["answers"]}
            cells = " ".join(_fold(q) for q in quotes) + " ".join(
                _fold(c["column_header"]) for c in row["evidence"]
            )
            for answer in row["answers"]:
                if labels[answer] not in cells:
                    wrong.append((row["value_id"], quotes, answer))
            if not row["answers"] and any(q.strip() for q in quotes if q.strip() != "○"):
                wrong.append((row["value_id"], quotes, "no answer"))
    assert wrong == []


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


LISTS = ("std-tokutei-", "fiscal-")
"""Indicators of a published list: only the bodies listed have a value (absence is no value);
and the fiscal indicators, whose files list the bodies of each year, former ones too."""


def test_each_place_has_one_value_per_indicator_and_snapshot() -> None:
    values = frame("indicator_values")
    keys = values.select("indicator_id", "lg_code", "snapshot", "as_of_fiscal_year")
    assert keys.is_duplicated().sum() == 0
    per_indicator: dict[str, set[str]] = defaultdict(set)
    for indicator, code in values.select("indicator_id", "lg_code").iter_rows():
        if not indicator.startswith(LISTS):
            per_indicator[indicator].add(code)
    assert all(len(codes) in (47, 1741, 1788) for codes in per_indicator.values()), {
        k: len(v) for k, v in per_indicator.items() if len(v) not in (47, 1741, 1788)
    }


QUESTION_FILES = {
    # dataset: (the answers file, the questions file that defines its columns)
    "digital-agency-opendata-survey-2024": (
        "20250210_resources_data_questionnaire_outline_04.csv",
        "20250210_resources_data_questionnaire_outline_04.meta.csv",
    ),
    "cio-portal-opendata-survey-2020": ("r2_survey_answers.csv", "r2_survey_questions.csv"),
}


@pytest.mark.parametrize("dataset", sorted(QUESTION_FILES))
def test_each_survey_definition_cites_its_question_in_the_questions_file(dataset: str) -> None:
    answers_name, questions_name = QUESTION_FILES[dataset]
    answers = read_raw(REFERENCE / dataset / answers_name)
    questions = read_raw(REFERENCE / dataset / questions_name)
    sources = frame("sources")
    source_of = {
        row["file_sha256"]: row for row in sources.iter_rows(named=True) if row["file_sha256"]
    }
    questions_row = source_of[
        hashlib.sha256((REFERENCE / dataset / questions_name).read_bytes()).hexdigest()
    ]
    answers_row = source_of[
        hashlib.sha256((REFERENCE / dataset / answers_name).read_bytes()).hexdigest()
    ]
    for fact in ("dataset", "publisher", "kind", "licence", "retrieved_from", "url"):
        assert questions_row[fact] == answers_row[fact], fact
    assert questions_row["dataset"] == dataset
    indicators = frame("indicators").filter(pl.col("dataset") == dataset)
    assert indicators.height > 0
    for row in indicators.iter_rows(named=True):
        first, definition = row["evidence"]  # the answers file's cell, then the question's
        assert first["source_id"] == answers_row["source_id"]
        assert definition["source_id"] == questions_row["source_id"]
        # the question the answers file heads the cited column with, found in the questions
        # file here: 2024 lists the columns in order (record n + 1 names column n); 2020 heads
        # each question's block of columns with its text, followed by line breaks
        if dataset == "digital-agency-opendata-survey-2024":
            heading = answers[0][first["column"]]
            expected_row = first["column"] + 1
        else:
            heading = next(
                answers[0][c] for c in range(first["column"], -1, -1) if answers[0][c]
            ).rstrip("\n")
            expected_row = [q[0] for q in questions].index(heading)
        assert (definition["row"], definition["column"]) == (expected_row, 0), row["indicator_id"]
        assert questions[expected_row][0] == heading == definition["quote"]
        assert definition["row_header"] == heading
        assert definition["column_header"] == questions[0][0]
        assert row["definition"] == " ".join(heading.split())
