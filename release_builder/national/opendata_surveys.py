"""The national open-data surveys: one response per body and selected question, cell by cell.

Two surveys of every prefecture and municipality (1,788 bodies each):

- 令和6年度 地方公共団体におけるオープンデータの取組に関するアンケート (デジタル庁, fiscal
  year 2024): one column per question, a multi-answer cell joins its answers with ``;``.
- 令和2年度 オープンデータ取組 survey (政府CIOポータル, fiscal year 2020): two header records
  (the question, then one answer label per column) and a ``○`` in the column of each answer
  chosen.

Every answer is read into a closed vocabulary (an ASCII id, the Japanese label as published and
an English rendering). A blank answer is ``None`` (never "no"), and so is every answer of a body
that did not submit. Neither survey file states a reference date, so ``reference_date`` is
``None``; the fiscal year of each survey is known from its title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from release_builder.national.cells import CellRef, Observation, RawTableError, read_records
from release_builder.national.importer import Context, Rows
from release_builder.national.labels import read_labels
from release_builder.national.mic_master import MasterBody
from release_builder.national.placing import Claims, Placer, name_matches
from release_builder.national.tables import Tables, row_id

SURVEY_2024_DATASET = "digital-agency-opendata-survey-2024"
SURVEY_2024_FILE = f"{SURVEY_2024_DATASET}/20250210_resources_data_questionnaire_outline_04.csv"
SURVEY_2024_META = (
    f"{SURVEY_2024_DATASET}/20250210_resources_data_questionnaire_outline_04.meta.csv"
)
SURVEY_2020_DATASET = "cio-portal-opendata-survey-2020"
SURVEY_2020_FILE = f"{SURVEY_2020_DATASET}/r2_survey_answers.csv"
SURVEY_2020_QUESTIONS = f"{SURVEY_2020_DATASET}/r2_survey_questions.csv"

LABELS_FILE = "questions.toml"
"""Each survey's label file: its questions, their English names and answer vocabularies."""

SUBMITTED = "提出済"
MARK = "○"
"""The 2020 file's mark of a chosen answer; an answer column holds it or nothing."""


@dataclass(frozen=True)
class Answer:
    """One value of a question's closed vocabulary."""

    id: str
    ja: str
    en: str


@dataclass(frozen=True)
class QuestionSpec:
    """A question the import reads: how its header starts, what it measures, its answers."""

    measure_id: str
    heading: str
    """2024: the column header in full; 2020: the first line of the question's header."""
    name_en: str
    multiple: bool
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Question:
    """A question as read: its label as published and its definition from the questions file."""

    measure_id: str
    label: str
    """The column header verbatim (the measure's label as published)."""
    definition: str
    """The question text verbatim from the survey's questions file."""
    name_en: str
    multiple: bool
    answers: tuple[Answer, ...]
    columns: tuple[int, ...]
    definition_cell: CellRef
    """The cell of the questions file that states the definition (its field 0: the 2024
    ``.meta.csv``'s ``name``, the 2020 questions file's ``question``)."""


@dataclass(frozen=True)
class Response:
    """One body's answer to one question: answer ids, or ``None`` when the answer is blank."""

    measure_id: str
    lg_code: str
    code_as_published: str
    name_as_published: str
    answers: tuple[str, ...] | None
    cells: tuple[CellRef, ...]
    """2024: the answer's cell. 2020: the cell of each chosen answer; the question's first
    cell when none is chosen (every cell of the question is then blank)."""


@dataclass(frozen=True)
class Recode:
    """A published code that is not the body's: the code is kept as published and mapped."""

    code_as_published: str
    lg_code: str
    name_as_published: str
    cell: CellRef
    reason: str


