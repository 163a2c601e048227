"""The catalog pages: every record by source document and by place, with its evidence."""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from jpdx import codes
from jpdx.belonging import BELONGS_TO, place_codes
from jpdx.enums import LabelledEnum
from jpdx.models import Evidence, Municipality, ParticipantCount, Record, Source
from jpdx.recordsets import by_key, records
from jpdx.store import Store
from jpdx.tablespec import SPECS
from release_builder.docs.markdown import HEADER, md, table_row

CATALOG_ORDER: tuple[str, ...] = tuple(spec.name for spec in SPECS if spec.in_catalog)
"""The order in which a place's or a source's records are listed."""


def table_title(table: str) -> str:
    spec = SPECS[table]
    return f"{spec.title_en} ({spec.title_ja})"


@dataclass(frozen=True)
class Catalog:
    """The records of one release, indexed for the catalog pages."""

    version: str
    rows: dict[str, tuple[Record, ...]]
    keyed: dict[str, dict[Any, Record]]
    places: dict[str, dict[Any, str | None]]
    """Each record's place, by table and key (the descriptors' rule, as queries apply it)."""

    @classmethod
    def of(cls, store: Store, version: str | None = None) -> Catalog:
        release = store.resolve(version)
        # the curated tables and the places and documents they refer to (the national tables
        # have their own pages: one per indicator and source would be 1,788 × 100 entries)
        wanted = {*CATALOG_ORDER, "municipalities"}
        tables = [t for t in store.tables(release) if t in wanted]
        places = {}
        for table in tables:
            frame = place_codes(store, table, release)
            key = SPECS[table].primary_key
            places[table] = dict(
                zip(
                    frame.get_column(key).to_list(),
                    frame.get_column(BELONGS_TO).to_list(),
                    strict=True,
                )
            )
        rows = {t: records(store, t, release) for t in tables}
        # records imported from a published list (programs of 夏のDigi田甲子園) cite no document:
        # the catalog and its figure show what was curated from the documents
        documents = {
            s.source_id
            for s in rows.get("sources", ())
            if isinstance(s, Source) and s.dataset is None
        }
        return cls(
            version=release,
            rows={
                t: tuple(r for r in found if any(e.source_id in documents for e in _evidence(r)))
                if t in CATALOG_ORDER
                else found
                for t, found in rows.items()
            },
            keyed={t: by_key(store, t, release) for t in tables},
            places=places,
        )

    def place(self, lg_code: str) -> Municipality:
        place = self.keyed["municipalities"][lg_code]
        assert isinstance(place, Municipality)
        return place

    def documents(self) -> list[Source]:
        """The curated source documents (the published national tables are not listed here)."""
        return [r for r in self.rows["sources"] if isinstance(r, Source) and r.dataset is None]

    def place_of(self, table: str, record: Record) -> str | None:
        """The local government a record belongs to (see :mod:`jpdx.belonging`)."""
        return self.places[table][getattr(record, SPECS[table].primary_key)]

    def cited(self, source_id: str) -> Iterator[tuple[str, Record]]:
        """Every curated record with evidence from a source, in catalog order."""
        for table in CATALOG_ORDER:
            for record in self.rows[table]:
                if any(e.source_id == source_id for e in _evidence(record)):
                    yield table, record

    def at_place(self) -> dict[str, list[tuple[str, Record]]]:
        """Records by the local government they belong to, in catalog order."""
        found: dict[str, list[tuple[str, Record]]] = defaultdict(list)
        for table in CATALOG_ORDER:
            for record in self.rows[table]:
                code = self.place_of(table, record)
                if code is not None:
                    found[code].append((table, record))
        return dict(sorted(found.items()))


def _evidence(record: Record) -> tuple[Evidence, ...]:
    evidence: tuple[Evidence, ...] = getattr(record, "evidence", ())
    return evidence


def place_name(place: Municipality) -> str:
    """``山口県 下関市``, or the prefecture's own name on prefecture rows."""
    if place.kind == "prefecture":
        return place.name
    return f"{place.prefecture} {place.name}"


def title_of(table: str, record: Record) -> str:
    """How a record is headed in the catalog."""
    if isinstance(record, Source):
        return record.title
    if isinstance(record, ParticipantCount):
        return f"{record.label} {record.value:,}{record.unit}"
    return str(getattr(record, "name", getattr(record, SPECS[table].primary_key)))


