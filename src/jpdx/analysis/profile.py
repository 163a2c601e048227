"""Everything jpdx knows about one place, in one object (:func:`jpdx.place`).

A :class:`PlaceProfile` holds the place's record (the municipalities row; for a former
body, the row of the release's ``former_municipalities`` table where it has one, else
what the place index knows: name, code, the change that ended it and its successors),
its national values, its curated programs, procedures, KPIs and participant counts —
its own and those of the bodies it belongs to (its prefecture; a ward's city), each
marked by ``via`` — and its code history (the code_changes rows that name its code).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import polars as pl

from jpdx import codes
from jpdx.analysis.catalog import catalog
from jpdx.analysis.levels import FORMER_TABLE, level_name
from jpdx.analysis.tidy import finish, read
from jpdx.belonging import BELONGS_TO, place_codes
from jpdx.errors import FormerPlaceError
from jpdx.places import Gazetteer, Place, gazetteer, place_fields
from jpdx.store import Store

CURATED = ("programs", "procedures", "kpis", "participant_counts")
"""The curated tables a profile gathers, in the order it lists them."""

VIA = ("own", "city", "prefecture")
"""How a curated record belongs to the place: its own, its city's (for a ward), its
prefecture's."""


@dataclass(frozen=True)
class PlaceRef:
    """A place named by another: a former body's successor."""

    lg_code: str
    name: str
    prefecture: str
    kind: str


@dataclass(frozen=True)
class NationalValue:
    """One national value of the place (see :mod:`jpdx.analysis.tidy` for the fields)."""

    indicator_id: str
    dataset: str
    name: str
    name_en: str
    unit: str | None
    date: dt.date | None
    date_kind: str | None
    value: float | None
    answer: tuple[str, ...]
    label_ja: tuple[str, ...]
    label_en: tuple[str, ...]
    source_id: str | None


@dataclass(frozen=True)
class CuratedRecord:
    """A record of a curated table that concerns the place: ``key`` its primary key,
    ``via`` how it belongs (:data:`VIA`), ``lg_code`` the body it belongs to, ``row`` its
    fields (evidence included)."""

    table: str
    key: str
    via: str
    lg_code: str
    row: Mapping[str, Any]

    @property
    def title(self) -> str:
        """The record's name, label or key: what a listing shows."""
        for field in ("name", "label"):
            text = self.row.get(field)
            if isinstance(text, str):
                return text
        return self.key


@dataclass(frozen=True)
class PlaceProfile:
    """Everything jpdx knows about one place (see the module)."""

    version: str
    lg_code: str
    name: str
    prefecture: str
    level: str
    kind: str | None
    record: Mapping[str, Any]
    successors: tuple[PlaceRef, ...]
    values: tuple[NationalValue, ...]
    curated: tuple[CuratedRecord, ...]
    code_history: tuple[Mapping[str, Any], ...]

    def records(self, table: str) -> tuple[CuratedRecord, ...]:
        """The curated records of one table (``programs``, ``procedures``, ``kpis``,
        ``participant_counts``)."""
        return tuple(r for r in self.curated if r.table == table)

    @property
    def programs(self) -> tuple[CuratedRecord, ...]:
        return self.records("programs")

    @property
    def procedures(self) -> tuple[CuratedRecord, ...]:
        return self.records("procedures")

    @property
    def kpis(self) -> tuple[CuratedRecord, ...]:
        return self.records("kpis")

    @property
    def participant_counts(self) -> tuple[CuratedRecord, ...]:
        return self.records("participant_counts")

    def to_dict(self) -> dict[str, Any]:
        """The profile as JSON data (dates as ISO texts)."""
        data: dict[str, Any] = _json(asdict(self))
        return data