@dataclass(frozen=True)
class Survey:
    """One survey read: its questions, every response, and what the import corrected."""

    dataset: str
    fiscal_year: int
    reference_date: dt.date | None
    questions: tuple[Question, ...]
    responses: tuple[Response, ...]
    recodes: tuple[Recode, ...]
    glyph_variants: tuple[CellRef, ...]
    """Name cells that spell the body's name with another glyph than the MIC list."""

    def question(self, measure_id: str) -> Question:
        """The question with this measure id."""
        for question in self.questions:
            if question.measure_id == measure_id:
                return question
        raise KeyError(measure_id)

    def observations(self) -> tuple[Observation, ...]:
        """One observation per chosen answer (``value_answer`` its id), or one with
        ``value_answer=None`` for a blank answer; ``value_text`` is the cell verbatim."""
        labels = {question.measure_id: question.label for question in self.questions}
        observations = []
        for response in self.responses:
            answers: Sequence[str | None] = response.answers or (None,)
            # A 2024 cell holds every answer of its question; a 2020 answer has its own cell.
            cells = response.cells * len(answers) if len(response.cells) == 1 else response.cells
            for answer, cell in zip(answers, cells, strict=True):
                observations.append(
                    Observation(
                        dataset=self.dataset,
                        lg_code=response.lg_code,
                        code_as_published=response.code_as_published,
                        name_as_published=response.name_as_published,
                        measure=labels[response.measure_id],
                        reference_date=self.reference_date,
                        value_text=cell.text,
                        value_number=None,
                        value_answer=answer,
                        cell=cell,
                    )
                )
        return tuple(observations)


@dataclass(frozen=True)
class Questions:
    """The questions of one survey that the import reads, from the survey's label file."""

    specs: tuple[tuple[int | None, QuestionSpec], ...]
    """Each question with its column (2024) or None (2020: found by its heading)."""
    recodes: Mapping[tuple[str, str], tuple[str, str]]
    """(code as published, name as published): (the body's code, why) for the rows whose code
    is not the body's, mapped by name and prefecture."""

    @property
    def submission(self) -> tuple[Answer, ...]:
        """The answers of the submission status."""
        return next(s.answers for _, s in self.specs if s.measure_id == "submission-status")


def read_questions(reference_root: Path, folder: str) -> Questions:
    """The questions (and recodes) of a survey's label file ``<folder>/questions.toml``."""
    file = f"{folder}/{LABELS_FILE}"
    labels = read_labels(reference_root, file)
    try:
        specs = tuple(
            (
                q.get("column"),
                QuestionSpec(
                    q["measure_id"],
                    q["heading"],
                    q["name_en"],
                    q["multiple"],
                    tuple(Answer(a["id"], a["ja"], a["en"]) for a in q["answers"]),
                ),
            )
            for q in labels["questions"]
        )
        recodes = {
            (r["code_as_published"], r["name_as_published"]): (r["lg_code"], r["reason"])
            for r in labels.get("recodes", [])
        }
    except (KeyError, TypeError) as error:
        raise RawTableError(f"{file}: missing or malformed entry {error}") from error
    for _, spec in specs:
        if not isinstance(spec.multiple, bool):
            raise RawTableError(
                f"{file}: question {spec.measure_id!r}: multiple is {spec.multiple!r}, "
                "not true or false"
            )
    return Questions(specs, recodes)


LEADING_2024 = [
    "地方公共団体コード",
    "地方公共団体コード6桁",
    "地方公共団体名",
    "都道府県名",
    "都道府県名または市町村名",
]
WIDTH_2024 = 64
META_HEADER = ["name", "fixed", "values"]
LEADING_2020 = ["地方公共団体コード", "地方公共団体名", "提出状況"]
WIDTH_2020 = 294
QUESTIONS_FILE_HEADER = ["question", "type", "n_answers", *(f"answer_{k}" for k in range(1, 26))]


def _where(file: str, row: int, column: int | None = None) -> str:
    return f"{file} row {row}" + ("" if column is None else f" column {column}")


def _answer_id(item: str, answers: Sequence[Answer], where: str) -> str:
    """The id of one published answer. Trailing tabs are dropped: the 2024 form's answer labels
    carry them for some options (``文化財一覧\\t``); the cell keeps them verbatim."""
    label = item.rstrip("\t")
    for answer in answers:
        if answer.ja == label:
            return answer.id
    raise RawTableError(
        f"{where}: unknown answer {item!r}; expected one of {[a.ja for a in answers]}"
    )


