"""e-Stat 廃置分合等情報: dated changes of local-government codes, and today's code of a code
as published on a date.

Each record of the table is one code touched by one change (so one change fills several
records). The 改正事由 text names the old and new codes (``那珂川町(40305)が那珂川市(40231)に
市制施行``); it is split into statements (one per line) and each statement is parsed by exactly
one pattern of a closed vocabulary (:class:`ChangeKind`) into transitions from old places to new
ones. A statement that no pattern fits is kept with its kind (recognised by its wording), its
text and the codes it names, and marked unparsed: nothing is guessed from it.

"Today" is the state after the last change in the table. A code as published on a date is
carried forward through every change after that date; a change effective on the date itself is
taken to be reflected in the publication.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jpdx.codes import check_digit
from jpdx.enums import ChangeKind
from release_builder.national.cells import CellRef, RawTableError, read_records
from release_builder.national.mic_master import Master

if TYPE_CHECKING:  # the importer interface is built on this module's CodeHistory
    from release_builder.national.importer import Context, Rows

FILE = "estat-municipal-changes/estat-haichi.csv"
HEADER = (
    "標準地域コード",
    "都道府県",
    "政令市・郡・支庁・振興局等",
    "政令市・郡・支庁・振興局等（ふりがな）",
    "市区町村",
    "市区町村（ふりがな）",
    "廃置分合等施行年月日",
    "改正事由",
)
REASON_COLUMN = 7
# Records that the published table repeats verbatim (code, date): kept both, reported.
KNOWN_DUPLICATES = frozenset({("11238", "2011-01-04"), ("29321", "1991-10-24")})


# Kinds whose old places keep their code (a status, or a ward that loses only part of its area).
PERSISTING = frozenset(
    {
        ChangeKind.special_city,
        ChangeKind.core_city,
        ChangeKind.special_to_core_city,
        ChangeKind.ward_split,
    }
)


@dataclass(frozen=True)
class Place:
    """A place named in 改正事由: its name, and its code, reading and part where the text says."""

    name: str
    code: str | None = None
    reading: str | None = None
    part: str | None = None


@dataclass(frozen=True)
class Transition:
    """One step from old places to new ones (``via``: the intermediate name of a compound step)."""

    kind: ChangeKind
    old: tuple[Place, ...]
    new: tuple[Place, ...]
    via: Place | None = None

    @property
    def retires_old(self) -> bool:
        """True when the old codes stop being used (they pass to ``new``)."""
        return self.kind not in PERSISTING

    @property
    def creates_new(self) -> bool:
        """True when the new codes come into use (every kind but absorption, whose receiver
        exists already)."""
        return self.kind is not ChangeKind.absorption


@dataclass(frozen=True)
class Statement:
    """One line of 改正事由, with its kind and, when parsed, its transitions."""

    text: str
    kind: ChangeKind
    parsed: bool
    transitions: tuple[Transition, ...]
    codes: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """True when parsed and every old and new place has a code."""
        return self.parsed and all(
            place.code is not None
            for transition in self.transitions
            for place in (*transition.old, *transition.new)
        )


@dataclass(frozen=True)
class CodeChange:
    """One record of the table: a code touched by a change on a date."""

    row: int
    code: str
    prefecture: str
    district: str | None
    district_reading: str | None
    municipality: str | None
    municipality_reading: str | None
    date: dt.date
    reason: CellRef
    statements: tuple[Statement, ...]

    @property
    def principal(self) -> Statement:
        """The statement that names this record's code (the first statement otherwise)."""
        for statement in self.statements:
            if self.code in statement.codes:
                return statement
        return self.statements[0]

    @property
    def kind(self) -> ChangeKind:
        """The kind of the principal statement."""
        return self.principal.kind

    @property
    def old(self) -> tuple[Place, ...]:
        """The old places of the principal statement."""
        return tuple(place for t in self.principal.transitions for place in t.old)

    @property
    def new(self) -> tuple[Place, ...]:
        """The new places of the principal statement."""
        return tuple(place for t in self.principal.transitions for place in t.new)

    @property
    def complete(self) -> bool:
        """True when every statement is parsed and every place in it has a code."""
        return all(statement.complete for statement in self.statements)


class CodeChangeError(LookupError):
    """A code cannot be carried to today's code (it names the change records in the way)."""


