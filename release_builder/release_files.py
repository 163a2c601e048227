"""The release format, written: the writing half of :mod:`jpdx.release_format`.

Writing is atomic: files appear whole or not at all, and a failed release write leaves the
previous state in place. Output is deterministic (sorted keys, no timestamps).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jpdx.release_format import (
    INDEX,
    INDEX_FORMAT,
    MANIFEST,
    MANIFEST_FORMAT,
    Index,
    IndexEntry,
    LookupEntry,
    Manifest,
    TableEntry,
    TablePart,
    lookup_file,
    sha256_bytes,
    table_file,
)


def index_bytes(index: Index) -> bytes:
    """``index.json`` as the builder writes it (releases oldest first)."""
    ordered = {
        version: {
            "manifest_sha256": index.releases[version].manifest_sha256,
            "published": index.releases[version].published,
        }
        for version in index.versions
    }
    text = json.dumps({"schema_version": INDEX_FORMAT, "releases": ordered}, indent=2)
    return f"{text}\n".encode()


def manifest_bytes(manifest: Manifest) -> bytes:
    """A manifest as the builder writes it (the newest format, deterministic)."""
    if manifest.format != MANIFEST_FORMAT:
        raise ValueError(f"only manifest format {MANIFEST_FORMAT} is written")
    document = {
        "format": manifest.format,
        "release": manifest.release,
        "schema_version": manifest.schema_version,
        "writer": manifest.writer,
        "tables": {name: _table(entry) for name, entry in sorted(manifest.tables.items())},
        "lookups": {
            name: {"sha256": entry.sha256, "bytes": entry.bytes}
            for name, entry in sorted(manifest.lookups.items())
        },
        "inputs": dict(sorted(manifest.inputs.items())),
        "coverage": {k: dict(v) for k, v in sorted(manifest.coverage.items())},
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def _table(entry: TableEntry) -> dict[str, Any]:
    """A table's manifest entry: its file's sha256, or the parts it is stored in."""
    columns = [{"name": c, "type": t} for c, t in entry.columns or ()]
    if len(entry.parts) == 1:
        return {"sha256": entry.parts[0].sha256, "rows": entry.rows, "columns": columns}
    parts = [{"sha256": part.sha256, "rows": part.rows} for part in entry.parts]
    return {"rows": entry.rows, "columns": columns, "parts": parts}


def read_index(releases: Path) -> Index:
    """The index of a releases folder (empty when there is none yet)."""
    path = releases / INDEX
    if not path.exists():
        return Index({})
    return Index.parse(path.read_bytes())


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so that a reader sees the old content or the new, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.new")
    try:
        staging.write_bytes(data)
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)


def write_release(
    releases: Path,
    manifest: Manifest,
    files: Mapping[str, bytes],
    refuse: Callable[[IndexEntry | None, str], None] = lambda entry, sha: None,
) -> Path:
    """Add (or replace) release ``manifest.release`` in a releases folder.

    ``files`` maps each table's and lookup's sha256 to its bytes; files already stored are kept as they
    are (they are identical by content). ``refuse(entry, manifest_sha256)`` may raise to stop
    the write, e.g. when the release is published and would change. If writing the index
    fails, the previous manifest and index are put back; table files added on the way are
    removed unless another release uses them. When the release replaces an earlier build of
    itself, the table files only that build used are removed.
    """
    version = manifest.release
    written = manifest_bytes(manifest)
    manifest_sha = sha256_bytes(written)
    index = read_index(releases)
    refuse(index.releases.get(version), manifest_sha)
    entries: list[TablePart | LookupEntry] = [
        *(part for table in manifest.tables.values() for part in table.parts),
        *manifest.lookups.values(),
    ]
    for entry in entries:
        if sha256_bytes(files[entry.sha256]) != entry.sha256:
            raise ValueError(f"the bytes given for data file {entry.sha256} do not match it")
    added: list[Path] = []
    folder = releases / version
    previous_manifest = (folder / MANIFEST).read_bytes() if (folder / MANIFEST).exists() else None
    try:
        for entry in entries:
            target = releases / entry.path
            if not target.exists():
                write_atomically(target, files[entry.sha256])
                added.append(target)
        write_atomically(folder / MANIFEST, written)
        published = index.releases[version].published if version in index.releases else None
        releases_after = dict(index.releases)
        releases_after[version] = IndexEntry(manifest_sha, published)
        write_atomically(releases / INDEX, index_bytes(Index(releases_after)))
    except BaseException:
        if previous_manifest is None:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            write_atomically(folder / MANIFEST, previous_manifest)
        for path in added:
            path.unlink(missing_ok=True)
        raise
    if previous_manifest is not None:
        used = set().union(*(_table_files(releases / v / MANIFEST) for v in releases_after))
        for unused in _table_files(previous_manifest) - used:
            (releases / unused).unlink(missing_ok=True)
    return folder


def _table_files(manifest: bytes | Path) -> set[str]:
    """The data files (relative to the releases folder) a written manifest references."""
    data = manifest if isinstance(manifest, bytes) else manifest.read_bytes()
    document = json.loads(data)
    return {
        table_file(part["sha256"])
        for entry in document["tables"].values()
        for part in entry.get("parts", [entry])
    } | {lookup_file(entry["sha256"]) for entry in document.get("lookups", {}).values()}


def mark_published(releases: Path, version: str, date: str) -> IndexEntry:
    """Record in the index that a release was published on ``date`` (kept if already set)."""
    index = read_index(releases)
    entry = index.releases[version]
    marked = IndexEntry(entry.manifest_sha256, entry.published or date)
    write_atomically(releases / INDEX, index_bytes(Index({**index.releases, version: marked})))
    return marked
