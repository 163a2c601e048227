"""What every record model shares: the base class, field types and evidence items.

Kept apart from the table models so that a module needing one model (a place lookup needs
only :class:`jpdx.place_model.Municipality`) does not build every table's classes.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)

from jpdx import codes


def _nfc_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or blank")
    if value != value.strip():
        raise ValueError(f"must not start or end with white space: {value!r}")
    if unicodedata.normalize("NFC", value) != value:
        raise ValueError(f"must be in Unicode NFC: {value!r}")
    return value


def _lg_code(value: str) -> str:
    if not codes.is_valid(value):
        raise ValueError(f"not a 6-digit local-government code with a valid check digit: {value!r}")
    return value


# WithJsonSchema: what JSON Schema can say of the checks above (it cannot compute a check
# digit or a Unicode normal form), so the JSON Schema never rejects a valid record.
Text = Annotated[
    StrictStr, AfterValidator(_nfc_text), WithJsonSchema({"type": "string", "minLength": 1})
]
Slug = Annotated[StrictStr, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
LgCode = Annotated[
    StrictStr,
    AfterValidator(_lg_code),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]{6}$"}),
]
FiscalYear = Annotated[StrictInt, Field(ge=1886, le=2200)]
Url = Annotated[StrictStr, StringConstraints(pattern=r"^https?://[^\s]+$")]
Sha256 = Annotated[StrictStr, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


def documented(en: str, ja: str, **kwargs: Any) -> Any:
    """A pydantic ``Field`` with an English and a Japanese description."""
    return Field(description=en, json_schema_extra={"description_ja": ja}, **kwargs)


SCHEMA_VERSION = 1
"""Major version of the table schemas these models define; recorded in every manifest."""


class Record(BaseModel):
    """Base of every record: frozen, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class _EvidenceForm(BaseModel):
    """Base of the evidence forms: frozen, no unknown fields; read from a table's evidence
    column, where the forms share one struct, a form ignores the other forms' empty fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_other_forms_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict) and not set(data) <= set(cls.model_fields):
            return {k: v for k, v in data.items() if v is not None or k in cls.model_fields}
        return data


class Evidence(_EvidenceForm):
    """A verbatim quote of a source text that states a record's facts."""

    source_id: Slug = documented("The source document quoted.", "引用元の資料のID。")
    quote: StrictStr = documented(
        "The exact text of the source between start and end, unaltered.",
        "資料の start から end までの文字列そのまま(改変なし)。",
        min_length=1,
    )
    start: StrictInt = documented(
        "Offset of the quote's first character in the source text (code points).",
        "引用の開始位置(資料テキストのコードポイント単位)。",
        ge=0,
    )
    end: StrictInt = documented(
        "Offset just past the quote's last character (code points).",
        "引用の終了位置(この位置の文字は含まない)。",
        ge=1,
    )

    @model_validator(mode="after")
    def _span_matches_quote(self) -> Evidence:
        if self.end - self.start != len(self.quote):
            raise ValueError(
                f"evidence span {self.start}:{self.end} has {self.end - self.start} characters "
                f"but the quote has {len(self.quote)}"
            )
        return self


class CellEvidence(_EvidenceForm):
    """A cell of a published table that states a value, found again by machine.

    For a CSV file, ``row`` and ``column`` are 0-based indices of the record and of the field
    as Python's :mod:`csv` reader yields them from the file's UTF-8 text (a byte-order mark
    removed) and ``sheet`` is empty. For a spreadsheet (``.xls``, ``.xlsx``), ``sheet`` is the
    worksheet's name as the workbook gives it and ``row`` and ``column`` are 0-based indices
    in that sheet counted from its first cell A1, as python-calamine's
    ``to_python(skip_empty_area=False)`` yields them. ``quote`` is the cell's text verbatim
    (a spreadsheet's number as the reader gives it: ``repr`` of a float, ``str`` of an
    integer), and ``row_header`` and ``column_header`` the texts of the cells that head its
    row and its column, so a shifted row or column is detected rather than read.
    """

    source_id: Slug = documented("The published file (a sources row).", "公表ファイルのID。")
    row: StrictInt = documented("0-based record index in the file.", "行番号(0始まり)。", ge=0)
    column: StrictInt = documented("0-based field index in the record.", "列番号(0始まり)。", ge=0)
    quote: StrictStr = documented(
        "The cell's text verbatim (empty for an empty cell).", "セルの文字列そのまま(空欄は空)。"
    )
    row_header: StrictStr = documented(
        "Text of the cell that heads the row (the place or measure as published).",
        "行の見出しセルの文字列。",
    )
    column_header: StrictStr = documented(
        "Text of the cell that heads the column.", "列の見出しセルの文字列。"
    )
    sheet: StrictStr | None = documented(
        "The worksheet of a spreadsheet, as the workbook names it; empty for a CSV file.",
        "表計算ファイルのシート名(ブック上の名称)。CSVでは空。",
        default=None,
    )