# --- parsing 改正事由 -------------------------------------------------------------------------

_OPEN, _CLOSE = "[(（]", "[)）]"
_NAME = r"[^、()（）\s　]+?"
_READING = r"[ぁ-ゖー]+"
_ITEM = rf"{_NAME}{_OPEN}(?:{_READING}、)?\d{{5}}{_CLOSE}"
_PART = r"(?:（[^）]*）|大字[^、が]*)"
_LIST = rf"{_ITEM}{_PART}?(?:[、と]{_ITEM}{_PART}?)*"
_ITEM_RE = re.compile(
    rf"(?P<name>{_NAME}){_OPEN}(?:(?P<reading>{_READING})、)?(?P<code>\d{{5}}){_CLOSE}"
    rf"(?:（(?P<bracket_part>[^）]*)）|(?P<part>大字[^、が]*))?"
)
_VIA_RE = re.compile(rf"(?P<name>{_NAME})(?:{_OPEN}(?P<reading>{_READING}){_CLOSE})?")
_CODE_RE = re.compile(rf"{_OPEN}(?:{_READING}、)?(\d{{5}}){_CLOSE}")

_PATTERNS: tuple[tuple[ChangeKind | None, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            ChangeKind.designated_city,
            rf"(?P<old>{_ITEM})の(?P<new>{_ITEM})への政令指定都市(?:施行|移行)",
        ),
        (None, rf"(?P<new>{_LIST})の新設"),
        (None, rf"(?P<old>{_ITEM})の廃止"),
        (ChangeKind.absorption, rf"(?P<old>{_LIST})が(?P<new>{_ITEM})に編入"),
        (ChangeKind.new_merger, rf"(?P<old>{_LIST})が合併し、(?P<new>{_ITEM}|{_NAME})を新設"),
        (ChangeKind.city_status, rf"(?P<old>{_ITEM})が(?P<new>{_ITEM})に市制施行"),
        (ChangeKind.town_status, rf"(?P<old>{_ITEM})が(?P<new>{_ITEM})に町制施行"),
        (None, rf"(?P<old>{_ITEM})が(?P<new>{_ITEM})に名称変更"),
        (
            ChangeKind.city_status_renamed,
            rf"(?P<old>{_ITEM})が(?P<via>{_NAME})に市制施行し、(?P<new>{_ITEM})に名称変更",
        ),
        (
            ChangeKind.town_status_renamed,
            rf"(?P<old>{_ITEM})が(?P<via>{_NAME})に町制施行し、(?P<new>{_ITEM})に名称変更",
        ),
        (
            ChangeKind.renamed_city_status,
            rf"(?P<old>{_ITEM})が(?P<via>{_NAME}(?:{_OPEN}{_READING}{_CLOSE})?)に名称変更し、"
            rf"(?P<new>{_ITEM})に市制施行",
        ),
        (
            ChangeKind.renamed_town_status,
            rf"(?P<old>{_ITEM})が(?P<via>{_NAME}(?:{_OPEN}{_READING}{_CLOSE})?)に名称変更し、"
            rf"(?P<new>{_ITEM})に町制施行",
        ),
        (ChangeKind.special_city, rf"(?P<old>{_ITEM})が特例市に移行"),
        (ChangeKind.core_city, rf"(?P<old>{_ITEM})が中核市に移行"),
        (ChangeKind.special_to_core_city, rf"(?P<old>{_ITEM})が特例市から中核市に移行"),
        (ChangeKind.county_transfer, rf"(?P<old>{_LIST})が(?P<new>{_LIST})に郡の区域変更"),
        (ChangeKind.subprefecture_transfer, rf"(?P<old>{_ITEM})が(?P<new>{_ITEM})に区域変更"),
        (ChangeKind.ward_split, rf"(?P<old>{_LIST})から分離し、(?P<new>{_LIST})を新設"),
        (ChangeKind.ward_merger, rf"(?P<old>{_LIST})が統合し、(?P<new>{_ITEM})を新設"),
        (ChangeKind.ward_division, rf"(?P<old>{_ITEM})を分割し、(?P<new>{_LIST})を新設"),
        (
            ChangeKind.ward_reorganisation,
            rf"(?P<city>{_ITEM})の区の再編(?:（[^）]*）)?"
            rf"(?P<clauses>(?:　{_LIST}を{_ITEM}に再編(?:（[^）]*）)?)+)",
        ),
    )
)
_CLAUSE_RE = re.compile(rf"　(?P<old>{_LIST})を(?P<new>{_ITEM})に再編(?:（[^）]*）)?")

