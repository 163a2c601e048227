"""The national tables of a release, from the published tables vendored under
``sources/reference/``: ``sources`` rows for the published files, ``indicators``,
``indicator_values``, ``code_changes``, and the websites and office coordinates of the
``municipalities``.

Each import module reads its files strictly (:class:`RawTableError` names file, row and
column); this module only turns what they read into rows of the tables, each value citing
its cell (``CellEvidence``). Nothing is computed here that a file does not state.
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
from release_builder.national import (
    card_issuance,
    dx_dashboard,
    json_values,
    localgovjp,
    mic_master,
    opendata_surveys,
    standardisation,
)
from release_builder.national.cells import CellRef, Observation
from release_builder.national.code_changes import CodeChange, CodeHistory, read_code_changes
from release_builder.national.wards import ward_rows

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DATASETS_FILE = "datasets.toml"
Rows = dict[str, list[dict[str, Any]]]


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
        """A cell as the evidence item of a row."""
        return {
            "source_id": self.source_id(cell.file),
            "row": cell.row,
            "column": cell.column,
            "quote": cell.text,
            "row_header": cell.row_header,
            "column_header": cell.column_header,
        }


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


def _id(*parts: object) -> str:
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
        if value_id in self.values:
            raise CurationError(f"two published values have the id {value_id}", value=value_id)
        self.values[value_id] = {
            "value_id": value_id,
            **row,
            "evidence": [self.sources.cite(cell) for cell in cells],
        }


def _clean(text: str) -> str:
    """Published text as a clean field: line breaks and runs of spaces as one space."""
    return " ".join(text.split())


# -- the imports ------------------------------------------------------------------------------

_UNITS = {"percent": "%", "procedures": "手続"}


def add_dashboard(tables: Tables, reference: Path) -> None:
    """The 自治体DX推進状況ダッシュボード: indicators and online-application rates."""
    dataset = tables.sources.datasets[dx_dashboard.FOLDER].dataset
    dx_dashboard.read_procedure_types(reference)  # the vocabulary fits the files both ways
    answers = [(a.id, a.label, a.name_en) for a in dx_dashboard.ANSWERS]
    readers = (
        dx_dashboard.read_municipal_indicators,
        dx_dashboard.read_municipal_online_rates,
        dx_dashboard.read_prefecture_indicators,
        dx_dashboard.read_prefecture_online_rates,
    )
    for read in readers:
        for observation in read(reference):
            measure = dx_dashboard.measure_of(observation)
            indicator_id = _id("dx", measure.id)
            tables.indicator(
                indicator_id,
                dataset,
                name=measure.label,
                name_en=measure.name_en,
                kind=measure.kind,
                unit=_UNITS.get(measure.unit or "", measure.unit),
                group=measure.group,
                cell=observation.cell,
                answers=answers if measure.kind == "answer" else (),
                procedure_type=measure.procedure_type,
            )
            tables.value(
                _id(indicator_id, observation.lg_code),
                _value_row(indicator_id, observation),
                [observation.cell],
            )


def _value_row(indicator_id: str, observation: Observation, **extra: Any) -> dict[str, Any]:
    return {
        "indicator_id": indicator_id,
        "lg_code": observation.lg_code,
        "code_as_published": observation.code_as_published,
        "name_as_published": observation.name_as_published,
        "value": observation.value_number,
        "answers": [observation.value_answer] if observation.value_answer else [],
        **extra,
    }


_CARD_MEASURES = {
    card_issuance.POPULATION: (
        "population",
        "Population (the denominator of the rate)",
        "count",
        "人",
    ),
    card_issuance.CARDS: ("cards-issued", "My Number cards issued", "count", "枚"),
    card_issuance.RATE: ("rate", "Cards issued per population", "percent", "%"),
}


def add_card_issuance(
    tables: Tables, reference: Path, history: CodeHistory, master: mic_master.Master
) -> None:
    """マイナンバーカード交付状況: population, cards issued and rate at every snapshot."""
    dataset = card_issuance.DATASET
    for snapshot in card_issuance.read_card_issuance(reference, history, master):
        taken = _snapshot_date(snapshot.folder)
        for observation in snapshot.observations:
            key, name_en, kind, unit = _CARD_MEASURES[observation.measure]
            indicator_id = _id("card", key)
            tables.indicator(
                indicator_id,
                dataset,
                name=observation.measure,
                name_en=name_en,
                kind=kind,
                unit=unit,
                cell=observation.cell,
            )
            day = observation.reference_date
            tables.value(
                _id(indicator_id, observation.lg_code, snapshot.folder),
                _value_row(
                    indicator_id,
                    observation,
                    as_of_date=day,
                    as_of_date_precision="day" if day else None,
                    snapshot=taken,
                ),
                [observation.cell],
            )


def _snapshot_date(folder: str) -> dt.date:
    return dt.date(int(folder[:4]), int(folder[4:6]), int(folder[6:8]))


def add_surveys(tables: Tables, reference: Path, master: mic_master.Master) -> None:
    """The open-data surveys of 2024 and 2020: each body's answers to the chosen questions."""
    for read, prefix in (
        (opendata_surveys.read_survey_2024, "od2024"),
        (opendata_surveys.read_survey_2020, "od2020"),
    ):
        survey = read(reference, master)
        first_cell: dict[str, CellRef] = {}
        for response in survey.responses:
            first_cell.setdefault(response.measure_id, response.cells[0])
        for question in survey.questions:
            tables.indicator(
                _id(prefix, question.measure_id),
                survey.dataset,
                name=question.label,
                name_en=question.name_en,
                kind="answers" if question.multiple else "answer",
                definition=question.definition,
                cell=first_cell[question.measure_id],
                definition_cell=question.definition_cell,
                answers=[(a.id, a.ja, a.en) for a in question.answers],
            )
        for response in survey.responses:
            indicator_id = _id(prefix, response.measure_id)
            tables.value(
                _id(indicator_id, response.lg_code),
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


def code_change_rows(changes: Sequence[CodeChange], sources: Sources) -> list[dict[str, Any]]:
    """One row per record of the e-Stat table, with the places its text names."""
    rows = []
    for change in changes:
        old, new = change.old, change.new
        rows.append(
            {
                "change_id": f"estat-{change.row}",
                "date": change.date,
                "kind": change.kind.value,
                "code": change.code,
                "name": change.municipality or change.district or change.prefecture,
                "old_codes": [p.code for p in old if p.code],
                "old_names": [p.name for p in old],
                "new_codes": [p.code for p in new if p.code],
                "new_names": [p.name for p in new],
                "parsed": all(s.parsed for s in change.statements),
                "evidence": [sources.cite(change.reason)],
            }
        )
    return rows


def add_places(
    municipalities: list[dict[str, Any]],
    reference: Path,
    sources: Sources,
    master: mic_master.Master,
    changes: Sequence[CodeChange],
) -> None:
    """Each body's official website and office coordinates (localgovjp, CC0), and the wards of
    the designated cities as new rows (:mod:`release_builder.national.wards`)."""
    listed = localgovjp.read_localgovjp(reference, master)
    sites = {site.lg_code: site for site in listed.sites}
    for row in municipalities:
        site = sites[row["lg_code"]]
        row["website"] = site.url
        row["latitude"] = site.latitude
        row["longitude"] = site.longitude
        row["evidence"] = [
            sources.cite(cell) for cell in (site.url_cell, site.latitude_cell, site.longitude_cell)
        ]
    municipalities += ward_rows(municipalities, listed, changes, sources.cite)


def national_rows(reference: Path, municipalities: list[dict[str, Any]]) -> Rows:
    """Every national table's rows (and the municipalities' sites and wards, added in place)."""
    datasets = read_datasets(reference)
    sources = Sources(reference, datasets)
    tables = Tables(sources)
    master = mic_master.read_master(reference)
    changes = read_code_changes(reference, master)
    history = CodeHistory(changes)
    add_dashboard(tables, reference)
    add_card_issuance(tables, reference, history, master)
    add_surveys(tables, reference, master)
    standardised = standardisation.standardisation_rows(reference, sources, master)
    change_rows = code_change_rows(changes, sources)
    add_places(municipalities, reference, sources, master, changes)
    return {
        "sources": list(sources.rows.values()),
        "indicators": [*tables.indicators.values(), *standardised["indicators"]],
        "indicator_values": [*tables.values.values(), *standardised["indicator_values"]],
        "code_changes": change_rows,
    }