class JsonEvidence(_EvidenceForm):
    """A value in a published JSON file, found again by machine.

    ``pointer`` is an RFC 6901 JSON Pointer into the parsed file; ``quote`` is the value as
    written in the file: a string's text, or a number's literal text exactly as
    ``json.loads(text, parse_float=str, parse_int=str)`` yields it (``0.8235``, not a float
    rendered again), or ``true`` / ``false`` / ``null``.
    """

    source_id: Slug = documented("The published file (a sources row).", "公表ファイルのID。")
    pointer: Annotated[StrictStr, StringConstraints(pattern=r"^(/([^~/]|~[01])*)*$")] = documented(
        "RFC 6901 JSON Pointer to the value in the parsed file.",
        "値の位置を示す JSON Pointer (RFC 6901)。",
    )
    quote: StrictStr = documented(
        "The value as written in the file (a number's literal text).",
        "ファイルに書かれたとおりの値(数値はその表記)。",
    )


class PageEvidence(_EvidenceForm):
    """A quote on a page of a published PDF: ``quote`` is a verbatim substring of the text
    that pypdf (the version in the project's lock file) extracts from page ``page``
    (1-based), ``PdfReader(path).pages[page - 1].extract_text()``."""

    source_id: Slug = documented("The published file (a sources row).", "公表ファイルのID。")
    page: StrictInt = documented("1-based page number.", "ページ番号(1始まり)。", ge=1)
    quote: StrictStr = documented(
        "Text of the page verbatim, as extracted.", "ページのテキスト(抽出どおり)。", min_length=1
    )


def _evidence_form(item: Any) -> str:
    """Which evidence form an item is, by the fields it fills."""
    filled = (
        {k for k, v in item.items() if v is not None}
        if isinstance(item, dict)
        else {k for k in type(item).model_fields if getattr(item, k) is not None}
    )
    if "start" in filled:
        return "span"
    if "pointer" in filled:
        return "json"
    if "page" in filled:
        return "page"
    return "cell"


AnyEvidence = Annotated[
    Annotated[Evidence, Tag("span")]
    | Annotated[CellEvidence, Tag("cell")]
    | Annotated[JsonEvidence, Tag("json")]
    | Annotated[PageEvidence, Tag("page")],
    Discriminator(_evidence_form),
]
"""An evidence item in any of its forms: a text span, a table cell, a JSON value, a PDF page."""

CitationList = Annotated[
    tuple[AnyEvidence, ...],
    documented(
        "Where the sources state this record, each in its form: a span of a text, a cell of "
        "a table, a value of a JSON file or a quote on a page of a PDF.",
        "この記録の根拠(資料の引用・表のセル・JSONの値・PDFのページの引用のいずれか)。",
        min_length=1,
    ),
]

CellEvidenceList = Annotated[
    tuple[CellEvidence, ...],
    documented(
        "The cells of the published table that state this record.",
        "この記録を示す公表表のセル。",
        min_length=1,
    ),
]

EvidenceList = Annotated[
    tuple[Evidence, ...],
    documented(
        "Verbatim quotes of the source documents that state this record.",
        "この記録の根拠となる資料の逐語引用。",
        min_length=1,
    ),
]


FieldName = Annotated[StrictStr, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