# The wording that tells the kind of a statement no pattern fits (first match wins).
_KEYWORDS: tuple[tuple[str, ChangeKind], ...] = (
    ("区の再編", ChangeKind.ward_reorganisation),
    ("政令指定都市", ChangeKind.designated_city),
    ("合併し", ChangeKind.new_merger),
    ("編入", ChangeKind.absorption),
    ("市制施行", ChangeKind.city_status),
    ("町制施行", ChangeKind.town_status),
    ("名称変更", ChangeKind.rename),
    ("廃止", ChangeKind.county_abolition),
)


def _places(text: str) -> tuple[Place, ...]:
    """The places of a list matched by ``_LIST`` (items separated by 、 or と)."""
    places: list[Place] = []
    position = 0
    while True:
        match = _ITEM_RE.match(text, position)
        if match is None:  # pragma: no cover - the text matched _LIST
            raise ValueError(f"not a list of places: {text!r}")
        places.append(
            Place(
                name=match["name"],
                code=match["code"],
                reading=match["reading"],
                part=match["bracket_part"] or match["part"],
            )
        )
        position = match.end()
        if position == len(text):
            return tuple(places)
        position += 1  # the separator 、 or と


def _place(text: str) -> Place:
    """A single place with a code, or a bare name (with an optional reading) without one."""
    if _ITEM_RE.fullmatch(text):
        (place,) = _places(text)
        return place
    match = _VIA_RE.fullmatch(text)
    if match is None:  # pragma: no cover - the text matched _NAME
        raise ValueError(f"not a place: {text!r}")
    return Place(name=match["name"], reading=match["reading"])


def _resolve_kind(kind: ChangeKind | None, match: re.Match[str]) -> ChangeKind | None:
    """The kind of a pattern whose wording is shared (新設, 廃止, 名称変更)."""
    if kind is not None:
        return kind
    groups = match.groupdict()
    if "new" in groups and "old" not in groups:
        names = {place.name[-1] for place in _places(match["new"])}
        return {"区": ChangeKind.ward_creation, "郡": ChangeKind.county_creation}.get(
            names.pop() if len(names) == 1 else ""
        )
    if "new" not in groups:
        name = _place(match["old"]).name
        if name.endswith("郡"):
            return ChangeKind.county_abolition
        return ChangeKind.subprefecture_abolition if name.endswith("支庁") else None
    old, new = _place(match["old"]), _place(match["new"])
    same = old.name == new.name and old.code == new.code and old.reading != new.reading
    return ChangeKind.reading_change if same else ChangeKind.rename


_LIST_TARGETS = frozenset(
    {
        ChangeKind.ward_creation,
        ChangeKind.county_creation,
        ChangeKind.ward_split,
        ChangeKind.ward_division,
    }
)


def _transitions(kind: ChangeKind, match: re.Match[str]) -> tuple[Transition, ...] | None:
    """The transitions a matched statement states (None when its lists do not pair up)."""
    groups = match.groupdict()
    if kind is ChangeKind.ward_reorganisation:
        clauses = list(_CLAUSE_RE.finditer(match["clauses"]))
        return tuple(
            Transition(kind, _places(clause["old"]), (_place(clause["new"]),)) for clause in clauses
        )
    old = _places(groups["old"]) if groups.get("old") else ()
    if kind is ChangeKind.county_transfer:
        new_list = _places(match["new"])
        if len(new_list) != len(old):
            return None
        return tuple(Transition(kind, (a,), (b,)) for a, b in zip(old, new_list, strict=True))
    if "new" not in groups:
        new: tuple[Place, ...] = ()
    elif kind in _LIST_TARGETS:
        new = _places(match["new"])
    else:
        new = (_place(match["new"]),)
    via = _place(groups["via"]) if groups.get("via") else None
    return (Transition(kind, old, new, via),)


