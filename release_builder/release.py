"""Build a data release: curation files + reference lists → Parquet tables + manifest.

The build is deterministic (rows sorted by primary key, no timestamps), writes
into a temporary folder and moves it into place only when every check passed (a
failure while moving it in or writing ``index.json`` puts the previous release and
index back), and refuses to change a release that has been published.
"""

from __future__ import annotations

import enum
import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import TypeAdapter, ValidationError

from jpdx.calver import calver_key
from jpdx.models import SCHEMA_VERSION
from jpdx.release_format import (
    MANIFEST,
    IndexEntry,
    LookupEntry,
    Manifest,
    TableEntry,
    TablePart,
    aligned,
    dtype_name,
    sha256_bytes,
)
from jpdx.schema import table_schema
from jpdx.store import Store
from jpdx.tablespec import SPECS, TableSet, TableSpec
from release_builder import release_files
from release_builder.checks import Problem, relational_problems
from release_builder.coverage import Coverage, measure
from release_builder.curation import Curation, load_text, read_curation, read_toml, source_table
from release_builder.errors import CurationError
from release_builder.master import CORRECTIONS_FILE, municipality_rows, read_corrections
from release_builder.national import boundaries
from release_builder.national.registry import national_rows
from release_builder.national.tables import DATASETS_FILE
from release_builder.place_index import place_index

REFERENCE = Path("reference")
MASTER_FILE = REFERENCE / "mic_lg_codes.csv"


@dataclass
class Built:
    """Validated rows of every table, with the coverage of each source and the input hashes."""

    rows: dict[str, list[dict[str, Any]]]
    coverage: list[Coverage]
    inputs: dict[str, str]
    specs: TableSet = SPECS
    lookups: dict[str, bytes] = field(default_factory=dict)
    """Lookup files made from the reference files rather than the tables (the boundaries)."""
    superseded: dict[str, list[str]] = field(default_factory=dict)
    """By lg_code, readings and romaji the master's corrections replaced (still findable)."""


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
    corrections = read_corrections(sources / REFERENCE / CORRECTIONS_FILE)
    return municipality_rows(master_text, str(master_path), corrections)


def collect(sources: Path, seeds: Path, specs: TableSet = SPECS) -> Built:
    """Read and check every input; raise :class:`CurationError` naming each problem."""
    paths = curation_paths(sources)
    if not paths:
        raise CurationError(f"no curation files (*.toml) in {sources}", value=str(sources))
    texts = load_texts(paths, seeds)
    curations = [read_curation(path, texts, specs) for path in paths]
    rows: dict[str, list[dict[str, Any]]] = {spec.name: [] for spec in specs}
    rows["municipalities"] = read_master(sources)
    if (sources / REFERENCE / DATASETS_FILE).exists():  # the published tables vendored
        national = _national(sources / REFERENCE, specs)
        rows["municipalities"] = national.pop("municipalities")  # with sites and wards
        _validate_rows(specs, "municipalities", rows["municipalities"])
        for table, table_rows in national.items():
            rows[table].extend(table_rows)
    origin: dict[tuple[str, Any], list[Path]] = {}
    for curation in curations:
        for table, table_rows in curation.rows.items():
            rows[table].extend(table_rows)
            for row in table_rows:
                origin.setdefault((table, row[specs[table].primary_key]), []).append(curation.path)
    problems = relational_problems(rows, specs)
    if problems:
        lines = [f"{_files_of(p, origin)}: {p}" for p in problems]
        raise CurationError(
            f"{len(problems)} problem(s) across curation files:\n" + "\n".join(lines),
            value=lines,
        )
    coverage = [coverage_of(c, texts[c.source_id], curations) for c in curations]
    inputs = {
        path.relative_to(sources).as_posix(): sha256_file(path)
        for path in sorted((sources / REFERENCE).rglob("*"))
        if path.is_file() and path.name not in ("README.md", ".gitattributes")
    }
    for curation, path in zip(curations, paths, strict=True):
        inputs[path.name] = sha256_file(path)
        inputs[f"seeds/{curation.text_file}"] = hashlib.sha256(
            texts[curation.source_id].encode("utf-8")
        ).hexdigest()
    lookups = (
        _boundaries(sources / REFERENCE)
        if (sources / REFERENCE / boundaries.FOLDER).is_dir()
        else {}
    )
    superseded = read_corrections(sources / REFERENCE / CORRECTIONS_FILE).superseded(
        rows["municipalities"]
    )
    return Built(
        rows=rows,
        coverage=coverage,
        inputs=dict(sorted(inputs.items())),
        specs=specs,
        lookups=lookups,
        superseded=superseded,
    )


