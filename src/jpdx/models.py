"""The record models: one frozen pydantic model per table.

These classes define the columns of every table (the descriptors of
:mod:`jpdx.tablespec` name them): the polars schema (:mod:`jpdx.schema`), the codebook
and the JSON Schema are derived from them. Each field carries an English ``description``
and a Japanese one under ``json_schema_extra["description_ja"]``.

A change that only adds optional fields, tables or enum values keeps
:data:`SCHEMA_VERSION`; removing or retyping a field, or removing an enum value, is a
breaking change and bumps it (see :mod:`jpdx.recordsets`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)

from jpdx.dates import fiscal_year_of
from jpdx.enums import (
    ChangeKind,
    Channel,
    DatePrecision,
    Direction,
    IndicatorKind,
    OrganizationKind,
    ParticipantCategory,
    PolicyField,
    ProcedureType,
    ProgramCategory,
    ProgramKind,
    Qualifier,
    SourceKind,
    Status,
)
from jpdx.model_base import (
    SCHEMA_VERSION,
    AnyEvidence,
    CellEvidence,
    CellEvidenceList,
    CitationList,
    Evidence,
    EvidenceList,
    FieldName,
    FiscalYear,
    JsonEvidence,
    LgCode,
    PageEvidence,
    Record,
    Sha256,
    Slug,
    Text,
    Url,
    documented,
)
from jpdx.place_model import Municipality

__all__ = [
    "KPI",
    "SCHEMA_VERSION",
    "AnswerOption",
    "AnyEvidence",
    "CellEvidence",
    "CitationList",
    "CodeChange",
    "CuratedRecord",
    "Evidence",
    "EvidenceList",
    "FormerMunicipality",
    "Indicator",
    "IndicatorValue",
    "JsonEvidence",
    "Municipality",
    "Organization",
    "PageEvidence",
    "ParticipantCount",
    "Procedure",
    "Program",
    "Record",
    "Slug",
    "Source",
    "Text",
    "documented",
]  # fmt: skip

_NOT_INFERABLE = frozenset({"evidence", "inferred", "curation_note"})


class CuratedRecord(Record):
    """Base of the records curated from documents: which fields the curator inferred.

    ``inferred`` names fields of the record whose values the document does not state but
    the curator concluded from it (a KPI's direction, a budget year taken as the start
    year, a report dated by its first visit); ``curation_note`` says how. A named field
    must be one of the model's own fields other than its key (``key_field``), the
    evidence, ``inferred`` and the note; its value must not be empty; and a record with
    an inferred field needs a note.
    """

    key_field: ClassVar[str]

    @model_validator(mode="after")
    def _inferred_fields_explained(self) -> CuratedRecord:
        inferred = getattr(self, "inferred", ())
        allowed = set(type(self).model_fields) - _NOT_INFERABLE - {self.key_field}
        for name in inferred:
            if name not in allowed:
                raise ValueError(
                    f"inferred names {name!r}, which is not a field whose value can be "
                    f"inferred; choose from {sorted(allowed)}"
                )
            if getattr(self, name) in (None, ()):
                raise ValueError(f"inferred names {name!r}, but {name} is empty")
        if len(set(inferred)) != len(inferred):
            raise ValueError(f"inferred names a field twice: {list(inferred)}")
        if inferred and getattr(self, "curation_note", None) is None:
            raise ValueError(
                f"{', '.join(inferred)} are marked inferred, so curation_note must say how"
            )
        return self


def inferred_field() -> Any:
    """The ``inferred`` field of a curated model (the same on every one)."""
    return documented(
        "Fields of this record whose values the curator inferred rather than read in the "
        "document (a KPI's direction, a budget year used as a start year …); curation_note "
        "says how. The other fields are stated by the evidence; English renderings and the "
        "classification into the vocabularies (kind, fields, category) are the curator's "
        "reading, listed only where they assert what the document does not say.",
        "資料に明記されておらず、作成者が資料から推定した値のフィールド名(KPIの方向、予算年度を開始年度とした"
        "場合など)。推定の根拠は curation_note に記す。その他の値は根拠の引用に記載されている。英訳と語彙への"
        "分類(kind・fields・category)は作成者の読みであり、資料にない事実を表す場合に限り挙げる。",
        default=(),
    )


def curation_note_field() -> Any:
    """The ``curation_note`` field of a curated model."""
    return documented(
        "The curator's note: how inferred values were reached and the judgment calls made "
        "in reading the document.",
        "作成者の注記(推定値の根拠、資料の読み方の判断)。",
        default=None,
    )


def _check_date(
    record: BaseModel, date_field: str, precision_field: str, fiscal_field: str | None
) -> None:
    day = getattr(record, date_field)
    precision = getattr(record, precision_field)
    if (day is None) != (precision is None):
        raise ValueError(f"{date_field} and {precision_field} must be given together")
    if day is None or precision is None:
        return
    if precision is DatePrecision.month and day.day != 1:
        raise ValueError(f"{date_field} has month precision, so it must be the 1st of the month")
    if precision is DatePrecision.year and (day.month, day.day) != (1, 1):
        raise ValueError(f"{date_field} has year precision, so it must be 1 January")
    stated_year = getattr(record, fiscal_field) if fiscal_field else None
    if stated_year is None:
        return
    possible = (
        {day.year - 1, day.year} if precision is DatePrecision.year else {fiscal_year_of(day)}
    )
    if stated_year not in possible:
        raise ValueError(
            f"{date_field} {day.isoformat()} falls in fiscal year {sorted(possible)}, "
            f"but {fiscal_field} is {stated_year}"
        )


class Source(CuratedRecord):
    """A source document from which records are curated."""

    key_field: ClassVar[str] = "source_id"

    source_id: Slug = documented("Stable identifier of the document.", "資料のID。")
    title: Text = documented("Title of the document, as it gives it.", "資料の表題。")
    title_en: Text = documented("English rendering of the title.", "表題の英訳。")
    publisher: Text | None = documented(
        "Body that issued or published the document.", "発行・公開した主体。", default=None
    )
    author: Text | None = documented(
        "Person or body that wrote the document, when stated.",
        "作成者(記載がある場合)。",
        default=None,
    )
    kind: SourceKind = documented("What kind of document it is.", "資料の種類。")
    lg_code: LgCode | None = documented(
        "Local government whose affairs the document records (jurisdiction).",
        "資料が扱う自治体(管轄)の団体コード。",
        default=None,
    )
    date: dt.date | None = documented(
        "Date of the document or of the event it records.",
        "資料または記録された会議等の日付。",
        default=None,
    )
    date_precision: DatePrecision | None = documented(
        "How much of the date the document states.", "日付の精度。", default=None
    )
    url: Url | None = documented(
        "Address of the document, only where the document itself states it.",
        "資料自身が記載しているURL(記載がない場合は空)。",
        default=None,
    )
    text_sha256: Sha256 | None = documented(
        "SHA-256 of the document's UTF-8 text that the evidence offsets refer to; empty for "
        "a file that is not text (a spreadsheet, a PDF), whose file_sha256 is given.",
        "引用位置の基準となる資料テキスト(UTF-8)のSHA-256。テキストでないファイル(表計算・PDF)では空"
        "(file_sha256 を記載)。",
        default=None,
    )
    text_chars: StrictInt | None = documented(
        "Length of that text in code points; empty with text_sha256.",
        "資料テキストの文字数(コードポイント)。text_sha256 が空なら空。",
        ge=1,
        default=None,
    )
    dataset: Slug | None = documented(
        "The publication a published table belongs to (several files may form one).",
        "公表表が属する公表物(複数ファイルで一つのこともある)。",
        default=None,
    )
    licence: Text | None = documented(
        "Terms of reuse, as the publisher or the intermediary states them (who says so is in "
        "the text).",
        "利用条件(公表者または仲介者の記載のとおり。記載者を明記)。",
        default=None,
    )
    retrieved_from: Text | None = documented(
        "Where the file was copied from: the repository, commit and path of the intermediary "
        "that republished it.",
        "ファイルの取得元(再配布したリポジトリ・コミット・パス)。",
        default=None,
    )
    file_sha256: Sha256 | None = documented(
        "SHA-256 of the file's bytes as published (text_sha256 is of its decoded text).",
        "公表ファイルのバイト列のSHA-256(text_sha256は復号後のテキスト)。",
        default=None,
    )
    evidence: CitationList
    inferred: tuple[FieldName, ...] = inferred_field()
    curation_note: Text | None = curation_note_field()

    @model_validator(mode="after")
    def _dates_agree(self) -> Source:
        _check_date(self, "date", "date_precision", None)
        if (self.text_sha256 is None) != (self.text_chars is None):
            raise ValueError("text_sha256 and text_chars must be given together")
        if self.text_sha256 is None and self.file_sha256 is None:
            raise ValueError("a source that is not text needs its file_sha256")
        return self


class Organization(CuratedRecord):
    """A non-municipal actor or a named body (company, NPO, consortium, council, department …)."""

    key_field: ClassVar[str] = "org_id"

    org_id: Slug = documented("Stable identifier.", "団体のID。")
    name: Text = documented("Name as the document gives it, cleaned.", "名称。")
    name_en: Text = documented("English rendering of the name.", "名称の英訳。")
    kind: OrganizationKind = documented("Kind of body.", "団体の種類。")
    lg_code: LgCode | None = documented(
        "Local government the body belongs to, when it belongs to one.",
        "所属する自治体の団体コード(自治体の部局等の場合)。",
        default=None,
    )
    evidence: EvidenceList
    inferred: tuple[FieldName, ...] = inferred_field()
    curation_note: Text | None = curation_note_field()


class Program(CuratedRecord):
    """A plan, goal, program (事業), service, app, system, facility or initiative."""

    key_field: ClassVar[str] = "program_id"

    program_id: Slug = documented("Stable identifier.", "事業等のID。")
    name: Text = documented("Name as the document gives it, cleaned.", "名称。")
    name_en: Text = documented("English rendering of the name.", "名称の英訳。")
    kind: ProgramKind = documented("What kind of thing it is.", "種類。")
    parent_id: Slug | None = documented(
        "The program this one belongs to (strategy → goal → project; umbrella → sub-program).",
        "上位の計画・事業のID(戦略→基本目標→主要事業、包括事業→個別事業)。",
        default=None,
    )
    lg_code: LgCode | None = documented(
        "Local government whose jurisdiction it runs in; empty when it spans many or none.",
        "実施される自治体の団体コード(複数・不特定の場合は空)。",
        default=None,
    )
    organization_ids: tuple[Slug, ...] = documented(
        "Organizations that run or take part in it.", "実施・参画する団体のID。", default=()
    )
    fields: tuple[PolicyField, ...] = documented(
        "Policy fields it belongs to (one or more).", "政策分野(複数可)。", min_length=1
    )
    status: Status | None = documented(
        "Whether it runs, as of the source document; empty when the document does not say. "
        "A plan's status is that of its period (planned before it, active while it runs, "
        "ended after). Laws and policy documents (kind law, policy_document) are issued, not "
        "run, and have no status: their start_date is when they were enacted or issued.",
        "資料時点の状況(記載がない場合は空)。計画は計画期間に応じた状況(期間前は planned、期間中は "
        "active、終了後は ended)。法律と方針・指針(kind が law、policy_document)は実施されるものでは"
        "ないため状況を持たない(start_date が施行・策定の時期)。",
        default=None,
    )
    start_fiscal_year: FiscalYear | None = documented(
        "Fiscal year (年度) it starts.", "開始年度。", default=None
    )
    end_fiscal_year: FiscalYear | None = documented(
        "Fiscal year (年度) it ends.", "終了年度。", default=None
    )
    start_date: dt.date | None = documented("Date it started or opened.", "開始日。", default=None)
    start_date_precision: DatePrecision | None = documented(
        "How much of start_date the document states.", "開始日の精度。", default=None
    )
    summary: Text | None = documented(
        "What it is and does, in a sentence or two from the document.",
        "概要(資料の記述に基づく)。",
        default=None,
    )
    url: Url | None = documented(
        "Web address of the program, only where the document states it.",
        "資料に記載された事業等のURL(記載がある場合のみ)。",
        default=None,
    )
    category: ProgramCategory | None = documented(
        "The category (部門) a published list files it under, such as a contest's division; "
        "empty for programs curated from documents.",
        "公表された一覧上の部門(コンテストの部門など)。資料から作成した事業等では空。",
        default=None,
    )
    evidence: CitationList
    inferred: tuple[FieldName, ...] = inferred_field()
    curation_note: Text | None = curation_note_field()

    @model_validator(mode="after")
    def _years_agree(self) -> Program:
        _check_date(self, "start_date", "start_date_precision", "start_fiscal_year")
        if (
            self.start_fiscal_year is not None
            and self.end_fiscal_year is not None
            and self.end_fiscal_year < self.start_fiscal_year
        ):
            raise ValueError(
                f"end_fiscal_year {self.end_fiscal_year} is before "
                f"start_fiscal_year {self.start_fiscal_year}"
            )
        if self.parent_id == self.program_id:
            raise ValueError("a program cannot be its own parent")
        return self


class ParticipantCount(CuratedRecord):
    """One stated count of who takes part in, or is covered by, a program or organization."""

    key_field: ClassVar[str] = "count_id"

    count_id: Slug = documented("Stable identifier.", "人数等のID。")
    program_id: Slug | None = documented("The program counted.", "対象の事業等のID。", default=None)
    organization_id: Slug | None = documented(
        "The organization counted, when the count is of an organization rather than a program.",
        "対象の団体のID(事業ではなく団体の人数等の場合)。",
        default=None,
    )
    label: Text = documented(
        "The document's own word for who is counted (受講者, 参加者 …).",
        "資料での呼び方(受講者、参加者など)。",
    )
    category: ParticipantCategory = documented("Who or what is counted.", "数えられている対象。")
    value: StrictInt = documented("The number stated.", "数値。", ge=0)
    unit: Text = documented(
        "The counter word (名, 人, 市町村 …).", "単位・助数詞(名、人、市町村など)。"
    )
    qualifier: Qualifier = documented(
        "How exact the number is (約 → approximately, 以上 → at_least).",
        "数値の限定(約=approximately、以上=at_least など)。",
    )
    as_of_date: dt.date | None = documented(
        "Date the count refers to.", "時点の日付。", default=None
    )
    as_of_date_precision: DatePrecision | None = documented(
        "How much of as_of_date the document states.", "時点の日付の精度。", default=None
    )
    as_of_fiscal_year: FiscalYear | None = documented(
        "Fiscal year the count refers to.", "時点の年度。", default=None
    )
    evidence: EvidenceList
    inferred: tuple[FieldName, ...] = inferred_field()
    curation_note: Text | None = curation_note_field()

    @model_validator(mode="after")
    def _subject_and_dates(self) -> ParticipantCount:
        if self.program_id is None and self.organization_id is None:
            raise ValueError("a count needs a program_id or an organization_id")
        _check_date(self, "as_of_date", "as_of_date_precision", "as_of_fiscal_year")
        return self


class KPI(CuratedRecord):
    """One KPI (重要業績評価指標), attached to the goal or program it measures."""

    key_field: ClassVar[str] = "kpi_id"

    kpi_id: Slug = documented("Stable identifier.", "KPIのID。")
    program_id: Slug = documented(
        "The goal or program the KPI measures.", "KPIが測る基本目標・事業のID。"
    )
    name: Text = documented("Name of the indicator.", "指標名。")
    name_en: Text = documented("English rendering of the name.", "指標名の英訳。")
    definition: Text | None = documented(
        "What it measures and why, from the document.",
        "指標の定義・目的(資料の記述)。",
        default=None,
    )
    unit: Text | None = documented("Unit of the values.", "単位。", default=None)
    direction: Direction | None = documented(
        "Which way it should move; empty when the document does not say and it is not evident.",
        "望ましい方向(資料から明らかでない場合は空)。",
        default=None,
    )
    baseline_value: StrictFloat | None = documented(
        "Baseline value, only where the document gives one.",
        "基準値(記載がある場合のみ)。",
        default=None,
    )
    baseline_fiscal_year: FiscalYear | None = documented(
        "Fiscal year of the baseline value.", "基準値の年度。", default=None
    )
    target_value: StrictFloat | None = documented(
        "Target value, only where the document gives one.",
        "目標値(記載がある場合のみ)。",
        default=None,
    )
    target_fiscal_year: FiscalYear | None = documented(
        "Fiscal year of the target value.", "目標値の年度。", default=None
    )
    evidence: EvidenceList
    inferred: tuple[FieldName, ...] = inferred_field()
    curation_note: Text | None = curation_note_field()


class Procedure(CuratedRecord):
    """One administrative procedure, or a stated group of them, on one channel."""

    key_field: ClassVar[str] = "procedure_id"

    procedure_id: Slug = documented("Stable identifier.", "手続のID。")
    lg_code: LgCode = documented(
        "Local government that offers the procedure.", "手続を提供する自治体の団体コード。"
    )
    program_id: Slug | None = documented(
        "Program or system the procedure belongs to.",
        "関連する事業・システムのID。",
        default=None,
    )
    name: Text = documented("Name of the procedure or group.", "手続(群)の名称。")
    name_en: Text = documented("English rendering of the name.", "名称の英訳。")
    channel: Channel = documented("How it is carried out.", "手続の方法(チャネル)。")
    procedure_count: StrictInt | None = documented(
        "Number of procedures in the group, where stated.",
        "手続数(記載がある場合)。",
        default=None,
        ge=0,
    )
    since_date: dt.date | None = documented("Date it became available.", "開始日。", default=None)
    since_date_precision: DatePrecision | None = documented(
        "How much of since_date the document states.", "開始日の精度。", default=None
    )
    since_fiscal_year: FiscalYear | None = documented(
        "Fiscal year it became available.", "開始年度。", default=None
    )
    status: Status | None = documented(
        "Whether it is offered, as of the document.", "資料時点の状況。", default=None
    )
    summary: Text | None = documented(
        "What else the document says about it.", "資料の記述に基づく補足。", default=None
    )
    procedure_types: tuple[ProcedureType, ...] = documented(
        "The national procedure types (of the DX dashboard's online-application rates) this "
        "procedure or group is, or includes: the curator's classification, not the document's "
        "words; the curation file's note on the record explains each link. Empty where no "
        "national type fits. Join to indicators.procedure_type for the national rates.",
        "この手続(群)が該当する(含む)国の手続類型(DX推進状況ダッシュボードのオンライン申請率の"
        "手続)。資料の記載ではなくキュレーターによる分類で、各対応付けの理由はキュレーション"
        "ファイルの注記に記す。該当する類型がない場合は空。indicators.procedure_type と結合すると"
        "全国の値が得られる。",
        default=(),
    )
    evidence: EvidenceList
    inferred: tuple[FieldName, ...] = inferred_field()
    curation_note: Text | None = curation_note_field()

    @model_validator(mode="after")
    def _dates_agree(self) -> Procedure:
        _check_date(self, "since_date", "since_date_precision", "since_fiscal_year")
        return self


AnswerValue = Annotated[StrictStr, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")]


class AnswerOption(BaseModel):
    """One answer of an indicator's closed vocabulary."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    value: AnswerValue = documented("The value stored in indicator_values.", "保存される値。")
    ja: Text = documented("The answer as published.", "公表どおりの回答。")
    en: Text = documented("English rendering of the answer.", "回答の英訳。")


