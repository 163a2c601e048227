"""Read one curation file (TOML) into validated records with located evidence.

A curation file describes one source document: a ``[source]`` table with its
metadata, one array of tables per data table (``[[programs]]``, ``[[kpis]]`` …)
whose keys are the model's fields, and ``[[skipped]]`` entries for fact mentions
deliberately left out (see :mod:`release_builder.coverage`). Evidence is written as
``{ quote = "…" }``; ``start`` is needed only when the quote occurs more than
once in the text, and ``source_id`` only when it quotes another document. A
record lists under ``inferred`` the fields whose values the curator inferred rather than
read, and explains them (and any other judgment call) in ``curation_note``; both are
released, and the models check that every inferred name is a field of the record with a
value, and that a record with inferred fields has a note.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from jpdx.tablespec import SPECS, TableSet
from release_builder.errors import CurationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_SOURCE_ONLY_KEYS = ("text_file",)
# Program kinds that are documents rather than things that run: they carry no status.
_NOT_RUN = frozenset({"law", "policy_document"})


@dataclass(frozen=True)
class Skip:
    """A fact mention deliberately not curated, with the reason a reader can check."""

    mention: str
    reason: str
    start: int | None = None


@dataclass
class Curation:
    """Everything one curation file yields."""

    path: Path
    source_id: str
    text_file: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    skipped: list[Skip] = field(default_factory=list)


def format_validation_error(error: ValidationError) -> str:
    """One readable line per problem: ``field.path: message (got value)``."""
    lines = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "(record)"
        got = problem.get("input")
        shown = "" if isinstance(got, dict) else f" (got {got!r})"
        lines.append(f"{where}: {problem['msg']}{shown}")
    return "; ".join(lines)


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, naming the file and position on a syntax error."""
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except tomllib.TOMLDecodeError as error:
        raise CurationError(f"{path}: not valid TOML: {error}", value=str(path)) from error
    except OSError as error:
        raise CurationError(f"{path}: cannot read: {error}", value=str(path)) from error


