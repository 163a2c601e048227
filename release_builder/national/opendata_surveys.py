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


def _answers(*triples: tuple[str, str, str]) -> tuple[Answer, ...]:
    return tuple(Answer(id=id_, ja=ja, en=en) for id_, ja, en in triples)


SUBMISSION = _answers(
    ("submitted", "提出済", "Submitted"),
    ("not_submitted", "未提出", "Not submitted"),
    ("unconfirmed", "未確認", "Not confirmed"),
)
AWARENESS = _answers(
    ("know_well", "良く知っている", "Knows it well"),
    ("know_without_details", "知っているが詳細は分からない", "Knows it, but not the details"),
    ("know_name_only", "名前は知っている", "Knows only the name"),
    ("do_not_know", "知らない", "Does not know it"),
)
FILE_COUNTS = (
    ("up_to_10", "10以下", "10 or fewer"),
    ("from_11_to_50", "11～50", "11 to 50"),
    ("from_51_to_100", "51～100", "51 to 100"),
    ("from_101_to_500", "101～500", "101 to 500"),
    ("from_501_to_1000", "501～1000", "501 to 1,000"),
    ("from_1001_to_5000", "1001～5000", "1,001 to 5,000"),
    ("from_5001_to_10000", "5001～10000", "5,001 to 10,000"),
    ("at_least_10000", "10000以上", "10,000 or more"),
)
USE_CASES = (
    (
        "staff_workload_reduced",
        "職員の業務負荷低減に繋がったオープンデータ利活用事例がある",
        "A use that reduced staff workload",
    ),
    (
        "policy_making",
        "政策立案に繋がったオープンデータ利活用事例がある",
        "A use that led to policy",
    ),
    (
        "resident_services",
        "住民サービスの向上につながったオープンデータ活用事例がある",
        "A use that improved services to residents",
    ),
    (
        "disaster_emergency",
        "災害時や緊急事態といった事象におけるオープンデータ利活用事例がある",
        "A use in a disaster or emergency",
    ),
    (
        "wide_area",
        "複数の市区町村を巻き込んだ広域のオープンデータ利活用事例がある",
        "A wide-area use involving several municipalities",
    ),
    (
        "private_partnership",
        "民間事業者と連携したオープンデータ活用事例がある",
        "A use in partnership with private businesses",
    ),
    ("other_use", "その他、オープンデータを活用した事例がある", "Another use of open data"),
    ("no_use_yet", "オープンデータを活用した事例はまだない", "No use of open data yet"),
)
DATASETS_2024_ONLY = (
    ("support_programs", "支援制度（給付金）情報", "Support programmes (benefits)"),
)
DATASETS = (
    ("aed_locations", "AED設置箇所一覧", "AED locations"),
    ("care_service_providers", "介護サービス事業所一覧", "Long-term care service providers"),
    ("medical_institutions", "医療機関一覧", "Medical institutions"),
    ("cultural_properties", "文化財一覧", "Cultural properties"),
    ("tourist_facilities", "観光施設一覧", "Tourist facilities"),
    ("events", "イベント一覧", "Events"),
    ("public_wifi", "公衆無線LANアクセスポイント一覧", "Public Wi-Fi access points"),
    ("public_toilets", "公衆トイレ一覧", "Public toilets"),
    ("fire_water_sources", "消防水利施設一覧", "Fire-fighting water sources"),
    ("evacuation_sites", "指定緊急避難場所一覧", "Designated emergency evacuation sites"),
    ("population_by_area_age", "地域・年齢別人口", "Population by area and age"),
    ("public_facilities", "公共施設一覧", "Public facilities"),
    ("childcare_facilities", "子育て施設一覧", "Childcare facilities"),
    ("open_data_list", "オープンデータ一覧", "List of open data"),
    (
        "food_business_permits",
        "食品等営業許可・届出一覧",
        "Food business permits and notifications",
    ),
    ("school_lunch_menus", "学校給食献立情報", "School lunch menus"),
    ("school_districts", "小中学校通学区域情報", "Elementary and junior high school districts"),
)
DATASETS_TAIL = (
    ("urban_planning_survey", "都市計画基礎調査情報", "Urban planning basic survey"),
    ("procurement", "調達情報", "Procurement"),
    ("bus_information_format", "標準的なバス情報フォーマット", "Standard bus information format"),
)
NOT_ENGAGED_2024 = ("not_engaged", "オープンデータに取組んでいない", "Not working on open data")
NOT_SURE = ("not_sure", "よく分からない", "Not sure")
NOT_PUBLISHING_2020 = (
    "not_publishing",
    "オープンデータを公開していない",
    "Does not publish open data",
)
YES_NO_2024 = _answers(("yes", "行っている", "Yes"), ("no", "行っていない", "No"))