def anchor(table: str, record: Record) -> str:
    return f"{table}-{getattr(record, SPECS[table].primary_key)}"


def record_link(catalog: Catalog, table: str, key: str, prefix: str) -> str:
    """A link to where a record is listed: the page of the first source that states it."""
    record = catalog.keyed[table][key]
    target = f"{prefix}sources/{_evidence(record)[0].source_id}.md#{anchor(table, record)}"
    return f"[{md(title_of(table, record))}]({target}) (`{key}`)"


def _value(catalog: Catalog, table: str, name: str, value: Any, prefix: str) -> str:
    if isinstance(value, tuple):
        return ", ".join(_value(catalog, table, name, v, prefix) for v in value)
    if isinstance(value, LabelledEnum):
        return f"{md(value.ja)} (`{value.value}`)"
    if name == "lg_code":
        place = catalog.place(value)
        return f"[{md(place_name(place))}]({prefix}places/{value}.md) (`{value}`)"
    if name == SPECS[table].primary_key:
        return f"`{value}`"
    target = next((fk.target for fk in SPECS[table].foreign_keys if fk.column == name), None)
    if target is not None:
        return record_link(catalog, target, value, prefix)
    if name == "url":
        return f"<{value}>"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}" if "year" not in name else str(value)
    return md(value)


_HEADING_FIELDS = frozenset({"name", "name_en", "title", "title_en", "evidence"})


def record_section(catalog: Catalog, table: str, record: Record, prefix: str) -> list[str]:
    """One record of the catalog: its heading, its values and its evidence quotes."""
    english = getattr(record, "name_en", None) or getattr(record, "title_en", None)
    lines = [f"### {md(title_of(table, record))} {{#{anchor(table, record)}}}", ""]
    if english:
        lines += [f"*{md(english)}*", ""]
    lines += [table_row("field 項目", "value 値"), table_row("---", "---")]
    for name in type(record).model_fields:
        value = getattr(record, name)
        if name in _HEADING_FIELDS or value is None or value == ():
            continue
        lines.append(table_row(f"`{name}`", _value(catalog, table, name, value, prefix)))
    evidence = _evidence(record)
    if evidence:
        lines += ["", "Evidence 根拠:"]
    for item in evidence:
        source = catalog.keyed["sources"][item.source_id]
        quote = html.escape(item.quote).replace("\n", "&#10;")
        lines += [
            "",
            f'<blockquote class="evidence">{quote}</blockquote>',
            "",
            f"— [{md(title_of('sources', source))}]({prefix}sources/{item.source_id}.md), "
            f"characters {item.start:,}–{item.end:,}",
        ]
    return [*lines, ""]


def _sections(catalog: Catalog, found: Iterable[tuple[str, Record]], prefix: str) -> list[str]:
    lines: list[str] = []
    grouped: dict[str, list[Record]] = defaultdict(list)
    for table, record in found:
        grouped[table].append(record)
    for table in CATALOG_ORDER:
        if table not in grouped:
            continue
        lines += [
            f"## {table_title(table)}: {len(grouped[table])} {{#{table}}}",
            "",
            f"Columns are described in the [codebook]({prefix}../codebook/{table}.md).",
            "",
        ]
        for record in grouped[table]:
            lines += record_section(catalog, table, record, prefix)
    return lines


