"""The standardisation of local governments' core systems (地方公共団体情報システムの標準化),
from an intermediary's conversion of the government's workbooks
(``sources/reference/gcinsight-standardization-2026-01/``):

- ``standardization.json``: each municipality's overall rate and its 20 業務 rates, 2026-01,
  named by prefecture and name only; every name is placed on exactly one municipality and every
  municipality is named once.
- ``tokutei_detail.json``: the bodies (6-digit codes) that デジタル庁's list as of the end of
  2025-12 marks as expected to need a 特定移行支援システム, with the 業務 marked. Only what is
  listed has a value; a body or 業務 not listed has none (absence is not a stated "no").

Names, definitions (quoting the converters ``parse_soumu.py`` and ``parse_tokutei.py``, which
are cited as text spans) and the 業務 of the two files are data: ``indicators.toml``. Every value
cites its JSON value (pointer and the value as written). The intermediary's own aggregates and
risk bands are not read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from jpdx.dates import parse_date
from release_builder.errors import CurationError
from release_builder.national.cells import RawTableError
from release_builder.national.importer import Context, Rows
from release_builder.national.json_values import (
    JsonRef,
    Number,
    pointer,
    quote_of,
    read_literal_tree,
)
from release_builder.national.labels import read_labels
from release_builder.national.mic_master import MasterBody
from release_builder.national.placing import Claims, Placer, PlacingError, name_matches
from release_builder.national.tables import Sources

FOLDER: Final = "gcinsight-standardization-2026-01"
SPEC_FILE: Final = "indicators.toml"
RATE_KEYS: Final = ("prefecture", "city", "overall_rate", "business_rates")
FLAG_KEYS: Final = (
    "code",
    "prefecture",
    "city",
    "name",
    "category",
    "applicable_count",
    "applicable_businesses",
)
_NUMBER = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_END_OF_MONTH = re.compile(r"（(令和[0-9]+年[0-9]+月)末時点）")


@dataclass(frozen=True)
class Business:
    """One 業務, as each file names it (``rates`` is None where the rates file lacks it)."""

    slug: str
    en: str
    rates: str | None
    flags: str


@dataclass(frozen=True)
class Template:
    """An indicator's id, names, definition and converter quotes; ``{slug}``, ``{business}``
    and ``{business_en}`` stand for its 業務."""

    id: str
    name: str
    name_en: str
    definition: str
    quotes: tuple[str, ...]

    def of(self, business: Business | None, named: str | None) -> Template:
        """The template filled in for ``business`` named ``named`` in its file."""
        if business is None or named is None:
            return self
        fill = {"slug": business.slug, "business": named, "business_en": business.en}
        return Template(
            self.id.format(**fill),
            self.name.format(**fill),
            self.name_en.format(**fill),
            self.definition.format(**fill, quotes="{quotes}"),
            tuple(q.replace("{business}", named) for q in self.quotes),
        )


@dataclass(frozen=True)
class Part:
    """One of the two files: which file, its converter and where it states its date."""

    file: str
    converter: str
    as_of_pointer: str


@dataclass(frozen=True)
class Spec:
    """``indicators.toml``."""

    rates: Part
    unit: str
    overall: Template
    rate: Template
    flags: Part
    answer: tuple[str, str, str]
    flag: Template
    businesses: tuple[Business, ...]


def _template(table: Mapping[str, Any]) -> Template:
    return Template(
        table["id"], table["name"], table["name_en"], table["definition"], tuple(table["quotes"])
    )


def _part(table: Mapping[str, Any]) -> Part:
    return Part(
        f"{FOLDER}/{table['file']}", f"{FOLDER}/{table['converter']}", table["as_of_pointer"]
    )


def read_spec(reference: Path) -> Spec:
    """The folder's ``indicators.toml``; a missing key is a :class:`CurationError` naming it."""
    file = f"{FOLDER}/{SPEC_FILE}"
    data = read_labels(reference, file)
    try:
        rates, flags = data["rates"], data["flags"]
        return Spec(
            rates=_part(rates),
            unit=rates["unit"],
            overall=_template(rates["overall"]),
            rate=_template(rates["business"]),
            flags=_part(flags),
            answer=(flags["answer"]["value"], flags["answer"]["ja"], flags["answer"]["en"]),
            flag=_template(flags["business"]),
            businesses=tuple(
                Business(b["slug"], b["en"], b.get("rates"), b["flags"]) for b in data["business"]
            ),
        )
    except KeyError as error:
        raise CurationError(f"{file}: no key {error} where expected", value=file) from error


