"""The open-data surveys of 2024 and 2020: every response re-derived from the raw files, the code
mapping proven, hand-checked answers, and corrupted copies refused with the place named."""

from __future__ import annotations

import collections
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from release_builder.national import opendata_surveys as od
from release_builder.national.cells import RawTableError, read_records

from jpdx import codes

from .national_helpers import (
    REFERENCE,
    copy_reference,
    master,
    placer,
    read_raw,
    write_records,
)

FILE_2024 = REFERENCE / od.SURVEY_2024_FILE
FILE_2020 = REFERENCE / od.SURVEY_2020_FILE
SUBMITTED_2024 = 1449
SUBMITTED_2020 = 1715


@pytest.fixture(scope="module")
def survey_2024() -> od.Survey:
    return od.read_survey_2024(REFERENCE, placer())


@pytest.fixture(scope="module")
def survey_2020() -> od.Survey:
    return od.read_survey_2020(REFERENCE, placer())


@pytest.fixture(scope="module")
def raw_2024() -> list[list[str]]:
    return read_raw(FILE_2024)


@pytest.fixture(scope="module")
def raw_2020() -> list[list[str]]:
    return read_raw(FILE_2020)


def _by(survey: od.Survey, lg_code: str, measure_id: str) -> od.Response:
    (response,) = (
        r for r in survey.responses if r.lg_code == lg_code and r.measure_id == measure_id
    )
    return response


# --- every body exactly once, codes proven ---------------------------------------------------


@pytest.mark.parametrize("year", [2024, 2020])
def test_every_master_body_answers_every_question_exactly_once(
    year: int, survey_2024: od.Survey, survey_2020: od.Survey
) -> None:
    survey = survey_2024 if year == 2024 else survey_2020
    expected = sorted(body.lg_code for body in master().bodies)
    assert len(expected) == 1788
    for question in survey.questions:
        found = sorted(r.lg_code for r in survey.responses if r.measure_id == question.measure_id)
        assert found == expected, question.measure_id
    assert len(survey.responses) == 1788 * len(survey.questions)


def test_2024_codes_agree_and_are_the_mic_codes_with_their_names(raw_2024: list[list[str]]) -> None:
    # The file lists the 1,788 bodies in MIC code order: row i is master body i.
    assert len(raw_2024) == 1789
    for body, record in zip(master().bodies, raw_2024[1:], strict=True):
        code5, code6 = body.lg_code[:5], body.lg_code
        assert codes.check_digit(code5) == code6[5]
        assert record[0] == str(int(code5))  # 5-digit code as an integer: 01000 -> 1000
        assert record[1] == str(int(code6))  # 6-digit code as an integer: 010006 -> 10006
        assert record[2] == body.full_name
        assert record[3] == body.prefecture
        assert record[4] == body.name or (code6, record[4]) == ("394050", "檮原町")


def test_2024_glyph_variant_is_reported(survey_2024: od.Survey) -> None:
    (variant,) = survey_2024.glyph_variants
    assert (variant.row, variant.column, variant.text, variant.row_header) == (
        1500,
        4,
        "檮原町",
        "394050",
    )
    assert _by(survey_2024, "394050", "submission-status").name_as_published == "高知県 梼原町"


def test_2020_codes_are_the_mic_codes_except_kanda(
    raw_2020: list[list[str]], survey_2020: od.Survey
) -> None:
    names = {body.lg_code: body.full_name for body in master().bodies}
    published = collections.Counter(record[0] for record in raw_2020[2:])
    assert len(raw_2020) == 1790
    assert [code for code, n in published.items() if n > 1] == ["132209"]
    assert set(names) - set(published) == {"406210"}
    mismatched = [
        (row, record[0], record[1])
        for row, record in enumerate(raw_2020[2:], start=2)
        if names[record[0]] != record[1]
    ]
    assert mismatched == [(1571, "132209", "福岡県 苅田町")]
    assert names["132209"] == "東京都 東大和市"
    assert names["406210"] == "福岡県 苅田町"
    (recode,) = survey_2020.recodes
    assert (recode.code_as_published, recode.lg_code, recode.cell.row) == ("132209", "406210", 1571)
    kanda = _by(survey_2020, "406210", "submission-status")
    assert (kanda.code_as_published, kanda.name_as_published) == ("132209", "福岡県 苅田町")
    higashiyamato = _by(survey_2020, "132209", "submission-status")
    assert (higashiyamato.cells[0].row, higashiyamato.name_as_published) == (717, "東京都 東大和市")
    assert survey_2020.glyph_variants == ()


