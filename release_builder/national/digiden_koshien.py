"""夏のDigi田甲子園 2022 (内閣官房): the 159 entries of the contest as ``programs`` rows.

``dd-koshien-2022s.csv`` lists each entry under a prefecture with its category, title and the
URL of its entry PDF; 65 entries also state the entrant's place (``city``, the prefecture and
the municipality: ``北海道標津町``) and a description in the entrants' own words. One row per
entry, ``program_id`` ``digiden-2022s-<NN>-<M>`` from the PDF's file name; ``lg_code`` is the
stated place where there is one, else the prefecture the entry is listed under (the note says
which). What the file does not state is the curator's, read from ``curation.toml`` beside it:
the English names, the kind, and the keyword rules that assign the policy fields (marked
inferred, the note naming the keywords that matched). Every row cites the cells it uses.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from jpdx.enums import PolicyField, ProgramCategory, ProgramKind
from release_builder.errors import CurationError
from release_builder.national.cells import CellRef, RawTableError, read_records
from release_builder.national.importer import Context, Rows

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

FOLDER: Final = "cas-digiden-koshien-2022-summer"
FILE: Final = f"{FOLDER}/dd-koshien-2022s.csv"
CURATION: Final = f"{FOLDER}/curation.toml"
HEADER: Final = (
    "pref", "category", "name", "url", "src", "nettvid", "movie", "image", "city", "title",
    "description",
)  # fmt: skip
ROW_HEADER: Final = HEADER.index("url")
"""The field that heads a record in its cells' evidence: the entry PDF's URL, one per entry."""
CONTEST: Final = "夏のDigi田甲子園 2022"

_ENTRY_PDF = re.compile(
    r"https://www\.cas\.go\.jp/jp/seisaku/digital_denen/chiiki/pdf/(\d{2})-(\d+)\.pdf"
)
_WRAPPED_LINE = re.compile(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])")


def clean(text: str) -> str:
    """A published cell as a clean text field: NFC; a run of white space holding a line break
    between two non-ASCII characters removed (a line wrapped in Japanese text); any other run
    of white space one space; the ends stripped."""
    return " ".join(_WRAPPED_LINE.sub("", unicodedata.normalize("NFC", text)).split())


@dataclass(frozen=True)
class Reading:
    """The curator's reading of the file (``curation.toml``)."""

    kind: ProgramKind
    rules: Mapping[PolicyField, tuple[str, ...]]
    """Keywords per policy field, in the vocabulary's order."""
    fallback: PolicyField
    names_en: Mapping[str, str]
    """The English name of each entry, by entry number (``01-3``)."""

    def fields(self, *texts: str) -> dict[PolicyField, list[str]]:
        """The fields whose keywords occur in ``texts`` (NFKC, case-folded), with the keywords
        that matched; empty when none does."""
        folded = " ".join(unicodedata.normalize("NFKC", text).casefold() for text in texts)
        matched = {
            field: [k for k in keywords if unicodedata.normalize("NFKC", k).casefold() in folded]
            for field, keywords in self.rules.items()
        }
        return {field: keywords for field, keywords in matched.items() if keywords}