@dataclass(frozen=True)
class AsOf:
    """The date a file states for its values, and where it states it."""

    date: dt.date
    precision: str
    stated: JsonRef


@dataclass(frozen=True)
class Value:
    """One value as read: its 業務 (None: the overall rate) and the JSON value that states
    it."""

    business: Business | None
    ref: JsonRef


@dataclass(frozen=True)
class Rated:
    """One entry of ``standardization.json``'s ``municipalities[]``, with its 21 rates."""

    index: int
    prefecture: str
    city: str
    rates: tuple[Value, ...]


@dataclass(frozen=True)
class Listed:
    """One entry of ``tokutei_detail.json``'s ``municipalities[]``, with its marked 業務."""

    index: int
    code: str
    name: str
    flags: tuple[Value, ...]


_JSON_KINDS: Final[dict[type, str]] = {
    str: "a string",
    Number: "a number",
    list: "an array",
    dict: "an object",
}


def _at(tree: Any, file: str, *tokens: str | int, kind: type) -> Any:
    """The value at a path of ``tree``, of JSON kind ``kind`` (a string is not a number)."""
    node = tree
    for depth, token in enumerate(tokens):
        try:
            node = node[token]
        except (KeyError, IndexError, TypeError) as error:
            raise RawTableError(f"{file} {pointer(*tokens[: depth + 1])}: missing") from error
    if not isinstance(node, kind) or (kind is str and isinstance(node, Number)):
        shown = node if isinstance(node, Number) else repr(node)
        raise RawTableError(
            f"{file} {pointer(*tokens)}: expected {_JSON_KINDS[kind]}, got {shown}"[:300]
        )
    return node


