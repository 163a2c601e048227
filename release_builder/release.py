"""Build a data release: curation files + reference lists → Parquet tables + manifest.

The build is deterministic (rows sorted by primary key, no timestamps), writes
into a temporary folder and moves it into place only when every check passed (a
failure while moving it in or writing ``index.json`` puts the previous release and
index back), and refuses to change a release that has been published.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from jpdx.calver import calver_key
from jpdx.errors import CurationError
from jpdx.schema import table_schema
from jpdx.tablespec import PRIMARY_KEYS, TABLES, TableName
from release_builder.checks import Problem, relational_problems
from release_builder.coverage import Coverage, measure
from release_builder.curation import Curation, load_text, read_curation, read_toml, source_table
from release_builder.master import municipality_rows

SCHEMA_VERSION = 1
MASTER_FILE = Path("reference") / "mic_lg_codes.csv"
MANIFEST = "manifest.json"
INDEX = "index.json"


@dataclass
class Built:
    """Validated rows of every table, with the coverage of each source and the input hashes."""

    rows: dict[TableName, list[dict[str, Any]]]
    coverage: list[Coverage]
    inputs: dict[str, str]


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def curation_paths(sources: Path) -> list[Path]:
    """The curation files of a sources folder, in name order."""
    return sorted(sources.glob("*.toml"))


def load_texts(paths: list[Path], seeds: Path) -> dict[str, str]:
    """The source text of every curation file, keyed by source_id."""
    texts: dict[str, str] = {}
    owner: dict[str, Path] = {}
    for path in paths:
        source_id = source_table(path, read_toml(path))["source_id"]
        if source_id in owner:
            raise CurationError(
                f"{path}: source_id {source_id!r} is also used by {owner[source_id]}",
                value=source_id,
            )
        owner[source_id] = path
        texts[source_id] = load_text(path, seeds)
    return texts


def read_master(sources: Path) -> list[dict[str, Any]]:
    """The municipalities table from the MIC list under ``sources/reference``."""
    master_path = sources / MASTER_FILE
    try:
        master_text = master_path.read_text(encoding="utf-8")
    except OSError as error:
        raise CurationError(
            f"cannot read {master_path}: {error}", value=str(master_path)
        ) from error
    return municipality_rows(master_text, str(master_path))


def collect(sources: Path, seeds: Path) -> Built:
    """Read and check every input; raise :class:`CurationError` naming each problem."""
    paths = curation_paths(sources)
    if not paths:
        raise CurationError(f"no curation files (*.toml) in {sources}", value=str(sources))
    texts = load_texts(paths, seeds)
    curations = [read_curation(path, texts) for path in paths]
    rows: dict[TableName, list[dict[str, Any]]] = {t: [] for t in TABLES}
    rows["municipalities"] = read_master(sources)
    origin: dict[tuple[TableName, Any], list[Path]] = {}
    for curation in curations:
        for table, table_rows in curation.rows.items():
            rows[table].extend(table_rows)
            for row in table_rows:
                origin.setdefault((table, row[PRIMARY_KEYS[table]]), []).append(curation.path)
    problems = relational_problems(rows)
    if problems:
        lines = [f"{_files_of(p, origin)}: {p}" for p in problems]
        raise CurationError(
            f"{len(problems)} problem(s) across curation files:\n" + "\n".join(lines),
            value=lines,
        )
    coverage = [coverage_of(c, texts[c.source_id], curations) for c in curations]
    inputs = {str(MASTER_FILE): sha256_file(sources / MASTER_FILE)}
    for curation, path in zip(curations, paths, strict=True):
        inputs[path.name] = sha256_file(path)
        inputs[f"seeds/{curation.text_file}"] = hashlib.sha256(
            texts[curation.source_id].encode("utf-8")
        ).hexdigest()
    return Built(rows=rows, coverage=coverage, inputs=dict(sorted(inputs.items())))


def _files_of(problem: Problem, origin: Mapping[tuple[TableName, Any], list[Path]]) -> str:
    """The curation files holding a problem's records (every copy of a duplicate, every cycle member)."""
    keys = (problem.key, *problem.related)
    files = dict.fromkeys(path for key in keys for path in origin.get((problem.table, key), ()))
    return ", ".join(str(path) for path in files) or "reference"