def _json(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def profile(store: Store, name_or_code: object, version: object = None) -> PlaceProfile:
    """The profile of the place ``name_or_code`` names, today's or former."""
    release = store.resolve(version)
    index = gazetteer(store, release)
    try:
        place = index.resolve(name_or_code)
    except FormerPlaceError:
        return store.memo(
            ("analysis", "profile", release, "former", name_or_code),
            lambda: _former_profile(store, release, index, name_or_code),
        )
    return store.memo(
        ("analysis", "profile", release, place.lg_code),
        lambda: _profile(store, release, place),
    )


def _profile(store: Store, release: str, place: Place) -> PlaceProfile:
    record = place_fields(store, release, place)
    owners = {place.lg_code: "own"}
    if record.get("city_lg_code"):
        owners[record["city_lg_code"]] = "city"
    if not place.is_prefecture:
        owners[codes.prefecture_lg_code(place.lg_code[:2])] = "prefecture"
    return PlaceProfile(
        release,
        place.lg_code,
        place.name,
        place.prefecture,
        level_name(place.kind),
        place.kind,
        record,
        (),
        _values(store, release, place.lg_code),
        _curated(store, release, owners),
        code_history(store, release, place.lg_code[:5]),
    )


def _former_profile(store: Store, release: str, index: Gazetteer, query: object) -> PlaceProfile:
    lg_code = index.former_code(query)
    assert lg_code is not None  # the index raised FormerPlaceError for it
    found = index.former_bodies(query)
    code5, name = found[0].code5, found[0].name
    successors = tuple(
        PlaceRef(p.lg_code, p.name, p.prefecture, p.kind)
        for p in (index.places[i] for i in sorted({i for f in found for i in f.became}))
    )
    record: dict[str, Any] = {
        "lg_code": lg_code,
        "code5": code5,
        "name": name,
        "changes": [{"date": f.date, "kind": f.kind} for f in found],
        "became": [s.lg_code for s in successors],
    }
    kind = None
    if FORMER_TABLE in store.tables(release):
        rows = store.frame(FORMER_TABLE, release).filter(pl.col("lg_code") == lg_code)
        if rows.height:
            record = _json(rows.row(0, named=True))
            kind = record.get("kind")
            name = record.get("name", name)
    prefecture = successors[0].prefecture if successors else ""
    return PlaceProfile(
        release,
        lg_code,
        name,
        str(record.get("prefecture", prefecture)),
        "former",
        kind,
        record,
        successors,
        _values(store, release, lg_code),
        (),
        code_history(store, release, code5),
    )


def _values(store: Store, release: str, lg_code: str) -> tuple[NationalValue, ...]:
    if "indicator_values" not in store.tables(release):
        return ()
    # The table is read whole once (a scan would decode every row's evidence for each
    # place to find its cited source); later profiles filter the cached frame.
    store.frame("indicator_values", release)
    known = catalog(store, release)
    infos = list(known.values())
    where = pl.col("lg_code") == lg_code
    rows = finish(store, release, infos, read(store, release, infos, where=where))
    frame = rows.sort("indicator_id", "date", "snapshot").collect()
    return tuple(
        NationalValue(
            row["indicator_id"],
            known[row["indicator_id"]].dataset,
            known[row["indicator_id"]].name,
            known[row["indicator_id"]].name_en,
            row["unit"],
            row["date"],
            row["date_kind"],
            row["value"],
            tuple(row["answer"]),
            tuple(row["label_ja"]),
            tuple(row["label_en"]),
            row["source_id"],
        )
        for row in frame.iter_rows(named=True)
    )


def _curated(store: Store, release: str, owners: Mapping[str, str]) -> tuple[CuratedRecord, ...]:
    found: list[CuratedRecord] = []
    tables = store.tables(release)
    for table in CURATED:
        if table not in tables:
            continue
        spec, _ = store.spec(table, release)
        belonging = place_codes(store, table, release).filter(
            pl.col(BELONGS_TO).is_in(list(owners))
        )
        if not belonging.height:
            continue
        owner = dict(belonging.iter_rows())
        rows = store.frame(table, release).filter(
            pl.col(spec.primary_key).is_in(belonging.get_column(spec.primary_key).implode())
        )
        for row in rows.iter_rows(named=True):
            key = row[spec.primary_key]
            via = owners[owner[key]]
            found.append(CuratedRecord(table, key, via, owner[key], _json(row)))
    order = {via: i for i, via in enumerate(VIA)}
    return tuple(sorted(found, key=lambda r: (CURATED.index(r.table), order[r.via], r.key)))


def code_history(store: Store, release: str, code5: str) -> tuple[Mapping[str, Any], ...]:
    """The changes that name the code: e-Stat states a change once for each body it
    concerns, so a change is given once, by the row of this code where there is one."""
    if "code_changes" not in store.tables(release):
        return ()
    changes = store.frame("code_changes", release)
    naming = (
        changes.filter(
            (pl.col("code") == code5)
            | pl.col("old_codes").list.contains(code5)
            | pl.col("new_codes").list.contains(code5)
        )
        .sort(pl.col("code") != code5, "change_id")
        .unique(["date", "kind", "old_codes", "new_codes"], keep="first", maintain_order=True)
        .sort("date", "change_id")
    )
    return tuple(_json(row) for row in naming.drop("evidence").iter_rows(named=True))