def _entries(tree: Any, file: str, keys: Sequence[str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = _at(tree, file, "municipalities", kind=list)
    for index in range(len(entries)):
        found = tuple(_at(tree, file, "municipalities", index, kind=dict))
        if found != tuple(keys):
            raise RawTableError(
                f"{file} {pointer('municipalities', index)}: expected the keys {list(keys)}, "
                f"got {list(found)}"
            )
    return entries


def _rate(file: str, where: str, business: Business | None, value: Any) -> Value:
    """The rate at pointer ``where``: a number from 0 to 1 as written, or null."""
    if value is not None and not (isinstance(value, Number) and _NUMBER.fullmatch(value)):
        raise RawTableError(f"{file} {where}: expected a number or null, got {value!r}")
    if value is not None and not 0 <= float(value) <= 1:
        raise RawTableError(f"{file} {where}: {value} is not a rate between 0 and 1")
    return Value(business, JsonRef(file, where, quote_of(value)))


def read_rates(reference: Path, spec: Spec) -> tuple[AsOf, list[Rated]]:
    """The as-of month and every municipality's rates, each 業務 key checked against
    ``indicators.toml`` (the same keys in the same order in every entry)."""
    file = spec.rates.file
    tree = read_literal_tree(reference / file, file)
    rated = [(b, b.rates, pointer("business_rates", b.rates)) for b in spec.businesses if b.rates]
    keys = [key for _, key, _ in rated]
    month = _at(tree, file, *_tokens(spec.rates.as_of_pointer), kind=str)
    match = _MONTH.fullmatch(month)
    if not match:
        raise RawTableError(f"{file} {spec.rates.as_of_pointer}: {month!r} is not a month YYYY-MM")
    as_of = AsOf(
        dt.date(int(match[1]), int(match[2]), 1),
        "month",
        JsonRef(file, spec.rates.as_of_pointer, month),
    )
    out = []
    for index, entry in enumerate(_entries(tree, file, RATE_KEYS)):
        at = pointer("municipalities", index)
        rates = _at(tree, file, "municipalities", index, "business_rates", kind=dict)
        if list(rates) != keys:
            raise RawTableError(
                f"{file} {at}/business_rates: expected the 業務 {keys} ({SPEC_FILE}), got "
                f"{list(rates)}"
            )
        values = [_rate(file, f"{at}/overall_rate", None, entry["overall_rate"])]
        values += [_rate(file, at + path, b, rates[key]) for b, key, path in rated]
        out.append(
            Rated(
                index,
                _at(tree, file, "municipalities", index, "prefecture", kind=str),
                _at(tree, file, "municipalities", index, "city", kind=str),
                tuple(values),
            )
        )
    return as_of, out


def read_flags(reference: Path, spec: Spec) -> tuple[AsOf, list[Listed]]:
    """The as-of day (the end of the month the list states) and every listed body's marked
    業務, each a 業務 of ``indicators.toml`` and listed once; ``applicable_count`` (the
    intermediary's count) must equal the number listed."""
    file = spec.flags.file
    tree = read_literal_tree(reference / file, file)
    by_name = {b.flags: b for b in spec.businesses}
    title = _at(tree, file, *_tokens(spec.flags.as_of_pointer), kind=str)
    match = _END_OF_MONTH.search(title)
    if not match:
        raise RawTableError(
            f"{file} {spec.flags.as_of_pointer}: {title!r} states no （令和…年…月末時点）"
        )
    month = parse_date(match[1]).date
    as_of = AsOf(
        month.replace(day=calendar.monthrange(month.year, month.month)[1]),
        "day",
        JsonRef(file, spec.flags.as_of_pointer, title),
    )
    out = []
    for index, _entry in enumerate(_entries(tree, file, FLAG_KEYS)):
        marked: list[str] = _at(
            tree, file, "municipalities", index, "applicable_businesses", kind=list
        )
        values = []
        for position, name in enumerate(marked):
            where = pointer("municipalities", index, "applicable_businesses", position)
            business = by_name.get(name) if isinstance(name, str) else None
            if business is None:
                raise RawTableError(
                    f"{file} {where}: {name!r} is not a 業務 of {SPEC_FILE}; expected one of "
                    f"{sorted(by_name)}"
                )
            if name in marked[:position]:
                raise RawTableError(f"{file} {where}: {name!r} is listed twice")
            values.append(Value(business, JsonRef(file, where, name)))
        count = _at(tree, file, "municipalities", index, "applicable_count", kind=Number)
        if count != str(len(marked)):
            raise RawTableError(
                f"{file} {pointer('municipalities', index, 'applicable_count')}: {count} but "
                f"{len(marked)} 業務 listed"
            )
        out.append(
            Listed(
                index,
                _at(tree, file, "municipalities", index, "code", kind=str),
                _at(tree, file, "municipalities", index, "name", kind=str),
                tuple(values),
            )
        )
    return as_of, out


def _tokens(where: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in where.split("/")[1:]]


# -- placing ----------------------------------------------------------------------------------


def place_rated(rated: Sequence[Rated], places: Placer, file: str) -> list[MasterBody]:
    """The municipality of each entry (by prefecture and name), proving that each entry names
    exactly one and that each of the MIC list's municipalities is named exactly once; a
    failure names the entry's JSON pointer."""
    claims = Claims(file)
    placed = []
    for entry in rated:
        at = pointer("municipalities", entry.index)
        body = places.named(entry.prefecture, entry.city, f"{file} {at}")
        claims.claim(body, at)
        placed.append(body)
    missing = claims.unclaimed(tuple(places.master.municipalities.values()))
    if missing:
        raise PlacingError(
            f"{file} /municipalities: {len(missing)} municipalities are not named: "
            f"{[b.full_name for b in missing[:10]]}"
        )
    return placed


def place_listed(listed: Sequence[Listed], places: Placer, file: str) -> list[MasterBody]:
    """The body of each listed code (6 digits with the check digit, a body of the MIC list),
    its name checked against the list's (the prefecture, then the municipality's name), each
    body listed once."""
    claims = Claims(file)
    placed = []
    for entry in listed:
        at = pointer("municipalities", entry.index)
        where = f"{file} {at}/code"
        body = places.body(places.code(entry.code, where, check_digit=True), where)
        prefecture, _, city = entry.name.partition(body.prefecture)
        if prefecture or not (name_matches(body, city) or (body.is_prefecture and not city)):
            raise PlacingError(f"{where}: {entry.code} is {body.full_name}, not {entry.name!r}")
        claims.claim(body, at)
        placed.append(body)
    return placed


# -- rows -------------------------------------------------------------------------------------


def _cite(sources: Sources, ref: JsonRef) -> dict[str, Any]:
    return {"source_id": sources.source_id(ref.file), "pointer": ref.pointer, "quote": ref.quote}


def _spans(
    sources: Sources, reference: Path, file: str, quotes: Sequence[str]
) -> list[dict[str, Any]]:
    text = (reference / file).read_text(encoding="utf-8")
    spans = []
    for quote in quotes:
        if text.count(quote) != 1:
            raise CurationError(
                f"{file}: {quote!r} ({SPEC_FILE}) occurs {text.count(quote)} times, not once",
                value=quote,
            )
        start = text.index(quote)
        spans.append(
            {
                "source_id": sources.source_id(file),
                "quote": quote,
                "start": start,
                "end": start + len(quote),
            }
        )
    return spans


class _Rows:
    """The indicators and values of the import, as they are added."""

    def __init__(self, reference: Path, sources: Sources, dataset: str, spec: Spec) -> None:
        self.reference, self.sources, self.dataset, self.spec = reference, sources, dataset, spec
        self.indicators: dict[str, dict[str, Any]] = {}
        self.values: list[dict[str, Any]] = []
        self._filled: dict[tuple[str, str | None], Template] = {}

    def add(
        self,
        template: Template,
        part: Part,
        as_of: AsOf,
        value: Value,
        body: MasterBody,
        published: tuple[str | None, str],
    ) -> None:
        """One value (and its indicator, described at its first value)."""
        answer = part is self.spec.flags
        business = value.business
        key = (template.id, business.slug if business else None)
        filled = self._filled.get(key)
        if filled is None:
            named = None if business is None else business.flags if answer else business.rates
            filled = self._filled[key] = template.of(business, named)
        if filled.id not in self.indicators:
            quoted = "; ".join(f"`{q}`" for q in filled.quotes)
            self.indicators[filled.id] = {
                "indicator_id": filled.id,
                "dataset": self.dataset,
                "group": None,
                "name": filled.name,
                "name_en": filled.name_en,
                "definition": " ".join(filled.definition.replace("{quotes}", quoted).split()),
                "kind": "answer" if answer else "number",
                "unit": None if answer else self.spec.unit,
                "answers": [dict(zip(("value", "ja", "en"), self.spec.answer, strict=True))]
                if answer
                else [],
                "procedure_type": None,
                "evidence": [
                    _cite(self.sources, value.ref),
                    _cite(self.sources, as_of.stated),
                    *_spans(self.sources, self.reference, part.converter, filled.quotes),
                ],
            }
        quote = value.ref.quote
        self.values.append(
            {
                "value_id": f"{filled.id}-{body.lg_code}-{as_of.date:%Y-%m}",
                "indicator_id": filled.id,
                "lg_code": body.lg_code,
                "code_as_published": published[0],
                "name_as_published": published[1],
                "as_of_date": as_of.date,
                "as_of_date_precision": as_of.precision,
                "value": None if answer or quote == "null" else float(quote),
                "answers": [self.spec.answer[0]] if answer else [],
                "evidence": [_cite(self.sources, value.ref)],
            }
        )


class Standardisation:
    """The import of the folder: ``indicators`` and ``indicator_values``."""

    folder = FOLDER

    def rows(self, context: Context) -> Rows:
        """The 21 rate indicators with a value for each municipality, and the 21 flag
        indicators with a value for each listed body and marked 業務."""
        reference, places = context.reference, context.places
        spec = read_spec(reference)
        rows = _Rows(reference, context.sources, context.dataset(FOLDER), spec)
        as_of, rated = read_rates(reference, spec)
        for entry, body in zip(rated, place_rated(rated, places, spec.rates.file), strict=True):
            for value in entry.rates:
                template = spec.overall if value.business is None else spec.rate
                rows.add(template, spec.rates, as_of, value, body, (None, entry.city))
        as_of, listed = read_flags(reference, spec)
        for item, body in zip(listed, place_listed(listed, places, spec.flags.file), strict=True):
            for value in item.flags:
                rows.add(spec.flag, spec.flags, as_of, value, body, (item.code, item.name))
        return {"indicators": list(rows.indicators.values()), "indicator_values": rows.values}