class Indicator(Record):
    """A national indicator of a published table, described once: its name, definition,
    unit and, for answers, its closed vocabulary."""

    indicator_id: Slug = documented("Stable identifier.", "指標のID。")
    dataset: Slug = documented(
        "The publication it comes from (sources.dataset).", "出典の公表物(sources.dataset)。"
    )
    group: Text | None = documented(
        "The group the publication puts it in, as published.",
        "公表物での分類(公表どおり)。",
        default=None,
    )
    name: Text = documented("Name as published, cleaned.", "指標名(公表どおり、整形済み)。")
    name_en: Text = documented("English rendering of the name.", "指標名の英訳。")
    definition: Text | None = documented(
        "What it measures, as the publication states it (a survey's question text); empty "
        "where the publication gives no definition. A survey's definition cites the cell of "
        "its questions file that states it, after the header cell of the answers file.",
        "定義(調査の設問文など公表物の記載。記載がない場合は空)。調査の定義は、回答ファイルの"
        "見出しセルに続き、設問ファイルの該当セルを根拠として示す。",
        default=None,
    )
    kind: IndicatorKind = documented("What kind of value it has.", "値の種類。")
    unit: Text | None = documented("Unit of the values.", "単位。", default=None)
    answers: tuple[AnswerOption, ...] = documented(
        "The closed vocabulary of its answers (answer indicators); for a number, the markers a "
        "cell may state instead of one (not_applicable for 主要財政指標's -/－).",
        "回答の選択肢(回答型の指標)。数値の指標では、数値の代わりに記載されうる記号"
        "(主要財政指標の -/－ は not_applicable)。",
        default=(),
    )
    procedure_type: ProcedureType | None = documented(
        "For the online-application rate of a procedure: its national procedure type; empty "
        "for every other indicator.",
        "手続のオンライン申請率の指標では、その手続の類型(それ以外の指標では空)。",
        default=None,
    )
    evidence: CitationList

    @model_validator(mode="after")
    def _answers_fit_the_kind(self) -> Indicator:
        answered = self.kind in (IndicatorKind.answer, IndicatorKind.answers)
        if answered and not self.answers:
            raise ValueError(f"an indicator of kind {self.kind.value} needs its answers")
        if self.kind is IndicatorKind.text and self.answers:
            raise ValueError("an indicator of kind text has no answers")
        return self