# --- every observation re-derived from the raw files -----------------------------------------


def test_every_2024_observation_is_its_cell(
    survey_2024: od.Survey, raw_2024: list[list[str]]
) -> None:
    header = raw_2024[0]
    questions = {q.measure_id: q for q in survey_2024.questions}
    observations = survey_2024.observations()
    for obs in observations:
        cell = obs.cell
        record = raw_2024[cell.row]
        assert (record[cell.column], record[1], header[cell.column]) == (
            cell.text,
            cell.row_header,
            cell.column_header,
        )
        assert obs.measure == header[cell.column] == cell.column_header
        assert obs.value_text == cell.text
        assert obs.code_as_published == record[1]
        assert obs.name_as_published == record[2]
        assert obs.lg_code == record[1].zfill(6)
        assert obs.reference_date is None
        assert obs.value_number is None
        assert obs.dataset == "digital-agency-opendata-survey-2024"
    # Independently: each selected cell gives one observation per answer, or one when blank.
    by_label = {q.label: q for q in questions.values()}
    expected: collections.Counter[tuple[int, int, str | None]] = collections.Counter()
    for row, record in enumerate(raw_2024[1:], start=1):
        for column, label in enumerate(header):
            if label not in by_label:
                continue
            question = by_label[label]
            ids = {a.ja: a.id for a in question.answers}
            items = record[column].split(";") if question.multiple else [record[column]]
            for item in items if record[column] else [None]:
                answer = None if item is None else ids[re.sub(r"\t+$", "", item)]
                expected[(row, column, answer)] += 1
    assert collections.Counter(
        (o.cell.row, o.cell.column, o.value_answer) for o in observations
    ) == (expected)
    assert len(observations) == 24295


def test_every_2020_observation_is_its_cell(
    survey_2020: od.Survey, raw_2020: list[list[str]]
) -> None:
    headings, labels = raw_2020[0], raw_2020[1]
    observations = survey_2020.observations()
    first_of = {q.label: q.columns[0] for q in survey_2020.questions}
    for obs in observations:
        cell = obs.cell
        record = raw_2020[cell.row]
        header_row = 0 if cell.column == 2 else 1
        assert (record[cell.column], record[0], raw_2020[header_row][cell.column]) == (
            cell.text,
            cell.row_header,
            cell.column_header,
        )
        # The question is the nearest heading at or left of the cell.
        heading_column = max(c for c in range(cell.column + 1) if headings[c])
        assert obs.measure == headings[heading_column]
        assert first_of[obs.measure] == heading_column
        assert obs.value_text == cell.text
        assert (obs.code_as_published, obs.name_as_published) == (record[0], record[1])
    expected: collections.Counter[tuple[int, int, str | None]] = collections.Counter()
    for question in survey_2020.questions:
        answer_of = {a.ja: a.id for a in question.answers}
        for row, record in enumerate(raw_2020[2:], start=2):
            if question.measure_id == "submission-status":
                expected[(row, 2, answer_of[record[2]])] += 1
                continue
            marked = [c for c in question.columns if record[c] == "○"]
            for column in marked:
                expected[(row, column, answer_of[labels[column]])] += 1
            if not marked:
                assert all(record[c] == "" for c in question.columns)
                expected[(row, question.columns[0], None)] += 1
    assert collections.Counter(
        (o.cell.row, o.cell.column, o.value_answer) for o in observations
    ) == (expected)
    assert len(observations) == 28682


# --- definitions and vocabularies ------------------------------------------------------------


def test_definitions_are_the_question_texts_verbatim(
    survey_2024: od.Survey, survey_2020: od.Survey
) -> None:
    meta = read_raw(REFERENCE / od.SURVEY_2024_META)
    for question in survey_2024.questions:
        (column,) = question.columns
        assert question.definition == meta[column + 1][0] == question.label
    assert (
        survey_2024.question("engaged-in-open-data").definition
        == "Q3【回答対象：全団体】貴団体はオープンデータに取り組んでいますか？"
    )
    listed = read_raw(REFERENCE / od.SURVEY_2020_QUESTIONS)
    texts = [record[0] for record in listed[1:]]
    for question in survey_2020.questions:
        assert question.definition in texts
        assert question.label.rstrip("\n") == question.definition
    assert survey_2020.question("planned-start").definition.startswith(
        "[No.2]オープンデータの公開開始予定時期について、あてはまるものを１つ選択してください。\n\n\n"
        "※政府では、「世界最先端デジタル国家創造宣言・官民データ活用推進基本計画」"
    )
    assert (survey_2024.fiscal_year, survey_2024.reference_date) == (2024, None)
    assert (survey_2020.fiscal_year, survey_2020.reference_date) == (2020, None)