def _parse_cell(text: str, spec: QuestionSpec, where: str) -> tuple[str, ...] | None:
    """The answer ids of a 2024 cell: ``None`` when blank, several when ``;``-joined."""
    if text == "":
        return None
    items = text.split(";") if spec.multiple else [text]
    ids = tuple(_answer_id(item, spec.answers, where) for item in items)
    if len(set(ids)) != len(ids):
        raise RawTableError(f"{where}: an answer is repeated in {text!r}")
    return ids


def _check_complete(claims: Claims, places: Placer) -> None:
    """Every body of the MIC list has a row."""
    missing = [f"{b.full_name} ({b.lg_code})" for b in claims.unclaimed(places.master.bodies)]
    if missing:
        raise RawTableError(f"{claims.file}: no row for {len(missing)} bodies: {missing[:10]}")


def read_survey_2024(reference_root: Path, places: Placer) -> Survey:
    """The 令和6年度 survey from its vendored files under ``reference_root``."""
    return parse_survey_2024(
        read_records(reference_root / SURVEY_2024_FILE),
        read_records(reference_root / SURVEY_2024_META),
        places,
        read_questions(reference_root, SURVEY_2024_DATASET),
    )


def parse_survey_2024(
    records: Sequence[Sequence[str]],
    meta: Sequence[Sequence[str]],
    places: Placer,
    selected: Questions,
) -> Survey:
    """The 令和6年度 survey from the records of its answers file and of its ``.meta.csv``,
    reading the ``selected`` questions."""
    columns = [(column, spec) for column, spec in selected.specs if column is not None]
    if len(columns) != len(selected.specs):
        raise RawTableError(f"{SURVEY_2024_DATASET}/{LABELS_FILE}: a question has no column")
    file = SURVEY_2024_FILE
    header = list(records[0]) if records else []
    if len(header) != WIDTH_2024 or header[: len(LEADING_2024)] != LEADING_2024:
        raise RawTableError(
            f"{_where(file, 0)}: unexpected header {header[:6]!r} ({len(header)} fields)"
        )
    if not meta or list(meta[0]) != META_HEADER:
        raise RawTableError(f"{_where(SURVEY_2024_META, 0)}: expected header {META_HEADER}")
    names = [record[0] if record else "" for record in meta[1:]]
    for column, (found, listed) in enumerate(zip(header, names, strict=False)):
        if found != listed:
            raise RawTableError(
                f"{_where(file, 0, column)}: header {found!r} is not the question listed in "
                f"{SURVEY_2024_META} row {column + 1} ({listed!r})"
            )
    if len(names) != WIDTH_2024:
        raise RawTableError(
            f"{SURVEY_2024_META}: lists {len(names)} columns, expected {WIDTH_2024}"
        )
    questions = []
    for column, spec in columns:
        if header[column] != spec.heading:
            raise RawTableError(
                f"{_where(file, 0, column)}: expected {spec.heading!r}, found {header[column]!r}"
            )
        questions.append(
            Question(
                spec.measure_id,
                header[column],
                names[column],
                spec.name_en,
                spec.multiple,
                spec.answers,
                (column,),
                CellRef(SURVEY_2024_META, column + 1, 0, names[column], names[column], meta[0][0]),
            )
        )
    claims = Claims(file)
    responses: list[Response] = []
    glyph_variants: list[CellRef] = []
    for row, record in enumerate(records[1:], start=1):
        if len(record) != WIDTH_2024:
            raise RawTableError(f"{_where(file, row)}: {len(record)} fields, expected {WIDTH_2024}")
        code5 = places.code(record[0], _where(file, row, 0), check_digit=False, zero="either")
        code6 = places.code(record[1], _where(file, row, 1), check_digit=True, zero="either")
        if code6 != code5:
            raise RawTableError(
                f"{_where(file, row, 0)}: 5-digit code {record[0]!r} disagrees with the "
                f"6-digit code {record[1]!r} in column 1"
            )
        body = places.body(code6, _where(file, row, 1))
        expected = (body.full_name, body.prefecture)
        for column, name in enumerate(expected, start=2):
            if record[column] != name:
                raise RawTableError(
                    f"{_where(file, row, column)}: {record[column]!r} is not {name!r} ({code6})"
                )
        if not name_matches(body, record[4]):
            raise RawTableError(
                f"{_where(file, row, 4)}: {record[4]!r} is not {body.name!r} ({code6})"
            )
        if record[4] != body.name:
            glyph_variants.append(CellRef(file, row, 4, record[4], record[1], header[4]))
        claims.claim(body, row)
        _answer_id(record[5], selected.submission, _where(file, row, 5))
        if record[5] != SUBMITTED:
            for column in range(6, WIDTH_2024):
                if record[column]:
                    raise RawTableError(
                        f"{_where(file, row, column)}: an answer from a body whose state is "
                        f"{record[5]!r}"
                    )
        for column, spec in columns:
            cell = CellRef(file, row, column, record[column], record[1], header[column])
            answers = _parse_cell(record[column], spec, _where(file, row, column))
            responses.append(
                Response(spec.measure_id, code6, record[1], record[2], answers, (cell,))
            )
    _check_complete(claims, places)
    return Survey(
        SURVEY_2024_DATASET,
        2024,
        None,
        tuple(questions),
        tuple(responses),
        (),
        tuple(glyph_variants),
    )