_BOUNDARIES: dict[tuple[tuple[str, str], ...], dict[str, bytes]] = {}


def _boundaries(reference: Path) -> dict[str, bytes]:
    """The boundary files (:mod:`release_builder.national.boundaries`), made once per process
    for the same reference files."""
    key = _reference_key(reference)
    if key not in _BOUNDARIES:
        _BOUNDARIES[key] = boundaries.boundary_files(reference)
    return _BOUNDARIES[key]


def _reference_key(reference: Path) -> tuple[tuple[str, str], ...]:
    """The reference files by content, wherever the folder is (tests build from copies)."""
    return tuple(
        (p.relative_to(reference).as_posix(), sha256_file(p))
        for p in sorted(reference.rglob("*"))
        if p.is_file()
    )


_NATIONAL: dict[tuple[Any, ...], dict[str, list[dict[str, Any]]]] = {}


def _national(reference: Path, specs: TableSet) -> dict[str, list[dict[str, Any]]]:
    """The national tables' rows, validated; imported once per process for the same files
    (tests build several releases from one checkout). Callers must not modify the rows."""
    files = _reference_key(reference)
    key = (files, tuple(specs))
    if key not in _NATIONAL:
        master = read_master(reference.parent)
        # every table the importers write (registry.IMPORTERS); municipalities: the MIC list's
        # rows with sites added and wards appended, checked by the caller
        imported = national_rows(reference, master, specs=specs)
        for table, rows in imported.items():
            if table not in ("sources", "municipalities"):
                _validate_rows(specs, table, rows)
        _NATIONAL[key] = imported
    return {table: list(rows) for table, rows in _NATIONAL[key].items()}


def _validate_rows(specs: TableSet, table: str, rows: list[dict[str, Any]]) -> None:
    """Validate imported rows against their model; name the first row that fails."""
    model: Any = specs[table].model
    try:
        TypeAdapter(list[model]).validate_python(rows)
    except ValidationError as error:
        first = error.errors()[0]
        index = first["loc"][0] if first["loc"] else "?"
        key = rows[index][specs[table].primary_key] if isinstance(index, int) else "?"
        raise CurationError(
            f"{table}[{specs[table].primary_key}={key!r}]: {first['loc'][1:]} {first['msg']}",
            value=key,
        ) from error


def _files_of(problem: Problem, origin: Mapping[tuple[str, Any], list[Path]]) -> str:
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


def table_frame(
    spec_name: str, rows: Sequence[Mapping[str, Any]], specs: TableSet = SPECS
) -> pl.DataFrame:
    """A table's rows as a frame with the model-derived schema, sorted by primary key."""
    spec = specs[spec_name]
    schema = table_schema(spec)
    if spec.curated:  # records dumped by the models: enums become their values
        # A row made without the models (a published table's sources row) takes the model's
        # default for a column it lacks, as its record would.
        defaults = {
            name: field.default
            for name, field in spec.model.model_fields.items()
            if not field.is_required()
        }
        rows = [
            {column: _plain(row.get(column, defaults.get(column))) for column in schema}
            for row in rows
        ]
    return pl.from_dicts(rows, schema=schema).sort(spec.primary_key)


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    """A table file as the builder writes it (zstd at :data:`ZSTD_LEVEL`, with statistics;
    deterministic)."""
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd", compression_level=ZSTD_LEVEL, statistics=True)
    return buffer.getvalue()


ZSTD_LEVEL = 19
"""The zstd level of the table files written from release 2026.12.2 on (earlier releases'
files were written at polars' default, 3): a third smaller, as fast to read, slower only to
build."""

_COMPATIBLE: set[tuple[str, Any]] = set()
"""(table file sha256, model) pairs whose rows validated: files never change, so once is enough."""


