"""The ``sources`` rows of the published files that national imports cite (:class:`Sources`),
and the ``indicators`` and ``indicator_values`` rows of an import that states indicators
(:class:`Tables`, which describes each indicator once and refuses a value id given twice).

Nothing is computed here that a file does not state: each value cites its cell
(``CellEvidence``), and each file cited becomes one ``sources`` row from ``datasets.toml``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jpdx.enums import ProcedureType
from release_builder.errors import CurationError
from release_builder.national import json_values
from release_builder.national.cells import CellRef, Observation
from release_builder.national.sheets import read_sheet

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DATASETS_FILE = "datasets.toml"


@dataclass(frozen=True)
class Dataset:
    """A published table's provenance, from ``datasets.toml``."""

    dataset: str
    folder: str
    facts: Mapping[str, Any]
    file_ids: Mapping[str, str] = field(default_factory=dict)


def read_datasets(reference: Path) -> dict[str, Dataset]:
    """The datasets listed in ``sources/reference/datasets.toml``, by folder."""
    path = reference / DATASETS_FILE
    try:
        with path.open("rb") as handle:
            entries = tomllib.load(handle)["datasets"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        raise CurationError(
            f"{path}: cannot read the datasets: {error}", value=str(path)
        ) from error
    datasets = {}
    for entry in entries:
        facts = {k: v for k, v in entry.items() if k not in ("folder", "file_ids")}
        datasets[entry["folder"]] = Dataset(
            entry["dataset"], entry["folder"], facts, entry.get("file_ids", {})
        )
    return datasets


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)  # ids repeat their parts (indicators, codes, snapshots) 400,000 times
def _slug(text: str) -> str:
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


class Sources:
    """The sources rows of the published files that evidence cites, made on first citation."""

    def __init__(self, reference: Path, datasets: Mapping[str, Dataset]) -> None:
        self.reference = reference
        self.datasets = datasets
        self.rows: dict[str, dict[str, Any]] = {}
        self._ids: dict[str, str] = {}

    def dataset(self, folder: str) -> Dataset:
        """The dataset of a folder under ``sources/reference/``."""
        dataset = self.datasets.get(folder)
        if dataset is None:
            raise CurationError(
                f"{folder}: the folder is not listed in {DATASETS_FILE}; listed: "
                f"{sorted(self.datasets)}",
                value=folder,
            )
        return dataset

    def source_id(self, file: str) -> str:
        """The source_id of a file (its path under ``sources/reference/``)."""
        known = self._ids.get(file)
        if known is not None:
            return known
        folder, _, inner = file.partition("/")
        dataset = self.datasets.get(folder)
        if dataset is None:
            raise CurationError(f"{file}: its folder is not listed in {DATASETS_FILE}", value=file)
        suffix = dataset.file_ids.get(inner) or _slug(inner.removesuffix(".csv"))
        source_id = f"{dataset.dataset}-{suffix}" if suffix else dataset.dataset
        self.rows[source_id] = self._row(source_id, file, dataset)
        self._ids[file] = source_id
        return source_id

    def _row(self, source_id: str, file: str, dataset: Dataset) -> dict[str, Any]:
        if Path(file).suffix in BINARY_SUFFIXES:
            return self._binary_row(source_id, file, dataset)
        data = (self.reference / file).read_bytes()
        text = data.decode("utf-8-sig")
        facts = dataset.facts
        date = facts.get("date")
        snapshot = re.search(r"/(\d{4})(\d{2})(\d{2})/", f"/{file}")
        if snapshot:  # a dated snapshot folder: the file's own date
            date = dt.date(*(int(part) for part in snapshot.groups()))
        return {
            "source_id": source_id,
            "title": f"{facts['title']} {Path(file).name}",
            "title_en": f"{facts['title_en']}: {Path(file).name}",
            "publisher": facts["publisher"],
            "kind": facts["kind"],
            "date": date,
            "date_precision": "day" if date else None,
            "url": facts.get("url"),
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "text_chars": len(text),
            "dataset": dataset.dataset,
            "licence": facts.get("licence"),
            "retrieved_from": facts["retrieved_from"],
            "file_sha256": hashlib.sha256(data).hexdigest(),
            "evidence": [_self_evidence(source_id, file, text, dataset)],
            "curation_note": facts.get("note"),
        }

    def cite(self, cell: CellRef) -> dict[str, Any]:
        """A cell as the evidence item of a row (a workbook's cell names its sheet)."""
        item = {
            "source_id": self.source_id(cell.file),
            "row": cell.row,
            "column": cell.column,
            "quote": cell.text,
            "row_header": cell.row_header,
            "column_header": cell.column_header,
        }
        if cell.sheet is not None:
            return {"source_id": item["source_id"], "sheet": cell.sheet, **item}
        return item

    def cite_page(self, file: str, page: int, quote: str) -> dict[str, Any]:
        """A quote on a page (1-based) of a PDF as the evidence item of a row; the quote must be
        a verbatim part of pypdf's text of that page."""
        if quote not in pdf_pages(self.reference / file)[page - 1]:
            raise CurationError(f"{file} page {page}: does not contain {quote!r}", value=quote)
        return {"source_id": self.source_id(file), "page": page, "quote": quote}

    def _binary_row(self, source_id: str, file: str, dataset: Dataset) -> dict[str, Any]:
        """The sources row of a workbook or PDF: titled by the text its first cell (a
        workbook's title row) or the first line of its first page states, which is its
        evidence; no text hash (the file is not text), the file's sha256."""
        path = self.reference / file
        if path.suffix == ".pdf":
            page = pdf_pages(path)[0]
            title = next(line.strip() for line in page.splitlines() if _HAS_KANJI.search(line))
            evidence: dict[str, Any] = {"source_id": source_id, "page": 1, "quote": title}
        else:
            sheet = read_sheet(self.reference, file)
            cell = sheet.cell(0, 0, row_header_column=0, header_row=0)
            title = cell.text
            evidence = {
                "source_id": source_id,
                "sheet": sheet.name,
                "row": 0,
                "column": 0,
                "quote": title,
                "row_header": cell.row_header,
                "column_header": cell.column_header,
            }
        facts = dataset.facts
        inner = file.partition("/")[2]
        return {
            "source_id": source_id,
            "title": f"{title} ({inner})",
            "title_en": f"{facts['title_en']}: {inner}",
            "publisher": facts["publisher"],
            "kind": facts["kind"],
            "date": facts.get("date"),
            "date_precision": "day" if facts.get("date") else None,
            "url": facts.get("url"),
            "text_sha256": None,
            "text_chars": None,
            "dataset": dataset.dataset,
            "licence": facts.get("licence"),
            "retrieved_from": facts["retrieved_from"],
            "file_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "evidence": [evidence],
            "curation_note": facts.get("note"),
        }