@dataclass(frozen=True)
class _Block:
    """The columns of one question of the 2020 file and its entry in the questions file."""

    first: int
    width: int
    label: str
    question: Sequence[str]
    row: int
    """The question's record in the questions file."""


def _blocks_2020(
    records: Sequence[Sequence[str]], questions: Sequence[Sequence[str]]
) -> list[_Block]:
    """The question blocks of the 2020 answers file, each checked against the questions file."""
    file = SURVEY_2020_FILE
    headings, labels = records[0], records[1]
    if len(headings) != WIDTH_2020 or len(labels) != WIDTH_2020:
        raise RawTableError(
            f"{_where(file, 0)}: header records of {len(headings)} and {len(labels)} fields"
        )
    if list(headings[:3]) != LEADING_2020:
        raise RawTableError(f"{_where(file, 0)}: unexpected leading headers {list(headings[:3])!r}")
    if not questions or list(questions[0]) != QUESTIONS_FILE_HEADER:
        raise RawTableError(f"{_where(SURVEY_2020_QUESTIONS, 0)}: unexpected header")
    starts = [column for column, heading in enumerate(headings) if heading]
    if len(starts) != len(questions) - 1:
        raise RawTableError(
            f"{file}: {len(starts)} questions in record 0, {len(questions) - 1} in {SURVEY_2020_QUESTIONS}"
        )
    blocks = []
    for number, (first, end) in enumerate(
        zip(starts, [*starts[1:], WIDTH_2020], strict=True), start=1
    ):
        question = questions[number]
        where = _where(SURVEY_2020_QUESTIONS, number)
        if len(question) < 2 or question[1] not in ("free", "single", "multiple"):
            raise RawTableError(f"{where}: unexpected question record {list(question[:3])!r}")
        if headings[first].rstrip("\n") != question[0]:
            raise RawTableError(f"{_where(file, 0, first)}: heading is not the question of {where}")
        width = end - first
        options = list(question[3 : 3 + width]) if question[1] != "free" else [""]
        declared = 1 if question[1] == "free" else int(question[2])
        if width != declared or list(labels[first:end]) != options or any(question[3 + width :]):
            raise RawTableError(
                f"{_where(file, 1, first)}: answer labels {list(labels[first:end])!r} are not those of {where}"
            )
        blocks.append(_Block(first, width, headings[first], question, number))
    return blocks


def _question_cell(block: _Block) -> CellRef:
    """The cell of the 2020 questions file that states a question's text (field 0)."""
    text = block.question[0]
    return CellRef(SURVEY_2020_QUESTIONS, block.row, 0, text, text, QUESTIONS_FILE_HEADER[0])


def read_survey_2020(reference_root: Path, places: Placer) -> Survey:
    """The 令和2年度 survey from its vendored files under ``reference_root``."""
    return parse_survey_2020(
        read_records(reference_root / SURVEY_2020_FILE),
        read_records(reference_root / SURVEY_2020_QUESTIONS),
        places,
        read_questions(reference_root, SURVEY_2020_DATASET),
    )