QUESTIONS_2024: tuple[tuple[int, QuestionSpec], ...] = (
    (5, QuestionSpec("submission-status", "状態", "Submission status", False, SUBMISSION)),
    (
        6,
        QuestionSpec(
            "awareness",
            "Q1【回答対象：全団体】オープンデータについて、どの程度ご存知ですか。当てはまるものを１つ選択してください。",
            "How well the body knows open data",
            False,
            AWARENESS,
        ),
    ),
    (
        8,
        QuestionSpec(
            "engaged-in-open-data",
            "Q3【回答対象：全団体】貴団体はオープンデータに取り組んでいますか？",
            "Whether the body works on open data",
            False,
            _answers(
                ("engaged", "取組んでいる", "Working on open data"),
                ("not_engaged", "取組んでいない", "Not working on open data"),
            ),
        ),
    ),
    (
        9,
        QuestionSpec(
            "planned-start",
            "Q4【回答対象：まだオープンデータに取り組んでいない団体のみ】オープンデータの公開開始予定時期について、当てはまるものを１つ選択してください。",
            "When a body not yet working on open data plans to start publishing",
            False,
            _answers(
                ("fy2024", "2024年度中(令和6年度中)", "During fiscal year 2024 (Reiwa 6)"),
                ("fy2025", "2025年度中(令和7年度中)", "During fiscal year 2025 (Reiwa 7)"),
                ("not_planned", "未計画", "Not planned"),
            ),
        ),
    ),
    (
        11,
        QuestionSpec(
            "update-frequency",
            "Q6【回答対象：全団体】貴団体のオープンデータの更新頻度について、当てはまるものを１つ選択してください。",
            "How often the body updates its open data",
            False,
            _answers(
                (
                    "realtime",
                    "リアルタイム（1日に複数回）で更新を行っているデータがある",
                    "Some data updated in real time (several times a day)",
                ),
                (
                    "regular",
                    "定期的更新（週1、月1など）を行っているオープンデータがある",
                    "Some open data updated regularly (weekly, monthly, ...)",
                ),
                (
                    "irregular",
                    "不定期（年に数回）で更新を行っているオープンデータがある",
                    "Some open data updated irregularly (a few times a year)",
                ),
                ("rarely_updated", "ほとんど更新していない", "Hardly ever updated"),
                NOT_SURE,
                NOT_ENGAGED_2024,
            ),
        ),
    ),
    (
        12,
        QuestionSpec(
            "file-count",
            "Q7【回答対象：全団体】オープンデータとして公開されているファイル数について、当てはまるものを１つ選択してください。",
            "Number of files published as open data",
            False,
            _answers(*FILE_COUNTS, NOT_SURE, NOT_ENGAGED_2024),
        ),
    ),
    (
        15,
        QuestionSpec(
            "use-cases",
            "Q10【回答対象：全団体】貴団体における過去4年間（令和3年度以降）に生まれたオープンデータ利活用事例において、当てはまるものを全て選択してください。",
            "Uses of the body's open data since fiscal year 2021",
            True,
            _answers(*USE_CASES, NOT_SURE, NOT_ENGAGED_2024),
        ),
    ),
    (
        29,
        QuestionSpec(
            "standard-datasets-format",
            "Q24【回答対象：全団体】自治体標準オープンデータセットのフォーマットでオープンデータの公開に取り組んでいますか。",
            "Whether the body publishes in the format of the standard open datasets for local governments",
            False,
            _answers(
                ("already", "すでに取り組んでいる", "Already doing so"),
                (
                    "recommended_datasets_only",
                    "推奨データセットは公開しているが、自治体標準ODSはまだ取り組んでいない",
                    "Publishes the recommended datasets, not yet the standard datasets",
                ),
                (
                    "aware_not_yet",
                    "知っているがまだ取り組んでいない",
                    "Knows them, not yet doing so",
                ),
                ("unaware", "知らない", "Does not know them"),
                NOT_SURE,
                (
                    "not_engaged",
                    "まだオープンデータに取組んでいない",
                    "Not yet working on open data",
                ),
            ),
        ),
    ),
    (
        30,
        QuestionSpec(
            "standard-datasets-published",
            "Q25【回答対象：すでに自治体標準ODSで公開している団体のみ】自治体標準オープンデータセットに準拠して公開しているデータがある場合、該当するデータを全て選択してください。",
            "Standard open datasets the body publishes in conformance",
            True,
            _answers(
                *DATASETS,
                ("boring_logs", "ボーリング柱状図等", "Borehole logs"),
                *DATASETS_TAIL,
                *DATASETS_2024_ONLY,
            ),
        ),
    ),
    (
        31,
        QuestionSpec(
            "standard-datasets-data-model",
            "Q26【回答対象：すでに自治体標準ODSで公開している団体のみ】自治体標準オープンデータセットのデータモデル型での公開を行っていますか。",
            "Whether the body publishes standard datasets of the data-model type",
            False,
            YES_NO_2024,
        ),
    ),
    (
        44,
        QuestionSpec(
            "metadata-published",
            "Q39【回答対象：デジタル庁の今後のオープンデータの取組にご意見をいただける団体のみ】オープンデータの公開と合わせてメタデータの公開を行っていますか？",
            "Whether the body publishes metadata with its open data",
            False,
            YES_NO_2024,
        ),
    ),
    (
        55,
        QuestionSpec(
            "website-licence",
            "Q50【回答対象：デジタル庁の今後のオープンデータの取組にご意見をいただける団体のみ】現在の、貴団体の公式Webサイトの掲載内容に関する利用規約（ライセンス）についてお答えください。",
            "Terms of use (licence) of the content of the body's official website",
            False,
            _answers(
                ("own_terms", "自団体", "The body's own terms"),
                ("cc_by_4_0", "CC BY 4.0", "CC BY 4.0"),
                ("cc_by_2_1_jp", "CC BY 2.1 JP", "CC BY 2.1 JP"),
                (
                    "government_standard_terms",
                    "政府標準利用規約",
                    "Government Standard Terms of Use",
                ),
                ("public_data_terms", "公共データ利用規約", "Public Data Terms of Use"),
                ("other", "その他", "Other"),
            ),
        ),
    ),
)