def coverage_of(curation: Curation, text: str, curations: Sequence[Curation]) -> Coverage:
    """The coverage of one source by the evidence of every curation file quoting it."""
    spans = [
        (evidence["start"], evidence["end"])
        for other in curations
        for table_rows in other.rows.values()
        for row in table_rows
        for evidence in row["evidence"]
        if evidence["source_id"] == curation.source_id
    ]
    return measure(curation.source_id, text, spans, curation.skipped)


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def table_frame(table: TableName, rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """A table's rows as a frame with the model-derived schema, sorted by primary key."""
    schema = table_schema(table)
    plain = [{column: _plain(row.get(column)) for column in schema} for row in rows]
    return pl.DataFrame(plain, schema=schema, orient="row").sort(PRIMARY_KEYS[table])


def write_release(built: Built, version: str, releases: Path) -> Path:
    """Write ``releases/<version>/`` and record its manifest hash in ``releases/index.json``."""
    calver_key(version)
    index_path = releases / INDEX
    index = _read_index(index_path)
    releases.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=releases, prefix=f".{version}-") as tmp:
        staging = Path(tmp) / version
        staging.mkdir()
        tables: dict[str, dict[str, Any]] = {}
        for table in TABLES:
            frame = table_frame(table, built.rows[table])
            file_name = f"{table}.parquet"
            frame.write_parquet(staging / file_name, compression="zstd", statistics=True)
            tables[table] = {
                "file": file_name,
                "rows": frame.height,
                "sha256": sha256_file(staging / file_name),
            }
        manifest = {
            "release": version,
            "schema_version": SCHEMA_VERSION,
            "writer": f"polars {pl.__version__}",
            "tables": tables,
            "inputs": built.inputs,
            "coverage": {
                c.source_id: {
                    "mentions": len(c.mentions),
                    "covered": len(c.covered),
                    "skipped": len(c.skipped),
                    "unaccounted": len(c.unaccounted),
                }
                for c in built.coverage
            },
        }
        manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
        (staging / MANIFEST).write_bytes(manifest_bytes)
        manifest_sha = hashlib.sha256(manifest_bytes).hexdigest()
        entry = index.get(version)
        if entry and entry.get("published") and entry["manifest_sha256"] != manifest_sha:
            raise CurationError(
                f"release {version} was published on {entry['published']} and is immutable, "
                "but the inputs now build different files; build a new version instead "
                "(python -m release_builder --version YYYY.MM.PATCH)",
                value=version,
            )
        published = entry.get("published") if entry else None
        index[version] = {"manifest_sha256": manifest_sha, "published": published}
        target = releases / version
        previous = Path(tmp) / "previous"  # removed with the temporary folder
        if target.exists():
            target.rename(previous)
        staging.rename(target)
        try:
            _write_index(index_path, index)
        except BaseException:  # put the previous release back: old folder and old index
            shutil.rmtree(target)
            if previous.exists():
                previous.rename(target)
            raise
    return target


def publish(version: str, releases: Path, date: str) -> None:
    """Mark a built release as published on ``date``: from then on it may never change."""
    index_path = releases / INDEX
    index = _read_index(index_path)
    if version not in index:
        raise CurationError(f"release {version} has not been built", value=version)
    index[version]["published"] = index[version].get("published") or date
    _write_index(index_path, index)


def _read_index(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    releases: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["releases"]
    return releases


def _write_index(path: Path, index: Mapping[str, Mapping[str, Any]]) -> None:
    """Write the index atomically: a reader sees the old one or the new one, never a part."""
    ordered = dict(sorted(index.items(), key=lambda item: calver_key(item[0])))
    text = json.dumps({"schema_version": SCHEMA_VERSION, "releases": ordered}, indent=2) + "\n"
    staging = path.with_name(f".{path.name}.new")
    try:
        staging.write_text(text, encoding="utf-8")
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)