def _spec_blocks(
    blocks: Sequence[_Block], selected: Questions
) -> list[tuple[QuestionSpec, _Block]]:
    file = SURVEY_2020_FILE
    by_heading = {block.label.split("\n")[0]: block for block in blocks}
    found = []
    for _, spec in selected.specs:
        block = by_heading.get(spec.heading)
        if block is None:
            raise RawTableError(f"{_where(file, 0)}: no question headed {spec.heading!r}")
        kind = block.question[1]
        if spec.measure_id != "submission-status":
            if kind != ("multiple" if spec.multiple else "single"):
                raise RawTableError(f"{_where(file, 0, block.first)}: {spec.heading!r} is {kind}")
            if [a.ja for a in spec.answers] != list(block.question[3 : 3 + block.width]):
                raise RawTableError(
                    f"{_where(file, 1, block.first)}: answers of {spec.heading!r} are not the expected ones"
                )
        found.append((spec, block))
    return found


def _place_2020(
    places: Placer, record: Sequence[str], row: int, recodes: Questions
) -> tuple[MasterBody, Recode | None]:
    """The body of a 2020 row: by its code, or by name and prefecture for a known miskeyed row."""
    file = SURVEY_2020_FILE
    code = places.code(record[0], _where(file, row, 0), check_digit=True)
    body = places.body(code, _where(file, row, 0))
    name = record[1]
    if name == body.full_name or (
        not body.is_prefecture and name_matches(body, name.removeprefix(f"{body.prefecture} "))
    ):
        return body, None
    known = recodes.recodes.get((code, name))
    if known is None:
        raise RawTableError(f"{_where(file, row, 1)}: {name!r} is not {body.full_name!r} ({code})")
    target_code, reason = known
    prefecture, _, municipality = name.partition(" ")
    target = places.named(prefecture, municipality, _where(file, row, 1))
    if target.lg_code != target_code:
        raise RawTableError(
            f"{_where(file, row, 1)}: {name!r} is not {target_code} in the MIC list"
        )
    cell = CellRef(file, row, 0, code, code, LEADING_2020[0])
    return target, Recode(code, target.lg_code, name, cell, reason)


def parse_survey_2020(
    records: Sequence[Sequence[str]],
    questions: Sequence[Sequence[str]],
    places: Placer,
    selected: Questions,
) -> Survey:
    """The 令和2年度 survey from the records of its answers file and of its questions file,
    reading the ``selected`` questions."""
    file = SURVEY_2020_FILE
    if len(records) < 2:
        raise RawTableError(f"{file}: fewer than two header records")
    blocks = _blocks_2020(records, questions)
    chosen = _spec_blocks(blocks, selected)
    labels = records[1]
    answer_blocks = [block for block in blocks if block.question[1] != "free"]
    claims = Claims(file)
    responses: list[Response] = []
    recodes: list[Recode] = []
    glyph_variants: list[CellRef] = []
    for row, record in enumerate(records[2:], start=2):
        if len(record) != WIDTH_2020:
            raise RawTableError(f"{_where(file, row)}: {len(record)} fields, expected {WIDTH_2020}")
        body, recode = _place_2020(places, record, row, selected)
        if recode is not None:
            recodes.append(recode)
        elif record[1] != body.full_name:
            glyph_variants.append(CellRef(file, row, 1, record[1], record[0], LEADING_2020[1]))
        claims.claim(body, row)
        status = _answer_id(record[2], selected.submission, _where(file, row, 2))
        _check_marks(record, row, answer_blocks)
        if record[2] != SUBMITTED and any(record[3:]):
            column = next(c for c in range(3, WIDTH_2020) if record[c])
            raise RawTableError(
                f"{_where(file, row, column)}: an answer from a body whose state is {record[2]!r}"
            )
        responses.extend(_responses_2020(record, row, chosen, labels, body.lg_code, status))
    _check_complete(claims, places)
    questions_read = tuple(
        Question(
            spec.measure_id,
            block.label,
            block.question[0],
            spec.name_en,
            spec.multiple,
            spec.answers,
            tuple(range(block.first, block.first + block.width)),
            _question_cell(block),
        )
        for spec, block in chosen
    )
    return Survey(
        SURVEY_2020_DATASET,
        2020,
        None,
        questions_read,
        tuple(responses),
        tuple(recodes),
        tuple(glyph_variants),
    )


