"""``jpdx place NAME``: everything about one place, readable in a terminal of 80 columns.

Sections first (the record, then a line or a few per section, with counts); details on
request: ``--indicator ID`` (every value of one indicator), ``--all`` (every value and
record), ``--format json`` (the whole profile as JSON).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jpdx.cli.layout import cells, char_cells, terminal_width

if TYPE_CHECKING:
    from jpdx.analysis.profile import CuratedRecord, NationalValue, PlaceProfile

SHOWN_RECORDS = 5
"""Records listed per curated section without ``--all``."""

SECTION_TITLES = {
    "programs": "Programs 事業",
    "procedures": "Procedures 手続",
    "kpis": "KPIs",
    "participant_counts": "Participant counts 参加者数",
}


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """The ``place`` command's arguments."""
    parser = commands.add_parser(
        "place",
        help="everything about one place: record, national values, curated records, history",
        description="Everything jpdx knows about one place, today's or former: sections "
        "first, details with --indicator, --all or --format json.",
    )
    parser.add_argument("name", help="name, reading, romaji or code (a former one too)")
    parser.add_argument("--version", dest="release", help="data release (default: newest)")
    parser.add_argument("--indicator", metavar="ID", help="every value of one indicator")
    parser.add_argument(
        "--all", action="store_true", help="every national value and every curated record"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> str:
    """The text ``jpdx place`` prints."""
    import jpdx
    from jpdx.analysis.catalog import checked
    from jpdx.store import bundled

    found = jpdx.place(args.name, version=args.release)
    if args.indicator is not None:
        checked(bundled(), found.version, args.indicator)
    if args.format == "json":
        data = found.to_dict()
        if args.indicator is not None:
            data["values"] = [v for v in data["values"] if v["indicator_id"] == args.indicator]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    width = terminal_width()
    lines = _header(found)
    if args.indicator is not None:
        lines += _indicator(found, args.indicator)
    else:
        lines += _values(found, every=args.all)
        for table, title in SECTION_TITLES.items():
            lines += _curated(title, found.records(table), every=args.all)
        lines += _history(found)
    return "".join(f"{fit(line, width)}\n" for line in lines)


def fit(line: str, width: int) -> str:
    """``line`` cut to ``width`` terminal cells, marked with … where cut."""
    if cells(line) <= width:
        return line
    used, kept = 1, []
    for char in line:
        used += char_cells(char)
        if used > width:
            break
        kept.append(char)
    return "".join(kept) + "…"


def _header(found: PlaceProfile) -> list[str]:
    record = found.record
    kind = f" · {found.kind}" if found.kind else ""
    lines = [f"{found.name} ({found.lg_code}) · {found.prefecture}{kind} · {found.level}"]
    details = [
        str(record[key]) for key in ("kana", "romaji", "website") if record.get(key) is not None
    ]
    if details:
        lines.append("  " + " · ".join(details))
    for successor in found.successors:
        lines.append(
            f"  became {successor.prefecture}{successor.name} ({successor.lg_code})"
            + "".join(f", {c['date']} ({c['kind']})" for c in record.get("changes", ()))
        )
    lines.append(f"  release {found.version}")
    return lines


def _number(value: NationalValue) -> str:
    if value.label_ja:
        return " / ".join(value.label_ja)
    if value.value is None:
        return "–"
    shown = f"{value.value:,.2f}".rstrip("0").rstrip(".")
    return f"{shown} {value.unit}" if value.unit else shown


def _date(value: NationalValue) -> str:
    if value.date is None:
        return "no date"
    if value.date_kind == "fiscal_year":
        return f"FY{value.date.year}"
    mark = " (published)" if value.date_kind == "publication" else ""
    return f"{value.date.isoformat()}{mark}"


def _values(found: PlaceProfile, *, every: bool) -> list[str]:
    by_indicator: dict[str, list[NationalValue]] = defaultdict(list)
    for value in found.values:
        by_indicator[value.indicator_id].append(value)
    if not by_indicator:
        return ["", "National values 全国データ: none"]
    hint = "" if every else " (--all, --indicator ID)"
    lines = [
        "",
        f"National values 全国データ: {len(found.values)} values, {len(by_indicator)} "
        f"indicators{hint}",
    ]
    if every:
        for indicator_id, values in by_indicator.items():
            latest = values[-1]
            series = f" ({len(values)} dates)" if len(values) > 1 else ""
            lines.append(
                f"  {indicator_id}  {latest.name}: {_number(latest)}, {_date(latest)}{series}"
            )
        return lines
    datasets: dict[str, list[NationalValue]] = defaultdict(list)
    for value in found.values:
        datasets[value.dataset].append(value)
    for dataset, values in datasets.items():
        indicators = len({v.indicator_id for v in values})
        dates = sorted({_date(v) for v in values})
        span = dates[0] if len(dates) == 1 else f"{dates[0]} … {dates[-1]} ({len(dates)} dates)"
        lines.append(f"  {dataset}: {indicators} indicators, {span}")
    return lines


def _indicator(found: PlaceProfile, indicator_id: str) -> list[str]:
    values = [v for v in found.values if v.indicator_id == indicator_id]
    if not values:
        return ["", f"{indicator_id}: no value for this place"]
    first = values[0]
    lines = ["", f"{indicator_id}  {first.name} / {first.name_en}"]
    for value in values:
        lines.append(f"  {_date(value)}  {_number(value)}")
    sources = sorted({v.source_id for v in values if v.source_id})
    lines += [f"  source: {source}" for source in sources]
    return lines


def _curated(title: str, records: Sequence[CuratedRecord], *, every: bool) -> list[str]:
    if not records:
        return []
    counts = Counter(r.via for r in records)
    parts = ", ".join(f"{n} {via}" for via, n in counts.items())
    lines = ["", f"{title}: {len(records)} ({parts})"]
    shown = records if every else records[:SHOWN_RECORDS]
    for record in shown:
        via = "" if record.via == "own" else f" [{record.via} {record.lg_code}]"
        lines.append(f"  {record.key}{via}: {record.title}")
    if len(shown) < len(records):
        lines.append(f"  … {len(records) - len(shown)} more (--all)")
    return lines


def _history(found: PlaceProfile) -> list[str]:
    if not found.code_history:
        return []
    lines = ["", f"Code history 廃置分合: {len(found.code_history)} change(s)"]
    for change in found.code_history:
        old = "、".join(change["old_names"]) or "–"
        new = "、".join(change["new_names"]) or "–"
        lines.append(f"  {change['date']} {change['kind']}: {old} → {new}")
    return lines