def parse_statement(text: str) -> Statement | None:
    """Parse one line of 改正事由 (None when its wording is unknown)."""
    codes = tuple(dict.fromkeys(_CODE_RE.findall(text)))
    found: list[tuple[ChangeKind, tuple[Transition, ...] | None]] = []
    for pattern_kind, pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        kind = _resolve_kind(pattern_kind, match)
        if kind is not None:
            found.append((kind, _transitions(kind, match)))
    if len(found) > 1:
        raise ValueError(f"statement fits several patterns: {text!r}")
    if found:
        kind, transitions = found[0]
        if transitions is not None:
            return Statement(text, kind, True, transitions, codes)
    for keyword, kind in _KEYWORDS:
        if keyword in text:
            return Statement(text, kind, False, (), codes)
    return None


# --- reading the table ------------------------------------------------------------------------


def _date(text: str, where: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise RawTableError(f"{where}: not an ISO date: {text!r}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise RawTableError(f"{where}: not a date: {text!r}") from error


def _record(records: list[list[str]], row: int, master: Master) -> CodeChange:
    fields = records[row]
    where = f"{FILE} row {row}"
    if len(fields) != len(HEADER):
        raise RawTableError(f"{where}: {len(fields)} fields, expected {len(HEADER)}")
    code, prefecture, district, district_kana, municipality, municipality_kana, date, reason = (
        fields
    )
    if not (len(code) == 5 and code.isascii() and code.isdigit()):
        raise RawTableError(f"{where} column 0 ({HEADER[0]}): not a 5-digit code: {code!r}")
    if prefecture not in master.prefectures:
        raise RawTableError(f"{where} column 1 ({HEADER[1]}): not a prefecture: {prefecture!r}")
    if code[:2] != master.prefectures[prefecture].lg_code[:2]:
        raise RawTableError(f"{where} column 0 ({HEADER[0]}): {code} is not in {prefecture}")
    day = _date(date, f"{where} column 6 ({HEADER[6]})")
    reason_where = f"{where} column {REASON_COLUMN} ({HEADER[REASON_COLUMN]})"
    lines = reason.split("\r\n")
    if any("\r" in line or "\n" in line or not line for line in lines):
        raise RawTableError(f"{reason_where}: unexpected line breaks in {reason!r}")
    statements = []
    for line in lines:
        try:
            statement = parse_statement(line)
        except ValueError as error:
            raise RawTableError(f"{reason_where}: {error}") from error
        if statement is None:
            raise RawTableError(f"{reason_where}: unknown kind of change: {line!r}")
        statements.append(statement)
    name = municipality or district
    if not any(code in statement.codes for statement in statements):
        raise RawTableError(f"{reason_where}: does not name the record's code {code}")
    named = re.compile(rf"{re.escape(name)}{_OPEN}(?:{_READING}、)?{code}{_CLOSE}")
    if not named.search(reason):
        raise RawTableError(
            f"{where} column {4 if municipality else 2}: the text does not name {code} "
            f"{name!r}: {reason!r}"
        )
    cell = CellRef(FILE, row, REASON_COLUMN, reason, code, HEADER[REASON_COLUMN])
    return CodeChange(
        row=row,
        code=code,
        prefecture=prefecture,
        district=district or None,
        district_reading=district_kana or None,
        municipality=municipality or None,
        municipality_reading=municipality_kana or None,
        date=day,
        reason=cell,
        statements=tuple(statements),
    )


def read_code_changes(reference_root: Path, master: Master) -> tuple[CodeChange, ...]:
    """Every record of the vendored e-Stat table, parsed (raises :class:`RawTableError`);
    ``master`` gives the prefectures' codes."""
    records = read_records(reference_root / FILE)
    if not records or tuple(records[0]) != HEADER:
        raise RawTableError(f"{FILE} row 0: unexpected header {records[:1]}")
    seen: dict[tuple[str, ...], int] = {}
    changes = []
    for row in range(1, len(records)):
        key = tuple(records[row])
        if key in seen and (key[0], key[6]) not in KNOWN_DUPLICATES:
            raise RawTableError(f"{FILE} row {row}: duplicates row {seen[key]}")
        seen.setdefault(key, row)
        changes.append(_record(records, row, master))
    return tuple(changes)


class CodeChanges:
    """The importer of the e-Stat table as ``code_changes`` rows: one row per record, with the
    places its text names."""

    folder = FILE.partition("/")[0]

    def rows(self, context: Context) -> Rows:
        """One row per record of the table (read once, into ``context.changes``)."""
        rows: list[dict[str, Any]] = []
        for change in context.changes:
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
                    "evidence": [context.sources.cite(change.reason)],
                }
            )
        return {
            "code_changes": rows,
            "former_municipalities": former_municipality_rows(context),
        }