@pytest.mark.parametrize("year", [2024, 2020])
def test_vocabularies_are_closed_with_ascii_ids(
    year: int, survey_2024: od.Survey, survey_2020: od.Survey
) -> None:
    survey = survey_2024 if year == 2024 else survey_2020
    ids = [q.measure_id for q in survey.questions]
    assert len(set(ids)) == len(ids)
    for question in survey.questions:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", question.measure_id)
        assert question.name_en.isascii()
        answer_ids = [a.id for a in question.answers]
        assert len(set(answer_ids)) == len(answer_ids)
        assert len({a.ja for a in question.answers}) == len(answer_ids)
        for answer in question.answers:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", answer.id)
            assert answer.en
            assert answer.en.isascii()
            assert answer.ja == answer.ja.strip()


def test_2024_vocabularies_are_every_value_found_and_match_the_meta_listing(
    survey_2024: od.Survey, raw_2024: list[list[str]]
) -> None:
    meta = read_raw(REFERENCE / od.SURVEY_2024_META)
    for question in survey_2024.questions:
        (column,) = question.columns
        cells = [record[column] for record in raw_2024[1:] if record[column]]
        items = [i for c in cells for i in (c.split(";") if question.multiple else [c])]
        found = {re.sub(r"\t+$", "", item) for item in items}
        assert found == {a.ja for a in question.answers}, question.measure_id
        if meta[column + 1][1] == "true":  # the intermediary lists the values of closed columns
            listed = {v for v in meta[column + 1][2].split(";") if v}
            assert listed == found, question.measure_id
    counts = od.vocabulary_found(survey_2024)
    assert counts["engaged-in-open-data"] == {"engaged": 1232, "not_engaged": 217}
    assert counts["submission-status"] == {
        "submitted": 1449,
        "not_submitted": 183,
        "unconfirmed": 156,
    }
    assert counts["website-licence"]["cc_by_4_0"] == 133


def test_2020_vocabularies_are_the_declared_answers(
    survey_2020: od.Survey, raw_2020: list[list[str]]
) -> None:
    listed = read_raw(REFERENCE / od.SURVEY_2020_QUESTIONS)
    by_text = {record[0]: record for record in listed[1:]}
    for question in survey_2020.questions[1:]:
        declared = by_text[question.definition]
        n = int(declared[2])
        assert [a.ja for a in question.answers] == declared[3 : 3 + n]
        assert [raw_2020[1][c] for c in question.columns] == declared[3 : 3 + n]
        assert declared[1] == ("multiple" if question.multiple else "single")
    counts = od.vocabulary_found(survey_2020)
    assert counts["planned-start"]["already_publishing"] == 971
    assert counts["submission-status"] == {
        "submitted": 1715,
        "not_submitted": 51,
        "unconfirmed": 22,
    }


# --- blanks are None ---------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2024, 2020])
def test_bodies_that_did_not_submit_have_no_answers(
    year: int, survey_2024: od.Survey, survey_2020: od.Survey
) -> None:
    survey = survey_2024 if year == 2024 else survey_2020
    status = {r.lg_code: r.answers for r in survey.responses if r.measure_id == "submission-status"}
    not_submitted = {code for code, answers in status.items() if answers != ("submitted",)}
    assert len(not_submitted) == 1788 - (SUBMITTED_2024 if year == 2024 else SUBMITTED_2020)
    for response in survey.responses:
        if response.lg_code in not_submitted and response.measure_id != "submission-status":
            assert response.answers is None
            assert all(cell.text == "" for cell in response.cells)
    engaged = "engaged-in-open-data" if year == 2024 else "awareness"
    answered = [r for r in survey.responses if r.measure_id == engaged and r.answers is not None]
    assert {r.lg_code for r in answered} == set(status) - not_submitted