BINARY_SUFFIXES = frozenset({".xls", ".xlsx", ".pdf"})
"""Files cited by sheet cell or page quote: their sources rows carry no text hash."""
_HAS_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@lru_cache(maxsize=8)
def pdf_pages(path: Path) -> tuple[str, ...]:
    """The text of each page of a PDF as pypdf extracts it (``PdfReader(path).pages[i]
    .extract_text()``), the text page evidence quotes."""
    from pypdf import PdfReader  # a build-time dependency, imported where a PDF is cited

    return tuple(page.extract_text() for page in PdfReader(path).pages)


def _self_evidence(source_id: str, file: str, text: str, dataset: Dataset) -> dict[str, Any]:
    """What a file states of itself: the value at the pointer or the verbatim line that
    ``title_evidence`` in ``datasets.toml`` names for it (a JSON value or a text span), or else
    its first line."""
    stated = dataset.facts.get("title_evidence", {}).get(file.partition("/")[2])
    if stated is not None and file.endswith(".json"):
        try:
            quote = json_values.quote_of(
                json_values.resolve(json_values.literal_tree(text), stated)
            )
        except (LookupError, TypeError) as error:
            raise CurationError(
                f"{file}: title_evidence {stated!r}: {error}", value=file
            ) from error
        return {"source_id": source_id, "pointer": stated, "quote": quote}
    if stated is None:
        quote, start = re.split(r"[\r\n]", text, maxsplit=1)[0], 0
    elif text.count(stated) == 1:
        quote, start = stated, text.index(stated)
    else:
        raise CurationError(
            f"{file}: title_evidence {stated!r} occurs {text.count(stated)} times, not once",
            value=file,
        )
    return {"source_id": source_id, "quote": quote, "start": start, "end": start + len(quote)}


def row_id(*parts: object) -> str:
    """An id of slugs of its parts joined by ``-`` (None parts left out)."""
    return "-".join(_slug(str(part)) for part in parts if part is not None)


class Tables:
    """The rows of the national tables, as the imports add them."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self.indicators: dict[str, dict[str, Any]] = {}
        self.values: dict[str, dict[str, Any]] = {}

    def indicator(
        self,
        indicator_id: str,
        dataset: str,
        *,
        name: str,
        name_en: str,
        kind: str,
        cell: CellRef,
        group: str | None = None,
        definition: str | None = None,
        unit: str | None = None,
        answers: Iterable[tuple[str, str, str]] = (),
        procedure_type: ProcedureType | None = None,
        definition_cell: CellRef | None = None,
    ) -> None:
        """Describe an indicator once: the first cell that states it is its evidence, then the
        cell of the survey's questions file that states its definition, if any."""
        if indicator_id in self.indicators:
            return
        self.indicators[indicator_id] = {
            "indicator_id": indicator_id,
            "dataset": dataset,
            "group": _clean(group) if group else None,
            "name": _clean(name),
            "name_en": name_en,
            "definition": _clean(definition) if definition else None,
            "kind": kind,
            "unit": unit,
            "answers": [{"value": v, "ja": _clean(ja), "en": en} for v, ja, en in answers],
            "procedure_type": procedure_type.value if procedure_type else None,
            "evidence": [self.sources.cite(c) for c in (cell, definition_cell) if c is not None],
        }

    def value(self, value_id: str, row: dict[str, Any], cells: Sequence[CellRef]) -> None:
        """Add one indicator value citing its cells (an id given twice is an error)."""
        if value_id in self.values:
            raise CurationError(f"two published values have the id {value_id}", value=value_id)
        self.values[value_id] = {
            "value_id": value_id,
            **row,
            "evidence": [self.sources.cite(cell) for cell in cells],
        }

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """The ``indicators`` and ``indicator_values`` rows added."""
        return {
            "indicators": list(self.indicators.values()),
            "indicator_values": list(self.values.values()),
        }


def value_row(indicator_id: str, observation: Observation, **extra: Any) -> dict[str, Any]:
    """The ``indicator_values`` row of an observation (without its id and evidence)."""
    return {
        "indicator_id": indicator_id,
        "lg_code": observation.lg_code,
        "code_as_published": observation.code_as_published,
        "name_as_published": observation.name_as_published,
        "value": observation.value_number,
        "answers": [observation.value_answer] if observation.value_answer else [],
        **extra,
    }


def _clean(text: str) -> str:
    """Published text as a clean field: line breaks and runs of spaces as one space."""
    return " ".join(text.split())