QUESTIONS_2020: tuple[QuestionSpec, ...] = (
    QuestionSpec("submission-status", "提出状況", "Submission status", False, SUBMISSION),
    QuestionSpec(
        "awareness",
        "[No.1]オープンデータについて、どの程度ご存知ですか。あてはまるものを１つ選択してください。",
        "How well the body knows open data",
        False,
        AWARENESS,
    ),
    QuestionSpec(
        "planned-start",
        "[No.2]オープンデータの公開開始予定時期について、あてはまるものを１つ選択してください。",
        "When the body plans to start publishing open data, or that it already does",
        False,
        _answers(
            ("fy2020", "2020年度中", "During fiscal year 2020"),
            ("first_half_2021", "2021年上期", "First half of 2021"),
            ("second_half_2021", "2021年下期", "Second half of 2021"),
            ("not_planned", "未計画", "Not planned"),
            (
                "already_publishing",
                "オープンデータをすでに公開している",
                "Already publishes open data",
            ),
        ),
    ),
    QuestionSpec(
        "publishing-channels",
        "[No.4]オープンデータの公開方法について、あてはまるものを全て選択してください。",
        "Where the body publishes its open data",
        True,
        _answers(
            (
                "own_website",
                "自団体の公式サイト上でオープンデータを公開中",
                "On its own official website",
            ),
            (
                "prefecture_site",
                "都道府県が運営する外部のサイト上でオープンデータを公開中",
                "On an external site run by a prefecture",
            ),
            (
                "private_site",
                "民間事業者が運営する外部のサイト上でオープンデータを公開中",
                "On an external site run by a private business",
            ),
            (
                "national_site",
                "中央省庁所管のサイト（国土地理院等）上でオープンデータを公開中",
                "On a site of a national ministry or agency (e.g. the GSI)",
            ),
            (
                "wide_area_site",
                "広域連携（一部事務組合、連携中枢都市圏等）で運営されているサイト上でオープンデータを公開",
                "On a site run by a wide-area partnership (joint authority, metropolitan area, ...)",
            ),
            ("not_publishing", "オープンデータは公開していない", "Does not publish open data"),
        ),
    ),
    QuestionSpec(
        "open-data-page",
        "[No.5]自団体の公式ホームページに「オープンデータのページ」を設けているかどうか、あてはまるものを１つ選んでください。",
        "Whether the official website has an open-data page",
        False,
        _answers(
            (
                "page_meets_listing_requirements",
                "公式サイト上にオープンデータについてのページがあり、オープンデータ取組自治体一覧登録の要件を満たしている",
                "Has an open-data page that meets the requirements of the national list of bodies",
            ),
            (
                "page_not_meeting_requirements",
                "公式サイト上にオープンデータについてのページがあるが、オープンデータ取組自治体一覧登録の要件を満たしていない",
                "Has an open-data page that does not meet those requirements",
            ),
            (
                "no_page",
                "オープンデータに関するページは公式HPに設けていない",
                "Has no open-data page",
            ),
        ),
    ),
    QuestionSpec(
        "file-count",
        "[No.14]オープンデータとして公開されているファイル数について、あてはまるものを１つ選択してください。",
        "Number of files published as open data (as of November 2020)",
        False,
        _answers(*FILE_COUNTS, NOT_PUBLISHING_2020),
    ),
    QuestionSpec(
        "data-formats",
        "[No.15]現在公開しているオープンデータのデータ形式について、あてはまるものを全て選択してください。",
        "Formats of the open data published (five-star levels)",
        True,
        _answers(
            NOT_PUBLISHING_2020,
            ("one_star", "１つ星（PDF，画像等）", "One star (PDF, images, ...)"),
            ("two_star", "２つ星（XLS等）", "Two stars (XLS, ...)"),
            ("three_star", "３つ星（CSV等）", "Three stars (CSV, ...)"),
            ("four_star", "４つ星（RDF等）", "Four stars (RDF, ...)"),
            ("five_star", "５つ星（LOD等）", "Five stars (LOD, ...)"),
        ),
    ),
    QuestionSpec(
        "machine-readable-share",
        "[No.16]現在公開しているオープンデータのファイル数のうち、３つ星（CSV等）以上に該当するデータ形式のファイル数が全体に占める割合を、おおよその判断でかまいませんので１つ選択してください。",
        "Share of published files in three-star (CSV, ...) or better formats",
        False,
        _answers(
            ("under_10_percent", "10%未満", "Under 10%"),
            ("from_10_to_30_percent", "10%以上〜30%未満", "10% to under 30%"),
            ("from_30_to_50_percent", "30%以上〜50%未満", "30% to under 50%"),
            ("from_50_to_70_percent", "50%以上〜70%未満", "50% to under 70%"),
            ("from_70_to_90_percent", "70%以上〜90%未満", "70% to under 90%"),
            ("at_least_90_percent", "90%以上", "90% or more"),
            ("unknown", "不明", "Unknown"),
            NOT_PUBLISHING_2020,
        ),
    ),
    QuestionSpec(
        "recommended-datasets-published",
        "[No.17]推奨データセットに準拠して公開しているデータがある場合、該当するデータを全て選択してください。",
        "Recommended datasets the body publishes in conformance",
        True,
        _answers(
            *DATASETS,
            (
                "boring_logs_own_site",
                "ボーリング柱状図等（自身のHPで公開）",
                "Borehole logs (on its own website)",
            ),
            (
                "boring_logs_external_site",
                "ボーリング柱状図等（外部のHPで公開）",
                "Borehole logs (on an external website)",
            ),
            *DATASETS_TAIL,
            ("support_programs", "支援制度情報", "Support programmes"),
            (
                "none_conforming",
                "オープンデータの公開は行っているが、推奨データセットに準拠したデータを公開していない",
                "Publishes open data, none conforming to the recommended datasets",
            ),
            NOT_PUBLISHING_2020,
        ),
    ),
    QuestionSpec(
        "api",
        "[No.22]データやメタデータをAPIを通じて提供しているかどうか（外部組織等が二次利用して提供している場合も含む）、あてはまるものを1つ選択してください。",
        "Whether data or metadata are offered through an API",
        False,
        _answers(
            ("no_api", "API無し", "No API"),
            ("api", "API有り", "An API"),
            NOT_PUBLISHING_2020,
        ),
    ),
    QuestionSpec(
        "update-frequency",
        "[No.23]貴団体のデータの更新頻度について、あてはまるもの１つ選択してください。",
        "How often the body updates its most frequently updated open data",
        False,
        _answers(
            ("not_updated", "オープンデータの更新は行っていない", "Open data not updated"),
            (
                "irregular",
                "不定期で更新を行っているオープンデータがある",
                "Some open data updated irregularly",
            ),
            (
                "regular",
                "定期的更新を行っているオープンデータがある",
                "Some open data updated regularly",
            ),
            (
                "realtime",
                "リアルタイムで更新を行っているデータがある",
                "Some data updated in real time",
            ),
            NOT_PUBLISHING_2020,
        ),
    ),
    QuestionSpec(
        "use-cases",
        "[No.24]貴団体におけるオープンデータ利活用事例において、あてはまるものを全て選択してください。",
        "Uses of the body's open data",
        True,
        _answers(
            *USE_CASES,
            ("not_publishing", "オープンデータは公開していない", "Does not publish open data"),
        ),
    ),
    QuestionSpec(
        "organisation",
        "[No.26]貴団体のデータ公開の体制について、最もあてはまるものを1つ選択してください。",
        "How the body organises the publication of data",
        False,
        _answers(
            (
                "coordinating_unit_with_policy",
                "オープンデータの取組を取りまとめる部署があり、共通の取組方針・推進方針等が存在する",
                "A coordinating unit and a common policy",
            ),
            (
                "coordinating_unit_without_policy",
                "オープンデータの取組を取りまとめる部署があるが、共通の取組方針・推進方針等は存在しない",
                "A coordinating unit, no common policy",
            ),
            (
                "departments_individually",
                "個々の部署が個別にオープンデータの取組を行っており、共通の取組方針・推進方針等は存在しない",
                "Departments act individually, no common policy",
            ),
            ("no_activity", "オープンデータに関する取組は行っていない", "No open-data activity"),
        ),
    ),
    QuestionSpec(
        "staffing",
        "[No.27]オープンデータ関連業務を専任で遂行する職員（※）の配置について、当てはまるもの1つを選択してください。",
        "Staff assigned to open-data work",
        False,
        _answers(
            (
                "dedicated_two_or_more_with_manager",
                "管理職を含むオープンデータ関連業務を専任で遂行する職員を2人以上置いている",
                "Two or more dedicated staff, a manager among them",
            ),
            (
                "dedicated_two_or_more",
                "オープンデータ関連業務を専任で遂行する職員を2人以上置いている",
                "Two or more dedicated staff",
            ),
            (
                "dedicated_one",
                "オープンデータ関連業務を専任で遂行する職員を1人置いている",
                "One dedicated staff member",
            ),
            (
                "shared_two_or_more",
                "他の業務と兼任だが、オープンデータに係る業務を遂行する職員を2人以上置いている",
                "Two or more staff who also have other duties",
            ),
            (
                "shared_one",
                "他の業務と兼任だが、オープンデータに係る業務を遂行する職員を1人置いている",
                "One staff member who also has other duties",
            ),
            ("none", "担当職員を置いていない", "No staff assigned"),
        ),
    ),
)