# --- facts checked by hand in the raw files ----------------------------------------------------


def test_hand_checked_2024_answers(survey_2024: od.Survey) -> None:
    hokkaido = {r.measure_id: r.answers for r in survey_2024.responses if r.lg_code == "010006"}
    assert hokkaido["submission-status"] == ("submitted",)
    assert hokkaido["awareness"] == ("know_well",)
    assert hokkaido["engaged-in-open-data"] == ("engaged",)
    assert hokkaido["planned-start"] is None
    assert hokkaido["file-count"] == ("from_1001_to_5000",)
    assert hokkaido["standard-datasets-published"] == (
        "evacuation_sites",
        "care_service_providers",
        "medical_institutions",
    )
    assert hokkaido["website-licence"] == ("cc_by_4_0",)
    assert hokkaido["metadata-published"] is None
    shimonoseki = _by(survey_2024, "352012", "standard-datasets-published")
    assert shimonoseki.answers == (
        "open_data_list",
        "care_service_providers",
        "food_business_permits",
    )
    assert (
        shimonoseki.cells[0].text
        == "オープンデータ一覧\t;介護サービス事業所一覧\t;食品等営業許可・届出一覧\t"
    )
    assert _by(survey_2024, "011002", "website-licence").answers == ("own_terms",)
    assert _by(survey_2024, "281000", "metadata-published").answers == ("yes",)
    yonaguni = {r.measure_id: r.answers for r in survey_2024.responses if r.lg_code == "473821"}
    assert yonaguni.pop("submission-status") == ("unconfirmed",)
    assert set(yonaguni.values()) == {None}
    assert _by(survey_2024, "406210", "engaged-in-open-data").code_as_published == "406210"


def test_hand_checked_2020_answers(survey_2020: od.Survey) -> None:
    hokkaido = {r.measure_id: r.answers for r in survey_2020.responses if r.lg_code == "010006"}
    assert hokkaido["planned-start"] == ("already_publishing",)
    assert hokkaido["publishing-channels"] == (
        "own_website",
        "prefecture_site",
        "private_site",
        "national_site",
    )
    assert hokkaido["recommended-datasets-published"] == ("none_conforming",)
    assert hokkaido["staffing"] == ("shared_one",)
    shimonoseki = _by(survey_2020, "352012", "recommended-datasets-published")
    assert len(shimonoseki.answers or ()) == 10
    assert [c.column_header for c in shimonoseki.cells][:2] == [
        "AED設置箇所一覧",
        "介護サービス事業所一覧",
    ]
    assert {c.text for c in shimonoseki.cells} == {"○"}
    kanda = {r.measure_id: r.answers for r in survey_2020.responses if r.lg_code == "406210"}
    assert kanda["publishing-channels"] == ("private_site",)
    assert kanda["api"] == ("api",)
    assert _by(survey_2020, "132209", "api").answers == ("no_api",)
    yonaguni = {r.measure_id: r.answers for r in survey_2020.responses if r.lg_code == "473821"}
    assert yonaguni["planned-start"] == ("not_planned",)
    assert yonaguni["awareness"] == ("know_without_details",)
    assert _by(survey_2020, "012190", "submission-status").answers == ("unconfirmed",)


# --- corrupted copies are refused, naming the place --------------------------------------------


Change = Callable[[list[list[str]]], object]


def _corrupt_2024(tmp_path: Path, change: Change) -> None:
    root = copy_reference(tmp_path, od.SURVEY_2024_DATASET)
    records = read_records(root / od.SURVEY_2024_FILE)
    change(records)
    write_records(root / od.SURVEY_2024_FILE, records)
    od.read_survey_2024(root, placer())