def compatibility_problems(
    releases: Path,
    version: str,
    frames: Mapping[str, pl.DataFrame],
    specs: TableSet,
    files: Mapping[str, str] | None = None,
) -> list[str]:
    """How a new release would break an earlier one of the same schema major.

    Within a major, every table of an earlier release must still be there, with every
    column it had, of the same type; every column the new schema adds must be optional;
    and the earlier release's rows must still validate as records of today's models
    (so no enum value was removed and no constraint tightened). ``files`` gives the sha256
    of each new table file: an earlier table stored in the same file is the new table itself,
    whose rows were validated already.
    """
    index = release_files.read_index(releases)
    if not index.releases:
        return []
    published = {v: e.manifest_sha256 for v, e in index.releases.items() if e.published}
    dates = {v: str(e.published) for v, e in index.releases.items() if e.published}
    store = Store(releases, specs, published, dates)
    problems: list[str] = []
    earlier = [v for v in store.versions() if calver_key(v) < calver_key(version)]
    for old in earlier:
        manifest = store.manifest(old)
        if manifest.schema_version != SCHEMA_VERSION:
            continue
        for table in sorted(manifest.tables):
            if table not in frames:
                problems.append(f"release {old} has table {table}, which {version} drops")
                continue
            old_schema = store.schema(table, old)
            new_schema = frames[table].schema
            for column, dtype in old_schema.items():
                if column not in new_schema:
                    problems.append(f"{table}.{column} of release {old} is dropped")
                elif not widens(dtype, new_schema[column]):
                    problems.append(
                        f"{table}.{column} changes type from {dtype_name(dtype)} "
                        f"(release {old}) to {dtype_name(new_schema[column])}"
                    )
            fields = specs[table].model.model_fields
            for column in new_schema:
                if column not in old_schema and fields[column].is_required():
                    problems.append(
                        f"{table}.{column} is new but required, so release {old} has no value"
                    )
            sha = store.entry(table, old).sha256
            if files and sha == files.get(table):
                continue  # the same file as the new release's table
            model: Any = specs[table].model
            if (sha, model) in _COMPATIBLE:
                continue  # these rows validated with this model already in this process
            try:
                TypeAdapter(list[model]).validate_python(store.frame(table, old).to_dicts())
                _COMPATIBLE.add((sha, model))
            except ValidationError as error:
                problems.append(
                    f"rows of {table} in release {old} no longer validate: "
                    f"{error.errors()[0]['loc']} {error.errors()[0]['msg']}"
                )
    return problems


def widens(old: pl.DataType, new: pl.DataType) -> bool:
    """Whether a column of type ``old`` reads as ``new`` without loss: the same type, or a
    struct with more fields (an earlier release's rows fill the ones they have)."""
    if isinstance(old, pl.List) and isinstance(new, pl.List):
        return widens(_inner(old), _inner(new))
    if isinstance(old, pl.Struct) and isinstance(new, pl.Struct):
        fields = {f.name: f.dtype for f in new.fields}
        return all(
            f.name in fields and widens(_dtype(f.dtype), _dtype(fields[f.name])) for f in old.fields
        )
    return dtype_name(old) == dtype_name(new)


def _inner(dtype: pl.List) -> pl.DataType:
    return _dtype(dtype.inner)


def _dtype(dtype: Any) -> pl.DataType:
    """A dtype as an instance (polars gives nested members as classes or instances)."""
    return dtype() if isinstance(dtype, type) else dtype  # type: ignore[no-any-return]


def table_parts(
    releases: Path,
    version: str,
    spec: TableSpec,
    frame: pl.DataFrame,
    columns: tuple[tuple[str, str], ...],
) -> list[tuple[bytes, int]]:
    """The files of a table stored in parts (:attr:`jpdx.tablespec.TableSpec.in_parts`), with
    their rows: each part of the newest earlier release's table whose rows this release has
    unchanged, byte for byte, then one new part of the other rows (in key order)."""
    key = spec.primary_key
    parts: list[tuple[bytes, int]] = []
    remaining = frame
    for part in _earlier_parts(releases, version, spec.name):
        data = (releases / part.path).read_bytes()
        if sha256_bytes(data) != part.sha256:
            break
        try:
            stored = aligned(pl.read_parquet(io.BytesIO(data)), columns)
        except pl.exceptions.PolarsError:
            break  # written with columns this release cannot hold: store its rows anew
        keys = stored.get_column(key).implode()
        same = remaining.filter(pl.col(key).is_in(keys))
        if same.height != stored.height or not same.equals(stored.sort(key)):
            break
        parts.append((data, stored.height))
        remaining = remaining.filter(~pl.col(key).is_in(keys))
    if remaining.height or not parts:
        parts.append((parquet_bytes(remaining), remaining.height))
    return parts


def _earlier_parts(releases: Path, version: str, table: str) -> tuple[TablePart, ...]:
    """The parts of a table in the newest release before ``version`` that has it."""
    index = release_files.read_index(releases)
    for old in reversed(index.versions):
        if calver_key(old) >= calver_key(version):
            continue
        manifest = Manifest.parse((releases / old / MANIFEST).read_bytes(), old, SPECS.primary_keys)
        if table in manifest.tables:
            return manifest.tables[table].parts
    return ()