def _katakana(hiragana: str) -> str:
    """A reading in hiragana written in full-width katakana (ぁ–ゖ shifted to ァ–ヶ)."""
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in hiragana)


def _successor(history: CodeHistory, code5: str, on: dt.date) -> str:
    """The code a successor has today, or had when it ceased, through its own changes of the
    same day too (那珂町 receives 瓜連町 and becomes 那珂市 on 2005-01-21); its code of the day
    where a later change of it could not be parsed (富士河口湖町, receiver in 上九一色村's
    partition)."""
    day_before = on - dt.timedelta(days=1)
    try:
        start = day_before if history.in_use(code5, day_before) else on
        return history.lineage(code5, start).lg_code
    except CodeChangeError:
        return lg_code(code5)


def former_municipality_rows(context: Context) -> list[dict[str, Any]]:
    """One row per municipality or ward the table shows ceasing (a county or subprefecture
    is not one), named and read as its record of that day states, citing the record's name,
    reading and 改正事由 cells."""
    records = {(change.code, change.date): change for change in reversed(context.changes)}
    rows = []
    for body in context.history.former_bodies():
        record = records.get((body.code5, body.ceased))
        if record is None or record.municipality is None:
            continue
        name_cell = CellRef(FILE, record.row, 4, record.municipality, record.code, HEADER[4])
        cited = [name_cell]
        if record.municipality_reading:
            cited.append(
                CellRef(FILE, record.row, 5, record.municipality_reading, record.code, HEADER[5])
            )
        cited.append(record.reason)
        code = lg_code(body.code5)
        rows.append(
            {
                "lg_code": code,
                "code5": body.code5,
                "prefecture_code": code[:2],
                "prefecture": record.prefecture,
                "name": record.municipality,
                "kana": _katakana(record.municipality_reading)
                if record.municipality_reading
                else None,
                "district": record.district,
                "established": body.established,
                "abolished": body.ceased,
                "change_kind": body.kind.value,
                "successor_codes": sorted(
                    {_successor(context.history, c, body.ceased) for c in body.successors}
                ),
                "evidence": [context.sources.cite(cell) for cell in cited],
            }
        )
    return rows


# --- carrying a code to today -----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A transition in force on a date, with the records that state it."""

    date: dt.date
    transition: Transition
    rows: tuple[int, ...]


@dataclass(frozen=True)
class Placement:
    """Today's code of a code as published on a date, and how it got there."""

    code: str
    on: dt.date
    lg_code: str
    steps: tuple[Step, ...]
    created: dt.date | None

    @property
    def code5(self) -> str:
        """Today's five-digit code."""
        return self.lg_code[:5]


def new_codes(transition: Transition) -> tuple[str | None, ...]:
    """The codes of a transition's new places. A new place the text names without a code
    (``栃木市(09203)、大平町(09365)…が合併し、栃木市を新設``) has the code of the one old place
    of the same name: e-Stat's record of that code on that date names the new body (the code
    carries on); None when no old place, or several, has its name."""
    codes: list[str | None] = []
    for place in transition.new:
        if place.code is not None:
            codes.append(place.code)
            continue
        same = {old.code for old in transition.old if old.name == place.name}
        codes.append(same.pop() if len(same) == 1 else None)
    return tuple(codes)


CONTINUING = frozenset(
    {
        ChangeKind.designated_city,
        ChangeKind.city_status,
        ChangeKind.town_status,
        ChangeKind.city_status_renamed,
        ChangeKind.town_status_renamed,
        ChangeKind.renamed_city_status,
        ChangeKind.renamed_town_status,
        ChangeKind.rename,
        ChangeKind.reading_change,
        ChangeKind.county_transfer,
        ChangeKind.subprefecture_transfer,
    }
)
"""Kinds of change after which the one old body carries on under the new code (a status, a
name, a county or a subprefecture changes; the body does not cease). Every other kind that
retires a code (a merger, an absorption, a ward's reorganisation) ends the old body."""