def _count_line(found: Sequence[tuple[str, Record]]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for table, _ in found:
        counts[table] += 1
    return ", ".join(f"[{t} {counts[t]}](#{t})" for t in CATALOG_ORDER if counts[t])


def source_page(catalog: Catalog, source: Source) -> str:
    """A source document and every record curated from it."""
    found = [(t, r) for t, r in catalog.cited(source.source_id) if r is not source]
    lines = [
        f"# {md(source.title)}",
        "",
        HEADER.format(what=f"release {catalog.version}"),
        "",
        f"*{md(source.title_en)}* · release {catalog.version}",
        "",
        f"Records curated from this document: {_count_line(found)}. Each record below "
        "carries the verbatim quotes of the document that state it.",
        "",
        "この資料から収録した記録と、その根拠となる資料の逐語引用です。",
        "",
        f"## The document 資料 {{#{anchor('sources', source)}}}",
        "",
        *record_section(catalog, "sources", source, "../")[2:],
        *_sections(catalog, found, "../"),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def place_page(
    catalog: Catalog,
    place: Municipality,
    found: Sequence[tuple[str, Record]],
    national: Sequence[str] = (),
) -> str:
    """A prefecture or municipality: its ``national`` figures, then every curated record
    that belongs to it."""
    prefecture = codes.prefecture_lg_code(place.prefecture_code)
    where = "" if place.kind == "prefecture" else f"[{md(place.prefecture)}]({prefecture}.md) · "
    lines = [
        f"# {md(place_name(place))} {md(place.romaji)}",
        "",
        HEADER.format(what=f"release {catalog.version}"),
        "",
        f"{md(place.name)}({md(place.kana)}, *{md(place.romaji)}*) · {where}"
        f"{md(place.kind.ja)} ({place.kind.en}) · "
        f"全国地方公共団体コード `{place.lg_code}` · release {catalog.version}",
        "",
        *national,
    ]
    if found:
        lines += [
            "## Curated records 収録記録",
            "",
            f"From the documents: {_count_line(found)}, each with the verbatim quotes that "
            "state it. In Python: "
            f'`jpdx.query("programs").where(municipality="{place.lg_code}")`.',
            "",
            *_sections(catalog, found, "../"),
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def catalog_index(catalog: Catalog) -> str:
    """The catalog's front page: the figure, the sources and the places."""
    places = catalog.at_place()
    lines = [
        "# Catalog 目録",
        "",
        HEADER.format(what=f"release {catalog.version}"),
        "",
        f"Every record of release {catalog.version}, by source document and by place, each "
        "with the verbatim quotes that state it: a way to browse the data without code.",
        "",
        "リリース全記録の目録です。資料別・地域別に、根拠となる逐語引用とともに掲載しています。",
        "",
        "[![Programs (carried out) per prefecture and policy field, from the programs table joined to "
        "municipalities](programs-by-prefecture-and-field.svg)](programs-by-prefecture-and-field.svg)",
        "",
        "Programs per prefecture and policy field, counting what is run, built or offered "
        "(事業, services, apps, systems, facilities, pilots, initiatives and a plan's major "
        "projects), not plans, their goals, pillars and priority actions, policy documents or "
        "laws; a program in several fields counts in each; programs that span several places "
        "or none are in the last column. "
        "都道府県・政策分野別の事業等の数(計画・目標・施策の柱・重点取組・方針・法律を除く)。",
        "",
        "The official national tables have [their own catalog](national/index.md): a page "
        "per indicator (definition, unit, vocabulary, values and the files cited), per "
        "published dataset (publisher, licence, every file's sha256) and per prefecture "
        "(its municipalities' headline indicators). 全国データの目録は別ページです。",
        "",
        "## Sources 資料",
        "",
        table_row("document", "kind", "date", "place", "records"),
        table_row("---", "---", "---", "---", "---:"),
    ]
    for record in catalog.documents():
        assert isinstance(record, Source)
        where = md(place_name(catalog.place(record.lg_code))) if record.lg_code else ""
        count = sum(1 for _, r in catalog.cited(record.source_id) if r is not record)
        lines.append(
            table_row(
                f"[{md(record.title)}](sources/{record.source_id}.md)",
                md(record.kind.ja),
                record.date.isoformat() if record.date else "",
                where,
                str(count),
            )
        )
    lines += [
        "",
        "## Places 地域",
        "",
        "Every prefecture and municipality that has records: its own programs, KPIs, counts "
        "and procedures, the bodies that belong to it and the documents about it.",
        "",
        table_row("place", "kind", *(SPECS[t].short_title for t in CATALOG_ORDER)),
        table_row("---", "---", *("---:" for _ in CATALOG_ORDER)),
    ]
    for code, found in places.items():
        place = catalog.place(code)
        counts = [sum(1 for t, _ in found if t == table) for table in CATALOG_ORDER]
        lines.append(
            table_row(
                f"[{md(place_name(place))}](places/{code}.md)",
                md(place.kind.ja),
                *(str(c) if c else "" for c in counts),
            )
        )
    return "\n".join(lines) + "\n"