def lookup_files(
    frames: Mapping[str, pl.DataFrame], superseded: Mapping[str, list[str]]
) -> dict[str, bytes]:
    """The lookup files of a release (:data:`jpdx.release_format.LOOKUPS`) from its tables
    and the spellings the master's corrections replaced."""
    return {
        "places": place_index(
            frames["municipalities"],
            frames.get("code_changes"),
            frames.get("indicator_values"),
            superseded,
        )
    }


def write_release(built: Built, version: str, releases: Path) -> Path:
    """Write release ``version`` into a releases folder (see :mod:`jpdx.release_format`).

    Refuses to change a published release, and a release that would make an earlier
    release of the same schema major unreadable as records (bump SCHEMA_VERSION for a
    breaking change).
    """
    calver_key(version)
    specs = built.specs
    frames = {spec.name: table_frame(spec.name, built.rows[spec.name], specs) for spec in specs}
    encoded = {  # a table in parts is encoded part by part below
        name: parquet_bytes(frame) for name, frame in frames.items() if not specs[name].in_parts
    }
    shas = {name: sha256_bytes(data) for name, data in encoded.items()}
    problems = compatibility_problems(releases, version, frames, specs, shas)
    if problems:
        raise CurationError(
            f"release {version} breaks schema version {SCHEMA_VERSION} of earlier releases:\n"
            + "\n".join(problems),
            value=problems,
        )
    files: dict[str, bytes] = {}
    tables: dict[str, TableEntry] = {}
    for name, frame in sorted(frames.items()):
        columns = tuple((c, dtype_name(t)) for c, t in frame.schema.items())
        if specs[name].in_parts:
            parts = table_parts(releases, version, specs[name], frame, columns)
        else:
            parts = [(encoded[name], frame.height)]
        for data, _ in parts:
            files[sha256_bytes(data)] = data
        tables[name] = TableEntry(
            tuple(TablePart(sha256_bytes(data), rows) for data, rows in parts),
            frame.height,
            columns,
        )
    lookups: dict[str, LookupEntry] = {}
    for name, data in sorted({**lookup_files(frames, built.superseded), **built.lookups}.items()):
        sha = sha256_bytes(data)
        files[sha] = data
        lookups[name] = LookupEntry(sha256=sha, bytes=len(data))
    manifest = Manifest(
        release=version,
        schema_version=SCHEMA_VERSION,
        writer=f"polars {pl.__version__}",
        tables=tables,
        lookups=lookups,
        inputs=built.inputs,
        coverage={
            c.source_id: {
                "mentions": len(c.mentions),
                "covered": len(c.covered),
                "skipped": len(c.skipped),
                "unaccounted": len(c.unaccounted),
            }
            for c in built.coverage
        },
    )

    def refuse(entry: IndexEntry | None, manifest_sha: str) -> None:
        if entry and entry.published and entry.manifest_sha256 != manifest_sha:
            raise CurationError(
                f"release {version} was published on {entry.published} and is immutable, "
                "but the inputs now build different files; build a new version instead "
                "(python -m release_builder --version YYYY.MM.PATCH)",
                value=version,
            )

    return release_files.write_release(releases, manifest, files, refuse)


def publish(version: str, releases: Path, date: str, pins: Path) -> None:
    """Mark a built release as published on ``date`` and pin its manifest hash in the
    package code (``pins``): from then on it may never change."""
    index = release_files.read_index(releases)
    if version not in index.releases:
        raise CurationError(f"release {version} has not been built", value=version)
    release_files.mark_published(releases, version, date)
    index = release_files.read_index(releases)
    published = {v: e for v, e in index.releases.items() if e.published}
    write_pins(
        pins,
        {v: e.manifest_sha256 for v, e in published.items()},
        {v: str(e.published) for v, e in published.items()},
    )


def write_pins(path: Path, pinned: Mapping[str, str], dates: Mapping[str, str]) -> None:
    """Write the published-release pins module (a docstring and two dicts: each release's
    manifest sha256 and its publication date)."""
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("PUBLISHED: dict[str, str] = {")]
    order = sorted(pinned, key=calver_key)
    hashes = "".join(f'    "{v}": "{pinned[v]}",\n' for v in order)
    days = "".join(f'    "{v}": "{dates[v]}",\n' for v in order)
    release_files.write_atomically(
        path,
        f"{head}PUBLISHED: dict[str, str] = {{\n{hashes}}}\n"
        f"PUBLISHED_ON: dict[str, str] = {{\n{days}}}\n".encode(),
    )