@dataclass(frozen=True)
class Lineage:
    """A body as of a date, followed forward while it carries on (:data:`CONTINUING`): the
    code it has today, or the code it had when it ceased, when and into which codes."""

    code5: str
    ceased: dt.date | None
    successors: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def lg_code(self) -> str:
        """The 6-digit code (with its check digit) of :attr:`code5`."""
        return lg_code(self.code5)


@dataclass(frozen=True)
class FormerBody:
    """A body that ceased: its code, when the table shows it created (if it does), when it
    ceased, by which kind of change, and the codes it passed to."""

    code5: str
    established: dt.date | None
    ceased: dt.date
    kind: ChangeKind
    successors: tuple[str, ...]


def lg_code(code5: str) -> str:
    """The 6-digit code (with check digit) of a five-digit code."""
    return code5 + check_digit(code5)


class CodeHistory:
    """The table's changes, indexed by code and date, to carry codes to today."""

    def __init__(self, changes: Sequence[CodeChange]) -> None:
        self.changes = tuple(changes)
        self.today = max(change.date for change in changes)
        rows: dict[tuple[dt.date, Transition], list[int]] = defaultdict(list)
        unparsed: dict[tuple[dt.date, str], list[int]] = defaultdict(list)
        for change in changes:
            for statement in change.statements:
                for transition in statement.transitions:
                    rows[(change.date, transition)].append(change.row)
                if not statement.parsed:
                    for code in (*statement.codes, change.code):
                        unparsed[(change.date, code)].append(change.row)
        self.steps = tuple(
            Step(date, transition, tuple(sorted(set(found))))
            for (date, transition), found in sorted(rows.items(), key=lambda item: item[0][0])
        )
        # A code that a parsed statement of the same date names only as a receiver keeps its
        # code whatever the unparsed statement says of it (甲府市 in the 上九一色村 partition).
        receivers = {
            (step.date, place.code)
            for step in self.steps
            if step.transition.retires_old
            for place in step.transition.new
            if place.code not in {p.code for p in step.transition.old}
        }
        self._unparsed = {
            key: tuple(sorted(set(found)))
            for key, found in unparsed.items()
            if key not in receivers
        }
        self._by_code: dict[str, dict[dt.date, list[Step]]] = defaultdict(lambda: defaultdict(list))
        for step in self.steps:
            for place in (*step.transition.old, *step.transition.new):
                if place.code is not None:
                    self._by_code[place.code][step.date].append(step)
        for date, code in self._unparsed:
            self._by_code[code].setdefault(date, [])
        self._dates = {code: sorted(by_date) for code, by_date in self._by_code.items()}
        self.codes = frozenset(self._by_code) | {change.code for change in changes}
        """Every 5-digit code the table names."""

    def _at(self, code: str, date: dt.date) -> list[Step]:
        return self._by_code.get(code, {}).get(date, [])

    def _successors(self, code: str, date: dt.date) -> tuple[set[str], bool]:
        """The codes ``code`` passes to on ``date``, and whether the date created ``code``."""
        rows = self._unparsed.get((date, code))
        if rows is not None:
            raise CodeChangeError(
                f"{code} on {date}: the change stated in {FILE} rows {list(rows)} could not be "
                "parsed"
            )
        steps = self._at(code, date)
        retiring = [
            s
            for s in steps
            if s.transition.retires_old and code in {p.code for p in s.transition.old}
        ]
        if not retiring:
            created = any(
                s.transition.creates_new
                and code in {p.code for p in s.transition.new}
                and code not in {p.code for p in s.transition.old}
                for s in steps
            )
            return {code}, created
        successors: set[str] = set()
        for step in retiring:
            new = new_codes(step.transition)
            unknown = [p.name for p, c in zip(step.transition.new, new, strict=True) if c is None]
            if unknown:
                raise CodeChangeError(
                    f"{code} on {date}: {FILE} rows {list(step.rows)} name the new place "
                    f"{unknown} without a code"
                )
            if not new:
                raise CodeChangeError(
                    f"{code} on {date}: abolished without a successor ({FILE} rows "
                    f"{list(step.rows)})"
                )
            successors |= {c for c in new if c is not None}
        return successors, False

    def _check_in_use(self, code: str, on: dt.date) -> None:
        """Raise when the table shows ``code`` out of use on ``on`` (retired, not re-created)."""
        dates = self._dates.get(code, [])
        index = bisect.bisect_right(dates, on)
        if index == 0:
            return
        last = dates[index - 1]
        if (last, code) in self._unparsed:
            return
        steps = self._at(code, last)
        retiring = [
            s
            for s in steps
            if s.transition.retires_old and code in {p.code for p in s.transition.old}
        ]
        reused = any(code in new_codes(s.transition) for s in steps)
        known = all(c is not None for s in retiring for c in new_codes(s.transition))
        if retiring and not reused and known:
            rows = sorted({row for s in retiring for row in s.rows})
            raise CodeChangeError(
                f"{code} was not in use on {on}: it ceased on {last} ({FILE} rows {rows})"
            )

    def place(self, code5: str, on: dt.date) -> Placement:
        """Today's code of ``code5`` as published on ``on`` (raises :class:`CodeChangeError`)."""
        if not (len(code5) == 5 and code5.isascii() and code5.isdigit()):
            raise CodeChangeError(f"not a five-digit code: {code5!r}")
        self._check_in_use(code5, on)
        current, cursor = {code5}, on
        applied: list[Step] = []
        created: dt.date | None = None
        while True:
            upcoming = [
                dates[bisect.bisect_right(dates, cursor)]
                for code in current
                if (dates := self._dates.get(code, []))
                and bisect.bisect_right(dates, cursor) < len(dates)
            ]
            if not upcoming:
                break
            cursor = min(upcoming)
            following: set[str] = set()
            for code in sorted(current):
                successors, was_created = self._successors(code, cursor)
                if was_created and code == code5 and not applied and created is None:
                    created = cursor
                if successors != {code}:
                    applied.extend(
                        s
                        for s in self._at(code, cursor)
                        if code in {p.code for p in s.transition.old}
                    )
                following |= successors
            current = following
        if len(current) != 1:
            raise CodeChangeError(
                f"{code5} as of {on} passed to several codes: {sorted(current)} "
                f"({FILE} rows {sorted({row for s in applied for row in s.rows})})"
            )
        (today,) = current
        return Placement(code5, on, lg_code(today), tuple(applied), created)

    def in_use(self, code5: str, on: dt.date) -> bool:
        """True unless the table shows ``code5`` out of use on ``on``: retired on or before it
        (and not brought back), or first brought into use after it."""
        dates = self._dates.get(code5, [])
        index = bisect.bisect_right(dates, on)
        if index == 0:
            return not (dates and self._created(code5, dates[0]))
        try:
            self._check_in_use(code5, on)
        except CodeChangeError:
            return False
        return True

    def _created(self, code: str, date: dt.date) -> bool:
        """True when a transition on ``date`` brings ``code`` into use as a new place."""
        return any(
            s.transition.creates_new
            and code in new_codes(s.transition)
            and code not in {p.code for p in s.transition.old}
            for s in self._at(code, date)
        )

    def lineage(self, code5: str, on: dt.date) -> Lineage:
        """The body that has ``code5`` on ``on``, followed through the changes after it while
        it carries on; stops where it ceases (raises :class:`CodeChangeError` where the table
        cannot tell)."""
        if not self.in_use(code5, on):
            raise CodeChangeError(f"{code5} was not in use on {on}")
        current, cursor = code5, on
        applied: list[Step] = []
        while True:
            dates = self._dates.get(current, [])
            index = bisect.bisect_right(dates, cursor)
            if index == len(dates):
                return Lineage(current, None, (), tuple(applied))
            cursor = dates[index]
            successors, _ = self._successors(current, cursor)
            if successors == {current}:
                continue
            # a step that keeps the code (三好町 → みよし町, then → みよし市, on one day) is not
            # where the body moves
            moving = [
                s
                for s in self._at(current, cursor)
                if s.transition.retires_old
                and current in {p.code for p in s.transition.old}
                and new_codes(s.transition) != (current,)
            ]
            applied.extend(moving)
            others = successors - {current}
            carries_on = len(others) == 1 and all(
                s.transition.kind in CONTINUING and len(s.transition.old) == 1 for s in moving
            )
            if not carries_on:
                return Lineage(current, cursor, tuple(sorted(others)), tuple(applied))
            (current,) = others

    def former_bodies(self) -> tuple[FormerBody, ...]:
        """Every body the table shows ceasing (its code not carried on): the old places of
        each transition of a kind outside :data:`CONTINUING` (or of several old places) whose
        code is not one of its new codes, in date and code order; a body split between several
        new places on one day (a ward of 浜松市 in 2024) is one body with all of them."""
        found: dict[str, FormerBody] = {}
        for step in self.steps:
            transition = step.transition
            new = new_codes(transition)
            if not transition.retires_old or None in new or not new:
                continue
            if transition.kind in CONTINUING and len(transition.old) == 1:
                continue
            for place in transition.old:
                if place.code is None or place.code in new:
                    continue
                successors = {c for c in new if c is not None}
                earlier = found.get(place.code)
                if earlier is not None:  # split between several new places on one day
                    if (earlier.ceased, earlier.kind) != (step.date, transition.kind):
                        raise CodeChangeError(
                            f"{place.code} ceases twice: on {earlier.ceased} and {step.date} "
                            f"({FILE} rows {list(step.rows)})"
                        )
                    successors |= set(earlier.successors)
                dates = self._dates.get(place.code, [])
                created = [d for d in dates if d < step.date and self._created(place.code, d)]
                found[place.code] = FormerBody(
                    place.code,
                    created[-1] if created else None,
                    step.date,
                    transition.kind,
                    tuple(sorted(successors)),
                )
        return tuple(sorted(found.values(), key=lambda body: (body.ceased, body.code5)))

    def name_on(self, code5: str, on: dt.date) -> str | None:
        """The name the table gives ``code5`` on ``on``, as the text spells it (it may carry a
        prefecture, county or subprefecture prefix); None when the table does not say or gives
        several names."""
        dates = self._dates.get(code5, [])
        index = bisect.bisect_right(dates, on)
        for date in dates[index:]:
            old = self._names(code5, date, new=False)
            # a name of the same day's first step only (三好町 → みよし町 → みよし市 on one day)
            first = (old - self._names(code5, date, new=True)) or old
            if first:
                return first.pop() if len(first) == 1 else None
        for date in reversed(dates[:index]):
            new = self._names(code5, date, new=True)
            final = (new - self._names(code5, date, new=False)) or new
            if final:
                return final.pop() if len(final) == 1 else None
        return None

    def _names(self, code5: str, date: dt.date, *, new: bool) -> set[str]:
        """The names ``code5`` has among the new (or old) places of the steps on ``date``."""
        return {
            place.name
            for step in self._at(code5, date)
            for place in (step.transition.new if new else step.transition.old)
            if place.code == code5
        }