RECODES_2020: dict[tuple[str, str], tuple[str, str]] = {
    # (code as published, name as published): (the body's code, why)
    ("132209", "福岡県 苅田町"): (
        "406210",
        "苅田町 (福岡県) is keyed 132209, the code of 東京都 東大和市, which also has its own row; "
        "406210 (苅田町's code) is missing from the file",
    ),
}
"""Rows of the 2020 file whose code is not the body's, mapped by name and prefecture."""

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
    )


def parse_survey_2024(
    records: Sequence[Sequence[str]], meta: Sequence[Sequence[str]], places: Placer
) -> Survey:
    """The 令和6年度 survey from the records of its answers file and of its ``.meta.csv``."""
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
    for column, spec in QUESTIONS_2024:
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
        _answer_id(record[5], SUBMISSION, _where(file, row, 5))
        if record[5] != SUBMITTED:
            for column in range(6, WIDTH_2024):
                if record[column]:
                    raise RawTableError(
                        f"{_where(file, row, column)}: an answer from a body whose state is "
                        f"{record[5]!r}"
                    )
        for column, spec in QUESTIONS_2024:
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
    )


def _spec_blocks(blocks: Sequence[_Block]) -> list[tuple[QuestionSpec, _Block]]:
    file = SURVEY_2020_FILE
    by_heading = {block.label.split("\n")[0]: block for block in blocks}
    found = []
    for spec in QUESTIONS_2020:
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
    places: Placer, record: Sequence[str], row: int
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
    known = RECODES_2020.get((code, name))
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
) -> Survey:
    """The 令和2年度 survey from the records of its answers file and of its questions file."""
    file = SURVEY_2020_FILE
    if len(records) < 2:
        raise RawTableError(f"{file}: fewer than two header records")
    blocks = _blocks_2020(records, questions)
    selected = _spec_blocks(blocks)
    labels = records[1]
    answer_blocks = [block for block in blocks if block.question[1] != "free"]
    claims = Claims(file)
    responses: list[Response] = []
    recodes: list[Recode] = []
    glyph_variants: list[CellRef] = []
    for row, record in enumerate(records[2:], start=2):
        if len(record) != WIDTH_2020:
            raise RawTableError(f"{_where(file, row)}: {len(record)} fields, expected {WIDTH_2020}")
        body, recode = _place_2020(places, record, row)
        if recode is not None:
            recodes.append(recode)
        elif record[1] != body.full_name:
            glyph_variants.append(CellRef(file, row, 1, record[1], record[0], LEADING_2020[1]))
        claims.claim(body, row)
        status = _answer_id(record[2], SUBMISSION, _where(file, row, 2))
        _check_marks(record, row, answer_blocks)
        if record[2] != SUBMITTED and any(record[3:]):
            column = next(c for c in range(3, WIDTH_2020) if record[c])
            raise RawTableError(
                f"{_where(file, row, column)}: an answer from a body whose state is {record[2]!r}"
            )
        responses.extend(_responses_2020(record, row, selected, labels, body.lg_code, status))
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
        for spec, block in selected
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