class IndicatorValue(Record):
    """One published value of a national indicator for one place and reference date."""

    value_id: Slug = documented("Stable identifier.", "値のID。")
    indicator_id: Slug = documented("The indicator.", "指標のID。")
    lg_code: LgCode = documented(
        "Today's code of the place (published codes are mapped through code_changes).",
        "現在の団体コード(公表時のコードは code_changes で対応付け)。",
    )
    code_as_published: StrictStr | None = documented(
        "The place's code as the file gives it (empty when it gives none).",
        "公表ファイル上のコード(記載がない場合は空)。",
        default=None,
    )
    name_as_published: StrictStr = documented(
        "The place's name as the file gives it.", "公表ファイル上の団体名。"
    )
    as_of_date: dt.date | None = documented(
        "Date the value refers to, where the file states it.",
        "基準日(記載がある場合)。",
        default=None,
    )
    as_of_date_precision: DatePrecision | None = documented(
        "How much of as_of_date the file states.", "基準日の精度。", default=None
    )
    as_of_fiscal_year: FiscalYear | None = documented(
        "Fiscal year the value refers to (a survey's year).",
        "対象年度(調査年度など)。",
        default=None,
    )
    snapshot: dt.date | None = documented(
        "The publication's own date of the snapshot the value is from, for series published "
        "repeatedly (the card statistics' 算出基準日).",
        "繰り返し公表される系列のうち、値が載る回の基準日(カード統計の算出基準日)。",
        default=None,
    )
    value: StrictFloat | None = documented(
        "The number (percent, count); empty for an empty cell, never zero.",
        "数値(割合・数)。空欄は空(0ではない)。",
        default=None,
    )
    answers: tuple[AnswerValue, ...] = documented(
        "The answers given (values of the indicator's vocabulary); empty when blank.",
        "回答(指標の選択肢の値)。空欄は空。",
        default=(),
    )
    evidence: CitationList

    @model_validator(mode="after")
    def _dates_agree(self) -> IndicatorValue:
        _check_date(self, "as_of_date", "as_of_date_precision", None)
        return self