# --- the MIC master against the table ---------------------------------------------------------


@dataclass(frozen=True)
class MasterCheck:
    """Whether the MIC master reflects one transition that touches one of its municipalities."""

    step: Step
    outcome: str  # reflected | not_reflected | status_only | wards_only


def check_master(
    history: CodeHistory, master: Mapping[str, str], since: dt.date
) -> tuple[MasterCheck, ...]:
    """Every transition on or after ``since`` that touches a municipality of ``master``
    (lg_code → name; wards of a designated city touch their city), and whether it is reflected."""
    cities = {code[:5] for code in master}
    checks = []
    for step in history.steps:
        if step.date < since:
            continue
        transition = step.transition
        codes = {p.code for p in (*transition.old, *transition.new) if p.code is not None}
        context = {
            code
            for change in history.changes
            if change.row in step.rows
            for statement in change.statements
            if transition in statement.transitions
            for code in statement.codes
        }
        if not (codes | context) & cities:
            continue
        if not transition.retires_old:
            outcome = "status_only"
        elif not codes & cities:
            outcome = "wards_only"
        else:
            new_codes = {p.code for p in transition.new}
            new_in = all(
                p.code is not None and master.get(lg_code(p.code)) == p.name for p in transition.new
            )
            old_out = all(
                lg_code(p.code) not in master
                for p in transition.old
                if p.code is not None and p.code not in new_codes
            )
            outcome = "reflected" if new_in and old_out else "not_reflected"
        checks.append(MasterCheck(step, outcome))
    return tuple(checks)