def source_table(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The ``[source]`` table of a parsed curation file; it must have a string source_id."""
    source = data.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("source_id"), str):
        raise CurationError(f"{path}: needs a [source] table with a source_id", value=str(path))
    return source


def load_text(path: Path, seeds: Path) -> str:
    """The text named by the ``[source]`` table of a curation file, from the seeds folder."""
    name = source_table(path, read_toml(path)).get("text_file")
    if not isinstance(name, str) or not name or Path(name).name != name or "\x00" in name:
        raise CurationError(
            f"{path}: [source] text_file must be the file name of the source text in the "
            f"seeds folder, got {name!r}",
            value=name,
        )
    text_path = seeds / name
    try:
        data = text_path.read_bytes()
    except OSError as error:
        raise CurationError(
            f"{path}: source text {name} not found in {seeds} ({error.strerror})", value=name
        ) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CurationError(f"{text_path}: not UTF-8 text: {error}", value=name) from error


def sha256_text(text: str) -> str:
    """SHA-256 of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def locate(quote: str, text: str, start: int | None) -> int:
    """The offset of ``quote`` in ``text``; ``start`` picks one of several occurrences.

    Raises ``ValueError`` with a message saying what to fix.
    """
    if not quote:
        raise ValueError("quote is empty")
    if start is not None:
        if text[start : start + len(quote)] == quote:
            return start
        found = _occurrences(quote, text)
        hint = f"; it occurs at {found[:5]}" if found else "; it does not occur in the text"
        raise ValueError(f"quote {quote!r} is not at start={start}{hint}")
    found = _occurrences(quote, text)
    if not found:
        raise ValueError(
            f"quote {quote!r} does not occur in the text (copy it verbatim, including "
            "stray spaces, line breaks and OCR slips)"
        )
    if len(found) > 1:
        raise ValueError(
            f"quote {quote!r} occurs {len(found)} times, at {found[:8]}; add start = N to pick one"
        )
    return found[0]


def _occurrences(quote: str, text: str) -> list[int]:
    positions, index = [], text.find(quote)
    while index != -1:
        positions.append(index)
        index = text.find(quote, index + 1)
    return positions


def _resolve_evidence(
    entries: Any, default_source: str, texts: dict[str, str], where: str
) -> list[dict[str, Any]]:
    if not isinstance(entries, list) or not entries:
        raise CurationError(f"{where}: evidence must be a non-empty list of {{ quote = ... }}")
    resolved = []
    for index, entry in enumerate(entries):
        here = f"{where}: evidence[{index}]"
        if not isinstance(entry, dict):
            raise CurationError(f'{here}: must be a table like {{ quote = "..." }}', value=entry)
        unknown = set(entry) - {"quote", "start", "source_id"}
        if unknown:
            raise CurationError(f"{here}: unknown keys {sorted(unknown)}", value=entry)
        quote, start = entry.get("quote"), entry.get("start")
        source_id = entry.get("source_id", default_source)
        if not isinstance(quote, str) or (start is not None and type(start) is not int):
            raise CurationError(f"{here}: quote must be a string and start an integer", value=entry)
        if not isinstance(source_id, str) or source_id not in texts:
            raise CurationError(
                f"{here}: unknown source_id {source_id!r}; known: {sorted(texts)}", value=entry
            )
        try:
            offset = locate(quote, texts[source_id], start)
        except ValueError as error:
            raise CurationError(f"{here}: {error}", value=quote) from error
        resolved.append(
            {"source_id": source_id, "quote": quote, "start": offset, "end": offset + len(quote)}
        )
    return resolved


def _validate(
    model: type[BaseModel],
    raw: dict[str, Any],
    where: str,
    default_source: str,
    texts: dict[str, str],
) -> dict[str, Any]:
    values = dict(raw)
    values["evidence"] = _resolve_evidence(raw.get("evidence"), default_source, texts, where)
    try:
        record = model.model_validate(values)
    except ValidationError as error:
        raise CurationError(f"{where}: {format_validation_error(error)}", value=raw) from error
    return record.model_dump(mode="python")


def record_tables(specs: TableSet) -> tuple[str, ...]:
    """The tables a curation file may hold records of (``[[programs]]`` …)."""
    return tuple(s.name for s in specs if s.curated and s.name != "sources")


def read_curation(path: Path, texts: dict[str, str], specs: TableSet = SPECS) -> Curation:
    """Validate one curation file against the source texts (keyed by source_id)."""
    data = read_toml(path)
    tables = record_tables(specs)
    unknown = set(data) - {"source", "skipped", *tables}
    if unknown:
        raise CurationError(
            f"{path}: unknown top-level keys {sorted(unknown)}; valid: "
            f"{sorted({'source', 'skipped', *tables})}",
            value=sorted(unknown),
        )
    source = source_table(path, data)
    source_id = source["source_id"]
    text = texts.get(source_id)
    if text is None:
        raise CurationError(f"{path}: no text loaded for source {source_id!r}", value=source_id)
    curation = Curation(path=path, source_id=source_id, text_file=source.get("text_file", ""))
    where = f"{path}: [source] source_id={source_id!r}"
    if source.get("text_sha256") != sha256_text(text):
        raise CurationError(
            f"{where}: text_sha256 {source.get('text_sha256')!r} does not match the text of "
            f"{curation.text_file} ({sha256_text(text)}); the source text changed or the "
            "wrong file is named",
            value=source.get("text_sha256"),
        )
    if source.get("text_chars") != len(text):
        raise CurationError(
            f"{where}: text_chars {source.get('text_chars')!r} but the text has {len(text)}",
            value=source.get("text_chars"),
        )
    source_values = {k: v for k, v in source.items() if k not in _SOURCE_ONLY_KEYS}
    curation.rows["sources"] = [
        _validate(specs["sources"].model, source_values, where, source_id, texts)
    ]
    for table in tables:
        entries = data.get(table, [])
        if not isinstance(entries, list):
            raise CurationError(f"{path}: {table} must be an array of tables [[{table}]]")
        key = specs[table].primary_key
        rows = []
        for index, raw in enumerate(entries):
            if not isinstance(raw, dict):
                raise CurationError(f"{path}: {table}[{index}] must be a table", value=raw)
            where = f"{path}: {table}[{index}] {key}={raw.get(key)!r}"
            row = _validate(specs[table].model, raw, where, source_id, texts)
            if table == "programs" and row.get("kind") in _NOT_RUN and row.get("status"):
                raise CurationError(
                    f"{where}: a {row['kind']} is issued, not run, so it has no status "
                    f"(got {row['status']!r}); its start_date says when it was issued",
                    value=raw,
                )
            rows.append(row)
        curation.rows[table] = rows
    curation.skipped = _read_skipped(path, data.get("skipped", []))
    return curation


_VAGUE_REASONS = frozenset(
    {"not needed", "unneeded", "irrelevant", "skip", "skipped", "n/a", "na", "none", "ignore", "-"}
)


def _read_skipped(path: Path, entries: Any) -> list[Skip]:
    if not isinstance(entries, list):
        raise CurationError(f"{path}: skipped must be an array of tables [[skipped]]")
    skipped = []
    for index, raw in enumerate(entries):
        where = f"{path}: skipped[{index}]"
        if not isinstance(raw, dict) or set(raw) - {"mention", "reason", "start"}:
            raise CurationError(
                f"{where}: must be {{ mention = ..., reason = ..., start = optional }}", value=raw
            )
        mention, reason, start = raw.get("mention"), raw.get("reason"), raw.get("start")
        if not isinstance(mention, str) or not mention:
            raise CurationError(f"{where}: mention must be the mention's text", value=raw)
        if (
            not isinstance(reason, str)
            or len(reason.strip()) < 12
            or reason.strip().lower() in _VAGUE_REASONS
        ):
            raise CurationError(
                f"{where}: mention {mention!r} needs a reason a reader can check (a sentence "
                f"saying why it is not a fact for these tables), got {reason!r}",
                value=raw,
            )
        if start is not None and type(start) is not int:
            raise CurationError(f"{where}: start must be an integer", value=raw)
        skipped.append(Skip(mention=mention, reason=reason.strip(), start=start))
    return skipped