def test_the_unchanged_copy_reads(tmp_path: Path) -> None:
    root = copy_reference(tmp_path, od.SURVEY_2024_DATASET)
    records = read_records(root / od.SURVEY_2024_FILE)
    write_records(root / od.SURVEY_2024_FILE, records)  # rewritten by csv: same records
    assert len(od.read_survey_2024(root, placer()).responses) == 1788 * 12


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r[5].insert(3, "x"), r"row 5: 65 fields"),  # a shifted column
        (lambda r: r[0].__setitem__(8, "Q3 取組"), r"row 0 column 8"),  # a renamed label
        (
            lambda r: r.insert(3, list(r[2])),
            r"row 3: 北海道 札幌市 \(011002\) already placed by row 2",
        ),
        (lambda r: r[7].__setitem__(1, ""), r"row 7 column 1"),  # a blank code
        (lambda r: r[7].__setitem__(0, "1999"), r"row 7 column 0: 5-digit code"),
        (lambda r: r[9].__setitem__(2, "北海道 別の町"), r"row 9 column 2"),
        (lambda r: r[9].__setitem__(4, "別の町"), r"row 9 column 4"),
        (lambda r: r.pop(20), r"no row for 1 bodies"),
        (
            lambda r: r[1788].__setitem__(8, "取組んでいる"),
            r"row 1788 column 8: an answer from a body",
        ),
        (lambda r: r[2].__setitem__(8, "はい"), r"row 2 column 8: unknown answer 'はい'"),
        (lambda r: r[2].__setitem__(5, "提出"), r"row 2 column 5: unknown answer '提出'"),
        (
            lambda r: r[1].__setitem__(30, "公共施設一覧;公共施設一覧"),
            r"row 1 column 30: an answer is repeated",
        ),
        (lambda r: r[1].__setitem__(30, "公共施設一覧;"), r"row 1 column 30: unknown answer ''"),
        (
            lambda r: r[1].__setitem__(1, "10007"),
            r"row 1 column 1: '10007' is not a 6-digit code with its check digit",
        ),
    ],
)
def test_a_corrupted_2024_file_is_refused(tmp_path: Path, change: Change, message: str) -> None:
    with pytest.raises(RawTableError, match=message) as raised:
        _corrupt_2024(tmp_path, change)
    assert od.SURVEY_2024_FILE in str(raised.value)


def _corrupt_2020(tmp_path: Path, change: Change) -> None:
    root = copy_reference(tmp_path, od.SURVEY_2020_DATASET)
    records = read_records(root / od.SURVEY_2020_FILE)
    change(records)
    write_records(root / od.SURVEY_2020_FILE, records)
    od.read_survey_2020(root, placer())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r[5].append(""), r"row 5: 295 fields"),
        (lambda r: r[1].__setitem__(14, "県のサイト"), r"row 1 column 13: answer labels"),
        (lambda r: r[0].__setitem__(13, "[No.4]公開方法"), r"row 0 column 13: heading is not"),
        (lambda r: r.insert(4, list(r[3])), r"row 4: 青森県 \(020001\) already placed by row 3"),
        (lambda r: r[6].__setitem__(0, ""), r"row 6 column 0"),
        (
            lambda r: r[717].__setitem__(1, "東京都 武蔵野市"),
            r"row 717 column 1: '東京都 武蔵野市'",
        ),
        (lambda r: r[1571].__setitem__(1, "福岡県 苅田市"), r"row 1571 column 1"),
        (
            lambda r: r[717].__setitem__(1, "福岡県 苅田町"),
            r"row 1571: 福岡県 苅田町 \(406210\) already placed",
        ),
        (lambda r: r.pop(100), r"no row for 1 bodies"),
        (lambda r: r[2].__setitem__(4, "○"), r"row 2 column 3: 2 answers to a single-answer"),
        (lambda r: r[2].__setitem__(13, "x"), r"row 2 column 13: unexpected 'x'"),
        (lambda r: r[67].__setitem__(20, "○"), r"row 67 column 20: an answer from a body"),
        (lambda r: r[2].__setitem__(2, "提出"), r"row 2 column 2: unknown answer"),
    ],
)
def test_a_corrupted_2020_file_is_refused(tmp_path: Path, change: Change, message: str) -> None:
    with pytest.raises(RawTableError, match=message) as raised:
        _corrupt_2020(tmp_path, change)
    assert od.SURVEY_2020_FILE in str(raised.value)


def test_a_changed_questions_file_is_refused(tmp_path: Path) -> None:
    root = copy_reference(tmp_path, od.SURVEY_2020_DATASET)
    questions = read_records(root / od.SURVEY_2020_QUESTIONS)
    questions[8][3] = "公式サイトにページがある"
    write_records(root / od.SURVEY_2020_QUESTIONS, questions)
    with pytest.raises(
        RawTableError, match=r"r2_survey_answers.csv row 1 column 19: answer labels"
    ):
        od.read_survey_2020(root, placer())