class CodeChange(Record):
    """One record of e-Stat's history of municipal changes (廃置分合等): a code touched by a
    change on a date, with the old and new places its text names."""

    change_id: Slug = documented("Stable identifier.", "変更のID。")
    date: dt.date = documented("Date the change took effect.", "施行年月日。")
    kind: ChangeKind = documented("Kind of change.", "変更の種類。")
    code: Annotated[StrictStr, StringConstraints(pattern=r"^\d{5}$")] = documented(
        "The 5-digit 標準地域コード of the record, as published.",
        "標準地域コード(5桁、公表どおり)。",
    )
    name: Text = documented("Name of the place the record is about.", "記録の団体名。")
    old_codes: tuple[Annotated[StrictStr, StringConstraints(pattern=r"^\d{5}$")], ...] = documented(
        "Codes of the places before the change, as its text gives them.",
        "変更前の団体のコード。",
        default=(),
    )
    old_names: tuple[Text, ...] = documented(
        "Names of the places before.", "変更前の団体名。", default=()
    )
    new_codes: tuple[Annotated[StrictStr, StringConstraints(pattern=r"^\d{5}$")], ...] = documented(
        "Codes of the places after the change, where its text gives them.",
        "変更後の団体のコード(記載がある場合)。",
        default=(),
    )
    new_names: tuple[Text, ...] = documented(
        "Names of the places after.", "変更後の団体名。", default=()
    )
    parsed: StrictBool = documented(
        "Whether the text could be read into old and new places (false: kept as published only).",
        "改正事由を変更前後の団体に読み取れたか。",
    )
    evidence: CellEvidenceList