def _vocabulary_value(enum: Any, value: object, where: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise CurationError(
            f"{where}: {value!r} is not a {enum.__name__}; valid choices: {[m.value for m in enum]}",
            value=value,
        ) from None


def read_reading(reference: Path) -> Reading:
    """``curation.toml`` of the dataset, strictly: every key known, every value of its
    vocabulary, a non-empty list of keywords per field."""
    path = reference / CURATION
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CurationError(f"{path}: cannot read it: {error}", value=str(path)) from error
    expected = {"kind", "fallback", "fields", "names_en"}
    if set(data) != expected:
        raise CurationError(
            f"{path}: keys {sorted(data)}; expected {sorted(expected)}", value=sorted(data)
        )
    rules: dict[PolicyField, tuple[str, ...]] = {}
    for key, keywords in data["fields"].items():
        field = _vocabulary_value(PolicyField, key, f"{path} [fields]")
        if not (
            isinstance(keywords, list)
            and keywords
            and all(isinstance(k, str) and k for k in keywords)
        ):
            raise CurationError(f"{path} [fields] {key}: not a list of keywords", value=keywords)
        rules[field] = tuple(keywords)
    return Reading(
        kind=_vocabulary_value(ProgramKind, data["kind"], f"{path} kind"),
        rules={field: rules[field] for field in PolicyField if field in rules},
        fallback=_vocabulary_value(PolicyField, data["fallback"], f"{path} fallback"),
        names_en=dict(data["names_en"]),
    )


@dataclass(frozen=True)
class Entry:
    """One record of the file, its cells by column name."""

    row: int
    number: str
    """The entry number of its PDF (``01-3``)."""
    cells: Mapping[str, CellRef]

    def text(self, column: str) -> str:
        return self.cells[column].text


def read_entries(reference: Path) -> list[Entry]:
    """Every record of the file, checked: the header as expected, 11 fields per record, each
    URL an entry PDF numbered once."""
    records = read_records(reference / FILE)
    if not records or tuple(records[0]) != HEADER:
        raise RawTableError(f"{FILE} row 0: header {records[:1]}; expected {list(HEADER)}")
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for row, record in enumerate(records[1:], start=1):
        if len(record) != len(HEADER):
            raise RawTableError(f"{FILE} row {row}: {len(record)} fields; expected {len(HEADER)}")
        url = record[ROW_HEADER]
        found = _ENTRY_PDF.fullmatch(url)
        if found is None:
            raise RawTableError(
                f"{FILE} row {row} column {ROW_HEADER}: {url!r} is not an entry PDF's URL "
                f"({_ENTRY_PDF.pattern})"
            )
        number = f"{found.group(1)}-{found.group(2)}"
        if number in seen:
            raise RawTableError(f"{FILE} row {row}: entry {number} is also row {seen[number]}")
        seen[number] = row
        cells = {
            column: CellRef(FILE, row, index, record[index], url, column)
            for index, column in enumerate(HEADER)
        }
        entries.append(Entry(row, number, cells))
    return entries


def _category(entry: Entry) -> ProgramCategory:
    text = entry.text("category")
    for category in ProgramCategory:
        if category.ja == text:
            return category
    raise RawTableError(
        f"{FILE} row {entry.row} column {HEADER.index('category')}: {text!r} is not a category; "
        f"expected one of {[c.ja for c in ProgramCategory]}"
    )


def _place(entry: Entry, context: Context) -> tuple[str, str]:
    """The entry's lg_code and how it was placed: the stated ``city``, else its prefecture."""
    prefecture_name = entry.text("pref")
    where = f"{FILE} row {entry.row} column {HEADER.index('pref')}"
    prefecture = context.places.prefecture(prefecture_name, where)
    if entry.number[:2] != prefecture.lg_code[:2]:
        raise RawTableError(
            f"{where}: entry {entry.number} is numbered for prefecture {entry.number[:2]}, "
            f"but listed under {prefecture_name} ({prefecture.lg_code[:2]})"
        )
    city = entry.text("city")
    if not city:
        return prefecture.lg_code, (
            f"lg_code is the prefecture the entry is listed under (pref {prefecture_name}); "
            "the file does not name the entrant or its place."
        )
    where = f"{FILE} row {entry.row} column {HEADER.index('city')}"
    if not city.startswith(prefecture_name):
        raise RawTableError(f"{where}: {city!r} does not start with its pref {prefecture_name!r}")
    body = context.places.named(prefecture_name, city[len(prefecture_name) :], where)
    return body.lg_code, f"lg_code is the place the file states (city {city})."


def _fields_note(matched: Mapping[PolicyField, Sequence[str]], reading: Reading) -> str:
    rules = f"the keyword rules of sources/reference/{CURATION}"
    if not matched:
        return (
            f"fields inferred by {rules}: no keyword occurs in the name or description, so the "
            f"fallback {reading.fallback.value} (the contest's theme)."
        )
    found = "; ".join(f"{field.value} ({', '.join(words)})" for field, words in matched.items())
    return f"fields inferred by {rules} from the name and description: {found}."


def program_row(entry: Entry, context: Context, reading: Reading) -> dict[str, Any]:
    """The ``programs`` row of one entry."""
    name = clean(entry.text("name"))
    description = clean(entry.text("description"))
    title = clean(entry.text("title"))
    name_en = reading.names_en.get(entry.number)
    if name_en is None:
        raise CurationError(
            f"{FILE} row {entry.row}: entry {entry.number} has no English name in {CURATION}",
            value=entry.number,
        )
    lg_code, placed = _place(entry, context)
    matched = reading.fields(name, description)
    notes = [f"Entry {entry.number} of {CONTEST} ({entry.text('category')}).", placed]
    notes.append(_fields_note(matched, reading))
    if title and title != name:
        notes.append(f"The file's title column gives the name as 「{title}」.")
    cited = ("name", "category", "url", "pref", "city", "title", "description")
    return {
        "program_id": f"digiden-2022s-{entry.number}",
        "name": name,
        "name_en": name_en,
        "kind": reading.kind.value,
        "lg_code": lg_code,
        "fields": [field.value for field in matched] or [reading.fallback.value],
        "summary": description or None,
        "url": entry.text("url"),
        "category": _category(entry).value,
        "evidence": [context.sources.cite(entry.cells[c]) for c in cited if entry.text(c)],
        "inferred": ["fields"],
        "curation_note": " ".join(notes),
    }


class DigidenKoshien:
    """The importer of 夏のDigi田甲子園 2022: one ``programs`` row per entry."""

    folder = FOLDER

    def rows(self, context: Context) -> Rows:
        """The entries as ``programs`` rows; every English name in ``curation.toml`` is used."""
        reading = read_reading(context.reference)
        entries = read_entries(context.reference)
        unused = sorted(set(reading.names_en) - {entry.number for entry in entries})
        if unused:
            raise CurationError(
                f"{CURATION} [names_en]: entries {unused} are not in {FILE}", value=unused
            )
        return {"programs": [program_row(entry, context, reading) for entry in entries]}