def test_a_changed_meta_file_is_refused(tmp_path: Path) -> None:
    root = copy_reference(tmp_path, od.SURVEY_2024_DATASET)
    meta = read_records(root / od.SURVEY_2024_META)
    meta[9][0] = "Q3 貴団体はオープンデータに取り組んでいますか？"
    write_records(root / od.SURVEY_2024_META, meta)
    with pytest.raises(RawTableError, match=r"row 0 column 8: header .*meta\.csv row 9"):
        od.read_survey_2024(root, placer())


# --- property tests: any foreign answer anywhere is refused at its cell ------------------------

QUESTIONS_2024 = od.read_questions(REFERENCE, od.SURVEY_2024_DATASET)
QUESTIONS_2020 = od.read_questions(REFERENCE, od.SURVEY_2020_DATASET)
SELECTED_2024 = [column for column, _ in QUESTIONS_2024.specs]
SUBMITTED_ROWS_2024 = [
    row for row, record in enumerate(read_raw(FILE_2024)[1:], start=1) if record[5] == "提出済"
]


@settings(max_examples=40, deadline=None)
@given(
    row=st.sampled_from(SUBMITTED_ROWS_2024),
    column=st.sampled_from(SELECTED_2024),
    text=st.text(min_size=1, max_size=12).filter(lambda t: t.rstrip("\t") != "" and ";" not in t),
)
def test_any_unknown_2024_answer_is_named_by_row_and_column(
    raw_2024: list[list[str]], row: int, column: int, text: str
) -> None:
    spec = dict(QUESTIONS_2024.specs)[column]
    if text.rstrip("\t") in {a.ja for a in spec.answers}:
        return
    records: list[Sequence[str]] = list(raw_2024)
    records[row] = [*raw_2024[row][:column], text, *raw_2024[row][column + 1 :]]
    meta = read_raw(REFERENCE / od.SURVEY_2024_META)
    with pytest.raises(RawTableError, match=rf"row {row} column {column}: unknown answer"):
        od.parse_survey_2024(records, meta, placer(), QUESTIONS_2024)


ANSWER_COLUMNS_2020 = [
    column for column, label in enumerate(read_raw(FILE_2020)[1]) if label and column > 2
]


@settings(max_examples=25, deadline=None)
@given(
    row=st.integers(min_value=2, max_value=1789),
    column=st.sampled_from(ANSWER_COLUMNS_2020),
    text=st.text(min_size=1, max_size=4).filter(lambda t: t != "○"),
)
def test_any_foreign_2020_mark_is_named_by_row_and_column(
    raw_2020: list[list[str]], row: int, column: int, text: str
) -> None:
    records: list[Sequence[str]] = list(raw_2020)
    records[row] = [*raw_2020[row][:column], text, *raw_2020[row][column + 1 :]]
    questions = read_raw(REFERENCE / od.SURVEY_2020_QUESTIONS)
    with pytest.raises(RawTableError, match=rf"row {row} column {column}: unexpected"):
        od.parse_survey_2020(records, questions, placer(), QUESTIONS_2020)


@pytest.mark.parametrize(
    ("folder", "old", "new", "message"),
    [
        (
            od.SURVEY_2024_DATASET,
            'ja = "良く知っている"',
            'ja = "よく知っている"',
            "unknown answer '良く知っている'",
        ),
        (od.SURVEY_2024_DATASET, "column = 8", "column = 9", "row 0 column 9: expected"),
        (od.SURVEY_2020_DATASET, 'ja = "API有り"', 'ja = "APIあり"', "answers of '[No.22]"),
        (od.SURVEY_2020_DATASET, 'lg_code = "406210"', 'lg_code = "406201"', "is not 406201"),
        (
            od.SURVEY_2020_DATASET,
            "multiple = true",
            "multiple = 1",
            "multiple is 1, not true or false",
        ),
    ],
)
def test_a_changed_label_file_is_refused(
    tmp_path: Path, folder: str, old: str, new: str, message: str
) -> None:
    root = copy_reference(tmp_path, folder)
    labels = root / folder / od.LABELS_FILE
    text = labels.read_text(encoding="utf-8")
    assert old in text
    labels.write_text(text.replace(old, new, 1), encoding="utf-8")
    read = od.read_survey_2024 if folder == od.SURVEY_2024_DATASET else od.read_survey_2020
    with pytest.raises(RawTableError, match=re.escape(message)):
        read(root, placer())