_Code5 = Annotated[StrictStr, StringConstraints(pattern=r"^\d{5}$")]


class FormerMunicipality(Record):
    """A municipality (or ward of a designated city) that no longer exists, as e-Stat's history
    of changes (廃置分合等) shows it ceasing: merged into a new body or absorbed into another. A
    value stated for it stays its own, under its own code; ``municipalities`` holds today's
    bodies only. A body whose code passed to the body its merger formed (the 栃木市 of before
    2010-03-29 and today's share 09203) has no row here: the values stated for it are under
    that code, today's body's, and ``code_changes`` dates the change."""

    lg_code: LgCode = documented(
        "Its 6-digit code: e-Stat's 5-digit code followed by the check digit.",
        "団体コード(e-Stat の5桁コードに検査数字を付した6桁)。",
    )
    code5: _Code5 = documented("e-Stat's 5-digit code, as published.", "標準地域コード(5桁)。")
    prefecture_code: Annotated[StrictStr, StringConstraints(pattern=r"^\d{2}$")] = documented(
        "Two-digit prefecture code (the first two digits of lg_code).", "都道府県コード(2桁)。"
    )
    prefecture: Text = documented("Name of the prefecture.", "都道府県名。")
    name: Text = documented(
        "Its name, as e-Stat's record of the day it ceased gives it.",
        "団体名(廃止日の e-Stat の記録どおり)。",
    )
    kana: Text | None = documented(
        "Its reading in full-width katakana (e-Stat's hiragana written in katakana); empty "
        "where the record gives none.",
        "読み(e-Stat のひらがなを全角カタカナで表記。記載がない場合は空)。",
        default=None,
    )
    district: Text | None = documented(
        "The county, subprefecture or designated city its record places it in, as published.",
        "記録上の郡・支庁・政令市等(公表どおり)。",
        default=None,
    )
    established: dt.date | None = documented(
        "The day e-Stat's table shows it created; empty when the table (from 1970) does not.",
        "設置日(e-Stat の表(1970年以降)に記載がある場合)。",
        default=None,
    )
    abolished: dt.date = documented("The day it ceased.", "廃止日(廃置分合等施行年月日)。")
    change_kind: ChangeKind = documented("The change that ended it.", "廃止となった変更の種類。")
    successor_codes: tuple[LgCode, ...] = documented(
        "The bodies it passed to on the day it ceased, each by the code it has today, or had "
        "when it too ceased (a successor that changed only its status, name or county keeps "
        "being the same body).",
        "廃止日に引き継いだ団体。各団体の現在のコード(その団体も廃止された場合は廃止時のコード)で示す"
        "(市制施行・名称変更・郡の変更のみの団体は同一の団体として扱う)。",
    )
    evidence: CellEvidenceList

    @model_validator(mode="after")
    def _codes_and_dates_agree(self) -> FormerMunicipality:
        if self.code5 != self.lg_code[:5] or self.prefecture_code != self.lg_code[:2]:
            raise ValueError(
                f"code5 {self.code5!r} and prefecture_code {self.prefecture_code!r} must be the "
                f"first digits of lg_code {self.lg_code!r}"
            )
        if self.established is not None and self.established >= self.abolished:
            raise ValueError(f"established {self.established} is not before {self.abolished}")
        if not self.successor_codes:
            raise ValueError("a former municipality passed to at least one successor")
        return self