def _responses_2020(
    record: Sequence[str],
    row: int,
    selected: Sequence[tuple[QuestionSpec, _Block]],
    labels: Sequence[str],
    lg_code: str,
    status: str,
) -> list[Response]:
    """The responses of one row of the 2020 file: the chosen answers of each selected question."""

    def cell(column: int, header: str) -> CellRef:
        return CellRef(SURVEY_2020_FILE, row, column, record[column], record[0], header)

    responses = []
    for spec, block in selected:
        if spec.measure_id == "submission-status":
            cells: tuple[CellRef, ...] = (cell(2, LEADING_2020[2]),)
            answers: tuple[str, ...] | None = (status,)
        else:
            columns = range(block.first, block.first + block.width)
            chosen = [column for column in columns if record[column] == MARK]
            cells = tuple(cell(column, labels[column]) for column in chosen)
            cells = cells or (cell(block.first, labels[block.first]),)
            answers = tuple(spec.answers[column - block.first].id for column in chosen) or None
        responses.append(Response(spec.measure_id, lg_code, record[0], record[1], answers, cells))
    return responses


def _check_marks(record: Sequence[str], row: int, blocks: Sequence[_Block]) -> None:
    """Every answer column of the 2020 file holds ``○`` or nothing; a single-answer question
    has at most one ``○``."""
    for block in blocks:
        marks = 0
        for column in range(block.first, block.first + block.width):
            if record[column] not in ("", MARK):
                raise RawTableError(
                    f"{_where(SURVEY_2020_FILE, row, column)}: unexpected {record[column]!r}"
                )
            marks += record[column] == MARK
        if block.question[1] == "single" and marks > 1:
            raise RawTableError(
                f"{_where(SURVEY_2020_FILE, row, block.first)}: {marks} answers to a single-answer question"
            )


def vocabulary_found(survey: Survey) -> Mapping[str, Mapping[str, int]]:
    """Per question, how many responses chose each answer id (every id listed, zero included)."""
    counts: dict[str, dict[str, int]] = {
        question.measure_id: {answer.id: 0 for answer in question.answers}
        for question in survey.questions
    }
    for response in survey.responses:
        for answer in response.answers or ():
            counts[response.measure_id][answer] += 1
    return counts


class OpenDataSurvey:
    """The importer of one open-data survey: each body's answers to the chosen questions."""

    def __init__(self, folder: str, read: Callable[[Path, Placer], Survey], prefix: str) -> None:
        self.folder = folder
        self.read = read
        self.prefix = prefix

    def rows(self, context: Context) -> Rows:
        """One indicator per question read, one value per body and question."""
        tables = Tables(context.sources)
        survey = self.read(context.reference, context.places)
        first_cell: dict[str, CellRef] = {}
        for response in survey.responses:
            first_cell.setdefault(response.measure_id, response.cells[0])
        for question in survey.questions:
            tables.indicator(
                row_id(self.prefix, question.measure_id),
                context.dataset(self.folder),
                name=question.label,
                name_en=question.name_en,
                kind="answers" if question.multiple else "answer",
                definition=question.definition,
                cell=first_cell[question.measure_id],
                definition_cell=question.definition_cell,
                answers=[(a.id, a.ja, a.en) for a in question.answers],
            )
        for response in survey.responses:
            indicator_id = row_id(self.prefix, response.measure_id)
            tables.value(
                row_id(indicator_id, response.lg_code),
                {
                    "indicator_id": indicator_id,
                    "lg_code": response.lg_code,
                    "code_as_published": response.code_as_published,
                    "name_as_published": response.name_as_published,
                    "as_of_fiscal_year": survey.fiscal_year,
                    "answers": list(response.answers or ()),
                },
                response.cells,
            )
        return tables.rows()


SURVEY_2024: Final = OpenDataSurvey(SURVEY_2024_DATASET, read_survey_2024, "od2024")
SURVEY_2020: Final = OpenDataSurvey(SURVEY_2020_DATASET, read_survey_2020, "od2020")
